//! The plan: every page of a site and its path, made whole for a build
//! ([`Plan::new`]) or again from the one before after records moved
//! ([`Plan::update`]).

use anyhow::bail;

use crate::model::renumber::Moves;
use crate::model::Site;

use super::pages::{self, PageKind};

/// Every page of a site and its path (see [`pages::rel_url`]), checked
/// for two pages at one address.
pub(crate) struct Plan {
    pub pages: Vec<PageKind>,
    pub paths: Vec<String>,
}

/// A plan made again from the one before ([`Plan::update`]).
pub(crate) struct Replan {
    pub plan: Plan,
    /// For each page of the new plan, its index in the old one (None: a
    /// page that is new).
    pub from: Vec<Option<usize>>,
    /// The paths of the old plan no longer in it.
    pub gone: Vec<String>,
}

/// The room for pages more than the last plan had that a plan made
/// again starts with, and keeps.
const ROOM: usize = 64;

/// Past this many paths to look up, a hash set beats scanning the plan.
const SCAN: usize = 32;

/// A page's path in a block of its length (`format!` leaves room for
/// twice its text), as the plan keeps it until the site changes.
fn path(site: &Site, page: PageKind) -> String {
    crate::exact::string(pages::rel_url(site, page))
}

impl Plan {
    pub(crate) fn new(site: &Site) -> anyhow::Result<Plan> {
        // Kept until the site changes: without the room it grew into.
        let pages = crate::exact::exact(pages::collect_pages(site, 0));
        let paths: Vec<String> = pages.iter().map(|&p| path(site, p)).collect();
        check_unique(site, &pages, &paths)?;
        Ok(Plan { pages, paths })
    }

    /// The plan of `site` after its records went where `moves` says: the
    /// page list is made again, and a page of the old plan that is still
    /// there (its kind, numbered anew, is in the new list) keeps its path,
    /// which depends only on ids and the settings. Only new pages' paths
    /// are made, and only they are checked against the others: at 10,000
    /// organizations that is a handful of paths instead of 300,000.
    pub(crate) fn update(self, site: &Site, moves: &Moves) -> anyhow::Result<Replan> {
        let kinds = pages::collect_pages(site, self.pages.len() + ROOM);
        let Plan {
            pages: old_kinds,
            paths: mut old_paths,
        } = self;
        let from = matches(&old_kinds, &kinds, moves);
        drop(old_kinds);
        let mut taken = vec![false; old_paths.len()];
        let mut fresh = Vec::new();
        let mut paths = Vec::with_capacity(kinds.len());
        for (j, (&page, &i)) in kinds.iter().zip(&from).enumerate() {
            match i {
                Some(i) => {
                    taken[i] = true;
                    paths.push(std::mem::take(&mut old_paths[i]));
                }
                None => {
                    fresh.push(j);
                    paths.push(path(site, page));
                }
            }
        }
        let plan = Plan {
            // A few pages of spare room (the room given, and the pages a
            // delete took away) are not worth a copy.
            pages: match kinds.capacity() - kinds.len() <= 2 * ROOM {
                true => kinds,
                false => crate::exact::exact(kinds),
            },
            paths,
        };
        // A new page's path may be one an old page of another kind had:
        // that file stays.
        let left: Vec<String> = old_paths
            .into_iter()
            .zip(taken)
            .filter(|(_, taken)| !taken)
            .map(|(path, _)| path)
            .collect();
        let kept = plan.holds(left.iter().map(String::as_str));
        let gone = left
            .into_iter()
            .zip(kept)
            .filter(|(_, kept)| !kept)
            .map(|(path, _)| path)
            .collect();
        // Old pages had one path each; a new one may take another's.
        let twice = plan.holds_twice(&fresh);
        if twice {
            check_unique(site, &plan.pages, &plan.paths)?;
        }
        // Every test that edits a site checks the plan made again against
        // one made whole (a clash is for the check above to find).
        #[cfg(debug_assertions)]
        if let Ok(whole) = crate::model::track::unnoted(|| Plan::new(site)) {
            assert!(
                whole.pages == plan.pages && whole.paths == plan.paths,
                "a plan made again differs from one made whole"
            );
        }
        Ok(Replan { plan, from, gone })
    }

