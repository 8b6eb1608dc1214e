//! `popdoc watch` and the loop behind `popdoc serve`: watch the site with
//! notify (or by polling), batch bursts of events (until ~100 ms of quiet, at
//! most ~500 ms), rebuild what changed, and report one status line per rebuild.
//! A content error never stops the loop; Ctrl-C stops it and deletes nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::live::{Plan, Report, Session, classify};
use crate::write;

pub const QUIET: Duration = Duration::from_millis(100);
pub const MAX_BATCH: Duration = Duration::from_millis(500);

/// Where rebuilt files go.
pub enum Sink {
    /// Write HTML and PDFs into the output (and client) folders, atomically.
    Disk {
        out_dir: PathBuf,
        client_dir: PathBuf,
    },
    /// Only keep them in memory (the server reads `Session::output`).
    Memory,
}

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
    pub fn next_batch(&self, root: &Path, ignored: &[PathBuf], stop: &AtomicBool) -> Option<Plan> {
        let mut plan = Plan::default();
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
                    if let Some(c) = classify(root, ignored, &p) {
                        plan.add(c);
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
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}

/// The folders the loop ignores, relative to the site root.
pub fn ignored(session: &Session) -> Vec<PathBuf> {
    vec![
        PathBuf::from(&session.site.config.output_dir),
        PathBuf::from(&session.site.config.client_dir),
        PathBuf::from("target"),
        PathBuf::from(".git"),
    ]
}

/// Sets a flag on Ctrl-C (once per process).
pub fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let s = stop.clone();
    // A second handler cannot be set (tests may start several loops): ignore.
    let _ = ctrlc::set_handler(move || s.store(true, Ordering::SeqCst));
    stop
}

/// Writes a rebuild's files to disk: new files atomically, stale ones removed.
pub fn write_report(session: &Session, report: &Report, sink: &Sink) -> anyhow::Result<()> {
    let Sink::Disk {
        out_dir,
        client_dir,
    } = sink
    else {
        return Ok(());
    };
    let paths = session.paths();
    write::write_incremental(out_dir, &paths, &report.rendered)?;
    let client_paths = session.client_paths();
    if !client_paths.is_empty() || client_dir.join(write::MANIFEST).is_file() {
        write::write_incremental(client_dir, &client_paths, &report.client)?;
    }
    Ok(())
}

/// Runs the loop until Ctrl-C. `on_rebuild` is called after each rebuild.
pub fn run_loop(
    mut session: Session,
    events: &FileEvents,
    sink: &Sink,
    stop: &AtomicBool,
    mut on_rebuild: impl FnMut(&Session),
) -> anyhow::Result<()> {
    let root = session.root.clone();
    let root = root.canonicalize().unwrap_or(root);
    let ignored = ignored(&session);
    let lang = session.site.config.language;
    while let Some(plan) = events.next_batch(&root, &ignored, stop) {
        if plan.is_empty() {
            continue;
        }
        let result = session.apply(&plan);
        match result {
            Ok(report) => {
                if let Err(e) = write_report(&session, &report, sink) {
                    eprintln!("[popdoc] schrijven mislukt: {e:#}");
                }
                println!("{}", report.line(lang));
            }
            // A template error or an unreadable popdoc.toml: report, keep the
            // last good output (with the error over it), and go on watching.
            Err(e) => {
                let message = format!("{}: {e:#}", plan.describe());
                eprintln!("[popdoc] {message}");
                session.fail(message);
            }
        }
        on_rebuild(&session);
    }
    Ok(())
}
