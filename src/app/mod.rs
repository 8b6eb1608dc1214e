//! One function per subcommand. Each one that reads the site goes through the
//! build engine (`crate::build`): `check` through its first half, `build`
//! through the whole of it to disk; `watch` and `serve` are drivers of their
//! own (`crate::watch`, `crate::serve`). Content problems are diagnostics
//! (exit code 1); IO and template failures are errors (exit code 2).

mod build;
mod desk;
mod listing;
mod print;

pub use build::{BundleRefused, check_bundles};
pub use listing::{rule_sets_table, rules_markdown};

use crate::build::{Engine, Flags};
use crate::cli::{Cli, Command};
use std::path::{Path, PathBuf};

use crate::diag::{self, Diagnostic, Format, Lang, Msg};
use crate::model::Site;

/// A status line that names a file: "aangemaakt: content/x/index.md".
fn say(lang: Lang, key: &'static str, path: &Path) -> String {
    Msg::new(key).arg("path", path.display()).render(lang)
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
        message.push_str("\n  ");
        message.push_str(
            &Msg::new("ui-hint")
                .arg("hint", advice)
                .render(diag::ui_lang()),
        );
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
    let root = match (&cli.root, &cli.command) {
        (Some(root), _) => root.clone(),
        // `init` makes a site where it is asked, never in a parent's.
        (None, Command::Init { .. }) => PathBuf::from("."),
        (None, _) => match std::env::current_dir().ok().and_then(|d| find_site(&d)) {
            Some(found) if found != Path::new(".") => {
                if uses_site(&cli.command) {
                    eprintln!(
                        "{}",
                        Msg::new("app-site-root")
                            .arg("root", found.display())
                            .render(lang.unwrap_or_default())
                    );
                }
                found
            }
            _ => PathBuf::from("."),
        },
    };
    Flags {
        root,
        lang,
        theme: cli.theme.clone(),
        today: cli.today,
    }
}

/// The nearest folder from `start` upwards that holds a popdoc.toml, as git
/// and cargo look for theirs: `.` when it is `start` itself; never past the
/// home folder nor onto another file system.
pub fn find_site(start: &Path) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    #[cfg(unix)]
    let device = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).ok().map(|m| m.dev())
    };
    #[cfg(not(unix))]
    let device = |_: &Path| Some(0u64);
    let first = device(start)?;
    let mut dir = start;
    loop {
        if dir.join("popdoc.toml").is_file() {
            return Some(if dir == start {
                PathBuf::from(".")
            } else {
                dir.to_path_buf()
            });
        }
        if home.as_deref() == Some(dir) {
            return None;
        }
        let parent = dir.parent()?;
        if device(parent) != Some(first) {
            return None;
        }
        dir = parent;
    }
}

