//! The operational messages of popdoc (status lines, refusals, counts,
//! summaries): every sentence a command prints that is not a diagnostic,
//! in Dutch and English, by key. Rendered with `Msg::new(key).render(lang)`
//! or `crate::diag::say(key)` in the run's language; a label kept as
//! `&'static str` with `crate::diag::text(key, lang)`. A count has two
//! entries, `-one` and `-many`, picked by `Msg::count` ("1 fout", "2 fouten").

/// (key, Dutch, English), as in the diagnostics' catalog.
pub(crate) const UI: &[(&str, &str, &str)] = &[
    // --- diagnostics' frame (emit.rs) ------------------------------------
    ("ui-hint", "tip: {hint}", "help: {hint}"),
    ("ui-sev-note", "opmerking", "note"),
    ("ui-sev-error", "fout", "error"),
    ("ui-sev-warning", "waarschuwing", "warning"),
    ("ui-sev-todo", "te doen", "to do"),
    ("ui-errors-one", "{n} fout", "{n} error"),
    ("ui-errors-many", "{n} fouten", "{n} errors"),
    ("ui-warnings-one", "{n} waarschuwing", "{n} warning"),
    ("ui-warnings-many", "{n} waarschuwingen", "{n} warnings"),
    ("ui-todos", "{n} te doen", "{n} to do"),
    // --- states and verdicts (validate, the dashboard) ---------------------
    ("ui-state-kennismaking", "kennismaking", "first contact"),
    ("ui-state-besteld", "besteld", "ordered"),
    ("ui-state-lopend", "lopend", "running"),
    ("ui-state-afgerond", "afgerond", "completed"),
    ("ui-state-afgesloten", "afgesloten", "closed"),
    ("ui-state-verlopen", "verlopen", "expired"),
    ("ui-state-gearchiveerd", "gearchiveerd", "archived"),
    ("ui-state-unreadable", "onleesbaar", "unreadable"),
    ("ui-verdict-errors", "fouten", "errors"),
    ("ui-verdict-uncertain", "onzeker", "uncertain"),
    ("ui-verdict-warnings", "waarschuwingen", "warnings"),
    ("ui-verdict-ok", "in orde", "in order"),
    ("ui-with-errors", "met fouten", "with errors"),
    ("ui-with-warnings", "met waarschuwingen", "with warnings"),
    (
        "ui-no-cheque-yet",
        "nog geen cheque besteld",
        "no cheque ordered yet",
    ),
    ("ui-dossiers-one", "{n} dossier", "{n} dossier"),
    ("ui-dossiers-many", "{n} dossiers", "{n} dossiers"),
    // --- watch and serve: the status line (build/session.rs, watch, serve) -
    ("ui-changes-all", "alles", "everything"),
    (
        "ui-changes-day",
        "alles (een nieuwe dag)",
        "everything (a new day)",
    ),
    (
        "ui-changes-settings",
        "alles (instellingen of regels)",
        "everything (settings or rules)",
    ),
    ("ui-changes-templates", "sjablonen", "templates"),
    ("ui-from-cache", "{n} uit de cache", "{n} from the cache"),
    (
        "ui-stopped",
        "popdoc gestopt; er werd niets verwijderd.",
        "popdoc stopped; nothing was deleted.",
    ),
    (
        "ui-watching",
        "popdoc volgt {root} (Ctrl-C stopt)",
        "popdoc watches {root} (Ctrl-C stops)",
    ),
    (
        "ui-serving",
        "popdoc serveert {url} (Ctrl-C stopt)",
        "popdoc serves {url} (Ctrl-C stops)",
    ),
    (
        "ui-serve-exposed",
        "waarschuwing: popdoc luistert op {addr}: elk toestel op het netwerk kan de persoonlijke gegevens van je klanten lezen. Gebruik --bind enkel op een netwerk dat je vertrouwt, en stop de server als je klaar bent.",
        "warning: popdoc listens on {addr}: every device on the network can read your clients' personal data. Use --bind only on a network you trust, and stop the server when you are done.",
    ),
    (
        "ui-no-free-port",
        "geen vrije poort vanaf {port}: {detail}",
        "no free port from {port}: {detail}",
    ),
    // --- dates and the agenda (date.rs, deadlines.rs, app/desk.rs) ---------
    ("ui-date", "{day} {month} {year}", "{day} {month} {year}"),
    ("ui-month-1", "januari", "January"),
    ("ui-month-2", "februari", "February"),
    ("ui-month-3", "maart", "March"),
    ("ui-month-4", "april", "April"),
    ("ui-month-5", "mei", "May"),
    ("ui-month-6", "juni", "June"),
    ("ui-month-7", "juli", "July"),
    ("ui-month-8", "augustus", "August"),
    ("ui-month-9", "september", "September"),
    ("ui-month-10", "oktober", "October"),
    ("ui-month-11", "november", "November"),
    ("ui-month-12", "december", "December"),
    (
        "ui-not-a-date",
        "`{value}` is geen datum (jjjj-mm-dd of dd/mm/jjjj)",
        "`{value}` is not a date (yyyy-mm-dd or dd/mm/yyyy)",
    ),
    ("ui-due-overdue", "te laat", "overdue"),
    ("ui-due-soon", "binnenkort", "due soon"),
    ("ui-due-open", "open", "open"),
    ("ui-due-done", "gedaan", "done"),
    (
        "ui-due-cheque-start",
        "begeleiding op {pkg} starten ({pkg} geldig tot {date})",
        "start the guidance on {pkg} ({pkg} valid until {date})",
    ),
    (
        "ui-due-pop-finalise",
        "POP van {pkg} finaliseren (synthese op {date})",
        "finalise the POP of {pkg} (synthese on {date})",
    ),
    (
        "ui-due-evaluation",
        "klant uitnodigen voor de evaluatie ({pkg})",
        "invite the client to the evaluation ({pkg})",
    ),
    (
        "ui-due-nazorg",
        "nazorg bij {pkg} mogelijk tot {date} (nog {min} min)",
        "nazorg for {pkg} possible until {date} ({min} min left)",
    ),
    (
        "ui-due-pop-sign",
        "POP van {pkg} laten ondertekenen",
        "have the POP of {pkg} signed",
    ),
    (
        "ui-due-attest-year",
        "traject starten vóór het academiejaar van ‘{name}’",
        "start the trajectory before the academic year of ‘{name}’",
    ),
    (
        "ui-due-retention",
        "bewaartermijn ({years}) verstreken: dossier verwijderen",
        "retention period ({years}) over: delete the dossier",
    ),
    ("ui-years-one", "{n} jaar", "{n} year"),
    ("ui-years-many", "{n} jaar", "{n} years"),
    ("ui-due-at", " om {time}", " at {time}"),
    (
        "ui-due-planned-past",
        "heeft de {soort} van {date} plaatsgevonden? (gepland{at})",
        "did the {soort} of {date} take place? (planned{at})",
    ),
    (
        "ui-due-planned",
        "gepland: {soort}{at} ({min} min, {form})",
        "planned: {soort}{at} ({min} min, {form})",
    ),
    ("ui-form-group", "groep", "group"),
    ("ui-form-individual", "individueel", "individual"),
    (
        "ui-agenda-head-one",
        "Termijnen op {today} (te laat, en de komende {n} dag):",
        "Deadlines on {today} (overdue, and the next {n} day):",
    ),
    (
        "ui-agenda-head-many",
        "Termijnen op {today} (te laat, en de komende {n} dagen):",
        "Deadlines on {today} (overdue, and the next {n} days):",
    ),
    ("ui-agenda-empty", "niets te doen", "nothing to do"),
    (
        "ui-delimiter-ascii",
        "--delimiter: één ASCII-teken, bv. `;` of `,`",
        "--delimiter: one ASCII character, e.g. `;` or `,`",
    ),
    // --- writing (write/, lock.rs) -----------------------------------------
    (
        "ui-write-refused",
        "{path}: popdoc schrijft hier niet: {why}. Kies een andere `output_dir`, of geef --force als popdoc deze map mag vullen",
        "{path}: refusing to write here: {why}. Choose another `output_dir`, or pass --force if this folder may be filled by popdoc",
    ),
    (
        "ui-refused-site",
        "het is de site zelf of bevat ze",
        "it is the site itself or contains it",
    ),
    (
        "ui-refused-sources",
        "er staan bronnen van de site in",
        "it holds the site's own sources",
    ),
    (
        "ui-refused-file",
        "het is een bestand, geen map",
        "it is a file, not a folder",
    ),
    (
        "ui-refused-foreign",
        "de map bestaat, is niet leeg en werd niet door popdoc gemaakt",
        "the folder exists, is not empty and was not made by popdoc",
    ),
    (
        "ui-write-outside",
        "{path}: popdoc schrijft niet buiten de uitvoermap",
        "{path}: refusing to write outside the output folder",
    ),
    (
        "ui-write-link",
        "{path}: is een symbolische koppeling; popdoc schrijft of verwijdert nooit via een koppeling onder zijn uitvoermap. Verwijder de koppeling (waar ze naar wijst, blijft staan)",
        "{path}: is a symbolic link; popdoc never writes or deletes through a link below its output folder. Remove the link (what it points to is left alone)",
    ),
    (
        "ui-write-locked",
        "{path}: een andere popdoc schrijft in deze map; wacht tot die klaar is, of laat --no-wait weg om erop te wachten",
        "{path}: another popdoc is writing this folder; wait until it is done, or leave out --no-wait to wait for it",
    ),
    (
        "ui-write-hard-link",
        "{path}: heeft meer dan één naam (een harde koppeling); popdoc herschrijft het niet, zodat de koppeling blijft. Breng de wijziging met de hand aan, of kopieer het bestand zodat het een eigen naam krijgt",
        "{path}: has more than one name (a hard link); popdoc does not rewrite it, so that the link stays. Make the change by hand, or copy the file to give it a name of its own",
    ),
    (
        "ui-advice-disk-full",
        "de schijf is vol: maak ruimte vrij en bouw opnieuw; de vorige uitvoer is bewaard",
        "the disk is full: make room and build again; the previous output is kept",
    ),
    (
        "ui-advice-no-rights",
        "geen schrijfrechten op deze map: pas de rechten aan of kies een andere `output_dir`; de vorige uitvoer is bewaard",
        "no permission to write this folder: change its rights or choose another `output_dir`; the previous output is kept",
    ),
    (
        "ui-advice-read-only",
        "de schijf is alleen-lezen: kies een andere `output_dir`; de vorige uitvoer is bewaard",
        "the disk is read-only: choose another `output_dir`; the previous output is kept",
    ),
    (
        "ui-advice-other",
        "de vorige uitvoer is bewaard; los het probleem op en bouw opnieuw",
        "the previous output is kept; solve the problem and build again",
    ),
    (
        "ui-lock-waiting",
        "[popdoc] een andere popdoc schrijft in {dir}; popdoc wacht tot die klaar is (Ctrl-C stopt, --no-wait wacht niet)",
        "[popdoc] another popdoc is writing {dir}; popdoc waits until it is done (Ctrl-C stops, --no-wait does not wait)",
    ),
    (
        "ui-lock-unlockable",
        "[popdoc] {dir}: dit bestandssysteem kan niet vergrendelen; popdoc schrijft zonder slot (laat er geen twee popdocs tegelijk in schrijven)",
        "[popdoc] {dir}: this file system cannot lock; popdoc writes without a lock (do not let two popdocs write there at once)",
    ),
    // --- init and new (scaffold/) ------------------------------------------
    (
        "ui-scaffold-exists",
        "{path}: bestaat al; popdoc overschrijft nooit je bestanden",
        "{path}: already exists; popdoc never overwrites your files",
    ),
    (
        "ui-scaffold-bad-name",
        "\"{name}\" geeft geen bruikbare mapnaam; gebruik letters in de naam",
        "\"{name}\" gives no usable folder name; use letters in the name",
    ),
    (
        "ui-cheque-no-dossier",
        "{path}: geen dossier met die naam",
        "{path}: no dossier of that name",
    ),
    (
        "ui-cheque-only-2",
        "--cheque {n}: enkel cheque 2 kan toegevoegd worden",
        "--cheque {n}: only cheque 2 can be added",
    ),
    (
        "ui-cheque-unreadable",
        "{path}: kan niet gelezen worden; herstel eerst de fouten (`popdoc check`)",
        "{path}: cannot be read; fix its errors first (`popdoc check`)",
    ),
    (
        "ui-cheque-no-first",
        "{path}: heeft geen cheque 1",
        "{path}: has no cheque 1",
    ),
    (
        "ui-cheque-taken",
        "{path}: heeft al een cheque {n}",
        "{path}: already has a cheque {n}",
    ),
    (
        "ui-cheque-single",
        "onder `{ruleset}` bestaat geen cheque {n} ({name}): een klant heeft er maar één",
        "under `{ruleset}` there is no cheque {n} ({name}): a client has only one",
    ),
    (
        "ui-cheque-no-front-matter",
        "{path}: geen front matter",
        "{path}: no front matter",
    ),
    (
        "ui-cheque-no-cheques",
        "{path}: geen [[cheques]]",
        "{path}: no [[cheques]]",
    ),
    // --- the site and its settings (load/, model/site.rs, build/settings.rs)
    (
        "ui-not-a-site",
        "{path}: geen popdoc-site (geen popdoc.toml); maak er een met `popdoc init`",
        "{path}: not a popdoc site (no popdoc.toml); create one with `popdoc init`",
    ),
    (
        "ui-broken-settings",
        "popdoc.toml of een regelset in rules/ bevat fouten: er werd niets geschreven. Herstel ze eerst (`popdoc check` toont ze)",
        "popdoc.toml or a rule set in rules/ has errors: nothing was written. Fix them first (`popdoc check` shows them)",
    ),
    (
        "ui-unknown-theme",
        "--theme {theme}: geen ingebouwd thema ({builtin}) en geen map themes/{theme}/",
        "--theme {theme}: no built-in theme ({builtin}) and no folder themes/{theme}/",
    ),
    (
        "ui-template-error",
        "template {name}: {detail}",
        "template {name}: {detail}",
    ),
    // --- names of what a finding is about (validate/attest.rs) -------------
    (
        "ui-field-training-name",
        "de naam van de opleiding",
        "the name of the training",
    ),
    (
        "ui-field-academic-year",
        "het academiejaar",
        "the academic year",
    ),
    (
        "ui-field-provider",
        "de opleidingsverstrekker",
        "the training provider",
    ),
    (
        "ui-field-attest-date",
        "de datum van het attest",
        "the date of the attest",
    ),
    (
        "ui-field-centre-name",
        "de naam van het centrum",
        "the name of the centre",
    ),
    (
        "ui-field-centre-number",
        "het ondernemingsnummer van het centrum",
        "the enterprise number of the centre",
    ),
    (
        "ui-field-centre-address",
        "het adres van het centrum",
        "the address of the centre",
    ),
    (
        "ui-key-under-centrum",
        "`{key}` onder [centrum] in popdoc.toml",
        "`{key}` under [centrum] in popdoc.toml",
    ),
    // --- the overview's columns (overview.rs) ------------------------------
    ("ui-ov-period", "periode", "period"),
    ("ui-ov-coach", "begeleider", "coach"),
    ("ui-ov-ruleset", "regelset", "rule set"),
    ("ui-ov-conversations", "gesprekken", "conversations"),
    ("ui-ov-minutes", "minuten", "minutes"),
    ("ui-ov-individual", "individueel", "individual"),
    ("ui-ov-group", "groep", "group"),
    (
        "ui-ov-packages-started",
        "pakketten gestart",
        "packages started",
    ),
    (
        "ui-ov-pops-finalised",
        "POP's gefinaliseerd",
        "POPs finalised",
    ),
    ("ui-ov-attests", "attesten", "attests"),
    ("ui-ov-nazorg", "nazorg", "nazorg"),
    (
        "ui-ov-dossiers-with-errors",
        "dossiers met fouten",
        "dossiers with errors",
    ),
    ("ui-ov-coach-known", "begeleider gekend", "coach known"),
    // --- popdoc rules --sets (app/listing.rs) -------------------------------
    ("ui-sets-pinned", "vastgepind", "pinned"),
    ("ui-none", "geen", "none"),
    (
        "ui-source-popdoc",
        "popdoc: het bestandsformaat en zijn grenzen (docs/format.md)",
        "popdoc: the file format and its limits (docs/format.md)",
    ),
    // --- the command line's errors (help.rs; in English clap's own) --------
    ("ui-cli-error", "fout: {message}", "error: {message}"),
    (
        "ui-cli-more",
        "Meer uitleg: popdoc --help",
        "More help: popdoc --help",
    ),
    (
        "ui-cli-unknown-arg",
        "onbekende optie `{arg}`",
        "unknown option `{arg}`",
    ),
    (
        "ui-cli-unknown-command",
        "onbekende opdracht `{command}`",
        "unknown command `{command}`",
    ),
    (
        "ui-cli-unexpected-arg",
        "onverwacht argument `{arg}`: deze opdracht neemt hier geen naam of waarde",
        "unexpected argument `{arg}`: this command takes no name or value here",
    ),
    (
        "ui-cli-empty-value",
        "`{arg}` heeft een waarde nodig",
        "`{arg}` needs a value",
    ),
    (
        "ui-cli-invalid-value",
        "ongeldige waarde `{value}` voor `{arg}`",
        "invalid value `{value}` for `{arg}`",
    ),
    (
        "ui-cli-invalid-value-choose",
        "ongeldige waarde `{value}` voor `{arg}`; kies uit: {valid}",
        "invalid value `{value}` for `{arg}`; choose from: {valid}",
    ),
    (
        "ui-cli-invalid-value-why",
        "ongeldige waarde `{value}` voor `{arg}`: {why}",
        "invalid value `{value}` for `{arg}`: {why}",
    ),
    (
        "ui-cli-missing-arg",
        "ontbrekend argument: {arg}",
        "missing argument: {arg}",
    ),
    (
        "ui-cli-no-command",
        "geef een opdracht, bv. `popdoc check`",
        "give a command, e.g. `popdoc check`",
    ),
    (
        "ui-cli-conflict",
        "`{arg}` gaat niet samen met `{prior}`",
        "`{arg}` cannot be used with `{prior}`",
    ),
    (
        "ui-cli-value-count",
        "te veel of te weinig waarden voor `{arg}`",
        "too many or too few values for `{arg}`",
    ),
    (
        "ui-cli-no-equals",
        "schrijf `{arg}=<waarde>`",
        "write `{arg}=<value>`",
    ),
    (
        "ui-cli-invalid",
        "ongeldige opdrachtregel",
        "invalid command line",
    ),
];

