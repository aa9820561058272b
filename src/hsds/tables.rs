//! The tables of HSDS's tabular format: which CSV files the feed has,
//! their columns as in the HSDS 3.0 data package (`datapackage.json` of
//! the specification; `tests/content/hsds_csv.rs` checks them against it),
//! and the extension columns of the Chinese profile.
//!
//! A column names where its value is in the table's objects, the same
//! objects the JSON files are made of: most take the field of the same
//! name, an extension column flattens an extension field (`yizhan_area`
//! → `yizhan_area_path`, `yizhan_area_names`, `yizhan_area_kind`). So a
//! cell always says what the JSON says.

use super::tree::Node;

/// A table of the tabular format, one CSV file each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Table {
    Organizations,
    Programs,
    Services,
    Locations,
    Addresses,
    Phones,
    Schedules,
    ServiceAtLocation,
    ServiceAreas,
    CostOptions,
    Accessibility,
    Languages,
    RequiredDocuments,
    Attributes,
    Taxonomies,
    TaxonomyTerms,
}

/// A column's type in the data package (Frictionless Table Schema).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Type {
    String,
    Number,
    Boolean,
    Date,
    DateTime,
}

impl Type {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Number => "number",
            Type::Boolean => "boolean",
            Type::Date => "date",
            Type::DateTime => "datetime",
        }
    }
}

/// Where a column's value is in a row's object.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Source {
    /// The field of the column's name.
    Field,
    /// A field of a nested object: `["yizhan_area", "path"]`.
    Path(&'static [&'static str]),
    /// A list (or the field `key` of each object of a list), joined with
    /// `sep`.
    Joined {
        path: &'static [&'static str],
        key: Option<&'static str>,
        sep: &'static str,
    },
}

/// One column of a table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) kind: Type,
    /// `uuid`, `uri` or `email`, as the data package says.
    pub(crate) format: Option<&'static str>,
    pub(crate) required: bool,
    pub(crate) source: Source,
    /// What the column holds, for the extension columns and where the
    /// Chinese profile departs from HSDS.
    pub(crate) note: Option<&'static str>,
}

const fn col(name: &'static str, kind: Type, format: Option<&'static str>) -> Column {
    Column {
        name,
        kind,
        format,
        required: false,
        source: Source::Field,
        note: None,
    }
}

const fn text(name: &'static str) -> Column {
    col(name, Type::String, None)
}

const fn uuid(name: &'static str) -> Column {
    col(name, Type::String, Some("uuid"))
}

const fn uri(name: &'static str) -> Column {
    col(name, Type::String, Some("uri"))
}

const fn email(name: &'static str) -> Column {
    col(name, Type::String, Some("email"))
}

const fn number(name: &'static str) -> Column {
    col(name, Type::Number, None)
}

const fn date(name: &'static str) -> Column {
    col(name, Type::Date, None)
}

impl Column {
    const fn required(self) -> Column {
        Column {
            required: true,
            ..self
        }
    }

    const fn from(self, source: Source) -> Column {
        Column { source, ..self }
    }

    const fn note(self, note: &'static str) -> Column {
        Column {
            note: Some(note),
            ..self
        }
    }

    /// The column's value in a row's object, as one cell.
    pub(crate) fn cell(&self, row: &Node<'_>, out: &mut String) {
        out.clear();
        match self.source {
            Source::Field => {
                if let Some(v) = row.get(self.name) {
                    v.push_cell(out);
                }
            }
            Source::Path(path) => {
                if let Some(v) = at(row, path) {
                    v.push_cell(out);
                }
            }
            Source::Joined { path, key, sep } => {
                let Some(Node::List(items)) = at(row, path) else {
                    return;
                };
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push_str(sep);
                    }
                    match key {
                        Some(k) => {
                            if let Some(v) = item.get(k) {
                                v.push_cell(out);
                            }
                        }
                        None => item.push_cell(out),
                    }
                }
            }
        }
    }
}

