//! The live session behind `watch` and `serve`: a site kept in memory with its
//! rendered files, rebuilt in parts as files change. A change is classified
//! (one dossier, templates, or everything); a dossier whose files can no longer
//! be read keeps its last good output, with its diagnostics as an overlay.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::app::check_entry;
use crate::diag::{self, Lang};
use crate::model::{Entry, Site, load_entry, load_site};
use crate::render::site::{BuildOptions, EntryOutput, SiteRenderer};
use crate::render::view::{DiagView, diag_views};
use crate::render::workers::par_map;
use crate::write::Artifact;

/// What a changed path asks for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `popdoc.toml` or `rules/`: reload everything.
    Full,
    /// `templates/` or `themes/`: reload templates, re-render everything.
    Templates,
    /// One dossier folder under `content/`.
    Dossier(String),
}

/// Classifies a changed path (absolute or relative to `root`); `None` for
/// paths that do not affect the site (output folders, editor swap files, ...).
pub fn classify(root: &Path, ignored: &[PathBuf], path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if rel.is_absolute() || ignored.iter().any(|i| rel.starts_with(i)) {
        return None;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_string_lossy().into_owned(),
            _ => String::new(),
        })
        .collect();
    let name = parts.last()?;
    if is_scratch(name) || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    match parts[0].as_str() {
        "popdoc.toml" if parts.len() == 1 => Some(Change::Full),
        "rules" => Some(Change::Full),
        "templates" | "themes" => Some(Change::Templates),
        "content" if parts.len() >= 2 => {
            let slug = &parts[1];
            if slug.starts_with('_') || slug.starts_with('.') {
                None
            } else if !crate::text::valid_slug(slug) {
                // Reported (F14) and never built: a full reload says so.
                Some(Change::Full)
            } else {
                Some(Change::Dossier(slug.clone()))
            }
        }
        _ => None,
    }
}

/// Editor and system scratch files: swap, backup, lock and temp files.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|e| name.ends_with(e))
}

/// The set of changes of one batch, reduced to what must be rebuilt.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    pub full: bool,
    pub templates: bool,
    pub dossiers: BTreeSet<String>,
}

impl Plan {
    pub fn add(&mut self, c: Change) {
        match c {
            Change::Full => self.full = true,
            Change::Templates => self.templates = true,
            Change::Dossier(s) => {
                self.dossiers.insert(s);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.full && !self.templates && self.dossiers.is_empty()
    }

    /// A short description for the status line.
    pub fn describe(&self) -> String {
        if self.full {
            "alles (instellingen of regels)".into()
        } else if self.templates {
            "sjablonen".into()
        } else {
            self.dossiers.iter().cloned().collect::<Vec<_>>().join(", ")
        }
    }
}

/// What the server shows: every output file by path, the overlays of dossiers
/// whose last edit could not be read, and a generation counter for reloads.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    /// PDFs prepared but made only on their first request (`serve`), by path.
    pub pending: BTreeMap<String, crate::render::site::DeferredPdf>,
    /// The engine that makes them.
    #[cfg(feature = "pdf")]
    pub engine: Option<Arc<std::sync::Mutex<crate::render::pdf::Engine>>>,
    pub overlays: BTreeMap<String, Vec<DiagView>>,
    /// A rebuild that failed as a whole (a template error, an unreadable
    /// popdoc.toml): shown over every page until a rebuild succeeds.
    pub error: Option<String>,
    pub generation: u64,
}

/// The outcome of one rebuild, for the status line.
#[derive(Debug, Clone)]
pub struct Report {
    pub what: String,
    pub took: Duration,
    pub errors: usize,
    pub warnings: usize,
    /// Paths (in the output folder) that were rendered anew.
    pub rendered: Vec<Artifact>,
    /// Files for the client folder that were rendered anew.
    pub client: Vec<Artifact>,
    /// Outputs on disk kept as they were (the first build of `watch`).
    pub kept: usize,
}

impl Report {
    pub fn line(&self, lang: Lang) -> String {
        let kept = match (self.kept, lang) {
            (0, _) => String::new(),
            (n, Lang::Nl) => format!(" · {n} uit de cache"),
            (n, _) => format!(" · {n} from the cache"),
        };
        format!(
            "[popdoc] {}: {} ms{kept} · {}",
            self.what,
            self.took.as_millis(),
            diag::summary(self.errors, self.warnings, lang)
        )
    }
}

/// Where `serve` shows the client's bundle of a dossier, in memory only.
pub const PREVIEW: &str = "__popdoc/klant/";

/// How a session is run.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// `--theme`, over `theme` in popdoc.toml.
    pub theme: Option<String>,
    /// Render each dossier's client bundle under `PREVIEW` (serve only).
    pub previews: bool,
    /// `--today`: the day deadlines and retention are reckoned from.
    pub today: Option<crate::date::Date>,
    /// `watch`: the outputs go to disk, and the first build keeps those there
    /// whose inputs did not change (the incremental cache of `build`).
    pub disk: bool,
}

