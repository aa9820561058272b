//! Reading YAML documents with positions for every problem.
//!
//! serde (through `serde_yaml`) turns a document into a typed raw struct and
//! reports syntax and type errors with a position. Fields it did not know are
//! collected with `serde_ignored` and reported as warnings (usually typos).
//! Problems found later, in validation, need the position of a field that
//! parsed fine; [`locate`] finds it by walking the document's events with
//! `saphyr-parser`. Positions are only computed when a problem is reported, so
//! the common case (a correct file) parses once. Before serde reads a
//! document, [`limits`] refuses one that is too long in a value, too deep
//! or too repetitive to read in bounded time and memory.

pub(crate) mod limits;

use std::path::Path;

use saphyr_parser::{Event, Parser, Span};
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};
use crate::i18n::Msg;

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(k: &str) -> Self {
        Seg::Key(k.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// A YAML text as it sits in a file: front matter starts a few lines down.
#[derive(Clone, Copy, Debug)]
pub(crate) struct YamlText<'a> {
    pub text: &'a str,
    /// Number of lines in the file before the YAML text starts.
    pub line_offset: usize,
}

impl<'a> YamlText<'a> {
    pub(crate) fn new(text: &'a str, line_offset: usize) -> Self {
        YamlText { text, line_offset }
    }

    /// The position of the value at `path`, or of its key when `key` is set;
    /// falls back to the nearest enclosing node, then to the document start.
    pub(crate) fn position(&self, path: &[Seg], key: bool) -> Position {
        let found = (0..=path.len())
            .rev()
            .find_map(|n| locate(self.text, &path[..n]).map(|l| (n, l)));
        let pos = match found {
            Some((n, located)) if n == path.len() => {
                if key {
                    located.key.unwrap_or(located.value)
                } else {
                    located.value
                }
            }
            // The path is not in the document (a missing field): point at the
            // key of the closest parent that exists.
            Some((_, located)) => located.key.unwrap_or(located.value),
            None => Position::new(1, 1, 1),
        };
        self.shift(pos)
    }

    fn shift(&self, pos: Position) -> Position {
        Position::new(pos.line + self.line_offset, pos.column, pos.len)
    }
}

/// Where a node and its key are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Located {
    pub key: Option<Position>,
    pub value: Position,
}

enum Frame {
    Map {
        key: Option<(String, Position)>,
        expecting_key: bool,
    },
    Seq {
        next: usize,
    },
}

/// Finds the node at `target` in `text` (positions relative to `text`).
pub(crate) fn locate(text: &str, target: &[Seg]) -> Option<Located> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<Seg> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = item.ok()?;
        let is_scalar_or_start = matches!(
            event,
            Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(_)
        );
        if is_scalar_or_start {
            // A scalar in key position only names the next value.
            if let Some(Frame::Map {
                key,
                expecting_key: expecting @ true,
            }) = stack.last_mut()
            {
                if let Event::Scalar(value, ..) = &event {
                    *key = Some((value.to_string(), span_position(text, &span)));
                    *expecting = false;
                }
                continue;
            }
            // This node is a value: compute its path.
            path.truncate(stack.len().saturating_sub(1));
            let key_pos = match stack.last_mut() {
                Some(Frame::Map { key, expecting_key }) => {
                    let (k, kp) = key.take().unwrap_or_default();
                    path.push(Seg::Key(k));
                    *expecting_key = true;
                    Some(kp)
                }
                Some(Frame::Seq { next }) => {
                    path.push(Seg::Index(*next));
                    *next += 1;
                    None
                }
                None => None,
            };
            if path == target {
                return Some(Located {
                    key: key_pos,
                    value: span_position(text, &span),
                });
            }
        }
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map {
                key: None,
                expecting_key: true,
            }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { next: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    None
}

fn span_position(text: &str, span: &Span) -> Position {
    let start = span.start;
    let len = span.end.index().saturating_sub(start.index());
    let (line, col) = text_line_col(text, start.line(), start.col());
    // Multi-line nodes are underlined on their first line only.
    let line_rest = text
        .lines()
        .nth(line.saturating_sub(1))
        .map_or(0, |l| l.chars().count().saturating_sub(col));
    Position::new(line, col + 1, len.min(line_rest))
}

