//! One function per subcommand, wiring the pipeline: load -> validate ->
//! render -> write. Content problems are diagnostics (exit code 1); IO and
//! template failures are errors (exit code 2).

use std::path::Path;

#[cfg(feature = "watch")]
use crate::cli::ServeArgs;
use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::date::Date;
use crate::diag::{self, Diagnostic, Format, Lang};
use crate::model::{Site, load_site};
pub use crate::render::site::BuildOptions;
use crate::render::site::SiteRenderer;
use crate::validate::{self, RULES};
use crate::write;

/// The text of a status line in the run's language.
fn t(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let lang_flag = cli.lang.as_deref().and_then(Lang::parse).or_else(|| {
        std::env::var("POPDOC_LANG")
            .ok()
            .and_then(|l| Lang::parse(l.trim()))
    });
    let today = crate::deadlines::today(cli.today);
    match cli.command {
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| cli.root.clone());
            let made = crate::scaffold::init(&dir)?;
            let lang = lang_flag.unwrap_or_default();
            for p in made {
                println!("{} {}", t(lang, "aangemaakt:", "created:"), p.display());
            }
            println!(
                "{} {}.",
                t(
                    lang,
                    "Bouw de site met `popdoc build` in",
                    "Build the site with `popdoc build` in"
                ),
                dir.display()
            );
            Ok(0)
        }
        Command::New {
            name,
            cheque,
            besteld_op,
        } => {
            if !cli.root.join("popdoc.toml").is_file() {
                anyhow::bail!(
                    "{}: not a popdoc site (no popdoc.toml); create one with `popdoc init`",
                    cli.root.display()
                );
            }
            let made = match (cheque, besteld_op) {
                (Some(n), Some(date)) => {
                    let site = load_site(&cli.root)?;
                    crate::scaffold::add_cheque(&site, &name, n, date)?
                }
                _ => crate::scaffold::new_dossier(&cli.root, &name, false)?,
            };
            let lang = lang_flag.unwrap_or_default();
            for p in made {
                println!(
                    "{} {}",
                    t(lang, "aangemaakt of aangevuld:", "created or extended:"),
                    p.display()
                );
            }
            Ok(0)
        }
        Command::Export {
            what: crate::cli::Export::Registratie(args),
        } => {
            let site = checked_site_with(&cli.root, cli.theme.as_deref(), today)?;
            export_registration(&site, &args)?;
            Ok(0)
        }
        Command::Agenda { binnen, format } => {
            let site = checked_site_with(&cli.root, cli.theme.as_deref(), today)?;
            let items = crate::deadlines::agenda(
                site.entries.iter().filter_map(|e| e.dossier.as_ref()),
                &site.config,
                today,
                binnen,
            );
            match format {
                crate::cli::AgendaFormat::Json => {
                    println!("{}", serde_json::to_string_pretty(&items)?);
                }
                crate::cli::AgendaFormat::Ics => {
                    print!("{}", crate::deadlines::ics(&items, today));
                }
                crate::cli::AgendaFormat::Human => {
                    let lang = lang_flag.unwrap_or(site.config.language);
                    print!("{}", agenda_text(&items, today, binnen, lang));
                }
            }
            Ok(0)
        }
        Command::Rules { sets: true, .. } => {
            print!("{}", rule_sets_table(&cli.root)?);
            Ok(0)
        }
        Command::Rules {
            sets: false,
            format,
        } => {
            let lang = lang_flag.unwrap_or_default();
            match format {
                crate::cli::RulesFormat::Markdown => print!("{}", rules_markdown()),
                crate::cli::RulesFormat::Text => {
                    for r in RULES {
                        let sev = diag::severity_word(r.severity, lang);
                        let summary = if lang == Lang::Nl {
                            r.summary_nl
                        } else {
                            r.summary_en
                        };
                        println!(
                            "{} {:<28} {:<12} {} ({})",
                            r.id,
                            r.name,
                            sev,
                            summary,
                            crate::validate::sources::short(r.source)
                        );
                    }
                }
            }
            Ok(0)
        }
        Command::Completions { shell } => {
            let mut cmd = crate::help::command(lang_flag.unwrap_or_default());
            clap_complete::generate(shell, &mut cmd, "popdoc", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => {
            let cmd = crate::help::command(lang_flag.unwrap_or_default());
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            Ok(0)
        }
        #[cfg(feature = "watch")]
        Command::Serve(args) => serve(&cli.root, args, cli.theme.clone()),
        #[cfg(feature = "watch")]
        Command::Watch { poll, force } => watch(&cli.root, poll, force, cli.theme.clone()),
        Command::Check {
            format,
            deny_warnings,
        } => {
            let site = checked_site_with(&cli.root, cli.theme.as_deref(), today)?;
            let lang = lang_flag.unwrap_or(site.config.language);
            let diags: Vec<Diagnostic> = site.all_diags().cloned().collect();
            let out = diag::emit(&diags, &site.sources, lang, format);
            print!("{out}");
            if format != Format::Json {
                println!("{}", verdict_line(&site, lang));
            }
            let (errors, warnings) = diag::counts(&diags);
            Ok(i32::from(errors > 0 || (deny_warnings && warnings > 0)))
        }
        Command::Build {
            drafts,
            force,
            emit_typst,
            no_pdf,
            client,
            clients,
            no_cache,
            verbose,
            timings,
            format,
        } => {
            let started = std::time::Instant::now();
            let site = checked_site_with(&cli.root, cli.theme.as_deref(), today)?;
            site.ensure_usable()?;
            let bundles = match (client, clients) {
                (Some(slug), _) => Bundles::One(slug),
                (None, true) => Bundles::All,
                (None, false) => Bundles::None,
            };
            let lang = lang_flag.unwrap_or(site.config.language);
            let opts = BuildOptions {
                pdf: !no_pdf,
                drafts,
                force,
                emit_typst,
                today,
                cache: (!no_cache).then(|| {
                    std::sync::Arc::new(crate::cache::OnDisk::load(
                        &site.root.join(&site.config.output_dir),
                        &site.root.join(&site.config.client_dir),
                    ))
                }),
                defer_pdfs: false,
                progress: crate::progress::Progress::for_stderr(site.entries.len())
                    .map(std::sync::Arc::new),
            };
            let report = build(&site, &opts, &bundles);
            if let Some(p) = &opts.progress {
                p.finish();
            }
            let report = report?;
            let diags: Vec<Diagnostic> = site
                .all_diags()
                .chain(report.failed.iter())
                .cloned()
                .collect();
            eprint!("{}", diag::emit(&diags, &site.sources, lang, format));
            if verbose {
                for p in &report.made {
                    eprintln!("{} {p}", t(lang, "gemaakt:", "made:"));
                }
            }
            let (errors, warnings) = diag::counts(&diags);
            eprintln!(
                "{}",
                t(
                    lang,
                    "{dir}: {written} geschreven, {same} ongewijzigd, {cached} uit de cache, {removed} verwijderd; {held} documenten tegengehouden · {summary} · {secs} s",
                    "{dir}: {written} written, {same} unchanged, {cached} from the cache, {removed} removed; {held} documents held back · {summary} · {secs} s",
                )
                .replace("{cached}", &report.cached.to_string())
                .replace("{secs}", &format!("{:.2}", started.elapsed().as_secs_f64()))
                .replace("{dir}", &crate::text::terminal_safe(&site.config.output_dir))
                .replace("{written}", &report.stats.written.to_string())
                .replace("{same}", &report.stats.unchanged.to_string())
                .replace("{removed}", &report.stats.removed.to_string())
                .replace("{held}", &report.held_back.to_string())
                .replace("{summary}", &diag::summary(errors, warnings, lang))
            );
            if timings {
                eprintln!("{}", timings_line(lang, started.elapsed()));
            }
            Ok(i32::from(errors > 0))
        }
    }
}

