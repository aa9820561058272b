//! Small numbers in three bytes, for the reads a following engine keeps
//! ([`super::track`]).

/// A number below 2^24 in three bytes, ordered as the number: the owner
/// and the position of a reverse relation's read, so that a
/// [`Dep`](super::track::Dep) takes 8 bytes instead of 12. A following
/// engine keeps a few million reads (about 33 MB of them at 10,000
/// organizations, 12 bytes each before).
/// Owners and positions are indices of records (a page's end may pass its
/// list's), so they fit while every collection has fewer than half
/// [`U24::LIMIT`] records; an engine edits a larger site by building it
/// again ([`fits`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct U24([u8; 3]);

impl U24 {
    /// The first number too large.
    pub(crate) const LIMIT: usize = 1 << 24;

    /// `n`, or the largest number there is when `n` is too large.
    pub(crate) fn of(n: u32) -> U24 {
        let [_, a, b, c] = n.min(Self::LIMIT as u32 - 1).to_be_bytes();
        U24([a, b, c])
    }

    pub(crate) fn get(self) -> u32 {
        let [a, b, c] = self.0;
        u32::from_be_bytes([0, a, b, c])
    }
}

impl std::fmt::Debug for U24 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.get())
    }
}

/// Whether every collection of `lens` is small enough for its reads to be
/// exact (see [`U24`]).
pub(crate) fn fits(lens: impl IntoIterator<Item = usize>) -> bool {
    lens.into_iter().all(|n| n < U24::LIMIT / 2)
}

/// Whether every collection of `site` is small enough for the reads of
/// its pages to be exact ([`fits`]).
pub(crate) fn site_fits(site: &super::Site) -> bool {
    fits([
        site.organizations.len(),
        site.venues.len(),
        site.brands.len(),
        site.services.len(),
        site.news.len(),
        site.pages.len(),
        site.areas.areas.len(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_takes_eight_bytes_and_small_numbers_keep_their_order() {
        assert_eq!(std::mem::size_of::<super::super::track::Dep>(), 8);
        let ns = [0, 1, 255, 256, 65_535, 65_536, 300_000, (1 << 24) - 1];
        for pair in ns.windows(2) {
            let (a, b) = (U24::of(pair[0]), U24::of(pair[1]));
            assert_eq!((a.get(), b.get()), (pair[0], pair[1]));
            assert!(a < b, "{a:?} < {b:?}");
        }
        // Too large: the largest there is, never a number wrapped around.
        assert_eq!(U24::of(u32::MAX).get(), (1 << 24) - 1);
        assert!(fits([0, 300_000, (1 << 23) - 1]));
        assert!(!fits([1, 1 << 23]));
    }
}
