//! Unnamed temporary files that text waits in between the step that
//! makes it and the ones that use it, each text written once and read
//! back with one positioned read.
//!
//! - The process's file holds the record bodies, as load rendered them
//!   (HTML and text), between load and the pages that show them
//!   ([`crate::markdown::Body`]). A service's body is wanted by its page,
//!   its JSON item, its search entry, its open-data rows and its posters,
//!   each made at another time of the build. Holding every body took half
//!   the site model's memory (about 0.5 GB at 100,000 organizations);
//!   reading each again from its own file took four system calls and a
//!   walk of its path each time, some 225,000 times at 10,000
//!   organizations, and rendering it again a twentieth of the build.
//! - A render has its own for the posters' sheets and the cards of lists,
//!   each drawn once and printed on several pages ([`crate::render::once`]);
//!   it goes with the render.
//!
//! A spill file is on disk (the system's temporary folder) and in the
//! system's file cache, not in the process's memory; where the temporary
//! folder is a RAM disk, it takes that memory instead.
//!
//! What is read back is what was written: a record's file edited meanwhile
//! does not change a page of this build (`serve` and `build --watch` are
//! told of the edit and load it again). A file only grows; a body loaded
//! again is written again, and a file goes when its holder does or the
//! process ends, even when it is killed (it never had a name).

use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Where one text is in its spill file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spot {
    at: u64,
    len: u32,
}

impl Spot {
    /// The bytes of the text.
    pub(crate) fn len(self) -> u32 {
        self.len
    }

    /// Bytes `from` to `to` of the text (at most its end), which must
    /// fall between characters.
    pub(crate) fn part(self, from: u32, to: u32) -> Spot {
        let to = to.min(self.len);
        let from = from.min(to);
        Spot {
            at: self.at + u64::from(from),
            len: to - from,
        }
    }
}

/// One spill file.
pub(crate) struct Spill {
    file: File,
    /// The end of what was written or reserved.
    end: AtomicU64,
}

impl Spill {
    /// A new, empty spill file; None where no temporary file can be made.
    pub(crate) fn new() -> Option<Spill> {
        tempfile::tempfile().ok().map(|file| Spill {
            file,
            end: AtomicU64::new(0),
        })
    }

    /// Writes `text`; None when it cannot be (a full disk), and the caller
    /// holds or makes the text itself.
    pub(crate) fn put(&self, text: &str) -> Option<Spot> {
        self.put_bytes(text.as_bytes())
    }

    /// Writes `bytes`, as [`Spill::put`] does a text.
    pub(crate) fn put_bytes(&self, bytes: &[u8]) -> Option<Spot> {
        let len = u32::try_from(bytes.len()).ok()?;
        let at = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        write_at(&self.file, bytes, at).ok()?;
        Some(Spot { at, len })
    }

    /// The text written at `spot`.
    pub(crate) fn get(&self, spot: Spot) -> std::io::Result<String> {
        String::from_utf8(self.get_bytes(spot)?).map_err(std::io::Error::other)
    }

    /// The bytes written at `spot`.
    pub(crate) fn get_bytes(&self, spot: Spot) -> std::io::Result<Vec<u8>> {
        let mut bytes = vec![0; spot.len as usize];
        read_at(&self.file, &mut bytes, spot.at)?;
        Ok(bytes)
    }
}

/// The process's spill file; None where no temporary file can be made.
fn spill() -> Option<&'static Spill> {
    static SPILL: OnceLock<Option<Spill>> = OnceLock::new();
    SPILL.get_or_init(Spill::new).as_ref()
}

/// Writes `text` to the process's spill file; None when it cannot be (no
/// temporary folder, a full disk), and the caller holds the text itself.
pub(crate) fn put(text: &str) -> Option<Spot> {
    spill()?.put(text)
}

/// The text written at `spot` of the process's spill file.
pub(crate) fn get(spot: Spot) -> std::io::Result<String> {
    spill()
        .ok_or_else(|| std::io::Error::other("no spill file"))?
        .get(spot)
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, bytes, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_written_from_any_thread() {
        let texts: Vec<String> = (0..64)
            .map(|i| format!("第{i}条：周末**亲子**活动。").repeat(i % 5))
            .collect();
        let spots: Vec<Spot> = std::thread::scope(|s| {
            let handles: Vec<_> = texts
                .iter()
                .map(|t| s.spawn(move || put(t).expect("spilled")))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("joined"))
                .collect()
        });
        for (text, spot) in texts.iter().zip(&spots).rev() {
            assert_eq!(&get(*spot).expect("read back"), text);
        }
    }

    #[test]
    fn a_spill_file_of_its_own_reads_back_its_own_texts() {
        let (a, b) = (Spill::new().expect("a file"), Spill::new().expect("a file"));
        let first = a.put("海石湾的暑期托管班").expect("spilled");
        let other = b.put("another file, another text").expect("spilled");
        let second = a.put("").expect("spilled");
        assert_eq!(a.get(first).expect("read back"), "海石湾的暑期托管班");
        assert_eq!(a.get(second).expect("read back"), "");
        assert_eq!(
            b.get(other).expect("read back"),
            "another file, another text"
        );
        assert_eq!(other.len(), 26);
        // A part of a text, between characters; past its end, its end.
        let part = a.get(first.part(9, 15)).expect("read back");
        assert_eq!(part, "的暑");
        assert_eq!(a.get(first.part(18, 99)).expect("read back"), "托管班");
        assert_eq!(a.get(first.part(40, 99)).expect("read back"), "");
    }
}
