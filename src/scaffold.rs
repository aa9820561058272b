//! `yizhan init` and `yizhan new`: writing a starter site and new records
//! that pass `yizhan check` as they are.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use clap::ValueEnum;

use crate::load::SiteDirs;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum RecordKind {
    Organization,
    Venue,
    Brand,
    Service,
    News,
    Page,
}

impl RecordKind {
    fn folder(self) -> &'static str {
        match self {
            RecordKind::Organization => "organizations",
            RecordKind::Venue => "venues",
            RecordKind::Brand => "brands",
            RecordKind::Service => "services",
            RecordKind::News => "news",
            RecordKind::Page => "pages",
        }
    }
}

const SITE_YAML: &str = r#"title: 职工服务地图
description: 工会、社区和社会组织为职工提供的身边服务
base_url: https://example.org/
language: zh-Hans
timezone: Asia/Shanghai
theme: default
map:
  datum: gcj02
  links: [amap, osm]
categories:
  mental-health: { name: 心理健康 }
  skills: { name: 技能培训 }
  childcare: { name: 托管与亲子 }
audiences:
  women-workers: { name: 女职工 }
  young-workers: { name: 青年职工 }
synonyms:
  带娃: [亲子, 托管]
holidays: []
unsafe_html: false
"#;

const AREAS_YAML: &str = r#"- id: chengguan
  name: 城关区
  kind: district
  children:
    - id: zhangyelu
      name: 张掖路街道
      kind: street
"#;

const ABOUT_MD: &str = "---\ntitle: 关于本站\nweight: 1\n---\n\n本站汇集职工身边的公益服务。\n";

/// Creates a starter site in `dir`. Refuses to overwrite an existing site.
pub(crate) fn init_site(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let content = dir.join("content");
    if content.join("site.yaml").exists() {
        bail!(
            "{} already has a site (content/site.yaml exists)",
            dir.display()
        );
    }
    let mut written = Vec::new();
    let mut write = |rel: &str, text: &str| -> anyhow::Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
        Ok(())
    };
    write("content/site.yaml", SITE_YAML)?;
    write("content/areas.yaml", AREAS_YAML)?;
    write("content/pages/about.md", ABOUT_MD)?;
    for folder in [
        "organizations",
        "venues",
        "brands",
        "services",
        "news",
        "static",
    ] {
        write(&format!("content/{folder}/.gitkeep"), "")?;
    }
    if !dir.join(".gitignore").exists() {
        write(".gitignore", "/public\n")?;
    }
    Ok(written)
}

/// A record written by `new`, and what the editor should still change.
pub(crate) struct Created {
    pub path: PathBuf,
    pub notes: Vec<String>,
}

/// Writes `content/<collection>/<id>.md` with the required fields filled.
pub(crate) fn new_record(
    root: &Path,
    kind: RecordKind,
    name: &str,
    id: Option<&str>,
) -> anyhow::Result<Created> {
    let dirs = SiteDirs::new(root);
    if !dirs.content().join("site.yaml").exists() {
        bail!("{} is not a yizhan site (no content/site.yaml); run `yizhan init` first or pass --root", root.display());
    }
    let name = name.trim();
    if name.is_empty() {
        bail!("the name is empty");
    }
    let id = match id {
        Some(id) if crate::slug::is_valid_id(id) => id.to_string(),
        Some(id) => bail!("`{id}` is not a valid id: use lower-case ASCII letters, digits and `-`"),
        None => crate::slug::record_id(name),
    };
    let folder = dirs.content().join(kind.folder());
    let path = folder.join(format!("{id}.md"));
    if path.exists() || folder.join(format!("{id}.yaml")).exists() {
        bail!(
            "{} already exists; pass --id to choose another id",
            path.display()
        );
    }
    let mut notes = Vec::new();
    let front = front_matter(&dirs, kind, name, &mut notes)?;
    fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
    fs::write(&path, format!("---\n{front}---\n\n（在这里写介绍。）\n"))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Created {
        path: path
            .strip_prefix(root)
            .map(Path::to_path_buf)
            .unwrap_or(path),
        notes,
    })
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn front_matter(
    dirs: &SiteDirs,
    kind: RecordKind,
    name: &str,
    notes: &mut Vec<String>,
) -> anyhow::Result<String> {
    let today = chrono::Local::now().date_naive();
    let name = yaml_str(name);
    Ok(match kind {
        RecordKind::Organization => {
            format!("name: {name}\nkind: social-organization\ncategories: []\nupdated: {today}\n")
        }
        RecordKind::Venue => {
            let area = first_area(dirs)?;
            notes.push(format!(
                "area set to `{area}`; change it to the venue's community"
            ));
            format!("name: {name}\narea: {area}\naddress: \"\"\nhours: \"Mo-Fr 09:00-17:00\"\nupdated: {today}\n")
        }
        RecordKind::Brand => {
            let org = first_id(dirs, "organizations")?;
            notes.push(format!(
                "operators set to `{org}`; change it to the organizations that run the brand"
            ));
            format!("name: {name}\noperators: [{org}]\nvenues: []\ncategories: []\n")
        }
        RecordKind::Service => {
            let org = first_id(dirs, "organizations")?;
            notes.push(format!(
                "organization set to `{org}`; change it to the organization that runs the service"
            ));
            format!("name: {name}\norganization: {org}\nvenues: []\ncategories: []\naudiences: []\ncost: free\nschedule: \"Sa 14:00-16:00\"\nupdated: {today}\n")
        }
        RecordKind::News => {
            let now = chrono::Local::now().format("%Y-%m-%dT%H:%M:00%:z");
            format!("title: {name}\nauthor: \"\"\ndate: {now}\nsource: \"\"\ntags: []\n")
        }
        RecordKind::Page => format!("title: {name}\n"),
    })
}

/// The first record id of a collection (by file name), for fields that
/// must name one.
fn first_id(dirs: &SiteDirs, folder: &str) -> anyhow::Result<String> {
    walkdir::WalkDir::new(dirs.content().join(folder))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let p = e.path();
            let ext = p.extension()?.to_str()?;
            let stem = p.file_stem()?.to_str()?;
            (matches!(ext, "md" | "yaml" | "yml") && crate::slug::is_valid_id(stem)).then(|| stem.to_string())
        })
        .min()
        .with_context(|| format!("the site has no {folder} yet; create one first with `yizhan new organization NAME`"))
}

fn first_area(dirs: &SiteDirs) -> anyhow::Result<String> {
    let path = dirs.content().join("areas.yaml");
    let text = fs::read_to_string(&path)
        .with_context(|| "the site has no content/areas.yaml; add the area tree first")?;
    let (tree, _) = crate::areas::load_areas(Path::new("content/areas.yaml"), &text);
    // The deepest first area reads most like a real address.
    let mut idx = tree
        .roots()
        .next()
        .context("content/areas.yaml has no areas")?;
    while let Some(&child) = tree.areas[idx].children.first() {
        idx = child;
    }
    Ok(tree.areas[idx].path.clone())
}