fn at<'n, 'a>(row: &'n Node<'a>, path: &[&str]) -> Option<&'n Node<'a>> {
    path.iter().try_fold(row, |node, key| node.get(key))
}

const ID: Column = uuid("id").required();

const NOT_REQUIRED_HERE: &str = "required by HSDS, optional in the Chinese profile: \
     empty when the address does not say it (see docs/hsds.md)";

const ORGANIZATION: &[Column] = &[
    ID,
    text("name").required(),
    text("alternate_name"),
    text("description")
        .required()
        .note("the record's text; its name when it has none"),
    email("email"),
    uri("website"),
    text("tax_status"),
    text("tax_id"),
    number("year_incorporated"),
    text("legal_status"),
    text("logo"),
    uri("uri"),
    uuid("parent_organization_id"),
    text("yizhan_id")
        .note("extension: the record's id in the directory (its page address and file name)"),
    text("yizhan_kind")
        .note("extension: social-organization, union, community, government, enterprise or other"),
    text("yizhan_areas_served")
        .from(Source::Joined {
            path: &["yizhan_areas_served"],
            key: Some("path"),
            sep: " ",
        })
        .note("extension: the area paths the organization serves, separated by spaces"),
    date("yizhan_last_verified").note("extension: the date the record was last verified"),
];

const PROGRAM: &[Column] = &[
    ID,
    uuid("organization_id").required(),
    text("name").required(),
    text("alternate_name"),
    text("description")
        .required()
        .note("the brand's text; its name when it has none"),
    text("yizhan_id").note("extension: the record's id in the directory (its page address and file name)"),
    text("yizhan_operators")
        .from(Source::Joined {
            path: &["yizhan_operators"],
            key: None,
            sep: " ",
        })
        .note("extension: every organization that runs the brand, when there are several, separated by spaces"),
];

const SERVICE: &[Column] = &[
    ID,
    uuid("organization_id").required(),
    uuid("program_id"),
    text("name").required(),
    text("alternate_name"),
    text("description"),
    uri("url"),
    email("email"),
    text("status").required(),
    text("interpretation_services"),
    text("application_process"),
    text("fees_description"),
    text("wait_time"),
    text("fees"),
    text("accreditations"),
    text("eligibility_description"),
    number("minimum_age"),
    number("maximum_age"),
    date("assured_date"),
    email("assurer_email"),
    text("licenses"),
    text("alert"),
    col("last_modified", Type::DateTime, None),
    text("yizhan_id")
        .note("extension: the record's id in the directory (its page address and file name)"),
    col("yizhan_online", Type::Boolean, None)
        .note("extension: whether the service is offered online"),
    uuid("yizhan_part_of").note("extension: the id of the service this one is part of"),
];

const LOCATION: &[Column] = &[
    ID,
    text("location_type").required(),
    uri("url"),
    uuid("organization_id"),
    text("name"),
    text("alternate_name"),
    text("description"),
    text("transportation"),
    number("latitude").note("WGS-84"),
    number("longitude").note("WGS-84"),
    text("external_identifier"),
    text("external_identifier_type"),
    text("yizhan_id")
        .note("extension: the record's id in the directory (its page address and file name)"),
    text("yizhan_area_path")
        .from(Source::Path(&["yizhan_area", "path"]))
        .note("extension: the path of the area the venue is in (chengguan/yanchanglu/mukezhai)"),
    text("yizhan_area_names")
        .from(Source::Joined {
            path: &["yizhan_area", "names"],
            key: None,
            sep: "/",
        })
        .note("extension: the names of that area from the top down, separated by /"),
    text("yizhan_area_kind")
        .from(Source::Path(&["yizhan_area", "kind"]))
        .note("extension: the kind of that area (district, street, community, …)"),
    number("yizhan_original_latitude")
        .from(Source::Path(&["yizhan_original_position", "latitude"]))
        .note("extension: the latitude as written, in yizhan_original_datum"),
    number("yizhan_original_longitude")
        .from(Source::Path(&["yizhan_original_position", "longitude"]))
        .note("extension: the longitude as written, in yizhan_original_datum"),
    text("yizhan_original_datum")
        .from(Source::Path(&["yizhan_original_position", "datum"]))
        .note("extension: gcj02, bd09 or wgs84"),
];

