//! QR codes of page addresses, drawn as small inline SVG for the printed
//! posters (`render::views::posters`).
//!
//! The code is made with the `qrcode` crate at error correction level M
//! (a printed sheet on a notice board gets scuffed; M still reads with
//! 15% of it gone, and keeps the code a size a phone reads from a metre
//! away). The SVG is one `<path>` of the dark modules, a rectangle per
//! horizontal run (`M4 4h7v1h-7z`), with the standard quiet zone of four
//! modules inside the view box and `shape-rendering="crispEdges"` so that
//! no module is smoothed into its neighbours. The same address always
//! gives the same bytes.

use anyhow::Context as _;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code, as the standard asks.
pub(crate) const QUIET_ZONE: usize = 4;

/// The SVG of a QR code holding `text`, labelled for screen readers with
/// `label`; `class` is the element's class. Fails only for text longer
/// than a QR code holds (about 2,300 bytes at level M).
pub(crate) fn svg(text: &str, label: &str, class: &str) -> anyhow::Result<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .with_context(|| format!("cannot make a QR code of {text}"))?;
    let width = code.width();
    let side = width + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    let mut out = String::with_capacity(64 + width * width);
    out.push_str(&format!(
        "<svg class=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\"><path d=\"",
        escape(class),
        escape(label)
    ));
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Light {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            let run = x - start;
            out.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            ));
        }
    }
    out.push_str("\"/></svg>");
    Ok(out)
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

    /// The module grid the SVG draws: its side and dark modules, read back
    /// from the path (quiet zone included).
    fn grid(svg: &str) -> (usize, Vec<bool>) {
        let view = svg.split("viewBox=\"0 0 ").nth(1).expect("view box");
        let side: usize = view
            .split(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .expect("side");
        let d = svg.split(" d=\"").nth(1).expect("path");
        let d = &d[..d.find('"').expect("end of path")];
        let mut dark = vec![false; side * side];
        for rect in d.split('z').filter(|r| !r.is_empty()) {
            let rect = rect.strip_prefix('M').expect("a run starts with M");
            let (x, rest) = rect.split_once(' ').expect("x");
            let (y, rest) = rest.split_once('h').expect("y");
            let (run, back) = rest.split_once("v1h-").expect("run");
            assert_eq!(run, back, "a run goes back as far as it went");
            let (x, y, run): (usize, usize, usize) = (
                x.parse().expect("x"),
                y.parse().expect("y"),
                run.parse().expect("run"),
            );
            for i in x..x + run {
                dark[y * side + i] = true;
            }
        }
        (side, dark)
    }

    /// What a phone would read: the grid drawn at 6 pixels a module and
    /// decoded by `rqrr`.
    fn decode(svg: &str) -> String {
        let (side, dark) = grid(svg);
        let scale = 6;
        let px = side * scale;
        let mut img = rqrr::PreparedImage::prepare_from_bitmap(px, px, |x, y| {
            dark[(y / scale) * side + x / scale]
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code in {svg}");
        grids[0].decode().expect("decodes").1
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
        let (side, dark) = grid(&a);
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
    fn text_too_long_for_a_code_is_an_error() {
        assert!(svg(&"x".repeat(4000), "", "qr").is_err());
    }
}
