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

use std::io::Write as _;

use flate2::{Compression, GzBuilder};

use super::{SearchFile, DIR};

/// The extension of every stored index file.
pub(crate) const EXT: &str = "bin";

/// The file `search/NAME.bin` holding `raw`, gzipped.
pub(crate) fn file(name: &str, raw: &[u8]) -> anyhow::Result<SearchFile> {
    Ok(SearchFile {
        path: path(name),
        bytes: gzip(raw)?,
    })
}

/// `search/NAME.bin`: where the file `NAME` of the index is stored.
pub(crate) fn path(name: &str) -> String {
    format!("{DIR}/{name}.{EXT}")
}

/// `raw` gzipped with the fixed settings.
pub(crate) fn gzip(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let out = Vec::with_capacity(raw.len() / 2 + 32);
    let mut encoder = GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(out, Compression::new(6));
    encoder.write_all(raw)?;
    Ok(encoder.finish()?)
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
        let f = file("t/3", b"[]")?;
        assert_eq!(f.path, "search/t/3.bin");
        Ok(())
    }
}
