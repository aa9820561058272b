//! Every record as plain JSON for other programs (WeChat mini-programs,
//! maps) that want the data without scraping pages, written by every
//! build under `data/` (and by `yizhan export json` alone). The format is
//! documented in `docs/json.md`.
//!
//! One file per collection, each listing every record of it in the site's
//! order with its references resolved (a service's organization as its
//! id, name and address; a venue's position in WGS-84, GCJ-02 and as
//! written; hours in words and as weekly slots), and `data/index.json`
//! naming them. Each file is a page of the plan
//! ([`crate::render::pages::PageKind::Json`]), so `serve` keeps it
//! current and its reads are tracked; it is written record by record
//! as it is made, never held whole.
//!
//! Unlike the HSDS feed (`crate::hsds`), the shape is yizhan's own: every
//! field a record can have is always there (`null` or `[]` when the
//! record has none), so a program reads it without checking for keys.

mod records;
mod shared;

use std::io::{self, Write};

use serde::Serialize;

use crate::model::track::Kind;
use crate::model::Site;
use crate::render::parted::{Parted, Run};
use crate::urls::Urls;

use shared::Ctx;

/// The version of the format; a change that could break a reader
/// (a field removed, renamed or of another type) gets a new one.
pub(crate) const VERSION: u32 = 1;

/// A collection of the site, one file each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Collection {
    Organizations,
    Venues,
    Brands,
    Services,
    News,
    Areas,
    Categories,
    Audiences,
}

impl Collection {
    pub(crate) const ALL: [Collection; 8] = [
        Collection::Organizations,
        Collection::Venues,
        Collection::Brands,
        Collection::Services,
        Collection::News,
        Collection::Areas,
        Collection::Categories,
        Collection::Audiences,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Collection::Organizations => "organizations",
            Collection::Venues => "venues",
            Collection::Brands => "brands",
            Collection::Services => "services",
            Collection::News => "news",
            Collection::Areas => "areas",
            Collection::Categories => "categories",
            Collection::Audiences => "audiences",
        }
    }

    /// The site's collection whose records this one lists, in its order.
    fn kind(self) -> Option<Kind> {
        match self {
            Collection::Organizations => Some(Kind::Organization),
            Collection::Venues => Some(Kind::Venue),
            Collection::Brands => Some(Kind::Brand),
            Collection::Services => Some(Kind::Service),
            Collection::News => Some(Kind::News),
            Collection::Areas | Collection::Categories | Collection::Audiences => None,
        }
    }

    fn len(self, site: &Site) -> usize {
        match self {
            Collection::Organizations => site.organizations.len(),
            Collection::Venues => site.venues.len(),
            Collection::Brands => site.brands.len(),
            Collection::Services => site.services.len(),
            Collection::News => site.news.len(),
            Collection::Areas => site.areas.areas.len(),
            Collection::Categories => site.config.categories.len(),
            Collection::Audiences => site.config.audiences.len(),
        }
    }
}

/// One file of `data/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum JsonFile {
    Index,
    Collection(Collection),
}

impl JsonFile {
    /// Whether the file holds every record of a collection (the areas and
    /// terms are few).
    pub(crate) fn is_large(self) -> bool {
        matches!(
            self,
            JsonFile::Collection(
                Collection::Organizations
                    | Collection::Venues
                    | Collection::Brands
                    | Collection::Services
                    | Collection::News
            )
        )
    }
}

/// The folder of the files below the output root.
pub(crate) const DIR: &str = "data";

/// Every file, in a fixed order.
pub(crate) fn files() -> Vec<JsonFile> {
    let mut files: Vec<JsonFile> = Collection::ALL
        .iter()
        .map(|&c| JsonFile::Collection(c))
        .collect();
    files.push(JsonFile::Index);
    files
}

/// The file's path below the output root.
pub(crate) fn path(file: JsonFile) -> String {
    match file {
        JsonFile::Index => format!("{DIR}/index.json"),
        JsonFile::Collection(c) => format!("{DIR}/{}.json", c.as_str()),
    }
}

/// Makes the files of one site.
pub(crate) struct Maker<'a> {
    ctx: Ctx<'a>,
}

impl<'a> Maker<'a> {
    pub(crate) fn new(site: &'a Site) -> Maker<'a> {
        Maker {
            ctx: Ctx::new(site),
        }
    }

    /// Writes the file: compact JSON and a final newline.
    pub(crate) fn write(&self, file: JsonFile, out: &mut dyn Write) -> io::Result<()> {
        let x = &self.ctx;
        match file {
            JsonFile::Index => serde_json::to_writer(&mut *out, &index(x.site, &x.urls))?,
            JsonFile::Collection(_) => return Err(io::Error::other(t!("collection-by-parts"))),
        }
        out.write_all(b"\n")
    }

    /// The file in parts (a collection: each record's item a unit).
    pub(crate) fn parted(&self, file: JsonFile) -> Option<Parted<'_>> {
        let JsonFile::Collection(c) = file else {
            return None;
        };
        let x = &self.ctx;
        let count = c.len(x.site);
        let head = format!(
            "{{\"version\":{VERSION},\"collection\":\"{}\",\"count\":{count},\"items\":[",
            c.as_str()
        );
        Some(Parted {
            head: head.into_bytes(),
            sep: b",",
            runs: vec![Run {
                kind: c.kind(),
                len: count,
                unit: Box::new(move |i, out| x.write_item(c, i, out)),
            }],
            tail: b"]}\n".to_vec(),
        })
    }
}

/// `data/index.json`: the site, and where each collection is.
#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    site: SiteInfo<'a>,
    /// The site's HSDS feed (`docs/hsds.md`).
    hsds: String,
    collections: Vec<Listed>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    language: &'a str,
    timezone: &'a str,
}

#[derive(Serialize)]
struct Listed {
    name: &'static str,
    url: String,
    count: usize,
}

fn index<'a>(site: &'a Site, urls: &Urls) -> Index<'a> {
    let config = &site.config;
    Index {
        version: VERSION,
        site: SiteInfo {
            title: &config.title,
            description: shared::text(&config.description),
            url: urls.absolute(""),
            language: &config.language,
            timezone: &config.timezone,
        },
        hsds: urls.absolute("hsds/"),
        collections: Collection::ALL
            .iter()
            .map(|&c| Listed {
                name: c.as_str(),
                url: urls.absolute(&path(JsonFile::Collection(c))),
                count: c.len(site),
            })
            .collect(),
    }
}
