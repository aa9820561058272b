//! The list of pages a site has: what each one shows, where it lives and
//! which template draws it.
//!
//! A page is a small [`PageKind`] value (an index and a page number), not a
//! view: views are built inside the parallel render loop, so tens of
//! thousands of pages never sit in memory at once.
//!
//! Lists on detail and overview pages are capped at `page_size` entries.
//! When a list is longer, it also gets its own paginated page below its
//! owner (`organizations/ID/members/`, `areas/PATH/services/page/2/`) and
//! the capped list links there. A union linking 300 organizations or a
//! district with 2,000 venues thus never makes one enormous page.

use std::ops::Range;

use crate::areas::AreaIdx;
use crate::model::renumber::Moves;
use crate::model::track::{Kind, Table};
use crate::model::{Idx, Site, TermIdx};

use super::posters::{self, Batch, PosterOf};
use crate::hsds::{self, DataFile};
use crate::json::{self, JsonFile};
use crate::urls;

/// The directory collections, each with a paginated index page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Collection {
    Organizations,
    Venues,
    Brands,
    Services,
    News,
}

impl Collection {
    pub(crate) const ALL: [Collection; 5] = [
        Collection::Services,
        Collection::Organizations,
        Collection::Venues,
        Collection::Brands,
        Collection::News,
    ];

    /// Folder name in URLs, also the key of its labels in the locale.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Collection::Organizations => "organizations",
            Collection::Venues => "venues",
            Collection::Brands => "brands",
            Collection::Services => "services",
            Collection::News => "news",
        }
    }

    pub(crate) fn len(self, site: &Site) -> usize {
        match self {
            Collection::Organizations => site.organizations.len(),
            Collection::Venues => site.venues.len(),
            Collection::Brands => site.brands.len(),
            Collection::Services => site.services.len(),
            Collection::News => site.news.len(),
        }
    }

    pub(crate) fn rel(self) -> String {
        format!("{}/", self.as_str())
    }

    /// The records page `n` of the collection's index shows, and how many
    /// pages it has, read as only a page depends on them
    /// ([`crate::model::Records::paged`]).
    pub(crate) fn paged(self, site: &Site, n: usize, size: usize) -> (Range<Idx>, usize) {
        match self {
            Collection::Organizations => site.organizations.paged(n, size),
            Collection::Venues => site.venues.paged(n, size),
            Collection::Brands => site.brands.paged(n, size),
            Collection::Services => site.services.paged(n, size),
            Collection::News => site.news.paged(n, size),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum TermKind {
    Category,
    Audience,
}

impl TermKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TermKind::Category => "categories",
            TermKind::Audience => "audiences",
        }
    }
}

/// A page that shows lists of related entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Owner {
    Organization(Idx),
    Venue(Idx),
    Brand(Idx),
    Category(TermIdx),
    Audience(TermIdx),
    Area(AreaIdx),
}

/// Which related entries a list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ListKind {
    /// Organizations linked by an organization.
    Members,
    Organizations,
    Venues,
    Brands,
    Services,
    News,
}

impl ListKind {
    /// URL segment below the owner, also the locale key of its heading.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ListKind::Members => "members",
            ListKind::Organizations => "organizations",
            ListKind::Venues => "venues",
            ListKind::Brands => "brands",
            ListKind::Services => "services",
            ListKind::News => "news",
        }
    }
}

/// One page of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum PageKind {
    Home,
    Search,
    NotFound,
    Organization(Idx),
    Venue(Idx),
    Brand(Idx),
    Service(Idx),
    Article(Idx),
    Page(Idx),
    /// Page `n` (1-based) of a collection's index.
    Collection(Collection, usize),
    TermIndex(TermKind),
    Term(TermKind, TermIdx),
    AreaIndex,
    Area(AreaIdx),
    /// Page `n` of the full form of a capped list.
    SubList(Owner, ListKind, usize),
    /// All news tags.
    TagIndex,
    /// Page `n` of the stories with a tag (index into `Relations::tags`).
    Tag(usize, usize),
    /// The printable poster of a venue, service or brand.
    Poster(PosterOf, Idx),
    /// The posters, by area and by kind, for printing in bulk.
    PosterIndex,
    /// Page `n` of posters printed together, one per sheet.
    PosterBatch(Batch, usize),
    /// A file of the open data (HSDS) feed, drawn without a template.
    Data(DataFile),
    /// A file of the records as JSON for other programs (`data/`), drawn
    /// without a template.
    Json(JsonFile),
}

