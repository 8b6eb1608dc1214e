//! The command line in one language per run: clap's own help texts,
//! headings and errors included. The language is `--lang`, else the
//! environment variable `POPDOC_LANG`, else Dutch (`language` in popdoc.toml
//! is read later and only sets the language of diagnostics). English texts are
//! the doc comments of `cli`; the Dutch ones are this table.

use clap::{Arg, ArgAction, Command, CommandFactory};

use crate::cli::Cli;
use crate::diag::{Lang, Msg};

/// (subcommand path, argument id or "" for the command itself, Dutch help).
const NL: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "POP-dossiers voor loopbaanbegeleiders: controle tegen de VDAB-regels, HTML en PDF",
    ),
    (
        "",
        "root",
        "De map van de site (met popdoc.toml); zonder deze optie zoekt popdoc ze vanaf de huidige map naar boven, zoals git",
    ),
    (
        "",
        "lang",
        "Taal van hulp en meldingen: nl (standaard) of en; anders POPDOC_LANG",
    ),
    (
        "",
        "theme",
        "Het thema van pagina's en PDF's (`default`, `warm` of een map in `themes/`); gaat voor `theme` in popdoc.toml",
    ),
    (
        "",
        "today",
        "De dag waarop termijnen en bewaartermijn berekend worden (jjjj-mm-dd of dd/mm/jjjj); standaard SOURCE_DATE_EPOCH, anders vandaag",
    ),
    ("init", "", "Maak een nieuwe site met een voorbeelddossier"),
    (
        "init",
        "dir",
        "Map waarin de site komt (standaard de huidige map)",
    ),
    (
        "new",
        "",
        "Maak een nieuw dossier (content/<slug>/index.md, en pop-1.md zodra een cheque besteld is), of voeg cheque 2 toe aan een bestaand dossier",
    ),
    (
        "new",
        "name",
        "De naam van de klant, bv. \"An Peeters\" (of de map van een bestaand dossier met --cheque)",
    ),
    (
        "new",
        "cheque",
        "Voeg deze cheque (2) toe aan het bestaande dossier: pop-2.md en een tweede [[cheques]]",
    ),
    (
        "new",
        "besteld_op",
        "Besteldatum van de cheque (jjjj-mm-dd of dd/mm/jjjj); zonder is een nieuw dossier een kennismaking (nog geen pakket)",
    ),
    (
        "new",
        "krediet",
        "Het pakket is een loopbaankrediet (vanaf 2027), geen loopbaancheque",
    ),
    (
        "new",
        "begeleider",
        "De begeleider; standaard POPDOC_BEGELEIDER, anders de eerste van `[centrum] begeleiders` in popdoc.toml",
    ),
    (
        "new",
        "voornaam",
        "De voornaam, als de naam verkeerd gesplitst wordt",
    ),
    (
        "new",
        "achternaam",
        "De achternaam, als de naam verkeerd gesplitst wordt",
    ),
    ("check", "", "Controleer elk dossier en toon alle problemen"),
    ("check", "format", "Vorm van de meldingen"),
    (
        "check",
        "deny_warnings",
        "Tel waarschuwingen als fouten (afsluitcode 1)",
    ),
    (
        "build",
        "",
        "Controleer en bouw de site: HTML en PDF's in de uitvoermap",
    ),
    (
        "build",
        "drafts",
        "Schrijf ook documenten die door fouten tegengehouden worden, gemarkeerd als ONTWERP",
    ),
    (
        "build",
        "force",
        "Schrijf in een bestaande uitvoermap die popdoc niet maakte",
    ),
    (
        "build",
        "emit_typst",
        "Schrijf naast elke PDF ook de Typst-bron en het gegevensbestand",
    ),
    ("build", "no_pdf", "Enkel HTML, geen PDF's (de snelle lus)"),
    (
        "build",
        "client",
        "Schrijf ook de bundel van de klant voor dit dossier (de mapnaam) in de klantenmap; vraagt `[privacy] publiceren = true`",
    ),
    (
        "build",
        "clients",
        "Schrijf de bundel van elk dossier met `publiceren = true`, en verwijder die van dossiers die niet meer gepubliceerd worden",
    ),
    ("build", "format", "Vorm van de meldingen"),
    ("build", "no_cache", "Maak alles opnieuw, zonder de cache"),
    (
        "build",
        "timings",
        "Toon waar de tijd heen ging: CPU-tijd in Typst (compileren en PDF maken) tegenover die van de hele run",
    ),
    (
        "build",
        "verbose",
        "Toon elk bestand dat gemaakt werd (niet uit de cache)",
    ),
    (
        "build",
        "no_wait",
        "Stop (afsluitcode 2) in plaats van te wachten als een andere popdoc in de uitvoermap schrijft",
    ),
    (
        "print",
        "",
        "Druk een heel dossier af: elk definitief document dat het centrum bewaart (POP's, checklists, attesten) in één PDF, <klant>/dossier-<klant>.pdf",
    ),
    (
        "print",
        "slug",
        "Het dossier om af te drukken (de naam van zijn map)",
    ),
    (
        "print",
        "all",
        "Druk elk afgewerkt dossier af (lopende dossiers worden overgeslagen)",
    ),
    (
        "print",
        "onvolledig",
        "Druk af wat definitief is, ook als een document tegengehouden wordt, met een eerste pagina die zegt wat ontbreekt",
    ),
    (
        "print",
        "no_wait",
        "Stop (afsluitcode 2) in plaats van te wachten als een andere popdoc in de uitvoermap schrijft",
    ),
    (
        "export",
        "",
        "Gegevens exporteren voor de administratie van het centrum",
    ),
    (
        "export registratie",
        "",
        "popdocs lijst voor de registratie van loopbaancheques bij VDAB: één rij per aangerekend gesprek (of per pakket), met een kolom `pakket`; niet het eigen formaat van VDAB, dat niet openbaar is; waar een loopbaankrediet geregistreerd wordt, is nog niet gepubliceerd",
    ),
    (
        "export registratie",
        "out",
        "Schrijf naar dit bestand (nooit over een bestaand zonder --force); anders naar stdout",
    ),
    (
        "export registratie",
        "format",
        "csv, xlsx of json; standaard volgens de extensie van --out, anders csv",
    ),
    (
        "export registratie",
        "van",
        "Vanaf deze datum (inbegrepen): jjjj-mm-dd of dd/mm/jjjj",
    ),
    ("export registratie", "tot", "Tot en met deze datum"),
    (
        "export registratie",
        "per_cheque",
        "Eén rij per cheque in plaats van per gesprek",
    ),
    (
        "export registratie",
        "nog_te_registreren",
        "Enkel de gesprekken die nog niet geregistreerd zijn (zonder `geregistreerd_op`)",
    ),
    (
        "export registratie",
        "delimiter",
        "Scheidingsteken van de CSV (standaard `;`, zoals Vlaamse rekenbladen verwachten)",
    ),
    (
        "export registratie",
        "force",
        "Overschrijf het bestand van --out",
    ),
    (
        "export overzicht",
        "",
        "Het overzicht van het centrum per maand of kwartaal, per begeleider en per regelset: gesprekken en aangerekende minuten, gestarte pakketten, gefinaliseerde POP's, attesten en nazorg, met totalen",
    ),
    (
        "export overzicht",
        "out",
        "Schrijf naar dit bestand (nooit over een bestaand zonder --force); anders naar stdout",
    ),
    (
        "export overzicht",
        "format",
        "human, csv, xlsx of json; standaard volgens de extensie van --out, anders human",
    ),
    (
        "export overzicht",
        "van",
        "Vanaf deze datum (inbegrepen): jjjj-mm-dd of dd/mm/jjjj",
    ),
    ("export overzicht", "tot", "Tot en met deze datum"),
    (
        "export overzicht",
        "per",
        "De lengte van een periode: maand (standaard) of kwartaal",
    ),
    (
        "export overzicht",
        "force",
        "Overschrijf het bestand van --out",
    ),
    (
        "agenda",
        "",
        "Termijnen die te laat zijn of binnenkort aflopen, over alle dossiers",
    ),
    (
        "agenda",
        "binnen",
        "Aantal dagen vooruit (wat te laat is, staat er altijd bij)",
    ),
    (
        "agenda",
        "format",
        "Vorm: tekst, JSON of een iCalendar-bestand (ics)",
    ),
    (
        "agenda",
        "initialen",
        "Noem klanten bij hun initialen (\"A. P.\") en laat de dossiermap weg, voor een gedeelde agenda of een telefoon",
    ),
    ("rules", "", "Toon elke regel die popdoc controleert"),
    (
        "rules",
        "sets",
        "Toon de regelsets (ingebouwd en uit `rules/`): datums, pakketten, grenzen en onzekere waarden",
    ),
    ("rules", "format", "Vorm: tekst of Markdown (docs/rules.md)"),
    (
        "serve",
        "",
        "Bouw de site in het geheugen, toon ze op 127.0.0.1 en laad de browser opnieuw bij elke wijziging",
    ),
    (
        "serve",
        "port",
        "Poort; een bezette poort schuift door naar de volgende vrije (0: een willekeurige)",
    ),
    (
        "serve",
        "bind",
        "Adres (standaard 127.0.0.1: enkel deze computer); een ander adres toont privégegevens aan het netwerk",
    ),
    (
        "serve",
        "allow_host",
        "Beantwoord ook deze hostnaam (naast localhost en IP-adressen); mag herhaald worden",
    ),
    ("serve", "open", "Open de site in de browser"),
    (
        "serve",
        "poll",
        "Kijk met tussenpozen naar wijzigingen in plaats van met bestandsmeldingen (netwerkschijven)",
    ),
    (
        "watch",
        "",
        "Bouw HTML en PDF's opnieuw in de uitvoermap bij elke wijziging",
    ),
    (
        "watch",
        "poll",
        "Kijk met tussenpozen naar wijzigingen in plaats van met bestandsmeldingen (netwerkschijven)",
    ),
    (
        "watch",
        "force",
        "Schrijf in een bestaande uitvoermap die popdoc niet maakte",
    ),
    (
        "watch",
        "no_wait",
        "Stop bij de start (afsluitcode 2) in plaats van te wachten als een andere popdoc in de uitvoermap schrijft; een herbouw na het bewaren wacht altijd",
    ),
    (
        "completions",
        "",
        "Schrijf de aanvulling voor een shell naar stdout (bash, zsh, fish, powershell)",
    ),
    ("completions", "shell", "De shell"),
    ("man", "", "Schrijf de man-pagina (roff) naar stdout"),
];

