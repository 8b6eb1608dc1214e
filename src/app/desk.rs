//! The centre's desk commands: `popdoc agenda` and `popdoc export`.

use crate::date::Date;
use crate::diag::Lang;
use crate::model::Site;
use crate::write;

use super::t;

/// `popdoc export registratie`.
pub(super) fn export_registration(
    site: &Site,
    args: &crate::cli::RegistratieArgs,
) -> anyhow::Result<()> {
    use crate::cli::ExportFormat;
    use crate::export;
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

/// How `popdoc agenda` shows its items.
pub(super) struct AgendaHow {
    /// Days ahead.
    pub within: i64,
    pub format: crate::cli::AgendaFormat,
    /// Clients by their initials, without the dossier folder.
    pub initials: bool,
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
        for i in &mut items {
            i.klant = crate::text::initials(&i.klant);
            // The folder name is the client's name: a stable stand-in keeps
            // the calendar ids apart and stable without it.
            i.slug = format!(
                "dossier-{}",
                &blake3::hash(format!("popdoc agenda {}", i.slug).as_bytes()).to_hex()[..8]
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
