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

mod penalty;
mod symbol;

use symbol::grid;

/// Light modules around the code, as the standard asks.
pub(crate) const QUIET_ZONE: usize = 4;

/// The modules of a code, a bit per module, row by row.
struct Grid {
    width: usize,
    bits: Box<[u64]>,
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

/// The SVG of a QR code holding `text`, labelled for screen readers with
/// `label`; `class` is the element's class. Fails only for text longer
/// than a QR code holds (about 2,300 bytes at level M).
pub(crate) fn svg(text: &str, label: &str, class: &str) -> anyhow::Result<String> {
    Ok(draw(&grid(text)?, label, class))
}

fn draw(grid: &Grid, label: &str, class: &str) -> String {
    let width = grid.width;
    let side = width + 2 * QUIET_ZONE;
    let head = format!(
        "<svg class=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\">\
         <path stroke=\"#000\" d=\"",
        escape(class),
        escape(label)
    );
    // The path is ASCII, written as bytes: a page of ten posters draws
    // some 3,000 runs.
    let mut out = head.into_bytes();
    out.reserve(32 + width * width * 2);
    for y in 0..width {
        // The pen's column on this row, once a run is drawn.
        let mut pen = None;
        for (start, run) in grid.runs(y) {
            // `M{x} {y}.5h{run}` for a row's first run, `m{gap} 0h{run}`
            // after it.
            match pen {
                None => {
                    out.push(b'M');
                    push_number(&mut out, start + QUIET_ZONE);
                    out.push(b' ');
                    push_number(&mut out, y + QUIET_ZONE);
                    out.extend_from_slice(b".5");
                }
                Some(at) => {
                    out.push(b'm');
                    push_number(&mut out, start - at);
                    out.extend_from_slice(b" 0");
                }
            }
            out.push(b'h');
            push_number(&mut out, run);
            pen = Some(start + run);
        }
    }
    out.extend_from_slice(b"\"/></svg>");
    // Text from `&str`s and ASCII: always UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Appends a number in decimal (a code is at most 185 modules a side,
/// quiet zone included: three digits, written at once).
fn push_number(out: &mut Vec<u8>, n: usize) {
    let digit = |d: usize| b'0' + (d % 10) as u8;
    match n {
        0..=9 => out.push(digit(n)),
        10..=99 => out.extend_from_slice(&[digit(n / 10), digit(n)]),
        100..=999 => out.extend_from_slice(&[digit(n / 100), digit(n / 10), digit(n)]),
        _ => {
            push_number(out, n / 1000);
            out.extend_from_slice(&[digit(n / 100), digit(n / 10), digit(n)]);
        }
    }
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
        assert_eq!(masks.len(), symbol::MASKS.len(), "{masks:?}");
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
        for n in [0, 7, 10, 99, 100, 185, 999, 1000, 1234, 40_000, usize::MAX] {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
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
        assert!(svg(&"x".repeat(4000), "", "qr").is_err());
    }
}
