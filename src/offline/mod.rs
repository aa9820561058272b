//! Offline use: the web app manifest, its icons and the service worker
//! that keeps a site working offline after a first visit.
//!
//! Every build writes `manifest.webmanifest` (name, start address, the
//! colours of the site's stylesheet) and, when the site has a
//! `favicon.svg`, the PNG icons the manifest lists, drawn from it
//! ([`icons`]). The site's own files win: a `favicon.svg` or `style.css`
//! under `content/static/` is what the icons and colours are made from.
//!
//! `sw.js` is the service worker (`sw.js` beside this file). Pages come
//! from the network first and from the cache when it fails; every other
//! file (scripts, the stylesheet, the search index's head, shards and
//! rows a query fetched) from the cache first. The first worker a visitor
//! gets stores of its shell ([`shell`]) only what the page that registered
//! it has just loaded, taken from the browser's cache, so that a first
//! visit downloads nothing twice; a new build's worker fetches the shell
//! anew. It is published compact, as the theme's scripts are
//! ([`crate::render::compact`]). Its cache is named by the
//! build's [`Version`]: a hash of every other output file, each as a hash
//! of its path and of its bytes, added up so that the order files are
//! written in does not matter. The engine knows a hash of every file it
//! wrote, so an in-place rebuild computes the same version from the files
//! it kept as a full build does from the files it writes, and two builds
//! of the same content publish the same worker byte for byte. A new build
//! changes the worker's bytes, which is what makes browsers install it.
//!
//! With `offline: false` in `site.yaml` pages register no worker, and
//! `sw.js` is a worker that removes itself and its caches
//! ([`UNREGISTER_JS`]), so that visitors of a site that had one published
//! lose it. `yizhan serve` answers `sw.js` with that worker too, and pages
//! it serves do not register one (they have its live-reload script): a
//! worker would keep showing what was built before.

pub(crate) mod icons;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::config::Config;
use crate::urls::Urls;

/// The service worker, at the site's root so that its scope is the site.
pub(crate) const WORKER: &str = "sw.js";

/// The web app manifest.
pub(crate) const MANIFEST: &str = "manifest.webmanifest";

/// The site's icon, which the app icons are drawn from.
pub(crate) const FAVICON: &str = "favicon.svg";

/// The stylesheet whose colours the manifest and icons take.
pub(crate) const STYLESHEET: &str = "style.css";

/// Whether the engine writes `path` for offline use (the worker, the
/// manifest, an icon), after the other files.
pub(crate) fn is_app_file(path: &str) -> bool {
    app_file_names().any(|f| f == path)
}

/// Every file an app may have: the worker, the manifest and the icons.
pub(crate) fn app_file_names() -> impl Iterator<Item = &'static str> {
    [WORKER, MANIFEST]
        .into_iter()
        .chain(icons::ICONS.iter().map(|i| i.file))
}

/// The worker of a site that works offline; `%VERSION%` and `%SHELL%` are
/// filled in.
const WORKER_JS: &str = include_str!("sw.js");

/// The worker of a site that does not: it deletes its caches and
/// unregisters.
pub(crate) const UNREGISTER_JS: &str = include_str!("unregister.js");

/// The version of a build: a sum of a hash of each output file but the
/// worker, so that it can be made in any order and from the hashes of the
/// files an in-place rebuild kept. A file is known by its path's key
/// ([`crate::output::path_key`]) and its bytes' hash, which is all the
/// engine keeps of the files it wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Version(u128);

impl Version {
    /// Counts the file at `path` whose bytes hash to `hash` (see
    /// [`crate::engine`]'s writer).
    pub(crate) fn add(&mut self, path: &str, hash: u64) {
        self.add_key(crate::output::path_key(path), hash);
    }

    /// Counts the file whose path has the key `key`.
    pub(crate) fn add_key(&mut self, key: u64, hash: u64) {
        self.0 = self.0.wrapping_add(Self::share(key, hash));
    }

    /// Takes out a file [`Version::add_key`] counted.
    pub(crate) fn remove_key(&mut self, key: u64, hash: u64) {
        self.0 = self.0.wrapping_sub(Self::share(key, hash));
    }

    /// What one file adds: a hash of its path's key and its bytes' hash.
    fn share(key: u64, hash: u64) -> u128 {
        if key == crate::output::path_key(WORKER) {
            return 0;
        }
        let mut bytes = [0; 16];
        bytes[..8].copy_from_slice(&key.to_le_bytes());
        bytes[8..].copy_from_slice(&hash.to_le_bytes());
        xxhash_rust::xxh3::xxh3_128(&bytes)
    }

    /// Counts the files another sum counted.
    pub(crate) fn merge(&mut self, other: Version) {
        self.0 = self.0.wrapping_add(other.0);
    }

