//! The map of `map.txt` derived from OpenCC's tables, and the test that
//! keeps the file equal to it.

use std::collections::HashMap;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

use super::{parse_map, Folder, MAP};

/// Code point ranges holding every Traditional or variant character in
/// OpenCC's tables: CJK Unified Ideographs, Extension A, the compatibility
/// ideographs, and Extensions B–F with the compatibility supplement.
const CJK_RANGES: [(u32, u32); 4] = [
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
];

/// Converts every candidate on its own: a newline between them keeps phrase
/// entries from matching across neighbours. Only one-to-one results that
/// change the character are kept.
fn convert_each(converter: &OpenCC, candidates: &[char]) -> HashMap<char, char> {
    let joined: String = candidates.iter().flat_map(|&c| [c, '\n']).collect();
    let converted = converter.convert(&joined);
    candidates
        .iter()
        .zip(converted.split('\n'))
        .filter_map(|(&c, out)| single_char(out).filter(|&s| s != c).map(|s| (c, s)))
        .collect()
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The first layer that changes a character wins (plain Traditional first,
/// then the Taiwan and Hong Kong variant tables).
fn merge_layers(layers: &[HashMap<char, char>]) -> Vec<(char, char)> {
    let mut merged: HashMap<char, char> = HashMap::new();
    for layer in layers {
        for (&k, &v) in layer {
            merged.entry(k).or_insert(v);
        }
    }
    merged.into_iter().collect()
}

/// The full map, sorted by key: every candidate character converted by
/// the plain Traditional, Taiwan and Hong Kong tables, the first that
/// changes it winning, followed to a fixed point ([`Folder::from_pairs`]).
fn derive() -> Vec<(char, char)> {
    let candidates: Vec<char> = CJK_RANGES
        .iter()
        .flat_map(|&(lo, hi)| (lo..=hi).filter_map(char::from_u32))
        .collect();
    let layers: Vec<HashMap<char, char>> =
        [BuiltinConfig::T2s, BuiltinConfig::Tw2s, BuiltinConfig::Hk2s]
            .into_iter()
            .map(|config| {
                let converter =
                    OpenCC::from_config(config).expect("OpenCC's tables are compiled in");
                convert_each(&converter, &candidates)
            })
            .collect();
    sorted(&Folder::from_pairs(merge_layers(&layers)))
}

fn sorted(folder: &Folder) -> Vec<(char, char)> {
    let mut pairs: Vec<(char, char)> = folder.map.iter().map(|(&k, &v)| (k, v)).collect();
    pairs.sort_unstable();
    pairs
}

/// `map.txt` as it should read for `pairs`.
fn file_text(pairs: &[(char, char)]) -> String {
    let mut text = String::from(
        "# Traditional and variant characters and the Simplified ones they fold to\n\
         # (OpenCC's t2s, tw2s and hk2s tables, followed to a fixed point).\n\
         # Written by the test fold::derive::map_file_is_what_opencc_gives with\n\
         # UPDATE_GOLDEN=1; not edited by hand.\n",
    );
    for (k, v) in pairs {
        text.push(*k);
        text.push(' ');
        text.push(*v);
        text.push('\n');
    }
    text
}

#[test]
fn map_file_is_what_opencc_gives() {
    let derived = derive();
    let text = file_text(&derived);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/fold/map.txt");
        std::fs::write(path, &text).expect("map.txt written");
        return;
    }
    assert!(
        MAP == text,
        "src/fold/map.txt is not what OpenCC's tables give ({} pairs in the file, {} derived): \
         run `UPDATE_GOLDEN=1 cargo test --lib map_file_is_what_opencc_gives` and commit the file",
        parse_map(MAP).map_or(0, |p| p.len()),
        derived.len()
    );
    // Read back, the file gives the same folder as the tables.
    assert_eq!(sorted(&Folder::new().expect("map.txt reads")), derived);
}

#[test]
fn a_line_that_is_not_a_pair_is_an_error_naming_it() {
    assert_eq!(
        parse_map("# note\n臺 台\n\n裡 里\n").ok(),
        Some(vec![('臺', '台'), ('裡', '里')])
    );
    let err = parse_map("臺 台\n裡里\n").expect_err("no space");
    assert!(err.to_string().contains("map.txt:2"), "{err}");
    assert!(parse_map("臺 台 \n").is_err(), "a trailing character");
}
