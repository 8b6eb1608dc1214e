//! CPU time, for `build --timings` and the benchmarks: how much of a run's
//! work is Typst's and how much popdoc's own.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// CPU time of the calling thread so far (zero where the OS cannot tell).
pub fn thread() -> Duration {
    clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time of the whole process so far, all threads (user and system).
pub fn process() -> Duration {
    clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn clock(which: libc::clockid_t) -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for clock_gettime to fill in.
    if unsafe { libc::clock_gettime(which, &mut t) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        t.tv_sec.max(0) as u64,
        t.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

/// A sum of CPU time spent in one kind of work, from any thread.
#[derive(Debug, Default)]
pub struct Counter {
    nanos: AtomicU64,
    count: AtomicU64,
}

impl Counter {
    pub const fn new() -> Counter {
        Counter {
            nanos: AtomicU64::new(0),
            count: AtomicU64::new(0),
        }
    }

    /// Runs `f`, adding the thread's CPU time it took, and counts one.
    pub fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        self.count.fetch_add(1, Ordering::Relaxed);
        self.time_more(f)
    }

    /// Runs `f`, adding the thread's CPU time it took to the last one counted.
    pub fn time_more<T>(&self, f: impl FnOnce() -> T) -> T {
        let start = thread();
        let out = f();
        let spent = thread().saturating_sub(start);
        self.nanos.fetch_add(
            u64::try_from(spent.as_nanos()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        out
    }

    /// The total so far and how many times `time` ran.
    pub fn total(&self) -> (Duration, u64) {
        (
            Duration::from_nanos(self.nanos.load(Ordering::Relaxed)),
            self.count.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_cpu_time_of_the_work_it_timed() {
        let c = Counter::new();
        let spin = |ms: u64| {
            let end = thread() + Duration::from_millis(ms);
            let mut x = 0u64;
            while thread() < end {
                x = x.wrapping_add(1);
            }
            x
        };
        c.time(|| spin(30));
        std::thread::sleep(Duration::from_millis(30));
        let (spent, n) = c.total();
        assert_eq!(n, 1);
        // The sleep is not CPU time.
        assert!(
            spent >= Duration::from_millis(30) && spent < Duration::from_millis(55),
            "{spent:?}"
        );
        assert!(process() >= spent);
    }
}