impl PageKind {
    /// Whether the page is an HTML page (not a data file).
    pub(crate) fn is_html(self) -> bool {
        !matches!(self, PageKind::Data(_) | PageKind::Json(_))
    }

    /// Whether the page is a data file that holds every record of a
    /// collection: worth making first, so that the pages render beside it
    /// rather than after.
    fn is_large(self) -> bool {
        match self {
            PageKind::Data(f) => f.is_large(),
            PageKind::Json(f) => f.is_large(),
            _ => false,
        }
    }
}

/// The lists each owner shows, in page order.
pub(crate) fn owner_lists(owner: Owner) -> &'static [ListKind] {
    use ListKind::*;
    match owner {
        Owner::Organization(_) => &[Members, Venues, Brands, Services, News],
        Owner::Venue(_) => &[Services, Brands, News],
        Owner::Brand(_) => &[Venues, Services, News],
        Owner::Category(_) => &[Services, Organizations, Venues, Brands],
        Owner::Audience(_) => &[Services],
        Owner::Area(_) => &[Services, Venues, Organizations],
    }
}

/// The entries of one list, from the precomputed relations.
pub(crate) fn owner_list(site: &Site, owner: Owner, list: ListKind) -> &[Idx] {
    match (owner, list) {
        (Owner::Brand(i), ListKind::Venues) => &site.brands[i].venues,
        _ => match owner_table(site, owner, list) {
            Some((table, i)) => &table[i],
            None => &[],
        },
    }
}

/// Page `n` of `size` entries of one list, and its number of pages, read
/// as only that page depends on them ([`Table::paged`]).
pub(crate) fn owner_page(
    site: &Site,
    owner: Owner,
    list: ListKind,
    n: usize,
    size: usize,
) -> (&[Idx], usize) {
    match owner_table(site, owner, list) {
        Some((table, i)) => table.paged(i, n, size),
        // A brand's venues are its own field: the page reads them whole.
        None => {
            let all = owner_list(site, owner, list);
            (page_slice(all, n, size), page_count(all.len(), size))
        }
    }
}

/// The relation holding a list, and the owner's entry in it; None for a
/// list that is a record's own field, or that the owner does not have.
fn owner_table(site: &Site, owner: Owner, list: ListKind) -> Option<(&Table, Idx)> {
    let r = &site.rel;
    Some(match (owner, list) {
        (Owner::Organization(i), ListKind::Members) => (&r.org_members, i),
        (Owner::Organization(i), ListKind::Venues) => (&r.org_venues, i),
        (Owner::Organization(i), ListKind::Brands) => (&r.org_brands, i),
        (Owner::Organization(i), ListKind::Services) => (&r.org_services, i),
        (Owner::Organization(i), ListKind::News) => (&r.org_news, i),
        (Owner::Venue(i), ListKind::Services) => (&r.venue_services, i),
        (Owner::Venue(i), ListKind::Brands) => (&r.venue_brands, i),
        (Owner::Venue(i), ListKind::News) => (&r.venue_news, i),
        (Owner::Brand(i), ListKind::Services) => (&r.brand_services, i),
        (Owner::Brand(i), ListKind::News) => (&r.brand_news, i),
        (Owner::Category(t), ListKind::Services) => (&r.category_services, t),
        (Owner::Category(t), ListKind::Organizations) => (&r.category_organizations, t),
        (Owner::Category(t), ListKind::Venues) => (&r.category_venues, t),
        (Owner::Category(t), ListKind::Brands) => (&r.category_brands, t),
        (Owner::Audience(t), ListKind::Services) => (&r.audience_services, t),
        (Owner::Area(a), ListKind::Services) => (&r.area_services, a),
        (Owner::Area(a), ListKind::Venues) => (&r.area_venues, a),
        (Owner::Area(a), ListKind::Organizations) => (&r.area_organizations, a),
        _ => return None,
    })
}

