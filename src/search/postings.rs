//! Term → postings: which documents contain a term, in which ranking tier,
//! and for names where in the name.
//!
//! Every document appears at most once per term, in the best tier it has
//! the term in (names, then categories, then text). Name postings carry a
//! code `pos × 2 + end`: the term's offset in the name (the smallest among
//! the document's names) and whether it reaches the name's end, so the
//! browser can tell an exact name from a prefix from a substring.
//! Documents are added in number order, so every list is sorted.
//!
//! Indexing touches every character of the site, so terms are interned once
//! (with a fast FNV hash; the keys are short) and the pinyin terms of a
//! character and of a pair of characters are worked out once per site.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::ngram;
pub(crate) use super::packed::List;
use super::pinyin;
use crate::fold::{prefold, Folder};

pub(crate) const TIER_NAME: u8 = 0;
pub(crate) const TIER_CATEGORY: u8 = 1;
pub(crate) const TIER_TEXT: u8 = 2;
pub(crate) const TIERS: usize = 3;

/// A term's documents per tier. The name tier holds `doc, code` pairs.
pub(crate) type Lists = [List; TIERS];

/// Values per document in a tier's list: `doc, code` pairs in the name tier.
pub(crate) fn stride(tier: usize) -> usize {
    if tier == usize::from(TIER_NAME) {
        2
    } else {
        1
    }
}

/// One occurrence of a term in a document, before deduplication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    term: u32,
    tier: u8,
    pos: u32,
    /// `false` sorts first: at equal offsets, prefer the one ending a name.
    not_end: bool,
}

/// 64-bit FNV-1a for strings and a one-step mix for numbers: short keys
/// hashed millions of times.
#[derive(Clone, Copy, Debug)]
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Packed grams are hashed in one step (FxHash's mix).
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv64>>;

/// Terms by number and numbers by term (each term's text held once).
#[derive(Debug, Default)]
struct Interner {
    terms: indexmap::IndexSet<String, BuildHasherDefault<Fnv64>>,
    /// Grams of one or two characters by [`pack`], the bulk of all lookups.
    packed: FastMap<u64, u32>,
}

impl Interner {
    fn id(&mut self, term: &str) -> u32 {
        let id = match self.terms.get_index_of(term) {
            Some(id) => id,
            None => self.terms.insert_full(term.to_owned()).0,
        };
        u32::try_from(id).unwrap_or(u32::MAX)
    }

    /// The number of a gram of one or two characters, by [`pack`].
    fn packed_id(&mut self, key: u64) -> u32 {
        if let Some(&id) = self.packed.get(&key) {
            return id;
        }
        let id = self.id(&unpack(key));
        self.packed.insert(key, id);
        id
    }
}

const TWO_CHARS: u64 = 1 << 63;
const CHAR_BITS: u64 = 0x1F_FFFF;

/// One or two characters in one number: 21 bits each, and a bit for two.
fn pack(gram: &[char]) -> u64 {
    let key = gram
        .iter()
        .take(2)
        .fold(0u64, |key, &c| (key << 21) | u64::from(u32::from(c)));
    if gram.len() > 1 {
        key | TWO_CHARS
    } else {
        key
    }
}

fn unpack(key: u64) -> String {
    let char_at = |shift: u64| {
        u32::try_from((key >> shift) & CHAR_BITS)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    };
    if key & TWO_CHARS != 0 {
        [char_at(21), char_at(0)].iter().collect()
    } else {
        char_at(0).to_string()
    }
}

/// A gram of one or two characters found in a document, packed: its
/// [`pack`]ed characters, then its tier, position and whether it ends
/// its run in one number, so that a document's hundreds of grams sort
/// (by gram, then best first, as a [`Hit`] compares) by two comparisons
/// of numbers each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct PackedHit {
    key: u64,
    /// `tier << 33 | pos << 1 | not_end`.
    rank: u64,
}

