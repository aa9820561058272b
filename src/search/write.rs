//! The index files but the term shards, serialised as compact JSON and
//! stored gzipped ([`super::stored`]). The format is described in the
//! parent module; this module only lays the values out.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Site;
use crate::urls::Urls;

use super::docs::{Doc, DocKind, FLAG_ACCESSIBLE, FLAG_FREE, FLAG_ONLINE};
use super::langs::{self, RowLanguage};
use super::schedule::{Compiled, FLAG_EVENING, FLAG_WEEKEND};
use super::shards;
use super::slots::{Layout, EMPTY};
use super::{stored, Emit, SearchFile, FORMAT_VERSION};
use crate::fold::Folder;

/// Everything the files are made from.
pub(super) struct Input<'a> {
    pub site: &'a Site,
    /// Every document, by its index in the numbering.
    pub docs: &'a [Doc],
    /// Where the documents are ([`super::slots`]).
    pub layout: &'a Layout,
    pub folder: &'a Folder,
    pub synonyms: &'a BTreeMap<String, Vec<String>>,
    pub schedules: &'a [Compiled],
    /// Schedule index of each slot, −1 for none.
    pub schedule_of: &'a [i32],
    /// Every syllable names use, space-separated
    /// ([`super::postings::Postings::syllables_of`] the names' characters).
    pub syllables: &'a str,
    /// The characters of the indexed (non-pinyin) terms, which the fold
    /// map is made for.
    pub fold_chars: &'a BTreeSet<char>,
    /// Phrases of the texts the copies word differently ([`RowLanguage::phrases`]).
    pub phrases: &'a [String],
}

impl<'a> Input<'a> {
    /// The document in a slot.
    fn doc(&self, slot: usize) -> Option<&'a Doc> {
        match self.layout.at.get(slot) {
            Some(&n) if n != EMPTY => self.docs.get(n as usize),
            _ => None,
        }
    }

    /// Every document with its slot, in slot order.
    fn in_order(&self) -> impl Iterator<Item = (u32, &'a Doc)> + '_ {
        self.layout
            .at
            .iter()
            .enumerate()
            .filter(|(_, &n)| n != EMPTY)
            .filter_map(|(slot, &n)| Some((slot as u32, self.docs.get(n as usize)?)))
    }
}

/// The stored file `NAME` holding `value` as JSON.
fn file(name: &str, value: &impl Serialize) -> anyhow::Result<SearchFile> {
    stored::file(name, serde_json::to_vec(value)?)
}

#[derive(Serialize)]
struct Head<'a> {
    v: u32,
    root: &'a str,
    tz: &'a str,
    holidays: Vec<String>,
    n: usize,
    types: Vec<TypeRange>,
    categories: Vec<(&'a str, Cow<'a, str>)>,
    audiences: Vec<(&'a str, Cow<'a, str>)>,
    areas: Vec<(&'a str, Cow<'a, str>, i64, &'a str)>,
    synonyms: Cow<'a, BTreeMap<String, Vec<String>>>,
    syllables: String,
    schedules: &'a [Compiled],
    shards: Shards,
}

#[derive(Serialize)]
struct TypeRange {
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
    from: usize,
    count: usize,
}

#[derive(Serialize)]
struct Shards {
    terms: usize,
    docs: usize,
}

/// `head`: everything needed before the first lookup, with the names of
/// categories, audiences and areas in `lang` (None: the site's own).
pub(super) fn head(
    input: &Input<'_>,
    term_shards: usize,
    lang: Option<&RowLanguage>,
) -> anyhow::Result<SearchFile> {
    let site = input.site;
    let config = &site.config;
    let urls = Urls::new(&config.base_url);
    let head = Head {
        v: FORMAT_VERSION,
        root: urls.root(),
        tz: &config.timezone,
        holidays: config.holidays.iter().map(|d| d.to_string()).collect(),
        n: input.layout.len(),
        types: type_ranges(input.layout),
        categories: config
            .categories
            .iter()
            .map(|t| (t.id.as_str(), langs::label(lang, &t.name)))
            .collect(),
        audiences: config
            .audiences
            .iter()
            .map(|t| (t.id.as_str(), langs::label(lang, &t.name)))
            .collect(),
        areas: site
            .areas
            .areas
            .iter()
            .map(|a| {
                (
                    a.id.as_str(),
                    langs::label(lang, &a.name),
                    signed(a.parent),
                    a.kind.as_str(),
                )
            })
            .collect(),
        synonyms: match lang {
            Some(lang) => Cow::Owned(with_words(input, lang)),
            None => Cow::Borrowed(input.synonyms),
        },
        syllables: input.syllables.to_string(),
        schedules: input.schedules,
        shards: Shards {
            terms: term_shards,
            docs: shards::DOCS_PER_CHUNK,
        },
    };
    file(&langs::file(lang, "head"), &head)
}

