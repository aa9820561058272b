//! The render phase: the frozen [`Site`] and a [`Theme`] in, every output
//! file out through a [`Sink`].
//!
//! [`pages`] lists the pages (with [`posters`], the printable poster of
//! each venue, service and brand and the batches that print them in bulk),
//! [`views`] builds the typed view of each one
//! (with [`jsonld`], the schema.org data of record pages, in its head),
//! the theme's Tera templates draw them, and [`sitemap`] writes
//! `sitemap.xml` and `robots.txt`. Pages are rendered in parallel; the
//! site, the locale strings and the site-wide view are converted to
//! template values once and shared. Output depends only on the site and
//! the theme (no build times, no hash-map order), so two builds of the
//! same content are byte-identical.
//!
//! The render phase does not know where files go: the engine
//! ([`crate::engine`]) gives it a sink that hands them to the output.

pub(crate) mod compact;
pub(crate) mod copies;
pub(crate) mod exists;
pub(crate) mod feed;
mod jsonld;
mod once;
pub(crate) mod pages;
pub(crate) mod parted;
mod plan;
pub(crate) mod posters;
mod reads;
pub(crate) mod sitemap;
mod templates;
mod theme;

pub(crate) mod views;
pub(crate) mod wording;

use std::borrow::Cow;

use anyhow::Context as _;
use rayon::prelude::*;

use crate::model::track::{self, Dep};
use crate::model::Site;

pub(crate) use plan::{Plan, Replan};
pub(crate) use reads::Reads;
pub(crate) use theme::Theme;

use crate::urls::{self, Urls};
use pages::PageKind;
pub(crate) use sitemap::SitemapEntry;
use views::Ctx;
use wording::Wording;

/// Where rendered files go. `rel_path` is relative to the output root and
/// uses `/`, e.g. `organizations/xiaocao/index.html`, `style.css`,
/// `sitemap.xml`. Called from many threads at once.
pub(crate) trait Sink: Sync {
    fn write(&self, rel_path: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Writes a file that `fill` makes piece by piece, so that a sink
    /// writing to disk need not hold it whole (a data file of every record
    /// of a large site is hundreds of megabytes). By default it is
    /// gathered and [`Sink::write`]n.
    fn write_with(&self, rel_path: &str, fill: Fill<'_>) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(rel_path, &bytes)
    }

    /// Writes a file made piece by piece that is known to differ from the
    /// output's, streamed even into an output that has files already. By
    /// default [`Sink::write_with`].
    fn write_streamed(&self, rel_path: &str, fill: Fill<'_>) -> std::io::Result<()> {
        self.write_with(rel_path, fill)
    }

    /// The file at `rel_path` as the output holds it now, for making it
    /// again by parts; None when the output is new.
    fn previous(&self, _rel_path: &str) -> Option<std::fs::File> {
        None
    }

    /// Called once the file of page `page` (an index into the plan) is
    /// written, with what drew it and what its view read of the site (see
    /// [`crate::model::track`]). Incremental rebuilds keep this; other
    /// sinks ignore it.
    fn page_read(&self, _page: usize, _read: PageRead) {}

    /// Whether [`Sink::page_read`] is wanted; reads are only recorded then.
    fn wants_reads(&self) -> bool {
        false
    }
}

/// Makes a file's bytes into a writer.
pub(crate) type Fill<'f> = &'f mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>;

/// How a page was made: its template, its date for the sitemap, and what
/// its view and date read of the site (sorted).
#[derive(Clone, Debug)]
pub(crate) struct PageRead {
    /// The sitemap's date of the page ([`pages::lastmod`]).
    pub lastmod: Option<Box<str>>,
    pub deps: Box<[Dep]>,
    /// For a data file made by parts, where its units are and what each
    /// read; `deps` is then what its head and tail read.
    pub parts: Option<Box<parted::PartReads>>,
}

/// What the last build knew of the pages, for making data files again by
/// parts ([`parted`]).
pub(crate) struct Before<'b> {
    /// What each page of the plan read, by plan index; the reads are in
    /// the new numbering.
    pub(crate) reads: &'b Reads,
    pub(crate) changed: &'b [Dep],
    pub(crate) moves: &'b crate::model::renumber::Moves,
}

