//! Turns parser failures into errors an editor can act on.
//!
//! The parser reports where it stopped and which grammar rules it expected
//! there, which means little to someone typing a community centre's hours.
//! Instead this looks at the text around the failure for the usual mistakes
//! (Chinese punctuation, `Mon` for `Mo`, `9-17` for `09:00-17:00`, a
//! trailing `;`, ...) and explains those; anything else gets a generic
//! "unexpected text" message. Offsets are byte offsets into the text handed
//! to [`explain`], always on a character boundary.

use opening_hours_syntax::Error;
use pest::error::InputLocation;

use super::HoursError;
use crate::i18n::Msg;

/// Longest excerpt of the editor's text quoted in a message.
const QUOTE_CHARS: usize = 24;

/// Characters that Chinese input methods or word processors produce in place
/// of the ASCII punctuation the syntax needs, with the ASCII replacement.
const LOOKALIKES: &[(char, &str)] = &[
    ('：', ":"),
    ('；', ";"),
    ('，', ","),
    ('、', ","),
    ('－', "-"),
    ('–', "-"),
    ('—', "-"),
    ('～', "-"),
    ('〜', "-"),
    ('~', "-"),
    ('\u{3000}', " "),
    ('“', "\""),
    ('”', "\""),
];

/// English words editors write instead of the OpenStreetMap abbreviations.
const WORD_HINTS: &[(&str, &str)] = &[
    ("mon", "Mo"),
    ("monday", "Mo"),
    ("tue", "Tu"),
    ("tues", "Tu"),
    ("tuesday", "Tu"),
    ("wed", "We"),
    ("wednesday", "We"),
    ("thu", "Th"),
    ("thur", "Th"),
    ("thurs", "Th"),
    ("thursday", "Th"),
    ("fri", "Fr"),
    ("friday", "Fr"),
    ("sat", "Sa"),
    ("saturday", "Sa"),
    ("sun", "Su"),
    ("sunday", "Su"),
    ("daily", "Mo-Su"),
    ("everyday", "Mo-Su"),
    ("weekdays", "Mo-Fr"),
    ("weekend", "Sa,Su"),
    ("weekends", "Sa,Su"),
    ("holiday", "PH"),
    ("holidays", "PH"),
    ("january", "Jan"),
    ("february", "Feb"),
    ("march", "Mar"),
    ("april", "Apr"),
    ("june", "Jun"),
    ("july", "Jul"),
    ("august", "Aug"),
    ("sept", "Sep"),
    ("september", "Sep"),
    ("october", "Oct"),
    ("november", "Nov"),
    ("december", "Dec"),
];

pub(super) fn empty() -> HoursError {
    error(None, msg!("hours-empty"))
}

/// Rules the parser could not read, with nothing more specific to say.
pub(super) fn unreadable() -> HoursError {
    error(None, msg!("hours-unreadable"))
}

/// Explains why `src` (already trimmed and non-empty) failed to parse.
pub(super) fn explain(src: &str, err: &Error) -> HoursError {
    match err {
        Error::Syntax(syntax) => explain_syntax(src, syntax_offset(src, syntax)),
        Error::InvalidExtendedTime { hour, minutes } => {
            let text = format!("{hour:02}:{minutes:02}");
            let offset = find(src, &text).or_else(|| find(src, &format!("{hour}:{minutes:02}")));
            error(offset, msg!("hours-bad-time", time = text))
        }
        // The grammar already rejects a lone time; kept in case it relaxes.
        Error::Unsupported("point in time") => error(None, msg!("hours-time-needs-end")),
        // The only other unsupported construct is Easter followed by a day
        // number (`easter-1`), so point at the Easter.
        Error::Unsupported(what) => {
            error(find(src, "easter"), msg!("hours-unsupported", what = *what))
        }
        Error::Overflow {
            value,
            expected_bounds,
        } => error(
            find(src, &value.to_string()),
            msg!(
                "hours-out-of-range",
                value = value.to_string(),
                start = expected_bounds.start().to_string(),
                end = expected_bounds.end().to_string()
            ),
        ),
        Error::InvertedYearRange { start, end, .. } => error(
            find(src, &start.0.to_string()),
            msg!(
                "hours-years-backwards",
                start = start.0.to_string(),
                end = end.0.to_string()
            ),
        ),
        Error::InvertedWeekRange { start, end, .. } => error(
            find(src, "week"),
            msg!(
                "hours-weeks-backwards",
                start = format!("{:02}", start.0),
                end = format!("{:02}", end.0)
            ),
        ),
        // Only raised if the grammar and the parser disagree; there is
        // nothing specific to tell the editor.
        Error::GrammarUnexpectedToken { .. } | Error::GrammarLogic { .. } => unreadable(),
    }
}

fn error(offset: Option<usize>, message: Msg) -> HoursError {
    HoursError {
        offset: offset.unwrap_or(0),
        code: message.code,
        message: message.message,
        help: message.help.unwrap_or_else(|| t!("hours-help-general")),
    }
}

/// Case-insensitive search; ASCII lowercasing keeps byte offsets intact.
fn find(src: &str, needle: &str) -> Option<usize> {
    src.to_ascii_lowercase().find(&needle.to_ascii_lowercase())
}

