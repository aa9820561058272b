//! Venues as HSDS locations in the Chinese profile: WGS-84 positions,
//! the area path, and addresses read from the area tree and the address
//! text (see `docs/hsds.md`).

use crate::areas::{AreaIdx, AreaKind, AreaTree};
use crate::geo::{self, Datum};
use crate::model::{track, Idx};
use crate::urls;

use super::ctx::{Ctx, Of};
use super::tree::{Node, Obj};

impl Ctx<'_> {
    /// A venue as an HSDS location, with its address, position, phones,
    /// hours and accessibility; its description only where `described`
    /// (in its operator's file and `locations.csv`, not in each service
    /// held there).
    pub(crate) fn location(&self, v: Idx, described: bool) -> Node<'_> {
        let obj = self
            .location_fields(v, described)
            .put("addresses", self.location_addresses(v))
            .put("phones", self.location_phones(v))
            .put("schedules", self.location_schedules(v))
            .put("accessibility", self.accessibility(v))
            .put("languages", self.location_languages(v))
            .put("attributes", self.location_attributes(v));
        self.location_extensions(v, obj).done()
    }

    /// A venue as a location nested in a service's file (without its
    /// text). A venue may hold hundreds of services: it is made and
    /// written once per render, and what making it read is noted for every
    /// file that nests it, so the engine still knows what each file read.
    pub(crate) fn nested_location(&self, v: Idx) -> Node<'_> {
        let Some(slot) = self.nested_slot(v) else {
            return self.location(v, false);
        };
        let made = slot.get_or_init(|| {
            let (json, deps) =
                track::tracked(|| serde_json::value::to_raw_value(&self.location(v, false)));
            json.ok().map(|json| (json, deps))
        });
        match made {
            Some((json, deps)) => {
                track::note_all(deps);
                Node::Raw(json)
            }
            None => self.location(v, false),
        }
    }

    /// The location's own fields and its description: a row of
    /// `locations.csv`.
    pub(crate) fn location_row(&self, v: Idx) -> Node<'_> {
        let own = self.location_fields(v, true);
        self.location_extensions(v, own).done()
    }

    fn location_fields(&self, v: Idx, described: bool) -> Obj<'_> {
        let venue = &self.site.venues[v];
        let position = self.position(v);
        Obj::default()
            .must("id", self.venue_id(v))
            .must("location_type", "physical")
            .put("url", self.urls.absolute(&urls::venue(&venue.meta.id)))
            .put("organization_id", venue.operator.map(|o| self.org_id(o)))
            .put("name", venue.name.as_str())
            .put("alternate_name", venue.aliases.first().map(String::as_str))
            .put(
                "description",
                described.then(|| self.description(Of::Location, v, &venue.meta.body)),
            )
            .put("latitude", position.map(|p| p.0))
            .put("longitude", position.map(|p| p.1))
    }

    fn location_extensions<'x>(&'x self, v: Idx, obj: Obj<'x>) -> Obj<'x> {
        let venue = &self.site.venues[v];
        obj.must("yizhan_id", venue.meta.id.as_str())
            .put("yizhan_area", self.area(venue.area))
            .put(
                "yizhan_original_position",
                venue.location.map(|l| {
                    Obj::default()
                        .must("latitude", l.original.lat)
                        .must("longitude", l.original.lon)
                        .must("datum", l.datum.as_str())
                        .done()
                }),
            )
    }

    /// The venue's WGS-84 latitude and longitude, to six decimals.
    fn position(&self, v: Idx) -> Option<(f64, f64)> {
        self.site.venues[v].location.map(|l| {
            let wgs = geo::convert(l.original, l.datum, Datum::Wgs84);
            (round(wgs.lat), round(wgs.lon))
        })
    }

    fn venue_owner(&self, v: Idx) -> String {
        format!("location/{}", self.site.venues[v].meta.id)
    }

    /// The venue's postal address: one, when the venue has one.
    pub(crate) fn location_addresses(&self, v: Idx) -> Vec<Node<'_>> {
        let venue = &self.site.venues[v];
        if venue.address.trim().is_empty() {
            return Vec::new();
        }
        let owner = self.venue_owner(v);
        vec![self.address(&owner, self.venue_id(v), venue.area, &venue.address)]
    }

    pub(crate) fn location_phones(&self, v: Idx) -> Vec<Node<'_>> {
        let venue = &self.site.venues[v];
        self.phones(
            &self.venue_owner(v),
            ("location_id", self.venue_id(v)),
            &venue.contact.phones,
        )
    }

    pub(crate) fn location_schedules(&self, v: Idx) -> Vec<Node<'_>> {
        let venue = &self.site.venues[v];
        self.schedules(
            &self.venue_owner(v),
            ("location_id", self.venue_id(v)),
            venue.hours.as_ref(),
            None,
        )
    }

    pub(crate) fn accessibility(&self, v: Idx) -> Vec<Node<'_>> {
        let venue = &self.site.venues[v];
        let owner = self.venue_owner(v);
        venue
            .accessibility
            .iter()
            .enumerate()
            .map(|(n, a)| {
                Obj::default()
                    .must("id", self.nth_id("accessibility", &owner, n + 1))
                    .must("location_id", self.venue_id(v))
                    .must("description", a.as_str())
                    .done()
            })
            .collect()
    }

    /// The languages spoken at the venue, as written.
    pub(crate) fn location_languages(&self, v: Idx) -> Vec<Node<'_>> {
        let venue = &self.site.venues[v];
        self.languages(
            &self.venue_owner(v),
            ("location_id", self.venue_id(v)),
            &venue.languages,
        )
    }

    pub(crate) fn location_attributes(&self, v: Idx) -> Vec<Node<'_>> {
        let venue = &self.site.venues[v];
        self.attributes(self.venue_id(v), "location", &venue.categories, &[])
    }

    /// A postal address in the Chinese profile: the street address as
    /// written, the district as `region`, the city and province from the
    /// area tree or the address, no postal code unless known.
    fn address<'x>(
        &'x self,
        owner: &str,
        location_id: &'x str,
        area: AreaIdx,
        text: &'x str,
    ) -> Node<'x> {
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
    pub(crate) fn area(&self, a: AreaIdx) -> Node<'_> {
        let areas = &self.site.areas;
        Obj::default()
            .must("path", areas.areas[a].path.as_str())
            .must(
                "names",
                areas
                    .lineage(a)
                    .into_iter()
                    .map(|i| Node::from(areas.areas[i].name.as_str()))
                    .collect::<Vec<_>>(),
            )
            .must("kind", areas.areas[a].kind.as_str())
            .done()
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
