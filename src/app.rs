//! One function per subcommand, wiring the pipeline: load -> validate ->
//! render -> write. Content problems are diagnostics (exit code 1); IO and
//! template failures are errors (exit code 2).

use std::path::Path;

use anyhow::Context as _;

use crate::cli::{Cli, Command};
use crate::date::Date;
use crate::diag::{self, Diagnostic, Format, Lang, Msg};
use crate::model::{Site, load_site};
use crate::render::html::{BUILTIN_STATIC, SiteView, Templates};
use crate::render::view::{self, DocView, IndexEntry, NotesView, PopView, TrajectView};
use crate::render::{Doc, documents};
use crate::validate::{self, RULES};
use crate::write::{self, Artifact};

pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let lang_flag = cli.lang.as_deref().and_then(Lang::parse);
    match cli.command {
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| cli.root.clone());
            let made = crate::scaffold::init(&dir)?;
            for p in made {
                println!("aangemaakt: {}", p.display());
            }
            println!("Bouw de site met `popdoc build` in {}.", dir.display());
            Ok(0)
        }
        Command::New { name } => {
            if !cli.root.join("popdoc.toml").is_file() {
                anyhow::bail!(
                    "{}: not a popdoc site (no popdoc.toml); create one with `popdoc init`",
                    cli.root.display()
                );
            }
            for p in crate::scaffold::new_dossier(&cli.root, &name, false)? {
                println!("aangemaakt: {}", p.display());
            }
            Ok(0)
        }
        Command::Rules => {
            let lang = lang_flag.unwrap_or_default();
            for r in RULES {
                let sev = match (r.severity, lang) {
                    (diag::Severity::Error, Lang::Nl) => "fout",
                    (diag::Severity::Warning, Lang::Nl) => "waarschuwing",
                    (diag::Severity::Error, Lang::En) => "error",
                    (diag::Severity::Warning, Lang::En) => "warning",
                };
                let summary = if lang == Lang::Nl {
                    r.summary_nl
                } else {
                    r.summary_en
                };
                println!(
                    "{} {:<28} {:<12} {} ({})",
                    r.id, r.name, sev, summary, r.source
                );
            }
            Ok(0)
        }
        Command::Check {
            format,
            deny_warnings,
        } => {
            let site = checked_site(&cli.root)?;
            let lang = lang_flag.unwrap_or(site.config.language);
            let diags: Vec<Diagnostic> = site.all_diags().cloned().collect();
            let out = diag::emit(&diags, &site.sources, lang, format);
            if format == Format::Json {
                print!("{out}");
            } else if diags.is_empty() {
                let n = site.entries.len();
                println!(
                    "{}",
                    if lang == Lang::Nl {
                        format!("{n} dossiers gecontroleerd, geen problemen")
                    } else {
                        format!("{n} dossiers checked, no problems")
                    }
                );
            } else {
                print!("{out}");
            }
            let (errors, warnings) = diag::counts(&diags);
            Ok(i32::from(errors > 0 || (deny_warnings && warnings > 0)))
        }
        Command::Build {
            drafts,
            force,
            emit_typst,
            format,
        } => {
            let site = checked_site(&cli.root)?;
            let lang = lang_flag.unwrap_or(site.config.language);
            let opts = BuildOptions {
                drafts,
                force,
                emit_typst,
            };
            let report = build(&site, &opts)?;
            let diags: Vec<Diagnostic> = site.all_diags().cloned().collect();
            eprint!("{}", diag::emit(&diags, &site.sources, lang, format));
            let (errors, warnings) = diag::counts(&diags);
            eprintln!(
                "{}: {} geschreven, {} ongewijzigd, {} verwijderd; {} documenten tegengehouden · {}",
                site.config.output_dir,
                report.stats.written,
                report.stats.unchanged,
                report.stats.removed,
                report.held_back,
                diag::summary(errors, warnings, lang)
            );
            Ok(i32::from(errors > 0))
        }
    }
}

