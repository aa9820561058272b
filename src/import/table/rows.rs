//! Sheet rows → records: the id of each row first (so that rows can name
//! each other across sheets), then every cell read as its field.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use crate::areas::AreaTree;
use crate::config::Config;

use super::cells;
use super::columns::Field;
use super::sheet::Sheet;
use super::{Problem, Severity};
use crate::import::lookup::{find_term, Areas, Directory, Existing};
use crate::import::{Collection, ImportedRecord};

/// A sheet with the collection it fills and the field of each column.
pub(crate) struct Layout<'s> {
    pub sheet: &'s Sheet,
    pub kind: Collection,
    /// Index in `sheet.rows` of the header row.
    pub header: usize,
    /// Column index, field, header text.
    pub columns: Vec<(usize, Field, String)>,
}

/// The field a column fills in a record of `kind`, as a key path.
fn key(kind: Collection, field: Field) -> Option<&'static str> {
    use Collection as K;
    use Field as F;
    Some(match (kind, field) {
        (_, F::Name) => "name",
        (K::Organizations | K::Brands, F::ShortName) => "short_name",
        (_, F::Aliases) => "aliases",
        (K::Organizations, F::Kind) => "kind",
        (K::Organizations, F::Registered) => "registered",
        (K::Organizations, F::LinkedBy) => "linked_by",
        (K::Organizations, F::Area(_)) => "areas_served",
        (K::Venues, F::Area(_)) => "area",
        (K::Venues, F::Address) => "address",
        (K::Venues, F::Location | F::Latitude | F::Longitude) => "location",
        (K::Venues, F::FloorArea) => "floor_area_m2",
        (K::Venues, F::Hours) => "hours",
        (K::Services, F::Hours) => "schedule",
        (K::Venues, F::Operator) => "operator",
        (K::Brands, F::Operator) => "operators",
        (K::Services, F::Operator) => "organization",
        (K::Brands | K::Services, F::Venues) => "venues",
        (K::Services, F::Brand) => "brand",
        (K::Services, F::PartOf) => "part_of",
        (K::Brands, F::Started) => "started",
        (K::Services, F::Online) => "online",
        (_, F::Categories) => "categories",
        (K::Services, F::Audiences) => "audiences",
        (K::Services, F::Free | F::Cost) => "cost",
        (K::Services, F::Eligibility) => "eligibility",
        (K::Services, F::Apply) => "apply.note",
        (K::Services, F::ApplyUrl | F::Website) => "apply.url",
        (K::Services, F::Phone) => "apply.phone",
        (K::Services, F::Season) => "season",
        (K::Venues, F::Accessibility) => "accessibility",
        (K::Venues | K::Services, F::Languages) => "languages_spoken",
        (K::Services, F::Documents) => "documents",
        (K::Services, F::Email | F::Wechat) => return None,
        (_, F::Phone) => "contact.phone",
        (_, F::Email) => "contact.email",
        (_, F::Wechat) => "contact.wechat",
        (_, F::Website) => "contact.website",
        (_, F::Description) => "description",
        (_, F::Updated) => "updated",
        _ => return None,
    })
}

/// The order of a record's fields, as in `docs/content-format.md`.
fn order(kind: Collection) -> &'static [&'static str] {
    match kind {
        Collection::Organizations => &[
            "name",
            "short_name",
            "aliases",
            "kind",
            "registered",
            "areas_served",
            "linked_by",
            "contact",
            "categories",
            "updated",
            "description",
        ],
        Collection::Venues => &[
            "name",
            "aliases",
            "area",
            "address",
            "location",
            "floor_area_m2",
            "hours",
            "operator",
            "accessibility",
            "languages_spoken",
            "contact",
            "categories",
            "updated",
            "description",
        ],
        Collection::Brands => &[
            "name",
            "short_name",
            "aliases",
            "operators",
            "venues",
            "started",
            "categories",
            "contact",
            "updated",
            "description",
        ],
        Collection::Services => &[
            "name",
            "aliases",
            "organization",
            "brand",
            "part_of",
            "venues",
            "online",
            "categories",
            "audiences",
            "cost",
            "eligibility",
            "schedule",
            "season",
            "languages_spoken",
            "documents",
            "apply",
            "updated",
            "description",
        ],
    }
}

