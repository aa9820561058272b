//! Reverse links, computed once from the forward references in records:
//! which venues an organization operates, which services a venue hosts,
//! which organizations a union links, and the area roll-ups (a district
//! lists everything in its streets and communities).
//!
//! Every list is sorted by index (records are sorted by id), so pages that
//! show them are deterministic.

use crate::areas::AreaTree;
use crate::config::Config;

use super::track::{Kind, Records, Rel, Table};
use super::{Brand, EntityRef, Idx, News, Organization, Service, Venue};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relations {
    /// Organizations whose `linked_by` is this organization.
    pub org_members: Table,
    pub org_venues: Table,
    pub org_brands: Table,
    pub org_services: Table,
    pub venue_services: Table,
    pub venue_brands: Table,
    pub brand_services: Table,
    /// Sub-services (`part_of`) of a service.
    pub service_children: Table,
    /// Venues inside an area or any area below it.
    pub area_venues: Table,
    /// Services held at a venue inside an area or below it.
    pub area_services: Table,
    /// Venues in exactly this area (not below it).
    pub area_own_venues: Table,
    /// Services held at a venue in exactly this area.
    pub area_own_services: Table,
    /// Organizations serving an area or any area below it.
    pub area_organizations: Table,
    pub category_organizations: Table,
    pub category_venues: Table,
    pub category_brands: Table,
    pub category_services: Table,
    pub audience_services: Table,
    /// News (indices into `Site::news`) mentioning each entity, newest first.
    pub org_news: Table,
    pub venue_news: Table,
    pub brand_news: Table,
    pub service_news: Table,
    /// News tags, sorted by id (see the `tags` module).
    pub tags: Records<super::Tag>,
    /// Each story's tags, as indices into `tags`, in the story's order.
    pub news_tags: Table,
}

/// What of a record the relations are computed from. [`compute`] reads
/// directory entries only through these, so an edit whose entries' links
/// are all the same cannot change a relation ([`same_links`]).
pub(crate) trait Linked {
    type Links<'a>: PartialEq
    where
        Self: 'a;
    fn links(&self) -> Self::Links<'_>;
}

#[derive(PartialEq)]
pub(crate) struct OrgLinks<'a> {
    linked_by: Option<Idx>,
    areas_served: &'a [Idx],
    categories: &'a [Idx],
}

impl Linked for Organization {
    type Links<'a> = OrgLinks<'a>;
    fn links(&self) -> OrgLinks<'_> {
        OrgLinks {
            linked_by: self.linked_by,
            areas_served: &self.areas_served,
            categories: &self.categories,
        }
    }
}

#[derive(PartialEq)]
pub(crate) struct VenueLinks<'a> {
    operator: Option<Idx>,
    area: Idx,
    categories: &'a [Idx],
}

impl Linked for Venue {
    type Links<'a> = VenueLinks<'a>;
    fn links(&self) -> VenueLinks<'_> {
        VenueLinks {
            operator: self.operator,
            area: self.area,
            categories: &self.categories,
        }
    }
}

#[derive(PartialEq)]
pub(crate) struct BrandLinks<'a> {
    operators: &'a [Idx],
    venues: &'a [Idx],
    categories: &'a [Idx],
}

impl Linked for Brand {
    type Links<'a> = BrandLinks<'a>;
    fn links(&self) -> BrandLinks<'_> {
        BrandLinks {
            operators: &self.operators,
            venues: &self.venues,
            categories: &self.categories,
        }
    }
}

#[derive(PartialEq)]
pub(crate) struct ServiceLinks<'a> {
    organization: Idx,
    brand: Option<Idx>,
    part_of: Option<Idx>,
    venues: &'a [Idx],
    categories: &'a [Idx],
    audiences: &'a [Idx],
}

impl Linked for Service {
    type Links<'a> = ServiceLinks<'a>;
    fn links(&self) -> ServiceLinks<'_> {
        ServiceLinks {
            organization: self.organization,
            brand: self.brand,
            part_of: self.part_of,
            venues: &self.venues,
            categories: &self.categories,
            audiences: &self.audiences,
        }
    }
}

