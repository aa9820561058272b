//! How the index's files are stored: each one gzipped (RFC 1952) once, at
//! build time, and named `NAME.bin`, so that a host that compresses
//! nothing still sends a query's files small, and a host that does
//! compress leaves them as they are (`application/octet-stream` is not a
//! type hosts compress, and the name does not end in `.gz`, which some
//! hosts would send with `Content-Encoding: gzip` for the browser to undo).
//! The browser decompresses with `DecompressionStream('gzip')`, or, where
//! it has none, with the theme's `search-inflate.js`, loaded only then.
//!
//! The settings are fixed (level 6, no name, no time, operating system
//! "unknown"), so one input gives the same bytes in every build. Level 9
//! makes the index 0.1% smaller for a third more time.

use std::cell::RefCell;

use flate2::{Compress, Compression, Crc, FlushCompress};

use super::{SearchFile, DIR};

/// The deflate level (see above).
const LEVEL: u32 = 6;
/// The output buffer of `flate2`'s writers.
const CHUNK: usize = 32 * 1024;

/// The extension of every stored index file.
pub(crate) const EXT: &str = "bin";

/// The file `search/NAME.bin` that holds `raw`, gzipped once stored
/// ([`SearchFile::stored`]).
pub(crate) fn file(name: &str, raw: Vec<u8>) -> anyhow::Result<SearchFile> {
    Ok(SearchFile {
        path: path(name),
        raw,
    })
}

/// `search/NAME.bin`: where the file `NAME` of the index is stored.
pub(crate) fn path(name: &str) -> String {
    format!("{DIR}/{name}.{EXT}")
}

/// `raw` gzipped with the fixed settings: the header, `raw` deflated, its
/// CRC-32 and length, byte for byte what `flate2`'s `GzBuilder` writes.
/// The deflater is kept per thread and reset between files: setting one
/// up costs more than deflating a term shard of 2 KB, and an edit writes
/// hundreds of them.
pub(crate) fn gzip(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    thread_local! {
        static DEFLATER: RefCell<(Compress, Vec<u8>)> = RefCell::new((
            Compress::new(Compression::new(LEVEL), false),
            Vec::with_capacity(CHUNK),
        ));
    }
    let mut out = Vec::with_capacity(raw.len() / 2 + 64);
    // Magic, deflate, no flags, mtime 0, no extra flags (level 6), OS
    // unknown.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    DEFLATER.with_borrow_mut(|(deflater, chunk)| -> anyhow::Result<()> {
        deflater.reset();
        // As `GzBuilder`'s writer calls the deflater: into an emptied
        // buffer of 32 KB each time (the output depends on it), the input
        // first, then the end.
        let mut read = 0;
        while read < raw.len() {
            out.append(chunk);
            let before = deflater.total_in();
            deflater.compress_vec(&raw[read..], chunk, FlushCompress::None)?;
            read += usize::try_from(deflater.total_in() - before)?;
        }
        loop {
            out.append(chunk);
            let before = deflater.total_out();
            deflater.compress_vec(&[], chunk, FlushCompress::Finish)?;
            if deflater.total_out() == before {
                return Ok(());
            }
        }
    })?;
    let mut crc = Crc::new();
    crc.update(raw);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(raw.len() as u32).to_le_bytes());
    Ok(out)
}

/// The bytes a stored file holds (for tests and tools that read the index).
#[cfg(test)]
pub(crate) fn gunzip(stored: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(stored)
        .read_to_end(&mut out)
        .expect("a gzip stream");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trips_with_a_fixed_header() -> anyhow::Result<()> {
        let raw = "驿站 ".repeat(500).into_bytes();
        let stored = gzip(&raw)?;
        assert_eq!(gunzip(&stored), raw);
        assert!(stored.len() < raw.len() / 20, "{} bytes", stored.len());
        // Magic, deflate, no flags, mtime 0, no extra flags, unknown OS.
        assert_eq!(stored[..10], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        assert_eq!(gzip(&raw)?, stored, "the same bytes every time");
        assert_eq!(gunzip(&gzip(b"")?), b"");
        let f = file("t/3", b"[]".to_vec())?;
        assert_eq!(f.path, "search/t/3.bin");
        assert_eq!(gunzip(&f.stored()?), b"[]");
        Ok(())
    }

    /// The same bytes as `flate2`'s gzip writer with the same settings,
    /// for files of every size, one after another on one deflater.
    #[test]
    fn gzip_writes_what_the_gzip_writer_writes() -> anyhow::Result<()> {
        use std::io::Write as _;
        let mut seed = 7u64;
        for len in [0usize, 1, 63, 2_000, 70_000, 300_000] {
            let raw: Vec<u8> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    // Text-like: few distinct bytes, some runs.
                    if i % 7 == 0 {
                        b' '
                    } else {
                        b"abcde\xe9\xa9\xbf"[(seed >> 60) as usize % 8]
                    }
                })
                .collect();
            let mut writer = flate2::GzBuilder::new()
                .mtime(0)
                .operating_system(255)
                .write(Vec::new(), Compression::new(LEVEL));
            writer.write_all(&raw)?;
            let (ours, theirs) = (gzip(&raw)?, writer.finish()?);
            let first = ours.iter().zip(&theirs).position(|(a, b)| a != b);
            assert!(
                ours == theirs,
                "{len} bytes: {} and {} long, first difference at {first:?}",
                ours.len(),
                theirs.len()
            );
        }
        Ok(())
    }
}