pub struct Session {
    pub root: PathBuf,
    pub site: Site,
    renderer: SiteRenderer,
    opts: BuildOptions,
    session: SessionOptions,
    pub output: Arc<RwLock<Output>>,
    /// Client files by path, for `watch` to write.
    pub client: BTreeMap<String, Vec<u8>>,
    /// Outputs on disk that the first build found current and did not make
    /// again (`watch`): still outputs of the site, not held in memory. Paths
    /// as the keys of a sorted map, as the files in memory.
    kept: BTreeMap<String, ()>,
    kept_client: BTreeMap<String, ()>,
    /// The cache key of each output of the first build, for `save_cache`.
    keys: Vec<(String, String)>,
    client_keys: Vec<(String, String)>,
}

/// The site as the session sees it: its settings usable, `--theme` applied.
fn load(root: &Path, session: &SessionOptions) -> anyhow::Result<Site> {
    let mut site = load_site(root)?;
    site.ensure_usable()?;
    if let Some(t) = &session.theme {
        site.config.theme = t.clone();
    }
    Ok(site)
}

/// A dossier is unreadable when its files could not be split or parsed: then its
/// last good output stays and its problems are shown over it.
fn unreadable(e: &Entry) -> bool {
    e.dossier.is_none() || e.diags.iter().any(|d| d.rule == "F01" && d.is_error())
}

impl Session {
    /// Loads, checks and renders the whole site (held-back documents as drafts).
    pub fn new(root: &Path, session: SessionOptions) -> anyhow::Result<(Session, Report)> {
        let start = Instant::now();
        let site = load(root, &session)?;
        let cache = session.disk.then(|| {
            Arc::new(crate::cache::OnDisk::load(
                &site.root.join(&site.config.output_dir),
                &site.root.join(&site.config.client_dir),
            ))
        });
        let renderer = SiteRenderer::new(&site)?;
        let output = Arc::new(RwLock::new(Output::default()));
        #[cfg(feature = "pdf")]
        if session.previews
            && let Ok(mut o) = output.write()
        {
            o.engine = Some(Arc::new(std::sync::Mutex::new(renderer.engine())));
        }
        let mut s = Session {
            root: root.to_path_buf(),
            site,
            renderer,
            opts: BuildOptions {
                drafts: true,
                today: crate::deadlines::today(session.today),
                // serve starts with the pages; each PDF is made when asked for.
                defer_pdfs: session.previews,
                progress: None,
                cache,
                ..BuildOptions::default()
            },
            session,
            output,
            client: BTreeMap::new(),
            kept: BTreeMap::new(),
            kept_client: BTreeMap::new(),
            keys: Vec::new(),
            client_keys: Vec::new(),
        };
        // The first build's files are in `output` (and on disk for `watch`):
        // no copies for the report.
        let report = s.rebuild_all("alles", start, false)?;
        // Later rebuilds make what changed; a kept file is not checked again.
        s.opts.cache = None;
        Ok((s, report))
    }

