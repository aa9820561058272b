//! The render phase: the frozen [`Site`] and a [`Theme`] in, every output
//! file out through a [`Sink`].
//!
//! [`pages`] lists the pages, [`views`] builds the typed view of each one,
//! the theme's Tera templates draw them, and [`sitemap`] writes
//! `sitemap.xml` and `robots.txt`. Pages are rendered in parallel; the
//! site, the locale strings and the site-wide view are converted to
//! template values once and shared. Output depends only on the site and
//! the theme (no build times, no hash-map order), so two builds of the
//! same content are byte-identical.
//!
//! The render phase does not know where files go: the sink writes them to
//! a staging folder for `build`, or keeps them in memory for `serve`.

pub mod feed;
pub mod pages;
pub mod sitemap;
mod templates;
mod theme;
pub mod urls;
pub mod views;
pub mod wording;

use std::collections::HashMap;

use anyhow::{bail, Context as _};
use rayon::prelude::*;

use crate::model::Site;

pub use theme::Theme;

use pages::PageKind;
use sitemap::SitemapEntry;
use urls::Urls;
use views::Ctx;
use wording::Wording;

/// Where rendered files go. `rel_path` is relative to the output root and
/// uses `/`, e.g. `organizations/xiaocao/index.html`, `style.css`,
/// `sitemap.xml`. Called from many threads at once.
pub trait Sink: Sync {
    fn write(&self, rel_path: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// What a render produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages, the 404 page included.
    pub pages: usize,
    /// All files written: pages, search index files, theme static files,
    /// sitemap files and `robots.txt`.
    pub files: usize,
}

/// Template values shared by every page.
struct Shared {
    site: tera::Value,
    strings: tera::Value,
}

/// Renders all pages in parallel (rayon) and writes every page, the
/// search index (`search/`), the theme's static files, `sitemap.xml`,
/// the news feed (`news/atom.xml`, see [`feed`]), `robots.txt` and
/// `404.html` through the sink.
pub fn render_site(site: &Site, theme: &Theme, sink: &dyn Sink) -> anyhow::Result<RenderStats> {
    let words = Wording::new(theme.strings(&site.config.language));
    let urls = Urls::new(&site.config.base_url);
    let site_view = views::site_view(site, &urls, &words, theme.has_static("favicon.svg"));
    let shared = Shared {
        site: tera::Value::try_from_serializable(&site_view)
            .map_err(|e| anyhow::anyhow!("cannot prepare the site view: {e}"))?,
        strings: tera::Value::try_from_serializable(words.strings())
            .map_err(|e| anyhow::anyhow!("cannot prepare the locale strings: {e}"))?,
    };
    let ctx = Ctx {
        site,
        urls,
        words: &words,
        page_size: site.config.page_size.max(1),
    };
    let all = pages::collect_pages(site);
    let paths: Vec<String> = all.iter().map(|&p| pages::rel_url(site, p)).collect();
    check_unique(site, &all, &paths)?;

    // The search index is built from the same site while pages render.
    let (rendered, index) = rayon::join(
        || {
            all.par_iter()
                .zip(paths.par_iter())
                .try_for_each(|(&page, rel)| render_page(&ctx, theme, &shared, page, rel, sink))
        },
        || crate::search::build_index(site),
    );
    rendered?;
    let index = index.context("cannot build the search index")?;

    let mut files = all.len();
    for file in &index {
        sink.write(&file.path, &file.bytes)
            .with_context(|| format!("cannot write {}", file.path))?;
        files += 1;
    }
    for (path, bytes) in theme.static_files() {
        sink.write(path, bytes)
            .with_context(|| format!("cannot write {path}"))?;
        files += 1;
    }
    let entries: Vec<SitemapEntry> = all
        .iter()
        .zip(&paths)
        .filter(|(&p, _)| pages::in_sitemap(p))
        .map(|(&p, rel)| SitemapEntry {
            loc: ctx.urls.absolute(rel),
            lastmod: pages::lastmod(site, p),
        })
        .collect();
    for (path, xml) in sitemap::sitemap_files(&entries, &ctx.urls) {
        sink.write(&path, xml.as_bytes())
            .with_context(|| format!("cannot write {path}"))?;
        files += 1;
    }
    let feed_title = words.document_title(words.label("collections", "news"), &site.config.title);
    let feed = feed::atom_feed(&feed::FeedInput {
        site,
        urls: &ctx.urls,
        title: &feed_title,
    })?;
    if let Some(xml) = feed {
        sink.write(urls::FEED, xml.as_bytes())
            .with_context(|| format!("cannot write {}", urls::FEED))?;
        files += 1;
    }
    sink.write("robots.txt", sitemap::robots_txt(&ctx.urls).as_bytes())
        .context("cannot write robots.txt")?;
    files += 1;
    Ok(RenderStats {
        pages: all.len(),
        files,
    })
}

fn render_page(
    ctx: &Ctx<'_>,
    theme: &Theme,
    shared: &Shared,
    page: PageKind,
    rel: &str,
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    let template = pages::template(page);
    let built = views::build(ctx, page).with_context(|| format!("cannot build the page /{rel}"))?;
    let mut context = tera::Context::new();
    context.insert_value("site", shared.site.clone());
    context.insert_value("t", shared.strings.clone());
    context.insert_value(
        "meta",
        tera::Value::try_from_serializable(&built.meta)
            .map_err(|e| anyhow::anyhow!("cannot prepare the page /{rel}: {e}"))?,
    );
    context.insert_value(built.key, built.data);
    let mut out = Vec::with_capacity(16 * 1024);
    theme
        .tera()
        .render_to(template, &context, &mut out)
        .with_context(|| format!("cannot render /{rel} with the template {template}"))?;
    let file = urls::output_file(rel);
    sink.write(&file, &out)
        .with_context(|| format!("cannot write {file}"))
}

/// Two pages at one address would silently overwrite each other (a free
/// page named `news`, an area named `services` below an area).
fn check_unique(site: &Site, all: &[PageKind], paths: &[String]) -> anyhow::Result<()> {
    let mut seen: HashMap<&str, PageKind> = HashMap::with_capacity(paths.len());
    for (&page, path) in all.iter().zip(paths) {
        if let Some(other) = seen.insert(path.as_str(), page) {
            bail!(
                "two pages would be written to /{path}: {} and {}; rename one of them",
                pages::describe(site, other),
                pages::describe(site, page)
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
