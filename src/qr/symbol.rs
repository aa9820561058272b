//! The modules of a code: `qrcode` encodes the text and draws the
//! symbol; the mask is chosen here (see [`grid`]).

use anyhow::Context as _;
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};

use super::penalty::{penalty, penalty_of_rows, penalty_of_words};
use super::Grid;

/// The eight masks of a QR code, in the standard's order.
pub(super) const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of the QR code of `text` at level M.
///
/// `qrcode` encodes the text and makes the error correction codewords;
/// the codewords are placed and the mask is chosen here, by the
/// standard's penalty score (ISO/IEC 18004, 7.8.3) computed over whole
/// rows and columns at once: the crate's own choice costs half a
/// millisecond a code, which a site of 30,000 posters would feel. Any
/// mask reads; the score only keeps away patterns that trouble cameras.
pub(super) fn grid(text: &str) -> anyhow::Result<Grid> {
    let (data, ec, version) = codewords(text)?;
    let width = usize::try_from(version.width()).context("a QR code has a width")?;
    match version {
        // At most 61 modules a side: a row is a word.
        Version::Normal(v @ 1..=11) => Ok(grid_by_rows(&data, &ec, v, width)),
        _ => grid_by_modules(&drawn(version, &data, &ec), width),
    }
}

/// The data and error correction codewords of `text` at level M, and the
/// version that holds them.
fn codewords(text: &str) -> anyhow::Result<(Vec<u8>, Vec<u8>, Version)> {
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M)
        .with_context(|| format!("cannot make a QR code of {text}"))?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (data, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M)
        .with_context(|| format!("cannot make a QR code of {text}"))?;
    Ok((data, ec, version))
}

/// The symbol of `text` before masking: its functional patterns and its
/// data, and its version.
#[cfg(test)]
pub(super) fn unmasked(text: &str) -> anyhow::Result<(Canvas, Version)> {
    let (data, ec, version) = codewords(text)?;
    Ok((drawn(version, &data, &ec), version))
}

/// The symbol of a version with its codewords drawn by `qrcode`.
fn drawn(version: Version, data: &[u8], ec: &[u8]) -> Canvas {
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(data, ec);
    canvas
}

/// [`grid`] for a code of any width: each mask applied by `qrcode`,
/// module by module, and scored by [`penalty`] (or [`penalty_of_rows`]).
fn grid_by_modules(canvas: &Canvas, width: usize) -> anyhow::Result<Grid> {
    let masked = MASKS.map(|mask| masked(canvas, mask));
    // The first of the lowest scores: the same text, the same code.
    let best = masked
        .iter()
        .min_by_key(|dark| match width <= 64 {
            true => penalty_of_rows(dark, width),
            false => penalty(dark, width),
        })
        .context("eight masks")?;
    let mut bits = vec![0u64; best.len().div_ceil(64)];
    for (i, _) in best.iter().enumerate().filter(|(_, d)| **d) {
        bits[i / 64] |= 1 << (i % 64);
    }
    Ok(Grid {
        width,
        bits: bits.into(),
    })
}

/// The modules of `canvas` once `qrcode` applies `mask`, dark or not,
/// row by row.
pub(super) fn masked(canvas: &Canvas, mask: MaskPattern) -> Vec<bool> {
    let mut c = canvas.clone();
    c.apply_mask(mask);
    c.into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect()
}

/// [`grid`] for a code of at most 64 modules a side (version 11 and
/// below: every address a site links to), a row at a time: each row of
/// the symbol is a word of bits, the codewords' bits are placed where
/// [`Masks::order`] says, and each mask is applied to the data modules of
/// a row at once with [`Masks`] of the version. The same code as
/// `qrcode` draws and [`grid_by_modules`] masks (a test holds them to
/// each other), in a fraction of the time.
fn grid_by_rows(data: &[u8], ec: &[u8], version: i16, width: usize) -> Grid {
    let masks = Masks::of(version, width);
    // The data modules' colours before masking, row by row: the
    // codewords' bits, first bit first, in the order of placement. The
    // modules left over (the remainder bits) stay light.
    let mut unmasked = vec![0u64; width];
    let bits = data
        .iter()
        .chain(ec)
        .flat_map(|&byte| (0..8).rev().map(move |j| u64::from(byte >> j & 1)));
    for (&(x, y), bit) in masks.order.iter().zip(bits) {
        unmasked[usize::from(y)] |= bit << x;
    }
    let mut best: Option<(u32, Vec<u64>)> = None;
    for m in 0..MASKS.len() {
        let rows: Vec<u64> = unmasked
            .iter()
            .enumerate()
            .map(|(y, d)| (d ^ masks.pattern[m][y]) & !masks.functional[y] | masks.fixed[m][y])
            .collect();
        let score = penalty_of_words(&rows, width);
        // The first of the lowest scores: the same text, the same code.
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            best = Some((score, rows));
        }
    }
    let rows = best.map(|(_, rows)| rows).unwrap_or_default();
    let mut bits = vec![0u64; (width * width).div_ceil(64)];
    for (y, row) in rows.iter().enumerate() {
        let at = y * width;
        let (word, shift) = (at / 64, at % 64);
        bits[word] |= row << shift;
        if shift + width > 64 {
            bits[word + 1] |= row >> (64 - shift);
        }
    }
    Grid {
        width,
        bits: bits.into(),
    }
}

