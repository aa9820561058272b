//! Markdown record bodies to HTML that is safe to embed in a page.
//!
//! Bodies are written by many hands, so the default is to treat them as
//! untrusted: pulldown-cmark renders them (CommonMark plus tables and
//! strikethrough; footnotes, task lists and heading attributes stay off
//! because their output needs ids, classes or form inputs the sanitizer
//! would have to let through), then ammonia removes anything scriptable.
//! `unsafe_html` skips the sanitizer for trusted sites that embed widgets.
//!
//! The work happens on pulldown-cmark's event stream rather than on the
//! HTML, because that is where structure is still known:
//!
//! * Headings are shifted down so the page template keeps the only `<h1>`:
//!   `#` and `##` both become `<h2>`, `###` `<h3>`, and so on to `<h6>`.
//!   Each gets an ASCII id from [`crate::slug::slugify`], made unique with
//!   "-2", "-3"…; a heading with no letters (say "2024") gets "section-N",
//!   N being its position among the body's headings. Headings written as
//!   raw HTML are left as they are.
//! * Links to absolute `http(s)` or protocol-relative URLs get
//!   `rel="noopener"`; relative links are the site's own and stay clean.
//!   The renderer knows no site host, so every absolute web URL counts as
//!   external. ammonia can only add `rel` to every link, so its own
//!   `link_rel` is off and the attribute is written here instead.
//! * Plain text for excerpts and meta descriptions is collected from text
//!   and inline code only (code blocks, image alt text and raw HTML are not
//!   prose), with whitespace collapsed. A soft line break between two CJK
//!   characters disappears instead of becoming a space, as Chinese text
//!   is wrapped without spaces.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::slug::{is_valid_id, try_slugify};

mod body;
mod depth;
mod excerpt;
mod removed;

pub use body::Body;
pub(crate) use body::SUMMARY_CHARS;
use depth::escape_text;
pub(crate) use depth::{too_deep, MAX_DEPTH};
pub(crate) use excerpt::excerpt;
pub(crate) use removed::removed_html;

/// How a body is rendered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Pass raw HTML through unsanitized. Only for trusted content.
    pub unsafe_html: bool,
}

/// A rendered body.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Rendered {
    pub html: String,
    /// Headings in document order, for a table of contents.
    pub headings: Vec<Heading>,
    /// Text only, whitespace collapsed, for excerpts and meta descriptions.
    pub plain: String,
}

/// A heading as it appears in the output HTML.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// Output level, 2 to 6 (see the module docs for the shift).
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A step over the event stream of one body, run after headings are
/// anchored and soft breaks between Chinese characters are joined, and
/// before external links are marked and HTML is written. Used to link
/// names of directory entries in news stories.
///
/// What a pass inserts is not seen by the sanitizer check (it was made
/// from the author's events before), so a pass must only add Markdown
/// events, never raw HTML.
pub(crate) trait EventPass {
    fn apply<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>>;
}

/// Renders a Markdown body; see the module docs for what is changed on the way.
pub(crate) fn render(markdown: &str, opts: &MarkdownOptions) -> Rendered {
    render_with(markdown, opts, None)
}

/// [`render`] with an [`EventPass`] over the events.
pub(crate) fn render_with(
    markdown: &str,
    opts: &MarkdownOptions,
    pass: Option<&mut dyn EventPass>,
) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, parser_options()).collect();
    let needs_cleaning = !opts.unsafe_html && !is_plain_markdown(&events);
    let headings = anchor_headings(&mut events);
    let plain = plain_text(&events);
    join_wide_soft_breaks(&mut events);
    if let Some(pass) = pass {
        events = pass.apply(events);
    }
    mark_external_links(&mut events);
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    html::push_html(&mut out, events.into_iter());
    if needs_cleaning {
        // Too deep to sanitize in bounded time (`check` says so): shown
        // as its text.
        out = match too_deep(markdown) {
            None => sanitizer().clean(&out).to_string(),
            Some(_) => format!("<pre>{}</pre>", escape_text(markdown)),
        };
    }
    Rendered {
        html: out,
        headings,
        plain,
    }
}

