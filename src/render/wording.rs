//! Text for readers that is assembled from data: labels of fixed values
//! (organization kinds, accessibility features), costs, floor areas,
//! seasons, page titles.
//!
//! The words themselves live in the theme's locale file
//! (`locales/zh-Hans.yaml`), which templates also see as `t`; this module
//! only fills them in, so a theme can reword everything without touching
//! Rust. Dates are the exception: [`date_in`] writes the Chinese form
//! `2024年8月6日` (or the English `6 Aug 2024` of an English copy) that
//! the `date_zh` template filter also uses.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use serde_json::Value;

use crate::model::{Cost, Season};

/// The locale strings of one language, with helpers to fill them in.
#[derive(Clone, Debug, Default)]
pub(crate) struct Wording {
    strings: Value,
    dates: DateStyle,
}

impl Wording {
    pub(crate) fn new(strings: Value) -> Wording {
        Wording {
            strings,
            dates: DateStyle::Chinese,
        }
    }

    /// The same words with dates written in `style`.
    pub(crate) fn with_dates(mut self, style: DateStyle) -> Wording {
        self.dates = style;
        self
    }

    /// The whole string tree, as templates see it.
    pub(crate) fn strings(&self) -> &Value {
        &self.strings
    }

    /// The string at a dotted path (`nav.home`), or `""` when missing.
    pub(crate) fn text(&self, path: &str) -> &str {
        let mut v = &self.strings;
        for key in path.split('.') {
            match v.get(key) {
                Some(next) => v = next,
                None => return "",
            }
        }
        v.as_str().unwrap_or("")
    }

    /// The label of `key` in a group (`org_kind`, `accessibility`, …); an
    /// unknown key is shown as written.
    pub(crate) fn label<'a>(&'a self, group: &str, key: &'a str) -> &'a str {
        self.strings
            .get(group)
            .and_then(|g| g.get(key))
            .and_then(Value::as_str)
            .unwrap_or(key)
    }

    /// The pattern at `path` with each `{name}` replaced.
    pub(crate) fn fill(&self, path: &str, args: &[(&str, &str)]) -> String {
        fill_pattern(self.text(path), args)
    }

    /// "免费", "20 元（会员免费）", the note alone when there is no amount;
    /// `None` when the cost is not known.
    pub(crate) fn cost(&self, cost: &Cost) -> Option<String> {
        match cost {
            Cost::Unknown => None,
            Cost::Free => Some(self.text("cost.free").to_string()),
            Cost::Paid {
                amount,
                currency,
                note,
            } => {
                let amount_text = amount.map(|a| {
                    let currency_label = self.label("currency", currency);
                    self.fill(
                        "cost.amount",
                        &[("amount", &format_number(a)), ("currency", currency_label)],
                    )
                });
                let note = note.trim();
                match (amount_text, note.is_empty()) {
                    (Some(text), true) => Some(text),
                    (Some(text), false) => {
                        Some(self.fill("cost.with_note", &[("cost", &text), ("note", note)]))
                    }
                    (None, false) => Some(note.to_string()),
                    (None, true) => Some(self.text("cost.paid").to_string()),
                }
            }
        }
    }

    /// "约 2000 平方米".
    pub(crate) fn floor_area(&self, m2: f64) -> String {
        self.fill("format.floor_area", &[("n", &format_number(m2))])
    }

    /// "2024年7月1日至8月31日"; the year is not repeated within one year.
    pub(crate) fn season(&self, season: &Season) -> String {
        let to = if season.to.year() == season.from.year() {
            month_day_in(self.dates, season.to)
        } else {
            date_in(self.dates, season.to)
        };
        self.fill(
            "format.season",
            &[("from", &date_in(self.dates, season.from)), ("to", &to)],
        )
    }

    /// "2026年12月5日至8日暂停开放", "2026年12月5日起暂停开放，恢复时间另行通知".
    pub(crate) fn closure(&self, c: &crate::model::Closure) -> String {
        let from = date_in(self.dates, c.from);
        match c.to {
            None => self.fill("format.closure_open_ended", &[("from", &from)]),
            Some(to) if to == c.from => self.fill("format.closure_day", &[("from", &from)]),
            Some(to) => {
                let to = if to.year() == c.from.year() {
                    month_day_in(self.dates, to)
                } else {
                    date_in(self.dates, to)
                };
                self.fill("format.closure", &[("from", &from), ("to", &to)])
            }
        }
    }

    /// "2022年起".
    pub(crate) fn started(&self, year: i64) -> String {
        self.fill("format.started", &[("year", &year.to_string())])
    }

    /// "拨打 0931-8000201".
    pub(crate) fn call(&self, phone: &str) -> String {
        self.fill("format.call", &[("phone", phone)])
    }

    /// "在高德地图中打开".
    pub(crate) fn open_in_map(&self, provider: &str) -> String {
        self.fill("format.open_in_map", &[("provider", provider)])
    }

    /// `<title>`: "页面 - 站点".
    pub(crate) fn document_title(&self, page: &str, site: &str) -> String {
        self.fill("format.document_title", &[("page", page), ("site", site)])
    }

    /// A list's title on page `n`: "机构（第 2 页）"; page 1 is the bare title.
    pub(crate) fn paged_title(&self, title: &str, n: usize) -> String {
        if n <= 1 {
            title.to_string()
        } else {
            self.fill(
                "format.paged_title",
                &[("title", title), ("n", &n.to_string())],
            )
        }
    }
}

