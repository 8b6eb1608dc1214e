//! Rendering a whole site, or one dossier of it: the warm `SiteRenderer` holds
//! the templates (and the Typst engine) so that `build`, `watch` and `serve`
//! share one way of turning checked dossiers into output files.

use crate::diag::Diagnostic;
#[cfg(feature = "pdf")]
use crate::diag::{Msg, Scope};
use crate::model::{Dossier, Entry, Site};
use crate::render::html::{SiteView, Templates};
use crate::render::view::{self, DocView, IndexEntry, NotesView, PopView, TrajectView};
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
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            pdf: true,
            drafts: false,
            force: false,
            emit_typst: false,
            today: crate::deadlines::today(None),
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
}

/// Every output file of a site.
#[derive(Debug, Default)]
pub struct SiteOutput {
    pub out: Vec<Artifact>,
    pub client: Vec<Artifact>,
    pub held_back: usize,
    /// Per-document failures (F13), in dossier order.
    pub failed: Vec<Diagnostic>,
}

/// How documents made with each site template fared: a site template that
/// failed every document it was used for is broken, not the documents.
#[derive(Debug, Default)]
struct TemplateTally {
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
        self.tally = TemplateTally::default();
        let mut s = SiteOutput::default();
        for e in &site.entries {
            let r = self.render_entry(site, e, opts)?;
            s.out.extend(r.out);
            s.client.extend(r.client);
            s.held_back += r.held_back;
            s.failed.extend(r.failed);
        }
        if let Some(e) = self.tally.broken() {
            anyhow::bail!("{e}");
        }
        s.out.extend(self.render_index(site, opts)?);
        #[cfg(feature = "pdf")]
        if opts.emit_typst && !s.client.is_empty() {
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
        let mut docs = Vec::new();
        for p in d.pops.iter().filter(|_| d.privacy.pop_in_dossier) {
            let pv = PopView::new(d, p, &site.config, false);
            let page = serde_json::json!({
                "pop": pv,
                "body_html": crate::markdown::to_html(&p.text.body, site.config.allow_raw_html, 2),
            });
            let name = format!("pop-{}.html", p.n);
            r.out.push(Artifact::new(
                format!("{}/{name}", d.slug),
                self.templates.render("pop.html", &sub, &page)?,
            ));
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
            match self.render_document(site, d, &doc, draft, opts, &mut r, label.clone())? {
                Some(view) => docs.push(view),
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
            let page = NotesView::new(d, site.config.allow_raw_html);
            r.out.push(Artifact::new(
                format!("{}/notities.html", d.slug),
                self.templates.render("notes.html", &sub, &page)?,
            ));
        }
        let all: Vec<Diagnostic> = e.diags.iter().chain(&r.failed).cloned().collect();
        let page = TrajectView::new(d, &all, &site.sources, lang, docs, site.config.coach_notes);
        r.out.push(Artifact::new(
            format!("{}/index.html", d.slug),
            self.templates.render("dossier.html", &sub, &page)?,
        ));
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
        let Some(pdf) = self.make_pdf(site, d, doc, draft, &label, &mut r.failed)? else {
            return Ok(None);
        };
        let client = matches!(doc, Doc::ClientPop(_));
        let target = if client { &mut r.client } else { &mut r.out };
        let stem = name.trim_end_matches(".pdf");
        if opts.emit_typst {
            target.push(Artifact::new(
                format!("{}/{stem}.typ", d.slug),
                pdf.source.clone(),
            ));
            target.push(Artifact::new(
                format!("{}/{stem}.data.json", d.slug),
                pdf.data.clone(),
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
