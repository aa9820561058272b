//! `yizhan import article`: a news story copied as plain text from a news
//! site becomes a news record.
//!
//! Lines are cleaned first ([`clean`]: pronunciation annotations out, lost
//! characters marked and reported), then read top to bottom as a Chinese
//! newspaper page is laid out: breadcrumb, kicker (引题, ending in `——`),
//! title, optional subtitle (副题, starting with `——`), author, a date and
//! source line, the body with short unpunctuated lines as section headings,
//! the editors line (责编) and a trailing line of unrelated place names
//! separated by `|`. What is found, what is dropped and every problem are
//! reported, so nothing changes silently.

mod clean;
mod layout;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

pub use clean::LOST;

/// A problem a person has to fix in the imported text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The article as found in the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    pub kicker: String,
    pub title: String,
    pub subtitle: String,
    pub author: String,
    pub date: Option<DateTime<FixedOffset>>,
    pub source: String,
    pub editors: Vec<String>,
    /// Paragraphs; section headings start with `## `.
    pub blocks: Vec<String>,
}

impl Article {
    pub fn headings(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| b.strip_prefix("## "))
    }
}

/// The result of an import: the article, what was dropped, what is wrong.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    pub article: Article,
    pub dropped: Vec<String>,
    pub problems: Vec<Problem>,
}

/// Reads a copied article. `to_simplified` converts every text to
/// Simplified Chinese.
pub fn import_article(text: &str, to_simplified: bool) -> anyhow::Result<Imported> {
    let mut imported = layout::read(text);
    if to_simplified {
        let cc = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
            .map_err(|e| anyhow::anyhow!(t!("article-no-converter", error = e.to_string())))?;
        let a = &mut imported.article;
        for s in [
            &mut a.kicker,
            &mut a.title,
            &mut a.subtitle,
            &mut a.author,
            &mut a.source,
        ] {
            *s = cc.convert(s);
        }
        for s in a.editors.iter_mut().chain(a.blocks.iter_mut()) {
            *s = cc.convert(s);
        }
    }
    Ok(imported)
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    kicker: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    subtitle: &'a str,
    author: &'a str,
    date: String,
    source: &'a str,
    source_url: &'a str,
    editors: &'a [String],
    tags: [&'a str; 0],
}

/// The news record file: YAML front matter, then the body.
pub fn to_record(article: &Article) -> anyhow::Result<String> {
    let front = FrontMatter {
        title: &article.title,
        kicker: &article.kicker,
        subtitle: &article.subtitle,
        author: &article.author,
        date: article.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
        source: &article.source,
        source_url: "",
        editors: &article.editors,
        tags: [],
    };
    let yaml = serde_yaml::to_string(&front)?;
    Ok(format!(
        "---\n{yaml}---\n\n{}\n",
        article.blocks.join("\n\n")
    ))
}

/// `20240806-yixiangxiang…`: the date and the pinyin of the title.
pub fn record_id(article: &Article) -> String {
    let slug = crate::slug::record_id(&article.title);
    let short: String = slug.chars().take(40).collect();
    let short = short.trim_end_matches('-');
    match article.date {
        Some(d) => format!("{}-{short}", d.format("%Y%m%d")),
        None => short.to_string(),
    }
}
