//! Parts of pages drawn once per language and render by a component of
//! the theme, and printed from there on every page that shows them:
//!
//! - the posters' sheets, each on its poster, its kind's batch and the
//!   batches of its areas ([`SHEETS`]);
//! - the cards of lists, each entry's on every list that shows it (a
//!   service is on about five: its organization's, its places', its
//!   categories', its area's, the whole list) ([`CARDS`]).
//!
//! Drawn for each page, the sheets took a fifth of a full build's time and
//! the cards a tenth. Held in memory they would take some 3 KB a sheet and
//! 0.5 KB a card, about 170 MB at 10,000 organizations; so a drawn part
//! waits in the render's own spill file ([`crate::spill`]), which goes
//! with the render, and is read back with one positioned read. Where no
//! spill file can be made, or writing to it fails, a part is drawn again
//! for each page.
//!
//! The component is called with the part's own arguments and the
//! language's `t` and `site`; the template's other defaults apply (the
//! pages it is printed on know nothing it could ask of them). What drawing
//! a part read of the site ([`crate::model::track`]) is written beside it
//! and counted as read by each page that prints it, so that `serve`
//! redraws those pages when what the part shows changes.

use std::sync::{Mutex, OnceLock};

use anyhow::Context as _;

use crate::model::track::{self, Dep};
use crate::model::Idx;
use crate::spill::{Spill, Spot};

/// A kind of part: the component that draws it, its groups (the
/// drawings of one group are numbered by record), and whether its parts
/// may be held in memory ([`crate::spill::hold_in_memory`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Parts {
    component: &'static str,
    first: usize,
    groups: usize,
    held: bool,
}

/// The posters' sheets: one group per kind of poster
/// ([`super::posters::PosterOf`]'s index), drawn by `sheet`. Always in the
/// spill file: at 10,000 organizations they take 114 MB and are read back
/// 74,000 times, the cards 33 MB and 330,000 times.
pub(crate) const SHEETS: Parts = Parts {
    component: "sheet",
    first: 0,
    groups: 3,
    held: false,
};

/// The cards: one group per kind of card and heading level (five kinds,
/// two levels), drawn by `card`.
pub(crate) const CARDS: Parts = Parts {
    component: "card",
    first: SHEETS.first + SHEETS.groups,
    groups: 10,
    held: true,
};

/// Groups of parts there are.
const GROUPS: usize = CARDS.first + CARDS.groups;

/// The parts of one language.
pub(crate) struct Drawings<'a> {
    tera: &'a tera::Tera,
    /// `t` and `site` of the language.
    implicits: tera::Context,
    /// Made at the first part drawn.
    spill: OnceLock<Option<Spill>>,
    /// Where each drawn part is, by group and record.
    drawn: Mutex<[Vec<Option<Drawn>>; GROUPS]>,
}

impl Drop for Drawings<'_> {
    /// The spill file is closed on a thread of its own: the kernel takes
    /// its pages back then, some milliseconds for each hundred megabytes.
    fn drop(&mut self) {
        if let Some(spill) = self.spill.take().flatten() {
            crate::aside::drop_aside(spill);
        }
    }
}

/// A drawn part as pages print it: its bytes, checked to be UTF-8 when
/// printed ([`simdutf8`]: on Chinese text, the standard library's check
/// of each part read back took a fortieth of a build).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Html(Vec<u8>);

impl Html {
    /// The HTML as text; an error if it is not UTF-8.
    pub(crate) fn text(&self) -> anyhow::Result<&str> {
        simdutf8::basic::from_utf8(&self.0).map_err(|_| anyhow::anyhow!("HTML not in UTF-8"))
    }
}

impl serde::Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.text().map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(text)
    }
}

/// A drawn part in the spill file: its HTML, then what drawing it read
/// ([`Dep::pack`], eight bytes each).
#[derive(Clone, Copy)]
struct Drawn {
    spot: Spot,
    html: u32,
}

impl<'a> Drawings<'a> {
    /// The parts drawn with `tera`'s components, in the language of the
    /// shared values `site` and `t`.
    pub(crate) fn new(tera: &'a tera::Tera, site: &tera::Value, strings: &tera::Value) -> Self {
        let mut implicits = tera::Context::new();
        implicits.insert_value("site", site.clone());
        implicits.insert_value("t", strings.clone());
        Drawings {
            tera,
            implicits,
            spill: OnceLock::new(),
            drawn: Mutex::new(std::array::from_fn(|_| Vec::new())),
        }
    }

