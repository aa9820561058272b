//! What every object of one site's feed is made with, and the parts that
//! several kinds of object share: phones and schedules.
//!
//! A record's UUID is made once per render (a service's file, its list
//! entry and its CSV rows all name its organization), and so are the weekly
//! slots of each distinct schedule (thousands of records share a few).
//! Neither cache hides a read from the engine: every use of a record's
//! UUID still reads the record's id through the site's tracked collections
//! ([`crate::model::track`]), so `serve` re-makes exactly the files a
//! change reaches.

use std::sync::OnceLock;

use crate::model::{Hours, Idx, Season, Site, TermIdx};
use crate::urls::Urls;

use super::ids::Ids;
use super::schedule::Slots;
use super::taxonomy::Taxonomy;
use super::tree::{Node, Obj};

/// What every object of one site is made with.
pub(crate) struct Ctx<'a> {
    pub(crate) site: &'a Site,
    pub(crate) urls: Urls,
    pub(crate) ids: Ids,
    /// The site's UTC offset, e.g. `+08:00`, and the same in hours.
    pub(crate) offset: String,
    pub(crate) offset_hours: f64,
    /// The UUIDs of the categories' and the audiences' terms.
    term_ids: [Vec<String>; 2],
    /// The UUIDs of the records, by collection and index, made when first
    /// asked for.
    record_ids: [Vec<OnceLock<String>>; 4],
    slots: Slots,
    /// Each venue as a location nested in services' files, written once,
    /// with what making it read (see [`Ctx::nested_location`]).
    nested: Vec<OnceLock<Shared>>,
    /// Descriptions read for one file and not yet for the other
    /// ([`Ctx::description`]).
    texts: Texts,
}

/// Bodies' plain texts between their two reads: a record's description is
/// in its JSON file (or its operator's) and in its CSV row, and reading
/// the body twice was a third of what the feed cost. A text goes when it
/// is read the second time; past [`TEXTS_BUDGET`] bytes held, a text is
/// read again instead of held, so memory stays bounded however far apart
/// the two files are made ([`crate::counted`]).
type Texts = crate::counted::Counted<(Of, Idx), String>;

const TEXTS_BUDGET: usize = 16 << 20;

/// A part written once and nested in many files, and what making it read.
pub(crate) type Shared = Option<(
    Box<serde_json::value::RawValue>,
    Vec<crate::model::track::Dep>,
)>;

/// The collections whose records have a UUID of their own.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Of {
    Organization = 0,
    Location = 1,
    Service = 2,
    Program = 3,
}

