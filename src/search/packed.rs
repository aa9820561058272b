//! One posting list, packed: the values as they are written to the shards
//! (document numbers as the difference from the one before; in the name
//! tier every other value is a code, kept as it is), each as a LEB128
//! variable-length number. A list of the index at 10,000 organizations
//! averages about one byte a value where `Vec<u32>` takes four, and
//! postings are most of what an index holds while it is built.
//!
//! Lists grow at the end ([`List::push_doc`]); the rarer changes in the
//! middle (an edited, added or moved document) find the document's place
//! by reading the list and change only the bytes there
//! ([`List::insert`], [`List::remove`]).

/// A posting list of one tier; `stride` is 2 in the name tier (document,
/// code pairs) and 1 elsewhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct List {
    bytes: Vec<u8>,
    /// Values packed (documents, and codes in the name tier).
    len: u32,
    /// The last document number pushed, for the next difference.
    last_doc: u32,
}

impl List {
    /// The list of `values`, document numbers ascending, every
    /// `stride`-th value being one.
    #[cfg(test)]
    pub(crate) fn from_values(values: &[u32], stride: usize) -> List {
        let mut list = List::default();
        for (i, &v) in values.iter().enumerate() {
            if i % stride == 0 {
                list.push_doc(v);
            } else {
                list.push_code(v);
            }
        }
        list
    }

    /// Appends a document number, larger than every one before.
    pub(crate) fn push_doc(&mut self, doc: u32) {
        let delta = if self.len == 0 {
            doc
        } else {
            doc - self.last_doc
        };
        self.last_doc = doc;
        self.push_raw(delta);
    }

    /// Appends the code of the document just pushed (name tier).
    pub(crate) fn push_code(&mut self, code: u32) {
        self.push_raw(code);
    }

    fn push_raw(&mut self, n: u32) {
        encode(n, &mut self.bytes);
        self.len += 1;
    }

    /// Puts `doc` (with its `code` in the name tier) in its place; a list
    /// holding it already is left as it is. `stride` as for
    /// `List::from_values` (in the tests).
    pub(crate) fn insert(&mut self, doc: u32, code: Option<u32>, stride: usize) {
        let Some(at) = self.find(doc, stride) else {
            return;
        };
        let mut put = Vec::with_capacity(15);
        match at.next {
            None => {
                // Past the last document: appended.
                self.push_doc(doc);
                if let Some(code) = code {
                    self.push_code(code);
                }
                return;
            }
            Some((next_doc, delta_len)) => {
                encode(doc - at.before, &mut put);
                if let Some(code) = code {
                    encode(code, &mut put);
                }
                encode(next_doc - doc, &mut put);
                self.bytes.splice(at.offset..at.offset + delta_len, put);
            }
        }
        self.len += stride as u32;
    }

    /// Takes `doc` (and its code) out; false when the list does not hold it.
    pub(crate) fn remove(&mut self, doc: u32, stride: usize) -> bool {
        let mut coded = self.coded();
        let mut before = 0u32;
        let mut current = 0u32;
        let mut offset = 0;
        let mut index = 0usize;
        loop {
            let start = coded.at;
            let Some(v) = coded.next() else {
                return false;
            };
            if index.is_multiple_of(stride) {
                before = current;
                current += v;
                offset = start;
                if current > doc {
                    return false;
                }
            }
            index += 1;
            if current == doc && index.is_multiple_of(stride) {
                break;
            }
        }
        // `offset..coded.at` is the document's difference and code.
        let delta = doc - before;
        match coded.next() {
            Some(next_delta) => {
                let mut put = Vec::with_capacity(5);
                encode(delta + next_delta, &mut put);
                let next_end = coded.at;
                self.bytes.splice(offset..next_end, put);
            }
            None => {
                self.bytes.truncate(offset);
                self.last_doc = before;
            }
        }
        self.len -= stride as u32;
        if self.len == 0 {
            self.last_doc = 0;
        }
        true
    }

