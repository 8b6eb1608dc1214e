//! The client's own bundle: a small site of one dossier that the client keeps,
//! prints or publishes where they like (`build --client`, `build --clients`).
//! It holds the overview "Mijn loopbaantraject" (the loopbaanvraag per POP,
//! the evolution of all POPs as one dated timeline, the action plan, the
//! trainings), one page and one PDF per POP of the client (also the POPs the
//! client keeps), the attests and the stylesheet. Nothing else reaches it: no
//! hours, no session or coach notes, no checks, no checklist, no other client,
//! no link to the centre's site. Only these view structs feed its templates.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::markdown::{SectionKind, entries, find_date, table, to_html};
use crate::model::{Dossier, Entry, Site};
#[cfg(feature = "pdf")]
use crate::render::Folder;
use crate::render::html::SiteView;
use crate::render::view::{DateView, PopView};
use crate::render::{DeferredPdf, Doc, Options, SiteRenderer};
use crate::text::fold;
use crate::write::Artifact;

/// A file of the bundle before its page is rendered.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub(super) enum Piece {
    Page(String, serde_json::Value),
    Bytes(String, Vec<u8>),
    /// A PDF made on request (`serve`).
    #[cfg(feature = "pdf")]
    Later(
        String,
        Box<(super::document::Origin, crate::render::pdf::Job)>,
    ),
}

/// What the bundle collects while its pages are made.
#[derive(Default)]
pub(super) struct Pieces {
    files: Vec<Piece>,
    failed: Vec<Diagnostic>,
}

