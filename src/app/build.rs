//! `popdoc build`: the whole site through the engine to disk, the client
//! bundles asked for, and one summary line.

use crate::build::disk::{Disk, DiskOptions};
use crate::build::{Bundles, Engine, Options};
use crate::diag::{self, Diagnostic, Format, Lang, Msg, ui_lang};
use crate::model::Site;

/// Why a bundle cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum BundleRefused {
    #[error("{}", Msg::new("app-not-published").arg("slug", slug).render(ui_lang()))]
    NotPublished { slug: String },
    #[error("{}", Msg::new("app-unknown-dossier").arg("slug", slug).arg("suggestion", suggestion).render(ui_lang()))]
    Unknown { slug: String, suggestion: String },
    #[error("{}", Msg::new("app-unreadable-dossier").arg("slug", slug).render(ui_lang()))]
    Unreadable { slug: String },
}

/// Checks that the bundle asked for may be written, before anything is.
pub fn check_bundles(site: &Site, bundles: &Bundles) -> Result<(), BundleRefused> {
    let Bundles::One(slug) = bundles else {
        return Ok(());
    };
    let Some(e) = site.entries.iter().find(|e| &e.slug == slug) else {
        let slugs: Vec<&str> = site.entries.iter().map(|e| e.slug.as_str()).collect();
        return Err(BundleRefused::Unknown {
            slug: slug.clone(),
            suggestion: crate::text::did_you_mean(slug, &slugs)
                .map(|s| Msg::new("app-did-you-mean").arg("s", s).render(ui_lang()))
                .unwrap_or_default(),
        });
    };
    match &e.dossier {
        None => Err(BundleRefused::Unreadable { slug: slug.clone() }),
        Some(d) if !d.privacy.publiceren => Err(BundleRefused::NotPublished { slug: slug.clone() }),
        Some(_) => Ok(()),
    }
}

/// `build --timings`: the run's CPU time, Typst's part of it and popdoc's own.
fn timings_line(lang: Lang, wall: std::time::Duration) -> String {
    #[cfg(feature = "pdf")]
    let (typst, docs) = crate::render::pdf::TYPST.total();
    #[cfg(not(feature = "pdf"))]
    let (typst, docs) = (std::time::Duration::ZERO, 0);
    let cpu = crate::cpu::process();
    let own = cpu.saturating_sub(typst);
    let share = if cpu.is_zero() {
        0.0
    } else {
        100.0 * own.as_secs_f64() / cpu.as_secs_f64()
    };
    Msg::new("app-timings")
        .arg("wall", format!("{:.2}", wall.as_secs_f64()))
        .arg("cpu", format!("{:.2}", cpu.as_secs_f64()))
        .arg("typst", format!("{:.2}", typst.as_secs_f64()))
        .arg_msg_args(
            "docs",
            Msg::count(docs as usize, "app-documents-1", "app-documents"),
        )
        .arg("own", format!("{:.2}", own.as_secs_f64()))
        .arg("share", format!("{share:.1}"))
        .render(lang)
}

/// "verwijderd: an-peeters (het dossier bestaat niet meer): index.html,
/// pop-1.pdf": the outputs removed of dossiers that are gone, per dossier.
fn gone_lines(site: &Site, stats: &crate::write::Stats, lang: Lang) -> Vec<String> {
    let mut by_slug: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        Default::default();
    for p in &stats.removed_paths {
        let Some((slug, rest)) = p.split_once('/') else {
            continue;
        };
        if slug != "_typst" && !site.entries.iter().any(|e| e.slug == slug) {
            by_slug.entry(slug).or_default().insert(rest);
        }
    }
    by_slug
        .into_iter()
        .map(|(slug, files)| {
            crate::text::terminal_safe(
                &Msg::new("app-gone")
                    .arg("slug", slug)
                    .arg("files", files.into_iter().collect::<Vec<_>>().join(", "))
                    .render(lang),
            )
        })
        .collect()
}

