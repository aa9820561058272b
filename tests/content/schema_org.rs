//! The schema.org JSON-LD of record pages: on every organization, venue,
//! service and brand page (and news story) of the sample site, one block
//! whose every type and property is in the schema.org vocabulary (the
//! trimmed copy in `tests/fixtures/schema-org/`), each property allowed on
//! its type, each value in its range, and every node another page names
//! is that page's own node, with the same type.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde_json::{json, Value};
use yizhan::load::{load_site, SiteDirs};

use crate::common::TestSite;

const BASE: &str = "https://example.org/";
const OPEN: &str = "<script type=\"application/ld+json\">";
const CLOSE: &str = "</script>";

/// schema.org as far as the fixture has it.
struct Vocabulary {
    /// Each class (data types too) and its direct superclasses.
    classes: HashMap<String, Vec<String>>,
    /// The data types schema.org lists as such (`Text`, `Number`, …).
    datatypes: BTreeSet<String>,
    /// Each property's domain and range.
    properties: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Each enumeration member and its enumeration.
    members: HashMap<String, String>,
}

/// The schema.org names in an `{"@id": "schema:X"}` or a list of them.
fn names(v: &Value) -> Vec<String> {
    let one = |v: &Value| {
        v.get("@id")
            .or(Some(v))
            .and_then(Value::as_str)
            .and_then(|s| s.strip_prefix("schema:"))
            .map(str::to_owned)
    };
    match v {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        Value::Null => Vec::new(),
        other => one(other).into_iter().collect(),
    }
}

impl Vocabulary {
    fn load() -> Vocabulary {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/schema-org/vocabulary.jsonld");
        let text = std::fs::read_to_string(&path).expect("the vocabulary fixture");
        let doc: Value = serde_json::from_str(&text).expect("the vocabulary is JSON");
        let mut v = Vocabulary {
            classes: HashMap::new(),
            datatypes: BTreeSet::new(),
            properties: HashMap::new(),
            members: HashMap::new(),
        };
        for entry in doc["@graph"].as_array().expect("a @graph") {
            let Some(id) = names(&entry["@id"]).pop() else {
                continue;
            };
            let types: Vec<&str> = match &entry["@type"] {
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                t => t.as_str().into_iter().collect(),
            };
            if types.contains(&"rdf:Property") {
                let domain = names(&entry["schema:domainIncludes"]);
                let range = names(&entry["schema:rangeIncludes"]);
                v.properties.insert(id, (domain, range));
            } else if types.contains(&"rdfs:Class") {
                if types.contains(&"schema:DataType") {
                    v.datatypes.insert(id.clone());
                }
                v.classes.insert(id, names(&entry["rdfs:subClassOf"]));
            } else if let Some(enumeration) = types.iter().find_map(|t| t.strip_prefix("schema:")) {
                v.members.insert(id, enumeration.to_owned());
            }
        }
        v
    }

    /// Whether `class` is `ancestor` or a subclass of it.
    fn is_a(&self, class: &str, ancestor: &str) -> bool {
        let mut todo = vec![class.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(c) = todo.pop() {
            if c == ancestor {
                return true;
            }
            if seen.insert(c.clone()) {
                todo.extend(self.classes.get(&c).into_iter().flatten().cloned());
            }
        }
        false
    }

    fn is_datatype(&self, class: &str) -> bool {
        self.datatypes.iter().any(|d| self.is_a(class, d))
    }
}

fn is_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://")) && !s.contains(char::is_whitespace)
}

/// Checks nodes against the vocabulary, gathering every problem.
struct Checker<'a> {
    vocab: &'a Vocabulary,
    errors: Vec<String>,
}

