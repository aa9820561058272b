//! The bundled sample site (content/) checks clean.

use std::path::Path;

use yizhan::diagnostics::render_human;
use yizhan::load::{load_site, SiteDirs};

#[test]
fn sample_content_has_no_problems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = load_site(&SiteDirs::new(root), None);
    let diags = loaded.diagnostics.into_sorted();
    assert!(
        diags.is_empty(),
        "{}",
        render_human(&diags, &loaded.sources, false)
    );
    let site = loaded.site.expect("site");
    assert!(site.organizations.len() >= 10);
    assert!(site.services.len() >= 20);
}