    /// The HTML of part `i` of group `group` of `parts`: read back when it
    /// was drawn before, else drawn now with the arguments `args` gives.
    pub(crate) fn html(
        &self,
        parts: Parts,
        group: usize,
        i: Idx,
        args: impl FnOnce() -> anyhow::Result<tera::Context>,
    ) -> anyhow::Result<Html> {
        debug_assert!(group < parts.groups, "{} group {group}", parts.component);
        let group = parts.first + group;
        if let Some(html) = self.drawn_before(group, i) {
            return Ok(html);
        }
        let (html, deps) = if track::noting() {
            let (html, deps) = track::tracked(|| self.draw(parts.component, args));
            (html?, deps)
        } else {
            (self.draw(parts.component, args)?, Vec::new())
        };
        let spill = self.spill.get_or_init(Spill::new);
        if let Some(spot) = spill.as_ref().and_then(|s| {
            let bytes = with_reads(&html, &deps);
            if parts.held {
                s.put_bytes(&bytes)
            } else {
                s.put_bytes_in_file(&bytes)
            }
        }) {
            if let Ok(mut drawn) = self.drawn.lock() {
                let slots = &mut drawn[group];
                if slots.len() <= i {
                    slots.resize(i + 1, None);
                }
                slots[i] = Some(Drawn {
                    spot,
                    html: spot.len() - (deps.len() * 8) as u32,
                });
            }
        }
        Ok(html)
    }

    /// A part drawn before, its reads noted as the current reader's; None
    /// when it was not, or cannot be read back.
    fn drawn_before(&self, group: usize, i: Idx) -> Option<Html> {
        let spill = self.spill.get()?.as_ref()?;
        let d = (*self.drawn.lock().ok()?[group].get(i)?)?;
        if !track::noting() {
            return spill.get_bytes(d.spot.part(0, d.html)).ok().map(Html);
        }
        let mut bytes = spill.get_bytes(d.spot).ok()?;
        let deps: Vec<Dep> = bytes[d.html as usize..]
            .chunks_exact(8)
            .map(|b| Dep::unpack(u64::from_le_bytes(b.try_into().unwrap_or_default())))
            .collect::<Option<_>>()?;
        track::note_all(&deps);
        bytes.truncate(d.html as usize);
        Some(Html(bytes))
    }

    fn draw(
        &self,
        component: &str,
        args: impl FnOnce() -> anyhow::Result<tera::Context>,
    ) -> anyhow::Result<Html> {
        let args = args()?;
        let failed = || t!("component-render-failed", name = component);
        let mut out = Vec::with_capacity(4 * 1024);
        self.tera
            .render_component_with_implicits_to(
                component,
                &args,
                &self.implicits,
                None,
                true,
                &mut out,
            )
            .with_context(failed)?;
        Ok(Html(out))
    }
}

/// `html`, then `deps` packed.
fn with_reads(html: &Html, deps: &[Dep]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(html.0.len() + deps.len() * 8);
    bytes.extend_from_slice(&html.0);
    for d in deps {
        bytes.extend_from_slice(&d.pack().to_le_bytes());
    }
    bytes
}

