//! Independent work shared across the machine's cores: the notices of a
//! gazette, the files of an import. A province's archive is hundreds of
//! megabytes of text, and reading it on one core left the others idle.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// Set on a worker: a `map` inside a `map` (a gazette's notices while the
    /// import reads files side by side) runs where it is, so the threads never
    /// outnumber the cores.
    static IN_WORKER: Cell<bool> = const { Cell::new(false) };
}

/// `f` over every item, on as many threads as there are cores, the results
/// in the items' order. Each thread takes the next item as it finishes one,
/// so a long item does not hold up a thread's share. A panic in `f` is
/// raised again here.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(items.len());
    if threads < 2 || IN_WORKER.get() {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        IN_WORKER.set(true);
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break done };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
        let joined = workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        joined.flatten().collect()
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so the threads finish out of order.
        let squares = map(&items, |&n| {
            std::hint::black_box((0..(n % 7) * 1000).sum::<u64>());
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn a_map_inside_a_map_runs_on_its_worker() {
        let outer: Vec<usize> = (0..8).collect();
        let threads = map(&outer, |_| {
            let inner = map(&[1, 2, 3], |_| std::thread::current().id());
            inner.iter().all(|id| *id == std::thread::current().id())
        });
        assert!(threads.iter().all(|same| *same));
    }

    #[test]
    fn no_items_no_threads() {
        let none: Vec<i32> = Vec::new();
        assert!(map(&none, |n| n + 1).is_empty());
    }
}