/// `popdoc export registratie`.
fn export_registration(site: &Site, args: &crate::cli::RegistratieArgs) -> anyhow::Result<()> {
    use crate::cli::ExportFormat;
    use crate::export;
    let period = export::Period {
        van: args.van,
        tot: args.tot,
    };
    let table = if args.per_cheque {
        export::cheques(site, period)
    } else {
        export::conversations(site, period)
    };
    anyhow::ensure!(
        args.delimiter.is_ascii(),
        "--delimiter: één ASCII-teken, bv. `;` of `,`"
    );
    let bytes = match args.format {
        ExportFormat::Csv => export::csv(&table, args.delimiter as u8)?,
        ExportFormat::Json => export::json(&table).into_bytes(),
        ExportFormat::Xlsx => export::xlsx(
            &table,
            if args.per_cheque {
                "cheques"
            } else {
                "gesprekken"
            },
        )?,
    };
    match &args.out {
        Some(path) => {
            anyhow::ensure!(
                args.force || !path.exists(),
                "{}: bestaat al; popdoc overschrijft niets zonder --force",
                path.display()
            );
            write::write_atomic(path, &bytes)?;
        }
        None => {
            anyhow::ensure!(
                args.format != ExportFormat::Xlsx,
                "xlsx is een bestand: geef --out <bestand.xlsx>"
            );
            use std::io::Write as _;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(())
}

/// The agenda for a terminal: one line per item, overdue in red and due soon
/// in yellow when stdout is a terminal (and `NO_COLOR` is not set).
fn agenda_text(items: &[crate::deadlines::Item], today: Date, within: i64, lang: Lang) -> String {
    use crate::deadlines::State;
    use std::io::IsTerminal;
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = match lang {
        Lang::Nl => format!(
            "Termijnen op {} (te laat, en de komende {within} dagen):\n",
            today.dutch_long()
        ),
        Lang::En => format!("Deadlines on {today} (overdue, and the next {within} days):\n"),
    };
    if items.is_empty() {
        out.push_str(t(lang, "  niets te doen\n", "  nothing to do\n"));
    }
    for i in items {
        let (on, off) = match (colour, i.state) {
            (true, State::Overdue) => ("\x1b[31m", "\x1b[0m"),
            (true, State::Due) => ("\x1b[33m", "\x1b[0m"),
            _ => ("", ""),
        };
        out.push_str(&format!(
            "  {on}{:<10}{off} {}  {:<24} {}\n",
            i.state.label(),
            i.date,
            i.slug,
            crate::text::terminal_safe(&format!("{}: {}", i.klant, i.title))
        ));
    }
    out
}

/// docs/rules.md: every rule with its id, name, severity, what it checks and
/// the public sources it rests on (`popdoc rules --format markdown`).
pub fn rules_markdown() -> String {
    use crate::validate::sources::{SOURCES, citations};
    let mut s = String::from(
        "# Regels\n\nGemaakt met `popdoc rules --format markdown`; een test houdt dit bestand actueel.\nElke regel heeft een vaste code en naam; fouten houden documenten tegen,\nwaarschuwingen niet, opmerkingen vragen niets.\n\n| code | naam | soort | wat | bronnen |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let keys: Vec<String> = r
            .source
            .split_whitespace()
            .map(|k| format!("[{k}](#{})", k.to_lowercase()))
            .collect();
        s.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            r.id,
            r.name,
            diag::severity_word(r.severity, Lang::Nl),
            r.summary_nl.replace('|', "\\|"),
            keys.join(" ")
        ));
    }
    s.push_str("\n## Bronnen\n\n");
    for (key, _) in SOURCES {
        if RULES
            .iter()
            .any(|r| r.source.split_whitespace().any(|k| k == *key))
        {
            s.push_str(&format!(
                "- <a id=\"{}\"></a>**{key}**: {}\n",
                key.to_lowercase(),
                citations(key).join("")
            ));
        }
    }
    s
}

