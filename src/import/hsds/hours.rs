//! HSDS schedules → `opening_hours`.
//!
//! A feed yizhan wrote keeps each schedule's `opening_hours` text in
//! `notes`: when every schedule of a location or service has the same valid
//! one, that is the answer, exactly as the editor wrote it. Otherwise the
//! weekly schedules are read (`byday`, `opens_at`, `closes_at`; in 1.x/2.x
//! `weekday` as a number or name) and the days with the same hours are
//! grouped into rules. Anything else (monthly rules, dates) cannot be said
//! as weekly hours and is refused with why.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::tables::Obj;

/// Spans of a day, `("09:00", "12:00")`.
type Spans = Vec<(String, String)>;

const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// The `opening_hours` of `schedules`; `Ok(None)` when there are none.
pub(crate) fn from_schedules(schedules: &[&Obj]) -> Result<Option<String>, String> {
    if schedules.is_empty() {
        return Ok(None);
    }
    let notes: Vec<&str> = schedules.iter().map(|s| s.str("notes")).collect();
    if notes.iter().all(|n| *n == notes[0]) && crate::hours::parse(notes[0]).is_ok() {
        return Ok(Some(notes[0].to_string()));
    }
    let mut week: [Spans; 7] = Default::default();
    for s in schedules {
        let freq = s.str("freq").to_uppercase();
        if !(freq.is_empty() || freq == "WEEKLY") {
            return Err(t!("schedule-not-weekly", freq = freq));
        }
        if !s.str("bymonthday").is_empty() || !s.str("byyearday").is_empty() {
            return Err(t!("schedule-by-date"));
        }
        let opens = clock(s.str("opens_at"))?;
        let closes = clock(s.str("closes_at"))?;
        let days = days(s.str("byday"))?;
        for d in days {
            week[d].push((opens.clone(), closes.clone()));
        }
    }
    if week.iter().all(Vec::is_empty) {
        return Err(t!("schedule-empty"));
    }
    // Days with the same spans make one rule, in the order of the week.
    let mut rules: BTreeMap<Spans, Vec<usize>> = BTreeMap::new();
    for (d, spans) in week.iter_mut().enumerate() {
        spans.sort();
        spans.dedup();
        if !spans.is_empty() {
            rules.entry(spans.clone()).or_default().push(d);
        }
    }
    let mut ordered: Vec<(Vec<usize>, Spans)> = rules
        .into_iter()
        .map(|(spans, days)| (days, spans))
        .collect();
    ordered.sort();
    let mut out = Vec::new();
    for (days, spans) in ordered {
        let mut rule = day_list(&days);
        rule.push(' ');
        for (n, (o, c)) in spans.iter().enumerate() {
            if n > 0 {
                rule.push(',');
            }
            let _ = write!(rule, "{o}-{c}");
        }
        out.push(rule);
    }
    let text = out.join("; ");
    crate::hours::parse(&text)
        .map(|_| Some(text.clone()))
        .map_err(|e| t!("schedule-invalid", text = text, why = e.message))
}

/// `09:00`, `9:00:00`, `09:00+08:00`, `0900` → `09:00`.
fn clock(text: &str) -> Result<String, String> {
    let t = text.trim();
    let t = t.split(['+', 'Z', 'z']).next().unwrap_or_default();
    let t = match t.rfind('-') {
        Some(i) if i > 2 => &t[..i],
        _ => t,
    };
    let parts: Vec<&str> = t.split(':').collect();
    let (h, m) = match parts.as_slice() {
        [h, m, ..] => (h.parse::<u32>().ok(), m.parse::<u32>().ok()),
        [hm] if hm.len() == 4 && hm.bytes().all(|b| b.is_ascii_digit()) => {
            (hm[..2].parse().ok(), hm[2..].parse().ok())
        }
        _ => (None, None),
    };
    match (h, m) {
        (Some(h), Some(m)) if (h < 24 && m < 60) || (h == 24 && m == 0) => {
            Ok(format!("{h:02}:{m:02}"))
        }
        _ => Err(t!("schedule-bad-time", text = text)),
    }
}