/// The site's synonyms with the words `lang` shows differently
/// ([`RowLanguage::words`]) of its names, areas, categories and audiences,
/// and of the phrases of its texts the index found.
fn with_words(input: &Input<'_>, lang: &RowLanguage) -> BTreeMap<String, Vec<String>> {
    let config = &input.site.config;
    let names = (input.in_order().map(|(_, d)| &*d.name))
        .chain(input.site.areas.areas.iter().map(|a| a.name.as_str()))
        .chain(config.categories.iter().map(|t| t.name.as_str()))
        .chain(config.audiences.iter().map(|t| t.name.as_str()))
        .chain(input.phrases.iter().map(String::as_str));
    let browser = input
        .folder
        .browser_map(&fold_targets(input, input.fold_chars.clone()));
    let mut out = input.synonyms.clone();
    for (key, values) in lang.words(names, input.folder, &browser) {
        let list = out.entry(key).or_default();
        for value in values {
            if !list.contains(&value) {
                list.push(value);
            }
        }
    }
    out
}

/// The characters the fold map is made for: those of the indexed terms
/// and of the synonyms.
fn fold_targets(input: &Input<'_>, mut targets: BTreeSet<char>) -> BTreeSet<char> {
    for (k, values) in input.synonyms {
        targets.extend(k.chars());
        targets.extend(values.iter().flat_map(|v| v.chars()));
    }
    targets
}

fn signed(i: Option<usize>) -> i64 {
    i.and_then(|i| i64::try_from(i).ok()).unwrap_or(-1)
}

fn type_ranges(layout: &Layout) -> Vec<TypeRange> {
    DocKind::ALL
        .iter()
        .zip(&layout.ranges)
        .map(|(&kind, &(from, count))| TypeRange {
            kind: kind.as_str(),
            url: kind.url_template(),
            from: from as usize,
            count: count as usize,
        })
        .collect()
}

#[derive(Serialize)]
struct FoldFile {
    v: u32,
    map: String,
}

/// Whether a term is a pinyin term (`'xiao'cao`, `^x^c`).
pub(super) fn is_pinyin(term: &str) -> bool {
    term.starts_with(['\'', '^'])
}

/// `fold` for the given characters of the indexed (non-pinyin) terms.
pub(super) fn fold_with(input: &Input<'_>, targets: BTreeSet<char>) -> anyhow::Result<SearchFile> {
    let map = input
        .folder
        .browser_map(&fold_targets(input, targets))
        .into_iter()
        .flat_map(|(k, v)| [k, v])
        .collect();
    file(
        "fold",
        &FoldFile {
            v: FORMAT_VERSION,
            map,
        },
    )
}

/// One result row: `[id, name, area, flags, phone, categories, audiences,
/// schedule]`.
type Row<'a> = (
    &'a str,
    Cow<'a, str>,
    i64,
    u8,
    &'a str,
    &'a [usize],
    &'a [usize],
    i32,
);

/// The number of row chunks.
pub(super) fn chunk_count(input: &Input<'_>) -> usize {
    input.layout.len().div_ceil(shards::DOCS_PER_CHUNK)
}

/// Emits each `d/K` as it is made (a build never holds them all):
/// result rows in chunks of [`shards::DOCS_PER_CHUNK`] slots, a chunk of
/// empty slots left out; the names in `lang` (None: the site's own).
pub(super) fn doc_chunks(
    input: &Input<'_>,
    lang: Option<&RowLanguage>,
    emit: &Emit<'_>,
) -> anyhow::Result<()> {
    (0..chunk_count(input))
        .into_par_iter()
        .try_for_each(|k| match doc_chunk(input, k, lang)? {
            Some(file) => emit(file),
            None => Ok(()),
        })
}

