//! `sitemap.xml` and `robots.txt`.
//!
//! A sitemap file may hold at most 50,000 URLs (sitemaps.org), which a
//! directory of 10,000 organizations comes close to; past that limit the
//! URLs are split into `sitemap-1.xml`, `sitemap-2.xml`, … and
//! `sitemap.xml` becomes the index pointing at them, so `robots.txt` names
//! the same file either way.
//!
//! A site in several languages ([`crate::languages`]) lists every page in
//! each, and each URL names all of them as `xhtml:link` alternates (as
//! search engines read `hreflang`).

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::urls::Urls;

/// URLs per sitemap file allowed by the protocol.
pub(crate) const MAX_URLS_PER_FILE: usize = 50_000;

/// One page in the sitemap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SitemapEntry<'a> {
    /// The page's path below the site root (made absolute when written).
    pub rel: &'a str,
    /// `YYYY-MM-DD` or a full W3C datetime.
    pub lastmod: Option<Cow<'a, str>>,
}

/// The languages of a site: tag and path prefix, its own first (prefix
/// empty).
pub(crate) type Langs<'l> = [(&'l str, &'l str)];

/// Makes the sitemap files of `total` entries, taken from `entries` in
/// order, and hands each file to `emit` (output path and contents) as soon
/// as it is made: a directory of 500,000 pages never holds more than one
/// file of 50,000 URLs, nor a list of its entries. Each entry is listed
/// once per language of `langs`.
pub(crate) fn sitemap_files<'a>(
    total: usize,
    entries: impl Iterator<Item = SitemapEntry<'a>>,
    urls: &Urls,
    langs: &Langs<'_>,
    emit: &mut dyn FnMut(&str, String) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    sitemap_files_with_limit(total, entries, urls, langs, MAX_URLS_PER_FILE, emit)
}

fn sitemap_files_with_limit<'a>(
    total: usize,
    entries: impl Iterator<Item = SitemapEntry<'a>>,
    urls: &Urls,
    langs: &Langs<'_>,
    limit: usize,
    emit: &mut dyn FnMut(&str, String) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let limit = limit.max(1);
    let one = [("", "")];
    let langs: &Langs<'_> = if langs.is_empty() { &one } else { langs };
    let total = total * langs.len();
    let mut entries = entries.flat_map(|e| (0..langs.len()).map(move |l| (e.clone(), l)));
    let urls = &Listed { urls, langs };
    if total <= limit {
        emit("sitemap.xml", urlset(&mut entries, total, urls))?;
        return Ok(1);
    }
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let files = total.div_ceil(limit);
    for n in 1..=files {
        let name = format!("sitemap-{n}.xml");
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc></sitemap>",
            escape_xml(&urls.absolute(&name))
        );
        emit(&name, urlset(&mut entries, limit, urls))?;
    }
    index.push_str("</sitemapindex>\n");
    emit("sitemap.xml", index)?;
    Ok(files + 1)
}

/// The site's URLs and its languages.
struct Listed<'u, 'l> {
    urls: &'u Urls,
    langs: &'u Langs<'l>,
}

impl Listed<'_, '_> {
    fn absolute(&self, rel: &str) -> String {
        self.urls.absolute(rel)
    }

    /// Appends the absolute URL of `rel` in language `l`.
    fn push_absolute(&self, out: &mut String, l: usize, rel: &str) {
        self.urls.push_absolute(out, self.langs[l].1);
        out.push_str(rel.trim_start_matches('/'));
    }
}

