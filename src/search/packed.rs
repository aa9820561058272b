//! One posting list, packed: the values as they are written to the shards
//! (document numbers as the difference from the one before; in the name
//! tier every other value is a code, kept as it is), each as a LEB128
//! variable-length number. A list of the index at 10,000 organizations
//! averages about one byte a value where `Vec<u32>` takes four, and
//! postings are most of what an index holds while it is built.
//!
//! Lists grow at the end ([`List::push`]); the rarer changes in the middle
//! (an edited document) decode the list, change it and pack it again.

/// A posting list of one tier; `stride` is 2 in the name tier (document,
/// code pairs) and 1 elsewhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct List {
    bytes: Vec<u8>,
    /// Values packed (documents, and codes in the name tier).
    len: u32,
    /// The last document number pushed, for the next difference.
    last_doc: u32,
}

impl List {
    /// The list of `values`, document numbers ascending, every
    /// `stride`-th value being one.
    pub fn from_values(values: &[u32], stride: usize) -> List {
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
    pub fn push_doc(&mut self, doc: u32) {
        let delta = if self.len == 0 {
            doc
        } else {
            doc - self.last_doc
        };
        self.last_doc = doc;
        self.push_raw(delta);
    }

    /// Appends the code of the document just pushed (name tier).
    pub fn push_code(&mut self, code: u32) {
        self.push_raw(code);
    }

    fn push_raw(&mut self, mut n: u32) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.bytes.push(low);
                break;
            }
            self.bytes.push(low | 0x80);
        }
        self.len += 1;
    }

    /// The values as written: differences and codes.
    pub fn coded(&self) -> Coded<'_> {
        Coded {
            bytes: &self.bytes,
            at: 0,
        }
    }

    /// The values decoded: document numbers and codes.
    pub fn values(&self, stride: usize) -> Vec<u32> {
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

    /// Number of values (documents, and codes in the name tier).
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Gives back the room grown for values that never came.
    pub fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
    }
}

/// The packed values of a [`List`] in order.
pub struct Coded<'a> {
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

    #[test]
    fn small_values_take_one_byte() {
        let list = List::from_values(&(0..1000).collect::<Vec<u32>>(), 1);
        assert_eq!(list.bytes.len(), 1000);
    }
}
