//! Services as HSDS `service` objects, made of the parts that the JSON
//! files and the CSV tables share (see the organization module).

use crate::areas::AreaIdx;
use crate::model::{Cost, Idx};
use crate::urls;

use super::ctx::{Ctx, Of};
use super::organization::web;
use super::tree::{Node, Obj};

impl Ctx<'_> {
    /// The service on its own, as lists show it (without its description,
    /// which would mean reading every body again).
    pub(crate) fn service_brief(&self, i: Idx) -> Node<'_> {
        self.service_fields(i).done()
    }

    /// The service's own fields and its description: a row of
    /// `services.csv`.
    pub(crate) fn service_row(&self, i: Idx) -> Node<'_> {
        let s = &self.site.services[i];
        let own = self.service_fields(i).put(
            "description",
            self.description(Of::Service, i, &s.meta.body),
        );
        self.service_extensions(i, own).done()
    }

    fn service_fields(&self, i: Idx) -> Obj<'_> {
        let s = &self.site.services[i];
        let apply_url = web(&s.apply.url);
        Obj::default()
            .must("id", self.service_id(i))
            .must("name", s.name.as_str())
            .put("alternate_name", s.aliases.first().map(String::as_str))
            .put(
                "url",
                apply_url.or_else(|| Some(self.urls.absolute(&urls::service(&s.meta.id)))),
            )
            .must("status", "active")
            .must("organization_id", self.org_id(s.organization))
            .put("program_id", s.brand.map(|b| self.brand_id(b)))
            .put("eligibility_description", s.eligibility.as_str())
            .put("application_process", s.apply.note.as_str())
            .put("fees_description", fees(&s.cost))
            .put("assured_date", s.meta.updated.map(|d| d.to_string()))
            .put("last_modified", self.date_time(s.meta.updated))
    }

    fn service_extensions<'x>(&'x self, i: Idx, obj: Obj<'x>) -> Obj<'x> {
        let s = &self.site.services[i];
        obj.must("yizhan_id", s.meta.id.as_str())
            .put("yizhan_online", s.online)
            .put("yizhan_part_of", s.part_of.map(|p| self.service_id(p)))
    }

    fn service_owner(&self, i: Idx) -> String {
        format!("service/{}", self.site.services[i].meta.id)
    }

    /// The phone to apply by.
    pub(crate) fn service_phones(&self, i: Idx) -> Vec<Node<'_>> {
        let s = &self.site.services[i];
        self.phones(
            &self.service_owner(i),
            ("service_id", self.service_id(i)),
            std::slice::from_ref(&s.apply.phone),
        )
    }

    /// The languages the service is given in, as written.
    pub(crate) fn service_languages(&self, i: Idx) -> Vec<Node<'_>> {
        let s = &self.site.services[i];
        self.languages(
            &self.service_owner(i),
            ("service_id", self.service_id(i)),
            &s.languages,
        )
    }

    /// What to bring, as written.
    pub(crate) fn required_documents(&self, i: Idx) -> Vec<Node<'_>> {
        let s = &self.site.services[i];
        let owner = self.service_owner(i);
        s.documents
            .iter()
            .enumerate()
            .map(|(n, d)| {
                Obj::default()
                    .must("id", self.nth_id("required_document", &owner, n + 1))
                    .must("service_id", self.service_id(i))
                    .must("document", d.as_str())
                    .done()
            })
            .collect()
    }

    /// When the service is held.
    pub(crate) fn service_schedules(&self, i: Idx) -> Vec<Node<'_>> {
        let s = &self.site.services[i];
        self.schedules(
            &self.service_owner(i),
            ("service_id", self.service_id(i)),
            s.schedule.as_ref(),
            s.season.as_ref(),
        )
    }

    /// What the service costs.
    pub(crate) fn cost_options(&self, i: Idx) -> Vec<Node<'_>> {
        let s = &self.site.services[i];
        let base = || {
            Obj::default()
                .must("id", self.id("cost_option", &self.service_owner(i)))
                .must("service_id", self.service_id(i))
        };
        match &s.cost {
            Cost::Unknown => Vec::new(),
            Cost::Free => vec![base()
                .must("option", "免费")
                .must("amount", 0_i64)
                .must("currency", "CNY")
                .done()],
            Cost::Paid {
                amount,
                currency,
                note,
            } => vec![base()
                .put("amount", *amount)
                .put("currency", currency.as_str())
                .put("amount_description", note.as_str())
                .done()],
        }
    }

    /// The areas of the service's venues.
    pub(crate) fn service_areas(&self, i: Idx) -> Vec<Node<'_>> {
        let site = self.site;
        let s = &site.services[i];
        let owner = self.service_owner(i);
        let mut areas: Vec<AreaIdx> = s.venues.iter().map(|&v| site.venues[v].area).collect();
        areas.sort_unstable();
        areas.dedup();
        areas
            .iter()
            .map(|&a| {
                let area = &site.areas.areas[a];
                Obj::default()
                    .must("id", self.part_id("service_area", &owner, &area.path))
                    .must("service_id", self.service_id(i))
                    .must("name", site.areas.full_name(a))
                    .must("extent_type", "text")
                    .must("extent", area.path.as_str())
                    .done()
            })
            .collect()
    }

    /// The service at each of its venues; the venue nested as a location
    /// when `nested` (the JSON file; `service_at_location.csv` has the
    /// location's id alone).
    pub(crate) fn service_at_locations(&self, i: Idx, nested: bool) -> Vec<Node<'_>> {
        let site = self.site;
        let owner = self.service_owner(i);
        site.services[i]
            .venues
            .iter()
            .map(|&v| {
                let obj = Obj::default()
                    .must(
                        "id",
                        self.part_id("service_at_location", &owner, site.venues.id(v)),
                    )
                    .must("service_id", self.service_id(i))
                    .must("location_id", self.venue_id(v));
                match nested {
                    true => obj.must("location", self.nested_location(v)),
                    false => obj,
                }
                .done()
            })
            .collect()
    }

    /// The service's categories and audiences, as attributes.
    pub(crate) fn service_attributes(&self, i: Idx) -> Vec<Node<'_>> {
        let s = &self.site.services[i];
        self.attributes(self.service_id(i), "service", &s.categories, &s.audiences)
    }

    /// The service with its organization, brand, venues, hours, costs,
    /// phones, areas and terms.
    pub(crate) fn service_full(&self, i: Idx) -> Node<'_> {
        let s = &self.site.services[i];
        let obj = self
            .service_fields(i)
            .put(
                "description",
                self.description(Of::Service, i, &s.meta.body),
            )
            .must("organization", self.organization_brief(s.organization))
            .put("program", s.brand.map(|b| self.program(b, false)))
            .put("phones", self.service_phones(i))
            .put("schedules", self.service_schedules(i))
            .put("cost_options", self.cost_options(i))
            .put("service_areas", self.service_areas(i))
            .put("languages", self.service_languages(i))
            .put("required_documents", self.required_documents(i))
            .put("service_at_locations", self.service_at_locations(i, true))
            .put("attributes", self.service_attributes(i));
        self.service_extensions(i, obj).done()
    }
}

fn fees(cost: &Cost) -> Option<String> {
    match cost {
        Cost::Unknown => None,
        Cost::Free => Some("免费".into()),
        Cost::Paid {
            amount,
            currency,
            note,
        } => {
            let mut s = match amount {
                Some(a) => format!("{a} {currency}"),
                None => String::new(),
            };
            if !note.is_empty() {
                if !s.is_empty() {
                    s.push('；');
                }
                s.push_str(note);
            }
            (!s.is_empty()).then_some(s)
        }
    }
}