/// A `<urlset>` of the next `count` entries at most.
fn urlset<'a>(
    entries: &mut impl Iterator<Item = (SitemapEntry<'a>, usize)>,
    count: usize,
    urls: &Listed<'_, '_>,
) -> String {
    let several = urls.langs.len() > 1;
    let mut out = String::with_capacity(64 + count * if several { 320 } else { 96 });
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if several {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    let mut loc = String::new();
    for (e, l) in entries.take(count) {
        out.push_str("  <url><loc>");
        loc.clear();
        urls.push_absolute(&mut loc, l, e.rel);
        push_escaped(&mut out, &loc);
        out.push_str("</loc>");
        if let Some(lastmod) = &e.lastmod {
            out.push_str("<lastmod>");
            push_escaped(&mut out, lastmod);
            out.push_str("</lastmod>");
        }
        if several {
            for (other, (tag, _)) in urls.langs.iter().enumerate() {
                out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
                push_escaped(&mut out, tag);
                out.push_str("\" href=\"");
                loc.clear();
                urls.push_absolute(&mut loc, other, e.rel);
                push_escaped(&mut out, &loc);
                out.push_str("\"/>");
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Allows every crawler and names the sitemap.
pub(crate) fn robots_txt(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.absolute("sitemap.xml")
    )
}

fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out` with XML's five special characters escaped; the
/// runs between them are copied whole (a URL seldom has any).
fn push_escaped(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(rel: &'a str, lastmod: Option<&'a str>) -> SitemapEntry<'a> {
        SitemapEntry {
            rel,
            lastmod: lastmod.map(Cow::Borrowed),
        }
    }

    fn files_of(entries: &[SitemapEntry<'_>], urls: &Urls, limit: usize) -> Vec<(String, String)> {
        files_in(entries, urls, &[], limit)
    }

    fn files_in(
        entries: &[SitemapEntry<'_>],
        urls: &Urls,
        langs: &Langs<'_>,
        limit: usize,
    ) -> Vec<(String, String)> {
        let mut files = Vec::new();
        let n = sitemap_files_with_limit(
            entries.len(),
            entries.iter().cloned(),
            urls,
            langs,
            limit,
            &mut |path, xml| {
                files.push((path.to_string(), xml));
                Ok(())
            },
        )
        .expect("emitting into a list cannot fail");
        assert_eq!(n, files.len());
        files
    }

    #[test]
    fn the_five_special_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape_xml("驿站/a&b<c>d\"e'f/站"),
            "驿站/a&amp;b&lt;c&gt;d&quot;e&apos;f/站"
        );
        assert_eq!(escape_xml("&"), "&amp;");
        assert_eq!(escape_xml(""), "");
    }

    #[test]
    fn one_file_with_escaped_urls_and_lastmod() {
        let urls = Urls::new("https://a.org/sub/");
        let files = files_of(
            &[entry("?a=1&b=2", None), entry("/x/", Some("2024-08-06"))],
            &urls,
            MAX_URLS_PER_FILE,
        );
        assert_eq!(files.len(), 1);
        let xml = &files[0].1;
        assert!(
            xml.contains("<loc>https://a.org/sub/?a=1&amp;b=2</loc></url>"),
            "{xml}"
        );
        assert!(xml.contains("<loc>https://a.org/sub/x/</loc><lastmod>2024-08-06</lastmod>"));
        assert!(xml.starts_with("<?xml"));
    }

    #[test]
    fn every_page_in_every_language_with_its_alternates() {
        let urls = Urls::new("https://a.org/");
        let langs = [("zh-Hans", ""), ("zh-Hant", "zh-hant/"), ("en", "en/")];
        let files = files_in(
            &[entry("x/", Some("2024-08-06")), entry("", None)],
            &urls,
            &langs,
            3,
        );
        // Six URLs, three to a file.
        assert_eq!(files.len(), 3, "{files:?}");
        let all: String = files.iter().map(|(_, x)| x.as_str()).collect();
        for loc in [
            "https://a.org/x/",
            "https://a.org/zh-hant/x/",
            "https://a.org/en/x/",
            "https://a.org/",
            "https://a.org/zh-hant/",
            "https://a.org/en/",
        ] {
            assert_eq!(
                all.matches(&format!("<loc>{loc}</loc>")).count(),
                1,
                "{loc}"
            );
        }
        assert!(all.contains(
            "<loc>https://a.org/en/x/</loc><lastmod>2024-08-06</lastmod>\
             <xhtml:link rel=\"alternate\" hreflang=\"zh-Hans\" href=\"https://a.org/x/\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"zh-Hant\" href=\"https://a.org/zh-hant/x/\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://a.org/en/x/\"/></url>"
        ));
        assert!(files[1]
            .1
            .contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    }

    #[test]
    fn long_sitemaps_are_split_behind_an_index() {
        let urls = Urls::new("https://a.org/");
        let rels: Vec<String> = (0..5).map(|i| format!("{i}/")).collect();
        let entries: Vec<SitemapEntry> = rels.iter().map(|r| entry(r, None)).collect();
        let files = files_of(&entries, &urls, 2);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        assert!(files[3].1.contains("<sitemapindex"));
        assert!(files[3]
            .1
            .contains("<loc>https://a.org/sitemap-3.xml</loc>"));
        assert!(files[2].1.contains("<loc>https://a.org/4/</loc>"));
        assert_eq!(files[2].1.matches("<url>").count(), 1);
    }

    #[test]
    fn robots_allows_all_and_names_the_sitemap() {
        let r = robots_txt(&Urls::new("https://a.org/sub/"));
        assert_eq!(
            r,
            "User-agent: *\nAllow: /\n\nSitemap: https://a.org/sub/sitemap.xml\n"
        );
    }
}
