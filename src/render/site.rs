//! Rendering a whole site, or one dossier of it: the warm `SiteRenderer` holds
//! the templates (and the Typst engine) so that `build`, `watch` and `serve`
//! share one way of turning checked dossiers into output files.

use crate::diag::Diagnostic;
#[cfg(feature = "pdf")]
use crate::diag::{Msg, Scope};
use crate::model::{Dossier, Entry, Site};
use crate::render::html::{SiteView, Templates};
use crate::render::view::{self, DocView, IndexEntry, NotesView, PopView, TrajectView};
use crate::render::workers::par_map;
use crate::render::{Doc, documents};
use crate::write::Artifact;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Make PDFs (off with `build --no-pdf`: HTML only).
    pub pdf: bool,
    /// Write held-back documents with the "ONTWERP" mark.
    pub drafts: bool,
    /// Use an output folder popdoc did not create.
    pub force: bool,
    /// Write each PDF's Typst main and data file next to it.
    pub emit_typst: bool,
    /// The day the dashboard reckons deadlines from (`--today`).
    pub today: crate::date::Date,
    /// The outputs already on disk, for the incremental cache (`None`: make
    /// everything, as with `--no-cache`, in `serve` and `watch`).
    pub cache: Option<std::sync::Arc<crate::cache::OnDisk>>,
    /// Prepare PDFs but make them only when asked for (`serve`).
    pub defer_pdfs: bool,
    /// The progress bar of `build` on a terminal.
    pub progress: Option<std::sync::Arc<crate::progress::Progress>>,
}

/// A PDF prepared but not yet made (`serve` makes it on its first request).
/// Its data waits as compact JSON: a parsed tree takes several times the room,
/// and `serve` holds one per document of the site.
#[derive(Debug, Clone)]
pub struct DeferredPdf {
    /// Its path in the output (as served).
    pub path: String,
    /// The job without its data.
    #[cfg(feature = "pdf")]
    job: crate::render::pdf::Job,
    #[cfg(feature = "pdf")]
    data: std::sync::Arc<[u8]>,
}

#[cfg(feature = "pdf")]
impl DeferredPdf {
    pub fn new(path: String, mut job: crate::render::pdf::Job) -> DeferredPdf {
        let data = serde_json::to_vec(&std::mem::take(&mut job.data)).unwrap_or_default();
        DeferredPdf {
            path,
            job,
            data: data.into(),
        }
    }

    /// The job, data included, to render now.
    pub fn job(&self) -> crate::render::pdf::Job {
        let mut job = self.job.clone();
        job.data = serde_json::from_slice(&self.data).unwrap_or_default();
        job
    }
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            pdf: true,
            drafts: false,
            force: false,
            emit_typst: false,
            today: crate::deadlines::today(None),
            cache: None,
            defer_pdfs: false,
            progress: None,
        }
    }
}

/// The files of one dossier.
#[derive(Debug, Default, Clone)]
pub struct EntryOutput {
    /// Files for the output folder, under `<slug>/`.
    pub out: Vec<Artifact>,
    /// Files for the client folder, under `<slug>/`.
    pub client: Vec<Artifact>,
    /// Documents not written because of their errors.
    pub held_back: usize,
    /// Documents that could not be made (F13), one diagnostic each: they
    /// belong to the dossier, which is otherwise written.
    pub failed: Vec<Diagnostic>,
    /// How the site's own templates fared for this dossier.
    pub templates: TemplateTally,
    /// The cache key of every output of the dossier, made now or kept:
    /// (path, key), for the centre's folder and the client folder.
    pub keys: Vec<(String, String)>,
    pub client_keys: Vec<(String, String)>,
    /// Outputs not made again: their files on disk are still current.
    pub kept: Vec<String>,
    pub kept_client: Vec<String>,
    /// PDFs left to make on request (`serve`).
    pub deferred: Vec<DeferredPdf>,
}

