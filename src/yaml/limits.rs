//! What a YAML document may hold before it is read: values at most
//! [`MAX_VALUE_CHARS`] characters long (a `description` excepted, which
//! the file's size bounds), lists and maps nested at most [`MAX_DEPTH`]
//! deep, and aliases (`*name`) that repeat at most [`MAX_REPEATED`] values
//! in all. A document past a limit is refused at the place it goes too
//! far, before serde builds anything from it: a name of a million
//! characters, a document nested ten thousand deep or a "billion laughs"
//! of aliases costs one pass over the text, not the memory or the time of
//! reading it.
//!
//! Most documents cannot break any limit: one shorter than a long value
//! and without both `&` and `*` is not looked at.

use saphyr_parser::{Event, Parser};

use crate::diagnostics::Position;
use crate::i18n::Msg;

/// The longest value other than a `description`, in characters.
pub(crate) const MAX_VALUE_CHARS: usize = 2_000;
/// The deepest nesting of lists and maps.
pub(crate) const MAX_DEPTH: usize = 128;
/// The most values aliases may repeat in one document.
pub(crate) const MAX_REPEATED: usize = 10_000;

/// Where a document goes past a limit (relative to its text), and which.
#[derive(Debug)]
pub(crate) struct Breach {
    pub position: Position,
    pub msg: Msg,
}

enum Frame {
    Map {
        /// The key of the value being read, once read.
        key: Option<String>,
        expecting_key: bool,
    },
    Seq,
}

/// An anchored node being read: its id and the number of values read
/// (aliases expanded) when it started.
struct Open {
    depth: usize,
    anchor: usize,
    start: usize,
}

/// The first place `text` goes past a limit, if any.
pub(crate) fn check(text: &str) -> Option<Breach> {
    let may_alias = text.contains('&') && text.contains('*');
    if text.len() <= MAX_VALUE_CHARS && !may_alias {
        return None;
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // Values read, aliases expanded; the size of each anchored node.
    let mut values = 0usize;
    let mut repeated = 0usize;
    let mut sizes: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for item in Parser::new_from_str(text) {
        // A syntax error is serde's to report, with its own words.
        let Ok((event, span)) = item else {
            return None;
        };
        let at = || super::span_position(text, &span);
        // A scalar in key position names the next value.
        let in_key = matches!(
            stack.last(),
            Some(Frame::Map {
                expecting_key: true,
                ..
            })
        );
        let field = || match stack.last() {
            Some(Frame::Map { key: Some(k), .. }) => k.clone(),
            _ => String::new(),
        };
        match &event {
            Event::Scalar(value, _, anchor, _) => {
                let long = value.len() > MAX_VALUE_CHARS
                    && (in_key || field() != "description")
                    && value.chars().count() > MAX_VALUE_CHARS;
                if long {
                    return Some(Breach {
                        position: at(),
                        msg: msg!(
                            "value-too-long",
                            at = if in_key || field().is_empty() {
                                "top"
                            } else {
                                "field"
                            },
                            field = field(),
                            length = value.chars().count(),
                            limit = MAX_VALUE_CHARS
                        ),
                    });
                }
                values += 1;
                if *anchor > 0 {
                    sizes.insert(*anchor, 1);
                }
            }
            Event::Alias(anchor) => {
                let size = sizes.get(anchor).copied().unwrap_or(1);
                values = values.saturating_add(size);
                repeated = repeated.saturating_add(size);
                if repeated > MAX_REPEATED {
                    return Some(Breach {
                        position: at(),
                        msg: msg!("yaml-too-many-aliases", limit = MAX_REPEATED),
                    });
                }
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Some(Breach {
                        position: at(),
                        msg: msg!("yaml-too-deep", limit = MAX_DEPTH),
                    });
                }
                values += 1;
                if *anchor > 0 {
                    open.push(Open {
                        depth: stack.len(),
                        anchor: *anchor,
                        start: values,
                    });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                if open.last().is_some_and(|o| o.depth == stack.len()) {
                    if let Some(o) = open.pop() {
                        sizes.insert(o.anchor, values - o.start + 1);
                    }
                }
            }
            _ => {}
        }
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(_)
        );
        if is_node {
            match stack.last_mut() {
                Some(Frame::Map { key, expecting_key }) if *expecting_key => {
                    *key = match &event {
                        Event::Scalar(k, ..) => Some(k.to_string()),
                        _ => None,
                    };
                    *expecting_key = false;
                }
                Some(Frame::Map { expecting_key, .. }) => *expecting_key = true,
                _ => {}
            }
        }
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map {
                key: None,
                expecting_key: true,
            }),
            Event::SequenceStart(..) => stack.push(Frame::Seq),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breach(text: &str) -> Option<(usize, usize, String)> {
        check(text).map(|b| (b.position.line, b.position.column, b.msg.code.to_string()))
    }

    #[test]
    fn short_plain_documents_are_not_looked_at() {
        assert!(breach("name: 小草\naliases: [a, b]\n").is_none());
        assert!(breach("a: &x 1\nb: *x\n").is_none());
    }

    #[test]
    fn a_long_value_is_refused_where_it_starts_but_not_a_description() {
        let long = "长".repeat(MAX_VALUE_CHARS + 1);
        let text = format!("name: 甲\naliases:\n  - {long}\n");
        assert_eq!(breach(&text), Some((3, 5, "value-too-long".to_string())));
        let fine = format!("name: 甲\ndescription: {long}\n");
        assert!(breach(&fine).is_none());
        let exact = format!("name: {}\n", "长".repeat(MAX_VALUE_CHARS));
        assert!(breach(&exact).is_none());
    }

    #[test]
    fn nesting_is_refused_past_the_limit() {
        let deep = |n: usize| format!("a: {}{}\n", "[".repeat(n), "]".repeat(n));
        let at_limit = deep(MAX_DEPTH - 1) + &" ".repeat(MAX_VALUE_CHARS);
        assert!(breach(&at_limit).is_none());
        let over = deep(MAX_DEPTH) + &" ".repeat(MAX_VALUE_CHARS);
        assert_eq!(
            breach(&over),
            Some((1, 4 + MAX_DEPTH - 1, "yaml-too-deep".to_string()))
        );
    }

    #[test]
    fn aliases_may_repeat_only_so_much() {
        // Each level repeats the one before ten times.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let b = check(&text).expect("a billion laughs is refused");
        assert_eq!(b.msg.code, "yaml-too-many-aliases");
        assert!(b.position.line <= 6, "{:?}", b.position);
        let few = "defaults: &d { kind: union }\na: *d\nb: *d\n";
        assert!(check(few).is_none());
    }
}
