//! The pages and documents of one dossier: a page per POP the centre keeps,
//! the PDFs (or their place when held back), the coach's notes page when the
//! site asks for it, and the trajectory page that lists them all. Each output
//! has a cache key; an output the engine found current on disk (`Fresh`) is
//! not made again.

use crate::diag::Diagnostic;
use crate::model::{Dossier, Entry, Site};
use crate::render::html::SiteView;
use crate::render::view::{DocView, NotesView, PopView, TrajectView};
use crate::render::{Doc, EntryOutput, Folder, Fresh, Options, SiteRenderer, doc_label, documents};
use crate::write::Artifact;

/// What the parts of one dossier's rendering share.
struct Cx<'a> {
    site: &'a Site,
    d: &'a Dossier,
    opts: &'a Options,
    fresh: &'a Fresh,
    /// What every output of the dossier depends on (see `dossier_key`).
    dkey: String,
    /// The pages' view of the site (one folder down).
    sub: SiteView,
    out: EntryOutput,
    /// The documents as the trajectory page lists them.
    docs: Vec<DocView>,
    /// The dossier's findings.
    diags: &'a [Diagnostic],
}

impl Cx<'_> {
    /// What a document held back only by to-dos waits for (the first of
    /// them), or `None` when an error holds it back.
    fn waiting_for(&self, doc: &Doc) -> Option<String> {
        let mut holding = self.diags.iter().filter(|g| doc.held_back_by(self.d, g));
        let all: Vec<&Diagnostic> = holding.by_ref().collect();
        if all.iter().any(|g| !g.is_todo()) {
            return None;
        }
        all.first().map(|g| g.msg.render(crate::diag::PAGES))
    }

    /// An attest held back by what holds its POP back: "de POP van
    /// loopbaancheque N", the document it waits for.
    fn held_by_its_pop(&self, doc: &Doc) -> Option<String> {
        let Doc::Attest(i) = doc else { return None };
        let n = self.d.opleidingen[*i].pop.as_ref()?.v;
        let by_pop = self.diags.iter().any(|g| {
            doc.held_back_by(self.d, g)
                && matches!(g.scope, crate::diag::Scope::Pop(c) | crate::diag::Scope::Cheque(c) if i64::from(c) == n)
        });
        by_pop.then(|| format!("de POP van {}", self.d.package_phrase(n)))
    }

    /// Whether an output with this key is still on disk (never with
    /// `--emit-typst`, which writes the sources next to each PDF).
    fn kept(&self, folder: Folder, path: &str, key: &str) -> bool {
        !self.opts.emit_typst && self.fresh.holds(folder, path, key)
    }

    /// Records an output made or kept: its key, and whether it was kept.
    fn record(&mut self, folder: Folder, path: String, key: String, kept: bool) {
        match folder {
            Folder::Out => {
                if kept {
                    self.out.kept_out.push(path.clone());
                }
                self.out.keys_out.push((path, key));
            }
            Folder::Client => {
                if kept {
                    self.out.kept_client.push(path.clone());
                }
                self.out.keys_client.push((path, key));
            }
        }
    }
}

impl SiteRenderer {
    /// The pages and documents of one dossier.
    pub fn render_entry(
        &mut self,
        site: &Site,
        e: &Entry,
        opts: &Options,
        fresh: &Fresh,
    ) -> anyhow::Result<EntryOutput> {
        let sub = SiteView {
            title: site.config.title.clone(),
            root: "../".into(),
        };
        let Some(d) = &e.dossier else {
            let page = TrajectView::broken(&e.slug, &e.diags, &site.sources, crate::diag::PAGES);
            let mut out = EntryOutput::default();
            let path = format!("{}/index.html", e.slug);
            out.out.push(Artifact::new(
                path.clone(),
                self.templates.render("dossier.html", &sub, &page)?,
            ));
            out.keys_out
                .push((path, crate::render::UNREADABLE_PAGE.to_string()));
            return Ok(out);
        };
        let mut cx = Cx {
            site,
            d,
            opts,
            fresh,
            dkey: dossier_key(site, e, d, opts),
            sub,
            out: EntryOutput::default(),
            docs: Vec::new(),
            diags: &e.diags,
        };
        self.pop_pages(&mut cx)?;
        for (doc, held) in documents(d, &e.diags) {
            self.document(&mut cx, doc, held)?;
        }
        self.print(&mut cx, e)?;
        if site.config.coach_notes {
            self.notes_page(&mut cx)?;
        }
        cx.out.templates = self.take_tally();
        self.trajectory_page(&mut cx, &e.diags)?;
        Ok(cx.out)
    }

