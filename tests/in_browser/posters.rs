//! The printable posters in a real headless Chromium: at phone width the
//! sheet shows its name, phone and QR code inside the site's frame and
//! fits the screen; emulating print, the frame is gone, the code is at
//! least 7 cm wide and each sheet of a batch ends its printed page. On
//! screen and in print, the code as Chromium draws it decodes to the
//! address printed under it.
//!
//! With `YIZHAN_SCREENSHOTS=DIR` set, the test also saves what it saw as
//! `DIR/poster-phone.png` (the whole page at 390 px) and
//! `DIR/poster-a4.png` (the printed sheet at 1240×1754, A4 at 150 dpi).

use crate::browser;
use crate::common::TestSite;

use browser::site::start_server;
use browser::Browser;
use fantoccini::Locator;
use serde_json::{json, Value};

const POSTER: &str = "venues/heping-fuwudian/poster/";
const NAME: &str = "和平镇职工服务点";
const PHONE: &str = "0931-8000402";

/// 7 cm in CSS pixels (96 per inch).
const SEVEN_CM: f64 = 7.0 / 2.54 * 96.0;

/// How the parts of the poster page are laid out.
const READ: &str = "const part = (sel) => {
  const e = document.querySelector(sel);
  if (!e) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return { shown: s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0,
    width: r.width, text: e.textContent.trim(), color: s.color, background: s.backgroundColor };
};
const sheets = [...document.querySelectorAll('.sheet')];
return { name: part('.sheet-name'), phones: part('.sheet-phones'), qr: part('.sheet .qr'),
  sheet: part('.sheet'), header: part('.site-header'), footer: part('.site-footer'),
  crumbs: part('.breadcrumb'), tools: part('.poster-tools'),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  height: document.documentElement.scrollHeight,
  breaks: sheets.map((s) => getComputedStyle(s).breakAfter) };";

fn viewport(b: &Browser, width: u32, height: u32, scale: f64, mobile: bool) {
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile }),
    );
}

fn media(b: &Browser, media: &str) {
    b.cdp("Emulation.setEmulatedMedia", json!({ "media": media }));
}

async fn read(b: &Browser) -> Value {
    b.client.execute(READ, vec![]).await.expect("script runs")
}

async fn screenshot(b: &Browser, name: &str) {
    let Some(dir) = std::env::var_os("YIZHAN_SCREENSHOTS") else {
        return;
    };
    let png = b.client.screenshot().await.expect("screenshot");
    std::fs::write(std::path::Path::new(&dir).join(name), png).expect("screenshot saved");
}

/// The first element `css` selects.
async fn first(b: &Browser, css: &str) -> fantoccini::elements::Element {
    let found = b.client.find(Locator::Css(css)).await;
    found.unwrap_or_else(|e| panic!("no {css}: {e}"))
}

/// The text of the first poster's QR code as Chromium draws it: a
/// screenshot of the code, each pixel dark or light, found and decoded
/// by `rqrr` as a phone's camera app would.
async fn drawn_code(b: &Browser) -> String {
    let png = first(b, ".sheet .qr")
        .await
        .screenshot()
        .await
        .expect("a screenshot of the code");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let frame = reader.next_frame(&mut pixels).expect("its pixels");
    let channels = frame.color_type.samples();
    let (width, height) = (frame.width as usize, frame.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let at = (y * width + x) * channels;
        let rgb = &pixels[at..at + channels.min(3)];
        (rgb.iter().map(|&c| u32::from(c)).sum::<u32>() / rgb.len() as u32) as u8
    });
    let grids = img.detect_grids();
    assert_eq!(
        grids.len(),
        1,
        "one code in the screenshot ({width}×{height})"
    );
    grids[0].decode().expect("the code decodes").1
}

fn shown(out: &Value, part: &str) -> bool {
    out[part]["shown"] == true
}

#[tokio::test(flavor = "multi_thread")]
async fn a_poster_reads_on_a_phone_and_prints_without_the_site_frame() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    let site = TestSite::sample();
    let server = start_server(&site);
    let b = Browser::start(&chromium, &driver).await;

    // A phone, on screen: the sheet inside the site's frame, no sideways
    // scrolling.
    viewport(&b, 390, 844, 1.0, true);
    b.client
        .goto(&format!("{}{POSTER}", server.url()))
        .await
        .expect("poster loads");
    let out = read(&b).await;
    assert!(
        shown(&out, "name") && shown(&out, "phones") && shown(&out, "qr"),
        "{out}"
    );
    assert_eq!(out["name"]["text"], NAME);
    assert!(
        out["phones"]["text"]
            .as_str()
            .unwrap_or_default()
            .contains(PHONE),
        "{out}"
    );
    let qr = out["qr"]["width"].as_f64().unwrap_or_default();
    assert!(qr >= 180.0, "a code a phone can scan off the screen: {qr}");
    assert!(shown(&out, "header") && shown(&out, "footer") && shown(&out, "tools"));
    assert!(out["overflow"].as_f64().unwrap_or(1.0) <= 0.0, "{out}");
    // Black on white, a preview of the paper.
    assert_eq!(out["sheet"]["color"], "rgb(0, 0, 0)");
    assert_eq!(out["sheet"]["background"], "rgb(255, 255, 255)");
    // What a camera reads off the screen: the code as Chromium draws it
    // holds the address printed under it, the record page's.
    let url = first(&b, ".sheet .sheet-url")
        .await
        .text()
        .await
        .expect("the address under the code");
    assert!(url.ends_with("venues/heping-fuwudian/"), "{url}");
    assert_eq!(drawn_code(&b).await, url);
    let height = out["height"].as_u64().unwrap_or(844);
    viewport(&b, 390, u32::try_from(height).unwrap_or(844), 1.0, true);
    screenshot(&b, "poster-phone.png").await;

    // Printed: only the sheet, with a code at least 7 cm wide.
    media(&b, "print");
    viewport(&b, 794, 1123, 1240.0 / 794.0, false);
    let out = read(&b).await;
    for part in ["header", "footer", "crumbs", "tools"] {
        assert!(!shown(&out, part), "{part} is not printed: {out}");
    }
    assert!(
        shown(&out, "name") && shown(&out, "phones") && shown(&out, "qr"),
        "{out}"
    );
    let qr = out["qr"]["width"].as_f64().unwrap_or_default();
    assert!(qr >= SEVEN_CM, "the printed code is {qr} px wide");
    assert_eq!(drawn_code(&b).await, url, "the printed code");
    screenshot(&b, "poster-a4.png").await;

    // A batch prints a sheet a page: every sheet but the last ends one.
    media(&b, "print");
    b.client
        .goto(&format!("{}posters/venues/", server.url()))
        .await
        .expect("batch loads");
    let out = read(&b).await;
    let breaks: Vec<&str> = out["breaks"]
        .as_array()
        .expect("sheets")
        .iter()
        .map(|v| v.as_str().unwrap_or_default())
        .collect();
    assert!(breaks.len() > 2, "{out}");
    let (last, rest) = breaks.split_last().expect("sheets");
    assert!(rest.iter().all(|b| *b == "page"), "{breaks:?}");
    assert_eq!(*last, "auto");
    assert!(!shown(&out, "tools") && !shown(&out, "header"), "{out}");

    // On screen the batch lists its sheets first.
    media(&b, "screen");
    let out = read(&b).await;
    assert!(shown(&out, "tools"), "{out}");
    b.close().await;
}