/// The language of this run's help and messages before popdoc.toml is read:
/// `--lang` on the command line, else `POPDOC_LANG`, else Dutch.
pub fn lang_of_args(args: &[String]) -> Lang {
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
    });
    flag.or_else(|| std::env::var("POPDOC_LANG").ok())
        .and_then(|l| Lang::parse(l.trim()))
        .unwrap_or_default()
}

/// The command line in `lang`: every about, help text, heading, the help and
/// version flags, and the usage line.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd.disable_help_subcommand(true),
        Lang::Nl => dutch(cmd, ""),
    }
}

fn dutch(cmd: Command, path: &str) -> Command {
    let find = |id: &str| {
        NL.iter()
            .find(|(p, a, _)| *p == path && *a == id)
            .map(|(_, _, t)| *t)
    };
    let mut cmd = cmd
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .help_template("{about}\n\nGebruik: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Toon deze hulp")
                .help_heading("Opties"),
        );
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Toon de versie")
                .help_heading("Opties"),
        );
    }
    if let Some(t) = find("") {
        cmd = cmd.about(t);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        let root_arg = NL.iter().any(|(p, a, _)| p.is_empty() && *a == id);
        let text = find(&id).or_else(|| {
            root_arg
                .then(|| NL.iter().find(|(p, a, _)| p.is_empty() && *a == id))
                .flatten()
                .map(|(_, _, t)| *t)
        });
        cmd = cmd.mut_arg(&id, |a| {
            let positional = a.is_positional();
            let mut extra = String::new();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() {
                extra.push_str(&format!(" [standaard: {}]", defaults.join(", ")));
            }
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() && a.get_action().takes_values() {
                extra.push_str(&format!(" [keuze: {}]", values.join(", ")));
            }
            let takes = a.get_action().takes_values();
            // Placeholders in Dutch: `<KLANT>`, not `<SLUG>`.
            let names: Vec<clap::builder::Str> = a
                .get_value_names()
                .unwrap_or_default()
                .iter()
                .map(|n| dutch_placeholder(n.as_str()).map_or_else(|| n.clone(), Into::into))
                .collect();
            let a = if names.is_empty() {
                a
            } else {
                a.value_names(names)
            };
            let a = a
                .hide_default_value(takes)
                .hide_possible_values(takes)
                .help_heading(if positional { "Argumenten" } else { "Opties" });
            match text {
                Some(t) => a.help(format!("{t}{extra}")),
                None => a,
            }
        });
    }
    // The usage line with Dutch placeholders, named from the top.
    let rendered = cmd.clone().render_usage().to_string();
    let rest = rendered
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(&rendered)
        .trim()
        .replace("[OPTIONS]", "[OPTIES]");
    let parents: Vec<&str> = path.split(' ').filter(|p| !p.is_empty()).collect();
    let usage = if parents.is_empty() {
        rest
    } else {
        format!("popdoc {} {rest}", parents[..parents.len() - 1].join(" ")).replace("  ", " ")
    };
    cmd = cmd.override_usage(usage);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| dutch(s, &sub_path));
    }
    cmd
}

