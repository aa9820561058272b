//! Views of the pages that list entries: the home page, collection
//! indexes, the full forms of capped lists, categories and audiences, the
//! area tree and area pages, and the search and 404 pages (which offer the
//! same browse links as the home page).

use std::borrow::Cow;

use serde::Serialize;

use crate::areas::AreaIdx;
use crate::model::{Idx, TermIdx};

use super::super::pages::{self, Collection, ListKind, Owner, PageKind, TermKind};
use super::cards::{card_kind, CardOf, CardView, Level, SectionView};
use super::{built, description, Built, CrumbView, Ctx, LabelView, LinkView};
use crate::urls;

/// Brands shown on the home page before "all brands".
const HOME_BRANDS: usize = 12;
/// News shown on the home page.
const HOME_NEWS: usize = 5;
/// Page links shown on each side of the current page.
const PAGINATION_WINDOW: usize = 2;

/// A category or audience with how many entries it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct TermLinkView<'a> {
    pub id: &'a str,
    pub href: String,
    pub name: &'a str,
    pub description: &'a str,
    pub services: usize,
    pub organizations: usize,
}

/// An area with how many entries it has (including the areas below it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct AreaLinkView<'a> {
    pub id: &'a str,
    pub href: String,
    pub name: &'a str,
    pub kind: LabelView<'a>,
    pub services: usize,
    pub venues: usize,
    pub organizations: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct CollectionLinkView<'a> {
    pub collection: &'static str,
    pub href: String,
    pub label: &'a str,
    pub count: usize,
}

/// Ways into the directory: offered on the home, search and 404 pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct BrowseView<'a> {
    pub categories: Vec<TermLinkView<'a>>,
    pub audiences: Vec<TermLinkView<'a>>,
    /// Top-level areas (or the children of a single top-level city).
    pub districts: Vec<AreaLinkView<'a>>,
    pub collections: Vec<CollectionLinkView<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct HomeView<'a> {
    pub browse: BrowseView<'a>,
    pub brands: SectionView<'a>,
    pub news: Vec<CardView>,
    pub all_news_href: String,
}

/// One entry of a pagination bar; `number` is none for a gap ("…").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct PageLinkView {
    pub number: Option<usize>,
    pub href: Option<String>,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct PaginationView {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLinkView>,
}

/// A paginated list: a collection index or the full form of a capped list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct ListView<'a> {
    /// `organizations`, `venues`, … or the list kind (`members`, …).
    pub kind: &'static str,
    pub card: &'static str,
    pub title: String,
    /// The page the list belongs to, for the full forms of capped lists.
    pub owner: Option<LinkView<'a>>,
    pub items: Vec<CardView>,
    /// How many entries the list has; on the first page only.
    pub total: Option<usize>,
    /// Present when there is more than one page.
    pub pagination: Option<PaginationView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct TermIndexView<'a> {
    /// `categories` or `audiences`.
    pub kind: &'static str,
    pub terms: Vec<TermLinkView<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct TermView<'a> {
    /// `category` or `audience`.
    pub kind: &'static str,
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub sections: Vec<SectionView<'a>>,
}

/// An area in the tree on the area index page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct AreaNodeView<'a> {
    #[serde(flatten)]
    pub area: AreaLinkView<'a>,
    pub children: Vec<AreaNodeView<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct AreaIndexView<'a> {
    pub roots: Vec<AreaNodeView<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct AreaView<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub name: &'a str,
    pub full_name: String,
    pub kind: LabelView<'a>,
    pub parent: Option<LinkView<'a>>,
    pub children: Vec<AreaLinkView<'a>>,
    /// Services, venues and organizations in or serving the area.
    pub sections: Vec<SectionView<'a>>,
}

