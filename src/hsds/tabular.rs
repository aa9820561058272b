//! The feed in HSDS's tabular format: `datapackage.json` (a Frictionless
//! Tabular Data Package with the HSDS 3.0 tables) and one CSV file per
//! table.
//!
//! Rows are not a second mapping of the model: each is an object the JSON
//! files are made of (an organization's own fields, a venue's phones, a
//! service's schedules, …), made by the same functions, and read column
//! by column ([`super::tables`]). A CSV file is written row by row as its
//! rows are made, so a table of a large site is never held whole, and in
//! parts (a record's rows each) so that an edit makes only the rows of
//! what it changed ([`crate::render::parted`]).

use std::io::{self, Write};

use crate::model::track::Kind;
use crate::model::{Idx, Site};
use crate::render::parted::{Parted, Run};

use super::ctx::Ctx;
use super::tables::Table;
use super::taxonomy::Taxonomy;
use super::tree::{Node, Obj};

/// The rows one record gives a table.
type Part<'x> = Box<dyn Fn(Idx) -> Vec<Node<'x>> + Sync + 'x>;

impl Ctx<'_> {
    /// The runs of rows of `table`, in a fixed order: records in the
    /// site's order, and in a table of several kinds of owner (phones,
    /// schedules, attributes) organizations, then venues, then services.
    fn parts(&self, table: Table) -> Vec<(Option<Kind>, usize, Part<'_>)> {
        let site = self.site;
        let orgs = (Some(Kind::Organization), site.organizations.len());
        let venues = (Some(Kind::Venue), site.venues.len());
        let services = (Some(Kind::Service), site.services.len());
        let brands = (Some(Kind::Brand), site.brands.len());
        match table {
            Table::Organizations => vec![part(orgs, Box::new(|i| vec![self.organization_row(i)]))],
            Table::Programs => vec![part(brands, Box::new(|b| vec![self.program(b, true)]))],
            Table::Services => vec![part(services, Box::new(|i| vec![self.service_row(i)]))],
            Table::Locations => vec![part(venues, Box::new(|v| vec![self.location_row(v)]))],
            Table::Addresses => vec![part(venues, Box::new(|v| self.location_addresses(v)))],
            Table::Phones => vec![
                part(orgs, Box::new(|i| self.organization_phones(i))),
                part(venues, Box::new(|v| self.location_phones(v))),
                part(services, Box::new(|i| self.service_phones(i))),
            ],
            Table::Schedules => vec![
                part(venues, Box::new(|v| self.location_schedules(v))),
                part(services, Box::new(|i| self.service_schedules(i))),
            ],
            Table::ServiceAtLocation => {
                vec![part(
                    services,
                    Box::new(|i| self.service_at_locations(i, false)),
                )]
            }
            Table::ServiceAreas => vec![part(services, Box::new(|i| self.service_areas(i)))],
            Table::CostOptions => vec![part(services, Box::new(|i| self.cost_options(i)))],
            Table::Accessibility => vec![part(venues, Box::new(|v| self.accessibility(v)))],
            Table::Languages => vec![
                part(venues, Box::new(|v| self.location_languages(v))),
                part(services, Box::new(|i| self.service_languages(i))),
            ],
            Table::RequiredDocuments => {
                vec![part(services, Box::new(|i| self.required_documents(i)))]
            }
            Table::Attributes => vec![
                part(orgs, Box::new(|i| self.organization_attributes(i))),
                part(venues, Box::new(|v| self.location_attributes(v))),
                part(services, Box::new(|i| self.service_attributes(i))),
            ],
            Table::Taxonomies => vec![part(
                (None, Taxonomy::ALL.len()),
                Box::new(|t| vec![self.taxonomy(Taxonomy::ALL[t])]),
            )],
            Table::TaxonomyTerms => vec![part((None, 1), Box::new(|_| self.taxonomy_terms()))],
        }
    }

    /// `table` as CSV (RFC 4180: a header of the column names, CRLF line
    /// ends, fields quoted where needed), UTF-8 without a byte-order
    /// mark, in parts: the rows of each record are a unit.
    pub(crate) fn csv(&self, table: Table) -> Parted<'_> {
        let columns = table.columns();
        let mut head = Vec::new();
        let names = columns.iter().map(|c| c.name);
        // Writing into memory cannot fail.
        let _ = csv_writer(&mut head).write_record(names);
        let runs = self
            .parts(table)
            .into_iter()
            .map(|(kind, len, part)| Run {
                kind,
                len,
                unit: Box::new(move |i, out| {
                    let mut csv = csv_writer(out);
                    let mut cells = vec![String::new(); columns.len()];
                    for row in part(i) {
                        for (column, cell) in columns.iter().zip(&mut cells) {
                            column.cell(&row, cell);
                        }
                        csv.write_record(&cells).map_err(io::Error::from)?;
                    }
                    csv.flush()
                }),
            })
            .collect();
        Parted {
            head,
            sep: b"",
            runs,
            tail: Vec::new(),
        }
    }
}

/// A run of `len` records of `kind`, each giving the rows `f` makes.
fn part<'x>((kind, len): (Option<Kind>, usize), f: Part<'x>) -> (Option<Kind>, usize, Part<'x>) {
    (kind, len, f)
}

/// A CSV writer with a buffer the size of a record's rows: one is made
/// per record (the default of 8 KB, zeroed, cost more than the rows).
fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1024)
        .from_writer(out)
}

/// `datapackage.json`: the tables, their columns with types, primary and
/// foreign keys, as HSDS 3.0's own data package describes them, with the
/// extension columns and the departures of the Chinese profile noted.
pub(crate) fn datapackage<'a>(site: &'a Site, home: String) -> Node<'a> {
    let config = &site.config;
    let resources: Vec<Node> = Table::ALL.iter().map(|&t| resource(t)).collect();
    Obj::default()
        .must("name", "human_services_data")
        .must("title", config.title.as_str())
        .put("description", config.description.as_str())
        .must("profile", "tabular-data-package")
        .must("version", "3.0.0")
        .must("homepage", home)
        .must("resources", resources)
        .done()
}

fn resource(table: Table) -> Node<'static> {
    let fields: Vec<Node> = table
        .columns()
        .iter()
        .map(|c| {
            let mut constraints = Obj::default().must("required", c.required);
            if c.name == "id" {
                constraints = constraints.must("unique", true);
            }
            Obj::default()
                .must("name", c.name)
                .must("type", c.kind.as_str())
                .put("format", c.format)
                .put("description", c.note)
                .must("constraints", constraints)
                .done()
        })
        .collect();
    let foreign_keys: Vec<Node> = table
        .foreign_keys()
        .iter()
        .map(|&(column, other)| {
            let resource = if other == table { "" } else { other.name() };
            Obj::default()
                .must("fields", column)
                .must(
                    "reference",
                    Obj::default()
                        .must("resource", resource)
                        .must("fields", "id"),
                )
                .done()
        })
        .collect();
    let schema = Obj::default()
        .must("primaryKey", "id")
        .must("fields", fields)
        .put("foreignKeys", foreign_keys);
    Obj::default()
        .must("name", table.name())
        .must("path", table.file())
        .must("profile", "tabular-data-resource")
        .must("format", "csv")
        .must("mediatype", "text/csv")
        .must("encoding", "utf-8")
        .must("schema", schema)
        .done()
}
