//! Where every page lives, as a path relative to the site root
//! (`organizations/xiaocao/`), and how such a path becomes a link.
//!
//! Pages link to each other root-relatively, with the path part of
//! `base_url` in front (`/sub/organizations/xiaocao/` for a site published
//! at `https://a.org/sub/`), so the output works from any host and under a
//! sub-path. Canonical links, Open Graph URLs and the sitemap need absolute
//! URLs and use [`Urls::absolute`]. All ids and area paths are ASCII slugs
//! checked by the model, so nothing here needs percent-encoding.
//!
//! A leaf: the model (links in news stories), the search index and the
//! render phase all address pages through it.

/// Turns site-relative paths into links for one site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Urls {
    /// The path part of `base_url`: starts and ends with `/`.
    prefix: String,
    /// `base_url`, ending in `/`.
    base: String,
}

impl Urls {
    pub(crate) fn new(base_url: &str) -> Urls {
        let mut base = base_url.trim().to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        Urls {
            prefix: path_of(&base),
            base,
        }
    }

    /// A root-relative link: `organizations/x/` → `/sub/organizations/x/`.
    pub(crate) fn href(&self, rel: &str) -> String {
        let mut s = String::with_capacity(self.prefix.len() + rel.len());
        s.push_str(&self.prefix);
        s.push_str(rel.trim_start_matches('/'));
        s
    }

    /// An absolute URL: `organizations/x/` → `https://a.org/sub/organizations/x/`.
    pub(crate) fn absolute(&self, rel: &str) -> String {
        let mut s = String::with_capacity(self.base.len() + rel.len());
        self.push_absolute(&mut s, rel);
        s
    }

    /// Appends the absolute URL of `rel` to `out`.
    pub(crate) fn push_absolute(&self, out: &mut String, rel: &str) {
        out.push_str(&self.base);
        out.push_str(rel.trim_start_matches('/'));
    }

    /// The link to the site root, e.g. `/` or `/sub/`.
    pub(crate) fn root(&self) -> &str {
        &self.prefix
    }
}

/// `https://a.org/sub/?x#y` → `/sub/`; anything without a path → `/`.
fn path_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut p = String::from("/");
    p.push_str(path.trim_matches('/'));
    if p.len() > 1 {
        p.push('/');
    }
    p
}

pub(crate) fn organization(id: &str) -> String {
    format!("organizations/{id}/")
}

pub(crate) fn venue(id: &str) -> String {
    format!("venues/{id}/")
}

pub(crate) fn brand(id: &str) -> String {
    format!("brands/{id}/")
}

pub(crate) fn service(id: &str) -> String {
    format!("services/{id}/")
}

pub(crate) fn news(id: &str) -> String {
    format!("news/{id}/")
}

/// The index of news tags.
pub(crate) fn tags() -> String {
    "news/tags/".to_string()
}

/// A news tag's page, by the tag's id.
pub(crate) fn tag(id: &str) -> String {
    format!("news/tags/{id}/")
}

/// The Atom feed of the news.
pub(crate) const FEED: &str = "news/atom.xml";

pub(crate) fn page(id: &str) -> String {
    format!("{id}/")
}

pub(crate) fn category(id: &str) -> String {
    format!("categories/{id}/")
}

pub(crate) fn audience(id: &str) -> String {
    format!("audiences/{id}/")
}

/// `chengguan/zhangyelu` → `areas/chengguan/zhangyelu/`.
pub(crate) fn area(path: &str) -> String {
    format!("areas/{}/", path.trim_matches('/'))
}

/// The printable poster of a record whose page is at `record`:
/// `venues/x/` → `venues/x/poster/`.
pub(crate) fn poster(record: &str) -> String {
    format!("{record}poster/")
}

/// The index of the posters, for printing them in bulk.
pub(crate) const POSTERS: &str = "posters/";

/// The posters of an area's venues and services, printed together:
/// `chengguan/zhangyelu` → `posters/areas/chengguan/zhangyelu/`.
pub(crate) fn posters_of_area(path: &str) -> String {
    format!("{POSTERS}areas/{}/", path.trim_matches('/'))
}

/// The posters of every record of a collection, printed together:
/// `venues` → `posters/venues/`.
pub(crate) fn posters_of(collection: &str) -> String {
    format!("{POSTERS}{collection}/")
}

/// Page `n` (1-based) of a list whose first page is at `first`:
/// `organizations/` → `organizations/page/2/`.
pub(crate) fn paged(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// The file a page path is written to: `a/b/` → `a/b/index.html`, the root
/// → `index.html`; paths naming a file (`404.html`) stay as they are.
pub(crate) fn output_file(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// Percent-encodes every byte of the UTF-8 form except RFC 3986 unreserved
/// characters. That is stricter than a query string strictly needs, which
/// keeps `&`, `=`, `;`, `:` and `#` in a name from being read as URL or
/// Tencent marker syntax.
pub(crate) fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_base_url_sub_path() {
        let u = Urls::new("https://a.org/sub/");
        assert_eq!(u.href(&organization("x")), "/sub/organizations/x/");
        assert_eq!(
            u.absolute(&organization("x")),
            "https://a.org/sub/organizations/x/"
        );
        assert_eq!(u.root(), "/sub/");
        assert_eq!(u.href(""), "/sub/");
    }

    #[test]
    fn base_url_without_path_or_slash_is_the_root() {
        for base in ["https://a.org", "https://a.org/", "http://a.org:8080/?q=1"] {
            let u = Urls::new(base);
            assert_eq!(u.href("news/a/"), "/news/a/", "{base}");
        }
        assert_eq!(Urls::new("https://a.org/x/y").href("a/"), "/x/y/a/");
        assert_eq!(
            Urls::new("https://a.org").absolute("a/"),
            "https://a.org/a/"
        );
    }

    #[test]
    fn pages_areas_and_output_files() {
        assert_eq!(paged("organizations/", 1), "organizations/");
        assert_eq!(paged("organizations/", 3), "organizations/page/3/");
        assert_eq!(
            area("chengguan/zhangyelu/shanzishi"),
            "areas/chengguan/zhangyelu/shanzishi/"
        );
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("news/a/"), "news/a/index.html");
        assert_eq!(output_file("404.html"), "404.html");
    }
}
