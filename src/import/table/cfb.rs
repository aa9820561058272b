//! A look at an `.xls` file's compound-file structure before `calamine`
//! reads it (MS-CFB: a header, then sectors; the *FAT* says for each
//! sector which one follows it in its stream). `calamine` 0.38 follows
//! the chains of the FAT without noticing one that comes back on itself,
//! growing a buffer until the memory runs out (its directory chain has
//! no length to stop at), and builds the FAT from whatever sectors the
//! header lists, as many times as it lists them.
//!
//! Here the FAT is built as `calamine` builds it, from the same sectors,
//! and refused when a sector is listed as part of it twice (more than the
//! file's size of FAT) or when any of its chains loops. A FAT without a
//! loop bounds every chain `calamine` follows by the file's sectors,
//! each read at most once per chain: its memory stays a multiple of the
//! file's size. What else is wrong with a file is left to `calamine`,
//! which reports it.

/// The first bytes of a compound file.
pub(crate) const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sector numbers from here up are markers (end of chain, free, a FAT
/// or DIFAT sector), not sectors.
const MARKERS: u32 = 0xFFFF_FFFA;
/// Where the DIFAT lists a FAT sector, numbers from here up are markers.
const DIFSECT: u32 = 0xFFFF_FFFC;

/// Why a compound file is refused before it is read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Damage {
    /// A chain of sectors comes back on itself.
    Loop,
    /// A sector is listed twice among the FAT's, or the list of them
    /// does not end.
    FatListed,
}

/// Checks `bytes` when it is a compound file (an `.xls`); anything else
/// passes, for its reader to judge.
pub(crate) fn check(bytes: &[u8]) -> Result<(), Damage> {
    if bytes.len() < 512 || bytes[..8] != SIGNATURE {
        return Ok(());
    }
    let size: usize = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        _ => return Ok(()),
    };
    // As `calamine` counts them: a sector past this is refused by it.
    let max_id = bytes.len() / size;
    let sector = |id: u32| -> &[u8] {
        // Sector `id` follows the header, which takes one sector.
        let start = (id as usize + 1).saturating_mul(size).min(bytes.len());
        let end = start.saturating_add(size).min(bytes.len());
        &bytes[start..end]
    };
    let numbers = |b: &[u8]| -> Vec<u32> {
        b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    };

    // The FAT's sectors: 109 in the header, then the DIFAT chain, each of
    // its sectors listing more and naming the next last.
    let mut difat = numbers(&bytes[76..512]);
    let mut next = u32_at(bytes, 68);
    let mut difat_sectors = 0usize;
    while next < MARKERS {
        difat_sectors += 1;
        if difat_sectors > max_id + 1 || next as usize > max_id {
            return Err(Damage::FatListed);
        }
        difat.extend(numbers(sector(next)));
        next = difat.pop().unwrap_or(u32::MAX);
    }
    let mut listed = std::collections::HashSet::new();
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        if id as usize > max_id {
            // `calamine` refuses it.
            return Ok(());
        }
        if !listed.insert(id) {
            return Err(Damage::FatListed);
        }
        fat.extend(numbers(sector(id)));
    }
    if loops(&fat) {
        return Err(Damage::Loop);
    }
    Ok(())
}

/// Whether following `next` from some entry comes back to one already on
/// the way. Each entry is walked once.
fn loops(next: &[u32]) -> bool {
    // 0: not seen; 1: on the walk under way; 2: known to end.
    let mut state = vec![0u8; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        loop {
            match state[at] {
                1 => return true,
                2 => break,
                _ => {}
            }
            state[at] = 1;
            path.push(at);
            let to = next[at];
            if to >= MARKERS || to as usize >= next.len() {
                break;
            }
            at = to as usize;
        }
        for i in path.drain(..) {
            state[i] = 2;
        }
    }
    false
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_that_comes_back_is_a_loop() {
        const END: u32 = 0xFFFF_FFFE;
        assert!(!loops(&[1, 2, END]));
        assert!(!loops(&[END, 0, 1, u32::MAX, 99]));
        assert!(loops(&[1, 2, 0]));
        assert!(loops(&[0]));
        assert!(loops(&[END, 2, 3, 1]));
        // Two chains joining are no loop.
        assert!(!loops(&[2, 2, END]));
    }
}
