//! The area tree (`areas.yaml`): districts and counties, their streets and
//! towns, and the communities and villages inside them.
//!
//! Records name areas by path (`chengguan/zhangyelu/shanzishi`), because ids
//! are only unique among siblings. The tree is flattened into a vector in
//! document order (parents before children), so an area's index is stable
//! and roll-ups can walk ancestors cheaply.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::i18n::Msg;
use crate::yaml::{self, Seg, YamlText};

pub(crate) type AreaIdx = usize;

/// Area pages have sub-lists at `PATH/organizations/`, `PATH/venues/`,
/// `PATH/services/` and pagination at `PATH/page/N/`, so areas cannot use
/// these ids.
pub(crate) const RESERVED_AREA_IDS: [&str; 4] = ["organizations", "venues", "services", "page"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaKind {
    City,
    District,
    County,
    Street,
    Town,
    Community,
    Village,
}

impl AreaKind {
    const ALL: [(&'static str, AreaKind); 7] = [
        ("city", AreaKind::City),
        ("district", AreaKind::District),
        ("county", AreaKind::County),
        ("street", AreaKind::Street),
        ("town", AreaKind::Town),
        ("community", AreaKind::Community),
        ("village", AreaKind::Village),
    ];

    fn parse(s: &str) -> Option<AreaKind> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    /// The kind as written in areas.yaml (`district`, `street`, …).
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("community", |(n, _)| n)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Area {
    pub id: String,
    /// Ids from the root joined with `/`.
    pub path: String,
    pub name: String,
    pub kind: AreaKind,
    pub parent: Option<AreaIdx>,
    pub children: Vec<AreaIdx>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AreaTree {
    pub areas: Vec<Area>,
    by_path: HashMap<String, AreaIdx>,
}

impl AreaTree {
    pub fn get(&self, path: &str) -> Option<AreaIdx> {
        self.by_path.get(path.trim_matches('/')).copied()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.areas.iter().map(|a| a.path.as_str())
    }

    /// The area and its ancestors, nearest first.
    pub fn self_and_ancestors(&self, idx: AreaIdx) -> impl Iterator<Item = AreaIdx> + '_ {
        std::iter::successors(Some(idx), move |&i| self.areas[i].parent)
    }

    /// Ancestors from the root down, then the area itself.
    pub fn lineage(&self, idx: AreaIdx) -> Vec<AreaIdx> {
        let mut v: Vec<AreaIdx> = self.self_and_ancestors(idx).collect();
        v.reverse();
        v
    }

    /// `城关区张掖路街道山子石社区`: the names from the root down.
    pub fn full_name(&self, idx: AreaIdx) -> String {
        self.lineage(idx)
            .into_iter()
            .map(|i| self.areas[i].name.as_str())
            .collect()
    }

    pub fn roots(&self) -> impl Iterator<Item = AreaIdx> + '_ {
        self.areas
            .iter()
            .enumerate()
            .filter(|(_, a)| a.parent.is_none())
            .map(|(i, _)| i)
    }
}

#[derive(Deserialize, schemars::JsonSchema, Default)]
#[serde(default)]
pub(crate) struct RawArea {
    id: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    children: Vec<RawArea>,
}

/// Reads `areas.yaml` into a tree, reporting every problem.
pub(crate) fn load_areas(file: &Path, text: &str) -> (AreaTree, Vec<Diagnostic>) {
    let yaml = YamlText::new(text, 0);
    let parsed = yaml::parse::<Vec<RawArea>>(file, yaml);
    let mut diags = parsed.diagnostics;
    let mut tree = AreaTree::default();
    if let Some(roots) = parsed.value {
        let mut b = Builder {
            file,
            yaml,
            tree: &mut tree,
            diags: &mut diags,
        };
        for (i, raw) in roots.into_iter().enumerate() {
            b.add(raw, None, vec![Seg::Index(i)]);
        }
    }
    (tree, diags)
}

struct Builder<'a> {
    file: &'a Path,
    yaml: YamlText<'a>,
    tree: &'a mut AreaTree,
    diags: &'a mut Vec<Diagnostic>,
}

impl Builder<'_> {
    fn error(&mut self, at: &[Seg], message: Msg) {
        let pos = self.yaml.position(at, false);
        self.diags.push(Diagnostic::error(self.file, pos, message));
    }

    fn add(&mut self, raw: RawArea, parent: Option<AreaIdx>, at: Vec<Seg>) {
        let field = |name: &str| {
            let mut p = at.clone();
            p.push(Seg::Key(name.into()));
            p
        };
        let Some(id) = raw.id.filter(|s| !s.is_empty()) else {
            self.error(&at, msg!("area-no-id"));
            return;
        };
        if RESERVED_AREA_IDS.contains(&id.as_str()) {
            self.error(&field("id"), msg!("area-id-reserved", id = id));
        }
        if !crate::slug::is_valid_id(&id) {
            self.error(
                &field("id"),
                msg!(
                    "bad-area-id",
                    id = id,
                    suggestion = crate::slug::slugify(&id)
                ),
            );
        }
        let name = raw.name.unwrap_or_default();
        if name.trim().is_empty() {
            self.error(&at, msg!("area-no-name", id = id));
        }
        let kind = match raw.kind.as_deref() {
            None => AreaKind::Community,
            Some(k) => AreaKind::parse(k).unwrap_or_else(|| {
                self.error(&field("kind"), msg!("unknown-area-kind", kind = k));
                AreaKind::Community
            }),
        };
        let path = match parent {
            Some(p) => format!("{}/{}", self.tree.areas[p].path, id),
            None => id.clone(),
        };
        if self.tree.by_path.contains_key(&path) {
            self.error(&field("id"), msg!("duplicate-area", path = path));
            return;
        }
        let idx = self.tree.areas.len();
        self.tree.by_path.insert(path.clone(), idx);
        self.tree.areas.push(Area {
            id,
            path,
            name,
            kind,
            parent,
            children: Vec::new(),
        });
        if let Some(p) = parent {
            self.tree.areas[p].children.push(idx);
        }
        for (i, child) in raw.children.into_iter().enumerate() {
            let mut child_at = field("children");
            child_at.push(Seg::Index(i));
            self.add(child, Some(idx), child_at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREAS: &str = "- id: chengguan\n  name: 城关区\n  kind: district\n  children:\n    - id: zhangyelu\n      name: 张掖路街道\n      kind: street\n      children:\n        - { id: shanzishi, name: 山子石社区, kind: community }\n- id: anning\n  name: 安宁区\n  kind: district\n";

    #[test]
    fn builds_paths_lineage_and_names() {
        let (tree, diags) = load_areas(Path::new("areas.yaml"), AREAS);
        assert!(diags.is_empty(), "{diags:?}");
        let s = tree.get("chengguan/zhangyelu/shanzishi").expect("exists");
        assert_eq!(tree.full_name(s), "城关区张掖路街道山子石社区");
        assert_eq!(tree.lineage(s).len(), 3);
        assert_eq!(tree.roots().count(), 2);
        assert!(tree.get("zhangyelu").is_none());
    }

    #[test]
    fn reports_bad_kind_id_and_duplicates_with_positions() {
        let text =
            "- id: a\n  name: 甲\n  kind: planet\n- id: a\n  name: 甲\n- id: Bad\n  name: 乙\n";
        let (_, diags) = load_areas(Path::new("areas.yaml"), text);
        let got: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (3, "unknown area kind `planet`"),
                (4, "duplicate area `a`"),
                (6, "`Bad` is not a valid area id")
            ]
        );
    }
}