/// The files of one client's bundle.
#[derive(Debug, Default)]
pub struct Bundle {
    pub files: Vec<Artifact>,
    pub failed: Vec<Diagnostic>,
    /// PDFs left to make on request (`serve`), paths inside the bundle.
    pub deferred: Vec<DeferredPdf>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub titel: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VraagView {
    pub cheque: u8,
    pub gefinaliseerd_op: Option<DateView>,
    /// The loopbaanvraag as HTML (the client's words, escaped as on the POP page).
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StapView {
    pub datum: Option<DateView>,
    pub tekst: String,
    pub cheque: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActieView {
    pub cheque: u8,
    pub actie: String,
    pub wanneer: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpleidingView {
    pub naam: String,
    /// The attest PDF in the bundle, when there is one.
    pub attest: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PopLink {
    pub cheque: u8,
    pub titel: String,
    pub pagina: String,
    pub pdf: Option<String>,
    pub gefinaliseerd_op: Option<DateView>,
    /// The client keeps this POP and its text is not in the dossier.
    pub bewaard: bool,
    pub ontwerp: bool,
}

/// The overview page "Mijn loopbaantraject".
#[derive(Debug, Clone, Serialize)]
pub struct BundleIndex {
    pub klant: String,
    pub begeleider: String,
    pub centrum: String,
    pub nav: Vec<NavItem>,
    pub vragen: Vec<VraagView>,
    pub evolutie: Vec<StapView>,
    pub acties: Vec<ActieView>,
    pub opleidingen: Vec<OpleidingView>,
    pub pops: Vec<PopLink>,
}

/// "2025-02-03: start" -> "start": the date is shown apart in the timeline.
fn without_leading_date(s: &str) -> &str {
    // The words of the date at the start: "2025-02-03", "10/02/2025",
    // "22 oktober 2024" or "oktober 2024" (the page shows the date apart).
    let words: Vec<(usize, &str)> = s
        .split_whitespace()
        .take(3)
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize + w.len(), w))
        .collect();
    let bare = |w: &str| w.trim_end_matches([':', ',', '-', '.']).to_lowercase();
    let numeric = |w: &str| {
        let b = bare(w);
        b.len() >= 8
            && b.split(['-', '/', '.']).count() == 3
            && b.bytes().all(|c| c.is_ascii_digit() || b"-/.".contains(&c))
    };
    let month = |w: &str| crate::date::MONTHS_NL.contains(&bare(w).as_str());
    let year = |w: &str| {
        let b = bare(w);
        b.len() == 4 && b.bytes().all(|c| c.is_ascii_digit())
    };
    let day = |w: &str| {
        let b = bare(w);
        (1..=2).contains(&b.len()) && b.bytes().all(|c| c.is_ascii_digit())
    };
    let end = match words.as_slice() {
        [(e, w), ..] if numeric(w) => *e,
        [(_, d), (_, m), (e, y), ..] if day(d) && month(m) && year(y) => *e,
        [(_, m), (e, y), ..] if month(m) && year(y) => *e,
        _ => return s,
    };
    s[end..]
        .trim_start_matches([' ', ':', '-', '–', ','])
        .trim_start()
}

/// Column of an action-plan table by its header ("Actie", "Wanneer", "Status").
fn column(header: &[String], names: &[&str], fallback: usize) -> usize {
    header
        .iter()
        .position(|h| names.contains(&fold(h).as_str()))
        .unwrap_or(fallback)
}

/// What the POPs of a bundle give its overview page.
#[derive(Default)]
struct FromPops {
    pops: Vec<PopLink>,
    vragen: Vec<VraagView>,
    evolutie: Vec<StapView>,
    acties: Vec<ActieView>,
}

/// The action plan of a POP, from its table (by column name) or its list.
fn actions(n: u8, md: &str) -> Vec<ActieView> {
    match table(md) {
        Some((header, rows)) => {
            let a = column(&header, &["actie", "wat", "acties"], 0);
            let w = column(&header, &["wanneer", "tegen wanneer", "datum", "timing"], 1);
            let s = column(&header, &["status", "stand"], 2);
            rows.iter()
                .map(|row| {
                    let cell = |i: usize| row.get(i).cloned().unwrap_or_default();
                    ActieView {
                        cheque: n,
                        actie: cell(a),
                        wanneer: cell(w),
                        status: cell(s),
                    }
                })
                .collect()
        }
        None => entries(md)
            .into_iter()
            .map(|actie| ActieView {
                cheque: n,
                actie,
                wanneer: String::new(),
                status: String::new(),
            })
            .collect(),
    }
}

impl SiteRenderer {
    /// The bundle of one dossier, under `<slug>/` of the client folder. A POP
    /// held back by its errors is left out (with `--drafts`: in, marked
    /// ONTWERP); so is an attest held back.
    pub fn render_bundle(
        &mut self,
        site: &Site,
        e: &Entry,
        opts: &Options,
    ) -> anyhow::Result<Bundle> {
        let mut acc = Pieces::default();
        let Some(d) = &e.dossier else {
            return Ok(Bundle::default());
        };
        let mut from = self.bundle_pops(site, e, d, opts, &mut acc)?;
        // Dated steps in date order; undated ones keep their place at the end.
        from.evolutie
            .sort_by_key(|s| (s.datum.is_none(), s.datum.as_ref().map(|d| d.iso.clone())));
        let opleidingen = self.bundle_trainings(site, e, d, opts, &from.pops, &mut acc)?;
        let nav: Vec<NavItem> = std::iter::once(NavItem {
            titel: "Mijn loopbaantraject".into(),
            href: "index.html".into(),
        })
        .chain(from.pops.iter().map(|p| NavItem {
            titel: p.titel.clone(),
            href: p.pagina.clone(),
        }))
        .collect();
        let cfg = &site.config;
        let index = BundleIndex {
            klant: d.klant.naam(),
            begeleider: d
                .begeleider
                .as_ref()
                .map(|b| b.v.clone())
                .unwrap_or_default(),
            centrum: crate::config::filled(&cfg.centrum.naam)
                .unwrap_or(&cfg.title)
                .to_string(),
            nav,
            vragen: from.vragen,
            evolutie: from.evolutie,
            acties: from.acties,
            opleidingen,
            pops: from.pops,
        };
        self.bundle_files(d, index, acc)
    }

    /// The POPs of the bundle: their links, questions, steps and actions, with
    /// a page (and a PDF, unless the client keeps the text) for each.
    fn bundle_pops(
        &mut self,
        site: &Site,
        e: &Entry,
        d: &Dossier,
        opts: &Options,
        acc: &mut Pieces,
    ) -> anyhow::Result<FromPops> {
        let cfg = &site.config;
        let mut from = FromPops::default();
        for p in &d.pops {
            let ontwerp = e.diags.iter().any(|g| Doc::Pop(p.n).held_back_by(d, g));
            if ontwerp && !opts.drafts {
                continue;
            }
            let bewaard = !p.text.holds_pop();
            let pagina = format!("pop-{}.html", p.n);
            let mut pdf = None;
            if !bewaard && opts.pdf {
                pdf = self.bundle_pdf(
                    site,
                    d,
                    &Doc::Pop(p.n),
                    ontwerp,
                    opts.defer_pdfs,
                    &mut acc.files,
                    &mut acc.failed,
                )?;
            }
            let view = PopView::new(d, p, cfg, ontwerp);
            from.pops.push(PopLink {
                cheque: p.n,
                titel: view.title.clone(),
                pagina: pagina.clone(),
                pdf: pdf.clone(),
                gefinaliseerd_op: view.gefinaliseerd_op.clone(),
                bewaard,
                ontwerp,
            });
            if let Some(md) = p.text.section_markdown(SectionKind::Loopbaanvraag) {
                from.vragen.push(VraagView {
                    cheque: p.n,
                    gefinaliseerd_op: view.gefinaliseerd_op.clone(),
                    html: to_html(md, cfg.allow_raw_html, 3),
                });
            }
            if let Some(md) = p.text.section_markdown(SectionKind::Evolutie) {
                for tekst in entries(md) {
                    let datum = find_date(&tekst);
                    from.evolutie.push(StapView {
                        tekst: without_leading_date(&tekst).to_string(),
                        datum: datum.map(Into::into),
                        cheque: p.n,
                    });
                }
            }
            if let Some(md) = p.text.section_markdown(SectionKind::Actieplan) {
                from.acties.extend(actions(p.n, md));
            }
            let page = serde_json::json!({
                "nav": [],
                "klant": d.klant.naam(),
                "pop": view,
                "bewaard": bewaard,
                "pdf": pdf,
                "body_html": to_html(&p.text.body, cfg.allow_raw_html, 2),
            });
            acc.files.push(Piece::Page(pagina, page));
        }
        Ok(from)
    }

    /// The trainings the bundle's POPs name, with their attests.
    fn bundle_trainings(
        &mut self,
        site: &Site,
        e: &Entry,
        d: &Dossier,
        opts: &Options,
        pops: &[PopLink],
        acc: &mut Pieces,
    ) -> anyhow::Result<Vec<OpleidingView>> {
        let held = |doc: &Doc| e.diags.iter().any(|g| doc.held_back_by(d, g));
        let included: Vec<u8> = pops.iter().map(|p| p.cheque).collect();
        let mut opleidingen: Vec<OpleidingView> = Vec::new();
        for (i, o) in d.opleidingen.iter().enumerate() {
            let named = o
                .pop
                .as_ref()
                .is_some_and(|n| included.iter().any(|c| i64::from(*c) == n.v));
            if !named {
                continue;
            }
            let mut attest = None;
            let draft = held(&Doc::Attest(i));
            if o.attest && opts.pdf && (!draft || opts.drafts) {
                attest = self.bundle_pdf(
                    site,
                    d,
                    &Doc::Attest(i),
                    draft,
                    opts.defer_pdfs,
                    &mut acc.files,
                    &mut acc.failed,
                )?;
            }
            opleidingen.push(OpleidingView {
                naam: o.naam.v.clone(),
                attest,
            });
        }
        for p in d.pops.iter().filter(|p| included.contains(&p.n)) {
            for name in &p.opleidingen {
                if !opleidingen.iter().any(|o| fold(&o.naam) == fold(&name.v)) {
                    opleidingen.push(OpleidingView {
                        naam: name.v.clone(),
                        attest: None,
                    });
                }
            }
        }
        Ok(opleidingen)
    }

    /// The bundle's files: the overview, the pages, the PDFs and the stylesheet.
    fn bundle_files(
        &mut self,
        d: &Dossier,
        index: BundleIndex,
        acc: Pieces,
    ) -> anyhow::Result<Bundle> {
        let site_view = SiteView {
            title: index.klant.clone(),
            root: String::new(),
        };
        let nav = serde_json::to_value(&index.nav)?;
        let mut out = vec![Artifact::new(
            format!("{}/index.html", d.slug),
            self.templates
                .render("klant-index.html", &site_view, &index)?,
        )];
        #[cfg_attr(not(feature = "pdf"), allow(unused_mut))]
        let mut pending = Vec::new();
        let Pieces { files, failed } = acc;
        for piece in files {
            match piece {
                Piece::Page(name, mut page) => {
                    page["nav"] = nav.clone();
                    out.push(Artifact::new(
                        format!("{}/{name}", d.slug),
                        self.templates.render("klant-pop.html", &site_view, &page)?,
                    ));
                }
                Piece::Bytes(name, bytes) => {
                    out.push(Artifact::new(format!("{}/{name}", d.slug), bytes));
                }
                #[cfg(feature = "pdf")]
                Piece::Later(name, later) => {
                    let (origin, job) = *later;
                    pending.push(DeferredPdf::new(
                        format!("{}/{name}", d.slug),
                        Folder::Client,
                        origin,
                        job,
                    ));
                }
            }
        }
        out.push(Artifact::new(format!("{}/style.css", d.slug), self.style()));
        Ok(Bundle {
            files: out,
            failed,
            deferred: pending,
        })
    }
}

impl SiteRenderer {
    /// A PDF of a client's bundle: its file name, when it was made (or
    /// deferred); its findings go to `findings`.
    #[cfg(feature = "pdf")]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn bundle_pdf(
        &mut self,
        site: &Site,
        d: &Dossier,
        doc: &Doc,
        draft: bool,
        defer: bool,
        files: &mut Vec<Piece>,
        findings: &mut Vec<Diagnostic>,
    ) -> anyhow::Result<Option<String>> {
        let label = match doc {
            Doc::Attest(i) => format!("Attest opleiding: {}", d.opleidingen[*i].naam.v),
            _ => format!("{} (bundel van de klant)", doc.file_name(d)),
        };
        let name = doc.file_name(d);
        let job = self.prepare(site, d, doc, draft, &label, findings);
        let origin = super::document::Origin::of(d, doc, &label);
        if defer {
            files.push(Piece::Later(name.clone(), Box::new((origin, job))));
            return Ok(Some(name));
        }
        let Some(pdf) = self.compile(&job, &origin, findings)? else {
            return Ok(None);
        };
        files.push(Piece::Bytes(name.clone(), pdf.pdf));
        Ok(Some(name))
    }

    #[cfg(not(feature = "pdf"))]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn bundle_pdf(
        &mut self,
        _site: &Site,
        _d: &Dossier,
        _doc: &Doc,
        _draft: bool,
        _defer: bool,
        _files: &mut Vec<Piece>,
        _findings: &mut Vec<Diagnostic>,
    ) -> anyhow::Result<Option<String>> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn leading_dates_are_shown_apart() {
        assert_eq!(super::without_leading_date("2025-02-03: start"), "start");
        assert_eq!(super::without_leading_date("10/02/2025 - verder"), "verder");
        assert_eq!(
            super::without_leading_date("22 oktober 2024: de vraag wordt scherper"),
            "de vraag wordt scherper"
        );
        assert_eq!(super::without_leading_date("Oktober 2024 - begin"), "begin");
        assert_eq!(
            super::without_leading_date("In maart 2025 koos ik"),
            "In maart 2025 koos ik"
        );
    }
}
