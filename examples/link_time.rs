//! Times linking the names of directory entries in news stories: building
//! the automaton over every name of a site, and rendering every story's
//! Markdown with and without the linking pass (one thread, median of
//! several runs). Used for the figures in BENCHMARKS.md.
//!
//! ```sh
//! cargo run --release --example link_time -- DIR [RUNS]
//! ```

use anyhow::Context;
use yizhan::load::{load_site, SiteDirs};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = args.next().context("usage: link_time DIR [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let site = load_site(&SiteDirs::new(std::path::Path::new(&root)), None)
        .site
        .context("the site has errors; run yizhan check")?;
    let bodies = story_bodies(&root)?;
    let mut t = yizhan::bench::link_times(&site, &bodies, runs);
    println!(
        "{} entries, {} linkable names, {} stories ({} KB of Markdown), {} links",
        t.entries,
        t.names,
        bodies.len(),
        bodies.iter().map(String::len).sum::<usize>() / 1024,
        t.links
    );
    println!("automaton build: {:.1} ms", median(&mut t.build) * 1e3);
    println!("stories, plain:  {:.1} ms", median(&mut t.plain) * 1e3);
    println!("stories, linked: {:.1} ms", median(&mut t.linked) * 1e3);
    Ok(())
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
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