/// `popdoc rules --sets`: every rule set in force for the site at `root` (the
/// built-in ones alone when `root` is no site), in the order they are tried.
pub fn rule_sets_table(root: &Path) -> anyhow::Result<String> {
    let mut sources = crate::source::Sources::new();
    let mut diags = Vec::new();
    let mut sets = crate::model::RuleSets::load(root, &mut sources, &mut diags)?;
    if Config::path(root).is_file() {
        let site = load_site(root)?;
        sets = site.rulesets;
        sources = site.sources;
    }
    let mut out = String::new();
    for rs in &sets.sets {
        let origin = rs
            .loc
            .as_ref()
            .map(|l| sources.get(l.file).name.clone())
            .unwrap_or_default();
        let pinned = sets.pinned.as_ref().is_some_and(|p| p.id == rs.id);
        out.push_str(&format!(
            "{}{}  ({})\n  {}\n  besteld: {}\n  pakket_minuten: {:?}\n  min_individueel_minuten: {}\n  max_groep_minuten: {}\n  nazorg_max_minuten: {}\n  geldigheid_maanden: {}\n  enkel_eerste_gebruik: {}\n  onzeker: {}\n\n",
            rs.id,
            if pinned { " [vastgepind]" } else { "" },
            origin,
            rs.naam,
            rs.period(),
            rs.pakket_minuten,
            rs.min_individueel_minuten,
            rs.max_groep_minuten
                .map_or_else(|| "—".into(), |m| m.to_string()),
            rs.nazorg_max_minuten,
            rs.geldigheid_maanden,
            if rs.enkel_eerste_gebruik { "ja" } else { "nee" },
            if rs.onzeker.is_empty() {
                "—".into()
            } else {
                rs.onzeker.join(", ")
            },
        ));
    }
    Ok(out)
}

