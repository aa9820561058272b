//! Which language to speak: the command line's `--lang`, else the site's
//! `language`, else the environment's locale.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::Lang;

/// The language of a run: `flag` (`--lang`) wins, then the site's
/// `language`, then the locale; English when none says.
pub fn choose(flag: Option<Lang>, site: Option<Lang>, locale: Option<Lang>) -> Lang {
    flag.or(site).or(locale).unwrap_or(Lang::English)
}

/// The language of a command line before it is parsed (its help is shown
/// in it): `--lang` or `YIZHAN_LANG`, else the `language` of the site in
/// `--root` (default `.`), else the locale.
pub fn from_args(args: &[OsString], env: &dyn Fn(&str) -> Option<String>) -> Lang {
    let mut flag = None;
    let mut root = PathBuf::from(".");
    let mut words = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            flag = Some(Lang::from_tag(value));
        } else if word == "--lang" {
            flag = words.next().map(|v| Lang::from_tag(&v));
        } else if let Some(value) = word.strip_prefix("--root=") {
            root = PathBuf::from(value);
        } else if word == "--root" {
            if let Some(value) = words.next() {
                root = PathBuf::from(value);
            }
        }
    }
    let flag = flag.or_else(|| {
        env("YIZHAN_LANG")
            .filter(|v| !v.trim().is_empty())
            .map(|v| Lang::from_tag(&v))
    });
    choose(flag, site_language(&root), from_locale(env))
}

/// The language of the site in `root`: its `language` in
/// content/site.yaml (Chinese when it says none, as the site is built),
/// none when there is no site.yaml.
pub fn site_language(root: &Path) -> Option<Lang> {
    let text = crate::readfile::site_yaml(root)?;
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_default();
    let language = value
        .get("language")
        .and_then(|v| v.as_str())
        .unwrap_or(crate::config::DEFAULT_LANGUAGE);
    Some(Lang::from_tag(language))
}

/// The language of the locale: the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that is set, as POSIX reads them.
pub fn from_locale(env: &dyn Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| env(name).filter(|v| !v.is_empty()))
        .filter(|v| v != "C" && v != "POSIX")
        .map(|v| Lang::from_tag(&v))
}
