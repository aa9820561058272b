//! The fuzz targets' bodies (`yizhan::fuzzing`, run by `cargo fuzz` in
//! `fuzz/`) on the stable toolchain: every input of the committed corpus
//! replayed, then inputs made by mutating that corpus, for a budget of
//! `YIZHAN_FUZZ_MS` milliseconds per target (15,000 unless set).
//!
//! A failure prints arbtest's seed (and `YIZHAN_FUZZ_LAST=FILE` keeps the
//! input of a run killed for its memory in `FILE`): `YIZHAN_FUZZ_SEED=0x… cargo test --test
//! fuzzing NAME` runs that input again.

use std::path::PathBuf;

use arbtest::arbitrary::{Result, Unstructured};

type Target = fn(&[u8]);

/// The committed inputs of `target`: its corpus (`fuzz/corpus/`) and the
/// inputs that once found a bug (`fuzz/regressions/`).
fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let dir = root.join("corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .chain(
            std::fs::read_dir(root.join("regressions").join(target))
                .into_iter()
                .flatten(),
        )
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

/// Pieces of the syntaxes the targets read, for mutations to insert.
const TOKENS: &[&str] = &[
    "---\n",
    "\n",
    "\r\n",
    ": ",
    "- ",
    "&a ",
    "*a",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "!!",
    "? ",
    "|\n  ",
    "#",
    "<script>",
    "</",
    "<a href=\"",
    "javascript:",
    "onerror=",
    "<!--",
    "`",
    "*",
    "[^1]",
    "|",
    "%",
    "%2e",
    "%2f",
    "..",
    "/",
    "\\",
    "Mo-Fr",
    "PH",
    "off",
    "09:00",
    "-",
    "+",
    ";",
    ",",
    "||",
    "周一",
    "至",
    "点",
    "半",
    "下午",
    "闭馆",
    "，",
    "。",
    "\0",
    "\u{feff}",
    "name",
    "hours",
    "closed",
    "id",
    "organization_id",
    "\"schedules\":[",
    "weekly",
];

/// One input: a corpus entry changed a few times.
fn mutate(u: &mut Unstructured<'_>, seeds: &[Vec<u8>]) -> Result<Vec<u8>> {
    let mut data = u.choose(seeds)?.clone();
    let was_text = std::str::from_utf8(&data).is_ok();
    for _ in 0..u.int_in_range(1..=6)? {
        let at = u.int_in_range(0..=data.len())?;
        match u.int_in_range(0..=5)? {
            0 => {
                let bytes: Vec<u8> = (0..u.int_in_range(1..=8)?)
                    .map(|_| u.arbitrary())
                    .collect::<Result<_>>()?;
                data.splice(at..at, bytes);
            }
            1 => {
                let end = u.int_in_range(at..=data.len().min(at + 64))?;
                data.drain(at..end);
            }
            2 => {
                if let Some(b) = data.get_mut(at) {
                    *b = u.arbitrary()?;
                }
            }
            3 => {
                let token = u.choose(TOKENS)?;
                data.splice(at..at, token.bytes());
            }
            4 => {
                let other = u.choose(seeds)?;
                let from = u.int_in_range(0..=other.len())?;
                let to = u.int_in_range(from..=other.len().min(from + 256))?;
                data.splice(at..at, other[from..to].iter().copied());
            }
            _ => {
                let end = u.int_in_range(at..=data.len().min(at + 32))?;
                let chunk = data[at..end].to_vec();
                for _ in 0..u.int_in_range(1..=16)? {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
        }
    }
    if was_text && std::str::from_utf8(&data).is_err() && u.arbitrary()? {
        data = String::from_utf8_lossy(&data).into_owned().into_bytes();
    }
    Ok(data)
}

fn budget_ms() -> u64 {
    std::env::var("YIZHAN_FUZZ_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15_000)
}

/// Replays `target`'s corpus, then runs it on mutated inputs.
fn smoke(name: &str, target: Target) {
    let seeds: Vec<Vec<u8>> = corpus(name)
        .into_iter()
        .map(|(path, bytes)| {
            eprintln!("{name}: {}", path.display());
            target(&bytes);
            bytes
        })
        .collect();
    assert!(!seeds.is_empty(), "no corpus for {name}");
    // Each input is written here before it runs: what was running when
    // the process was killed (out of memory) is left there.
    let last = std::env::var_os("YIZHAN_FUZZ_LAST").map(PathBuf::from);
    let test = arbtest::arbtest(|u| {
        let input = mutate(u, &seeds)?;
        if let Some(last) = &last {
            std::fs::write(last, &input).expect("YIZHAN_FUZZ_LAST");
        }
        target(&input);
        Ok(())
    })
    .size_min(1 << 10);
    match std::env::var("YIZHAN_FUZZ_SEED")
        .ok()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
    {
        Some(seed) => test.seed(seed).run(),
        None => test.budget_ms(budget_ms()).run(),
    }
}

#[test]
fn front_matter() {
    smoke("front_matter", yizhan::fuzzing::front_matter);
}

#[test]
fn hours() {
    smoke("hours", yizhan::fuzzing::hours);
}

#[test]
fn hours_words() {
    smoke("hours_words", yizhan::fuzzing::hours_words);
}

#[test]
fn markdown() {
    smoke("markdown", yizhan::fuzzing::markdown);
}

#[test]
fn article() {
    smoke("article", yizhan::fuzzing::article);
}

#[test]
fn table() {
    smoke("table", yizhan::fuzzing::table);
}

#[test]
fn hsds() {
    smoke("hsds", yizhan::fuzzing::hsds);
}

#[test]
fn serve_path() {
    smoke("serve_path", yizhan::fuzzing::serve_path);
}

/// Every target in `fuzz/` has its test here and its corpus.
#[test]
fn every_fuzz_target_is_smoked() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let this = include_str!("fuzzing.rs");
    for entry in std::fs::read_dir(root).expect("fuzz/fuzz_targets") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().and_then(|s| s.to_str()).expect("name");
        assert!(
            this.contains(&format!("fn {name}()")),
            "{name} has no smoke test"
        );
        assert!(!corpus(name).is_empty(), "{name} has no corpus");
    }
}