/// Loads a site and runs every rule over every dossier, as of today.
pub fn checked_site(root: &Path) -> anyhow::Result<Site> {
    checked_site_with(root, None, crate::deadlines::today(None))
}

/// `checked_site` with the theme (`--theme`) and the day (`--today`) given on
/// the command line.
pub fn checked_site_with(root: &Path, theme: Option<&str>, today: Date) -> anyhow::Result<Site> {
    let mut site = load_site(root)?;
    if let Some(t) = theme {
        anyhow::ensure!(
            crate::render::theme::exists(root, t),
            "--theme {t}: geen ingebouwd thema ({}) en geen map themes/{t}/",
            crate::render::theme::BUILTIN.join(", ")
        );
        site.config.theme = t.to_string();
    }
    for e in &mut site.entries {
        check_entry(&site.config, e, today);
    }
    site.checks = validate::site_checks(&site.entries);
    Ok(site)
}

/// "4 dossiers: 2 in orde, 1 onzeker (x), 1 met fouten (y)": the verdict per
/// dossier, so that an uncertain one is never counted as in order.
pub fn verdict_line(site: &Site, lang: Lang) -> String {
    use validate::Verdict;
    let verdicts: Vec<(&str, Verdict)> = site
        .entries
        .iter()
        .map(|e| (e.slug.as_str(), Verdict::of(e.dossier.as_ref(), &e.diags)))
        .collect();
    let mut parts = Vec::new();
    for v in [
        Verdict::Ok,
        Verdict::Warnings,
        Verdict::Uncertain,
        Verdict::Errors,
    ] {
        let slugs: Vec<&str> = verdicts
            .iter()
            .filter(|(_, x)| *x == v)
            .map(|(s, _)| *s)
            .collect();
        if slugs.is_empty() {
            continue;
        }
        let word = match (v, lang) {
            (Verdict::Errors, Lang::Nl) => "met fouten",
            (Verdict::Warnings, Lang::Nl) => "met waarschuwingen",
            (Verdict::Errors, Lang::En) => "with errors",
            (Verdict::Warnings, Lang::En) => "with warnings",
            _ => v.label(lang),
        };
        let mut part = format!("{} {word}", slugs.len());
        if v != Verdict::Ok {
            part.push_str(&format!(" ({})", slugs.join(", ")));
        }
        parts.push(part);
    }
    let n = site.entries.len();
    let noun = match (lang, n) {
        (Lang::Nl, 1) => "dossier",
        (Lang::Nl, _) => "dossiers",
        (Lang::En, 1) => "dossier",
        (Lang::En, _) => "dossiers",
    };
    if parts.is_empty() {
        return format!("0 {noun}");
    }
    format!("{n} {noun}: {}", parts.join(", "))
}

