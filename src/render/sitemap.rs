//! `sitemap.xml` and `robots.txt`.
//!
//! A sitemap file may hold at most 50,000 URLs (sitemaps.org), which a
//! directory of 10,000 organizations comes close to; past that limit the
//! URLs are split into `sitemap-1.xml`, `sitemap-2.xml`, … and
//! `sitemap.xml` becomes the index pointing at them, so `robots.txt` names
//! the same file either way.

use std::fmt::Write as _;

use crate::urls::Urls;

/// URLs per sitemap file allowed by the protocol.
pub(crate) const MAX_URLS_PER_FILE: usize = 50_000;

/// One page in the sitemap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SitemapEntry {
    /// Absolute URL.
    pub loc: String,
    /// `YYYY-MM-DD` or a full W3C datetime.
    pub lastmod: Option<String>,
}

/// The sitemap files to write: output path and contents.
pub(crate) fn sitemap_files(entries: &[SitemapEntry], urls: &Urls) -> Vec<(String, String)> {
    sitemap_files_with_limit(entries, urls, MAX_URLS_PER_FILE)
}

fn sitemap_files_with_limit(
    entries: &[SitemapEntry],
    urls: &Urls,
    limit: usize,
) -> Vec<(String, String)> {
    if entries.len() <= limit {
        return vec![("sitemap.xml".to_string(), urlset(entries))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, chunk) in entries.chunks(limit.max(1)).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc></sitemap>",
            escape_xml(&urls.absolute(&name))
        );
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
    files
}

fn urlset(entries: &[SitemapEntry]) -> String {
    let mut out = String::with_capacity(64 + entries.len() * 96);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for e in entries {
        out.push_str("  <url><loc>");
        push_escaped(&mut out, &e.loc);
        out.push_str("</loc>");
        if let Some(lastmod) = &e.lastmod {
            out.push_str("<lastmod>");
            push_escaped(&mut out, lastmod);
            out.push_str("</lastmod>");
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

    fn entry(loc: &str, lastmod: Option<&str>) -> SitemapEntry {
        SitemapEntry {
            loc: loc.into(),
            lastmod: lastmod.map(Into::into),
        }
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
        let files = sitemap_files(
            &[
                entry("https://a.org/sub/?a=1&b=2", None),
                entry("https://a.org/sub/x/", Some("2024-08-06")),
            ],
            &urls,
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
    fn long_sitemaps_are_split_behind_an_index() {
        let urls = Urls::new("https://a.org/");
        let entries: Vec<SitemapEntry> = (0..5)
            .map(|i| entry(&format!("https://a.org/{i}/"), None))
            .collect();
        let files = sitemap_files_with_limit(&entries, &urls, 2);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(files[0]
            .1
            .contains("<loc>https://a.org/sitemap-3.xml</loc>"));
        assert_eq!(files[3].1.matches("<url>").count(), 1);
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
