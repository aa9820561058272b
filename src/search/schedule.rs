//! Opening hours compiled for the browser's "open now", "after work" and
//! "weekend" filters.
//!
//! The browser gets no opening-hours parser. Instead each distinct schedule
//! (OSM `opening_hours` of a venue, or a service's `schedule` with its
//! `season`) is compiled here into a table it only has to look up: the open
//! spans of a day, by month, weekday, whether the day is a public holiday
//! and whether the day before was one (a night that runs past midnight
//! belongs partly to the next day). Rule order, `;` overrides, `,`
//! additions, `||` fallbacks, `off` rules and overnight spans are resolved
//! at build time, with the semantics of the `opening-hours` crate's
//! evaluator (a test compares the two at every half hour of a year).
//!
//! A compiled schedule, as JSON:
//!
//! ```json
//! { "d": [[], [540, 1080]],            // day patterns; 0 is always closed
//!   "w": [[1,1,1,1,1,1,0, 0,0,0,0,0,0,0, 1,1,1,1,1,1,0, 0,0,0,0,0,0,0]],
//!   "s": ["2026-07-01", "2026-08-31"], // optional season, inclusive
//!   "c": [["2026-12-05", "2026-12-08"]], // optional closures, inclusive
//!   "f": 2 }                           // 1 = after work, 2 = weekend
//! ```
//!
//! - `d`: day patterns, each a flat list `[start, end, start, end, …]` of
//!   minutes from midnight, sorted, disjoint, within 0–1440. A night that
//!   runs past midnight (`Fr 20:00-02:00`) shows as `[1200, 1440]` on Friday
//!   and `[0, 120]` on Saturday.
//! - `w`: rows of 28 pattern indices, column `weekday + 7 × (today is a
//!   holiday) + 14 × (yesterday was a holiday)`, weekday 0 = Monday. One row
//!   when every day of the year is alike; otherwise 24 rows: row `month − 1`
//!   for most days and row `12 + month − 1` for the first day of a month
//!   (whose yesterday is in the month before). `-1` means unknown (a rule
//!   such as `Mo unknown`, or a rule that is only a comment: `"预约"`).
//! - `s`: the service's season; outside it the service is closed.
//! - `c`: temporary closures (`closed:`), `[from, to]` pairs of days,
//!   inclusive; on those days the record is closed. Left out when none.
//! - `f`: precomputed flags. After work: open some time in 18:00–24:00 on an
//!   ordinary Monday to Friday. Weekend: open on an ordinary Saturday or
//!   Sunday (a Friday night past midnight counts).
//!
//! Anything this table cannot express — years, week numbers, dates within
//! months, `Su[1]`, day offsets, school holidays, sunrise and sunset, open
//! ends (`10:00+`), repeating times — makes the whole schedule unknown
//! ([`compile`] returns `None`) rather than a guess. Unlike the reference
//! evaluator, a rule that is only a comment is unknown rather than open.

use std::sync::Arc;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use opening_hours_syntax::rules::day::{DaySelector, HolidayKind, MonthdayRange, WeekDayRange};
use opening_hours_syntax::rules::time::{Time, TimeSpan};
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleKind, RuleOperator, RuleSequence};
use opening_hours_syntax::ExtendedTime;
use serde::Serialize;

use crate::model::{Closure, Season};

pub(crate) const DAY: u16 = 24 * 60;
/// "After work" starts at 18:00.
pub(crate) const EVENING_START: u16 = 18 * 60;
pub(crate) const FLAG_EVENING: u8 = 1;
pub(crate) const FLAG_WEEKEND: u8 = 2;
/// Pattern index for an unknown day.
pub(crate) const UNKNOWN: i16 = -1;
/// Columns of a row: 7 weekdays × today a holiday or not × yesterday one
/// or not.
pub(crate) const COLUMNS: usize = 28;
/// Rows when months differ: each month, then each month's first day.
pub(crate) const MONTH_ROWS: usize = 24;

type Row = [i16; COLUMNS];

