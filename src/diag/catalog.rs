//! The message catalog: every user-facing sentence of popdoc, in Dutch (the
//! default, for Flemish coaches) and English. A message is a key plus named
//! arguments; `{name}` in the text is replaced by the argument.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

/// The language of every page and PDF: Dutch by design, whatever `--lang`
/// or `language` choose for messages and status lines.
pub const PAGES: Lang = Lang::Nl;

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A catalog key with its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// Arguments that are messages of their own, rendered in the same language.
    pub nested: Vec<(&'static str, Msg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Msg {
            key,
            args: vec![],
            nested: vec![],
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// An argument that is itself a catalog text, rendered in the same language.
    pub fn arg_key(mut self, name: &'static str, key: &'static str) -> Self {
        self.args.push((name, format!("{NESTED}{key}")));
        self
    }

    /// An argument that is itself a message without arguments of its own.
    pub fn arg_msg(self, name: &'static str, m: Msg) -> Self {
        self.arg_key(name, m.key)
    }

    /// A count with its noun: `one` when `n` is 1, else `many`; both hold `{n}`
    /// ("1 fout", "2 fouten").
    pub fn count(n: usize, one: &'static str, many: &'static str) -> Self {
        Msg::new(if n == 1 { one } else { many }).arg("n", n)
    }

    /// An argument that is a message with arguments of its own.
    pub fn arg_msg_args(mut self, name: &'static str, m: Msg) -> Self {
        self.nested.push((name, m));
        self
    }

    /// The message in `lang`, arguments filled in.
    pub fn render(&self, lang: Lang) -> String {
        let Some((_, nl, en)) = entries().find(|(k, _, _)| *k == self.key) else {
            // A missing key is a bug in popdoc; show the key rather than nothing.
            return format!("{} {:?}", self.key, self.args);
        };
        let mut out = match lang {
            Lang::Nl => nl.to_string(),
            Lang::En => en.to_string(),
        };
        // A package named by its kind: "cheque 1", unless the finding is of
        // a krediet ("het loopbaankrediet", set by the rules' stage pass).
        if out.contains("{pakket}") && !self.args.iter().any(|(k, _)| *k == "pakket") {
            out = out.replace("{pakket}", "cheque {n}");
        }
        for (name, value) in &self.args {
            let value = match value.strip_prefix(NESTED) {
                Some(key) => Msg::new(
                    entries()
                        .find(|(k, _, _)| *k == key)
                        .map_or("", |(k, _, _)| *k),
                )
                .render(lang),
                None => value.clone(),
            };
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        for (name, m) in &self.nested {
            out = out.replace(&format!("{{{name}}}"), &m.render(lang));
        }
        out
    }
}

/// Every entry: the diagnostics' messages, then the operational ones.
pub(crate) fn entries()
-> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> + Clone {
    CATALOG.iter().chain(super::ui::UI.iter())
}

/// Marks an argument value that is a catalog key (see `Msg::arg_key`).
const NESTED: char = '\u{1}';

/// (key, Dutch, English).
pub(crate) const CATALOG: &[(&str, &str, &str)] = &[
    // --- format ---------------------------------------------------------
    (
        "fm-missing",
        "het bestand begint niet met front matter tussen `+++`-regels",
        "the file does not start with front matter between `+++` lines",
    ),
    (
        "fm-missing-hint",
        "begin het bestand met een regel `+++`, dan de TOML-sleutels, dan weer `+++`",
        "start the file with a line `+++`, then the TOML keys, then `+++` again",
    ),
    (
        "fm-unclosed",
        "de front matter wordt niet afgesloten met `+++`",
        "the front matter is not closed with `+++`",
    ),
    (
        "fm-unclosed-hint",
        "zet een regel met enkel `+++` na de laatste TOML-sleutel",
        "add a line with only `+++` after the last TOML key",
    ),
    ("fm-empty-file", "het bestand is leeg", "the file is empty"),
    (
        "fm-not-utf8",
        "het bestand is geen geldige UTF-8-tekst (ongeldige byte op positie {offset})",
        "the file is not valid UTF-8 text (invalid byte at offset {offset})",
    ),
    (
        "fm-not-utf8-hint",
        "sla het bestand op als UTF-8 in je editor",
        "save the file as UTF-8 in your editor",
    ),
    (
        "fm-toml",
        "ongeldige TOML: {detail}",
        "invalid TOML: {detail}",
    ),
    (
        "fm-toml-hint",
        "kijk na of waarden tussen aanhalingstekens staan en elke sleutel maar één keer voorkomt",
        "check that strings are quoted and that each key appears only once",
    ),
    (
        "unknown-key",
        "onbekende sleutel `{key}` in {table}",
        "unknown key `{key}` in {table}",
    ),
    (
        "unknown-key-suggest",
        "bedoelde je `{suggestion}`?",
        "did you mean `{suggestion}`?",
    ),
    (
        "unknown-key-list",
        "toegelaten sleutels: {allowed}",
        "allowed keys: {allowed}",
    ),
    (
        "wrong-type",
        "`{key}` moet {expected} zijn, maar is {found}",
        "`{key}` must be {expected}, but is {found}",
    ),
    (
        "wrong-type-date-hint",
        "schrijf een datum als `{key} = 2025-02-03` of `{key} = \"03/02/2025\"`",
        "write a date as `{key} = 2025-02-03` or `{key} = \"03/02/2025\"`",
    ),
    (
        "wrong-type-str-hint",
        "zet de tekst tussen aanhalingstekens, bv. `{key} = \"…\"`",
        "put the text between quotes, e.g. `{key} = \"…\"`",
    ),
    (
        "wrong-type-reason-hint",
        "schrijf waarom de klant niet tekent, tussen aanhalingstekens: `zonder_handtekening = \"klant houdt de POP voor zich\"`",
        "write why the client does not sign, between quotes: `zonder_handtekening = \"client keeps the POP to themselves\"`",
    ),
    (
        "tijd-hint",
        "schrijf het uur als `tijd = \"14:00\"` (ook `\"14u\"` of `\"14u30\"` gaan)",
        "write the hour as `tijd = \"14:00\"` (`\"14u\"` or `\"14u30\"` work too)",
    ),
    (
        "bad-date",
        "onmogelijke datum: {detail}",
        "impossible date: {detail}",
    ),
    (
        "belgian-date",
        "`{key} = {value}`: een datum in deze vorm moet tussen aanhalingstekens",
        "`{key} = {value}`: a date in this form needs quotes",
    ),
    (
        "belgian-date-hint",
        "bedoel je {iso}? schrijf `{key} = {iso}` of `{key} = \"{value}\"`",
        "do you mean {iso}? write `{key} = {iso}` or `{key} = \"{value}\"`",
    ),
    (
        "not-a-date",
        "`{key} = {value}` is geen datum die popdoc leest",
        "`{key} = {value}` is not a date popdoc reads",
    ),
    (
        "impossible-date",
        "`{key} = {value}`: deze datum bestaat niet",
        "`{key} = {value}`: this date does not exist",
    ),
    (
        "impossible-date-hint",
        "controleer dag en maand: een maand van 1 tot 12 en een dag die in die maand bestaat, bv. `{key} = \"28/02/2025\"` of `{key} = 2025-02-28`",
        "check the day and month: a month from 1 to 12 and a day that exists in that month, e.g. `{key} = \"28/02/2025\"` or `{key} = 2025-02-28`",
    ),
    (
        "other-form-date-hint",
        "bedoel je {iso}? schrijf `{key} = {iso}` of `{key} = \"{value}\"` (popdoc leest geen datums met punten of streepjes tussen dag, maand en jaar)",
        "do you mean {iso}? write `{key} = {iso}` or `{key} = \"{value}\"` (popdoc reads no dates with dots or dashes between day, month and year)",
    ),
    (
        "one-value",
        "`{key} = {value}`: hier hoort één getal",
        "`{key} = {value}`: one number belongs here",
    ),
    (
        "one-value-hint",
        "schrijf één getal, bv. `{key} = {first}`; een opmerking zet je achter `#`",
        "write one number, e.g. `{key} = {first}`; a remark goes after `#`",
    ),
    (
        "r06-kept-text-hint",
        "de klant houdt de POP zelf en `aanwezig` is ingevuld, maar deze tekst heeft een kop van de POP: haal de POP-tekst uit dit bestand (een notitie zonder `## `-koppen mag blijven), dan telt `aanwezig`",
        "the client keeps the POP and `aanwezig` is filled in, but this text has a heading of the POP: remove the POP's text from this file (a note without `## ` headings may stay), then `aanwezig` counts",
    ),
    ("list-join", "{a}, {b}", "{a}, {b}"),
    ("ruleset-word-key", "{words} ({key})", "{words} ({key})"),
    ("ruleset-word-raw", "{key} = {value}", "{key} = {value}"),
    (
        "ruleset-words-pakket",
        "pakketten van {v} minuten",
        "packages of {v} minutes",
    ),
    (
        "ruleset-words-individueel",
        "minstens {v} minuten individueel",
        "at least {v} minutes one to one",
    ),
    (
        "ruleset-words-no-individueel",
        "geen minimum aan individuele minuten",
        "no minimum of one-to-one minutes",
    ),
    ("ruleset-words-pop", "een POP verplicht", "a POP required"),
    (
        "ruleset-words-no-pop",
        "geen POP verplicht",
        "no POP required",
    ),
    (
        "ruleset-words-nazorg",
        "hoogstens {v} minuten nazorg",
        "at most {v} minutes of aftercare",
    ),
    (
        "ruleset-words-geldig",
        "{v} maanden geldig",
        "valid for {v} months",
    ),
    (
        "not-a-date-hint",
        "schrijf de datum als `{key} = 2024-10-08` of `{key} = \"08/10/2024\"` (dag/maand/jaar met vier cijfers; een bestaande dag)",
        "write the date as `{key} = 2024-10-08` or `{key} = \"08/10/2024\"` (day/month/four-digit year; a day that exists)",
    ),
    (
        "comma-number",
        "`{key} = {value}`: een getal met een komma leest popdoc niet",
        "`{key} = {value}`: popdoc does not read a number with a comma",
    ),
    (
        "comma-minutes-hint",
        "minuten zijn een geheel getal: bedoel je {low} of {high} minuten? schrijf bv. `minuten = {high}`",
        "minutes are a whole number: do you mean {low} or {high} minutes? write e.g. `minuten = {high}`",
    ),
    (
        "comma-number-hint",
        "schrijf een geheel getal, bv. `{key} = {low}`",
        "write a whole number, e.g. `{key} = {low}`",
    ),
    (
        "fraction-minutes",
        "`{key} = {value}`: minuten zijn een geheel getal",
        "`{key} = {value}`: minutes are a whole number",
    ),
    (
        "fraction-minutes-hint",
        "bedoel je {minutes} minuten ({hours})? schrijf `minuten = {minutes}`",
        "do you mean {minutes} minutes ({hours})? write `minuten = {minutes}`",
    ),
    ("hours-1.5", "anderhalf uur", "an hour and a half"),
    ("hours-h", "{h} uur", "{h} hours"),
    (
        "toml-impossible-date",
        "deze datum bestaat niet",
        "this date does not exist",
    ),
    (
        "toml-impossible-date-hint",
        "controleer dag en maand: jjjj-mm-dd, een maand van 01 tot 12 en een dag die in die maand bestaat",
        "check the day and month: yyyy-mm-dd, a month from 01 to 12 and a day that exists in that month",
    ),
    (
        "toml-bad-date",
        "deze datum is niet volledig of niet in de vorm jjjj-mm-dd",
        "this date is incomplete or not in the form yyyy-mm-dd",
    ),
    (
        "toml-bad-date-hint",
        "schrijf jaar-maand-dag met vier, twee en twee cijfers, bv. `2024-10-08`, of `\"08/10/2024\"` tussen aanhalingstekens",
        "write year-month-day with four, two and two digits, e.g. `2024-10-08`, or `\"08/10/2024\"` in quotes",
    ),
    (
        "toml-bad-number",
        "dit getal is niet goed geschreven",
        "this number is not written correctly",
    ),
    (
        "toml-bad-number-hint",
        "schrijf een geheel getal zonder punt of komma, bv. `90`",
        "write a whole number without a point or comma, e.g. `90`",
    ),
    (
        "toml-bad-time",
        "dit uur bestaat niet",
        "this time does not exist",
    ),
    (
        "toml-unquoted",
        "tekst moet tussen aanhalingstekens staan",
        "text must be between quotes",
    ),
    (
        "toml-unquoted-hint",
        "zet de waarde tussen aanhalingstekens, bv. `naam = \"Sofie Claes\"`; `true`, `false`, getallen en datums (jjjj-mm-dd) blijven zonder",
        "put the value between quotes, e.g. `naam = \"Sofie Claes\"`; `true`, `false`, numbers and dates (yyyy-mm-dd) stay without",
    ),
    (
        "toml-duplicate",
        "de sleutel `{key}` staat hier een tweede keer",
        "the key `{key}` appears here a second time",
    ),
    (
        "toml-duplicate-hint",
        "elke sleutel mag maar één keer voorkomen in een tabel; verwijder of hernoem een van de twee",
        "each key may appear only once in a table; remove or rename one of the two",
    ),
    (
        "toml-unclosed-string",
        "de tekst wordt niet afgesloten met een aanhalingsteken",
        "the text is not closed with a quote",
    ),
    (
        "toml-unclosed-string-hint",
        "sluit de tekst af met `\"` op dezelfde regel; voor tekst over meerdere regels: `\"\"\"` aan het begin en het einde",
        "close the text with `\"` on the same line; for text over several lines: `\"\"\"` at the start and the end",
    ),
    (
        "toml-missing-equals",
        "na de sleutel ontbreekt `=` met een waarde",
        "the key is not followed by `=` and a value",
    ),
    (
        "toml-missing-equals-hint",
        "schrijf `sleutel = waarde`, bv. `minuten = 60`",
        "write `key = value`, e.g. `minuten = 60`",
    ),
    (
        "toml-bad-escape",
        "een ongeldige backslash-reeks in de tekst",
        "an invalid backslash sequence in the text",
    ),
    (
        "toml-bad-escape-hint",
        "schrijf een backslash als `\\\\` of zet de tekst tussen enkele aanhalingstekens (`'C:\\map'`)",
        "write a backslash as `\\\\` or put the text between single quotes (`'C:\\map'`)",
    ),
    (
        "toml-unclosed-table",
        "de tabelkop wordt niet afgesloten met `]`",
        "the table header is not closed with `]`",
    ),
    (
        "toml-unclosed-table-hint",
        "sluit de kop af: `[[cheques]]` of `[klant]`",
        "close the header: `[[cheques]]` or `[klant]`",
    ),
    (
        "toml-one-per-line",
        "na de waarde volgt nog iets op dezelfde regel",
        "something follows the value on the same line",
    ),
    (
        "toml-one-per-line-hint",
        "zet één `sleutel = waarde` per regel; een opmerking begint met `#`",
        "put one `key = value` per line; a comment starts with `#`",
    ),
    (
        "toml-other",
        "deze regel is geen geldige TOML",
        "this line is not valid TOML",
    ),
    (
        "bad-date-hint",
        "controleer dag en maand (jjjj-mm-dd)",
        "check the day and month (yyyy-mm-dd)",
    ),
    (
        "bad-enum",
        "`{value}` is geen geldige waarde voor `{key}`",
        "`{value}` is not a valid value for `{key}`",
    ),
    (
        "bad-enum-hint",
        "kies uit: {allowed}",
        "choose one of: {allowed}",
    ),
    (
        "bad-number",
        "`{key}` = {value} valt buiten het toegelaten bereik {range}",
        "`{key}` = {value} is outside the allowed range {range}",
    ),
    (
        "missing-key",
        "verplichte sleutel `{key}` ontbreekt in {table}",
        "required key `{key}` is missing in {table}",
    ),
    (
        "missing-key-hint",
        "voeg `{key} = …` toe",
        "add `{key} = …`",
    ),
    (
        "no-index",
        "de map `{dir}` bevat geen `index.md`",
        "the folder `{dir}` has no `index.md`",
    ),
    (
        "r46",
        "{pakket} loopt al meer dan een jaar (eerste aangerekende gesprek op {first}) zonder synthese: het pakket wordt beoordeeld als afgerond",
        "{pakket} has run for over a year (first charged conversation on {first}) without synthese: the package is judged as completed",
    ),
    (
        "r46-hint",
        "rond af: plan de synthese en finaliseer de POP; of sluit af: zet `afgesloten_op = jjjj-mm-dd` (en eventueel `reden`) bij de cheque",
        "complete it: hold the synthese and finalise the POP; or close it: set `afgesloten_op = yyyy-mm-dd` (and `reden` if you like) on the cheque",
    ),
    (
        "r47",
        "het dossier is gearchiveerd, maar {pakket} is nog {state}",
        "the dossier is archived, but {pakket} is still {state}",
    ),
    (
        "r47-hint",
        "sluit {pakket} af met `afgesloten_op = jjjj-mm-dd` bij de cheque, of rond ze af (synthese en POP)",
        "close {pakket} with `afgesloten_op = yyyy-mm-dd` on the cheque, or complete it (synthese and POP)",
    ),
    ("state-besteld", "besteld", "ordered"),
    ("state-lopend", "lopend", "running"),
    (
        "r48",
        "begeleider „{name}” staat niet in `[centrum] begeleiders` van popdoc.toml",
        "coach “{name}” is not in `[centrum] begeleiders` of popdoc.toml",
    ),
    (
        "r48-hint",
        "schrijf de naam zoals in popdoc.toml ({known}), of voeg de begeleider daar toe",
        "write the name as in popdoc.toml ({known}), or add the coach there",
    ),
    (
        "r48-suggest",
        "bedoelde je „{suggestion}”?",
        "did you mean “{suggestion}”?",
    ),
    (
        "todo-hours",
        "{pakket}: nog {left} min te gebruiken",
        "{pakket}: {left} min still to use",
    ),
    (
        "todo-hours-individual",
        "{pakket}: nog {left} min, waarvan minstens {individual} individueel",
        "{pakket}: {left} min to go, at least {individual} of them individual",
    ),
    (
        "stopped-early",
        "traject vroegtijdig gestopt (afgesloten op {date}): zonder synthese is dit een waarschuwing, geen fout",
        "trajectory stopped early (closed on {date}): without a synthese this is a warning, not an error",
    ),
    (
        "stale-reason",
        "{file} kan niet gelezen worden ({rule}, regel {line})",
        "{file} cannot be read ({rule}, line {line})",
    ),
    (
        "stale-never",
        "niet gemaakt: {slug}: {why}; er is nog geen goede versie, alleen een pagina met de problemen",
        "not made: {slug}: {why}; there is no good version yet, only a page with its problems",
    ),
    (
        "stale",
        "verouderd: {slug}: {why}; de pagina's en PDF's van de laatste goede versie blijven staan tot het hersteld is",
        "stale: {slug}: {why}; the pages and PDFs of the last good version stay until it is fixed",
    ),
    (
        "doc-unwritten",
        "{document} kon niet geschreven worden ({file}): {error}",
        "{document} could not be written ({file}): {error}",
    ),
    (
        "doc-unwritten-hint",
        "de andere documenten zijn wel geschreven; kijk of er een map of bestand met die naam in de weg staat",
        "the other documents were written; check whether a folder or file of that name is in the way",
    ),
    (
        "no-index-hint",
        "maak het dossier aan met `popdoc new \"Voornaam Achternaam\"`, of begin de mapnaam met `_` om ze over te slaan",
        "create the dossier with `popdoc new \"First Last\"`, or start the folder name with `_` to skip it",
    ),
    (
        "bad-slug",
        "de map `{dir}` heeft geen geldige naam voor een dossier: enkel kleine letters, cijfers en `-`",
        "the folder `{dir}` has no valid dossier name: only lower-case letters, digits and `-`",
    ),
    (
        "bad-slug-hint",
        "hernoem de map, bv. naar `{suggestion}` (zoals `popdoc new` ze maakt); tot dan wordt dit dossier niet gebouwd",
        "rename the folder, e.g. to `{suggestion}` (as `popdoc new` makes them); until then this dossier is not built",
    ),
    (
        "dossier-link",
        "deze map in `content/` is een koppeling (symlink); popdoc volgt geen koppelingen",
        "this entry of `content/` is a link (symlink); popdoc does not follow links",
    ),
    (
        "dossier-link-hint",
        "zet het dossier zelf in `content/` (verplaats de map in plaats van ernaar te verwijzen)",
        "put the dossier itself in `content/` (move the folder instead of linking to it)",
    ),
    (
        "not-a-file",
        "`{name}` is geen gewoon bestand (een map, een koppeling of een pijp) en wordt niet gelezen",
        "`{name}` is no regular file (a folder, a link or a pipe) and is not read",
    ),
    (
        "not-a-file-hint",
        "vervang het door een gewoon tekstbestand met die naam",
        "replace it by a regular text file of that name",
    ),
    (
        "bad-pop-name",
        "`{name}` is geen geldige naam voor een POP-bestand",
        "`{name}` is not a valid name for a POP file",
    ),
    (
        "bad-pop-name-hint",
        "een dossier bevat enkel `index.md`, `pop-1.md` en `pop-2.md`; hernoem het bestand of begin de naam met `_`",
        "a dossier holds only `index.md`, `pop-1.md` and `pop-2.md`; rename the file or start its name with `_`",
    ),
    (
        "no-ruleset",
        "geen regelset geldt voor een cheque besteld op {date}",
        "no rule set covers a cheque ordered on {date}",
    ),
    (
        "no-ruleset-hint",
        "loopbaancheques bestaan sinds 1 juli 2013; controleer `besteld_op` of voeg een regelset toe in `rules/`",
        "career cheques exist since 1 July 2013; check `besteld_op` or add a rule set in `rules/`",
    ),
    (
        "no-ruleset-after-2026",
        "geen regelset voor een loopbaancheque besteld op {date}: de overgangsregeling loopt tot en met 31 december 2026, daarna is het loopbaankrediet gepland",
        "no rule set for a loopbaancheque ordered on {date}: the transitional rules run until 31 December 2026, the loopbaankrediet is planned after that",
    ),
    (
        "no-ruleset-after-2026-hint",
        "controleer `besteld_op`; blijven er cheques na 2026 (het krediet uitgesteld?), voeg dan een regelset voor cheques toe in `rules/`",
        "check `besteld_op`; if cheques continue after 2026 (the krediet postponed?), add a rule set for cheques in `rules/`",
    ),
    (
        "no-ruleset-krediet",
        "geen regelset voor een loopbaankrediet besteld op {date}: het loopbaankrediet is gepland vanaf 1 januari 2027",
        "no rule set for a loopbaankrediet ordered on {date}: the loopbaankrediet is planned from 1 January 2027",
    ),
    (
        "no-ruleset-krediet-hint",
        "controleer `besteld_op`, of voeg een regelset voor het krediet toe in `rules/` (met `pakket = \"loopbaankrediet\"`)",
        "check `besteld_op`, or add a rule set for the krediet in `rules/` (with `pakket = \"loopbaankrediet\"`)",
    ),
    (
        "no-ruleset-other-kind",
        "{first}; of is het een {kind}? Zet dan `pakket = \"{kind}\"` bij het pakket (regelset `{ruleset}`)",
        "{first}; or is it a {kind}? Then write `pakket = \"{kind}\"` on the package (rule set `{ruleset}`)",
    ),
    (
        "ruleset-pinned-twice",
        "`{id}` is al de tweede vastgepinde regelset voor een {kind}",
        "`{id}` is a second pinned rule set for a {kind}",
    ),
    (
        "ruleset-pinned-twice-hint",
        "pin hoogstens één regelset per soort pakket: `rule_set = [\"vdab-2025t\", \"loopbaankrediet-2027\"]`",
        "pin at most one rule set per kind of package: `rule_set = [\"vdab-2025t\", \"loopbaankrediet-2027\"]`",
    ),
    ("pkg-krediet", "het loopbaankrediet", "the loopbaankrediet"),
    (
        "ruleset-pinned-outside",
        "cheque besteld op {date} valt buiten de vastgepinde regelset `{ruleset}` ({period})",
        "cheque ordered on {date} is outside the pinned rule set `{ruleset}` ({period})",
    ),
    (
        "ruleset-pinned-outside-hint",
        "een regelset geldt enkel voor cheques besteld in haar periode; verwijder `rule_set` uit popdoc.toml of controleer `besteld_op`",
        "a rule set only applies to cheques ordered in its period; remove `rule_set` from popdoc.toml or check `besteld_op`",
    ),
    (
        "ruleset-uncertain",
        "{count} pakketten vallen onder `{ruleset}`, waarvan deze waarden nergens gepubliceerd zijn: {values}; zulke pakketten zijn ‘onzeker’, nooit ‘in orde’, en een regel die op zo'n waarde steunt, geeft een waarschuwing, geen fout",
        "{count} packages fall under `{ruleset}`, whose values are published nowhere: {values}; such packages are ‘uncertain’, never ‘in order’, and a rule resting on such a value warns, it is no error",
    ),
    (
        "ruleset-uncertain-1",
        "{count} pakket valt onder `{ruleset}`, waarvan deze waarden nergens gepubliceerd zijn: {values}; zo'n pakket is ‘onzeker’, nooit ‘in orde’, en een regel die op zo'n waarde steunt, geeft een waarschuwing, geen fout",
        "{count} package falls under `{ruleset}`, whose values are published nowhere: {values}; such a package is ‘uncertain’, never ‘in order’, and a rule resting on such a value warns, it is no error",
    ),
    (
        "ruleset-uncertain-hint",
        "ken je de officiële waarden, zet dan een bestand `rules/{ruleset}.toml` met `id = \"{ruleset}\"` en alle sleutels van de regelset (`popdoc rules --sets` toont ze): dat vervangt de ingebouwde regelset; vastpinnen met `rule_set` doet dat niet",
        "if you know the official values, write `rules/{ruleset}.toml` with `id = \"{ruleset}\"` and every key of the set (`popdoc rules --sets` shows them): it replaces the built-in set; pinning with `rule_set` does not",
    ),
    (
        "onzeker-vanaf-hint",
        "`onzeker_vanaf` bestaat niet meer: markeer onzekere waarden met `onzeker = [\"pakket_minuten\", \"min_individueel_minuten\"]`, en geef de regelset een einddatum met `besteld_tot`",
        "`onzeker_vanaf` no longer exists: mark uncertain values with `onzeker = [\"pakket_minuten\", \"min_individueel_minuten\"]`, and end the set with `besteld_tot`",
    ),
    (
        "ruleset-replaces",
        "regelset `{site}` van de site vervangt de ingebouwde `{builtin}` ({period})",
        "the site's rule set `{site}` replaces the built-in `{builtin}` ({period})",
    ),
    (
        "ruleset-hides",
        "regelset `{site}` van de site gaat voor op de ingebouwde `{builtin}` ({period}) waar hun besteldatums overlappen",
        "the site's rule set `{site}` takes precedence over the built-in `{builtin}` ({period}) where their order dates overlap",
    ),
    (
        "ruleset-replaces-hint",
        "niets te doen als dat de bedoeling is; `popdoc rules --sets` toont welke regelset voor welke datums geldt",
        "nothing to do if this is intended; `popdoc rules --sets` shows which rule set covers which dates",
    ),
    (
        "too-deep",
        "lijsten of citaten dieper dan {blocks} niveaus, of nadruk dieper dan {inline} niveaus: het diepere deel wordt vlak getoond",
        "lists or quotes nested deeper than {blocks} levels, or emphasis deeper than {inline} levels: the deeper part is shown flattened",
    ),
    (
        "too-deep-hint",
        "maak de structuur minder diep; de tekst zelf blijft behouden, in PDF en HTML",
        "make the structure shallower; the text itself is kept, in PDF and HTML",
    ),
    (
        "too-large",
        "het bestand is {size} MB; popdoc leest bestanden tot {max} MB",
        "the file is {size} MB; popdoc reads files up to {max} MB",
    ),
    (
        "too-large-hint",
        "een dossierbestand is tekst; splits het of verwijder ingeplakte gegevens",
        "a dossier file is text; split it or remove pasted data",
    ),
    (
        "unprintable",
        "{document}: geen lettertype kan {chars} tonen; in de PDF staat er een ?",
        "{document}: no font can show {chars}; the PDF shows a ? instead",
    ),
    (
        "unprintable-hint",
        "een PDF/A mag geen ontbrekende tekens bevatten; schrijf het in woorden of laat het weg (de webpagina toont het wel)",
        "a PDF/A may hold no missing characters; write it in words or leave it out (the web page shows it)",
    ),
    (
        "doc-failed",
        "{document} kon niet gemaakt worden: Typst: {message} ({place})",
        "{document} could not be made: Typst: {message} ({place})",
    ),
    (
        "doc-failed-hint",
        "de andere documenten zijn wel gemaakt; vereenvoudig de opmaak van deze tekst (zeer grote tabellen of lijsten)",
        "the other documents were made; simplify the layout of this text (very large tables or lists)",
    ),
    (
        "doc-failed-template-hint",
        "de andere documenten zijn wel gemaakt; herstel het sjabloon op de genoemde plaats",
        "the other documents were made; fix the template at the place named",
    ),
    (
        "ruleset-overlap",
        "regelsets `{a}` en `{b}` gelden voor overlappende bestelperiodes",
        "rule sets `{a}` and `{b}` cover overlapping order periods",
    ),
    (
        "ruleset-overlap-hint",
        "pas `van`/`tot` aan zodat elke besteldatum onder één regelset valt",
        "adjust `van`/`tot` so that each order date falls under one rule set",
    ),
    (
        "bad-packages",
        "`pakket_minuten` = {value}: elke cheque heeft een pakket van 1 tot 10000 minuten",
        "`pakket_minuten` = {value}: each cheque has a package of 1 to 10000 minutes",
    ),
    (
        "bad-packages-hint",
        "schrijf één pakket per chequenummer, bv. `pakket_minuten = [240, 180]`",
        "write one package per cheque number, e.g. `pakket_minuten = [240, 180]`",
    ),
    (
        "bad-period",
        "`besteld_tot` ({to}) ligt vóór `besteld_vanaf` ({from})",
        "`besteld_tot` ({to}) is before `besteld_vanaf` ({from})",
    ),
    (
        "bad-period-hint",
        "een regelset geldt voor cheques besteld van `besteld_vanaf` tot en met `besteld_tot`",
        "a rule set covers cheques ordered from `besteld_vanaf` up to and including `besteld_tot`",
    ),
    (
        "theme-hint",
        "kies een ingebouwd thema ({builtin}) of maak de map `themes/<naam>/`",
        "choose a built-in theme ({builtin}) or create the folder `themes/<name>/`",
    ),
    (
        "ruleset-unknown",
        "regelset `{id}` bestaat niet",
        "rule set `{id}` does not exist",
    ),
    (
        "ruleset-unknown-hint",
        "bekende regelsets: {known}",
        "known rule sets: {known}",
    ),
    (
        "config-bad-dir",
        "`{key}` mag niet `{value}` zijn",
        "`{key}` must not be `{value}`",
    ),
    (
        "config-dir-sources",
        "`{key}` overlapt met `{dir}/`, dat bronnen van de site bevat",
        "`{key}` overlaps `{dir}/`, which holds the site's sources",
    ),
    (
        "config-dirs-overlap",
        "`output_dir` (`{output}`) en `client_dir` (`{client}`) overlappen: de ene map mag de andere niet bevatten",
        "`output_dir` (`{output}`) and `client_dir` (`{client}`) overlap: neither folder may hold the other",
    ),
    (
        "config-bad-dir-hint",
        "kies een eigen map binnen de site, bv. `output_dir = \"public\"` en `client_dir = \"klant\"`",
        "choose a folder of its own inside the site, e.g. `output_dir = \"public\"` and `client_dir = \"klant\"`",
    ),
    (
        "ty-str",
        "een tekst tussen aanhalingstekens",
        "a quoted string",
    ),
    ("ty-int", "een geheel getal", "a whole number"),
    ("ty-bool", "true of false", "true or false"),
    ("ty-date", "een datum (jjjj-mm-dd)", "a date (yyyy-mm-dd)"),
    (
        "ty-date-only",
        "een datum zonder uur (jjjj-mm-dd)",
        "a date without a time (yyyy-mm-dd)",
    ),
    ("ty-list", "een lijst [ … ]", "a list [ … ]"),
    ("ty-table", "een tabel", "a table"),
    (
        "ty-tables",
        "een lijst van tabellen [[…]]",
        "a list of tables [[…]]",
    ),
    ("ty-str-list", "een lijst van teksten", "a list of strings"),
    (
        "ty-int-list",
        "een lijst van gehele getallen",
        "a list of whole numbers",
    ),
    (
        "ty-image",
        "een afbeelding in de map van het dossier",
        "an image in the dossier's folder",
    ),
    (
        "ty-logo",
        "een afbeelding in de map van de site (niet in een uitvoermap)",
        "an image in the site's folder (not in an output folder)",
    ),
    (
        "sig-outside",
        "een pad buiten de map van het dossier",
        "a path outside the dossier's folder",
    ),
    (
        "sig-missing",
        "een bestand dat niet bestaat",
        "a file that does not exist",
    ),
    (
        "sig-too-large",
        "een bestand groter dan 5 MB",
        "a file larger than 5 MB",
    ),
    (
        "image-too-many-pixels",
        "`{key}` is een afbeelding van {width} x {height} pixels ({megapixels} megapixel); popdoc neemt er hoogstens {max} megapixel op",
        "`{key}` is an image of {width} x {height} pixels ({megapixels} megapixels); popdoc embeds at most {max} megapixels",
    ),
    (
        "image-too-big-hint",
        "verklein of snij bij: een handtekening of logo heeft genoeg aan 1000 tot 2000 pixels breed (een foto van de gsm of een scan op 300 dpi volstaat ruim)",
        "scale it down or crop it: a signature or logo needs no more than 1000 to 2000 pixels across (a phone photo or a 300 dpi scan is plenty)",
    ),
    (
        "sig-not-image",
        "een bestand dat geen PNG- of JPEG-afbeelding is",
        "a file that is no PNG or JPEG image",
    ),
    (
        "too-big-to-print",
        "deze POP zou ongeveer {mb} MB geheugen vragen om te maken, meer dan de {max} MB die popdoc een document geeft; het grootste blok begint hier",
        "this POP would need about {mb} MB of memory to print, more than the {max} MB popdoc gives a document; its largest block starts here",
    ),
    (
        "too-big-to-print-hint",
        "een POP is een synthese: vat grote tabellen of lijsten samen, of zet ze in een bijlage buiten de POP",
        "a POP is a synthesis: summarise large tables or lists, or keep them in an appendix outside the POP",
    ),
    (
        "logo-hint",
        "zet een PNG- of JPEG-afbeelding van het logo in de map van de site (naast popdoc.toml) en schrijf `logo = \"logo.png\"` onder `[centrum]`; tot dan worden de documenten zonder logo gemaakt",
        "put a PNG or JPEG image of the logo in the site's folder (next to popdoc.toml) and write `logo = \"logo.png\"` under `[centrum]`; until then the documents are made without it",
    ),
    (
        "signature-hint",
        "zet een PNG- of JPEG-afbeelding van de handtekening in de map van het dossier en schrijf `handtekening = \"handtekening.png\"`",
        "put a PNG or JPEG image of the signature in the dossier's folder and write `handtekening = \"handtekening.png\"`",
    ),
    (
        "ty-year",
        "een academiejaar als \"2025-2026\"",
        "an academic year like \"2025-2026\"",
    ),
    ("ty-time", "een uur als \"14:00\"", "a time like \"14:00\""),
    (
        "ty-other",
        "een ander soort waarde",
        "another kind of value",
    ),
    // --- POP ----------------------------------------------------------------
    (
        "r01",
        "{pakket} heeft aangerekende gesprekken maar geen `pop-{n}.md`",
        "{pakket} has charged conversations but no `pop-{n}.md`",
    ),
    (
        "r01-hint",
        "elke loopbaancheque moet een POP opleveren; maak `pop-{n}.md` aan in deze map",
        "every career cheque must result in a POP; create `pop-{n}.md` in this folder",
    ),
    (
        "r02-file",
        "`{file}` hoort bij {pakket}, maar `cheque` zegt {value}",
        "`{file}` belongs to {pakket}, but `cheque` says {value}",
    ),
    (
        "r02-nocheque",
        "er is een POP voor {pakket}, maar geen `[[cheques]]` met `nummer = {n}` in index.md",
        "there is a POP for {pakket}, but no `[[cheques]]` with `nummer = {n}` in index.md",
    ),
    (
        "r02-hint",
        "het getal in de bestandsnaam, `cheque` en het chequenummer in index.md moeten overeenkomen",
        "the number in the file name, `cheque` and the cheque number in index.md must agree",
    ),
    (
        "r03",
        "de POP heeft geen finalisatiedatum (`gefinaliseerd_op`)",
        "the POP has no finalisation date (`gefinaliseerd_op`)",
    ),
    (
        "r03-hint",
        "voeg `gefinaliseerd_op = jjjj-mm-dd` toe; VDAB vraagt de datum van finalisatie",
        "add `gefinaliseerd_op = yyyy-mm-dd`; VDAB requires the date of finalisation",
    ),
    (
        "r04",
        "de {field} van de klant is leeg",
        "the client's {field} is empty",
    ),
    (
        "r04-hint",
        "de naam van de klant staat verplicht op de POP",
        "the client's name is required on the POP",
    ),
    (
        "r05",
        "de POP is niet ondertekend door de klant",
        "the POP is not signed by the client",
    ),
    (
        "r05-hint",
        "een handtekening is niet verplicht maar wel aangeraden; schrijf `ondertekend_op = jjjj-mm-dd` zodra de klant tekende, of `zonder_handtekening = \"reden\"` als de klant niet tekent",
        "a signature is not required but preferred; write `ondertekend_op = yyyy-mm-dd` once the client signed, or `zonder_handtekening = \"reason\"` when the client will not sign",
    ),
    (
        "r06",
        "het onderdeel ‘Loopbaanvraag’ ontbreekt of is leeg",
        "the section ‘Loopbaanvraag’ (career question) is missing or empty",
    ),
    (
        "r07",
        "het onderdeel ‘Reflecties en inzichten’ ontbreekt of is leeg",
        "the section ‘Reflecties en inzichten’ (reflections and insights) is missing or empty",
    ),
    (
        "r08",
        "het onderdeel ‘Keuzes, beslissingen en acties’ ontbreekt of is leeg",
        "the section ‘Keuzes, beslissingen en acties’ (choices, decisions and actions) is missing or empty",
    ),
    (
        "r06-hint",
        "voeg een kop `## {section}` toe met tekst eronder (VDAB-minimumelement)",
        "add a heading `## {section}` with text under it (a VDAB minimum element)",
    ),
    (
        "r06-empty-hint",
        "schrijf tekst onder ‘{section}’: een tussenkop, een HTML-commentaar of een plaatshouder (…, TODO, nog in te vullen, n.v.t.) telt niet als inhoud",
        "write text under ‘{section}’: a sub-heading, an HTML comment or a placeholder (…, TODO, nog in te vullen, n.v.t.) does not count as content",
    ),
    (
        "r06-kept-hint",
        "de klant houdt de POP zelf: vink het element aan in `aanwezig` als het in de POP staat",
        "the client keeps the POP: tick the element in `aanwezig` when the POP contains it",
    ),
    (
        "r06-kept",
        "`aanwezig` vermeldt `{element}` niet: het minimumelement ‘{section}’ is niet bevestigd",
        "`aanwezig` does not list `{element}`: the minimum element ‘{section}’ is not confirmed",
    ),
    (
        "r09",
        "een actiegerichte POP zonder actieplan",
        "an action-oriented POP without an action plan",
    ),
    (
        "r09-hint",
        "voeg een onderdeel `## Actieplan` toe met minstens één actie (wat, tegen wanneer), of zet `soort = \"reflexief\"`",
        "add a section `## Actieplan` with at least one action (what, by when), or set `soort = \"reflexief\"`",
    ),
    (
        "r10",
        "‘Reflecties en inzichten’ is vooral een opsomming ({words} woorden lopende tekst)",
        "‘Reflecties en inzichten’ is mostly a list ({words} words of prose)",
    ),
    (
        "r10-hint",
        "een POP is een synthese: beschrijf wat de oefeningen en testen opleverden, niet enkel hun namen",
        "a POP is a synthesis: describe what the exercises and tests revealed, not only their names",
    ),
    (
        "r12",
        "de POP toont geen evolutie: geen onderdeel ‘Evolutie’ met minstens één gedateerd item",
        "the POP shows no evolution: no section ‘Evolutie’ with at least one dated entry",
    ),
    (
        "r12-hint",
        "de POP is een groeidocument; voeg `## Evolutie` toe met gedateerde stappen, bv. `- 2025-02-10: …`",
        "the POP is a growth document; add `## Evolutie` with dated steps, e.g. `- 2025-02-10: …`",
    ),
    (
        "r14-before",
        "gefinaliseerd op {date}, vóór het eerste aangerekende gesprek van {pakket} ({first})",
        "finalised on {date}, before the first charged conversation of {pakket} ({first})",
    ),
    (
        "r14-after",
        "gefinaliseerd op {date}, meer dan 30 dagen na de synthese van {pakket} ({synthese})",
        "finalised on {date}, more than 30 days after the synthese of {pakket} ({synthese})",
    ),
    (
        "r14-hint",
        "de POP wordt gefinaliseerd in het synthesegesprek; controleer de datum",
        "the POP is finalised in the synthese conversation; check the date",
    ),
    // --- trajectory and hours -------------------------------------------
    (
        "r15",
        "een kennismakingsgesprek wordt niet aangerekend, maar heeft `cheque = {n}`",
        "a kennismaking is not charged, but has `cheque = {n}`",
    ),
    (
        "r15-hint",
        "verwijder `cheque` bij de kennismaking: ze is gratis en telt niet mee",
        "remove `cheque` from the kennismaking: it is free and not counted",
    ),
    (
        "r16",
        "{pakket}: {minutes} minuten aangerekend, meer dan het pakket van {max} minuten ({ruleset}){uncertain}",
        "{pakket}: {minutes} minutes charged, more than the package of {max} minutes ({ruleset}){uncertain}",
    ),
    (
        "r16-hint",
        "verminder de aangerekende minuten of reken gesprekken aan op de volgende cheque",
        "reduce the charged minutes or charge conversations to the next cheque",
    ),
    (
        "r17",
        "{pakket}: {minutes} van {max} minuten aangerekend; de cheque is niet volledig gebruikt",
        "{pakket}: {minutes} of {max} minutes charged; the cheque is not fully used",
    ),
    (
        "r17-hint",
        "controleer of alle gesprekken ingevoerd zijn",
        "check that every conversation is recorded",
    ),
    (
        "r17-expired",
        "{pakket} is verlopen zonder gebruik (geldig tot {end})",
        "{pakket} expired unused (valid until {end})",
    ),
    (
        "r18-unreachable",
        "{pakket}: {individual} minuten individuele begeleiding, en met de {left} minuten die in het pakket overblijven haalt het de {min} niet meer",
        "{pakket}: {individual} minutes of individual guidance, and with the {left} minutes left in the package it can no longer reach {min}",
    ),
    (
        "r18",
        "{pakket}: {minutes} minuten individuele begeleiding, minder dan {min}: er ontbreken {short} minuten individueel{uncertain}",
        "{pakket}: {minutes} minutes of individual guidance, less than {min}: {short} individual minutes are missing{uncertain}",
    ),
    (
        "r18-hint",
        "loopbaanbegeleiding is hoofdzakelijk individueel ({ruleset})",
        "career guidance is mainly individual ({ruleset})",
    ),
    (
        "r19",
        "{pakket}: {minutes} minuten groepsbegeleiding, meer dan {max}",
        "{pakket}: {minutes} minutes of group guidance, more than {max}",
    ),
    (
        "r19-hint",
        "onder {ruleset} mag per cheque hoogstens {max} minuten in groep",
        "under {ruleset} at most {max} minutes per cheque may be in a group",
    ),
    (
        "r20-number",
        "chequenummer {n} is ongeldig: enkel 1 en 2 bestaan",
        "cheque number {n} is invalid: only 1 and 2 exist",
    ),
    (
        "r20-set",
        "{pakket} bestaat niet onder `{ruleset}`: die regelset kent {count} cheques",
        "{pakket} does not exist under `{ruleset}`: that rule set has {count} cheques",
    ),
    (
        "r20-single",
        "{pakket} bestaat niet onder `{ruleset}`: de overgangsregeling kent maar één loopbaancheque",
        "{pakket} does not exist under `{ruleset}`: the transitional rules have a single loopbaancheque",
    ),
    (
        "r20-single-hint",
        "een cheque besteld vanaf 1 november 2025 is de enige cheque van de klant; noteer hem als `nummer = 1`, of controleer `besteld_op`",
        "a cheque ordered from 1 November 2025 is the client's only cheque; record it as `nummer = 1`, or check `besteld_op`",
    ),
    (
        "r20-twice",
        "{pakket} komt twee keer voor",
        "{pakket} appears twice",
    ),
    (
        "r20-no-first",
        "cheque 2 zonder cheque 1",
        "cheque 2 without cheque 1",
    ),
    (
        "r20-hint",
        "een traject bestaat uit cheque 1 en eventueel cheque 2",
        "a trajectory consists of cheque 1 and optionally cheque 2",
    ),
    (
        "r21",
        "een gesprek van cheque 2 ({date}) ligt vóór het laatste gesprek van cheque 1 ({last})",
        "a conversation of cheque 2 ({date}) is before the last conversation of cheque 1 ({last})",
    ),
    (
        "r21-hint",
        "cheque 2 kan pas besteld worden als cheque 1 opgebruikt is; controleer `cheque` en `datum`",
        "cheque 2 can only be ordered once cheque 1 is used; check `cheque` and `datum`",
    ),
    (
        "r23",
        "{pakket} was geldig tot {end}, maar het eerste aangerekende gesprek is op {date}",
        "{pakket} was valid until {end}, but the first charged conversation is on {date}",
    ),
    (
        "r23-default",
        "{pakket} was geldig tot {end} (3 maanden na de bestelling), maar het eerste aangerekende gesprek is op {date}",
        "{pakket} was valid until {end} (3 months after ordering), but the first charged conversation is on {date}",
    ),
    (
        "r23-hint",
        "de begeleiding moet starten binnen de geldigheid van de cheque; controleer de datums, of noteer de datum op de cheque als `geldig_tot`",
        "the guidance must start while the cheque is valid; check the dates, or record the date on the cheque as `geldig_tot`",
    ),
    (
        "r24-none",
        "er is geen intakegesprek",
        "there is no intake conversation",
    ),
    (
        "r24-none-hint",
        "voeg een `[[gesprekken]]` toe met `soort = \"intake\"`",
        "add a `[[gesprekken]]` with `soort = \"intake\"`",
    ),
    (
        "r24-before",
        "een aangerekend gesprek ({date}) ligt vóór de intake ({intake})",
        "a charged conversation ({date}) is before the intake ({intake})",
    ),
    (
        "r24-before-hint",
        "het traject begint met de intake; controleer de datums",
        "the trajectory starts with the intake; check the dates",
    ),
    (
        "r24-agreement",
        "de datum van ondertekening van de overeenkomst ontbreekt",
        "the date the agreement was signed is missing",
    ),
    (
        "r24-agreement-hint",
        "voeg `overeenkomst_ondertekend_op = jjjj-mm-dd` toe onder `[intake]`",
        "add `overeenkomst_ondertekend_op = yyyy-mm-dd` under `[intake]`",
    ),
    (
        "r25",
        "intake: niet toegelicht: {missing}",
        "intake: not explained: {missing}",
    ),
    (
        "r25-hint",
        "de intake licht tien onderwerpen toe; voeg ze toe aan `toegelicht` zodra ze besproken zijn",
        "the intake explains ten topics; add them to `toegelicht` once discussed",
    ),
    (
        "r26-initiative",
        "de klant startte niet op eigen initiatief (`eigen_initiatief = false`)",
        "the client did not start on their own initiative (`eigen_initiatief = false`)",
    ),
    (
        "r26-other",
        "de begeleiding maakt deel uit van een andere begeleiding (`deel_van_andere_begeleiding = true`)",
        "the guidance is part of another guidance (`deel_van_andere_begeleiding = true`)",
    ),
    (
        "r26-hint",
        "loopbaanbegeleiding met cheques start op eigen initiatief en is geen onderdeel van outplacement of andere coaching",
        "career guidance with cheques starts on the client's own initiative and is no part of outplacement or other coaching",
    ),
    (
        "r27-none",
        "{pakket} heeft aangerekende gesprekken maar geen synthesegesprek",
        "{pakket} has charged conversations but no synthese",
    ),
    (
        "r27-after",
        "de synthese van {pakket} ({date}) ligt na de finalisatie van de POP ({pop})",
        "the synthese of {pakket} ({date}) is after the POP was finalised ({pop})",
    ),
    (
        "r27-hint",
        "de POP wordt opgemaakt in het synthesegesprek",
        "the POP is drawn up in the synthese conversation",
    ),
    (
        "r28",
        "nazorg op {date} is meer dan een jaar na de synthese van {pakket} ({synthese})",
        "nazorg on {date} is more than a year after the synthese of {pakket} ({synthese})",
    ),
    (
        "r28-before",
        "nazorg op {date} ligt vóór de synthese van {pakket} ({synthese})",
        "nazorg on {date} is before the synthese of {pakket} ({synthese})",
    ),
    (
        "r28-no-synthese",
        "nazorg op {date} volgt {pakket} op, maar die heeft geen synthesegesprek",
        "nazorg on {date} follows up {pakket}, but it has no synthese",
    ),
    (
        "r28-none",
        "nazorg op {date} volgt geen synthesegesprek op",
        "nazorg on {date} follows no synthese",
    ),
    (
        "r28-hint",
        "nazorg kan tot een jaar na het synthesegesprek",
        "nazorg is possible up to one year after the synthese",
    ),
    (
        "r29",
        "nazorg bij {pakket}: {minutes} minuten, meer dan {max}",
        "nazorg for {pakket}: {minutes} minutes, more than {max}",
    ),
    (
        "r29-hint",
        "nazorg is beperkt tot 30 minuten per pakket",
        "nazorg is limited to 30 minutes per package",
    ),
    (
        "r31-none",
        "{pakket}: de klant werd niet uitgenodigd voor de evaluatie",
        "{pakket}: the client was not invited to the evaluation",
    ),
    (
        "r31-before",
        "{pakket}: de uitnodiging voor de evaluatie ({date}) ligt vóór het laatste aangerekende gesprek ({last})",
        "{pakket}: the evaluation invitation ({date}) is before the last charged conversation ({last})",
    ),
    (
        "r31-hint",
        "nodig de klant na het pakket uit voor de (anonieme) evaluatie: `[[evaluaties]]` met `cheque = {n}` en `uitgenodigd_op = …`",
        "invite the client to the (anonymous) evaluation after the package: `[[evaluaties]]` with `cheque = {n}` and `uitgenodigd_op = …`",
    ),
    (
        "r49",
        "de {soort} van {date} ligt na vandaag, maar is niet gepland: de minuten tellen mee alsof het gesprek plaatsvond",
        "the {soort} of {date} is after today but not planned: its minutes count as if it took place",
    ),
    (
        "r49-hint",
        "moet het gesprek nog komen? zet `gepland = true` (en eventueel `tijd = \"14:00\"`); anders: verbeter de datum",
        "is it still to come? set `gepland = true` (and `tijd = \"14:00\"` if you like); otherwise correct the date",
    ),
    (
        "r50",
        "de {soort} was gepland op {date}: heeft dit gesprek plaatsgevonden?",
        "the {soort} was planned for {date}: did this conversation take place?",
    ),
    (
        "r50-hint",
        "zo ja: haal `gepland = true` weg (dan telt het mee; pas datum en minuten aan als dat nodig is); zo nee: verplaats de datum of schrap het gesprek",
        "if so, remove `gepland = true` (it then counts; correct date and minutes if needed); if not, move the date or delete the conversation",
    ),
    (
        "r51-date-unsigned",
        "`ondertekend = false`, maar er is een datum van ondertekening ({date})",
        "`ondertekend = false`, but there is a signature date ({date})",
    ),
    (
        "r51-date-unsigned-hint",
        "tekende de klant? haal `ondertekend = false` weg (een datum zegt al dat de POP ondertekend is); anders: haal `ondertekend_op` weg",
        "did the client sign? remove `ondertekend = false` (a date already says the POP is signed); otherwise remove `ondertekend_op`",
    ),
    (
        "r51-signed-and-not",
        "de POP is ondertekend, en toch staat er `zonder_handtekening`",
        "the POP is signed, yet it says `zonder_handtekening`",
    ),
    (
        "r51-signed-and-not-hint",
        "houd één van beide: `ondertekend = true` / `ondertekend_op` als de klant tekende, `zonder_handtekening = \"reden\"` als de klant niet tekent",
        "keep one of them: `ondertekend = true` / `ondertekend_op` if the client signed, `zonder_handtekening = \"reason\"` if the client will not",
    ),
    (
        "r51-no-reason",
        "`zonder_handtekening` heeft geen reden",
        "`zonder_handtekening` gives no reason",
    ),
    (
        "r51-no-reason-hint",
        "schrijf kort waarom de klant niet tekent (\"klant houdt de POP voor zich\"); die reden blijft op jouw pagina's, de documenten zeggen enkel \"niet ondertekend door de klant\"",
        "say briefly why the client does not sign; the reason stays on your pages, the documents only say \"niet ondertekend door de klant\"",
    ),
    (
        "r52-before",
        "de POP is ondertekend op {date}, vóór de finalisatie ({pop})",
        "the POP was signed on {date}, before its finalisation ({pop})",
    ),
    (
        "r52-future",
        "de POP is ondertekend op {date}, na vandaag ({today})",
        "the POP was signed on {date}, after today ({today})",
    ),
    (
        "r52-hint",
        "de klant tekent de gefinaliseerde POP: verbeter `ondertekend_op` of `gefinaliseerd_op`",
        "the client signs the finalised POP: correct `ondertekend_op` or `gefinaliseerd_op`",
    ),
    (
        "r53",
        "`cheque = 0` (niet aangerekend) kan niet bij een {soort} ({date})",
        "`cheque = 0` (not charged) is not possible on a {soort} ({date})",
    ),
    (
        "r53-hint",
        "een intake en een synthese horen bij een pakket: zet het nummer van de cheque; een gratis gesprek is een kennismaking of een verdieping met `cheque = 0`",
        "an intake and a synthese belong to a package: give the cheque's number; a free session is a kennismaking or a verdieping with `cheque = 0`",
    ),
    (
        "r53-nazorg-hint",
        "nazorg volgt een pakket op en is nooit aangerekend: laat `cheque` weg (dan volgt ze de laatste synthese) of zet het nummer van het pakket",
        "nazorg follows a package up and is never charged: leave `cheque` out (it then follows the latest synthese) or give the package's number",
    ),
    (
        "r54-both",
        "`[evaluatie]` en `[[evaluaties]]` staan allebei in het dossier",
        "the dossier has both `[evaluatie]` and `[[evaluaties]]`",
    ),
    (
        "r54-both-hint",
        "zet de uitnodiging van `[evaluatie]` als een `[[evaluaties]]` (met `uitgenodigd_op` en eventueel `cheque`) en haal `[evaluatie]` weg",
        "write the invitation of `[evaluatie]` as an `[[evaluaties]]` entry (with `uitgenodigd_op` and `cheque` if you like) and remove `[evaluatie]`",
    ),
    (
        "r54-cheque",
        "deze uitnodiging is voor {pakket}, maar er is geen `[[cheques]]` met `nummer = {n}`",
        "this invitation is for {pakket}, but there is no `[[cheques]]` with `nummer = {n}`",
    ),
    (
        "r54-cheque-hint",
        "verbeter het nummer, of laat `cheque` weg: dan telt de uitnodiging voor elk pakket",
        "correct the number, or leave `cheque` out: the invitation then counts for every package",
    ),
    (
        "r57",
        "er is geen loopbaanbegeleider ingevuld: de POP, de Checklist POP en het attest noemen wie begeleidde",
        "no coach is filled in: the POP, the Checklist POP and the attest name who coached",
    ),
    (
        "r57-hint",
        "zet de naam onder `[begeleider]`: `naam = \"Voornaam Achternaam\"`",
        "put the name under `[begeleider]`: `naam = \"First Last\"`",
    ),
    (
        "r57-known-hint",
        "zet de naam onder `[begeleider]`, bv. een van {known}",
        "put the name under `[begeleider]`, e.g. one of {known}",
    ),
    (
        "r58",
        "het ondernemingsnummer `{number}` {why}",
        "the enterprise number `{number}` {why}",
    ),
    (
        "r58-form",
        "heeft niet de vorm van een KBO-nummer (tien cijfers, bv. 0812.763.592)",
        "is not in the form of a KBO number (ten digits, e.g. 0812.763.592)",
    ),
    (
        "r58-first",
        "begint niet met 0 of 1",
        "does not start with 0 or 1",
    ),
    (
        "r58-check",
        "klopt niet: de laatste twee cijfers zijn geen controle op de eerste acht (een tikfout?)",
        "does not check out: its last two digits do not match the first eight (a typo?)",
    ),
    (
        "r58-hint",
        "neem het nummer over van de KBO (kbopub.economie.fgov.be) onder `[centrum]` in popdoc.toml; tot dan wachten de attesten, de rest wordt gemaakt",
        "copy the number from the KBO (kbopub.economie.fgov.be) under `[centrum]` in popdoc.toml; until then the attests wait, the rest is made",
    ),
    (
        "r59",
        "{what} van het centrum is nog het voorbeeld van `popdoc init`",
        "the centre's {what} is still the example of `popdoc init`",
    ),
    (
        "r59-plural",
        "{what} van het centrum zijn nog het voorbeeld van `popdoc init`",
        "the centre's {what} are still the example of `popdoc init`",
    ),
    ("r59-name", "de naam", "name"),
    ("r59-number", "het ondernemingsnummer", "enterprise number"),
    (
        "r59-both",
        "de naam en het ondernemingsnummer",
        "name and enterprise number",
    ),
    (
        "r59-hint",
        "zet de naam, het ondernemingsnummer en het adres van je centrum onder `[centrum]` in popdoc.toml: ze staan op elk attest",
        "put your centre's name, enterprise number and address under `[centrum]` in popdoc.toml: they are on every attest",
    ),
    (
        "r56-ordered",
        "{pakket} is afgesloten op {date}, vóór ze besteld werd ({besteld})",
        "{pakket} was closed on {date}, before it was ordered ({besteld})",
    ),
    (
        "r56-conversation",
        "{pakket} is afgesloten op {date}, vóór haar laatste aangerekende gesprek ({last})",
        "{pakket} was closed on {date}, before its last charged conversation ({last})",
    ),
    (
        "r56-hint",
        "`afgesloten_op` is de dag waarop de klant stopte: verbeter de datum (of het gesprek)",
        "`afgesloten_op` is the day the client stopped: correct the date (or the conversation)",
    ),
    (
        "r60",
        "{pakket} heeft aangerekende gesprekken maar geen `chequenummer`",
        "{pakket} has charged conversations but no `chequenummer`",
    ),
    (
        "r60-hint",
        "schrijf het nummer van de cheque onder `[[cheques]]`, bv. `chequenummer = \"LC-000123\"`: de registratie bij VDAB vraagt het vanaf het eerste gesprek",
        "write the cheque's number under `[[cheques]]`, e.g. `chequenummer = \"LC-000123\"`: the registration with VDAB asks for it from the first conversation",
    ),
    (
        "r55-free",
        "een gratis gesprek (`cheque = 0`) is als geregistreerd aangeduid ({date}): het wordt niet bij VDAB geregistreerd",
        "a free session (`cheque = 0`) is marked as registered ({date}): it is not registered with VDAB",
    ),
    (
        "r55-free-hint",
        "verwijder `geregistreerd_op`, of zet het gesprek op een cheque als het toch aangerekend werd",
        "remove `geregistreerd_op`, or put the conversation on a cheque if it was charged after all",
    ),
    (
        "r55-planned-hint",
        "verwijder een van de twee: `gepland` als het gesprek plaatsvond, `geregistreerd_op` als het nog moet komen",
        "remove one of the two: `gepland` if the conversation took place, `geregistreerd_op` if it is still to come",
    ),
    (
        "r28-planned",
        "de geplande nazorg op {date} valt meer dan een jaar na de synthese van {pakket} ({synthese}): nazorg kan tot {until}",
        "the planned nazorg on {date} is more than a year after the synthese of {pakket} ({synthese}): nazorg is possible until {until}",
    ),
    (
        "r28-planned-hint",
        "plan het gesprek vroeger, of vraag een nieuw pakket aan",
        "plan the conversation earlier, or order a new package",
    ),
    (
        "r29-planned",
        "de geplande nazorg bij {pakket} ({minutes} minuten) brengt de nazorg boven {max} minuten ({held} al gehouden)",
        "the planned nazorg for {pakket} ({minutes} minutes) takes the nazorg above {max} minutes ({held} held already)",
    ),
    (
        "r31-future",
        "de uitnodiging voor de evaluatie is gedateerd op {date}, na vandaag ({today})",
        "the evaluation invitation is dated {date}, after today ({today})",
    ),
    (
        "r31-future-hint",
        "schrijf `uitgenodigd_op` pas als de uitnodiging verstuurd is, met die dag",
        "write `uitgenodigd_op` once the invitation was sent, with that day",
    ),
    (
        "r55-planned",
        "een gepland gesprek ({gesprek}) is als geregistreerd aangeduid ({date})",
        "a planned conversation ({gesprek}) is marked as registered ({date})",
    ),
    (
        "r55-before",
        "geregistreerd op {date}, vóór het gesprek zelf ({gesprek})",
        "registered on {date}, before the conversation itself ({gesprek})",
    ),
    (
        "r55-future",
        "geregistreerd op {date}, na vandaag ({today})",
        "registered on {date}, after today ({today})",
    ),
    (
        "r55-hint",
        "`geregistreerd_op` is de dag waarop je het gesprek bij VDAB registreerde, na het gesprek: verbeter de datum",
        "`geregistreerd_op` is the day you registered the conversation with VDAB, after it took place: correct the date",
    ),
    (
        "r40",
        "dit gesprek is aangerekend op {pakket}, maar er is geen `[[cheques]]` met `nummer = {n}`",
        "this conversation is charged to {pakket}, but there is no `[[cheques]]` with `nummer = {n}`",
    ),
    (
        "r40-hint",
        "voeg de cheque toe of corrigeer `cheque`",
        "add the cheque or correct `cheque`",
    ),
    (
        "r43",
        "de klant gebruikte eerder een loopbaancheque, maar `{ruleset}` is enkel voor wie er nooit een gebruikte",
        "the client used a loopbaancheque before, but `{ruleset}` is only for clients who never used one",
    ),
    (
        "r43-hint",
        "sinds 1 november 2025 krijgt enkel wie nooit een loopbaancheque gebruikte nog één cheque; controleer `eerder_loopbaancheque` en `besteld_op`",
        "since 1 November 2025 only clients who never used a loopbaancheque get one cheque; check `eerder_loopbaancheque` and `besteld_op`",
    ),
    (
        "r44",
        "onder `{ruleset}` moet vaststaan dat de klant nooit eerder een loopbaancheque gebruikte",
        "under `{ruleset}` it must be recorded that the client never used a loopbaancheque before",
    ),
    (
        "r44-hint",
        "vraag het na bij de intake en noteer `eerder_loopbaancheque = false` onder `[klant]`",
        "ask at intake and record `eerder_loopbaancheque = false` under `[klant]`",
    ),
    (
        "r45",
        "{soort} op {date} heeft geen `cheque`: de minuten tellen bij geen enkele cheque mee",
        "{soort} on {date} has no `cheque`: its minutes count towards no cheque",
    ),
    (
        "r45-hint",
        "voeg `cheque = 1` (of 2) toe; een intake, verdieping of synthese wordt op een cheque aangerekend",
        "add `cheque = 1` (or 2); an intake, verdieping or synthese is charged to a cheque",
    ),
    (
        "uncertain-suffix",
        " (onzekere waarde: niet gepubliceerd)",
        " (uncertain value: not published)",
    ),
    ("empty", "", ""),
    (
        "r42",
        "het laatste gesprek ({date}) is ouder dan de bewaartermijn van {years} jaar",
        "the last conversation ({date}) is older than the retention period of {years} years",
    ),
    (
        "r42-hint",
        "archiveer of verwijder het dossier volgens je privacybeleid",
        "archive or remove the dossier according to your privacy policy",
    ),
    // --- attest -------------------------------------------------------------
    (
        "r32",
        "de opleiding ‘{name}’ staat niet in POP {n}",
        "the training ‘{name}’ does not appear in POP {n}",
    ),
    (
        "r32-hint",
        "een attest kan enkel voor een opleiding die in de POP vermeld is: noem ze in de tekst of in `opleidingen` van pop-{n}.md",
        "an attest is only possible for a training named in the POP: name it in the text or in `opleidingen` of pop-{n}.md",
    ),
    (
        "r41",
        "`pop = {n}` verwijst naar een POP die niet bestaat",
        "`pop = {n}` refers to a POP that does not exist",
    ),
    (
        "r41-hint",
        "maak `pop-{n}.md` aan of corrigeer `pop`",
        "create `pop-{n}.md` or correct `pop`",
    ),
    (
        "r33",
        "het traject startte op {start}, niet vóór het academiejaar {year} (1 september {first})",
        "the trajectory started on {start}, not before the academic year {year} (1 September {first})",
    ),
    (
        "r33-hint",
        "geen attest voor een begeleiding die na de start van het academiejaar begon",
        "no attest for guidance that started after the start of the academic year",
    ),
    (
        "r34",
        "een tweede attest voor de opleiding ‘{name}’",
        "a second attest for the training ‘{name}’",
    ),
    (
        "r34-hint",
        "een attest wordt één keer afgeleverd en geldt voor alle inschrijvingsjaren",
        "an attest is delivered once and is valid for all enrolment years",
    ),
    (
        "r35",
        "het traject werd enkel gestart voor de opleidingsincentive",
        "the trajectory was started only for the training incentive",
    ),
    (
        "r35-hint",
        "geen attest als er geen andere loopbaanvraag was",
        "no attest when there was no other career question",
    ),
    ("r36", "het attest mist {field}", "the attest lacks {field}"),
    ("r36-hint", "vul {key} in", "fill in {key}"),
    (
        "r37",
        "attest op {date}, vóór de finalisatie van POP {n} ({pop})",
        "attest dated {date}, before POP {n} was finalised ({pop})",
    ),
    (
        "r37-hint",
        "het attest volgt op de POP; controleer `attest_op`",
        "the attest follows the POP; check `attest_op`",
    ),
    // --- operational: the commands of app/ ---------------------------------
    (
        "app-site-root",
        "popdoc: de site in {root}",
        "popdoc: the site in {root}",
    ),
    ("app-created", "aangemaakt: {path}", "created: {path}"),
    ("app-extended", "aangevuld: {path}", "extended: {path}"),
    (
        "app-init-next",
        "Bouw de site met `popdoc build` in {dir}.",
        "Build the site with `popdoc build` in {dir}.",
    ),
    (
        "app-new-taken",
        "content/{taken} bestaat al (een andere klant met dezelfde naam?): het nieuwe dossier is content/{slug}",
        "content/{taken} exists already (another client of that name?): the new dossier is content/{slug}",
    ),
    (
        "app-new-names",
        "voornaam = \"{v}\", achternaam = \"{a}\" (klopt dat niet? geef --voornaam en --achternaam, of pas index.md aan)",
        "voornaam = \"{v}\", achternaam = \"{a}\" (not right? give --voornaam and --achternaam, or edit index.md)",
    ),
    (
        "app-new-no-coach",
        "geen begeleider ingevuld: zet `naam` onder [begeleider], of `begeleiders` onder [centrum] in popdoc.toml",
        "no coach filled in: set `naam` under [begeleider], or `begeleiders` under [centrum] in popdoc.toml",
    ),
    (
        "app-not-published",
        "content/{slug}: publiceren staat uit; zet `publiceren = true` onder `[privacy]` in content/{slug}/index.md om de bundel van de klant te maken (er werd niets geschreven)",
        "content/{slug}: publishing is off; set `publiceren = true` under `[privacy]` in content/{slug}/index.md to make the client's bundle (nothing was written)",
    ),
    (
        "app-unknown-dossier",
        "content/{slug}: geen dossier met die naam{suggestion} (er werd niets geschreven)",
        "content/{slug}: no dossier of that name{suggestion} (nothing was written)",
    ),
    (
        "app-did-you-mean",
        "; bedoelde je `{s}`?",
        "; did you mean `{s}`?",
    ),
    (
        "app-unreadable-dossier",
        "content/{slug}/index.md kan niet gelezen worden: herstel eerst de fouten (`popdoc check`); er werd niets geschreven",
        "content/{slug}/index.md cannot be read: fix its errors first (`popdoc check`); nothing was written",
    ),
    (
        "app-timings",
        "tijd: {wall} s verstreken, {cpu} s CPU; Typst (compileren + PDF) {typst} s voor {docs}; popdoc zelf {own} s ({share} %)",
        "time: {wall} s elapsed, {cpu} s CPU; Typst (compile + PDF) {typst} s for {docs}; popdoc itself {own} s ({share} %)",
    ),
    ("app-documents-1", "{n} document", "{n} document"),
    ("app-documents", "{n} documenten", "{n} documents"),
    (
        "app-gone",
        "verwijderd: {slug} (het dossier bestaat niet meer): {files}",
        "removed: {slug} (the dossier no longer exists): {files}",
    ),
    ("app-made", "gemaakt: {path}", "made: {path}"),
    (
        "app-made-same",
        "ongewijzigd: {path} (opnieuw gemaakt, dezelfde inhoud)",
        "unchanged: {path} (made again, the same bytes)",
    ),
    (
        "app-summary",
        "{dir}: {written} geschreven, {same} ongewijzigd, {cached} uit de cache, {removed} verwijderd; {held}{waiting} · {summary} · {secs} s",
        "{dir}: {written} written, {same} unchanged, {cached} from the cache, {removed} removed; {held}{waiting} · {summary} · {secs} s",
    ),
    (
        "app-held-1",
        "{n} document tegengehouden",
        "{n} document held back",
    ),
    (
        "app-held",
        "{n} documenten tegengehouden",
        "{n} documents held back",
    ),
    (
        "app-waiting-1",
        ", {n} wacht (lopend)",
        ", {n} waiting (running)",
    ),
    (
        "app-waiting",
        ", {n} wachten (lopend)",
        ", {n} waiting (running)",
    ),
    (
        "app-held-line",
        "tegengehouden: {slug}/{file}: {rule}{at}: {why}",
        "held back: {slug}/{file}: {rule}{at}: {why}",
    ),
    (
        "app-held-line-bare",
        "tegengehouden: {slug}/{file}",
        "held back: {slug}/{file}",
    ),
    (
        "app-bundle",
        "bundel van de klant geschreven: {path}",
        "client bundle written: {path}",
    ),
    (
        "print-page-label",
        "Het hele dossier: één PDF om af te drukken",
        "The whole dossier: one PDF to print",
    ),
    (
        "print-via-pop",
        "de POP van {package} waarop het steunt, is niet definitief",
        "the POP of {package} it rests on is not final",
    ),
    (
        "print-todo",
        "nog niet af: {what}",
        "not finished yet: {what}",
    ),
    (
        "app-printed",
        "afgedrukt: {path} ({docs})",
        "printed: {path} ({docs})",
    ),
    (
        "app-printed-incomplete",
        "afgedrukt, onvolledig: {path} ({docs}; {missing}, op de eerste pagina)",
        "printed, incomplete: {path} ({docs}; {missing}, listed on the first page)",
    ),
    ("app-print-docs-1", "{n} document", "{n} document"),
    ("app-print-docs", "{n} documenten", "{n} documents"),
    ("app-print-missing-1", "{n} ontbreekt", "{n} missing"),
    ("app-print-missing", "{n} ontbreken", "{n} missing"),
    (
        "app-print-refused",
        "niet afgedrukt: {slug}: niet elk document is definitief; maak ze af, of druk af met --onvolledig (dan zegt de eerste pagina wat ontbreekt)",
        "not printed: {slug}: not every document is final; finish them, or print with --onvolledig (its first page then says what is missing)",
    ),
    (
        "app-print-refused-doc",
        "  ontbreekt: {document}: {why}",
        "  missing: {document}: {why}",
    ),
    (
        "app-print-nothing",
        "niet afgedrukt: {slug}: nog geen enkel document is definitief",
        "not printed: {slug}: no document is final yet",
    ),
    (
        "app-print-no-documents",
        "niet afgedrukt: {slug}: het dossier heeft nog geen documenten (POP, checklist of attest)",
        "not printed: {slug}: the dossier has no documents yet (POP, checklist or attest)",
    ),
    (
        "app-print-unreadable",
        "niet afgedrukt: {slug}: het dossier kan niet gelezen worden; zie de meldingen hierboven",
        "not printed: {slug}: the dossier cannot be read; see the messages above",
    ),
    (
        "app-print-skipped-1",
        "{n} lopend dossier overgeslagen (nog niet afgewerkt)",
        "{n} running dossier skipped (not finished yet)",
    ),
    (
        "app-print-skipped",
        "{n} lopende dossiers overgeslagen (nog niet afgewerkt)",
        "{n} running dossiers skipped (not finished yet)",
    ),
    (
        "app-print-failed",
        "niet afgedrukt: {slug}: de afdruk kon niet gemaakt worden; zie de melding hierboven",
        "not printed: {slug}: the print could not be made; see the message above",
    ),
    (
        "app-no-bundles",
        "geen bundels geschreven: geen enkel dossier heeft `publiceren = true` onder `[privacy]`",
        "no bundles written: no dossier has `publiceren = true` under `[privacy]`",
    ),
    (
        "app-format-mismatch",
        "--format {format} past niet bij {path}: dat is een .{ext}-bestand; laat --format weg (de extensie kiest de vorm) of geef het bestand de extensie .{format}",
        "--format {format} does not match {path}: that is a .{ext} file; leave out --format (the extension chooses the format) or give the file the extension .{format}",
    ),
    (
        "app-csv-zeros",
        "tip: een klantennummer of chequenummer begint met 0; een rekenblad maakt er een getal van (0877342 wordt 877342) tenzij je de kolom als tekst importeert (Excel: Gegevens > Van tekst/CSV, kolom ‘Tekst’). Een .xlsx houdt de nullen: `popdoc export registratie --out registratie.xlsx`",
        "tip: a klantennummer or chequenummer starts with 0; a spreadsheet turns it into a number (0877342 becomes 877342) unless you import the column as text (Excel: Data > From Text/CSV, column ‘Text’). An .xlsx keeps the zeros: `popdoc export registratie --out registratie.xlsx`",
    ),
    (
        "app-init-inside",
        "let op: {dir} ligt in de site {site}; popdoc maakt er een aparte site, en opdrachten in deze map werken voortaan op de nieuwe site",
        "note: {dir} is inside the site {site}; popdoc makes a separate site there, and commands in this folder will work on the new site",
    ),
    (
        "app-exported",
        "geschreven: {path} ({bytes} bytes)",
        "written: {path} ({bytes} bytes)",
    ),
    (
        "app-exists",
        "{path}: bestaat al; popdoc overschrijft niets zonder --force",
        "{path}: exists already; popdoc overwrites nothing without --force",
    ),
    (
        "app-xlsx-needs-out",
        "xlsx is een bestand: geef --out <bestand.xlsx>",
        "xlsx is a file: give --out <file.xlsx>",
    ),
    (
        "app-period-backwards",
        "--van {van} ligt na --tot {tot}: er valt niets in die periode; wissel de twee datums om",
        "--van {van} is after --tot {tot}: nothing falls in that period; swap the two dates",
    ),
    ("ov-yes", "ja", "yes"),
    ("ov-no", "nee", "no"),
    ("ov-total", "totaal", "total"),
    (
        "app-agenda-key-bad",
        "{path} is geen sleutel van popdoc (64 hexadecimale tekens); verwijder het bestand enkel als geen agenda met --initialen in gebruik is: de kalender-id's veranderen dan",
        "{path} is not a popdoc key (64 hexadecimal characters); remove the file only when no agenda made with --initialen is in use: the calendar ids then change",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_placeholders_match() {
        let mut seen = std::collections::HashSet::new();
        for (key, nl, en) in entries() {
            assert!(seen.insert(key), "duplicate key {key}");
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(h, _)| h.to_string()))
                    .filter(|h| h.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(holes(nl), holes(en), "placeholders differ for {key}");
        }
    }

    #[test]
    fn every_message_used_in_the_code_is_in_the_catalog() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let plain = text
                .split("Msg::new(\"")
                .skip(1)
                .map(|p| p.split('"').next().unwrap());
            // Only literal keys, read up to the closing parenthesis.
            let nested = text.split(".arg_key(\"").skip(1).filter_map(|p| {
                p.split(')')
                    .next()?
                    .split_once("\", \"")
                    .map(|(_, rest)| rest.split('"').next().unwrap())
            });
            for key in plain.chain(nested) {
                if !entries().any(|(k, _, _)| *k == key) {
                    missing.push(format!("{}: {key}", entry.path().display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys not in the catalog: {missing:?}");
    }

    #[test]
    fn renders_in_both_languages() {
        let m = Msg::new("r16")
            .arg("n", 1)
            .arg("minutes", 300)
            .arg("max", 240)
            .arg("ruleset", "vdab-2020");
        assert!(m.render(Lang::Nl).contains("300 minuten aangerekend"));
        assert!(m.render(Lang::En).contains("300 minutes charged"));
    }
}