/// YAML also breaks lines at a lone `\r` and at U+0085, U+2028 and U+2029;
/// editors that show such a file as one line, and the snippets of
/// diagnostics (`str::lines`), break only at `\n`. Maps the YAML reader's
/// line (1-based) and column (0-based, in characters) to the text's, a
/// place past the end to the end.
fn text_line_col(text: &str, line: usize, col: usize) -> (usize, usize) {
    let yaml_break = |c: char| matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    if !text.contains(yaml_break) {
        return (line, col);
    }
    let (mut yaml_line, mut start) = (1, 0);
    let mut chars = text.char_indices().peekable();
    while yaml_line < line {
        let Some((i, c)) = chars.next() else {
            break;
        };
        let mut end = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            chars.next();
            end += 1;
        }
        if c == '\n' || yaml_break(c) {
            yaml_line += 1;
            start = end;
        }
    }
    let at = text[start..]
        .char_indices()
        .nth(col)
        .map_or(text.len(), |(o, _)| start + o);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

/// The result of reading one document into a raw struct.
pub(crate) struct Parsed<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Deserializes `yaml` into `T`. Syntax and type errors become one error
/// diagnostic (and no value); unknown fields become warnings.
pub(crate) fn parse<T: DeserializeOwned>(file: &Path, yaml: YamlText<'_>) -> Parsed<T> {
    if let Some(breach) = limits::check(yaml.text) {
        return Parsed {
            value: None,
            diagnostics: vec![Diagnostic::error(
                file,
                yaml.shift(breach.position),
                breach.msg,
            )],
        };
    }
    let mut unknown: Vec<Vec<Seg>> = Vec::new();
    let text = if yaml.text.trim().is_empty() {
        "{}"
    } else {
        yaml.text
    };
    let result = serde_yaml::Deserializer::from_str(text)
        .next()
        .map(|doc| serde_ignored::deserialize(doc, |p| unknown.push(to_segs(&p))));
    let mut diagnostics = Vec::new();
    let value = match result {
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            diagnostics.push(yaml_error(file, yaml, &e));
            None
        }
        None => serde_yaml::from_str("{}").ok(),
    };
    for path in unknown {
        let name = match path.last() {
            Some(Seg::Key(k)) => k.clone(),
            _ => continue,
        };
        diagnostics.push(Diagnostic::warning(
            file,
            yaml.position(&path, true),
            msg!("unknown-field", name = name),
        ));
    }
    Parsed { value, diagnostics }
}

fn to_segs(path: &serde_ignored::Path<'_>) -> Vec<Seg> {
    use serde_ignored::Path as P;
    match path {
        P::Root => Vec::new(),
        P::Seq { parent, index } => {
            let mut v = to_segs(parent);
            v.push(Seg::Index(*index));
            v
        }
        P::Map { parent, key } => {
            let mut v = to_segs(parent);
            v.push(Seg::Key(key.clone()));
            v
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            to_segs(parent)
        }
    }
}

/// Turns a serde_yaml error into a diagnostic at its position, with the
/// position suffix removed from the message and a hint for the common cases.
fn yaml_error(file: &Path, yaml: YamlText<'_>, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    let message = raw
        .find(" at line ")
        .map_or(raw.as_str(), |i| &raw[..i])
        .to_string();
    let pos = e.location().map_or(Position::new(1, 1, 1), |l| {
        let (line, col) = text_line_col(yaml.text, l.line(), l.column().saturating_sub(1));
        Position::new(line + yaml.line_offset, col + 1, 1)
    });
    // serde's own limits, for a document too small for [`limits`] to
    // look at.
    if message == "recursion limit exceeded" {
        return Diagnostic::error(file, pos, msg!("yaml-too-deep", limit = limits::MAX_DEPTH));
    }
    if message.starts_with("control characters are not allowed") {
        if let Some((at, c)) = yaml.text.char_indices().find(|(_, c)| !yaml_printable(*c)) {
            let pos = Position::from_offset(yaml.text, at, c.len_utf8());
            return Diagnostic::error(
                file,
                yaml.shift(pos),
                msg!(
                    "yaml-control-character",
                    code = format!("U+{:04X}", u32::from(c))
                ),
            );
        }
    }
    if message == "repetition limit exceeded" {
        return Diagnostic::error(
            file,
            pos,
            msg!("yaml-too-many-aliases", limit = limits::MAX_REPEATED),
        );
    }
    if let Some(words) = type_in_words(&message).or_else(|| unknown_variant(&message)) {
        return Diagnostic::error(file, pos, words);
    }
    let syntax = message.contains("did not find expected")
        || message.contains("could not find expected")
        || message.contains("mapping values")
        || message.contains("unexpected end of stream")
        || message.contains("quoted scalar");
    if syntax {
        if let Some((line, column, quote)) = unclosed_quote(yaml.text, pos.line - yaml.line_offset)
        {
            return Diagnostic::error(
                file,
                Position::new(line + yaml.line_offset, column, 1),
                msg!("unclosed-quote", quote = quote),
            );
        }
    }
    let words = if syntax {
        msg!("yaml-syntax", detail = message)
    } else {
        msg!("yaml-invalid", detail = message)
    };
    Diagnostic::error(file, pos, words)
}