/// Runs every rule over one loaded dossier and orders its diagnostics as a
/// reader goes through the dossier: index.md first, then the POPs.
pub fn check_entry(config: &crate::config::Config, e: &mut crate::model::Entry, today: Date) {
    if let Some(d) = &e.dossier {
        let cx = validate::Context { config, today };
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

#[derive(Debug, Default)]
pub struct BuildReport {
    pub stats: write::Stats,
    pub held_back: usize,
    /// Documents that could not be made (F13).
    pub failed: Vec<Diagnostic>,
    /// Outputs taken from the cache (not made again).
    pub cached: usize,
    /// Paths of the outputs made (for `--verbose`).
    pub made: Vec<String>,
}

/// Which client bundles a build writes (`--client`, `--clients`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Bundles {
    /// None: a plain build never deletes bundle files.
    #[default]
    None,
    /// One dossier's bundle.
    One(String),
    /// Every published dossier's; the bundles of others are removed.
    All,
}

/// Why a bundle cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum BundleRefused {
    #[error(
        "content/{slug}: publiceren staat uit; zet `publiceren = true` onder `[privacy]` in content/{slug}/index.md om de bundel van de klant te maken (er werd niets geschreven)"
    )]
    NotPublished { slug: String },
    #[error("content/{slug}: geen dossier met die naam{suggestion} (er werd niets geschreven)")]
    Unknown { slug: String, suggestion: String },
    #[error(
        "content/{slug}/index.md kan niet gelezen worden: herstel eerst de fouten (`popdoc check`); er werd niets geschreven"
    )]
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
                .map(|s| format!("; bedoelde je `{s}`?"))
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
    t(
        lang,
        "tijd: {wall} s verstreken, {cpu} s CPU; Typst (compileren + PDF) {typst} s voor {docs} documenten; popdoc zelf {own} s ({share} %)",
        "time: {wall} s elapsed, {cpu} s CPU; Typst (compile + PDF) {typst} s for {docs} documents; popdoc itself {own} s ({share} %)",
    )
    .replace("{wall}", &format!("{:.2}", wall.as_secs_f64()))
    .replace("{cpu}", &format!("{:.2}", cpu.as_secs_f64()))
    .replace("{typst}", &format!("{:.2}", typst.as_secs_f64()))
    .replace("{docs}", &docs.to_string())
    .replace("{own}", &format!("{:.2}", own.as_secs_f64()))
    .replace("{share}", &format!("{share:.1}"))
}

/// The output and client folders of a build, written as files are made. The
/// client folder is opened on its first file (or at the end when it holds
/// bundles of an earlier build).
struct Streams {
    out: write::Stream,
    client_dir: std::path::PathBuf,
    client: std::sync::OnceLock<write::Stream>,
    opening: std::sync::Mutex<()>,
}

impl Streams {
    fn client(&self) -> Result<&write::Stream, write::WriteError> {
        if let Some(s) = self.client.get() {
            return Ok(s);
        }
        let _one = self.opening.lock().unwrap_or_else(|e| e.into_inner());
        if self.client.get().is_none() {
            let _ = self.client.set(write::Stream::begin(&self.client_dir)?);
        }
        Ok(self.client.get().expect("opened above"))
    }
}

impl crate::render::site::Sink for Streams {
    fn put(&self, client: bool, a: write::Artifact) -> anyhow::Result<bool> {
        let stream = if client { self.client()? } else { &self.out };
        Ok(stream.put(&a)?)
    }
}

