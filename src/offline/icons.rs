//! The app icons of the manifest, drawn from the site's `favicon.svg`
//! with resvg: square PNGs of the icon as it is (transparent around it),
//! a *maskable* one whose background is the site's accent colour up to
//! the edges with the icon inside the middle 80 % (launchers cut it to
//! their own shape), and the icon iOS puts on a home screen (no
//! transparency: iOS rounds the corners itself).
//!
//! The icon is drawn as shapes only: text and embedded raster images in
//! the SVG are left out (the renderer is built without fonts).

use anyhow::Context as _;
use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg;

use super::Colours;

/// One app icon: its file, its size in pixels, how much of it the
/// favicon fills, whether the accent colour is behind it, and its purpose
/// in the manifest (None: not listed there).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Icon {
    pub file: &'static str,
    pub size: u32,
    fill: f32,
    on_accent: bool,
    pub purpose: Option<&'static str>,
}

/// The icon iOS puts on a home screen, which pages link to.
pub(crate) const TOUCH_ICON: &str = "apple-touch-icon.png";

/// Every icon, in the order the manifest lists them.
pub(crate) const ICONS: [Icon; 4] = [
    Icon {
        file: "icon-192.png",
        size: 192,
        fill: 1.0,
        on_accent: false,
        purpose: Some("any"),
    },
    Icon {
        file: "icon-512.png",
        size: 512,
        fill: 1.0,
        on_accent: false,
        purpose: Some("any"),
    },
    Icon {
        file: "icon-maskable-512.png",
        size: 512,
        fill: 0.8,
        on_accent: true,
        purpose: Some("maskable"),
    },
    Icon {
        file: TOUCH_ICON,
        size: 180,
        fill: 1.0,
        on_accent: true,
        purpose: None,
    },
];

/// Draws every icon from the SVG.
pub(crate) fn draw_all(svg: &[u8], colours: Colours) -> anyhow::Result<Vec<(Icon, Vec<u8>)>> {
    let tree = usvg::Tree::from_data(svg, &usvg::Options::default())
        .map_err(|e| anyhow::anyhow!(t!("app-icon-not-svg", error = e.to_string())))?;
    ICONS
        .iter()
        .map(|&icon| Ok((icon, draw(&tree, icon, colours)?)))
        .collect()
}

fn draw(tree: &usvg::Tree, icon: Icon, colours: Colours) -> anyhow::Result<Vec<u8>> {
    let size = icon.size;
    let mut pixmap = Pixmap::new(size, size).with_context(|| t!("app-icon-failed"))?;
    if icon.on_accent {
        let [r, g, b] = colours.accent;
        pixmap.fill(Color::from_rgba8(r, g, b, 255));
    }
    let (w, h) = (tree.size().width(), tree.size().height());
    let side = size as f32 * icon.fill;
    let scale = side / w.max(h);
    let dx = (size as f32 - w * scale) / 2.0;
    let dy = (size as f32 - h * scale) / 2.0;
    resvg::render(
        tree,
        Transform::from_row(scale, 0.0, 0.0, scale, dx, dy),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| anyhow::anyhow!(t!("app-icon-not-png", error = e.to_string())))
}