impl Checker<'_> {
    fn types(&mut self, at: &str, node: &Value) -> Vec<String> {
        let types: Vec<String> = match &node["@type"] {
            Value::String(t) => vec![t.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
            _ => Vec::new(),
        };
        if types.is_empty() {
            self.errors.push(format!("{at}: a node without @type"));
        }
        for t in &types {
            if !self.vocab.classes.contains_key(t) || self.vocab.is_datatype(t) {
                self.errors
                    .push(format!("{at}: `{t}` is not a schema.org type"));
            }
        }
        types
    }

    fn node(&mut self, at: &str, node: &Value) {
        let types = self.types(at, node);
        let Some(fields) = node.as_object() else {
            self.errors.push(format!("{at}: not an object"));
            return;
        };
        for (key, value) in fields {
            if key.starts_with('@') {
                continue;
            }
            let at = format!("{at}.{key}");
            let Some((domain, range)) = self.vocab.properties.get(key) else {
                self.errors
                    .push(format!("{at}: `{key}` is not a schema.org property"));
                continue;
            };
            let allowed = types
                .iter()
                .any(|t| domain.iter().any(|d| self.vocab.is_a(t, d)));
            if !allowed {
                self.errors.push(format!(
                    "{at}: `{key}` is not a property of {types:?} (its domain: {domain:?})"
                ));
            }
            let items = match value {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            for item in items {
                self.value(&at, item, range);
            }
        }
    }

    fn value(&mut self, at: &str, value: &Value, range: &[String]) {
        let v = self.vocab;
        let fits = match value {
            Value::Object(_) => {
                let types = self.types(at, value);
                self.node(at, value);
                types.iter().any(|t| range.iter().any(|r| v.is_a(t, r)))
            }
            Value::String(s) => range.iter().any(|r| self.text_fits(s, r)),
            Value::Number(_) => range.iter().any(|r| v.is_a(r, "Number")),
            Value::Bool(_) => range.iter().any(|r| r == "Boolean"),
            Value::Null | Value::Array(_) => false,
        };
        if !fits {
            self.errors
                .push(format!("{at}: {value} is not in the range {range:?}"));
        }
    }

    /// Whether a string is a value of a class of the range: text, a URL,
    /// a date, a time, or a member of an enumeration by its URL.
    fn text_fits(&self, s: &str, class: &str) -> bool {
        let v = self.vocab;
        if v.is_a(class, "URL") {
            return is_url(s);
        }
        if v.is_a(class, "Text") {
            return true;
        }
        match class {
            "Date" => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
            "DateTime" => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
            "Time" => chrono::NaiveTime::parse_from_str(s, "%H:%M:%S").is_ok() && s.len() == 8,
            _ => s
                .strip_prefix("https://schema.org/")
                .and_then(|m| v.members.get(m))
                .is_some_and(|e| v.is_a(e, class)),
        }
    }
}

/// The text of each JSON-LD script element of a page.
fn blocks(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let end = after.find(CLOSE).expect("the script element ends");
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// Every object in a value, depth first.
fn objects<'v>(v: &'v Value, out: &mut Vec<&'v Value>) {
    match v {
        Value::Object(m) => {
            out.push(v);
            m.values().for_each(|x| objects(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| objects(x, out)),
        _ => {}
    }
}

fn type_of(node: &Value) -> String {
    node["@type"].as_str().unwrap_or_default().to_owned()
}

/// A site's record pages (path below the site, fragment of its node).
fn record_pages(root: &Path) -> Vec<(String, &'static str)> {
    let site = load_site(&SiteDirs::new(root), None)
        .site
        .expect("the site loads");
    let mut pages = Vec::new();
    let mut add = |kind: &str, fragment: &'static str, ids: Vec<&str>| {
        pages.extend(
            ids.into_iter()
                .map(|id| (format!("{kind}/{id}/"), fragment)),
        );
    };
    add(
        "organizations",
        "#org",
        site.organizations
            .iter()
            .map(|r| r.meta.id.as_str())
            .collect(),
    );
    add(
        "venues",
        "#place",
        site.venues.iter().map(|r| r.meta.id.as_str()).collect(),
    );
    add(
        "services",
        "#service",
        site.services.iter().map(|r| r.meta.id.as_str()).collect(),
    );
    add(
        "brands",
        "#brand",
        site.brands.iter().map(|r| r.meta.id.as_str()).collect(),
    );
    add(
        "news",
        "#article",
        site.news.iter().map(|r| r.meta.id.as_str()).collect(),
    );
    pages
}

/// What the record pages of a built site say.
#[derive(Default)]
struct Said {
    /// The node each page is about, by `@id`: its type.
    own: HashMap<String, String>,
    /// Every other node with an `@id`: (page, `@id`, type).
    named: Vec<(String, String, String)>,
    types: BTreeSet<String>,
    properties: BTreeSet<String>,
    /// Each page's graph.
    graphs: HashMap<String, Vec<Value>>,
}

/// Reads and checks the JSON-LD of every record page of a built site.
fn read_pages(
    files: &std::collections::BTreeMap<String, Vec<u8>>,
    pages: &[(String, &str)],
    checker: &mut Checker<'_>,
) -> Said {
    let mut said = Said::default();
    for (rel, fragment) in pages {
        let file = format!("{rel}index.html");
        let html = std::str::from_utf8(&files[&file]).expect("UTF-8");
        let found = blocks(html);
        assert_eq!(found.len(), 1, "{file}: one JSON-LD block");
        let doc: Value = serde_json::from_str(found[0])
            .unwrap_or_else(|e| panic!("{file}: the JSON-LD does not parse: {e}"));
        assert_eq!(doc["@context"], "https://schema.org", "{file}");
        let graph = doc["@graph"].as_array().expect("a @graph").clone();
        let first = graph.first().expect("a node");
        let url = format!("{BASE}{rel}");
        assert_eq!(first["@id"], format!("{url}{fragment}"), "{file}");
        assert_eq!(first["url"], url, "{file}");
        said.own.insert(format!("{url}{fragment}"), type_of(first));
        for (n, node) in graph.iter().enumerate() {
            checker.node(&format!("{file} @graph[{n}]"), node);
            let mut all = Vec::new();
            objects(node, &mut all);
            for (k, o) in all.into_iter().enumerate() {
                said.types.insert(type_of(o));
                said.properties.extend(
                    o.as_object()
                        .into_iter()
                        .flat_map(|m| m.keys())
                        .filter(|k| !k.starts_with('@'))
                        .cloned(),
                );
                if let Some(id) = o["@id"].as_str().filter(|_| n > 0 || k > 0) {
                    said.named.push((file.clone(), id.to_owned(), type_of(o)));
                }
            }
        }
        said.graphs.insert(rel.clone(), graph);
    }
    said
}

#[test]
fn every_record_page_says_itself_in_schema_org_terms() {
    let vocab = Vocabulary::load();
    let site = TestSite::sample();
    let files = site.full_build(BASE);
    let pages = record_pages(site.root());
    assert!(pages.len() >= 50, "{} record pages", pages.len());
    let mut checker = Checker {
        vocab: &vocab,
        errors: Vec::new(),
    };
    let said = read_pages(&files, &pages, &mut checker);
    assert!(
        checker.errors.is_empty(),
        "not schema.org:\n{}",
        checker.errors.join("\n")
    );

    // A node named on one page is the node of the page it names, with the
    // same type; an area is its area page.
    for (file, id, ty) in &said.named {
        if let Some(area) = id.strip_suffix("#area") {
            let page = format!("{}index.html", &area[BASE.len()..]);
            assert!(files.contains_key(&page), "{file}: {id} has no page");
            assert_eq!(ty, "AdministrativeArea", "{file}: {id}");
        } else {
            assert_eq!(said.own.get(id), Some(ty), "{file}: {id} as {ty}");
        }
    }

    // The sample says everything the mapping has (a union's service, a
    // GovernmentService, is in the test of the kinds).
    for t in [
        "NGO",
        "WorkersUnion",
        "Organization",
        "CivicStructure",
        "AdministrativeArea",
        "PostalAddress",
        "GeoCoordinates",
        "OpeningHoursSpecification",
        "LocationFeatureSpecification",
        "Service",
        "ServiceChannel",
        "ContactPoint",
        "Offer",
        "Audience",
        "Brand",
        "NewsArticle",
    ] {
        assert!(said.types.contains(t), "no {t} in {:?}", said.types);
    }
    for p in [
        "alternateName",
        "description",
        "telephone",
        "areaServed",
        "parentOrganization",
        "address",
        "geo",
        "hasMap",
        "containedInPlace",
        "openingHoursSpecification",
        "specialOpeningHoursSpecification",
        "validFrom",
        "validThrough",
        "location",
        "provider",
        "brand",
        "hoursAvailable",
        "availableChannel",
        "servicePhone",
        "serviceLocation",
        "offers",
        "audience",
        "category",
        "mentions",
    ] {
        assert!(
            said.properties.contains(p),
            "no {p} in {:?}",
            said.properties
        );
    }

    // Pages that are not about one record have none.
    for file in ["index.html", "organizations/index.html", "areas/index.html"] {
        let html = std::str::from_utf8(&files[file]).expect("UTF-8");
        assert!(blocks(html).is_empty(), "{file}");
    }
}

/// Facts of the sample's mapping that a type check cannot see.
#[test]
fn hours_positions_and_links_say_what_the_records_say() {
    let site = TestSite::sample();
    let files = site.full_build(BASE);
    let mut said = Vec::new();
    for page in [
        "venues/heping-fuwudian/",
        "services/jieya-shiji/",
        "services/shuqi-tuoguan/",
        "venues/yongchanglu-shiji/",
    ] {
        let html = std::str::from_utf8(&files[&format!("{page}index.html")]).expect("UTF-8");
        let doc: Value = serde_json::from_str(blocks(html)[0]).expect("JSON");
        said.push(doc["@graph"].clone());
    }
    let [venue, night, summer, market] = said.as_slice() else {
        unreachable!()
    };
    // `Mo-Sa 09:00-18:00; PH off`, with the 2026 holidays of site.yaml.
    assert_eq!(
        venue[0]["openingHoursSpecification"][0]["closes"],
        "18:00:00"
    );
    let closed = &venue[0]["specialOpeningHoursSpecification"];
    assert!(
        closed.as_array().is_some_and(|a| a.contains(&json!({
            "@type": "OpeningHoursSpecification",
            "opens": "00:00:00",
            "closes": "00:00:00",
            "validFrom": "2026-10-01",
            "validThrough": "2026-10-07",
        }))),
        "National Day closed: {closed}"
    );
    // GCJ-02 in the record, WGS-84 in the data (some hundred metres off).
    let geo = &venue[0]["geo"];
    let (lat, lon) = (geo["latitude"].as_f64(), geo["longitude"].as_f64());
    assert!(
        lat.is_some_and(|l| (l - 35.9562).abs() > 1e-4 && (l - 35.9562).abs() < 1e-2),
        "{geo}"
    );
    assert!(
        lon.is_some_and(|l| (l - 103.9821).abs() > 1e-3 && (l - 103.9821).abs() < 1e-2),
        "{geo}"
    );
    // The operator's node holds the venue as its location.
    assert_eq!(
        venue[1]["location"]["@id"],
        "https://example.org/venues/heping-fuwudian/#place"
    );
    // `Fr-Sa 20:00-02:00`: one specification past midnight.
    assert_eq!(
        night[0]["hoursAvailable"],
        json!([{
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Friday", "https://schema.org/Saturday"],
            "opens": "20:00:00",
            "closes": "02:00:00",
        }])
    );
    assert_eq!(
        night[0]["availableChannel"][1]["serviceLocation"]["@id"],
        market[0]["@id"]
    );
    // A season.
    let season = &summer[0]["hoursAvailable"][0];
    assert_eq!(
        (&season["validFrom"], &season["validThrough"]),
        (&json!("2024-07-08"), &json!("2024-08-30"))
    );
}

/// Each kind of organization takes its type, and a service its type from
/// its provider's kind.
#[test]
fn each_kind_of_organization_has_its_type() {
    let vocab = Vocabulary::load();
    let site = TestSite::new();
    let kinds = [
        ("social-organization", "NGO", "Service"),
        ("union", "WorkersUnion", "GovernmentService"),
        ("government", "GovernmentOrganization", "GovernmentService"),
        ("community", "Organization", "Service"),
        ("enterprise", "Corporation", "Service"),
        ("other", "Organization", "Service"),
    ];
    for (kind, _, _) in kinds {
        site.write(
            &format!("content/organizations/{kind}.yaml"),
            &format!("name: {kind} 机构\nkind: {kind}\n"),
        );
        site.write(
            &format!("content/services/of-{kind}.yaml"),
            &format!("name: {kind} 服务\norganization: {kind}\n"),
        );
    }
    let files = site.full_build(BASE);
    let pages = record_pages(site.root());
    let mut checker = Checker {
        vocab: &vocab,
        errors: Vec::new(),
    };
    let said = read_pages(&files, &pages, &mut checker);
    assert!(checker.errors.is_empty(), "{:#?}", checker.errors);
    for (kind, org, service) in kinds {
        let graph = |rel: String| &said.graphs[&rel][0];
        assert_eq!(graph(format!("organizations/{kind}/"))["@type"], org);
        let s = graph(format!("services/of-{kind}/"));
        assert_eq!(s["@type"], service, "{kind}");
        assert_eq!(s["provider"]["@type"], org, "{kind}");
    }
}

/// The check catches what is not schema.org.
#[test]
fn the_vocabulary_check_catches_what_schema_org_does_not_allow() {
    let vocab = Vocabulary::load();
    let bad = [
        (
            json!({ "@type": "Servise", "name": "x" }),
            "not a schema.org type",
        ),
        (
            json!({ "@type": "Brand", "telephone": "1" }),
            "not a property of",
        ),
        (
            json!({ "@type": "Brand", "nmae": "x" }),
            "not a schema.org property",
        ),
        (
            json!({ "@type": "Service", "provider": { "@type": "Brand", "name": "x" } }),
            "not in the range",
        ),
        (
            json!({ "@type": "CivicStructure", "openingHoursSpecification":
                [{ "@type": "OpeningHoursSpecification", "opens": "9:00" }] }),
            "not in the range",
        ),
        (
            json!({ "@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Funday" }),
            "not in the range",
        ),
        (
            json!({ "@type": "Service", "hoursAvailable": { "@type": "OpeningHoursSpecification", "validFrom": "2024-13-01" } }),
            "not in the range",
        ),
        (
            json!({ "@type": "Place", "url": "example.org/x" }),
            "not in the range",
        ),
        (json!({ "@type": "Text" }), "not a schema.org type"),
    ];
    for (node, problem) in bad {
        let mut checker = Checker {
            vocab: &vocab,
            errors: Vec::new(),
        };
        checker.node("test", &node);
        assert!(
            checker.errors.iter().any(|e| e.contains(problem)),
            "{node}: {:?}",
            checker.errors
        );
    }
    // And lets what is through.
    let mut checker = Checker {
        vocab: &vocab,
        errors: Vec::new(),
    };
    checker.node(
        "test",
        &json!({ "@type": "GovernmentService", "provider": { "@type": "WorkersUnion", "name": "工会" },
                 "hoursAvailable": [{ "@type": "OpeningHoursSpecification",
                   "dayOfWeek": ["https://schema.org/Monday"], "opens": "09:00:00", "closes": "02:00:00",
                   "validFrom": "2024-07-08" }] }),
    );
    assert_eq!(checker.errors, Vec::<String>::new());
}
