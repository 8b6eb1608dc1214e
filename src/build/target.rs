//! Where a run's files go: a small trait with two implementations, the disk
//! (`disk.rs`: journal, manifest, atomic writes, the lock) and memory
//! (`memory.rs`: what `serve` answers from). The engine hands each dossier's
//! files to the target as soon as the dossier is done, so memory does not grow
//! with the site.

use crate::diag::Diagnostic;
pub use crate::render::{Folder, Fresh};
use crate::write::Artifact;

/// Everything one dossier produced in a run.
#[derive(Debug, Default)]
pub struct DossierFiles {
    pub slug: String,
    /// Files made now, for each folder.
    pub out: Vec<Artifact>,
    pub client: Vec<Artifact>,
    /// Outputs not made again: their files on disk are current (`Fresh`).
    pub kept_out: Vec<String>,
    pub kept_client: Vec<String>,
    /// The cache key of every output of the dossier (made or kept).
    pub keys_out: Vec<(String, String)>,
    pub keys_client: Vec<(String, String)>,
    /// The client files include the dossier's whole bundle (`--client`):
    /// what the client folder held of it before may go.
    pub bundle: bool,
    /// PDFs left to make on request (`serve` only).
    pub deferred: Vec<crate::render::DeferredPdf>,
    /// Documents that could not be made (F13) and characters no font has (F15).
    pub findings: Vec<Diagnostic>,
    /// The problems of a dossier that cannot be read (its broken page is all
    /// there is of it): shown over its pages where the target can.
    pub unreadable: Vec<Diagnostic>,
    /// Keep every other file the target holds of the dossier: it cannot be
    /// read now, so its last good outputs stay (only its page, marked
    /// "verouderd", is new).
    pub keep_rest: bool,
}

/// A file the target could not write (its name is too long, a folder is in
/// its way): that document is missing, the rest of the run goes on.
#[derive(Debug)]
pub struct Unwritten {
    pub path: String,
    pub error: crate::write::WriteError,
}

/// A target refused or failed to take a file.
pub type TargetResult<T> = Result<T, crate::write::WriteError>;

/// Where the engine puts a run's files.
pub trait Target: Sync {
    /// A run of the engine over `site` begins.
    fn begin(&self, _site: &crate::model::Site) {}

    /// The run ended well (`serve` reloads its pages).
    fn end(&self) {}

    /// The outputs of `slug` still current on disk, by cache key (empty for a
    /// target without a cache).
    fn fresh(&self, slug: &str) -> Fresh;

    /// Whether an earlier run left outputs of `slug` (a last good output
    /// to keep while the dossier cannot be read).
    fn has_outputs(&self, slug: &str) -> bool {
        !self.held(slug).is_empty()
    }

    /// The paths of the output folder the target holds of `slug`.
    fn held(&self, slug: &str) -> Vec<String>;

    /// The dossiers the target holds outputs of.
    fn slugs(&self) -> Vec<String>;

    /// A dossier's files: they replace what the target held of the dossier
    /// (all of it, unless `keep_rest`). A file that cannot be written for a
    /// reason of its own is returned; a failure of the folder (a full disk, no
    /// rights) is an error that stops the run.
    fn put_dossier(&self, files: DossierFiles) -> TargetResult<Vec<Unwritten>>;

    /// A dossier that is gone: its files go.
    fn remove_dossier(&self, slug: &str) -> TargetResult<()>;

    /// The site's own files of one folder (the index, the stylesheet, the
    /// Typst theme of `--emit-typst`): they replace the earlier ones.
    fn put_site(&self, folder: Folder, files: Vec<Artifact>) -> TargetResult<()>;
}
