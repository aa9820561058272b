//! Organizations and brands as HSDS `organization` and `program` objects.
//!
//! Each object is made of parts that the JSON files and the CSV tables
//! share: the record's own fields (a row of `organizations.csv`), its
//! nested lists (rows of `phones.csv`, `locations.csv`, …) and the
//! extension fields of the Chinese profile (see `docs/hsds.md`).

use crate::model::{Contact, Idx, OrgKind};
use crate::urls;

use super::ctx::{Ctx, Of};
use super::tree::{Node, Obj};

impl Ctx<'_> {
    /// The organization on its own, as lists and nested objects show it.
    /// Without the description (HSDS requires the field: it is empty):
    /// lists and every service of an organization show it, and reading
    /// each body again for them would cost more than the files are worth.
    pub(crate) fn organization_brief(&self, i: Idx) -> Node<'_> {
        self.organization_fields(i).must("description", "").done()
    }

    /// The organization's own fields and its description: a row of
    /// `organizations.csv`.
    pub(crate) fn organization_row(&self, i: Idx) -> Node<'_> {
        let o = &self.site.organizations[i];
        let own = self.organization_fields(i).must(
            "description",
            self.described(Of::Organization, i, &o.meta.body, &o.name),
        );
        self.organization_extensions(i, own).done()
    }

    fn organization_fields(&self, i: Idx) -> Obj<'_> {
        let o = &self.site.organizations[i];
        Obj::default()
            .must("id", self.org_id(i))
            .must("name", o.name.as_str())
            .put("alternate_name", o.short_name.as_deref())
            .put("email", email(&o.contact))
            .put("website", web(&o.contact.website))
            .put("uri", self.urls.absolute(&urls::organization(&o.meta.id)))
            .put("legal_status", legal_status(o.kind, o.registered))
            .put(
                "parent_organization_id",
                o.linked_by.map(|p| self.org_id(p)),
            )
    }

    fn organization_extensions<'x>(&'x self, i: Idx, obj: Obj<'x>) -> Obj<'x> {
        let o = &self.site.organizations[i];
        obj.must("yizhan_id", o.meta.id.as_str())
            .put("yizhan_kind", o.kind.as_str())
            .put(
                "yizhan_areas_served",
                o.areas_served
                    .iter()
                    .map(|&a| self.area(a))
                    .collect::<Vec<_>>(),
            )
            .put(
                "yizhan_last_verified",
                o.meta.updated.map(|d| d.to_string()),
            )
    }

    /// The organization's phones.
    pub(crate) fn organization_phones(&self, i: Idx) -> Vec<Node<'_>> {
        let o = &self.site.organizations[i];
        let owner = format!("organization/{}", o.meta.id);
        self.phones(
            &owner,
            ("organization_id", self.org_id(i)),
            &o.contact.phones,
        )
    }

    /// The terms the organization has, as attributes.
    pub(crate) fn organization_attributes(&self, i: Idx) -> Vec<Node<'_>> {
        let o = &self.site.organizations[i];
        self.attributes(self.org_id(i), "organization", &o.categories, &[])
    }

    /// The organization with its phones, venues, brands and categories.
    pub(crate) fn organization_full(&self, i: Idx) -> Node<'_> {
        let site = self.site;
        let o = &site.organizations[i];
        let obj = self
            .organization_fields(i)
            .must(
                "description",
                self.described(Of::Organization, i, &o.meta.body, &o.name),
            )
            .put("phones", self.organization_phones(i))
            .put(
                "locations",
                site.rel.org_venues[i]
                    .iter()
                    .map(|&v| self.location(v, true))
                    .collect::<Vec<_>>(),
            )
            .put(
                "programs",
                site.rel.org_brands[i]
                    .iter()
                    .map(|&b| self.program(b, true))
                    .collect::<Vec<_>>(),
            )
            .put("attributes", self.organization_attributes(i));
        self.organization_extensions(i, obj).done()
    }

    /// A brand as an HSDS program; its description only where `described`
    /// (in its organizations' files and `programs.csv`, not in each of its
    /// services').
    pub(crate) fn program(&self, b: Idx, described: bool) -> Node<'_> {
        let brand = &self.site.brands[b];
        Obj::default()
            .must("id", self.brand_id(b))
            .put(
                "organization_id",
                brand.operators.first().map(|&o| self.org_id(o)),
            )
            .must("name", brand.name.as_str())
            .put("alternate_name", brand.short_name.as_deref())
            .must(
                "description",
                if described {
                    self.described(Of::Program, b, &brand.meta.body, &brand.name)
                } else {
                    String::new()
                },
            )
            .must("yizhan_id", brand.meta.id.as_str())
            .put(
                "yizhan_operators",
                (brand.operators.len() > 1).then(|| {
                    brand
                        .operators
                        .iter()
                        .map(|&o| Node::from(self.org_id(o)))
                        .collect::<Vec<_>>()
                }),
            )
            .done()
    }

    /// The text of a record that HSDS requires a description of (an
    /// organization, a program): its body ([`Ctx::description`]), or its
    /// name when it has none, as an empty value would not do in the
    /// tabular format.
    fn described(&self, of: Of, i: Idx, body: &crate::markdown::Body, name: &str) -> String {
        match self.description(of, i, body) {
            text if text.trim().is_empty() => name.to_owned(),
            text => text,
        }
    }
}

fn email(contact: &Contact) -> Option<&str> {
    let e = contact.email.trim();
    (e.contains('@') && !e.contains(char::is_whitespace)).then_some(e)
}

/// A web address as HSDS wants it: absolute, with a scheme.
pub(crate) fn web(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    if url.starts_with("http://") || url.starts_with("https://") {
        Some(url.to_owned())
    } else {
        Some(format!("http://{url}"))
    }
}

fn legal_status(kind: OrgKind, registered: Option<bool>) -> Option<String> {
    let kind = match kind {
        OrgKind::SocialOrganization => "社会组织",
        OrgKind::Union => "工会",
        OrgKind::Community => "社区",
        OrgKind::Government => "政府机构",
        OrgKind::Enterprise => "企业",
        OrgKind::Other => return None,
    };
    Some(match registered {
        Some(true) => format!("{kind}（已在民政部门登记）"),
        _ => kind.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_get_a_scheme_and_bad_ones_go() {
        assert_eq!(web("www.a.org").as_deref(), Some("http://www.a.org"));
        assert_eq!(web("https://a.org/x").as_deref(), Some("https://a.org/x"));
        assert_eq!(web(""), None);
        assert_eq!(web("见 公众号"), None);
    }
}
