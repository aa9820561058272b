//! The site in its other languages ([`crate::languages`]): each page drawn
//! again under the copy's prefix with the copy's words and links, then, for
//! Traditional Chinese, converted phrase by phrase with OpenCC. A copy is
//! written beside the page it copies, by the same call, so `build`,
//! `build --watch` and `serve` keep every language current alike; its
//! reads are the page's own.
//!
//! Every page names all its languages (`hreflang` alternates in its head,
//! and the switcher in its header): [`alternates`].

use anyhow::Context as _;
use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use serde::Serialize;

use crate::languages::{autonym, Copy, Made, Standard};
use crate::model::Site;
use crate::urls::Urls;

use super::jsonld;
use super::wording::{DateStyle, Wording};
use super::{Shared, Theme};

/// What drawing one language takes.
pub(crate) struct Lang<'a> {
    /// The site this language shows (the English one has the records'
    /// English names and descriptions).
    pub site: &'a Site,
    /// `zh-Hant`, `en`; the site's own language for the first.
    pub tag: &'a str,
    /// `zh-hant/`; empty for the site's own language.
    pub prefix: &'a str,
    pub words: Wording,
    pub urls: Urls,
    pub shared: Shared,
    pub ld: jsonld::Maker<'a>,
    /// How a Traditional copy converts its pages.
    convert: Option<Convert>,
}

/// The conversion of a Traditional copy's pages.
struct Convert {
    cc: OpenCC,
    /// Which cache of conversions it uses ([`convert_runs`]).
    cache: usize,
    /// The switcher names each language in itself, Simplified too: where
    /// the conversion changes that name (`data-autonym>簡體中文<`), and
    /// what it reads again.
    autonym: Option<(memchr::memmem::Finder<'static>, String)>,
}

impl Convert {
    fn new((cc, cache): (OpenCC, usize)) -> Convert {
        let simplified = autonym("zh-Hans");
        let converted = cc.convert(simplified);
        let autonym = (converted != simplified).then(|| {
            let needle = format!("data-autonym>{converted}<");
            (
                memchr::memmem::Finder::new(needle.as_bytes()).into_owned(),
                format!("data-autonym>{simplified}<"),
            )
        });
        Convert { cc, cache, autonym }
    }
}

impl<'a> Lang<'a> {
    /// The site's own language.
    pub(crate) fn own(
        site: &'a Site,
        theme: &Theme,
    ) -> anyhow::Result<(Lang<'a>, Vec<crate::model::track::Dep>)> {
        let words = Wording::new(theme.strings(&site.config.language));
        let urls = Urls::new(&site.config.base_url);
        let (shared, reads) =
            Shared::new(site, theme, &urls, &urls, &words, &site.config.language)?;
        Ok((
            Lang {
                site,
                tag: &site.config.language,
                prefix: "",
                ld: jsonld::Maker::new(site, urls.clone()),
                words,
                urls,
                shared,
                convert: None,
            },
            reads,
        ))
    }

    /// A copy of the site in another language; `english` is the site with
    /// the records' English words, when it differs.
    pub(crate) fn copy(
        site: &'a Site,
        english: Option<&'a Site>,
        theme: &Theme,
        copy: &'a Copy,
    ) -> anyhow::Result<Lang<'a>> {
        let shown = match copy.made {
            Made::English => english.unwrap_or(site),
            Made::Traditional(_) => site,
        };
        let assets = Urls::new(&site.config.base_url);
        let urls = Urls::new(&format!("{}{}", site.config.base_url, copy.prefix));
        let (words, convert) = match copy.made {
            Made::English => (
                Wording::new(theme.strings("en")).with_dates(DateStyle::English),
                None,
            ),
            Made::Traditional(standard) => (
                Wording::new(theme.strings(&site.config.language)),
                Some(Convert::new(traditional(standard)?)),
            ),
        };
        let (shared, _) = Shared::new(shown, theme, &urls, &assets, &words, &copy.tag)?;
        Ok(Lang {
            site: shown,
            tag: &copy.tag,
            prefix: &copy.prefix,
            ld: jsonld::Maker::new(shown, urls.clone()),
            words,
            urls,
            shared,
            convert,
        })
    }

