//! Handing memory a rebuild freed back to the system, for the commands
//! that keep following the site (`serve`, `build --watch`).
//!
//! The allocator is the binary's choice (`main.rs`), so the way to hand
//! memory back is too: the command line registers it once
//! ([`set_hand_back`], from [`crate::cli::Host`]) and a following command
//! calls [`hand_back`] after each rebuild, once the rebuild's temporary
//! memory is freed. Without a registered way (the library in tests, with
//! the system allocator), it does nothing.

use std::sync::OnceLock;

static HAND_BACK: OnceLock<fn()> = OnceLock::new();

/// Registers how to hand freed memory back; the first registration wins.
pub(crate) fn set_hand_back(f: fn()) {
    let _ = HAND_BACK.set(f);
}

/// Hands memory freed since the last call back to the system, when the
/// command line registered a way to.
pub(crate) fn hand_back() {
    if let Some(f) = HAND_BACK.get() {
        f();
    }
}