/// Template values shared by every page of one language.
pub(crate) struct Shared {
    site: tera::Value,
    strings: tera::Value,
}

impl Shared {
    /// The site-wide view with links through `urls` and the theme's files
    /// through `assets`, and the words; with what the view read.
    fn new(
        site: &Site,
        theme: &Theme,
        urls: &Urls,
        assets: &Urls,
        words: &Wording,
        language: &str,
    ) -> anyhow::Result<(Shared, Vec<Dep>)> {
        let (site_view, reads) = track::tracked(|| {
            views::site_view(
                site,
                urls,
                assets,
                words,
                language,
                theme.has_static("favicon.svg"),
            )
        });
        let shared = Shared {
            site: tera::Value::try_from_serializable(&site_view)
                .map_err(|e| anyhow::anyhow!(t!("site-view-failed", error = e.to_string())))?,
            strings: tera::Value::try_from_serializable(words.strings())
                .map_err(|e| anyhow::anyhow!(t!("strings-failed", error = e.to_string())))?,
        };
        Ok((shared, reads))
    }
}

/// Draws pages and the site-wide files of one site with one theme.
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// The site's own language first, then its copies in others.
    langs: Vec<copies::Lang<'a>>,
    /// What the view every page shares (`site`) read of the site.
    shared_reads: Vec<Dep>,
    /// Draws the files of the open data feed.
    data: crate::hsds::Maker<'a>,
    /// Draws the records as JSON for other programs.
    json: crate::json::Maker<'a>,
    /// The posters' sheets and the cards, by language, each drawn once.
    drawings: Vec<once::Drawings<'a>>,
    /// The posters' descriptions, by language, each read once for its
    /// poster page and its sheet while they fit their budget.
    offers: Vec<views::Offers>,
}

impl<'a> Renderer<'a> {
    /// A renderer of `site`; `english` is the site as its English copy
    /// shows it, when that differs ([`crate::model::english`]).
    pub(crate) fn new(
        site: &'a Site,
        english: Option<&'a Site>,
        theme: &'a Theme,
    ) -> anyhow::Result<Self> {
        let (own, shared_reads) = copies::Lang::own(site, theme)?;
        let mut langs = vec![own];
        for copy in &site.config.copies {
            langs.push(copies::Lang::copy(site, english, theme, copy)?);
        }
        let drawings = langs
            .iter()
            .map(|l| once::Drawings::new(theme.tera(), &l.shared.site, &l.shared.strings))
            .collect();
        Ok(Renderer {
            site,
            theme,
            langs,
            drawings,
            shared_reads,
            data: crate::hsds::Maker::new(site),
            json: crate::json::Maker::new(site),
            offers: (0..=site.config.copies.len())
                .map(|_| views::Offers::default())
                .collect(),
        })
    }

