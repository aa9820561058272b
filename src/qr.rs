//! QR codes of page addresses, drawn as small inline SVG for the printed
//! posters (`render::views::posters`).
//!
//! The code is made with the `qrcode` crate at error correction level M
//! (a printed sheet on a notice board gets scuffed; M still reads with
//! 15% of it gone, and keeps the code a size a phone reads from a metre
//! away). The SVG is one `<path>` of the dark modules, a line one module
//! wide through the middle of each horizontal run (`M4 4.5h7m2 0h1`: a
//! row's first run, then each next one from where the last ended), with
//! the standard quiet zone of four modules inside the view box and
//! `shape-rendering="crispEdges"` so that no module is smoothed into its
//! neighbours. Drawn as lines, a code is half the bytes it is drawn as
//! rectangles (`M4 4h7v1h-7z`), and a batch of posters prints hundreds.
//! The same address always gives the same bytes.

use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};

/// Light modules around the code, as the standard asks.
pub(crate) const QUIET_ZONE: usize = 4;

/// The eight masks of a QR code, in the standard's order.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of a code, a bit per module, row by row; cloned cheaply
/// (the bits are shared).
#[derive(Clone)]
struct Grid {
    width: usize,
    bits: Arc<[u64]>,
}

impl Grid {
    /// The runs of dark modules of row `y`, as (first column, length).
    fn runs(&self, y: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let (start, end) = (y * self.width, (y + 1) * self.width);
        let mut at = start;
        std::iter::from_fn(move || {
            let first = self.find(at, end, true);
            if first == end {
                return None;
            }
            at = self.find(first, end, false);
            Some((first - start, at - first))
        })
    }

    /// The first module from `i` on, before `end`, that is dark (or
    /// light), a word of modules at a time; `end` when there is none.
    fn find(&self, mut i: usize, end: usize, dark: bool) -> usize {
        while i < end {
            let word = self.bits[i / 64];
            let word = if dark { word } else { !word } >> (i % 64);
            if word != 0 {
                return (i + word.trailing_zeros() as usize).min(end);
            }
            i = (i / 64 + 1) * 64;
        }
        end
    }
}

/// The modules of the QR code of `text` at level M.
///
/// `qrcode` makes the code; the mask is chosen here, by the standard's
/// penalty score (ISO/IEC 18004, 7.8.3) computed over whole rows and
/// columns at once: the crate's own choice costs half a millisecond a
/// code, which a site of 30,000 posters would feel. Any mask reads; the
/// score only keeps away patterns that trouble cameras.
fn grid(text: &str) -> anyhow::Result<Grid> {
    let (canvas, version) = unmasked(text)?;
    let width = usize::try_from(version.width()).context("a QR code has a width")?;
    match version {
        // At most 61 modules a side: a row is a word.
        Version::Normal(v @ 1..=11) => Ok(grid_by_rows(&canvas, v, width)),
        _ => grid_by_modules(canvas, width),
    }
}

/// The symbol of `text` before masking: its functional patterns and its
/// data, and its version.
fn unmasked(text: &str) -> anyhow::Result<(Canvas, Version)> {
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M)
        .with_context(|| format!("cannot make a QR code of {text}"))?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (data, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M)
        .with_context(|| format!("cannot make a QR code of {text}"))?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    Ok((canvas, version))
}

