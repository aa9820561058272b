//! Content problems as data.
//!
//! Every phase that reads editors' files reports problems as [`Diagnostic`]
//! values instead of failing on the first one, so a build can show all the
//! mistakes of a site at once. The same values are printed for people
//! (rustc-style snippets), as JSON for editors' tools and CI, and later in the
//! browser overlay of `serve`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::i18n::Msg;

/// How bad a problem is: errors stop a build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column (columns count
/// characters, not bytes, so they match what an editor shows for Chinese text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    /// Length of the offending text in characters (at least 1), for underlining.
    #[serde(skip)]
    pub len: usize,
}

impl Position {
    pub fn new(line: usize, column: usize, len: usize) -> Self {
        Position {
            line: line.max(1),
            column: column.max(1),
            len: len.max(1),
        }
    }

    /// The position of a byte offset in `text`.
    pub fn from_offset(text: &str, offset: usize, len_bytes: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(text, (offset + len_bytes).min(text.len()));
        let len = text[offset..end].chars().take_while(|c| *c != '\n').count();
        Position::new(line, column, len)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in the content, with where it is and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// What kind of problem this is, in words that do not change with the
    /// language (`unknown-reference`): its id in the message catalogue.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip)]
    pub len: usize,
}

impl Diagnostic {
    /// An error made of a catalogue message: `msg!("unknown-field", name = name)`.
    pub fn error(file: &Path, pos: Position, message: Msg) -> Self {
        Self::new(Severity::Error, file, pos, message)
    }

    pub fn warning(file: &Path, pos: Position, message: Msg) -> Self {
        Self::new(Severity::Warning, file, pos, message)
    }

    fn new(severity: Severity, file: &Path, pos: Position, message: Msg) -> Self {
        Diagnostic {
            severity,
            file: display_path(file),
            line: pos.line,
            column: pos.column,
            len: pos.len,
            code: message.code,
            message: message.message,
            help: message.help,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A path as shown to people: relative, `/`-separated on every platform.
pub fn display_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// All problems of one run, in a stable order (file, line, column).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted, deduplicated diagnostics.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.sort();
        self.items
    }

    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The text of every file read, so diagnostics can show source snippets.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: BTreeMap<String, Arc<str>>,
}

impl Sources {
    pub fn insert(&mut self, file: &Path, text: Arc<str>) {
        self.files.insert(display_path(file), text);
    }

    /// Keeps only the texts of the files `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.files.retain(|file, _| keep(file));
    }

    pub fn remove(&mut self, file: &str) {
        self.files.remove(file);
    }

    pub fn get(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|t| &**t)
    }

    pub fn merge(&mut self, other: Sources) {
        self.files.extend(other.files);
    }
}

/// Prints diagnostics like rustc: a title, the file:line:col, the source line
/// with the problem underlined, and the help.
pub fn render_human(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        out.push_str(&render_one(&renderer, d, sources));
        out.push_str("\n\n");
    }
    out
}

fn render_one(renderer: &Renderer, d: &Diagnostic, sources: &Sources) -> String {
    let label = label(d);
    let help_label = t!("label-help");
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
    .with_name(label.clone());
    let line_text = sources
        .get(&d.file)
        .and_then(|t| t.lines().nth(d.line.saturating_sub(1)));
    let Some(line_text) = line_text else {
        let mut s = format!(
            "{label}: {}\n  --> {}:{}:{}",
            d.message, d.file, d.line, d.column
        );
        if let Some(help) = &d.help {
            let _ = write!(s, "\n  = {help_label}: {help}");
        }
        return s;
    };
    let span = char_span_to_bytes(line_text, d.column, d.len);
    let snippet = Snippet::source(line_text)
        .line_start(d.line)
        .path(&d.file)
        .annotation(AnnotationKind::Primary.span(span));
    let mut report = vec![level.primary_title(&d.message).element(snippet)];
    if let Some(help) = &d.help {
        report.push(Group::with_title(
            Level::HELP.with_name(help_label).secondary_title(help),
        ));
    }
    renderer.render(&report)
}

/// `error`, `warning` or their words in the current language.
fn label(d: &Diagnostic) -> String {
    match d.severity {
        Severity::Error => t!("label-error"),
        Severity::Warning => t!("label-warning"),
    }
}

/// Converts a 1-based character column and character length on one line into
/// a byte range of that line.
fn char_span_to_bytes(line: &str, column: usize, len: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = byte_at(column.saturating_sub(1));
    let end = byte_at(column.saturating_sub(1) + len.max(1)).max(start);
    start..end
}

/// The one-line summary printed after the diagnostics.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    t!("summary", errors = errors, warnings = warnings)
}

/// `text` safe to print on a terminal or in a CI log: a control
/// character from content (an escape sequence that would recolour, clear
/// or retitle the terminal) is shown as its picture (`␛`), as the
/// snippets of [`render_human`] show it; line breaks and tabs stay.
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.contains(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !hidden(c) => c,
            '\u{7f}' => '\u{2421}',
            c if u32::from(c) < 0x20 => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(visible("a\tb\nc"), "a\tb\nc");
        assert_eq!(
            visible("\u{1b}]0;x\u{7}\u{1b}[2J\u{7f}\u{9b}\r"),
            "␛]0;x␇␛[2J␡\u{fffd}␍"
        );
    }

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "name: 小草\nkind: 社团\n";
        let offset = text.find("社团").expect("present");
        let pos = Position::from_offset(text, offset, "社团".len());
        assert_eq!((pos.line, pos.column, pos.len), (2, 7, 2));
    }

    #[test]
    fn human_rendering_shows_file_line_snippet_and_help() {
        let mut sources = Sources::default();
        sources.insert(
            Path::new("venues/a.yaml"),
            Arc::from("name: 甲\narea: nowhere\n"),
        );
        let d = Diagnostic::error(
            Path::new("venues/a.yaml"),
            Position::new(2, 7, 7),
            msg!("unknown-area", path = "nowhere"),
        )
        .with_help("did you mean `nowhen`?");
        let text = render_human(&[d], &sources, false);
        assert!(text.contains("error: unknown area `nowhere`"), "{text}");
        assert!(text.contains("venues/a.yaml:2:7"), "{text}");
        assert!(text.contains("area: nowhere"), "{text}");
        assert!(text.contains("^^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `nowhen`?"), "{text}");
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let p = Path::new("a.md");
        let diags = vec![
            Diagnostic::error(p, Position::new(1, 1, 1), msg!("unknown-field", name = "x")),
            Diagnostic::warning(p, Position::new(1, 1, 1), msg!("unknown-field", name = "y")),
            Diagnostic::warning(p, Position::new(2, 1, 1), msg!("unknown-field", name = "z")),
        ];
        assert_eq!(summary(&diags), "1 error, 2 warnings");
    }
}