/// `MO,TU`, `1` (Monday, 2.x), `Monday` (1.x) → indexes from Monday.
fn days(text: &str) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in text.split([',', ' ', ';']).filter(|p| !p.is_empty()) {
        let p = part.trim().to_lowercase();
        // RFC 5545 lets `byday` carry an ordinal (`1MO`): that is monthly.
        let d = match p.as_str() {
            "mo" | "mon" | "monday" | "1" => 0,
            "tu" | "tue" | "tuesday" | "2" => 1,
            "we" | "wed" | "wednesday" | "3" => 2,
            "th" | "thu" | "thursday" | "4" => 3,
            "fr" | "fri" | "friday" | "5" => 4,
            "sa" | "sat" | "saturday" | "6" => 5,
            "su" | "sun" | "sunday" | "7" | "0" => 6,
            _ => return Err(t!("schedule-bad-day", text = part)),
        };
        out.push(d);
    }
    if out.is_empty() {
        return Err(t!("schedule-no-day"));
    }
    Ok(out)
}

/// `Mo-Fr`, `Sa,Su`, `Mo,We,Fr`.
fn day_list(days: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let start = i;
        while i + 1 < days.len() && days[i + 1] == days[i] + 1 {
            i += 1;
        }
        parts.push(match i - start {
            0 => DAYS[days[start]].to_string(),
            1 => format!("{},{}", DAYS[days[start]], DAYS[days[i]]),
            _ => format!("{}-{}", DAYS[days[start]], DAYS[days[i]]),
        });
        i += 1;
    }
    if days.len() == 7 {
        return "Mo-Su".into();
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::hsds::tables::At;

    fn schedule(fields: &[(&str, &str)]) -> Obj {
        Obj {
            at: At {
                file: "schedules.csv".into(),
                row: 2,
            },
            fields: fields
                .iter()
                .map(|(k, v)| ((*k).to_string(), serde_json::Value::from(*v)))
                .collect(),
        }
    }

    #[test]
    fn times_are_read_in_the_forms_feeds_write_them() {
        for (text, time) in [
            ("09:00", "09:00"),
            ("9:00:00", "09:00"),
            ("09:00+08:00", "09:00"),
            ("0900", "09:00"),
            ("24:00", "24:00"),
        ] {
            assert_eq!(clock(text).as_deref(), Ok(time), "{text}");
        }
        // Four bytes that are not four digits (a fuzzer's find: `\u{FFFD}#`
        // was cut inside its first character).
        for text in ["\u{FFFD}#", "九点#", "25:00", "0960", "ab:cd"] {
            assert!(clock(text).is_err(), "{text}");
        }
    }

    #[test]
    fn the_opening_hours_yizhan_wrote_come_back_as_written() {
        let a = schedule(&[("notes", "Mo-Fr 18:30-21:00; PH off"), ("byday", "MO")]);
        let b = schedule(&[("notes", "Mo-Fr 18:30-21:00; PH off"), ("byday", "TU")]);
        assert_eq!(
            from_schedules(&[&a, &b]),
            Ok(Some("Mo-Fr 18:30-21:00; PH off".into()))
        );
    }

    #[test]
    fn weekly_schedules_are_grouped_by_their_hours() {
        let rows = [
            schedule(&[
                ("freq", "WEEKLY"),
                ("byday", "MO,TU,WE,TH,FR"),
                ("opens_at", "09:00:00"),
                ("closes_at", "12:00:00"),
            ]),
            schedule(&[
                ("freq", "WEEKLY"),
                ("byday", "MO,TU,WE,TH,FR"),
                ("opens_at", "14:00+08:00"),
                ("closes_at", "17:30+08:00"),
            ]),
            schedule(&[("byday", "6"), ("opens_at", "0900"), ("closes_at", "1200")]),
        ];
        let refs: Vec<&Obj> = rows.iter().collect();
        assert_eq!(
            from_schedules(&refs),
            Ok(Some("Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00".into()))
        );
    }

    #[test]
    fn what_weekly_hours_cannot_say_is_refused() {
        let monthly = schedule(&[
            ("freq", "MONTHLY"),
            ("byday", "MO"),
            ("opens_at", "09:00"),
            ("closes_at", "10:00"),
        ]);
        assert!(from_schedules(&[&monthly]).is_err());
        let bad = schedule(&[("byday", "MO"), ("opens_at", "9am"), ("closes_at", "10:00")]);
        assert!(from_schedules(&[&bad])
            .expect_err("bad time")
            .contains("9am"));
        assert_eq!(from_schedules(&[]), Ok(None));
    }
}