    /// A plan of no pages (a place holder while a plan is made again).
    pub(crate) fn empty() -> Plan {
        Plan {
            pages: Vec::new(),
            paths: Vec::new(),
        }
    }

    /// The HTML pages of the plan (not the data files).
    pub(crate) fn html_pages(&self) -> usize {
        self.pages.iter().filter(|p| p.is_html()).count()
    }

    /// Whether each of `wanted` is a path of the plan.
    fn holds<'a>(&self, wanted: impl ExactSizeIterator<Item = &'a str>) -> Vec<bool> {
        if wanted.len() == 0 {
            // Most edits leave no page: no walk over the plan for nothing.
            return Vec::new();
        }
        if wanted.len() <= SCAN {
            let wanted: Vec<&str> = wanted.collect();
            let mut found = vec![false; wanted.len()];
            for path in &self.paths {
                for (w, f) in wanted.iter().zip(found.iter_mut()) {
                    *f |= path == w;
                }
            }
            return found;
        }
        let all: rustc_hash::FxHashSet<&str> = self.paths.iter().map(String::as_str).collect();
        wanted.map(|w| all.contains(w)).collect()
    }

    /// Whether a path of one of the pages `fresh` (indices) is another
    /// page's path too.
    fn holds_twice(&self, fresh: &[usize]) -> bool {
        if fresh.is_empty() {
            return false;
        }
        if fresh.len() > SCAN {
            return true;
        }
        self.paths.iter().enumerate().any(|(i, path)| {
            fresh
                .iter()
                .any(|&j| j != i && self.paths[j].len() == path.len() && self.paths[j] == *path)
        })
    }
}

/// How far ahead [`matches()`] looks for a page when the plans part.
const AHEAD: usize = 16;

/// For each page of `new`, its index in `old` (a plan made before records
/// went where `moves` says), if it was there. Both lists come in the same
/// order, so they are walked side by side; where they part (pages added
/// or gone, a few places ahead), the walk looks a little ahead on each
/// side, and what it cannot pair that way is paired by kind through a
/// hash map (a list reordered, as news when a date changes). A lookup per
/// page of a plan of 300,000 costs more than the walk: cache misses.
fn matches(old: &[PageKind], new: &[PageKind], moves: &Moves) -> Vec<Option<usize>> {
    let moved = |i: usize| pages::moved(old[i], moves);
    let mut from = vec![None; new.len()];
    let (mut rest_old, mut rest_new) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        let Some(page) = moved(i) else {
            i += 1;
            continue;
        };
        if page == new[j] {
            from[j] = Some(i);
            (i, j) = (i + 1, j + 1);
            continue;
        }
        let ahead = &new[j + 1..new.len().min(j + 1 + AHEAD)];
        if let Some(k) = ahead.iter().position(|&p| p == page) {
            // Pages new before it.
            rest_new.extend(j..=j + k);
            j += k + 1;
            continue;
        }
        let end = old.len().min(i + 1 + AHEAD);
        if let Some(k) = (i + 1..end).position(|o| moved(o) == Some(new[j])) {
            // Pages gone before it.
            rest_old.extend(i..=i + k);
            i += k + 1;
            continue;
        }
        rest_old.push(i);
        rest_new.push(j);
        (i, j) = (i + 1, j + 1);
    }
    rest_old.extend(i..old.len());
    rest_new.extend(j..new.len());
    if !rest_old.is_empty() && !rest_new.is_empty() {
        let at: rustc_hash::FxHashMap<PageKind, usize> = rest_old
            .into_iter()
            .filter_map(|i| Some((moved(i)?, i)))
            .collect();
        for j in rest_new {
            from[j] = at.get(&new[j]).copied();
        }
    }
    from
}

