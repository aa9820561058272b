//! Unit tests for the parent module.

use super::*;

fn index(docs: &[(&[&str], &[&str], &[&str])]) -> Postings {
    let folder = Folder::from_pairs([('驛', '驿')]);
    let mut p = Postings::default();
    for (i, (names, cats, text)) in docs.iter().enumerate() {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (names, categories, text) = (own(names), own(cats), own(text));
        let terms = DocTerms {
            names: &names,
            categories: &categories,
            text: &text,
        };
        p.add_doc(i as u32, &terms, &folder);
    }
    p
}

fn lists(p: &Postings, term: &str) -> [Vec<u32>; TIERS] {
    let id = u32::try_from(p.terms.terms.get_index_of(term).expect("a term")).expect("small");
    let lists = &p.lists[id as usize];
    [0, 1, 2].map(|tier| lists[tier].values(stride(tier)))
}

/// Packed, a hit keeps its parts and sorts as its parts do, by gram,
/// tier, position and end, whatever their values.
#[test]
fn packed_hits_sort_as_their_parts() {
    let mut seed = 11u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 11
    };
    let parts: Vec<(u64, u8, u32, bool)> = (0..2_000)
        .map(|_| {
            let r = next();
            // Few distinct values of each part, so that ties reach the next one.
            let key = r % 5;
            let tier = ((r >> 8) % 3) as u8;
            let pos = match (r >> 16) % 4 {
                0 => u32::MAX / 2,
                1 => u32::MAX,
                n => (n as u32) * 3,
            };
            (key, tier, pos, (r >> 24) % 2 == 1)
        })
        .collect();
    for (a, b) in parts.iter().zip(parts.iter().skip(1)) {
        let (pa, pb) = (
            PackedHit::new(a.0, a.1, a.2, a.3),
            PackedHit::new(b.0, b.1, b.2, b.3),
        );
        assert_eq!((pa.key, pa.tier(), pa.pos(), pa.not_end()), *a);
        assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} against {b:?}");
    }
}

#[test]
fn each_document_once_in_its_best_tier() {
    let p = index(&[
        (&["青柠驛站"], &["心理健康"], &["青柠"]),
        (&["小草"], &["青柠"], &["驿站 青柠"]),
        (&["阳光"], &[], &["驿站"]),
    ]);
    // 驿站: a name of doc 0 at offset 2, ending it; text of docs 1 and 2.
    assert_eq!(lists(&p, "驿站"), [vec![0, 5], vec![], vec![1, 2]]);
    assert_eq!(lists(&p, "青柠"), [vec![0, 0], vec![1], vec![]]);
    assert_eq!(lists(&p, "草"), [vec![1, 3], vec![], vec![]]);
    assert_eq!(lists(&p, "'qing'ning"), [vec![0, 0], vec![], vec![]]);
    assert!(p.syllables().contains("xiao"));
    assert!(!p.terms.terms.contains("驛站"));
}

#[test]
fn smallest_offset_among_names_wins() {
    let p = index(&[(&["社区小草", "小草"], &[], &[])]);
    assert_eq!(lists(&p, "小草"), [vec![0, 1], vec![], vec![]]);
}

#[test]
fn pinyin_terms_match_the_reference() {
    let p = index(&[(&["长风驛站"], &[], &[])]);
    let pre: Vec<char> = "长风驛站".chars().collect();
    let folded: Vec<char> = "长风驿站".chars().collect();
    let readings = pinyin::position_readings(&pre, &folded);
    for g in pinyin::name_terms(&readings, &pre) {
        let code = g.pos as u32 * 2 + u32::from(g.end);
        assert!(
            lists(&p, &g.text)[0].chunks(2).any(|c| c == [0, code]),
            "{g:?}"
        );
    }
    assert_eq!(lists(&p, "'zhan")[0], [0, 7]);
}

#[test]
fn sorted_terms() {
    let p = index(&[(&["乙甲"], &[], &[])]);
    let terms: Vec<&str> = p.sorted().into_iter().map(|(t, _)| t).collect();
    let mut expected = terms.clone();
    expected.sort_unstable();
    assert_eq!(terms, expected);
    assert_eq!(p.len(), terms.len());
}
