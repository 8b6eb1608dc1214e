//! The memory target: every output of the site held in memory for `serve`,
//! by path, with the client bundles under `__popdoc/klant/`. A PDF waits as
//! a [`DeferredPdf`] until it is first asked for, then is made by the same
//! render code as in `build`. A dossier whose last edit cannot be read keeps
//! its last good files with its problems as an overlay; a rebuild that fails
//! as a whole keeps everything with the error over every page.

use std::collections::BTreeMap;
use std::ops::Bound;
#[cfg(feature = "pdf")]
use std::sync::Mutex;
use std::sync::{Arc, RwLock};

use super::target::{DossierFiles, Folder, Fresh, Target, TargetResult, Unwritten};
use crate::diag::{Diagnostic, Lang};
use crate::model::Site;
use crate::render::DeferredPdf;
use crate::render::view::{DiagView, diag_views};
use crate::source::Sources;
use crate::write::Artifact;

/// Where `serve` shows the client's bundle of a dossier, in memory only.
pub const PREVIEW: &str = "__popdoc/klant/";

/// What is over a served page.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The last rebuild failed as a whole (a template error, a broken
    /// popdoc.toml): the last good version is shown.
    Failed(String),
    /// The dossier's problems: it cannot be read (its last good version is
    /// shown), or a document of it could not be made.
    Dossier(Vec<DiagView>),
}

/// A file as `serve` answers it.
#[derive(Debug, Clone)]
pub struct Served {
    /// The output path it was found under (`an/index.html` for `/an/`).
    pub path: String,
    pub bytes: Arc<[u8]>,
    pub overlay: Option<Overlay>,
}

#[derive(Debug, Default)]
struct State {
    files: BTreeMap<String, Arc<[u8]>>,
    pending: BTreeMap<String, DeferredPdf>,
    overlays: BTreeMap<String, Vec<DiagView>>,
    error: Option<String>,
    generation: u64,
    sources: Arc<Sources>,
    lang: Lang,
}

/// The site in memory, shared by the session (which writes) and the server
/// (which reads).
#[derive(Default)]
pub struct Memory {
    state: RwLock<State>,
    /// Makes deferred PDFs (one at a time).
    #[cfg(feature = "pdf")]
    compiler: Mutex<Option<crate::render::pdf::Compiler>>,
    /// Makes the large ones, so that a small PDF never waits behind a large
    /// one; made (a fork sharing the fonts) only when a large one is asked.
    #[cfg(feature = "pdf")]
    heavy: Mutex<Option<crate::render::pdf::Compiler>>,
}

/// The keys of `map` that start with `prefix`: one range of a sorted map.
fn prefixed<V>(map: &BTreeMap<String, V>, prefix: &str) -> Vec<String> {
    map.range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
        .map(|(k, _)| k)
        .take_while(|k| k.starts_with(prefix))
        .cloned()
        .collect()
}

fn remove_prefixed<V>(map: &mut BTreeMap<String, V>, prefix: &str) {
    for k in prefixed(map, prefix) {
        map.remove(&k);
    }
}

/// Where a file of `folder` is served.
fn served_path(folder: Folder, path: &str) -> String {
    match folder {
        Folder::Out => path.to_string(),
        Folder::Client => format!("{PREVIEW}{path}"),
    }
}

