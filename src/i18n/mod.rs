//! The words people read, in Simplified Chinese or English.
//!
//! Every message lives in one catalogue per language (`locales/en.ftl`,
//! `locales/zh-Hans.ftl`, in [Fluent](https://projectfluent.org) syntax,
//! the command help in `locales/en-cli.ftl` and `locales/zh-Hans-cli.ftl`),
//! embedded in the binary and parsed once. A message is looked up by its
//! id with named arguments: `t!` gives its words, `msg!` the words,
//! the `.help` attribute and the id itself, which diagnostics carry as
//! their stable `code`.
//!
//! The language is chosen once per process, by the command line before it
//! reads anything ([`choose()`]): `--lang` (or `YIZHAN_LANG`), else the
//! site's `language`, else the locale of the environment. Words are made
//! in that language when a message is made, so everything downstream
//! (diagnostics, reports, the `serve` overlay) just carries text. A
//! program using the library without setting it gets English.

mod choose;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use choose::{choose, from_args, from_locale, site_language};

/// A language messages can be shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese.
    Zh,
    English,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::English];

    /// The language of a tag such as `zh-Hans`, `zh_CN.UTF-8` or `en-US`:
    /// Chinese for every `zh…`, English for anything else.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::English
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::Zh => 0,
            Lang::English => 1,
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Zh => concat!(
                include_str!("../../locales/zh-Hans.ftl"),
                "\n",
                include_str!("../../locales/zh-Hans-cli.ftl"),
            ),
            Lang::English => concat!(
                include_str!("../../locales/en.ftl"),
                "\n",
                include_str!("../../locales/en-cli.ftl"),
            ),
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::English => "en",
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(1);

/// Chooses the language of every message made from now on.
pub fn set_language(lang: Lang) {
    CURRENT.store(lang.index() as u8, Ordering::Relaxed);
}

/// The language messages are made in.
pub fn language() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        0 => Lang::Zh,
        _ => Lang::English,
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    BUNDLES[lang.index()].get_or_init(|| {
        let resource = FluentResource::try_new(lang.source().to_string())
            .unwrap_or_else(|(_, errors)| panic!("locales/{}.ftl: {errors:?}", lang.tag()));
        let id = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Terminals and logs show Unicode isolation marks as noise.
        bundle.set_use_isolating(false);
        if let Err(errors) = bundle.add_resource(resource) {
            panic!("locales/{}.ftl: {errors:?}", lang.tag());
        }
        bundle
    })
}

/// The words of message `id` (or of its attribute `attr`) in `lang`, if
/// the catalogue has them.
pub(crate) fn lookup(
    lang: Lang,
    id: &str,
    attr: Option<&str>,
    args: &FluentArgs<'_>,
) -> Option<String> {
    let bundle = bundle(lang);
    let message = bundle.get_message(id)?;
    let pattern = match attr {
        None => message.value()?,
        Some(attr) => message.get_attribute(attr)?.value(),
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    debug_assert!(errors.is_empty(), "message {id}: {errors:?}");
    Some(text.into_owned())
}

/// The words of message `id` in the current language (English if that
/// catalogue lacks it, the id itself if both do).
pub(crate) fn text(id: &str, args: &FluentArgs<'_>) -> String {
    text_in(language(), id, args)
}

/// The words of message `id` in `lang`.
pub(crate) fn text_in(lang: Lang, id: &str, args: &FluentArgs<'_>) -> String {
    lookup(lang, id, None, args)
        .or_else(|| lookup(Lang::English, id, None, args))
        .unwrap_or_else(|| {
            debug_assert!(false, "no message {id}");
            id.to_string()
        })
}

/// A message made for a person: its stable id, its words and its help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    /// The id in the catalogue, the same in every language.
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

impl Msg {
    pub(crate) fn new(code: &'static str, args: &FluentArgs<'_>) -> Self {
        let lang = language();
        Msg {
            code,
            message: text_in(lang, code, args),
            help: lookup(lang, code, Some("help"), args),
        }
    }

    /// Replaces the help (e.g. with a "did you mean" found at run time).
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A value a message can show: text and numbers (`ToArg::to_arg`).
pub(crate) trait ToArg {
    fn to_arg(&self) -> FluentValue<'static>;
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> FluentValue<'static> {
        (**self).to_arg()
    }
}

impl ToArg for str {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

impl ToArg for String {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

impl ToArg for Cow<'_, str> {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

impl ToArg for char {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

impl ToArg for Path {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.display().to_string())
    }
}

impl ToArg for PathBuf {
    fn to_arg(&self) -> FluentValue<'static> {
        self.as_path().to_arg()
    }
}

macro_rules! number_arg {
    ($($t:ty)+) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )+};
}

number_arg!(usize u8 u16 u32 u64 u128 i32 i64 f64);

/// Named arguments for a message.
pub(crate) fn args(pairs: &[(&'static str, FluentValue<'static>)]) -> FluentArgs<'static> {
    let mut args = FluentArgs::with_capacity(pairs.len());
    for (name, value) in pairs {
        args.set(*name, value.clone());
    }
    args
}

/// The words of a message in the current language:
/// `t!("check-ok")`, `t!("summary", errors = 2, warnings = 0)`.
macro_rules! t {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::text(
            $id,
            &$crate::i18n::args(&[$((stringify!($name), $crate::i18n::ToArg::to_arg(&$value))),*]),
        )
    };
}

/// A whole message (code, words and help) in the current language:
/// `msg!("listed-twice", id = id)`.
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new(
            $id,
            &$crate::i18n::args(&[$((stringify!($name), $crate::i18n::ToArg::to_arg(&$value))),*]),
        )
    };
}

#[cfg(test)]
mod tests;
