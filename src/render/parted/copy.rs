//! Copying the units of the old file that stay: spans of it read at
//! their place and written between the new bytes.

use std::io::{self, Write};
use std::os::unix::fs::FileExt as _;

/// `len` bytes of `file` at `at`.
pub(super) fn read_at(file: &std::fs::File, at: u64, len: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0; len];
    file.read_exact_at(&mut buf, at)?;
    Ok(buf)
}

/// Writes new bytes and spans of the old file, joining spans that follow
/// each other in the old file into one read.
pub(super) struct Copy<'f, 'o> {
    from: &'f std::fs::File,
    out: &'o mut dyn Write,
    /// A span of the old file not copied yet.
    span: Option<(u64, u64)>,
}

impl<'f, 'o> Copy<'f, 'o> {
    pub(super) fn new(from: &'f std::fs::File, out: &'o mut dyn Write) -> Self {
        Copy {
            from,
            out,
            span: None,
        }
    }

    pub(super) fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        if !bytes.is_empty() {
            self.flush_span()?;
            self.out.write_all(bytes)?;
        }
        Ok(())
    }

    /// Copies `len` bytes of the old file at `start`, after `sep`; when
    /// the old file holds `sep` and then this span right after the last
    /// span, the two are one read.
    pub(super) fn span(&mut self, start: u64, sep: &[u8], len: u64) -> io::Result<()> {
        if let Some((from, n)) = self.span.as_mut() {
            if *from + *n + sep.len() as u64 == start {
                *n += sep.len() as u64 + len;
                return Ok(());
            }
        }
        self.bytes(sep)?;
        self.flush_span()?;
        self.span = Some((start, len));
        Ok(())
    }

    fn flush_span(&mut self) -> io::Result<()> {
        let Some((mut at, mut left)) = self.span.take() else {
            return Ok(());
        };
        let mut buf = vec![0; left.min(1 << 20) as usize];
        while left > 0 {
            let n = left.min(buf.len() as u64) as usize;
            self.from.read_exact_at(&mut buf[..n], at)?;
            self.out.write_all(&buf[..n])?;
            at += n as u64;
            left -= n as u64;
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> io::Result<()> {
        self.flush_span()?;
        self.out.flush()
    }
}
