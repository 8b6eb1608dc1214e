//! The centre's desk commands: `popdoc agenda` and `popdoc export`.

use crate::date::Date;
use crate::diag::{Lang, Msg};
use crate::model::Site;
use crate::write;

/// `popdoc export registratie`.
pub(super) fn export_registration(
    site: &Site,
    args: &crate::cli::RegistratieArgs,
) -> anyhow::Result<()> {
    use crate::cli::ExportFormat;
    use crate::export;
    period_in_order(args.van, args.tot)?;
    let period = export::Period {
        van: args.van,
        tot: args.tot,
    };
    let table = if args.per_cheque {
        export::cheques(site, period)
    } else {
        export::conversations(site, period, args.nog_te_registreren)
    };
    anyhow::ensure!(
        args.delimiter.is_ascii(),
        "{}",
        crate::diag::say("ui-delimiter-ascii")
    );
    const FORMATS: &[(&str, ExportFormat)] = &[
        ("csv", ExportFormat::Csv),
        ("xlsx", ExportFormat::Xlsx),
        ("json", ExportFormat::Json),
    ];
    let format = pick_format(args.format, args.out.as_deref(), FORMATS, ExportFormat::Csv)?;
    let bytes = match format {
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
    deliver(
        args.out.as_deref(),
        args.force,
        &bytes,
        format == ExportFormat::Xlsx,
    )?;
    // On stderr also when the CSV goes to stdout: it never mixes with the rows.
    if format == ExportFormat::Csv && export::leading_zeros(&table) {
        eprintln!("{}", crate::diag::say("app-csv-zeros"));
    }
    Ok(())
}

/// The agenda for a terminal: one line per item, overdue in red and due soon
/// in yellow when stdout is a terminal (and `NO_COLOR` is not set).
fn agenda_text(items: &[crate::deadlines::Item], today: Date, within: i64, lang: Lang) -> String {
    use crate::deadlines::State;
    use std::io::IsTerminal;
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let head = if within == 1 {
        "ui-agenda-head-one"
    } else {
        "ui-agenda-head-many"
    };
    let mut out = Msg::new(head)
        .arg("n", within)
        .arg_msg_args("today", today.long())
        .render(lang);
    out.push('\n');
    if items.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            crate::diag::say_in("ui-agenda-empty", lang)
        ));
    }
    for i in items {
        let (on, off) = match (colour, i.state) {
            (true, State::Overdue) => ("\x1b[31m", "\x1b[0m"),
            (true, State::Due) => ("\x1b[33m", "\x1b[0m"),
            _ => ("", ""),
        };
        out.push_str(&format!(
            "  {on}{:<10}{off} {}  {:<24} {}\n",
            i.state.label(lang),
            i.date,
            i.slug,
            crate::text::terminal_safe(&format!("{}: {}", i.klant, i.what.render(lang)))
        ));
    }
    out
}

/// How `popdoc agenda` shows its items.
pub(super) struct AgendaHow {
    /// Days ahead.
    pub within: i64,
    pub format: crate::cli::AgendaFormat,
    /// Clients by their initials, without the dossier folder.
    pub initials: bool,
}

/// `popdoc export overzicht`: the overview as a terminal table, CSV, xlsx
/// or JSON (the format from `--format`, else from `--out`'s extension).
pub(super) fn export_overview(
    site: &Site,
    args: &crate::cli::OverzichtArgs,
    lang: crate::diag::Lang,
) -> anyhow::Result<()> {
    use crate::cli::OverzichtFormat as F;
    let per = match args.per {
        crate::cli::OverzichtPer::Maand => crate::overview::Per::Maand,
        crate::cli::OverzichtPer::Kwartaal => crate::overview::Per::Kwartaal,
    };
    let period = crate::export::Period {
        van: args.van,
        tot: args.tot,
    };
    period_in_order(args.van, args.tot)?;
    let rows = crate::overview::rows(site, period, per);
    let table = crate::overview::table(&rows, &crate::overview::coaches(site), lang);
    const FORMATS: &[(&str, F)] = &[
        ("human", F::Human),
        ("txt", F::Human),
        ("csv", F::Csv),
        ("xlsx", F::Xlsx),
        ("json", F::Json),
    ];
    let format = pick_format(args.format, args.out.as_deref(), FORMATS, F::Human)?;
    let bytes = match format {
        F::Human => crate::overview::human(&table).into_bytes(),
        F::Csv => crate::export::csv(&table, b';')?,
        F::Json => crate::export::json(&table).into_bytes(),
        F::Xlsx => crate::export::xlsx(&table, "overzicht")?,
    };
    deliver(args.out.as_deref(), args.force, &bytes, format == F::Xlsx)?;
    Ok(())
}

/// An export's format: `--format`, else the extension of `--out` (one of
/// `formats`: name or extension, and the format), else `default`. A
/// `--format` that contradicts the extension is refused: a CSV in a file
/// named `.xlsx` opens as garbage.
fn pick_format<F: Copy + PartialEq>(
    given: Option<F>,
    out: Option<&std::path::Path>,
    formats: &[(&str, F)],
    default: F,
) -> anyhow::Result<F> {
    let name = |f: F| {
        formats
            .iter()
            .find(|(_, g)| *g == f)
            .map_or("", |(n, _)| *n)
    };
    let by_ext = out.and_then(|p| {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        formats.iter().find(|(n, _)| *n == ext).map(|(_, f)| *f)
    });
    match (given, by_ext) {
        (Some(f), Some(e)) if f != e => anyhow::bail!(
            "{}",
            Msg::new("app-format-mismatch")
                .arg("format", name(f))
                .arg("ext", name(e))
                .arg(
                    "path",
                    out.map(|p| p.display().to_string()).unwrap_or_default()
                )
                .render(crate::diag::ui_lang())
        ),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Ok(default),
    }
}