    /// A page per POP the centre keeps.
    fn pop_pages(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        let d = cx.d;
        for p in d.pops.iter().filter(|_| d.privacy.pop_in_dossier) {
            let name = format!("pop-{}.html", p.n);
            let path = format!("{}/{name}", d.slug);
            let key = crate::cache::key(&[
                cx.dkey.as_bytes(),
                self.templates
                    .fingerprint(&["base.html", "pop.html"])
                    .as_bytes(),
                path.as_bytes(),
            ]);
            let kept = cx.kept(Folder::Out, &path, &key);
            if !kept {
                let cfg = &cx.site.config;
                let pv = PopView::new(d, p, cfg, false);
                let page = serde_json::json!({
                    "pop": pv,
                    "body_html": crate::markdown::to_html(&p.text.body, cfg.allow_raw_html, 2),
                });
                cx.out.out.push(Artifact::new(
                    path.clone(),
                    self.templates.render("pop.html", &cx.sub, &page)?,
                ));
            }
            cx.record(Folder::Out, path, key, kept);
            cx.docs.push(DocView::new(
                format!("POP ({}): webpagina", cx.d.package_name(p.n)),
                Some(name),
                "voorbeeld",
            ));
        }
        Ok(())
    }

    /// One printable document: made, kept from the cache, or held back.
    fn document(&mut self, cx: &mut Cx, doc: Doc, held: bool) -> anyhow::Result<()> {
        let d = cx.d;
        let draft = held && cx.opts.drafts;
        let label = doc_label(d, &doc);
        if held && !draft {
            // Held back by to-dos only: it waits for its package to finish.
            let waiting = cx.waiting_for(&doc);
            match waiting {
                Some(what) => {
                    cx.out.waiting += 1;
                    let mut v = DocView::new(label, None, "wacht");
                    v.wacht_op = Some(what);
                    cx.docs.push(v);
                }
                None => {
                    cx.out.held_back += 1;
                    let first = cx
                        .diags
                        .iter()
                        .find(|g| !g.is_todo() && doc.held_back_by(d, g))
                        .cloned();
                    cx.out.held.push((doc.file_name(d), first));
                    let mut v = DocView::new(label, None, "tegengehouden");
                    v.wacht_op = cx.held_by_its_pop(&doc);
                    cx.docs.push(v);
                }
            }
            return Ok(());
        }
        let folder = if matches!(doc, Doc::ClientPop(_)) {
            Folder::Client
        } else {
            Folder::Out
        };
        let name = doc.file_name(d);
        let path = format!("{}/{name}", d.slug);
        let key = crate::cache::key(&[
            cx.dkey.as_bytes(),
            self.pdf_fingerprint(&doc).as_bytes(),
            path.as_bytes(),
            &[u8::from(draft), u8::from(folder == Folder::Client)],
        ]);
        let href = (folder == Folder::Out).then_some(name);
        let status = if draft { "ontwerp" } else { "definitief" };
        if !cx.opts.pdf {
            cx.docs
                .push(DocView::new(label, None, "geen PDF in deze build"));
            return Ok(());
        }
        if cx.kept(folder, &path, &key) {
            // Kept: the same template made it before, so it works for it (a
            // run that makes only one failing document does not judge the
            // template broken by that one).
            self.tally_kept(&doc);
            // What making it found (F15) holds for the kept file too.
            self.kept_findings(cx.site, d, &doc, draft, &label, &mut cx.out.findings);
            cx.record(folder, path, key, true);
            cx.docs.push(DocView::new(label, href, status));
            return Ok(());
        }
        let made = self.pdf_document(cx.site, d, &doc, draft, &label, cx.opts, &mut cx.out)?;
        if made {
            cx.record(folder, path, key, false);
            cx.docs.push(DocView::new(label, href, status));
        } else {
            cx.out.held_back += 1;
            cx.out
                .held
                .push((doc.file_name(d), cx.out.findings.last().cloned()));
            cx.docs.push(DocView::new(label, None, "niet gemaakt"));
        }
        Ok(())
    }

