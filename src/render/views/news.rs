//! Views of the news pages: the story itself, the news index and tag pages
//! (newest first, grouped by month) and the index of tags.

use std::borrow::Cow;

use chrono::Datelike;
use serde::Serialize;

use crate::markdown::Heading;
use crate::model::{EntityRef, Idx};

use super::super::pages::{self, Collection, PageKind};
use super::cards::{CardOf, CardView, Level};
use super::lists::PaginationView;
use super::{
    built, description, non_empty, web_link, Built, CrumbView, Ctx, LinkView, WebLinkView,
};
use crate::urls;

/// Areas named for one entry in a story's box before the rest are left out.
const MENTION_AREAS: usize = 3;

/// An entry a story mentions, for the box beside the story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct MentionView<'a> {
    /// `organization`, `venue`, `brand` or `service`.
    pub kind: &'static str,
    pub kind_label: &'a str,
    pub href: String,
    pub name: &'a str,
    /// Where it is or works: area names joined with `、` (or "线上").
    pub area: Option<String>,
}

/// The story before or after this one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct StoryLinkView<'a> {
    pub href: String,
    pub title: &'a str,
    /// RFC 3339.
    pub date: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct ArticleView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// 引题, shown above the title.
    pub kicker: Option<&'a str>,
    /// 副题, shown below the title.
    pub subtitle: Option<&'a str>,
    pub author: Option<&'a str>,
    /// RFC 3339.
    pub date: String,
    pub source: Option<&'a str>,
    pub source_url: Option<WebLinkView<'a>>,
    pub body: std::borrow::Cow<'a, str>,
    pub toc: &'a [Heading],
    pub editors: &'a [String],
    /// Tags, each linking to its page.
    pub tags: Vec<LinkView<'a>>,
    /// Named in `mentions:` first, then found in the text.
    pub mentions: Vec<MentionView<'a>>,
    /// The next older story.
    pub prev: Option<StoryLinkView<'a>>,
    /// The next newer story.
    pub next: Option<StoryLinkView<'a>>,
}

/// The stories of one month on a list page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct MonthView {
    /// `2024-08`, for `<time datetime>`.
    pub month: String,
    /// "2024年8月".
    pub label: String,
    pub items: Vec<CardView>,
}

/// The news index or a tag's page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct NewsListView<'a> {
    pub title: String,
    /// The tag, on a tag's page.
    pub tag: Option<&'a str>,
    pub total: usize,
    /// Newest month first; a month cut by a page break shows on both pages.
    pub months: Vec<MonthView>,
    pub pagination: Option<PaginationView>,
    pub tags_href: String,
}

/// A tag with its number of stories.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct TagLinkView<'a> {
    pub href: String,
    pub name: &'a str,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct TagIndexView<'a> {
    pub tags: Vec<TagLinkView<'a>>,
    pub news_href: String,
}

impl<'s> Ctx<'s> {
    fn mention(&self, m: EntityRef) -> MentionView<'s> {
        let site = self.site;
        let (kind, rel, areas) = match m {
            EntityRef::Organization(x) => {
                let o = &site.organizations[x];
                (
                    "organization",
                    urls::organization(&o.meta.id),
                    o.areas_served.clone(),
                )
            }
            EntityRef::Venue(x) => {
                let v = &site.venues[x];
                ("venue", urls::venue(&v.meta.id), vec![v.area])
            }
            EntityRef::Brand(x) => {
                let b = &site.brands[x];
                let areas = b.venues.iter().map(|&v| site.venues[v].area).collect();
                ("brand", urls::brand(&b.meta.id), areas)
            }
            EntityRef::Service(x) => {
                let s = &site.services[x];
                let areas = s.venues.iter().map(|&v| site.venues[v].area).collect();
                ("service", urls::service(&s.meta.id), areas)
            }
        };
        let online = matches!(m, EntityRef::Service(x) if site.services[x].online);
        let mut names: Vec<&str> = Vec::new();
        for a in areas {
            let name = site.areas.areas[a].name.as_str();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let more = names.len() > MENTION_AREAS;
        names.truncate(MENTION_AREAS);
        let mut area = names.join("、");
        if more {
            area.push_str(self.words.text("ui.and_more"));
        }
        if area.is_empty() && online {
            area = self.words.text("ui.online").to_string();
        }
        MentionView {
            kind,
            kind_label: self.words.label("entity", kind),
            href: self.href(&rel),
            name: site.entity_name(m),
            area: non_empty(&area).map(str::to_string),
        }
    }

