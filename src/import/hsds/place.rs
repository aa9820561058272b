//! Where an HSDS location is, as a venue's fields: its street address, the
//! area of `areas.yaml` it is in, and its position as first written.

use serde_json::Value as Json;
use serde_yaml::Mapping;

use crate::diagnostics::Severity;

use super::records::Mapper;
use super::tables::{Obj, Table, Tables};

impl<'a> Mapper<'a> {
    /// A location's street address (a postal one if it has no other).
    pub(super) fn address(&self, o: &Obj) -> Option<&'a Obj> {
        let t: &'a Tables = self.t;
        let addresses: Vec<&'a Obj> = t.linked(Table::Addresses, "location_id", o.id()).collect();
        addresses
            .iter()
            .find(|a| a.str("address_type") != "postal")
            .or(addresses.first())
            .copied()
    }

    /// The area: the yizhan extension's path, else a name in the address.
    pub(super) fn area_of(&self, o: &Obj, address: Option<&Obj>) -> Option<String> {
        if let Some(path) = o
            .fields
            .get("yizhan_area")
            .and_then(|a| a.get("path"))
            .and_then(Json::as_str)
        {
            if self.tree.get(path).is_some() {
                return Some(path.to_string());
            }
        }
        if let Some(a) = address {
            for text in [a.str("address_1"), a.str("region"), a.str("city")] {
                if text.is_empty() {
                    continue;
                }
                // The longest leading run of the text that names an area.
                let chars: Vec<char> = text.chars().collect();
                for end in (2..=chars.len().min(40)).rev() {
                    let head: String = chars[..end].iter().collect();
                    if let Ok(path) = self.areas.find(&head) {
                        return Some(path);
                    }
                }
            }
        }
        self.default_area.clone()
    }

    /// `{ lat, lon, datum }`: as first written when the feed kept it, else
    /// the WGS-84 position.
    pub(super) fn position(&mut self, o: &Obj) -> Option<Mapping> {
        let original = o.fields.get("yizhan_original_position");
        let (lat, lon, datum) = match original {
            Some(p) => (
                p.get("latitude").and_then(Json::as_f64),
                p.get("longitude").and_then(Json::as_f64),
                p.get("datum")
                    .and_then(Json::as_str)
                    .unwrap_or("wgs84")
                    .to_string(),
            ),
            None => (o.num("latitude"), o.num("longitude"), "wgs84".to_string()),
        };
        let (lat, lon) = (lat?, lon?);
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            self.report(
                o,
                Severity::Warning,
                t!(
                    "hsds-bad-position",
                    lat = lat.to_string(),
                    lon = lon.to_string()
                ),
            );
            return None;
        }
        let mut m = Mapping::new();
        m.insert("lat".into(), crate::import::number_value(lat));
        m.insert("lon".into(), crate::import::number_value(lon));
        if datum != self.config.map.datum.as_str() {
            m.insert("datum".into(), datum.into());
        }
        Some(m)
    }
}