/// Whether YAML allows `c` written as it is (YAML 1.2, 5.1): any other
/// character must be written as an escape in a double-quoted string.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// `kind: unknown variant `x`, expected one of `a`, `b``, with the
/// field's path kept in front.
fn unknown_variant(message: &str) -> Option<Msg> {
    let i = message.find("unknown variant `")?;
    let field = message[..i].trim_end_matches([':', ' ']);
    let rest = &message[i + "unknown variant `".len()..];
    let (value, expected) = rest.split_once("`, expected ")?;
    Some(msg!(
        "unknown-value",
        at = if field.is_empty() { "top" } else { "field" },
        field = field,
        value = value,
        expected = expected
    ))
}

/// `invalid type: string "六百", expected f64` said as an editor would:
/// expected a number, found `六百`. The field's path, when serde gives
/// it (`floor_area_m2: invalid type…`), leads the message.
fn type_in_words(message: &str) -> Option<Msg> {
    let (field, rest) = match message.find("invalid type: ") {
        Some(0) => ("", message),
        Some(i) => (message[..i].trim_end_matches([':', ' ']), &message[i..]),
        None => return None,
    };
    let rest = rest.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let (found, value) = match found {
        f if f.starts_with("string ") => ("text", f["string ".len()..].trim_matches('"')),
        f if f.starts_with("integer ") || f.starts_with("floating point ") => (
            "number",
            f.rsplit(' ').next().unwrap_or(f).trim_matches('`'),
        ),
        f if f.starts_with("boolean ") => ("boolean", f["boolean ".len()..].trim_matches('`')),
        "sequence" => ("list", ""),
        "map" => ("map", ""),
        "unit value" => ("nothing", ""),
        other => ("other", other),
    };
    let expected_kind = match expected {
        "f64" | "f32" | "i64" | "u64" | "i32" | "u32" | "usize" | "a number" => "number",
        "a boolean" | "bool" => "boolean",
        "a string" => "text",
        "a sequence" => "list",
        e if e.starts_with("struct ") || e.starts_with("a map") => "map",
        _ => "other",
    };
    Some(msg!(
        "type-mismatch",
        at = if field.is_empty() { "top" } else { "field" },
        field = field,
        expected = expected_kind,
        expected_name = expected,
        found = found,
        value = value
    ))
}