const ADDRESS: &[Column] = &[
    ID,
    uuid("location_id"),
    text("attention"),
    text("address_1").required(),
    text("address_2"),
    text("city").note(NOT_REQUIRED_HERE),
    text("region"),
    text("state_province").note(NOT_REQUIRED_HERE),
    text("postal_code").note(NOT_REQUIRED_HERE),
    text("country").required(),
    text("address_type").required(),
];

const PHONE: &[Column] = &[
    ID,
    uuid("location_id"),
    uuid("service_id"),
    uuid("organization_id"),
    uuid("contact_id"),
    uuid("service_at_location_id"),
    text("number").required(),
    number("extension"),
    text("type"),
    text("description"),
];

const SCHEDULE_TIME: &str = "HH:MM and the site's UTC offset, as in the JSON (09:00+08:00); \
     a day's end is 24:00, as in opening_hours";

const SCHEDULE: &[Column] = &[
    ID,
    uuid("service_id"),
    uuid("location_id"),
    uuid("service_at_location_id"),
    date("valid_from"),
    date("valid_to"),
    date("dtstart"),
    number("timezone"),
    date("until"),
    number("count"),
    text("wkst"),
    text("freq"),
    number("interval"),
    text("byday"),
    text("byweekno"),
    text("bymonthday"),
    text("byyearday"),
    text("description"),
    text("opens_at").note(SCHEDULE_TIME),
    text("closes_at").note(SCHEDULE_TIME),
    uri("schedule_link"),
    text("attending_type"),
    text("notes"),
];

const SERVICE_AT_LOCATION: &[Column] = &[
    ID,
    uuid("service_id").required(),
    uuid("location_id").required(),
    text("description"),
];

const SERVICE_AREA: &[Column] = &[
    ID,
    uuid("service_id"),
    text("name"),
    text("description"),
    text("extent"),
    text("extent_type"),
    text("uri"),
];

const COST_OPTION: &[Column] = &[
    ID,
    uuid("service_id").required(),
    date("valid_from"),
    date("valid_to"),
    text("option"),
    text("currency"),
    number("amount"),
    text("amount_description"),
];

const ACCESSIBILITY: &[Column] = &[
    ID,
    uuid("location_id"),
    text("description"),
    text("details"),
    uri("url"),
];

const LANGUAGE: &[Column] = &[
    ID,
    uuid("service_id"),
    uuid("location_id"),
    uuid("phone_id"),
    text("name"),
    text("code"),
    text("note"),
];

const REQUIRED_DOCUMENT: &[Column] = &[ID, uuid("service_id"), text("document"), uri("uri")];

const ATTRIBUTE: &[Column] = &[
    ID,
    uuid("link_id").required(),
    uuid("taxonomy_term_id").required(),
    text("link_type"),
    text("link_entity").required(),
    text("value"),
];

const TAXONOMY: &[Column] = &[
    ID,
    text("name").required(),
    text("description").required(),
    uri("uri"),
    text("version"),
];

const TAXONOMY_TERM: &[Column] = &[
    ID,
    text("code"),
    text("name").required(),
    text("description")
        .required()
        .note("the term's description; its name when it has none"),
    uuid("parent_id"),
    text("taxonomy"),
    text("language"),
    uuid("taxonomy_id"),
    uri("term_uri"),
];

impl Table {
    /// Every table, in the order of the data package.
    pub(crate) const ALL: [Table; 16] = [
        Table::Organizations,
        Table::Programs,
        Table::Services,
        Table::Locations,
        Table::Addresses,
        Table::Phones,
        Table::Schedules,
        Table::ServiceAtLocation,
        Table::ServiceAreas,
        Table::CostOptions,
        Table::Accessibility,
        Table::Languages,
        Table::RequiredDocuments,
        Table::Attributes,
        Table::Taxonomies,
        Table::TaxonomyTerms,
    ];

