//! The build engine: the one way through for every command. Settings are
//! resolved once (`settings.rs`); then `load` reads the site, `model` lowers
//! it, `validate` checks it, and `render` turns each dossier into bytes and
//! findings on worker threads, each dossier's files handed to a [`Target`]
//! as soon as it is done: the disk (`disk.rs`) or memory (`memory.rs`).
//!
//! `check` uses the first half ([`Engine::checked`]); `build` renders the
//! whole site to disk; `watch` and `serve` keep a [`session::Session`] that
//! renders what changed, to disk or to memory. A driver decides when the
//! engine runs and where its files go, never how a dossier is read, checked
//! or rendered.

pub mod disk;
pub mod memory;
pub mod session;
mod settings;
mod target;
mod workers;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

pub use settings::{Flags, Settings, SettingsError};
pub use target::{DossierFiles, Folder, Fresh, Target, TargetResult};

use crate::date::Date;
use crate::diag::{Diagnostic, Lang};
use crate::load::LoadError;
use crate::model::{Entry, Site};
use crate::render::{SiteRenderer, TemplateTally};

/// Which client bundles a run makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Bundles {
    /// None: a plain run leaves every bundle as it is.
    #[default]
    None,
    /// One dossier's bundle (`build --client`).
    One(String),
    /// Every published dossier's; the bundles of others are removed
    /// (`build --clients`).
    All,
    /// Every dossier's, as a preview (`serve`, in memory only).
    Previews,
}

impl Bundles {
    /// Whether a run makes the bundle of `e`.
    fn makes(&self, e: &Entry) -> bool {
        match self {
            Bundles::None => false,
            Bundles::One(slug) => *slug == e.slug,
            Bundles::All => e.dossier.as_ref().is_some_and(|d| d.privacy.publiceren),
            Bundles::Previews => true,
        }
    }

    /// Whether a run decides what the client folder holds of `e` (its bundle
    /// included): with `--clients` an unpublished dossier loses its bundle.
    fn decides(&self, e: &Entry) -> bool {
        match self {
            Bundles::None => false,
            Bundles::One(slug) => *slug == e.slug,
            Bundles::All | Bundles::Previews => true,
        }
    }
}

/// How a run renders.
#[derive(Debug, Clone)]
pub struct Options {
    /// Make PDFs (off with `build --no-pdf`).
    pub pdf: bool,
    /// Write held-back documents with the "ONTWERP" mark.
    pub drafts: bool,
    /// Write each PDF's Typst main and data file next to it.
    pub emit_typst: bool,
    /// Keep outputs the target found current for their cache keys.
    pub cache: bool,
    /// Prepare PDFs but make them only when asked for (`serve`).
    pub defer_pdfs: bool,
    pub bundles: Bundles,
    /// A dossier that cannot be read keeps the outputs the target holds of it.
    pub keep_last_good: bool,
    /// The progress bar of `build` on a terminal.
    pub progress: Option<Arc<crate::progress::Progress>>,
    /// The dossiers whose print is asked for (`popdoc print`).
    pub print: BTreeSet<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pdf: true,
            drafts: false,
            emit_typst: false,
            cache: false,
            defer_pdfs: false,
            bundles: Bundles::None,
            keep_last_good: false,
            progress: None,
            print: BTreeSet::new(),
        }
    }
}

/// The dossiers a run renders.
#[derive(Debug, Clone)]
pub enum Which {
    /// The whole site: outputs of dossiers that are gone are removed.
    All,
    /// These dossiers (by slug) and the index; a slug no longer in the site
    /// has its outputs removed.
    Some(BTreeSet<String>),
}

