//! Looking ids up, with a "did you mean" for near misses.
//!
//! Editors mistype ids (`xiaocoa`), or write a record's Chinese name where its
//! id belongs (`小草`). [`IdIndex`] answers both: an exact id lookup, and the
//! best suggestion from similar ids or from names and aliases.

use crate::i18n::Msg;
use rustc_hash::FxHashMap;

/// Ids of one collection (or areas by path), with names for suggestions.
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    /// Where each id is; None when the entries are sorted by id and are
    /// searched instead ([`IdIndex::sorted`]).
    ids: Option<FxHashMap<String, usize>>,
    /// Ids of records whose files could not be read: they exist, and the
    /// file's own error says what is wrong.
    broken: std::collections::HashSet<String>,
    /// (id, lower-cased names and aliases) in index order.
    entries: Vec<(String, Vec<String>)>,
}

impl IdIndex {
    pub(crate) fn new<'a>(items: impl IntoIterator<Item = (&'a str, Vec<String>)>) -> Self {
        let items = items.into_iter();
        let mut index = IdIndex::default();
        let mut ids = FxHashMap::default();
        ids.reserve(items.size_hint().0);
        index.entries.reserve(items.size_hint().0);
        for (i, (id, names)) in items.enumerate() {
            ids.entry(id.to_string()).or_insert(i);
            index.entries.push((id.to_string(), names));
        }
        index.ids = Some(ids);
        index
    }

    /// The index of `ids`, sorted and each once, without names: each id
    /// is kept once, and found by a binary search. A collection sorted by
    /// id is indexed so each time records come or go; hashing each of
    /// ten thousand ids again took longer than the rest of an add.
    pub(crate) fn sorted(ids: Vec<String>) -> Self {
        debug_assert!(
            ids.is_sorted_by(|a, b| a < b),
            "the ids are sorted, each once"
        );
        IdIndex {
            ids: None,
            broken: Default::default(),
            entries: ids.into_iter().map(|id| (id, Vec::new())).collect(),
        }
    }

    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        match &self.ids {
            Some(ids) => ids.get(id).copied(),
            None => self
                .entries
                .binary_search_by(|(e, _)| e.as_str().cmp(id))
                .ok(),
        }
    }

    /// The index, knowing these ids as records that could not be read.
    pub(crate) fn with_broken(mut self, ids: &[String]) -> Self {
        self.broken.extend(ids.iter().cloned());
        self
    }

    /// Whether `id` is a record whose file could not be read.
    pub(crate) fn is_broken(&self, id: &str) -> bool {
        self.broken.contains(id)
    }

    /// The id the editor most likely meant, if any is close enough.
    pub(crate) fn suggest(&self, wrong: &str) -> Option<&str> {
        let wrong_trim = wrong.trim();
        // A name or alias written instead of the id.
        if let Some((id, _)) = self
            .entries
            .iter()
            .find(|(_, names)| names.iter().any(|n| n == wrong_trim))
        {
            return Some(id);
        }
        // The last segment of an area path written alone (`shanzishi`).
        if !wrong_trim.contains('/') {
            let suffix = format!("/{wrong_trim}");
            if let Some((id, _)) = self.entries.iter().find(|(id, _)| id.ends_with(&suffix)) {
                return Some(id);
            }
        }
        self.entries
            .iter()
            .map(|(id, _)| (strsim::jaro_winkler(wrong_trim, id), id))
            .filter(|(score, _)| *score >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, id)| id.as_str())
    }
}

/// `message` with "did you mean `x`?" for its help, or its own help.
pub(super) fn did_you_mean(suggestion: Option<&str>, message: Msg) -> Msg {
    match suggestion {
        Some(s) => message.with_help(t!("did-you-mean", id = s)),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> IdIndex {
        IdIndex::new([
            (
                "xiaocao",
                vec!["兰州小草爱心社会工作服务中心".into(), "小草".into()],
            ),
            ("shechuang", vec!["兰州社创社会服务中心".into()]),
            ("chengguan/zhangyelu/shanzishi", vec![]),
        ])
    }

    #[test]
    fn suggests_typos_names_and_area_leaves() {
        let i = index();
        assert_eq!(i.get("xiaocao"), Some(0));
        assert_eq!(i.suggest("xiaocoa"), Some("xiaocao"));
        assert_eq!(i.suggest("小草"), Some("xiaocao"));
        assert_eq!(
            i.suggest("shanzishi"),
            Some("chengguan/zhangyelu/shanzishi")
        );
        assert_eq!(i.suggest("qqqqqq"), None);
    }

    #[test]
    fn sorted_ids_are_found_where_they_are() {
        let ids = ["alpha", "beta", "delta", "gamma"];
        let i = IdIndex::sorted(ids.iter().map(|id| id.to_string()).collect());
        for (at, id) in ids.iter().enumerate() {
            assert_eq!(i.get(id), Some(at));
        }
        assert_eq!(i.get("charlie"), None);
        assert_eq!(i.get(""), None);
        assert_eq!(i.get("zeta"), None);
        assert_eq!(i.suggest("gamam"), Some("gamma"));
        assert!(!i.is_broken("beta"));
    }
}