    /// The page as this language publishes it: converted to Traditional
    /// characters for a Traditional copy, as drawn otherwise.
    pub(crate) fn finish(&self, html: Vec<u8>) -> Vec<u8> {
        let Some(convert) = &self.convert else {
            return html;
        };
        let text = match simdutf8::basic::from_utf8(&html) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&html),
        };
        let out = convert_runs(&convert.cc, convert.cache, &text).into_bytes();
        match &convert.autonym {
            Some((finder, simplified)) => replace_all(out, finder, simplified.as_bytes()),
            None => out,
        }
    }
}

/// `bytes` with every match of `finder` replaced by `with`; the same
/// bytes, not copied, where there is none.
fn replace_all(bytes: Vec<u8>, finder: &memchr::memmem::Finder<'_>, with: &[u8]) -> Vec<u8> {
    let mut found = finder.find_iter(&bytes).peekable();
    if found.peek().is_none() {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for at in found {
        out.extend_from_slice(&bytes[from..at]);
        out.extend_from_slice(with);
        from = at + finder.needle().len();
    }
    out.extend_from_slice(&bytes[from..]);
    out
}

/// The converter of a Traditional standard, and which cache of
/// conversions it uses ([`convert_runs`]).
pub(crate) fn traditional(standard: Standard) -> anyhow::Result<(OpenCC, usize)> {
    let (config, cache) = match standard {
        Standard::Taiwan => (BuiltinConfig::S2twp, 0),
        Standard::HongKong => (BuiltinConfig::S2hk, 1),
    };
    let cc = OpenCC::from_config(config)
        .with_context(|| t!("opencc-table", table = config.to_filename()))?;
    Ok((cc, cache))
}

/// `text` converted by `cc`, run by run of characters outside ASCII: the
/// markup, links and numbers between them (most of a page) are copied as
/// they are, and no phrase spans them.
pub(crate) fn convert_runs(cc: &OpenCC, cache: usize, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        let run = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        if run > 0 {
            convert_run(cc, cache, &rest[..run], &mut out);
        }
        rest = &rest[run..];
    }
    out
}

/// Runs repeat: the theme's words and the names on every page, a
/// record's description four or five times on its own page (its meta
/// tags, its JSON-LD) and again on every list that shows its card. Each
/// thread keeps what it converted, for each standard: the short runs by
/// number, the long ones up to a number of bytes (OpenCC takes some
/// hundred instructions a character; finding a run already converted,
/// a few). A cache that is full is emptied and filled again.
const CACHED_RUN: usize = 48;
const CACHED_RUNS: usize = 1 << 16;
/// Runs up to this long are kept in the cache of long runs (a body of
/// several paragraphs is longer, and seldom shown twice).
const LONG_RUN: usize = 4096;
/// The bytes of long runs, converted and not, a cache holds at most.
const LONG_BYTES: usize = 8 << 20;

type Converted = rustc_hash::FxHashMap<Box<str>, Box<str>>;

/// The conversions one thread keeps for one standard.
#[derive(Default)]
struct Kept {
    short: Converted,
    long: Converted,
    /// Bytes in `long`, both sides.
    long_bytes: usize,
}

thread_local! {
    static CONVERTED: std::cell::RefCell<[Kept; 2]> = std::cell::RefCell::default();
}

fn convert_run(cc: &OpenCC, which: usize, run: &str, out: &mut String) {
    if run.len() > LONG_RUN {
        out.push_str(&cc.convert(run));
        return;
    }
    CONVERTED.with(|kept| kept_run(cc, &mut kept.borrow_mut()[which], run, out, LONG_BYTES));
}