impl PackedHit {
    fn new(key: u64, tier: u8, pos: u32, not_end: bool) -> PackedHit {
        PackedHit {
            key,
            rank: u64::from(tier) << 33 | u64::from(pos) << 1 | u64::from(not_end),
        }
    }

    fn tier(self) -> u8 {
        (self.rank >> 33) as u8
    }

    fn pos(self) -> u32 {
        (self.rank >> 1) as u32
    }

    fn not_end(self) -> bool {
        self.rank & 1 == 1
    }
}

/// What indexing needs from one document that does not depend on other
/// documents, so it can be worked out in parallel: its folded grams (the
/// best occurrence of each) and its names, normalized, for pinyin.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Analysis {
    grams: Vec<PackedHit>,
    names: Vec<Vec<char>>,
}

impl Analysis {
    /// The characters of the document's names, as pinyin sees them.
    pub(crate) fn name_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.names.iter().flatten().copied()
    }
}

/// Folds and cuts one document's text.
pub(crate) fn analyse(terms: &DocTerms<'_>, folder: &Folder) -> Analysis {
    let mut grams = Vec::new();
    let mut names = Vec::new();
    for name in terms.names {
        let pre: Vec<char> = prefold(name).chars().collect();
        let folded: Vec<char> = pre.iter().map(|&c| folder.fold_char(c)).collect();
        push_grams(&folded, TIER_NAME, &mut grams);
        names.push(pre);
    }
    for category in terms.categories {
        let folded: Vec<char> = folder.fold(category).chars().collect();
        push_grams(&folded, TIER_CATEGORY, &mut grams);
    }
    for text in terms.text {
        push_text_grams(&folder.fold(text), &mut grams);
    }
    // Keeping each gram's best occurrence here, in parallel, leaves less
    // for the sequential part.
    grams.sort_unstable();
    grams.dedup_by_key(|g| g.key);
    Analysis { grams, names }
}

/// The grams of a folded name or category, unigrams too
/// ([`ngram::spans`]), packed as they are found.
fn push_grams(folded: &[char], tier: u8, out: &mut Vec<PackedHit>) {
    for (at, end) in ngram::spans(folded, true) {
        out.push(PackedHit::new(
            pack(&folded[at.clone()]),
            tier,
            u32::try_from(at.start).unwrap_or(u32::MAX / 2),
            !end,
        ));
    }
}

/// Bigrams (and one-character runs) of body text, without a string each.
fn push_text_grams(folded: &str, out: &mut Vec<PackedHit>) {
    let chars: Vec<char> = folded.chars().collect();
    let text = |gram: &[char]| PackedHit::new(pack(gram), TIER_TEXT, 0, true);
    for run in ngram::runs(&chars) {
        let run = &chars[run];
        if run.len() == 1 {
            out.push(text(run));
        }
        out.extend(run.windows(2).map(text));
    }
}

/// Keeps the best hit per term of one document, without sorting: a
/// document has hundreds of hits and the site tens of thousands of documents.
#[derive(Debug, Default)]
struct Dedup {
    /// For each term, the call it was last seen in.
    seen_in: Vec<u32>,
    /// Calls so far (the first is 1, so 0 means never seen).
    round: u32,
    /// For each term seen in the current document, its place in `best`.
    slot: Vec<u32>,
    best: Vec<Hit>,
}

impl Dedup {
    fn best(&mut self, hits: &[Hit], terms: usize) -> &[Hit] {
        self.best.clear();
        self.round += 1;
        let round = self.round;
        self.seen_in.resize(terms, 0);
        self.slot.resize(terms, 0);
        for &hit in hits {
            let t = hit.term as usize;
            if self.seen_in[t] == round {
                let kept = &mut self.best[self.slot[t] as usize];
                if hit < *kept {
                    *kept = hit;
                }
                continue;
            }
            self.seen_in[t] = round;
            self.slot[t] = u32::try_from(self.best.len()).unwrap_or(u32::MAX);
            self.best.push(hit);
        }
        &self.best
    }
}

