//! Rendering: which documents a dossier gets (and which are held back by its
//! errors), the view structs each document is rendered from, and the HTML and
//! PDF renderers. Everything here is a pure function from model + diagnostics
//! to bytes; `write` does the IO.

pub mod bundle;
pub mod chart;
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod site;
pub mod theme;
pub mod view;
pub mod workers;

use crate::diag::{Diagnostic, Scope};
use crate::model::Dossier;
use crate::text::slug;

/// A printable document of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    /// `pop-N.pdf` in the output folder (the centre keeps the POP).
    Pop(u8),
    /// `client_dir/<slug>/pop-N.pdf`: the client's own copy of a POP the
    /// centre does not keep.
    ClientPop(u8),
    /// `checklist-pop-N.pdf`, for a POP the client keeps.
    Checklist(u8),
    /// `attest-<training-slug>.pdf`, by index in `[[opleidingen]]`.
    Attest(usize),
}

impl Doc {
    /// File name within the dossier's folder.
    pub fn file_name(&self, d: &Dossier) -> String {
        match self {
            Doc::Pop(n) | Doc::ClientPop(n) => format!("pop-{n}.pdf"),
            Doc::Checklist(n) => format!("checklist-pop-{n}.pdf"),
            Doc::Attest(i) => format!("attest-{}.pdf", slug(&d.opleidingen[*i].naam.v)),
        }
    }

    /// Whether an error in `diag` holds this document back (dossier-format.md,
    /// Outputs): a POP by its file and its cheque's rules, a checklist by its
    /// POP file, an attest by its own rules and the POP it names.
    pub fn held_back_by(&self, d: &Dossier, diag: &Diagnostic) -> bool {
        if !diag.is_error() {
            return false;
        }
        match (self, diag.scope) {
            (_, Scope::Dossier | Scope::Site) => true,
            (_, Scope::Trajectory) => false,
            (Doc::Pop(n) | Doc::ClientPop(n), Scope::Cheque(c) | Scope::Pop(c)) => *n == c,
            (Doc::Checklist(n), Scope::Pop(c)) => *n == c,
            (Doc::Checklist(_), _) => false,
            (Doc::Attest(i), Scope::Attest(j)) => *i == j,
            (Doc::Attest(i), Scope::Pop(c)) => d.opleidingen[*i]
                .pop
                .as_ref()
                .is_some_and(|p| p.v == i64::from(c)),
            (Doc::Pop(_) | Doc::ClientPop(_) | Doc::Attest(_), _) => false,
        }
    }
}

/// The documents a dossier has, each with whether it is held back.
pub fn documents(d: &Dossier, diags: &[Diagnostic]) -> Vec<(Doc, bool)> {
    let mut docs = Vec::new();
    for p in &d.pops {
        if d.privacy.pop_in_dossier {
            docs.push(Doc::Pop(p.n));
        } else {
            docs.push(Doc::Checklist(p.n));
            if !p.text.is_empty() {
                docs.push(Doc::ClientPop(p.n));
            }
        }
    }
    for (i, o) in d.opleidingen.iter().enumerate() {
        if o.attest {
            docs.push(Doc::Attest(i));
        }
    }
    docs.into_iter()
        .map(|doc| {
            let held = diags.iter().any(|g| doc.held_back_by(d, g));
            (doc, held)
        })
        .collect()
}