impl Which {
    fn includes(&self, slug: &str) -> bool {
        match self {
            Which::All => true,
            Which::Some(s) => s.contains(slug),
        }
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct RunReport {
    /// Paths rendered in this run (not kept from the cache), in the order
    /// they were handed to the target.
    pub made: Vec<String>,
    /// Outputs kept from the cache.
    pub cached: usize,
    /// Documents held back by their errors (or that could not be made).
    pub held_back: usize,
    /// Each of them: (dossier, file name, the first reason).
    pub held: Vec<(String, String, Option<Diagnostic>)>,
    /// Documents that wait for their package to finish (held back by to-dos
    /// only).
    pub waiting: usize,
    /// F13 and F15, in dossier order.
    pub findings: Vec<Diagnostic>,
    /// The same, per dossier rendered in this run (also those without any).
    pub findings_of: BTreeMap<String, Vec<Diagnostic>>,
    /// Dossiers that could not be read and kept their last good outputs.
    pub kept: Vec<Stale>,
}

/// A dossier that kept its last good outputs, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub slug: String,
    /// Whether an earlier run left a good version (kept now); else the
    /// dossier was never made and only its page of problems is there.
    pub good_version: bool,
    /// "pop-1.md kan niet gelezen worden (F01, regel 3)".
    pub why: String,
}

impl Stale {
    /// "verouderd: klant: pop-1.md kan niet gelezen worden (...)", for the
    /// terminal.
    pub fn line(&self, lang: Lang) -> String {
        crate::text::terminal_safe(
            &crate::diag::Msg::new(if self.good_version {
                "stale"
            } else {
                "stale-never"
            })
            .arg("slug", &self.slug)
            .arg("why", &self.why)
            .render(lang),
        )
    }
}

/// The engine of one site: its settings and a warm renderer.
pub struct Engine {
    settings: Settings,
    renderer: Option<SiteRenderer>,
}

/// A dossier whose files cannot be split or parsed: its problems are shown
/// over its pages (`serve`).
pub fn unreadable(e: &Entry) -> bool {
    e.dossier.is_none() || e.diags.iter().any(|d| d.rule == "F01" && d.is_error())
}

/// Why a dossier keeps its last good outputs, if it does: a file that cannot
/// be read (F01, F05, F11) or a value that is impossible or missing (F03,
/// F04). Its outputs would otherwise be made from a model that lost those
/// values, and an archive would be emptied by one typo.
pub fn stale_cause(e: &Entry) -> Option<&Diagnostic> {
    e.diags
        .iter()
        .find(|d| d.is_error() && matches!(d.rule, "F01" | "F03" | "F04" | "F05" | "F11"))
        .or_else(|| {
            e.diags
                .iter()
                .find(|d| d.is_error())
                .filter(|_| e.dossier.is_none())
        })
}

/// "pop-1.md kan niet gelezen worden (F01, regel 3)": the file of `cause`.
fn stale_reason(site: &Site, cause: &Diagnostic, lang: Lang) -> String {
    let place = cause.loc.as_ref().map(|l| {
        let f = site.sources.get(l.file);
        let name = f.name.rsplit('/').next().unwrap_or(&f.name).to_string();
        (name, f.line_col(l.range.start).0)
    });
    let (name, line) = place.unwrap_or_else(|| ("index.md".into(), 1));
    crate::diag::Msg::new("stale-reason")
        .arg("file", name)
        .arg("rule", cause.rule)
        .arg("line", line)
        .render(lang)
}

impl Engine {
    /// Resolves the settings of the site in `flags` (exit code 2 when that fails).
    pub fn new(flags: &Flags) -> Result<Engine, SettingsError> {
        Ok(Engine {
            settings: Settings::resolve(flags)?,
            renderer: None,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The language of messages and status lines.
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// The day of a run (`--today`, else asked anew each time).
    pub fn today(&self) -> Date {
        self.settings.today()
    }

    /// Reads and lowers every dossier: the `load` and `model` stages.
    pub fn load(&self) -> Result<Site, LoadError> {
        let s = &self.settings;
        let mut sources = s.sources.clone();
        let mut diags = s.diags.clone();
        let dirs = crate::load::dossier::folders(&s.root, &mut sources, &mut diags)?;
        let mut entries = Vec::with_capacity(dirs.len());
        for dir in dirs {
            let raw = crate::load::dossier::read(&s.root, &dir, &mut sources)?;
            entries.push(crate::model::lower_entry(raw, &s.rulesets, &sources));
        }
        Ok(Site {
            root: s.root.clone(),
            config: s.config.clone(),
            rulesets: s.rulesets.clone(),
            sources,
            diags,
            checks: Vec::new(),
            entries,
            logo: s.logo.clone(),
            logo_key: s
                .logo
                .as_ref()
                .map(|l| blake3::hash(&l.bytes).to_hex().to_string())
                .unwrap_or_default(),
        })
    }

    /// Reads one dossier folder of `site` again (or drops it when its folder
    /// is gone), then checks it as of `today`.
    pub fn reload(&self, site: &mut Site, slug: &str, today: Date) -> Result<(), LoadError> {
        let dir = site.root.join("content").join(slug);
        let pos = site.entries.iter().position(|e| e.slug == slug);
        if !dir.is_dir() || !crate::text::valid_slug(slug) {
            if let Some(i) = pos {
                site.entries.remove(i);
            }
            return Ok(());
        }
        let raw = crate::load::dossier::read(&site.root, &dir, &mut site.sources)?;
        let mut e = crate::model::lower_entry(raw, &site.rulesets, &site.sources);
        check_entry(&site.config, &mut e, today);
        match pos {
            Some(i) => site.entries[i] = e,
            None => {
                let at = site.entries.partition_point(|x| x.slug.as_str() < slug);
                site.entries.insert(at, e);
            }
        }
        site.checks = crate::validate::site_checks(&site.entries, &site.config);
        Ok(())
    }

    /// Runs every rule over every dossier of `site`, as of `today` (again:
    /// the findings of an earlier check are replaced).
    pub fn check(&self, site: &mut Site, today: Date) {
        for e in &mut site.entries {
            check_entry(&site.config, e, today);
        }
        site.checks = crate::validate::site_checks(&site.entries, &site.config);
    }

    /// The site read and checked as of the day of the run: what `check`
    /// prints, and where every other command starts.
    pub fn checked(&self) -> Result<Site, LoadError> {
        let mut site = self.load()?;
        self.check(&mut site, self.today());
        Ok(site)
    }

    /// The warm renderer (made on first use: `check` never needs it).
    fn renderer(&mut self) -> anyhow::Result<&mut SiteRenderer> {
        if self.renderer.is_none() {
            let s = &self.settings;
            self.renderer = Some(SiteRenderer::new(s.theme.clone(), s.config.pdf_standard)?);
        }
        Ok(self.renderer.as_mut().expect("made above"))
    }

    /// Reads the theme's files again (a template changed) and warms a new
    /// renderer with them.
    pub fn reload_theme(&mut self) -> Result<(), LoadError> {
        let s = &mut self.settings;
        s.theme = Arc::new(crate::load::theme::Theme::read(&s.root, &s.config.theme)?);
        self.renderer = None;
        Ok(())
    }

    /// A compiler of the site's theme for PDFs made later (`serve`).
    #[cfg(feature = "pdf")]
    pub fn compiler(&mut self) -> anyhow::Result<crate::render::pdf::Compiler> {
        Ok(self.renderer()?.compiler())
    }

    /// Renders the dossiers `which` of a checked `site` into `target`, on one
    /// worker per core, each dossier's files handed over as soon as it is
    /// done; then the index. A write failure stops the other dossiers; a
    /// site template that failed every document it was used for stops the run.
    pub fn render(
        &mut self,
        site: &Site,
        today: Date,
        which: &Which,
        opts: &Options,
        target: &dyn Target,
    ) -> anyhow::Result<RunReport> {
        target.begin(site);
        let ropts = crate::render::Options {
            pdf: opts.pdf,
            drafts: opts.drafts,
            emit_typst: opts.emit_typst,
            defer_pdfs: opts.defer_pdfs,
            today,
            print: opts.print.clone(),
        };
        let entries: Vec<&Entry> = site
            .entries
            .iter()
            .filter(|e| which.includes(&e.slug))
            .collect();
        let renderer = self.renderer()?;
        let stop = AtomicBool::new(false);
        let outcomes = workers::par_map(renderer, &entries, |r, e| {
            if stop.load(Relaxed) {
                return None;
            }
            let one = render_one(r, site, e, &ropts, opts, target);
            stop.fetch_or(one.is_err(), Relaxed);
            if let Some(p) = &opts.progress {
                p.tick();
            }
            Some(one)
        })?;
        let mut report = RunReport::default();
        let mut tally = TemplateTally::default();
        let mut client_used = false;
        for (e, one) in entries.iter().zip(outcomes) {
            let Some(one) = one else { continue };
            // The first failure in dossier order is the one reported.
            match one? {
                One::Kept(stale, page) => {
                    report.kept.push(stale);
                    report.made.push(page);
                }
                One::Done(d) => {
                    report.kept.extend(d.never);
                    report.made.extend(d.made);
                    report.cached += d.cached;
                    report.held_back += d.held_back;
                    report
                        .held
                        .extend(d.held.into_iter().map(|(f, g)| (e.slug.clone(), f, g)));
                    report.waiting += d.waiting;
                    report.findings.extend(d.findings.iter().cloned());
                    report.findings_of.insert(e.slug.clone(), d.findings);
                    tally.merge(d.tally);
                    client_used |= d.client_used;
                }
            }
        }
        if let Some(e) = tally.broken() {
            anyhow::bail!("{e}");
        }
        let present: BTreeSet<&str> = site.entries.iter().map(|e| e.slug.as_str()).collect();
        let gone: Vec<String> = match which {
            Which::All => target.slugs(),
            Which::Some(s) => s.iter().cloned().collect(),
        };
        for slug in gone.iter().filter(|s| !present.contains(s.as_str())) {
            target.remove_dossier(slug)?;
        }
        let renderer = self.renderer()?;
        let index = renderer.render_index(site, &ropts)?;
        report.made.extend(index.iter().map(|a| a.path.clone()));
        target.put_site(Folder::Out, index)?;
        if matches!(which, Which::All) {
            let theme = if cfg!(feature = "pdf") && opts.emit_typst && client_used {
                renderer.theme_files()
            } else {
                Vec::new()
            };
            report.made.extend(theme.iter().map(|a| a.path.clone()));
            target.put_site(Folder::Client, theme)?;
        }
        target.end();
        Ok(report)
    }
}

/// What rendering one dossier gave.
enum One {
    /// It could not be read; the target keeps what it had (but its page,
    /// at this path).
    Kept(Stale, String),
    Done(Done),
}

struct Done {
    never: Option<Stale>,
    made: Vec<String>,
    cached: usize,
    held_back: usize,
    held: Vec<(String, Option<Diagnostic>)>,
    waiting: usize,
    findings: Vec<Diagnostic>,
    tally: TemplateTally,
    client_used: bool,
}

/// Renders one dossier (and its bundle when the run makes it) and hands its
/// files to `target`.
fn render_one(
    r: &mut SiteRenderer,
    site: &Site,
    e: &Entry,
    ropts: &crate::render::Options,
    opts: &Options,
    target: &dyn Target,
) -> anyhow::Result<One> {
    if opts.keep_last_good
        && let Some(cause) = stale_cause(e)
    {
        let held = target.held(&e.slug);
        // Only the page of problems of an earlier run: no good version.
        let fresh = target.fresh(&e.slug);
        let good = held.iter().any(|p| {
            fresh
                .files
                .get(&(Folder::Out, p.clone()))
                .map(String::as_str)
                != Some(crate::render::UNREADABLE_PAGE)
        });
        if good {
            // The page in Dutch (as every page), the terminal's line in the
            // language of the run.
            let page = r.render_stale_page(
                site,
                e,
                &held,
                &stale_reason(site, cause, crate::diag::PAGES),
            )?;
            let why = stale_reason(site, cause, site.config.language);
            let made = page.path.clone();
            target.put_dossier(DossierFiles {
                slug: e.slug.clone(),
                out: vec![page],
                keep_rest: true,
                unreadable: e.diags.clone(),
                ..DossierFiles::default()
            })?;
            return Ok(One::Kept(
                Stale {
                    slug: e.slug.clone(),
                    good_version: true,
                    why,
                },
                made,
            ));
        }
    }
    let fresh = if opts.cache {
        target.fresh(&e.slug)
    } else {
        Fresh::default()
    };
    let out = r.render_entry(site, e, ropts, &fresh)?;
    let (mut client, mut findings, mut deferred) = (out.client, out.findings, out.deferred);
    if opts.bundles.makes(e) {
        let b = r.render_bundle(site, e, ropts)?;
        client.extend(b.files);
        findings.extend(b.failed);
        deferred.extend(b.deferred);
    }
    let cached = out.kept_out.len() + out.kept_client.len();
    let client_used = !client.is_empty() || !out.kept_client.is_empty();
    let mut made: Vec<String> = out.out.iter().map(|a| a.path.clone()).collect();
    for a in &client {
        if !made.contains(&a.path) {
            made.push(a.path.clone());
        }
    }
    let unwritten = target.put_dossier(DossierFiles {
        slug: e.slug.clone(),
        out: out.out,
        client,
        kept_out: out.kept_out,
        kept_client: out.kept_client,
        keys_out: out.keys_out,
        keys_client: out.keys_client,
        bundle: opts.bundles.decides(e),
        deferred,
        findings: findings.clone(),
        unreadable: if unreadable(e) {
            e.diags.clone()
        } else {
            Vec::new()
        },
        keep_rest: false,
    })?;
    // A document whose file could not be written is F13 of that document.
    let mut held_back = out.held_back;
    let mut held = out.held;
    for u in unwritten {
        made.retain(|p| *p != u.path);
        held_back += 1;
        let f = crate::render::document::unwritten(e, &u.path, &u.error);
        let name = u.path.rsplit('/').next().unwrap_or(&u.path).to_string();
        held.push((name, Some(f.clone())));
        findings.push(f);
    }
    // Never made: said, so that the coach knows which dossier is missing.
    let never = (opts.keep_last_good && unreadable(e))
        .then(|| stale_cause(e))
        .flatten()
        .map(|cause| Stale {
            slug: e.slug.clone(),
            good_version: false,
            why: stale_reason(site, cause, site.config.language),
        });
    Ok(One::Done(Done {
        never,
        made,
        cached,
        held_back,
        held,
        waiting: out.waiting,
        findings,
        tally: out.templates,
        client_used,
    }))
}

/// Runs every rule over one loaded dossier (replacing the findings of an
/// earlier check) and orders its diagnostics as a reader goes through the
/// dossier: index.md first, then the POPs; the to-dos after every problem.
pub fn check_entry(config: &crate::config::Config, e: &mut Entry, today: Date) {
    e.diags = e.lowered.clone();
    if let Some(d) = &e.dossier {
        let cx = crate::validate::Context { config, today };
        let mut more = crate::validate::check(d, &cx);
        e.diags.append(&mut more);
    }
    let index = e.dossier.as_ref().map(|d| d.index_file);
    e.diags.sort_by_key(|d| {
        (
            d.is_todo(),
            d.loc
                .as_ref()
                .map(|l| (Some(l.file) != index, l.file, l.range.start)),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::session::Session;
    use super::*;

    /// (rule, file, line) of every diagnostic, as `check --format json` shows them.
    fn located(site: &Site, extra: &[Diagnostic]) -> Vec<(String, String, usize)> {
        site.all_diags()
            .chain(extra)
            .map(|d| {
                let (file, line) = d.loc.as_ref().map_or((String::new(), 0), |l| {
                    let f = site.sources.get(l.file);
                    (f.name.clone(), f.line_col(l.range.start).0)
                });
                (d.rule.to_string(), file, line)
            })
            .collect()
    }

    #[test]
    fn every_driver_gets_the_same_checked_diagnostics() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for case in [
            "invalid/R18-te-weinig-individueel",
            "invalid/R24-intake-ontbreekt",
            "invalid/F02-onbekende-sleutel",
            "verdict/overgang-onzeker",
        ] {
            let flags = Flags {
                root: fixtures.join(case),
                today: crate::date::Date::new(2026, 5, 25),
                ..Flags::default()
            };
            // check
            let check = located(&Engine::new(&flags).unwrap().checked().unwrap(), &[]);
            assert!(!check.is_empty(), "{case}: no diagnostics at all");
            // build (into memory here: the target does not change the checks)
            let mut engine = Engine::new(&flags).unwrap();
            let site = engine.checked().unwrap();
            let today = engine.today();
            let opts = Options {
                pdf: false,
                ..Options::default()
            };
            let run = engine
                .render(&site, today, &Which::All, &opts, &memory::Memory::new())
                .unwrap();
            assert_eq!(located(&site, &[]), check, "{case}: build");
            assert!(run.findings.is_empty(), "{case}: no PDFs, no findings");
            // watch and serve
            for opts in [
                Options {
                    drafts: true,
                    keep_last_good: true,
                    ..Options::default()
                },
                Options {
                    drafts: true,
                    defer_pdfs: true,
                    bundles: Bundles::Previews,
                    keep_last_good: true,
                    ..Options::default()
                },
            ] {
                let s = Session::new(Engine::new(&flags).unwrap(), opts).unwrap();
                assert_eq!(located(&s.site, &[]), check, "{case}: a session");
            }
        }
    }

    #[test]
    fn a_recheck_replaces_the_findings_of_the_last_one() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/invalid/R18-te-weinig-individueel");
        let engine = Engine::new(&Flags::at(&root)).unwrap();
        let mut site = engine.checked().unwrap();
        let once = located(&site, &[]);
        engine.check(&mut site, engine.today());
        engine.check(&mut site, engine.today());
        assert_eq!(located(&site, &[]), once, "no finding twice");
    }
}
