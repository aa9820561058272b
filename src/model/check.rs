//! Field-level checks shared by every kind of record: required text, ids
//! and references, terms, areas, dates, opening hours, contacts and bodies.
//!
//! A [`Check`] belongs to one file. Each method returns the best value it can
//! and records a diagnostic at the field's position when something is wrong,
//! so one pass over a record finds all of its problems.

use std::path::Path;

use chrono::NaiveDate;

use crate::areas::{AreaIdx, AreaTree};
use crate::config::{parse_date, Config};
use crate::content::{RawBody, RawContact, Record};
use crate::diagnostics::{Diagnostic, Position};
use crate::i18n::Msg;
use crate::markdown::{self, MarkdownOptions};
use crate::yaml::{Seg, YamlText};

use super::resolve::{did_you_mean, IdIndex};
use super::{Body, Contact, English, Hours, Idx, Meta, TermIdx};

/// A path into a record's YAML: `at(&["contact", "phone"])`.
pub(super) fn at(keys: &[&str]) -> Vec<Seg> {
    keys.iter().map(|k| Seg::Key((*k).to_string())).collect()
}

/// `field[i]`.
pub(super) fn at_index(key: &str, i: usize) -> Vec<Seg> {
    vec![Seg::Key(key.to_string()), Seg::Index(i)]
}

/// The lookup tables every record check needs.
pub(super) struct Lookups<'a> {
    pub config: &'a Config,
    pub areas: &'a AreaTree,
    pub areas_present: bool,
    pub area_index: &'a IdIndex,
    pub organizations: &'a IdIndex,
    pub venues: &'a IdIndex,
    pub brands: &'a IdIndex,
    pub services: &'a IdIndex,
    pub categories: IdIndex,
    pub audiences: IdIndex,
    /// Names of directory entries to link in news stories; none when the
    /// site has no news.
    pub linker: Option<&'a crate::news::Linker<'static, super::EntityRef>>,
}