/// A schedule compiled for lookup; see the module docs for the JSON form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub(crate) struct Compiled {
    #[serde(rename = "d")]
    pub days: Vec<Vec<u16>>,
    #[serde(rename = "w")]
    pub weeks: Vec<Row>,
    #[serde(rename = "s", skip_serializing_if = "Option::is_none")]
    pub season: Option<[String; 2]>,
    /// Temporary closures, `[from, to]` inclusive (`to` is `9999-12-31`
    /// until further notice).
    #[serde(rename = "c", skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<[String; 2]>,
    #[serde(rename = "f")]
    pub flags: u8,
}

/// A kind of day: month 1–12, weekday 0 = Monday, public holiday or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DayClass {
    month: u8,
    weekday: u8,
    holiday: bool,
}

/// Ranges of one day with their state, sorted and disjoint, within 0–1440;
/// what is not covered is closed.
type Day = Vec<(u16, u16, RuleKind)>;

/// Compiles parsed opening hours and an optional season; `None` when the
/// expression uses anything the table cannot express, or says nothing known.
pub(crate) fn compile(expr: &OpeningHoursExpression, season: Option<&Season>) -> Option<Compiled> {
    if expr.rules.is_empty() || !expr.rules.iter().all(is_supported) {
        return None;
    }
    let mut days: Vec<Vec<u16>> = vec![Vec::new()];
    let mut weeks: Vec<Row> = Vec::with_capacity(MONTH_ROWS);
    for first_of_month in [false, true] {
        for month in 1..=12 {
            weeks.push(month_row(&expr.rules, month, first_of_month, &mut days));
        }
    }
    if weeks.iter().flatten().all(|&p| p == UNKNOWN) {
        return None;
    }
    if weeks.iter().all(|r| *r == weeks[0]) {
        weeks.truncate(1);
    }
    let flags = flags(&days, &weeks);
    Some(Compiled {
        days,
        weeks,
        season: season.map(|s| [s.from.to_string(), s.to.to_string()]),
        closed: Vec::new(),
        flags,
    })
}

/// Distinct schedules remembered per thread before the memo starts again.
const MEMO_LIMIT: usize = 4096;

thread_local! {
    /// Compiled schedules by source text and season, per thread: a site
    /// repeats a few dozen schedules over thousands of records, and a
    /// record's schedule is read by its page, its share line, its JSON-LD,
    /// its search document and its feed rows. A cache only: what a caller
    /// gets never depends on the order of calls.
    static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<MemoKey, Option<Arc<Compiled>>>> =
        std::cell::RefCell::default();
}

/// Source text and season dates.
type MemoKey = (String, Option<(NaiveDate, NaiveDate)>);

/// The opening hours written `raw` (OSM syntax), within an optional
/// season, compiled; `None` when they do not parse or cannot be compiled
/// (see [`compile`]). Closures are not in it: see
/// [`Compiled::with_closures`].
pub(crate) fn compiled(raw: &str, season: Option<&Season>) -> Option<Arc<Compiled>> {
    let make = || {
        let hours = crate::hours::parse(raw).ok()?;
        compile(hours.expression(), season).map(Arc::new)
    };
    let key = (raw.to_owned(), season.map(|s| (s.from, s.to)));
    MEMO.with(|memo| {
        if let Some(known) = memo.borrow().get(&key) {
            return known.clone();
        }
        let made = make();
        let mut memo = memo.borrow_mut();
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(key, made.clone());
        made
    })
}

/// The date written for a closure without an end.
pub(crate) const UNTIL_FURTHER_NOTICE: &str = "9999-12-31";

impl Compiled {
    /// Whether a public holiday (or the day after one) can change a day:
    /// some row differs between its ordinary columns and the others.
    pub(crate) fn holidays_matter(&self) -> bool {
        self.weeks
            .iter()
            .any(|r| r[..7] != r[7..14] || r[..7] != r[14..21] || r[..7] != r[21..28])
    }

