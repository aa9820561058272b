//! Cards: the short form of an entry used in every list, and sections
//! (a heading, up to `page_size` cards and a link to the full list).

use serde::Serialize;

use crate::model::Idx;

use super::super::pages::{self, ListKind, Owner};
use super::{hours_view, summary, Ctx, HoursView, LabelView};
use crate::urls;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct OrgCard<'a> {
    pub href: String,
    pub name: &'a str,
    pub short_name: Option<&'a str>,
    pub kind: LabelView<'a>,
    /// Names of the areas served, as written in the record.
    pub areas: Vec<&'a str>,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct VenueCard<'a> {
    pub href: String,
    pub name: &'a str,
    pub address: &'a str,
    /// Full area name, e.g. 城关区张掖路街道山子石社区.
    pub area: String,
    pub hours: Option<HoursView<'a>>,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct BrandCard<'a> {
    pub href: String,
    pub name: &'a str,
    pub operators: Vec<&'a str>,
    pub venue_count: usize,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct ServiceCard<'a> {
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
pub(crate) struct NewsCard<'a> {
    pub href: String,
    pub title: &'a str,
    pub kicker: &'a str,
    /// RFC 3339.
    pub date: String,
    pub summary: String,
}

/// A list of one kind of card; serialized as a plain array.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum Cards<'a> {
    Organizations(Vec<OrgCard<'a>>),
    Venues(Vec<VenueCard<'a>>),
    Brands(Vec<BrandCard<'a>>),
    Services(Vec<ServiceCard<'a>>),
    News(Vec<NewsCard<'a>>),
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
    pub items: Cards<'a>,
    /// All entries, also those not shown.
    pub total: usize,
    /// The full, paginated list when not every entry is shown.
    pub all_href: Option<String>,
}

/// The card template that draws a list's entries.
pub(super) fn card_kind(list: ListKind) -> &'static str {
    match list {
        ListKind::Members | ListKind::Organizations => "organization",
        ListKind::Venues => "venue",
        ListKind::Brands => "brand",
        ListKind::Services => "service",
        ListKind::News => "news",
    }
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
    pub(crate) fn org_card(&self, i: Idx) -> OrgCard<'s> {
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

    pub(crate) fn venue_card(&self, i: Idx) -> VenueCard<'s> {
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

    pub(crate) fn brand_card(&self, i: Idx) -> BrandCard<'s> {
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

    pub(crate) fn service_card(&self, i: Idx) -> ServiceCard<'s> {
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

    pub(crate) fn news_card(&self, i: Idx) -> NewsCard<'s> {
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

    /// Cards for the entries of a list of the given kind.
    pub(crate) fn cards(&self, list: ListKind, items: &[Idx]) -> Cards<'s> {
        match list {
            ListKind::Members | ListKind::Organizations => {
                Cards::Organizations(items.iter().map(|&i| self.org_card(i)).collect())
            }
            ListKind::Venues => Cards::Venues(items.iter().map(|&i| self.venue_card(i)).collect()),
            ListKind::Brands => Cards::Brands(items.iter().map(|&i| self.brand_card(i)).collect()),
            ListKind::Services => {
                Cards::Services(items.iter().map(|&i| self.service_card(i)).collect())
            }
            ListKind::News => Cards::News(items.iter().map(|&i| self.news_card(i)).collect()),
        }
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
    pub(crate) fn section(&self, owner: Owner, list: ListKind) -> SectionView<'s> {
        let all = pages::owner_list(self.site, owner, list);
        let shown = &all[..all.len().min(self.page_size)];
        SectionView {
            list: list.as_str(),
            card: card_kind(list),
            title: self.list_title(owner, list),
            items: self.cards(list, shown),
            total: all.len(),
            all_href: (all.len() > shown.len())
                .then(|| self.href(&pages::sublist_rel(self.site, owner, list))),
        }
    }

    /// Every list of an owner that has entries, in page order.
    pub(crate) fn sections(&self, owner: Owner) -> Vec<SectionView<'s>> {
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
