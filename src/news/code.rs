//! Folded characters as compact byte codes, for the name automaton.
//!
//! Aho-Corasick works on bytes. Chinese characters are three bytes of
//! UTF-8 each, and building the automaton over tens of thousands of names
//! costs time in proportion to its states. The characters that occur in
//! names are few (a few thousand at most), so each gets a two-byte code:
//! a first byte with the high bit set and a second byte without it, so a
//! match can only start on a character boundary. Characters of a text that
//! occur in no name all get code 0, which no name contains. This makes the
//! automaton about three times faster to build than over UTF-8.
//!
//! Sites whose names use more than [`MAX_CODES`] distinct characters fall
//! back to UTF-8, with the same interface.

use std::collections::HashMap;

use crate::fold::{prefold, Folder};

/// Two bytes of 7 bits each.
pub(super) const MAX_CODES: usize = 1 << 14;

/// Characters below this have their code in a table rather than a map:
/// ASCII and the common CJK blocks, nearly all of Chinese text.
const DENSE_END: u32 = 0xA000;

/// How folded characters become bytes.
pub(super) enum Alphabet {
    Codes {
        dense: Vec<u16>,
        other: HashMap<char, u16>,
    },
    Utf8,
}

impl Alphabet {
    /// An alphabet for these folded names.
    pub(super) fn for_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Alphabet {
        let mut chars: Vec<char> = names.into_iter().flat_map(str::chars).collect();
        chars.sort_unstable();
        chars.dedup();
        // Code 0 stands for every other character.
        if chars.len() + 1 > MAX_CODES {
            return Alphabet::Utf8;
        }
        let mut dense = vec![0u16; DENSE_END as usize];
        let mut other = HashMap::new();
        for (i, c) in chars.into_iter().enumerate() {
            let code = u16::try_from(i + 1).unwrap_or(0);
            match dense.get_mut(c as usize) {
                Some(slot) => *slot = code,
                None => {
                    other.insert(c, code);
                }
            }
        }
        Alphabet::Codes { dense, other }
    }

    /// The bytes of an already folded name.
    pub(super) fn encode_name(&self, folded: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(folded.len());
        for c in folded.chars() {
            self.push(&mut out, c);
        }
        out
    }

    /// Folds `text` character by character and encodes it; the second
    /// value maps each character boundary of the bytes to the same
    /// boundary in `text` (other offsets hold 0).
    pub(super) fn encode_text(&self, folder: &Folder, text: &str) -> (Vec<u8>, Vec<usize>) {
        let mut hay = Vec::with_capacity(text.len());
        let mut orig = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            let at = hay.len();
            self.push(&mut hay, fold_one(folder, c));
            orig.resize(hay.len(), 0);
            orig[at] = i;
        }
        orig.push(text.len());
        (hay, orig)
    }

    fn push(&self, out: &mut Vec<u8>, c: char) {
        match self {
            Alphabet::Utf8 => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            Alphabet::Codes { dense, other } => {
                let code = match dense.get(c as usize) {
                    Some(&code) => code,
                    None => other.get(&c).copied().unwrap_or(0),
                };
                // Both halves fit in 7 bits: codes are below 2^14.
                out.push(0x80 | ((code >> 7) as u8 & 0x7F));
                out.push((code & 0x7F) as u8);
            }
        }
    }
}

/// Folds one character to exactly one character: the folded text keeps
/// every character in its place. A character whose normal form is longer
/// than one character (`…` → `...`) stays as it is.
pub(super) fn fold_one(folder: &Folder, c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return folder.fold_char(c);
    }
    let mut buf = [0u8; 4];
    let normal = prefold(c.encode_utf8(&mut buf));
    let mut chars = normal.chars();
    match (chars.next(), chars.next()) {
        (Some(n), None) => folder.fold_char(n),
        _ => c,
    }
}

/// A name folded character by character.
pub(crate) fn fold_each(folder: &Folder, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(folder, text, &mut out);
    out
}

/// [`fold_each`] into `out`, after what it holds.
pub(super) fn fold_into(folder: &Folder, text: &str, out: &mut String) {
    out.extend(text.chars().map(|c| fold_one(folder, c)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_start_with_a_high_byte_and_unknown_characters_are_zero() {
        let a = Alphabet::for_names(["小草", "职工"]);
        let name = a.encode_name("小草");
        assert_eq!(name.len(), 4);
        assert!(name[0] >= 0x80 && name[1] < 0x80 && name[2] >= 0x80 && name[3] < 0x80);
        let folder = Folder::from_pairs([]);
        let (hay, orig) = a.encode_text(&folder, "a小草！");
        assert_eq!(hay.len(), 8);
        assert_eq!(&hay[2..6], name.as_slice());
        assert_eq!(&hay[0..2], &[0x80, 0], "`a` is in no name");
        assert_eq!(
            (orig[0], orig[2], orig[4], orig[6], orig[8]),
            (0, 1, 4, 7, 10)
        );
    }

    #[test]
    fn too_many_characters_fall_back_to_utf8() {
        let names: String = (0x4E00u32..0x4E00 + MAX_CODES as u32)
            .filter_map(char::from_u32)
            .collect();
        let a = Alphabet::for_names([names.as_str()]);
        assert!(matches!(a, Alphabet::Utf8));
        assert_eq!(a.encode_name("小草"), "小草".as_bytes());
    }

    #[test]
    fn folding_keeps_one_character_per_character() {
        let folder = crate::fold::test_folder();
        assert_eq!(fold_each(folder, "蘭州ＤＩＹ…"), "兰州diy…");
    }
}
