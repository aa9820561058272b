//! Themes: templates, static files and locale strings, with the default
//! theme built into the binary.
//!
//! The built-in files (`themes/default/` in this repository, embedded with
//! `include_dir!`) are always the base, so `yizhan init` works anywhere and
//! a site theme only needs the files it changes. Files under
//! `<site>/themes/<name>/templates/`, `static/` and `locales/` replace the
//! built-in file with the same relative path. Locale files are merged key
//! by key instead, so a theme can reword one label without copying the
//! whole file; every language falls back to the built-in `zh-Hans` strings.
//!
//! Template problems are content problems: they come back as diagnostics
//! naming the template file, line and column.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use serde_json::Value as Json;
use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Position};

use super::templates::build_tera;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The language every other language falls back to.
const BASE_LANGUAGE: &str = "zh-Hans";
const PARTS: [&str; 3] = ["templates/", "static/", "locales/"];

/// A loaded theme, ready to render.
pub(crate) struct Theme {
    name: String,
    tera: Tera,
    /// Output path → bytes, sorted so output is written in a fixed order.
    statics: BTreeMap<String, Cow<'static, [u8]>>,
    /// Built-in then theme strings per language file stem.
    locale_layers: BTreeMap<String, Vec<Json>>,
    /// Template name → source, to tell which templates a change touches.
    sources: BTreeMap<String, String>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("name", &self.name)
            .field("statics", &self.statics.keys().collect::<Vec<_>>())
            .field("locales", &self.locale_layers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// One theme file with the path it is reported under.
struct ThemeFile {
    origin: PathBuf,
    bytes: Cow<'static, [u8]>,
}

/// Where `theme:` is written in `site.yaml`, for errors about it.
fn theme_position(site_root: &Path) -> Position {
    crate::readfile::site_yaml(site_root)
        .map(|text| {
            crate::yaml::YamlText::new(&text, 0)
                .position(&[crate::yaml::Seg::Key("theme".into())], false)
        })
        .unwrap_or(Position::new(1, 1, 1))
}

impl Theme {
    /// The default theme is built into the binary (`include_dir!` of
    /// `themes/default`). Files under `<site_root>/themes/<name>/`
    /// (templates/, static/, locales/) override built-in ones by relative
    /// path; name "default" with no folder means the built-in theme only.
    pub(crate) fn load(site_root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut files = builtin_files();
        let rel_dir = PathBuf::from("themes").join(name);
        let dir = site_root.join(&rel_dir);
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_name {
            diags.push(Diagnostic::error(
                Path::new("content/site.yaml"),
                theme_position(site_root),
                msg!("bad-theme-name", name = name),
            ));
            return Err(diags);
        }
        if dir.is_dir() {
            read_overrides(&dir, &rel_dir, &mut files, &mut diags);
        } else if name != "default" {
            diags.push(Diagnostic::error(
                Path::new("content/site.yaml"),
                theme_position(site_root),
                msg!(
                    "theme-not-found",
                    name = name,
                    folder = rel_dir.display().to_string()
                ),
            ));
            return Err(diags);
        }
        let theme = assemble(name, &files, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        theme.ok_or(diags)
    }

    pub(crate) fn tera(&self) -> &Tera {
        &self.tera
    }

    /// Static files: output path (`style.css`) and bytes, sorted by path.
    pub(crate) fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.statics.iter().map(|(k, v)| (k.as_str(), v.as_ref()))
    }

    /// The bytes of one static file.
    pub(crate) fn static_file(&self, path: &str) -> Option<&[u8]> {
        self.statics.get(path).map(AsRef::as_ref)
    }

    pub(crate) fn has_static(&self, path: &str) -> bool {
        self.statics.contains_key(path)
    }

    /// The templates whose output may differ in a newer version of the
    /// theme: every template when the locale strings or the set of static
    /// files changed (every page may show them), else a changed, added or
    /// removed template and every template that names one of those
    /// (`extends`, `include`, `import`), directly or through others.
    pub(crate) fn changed_templates(&self, newer: &Theme) -> std::collections::BTreeSet<String> {
        let everything = self.locale_layers != newer.locale_layers
            || !self.statics.keys().eq(newer.statics.keys());
        let mut changed: std::collections::BTreeSet<String> = self
            .sources
            .keys()
            .chain(newer.sources.keys())
            .filter(|k| everything || self.sources.get(*k) != newer.sources.get(*k))
            .cloned()
            .collect();
        // Grow the set by templates naming a member, until it stops growing.
        loop {
            let more: Vec<String> = newer
                .sources
                .iter()
                .filter(|(name, text)| {
                    !changed.contains(*name)
                        && changed.iter().any(|c| {
                            text.contains(&format!("\"{c}\"")) || text.contains(&format!("'{c}'"))
                        })
                })
                .map(|(name, _)| name.clone())
                .collect();
            if more.is_empty() {
                return changed;
            }
            changed.extend(more);
        }
    }

    /// UI strings for `language` (e.g. `zh-Hans`), over the base language's.
    pub(crate) fn strings(&self, language: &str) -> Json {
        let mut merged = Json::Object(Default::default());
        let mut layers: Vec<&str> = vec![BASE_LANGUAGE];
        if language != BASE_LANGUAGE {
            layers.push(language);
        }
        for lang in layers {
            for layer in self.locale_layers.get(lang).into_iter().flatten() {
                merge_json(&mut merged, layer);
            }
        }
        merged
    }
}

fn builtin_files() -> BTreeMap<String, ThemeFile> {
    let mut files = BTreeMap::new();
    let mut stack: Vec<&'static Dir<'static>> = vec![&BUILTIN];
    while let Some(dir) = stack.pop() {
        stack.extend(dir.dirs());
        for f in dir.files() {
            let rel = slash_path(f.path());
            if PARTS.iter().any(|p| rel.starts_with(p)) {
                files.insert(
                    rel.clone(),
                    ThemeFile {
                        origin: PathBuf::from("themes/default").join(&rel),
                        bytes: Cow::Borrowed(f.contents()),
                    },
                );
            }
        }
    }
    files
}

fn read_overrides(
    dir: &Path,
    rel_dir: &Path,
    files: &mut BTreeMap<String, ThemeFile>,
    diags: &mut Vec<Diagnostic>,
) {
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    rel_dir,
                    Position::default(),
                    msg!("unreadable-theme-folder", error = e.to_string()),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(inner) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = slash_path(inner);
        if !PARTS.iter().any(|p| rel.starts_with(p)) || is_hidden(&rel) {
            continue;
        }
        let origin = rel_dir.join(inner);
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                let bytes = Cow::Owned(bytes);
                files.insert(rel, ThemeFile { origin, bytes });
            }
            Err(e) => diags.push(Diagnostic::error(
                &origin,
                Position::default(),
                msg!("unreadable-file", error = e.to_string()),
            )),
        }
    }
}

