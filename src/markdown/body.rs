//! A record's Markdown body, kept small: the model holds what lists show
//! of it (the card summary) and its headings, and renders the HTML and the
//! text again when a page or the search index asks for them (rendering is
//! deterministic, so they are what load rendered).
//!
//! The source itself stays in the record's file when it is a `.md` body:
//! the model keeps where it starts and a hash of it, and reads it again.
//! Holding every body took half the site model's memory (about 0.5 GB at
//! 100,000 organizations). A file that changed since it was loaded is an
//! error ("build again"), never a page made of two versions; `serve` and
//! `build --watch` are told of the change and rebuild anyway.
//!
//! Held in memory instead: a YAML record's `description`, and the HTML of a
//! news story whose names were linked (linking needs the directory's
//! names, which a page does not have).

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

use super::{self as markdown, Heading, MarkdownOptions, Rendered};

/// How many characters a card's summary of a body has.
pub(crate) const SUMMARY_CHARS: usize = 60;

/// See the module docs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    source: Source,
    opts: MarkdownOptions,
    summary: Box<str>,
    headings: Vec<Heading>,
    linked: Option<Box<str>>,
}

#[derive(Clone, Debug, PartialEq)]
enum Source {
    Held(Box<str>),
    /// The file's text from byte `start` (after a byte-order mark) to its
    /// end, which hashed to `hash` when loaded.
    File {
        path: Arc<Path>,
        start: usize,
        hash: u64,
        /// How many of the path's last components name the file to the
        /// editor (`content/venues/a.md`).
        shown: u16,
    },
}

impl Default for Source {
    fn default() -> Self {
        Source::Held(Box::default())
    }
}

/// A body's HTML and plain text, rendered for one page.
pub struct RenderedBody<'a> {
    pub html: Cow<'a, str>,
    pub plain: String,
}

/// Where a `.md` body is: the file, its name as the editor knows it
/// (relative to the site's folder) and the byte its body starts at.
pub struct InFile<'a> {
    pub path: &'a Path,
    pub file: &'a Path,
    pub start: usize,
}

impl Body {
    /// The body of a `.md` file's `source`, rendered now with `opts`; it
    /// is read again from `file` when asked for.
    pub fn in_file(source: &str, file: InFile<'_>, opts: MarkdownOptions) -> Body {
        Body::new(
            source,
            Some(file),
            opts,
            markdown::render(source, &opts),
            false,
        )
    }

    /// The body of `source`, as `rendered` (rendered from it with `opts`
    /// and, when `linked`, a pass that linked names) shows it; `file` says
    /// where the source can be read again.
    pub fn new(
        source: &str,
        file: Option<InFile<'_>>,
        opts: MarkdownOptions,
        rendered: Rendered,
        linked: bool,
    ) -> Body {
        let source = match file {
            Some(InFile { path, file, start }) => Source::File {
                path: Arc::from(path),
                start,
                hash: xxhash_rust::xxh3::xxh3_64(source.as_bytes()),
                shown: u16::try_from(file.components().count()).unwrap_or(u16::MAX),
            },
            None => Source::Held(source.into()),
        };
        Body {
            source,
            opts,
            summary: markdown::excerpt(&rendered.plain, SUMMARY_CHARS).into(),
            headings: rendered.headings,
            linked: linked.then(|| rendered.html.into()),
        }
    }

