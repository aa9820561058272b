//! Removing a folder tree: an old output once the new one is in place,
//! a staging or pending folder that is given up.

use std::fs;
use std::path::Path;

/// Removes a folder tree, its folders in parallel: an old output has
/// tens of thousands of files in as many folders, and removing them one
/// by one took an eighth of a build over an earlier output.
pub(super) fn remove_tree(dir: &Path) {
    // A link (an output folder that was a link to another, exchanged
    // out): the link goes, what it points to stays.
    if fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        let _ = fs::remove_file(dir);
        return;
    }
    remove_within(dir);
    let _ = fs::remove_dir(dir);
    // Whatever could not be removed above (e.g. a file added meanwhile).
    if dir.exists() {
        let _ = fs::remove_dir_all(dir);
    }
}

/// Removes what `dir` holds: its files (and links, never followed), then
/// each of its folders, emptied the same way, in parallel.
fn remove_within(dir: &Path) {
    use rayon::prelude::*;
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push(entry.path());
        } else {
            let _ = fs::remove_file(entry.path());
        }
    }
    folders.par_iter().for_each(|folder| {
        remove_within(folder);
        let _ = fs::remove_dir(folder);
    });
}

#[cfg(test)]
mod tests {
    use super::super::tests::text;
    use super::*;

    #[test]
    fn a_tree_is_removed_whole_and_links_in_it_are_not_followed() {
        let root = tempfile::tempdir().expect("tempdir");
        let tree = root.path().join("old");
        for i in 0..40 {
            let folder = tree.join(format!("services/s{i}/poster"));
            fs::create_dir_all(&folder).expect("mkdir");
            fs::write(folder.join("index.html"), "sheet").expect("write");
            fs::write(folder.with_file_name("index.html"), "page").expect("write");
        }
        fs::create_dir_all(tree.join("empty/deeper/still")).expect("mkdir");
        let outside = root.path().join("kept");
        fs::create_dir(&outside).expect("mkdir");
        fs::write(outside.join("file"), "mine").expect("write");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, tree.join("services/s3/link")).expect("link");
            std::os::unix::fs::symlink(outside.join("file"), tree.join("file-link")).expect("link");
        }
        remove_tree(&tree);
        assert!(!tree.exists());
        assert_eq!(text(outside.join("file")), "mine");
        // The tree itself a link to a folder: only the link goes.
        #[cfg(unix)]
        {
            let link = root.path().join("public");
            std::os::unix::fs::symlink(&outside, &link).expect("link");
            remove_tree(&link);
            assert!(fs::symlink_metadata(&link).is_err(), "the link is gone");
            assert_eq!(text(outside.join("file")), "mine");
        }
        // A folder that is not there: nothing to do, no panic.
        remove_tree(&tree);
    }
}
