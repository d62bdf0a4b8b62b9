//! How the C library's allocator is set up for the evidence engine's passes.
//!
//! The passes over a package's large tables run on threads of their own, one set after another, each
//! growing arrays of hundreds of megabytes and freeing most of them when it ends. With glibc's
//! defaults every thread allocates from an arena of its own, so what one pass frees is not reused by
//! the next pass's threads, and blocks above a threshold that grows with use are handed back to the
//! kernel on free and faulted in afresh (zeroed, a page at a time) when asked for again. A third of
//! a run's system time went to such first touches. One arena, a fixed threshold and no trimming of
//! the heap's top keep freed memory for the next allocation instead: on the benchmark package
//! (BENCHMARKS.md) the page faults of a run fall from about 226,000 to 135,000 and its peak memory
//! does not grow. Only the commands that run the engine ask for this; the web server keeps the
//! defaults, whose per-thread arenas suit many small allocations on many threads.

/// Sets up glibc's allocator for the engine (see the module's documentation). Call before the engine
/// starts its threads; elsewhere than on Linux with glibc it does nothing.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn tune_for_passes() {
    /// Blocks up to this size come from the heap and are reused after a free; larger ones (the few
    /// arrays of more than 32 MiB) are mapped on their own and grown by remapping, not copying.
    const MMAP_THRESHOLD: i32 = 32 << 20;
    // SAFETY: `mallopt` only changes allocator parameters; glibc documents these three as safe to set
    // at any time, before or after allocations, from any thread. A refused setting (return value 0)
    // leaves glibc's default in place, which is correct, only slower.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
    }
}

/// Elsewhere than on Linux with glibc the platform's allocator keeps its defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_for_passes() {}
