//! Times the search index alone: loads a site, then builds its index
//! (`search::build_index`) several times and prints the median in seconds,
//! the number of files and their bytes. Used by `bench/search.sh`.
//!
//! ```sh
//! cargo run --release --example index_time -- DIR [RUNS]
//! ```

use std::time::Instant;

use anyhow::Context;
use yizhan::load::{load_site, SiteDirs};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = args.next().context("usage: index_time DIR [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    let site = load_site(&SiteDirs::new(root), None)
        .site
        .context("the site has errors; run yizhan check")?;
    let mut times = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        files = yizhan::search::build_index(&site)?;
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    // One line for scripts: seconds (median), files, bytes.
    println!(
        "{:.3} {} {}",
        times[(times.len() - 1) / 2],
        files.len(),
        bytes
    );
    Ok(())
}
