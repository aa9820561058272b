//! How deep a body's elements nest, for the sanitizer's sake: HTML
//! parsing looks up the stack of open elements for every new one, so
//! its time grows with the square of the nesting, and a body of ten
//! thousand nested `<div>` would take seconds, a 16 MB one hours. A body
//! whose raw HTML nests deeper than [`MAX_DEPTH`] is an error at load
//! (see `content/lint.rs`) and is never given to the sanitizer.
//!
//! The nesting is counted on pulldown-cmark's events, so the place where
//! it goes too deep is known in the source: every Markdown container
//! (quote, list, emphasis, link…) and every element opened in raw HTML
//! counts one level, closed elements give theirs back. Elements that
//! close themselves or end where their next sibling starts (`<br>`,
//! `<li>`, `<p>`, `<td>`…) do not count, so pasted HTML that leaves them
//! open is not taken for nesting.

use pulldown_cmark::{Event, Parser};

use super::parser_options;

/// The deepest nesting of elements a body with raw HTML may have.
pub(crate) const MAX_DEPTH: usize = 100;

/// Elements that never hold others or end at their next sibling.
const FLAT: [&str; 31] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "rb", "rt", "rp", "colgroup", "caption", "!",
];

/// The byte offset in `markdown` where its elements nest deeper than
/// [`MAX_DEPTH`], if they do. Only bodies with raw HTML are looked at:
/// the others never reach the sanitizer.
pub(crate) fn too_deep(markdown: &str) -> Option<usize> {
    if !markdown.contains('<') {
        return None;
    }
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                for (at, opens) in tags(&html) {
                    if opens {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Some(range.start + at);
                        }
                    } else {
                        depth = depth.saturating_sub(1);
                    }
                }
            }
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Some(range.start);
        }
    }
    None
}

/// `text` safe as HTML text: what a body too deep to sanitize is shown as.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The tags of an HTML fragment that open or close a level: their byte
/// offset, and whether they open one.
fn tags(html: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let at = i + found;
        i = at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name: String = html[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || FLAT.contains(&name.as_str()) || name.starts_with('!') {
            continue;
        }
        let end = html[start..].find('>').map_or(html.len(), |e| start + e);
        if !closing && html[..end].ends_with('/') {
            continue;
        }
        out.push((at, !closing));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_nested_too_deep_is_found_where_it_goes_too_deep() {
        let ok = format!(
            "{}x{}",
            "<div>".repeat(MAX_DEPTH - 1),
            "</div>".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(too_deep(&ok), None);
        let deep = format!(
            "{}x{}",
            "<div>".repeat(MAX_DEPTH + 5),
            "</div>".repeat(MAX_DEPTH + 5)
        );
        // The HTML block is the first level; the 100th <div> the 101st.
        assert_eq!(too_deep(&deep), Some(5 * (MAX_DEPTH - 1)));
    }

    #[test]
    fn open_paragraphs_items_and_plain_markdown_do_not_count() {
        let items = format!("<ul>{}</ul>", "<li>x".repeat(1_000));
        assert_eq!(too_deep(&items), None);
        let paragraphs = "<p>x<br>".repeat(1_000);
        assert_eq!(too_deep(&paragraphs), None);
        let quotes = format!("{}x\n", "> ".repeat(1_000));
        assert_eq!(too_deep(&quotes), None, "no raw HTML: never sanitized");
        let quotes_and_html = format!("{}x <b>y</b>\n", "> ".repeat(1_000));
        assert!(too_deep(&quotes_and_html).is_some());
    }
}
