//! Work spread over the machine's cores, for the few jobs that read or check
//! many drafts at once (a folder's first listing, an export's plan).

/// `f` applied to every item, in order, on up to every core (at most 8):
/// one thread per chunk when there are at least `min` items, else on the
/// caller's thread. A panic in `f` reaches the caller, as on one thread.
pub fn map<T: Sync, U: Send>(items: &[T], min: usize, f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    // (The cores are asked only when there is enough to share.)
    if items.len() < min.max(2) || threads() == 1 {
        return items.iter().map(&f).collect();
    }
    let threads = threads();
    let per = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(per)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<U>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The cores to use (at most 8), asked of the system once: the answer
/// reads the process's cgroup files, which costs more than a small job.
fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order_on_every_core_and_on_one() {
        let items: Vec<u32> = (0..1000).collect();
        let want: Vec<u32> = items.iter().map(|x| x * 3).collect();
        assert_eq!(super::map(&items, 10, |x| x * 3), want);
        assert_eq!(super::map(&items, 5000, |x| x * 3), want);
        assert!(super::map(&[] as &[u32], 0, |x| *x).is_empty());
    }
}