/// The owner's own page.
pub(crate) fn owner_rel(site: &Site, owner: Owner) -> String {
    match owner {
        Owner::Organization(i) => urls::organization(site.organizations.id(i)),
        Owner::Venue(i) => urls::venue(site.venues.id(i)),
        Owner::Brand(i) => urls::brand(site.brands.id(i)),
        Owner::Category(t) => urls::category(&site.config.categories[t].id),
        Owner::Audience(t) => urls::audience(&site.config.audiences[t].id),
        Owner::Area(a) => urls::area(&site.areas.areas[a].path),
    }
}

/// First page of a list's own pages, e.g. `organizations/x/members/`.
pub(crate) fn sublist_rel(site: &Site, owner: Owner, list: ListKind) -> String {
    format!("{}{}/", owner_rel(site, owner), list.as_str())
}

/// Number of pages `len` entries take; an empty list still has one page.
pub(crate) fn page_count(len: usize, page_size: usize) -> usize {
    len.div_ceil(page_size.max(1)).max(1)
}

/// The entries shown on page `n` (1-based).
pub(crate) fn page_slice<T>(items: &[T], n: usize, page_size: usize) -> &[T] {
    let size = page_size.max(1);
    let start = n.saturating_sub(1).saturating_mul(size).min(items.len());
    let end = start.saturating_add(size).min(items.len());
    &items[start..end]
}

/// Every page of the site, in a fixed order (the order of the sitemap),
/// in a list with room for `room` pages (more when it needs more): the
/// length of the last list, and some, when the site changed. A list
/// grown page by page would be copied again and again (150,000 pages at
/// 10,000 organizations), each time into memory not yet touched.
pub(crate) fn collect_pages(site: &Site, room: usize) -> Vec<PageKind> {
    let size = site.config.page_size.max(1);
    let data: Vec<PageKind> = hsds::files(site)
        .into_iter()
        .map(PageKind::Data)
        .chain(json::files().into_iter().map(PageKind::Json))
        .collect();
    let mut pages = Vec::with_capacity(room);
    pages.extend(data.iter().copied().filter(|p| p.is_large()));
    pages.push(PageKind::Home);
    for c in Collection::ALL {
        for n in 1..=page_count(c.len(site), size) {
            pages.push(PageKind::Collection(c, n));
        }
    }
    let owned = |pages: &mut Vec<PageKind>, page: PageKind, owner: Owner| {
        pages.push(page);
        for &list in owner_lists(owner) {
            let len = owner_list(site, owner, list).len();
            if len > size {
                for n in 1..=page_count(len, size) {
                    pages.push(PageKind::SubList(owner, list, n));
                }
            }
        }
    };
    for i in 0..site.organizations.len() {
        owned(
            &mut pages,
            PageKind::Organization(i),
            Owner::Organization(i),
        );
    }
    for i in 0..site.venues.len() {
        owned(&mut pages, PageKind::Venue(i), Owner::Venue(i));
    }
    for i in 0..site.brands.len() {
        owned(&mut pages, PageKind::Brand(i), Owner::Brand(i));
    }
    pages.extend((0..site.services.len()).map(PageKind::Service));
    pages.extend((0..site.news.len()).map(PageKind::Article));
    pages.push(PageKind::TagIndex);
    for (t, tag) in site.rel.tags.iter().enumerate() {
        for n in 1..=page_count(tag.news.len(), size) {
            pages.push(PageKind::Tag(t, n));
        }
    }
    pages.extend((0..site.pages.len()).map(PageKind::Page));
    pages.push(PageKind::TermIndex(TermKind::Category));
    for t in 0..site.config.categories.len() {
        owned(
            &mut pages,
            PageKind::Term(TermKind::Category, t),
            Owner::Category(t),
        );
    }
    pages.push(PageKind::TermIndex(TermKind::Audience));
    for t in 0..site.config.audiences.len() {
        owned(
            &mut pages,
            PageKind::Term(TermKind::Audience, t),
            Owner::Audience(t),
        );
    }
    pages.push(PageKind::AreaIndex);
    for a in 0..site.areas.areas.len() {
        owned(&mut pages, PageKind::Area(a), Owner::Area(a));
    }
    posters::collect(site, &mut pages);
    pages.push(PageKind::Search);
    pages.push(PageKind::NotFound);
    pages.extend(data.into_iter().filter(|p| !p.is_large()));
    pages
}

