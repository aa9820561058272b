//! A hold for tests of faults mid-build (hidden): with
//! `YIZHAN_TEST_HOLD=MOMENT=FIFO` in its environment, a build that
//! reaches `MOMENT` writes the moment's name into the named pipe `FIFO`,
//! then waits until the test opens the pipe for writing and closes it.
//! Between the two, the test changes the site as a fault would (a file
//! deleted or renamed), at a moment known exactly instead of guessed with
//! a timer (`tests/engine/faults.rs`).
//!
//! The moments: `listed-COLLECTION`, when the files of a collection are
//! listed and none is read yet; `loaded`, when the site is read and
//! checked and nothing is rendered yet.

use std::io::{Read, Write};

/// The variable that asks for a hold.
const VARIABLE: &str = "YIZHAN_TEST_HOLD";

/// Holds the build at `moment` when the environment asks for it.
pub(crate) fn at(moment: &str) {
    let Some(spec) = std::env::var_os(VARIABLE) else {
        return;
    };
    let spec = spec.to_string_lossy();
    let Some((wanted, fifo)) = spec.split_once('=') else {
        return;
    };
    if wanted != moment {
        return;
    }
    // Both opens wait for the test's end of the pipe.
    if let Ok(mut told) = std::fs::OpenOptions::new().write(true).open(fifo) {
        let _ = told.write_all(moment.as_bytes());
    }
    if let Ok(mut released) = std::fs::File::open(fifo) {
        let _ = released.read_to_end(&mut Vec::new());
    }
}
