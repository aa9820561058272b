//! Reading the site's own files within bounds.
//!
//! Everything yizhan reads from `content/` comes through here: the file
//! must be an ordinary file (not a FIFO, a device or a socket, which could
//! block a read for ever or never end), no larger than [`MAX_FILE_BYTES`],
//! and, when it is reached through a symbolic link, the link must stay
//! inside `content/`. A file that breaks a rule is refused before a byte
//! of it is read, with a [`ReadError`] that says which rule and why.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::i18n::Msg;

/// The largest text file read: a record, `site.yaml` or `areas.yaml`.
/// A story is a few dozen kilobytes, and an `areas.yaml` of every
/// community of a province a few megabytes.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadError {
    NotFound,
    /// Larger than [`MAX_FILE_BYTES`]; its size in bytes.
    TooLarge(u64),
    /// A FIFO, a device, a socket or a folder: what it is.
    NotAFile(&'static str),
    /// A symbolic link to a place outside `content/`.
    Outside(PathBuf),
    NotUtf8(usize),
    Io(std::io::Error),
}

impl ReadError {
    /// The message an editor reads.
    pub(crate) fn msg(&self) -> Msg {
        match self {
            ReadError::NotFound => msg!(
                "unreadable-file",
                error = std::io::Error::from(std::io::ErrorKind::NotFound).to_string()
            ),
            ReadError::TooLarge(size) => msg!(
                "file-too-large",
                size = size.div_ceil(1024 * 1024),
                limit = MAX_FILE_BYTES / (1024 * 1024)
            ),
            ReadError::NotAFile(kind) => msg!("not-a-regular-file", kind = *kind),
            ReadError::Outside(target) => {
                msg!("link-leaves-content", target = target.display().to_string())
            }
            ReadError::NotUtf8(offset) => msg!("not-utf8", offset = *offset),
            ReadError::Io(e) => msg!("unreadable-file", error = e.to_string()),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg().message)
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            ReadError::NotFound
        } else {
            ReadError::Io(e)
        }
    }
}

/// What a file that is not an ordinary one is, in words for the message.
fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    let ty = meta.file_type();
    if ty.is_file() {
        return None;
    }
    if ty.is_dir() {
        return Some("folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ty.is_fifo() {
            return Some("fifo");
        }
        if ty.is_socket() {
            return Some("socket");
        }
        if ty.is_block_device() || ty.is_char_device() {
            return Some("device");
        }
    }
    Some("other")
}

/// Where a symbolic link at `path` leads, when that is outside `within`
/// (itself resolved, so a `content/` that is a link is fine).
pub(crate) fn leaves(path: &Path, within: &Path) -> Option<PathBuf> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    // A dangling link or a loop leads nowhere readable: it is reported
    // when read.
    let target = std::fs::canonicalize(path).ok()?;
    let base = std::fs::canonicalize(within).unwrap_or_else(|_| within.to_path_buf());
    (!target.starts_with(&base)).then_some(target)
}

/// Why the file at `path` (followed if a link) cannot be read as an
/// ordinary file: it is a FIFO, a device, a socket; None for an ordinary
/// file, a folder or nothing at all.
pub(crate) fn special(path: &Path) -> Option<ReadError> {
    let meta = std::fs::metadata(path).ok()?;
    kind_of(&meta)
        .filter(|kind| *kind != "folder")
        .map(ReadError::NotAFile)
}

/// Opens an ordinary file for reading without blocking on a FIFO; with
/// `follow` false, a symbolic link is not followed but refused by the
/// system ([`is_link_refused`]).
fn open(path: &Path, follow: bool) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO waits for a writer; with O_NONBLOCK it does not,
        // and the check of what was opened below refuses it. A terminal
        // opened by mistake never becomes the process's own (O_NOCTTY).
        let mut flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        if !follow {
            flags |= rustix::fs::OFlags::NOFOLLOW;
        }
        options.custom_flags(i32::try_from(flags.bits()).unwrap_or(0));
    }
    #[cfg(not(unix))]
    let _ = follow;
    options.open(path)
}

/// Whether opening without following failed because the path is a
/// symbolic link.
fn is_link_refused(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    return e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error());
    #[cfg(not(unix))]
    return {
        let _ = e;
        false
    };
}

/// The bytes of the file at `path`, within the rules above. `within` is
/// the folder a symbolic link may lead into (`content/`), or None when
/// the path is not reached through the site's folders.
pub(crate) fn bytes(path: &Path, within: Option<&Path>) -> Result<Vec<u8>, ReadError> {
    // What the path is, before opening it: a device is never opened.
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        if let Some(target) = within.and_then(|w| leaves(path, w)) {
            return Err(ReadError::Outside(target));
        }
        if let Some(kind) = kind_of(&std::fs::metadata(path)?) {
            return Err(ReadError::NotAFile(kind));
        }
    } else if let Some(kind) = kind_of(&meta) {
        return Err(ReadError::NotAFile(kind));
    }
    read_opened(open(path, true)?)
}

