//! Splitting the index into files the browser loads on demand: term
//! postings by a hash of the term, document rows in fixed-size chunks by
//! number.
//!
//! The hash is 32-bit FNV-1a over the term's UTF-16 code units, which the
//! browser computes with `charCodeAt` and `Math.imul` and no text encoder:
//!
//! ```js
//! let h = 0x811c9dc5;
//! for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
//! shard = h % count;
//! ```

use super::dense::Absent;
use super::packed::encode;
#[cfg(test)]
use super::postings::List;
use super::postings::Lists;

/// Bytes aimed at per term shard before compression: about 1.5 KB
/// gzipped, so a query of a few grams fetches little besides its own
/// terms' lists (a common term's list alone is larger), and an edit
/// rewrites small files.
pub(crate) const TARGET_SHARD_BYTES: usize = 2 * 1024;
pub(crate) const MAX_SHARDS: usize = 16_384;
/// Slots per row chunk: a page of 20 results touches up to 20 chunks, each
/// about 200 bytes gzipped. A directory table is about a quarter full (see
/// `slots`), so a chunk holds about 2 rows.
pub(crate) const DOCS_PER_CHUNK: usize = 8;

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// FNV-1a over UTF-16 code units, as the browser computes it.
pub(crate) fn hash(term: &str) -> u32 {
    term.encode_utf16().fold(FNV_OFFSET, |h, unit| {
        (h ^ u32::from(unit)).wrapping_mul(FNV_PRIME)
    })
}

pub(crate) fn shard_of(term: &str, count: usize) -> usize {
    let count = u32::try_from(count.max(1)).unwrap_or(u32::MAX);
    (hash(term) % count) as usize
}

/// Appends a term's entry: the term's UTF-8 length and bytes, the body's
/// length, and the body: its form (0 the three tiers; 1 a dense term's name
/// and category tiers and the documents without it, see [`super::dense`]), the
/// number of values of each of its three lists, then each list's values
/// (document numbers as the difference from the one before; in the name
/// tier each followed by its code), every number as LEB128. The values
/// are the lists' packed bytes as they are.
pub(crate) fn write_entry(term: &str, lists: &Lists, absent: Option<&Absent>, out: &mut Vec<u8>) {
    encode(len_u32(term.len()), out);
    out.extend_from_slice(term.as_bytes());
    let (third_len, third) = match absent {
        None => (len_u32(lists[2].len()), lists[2].bytes()),
        Some(a) => (a.count, a.bytes.as_slice()),
    };
    let body = 1
        + lists[..2]
            .iter()
            .map(|l| leb128_len(l.len()) + l.bytes().len())
            .sum::<usize>()
        + leb128_len(third_len as usize)
        + third.len();
    encode(len_u32(body), out);
    out.push(u8::from(absent.is_some()));
    encode(len_u32(lists[0].len()), out);
    encode(len_u32(lists[1].len()), out);
    encode(third_len, out);
    out.extend_from_slice(lists[0].bytes());
    out.extend_from_slice(lists[1].bytes());
    out.extend_from_slice(third);
}

fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn body_size(lists: &Lists) -> usize {
    1 + lists
        .iter()
        .map(|l| leb128_len(l.len()) + l.bytes().len())
        .sum::<usize>()
}

/// The bytes `n` takes as LEB128.
fn leb128_len(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()).max(1).div_ceil(7) as usize
}

/// The size [`write_entry`] gives a term with its three tiers, without
/// writing it: what shards are sized and counted by (a dense term's entry
/// is smaller).
pub(crate) fn entry_size(term: &str, lists: &Lists) -> usize {
    let body = body_size(lists);
    leb128_len(term.len()) + term.len() + leb128_len(body) + body
}

/// One shard: its terms' entries in the order given (sorted), a dense
/// term's with the documents without it. `size` is about the bytes it will
/// take (the [`entry_size`]s), which the caller keeps: working it out here
/// would go over every list twice.
pub(crate) fn write_shard(entries: &[(&str, &Lists, Option<&Absent>)], size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size);
    for (term, lists, absent) in entries {
        write_entry(term, lists, *absent, &mut out);
    }
    out
}

/// Delta-codes a sorted set of document numbers.
pub(crate) fn delta(sorted: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    sorted
        .iter()
        .map(|&v| {
            let d = v - prev;
            prev = v;
            d
        })
        .collect()
}

/// How many shards for this many bytes of postings: about one per
/// [`TARGET_SHARD_BYTES`], rounded up to a number `m × 2^k` (`m` from 9
/// to 16), so that the count (and with it every shard) changes only when
/// the postings grow or shrink by about an eighth, not with every edit.
pub(crate) fn shard_count(total_bytes: usize) -> usize {
    let want = total_bytes.div_ceil(TARGET_SHARD_BYTES).max(1);
    let mut step = 1usize;
    while 16 * step < want {
        step *= 2;
    }
    (want.div_ceil(step) * step).min(MAX_SHARDS)
}

/// Splits sorted terms into shards, keeping the order; every shard exists,
/// maybe empty.
#[cfg(test)]
pub(crate) fn group<'a, 'b>(
    terms: &[(&'a str, &'b Lists)],
    count: usize,
) -> Vec<Vec<(&'a str, &'b Lists)>> {
    let mut shards = vec![Vec::new(); count.max(1)];
    for &(term, lists) in terms {
        shards[shard_of(term, count)].push((term, lists));
    }
    shards
}

/// The LEB128 number at `at` of a file the index wrote, moving past it
/// (for tests).
#[cfg(test)]
pub(crate) fn read_number(bytes: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        n |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return n;
        }
        shift += 7;
    }
}