/// The page that `page` of a plan made before records moved is now (None:
/// its record was removed). Its path is the same: a page's path depends
/// only on ids and the settings. Lists and pages of a list keep their
/// kind (whether they are still there is for the new list to say).
pub(crate) fn moved(page: PageKind, moves: &Moves) -> Option<PageKind> {
    let to = |kind: Kind, i: Idx| moves.get(kind, i);
    Some(match page {
        PageKind::Organization(i) => PageKind::Organization(to(Kind::Organization, i)?),
        PageKind::Venue(i) => PageKind::Venue(to(Kind::Venue, i)?),
        PageKind::Brand(i) => PageKind::Brand(to(Kind::Brand, i)?),
        PageKind::Service(i) => PageKind::Service(to(Kind::Service, i)?),
        PageKind::Article(i) => PageKind::Article(to(Kind::News, i)?),
        PageKind::Page(i) => PageKind::Page(to(Kind::Page, i)?),
        PageKind::SubList(owner, list, n) => {
            let owner = match owner {
                Owner::Organization(i) => Owner::Organization(to(Kind::Organization, i)?),
                Owner::Venue(i) => Owner::Venue(to(Kind::Venue, i)?),
                Owner::Brand(i) => Owner::Brand(to(Kind::Brand, i)?),
                Owner::Category(_) | Owner::Audience(_) | Owner::Area(_) => owner,
            };
            PageKind::SubList(owner, list, n)
        }
        PageKind::Tag(t, n) => PageKind::Tag(to(Kind::Tag, t)?, n),
        PageKind::Poster(of, i) => {
            let kind = match of {
                PosterOf::Venue => Kind::Venue,
                PosterOf::Service => Kind::Service,
                PosterOf::Brand => Kind::Brand,
            };
            PageKind::Poster(of, to(kind, i)?)
        }
        PageKind::Data(DataFile::Service(i)) => {
            PageKind::Data(DataFile::Service(to(Kind::Service, i)?))
        }
        PageKind::Data(DataFile::Organization(i)) => {
            PageKind::Data(DataFile::Organization(to(Kind::Organization, i)?))
        }
        PageKind::Data(
            DataFile::Root
            | DataFile::Profile
            | DataFile::Services(_)
            | DataFile::Organizations(_)
            | DataFile::Taxonomies
            | DataFile::TaxonomyTerms
            | DataFile::DataPackage
            | DataFile::Table(_),
        )
        | PageKind::Home
        | PageKind::Search
        | PageKind::NotFound
        | PageKind::Collection(..)
        | PageKind::TermIndex(_)
        | PageKind::Term(..)
        | PageKind::AreaIndex
        | PageKind::Area(_)
        | PageKind::TagIndex
        | PageKind::PosterIndex
        | PageKind::PosterBatch(..)
        | PageKind::Json(_) => page,
    })
}

/// The page's path relative to the site root (see [`urls`]).
pub(crate) fn rel_url(site: &Site, page: PageKind) -> String {
    match page {
        PageKind::Home => String::new(),
        PageKind::Search => "search/".into(),
        PageKind::NotFound => "404.html".into(),
        PageKind::Organization(i) => urls::organization(site.organizations.id(i)),
        PageKind::Venue(i) => urls::venue(site.venues.id(i)),
        PageKind::Brand(i) => urls::brand(site.brands.id(i)),
        PageKind::Service(i) => urls::service(site.services.id(i)),
        PageKind::Article(i) => urls::news(site.news.id(i)),
        PageKind::Page(i) => urls::page(site.pages.id(i)),
        PageKind::Collection(c, n) => urls::paged(&c.rel(), n),
        PageKind::TermIndex(k) => format!("{}/", k.as_str()),
        PageKind::Term(TermKind::Category, t) => urls::category(&site.config.categories[t].id),
        PageKind::Term(TermKind::Audience, t) => urls::audience(&site.config.audiences[t].id),
        PageKind::AreaIndex => "areas/".into(),
        PageKind::Area(a) => urls::area(&site.areas.areas[a].path),
        PageKind::SubList(owner, list, n) => urls::paged(&sublist_rel(site, owner, list), n),
        PageKind::TagIndex => urls::tags(),
        PageKind::Tag(t, n) => urls::paged(&urls::tag(&site.rel.tags[t].id), n),
        PageKind::Poster(kind, i) => urls::poster(&kind.record_rel(site, i)),
        PageKind::PosterIndex => urls::POSTERS.into(),
        PageKind::PosterBatch(batch, n) => urls::paged(&posters::batch_rel(site, batch), n),
        PageKind::Data(file) => hsds::path(site, file),
        PageKind::Json(file) => json::path(file),
    }
}