    /// Applies one batch of changes.
    pub fn apply(&mut self, plan: &Plan) -> anyhow::Result<Report> {
        let start = Instant::now();
        if plan.full {
            // Broken settings: keep the last good output (the caller shows why).
            let site = load(&self.root, &self.session)?;
            self.renderer = SiteRenderer::new(&site)?;
            self.refresh_engine();
            self.site = site;
            return self.rebuild_all(&plan.describe(), start, true);
        }
        if plan.templates {
            self.renderer = SiteRenderer::new(&self.site)?;
            self.refresh_engine();
            return self.rebuild_all(&plan.describe(), start, true);
        }
        let mut rendered = Vec::new();
        let mut client = Vec::new();
        let today = crate::deadlines::today(self.session.today);
        for slug in &plan.dossiers {
            let dir = self.site.root.join("content").join(slug);
            let pos = self.site.entries.iter().position(|e| &e.slug == slug);
            if !dir.is_dir() {
                if let Some(i) = pos {
                    self.site.entries.remove(i);
                }
                self.replace(slug, None);
                continue;
            }
            let mut e = load_entry(
                &self.site.root,
                &dir,
                &self.site.rulesets,
                &mut self.site.sources,
            )?;
            check_entry(&self.site.config, &mut e, today);
            let out = self.render_or_keep(&e)?;
            match pos {
                Some(i) => self.site.entries[i] = e,
                None => {
                    let at = self.site.entries.partition_point(|x| x.slug < *slug);
                    self.site.entries.insert(at, e);
                }
            }
            if let Some(out) = out {
                rendered.extend(out.out.iter().cloned());
                client.extend(out.client.iter().cloned());
                self.replace(slug, Some(out));
            }
        }
        self.site.checks = crate::validate::site_checks(&self.site.entries);
        let index = self.renderer.render_index(&self.site, &self.opts)?;
        rendered.extend(index.iter().cloned());
        self.publish_index(&index);
        Ok(self.report(plan.describe(), start, rendered, client))
    }

    /// Renders every dossier; `copies`: the report lists the files made (for
    /// `watch` to write).
    fn rebuild_all(&mut self, what: &str, start: Instant, copies: bool) -> anyhow::Result<Report> {
        let today = crate::deadlines::today(self.session.today);
        for e in &mut self.site.entries {
            check_entry(&self.site.config, e, today);
        }
        let mut rendered = Vec::new();
        let mut client = Vec::new();
        let slugs: BTreeSet<String> = self.site.entries.iter().map(|e| e.slug.clone()).collect();
        // Dossiers that disappeared since the last build.
        let gone: Vec<String> = {
            let out = self
                .output
                .read()
                .map_err(|_| anyhow::anyhow!("output lock poisoned"))?;
            out.files
                .keys()
                .chain(self.kept.keys())
                .filter_map(|k| k.split_once('/').map(|(s, _)| s.to_string()))
                .filter(|s| !slugs.contains(s) && s != "_typst")
                .collect()
        };
        for slug in gone {
            self.replace(&slug, None);
        }
        // Every dossier, on one worker per core (as `build`).
        let (site, output, kept, opts) = (&self.site, &*self.output, &self.kept, &self.opts);
        let previews = self.session.previews;
        let outs = par_map(&self.renderer, &site.entries, |r, e| {
            render_or_keep(r, site, output, kept, opts, previews, e)
        })?;
        for (i, out) in outs.into_iter().enumerate() {
            let out = out?;
            let slug = self.site.entries[i].slug.clone();
            if let Some(out) = out {
                if copies {
                    rendered.extend(out.out.iter().cloned());
                    client.extend(out.client.iter().cloned());
                }
                self.replace(&slug, Some(out));
            }
        }
        self.site.checks = crate::validate::site_checks(&self.site.entries);
        let index = self.renderer.render_index(&self.site, &self.opts)?;
        if copies {
            rendered.extend(index.iter().cloned());
        }
        self.publish_index(&index);
        Ok(self.report(what.to_string(), start, rendered, client))
    }

    /// Renders an entry, or, when it cannot be read and an earlier good output
    /// exists, records its diagnostics as an overlay and keeps that output.
    fn render_or_keep(&mut self, e: &Entry) -> anyhow::Result<Option<EntryOutput>> {
        render_or_keep(
            &mut self.renderer,
            &self.site,
            &self.output,
            &self.kept,
            &self.opts,
            self.session.previews,
            e,
        )
    }

