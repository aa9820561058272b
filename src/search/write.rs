//! The index files, serialised as compact JSON. The format is described in
//! the parent module; this module only lays the values out.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Site;
use crate::urls::Urls;

use super::docs::{Doc, DocKind, FLAG_FREE, FLAG_ONLINE};
use super::schedule::{Compiled, FLAG_EVENING, FLAG_WEEKEND};
use super::shards;
use super::{SearchFile, DIR, FORMAT_VERSION};
use crate::fold::Folder;

/// Everything the files are made from.
pub(super) struct Input<'a> {
    pub site: &'a Site,
    pub docs: &'a [Doc],
    pub folder: &'a Folder,
    pub synonyms: &'a BTreeMap<String, Vec<String>>,
    pub schedules: &'a [Compiled],
    /// Schedule index of each document, −1 for none.
    pub schedule_of: &'a [i32],
    /// Every syllable names use, space-separated ([`Postings::syllables`]).
    pub syllables: &'a str,
}

fn file(name: &str, value: &impl Serialize) -> anyhow::Result<SearchFile> {
    Ok(SearchFile {
        path: format!("{DIR}/{name}"),
        bytes: serde_json::to_vec(value)?,
    })
}

#[derive(Serialize)]
struct Head<'a> {
    v: u32,
    root: &'a str,
    tz: &'a str,
    holidays: Vec<String>,
    n: usize,
    types: Vec<TypeRange>,
    categories: Vec<[&'a str; 2]>,
    audiences: Vec<[&'a str; 2]>,
    areas: Vec<(&'a str, &'a str, i64, &'a str)>,
    synonyms: &'a BTreeMap<String, Vec<String>>,
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

/// `head.json`: everything needed before the first lookup.
pub(super) fn head(input: &Input<'_>, term_shards: usize) -> anyhow::Result<SearchFile> {
    let site = input.site;
    let config = &site.config;
    let urls = Urls::new(&config.base_url);
    let head = Head {
        v: FORMAT_VERSION,
        root: urls.root(),
        tz: &config.timezone,
        holidays: config.holidays.iter().map(|d| d.to_string()).collect(),
        n: input.docs.len(),
        types: type_ranges(input.docs),
        categories: config
            .categories
            .iter()
            .map(|t| [t.id.as_str(), t.name.as_str()])
            .collect(),
        audiences: config
            .audiences
            .iter()
            .map(|t| [t.id.as_str(), t.name.as_str()])
            .collect(),
        areas: site
            .areas
            .areas
            .iter()
            .map(|a| {
                (
                    a.id.as_str(),
                    a.name.as_str(),
                    signed(a.parent),
                    a.kind.as_str(),
                )
            })
            .collect(),
        synonyms: input.synonyms,
        syllables: input.syllables.to_string(),
        schedules: input.schedules,
        shards: Shards {
            terms: term_shards,
            docs: shards::DOCS_PER_CHUNK,
        },
    };
    file("head.json", &head)
}

fn signed(i: Option<usize>) -> i64 {
    i.and_then(|i| i64::try_from(i).ok()).unwrap_or(-1)
}

fn type_ranges(docs: &[Doc]) -> Vec<TypeRange> {
    DocKind::ALL
        .iter()
        .map(|&kind| {
            let from = docs
                .iter()
                .position(|d| d.kind == kind)
                .unwrap_or(docs.len());
            let count = docs.iter().filter(|d| d.kind == kind).count();
            TypeRange {
                kind: kind.as_str(),
                url: kind.url_template(),
                from,
                count,
            }
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

/// `fold.json` for the given characters of the indexed (non-pinyin) terms.
pub(super) fn fold_with(
    input: &Input<'_>,
    mut targets: BTreeSet<char>,
) -> anyhow::Result<SearchFile> {
    for (k, values) in input.synonyms {
        targets.extend(k.chars());
        targets.extend(values.iter().flat_map(|v| v.chars()));
    }
    let map = input
        .folder
        .browser_map(&targets)
        .into_iter()
        .flat_map(|(k, v)| [k, v])
        .collect();
    file(
        "fold.json",
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
    &'a str,
    i64,
    u8,
    &'a str,
    &'a [usize],
    &'a [usize],
    i32,
);

/// `d/K.json`: result rows in chunks of [`shards::DOCS_PER_CHUNK`].
pub(super) fn doc_chunks(input: &Input<'_>) -> anyhow::Result<Vec<SearchFile>> {
    let rows = rows(input, 0..input.docs.len());
    rows.par_chunks(shards::DOCS_PER_CHUNK)
        .enumerate()
        .map(|(k, chunk)| file(&format!("d/{k}.json"), &chunk))
        .collect()
}

/// `d/K.json` for one `K`.
pub(super) fn doc_chunk(input: &Input<'_>, k: usize) -> anyhow::Result<SearchFile> {
    let from = k * shards::DOCS_PER_CHUNK;
    let to = (from + shards::DOCS_PER_CHUNK).min(input.docs.len());
    file(&format!("d/{k}.json"), &rows(input, from..to))
}

fn rows<'a>(input: &Input<'a>, range: std::ops::Range<usize>) -> Vec<Row<'a>> {
    input.docs[range.clone()]
        .iter()
        .zip(&input.schedule_of[range])
        .map(|(d, &s)| {
            (
                d.id.as_str(),
                d.name.as_str(),
                signed(d.area),
                d.flags,
                d.phone.as_str(),
                d.categories.as_slice(),
                d.audiences.as_slice(),
                s,
            )
        })
        .collect()
}

/// `f/NAME.json`: delta-coded documents of every filter value.
pub(super) fn facets(input: &Input<'_>) -> anyhow::Result<Vec<SearchFile>> {
    let mut sets: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let config = &input.site.config;
    let names = (0..config.categories.len())
        .map(|c| format!("c{c}"))
        .chain((0..config.audiences.len()).map(|a| format!("a{a}")))
        .chain((0..input.site.areas.areas.len()).map(|r| format!("r{r}")))
        .chain(["free", "online", "evening", "weekend"].map(String::from));
    for name in names {
        sets.insert(name, Vec::new());
    }
    for (n, doc) in input.docs.iter().enumerate() {
        let Ok(number) = u32::try_from(n) else {
            continue;
        };
        for name in facet_names(input, n, doc) {
            sets.entry(name).or_default().push(number);
        }
    }
    sets.iter()
        .map(|(name, docs)| file(&format!("f/{name}.json"), &shards::delta(docs)))
        .collect()
}

/// The filter values document `n` has.
fn facet_names(input: &Input<'_>, n: usize, doc: &Doc) -> Vec<String> {
    let mut out: Vec<String> = doc.categories.iter().map(|c| format!("c{c}")).collect();
    out.extend(doc.audiences.iter().map(|a| format!("a{a}")));
    out.extend(doc.areas.iter().map(|r| format!("r{r}")));
    let schedule_flags = usize::try_from(input.schedule_of[n])
        .ok()
        .and_then(|s| input.schedules.get(s))
        .map_or(0, |c| c.flags);
    let flags = [
        (doc.flags & FLAG_FREE != 0, "free"),
        (doc.flags & FLAG_ONLINE != 0, "online"),
        (schedule_flags & FLAG_EVENING != 0, "evening"),
        (schedule_flags & FLAG_WEEKEND != 0, "weekend"),
    ];
    out.extend(
        flags
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| name.to_string()),
    );
    out
}

/// `s.json`: the schedule index of every document, −1 for none.
pub(super) fn schedule_column(input: &Input<'_>) -> anyhow::Result<SearchFile> {
    file("s.json", &input.schedule_of)
}

#[derive(Serialize)]
struct Geo {
    p: Vec<i64>,
    d: Vec<Vec<usize>>,
}

/// `g.json`: WGS-84 positions of located venues, in units of 1e-5 degree,
/// and for every document the positions that stand for it.
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
    let d = input
        .docs
        .iter()
        .map(|doc| doc.venues.iter().map(|&v| slot[v]).collect())
        .collect();
    file("g.json", &Geo { p, d })
}

/// Degrees in units of 1e-5 (about a metre), as the browser divides back.
pub(super) fn micro_degrees(deg: f64) -> i64 {
    (deg * 1e5).round() as i64
}
