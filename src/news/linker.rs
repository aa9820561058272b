//! Links the names of directory entries in a story's body to their pages.
//!
//! A [`Linker`] is built once per build from the entries' names (name,
//! short name, aliases) and holds one Aho-Corasick automaton over them, so
//! a story is scanned once whatever the number of names. A full build
//! folds every name ([`NameTable`]) and compiles those the stories may
//! hold ([`NeighbourProbe`]); the others could match nowhere. Each
//! story gets a [`LinkPass`], a [`crate::markdown::EventPass`] that walks the
//! text events of its body and:
//!
//! * prefers the longest name at the leftmost position
//!   (`兰州小草爱心社会工作服务中心` wins over `小草` inside it);
//! * links only the first mention of each entry in the story; later ones
//!   stay plain text;
//! * never links inside headings, links (Markdown or raw `<a>`), images'
//!   alt text, code or raw HTML blocks;
//! * matches Traditional text against Simplified names and the other way
//!   round: both sides are folded character by character with the search
//!   index's [`Folder`] (NFKC, lower case, Traditional → Simplified), so a
//!   match found in the folded text has the same character offsets in the
//!   original;
//! * ignores names shorter than two characters, and names shared by two
//!   entries (linking either would be a guess; `mentions:` names them);
//! * keeps Latin names whole: `DIY` is not found inside `DIYer`.
//!
//! The automaton runs over compact codes of the folded characters rather
//! than UTF-8 (see the `code` module), which makes it about three times
//! faster to build for a large site.
//!
//! A name is found within one run of plain text: a name half inside
//! emphasis (`**兰州小草**爱心…`) is not. Consecutive text events are
//! scanned as one run, so a name split by
//! pulldown-cmark (around a character reference such as `&#x4E4B;`) or by a line break between two
//! Chinese characters (joined before the pass) is still found.

use std::collections::HashSet;
use std::hash::Hash;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use rayon::prelude::*;

use crate::fold::Folder;
use crate::markdown::EventPass;

use super::code::{fold_each, fold_into, fold_one, Alphabet};

/// Names shorter than this (in characters) are never linked: one character
/// is a word in its own right far too often.
pub(crate) const MIN_NAME_CHARS: usize = 2;

/// An entry names can link to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target<K> {
    /// What the caller knows the entry by; reported for every entry found.
    pub key: K,
    /// The link to the entry's page.
    pub href: String,
    /// The entry's full name, shown as the link title when the text differs.
    pub name: String,
}

/// Every linkable name of a site, compiled once.
pub(crate) struct Linker<'f, K> {
    folder: &'f Folder,
    alphabet: Alphabet,
    automaton: Option<AhoCorasick>,
    /// The target of each pattern, by pattern id.
    pattern_target: Vec<usize>,
    targets: Vec<Target<K>>,
}

/// Every name of some entries folded, each with the entry that has it:
/// what a [`Linker`] compiles. Names shared by two entries are left out.
pub(crate) struct NameTable<K> {
    targets: Vec<Target<K>>,
    /// Each name one entry has, folded, in order, and that entry.
    owned: Vec<(String, usize)>,
}

impl<K: Send + Sync> NameTable<K> {
    /// The names of `entries`, each a target and its names, folded (in
    /// parallel: a site has tens of thousands).
    pub(crate) fn new(entries: Vec<(Target<K>, Vec<String>)>, folder: &Folder) -> NameTable<K> {
        let folded: Vec<Vec<String>> = entries
            .par_iter()
            .map(|(_, names)| {
                (names.iter())
                    .map(|name| fold_each(folder, name.trim()))
                    .filter(|folded| folded.chars().count() >= MIN_NAME_CHARS)
                    .collect()
            })
            .collect();
        // Sorted by name, then entry (in parallel), each name's entries
        // are together: a name is owned when they are one.
        let mut all: Vec<(String, usize)> = folded
            .into_iter()
            .enumerate()
            .flat_map(|(t, names)| names.into_iter().map(move |name| (name, t)))
            .collect();
        all.par_sort_unstable();
        all.dedup();
        let mut owned = Vec::with_capacity(all.len());
        let mut all = all.into_iter().peekable();
        while let Some((name, t)) = all.next() {
            let mut shared = false;
            while all.next_if(|(next, _)| *next == name).is_some() {
                shared = true;
            }
            if !shared {
                owned.push((name, t));
            }
        }
        NameTable {
            targets: entries.into_iter().map(|(target, _)| target).collect(),
            owned,
        }
    }

