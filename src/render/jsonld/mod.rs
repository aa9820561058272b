//! schema.org JSON-LD for the record pages, so that search engines and
//! other directories read an organization, venue, service or brand (and a
//! news story) as data, not only as text.
//!
//! Each record page gets one `<script type="application/ld+json">` in its
//! head: a `@graph` whose first node is the page's record, with an `@id`
//! of the page's absolute URL and a fragment (`…/organizations/x/#org`,
//! `#place`, `#service`, `#brand`, `#article`; areas `#area`). A record
//! named on another record's page is a short node with the same `@id`, its
//! type and name, so pages link into one graph. The mapping (which type
//! each kind of record takes, which field becomes which property) is in
//! `docs/schema-org.md`; [`records`] builds the nodes and [`hours`] the
//! opening hours.
//!
//! The JSON is written here as text while each node is built ([`obj`]),
//! then escaped for the inside of a `<script>` element
//! ([`escape_for_script`]): the template outputs it
//! as is (`meta.jsonld`). Nodes are built on the render threads inside the
//! page's tracked view, so whatever a page's JSON-LD reads of the site
//! (its venue's address on a service page, say) is a dependency of the
//! page like the rest of its view, and `serve` redoes it when that changes.

mod hours;
mod obj;
mod records;

use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;

use crate::areas::AreaIdx;
use crate::model::{Hours, Idx, OrgKind, Season, Site};
use crate::urls::{self, Urls};
use obj::{Field, Json, Obj};

pub(crate) use hours::Specs;

/// The `@context` of every block.
const CONTEXT: &str = "https://schema.org";

/// Opening hours specifications by opening hours and season: thousands of
/// records share a few schedules.
type HoursCache =
    rustc_hash::FxHashMap<(String, Option<(NaiveDate, NaiveDate)>), Arc<Option<Specs>>>;

/// Makes the JSON-LD of the pages of one site; shared by the render
/// threads.
pub(crate) struct Maker<'a> {
    site: &'a Site,
    urls: Urls,
    hours: Mutex<HoursCache>,
    /// Each area's node, made once: every record page names its areas,
    /// each inside the areas above it.
    areas: Vec<OnceLock<Json>>,
}

