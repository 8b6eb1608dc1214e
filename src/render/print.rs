//! The print of a whole dossier (`popdoc print`): one PDF,
//! `<slug>/dossier-<slug>.pdf`, with every final document the centre keeps
//! (its POPs, checklists and attests, in that order), each from its own
//! template on pages of its own. Drafts and the client's own copies never go
//! in. A print made with `--onvolledig` begins with a page that lists what is
//! missing and why.
//!
//! A print, once made, is kept current like any output: a later `build` or
//! `watch` makes it again when the dossier changed (and lists what is missing
//! when a document is no longer final), and keeps it from the cache when not.

use crate::diag::{Diagnostic, Lang, Msg, Scope};
use crate::model::Dossier;
use crate::render::{Doc, doc_label, documents};

/// The print's file name within the dossier's folder.
pub fn file_name(slug: &str) -> String {
    format!("dossier-{slug}.pdf")
}

/// What a print of a dossier holds and what it lacks.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    /// The final documents, in print order.
    pub parts: Vec<Doc>,
    /// The documents that are not final.
    pub missing: Vec<Missing>,
}

/// A document a print lacks.
#[derive(Debug, Clone)]
pub struct Missing {
    /// Its file name (`pop-2.pdf`).
    pub file: String,
    /// How the print names it ("POP (loopbaancheque 2)").
    pub label: String,
    /// The first finding that holds it back: an error before a to-do.
    pub cause: Option<Diagnostic>,
    /// An attest held back by what holds its POP back: that POP's package.
    pub via_pop: Option<String>,
}

impl Missing {
    /// Why it is missing, in `lang`: "het onderdeel ... ontbreekt (R06)",
    /// "nog niet af: ...", or for an attest "de POP van loopbaancheque 2 is
    /// niet definitief".
    pub fn reason(&self, lang: Lang) -> String {
        if let Some(pkg) = &self.via_pop {
            return Msg::new("print-via-pop").arg("package", pkg).render(lang);
        }
        let Some(g) = &self.cause else {
            return String::new();
        };
        let said = g.msg.render(lang).replace('`', "");
        if g.is_todo() {
            Msg::new("print-todo").arg("what", said).render(lang)
        } else {
            format!("{said} ({})", g.rule)
        }
    }
}

/// How the print names a document (the pages add ": PDF" to a POP).
pub fn label(d: &Dossier, doc: &Doc) -> String {
    match doc {
        Doc::Pop(n) | Doc::ClientPop(n) => format!("POP ({})", d.package_name(*n)),
        _ => doc_label(d, doc),
    }
}

impl Contents {
    /// What a print of `d` would hold now, from its findings: a document
    /// held back by an error or waiting for its package is missing.
    pub fn of(d: &Dossier, diags: &[Diagnostic]) -> Contents {
        let mut c = Contents::default();
        for (doc, held) in documents(d, diags) {
            // The client's own copy is not the centre's to keep.
            if matches!(doc, Doc::ClientPop(_)) {
                continue;
            }
            if !held {
                c.parts.push(doc);
                continue;
            }
            let holding: Vec<&Diagnostic> =
                diags.iter().filter(|g| doc.held_back_by(d, g)).collect();
            let cause = holding
                .iter()
                .find(|g| !g.is_todo())
                .or_else(|| holding.first())
                .map(|g| (*g).clone());
            let via_pop = match (&doc, &cause) {
                (Doc::Attest(i), Some(g)) => match g.scope {
                    Scope::Pop(n) | Scope::Cheque(n) => d.opleidingen[*i]
                        .pop
                        .as_ref()
                        .filter(|p| p.v == i64::from(n))
                        .map(|p| d.package_name(p.v)),
                    _ => None,
                },
                _ => None,
            };
            c.missing.push(Missing {
                file: doc.file_name(d),
                label: label(d, &doc),
                cause,
                via_pop,
            });
        }
        c
    }

    /// Whether the dossier has any document to print at all.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.missing.is_empty()
    }
}

#[cfg(feature = "pdf")]
mod make {
    use super::Contents;
    use crate::diag::{Diagnostic, Scope};
    use crate::model::{Dossier, Site};
    use crate::render::document::Origin;
    use crate::render::pdf::Job;
    use crate::render::{Doc, SiteRenderer};

    /// The template each document is made with, as `dossier.typ` names it.
    fn kind(doc: &Doc) -> &'static str {
        match doc {
            Doc::Pop(_) | Doc::ClientPop(_) => "pop",
            Doc::Checklist(_) => "checklist",
            Doc::Attest(_) => "attest",
        }
    }

    impl SiteRenderer {
        /// The job of a dossier's print: each part's own job as data, their
        /// images under the part's place, dated by the latest part.
        pub(crate) fn print_job(&mut self, site: &Site, d: &Dossier, c: &Contents) -> Job {
            let mut parts = Vec::new();
            let mut assets = Vec::new();
            let mut today = None;
            for (i, doc) in c.parts.iter().enumerate() {
                let mut sub = crate::render::pdf::job(site, d, doc, false);
                // Its F15 is the document's own, said where it is made.
                self.compiler.replace_unprintable(&mut sub.data);
                for mut a in sub.assets {
                    let mut key = vec!["documents".to_string(), i.to_string(), "data".into()];
                    key.append(&mut a.key);
                    a.key = key;
                    assets.push(a);
                }
                today = today.max(Some(sub.today));
                parts.push(serde_json::json!({"kind": kind(doc), "data": sub.data}));
            }
            let fallback = d.gesprekken.iter().map(|g| g.datum.v).max();
            let today = today.or(fallback).unwrap_or(crate::date::Date {
                year: 2000,
                month: 1,
                day: 1,
            });
            let klant = d.klant.naam();
            let missing: Vec<serde_json::Value> = c
                .missing
                .iter()
                .map(|m| {
                    serde_json::json!({"document": m.label, "reden": m.reason(crate::diag::PAGES)})
                })
                .collect();
            let mut data = serde_json::json!({
                "title": format!("Dossier {klant}"),
                "klant": klant,
                "begeleider": d.begeleider.as_ref().map(|b| b.v.clone()).unwrap_or_default(),
                "datum": today.dutch_long(),
                "documents": parts,
                "ontbreekt": missing,
            });
            self.compiler.replace_unprintable(&mut data["ontbreekt"]);
            Job {
                slug: d.slug.clone(),
                stem: super::file_name(&d.slug)
                    .trim_end_matches(".pdf")
                    .to_string(),
                template: "dossier.typ",
                data,
                today,
                assets,
            }
        }

        /// The print as PDF bytes, or `None` with F13 in `findings` when
        /// Typst cannot make it.
        pub(crate) fn print_pdf(
            &mut self,
            site: &Site,
            d: &Dossier,
            c: &Contents,
            findings: &mut Vec<Diagnostic>,
        ) -> anyhow::Result<Option<Vec<u8>>> {
            let job = self.print_job(site, d, c);
            let origin = Origin {
                label: format!("Dossier {} (afdruk)", d.klant.naam()),
                at: d.header.clone(),
                scope: Scope::Trajectory,
                body: None,
            };
            // Characters no font has are each document's F15 already.
            let mut found = Vec::new();
            let made = self.compile(&job, &origin, &mut found)?;
            findings.extend(found.into_iter().filter(|g| g.rule == "F13"));
            Ok(made.map(|r| r.pdf))
        }
    }
}
