//! Times linking the names of directory entries in news stories: building
//! the automaton over every name of a site, and rendering every story's
//! Markdown with and without the linking pass (one thread, median of
//! several runs). Used for the figures in BENCHMARKS.md.
//!
//! ```sh
//! cargo run --release --example link_time -- DIR [RUNS]
//! ```

use std::time::Instant;

use anyhow::Context;
use yizhan::load::{load_site, SiteDirs};
use yizhan::markdown::{render, render_with, MarkdownOptions};
use yizhan::model::Site;
use yizhan::news::{folder, Linker, Target};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = args.next().context("usage: link_time DIR [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let site = load_site(&SiteDirs::new(std::path::Path::new(&root)), None)
        .site
        .context("the site has errors; run yizhan check")?;
    let bodies = story_bodies(&root)?;
    let folder = folder();

    let mut build = Vec::new();
    let mut linker = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        linker = Some(Linker::new(entries(&site), folder));
        build.push(start.elapsed().as_secs_f64());
    }
    let linker = linker.context("at least one run")?;

    let opts = MarkdownOptions::default();
    let mut plain = Vec::new();
    let mut linked = Vec::new();
    let mut links = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        for body in &bodies {
            std::hint::black_box(render(body, &opts));
        }
        plain.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        links = 0;
        for body in &bodies {
            let mut pass = linker.pass();
            std::hint::black_box(render_with(body, &opts, Some(&mut pass)));
            links += pass.found().len();
        }
        linked.push(start.elapsed().as_secs_f64());
    }
    println!(
        "{} entries, {} linkable names, {} stories ({} KB of Markdown), {links} links",
        site.organizations.len() + site.venues.len() + site.brands.len() + site.services.len(),
        linker.len(),
        bodies.len(),
        bodies.iter().map(String::len).sum::<usize>() / 1024
    );
    println!("automaton build: {:.1} ms", median(&mut build) * 1e3);
    println!("stories, plain:  {:.1} ms", median(&mut plain) * 1e3);
    println!("stories, linked: {:.1} ms", median(&mut linked) * 1e3);
    Ok(())
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
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

/// The Markdown bodies of `DIR/content/news/**/*.md` (front matter cut).
fn story_bodies(root: &str) -> anyhow::Result<Vec<String>> {
    let mut bodies = Vec::new();
    let dir = std::path::Path::new(root).join("content/news");
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry?;
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path())?;
            let body = text
                .strip_prefix("---")
                .and_then(|rest| rest.split_once("\n---").map(|(_, body)| body))
                .unwrap_or(&text);
            bodies.push(body.to_string());
        }
    }
    Ok(bodies)
}
