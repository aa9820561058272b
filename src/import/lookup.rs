//! Finding what a cell names: a record by id or by name (the site's and
//! those the import is adding), an area by name at any level, a category or
//! audience by id or name.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::areas::{AreaIdx, AreaTree};
use crate::config::Term;
use crate::content::Content;

use super::Collection;

/// A record already in the site.
#[derive(Clone, Debug)]
pub(crate) struct Existing {
    pub name: String,
    /// Relative to the site root.
    pub file: PathBuf,
}

/// The records of one collection, by id and by every name.
#[derive(Default)]
pub(crate) struct Names {
    pub existing: BTreeMap<String, Existing>,
    /// Ids the import adds.
    pub added: BTreeMap<String, String>,
    by_name: HashMap<String, Vec<String>>,
}

impl Names {
    fn add_names<'a>(&mut self, id: &str, names: impl IntoIterator<Item = &'a str>) {
        for n in names {
            let key = name_key(n);
            if key.is_empty() {
                continue;
            }
            let ids = self.by_name.entry(key).or_default();
            if !ids.iter().any(|i| i == id) {
                ids.push(id.to_string());
            }
        }
    }

    /// Records a record the import adds.
    pub(crate) fn add(&mut self, id: &str, name: &str, others: &[String]) {
        self.added.insert(id.to_string(), name.to_string());
        self.add_names(
            id,
            std::iter::once(name).chain(others.iter().map(String::as_str)),
        );
    }

    pub(crate) fn has_id(&self, id: &str) -> bool {
        self.existing.contains_key(id) || self.added.contains_key(id)
    }

    /// The ids of the records whose name, short name or alias is `name`.
    pub(crate) fn named(&self, name: &str) -> &[String] {
        self.by_name
            .get(&name_key(name))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The site's record whose name (not alias) is `name`: the same record
    /// an import row or object of that name stands for.
    pub(crate) fn existing_named(&self, name: &str) -> Option<String> {
        self.named(name)
            .iter()
            .find(|id| {
                self.existing
                    .get(*id)
                    .is_some_and(|e| e.name.trim() == name)
            })
            .cloned()
    }

    /// The pinyin of `name`, with `-2`, `-3` … when another record has it.
    pub(crate) fn fresh_id(&self, name: &str) -> String {
        let base = crate::slug::record_id(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.has_id(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// The record `text` names, by id or by name.
    pub(crate) fn find(&self, text: &str) -> Result<String, String> {
        let text = text.trim();
        if self.has_id(text) {
            return Ok(text.to_string());
        }
        match self.named(text) {
            [id] => Ok(id.clone()),
            [] => Err(match self.closest(text) {
                Some(near) => t!("did-you-mean", id = near),
                None => String::new(),
            }),
            ids => Err(t!("import-ambiguous-name", ids = ids.join(", "))),
        }
    }

    fn closest(&self, text: &str) -> Option<String> {
        let key = name_key(text);
        self.by_name
            .keys()
            .map(|k| (strsim::normalized_levenshtein(k, &key), k))
            .filter(|(score, _)| *score >= 0.6)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, k)| k.clone())
    }
}

/// Names compare without spaces and brackets' width: `兰州小草 （城关）` and
/// `兰州小草(城关)` are one name.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Every collection's names.
#[derive(Default)]
pub(crate) struct Directory {
    pub names: BTreeMap<Collection, Names>,
}

impl Directory {
    pub(crate) fn new(content: &Content) -> Directory {
        let mut d = Directory::default();
        macro_rules! collect {
            ($kind:expr, $records:expr, |$r:ident| $others:expr) => {{
                let names = d.names.entry($kind).or_default();
                for $r in $records {
                    let name = $r.raw.name.clone().unwrap_or_default();
                    names.existing.insert(
                        $r.id.clone(),
                        Existing {
                            name: name.clone(),
                            file: $r.file.clone(),
                        },
                    );
                    let others: Vec<&str> = $others;
                    names.add_names(&$r.id, std::iter::once(name.as_str()).chain(others));
                }
            }};
        }
        collect!(Collection::Organizations, &content.organizations, |r| r
            .raw
            .short_name
            .iter()
            .chain(&r.raw.aliases)
            .map(String::as_str)
            .collect());
        collect!(Collection::Venues, &content.venues, |r| r
            .raw
            .aliases
            .iter()
            .map(String::as_str)
            .collect());
        collect!(Collection::Brands, &content.brands, |r| r
            .raw
            .short_name
            .iter()
            .chain(&r.raw.aliases)
            .map(String::as_str)
            .collect());
        collect!(Collection::Services, &content.services, |r| r
            .raw
            .aliases
            .iter()
            .map(String::as_str)
            .collect());
        d
    }

    pub(crate) fn of(&mut self, kind: Collection) -> &mut Names {
        self.names.entry(kind).or_default()
    }
}

/// Area suffixes a name may be written without (小西湖 for 小西湖社区).
const AREA_SUFFIXES: &[&str] = &[
    "社区居委会",
    "居委会",
    "村委会",
    "社区",
    "街道办事处",
    "街道办",
    "街道",
    "镇",
    "乡",
    "村",
    "自治县",
    "新区",
    "区",
    "县",
    "市",
];

/// Areas by every way of writing them: path, name, the names from any
/// level down (七里河区西湖街道小西湖社区, 西湖街道小西湖社区), each with or
/// without its suffix, and with the names of the levels above the tree's
/// roots a person may put first (兰州市).
pub(crate) struct Areas<'a> {
    tree: &'a AreaTree,
    by_text: HashMap<String, Vec<AreaIdx>>,
}

