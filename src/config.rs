//! Site settings: `site.yaml` read into a raw form, then checked and resolved
//! into a typed [`Config`] that the later phases trust.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::geo::{Datum, MapProvider};
use crate::i18n::Msg;
use crate::languages;
use crate::yaml::{self, Seg, YamlText};

/// A category or audience: an id in records, a label on pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapConfig {
    pub datum: Datum,
    pub links: Vec<MapProvider>,
}

/// Resolved site settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    pub language: String,
    pub languages: Vec<String>,
    /// The languages rendered besides `language`, each under its prefix.
    pub copies: Vec<languages::Copy>,
    pub timezone: String,
    pub theme: String,
    pub map: MapConfig,
    pub categories: Vec<Term>,
    pub audiences: Vec<Term>,
    pub synonyms: BTreeMap<String, Vec<String>>,
    pub holidays: Vec<NaiveDate>,
    pub unsafe_html: bool,
    /// Entries per list page.
    pub page_size: usize,
    /// Months after its `updated:` date that a record counts as possibly
    /// out of date (`stale_after`, default 12).
    pub stale_after_months: u32,
    /// Where readers report a record that is wrong (`feedback:`).
    pub feedback: Option<crate::feedback::Feedback>,
    /// Whether the site works offline after a first visit (`offline`,
    /// default true): a service worker keeps the pages and search files
    /// a visitor fetched.
    pub offline: bool,
    /// The day the site is built as of, in its time zone: today, or
    /// `YIZHAN_TODAY` (`YYYY-MM-DD`) for a build as of another day.
    pub today: NaiveDate,
}

impl Config {
    /// Whether a record last verified on `updated` may be out of date.
    pub fn is_stale(&self, updated: NaiveDate) -> bool {
        updated
            .checked_add_months(chrono::Months::new(self.stale_after_months))
            .is_some_and(|limit| limit < self.today)
    }
}

impl Config {
    pub fn category(&self, id: &str) -> Option<&Term> {
        self.categories.iter().find(|t| t.id == id)
    }

    pub fn audience(&self, id: &str) -> Option<&Term> {
        self.audiences.iter().find(|t| t.id == id)
    }

    /// The absolute URL of a site path such as `/organizations/xiaocao/`.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

#[derive(Deserialize, JsonSchema, Default)]
#[serde(default)]
pub(crate) struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    languages: Vec<String>,
    timezone: Option<String>,
    theme: Option<String>,
    map: RawMap,
    categories: IndexMap<String, RawTerm>,
    audiences: IndexMap<String, RawTerm>,
    synonyms: BTreeMap<String, Vec<String>>,
    holidays: Vec<String>,
    unsafe_html: bool,
    page_size: Option<usize>,
    #[schemars(with = "Option<serde_json::Value>")]
    stale_after: Option<serde_yaml::Value>,
    /// `taiwan` or `hongkong`: the words of the `zh-Hant` copy.
    traditional: Option<String>,
    /// Where readers report a wrong record: an email address, a web
    /// address (with `{id}`, `{name}`, `{url}`) or a phone number.
    feedback: Option<String>,
    /// Whether pages and search keep working offline after a first visit
    /// (a service worker); default true.
    offline: Option<bool>,
}

#[derive(Deserialize, JsonSchema, Default)]
#[serde(default)]
struct RawMap {
    datum: Option<String>,
    links: Option<Vec<String>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
enum RawTerm {
    Label(String),
    Full {
        name: Option<String>,
        #[serde(default)]
        description: Option<String>,
    },
}

/// The language of a site whose site.yaml names none.
pub(crate) const DEFAULT_LANGUAGE: &str = "zh-Hans";

const DEFAULT_PAGE_SIZE: usize = 50;

/// Reads `site.yaml`. Returns the config (None only when the YAML itself is
/// unreadable) and every problem.
/// `base_url` (from the command line) overrides the file's.
pub(crate) fn load_config(
    file: &Path,
    text: &str,
    base_url: Option<&str>,
) -> (Option<Config>, Vec<Diagnostic>) {
    let yaml = YamlText::new(text, 0);
    let parsed = yaml::parse::<RawConfig>(file, yaml);
    let mut diags = parsed.diagnostics;
    let Some(mut raw) = parsed.value else {
        return (None, diags);
    };
    if let Some(url) = base_url {
        raw.base_url = Some(url.to_string());
    }
    let mut ctx = Ctx {
        file,
        yaml,
        diags: &mut diags,
    };
    let config = resolve(raw, &mut ctx);
    (Some(config), diags)
}

struct Ctx<'a> {
    file: &'a Path,
    yaml: YamlText<'a>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(&mut self, path: &[Seg], message: Msg) {
        let pos = self.yaml.position(path, false);
        self.diags.push(Diagnostic::error(self.file, pos, message));
    }
}

