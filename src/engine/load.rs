//! The start of every build and of `check`: the site read and checked,
//! then its theme, with the warnings only a whole model can give (records
//! not verified within `stale_after`) and the texts to show problems in.

use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::{load_site, Loaded, SiteDirs};
use crate::model::Site;
use crate::render::Theme;

/// Loads and checks the site and its theme: what `check` reports, and
/// what every build starts from. `base_url` overrides site.yaml's.
pub fn check(dirs: &SiteDirs, base_url: Option<&str>) -> Loaded {
    match load(dirs, base_url) {
        Ok((site, _theme, mut loaded)) => {
            if let Some(d) = crate::model::stale_warning(&site, &dirs.root) {
                if let Ok(text) = crate::readfile::text(&dirs.root.join(&d.file), None) {
                    loaded
                        .sources
                        .insert(std::path::Path::new(&d.file), std::sync::Arc::from(text));
                }
                loaded.diagnostics.push(d);
                loaded.diagnostics.sort();
            }
            loaded.site = Some(site);
            loaded
        }
        Err((diags, sources)) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.extend(diags);
            Loaded {
                site: None,
                diagnostics,
                sources,
            }
        }
    }
}

/// A checked site with its theme, its warnings and its sources; or every
/// problem, sorted, with the sources to show them with.
pub(super) fn load(
    dirs: &SiteDirs,
    base_url: Option<&str>,
) -> Result<(Site, Theme, Loaded), (Vec<Diagnostic>, Sources)> {
    let mut loaded = load_site(dirs, base_url);
    let Some(site) = loaded.site.take() else {
        return Err((loaded.diagnostics.into_sorted(), loaded.sources));
    };
    match Theme::load(&dirs.root, &site.config.theme) {
        Ok(theme) => Ok((site, theme, loaded)),
        Err(theme_diags) => {
            // The files the errors are in, for their snippets (a theme's
            // template; site.yaml is there already).
            let mut sources = loaded.sources;
            for d in &theme_diags {
                if sources.get(&d.file).is_none() {
                    if let Ok(text) = crate::readfile::text(&dirs.root.join(&d.file), None) {
                        sources.insert(std::path::Path::new(&d.file), std::sync::Arc::from(text));
                    }
                }
            }
            let mut diags = loaded.diagnostics;
            diags.extend(theme_diags);
            Err((diags.into_sorted(), sources))
        }
    }
}
