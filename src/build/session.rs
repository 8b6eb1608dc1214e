//! A long-running session of the engine, behind `watch` and `serve`: the
//! site kept in memory, checked and rendered in parts as files change. The
//! changes come from the driver (`watch::classify` turns paths into
//! [`Changes`]); the files go to the target the driver gives each rebuild.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::{Engine, Options, RunReport, Target, Which};
use crate::date::Date;
use crate::diag::{self, Diagnostic, Lang, Msg};
use crate::model::Site;

/// What changed since the last rebuild.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// `popdoc.toml` or `rules/`: everything is read again.
    pub settings: bool,
    /// `templates/` or `themes/`: the theme is read again, every dossier rendered.
    pub templates: bool,
    /// Dossier folders under `content/`, by slug.
    pub dossiers: BTreeSet<String>,
    /// No file changed, but the day did (a session left running past
    /// midnight): states, to-dos and deadlines move on.
    pub day: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.settings && !self.templates && self.dossiers.is_empty() && !self.day
    }

    /// A short description for the status line.
    pub fn describe(&self, lang: Lang) -> String {
        let only_the_day = !self.settings && !self.templates && self.dossiers.is_empty();
        if only_the_day {
            return diag::say_in("ui-changes-day", lang);
        }
        match (self.settings, self.templates) {
            (true, _) => diag::say_in("ui-changes-settings", lang),
            (false, true) => diag::say_in("ui-changes-templates", lang),
            (false, false) => self.dossiers.iter().cloned().collect::<Vec<_>>().join(", "),
        }
    }
}

/// The outcome of one rebuild, for the status line.
#[derive(Debug)]
pub struct Report {
    pub what: String,
    pub took: Duration,
    pub errors: usize,
    pub warnings: usize,
    pub todos: usize,
    /// Outputs kept from the cache (the first build of `watch`).
    pub cached: usize,
    pub run: RunReport,
}

impl Report {
    pub fn line(&self, lang: Lang) -> String {
        let kept = match self.cached {
            0 => String::new(),
            n => format!(" · {}", Msg::new("ui-from-cache").arg("n", n).render(lang)),
        };
        format!(
            "[popdoc] {}: {} ms{kept} · {}",
            self.what,
            self.took.as_millis(),
            diag::summary(self.errors, self.warnings, self.todos, lang)
        )
    }
}

/// The engine and the site it keeps.
pub struct Session {
    pub engine: Engine,
    pub site: Site,
    opts: Options,
    /// The day the site was last checked: when it moves on (a session left
    /// running past midnight), everything is checked and rendered again.
    checked_on: Date,
    /// What rendering found (F13, F15) per dossier, as of the last run that
    /// rendered it: a rebuild of one dossier counts the others' too.
    findings: std::collections::BTreeMap<String, Vec<Diagnostic>>,
}

impl Session {
    /// Reads and checks the whole site (nothing is written: broken settings
    /// stop here).
    pub fn new(engine: Engine, opts: Options) -> anyhow::Result<Session> {
        let today = engine.today();
        let mut site = engine.load()?;
        site.ensure_usable()?;
        engine.check(&mut site, today);
        Ok(Session {
            engine,
            site,
            opts,
            checked_on: today,
            findings: Default::default(),
        })
    }

    /// The first rebuild: every dossier into `target`, keeping what it holds
    /// current (the cache of `build`, when the target has one).
    pub fn first(&mut self, target: &dyn Target) -> anyhow::Result<Report> {
        let started = Instant::now();
        let what = diag::say_in("ui-changes-all", self.lang());
        let today = self.checked_on;
        self.run_all(what, started, today, target)
    }

    pub fn lang(&self) -> Lang {
        self.engine.lang()
    }

    /// Whether the day moved on since the site was last checked (never with
    /// `--today`).
    pub fn day_moved(&self) -> bool {
        self.engine.today() != self.checked_on
    }

    /// Applies one batch of changes. An error (a template that does not
    /// parse, a broken popdoc.toml) leaves the target as it was.
    pub fn apply(&mut self, changes: &Changes, target: &dyn Target) -> anyhow::Result<Report> {
        let started = Instant::now();
        let what = changes.describe(self.lang());
        let today = self.engine.today();
        if changes.settings {
            let engine = Engine::new(self.engine.settings().flags())?;
            let mut site = engine.load()?;
            site.ensure_usable()?;
            engine.check(&mut site, today);
            self.engine = engine;
            self.site = site;
            self.checked_on = today;
            return self.run_all(what, started, today, target);
        }
        if changes.templates {
            self.engine.reload_theme()?;
        }
        if changes.templates || today != self.checked_on {
            for slug in &changes.dossiers {
                self.engine.reload(&mut self.site, slug, today)?;
            }
            self.engine.check(&mut self.site, today);
            self.checked_on = today;
            return self.run_all(what, started, today, target);
        }
        for slug in &changes.dossiers {
            self.engine.reload(&mut self.site, slug, today)?;
        }
        let which = Which::Some(changes.dossiers.clone());
        self.run(what, started, today, &which, target)
    }

    /// Renders every dossier, keeping what the target holds current.
    fn run_all(
        &mut self,
        what: String,
        started: Instant,
        today: Date,
        target: &dyn Target,
    ) -> anyhow::Result<Report> {
        self.opts.cache = true;
        let r = self.run(what, started, today, &Which::All, target);
        self.opts.cache = false;
        r
    }

    fn run(
        &mut self,
        what: String,
        started: Instant,
        today: Date,
        which: &Which,
        target: &dyn Target,
    ) -> anyhow::Result<Report> {
        let run = self
            .engine
            .render(&self.site, today, which, &self.opts, target)?;
        if matches!(which, Which::All) {
            self.findings.clear();
        }
        for (slug, found) in &run.findings_of {
            self.findings.insert(slug.clone(), found.clone());
        }
        // A dossier that is gone takes its findings along.
        let site = &self.site;
        self.findings
            .retain(|slug, _| site.entries.iter().any(|e| &e.slug == slug));
        let diags: Vec<&Diagnostic> = self
            .site
            .all_diags()
            .chain(self.findings.values().flatten())
            .collect();
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags
            .iter()
            .filter(|d| d.severity == diag::Severity::Warning)
            .count();
        Ok(Report {
            what,
            took: started.elapsed(),
            errors,
            warnings,
            todos: diags.iter().filter(|d| d.is_todo()).count(),
            cached: run.cached,
            run,
        })
    }

    /// The findings of the last rebuild (F13, F15), as short lines for the
    /// terminal.
    pub fn findings_text(&self, report: &Report) -> String {
        diag::emit(
            &report.run.findings,
            &self.site.sources,
            self.lang(),
            diag::Format::Short,
        )
    }
}