    /// The name of the table (and of its object) in HSDS.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Organizations => "organization",
            Table::Programs => "program",
            Table::Services => "service",
            Table::Locations => "location",
            Table::Addresses => "address",
            Table::Phones => "phone",
            Table::Schedules => "schedule",
            Table::ServiceAtLocation => "service_at_location",
            Table::ServiceAreas => "service_area",
            Table::CostOptions => "cost_option",
            Table::Accessibility => "accessibility",
            Table::Languages => "language",
            Table::RequiredDocuments => "required_document",
            Table::Attributes => "attribute",
            Table::Taxonomies => "taxonomy",
            Table::TaxonomyTerms => "taxonomy_term",
        }
    }

    /// The file, as the HSDS data package names it.
    pub(crate) fn file(self) -> &'static str {
        match self {
            Table::Organizations => "organizations.csv",
            Table::Programs => "programs.csv",
            Table::Services => "services.csv",
            Table::Locations => "locations.csv",
            Table::Addresses => "addresses.csv",
            Table::Phones => "phones.csv",
            Table::Schedules => "schedules.csv",
            Table::ServiceAtLocation => "service_at_location.csv",
            Table::ServiceAreas => "service_areas.csv",
            Table::CostOptions => "cost_options.csv",
            Table::Accessibility => "accessibility.csv",
            Table::Languages => "languages.csv",
            Table::RequiredDocuments => "required_documents.csv",
            Table::Attributes => "attributes.csv",
            Table::Taxonomies => "taxonomies.csv",
            Table::TaxonomyTerms => "taxonomy_terms.csv",
        }
    }

    pub(crate) fn columns(self) -> &'static [Column] {
        match self {
            Table::Organizations => ORGANIZATION,
            Table::Programs => PROGRAM,
            Table::Services => SERVICE,
            Table::Locations => LOCATION,
            Table::Addresses => ADDRESS,
            Table::Phones => PHONE,
            Table::Schedules => SCHEDULE,
            Table::ServiceAtLocation => SERVICE_AT_LOCATION,
            Table::ServiceAreas => SERVICE_AREA,
            Table::CostOptions => COST_OPTION,
            Table::Accessibility => ACCESSIBILITY,
            Table::Languages => LANGUAGE,
            Table::RequiredDocuments => REQUIRED_DOCUMENT,
            Table::Attributes => ATTRIBUTE,
            Table::Taxonomies => TAXONOMY,
            Table::TaxonomyTerms => TAXONOMY_TERM,
        }
    }

    /// Columns holding the id of a row of another table (or of this one:
    /// `""`), as the data package's `foreignKeys` say.
    pub(crate) fn foreign_keys(self) -> &'static [(&'static str, Table)] {
        use Table::*;
        match self {
            Organizations => &[("parent_organization_id", Organizations)],
            Programs => &[("organization_id", Organizations)],
            Services => &[
                ("organization_id", Organizations),
                ("program_id", Programs),
                ("yizhan_part_of", Services),
            ],
            Locations => &[("organization_id", Organizations)],
            Addresses | Accessibility => &[("location_id", Locations)],
            Phones => &[
                ("location_id", Locations),
                ("service_id", Services),
                ("organization_id", Organizations),
            ],
            Schedules => &[("service_id", Services), ("location_id", Locations)],
            ServiceAtLocation => &[("service_id", Services), ("location_id", Locations)],
            ServiceAreas | CostOptions | RequiredDocuments => &[("service_id", Services)],
            Languages => &[("service_id", Services), ("location_id", Locations)],
            Attributes => &[("taxonomy_term_id", TaxonomyTerms)],
            Taxonomies => &[],
            TaxonomyTerms => &[("taxonomy_id", Taxonomies)],
        }
    }
}
