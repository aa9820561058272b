//! One entry per parser of outside input, for the fuzz targets in `fuzz/`
//! and the stable smoke tests in `tests/fuzzing.rs`.
//!
//! Each function takes any bytes, runs one parser on them the way the site
//! or an import would, and checks what is cheap to check about the result.
//! A parser that refuses the input (an `Err`, a diagnostic) is correct; a
//! function here panics only on a bug: a panic inside a parser, or a result
//! that breaks an invariant named in its doc.

use std::path::{Component, Path};
use std::sync::Arc;

use crate::content::{self, FileResult};
use crate::markdown::MarkdownOptions;

/// The record files [`front_matter`] reads its input as, chosen by the
/// input's first byte.
const RECORD_FILES: [&str; 8] = [
    "content/venues/a.md",
    "content/venues/a.yaml",
    "content/organizations/a.md",
    "content/brands/a.yaml",
    "content/services/a.md",
    "content/news/a.md",
    "content/pages/a.md",
    "content/organizations/a.yml",
];

/// A record file (front matter and YAML with positions): split, parsed
/// into its raw record, linted, its body rendered. Every diagnostic points
/// into the file; the YAML's place lies within the text.
pub fn front_matter(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = RECORD_FILES[usize::from(pick) % RECORD_FILES.len()];
    let lines = text.lines().count().max(1);
    match file.split('/').nth(1) {
        Some("venues") => check_record::<content::RawVenue>(file, text, lines),
        Some("organizations") => check_record::<content::RawOrganization>(file, text, lines),
        Some("brands") => check_record::<content::RawBrand>(file, text, lines),
        Some("services") => check_record::<content::RawService>(file, text, lines),
        Some("news") => check_record::<content::RawNews>(file, text, lines),
        _ => check_record::<content::RawPage>(file, text, lines),
    }
}

fn check_record<T: serde::de::DeserializeOwned>(file: &str, text: &str, lines: usize) {
    let path = Path::new(file);
    let hold_body = file.starts_with("content/news/");
    let read = content::read_text::<T>(
        FileResult::new(path.to_path_buf()),
        path,
        Arc::from(text),
        MarkdownOptions::default(),
        hold_body,
    );
    for d in &read.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines + 1 && d.column >= 1,
            "diagnostic {} at {}:{} outside a file of {lines} lines",
            d.code,
            d.line,
            d.column
        );
    }
    if let Some(record) = &read.record {
        assert!(record.yaml_start <= record.yaml_end && record.yaml_end <= text.len());
        let yaml = record.yaml();
        for seg in [
            vec![crate::yaml::Seg::from("name")],
            vec!["hours".into()],
            vec!["closed".into(), 0.into(), "from".into()],
            vec!["contact".into(), "phone".into()],
        ] {
            let at = yaml.position(&seg, true);
            assert!(
                at.line >= 1 && at.line <= lines + 1,
                "{seg:?} located at line {} of {lines}",
                at.line
            );
        }
    }
}

/// Opening hours (`Mo-Fr 09:00-17:00`): parsed, described in Chinese,
/// compiled into the search's week table. A refusal points into the text;
/// what parses parses again from its own display and describes itself in
/// at least one line.
pub fn hours(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::hours::parse(text) {
        Ok(parsed) => {
            assert!(!parsed.describe_zh().is_empty(), "no description");
            let shown = parsed.expression().to_string();
            // `opening-hours-syntax` 2.1 shows a holiday's day offset
            // without its sign (`PH +2 day` as `PH 2 days`), which does not
            // parse. yizhan shows hours as written, never the crate's
            // display, so this round trip is the crate's alone.
            if holiday_offset(text) {
                return;
            }
            // What it shows parses. Not always to the same hours, nor to
            // the same text: `opening-hours-syntax` 2.1 shows `2013 DecMo`
            // as `2013Dec Mo`, which reads as other hours. yizhan never
            // shows the crate's display, so that is the crate's alone.
            let again = crate::hours::parse(&shown)
                .unwrap_or_else(|e| panic!("{text:?} shows as {shown:?}: {}", e.message));
            let _ = again.expression().to_string();
            if let Some(compiled) = crate::search::schedule::compile(parsed.expression(), None) {
                let _ = compiled.holidays_matter();
                for date in ["2026-01-01", "2026-02-28", "2026-12-31"] {
                    if let Ok(d) = date.parse() {
                        let _ = compiled.spans_on(d, &[]);
                    }
                }
            }
        }
        Err(e) => assert!(e.offset <= text.len(), "error offset past the text"),
    }
}

/// Whether opening hours hold a public or school holiday moved by days
/// (`PH +1 day`).
fn holiday_offset(text: &str) -> bool {
    ["PH", "SH"].iter().any(|h| {
        text.match_indices(h)
            .any(|(at, _)| text[at + h.len()..].trim_start().starts_with(['+', '-']))
    })
}

/// Opening hours in Chinese words (`周一至周五 上午九点到下午五点`): what
/// they become is valid opening hours.
pub fn hours_words(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(hours) = crate::hours::words::from_words(text) {
        assert!(
            crate::hours::parse(&hours).is_ok(),
            "{text:?} became {hours:?}, which does not parse"
        );
    }
}