/// Whether a command reads a site (the others have no use for its root).
fn uses_site(command: &Command) -> bool {
    !matches!(
        command,
        Command::Init { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Rules { sets: false, .. }
    )
}

pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let flags = flags_of(&cli);
    let lang = flags.lang_or_default();
    crate::diag::set_ui_lang(lang);
    match cli.command {
        Command::Init { dir } => init(&dir.unwrap_or_else(|| flags.root.clone()), lang),
        Command::New(a) => new(
            &flags,
            crate::scaffold::NewDossier {
                name: a.name,
                voornaam: a.voornaam,
                achternaam: a.achternaam,
                besteld_op: a.besteld_op,
                krediet: a.krediet,
                begeleider: a.begeleider,
            },
            a.cheque,
        ),
        Command::Print(args) => print::run(&flags, &args),
        Command::Export { what } => export(&flags, what),
        Command::Agenda {
            binnen,
            format,
            initialen,
        } => {
            let how = desk::AgendaHow {
                within: binnen,
                format,
                initials: initialen,
            };
            desk::agenda(&Engine::new(&flags)?, &how)?;
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
        Command::Completions { shell } => shell_help(Some(shell), lang),
        Command::Man => shell_help(None, lang),
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

/// `popdoc export registratie` and `popdoc export overzicht`.
fn export(flags: &Flags, what: crate::cli::Export) -> anyhow::Result<i32> {
    let engine = Engine::new(flags)?;
    let site = engine.checked()?;
    match what {
        crate::cli::Export::Registratie(args) => desk::export_registration(&site, &args)?,
        crate::cli::Export::Overzicht(args) => desk::export_overview(&site, &args, engine.lang())?,
    }
    Ok(0)
}

/// `popdoc completions SHELL` (with a shell) and `popdoc man` (without).
fn shell_help(shell: Option<clap_complete::Shell>, lang: Lang) -> anyhow::Result<i32> {
    let mut cmd = crate::help::command(lang);
    match shell {
        Some(shell) => clap_complete::generate(shell, &mut cmd, "popdoc", &mut std::io::stdout()),
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?,
    }
    Ok(0)
}

/// `popdoc init [DIR]`.
fn init(dir: &std::path::Path, lang: Lang) -> anyhow::Result<i32> {
    // A site inside a site: allowed (it was asked for), but the coach is
    // told, since commands run in it will find the inner site first.
    let outer = std::env::current_dir()
        .ok()
        .map(|cwd| cwd.join(dir))
        .and_then(|abs| {
            let parent = abs.parent()?.to_path_buf();
            let found = find_site(&parent)?;
            Some(if found == Path::new(".") {
                parent
            } else {
                found
            })
        });
    if let Some(outer) = outer {
        eprintln!(
            "{}",
            Msg::new("app-init-inside")
                .arg("dir", dir.display())
                .arg("site", outer.display())
                .render(lang)
        );
    }
    let made = crate::scaffold::init(dir)?;
    for p in made {
        println!("{}", say(lang, "app-created", &p));
    }
    println!(
        "{}",
        Msg::new("app-init-next")
            .arg("dir", dir.display())
            .render(lang)
    );
    Ok(0)
}

/// `popdoc new NAME [--besteld-op DATE] [--begeleider NAME]`, or `popdoc new
/// SLUG --cheque 2 --besteld-op DATE`.
fn new(
    flags: &Flags,
    mut new: crate::scaffold::NewDossier,
    cheque: Option<u8>,
) -> anyhow::Result<i32> {
    let root = &flags.root;
    let lang = flags.lang_or_default();
    if !root.join("popdoc.toml").is_file() {
        return Err(crate::load::LoadError::NotASite {
            path: root.to_path_buf(),
        }
        .into());
    }
    let engine = Engine::new(flags)?;
    if let (Some(n), Some(date)) = (cheque, new.besteld_op) {
        let site = engine.load()?;
        let [index, pop] = crate::scaffold::add_cheque(&site, &new.name, n, date, new.krediet)?;
        println!("{}", say(lang, "app-extended", &index));
        println!("{}", say(lang, "app-created", &pop));
        return Ok(0);
    }
    new.begeleider = new
        .begeleider
        .or_else(|| {
            std::env::var("POPDOC_BEGELEIDER")
                .ok()
                .filter(|b| !b.trim().is_empty())
        })
        .or_else(|| {
            engine
                .settings()
                .config
                .centrum
                .begeleiders
                .first()
                .map(|b| b.v.clone())
        });
    let made = crate::scaffold::new_dossier(root, &new)?;
    if let Some(taken) = &made.taken {
        println!(
            "{}",
            Msg::new("app-new-taken")
                .arg("taken", taken)
                .arg("slug", &made.slug)
                .render(lang)
        );
    }
    for p in &made.files {
        println!("{}", say(lang, "app-created", p));
    }
    println!(
        "{}",
        Msg::new("app-new-names")
            .arg("v", &made.voornaam)
            .arg("a", &made.achternaam)
            .render(lang)
    );
    if new.begeleider.is_none() {
        println!("{}", Msg::new("app-new-no-coach").render(lang));
    }
    Ok(0)
}

/// `popdoc check`: the engine's first half, every diagnostic and the verdict.
fn check(flags: &Flags, format: Format, deny_warnings: bool) -> anyhow::Result<i32> {
    let engine = Engine::new(flags)?;
    let site = engine.checked()?;
    let lang = engine.lang();
    let diags: Vec<Diagnostic> = site.all_diags().cloned().collect();
    let today = engine.today();
    if format == Format::Json {
        println!("{}", check_json(&site, &diags, today, lang));
    } else {
        print!("{}", diag::emit(&diags, &site.sources, lang, format));
        println!("{}", verdict_line(&site, today, lang));
    }
    let (errors, warnings) = diag::counts(&diags);
    Ok(i32::from(errors > 0 || (deny_warnings && warnings > 0)))
}

/// `check --format json`: every dossier with its state, its packages' states
/// and its verdict, and every diagnostic (a to-do has severity "todo").
fn check_json(site: &Site, diags: &[Diagnostic], today: crate::date::Date, lang: Lang) -> String {
    use crate::validate::{Verdict, state};
    let dossiers: Vec<serde_json::Value> = site
        .entries
        .iter()
        .map(|e| {
            let d = e.dossier.as_ref();
            serde_json::json!({
                "slug": e.slug,
                "state": d.map(|d| state::dossier(d, today)),
                "verdict": Verdict::of(d, &e.diags),
                "packages": d.map(|d| {
                    state::packages(d, today)
                        .iter()
                        .map(|p| serde_json::json!({
                            "nummer": p.nummer,
                            "state": p.state,
                            "judged": p.judged(),
                        }))
                        .collect::<Vec<_>>()
                }).unwrap_or_default(),
                "todo": crate::diag::todos(&e.diags),
            })
        })
        .collect();
    let diagnostics: serde_json::Value =
        serde_json::from_str(&diag::emit(diags, &site.sources, lang, Format::Json))
            .unwrap_or_default();
    let out = serde_json::json!({
        "today": today,
        "dossiers": dossiers,
        "diagnostics": diagnostics,
    });
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

/// The verdict per state: "5 dossiers: 2 lopend (1 met fouten: x), 2 afgerond
/// (1 in orde; 1 onzeker: y), 1 gearchiveerd", so that an uncertain one is
/// never counted as in order and a running one never as wrong for being
/// unfinished.
pub fn verdict_line(site: &Site, today: crate::date::Date, lang: Lang) -> String {
    crate::validate::summary::line(&site.entries, today, lang)
}