    /// Replaces the files of one dossier (all of them when `out` is `None`).
    /// Its keys form one range of each sorted map, so this costs the dossier's
    /// own files, not the site's.
    fn replace(&mut self, slug: &str, out: Option<EntryOutput>) {
        let prefix = format!("{slug}/");
        let preview = format!("{PREVIEW}{slug}/");
        remove_prefixed(&mut self.client, &prefix);
        remove_prefixed(&mut self.kept, &prefix);
        remove_prefixed(&mut self.kept_client, &prefix);
        if let Some(out) = &out
            && self.opts.cache.is_some()
        {
            // The first build of `watch`: what it kept, and every key.
            self.kept.extend(out.kept.iter().map(|k| (k.clone(), ())));
            self.kept_client
                .extend(out.kept_client.iter().map(|k| (k.clone(), ())));
            self.keys.extend(out.keys.iter().cloned());
            self.client_keys.extend(out.client_keys.iter().cloned());
        }
        let Ok(mut o) = self.output.write() else {
            return;
        };
        for p in [&prefix, &preview] {
            remove_prefixed(&mut o.files, p);
            remove_prefixed(&mut o.pending, p);
        }
        let Some(out) = out else {
            o.overlays.remove(slug);
            return;
        };
        for a in out.out {
            o.files.insert(a.path, Arc::new(a.bytes));
        }
        for p in out.deferred {
            o.pending.insert(p.path.clone(), p);
        }
        for a in out.client {
            self.client.insert(a.path, a.bytes);
        }
    }

    /// The engine for PDFs made on request follows the theme (serve).
    fn refresh_engine(&self) {
        #[cfg(feature = "pdf")]
        if self.session.previews
            && let Ok(mut o) = self.output.write()
        {
            o.engine = Some(Arc::new(std::sync::Mutex::new(self.renderer.engine())));
        }
    }

    fn publish_index(&mut self, index: &[Artifact]) {
        if let Ok(mut o) = self.output.write() {
            o.error = None;
            for a in index {
                o.files.insert(a.path.clone(), Arc::new(a.bytes.clone()));
            }
            o.generation += 1;
        }
    }

    fn report(
        &self,
        what: String,
        start: Instant,
        rendered: Vec<Artifact>,
        client: Vec<Artifact>,
    ) -> Report {
        let diags: Vec<_> = self.site.all_diags().cloned().collect();
        let (errors, warnings) = diag::counts(&diags);
        Report {
            what,
            took: start.elapsed(),
            errors,
            warnings,
            rendered,
            client,
            kept: if self.opts.cache.is_some() {
                self.kept.len() + self.kept_client.len()
            } else {
                0
            },
        }
    }

    /// Records a failed rebuild: the last good output stays, the error is shown.
    pub fn fail(&self, message: String) {
        if let Ok(mut o) = self.output.write() {
            o.error = Some(message);
            o.generation += 1;
        }
    }

