//! Opening hours and schedules as schema.org `OpeningHoursSpecification`s.
//!
//! They are read from the same compiled table the browser's "open now"
//! uses ([`crate::search::schedule`]), so the page's data and its filters
//! agree. What comes out:
//!
//! - **Weekly rules**: one specification per span of time and set of
//!   weekdays with that span (`dayOfWeek`, `opens`, `closes`). A night
//!   past midnight (`Fr 20:00-02:00`) is **one** specification whose
//!   `closes` is earlier than its `opens`, which schema.org defines as
//!   running into the next day; a day open until midnight closes at
//!   `23:59:59`.
//! - **Seasons**: a service's season bounds every weekly rule with
//!   `validFrom` and `validThrough`. Hours that differ by month
//!   (`Jul-Aug Mo-Fr …`) have no dates of their own, so they are said only
//!   within a season, as one set of weekly rules per run of months alike.
//! - **Dated exceptions**: the days whose hours differ from their weekly
//!   rule — the site's listed public holidays (and the days either side,
//!   whose nights they cut), the first and last days of a season or a
//!   month — each a specification with `validFrom` = `validThrough` (runs
//!   of alike days joined into one range). A day closed all day has
//!   `opens` = `closes` = `00:00:00`, as schema.org advises.
//!
//! - **Temporary closures** (`closed:`): each one specification closed
//!   all day from its first day to its last (no `validThrough` until
//!   further notice), in place of the dated exceptions it covers.
//!
//! Hours the table cannot say, or that say "unknown" anywhere, give no
//! specifications: the page still has the hours in words.

use super::obj::{Json, Obj};
use chrono::{Datelike, Days, NaiveDate};

use crate::model::{Closure, Hours, Season};
use crate::search::schedule::{self, Compiled, COLUMNS, DAY, UNKNOWN};

/// Open spans of one day, `(start, end)` in minutes from midnight; an end
/// past [`DAY`] runs into the next day.
type Spans = Vec<(u16, u16)>;

/// schema.org's `DayOfWeek` members, Monday first.
const WEEKDAYS: [&str; 7] = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
];

/// Exceptions further apart than this are not joined into one range.
const MAX_GAP_DAYS: u64 = 7;

/// One `OpeningHoursSpecification`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spec {
    /// Weekdays (0 = Monday) of a weekly rule; empty for a dated one.
    pub days: Vec<usize>,
    pub opens: u16,
    /// Past [`DAY`], the span ends on the next day. Equal to `opens` (both
    /// 0) for a day closed all day.
    pub closes: u16,
    pub from: Option<NaiveDate>,
    pub through: Option<NaiveDate>,
}

/// The specifications of one set of hours.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Specs {
    pub weekly: Vec<Spec>,
    /// Exceptions for dates, oldest first.
    pub dated: Vec<Spec>,
}

/// The specifications of `hours` within an optional season, with the
/// site's public `holidays`; `None` when the hours cannot be said so.
pub(crate) fn specs(
    hours: &Hours,
    season: Option<&Season>,
    holidays: &[NaiveDate],
) -> Option<Specs> {
    let compiled = schedule::compiled(&hours.raw, season)?;
    Table {
        compiled: &compiled,
        season: season.copied(),
        holidays,
    }
    .specs()
}

impl Specs {
    /// These specifications with a record's temporary closures: a closed
    /// day each, in place of the dated exceptions within them.
    pub(crate) fn with_closures(&self, closed: &[Closure]) -> Specs {
        let inside = |s: &Spec| {
            closed.iter().any(|c| {
                s.from.is_some_and(|f| f >= c.from)
                    && s.through.is_some_and(|t| c.to.is_none_or(|to| t <= to))
            })
        };
        let mut dated: Vec<Spec> = self.dated.iter().filter(|s| !inside(s)).cloned().collect();
        dated.extend(closed.iter().map(|c| Spec {
            days: Vec::new(),
            opens: 0,
            closes: 0,
            from: Some(c.from),
            through: c.to,
        }));
        dated.sort_by_key(|s| s.from);
        Specs {
            weekly: self.weekly.clone(),
            dated,
        }
    }
}

