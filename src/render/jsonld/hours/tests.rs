use chrono::NaiveDate;
use serde_json::{json, Value};

use super::*;
use crate::search::schedule::is_open_at;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn hours(raw: &str) -> Hours {
    Hours {
        raw: raw.into(),
        lines: Vec::new(),
    }
}

fn season(from: &str, to: &str) -> Season {
    Season {
        from: date(from),
        to: date(to),
    }
}

fn days(from: &str, to: &str) -> Vec<NaiveDate> {
    let (mut d, to) = (date(from), date(to));
    let mut out = Vec::new();
    while d <= to {
        out.push(d);
        d = d.succ_opt().expect("a next day");
    }
    out
}

/// The 2026 Mid-Autumn days and the National Day week.
fn autumn_holidays() -> Vec<NaiveDate> {
    let mut h = days("2026-09-25", "2026-09-27");
    h.extend(days("2026-10-01", "2026-10-07"));
    h
}

fn json_of(specs: &[Spec]) -> Vec<Value> {
    specs.iter().map(value_of).collect()
}

/// A specification as the value its JSON text reads as.
fn value_of(spec: &Spec) -> Value {
    serde_json::from_slice(&spec.to_json().into_bytes()).expect("JSON")
}

/// (days, opens, closes, validFrom, validThrough) of each specification.
fn said(specs: &[Spec]) -> Vec<(String, String, String, String, String)> {
    specs
        .iter()
        .map(|s| {
            let v = value_of(s);
            let text = |k: &str| match &v[k] {
                Value::String(s) => s.clone(),
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|d| d.trim_start_matches("https://schema.org/")[..2].to_owned())
                    .collect::<Vec<_>>()
                    .join(","),
                _ => String::new(),
            };
            (
                text("dayOfWeek"),
                text("opens"),
                text("closes"),
                text("validFrom"),
                text("validThrough"),
            )
        })
        .collect()
}

fn spec(
    days: &str,
    opens: &str,
    closes: &str,
    from: &str,
    through: &str,
) -> (String, String, String, String, String) {
    (
        days.into(),
        opens.into(),
        closes.into(),
        from.into(),
        through.into(),
    )
}

#[test]
fn a_night_past_midnight_is_one_specification_closing_the_next_morning() {
    let s = specs(&hours("Fr-Sa 20:00-02:00"), None, &[]).expect("weekly");
    assert_eq!(
        json_of(&s.weekly),
        [json!({
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Friday", "https://schema.org/Saturday"],
            "opens": "20:00:00",
            "closes": "02:00:00",
        })]
    );
    assert!(s.dated.is_empty());
    let s = specs(&hours("Mo-Su 22:00-06:00"), None, &[]).expect("weekly");
    assert_eq!(
        said(&s.weekly),
        [spec("Mo,Tu,We,Th,Fr,Sa,Su", "22:00:00", "06:00:00", "", "")]
    );
    // Open until midnight, and open all the time.
    let s = specs(&hours("Sa 18:00-24:00"), None, &[]).expect("weekly");
    assert_eq!(
        said(&s.weekly),
        [spec("Sa", "18:00:00", "23:59:59", "", "")]
    );
    let s = specs(&hours("24/7"), None, &[]).expect("weekly");
    assert_eq!(
        said(&s.weekly),
        [spec("Mo,Tu,We,Th,Fr,Sa,Su", "00:00:00", "23:59:59", "", "")]
    );
}

#[test]
fn weekdays_with_the_same_hours_share_a_specification() {
    let s = specs(
        &hours("Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00"),
        None,
        &[],
    )
    .expect("weekly");
    assert_eq!(
        said(&s.weekly),
        [
            spec("Mo,Tu,We,Th,Fr", "09:00:00", "12:00:00", "", ""),
            spec("Mo,Tu,We,Th,Fr", "14:00:00", "17:30:00", "", ""),
            spec("Sa", "10:00:00", "12:00:00", "", ""),
        ]
    );
}

