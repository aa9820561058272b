//! Character n-grams of folded text: the terms that make any substring of a
//! name findable without a word segmenter.
//!
//! Folded text is cut into *runs* of letters and digits (Unicode
//! `Alphabetic` or `Numeric`, which the browser tests with
//! `/[\p{Alphabetic}\p{N}]/u`); everything else separates runs. Inside a
//! run every pair of neighbours is a bigram (青柠驿站 → 青柠, 柠驿, 驿站), and a
//! run of one character is its own unigram. Chinese has no spaces, so a
//! segmenter on either side could cut a name differently from the query;
//! bigrams cut nothing, and a query matches when all its bigrams occur.
//!
//! Names and categories also index every single character, so a one-
//! character query (`草`) finds names; descriptions do not, which keeps the
//! index small and one-character queries precise.
//!
//! Positions count characters from the start of the whole text, separators
//! included, so the browser can compare them with offsets in the query.

use std::ops::Range;

/// A gram and where it sits in its text (what tests compare; the index
/// packs grams from their [`spans`]).
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Gram {
    pub text: String,
    /// Offset of the gram's first character in the text.
    pub pos: usize,
    /// True when no word character follows the gram in the text.
    pub end: bool,
}

/// Whether a character belongs inside a run.
pub(crate) fn is_word_char(c: char) -> bool {
    // The common CJK blocks first: the general lookup is slow for them.
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}') || c.is_alphanumeric()
}

/// The runs of word characters, as index ranges into `text`.
pub(crate) fn runs(text: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &c) in text.iter().enumerate() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// The grams of folded text at their [`spans`], as strings.
#[cfg(test)]
pub(crate) fn grams(text: &[char], with_unigrams: bool) -> Vec<Gram> {
    spans(text, with_unigrams)
        .map(|(at, end)| Gram {
            text: text[at.clone()].iter().collect(),
            pos: at.start,
            end,
        })
        .collect()
}

/// Where the grams of folded text are, and whether each ends the text's
/// last run: bigrams of every run (a one-character run is its own
/// unigram), plus every character when `with_unigrams` is set, run by
/// run, a run's unigrams before its bigrams. No string is made for a
/// gram: the index packs it from its characters.
pub(crate) fn spans(
    text: &[char],
    with_unigrams: bool,
) -> impl Iterator<Item = (Range<usize>, bool)> {
    let runs = runs(text);
    let last = runs.last().map_or(0, |r| r.end);
    runs.into_iter().flat_map(move |run| {
        let unigrams = (run.len() == 1 || with_unigrams).then(|| run.clone().map(|i| i..i + 1));
        let bigrams = (run.start..run.end.saturating_sub(1)).map(|i| i..i + 2);
        unigrams
            .into_iter()
            .flatten()
            .chain(bigrams)
            .map(move |at| {
                let end = at.end == last;
                (at, end)
            })
    })
}

/// The grams a query is looked up by: as [`grams`] without unigrams.
#[cfg(test)]
pub(crate) fn query_grams(text: &[char]) -> Vec<Gram> {
    grams(text, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn texts(grams: &[Gram]) -> Vec<&str> {
        grams.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn bigrams_of_a_name() {
        let grams = query_grams(&chars("青柠驿站"));
        assert_eq!(texts(&grams), ["青柠", "柠驿", "驿站"]);
        let places: Vec<(usize, bool)> = grams.iter().map(|g| (g.pos, g.end)).collect();
        assert_eq!(places, [(0, false), (1, false), (2, true)]);
    }

    #[test]
    fn names_add_unigrams() {
        let grams = grams(&chars("小草"), true);
        assert_eq!(texts(&grams), ["小", "草", "小草"]);
        assert!(grams[1].end && grams[2].end && !grams[0].end);
    }

    #[test]
    fn one_character_run_is_a_unigram() {
        assert_eq!(texts(&query_grams(&chars("草"))), ["草"]);
        assert_eq!(texts(&query_grams(&chars("书 屋"))), ["书", "屋"]);
    }

    #[test]
    fn runs_split_at_punctuation_and_spaces_and_keep_offsets() {
        let text = chars("雁滩·老年人助餐 diy（含）");
        let got: Vec<String> = runs(&text)
            .into_iter()
            .map(|r| text[r].iter().collect())
            .collect();
        assert_eq!(got, ["雁滩", "老年人助餐", "diy", "含"]);
        let grams = query_grams(&chars("雁滩·老年"));
        let places: Vec<(&str, usize, bool)> = grams
            .iter()
            .map(|g| (g.text.as_str(), g.pos, g.end))
            .collect();
        assert_eq!(places, [("雁滩", 0, false), ("老年", 3, true)]);
        assert!(runs(&chars("·、 ！")).is_empty());
    }

    #[test]
    fn mixed_runs_bridge_scripts() {
        assert_eq!(
            texts(&query_grams(&chars("diy手工"))),
            ["di", "iy", "y手", "手工"]
        );
    }
}
