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

#[cfg(test)]
use super::postings::List;
use super::postings::Lists;

/// Raw (uncompressed) bytes aimed at per term shard: about 5–7 KB
/// gzipped, so a query of a few grams on a slow network stays small, and
/// an edit rewrites small files.
pub(crate) const TARGET_SHARD_BYTES: usize = 16 * 1024;
pub(crate) const MAX_SHARDS: usize = 16_384;
/// Slots per row chunk: a page of results touches a few small files. A
/// directory table is about a quarter full (see `slots`), so a chunk holds
/// about 16 rows.
pub(crate) const DOCS_PER_CHUNK: usize = 64;

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

/// Writes a term's lists as JSON, `[[d,c,…],[d,…],[d,…]]`: document numbers
/// delta-coded (the name tier's codes left as they are), trailing empty
/// tiers dropped.
pub(crate) fn write_lists(lists: &Lists, out: &mut Vec<u8>) {
    let kept = lists
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(1, |i| i + 1);
    out.push(b'[');
    for (tier, list) in lists.iter().take(kept).enumerate() {
        if tier > 0 {
            out.push(b',');
        }
        out.push(b'[');
        for (i, n) in list.coded().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_number(n, out);
        }
        out.push(b']');
    }
    out.push(b']');
}

fn push_number(n: u32, out: &mut Vec<u8>) {
    let mut digits = [0u8; 10];
    let mut rest = n;
    let mut len = 0;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev());
}

/// The exact size [`write_shard`] gives a term, without writing it.
pub(crate) fn entry_size(term: &str, lists: &Lists) -> usize {
    let kept = lists
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(1, |i| i + 1);
    // "term":[…] holding a […] per kept tier, with commas between them.
    let mut size = quoted_len(term) + 3 + kept * 2 + kept.saturating_sub(1);
    for list in lists.iter().take(kept) {
        size += list.len().saturating_sub(1);
        size += list.coded().map(digits).sum::<usize>();
    }
    size
}

fn quoted_len(term: &str) -> usize {
    serde_json::to_string(term).map_or(term.len() + 2, |q| q.len())
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// Writes one shard: `{"term":lists,…}` in the order given (sorted).
/// `size` is the bytes it will take (the braces, the commas and the
/// [`entry_size`]s), which the caller keeps: working it out here would
/// decode every list twice.
pub(crate) fn write_shard(entries: &[(&str, &Lists)], size: usize) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(size);
    out.push(b'{');
    for (i, (term, lists)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, term)?;
        out.push(b':');
        write_lists(lists, &mut out);
    }
    out.push(b'}');
    Ok(out)
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

    fn written(values: [Vec<u32>; 3]) -> String {
        let mut out = Vec::new();
        write_lists(&packed(values), &mut out);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn lists_are_delta_coded_and_trimmed() {
        assert_eq!(written([vec![3, 5, 10, 0], vec![], vec![]]), "[[3,5,7,0]]");
        assert_eq!(
            written([vec![], vec![], vec![4, 9, 30]]),
            "[[],[],[4,5,21]]"
        );
        assert_eq!(written([vec![], vec![7, 1000], vec![]]), "[[],[7,993]]");
        assert_eq!(delta(&[1, 2, 10]), [1, 1, 8]);
    }

    #[test]
    fn shards_are_json_of_the_exact_size() -> anyhow::Result<()> {
        let a = packed([vec![0, 1, 12, 4], vec![3], vec![20, 4000]]);
        let b = packed([vec![], vec![], vec![9]]);
        let sizes = entry_size("\"q", &a) + entry_size("驿站", &b);
        let shard = write_shard(&[("\"q", &a), ("驿站", &b)], sizes + 3)?;
        let text = String::from_utf8(shard.clone())?;
        assert_eq!(
            text,
            r#"{"\"q":[[0,1,12,4],[3],[20,3980]],"驿站":[[],[],[9]]}"#
        );
        assert_eq!(sizes + 2 + 1, shard.len());
        assert_eq!(shard.capacity(), shard.len(), "the size was exact");
        let parsed: serde_json::Value = serde_json::from_slice(&shard)?;
        assert_eq!(parsed["驿站"], serde_json::json!([[], [], [9]]));
        Ok(())
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