    /// The site's own language.
    fn own(&self) -> &copies::Lang<'a> {
        &self.langs[0]
    }

    /// What every page depends on through the shared site view (e.g. the
    /// menu of free pages), sorted.
    pub(crate) fn shared_reads(&self) -> &[Dep] {
        &self.shared_reads
    }

    /// What drawing a page in `lang` (an index into the languages) takes.
    fn ctx(&self, lang: usize) -> Ctx<'_> {
        let l = &self.langs[lang];
        Ctx {
            site: l.site,
            urls: l.urls.clone(),
            words: &l.words,
            page_size: self.site.config.page_size.max(1),
            ld: &l.ld,
            drawn: &self.drawings[lang],
            offers: &self.offers[lang],
        }
    }

    /// Renders the given pages (indices into the plan) in parallel.
    pub(crate) fn pages(
        &self,
        plan: &Plan,
        which: &[usize],
        sink: &dyn Sink,
        before: Option<&Before<'_>>,
    ) -> anyhow::Result<()> {
        let ctx = self.ctx(0);
        // Small pieces: a thread left with a long run of pages at the end
        // would render it alone while the others wait.
        which.par_iter().with_max_len(PIECE).try_for_each(|&i| {
            let page = plan.pages[i];
            if page.is_html() {
                return self.page(&ctx, page, i, &plan.paths[i], sink);
            }
            let prior = before.and_then(|b| {
                let parts = b.reads.parts(i)?;
                Some(parted::Prior {
                    reads: parts,
                    file: sink.previous(&plan.paths[i])?,
                    changed: b.changed,
                    moves: b.moves,
                })
            });
            self.data_file(page, i, &plan.paths[i], sink, prior)
        })
    }

    /// Writes everything that is not a page and not the search index (which
    /// writes its own): the theme's static files, `sitemap.xml`, the feed
    /// and `robots.txt`. Returns
    /// the number of files.
    pub(crate) fn extras(&self, plan: &Plan, sink: &dyn Sink) -> anyhow::Result<usize> {
        let in_sitemap = || {
            plan.pages
                .iter()
                .zip(&plan.paths)
                .filter(|(&p, _)| pages::in_sitemap(p))
        };
        let entries = in_sitemap().map(|(&p, rel)| SitemapEntry {
            rel,
            lastmod: pages::lastmod(self.site, p).map(Cow::Owned),
        });
        self.site_files(Some((in_sitemap().count(), entries)), sink)
    }

    /// [`Renderer::extras`] with the given sitemap entries and their
    /// number (no sitemap when None, for rebuilds that leave it as it is).
    pub(crate) fn site_files<'e>(
        &self,
        sitemap: Option<(usize, impl Iterator<Item = SitemapEntry<'e>>)>,
        sink: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let mut files = 0;
        for (path, bytes) in self.theme.static_files() {
            sink.write(path, bytes)
                .with_context(|| t!("cannot-write", file = path))?;
            files += 1;
        }
        if let Some((total, entries)) = sitemap {
            let langs: Vec<(&str, &str)> = self.langs.iter().map(|l| (l.tag, l.prefix)).collect();
            files += sitemap::sitemap_files(
                total,
                entries,
                &self.own().urls,
                &langs,
                &mut |path, xml| {
                    sink.write(path, xml.as_bytes())
                        .with_context(|| t!("cannot-write", file = path))
                },
            )?;
        }
        let words = &self.own().words;
        let feed_title =
            words.document_title(words.label("collections", "news"), &self.site.config.title);
        let feed = feed::atom_feed(&feed::FeedInput {
            site: self.site,
            urls: &self.own().urls,
            title: &feed_title,
        })?;
        if let Some(xml) = feed {
            sink.write(urls::FEED, xml.as_bytes())
                .with_context(|| t!("cannot-write", file = urls::FEED))?;
            files += 1;
        }
        sink.write(
            "robots.txt",
            sitemap::robots_txt(&self.own().urls).as_bytes(),
        )
        .with_context(|| t!("cannot-write", file = "robots.txt"))?;
        files += 1;
        Ok(files)
    }

    fn page(
        &self,
        ctx: &Ctx<'_>,
        page: PageKind,
        i: usize,
        rel: &str,
        sink: &dyn Sink,
    ) -> anyhow::Result<()> {
        let template = pages::template(page);
        let make = || (views::build(ctx, page), pages::lastmod(self.site, page));
        let ((built, lastmod), deps) = tracked_if(sink.wants_reads(), make);
        let built = built.with_context(|| t!("page-build-failed", path = rel))?;
        let file = urls::output_file(rel);
        let out = self.draw(0, template, built, rel)?;
        sink.write(&file, &out)
            .with_context(|| t!("cannot-write", file = file))?;
        // The copies read what the page read.
        for lang in 1..self.langs.len() {
            let built = views::build(&self.ctx(lang), page)
                .with_context(|| t!("page-build-failed", path = rel))?;
            let out = self.draw(lang, template, built, rel)?;
            let copy = format!("{}{file}", self.langs[lang].prefix);
            sink.write(&copy, &out)
                .with_context(|| t!("cannot-write", file = copy))?;
        }
        sink.page_read(
            i,
            PageRead {
                lastmod: lastmod.map(|d| crate::exact::string(d).into_boxed_str()),
                deps: deps.into_boxed_slice(),
                parts: None,
            },
        );
        Ok(())
    }
}

