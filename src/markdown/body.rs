//! A record's Markdown body, kept small: the model holds what lists show
//! of it (the card summary) and its headings.
//!
//! The HTML and the plain text load rendered wait in the spill file when
//! it is a `.md` body ([`crate::spill`]), one after the other, and are read
//! back when a page, its JSON item, its search entry, its open-data rows
//! or its poster ask for them: holding every body took half the site
//! model's memory (about 0.5 GB at 100,000 organizations), and rendering
//! it again for each of them took a twentieth of a build. What is read
//! back is what was loaded, so a page is never made of two versions of a
//! file.
//!
//! Held in memory instead, and rendered again when asked for (rendering is
//! deterministic): a YAML record's `description`, a news story whose
//! names were linked (its HTML is held: linking needs the directory's
//! names, which a page does not have), and any body where no spill file
//! could be made.

use std::borrow::Cow;

use super::{self as markdown, Heading, MarkdownOptions, Rendered};
use crate::spill::Spot;

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

#[derive(Clone, Debug)]
enum Source {
    Held(Box<str>),
    /// Where the rendered HTML and, after it, the plain text are in the
    /// spill file.
    Spilled(Spilled),
}

#[derive(Clone, Copy, Debug)]
struct Spilled {
    /// The HTML and the text.
    spot: Spot,
    /// The bytes of the HTML.
    html: u32,
    /// The source's bytes and hash: two loads of the same text are the
    /// same body wherever they were put.
    len: usize,
    hash: u64,
}

impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Source::Held(a), Source::Held(b)) => a == b,
            (Source::Spilled(a), Source::Spilled(b)) => a.len == b.len && a.hash == b.hash,
            _ => false,
        }
    }
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

impl Body {
    /// The body of a `.md` file, `source`, rendered now with `opts`; it
    /// waits in the spill file until asked for again.
    pub fn in_file(source: &str, opts: MarkdownOptions) -> Body {
        Body::new(source, true, opts, markdown::render(source, &opts), false)
    }

    /// The body of `source`, as `rendered` (rendered from it with `opts`
    /// and, when `linked`, a pass that linked names) shows it; `spill`
    /// puts what it renders to in the spill file rather than the source
    /// in memory (a linked body is held).
    pub fn new(
        source: &str,
        spill: bool,
        opts: MarkdownOptions,
        rendered: Rendered,
        linked: bool,
    ) -> Body {
        let spilled = (spill && !linked)
            .then(|| {
                let html = u32::try_from(rendered.html.len()).ok()?;
                let spot = crate::spill::put(&[rendered.html.as_str(), &rendered.plain].concat())?;
                Some(Spilled {
                    spot,
                    html,
                    len: source.len(),
                    hash: xxhash_rust::xxh3::xxh3_64(source.as_bytes()),
                })
            })
            .flatten();
        let source = match spilled {
            Some(spilled) => Source::Spilled(spilled),
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

    /// What load rendered, read back from the spill file: the HTML and
    /// the text, or only one of them.
    fn read_back(s: &Spilled, html: bool, plain: bool) -> anyhow::Result<(String, String)> {
        let (from, to) = (
            if html { 0 } else { s.html },
            if plain { s.spot.len() } else { s.html },
        );
        let mut both = crate::spill::get(s.spot.part(from, to))
            .map_err(|e| anyhow::anyhow!(t!("cannot-read-spill", error = e.to_string())))?;
        let text = match html && plain {
            true => both.split_off(s.html as usize),
            false if plain => std::mem::take(&mut both),
            false => String::new(),
        };
        Ok((both, text))
    }

    /// The HTML of the body.
    pub fn html(&self) -> anyhow::Result<Cow<'_, str>> {
        match (&self.linked, &self.source) {
            (Some(html), _) => Ok(Cow::Borrowed(html)),
            (None, Source::Held(source)) => Ok(markdown::render(source, &self.opts).html.into()),
            (None, Source::Spilled(s)) => Ok(Body::read_back(s, true, false)?.0.into()),
        }
    }

    /// The text of the body, whitespace collapsed.
    pub fn plain(&self) -> anyhow::Result<String> {
        match &self.source {
            Source::Held(source) => Ok(markdown::plain(source)),
            Source::Spilled(s) => Ok(Body::read_back(s, false, true)?.1),
        }
    }

    /// The HTML and the plain text together.
    pub fn rendered(&self) -> anyhow::Result<RenderedBody<'_>> {
        Ok(match (&self.linked, &self.source) {
            (Some(html), _) => RenderedBody {
                html: Cow::Borrowed(html),
                plain: self.plain()?,
            },
            (None, Source::Held(source)) => {
                let r = markdown::render(source, &self.opts);
                RenderedBody {
                    html: r.html.into(),
                    plain: r.plain,
                }
            }
            (None, Source::Spilled(s)) => {
                let (html, plain) = Body::read_back(s, true, true)?;
                RenderedBody {
                    html: html.into(),
                    plain,
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
            false,
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
            false,
            MarkdownOptions::default(),
            linked.clone(),
            true,
        );
        assert_eq!(body.html().expect("kept"), linked.html);
        assert_eq!(body.rendered().expect("kept").html, linked.html);
        assert_eq!(body.plain().expect("held"), "小草来了。");
    }

    #[test]
    fn a_spilled_body_is_read_back_as_loaded_and_equals_another_load_of_it() {
        let source = "周末**亲子**活动。\n\n## 地点\n\n职工书屋。\n";
        let opts = MarkdownOptions::default();
        let body = Body::in_file(source, opts);
        assert!(
            matches!(body.source, Source::Spilled(..)),
            "{:?}",
            body.source
        );
        let rendered = at_load(source);
        assert_eq!(body.html().expect("read back"), rendered.html);
        assert_eq!(body.plain().expect("read back"), rendered.plain);
        let both = body.rendered().expect("read back");
        assert_eq!(
            (both.html, both.plain),
            (rendered.html.into(), rendered.plain)
        );
        assert_eq!(body.headings(), rendered.headings);
        // Loaded again (an edit elsewhere in the file): the same body.
        assert_eq!(Body::in_file(source, opts), body);
        assert_ne!(Body::in_file("周末读书活动。", opts), body);
        assert_ne!(
            Body::new(source, false, opts, at_load(source), false),
            body,
            "a held body is compared by its text, a spilled one by its hash"
        );
    }
}
