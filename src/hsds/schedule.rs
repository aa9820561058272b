//! Opening hours as HSDS `schedule` objects.
//!
//! An OpenStreetMap `opening_hours` value becomes one weekly schedule per
//! span of time and set of weekdays with that span (iCal `freq: WEEKLY`,
//! `byday`, `opens_at`, `closes_at` with the site's UTC offset), read from
//! the same compiled table the browser's "open now" uses
//! ([`crate::search::schedule`]), so both say the same. A season gives
//! `valid_from` and `valid_to`. Hours that a weekly rule cannot say
//! (different months, dates, unknown days) become one schedule holding the
//! hours in words (`description`) and the original text (`notes`), as do
//! all schedules, so nothing is lost.

use std::sync::{Arc, Mutex};

use crate::model::{Hours, Season};
use crate::search::schedule::{self, Compiled, UNKNOWN};

/// iCal weekday codes, Monday first.
const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// One weekly slot: an HSDS schedule before ids are given.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Slot {
    /// Comma-separated iCal weekdays (`MO,TU`), Monday first.
    pub byday: String,
    pub opens_at: String,
    pub closes_at: String,
}

/// The weekly slots of `hours`, or none when the hours cannot be said as
/// weekly rules (the caller then gives the words alone).
pub(crate) fn slots(hours: &Hours, season: Option<&Season>) -> Vec<Slot> {
    match schedule::compiled(&hours.raw, season) {
        Some(compiled) => weekly(&compiled),
        None => Vec::new(),
    }
}

/// The slots of a compiled table whose every month is alike, on ordinary
/// days (not a public holiday, nor the day after one).
fn weekly(compiled: &Compiled) -> Vec<Slot> {
    let [row] = compiled.weeks.as_slice() else {
        return Vec::new();
    };
    let mut spans: Vec<(u16, u16, Vec<usize>)> = Vec::new();
    for (weekday, &pattern) in row.iter().take(7).enumerate() {
        if pattern == UNKNOWN {
            return Vec::new();
        }
        let Some(day) = usize::try_from(pattern)
            .ok()
            .and_then(|p| compiled.days.get(p))
        else {
            return Vec::new();
        };
        for pair in day.chunks_exact(2) {
            let (open, close) = (pair[0], pair[1]);
            match spans.iter_mut().find(|(o, c, _)| (*o, *c) == (open, close)) {
                Some((_, _, days)) => days.push(weekday),
                None => spans.push((open, close, vec![weekday])),
            }
        }
    }
    spans.sort_by(|a, b| a.2[0].cmp(&b.2[0]).then(a.0.cmp(&b.0)));
    spans
        .into_iter()
        .map(|(open, close, days)| Slot {
            byday: days.iter().map(|&d| BYDAY[d]).collect::<Vec<_>>().join(","),
            opens_at: clock(open),
            closes_at: clock(close),
        })
        .collect()
}

/// The weekly slots of each distinct schedule, made once: thousands of
/// records share a few schedules.
#[derive(Default)]
pub(crate) struct Slots(Mutex<SlotCache>);

type SlotCache =
    rustc_hash::FxHashMap<(String, Option<(chrono::NaiveDate, chrono::NaiveDate)>), Arc<Vec<Slot>>>;

impl Slots {
    /// The weekly slots of `hours` in `season` (see [`slots`]).
    pub(crate) fn of(&self, hours: &Hours, season: Option<&Season>) -> Arc<Vec<Slot>> {
        let key = (hours.raw.clone(), season.map(|s| (s.from, s.to)));
        let cached = self
            .0
            .lock()
            .ok()
            .and_then(|cache| cache.get(&key).cloned());
        if let Some(slots) = cached {
            return slots;
        }
        let made = Arc::new(slots(hours, season));
        if let Ok(mut cache) = self.0.lock() {
            cache.insert(key, made.clone());
        }
        made
    }
}

/// `540` → `09:00`; the end of a day is `24:00`, as in `opening_hours`.
fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(raw: &str) -> Hours {
        Hours {
            raw: raw.into(),
            lines: Vec::new(),
        }
    }

    fn said(raw: &str) -> Vec<(String, String, String)> {
        slots(&hours(raw), None)
            .into_iter()
            .map(|s| (s.byday, s.opens_at, s.closes_at))
            .collect()
    }

    fn slot(byday: &str, opens: &str, closes: &str) -> (String, String, String) {
        (byday.into(), opens.into(), closes.into())
    }

    #[test]
    fn weekdays_with_the_same_hours_share_a_schedule() {
        assert_eq!(
            said("Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00"),
            [
                slot("MO,TU,WE,TH,FR", "09:00", "12:00"),
                slot("MO,TU,WE,TH,FR", "14:00", "17:30"),
                slot("SA", "10:00", "12:00"),
            ]
        );
        assert_eq!(
            said("Mo-Su 08:30-21:00; PH off"),
            [slot("MO,TU,WE,TH,FR,SA,SU", "08:30", "21:00")]
        );
    }

    #[test]
    fn a_night_past_midnight_ends_at_24_and_goes_on_the_next_day() {
        assert_eq!(
            said("Fr 20:00-02:00"),
            [slot("FR", "20:00", "24:00"), slot("SA", "00:00", "02:00")]
        );
    }

    #[test]
    fn hours_a_weekly_rule_cannot_say_give_no_slots() {
        assert!(said("Jan-Jun Mo 09:00-12:00; Jul-Dec Tu 09:00-12:00").is_empty());
        assert!(said("Mo unknown").is_empty());
        assert!(said("\"预约\"").is_empty());
    }
}
