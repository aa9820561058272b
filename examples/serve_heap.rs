//! What the engine keeps between rebuilds, for a heap profiler: builds the
//! site at ROOT into OUT as `serve` does (following edits, the large data
//! files made after the pages), prints the resident memory, then allocates
//! and frees 200 MB so that the profiler's snapshot at the peak shows the
//! engine's heap with nothing else live. It uses the system allocator, which
//! valgrind sees (the binary's mimalloc is not traced). With `add`, it
//! then adds an organization, rebuilds, removes it and rebuilds again
//! before the snapshot: what the first edits leave held.
//!
//! ```sh
//! cargo build --release --example serve_heap
//! valgrind --tool=massif --threshold=0.01 --depth=40 \
//!     target/release/examples/serve_heap ROOT /dev/shm/out
//! ms_print massif.out.*    # the peak snapshot, minus the 200 MB
//! ```

use std::path::PathBuf;

use yizhan::engine::{Changes, Engine};
use yizhan::output::Update;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(out)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: serve_heap ROOT OUT [add]");
    };
    let add = args.next().as_deref() == Some("add");
    let root = std::fs::canonicalize(root)?;
    let out = PathBuf::from(out);
    let mut engine = Engine::new(&root, None, true);
    engine.defer_large_files();
    for later in [false, true] {
        let update = Update::open(&out)?;
        let built = if later {
            engine.finish(&update).map(drop)
        } else {
            engine.rebuild(&Changes::Unknown, &update).map(drop)
        };
        if built.is_err() {
            anyhow::bail!("the site does not build; run yizhan check");
        }
        update.commit()?;
    }
    if add {
        let file = root.join("content/organizations/zz-serve-heap.md");
        let text = "---\nname: 新加的机构\nkind: social-organization\n---\n\n新机构。\n";
        for write in [true, false] {
            if write {
                std::fs::write(&file, text)?;
            } else {
                std::fs::remove_file(&file)?;
            }
            let changes = Changes::Paths(vec![file.clone()]);
            for later in [false, true] {
                let update = Update::open(&out)?;
                let built = if later {
                    engine.finish(&update).map(drop)
                } else {
                    engine.rebuild(&changes, &update).map(drop)
                };
                if built.is_err() {
                    anyhow::bail!("the edit does not build");
                }
                update.commit()?;
            }
        }
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for line in status.lines().filter(|l| l.starts_with("VmRSS")) {
        println!("{line}");
    }
    let peak = vec![1u8; 200 << 20];
    println!(
        "{} MB allocated for the snapshot",
        peak.iter().filter(|&&b| b == 1).count() >> 20
    );
    drop(peak);
    drop(engine);
    Ok(())
}
