//! A full build as `yizhan build` makes it, with the system allocator, for
//! a heap profiler (the binary's mimalloc is not traced):
//!
//! ```sh
//! cargo build --release --example build_heap
//! heaptrack target/release/examples/build_heap ROOT /dev/shm/out
//! heaptrack_print -f heaptrack.build_heap.*.zst | less   # peak, by caller
//! ```

use std::path::PathBuf;

use yizhan::engine::{Changes, Engine};
use yizhan::output::Staging;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(out)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: build_heap ROOT OUT");
    };
    let root = std::fs::canonicalize(root)?;
    let out = PathBuf::from(out);
    let mut engine = Engine::new(&root, None, false);
    let staging = Staging::create(&out)?;
    if engine.rebuild(&Changes::Unknown, &staging).is_err() {
        anyhow::bail!("the site does not build; run yizhan check");
    }
    staging.commit()?;
    Ok(())
}