impl Of {
    fn kind(self) -> &'static str {
        match self {
            Of::Organization => "organization",
            Of::Location => "location",
            Of::Service => "service",
            Of::Program => "program",
        }
    }
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(site: &'a Site, offset: String, offset_hours: f64) -> Ctx<'a> {
        let ids = Ids::new(&site.config.base_url);
        let config = &site.config;
        let term_ids = [
            Taxonomy::Categories.term_ids(&ids, &config.categories),
            Taxonomy::Audiences.term_ids(&ids, &config.audiences),
        ];
        // Sized without noting a read: no page's output depends on it.
        fn slots<T>(n: usize) -> Vec<OnceLock<T>> {
            (0..n).map(|_| OnceLock::new()).collect()
        }
        let record_ids = [
            slots(site.organizations.untracked().len()),
            slots(site.venues.untracked().len()),
            slots(site.services.untracked().len()),
            slots(site.brands.untracked().len()),
        ];
        Ctx {
            site,
            urls: Urls::new(&site.config.base_url),
            ids,
            offset,
            offset_hours,
            term_ids,
            record_ids,
            slots: Slots::default(),
            nested: slots(site.venues.untracked().len()),
            texts: Texts::new(TEXTS_BUDGET, String::len),
        }
    }

    /// The plain text of record `i`'s body (`body`, which the caller read
    /// through the site, so the read is noted), read once for its two
    /// uses ([`Texts`]); empty when it cannot be read back.
    pub(crate) fn description(&self, of: Of, i: Idx, body: &crate::markdown::Body) -> String {
        let read = || Ok::<_, std::convert::Infallible>(body.plain().unwrap_or_default());
        self.texts.get((of, i), 2, read).unwrap_or_default()
    }

    /// The UUID of an object named `name` of type `kind`.
    pub(crate) fn id(&self, kind: &str, name: &str) -> String {
        self.ids.of(kind, name)
    }

    /// The UUID of part `part` of `owner` (`service/chahua`), of type
    /// `kind`: named `owner/part`.
    pub(crate) fn part_id(&self, kind: &str, owner: &str, part: &str) -> String {
        self.ids.of_part(kind, owner, part)
    }

    /// The UUID of the `n`th part of `owner` of type `kind`: named `owner/n`.
    pub(crate) fn nth_id(&self, kind: &str, owner: &str, n: usize) -> String {
        self.ids.of_nth(kind, owner, n)
    }

    fn record_id(&self, of: Of, i: Idx, id: &str) -> &str {
        match self.record_ids[of as usize].get(i) {
            Some(slot) => slot.get_or_init(|| self.ids.of(of.kind(), id)),
            // Not reached: the site does not change while it renders.
            None => "",
        }
    }

    /// The slot of venue `v`'s nested location.
    pub(crate) fn nested_slot(&self, v: Idx) -> Option<&OnceLock<Shared>> {
        self.nested.get(v)
    }

    pub(crate) fn org_id(&self, i: Idx) -> &str {
        self.record_id(Of::Organization, i, self.site.organizations.id(i))
    }

    pub(crate) fn venue_id(&self, i: Idx) -> &str {
        self.record_id(Of::Location, i, self.site.venues.id(i))
    }

    pub(crate) fn service_id(&self, i: Idx) -> &str {
        self.record_id(Of::Service, i, self.site.services.id(i))
    }

    pub(crate) fn brand_id(&self, i: Idx) -> &str {
        self.record_id(Of::Program, i, self.site.brands.id(i))
    }

    /// A term's UUID, made once per build.
    pub(crate) fn term_id(&self, t: Taxonomy, i: TermIdx) -> &str {
        let ids = match t {
            Taxonomy::Categories => &self.term_ids[0],
            Taxonomy::Audiences => &self.term_ids[1],
        };
        ids.get(i).map_or("", String::as_str)
    }

    /// The start of a day as an HSDS date-time in the site's time zone.
    pub(crate) fn date_time(&self, d: Option<chrono::NaiveDate>) -> Option<String> {
        d.map(|d| format!("{}T00:00:00{}", d.format("%Y-%m-%d"), self.offset))
    }

    /// The phones of `owner` (`organization/xiaocao`), linked to it by
    /// `link` (`("organization_id", uuid)`).
    pub(crate) fn phones<'x>(
        &'x self,
        owner: &str,
        link: (&'static str, &'x str),
        numbers: &'x [String],
    ) -> Vec<Node<'x>> {
        numbers
            .iter()
            .filter(|n| !n.trim().is_empty())
            .enumerate()
            .map(|(n, number)| {
                Obj::default()
                    .must("id", self.nth_id("phone", owner, n + 1))
                    .must(link.0, link.1)
                    .must("number", number.trim())
                    .done()
            })
            .collect()
    }

    /// The languages of `owner`, linked to it by `link`: each as written
    /// (`name`), with its ISO 639-3 `code` when it is a common one.
    pub(crate) fn languages<'x>(
        &'x self,
        owner: &str,
        link: (&'static str, &'x str),
        names: &'x [String],
    ) -> Vec<Node<'x>> {
        names
            .iter()
            .enumerate()
            .map(|(n, name)| {
                Obj::default()
                    .must("id", self.nth_id("language", owner, n + 1))
                    .must(link.0, link.1)
                    .must("name", name.as_str())
                    .put("code", language_code(name))
                    .done()
            })
            .collect()
    }

    /// Opening hours as HSDS schedules: one per weekly slot, or one in
    /// words when weekly rules cannot say them (see [`super::schedule`]).
    pub(crate) fn schedules<'x>(
        &'x self,
        owner: &str,
        link: (&'static str, &'x str),
        hours: Option<&'x Hours>,
        season: Option<&Season>,
    ) -> Vec<Node<'x>> {
        let Some(hours) = hours else {
            return Vec::new();
        };
        let words = hours.lines.join("；");
        let base = |n: usize| {
            Obj::default()
                .must("id", self.nth_id("schedule", owner, n))
                .must(link.0, link.1)
                .put("valid_from", season.map(|s| s.from.to_string()))
                .put("valid_to", season.map(|s| s.to.to_string()))
                .must("timezone", self.offset_hours)
                .put("description", words.clone())
                .put("notes", hours.raw.as_str())
        };
        let slots = self.slots.of(hours, season);
        if slots.is_empty() {
            return vec![base(1).done()];
        }
        slots
            .iter()
            .enumerate()
            .map(|(n, slot)| {
                base(n + 1)
                    .must("freq", "WEEKLY")
                    .must("wkst", "MO")
                    .must("byday", slot.byday.clone())
                    .must("opens_at", format!("{}{}", slot.opens_at, self.offset))
                    .must("closes_at", format!("{}{}", slot.closes_at, self.offset))
                    .done()
            })
            .collect()
    }
}

/// The ISO 639-3 code of a language as editors write it in Chinese or
/// English, for the common ones; None for dialects and the rest.
fn language_code(name: &str) -> Option<&'static str> {
    Some(match name.trim().to_lowercase().as_str() {
        "普通话" | "国语" | "mandarin" => "cmn",
        "汉语" | "中文" | "chinese" => "zho",
        "粤语" | "广东话" | "cantonese" => "yue",
        "英语" | "英文" | "english" => "eng",
        "藏语" | "tibetan" => "bod",
        "维吾尔语" | "uyghur" => "uig",
        "蒙古语" | "mongolian" => "mon",
        "哈萨克语" | "kazakh" => "kaz",
        "手语" | "中国手语" | "chinese sign language" => "csl",
        "日语" | "japanese" => "jpn",
        "韩语" | "朝鲜语" | "korean" => "kor",
        "俄语" | "russian" => "rus",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::convert::Infallible;

    use super::*;

    #[test]
    fn a_text_is_read_once_for_its_two_uses_and_a_third_reads_again() {
        let texts = Texts::new(TEXTS_BUDGET, String::len);
        let reads = Cell::new(0);
        let read = |text: &str| {
            reads.set(reads.get() + 1);
            Ok::<_, Infallible>(text.to_owned())
        };
        let key = (Of::Service, 3);
        assert_eq!(texts.get(key, 2, || read("小草")), Ok("小草".into()));
        // The second use takes it without reading, and nothing is left.
        assert_eq!(texts.get(key, 2, || read("changed")), Ok("小草".into()));
        assert_eq!((reads.get(), texts.held()), (1, (0, 0)));
        // A third use (a brand in several operators' files) reads again.
        assert_eq!(texts.get(key, 2, || read("again")), Ok("again".into()));
        assert_eq!(reads.get(), 2);
        // Another kind with the same index is another record.
        assert_eq!(
            texts.get((Of::Location, 3), 2, || read("场地")),
            Ok("场地".into())
        );
        assert_eq!(reads.get(), 3);
    }
}
