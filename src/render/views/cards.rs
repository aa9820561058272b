//! Cards: the short form of an entry used in every list, and sections
//! (a heading, up to `page_size` cards and a link to the full list).
//!
//! A card is drawn once per language and heading level by the theme's
//! `card` component, with the entry's view (below) as `c`, and printed
//! from there on every list that shows it ([`crate::render::once`]).

use serde::Serialize;

use crate::model::Idx;
use crate::render::once::{self, Html, CARDS};

use super::super::pages::{self, ListKind, Owner};
use super::{hours_view, summary, Ctx, HoursView, LabelView};
use crate::urls;

/// A card as a list prints it (output with `| safe`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct CardView {
    pub html: Html,
}

/// The heading level of a card's title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    /// On a page that is the list (`<h2>`).
    List,
    /// In a section of a page (`<h3>`).
    Section,
}

/// What a card shows: an entry of this kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CardOf {
    Organization,
    Venue,
    Brand,
    Service,
    News,
}

impl CardOf {
    /// The kind of the cards of a list.
    pub(crate) fn of(list: ListKind) -> CardOf {
        match list {
            ListKind::Members | ListKind::Organizations => CardOf::Organization,
            ListKind::Venues => CardOf::Venue,
            ListKind::Brands => CardOf::Brand,
            ListKind::Services => CardOf::Service,
            ListKind::News => CardOf::News,
        }
    }

    /// The name the `card` component knows the kind by.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CardOf::Organization => "organization",
            CardOf::Venue => "venue",
            CardOf::Brand => "brand",
            CardOf::Service => "service",
            CardOf::News => "news",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct OrgCard<'a> {
    pub href: String,
    pub name: &'a str,
    pub short_name: Option<&'a str>,
    pub kind: LabelView<'a>,
    /// Names of the areas served, as written in the record.
    pub areas: Vec<&'a str>,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct VenueCard<'a> {
    pub href: String,
    pub name: &'a str,
    pub address: &'a str,
    /// Full area name, e.g. 城关区张掖路街道山子石社区.
    pub area: String,
    pub hours: Option<HoursView<'a>>,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct BrandCard<'a> {
    pub href: String,
    pub name: &'a str,
    pub operators: Vec<&'a str>,
    pub venue_count: usize,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct ServiceCard<'a> {
    pub href: String,
    pub name: &'a str,
    pub organization: &'a str,
    pub schedule: Option<HoursView<'a>>,
    pub online: bool,
    pub cost: Option<String>,
    pub venues: Vec<&'a str>,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct NewsCard<'a> {
    pub href: String,
    pub title: &'a str,
    pub kicker: &'a str,
    /// RFC 3339.
    pub date: String,
    pub summary: String,
}

/// A titled list of cards on a detail or overview page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct SectionView<'a> {
    /// Which list (`members`, `services`, …).
    pub list: &'static str,
    /// Which card template draws the items (`organization`, `venue`,
    /// `brand`, `service`, `news`).
    pub card: &'static str,
    pub title: &'a str,
    pub items: Vec<CardView>,
    /// All entries, also those not shown.
    pub total: usize,
    /// The full, paginated list when not every entry is shown.
    pub all_href: Option<String>,
}

/// The card template that draws a list's entries.
pub(super) fn card_kind(list: ListKind) -> &'static str {
    CardOf::of(list).as_str()
}

fn owner_key(owner: Owner) -> &'static str {
    match owner {
        Owner::Organization(_) => "organization",
        Owner::Venue(_) => "venue",
        Owner::Brand(_) => "brand",
        Owner::Category(_) => "category",
        Owner::Audience(_) => "audience",
        Owner::Area(_) => "area",
    }
}

