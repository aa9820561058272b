//! Venues as HSDS locations in the Chinese profile: WGS-84 positions,
//! the area path, and addresses read from the area tree and the address
//! text (see `docs/hsds.md`).

use serde_json::{json, Value};

use crate::areas::{AreaIdx, AreaKind, AreaTree};
use crate::geo::{self, Datum};
use crate::model::Idx;
use crate::urls;

use super::objects::{plain, Ctx, Obj};

impl Ctx<'_> {
    /// A venue as an HSDS location, with its address, position, phones,
    /// hours and accessibility; its description only where `described`
    /// (in its operator's file, not in each service held there).
    pub(crate) fn location(&self, v: Idx, described: bool) -> Value {
        let site = self.site;
        let venue = &site.venues[v];
        let id = self.venue_id(v);
        let owner = format!("location/{}", venue.meta.id);
        let position = venue.location.map(|l| {
            let wgs = geo::convert(l.original, l.datum, Datum::Wgs84);
            (round(wgs.lat), round(wgs.lon), l)
        });
        Obj::default()
            .must("id", id.clone())
            .must("location_type", "physical")
            .put("url", self.urls.absolute(&urls::venue(&venue.meta.id)))
            .put("organization_id", venue.operator.map(|o| self.org_id(o)))
            .put("name", venue.name.as_str())
            .put("alternate_name", venue.aliases.first().map(String::as_str))
            .put("description", described.then(|| plain(&venue.meta.body)))
            .must("yizhan_id", venue.meta.id.as_str())
            .put("latitude", position.map(|p| p.0))
            .put("longitude", position.map(|p| p.1))
            .put(
                "addresses",
                vec![self.address(&owner, &id, venue.area, &venue.address)],
            )
            .put(
                "phones",
                self.phones(&owner, ("location_id", &id), &venue.contact.phones),
            )
            .put(
                "schedules",
                self.schedules(&owner, ("location_id", &id), venue.hours.as_ref(), None),
            )
            .put(
                "accessibility",
                venue
                    .accessibility
                    .iter()
                    .enumerate()
                    .map(|(n, a)| {
                        Obj::default()
                            .must(
                                "id",
                                self.id("accessibility", &format!("{owner}/{}", n + 1)),
                            )
                            .must("location_id", id.as_str())
                            .must("description", a.as_str())
                            .done()
                    })
                    .collect::<Vec<_>>(),
            )
            .put(
                "attributes",
                self.attributes(&id, "location", &venue.categories, &[]),
            )
            .put("yizhan_area", self.area(venue.area))
            .put(
                "yizhan_original_position",
                position.map(|(_, _, l)| {
                    json!({
                        "latitude": l.original.lat,
                        "longitude": l.original.lon,
                        "datum": l.datum.as_str(),
                    })
                }),
            )
            .done()
    }

    /// A postal address in the Chinese profile: the street address as
    /// written, the district as `region`, the city and province from the
    /// area tree or the address, no postal code unless known.
    fn address(&self, owner: &str, location_id: &str, area: AreaIdx, text: &str) -> Value {
        let parts = address_parts(&self.site.areas, area, text);
        Obj::default()
            .must("id", self.id("address", owner))
            .must("location_id", location_id)
            .must("address_1", text)
            .must("city", parts.city.unwrap_or_default())
            .put("region", parts.district)
            .must("state_province", parts.province.unwrap_or_default())
            .must("postal_code", "")
            .must("country", "CN")
            .must("address_type", "physical")
            .done()
    }

    /// An area with its path and the names from the top down.
    pub(super) fn area(&self, a: AreaIdx) -> Value {
        let areas = &self.site.areas;
        json!({
            "path": areas.areas[a].path,
            "names": areas
                .lineage(a)
                .into_iter()
                .map(|i| areas.areas[i].name.as_str())
                .collect::<Vec<_>>(),
            "kind": areas.areas[a].kind.as_str(),
        })
    }
}

/// The parts of a Chinese postal address beyond the text as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AddressParts {
    /// From the start of the address (`甘肃省`), if it names one.
    pub province: Option<String>,
    /// From the area tree, else from the start of the address (`兰州市`).
    pub city: Option<String>,
    /// The district or county of the area tree (`城关区`).
    pub district: Option<String>,
}

/// The province, city and district of a venue in `area` at `text`; the
/// JSON-LD of venue pages says the same (`render/jsonld`).
pub(crate) fn address_parts(areas: &AreaTree, area: AreaIdx, text: &str) -> AddressParts {
    let lineage = areas.lineage(area);
    let named = |kinds: &[AreaKind]| {
        lineage
            .iter()
            .map(|&a| &areas.areas[a])
            .find(|a| kinds.contains(&a.kind))
            .map(|a| a.name.clone())
    };
    AddressParts {
        province: leading(text, PROVINCE_ENDS),
        city: named(&[AreaKind::City]).or_else(|| leading(text, CITY_ENDS)),
        district: named(&[AreaKind::District, AreaKind::County]),
    }
}

const CITY_ENDS: &[&str] = &["市", "自治州", "地区", "盟"];
const PROVINCE_ENDS: &[&str] = &["省", "自治区"];

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The place name an address starts with, ending in the first (by
/// position) of `ends`: `甘肃省兰州市…` gives `甘肃省` for the province
/// and `兰州市` for the city (a city is looked for after the province).
fn leading(text: &str, ends: &[&str]) -> Option<String> {
    let after_province = if ends == PROVINCE_ENDS {
        text
    } else {
        leading(text, PROVINCE_ENDS).map_or(text, |p| &text[p.len()..])
    };
    ends.iter()
        .filter_map(|end| after_province.find(end).map(|at| at + end.len()))
        .min()
        .map(|end| &after_province[..end])
        .filter(|head| head.chars().count() <= MAX_PLACE_CHARS)
        .map(str::to_owned)
}

/// Longer heads are not a place name the address starts with.
const MAX_PLACE_CHARS: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_and_city_come_from_the_start_of_an_address() {
        let city = |a| leading(a, CITY_ENDS);
        let province = |a| leading(a, PROVINCE_ENDS);
        assert_eq!(province("甘肃省兰州市城关区").as_deref(), Some("甘肃省"));
        assert_eq!(city("甘肃省兰州市城关区").as_deref(), Some("兰州市"));
        assert_eq!(city("兰州市城关区盐场路").as_deref(), Some("兰州市"));
        assert_eq!(
            city("甘肃省临夏回族自治州临夏市").as_deref(),
            Some("临夏回族自治州")
        );
        assert_eq!(
            province("新疆维吾尔自治区乌鲁木齐市").as_deref(),
            Some("新疆维吾尔自治区")
        );
        assert_eq!(
            city("新疆维吾尔自治区乌鲁木齐市").as_deref(),
            Some("乌鲁木齐市")
        );
        assert_eq!(province("城关区盐场路街道"), None);
        assert_eq!(city("城关区盐场路街道"), None);
    }
}
