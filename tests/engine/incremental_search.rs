//! The search index followed across edits, for terms stored dense (in most
//! documents' text, stored by the documents without them): a record added
//! or removed changes every dense term's absent documents, and a term
//! turns dense or back as records come and go; every rebuild still equals
//! a full build.

use crate::common;

use common::TestSite;

const BASE: &str = "http://127.0.0.1:1111/";

fn org(site: &TestSite, id: &str, name: &str, body: &str) -> String {
    let path = format!("content/organizations/{id}.md");
    site.write(
        &path,
        &format!("---\nname: {name}\nkind: social-organization\n---\n\n{body}\n"),
    );
    path
}

/// Whether the output has a file of dense terms' text tiers.
fn has_dense_files(f: &mut common::Following) -> bool {
    f.output().keys().any(|p| p.starts_with("search/x/"))
}

/// 职工 (with 全市, 面向, 开放) is in the text of 151 organizations and
/// lacking in 150 (with the harness's): dense, and no longer dense with
/// one more record without it. The tables are large enough that no record
/// added here makes them grow (which would index the site afresh).
#[test]
fn incremental_dense_terms_follow_records_added_removed_and_edited() {
    let site = TestSite::new();
    for i in 0..151 {
        org(
            &site,
            &format!("zhan-{i:03}"),
            &format!("第{i}服务站"),
            "面向全市职工开放。",
        );
    }
    for i in 0..149 {
        org(
            &site,
            &format!("ye-{i:03}"),
            &format!("第{i}夜校"),
            "晚上上课。",
        );
    }
    let mut f = site.follow(BASE);
    assert!(has_dense_files(&mut f), "职工 is dense");

    let steps: [(&str, Option<&str>, bool); 4] = [
        ("a record without the term added", Some("晚上上课。"), false),
        (
            "the record given the term",
            Some("也面向全市职工开放。"),
            true,
        ),
        ("the record removed", None, true),
        (
            "a record's text without the term",
            Some("晚上上课。"),
            false,
        ),
    ];
    for (i, (step, body, dense)) in steps.into_iter().enumerate() {
        let id = if i < 3 { "a-new" } else { "zhan-002" };
        let path = format!("content/organizations/{id}.md");
        match body {
            Some(body) => {
                org(&site, id, "新站", body);
            }
            None => site.remove(&path),
        }
        let s = f.rebuild(&[path.as_str()]);
        assert!(!s.full, "{step}: {s:?}");
        f.assert_matches_full_build(&site, step);
        assert_eq!(has_dense_files(&mut f), dense, "{step}");
    }
}

/// The row chunk files of a language (`zh-hant/`; empty for the site's own),
/// by their numbers.
fn row_chunks(f: &mut common::Following, lang: &str) -> Vec<String> {
    let folder = format!("search/{lang}d/");
    (f.output().keys())
        .filter_map(|p| p.strip_prefix(&folder).map(str::to_string))
        .collect()
}

/// In a site in three languages, each language's head and rows follow
/// records added (a table growing, which indexes the site afresh) and
/// removed (emptying row chunks, whose files go in every language).
#[test]
fn incremental_rows_in_every_language_follow_records_added_and_removed() {
    let site = TestSite::new();
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{yaml}\nlanguages: [zh-Hans, zh-Hant, en]\n"),
    );
    let mut f = site.follow(BASE);
    f.assert_matches_full_build(&site, "first build");
    let mut paths = Vec::new();
    for i in 0..6 {
        paths.push(org(
            &site,
            &format!("zhan-{i}"),
            &format!("第{i}服务站"),
            "面向职工。",
        ));
        f.rebuild(&[paths[i].as_str()]);
        f.assert_matches_full_build(&site, &format!("record {i} added"));
        let hans = row_chunks(&mut f, "");
        assert_eq!(row_chunks(&mut f, "zh-hant/"), hans, "record {i} added");
        assert_eq!(row_chunks(&mut f, "en/"), hans, "record {i} added");
    }
    let hans = row_chunks(&mut f, "");
    for (i, path) in paths.iter().enumerate() {
        site.remove(path);
        f.rebuild(&[path.as_str()]);
        f.assert_matches_full_build(&site, &format!("record {i} removed"));
        assert_eq!(row_chunks(&mut f, "zh-hant/"), row_chunks(&mut f, ""));
        assert_eq!(row_chunks(&mut f, "en/"), row_chunks(&mut f, ""));
    }
    assert!(
        row_chunks(&mut f, "").len() < hans.len(),
        "chunks went: {hans:?}"
    );
}