/// Resolves every field, falling back to defaults where a field is wrong, so
/// the rest of the site can still be checked; the errors stop the build.
fn resolve(raw: RawConfig, ctx: &mut Ctx<'_>) -> Config {
    let title = raw.title.unwrap_or_default();
    if title.trim().is_empty() {
        ctx.error(&[], msg!("site-no-title"));
    }
    let base_url = resolve_base_url(raw.base_url, ctx);
    let timezone = raw.timezone.unwrap_or_else(|| "Asia/Shanghai".into());
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        ctx.error(
            &["timezone".into()],
            msg!("unknown-timezone", timezone = timezone),
        );
    }
    let map = resolve_map(raw.map, ctx);
    let categories = resolve_terms(raw.categories, "categories", ctx);
    let audiences = resolve_terms(raw.audiences, "audiences", ctx);
    let holidays = resolve_holidays(&raw.holidays, ctx);
    let page_size = raw.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if page_size == 0 {
        ctx.error(&["page_size".into()], msg!("page-size-zero"));
    }
    let stale_after_months = match raw.stale_after.as_ref().map(months) {
        None => DEFAULT_STALE_AFTER,
        Some(Some(m)) => m,
        Some(None) => {
            ctx.error(&["stale_after".into()], msg!("bad-stale-after"));
            DEFAULT_STALE_AFTER
        }
    };
    let today = today(&timezone);
    let feedback = raw.feedback.as_deref().and_then(|text| {
        if text.trim().is_empty() {
            return None;
        }
        let parsed = crate::feedback::parse(text);
        if parsed.is_none() {
            ctx.error(&["feedback".into()], msg!("bad-feedback", text = text));
        }
        parsed
    });
    let language = raw.language.unwrap_or_else(|| DEFAULT_LANGUAGE.into());
    let traditional = raw.traditional.as_deref().and_then(|t| {
        let s = languages::standard(t);
        if s.is_none() {
            ctx.error(&["traditional".into()], msg!("bad-traditional", text = t));
        }
        s
    });
    // The site's own language and the copies that can be made of it; an
    // entry promising another would be silently missing from the site.
    let mut copies: Vec<languages::Copy> = Vec::new();
    for (i, other) in raw.languages.iter().enumerate() {
        if other.trim() == language {
            continue;
        }
        match languages::copy_of(other, &language, traditional) {
            Some(c) if copies.iter().all(|d| d.prefix != c.prefix) => copies.push(c),
            Some(_) => {}
            None => ctx.error(
                &["languages".into(), Seg::Index(i)],
                msg!("unbuilt-language", other = other, language = language),
            ),
        }
    }
    Config {
        title,
        description: raw.description.unwrap_or_default(),
        base_url,
        languages: if raw.languages.is_empty() {
            vec![language.clone()]
        } else {
            raw.languages
        },
        language,
        copies,
        timezone,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        map,
        categories,
        audiences,
        synonyms: raw.synonyms,
        holidays,
        unsafe_html: raw.unsafe_html,
        page_size: page_size.max(1),
        stale_after_months,
        feedback,
        offline: raw.offline.unwrap_or(true),
        today,
    }
}

/// Records verified longer ago than this (months) may be out of date.
const DEFAULT_STALE_AFTER: u32 = 12;

/// `12`, `"18 months"`, `"18个月"`, `"2 years"`, `"2年"` → months.
fn months(v: &serde_yaml::Value) -> Option<u32> {
    if let Some(n) = v.as_u64() {
        return u32::try_from(n).ok().filter(|n| *n > 0);
    }
    let text = v.as_str()?.trim().to_lowercase();
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok().filter(|n| *n > 0)?;
    let unit = text[digits.len()..].trim();
    match unit {
        "" | "月" | "个月" | "month" | "months" => Some(n),
        "年" | "year" | "years" => n.checked_mul(12),
        _ => None,
    }
}

/// Today in the site's time zone, or the day `YIZHAN_TODAY` names.
fn today(timezone: &str) -> NaiveDate {
    if let Some(day) = std::env::var("YIZHAN_TODAY")
        .ok()
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
    {
        return day;
    }
    let zone = timezone
        .parse::<chrono_tz::Tz>()
        .unwrap_or(chrono_tz::Asia::Shanghai);
    chrono::Utc::now().with_timezone(&zone).date_naive()
}

fn resolve_base_url(raw: Option<String>, ctx: &mut Ctx<'_>) -> String {
    let Some(url) = raw.filter(|u| !u.trim().is_empty()) else {
        ctx.error(&[], msg!("site-no-base-url"));
        return String::new();
    };
    let url = url.trim().to_string();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        ctx.error(&["base_url".into()], msg!("bad-base-url", url = url));
    }
    with_trailing_slash(url)
}

/// `https://a.org/dir` and `https://a.org/dir/` mean the same site root.
pub(crate) fn with_trailing_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

fn resolve_map(raw: RawMap, ctx: &mut Ctx<'_>) -> MapConfig {
    let datum = match raw.datum.as_deref().map(str::parse::<Datum>) {
        None => Datum::Gcj02,
        Some(Ok(d)) => d,
        Some(Err(_)) => {
            ctx.error(
                &["map".into(), "datum".into()],
                msg!(
                    "unknown-datum",
                    value = raw.datum.as_deref().unwrap_or_default()
                ),
            );
            Datum::Gcj02
        }
    };
    let names = raw
        .links
        .unwrap_or_else(|| vec!["amap".into(), "osm".into()]);
    let mut links = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match name.parse::<MapProvider>() {
            Ok(p) => links.push(p),
            Err(_) => ctx.error(
                &["map".into(), "links".into(), i.into()],
                msg!("unknown-map-link", value = name),
            ),
        }
    }
    MapConfig { datum, links }
}

