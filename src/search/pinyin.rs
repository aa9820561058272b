//! Pinyin terms for names, short names and aliases, so `xiaocao` and `xc`
//! both find 小草.
//!
//! A name is indexed by *pairs of neighbouring syllables*, not by whole
//! spellings: a name of n characters gives terms for n − 1 pairs, however
//! many readings its polyphones have, so a long name full of polyphones
//! cannot explode into thousands of combinations. Every reading of every
//! character is used (长 gives both `chang` and `zhang`), capped at
//! [`MAX_READINGS`] per character; a character contributes the readings of
//! its written form and of its folded (Simplified) form.
//!
//! Term spellings (a term is one or two tokens):
//!
//! | token | meaning |
//! |---|---|
//! | `'xiao` | a full syllable, toneless ASCII, `ü` written `v` |
//! | `^x` | the first letter of a syllable |
//!
//! Indexed terms: `'cao` (one syllable), `'xiao'cao` (two full syllables),
//! `'xiao^c` (a full syllable, then the start of the next one, for a query
//! typed half way) and `^x^c` (initials). The leading marks keep pinyin
//! terms apart from the character n-grams of Latin text (`di` of "DIY").
//!
//! A query in Latin letters is cut into syllables of the site's own syllable
//! list (`query_alternatives`, in the tests; the browser does the same), and its
//! neighbouring tokens are looked up as pairs at consecutive positions, like
//! character bigrams. A lone initial is never looked up: it matches too much.

use std::collections::BTreeSet;

use pinyin::ToPinyinMulti;

use super::ngram::is_word_char;
#[cfg(test)]
use super::ngram::Gram;

/// Readings kept per character; the pinyin data lists at most a handful
/// that differ once tones are dropped.
pub(crate) const MAX_READINGS: usize = 6;
/// Segmentations of one Latin query tried at most.
#[cfg(test)]
pub(crate) const MAX_ALTERNATIVES: usize = 4;
pub(crate) const FULL: char = '\'';
pub(crate) const INITIAL: char = '^';

/// Toneless ASCII readings of a character, every reading of a polyphone, in
/// the data's order without repeats; empty when it has none.
pub(crate) fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let Some(multi) = c.to_pinyin_multi() else {
        return out;
    };
    for p in multi {
        let syllable = crate::slug::ascii_syllable(p.plain());
        if !syllable.is_empty() && !out.contains(&syllable) && out.len() < MAX_READINGS {
            out.push(syllable);
        }
    }
    out
}

/// Readings of each position: of the written (prefolded) character and of
/// its folded form. `pre` and `folded` have the same length.
#[cfg(test)]
pub(crate) fn position_readings(pre: &[char], folded: &[char]) -> Vec<Vec<String>> {
    pre.iter()
        .zip(folded)
        .map(|(&p, &f)| written_and_folded_readings(p, f))
        .collect()
}

/// Readings of the folded character, then those only the written one has.
pub(crate) fn written_and_folded_readings(written: char, folded: char) -> Vec<String> {
    let mut r = readings(folded);
    if written != folded {
        for extra in readings(written) {
            if !r.contains(&extra) && r.len() < MAX_READINGS {
                r.push(extra);
            }
        }
    }
    r
}

/// The pinyin terms of one name, with positions as for character grams.
#[cfg(test)]
pub(crate) fn name_terms(readings: &[Vec<String>], pre: &[char]) -> Vec<Gram> {
    let last = last_word_end(pre);
    let mut out = Vec::new();
    for (i, here) in readings.iter().enumerate() {
        for text in single_terms(here) {
            out.push(term(text, i, i + 1 == last));
        }
        if let Some(next) = readings.get(i + 1) {
            for text in pair_terms(here, next) {
                out.push(term(text, i, i + 2 == last));
            }
        }
    }
    out
}

/// One past the last word character of a text (0 if it has none).
pub(crate) fn last_word_end(text: &[char]) -> usize {
    text.iter()
        .rposition(|&c| is_word_char(c))
        .map_or(0, |i| i + 1)
}

