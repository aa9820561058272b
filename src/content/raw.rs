//! The raw form of each kind of record: what serde reads from a file, before
//! any checking. Every field is optional here so that a missing field becomes
//! a clear "required field" diagnostic in the model phase rather than a
//! terse serde error, and so one file can report several problems at once.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawContact {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub wechat: Option<String>,
    pub website: Option<String>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawOrganization {
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub registered: Option<bool>,
    pub areas_served: Vec<String>,
    pub linked_by: Option<String>,
    #[schemars(with = "IndexMap<String, serde_json::Value>")]
    pub stats: IndexMap<String, serde_yaml::Value>,
    pub contact: RawContact,
    pub categories: Vec<String>,
    pub updated: Option<String>,
    pub description: Option<String>,
    /// The name in the site's English copy.
    pub name_en: Option<String>,
    /// The description (Markdown) in the site's English copy.
    pub description_en: Option<String>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawLocation {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub datum: Option<String>,
}

/// A temporary closure: `{ from: 2026-12-05, to: 2026-12-08, note: 场地维修 }`;
/// without `to` it lasts until further notice.
#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawClosure {
    pub from: Option<String>,
    pub to: Option<String>,
    pub note: Option<String>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawVenue {
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub area: Option<String>,
    pub address: Option<String>,
    pub location: Option<RawLocation>,
    pub floor_area_m2: Option<f64>,
    pub hours: Option<String>,
    pub operator: Option<String>,
    pub accessibility: Vec<String>,
    pub languages_spoken: Vec<String>,
    pub closed: Vec<RawClosure>,
    pub contact: RawContact,
    pub categories: Vec<String>,
    pub updated: Option<String>,
    pub description: Option<String>,
    /// The name in the site's English copy.
    pub name_en: Option<String>,
    /// The description (Markdown) in the site's English copy.
    pub description_en: Option<String>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawBrand {
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    pub operators: Vec<String>,
    pub venues: Vec<String>,
    pub started: Option<i64>,
    pub categories: Vec<String>,
    pub contact: RawContact,
    pub updated: Option<String>,
    pub description: Option<String>,
    /// The name in the site's English copy.
    pub name_en: Option<String>,
    /// The description (Markdown) in the site's English copy.
    pub description_en: Option<String>,
}

#[derive(Deserialize, JsonSchema, Debug, Clone)]
#[serde(untagged)]
pub(crate) enum RawCost {
    Word(String),
    Detail {
        amount: Option<f64>,
        currency: Option<String>,
        note: Option<String>,
    },
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawSeason {
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawApply {
    pub phone: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawService {
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub organization: Option<String>,
    pub brand: Option<String>,
    pub part_of: Option<String>,
    pub venues: Vec<String>,
    pub online: Option<bool>,
    pub categories: Vec<String>,
    pub audiences: Vec<String>,
    pub cost: Option<RawCost>,
    pub eligibility: Option<String>,
    pub schedule: Option<String>,
    pub season: Option<RawSeason>,
    pub closed: Vec<RawClosure>,
    pub languages_spoken: Vec<String>,
    pub documents: Vec<String>,
    pub apply: RawApply,
    pub updated: Option<String>,
    pub description: Option<String>,
    /// The name in the site's English copy.
    pub name_en: Option<String>,
    /// The description (Markdown) in the site's English copy.
    pub description_en: Option<String>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawNews {
    pub title: Option<String>,
    pub kicker: Option<String>,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub editors: Vec<String>,
    pub mentions: Vec<String>,
    pub tags: Vec<String>,
    pub description: Option<String>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(default)]
pub(crate) struct RawPage {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Order in the footer menu (lower first); pages without it are not listed.
    pub weight: Option<i64>,
}