    /// The version as the worker names its cache: 32 hex digits.
    pub(crate) fn text(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// Theme files a page may use but the worker does not store ahead: the
/// posters' print stylesheet, and the inflater only a browser without
/// `DecompressionStream` loads. Stored when a page fetches them.
const NOT_IN_SHELL: [&str; 2] = ["poster.css", "search-inflate.js"];

/// The files of the site a visitor's first visit stores for every page
/// (relative to the worker): the home page, the manifest and the theme's
/// stylesheets, scripts and SVG images but [`NOT_IN_SHELL`].
pub(crate) fn shell<'a>(theme_files: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut shell = vec!["./".to_string(), MANIFEST.to_string()];
    shell.extend(
        theme_files
            .filter(|f| [".css", ".js", ".svg"].iter().any(|ext| f.ends_with(ext)))
            .filter(|f| *f != WORKER && !NOT_IN_SHELL.contains(f))
            .map(str::to_string),
    );
    shell
}

/// `sw.js` for a site: the offline worker of this version, or with
/// `offline: false` the worker that removes itself.
pub(crate) fn worker(config: &Config, version: Version, shell: &[String]) -> String {
    if !config.offline {
        return UNREGISTER_JS.to_string();
    }
    let list = serde_json::to_string(shell).unwrap_or_else(|_| "[]".into());
    // Published without its comments and indentation, as the theme's
    // scripts are.
    let compacted = crate::render::compact::compact(WORKER, WORKER_JS.as_bytes())
        .and_then(|b| String::from_utf8(b).ok());
    compacted
        .as_deref()
        .unwrap_or(WORKER_JS)
        .replacen("%VERSION%", &version.text(), 1)
        .replacen("%SHELL%", &list, 1)
}

/// The site's colours, as `#rrggbb`: its accent (the manifest's
/// `theme_color`, the background of the icons that need one) and its page
/// background.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Colours {
    pub accent: [u8; 3],
    pub background: [u8; 3],
}

impl Colours {
    /// The default theme's.
    const DEFAULT: Colours = Colours {
        accent: [0x1f, 0x6f, 0x50],
        background: [0xfb, 0xfa, 0xf7],
    };

    /// The first `--accent` and `--bg` of a stylesheet (the light
    /// scheme's, which comes first), written in hex; the default theme's
    /// for one it does not set.
    pub(crate) fn of_stylesheet(css: Option<&str>) -> Colours {
        let find = |name: &str| css.and_then(|css| custom_property(css, name)).and_then(hex);
        Colours {
            accent: find("--accent").unwrap_or(Self::DEFAULT.accent),
            background: find("--bg").unwrap_or(Self::DEFAULT.background),
        }
    }
}

/// The value of the first declaration of a custom property.
fn custom_property<'c>(css: &'c str, name: &str) -> Option<&'c str> {
    let mut rest = css;
    while let Some(i) = rest.find(name) {
        let after = &rest[i + name.len()..];
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '{' || c == ';');
        if let (true, Some(value)) = (before_ok, after.trim_start().strip_prefix(':')) {
            let end = value.find([';', '}']).unwrap_or(value.len());
            return Some(value[..end].trim());
        }
        rest = after;
    }
    None
}

/// `#rgb` or `#rrggbb` (an alpha part is ignored) as bytes.
fn hex(value: &str) -> Option<[u8; 3]> {
    let digits = value.strip_prefix('#')?;
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |s: &str| u8::from_str_radix(s, 16).ok();
    match digits.len() {
        3 | 4 => {
            let d: Vec<u8> = digits
                .chars()
                .map(|c| byte(&c.to_string()).map(|v| v * 17))
                .collect::<Option<_>>()?;
            Some([d[0], d[1], d[2]])
        }
        6 | 8 => Some([
            byte(&digits[0..2])?,
            byte(&digits[2..4])?,
            byte(&digits[4..6])?,
        ]),
        _ => None,
    }
}

fn css_colour([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The manifest and the app icons of a site, by output path: `icon` is
/// its `favicon.svg` (none: a manifest without icons), `css` its
/// stylesheet.
pub(crate) fn app_files(
    config: &Config,
    icon: Option<&[u8]>,
    css: Option<&str>,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let urls = Urls::new(&config.base_url);
    let colours = Colours::of_stylesheet(css);
    let mut files = Vec::new();
    let mut listed = Vec::new();
    if let Some(svg) = icon {
        let drawn = icons::draw_all(svg, colours).with_context(|| t!("app-icon-failed"))?;
        for (icon, png) in drawn {
            if let Some(purpose) = icon.purpose {
                let mut entry = json!({
                    "src": urls.href(icon.file),
                    "sizes": format!("{0}x{0}", icon.size),
                    "type": "image/png",
                });
                if purpose != "any" {
                    entry["purpose"] = Value::from(purpose);
                }
                listed.push(entry);
            }
            files.push((icon.file.to_string(), png));
        }
        listed.push(json!({ "src": urls.href(FAVICON), "sizes": "any", "type": "image/svg+xml" }));
    }
    let mut manifest = json!({
        "id": urls.root(),
        "name": config.title,
    });
    // The name under the icon on a home screen: a long title is cut
    // there, so a short one only.
    if config.title.chars().count() <= 12 {
        manifest["short_name"] = Value::from(config.title.as_str());
    }
    if !config.description.is_empty() {
        manifest["description"] = Value::from(config.description.as_str());
    }
    let rest = json!({
        "lang": config.language,
        "start_url": urls.root(),
        "scope": urls.root(),
        "display": "standalone",
        "background_color": css_colour(colours.background),
        "theme_color": css_colour(colours.accent),
        "icons": listed,
    });
    if let (Value::Object(m), Value::Object(r)) = (&mut manifest, rest) {
        m.extend(r);
    }
    let mut text = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    text.push(b'\n');
    files.push((MANIFEST.to_string(), text));
    Ok(files)
}

#[cfg(test)]
mod tests;