/// The data modules of a symbol of `width` modules a side whose
/// functional modules are `functional` (a word per row), in the order the
/// codewords' bits go in (ISO/IEC 18004, 7.7.3): up and down columns two
/// modules wide from the bottom right, skipping the vertical timing
/// pattern's column, as `qrcode` walks them.
fn placement(functional: &[u64], width: usize) -> Vec<(u8, u8)> {
    const TIMING: i16 = 6;
    let w = i16::try_from(width).unwrap_or(i16::MAX);
    let (mut x, mut y) = (w - 1, w - 1);
    let mut taken = vec![0u64; width];
    let mut order = Vec::with_capacity(width * width);
    loop {
        let column = if x <= TIMING { x + 1 } else { x };
        if column <= 0 {
            return order;
        }
        let (ux, uy) = (x.unsigned_abs() as usize, y.unsigned_abs() as usize);
        let bit = 1u64 << ux;
        if functional[uy] & bit == 0 && taken[uy] & bit == 0 {
            taken[uy] |= bit;
            order.push((ux as u8, uy as u8));
        }
        match (w - column) % 4 {
            2 if y > 0 => (x, y) = (x + 1, y - 1),
            0 if y < w - 1 => (x, y) = (x + 1, y + 1),
            0 | 2 if x == TIMING + 1 => x -= 2,
            _ => x -= 1,
        }
    }
}

/// What every code of one version shares, a word of bits per row: which
/// modules are functional (finder, timing and alignment patterns, format
/// and version information), and for each mask, the colours those
/// modules have once the mask is applied (the format information names
/// the mask) and where the mask inverts the data modules. Read from a
/// symbol without data, masked by `qrcode`, so that they are the crate's.
struct Masks {
    functional: Vec<u64>,
    /// The data modules, (x, y), in the order of placement
    /// ([`placement`]).
    order: Vec<(u8, u8)>,
    fixed: [Vec<u64>; 8],
    pattern: [Vec<u64>; 8],
}

impl Masks {
    /// The masks of version `version` (1 to 11, of `width` modules a
    /// side), made once per process.
    fn of(version: i16, width: usize) -> &'static Masks {
        static ALL: [std::sync::OnceLock<Masks>; 11] = [const { std::sync::OnceLock::new() }; 11];
        let at = usize::try_from(version - 1).unwrap_or(0).min(ALL.len() - 1);
        ALL[at].get_or_init(|| Masks::make(Version::Normal(version), width))
    }

    fn make(version: Version, width: usize) -> Masks {
        let mut blank = Canvas::new(version, EcLevel::M);
        blank.draw_all_functional_patterns();
        let rows = |canvas: &Canvas, on: &dyn Fn(Module) -> bool| -> Vec<u64> {
            (0..width)
                .map(|y| {
                    (0..width).fold(0u64, |row, x| {
                        row | u64::from(on(canvas.get(x as i16, y as i16))) << x
                    })
                })
                .collect()
        };
        let functional = rows(&blank, &|m| matches!(m, Module::Masked(_)));
        let masked = MASKS.map(|mask| {
            let mut c = blank.clone();
            c.apply_mask(mask);
            rows(&c, &|m| m.is_dark())
        });
        let fixed = masked
            .clone()
            .map(|rows| rows.iter().zip(&functional).map(|(r, f)| r & f).collect());
        let pattern =
            masked.map(|rows| rows.iter().zip(&functional).map(|(r, f)| r & !f).collect());
        Masks {
            order: placement(&functional, width),
            functional,
            fixed,
            pattern,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_made_by_rows_are_the_codes_made_module_by_module() {
        // Addresses of every length up to version 11 (the last that fits
        // rows of a word), so that every version and every mask is met.
        let mut versions = std::collections::BTreeSet::new();
        let mut bits = std::collections::BTreeSet::new();
        for i in 0..400 {
            let url = match i < 40 {
                true => format!("{i}{}", "x".repeat(i)),
                false => format!("https://example.org/{}/{i}/", "v".repeat(i % 200)),
            };
            let (data, ec, version) = codewords(&url).expect("fits");
            let canvas = drawn(version, &data, &ec);
            let width = usize::try_from(version.width()).expect("width");
            let Version::Normal(v @ 1..=11) = version else {
                continue;
            };
            versions.insert(width);
            let rows = grid_by_rows(&data, &ec, v, width);
            let modules = grid_by_modules(&canvas, width).expect("a grid");
            assert_eq!(rows.bits, modules.bits, "{url}");
            bits.insert(rows.bits.to_vec());
        }
        assert_eq!(versions.len(), 11, "{versions:?}");
        assert_eq!(bits.len(), 400);
    }
}