impl Memory {
    pub fn new() -> Memory {
        Memory::default()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The compiler that makes deferred PDFs (after the theme changed, a new one).
    #[cfg(feature = "pdf")]
    pub fn set_compiler(&self, c: crate::render::pdf::Compiler) {
        *self.heavy.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.compiler.lock().unwrap_or_else(|e| e.into_inner()) = Some(c);
    }

    /// Records a rebuild that failed as a whole: the last good output stays,
    /// with `message` over every page.
    pub fn fail(&self, message: String) {
        let mut s = self.write();
        s.error = Some(message);
        s.generation += 1;
    }

    /// Bumped after every rebuild (the pages reload).
    pub fn generation(&self) -> u64 {
        self.read().generation
    }

    /// Every path held (for tests and the status line).
    pub fn paths(&self) -> Vec<String> {
        self.read().files.keys().cloned().collect()
    }

    /// The file at `key` (or `key/index.html`), a deferred PDF made now;
    /// `Err` with F13's message when that PDF cannot be made.
    pub fn get(&self, key: &str) -> Result<Option<Served>, String> {
        self.make_pending(key)?;
        let s = self.read();
        let (path, bytes) = match s.files.get_key_value(key) {
            Some((k, b)) => (k.clone(), b.clone()),
            None => {
                let k = format!("{}/index.html", key.trim_end_matches('/'));
                let Some(b) = s.files.get(&k) else {
                    return Ok(None);
                };
                (k, b.clone())
            }
        };
        let slug = path
            .strip_prefix(PREVIEW)
            .unwrap_or(&path)
            .split_once('/')
            .map(|(s, _)| s.to_string());
        let overlay = match &s.error {
            Some(e) => Some(Overlay::Failed(e.clone())),
            None => slug
                .and_then(|slug| s.overlays.get(&slug))
                .filter(|v| !v.is_empty())
                .map(|v| Overlay::Dossier(v.clone())),
        };
        Ok(Some(Served {
            path,
            bytes,
            overlay,
        }))
    }

    /// A PDF prepared but not made: made now and kept; one that cannot be
    /// made is F13 over its dossier's pages from now on (and its message).
    fn make_pending(&self, key: &str) -> Result<(), String> {
        #[cfg(feature = "pdf")]
        {
            let job = {
                let s = self.read();
                if s.files.contains_key(key) {
                    return Ok(());
                }
                match s.pending.get(key) {
                    Some(p) => p.clone(),
                    None => return Ok(()),
                }
            };
            let made = if job.heavy() {
                let mut heavy = self.heavy.lock().unwrap_or_else(|e| e.into_inner());
                if heavy.is_none() {
                    let main = self.compiler.lock().unwrap_or_else(|e| e.into_inner());
                    *heavy = main.as_ref().map(crate::render::pdf::Compiler::fork);
                }
                match heavy.as_mut() {
                    Some(c) => job.make(c),
                    None => return Ok(()),
                }
            } else {
                let mut c = self.compiler.lock().unwrap_or_else(|e| e.into_inner());
                match c.as_mut() {
                    Some(c) => job.make(c),
                    None => return Ok(()),
                }
            };
            let mut s = self.write();
            match made {
                Ok(pdf) => {
                    // A rebuild since may have replaced the job: keep the newer one.
                    if s.pending.get(key).is_some_and(|p| p.path == job.path) {
                        s.pending.remove(key);
                        s.files.insert(key.to_string(), pdf.into());
                    }
                    Ok(())
                }
                Err(f13) => {
                    // The job stays: every request says why, until a rebuild.
                    let message = f13.msg.render(s.lang);
                    let views = diag_views(&[*f13], &s.sources, s.lang);
                    let slug = key.strip_prefix(PREVIEW).unwrap_or(key);
                    let slug = slug.split('/').next().unwrap_or_default().to_string();
                    let shown = s.overlays.entry(slug).or_default();
                    let new: Vec<DiagView> = views
                        .into_iter()
                        .filter(|v| !shown.iter().any(|w| w.message == v.message))
                        .collect();
                    if !new.is_empty() {
                        shown.extend(new);
                        s.generation += 1;
                    }
                    Err(message)
                }
            }
        }
        #[cfg(not(feature = "pdf"))]
        {
            let _ = key;
            Ok(())
        }
    }

    fn clear_dossier(s: &mut State, slug: &str) {
        for prefix in [format!("{slug}/"), format!("{PREVIEW}{slug}/")] {
            remove_prefixed(&mut s.files, &prefix);
            remove_prefixed(&mut s.pending, &prefix);
        }
    }
}

impl Target for Memory {
    fn begin(&self, site: &Site) {
        let mut s = self.write();
        s.sources = Arc::new(site.sources.clone());
        s.lang = crate::diag::PAGES;
    }

    fn end(&self) {
        let mut s = self.write();
        s.error = None;
        s.generation += 1;
    }

    fn fresh(&self, _slug: &str) -> Fresh {
        Fresh::default()
    }

    fn held(&self, slug: &str) -> Vec<String> {
        prefixed(&self.read().files, &format!("{slug}/"))
    }

    fn slugs(&self) -> Vec<String> {
        let s = self.read();
        let mut slugs: Vec<String> = s
            .files
            .keys()
            .map(|k| k.strip_prefix(PREVIEW).unwrap_or(k))
            .filter_map(|k| k.split_once('/').map(|(s, _)| s.to_string()))
            .filter(|s| s != "_typst")
            .collect();
        slugs.sort();
        slugs.dedup();
        slugs
    }

    fn put_dossier(&self, files: DossierFiles) -> TargetResult<Vec<Unwritten>> {
        let mut s = self.write();
        if !files.keep_rest {
            Memory::clear_dossier(&mut s, &files.slug);
        }
        for (folder, list) in [(Folder::Out, files.out), (Folder::Client, files.client)] {
            for a in list {
                s.files.insert(served_path(folder, &a.path), a.bytes.into());
            }
        }
        for p in files.deferred {
            s.pending.insert(served_path(p.folder, &p.path), p);
        }
        // Over the pages: the documents that could not be made.
        let failed: Vec<Diagnostic> = files
            .unreadable
            .into_iter()
            .chain(files.findings.into_iter().filter(|d| d.is_error()))
            .collect();
        let views = diag_views(&failed, &s.sources, s.lang);
        if views.is_empty() {
            s.overlays.remove(&files.slug);
        } else {
            s.overlays.insert(files.slug, views);
        }
        Ok(Vec::new())
    }

    fn remove_dossier(&self, slug: &str) -> TargetResult<()> {
        let mut s = self.write();
        Memory::clear_dossier(&mut s, slug);
        s.overlays.remove(slug);
        Ok(())
    }

    fn put_site(&self, folder: Folder, files: Vec<Artifact>) -> TargetResult<()> {
        let mut s = self.write();
        for a in files {
            s.files.insert(served_path(folder, &a.path), a.bytes.into());
        }
        Ok(())
    }
}