    /// The same table with a record's temporary closures, whose days are
    /// closed whatever the hours say.
    pub(crate) fn with_closures(mut self, closed: &[Closure]) -> Compiled {
        self.closed = closed
            .iter()
            .map(|c| {
                [
                    c.from.to_string(),
                    c.to.map_or_else(|| UNTIL_FURTHER_NOTICE.to_string(), |t| t.to_string()),
                ]
            })
            .collect();
        self
    }
}

fn month_row(rules: &[RuleSequence], month: u8, first: bool, days: &mut Vec<Vec<u16>>) -> Row {
    let mut row = [0; COLUMNS];
    for (col, slot) in row.iter_mut().enumerate() {
        let weekday = (col % 7) as u8;
        let today = DayClass {
            month,
            weekday,
            holiday: col % 14 >= 7,
        };
        let yesterday = DayClass {
            month: if first { (month + 10) % 12 + 1 } else { month },
            weekday: (weekday + 6) % 7,
            holiday: col >= 14,
        };
        *slot = pattern_index(&day_state(rules, today, yesterday), days);
    }
    row
}

/// Open spans of a day, interned; `UNKNOWN` if any part of it is unknown.
fn pattern_index(day: &Day, days: &mut Vec<Vec<u16>>) -> i16 {
    if day.iter().any(|&(_, _, k)| k == RuleKind::Unknown) {
        return UNKNOWN;
    }
    let open: Vec<u16> = day
        .iter()
        .filter(|&&(_, _, k)| k == RuleKind::Open)
        .flat_map(|&(s, e, _)| [s, e])
        .collect();
    intern(days, open)
}

fn intern(days: &mut Vec<Vec<u16>>, pattern: Vec<u16>) -> i16 {
    let at = days.iter().position(|d| *d == pattern).unwrap_or_else(|| {
        days.push(pattern);
        days.len() - 1
    });
    i16::try_from(at).unwrap_or(UNKNOWN)
}

/// Applies the rules in order to one day, as the `opening-hours` crate
/// does: each rule contributes its spans of the day and what its spans of
/// the day before carry past midnight; a `;` rule that is open or unknown
/// replaces what came before on days it selects, while `off` rules and `,`
/// rules lay their spans over it; `||` applies where nothing earlier did.
fn day_state(rules: &[RuleSequence], today: DayClass, yesterday: DayClass) -> Day {
    let mut matched = false;
    let mut state: Option<Day> = None;
    for rule in rules {
        let selects_today = matches_day(&rule.day_selector, today);
        let own = rule_day(
            rule,
            selects_today,
            matches_day(&rule.day_selector, yesterday),
        );
        let kind = effective_kind(rule);
        (matched, state) = match (rule.operator, kind) {
            (RuleOperator::Normal, RuleKind::Open | RuleKind::Unknown) => {
                let next = if selects_today {
                    own
                } else {
                    state.filter(|d| !always_closed(d)).or(own)
                };
                (matched || selects_today, next)
            }
            (RuleOperator::Additional, _) | (RuleOperator::Normal, RuleKind::Closed) => {
                (matched || selects_today, add_days(state, own))
            }
            (RuleOperator::Fallback, _) => {
                if matched && !state.as_ref().is_none_or(always_closed) {
                    (matched, state)
                } else {
                    (selects_today, own)
                }
            }
        };
    }
    state.unwrap_or_default()
}

/// A rule's contribution to a day: its spans of the day if it selects the
/// day, with what it carries over from the day before laid on top.
fn rule_day(rule: &RuleSequence, today: bool, yesterday: bool) -> Option<Day> {
    let kind = effective_kind(rule);
    let spans = rule_spans(rule);
    let own = today.then(|| {
        let within: Vec<(u16, u16)> = spans.iter().map(|&(s, e)| (s, e.min(DAY))).collect();
        from_spans(&within, kind)
    });
    let carried = yesterday.then(|| {
        let past: Vec<(u16, u16)> = spans
            .iter()
            .filter(|&&(_, e)| e > DAY)
            .map(|&(s, e)| (s.saturating_sub(DAY), e - DAY))
            .collect();
        from_spans(&past, kind)
    });
    add_days(own, carried)
}

