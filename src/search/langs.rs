//! The index's words in the site's other languages ([`crate::languages`]).
//!
//! The terms, filters and columns are one index for every language: a
//! query is folded to Simplified characters whatever the page it is typed
//! on. What results *show* is per language: each copy has its own `head`
//! (the category, audience and area names of the filters and results) and
//! row chunks `d/K`, under the copy's prefix (`search/zh-hant/head.bin`,
//! `search/en/d/3.bin`), and the copy's search page reads those.
//!
//! - A Traditional copy converts the names with the converter its pages
//!   use ([`crate::render::copies::traditional`]), run by run as a page is,
//!   so a result reads as the page it links to.
//!   Its head's synonyms also map the words its standard puts in place of
//!   the site's (社群 for 社区) back to them ([`RowLanguage::words`]), so
//!   that a query typed as the copy reads finds what the site's word finds.
//!   In a Taiwan copy the same holds for the words of the records' texts:
//!   the phrases whose Taiwan words differ ([`TAIWAN_PHRASES`], 資訊 for
//!   信息) that the index holds are converted as names are.
//! - The English copy shows a record's `name_en` where it has one; the
//!   other names are as written, as its pages show them.
//!
//! A site in one language has none of these files.

use std::borrow::Cow;
use std::collections::BTreeMap;

use ferrous_opencc::OpenCC;

use crate::fold::Folder;
use crate::languages::{Made, Standard};
use crate::model::Site;
use crate::render::copies;

use super::docs::Doc;

/// One of the site's other languages, as the index's rows show it.
pub(crate) struct RowLanguage {
    /// `zh-hant/`: the folder of its files under `search/`.
    prefix: String,
    words: Words,
}

enum Words {
    /// A converter, the cache of conversions it uses, and the phrases its
    /// standard words differently.
    Traditional(OpenCC, usize, &'static str),
    English,
}

/// The keys of OpenCC's `TWPhrases.txt`: phrases (in Traditional
/// characters) whose Taiwan words are other words, one a line.
const TAIWAN_PHRASES: &str = include_str!("tw_phrases.txt");

impl RowLanguage {
    /// The site's other languages, in the order of `languages:`.
    pub(crate) fn of(site: &Site) -> anyhow::Result<Vec<RowLanguage>> {
        site.config
            .copies
            .iter()
            .map(|copy| {
                let words = match copy.made {
                    Made::Traditional(standard) => {
                        let (cc, cache) = copies::traditional(standard)?;
                        let phrases = match standard {
                            Standard::Taiwan => TAIWAN_PHRASES,
                            // Hong Kong words differ from the site's by
                            // characters only, which the fold map covers.
                            Standard::HongKong => "",
                        };
                        Words::Traditional(cc, cache, phrases)
                    }
                    Made::English => Words::English,
                };
                Ok(RowLanguage {
                    prefix: copy.prefix.clone(),
                    words,
                })
            })
            .collect()
    }

    /// The name of the language's file `name` (`zh-hant/d/3`).
    pub(super) fn file(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// A document's name in the language.
    pub(super) fn name<'a>(&self, doc: &'a Doc) -> Cow<'a, str> {
        match &self.words {
            Words::English => Cow::Borrowed(doc.name_en.as_deref().unwrap_or(&doc.name)),
            Words::Traditional(..) => self.label(&doc.name),
        }
    }

    /// The phrases the language words differently from the site, in
    /// Traditional characters; none for English and Hong Kong words.
    pub(super) fn phrases(&self) -> impl Iterator<Item = &'static str> {
        let list = match self.words {
            Words::Traditional(_, _, list) => list,
            Words::English => "",
        };
        list.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
    }

    /// A name of the site's own (an area, a category) in the language.
    pub(super) fn label<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match &self.words {
            Words::English => Cow::Borrowed(text),
            Words::Traditional(cc, cache, _) => {
                let converted = copies::convert_runs(cc, *cache, text);
                if converted == text {
                    Cow::Borrowed(text)
                } else {
                    Cow::Owned(converted)
                }
            }
        }
    }
}

impl RowLanguage {
    /// Words its standard puts in place of the site's in `names` (社区
    /// becomes 社群 in Taiwan words), folded as the browser folds a query
    /// (`browser`: the fold map it has) → the site's words, folded as the
    /// index has them: synonyms for a query typed as the copy reads. Each
    /// word is the changed characters with the one before (or after) them;
    /// a name whose length changed is taken whole. None for English.
    pub(super) fn words<'a>(
        &self,
        names: impl Iterator<Item = &'a str>,
        folder: &Folder,
        browser: &BTreeMap<char, char>,
    ) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if matches!(self.words, Words::English) {
            return out;
        }
        let mut add = |key: String, value: String| {
            if key.chars().count() >= 2 && key != value {
                let values = out.entry(key).or_default();
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        };
        for name in names {
            let shown = self.label(name);
            if shown == name {
                continue;
            }
            let typed: Vec<char> = crate::fold::prefold(&shown)
                .chars()
                .map(|c| browser.get(&c).copied().unwrap_or(c))
                .collect();
            let own: Vec<char> = folder.fold(name).chars().collect();
            if typed.len() != own.len() {
                add(typed.iter().collect(), own.iter().collect());
                continue;
            }
            let mut i = 0;
            while i < own.len() {
                if typed[i] == own[i] {
                    i += 1;
                    continue;
                }
                let mut end = i;
                while end < own.len() && typed[end] != own[end] {
                    end += 1;
                }
                let (from, to) = match (i, end) {
                    (i, end) if end - i >= 2 => (i, end),
                    (0, end) => (0, (end + 1).min(own.len())),
                    (i, end) => (i - 1, end),
                };
                add(
                    typed[from..to].iter().collect(),
                    own[from..to].iter().collect(),
                );
                i = end;
            }
        }
        for values in out.values_mut() {
            values.sort();
        }
        out
    }
}

/// A name in `lang`, or as written for the site's own language.
pub(super) fn label<'a>(lang: Option<&RowLanguage>, text: &'a str) -> Cow<'a, str> {
    lang.map_or(Cow::Borrowed(text), |l| l.label(text))
}

/// The file `name` of `lang`, or of the site's own language.
pub(super) fn file(lang: Option<&RowLanguage>, name: &str) -> String {
    lang.map_or_else(|| name.to_string(), |l| l.file(name))
}