    fn story_link(&self, i: Idx) -> StoryLinkView<'s> {
        let n = &self.site.news[i];
        StoryLinkView {
            href: self.href(&urls::news(&n.meta.id)),
            title: &n.title,
            date: n.date.to_rfc3339(),
        }
    }

    /// Cards of the stories `items`, grouped by the month of their date.
    fn months(&self, items: &[Idx]) -> anyhow::Result<Vec<MonthView>> {
        let mut months: Vec<MonthView> = Vec::new();
        for &i in items {
            let d = self.site.news[i].date;
            let month = format!("{:04}-{:02}", d.year(), d.month());
            if months.last().is_none_or(|m| m.month != month) {
                let (y, m) = (d.year().to_string(), d.month().to_string());
                months.push(MonthView {
                    month,
                    label: self
                        .words
                        .fill("format.month", &[("year", &y), ("month", &m)]),
                    items: Vec::new(),
                });
            }
            if let Some(last) = months.last_mut() {
                last.items.push(self.card(CardOf::News, i, Level::Section)?);
            }
        }
        Ok(months)
    }

    fn news_list(
        &self,
        title: String,
        tag: Option<&'s str>,
        all: &[Idx],
        first: &str,
        n: usize,
    ) -> anyhow::Result<NewsListView<'s>> {
        let shown = pages::page_slice(all, n, self.page_size);
        Ok(NewsListView {
            title,
            tag,
            total: all.len(),
            months: self.months(shown)?,
            pagination: self.pagination(first, n, pages::page_count(all.len(), self.page_size)),
            tags_href: self.href(&urls::tags()),
        })
    }
}

pub(super) fn article(ctx: &Ctx<'_>, i: Idx) -> anyhow::Result<Built> {
    let site = ctx.site;
    let n = &site.news[i];
    let body = n.meta.body.rendered()?;
    let tags = site.rel.news_tags[i]
        .iter()
        .map(|&t| {
            let tag = &site.rel.tags[t];
            LinkView {
                href: ctx.href(&urls::tag(&tag.id)),
                name: Cow::Borrowed(tag.name.as_str()),
            }
        })
        .collect();
    let view = ArticleView {
        id: &n.meta.id,
        title: &n.title,
        kicker: non_empty(&n.kicker),
        subtitle: non_empty(&n.subtitle),
        author: non_empty(&n.author),
        date: n.date.to_rfc3339(),
        source: non_empty(&n.source),
        source_url: web_link(&n.source_url),
        body: body.html,
        toc: n.meta.body.headings(),
        editors: &n.editors,
        tags,
        mentions: n.mentions.iter().map(|&m| ctx.mention(m)).collect(),
        prev: (i + 1 < site.news.len()).then(|| ctx.story_link(i + 1)),
        next: i.checked_sub(1).map(|p| ctx.story_link(p)),
    };
    let desc = if n.summary.trim().is_empty() {
        description(&body.plain)
    } else {
        description(&n.summary)
    };
    let crumbs = vec![ctx.section_crumb("news")];
    let jsonld = ctx.ld.article(i, &desc)?;
    let mut meta = ctx.meta(PageKind::Article(i), n.title.clone(), desc, "news", crumbs);
    meta.og_type = "article";
    meta.published = Some(view.date.clone());
    meta.jsonld = Some(jsonld);
    built(meta, "article", &view)
}

/// Page `n` of all stories.
pub(super) fn index(ctx: &Ctx<'_>, n: usize) -> anyhow::Result<Built> {
    let all: Vec<Idx> = (0..ctx.site.news.len()).collect();
    let base_title = ctx.words.label("collections", "news");
    let first = Collection::News.rel();
    let view = ctx.news_list(ctx.words.paged_title(base_title, n), None, &all, &first, n)?;
    let mut crumbs = Vec::new();
    if n > 1 {
        crumbs.push(ctx.section_crumb("news"));
    }
    let meta = ctx.meta(
        PageKind::Collection(Collection::News, n),
        view.title.clone(),
        String::new(),
        "news",
        crumbs,
    );
    built(meta, "news", &view)
}

/// Page `n` of the stories with tag `t`.
pub(super) fn tag(ctx: &Ctx<'_>, t: usize, n: usize) -> anyhow::Result<Built> {
    let tag = &ctx.site.rel.tags[t];
    let base_title = ctx.words.fill("format.tag_title", &[("tag", &tag.name)]);
    let first = urls::tag(&tag.id);
    let view = ctx.news_list(
        ctx.words.paged_title(&base_title, n),
        Some(&tag.name),
        &tag.news,
        &first,
        n,
    )?;
    let mut crumbs = vec![ctx.section_crumb("news"), tags_crumb(ctx)];
    if n > 1 {
        crumbs.push(CrumbView {
            href: Some(ctx.href(&first)),
            name: base_title.clone(),
        });
    }
    let meta = ctx.meta(
        PageKind::Tag(t, n),
        view.title.clone(),
        String::new(),
        "news",
        crumbs,
    );
    built(meta, "news", &view)
}

/// Every tag, with its number of stories.
pub(super) fn tag_index(ctx: &Ctx<'_>) -> anyhow::Result<Built> {
    let view = TagIndexView {
        tags: ctx
            .site
            .rel
            .tags
            .iter()
            .map(|tag| TagLinkView {
                href: ctx.href(&urls::tag(&tag.id)),
                name: &tag.name,
                count: tag.news.len(),
            })
            .collect(),
        news_href: ctx.href(&Collection::News.rel()),
    };
    let title = ctx.words.text("news.tags").to_string();
    let crumbs = vec![ctx.section_crumb("news")];
    let meta = ctx.meta(PageKind::TagIndex, title, String::new(), "news", crumbs);
    built(meta, "tags", &view)
}

fn tags_crumb(ctx: &Ctx<'_>) -> CrumbView {
    CrumbView {
        href: Some(ctx.href(&urls::tags())),
        name: ctx.words.text("news.tags").to_string(),
    }
}