/// At most this many pages are rendered as one piece of work.
const PIECE: usize = 16;

impl Renderer<'_> {
    /// A page's view drawn with its template in language `lang`.
    fn draw(
        &self,
        lang: usize,
        template: &str,
        mut built: views::Built,
        rel: &str,
    ) -> anyhow::Result<Vec<u8>> {
        let l = &self.langs[lang];
        if built.meta.canonical.is_some() {
            built.meta.alternates = copies::alternates(&self.langs, rel, lang);
        }
        let mut context = tera::Context::new();
        context.insert_value("site", l.shared.site.clone());
        context.insert_value("t", l.shared.strings.clone());
        context.insert_value(
            "meta",
            tera::Value::try_from_serializable(&built.meta).map_err(|e| {
                anyhow::anyhow!(t!("page-prepare-failed", path = rel, error = e.to_string()))
            })?,
        );
        context.insert_value(built.key, built.data);
        let mut out = Vec::with_capacity(16 * 1024);
        self.theme
            .tera()
            .render_to(template, &context, &mut out)
            .with_context(|| t!("page-render-failed", path = rel, template = template))?;
        Ok(l.finish(out))
    }

    /// A data file: drawn by [`crate::hsds`] or [`crate::json`], its
    /// reads tracked as a page's are; a large one by parts, from the file
    /// the last build wrote when there is one (`prior`).
    fn data_file(
        &self,
        page: PageKind,
        i: usize,
        rel: &str,
        sink: &dyn Sink,
        prior: Option<parted::Prior<'_>>,
    ) -> anyhow::Result<()> {
        let wants = sink.wants_reads();
        // For a file by parts, what making its head and tail read.
        let (made, mut deps) = tracked_if(wants, || match page {
            PageKind::Data(file) => self.data.parted(file),
            PageKind::Json(file) => self.json.parted(file),
            _ => None,
        });
        let parts = match made {
            Some(made) => match prior {
                Some(prior) => parted::write_again(&made, prior, sink, rel).map(Some),
                None => parted::write_whole(&made, sink, rel, wants),
            },
            None => {
                let written;
                (written, deps) = tracked_if(wants, || {
                    sink.write_with(rel, &mut |out| match page {
                        PageKind::Data(file) => self.data.write(file, out),
                        PageKind::Json(file) => self.json.write(file, out),
                        _ => Err(std::io::Error::other(t!("not-a-data-file"))),
                    })
                });
                written.map(|()| None)
            }
        }
        .with_context(|| t!("cannot-make-write", file = rel))?;
        sink.page_read(
            i,
            PageRead {
                lastmod: None,
                deps: deps.into_boxed_slice(),
                parts: parts.map(Box::new),
            },
        );
        Ok(())
    }
}

/// `f`'s value, and what it read when `wants` (see [`track::tracked`]).
fn tracked_if<T>(wants: bool, f: impl FnOnce() -> T) -> (T, Vec<Dep>) {
    if wants {
        track::tracked(f)
    } else {
        (f(), Vec::new())
    }
}

/// Two pages at one address would silently overwrite each other (a free
/// page named `news`, an area named `services` below an area).
#[cfg(test)]
mod tests;
