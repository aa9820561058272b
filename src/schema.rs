//! `yizhan schema`: JSON Schemas of every record kind, `site.yaml` and
//! `areas.yaml`, for editors' tools (the YAML language server gives
//! completion, field descriptions and red underlines while typing).
//!
//! The schemas are derived from the very structs the loader reads files
//! into (`content::raw`, the config's and the area tree's), so a field
//! added to the loader is in the schema with nothing else to change. Field
//! names the loader does not know are marked as not allowed, which an
//! editor shows as the typo `check` would warn about.

use std::path::Path;

use anyhow::Context as _;
use schemars::{schema_for, Schema};
use serde_json::Value;

use crate::content::{RawBrand, RawNews, RawOrganization, RawPage, RawService, RawVenue};

/// One schema: its file name, the files it is for (globs relative to the
/// site folder) and the schema.
pub(crate) struct SchemaFile {
    pub name: &'static str,
    pub files: &'static [&'static str],
    pub schema: Value,
}

/// Every schema, in a fixed order.
pub(crate) fn schemas() -> Vec<SchemaFile> {
    let record = |schema: Schema, title: &str| finish(schema, title, true);
    vec![
        SchemaFile {
            name: "site.schema.json",
            files: &["content/site.yaml"],
            schema: finish(
                schema_for!(crate::config::RawConfig),
                "yizhan site.yaml",
                true,
            ),
        },
        SchemaFile {
            name: "areas.schema.json",
            files: &["content/areas.yaml"],
            schema: finish(
                schema_for!(Vec<crate::areas::RawArea>),
                "yizhan areas.yaml: the area tree",
                true,
            ),
        },
        SchemaFile {
            name: "organization.schema.json",
            files: &[
                "content/organizations/**/*.yaml",
                "content/organizations/**/*.yml",
            ],
            schema: record(schema_for!(RawOrganization), "yizhan organization"),
        },
        SchemaFile {
            name: "venue.schema.json",
            files: &["content/venues/**/*.yaml", "content/venues/**/*.yml"],
            schema: record(schema_for!(RawVenue), "yizhan venue"),
        },
        SchemaFile {
            name: "brand.schema.json",
            files: &["content/brands/**/*.yaml", "content/brands/**/*.yml"],
            schema: record(schema_for!(RawBrand), "yizhan brand"),
        },
        SchemaFile {
            name: "service.schema.json",
            files: &["content/services/**/*.yaml", "content/services/**/*.yml"],
            schema: record(schema_for!(RawService), "yizhan service"),
        },
        SchemaFile {
            name: "news.schema.json",
            files: &["content/news/**/*.yaml", "content/news/**/*.yml"],
            schema: record(schema_for!(RawNews), "yizhan news story"),
        },
        SchemaFile {
            name: "page.schema.json",
            files: &["content/pages/**/*.yaml", "content/pages/**/*.yml"],
            schema: record(schema_for!(RawPage), "yizhan page"),
        },
    ]
}

/// Titles the schema, and closes every object to the fields it lists.
fn finish(schema: Schema, title: &str, closed: bool) -> Value {
    let mut value = schema.to_value();
    if let Value::Object(o) = &mut value {
        o.insert("title".into(), Value::from(title));
    }
    if closed {
        close(&mut value);
    }
    value
}

/// `additionalProperties: false` on every object with listed properties,
/// except free maps (`stats`, `categories` of site.yaml).
fn close(value: &mut Value) {
    match value {
        Value::Object(o) => {
            if o.contains_key("properties") && !o.contains_key("additionalProperties") {
                o.insert("additionalProperties".into(), Value::Bool(false));
            }
            for v in o.values_mut() {
                close(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close),
        _ => {}
    }
}

/// Writes every schema into `dir`, and returns the files written.
pub(crate) fn write(dir: &Path) -> anyhow::Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| t!("cannot-create", file = dir))?;
    let mut written = Vec::new();
    for s in schemas() {
        let path = dir.join(s.name);
        let mut text = serde_json::to_string_pretty(&s.schema)?;
        text.push('\n');
        std::fs::write(&path, text).with_context(|| t!("cannot-write", file = path))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

/// The `yaml.schemas` map of VS Code's YAML extension: each schema file
/// (relative to the site folder, as `schemas_dir` is) to the files it is for.
pub(crate) fn vscode_settings(schemas_dir: &str) -> Value {
    let map: serde_json::Map<String, Value> = schemas()
        .into_iter()
        .map(|s| {
            (
                format!("./{schemas_dir}/{}", s.name),
                Value::from(s.files.to_vec()),
            )
        })
        .collect();
    serde_json::json!({ "yaml.schemas": map })
}