/// [`grid`] for a code of any width: each mask applied by `qrcode`,
/// module by module, and scored by [`penalty`] (or [`penalty_of_rows`]).
fn grid_by_modules(canvas: Canvas, width: usize) -> anyhow::Result<Grid> {
    let masked = MASKS.map(|mask| {
        let mut c = canvas.clone();
        c.apply_mask(mask);
        c.into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect::<Vec<bool>>()
    });
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

/// [`grid`] for a code of at most 64 modules a side (version 11 and
/// below: every address a site links to), a row at a time: each row of
/// the symbol is a word of bits, and each mask is applied to the data
/// modules of a row at once with [`Masks`] of the version. The same code
/// as [`grid_by_modules`] (a test holds them to each other), in a
/// fraction of the time.
fn grid_by_rows(canvas: &Canvas, version: i16, width: usize) -> Grid {
    let masks = Masks::of(version, width);
    // The data modules' colours before masking, row by row.
    let data: Vec<u64> = (0..width)
        .map(|y| {
            (0..width).fold(0u64, |row, x| {
                let module = canvas.get(x as i16, y as i16);
                row | u64::from(matches!(module, Module::Unmasked(Color::Dark))) << x
            })
        })
        .collect();
    let mut best: Option<(u32, Vec<u64>)> = None;
    for m in 0..MASKS.len() {
        let rows: Vec<u64> = data
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

/// What every code of one version shares, a word of bits per row: which
/// modules are functional (finder, timing and alignment patterns, format
/// and version information), and for each mask, the colours those
/// modules have once the mask is applied (the format information names
/// the mask) and where the mask inverts the data modules. Read from a
/// symbol without data, masked by `qrcode`, so that they are the crate's.
struct Masks {
    functional: Vec<u64>,
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
            functional,
            fixed,
            pattern,
        }
    }
}

/// The penalty score of a masked symbol: runs of five or more modules of
/// one colour, 2×2 blocks of one colour, finder-like 1:1:3:1:1 patterns
/// with four light modules on a side, and the balance of dark and light.
/// Counted without branching on the modules, which are as good as random.
fn penalty(dark: &[bool], w: usize) -> u32 {
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
fn penalty_of_rows(dark: &[bool], w: usize) -> u32 {
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
fn penalty_of_words(rows: &[u64], w: usize) -> u32 {
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

/// Codes made during one render, by text: a record's poster is drawn
/// again in each batch that prints it (its kind's and its areas').
///
/// A site of 100,000 organizations has some 360,000 codes, all held
/// until the render ends: each is keyed by a 128-bit hash of its text
/// (two texts with one hash are not to be met in practice) and is one
/// allocation of its bits, where the text as a key and a grid behind
/// two pointers were three (by their sizes, about 200 bytes a code
/// instead of 320).
#[derive(Default)]
pub(crate) struct Cache {
    grids: Mutex<rustc_hash::FxHashMap<u128, Grid>>,
}

impl Cache {
    /// The SVG of a QR code holding `text`, labelled for screen readers
    /// with `label`; `class` is the element's class. Each code is made
    /// once. Fails only for text longer than a QR code holds (about 2,300
    /// bytes at level M).
    pub(crate) fn svg(&self, text: &str, label: &str, class: &str) -> anyhow::Result<String> {
        let key = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
        let known = self.grids.lock().ok().and_then(|g| g.get(&key).cloned());
        let grid = match known {
            Some(grid) => grid,
            None => {
                let grid = grid(text)?;
                if let Ok(mut grids) = self.grids.lock() {
                    grids.insert(key, grid.clone());
                }
                grid
            }
        };
        Ok(draw(&grid, label, class))
    }
}

fn draw(grid: &Grid, label: &str, class: &str) -> String {
    let width = grid.width;
    let side = width + 2 * QUIET_ZONE;
    let mut out = String::with_capacity(160 + width * width * 2);
    out.push_str(&format!(
        "<svg class=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\">\
         <path stroke=\"#000\" d=\"",
        escape(class),
        escape(label)
    ));
    for y in 0..width {
        // The pen's column on this row, once a run is drawn.
        let mut pen = None;
        for (start, run) in grid.runs(y) {
            // `M{x} {y}.5h{run}` for a row's first run, `m{gap} 0h{run}`
            // after it, without formatting machinery: a page of ten
            // posters draws some 3,000 of these.
            match pen {
                None => {
                    out.push('M');
                    push_number(&mut out, start + QUIET_ZONE);
                    out.push(' ');
                    push_number(&mut out, y + QUIET_ZONE);
                    out.push_str(".5");
                }
                Some(at) => {
                    out.push('m');
                    push_number(&mut out, start - at);
                    out.push_str(" 0");
                }
            }
            out.push('h');
            push_number(&mut out, run);
            pen = Some(start + run);
        }
    }
    out.push_str("\"/></svg>");
    out
}

/// Appends a number in decimal (a code is at most 185 modules a side,
/// quiet zone included).
fn push_number(out: &mut String, n: usize) {
    let digit = |d: usize| char::from(b'0' + (d % 10) as u8);
    if n >= 1000 {
        push_number(out, n / 1000);
    }
    if n >= 100 {
        out.push(digit(n / 100));
    }
    if n >= 10 {
        out.push(digit(n / 10));
    }
    out.push(digit(n));
}

/// Escapes text for an attribute value.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(text: &str, label: &str, class: &str) -> anyhow::Result<String> {
        Ok(draw(&super::grid(text)?, label, class))
    }

    /// Pixels a module when [`modules`] draws a code.
    const SCALE: usize = 6;

    /// The module grid the SVG draws: its side and dark modules (quiet
    /// zone included), read from the middle of each module of the SVG as
    /// `resvg` draws it at [`SCALE`] pixels a module, with no fill or
    /// stroke but what the SVG itself says.
    fn modules(svg: &str) -> (usize, Vec<bool>) {
        use resvg::tiny_skia::{Color, Pixmap, Transform};
        let tree =
            resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).expect("an SVG");
        let side = tree.size().width() as usize;
        assert_eq!(tree.size().height() as usize, side, "a square");
        let px = (side * SCALE) as u32;
        let mut pixmap = Pixmap::new(px, px).expect("a pixmap");
        pixmap.fill(Color::WHITE);
        let scale = SCALE as f32;
        resvg::render(
            &tree,
            Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let dark = (0..side * side)
            .map(|i| {
                let (x, y) = (i % side, i / side);
                let (cx, cy) = (x * SCALE + SCALE / 2, y * SCALE + SCALE / 2);
                let pixel = pixmap.pixel(cx as u32, cy as u32).expect("inside");
                pixel.red() < 128
            })
            .collect();
        (side, dark)
    }

    /// What a phone would read: the grid drawn at 6 pixels a module and
    /// decoded by `rqrr`.
    fn decode(svg: &str) -> String {
        read(svg).1
    }

    /// The mask and the text a phone reads.
    fn read(svg: &str) -> (usize, String) {
        let (side, dark) = modules(svg);
        let scale = SCALE;
        let px = side * scale;
        let mut img = rqrr::PreparedImage::prepare_from_bitmap(px, px, |x, y| {
            dark[(y / scale) * side + x / scale]
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code in {svg}");
        let (meta, text) = grids[0].decode().expect("decodes");
        (usize::from(meta.mask), text)
    }

    #[test]
    fn every_mask_is_chosen_for_some_address_and_reads_back() {
        let mut masks = std::collections::BTreeSet::new();
        for i in 0..120 {
            let url = format!("https://example.org/{}/{i}/", "venues".repeat(i % 7));
            let (mask, text) = read(&svg(&url, "", "qr").expect("fits"));
            assert_eq!(text, url);
            masks.insert(mask);
        }
        assert_eq!(masks.len(), MASKS.len(), "{masks:?}");
    }

    #[test]
    fn long_urls_and_ports_read_back() {
        for url in [
            "https://ghfw.lanzhou-zhigong-fuwu.example.org/services/xiaocao-xinli-shudao-zhigong-jiating-qinzi-yuedu-fudao-ban/",
            "http://localhost:8080/venues/anning-yuedu/",
            "https://example.org:8443/sub/brands/qingning/",
        ] {
            let svg = svg(url, "二维码", "qr").expect("fits");
            assert_eq!(decode(&svg), url);
        }
    }

    #[test]
    fn the_same_address_gives_the_same_bytes_and_a_quiet_zone() {
        let url = "https://example.org/venues/anning-yuedu/";
        let a = svg(url, "扫码 \"打开\"", "qr").expect("fits");
        assert_eq!(a, svg(url, "扫码 \"打开\"", "qr").expect("fits"));
        assert_eq!(a.matches("<path").count(), 1);
        assert!(a.contains("shape-rendering=\"crispEdges\""));
        assert!(a.contains("aria-label=\"扫码 &quot;打开&quot;\""));
        let (side, dark) = modules(&a);
        for i in 0..side {
            for j in 0..QUIET_ZONE {
                for (x, y) in [(i, j), (j, i), (i, side - 1 - j), (side - 1 - j, i)] {
                    assert!(!dark[y * side + x], "module {x},{y} is in the quiet zone");
                }
            }
        }
        // The top left finder pattern starts right inside the quiet zone.
        assert!(dark[QUIET_ZONE * side + QUIET_ZONE]);
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 185, 999, 1000, 1234, 40_000] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn a_wide_code_reads_back() {
        // Version 14 or so: rows longer than a word of modules, runs
        // across word boundaries, and the module-by-module penalty.
        let url = format!("https://example.org/{}/", "长".repeat(120));
        let svg = svg(&url, "", "qr").expect("fits");
        let (side, _) = modules(&svg);
        assert!(side > 64 + 2 * QUIET_ZONE, "{side}");
        assert_eq!(decode(&svg), url);
    }

    #[test]
    fn text_too_long_for_a_code_is_an_error() {
        assert!(Cache::default().svg(&"x".repeat(4000), "", "qr").is_err());
    }

    #[test]
    fn the_cache_draws_what_svg_draws() {
        let cache = Cache::default();
        for url in ["https://example.org/a/", "https://example.org/b/"] {
            let first = cache.svg(url, "码", "qr").expect("fits");
            assert_eq!(first, svg(url, "码", "qr").expect("fits"));
            assert_eq!(cache.svg(url, "码", "qr").expect("fits"), first);
            assert_eq!(decode(&first), url);
        }
    }

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
        let bits =
            qrcode::bits::encode_auto(b"https://example.org/venues/anning-yuedu/", EcLevel::M)
                .expect("fits");
        let version = bits.version();
        let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M)
            .expect("codewords");
        let w = usize::try_from(version.width()).expect("width");
        for mask in MASKS {
            let mut canvas = Canvas::new(version, EcLevel::M);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &ec);
            canvas.apply_mask(mask);
            let dark: Vec<bool> = canvas
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            assert_eq!(penalty_of_rows(&dark, w), penalty(&dark, w), "{mask:?}");
        }
    }

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
            let (canvas, version) = unmasked(&url).expect("fits");
            let width = usize::try_from(version.width()).expect("width");
            let Version::Normal(v @ 1..=11) = version else {
                continue;
            };
            versions.insert(width);
            let rows = grid_by_rows(&canvas, v, width);
            let modules = grid_by_modules(canvas, width).expect("a grid");
            assert_eq!(rows.bits, modules.bits, "{url}");
            bits.insert(rows.bits.to_vec());
        }
        assert_eq!(versions.len(), 11, "{versions:?}");
        assert_eq!(bits.len(), 400);
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
