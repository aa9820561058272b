//! Simplified Chinese wording of parsed opening hours, one line per rule.
//!
//! Every rule is described from the parsed expression. A rule containing
//! something this wording does not cover (day offsets, repeating times,
//! Easter, ...) is shown as its OpenStreetMap text instead, so readers never
//! get an empty or wrong line.

use opening_hours_syntax::rules::day::{
    Date, DateOffset, DaySelector, HolidayKind, MonthdayRange, WeekDayRange, WeekRange, Weekday,
    YearRange,
};
use opening_hours_syntax::rules::time::{Time, TimeEvent, TimeSelector, TimeSpan, VariableTime};
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleKind, RuleOperator, RuleSequence};
use opening_hours_syntax::ExtendedTime;

/// "Every day": used alone instead of "周一至周日".
const EVERY_DAY: &str = "每天";
/// Separator between items of a list (days, time spans, dates).
const LIST_SEP: &str = "、";
const MINUTES_PER_DAY: u16 = 24 * 60;

/// One line per rule of `expression`; `raw` is the text it was parsed from.
pub(super) fn describe(expression: &OpeningHoursExpression, raw: &str) -> Vec<String> {
    let raw_rules = split_raw_rules(raw, expression.rules.len());
    let lines: Vec<String> = expression
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            describe_rule(rule).unwrap_or_else(|| {
                let written = raw_rules.as_ref().and_then(|texts| texts.get(index));
                written.map_or_else(|| rule.to_string(), |text| (*text).to_owned())
            })
        })
        .collect();

    if lines.is_empty() {
        vec![raw.to_owned()]
    } else {
        lines
    }
}

/// Splits the source at `;` and `||` outside quoted comments, so that a rule
/// the describer cannot word is shown exactly as the editor wrote it rather
/// than in the parser's re-serialisation. Returns `None` when the pieces do
/// not line up with the parsed rules (the `, ` "additional rule" separator is
/// ambiguous with time lists, so it is not split on).
fn split_raw_rules(raw: &str, expected: usize) -> Option<Vec<&str>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_comment = false;
    let mut chars = raw.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => in_comment = !in_comment,
            ';' if !in_comment => {
                pieces.push(raw[start..index].trim());
                start = index + 1;
            }
            '|' if !in_comment && chars.peek().map(|&(_, next)| next) == Some('|') => {
                pieces.push(raw[start..index].trim());
                chars.next();
                start = index + 2;
            }
            _ => {}
        }
    }
    pieces.push(raw[start..].trim());
    (pieces.len() == expected).then_some(pieces)
}

/// Words one rule, or `None` if any part of it is beyond this describer.
fn describe_rule(rule: &RuleSequence) -> Option<String> {
    let dates = describe_dates(&rule.day_selector)?;
    let days = describe_weekdays(&rule.day_selector.weekday)?;
    let times = describe_times(&rule.time_selector)?;
    let has_times = !times.is_empty();
    let head = join_nonempty(&[dates, days, times]);

    let mut line = with_state(head, rule.kind, has_times, &rule.comment);
    if !rule.comment.is_empty() {
        line.push_str(&format!("（{}）", rule.comment));
    }
    if rule.operator == RuleOperator::Fallback {
        // A fallback rule applies whenever the rules before it do not.
        let gap = if line.starts_with('（') { "" } else { " " };
        line = format!("其他时间{gap}{line}");
    }
    Some(line)
}

/// Adds the open/closed/unknown wording to the day-and-time part of a line.
fn with_state(head: String, kind: RuleKind, has_times: bool, comment: &str) -> String {
    match kind {
        RuleKind::Open if has_times => head,
        RuleKind::Open if head.is_empty() || head == EVERY_DAY => {
            // A rule made only of a comment (`"预约"`) parses as open all the
            // time; the comment is the real information, so say nothing else.
            if comment.is_empty() {
                "全天24小时开放".to_owned()
            } else {
                String::new()
            }
        }
        RuleKind::Open => format!("{head} 全天开放"),
        RuleKind::Closed => with_suffix(head, has_times, "休息", "不开放"),
        RuleKind::Unknown => with_suffix(head, has_times, "待定", "开放时间待定"),
    }
}

/// "周一休息" but "周一 12:00–13:00 休息": a space only after a time keeps the
/// suffix from reading as part of the time.
fn with_suffix(head: String, has_times: bool, suffix: &str, alone: &str) -> String {
    if head.is_empty() {
        alone.to_owned()
    } else if has_times {
        format!("{head} {suffix}")
    } else {
        format!("{head}{suffix}")
    }
}

