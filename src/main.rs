// Rendering allocates many small strings on several threads; mimalloc
// handles that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the mimalloc (v3) that `libmimalloc-sys`
/// bundles; the crate has no constant for it. The test below checks it
/// still names the option whose default is 1,000 ms (`src/options.c`).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Hands freed memory back to the system as soon as it is freed. By
/// default mimalloc waits a second and then purges only when the thread
/// that freed it allocates again, so the memory that the worker threads of a
/// build freed stays resident while a server idles: about 30 MB at 10,000
/// organizations. A one-off build would pay about a tenth of its time for
/// purging at once (82 s against 92 s at 100,000 organizations) and save
/// little of its peak, so only the commands that follow the site do.
fn purge_at_once() {
    // SAFETY: `mi_option_set` is not thread-safe; the command line calls
    // this before it starts any thread.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0)
    }
}

/// Hands back to the system what every thread freed during a rebuild.
/// A page of mimalloc's that a worker thread of the pool allocated from
/// and another thread emptied is only found empty, and purged, when the
/// worker allocates again or collects; between rebuilds the workers idle,
/// so each is asked to collect. At 10,000 organizations `serve` held
/// about 10 MB less after a few edits, adds and deletes.
fn collect_freed() {
    // SAFETY: `mi_collect` only frees what the calling thread's heap
    // holds unused; every thread calls it for itself.
    #[allow(unsafe_code)]
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_collect(true)
    };
}

fn main() -> std::process::ExitCode {
    yizhan::cli::run_with(&yizhan::cli::Host {
        before_following: Some(purge_at_once),
        after_rebuild: Some(collect_freed),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_documented() {
        // SAFETY: reads an option; nothing sets options in this test.
        #[allow(unsafe_code)]
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 1000, "mimalloc's purge delay defaults to 1,000 ms");
    }
}
