//! The site's categories and audiences as two HSDS taxonomies, their
//! terms, and the attributes that link records to terms.

use crate::config::Term;
use crate::model::TermIdx;
use crate::urls;

use super::ctx::Ctx;
use super::ids::Ids;
use super::tree::{Node, Obj};

/// The taxonomies a site defines: its categories and its audiences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Taxonomy {
    Categories,
    Audiences,
}

impl Taxonomy {
    pub(crate) const ALL: [Taxonomy; 2] = [Taxonomy::Categories, Taxonomy::Audiences];

    /// The UUIDs of a taxonomy's terms, by index.
    pub(crate) fn term_ids(self, ids: &Ids, terms: &[Term]) -> Vec<String> {
        terms.iter().map(|t| ids.of(self.as_str(), &t.id)).collect()
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Taxonomy::Categories => "categories",
            Taxonomy::Audiences => "audiences",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Taxonomy::Categories => "服务分类 (service categories)",
            Taxonomy::Audiences => "服务人群 (who a service is for)",
        }
    }
}

impl Ctx<'_> {
    fn terms(&self, t: Taxonomy) -> &[Term] {
        match t {
            Taxonomy::Categories => &self.site.config.categories,
            Taxonomy::Audiences => &self.site.config.audiences,
        }
    }

    pub(crate) fn taxonomy(&self, t: Taxonomy) -> Node<'_> {
        Obj::default()
            .must("id", self.id("taxonomy", t.as_str()))
            .must("name", t.as_str())
            .must("description", t.description())
            .put("uri", self.urls.absolute(&format!("{}/", t.as_str())))
            .done()
    }

    /// Every term of both taxonomies, categories first.
    pub(crate) fn taxonomy_terms(&self) -> Vec<Node<'_>> {
        Taxonomy::ALL
            .iter()
            .flat_map(|&t| (0..self.terms(t).len()).map(move |i| self.taxonomy_term(t, i)))
            .collect()
    }

    fn taxonomy_term(&self, t: Taxonomy, i: TermIdx) -> Node<'_> {
        let term = &self.terms(t)[i];
        let rel = match t {
            Taxonomy::Categories => urls::category(&term.id),
            Taxonomy::Audiences => urls::audience(&term.id),
        };
        Obj::default()
            .must("id", self.term_id(t, i))
            .put("code", term.id.as_str())
            .must("name", term.name.as_str())
            // Required, and not empty in the tabular format.
            .must(
                "description",
                match term.description.trim() {
                    "" => term.name.as_str(),
                    _ => term.description.as_str(),
                },
            )
            .put("taxonomy", t.as_str())
            .put("taxonomy_id", self.id("taxonomy", t.as_str()))
            .put("language", self.site.config.language.as_str())
            .put("term_uri", self.urls.absolute(&rel))
            .done()
    }

    /// Attributes linking an object to the terms it has.
    pub(crate) fn attributes<'x>(
        &'x self,
        link_id: &'x str,
        entity: &'static str,
        categories: &[TermIdx],
        audiences: &[TermIdx],
    ) -> Vec<Node<'x>> {
        let terms = categories
            .iter()
            .map(|&i| (Taxonomy::Categories, i))
            .chain(audiences.iter().map(|&i| (Taxonomy::Audiences, i)));
        terms
            .map(|(t, i)| {
                let term_id = self.term_id(t, i);
                // The term in short (the whole is in the list of terms).
                let term = Obj::default()
                    .must("id", term_id)
                    .must("name", self.terms(t)[i].name.as_str())
                    .must("description", "")
                    .must("taxonomy", t.as_str())
                    .done();
                Obj::default()
                    .must("id", self.part_id("attribute", link_id, term_id))
                    .must("link_id", link_id)
                    .must("link_type", t.as_str())
                    .must("link_entity", entity)
                    .must("taxonomy_term_id", term_id)
                    .must("taxonomy_term", term)
                    .done()
            })
            .collect()
    }
}
