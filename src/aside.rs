//! Letting go of what a build made, on a thread of its own.
//!
//! At the end of a build the model, the plan and the scratch files go:
//! tens of thousands of records freed one allocation at a time, and a
//! scratch file whose pages the kernel takes back when it is closed. At
//! 10,000 organizations that is about a tenth of a second on one core
//! while the other waits, after every file is written. Handed to a thread
//! of its own, it runs beside what the build still does (the app's files,
//! moving the output into place, the report), and a one-off command may
//! exit before it is done: the system takes everything back then anyway.

/// Drops `value` on a new thread; here, when no thread can be started.
pub(crate) fn drop_aside<T: Send + 'static>(value: T) {
    // A spawn that fails drops the closure, and with it the value, here.
    let _ = std::thread::Builder::new()
        .name("yizhan-drop".into())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    /// Says on a channel that it was dropped, and on which thread.
    struct Tells(mpsc::Sender<std::thread::ThreadId>);

    impl Drop for Tells {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }

    #[test]
    fn a_value_is_dropped_once_on_another_thread() {
        let (tx, rx) = mpsc::channel();
        drop_aside(Tells(tx));
        let on = rx.recv().expect("dropped");
        assert_ne!(on, std::thread::current().id());
        // Dropped once: the sender went with it, so the channel closes.
        assert!(rx.recv().is_err());
    }
}