fn join_nonempty(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|part| !part.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

fn join_all<T>(items: &[T], describe: impl Fn(&T) -> Option<String>) -> Option<String> {
    let words = items.iter().map(describe).collect::<Option<Vec<_>>>()?;
    Some(words.join(LIST_SEP))
}

// -- Dates: years, months, dates and weeks --

fn describe_dates(selector: &DaySelector) -> Option<String> {
    let years = join_all(&selector.year, describe_year)?;
    let months = join_all(&selector.monthday, describe_monthday)?;
    let weeks = join_all(&selector.week, describe_week)?;
    // "2025年7月至8月" reads as one unit, so year and month are not spaced.
    Some(join_nonempty(&[years + &months, weeks]))
}

fn describe_year(range: &YearRange) -> Option<String> {
    let (years, step) = range.into_parts();
    let (start, end) = (years.start().0, years.end().0);
    match (step, end) {
        (1, _) if start == end => Some(format!("{start}年")),
        // The parser stores an open-ended `2025+` as ending in 9999.
        (1, 9999) => Some(format!("{start}年起")),
        (1, _) => Some(format!("{start}年至{end}年")),
        _ => None,
    }
}

fn describe_monthday(range: &MonthdayRange) -> Option<String> {
    match range {
        MonthdayRange::Month { range, year } => {
            let year = year.map(|y| format!("{}年", y.0)).unwrap_or_default();
            let (start, end) = (u8::from(*range.start()), u8::from(*range.end()));
            if start == end {
                Some(format!("{year}{start}月"))
            } else {
                Some(format!("{year}{start}月至{end}月"))
            }
        }
        MonthdayRange::Date { start, end } => {
            let first = describe_date(start)?;
            if start == end {
                Some(first)
            } else {
                Some(format!("{first}至{}", describe_date(end)?))
            }
        }
    }
}

/// Fixed calendar dates only; weekday-of-month dates, Easter and offsets fall
/// back to the OpenStreetMap text.
fn describe_date((date, offset): &(Date, DateOffset)) -> Option<String> {
    match date {
        Date::Fixed { year, month, day } if *offset == DateOffset::default() => {
            let year = year.map(|y| format!("{}年", y.0)).unwrap_or_default();
            Some(format!("{year}{}月{day}日", u8::from(*month)))
        }
        _ => None,
    }
}

fn describe_week(range: &WeekRange) -> Option<String> {
    let (weeks, step) = range.into_parts();
    let (start, end) = (weeks.start().0, weeks.end().0);
    match step {
        1 if start == end => Some(format!("第{start}周")),
        1 => Some(format!("第{start}至{end}周")),
        _ => None,
    }
}

// -- Weekdays and holidays --

fn describe_weekdays(ranges: &[WeekDayRange]) -> Option<String> {
    join_all(ranges, describe_weekday_range)
}

fn describe_weekday_range(range: &WeekDayRange) -> Option<String> {
    match range {
        WeekDayRange::Holiday { kind, offset: 0 } => Some(holiday_name(*kind).to_owned()),
        WeekDayRange::Fixed {
            range,
            offset: 0,
            nth_from_start,
            nth_from_end,
        } => {
            let every_week = nth_from_start.iter().chain(nth_from_end).all(|&on| on);
            if every_week {
                Some(day_span(*range.start(), *range.end()))
            } else if range.start() == range.end() {
                nth_of_month(*range.start(), nth_from_start, nth_from_end)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn holiday_name(kind: HolidayKind) -> &'static str {
    match kind {
        HolidayKind::Public => "法定节假日",
        HolidayKind::School => "学校假期",
    }
}

/// "周一", "周六、周日" (two days read better as a list), "周一至周五", or
/// "每天" for a range covering the whole week.
fn day_span(start: Weekday, end: Weekday) -> String {
    let days = (end.num_days_from_monday() + 7 - start.num_days_from_monday()) % 7 + 1;
    match days {
        1 => day_name(start).to_owned(),
        2 => format!("{}{LIST_SEP}{}", day_name(start), day_name(end)),
        7 => EVERY_DAY.to_owned(),
        _ => format!("{}至{}", day_name(start), day_name(end)),
    }
}

/// "每月第1、3个周六", "每月最后一个周日", "每月倒数第2个周五".
fn nth_of_month(day: Weekday, from_start: &[bool; 5], from_end: &[bool; 5]) -> Option<String> {
    let name = day_name(day);
    let mut parts = Vec::new();
    let firsts: Vec<String> = week_numbers(from_start).map(|n| n.to_string()).collect();
    if !firsts.is_empty() {
        parts.push(format!("第{}个{name}", firsts.join(LIST_SEP)));
    }
    for n in week_numbers(from_end) {
        parts.push(match n {
            1 => format!("最后一个{name}"),
            _ => format!("倒数第{n}个{name}"),
        });
    }
    (!parts.is_empty()).then(|| format!("每月{}", parts.join(LIST_SEP)))
}

fn week_numbers(flags: &[bool; 5]) -> impl Iterator<Item = usize> + '_ {
    flags
        .iter()
        .enumerate()
        .filter(|(_, &on)| on)
        .map(|(index, _)| index + 1)
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

// -- Times --

/// Empty string for "all day", so callers can word the whole-day case.
fn describe_times(selector: &TimeSelector) -> Option<String> {
    let whole_day = TimeSpan::fixed_range(ExtendedTime::MIDNIGHT_00, ExtendedTime::MIDNIGHT_24);
    if selector.spans == [whole_day] {
        return Some(String::new());
    }
    join_all(&selector.spans, describe_span)
}

fn describe_span(span: &TimeSpan) -> Option<String> {
    if span.repeats.is_some() {
        return None;
    }
    let (start, end) = (&span.range.start, &span.range.end);
    match (start, end, span.open_end) {
        // `17:00+` is stored as 17:00 to midnight with an open end.
        (_, Time::Fixed(end), true) if *end == ExtendedTime::MIDNIGHT_24 => {
            Some(format!("{}起", time_text(start)))
        }
        (_, _, true) => None,
        (Time::Fixed(start), Time::Fixed(end), false) => Some(fixed_span(*start, *end)),
        _ => Some(format!("{}–{}", time_text(start), time_text(end))),
    }
}

/// "18:30–21:00", or "20:00–次日02:00" when the span runs past midnight,
/// whether written as `20:00-02:00` or `20:00-26:00`.
fn fixed_span(start: ExtendedTime, end: ExtendedTime) -> String {
    let (from, to) = (start.mins_from_midnight(), end.mins_from_midnight());
    let end_text = if to > MINUTES_PER_DAY {
        format!("次日{}", clock(to - MINUTES_PER_DAY))
    } else if to == 0 {
        // Ending "at 00:00" is the same midnight readers know as 24:00.
        clock(MINUTES_PER_DAY)
    } else if to <= from {
        format!("次日{}", clock(to))
    } else {
        clock(to)
    };
    format!("{}–{end_text}", clock(from))
}

fn time_text(time: &Time) -> String {
    match time {
        Time::Fixed(time) if time.mins_from_midnight() > MINUTES_PER_DAY => {
            format!("次日{}", clock(time.mins_from_midnight() - MINUTES_PER_DAY))
        }
        Time::Fixed(time) => clock(time.mins_from_midnight()),
        Time::Variable(time) => variable_time(*time),
    }
}

fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "日落", "日落前1小时", "日出后30分钟".
fn variable_time(time: VariableTime) -> String {
    let event = match time.event {
        TimeEvent::Dawn => "黎明",
        TimeEvent::Sunrise => "日出",
        TimeEvent::Sunset => "日落",
        TimeEvent::Dusk => "黄昏",
    };
    let amount = duration_text(time.offset.unsigned_abs());
    match time.offset {
        0 => event.to_owned(),
        offset if offset < 0 => format!("{event}前{amount}"),
        _ => format!("{event}后{amount}"),
    }
}

fn duration_text(minutes: u16) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}分钟"),
        (h, 0) => format!("{h}小时"),
        (h, m) => format!("{h}小时{m}分钟"),
    }
}

#[cfg(test)]
mod tests {
    use crate::hours::parse;

    fn zh(src: &str) -> Vec<String> {
        match parse(src) {
            Ok(hours) => hours.describe_zh(),
            Err(err) => panic!("{src:?} should parse: {err:?}"),
        }
    }

    #[track_caller]
    fn check(src: &str, expected: &[&str]) {
        assert_eq!(zh(src), expected, "description of {src:?}");
    }

    #[test]
    fn weekday_ranges_and_lists() {
        check("Mo-Fr 09:00-17:00", &["周一至周五 09:00–17:00"]);
        check("Mo-Su 08:30-21:00", &["每天 08:30–21:00"]);
        check("Mo,We,Fr 18:30-20:00", &["周一、周三、周五 18:30–20:00"]);
        check("Tu,Th 15:00-17:00", &["周二、周四 15:00–17:00"]);
        check("Sa,Su 09:00-12:00", &["周六、周日 09:00–12:00"]);
        check("Sa-Su 09:00-12:00", &["周六、周日 09:00–12:00"]);
        check("We 19:00-21:00", &["周三 19:00–21:00"]);
        check("Su 09:00-11:30", &["周日 09:00–11:30"]);
    }

    #[test]
    fn several_rules_and_spans() {
        check(
            "Mo-Fr 08:30-12:00,14:30-18:00; Sa 09:00-12:00",
            &["周一至周五 08:30–12:00、14:30–18:00", "周六 09:00–12:00"],
        );
        check(
            "Mo-Fr 14:00-18:00; Sa,Su 09:00-17:00",
            &["周一至周五 14:00–18:00", "周六、周日 09:00–17:00"],
        );
        check(
            "Mo 09:00-12:00, We 14:00-16:00",
            &["周一 09:00–12:00", "周三 14:00–16:00"],
        );
    }

    #[test]
    fn closed_days_and_holidays() {
        check(
            "Tu-Su 09:00-17:00; Mo off",
            &["周二至周日 09:00–17:00", "周一休息"],
        );
        check(
            "Mo-Sa 09:00-18:00; PH off",
            &["周一至周六 09:00–18:00", "法定节假日休息"],
        );
        check(
            "Mo-Fr 18:30-21:00; PH off",
            &["周一至周五 18:30–21:00", "法定节假日休息"],
        );
        check("Su,PH closed", &["周日、法定节假日休息"]);
        check("PH 10:00-14:00", &["法定节假日 10:00–14:00"]);
        check(
            "Mo-Fr,PH 10:00-12:00",
            &["周一至周五、法定节假日 10:00–12:00"],
        );
        check("SH off", &["学校假期休息"]);
        check("Mo-Fr 12:00-13:00 off", &["周一至周五 12:00–13:00 休息"]);
        check("off", &["不开放"]);
    }

    #[test]
    fn always_open_and_whole_days() {
        check("24/7", &["全天24小时开放"]);
        check("Mo-Su 00:00-24:00", &["全天24小时开放"]);
        check("Sa", &["周六 全天开放"]);
        check("24/7; PH off", &["全天24小时开放", "法定节假日休息"]);
    }

    #[test]
    fn overnight_spans() {
        check("Fr-Sa 20:00-02:00", &["周五、周六 20:00–次日02:00"]);
        check("Fr 20:00-26:30", &["周五 20:00–次日02:30"]);
        check("Sa 18:00-00:00", &["周六 18:00–24:00"]);
        check("Sa 18:00-24:00", &["周六 18:00–24:00"]);
    }

    #[test]
    fn months_dates_years_and_weeks() {
        check(
            "Jul-Aug Mo-Fr 09:00-17:00",
            &["7月至8月 周一至周五 09:00–17:00"],
        );
        check("Dec 25 off", &["12月25日休息"]);
        check("Dec 24-Jan 02 off", &["12月24日至1月2日休息"]);
        check(
            "2025 Jul-Aug Mo-Fr 09:00-17:00",
            &["2025年7月至8月 周一至周五 09:00–17:00"],
        );
        check("week 1-10 Mo 10:00-12:00", &["第1至10周 周一 10:00–12:00"]);
    }

    #[test]
    fn nth_weekday_of_month() {
        check("Sa[1] 10:00-12:00", &["每月第1个周六 10:00–12:00"]);
        check("Sa[1,3] 10:00-12:00", &["每月第1、3个周六 10:00–12:00"]);
        check("Su[-1] 14:00-16:00", &["每月最后一个周日 14:00–16:00"]);
    }

    #[test]
    fn comments_unknown_and_fallback() {
        check("Mo 10:00-12:00 \"预约\"", &["周一 10:00–12:00（预约）"]);
        check("\"请电话预约\"", &["（请电话预约）"]);
        check(
            "Mo-Fr 09:00-17:00 || \"电话预约\"",
            &["周一至周五 09:00–17:00", "其他时间（电话预约）"],
        );
        check("Mo-Fr unknown", &["周一至周五待定"]);
        check("unknown", &["开放时间待定"]);
    }

    #[test]
    fn open_end_and_sun_times() {
        check("Fr 17:00+", &["周五 17:00起"]);
        check("sunrise-sunset", &["日出–日落"]);
        check("(sunset-01:00)-24:00", &["日落前1小时–24:00"]);
        check("(sunrise+00:30)-12:00", &["日出后30分钟–12:00"]);
    }

    #[test]
    fn unsupported_parts_fall_back_to_the_rule_text() {
        check(
            "Mo-Fr 09:00-17:00; PH +1 day off",
            &["周一至周五 09:00–17:00", "PH +1 day off"],
        );
        check("Mo 10:00-16:00/01:00", &["Mo 10:00-16:00/01:00"]);
        check("easter off", &["easter off"]);
        check(
            "Mo 09:00-12:00, easter 10:00-12:00",
            &["周一 09:00–12:00", "easter 10:00-12:00"],
        );
    }

    #[test]
    fn raw_rules_split_outside_comments() {
        let pieces = super::split_raw_rules("Mo 10:00-12:00 \"a;b||c\" || Tu", 2);
        assert_eq!(pieces, Some(vec!["Mo 10:00-12:00 \"a;b||c\"", "Tu"]));
        assert_eq!(super::split_raw_rules("Mo; Tu", 3), None);
    }
}
