//! `yizhan init` and `yizhan new`: writing a starter site, and new records
//! that state nothing the editor has not: the name, and comments saying
//! what each field takes. A field the record cannot do without (a venue's
//! area, a service's organization) holds a placeholder that `check` refuses
//! until it is filled in, so no made-up value is ever published.

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
        bail!(t!("init-site-exists", dir = dir));
    }
    let mut written = Vec::new();
    let mut write = |rel: &str, text: &str| -> anyhow::Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| t!("cannot-create", file = parent))?;
        }
        fs::write(&path, text).with_context(|| t!("cannot-write", file = path))?;
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
    // Editors get completion and red underlines from the YAML language
    // server, with the schemas `yizhan schema` writes.
    if !dir.join(".vscode/settings.json").exists() {
        let settings = crate::schema::vscode_settings(SCHEMAS_DIR);
        write(
            ".vscode/settings.json",
            &format!("{}\n", serde_json::to_string_pretty(&settings)?),
        )?;
    }
    // Publishing: a workflow that checks and publishes public/, for the
    // two hosts most sites use (docs/publishing.md).
    if !dir.join(".github/workflows/site.yml").exists() {
        write(".github/workflows/site.yml", GITHUB_WORKFLOW)?;
    }
    if !dir.join(".gitlab-ci.yml").exists() {
        write(".gitlab-ci.yml", GITLAB_CI)?;
    }
    for s in crate::schema::schemas() {
        write(
            &format!("{SCHEMAS_DIR}/{}", s.name),
            &format!("{}\n", serde_json::to_string_pretty(&s.schema)?),
        )?;
    }
    Ok(written)
}

const GITHUB_WORKFLOW: &str = include_str!("github.yml");
const GITLAB_CI: &str = include_str!("gitlab.yml");

/// Where `init` and `yizhan schema` put the JSON Schemas, relative to the
/// site folder.
pub(crate) const SCHEMAS_DIR: &str = ".vscode/schemas";

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
        bail!(t!("new-not-a-site", dir = root));
    }
    let name = name.trim();
    if name.is_empty() {
        bail!(t!("new-empty-name"));
    }
    let id = match id {
        Some(id) if crate::slug::is_valid_id(id) => id.to_string(),
        Some(id) => bail!(t!("new-bad-id", id = id)),
        None => crate::slug::record_id(name),
    };
    let folder = dirs.content().join(kind.folder());
    let path = folder.join(format!("{id}.md"));
    if path.exists() || folder.join(format!("{id}.yaml")).exists() {
        bail!(t!("new-exists", file = path));
    }
    let mut notes = Vec::new();
    let front = front_matter(&dirs, kind, name, &mut notes)?;
    fs::create_dir_all(&folder).with_context(|| t!("cannot-create", file = folder))?;
    fs::write(
        &path,
        format!("---\n{front}---\n\n<!-- 在这里写介绍。 -->\n"),
    )
    .with_context(|| t!("cannot-write", file = path))?;
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
    use crate::content::PLACEHOLDER as TODO;
    let name = yaml_str(name);
    // Nothing but the name is written as a fact: what only the editor
    // knows is a comment, or, where the record needs it, the placeholder
    // `check` refuses until it is filled in.
    let verified = "# updated: YYYY-MM-DD   # 核实信息后写上核实日期\n";
    Ok(match kind {
        RecordKind::Organization => format!(
            "name: {name}\n\
             # kind: social-organization   # social-organization（社会组织）| union（工会）| community（社区）| government | enterprise | other\n\
             # categories: []              # 分类 id，见 site.yaml 的 categories\n\
             # contact: {{ phone: \"0931-8123456\" }}\n{verified}"
        ),
        RecordKind::Venue => {
            let example = first_area(dirs).unwrap_or_else(|_| "chengguan/zhangyelu/shanzishi".into());
            notes.push(t!("new-fill-area", example = example));
            format!(
                "name: {name}\n\
                 area: {TODO}   # 所在区域的路径，如 {example}（见 areas.yaml）\n\
                 # address: \"兰州市……\"\n\
                 # hours: \"Mo-Fr 09:00-17:00\"   # 开放时间，写法见 docs/content-format.md\n\
                 # operator: xiaocao             # 运营机构的 id\n{verified}"
            )
        }
        RecordKind::Brand => {
            notes.push(t!("new-fill-field", field = "operators"));
            format!(
                "name: {name}\n\
                 operators: [{TODO}]   # 运营机构的 id，如 [xiaocao]\n\
                 # venues: []\n\
                 # categories: []\n"
            )
        }
        RecordKind::Service => {
            notes.push(t!("new-fill-field", field = "organization"));
            format!(
                "name: {name}\n\
                 organization: {TODO}   # 运营机构的 id，如 xiaocao（content/organizations/ 下的文件名）\n\
                 # venues: []            # 服务场所的 id\n\
                 # categories: []\n\
                 # audiences: []\n\
                 # cost: free            # 免费写 free；收费写 {{ amount: 20, currency: CNY, note: \"每次\" }}\n\
                 # schedule: \"Sa 14:00-16:00\"\n{verified}"
            )
        }
        RecordKind::News => {
            let now = now_in_site_zone(dirs).format("%Y-%m-%dT%H:%M:00%:z");
            format!(
                "title: {name}\n\
                 date: {now}\n\
                 # author: \"\"\n\
                 # source: \"\"\n\
                 # tags: []\n"
            )
        }
        RecordKind::Page => format!("title: {name}\n"),
    })
}

/// Now in the site's time zone (`timezone` in site.yaml, else
/// Asia/Shanghai), not the machine's.
fn now_in_site_zone(dirs: &SiteDirs) -> chrono::DateTime<chrono_tz::Tz> {
    let zone = crate::readfile::site_yaml(&dirs.root)
        .and_then(|t| serde_yaml::from_str::<serde_yaml::Mapping>(&t).ok())
        .and_then(|m| {
            m.get("timezone")
                .and_then(|z| z.as_str())
                .map(str::to_string)
        })
        .and_then(|z| z.parse::<chrono_tz::Tz>().ok())
        .unwrap_or(chrono_tz::Asia::Shanghai);
    chrono::Utc::now().with_timezone(&zone)
}

fn first_area(dirs: &SiteDirs) -> anyhow::Result<String> {
    let path = dirs.content().join("areas.yaml");
    let text = fs::read_to_string(&path).with_context(|| t!("new-no-areas"))?;
    let (tree, _) = crate::areas::load_areas(Path::new("content/areas.yaml"), &text);
    // The deepest first area reads most like a real address.
    let mut idx = tree.roots().next().with_context(|| t!("new-areas-empty"))?;
    while let Some(&child) = tree.areas[idx].children.first() {
        idx = child;
    }
    Ok(tree.areas[idx].path.clone())
}
