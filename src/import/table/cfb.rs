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
    /// A stream runs past the end of the file or of the mini stream.
    PastTheEnd,
}

/// Checks `bytes` when it is a compound file (an `.xls`); anything else
/// passes, for its reader to judge.
pub(crate) fn check(bytes: &[u8]) -> Result<(), Damage> {
    fat(bytes).map(|_| ())
}

/// The sector size of a compound file `calamine` reads, None for anything
/// else.
fn sector_size(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 512 || bytes[..8] != SIGNATURE || u16_at(bytes, 32) != 6 {
        return None;
    }
    match u16_at(bytes, 30) {
        9 => Some(512),
        12 if bytes.len() >= 4096 => Some(4096),
        _ => None,
    }
}

/// The FAT of a compound file as `calamine` builds it (None when it is no
/// compound file `calamine` reads); refused when listed twice or looping.
fn fat(bytes: &[u8]) -> Result<Option<Vec<u32>>, Damage> {
    let Some(size) = sector_size(bytes) else {
        return Ok(None);
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
            return Ok(None);
        }
        if !listed.insert(id) {
            return Err(Damage::FatListed);
        }
        fat.extend(numbers(sector(id)));
    }
    if loops(&fat) {
        return Err(Damage::Loop);
    }
    Ok(Some(fat))
}

/// The streams named `Workbook` or `Book` (as `calamine` compares names)
/// of a compound file whose FAT passed [`check`], as `calamine` reads
/// them. A stream `calamine` could not read in full is left out (it
/// stops there too), and so is a compound file it does not read.
///
/// `calamine` reads sectors past the end of the file, and mini sectors
/// past the mini stream, in ways that depend on what it read before;
/// `bytes` should be whole sectors, and a stream reaching past them is
/// refused here as damaged rather than guessed at.
pub(crate) fn workbook_streams(bytes: &[u8]) -> Result<Vec<Vec<u8>>, Damage> {
    let (Some(size), Ok(Some(fat))) = (sector_size(bytes), fat(bytes)) else {
        return Ok(Vec::new());
    };
    let file = Chains {
        data: bytes.get(size..).unwrap_or_default(),
        size,
        next: &fat,
        max_id: bytes.len() / size,
    };
    let dir = match file.read(u32_at(bytes, 48), usize::MAX) {
        Ok(dir) => dir,
        Err(Unread::Stops) => return Ok(Vec::new()),
        Err(Unread::Damaged) => return Err(Damage::PastTheEnd),
    };
    let entries: Vec<(String, u32, usize)> = dir
        .chunks_exact(128)
        .map(|e| {
            let len = if size == 512 {
                u64::from(u32_at(e, 120))
            } else {
                u64::from(u32_at(e, 120)) | u64::from(u32_at(e, 124)) << 32
            };
            (entry_name(&e[..64]), u32_at(e, 116), len as usize)
        })
        .collect();
    let Some(&(_, root_start, root_len)) = entries.first() else {
        return Ok(Vec::new());
    };
    let mini_fat_len = u32_at(bytes, 64) as usize;
    let (mini_stream, mini_fat) = if mini_fat_len > 0 {
        let read = |start: u32, len: usize| match file.read(start, len) {
            Ok(read) => Ok(Some(read)),
            Err(Unread::Stops) => Ok(None),
            Err(Unread::Damaged) => Err(Damage::PastTheEnd),
        };
        let (Some(stream), Some(table)) = (
            read(root_start, root_len)?,
            read(u32_at(bytes, 60), mini_fat_len.saturating_mul(size))?,
        ) else {
            return Ok(Vec::new());
        };
        let table: Vec<u32> = table
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        (stream, table)
    } else {
        (Vec::new(), Vec::new())
    };
    let mini = Chains {
        data: &mini_stream,
        size: 64,
        next: &mini_fat,
        max_id: (bytes.len() / size).saturating_mul(8),
    };
    let mut streams = Vec::new();
    for (name, start, len) in &entries {
        if !(name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book")) {
            continue;
        }
        let chains = if *len < 4096 { &mini } else { &file };
        match chains.read(*start, *len) {
            Ok(stream) => streams.push(stream),
            Err(Unread::Stops) => {}
            Err(Unread::Damaged) => return Err(Damage::PastTheEnd),
        }
    }
    Ok(streams)
}

/// The sectors of a file or of its mini stream, and what follows each.
struct Chains<'a> {
    data: &'a [u8],
    size: usize,
    next: &'a [u32],
    max_id: usize,
}

/// Why a chain was not read.
enum Unread {
    /// `calamine` stops with an error (or a panic it is caught in).
    Stops,
    /// `calamine` would read past the data, as explained above.
    Damaged,
}

impl Chains<'_> {
    /// `len` bytes (or fewer at the chain's end) from sector `id` on, as
    /// `calamine`'s `get_chain` collects them.
    fn read(&self, mut id: u32, len: usize) -> Result<Vec<u8>, Unread> {
        const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
        let mut out = Vec::new();
        while id != END_OF_CHAIN {
            if id as usize > self.max_id {
                return Err(Unread::Stops);
            }
            let start = id as usize * self.size;
            let Some(sector) = self.data.get(start..start + self.size) else {
                return Err(Unread::Damaged);
            };
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            if out.len() >= len {
                break;
            }
            id = *self.next.get(id as usize).ok_or(Unread::Stops)?;
        }
        Ok(out)
    }
}

/// A directory entry's name as `calamine` decodes it: UTF-16LE unless a
/// byte-order mark says otherwise, cut at the first NUL.
fn entry_name(raw: &[u8]) -> String {
    let units = |b: &[u8], big: bool| -> Vec<u16> {
        b.chunks_exact(2)
            .map(|c| {
                if big {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect()
    };
    let mut name = match raw {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        [0xFF, 0xFE, rest @ ..] => String::from_utf16_lossy(&units(rest, false)),
        [0xFE, 0xFF, rest @ ..] => String::from_utf16_lossy(&units(rest, true)),
        _ => String::from_utf16_lossy(&units(raw, false)),
    };
    if let Some(end) = name.find('\0') {
        name.truncate(end);
    }
    name
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

/// The little-endian number at `at` (the formats' byte order).
pub(super) fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

/// The little-endian number at `at`.
pub(super) fn u32_at(b: &[u8], at: usize) -> u32 {
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

    /// Every `.xls` of the fuzzing corpus that `calamine` opens (which
    /// reads its workbook stream) has that stream found here too.
    #[test]
    fn the_workbook_stream_is_found_wherever_calamine_finds_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/table");
        let mut opened = 0;
        for entry in std::fs::read_dir(dir).expect("the corpus") {
            let bytes = std::fs::read(entry.expect("an entry").path()).expect("a file");
            let Some(xls) = bytes.get(1..).filter(|b| b.starts_with(&SIGNATURE)) else {
                continue;
            };
            if check(xls).is_err() {
                continue;
            }
            let opens = std::panic::catch_unwind(|| {
                calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xls)).is_ok()
            })
            .unwrap_or(false);
            if opens && xls.len().is_multiple_of(512) {
                opened += 1;
                let streams = workbook_streams(xls).expect("not refused");
                assert!(!streams.is_empty(), "a stream found");
            }
        }
        assert!(opened > 0, "the corpus has .xls files calamine opens");
    }
}