#[derive(PartialEq)]
pub(crate) struct NewsLinks<'a> {
    mentions: &'a [EntityRef],
    pub(super) tags: &'a [String],
}

impl Linked for News {
    type Links<'a> = NewsLinks<'a>;
    fn links(&self) -> NewsLinks<'_> {
        NewsLinks {
            mentions: &self.mentions,
            tags: &self.tags,
        }
    }
}

/// Whether every record of `edits` (its index and new value) links as the
/// one it replaces in `records` does.
pub(crate) fn same_links<'a, T: Linked + 'a>(
    records: &[T],
    edits: impl IntoIterator<Item = (Idx, &'a T)>,
) -> bool {
    edits.into_iter().all(|(at, new)| {
        records
            .get(at)
            .is_some_and(|old| old.links() == new.links())
    })
}

pub(super) struct Inputs<'a> {
    pub config: &'a Config,
    pub areas: &'a AreaTree,
    pub organizations: &'a [Organization],
    pub venues: &'a [Venue],
    pub brands: &'a [Brand],
    pub services: &'a [Service],
    pub news: &'a [News],
}

fn table(n: usize) -> Vec<Vec<Idx>> {
    vec![Vec::new(); n]
}

/// Records are visited in index order, so each list grows in order and a
/// repeat can only be its last entry.
fn add(list: &mut Vec<Idx>, idx: Idx) {
    if list.last() != Some(&idx) {
        list.push(idx);
    }
}

