//! Times in-place rebuilds phase by phase, without the watcher or server:
//! builds the site at ROOT into a temporary folder, then changes FILE (a
//! path under ROOT) EDITS times, rebuilding after each, and prints each
//! rebuild's phases. The change appends a line to the body of a Markdown
//! file (a YAML file would no longer parse), or with `add`
//! writes a copy of it under a new name, rebuilds, and removes the copy
//! again (timing both), or with `new` does the same with a new
//! organization of a name no story holds (as `bench/serve.sh` adds one),
//! or with `name` changes its `name:` line. The file is restored at the
//! end.
//!
//!     cargo run --release --example rebuild_time -- ROOT FILE [EDITS] [add|new|name]
//!
//! With `SHOW_RENDERED=1` it also prints how many pages of each folder
//! each rebuild rendered, and how many files of each folder changed.
//! With `DEFER=1` the engine leaves the large data files for after the
//! rebuild, as `serve` does (it reloads the pages first), and the time
//! those take is printed apart. `COPY=m-copy` names the copy so that
//! it sorts in the middle of the ids (default `zz-copy`, after them).
//! `PAUSE_MS=300` idles that long before each change, as an editor
//! does between two saves (the memory is then out of the caches).

use std::path::PathBuf;
use std::time::Instant;

use yizhan::engine::{Changes, Engine, Problem, Stats};
use yizhan::output::Update;

// The allocator of the yizhan binary, so the time is the build's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One rebuild into `out`, moved into place.
fn rebuild(
    engine: &mut Engine,
    changes: &Changes,
    out: &std::path::Path,
) -> Result<Stats, Problem> {
    let update = Update::open(out).map_err(Problem::Other)?;
    let stats = engine.rebuild(changes, &update)?.clone();
    update.commit().map_err(Problem::Other)?;
    Ok(stats)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: rebuild_time ROOT FILE [EDITS]"));
    let root = std::fs::canonicalize(&root).expect("ROOT exists");
    let file = root.join(args.next().expect("usage: rebuild_time ROOT FILE [EDITS]"));
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let mode = args.next();
    let new = mode.as_deref() == Some("new");
    let add = new || mode.as_deref() == Some("add");
    let rename = mode.as_deref() == Some("name");
    let mut engine = Engine::new(&root, None, true);
    let defer = std::env::var_os("DEFER").is_some();
    if defer {
        engine.defer_large_files();
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("site");
    let started = Instant::now();
    check(rebuild(&mut engine, &Changes::Unknown, &out).map(|_| ()));
    println!("full build: {} ms", started.elapsed().as_millis());
    let original = std::fs::read_to_string(&file).expect("the file to edit can be read");
    let copy = file.with_file_name(format!(
        "{}.{}",
        std::env::var("COPY").unwrap_or_else(|_| "zz-copy".into()),
        file.extension().and_then(|e| e.to_str()).unwrap_or("md")
    ));
    let pause = std::env::var("PAUSE_MS").ok().and_then(|p| p.parse().ok());
    for i in 1..=edits * if add { 2 } else { 1 } {
        if let Some(ms) = pause {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        let changed = if add && i % 2 == 1 {
            let text = if new {
                format!("---\nname: 新加的机构{i}\nkind: social-organization\n---\n\n新机构。\n")
            } else {
                original.clone()
            };
            std::fs::write(&copy, text).expect("the copy can be written");
            copy.clone()
        } else if add {
            std::fs::remove_file(&copy).expect("the copy can be removed");
            copy.clone()
        } else if rename {
            let renamed = original.replacen(
                &format!("name: {}", name_of(&original)),
                &format!("name: 改名的机构{i}"),
                1,
            );
            std::fs::write(&file, renamed).expect("the file can be written");
            file.clone()
        } else {
            std::fs::write(&file, format!("{original}\n编辑 {i}\n"))
                .expect("the file can be written");
            file.clone()
        };
        let started = Instant::now();
        let stats = match rebuild(&mut engine, &Changes::Paths(vec![changed]), &out) {
            Ok(stats) => stats,
            Err(e) => {
                // The corpus is left as it was found, whatever happened.
                std::fs::write(&file, &original).expect("the file can be restored");
                let _ = std::fs::remove_file(&copy);
                check(Err(e));
                return;
            }
        };
        let phases: Vec<String> = stats
            .phases
            .iter()
            .map(|(name, d)| format!("{name} {:.1}", d.as_secs_f64() * 1000.0))
            .collect();
        println!(
            "edit {i}: {:.1} ms, {} pages rendered, {} files changed{} [{}]",
            started.elapsed().as_secs_f64() * 1000.0,
            stats.pages_rendered,
            stats.files_changed,
            if stats.full { " (full rebuild)" } else { "" },
            phases.join(", ")
        );
        if std::env::var_os("SHOW_RENDERED").is_some() {
            println!("  rendered: {:?}", by_folder(&stats.rendered));
            println!("  changed: {:?}", by_folder(&stats.changed));
        }
        if defer {
            let started = Instant::now();
            let update = Update::open(&out).expect("the output can be updated");
            let stats = engine.finish(&update).cloned();
            check(stats.map(|stats| {
                update.commit().expect("the output can be committed");
                println!(
                    "  then the data files: {:.1} ms, {} made, {} files changed",
                    started.elapsed().as_secs_f64() * 1000.0,
                    stats.pages_rendered,
                    stats.changed.len()
                );
            }));
        }
    }
    std::fs::write(&file, original).expect("the file can be restored");
}

/// The value of the first `name:` line of a record.
fn name_of(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.strip_prefix("name: "))
        .expect("the file has a name line")
}

/// How many of `files` are in each folder (two levels; a long second
/// level, a record's own folder, counts as `…`).
fn by_folder(files: &[String]) -> std::collections::BTreeMap<String, usize> {
    let mut by = std::collections::BTreeMap::new();
    for f in files {
        let parts: Vec<&str> = f.split('/').collect();
        let key = match parts.as_slice() {
            [top, second, _, ..] if second.len() > 12 => format!("{top}/…"),
            [top, second, _, ..] => format!("{top}/{second}"),
            _ => parts[0].to_string(),
        };
        *by.entry(key).or_default() += 1;
    }
    by
}

fn check(result: Result<(), Problem>) {
    match result {
        Ok(()) => {}
        Err(Problem::Content { diagnostics, .. }) => {
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{}:{}: {}", d.file, d.line, d.message);
            }
            std::process::exit(1);
        }
        Err(Problem::Other(e)) => {
            eprintln!("{e:#}");
            std::process::exit(1);
        }
    }
}
