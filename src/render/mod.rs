//! Rendering: which documents a dossier gets (and which are held back by its
//! errors), the view structs each document is rendered from, and the HTML and
//! PDF renderers. Everything here is a function from the model, its
//! diagnostics and the theme's files to bytes and findings (F13, F15): it
//! reads no file and calls nobody back; the engine (`crate::build`) decides
//! what to render and where the bytes go.

pub mod bundle;
pub mod chart;
pub mod document;
pub(crate) mod entry;
#[cfg(feature = "pdf")]
pub mod fonts;
pub mod html;
#[cfg(feature = "pdf")]
pub mod job;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod print;
pub mod site;
pub mod view;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Scope};
use crate::model::Dossier;
use crate::text::slug;
use crate::write::Artifact;

pub use document::DeferredPdf;
pub use site::{SiteRenderer, TemplateTally};

/// How documents are rendered in a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Make PDFs (off with `build --no-pdf`: HTML only).
    pub pdf: bool,
    /// Render held-back documents with the "ONTWERP" mark.
    pub drafts: bool,
    /// Add each PDF's Typst main and data file.
    pub emit_typst: bool,
    /// Prepare PDFs but make them only when asked for (`serve`).
    pub defer_pdfs: bool,
    /// The day of the run (the dashboard, states, retention).
    pub today: crate::date::Date,
    /// The dossiers whose print (`dossier-<slug>.pdf`) is asked for; a print
    /// made earlier is kept current in every run.
    pub print: std::collections::BTreeSet<String>,
}

/// The two folders a site writes: the centre's own (`output_dir`) and the
/// one for clients (`client_dir`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Folder {
    Out,
    Client,
}

/// Outputs of one dossier still on disk as a run with the same cache key
/// left them: (folder, path) -> key. Rendering compares keys only; the
/// engine's target looked at the disk.
#[derive(Debug, Clone, Default)]
pub struct Fresh {
    pub files: BTreeMap<(Folder, String), String>,
}

impl Fresh {
    /// Whether `path` of `folder` is still the output of `key`.
    pub fn holds(&self, folder: Folder, path: &str, key: &str) -> bool {
        self.files
            .get(&(folder, path.to_string()))
            .is_some_and(|k| k == key)
    }
}

/// The cache key of the page of problems of a dossier that cannot be read:
/// it marks that no good version of the dossier was made.
pub const UNREADABLE_PAGE: &str = "unreadable";

/// The files of one dossier.
#[derive(Debug, Default)]
pub struct EntryOutput {
    /// Files for the output folder, under `<slug>/`.
    pub out: Vec<Artifact>,
    /// Files for the client folder, under `<slug>/`.
    pub client: Vec<Artifact>,
    /// Documents not written because of their errors.
    pub held_back: usize,
    /// Each of them: its file name and the first error that holds it back
    /// (or the F13 that says why it could not be made).
    pub held: Vec<(String, Option<Diagnostic>)>,
    /// Documents not written yet because their package is still running.
    pub waiting: usize,
    /// Documents that could not be made (F13) and characters no font can
    /// show (F15): they belong to the dossier, which is otherwise written.
    pub findings: Vec<Diagnostic>,
    /// How the site's own templates fared for this dossier.
    pub templates: TemplateTally,
    /// The cache key of every output of the dossier, made now or kept:
    /// (path, key), for the centre's folder and the client folder.
    pub keys_out: Vec<(String, String)>,
    pub keys_client: Vec<(String, String)>,
    /// Outputs not made again: their files on disk are still current.
    pub kept_out: Vec<String>,
    pub kept_client: Vec<String>,
    /// PDFs left to make on request (`serve`).
    pub deferred: Vec<DeferredPdf>,
}

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
    /// The Typst template that makes it.
    pub fn template(&self) -> &'static str {
        match self {
            Doc::Pop(_) | Doc::ClientPop(_) => "pop.typ",
            Doc::Checklist(_) => "checklist.typ",
            Doc::Attest(_) => "attest.typ",
        }
    }

    /// File name within the dossier's folder.
    pub fn file_name(&self, d: &Dossier) -> String {
        match self {
            Doc::Pop(n) | Doc::ClientPop(n) => format!("pop-{n}.pdf"),
            Doc::Checklist(n) => format!("checklist-pop-{n}.pdf"),
            Doc::Attest(i) => attest_file_name(&d.opleidingen[*i].naam.v),
        }
    }

    /// Whether an error in `diag` holds this document back (dossier-format.md,
    /// Outputs): a POP by its file and its cheque's rules, a checklist by its
    /// POP file, an attest by its own rules and the POP it names.
    /// A to-do holds its documents back too: they are not finished. So does
    /// R03 whatever its severity (a package closed early makes it a
    /// warning): a POP without a finalisation date is never definitief.
    pub fn held_back_by(&self, d: &Dossier, diag: &Diagnostic) -> bool {
        if !diag.is_error() && !diag.is_todo() && diag.rule != "R03" {
            return false;
        }
        match (self, diag.scope) {
            (_, Scope::Dossier | Scope::Site) => true,
            (_, Scope::Trajectory) => false,
            (Doc::Pop(n) | Doc::ClientPop(n), Scope::Cheque(c) | Scope::Pop(c)) => *n == c,
            (Doc::Checklist(n), Scope::Pop(c)) => *n == c,
            (Doc::Checklist(_), _) => false,
            (Doc::Attest(i), Scope::Attest(j)) => *i == j,
            // An attest rests on its POP: whatever holds the POP back (its
            // file, its cheque's rules) holds the attest back too.
            (Doc::Attest(i), Scope::Pop(c) | Scope::Cheque(c)) => d.opleidingen[*i]
                .pop
                .as_ref()
                .is_some_and(|p| p.v == i64::from(c)),
            (Doc::Pop(_) | Doc::ClientPop(_), _) => false,
        }
    }
}

/// `attest-<training>.pdf`: the training's slug, or for a long name (a file
/// name may hold 255 bytes) its first words and a short hash of the whole.
pub fn attest_file_name(training: &str) -> String {
    use crate::limits::MAX_NAME_SLUG;
    let full = slug(training);
    if full.len() <= MAX_NAME_SLUG + 10 {
        return format!("attest-{full}.pdf");
    }
    let hash = crate::cache::key(&[training.as_bytes()]);
    format!(
        "attest-{}-{}.pdf",
        crate::text::slug_within(training, MAX_NAME_SLUG),
        &hash[..8]
    )
}

/// The documents a dossier has, each with whether it is held back.
pub fn documents(d: &Dossier, diags: &[Diagnostic]) -> Vec<(Doc, bool)> {
    let mut docs = Vec::new();
    for p in &d.pops {
        if d.privacy.pop_in_dossier {
            docs.push(Doc::Pop(p.n));
        } else {
            docs.push(Doc::Checklist(p.n));
            if p.text.holds_pop() {
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

/// How the trajectory page (and the build's messages) name a document.
pub fn doc_label(d: &Dossier, doc: &Doc) -> String {
    match doc {
        Doc::Pop(n) => format!("POP ({}): PDF", d.package_name(*n)),
        Doc::ClientPop(n) => format!(
            "POP ({}) voor de klant (in de klantenmap)",
            d.package_name(*n)
        ),
        Doc::Checklist(n) => format!("Checklist POP ({})", d.package_name(*n)),
        Doc::Attest(i) => format!("Attest opleiding: {}", d.opleidingen[*i].naam.v),
    }
}