/// Every output file of a site.
#[derive(Debug, Default)]
pub struct SiteOutput {
    pub out: Vec<Artifact>,
    pub client: Vec<Artifact>,
    pub held_back: usize,
    /// Per-document failures (F13), in dossier order.
    pub failed: Vec<Diagnostic>,
    /// Cache keys and the outputs kept from an earlier build (see `EntryOutput`).
    pub keys: Vec<(String, String)>,
    pub client_keys: Vec<(String, String)>,
    pub kept: Vec<String>,
    pub kept_client: Vec<String>,
    /// Files handed to the sink as they were made (see `render_site_into`),
    /// in dossier order: for the output folder and for the client folder.
    pub made: Vec<String>,
    pub made_client: Vec<String>,
}

/// Takes each dossier's files as soon as they are made: `build` writes them
/// to disk at once, so a large site is never held in memory whole.
pub trait Sink: Sync {
    /// One file for the output folder (`client`: the client folder). Returns
    /// whether the path was new to this build (a path given twice keeps its
    /// first bytes).
    fn put(&self, client: bool, a: Artifact) -> anyhow::Result<bool>;
}

/// How documents made with each site template fared: a site template that
/// failed every document it was used for is broken, not the documents.
#[derive(Debug, Default, Clone)]
pub struct TemplateTally {
    /// (template file, documents made, first failure).
    by_template: Vec<(String, usize, Option<String>)>,
}

impl TemplateTally {
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    fn record(&mut self, template: &str, failure: Option<String>) {
        let i = match self.by_template.iter().position(|t| t.0 == template) {
            Some(i) => i,
            None => {
                self.by_template.push((template.to_string(), 0, None));
                self.by_template.len() - 1
            }
        };
        let t = &mut self.by_template[i];
        match failure {
            None => t.1 += 1,
            Some(f) => {
                t.2.get_or_insert(f);
            }
        }
    }

    fn merge(&mut self, other: TemplateTally) {
        for (template, made, failure) in other.by_template {
            for _ in 0..made {
                self.record(&template, None);
            }
            if let Some(f) = failure {
                self.record(&template, Some(f));
            }
        }
    }

    /// The error of a site template that made no document at all.
    fn broken(&self) -> Option<&str> {
        self.by_template
            .iter()
            .find(|t| t.1 == 0 && t.2.is_some())
            .and_then(|t| t.2.as_deref())
    }
}

/// Templates and the Typst engine, loaded once and reused.
pub struct SiteRenderer {
    pub(super) templates: Templates,
    #[cfg(feature = "pdf")]
    engine: crate::render::pdf::Engine,
    tally: TemplateTally,
}

impl SiteRenderer {
    /// A hash of what a document's PDF is made with (its Typst files, the
    /// PDF standard).
    fn pdf_fingerprint(&self, doc: &Doc) -> String {
        #[cfg(feature = "pdf")]
        return self.engine.fingerprint(match doc {
            Doc::Pop(_) | Doc::ClientPop(_) => "pop.typ",
            Doc::Checklist(_) => "checklist.typ",
            Doc::Attest(_) => "attest.typ",
        });
        #[cfg(not(feature = "pdf"))]
        {
            let _ = doc;
            String::new()
        }
    }

    /// An engine of this renderer's theme, for PDFs made later (`serve`).
    #[cfg(feature = "pdf")]
    pub fn engine(&self) -> crate::render::pdf::Engine {
        self.engine.fork()
    }

    /// Another renderer for a worker thread: the same templates and theme, the
    /// same parsed fonts (shared), its own caches.
    pub fn fork(&self) -> SiteRenderer {
        SiteRenderer {
            templates: self.templates.clone(),
            #[cfg(feature = "pdf")]
            engine: self.engine.fork(),
            tally: TemplateTally::default(),
        }
    }

    pub fn new(site: &Site) -> anyhow::Result<SiteRenderer> {
        Ok(SiteRenderer {
            templates: Templates::load(&site.root, &site.config.theme)?,
            #[cfg(feature = "pdf")]
            engine: crate::render::pdf::Engine::new(
                &site.root,
                &site.config.theme,
                site.config.pdf_standard,
            )?,
            tally: TemplateTally::default(),
        })
    }

