//! One function per subcommand. Each one that reads the site goes through the
//! build engine (`crate::build`): `check` through its first half, `build`
//! through the whole of it to disk; `watch` and `serve` are drivers of their
//! own (`crate::watch`, `crate::serve`). Content problems are diagnostics
//! (exit code 1); IO and template failures are errors (exit code 2).

mod build;
mod desk;
mod listing;

pub use build::{BundleRefused, check_bundles};
pub use listing::{rule_sets_table, rules_markdown};

use crate::build::{Engine, Flags};
use crate::cli::{Cli, Command};
use crate::diag::{self, Diagnostic, Format, Lang};
use crate::model::Site;

/// The text of a status line in the run's language.
pub(crate) fn t(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// An operational failure as the terminal shows it: the chain of causes
/// (each said once), and for a write failure the one thing to do.
pub fn error_report(e: &anyhow::Error) -> String {
    let mut message = format!("popdoc: {e:#}");
    if let Some(advice) = e
        .chain()
        .find_map(|c| c.downcast_ref::<crate::write::WriteError>())
        .and_then(|w| w.advice())
    {
        message.push_str(&format!("\n  tip: {advice}"));
    }
    crate::text::terminal_safe(&message)
}

/// The flags every command shares, from the command line (and `POPDOC_LANG`).
pub fn flags_of(cli: &Cli) -> Flags {
    let lang = cli.lang.as_deref().and_then(Lang::parse).or_else(|| {
        std::env::var("POPDOC_LANG")
            .ok()
            .and_then(|l| Lang::parse(l.trim()))
    });
    Flags {
        root: cli.root.clone(),
        lang,
        theme: cli.theme.clone(),
        today: cli.today,
    }
}

pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let flags = flags_of(&cli);
    let lang = flags.lang_or_default();
    match cli.command {
        Command::Init { dir } => init(&dir.unwrap_or_else(|| cli.root.clone()), lang),
        Command::New {
            name,
            cheque,
            besteld_op,
        } => new(&flags, &name, cheque.zip(besteld_op)),
        Command::Export {
            what: crate::cli::Export::Registratie(args),
        } => {
            let site = Engine::new(&flags)?.checked()?;
            desk::export_registration(&site, &args)?;
            Ok(0)
        }
        Command::Agenda { binnen, format } => {
            let engine = Engine::new(&flags)?;
            let site = engine.checked()?;
            desk::agenda(&site, engine.today(), binnen, format, engine.lang())?;
            Ok(0)
        }
        Command::Rules { sets: true, .. } => {
            print!("{}", rule_sets_table(&flags)?);
            Ok(0)
        }
        Command::Rules {
            sets: false,
            format,
        } => {
            print!("{}", listing::rules(format, lang));
            Ok(0)
        }
        Command::Completions { shell } => {
            let mut cmd = crate::help::command(lang);
            clap_complete::generate(shell, &mut cmd, "popdoc", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => {
            let cmd = crate::help::command(lang);
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            Ok(0)
        }
        #[cfg(feature = "watch")]
        Command::Serve(args) => crate::serve::run(&flags, args),
        #[cfg(feature = "watch")]
        Command::Watch {
            poll,
            force,
            no_wait,
        } => crate::watch::run(&flags, poll, force, no_wait),
        Command::Check {
            format,
            deny_warnings,
        } => check(&flags, format, deny_warnings),
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
            no_wait,
            format,
        } => build::run(
            &flags,
            &build::Args {
                drafts,
                force,
                emit_typst,
                no_pdf,
                client,
                clients,
                no_cache,
                verbose,
                timings,
                no_wait,
                format,
            },
        ),
    }
}

/// `popdoc init [DIR]`.
fn init(dir: &std::path::Path, lang: Lang) -> anyhow::Result<i32> {
    let made = crate::scaffold::init(dir)?;
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

/// `popdoc new NAME [--cheque N --besteld-op DATE]`.
fn new(flags: &Flags, name: &str, cheque: Option<(u8, crate::date::Date)>) -> anyhow::Result<i32> {
    let root = &flags.root;
    if !root.join("popdoc.toml").is_file() {
        anyhow::bail!(
            "{}: not a popdoc site (no popdoc.toml); create one with `popdoc init`",
            root.display()
        );
    }
    let made = match cheque {
        Some((n, date)) => {
            let site = Engine::new(flags)?.load()?;
            crate::scaffold::add_cheque(&site, name, n, date)?
        }
        None => crate::scaffold::new_dossier(root, name, false)?,
    };
    let lang = flags.lang_or_default();
    for p in made {
        println!(
            "{} {}",
            t(lang, "aangemaakt of aangevuld:", "created or extended:"),
            p.display()
        );
    }
    Ok(0)
}

/// `popdoc check`: the engine's first half, every diagnostic and the verdict.
fn check(flags: &Flags, format: Format, deny_warnings: bool) -> anyhow::Result<i32> {
    let engine = Engine::new(flags)?;
    let site = engine.checked()?;
    let lang = engine.lang();
    let diags: Vec<Diagnostic> = site.all_diags().cloned().collect();
    print!("{}", diag::emit(&diags, &site.sources, lang, format));
    if format != Format::Json {
        println!("{}", verdict_line(&site, lang));
    }
    let (errors, warnings) = diag::counts(&diags);
    Ok(i32::from(errors > 0 || (deny_warnings && warnings > 0)))
}

/// "4 dossiers: 2 in orde, 1 onzeker (x), 1 met fouten (y)": the verdict per
/// dossier, so that an uncertain one is never counted as in order.
pub fn verdict_line(site: &Site, lang: Lang) -> String {
    use crate::validate::Verdict;
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