/// Where pest stopped, clamped to a character boundary of `src`.
fn syntax_offset<R>(src: &str, err: &pest::error::Error<R>) -> usize {
    let offset = match err.location {
        InputLocation::Pos(offset) => offset,
        InputLocation::Span((start, _)) => start,
    };
    floor_boundary(src, offset)
}

fn floor_boundary(src: &str, offset: usize) -> usize {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Tries the specific explanations in order, most telling first.
fn explain_syntax(src: &str, pos: usize) -> HoursError {
    if let Some(err) = stray_space(src, pos) {
        return err;
    }
    // pest often stops on the space before an unexpected word; the word is
    // what the editor needs to see.
    let pos = skip_space(src, pos);
    lookalike(src, pos)
        .or_else(|| missing_end_time(src, pos))
        .or_else(|| line_break(src, pos))
        .or_else(|| separator(src, pos))
        .or_else(|| unclosed_comment(src, pos))
        .or_else(|| english_word(src, pos))
        .or_else(|| foreign_text(src, pos))
        .or_else(|| bad_time(src, pos))
        .or_else(|| missing_separator(src, pos))
        .unwrap_or_else(|| unexpected(src, pos, t!("hours-help-general")))
}

fn skip_space(src: &str, pos: usize) -> usize {
    match char_at(src, pos) {
        Some(' ') => pos + 1,
        _ => pos,
    }
}

/// Full-width or typographic punctuation at or just after the failure.
fn lookalike(src: &str, pos: usize) -> Option<HoursError> {
    let token_end = pos + token_at(src, pos).len();
    let scan_end = token_end.max(next_char_end(src, pos));
    let (index, c) = src[pos..scan_end]
        .char_indices()
        .find(|(_, c)| LOOKALIKES.iter().any(|(l, _)| l == c))?;
    let ascii = LOOKALIKES.iter().find(|(l, _)| *l == c)?.1;
    let message = match c {
        '\u{3000}' => msg!("hours-full-width-space"),
        _ => msg!("hours-punctuation", char = c, ascii = ascii),
    };
    Some(error(Some(pos + index), message))
}

fn line_break(src: &str, pos: usize) -> Option<HoursError> {
    if !matches!(char_at(src, pos), Some('\n' | '\r')) {
        return None;
    }
    Some(error(
        Some(pos),
        msg!("hours-line-break", context = context(src, pos)),
    ))
}

/// A doubled separator, or one with nothing after it.
fn separator(src: &str, pos: usize) -> Option<HoursError> {
    let (at, c) = match char_at(src, pos) {
        Some(c @ (';' | ',')) => (pos, c),
        // pest may stop after the separator, at the end of the text.
        _ if src[pos..].trim().is_empty() => {
            let trimmed = src[..pos].trim_end();
            let c = trimmed
                .chars()
                .next_back()
                .filter(|c| matches!(c, ';' | ','))?;
            (trimmed.len() - 1, c)
        }
        _ => return None,
    };
    if src[at + 1..].trim().is_empty() {
        return Some(error(Some(at), msg!("hours-trailing-separator", sep = c)));
    }
    Some(error(
        Some(at),
        msg!("hours-extra-separator", sep = c, context = context(src, at)),
    ))
}

fn unclosed_comment(src: &str, pos: usize) -> Option<HoursError> {
    let quotes = src.matches('"').count();
    if quotes.is_multiple_of(2) {
        return None;
    }
    let offset = src.rfind('"').unwrap_or(pos);
    Some(error(Some(offset), msg!("hours-unclosed-note")))
}

/// `Mon`, `Monday`, `July`, `daily`, ...: the ASCII word around the failure.
fn english_word(src: &str, pos: usize) -> Option<HoursError> {
    let start = src[..pos]
        .rfind(|c: char| !c.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let end = src[pos..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .map_or(src.len(), |i| pos + i);
    let word = &src[start..end];
    let lower = word.to_ascii_lowercase();
    let (_, fix) = WORD_HINTS.iter().find(|(w, _)| *w == lower)?;
    Some(error(
        Some(start),
        msg!("hours-english-word", word = word, fix = *fix),
    ))
}

/// Chinese (or other non-ASCII) text outside a quoted note.
fn foreign_text(src: &str, pos: usize) -> Option<HoursError> {
    let rest = &src[pos..];
    if rest.chars().next().is_none_or(|c| c.is_ascii()) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_ascii() || c == '\u{3000}')
        .unwrap_or(rest.len());
    Some(error(
        Some(pos),
        msg!("hours-foreign-text", text = quote(&rest[..end])),
    ))
}

/// Times without minutes (`9-17`, `0900`) or out of range (`25:00`, `17:70`).
fn bad_time(src: &str, pos: usize) -> Option<HoursError> {
    if !char_at(src, pos)?.is_ascii_digit() {
        return None;
    }
    if src[pos..].starts_with("24/7") {
        return Some(error(Some(pos), msg!("hours-24-7")));
    }
    let is_time_char = |c: char| c.is_ascii_digit() || c == ':';
    let start = src[..pos].rfind(|c| !is_time_char(c)).map_or(0, |i| i + 1);
    let end = src[pos..]
        .find(|c| !is_time_char(c))
        .map_or(src.len(), |i| pos + i);
    let chunk = &src[start..end];
    match chunk.split_once(':') {
        // A number after a month is a day of the month, not a time.
        None if follows_month(src, start) => Some(unexpected(src, start, t!("hours-help-general"))),
        None => Some(unexpected(src, start, t!("hours-help-minutes"))),
        Some((hours, minutes)) if !valid_clock(hours, minutes, !src[..start].ends_with('-')) => {
            Some(error(Some(start), msg!("hours-bad-time", time = chunk)))
        }
        Some(_) => Some(unexpected(src, start, t!("hours-help-spans"))),
    }
}

fn follows_month(src: &str, pos: usize) -> bool {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let head = src[..pos].trim_end().to_ascii_lowercase();
    MONTHS.iter().any(|month| head.ends_with(month))
}

/// Start times must fall within the day; end times may run up to 48:00 for
/// spans past midnight.
fn valid_clock(hours: &str, minutes: &str, is_start: bool) -> bool {
    let (Ok(h), Ok(m)) = (hours.parse::<u32>(), minutes.parse::<u32>()) else {
        return false;
    };
    let max_hour = if is_start { 23 } else { 48 };
    minutes.len() == 2 && m < 60 && h <= max_hour
}

/// `Mo - Fr`, `Mo-Fr  09:00`: spaces where the syntax allows none.
fn stray_space(src: &str, pos: usize) -> Option<HoursError> {
    let prev = src[..pos].chars().next_back();
    let next = src[pos..].trim_start_matches(' ').chars().next();
    let at = match char_at(src, pos)? {
        // pest skips one optional space, then stops at the `-` after it.
        '-' if prev == Some(' ') => pos - 1,
        ' ' | '\t' if prev == Some(' ') || prev == Some('-') || next == Some('-') => pos,
        '\t' => pos,
        _ => return None,
    };
    Some(error(
        Some(at),
        msg!("hours-stray-space", context = context(src, at)),
    ))
}

/// `Sa 14:00`: a single time where the syntax needs a span.
fn missing_end_time(src: &str, pos: usize) -> Option<HoursError> {
    let head = src[..pos].trim_end();
    let start = head
        .rfind(|c: char| !(c.is_ascii_digit() || c == ':'))
        .map_or(0, |i| i + 1);
    let (hours, minutes) = head[start..].split_once(':')?;
    let is_clock = (1..=2).contains(&hours.len()) && minutes.len() == 2;
    if !is_clock || head[..start].ends_with('-') {
        return None;
    }
    Some(error(
        Some(start),
        msg!("hours-no-end-time", time = &head[start..]),
    ))
}

/// `Mo-Fr 09:00-17:00 Sa 09:00-12:00`: a new rule without a `;` before it.
fn missing_separator(src: &str, pos: usize) -> Option<HoursError> {
    const RULE_STARTS: &[&str] = &["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH", "SH"];
    let token = token_at(src, pos);
    let starts_rule = RULE_STARTS.iter().any(|start| {
        token.starts_with(start) && !token[start.len()..].starts_with(|c: char| c.is_alphabetic())
    });
    if pos == 0 || !starts_rule {
        return None;
    }
    Some(unexpected(src, pos, t!("hours-help-separate")))
}

fn unexpected(src: &str, pos: usize, help: String) -> HoursError {
    let found = token_at(src, pos);
    let message = if found.is_empty() {
        msg!("hours-text-stops", context = context(src, pos))
    } else {
        msg!(
            "hours-unexpected",
            text = quote(found),
            context = context(src, pos)
        )
    };
    error(Some(pos), message.with_help(help))
}

// -- Text helpers --

fn char_at(src: &str, pos: usize) -> Option<char> {
    src[pos..].chars().next()
}

fn next_char_end(src: &str, pos: usize) -> usize {
    char_at(src, pos).map_or(pos, |c| pos + c.len_utf8())
}

/// The text from `pos` up to the next space or `;`.
fn token_at(src: &str, pos: usize) -> &str {
    let rest = &src[pos..];
    let end = rest
        .find(|c: char| c.is_ascii_whitespace() || c == ';')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// "after `<last word before pos>`", or "at the start".
fn context(src: &str, pos: usize) -> String {
    let prior = src[..pos].trim_end();
    let word = prior
        .rfind(|c: char| c.is_ascii_whitespace())
        .map_or(prior, |i| &prior[i + 1..]);
    if word.is_empty() {
        t!("hours-at-start")
    } else {
        // Keep the end of a long word: it is what sits next to the problem.
        let skip = word.chars().count().saturating_sub(QUOTE_CHARS);
        match word.char_indices().nth(skip) {
            Some((cut, _)) if skip > 0 => t!("hours-after", word = format!("…{}", &word[cut..])),
            _ => t!("hours-after", word = word),
        }
    }
}

/// Shortens long excerpts so messages stay readable on a phone.
fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
#[path = "diagnose_tests.rs"]
mod tests;
