//! The objects of the feed before they are written: a small JSON tree
//! whose keys are the schema's names (`&'static str`) and whose text
//! borrows from the site where it can.
//!
//! A feed of 10,000 organizations makes about two million objects. Built
//! as `serde_json::Value` maps, each key was a new `String` hashed into an
//! index map; here an object is a list of pairs, written in the order it
//! was built, and looked up by a scan (objects have a few dozen keys at
//! most). The same objects are written as JSON files and read, column by
//! column, into the CSV tables ([`super::tables`]), so both say the same.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value of the feed.
#[derive(Clone, Debug)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(Cow<'a, str>),
    List(Vec<Node<'a>>),
    Obj(Obj<'a>),
    /// A value written before, as JSON (an object shared by many files).
    Raw(&'a serde_json::value::RawValue),
}

/// A JSON object that leaves out empty values (see [`Obj::put`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Obj<'a>(Vec<(&'static str, Node<'a>)>);

impl<'a> Obj<'a> {
    /// Adds a value, unless it is null, empty text or an empty list: an
    /// optional field the record does not have is left out, not `""`.
    pub(crate) fn put(mut self, key: &'static str, value: impl Into<Node<'a>>) -> Obj<'a> {
        let value = value.into();
        let empty = match &value {
            Node::Null => true,
            Node::Str(s) => s.is_empty(),
            Node::List(l) => l.is_empty(),
            _ => false,
        };
        if !empty {
            self.0.push((key, value));
        }
        self
    }

    /// Adds a value that HSDS requires even when it is empty.
    pub(crate) fn must(mut self, key: &'static str, value: impl Into<Node<'a>>) -> Obj<'a> {
        self.0.push((key, value.into()));
        self
    }

    /// The object as a value.
    pub(crate) fn done(self) -> Node<'a> {
        Node::Obj(self)
    }

    /// The value of `key`, if the object has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

impl<'a> Node<'a> {
    /// The object this value is, if it is one.
    pub(crate) fn as_obj(&self) -> Option<&Obj<'a>> {
        match self {
            Node::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The value of `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.as_obj().and_then(|o| o.get(key))
    }

    /// A scalar as one CSV cell, written as JSON writes it (numbers by the
    /// same shortest form, `true`/`false`); empty for null, lists and
    /// objects.
    pub(crate) fn push_cell(&self, out: &mut String) {
        match self {
            Node::Str(s) => out.push_str(s),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Node::Num(x) => {
                if let Some(n) = serde_json::Number::from_f64(*x) {
                    let _ = write!(out, "{n}");
                }
            }
            Node::Null | Node::List(_) | Node::Obj(_) | Node::Raw(_) => {}
        }
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Int(i) => s.serialize_i64(*i),
            Node::Num(x) if x.is_finite() => s.serialize_f64(*x),
            Node::Num(_) => s.serialize_unit(),
            Node::Str(t) => s.serialize_str(t),
            Node::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Obj(o) => o.serialize(s),
            Node::Raw(json) => json.serialize(s),
        }
    }
}

impl Serialize for Obj<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'a> From<&'a str> for Node<'a> {
    fn from(s: &'a str) -> Self {
        Node::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Node<'_> {
    fn from(s: String) -> Self {
        Node::Str(Cow::Owned(s))
    }
}

impl<'a> From<&'a String> for Node<'a> {
    fn from(s: &'a String) -> Self {
        Node::Str(Cow::Borrowed(s))
    }
}

impl From<bool> for Node<'_> {
    fn from(b: bool) -> Self {
        Node::Bool(b)
    }
}

impl From<i64> for Node<'_> {
    fn from(i: i64) -> Self {
        Node::Int(i)
    }
}

impl From<usize> for Node<'_> {
    fn from(i: usize) -> Self {
        Node::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

impl From<f64> for Node<'_> {
    fn from(x: f64) -> Self {
        Node::Num(x)
    }
}

impl<'a> From<Obj<'a>> for Node<'a> {
    fn from(o: Obj<'a>) -> Self {
        Node::Obj(o)
    }
}

impl<'a> From<Vec<Node<'a>>> for Node<'a> {
    fn from(items: Vec<Node<'a>>) -> Self {
        Node::List(items)
    }
}

impl<'a, T: Into<Node<'a>>> From<Option<T>> for Node<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Node::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_left_out_and_required_ones_kept() {
        let o = Obj::default()
            .must("id", "a")
            .put("name", "")
            .put("list", Vec::<Node>::new())
            .put("missing", None::<&str>)
            .must("description", "")
            .put("n", 0_i64);
        let json = serde_json::to_string(&o.done()).expect("JSON");
        assert_eq!(json, r#"{"id":"a","description":"","n":0}"#);
    }

    #[test]
    fn cells_are_written_as_json_writes_scalars() {
        let cell = |n: Node| {
            let mut s = String::new();
            n.push_cell(&mut s);
            s
        };
        for (node, json) in [
            (Node::from(8.0), "8.0"),
            (Node::from(36.054_1), "36.0541"),
            (Node::from(-5.5), "-5.5"),
            (Node::from(0_i64), "0"),
            (Node::from(true), "true"),
            (Node::from("周一 09:00"), "\"周一 09:00\""),
        ] {
            let written = serde_json::to_string(&node).expect("JSON");
            assert_eq!(written, json);
            assert_eq!(cell(node), json.trim_matches('"'));
        }
        assert_eq!(cell(Node::Null), "");
        assert_eq!(cell(Obj::default().must("a", 1_i64).done()), "");
    }
}
