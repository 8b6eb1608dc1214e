//! The progress bar of a long build: on stderr when it is a terminal, shown
//! once the build has run for about a second, gone before the closing line.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// After how long a build shows its bar: quicker builds print nothing extra.
pub const DELAY: Duration = Duration::from_secs(1);

/// Counts the dossiers rendered; safe to share between the workers.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    delay: Duration,
    /// The target the bar moves to once `delay` has passed (taken then).
    target: Mutex<Option<ProgressDrawTarget>>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("position", &self.bar.position())
            .field("length", &self.bar.length())
            .finish()
    }
}

impl Progress {
    /// A bar over `total` dossiers on stderr, or `None` when stderr is not a
    /// terminal (a pipe, a log file, CI) or `TERM=dumb`.
    pub fn for_stderr(total: usize) -> Option<Progress> {
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        if !std::io::stderr().is_terminal() || dumb {
            return None;
        }
        Some(Progress::new(total, DELAY, ProgressDrawTarget::stderr()))
    }

    /// A bar drawn to `target` once `delay` has passed.
    pub fn new(total: usize, delay: Duration, target: ProgressDrawTarget) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        // "dossiers" in Dutch and in English alike.
        let style = ProgressStyle::with_template("{bar:30} {pos}/{len} dossiers · {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style.progress_chars("█▌ "));
        Progress {
            bar,
            started: Instant::now(),
            delay,
            target: Mutex::new(Some(target)),
        }
    }

    /// One dossier done.
    pub fn tick(&self) {
        if self.started.elapsed() >= self.delay
            && let Ok(mut t) = self.target.lock()
            && let Some(target) = t.take()
        {
            self.bar.set_draw_target(target);
        }
        self.bar.inc(1);
    }

    /// Removes the bar (before the closing line is printed).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::{InMemoryTerm, TermLike};

    fn drawn(delay: Duration) -> String {
        let term = InMemoryTerm::new(4, 80);
        let p = Progress::new(
            3,
            delay,
            ProgressDrawTarget::term_like(Box::new(term.clone())),
        );
        p.tick();
        p.tick();
        p.bar.tick();
        let shown = term.contents();
        p.tick();
        p.finish();
        assert_eq!(term.contents().trim(), "", "the bar is gone at the end");
        let _ = term.width();
        shown
    }

    #[test]
    fn a_long_build_shows_its_count() {
        let shown = drawn(Duration::ZERO);
        assert!(shown.contains("2/3 dossiers"), "{shown:?}");
    }

    #[test]
    fn a_short_build_draws_nothing() {
        assert_eq!(drawn(Duration::from_secs(3600)).trim(), "");
    }
}