/// One line per document held back by an error: the dossier, the document,
/// and the first reason with its rule and place ("R06 content/x/pop-1.md:9:1").
fn held_lines(
    site: &Site,
    held: &[(String, String, Option<Diagnostic>)],
    lang: Lang,
) -> Vec<String> {
    held.iter()
        .map(|(slug, file, why)| {
            let msg = match why {
                Some(g) => {
                    let at = g
                        .loc
                        .as_ref()
                        .and_then(|l| {
                            let (_, f) = site.sources.iter().find(|(id, _)| *id == l.file)?;
                            let (line, col) = f.line_col(l.range.start);
                            Some(format!(" {}:{line}:{col}", f.name))
                        })
                        .unwrap_or_default();
                    Msg::new("app-held-line")
                        .arg("slug", slug)
                        .arg("file", file)
                        .arg("rule", g.rule)
                        .arg("at", at)
                        .arg("why", g.msg.render(lang))
                }
                None => Msg::new("app-held-line-bare")
                    .arg("slug", slug)
                    .arg("file", file),
            };
            crate::text::terminal_safe(&msg.render(lang))
        })
        .collect()
}

/// `build --client` and `--clients`: which bundles were written, and where.
fn bundle_lines(site: &Site, engine: &Engine, bundles: &Bundles, lang: Lang) -> Vec<String> {
    let dir = engine.settings().client_dir();
    let slugs: Vec<&str> = match bundles {
        Bundles::None | Bundles::Previews => return Vec::new(),
        Bundles::One(slug) => vec![slug.as_str()],
        Bundles::All => site
            .entries
            .iter()
            .filter(|e| e.dossier.as_ref().is_some_and(|d| d.privacy.publiceren))
            .map(|e| e.slug.as_str())
            .collect(),
    };
    let shown = |slug: &str| {
        format!(
            "{}/{slug}/",
            crate::text::terminal_safe(&site.config.client_dir)
        )
    };
    let mut lines: Vec<String> = slugs
        .iter()
        .filter(|slug| dir.join(slug).join("index.html").is_file())
        .map(|slug| Msg::new("app-bundle").arg("path", shown(slug)).render(lang))
        .collect();
    if lines.is_empty() && matches!(bundles, Bundles::All) {
        lines.push(Msg::new("app-no-bundles").render(lang));
    }
    lines
}

/// The flags of `popdoc build`.
#[derive(Debug, Clone)]
pub(super) struct Args {
    pub drafts: bool,
    pub force: bool,
    pub emit_typst: bool,
    pub no_pdf: bool,
    pub client: Option<String>,
    pub clients: bool,
    pub no_cache: bool,
    pub verbose: bool,
    pub timings: bool,
    pub no_wait: bool,
    pub format: Format,
}

