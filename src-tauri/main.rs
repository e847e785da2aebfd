// No console window on Windows release builds; the CLI still prints to stdout.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// A subcommand goes to the CLI, which never opens a window; none opens it.
fn main() {
    // SAFETY: no thread has started yet (nothing before `main` starts one).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    unsafe {
        allocator::hand_back_freed_memory();
    }
    let cli = blogdesk::cli::parse();
    std::process::exit(match cli.command {
        Some(command) => blogdesk::cli::run(command, cli.drafts.as_deref()),
        None => blogdesk::app::run(cli.drafts),
    });
}

/// How glibc's allocator keeps what the process frees. With its one call
/// in `main`, the one place in the workspace that allows `unsafe` (the
/// libraries forbid it): glibc's settings have no safe binding.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
mod allocator {
    /// Allocations of at least this size get pages of their own, which go
    /// back to the system when freed.
    pub const OWN_PAGES_FROM: usize = 128 * 1024;

    /// Makes freed memory go back to the system instead of staying in the
    /// allocator for ever. With glibc's defaults the app process grew by
    /// ~100 MiB over an hour of writing in a 1 MB post (`make soak`) while
    /// its live heap stayed near 60 MiB: each thread that renders takes an
    /// arena of its own (up to 8 per core) and keeps what it freed, and
    /// the first 1 MB buffer freed raises the threshold for pages of one's
    /// own to above 1 MB (glibc adapts it, up to 32 MiB), so every later
    /// text and HTML buffer of the post comes from the arenas and stays
    /// there. Two arenas, and the threshold fixed at glibc's starting value.
    ///
    /// # Safety
    ///
    /// glibc's `mallopt` is not thread-safe: no other thread may allocate
    /// meanwhile (call it before any thread starts).
    pub unsafe fn hand_back_freed_memory() {
        // SAFETY: the caller's promise; `mallopt` only sets parameters.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
            libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_PAGES_FROM as libc::c_int);
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Bytes in pages of their own (glibc's count).
        fn own_pages() -> usize {
            // SAFETY: `mallinfo2` only reads the allocator's statistics.
            unsafe { libc::mallinfo2() }.hblkhd
        }

        /// A buffer of 1 MB freed and asked for again, as each render of a
        /// 1 MB post does: the second one gets pages of its own too (so
        /// freeing it gives them back), where by default it would come from
        /// the arena, which keeps them. It must stay the only test in this
        /// binary: the counts are the whole process's.
        #[test]
        fn a_freed_megabyte_does_not_teach_the_allocator_to_keep_the_next() {
            // SAFETY: the only test here; libtest's main thread waits for it.
            unsafe { hand_back_freed_memory() };
            for round in 0..3 {
                let before = own_pages();
                let buffer = std::hint::black_box(vec![1u8; 1 << 20]);
                let held = own_pages().saturating_sub(before);
                assert!(
                    held >= 1 << 20,
                    "round {round}: the 1 MiB buffer holds {held} bytes of own pages"
                );
                drop(buffer);
                assert!(
                    own_pages() <= before,
                    "round {round}: its pages were given back"
                );
            }
        }
    }
}
