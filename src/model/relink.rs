//! Which stories to read again when directory entries change: those whose
//! text holds a name, short name or alias an entry gains, changes or
//! loses, so that their links (made by the news linker, see
//! [`super::mentions`]) follow. Called by the engine before
//! [`super::update::apply_changes`], which converts those stories with the
//! rest of the change.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::content::AnyRecord;

use super::check::{names_of, Named};
use super::track::HasId;
use super::Site;

/// The folded plain text of each story, by file, kept between edits so
/// that a change of names does not render every story again. The caller
/// forgets the stories it reads again or that are gone.
#[derive(Default)]
pub(crate) struct StoryTexts(HashMap<PathBuf, String>);

impl StoryTexts {
    pub(crate) fn forget(&mut self, file: &Path) {
        self.0.remove(file);
    }
}

/// The stories (their files) to read again with the records read again
/// and the files gone: those whose text holds a name, short name or alias
/// that a changed, added or removed directory entry has or had, so their
/// links follow.
pub(crate) fn relink(
    site: &Site,
    records: &[&AnyRecord],
    gone: &[PathBuf],
    texts: &mut StoryTexts,
) -> Vec<PathBuf> {
    if site.news.untracked().is_empty() {
        return Vec::new();
    }
    let removed: HashSet<&PathBuf> = gone.iter().collect();
    let mut names: BTreeSet<String> = BTreeSet::new();
    for f in gone {
        names.extend(names_at(site, f).into_iter().flatten());
    }
    for r in records {
        let (file, new) = raw_names(r);
        let before = names_at(site, file);
        if before != new {
            names.extend(before.into_iter().flatten());
            names.extend(new.into_iter().flatten());
        }
    }
    let folder = crate::news::folder();
    let names: Vec<String> = names
        .iter()
        .map(|n| crate::news::fold_each(folder, n.trim()))
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    // One pass over each story for all the names (a story's text is a few
    // kilobytes, and the stories of a large site megabytes).
    let stories = || {
        site.news
            .untracked()
            .iter()
            .filter(|n| !removed.contains(&n.meta.file))
    };
    // (Too many names for one automaton: every story is read again.)
    let Ok(any_name) = aho_corasick::AhoCorasick::new(&names) else {
        return stories().map(|n| n.meta.file.clone()).collect();
    };
    stories()
        .filter(|n| {
            let text = match texts.0.entry(n.meta.file.clone()) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => match n.meta.body.plain() {
                    Ok(plain) => e.insert(crate::news::fold_each(folder, &plain)),
                    // A story whose text cannot be read again is read anew.
                    Err(_) => return true,
                },
            };
            any_name.is_match(text.as_str())
        })
        .map(|n| n.meta.file.clone())
        .collect()
}

/// The names a directory entry read again has (None for stories, pages).
fn raw_names(r: &AnyRecord) -> (&PathBuf, Option<Vec<String>>) {
    match r {
        AnyRecord::Organization(r) => (
            &r.file,
            Some(names_of(
                r.raw.name.as_ref(),
                r.raw.short_name.as_ref(),
                &r.raw.aliases,
            )),
        ),
        AnyRecord::Venue(r) => (
            &r.file,
            Some(names_of(r.raw.name.as_ref(), None, &r.raw.aliases)),
        ),
        AnyRecord::Brand(r) => (
            &r.file,
            Some(names_of(
                r.raw.name.as_ref(),
                r.raw.short_name.as_ref(),
                &r.raw.aliases,
            )),
        ),
        AnyRecord::Service(r) => (
            &r.file,
            Some(names_of(r.raw.name.as_ref(), None, &r.raw.aliases)),
        ),
        AnyRecord::News(r) => (&r.file, None),
        AnyRecord::Page(r) => (&r.file, None),
    }
}

/// The names of the directory entry from `file` in the site, if any.
fn names_at(site: &Site, file: &Path) -> Option<Vec<String>> {
    fn find<T: Named + HasId>(
        records: &[T],
        file: &Path,
        file_of: fn(&T) -> &PathBuf,
    ) -> Option<Vec<String>> {
        super::position_of_file(records, file, file_of).map(|i| records[i].names())
    }
    find(site.organizations.untracked(), file, |r| &r.meta.file)
        .or_else(|| find(site.venues.untracked(), file, |r| &r.meta.file))
        .or_else(|| find(site.brands.untracked(), file, |r| &r.meta.file))
        .or_else(|| find(site.services.untracked(), file, |r| &r.meta.file))
}