fn check_unique(site: &Site, all: &[PageKind], paths: &[String]) -> anyhow::Result<()> {
    let mut seen: rustc_hash::FxHashMap<&str, PageKind> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(paths.len(), Default::default());
    for (&page, path) in all.iter().zip(paths) {
        if let Some(other) = seen.insert(path.as_str(), page) {
            bail!(t!(
                "same-page-path",
                path = path,
                first = pages::describe(site, other),
                second = pages::describe(site, page)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::track::Kind;

    fn ids(prefix: &str, n: impl IntoIterator<Item = usize>) -> Vec<String> {
        n.into_iter().map(|i| format!("{prefix}{i:04}")).collect()
    }

    /// A plan of some of its sections: the home page, organizations with
    /// their HSDS files, news, the search page.
    fn plan(orgs: usize, news: usize) -> Vec<PageKind> {
        let mut pages = vec![PageKind::Home];
        pages.extend((0..orgs).map(PageKind::Organization));
        pages.extend((0..news).map(PageKind::Article));
        pages.push(PageKind::Search);
        pages.extend((0..orgs).map(|i| PageKind::Data(crate::hsds::DataFile::Organization(i))));
        pages
    }

    /// What `matches` must find, by trying every pair.
    fn oracle(old: &[PageKind], new: &[PageKind], moves: &Moves) -> Vec<Option<usize>> {
        new.iter()
            .map(|&p| (0..old.len()).find(|&i| pages::moved(old[i], moves) == Some(p)))
            .collect()
    }

    fn check(old_orgs: &[String], new_orgs: &[String], old_news: &[String], new_news: &[String]) {
        let mut moves = Moves::default();
        moves.set(
            Kind::Organization,
            old_orgs.iter().map(String::as_str),
            new_orgs.iter().map(String::as_str),
        );
        moves.set(
            Kind::News,
            old_news.iter().map(String::as_str),
            new_news.iter().map(String::as_str),
        );
        let old = plan(old_orgs.len(), old_news.len());
        let new = plan(new_orgs.len(), new_news.len());
        let found = matches(&old, &new, &moves);
        assert_eq!(found, oracle(&old, &new, &moves));
        // Every page that stays is found, none twice.
        let mut seen = std::collections::BTreeSet::new();
        assert!(found.iter().flatten().all(|&i| seen.insert(i)));
    }

    #[test]
    fn paths_are_looked_up_by_scanning_or_hashing_alike() {
        let paths: Vec<String> = (0..100).map(|i| format!("p/{i}/")).collect();
        let plan = Plan {
            pages: (0..100).map(PageKind::Page).collect(),
            paths,
        };
        for n in [0, 3, SCAN, SCAN + 1, 80] {
            let wanted: Vec<String> = (0..n).map(|i| format!("p/{}/", i * 3)).collect();
            let found = plan.holds(wanted.iter().map(String::as_str));
            let expected: Vec<bool> = (0..n).map(|i| i * 3 < 100).collect();
            assert_eq!(found, expected, "{n} paths");
        }
        assert!(!plan.holds_twice(&[]));
        assert!(!plan.holds_twice(&[5, 7]));
        let mut twice = plan;
        twice.paths[9] = "p/5/".into();
        assert!(twice.holds_twice(&[9]));
        assert!(twice.holds_twice(&[5]));
        assert!(!twice.holds_twice(&[7]));
    }

    #[test]
    fn pages_are_paired_across_adds_removals_and_reorders() {
        let orgs = ids("o", (0..200).map(|i| i * 10));
        let news = ids("n", 0..30);
        // Nothing moved.
        check(&orgs, &orgs, &news, &news);
        // One added, at the start, the middle and the end.
        for at in [0, 5, 1995, 9999] {
            let mut more = orgs.clone();
            more.push(format!("o{at:04}"));
            more.sort();
            more.dedup();
            check(&orgs, &more, &news, &news);
            check(&more, &orgs, &news, &news);
        }
        // A run longer than the walk looks ahead, added and removed.
        let mut run = orgs.clone();
        run.extend(ids("o", 1001..1040));
        run.sort();
        check(&orgs, &run, &news, &news);
        check(&run, &orgs, &news, &news);
        // A rename: one gone, another come, elsewhere.
        let mut renamed: Vec<String> = orgs.iter().filter(|o| *o != "o0100").cloned().collect();
        renamed.push("o1234".into());
        renamed.sort();
        check(&orgs, &renamed, &news, &news);
        // The news in another order (a date changed), and reversed.
        let mut swapped = news.clone();
        swapped.swap(3, 20);
        check(&orgs, &orgs, &news, &swapped);
        let reversed: Vec<String> = news.iter().rev().cloned().collect();
        check(&orgs, &renamed, &news, &reversed);
        // Everything gone, and everything new.
        check(&orgs, &[], &news, &[]);
        check(&[], &orgs, &[], &news);
    }
}
