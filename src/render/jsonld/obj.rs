//! JSON-LD nodes written as JSON text while they are built, leaving out
//! empty values. No tree of values is made and dropped again: a service
//! page's node has some forty of them, and building the tree took about
//! as long as writing it.

/// A JSON value, as its text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Json(Vec<u8>);

impl Json {
    /// The text of the value.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// One value.
    pub(crate) fn of(value: impl Field) -> Json {
        let mut out = Vec::with_capacity(64);
        value.write(&mut out);
        Json(out)
    }

    /// A list of values, empty ones too.
    pub(crate) fn list<T: Field>(items: impl IntoIterator<Item = T>) -> Json {
        let mut out = Vec::with_capacity(64);
        list(items, &mut out);
        Json(out)
    }
}

/// Something that can be written as a JSON value.
pub(crate) trait Field {
    /// Writes the value to `out`; false when it is empty: null, an empty
    /// string or an empty list.
    fn write(&self, out: &mut Vec<u8>) -> bool;
}

/// A JSON object, written as its fields are put.
pub(crate) struct Obj {
    out: Vec<u8>,
}

impl Default for Obj {
    fn default() -> Obj {
        let mut out = Vec::with_capacity(256);
        out.push(b'{');
        Obj { out }
    }
}

impl Obj {
    /// Puts a value unless it is null, an empty string or an empty list.
    pub(crate) fn put(mut self, key: &str, value: impl Field) -> Obj {
        let before = self.out.len();
        if !self.field(key, &value) {
            self.out.truncate(before);
        }
        self
    }

    /// Puts a value even when it is empty.
    pub(crate) fn must(mut self, key: &str, value: impl Field) -> Obj {
        self.field(key, &value);
        self
    }

    fn field(&mut self, key: &str, value: &impl Field) -> bool {
        if self.out.len() > 1 {
            self.out.push(b',');
        }
        key.write(&mut self.out);
        self.out.push(b':');
        value.write(&mut self.out)
    }

    pub(crate) fn done(mut self) -> Json {
        self.out.push(b'}');
        Json(self.out)
    }
}

fn list<T: Field>(items: impl IntoIterator<Item = T>, out: &mut Vec<u8>) -> bool {
    out.push(b'[');
    let start = out.len();
    for item in items {
        if out.len() > start {
            out.push(b',');
        }
        item.write(out);
    }
    let any = out.len() > start;
    out.push(b']');
    any
}

/// Writes a value as `serde_json` writes it (the same escapes, the same
/// numbers); a `Vec` cannot fail to be written to.
fn serialized(value: &(impl serde::Serialize + ?Sized), out: &mut Vec<u8>) {
    let written = serde_json::to_writer(&mut *out, value);
    debug_assert!(written.is_ok(), "{written:?}");
}

impl Field for str {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        serialized(self, out);
        !self.is_empty()
    }
}

impl Field for String {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        self.as_str().write(out)
    }
}

impl<T: Field + ?Sized> Field for &T {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        (**self).write(out)
    }
}

impl Field for Json {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        out.extend_from_slice(&self.0);
        !matches!(self.0.as_slice(), b"null" | b"\"\"" | b"[]")
    }
}

impl<T: Field> Field for Option<T> {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        match self {
            Some(value) => value.write(out),
            None => {
                out.extend_from_slice(b"null");
                false
            }
        }
    }
}

impl<T: Field> Field for Vec<T> {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        list(self, out)
    }
}

/// A number; one that is not finite is null, as in `serde_json`'s values.
impl Field for f64 {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        if self.is_finite() {
            serialized(self, out);
            true
        } else {
            out.extend_from_slice(b"null");
            false
        }
    }
}

impl Field for u32 {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        serialized(self, out);
        true
    }
}

impl Field for bool {
    fn write(&self, out: &mut Vec<u8>) -> bool {
        serialized(self, out);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn value(json: Json) -> Value {
        serde_json::from_slice(&json.into_bytes()).expect("JSON")
    }

    #[test]
    fn empty_values_are_left_out_unless_they_must_be_there() {
        let none: Option<&str> = None;
        let inner = Obj::default().must("@type", "Brand").done();
        let node = Obj::default()
            .put("a", "")
            .put("b", none)
            .put("c", Vec::<Json>::new())
            .put("d", f64::NAN)
            .must("e", "")
            .must("f", none)
            .must("g", Vec::<&str>::new())
            .put("h", vec!["青柠", "\"</script>\n"])
            .put("i", 12.5)
            .put("j", 0u32)
            .put("k", true)
            .put("l", Some(inner.clone()))
            .put("m", Json::list(Vec::<&str>::new()))
            .done();
        let expected = json!({
            "e": "", "f": null, "g": [], "h": ["青柠", "\"</script>\n"],
            "i": 12.5, "j": 0, "k": true, "l": { "@type": "Brand" },
        });
        assert_eq!(value(node.clone()), expected);
        // In the order put, written as serde_json writes the same value.
        assert_eq!(
            String::from_utf8(node.into_bytes()).expect("UTF-8"),
            serde_json::to_string(&expected).expect("JSON")
        );
        assert_eq!(value(Obj::default().done()), json!({}));
        assert_eq!(value(Obj::default().put("a", "").done()), json!({}));
        assert_eq!(
            value(Obj::default().put("a", "").must("b", 1u32).done()),
            json!({ "b": 1 })
        );
    }
}