impl<'s> Ctx<'s> {
    fn term_link(&self, kind: TermKind, t: TermIdx) -> TermLinkView<'s> {
        let (term, rel, orgs) = match kind {
            TermKind::Category => (
                &self.site.config.categories[t],
                urls::category(&self.site.config.categories[t].id),
                self.site.rel.category_organizations[t].len(),
            ),
            TermKind::Audience => (
                &self.site.config.audiences[t],
                urls::audience(&self.site.config.audiences[t].id),
                0,
            ),
        };
        let services = match kind {
            TermKind::Category => self.site.rel.category_services[t].len(),
            TermKind::Audience => self.site.rel.audience_services[t].len(),
        };
        TermLinkView {
            id: &term.id,
            href: self.href(&rel),
            name: &term.name,
            description: &term.description,
            services,
            organizations: orgs,
        }
    }

    fn terms(&self, kind: TermKind) -> Vec<TermLinkView<'s>> {
        let n = match kind {
            TermKind::Category => self.site.config.categories.len(),
            TermKind::Audience => self.site.config.audiences.len(),
        };
        (0..n).map(|t| self.term_link(kind, t)).collect()
    }

    fn area_summary(&self, a: AreaIdx) -> AreaLinkView<'s> {
        let site = self.site;
        let area = &site.areas.areas[a];
        let kind = area.kind.as_str();
        AreaLinkView {
            id: &area.id,
            href: self.href(&urls::area(&area.path)),
            name: &area.name,
            kind: LabelView {
                id: kind,
                label: self.words.label("area_kind", kind),
            },
            services: site.rel.area_services[a].len(),
            venues: site.rel.area_venues[a].len(),
            organizations: site.rel.area_organizations[a].len(),
        }
    }

    fn browse(&self) -> BrowseView<'s> {
        let site = self.site;
        let roots: Vec<AreaIdx> = site.areas.roots().collect();
        let top = match roots.as_slice() {
            [single] if !site.areas.areas[*single].children.is_empty() => {
                site.areas.areas[*single].children.clone()
            }
            _ => roots,
        };
        BrowseView {
            categories: self.terms(TermKind::Category),
            audiences: self.terms(TermKind::Audience),
            districts: top.into_iter().map(|a| self.area_summary(a)).collect(),
            collections: Collection::ALL
                .iter()
                .map(|&c| CollectionLinkView {
                    collection: c.as_str(),
                    href: self.href(&c.rel()),
                    label: self.words.label("collections", c.as_str()),
                    count: c.len(site),
                })
                .collect(),
        }
    }

    pub(super) fn pagination(
        &self,
        first: &str,
        current: usize,
        total: usize,
    ) -> Option<PaginationView> {
        if total <= 1 {
            return None;
        }
        let link = |n: usize| self.href(&urls::paged(first, n));
        let pages = shown_pages(current, total)
            .into_iter()
            .map(|n| PageLinkView {
                number: n,
                href: n.map(link),
                current: n == Some(current),
            })
            .collect();
        Some(PaginationView {
            current,
            total,
            prev: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            pages,
        })
    }

    /// The owner's page as a link and as breadcrumbs leading to it.
    fn owner_crumbs(&self, owner: Owner) -> (LinkView<'s>, Vec<CrumbView>, &'static str) {
        let site = self.site;
        let (name, section): (Cow<'s, str>, &'static str) = match owner {
            Owner::Organization(i) => (Cow::Borrowed(&site.organizations[i].name), "organizations"),
            Owner::Venue(i) => (Cow::Borrowed(&site.venues[i].name), "venues"),
            Owner::Brand(i) => (Cow::Borrowed(&site.brands[i].name), "brands"),
            Owner::Category(t) => (Cow::Borrowed(&site.config.categories[t].name), "categories"),
            Owner::Audience(t) => (Cow::Borrowed(&site.config.audiences[t].name), "audiences"),
            Owner::Area(a) => (Cow::Owned(site.areas.full_name(a)), "areas"),
        };
        let link = LinkView {
            href: self.href(&pages::owner_rel(site, owner)),
            name,
        };
        let mut crumbs = match owner {
            Owner::Area(a) => self.area_crumbs(a),
            Owner::Venue(i) => self.area_crumbs(site.venues[i].area),
            _ => vec![self.section_crumb(section)],
        };
        if !matches!(owner, Owner::Area(_)) {
            crumbs.push(CrumbView {
                href: Some(link.href.clone()),
                name: link.name.to_string(),
            });
        }
        (link, crumbs, section)
    }
}

/// The page numbers a list's pagination shows, in order: the first, the
/// [`PAGINATION_WINDOW`] pages on either side of `current`, the last, with
/// `None` for a gap between them. Only the pages shown are looked at, so a
/// list of thousands of pages costs each of them the same.
fn shown_pages(current: usize, total: usize) -> Vec<Option<usize>> {
    let window = current.saturating_sub(PAGINATION_WINDOW).max(1)
        ..=current.saturating_add(PAGINATION_WINDOW).min(total);
    let mut shown = Vec::new();
    let mut last = 0;
    for n in std::iter::once(1)
        .chain(window)
        .chain(std::iter::once(total))
    {
        if n > last {
            if last + 1 < n {
                shown.push(None);
            }
            shown.push(Some(n));
            last = n;
        }
    }
    shown
}