impl<'a> Areas<'a> {
    pub(crate) fn new(tree: &'a AreaTree) -> Areas<'a> {
        let mut by_text: HashMap<String, Vec<AreaIdx>> = HashMap::new();
        for idx in 0..tree.areas.len() {
            let lineage = tree.lineage(idx);
            for from in 0..lineage.len() {
                for short in [false, true] {
                    let text: String = lineage[from..]
                        .iter()
                        .map(|&i| {
                            let name = tree.areas[i].name.as_str();
                            if short {
                                strip_suffix(name)
                            } else {
                                name
                            }
                        })
                        .collect();
                    let ids = by_text.entry(text).or_default();
                    if !ids.contains(&idx) {
                        ids.push(idx);
                    }
                }
            }
        }
        Areas { tree, by_text }
    }

    /// The area `text` names: a path (`qilihe/xihu`), or names from any
    /// level down. Returns the path.
    pub(crate) fn find(&self, text: &str) -> Result<String, String> {
        let text = text.trim().trim_matches('/');
        if let Some(i) = self.tree.get(text) {
            return Ok(self.tree.areas[i].path.clone());
        }
        let key: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '/' | '-' | '·' | '、'))
            .collect();
        let mut rest = key.as_str();
        loop {
            if let Some(found) = self.by_text.get(rest) {
                return match found.as_slice() {
                    [one] => Ok(self.tree.areas[*one].path.clone()),
                    many => Err(t!(
                        "import-ambiguous-area",
                        areas = many
                            .iter()
                            .map(|&i| self.tree.full_name(i))
                            .collect::<Vec<_>>()
                            .join("、")
                    )),
                };
            }
            // 甘肃省兰州市城关区…: drop a province or city the tree does not
            // have, one leading name at a time.
            match leading_place(rest) {
                Some(tail) if !tail.is_empty() => rest = tail,
                _ => break,
            }
        }
        Err(t!("import-no-such-area"))
    }
}

fn strip_suffix(name: &str) -> &str {
    AREA_SUFFIXES
        .iter()
        .find_map(|s| {
            name.strip_suffix(s)
                .filter(|rest| rest.chars().count() >= 2)
        })
        .unwrap_or(name)
}

/// The text after a leading province or city name (`甘肃省`, `兰州市`).
fn leading_place(text: &str) -> Option<&str> {
    for end in ["省", "自治区", "市"] {
        if let Some(i) = text.find(end) {
            if text[..i].chars().count() <= 7 {
                return Some(&text[i + end.len()..]);
            }
        }
    }
    None
}

/// Categories or audiences by id or name.
pub(crate) fn find_term(terms: &[Term], text: &str) -> Result<String, String> {
    let text = text.trim();
    if let Some(t) = terms.iter().find(|t| t.id == text || t.name == text) {
        return Ok(t.id.clone());
    }
    let known: Vec<String> = terms
        .iter()
        .map(|t| format!("{}（{}）", t.name, t.id))
        .collect();
    Err(t!(
        "import-no-such-term",
        count = known.len(),
        terms = known.join("、")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> AreaTree {
        let yaml = "- id: qilihe\n  name: 七里河区\n  kind: district\n  children:\n    - id: xihu\n      name: 西湖街道\n      kind: street\n      children:\n        - { id: xiaoxihu, name: 小西湖社区, kind: community }\n- id: chengguan\n  name: 城关区\n  kind: district\n  children:\n    - id: xihu\n      name: 西湖街道\n      kind: street\n";
        let (tree, diags) = crate::areas::load_areas(std::path::Path::new("areas.yaml"), yaml);
        assert!(diags.is_empty(), "{diags:?}");
        tree
    }

    #[test]
    fn areas_are_found_by_name_at_any_level() {
        let tree = tree();
        let areas = Areas::new(&tree);
        let path = |t: &str| areas.find(t);
        assert_eq!(
            path("七里河区西湖街道小西湖社区").as_deref(),
            Ok("qilihe/xihu/xiaoxihu")
        );
        assert_eq!(path("小西湖社区").as_deref(), Ok("qilihe/xihu/xiaoxihu"));
        assert_eq!(path("小西湖").as_deref(), Ok("qilihe/xihu/xiaoxihu"));
        assert_eq!(path("甘肃省兰州市七里河区").as_deref(), Ok("qilihe"));
        assert_eq!(path("qilihe/xihu").as_deref(), Ok("qilihe/xihu"));
        assert_eq!(path("七里河区 西湖街道").as_deref(), Ok("qilihe/xihu"));
        let two = path("西湖街道").expect_err("two streets share the name");
        assert!(
            two.contains("七里河区西湖街道") && two.contains("城关区西湖街道"),
            "{two}"
        );
        assert!(path("安宁区").is_err());
    }

    #[test]
    fn records_are_found_by_id_name_or_alias() {
        let mut names = Names::default();
        names.add("xiaocao", "兰州小草爱心社会工作服务中心", &["小草".into()]);
        assert_eq!(names.find("小草").as_deref(), Ok("xiaocao"));
        assert_eq!(names.find("xiaocao").as_deref(), Ok("xiaocao"));
        assert_eq!(
            names.find("兰州小草爱心社会工作服务中心 ").as_deref(),
            Ok("xiaocao")
        );
        let near = names
            .find("兰州小草爱心社工服务中心")
            .expect_err("not a name");
        assert!(near.contains("did you mean"), "{near}");
        names.add("xiaocao-2", "小草书屋", &["小草".into()]);
        assert!(names.find("小草").expect_err("two").contains("several"));
    }
}
