//! One diagnostic type for every stage: content problems (rules, format) and
//! template problems alike. A diagnostic carries a catalog message (rendered in
//! Dutch or English at output time), an optional rule, a primary location and
//! the scope it concerns (which documents it holds back).

mod catalog;
mod emit;
pub mod rules;
mod ui;

pub use catalog::{Lang, Msg, PAGES};
pub use emit::{Format, emit, severity_word, summary};

/// The language of this run's messages that are not diagnostics (errors that
/// stop a run, refusals), for the `Display` of error types that cannot carry
/// it: set once the language is known (`--lang`, `POPDOC_LANG`, then the
/// site's), Dutch until then.
static UI_LANG: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

pub fn set_ui_lang(lang: Lang) {
    UI_LANG.store(
        u8::from(lang == Lang::En),
        std::sync::atomic::Ordering::Relaxed,
    );
}

pub fn ui_lang() -> Lang {
    if UI_LANG.load(std::sync::atomic::Ordering::Relaxed) == 1 {
        Lang::En
    } else {
        Lang::Nl
    }
}

/// An operational message (`ui.rs`) in the run's language.
pub fn say(key: &'static str) -> String {
    say_in(key, ui_lang())
}

/// An operational message without arguments in `lang`.
pub fn say_in(key: &'static str, lang: Lang) -> String {
    Msg::new(key).render(lang)
}

/// The text of a message without arguments as the catalog holds it, for
/// labels kept as `&'static str` (a state, a severity); the key itself when
/// it is missing (a bug in popdoc, shown rather than hidden).
pub fn text(key: &'static str, lang: Lang) -> &'static str {
    match catalog::entries().find(|(k, _, _)| *k == key) {
        Some((_, nl, en)) => {
            if lang == Lang::En {
                en
            } else {
                nl
            }
        }
        None => key,
    }
}

use crate::source::Loc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// What is still to be done in a trajectory that is running (a POP not
    /// finalised yet, hours not used yet): neither an error nor a warning;
    /// `check` exits 0 on it, `--deny-warnings` ignores it.
    Todo,
    /// Information that needs no action (a site rule set hides a built-in one);
    /// never counted as a warning, not even with `--deny-warnings`.
    Note,
    Warning,
    Error,
}

/// What a diagnostic concerns, so that only the documents it touches are held back
/// (dossier-format.md, Outputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The site as a whole (config, rule sets).
    Site,
    /// The whole dossier: every document is held back by an error here.
    Dossier,
    /// Cheque N's package rules: hold back `pop-N.pdf`.
    Cheque(u8),
    /// The POP of cheque N (its file): holds back the POP, its checklist and the
    /// attests that rest on it.
    Pop(u8),
    /// The attest of training index i in `[[opleidingen]]`.
    Attest(usize),
    /// The trajectory as a whole, but no printable document (nazorg,
    /// evaluation, retention): holds nothing back.
    Trajectory,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Rule id (`R16`, `F02`); every diagnostic about content has one.
    pub rule: &'static str,
    pub msg: Msg,
    pub hint: Option<Msg>,
    pub loc: Option<Loc>,
    pub scope: Scope,
}

impl Diagnostic {
    pub fn new(rule: &'static str, severity: Severity, msg: Msg) -> Self {
        Diagnostic {
            severity,
            rule,
            msg,
            hint: None,
            loc: None,
            scope: Scope::Dossier,
        }
    }

    pub fn error(rule: &'static str, msg: Msg) -> Self {
        Self::new(rule, Severity::Error, msg)
    }

    pub fn warning(rule: &'static str, msg: Msg) -> Self {
        Self::new(rule, Severity::Warning, msg)
    }

    pub fn note(rule: &'static str, msg: Msg) -> Self {
        Self::new(rule, Severity::Note, msg)
    }

    pub fn at(mut self, loc: Loc) -> Self {
        self.loc = Some(loc);
        self
    }

    pub fn at_opt(mut self, loc: Option<Loc>) -> Self {
        self.loc = loc;
        self
    }

    pub fn hint(mut self, hint: Msg) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_todo(&self) -> bool {
        self.severity == Severity::Todo
    }
}

/// The to-dos of a list of diagnostics.
pub fn todos(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_todo()).count()
}

/// Counts of a list of diagnostics: (errors, warnings); notes and to-dos are
/// not counted.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    (count(Severity::Error), count(Severity::Warning))
}