pub(super) struct Check<'a> {
    pub file: &'a Path,
    pub yaml: YamlText<'a>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Check<'a> {
    pub(super) fn new<T>(record: &'a Record<T>) -> Self {
        Check {
            file: &record.file,
            yaml: record.yaml(),
            diags: Vec::new(),
        }
    }

    pub(super) fn pos(&self, path: &[Seg]) -> Position {
        self.yaml.position(path, false)
    }

    pub(super) fn error(&mut self, path: &[Seg], message: Msg) {
        let d = Diagnostic::error(self.file, self.pos(path), message);
        self.diags.push(d);
    }

    pub(super) fn warn(&mut self, path: &[Seg], message: Msg) {
        let d = Diagnostic::warning(self.file, self.pos(path), message);
        self.diags.push(d);
    }

    /// A required text field; reports it missing or empty.
    pub(super) fn required(&mut self, value: Option<String>, field: &str, example: &str) -> String {
        match value.map(|v| v.trim().to_string()) {
            Some(v) if !v.is_empty() => v,
            Some(_) => {
                self.error(
                    &at(&[field]),
                    msg!("empty-field", field = field, example = example),
                );
                String::new()
            }
            None => {
                self.error(&[], msg!("missing-field", field = field, example = example));
                String::new()
            }
        }
    }

    /// A reference by id to a record of another collection.
    pub(super) fn reference(
        &mut self,
        index: &IdIndex,
        id: &str,
        path: &[Seg],
        what: &str,
        folder: &str,
    ) -> Option<Idx> {
        if let Some(i) = index.get(id.trim()) {
            return Some(i);
        }
        // A broken record's file, and `yizhan new`'s placeholder, have
        // their own error already.
        if index.is_broken(id.trim()) || id.trim() == crate::content::PLACEHOLDER {
            return None;
        }
        let message = msg!("unknown-reference", what = what, id = id, folder = folder);
        self.error(path, did_you_mean(index.suggest(id), message));
        None
    }

    /// A list of references; unknown ones are reported and dropped.
    pub(super) fn references(
        &mut self,
        index: &IdIndex,
        ids: &[String],
        field: &str,
        what: &str,
        folder: &str,
    ) -> Vec<Idx> {
        let mut out = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(x) = self.reference(index, id, &at_index(field, i), what, folder) {
                if out.contains(&x) {
                    self.warn(&at_index(field, i), msg!("listed-twice", id = id));
                } else {
                    out.push(x);
                }
            }
        }
        out
    }

    /// Category or audience ids, which are defined in site.yaml.
    pub(super) fn terms(&mut self, index: &IdIndex, ids: &[String], field: &str) -> Vec<TermIdx> {
        let mut out = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match index.get(id.trim()) {
                Some(t) if !out.contains(&t) => out.push(t),
                Some(_) => {}
                None => {
                    let message = msg!("unknown-term", field = field, id = id);
                    self.error(
                        &at_index(field, i),
                        did_you_mean(index.suggest(id), message),
                    );
                }
            }
        }
        out
    }

    /// An area path such as `chengguan/zhangyelu/shanzishi`.
    pub(super) fn area(
        &mut self,
        lk: &Lookups<'_>,
        path_text: &str,
        path: &[Seg],
    ) -> Option<AreaIdx> {
        if let Some(a) = lk.areas.get(path_text) {
            return Some(a);
        }
        if path_text.trim() == crate::content::PLACEHOLDER {
            return None;
        }
        if !lk.areas_present {
            self.error(path, msg!("no-areas-file", path = path_text));
            return None;
        }
        let message = msg!("unknown-area", path = path_text);
        self.error(
            path,
            did_you_mean(lk.area_index.suggest(path_text), message),
        );
        None
    }

    pub(super) fn date(&mut self, value: Option<&str>, path: &[Seg]) -> Option<NaiveDate> {
        let text = value?.trim();
        if text.is_empty() {
            return None;
        }
        let d = parse_date(text);
        if d.is_none() {
            self.error(path, msg!("bad-date", text = text));
        }
        d
    }

    /// Opening hours in OSM syntax, with the error pointing into the string.
    pub(super) fn hours(&mut self, value: Option<&str>, field: &str) -> Option<Hours> {
        let text = value?;
        if text.trim().is_empty() {
            return None;
        }
        match crate::hours::parse(text) {
            Ok(h) => Some(Hours {
                raw: text.to_string(),
                lines: h.describe_zh(),
            }),
            Err(e) => {
                let mut pos = self.pos(&at(&[field]));
                let quoted = self.char_at(pos).is_some_and(|c| c == '"' || c == '\'');
                let offset = floor_boundary(text, e.offset);
                pos.column += text[..offset].chars().count() + usize::from(quoted);
                pos.len = 1;
                // Hours typed in words (周一至周五 9:00-17:00) say what the
                // syntax should be.
                let message = match crate::hours::from_words(text) {
                    Ok(syntax) => e
                        .into_msg()
                        .with_help(t!("hours-in-syntax", syntax = syntax)),
                    Err(_) => e.into_msg(),
                };
                self.diags.push(Diagnostic::error(self.file, pos, message));
                None
            }
        }
    }

    fn char_at(&self, pos: Position) -> Option<char> {
        let line = self
            .yaml
            .text
            .lines()
            .nth(pos.line.checked_sub(1 + self.yaml.line_offset)?)?;
        line.chars().nth(pos.column.checked_sub(1)?)
    }

    pub(super) fn contact(&mut self, raw: RawContact, field: &str) -> Contact {
        let phones = self.phones(raw.phone.as_deref(), &[field, "phone"]);
        let website = clean(raw.website);
        if !(website.is_empty()
            || website.starts_with("https://")
            || website.starts_with("http://"))
        {
            self.warn(
                &at(&[field, "website"]),
                msg!("bad-website", website = website),
            );
        }
        Contact {
            phones,
            email: clean(raw.email),
            wechat: clean(raw.wechat),
            website,
        }
    }

    /// The numbers of a phone field, each checked: one that cannot be
    /// dialled is a warning at the character where it goes wrong.
    pub(super) fn phones(&mut self, text: Option<&str>, path: &[&str]) -> Vec<String> {
        let text = text.unwrap_or_default();
        let phones = split_phones(text);
        let mut from = 0;
        for p in &phones {
            let start = text[from..].find(p.as_str()).map_or(from, |i| from + i);
            from = start + p.len();
            if let Err(e) = crate::phone::parse(p) {
                let mut pos = self.pos(&at(path));
                let quoted = self.char_at(pos).is_some_and(|c| c == '"' || c == '\'');
                pos.column += text[..start].chars().count() + e.at + usize::from(quoted);
                pos.len = 1;
                self.diags.push(Diagnostic::warning(
                    self.file,
                    pos,
                    msg!("bad-phone", phone = p, reason = e.reason),
                ));
            }
        }
        phones
    }

    /// Everything records share: id, file, updated date and rendered body.
    pub(super) fn meta<T>(
        &mut self,
        record: &Record<T>,
        updated: Option<&str>,
        description: Option<&str>,
        opts: &MarkdownOptions,
    ) -> Meta {
        self.meta_with(record, updated, description, opts, None).0
    }

    /// [`Check::meta`] with a pass over the body's Markdown events (news
    /// stories link the names of directory entries this way), and the
    /// body's plain text.
    pub(super) fn meta_with<T>(
        &mut self,
        record: &Record<T>,
        updated: Option<&str>,
        description: Option<&str>,
        opts: &MarkdownOptions,
        pass: Option<&mut dyn markdown::EventPass>,
    ) -> (Meta, Option<String>) {
        let updated = self.date(updated, &at(&["updated"]));
        let (body, plain) = match &record.body {
            // Rendered when read; the source stayed in the file.
            RawBody::Read(body) => (body.clone(), None),
            held => {
                let source = match held {
                    RawBody::Held(source) => source.as_str(),
                    _ => description.unwrap_or_default(),
                };
                let linked = pass.is_some();
                let rendered = markdown::render_with(source, opts, pass);
                let plain = rendered.plain.clone();
                (
                    Body::new(source, false, *opts, rendered, linked),
                    Some(plain),
                )
            }
        };
        let meta = Meta {
            id: record.id.clone(),
            file: record.file.clone(),
            updated,
            body,
            english: None,
        };
        (meta, plain)
    }

    /// `name_en` and `description_en`: the record's words for the site's
    /// English copy; None when it has neither.
    pub(super) fn english(
        &mut self,
        name: Option<String>,
        description: Option<String>,
        opts: &MarkdownOptions,
    ) -> Option<Box<English>> {
        let name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        let body = description.filter(|d| !d.trim().is_empty()).map(|d| {
            let rendered = markdown::render_with(&d, opts, None);
            Body::new(&d, false, *opts, rendered, false)
        });
        (name.is_some() || body.is_some()).then(|| Box::new(English { name, body }))
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn clean(v: Option<String>) -> String {
    v.map(|s| s.trim().to_string()).unwrap_or_default()
}

/// Several numbers may share one field: `0931-1234567、13800000000`.
fn split_phones(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', '/', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Names a record is known by, for "did you mean" when a name is used as id.
/// A directory entry's names as news stories link them: its name, short
/// name and aliases, trimmed.
pub(super) trait Named {
    /// The name, the short name if any, and the aliases, as written.
    fn name_fields(&self) -> (&str, Option<&str>, &[String]);

    /// The names, trimmed, without copying them.
    fn name_strs(&self) -> impl Iterator<Item = &str> {
        let (name, short, aliases) = self.name_fields();
        std::iter::once(name)
            .chain(short)
            .chain(aliases.iter().map(String::as_str))
            .map(str::trim)
    }

    fn names(&self) -> Vec<String> {
        self.name_strs().map(str::to_string).collect()
    }
}

impl Named for super::Organization {
    fn name_fields(&self) -> (&str, Option<&str>, &[String]) {
        (&self.name, self.short_name.as_deref(), &self.aliases)
    }
}

impl Named for super::Venue {
    fn name_fields(&self) -> (&str, Option<&str>, &[String]) {
        (&self.name, None, &self.aliases)
    }
}

impl Named for super::Brand {
    fn name_fields(&self) -> (&str, Option<&str>, &[String]) {
        (&self.name, self.short_name.as_deref(), &self.aliases)
    }
}

impl Named for super::Service {
    fn name_fields(&self) -> (&str, Option<&str>, &[String]) {
        (&self.name, None, &self.aliases)
    }
}

pub(super) fn names_of(
    name: Option<&String>,
    short: Option<&String>,
    aliases: &[String],
) -> Vec<String> {
    name.into_iter()
        .chain(short)
        .chain(aliases)
        .map(|s| s.trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_split_on_common_separators() {
        assert_eq!(
            split_phones("0931-1、 138 ，0931-2"),
            vec!["0931-1", "138", "0931-2"]
        );
        assert!(split_phones("  ").is_empty());
    }
}
