//! Opening hours of venues (`hours:`) and schedules of services (`schedule:`).
//!
//! This module owns everything about those two fields: parsing them in
//! OpenStreetMap `opening_hours` syntax (grammar from the
//! `opening-hours-syntax` crate), explaining mistakes to editors with the
//! byte offset of the problem, and wording the result in Simplified Chinese
//! for readers ([`OpeningHours::describe_zh`]).

mod describe;
mod diagnose;
pub(crate) mod words;

pub(crate) use words::from_words;

use std::fmt;
#[cfg(test)]
use std::ops::Range;
use std::str::FromStr;

use opening_hours_syntax::rules::OpeningHoursExpression;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Parsed opening hours, with the text they were parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpeningHours {
    raw: String,
    expression: OpeningHoursExpression,
}

/// Why a value is not valid opening hours, worded for editors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HoursError {
    /// Byte offset of the problem in the text given to [`parse`], always on
    /// a character boundary (0 when the position is unknown).
    pub offset: usize,
    /// The message's id in the catalogue (`hours-bad-time`).
    pub code: &'static str,
    /// What is wrong, e.g. "invalid opening hours: unexpected text `9-17`
    /// after `Mo-Fr`".
    pub message: String,
    /// How to fix it, usually with an example.
    pub help: String,
}

/// How many texts [`parse`] remembers on each thread.
const MEMO_SIZE: usize = 256;

thread_local! {
    /// Texts parsed before, with what they parsed to: a directory's
    /// records repeat a few timetables (`Mo-Fr 09:00-17:00`) many times,
    /// and the grammar is slow to run. Only what parses is kept, so an
    /// error is always worded in the language of the moment.
    static MEMO: std::cell::RefCell<std::collections::HashMap<String, OpeningHours>> =
        std::cell::RefCell::default();
}

/// Parses OpenStreetMap opening hours such as `Mo-Fr 09:00-17:00; PH off`.
///
/// Surrounding whitespace is ignored (YAML editors add it easily); offsets in
/// errors still refer to `src` as given.
pub(crate) fn parse(src: &str) -> Result<OpeningHours, HoursError> {
    let text = src.trim();
    if text.is_empty() {
        return Err(diagnose::empty());
    }
    if let Some(hours) = MEMO.with_borrow(|memo| memo.get(text).cloned()) {
        return Ok(hours);
    }
    let leading = src.len() - src.trim_start().len();
    // `opening-hours-syntax` 2.1 asserts, in builds with debug assertions,
    // that its grammar and parser agree, and they do not on every input
    // (`0:00-5:05/24:00`, a fuzzer's find): such a panic is a text it
    // cannot read, as a release build of it says.
    let Ok(parsed) = std::panic::catch_unwind(|| opening_hours_syntax::parse(text)) else {
        return Err(diagnose::unreadable());
    };
    match parsed {
        Ok(expression) => {
            let hours = OpeningHours {
                raw: text.to_owned(),
                expression,
            };
            MEMO.with_borrow_mut(|memo| {
                if memo.len() >= MEMO_SIZE {
                    memo.clear();
                }
                memo.insert(text.to_owned(), hours.clone());
            });
            Ok(hours)
        }
        Err(err) => {
            let mut error = diagnose::explain(text, &err);
            error.offset += leading;
            Err(error)
        }
    }
}

impl OpeningHours {
    /// The text as written by the editor, without surrounding whitespace.
    #[cfg(test)]
    pub(crate) fn raw(&self) -> &str {
        &self.raw
    }

    /// The parsed rules, for callers that need more than the description.
    pub(crate) fn expression(&self) -> &OpeningHoursExpression {
        &self.expression
    }

    /// One line per rule in Simplified Chinese, e.g.
    /// `["周一至周五 08:30–12:00、14:30–18:00", "周六 09:00–12:00", "法定节假日休息"]`.
    ///
    /// Never empty: a rule the wording does not cover is shown as written.
    pub(crate) fn describe_zh(&self) -> Vec<String> {
        describe::describe(&self.expression, &self.raw)
    }
}

impl HoursError {
    /// The message, for a diagnostic.
    pub(crate) fn into_msg(self) -> crate::i18n::Msg {
        crate::i18n::Msg {
            code: self.code,
            message: self.message,
            help: Some(self.help),
        }
    }