/// The plain text [`render`] gives for `markdown`, without writing HTML.
pub(crate) fn plain(markdown: &str) -> String {
    // As `render` finds it, without holding the events or naming the
    // headings: their anchors change no text.
    let mut plain = Plain::default();
    for event in Parser::new_ext(markdown, parser_options()) {
        plain.push(&event);
    }
    plain.text.finish()
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

// ---------------------------------------------------------------- headings

/// Ids the page around a body already uses (the theme's landmarks and
/// form fields); heading ids must not repeat them.
const RESERVED_IDS: [&str; 2] = ["main", "search-q"];

/// Gives every heading its output level and id; returns them in order.
fn anchor_headings(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| (*s).to_string()).collect();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = events[i] {
            // Headings cannot nest, so the next heading end closes this one.
            let len = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .unwrap_or(events.len() - i);
            let end = i + len;
            let out_level = shifted_level(level);
            let heading = describe_heading(
                out_level,
                &events[i + 1..end],
                headings.len() + 1,
                &mut used,
            );
            events[i] = Event::Start(Tag::Heading {
                level: out_level,
                id: Some(CowStr::from(heading.id.clone())),
                classes: Vec::new(),
                attrs: Vec::new(),
            });
            if let Some(close) = events.get_mut(end) {
                *close = Event::End(TagEnd::Heading(out_level));
            }
            headings.push(heading);
            i = end;
        }
        i += 1;
    }
    headings
}

fn describe_heading(
    level: HeadingLevel,
    inner: &[Event],
    ordinal: usize,
    used: &mut HashSet<String>,
) -> Heading {
    let text = plain_text(inner);
    let base = try_slugify(&text)
        .filter(|slug| slug.bytes().any(|b| b.is_ascii_lowercase()))
        .unwrap_or_else(|| format!("section-{ordinal}"));
    Heading {
        // The enum's discriminants are the level numbers (H1 = 1).
        level: level as u8,
        id: unique_id(base, used),
        text,
    }
}

/// The page owns `<h1>`, so body headings start at `<h2>`; `#` and `##`
/// collapse onto the same level rather than pushing `######` off the scale.
fn shifted_level(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 1;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

// ------------------------------------------------------------------- links

/// Rewrites links to external URLs as raw HTML carrying `rel="noopener"`.
fn mark_external_links(events: &mut [Event]) {
    // One entry per open link: whether its end must be rewritten too.
    let mut open: Vec<bool> = Vec::new();
    let mut image_depth = 0usize;
    for event in events.iter_mut() {
        match event {
            // Alt text is rendered as plain text up to the image's end tag;
            // a rewritten end tag inside it would end the alt text early.
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(tag @ Tag::Link { .. }) => {
                let opening = external_link_open(tag);
                open.push(opening.is_some());
                if let Some(html) = opening {
                    *event = Event::InlineHtml(html.into());
                }
            }
            Event::End(TagEnd::Link) => {
                let external = open.pop().unwrap_or(false);
                if external {
                    *event = Event::InlineHtml("</a>".into());
                }
            }
            _ => {}
        }
    }
}

/// The opening `<a>` for an external link, rendered by pulldown-cmark itself
/// so URL and title escaping stay exactly as for every other link.
fn external_link_open(tag: &Tag) -> Option<String> {
    let Tag::Link {
        link_type,
        dest_url,
        ..
    } = tag
    else {
        return None;
    };
    if *link_type == LinkType::Email || !is_external(dest_url) {
        return None;
    }
    let mut opening = String::new();
    html::push_html(&mut opening, std::iter::once(Event::Start(tag.clone())));
    let without_close = opening.strip_suffix('>')?;
    Some(format!("{without_close} rel=\"{LINK_REL}\">"))
}

const LINK_REL: &str = "noopener";

fn is_external(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

// --------------------------------------------------------------- sanitizer

/// Whether the events are pure Markdown whose HTML is safe as pulldown-cmark
/// writes it: no raw HTML, and only link and image addresses that are
/// relative or use http(s), mailto or tel. Most bodies are, and skipping the
/// HTML sanitizer for them makes loading a large site several times faster.
fn is_plain_markdown(events: &[Event]) -> bool {
    events.iter().all(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            is_safe_url(dest_url)
        }
        _ => true,
    })
}

fn is_safe_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    match url.find([':', '/', '?', '#']) {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// Built once: rendering runs for every record, possibly on many threads.
pub(super) fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(build_sanitizer)
}

fn build_sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(None)
        .add_tag_attributes("a", &["rel"])
        .add_tag_attributes("code", &["class"])
        .add_tag_attributes("th", &["style"])
        .add_tag_attributes("td", &["style"]);
    for tag in ["h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(tag, &["id"]);
    }
    builder.attribute_filter(filter_attribute);
    builder
}

/// Narrows the attributes allowed above to the values this module emits,
/// so raw HTML cannot use them for anything else (arbitrary styling, ids
/// outside the slug alphabet, `rel` values such as "opener").
fn filter_attribute<'v>(element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let keep = match (element, attribute) {
        ("a", "rel") => value == LINK_REL,
        ("code", "class") => is_language_class(value),
        ("th" | "td", "style") => ALIGN_STYLES.contains(&value),
        (_, "id") => is_valid_id(value),
        _ => true,
    };
    keep.then_some(Cow::Borrowed(value))
}

