//! The job of one document for the Typst compiler: its view struct as JSON
//! data (the POP's Markdown as a tree), its own date, and the images it
//! embeds (the client's signature, the centre's logo), from the bytes `load`
//! read.

use std::sync::Arc;

use crate::date::Date;
use crate::model::{Dossier, Site};
use crate::render::Doc;
use crate::render::view::{AttestView, ChecklistView, PopView};

/// What the compiler needs for one document.
#[derive(Debug, Clone)]
pub struct Job {
    pub slug: String,
    /// File stem: `pop-1`, `checklist-pop-1`, `attest-<slug>`.
    pub stem: String,
    /// The theme template whose `document(data)` renders this job.
    pub template: &'static str,
    pub data: serde_json::Value,
    /// The document's own date: `today` in Typst and the PDF timestamp.
    pub today: Date,
    /// The images it embeds (the client's signature, the centre's logo).
    pub assets: Vec<Asset>,
}

/// An image a document embeds.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where its path is in the data: `["handtekening"]`, `["centrum", "logo"]`.
    pub key: Vec<String>,
    /// Its path as `--emit-typst` writes it (`/klant/handtekening.png`).
    pub vpath: String,
    /// Its bytes as `load` read them.
    pub bytes: Arc<[u8]>,
    /// The extension of its format.
    pub ext: &'static str,
}

impl Asset {
    /// The logo of the site, for any document that shows the centre.
    pub fn logo(site: &Site) -> Option<Asset> {
        let logo = site.logo.as_ref()?;
        let ext = logo.format.extension();
        Some(Asset {
            key: vec!["centrum".into(), "logo".into()],
            vpath: format!("/_typst/logo.{ext}"),
            bytes: logo.bytes.clone(),
            ext,
        })
    }

    /// Sets `value` at this asset's place in `data`.
    pub(super) fn set(&self, data: &mut serde_json::Value, value: &str) {
        let mut at = data;
        for k in &self.key {
            at = match at {
                serde_json::Value::Array(items) => {
                    match k.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                        Some(item) => item,
                        None => return,
                    }
                }
                other => &mut other[k.as_str()],
            };
        }
        *at = serde_json::Value::String(value.to_string());
    }
}

/// The job for one document of a dossier, from its view struct.
pub fn job(site: &Site, d: &Dossier, doc: &Doc, draft: bool) -> Job {
    let file = doc.file_name(d);
    let stem = file.trim_end_matches(".pdf").to_string();
    let fallback = d
        .gesprekken
        .iter()
        .map(|g| g.datum.v)
        .max()
        .unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        });
    match doc {
        Doc::Pop(n) | Doc::ClientPop(n) => {
            let p = d
                .pops
                .iter()
                .find(|p| p.n == *n)
                .expect("documents() lists existing POPs");
            let view = PopView::new(d, p, &site.config, draft);
            let mut data = serde_json::to_value(&view).unwrap_or_default();
            data["body"] = crate::markdown::to_ast(&view.body);
            let signature = view.handtekening.as_ref().and_then(|h| {
                let image = p.handtekening.as_ref()?;
                Some(Asset {
                    key: vec!["handtekening".into()],
                    vpath: format!("/{}/{}", d.slug, h),
                    bytes: image.v.bytes.clone(),
                    ext: image.v.format.extension(),
                })
            });
            let assets: Vec<Asset> = signature.into_iter().chain(Asset::logo(site)).collect();
            for a in &assets {
                a.set(&mut data, &a.vpath);
            }
            Job {
                slug: d.slug.clone(),
                stem,
                template: "pop.typ",
                data,
                today: p.gefinaliseerd_op.as_ref().map_or(fallback, |g| g.v),
                assets,
            }
        }
        Doc::Checklist(n) => {
            let p = d
                .pops
                .iter()
                .find(|p| p.n == *n)
                .expect("documents() lists existing POPs");
            let view = ChecklistView::new(d, p, &site.config, draft);
            let (data, assets) = with_logo(site, serde_json::to_value(&view).unwrap_or_default());
            Job {
                slug: d.slug.clone(),
                stem,
                template: "checklist.typ",
                data,
                today: p.gefinaliseerd_op.as_ref().map_or(fallback, |g| g.v),
                assets,
            }
        }
        Doc::Attest(i) => {
            let view = AttestView::new(d, *i, &site.config, draft);
            let (data, assets) = with_logo(site, serde_json::to_value(&view).unwrap_or_default());
            Job {
                slug: d.slug.clone(),
                stem,
                template: "attest.typ",
                data,
                today: d.opleidingen[*i]
                    .attest_op
                    .as_ref()
                    .map_or(fallback, |a| a.v),
                assets,
            }
        }
    }
}

/// A document's data with the site's logo in it, and the logo as its asset.
fn with_logo(site: &Site, mut data: serde_json::Value) -> (serde_json::Value, Vec<Asset>) {
    let assets: Vec<Asset> = Asset::logo(site).into_iter().collect();
    for a in &assets {
        a.set(&mut data, &a.vpath);
    }
    (data, assets)
}