fn add_days(base: Option<Day>, over: Option<Day>) -> Option<Day> {
    match (base, over) {
        (Some(base), Some(over)) => Some(over.into_iter().fold(base, insert)),
        (base, over) => base.or(over),
    }
}

/// Ranges of one state, sorted, overlapping or touching ones joined.
fn from_spans(spans: &[(u16, u16)], kind: RuleKind) -> Day {
    merge(spans.to_vec())
        .into_iter()
        .filter(|(s, e)| s < e)
        .map(|(s, e)| (s, e, kind))
        .collect()
}

/// Lays a range over a day, replacing what it covers, and joins it with
/// touching neighbours in the same state.
fn insert(day: Day, (start, end, kind): (u16, u16, RuleKind)) -> Day {
    let mut out: Day = Vec::with_capacity(day.len() + 2);
    let mut range = (start, end, kind);
    for (s, e, k) in day {
        if s < start {
            out.push((s, e.min(start), k));
        }
        if e > end {
            out.push((s.max(end), e, k));
        }
    }
    out.retain(|&(s, e, _)| s < e);
    out.sort_unstable_by_key(|&(s, _, _)| s);
    if let Some(i) = out.iter().position(|&(_, e, k)| e == range.0 && k == kind) {
        range.0 = out.remove(i).0;
    }
    if let Some(i) = out.iter().position(|&(s, _, k)| s == range.1 && k == kind) {
        range.1 = out.remove(i).1;
    }
    out.push(range);
    out.sort_unstable_by_key(|&(s, _, _)| s);
    out
}

fn always_closed(day: &Day) -> bool {
    day.iter().all(|&(_, _, k)| k == RuleKind::Closed)
}

/// A rule that is only a comment (`"预约"`, `Mo-Fr "by appointment"`) says
/// nothing certain about the hours.
fn effective_kind(rule: &RuleSequence) -> RuleKind {
    let default_times = rule.time_selector.spans == [whole_day()];
    if !rule.comment.is_empty() && default_times {
        RuleKind::Unknown
    } else {
        rule.kind
    }
}

fn whole_day() -> TimeSpan {
    TimeSpan::fixed_range(ExtendedTime::MIDNIGHT_00, ExtendedTime::MIDNIGHT_24)
}

fn rule_spans(rule: &RuleSequence) -> Vec<(u16, u16)> {
    rule.time_selector
        .spans
        .iter()
        .filter_map(fixed_span)
        .collect()
}

/// Minutes of a fixed span; an end at or before the start runs past
/// midnight (`20:00-02:00` → 1200..1560).
fn fixed_span(span: &TimeSpan) -> Option<(u16, u16)> {
    let (Time::Fixed(start), Time::Fixed(end)) = (&span.range.start, &span.range.end) else {
        return None;
    };
    let s = start.mins_from_midnight();
    let mut e = end.mins_from_midnight();
    if e <= s {
        e += DAY;
    }
    Some((s, e.min(2 * DAY)))
}