/// The template value of `view`, as a part's argument.
pub(crate) fn value<V: serde::Serialize>(view: &V) -> anyhow::Result<tera::Value> {
    tera::Value::try_from_serializable(view)
        .map_err(|e| anyhow::anyhow!(t!("page-view-failed", error = e.to_string())))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::model::track::Kind;

    #[derive(serde::Serialize)]
    struct View {
        name: &'static str,
    }

    fn text(html: Html) -> String {
        html.text().expect("UTF-8").to_string()
    }

    fn args(view: View) -> anyhow::Result<tera::Context> {
        let mut args = tera::Context::new();
        args.insert_value("s", super::value(&view)?);
        Ok(args)
    }

    fn shared(key: &str, text: &str) -> tera::Value {
        let map: std::collections::BTreeMap<String, String> =
            [(key.to_string(), text.to_string())].into();
        tera::Value::try_from_serializable(&map).expect("a map")
    }

    /// Draws record `i`'s sheet of kind `kind`, counting the draws in
    /// `draws`; drawing reads `read`. Returns the sheet and what the
    /// page read.
    fn print(
        sheets: &Drawings<'_>,
        (kind, i): (usize, Idx),
        name: &'static str,
        read: Dep,
        draws: &Cell<u32>,
    ) -> (String, Vec<Dep>) {
        let (html, deps) = track::tracked(|| {
            sheets.html(SHEETS, kind, i, || {
                draws.set(draws.get() + 1);
                track::note_all(&[read]);
                args(View { name })
            })
        });
        (text(html.expect("drawn")), deps)
    }

    #[test]
    fn a_sheet_is_drawn_once_and_read_by_every_page_that_prints_it() {
        let mut tera = tera::Tera::new();
        tera.add_raw_template(
            "components.html",
            "{% component sheet(s, level=2, @t, @site) -%}\
             <h{{ level }}>{{ s.name }}</h{{ level }}>{{ t.scan }} {{ site.title }}\
             {%- endcomponent sheet %}",
        )
        .expect("a template");
        let sheets = Drawings::new(&tera, &shared("title", "兰州"), &shared("scan", "扫码"));
        let draws = Cell::new(0);
        let venue = Dep::Record(Kind::Venue, 3);
        let first = print(&sheets, (0, 3), "和平<服务点>", venue, &draws);
        assert_eq!(first.0, "<h2>和平&lt;服务点&gt;</h2>扫码 兰州");
        assert_eq!(first.1, [venue]);
        // Printed again: read back, with what drawing it read.
        let again = print(
            &sheets,
            (0, 3),
            "not drawn",
            Dep::Count(Kind::Venue),
            &draws,
        );
        assert_eq!(again, first);
        assert_eq!(draws.get(), 1);
        // Another kind's record 3 is another sheet.
        let service = Dep::Record(Kind::Service, 3);
        let other = print(&sheets, (1, 3), "托管班", service, &draws);
        assert_eq!(
            other,
            ("<h2>托管班</h2>扫码 兰州".to_string(), vec![service])
        );
        assert_eq!(draws.get(), 2);
        // Outside a tracked call nothing is noted, and nothing fails.
        let plain = sheets.html(SHEETS, 0, 3, || unreachable!());
        assert_eq!(text(plain.expect("read back")), first.0);
    }

    #[test]
    fn cards_and_sheets_of_the_same_record_are_different_parts() {
        let mut tera = tera::Tera::new();
        tera.add_raw_template(
            "components.html",
            "{% component sheet(s) -%}<div>{{ s.name }}</div>{%- endcomponent sheet %}\
             {% component card(card, c, level) -%}\
             <h{{ level }} class=\"{{ card }}\">{{ c.name }}</h{{ level }}>\
             {%- endcomponent card %}",
        )
        .expect("a template");
        let drawn = Drawings::new(&tera, &shared("title", "兰州"), &shared("scan", "扫码"));
        let card = |group: usize, level: u8| {
            drawn.html(CARDS, group, 3, || {
                let mut args = tera::Context::new();
                args.insert("card", "venue");
                args.insert_value("c", super::value(&View { name: "和平" })?);
                args.insert("level", &level);
                Ok(args)
            })
        };
        let sheet = drawn.html(SHEETS, 0, 3, || args(View { name: "和平" }));
        assert_eq!(text(sheet.expect("a sheet")), "<div>和平</div>");
        assert_eq!(
            text(card(0, 2).expect("a card")),
            "<h2 class=\"venue\">和平</h2>"
        );
        assert_eq!(
            text(card(1, 3).expect("a card")),
            "<h3 class=\"venue\">和平</h3>"
        );
        // Read back, whatever the arguments would be now.
        assert_eq!(
            text(card(0, 3).expect("a card")),
            "<h2 class=\"venue\">和平</h2>"
        );
    }

    #[test]
    fn html_that_is_not_utf8_is_an_error_when_printed_not_a_panic() {
        let good = Html("<p>驿站</p>".as_bytes().to_vec());
        assert_eq!(
            value(&good).expect("UTF-8"),
            tera::Value::from("<p>驿站</p>")
        );
        // A spill file damaged on the disk: a cut character.
        let cut = Html("<p>驿站".as_bytes()[..5].to_vec());
        assert!(cut.text().is_err());
        assert!(value(&cut).is_err());
    }

    #[test]
    fn a_theme_without_a_sheet_component_is_an_error_that_says_so() {
        let tera = tera::Tera::new();
        let sheets = Drawings::new(&tera, &shared("title", "兰州"), &shared("scan", "扫码"));
        let err = sheets
            .html(SHEETS, 0, 0, || args(View { name: "x" }))
            .expect_err("no component");
        assert!(format!("{err:#}").contains("sheet"), "{err:#}");
    }
}