impl<'s> Ctx<'s> {
    fn org_card(&self, i: Idx) -> OrgCard<'s> {
        let site = self.site;
        let o = &site.organizations[i];
        OrgCard {
            href: self.href(&urls::organization(&o.meta.id)),
            name: &o.name,
            short_name: o.short_name.as_deref(),
            kind: self.org_kind(o.kind.as_str()),
            areas: o
                .areas_served
                .iter()
                .map(|&a| site.areas.areas[a].name.as_str())
                .collect(),
            summary: o.meta.body.summary().to_owned(),
        }
    }

    fn venue_card(&self, i: Idx) -> VenueCard<'s> {
        let site = self.site;
        let v = &site.venues[i];
        VenueCard {
            href: self.href(&urls::venue(&v.meta.id)),
            name: &v.name,
            address: &v.address,
            area: site.areas.full_name(v.area),
            hours: v.hours.as_ref().map(hours_view),
            summary: v.meta.body.summary().to_owned(),
        }
    }

    fn brand_card(&self, i: Idx) -> BrandCard<'s> {
        let site = self.site;
        let b = &site.brands[i];
        BrandCard {
            href: self.href(&urls::brand(&b.meta.id)),
            name: &b.name,
            operators: b
                .operators
                .iter()
                .map(|&o| {
                    display_name(
                        &site.organizations[o].name,
                        site.organizations[o].short_name.as_deref(),
                    )
                })
                .collect(),
            venue_count: b.venues.len(),
            summary: b.meta.body.summary().to_owned(),
        }
    }

    fn service_card(&self, i: Idx) -> ServiceCard<'s> {
        let site = self.site;
        let s = &site.services[i];
        let org = &site.organizations[s.organization];
        ServiceCard {
            href: self.href(&urls::service(&s.meta.id)),
            name: &s.name,
            organization: display_name(&org.name, org.short_name.as_deref()),
            schedule: s.schedule.as_ref().map(hours_view),
            online: s.online,
            cost: self.words.cost(&s.cost),
            venues: s
                .venues
                .iter()
                .map(|&v| site.venues[v].name.as_str())
                .collect(),
            summary: s.meta.body.summary().to_owned(),
        }
    }

    fn news_card(&self, i: Idx) -> NewsCard<'s> {
        let n = &self.site.news[i];
        NewsCard {
            href: self.href(&urls::news(&n.meta.id)),
            title: &n.title,
            kicker: &n.kicker,
            date: n.date.to_rfc3339(),
            summary: if n.summary.trim().is_empty() {
                n.meta.body.summary().to_owned()
            } else {
                summary(&n.summary)
            },
        }
    }

    /// The card of entry `i` of kind `of`, at heading level `level`.
    pub(crate) fn card(&self, of: CardOf, i: Idx, level: Level) -> anyhow::Result<CardView> {
        let group = of as usize * 2 + level as usize;
        let html = self.drawn.html(CARDS, group, i, || {
            let c = match of {
                CardOf::Organization => once::value(&self.org_card(i)),
                CardOf::Venue => once::value(&self.venue_card(i)),
                CardOf::Brand => once::value(&self.brand_card(i)),
                CardOf::Service => once::value(&self.service_card(i)),
                CardOf::News => once::value(&self.news_card(i)),
            }?;
            let mut args = tera::Context::new();
            args.insert("card", of.as_str());
            args.insert_value("c", c);
            args.insert(
                "level",
                &match level {
                    Level::List => 2,
                    Level::Section => 3,
                },
            );
            Ok(args)
        })?;
        Ok(CardView { html })
    }

    /// Cards of the entries `items`, of kind `of`.
    pub(crate) fn cards_of(
        &self,
        of: CardOf,
        items: &[Idx],
        level: Level,
    ) -> anyhow::Result<Vec<CardView>> {
        items.iter().map(|&i| self.card(of, i, level)).collect()
    }

    /// Cards for the entries of a list of the given kind.
    pub(crate) fn cards(
        &self,
        list: ListKind,
        items: &[Idx],
        level: Level,
    ) -> anyhow::Result<Vec<CardView>> {
        self.cards_of(CardOf::of(list), items, level)
    }

    /// The heading of a list on its owner's page: `lists.<owner>.<list>`
    /// in the locale, else `lists.<list>`.
    pub(crate) fn list_title(&self, owner: Owner, list: ListKind) -> &'s str {
        let specific = self
            .words
            .text(&format!("lists.{}.{}", owner_key(owner), list.as_str()));
        if specific.is_empty() {
            self.words.text(&format!("lists.{}", list.as_str()))
        } else {
            specific
        }
    }

    /// The capped list `list` of `owner`.
    pub(crate) fn section(&self, owner: Owner, list: ListKind) -> anyhow::Result<SectionView<'s>> {
        let all = pages::owner_list(self.site, owner, list);
        let shown = &all[..all.len().min(self.page_size)];
        Ok(SectionView {
            list: list.as_str(),
            card: card_kind(list),
            title: self.list_title(owner, list),
            items: self.cards(list, shown, Level::Section)?,
            total: all.len(),
            all_href: (all.len() > shown.len())
                .then(|| self.href(&pages::sublist_rel(self.site, owner, list))),
        })
    }

    /// Every list of an owner that has entries, in page order.
    pub(crate) fn sections(&self, owner: Owner) -> anyhow::Result<Vec<SectionView<'s>>> {
        pages::owner_lists(owner)
            .iter()
            .filter(|&&l| !pages::owner_list(self.site, owner, l).is_empty())
            .map(|&l| self.section(owner, l))
            .collect()
    }

    pub(crate) fn org_kind(&self, id: &'static str) -> LabelView<'s> {
        LabelView {
            id,
            label: self.words.label("org_kind", id),
        }
    }
}

/// The short name when there is one: cards are narrow.
fn display_name<'a>(name: &'a str, short: Option<&'a str>) -> &'a str {
    short.filter(|s| !s.is_empty()).unwrap_or(name)
}
