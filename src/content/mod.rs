//! Walking `content/` and parsing every record file into its raw form.
//!
//! This phase knows the site layout and the two record formats (`ID.yaml`,
//! `ID.md` with front matter) but nothing about what fields mean: that is
//! the model's job. A collection's files are listed in a fixed order and
//! parsed in parallel, a chunk at a time, each record handed on in that
//! order ([`Reader`]), so everything downstream is deterministic.

mod front_matter;
mod lint;
pub(crate) mod raw;
mod reader;

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::{Body, MarkdownOptions};
use crate::yaml::{self, YamlText};

use front_matter::{split_front_matter, Split};

pub(crate) use raw::*;
pub(crate) use reader::{load_content, read_for_problems, Reader};

/// What marks a character an import lost or found garbled (`import
/// article` writes it): a record may not keep one.
pub const LOST: char = '〓';

/// What `yizhan new` writes for a field only the editor can fill in: a
/// record may not keep it.
pub(crate) const PLACEHOLDER: &str = "待填写";

/// One record file, read and split.
#[derive(Clone, Debug)]
pub(crate) struct Record<T> {
    pub id: String,
    /// Path relative to the site root, e.g. `content/venues/a.md`.
    pub file: PathBuf,
    /// The file's text up to the end of its YAML (the body is in `body`).
    pub text: Arc<str>,
    /// Where the YAML sits in `text`.
    pub yaml_start: usize,
    pub yaml_end: usize,
    pub yaml_line_offset: usize,
    pub body: RawBody,
    pub raw: T,
}

/// The Markdown body of a record file.
#[derive(Clone, Debug)]
pub(crate) enum RawBody {
    /// A YAML record: its text, if any, is its `description`.
    None,
    /// A story's source, held: the names in it are linked when it
    /// converts, once every name of the directory is known.
    Held(String),
    /// Rendered when read, the source put in the spill file (see
    /// [`crate::markdown::Body`]): the raw site is never held whole.
    Read(crate::markdown::Body),
}

impl<T> Record<T> {
    /// Whether the record is a `.md` file with a body (which may be empty).
    pub(crate) fn has_body(&self) -> bool {
        !matches!(self.body, RawBody::None)
    }

    pub(crate) fn yaml(&self) -> YamlText<'_> {
        YamlText::new(
            &self.text[self.yaml_start..self.yaml_end],
            self.yaml_line_offset,
        )
    }
}

/// Every record of the directory in raw form (organizations, venues,
/// brands, services).
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub organizations: Vec<Record<RawOrganization>>,
    pub venues: Vec<Record<RawVenue>>,
    pub brands: Vec<Record<RawBrand>>,
    pub services: Vec<Record<RawService>>,
    /// The ids of record files that could not be read (broken YAML, a
    /// value of the wrong type), by collection: the records exist, so
    /// references to them are not reported as well.
    pub broken: std::collections::BTreeMap<&'static str, Vec<String>>,
}

/// The collections, as folder names under `content/`.
pub(crate) const COLLECTIONS: [&str; 6] = [
    "organizations",
    "venues",
    "brands",
    "services",
    "news",
    "pages",
];

/// One record file read on its own, in the collection its folder names.
pub(crate) enum AnyRecord {
    Organization(Record<RawOrganization>),
    Venue(Record<RawVenue>),
    Brand(Record<RawBrand>),
    Service(Record<RawService>),
    News(Record<RawNews>),
    Page(Record<RawPage>),
}

/// What reading one record file gave: its text (None when it is gone),
/// the record (None when it is gone or broken) and its problems.
pub(crate) struct OneRecord {
    /// Path relative to the site root.
    pub file: PathBuf,
    pub text: Option<Arc<str>>,
    pub record: Option<AnyRecord>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether `path` is where [`load_content`] would look for a record:
/// a `.md`, `.yaml` or `.yml` file, not hidden, below a collection folder.
/// Returns the collection's name.
pub(crate) fn record_collection(content_dir: &Path, path: &Path) -> Option<&'static str> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let mut parts = rel.components();
    let top = parts.next()?.as_os_str().to_str()?;
    let name = COLLECTIONS.into_iter().find(|c| *c == top)?;
    if rel.components().skip(1).any(|c| is_hidden(c.as_os_str())) || parts.next().is_none() {
        return None;
    }
    match path.extension().and_then(OsStr::to_str) {
        Some("md" | "yaml" | "yml") => Some(name),
        _ => None,
    }
}

