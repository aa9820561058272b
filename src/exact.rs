//! Vectors kept for long without their spare room.
//!
//! `Vec::shrink_to_fit` asks the allocator to shrink the block in place,
//! and mimalloc (the binary's allocator) keeps a block that is still at
//! least half used as it is: a vector of 17 reads grown to room for 32
//! keeps room for 32. What the engine keeps between rebuilds (a list of
//! reads per page, per search document and per data-file unit) is copied
//! into a block of its exact size instead.

/// `v` in a block of its exact length (copied when it has spare room).
pub(crate) fn exact<T: Clone>(v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        v
    } else {
        v.as_slice().to_vec()
    }
}

/// [`exact`] for a string.
pub(crate) fn string(s: String) -> String {
    if s.capacity() == s.len() {
        s
    } else {
        s.as_str().to_owned()
    }
}

/// [`exact`] for a vector held in place.
pub(crate) fn shrink<T: Clone>(v: &mut Vec<T>) {
    if v.capacity() != v.len() {
        *v = v.as_slice().to_vec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spare_room_is_given_back_and_the_values_kept() {
        let mut v: Vec<u32> = Vec::with_capacity(32);
        v.extend(0..17);
        let e = exact(v.clone());
        assert_eq!(e, (0..17).collect::<Vec<_>>());
        assert_eq!(e.capacity(), 17);
        shrink(&mut v);
        assert_eq!(v.capacity(), 17);
        assert_eq!(v, e);
        let mut s = String::with_capacity(40);
        s.push_str("organizations/a/");
        let s = string(s);
        assert_eq!((s.as_str(), s.capacity()), ("organizations/a/", 16));
        let empty: Vec<u8> = Vec::with_capacity(8);
        assert_eq!(exact(empty).capacity(), 0);
    }
}