/// Loads a site and runs every rule over every dossier.
pub fn checked_site(root: &Path) -> anyhow::Result<Site> {
    let mut site = load_site(root)?;
    let today = Date::today();
    for e in &mut site.entries {
        if let Some(d) = &e.dossier {
            let cx = validate::Context {
                config: &site.config,
                today,
            };
            let mut more = validate::check(d, &cx);
            e.diags.append(&mut more);
        }
        let index = e.dossier.as_ref().map(|d| d.index_file);
        e.diags.sort_by_key(|d| {
            d.loc
                .as_ref()
                .map(|l| (Some(l.file) != index, l.file, l.range.start))
        });
    }
    Ok(site)
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub drafts: bool,
    pub force: bool,
    pub emit_typst: bool,
}

#[derive(Debug, Default)]
pub struct BuildReport {
    pub stats: write::Stats,
    pub held_back: usize,
}

/// Renders and writes the whole site.
pub fn build(site: &Site, opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    let out_dir = site.root.join(&site.config.output_dir);
    let client_dir = site.root.join(&site.config.client_dir);
    write::check_dir(&site.root, &out_dir, opts.force)?;
    write::check_dir(&site.root, &client_dir, opts.force)?;
    let (artifacts, client, held_back) = render_site(site, opts)?;
    let mut stats = write::write_all(&out_dir, &artifacts)?;
    if !client.is_empty() || client_dir.join(write::MANIFEST).is_file() {
        let s = write::write_all(&client_dir, &client)?;
        stats.written += s.written;
        stats.unchanged += s.unchanged;
        stats.removed += s.removed;
    }
    Ok(BuildReport { stats, held_back })
}