/// Reads and parses one record file as [`load_content`] does, or None when
/// the path is not a record's (see [`record_collection`]).
pub(crate) fn read_one(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    opts: MarkdownOptions,
) -> Option<OneRecord> {
    fn one<T: DeserializeOwned>(
        (root, content_dir, path, opts): (&Path, &Path, &Path, MarkdownOptions),
        hold_body: bool,
        wrap: fn(Record<T>) -> AnyRecord,
    ) -> OneRecord {
        let r = read_record::<T>(root, content_dir, path, opts, hold_body);
        OneRecord {
            file: r.file,
            text: r.text,
            record: r.record.map(wrap),
            diagnostics: r.diagnostics,
        }
    }
    let at = (root, content_dir, path, opts);
    Some(match record_collection(content_dir, path)? {
        "organizations" => one(at, false, AnyRecord::Organization),
        "venues" => one(at, false, AnyRecord::Venue),
        "brands" => one(at, false, AnyRecord::Brand),
        "services" => one(at, false, AnyRecord::Service),
        "news" => one(at, true, AnyRecord::News),
        _ => one(at, false, AnyRecord::Page),
    })
}

/// The record files of a collection ([`record_files`]).
pub(super) struct Listed {
    pub(super) files: Vec<PathBuf>,
    /// The files listed that were not ordinary files (links, FIFOs),
    /// sorted: they are read by their paths ([`crate::readfile::text`]),
    /// the others as listed ([`crate::readfile::listed_text`]).
    pub(super) not_plain: Vec<PathBuf>,
}

/// Record files of one collection, sorted. Hidden files, editor swap and
/// backup files are skipped silently; other stray files get a warning. A
/// symbolic link or a special file (a FIFO, a device) named as a record
/// is listed, for [`read_record`] to refuse with its reason; one named
/// otherwise is an error when it leads out of `content/`.
pub(super) fn record_files(
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
    root: &Path,
    content_dir: &Path,
) -> Listed {
    let mut files = Vec::new();
    let mut not_plain = Vec::new();
    let mut strays = Vec::new();
    // Walked in the folders' own order and sorted once at the end: sorted
    // folder by folder by the walk, each comparison took the names out of
    // the paths again (a tenth of a second for 30,000 services).
    for entry in WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            continue;
        }
        let is_record = matches!(
            entry.path().extension().and_then(OsStr::to_str),
            Some("md" | "yaml" | "yml")
        );
        if is_record {
            if !entry.file_type().is_file() {
                not_plain.push(entry.path().to_path_buf());
            }
            files.push(entry.into_path());
        } else if !is_editor_litter(entry.file_name()) {
            strays.push(entry.into_path());
        }
    }
    // The order of a walk sorted by name: paths compare by their parts.
    files.par_sort_unstable();
    not_plain.sort_unstable();
    strays.sort_unstable();
    for path in strays {
        diags.push(match crate::readfile::leaves(&path, content_dir) {
            Some(target) => Diagnostic::error(
                &relative(root, &path),
                Position::new(1, 1, 1),
                crate::readfile::ReadError::Outside(target).msg(),
            ),
            None => Diagnostic::warning(
                &relative(root, &path),
                Position::new(1, 1, 1),
                msg!("not-a-record"),
            ),
        });
    }
    Listed { files, not_plain }
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Files editors leave beside the ones they edit: backups (`a.md~`), swap
/// files, temp files of save-by-rename, emacs autosaves (`#a.md#`) and vim's
/// write test (`4913`). They are never records and never worth a rebuild.
pub(crate) fn is_editor_litter(name: &OsStr) -> bool {
    let n = name.to_string_lossy();
    n.ends_with('~')
        || n.ends_with(".swp")
        || n.ends_with(".swx")
        || n.ends_with(".tmp")
        || n.starts_with('#')
        || n == "4913"
}

/// Whether a changed path can affect the site: under content/ or themes/,
/// and not an editor's swap, backup or temp file.
pub(crate) fn is_site_file(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts = rel.components();
    let top_ok =
        matches!(parts.next(), Some(Component::Normal(d)) if d == "content" || d == "themes");
    if !top_ok {
        return false;
    }
    let hidden = rel
        .components()
        .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
    let litter = rel.file_name().is_some_and(is_editor_litter);
    !hidden && !litter
}

