//! Unit tests for `diagnose`.

use crate::hours::{parse, HoursError};

fn err(src: &str) -> HoursError {
    match parse(src) {
        Ok(hours) => panic!("{src:?} should not parse, got {:?}", hours.describe_zh()),
        Err(err) => err,
    }
}

#[track_caller]
fn check(src: &str, offset: usize, message: &str, help: &str) {
    let err = err(src);
    assert_eq!(err.offset, offset, "offset for {src:?}: {err:?}");
    assert!(
        err.message.contains(message),
        "message for {src:?}: {:?}",
        err.message
    );
    assert!(err.help.contains(help), "help for {src:?}: {:?}", err.help);
    assert!(src.is_char_boundary(err.offset));
}

#[test]
fn hours_without_minutes() {
    check(
        "Mo-Fr 9-17",
        6,
        "invalid opening hours: unexpected text `9-17` after `Mo-Fr`",
        "e.g. `09:00-17:00`",
    );
    check("Mo-Fr 0900-1700", 6, "after `Mo-Fr`", "hours and minutes");
}

#[test]
fn english_day_and_month_names() {
    check(
        "Mon-Fri 09:00-17:00",
        0,
        "invalid opening hours: `Mon` is not OpenStreetMap syntax",
        "write `Mo` instead of `Mon`",
    );
    check("Mo-Fri 09:00-17:00", 3, "`Fri`", "write `Fr` instead");
    check("Monday 09:00-12:00", 0, "`Monday`", "write `Mo`");
    check("July-Aug Mo 10:00-12:00", 0, "`July`", "write `Jul`");
    check("daily 09:00-17:00", 0, "`daily`", "write `Mo-Su`");
}

#[test]
fn times_out_of_range() {
    check(
        "Mo-Fr 25:00-26:00",
        6,
        "invalid opening hours: `25:00` is not a valid time",
        "hours go from 00 to 23",
    );
    check("Mo-Fr 09:00-17:70", 12, "`17:70` is not a valid time", "");
    check("Mo-Fr 09:00-48:30", 12, "`48:30` is not a valid time", "");
}

#[test]
fn chinese_text() {
    check(
        "周一至周五 09:00-17:00",
        0,
        "invalid opening hours: `周一至周五` is not OpenStreetMap syntax",
        "English abbreviations",
    );
    check(
        "Mo-Fr 09:00-17:00 周末休息",
        18,
        "`周末休息`",
        "put other notes in quotes",
    );
}

#[test]
fn full_width_and_typographic_punctuation() {
    check(
        "Mo-Fr 09：00-17：00",
        8,
        "`：` must be the plain `:`",
        "English mode",
    );
    check(
        "Mo-Fr 09:00-17:00；Sa 09:00-12:00",
        17,
        "`；` must be the plain `;`",
        "",
    );
    check("Mo-Fr 09:00–17:00", 11, "`–` must be the plain `-`", "");
    check("Mo-Fr\u{3000}09:00-17:00", 5, "full-width space", "");
}

#[test]
fn empty_input() {
    for src in ["", "   ", "\n"] {
        check(src, 0, "opening hours are empty", "remove the field");
    }
    assert_eq!(err("").message, "opening hours are empty");
}

#[test]
fn separators_and_layout() {
    check(
        "Mo-Fr 09:00-17:00;",
        17,
        "nothing after the last `;`",
        "remove the `;` at the end",
    );
    check(
        "Mo-Fr 09:00-17:00;;Sa 10:00-12:00",
        18,
        "unexpected `;` after `09:00-17:00;`",
        "remove the extra `;`",
    );
    check(";", 0, "nothing after the last `;`", "");
    check(";;", 0, "unexpected `;` at the start", "");
    check(
        "Mo-Fr 09:00-17:00\nSa 10:00-12:00",
        17,
        "line break after `09:00-17:00`",
        "one line",
    );
    check("Mo - Fr 09:00-17:00", 2, "unexpected space after `Mo`", "");
    check("Mo- Fr 09:00-17:00", 3, "unexpected space after `Mo-`", "");
    check(
        "Mo-Fr  09:00-17:00",
        6,
        "unexpected space after `Mo-Fr`",
        "",
    );
    check("Jul-Aug 24/7", 8, "`24/7` must be a rule of its own", "");
    check("Mo 10:00-12:00 \"预约", 15, "not closed", "second `\"`");
}

#[test]
fn single_times_and_missing_separators() {
    check(
        "Sa 14:00",
        3,
        "invalid opening hours: `14:00` has no end time",
        "e.g. `14:00-16:00`",
    );
    check("Mo 09:00; Tu 10:00-12:00", 3, "`09:00` has no end time", "");
    check(
        "Mo-Fr 09:00-17:00 Sa 10:00-12:00",
        18,
        "unexpected text `Sa` after `09:00-17:00`",
        "separate rules with `;`",
    );
    check(
        "Mo-Fr 09:00-12:00 14:00-18:00",
        18,
        "unexpected text `14:00-18:00` after `09:00-12:00`",
        "separate spans with `,`",
    );
    check(
        "Jan 32",
        4,
        "unexpected text `32` after `Jan`",
        "OpenStreetMap syntax",
    );
}

#[test]
fn offsets_count_leading_whitespace() {
    check("  Mo-Fr 9-17", 8, "after `Mo-Fr`", "");
}

#[test]
fn errors_found_after_parsing() {
    check(
        "2025-2020 Mo 10:00-12:00",
        0,
        "`2025-2020` goes backwards",
        "",
    );
    check("week 10-01 Mo 10:00-12:00", 0, "`10-01` goes backwards", "");
}

#[test]
fn generic_unexpected_text() {
    check(
        "Mo-Fr 09:00-17:00 x",
        18,
        "unexpected text `x` after `09:00-17:00`",
        "OpenStreetMap syntax",
    );
    check(
        "Mo 10:00-12:00 \"预约\" x",
        24,
        "unexpected text `x` after `\"预约\"`",
        "",
    );
    check("Mo-Fr 09:00-", 12, "the text stops after `09:00-`", "");
}

#[test]
fn long_excerpts_are_shortened() {
    let src = format!("Mo-Fr 09:00-17:00 {}", "x".repeat(200));
    let err = err(&src);
    assert!(err.message.chars().count() < 100, "{:?}", err.message);
    assert!(err.message.contains('…'));
}
