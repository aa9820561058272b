//! Typed views: what templates see, built from the frozen [`Site`] one page
//! at a time.
//!
//! Every template gets four values: `site` ([`SiteView`], the same on every
//! page), `t` (the locale strings), `meta` ([`MetaView`]: title,
//! description, canonical URL, breadcrumbs) and one value named after the
//! page kind (`org`, `venue`, `list`, …; see [`build`]). Views borrow text
//! from the site where they can; links are finished hrefs, so templates
//! never assemble URLs. Labels of fixed values (kinds, costs, features) are
//! already worded from the locale, while raw ids stay alongside for themes
//! that want them.

mod cards;
mod lists;
mod news;
mod notices;
mod posters;
mod records;
mod share;

pub(crate) use posters::Offers;

use std::borrow::Cow;

use serde::Serialize;

use crate::markdown;
use crate::model::{Contact, Hours, Site};

use super::pages::{self, Collection, PageKind};
use super::wording::Wording;
use crate::urls::Urls;

/// Characters of body text in a meta description.
const DESCRIPTION_CHARS: usize = 120;

/// Everything view builders need; one per render, shared by all threads.
pub(crate) struct Ctx<'a> {
    pub site: &'a Site,
    pub urls: Urls,
    pub words: &'a Wording,
    pub page_size: usize,
    /// The schema.org JSON-LD of record pages.
    pub ld: &'a super::jsonld::Maker<'a>,
    /// The posters' sheets and the cards in this language, each drawn
    /// once.
    pub drawn: &'a super::once::Drawings<'a>,
    /// The posters' descriptions in this language.
    pub offers: &'a Offers,
}

impl Ctx<'_> {
    pub(crate) fn href(&self, rel: &str) -> String {
        self.urls.href(rel)
    }
}

/// A link with its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct LinkView<'a> {
    pub href: String,
    pub name: Cow<'a, str>,
}

/// A fixed value (`union`) and its wording (`工会`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct LabelView<'a> {
    pub id: &'a str,
    pub label: &'a str,
}

/// One step of the breadcrumb trail; the current page has no `href`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct CrumbView {
    pub href: Option<String>,
    pub name: String,
}

/// What the page head and frame need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct MetaView {
    /// The page's own title (the `<h1>`, `og:title`).
    pub title: String,
    /// `<title>`: "页面 - 站点", or the site title on the home page.
    pub document_title: String,
    pub description: String,
    /// Root-relative link to this page.
    pub url: String,
    /// Absolute URL; none for the 404 page, which has no address of its own.
    pub canonical: Option<String>,
    pub og_type: &'static str,
    /// Which main navigation entry is current.
    pub section: &'static str,
    /// From the home page down to this page (empty on the home page).
    pub breadcrumbs: Vec<CrumbView>,
    /// News: publication time (RFC 3339).
    pub published: Option<String>,
    /// Last verified or updated (`YYYY-MM-DD` or RFC 3339).
    pub modified: Option<String>,
    pub noindex: bool,
    /// The page's schema.org JSON-LD, already escaped for the inside of a
    /// `<script>` element (output with `| safe`); record pages and news
    /// stories only.
    pub jsonld: Option<String>,
    /// The page in every language of the site (none for a site in one).
    pub alternates: Vec<super::copies::AlternateView>,
}

/// Main navigation entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct NavItem<'a> {
    pub section: &'static str,
    pub href: String,
    pub label: &'a str,
}

/// The same on every page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    /// Link to the home page (`/` or `/sub/`; `/zh-hant/` in a copy).
    pub root: String,
    /// Where the theme's files are, in every language (`/` or `/sub/`).
    pub assets: String,
    pub stylesheet: String,
    pub favicon: Option<String>,
    /// The web app manifest, and the icon iOS puts on a home screen
    /// (with the favicon: it is drawn from it).
    pub manifest: String,
    pub touch_icon: Option<String>,
    /// The service worker pages register; none with `offline: false`.
    pub worker: Option<String>,
    pub search: String,
    /// The folder under `search/` of the index's heads and rows in the
    /// page's language: `zh-hant/` in a copy, empty in the site's own
    /// language ([`crate::search`]).
    pub search_words: String,
    /// The Atom feed of the news; none when the site has no news.
    pub feed: Option<String>,
    /// The feed's title, for its `<link rel="alternate">`.
    pub feed_title: String,
    pub nav: Vec<NavItem<'a>>,
    /// Free pages that have a `weight`, lightest first.
    pub menu: Vec<LinkView<'a>>,
    /// Minutes the site's time zone is ahead of UTC, for the scripts that
    /// say what is open today.
    pub utc_offset: i32,
}

/// A telephone number as shown and as dialled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct PhoneView<'a> {
    pub number: &'a str,
    /// `tel:` URL.
    pub tel: String,
    /// "拨打 0931-8000201".
    pub call: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct ContactView<'a> {
    pub phones: Vec<PhoneView<'a>>,
    pub email: Option<&'a str>,
    pub wechat: Option<&'a str>,
    pub website: Option<WebLinkView<'a>>,
}