/// Pinyin term numbers per written character and per pair of them.
#[derive(Debug, Default)]
struct PinyinMemo {
    readings: FastMap<char, Vec<String>>,
    singles: FastMap<char, Range<usize>>,
    pairs: FastMap<(char, char), Range<usize>>,
    /// The term numbers the ranges point into.
    arena: Vec<u32>,
}

impl PinyinMemo {
    fn readings(&mut self, written: char, folder: &Folder) -> &[String] {
        self.readings.entry(written).or_insert_with(|| {
            pinyin::written_and_folded_readings(written, folder.fold_char(written))
        })
    }

    fn singles(&mut self, c: char, folder: &Folder, terms: &mut Interner) -> Range<usize> {
        if let Some(r) = self.singles.get(&c) {
            return r.clone();
        }
        let texts = pinyin::single_terms(self.readings(c, folder));
        let range = self.store(&texts, terms);
        self.singles.insert(c, range.clone());
        range
    }

    fn pair(&mut self, a: char, b: char, folder: &Folder, terms: &mut Interner) -> Range<usize> {
        if let Some(r) = self.pairs.get(&(a, b)) {
            return r.clone();
        }
        let here = self.readings(a, folder).to_vec();
        let texts = pinyin::pair_terms(&here, self.readings(b, folder));
        let range = self.store(&texts, terms);
        self.pairs.insert((a, b), range.clone());
        range
    }

    fn store(&mut self, texts: &[String], terms: &mut Interner) -> Range<usize> {
        let start = self.arena.len();
        self.arena.extend(texts.iter().map(|t| terms.id(t)));
        start..self.arena.len()
    }
}

/// One document's place in one term's lists: the tier and, in the name
/// tier, the code `pos × 2 + end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub term: u32,
    pub tier: u8,
    pub code: u32,
}

/// Interned terms and their postings.
#[derive(Debug, Default)]
pub(crate) struct Postings {
    terms: Interner,
    lists: Vec<Lists>,
    pinyin: PinyinMemo,
    dedup: Dedup,
}

/// The text of one document to index, by tier.
pub(crate) struct DocTerms<'a> {
    pub names: &'a [String],
    pub categories: &'a [String],
    pub text: &'a [String],
}

impl Postings {
    /// Indexes one document; documents must come in number order.
    #[cfg(test)]
    pub(crate) fn add_doc(&mut self, doc: u32, terms: &DocTerms<'_>, folder: &Folder) {
        self.add_analysis(doc, &analyse(terms, folder), folder);
    }

    /// Indexes one document from its [`analyse`]d form; returns its
    /// entries.
    pub(crate) fn add_analysis(
        &mut self,
        doc: u32,
        analysis: &Analysis,
        folder: &Folder,
    ) -> Vec<Entry> {
        let entries = self.entries(analysis, folder);
        for e in &entries {
            let list = &mut self.lists[e.term as usize][usize::from(e.tier)];
            list.push_doc(doc);
            if e.tier == TIER_NAME {
                list.push_code(e.code);
            }
        }
        entries
    }

    /// What indexing a document adds: one entry per term, in its best
    /// tier. Interns new terms but changes no list.
    pub(crate) fn entries(&mut self, analysis: &Analysis, folder: &Folder) -> Vec<Entry> {
        let mut hits: Vec<Hit> = analysis
            .grams
            .iter()
            .map(|&g| Hit {
                term: self.terms.packed_id(g.key),
                tier: g.tier(),
                pos: g.pos(),
                not_end: g.not_end(),
            })
            .collect();
        for pre in &analysis.names {
            self.pinyin_hits(pre, folder, &mut hits);
        }
        let terms_now = self.terms.terms.len();
        self.lists.resize_with(terms_now, Default::default);
        self.dedup
            .best(&hits, terms_now)
            .iter()
            .map(|h| Entry {
                term: h.term,
                tier: h.tier,
                code: h.pos * 2 + u32::from(!h.not_end),
            })
            .collect()
    }