/// `d/K` for one `K`; None when its slots are all empty. Empty slots
/// are `null`, and those at the end of the chunk are left out.
pub(super) fn doc_chunk(
    input: &Input<'_>,
    k: usize,
    lang: Option<&RowLanguage>,
) -> anyhow::Result<Option<SearchFile>> {
    let from = k * shards::DOCS_PER_CHUNK;
    let to = (from + shards::DOCS_PER_CHUNK).min(input.layout.len());
    let mut rows: Vec<Option<Row<'_>>> = (from..to).map(|slot| row(input, slot, lang)).collect();
    while rows.last().is_some_and(Option::is_none) {
        rows.pop();
    }
    if rows.is_empty() {
        return Ok(None);
    }
    file(&chunk_name(k, lang), &rows).map(Some)
}

/// The name of row chunk `k` in `lang` (stored as `search/d/K.bin`,
/// `search/zh-hant/d/K.bin`).
pub(super) fn chunk_name(k: usize, lang: Option<&RowLanguage>) -> String {
    langs::file(lang, &format!("d/{k}"))
}

fn row<'a>(input: &Input<'a>, slot: usize, lang: Option<&RowLanguage>) -> Option<Row<'a>> {
    let d = input.doc(slot)?;
    Some((
        &d.id,
        lang.map_or(Cow::Borrowed(&*d.name), |l| l.name(d)),
        signed(d.area),
        d.flags,
        &d.phone,
        &d.categories,
        &d.audiences,
        input.schedule_of.get(slot).copied().unwrap_or(-1),
    ))
}

/// A filter value: the file `f/NAME` lists the documents that have
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Facet {
    /// Every document (for lists without a query or another filter).
    All,
    Category(usize),
    Audience(usize),
    Area(usize),
    Free,
    Online,
    /// With accessibility features (the venue's, or a service's venue's).
    Accessible,
    /// Open after work on some weekday.
    Evening,
    Weekend,
}

impl Facet {
    fn name(self) -> String {
        match self {
            Facet::All => "all".into(),
            Facet::Category(c) => format!("c{c}"),
            Facet::Audience(a) => format!("a{a}"),
            Facet::Area(r) => format!("r{r}"),
            Facet::Free => "free".into(),
            Facet::Online => "online".into(),
            Facet::Accessible => "accessible".into(),
            Facet::Evening => "evening".into(),
            Facet::Weekend => "weekend".into(),
        }
    }

    /// Every filter value of the site.
    pub(super) fn every(site: &Site) -> impl Iterator<Item = Facet> {
        let config = &site.config;
        [Facet::All]
            .into_iter()
            .chain((0..config.categories.len()).map(Facet::Category))
            .chain((0..config.audiences.len()).map(Facet::Audience))
            .chain((0..site.areas.areas.len()).map(Facet::Area))
            .chain([
                Facet::Free,
                Facet::Online,
                Facet::Accessible,
                Facet::Evening,
                Facet::Weekend,
            ])
    }

    /// Whether a document has this filter value: [`Facet::of`] for one
    /// value, without making the list.
    pub(super) fn holds(self, doc: &Doc) -> bool {
        let schedule_flags = || doc.schedule.as_ref().map_or(0, |c| c.flags);
        match self {
            Facet::All => true,
            Facet::Category(c) => doc.categories.contains(&c),
            Facet::Audience(a) => doc.audiences.contains(&a),
            Facet::Area(r) => doc.areas.binary_search(&r).is_ok(),
            Facet::Free => doc.flags & FLAG_FREE != 0,
            Facet::Online => doc.flags & FLAG_ONLINE != 0,
            Facet::Accessible => doc.flags & FLAG_ACCESSIBLE != 0,
            Facet::Evening => schedule_flags() & FLAG_EVENING != 0,
            Facet::Weekend => schedule_flags() & FLAG_WEEKEND != 0,
        }
    }