pub(crate) fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

pub(crate) struct FileResult<T> {
    pub file: PathBuf,
    pub text: Option<Arc<str>>,
    pub record: Option<Record<T>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> FileResult<T> {
    pub(crate) fn new(file: PathBuf) -> Self {
        FileResult {
            file,
            text: None,
            record: None,
            diagnostics: Vec::new(),
        }
    }

    /// Whether the file was not there to read (see [`read_record`]).
    pub(super) fn vanished(&self) -> bool {
        self.text.is_none() && self.diagnostics.is_empty()
    }
}

/// Reads one record file. A story's body is held (`hold_body`); any other
/// `.md` body is rendered now and put in the spill file.
pub(super) fn read_record<T: DeserializeOwned>(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    opts: MarkdownOptions,
    hold_body: bool,
) -> FileResult<T> {
    read_record_as::<T>(root, content_dir, (path, false), opts, hold_body)
}

/// [`read_record`] of `(path, listed)`: `listed` when a listing of its
/// folder has just found it an ordinary file ([`Listed`]).
pub(super) fn read_record_as<T: DeserializeOwned>(
    root: &Path,
    content_dir: &Path,
    (path, listed): (&Path, bool),
    opts: MarkdownOptions,
    hold_body: bool,
) -> FileResult<T> {
    let file = relative(root, path);
    let mut result = FileResult::new(file.clone());
    let read = match listed {
        true => crate::readfile::listed_text(path, Some(content_dir)),
        false => crate::readfile::text(path, Some(content_dir)),
    };
    let text: Arc<str> = match read {
        Ok(s) => Arc::from(s),
        // Not there: a record removed, when the watcher named it; when it
        // was listed, one deleted or renamed since (the caller tells).
        Err(crate::readfile::ReadError::NotFound) => return result,
        Err(e) => {
            result
                .diagnostics
                .push(Diagnostic::error(&file, Position::new(1, 1, 1), e.msg()));
            return result;
        }
    };
    read_text(result, path, text, opts, hold_body)
}

/// [`read_record`] once the file is read: `text` is its content, without
/// a byte order mark.
pub(crate) fn read_text<T: DeserializeOwned>(
    mut result: FileResult<T>,
    path: &Path,
    text: Arc<str>,
    opts: MarkdownOptions,
    hold_body: bool,
) -> FileResult<T> {
    let file = result.file.clone();
    result.text = Some(text.clone());
    let Some(id) = check_id(&file, path, &mut result.diagnostics) else {
        return result;
    };
    let is_md = path.extension().and_then(OsStr::to_str) == Some("md");
    let split = if is_md {
        match split_front_matter(&text) {
            Some(s) => s,
            None => {
                result.diagnostics.push(Diagnostic::error(
                    &file,
                    Position::new(1, 1, 3),
                    msg!("no-front-matter"),
                ));
                return result;
            }
        }
    } else {
        Split {
            yaml_start: 0,
            yaml_end: text.len(),
            line_offset: 0,
            body: None,
            unclosed: false,
        }
    };
    let yaml = YamlText::new(&text[split.yaml_start..split.yaml_end], split.line_offset);
    let parsed = yaml::parse::<T>(&file, yaml);
    if split.unclosed && parsed.value.is_none() {
        // The text after the fields was read as YAML: the error is the
        // missing line, not what the YAML reader stumbled on in the text.
        result.diagnostics.push(Diagnostic::error(
            &file,
            Position::new(1, 1, 3),
            msg!("unclosed-front-matter"),
        ));
        return result;
    }
    result.diagnostics.extend(parsed.diagnostics);
    lint::lint(&file, &text, split.body, opts, &mut result.diagnostics);
    if let Some(raw) = parsed.value {
        let body = match split.body {
            None => RawBody::None,
            Some(body) if hold_body => RawBody::Held(body.to_owned()),
            Some(body) => RawBody::Read(Body::in_file(body, opts)),
        };
        result.record = Some(Record {
            id,
            file,
            yaml_start: split.yaml_start,
            yaml_end: split.yaml_end,
            yaml_line_offset: split.line_offset,
            body,
            text: Arc::from(&text[..split.yaml_end]),
            raw,
        });
    }
    result
}

/// The id is the file stem and must be an ASCII slug.
fn check_id(file: &Path, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let stem = path.file_stem().and_then(OsStr::to_str).unwrap_or_default();
    if crate::slug::is_valid_id(stem) {
        return Some(stem.to_string());
    }
    let suggestion = crate::slug::record_id(stem);
    diags.push(Diagnostic::error(
        file,
        Position::new(1, 1, 1),
        msg!(
            "bad-file-name",
            stem = stem,
            suggestion = suggestion,
            extension = path.extension().and_then(OsStr::to_str).unwrap_or("md")
        ),
    ));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_records_and_reports_bad_names_and_yaml() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = dir.path().join("content/organizations/sub");
        std::fs::create_dir_all(&c).expect("mkdir");
        std::fs::write(c.join("xiaocao.md"), "---\nname: 小草\n---\n正文\n").expect("write");
        std::fs::write(c.join("小草.yaml"), "name: 小草\n").expect("write");
        std::fs::write(c.join("bad.yaml"), "name: [\n").expect("write");
        std::fs::write(c.join(".hidden.yaml"), "x").expect("write");
        std::fs::write(c.join("a.yaml~"), "x").expect("write");
        let (content, diags, _) = load_content(
            dir.path(),
            &dir.path().join("content"),
            MarkdownOptions::default(),
        );
        assert_eq!(content.organizations.len(), 1);
        let r = &content.organizations[0];
        assert_eq!(r.id, "xiaocao");
        assert_eq!(r.raw.name.as_deref(), Some("小草"));
        match &r.body {
            RawBody::Read(body) => {
                assert_eq!(body.html().expect("the file is as read"), "<p>正文</p>\n");
            }
            other => panic!("a body rendered when read, not {other:?}"),
        }
        assert_eq!(
            &*r.text, "---\nname: 小草\n",
            "the text up to the YAML's end"
        );
        let files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            files,
            vec![
                "content/organizations/sub/bad.yaml",
                "content/organizations/sub/小草.yaml"
            ]
        );
        assert!(diags[1]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("xiaocao.yaml"));
    }

    /// Files come as a walk sorted by name gives them: a folder's files
    /// before those of a folder named after it, and stray files are
    /// reported in the same order, whatever order the system lists them in.
    #[test]
    fn record_files_are_listed_in_the_order_of_their_names_folder_by_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = dir.path().join("content/services");
        for sub in ["b", "a/z", "a-b"] {
            std::fs::create_dir_all(c.join(sub)).expect("mkdir");
        }
        for file in [
            "b/k.md",
            "a.md",
            "a/z/x.yaml",
            "a/y.yml",
            "a-b/c.md",
            "b.md",
            "a/z.txt",
            "0.txt",
        ] {
            std::fs::write(c.join(file), "name: x\n").expect("write");
        }
        let mut diags = Vec::new();
        let files = record_files(&c, &mut diags, dir.path(), &dir.path().join("content")).files;
        let rel: Vec<String> = files
            .iter()
            .map(|f| relative(&c, f).display().to_string())
            .collect();
        assert_eq!(
            rel,
            [
                "a/y.yml",
                "a/z/x.yaml",
                "a-b/c.md",
                "a.md",
                "b/k.md",
                "b.md"
            ]
        );
        let strays: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            strays,
            ["content/services/0.txt", "content/services/a/z.txt"]
        );
    }

    #[test]
    fn a_file_not_there_is_no_record_and_no_problem_of_its_own() {
        let dir = tempfile::tempdir().expect("tempdir");
        let gone = dir.path().join("content/venues/gone.md");
        let r: FileResult<RawVenue> = read_record(
            dir.path(),
            dir.path(),
            &gone,
            MarkdownOptions::default(),
            false,
        );
        assert!(r.record.is_none());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(r.vanished());
    }
}

#[cfg(test)]
mod site_file_tests {
    use super::*;

    #[test]
    fn editor_litter_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        assert!(is_site_file(root, Path::new("/site/content/venues/a.md")));
        assert!(is_site_file(
            root,
            Path::new("/site/themes/default/templates/base.html")
        ));
        for p in [
            "/site/content/venues/.a.md.swp",
            "/site/content/venues/a.md~",
            "/site/content/venues/4913",
            "/site/content/.git/index",
            "/site/public/index.html",
            "/site/target/debug/x",
            "/site/content/venues/#a.md#",
        ] {
            assert!(!is_site_file(root, Path::new(p)), "{p}");
        }
    }
}
