//! The CSV files of an HSDS package, row by row: the 3.x tabular tables,
//! and those of 1.x/2.x under their older names (read as their 3.x
//! columns), with the extension columns of a yizhan feed nested as its
//! JSON has them.

use serde_json::{Map, Value};

use super::source::SourceFile;
use super::tables::{At, Obj, Table, Tables};

/// Reads the rows of a CSV file of `table` into `t`.
pub(super) fn read(t: &mut Tables, table: Table, f: &SourceFile) {
    let text = String::from_utf8_lossy(&f.bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => {
            t.unread
                .push((f.name.clone(), t!("hsds-not-csv", error = e.to_string())));
            return;
        }
    };
    let base = f.base();
    for (n, record) in reader.records().enumerate() {
        let at = At {
            file: f.name.clone(),
            row: n + 2,
        };
        let Ok(record) = record else {
            t.unread
                .push((format!("{}:{}", f.name, at.row), t!("hsds-not-csv-row")));
            continue;
        };
        let mut fields = Map::new();
        for (h, v) in headers.iter().zip(record.iter()) {
            let v = v.trim();
            if !v.is_empty() {
                fields.insert(h.clone(), Value::String(v.to_string()));
            }
        }
        older_names(&base, &mut fields);
        nest_extensions(&mut fields);
        t.push(table, Obj { at, fields });
    }
}

/// The columns of HSDS 1.x/2.x tables under their 3.x names.
fn older_names(base: &str, fields: &mut Map<String, Value>) {
    let rename = |fields: &mut Map<String, Value>, from: &str, to: &str| {
        if !fields.contains_key(to) {
            if let Some(v) = fields.remove(from) {
                fields.insert(to.to_string(), v);
            }
        }
    };
    rename(fields, "fees", "fees_description");
    rename(fields, "url", "website");
    match base {
        "regular_schedules.csv" | "regular_schedule.csv" => {
            rename(fields, "weekday", "byday");
            fields
                .entry("freq")
                .or_insert_with(|| Value::String("WEEKLY".into()));
        }
        "service_taxonomy.csv" => {
            rename(fields, "service_id", "link_id");
            rename(fields, "taxonomy_id", "taxonomy_term_id");
            fields
                .entry("link_entity")
                .or_insert_with(|| Value::String("service".into()));
        }
        "taxonomy.csv" => rename(fields, "vocabulary", "taxonomy"),
        "accessibility_for_disabilities.csv" => rename(fields, "accessibility", "description"),
        _ => {}
    }
    // `url` is a service's or location's own field in every version.
    if matches!(
        base,
        "services.csv" | "service.csv" | "locations.csv" | "location.csv"
    ) {
        if let Some(v) = fields.remove("website") {
            fields.insert("url".into(), v);
        }
    }
}

/// The extension columns of a yizhan feed's CSV files as the nested fields
/// its JSON has (`yizhan_area_path` → `yizhan_area.path`), so both forms
/// read the same.
fn nest_extensions(fields: &mut Map<String, Value>) {
    let mut take = |k: &str| match fields.remove(k) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    let area = take("yizhan_area_path");
    let position = (
        take("yizhan_original_latitude")
            .and_then(|v| v.parse::<f64>().ok().filter(|n| n.is_finite())),
        take("yizhan_original_longitude")
            .and_then(|v| v.parse::<f64>().ok().filter(|n| n.is_finite())),
        take("yizhan_original_datum"),
    );
    let served = take("yizhan_areas_served");
    let operators = take("yizhan_operators");
    let online = take("yizhan_online");
    if let Some(path) = area {
        fields.insert("yizhan_area".into(), serde_json::json!({ "path": path }));
    }
    if let (Some(lat), Some(lon), Some(datum)) = position {
        fields.insert(
            "yizhan_original_position".into(),
            serde_json::json!({ "latitude": lat, "longitude": lon, "datum": datum }),
        );
    }
    if let Some(paths) = served {
        let list: Vec<Value> = paths
            .split_whitespace()
            .map(|p| serde_json::json!({ "path": p }))
            .collect();
        fields.insert("yizhan_areas_served".into(), Value::Array(list));
    }
    if let Some(ids) = operators {
        let list: Vec<Value> = ids.split_whitespace().map(Value::from).collect();
        fields.insert("yizhan_operators".into(), Value::Array(list));
    }
    if let Some(b) = online.and_then(|b| b.parse::<bool>().ok()) {
        fields.insert("yizhan_online".into(), Value::Bool(b));
    }
}
