//! The loaded site: its settings, rule sets, sources and one entry per
//! dossier folder, as the engine assembles it from what `load` read.

use std::path::PathBuf;

use super::{Dossier, RuleSets};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::source::Sources;

/// A whole site, loaded.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub rulesets: RuleSets,
    pub sources: Sources,
    /// Problems of the site itself (config, rule sets).
    pub diags: Vec<Diagnostic>,
    /// Checks over the whole site, made after the dossiers were checked
    /// (`validate::site_checks`).
    pub checks: Vec<Diagnostic>,
    pub entries: Vec<Entry>,
    /// `[centrum] logo`, as the settings read it.
    pub logo: Option<crate::load::image::Image>,
    /// A hash of the logo's bytes (empty without one): part of every
    /// document's cache key, computed once.
    pub logo_key: String,
}

/// One folder in `content/`.
#[derive(Debug)]
pub struct Entry {
    pub slug: String,
    pub dir: PathBuf,
    /// Absent when index.md is missing or its front matter could not be read.
    pub dossier: Option<Dossier>,
    /// What reading and lowering the folder found (the format rules).
    pub lowered: Vec<Diagnostic>,
    /// Those and the findings of the last check, in reading order.
    pub diags: Vec<Diagnostic>,
}

/// A site whose settings cannot be trusted: nothing may be written.
#[derive(Debug, thiserror::Error)]
#[error("{report}{}", crate::diag::say("ui-broken-settings"))]
pub struct BrokenSettings {
    pub report: String,
}

impl Site {
    /// Errors in `popdoc.toml` or in `rules/`: with those the output folders,
    /// the centre's details or the rule sets may be wrong, so `build`,
    /// `watch` and `serve` write nothing (a default `output_dir` could be the
    /// wrong folder; a dropped rule set would change the verdicts).
    pub fn settings_errors(&self) -> Vec<&Diagnostic> {
        self.diags
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| {
                d.loc.as_ref().is_some_and(|l| {
                    let name = &self.sources.get(l.file).name;
                    name == "popdoc.toml" || name.starts_with("rules/")
                })
            })
            .collect()
    }

    /// `Err` with the located errors when the settings cannot be trusted.
    pub fn ensure_usable(&self) -> Result<(), BrokenSettings> {
        let errors: Vec<Diagnostic> = self.settings_errors().into_iter().cloned().collect();
        if errors.is_empty() {
            return Ok(());
        }
        Err(BrokenSettings {
            report: crate::diag::emit(
                &errors,
                &self.sources,
                self.config.language,
                crate::diag::Format::Human,
            ),
        })
    }

    /// Every finding of the site, each said once: a finding at the same
    /// place with the same words is one finding, also when several dossiers
    /// carry it (R58 on the centre's enterprise number holds back every
    /// attest of the site).
    pub fn all_diags(&self) -> impl Iterator<Item = &Diagnostic> {
        let mut seen = std::collections::HashSet::new();
        self.diags
            .iter()
            .chain(self.checks.iter())
            .chain(self.entries.iter().flat_map(|e| e.diags.iter()))
            .filter(move |d| match &d.loc {
                Some(l) => seen.insert((
                    d.rule,
                    l.file,
                    l.range.start,
                    l.range.end,
                    d.msg.render(crate::diag::Lang::Nl),
                )),
                None => true,
            })
    }
}
