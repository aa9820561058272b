//! A search document's text packed in one allocation, as a following
//! index keeps it: only a changed, moved or removed document's old text is
//! ever needed again (to take its entries out of the postings).

use super::DocText;

/// A document's text in one allocation: each tier's count, then each
/// string's length and bytes, the numbers as LEB128 (about 8 allocations
/// and their overhead fewer per document than [`DocText`]).
pub(super) fn pack(text: &DocText) -> Box<[u8]> {
    // Lengths and counts above 4 GB cannot occur in a document's text.
    let number = |n: usize, out: &mut Vec<u8>| {
        super::super::packed::encode(u32::try_from(n).unwrap_or(u32::MAX), out)
    };
    let DocText {
        names,
        categories,
        text,
    } = text;
    let mut out = Vec::new();
    for tier in [names, categories, text] {
        number(tier.len(), &mut out);
        for s in tier {
            number(s.len(), &mut out);
            out.extend_from_slice(s.as_bytes());
        }
    }
    out.into_boxed_slice()
}

/// [`pack`] undone (an empty or damaged input gives what it can).
pub(super) fn unpack(bytes: &[u8]) -> DocText {
    fn number(bytes: &[u8], at: &mut usize) -> usize {
        let mut n = 0usize;
        let mut shift = 0;
        while let Some(&b) = bytes.get(*at) {
            *at += 1;
            n |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        n
    }
    let mut at = 0usize;
    let mut tiers: [Vec<String>; 3] = Default::default();
    for tier in &mut tiers {
        let count = number(bytes, &mut at);
        for _ in 0..count {
            let len = number(bytes, &mut at);
            let end = (at + len).min(bytes.len());
            tier.push(String::from_utf8_lossy(&bytes[at..end]).into_owned());
            at = end;
        }
    }
    let [names, categories, text] = tiers;
    DocText {
        names,
        categories,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_texts_come_back_whole() {
        let long = "驿".repeat(200);
        let text = DocText {
            names: vec!["小草".into(), String::new(), "DIY 手工坊".into()],
            categories: Vec::new(),
            text: vec![long, "\u{1}\n".into()],
        };
        assert_eq!(unpack(&pack(&text)), text);
        assert_eq!(unpack(&pack(&DocText::default())), DocText::default());
        assert_eq!(unpack(&[]), DocText::default());
    }
}
