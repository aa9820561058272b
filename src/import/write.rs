//! Records as file text: a new record as a `.yaml` file, an existing one
//! changed in place.
//!
//! An update replaces only the top-level fields the sheet has, line by
//! line, so the rest of the file (other fields, comments, the Markdown body
//! of a `.md` record) stays exactly as the editor left it. A nested field
//! (`contact`, `apply`) keeps the parts the sheet does not have.

use serde_yaml::{Mapping, Value};

use super::{Collection, ImportedRecord};

/// The text of a new record file.
pub(crate) fn new_file(row: &ImportedRecord) -> anyhow::Result<String> {
    let mut text = serde_yaml::to_string(&Value::Mapping(row.fields.clone()))?;
    if let Some(kept) = &row.kept_hours {
        text.push_str(&kept_comment(row, kept));
    }
    Ok(text)
}

fn kept_comment(row: &ImportedRecord, kept: &str) -> String {
    let field = match row.kind {
        Collection::Services => "schedule",
        _ => "hours",
    };
    format!(
        "# 开放时间原文（未能转换为 opening_hours 写法，请改写后填入 {field}）：{}\n",
        kept.replace('\n', " ")
    )
}

/// The text of an existing record file with the row's fields in it.
pub(crate) fn updated_file(old: &str, row: &ImportedRecord) -> anyhow::Result<String> {
    let (front, yaml, body) = split(old);
    let current: Mapping = serde_yaml::from_str(yaml).unwrap_or_default();
    let mut lines: Vec<String> = yaml.lines().map(str::to_string).collect();
    let is_md = front.is_some();
    let mut new_body = None;
    for (key, value) in &row.fields {
        let Some(key) = key.as_str() else { continue };
        if is_md && key == "description" {
            new_body = value.as_str().map(str::to_string);
            continue;
        }
        let value = match (current.get(key), value) {
            (Some(Value::Mapping(old)), Value::Mapping(new)) => {
                let mut merged = old.clone();
                for (k, v) in new {
                    merged.insert(k.clone(), v.clone());
                }
                Value::Mapping(merged)
            }
            _ => value.clone(),
        };
        // A field written in flow style (`contact: { phone: "…" }`) stays so.
        let was_flow = lines.iter().any(|l| {
            l.strip_prefix(key)
                .and_then(|rest| rest.trim_start().strip_prefix(':'))
                .is_some_and(|v| v.trim_start().starts_with(['{', '[']))
        });
        let block = match flow(&value).filter(|_| was_flow) {
            Some(flow) => format!("{key}: {flow}"),
            None => {
                let mut one = Mapping::new();
                one.insert(key.into(), value);
                serde_yaml::to_string(&Value::Mapping(one))?
            }
        };
        replace_block(&mut lines, key, block.trim_end());
    }
    let mut yaml_out = lines.join("\n");
    yaml_out.push('\n');
    if let Some(kept) = &row.kept_hours {
        let comment = kept_comment(row, kept);
        if !yaml_out.contains(comment.trim_end()) {
            yaml_out.push_str(&comment);
        }
    }
    Ok(match front {
        None => yaml_out,
        Some(open) => {
            let body = match new_body {
                Some(b) => format!("\n{}\n", b.trim_end()),
                None => body.to_string(),
            };
            format!("{open}{yaml_out}---\n{body}")
        }
    })
}

/// `{ a: 1, b: "x" }` or `[a, b]` for a mapping or list of plain values.
fn flow(value: &Value) -> Option<String> {
    let scalar = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => {
                let plain = serde_yaml::to_string(s).ok()?;
                let plain = plain.trim_end();
                let safe = !s.is_empty()
                    && !plain.starts_with(['\'', '"'])
                    && !plain.contains('\n')
                    && !s.contains([',', '[', ']', '{', '}', '#', ':']);
                Some(if safe {
                    plain.to_string()
                } else {
                    serde_json::to_string(s).ok()?
                })
            }
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    match value {
        Value::Mapping(m) => {
            let items: Option<Vec<String>> = m
                .iter()
                .map(|(k, v)| Some(format!("{}: {}", k.as_str()?, scalar(v)?)))
                .collect();
            Some(format!("{{ {} }}", items?.join(", ")))
        }
        Value::Sequence(items) => {
            let items: Option<Vec<String>> = items.iter().map(scalar).collect();
            Some(format!("[{}]", items?.join(", ")))
        }
        _ => None,
    }
}