#[test]
fn a_season_bounds_every_rule_and_dates_hours_that_differ_by_month() {
    let s = specs(
        &hours("Tu,Th 09:00-11:30"),
        Some(&season("2024-07-08", "2024-08-30")),
        &[],
    )
    .expect("weekly");
    assert_eq!(
        said(&s.weekly),
        [spec(
            "Tu,Th",
            "09:00:00",
            "11:30:00",
            "2024-07-08",
            "2024-08-30"
        )]
    );
    // Months alike within the season: one set of rules.
    let summer = hours("Jul-Aug Mo-Fr 08:30-17:30");
    let s = specs(&summer, Some(&season("2024-07-08", "2024-08-30")), &[]).expect("dated");
    assert_eq!(
        said(&s.weekly),
        [spec(
            "Mo,Tu,We,Th,Fr",
            "08:30:00",
            "17:30:00",
            "2024-07-08",
            "2024-08-30"
        )]
    );
    assert!(s.dated.is_empty());
    // Months that differ: one set per run of months.
    let s = specs(
        &hours("Jun Mo-Fr 09:00-12:00; Jul-Aug Mo-Fr 08:30-17:30"),
        Some(&season("2024-06-15", "2024-08-10")),
        &[],
    )
    .expect("dated");
    assert_eq!(
        said(&s.weekly),
        [
            spec(
                "Mo,Tu,We,Th,Fr",
                "09:00:00",
                "12:00:00",
                "2024-06-15",
                "2024-06-30"
            ),
            spec(
                "Mo,Tu,We,Th,Fr",
                "08:30:00",
                "17:30:00",
                "2024-07-01",
                "2024-08-10"
            ),
        ]
    );
    // Without a season, months have no dates.
    assert_eq!(specs(&summer, None, &[]), None);
}

#[test]
fn listed_holidays_are_dated_exceptions_closed_all_day() {
    let s = specs(
        &hours("Mo-Sa 09:00-18:00; PH off"),
        None,
        &autumn_holidays(),
    )
    .expect("weekly");
    assert_eq!(
        said(&s.weekly),
        [spec("Mo,Tu,We,Th,Fr,Sa", "09:00:00", "18:00:00", "", "")]
    );
    // 2026-09-25 is a Friday, 09-27 a Sunday (closed anyway); the Sunday
    // 10-04 inside the week joins the range.
    assert_eq!(
        said(&s.dated),
        [
            spec("", "00:00:00", "00:00:00", "2026-09-25", "2026-09-26"),
            spec("", "00:00:00", "00:00:00", "2026-10-01", "2026-10-07"),
        ]
    );
    // Hours that do not mention holidays keep them as ordinary days.
    let s = specs(&hours("Mo-Sa 09:00-18:00"), None, &autumn_holidays()).expect("weekly");
    assert!(s.dated.is_empty(), "{:?}", s.dated);
    // Other hours on holidays, and a holiday outside the season ignored.
    let s = specs(
        &hours("Mo-Fr 18:30-21:00; PH 10:00-12:00"),
        Some(&season("2026-09-01", "2026-09-30")),
        &autumn_holidays(),
    )
    .expect("weekly");
    assert_eq!(
        said(&s.dated),
        [spec("", "10:00:00", "12:00:00", "2026-09-25", "2026-09-27")]
    );
}

#[test]
fn a_holiday_cuts_the_night_before_it() {
    // Saturday 2026-10-03 alone a holiday: Friday's night ends at
    // midnight, Saturday is closed, and Sunday keeps the small hours the
    // Saturday rule carries into it.
    let s = specs(
        &hours("Fr-Sa 20:00-02:00; PH off"),
        None,
        &[date("2026-10-03")],
    )
    .expect("weekly");
    assert_eq!(
        said(&s.dated),
        [
            spec("", "20:00:00", "23:59:59", "2026-10-02", "2026-10-02"),
            spec("", "00:00:00", "00:00:00", "2026-10-03", "2026-10-03"),
            spec("", "00:00:00", "02:00:00", "2026-10-04", "2026-10-04"),
        ]
    );
}

#[test]
fn hours_that_cannot_be_said_give_nothing() {
    assert_eq!(specs(&hours("Mo unknown"), None, &[]), None);
    assert_eq!(specs(&hours("\"预约\""), None, &[]), None);
    assert_eq!(specs(&hours("Mo 10:00+"), None, &[]), None);
    assert_eq!(
        specs(
            &hours("Mo-Fr 09:00-17:00; PH unknown"),
            None,
            &[date("2026-10-01")]
        ),
        None
    );
}