/// A Markdown body, rendered and sanitized (the first byte's low bit asks
/// for trusted HTML). Sanitized output has no script, frame or object.
pub fn markdown(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let opts = MarkdownOptions {
        unsafe_html: pick & 1 == 1,
    };
    let rendered = crate::markdown::render(text, &opts);
    if !opts.unsafe_html {
        let html = rendered.html.to_ascii_lowercase();
        for tag in ["<script", "<iframe", "<object", "<embed", "<style"] {
            assert!(!html.contains(tag), "{tag} left in {:?}", rendered.html);
        }
    }
    for h in &rendered.headings {
        assert!((2..=6).contains(&h.level), "heading level {}", h.level);
    }
    assert_eq!(crate::markdown::plain(text), rendered.plain);
    let excerpt = crate::markdown::excerpt(&rendered.plain, 40);
    assert!(
        excerpt.chars().count() <= 40,
        "excerpt too long: {excerpt:?}"
    );
    for (offset, _) in crate::markdown::removed_html(text) {
        assert!(offset <= text.len(), "removed HTML past the text");
    }
}

/// A copied news article, as `import article` reads it: the record file
/// it writes reads back as a story.
pub fn article(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = crate::import::article::import_article(text, false) else {
        return;
    };
    let _ = crate::import::article::record_id(&imported.article);
    let Ok(record) = crate::import::article::to_record(&imported.article) else {
        return;
    };
    let path = Path::new("content/news/a.md");
    let read = content::read_text::<content::RawNews>(
        FileResult::new(path.to_path_buf()),
        path,
        Arc::from(record.as_str()),
        MarkdownOptions::default(),
        true,
    );
    assert!(
        read.record.is_some(),
        "the written record does not read back: {record:?}\n{:?}",
        read.diagnostics
    );
}

/// A spreadsheet (the first byte's low bit: a workbook, else CSV), read
/// into sheets; every cell of the first rows through every cell parser.
pub fn table(data: &[u8]) {
    use crate::import::table::{cells, columns, sheet};
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let sheets = if pick & 1 == 1 {
        sheet::read_workbook_bytes(rest, Path::new("a.xlsx"))
    } else {
        sheet::read_csv_bytes(rest, Path::new("a.csv")).map(|s| vec![s])
    };
    let Ok(sheets) = sheets else {
        return;
    };
    for s in &sheets {
        for (r, row) in s.rows.iter().take(50).enumerate() {
            assert!(s.row_number(r) >= 1);
            for (c, cell) in row.iter().take(30).enumerate() {
                assert!(!sheet::column_letters(s.column_number(c)).is_empty());
                let _ = columns::normalize(cell);
                let _ = cells::list(cell);
                let _ = cells::yes_no(cell);
                let _ = cells::date(cell);
                let _ = cells::season(cell);
                if let Ok((lat, lon)) = cells::coordinates(cell) {
                    assert!(lat.is_finite() && lon.is_finite(), "{cell:?}");
                }
                let _ = cells::number(cell);
                let _ = cells::cost(cell);
                let _ = cells::org_kind(cell);
                let _ = cells::accessibility(cell);
            }
        }
    }
}

/// The files an HSDS package can hold, chosen by a byte of the input.
const HSDS_FILES: [&str; 10] = [
    "organizations.json",
    "locations.csv",
    "services.json",
    "schedules.csv",
    "organizations.csv",
    "service_at_locations.csv",
    "phones.csv",
    "service.json",
    "schedules.json",
    "data/locations.json",
];

/// An HSDS package: the input split at `\0` bytes into files (each named
/// by its first byte), read into tables; the schedules into opening hours,
/// which parse.
pub fn hsds(data: &[u8]) {
    use crate::import::hsds::{hours, source::SourceFile, tables};
    let files: Vec<SourceFile> = data
        .split(|&b| b == 0)
        .filter_map(|part| {
            let (&pick, bytes) = part.split_first()?;
            Some(SourceFile {
                name: HSDS_FILES[usize::from(pick) % HSDS_FILES.len()].to_string(),
                bytes: bytes.to_vec(),
            })
        })
        .collect();
    let t = tables::read(&files);
    let schedules: Vec<&tables::Obj> = t.get(tables::Table::Schedules).iter().collect();
    for group in [&schedules[..], &schedules[..schedules.len().min(1)]] {
        if let Ok(Some(text)) = hours::from_schedules(group) {
            assert!(
                crate::hours::parse(&text).is_ok(),
                "schedules became {text:?}, which does not parse"
            );
        }
    }
    for table in [tables::Table::Organizations, tables::Table::Locations] {
        for obj in t.get(table) {
            let _ = t.by_id(table, obj.id());
        }
    }
}

/// The path of a request to `serve`: what it serves never leaves the
/// site's folder.
pub fn serve_path(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(path) = crate::serve::http::request_path(raw) {
        assert!(
            Path::new(&path)
                .components()
                .all(|c| matches!(c, Component::Normal(_))),
            "{raw:?} leaves the site as {path:?}"
        );
    }
}
