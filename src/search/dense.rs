//! Terms in most documents (`职工`, `兰州` in a city's directory), stored by
//! the documents that lack them.
//!
//! A query of several grams looks its common grams up only for the
//! documents its rarest gram lists, so for them the browser needs to know,
//! per document, whether it has the term and in which tier: the name and
//! category tiers, and the documents *without* the term, tell that with
//! far fewer numbers than the text tier when the term is in most
//! documents. Such a term is *dense*: fewer documents lack it than have it
//! in their text only. Its shard entry holds the name and category tiers
//! and the absent documents; its text tier, needed only to list every
//! document with the term (a query whose grams are all dense), is in the
//! file `x/H`, `H` the term's hash ([`super::shards::hash`]) as eight hex
//! digits, with any other dense term of the same hash.

use super::packed::encode;
use super::postings::{stride, Lists};

/// The documents without a dense term: how many, and their numbers
/// delta-coded as LEB128.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Absent {
    pub(crate) count: u32,
    pub(crate) bytes: Vec<u8>,
}

/// Documents holding the term (each is in one tier only).
fn holding(lists: &Lists) -> usize {
    lists
        .iter()
        .enumerate()
        .map(|(tier, l)| l.len() / stride(tier))
        .sum()
}

/// Whether a term with these lists is dense among `docs` documents.
pub(crate) fn is_dense(lists: &Lists, docs: usize) -> bool {
    let text = lists[2].len();
    text > 0 && docs.saturating_sub(holding(lists)) < text
}

/// The documents of `occupied` (as bits by document number, see
/// [`bits_of`]) that are in none of the lists.
pub(crate) fn absent(lists: &Lists, occupied: &[u64]) -> Absent {
    absent_of(&holding_bits(lists), occupied)
}

/// Document numbers as bits: bit `n % 64` of word `n / 64` is set for
/// each number `n`.
pub(crate) fn bits_of(docs: impl IntoIterator<Item = u32>) -> Box<[u64]> {
    let mut bits: Vec<u64> = Vec::new();
    for doc in docs {
        let word = doc as usize / 64;
        if word >= bits.len() {
            bits.resize(word + 1, 0);
        }
        bits[word] |= 1 << (doc % 64);
    }
    bits.into_boxed_slice()
}

/// The documents holding the term, as bits by document number (the lists
/// are in order per tier, but a document can be in several tiers).
pub(crate) fn holding_bits(lists: &Lists) -> Box<[u64]> {
    bits_of(lists.iter().enumerate().flat_map(|(tier, list)| {
        let step = stride(tier);
        let mut doc = 0u32;
        // Every `step`-th value is a document's difference from the last.
        list.coded().step_by(step).map(move |v| {
            doc += v;
            doc
        })
    }))
}

/// The documents of `occupied` that `held` does not hold (both as bits,
/// [`bits_of`]), a word of 64 documents at a time: a document that comes
/// or goes changes every dense term's, and a site has hundreds of dense
/// terms and tens of thousands of documents.
pub(crate) fn absent_of(held: &[u64], occupied: &[u64]) -> Absent {
    let mut out = Absent::default();
    let mut last = 0u32;
    for (w, &occ) in occupied.iter().enumerate() {
        let mut lacking = occ & !held.get(w).copied().unwrap_or(0);
        while lacking != 0 {
            let doc = (w * 64) as u32 + lacking.trailing_zeros();
            lacking &= lacking - 1;
            encode(doc - last, &mut out.bytes);
            last = doc;
            out.count += 1;
        }
    }
    out
}

/// The name of the file holding the text tiers of the dense terms of this
/// hash.
pub(crate) fn file_name(hash: u32) -> String {
    format!("x/{hash:08x}")
}

/// An `x/H` file: for each dense term of the hash (sorted), its length in
/// UTF-8 bytes and its bytes, then its body's length and the body: the
/// number of values of its text tier, then the values.
pub(crate) fn write_file(terms: &[(&str, &Lists)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (term, lists) in terms {
        let text = &lists[2];
        let mut count = Vec::with_capacity(5);
        encode(u32::try_from(text.len()).unwrap_or(u32::MAX), &mut count);
        encode(u32::try_from(term.len()).unwrap_or(u32::MAX), &mut out);
        out.extend_from_slice(term.as_bytes());
        let body = count.len() + text.bytes().len();
        encode(u32::try_from(body).unwrap_or(u32::MAX), &mut out);
        out.extend_from_slice(&count);
        out.extend_from_slice(text.bytes());
    }
    out
}

/// Each entry of an `x/H` file: the term and its text tier's values as
/// written (for tests).
#[cfg(test)]
pub(crate) fn read_file(bytes: &[u8]) -> Vec<(String, Vec<u32>)> {
    let mut at = 0;
    let number = |at: &mut usize| super::shards::read_number(bytes, at);
    let mut out = Vec::new();
    while at < bytes.len() {
        let len = number(&mut at) as usize;
        let term = String::from_utf8(bytes[at..at + len].to_vec()).expect("UTF-8");
        at += len;
        let end = number(&mut at) as usize + at;
        let count = number(&mut at);
        let text = (0..count).map(|_| number(&mut at)).collect();
        assert_eq!(at, end, "the body's length");
        out.push((term, text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::packed::List;

    fn lists(name: &[u32], category: &[u32], text: &[u32]) -> Lists {
        [
            List::from_values(name, 2),
            List::from_values(category, 1),
            List::from_values(text, 1),
        ]
    }

    #[test]
    fn dense_when_fewer_lack_the_term_than_have_it_in_text() {
        // Six documents: in 1 (name), 3 (category), 5, 9, 12 (text).
        let l = lists(&[1, 4], &[3], &[5, 9, 12]);
        assert!(is_dense(&l, 6), "one lacks it, three in text");
        assert!(!is_dense(&l, 9), "four lack it");
        assert!(!is_dense(&lists(&[1, 0], &[3], &[]), 3), "no text tier");
    }

    #[test]
    fn absent_lists_the_documents_in_no_tier() {
        let l = lists(&[1, 4, 200, 0], &[3], &[5, 9, 12]);
        let occupied = [0u32, 1, 3, 5, 7, 9, 12, 150, 200, 300];
        let a = absent(&l, &bits_of(occupied));
        assert_eq!(a.count, 4);
        let mut values = Vec::new();
        for n in [0u32, 7, 143, 150] {
            encode(n, &mut values);
        }
        assert_eq!(a.bytes, values, "0, 7, 150, 300 delta-coded");
        assert_eq!(absent(&l, &bits_of([1, 3])), Absent::default());
        assert_eq!(absent(&l, &bits_of([])), Absent::default());
    }

    #[test]
    fn files_read_back_as_written() {
        let a = lists(&[1, 4], &[3], &[5, 9, 300]);
        let b = lists(&[], &[], &[7]);
        let file = write_file(&[("职工", &a), ("'zhi", &b)]);
        assert_eq!(
            read_file(&file),
            [
                ("职工".to_string(), vec![5, 4, 291]),
                ("'zhi".to_string(), vec![7])
            ]
        );
    }

    #[test]
    fn file_names_carry_the_hash() {
        assert_eq!(file_name(0x00ab_cdef), "x/00abcdef");
    }
}