impl<'a> Maker<'a> {
    pub(crate) fn new(site: &'a Site, urls: Urls) -> Maker<'a> {
        Maker {
            site,
            urls,
            hours: Mutex::default(),
            areas: (0..site.areas.areas.len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The specifications of some hours within an optional season, made
    /// once per build.
    fn hours(&self, h: &Hours, season: Option<&Season>) -> Arc<Option<Specs>> {
        let key = (h.raw.clone(), season.map(|s| (s.from, s.to)));
        if let Some(found) = self.hours.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return found;
        }
        let made = Arc::new(hours::specs(h, season, &self.site.config.holidays));
        if let Ok(mut cache) = self.hours.lock() {
            cache.insert(key, made.clone());
        }
        made
    }

    /// The absolute URL of a page.
    fn page(&self, rel: &str) -> String {
        self.urls.absolute(rel)
    }

    /// The `@id` of the node a page is about: its URL and a fragment.
    fn node_id(&self, rel: &str, fragment: &str) -> String {
        format!("{}#{fragment}", self.urls.absolute(rel))
    }

    fn org_id(&self, i: Idx) -> String {
        self.node_id(&urls::organization(self.site.organizations.id(i)), "org")
    }

    fn venue_id(&self, i: Idx) -> String {
        self.node_id(&urls::venue(self.site.venues.id(i)), "place")
    }

    fn brand_id(&self, i: Idx) -> String {
        self.node_id(&urls::brand(self.site.brands.id(i)), "brand")
    }

    fn service_id(&self, i: Idx) -> String {
        self.node_id(&urls::service(self.site.services.id(i)), "service")
    }

    /// An organization named on another page: type, `@id` and name.
    fn org_ref(&self, i: Idx) -> Obj {
        let o = &self.site.organizations[i];
        Obj::default()
            .must("@type", org_type(o.kind))
            .must("@id", self.org_id(i))
            .must("name", o.name.as_str())
    }

    fn brand_ref(&self, i: Idx) -> Obj {
        Obj::default()
            .must("@type", "Brand")
            .must("@id", self.brand_id(i))
            .must("name", self.site.brands[i].name.as_str())
    }

    fn service_ref(&self, i: Idx) -> Obj {
        let s = &self.site.services[i];
        Obj::default()
            .must(
                "@type",
                service_type(self.site.organizations[s.organization].kind),
            )
            .must("@id", self.service_id(i))
            .must("name", s.name.as_str())
    }

    /// An area of the area tree as an `AdministrativeArea`, inside the
    /// areas above it.
    fn area(&self, a: AreaIdx) -> Json {
        match self.areas.get(a) {
            Some(made) => made.get_or_init(|| self.make_area(a)).clone(),
            None => self.make_area(a),
        }
    }

    fn make_area(&self, a: AreaIdx) -> Json {
        let areas = &self.site.areas;
        let area = &areas.areas[a];
        let rel = urls::area(&area.path);
        Obj::default()
            .must("@type", "AdministrativeArea")
            .must("@id", self.node_id(&rel, "area"))
            .must("name", area.name.as_str())
            .must("url", self.page(&rel))
            .put("containedInPlace", area.parent.map(|p| self.area(p)))
            .done()
    }
}

/// The schema.org type of an organization of each kind (see
/// `docs/schema-org.md` for why).
pub(crate) fn org_type(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::SocialOrganization => "NGO",
        OrgKind::Government => "GovernmentOrganization",
        OrgKind::Union => "WorkersUnion",
        OrgKind::Enterprise => "Corporation",
        OrgKind::Community | OrgKind::Other => "Organization",
    }
}

/// A service of a union or a government body is a `GovernmentService`.
pub(crate) fn service_type(provider: OrgKind) -> &'static str {
    match provider {
        OrgKind::Union | OrgKind::Government => "GovernmentService",
        _ => "Service",
    }
}

/// The text of a script element holding `nodes` as one JSON-LD graph.
pub(crate) fn script(nodes: Vec<Json>) -> anyhow::Result<String> {
    let doc = Obj::default()
        .must("@context", CONTEXT)
        .must("@graph", nodes)
        .done();
    let bytes = doc.into_bytes();
    let text = simdutf8::basic::from_utf8(&bytes)
        .map_err(|e| anyhow::anyhow!(t!("jsonld-failed", error = e.to_string())))?;
    Ok(escape_for_script(text))
}

/// JSON made safe inside `<script>…</script>`: nothing in it can end the
/// element (`</script`), open a comment (`<!--`) or be read as HTML, and
/// the line separators older JavaScript rejects are escaped too. These
/// characters only occur inside JSON strings, where `\uXXXX` means the
/// same, so the JSON parses to the same value.
pub(crate) fn escape_for_script(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 16);
    // Runs without a character to escape are copied whole; every
    // character escaped starts at a byte that begins no other (ASCII, or
    // the lead byte E2 of U+2028 and U+2029), so each cut is at a
    // character boundary. The candidates are found by `memchr`, many
    // bytes at a time: E2 also leads the curly quotes and dashes of
    // Chinese text, so it has a search of its own.
    let mut markup = memchr::memchr3_iter(b'<', b'>', b'&', bytes).peekable();
    let mut lead = memchr::memchr_iter(0xE2, bytes).peekable();
    let mut from = 0;
    loop {
        let i = match (markup.peek(), lead.peek()) {
            (Some(&m), Some(&l)) if l < m => lead.next(),
            (Some(_), _) => markup.next(),
            (None, _) => lead.next(),
        };
        let Some(i) = i else { break };
        let escaped = match bytes[i] {
            b'<' => Some(("\\u003c", 1)),
            b'>' => Some(("\\u003e", 1)),
            b'&' => Some(("\\u0026", 1)),
            _ => match bytes.get(i + 1..i + 3) {
                Some([0x80, 0xA8]) => Some(("\\u2028", 3)),
                Some([0x80, 0xA9]) => Some(("\\u2029", 3)),
                _ => None,
            },
        };
        if let Some((with, len)) = escaped {
            out.push_str(&json[from..i]);
            out.push_str(with);
            from = i + len;
        }
    }
    out.push_str(&json[from..]);
    out
}