    /// Every output file of the site. A document that cannot be made is a
    /// diagnostic of its dossier; only a site template that failed every
    /// document it was used for stops the build (it is broken, not them).
    pub fn render_site(&mut self, site: &Site, opts: &BuildOptions) -> anyhow::Result<SiteOutput> {
        self.render_site_into(site, opts, None)
    }

    /// As `render_site`, handing each dossier's files to `sink` as soon as
    /// the dossier is done (they are then not in `out`/`client`, only their
    /// paths in `made`/`made_client`). The site's overview and theme files
    /// stay in `out`.
    pub fn render_site_into(
        &mut self,
        site: &Site,
        opts: &BuildOptions,
        sink: Option<&dyn Sink>,
    ) -> anyhow::Result<SiteOutput> {
        // The dossiers in parallel (see `par_map`), in dossier order.
        let base = &*self;
        // Streamed: (output, paths made for the output and client folders).
        type Rendered = (EntryOutput, Vec<String>, Vec<String>);
        let stream = |mut out: EntryOutput| -> anyhow::Result<Rendered> {
            let (mut made, mut made_client) = (Vec::new(), Vec::new());
            if let Some(sink) = sink {
                for (client, files, paths) in [
                    (false, std::mem::take(&mut out.out), &mut made),
                    (true, std::mem::take(&mut out.client), &mut made_client),
                ] {
                    for a in files {
                        let path = a.path.clone();
                        if sink.put(client, a)? {
                            paths.push(path);
                        }
                    }
                }
            }
            Ok((out, made, made_client))
        };
        use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
        // After a failure (a full disk, say) the other dossiers are skipped.
        let failed = AtomicBool::new(false);
        let outputs = par_map(base, &site.entries, |r, e| {
            if failed.load(Relaxed) {
                return None;
            }
            let out = r.render_entry(site, e, opts).and_then(stream);
            failed.fetch_or(out.is_err(), Relaxed);
            if let Some(p) = &opts.progress {
                p.tick();
            }
            Some(out)
        })?;
        let outputs: Vec<anyhow::Result<Rendered>> = outputs.into_iter().flatten().collect();
        // The first failure in dossier order is the one reported.
        if let Some(e) = outputs.iter().position(Result::is_err) {
            return Err(outputs
                .into_iter()
                .nth(e)
                .and_then(Result::err)
                .expect("an error"));
        }
        let mut s = SiteOutput::default();
        let mut tally = TemplateTally::default();
        for r in outputs.into_iter().flatten() {
            let (r, made, made_client) = r;
            s.made.extend(made);
            s.made_client.extend(made_client);
            s.out.extend(r.out);
            s.client.extend(r.client);
            s.held_back += r.held_back;
            s.failed.extend(r.failed);
            s.keys.extend(r.keys);
            s.client_keys.extend(r.client_keys);
            s.kept.extend(r.kept);
            s.kept_client.extend(r.kept_client);
            tally.merge(r.templates);
        }
        if let Some(e) = tally.broken() {
            anyhow::bail!("{e}");
        }
        s.out.extend(self.render_index(site, opts)?);
        #[cfg(feature = "pdf")]
        if opts.emit_typst && !(s.client.is_empty() && s.made_client.is_empty()) {
            s.client.extend(self.theme_files());
        }
        Ok(s)
    }