/// Renders and writes the whole site (and the bundles asked for).
pub fn build(site: &Site, opts: &BuildOptions, bundles: &Bundles) -> anyhow::Result<BuildReport> {
    use crate::render::site::Sink;
    check_bundles(site, bundles)?;
    let out_dir = site.root.join(&site.config.output_dir);
    let client_dir = site.root.join(&site.config.client_dir);
    write::check_dir(&site.root, &out_dir, opts.force)?;
    write::check_dir(&site.root, &client_dir, opts.force)?;
    // `--no-pdf` makes no PDFs but keeps those an earlier build made (of
    // dossiers that still exist): a quick look at the pages loses nothing.
    let keep_pdfs = |dir: &Path| -> Vec<String> {
        if opts.pdf {
            return vec![];
        }
        write::manifest_entries(dir)
            .into_iter()
            .filter(|p| {
                p.ends_with(".pdf")
                    && p.split_once('/')
                        .is_some_and(|(slug, _)| site.entries.iter().any(|e| e.slug == slug))
            })
            .collect()
    };
    let (kept_pdfs, kept_client_pdfs) = (keep_pdfs(&out_dir), keep_pdfs(&client_dir));
    let client_before = write::manifest_entries(&client_dir);
    let client_had_manifest = client_dir.join(write::MANIFEST).is_file();
    let streams = Streams {
        out: write::Stream::begin(&out_dir)?,
        client_dir: client_dir.clone(),
        client: std::sync::OnceLock::new(),
        opening: std::sync::Mutex::new(()),
    };
    let mut renderer = SiteRenderer::new(site)?;
    let mut r = renderer.render_site_into(site, opts, Some(&streams))?;
    for e in &site.entries {
        let wanted = match bundles {
            Bundles::None => false,
            Bundles::One(slug) => &e.slug == slug,
            Bundles::All => e.dossier.as_ref().is_some_and(|d| d.privacy.publiceren),
        };
        if wanted {
            let crate::render::bundle::Bundle { files, failed, .. } =
                renderer.render_bundle(site, e, opts)?;
            // A POP of the bundle may also be the loose copy of a kept POP:
            // the same bytes, written once.
            for f in files {
                let path = f.path.clone();
                if streams.put(true, f)? {
                    r.made_client.push(path);
                }
            }
            r.failed.extend(failed);
        }
    }
    for a in std::mem::take(&mut r.out) {
        let path = a.path.clone();
        if streams.put(false, a)? {
            r.made.push(path);
        }
    }
    for a in std::mem::take(&mut r.client) {
        let path = a.path.clone();
        if streams.put(true, a)? {
            r.made_client.push(path);
        }
    }
    let Streams { out, client, .. } = streams;
    out.keep(r.kept.iter().cloned().chain(kept_pdfs));
    let mut stats = out.finish()?;
    // The cache last: a build killed before this keeps the old one, whose
    // entries no longer match the files written since.
    crate::cache::Cache::save(&out_dir, &r.keys)?;
    let client = match client.into_inner() {
        Some(s) => Some(s),
        None if client_had_manifest => Some(write::Stream::begin(&client_dir)?),
        None => None,
    };
    if let Some(client) = client {
        // A slug has a bundle when its overview page was written before.
        let bundled: std::collections::BTreeSet<&str> = client_before
            .iter()
            .filter_map(|p| p.strip_suffix("/index.html"))
            .collect();
        let slug_of = |p: &str| p.split_once('/').map_or("", |(s, _)| s).to_string();
        let kept = client_before.iter().filter(|p| {
            let slug = slug_of(p);
            match bundles {
                // A plain build leaves every bundle alone.
                Bundles::None => bundled.contains(slug.as_str()),
                Bundles::One(one) => slug != *one && bundled.contains(slug.as_str()),
                Bundles::All => false,
            }
        });
        client.keep(kept.cloned());
        client.keep(r.kept_client.iter().cloned().chain(kept_client_pdfs));
        let s = client.finish()?;
        crate::cache::Cache::save(&client_dir, &r.client_keys)?;
        stats.written += s.written;
        stats.unchanged += s.unchanged;
        stats.removed += s.removed;
    }
    Ok(BuildReport {
        stats,
        held_back: r.held_back,
        failed: r.failed,
        cached: r.kept.len() + r.kept_client.len(),
        made: r.made.into_iter().chain(r.made_client).collect(),
    })
}

