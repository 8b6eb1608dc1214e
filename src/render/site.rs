//! The warm renderer: the templates (and the Typst compiler) of one theme,
//! loaded once and reused for every dossier, forked once per worker thread.
//! This file holds the renderer itself and the site's own files (the index
//! and the stylesheet); a dossier's pages and documents are in `entry.rs`,
//! `document.rs` and `bundle.rs`.

use std::sync::Arc;

use crate::config::PdfStandard;
use crate::load::theme::Theme;
use crate::model::Site;
use crate::render::Options;
use crate::render::html::{SiteView, Templates};
use crate::render::view::{self, IndexEntry};
use crate::write::Artifact;

/// How documents made with each site template fared: a site template that
/// failed every document it was used for is broken, not the documents.
#[derive(Debug, Default, Clone)]
pub struct TemplateTally {
    /// (template file, documents made, first failure).
    by_template: Vec<(String, usize, Option<String>)>,
}

impl TemplateTally {
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(super) fn record(&mut self, template: &str, failure: Option<String>) {
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

    pub fn merge(&mut self, other: TemplateTally) {
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
    pub fn broken(&self) -> Option<&str> {
        self.by_template
            .iter()
            .find(|t| t.1 == 0 && t.2.is_some())
            .and_then(|t| t.2.as_deref())
    }
}

/// Templates and the Typst compiler of one theme, loaded once and reused.
pub struct SiteRenderer {
    pub(super) theme: Arc<Theme>,
    pub(super) templates: Templates,
    #[cfg(feature = "pdf")]
    pub(super) compiler: crate::render::pdf::Compiler,
    pub(super) tally: TemplateTally,
}

impl SiteRenderer {
    /// The renderer of `theme` (its files were read by `load::theme`).
    pub fn new(theme: Arc<Theme>, standard: PdfStandard) -> anyhow::Result<SiteRenderer> {
        #[cfg(not(feature = "pdf"))]
        let _ = standard;
        Ok(SiteRenderer {
            templates: Templates::new(&theme)?,
            #[cfg(feature = "pdf")]
            compiler: crate::render::pdf::Compiler::new(&theme, standard)?,
            theme,
            tally: TemplateTally::default(),
        })
    }

    /// Another renderer for a worker thread: the same templates and theme, the
    /// same parsed fonts (shared), its own caches.
    pub fn fork(&self) -> SiteRenderer {
        SiteRenderer {
            theme: self.theme.clone(),
            templates: self.templates.clone(),
            #[cfg(feature = "pdf")]
            compiler: self.compiler.fork(),
            tally: TemplateTally::default(),
        }
    }

    /// A compiler of this renderer's theme, for PDFs made later (`serve`).
    #[cfg(feature = "pdf")]
    pub fn compiler(&self) -> crate::render::pdf::Compiler {
        self.compiler.fork()
    }

    /// How the site's templates fared since the last call.
    pub fn take_tally(&mut self) -> TemplateTally {
        std::mem::take(&mut self.tally)
    }

    /// The stylesheet of the theme.
    pub fn style(&self) -> Vec<u8> {
        self.theme
            .get("static", "style.css")
            .map(|f| f.text.as_bytes().to_vec())
            .unwrap_or_default()
    }

    /// The Typst theme files, as `--emit-typst` writes them (`_typst/`).
    pub fn theme_files(&self) -> Vec<Artifact> {
        self.theme
            .of_kind("typst")
            .map(|(name, f)| Artifact::new(format!("_typst/{name}"), f.text.as_bytes().to_vec()))
            .collect()
    }

    /// The index page, the overview page, the static files and (with `--emit-typst`) the Typst theme.
    pub fn render_index(&self, site: &Site, opts: &Options) -> anyhow::Result<Vec<Artifact>> {
        let lang = crate::diag::PAGES;
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
        let groep = |id: &str| index.iter().filter(|e| e.groep == id).collect::<Vec<_>>();
        let groepen = serde_json::json!([
            {"id": "lopend", "titel": "Lopend of nog te starten", "dossiers": groep("lopend")},
            {"id": "afgerond", "titel": "Afgelopen (afgerond, afgesloten of verlopen)", "dossiers": groep("afgerond")},
            {"id": "onzeker", "titel": "Afgelopen, onzeker (regelset met niet-gepubliceerde waarden)", "dossiers": groep("onzeker")},
            {"id": "archief", "titel": "Archief", "dossiers": groep("archief")},
        ]);
        let te_registreren: usize = index.iter().map(|e| e.te_registreren).sum();
        let page = serde_json::json!({
            "te_registreren": {
                "gesprekken": te_registreren,
                "dossiers": index.iter().filter(|e| e.te_registreren > 0).count(),
            },
            "today": view::DateView::from(opts.today),
            "agenda": agenda,
            "samenvatting": crate::validate::summary::line(&site.entries, opts.today, lang),
            "groepen": groepen,
            "dossiers": index,
            "site_diagnostics": view::diag_views(
                &site.diags.iter().chain(&site.checks).cloned().collect::<Vec<_>>(),
                &site.sources,
                lang,
            ),
        });
        let mut out = vec![
            Artifact::new(
                "index.html",
                self.templates.render("index.html", &top, &page)?,
            ),
            Artifact::new(
                "overzicht.html",
                self.templates
                    .render("overzicht.html", &top, &overview_page(site))?,
            ),
        ];
        if cfg!(feature = "pdf") && opts.emit_typst {
            out.extend(self.theme_files());
        }
        out.push(Artifact::new("style.css", self.style()));
        Ok(out)
    }
}

/// The overview page: the centre's numbers per month, per coach and per rule
/// set (as `popdoc export overzicht`), and one bar chart of the minutes.
fn overview_page(site: &Site) -> serde_json::Value {
    use crate::export::Cell;
    let rows = crate::overview::rows(
        site,
        crate::export::Period::default(),
        crate::overview::Per::Maand,
    );
    let table = crate::overview::table(
        &rows,
        &crate::overview::coaches(site),
        crate::diag::Lang::Nl,
    );
    let cells: Vec<Vec<serde_json::Value>> = table
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Cell::Text(s) => serde_json::json!(s),
                    Cell::Int(n) => serde_json::json!(n),
                    Cell::Date(d) => serde_json::json!(d.to_string()),
                    Cell::Empty => serde_json::json!(""),
                })
                .collect()
        })
        .collect();
    serde_json::json!({
        "kolommen": table.columns,
        "rijen": cells,
        "grafiek": crate::overview::chart_svg(&crate::overview::minutes_per_period(&rows)),
    })
}