    /// Every current output path (for the manifest when writing to disk),
    /// kept files included.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: BTreeSet<String> = self.kept.keys().cloned().collect();
        if let Ok(o) = self.output.read() {
            paths.extend(
                o.files
                    .keys()
                    .filter(|k| !k.starts_with("__popdoc/"))
                    .cloned(),
            );
        }
        paths.into_iter().collect()
    }

    /// Every current path of the client folder, kept files included.
    pub fn client_paths(&self) -> Vec<String> {
        let mut paths: BTreeSet<String> = self.kept_client.keys().cloned().collect();
        paths.extend(self.client.keys().cloned());
        paths.into_iter().collect()
    }

    /// Records the outputs of the first build in the folders' caches (after
    /// they were written), so that the next `build` or `watch` keeps them.
    pub fn save_cache(&self, out_dir: &Path, client_dir: &Path) -> anyhow::Result<()> {
        crate::cache::Cache::save(out_dir, &self.keys)?;
        if !self.client_keys.is_empty() || client_dir.join(crate::cache::CACHE).is_file() {
            crate::cache::Cache::save(client_dir, &self.client_keys)?;
        }
        Ok(())
    }

    /// All current output files, for a first write to disk.
    pub fn all_files(&self) -> Vec<Artifact> {
        self.output
            .read()
            .map(|o| {
                o.files
                    .iter()
                    .filter(|(k, _)| !k.starts_with("__popdoc/"))
                    .map(|(k, v)| Artifact::new(k.clone(), v.as_ref().clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Renders an entry, or, when it cannot be read and an earlier good output
/// exists, records its diagnostics as an overlay and keeps that output. A
/// document that could not be made (F13) is shown in the overlay too.
fn render_or_keep(
    renderer: &mut SiteRenderer,
    site: &Site,
    output: &RwLock<Output>,
    kept: &BTreeMap<String, ()>,
    opts: &BuildOptions,
    previews: bool,
    e: &Entry,
) -> anyhow::Result<Option<EntryOutput>> {
    let lock = || {
        output
            .write()
            .map_err(|_| anyhow::anyhow!("output lock poisoned"))
    };
    {
        let mut out = lock()?;
        let prefix = format!("{}/", e.slug);
        let had_output = prefixed(&out.files, &prefix).next().is_some()
            || prefixed(kept, &prefix).next().is_some();
        if unreadable(e) {
            let views = diag_views(&e.diags, &site.sources, site.config.language);
            out.overlays.insert(e.slug.clone(), views);
            if had_output {
                return Ok(None);
            }
        } else {
            out.overlays.remove(&e.slug);
        }
    }
    let mut r = renderer.render_entry(site, e, opts)?;
    if previews {
        let bundle = renderer.render_bundle(site, e, opts)?;
        r.out.extend(
            bundle
                .files
                .into_iter()
                .map(|a| Artifact::new(format!("{PREVIEW}{}", a.path), a.bytes)),
        );
        r.deferred.extend(bundle.deferred.into_iter().map(|mut p| {
            p.path = format!("{PREVIEW}{}", p.path);
            p
        }));
    }
    if !r.failed.is_empty() {
        let views = diag_views(&r.failed, &site.sources, site.config.language);
        lock()?
            .overlays
            .entry(e.slug.clone())
            .or_default()
            .extend(views);
    }
    Ok(Some(r))
}

/// The keys that start with `prefix`: one range of a sorted map.
fn prefixed<'a, V>(
    map: &'a BTreeMap<String, V>,
    prefix: &'a str,
) -> impl Iterator<Item = &'a String> + 'a {
    map.range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
        .map(|(k, _)| k)
        .take_while(move |k| k.starts_with(prefix))
}

/// Removes the keys that start with `prefix`.
fn remove_prefixed<V>(map: &mut BTreeMap<String, V>, prefix: &str) {
    let keys: Vec<String> = prefixed(map, prefix).cloned().collect();
    for k in keys {
        map.remove(&k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_one_dossiers_keys_only() {
        let mut m: BTreeMap<String, u8> = [
            "an/index.html",
            "an/pop-1.pdf",
            "an-b/index.html",
            "ana/index.html",
            "am/index.html",
            "an.html",
        ]
        .into_iter()
        .map(|k| (k.to_string(), 0))
        .collect();
        remove_prefixed(&mut m, "an/");
        let left: Vec<&str> = m.keys().map(String::as_str).collect();
        assert_eq!(
            left,
            [
                "am/index.html",
                "an-b/index.html",
                "an.html",
                "ana/index.html"
            ]
        );
        remove_prefixed(&mut m, "zz/");
        assert_eq!(m.len(), 4);
    }

    #[test]
    fn classifies_paths() {
        let root = Path::new("/site");
        let ignored = vec![PathBuf::from("public"), PathBuf::from("klant")];
        let c = |p: &str| classify(root, &ignored, Path::new(p));
        assert_eq!(c("/site/popdoc.toml"), Some(Change::Full));
        assert_eq!(c("/site/rules/x.toml"), Some(Change::Full));
        assert_eq!(c("/site/templates/pop.html"), Some(Change::Templates));
        assert_eq!(
            c("/site/content/an/index.md"),
            Some(Change::Dossier("an".into()))
        );
        assert_eq!(c("/site/content/an"), Some(Change::Dossier("an".into())));
        assert_eq!(c("/site/content/an/.index.md.swp"), None);
        assert_eq!(c("/site/content/an/index.md~"), None);
        assert_eq!(c("/site/content/an/4913"), None);
        assert_eq!(c("/site/content/_concept/index.md"), None);
        assert_eq!(c("/site/public/an/index.html"), None);
        assert_eq!(c("/site/klant/an/pop-1.pdf"), None);
        assert_eq!(c("/site/README.md"), None);
        assert_eq!(c("/elders/content/an/index.md"), None);
    }

    #[test]
    fn plan_reduces_changes() {
        let mut p = Plan::default();
        assert!(p.is_empty());
        p.add(Change::Dossier("b".into()));
        p.add(Change::Dossier("a".into()));
        assert_eq!(p.describe(), "a, b");
        p.add(Change::Full);
        assert!(p.full);
    }
}