pub(super) fn compute(i: &Inputs<'_>) -> Relations {
    let (n_org, n_ven, n_br, n_svc) = (
        i.organizations.len(),
        i.venues.len(),
        i.brands.len(),
        i.services.len(),
    );
    let n_area = i.areas.areas.len();
    let n_cat = i.config.categories.len();
    let mut org_members = table(n_org);
    let mut org_venues = table(n_org);
    let mut org_brands = table(n_org);
    let mut org_services = table(n_org);
    let mut venue_services = table(n_ven);
    let mut venue_brands = table(n_ven);
    let mut brand_services = table(n_br);
    let mut service_children = table(n_svc);
    let mut area_venues = table(n_area);
    let mut area_services = table(n_area);
    let mut area_own_venues = table(n_area);
    let mut area_own_services = table(n_area);
    let mut area_organizations = table(n_area);
    let mut category_organizations = table(n_cat);
    let mut category_venues = table(n_cat);
    let mut category_brands = table(n_cat);
    let mut category_services = table(n_cat);
    let mut audience_services = table(i.config.audiences.len());

    // Three parts that fill different tables, on as many threads: a
    // change that adds or removes a record computes them all again.
    let (_, (_, (news_links, tag_lists))) = rayon::join(
        || {
            for (idx, o) in i.organizations.iter().enumerate() {
                let OrgLinks {
                    linked_by,
                    areas_served,
                    categories,
                } = o.links();
                if let Some(p) = linked_by {
                    add(&mut org_members[p], idx);
                }
                for &a in areas_served {
                    for up in i.areas.self_and_ancestors(a) {
                        add(&mut area_organizations[up], idx);
                    }
                }
                for &c in categories {
                    add(&mut category_organizations[c], idx);
                }
            }
            for (idx, v) in i.venues.iter().enumerate() {
                let VenueLinks {
                    operator,
                    area,
                    categories,
                } = v.links();
                if let Some(op) = operator {
                    add(&mut org_venues[op], idx);
                }
                add(&mut area_own_venues[area], idx);
                for up in i.areas.self_and_ancestors(area) {
                    add(&mut area_venues[up], idx);
                }
                for &c in categories {
                    add(&mut category_venues[c], idx);
                }
            }
            for (idx, b) in i.brands.iter().enumerate() {
                let BrandLinks {
                    operators,
                    venues,
                    categories,
                } = b.links();
                for &o in operators {
                    add(&mut org_brands[o], idx);
                }
                for &v in venues {
                    add(&mut venue_brands[v], idx);
                }
                for &c in categories {
                    add(&mut category_brands[c], idx);
                }
            }
        },
        || {
            rayon::join(
                || {
                    for (idx, s) in i.services.iter().enumerate() {
                        let ServiceLinks {
                            organization,
                            brand,
                            part_of,
                            venues,
                            categories,
                            audiences,
                        } = s.links();
                        add(&mut org_services[organization], idx);
                        if let Some(b) = brand {
                            add(&mut brand_services[b], idx);
                        }
                        if let Some(p) = part_of {
                            add(&mut service_children[p], idx);
                        }
                        for &v in venues {
                            let area = i.venues[v].links().area;
                            add(&mut venue_services[v], idx);
                            add(&mut area_own_services[area], idx);
                            for up in i.areas.self_and_ancestors(area) {
                                add(&mut area_services[up], idx);
                            }
                        }
                        for &c in categories {
                            add(&mut category_services[c], idx);
                        }
                        for &a in audiences {
                            add(&mut audience_services[a], idx);
                        }
                    }
                },
                || (news_backlinks(i), super::tags::collect(i.news)),
            )
        },
    );
    let (org_news, venue_news, brand_news, service_news) = news_links;
    let (tags, news_tags) = tag_lists;
    Relations {
        org_members: Table::new(Rel::OrgMembers, org_members),
        org_venues: Table::new(Rel::OrgVenues, org_venues),
        org_brands: Table::new(Rel::OrgBrands, org_brands),
        org_services: Table::new(Rel::OrgServices, org_services),
        venue_services: Table::new(Rel::VenueServices, venue_services),
        venue_brands: Table::new(Rel::VenueBrands, venue_brands),
        brand_services: Table::new(Rel::BrandServices, brand_services),
        service_children: Table::new(Rel::ServiceChildren, service_children),
        area_venues: Table::new(Rel::AreaVenues, area_venues),
        area_services: Table::new(Rel::AreaServices, area_services),
        area_own_venues: Table::new(Rel::AreaOwnVenues, area_own_venues),
        area_own_services: Table::new(Rel::AreaOwnServices, area_own_services),
        area_organizations: Table::new(Rel::AreaOrganizations, area_organizations),
        category_organizations: Table::new(Rel::CategoryOrganizations, category_organizations),
        category_venues: Table::new(Rel::CategoryVenues, category_venues),
        category_brands: Table::new(Rel::CategoryBrands, category_brands),
        category_services: Table::new(Rel::CategoryServices, category_services),
        audience_services: Table::new(Rel::AudienceServices, audience_services),
        org_news: Table::new(Rel::OrgNews, org_news),
        venue_news: Table::new(Rel::VenueNews, venue_news),
        brand_news: Table::new(Rel::BrandNews, brand_news),
        service_news: Table::new(Rel::ServiceNews, service_news),
        tags: Records::new(Kind::Tag, tags),
        news_tags: Table::new(Rel::NewsTags, news_tags),
    }
}

type Backlinks = (Vec<Vec<Idx>>, Vec<Vec<Idx>>, Vec<Vec<Idx>>, Vec<Vec<Idx>>);

/// News are sorted newest first, so pushing in order keeps that order.
fn news_backlinks(i: &Inputs<'_>) -> Backlinks {
    let mut org = vec![Vec::new(); i.organizations.len()];
    let mut ven = vec![Vec::new(); i.venues.len()];
    let mut br = vec![Vec::new(); i.brands.len()];
    let mut svc = vec![Vec::new(); i.services.len()];
    for (n, item) in i.news.iter().enumerate() {
        for m in item.links().mentions {
            let list = match *m {
                EntityRef::Organization(x) => &mut org[x],
                EntityRef::Venue(x) => &mut ven[x],
                EntityRef::Brand(x) => &mut br[x],
                EntityRef::Service(x) => &mut svc[x],
            };
            if list.last() != Some(&n) {
                list.push(n);
            }
        }
    }
    (org, ven, br, svc)
}