/// Whether the specifications say open at `minute` of `day`, read as a
/// consumer of schema.org reads them: a dated specification replaces the
/// weekly ones on its days, `closes` before `opens` runs into the next
/// day, `opens` = `closes` is closed, `23:59:59` is the end of the day.
fn open_by_specs(specs: &[Value], day: NaiveDate, minute: u16) -> bool {
    let minutes = |v: &Value| -> u16 {
        let t = v.as_str().expect("a time");
        let part = |i: usize| t[i..i + 2].parse::<u16>().expect("digits");
        if t == "23:59:59" {
            DAY
        } else {
            part(0) * 60 + part(3)
        }
    };
    let in_range = |s: &Value, d: NaiveDate| {
        let d = d.to_string();
        s["validFrom"].as_str().is_none_or(|f| f <= d.as_str())
            && s["validThrough"].as_str().is_none_or(|t| d.as_str() <= t)
    };
    let effective = |d: NaiveDate| -> Vec<(u16, u16)> {
        let dated: Vec<&Value> = specs
            .iter()
            .filter(|s| s.get("dayOfWeek").is_none() && in_range(s, d))
            .collect();
        let name = WEEKDAYS[weekday(d)];
        let list: Vec<&Value> = if dated.is_empty() {
            specs
                .iter()
                .filter(|s| {
                    in_range(s, d)
                        && s["dayOfWeek"]
                            .as_array()
                            .is_some_and(|a| a.iter().any(|x| x == name))
                })
                .collect()
        } else {
            dated
        };
        list.iter()
            .map(|s| (minutes(&s["opens"]), minutes(&s["closes"])))
            .filter(|(o, c)| o != c)
            .collect()
    };
    let today = effective(day)
        .into_iter()
        .map(|(o, c)| if c < o { (o, DAY) } else { (o, c) });
    let carried = day
        .pred_opt()
        .map(effective)
        .unwrap_or_default()
        .into_iter()
        .filter(|(o, c)| c < o)
        .map(|(_, c)| (0, c));
    today.chain(carried).any(|(s, e)| s <= minute && minute < e)
}

/// At every half hour of the days around a schedule's holidays and
/// season, its specifications say what the browser's table says.
#[test]
fn specifications_say_what_the_open_now_table_says() {
    let holidays = autumn_holidays();
    let cases: [(&str, Option<Season>); 12] = [
        ("Mo-Sa 09:00-18:00; PH off", None),
        ("Fr-Sa 20:00-02:00; PH off", None),
        ("Fr-Sa 20:00-02:00", None),
        ("Mo-Fr 18:30-21:00; Sa,Su 09:00-17:00; PH 10:00-12:00", None),
        ("Mo-Su 22:00-06:00; PH off", None),
        ("24/7; PH off", None),
        ("Tu-Su 09:00-17:00; Mo off", None),
        ("Th 22:00-03:00; PH 08:00-10:00", None),
        (
            "Tu,Th 09:00-11:30",
            Some(season("2026-09-20", "2026-10-20")),
        ),
        (
            "Fr 21:00-01:00; PH off",
            Some(season("2026-09-04", "2026-10-02")),
        ),
        (
            "Jun Mo-Fr 09:00-12:00; Jul-Aug Mo-Fr 08:30-17:30; Jul Fr 20:00-02:00",
            Some(season("2026-06-15", "2026-08-20")),
        ),
        (
            "Jun-Jul Fr 22:00-03:00; Aug Sa 10:00-11:00",
            Some(season("2026-06-01", "2026-08-31")),
        ),
    ];
    for (raw, season) in cases {
        let h = hours(raw);
        let s = specs(&h, season.as_ref(), &holidays).unwrap_or_else(|| panic!("{raw}: specs"));
        let all: Vec<Value> = json_of(&s.weekly)
            .into_iter()
            .chain(json_of(&s.dated))
            .collect();
        let parsed = crate::hours::parse(raw).expect("valid hours");
        let table =
            schedule::compile(parsed.expression(), season.as_ref()).expect("a compiled table");
        let span = match season {
            Some(s) => days(
                &(s.from - chrono::Days::new(3)).to_string(),
                &(s.to + chrono::Days::new(3)).to_string(),
            ),
            None => days("2026-09-15", "2026-10-15"),
        };
        let mut open = 0;
        for d in span {
            for minute in (0..DAY).step_by(30).chain([DAY - 1]) {
                let want = is_open_at(&table, d, minute, &holidays).expect("known");
                assert_eq!(
                    open_by_specs(&all, d, minute),
                    want,
                    "{raw} on {d} at {:02}:{:02}: {all:#?}",
                    minute / 60,
                    minute % 60
                );
                open += usize::from(want);
            }
        }
        assert!(open > 0, "{raw}: open some time");
    }
}

/// The reading above can fail: a specification with a wrong end is caught.
#[test]
fn the_reading_catches_a_wrong_specification() {
    let s = specs(&hours("Fr-Sa 20:00-02:00"), None, &[]).expect("weekly");
    let mut all = json_of(&s.weekly);
    assert!(open_by_specs(&all, date("2026-10-03"), 60));
    all[0]["closes"] = "00:30:00".into();
    assert!(!open_by_specs(&all, date("2026-10-03"), 60));
}