    /// The filter values a document has (with [`Facet::All`]), sorted.
    pub(super) fn of(doc: &Doc) -> Vec<Facet> {
        let mut out = vec![Facet::All];
        out.extend(doc.categories.iter().map(|&c| Facet::Category(c)));
        out.extend(doc.audiences.iter().map(|&a| Facet::Audience(a)));
        out.extend(doc.areas.iter().map(|&r| Facet::Area(r)));
        let schedule_flags = doc.schedule.as_ref().map_or(0, |c| c.flags);
        let flags = [
            (doc.flags & FLAG_FREE != 0, Facet::Free),
            (doc.flags & FLAG_ONLINE != 0, Facet::Online),
            (doc.flags & FLAG_ACCESSIBLE != 0, Facet::Accessible),
            (schedule_flags & FLAG_EVENING != 0, Facet::Evening),
            (schedule_flags & FLAG_WEEKEND != 0, Facet::Weekend),
        ];
        out.extend(flags.iter().filter(|(on, _)| *on).map(|(_, f)| *f));
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Up to this many filter values are made by asking each document about
/// each; more are made from each document's list of values.
const FEW_FACETS: usize = 16;

/// `f/NAME`: delta-coded documents of every filter value, or of those
/// in `only`.
pub(super) fn facets(
    input: &Input<'_>,
    only: Option<&BTreeSet<Facet>>,
) -> anyhow::Result<Vec<SearchFile>> {
    let mut sets: BTreeMap<Facet, Vec<u32>> = BTreeMap::new();
    let wanted = |f: &Facet| only.is_none_or(|o| o.contains(f));
    for facet in Facet::every(input.site).filter(wanted) {
        sets.insert(facet, Vec::new());
    }
    match only {
        // A few values an edit reached: each asked of every document.
        Some(only) if only.len() <= FEW_FACETS => {
            for (slot, doc) in input.in_order() {
                for (facet, set) in sets.iter_mut() {
                    if facet.holds(doc) {
                        set.push(slot);
                    }
                }
            }
        }
        _ => {
            for (slot, doc) in input.in_order() {
                for facet in Facet::of(doc) {
                    if let Some(set) = sets.get_mut(&facet) {
                        set.push(slot);
                    }
                }
            }
        }
    }
    sets.iter()
        .map(|(facet, docs)| file(&format!("f/{}", facet.name()), &shards::delta(docs)))
        .collect()
}

/// `s`: the schedule index of every slot, −1 for none, up to the
/// last slot that has one.
pub(super) fn schedule_column(input: &Input<'_>) -> anyhow::Result<SearchFile> {
    let end = input
        .schedule_of
        .iter()
        .rposition(|&s| s >= 0)
        .map_or(0, |i| i + 1);
    file("s", &&input.schedule_of[..end])
}

/// `g`: WGS-84 positions of located venues, in units of 1e-5 degree,
/// and for every slot the positions that stand for its document, up to the
/// last slot that has one.
pub(super) fn geo(input: &Input<'_>) -> anyhow::Result<SearchFile> {
    let venues = &input.site.venues;
    let mut slot = vec![usize::MAX; venues.len()];
    let mut p = Vec::new();
    for (i, v) in venues.iter().enumerate() {
        if let Some(loc) = &v.location {
            slot[i] = p.len() / 2;
            p.push(micro_degrees(loc.wgs84.lat));
            p.push(micro_degrees(loc.wgs84.lon));
        }
    }
    // Written by hand: a list per slot, most of them empty, would be as
    // many allocations.
    let has = |s: usize| input.doc(s).is_some_and(|doc| !doc.venues.is_empty());
    let end = (0..input.layout.len()).rposition(has).map_or(0, |s| s + 1);
    let mut out = Vec::with_capacity(16 + p.len() * 9 + end * 4);
    out.extend_from_slice(b"{\"p\":");
    serde_json::to_writer(&mut out, &p)?;
    out.extend_from_slice(b",\"d\":[");
    for s in 0..end {
        if s > 0 {
            out.push(b',');
        }
        out.push(b'[');
        for (i, &v) in input
            .doc(s)
            .map_or(&[][..], |d| &d.venues)
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut out, &slot[v])?;
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    stored::file("g", out)
}

/// Degrees in units of 1e-5 (about a metre), as the browser divides back.
pub(super) fn micro_degrees(deg: f64) -> i64 {
    (deg * 1e5).round() as i64
}
