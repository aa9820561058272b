//! The search index, built in Rust from the same [`Site`] the pages come
//! from, and laid out for a small client on a phone: nothing is fetched
//! that a query does not need, and no dictionary, converter or parser is
//! shipped — the browser looks things up.
//!
//! [`build_index`] returns the files; the caller writes them under the
//! output root (they all live in `search/`), stored as
//! [`SearchFile::stored`] says. Output is deterministic:
//! sorted keys, documents in a fixed order, no hash-map order anywhere.
//!
//! # Matching
//!
//! Text is *folded* ([`fold`]) the same way at build time and in the
//! browser: NFKC, lower case, then a per-character Traditional → Simplified
//! map (`fold`). Folded text is cut into runs of letters and digits
//! and indexed by character bigrams ([`ngram`]), so any substring of two or
//! more characters matches and no segmenter can disagree; names and
//! category names also index single characters. Names, short names and
//! aliases are indexed by pinyin syllable pairs in full and by initials
//! ([`pinyin`]). Synonyms from `site.yaml` are folded and shipped for
//! query-time expansion ([`synonyms`]).
//!
//! # Files (format version 3)
//!
//! All under `search/`, each stored gzipped as `NAME.bin` ([`stored`]):
//! `head.bin` holds `head` gzipped. Inside, JSON, except the term shards
//! (binary, below). Numbers `doc` are document numbers:
//! slots in one table per type, organizations, venues, brands, services,
//! news, one after the other; `head.types` gives each type's range of
//! slots. A document's slot follows from its id (news: from its date,
//! oldest first), so adding or removing a record moves at most a few
//! neighbours and an edit rewrites only the files that hold them
//! ([`slots`]). About three slots in four of a directory type are empty.
//!
//! | file | when the browser loads it |
//! |---|---|
//! | `head` | always, first |
//! | `fold` | with the head (needed to fold any non-ASCII query) |
//! | `t/K` | the term shards holding the query's terms |
//! | `x/H` | the text tier of a dense term, when every gram is dense |
//! | `d/K` | the row chunks holding the results shown |
//! | `f/NAME` | when the filter NAME is on |
//! | `s` | for "open now" (schedule of every document) |
//! | `g` | for "near me" (positions of every document) |
//!
//! A site in several languages also has, for each copy, its `head` and
//! `d/K` with the names in that language, under the copy's prefix
//! (`zh-hant/head`, `en/d/K`; [`langs`]); the other files are shared.
//!
//! A browser without `DecompressionStream` loads the theme's
//! `search-inflate.js` to decompress them; bytes that do not start with
//! the gzip magic (`1f 8b`, which no file starts with) are read as they
//! are, for a host that undid the compression itself.
//!
//! ## `head`
//!
//! ```json
//! { "v": 3, "root": "/", "tz": "Asia/Shanghai",
//!   "holidays": ["2026-10-01", …],
//!   "n": 9520,
//!   "types": [{ "type": "organization", "url": "organizations/{id}/", "from": 0, "count": 2048 }, …],
//!   "categories": [["mental-health", "心理健康"], …],
//!   "audiences": [["parents", "职工家长"], …],
//!   "areas": [["chengguan", "城关区", -1, "district"], ["zhangyelu", "张掖路街道", 0, "street"], …],
//!   "synonyms": { "带娃": ["亲子", "托管"], … },
//!   "syllables": "a ai an … zuo",
//!   "schedules": [{ "d": [[], [540, 1080]], "w": [[1,1,1,1,1,1,0, 0,0,0,0,0,0,0, 1,1,1,1,1,1,0, 0,0,0,0,0,0,0]], "f": 2 }, …],
//!   "shards": { "terms": 4608, "docs": 16 } }
//! ```
//!
//! - `root`: the site's path prefix; a result links to `root` + the type's
//!   `url` with `{id}` replaced.
//! - `areas[i]` = `[id, name, parent index or -1, kind]`, parents first; an
//!   area's path is the ids from the root joined by `/`.
//! - `synonyms`: folded keys → folded values; `synonyms::expand` (in the
//!   tests) is the reference the browser is held to.
//! - `syllables`: every pinyin syllable used by names, space-separated, for
//!   cutting a Latin query into syllables (`pinyin::query_alternatives`,
//!   in the tests).
//! - `schedules`: compiled opening hours, referenced by index from rows and
//!   `s`; the format and its evaluation are in [`schedule`]. Open-now is
//!   evaluated in `tz` (use `Intl.DateTimeFormat` with `timeZone`), whatever
//!   the phone's zone; `holidays` are the days the holiday columns apply.
//! - `n`: the number of slots; a type's `count` is its number of slots.
//! - `shards.terms`: the number of term shards; `shards.docs`: rows per chunk.
//!
//! ## `fold`
//!
//! `{ "v": 3, "map": "臺台裡里…" }`: a string of code point pairs (iterate
//! with `Array.from`), each a character and what it folds to. Query folding
//! is `map(q.normalize("NFKC").toLowerCase())`, character by character.
//! Only pairs whose right side occurs in the indexed text are shipped.
//!
//! ## `t/K` — postings
//!
//! A term is in shard `fnv1a_utf16(term) % shards.terms` ([`shards`]).
//! Binary: one entry per term, sorted by term, each
//! `len term body_len body`: the term's length in UTF-8 bytes and its
//! bytes, then its body's length in bytes (to skip it) and the body:
//! `form count_name count_category count_third`, then the values of the
//! three lists one after the other. Every number is unsigned LEB128 (7
//! bits a byte, low first, high bit set on all bytes but the last). The
//! lists:
//!
//! - name tier: `doc, code, doc, code, …`, `code = pos * 2 + end`: the
//!   term's offset in a name (smallest among the document's names) and 1
//!   if it reaches the end of that name.
//! - category tier: `doc, doc, …`.
//! - form 0: the text tier, `doc, doc, …`. Form 1, a *dense* term (fewer
//!   documents lack it than have it in their text only, [`dense`]): the
//!   documents without the term; every other document has it in its text.
//!   Its text tier, needed only to list every document with it, is in
//!   `x/H`, `H` the hash as eight lower-case hex digits: entries as in a
//!   shard, each body `count doc, doc, …`.
//! - Doc numbers are delta-coded within each list (the first is absolute);
//!   a document appears once per term, in its best tier.
//!
//! Terms: character bigrams of folded text (`驿站`), single characters of
//! names and categories (`草`), and pinyin of names: `'cao`, `'xiao'cao`,
//! `'xiao^c`, `^x^c` (see [`pinyin`]).
//!
//! Query evaluation (for the client): fold the query, expand synonyms (each
//! expansion searched, results merged), cut into runs and take the query's
//! grams with their offsets (`ngram::query_grams`, in the tests); a Latin run is also
//! tried as pinyin. A document matches when it has every gram: the client
//! goes through the documents of one gram that is not dense (or, when all
//! are, of the dense one the fewest documents have, with its `x/H`) and looks
//! the others up. Its tier is
//! the worst tier among its grams; in the name tier it is **exact** when
//! the first gram is at offset 0, the others at their query offsets, and the
//! last gram has `end`; **prefix** when at offset 0 and consecutive;
//! **substring** otherwise. Rank: name exact > name prefix > name
//! substring > category > text; ties by type, then by document number,
//! news by document number from the highest (newest first). A query
//! of several runs (`城关 托管`) matches the documents that match every
//! run, each run by its grams or, for a Latin run, by any of its pinyin
//! readings; its rank is the worst of its runs', and in the name tier at
//! best substring.
//!
//! The browser side is `themes/default/static/search.js` (the API,
//! `window.yizhan.search`, documented in `docs/search.md`); it follows this
//! description and the reference functions named here.
//!
//! ## `d/K` — result rows
//!
//! Chunk `K` holds slots `K * shards.docs` up to the next chunk, a row
//! per slot (`null` for an empty one; empty slots at the end of a chunk
//! are left out, and a chunk of empty slots has no file), as
//! `[id, name, area, flags, phone, categories, audiences, schedule]`:
//! `area` an index into `head.areas` or -1; `flags` 1 free, 2 paid,
//! 4 online; `phone` as written (dial it as its digits, `+` and `-`);
//! `categories`, `audiences` indices into the head's lists; `schedule` an
//! index into `head.schedules` or -1 (unknown).
//!
//! ## `f/NAME` — filters
//!
//! Delta-coded sorted doc numbers: `cI` category I, `aI` audience I, `rI`
//! area I (a document is in its own areas and every area above them, so any
//! level filters), `free`, `online`, `evening` (after work: open after
//! 18:00 on some weekday), `weekend`; and `all`, every document, for a
//! list with no query and no other list to take documents from (a type
//! alone, or near me alone).
//!
//! ## `s`, `g`
//!
//! `s`: `[schedule index or -1, …]`, one per slot, up to the last
//! that has a schedule (a slot past the end has none). `g`:
//! `{ "p": [lat, lon, …], "d": [[i, …], …] }`: positions in WGS-84 (the
//! browser's datum; records in GCJ-02 or BD-09 are converted at build time)
//! in units of 1e-5 degree, and for each document the indices (into `p`
//! pairs) of the venues that stand for it: a venue itself, a service's
//! venues, an organization's operated venues, a brand's venues, one list
//! per slot up to the last that has one. Distance is to the nearest.