/// Reports the columns no field of the collection takes, once each.
pub(crate) fn unused_columns(layout: &Layout<'_>, file: &str, problems: &mut Vec<Problem>) {
    let mut seen = BTreeSet::new();
    for (c, field, header) in &layout.columns {
        let problem = match key(layout.kind, *field) {
            _ if *field == Field::Ignore || *field == Field::Id => None,
            None => Some(t!("table-no-field", what = layout.kind.folder())),
            Some(k) if !matches!(field, Field::Area(_)) && !seen.insert((k, *field)) => {
                Some(t!("table-second-column"))
            }
            Some(_) => None,
        };
        if let Some(message) = problem {
            problems.push(Problem::at(
                file,
                layout,
                layout.header,
                *c,
                header,
                Severity::Warning,
                message,
            ));
        }
    }
}

/// Pass one: the id of every row, and its names in the directory, so that
/// rows of any sheet can name it.
pub(crate) fn assign_ids(
    layouts: &[Layout<'_>],
    directory: &mut Directory,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Option<(String, Option<Existing>)>> {
    let mut ids = Vec::new();
    let mut first_row: BTreeMap<(Collection, String), usize> = BTreeMap::new();
    for layout in layouts {
        let names = directory.of(layout.kind);
        for r in layout.header + 1..layout.sheet.rows.len() {
            let cells = &layout.sheet.rows[r];
            let get = |f: Field| {
                layout
                    .columns
                    .iter()
                    .find(|(_, field, _)| *field == f)
                    .and_then(|(c, _, h)| cells.get(*c).map(|t| (*c, t.trim(), h)))
                    .filter(|(_, t, _)| !t.is_empty())
            };
            if cells.iter().all(|c| c.trim().is_empty()) {
                ids.push(None);
                continue;
            }
            let Some((name_col, name, _)) = get(Field::Name) else {
                let c = layout.columns.iter().find(|(_, f, _)| *f == Field::Name);
                problems.push(Problem::at(
                    file,
                    layout,
                    r,
                    c.map(|(c, _, _)| *c).unwrap_or(0),
                    c.map(|(_, _, h)| h.as_str()).unwrap_or(""),
                    Severity::Error,
                    t!("table-row-no-name"),
                ));
                ids.push(None);
                continue;
            };
            let row_number = layout.sheet.row_number(r);
            if let Some(first) = first_row.insert((layout.kind, name.to_string()), row_number) {
                problems.push(Problem::at(
                    file,
                    layout,
                    r,
                    name_col,
                    "",
                    Severity::Error,
                    t!("table-same-name", row = first),
                ));
                ids.push(None);
                continue;
            }
            let given = get(Field::Id).map(|(c, t, h)| (c, t.to_string(), h));
            let same_name = names.existing_named(name);
            let id = match (given, same_name) {
                (Some((_, id, _)), _) if crate::slug::is_valid_id(&id) => id,
                (Some((c, id, h)), _) => {
                    problems.push(Problem::at(
                        file,
                        layout,
                        r,
                        c,
                        h,
                        Severity::Warning,
                        t!("table-bad-id", id = id),
                    ));
                    names.fresh_id(name)
                }
                (None, Some(id)) => id,
                (None, None) => names.fresh_id(name),
            };
            let existing = names.existing.get(&id).cloned();
            let others: Vec<String> = [Field::ShortName, Field::Aliases]
                .into_iter()
                .filter_map(get)
                .flat_map(|(_, t, _)| cells::list(t))
                .collect();
            names.add(&id, name, &others);
            ids.push(Some((id, existing)));
        }
    }
    ids
}

/// What pass two needs to read a cell.
pub(crate) struct Reader<'a> {
    pub config: &'a Config,
    pub areas: Areas<'a>,
    pub directory: &'a Directory,
    pub file: &'a str,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(
        config: &'a Config,
        tree: &'a AreaTree,
        directory: &'a Directory,
        file: &'a str,
    ) -> Self {
        Reader {
            config,
            areas: Areas::new(tree),
            directory,
            file,
        }
    }

    /// Pass two: every cell of a row read as its field.
    pub(crate) fn row(
        &self,
        layout: &Layout<'_>,
        r: usize,
        id: String,
        existing: Option<Existing>,
        problems: &mut Vec<Problem>,
    ) -> Option<ImportedRecord> {
        let cells = &layout.sheet.rows[r];
        let kind = layout.kind;
        let mut values: BTreeMap<&'static str, Value> = BTreeMap::new();
        let mut kept_hours = None;
        let mut area_parts: Vec<(u8, usize, String, &str)> = Vec::new();
        let mut lat_lon = (None, None);
        let mut fatal = false;
        for (c, field, header) in &layout.columns {
            let Some(key) = key(kind, *field) else {
                continue;
            };
            let text = cells.get(*c).map(|t| t.trim()).unwrap_or_default();
            if text.is_empty() {
                continue;
            }
            let mut report = |severity, message: String| {
                problems.push(Problem::at(
                    self.file, layout, r, *c, header, severity, message,
                ));
            };
            let value: Result<Option<Value>, String> = match field {
                Field::Name
                | Field::ShortName
                | Field::Address
                | Field::Eligibility
                | Field::Apply
                | Field::Description => Ok(Some(text.into())),
                Field::Phone => Ok(Some(cells::list(text).join("、").into())),
                Field::Email | Field::Wechat | Field::Website | Field::ApplyUrl => {
                    Ok(Some(text.into()))
                }
                Field::Aliases | Field::Languages | Field::Documents => {
                    Ok(Some(strings(cells::list(text))))
                }
                Field::Kind => cells::org_kind(text).map(|k| Some(k.into())),
                Field::Registered | Field::Online => cells::yes_no(text).map(|b| Some(b.into())),
                Field::Free => cells::yes_no(text).map(|free| free.then(|| "free".into())),
                Field::Cost => Ok(Some(cells::cost(text))),
                Field::Updated => cells::date(text).map(|d| Some(d.into())),
                Field::Season => cells::season(text).map(Some),
                Field::Started => cells::number(text)
                    .ok()
                    .filter(|y| y.fract() == 0.0 && (1900.0..=2100.0).contains(y))
                    .map(|y| Some((y as i64).into()))
                    .ok_or_else(|| t!("cell-not-year", text = text)),
                Field::FloorArea => cells::number(text).and_then(|a| {
                    if a > 0.0 {
                        Ok(Some(crate::import::number_value(a)))
                    } else {
                        Err(t!("cell-floor-area", text = text))
                    }
                }),
                Field::Accessibility => Ok(Some(strings(cells::accessibility(text)))),
                Field::Location => cells::coordinates(text).map(|(lat, lon)| {
                    lat_lon = (Some(lat), Some(lon));
                    None
                }),
                Field::Latitude | Field::Longitude => cells::number(text).map(|n| {
                    if *field == Field::Latitude {
                        lat_lon.0 = Some(n);
                    } else {
                        lat_lon.1 = Some(n);
                    }
                    None
                }),
                Field::Hours => match hours(text) {
                    Ok(h) => Ok(Some(h.into())),
                    Err(reason) => {
                        kept_hours = Some(text.to_string());
                        report(Severity::Warning, t!("cell-hours-unread", why = reason));
                        Ok(None)
                    }
                },
                Field::Area(level) => {
                    area_parts.push((*level, *c, header.clone(), text));
                    Ok(None)
                }
                Field::Categories => terms(&self.config.categories, text, &mut report),
                Field::Audiences => terms(&self.config.audiences, text, &mut report),
                Field::Operator
                | Field::LinkedBy
                | Field::Venues
                | Field::Brand
                | Field::PartOf => {
                    let target = match field {
                        Field::Venues => Collection::Venues,
                        Field::Brand => Collection::Brands,
                        Field::PartOf => Collection::Services,
                        _ => Collection::Organizations,
                    };
                    let many = matches!(key, "operators" | "venues");
                    let items = if many {
                        cells::list(text)
                    } else {
                        vec![text.to_string()]
                    };
                    let mut found = Vec::new();
                    for item in &items {
                        match self.directory.names.get(&target).map(|n| n.find(item)) {
                            Some(Ok(id)) => found.push(id),
                            None => {}
                            Some(Err(hint)) => report(
                                Severity::Warning,
                                t!(
                                    "cell-no-such-record",
                                    what = singular(target),
                                    name = item,
                                    has_hint = if hint.is_empty() { "no" } else { "yes" },
                                    hint = hint
                                ),
                            ),
                        }
                    }
                    if found.is_empty() {
                        fatal |= key == "organization";
                        Ok(None)
                    } else if many {
                        Ok(Some(strings(found)))
                    } else {
                        Ok(found.pop().map(Value::from))
                    }
                }
                Field::Id | Field::Ignore => Ok(None),
            };
            match value {
                Ok(Some(v)) => set(&mut values, key, v),
                Ok(None) => {}
                Err(message) => report(Severity::Warning, t!("cell-not-imported", why = message)),
            }
        }
        self.area(layout, r, kind, &area_parts, &mut values, problems);
        if let (Some(lat), Some(lon)) = lat_lon {
            let mut m = Mapping::new();
            m.insert("lat".into(), crate::import::number_value(lat));
            m.insert("lon".into(), crate::import::number_value(lon));
            values.insert("location", Value::Mapping(m));
        }
        if kind == Collection::Services
            && !values.contains_key("organization")
            && existing.is_none()
        {
            let message = if fatal {
                t!("table-service-organization-not-found")
            } else {
                t!("table-service-no-organization")
            };
            let (c, h) = layout
                .columns
                .iter()
                .find(|(_, f, _)| *f == Field::Operator)
                .map(|(c, _, h)| (*c, h.as_str()))
                .unwrap_or((0, ""));
            problems.push(Problem::at(
                self.file,
                layout,
                r,
                c,
                h,
                Severity::Error,
                message,
            ));
            return None;
        }
        let mut fields = Mapping::new();
        for k in order(kind) {
            if let Some(v) = values.remove(k) {
                fields.insert((*k).into(), v);
            }
        }
        Some(ImportedRecord {
            kind,
            sheet: layout.sheet.name.clone(),
            row: layout.sheet.row_number(r),
            id,
            existing,
            fields,
            kept_hours,
        })
    }

    /// The area columns of a row, joined from the widest down.
    fn area(
        &self,
        layout: &Layout<'_>,
        r: usize,
        kind: Collection,
        parts: &[(u8, usize, String, &str)],
        values: &mut BTreeMap<&'static str, Value>,
        problems: &mut Vec<Problem>,
    ) {
        let Some(&(_, column, ref header, _)) = parts.iter().max_by_key(|p| p.0) else {
            return;
        };
        let mut sorted: Vec<_> = parts.to_vec();
        sorted.sort_by_key(|p| p.0);
        // One column may list several areas an organization serves.
        let texts: Vec<String> = match sorted.as_slice() {
            [(_, _, _, one)] if kind == Collection::Organizations => cells::list(one),
            many => vec![many.iter().map(|p| p.3).collect::<String>()],
        };
        let mut paths = Vec::new();
        for text in texts {
            match self.areas.find(&text) {
                Ok(path) => paths.push(path),
                Err(why) => problems.push(Problem::at(
                    self.file,
                    layout,
                    r,
                    column,
                    header,
                    Severity::Warning,
                    t!("cell-area-not-imported", text = text, why = why),
                )),
            }
        }
        match kind {
            Collection::Venues => {
                if let Some(p) = paths.pop() {
                    values.insert("area", p.into());
                }
            }
            _ if !paths.is_empty() => {
                values.insert("areas_served", strings(paths));
            }
            _ => {}
        }
    }
}