/// `popdoc build`: check, then write the site (and the bundles asked for).
pub(super) fn run(flags: &crate::build::Flags, args: &Args) -> anyhow::Result<i32> {
    let started = std::time::Instant::now();
    let mut engine = Engine::new(flags)?;
    let lang = engine.lang();
    let today = engine.today();
    let site = engine.checked()?;
    site.ensure_usable()?;
    let bundles = match (&args.client, args.clients) {
        (Some(slug), _) => Bundles::One(slug.clone()),
        (None, true) => Bundles::All,
        (None, false) => Bundles::None,
    };
    check_bundles(&site, &bundles)?;
    let opts = Options {
        pdf: !args.no_pdf,
        drafts: args.drafts,
        emit_typst: args.emit_typst,
        cache: !args.no_cache,
        bundles,
        // One typo must not empty the centre's archive.
        keep_last_good: true,
        progress: crate::progress::Progress::for_stderr(site.entries.len())
            .map(std::sync::Arc::new),
        ..Options::default()
    };
    let s = engine.settings();
    let disk = Disk::open(
        &s.root,
        &s.out_dir(),
        &s.client_dir(),
        DiskOptions {
            force: args.force,
            cache: !args.no_cache,
            // `--no-pdf` makes no PDFs but keeps those an earlier build
            // made (of dossiers that still exist): a quick look at the pages
            // loses nothing.
            keep_pdfs: args.no_pdf,
            wait: if args.no_wait {
                crate::lock::Wait::No
            } else {
                crate::lock::Wait::Yes(lang)
            },
        },
    )?;
    let report = engine.render(&site, today, &crate::build::Which::All, &opts, &disk);
    if let Some(p) = &opts.progress {
        p.finish();
    }
    let report = report?;
    let stats = disk.finish()?;
    let diags: Vec<Diagnostic> = site
        .all_diags()
        .chain(report.findings.iter())
        .cloned()
        .collect();
    eprint!("{}", diag::emit(&diags, &site.sources, lang, args.format));
    for stale in &report.kept {
        eprintln!("{}", stale.line(lang));
    }
    for line in gone_lines(&site, &stats, lang) {
        eprintln!("{line}");
    }
    if args.verbose {
        // A file made again with the bytes it had was not written: it is
        // listed as unchanged, as the summary counts it.
        let same: std::collections::HashSet<&str> =
            stats.unchanged_paths.iter().map(String::as_str).collect();
        for p in &report.made {
            let key = if same.contains(p.as_str()) {
                "app-made-same"
            } else {
                "app-made"
            };
            eprintln!("{}", Msg::new(key).arg("path", p).render(lang));
        }
    }
    for line in held_lines(&site, &report.held, lang) {
        eprintln!("{line}");
    }
    for line in bundle_lines(&site, &engine, &opts.bundles, lang) {
        eprintln!("{line}");
    }
    let (errors, warnings) = diag::counts(&diags);
    let waiting = if report.waiting == 0 {
        String::new()
    } else {
        Msg::count(report.waiting, "app-waiting-1", "app-waiting").render(lang)
    };
    eprintln!(
        "{}",
        Msg::new("app-summary")
            .arg("dir", crate::text::terminal_safe(&site.config.output_dir))
            .arg("written", stats.written)
            .arg("same", stats.unchanged)
            .arg("cached", report.cached)
            .arg("removed", stats.removed)
            .arg_msg_args(
                "held",
                Msg::count(report.held_back, "app-held-1", "app-held")
            )
            .arg("waiting", waiting)
            .arg(
                "summary",
                diag::summary(errors, warnings, diag::todos(&diags), lang)
            )
            .arg("secs", format!("{:.2}", started.elapsed().as_secs_f64()))
            .render(lang)
    );
    if args.timings {
        eprintln!("{}", timings_line(lang, started.elapsed()));
    }
    Ok(i32::from(errors > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            let t = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &t);
            } else {
                std::fs::copy(e.path(), t).unwrap();
            }
        }
    }

    /// A write failure of the disk (ENOSPC) stops the build with one message:
    /// the file once, the OS error once, and what to do.
    #[test]
    fn a_full_disk_is_said_once_with_its_tip() {
        let tmp = tempfile::tempdir().unwrap();
        copy(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/complete"),
            tmp.path(),
        );
        crate::write::fault::fail_below(&tmp.path().join("public"), 1, libc::ENOSPC);
        let args = Args {
            drafts: false,
            force: false,
            emit_typst: false,
            no_pdf: true,
            client: None,
            clients: false,
            no_cache: false,
            verbose: false,
            timings: false,
            no_wait: true,
            format: Format::Short,
        };
        let err = run(&crate::build::Flags::at(tmp.path()), &args).unwrap_err();
        let report = super::super::error_report(&err);
        let os = std::io::Error::from_raw_os_error(libc::ENOSPC).to_string();
        assert_eq!(report.matches(&os).count(), 1, "{report}");
        assert_eq!(report.matches("de schijf is vol").count(), 1, "{report}");
        assert_eq!(
            report.matches("public/").count(),
            1,
            "the path once: {report}"
        );
        assert_eq!(report.lines().count(), 2, "{report}");
        assert!(
            !report.contains(".popdoc-tmp"),
            "no temporary file: {report}"
        );
    }
}
