//! What 分享 and 复制信息 on a record page need: the record as a few lines
//! of plain text to paste into WeChat or a text message (name, phones,
//! address; the script adds today's hours and the link), and its weekly
//! hours compiled for the browser, from which the script works out
//! today's in the site's time zone when the page opens.

use serde::Serialize;

use crate::model::{Hours, Season};
use crate::render::wording::Wording;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct ShareView {
    /// The lines copied before today's hours and the link.
    pub text: String,
    /// The hours compiled as for search's "open now"
    /// ([`crate::search::schedule`]), as JSON; None when they cannot be
    /// (the copy then has no line for today).
    pub week: Option<String>,
}

/// The share view of a record named `name`.
pub(crate) fn share(
    words: &Wording,
    name: &str,
    phones: &[String],
    address: &str,
    hours: Option<&Hours>,
    season: Option<&Season>,
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
    let week = hours
        .and_then(|h| crate::hours::parse(&h.raw).ok())
        .and_then(|h| crate::search::schedule::compile(h.expression(), season))
        .and_then(|c| serde_json::to_string(&c).ok());
    ShareView {
        text: lines.join("\n"),
        week,
    }
}
