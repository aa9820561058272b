//! `yizhan schema` and `init`: the JSON Schemas editors' tools check YAML
//! with accept every file of the sample site, refuse what `check` refuses
//! (a wrong type, a misspelt field), and `init` wires them for VS Code.

use std::path::Path;

use serde_json::Value;

use crate::common::TestSite;

fn yizhan(root: &Path, args: &[&str]) -> std::process::Output {
    crate::common::yizhan_command()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("runs")
}

fn validator(path: &Path) -> jsonschema::Validator {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("a schema");
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The YAML of a record file (a `.md` record's front matter) as JSON.
fn fields(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read");
    let yaml = match text.strip_prefix("---\n") {
        Some(rest) => rest.split("\n---").next().unwrap_or_default().to_string(),
        None => text,
    };
    serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(v: &jsonschema::Validator, value: &Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn the_schemas_accept_the_sample_and_refuse_what_check_refuses() {
    let site = TestSite::sample();
    let out = yizhan(site.root(), &["schema", "--to", "schemas"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let schemas = site.path("schemas");
    let mut checked = 0;
    for (folder, schema) in [
        ("organizations", "organization"),
        ("venues", "venue"),
        ("brands", "brand"),
        ("services", "service"),
        ("news", "news"),
        ("pages", "page"),
    ] {
        let v = validator(&schemas.join(format!("{schema}.schema.json")));
        for entry in walkdir::WalkDir::new(site.path(&format!("content/{folder}"))) {
            let entry = entry.expect("walk");
            let ext = entry.path().extension().and_then(|e| e.to_str());
            if !matches!(ext, Some("md" | "yaml")) {
                continue;
            }
            let value = fields(entry.path());
            let found = errors(&v, &value);
            assert!(found.is_empty(), "{}: {found:?}", entry.path().display());
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked} records checked");
    for (file, schema) in [("site.yaml", "site"), ("areas.yaml", "areas")] {
        let v = validator(&schemas.join(format!("{schema}.schema.json")));
        let value = fields(&site.path(&format!("content/{file}")));
        let found = errors(&v, &value);
        assert!(found.is_empty(), "{file}: {found:?}");
    }

    let venue = validator(&schemas.join("venue.schema.json"));
    let wrong: Value =
        serde_yaml::from_str("name: 驿站\narea: chengguan\nfloor_area_m2: 六百\n").expect("yaml");
    let found = errors(&venue, &wrong);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("/floor_area_m2"), "{found:?}");
    let typo: Value =
        serde_yaml::from_str("name: 驿站\narea: chengguan\nadress: 张掖路\n").expect("yaml");
    let found = errors(&venue, &typo);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("adress"), "{found:?}");
}

#[test]
fn init_wires_the_schemas_for_vs_code() {
    let site = TestSite::empty();
    let out = yizhan(site.root(), &["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let settings: Value =
        serde_json::from_str(&site.read(".vscode/settings.json")).expect("settings JSON");
    let map = settings["yaml.schemas"].as_object().expect("yaml.schemas");
    assert_eq!(map.len(), 8);
    for (schema, globs) in map {
        let path = site.path(schema.trim_start_matches("./"));
        assert!(path.is_file(), "{schema} is written");
        validator(&path);
        assert!(globs.as_array().is_some_and(|g| !g.is_empty()), "{schema}");
    }
    assert_eq!(
        map["./.vscode/schemas/service.schema.json"][0],
        "content/services/**/*.yaml"
    );
}

#[test]
fn init_writes_workflows_that_check_and_publish() {
    let site = TestSite::empty();
    let out = yizhan(site.root(), &["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [".github/workflows/site.yml", ".gitlab-ci.yml"] {
        let text = site.read(file);
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(yaml.as_mapping().is_some_and(|m| !m.is_empty()), "{file}");
        assert!(text.contains("yizhan check"), "{file} checks");
        assert!(text.contains("yizhan build"), "{file} builds");
        assert!(
            text.contains("YIZHAN_GIT"),
            "{file} says where yizhan comes from"
        );
    }
    assert!(site
        .read(".github/workflows/site.yml")
        .contains("--format github"));
    assert!(site.read(".gitlab-ci.yml").contains("- public"));
}