/// The Dutch placeholder for a value name of the command line.
fn dutch_placeholder(name: &str) -> Option<&'static str> {
    Some(match name {
        "SLUG" | "CLIENT" | "CLIENTS" => "KLANT",
        "NAME" => "NAAM",
        "ROOT" => "MAP",
        "THEME" => "THEMA",
        "LANG" => "TAAL",
        "TODAY" => "DATUM",
        "OUT" | "PATH" | "DIR" => "PAD",
        "PORT" => "POORT",
        "FORMAT" => "VORM",
        "RULE" => "REGEL",
        _ => return None,
    })
}

/// A command-line error in `lang` (clap's own wording in English).
pub fn error_text(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En {
        return e.render().to_string();
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let m = |key: &'static str| Msg::new(key).arg("arg", &arg).arg("value", &value);
    let message = match e.kind() {
        // A word where no word is expected (`popdoc rules R99`) is no option.
        ErrorKind::UnknownArgument if !arg.starts_with('-') => m("ui-cli-unexpected-arg"),
        ErrorKind::UnknownArgument => m("ui-cli-unknown-arg"),
        ErrorKind::InvalidSubcommand => {
            m("ui-cli-unknown-command").arg("command", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => m("ui-cli-empty-value"),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                m("ui-cli-invalid-value")
            } else {
                m("ui-cli-invalid-value-choose").arg("valid", valid)
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            m("ui-cli-invalid-value-why").arg("why", why)
        }
        ErrorKind::MissingRequiredArgument => m("ui-cli-missing-arg"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            m("ui-cli-no-command")
        }
        ErrorKind::ArgumentConflict => {
            m("ui-cli-conflict").arg("prior", get(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => m("ui-cli-value-count"),
        ErrorKind::NoEquals => m("ui-cli-no-equals"),
        _ => m("ui-cli-invalid"),
    };
    let suggested = match get(ContextKind::SuggestedArg) {
        s if !s.is_empty() => s,
        _ => get(ContextKind::SuggestedSubcommand),
    };
    let tip = match suggested {
        s if !s.is_empty() => format!(
            "\n\n  {}",
            Msg::new("ui-hint")
                .arg_msg_args("hint", Msg::new("unknown-key-suggest").arg("suggestion", s))
                .render(lang)
        ),
        _ => String::new(),
    };
    format!(
        "{}{tip}\n\n{}\n",
        Msg::new("ui-cli-error")
            .arg_msg_args("message", message)
            .render(lang),
        Msg::new("ui-cli-more").render(lang)
    )
}