/// What [`PageRead::template`](super::PageRead) says of a data file: no
/// theme template has this name, so no theme change re-makes one.
pub(crate) const DATA_TEMPLATE: &str = "(data)";

/// The theme template that draws the page.
pub(crate) fn template(page: PageKind) -> &'static str {
    match page {
        PageKind::Home => "home.html",
        PageKind::Search => "search.html",
        PageKind::NotFound => "404.html",
        PageKind::Organization(_) => "organization.html",
        PageKind::Venue(_) => "venue.html",
        PageKind::Brand(_) => "brand.html",
        PageKind::Service(_) => "service.html",
        PageKind::Article(_) => "article.html",
        PageKind::Page(_) => "page.html",
        PageKind::Collection(Collection::News, _) => "news_list.html",
        PageKind::Collection(..) | PageKind::SubList(..) => "list.html",
        PageKind::TermIndex(_) => "terms.html",
        PageKind::Term(..) => "term.html",
        PageKind::AreaIndex => "areas.html",
        PageKind::Area(_) => "area.html",
        PageKind::Tag(..) => "news_list.html",
        PageKind::TagIndex => "news_tags.html",
        PageKind::Poster(..) => "poster.html",
        PageKind::PosterIndex => "posters.html",
        PageKind::PosterBatch(..) => "poster_batch.html",
        PageKind::Data(_) | PageKind::Json(_) => DATA_TEMPLATE,
    }
}

/// When the page's content was last verified or published, for the
/// sitemap: `YYYY-MM-DD`, or a full timestamp for news.
pub(crate) fn lastmod(site: &Site, page: PageKind) -> Option<String> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    match page {
        PageKind::Organization(i) => date(site.organizations[i].meta.updated),
        PageKind::Venue(i) => date(site.venues[i].meta.updated),
        PageKind::Brand(i) => date(site.brands[i].meta.updated),
        PageKind::Service(i) => date(site.services[i].meta.updated),
        PageKind::Page(i) => date(site.pages[i].meta.updated),
        PageKind::Article(i) => {
            let n = &site.news[i];
            Some(match n.meta.updated {
                Some(d) if d > n.date.date_naive() => d.format("%Y-%m-%d").to_string(),
                _ => n.date.to_rfc3339(),
            })
        }
        _ => None,
    }
}

/// The page as named in error messages: the record file for record pages.
pub(crate) fn describe(site: &Site, page: PageKind) -> String {
    let file = |p: &std::path::Path| t!("page-of-file", file = crate::diagnostics::display_path(p));
    match page {
        PageKind::Organization(i) => file(&site.organizations[i].meta.file),
        PageKind::Venue(i) => file(&site.venues[i].meta.file),
        PageKind::Brand(i) => file(&site.brands[i].meta.file),
        PageKind::Service(i) => file(&site.services[i].meta.file),
        PageKind::Article(i) => file(&site.news[i].meta.file),
        PageKind::Page(i) => file(&site.pages[i].meta.file),
        PageKind::Poster(PosterOf::Venue, i) => file(&site.venues[i].meta.file),
        PageKind::Poster(PosterOf::Service, i) => file(&site.services[i].meta.file),
        PageKind::Poster(PosterOf::Brand, i) => file(&site.brands[i].meta.file),
        PageKind::Area(a) => t!("page-of-area", path = site.areas.areas[a].path),
        PageKind::Data(file) => t!("page-data-file", file = hsds::path(site, file)),
        PageKind::Json(file) => t!("page-data-file", file = json::path(file)),
        other => t!("page-generated", page = format!("{other:?}")),
    }
}

/// Whether the page belongs in the sitemap: not the 404 page, the data
/// files, nor the posters (they repeat their records' pages, for print).
pub(crate) fn in_sitemap(page: PageKind) -> bool {
    !matches!(
        page,
        PageKind::NotFound
            | PageKind::Data(_)
            | PageKind::Json(_)
            | PageKind::Poster(..)
            | PageKind::PosterIndex
            | PageKind::PosterBatch(..)
    )
}
