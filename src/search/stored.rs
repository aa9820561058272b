//! How the index's files are stored: each one gzipped (RFC 1952) once, at
//! build time, and named `NAME.bin`, so that a host that compresses
//! nothing still sends a query's files small, and a host that does
//! compress leaves them as they are (`application/octet-stream` is not a
//! type hosts compress, and the name does not end in `.gz`, which some
//! hosts would send with `Content-Encoding: gzip` for the browser to undo).
//! The browser decompresses with `DecompressionStream('gzip')`, or, where
//! it has none, with the theme's `search-inflate.js`, loaded only then.
//!
//! The settings are fixed (no name, no time, operating system "unknown",
//! raw deflate by libdeflate at a fixed level), so one input gives the
//! same bytes in every build. The level goes by size: most files are term
//! and document shards of a few hundred bytes of dense numbers, which a
//! higher level makes hardly smaller (the term shards not at all, the
//! documents' some 1%); the few large files every search loads first
//! (`head`, `fold`, the larger facet lists) get level 6. At 10,000
//! organizations the index came out 1% larger than zlib's level 6 made it
//! (the documents' shards 8%, a few bytes each), its first files 3%
//! smaller, in 0.3 s instead of 1.0 s.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

use super::{SearchFile, DIR};

/// Raw files from this size on are deflated at level 6, smaller ones at
/// level 1 (see above).
const LARGE: usize = 32 * 1024;

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
/// CRC-32 and length. The deflaters are kept per thread: setting one up
/// costs more than deflating a term shard.
pub(crate) fn gzip(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    thread_local! {
        static DEFLATERS: RefCell<[Compressor; 2]> = RefCell::new([
            Compressor::new(CompressionLvl::new(1).unwrap_or_default()),
            Compressor::new(CompressionLvl::default()),
        ]);
    }
    DEFLATERS.with_borrow_mut(|deflaters| {
        let deflater = &mut deflaters[usize::from(raw.len() >= LARGE)];
        let bound = deflater.deflate_compress_bound(raw.len());
        // Magic, deflate, no flags, mtime 0, no extra flags, OS unknown.
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
        out.resize(10 + bound, 0);
        let len = deflater
            .deflate_compress(raw, &mut out[10..])
            .map_err(|e| anyhow::anyhow!("deflate: {e:?}"))?;
        out.truncate(10 + len);
        out.extend_from_slice(&libdeflater::crc32(raw).to_le_bytes());
        out.extend_from_slice(&(raw.len() as u32).to_le_bytes());
        Ok(out)
    })
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

    /// Files of every size, small and large, one after another on the
    /// same thread's deflaters, come back whole and the same each time.
    #[test]
    fn files_of_every_size_round_trip() -> anyhow::Result<()> {
        let mut seed = 7u64;
        for len in [0usize, 1, 63, 2_000, LARGE - 1, LARGE, 70_000, 300_000] {
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
            let stored = gzip(&raw)?;
            assert_eq!(gunzip(&stored), raw, "{len} bytes");
            assert_eq!(gzip(&raw)?, stored, "{len} bytes: the same every time");
            if len >= 2_000 {
                assert!(
                    stored.len() < raw.len() / 2,
                    "{len}: {} bytes",
                    stored.len()
                );
            }
        }
        Ok(())
    }
}
