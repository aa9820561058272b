//! Raw news record → model story: dates in the site's time zone, tags,
//! explicit `mentions:` and the story's Markdown. Names found in the text
//! are linked by the news linker ([`super::mentions`]).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

use crate::content::{RawNews, Record};
use crate::diagnostics::Diagnostic;
use crate::markdown;

use super::check::{at, clean, Check, Lookups};
use super::records::{clean_list, md_options, Converted};
use super::{EntityRef, News};

/// Folders below `news/` the site's own pages use: the tag pages and the
/// index's later pages.
pub(super) const RESERVED_NEWS_IDS: [&str; 2] = ["tags", "page"];

pub(super) fn news(r: &Record<RawNews>, lk: &Lookups<'_>) -> Converted<News> {
    let raw = r.raw.clone();
    let mut c = Check::new(r);
    if RESERVED_NEWS_IDS.contains(&r.id.as_str()) {
        c.diags.push(Diagnostic::error(
            &r.file,
            crate::diagnostics::Position::new(1, 1, 1),
            msg!("news-id-reserved", id = r.id),
        ));
    }
    let title = c.required(raw.title, "title", "一项项微服务，营造温暖和谐大环境");
    let date_text = c.required(raw.date, "date", "2024-08-06T13:45:00+08:00");
    let date = if date_text.is_empty() {
        None
    } else {
        let d = parse_news_date(
            &date_text,
            lk.config
                .timezone
                .parse()
                .unwrap_or(chrono_tz::Asia::Shanghai),
        );
        if d.is_none() {
            c.error(&at(&["date"]), msg!("bad-news-date", text = date_text));
        }
        d
    };
    let mut mentions = Vec::new();
    for (i, id) in raw.mentions.iter().enumerate() {
        if let Some(m) = mention(&mut c, lk, id, i) {
            if !mentions.contains(&m) {
                mentions.push(m);
            }
        }
    }
    let source_url = clean(raw.source_url);
    if !source_url.is_empty() && !source_url.starts_with("http") {
        c.warn(
            &at(&["source_url"]),
            msg!("bad-source-url", url = source_url),
        );
    }
    let description = raw.description.as_deref().filter(|_| !r.has_body());
    let ((meta, plain), found) = match lk.linker {
        Some(linker) => {
            let mut pass = linker.pass();
            let meta = c.meta_with(r, None, description, &md_options(lk), Some(&mut pass));
            (meta, pass.into_found())
        }
        None => (
            c.meta_with(r, None, description, &md_options(lk), None),
            Vec::new(),
        ),
    };
    // Entries named in `mentions:` first, in the editor's order, then those
    // found in the text, in order of first mention.
    for m in found {
        if !mentions.contains(&m) {
            mentions.push(m);
        }
    }
    let summary = raw
        .description
        .filter(|_| r.has_body())
        .map(|d| d.trim().to_string())
        .unwrap_or_else(|| markdown::excerpt(&plain.unwrap_or_default(), 120));
    let news = News {
        meta,
        title,
        kicker: clean(raw.kicker),
        subtitle: clean(raw.subtitle),
        author: clean(raw.author),
        date: date.unwrap_or_else(epoch),
        source: clean(raw.source),
        source_url,
        editors: clean_list(raw.editors),
        mentions,
        tags: clean_list(raw.tags),
        summary,
    };
    (news, c.diags)
}

/// A mention may name an organization, venue, brand or service by id.
fn mention(c: &mut Check<'_>, lk: &Lookups<'_>, id: &str, i: usize) -> Option<EntityRef> {
    let id = id.trim();
    let found = lk
        .organizations
        .get(id)
        .map(EntityRef::Organization)
        .or_else(|| lk.venues.get(id).map(EntityRef::Venue))
        .or_else(|| lk.brands.get(id).map(EntityRef::Brand))
        .or_else(|| lk.services.get(id).map(EntityRef::Service));
    let indexes = [lk.organizations, lk.venues, lk.brands, lk.services];
    if found.is_none() && !indexes.iter().any(|ix| ix.is_broken(id)) {
        let suggestion = indexes.iter().find_map(|ix| ix.suggest(id));
        let message = super::resolve::did_you_mean(suggestion, msg!("unknown-mention", id = id));
        c.error(&super::check::at_index("mentions", i), message);
    }
    found
}

fn epoch() -> DateTime<FixedOffset> {
    DateTime::<FixedOffset>::default()
}

/// RFC 3339, or a local date and time (or date) in the site's time zone.
pub(super) fn parse_news_date(text: &str, tz: chrono_tz::Tz) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(d);
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })?;
    tz.from_local_datetime(&local)
        .earliest()
        .map(|d| d.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_dates_accept_rfc3339_local_and_date_only() {
        let tz = chrono_tz::Asia::Shanghai;
        let d = parse_news_date("2024-08-06T13:45:00+08:00", tz).expect("rfc3339");
        assert_eq!(d.to_rfc3339(), "2024-08-06T13:45:00+08:00");
        let d = parse_news_date("2024-08-06 13:45", tz).expect("local");
        assert_eq!(d.to_rfc3339(), "2024-08-06T13:45:00+08:00");
        let d = parse_news_date("2024-08-06", tz).expect("date");
        assert_eq!(d.to_rfc3339(), "2024-08-06T00:00:00+08:00");
        assert!(parse_news_date("2024-13-06", tz).is_none());
    }
}
