//! Unit tests for the parent module.

use super::*;

fn compiled(src: &str) -> Compiled {
    compiled_with(src, None)
}

fn compiled_with(src: &str, season: Option<&Season>) -> Compiled {
    let hours = crate::hours::parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    compile(hours.expression(), season).unwrap_or_else(|| panic!("{src} did not compile"))
}

fn uncompiled(src: &str) -> bool {
    let hours = crate::hours::parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    compile(hours.expression(), None).is_none()
}

/// A row where neither today nor yesterday being a holiday matters.
fn week(days: [i16; 7]) -> Row {
    let mut row = [0; COLUMNS];
    for (i, slot) in row.iter_mut().enumerate() {
        *slot = days[i % 7];
    }
    row
}

fn date(s: &str) -> NaiveDate {
    crate::config::parse_date(s).unwrap_or_else(|| panic!("{s}"))
}

fn at(c: &Compiled, day: &str, hh_mm: (u16, u16)) -> Option<bool> {
    is_open_at(c, date(day), hh_mm.0 * 60 + hh_mm.1, &[])
}

// 2026-03-02 is a Monday.
const MON: &str = "2026-03-02";
const FRI: &str = "2026-03-06";
const SAT: &str = "2026-03-07";
const SUN: &str = "2026-03-08";
const NEXT_MON: &str = "2026-03-09";

#[test]
fn overnight_friday_and_saturday() {
    let c = compiled("Fr-Sa 20:00-02:00");
    assert_eq!(
        c.days,
        vec![
            vec![],
            vec![1200, 1440],
            vec![0, 120, 1200, 1440],
            vec![0, 120]
        ]
    );
    assert_eq!(c.weeks, vec![week([0, 0, 0, 0, 1, 2, 3])]);
    assert_eq!(c.flags, FLAG_EVENING | FLAG_WEEKEND);
    assert_eq!(at(&c, FRI, (19, 59)), Some(false));
    assert_eq!(at(&c, FRI, (20, 0)), Some(true));
    assert_eq!(at(&c, SAT, (1, 59)), Some(true));
    assert_eq!(at(&c, SAT, (2, 0)), Some(false));
    assert_eq!(at(&c, SUN, (1, 0)), Some(true));
    assert_eq!(at(&c, NEXT_MON, (1, 0)), Some(false));
    assert_eq!(at(&c, MON, (21, 0)), Some(false));
}

#[test]
fn always_open() {
    let c = compiled("24/7");
    assert_eq!(c.days, vec![vec![], vec![0, 1440]]);
    assert_eq!(c.weeks, vec![week([1; 7])]);
    assert_eq!(c.flags, FLAG_EVENING | FLAG_WEEKEND);
    assert_eq!(at(&c, SUN, (3, 33)), Some(true));
    assert_eq!(at(&c, MON, (0, 0)), Some(true));
}

#[test]
fn public_holidays_off() {
    let c = compiled("Mo-Sa 09:00-18:00; PH off");
    assert_eq!(c.days, vec![vec![], vec![540, 1080]]);
    let mut row = week([1, 1, 1, 1, 1, 1, 0]);
    row[7..14].fill(0);
    row[21..28].fill(0);
    assert_eq!(c.weeks, vec![row]);
    assert_eq!(c.flags, FLAG_WEEKEND);
    let holidays = [date("2026-10-01")];
    let ten = 10 * 60;
    // 2026-10-01 is a Thursday and a holiday; a week later it is not.
    assert_eq!(
        is_open_at(&c, date("2026-10-01"), ten, &holidays),
        Some(false)
    );
    assert_eq!(
        is_open_at(&c, date("2026-10-08"), ten, &holidays),
        Some(true)
    );
    assert_eq!(is_open_at(&c, date("2026-10-01"), ten, &[]), Some(true));
}

#[test]
fn summer_months_only() {
    let c = compiled("Jul-Aug Mo-Fr 09:00-17:00");
    assert_eq!(c.weeks.len(), MONTH_ROWS);
    assert_eq!(c.weeks[0], [0; COLUMNS]);
    assert_eq!(c.weeks[6], week([1, 1, 1, 1, 1, 0, 0]));
    assert_eq!(c.weeks[7], c.weeks[6]);
    assert_eq!(c.weeks[8], [0; COLUMNS]);
    // The first of July: yesterday was in June.
    assert_eq!(c.weeks[12 + 6], c.weeks[6]);
    assert_eq!(c.flags, 0);
    assert_eq!(at(&c, "2026-07-15", (10, 0)), Some(true));
    assert_eq!(at(&c, "2026-09-15", (10, 0)), Some(false));
}