    /// The pages and documents of one dossier.
    pub fn render_entry(
        &mut self,
        site: &Site,
        e: &Entry,
        opts: &BuildOptions,
    ) -> anyhow::Result<EntryOutput> {
        let lang = site.config.language;
        let sub = SiteView {
            title: site.config.title.clone(),
            root: "../".into(),
        };
        let mut r = EntryOutput::default();
        let Some(d) = &e.dossier else {
            let page = TrajectView::broken(&e.slug, &e.diags, &site.sources, lang);
            r.out.push(Artifact::new(
                format!("{}/index.html", e.slug),
                self.templates.render("dossier.html", &sub, &page)?,
            ));
            return Ok(r);
        };
        let dkey = dossier_key(site, e, d, opts);
        // An output whose inputs did not change is not made again.
        let cached = |path: &str, key: &str, client: bool| {
            !opts.emit_typst
                && opts.cache.as_ref().is_some_and(|c| {
                    if client {
                        c.fresh_client(path, key)
                    } else {
                        c.fresh_out(path, key)
                    }
                })
        };
        let mut docs = Vec::new();
        for p in d.pops.iter().filter(|_| d.privacy.pop_in_dossier) {
            let name = format!("pop-{}.html", p.n);
            let path = format!("{}/{name}", d.slug);
            let key = crate::cache::key(&[
                dkey.as_bytes(),
                self.templates
                    .fingerprint(&["base.html", "pop.html"])
                    .as_bytes(),
                path.as_bytes(),
            ]);
            if cached(&path, &key, false) {
                r.kept.push(path.clone());
            } else {
                let pv = PopView::new(d, p, &site.config, false);
                let page = serde_json::json!({
                    "pop": pv,
                    "body_html": crate::markdown::to_html(&p.text.body, site.config.allow_raw_html, 2),
                });
                r.out.push(Artifact::new(
                    path.clone(),
                    self.templates.render("pop.html", &sub, &page)?,
                ));
            }
            r.keys.push((path, key));
            docs.push(DocView {
                naam: format!("POP (loopbaancheque {}): webpagina", p.n),
                href: Some(name),
                status: "voorbeeld",
            });
        }
        for (doc, held) in documents(d, &e.diags) {
            let draft = held && opts.drafts;
            let label = doc_label(d, &doc);
            if held && !draft {
                r.held_back += 1;
                docs.push(DocView {
                    naam: label,
                    href: None,
                    status: "tegengehouden",
                });
                continue;
            }
            let client = matches!(doc, Doc::ClientPop(_));
            let name = doc.file_name(d);
            let path = format!("{}/{name}", d.slug);
            let key = crate::cache::key(&[
                dkey.as_bytes(),
                self.pdf_fingerprint(&doc).as_bytes(),
                path.as_bytes(),
                &[u8::from(draft), u8::from(client)],
            ]);
            if opts.pdf && cached(&path, &key, client) {
                if client {
                    r.kept_client.push(path.clone());
                    r.client_keys.push((path, key));
                } else {
                    r.kept.push(path.clone());
                    r.keys.push((path, key));
                }
                docs.push(DocView {
                    naam: label,
                    href: (!client).then_some(name),
                    status: if draft { "ontwerp" } else { "definitief" },
                });
                continue;
            }
            match self.render_document(site, d, &doc, draft, opts, &mut r, label.clone())? {
                Some(view) => {
                    if opts.pdf {
                        if client {
                            r.client_keys.push((path, key));
                        } else {
                            r.keys.push((path, key));
                        }
                    }
                    docs.push(view)
                }
                None => {
                    r.held_back += 1;
                    docs.push(DocView {
                        naam: label,
                        href: None,
                        status: "niet gemaakt",
                    });
                }
            }
        }
        if site.config.coach_notes {
            let path = format!("{}/notities.html", d.slug);
            let key = crate::cache::key(&[
                dkey.as_bytes(),
                self.templates
                    .fingerprint(&["base.html", "notes.html"])
                    .as_bytes(),
            ]);
            if cached(&path, &key, false) {
                r.kept.push(path.clone());
            } else {
                let page = NotesView::new(d, site.config.allow_raw_html);
                r.out.push(Artifact::new(
                    path.clone(),
                    self.templates.render("notes.html", &sub, &page)?,
                ));
            }
            r.keys.push((path, key));
        }
        r.templates = std::mem::take(&mut self.tally);
        let all: Vec<Diagnostic> = e.diags.iter().chain(&r.failed).cloned().collect();
        let path = format!("{}/index.html", d.slug);
        // The page lists its documents: their states are part of its key.
        let key = crate::cache::key(&[
            dkey.as_bytes(),
            self.templates
                .fingerprint(&["base.html", "dossier.html"])
                .as_bytes(),
            serde_json::to_string(&docs).unwrap_or_default().as_bytes(),
            serde_json::to_string(&crate::render::view::diag_views(
                &r.failed,
                &site.sources,
                lang,
            ))
            .unwrap_or_default()
            .as_bytes(),
        ]);
        if cached(&path, &key, false) {
            r.kept.push(path.clone());
        } else {
            let page =
                TrajectView::new(d, &all, &site.sources, lang, docs, site.config.coach_notes);
            r.out.push(Artifact::new(
                path.clone(),
                self.templates.render("dossier.html", &sub, &page)?,
            ));
        }
        r.keys.push((path, key));
        Ok(r)
    }