/// Replaces `{name}` placeholders; unknown placeholders stay as written.
pub(crate) fn fill_pattern(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `2000.0` → "2000", `12.5` → "12.5": no trailing ".0" on whole numbers.
pub(crate) fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// How dates are written: "2024年8月6日" or "6 Aug 2024".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum DateStyle {
    #[default]
    Chinese,
    English,
}

impl DateStyle {
    /// The style of a language tag (`en` → English, anything else Chinese).
    pub(crate) fn of(language: &str) -> DateStyle {
        if language.to_ascii_lowercase().starts_with("en") {
            DateStyle::English
        } else {
            DateStyle::Chinese
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "2024年8月6日" or "6 Aug 2024".
pub(crate) fn date_in(style: DateStyle, d: NaiveDate) -> String {
    match style {
        DateStyle::Chinese => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        DateStyle::English => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

/// "8月31日" or "31 Aug".
pub(crate) fn month_day_in(style: DateStyle, d: NaiveDate) -> String {
    match style {
        DateStyle::Chinese => format!("{}月{}日", d.month(), d.day()),
        DateStyle::English => format!("{} {}", d.day(), MONTHS[d.month0() as usize]),
    }
}

/// "2024年8月12日 10:30", in the time zone the timestamp was written in.
fn datetime_in(style: DateStyle, t: &DateTime<FixedOffset>) -> String {
    format!(
        "{} {:02}:{:02}",
        date_in(style, t.date_naive()),
        t.hour(),
        t.minute()
    )
}

/// The `date_zh` template filter's work: formats `YYYY-MM-DD` or an RFC
/// 3339 timestamp in `style`; other text comes back unchanged.
pub(crate) fn format_date_text(text: &str, with_time: bool, style: DateStyle) -> Cow<'_, str> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Cow::Owned(if with_time {
            datetime_in(style, &t)
        } else {
            date_in(style, t.date_naive())
        });
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => Cow::Owned(date_in(style, d)),
        Err(_) => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wording() -> Wording {
        Wording::new(serde_json::json!({
            "cost": { "free": "免费", "paid": "收费", "amount": "{amount} {currency}", "with_note": "{cost}（{note}）" },
            "currency": { "CNY": "元" },
            "org_kind": { "union": "工会" },
            "format": { "floor_area": "约 {n} 平方米", "season": "{from}至{to}", "paged_title": "{title}（第 {n} 页）" }
        }))
    }

    fn paid(amount: Option<f64>, currency: &str, note: &str) -> Cost {
        Cost::Paid {
            amount,
            currency: currency.into(),
            note: note.into(),
        }
    }

    #[test]
    fn costs_read_naturally() {
        let w = wording();
        assert_eq!(w.cost(&Cost::Free).as_deref(), Some("免费"));
        assert_eq!(w.cost(&Cost::Unknown), None);
        assert_eq!(
            w.cost(&paid(Some(20.0), "CNY", "会员免费")).as_deref(),
            Some("20 元（会员免费）")
        );
        assert_eq!(
            w.cost(&paid(Some(12.5), "USD", "")).as_deref(),
            Some("12.5 USD")
        );
        assert_eq!(
            w.cost(&paid(None, "CNY", "按次收费")).as_deref(),
            Some("按次收费")
        );
        assert_eq!(w.cost(&paid(None, "CNY", "")).as_deref(), Some("收费"));
    }

    #[test]
    fn labels_fall_back_to_the_key() {
        let w = wording();
        assert_eq!(w.label("org_kind", "union"), "工会");
        assert_eq!(w.label("org_kind", "guild"), "guild");
        assert_eq!(w.label("nothing", "x"), "x");
        assert_eq!(w.text("format.missing"), "");
    }

    #[test]
    fn dates_seasons_and_areas() {
        let w = wording();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(date_in(DateStyle::Chinese, d("2024-08-06")), "2024年8月6日");
        assert_eq!(date_in(DateStyle::English, d("2024-08-06")), "6 Aug 2024");
        assert_eq!(month_day_in(DateStyle::English, d("2024-12-31")), "31 Dec");
        let same_year = Season {
            from: d("2024-07-01"),
            to: d("2024-08-31"),
        };
        assert_eq!(w.season(&same_year), "2024年7月1日至8月31日");
        let across = Season {
            from: d("2024-12-01"),
            to: d("2025-02-28"),
        };
        assert_eq!(w.season(&across), "2024年12月1日至2025年2月28日");
        assert_eq!(w.floor_area(2000.0), "约 2000 平方米");
        assert_eq!(w.paged_title("机构", 1), "机构");
        assert_eq!(w.paged_title("机构", 2), "机构（第 2 页）");
        assert_eq!(
            format_date_text("2024-08-12T10:30:00+08:00", true, DateStyle::Chinese),
            "2024年8月12日 10:30"
        );
        assert_eq!(
            format_date_text("2024-08-12T10:30:00+08:00", false, DateStyle::Chinese),
            "2024年8月12日"
        );
        assert_eq!(format_date_text("soon", false, DateStyle::English), "soon");
    }

    #[test]
    fn patterns_keep_unknown_placeholders() {
        assert_eq!(fill_pattern("{a} and {b} {", &[("a", "1")]), "1 and {b} {");
    }
}
