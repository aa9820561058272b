//! The engine's own bookkeeping between rebuilds.

use super::*;
use crate::output::Update;

#[test]
fn a_file_saved_again_and_again_while_broken_is_kept_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "content/site.yaml",
        "title: 站\nbase_url: https://example.org/\ntimezone: Asia/Shanghai\n",
    );
    write("content/organizations/xiaocao.yaml", "name: 小草\n");
    let out = root.join("out");
    let mut engine = Engine::new(root, None, true);
    let update = Update::open(&out).expect("output");
    assert!(engine.rebuild(&Changes::Unknown, &update).is_ok());
    update.commit().expect("commit");

    write("content/organizations/xiaocao.yaml", "name: [\n");
    let saved = root.join("content/organizations/xiaocao.yaml");
    for _ in 0..5 {
        let update = Update::open(&out).expect("output");
        let changes = Changes::Paths(vec![saved.clone()]);
        assert!(engine.rebuild(&changes, &update).is_err());
    }
    assert_eq!(engine.pending, [saved]);
}

#[test]
fn a_writer_keeps_what_pages_read_only_when_the_engine_follows_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let statics = BTreeSet::new();
    for keep in [false, true] {
        let staging = crate::output::Staging::create(&dir.path().join(format!("out-{keep}")))
            .expect("staging");
        let writer = Writer::new(&staging, None, keep, &statics);
        let read = || crate::render::PageRead {
            lastmod: None,
            deps: Box::default(),
            parts: None,
        };
        crate::render::Sink::write(&writer, "a/index.html", b"<p>a</p>").expect("write");
        crate::render::Sink::page_read(&writer, 0, read());
        let written = writer.finish();
        assert_eq!(written.count, 1);
        assert_eq!(written.reads.len(), usize::from(keep), "keep: {keep}");
        assert_eq!(written.files.len(), usize::from(keep), "keep: {keep}");
    }
}
