//! What a record page says besides the record itself: its temporary
//! closures still to come (`closed:`), and the link to report that
//! something on it is wrong (`feedback:` in `site.yaml`).

use serde::Serialize;

use crate::feedback::About;
use crate::model::Closure;

use super::Ctx;

/// A closure that has not ended by the day the site is built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct ClosureView<'a> {
    pub from: String,
    /// None until further notice.
    pub to: Option<String>,
    /// "2026年12月5日至8日暂停开放".
    pub text: String,
    pub note: Option<&'a str>,
    /// Already under way on that day.
    pub now: bool,
}

/// The closures of a record that are under way or still to come.
pub(crate) fn closures<'a>(ctx: &Ctx<'_>, closed: &'a [Closure]) -> Vec<ClosureView<'a>> {
    let today = ctx.site.config.today;
    closed
        .iter()
        .filter(|c| c.to.is_none_or(|to| to >= today))
        .map(|c| ClosureView {
            from: c.from.to_string(),
            to: c.to.map(|t| t.to_string()),
            text: ctx.words.closure(c),
            note: Some(c.note.as_str()).filter(|n| !n.is_empty()),
            now: c.from <= today,
        })
        .collect()
}

/// 报告信息有误: where the link goes and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct FeedbackView {
    pub href: String,
    /// For a call: "来电请说明记录编号 venues/xiaocao".
    pub say: Option<String>,
}

/// The report link of the record at `rel` (`venues/xiaocao/`) named
/// `name`; None when the site has no `feedback:`.
pub(crate) fn feedback(ctx: &Ctx<'_>, rel: &str, name: &str) -> Option<FeedbackView> {
    let to = ctx.site.config.feedback.as_ref()?;
    let id = rel.trim_end_matches('/');
    let url = ctx.urls.absolute(rel);
    let about = About {
        id,
        name,
        url: &url,
    };
    let w = ctx.words;
    let subject = w.fill("format.report_subject", &[("name", name)]);
    let body = w.fill(
        "format.report_body",
        &[("name", name), ("id", id), ("url", &url)],
    );
    Some(FeedbackView {
        href: to.href(&about, &subject, &body),
        say: to
            .needs_id()
            .then(|| w.fill("format.report_call", &[("id", id)])),
    })
}