pub(super) fn home(ctx: &Ctx<'_>) -> anyhow::Result<Built> {
    let site = ctx.site;
    let brand_ids: Vec<Idx> = (0..site.brands.len().min(HOME_BRANDS)).collect();
    let view = HomeView {
        browse: ctx.browse(),
        brands: SectionView {
            list: "brands",
            card: "brand",
            title: ctx.words.label("collections", "brands"),
            items: ctx.cards(ListKind::Brands, &brand_ids, Level::Section)?,
            total: site.brands.len(),
            all_href: (site.brands.len() > brand_ids.len())
                .then(|| ctx.href(&Collection::Brands.rel())),
        },
        news: ctx.cards_of(
            CardOf::News,
            &(0..site.news.len().min(HOME_NEWS)).collect::<Vec<_>>(),
            Level::Section,
        )?,
        all_news_href: ctx.href(&Collection::News.rel()),
    };
    let meta = ctx.meta(
        PageKind::Home,
        site.config.title.clone(),
        String::new(),
        "home",
        Vec::new(),
    );
    built(meta, "home", &view)
}

pub(super) fn search(ctx: &Ctx<'_>) -> anyhow::Result<Built> {
    let title = ctx.words.text("search.title").to_string();
    let meta = ctx.meta(PageKind::Search, title, String::new(), "search", Vec::new());
    built(meta, "browse", &ctx.browse())
}

pub(super) fn not_found(ctx: &Ctx<'_>) -> anyhow::Result<Built> {
    let title = ctx.words.text("not_found.title").to_string();
    let meta = ctx.meta(PageKind::NotFound, title, String::new(), "", Vec::new());
    built(meta, "browse", &ctx.browse())
}

pub(super) fn collection(ctx: &Ctx<'_>, c: Collection, n: usize) -> anyhow::Result<Built> {
    let site = ctx.site;
    let (shown, pages) = c.paged(site, n, ctx.page_size);
    let shown: Vec<Idx> = shown.collect();
    // Only the first page says how many there are: the others then stay
    // as they are when a record is added or removed past them.
    let total = (n == 1).then(|| c.len(site));
    let (list, section) = match c {
        Collection::Organizations => (ListKind::Organizations, "organizations"),
        Collection::Venues => (ListKind::Venues, "venues"),
        Collection::Brands => (ListKind::Brands, "brands"),
        Collection::Services => (ListKind::Services, "services"),
        Collection::News => (ListKind::News, "news"),
    };
    let base_title = ctx.words.label("collections", c.as_str());
    let view = ListView {
        kind: c.as_str(),
        card: card_kind(list),
        title: ctx.words.paged_title(base_title, n),
        owner: None,
        items: ctx.cards(list, &shown, Level::List)?,
        total,
        pagination: ctx.pagination(&c.rel(), n, pages),
    };
    let mut crumbs = Vec::new();
    if n > 1 {
        crumbs.push(CrumbView {
            href: Some(ctx.href(&c.rel())),
            name: base_title.to_string(),
        });
    }
    let meta = ctx.meta(
        PageKind::Collection(c, n),
        view.title.clone(),
        String::new(),
        section,
        crumbs,
    );
    built(meta, "list", &view)
}

pub(super) fn sublist(
    ctx: &Ctx<'_>,
    owner: Owner,
    list: ListKind,
    n: usize,
) -> anyhow::Result<Built> {
    let site = ctx.site;
    let (shown, pages) = pages::owner_page(site, owner, list, n, ctx.page_size);
    // Only the first page says how many there are (see `collection`).
    let total = (n == 1).then(|| pages::owner_list(site, owner, list).len());
    let (owner_link, crumbs, section) = ctx.owner_crumbs(owner);
    let list_title = ctx.list_title(owner, list);
    let base_title = ctx.words.fill(
        "format.sublist_title",
        &[("owner", &owner_link.name), ("list", list_title)],
    );
    let first = pages::sublist_rel(site, owner, list);
    let view = ListView {
        kind: list.as_str(),
        card: card_kind(list),
        title: ctx.words.paged_title(&base_title, n),
        owner: Some(owner_link),
        items: ctx.cards(list, shown, Level::List)?,
        total,
        pagination: ctx.pagination(&first, n, pages),
    };
    let meta = ctx.meta(
        PageKind::SubList(owner, list, n),
        view.title.clone(),
        String::new(),
        section,
        crumbs,
    );
    built(meta, "list", &view)
}