pub(crate) mod dense;
pub(crate) mod docs;
mod langs;
mod live;
pub(crate) mod ngram;
mod packed;
pub(crate) mod pinyin;
pub(crate) mod postings;
pub(crate) mod schedule;
pub(crate) mod shards;
mod slots;
mod stored;
pub(crate) mod synonyms;
mod write;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::model::Site;

use crate::fold;
use docs::Doc;
use postings::DocTerms;

pub(crate) use live::LiveIndex;
use schedule::Compiled;

/// The folder every index file lives in, relative to the output root.
pub(crate) const DIR: &str = "search";
pub(crate) const FORMAT_VERSION: u32 = 3;

/// Whether a path (relative to the output root) is one of the index's
/// files, which the index tracks itself.
pub(crate) fn is_index_file(path: &str) -> bool {
    path.strip_prefix(DIR)
        .is_some_and(|rest| rest.starts_with('/'))
        && path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext == stored::EXT)
}

/// One file of the index: its path relative to the output root and its
/// bytes before they are stored ([`SearchFile::stored`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SearchFile {
    pub path: String,
    pub raw: Vec<u8>,
}

impl SearchFile {
    /// The bytes the output holds: `raw` gzipped ([`stored`]). The
    /// browser reads `raw` too, so `serve` shows an edit's files as they
    /// are and stores them after the reload.
    pub(crate) fn stored(&self) -> anyhow::Result<Vec<u8>> {
        stored::gzip(&self.raw)
    }
}