    /// The print of the whole dossier, when it is asked for or was made
    /// before (then kept current): made, kept from the cache, or (when no
    /// PDF is made in this run) left as it was.
    fn print(&mut self, cx: &mut Cx, e: &Entry) -> anyhow::Result<()> {
        let d = cx.d;
        let name = crate::render::print::file_name(&d.slug);
        let path = format!("{}/{name}", d.slug);
        let earlier = cx.fresh.files.get(&(Folder::Out, path.clone())).cloned();
        if !cx.opts.print.contains(&d.slug) && earlier.is_none() {
            return Ok(());
        }
        let contents = crate::render::print::Contents::of(d, &e.diags);
        let status = if contents.missing.is_empty() {
            "definitief"
        } else {
            "onvolledig"
        };
        let label = crate::diag::say_in("print-page-label", crate::diag::PAGES);
        if !cx.opts.pdf || contents.parts.is_empty() {
            if let Some(key) = earlier {
                cx.record(Folder::Out, path, key, true);
                cx.docs.push(DocView::new(label, Some(name), "verouderd"));
            }
            return Ok(());
        }
        let listed = serde_json::to_string(&(
            contents
                .parts
                .iter()
                .map(|p| p.file_name(d))
                .collect::<Vec<_>>(),
            contents
                .missing
                .iter()
                .map(|m| (&m.label, m.reason(crate::diag::PAGES)))
                .collect::<Vec<_>>(),
        ))
        .unwrap_or_default();
        let key = crate::cache::key(&[
            cx.dkey.as_bytes(),
            self.pdf_fingerprint_of("dossier.typ").as_bytes(),
            path.as_bytes(),
            listed.as_bytes(),
        ]);
        if cx.kept(Folder::Out, &path, &key) {
            cx.record(Folder::Out, path, key, true);
            cx.docs.push(DocView::new(label, Some(name), status));
            return Ok(());
        }
        #[cfg(feature = "pdf")]
        {
            let made = self.print_pdf(cx.site, d, &contents, &mut cx.out.findings)?;
            match made {
                Some(pdf) => {
                    cx.out.out.push(Artifact::new(path.clone(), pdf));
                    cx.record(Folder::Out, path, key, false);
                    cx.docs.push(DocView::new(label, Some(name), status));
                }
                None => {
                    cx.out.held_back += 1;
                    cx.out.held.push((name, cx.out.findings.last().cloned()));
                    cx.docs.push(DocView::new(label, None, "niet gemaakt"));
                }
            }
        }
        Ok(())
    }

    /// The coach-only notes page (`coach_notes = true`).
    fn notes_page(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        let path = format!("{}/notities.html", cx.d.slug);
        let key = crate::cache::key(&[
            cx.dkey.as_bytes(),
            self.templates
                .fingerprint(&["base.html", "notes.html"])
                .as_bytes(),
        ]);
        let kept = cx.kept(Folder::Out, &path, &key);
        if !kept {
            let page = NotesView::new(cx.d, cx.site.config.allow_raw_html);
            cx.out.out.push(Artifact::new(
                path.clone(),
                self.templates.render("notes.html", &cx.sub, &page)?,
            ));
        }
        cx.record(Folder::Out, path, key, kept);
        Ok(())
    }

    /// The trajectory page: the dossier with its documents and findings.
    fn trajectory_page(&mut self, cx: &mut Cx, diags: &[Diagnostic]) -> anyhow::Result<()> {
        let (site, d) = (cx.site, cx.d);
        let lang = crate::diag::PAGES;
        let all: Vec<Diagnostic> = diags.iter().chain(&cx.out.findings).cloned().collect();
        let path = format!("{}/index.html", d.slug);
        // The page lists its documents: their states are part of its key.
        let key = crate::cache::key(&[
            cx.dkey.as_bytes(),
            self.templates
                .fingerprint(&["base.html", "dossier.html"])
                .as_bytes(),
            serde_json::to_string(&cx.docs)
                .unwrap_or_default()
                .as_bytes(),
            serde_json::to_string(&crate::render::view::diag_views(
                &cx.out.findings,
                &site.sources,
                lang,
            ))
            .unwrap_or_default()
            .as_bytes(),
        ]);
        let kept = cx.kept(Folder::Out, &path, &key);
        if !kept {
            let docs = std::mem::take(&mut cx.docs);
            let page = TrajectView::new(
                d,
                &all,
                &site.sources,
                lang,
                docs,
                site.config.coach_notes,
                cx.opts.today,
            );
            cx.out.out.push(Artifact::new(
                path.clone(),
                self.templates.render("dossier.html", &cx.sub, &page)?,
            ));
        }
        cx.record(Folder::Out, path, key, kept);
        Ok(())
    }

    /// A hash of what a document's PDF is made with (its Typst files, the
    /// PDF standard).
    fn pdf_fingerprint(&self, doc: &Doc) -> String {
        self.pdf_fingerprint_of(doc.template())
    }

    /// The same, by the template's name.
    fn pdf_fingerprint_of(&self, template: &str) -> String {
        #[cfg(feature = "pdf")]
        return self.compiler.fingerprint(template);
        #[cfg(not(feature = "pdf"))]
        {
            let _ = template;
            String::new()
        }
    }
}

