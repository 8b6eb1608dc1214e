//! The command line (clap derive): `init`, `new`, `check`, `build`, `rules`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diag::Format;

#[derive(Debug, Parser)]
#[command(
    name = "popdoc",
    version,
    about = "POP dossiers for career coaches: checked against the VDAB rules, HTML and PDF"
)]
pub struct Cli {
    /// The site folder (with popdoc.toml); default: the nearest folder with a
    /// popdoc.toml from the current one upwards.
    #[arg(long, global = true)]
    pub root: Option<PathBuf>,
    /// Language of messages: nl (default) or en. Overrides `language` in popdoc.toml.
    #[arg(long, global = true, value_parser = ["nl", "en"])]
    pub lang: Option<String>,
    /// The theme for pages and PDFs (`default`, `warm` or one in `themes/`).
    /// Overrides `theme` in popdoc.toml.
    #[arg(long, global = true)]
    pub theme: Option<String>,
    /// The day to reckon deadlines and retention from (yyyy-mm-dd or
    /// dd/mm/yyyy); default `SOURCE_DATE_EPOCH`, else today.
    #[arg(long, global = true, value_parser = crate::deadlines::parse_date)]
    pub today: Option<crate::date::Date>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with an example dossier.
    Init {
        /// Folder to create the site in (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Create a new dossier (content/<slug>/index.md, and pop-1.md once a cheque
    /// is ordered), or add cheque 2 to an existing one.
    New(NewArgs),
    /// Check every dossier and report all problems.
    Check {
        /// How the findings are shown.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Count warnings as errors (exit code 1).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check and build the site: HTML and PDFs into the output folder.
    Build {
        /// Also write documents held back by errors, marked "ONTWERP".
        #[arg(long)]
        drafts: bool,
        /// Write into an existing output folder that popdoc did not create.
        #[arg(long)]
        force: bool,
        /// Also write each PDF's Typst source and data file next to it.
        #[arg(long)]
        emit_typst: bool,
        /// HTML only: make no PDFs (the fast loop).
        #[arg(long)]
        no_pdf: bool,
        /// Also write the client's own bundle of this dossier (its folder name)
        /// into the client folder; the dossier needs `[privacy] publiceren = true`.
        #[arg(long, value_name = "SLUG", conflicts_with = "clients")]
        client: Option<String>,
        /// Also write the bundle of every dossier with `publiceren = true`, and
        /// remove the bundles of dossiers no longer published.
        #[arg(long)]
        clients: bool,
        /// Make every output again, ignoring the incremental cache.
        #[arg(long)]
        no_cache: bool,
        /// List every file made (not taken from the cache).
        #[arg(long, short)]
        verbose: bool,
        /// Show where the time went: CPU time inside Typst (compile and PDF
        /// export) against the whole run's.
        #[arg(long)]
        timings: bool,
        /// Stop (exit code 2) instead of waiting when another popdoc is
        /// writing the output folder.
        #[arg(long)]
        no_wait: bool,
        /// How the findings are shown.
        #[arg(long, value_enum, default_value = "short")]
        format: Format,
    },
    /// Print a whole dossier: every final document the centre keeps (POPs,
    /// checklists, attests) in one PDF, <slug>/dossier-<slug>.pdf.
    Print(PrintArgs),
    /// Export data for the centre's administration.
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Upcoming and overdue deadlines across all dossiers.
    Agenda {
        /// Days ahead to show (overdue items are always shown).
        #[arg(long, default_value_t = 30)]
        binnen: i64,
        /// How: text, JSON or an iCalendar file (ics).
        #[arg(long, value_enum, default_value = "human")]
        format: AgendaFormat,
        /// Name clients by their initials ("A. P.") and leave out the dossier
        /// folder, for a calendar shared or kept on a phone.
        #[arg(long)]
        initialen: bool,
    },
    /// List every rule popdoc checks.
    Rules {
        /// List the rule sets instead (built-in and the site's `rules/`): their
        /// order dates, package sizes, limits and uncertain values.
        #[arg(long)]
        sets: bool,
        /// Text, or Markdown (docs/rules.md).
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Write shell completion to stdout (bash, zsh, fish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write the man page (roff) to stdout.
    Man,
    /// Build, serve the site on 127.0.0.1 and reload the browser on every save.
    #[cfg(feature = "watch")]
    Serve(ServeArgs),
    /// Rebuild HTML and PDFs into the output folder on every save.
    #[cfg(feature = "watch")]
    Watch {
        /// Poll for changes instead of file-system events (network drives).
        #[arg(long)]
        poll: bool,
        /// Write into an existing output folder that popdoc did not create.
        #[arg(long)]
        force: bool,
        /// Stop at the start (exit code 2) instead of waiting when another
        /// popdoc is writing the output folder; a rebuild after a save always
        /// waits.
        #[arg(long)]
        no_wait: bool,
    },
}

#[cfg(feature = "watch")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on; a busy port moves on to the next free one (0: any).
    #[arg(long)]
    pub port: Option<u16>,
    /// Address to listen on (default 127.0.0.1: only this computer). Another
    /// address serves private client data to the network.
    #[arg(long)]
    pub bind: Option<std::net::IpAddr>,
    /// Also answer requests for this host name (besides localhost and IP
    /// addresses); may be repeated.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Open the site in the browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of file-system events (network drives).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AgendaFormat {
    Human,
    Json,
    Ics,
}

/// The flags of `popdoc print`.
#[derive(Debug, Clone, clap::Args)]
pub struct PrintArgs {
    /// The dossier to print (its folder name).
    #[arg(
        value_name = "SLUG",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub slug: Option<String>,
    /// Print every finished dossier (running ones are skipped).
    #[arg(long)]
    pub all: bool,
    /// Print what is final even while a document is held back, with a
    /// first page that lists what is missing.
    #[arg(long)]
    pub onvolledig: bool,
    /// Stop (exit code 2) instead of waiting when another popdoc is
    /// writing the output folder.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Subcommand)]
pub enum Export {
    /// popdoc's listing for VDAB's registration of loopbaancheques: one row per
    /// charged conversation (or per package), a `pakket` column for the kind.
    /// Not VDAB's own format, which is not public; where a loopbaankrediet is
    /// registered is not published yet.
    Registratie(RegistratieArgs),
    /// The centre's overview per month or quarter, per coach and per rule
    /// set: conversations and minutes charged, packages started, POPs
    /// finalised, attests issued and nazorg given, with totals.
    Overzicht(OverzichtArgs),
}

#[derive(Debug, clap::Args)]
pub struct OverzichtArgs {
    /// Write to this file (never over an existing one without --force); else stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// human, csv, xlsx or json; default: from the extension of --out, else human.
    #[arg(long, value_enum)]
    pub format: Option<OverzichtFormat>,
    /// From this date on (inclusive): yyyy-mm-dd or dd/mm/yyyy.
    #[arg(long, value_parser = crate::deadlines::parse_date)]
    pub van: Option<crate::date::Date>,
    /// Up to this date (inclusive).
    #[arg(long, value_parser = crate::deadlines::parse_date)]
    pub tot: Option<crate::date::Date>,
    /// The length of a period: maand (default) or kwartaal.
    #[arg(long, value_enum, default_value = "maand")]
    pub per: OverzichtPer,
    /// Overwrite the file given with --out.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OverzichtFormat {
    Human,
    Csv,
    Xlsx,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OverzichtPer {
    Maand,
    Kwartaal,
}

/// The flags of `popdoc new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The client's name, e.g. "An Peeters" (or an existing dossier's
    /// folder with --cheque).
    pub name: String,
    /// Add this cheque (2) to the existing dossier: pop-2.md and a second
    /// [[cheques]] entry, keeping every other line and comment of index.md.
    #[arg(long, requires = "besteld_op")]
    pub cheque: Option<u8>,
    /// Order date of the cheque (yyyy-mm-dd or dd/mm/yyyy); without it a
    /// new dossier is a kennismaking (no package yet).
    #[arg(long, value_parser = crate::deadlines::parse_date)]
    pub besteld_op: Option<crate::date::Date>,
    /// The package is a loopbaankrediet (from 2027), not a loopbaancheque.
    #[arg(long, requires = "besteld_op")]
    pub krediet: bool,
    /// The coach; default `POPDOC_BEGELEIDER`, else the first of
    /// `[centrum] begeleiders` in popdoc.toml.
    #[arg(long)]
    pub begeleider: Option<String>,
    /// The first name, when the split of the name is not right.
    #[arg(long)]
    pub voornaam: Option<String>,
    /// The last name, when the split of the name is not right.
    #[arg(long)]
    pub achternaam: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RegistratieArgs {
    /// Write to this file (never over an existing one without --force); else stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// csv, xlsx or json; default: from the extension of --out, else csv.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// From this date on (inclusive): yyyy-mm-dd or dd/mm/yyyy.
    #[arg(long, value_parser = crate::deadlines::parse_date)]
    pub van: Option<crate::date::Date>,
    /// Up to this date (inclusive).
    #[arg(long, value_parser = crate::deadlines::parse_date)]
    pub tot: Option<crate::date::Date>,
    /// One row per cheque instead of per conversation.
    #[arg(long)]
    pub per_cheque: bool,
    /// Only the conversations not yet registered (without `geregistreerd_op`).
    #[arg(long, conflicts_with = "per_cheque")]
    pub nog_te_registreren: bool,
    /// Field separator of the CSV (default `;`, as Flemish spreadsheets expect).
    #[arg(long, default_value_t = ';')]
    pub delimiter: char,
    /// Overwrite the file given with --out.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Text,
    Markdown,
}
