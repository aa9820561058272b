//! Times the search index alone: loads a site, then builds its index
//! (`bench::search_index`) several times and prints the median wall and
//! CPU seconds, the number of files and their bytes. Used by `bench/search.sh`.
//!
//! ```sh
//! cargo run --release --example index_time -- DIR [RUNS]
//! ```

use std::time::Instant;

use anyhow::Context;
use yizhan::load::{load_site, SiteDirs};

// The allocator of the yizhan binary, so the time is the build's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = args.next().context("usage: index_time DIR [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    let site = load_site(&SiteDirs::new(root), None)
        .site
        .context("the site has errors; run yizhan check")?;
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut files = None;
    for _ in 0..runs.max(1) {
        let (start, start_cpu) = (Instant::now(), cpu_seconds());
        files = Some(yizhan::bench::search_index(&site)?);
        times.push(start.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - start_cpu);
    }
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let files = files.context("at least one run")?;
    // One line for scripts: wall seconds and CPU seconds (medians), files, bytes.
    println!(
        "{:.3} {:.2} {} {}",
        times[(times.len() - 1) / 2],
        cpu[(cpu.len() - 1) / 2],
        files.files,
        files.bytes
    );
    Ok(())
}

/// User plus system CPU time of this process so far, from `/proc/self/stat`
/// (Linux; 0 elsewhere). Unlike wall time it does not grow when other
/// programs share the cores.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces, so split after
    // its closing parenthesis): utime and stime are the 12th and 13th, in
    // clock ticks of 1/100 s.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse().ok())
        .collect();
    ticks.iter().sum::<f64>() / 100.0
}