/// Every output file of the site: (centre output, client output, documents held back).
pub fn render_site(
    site: &Site,
    opts: &BuildOptions,
) -> anyhow::Result<(Vec<Artifact>, Vec<Artifact>, usize)> {
    let lang = site.config.language;
    let templates = Templates::load(&site.root, &site.config.theme)?;
    #[cfg(feature = "pdf")]
    let mut engine =
        crate::render::pdf::Engine::new(&site.root, &site.config.theme, site.config.pdf_standard)?;
    let mut out = Vec::new();
    let mut client = Vec::new();
    let mut held_back = 0;
    let top = SiteView {
        title: site.config.title.clone(),
        root: String::new(),
    };
    let sub = SiteView {
        title: site.config.title.clone(),
        root: "../".into(),
    };
    let mut index = Vec::new();
    for e in &site.entries {
        let (errors, warnings) = diag::counts(&e.diags);
        index.push(IndexEntry {
            slug: e.slug.clone(),
            klant: e
                .dossier
                .as_ref()
                .map(|d| d.klant.naam())
                .unwrap_or_default(),
            status: view::status(&e.diags),
            fouten: errors,
            waarschuwingen: warnings,
            href: format!("{}/index.html", e.slug),
        });
        let Some(d) = &e.dossier else {
            let page = TrajectView::broken(&e.slug, &e.diags, &site.sources, lang);
            out.push(Artifact::new(
                format!("{}/index.html", e.slug),
                templates.render("dossier.html", &sub, &page)?,
            ));
            continue;
        };
        let mut docs = Vec::new();
        for p in d.pops.iter().filter(|_| d.privacy.pop_in_dossier) {
            let pv = PopView::new(d, p, &site.config, false);
            let page = serde_json::json!({
                "pop": pv,
                "body_html": crate::markdown::to_html(&p.text.body, site.config.allow_raw_html, 2),
            });
            let name = format!("pop-{}.html", p.n);
            out.push(Artifact::new(
                format!("{}/{name}", d.slug),
                templates.render("pop.html", &sub, &page)?,
            ));
            docs.push(DocView {
                naam: format!("POP (loopbaancheque {}): webpagina", p.n),
                href: Some(name),
                status: "voorbeeld",
            });
        }
        for (doc, held) in documents(d, &e.diags) {
            let draft = held && opts.drafts;
            let name = doc.file_name(d);
            let label = doc_label(d, &doc);
            if held && !draft {
                held_back += 1;
                docs.push(DocView {
                    naam: label,
                    href: None,
                    status: "tegengehouden",
                });
                continue;
            }
            #[cfg(feature = "pdf")]
            {
                let job = crate::render::pdf::job(site, d, &doc, draft);
                let r = engine
                    .render(&job)
                    .with_context(|| format!("{}/{}", d.slug, name))?;
                let target = if matches!(doc, Doc::ClientPop(_)) {
                    &mut client
                } else {
                    &mut out
                };
                let stem = name.trim_end_matches(".pdf");
                if opts.emit_typst {
                    target.push(Artifact::new(
                        format!("{}/{stem}.typ", d.slug),
                        r.source.clone(),
                    ));
                    target.push(Artifact::new(
                        format!("{}/{stem}.data.json", d.slug),
                        r.data.clone(),
                    ));
                }
                target.push(Artifact::new(format!("{}/{name}", d.slug), r.pdf));
                let href = (!matches!(doc, Doc::ClientPop(_))).then(|| name.clone());
                docs.push(DocView {
                    naam: label,
                    href,
                    status: if draft { "ontwerp" } else { "definitief" },
                });
            }
            #[cfg(not(feature = "pdf"))]
            {
                let _ = (&mut client, draft, name);
                docs.push(DocView {
                    naam: label,
                    href: None,
                    status: "geen PDF in deze build",
                });
            }
        }
        if site.config.coach_notes {
            let page = NotesView::new(d, site.config.allow_raw_html);
            out.push(Artifact::new(
                format!("{}/notities.html", d.slug),
                templates.render("notes.html", &sub, &page)?,
            ));
        }
        let page = TrajectView::new(
            d,
            &e.diags,
            &site.sources,
            lang,
            docs,
            site.config.coach_notes,
        );
        out.push(Artifact::new(
            format!("{}/index.html", d.slug),
            templates.render("dossier.html", &sub, &page)?,
        ));
    }
    let page = serde_json::json!({
        "dossiers": index,
        "site_diagnostics": view::diag_views(&site.diags, &site.sources, lang),
    });
    out.push(Artifact::new(
        "index.html",
        templates.render("index.html", &top, &page)?,
    ));
    #[cfg(feature = "pdf")]
    if opts.emit_typst {
        for (name, text) in engine.theme_files() {
            out.push(Artifact::new(format!("_typst/{name}"), text.clone()));
            if !client.is_empty() {
                client.push(Artifact::new(format!("_typst/{name}"), text));
            }
        }
    }
    for (name, css) in BUILTIN_STATIC {
        let custom = [
            site.root.join("templates").join(name),
            site.root
                .join("themes")
                .join(&site.config.theme)
                .join("static")
                .join(name),
        ]
        .into_iter()
        .find(|p| p.is_file());
        let bytes = match custom {
            Some(p) => std::fs::read(&p).with_context(|| p.display().to_string())?,
            None => css.as_bytes().to_vec(),
        };
        out.push(Artifact::new(name, bytes));
    }
    Ok((out, client, held_back))
}

fn doc_label(d: &crate::model::Dossier, doc: &Doc) -> String {
    match doc {
        Doc::Pop(n) => format!("POP (loopbaancheque {n}): PDF"),
        Doc::ClientPop(n) => format!("POP (loopbaancheque {n}) voor de klant (in de klantenmap)"),
        Doc::Checklist(n) => format!("Checklist POP (loopbaancheque {n})"),
        Doc::Attest(i) => format!("Attest opleiding: {}", d.opleidingen[*i].naam.v),
    }
}

/// A diagnostic for a Typst or template failure, shown like any other.
pub fn operational(detail: &str) -> Diagnostic {
    Diagnostic::error("F01", Msg::new("typst-error").arg("detail", detail))
}
