//! Whether a page is a page of the site, without making the page list:
//! an in-place rebuild finds an open page in the last page list, moves
//! it with its record, and asks here whether it is still a page, so that
//! it can be made before the new page list (`serve` reloads it sooner).
//!
//! Each answer says what [`super::pages::collect_pages`] would list; the
//! tests below hold the two together, page kind by page kind.

use crate::model::Site;

use super::pages::{owner_list, owner_lists, page_count, Owner, PageKind, TermKind};
use super::posters::{self, Batch};

/// Whether `page` is among the pages of `site`; None for a data file
/// (whose list depends on more than the records' numbers).
pub(crate) fn exists(site: &Site, page: PageKind) -> Option<bool> {
    let size = site.config.page_size.max(1);
    let within = |n: usize, len: usize| (1..=page_count(len, size)).contains(&n);
    Some(match page {
        PageKind::Home
        | PageKind::Search
        | PageKind::NotFound
        | PageKind::TermIndex(_)
        | PageKind::AreaIndex
        | PageKind::TagIndex
        | PageKind::PosterIndex => true,
        PageKind::Organization(i) => i < site.organizations.len(),
        PageKind::Venue(i) => i < site.venues.len(),
        PageKind::Brand(i) => i < site.brands.len(),
        PageKind::Service(i) => i < site.services.len(),
        PageKind::Article(i) => i < site.news.len(),
        PageKind::Page(i) => i < site.pages.len(),
        PageKind::Collection(c, n) => within(n, c.len(site)),
        PageKind::Term(kind, t) => t < terms(site, kind),
        PageKind::Area(a) => a < site.areas.areas.len(),
        PageKind::SubList(owner, list, n) => {
            owner_exists(site, owner) && owner_lists(owner).contains(&list) && {
                let len = owner_list(site, owner, list).len();
                len > size && within(n, len)
            }
        }
        PageKind::Tag(t, n) => site
            .rel
            .tags
            .untracked()
            .get(t)
            .is_some_and(|tag| within(n, tag.news.len())),
        PageKind::Poster(of, i) => i < of.collection().len(site),
        PageKind::PosterBatch(batch, n) => {
            let batch_exists = match batch {
                Batch::Area(a) => a < site.areas.areas.len(),
                Batch::Kind(_) => true,
            };
            batch_exists && {
                let len = posters::batch_len(site, batch);
                len > 0 && (1..=page_count(len, posters::batch_size(site))).contains(&n)
            }
        }
        PageKind::Data(_) | PageKind::Json(_) => return None,
    })
}

fn terms(site: &Site, kind: TermKind) -> usize {
    match kind {
        TermKind::Category => site.config.categories.len(),
        TermKind::Audience => site.config.audiences.len(),
    }
}

fn owner_exists(site: &Site, owner: Owner) -> bool {
    match owner {
        Owner::Organization(i) => i < site.organizations.len(),
        Owner::Venue(i) => i < site.venues.len(),
        Owner::Brand(i) => i < site.brands.len(),
        Owner::Category(t) => t < terms(site, TermKind::Category),
        Owner::Audience(t) => t < terms(site, TermKind::Audience),
        Owner::Area(a) => a < site.areas.areas.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{collect_pages, Collection, ListKind};
    use super::super::posters::PosterOf;
    use super::*;

    /// The pages next to `page`: one more of its list, one more record.
    fn neighbours(page: PageKind) -> Vec<PageKind> {
        use PageKind as P;
        match page {
            P::Organization(i) => vec![P::Organization(i + 1)],
            P::Venue(i) => vec![P::Venue(i + 1)],
            P::Brand(i) => vec![P::Brand(i + 1)],
            P::Service(i) => vec![P::Service(i + 1)],
            P::Article(i) => vec![P::Article(i + 1)],
            P::Page(i) => vec![P::Page(i + 1)],
            P::Collection(c, n) => vec![P::Collection(c, n + 1), P::Collection(c, 0)],
            P::Term(k, t) => vec![P::Term(k, t + 1)],
            P::Area(a) => vec![P::Area(a + 1)],
            P::SubList(owner, list, n) => vec![
                P::SubList(owner, list, n + 1),
                P::SubList(owner, list, 0),
                P::SubList(owner, ListKind::Members, 1),
            ],
            P::Tag(t, n) => vec![P::Tag(t, n + 1), P::Tag(t + 1, 1)],
            P::Poster(of, i) => vec![P::Poster(of, i + 1)],
            P::PosterBatch(b, n) => vec![P::PosterBatch(b, n + 1), P::PosterBatch(b, 0)],
            _ => vec![],
        }
    }

    /// Every page of the list exists, and each page next to one exists
    /// exactly when the list holds it.
    fn agrees(site: &Site) {
        let pages = collect_pages(site, 0);
        let listed: std::collections::HashSet<PageKind> = pages.iter().copied().collect();
        let mut looked = 0;
        for &page in &pages {
            for p in std::iter::once(page).chain(neighbours(page)) {
                if let Some(found) = exists(site, p) {
                    assert_eq!(found, listed.contains(&p), "{p:?}");
                    looked += 1;
                }
            }
        }
        // Lists of every owner, at every page size.
        for owner in (0..site.organizations.len())
            .map(Owner::Organization)
            .chain((0..site.areas.areas.len()).map(Owner::Area))
            .chain((0..site.config.categories.len()).map(Owner::Category))
        {
            for &list in owner_lists(owner) {
                for n in 0..4 {
                    let p = PageKind::SubList(owner, list, n);
                    assert_eq!(exists(site, p), Some(listed.contains(&p)), "{p:?}");
                }
            }
        }
        for batch in [
            Batch::Kind(PosterOf::Venue),
            Batch::Area(0),
            Batch::Area(9999),
        ] {
            for n in 0..4 {
                let p = PageKind::PosterBatch(batch, n);
                assert_eq!(exists(site, p), Some(listed.contains(&p)), "{p:?}");
            }
        }
        assert!(
            looked > pages.len(),
            "the pages and their neighbours were looked at"
        );
        assert_eq!(
            exists(site, PageKind::Collection(Collection::Organizations, 1)),
            Some(true)
        );
    }

    #[test]
    fn a_page_exists_exactly_when_the_page_list_holds_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::load_site(&crate::load::SiteDirs::new(root), None);
        let mut site = loaded.site.expect("the bundled site loads");
        // Short pages, so that lists run over several.
        for size in [1, 2, 3, 20] {
            site.config.page_size = size;
            agrees(&site);
        }
    }
}
