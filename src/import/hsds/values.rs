//! Record field values from HSDS objects: dates, seasons, costs,
//! descriptions, and the ordered map of a record's fields.

use serde_yaml::{Mapping, Value};

use super::tables::{Obj, Table, Tables};

/// `2024-08-06` from a date or date-time.
pub(super) fn date_of(text: &str) -> String {
    let d = text.get(..10).unwrap_or_default();
    if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() {
        d.to_string()
    } else {
        String::new()
    }
}

/// A service's season from its schedules' `valid_from` and `valid_to`.
pub(super) fn season(schedules: &[&Obj]) -> Option<Value> {
    let from = schedules
        .iter()
        .map(|s| date_of(s.str("valid_from")))
        .find(|d| !d.is_empty())?;
    let to = schedules
        .iter()
        .map(|s| date_of(s.str("valid_to")))
        .find(|d| !d.is_empty())?;
    let mut m = Mapping::new();
    m.insert("from".into(), from.into());
    m.insert("to".into(), to.into());
    Some(Value::Mapping(m))
}

/// A record's fields in order, empty values left out.
#[derive(Default)]
pub(super) struct Fields(pub(super) Mapping);

impl Fields {
    pub(super) fn text(&mut self, key: &str, value: &str) {
        if !value.trim().is_empty() {
            self.0.insert(key.into(), value.trim().into());
        }
    }

    pub(super) fn list(&mut self, key: &str, items: Vec<String>) {
        if !items.is_empty() {
            self.0.insert(
                key.into(),
                Value::Sequence(items.into_iter().map(Value::from).collect()),
            );
        }
    }

    pub(super) fn map(&mut self, key: &str, inner: Fields) {
        if !inner.0.is_empty() {
            self.0.insert(key.into(), Value::Mapping(inner.0));
        }
    }
}

/// An object's description, unless it only repeats the name (HSDS
/// requires one of organizations and programs, and a feed without a text
/// for them gives the name).
pub(super) fn description(o: &Obj) -> &str {
    let d = o.str("description");
    if d == o.str("name") {
        ""
    } else {
        d
    }
}

/// A service's `cost`: free, or amount, currency and note, from its cost
/// options, else its `fees_description`.
pub(super) fn cost(t: &Tables, o: &Obj) -> Option<Value> {
    let option = t.linked(Table::CostOptions, "service_id", o.id()).next();
    let fees = o.str("fees_description");
    match option {
        Some(c) if c.num("amount") == Some(0.0) => Some("free".into()),
        Some(c) => {
            let mut m = Mapping::new();
            if let Some(a) = c.num("amount") {
                m.insert("amount".into(), crate::import::number_value(a));
            }
            let currency = c.str("currency");
            if !currency.is_empty() {
                m.insert("currency".into(), currency.into());
            }
            let note = [c.str("option"), c.str("amount_description"), fees]
                .into_iter()
                .find(|s| !s.is_empty());
            if let Some(n) = note {
                m.insert("note".into(), n.into());
            }
            Some(Value::Mapping(m))
        }
        None if matches!(fees, "免费" | "free" | "Free") => Some("free".into()),
        None if !fees.is_empty() => {
            let mut m = Mapping::new();
            m.insert("note".into(), fees.into());
            Some(Value::Mapping(m))
        }
        None => None,
    }
}