/// Terms of one character on its own: `'cao`.
pub(crate) fn single_terms(readings: &[String]) -> Vec<String> {
    readings.iter().map(|r| format!("{FULL}{r}")).collect()
}

/// Terms of two neighbouring characters, sorted: `'xiao'cao`, `'xiao^c`,
/// `^x^c` for every combination of their readings.
pub(crate) fn pair_terms(here: &[String], next: &[String]) -> Vec<String> {
    let mut texts = BTreeSet::new();
    for a in here {
        for b in next {
            texts.insert(format!("{FULL}{a}{FULL}{b}"));
            texts.insert(format!("{FULL}{a}{INITIAL}{}", initial(b)));
            texts.insert(format!("{INITIAL}{}{INITIAL}{}", initial(a), initial(b)));
        }
    }
    texts.into_iter().collect()
}

fn initial(syllable: &str) -> char {
    syllable.chars().next().unwrap_or('?')
}

#[cfg(test)]
fn term(text: String, pos: usize, end: bool) -> Gram {
    Gram { text, pos, end }
}

/// One token of a Latin query.
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Full(String),
    Initial(char),
}

/// The ways a folded Latin query (`xiaocao`, `xc`, `xiaoc`) can be read as
/// pinyin, each as the terms to look up with their query positions. Empty
/// when the query is not pinyin or is a single initial.
///
/// This is the reference for the browser's segmentation: syllables come from
/// `syllables` (the site's list), longest first, and the last syllable may
/// be cut short (`xiaoc` = `xiao` + `c…`); all-initials (`xc`) is tried
/// when no reading uses full syllables only.
#[cfg(test)]
pub(crate) fn query_alternatives(query: &str, syllables: &BTreeSet<String>) -> Vec<Vec<Gram>> {
    let letters: Vec<char> = query.chars().filter(char::is_ascii_alphabetic).collect();
    if letters.len() < 2 || letters.len() != query.chars().count() {
        return Vec::new();
    }
    let mut found = Vec::new();
    segment(&letters, syllables, &mut Vec::new(), &mut found);
    let all_full = |tokens: &Vec<Token>| tokens.iter().all(|t| matches!(t, Token::Full(_)));
    if !found.iter().any(all_full) {
        found.push(letters.iter().map(|&c| Token::Initial(c)).collect());
    }
    found
        .iter()
        .filter_map(|tokens| lookup_terms(tokens))
        .take(MAX_ALTERNATIVES)
        .collect()
}

#[cfg(test)]
fn segment(
    rest: &[char],
    syllables: &BTreeSet<String>,
    path: &mut Vec<Token>,
    found: &mut Vec<Vec<Token>>,
) {
    if found.len() >= MAX_ALTERNATIVES {
        return;
    }
    if rest.is_empty() {
        found.push(path.clone());
        return;
    }
    for len in (1..=rest.len().min(6)).rev() {
        let head: String = rest[..len].iter().collect();
        if syllables.contains(&head) {
            path.push(Token::Full(head));
            segment(&rest[len..], syllables, path, found);
            path.pop();
        }
    }
    if !path.is_empty() && is_cut_syllable(rest, syllables) {
        path.push(Token::Initial(rest[0]));
        found.push(path.clone());
        path.pop();
    }
}

/// The end of a query that is the start of a longer syllable (`c` of
/// `xiaoc`, `ch` of `xiaoch`).
#[cfg(test)]
fn is_cut_syllable(rest: &[char], syllables: &BTreeSet<String>) -> bool {
    let text: String = rest.iter().collect();
    syllables
        .iter()
        .any(|s| s.len() > text.len() && s.starts_with(&text))
}

