//! `yizhan export hsds` and `yizhan export json`: the same files a build
//! writes under `hsds/` and `data/`, byte for byte, into a folder that is
//! replaced only when the export worked and only when it holds nothing
//! but a previous export.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{read_tree, TestSite};
use yizhan::engine::Part;
use yizhan::export::{export, ExportOptions, ExportReport};

const BASE: &str = "https://example.org/";

fn options(site: &TestSite, part: Part, to: &Path) -> ExportOptions {
    ExportOptions {
        root: site.root().to_path_buf(),
        part,
        to: to.to_path_buf(),
        base_url: Some(BASE.into()),
        force: false,
    }
}

/// The files of a build below `folder/`, by their path inside it.
fn below(files: &BTreeMap<String, Vec<u8>>, folder: &str) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .filter_map(|(p, b)| Some((p.strip_prefix(folder)?.to_owned(), b.clone())))
        .collect()
}

fn exported(report: &ExportReport) {
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.file, d.line, d.message))
        .collect();
    assert!(report.exported, "exported: {errors:?}");
}

#[test]
fn an_export_is_the_builds_folder_byte_for_byte() {
    let site = TestSite::sample();
    let built = site.full_build(BASE);
    let out = tempfile::tempdir().expect("tempdir");
    for (part, folder) in [(Part::Hsds, "hsds/"), (Part::Json, "data/")] {
        let to = out.path().join(part.name());
        let report = export(&options(&site, part, &to)).expect("exports");
        exported(&report);
        let want = below(&built, folder);
        let got = read_tree(&to);
        assert!(want.len() > 8, "{folder}: {} files", want.len());
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{folder}: the same files"
        );
        for (path, bytes) in &want {
            assert!(
                got[path] == *bytes,
                "{folder}{path} differs from the build's"
            );
        }
        assert_eq!(report.files, want.len());
    }
}

#[test]
fn an_export_replaces_a_previous_one_and_no_other_folder() {
    let site = TestSite::sample();
    let out = tempfile::tempdir().expect("tempdir");
    let to = out.path().join("feed");
    let opts = options(&site, Part::Hsds, &to);
    exported(&export(&opts).expect("exports"));
    assert!(to.join("services/chahua.json").is_file());

    // A previous export is replaced whole: a removed record's file goes.
    site.remove("content/services/chahua.md");
    exported(&export(&opts).expect("exports again"));
    assert!(!to.join("services/chahua.json").exists());
    assert!(to.join("organizations.csv").is_file());

    // A folder with something else in it is left alone, unless forced.
    fs::write(to.join("notes.txt"), "mine").expect("write");
    let err = export(&opts).err().expect("refused").to_string();
    assert!(err.contains("notes.txt"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        fs::read_to_string(to.join("notes.txt")).expect("kept"),
        "mine"
    );
    let other = out.path().join("photos");
    fs::create_dir_all(&other).expect("mkdir");
    fs::write(other.join("a.jpg"), "jpg").expect("write");
    let err = export(&options(&site, Part::Json, &other))
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("a.jpg"), "{err}");
    assert!(other.join("a.jpg").is_file());
    // An index.json of something else is not a previous export either.
    let lookalike = out.path().join("lookalike");
    fs::create_dir_all(&lookalike).expect("mkdir");
    fs::write(lookalike.join("index.json"), "{\"pages\": 3}").expect("write");
    assert!(export(&options(&site, Part::Hsds, &lookalike)).is_err());
    assert!(lookalike.join("index.json").is_file());
    // Nothing half-made is left beside the folders.
    let siblings: Vec<String> = fs::read_dir(out.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(siblings.iter().all(|n| !n.starts_with('.')), "{siblings:?}");

    let forced = ExportOptions {
        force: true,
        ..opts.clone()
    };
    exported(&export(&forced).expect("forced"));
    assert!(!to.join("notes.txt").exists());
    assert!(to.join("index.json").is_file());
}

#[test]
fn an_export_of_a_site_with_errors_writes_nothing() {
    let site = TestSite::sample();
    let out = tempfile::tempdir().expect("tempdir");
    let to = out.path().join("data");
    let opts = options(&site, Part::Json, &to);
    exported(&export(&opts).expect("exports"));
    let before = read_tree(&to);
    site.write(
        "content/services/broken.md",
        "---\nname: 坏服务\norganization: no-such-org\n---\n",
    );
    let report = export(&opts).expect("reports");
    assert!(!report.exported);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "content/services/broken.md");
    assert_eq!(
        read_tree(&to),
        before,
        "the previous export stays as it was"
    );
}
