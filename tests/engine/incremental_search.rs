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
