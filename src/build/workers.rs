//! The worker threads that render dossiers, for every run of the engine.

use crate::render::SiteRenderer;

/// Stack of a rendering worker (a Typst compile needs more than the 2 MiB a
/// spawned thread gets by default).
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// How many dossiers are rendered at once: `POPDOC_THREADS`, else one per
/// core; never more than there are dossiers.
fn worker_count(dossiers: usize) -> usize {
    let wanted = std::env::var("POPDOC_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    wanted.min(dossiers).max(1)
}

/// `f` over `items` on worker threads, one fork of `base` (a warm engine)
/// each, taking the next item from a shared counter; the results in the order
/// of `items`. Plain threads, not rayon tasks: Typst runs its own work on a
/// rayon pool and, while it waits, a rayon worker would start other dossiers
/// inside the same stack (more in flight, memory and CPU time counted twice).
pub fn par_map<T, R, F>(base: &SiteRenderer, items: &[T], f: F) -> anyhow::Result<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&mut SiteRenderer, &T) -> R + Sync,
{
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let next = AtomicUsize::new(0);
    let threads = worker_count(items.len());
    let mut all: Vec<(usize, R)> = std::thread::scope(|scope| -> anyhow::Result<_> {
        let handles = (0..threads)
            .map(|i| {
                std::thread::Builder::new()
                    .name(format!("popdoc-render-{i}"))
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, || {
                        let mut r = base.fork();
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Relaxed);
                            let Some(item) = items.get(i) else { break };
                            done.push((i, f(&mut r, item)));
                        }
                        done
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut all = Vec::new();
        for h in handles {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok(all)
    })?;
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, r)| r).collect())
}