    /// Puts a document's entries into their lists, in number order, for
    /// documents indexed out of order (incremental updates).
    pub(crate) fn insert(&mut self, doc: u32, entries: &[Entry]) {
        for e in entries {
            let list = &mut self.lists[e.term as usize][usize::from(e.tier)];
            let code = (e.tier == TIER_NAME).then_some(e.code);
            list.insert(doc, code, stride(usize::from(e.tier)));
        }
    }

    /// Takes a document's entries out of their lists.
    pub(crate) fn remove(&mut self, doc: u32, entries: &[Entry]) {
        for e in entries {
            let list = &mut self.lists[e.term as usize][usize::from(e.tier)];
            list.remove(doc, stride(usize::from(e.tier)));
        }
    }

    /// The text of term number `id`.
    pub(crate) fn term(&self, id: u32) -> &str {
        &self.terms.terms[id as usize]
    }

    /// Whether some document holds every bigram of `folded` (folded text
    /// of two characters or more).
    pub(crate) fn holds_bigrams(&self, folded: &str) -> bool {
        let chars: Vec<char> = folded.chars().collect();
        let mut gram = String::new();
        chars.len() >= 2
            && chars.windows(2).all(|pair| {
                gram.clear();
                gram.extend(pair);
                self.terms
                    .terms
                    .get_index_of(gram.as_str())
                    .is_some_and(|id| self.lists[id].iter().any(|l| !l.is_empty()))
            })
    }

    /// The lists of term number `id`.
    pub(crate) fn lists(&self, id: u32) -> &Lists {
        &self.lists[id as usize]
    }

    /// Every syllable of the given name characters (see
    /// `Postings::syllables`); characters never indexed have none.
    pub(crate) fn syllables_of(&self, chars: impl Iterator<Item = char>) -> BTreeSet<&str> {
        chars
            .filter_map(|c| self.pinyin.readings.get(&c))
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// Terms in sorted order with their lists.
    #[cfg(test)]
    pub(crate) fn sorted(&self) -> Vec<(&str, &Lists)> {
        let mut out: Vec<(&str, &Lists)> = self
            .terms
            .terms
            .iter()
            .map(String::as_str)
            .zip(&self.lists)
            .collect();
        out.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out
    }

    /// Every syllable the names use, for the browser's query segmentation.
    #[cfg(test)]
    pub(crate) fn syllables(&self) -> BTreeSet<&str> {
        self.pinyin
            .readings
            .values()
            .flatten()
            .map(String::as_str)
            .collect()
    }

    pub(crate) fn len(&self) -> usize {
        self.terms.terms.len()
    }

    /// Gives back the room lists grew for values that never came.
    pub(crate) fn shrink(&mut self) {
        for list in self.lists.iter_mut().flatten() {
            list.shrink();
        }
    }

    fn pinyin_hits(&mut self, pre: &[char], folder: &Folder, hits: &mut Vec<Hit>) {
        let last = pinyin::last_word_end(pre);
        for (i, &c) in pre.iter().enumerate() {
            let singles = self.pinyin.singles(c, folder, &mut self.terms);
            if singles.is_empty() {
                continue;
            }
            self.push_range(singles, TIER_NAME, i, i + 1 == last, hits);
            let Some(&next) = pre.get(i + 1) else {
                continue;
            };
            if !self.pinyin.readings(next, folder).is_empty() {
                let pair = self.pinyin.pair(c, next, folder, &mut self.terms);
                self.push_range(pair, TIER_NAME, i, i + 2 == last, hits);
            }
        }
    }

    fn push_range(
        &self,
        terms: Range<usize>,
        tier: u8,
        pos: usize,
        end: bool,
        hits: &mut Vec<Hit>,
    ) {
        for &term in &self.pinyin.arena[terms] {
            hits.push(hit(term, tier, pos, end));
        }
    }
}

fn hit(term: u32, tier: u8, pos: usize, end: bool) -> Hit {
    Hit {
        term,
        tier,
        pos: u32::try_from(pos).unwrap_or(u32::MAX / 2),
        not_end: !end,
    }
}

#[cfg(test)]
mod tests;