    /// The linker of the names `may_occur` keeps. Leaving out names that
    /// occur in none of the texts to link changes no link: a name that
    /// does not occur matches nowhere, so it takes no match from another.
    pub(crate) fn linker<'f>(
        self,
        folder: &'f Folder,
        may_occur: impl Fn(&str) -> bool + Sync,
    ) -> Linker<'f, K> {
        let (patterns, pattern_target): (Vec<String>, Vec<usize>) = self
            .owned
            .into_par_iter()
            .filter(|(name, _)| may_occur(name))
            .unzip();
        let alphabet = Alphabet::for_names(patterns.iter().map(String::as_str));
        // Building fails only past the automaton's limit on states (far
        // beyond any directory's names); linking is then left off.
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns.iter().map(|p| alphabet.encode_name(p)))
                .ok()
        };
        Linker {
            folder,
            alphabet,
            automaton,
            pattern_target,
            targets: self.targets,
        }
    }
}

impl<'f, K: Copy + Eq + Hash + Send + Sync> Linker<'f, K> {
    /// Compiles the names of `entries`, each a target and its names.
    pub(crate) fn new(
        entries: impl IntoIterator<Item = (Target<K>, Vec<String>)>,
        folder: &'f Folder,
    ) -> Linker<'f, K> {
        NameTable::new(entries.into_iter().collect(), folder).linker(folder, |_| true)
    }
}

impl<'f, K: Copy + Eq + Hash> Linker<'f, K> {
    /// Number of distinct names that can be linked.
    pub(crate) fn len(&self) -> usize {
        self.pattern_target.len()
    }

    /// A pass for one story.
    pub(crate) fn pass(&self) -> LinkPass<'_, 'f, K> {
        LinkPass {
            linker: self,
            linked: HashSet::new(),
            found: Vec::new(),
        }
    }

    /// Appends `text` to `out`, with the first mention of each entry not
    /// yet in `linked` turned into a link.
    fn link_run<'a>(
        &self,
        text: CowStr<'a>,
        linked: &mut HashSet<usize>,
        found: &mut Vec<K>,
        out: &mut Vec<Event<'a>>,
    ) {
        let Some(automaton) = &self.automaton else {
            out.push(Event::Text(text));
            return;
        };
        let (hay, orig) = self.alphabet.encode_text(self.folder, &text);
        let mut done = 0;
        for m in automaton.find_iter(&hay) {
            let t = self.pattern_target[m.pattern().as_usize()];
            let (start, end) = (orig[m.start()], orig[m.end()]);
            if linked.contains(&t) || !whole_word(&text, start, end) {
                continue;
            }
            linked.insert(t);
            let target = &self.targets[t];
            found.push(target.key);
            if start > done {
                out.push(Event::Text(text[done..start].to_string().into()));
            }
            let shown = &text[start..end];
            let title = if shown == target.name {
                CowStr::Borrowed("")
            } else {
                CowStr::from(target.name.clone())
            };
            out.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(target.href.clone()),
                title,
                id: CowStr::Borrowed(""),
            }));
            out.push(Event::Text(shown.to_string().into()));
            out.push(Event::End(TagEnd::Link));
            done = end;
        }
        if done == 0 {
            out.push(Event::Text(text));
        } else if done < text.len() {
            out.push(Event::Text(text[done..].to_string().into()));
        }
    }
}

/// Links names in one story; [`LinkPass::found`] then lists the entries
/// linked, in the order of their first mention.
pub(crate) struct LinkPass<'l, 'f, K> {
    linker: &'l Linker<'f, K>,
    linked: HashSet<usize>,
    found: Vec<K>,
}

impl<K: Copy + Eq + Hash> LinkPass<'_, '_, K> {
    /// The entries linked so far, first mention first.
    #[cfg(test)]
    pub(crate) fn found(&self) -> &[K] {
        &self.found
    }

    pub(crate) fn into_found(self) -> Vec<K> {
        self.found
    }
}

