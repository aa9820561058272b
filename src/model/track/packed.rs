//! A read as eight bytes, for reads kept outside the process's memory
//! beside what made them (see `render::once`).

use super::{Dep, Kind, Rel};
use crate::model::u24::U24;

/// Bits of a packed read below its variant and collection or relation.
const BODY: u32 = 48;

impl Dep {
    /// The read as a number [`Dep::unpack`] turns back into it.
    pub(crate) fn pack(self) -> u64 {
        let (tag, of, body): (u64, u64, u64) = match self {
            Dep::Record(k, i) => (0, k as u64, u64::from(i)),
            Dep::Id(k, i) => (1, k as u64, u64::from(i)),
            Dep::Count(k) => (2, k as u64, 0),
            Dep::All(k) => (3, k as u64, 0),
            Dep::Rel(r, i) => (4, r as u64, u64::from(i)),
            Dep::Below(k, i) => (5, k as u64, u64::from(i)),
            Dep::Over(k, i) => (6, k as u64, u64::from(i)),
            Dep::RelBelow(r, a, b) => (7, r as u64, pair(a, b)),
            Dep::RelOver(r, a, b) => (8, r as u64, pair(a, b)),
        };
        tag << 56 | of << BODY | body
    }

    /// The read [`Dep::pack`] made `n` of; None for a number it cannot
    /// have made.
    pub(crate) fn unpack(n: u64) -> Option<Dep> {
        let tag = n >> 56;
        let of = usize::try_from((n >> BODY) & 0xff).ok()?;
        let body = n & ((1 << BODY) - 1);
        let kind = || Kind::ALL.get(of).copied();
        let rel = || Rel::ALL.get(of).copied();
        let index = || u32::try_from(body).ok();
        let (a, b) = (
            U24::of((body >> 24) as u32),
            U24::of((body & 0xff_ffff) as u32),
        );
        Some(match tag {
            0 => Dep::Record(kind()?, index()?),
            1 => Dep::Id(kind()?, index()?),
            2 => Dep::Count(kind()?),
            3 => Dep::All(kind()?),
            4 => Dep::Rel(rel()?, index()?),
            5 => Dep::Below(kind()?, index()?),
            6 => Dep::Over(kind()?, index()?),
            7 => Dep::RelBelow(rel()?, a, b),
            8 => Dep::RelOver(rel()?, a, b),
            _ => return None,
        })
    }
}

fn pair(a: U24, b: U24) -> u64 {
    u64::from(a.get()) << 24 | u64::from(b.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_read_comes_back_as_it_was_packed() {
        let mut reads = Vec::new();
        for k in Kind::ALL {
            reads.extend([
                Dep::Record(k, 0),
                Dep::Id(k, u32::MAX),
                Dep::Count(k),
                Dep::All(k),
                Dep::Below(k, 7),
                Dep::Over(k, 1 << 30),
            ]);
        }
        for r in Rel::ALL {
            let (a, b) = (U24::of(3), U24::of((1 << 24) - 1));
            reads.extend([
                Dep::Rel(r, 12345),
                Dep::RelBelow(r, a, b),
                Dep::RelOver(r, b, a),
            ]);
        }
        for d in &reads {
            assert_eq!(Dep::unpack(d.pack()), Some(*d), "{d:?}");
        }
        let mut packed: Vec<u64> = reads.iter().map(|d| d.pack()).collect();
        packed.sort_unstable();
        packed.dedup();
        assert_eq!(packed.len(), reads.len(), "two reads packed alike");
        assert_eq!(Dep::unpack(9 << 56), None);
        assert_eq!(Dep::unpack(0xff << BODY), None);
    }
}
