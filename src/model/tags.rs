//! News tags: every distinct `tags:` value across the stories, with an
//! ASCII id for its page (`工会` → `gonghui`, `news/tags/gonghui/`) and
//! its stories, newest first.
//!
//! Tags are compared as written, after trimming. Ids come from
//! [`crate::slug::try_slugify`]; two tags that romanise alike (工会, 公会)
//! get `gonghui` and `gonghui-2` in order of their names, and a tag with
//! nothing to romanise gets `tag-N`. Tags are sorted by id, so the order
//! and the ids depend only on the set of tags.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::{Idx, News};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub name: String,
    /// ASCII id, unique among tags; the tag page is `news/tags/ID/`.
    pub id: String,
    /// Stories with this tag (indices into `Site::news`), newest first.
    pub news: Vec<Idx>,
}

/// The tags of the site, sorted by id, and for each story the indices of
/// its tags in the order the story lists them.
pub(super) fn collect(news: &[News]) -> (Vec<Tag>, Vec<Vec<usize>>) {
    use super::relations::Linked as _;
    let mut stories: BTreeMap<&str, Vec<Idx>> = BTreeMap::new();
    for (i, n) in news.iter().enumerate() {
        for tag in n.links().tags {
            let list = stories.entry(tag.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut used = HashSet::new();
    let mut tags: Vec<Tag> = stories
        .into_iter()
        .enumerate()
        .map(|(n, (name, news))| {
            let base = crate::slug::try_slugify(name)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("tag-{}", n + 1));
            let mut id = base.clone();
            let mut k = 1;
            while !used.insert(id.clone()) {
                k += 1;
                id = format!("{base}-{k}");
            }
            Tag {
                name: name.to_string(),
                id,
                news,
            }
        })
        .collect();
    tags.sort_by(|a, b| a.id.cmp(&b.id));
    let index: BTreeMap<&str, usize> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let of_news = news
        .iter()
        .map(|n| {
            let mut list: Vec<usize> = Vec::new();
            for t in n.links().tags {
                if let Some(&i) = index.get(t.as_str()) {
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
            list
        })
        .collect();
    (tags, of_news)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(tags: &[&str]) -> News {
        News {
            meta: super::super::Meta::default(),
            title: String::new(),
            kicker: String::new(),
            subtitle: String::new(),
            author: String::new(),
            date: chrono::DateTime::default(),
            source: String::new(),
            source_url: String::new(),
            editors: Vec::new(),
            mentions: Vec::new(),
            tags: tags.iter().map(|t| (*t).to_string()).collect(),
            summary: String::new(),
        }
    }

    #[test]
    fn tags_get_unique_ascii_ids_and_their_stories_in_order() {
        let news = [
            story(&["工会", "托管"]),
            story(&["公会", "工会"]),
            story(&["！！", "托管", "托管"]),
        ];
        let (tags, of_news) = collect(&news);
        let view: Vec<(&str, &str, &[Idx])> = tags
            .iter()
            .map(|t| (t.name.as_str(), t.id.as_str(), t.news.as_slice()))
            .collect();
        assert_eq!(
            view,
            [
                ("公会", "gonghui", &[1][..]),
                ("工会", "gonghui-2", &[0, 1][..]),
                ("！！", "tag-4", &[2][..]),
                ("托管", "tuoguan", &[0, 2][..]),
            ]
        );
        assert_eq!(of_news, [vec![1, 3], vec![0, 1], vec![2, 3]]);
    }
}