/// `popdoc serve`.
#[cfg(feature = "watch")]
fn serve(root: &Path, args: ServeArgs, theme: Option<String>) -> anyhow::Result<i32> {
    use crate::serve::{Access, DEFAULT_PORT, Reload, bind as bind_port};
    use crate::watch::{FileEvents, Sink, run_loop, stop_flag};
    use std::sync::Arc;

    let stop = stop_flag();
    let events = FileEvents::new(&root.canonicalize()?, args.poll)?;
    let (session, report) = crate::live::Session::new(
        root,
        crate::live::SessionOptions {
            theme,
            previews: true,
            today: None,
            disk: false,
        },
    )?;
    let lang = session.site.config.language;
    println!("{}", report.line(lang));
    let addr = args.bind.unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]));
    let server = Arc::new(bind_port(addr, args.port.unwrap_or(DEFAULT_PORT))?);
    let local = server.addr();
    if !addr.is_loopback() {
        eprintln!(
            "waarschuwing: popdoc luistert op {local}: elk toestel op het netwerk kan de persoonlijke gegevens van je klanten lezen. Gebruik --bind enkel op een netwerk dat je vertrouwt, en stop de server als je klaar bent."
        );
    }
    let url = format!("http://{local}/");
    println!(
        "{} {url} {}",
        t(lang, "popdoc serveert", "popdoc serves"),
        t(lang, "(Ctrl-C stopt)", "(Ctrl-C stops)")
    );
    if args.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let reload = Arc::new(Reload::default());
    let thread = {
        let (server, output, reload, stop) = (
            server.clone(),
            session.output.clone(),
            reload.clone(),
            stop.clone(),
        );
        let access = Access {
            allowed_hosts: args.allow_host,
        };
        std::thread::spawn(move || crate::serve::serve(server, output, reload, stop, access))
    };
    run_loop(session, &events, &Sink::Memory, &stop, |_| reload.bump())?;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    server.unblock();
    let _ = thread.join();
    say_stopped(lang);
    Ok(0)
}

/// The last line of `serve` and `watch`.
#[cfg(feature = "watch")]
fn say_stopped(lang: Lang) {
    println!(
        "{}",
        t(
            lang,
            "popdoc gestopt; er werd niets verwijderd.",
            "popdoc stopped; nothing was deleted."
        )
    );
}

/// `popdoc watch`.
#[cfg(feature = "watch")]
fn watch(root: &Path, poll: bool, force: bool, theme: Option<String>) -> anyhow::Result<i32> {
    use crate::watch::{FileEvents, Sink, run_loop, stop_flag};

    let stop = stop_flag();
    let events = FileEvents::new(&root.canonicalize()?, poll)?;
    // The first build keeps the outputs on disk that are still current (as
    // `build`); the rest is written below.
    let (session, report) = crate::live::Session::new(
        root,
        crate::live::SessionOptions {
            theme,
            previews: false,
            today: None,
            disk: true,
        },
    )?;
    let out_dir = root.join(&session.site.config.output_dir);
    let client_dir = root.join(&session.site.config.client_dir);
    write::check_dir(root, &out_dir, force)?;
    write::check_dir(root, &client_dir, force)?;
    write::write_incremental(&out_dir, &session.paths(), &session.all_files())?;
    let client: Vec<_> = session
        .client
        .iter()
        .map(|(k, v)| write::Artifact::new(k.clone(), v.clone()))
        .collect();
    let client_paths = session.client_paths();
    if !client_paths.is_empty() || client_dir.join(write::MANIFEST).is_file() {
        write::write_incremental(&client_dir, &client_paths, &client)?;
    }
    session.save_cache(&out_dir, &client_dir)?;
    println!("{}", report.line(session.site.config.language));
    let lang = session.site.config.language;
    println!(
        "{} {} {}",
        t(lang, "popdoc volgt", "popdoc watches"),
        root.display(),
        t(lang, "(Ctrl-C stopt)", "(Ctrl-C stops)")
    );
    run_loop(
        session,
        &events,
        &Sink::Disk {
            out_dir,
            client_dir,
        },
        &stop,
        |_| {},
    )?;
    say_stopped(lang);
    Ok(0)
}
