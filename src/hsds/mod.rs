//! The directory as Open Referral HSDS 3.0, written by every build under
//! `hsds/` so that any static host serves a read-only HSDS feed:
//!
//! | file | what |
//! |---|---|
//! | `hsds/index.json` | the API root: HSDS version, profile, publisher |
//! | `hsds/profile.json` | the Chinese profile's extension fields |
//! | `hsds/services/ID.json` | a service, fully nested |
//! | `hsds/organizations/ID.json` | an organization, fully nested |
//! | `hsds/services/index.json`, `…/page/N/index.json` | pages of the service list |
//! | `hsds/organizations/index.json`, `…/page/N/index.json` | pages of the organization list |
//! | `hsds/taxonomies/index.json`, `hsds/taxonomy_terms/index.json` | categories and audiences |
//! | `hsds/datapackage.json`, `hsds/*.csv` | the tabular format: a CSV file per HSDS table |
//!
//! Each file is a page of the plan ([`crate::render::pages::PageKind::Data`])
//! drawn by [`Maker::write`] instead of a template, so it is written once
//! for `build`, `serve` and `yizhan export hsds`, and what it reads is
//! tracked like a page's view. The mapping, the profile and the tables are
//! in `docs/hsds.md`.
//!
//! The objects are made in parts ([`organization`], [`service`],
//! [`location`], [`taxonomy`]) of a small JSON tree ([`tree`]): a JSON file
//! nests them, a CSV table ([`tabular`], [`tables`]) reads them row by row,
//! so both say the same. What the parts cost is mostly reading each
//! record's text again (the model does not hold it) and writing the files;
//! a text read for a record's JSON file is held for its CSV row (or the
//! other way round) and let go then, within a bound ([`ctx`]).

mod ctx;
mod ids;
mod location;
mod organization;
pub(crate) mod schedule;
mod service;
mod tables;
mod tabular;
mod taxonomy;
mod tree;

use chrono::{Offset as _, TimeZone as _};

use crate::model::{Idx, Site};

use ctx::Ctx;
pub(crate) use location::address_parts;
pub(crate) use tables::Table;
use taxonomy::Taxonomy;
use tree::{Node, Obj};

/// The HSDS version written.
pub(crate) const VERSION: &str = "3.0";

/// Entries per page of a list.
pub(crate) const LIST_PAGE: usize = 500;

/// One file of the HSDS feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum DataFile {
    Root,
    Profile,
    Service(Idx),
    Organization(Idx),
    /// Page `n` (1-based) of the service list.
    Services(usize),
    Organizations(usize),
    Taxonomies,
    TaxonomyTerms,
    /// `datapackage.json` of the tabular format.
    DataPackage,
    /// One CSV file of the tabular format.
    Table(Table),
}

impl DataFile {
    /// Whether the file holds every record of a collection (a CSV table):
    /// such a file is written as it is made, and is worth making first.
    pub(crate) fn is_large(self) -> bool {
        matches!(self, DataFile::Table(_))
    }
}

/// Every file of the feed, in a fixed order: the tables first, as the
/// longest to make.
pub(crate) fn files(site: &Site) -> Vec<DataFile> {
    let mut files: Vec<DataFile> = Table::ALL.iter().map(|&t| DataFile::Table(t)).collect();
    files.extend([DataFile::DataPackage, DataFile::Root, DataFile::Profile]);
    let pages = |n: usize| n.div_ceil(LIST_PAGE).max(1);
    files.extend((1..=pages(site.services.len())).map(DataFile::Services));
    files.extend((1..=pages(site.organizations.len())).map(DataFile::Organizations));
    files.extend((0..site.services.len()).map(DataFile::Service));
    files.extend((0..site.organizations.len()).map(DataFile::Organization));
    files.push(DataFile::Taxonomies);
    files.push(DataFile::TaxonomyTerms);
    files
}

