//! Values a render asks for a known number of times, made at the first
//! ask, held for the others and let go at the last: a poster's
//! description (its page's description and its sheet), a record's plain
//! text in the open-data feed (its JSON file, its CSV row). Making one
//! again costs a read and a cut of the record's body; holding all of them
//! to the end would cost memory that grows with the site.
//!
//! Past the holder's budget of bytes, a value is made again when asked
//! instead of held, so memory stays bounded however far apart the asks
//! are. A count too low only has a value made again; one too high keeps
//! it to the end of the render. Either way the value is the same: it is
//! only ever made from the same, unchanging input.

use std::collections::hash_map::Entry;
use std::hash::Hash;
use std::sync::Mutex;

/// See the module docs.
pub(crate) struct Counted<K, V> {
    inner: Mutex<Inner<K, V>>,
    budget: usize,
    size: fn(&V) -> usize,
}

struct Inner<K, V> {
    values: rustc_hash::FxHashMap<K, Slot<V>>,
    bytes: usize,
}

struct Slot<V> {
    value: V,
    /// How many more asks there will be.
    left: u32,
    size: usize,
}

impl<K: Hash + Eq, V: Clone> Counted<K, V> {
    /// A holder of at most `budget` bytes, the bytes of a value as `size`
    /// counts them.
    pub(crate) fn new(budget: usize, size: fn(&V) -> usize) -> Self {
        Counted {
            inner: Mutex::new(Inner {
                values: rustc_hash::FxHashMap::default(),
                bytes: 0,
            }),
            budget,
            size,
        }
    }

    /// The value of `key`: held from an earlier ask, or `make` now and
    /// held for the rest of its `uses` (how many times `key` is asked for
    /// in all) while the budget allows.
    pub(crate) fn get<E>(
        &self,
        key: K,
        uses: u32,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if let Some(value) = self.take(&key) {
            return Ok(value);
        }
        let value = make()?;
        if uses > 1 {
            self.keep(key, &value, uses - 1);
        }
        Ok(value)
    }

    /// The value held under `key`, counted as asked for once more; it
    /// goes at its last ask.
    fn take(&self, key: &K) -> Option<V> {
        let mut inner = self.inner.lock().ok()?;
        let slot = inner.values.get_mut(key)?;
        slot.left = slot.left.saturating_sub(1);
        if slot.left > 0 {
            return Some(slot.value.clone());
        }
        let slot = inner.values.remove(key)?;
        inner.bytes -= slot.size;
        Some(slot.value)
    }

    /// Holds `value` for `left` more asks.
    fn keep(&self, key: K, value: &V, left: u32) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let inner = &mut *inner;
        match inner.values.entry(key) {
            // Made meanwhile by another ask, which held it for this one
            // too: this ask is one of its count.
            Entry::Occupied(mut slot) => {
                slot.get_mut().left = slot.get().left.saturating_sub(1);
                if slot.get().left == 0 {
                    inner.bytes -= slot.remove().size;
                }
            }
            Entry::Vacant(slot) => {
                let size = (self.size)(value);
                if inner.bytes + size <= self.budget {
                    inner.bytes += size;
                    slot.insert(Slot {
                        value: value.clone(),
                        left,
                        size,
                    });
                }
            }
        }
    }

    /// How many values are held, and their bytes.
    #[cfg(test)]
    pub(crate) fn held(&self) -> (usize, usize) {
        self.inner
            .lock()
            .map_or((0, 0), |i| (i.values.len(), i.bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::convert::Infallible;

    #[test]
    fn a_value_is_made_once_held_for_its_asks_and_let_go_at_the_last() {
        let held: Counted<u8, String> = Counted::new(100, String::len);
        let makes = Cell::new(0);
        let make = |text: &str| {
            makes.set(makes.get() + 1);
            Ok::<_, Infallible>(text.to_owned())
        };
        assert_eq!(held.get(1, 3, || make("小草")), Ok("小草".to_owned()));
        assert_eq!(held.held(), (1, "小草".len()));
        // Held: the input is not read again, even had it changed.
        assert_eq!(held.get(1, 3, || make("changed")), Ok("小草".to_owned()));
        assert_eq!(held.get(1, 3, || make("changed")), Ok("小草".to_owned()));
        assert_eq!((makes.get(), held.held()), (1, (0, 0)));
        // Asked for once more than counted: made again, not held.
        assert_eq!(held.get(1, 3, || make("again")), Ok("again".to_owned()));
        assert_eq!(held.held(), (1, 5));
        // Asked for once in all: never held.
        assert_eq!(held.get(2, 1, || make("场地")), Ok("场地".to_owned()));
        assert_eq!(held.held(), (1, 5));
    }

    #[test]
    fn past_the_budget_a_value_is_made_again_instead_of_held() {
        let held: Counted<u8, String> = Counted::new(8, String::len);
        let ok = |text: &str| Ok::<_, Infallible>(text.to_owned());
        assert_eq!(held.get(1, 2, || ok("12345")), Ok("12345".to_owned()));
        assert_eq!(held.get(2, 2, || ok("6789")), Ok("6789".to_owned()));
        assert_eq!(held.held(), (1, 5));
        assert_eq!(
            held.get(2, 2, || ok("made again")),
            Ok("made again".to_owned())
        );
        // The first goes at its last ask, and frees its bytes.
        assert_eq!(held.get(1, 2, || ok("x")), Ok("12345".to_owned()));
        assert_eq!(held.held(), (0, 0));
    }

    #[test]
    fn a_failed_make_is_not_held() {
        let held: Counted<u8, String> = Counted::new(100, String::len);
        assert_eq!(held.get(1, 2, || Err("gone")), Err("gone"));
        assert_eq!(held.held(), (0, 0));
        assert_eq!(
            held.get(1, 2, || Ok::<_, &str>("back".into())),
            Ok("back".into())
        );
    }

    #[test]
    fn two_asks_made_at_once_hold_nothing_after() {
        let held: Counted<u8, String> = Counted::new(100, String::len);
        // The other ask makes the value while this one does: both miss,
        // and the second to finish finds the first's value held.
        let text = held.get(7, 2, || held.get(7, 2, || Ok::<_, Infallible>("甲".into())));
        assert_eq!(text, Ok("甲".to_owned()));
        assert_eq!(held.held(), (0, 0));
    }
}
