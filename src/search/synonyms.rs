//! Synonyms from `site.yaml` (`synonyms: { 带娃: [亲子, 托管] }`), folded
//! like everything else and shipped to the browser, which expands queries
//! with them: people search in their own words (带娃, 解压) while records use
//! the directory's (亲子, 心理).
//!
//! Expansion happens at query time, not in the index, so editing the list
//! never changes postings. `expand` (in the tests) is the reference for the browser: the
//! longest key contained in the query is replaced by each of its values in
//! turn, and every resulting query is searched (results are merged, the
//! original query's first). One key per query keeps the fan-out bounded.

use std::collections::BTreeMap;

use crate::fold::Folder;

/// Queries searched for one input at most, the original included.
#[cfg(test)]
pub(crate) const MAX_EXPANSIONS: usize = 8;

/// Folds keys and values, drops empty ones and values equal to their key,
/// and merges keys that fold alike. Values keep their written order.
pub(crate) fn fold_synonyms(
    raw: &BTreeMap<String, Vec<String>>,
    folder: &Folder,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, values) in raw {
        let key = folder.fold(key.trim());
        if key.is_empty() {
            continue;
        }
        for value in values {
            let value = folder.fold(value.trim());
            let list = out.entry(key.clone()).or_default();
            if !value.is_empty() && value != key && !list.contains(&value) {
                list.push(value);
            }
        }
    }
    out.retain(|_, values| !values.is_empty());
    out
}

/// The queries to search for a folded query: itself, then the query with its
/// longest synonym key replaced by each value.
#[cfg(test)]
pub(crate) fn expand(query: &str, synonyms: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut out = vec![query.to_owned()];
    let key = synonyms
        .keys()
        .filter(|k| query.contains(k.as_str()))
        .max_by(|a, b| a.chars().count().cmp(&b.chars().count()).then(b.cmp(a)));
    if let Some(key) = key {
        for value in &synonyms[key] {
            let alternative = query.replacen(key.as_str(), value, 1);
            if out.len() < MAX_EXPANSIONS && !out.contains(&alternative) {
                out.push(alternative);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    fn folder() -> Folder {
        Folder::from_pairs([('帶', '带'), ('壓', '压'), ('親', '亲'), ('減', '减')])
    }

    #[test]
    fn keys_and_values_are_folded_and_cleaned() {
        let map = fold_synonyms(
            &raw(&[
                ("帶娃", &["親子", "托管", "亲子", ""]),
                ("解壓", &["心理", "減压"]),
                ("空", &["空"]),
            ]),
            &folder(),
        );
        assert_eq!(map.len(), 2);
        assert_eq!(map["带娃"], ["亲子", "托管"]);
        assert_eq!(map["解压"], ["心理", "减压"]);
    }

    #[test]
    fn queries_expand_with_the_longest_key() {
        let map = fold_synonyms(
            &raw(&[("带娃", &["亲子", "托管"]), ("娃", &["儿童"])]),
            &folder(),
        );
        assert_eq!(expand("带娃", &map), ["带娃", "亲子", "托管"]);
        assert_eq!(
            expand("周末带娃", &map),
            ["周末带娃", "周末亲子", "周末托管"]
        );
        assert_eq!(expand("娃娃", &map), ["娃娃", "儿童娃"]);
        assert_eq!(expand("心理", &map), ["心理"]);
    }
}