/// The bytes of an opened file, within the rules above: what was opened
/// is asked again, in case the path changed since it was looked at.
fn read_opened(file: File) -> Result<Vec<u8>, ReadError> {
    let meta = file.metadata()?;
    if let Some(kind) = kind_of(&meta) {
        return Err(ReadError::NotAFile(kind));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut out = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grows while read is cut at the limit and refused.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut out)?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(out.len() as u64));
    }
    Ok(out)
}

/// The text of `content/site.yaml` under `root`, for a setting read
/// before the site is (the language of messages, the time zone of `new`):
/// None when it is missing, refused, or a YAML document past
/// [`crate::yaml::limits`] (loading the site then says why).
pub(crate) fn site_yaml(root: &Path) -> Option<String> {
    let content = root.join("content");
    let text = text(&content.join("site.yaml"), Some(&content)).ok()?;
    crate::yaml::limits::check(&text).is_none().then_some(text)
}

/// The text of the file at `path` without a leading byte-order mark,
/// within the rules above.
pub(crate) fn text(path: &Path, within: Option<&Path>) -> Result<String, ReadError> {
    decode(bytes(path, within)?)
}

/// [`text`] of a file that a listing of its folder has just found to be
/// an ordinary file: opened without looking at the path first, which
/// saves the system one walk of the path for each of the tens of
/// thousands of records a site loads. A symbolic link put in its place
/// since is not followed but read as [`text`] reads a path; anything else
/// that is not an ordinary file is refused once opened (without blocking
/// and unread), as [`text`] refuses one that takes a path's place between
/// the look and the opening.
pub(crate) fn listed_text(path: &Path, within: Option<&Path>) -> Result<String, ReadError> {
    match open(path, false) {
        Ok(file) => decode(read_opened(file)?),
        Err(e) if is_link_refused(&e) => text(path, within),
        Err(e) => Err(e.into()),
    }
}

/// `bytes` as text, without a leading byte-order mark.
fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    let mut text =
        String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.utf8_error().valid_up_to()))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_files_are_read_without_their_byte_order_mark() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.md");
        std::fs::write(&p, "\u{feff}甲").expect("write");
        assert_eq!(text(&p, Some(dir.path())).expect("read"), "甲");
        assert!(matches!(
            text(&dir.path().join("gone.md"), None),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(
            text(dir.path(), None),
            Err(ReadError::NotAFile("folder"))
        ));
    }

    /// A temporary folder with a `content/` folder in it, and a link
    /// `content/zero.md` to a device outside it.
    #[cfg(unix)]
    fn content_with_a_link_out() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let inside = dir.path().join("content");
        std::fs::create_dir(&inside).expect("mkdir");
        std::os::unix::fs::symlink("/dev/zero", inside.join("zero.md")).expect("symlink");
        (dir, inside)
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_links_out_are_refused_unread() {
        let (dir, inside) = content_with_a_link_out();
        let zero = inside.join("zero.md");
        assert!(matches!(
            bytes(&zero, Some(&inside)),
            Err(ReadError::Outside(_))
        ));
        assert!(matches!(
            bytes(&zero, None),
            Err(ReadError::NotAFile("device"))
        ));
        let ok = inside.join("ok.md");
        std::fs::write(dir.path().join("content/real.md"), "x").expect("write");
        std::os::unix::fs::symlink(inside.join("real.md"), &ok).expect("symlink");
        assert_eq!(bytes(&ok, Some(&inside)).expect("inside"), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn a_listed_file_is_read_by_the_same_rules_when_something_else_took_its_place() {
        let (_dir, inside) = content_with_a_link_out();
        let plain = inside.join("a.md");
        std::fs::write(&plain, "\u{feff}甲").expect("write");
        assert_eq!(listed_text(&plain, Some(&inside)).expect("read"), "甲");
        // Links: followed inside the folder, refused when they lead out,
        // as for a path not listed.
        std::os::unix::fs::symlink(&plain, inside.join("in.md")).expect("symlink");
        assert_eq!(
            listed_text(&inside.join("in.md"), Some(&inside)).expect("inside"),
            "甲"
        );
        assert!(matches!(
            listed_text(&inside.join("zero.md"), Some(&inside)),
            Err(ReadError::Outside(_))
        ));
        // A FIFO is refused without waiting for a writer, a folder too.
        let fifo = inside.join("fifo.md");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        assert!(matches!(
            listed_text(&fifo, Some(&inside)),
            Err(ReadError::NotAFile("fifo"))
        ));
        assert!(matches!(
            listed_text(&inside, None),
            Err(ReadError::NotAFile("folder"))
        ));
        assert!(matches!(
            listed_text(&inside.join("gone.md"), None),
            Err(ReadError::NotFound)
        ));
    }
}
