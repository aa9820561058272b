//! Loads a site and prints the heap it holds once the site model is built
//! (counted with `peak_alloc` over the system allocator) and the process's
//! resident high-water mark. For the heap's peak while loading and who
//! holds it, run it under `heaptrack` (the counter's own peak figure adds
//! up reallocations and overstates it).
//!
//! ```sh
//! cargo run --release --example load_memory -- DIR
//! ```

use std::time::Instant;

use anyhow::Context;
use peak_alloc::PeakAlloc;
use yizhan::load::{load_site, SiteDirs};

#[global_allocator]
static GLOBAL: PeakAlloc = PeakAlloc;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() -> anyhow::Result<()> {
    let root = std::env::args().nth(1).context("usage: load_memory DIR")?;
    let started = Instant::now();
    let loaded = load_site(&SiteDirs::new(root), None);
    let site = loaded
        .site
        .context("the site has errors; run yizhan check")?;
    println!(
        "loaded in {} ms: {:.1} MB live",
        started.elapsed().as_millis(),
        mb(GLOBAL.current_usage()),
    );
    drop(loaded.sources);
    println!("without sources: {:.1} MB live", mb(GLOBAL.current_usage()));
    drop(site);
    println!(
        "without the site: {:.1} MB live",
        mb(GLOBAL.current_usage())
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines().filter(|l| l.starts_with("VmHWM")) {
            println!("{line}");
        }
    }
    Ok(())
}