/// What every output of a dossier depends on besides its templates: popdoc's
/// version (in `cache::key`), popdoc.toml, the dossier's own files and
/// signature image (the bytes `load` read), the rule sets of its cheques, the
/// options, the states of its packages (which depend on the day) and the day
/// itself when retention is checked.
fn dossier_key(site: &Site, e: &Entry, d: &Dossier, opts: &Options) -> String {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    if let Some(f) = site.config.file {
        parts.push(site.sources.get(f).text.as_bytes().to_vec());
    }
    parts.push(site.config.theme.as_bytes().to_vec());
    parts.push(site.logo_key.as_bytes().to_vec());
    parts.push(site.sources.get(d.index_file).text.as_bytes().to_vec());
    for p in &d.pops {
        parts.push(site.sources.get(p.file).text.as_bytes().to_vec());
        if let Some(h) = &p.handtekening {
            parts.push(h.v.bytes.to_vec());
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
    // The states of the packages (they move with the day: besteld becomes
    // verlopen, a long lopend one is judged as afgerond).
    parts.push(
        format!(
            "{:?} {:?}",
            crate::validate::state::dossier(d, opts.today),
            crate::validate::state::packages(d, opts.today)
        )
        .into_bytes(),
    );
    // Drafts change only documents held back by errors or to-dos.
    let drafts = opts.drafts && e.diags.iter().any(|g| g.is_error() || g.is_todo());
    parts.push(vec![u8::from(drafts), u8::from(opts.pdf)]);
    if site.config.retention_years.is_some() {
        parts.push(opts.today.to_string().into_bytes());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    crate::cache::key(&refs)
}

/// How the trajectory page names a file it keeps from the last good version.
fn held_label(d: Option<&Dossier>, name: &str) -> String {
    let n = |prefix: &str, suffix: &str| {
        name.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(suffix))
            .map(str::to_string)
    };
    let pkg = |k: String| match (d, k.parse::<i64>()) {
        (Some(d), Ok(n)) => d.package_name(n),
        _ => format!("loopbaancheque {k}"),
    };
    if let Some(k) = n("pop-", ".pdf") {
        format!("POP ({}): PDF", pkg(k))
    } else if let Some(k) = n("pop-", ".html") {
        format!("POP ({}): webpagina", pkg(k))
    } else if let Some(k) = n("checklist-pop-", ".pdf") {
        format!("Checklist POP ({})", pkg(k))
    } else if name.starts_with("attest-") {
        let training = d.and_then(|d| {
            d.opleidingen
                .iter()
                .enumerate()
                .find(|(i, _)| Doc::Attest(*i).file_name(d) == name)
                .map(|(_, o)| o.naam.v.clone())
        });
        format!(
            "Attest opleiding: {}",
            training.unwrap_or_else(|| name.to_string())
        )
    } else if name == "notities.html" {
        "Notities van de begeleider".to_string()
    } else {
        name.to_string()
    }
}

impl SiteRenderer {
    /// The trajectory page of a dossier that cannot be read now: its problems,
    /// and the outputs of its last good version (`held`: the paths the
    /// output folder holds of it), each marked "verouderd".
    pub fn render_stale_page(
        &mut self,
        site: &Site,
        e: &Entry,
        held: &[String],
        why: &str,
    ) -> anyhow::Result<Artifact> {
        let lang = crate::diag::PAGES;
        let sub = SiteView {
            title: site.config.title.clone(),
            root: "../".into(),
        };
        let docs: Vec<DocView> = held
            .iter()
            .filter_map(|p| p.split_once('/').map(|(_, name)| name))
            .filter(|name| *name != "index.html" && !name.contains('/'))
            .filter(|name| name.ends_with(".pdf") || name.ends_with(".html"))
            .map(|name| {
                DocView::new(
                    held_label(e.dossier.as_ref(), name),
                    Some(name.to_string()),
                    "verouderd",
                )
            })
            .collect();
        let mut page = match &e.dossier {
            Some(d) => TrajectView::new(
                d,
                &e.diags,
                &site.sources,
                lang,
                docs,
                site.config.coach_notes,
                crate::deadlines::today(None),
            ),
            None => {
                let mut v = TrajectView::broken(&e.slug, &e.diags, &site.sources, lang);
                v.documenten = docs;
                v
            }
        };
        page.verouderd = Some(why.to_string());
        Ok(Artifact::new(
            format!("{}/index.html", e.slug),
            self.templates.render("dossier.html", &sub, &page)?,
        ))
    }
}
