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
//! - The English copy shows a record's `name_en` where it has one; the
//!   other names are as written, as its pages show them.
//!
//! A site in one language has none of these files.

use std::borrow::Cow;

use ferrous_opencc::OpenCC;

use crate::languages::Made;
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
    /// A converter and the cache of conversions it uses.
    Traditional(OpenCC, usize),
    English,
}

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
                        Words::Traditional(cc, cache)
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

    /// A name of the site's own (an area, a category) in the language.
    pub(super) fn label<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match &self.words {
            Words::English => Cow::Borrowed(text),
            Words::Traditional(cc, cache) => {
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

/// A name in `lang`, or as written for the site's own language.
pub(super) fn label<'a>(lang: Option<&RowLanguage>, text: &'a str) -> Cow<'a, str> {
    lang.map_or(Cow::Borrowed(text), |l| l.label(text))
}

/// The file `name` of `lang`, or of the site's own language.
pub(super) fn file(lang: Option<&RowLanguage>, name: &str) -> String {
    lang.map_or_else(|| name.to_string(), |l| l.file(name))
}
