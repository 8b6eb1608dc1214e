//! View structs: for each document exactly the fields it shows, built from the
//! model. Nothing else reaches a template, so no page or PDF can leak a field it
//! never received (session notes and the coach's notes exist only in
//! `NotesView`, rendered only when the site turns the coach's notes view on).

//!
//! This file holds what every view shares (dates, the centre, diagnostics);
//! `documents.rs` the printable documents, `traject.rs` the trajectory page,
//! `index.rs` the dashboard and the notes page.

mod documents;
mod index;
mod traject;

use serde::Serialize;

use crate::config::{Config, filled};
use crate::date::Date;
use crate::diag::{Diagnostic, Lang, Severity};
use crate::model::Dossier;
use crate::validate::Verdict;

pub use documents::{AttestView, ChecklistView, Element, PopView};
pub use index::{ChequeUse, DeadlineView, IndexEntry, NotesView};
pub use traject::{
    CheckView, ChequeView, DocView, OpdrachtView, PhaseView, SessionView, TopicView, TrajectView,
};

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub lang: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView {
            iso: d.to_string(),
            lang: d.dutch_long(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CentrumView {
    pub naam: String,
    pub ondernemingsnummer: String,
    pub adres: String,
    pub telefoon: String,
    pub email: String,
    pub website: String,
    /// The logo's path for Typst (set by the PDF job when there is one).
    pub logo: Option<String>,
}

pub(super) fn centrum(cfg: &Config) -> CentrumView {
    let c = &cfg.centrum;
    let text = |v| filled(v).unwrap_or_default().to_string();
    CentrumView {
        naam: text(&c.naam),
        // As the KBO prints it (`0812.763.592`); a number that is not one is
        // printed as written (its attest is held back by R58).
        ondernemingsnummer: filled(&c.ondernemingsnummer)
            .map(|n| crate::kbo::normalise(n).unwrap_or_else(|_| n.to_string()))
            .unwrap_or_default(),
        adres: text(&c.adres),
        telefoon: text(&c.telefoon),
        email: text(&c.email),
        website: text(&c.website),
        logo: None,
    }
}

pub(super) fn begeleider(d: &Dossier) -> String {
    d.begeleider
        .as_ref()
        .map(|b| b.v.clone())
        .unwrap_or_default()
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagView {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
    /// The same, as HTML: escaped, keys between backticks as `<code>`.
    pub message_html: String,
    pub hint_html: Option<String>,
    pub place: String,
}

pub fn diag_views(
    diags: &[Diagnostic],
    sources: &crate::source::Sources,
    lang: Lang,
) -> Vec<DiagView> {
    diags
        .iter()
        .map(|d| DiagView {
            rule: d.rule,
            severity: d.severity,
            message: d.msg.render(lang),
            hint: d.hint.as_ref().map(|h| h.render(lang)),
            message_html: crate::text::code_html(&d.msg.render(lang)),
            hint_html: d
                .hint
                .as_ref()
                .map(|h| crate::text::code_html(&h.render(lang))),
            place: d.loc.as_ref().map_or(String::new(), |l| {
                let f = sources.get(l.file);
                let (line, col) = f.line_col(l.range.start);
                format!("{}:{line}:{col}", f.name)
            }),
        })
        .collect()
}

/// The verdict of a dossier: "errors", "uncertain", "warnings" or "ok".
pub fn status(d: Option<&Dossier>, diags: &[Diagnostic]) -> Verdict {
    Verdict::of(d, diags)
}