/// An outside web address: `href` always has a scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct WebLinkView<'a> {
    pub href: String,
    pub text: &'a str,
}

/// Opening hours or a schedule in words, with the OSM text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct HoursView<'a> {
    pub raw: &'a str,
    pub lines: &'a [String],
    /// The lines on one line, for cards.
    pub summary: String,
}

/// The rendered page's data, ready for a template.
pub(crate) struct Built {
    pub meta: MetaView,
    /// Name of the page value in the template context (`org`, `list`, …).
    pub key: &'static str,
    pub data: tera::Value,
}

/// Builds the views of one page.
pub(crate) fn build(ctx: &Ctx<'_>, page: PageKind) -> anyhow::Result<Built> {
    match page {
        PageKind::Organization(i) => records::organization(ctx, i),
        PageKind::Venue(i) => records::venue(ctx, i),
        PageKind::Brand(i) => records::brand(ctx, i),
        PageKind::Service(i) => records::service(ctx, i),
        PageKind::Article(i) => news::article(ctx, i),
        PageKind::Page(i) => records::page(ctx, i),
        PageKind::Home => lists::home(ctx),
        PageKind::Search => lists::search(ctx),
        PageKind::NotFound => lists::not_found(ctx),
        PageKind::Collection(Collection::News, n) => news::index(ctx, n),
        PageKind::Collection(c, n) => lists::collection(ctx, c, n),
        PageKind::SubList(owner, list, n) => lists::sublist(ctx, owner, list, n),
        PageKind::TermIndex(kind) => lists::term_index(ctx, kind),
        PageKind::Term(kind, t) => lists::term(ctx, kind, t),
        PageKind::AreaIndex => lists::area_index(ctx),
        PageKind::Area(a) => lists::area(ctx, a),
        PageKind::TagIndex => news::tag_index(ctx),
        PageKind::Tag(t, n) => news::tag(ctx, t, n),
        PageKind::Poster(kind, i) => posters::poster(ctx, kind, i),
        PageKind::PosterIndex => posters::index(ctx),
        PageKind::PosterBatch(batch, n) => posters::batch(ctx, batch, n),
        PageKind::Data(_) | PageKind::Json(_) => {
            anyhow::bail!(t!("data-file-no-view", page = format!("{page:?}")))
        }
    }
}

/// Sections of the main navigation, in order.
const NAV: [&str; 7] = [
    "home",
    "services",
    "organizations",
    "venues",
    "brands",
    "areas",
    "news",
];

/// The site-wide view; `has_favicon` says whether the output will have one.
pub(crate) fn site_view<'a>(
    site: &'a Site,
    urls: &Urls,
    assets: &Urls,
    words: &'a Wording,
    language: &'a str,
    has_favicon: bool,
) -> SiteView<'a> {
    let nav = NAV
        .iter()
        .map(|&section| NavItem {
            section,
            href: urls.href(&section_rel(section)),
            label: nav_label(words, section),
        })
        .collect();
    let mut weighted: Vec<(i64, usize)> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.weight.map(|w| (w, i)))
        .collect();
    weighted.sort();
    let menu = weighted
        .into_iter()
        .map(|(_, i)| LinkView {
            href: urls.href(&crate::urls::page(&site.pages[i].meta.id)),
            name: Cow::Borrowed(site.pages[i].title.as_str()),
        })
        .collect();
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        language,
        base_url: &site.config.base_url,
        root: urls.root().to_string(),
        assets: assets.root().to_string(),
        stylesheet: assets.href("style.css"),
        favicon: has_favicon.then(|| assets.href("favicon.svg")),
        manifest: assets.href(crate::offline::MANIFEST),
        touch_icon: has_favicon.then(|| assets.href(crate::offline::icons::TOUCH_ICON)),
        worker: site
            .config
            .offline
            .then(|| assets.href(crate::offline::WORKER)),
        search: urls.href("search/"),
        search_words: urls
            .root()
            .strip_prefix(assets.root())
            .unwrap_or_default()
            .to_string(),
        feed: (!site.news.is_empty()).then(|| assets.href(crate::urls::FEED)),
        feed_title: words.document_title(words.label("collections", "news"), &site.config.title),
        nav,
        menu,
        utc_offset: (crate::hsds::utc_offset(&site.config.timezone).1 * 60.0).round() as i32,
    }
}

fn section_rel(section: &str) -> String {
    if section == "home" {
        String::new()
    } else {
        format!("{section}/")
    }
}

fn nav_label<'a>(words: &'a Wording, section: &'a str) -> &'a str {
    words.label("nav", section)
}