fn resolve_terms(raw: IndexMap<String, RawTerm>, field: &str, ctx: &mut Ctx<'_>) -> Vec<Term> {
    let mut terms = Vec::new();
    for (id, term) in raw {
        if !crate::slug::is_valid_id(&id) {
            ctx.error(
                &[field.into(), id.as_str().into()],
                msg!("bad-term-id", id = id, field = field),
            );
        }
        let (name, description) = match term {
            RawTerm::Label(name) => (Some(name), None),
            RawTerm::Full { name, description } => (name, description),
        };
        let name = name.unwrap_or_else(|| id.clone());
        terms.push(Term {
            id,
            name,
            description: description.unwrap_or_default(),
        });
    }
    terms
}

fn resolve_holidays(raw: &[String], ctx: &mut Ctx<'_>) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    for (i, text) in raw.iter().enumerate() {
        match parse_date(text) {
            Some(d) => days.push(d),
            None => ctx.error(
                &["holidays".into(), i.into()],
                msg!("bad-holiday", text = text),
            ),
        }
    }
    days.sort();
    days.dedup();
    days
}

/// Parses `YYYY-MM-DD`, the one date form the content format uses.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        load_config(Path::new("site.yaml"), text, None)
    }

    #[test]
    fn resolves_a_full_config() {
        let (config, diags) = load(
            "title: 站\nbase_url: https://example.org/sub\ncategories:\n  mental-health: { name: 心理健康 }\n  skills: 技能\nholidays: [2026-10-02, 2026-10-01]\nmap: { datum: wgs84, links: [osm] }\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let config = config.expect("valid");
        assert_eq!(config.base_url, "https://example.org/sub/");
        assert_eq!(config.categories[1].name, "技能");
        assert_eq!(
            config.category("mental-health").map(|t| t.name.as_str()),
            Some("心理健康")
        );
        assert_eq!(config.holidays[0].to_string(), "2026-10-01");
        assert_eq!(config.map.datum, Datum::Wgs84);
        assert_eq!(config.absolute_url("/a/"), "https://example.org/sub/a/");
    }

    #[test]
    fn reports_every_problem_with_position() {
        let (_, diags) = load(
            "title: 站\nbase_url: example.org\ntimezone: Mars/Base\nholidays: [2026-13-01]\nmap: { datum: wgs83 }\n",
        );
        let found: Vec<(usize, usize)> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, vec![(2, 11), (3, 11), (5, 15), (4, 12)]);
        assert!(
            diags[0].message.contains("absolute"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn a_language_that_cannot_be_made_is_an_error_at_its_entry() {
        let (config, diags) = load(
            "title: 站\nbase_url: https://example.org/\nlanguages: [zh-Hans, zh-Hant, ja, en]\n",
        );
        let found: Vec<(usize, usize)> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, vec![(3, 31)]);
        assert!(diags[0].message.contains("`ja`"), "{}", diags[0].message);
        let copies: Vec<String> = config
            .expect("a config")
            .copies
            .iter()
            .map(|c| c.prefix.clone())
            .collect();
        assert_eq!(copies, ["zh-hant/", "en/"]);
        // No copies of a site that is not in Simplified Chinese.
        let (_, diags) = load(
            "title: Site\nbase_url: https://example.org/\nlanguage: en\nlanguages: [en, zh-Hant]\n",
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        let (_, fine) = load("title: 站\nbase_url: https://example.org/\nlanguages: [zh-Hans]\n");
        assert!(fine.is_empty(), "{fine:?}");
    }

    #[test]
    fn stale_after_is_months_or_years_in_words() {
        let months_of = |v: &str| {
            let (config, diags) = load(&format!(
                "title: 站\nbase_url: https://example.org/\nstale_after: {v}\n"
            ));
            (config.map(|c| c.stale_after_months), diags.len())
        };
        assert_eq!(months_of("18"), (Some(18), 0));
        assert_eq!(months_of("\"2 年\""), (Some(24), 0));
        assert_eq!(months_of("18个月"), (Some(18), 0));
        assert_eq!(months_of("2 years"), (Some(24), 0));
        assert_eq!(months_of("soon"), (Some(12), 1));
        let (config, _) = load("title: 站\nbase_url: https://example.org/\n");
        let mut config = config.expect("config");
        assert_eq!(config.stale_after_months, 12);
        assert!(config.offline, "offline by default");
        config.today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert!(config.is_stale(day(2025, 12, 2)));
        assert!(!config.is_stale(day(2025, 12, 3)));
        assert!(!config.is_stale(day(2026, 6, 1)));
    }

    #[test]
    fn missing_title_and_base_url_are_errors() {
        let (_, diags) = load("description: x\n");
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| d.line == 1));
    }
}
