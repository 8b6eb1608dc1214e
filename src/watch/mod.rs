//! `popdoc watch`, and the loop behind `popdoc serve`: watch the site
//! (`events.rs`), turn each batch of changed paths into the changes a rebuild
//! needs (`classify.rs`), let the engine's session rebuild what changed, and
//! report one status line per rebuild. A content error never stops the loop;
//! Ctrl-C stops it and deletes nothing.

pub mod classify;
mod events;

use std::sync::atomic::AtomicBool;

pub use events::{FileEvents, stop_flag, watched};

use crate::build::disk::{Disk, DiskOptions};
use crate::build::session::{Changes, Report, Session};
use crate::build::{Engine, Flags, Options};
use crate::diag::Lang;

/// Runs the loop until Ctrl-C: each batch of changes goes to `rebuild`.
pub fn run_loop(
    session: &mut Session,
    events: &FileEvents,
    stop: &AtomicBool,
    mut rebuild: impl FnMut(&mut Session, &Changes),
) {
    let root = session.site.root.clone();
    let root = root.canonicalize().unwrap_or(root);
    loop {
        let watched = watched(&session.site.config);
        let moved = || session.day_moved();
        let Some(mut changes) = events.next_batch(&root, &watched, stop, &moved) else {
            break;
        };
        changes.day |= session.day_moved();
        if !changes.is_empty() {
            rebuild(session, &changes);
        }
    }
}

/// Prints a rebuild's findings (F13, F15) and its status line.
pub fn say(session: &Session, report: &Report) {
    let findings = session.findings_text(report);
    if !findings.is_empty() {
        eprint!("{findings}");
    }
    for stale in &report.run.kept {
        eprintln!("{}", stale.line(session.lang()));
    }
    println!("{}", report.line(session.lang()));
}

/// The last line of `serve` and `watch`.
pub fn say_stopped(lang: Lang) {
    println!("{}", crate::diag::say_in("ui-stopped", lang));
}

/// `popdoc watch`: every rebuild written to the output folders, each under
/// the folders' lock.
pub fn run(flags: &Flags, poll: bool, force: bool, no_wait: bool) -> anyhow::Result<i32> {
    let stop = stop_flag();
    let engine = Engine::new(flags)?;
    let lang = engine.lang();
    let root = flags.root.canonicalize()?;
    let events = FileEvents::new(&root, poll)?;
    let opts = Options {
        drafts: true,
        keep_last_good: true,
        ..Options::default()
    };
    let mut session = Session::new(engine, opts)?;
    // `--no-wait` is for the start: a rebuild after a save waits for another
    // popdoc to finish, so that no save is left unwritten.
    let open = |s: &Session, no_wait: bool| {
        let st = s.engine.settings();
        Disk::open(
            &st.root,
            &st.out_dir(),
            &st.client_dir(),
            DiskOptions {
                force,
                cache: true,
                keep_pdfs: false,
                wait: if no_wait {
                    crate::lock::Wait::No
                } else {
                    crate::lock::Wait::Yes(lang)
                },
            },
        )
    };
    // The first build keeps the outputs on disk that are still current (as
    // `build` does); the rest is written.
    let disk = open(&session, no_wait)?;
    let report = session.first(&disk)?;
    disk.finish()?;
    say(&session, &report);
    println!(
        "{}",
        crate::diag::Msg::new("ui-watching")
            .arg("root", root.display())
            .render(lang)
    );
    run_loop(&mut session, &events, &stop, |session, changes| {
        let what = changes.describe(lang);
        let disk = match open(session, false) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("[popdoc] {what}: {e:#}");
                return;
            }
        };
        // A template error or an unreadable popdoc.toml: report, keep the
        // last good output, and go on watching.
        match session
            .apply(changes, &disk)
            .and_then(|r| Ok((r, disk.finish()?)))
        {
            Ok((report, _)) => say(session, &report),
            Err(e) => eprintln!("[popdoc] {what}: {e:#}"),
        }
    });
    say_stopped(lang);
    Ok(0)
}