impl Ctx<'_> {
    /// The frame of a page: title, description, canonical URL, crumbs.
    /// `crumbs` are the steps between the home page and this page.
    fn meta(
        &self,
        page: PageKind,
        title: String,
        description: String,
        section: &'static str,
        crumbs: Vec<CrumbView>,
    ) -> MetaView {
        let rel = pages::rel_url(self.site, page);
        let site_title = &self.site.config.title;
        let document_title = if matches!(page, PageKind::Home) {
            site_title.clone()
        } else {
            self.words.document_title(&title, site_title)
        };
        let mut breadcrumbs = Vec::new();
        if !matches!(page, PageKind::Home) {
            breadcrumbs.push(CrumbView {
                href: Some(self.urls.root().to_string()),
                name: nav_label(self.words, "home").to_string(),
            });
            breadcrumbs.extend(crumbs);
            breadcrumbs.push(CrumbView {
                href: None,
                name: title.clone(),
            });
        }
        let description = if description.is_empty() {
            self.site.config.description.clone()
        } else {
            description
        };
        let not_found = matches!(page, PageKind::NotFound);
        MetaView {
            title,
            document_title,
            description,
            url: self.href(&rel),
            canonical: (!not_found).then(|| self.urls.absolute(&rel)),
            og_type: "website",
            section,
            breadcrumbs,
            published: None,
            modified: pages::lastmod(self.site, page),
            noindex: not_found,
            jsonld: None,
            alternates: Vec::new(),
        }
    }

    /// A crumb to a section's index, e.g. 机构 → `/organizations/`.
    fn section_crumb(&self, section: &'static str) -> CrumbView {
        CrumbView {
            href: Some(self.href(&section_rel(section))),
            name: nav_label(self.words, section).to_string(),
        }
    }

    fn contact<'a>(&self, c: &'a Contact) -> Option<ContactView<'a>> {
        if c.is_empty() {
            return None;
        }
        Some(ContactView {
            phones: c.phones.iter().map(|p| self.phone(p)).collect(),
            email: non_empty(&c.email),
            wechat: non_empty(&c.wechat),
            website: web_link(&c.website),
        })
    }

    fn phone<'a>(&self, number: &'a str) -> PhoneView<'a> {
        PhoneView {
            number,
            tel: tel_url(number),
            call: self.words.call(number),
        }
    }
}

pub(crate) fn non_empty(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// `tel:` URL of a number ([`crate::phone`]); one `check` warned about
/// keeps its digits, `+` and `-`.
pub(crate) fn tel_url(number: &str) -> String {
    if let Ok(phone) = crate::phone::parse(number) {
        return phone.tel();
    }
    let dial: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-')
        .collect();
    format!("tel:{}", dial.trim_matches('-'))
}

/// Web addresses are written with or without `https://`; links need it.
pub(crate) fn web_link(text: &str) -> Option<WebLinkView<'_>> {
    let text = non_empty(text)?;
    let lower = text.to_ascii_lowercase();
    let href = if lower.starts_with("https://") || lower.starts_with("http://") {
        text.to_string()
    } else {
        format!("https://{}", text.trim_start_matches('/'))
    };
    Some(WebLinkView { href, text })
}

pub(crate) fn hours_view(h: &Hours) -> HoursView<'_> {
    HoursView {
        raw: &h.raw,
        lines: &h.lines,
        summary: h.lines.join("；"),
    }
}

/// A meta description from body text.
pub(crate) fn description(plain: &str) -> String {
    markdown::excerpt(plain, DESCRIPTION_CHARS)
}

/// A card summary from body text.
pub(crate) fn summary(plain: &str) -> String {
    markdown::excerpt(plain, crate::markdown::SUMMARY_CHARS)
}

/// Serializes a view for the template context.
fn to_value<T: Serialize>(view: &T) -> anyhow::Result<tera::Value> {
    tera::Value::try_from_serializable(view)
        .map_err(|e| anyhow::anyhow!(t!("page-view-failed", error = e.to_string())))
}

fn built<T: Serialize>(meta: MetaView, key: &'static str, view: &T) -> anyhow::Result<Built> {
    Ok(Built {
        meta,
        key,
        data: to_value(view)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_dial_without_spaces() {
        assert_eq!(tel_url("0931-8000201"), "tel:0931-8000201");
        assert_eq!(tel_url(" 0931 800 0201 "), "tel:0931-8000201");
        // What cannot be read keeps its digits (check warned about it).
        assert_eq!(tel_url("800 0201"), "tel:8000201");
        assert_eq!(tel_url("+86 931-8000201"), "tel:+86-931-8000201");
        assert_eq!(tel_url("138 0931 0000 转 12"), "tel:13809310000;ext=12");
    }

    #[test]
    fn websites_get_a_scheme() {
        let l = web_link("www.example.org").expect("link");
        assert_eq!(l.href, "https://www.example.org");
        assert_eq!(l.text, "www.example.org");
        assert_eq!(
            web_link("http://a.org/").map(|l| l.href),
            Some("http://a.org/".into())
        );
        assert!(web_link("  ").is_none());
    }
}
