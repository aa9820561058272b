//! Naming what the sanitizer takes out of a body's raw HTML, so that
//! `check` can warn instead of the page losing it silently.

use pulldown_cmark::{Event, Parser};

use super::{parser_options, sanitizer};

/// What the sanitizer removes from the raw HTML of `markdown`: the byte
/// offset of each piece of HTML and what goes (`<script>`, `onclick` on
/// `<a>`), so `check` can say so instead of the page silently losing it.
pub(crate) fn removed_html(markdown: &str) -> Vec<(usize, String)> {
    if !markdown.contains('<') {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        let kept = tags(&sanitizer().clean(&html).to_string());
        for (tag, attributes) in tags(&html) {
            match kept.iter().find(|(t, _)| *t == tag) {
                None => out.push((range.start, format!("`<{tag}>`"))),
                Some((_, kept_attributes)) => {
                    for a in attributes.iter().filter(|a| !kept_attributes.contains(a)) {
                        out.push((
                            range.start,
                            t!("removed-attribute", attribute = a, tag = tag),
                        ));
                    }
                }
            }
        }
    }
    out.dedup();
    out
}

/// The opening tags of an HTML fragment and their attribute names, lower
/// case.
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let inside = &rest[name.len()..end];
        let mut attributes = Vec::new();
        let mut chars = inside.char_indices().peekable();
        let mut quote = None;
        let mut word = String::new();
        while let Some((_, c)) = chars.next() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, c) if c.is_ascii_alphanumeric() || c == '-' || c == '_' => word.push(c),
                (None, '=') => {
                    if !word.is_empty() {
                        attributes.push(std::mem::take(&mut word).to_ascii_lowercase());
                    }
                    // Skip an unquoted value.
                    while let Some((_, c)) = chars.peek() {
                        if c.is_whitespace() || *c == '"' || *c == '\'' {
                            break;
                        }
                        chars.next();
                    }
                }
                (None, _) => {
                    if !word.is_empty() {
                        attributes.push(std::mem::take(&mut word).to_ascii_lowercase());
                    }
                }
            }
        }
        if !word.is_empty() {
            attributes.push(word.to_ascii_lowercase());
        }
        out.push((name, attributes));
        rest = &rest[end..];
    }
    out
}
