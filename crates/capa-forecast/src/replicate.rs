//! Replications in parallel, with results that do not depend on the number of
//! threads.
//!
//! Each replication draws its random numbers from its own streams, seeded
//! from the master seed, the replication's index and what the numbers are for
//! (see [`stream`]). Threads take replications from a shared counter, and the
//! results are put back in index order, so one thread and eight give the same
//! answer bit for bit.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand_pcg::Pcg64Mcg;

/// The random number generator of every simulation: PCG-64 (a 128-bit
/// multiplicative generator with a permuted output), a few instructions a
/// draw, which matters when a forecast makes millions of them. (ChaCha8, the
/// other candidate, cost a quarter of a replication's time.)
pub type Rng = Pcg64Mcg;

/// SplitMix64's finaliser: spreads nearby numbers (seeds, indices) over all
/// 64 bits, so neighbouring streams start far apart.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// How many replications, from which seed, on how many threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replications {
    /// Number of replications.
    pub reps: usize,
    /// Master seed.
    pub seed: u64,
    /// Threads to run them on; 0 means one per core.
    pub threads: usize,
}

impl Replications {
    /// `reps` replications from `seed`, one thread per core.
    pub fn new(reps: usize, seed: u64) -> Self {
        Self {
            reps,
            seed,
            threads: 0,
        }
    }

    /// The same, on `threads` threads (0: one per core).
    pub fn on_threads(self, threads: usize) -> Self {
        Self { threads, ..self }
    }

    /// Threads that will actually run: as asked (or one per core), never more
    /// than there are replications, at least one.
    pub fn thread_count(&self) -> usize {
        let wanted = if self.threads == 0 {
            std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
        } else {
            self.threads
        };
        wanted.min(self.reps).max(1)
    }
}

/// Purposes per replication: a replication may use this many streams.
pub const STREAMS_PER_REPLICATION: u64 = 8;

/// The random numbers of replication `replication` for purpose `purpose`
/// (below [`STREAMS_PER_REPLICATION`]): a generator whose 128-bit state
/// comes from the master seed and `replication x 8 + purpose`, each mixed by
/// SplitMix64. Streams are then distinct points of a 2^126-long cycle: the
/// chance that two of a forecast's overlap is far below 2^-60. Separate
/// purposes (arrivals, outcomes ...) keep one kind of draw from shifting
/// another when an input changes, so two runs that differ only in, say, the
/// referral rate share the rest of their randomness (common random numbers).
pub fn stream(seed: u64, replication: usize, purpose: u64) -> Rng {
    debug_assert!(purpose < STREAMS_PER_REPLICATION);
    let index = replication as u64 * STREAMS_PER_REPLICATION + purpose;
    let high = mix(seed ^ mix(index));
    let low = mix(high ^ index.rotate_left(32) ^ 0x9e37_79b9_7f4a_7c15);
    Rng::new((u128::from(high) << 64) | u128::from(low))
}

/// Runs `run(workspace, index)` for every replication index and returns the
/// results in index order. Each thread makes one workspace with `init` and
/// hands it to each replication it runs, so replications can reuse memory;
/// `run` must leave no trace in it that changes the next result.
pub fn replicate<W, R, I, F>(plan: Replications, init: I, run: F) -> Vec<R>
where
    R: Send,
    I: Fn() -> W + Sync,
    F: Fn(&mut W, usize) -> R + Sync,
{
    let threads = plan.thread_count();
    if threads <= 1 {
        let mut w = init();
        return (0..plan.reps).map(|i| run(&mut w, i)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut w = init();
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= plan.reps {
                            break done;
                        }
                        done.push((i, run(&mut w, i)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut all: Vec<(usize, R)> = parts.drain(..).flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use rand::RngExt;

    use super::*;

    #[test]
    fn results_come_back_in_index_order_whatever_the_threads() {
        let draw = |_: &mut (), i: usize| (i, stream(7, i, 0).random::<u64>());
        let one = replicate(Replications::new(50, 7).on_threads(1), || (), draw);
        let two = replicate(Replications::new(50, 7).on_threads(2), || (), draw);
        let many = replicate(Replications::new(50, 7).on_threads(5), || (), draw);
        assert_eq!(one, two);
        assert_eq!(one, many);
        assert!(one.iter().enumerate().all(|(i, (j, _))| i == *j));
    }

    #[test]
    fn streams_differ_by_replication_purpose_and_seed() {
        let first = |s, r, p| stream(s, r, p).random::<u64>();
        assert_ne!(first(1, 0, 0), first(1, 1, 0));
        assert_ne!(first(1, 0, 0), first(1, 0, 1));
        assert_ne!(first(1, 0, 0), first(2, 0, 0));
        assert_eq!(first(1, 3, 2), first(1, 3, 2));
    }

    #[test]
    fn nearby_seeds_and_indices_give_unrelated_streams() {
        // The first draws of 1,000 neighbouring streams are all different and
        // their low bits are balanced.
        let firsts: Vec<u64> = (0..1000).map(|i| stream(1, i, 0).random::<u64>()).collect();
        let mut sorted = firsts.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 1000);
        let odd = firsts.iter().filter(|x| *x & 1 == 1).count();
        assert!((430..570).contains(&odd), "{odd}");
    }

    #[test]
    fn thread_count_is_bounded_by_the_work() {
        assert_eq!(Replications::new(3, 0).on_threads(8).thread_count(), 3);
        assert_eq!(Replications::new(0, 0).on_threads(2).thread_count(), 1);
        assert!(Replications::new(100, 0).thread_count() >= 1);
    }
}