/// Each entry of a shard: the term, its form and its lists' values as
/// written (what the browser reads; for tests).
#[cfg(test)]
pub(crate) fn read_shard(bytes: &[u8]) -> Vec<(String, u8, [Vec<u32>; 3])> {
    let number = read_number;
    let mut at = 0;
    let mut out = Vec::new();
    while at < bytes.len() {
        let len = number(bytes, &mut at) as usize;
        let term = String::from_utf8(bytes[at..at + len].to_vec()).expect("UTF-8");
        at += len;
        let body = number(bytes, &mut at) as usize;
        let end = at + body;
        let form = bytes[at];
        at += 1;
        let counts: [u32; 3] = std::array::from_fn(|_| number(bytes, &mut at));
        let lists = counts.map(|n| (0..n).map(|_| number(bytes, &mut at)).collect());
        assert_eq!(at, end, "the body's length");
        out.push((term, form, lists));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_counts_change_in_steps() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES * 5), 5);
        assert_eq!(shard_count(TARGET_SHARD_BYTES * 17), 18);
        // 2,240 shards' worth: 9 × 256.
        let c = shard_count(TARGET_SHARD_BYTES * 2240);
        assert_eq!(c, 2304);
        // A few kilobytes more or less keep the count.
        assert_eq!(shard_count(TARGET_SHARD_BYTES * 2240 + 4096), c);
        assert_eq!(shard_count(TARGET_SHARD_BYTES * 2240 - 4096), c);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS);
    }

    #[test]
    fn fnv1a_over_utf16_known_values() {
        // FNV-1a 32 test vectors ("" and "a"; ASCII is one unit per byte).
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
        // 小 is U+5C0F: one unit, xor'ed whole.
        assert_eq!(
            hash("小"),
            (0x811c_9dc5u32 ^ 0x5c0f).wrapping_mul(FNV_PRIME)
        );
        // Outside the BMP: two surrogate units.
        let h = hash("𠀀");
        let by_units = [0xd840u32, 0xdc00]
            .iter()
            .fold(FNV_OFFSET, |h, u| (h ^ u).wrapping_mul(FNV_PRIME));
        assert_eq!(h, by_units);
    }

    fn packed(values: [Vec<u32>; 3]) -> Lists {
        let [name, category, text] = values;
        [
            List::from_values(&name, 2),
            List::from_values(&category, 1),
            List::from_values(&text, 1),
        ]
    }

    #[test]
    fn entries_read_back_as_written() {
        let a = packed([vec![0, 1, 12, 4], vec![3], vec![20, 4000]]);
        let b = packed([vec![], vec![], vec![9]]);
        let empty = packed([vec![], vec![], vec![]]);
        let size = entry_size("\"q", &a) + entry_size("驿站", &b) + entry_size("'xiao'cao", &empty);
        let shard = write_shard(
            &[
                ("\"q", &a, None),
                ("驿站", &b, None),
                ("'xiao'cao", &empty, None),
            ],
            size,
        );
        assert_eq!(shard.len(), size);
        assert_eq!(shard.capacity(), shard.len(), "the size was exact");
        let read = read_shard(&shard);
        assert_eq!(
            read,
            [
                (
                    "\"q".to_string(),
                    0,
                    [vec![0, 1, 12, 4], vec![3], vec![20, 3980]]
                ),
                ("驿站".to_string(), 0, [vec![], vec![], vec![9]]),
                ("'xiao'cao".to_string(), 0, [vec![], vec![], vec![]]),
            ]
        );
        // 驿站: its length, its UTF-8, the body's length, its form, three
        // counts, one value.
        let mut one = Vec::new();
        write_entry("驿站", &b, None, &mut one);
        let mut expected = vec![6];
        expected.extend_from_slice("驿站".as_bytes());
        expected.extend_from_slice(&[5, 0, 0, 0, 1, 9]);
        assert_eq!(one, expected);
        // Dense: the third list is the absent documents.
        let absent = Absent {
            count: 2,
            bytes: vec![2, 130, 1],
        };
        let shard = write_shard(&[("驿站", &a, Some(&absent))], 0);
        assert_eq!(
            read_shard(&shard),
            [(
                "驿站".to_string(),
                1,
                [vec![0, 1, 12, 4], vec![3], vec![2, 130]]
            )]
        );
        assert_eq!(delta(&[1, 2, 10]), [1, 1, 8]);
    }

    /// Long terms and lists: lengths of two and three LEB128 bytes.
    #[test]
    fn sizes_are_exact_across_leb128_lengths() {
        for n in [0usize, 1, 127, 128, 16_383, 16_384, 40_000] {
            assert_eq!(leb128_len(n), {
                let mut v = Vec::new();
                encode(n as u32, &mut v);
                v.len()
            });
        }
        let docs: Vec<u32> = (0..20_000).map(|i| i * 3).collect();
        let big = packed([vec![], vec![], docs.clone()]);
        let term = "x".repeat(200);
        let shard = write_shard(&[(&term, &big, None)], entry_size(&term, &big));
        assert_eq!(shard.len(), entry_size(&term, &big));
        let read = read_shard(&shard);
        assert_eq!(read[0].0, term);
        assert_eq!(read[0].2[2], delta(&docs));
    }

    #[test]
    fn shards_cover_every_term_once() {
        let lists = packed([vec![1, 0], vec![], vec![]]);
        let terms = [("丙", &lists), ("乙", &lists), ("甲", &lists)];
        let shards = group(&terms, 2);
        assert_eq!(shards.len(), 2);
        assert_eq!(shards.iter().map(Vec::len).sum::<usize>(), 3);
        assert!(shards[shard_of("乙", 2)].iter().any(|(t, _)| *t == "乙"));
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES * 3 + 1), 4);
    }
}