/// `--van` after `--tot` is refused: an empty export would look like a
/// period without work.
fn period_in_order(van: Option<Date>, tot: Option<Date>) -> anyhow::Result<()> {
    if let (Some(van), Some(tot)) = (van, tot) {
        anyhow::ensure!(
            van <= tot,
            "{}",
            Msg::new("app-period-backwards")
                .arg("van", van)
                .arg("tot", tot)
                .render(crate::diag::ui_lang())
        );
    }
    Ok(())
}

/// Writes an export to `out` (atomically, never over a file without
/// `force`), else to stdout; a file-only format (xlsx) needs `out`.
fn deliver(
    out: Option<&std::path::Path>,
    force: bool,
    bytes: &[u8],
    file_only: bool,
) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            anyhow::ensure!(
                force || !path.exists(),
                "{}",
                Msg::new("app-exists")
                    .arg("path", path.display())
                    .render(crate::diag::ui_lang())
            );
            write::write_atomic(path, bytes)?;
            // The data went to the file: say where, in the run's language.
            println!(
                "{}",
                Msg::new("app-exported")
                    .arg("path", path.display())
                    .arg("bytes", bytes.len())
                    .render(crate::diag::ui_lang())
            );
        }
        None => {
            anyhow::ensure!(!file_only, "{}", crate::diag::say("app-xlsx-needs-out"));
            use std::io::Write as _;
            std::io::stdout().write_all(bytes)?;
        }
    }
    Ok(())
}

/// The file in the site folder that holds the site's key for the calendar's
/// stand-in names (`agenda --initialen`), made once with random bytes.
pub const AGENDA_KEY: &str = ".popdoc-agenda-sleutel";

/// The site's key for `--initialen`: read, or made once (never overwritten).
fn agenda_key(root: &std::path::Path) -> anyhow::Result<[u8; 32]> {
    let path = root.join(AGENDA_KEY);
    let decode = |text: &str| -> Option<[u8; 32]> {
        let hex = text.trim();
        let mut key = [0u8; 32];
        if hex.len() != 64 {
            return None;
        }
        for (i, b) in key.iter_mut().enumerate() {
            *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(key)
    };
    if let Ok(text) = std::fs::read_to_string(&path) {
        if let Some(key) = decode(&text) {
            return Ok(key);
        }
        anyhow::bail!(
            "{}",
            crate::diag::Msg::new("app-agenda-key-bad")
                .arg("path", path.display())
                .render(crate::diag::ui_lang())
        );
    }
    let key = random_key();
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        // Another run made it first: use that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return agenda_key(root);
        }
        Err(e) => return Err(anyhow::Error::new(e).context(path.display().to_string())),
    };
    use std::io::Write;
    f.write_all(format!("{hex}\n").as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| anyhow::Error::new(e).context(path.display().to_string()))?;
    Ok(key)
}

/// 32 random bytes: the OS's (`/dev/urandom`), else the standard library's
/// randomly seeded hasher, mixed through blake3.
fn random_key() -> [u8; 32] {
    use std::hash::{BuildHasher, Hasher};
    use std::io::Read;
    let mut bytes = [0u8; 32];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    let mut h = blake3::Hasher::new();
    h.update(&bytes);
    if from_os.is_err() {
        for i in 0..8u64 {
            let mut s = std::collections::hash_map::RandomState::new().build_hasher();
            s.write_u64(i);
            h.update(&s.finish().to_le_bytes());
        }
        h.update(format!("{:?}{}", std::time::SystemTime::now(), std::process::id()).as_bytes());
    }
    *h.finalize().as_bytes()
}

/// `popdoc agenda`: what is overdue and due within `within` days.
pub(super) fn agenda(engine: &crate::build::Engine, how: &AgendaHow) -> anyhow::Result<()> {
    let site = engine.checked()?;
    let (today, lang) = (engine.today(), engine.lang());
    let mut items = crate::deadlines::agenda(
        site.entries.iter().filter_map(|e| e.dossier.as_ref()),
        &site.config,
        today,
        how.within,
    );
    if how.initials {
        let key = agenda_key(&engine.settings().root)?;
        for i in &mut items {
            i.klant = crate::text::initials(&i.klant);
            // The folder name is the client's name: a stand-in keyed with the
            // site's own random key keeps the calendar ids apart and stable,
            // and cannot be turned back into the name by trying names.
            i.slug = format!(
                "dossier-{}",
                &blake3::keyed_hash(&key, i.slug.as_bytes()).to_hex()[..12]
            );
        }
    }
    match how.format {
        crate::cli::AgendaFormat::Json => {
            println!("{}", serde_json::to_string_pretty(&items)?);
        }
        crate::cli::AgendaFormat::Ics => {
            print!("{}", crate::deadlines::ics(&items, today));
        }
        crate::cli::AgendaFormat::Human => {
            print!("{}", agenda_text(&items, today, how.within, lang));
        }
    }
    Ok(())
}