/// Sorts and joins overlapping or touching spans.
fn merge(mut spans: Vec<(u16, u16)>) -> Vec<(u16, u16)> {
    spans.sort_unstable();
    let mut out: Vec<(u16, u16)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

// -- What the table can express --

fn is_supported(rule: &RuleSequence) -> bool {
    let days = &rule.day_selector;
    days.year.is_empty()
        && days.week.is_empty()
        && days.monthday.iter().all(is_plain_month_range)
        && days.weekday.iter().all(is_plain_weekday_range)
        && rule.time_selector.spans.iter().all(is_plain_span)
}

fn is_plain_month_range(range: &MonthdayRange) -> bool {
    matches!(range, MonthdayRange::Month { year: None, .. })
}

fn is_plain_weekday_range(range: &WeekDayRange) -> bool {
    match range {
        WeekDayRange::Fixed {
            offset,
            nth_from_start,
            nth_from_end,
            ..
        } => *offset == 0 && nth_from_start.iter().chain(nth_from_end).all(|&on| on),
        WeekDayRange::Holiday { kind, offset } => *kind == HolidayKind::Public && *offset == 0,
    }
}

fn is_plain_span(span: &TimeSpan) -> bool {
    !span.open_end && span.repeats.is_none() && fixed_span(span).is_some_and(|(s, _)| s < DAY)
}

fn matches_day(days: &DaySelector, day: DayClass) -> bool {
    let month_ok = days.monthday.is_empty()
        || days.monthday.iter().any(|range| match range {
            MonthdayRange::Month { range, .. } => {
                in_cycle(*range.start() as u8, *range.end() as u8, day.month)
            }
            MonthdayRange::Date { .. } => false,
        });
    let weekday_ok = days.weekday.is_empty()
        || days.weekday.iter().any(|range| match range {
            WeekDayRange::Fixed { range, .. } => in_cycle(
                monday_based(*range.start()),
                monday_based(*range.end()),
                day.weekday,
            ),
            WeekDayRange::Holiday { .. } => day.holiday,
        });
    month_ok && weekday_ok
}

fn monday_based(day: Weekday) -> u8 {
    day.num_days_from_monday() as u8
}

/// Whether `x` lies in `start..=end` on a cycle (`Nov-Feb`, `Sa-Mo`).
fn in_cycle(start: u8, end: u8, x: u8) -> bool {
    if start <= end {
        (start..=end).contains(&x)
    } else {
        x >= start || x <= end
    }
}

// -- Flags and the reference evaluation --

fn flags(days: &[Vec<u16>], weeks: &[Row]) -> u8 {
    let spans = |p: i16| -> Vec<(u16, u16)> {
        usize::try_from(p)
            .ok()
            .and_then(|i| days.get(i))
            .map(|d| d.chunks(2).map(|c| (c[0], c[c.len() - 1])).collect())
            .unwrap_or_default()
    };
    let mut flags = 0;
    // Ordinary days only: the first seven columns of the month rows.
    for row in weeks.iter().take(12) {
        let evening = row[..5]
            .iter()
            .any(|&p| spans(p).iter().any(|&(_, e)| e > EVENING_START));
        let weekend = row[5..7].iter().any(|&p| !spans(p).is_empty());
        flags |= if evening { FLAG_EVENING } else { 0 } | if weekend { FLAG_WEEKEND } else { 0 };
    }
    flags
}

impl Compiled {
    /// The open spans of `date` (`[start, end, …]`, as in `d`) by the
    /// table alone, the season aside; `None` when unknown. `holidays` are
    /// the site's public holidays.
    pub(crate) fn spans_on(&self, date: NaiveDate, holidays: &[NaiveDate]) -> Option<&[u16]> {
        let row = if self.weeks.len() == 1 {
            self.weeks.first()
        } else {
            let first = if date.day() == 1 { 12 } else { 0 };
            self.weeks.get(first + date.month0() as usize)
        }?;
        let yesterday = date.checked_sub_days(Days::new(1));
        let col = date.weekday().num_days_from_monday() as usize
            + if holidays.contains(&date) { 7 } else { 0 }
            + if yesterday.is_some_and(|y| holidays.contains(&y)) {
                14
            } else {
                0
            };
        self.days
            .get(usize::try_from(row[col]).ok()?)
            .map(Vec::as_slice)
    }
}

/// Whether a compiled schedule is open at `minute` (0–1439) of `date`, both
/// in the site's time zone; `None` when unknown. This is the reference for
/// the browser's evaluation.
#[cfg(test)]
pub(crate) fn is_open_at(
    compiled: &Compiled,
    date: NaiveDate,
    minute: u16,
    holidays: &[NaiveDate],
) -> Option<bool> {
    let day = date.to_string();
    if let Some([from, to]) = &compiled.season {
        if day < *from || day > *to {
            return Some(false);
        }
    }
    if compiled
        .closed
        .iter()
        .any(|[from, to]| *from <= day && day <= *to)
    {
        return Some(false);
    }
    let pattern = compiled.spans_on(date, holidays)?;
    Some(
        pattern
            .chunks(2)
            .any(|c| c[0] <= minute && minute < c[c.len() - 1]),
    )
}

#[cfg(test)]
mod tests;