pub(super) fn term_index(ctx: &Ctx<'_>, kind: TermKind) -> anyhow::Result<Built> {
    let view = TermIndexView {
        kind: kind.as_str(),
        terms: ctx.terms(kind),
    };
    let title = ctx.words.label("nav", kind.as_str()).to_string();
    let meta = ctx.meta(
        PageKind::TermIndex(kind),
        title,
        String::new(),
        kind.as_str(),
        Vec::new(),
    );
    built(meta, "terms", &view)
}

pub(super) fn term(ctx: &Ctx<'_>, kind: TermKind, t: TermIdx) -> anyhow::Result<Built> {
    let (term, owner, kind_id) = match kind {
        TermKind::Category => (
            &ctx.site.config.categories[t],
            Owner::Category(t),
            "category",
        ),
        TermKind::Audience => (
            &ctx.site.config.audiences[t],
            Owner::Audience(t),
            "audience",
        ),
    };
    let view = TermView {
        kind: kind_id,
        id: &term.id,
        name: &term.name,
        description: &term.description,
        sections: ctx.sections(owner)?,
    };
    let crumbs = vec![ctx.section_crumb(kind.as_str())];
    let meta = ctx.meta(
        PageKind::Term(kind, t),
        term.name.clone(),
        description(&term.description),
        kind.as_str(),
        crumbs,
    );
    built(meta, "term", &view)
}

pub(super) fn area_index(ctx: &Ctx<'_>) -> anyhow::Result<Built> {
    fn node<'s>(ctx: &Ctx<'s>, a: AreaIdx) -> AreaNodeView<'s> {
        AreaNodeView {
            area: ctx.area_summary(a),
            children: ctx.site.areas.areas[a]
                .children
                .iter()
                .map(|&c| node(ctx, c))
                .collect(),
        }
    }
    let view = AreaIndexView {
        roots: ctx.site.areas.roots().map(|a| node(ctx, a)).collect(),
    };
    let title = ctx.words.label("nav", "areas").to_string();
    let meta = ctx.meta(
        PageKind::AreaIndex,
        title,
        String::new(),
        "areas",
        Vec::new(),
    );
    built(meta, "areas", &view)
}

pub(super) fn area(ctx: &Ctx<'_>, a: AreaIdx) -> anyhow::Result<Built> {
    let site = ctx.site;
    let area = &site.areas.areas[a];
    let view = AreaView {
        id: &area.id,
        path: &area.path,
        name: &area.name,
        full_name: site.areas.full_name(a),
        kind: ctx.area_summary(a).kind,
        parent: area.parent.map(|p| ctx.area_link(p, true)),
        children: area.children.iter().map(|&c| ctx.area_summary(c)).collect(),
        sections: ctx.sections(Owner::Area(a))?,
    };
    let crumbs = match area.parent {
        Some(p) => ctx.area_crumbs(p),
        None => vec![ctx.section_crumb("areas")],
    };
    let meta = ctx.meta(
        PageKind::Area(a),
        view.full_name.clone(),
        String::new(),
        "areas",
        crumbs,
    );
    built(meta, "area", &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page number looked at in turn, as the pages were chosen
    /// before: the reference `shown_pages` must agree with.
    fn shown_by_walking(current: usize, total: usize) -> Vec<Option<usize>> {
        let mut shown = Vec::new();
        let mut last = 0;
        for n in 1..=total {
            if n == 1 || n == total || n.abs_diff(current) <= PAGINATION_WINDOW {
                if last + 1 < n {
                    shown.push(None);
                }
                shown.push(Some(n));
                last = n;
            }
        }
        shown
    }

    #[test]
    fn pagination_shows_the_ends_and_a_window_with_gaps() {
        assert_eq!(
            shown_pages(10, 40),
            [
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(40)
            ]
        );
        assert_eq!(shown_pages(1, 2), [Some(1), Some(2)]);
        assert_eq!(shown_pages(4, 4), [Some(1), Some(2), Some(3), Some(4)]);
        for total in 1..=30 {
            for current in 1..=total {
                assert_eq!(
                    shown_pages(current, total),
                    shown_by_walking(current, total),
                    "page {current} of {total}"
                );
            }
        }
    }
}