impl<K: Copy + Eq + Hash> EventPass for LinkPass<'_, '_, K> {
    fn apply<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let (linker, linked, found) = (self.linker, &mut self.linked, &mut self.found);
        walk_runs(events, &mut |text, out| {
            linker.link_run(text, linked, found, out)
        })
    }
}

/// Collects the text a [`LinkPass`] would scan for names, folded as the
/// linker folds it: with [`RunProbe::occurring`] it tells which names can
/// be linked in a story, so that a few stories can be linked with a
/// linker of only those names, exactly as with the whole site's.
pub(crate) struct RunProbe<'f> {
    folder: &'f Folder,
    runs: Vec<String>,
}

impl<'f> RunProbe<'f> {
    pub(crate) fn new(folder: &'f Folder) -> Self {
        RunProbe {
            folder,
            runs: Vec::new(),
        }
    }

    /// Every run of [`MIN_NAME_CHARS`] to `longest` characters of the text
    /// seen so far, folded: what names up to that long can match.
    pub(crate) fn occurring(&self, longest: usize) -> Occurring<'f> {
        let mut found = rustc_hash::FxHashSet::default();
        for run in &self.runs {
            let starts: Vec<usize> = run
                .char_indices()
                .map(|(i, _)| i)
                .chain([run.len()])
                .collect();
            for (k, &from) in starts.iter().enumerate() {
                let ends = (longest + 1).saturating_sub(MIN_NAME_CHARS);
                for &to in starts.iter().skip(k + MIN_NAME_CHARS).take(ends) {
                    found.insert(run[from..to].to_string());
                }
            }
        }
        Occurring {
            folder: self.folder,
            found,
            longest,
        }
    }
}

impl EventPass for RunProbe<'_> {
    fn apply<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let (folder, runs) = (self.folder, &mut self.runs);
        walk_runs(events, &mut |text, out| {
            runs.push(fold_each(folder, &text));
            out.push(Event::Text(text));
        })
    }
}

/// Which folded characters stand next to each other in some stories'
/// linkable text, as a [`LinkPass`] would scan it, two and three at a
/// time: a name with two or three neighbours that never do occurs in none
/// of the stories ([`NameTable::linker`]). A whole site's linker is then
/// made of the names its stories may hold, not of all the directory's.
pub(crate) struct NeighbourProbe<'f> {
    folder: &'f Folder,
    /// Pairs and triples of characters, each as one number ([`pair`],
    /// [`triple`]).
    seen: rustc_hash::FxHashSet<u64>,
}

/// Two characters as one number; a triple's never equals it (bit 63).
fn pair(a: char, b: char) -> u64 {
    1 << 63 | u64::from(a) << 21 | u64::from(b)
}

/// Three characters (21 bits each) as one number.
fn triple(a: char, b: char, c: char) -> u64 {
    u64::from(a) << 42 | u64::from(b) << 21 | u64::from(c)
}

impl<'f> NeighbourProbe<'f> {
    pub(crate) fn new(folder: &'f Folder) -> Self {
        NeighbourProbe {
            folder,
            seen: Default::default(),
        }
    }

    /// What two probes saw.
    pub(crate) fn merge(mut self, other: NeighbourProbe<'f>) -> Self {
        if self.seen.len() < other.seen.len() {
            return other.merge(self);
        }
        self.seen.extend(other.seen);
        self
    }

    /// Whether the folded name may occur in the text seen: each three
    /// neighbouring characters of it stand together somewhere in it (for
    /// a name of two, the two).
    pub(crate) fn may_hold(&self, folded: &str) -> bool {
        let chars: Vec<char> = folded.chars().collect();
        match chars.as_slice() {
            [a, b] => self.seen.contains(&pair(*a, *b)),
            _ => chars
                .windows(3)
                .all(|w| self.seen.contains(&triple(w[0], w[1], w[2]))),
        }
    }
}

impl EventPass for NeighbourProbe<'_> {
    fn apply<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let (folder, seen) = (self.folder, &mut self.seen);
        walk_runs(events, &mut |text, out| {
            let (mut a, mut b) = (None, None);
            for c in text.chars() {
                let c = fold_one(folder, c);
                if let Some(b) = b {
                    seen.insert(pair(b, c));
                    if let Some(a) = a {
                        seen.insert(triple(a, b, c));
                    }
                }
                (a, b) = (b, Some(c));
            }
            out.push(Event::Text(text));
        })
    }
}