    /// Byte range to underline in `src` (the text given to [`parse`]): the
    /// word at [`HoursError::offset`], at least one character unless the
    /// problem is at the very end. Always on character boundaries.
    #[cfg(test)]
    pub(crate) fn span(&self, src: &str) -> Range<usize> {
        let mut start = self.offset.min(src.len());
        while !src.is_char_boundary(start) {
            start -= 1;
        }
        let rest = &src[start..];
        let word = rest
            .find(|c: char| c.is_ascii_whitespace() || c == ';')
            .unwrap_or(rest.len());
        let first = rest.chars().next().map_or(0, char::len_utf8);
        start..start + word.max(first)
    }
}

impl fmt::Display for HoursError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HoursError {}

impl fmt::Display for OpeningHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl FromStr for OpeningHours {
    type Err = HoursError;

    fn from_str(src: &str) -> Result<Self, Self::Err> {
        parse(src)
    }
}

/// Serialised as the source text, so JSON output and templates see what the
/// editor wrote.
impl Serialize for OpeningHours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for OpeningHours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).map_err(|err| {
            de::Error::custom(format_args!(
                "{} (at byte {}); {}",
                err.message, err.offset, err.help
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use opening_hours_syntax::rules::RuleKind;

    #[test]
    fn a_text_parsed_again_comes_from_memory_the_same_and_memory_stays_small() {
        let first = parse(" Mo-Fr 09:00-17:00 ").expect("valid");
        assert!(MEMO.with_borrow(|memo| memo.contains_key("Mo-Fr 09:00-17:00")));
        assert_eq!(parse("Mo-Fr 09:00-17:00").expect("valid"), first);
        assert_eq!(first.raw(), "Mo-Fr 09:00-17:00");
        // A mistake is worked out each time, at its place in the text given.
        let wrong = parse("  Mo-Fr 9-17").expect_err("invalid");
        assert_eq!(
            parse("Mo-Fr 9-17").expect_err("invalid").offset + 2,
            wrong.offset
        );
        for minute in 0..MEMO_SIZE + 5 {
            let text = format!("Sa {:02}:{:02}-23:00", minute / 60, minute % 60);
            let hours = parse(&text).expect("valid");
            assert_eq!(hours.raw(), text);
            assert!(MEMO.with_borrow(|memo| memo.len() <= MEMO_SIZE));
        }
    }

    /// Every value found in the venue and service test corpora.
    const CORPUS: &[&str] = &[
        "Mo-Fr 09:00-17:00",
        "Mo-Su 08:30-21:00",
        "Mo-Fr 08:30-12:00,14:30-18:00; Sa 09:00-12:00",
        "Tu-Su 09:00-17:00; Mo off",
        "24/7",
        "Mo-Sa 09:00-18:00; PH off",
        "Mo-Fr 08:00-20:00",
        "Mo-Su 10:00-22:00",
        "Mo-Fr 14:00-18:00; Sa,Su 09:00-17:00",
        "Sa 14:00-16:00",
        "We 19:00-21:00",
        "Mo,We,Fr 18:30-20:00",
        "Su 09:00-11:30",
        "Tu,Th 15:00-17:00",
        "Mo-Fr 16:30-18:30",
        "Sa,Su 09:00-12:00",
        "Fr 19:30-21:00",
        "Th 14:30-16:30",
        "Fr-Sa 20:00-02:00",
        "Mo-Fr 18:30-21:00; PH off",
        "Jul-Aug Mo-Fr 09:00-17:00",
    ];

    #[test]
    fn hours_the_parser_cannot_read_are_an_error_not_a_panic() {
        // The parser's grammar and its code disagree on this one.
        let err = parse("0:00-5:05/24:00").expect_err("unreadable");
        assert_eq!(err.code, "hours-unreadable");
    }

    #[test]
    fn corpus_parses_and_is_described() {
        for src in CORPUS {
            let hours = parse(src).unwrap_or_else(|err| panic!("{src:?}: {err:?}"));
            assert_eq!(hours.raw(), *src);
            let lines = hours.describe_zh();
            assert!(!lines.is_empty(), "{src:?}");
            assert!(lines.iter().all(|l| !l.is_empty()), "{src:?}: {lines:?}");
            // Every corpus rule is within the wording: no raw OSM text left.
            assert!(
                lines.iter().all(|l| !l.contains("Mo")),
                "{src:?}: {lines:?}"
            );
        }
    }

    #[test]
    fn brief_example_description() {
        let hours = parse("Mo-Fr 08:30-12:00,14:30-18:00; Sa 09:00-12:00; PH off");
        assert_eq!(
            hours.map(|h| h.describe_zh()),
            Ok(vec![
                "周一至周五 08:30–12:00、14:30–18:00".to_owned(),
                "周六 09:00–12:00".to_owned(),
                "法定节假日休息".to_owned(),
            ])
        );
    }

    #[test]
    fn raw_is_trimmed_and_expression_exposed() {
        let hours = parse("  Mo-Fr 09:00-17:00 \n").expect("valid");
        assert_eq!(hours.raw(), "Mo-Fr 09:00-17:00");
        assert_eq!(hours.to_string(), "Mo-Fr 09:00-17:00");
        assert_eq!(hours.expression().rules.len(), 1);
        let two = parse("Mo-Fr 09:00-17:00; PH off").expect("valid");
        assert_eq!(two.expression().rules.len(), 2);
        assert_eq!(two.expression().rules[1].kind, RuleKind::Closed);
    }

    #[test]
    fn from_str_and_serde_round_trip() {
        let hours: OpeningHours = "Sa 14:00-16:00".parse().expect("valid");
        assert_eq!(hours.describe_zh(), ["周六 14:00–16:00"]);

        let json = serde_json::to_string(&hours).expect("serialise");
        assert_eq!(json, r#""Sa 14:00-16:00""#);
        let back: OpeningHours = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, hours);

        let bad = serde_json::from_str::<OpeningHours>(r#""Mo-Fr 9-17""#);
        let message = bad.expect_err("invalid").to_string();
        assert!(message.contains("after `Mo-Fr` (at byte 6)"), "{message}");
    }

    #[test]
    fn span_covers_the_offending_word() {
        let src = "Mo-Fr 9-17";
        let err = parse(src).expect_err("invalid");
        assert_eq!(&src[err.span(src)], "9-17");

        let src = "周一至周五 09:00-17:00";
        let err = parse(src).expect_err("invalid");
        assert_eq!(&src[err.span(src)], "周一至周五");

        let src = "Mo-Fr 09:00-17:00;";
        let err = parse(src).expect_err("invalid");
        assert_eq!(&src[err.span(src)], ";");

        let odd = HoursError {
            offset: 1,
            code: "hours-unreadable",
            message: String::new(),
            help: String::new(),
        };
        assert_eq!(odd.span("周"), 0..3);
        assert_eq!(odd.span(""), 0..0);
    }

    #[test]
    fn garbage_never_panics() {
        let long_valid = vec!["Mo-Fr 09:00-17:00"; 200].join("; ");
        let long_garbage = "周".repeat(5_000);
        let many_semicolons = ";".repeat(1_000);
        let mut inputs = vec![
            ";",
            ";;;",
            " ; ",
            "||",
            ",",
            "-",
            ":",
            "\"",
            "\"\"",
            "\"unterminated",
            "24/7 24/7",
            "Mo-",
            "Mo-Fr 09:00-",
            "Mo-Fr 09:00-17:00 ||",
            "Mo[",
            "Mo[0] 10:00-12:00",
            "Mo[6] 10:00-12:00",
            "Su[-1-2]",
            "99:99-99:99",
            "00:00-48:01",
            "week 54",
            "week 1-53/0",
            "week 1-53/999999",
            "Feb 30",
            "Jan 00",
            "1899 Mo",
            "9999-1900",
            "easter-1",
            "easter -1 day off",
            "sunset-sunrise/00:00",
            "(sunrise-99:00)-12:00",
            "PH -3 days",
            "🙂",
            "Mo-Fr 09:00-17:00 🙂",
            "Ｍｏ－Ｆｒ",
            "\u{0}",
            "\t\n\r",
            "Mo\u{3000}10:00-12:00",
            "a\u{301}",
            "مرحبا",
            "周一至周五",
            "Mo-Fr 09:00-17:00 \"营业\" \"again\"",
        ];
        inputs.extend([
            long_valid.as_str(),
            long_garbage.as_str(),
            many_semicolons.as_str(),
        ]);
        for src in inputs {
            match parse(src) {
                Ok(hours) => {
                    let lines = hours.describe_zh();
                    assert!(!lines.is_empty(), "{src:?}");
                    assert!(lines.iter().all(|l| !l.is_empty()), "{src:?}: {lines:?}");
                }
                Err(err) => {
                    assert!(src.is_char_boundary(err.offset), "{src:?}: {err:?}");
                    assert!(err.offset <= src.len(), "{src:?}: {err:?}");
                    assert!(err.message.contains("opening hours"), "{err:?}");
                    assert!(!err.help.is_empty(), "{src:?}");
                    let span = err.span(src);
                    assert!(src.get(span).is_some(), "{src:?}: {err:?}");
                }
            }
        }
    }
}
