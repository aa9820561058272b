//! What 分享 and 复制信息 on a record page need: the record as a few lines
//! of plain text to paste into WeChat or a text message (name, phones,
//! address; the script adds today's hours and the link), and its weekly
//! hours compiled for the browser, from which the script works out
//! today's in the site's time zone when the page opens.

use serde::Serialize;

use crate::model::{Closure, Hours, Season};
use crate::render::wording::Wording;

/// A record's hours as "open now" reads them.
#[derive(Clone, Copy, Default)]
pub(crate) struct Hourly<'a> {
    pub hours: Option<&'a Hours>,
    pub season: Option<&'a Season>,
    pub closed: &'a [Closure],
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct ShareView {
    /// The lines copied before today's hours and the link.
    pub text: String,
    /// The hours compiled as for search's "open now"
    /// ([`crate::search::schedule`]), as JSON; None when they cannot be
    /// (the copy then has no line for today).
    pub week: Option<String>,
    /// The site's public holidays, space-separated, when the hours differ
    /// on them (or the day after).
    pub holidays: Option<String>,
}

/// The share view of a record named `name`.
pub(crate) fn share(
    words: &Wording,
    name: &str,
    phones: &[String],
    address: &str,
    hourly: Hourly<'_>,
    holidays: &[chrono::NaiveDate],
) -> ShareView {
    let mut lines = vec![name.trim().to_string()];
    let phones: Vec<&str> = phones
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    if !phones.is_empty() {
        lines.push(format!(
            "{}：{}",
            words.text("field.phone"),
            phones.join("、")
        ));
    }
    if !address.trim().is_empty() {
        lines.push(format!(
            "{}：{}",
            words.text("field.address"),
            address.trim()
        ));
    }
    let compiled = hourly
        .hours
        .and_then(|h| crate::search::schedule::compiled(&h.raw, hourly.season))
        .map(|c| (*c).clone().with_closures(hourly.closed));
    let holidays = compiled
        .as_ref()
        .filter(|c| c.holidays_matter() && !holidays.is_empty())
        .map(|_| {
            holidays
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        });
    ShareView {
        text: lines.join("\n"),
        week: compiled.and_then(|c| serde_json::to_string(&c).ok()),
        holidays,
    }
}
