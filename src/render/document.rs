//! One printable document as PDF, for every driver alike: the job prepared
//! from the view structs, the characters no font can show replaced (F15,
//! found before compiling, so also for a PDF made later), the compile, and a
//! document Typst cannot make turned into F13 for that document alone. A PDF
//! of `serve` waits as a [`DeferredPdf`] and is made by the same code when it
//! is first asked for.

#[cfg(feature = "pdf")]
use crate::diag::Msg;
use crate::diag::{Diagnostic, Scope};
use crate::model::{Dossier, Site};
use crate::render::{Doc, EntryOutput, Folder, Options, SiteRenderer};
#[cfg(feature = "pdf")]
use crate::source::FileId;
use crate::source::Loc;
#[cfg(feature = "pdf")]
use crate::write::Artifact;

/// What a document's findings point at.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The document as the coach reads its name.
    pub label: String,
    /// Where F13 points: the POP's front matter, or the training's entry.
    pub at: Loc,
    pub scope: Scope,
    /// A POP's body: its file and the body's offset in it, so that F13 can
    /// point at the block Typst could not make.
    pub body: Option<(crate::source::FileId, usize)>,
}

impl Origin {
    #[cfg(feature = "pdf")]
    pub(super) fn of(d: &Dossier, doc: &Doc, label: &str) -> Origin {
        let (at, scope) = origin_at(d, doc);
        let body = match doc {
            Doc::Pop(n) | Doc::ClientPop(n) => d
                .pops
                .iter()
                .find(|p| p.n == *n)
                .map(|p| (p.file, p.text.offset)),
            _ => None,
        };
        Origin {
            label: label.to_string(),
            at,
            scope,
            body,
        }
    }

    /// F15 for characters a font claimed but could not show (found while
    /// making the document).
    #[cfg(feature = "pdf")]
    fn unprintable(&self, chars: &[char]) -> Diagnostic {
        let shown: Vec<String> = chars.iter().take(8).map(|c| c.to_string()).collect();
        Diagnostic::warning(
            "F15",
            Msg::new("unprintable")
                .arg("document", &self.label)
                .arg("chars", shown.join(" ")),
        )
        .at(self.at.clone())
        .hint(Msg::new("unprintable-hint"))
        .scope(self.scope)
    }

    /// F13: Typst could not make the document; `block`: the offset in the
    /// body of the block it failed on, when known.
    #[cfg(feature = "pdf")]
    fn failed(&self, e: &crate::render::pdf::PdfError, block: Option<usize>) -> Diagnostic {
        let at = match (self.body, block) {
            (Some((file, offset)), Some(b)) => Loc::new(file, offset + b..offset + b + 1),
            _ => self.at.clone(),
        };
        let (place, in_site) = e.place();
        Diagnostic::error(
            "F13",
            Msg::new("doc-failed")
                .arg("document", &self.label)
                .arg("message", e.message())
                .arg("place", place),
        )
        .at(at)
        .hint(Msg::new(if in_site {
            "doc-failed-template-hint"
        } else {
            "doc-failed-hint"
        }))
        .scope(self.scope)
    }
}

/// A PDF prepared but not yet made (`serve` makes it on its first request).
/// Its data waits as compact JSON: a parsed tree takes several times the room,
/// and `serve` holds one per document of the site.
#[derive(Debug, Clone)]
pub struct DeferredPdf {
    /// Its path in its folder.
    pub path: String,
    pub folder: Folder,
    pub origin: Origin,
    /// The job without its data.
    #[cfg(feature = "pdf")]
    job: crate::render::pdf::Job,
    #[cfg(feature = "pdf")]
    data: std::sync::Arc<[u8]>,
}

#[cfg(feature = "pdf")]
impl DeferredPdf {
    pub fn new(
        path: String,
        folder: Folder,
        origin: Origin,
        mut job: crate::render::pdf::Job,
    ) -> DeferredPdf {
        let data = serde_json::to_vec(&std::mem::take(&mut job.data)).unwrap_or_default();
        DeferredPdf {
            path,
            folder,
            origin,
            job,
            data: data.into(),
        }
    }

    /// Whether it is a large document (its data is more than 256 KB: some
    /// thousands of blocks, seconds of layout): `serve` makes it on a
    /// compiler of its own, so that small PDFs do not wait behind it.
    pub fn heavy(&self) -> bool {
        self.data.len() > 256 * 1024
    }

    /// The job, data included, to render now.
    pub fn job(&self) -> crate::render::pdf::Job {
        let mut job = self.job.clone();
        job.data = serde_json::from_slice(&self.data).unwrap_or_default();
        job
    }

    /// Makes the PDF: its bytes, or F13 when Typst cannot make it.
    pub fn make(
        &self,
        compiler: &mut crate::render::pdf::Compiler,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let job = self.job();
        // (A character a font claimed but could not show is replaced by the
        // compiler; serve's overlay shows the F15 found before.)
        compiler.render_guarded(&job).map(|r| r.0.pdf).map_err(|e| {
            let block = self.origin.body.and_then(|_| failing_block(compiler, &job));
            Box::new(self.origin.failed(&e, block))
        })
    }
}

