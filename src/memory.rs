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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static CALLS: AtomicUsize = AtomicUsize::new(0);

    fn count() {
        CALLS.fetch_add(1, Ordering::SeqCst);
    }

    fn other() {}

    #[test]
    fn the_registered_way_is_called_each_time_and_the_first_wins() {
        super::set_hand_back(count);
        super::set_hand_back(other);
        let before = CALLS.load(Ordering::SeqCst);
        super::hand_back();
        super::hand_back();
        assert_eq!(CALLS.load(Ordering::SeqCst), before + 2);
    }
}