#[test]
fn closed_on_mondays() {
    let c = compiled("Tu-Su 09:00-17:00; Mo off");
    assert_eq!(c.weeks, vec![week([0, 1, 1, 1, 1, 1, 1])]);
    assert_eq!(c.flags, FLAG_WEEKEND);
    assert_eq!(at(&c, MON, (10, 0)), Some(false));
    assert_eq!(at(&c, SUN, (16, 59)), Some(true));
    assert_eq!(at(&c, SUN, (17, 0)), Some(false));
}

#[test]
fn later_rules_override_and_additions_add() {
    let c = compiled("Mo-Fr 08:00-18:00, We 12:00-13:00 off");
    assert_eq!(
        c.days,
        vec![vec![], vec![480, 1080], vec![480, 720, 780, 1080]]
    );
    assert_eq!(c.weeks[0][..7], [1, 1, 2, 1, 1, 0, 0]);
    // An `off` rule after `;` lays its hours over the day, as after `,`.
    let semi = compiled("Mo-Fr 08:00-18:00; We 12:00-13:00 off");
    assert_eq!(semi.days, c.days);
    assert_eq!(semi.weeks, c.weeks);
    let c = compiled("Mo-Fr 08:30-12:00,14:30-18:00; Sa 09:00-12:00");
    assert_eq!(c.days[1], [510, 720, 870, 1080]);
    let c = compiled("Mo-Su 09:00-17:00; We 18:00-21:00");
    assert_eq!(c.days, vec![vec![], vec![540, 1020], vec![1080, 1260]]);
    assert_eq!(c.flags, FLAG_EVENING | FLAG_WEEKEND);
}

#[test]
fn evening_means_open_after_six_on_a_weekday() {
    assert_eq!(compiled("Mo-Fr 18:30-21:00; PH off").flags, FLAG_EVENING);
    assert_eq!(compiled("Mo-Fr 09:00-18:00").flags, 0);
    assert_eq!(compiled("Mo-Fr 08:00-20:00").flags, FLAG_EVENING);
    assert_eq!(compiled("Sa 19:00-21:00").flags, FLAG_WEEKEND);
    assert_eq!(
        compiled("Fr 22:00-01:00").flags,
        FLAG_EVENING | FLAG_WEEKEND
    );
}

#[test]
fn an_off_day_keeps_the_night_that_started_on_it() {
    // As the reference evaluator has it: `Sa off` closes Saturday's own
    // hours, but the first rule still selects Saturday, so its night runs
    // into Sunday.
    let c = compiled("Fr-Sa 20:00-02:00; Sa off");
    assert_eq!(at(&c, FRI, (23, 0)), Some(true));
    assert_eq!(at(&c, SAT, (1, 0)), Some(false));
    assert_eq!(at(&c, SAT, (21, 0)), Some(false));
    assert_eq!(at(&c, SUN, (1, 0)), Some(true));
}

#[test]
fn a_holiday_yesterday_is_its_own_column() {
    let c = compiled("PH 20:00-02:00");
    // 2026-10-02 is a Friday; the night after a holiday runs to 02:00.
    let holidays = [date("2026-10-02")];
    let one_am = 60;
    assert_eq!(
        is_open_at(&c, date("2026-10-03"), one_am, &holidays),
        Some(true)
    );
    assert_eq!(is_open_at(&c, date("2026-10-03"), one_am, &[]), Some(false));
    assert_eq!(
        is_open_at(&c, date("2026-10-02"), 21 * 60, &holidays),
        Some(true)
    );
    assert_eq!(c.weeks[0][5], 0);
    assert_eq!(
        c.days[usize::try_from(c.weeks[0][14 + 5]).expect("known")],
        [0, 120]
    );
}

#[test]
fn seasons_close_outside_their_dates() {
    let season = Season {
        from: date("2026-07-01"),
        to: date("2026-08-31"),
    };
    let c = compiled_with("Mo-Fr 09:00-17:00", Some(&season));
    assert_eq!(
        c.season,
        Some(["2026-07-01".to_owned(), "2026-08-31".to_owned()])
    );
    assert_eq!(at(&c, "2026-07-01", (10, 0)), Some(true));
    assert_eq!(at(&c, "2026-08-31", (10, 0)), Some(true));
    assert_eq!(at(&c, "2026-09-01", (10, 0)), Some(false));
    assert_eq!(at(&c, "2026-06-30", (10, 0)), Some(false));
}

