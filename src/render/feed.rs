//! The Atom feed of the news, `news/atom.xml` (RFC 4287), written with the
//! `atom_syndication` crate.
//!
//! It holds the newest [`FEED_ENTRIES`] stories. Every URL in it is
//! absolute, from `base_url`. Ids are the stories' absolute URLs, so they
//! stay the same from build to build as long as `base_url` and the file
//! names do. A story's `updated` is its publication time (stories carry
//! no later date), and the feed's `updated` is the newest story's, never
//! the build time, so two builds of the same content give the same bytes.
//! Each entry carries the story's author (the feed's author, the site,
//! covers stories without one), its tags as categories, its summary, and
//! the whole body as HTML with `xml:base` set to the story's URL, so the
//! site's root-relative links resolve. A site without news has no feed.
//!
//! Text from content may hold characters XML does not allow at all (a
//! control character pasted in with a story, written as an escape in
//! YAML): the feed leaves them out, since a single one would make the
//! whole feed unreadable to every reader.

use anyhow::Context as _;
use atom_syndication::{
    Category, Content, Entry, Feed, Generator, Link, Person, Text, WriteConfig,
};

use crate::model::{News, Site};

use crate::urls::{self, Urls};

/// Stories in the feed, newest first.
pub(crate) const FEED_ENTRIES: usize = 20;

/// What the feed is called and where its pages are.
pub(crate) struct FeedInput<'a> {
    pub site: &'a Site,
    pub urls: &'a Urls,
    /// The feed's title, e.g. "新闻 - 兰州职工服务地图".
    pub title: &'a str,
}

/// The feed's XML, or `None` when the site has no news.
pub(crate) fn atom_feed(input: &FeedInput<'_>) -> anyhow::Result<Option<String>> {
    let site = input.site;
    let Some(newest) = site.news.first() else {
        return Ok(None);
    };
    let site_author = Person {
        name: site.config.title.clone(),
        uri: Some(input.urls.absolute("")),
        ..Person::default()
    };
    let mut feed = Feed {
        title: Text::plain(input.title),
        id: input.urls.absolute(urls::FEED),
        updated: newest.date,
        authors: vec![site_author],
        links: vec![
            link(
                input.urls.absolute(urls::FEED),
                "self",
                "application/atom+xml",
            ),
            link(input.urls.absolute("news/"), "alternate", "text/html"),
        ],
        generator: Some(Generator {
            value: "yizhan".into(),
            uri: None,
            version: None,
        }),
        lang: Some(site.config.language.clone()),
        ..Feed::default()
    };
    if !site.config.description.trim().is_empty() {
        feed.subtitle = Some(Text::plain(site.config.description.trim()));
    }
    feed.entries = site
        .news
        .iter()
        .take(FEED_ENTRIES)
        .map(|n| entry(n, input.urls))
        .collect::<anyhow::Result<_>>()?;
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    let bytes = feed
        .write_with_config(Vec::new(), config)
        .with_context(|| t!("feed-failed"))?;
    let mut xml = String::from_utf8(bytes).with_context(|| t!("feed-not-utf8"))?;
    // The markup is ASCII: only text and attribute values lose anything.
    xml.retain(xml_char);
    xml.push('\n');
    Ok(Some(xml))
}

fn entry(n: &News, links: &Urls) -> anyhow::Result<Entry> {
    let url = links.absolute(&urls::news(&n.meta.id));
    let mut entry = Entry {
        title: Text::plain(n.title.as_str()),
        id: url.clone(),
        updated: n.date,
        published: Some(n.date),
        links: vec![link(url.clone(), "alternate", "text/html")],
        categories: n
            .tags
            .iter()
            .map(|t| Category {
                term: t.clone(),
                scheme: None,
                label: None,
            })
            .collect(),
        content: Some(Content {
            base: Some(url),
            lang: None,
            value: Some(n.meta.body.html()?.into_owned()),
            src: None,
            content_type: Some("html".into()),
        }),
        ..Entry::default()
    };
    if !n.author.trim().is_empty() {
        entry.authors = vec![Person {
            name: n.author.trim().to_string(),
            ..Person::default()
        }];
    }
    if !n.summary.trim().is_empty() {
        entry.summary = Some(Text::plain(n.summary.trim()));
    }
    Ok(entry)
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
#[test]
fn characters_xml_does_not_allow_are_left_out() {
    let mut text = String::from("a\u{1}b\u{b}c\u{fffe}d\u{ffff}e\t\u{2028}\u{1f600}");
    text.retain(xml_char);
    assert_eq!(text, "abcde\t\u{2028}\u{1f600}");
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime.into()),
        ..Link::default()
    }
}
