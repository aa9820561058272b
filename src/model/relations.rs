//! Reverse links, computed once from the forward references in records:
//! which venues an organization operates, which services a venue hosts,
//! which organizations a union links, and the area roll-ups (a district
//! lists everything in its streets and communities).
//!
//! Every list is sorted by index (records are sorted by id), so pages that
//! show them are deterministic.

use std::collections::BTreeSet;

use crate::areas::AreaTree;
use crate::config::Config;

use super::{Brand, EntityRef, Idx, News, Organization, Service, Venue};

#[derive(Clone, Debug, Default)]
pub struct Relations {
    /// Organizations whose `linked_by` is this organization.
    pub org_members: Vec<Vec<Idx>>,
    pub org_venues: Vec<Vec<Idx>>,
    pub org_brands: Vec<Vec<Idx>>,
    pub org_services: Vec<Vec<Idx>>,
    pub venue_services: Vec<Vec<Idx>>,
    pub venue_brands: Vec<Vec<Idx>>,
    pub brand_services: Vec<Vec<Idx>>,
    /// Sub-services (`part_of`) of a service.
    pub service_children: Vec<Vec<Idx>>,
    /// Venues inside an area or any area below it.
    pub area_venues: Vec<Vec<Idx>>,
    /// Services held at a venue inside an area or below it.
    pub area_services: Vec<Vec<Idx>>,
    /// Organizations serving an area or any area below it.
    pub area_organizations: Vec<Vec<Idx>>,
    pub category_organizations: Vec<Vec<Idx>>,
    pub category_venues: Vec<Vec<Idx>>,
    pub category_brands: Vec<Vec<Idx>>,
    pub category_services: Vec<Vec<Idx>>,
    pub audience_services: Vec<Vec<Idx>>,
    /// News (indices into `Site::news`) mentioning each entity, newest first.
    pub org_news: Vec<Vec<Idx>>,
    pub venue_news: Vec<Vec<Idx>>,
    pub brand_news: Vec<Vec<Idx>>,
    pub service_news: Vec<Vec<Idx>>,
    /// News tags, sorted by id (see the `tags` module).
    pub tags: Vec<super::Tag>,
    /// Each story's tags, as indices into `tags`, in the story's order.
    pub news_tags: Vec<Vec<usize>>,
}

pub struct Inputs<'a> {
    pub config: &'a Config,
    pub areas: &'a AreaTree,
    pub organizations: &'a [Organization],
    pub venues: &'a [Venue],
    pub brands: &'a [Brand],
    pub services: &'a [Service],
    pub news: &'a [News],
}

fn table(n: usize) -> Vec<BTreeSet<Idx>> {
    vec![BTreeSet::new(); n]
}

fn freeze(t: Vec<BTreeSet<Idx>>) -> Vec<Vec<Idx>> {
    t.into_iter().map(|s| s.into_iter().collect()).collect()
}

pub fn compute(i: &Inputs<'_>) -> Relations {
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
    let mut area_organizations = table(n_area);
    let mut category_organizations = table(n_cat);
    let mut category_venues = table(n_cat);
    let mut category_brands = table(n_cat);
    let mut category_services = table(n_cat);
    let mut audience_services = table(i.config.audiences.len());

    for (idx, o) in i.organizations.iter().enumerate() {
        if let Some(p) = o.linked_by {
            org_members[p].insert(idx);
        }
        for &a in &o.areas_served {
            for up in i.areas.self_and_ancestors(a) {
                area_organizations[up].insert(idx);
            }
        }
        for &c in &o.categories {
            category_organizations[c].insert(idx);
        }
    }
    for (idx, v) in i.venues.iter().enumerate() {
        if let Some(op) = v.operator {
            org_venues[op].insert(idx);
        }
        for up in i.areas.self_and_ancestors(v.area) {
            area_venues[up].insert(idx);
        }
        for &c in &v.categories {
            category_venues[c].insert(idx);
        }
    }
    for (idx, b) in i.brands.iter().enumerate() {
        for &o in &b.operators {
            org_brands[o].insert(idx);
        }
        for &v in &b.venues {
            venue_brands[v].insert(idx);
        }
        for &c in &b.categories {
            category_brands[c].insert(idx);
        }
    }
    for (idx, s) in i.services.iter().enumerate() {
        org_services[s.organization].insert(idx);
        if let Some(b) = s.brand {
            brand_services[b].insert(idx);
        }
        if let Some(p) = s.part_of {
            service_children[p].insert(idx);
        }
        for &v in &s.venues {
            venue_services[v].insert(idx);
            for up in i.areas.self_and_ancestors(i.venues[v].area) {
                area_services[up].insert(idx);
            }
        }
        for &c in &s.categories {
            category_services[c].insert(idx);
        }
        for &a in &s.audiences {
            audience_services[a].insert(idx);
        }
    }
    let (org_news, venue_news, brand_news, service_news) = news_backlinks(i);
    let (tags, news_tags) = super::tags::collect(i.news);
    Relations {
        org_members: freeze(org_members),
        org_venues: freeze(org_venues),
        org_brands: freeze(org_brands),
        org_services: freeze(org_services),
        venue_services: freeze(venue_services),
        venue_brands: freeze(venue_brands),
        brand_services: freeze(brand_services),
        service_children: freeze(service_children),
        area_venues: freeze(area_venues),
        area_services: freeze(area_services),
        area_organizations: freeze(area_organizations),
        category_organizations: freeze(category_organizations),
        category_venues: freeze(category_venues),
        category_brands: freeze(category_brands),
        category_services: freeze(category_services),
        audience_services: freeze(audience_services),
        org_news,
        venue_news,
        brand_news,
        service_news,
        tags,
        news_tags,
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
        for m in &item.mentions {
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