/// `(Some("---\n"), yaml, body)` for a `.md` record, `(None, text, "")`
/// for a `.yaml` one.
fn split(text: &str) -> (Option<&str>, &str, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text, "");
    };
    let open = &text[..text.len() - rest.len()];
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(open), &rest[..at], &rest[at + line.len()..]);
        }
        at += line.len();
    }
    (None, text, "")
}

/// Replaces the lines of top-level `key` (its line and the indented or
/// `- ` lines under it) with `block`, or adds `block` at the end.
fn replace_block(lines: &mut Vec<String>, key: &str, block: &str) {
    let starts = |l: &str| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    };
    let new: Vec<String> = block.lines().map(str::to_string).collect();
    let Some(start) = lines.iter().position(|l| starts(l)) else {
        // Before trailing blank lines and comments, so a kept comment
        // stays last.
        lines.extend(new);
        return;
    };
    let mut end = start + 1;
    while end < lines.len() {
        let l = &lines[end];
        let inside = l.is_empty() || l.starts_with([' ', '\t']) || l.starts_with("- ") || l == "-";
        if !inside {
            break;
        }
        end += 1;
    }
    // A blank line before the next field stays.
    while end > start + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    lines.splice(start..end, new);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[(&str, Value)]) -> ImportedRecord {
        let mut m = Mapping::new();
        for (k, v) in fields {
            m.insert((*k).into(), v.clone());
        }
        ImportedRecord {
            kind: Collection::Venues,
            sheet: "场所".into(),
            row: 2,
            id: "x".into(),
            existing: None,
            fields: m,
            kept_hours: None,
        }
    }

    #[test]
    fn an_update_changes_only_the_fields_of_the_sheet() {
        let old = "# 示意\nname: 旧名\naliases:\n- 甲\n- 乙\ncontact: { phone: \"1\", wechat: w }\nhours: \"Mo 09:00-10:00\" # 注\n\nupdated: 2024-01-01\n";
        let mut phone = Mapping::new();
        phone.insert("phone".into(), "0931-1".into());
        let r = row(&[
            ("aliases", Value::Sequence(vec!["丙".into()])),
            ("contact", Value::Mapping(phone)),
            ("floor_area_m2", Value::from(80)),
        ]);
        let new = updated_file(old, &r).expect("update");
        assert!(
            new.starts_with(
                "# 示意\nname: 旧名\naliases:\n- 丙\ncontact: { phone: 0931-1, wechat: w }\n"
            ),
            "{new}"
        );
        assert!(
            new.contains("hours: \"Mo 09:00-10:00\" # 注\n\nupdated: 2024-01-01\n"),
            "{new}"
        );
        assert!(new.ends_with("floor_area_m2: 80\n"), "{new}");
        let back: Mapping = serde_yaml::from_str(&new).expect("still YAML");
        assert_eq!(back.len(), 6);
        assert_eq!(back["contact"]["phone"], Value::from("0931-1"));
    }

    #[test]
    fn a_markdown_record_keeps_its_body_unless_the_sheet_has_one() {
        let old = "---\nname: 甲\n---\n\n正文。\n";
        let same = updated_file(old, &row(&[("name", "乙".into())])).expect("update");
        assert_eq!(same, "---\nname: 乙\n---\n\n正文。\n");
        let body = updated_file(old, &row(&[("description", "新的简介".into())])).expect("update");
        assert_eq!(body, "---\nname: 甲\n---\n\n新的简介\n");
    }
}