#[cfg(not(feature = "pdf"))]
impl DeferredPdf {
    /// Without the `pdf` feature no PDF is ever deferred.
    pub fn make(&self) -> Result<Vec<u8>, Box<Diagnostic>> {
        Ok(Vec::new())
    }
}

/// Warning F15: characters no embedded font can show, replaced by `?` in the
/// PDF; located at the first one in the document's source.
#[cfg(feature = "pdf")]
fn unprintable(site: &Site, d: &Dossier, doc: &Doc, label: &str, chars: &[char]) -> Diagnostic {
    let source: FileId = match doc {
        Doc::Pop(n) | Doc::ClientPop(n) | Doc::Checklist(n) => {
            d.pops.iter().find(|p| p.n == *n).map(|p| p.file)
        }
        Doc::Attest(_) => None,
    }
    .unwrap_or(d.index_file);
    let text = &site.sources.get(source).text;
    let first = chars[0];
    let loc = match text.find(first) {
        Some(at) => Loc::new(source, at..at + first.len_utf8()),
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

impl SiteRenderer {
    /// The job of one document, its unprintable characters replaced (F15
    /// into `findings`).
    #[cfg(feature = "pdf")]
    pub(super) fn prepare(
        &mut self,
        site: &Site,
        d: &Dossier,
        doc: &Doc,
        draft: bool,
        label: &str,
        findings: &mut Vec<Diagnostic>,
    ) -> crate::render::pdf::Job {
        let mut job = crate::render::pdf::job(site, d, doc, draft);
        let replaced = self.compiler.replace_unprintable(&mut job.data);
        // The client's copy of a POP the centre also keeps has the same text:
        // its F15 is the centre's POP's, said once.
        let copy = matches!(doc, Doc::ClientPop(_)) && d.privacy.pop_in_dossier;
        if !replaced.is_empty() && !copy {
            findings.push(unprintable(site, d, doc, label, &replaced));
        }
        job
    }

    /// One document as PDF, made now or (`serve`) deferred; `false` when it
    /// could not be made (F13 in `out.findings`).
    #[cfg(feature = "pdf")]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn pdf_document(
        &mut self,
        site: &Site,
        d: &Dossier,
        doc: &Doc,
        draft: bool,
        label: &str,
        opts: &Options,
        out: &mut EntryOutput,
    ) -> anyhow::Result<bool> {
        let name = doc.file_name(d);
        let folder = if matches!(doc, Doc::ClientPop(_)) {
            Folder::Client
        } else {
            Folder::Out
        };
        let path = format!("{}/{name}", d.slug);
        let job = self.prepare(site, d, doc, draft, label, &mut out.findings);
        if opts.defer_pdfs {
            out.deferred.push(DeferredPdf::new(
                path,
                folder,
                Origin::of(d, doc, label),
                job,
            ));
            return Ok(true);
        }
        let Some(pdf) = self.compile(&job, &Origin::of(d, doc, label), &mut out.findings)? else {
            return Ok(false);
        };
        let target = match folder {
            Folder::Client => &mut out.client,
            Folder::Out => &mut out.out,
        };
        if opts.emit_typst {
            let stem = name.trim_end_matches(".pdf");
            target.push(Artifact::new(
                format!("{}/{stem}.typ", d.slug),
                pdf.source.clone(),
            ));
            target.push(Artifact::new(
                format!("{}/{stem}.data.json", d.slug),
                pdf.readable_data(),
            ));
            for (path, bytes) in &pdf.assets {
                target.push(Artifact::new(path.clone(), bytes.to_vec()));
            }
        }
        target.push(Artifact::new(path, pdf.pdf));
        Ok(true)
    }

    #[cfg(not(feature = "pdf"))]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn pdf_document(
        &mut self,
        _site: &Site,
        _d: &Dossier,
        _doc: &Doc,
        _draft: bool,
        _label: &str,
        _opts: &Options,
        _out: &mut EntryOutput,
    ) -> anyhow::Result<bool> {
        Ok(true)
    }

    /// The findings of preparing a document (F15) for one kept from the
    /// cache: the file on disk has the same replaced characters.
    pub(super) fn kept_findings(
        &mut self,
        site: &Site,
        d: &Dossier,
        doc: &Doc,
        draft: bool,
        label: &str,
        findings: &mut Vec<Diagnostic>,
    ) {
        #[cfg(feature = "pdf")]
        {
            // Every printed value comes from the dossier's files or the
            // settings: when they hold only printable text, so does the job.
            let mut files = std::iter::once(d.index_file)
                .chain(d.pops.iter().map(|p| p.file))
                .chain(site.config.file);
            let clean = files.all(|f| self.compiler.all_printable(&site.sources.get(f).text));
            if !clean {
                let _ = self.prepare(site, d, doc, draft, label, findings);
            }
        }
        #[cfg(not(feature = "pdf"))]
        let _ = (site, d, doc, draft, label, findings);
    }

    /// A document kept from the cache counts as made by its template.
    pub(super) fn tally_kept(&mut self, doc: &Doc) {
        #[cfg(feature = "pdf")]
        {
            let template = self.compiler.origin(doc.template());
            if !template.starts_with('<') {
                self.tally.record(&template, None);
            }
        }
        #[cfg(not(feature = "pdf"))]
        let _ = doc;
    }

    /// Compiles a prepared job; a document Typst cannot make is F13 in
    /// `findings` (and `None`). Only an IO failure is an error.
    #[cfg(feature = "pdf")]
    pub(super) fn compile(
        &mut self,
        job: &crate::render::pdf::Job,
        origin: &Origin,
        findings: &mut Vec<Diagnostic>,
    ) -> anyhow::Result<Option<crate::render::pdf::Rendered>> {
        use crate::render::pdf::PdfError;
        let template = self.compiler.origin(job.template);
        let own = !template.starts_with('<');
        match self.compiler.render_guarded(job) {
            Ok((pdf, learned)) => {
                if own {
                    self.tally.record(&template, None);
                }
                if !learned.is_empty() {
                    findings.push(origin.unprintable(&learned));
                }
                Ok(Some(pdf))
            }
            Err(PdfError::Io { path, source }) => {
                Err(anyhow::Error::new(source).context(path.display().to_string()))
            }
            Err(e) => {
                if own {
                    self.tally.record(
                        &template,
                        Some(format!("{}/{}.pdf: {e}", job.slug, job.stem)),
                    );
                }
                let block = origin
                    .body
                    .and_then(|_| failing_block(&mut self.compiler, job));
                findings.push(origin.failed(&e, block));
                Ok(None)
            }
        }
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
            assets: Vec::new(),
        };
        let origin = Origin {
            label: "POP".into(),
            at: Loc::new(FileId(0), 0..0),
            scope: Scope::Pop(1),
            body: None,
        };
        let later = DeferredPdf::new("jerome-celik/pop-1.pdf".into(), Folder::Out, origin, job);
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

/// F13 for a document whose file could not be written (its name is too long,
/// a folder is in the way): located where the document comes from.
pub fn unwritten(
    e: &crate::model::Entry,
    path: &str,
    error: &crate::write::WriteError,
) -> Diagnostic {
    let name = path.rsplit('/').next().unwrap_or(path);
    let doc = e.dossier.as_ref().and_then(|d| {
        crate::render::documents(d, &e.diags)
            .into_iter()
            .map(|(doc, _)| doc)
            .find(|doc| doc.file_name(d) == name)
            .map(|doc| (d, doc))
    });
    let (label, at, scope) = match &doc {
        Some((d, doc)) => {
            let label = crate::render::doc_label(d, doc);
            let o = origin_at(d, doc);
            (label, Some(o.0), o.1)
        }
        None => (
            path.to_string(),
            e.dossier.as_ref().map(|d| d.header.clone()),
            Scope::Dossier,
        ),
    };
    let (file, message) = match error {
        crate::write::WriteError::Io { source, path } => {
            (path.display().to_string(), source.to_string())
        }
        other => (path.to_string(), other.to_string()),
    };
    Diagnostic::error(
        "F13",
        crate::diag::Msg::new("doc-unwritten")
            .arg("document", label)
            .arg("file", file)
            .arg("error", message),
    )
    .at_opt(at)
    .hint(crate::diag::Msg::new("doc-unwritten-hint"))
    .scope(scope)
}

/// The block of a POP's body that its document fails on: the last block
/// of the shortest start of the body that still fails (a binary search,
/// only after a failure). `None` when the body is not the cause.
#[cfg(feature = "pdf")]
fn failing_block(
    compiler: &mut crate::render::pdf::Compiler,
    job: &crate::render::pdf::Job,
) -> Option<usize> {
    let blocks = job.data.get("body")?.as_array()?.clone();
    let mut fails = |k: usize| {
        let mut j = job.clone();
        j.data["body"] = serde_json::Value::Array(blocks[..k].to_vec());
        compiler.render_guarded(&j).is_err()
    };
    if blocks.is_empty() || fails(0) {
        return None;
    }
    // fails(lo) is false, fails(hi) true.
    let (mut lo, mut hi) = (0, blocks.len());
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if fails(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // The failing block, or the nearest one before it that says where
    // it starts.
    blocks[..hi]
        .iter()
        .rev()
        .find_map(|b| b.get("at")?.as_u64())
        .and_then(|a| usize::try_from(a).ok())
}

/// Where a document's findings point, and what they hold back.
fn origin_at(d: &Dossier, doc: &Doc) -> (Loc, Scope) {
    let at = match doc {
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
    (at, scope)
}
