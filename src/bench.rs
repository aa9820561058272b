//! Entry points for the timing programs in `examples/`. Not part of the
//! API: hidden from the docs, and free to change with the internals they
//! time.

use std::time::Instant;

use crate::markdown::{render, render_with, MarkdownOptions};
use crate::model::Site;
use crate::news::{folder, Linker, Target};

/// What a search index build made.
pub struct IndexFiles {
    pub files: usize,
    pub bytes: usize,
}

/// Builds the site's whole search index once, keeping nothing.
pub fn search_index(site: &Site) -> anyhow::Result<IndexFiles> {
    let files = crate::search::build_index(site)?;
    let mut bytes = 0;
    for file in &files {
        bytes += file.stored()?.len();
    }
    Ok(IndexFiles {
        files: files.len(),
        bytes,
    })
}

/// Seconds per run of each step of linking names in stories.
pub struct LinkTimes {
    /// Directory entries, and the distinct names the linker can link.
    pub entries: usize,
    pub names: usize,
    /// Links found in one pass over every story.
    pub links: usize,
    /// Building the automaton over every name of the site.
    pub build: Vec<f64>,
    /// Rendering every story's Markdown without and with the linking pass.
    pub plain: Vec<f64>,
    pub linked: Vec<f64>,
}

/// Times linking the names of `site`'s directory entries in `bodies`
/// (stories' Markdown), `runs` times each, on this thread.
pub fn link_times(site: &Site, bodies: &[String], runs: usize) -> LinkTimes {
    let entries = entries(site);
    let count = entries.len();
    let mut build = Vec::new();
    let mut timed = || {
        let start = Instant::now();
        let linker = Linker::new(entries.clone(), folder());
        build.push(start.elapsed().as_secs_f64());
        linker
    };
    let mut linker = timed();
    for _ in 1..runs.max(1) {
        // The previous run's automaton is dropped outside the timing.
        linker = timed();
    }
    let opts = MarkdownOptions::default();
    let (mut plain, mut linked, mut links) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        for body in bodies {
            std::hint::black_box(render(body, &opts));
        }
        plain.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        links = 0;
        for body in bodies {
            let mut pass = linker.pass();
            std::hint::black_box(render_with(body, &opts, Some(&mut pass)));
            links += pass.into_found().len();
        }
        linked.push(start.elapsed().as_secs_f64());
    }
    LinkTimes {
        entries: count,
        names: linker.len(),
        links,
        build,
        plain,
        linked,
    }
}

/// Every entry with its names; links are plain paths (their form does not
/// change the cost).
fn entries(site: &Site) -> Vec<(Target<usize>, Vec<String>)> {
    let mut out = Vec::new();
    let mut push = |name: &str, short: Option<&String>, aliases: &[String]| {
        let key = out.len();
        let names = std::iter::once(name.to_string())
            .chain(short.cloned())
            .chain(aliases.iter().cloned())
            .collect();
        out.push((
            Target {
                key,
                href: format!("/entry/{key}/"),
                name: name.to_string(),
            },
            names,
        ));
    };
    for o in &site.organizations {
        push(&o.name, o.short_name.as_ref(), &o.aliases);
    }
    for v in &site.venues {
        push(&v.name, None, &v.aliases);
    }
    for b in &site.brands {
        push(&b.name, b.short_name.as_ref(), &b.aliases);
    }
    for s in &site.services {
        push(&s.name, None, &s.aliases);
    }
    out
}