/// The file's path below the output root.
pub(crate) fn path(site: &Site, file: DataFile) -> String {
    let list = |name: &str, n: usize| match n {
        1 => format!("hsds/{name}/index.json"),
        n => format!("hsds/{name}/page/{n}/index.json"),
    };
    match file {
        DataFile::Root => "hsds/index.json".into(),
        DataFile::Profile => "hsds/profile.json".into(),
        DataFile::Service(i) => format!("hsds/services/{}.json", site.services.id(i)),
        DataFile::Organization(i) => {
            format!("hsds/organizations/{}.json", site.organizations.id(i))
        }
        DataFile::Services(n) => list("services", n),
        DataFile::Organizations(n) => list("organizations", n),
        DataFile::Taxonomies => "hsds/taxonomies/index.json".into(),
        DataFile::TaxonomyTerms => "hsds/taxonomy_terms/index.json".into(),
        DataFile::DataPackage => "hsds/datapackage.json".into(),
        DataFile::Table(t) => format!("hsds/{}", t.file()),
    }
}

/// Makes what every file of one site needs.
pub(crate) struct Maker<'a> {
    ctx: Ctx<'a>,
}

impl<'a> Maker<'a> {
    pub(crate) fn new(site: &'a Site) -> Maker<'a> {
        let (offset, offset_hours) = utc_offset(&site.config.timezone);
        Maker {
            ctx: Ctx::new(site, offset, offset_hours),
        }
    }

    /// Writes the file: compact JSON and a final newline, or a CSV table.
    pub(crate) fn write(
        &self,
        file: DataFile,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        // Made in memory and written at once: serialized straight to the
        // file, each key and string was a call through `dyn Write`.
        let mut bytes = Vec::with_capacity(8 << 10);
        match file {
            DataFile::Table(_) => return Err(std::io::Error::other(t!("table-by-parts"))),
            // Read by people as well as programs.
            DataFile::DataPackage => serde_json::to_writer_pretty(&mut bytes, &self.value(file))?,
            _ => serde_json::to_writer(&mut bytes, &self.value(file))?,
        }
        bytes.push(b'\n');
        out.write_all(&bytes)
    }

    /// The file in parts, for the files that hold every record (the
    /// tables).
    pub(crate) fn parted(&self, file: DataFile) -> Option<crate::render::parted::Parted<'_>> {
        match file {
            DataFile::Table(t) => Some(self.ctx.csv(t)),
            _ => None,
        }
    }

    fn value(&self, file: DataFile) -> Node<'_> {
        let x = &self.ctx;
        let site = x.site;
        match file {
            DataFile::Root => {
                let config = &site.config;
                Obj::default()
                    .must("version", VERSION)
                    .must("profile", x.urls.absolute("hsds/profile.json"))
                    .must(
                        "publisher",
                        Obj::default()
                            .must("name", config.title.as_str())
                            .must("url", x.urls.absolute(""))
                            .must("language", config.language.as_str()),
                    )
                    .must("services", x.urls.absolute("hsds/services/"))
                    .must("organizations", x.urls.absolute("hsds/organizations/"))
                    .must("taxonomies", x.urls.absolute("hsds/taxonomies/"))
                    .must("taxonomy_terms", x.urls.absolute("hsds/taxonomy_terms/"))
                    .done()
            }
            DataFile::Profile => profile(),
            DataFile::Service(i) => x.service_full(i),
            DataFile::Organization(i) => x.organization_full(i),
            DataFile::Services(n) => {
                let (range, pages) = site.services.paged(n, LIST_PAGE);
                let contents = range.map(|i| x.service_brief(i)).collect();
                list_page(site.services.len(), pages, n, contents)
            }
            DataFile::Organizations(n) => {
                let (range, pages) = site.organizations.paged(n, LIST_PAGE);
                let contents = range.map(|i| x.organization_brief(i)).collect();
                list_page(site.organizations.len(), pages, n, contents)
            }
            DataFile::Taxonomies => {
                let contents = Taxonomy::ALL.iter().map(|&t| x.taxonomy(t)).collect();
                list_page(Taxonomy::ALL.len(), 1, 1, contents)
            }
            DataFile::TaxonomyTerms => {
                let contents = x.taxonomy_terms();
                list_page(contents.len(), 1, 1, contents)
            }
            DataFile::DataPackage => tabular::datapackage(site, x.urls.absolute("")),
            // Written by `write` as CSV.
            DataFile::Table(_) => Node::Null,
        }
    }
}