/// One value, or several as a list; none when empty.
fn one_or_many<T: Field>(items: Vec<T>) -> Option<Json> {
    match items.as_slice() {
        [] => None,
        [one] => Some(Json::of(one)),
        _ => Some(Json::list(items)),
    }
}

/// A web address written in a record as a URL (`https://` when the
/// scheme is left out, as the page's link does); none if it is not one.
fn web_url(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() || t.contains(char::is_whitespace) {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(t.to_owned())
    } else {
        Some(format!("https://{}", t.trim_start_matches('/')))
    }
}

/// An e-mail address, if the text looks like one.
fn email(text: &str) -> Option<&str> {
    let e = text.trim();
    (e.contains('@') && !e.contains(char::is_whitespace)).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn nothing_in_a_field_can_end_the_script_or_open_a_comment() {
        let hostile = "</script><!--<script>alert(1)</script>--> & </SCRIPT\u{2028}\u{2029}\\<…—”";
        let doc = json!({ "name": hostile, "alternateName": [hostile] });
        let text = escape_for_script(&serde_json::to_string(&doc).expect("JSON"));
        for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!text.contains(bad), "{bad:?} in {text}");
        }
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, doc, "the same value after escaping");
        assert_eq!(
            escape_for_script(r#"{"a":"x</script>"}"#),
            r#"{"a":"x\u003c/script\u003e"}"#
        );
    }

    /// Byte by byte, as the escaping was first written: the reference
    /// for the search by `memchr`.
    fn escaped_byte_by_byte(json: &str) -> String {
        let mut out = String::new();
        let mut rest = json;
        while let Some(c) = rest.chars().next() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    #[test]
    fn escaping_finds_every_character_wherever_it_is() {
        // Characters to escape, E2-led ones that are not (“ ” — …), and
        // text around them, in pseudo-random order and runs.
        let pieces = [
            "<", ">", "&", "\u{2028}", "\u{2029}", "“", "”", "—", "…", "青柠", "a", "\\\"", "",
        ];
        let mut seed = 5u64;
        for len in 0..300 {
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    pieces[(seed >> 33) as usize % pieces.len()]
                })
                .collect();
            assert_eq!(
                escape_for_script(&text),
                escaped_byte_by_byte(&text),
                "{text:?}"
            );
        }
        assert_eq!(escape_for_script("\u{2028}"), "\\u2028");
        assert_eq!(escape_for_script("末尾“引号”—"), "末尾“引号”—");
    }

    #[test]
    fn a_block_is_one_graph_in_the_schema_org_context() {
        let brand = Obj::default().must("@type", "Brand").must("name", "青柠");
        let text = script(vec![brand.done()]).expect("JSON");
        assert_eq!(
            text,
            r#"{"@context":"https://schema.org","@graph":[{"@type":"Brand","name":"青柠"}]}"#
        );
    }

    #[test]
    fn web_addresses_become_urls_or_nothing() {
        assert_eq!(web_url("www.a.org").as_deref(), Some("https://www.a.org"));
        assert_eq!(web_url("http://a.org/x").as_deref(), Some("http://a.org/x"));
        assert_eq!(web_url("见 公众号"), None);
        assert_eq!(web_url(" "), None);
        assert_eq!(email("a@b.org "), Some("a@b.org"));
        assert_eq!(email("暂无"), None);
    }
}
