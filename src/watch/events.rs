//! The site's file events: watched with notify (or by polling), batched
//! (until ~100 ms of quiet, at most ~500 ms after the first event) and
//! classified into the changes a rebuild needs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::classify::{Watched, add, classify};
use crate::build::session::Changes;

pub const QUIET: Duration = Duration::from_millis(100);
pub const MAX_BATCH: Duration = Duration::from_millis(500);

/// The watcher: keeps the notify handle alive and yields changed paths.
pub struct FileEvents {
    _watcher: Box<dyn Watcher + Send>,
    rx: Receiver<PathBuf>,
}

impl FileEvents {
    pub fn new(root: &Path, poll: bool) -> anyhow::Result<FileEvents> {
        let (tx, rx) = channel();
        let handler = move |res: notify::Result<notify::Event>| {
            // Reads (open, close without writing) are not changes: popdoc's own
            // reads of the site would otherwise trigger rebuilds forever.
            let Ok(ev) = res else { return };
            use notify::event::{AccessKind, AccessMode, EventKind};
            if matches!(ev.kind, EventKind::Access(k) if k != AccessKind::Close(AccessMode::Write))
            {
                return;
            }
            for p in ev.paths {
                let _ = tx.send(p);
            }
        };
        let watcher: Box<dyn Watcher + Send> = if poll {
            // Polling compares contents too: modification times are kept in whole
            // seconds, so an edit within the same second would go unseen. Only
            // the site's sources are polled, never the (large) output folders.
            let cfg = notify::Config::default()
                .with_poll_interval(Duration::from_millis(200))
                .with_compare_contents(true);
            let mut w = notify::PollWatcher::new(handler, cfg)?;
            for part in ["popdoc.toml", "content", "templates", "themes", "rules"] {
                let p = root.join(part);
                if p.exists() {
                    w.watch(&p, RecursiveMode::Recursive)?;
                }
            }
            Box::new(w)
        } else {
            let mut w = notify::recommended_watcher(handler)?;
            w.watch(root, RecursiveMode::Recursive)?;
            Box::new(w)
        };
        Ok(FileEvents {
            _watcher: watcher,
            rx,
        })
    }

    /// Waits for the next batch of changes that matter, or `None` when `stop`
    /// is set. A batch ends after `QUIET` without events or `MAX_BATCH` after
    /// its first event.
    pub fn next_batch(
        &self,
        root: &Path,
        watched: &Watched,
        stop: &AtomicBool,
        day_moved: &dyn Fn() -> bool,
    ) -> Option<Changes> {
        let mut plan = Changes::default();
        let mut first: Option<Instant> = None;
        loop {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            let wait = match first {
                None => Duration::from_millis(200),
                Some(t) => QUIET.min(MAX_BATCH.saturating_sub(t.elapsed())),
            };
            match self.rx.recv_timeout(wait) {
                Ok(p) => {
                    if let Some(c) = classify(root, watched, &p) {
                        add(&mut plan, c);
                        first.get_or_insert_with(Instant::now);
                    }
                    if first.is_some_and(|t| t.elapsed() >= MAX_BATCH) {
                        return Some(plan);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    if first.is_some() {
                        return Some(plan);
                    }
                    if day_moved() {
                        plan.day = true;
                        return Some(plan);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}

/// What a session watches, relative to the site root: the folders it
/// ignores, and files outside the usual places that count as settings (the
/// centre's logo: every document carries it).
pub fn watched(config: &crate::config::Config) -> Watched {
    Watched {
        ignored: vec![
            PathBuf::from(&config.output_dir),
            PathBuf::from(&config.client_dir),
            PathBuf::from("target"),
            PathBuf::from(".git"),
        ],
        settings: crate::config::filled(&config.centrum.logo)
            .map(PathBuf::from)
            .into_iter()
            .collect(),
    }
}

/// Sets a flag on Ctrl-C (once per process).
pub fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let s = stop.clone();
    // A second handler cannot be set (tests may start several loops): ignore.
    let _ = ctrlc::set_handler(move || s.store(true, Ordering::SeqCst));
    stop
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_day_is_a_batch_without_any_file() {
        let dir = tempfile::tempdir().unwrap();
        let events = FileEvents::new(dir.path(), false).unwrap();
        let stop = AtomicBool::new(false);
        let batch = events
            .next_batch(dir.path(), &Watched::default(), &stop, &|| true)
            .expect("a batch");
        assert!(batch.day && batch.dossiers.is_empty() && !batch.is_empty());
        // Without a new day and without files, it waits (until stopped).
        let calls = std::cell::Cell::new(0);
        let wake = || {
            calls.set(calls.get() + 1);
            if calls.get() > 2 {
                stop.store(true, Ordering::SeqCst);
            }
            false
        };
        assert!(
            events
                .next_batch(dir.path(), &Watched::default(), &stop, &wake)
                .is_none()
        );
    }
}