/// A page of a list, as the HSDS API returns it.
fn list_page(total: usize, pages: usize, n: usize, contents: Vec<Node<'_>>) -> Node<'_> {
    let pages = pages.max(1);
    Obj::default()
        .must("total_items", total)
        .must("total_pages", pages)
        .must("page_number", n)
        .must("size", contents.len())
        .must("first_page", n == 1)
        .must("last_page", n == pages)
        .must("empty", contents.is_empty())
        .must("contents", contents)
        .done()
}

/// The site's offset from UTC in January (`+08:00`, 8.0); UTC for a time
/// zone it does not know (the configuration check reports those).
pub(crate) fn utc_offset(zone: &str) -> (String, f64) {
    let seconds = zone
        .parse::<chrono_tz::Tz>()
        .ok()
        .and_then(|tz| {
            tz.with_ymd_and_hms(2026, 1, 15, 12, 0, 0)
                .single()
                .map(|t| t.offset().fix().local_minus_utc())
        })
        .unwrap_or(0);
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    (
        format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60),
        f64::from(seconds) / 3600.0,
    )
}

/// The extension fields of the Chinese profile, for programs reading the
/// feed.
fn profile() -> Node<'static> {
    let extensions = [
        (
            "organization.yizhan_id, location.yizhan_id, program.yizhan_id, service.yizhan_id",
            "the record's id in the directory (its page address and file name), for programs that import the feed back",
        ),
        (
            "program.yizhan_operators",
            "every organization that runs the brand, when there are several (organization_id is the first)",
        ),
        (
            "location.yizhan_area",
            "the area the venue is in: path of area ids, names from the district down, kind",
        ),
        (
            "location.yizhan_original_position",
            "the coordinates as written, with their datum (gcj02, bd09 or wgs84)",
        ),
        (
            "organization.yizhan_kind",
            "social-organization, union, community, government, enterprise or other",
        ),
        (
            "organization.yizhan_areas_served",
            "areas the organization serves, as location.yizhan_area",
        ),
        (
            "organization.yizhan_last_verified",
            "the date the record was last verified",
        ),
        (
            "service.yizhan_online",
            "whether the service is offered online",
        ),
        (
            "service.yizhan_part_of",
            "the id of the service this one is part of",
        ),
    ]
    .into_iter()
    .fold(Obj::default(), |o, (k, v)| o.must(k, v));
    Obj::default()
        .must("name", "yizhan HSDS profile for Chinese directories")
        .must("hsds_version", VERSION)
        .must("coordinates", "latitude and longitude are WGS-84, converted from the datum the record was written in (GCJ-02 or BD-09)")
        .must("postal_code", "optional: empty when the record has none")
        .must("extensions", extensions)
        .done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_those_of_the_site_time_zone() {
        assert_eq!(utc_offset("Asia/Shanghai"), ("+08:00".into(), 8.0));
        assert_eq!(utc_offset("Asia/Kolkata"), ("+05:30".into(), 5.5));
        assert_eq!(utc_offset("America/New_York"), ("-05:00".into(), -5.0));
        assert_eq!(utc_offset("Nowhere/Else"), ("+00:00".into(), 0.0));
    }

    #[test]
    fn a_list_page_says_where_it_is() {
        let page = serde_json::to_value(list_page(
            1200,
            3,
            3,
            vec![Obj::default().must("id", "x").done()],
        ))
        .expect("JSON");
        assert_eq!(page["last_page"], true);
        assert_eq!(page["first_page"], false);
        assert_eq!(page["size"], 1);
        assert_eq!(page["total_items"], 1200);
        let empty = serde_json::to_value(list_page(0, 0, 1, Vec::new())).expect("JSON");
        assert_eq!(empty["total_pages"], 1);
        assert_eq!(empty["empty"], true);
        assert_eq!(empty["last_page"], true);
    }
}
