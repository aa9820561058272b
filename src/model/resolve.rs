//! Looking ids up, with a "did you mean" for near misses.
//!
//! Editors mistype ids (`xiaocoa`), or write a record's Chinese name where its
//! id belongs (`小草`). [`IdIndex`] answers both: an exact id lookup, and the
//! best suggestion from similar ids or from names and aliases.

use crate::i18n::Msg;
use std::collections::HashMap;

/// Ids of one collection (or areas by path), with names for suggestions.
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    ids: HashMap<String, usize>,
    /// Ids of records whose files could not be read: they exist, and the
    /// file's own error says what is wrong.
    broken: std::collections::HashSet<String>,
    /// (id, lower-cased names and aliases) in index order.
    entries: Vec<(String, Vec<String>)>,
}

impl IdIndex {
    pub(crate) fn new<'a>(items: impl IntoIterator<Item = (&'a str, Vec<String>)>) -> Self {
        let mut index = IdIndex::default();
        for (i, (id, names)) in items.into_iter().enumerate() {
            index.ids.entry(id.to_string()).or_insert(i);
            index.entries.push((id.to_string(), names));
        }
        index
    }

    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
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
}