/// `run` converted, from `kept` or by `cc` (and then kept); `long_bytes`
/// bounds the cache of long runs.
fn kept_run(cc: &OpenCC, kept: &mut Kept, run: &str, out: &mut String, long_bytes: usize) {
    let long = run.len() > CACHED_RUN;
    let cache = if long {
        &mut kept.long
    } else {
        &mut kept.short
    };
    if let Some(done) = cache.get(run) {
        out.push_str(done);
        return;
    }
    let done = cc.convert(run);
    out.push_str(&done);
    if long {
        let bytes = run.len() + done.len();
        if kept.long_bytes + bytes > long_bytes {
            kept.long.clear();
            kept.long_bytes = 0;
        }
        kept.long_bytes += bytes;
        kept.long.insert(run.into(), done.into());
    } else {
        if kept.short.len() >= CACHED_RUNS {
            kept.short.clear();
        }
        kept.short.insert(run.into(), done.into());
    }
}

/// One language of a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct AlternateView {
    /// `hreflang`: `zh-Hans`, `zh-Hant`, `en`.
    pub lang: String,
    /// The language's own name: 简体中文, 繁體中文, English.
    pub name: &'static str,
    /// Absolute URL.
    pub href: String,
    /// Root-relative link.
    pub url: String,
    /// The language of the page that names them.
    pub current: bool,
}

/// The page at `rel` in every language of `langs`, the one at `current`
/// marked; none for a site in one language.
pub(crate) fn alternates(langs: &[Lang<'_>], rel: &str, current: usize) -> Vec<AlternateView> {
    if langs.len() < 2 {
        return Vec::new();
    }
    langs
        .iter()
        .enumerate()
        .map(|(i, l)| AlternateView {
            lang: l.tag.to_string(),
            name: autonym(l.tag),
            href: l.urls.absolute(rel),
            url: l.urls.href(rel),
            current: i == current,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converted from the caches, full or not, a run reads as OpenCC
    /// converts it alone; each run is kept once.
    #[test]
    fn kept_conversions_are_the_conversions() {
        let (cc, _) = traditional(Standard::Taiwan).expect("the tables are compiled in");
        let long =
            "服务时间为每周六下午，如有调整将提前在公众号通知。兰州市妇联对此给予了大力支持。";
        let half: String = long.chars().take(20).collect();
        let runs = [
            "职工服务",
            long,
            "简体中文",
            long,
            "后台",
            &half,
            long,
            "职工服务",
        ];
        let one_long = long.len() + cc.convert(long).len();
        // Room for everything; then for one long run at a time.
        for (budget, long_kept) in [(1 << 20, 2), (one_long, 1)] {
            let mut kept = Kept::default();
            for run in runs {
                let mut out = String::new();
                kept_run(&cc, &mut kept, run, &mut out, budget);
                assert_eq!(out, cc.convert(run), "{run} with room for {budget} bytes");
                assert!(kept.long_bytes <= budget, "{} bytes kept", kept.long_bytes);
            }
            assert_eq!(kept.long.len(), long_kept, "with room for {budget} bytes");
            assert_eq!(kept.short.len(), 3, "each short run once");
        }
    }

    #[test]
    fn every_match_is_replaced_and_none_copies_nothing() {
        let finder = memchr::memmem::Finder::new("簡體");
        let page = "<a data-autonym>簡體</a>簡體簡".as_bytes().to_vec();
        assert_eq!(
            replace_all(page, &finder, "简体".as_bytes()),
            "<a data-autonym>简体</a>简体簡".as_bytes()
        );
        let none = b"<p>x</p>".to_vec();
        let at = none.as_ptr();
        let same = replace_all(none, &finder, b"y");
        assert_eq!((same.as_slice(), same.as_ptr()), (&b"<p>x</p>"[..], at));
    }

    #[test]
    fn a_page_is_converted_run_by_run() {
        let (cc, cache) = traditional(Standard::HongKong).expect("the tables are compiled in");
        let page = "<p class=\"x\">服务时间</p><a href=\"/a/\">后台</a>2024年";
        let out = convert_runs(&cc, cache, page);
        assert_eq!(
            out,
            format!(
                "<p class=\"x\">{}</p><a href=\"/a/\">{}</a>2024{}",
                cc.convert("服务时间"),
                cc.convert("后台"),
                cc.convert("年")
            )
        );
        assert_eq!(
            convert_runs(&cc, cache, page),
            out,
            "the same from the cache"
        );
    }
}