#[test]
fn unknown_days_and_comments() {
    let c = compiled("Mo-Fr 09:00-17:00; Sa unknown");
    assert_eq!(c.weeks[0][5], UNKNOWN);
    assert_eq!(at(&c, SAT, (10, 0)), None);
    assert_eq!(at(&c, FRI, (10, 0)), Some(true));
    let c = compiled("Mo-Fr 09:00-17:00; Sa \"预约\"");
    assert_eq!(c.weeks[0][5], UNKNOWN);
    assert!(uncompiled("\"预约\""));
}

#[test]
fn what_the_table_cannot_express_is_unknown() {
    for src in [
        "Mo-Fr 09:00-17:00; SH off",
        "sunrise-sunset",
        "Su[1] 10:00-12:00",
        "2026 Mo-Fr 09:00-17:00",
        "week 1-10 Mo 09:00-12:00",
        "Dec 24-26 off",
        "Mo 10:00+",
        "Mo 10:00-16:00/01:00",
        "PH +1 day off",
    ] {
        assert!(uncompiled(src), "{src}");
    }
}

#[test]
fn wrapping_ranges() {
    let c = compiled("Nov-Feb Sa-Mo 10:00-12:00");
    assert_eq!(c.weeks.len(), MONTH_ROWS);
    assert_eq!(c.weeks[0][..7], [1, 0, 0, 0, 0, 1, 1]);
    assert_eq!(c.weeks[10][..7], [1, 0, 0, 0, 0, 1, 1]);
    assert_eq!(c.weeks[5], [0; COLUMNS]);
}

#[test]
fn serialised_form_is_compact() -> Result<(), serde_json::Error> {
    let json = serde_json::to_string(&compiled("Fr-Sa 20:00-02:00"))?;
    assert_eq!(
        json,
        r#"{"d":[[],[1200,1440],[0,120,1200,1440],[0,120]],"w":[[0,0,0,0,1,2,3,0,0,0,0,1,2,3,0,0,0,0,1,2,3,0,0,0,0,1,2,3]],"f":3}"#
    );
    Ok(())
}

/// Compares the compiled table with the `opening-hours` crate's evaluator
/// at every half hour of 2026, holidays included.
#[test]
fn agrees_with_the_reference_evaluator_over_a_year() {
    use opening_hours::{Context, ContextHolidays, OpeningHours};
    use std::sync::Arc;

    let holidays: Vec<NaiveDate> = ["2026-01-31", "2026-10-01", "2026-10-02", "2026-10-05"]
        .into_iter()
        .map(date)
        .collect();
    let mut calendar = compact_calendar::CompactCalendar::default();
    for &d in &holidays {
        calendar.insert(d);
    }
    let context =
        Context::default().with_holidays(ContextHolidays::new(Arc::new(calendar), Arc::default()));
    for src in [
        "Fr-Sa 20:00-02:00",
        "24/7",
        "Mo-Sa 09:00-18:00; PH off",
        "Jul-Aug Mo-Fr 09:00-17:00",
        "Tu-Su 09:00-17:00; Mo off",
        "Mo-Fr 08:00-18:00; We 12:00-13:00 off",
        "Fr-Sa 20:00-02:00; Sa off",
        "Mo-Su 22:00-02:00; Tu 10:00-12:00",
        "Sa 10:00-12:00; Fr 20:00-02:00",
        "Nov-Feb Sa-Mo 10:00-12:00",
        "Jan Mo 20:00-02:00",
        "PH 20:00-02:00",
        "Mo-Fr 09:00-12:00 || Mo-Su 14:00-15:00",
        "Mo-Fr 10:00-20:00; Fr 22:00-03:00",
    ] {
        let ours = compiled(src);
        let reference: OpeningHours = src.parse().expect("reference parses");
        let reference = reference.with_context(context.clone());
        let mut day = date("2026-01-01");
        while day < date("2027-01-01") {
            for minute in (0..DAY).step_by(30) {
                let time = day.and_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0);
                let time = time.expect("valid time");
                let expected = reference.state(time).0 == RuleKind::Open;
                let got = is_open_at(&ours, day, minute, &holidays);
                assert_eq!(got, Some(expected), "{src} at {time}");
            }
            day = day.succ_opt().expect("next day");
        }
    }
}