/// Takes each file the index makes as soon as it is made, so that no
/// build holds all of them at once; called from several threads.
pub(crate) type Emit<'a> = dyn Fn(SearchFile) -> anyhow::Result<()> + Sync + 'a;

/// Builds every index file of the site, sorted by path (what
/// [`LiveIndex::build`] writes, without keeping the index).
pub(crate) fn build_index(site: &Site) -> anyhow::Result<Vec<SearchFile>> {
    let folder = fold::shared()?;
    collect(|emit| LiveIndex::build(site, folder, false, emit).map(drop))
}

/// The files `make` emits, sorted by path.
pub(crate) fn collect(
    make: impl FnOnce(&Emit<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<SearchFile>> {
    let files = std::sync::Mutex::new(Vec::new());
    make(&|file| {
        files
            .lock()
            .map_err(|_| anyhow::anyhow!(t!("index-thread-failed")))?
            .push(file);
        Ok(())
    })?;
    let mut files = files
        .into_inner()
        .map_err(|_| anyhow::anyhow!(t!("index-thread-failed")))?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Documents analysed in parallel at a time; the rest of indexing is
/// sequential, in document order.
const BATCH: usize = 512;

fn doc_terms(text: &docs::DocText) -> DocTerms<'_> {
    DocTerms {
        names: &text.names,
        categories: &text.categories,
        text: &text.text,
    }
}

/// Distinct compiled schedules in order of first use (in slot order),
/// and each slot's index into them (−1 for none).
fn intern_schedules(docs: &[Doc], layout: &slots::Layout) -> (Vec<Compiled>, Vec<i32>) {
    let mut table: Vec<Compiled> = Vec::new();
    let mut seen: BTreeMap<&Compiled, i32> = BTreeMap::new();
    // Documents of one schedule mostly share it: its address finds it
    // without comparing schedules.
    let mut at: rustc_hash::FxHashMap<*const Compiled, i32> = Default::default();
    let mut of = Vec::with_capacity(layout.len());
    for &n in &layout.at {
        let schedule = docs.get(n as usize).and_then(|d| d.schedule.as_ref());
        let index = match schedule {
            None => -1,
            Some(c) => *at.entry(std::sync::Arc::as_ptr(c)).or_insert_with(|| {
                *seen.entry(c).or_insert_with(|| {
                    table.push(Compiled::clone(c));
                    i32::try_from(table.len() - 1).unwrap_or(-1)
                })
            }),
        };
        of.push(index);
    }
    (table, of)
}