fn singular(kind: Collection) -> &'static str {
    match kind {
        Collection::Organizations => "organization",
        Collection::Venues => "venue",
        Collection::Brands => "brand",
        Collection::Services => "service",
    }
}

fn strings(items: Vec<String>) -> Value {
    Value::Sequence(items.into_iter().map(Value::from).collect())
}

/// Terms by id or name; an unknown one is reported and left out.
fn terms(
    terms: &[crate::config::Term],
    text: &str,
    report: &mut impl FnMut(Severity, String),
) -> Result<Option<Value>, String> {
    let mut ids = Vec::new();
    for item in cells::list(text) {
        match find_term(terms, &item) {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(why) => report(
                Severity::Warning,
                t!("cell-term-not-imported", text = item, why = why),
            ),
        }
    }
    Ok((!ids.is_empty()).then(|| strings(ids)))
}

/// Hours as typed: `opening_hours` already, or words made into it.
fn hours(text: &str) -> Result<String, String> {
    if crate::hours::parse(text).is_ok() {
        return Ok(text.to_string());
    }
    crate::hours::from_words(text).map_err(|e| e.reason)
}

/// Sets `contact.phone` inside `contact`, or a top-level field.
fn set(values: &mut BTreeMap<&'static str, Value>, key: &'static str, value: Value) {
    match key.split_once('.') {
        Some((outer, inner)) => {
            let outer: &'static str = match outer {
                "contact" => "contact",
                _ => "apply",
            };
            let entry = values
                .entry(outer)
                .or_insert_with(|| Value::Mapping(Mapping::new()));
            if let Value::Mapping(m) = entry {
                m.insert(inner.into(), value);
            }
        }
        None => {
            values.insert(key, value);
        }
    }
}