    #[cfg(feature = "pdf")]
    #[allow(clippy::too_many_arguments)]
    fn render_document(
        &mut self,
        site: &Site,
        d: &Dossier,
        doc: &Doc,
        draft: bool,
        opts: &BuildOptions,
        r: &mut EntryOutput,
        label: String,
    ) -> anyhow::Result<Option<DocView>> {
        if !opts.pdf {
            return Ok(Some(no_pdf(label)));
        }
        let name = doc.file_name(d);
        let client = matches!(doc, Doc::ClientPop(_));
        if opts.defer_pdfs {
            r.deferred.push(DeferredPdf::new(
                format!("{}/{name}", d.slug),
                crate::render::pdf::job(site, d, doc, draft),
            ));
            return Ok(Some(DocView {
                naam: label,
                href: (!client).then_some(name),
                status: if draft { "ontwerp" } else { "definitief" },
            }));
        }
        let Some(pdf) = self.make_pdf(site, d, doc, draft, &label, &mut r.failed)? else {
            return Ok(None);
        };
        let target = if client { &mut r.client } else { &mut r.out };
        let stem = name.trim_end_matches(".pdf");
        if opts.emit_typst {
            target.push(Artifact::new(
                format!("{}/{stem}.typ", d.slug),
                pdf.source.clone(),
            ));
            target.push(Artifact::new(
                format!("{}/{stem}.data.json", d.slug),
                pdf.readable_data(),
            ));
            if let Some((path, bytes)) = &pdf.asset {
                target.push(Artifact::new(path.clone(), bytes.clone()));
            }
        }
        target.push(Artifact::new(format!("{}/{name}", d.slug), pdf.pdf));
        Ok(Some(DocView {
            naam: label,
            href: (!client).then_some(name),
            status: if draft { "ontwerp" } else { "definitief" },
        }))
    }

    /// One document as PDF; a document Typst cannot make is F13 in `failed`
    /// (and `None`), characters no font can show are F15 there.
    #[cfg(feature = "pdf")]
    pub(super) fn make_pdf(
        &mut self,
        site: &Site,
        d: &Dossier,
        doc: &Doc,
        draft: bool,
        label: &str,
        failed: &mut Vec<Diagnostic>,
    ) -> anyhow::Result<Option<crate::render::pdf::Rendered>> {
        use crate::render::pdf::PdfError;
        let name = doc.file_name(d);
        let mut job = crate::render::pdf::job(site, d, doc, draft);
        let template = self.engine.origin(job.template);
        let replaced = self.engine.replace_unprintable(&mut job.data);
        if let Some(first) = replaced.first() {
            failed.push(unprintable(site, d, doc, label, &replaced, *first));
        }
        match self.engine.render(&job) {
            Ok(pdf) => {
                if !template.starts_with('<') {
                    self.tally.record(&template, None);
                }
                Ok(Some(pdf))
            }
            Err(PdfError::Io { path, source }) => {
                Err(anyhow::Error::new(source).context(path.display().to_string()))
            }
            Err(e) => {
                let (place, in_site) = e.place();
                let report = format!("{}/{name}: {e}", d.slug);
                if !template.starts_with('<') {
                    self.tally.record(&template, Some(report));
                }
                let loc = match doc {
                    Doc::Attest(i) => d.opleidingen[*i].loc.clone(),
                    Doc::Pop(n) | Doc::ClientPop(n) | Doc::Checklist(n) => d
                        .pops
                        .iter()
                        .find(|p| p.n == *n)
                        .map_or(d.header.clone(), |p| p.header.clone()),
                };
                let scope = match doc {
                    Doc::Attest(i) => Scope::Attest(*i),
                    Doc::Pop(n) | Doc::ClientPop(n) | Doc::Checklist(n) => Scope::Pop(*n),
                };
                failed.push(
                    Diagnostic::error(
                        "F13",
                        Msg::new("doc-failed")
                            .arg("document", label)
                            .arg("message", e.message())
                            .arg("place", place),
                    )
                    .at(loc)
                    .hint(Msg::new(if in_site {
                        "doc-failed-template-hint"
                    } else {
                        "doc-failed-hint"
                    }))
                    .scope(scope),
                );
                Ok(None)
            }
        }
    }