/// Every run of characters of some stories' linkable text
/// ([`RunProbe::occurring`]).
pub(crate) struct Occurring<'f> {
    folder: &'f Folder,
    found: rustc_hash::FxHashSet<String>,
    longest: usize,
}

thread_local! {
    /// A folded name, in one buffer: every name of the directory is folded
    /// when its entries are looked up.
    static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Folds the trimmed name into the buffer and hands it to `f`.
fn with_folded<T>(folder: &Folder, name: &str, f: impl FnOnce(&str) -> T) -> T {
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        fold_into(folder, name, folded);
        f(folded)
    })
}

fn key_of(folded: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(folded)
}

/// A number for the name, trimmed and folded: the key of every run
/// [`Occurring::holds`] finds it in is the same ([`Occurring::keys`]).
pub(crate) fn name_key(folder: &Folder, name: &str) -> u64 {
    with_folded(folder, name.trim(), key_of)
}

impl Occurring<'_> {
    /// Whether the name, folded, is one of the runs (a name longer than
    /// the runs were cut to is never found).
    pub(crate) fn holds(&self, name: &str) -> bool {
        let name = name.trim();
        let chars = name.chars().count();
        (MIN_NAME_CHARS..=self.longest).contains(&chars)
            && with_folded(self.folder, name, |folded| self.found.contains(folded))
    }

    /// The [`name_key`] of each run: every name the runs hold has its key
    /// among them.
    pub(crate) fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.found.iter().map(|run| key_of(run))
    }
}

/// Walks a story's events, handing each run of linkable text (consecutive
/// text events outside headings, links, images, code and raw HTML links)
/// to `on_run`, which pushes what stands for it.
fn walk_runs<'a>(
    events: Vec<Event<'a>>,
    on_run: &mut dyn FnMut(CowStr<'a>, &mut Vec<Event<'a>>),
) -> Vec<Event<'a>> {
    {
        let mut out = Vec::with_capacity(events.len() + 16);
        // Depth inside headings, links, images and code or HTML blocks.
        let mut skip = 0usize;
        // Depth inside `<a>` written as raw inline HTML.
        let mut raw_links = 0usize;
        let mut run: Option<CowStr<'a>> = None;
        for event in events {
            if let Event::Text(t) = event {
                if skip == 0 && raw_links == 0 {
                    run = Some(match run.take() {
                        None => t,
                        Some(prev) => CowStr::from(format!("{prev}{t}")),
                    });
                } else {
                    out.push(Event::Text(t));
                }
                continue;
            }
            if let Some(text) = run.take() {
                on_run(text, &mut out);
            }
            match &event {
                Event::Start(tag) if is_no_link_zone(tag) => skip += 1,
                Event::End(tag) if is_no_link_zone_end(*tag) => skip = skip.saturating_sub(1),
                Event::InlineHtml(html) | Event::Html(html) => match raw_anchor(html) {
                    Some(true) => raw_links += 1,
                    Some(false) => raw_links = raw_links.saturating_sub(1),
                    None => {}
                },
                _ => {}
            }
            out.push(event);
        }
        if let Some(text) = run.take() {
            on_run(text, &mut out);
        }
        out
    }
}

fn is_no_link_zone(tag: &Tag) -> bool {
    is_no_link_zone_end(tag.to_end())
}

fn is_no_link_zone_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Heading(_)
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
    )
}

/// `Some(true)` for a raw `<a …>`, `Some(false)` for `</a>`.
fn raw_anchor(html: &str) -> Option<bool> {
    let lower = html.trim_start().to_ascii_lowercase();
    let is_tag = |rest: &str| rest.starts_with(|c: char| c == '>' || c.is_ascii_whitespace());
    if let Some(rest) = lower.strip_prefix("</a") {
        is_tag(rest).then_some(false)
    } else if let Some(rest) = lower.strip_prefix("<a") {
        is_tag(rest).then_some(true)
    } else {
        None
    }
}

/// A Latin name must not start or end inside a word.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !(alnum(first) && alnum(before) || alnum(last) && alnum(after))
}

#[cfg(test)]
mod tests;