    /// The Markdown source, read again when it stayed in its file.
    fn source(&self) -> anyhow::Result<Cow<'_, str>> {
        let (path, start, hash, shown) = match &self.source {
            Source::Held(text) => return Ok(Cow::Borrowed(text)),
            Source::File {
                path,
                start,
                hash,
                shown,
            } => (path, *start, *hash, *shown),
        };
        // The file as the editor knows it, made only for a message.
        let file = || {
            let parts: Vec<_> = path.components().collect();
            let file: std::path::PathBuf = parts[parts.len().saturating_sub(usize::from(shown))..]
                .iter()
                .collect();
            crate::diagnostics::display_path(&file)
        };
        let changed = || anyhow::anyhow!(t!("changed-while-building", file = file()));
        let bytes = match crate::readfile::again(path) {
            Ok(bytes) => bytes,
            // Deleted, or renamed: what the page would show is not there.
            Err(crate::readfile::ReadError::NotFound) => {
                return Err(anyhow::anyhow!(t!(
                    "vanished-while-building",
                    file = file()
                )))
            }
            Err(e) => return Err(e).with_context(|| t!("cannot-read-again", file = file())),
        };
        // Only the body is checked and decoded, not the fields before it.
        let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        let body = text.get(start..).ok_or_else(changed)?;
        if xxhash_rust::xxh3::xxh3_64(body) != hash {
            return Err(changed());
        }
        let body = std::str::from_utf8(body).map_err(|_| changed())?;
        Ok(Cow::Owned(body.to_owned()))
    }

    /// The HTML of the body, rendered now unless it was kept.
    pub fn html(&self) -> anyhow::Result<Cow<'_, str>> {
        match &self.linked {
            Some(html) => Ok(Cow::Borrowed(html)),
            None => Ok(markdown::render(&self.source()?, &self.opts).html.into()),
        }
    }

    /// The text of the body, whitespace collapsed, rendered now.
    pub fn plain(&self) -> anyhow::Result<String> {
        Ok(markdown::plain(&self.source()?))
    }

    /// The HTML and the plain text together, in one pass over the source.
    pub fn rendered(&self) -> anyhow::Result<RenderedBody<'_>> {
        Ok(match &self.linked {
            Some(html) => RenderedBody {
                html: Cow::Borrowed(html),
                plain: self.plain()?,
            },
            None => {
                let r = markdown::render(&self.source()?, &self.opts);
                RenderedBody {
                    html: r.html.into(),
                    plain: r.plain,
                }
            }
        })
    }

    /// The plain text cut to a card's length.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// Headings in document order, for a table of contents.
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_load(source: &str) -> Rendered {
        markdown::render(source, &MarkdownOptions::default())
    }

    #[test]
    fn a_body_renders_what_was_rendered_at_load() {
        let source = "## 开放时间\n\n周一至周五，**免费**。<script>alert(1)</script>";
        let rendered = at_load(source);
        let body = Body::new(
            source,
            None,
            MarkdownOptions::default(),
            rendered.clone(),
            false,
        );
        assert_eq!(body.html().expect("held"), rendered.html);
        assert_eq!(body.plain().expect("held"), rendered.plain);
        let both = body.rendered().expect("held");
        assert_eq!(both.html, rendered.html);
        assert_eq!(both.plain, rendered.plain);
        assert_eq!(body.headings(), rendered.headings);
        assert!(!body.html().expect("held").contains("<script"));
        assert_eq!(
            body.summary(),
            markdown::excerpt(&rendered.plain, SUMMARY_CHARS)
        );
    }

    #[test]
    fn a_linked_body_keeps_its_links() {
        let source = "小草来了。";
        let mut linked = at_load(source);
        linked.html = "<p><a href=\"/organizations/xiaocao/\">小草</a>来了。</p>\n".into();
        let body = Body::new(
            source,
            None,
            MarkdownOptions::default(),
            linked.clone(),
            true,
        );
        assert_eq!(body.html().expect("kept"), linked.html);
        assert_eq!(body.rendered().expect("kept").html, linked.html);
        assert_eq!(body.plain().expect("held"), "小草来了。");
    }

    #[test]
    fn a_body_in_its_file_is_read_again_and_a_changed_or_vanished_file_is_an_error() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("content/venues/a.md");
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("made");
        let text = "\u{feff}---\nname: 甲\n---\n\n周末**亲子**活动。\n";
        std::fs::write(&path, text).expect("written");
        let loaded = text.trim_start_matches('\u{feff}');
        let start = loaded.find("\n\n").expect("a body") + 1;
        let source = &loaded[start..];
        let rendered = at_load(source);
        let file = InFile {
            path: &path,
            file: Path::new("content/venues/a.md"),
            start,
        };
        let body = Body::new(
            source,
            Some(file),
            MarkdownOptions::default(),
            rendered.clone(),
            false,
        );
        assert_eq!(body.html().expect("the same file"), rendered.html);
        assert_eq!(body.plain().expect("the same file"), rendered.plain);

        std::fs::write(&path, text.replace("亲子", "读书")).expect("written");
        let err = body.html().expect_err("the file changed").to_string();
        assert!(
            err.contains("content/venues/a.md changed while the site was being built; build again"),
            "{err}"
        );
        std::fs::write(&path, "---\n").expect("written");
        assert!(
            body.plain().is_err(),
            "a file now shorter than the body's start"
        );
        std::fs::remove_file(&path).expect("removed");
        let err = format!("{:#}", body.rendered().err().expect("gone"));
        assert_eq!(
            err,
            "content/venues/a.md was deleted or renamed while the site was being built; build again"
        );
    }
}