    #[cfg(not(feature = "pdf"))]
    #[allow(clippy::too_many_arguments)]
    fn render_document(
        &mut self,
        _site: &Site,
        _d: &Dossier,
        _doc: &Doc,
        _draft: bool,
        _opts: &BuildOptions,
        _r: &mut EntryOutput,
        label: String,
    ) -> anyhow::Result<Option<DocView>> {
        Ok(Some(no_pdf(label)))
    }

    #[cfg(feature = "pdf")]
    fn theme_files(&self) -> Vec<Artifact> {
        self.engine
            .theme_files()
            .into_iter()
            .map(|(name, text)| Artifact::new(format!("_typst/{name}"), text))
            .collect()
    }

    /// The index page, the static files and (with `--emit-typst`) the Typst theme.
    pub fn render_index(&self, site: &Site, opts: &BuildOptions) -> anyhow::Result<Vec<Artifact>> {
        let lang = site.config.language;
        let top = SiteView {
            title: site.config.title.clone(),
            root: String::new(),
        };
        let index: Vec<IndexEntry> = site
            .entries
            .iter()
            .map(|e| IndexEntry::new(e, &site.config, opts.today))
            .collect();
        let agenda: Vec<view::DeadlineView> = crate::deadlines::agenda(
            site.entries.iter().filter_map(|e| e.dossier.as_ref()),
            &site.config,
            opts.today,
            30,
        )
        .iter()
        .map(Into::into)
        .collect();
        let page = serde_json::json!({
            "today": view::DateView::from(opts.today),
            "agenda": agenda,
            "dossiers": index,
            "site_diagnostics": view::diag_views(
                &site.diags.iter().chain(&site.checks).cloned().collect::<Vec<_>>(),
                &site.sources,
                lang,
            ),
        });
        let mut out = vec![Artifact::new(
            "index.html",
            self.templates.render("index.html", &top, &page)?,
        )];
        #[cfg(feature = "pdf")]
        if opts.emit_typst {
            out.extend(self.theme_files());
        }
        #[cfg(not(feature = "pdf"))]
        let _ = opts;
        out.push(Artifact::new(
            "style.css",
            crate::render::html::static_file(&site.root, &site.config.theme, "style.css")?,
        ));
        Ok(out)
    }
}

