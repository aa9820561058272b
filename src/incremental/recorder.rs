//! A render sink that keeps every written file and what each page read.

use std::sync::{Arc, Mutex};

use crate::render::{PageRead, Sink};

type Written = Vec<(String, Arc<[u8]>)>;
type Reads = Vec<(String, PageRead)>;

#[derive(Default)]
pub struct Recorder {
    written: Mutex<Written>,
    reads: Mutex<Reads>,
}

impl Recorder {
    pub fn into_parts(self) -> (Written, Reads) {
        let written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        let reads = self.reads.into_inner().unwrap_or_else(|e| e.into_inner());
        (written, reads)
    }
}

impl Sink for Recorder {
    fn write(&self, rel_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.written
            .lock()
            .map_err(|_| std::io::Error::other("a render thread panicked"))?
            .push((rel_path.to_string(), Arc::from(bytes)));
        Ok(())
    }

    fn wants_reads(&self) -> bool {
        true
    }

    fn page_read(&self, file: &str, read: PageRead) {
        if let Ok(mut reads) = self.reads.lock() {
            reads.push((file.to_string(), read));
        }
    }
}
