//! The one place output files are written.
//!
//! The engine hands every file it makes to an [`Output`]: a [`Staging`]
//! folder for a whole new output (`build`, the first build of
//! `build --watch`), or an [`Update`] of an output folder already there
//! (later rebuilds of `build --watch`), or a [`Held`] update, which keeps
//! a rebuild's files in memory for `serve` to serve before they are
//! written into its private folder. Either way nothing reaches the output
//! until [`Staging::commit`] or [`Update::commit`]: a failed build leaves
//! the output as it was.

mod held;
mod remove;
mod staging;
mod update;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::bail;

pub use held::{Held, HeldFiles, InMemory};
pub use staging::{refuse_foreign, Staging};
pub(crate) use update::Replaced;
pub use update::Update;

/// Where rendered files go. `rel_path` is relative to the output root and
/// uses `/` (`organizations/xiaocao/index.html`). Called from many
/// threads at once.
pub trait Output: Sync {
    /// Writes a file (new or changed).
    fn put(&self, rel_path: &str, bytes: &[u8]) -> io::Result<()>;
    /// Writes a file that `fill` makes piece by piece. An output on disk
    /// streams it to the file; by default it is gathered and [`Output::put`].
    fn put_with(
        &self,
        rel_path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.put(rel_path, &bytes)
    }
    /// The file at `rel_path` as the output holds it before this build
    /// (None for a new output, or when it has no such file).
    fn previous(&self, _rel_path: &str) -> Option<fs::File> {
        None
    }
    /// Removes a file the output no longer has.
    fn remove(&self, rel_path: &str) -> io::Result<()>;
    /// The files the output holds before this build, by path (none for a
    /// new output). Files whose names are not UTF-8 are left out: no
    /// build writes them.
    fn listed(&self) -> io::Result<Vec<String>> {
        Ok(Vec::new())
    }
}

/// A number standing for the path of an output file: a 64-bit hash of it.
/// What the engine and `serve` keep of the paths of a site's files.
pub fn path_key(rel_path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(rel_path.as_bytes())
}

/// The files under `root`, by path relative to it with `/` between
/// folders; links are not followed.
fn list_files(root: &Path) -> io::Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.map_err(io::Error::from)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        if let Some(parts) = parts {
            files.push(parts.join("/"));
        }
    }
    Ok(files)
}

/// The path of an output file, refused when it would leave the output.
fn checked(rel_path: &str) -> io::Result<&Path> {
    let rel = Path::new(rel_path);
    let inside =
        !rel_path.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if inside {
        Ok(rel)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            t!("output-outside", path = rel_path),
        ))
    }
}

/// Refuses output folders that would swallow the site's own files.
pub fn check_output_dir(site_root: &Path, output: &Path) -> anyhow::Result<()> {
    let root = fs::canonicalize(site_root).unwrap_or_else(|_| site_root.to_path_buf());
    let out = absolute(output);
    if root.starts_with(&out) {
        bail!(t!("output-holds-site", dir = output));
    }
    for keep in ["content", "themes", "src"] {
        if out.starts_with(root.join(keep)) {
            bail!(t!("output-inside-site", dir = output, folder = keep));
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    // Not created yet: resolve its parent.
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary folder holding an empty output folder `name`, for the
    /// tests of this module's writers.
    pub(super) fn temp_output(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join(name);
        fs::create_dir_all(&target).expect("mkdir");
        (dir, target)
    }

    /// The text of the file at `path`.
    pub(super) fn text(path: impl AsRef<Path>) -> String {
        fs::read_to_string(path).expect("a readable file")
    }

    #[test]
    fn refuses_output_over_the_site() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join("content")).expect("mkdir");
        assert!(check_output_dir(dir.path(), dir.path()).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content/x")).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("public")).is_ok());
    }

    #[test]
    fn an_update_lists_the_files_its_folder_holds_by_relative_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("a/b")).expect("mkdir");
        fs::create_dir_all(out.join("empty")).expect("mkdir");
        fs::write(out.join("index.html"), "x").expect("write");
        fs::write(out.join("a/b/页.html"), "x").expect("write");
        let update = Update::open(&out).expect("update");
        // What the update puts is not in the folder yet.
        update.put("new.html", b"x").expect("put");
        let mut listed = update.listed().expect("list");
        listed.sort();
        assert_eq!(listed, ["a/b/页.html", "index.html"]);
        assert!(Staging::create(&dir.path().join("fresh"))
            .expect("staging")
            .listed()
            .expect("list")
            .is_empty());
    }

    #[test]
    fn path_keys_tell_paths_apart() {
        assert_eq!(path_key("a/index.html"), path_key("a/index.html"));
        assert_ne!(path_key("a/index.html"), path_key("b/index.html"));
        assert_ne!(path_key("a/index.html"), path_key("a/index.htm"));
    }
}