#[cfg(test)]
mod tests {
    use super::UI;
    use std::path::Path;

    /// Findings that are no message: (file, a piece of the finding's
    /// snippet), each with a comment why. None today: data and keys (TOML
    /// keys, file names, HTML, docs/rules.md, the page and PDF texts) are
    /// not in the places the check looks.
    const ALLOWED: &[(&str, &str)] = &[];

    /// Files the check does not read: the catalogs themselves.
    const CATALOGS: &[&str] = &["src/diag/catalog.rs", "src/diag/ui.rs"];

    /// A string literal in a source file: where it starts (its opening
    /// delimiter) and its text between the delimiters.
    struct Lit {
        start: usize,
        text: String,
    }

    /// The source with comments (doc comments too) blanked out and string
    /// and character literals masked (same length, so offsets hold), and the
    /// string literals found.
    fn lex(src: &str) -> (Vec<u8>, Vec<Lit>) {
        let b = src.as_bytes();
        let mut code = b.to_vec();
        let mut lits = Vec::new();
        let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        // Comments become spaces, literals `x`s (a value, not a gap).
        let fill = |code: &mut Vec<u8>, from: usize, to: usize, with: u8| {
            for c in &mut code[from..to.min(b.len())] {
                if *c != b'\n' {
                    *c = with;
                }
            }
        };
        let blank = |code: &mut Vec<u8>, from: usize, to: usize| fill(code, from, to, b' ');
        let mask = |code: &mut Vec<u8>, from: usize, to: usize| fill(code, from, to, b'x');
        let mut i = 0;
        while i < b.len() {
            let prev_ident = i > 0 && ident(b[i - 1]);
            if b[i..].starts_with(b"//") {
                let end = src[i..].find('\n').map_or(b.len(), |n| i + n);
                blank(&mut code, i, end);
                i = end;
            } else if b[i..].starts_with(b"/*") {
                let (mut depth, mut j) = (0usize, i);
                while j < b.len() {
                    if b[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if b[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        j += 1;
                    }
                }
                blank(&mut code, i, j);
                i = j;
            } else if !prev_ident && (b[i] == b'r' || b[i..].starts_with(b"br")) && {
                let k = if b[i] == b'r' { i + 1 } else { i + 2 };
                let hashes = b[k..].iter().take_while(|c| **c == b'#').count();
                b.get(k + hashes) == Some(&b'"')
            } {
                // A raw string: r"…", r#"…"#, br"…".
                let k = if b[i] == b'r' { i + 1 } else { i + 2 };
                let hashes = b[k..].iter().take_while(|c| **c == b'#').count();
                let open = k + hashes + 1;
                let close = format!("\"{}", "#".repeat(hashes));
                let end_text = src[open..].find(&close).map_or(b.len(), |n| open + n);
                let end = (end_text + close.len()).min(b.len());
                lits.push(Lit {
                    start: i,
                    text: src[open..end_text].to_string(),
                });
                mask(&mut code, i, end);
                i = end;
            } else if b[i] == b'"' || (!prev_ident && b[i..].starts_with(b"b\"")) {
                let open = if b[i] == b'"' { i + 1 } else { i + 2 };
                let mut j = open;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                lits.push(Lit {
                    start: i,
                    text: src[open..j.min(b.len())].to_string(),
                });
                mask(&mut code, i, end);
                i = end;
            } else if b[i] == b'\'' {
                // A character literal ('x', '\n', '"', '{'), else a lifetime.
                let rest = &src[i + 1..];
                let len = if rest.starts_with('\\') {
                    rest.find('\'').map(|n| n + 1)
                } else {
                    rest.chars()
                        .next()
                        .map(char::len_utf8)
                        .filter(|n| rest[*n..].starts_with('\''))
                        .map(|n| n + 1)
                };
                match len {
                    Some(n) => {
                        mask(&mut code, i, i + 1 + n);
                        i += 1 + n;
                    }
                    None => i += 1,
                }
            } else {
                i += 1;
            }
        }
        (code, lits)
    }

    /// The end of the expression or block that starts at `from` (a match
    /// arm's value): the first `,`, `;` or closing bracket at its own depth,
    /// or the end of a block it starts with.
    fn expression_end(code: &[u8], from: usize) -> usize {
        let mut depth = 0usize;
        let mut j = from;
        while j < code.len() {
            match code[j] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        return j;
                    }
                    depth -= 1;
                    if depth == 0
                        && code[j] == b'}'
                        && code[from..j].trim_ascii_start().first() == Some(&b'{')
                    {
                        return j + 1;
                    }
                }
                b',' | b';' if depth == 0 => return j,
                _ => {}
            }
            j += 1;
        }
        j
    }

    fn skip_space(code: &[u8], mut j: usize) -> usize {
        while j < code.len() && code[j].is_ascii_whitespace() {
            j += 1;
        }
        j
    }

    /// The ranges of `#[cfg(test)]` items: a module or function to its
    /// closing brace, a `mod tests;` to its semicolon.
    fn test_ranges(code: &[u8]) -> Vec<std::ops::Range<usize>> {
        let text = String::from_utf8_lossy(code);
        let mut out = Vec::new();
        for (at, _) in text.match_indices("#[cfg(test)]") {
            let from = at + "#[cfg(test)]".len();
            let brace = code[from..].iter().position(|c| *c == b'{');
            let semi = code[from..].iter().position(|c| *c == b';');
            let end = match (brace, semi) {
                (Some(bi), Some(s)) if s < bi => from + s + 1,
                (Some(bi), _) => expression_end(code, from + bi),
                (None, Some(s)) => from + s + 1,
                (None, None) => code.len(),
            };
            out.push(at..end);
        }
        out
    }

    fn has_letter(s: &str) -> bool {
        s.chars().any(char::is_alphabetic)
    }

    /// Two words: a letter, a space, a letter ("popdoc volgt", "{n} fouten"
    /// is one word and a placeholder, still a sentence: "n} fouten" has none).
    fn has_two_words(s: &str) -> bool {
        let c: Vec<char> = s.chars().collect();
        c.windows(3)
            .any(|w| w[0].is_alphabetic() && w[1] == ' ' && w[2].is_alphabetic())
    }

    /// What the heuristics find in one file's text: (offset, snippet).
    fn findings(src: &str) -> Vec<(usize, String)> {
        let (code, lits) = lex(src);
        let skipped = test_ranges(&code);
        let live = |at: usize| !skipped.iter().any(|r| r.contains(&at));
        let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let lits_in =
            |from: usize, to: usize| lits.iter().filter(move |l| l.start >= from && l.start < to);
        let lit_at = |at: usize| lits.iter().find(|l| l.start == at);
        let snippet = |at: usize| {
            let end = src[at..].find('\n').map_or(src.len(), |n| at + n);
            src[at..end].trim().chars().take(120).collect::<String>()
        };
        let text = String::from_utf8_lossy(&code).into_owned();
        let mut out = Vec::new();
        // 1. A language in a match arm, a tuple or an `if`, followed by a
        //    literal with a letter: a text pair outside the catalog.
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        for t in ["Lang::Nl", "Lang::En"] {
            for (at, _) in text.match_indices(t) {
                let end = at + t.len();
                if code.get(end).is_none_or(|c| !ident(*c)) {
                    tokens.push((at, end));
                }
            }
        }
        for t in ["Nl)", "En)"] {
            for (at, _) in text.match_indices(t) {
                if at > 0 && !ident(code[at - 1]) && code[at - 1] != b':' {
                    tokens.push((at, at + 2));
                }
            }
        }
        for (at, end) in tokens {
            if !live(at) {
                continue;
            }
            let mut j = end;
            while j < code.len() && (code[j].is_ascii_whitespace() || code[j] == b')') {
                j += 1;
            }
            let found: Vec<&Lit> = if code[j..].starts_with(b"=>") {
                let from = skip_space(&code, j + 2);
                lits_in(from, expression_end(&code, from)).collect()
            } else if code.get(j) == Some(&b'{') {
                lits_in(j, expression_end(&code, j)).collect()
            } else if code.get(j) == Some(&b',') {
                lit_at(skip_space(&code, j + 1)).into_iter().collect()
            } else {
                Vec::new()
            };
            if found.iter().any(|l| has_letter(&l.text)) {
                out.push((at, snippet(at)));
            }
        }
        // 2. The old helpers that chose between two texts.
        for t in ["t(lang,", "t(lang ,", "nl_en("] {
            for (at, _) in text.match_indices(t) {
                let before = &text[..at];
                if live(at)
                    && (at == 0 || !ident(code[at - 1]))
                    && !before.trim_end().ends_with("fn")
                {
                    out.push((at, snippet(at)));
                }
            }
        }
        // 3. A sentence as the first argument of a printing or failing macro,
        //    an error's text or a context.
        for t in [
            "println!",
            "eprintln!",
            "print!",
            "eprint!",
            "bail!",
            "anyhow!",
            "ensure!",
            ".context(",
            "#[error(",
        ] {
            for (at, _) in text.match_indices(t) {
                if !live(at) || (t.ends_with('!') && at > 0 && ident(code[at - 1])) {
                    continue;
                }
                let mut j = skip_space(&code, at + t.len());
                if t.ends_with('!') {
                    if !matches!(code.get(j), Some(b'(' | b'[' | b'{')) {
                        continue;
                    }
                    j = skip_space(&code, j + 1);
                }
                if t == "ensure!" {
                    // The message follows the condition.
                    let comma = expression_end(&code, j);
                    if code.get(comma) != Some(&b',') {
                        continue;
                    }
                    j = skip_space(&code, comma + 1);
                }
                if let Some(l) = lit_at(j).filter(|l| has_two_words(&l.text)) {
                    out.push((l.start, snippet(at)));
                }
            }
        }
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    fn sources() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("src")) {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((name, std::fs::read_to_string(path).unwrap()));
        }
        out.sort();
        out
    }

    #[test]
    fn no_user_facing_literal_outside_the_catalog() {
        let mut bad = Vec::new();
        for (name, text) in sources() {
            if CATALOGS.contains(&name.as_str()) || name.ends_with("/tests.rs") {
                continue;
            }
            for (at, snippet) in findings(&text) {
                if ALLOWED
                    .iter()
                    .any(|(f, needle)| *f == name && snippet.contains(needle))
                {
                    continue;
                }
                let line = text[..at].matches('\n').count() + 1;
                bad.push(format!("{name}:{line}: {snippet}"));
            }
        }
        assert!(
            bad.is_empty(),
            "user-facing text outside the catalog (put it in src/diag/ui.rs and use Msg):\n{}",
            bad.join("\n")
        );
    }

    #[test]
    fn the_check_finds_what_it_looks_for() {
        let bad = [
            "fn f(lang: Lang) -> &str { match lang { Lang::Nl => \"hallo\", Lang::En => \"hello\" } }",
            "fn f() { let w = match (s, lang) { (Severity::Note, Nl) => \"opmerking\", _ => x }; }",
            "fn f() { let w = if lang == Lang::Nl { \"tip\" } else { \"help\" }; }",
            "fn f() { let w = match lang {\n    Lang::Nl => format!(\n        \"Termijnen op {}\", d\n    ),\n    _ => y }; }",
            "fn f() { x(nl_en(a, b)); }",
            "fn f() { x(t(lang, \"a\", \"b\")); }",
            "fn f() { println!(\"popdoc is klaar\"); }",
            "fn f() { eprintln!(\"{n} uit de cache\", n = 1); }",
            "fn f() { anyhow::bail!(\"no free port from {port}\"); }",
            "fn f() { anyhow::ensure!(ok, \"xlsx is een bestand\"); }",
            "fn f() { g().context(\"reading the site\")?; }",
            "#[error(\"template {name}: iets ging mis\")]\nstruct E;",
            "const X: &[(Lang, &str)] = &[(Lang::En, \"in order\")];",
        ];
        for sample in bad {
            assert!(!findings(sample).is_empty(), "not found in: {sample}");
        }
        let good = [
            "fn f() { println!(\"{}\", x); eprintln!(\"[popdoc] {what}: {e:#}\"); }",
            "/// Lang::Nl => \"hallo daar\"\n// println!(\"a b\")\nfn f() {}",
            "fn f() { match lang { Lang::En => cmd.f(true), Lang::Nl => dutch(cmd, \"\") } }",
            "fn f() { let q = '\"'; let b = '{'; println!(\"{}\", q); }",
            "fn f() { let s = r#\"Lang::Nl => \"a b\"\"#; let t = Lang::Nl; }",
            "fn f() { let l = match w { Wait::No => Lang::Nl, _ => x }; g(\"a b\"); }",
            "#[cfg(test)]\nmod tests { fn f() { println!(\"het werkt niet\"); } }",
            "fn t(lang: Lang, nl: &str) {}",
        ];
        for sample in good {
            assert_eq!(findings(sample), vec![], "found in: {sample}");
        }
    }

    #[test]
    fn every_ui_key_used_is_there_and_every_entry_is_used() {
        let files = sources();
        let mut used = std::collections::BTreeSet::new();
        for (name, text) in &files {
            if name == "src/diag/ui.rs" {
                continue;
            }
            for part in text.split("\"ui-").skip(1) {
                if let Some(rest) = part.split('"').next() {
                    used.insert(format!("ui-{rest}"));
                }
            }
        }
        let missing: Vec<&String> = used
            .iter()
            .filter(|k| !UI.iter().any(|(key, _, _)| key == k))
            .collect();
        assert!(missing.is_empty(), "keys used but not in UI: {missing:?}");
        let unused: Vec<&str> = UI
            .iter()
            .map(|(k, _, _)| *k)
            .filter(|k| !used.contains(*k))
            .collect();
        assert!(unused.is_empty(), "entries of UI no code uses: {unused:?}");
        for (key, _, _) in UI {
            assert!(
                key.starts_with("ui-"),
                "{key}: operational keys start with ui-"
            );
        }
    }

    #[test]
    fn counts_have_the_right_plural() {
        use crate::diag::{Lang, Msg};
        let say = |n, one, many, lang| Msg::count(n, one, many).render(lang);
        for (one, many, nl1, nl2, en1, en2) in [
            (
                "ui-errors-one",
                "ui-errors-many",
                "1 fout",
                "2 fouten",
                "1 error",
                "2 errors",
            ),
            (
                "ui-warnings-one",
                "ui-warnings-many",
                "1 waarschuwing",
                "2 waarschuwingen",
                "1 warning",
                "2 warnings",
            ),
            (
                "ui-dossiers-one",
                "ui-dossiers-many",
                "1 dossier",
                "2 dossiers",
                "1 dossier",
                "2 dossiers",
            ),
            (
                "ui-years-one",
                "ui-years-many",
                "1 jaar",
                "2 jaar",
                "1 year",
                "2 years",
            ),
        ] {
            assert_eq!(say(1, one, many, Lang::Nl), nl1);
            assert_eq!(say(2, one, many, Lang::Nl), nl2);
            assert_eq!(say(1, one, many, Lang::En), en1);
            assert_eq!(say(2, one, many, Lang::En), en2);
        }
        assert_eq!(
            crate::diag::summary(1, 2, 0, Lang::Nl),
            "1 fout, 2 waarschuwingen"
        );
        assert_eq!(
            crate::diag::summary(2, 1, 3, Lang::En),
            "2 errors, 1 warning, 3 to do"
        );
        let d = crate::date::Date::new(2026, 2, 3).unwrap();
        assert_eq!(d.long().render(Lang::Nl), d.dutch_long());
        assert_eq!(d.long().render(Lang::En), "3 February 2026");
    }
}
