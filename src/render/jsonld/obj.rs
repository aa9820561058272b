//! A JSON object that leaves out empty values, as the JSON-LD nodes are
//! built.

use serde_json::{Map, Value};

#[derive(Default)]
pub(crate) struct Obj(Map<String, Value>);

impl Obj {
    /// Puts a value unless it is null, an empty string or an empty list.
    pub(crate) fn put(mut self, key: &str, value: impl Into<Value>) -> Obj {
        let value = value.into();
        let empty = match &value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if !empty {
            self.0.insert(key.to_owned(), value);
        }
        self
    }

    /// Puts a value even when it is empty.
    pub(crate) fn must(mut self, key: &str, value: impl Into<Value>) -> Obj {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    pub(crate) fn done(self) -> Value {
        Value::Object(self.0)
    }
}