/// What pulldown-cmark writes for aligned table columns.
const ALIGN_STYLES: [&str; 3] = [
    "text-align: left",
    "text-align: center",
    "text-align: right",
];

/// `language-rust`, `language-c++`, `language-objective-c`: one class, the
/// prefix pulldown-cmark gives fenced code blocks, and no markup characters.
fn is_language_class(value: &str) -> bool {
    value.strip_prefix("language-").is_some_and(|lang| {
        !lang.is_empty()
            && lang
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'#' | b'.'))
    })
}

// ------------------------------------------------------------ line breaks

/// Chinese text is written without spaces, but browsers show a line break in
/// the source as a space. A soft break between two wide characters is
/// therefore dropped, so `……方法，\n学员` reads `……方法，学员`.
fn join_wide_soft_breaks(events: &mut [Event]) {
    for i in 0..events.len() {
        if !matches!(events[i], Event::SoftBreak) {
            continue;
        }
        let before = events[..i].iter().rev().find_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.chars().next_back()),
            Event::Start(tag) if is_inline(tag) => None,
            Event::End(tag) if is_inline_end(*tag) => None,
            _ => Some(None),
        });
        let after = events[i + 1..].iter().find_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.chars().next()),
            Event::Start(tag) if is_inline(tag) => None,
            Event::End(tag) if is_inline_end(*tag) => None,
            _ => Some(None),
        });
        if let (Some(Some(a)), Some(Some(b))) = (before, after) {
            if is_wide(a) && is_wide(b) {
                events[i] = Event::Text("".into());
            }
        }
    }
}

// -------------------------------------------------------------- plain text

fn plain_text(events: &[Event]) -> String {
    let mut plain = Plain::default();
    for event in events {
        plain.push(event);
    }
    plain.text.finish()
}

/// The plain text of events, one event at a time.
#[derive(Default)]
struct Plain {
    text: TextCollector,
    skip_depth: usize,
}

impl Plain {
    fn push(&mut self, event: &Event) {
        let text = &mut self.text;
        match event {
            Event::Start(tag @ (Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock)) => {
                self.skip_depth += 1;
                text.gap(if is_inline(tag) {
                    Gap::None
                } else {
                    Gap::Space
                });
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
            }
            _ if self.skip_depth > 0 => {}
            Event::Text(s) | Event::Code(s) => text.push_str(s),
            Event::SoftBreak => text.gap(Gap::Soft),
            Event::HardBreak | Event::Rule => text.gap(Gap::Space),
            Event::Start(tag) if !is_inline(tag) => text.gap(Gap::Space),
            Event::End(tag) if !is_inline_end(*tag) => text.gap(Gap::Space),
            _ => {}
        }
    }
}

fn is_inline(tag: &Tag) -> bool {
    is_inline_end(tag.to_end())
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Separator owed before the next visible character; the strongest wins.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    #[default]
    None,
    Soft,
    Space,
}

/// Accumulates text with runs of whitespace collapsed to one space and no
/// leading or trailing space.
#[derive(Default)]
struct TextCollector {
    out: String,
    pending: Gap,
}

impl TextCollector {
    fn push_str(&mut self, s: &str) {
        let mut rest = s;
        // A word (a run without whitespace) at a time: a gap owed is
        // settled before its first character, and the rest is copied.
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            if start > 0 {
                self.gap(Gap::Space);
            }
            let word = &rest[start..];
            let end = word.find(char::is_whitespace).unwrap_or(word.len());
            if let Some(first) = word.chars().next() {
                if self.pending != Gap::None {
                    self.flush_gap(first);
                }
            }
            self.out.push_str(&word[..end]);
            rest = &word[end..];
        }
        if !rest.is_empty() {
            self.gap(Gap::Space);
        }
    }

    fn gap(&mut self, gap: Gap) {
        self.pending = self.pending.max(gap);
    }

    fn flush_gap(&mut self, next: char) {
        let gap = std::mem::take(&mut self.pending);
        let Some(prev) = self.out.chars().next_back() else {
            return;
        };
        let space = match gap {
            Gap::None => false,
            Gap::Soft => !(is_wide(prev) && is_wide(next)),
            // After Chinese punctuation the text reads on without a space,
            // even across paragraphs (`……爱好的职工。上课时间……`).
            Gap::Space => !(is_wide_punctuation(prev) && is_wide(next)),
        };
        if space {
            self.out.push(' ');
        }
    }

    fn finish(self) -> String {
        self.out
    }
}

/// Full-width punctuation that ends a clause or closes a quotation.
fn is_wide_punctuation(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '，' | '、' | '）' | '」' | '』' | '”' | '…'
    )
}

/// CJK scripts and full-width punctuation: written without spaces, so a line
/// wrap between two of them in the source is not a word break.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

#[cfg(test)]
mod tests;