impl Spec {
    pub(crate) fn to_json(&self) -> Json {
        let days: Vec<&str> = self.days.iter().map(|&d| WEEKDAYS[d]).collect();
        Obj::default()
            .must("@type", "OpeningHoursSpecification")
            .put("dayOfWeek", days)
            .must("opens", time(self.opens))
            .must("closes", time(self.closes))
            .put("validFrom", self.from.map(|d| d.to_string()))
            .put("validThrough", self.through.map(|d| d.to_string()))
            .done()
    }
}

/// `hh:mm:ss` of a minute of the day; a span's end at midnight is the
/// last second of the day, a span past midnight ends on the next day.
fn time(minutes: u16) -> String {
    match minutes {
        DAY => "23:59:59".into(),
        m => {
            let m = m % DAY;
            format!("{:02}:{:02}:00", m / 60, m % 60)
        }
    }
}

/// The weekly rules of one stretch of dates.
#[derive(Clone, Debug, PartialEq)]
struct Period {
    from: Option<NaiveDate>,
    through: Option<NaiveDate>,
    /// The spans each weekday (0 = Monday) owns on an ordinary day.
    week: [Spans; 7],
}

impl Period {
    fn holds(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.through.is_none_or(|t| d <= t)
    }
}

struct Table<'a> {
    compiled: &'a Compiled,
    season: Option<Season>,
    holidays: &'a [NaiveDate],
}

impl Table<'_> {
    fn specs(&self) -> Option<Specs> {
        let periods = self.periods()?;
        let mut exceptions: Vec<(NaiveDate, NaiveDate, Spans)> = Vec::new();
        for d in self.candidates(&periods) {
            let Some(period) = periods.iter().find(|p| p.holds(d)) else {
                continue;
            };
            let own = self.owned(d)?;
            if own == period.week[weekday(d)] {
                continue;
            }
            match exceptions.last_mut() {
                Some((_, through, spans))
                    if *spans == own && self.alike_between(*through, d, &own)? =>
                {
                    *through = d;
                }
                _ => exceptions.push((d, d, own)),
            }
        }
        let weekly = periods.iter().flat_map(weekly_specs).collect();
        let dated = exceptions
            .into_iter()
            .flat_map(|(from, through, spans)| {
                let at = |opens, closes| Spec {
                    days: Vec::new(),
                    opens,
                    closes,
                    from: Some(from),
                    through: Some(through),
                };
                if spans.is_empty() {
                    vec![at(0, 0)]
                } else {
                    spans.into_iter().map(|(s, e)| at(s, e)).collect()
                }
            })
            .collect();
        Some(Specs { weekly, dated })
    }

    /// One period for hours alike all year (bounded by the season, if
    /// any); for hours that differ by month, one per run of alike months
    /// of the season, or none without a season.
    fn periods(&self) -> Option<Vec<Period>> {
        let c = self.compiled;
        if let [row] = c.weeks.as_slice() {
            return Some(vec![Period {
                from: self.season.map(|s| s.from),
                through: self.season.map(|s| s.to),
                week: ordinary_week(row, &c.days)?,
            }]);
        }
        let season = self.season?;
        let mut periods: Vec<Period> = Vec::new();
        let mut start = season.from;
        loop {
            let end = month_end(start).min(season.to);
            let row = c.weeks.get(start.month0() as usize)?;
            let week = ordinary_week(row, &c.days)?;
            match periods.last_mut() {
                Some(p) if p.week == week => p.through = Some(end),
                _ => periods.push(Period {
                    from: Some(start),
                    through: Some(end),
                    week,
                }),
            }
            if end >= season.to {
                break;
            }
            start = end.succ_opt()?;
        }
        Some(periods)
    }

    /// The days that may differ from their weekly rule: the holidays and
    /// the days either side, the ends of the periods, and the turn of
    /// each month when months differ; within the season, in order.
    fn candidates(&self, periods: &[Period]) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = Vec::new();
        let around = |d: NaiveDate| [d.pred_opt(), Some(d), d.succ_opt()];
        for &h in self.holidays {
            dates.extend(around(h).into_iter().flatten());
        }
        for p in periods {
            dates.extend(p.from.iter().chain(&p.through));
        }
        if let (Some(season), true) = (self.season, self.compiled.weeks.len() > 1) {
            let mut first = season.from.with_day(1);
            while let Some(d) = first.filter(|d| *d <= season.to) {
                dates.extend(d.pred_opt().into_iter().chain([d]));
                first = month_end(d).succ_opt();
            }
        }
        if let Some(s) = self.season {
            dates.retain(|d| s.from <= *d && *d <= s.to);
        }
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    /// The open spans of a date as the table says, closed outside the
    /// season; `None` when unknown.
    fn spans(&self, date: NaiveDate) -> Option<Spans> {
        if let Some(s) = self.season {
            if date < s.from || date > s.to {
                return Some(Vec::new());
            }
        }
        let flat = self.compiled.spans_on(date, self.holidays)?;
        Some(flat.chunks_exact(2).map(|c| (c[0], c[1])).collect())
    }

    /// The spans a date owns: a night carried in from the day before is
    /// that day's, a night going on past midnight is this day's.
    fn owned(&self, date: NaiveDate) -> Option<Spans> {
        let around = |d: Option<NaiveDate>| d.map_or(Some(Vec::new()), |d| self.spans(d));
        Some(own(
            &around(date.pred_opt())?,
            &self.spans(date)?,
            &around(date.succ_opt())?,
        ))
    }

    /// Whether every day strictly between `a` and `b` owns `spans`, so
    /// that one range can hold them all.
    fn alike_between(&self, a: NaiveDate, b: NaiveDate, spans: &Spans) -> Option<bool> {
        if (b - a).num_days() > MAX_GAP_DAYS as i64 {
            return Some(false);
        }
        let mut d = a.checked_add_days(Days::new(1))?;
        while d < b {
            if self.owned(d)? != *spans {
                return Some(false);
            }
            d = d.succ_opt()?;
        }
        Some(true)
    }
}