    /// Where `doc` goes: None when the list holds it.
    fn find(&self, doc: u32, stride: usize) -> Option<Place> {
        let mut coded = self.coded();
        let mut current = 0u32;
        let mut index = 0usize;
        loop {
            let start = coded.at;
            let Some(v) = coded.next() else {
                return Some(Place {
                    offset: start,
                    before: current,
                    next: None,
                });
            };
            if index.is_multiple_of(stride) {
                let next = current + v;
                if next == doc {
                    return None;
                }
                if next > doc {
                    return Some(Place {
                        offset: start,
                        before: current,
                        next: Some((next, coded.at - start)),
                    });
                }
                current = next;
            }
            index += 1;
        }
    }

    /// The values as written: differences and codes.
    pub(crate) fn coded(&self) -> Coded<'_> {
        Coded {
            bytes: &self.bytes,
            at: 0,
        }
    }

    /// The values decoded: document numbers and codes.
    #[cfg(test)]
    pub(crate) fn values(&self, stride: usize) -> Vec<u32> {
        let mut doc = 0u32;
        self.coded()
            .enumerate()
            .map(|(i, v)| {
                if i % stride == 0 {
                    doc += v;
                    doc
                } else {
                    v
                }
            })
            .collect()
    }

    /// The values as written, each as LEB128.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Number of values (documents, and codes in the name tier).
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Gives back the room grown for values that never came.
    pub(crate) fn shrink(&mut self) {
        crate::exact::shrink(&mut self.bytes);
    }
}

/// Where a document goes in a list: the offset of the difference of the
/// first document after it (or the end), the document before it (0 when
/// none), and that next document with the length of its difference.
struct Place {
    offset: usize,
    before: u32,
    next: Option<(u32, usize)>,
}

/// Appends `n` as LEB128.
pub(super) fn encode(mut n: u32, out: &mut Vec<u8>) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    }
}

/// The packed values of a [`List`] in order.
pub(crate) struct Coded<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Iterator for Coded<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut n = 0u32;
        let mut shift = 0;
        loop {
            let &b = self.bytes.get(self.at)?;
            self.at += 1;
            n |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
            shift += 7;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_as_pushed() {
        let docs = [0, 1, 127, 128, 300, 16_384, 2_000_000, u32::MAX];
        let list = List::from_values(&docs, 1);
        assert_eq!(list.values(1), docs);
        assert_eq!(list.len(), docs.len());
        let coded: Vec<u32> = list.coded().collect();
        assert_eq!(coded[..4], [0, 1, 126, 1]);
    }

    #[test]
    fn name_tier_codes_are_kept_as_they_are() {
        let pairs = [3, 9, 5, 0, 200, 1_000];
        let list = List::from_values(&pairs, 2);
        assert_eq!(list.values(2), pairs);
        assert_eq!(list.coded().collect::<Vec<_>>(), [3, 9, 2, 0, 195, 1_000]);
    }

    /// Inserting and removing in place gives the list packed afresh.
    #[test]
    fn changes_in_place_equal_packing_again() {
        let mut seed = 7u64;
        let mut next = |below: u32| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % u64::from(below)) as u32
        };
        for stride in [1, 2] {
            let mut list = List::default();
            let mut model: std::collections::BTreeMap<u32, u32> = Default::default();
            for _ in 0..3000 {
                // Numbers across the one- to three-byte boundaries.
                let doc = next(40_000) >> next(12);
                let code = next(300);
                if next(3) == 0 {
                    assert_eq!(list.remove(doc, stride), model.remove(&doc).is_some());
                } else if let std::collections::btree_map::Entry::Vacant(e) = model.entry(doc) {
                    e.insert(code);
                    list.insert(doc, (stride == 2).then_some(code), stride);
                } else {
                    let before = list.clone();
                    list.insert(doc, (stride == 2).then_some(code), stride);
                    assert_eq!(list, before, "a document already there stays");
                }
                let values: Vec<u32> = model
                    .iter()
                    .flat_map(|(&d, &c)| if stride == 2 { vec![d, c] } else { vec![d] })
                    .collect();
                assert_eq!(list, List::from_values(&values, stride));
            }
        }
    }

    #[test]
    fn small_values_take_one_byte() {
        let list = List::from_values(&(0..1000).collect::<Vec<u32>>(), 1);
        assert_eq!(list.bytes.len(), 1000);
    }
}