/// Warning F15: characters no embedded font can show, replaced by `?` in the
/// PDF; located at the first one in the document's source.
#[cfg(feature = "pdf")]
fn unprintable(
    site: &Site,
    d: &Dossier,
    doc: &Doc,
    label: &str,
    chars: &[char],
    first: char,
) -> Diagnostic {
    let source = match doc {
        Doc::Pop(n) | Doc::ClientPop(n) | Doc::Checklist(n) => {
            d.pops.iter().find(|p| p.n == *n).map(|p| p.file)
        }
        Doc::Attest(_) => None,
    }
    .unwrap_or(d.index_file);
    let text = &site.sources.get(source).text;
    let loc = match text.find(first) {
        Some(at) => crate::source::Loc::new(source, at..at + first.len_utf8()),
        None => d.header.clone(),
    };
    let shown: String = chars
        .iter()
        .take(8)
        .map(|c| {
            if c.is_control() {
                format!("U+{:04X}", u32::from(*c))
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Diagnostic::warning(
        "F15",
        Msg::new("unprintable")
            .arg("document", label)
            .arg("chars", shown),
    )
    .at(loc)
    .hint(Msg::new("unprintable-hint"))
    .scope(Scope::Trajectory)
}

/// What every output of a dossier depends on besides its templates: popdoc's
/// version (in `cache::key`), popdoc.toml, the dossier's own files and
/// signature image, the rule sets of its cheques, the build options, and the
/// day when retention is checked.
fn dossier_key(site: &Site, e: &Entry, d: &Dossier, opts: &BuildOptions) -> String {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    if let Some(f) = site.config.file {
        parts.push(site.sources.get(f).text.as_bytes().to_vec());
    }
    parts.push(site.config.theme.as_bytes().to_vec());
    parts.push(site.sources.get(d.index_file).text.as_bytes().to_vec());
    for p in &d.pops {
        parts.push(site.sources.get(p.file).text.as_bytes().to_vec());
        if let Some(h) = &p.handtekening {
            parts.push(std::fs::read(d.dir.join(&h.v)).unwrap_or_default());
        }
    }
    for c in &d.cheques {
        parts.push(format!("{:?}", c.ruleset).into_bytes());
    }
    parts.push(
        format!(
            "{:?}",
            e.diags
                .iter()
                .map(|g| (g.rule, g.msg.clone()))
                .collect::<Vec<_>>()
        )
        .into_bytes(),
    );
    // Drafts change only documents held back by errors.
    let drafts = opts.drafts && e.diags.iter().any(|g| g.is_error());
    parts.push(vec![u8::from(drafts), u8::from(opts.pdf)]);
    if site.config.retention_years.is_some() {
        parts.push(opts.today.to_string().into_bytes());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    crate::cache::key(&refs)
}

fn no_pdf(label: String) -> DocView {
    DocView {
        naam: label,
        href: None,
        status: "geen PDF in deze build",
    }
}

fn doc_label(d: &Dossier, doc: &Doc) -> String {
    match doc {
        Doc::Pop(n) => format!("POP (loopbaancheque {n}): PDF"),
        Doc::ClientPop(n) => format!("POP (loopbaancheque {n}) voor de klant (in de klantenmap)"),
        Doc::Checklist(n) => format!("Checklist POP (loopbaancheque {n})"),
        Doc::Attest(i) => format!("Attest opleiding: {}", d.opleidingen[*i].naam.v),
    }
}

#[cfg(all(test, feature = "pdf"))]
mod tests {
    use super::*;

    #[test]
    fn a_deferred_pdf_gives_back_its_whole_job() {
        let data = serde_json::json!({
            "klant": {"naam": "Jérôme Çelik", "zeker": true, "minuten": 90, "deel": 0.5},
            "pop": [{"kop": "Loopbaanvraag", "tekst": ["één", "twee"]}],
            "leeg": null,
        });
        let job = crate::render::pdf::Job {
            slug: "jerome-celik".into(),
            stem: "pop-1".into(),
            template: "pop.typ",
            data: data.clone(),
            today: crate::date::Date::new(2026, 11, 29).unwrap(),
            asset: None,
        };
        let later = DeferredPdf::new("jerome-celik/pop-1.pdf".into(), job);
        assert_eq!(later.job.data, serde_json::Value::Null, "held as bytes");
        let back = later.job();
        assert_eq!(back.data, data);
        assert_eq!(
            serde_json::to_string(&back.data).unwrap(),
            serde_json::to_string(&data).unwrap(),
            "keys keep their order"
        );
        assert_eq!(
            (back.slug.as_str(), back.stem.as_str()),
            ("jerome-celik", "pop-1")
        );
    }
}