/// The spans each weekday owns on ordinary days (no holiday today or
/// yesterday) of one row of the table; `None` if any is unknown.
fn ordinary_week(row: &[i16; COLUMNS], days: &[Vec<u16>]) -> Option<[Spans; 7]> {
    let day = |w: usize| -> Option<Spans> {
        let p = row[w];
        if p == UNKNOWN {
            return None;
        }
        let flat = days.get(usize::try_from(p).ok()?)?;
        Some(flat.chunks_exact(2).map(|c| (c[0], c[1])).collect())
    };
    let week: Vec<Spans> = (0..7).map(day).collect::<Option<_>>()?;
    Some(std::array::from_fn(|w| {
        own(&week[(w + 6) % 7], &week[w], &week[(w + 1) % 7])
    }))
}

/// A day's own spans from its spans and its neighbours': a span from
/// midnight that continues the night before is left to the day before,
/// and a span to midnight that goes on the next morning is extended past
/// [`DAY`].
fn own(before: &[(u16, u16)], today: &[(u16, u16)], after: &[(u16, u16)]) -> Spans {
    let mut out = today.to_vec();
    if runs_to_midnight(before) && from_midnight(today).is_some() {
        out.remove(0);
    }
    if runs_to_midnight(today) {
        if let (Some(end), Some(last)) = (from_midnight(after), out.last_mut()) {
            last.1 = DAY + end;
        }
    }
    out
}

/// Whether the day's last span runs to midnight (from later than 00:00).
fn runs_to_midnight(day: &[(u16, u16)]) -> bool {
    day.last().is_some_and(|&(s, e)| e == DAY && s > 0)
}

/// The end of the day's first span if it starts at midnight and ends
/// before the day does.
fn from_midnight(day: &[(u16, u16)]) -> Option<u16> {
    day.first()
        .filter(|&&(s, e)| s == 0 && e < DAY)
        .map(|&(_, e)| e)
}

/// The weekly specifications of a period: weekdays with the same span
/// share one, ordered by their first weekday, then by time.
fn weekly_specs(p: &Period) -> Vec<Spec> {
    let mut spans: Vec<((u16, u16), Vec<usize>)> = Vec::new();
    for (w, day) in p.week.iter().enumerate() {
        for &span in day {
            match spans.iter_mut().find(|(s, _)| *s == span) {
                Some((_, days)) => days.push(w),
                None => spans.push((span, vec![w])),
            }
        }
    }
    spans.sort_by(|a, b| a.1[0].cmp(&b.1[0]).then(a.0.cmp(&b.0)));
    spans
        .into_iter()
        .map(|((opens, closes), days)| Spec {
            days,
            opens,
            closes,
            from: p.from,
            through: p.through,
        })
        .collect()
}

fn weekday(d: NaiveDate) -> usize {
    d.weekday().num_days_from_monday() as usize
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let next = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(d)
}

#[cfg(test)]
mod tests;
