//! The languages a site is rendered in (`languages:` in `site.yaml`): its
//! own (`language:`) at the root, and copies under a prefix of their own.
//!
//! - `zh-Hant` (`/zh-hant/`): every page of a Simplified Chinese site
//!   converted to Traditional with OpenCC, phrase by phrase, in the Taiwan
//!   standard (`traditional: taiwan`, the default) or the Hong Kong one
//!   (`traditional: hongkong`); `zh-TW` and `zh-HK` name the standard
//!   themselves.
//! - `en` (`/en/`): the theme's words in English, the content as written.
//!
//! Anything else cannot be made from the content and is an error rather
//! than a language silently missing.

use serde::Serialize;

/// How a copy is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Made {
    /// Converted to Traditional characters and phrases.
    Traditional(Standard),
    /// The theme's English words.
    English,
}

/// Which Traditional standard: words as used in Taiwan or in Hong Kong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standard {
    Taiwan,
    HongKong,
}

/// One language besides the site's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Copy {
    /// The tag as written in `languages:` (`zh-Hant`, `en`), for `lang`
    /// and `hreflang`.
    pub tag: String,
    /// Where its pages live: `zh-hant/`, `en/`.
    pub prefix: String,
    pub made: Made,
}

/// Whether a site language is Simplified Chinese, from which the copies
/// are made.
pub(crate) fn is_simplified(tag: &str) -> bool {
    matches!(
        tag.to_ascii_lowercase().as_str(),
        "zh-hans" | "zh" | "zh-cn" | "zh-hans-cn" | "zh-sg"
    )
}

/// The copy `tag` names beside a site in `language`, with the Traditional
/// standard `traditional` (None: Taiwan); None when it cannot be made.
pub(crate) fn copy_of(tag: &str, language: &str, traditional: Option<Standard>) -> Option<Copy> {
    if !is_simplified(language) {
        return None;
    }
    let t = tag.trim();
    let lower = t.to_ascii_lowercase();
    let made = match lower.as_str() {
        "zh-hant" => Made::Traditional(traditional.unwrap_or(Standard::Taiwan)),
        "zh-tw" | "zh-hant-tw" => Made::Traditional(Standard::Taiwan),
        "zh-hk" | "zh-hant-hk" | "zh-mo" => Made::Traditional(Standard::HongKong),
        "en" | "en-us" | "en-gb" => Made::English,
        _ => return None,
    };
    Some(Copy {
        tag: t.to_string(),
        prefix: format!("{lower}/"),
        made,
    })
}

/// `taiwan` or `hongkong` (also `tw`, `hk`, `台湾`, `香港`).
pub(crate) fn standard(text: &str) -> Option<Standard> {
    match text.trim().to_ascii_lowercase().as_str() {
        "taiwan" | "tw" | "台湾" | "臺灣" => Some(Standard::Taiwan),
        "hongkong" | "hong-kong" | "hong kong" | "hk" | "香港" => Some(Standard::HongKong),
        _ => None,
    }
}

/// A language's own name, for the switcher between copies.
pub(crate) fn autonym(tag: &str) -> &'static str {
    let lower = tag.to_ascii_lowercase();
    if lower.starts_with("en") {
        "English"
    } else if is_simplified(&lower) {
        "简体中文"
    } else if lower.starts_with("zh") {
        "繁體中文"
    } else {
        "Other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_come_from_simplified_chinese_only() {
        let hant = copy_of("zh-Hant", "zh-Hans", None).expect("a copy");
        assert_eq!(hant.prefix, "zh-hant/");
        assert_eq!(hant.made, Made::Traditional(Standard::Taiwan));
        assert_eq!(
            copy_of("zh-Hant", "zh-Hans", Some(Standard::HongKong)).map(|c| c.made),
            Some(Made::Traditional(Standard::HongKong))
        );
        assert_eq!(
            copy_of("zh-HK", "zh-Hans", None).map(|c| (c.prefix, c.made)),
            Some(("zh-hk/".to_string(), Made::Traditional(Standard::HongKong)))
        );
        assert_eq!(
            copy_of("en", "zh-Hans", None).map(|c| c.made),
            Some(Made::English)
        );
        assert_eq!(copy_of("fr", "zh-Hans", None), None);
        assert_eq!(copy_of("zh-Hant", "en", None), None);
        assert_eq!(standard("香港"), Some(Standard::HongKong));
        assert_eq!(standard("macau"), None);
    }
}