/// The last quote opened before `line` (1-based in `text`) and not closed on
/// its line: where an unterminated string starts. Line, column (1-based)
/// and the quote.
fn unclosed_quote(text: &str, line: usize) -> Option<(usize, usize, char)> {
    let mut found = None;
    for (n, l) in text.lines().enumerate().take(line) {
        // A quote that opens a value: after `key: ` or `- `.
        let value_at = l.find(": ").map(|i| i + 2).or_else(|| {
            l.trim_start()
                .starts_with("- ")
                .then(|| l.len() - l.trim_start().len() + 2)
        });
        let Some(at) = value_at else { continue };
        let value = l[at..].trim_start();
        let start = at + (l[at..].len() - value.len());
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let inner = &value[1..];
        let closed = if quote == '"' {
            let mut escaped = false;
            inner.chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })
        } else {
            inner.contains('\'')
        };
        if !closed {
            found = Some((n + 1, l[..start].chars().count() + 1, quote));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_of_the_text_where_a_lone_cr_breaks_none() {
        assert_eq!(text_line_col("a\rb\r\nc\nd", 3, 0), (2, 0));
        assert_eq!(text_line_col("a\rb\r\nc\nd", 2, 0), (1, 2));
        assert_eq!(text_line_col("a\rb", 9, 9), (1, 3));
        assert_eq!(text_line_col("a\nb", 2, 1), (2, 1));
        let text = "---\na: \nname: a\r---t";
        let parsed = parse::<RawVenueLike>(Path::new("a.yaml"), YamlText::new(text, 0));
        let d = parsed.diagnostics.first().expect("a syntax error");
        assert!(d.line <= 3, "line {} of a text of 3 lines", d.line);
    }

    #[test]
    fn unicode_line_separators_break_no_line_of_the_text() {
        // U+2028, U+2029 and U+0085 end a line for the YAML reader only.
        assert_eq!(text_line_col("a\u{2028}b\nc", 3, 0), (2, 0));
        assert_eq!(text_line_col("a\u{2028}b\nc", 2, 1), (1, 3));
        assert_eq!(text_line_col("a\u{85}b\u{2029}c", 3, 0), (1, 4));
        let text = "name: 甲\nkind: x\ncontact: { phone: \"1\", #w: \"\", web: t}\nca\"\" e帮\u{2028}之余〥为准。\n";
        let parsed = parse::<RawVenueLike>(Path::new("a.yaml"), YamlText::new(text, 0));
        let d = parsed.diagnostics.first().expect("a syntax error");
        // The end of the text is the line after its last at most.
        assert!(d.line <= 5, "line {} of a text of 4 lines", d.line);
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct RawVenueLike {
        a: Option<String>,
        name: Option<String>,
    }

    #[test]
    fn type_errors_are_said_in_words() {
        assert_eq!(
            type_in_words("floor_area_m2: invalid type: string \"六百\", expected f64")
                .map(|m| m.message)
                .as_deref(),
            Some("`floor_area_m2`: expected a number, found `六百`")
        );
        assert_eq!(
            type_in_words("kind: invalid type: sequence, expected a string")
                .map(|m| m.message)
                .as_deref(),
            Some("`kind`: expected text, found a list")
        );
        assert_eq!(type_in_words("did not find expected key"), None);
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        let text = "name: 站\naddress: \"兰州市城关区\nhours: \"Mo 09:00-10:00\"\n";
        assert_eq!(unclosed_quote(text, 3), Some((2, 10, '"')));
        let fine = "name: \"a \\\" b\"\nx: 'c'\n";
        assert_eq!(unclosed_quote(fine, 2), None);
    }

    fn segs(parts: &[&str]) -> Vec<Seg> {
        parts
            .iter()
            .map(|p| match p.parse::<usize>() {
                Ok(i) => Seg::Index(i),
                Err(_) => Seg::Key((*p).to_string()),
            })
            .collect()
    }

    const DOC: &str = "name: 小草\ncontact:\n  phone: \"123\"\n  email: a@b\nareas_served: [chengguan, qilihe]\nlist:\n  - id: x\n    name: 甲\n";

    #[test]
    fn locates_nested_values_and_keys() {
        let l = locate(DOC, &segs(&["contact", "email"])).expect("found");
        assert_eq!((l.value.line, l.value.column), (4, 10));
        assert_eq!(l.key.map(|k| (k.line, k.column)), Some((4, 3)));
        let l = locate(DOC, &segs(&["areas_served", "1"])).expect("found");
        assert_eq!((l.value.line, l.value.column, l.value.len), (5, 27, 6));
        let l = locate(DOC, &segs(&["list", "0", "name"])).expect("found");
        assert_eq!((l.value.line, l.value.column), (8, 11));
        assert!(locate(DOC, &segs(&["nope"])).is_none());
    }

    #[test]
    fn position_falls_back_to_parent_and_shifts_front_matter() {
        let y = YamlText::new(DOC, 1);
        let p = y.position(&segs(&["contact", "wechat"]), false);
        assert_eq!((p.line, p.column), (3, 1));
    }

    #[derive(serde::Deserialize, Debug, Default)]
    #[serde(default)]
    struct Raw {
        name: Option<String>,
        tags: Vec<String>,
    }

    #[test]
    fn parse_reports_unknown_fields_as_warnings_with_position() {
        let parsed: Parsed<Raw> = parse(Path::new("a.md"), YamlText::new("name: x\nnmae: y\n", 1));
        assert_eq!(parsed.value.map(|v| v.name), Some(Some("x".into())));
        assert_eq!(parsed.diagnostics.len(), 1);
        let d = &parsed.diagnostics[0];
        assert_eq!((d.line, d.column, d.is_error()), (3, 1, false));
        assert_eq!(d.message, "unknown field `nmae`");
    }

    #[test]
    fn a_control_character_is_shown_where_it_is() {
        let parsed: Parsed<Raw> = parse(
            Path::new("a.md"),
            YamlText::new("name: x\ntags: [甲\u{7f}乙]\n", 1),
        );
        let d = &parsed.diagnostics[0];
        assert_eq!((d.line, d.column, d.code), (3, 9, "yaml-control-character"));
        assert!(d.message.contains("U+007F"), "{}", d.message);
    }

    #[test]
    fn parse_reports_type_errors_with_position() {
        let parsed: Parsed<Raw> = parse(
            Path::new("a.yaml"),
            YamlText::new("name: x\n\ntags: oops\n", 0),
        );
        assert!(parsed.value.is_none());
        let d = &parsed.diagnostics[0];
        assert_eq!((d.line, d.column, d.is_error()), (3, 7, true));
        assert_eq!(
            d.message,
            "`tags`: expected a list, like `[a, b]`, found `oops`"
        );
    }
}
