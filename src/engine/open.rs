//! Pages open in browsers, made first: an in-place rebuild renders the
//! open pages the change reaches before any other page, and says when
//! they are final, so that `serve` can reload them while the rest of the
//! site is made (as Hugo's fast render does for the pages in view). The
//! bytes are the ones the whole rebuild writes: the open pages are
//! rendered once, by the same renderer, from the same site and page
//! list; they are only rendered earlier.

use crate::languages::Copy;
use crate::output::Output;
use crate::render::Plan;

use super::{Changes, Engine, Problem, Stats};

/// The pages open in browsers, and what to do once they are final.
pub trait OpenPages: Sync {
    /// The output files of the open pages (`organizations/x/index.html`,
    /// `index.html` for the home page).
    fn files(&self) -> Vec<String>;

    /// Called at most once per in-place rebuild, before any page but the
    /// open ones is made, when the theme did not change and an open page
    /// is a page of the site. `done`: the open pages whose files in the
    /// output are final now (made first, or not reached by the change); an
    /// open file that is not a page of the site (gone, or never one) is
    /// not among them. `assets`: the files of
    /// the theme and of `content/static/`, which an in-place rebuild
    /// never changes. Every other file may still change until the
    /// rebuild returns.
    fn first(&self, done: &[String], assets: &[&str]);
}

impl Engine {
    /// [`Engine::rebuild`], rendering first the pages `open` names that
    /// the change reaches, and telling `open` when they are final
    /// ([`OpenPages::first`]). A full rebuild renders every page at once
    /// and never calls it.
    pub fn rebuild_open(
        &mut self,
        changes: &Changes,
        out: &dyn Output,
        open: &dyn OpenPages,
    ) -> Result<&Stats, Problem> {
        self.rebuild_with(changes, out, Some(open))
    }
}

/// The plan index of the page whose output file is `file`, in the site's
/// own language or one of its `copies` (whose files are under their
/// prefix); None when no page of the plan writes it.
pub(super) fn plan_index(plan: &Plan, copies: &[Copy], file: &str) -> Option<usize> {
    let own = copies
        .iter()
        .find_map(|c| file.strip_prefix(c.prefix.as_str()))
        .unwrap_or(file);
    let rel = match own.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => own,
    };
    plan.paths.iter().position(|p| p == rel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pages::PageKind;

    fn plan(paths: &[&str]) -> Plan {
        Plan {
            pages: paths.iter().map(|_| PageKind::Home).collect(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn open_files_are_found_by_the_pages_that_write_them() {
        let plan = plan(&["", "organizations/a/", "data/a.json", "organizations/"]);
        let copies = [Copy {
            tag: "zh-Hant".into(),
            prefix: "zh-hant/".into(),
            made: crate::languages::Made::English,
        }];
        assert_eq!(plan_index(&plan, &copies, "index.html"), Some(0));
        assert_eq!(
            plan_index(&plan, &copies, "organizations/a/index.html"),
            Some(1)
        );
        assert_eq!(plan_index(&plan, &copies, "data/a.json"), Some(2));
        assert_eq!(
            plan_index(&plan, &copies, "zh-hant/organizations/index.html"),
            Some(3)
        );
        assert_eq!(plan_index(&plan, &copies, "zh-hant/index.html"), Some(0));
        assert_eq!(
            plan_index(&plan, &copies, "organizations/b/index.html"),
            None
        );
        // `xindex.html` is a file of its own, not a folder's page.
        assert_eq!(
            plan_index(&plan, &copies, "organizations/aindex.html"),
            None
        );
    }
}