fn is_hidden(rel: &str) -> bool {
    rel.split('/').any(|seg| seg.starts_with('.'))
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn assemble(
    name: &str,
    files: &BTreeMap<String, ThemeFile>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Theme> {
    let mut templates: Vec<(String, &str)> = Vec::new();
    let mut origins: BTreeMap<String, &Path> = BTreeMap::new();
    let mut statics = BTreeMap::new();
    let mut locale_layers: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    let builtin_locales = builtin_locale_layers(diags);
    for (lang, layer) in builtin_locales {
        locale_layers.entry(lang).or_default().push(layer);
    }
    for (rel, file) in files {
        if let Some(tpl) = rel.strip_prefix("templates/") {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => {
                    templates.push((tpl.to_string(), text));
                    origins.insert(tpl.to_string(), &file.origin);
                }
                Err(_) => diags.push(Diagnostic::error(
                    &file.origin,
                    Position::default(),
                    msg!("template-not-utf8"),
                )),
            }
        } else if let Some(out) = rel.strip_prefix("static/") {
            // The built-in theme's scripts and styles are published compact.
            let builtin = matches!(file.bytes, Cow::Borrowed(_));
            let bytes = match builtin.then(|| super::compact::compact(out, &file.bytes)) {
                Some(Some(compacted)) => Cow::Owned(compacted),
                _ => file.bytes.clone(),
            };
            statics.insert(out.to_string(), bytes);
        } else if let Some(locale) = rel.strip_prefix("locales/") {
            let Some(lang) = locale
                .strip_suffix(".yaml")
                .or_else(|| locale.strip_suffix(".yml"))
            else {
                continue;
            };
            if file.origin.starts_with("themes/default") && matches!(file.bytes, Cow::Borrowed(_)) {
                // Built-in locales were read above as the first layer.
                continue;
            }
            if let Some(layer) = parse_locale(&file.origin, &file.bytes, diags) {
                locale_layers
                    .entry(lang.to_string())
                    .or_default()
                    .push(layer);
            }
        }
    }
    let tera = build_tera(&templates, &origins, diags)?;
    let sources = templates
        .iter()
        .map(|(name, text)| (name.clone(), (*text).to_string()))
        .collect();
    Some(Theme {
        name: name.to_string(),
        tera,
        statics,
        locale_layers,
        sources,
    })
}

fn builtin_locale_layers(diags: &mut Vec<Diagnostic>) -> Vec<(String, Json)> {
    let mut out = Vec::new();
    for f in BUILTIN
        .get_dir("locales")
        .into_iter()
        .flat_map(|d| d.files())
    {
        let rel = slash_path(f.path());
        let Some(lang) = rel
            .strip_prefix("locales/")
            .and_then(|l| l.strip_suffix(".yaml"))
        else {
            continue;
        };
        let origin = PathBuf::from("themes/default").join(&rel);
        if let Some(layer) = parse_locale(&origin, f.contents(), diags) {
            out.push((lang.to_string(), layer));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn parse_locale(origin: &Path, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Option<Json> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            diags.push(Diagnostic::error(
                origin,
                Position::default(),
                msg!("theme-locale-not-utf8"),
            ));
            return None;
        }
    };
    match serde_yaml::from_str::<Json>(text) {
        Ok(Json::Object(map)) => Some(Json::Object(map)),
        Ok(Json::Null) => None,
        Ok(_) => {
            diags.push(Diagnostic::error(
                origin,
                Position::default(),
                msg!("theme-locale-not-map"),
            ));
            None
        }
        Err(e) => {
            let pos = e.location().map_or_else(Position::default, |l| {
                Position::new(l.line(), l.column(), 1)
            });
            diags.push(Diagnostic::error(
                origin,
                pos,
                msg!("theme-locale-yaml", error = e.to_string()),
            ));
            None
        }
    }
}

/// Later values win; maps merge key by key.
fn merge_json(base: &mut Json, over: &Json) {
    match (base, over) {
        (Json::Object(b), Json::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(existing) => merge_json(existing, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    #[test]
    fn builtin_theme_loads_with_templates_statics_and_strings() {
        let theme = Theme::load(Path::new("/nonexistent-site"), "default").expect("builtin theme");
        for t in ["base.html", "home.html", "organization.html", "404.html"] {
            assert!(theme.tera().contains_template(t), "{t}");
        }
        assert!(theme.has_static("style.css"));
        assert!(theme.has_static("favicon.svg"));
        let strings = theme.strings("zh-Hans");
        assert_eq!(strings["nav"]["home"], "首页");
        // Unknown languages fall back to the base strings.
        assert_eq!(theme.strings("xx")["nav"]["home"], "首页");
    }

    #[test]
    fn site_theme_overrides_templates_by_path_and_merges_locales() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            "themes/default/templates/page.html",
            "OVERRIDDEN {{ page.title }}",
        );
        write(dir.path(), "themes/default/static/extra.txt", "x");
        write(
            dir.path(),
            "themes/default/locales/zh-Hans.yaml",
            "nav:\n  home: 主页\n",
        );
        write(dir.path(), "themes/default/README.md", "ignored");
        let theme = Theme::load(dir.path(), "default").expect("theme");
        let mut ctx = tera::Context::new();
        ctx.insert("page", &serde_json::json!({"title": "关于"}));
        let out = theme.tera().render("page.html", &ctx).expect("render");
        assert_eq!(out, "OVERRIDDEN 关于");
        assert!(theme.has_static("extra.txt") && theme.has_static("style.css"));
        let strings = theme.strings("zh-Hans");
        assert_eq!(strings["nav"]["home"], "主页");
        assert_eq!(strings["nav"]["news"], "新闻", "other keys stay");
    }

    #[test]
    fn named_theme_without_folder_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let diags = Theme::load(dir.path(), "fancy").expect_err("missing theme");
        assert!(diags[0].message.contains("fancy"), "{:?}", diags);
        let diags = Theme::load(dir.path(), "../x").expect_err("bad name");
        assert!(diags[0].message.contains("not a valid theme name"));
    }

    #[test]
    fn template_syntax_errors_name_file_line_and_column() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            "themes/mine/templates/page.html",
            "ok\n{% if x %}\n{{ y | }}\n",
        );
        write(dir.path(), "themes/mine/templates/extra.html", "{{ a ");
        let diags = Theme::load(dir.path(), "mine").expect_err("syntax error");
        let files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            files,
            vec![
                "themes/mine/templates/extra.html",
                "themes/mine/templates/page.html"
            ]
        );
        let page = &diags[1];
        assert_eq!((page.line, page.column), (3, 8), "{page:?}");
    }

    #[test]
    fn unknown_filters_and_parents_are_reported_on_their_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            "themes/mine/templates/page.html",
            "a\n{{ x | nofilter }}\n",
        );
        let diags = Theme::load(dir.path(), "mine").expect_err("unknown filter");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].file, "themes/mine/templates/page.html");
        assert_eq!((diags[0].line, diags[0].column), (2, 8));
        assert!(diags[0].message.contains("nofilter"));

        write(
            dir.path(),
            "themes/mine/templates/page.html",
            "{% extends \"nothing.html\" %}",
        );
        let diags = Theme::load(dir.path(), "mine").expect_err("missing parent");
        assert_eq!(diags[0].file, "themes/mine/templates/page.html");
        assert!(diags[0].message.contains("nothing.html"));
    }

    #[test]
    fn bad_locale_yaml_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "themes/mine/locales/zh-Hans.yaml", "nav: [\n");
        let diags = Theme::load(dir.path(), "mine").expect_err("bad yaml");
        assert_eq!(diags[0].file, "themes/mine/locales/zh-Hans.yaml");
    }
}