/// Pair terms at consecutive positions; `None` for a shape the index does
/// not hold (an initial followed by a full syllable, a lone initial).
#[cfg(test)]
fn lookup_terms(tokens: &[Token]) -> Option<Vec<Gram>> {
    if let [Token::Full(s)] = tokens {
        return Some(vec![term(format!("{FULL}{s}"), 0, true)]);
    }
    if tokens.len() < 2 {
        return None;
    }
    let last = tokens.len() - 2;
    tokens
        .windows(2)
        .enumerate()
        .map(|(i, pair)| {
            let text = match pair {
                [Token::Full(a), Token::Full(b)] => format!("{FULL}{a}{FULL}{b}"),
                [Token::Full(a), Token::Initial(b)] => format!("{FULL}{a}{INITIAL}{b}"),
                [Token::Initial(a), Token::Initial(b)] => format!("{INITIAL}{a}{INITIAL}{b}"),
                _ => return None,
            };
            Some(term(text, i, i == last))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn terms_of(name: &str) -> Vec<Gram> {
        let pre = chars(name);
        name_terms(&position_readings(&pre, &pre), &pre)
    }

    fn has(terms: &[Gram], text: &str, pos: usize) -> bool {
        terms.iter().any(|t| t.text == text && t.pos == pos)
    }

    /// Joins readings along the name, as a reader would type them.
    fn spellings(name: &str) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = [String::new()].into();
        for c in name.chars() {
            let r = readings(c);
            out = out
                .iter()
                .flat_map(|p| r.iter().map(move |s| format!("{p}{s}")))
                .collect();
        }
        out
    }

    #[test]
    fn xiaocao_in_full_and_initials() {
        assert_eq!(readings('小'), ["xiao"]);
        assert_eq!(readings('草')[0], "cao");
        assert!(spellings("小草").contains("xiaocao"));
        let terms = terms_of("小草");
        assert!(has(&terms, "'xiao'cao", 0));
        assert!(has(&terms, "^x^c", 0));
        assert!(has(&terms, "'xiao^c", 0));
        assert!(has(&terms, "'cao", 1));
        assert!(terms
            .iter()
            .filter(|t| t.pos == 0)
            .all(|t| t.text.starts_with('\'') || t.end));
    }

    #[test]
    fn polyphones_give_every_reading() {
        let r = readings('长');
        assert!(
            r.contains(&"chang".to_owned()) && r.contains(&"zhang".to_owned()),
            "{r:?}"
        );
        let terms = terms_of("长风");
        assert!(has(&terms, "'chang'feng", 0));
        assert!(has(&terms, "'zhang'feng", 0));
        assert!(has(&terms, "^c^f", 0) && has(&terms, "^z^f", 0));
        assert_eq!(readings('绿'), ["lv", "lu"]);
    }

    #[test]
    fn traditional_characters_read_as_their_simplified_form() {
        let pre = chars("驛");
        let folded = chars("驿");
        assert_eq!(position_readings(&pre, &folded), [vec!["yi".to_owned()]]);
    }

    #[test]
    fn long_names_grow_linearly() {
        let name = "长长长长长长长长长长长长长长长长长长长长";
        let terms = terms_of(name);
        // 20 singles × 2 readings, 19 pairs × (4 full + 4 full-initial + 4 initials).
        assert_eq!(terms.len(), 20 * 2 + 19 * 12);
    }

    #[test]
    fn latin_and_punctuation_interrupt_syllables() {
        let terms = terms_of("DIY·手工");
        assert!(has(&terms, "'shou'gong", 4));
        assert!(!terms.iter().any(|t| t.text.contains("y'")));
        assert!(terms.iter().any(|t| t.text == "'shou'gong" && t.end));
    }

    #[test]
    fn queries_are_cut_into_syllables() {
        let syllables: BTreeSet<String> = ["xiao", "cao", "xi", "an", "xian"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let texts = |q: &str| -> Vec<Vec<String>> {
            query_alternatives(q, &syllables)
                .into_iter()
                .map(|alt| alt.into_iter().map(|g| g.text).collect())
                .collect()
        };
        assert_eq!(texts("xiaocao")[0], ["'xiao'cao"]);
        assert_eq!(texts("xc"), [["^x^c"]]);
        assert_eq!(texts("xiaoc")[0], ["'xiao^c"]);
        assert_eq!(texts("cao"), [["'cao"]]);
        let xian = texts("xian");
        assert!(xian.contains(&vec!["'xian".to_owned()]));
        assert!(xian.contains(&vec!["'xi'an".to_owned()]));
        assert!(texts("x").is_empty());
        assert!(texts("小草").is_empty());
    }
}
