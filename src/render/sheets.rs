//! The posters' sheets, each drawn once per language and render and
//! printed from there on every page that shows it: its own poster, its
//! kind's batch and the batches of its areas.
//!
//! A sheet is the theme's `sheet` component over the record's view, and
//! most of a poster page's cost: its QR code, its description read from
//! the record's body, a score of fields. Drawn for each of its three
//! pages, the sheets took a fifth of a full build's time. Held in
//! memory, they would take some 3 KB each, 120 MB at 10,000 organizations;
//! so a drawn sheet waits in the render's own spill file
//! ([`crate::spill`]), which goes with the render, and is read back with
//! one positioned read. Where no spill file can be made, or writing to it
//! fails, a sheet is drawn again for each page.
//!
//! The component is called with the view as `s` and the language's `t`
//! and `site`; the template's other defaults apply (the pages it is
//! printed on know nothing it could ask of them). What drawing a sheet
//! read of the site ([`crate::model::track`]) is kept beside it and
//! counted as read by each page that prints it, so that `serve` redraws
//! those pages when the record, its services or its places change.

use std::sync::{Mutex, OnceLock};

use anyhow::Context as _;
use serde::Serialize;

use crate::model::track::{self, Dep};
use crate::model::Idx;
use crate::spill::{Spill, Spot};

/// The sheets of one language.
pub(crate) struct Sheets<'a> {
    tera: &'a tera::Tera,
    /// `t` and `site` of the language.
    implicits: tera::Context,
    /// Made at the first sheet drawn.
    spill: OnceLock<Option<Spill>>,
    /// Where each drawn sheet is, by kind ([`super::posters::PosterOf`]'s
    /// index) and record.
    drawn: Mutex<[Vec<Option<Drawn>>; 3]>,
}

/// A drawn sheet.
struct Drawn {
    spot: Spot,
    /// What drawing it read of the site, when reads were noted.
    deps: Box<[Dep]>,
}

impl<'a> Sheets<'a> {
    /// The sheets drawn with `tera`'s `sheet` component, in the language of
    /// the shared values `site` and `t`.
    pub(crate) fn new(tera: &'a tera::Tera, site: &tera::Value, strings: &tera::Value) -> Self {
        let mut implicits = tera::Context::new();
        implicits.insert_value("site", site.clone());
        implicits.insert_value("t", strings.clone());
        Sheets {
            tera,
            implicits,
            spill: OnceLock::new(),
            drawn: Mutex::new(Default::default()),
        }
    }

    /// The HTML of the sheet of record `i` of kind `kind`: read back when
    /// it was drawn before, else drawn now from the view `view` makes.
    pub(crate) fn html<V: Serialize>(
        &self,
        kind: usize,
        i: Idx,
        view: impl FnOnce() -> anyhow::Result<V>,
    ) -> anyhow::Result<String> {
        if let Some(html) = self.drawn_before(kind, i) {
            return Ok(html);
        }
        let (html, deps) = if track::noting() {
            let (html, deps) = track::tracked(|| self.draw(view));
            (html?, deps)
        } else {
            (self.draw(view)?, Vec::new())
        };
        let spill = self.spill.get_or_init(Spill::new);
        if let Some(spot) = spill.as_ref().and_then(|s| s.put(&html)) {
            if let Ok(mut drawn) = self.drawn.lock() {
                let slots = &mut drawn[kind];
                if slots.len() <= i {
                    slots.resize_with(i + 1, || None);
                }
                slots[i] = Some(Drawn {
                    spot,
                    deps: deps.into_boxed_slice(),
                });
            }
        }
        Ok(html)
    }

    /// A sheet drawn before, its reads noted as the current reader's;
    /// None when it was not, or cannot be read back.
    fn drawn_before(&self, kind: usize, i: Idx) -> Option<String> {
        let spill = self.spill.get()?.as_ref()?;
        let spot = {
            let drawn = self.drawn.lock().ok()?;
            let d = drawn[kind].get(i)?.as_ref()?;
            track::note_all(&d.deps);
            d.spot
        };
        spill.get(spot).ok()
    }

    fn draw<V: Serialize>(
        &self,
        view: impl FnOnce() -> anyhow::Result<V>,
    ) -> anyhow::Result<String> {
        let mut args = tera::Context::new();
        let view = tera::Value::try_from_serializable(&view()?)
            .map_err(|e| anyhow::anyhow!(t!("page-view-failed", error = e.to_string())))?;
        args.insert_value("s", view);
        let mut out = Vec::with_capacity(8 * 1024);
        self.tera
            .render_component_with_implicits_to(
                "sheet",
                &args,
                &self.implicits,
                None,
                true,
                &mut out,
            )
            .context(t!("sheet-render-failed"))?;
        String::from_utf8(out).context(t!("sheet-render-failed"))
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::model::track::Kind;

    #[derive(Serialize)]
    struct View {
        name: &'static str,
    }

    fn value(key: &str, text: &str) -> tera::Value {
        let map: std::collections::BTreeMap<String, String> =
            [(key.to_string(), text.to_string())].into();
        tera::Value::try_from_serializable(&map).expect("a map")
    }

    /// Draws record `i`'s sheet of kind `kind`, counting the draws in
    /// `draws`; drawing reads `read`. Returns the sheet and what the
    /// page read.
    fn print(
        sheets: &Sheets<'_>,
        (kind, i): (usize, Idx),
        name: &'static str,
        read: Dep,
        draws: &Cell<u32>,
    ) -> (String, Vec<Dep>) {
        let (html, deps) = track::tracked(|| {
            sheets.html(kind, i, || {
                draws.set(draws.get() + 1);
                track::note_all(&[read]);
                Ok(View { name })
            })
        });
        (html.expect("drawn"), deps)
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
        let sheets = Sheets::new(&tera, &value("title", "兰州"), &value("scan", "扫码"));
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
        let plain = sheets.html(0, 3, || -> anyhow::Result<View> { unreachable!() });
        assert_eq!(plain.expect("read back"), first.0);
    }

    #[test]
    fn a_theme_without_a_sheet_component_is_an_error_that_says_so() {
        let tera = tera::Tera::new();
        let sheets = Sheets::new(&tera, &value("title", "兰州"), &value("scan", "扫码"));
        let err = sheets
            .html(0, 0, || Ok(View { name: "x" }))
            .expect_err("no component");
        assert!(format!("{err:#}").contains("sheet"), "{err:#}");
    }
}
