//! The rule registry: every check popdoc makes, with its stable id, kebab-case
//! name, severity, summary (Dutch and English) and the public sources it rests
//! on. The checks themselves are in `validate`; diagnostics name their rule by
//! id and print its name from here. `popdoc rules` and docs/rules.md are made
//! from this table.

pub mod sources;

use super::Severity;

/// One rule of the table.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary_nl: &'static str,
    pub summary_en: &'static str,
    /// The public sources it rests on: keys of `sources::SOURCES`.
    pub source: &'static str,
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;
const N: Severity = Severity::Note;
const T: Severity = Severity::Todo;

macro_rules! rules {
    ($(($id:literal, $name:literal, $sev:ident, $nl:literal, $en:literal, $src:literal)),* $(,)?) => {
        /// Every rule popdoc checks. `popdoc rules` prints this table.
        pub const RULES: &[Rule] = &[$(Rule { id: $id, name: $name, severity: $sev, summary_nl: $nl, summary_en: $en, source: $src }),*];
    };
}

rules![
    (
        "F01",
        "front-matter-ongeldig",
        E,
        "het blok met gegevens bovenaan het bestand (tussen twee regels +++) ontbreekt, is niet afgesloten of niet leesbaar; een leeg bestand; tekst in een codering die popdoc niet leest",
        "the block of data at the top of the file (between two +++ lines) is missing, unclosed or unreadable; an empty file; text in an encoding popdoc does not read",
        "popdoc"
    ),
    (
        "F02",
        "onbekende-sleutel",
        E,
        "onbekende sleutel (met suggestie)",
        "unknown key (with a suggestion)",
        "popdoc"
    ),
    (
        "F03",
        "verkeerde-waarde",
        E,
        "verkeerd type of ongeldige waarde (onbekende keuze, onmogelijke datum)",
        "wrong type or value (unknown choice, impossible date)",
        "popdoc"
    ),
    (
        "F04",
        "sleutel-ontbreekt",
        E,
        "verplichte sleutel ontbreekt",
        "required key missing",
        "popdoc"
    ),
    (
        "F05",
        "index-ontbreekt",
        E,
        "map in content/ zonder index.md",
        "folder in content/ without index.md",
        "popdoc"
    ),
    (
        "F06",
        "pop-bestandsnaam",
        E,
        "Markdown-bestand in een dossier dat niet index.md, pop-1.md of pop-2.md heet",
        "Markdown file in a dossier not named index.md, pop-1.md or pop-2.md",
        "popdoc"
    ),
    (
        "F07",
        "geen-regelset",
        E,
        "geen regelset voor de besteldatum van een cheque (of onbekende vastgepinde regelset)",
        "no rule set covers a cheque's order date (or unknown pinned rule set)",
        "S7 S11 S18 S19 S37"
    ),
    (
        "F08",
        "regelset-onzeker",
        W,
        "cheques vallen onder een regelset met onzekere (niet gepubliceerde) waarden; één keer per regelset",
        "cheques fall under a rule set with uncertain (unpublished) values; once per rule set",
        "S18 S19 S37"
    ),
    (
        "F09",
        "regelsets-overlappen",
        E,
        "twee regelsets van de site overlappen in besteldatum",
        "two site rule sets overlap in order date",
        "popdoc"
    ),
    (
        "F10",
        "te-diep-genest",
        W,
        "lijsten of citaten dieper dan 8 niveaus, of nadruk dieper dan 16: vlak getoond",
        "lists or quotes nested deeper than 8 levels, or emphasis deeper than 16: shown flattened",
        "popdoc"
    ),
    (
        "F11",
        "bestand-te-groot",
        E,
        "bronbestand groter dan 5 MB",
        "source file larger than 5 MB",
        "popdoc"
    ),
    (
        "F12",
        "regelset-vervangen",
        N,
        "een regelset van de site vervangt of verbergt een ingebouwde regelset",
        "a site rule set replaces or hides a built-in rule set",
        "popdoc"
    ),
    (
        "F13",
        "document-niet-gemaakt",
        E,
        "een document kon niet gemaakt worden; de andere documenten wel",
        "a document could not be made; the other documents were",
        "popdoc"
    ),
    (
        "F14",
        "dossiermap-ongeldig",
        E,
        "dossiermap met een naam buiten [a-z0-9-], of een koppeling: niet gebouwd",
        "dossier folder named outside [a-z0-9-], or a link: not built",
        "popdoc"
    ),
    (
        "F15",
        "teken-niet-in-pdf",
        W,
        "tekens die geen ingebouwd lettertype kan tonen (emoji, stuurtekens): in de PDF vervangen door ?",
        "characters no embedded font can show (emoji, control characters): replaced by ? in the PDF",
        "popdoc"
    ),
    (
        "F16",
        "logo-onbruikbaar",
        W,
        "het logo van het centrum kan niet gebruikt worden (geen PNG of JPEG, te groot, buiten de site): de documenten worden zonder logo gemaakt",
        "the centre's logo cannot be used (no PNG or JPEG, too large, outside the site): the documents are made without it",
        "popdoc"
    ),
    (
        "F17",
        "pop-te-groot",
        E,
        "een POP die te veel geheugen zou vragen om te maken (tabellen of lijsten van tienduizenden cellen): niet gemaakt",
        "a POP that would need too much memory to print (tables or lists of tens of thousands of cells): not made",
        "popdoc"
    ),
    (
        "R01",
        "pop-ontbreekt",
        E,
        "cheque met aangerekende gesprekken zonder pop-N.md",
        "cheque with charged conversations but no pop-N.md",
        "S1 S0"
    ),
    (
        "R02",
        "pop-cheque-klopt-niet",
        E,
        "bestandsnaam, `cheque` en `[[cheques]]` van een POP komen niet overeen",
        "a POP's file name, `cheque` and `[[cheques]]` disagree",
        "S0"
    ),
    (
        "R03",
        "pop-datum-ontbreekt",
        E,
        "POP zonder finalisatiedatum",
        "POP without finalisation date",
        "S0"
    ),
    (
        "R04",
        "klantnaam-leeg",
        E,
        "voor- of achternaam van de klant leeg",
        "client's first or last name empty",
        "S0"
    ),
    (
        "R05",
        "pop-niet-ondertekend",
        W,
        "POP niet ondertekend door de klant (en geen `zonder_handtekening`)",
        "POP not signed by the client (and no `zonder_handtekening`)",
        "S0"
    ),
    (
        "R06",
        "pop-loopbaanvraag-ontbreekt",
        E,
        "onderdeel Loopbaanvraag ontbreekt of is leeg",
        "section ‘Loopbaanvraag’ missing or empty",
        "S0 S1"
    ),
    (
        "R07",
        "pop-reflecties-ontbreken",
        E,
        "onderdeel Reflecties en inzichten ontbreekt of is leeg",
        "section ‘Reflecties en inzichten’ missing or empty",
        "S0 S1"
    ),
    (
        "R08",
        "pop-keuzes-ontbreken",
        E,
        "onderdeel Keuzes, beslissingen en acties ontbreekt of is leeg",
        "section ‘Keuzes, beslissingen en acties’ missing or empty",
        "S0 S1"
    ),
    (
        "R09",
        "actieplan-ontbreekt",
        W,
        "actiegerichte POP zonder actieplan met minstens één actie",
        "action-oriented POP without an action plan with at least one action",
        "S0"
    ),
    (
        "R10",
        "reflecties-geen-synthese",
        W,
        "reflecties zijn vooral een lijst, met weinig lopende tekst (< 30 woorden)",
        "reflections are mostly a list with little prose (< 30 words)",
        "S0"
    ),
    (
        "R12",
        "evolutie-ontbreekt",
        W,
        "geen onderdeel Evolutie met minstens één gedateerd item",
        "no section Evolutie with at least one dated entry",
        "S0 S1"
    ),
    (
        "R14",
        "pop-datum-buiten-traject",
        W,
        "finalisatie vóór het eerste aangerekende gesprek of meer dan 30 dagen na de synthese",
        "finalisation before the first charged conversation or more than 30 days after the synthese",
        "S0"
    ),
    (
        "R15",
        "kennismaking-aangerekend",
        E,
        "kennismakingsgesprek met een cheque anders dan 0",
        "kennismaking with a cheque other than 0",
        "S0 S5"
    ),
    (
        "R16",
        "pakket-overschreden",
        E,
        "meer aangerekende minuten dan het pakket van de cheque",
        "more charged minutes than the cheque's package",
        "S7 S9 S11"
    ),
    (
        "R17",
        "pakket-niet-opgebruikt",
        W,
        "minder aangerekende minuten dan het pakket",
        "fewer charged minutes than the package",
        "S0"
    ),
    (
        "R18",
        "te-weinig-individueel",
        E,
        "minder dan 150 minuten individuele begeleiding per cheque",
        "less than 150 minutes of individual guidance per cheque",
        "S0"
    ),
    (
        "R19",
        "te-veel-groep",
        E,
        "meer dan 90 minuten groepsbegeleiding per cheque (vdab-2013)",
        "more than 90 minutes of group guidance per cheque (vdab-2013)",
        "S0"
    ),
    (
        "R20",
        "chequenummer-ongeldig",
        E,
        "cheque bestaat niet onder zijn regelset (niet 1 of 2; onder vdab-2025t enkel 1), dubbel, of cheque 2 zonder cheque 1",
        "cheque does not exist under its rule set (not 1 or 2; only 1 under vdab-2025t), used twice, or cheque 2 without cheque 1",
        "S7 S11 S18"
    ),
    (
        "R21",
        "cheque2-voor-cheque1",
        W,
        "gesprek van cheque 2 vóór het laatste gesprek van cheque 1",
        "conversation of cheque 2 before the last one of cheque 1",
        "S13 S15"
    ),
    (
        "R23",
        "cheque-verlopen",
        W,
        "eerste aangerekende gesprek na de geldigheid van de cheque (`geldig_tot`, anders 3 maanden na `besteld_op`)",
        "first charged conversation after the cheque's validity (`geldig_tot`, else 3 months after `besteld_op`)",
        "S15 S16 S39"
    ),
    (
        "R24",
        "intake-ontbreekt",
        E,
        "geen intake, aangerekend gesprek vóór de intake, of geen datum van de overeenkomst",
        "no intake, a charged conversation before it, or no agreement date",
        "S0"
    ),
    (
        "R25",
        "intake-onderwerpen",
        W,
        "niet alle tien intake-onderwerpen toegelicht",
        "not all ten intake topics explained",
        "S0"
    ),
    (
        "R26",
        "geen-eigen-initiatief",
        E,
        "niet op eigen initiatief, of deel van een andere begeleiding",
        "not on the client's own initiative, or part of other guidance",
        "S2"
    ),
    (
        "R27",
        "synthese-ontbreekt",
        W,
        "cheque zonder synthesegesprek, of synthese na de finalisatie van de POP",
        "cheque without synthese, or synthese after the POP's finalisation",
        "S0"
    ),
    (
        "R28",
        "nazorg-te-laat",
        E,
        "nazorg meer dan een jaar na, of vóór, de synthese van zijn pakket (of zonder synthese)",
        "nazorg more than a year after, or before, the synthese of its package (or without one)",
        "S0"
    ),
    (
        "R29",
        "nazorg-te-lang",
        E,
        "meer dan 30 minuten nazorg per pakket",
        "more than 30 minutes of nazorg per package",
        "S0"
    ),
    (
        "R31",
        "evaluatie-ontbreekt",
        W,
        "per pakket: geen uitnodiging voor de evaluatie, of een vóór het laatste aangerekende gesprek",
        "per package: no evaluation invitation, or one before the last charged conversation",
        "S0"
    ),
    (
        "R32",
        "opleiding-niet-in-pop",
        E,
        "attest voor een opleiding die niet in de POP staat",
        "attest for a training the POP does not name",
        "S0 S23 S24"
    ),
    (
        "R33",
        "attest-traject-te-laat",
        E,
        "traject gestart op of na 1 september van het academiejaar",
        "trajectory started on or after 1 September of the academic year",
        "S0 S28"
    ),
    (
        "R34",
        "attest-dubbel",
        E,
        "twee attesten voor dezelfde opleiding",
        "two attests for the same training",
        "S0"
    ),
    (
        "R35",
        "attest-enkel-incentive",
        E,
        "traject enkel gestart voor de opleidingsincentive",
        "trajectory started only for the training incentive",
        "S0"
    ),
    (
        "R36",
        "attest-gegevens-ontbreken",
        E,
        "academiejaar, verstrekker, attestdatum of gegevens van het centrum ontbreken",
        "academic year, provider, attest date or centre details missing",
        "S26"
    ),
    (
        "R37",
        "attest-voor-pop",
        E,
        "attest gedateerd vóór de finalisatie van de POP",
        "attest dated before the POP's finalisation",
        "S0 S26"
    ),
    (
        "R40",
        "cheque-onbekend",
        E,
        "gesprek aangerekend op een cheque zonder `[[cheques]]`",
        "conversation charged to a cheque without `[[cheques]]`",
        "popdoc"
    ),
    (
        "R41",
        "attest-pop-onbekend",
        E,
        "`pop` van een opleiding verwijst naar geen POP",
        "a training's `pop` names no POP",
        "popdoc"
    ),
    (
        "R42",
        "bewaartermijn-verstreken",
        W,
        "laatste gesprek ouder dan `retention_years`",
        "last conversation older than `retention_years`",
        "GDPR"
    ),
    (
        "R43",
        "eerder-loopbaancheque",
        E,
        "klant gebruikte eerder een loopbaancheque, onder een regelset enkel voor eerste gebruik (vdab-2025t)",
        "client used a loopbaancheque before, under a rule set for first use only (vdab-2025t)",
        "S18 S19"
    ),
    (
        "R44",
        "eerder-gebruik-onbekend",
        W,
        "`[klant] eerder_loopbaancheque` niet ingevuld onder vdab-2025t",
        "`[klant] eerder_loopbaancheque` not recorded under vdab-2025t",
        "S18 S19"
    ),
    (
        "R45",
        "gesprek-zonder-cheque",
        W,
        "intake, verdieping of synthese zonder `cheque`: de minuten tellen nergens mee",
        "intake, verdieping or synthese without `cheque`: its minutes count nowhere",
        "popdoc"
    ),
    (
        "R46",
        "pakket-afronden",
        T,
        "een pakket loopt al meer dan een jaar zonder synthese: rond het af of sluit het af (`afgesloten_op`); het wordt beoordeeld als afgerond",
        "a package has run for over a year without synthese: complete it or close it (`afgesloten_op`); it is judged as completed",
        "S45"
    ),
    (
        "R47",
        "archief-lopend",
        W,
        "een gearchiveerd dossier heeft een pakket dat nog loopt: sluit het af of rond het af",
        "an archived dossier has a package still running: close it or complete it",
        "popdoc"
    ),
    (
        "R48",
        "begeleider-onbekend",
        W,
        "de begeleider van een dossier staat niet in `[centrum] begeleiders`",
        "a dossier's coach is not in `[centrum] begeleiders`",
        "popdoc"
    ),
    (
        "R49",
        "gesprek-in-de-toekomst",
        W,
        "een gesprek na vandaag zonder `gepland = true`: het telt mee alsof het plaatsvond",
        "a conversation after today without `gepland = true`: it counts as if it took place",
        "popdoc"
    ),
    (
        "R50",
        "gepland-gesprek-voorbij",
        T,
        "een gepland gesprek waarvan de dag voorbij is: heeft het plaatsgevonden?",
        "a planned conversation whose day has passed: did it take place?",
        "popdoc"
    ),
    (
        "R51",
        "handtekening-tegenstrijdig",
        E,
        "`ondertekend_op` bij `ondertekend = false`, `zonder_handtekening` bij een ondertekende POP, of een lege reden",
        "`ondertekend_op` with `ondertekend = false`, `zonder_handtekening` on a signed POP, or an empty reason",
        "popdoc"
    ),
    (
        "R52",
        "handtekening-datum",
        W,
        "datum van ondertekening vóór de finalisatie van de POP of na vandaag",
        "signature date before the POP's finalisation or after today",
        "popdoc"
    ),
    (
        "R53",
        "gratis-gesprek-onmogelijk",
        E,
        "`cheque = 0` (niet aangerekend) bij een intake, synthese of nazorg",
        "`cheque = 0` (not charged) on an intake, synthese or nazorg",
        "S0"
    ),
    (
        "R54",
        "evaluatie-ongeldig",
        E,
        "`[evaluatie]` en `[[evaluaties]]` samen, of een uitnodiging voor een pakket dat niet bestaat",
        "`[evaluatie]` and `[[evaluaties]]` together, or an invitation for a package that does not exist",
        "popdoc"
    ),
    (
        "R55",
        "registratie-datum",
        W,
        "`geregistreerd_op` vóór het gesprek, na vandaag, of bij een gepland gesprek",
        "`geregistreerd_op` before the conversation, after today, or on a planned conversation",
        "popdoc"
    ),
    (
        "R57",
        "begeleider-ontbreekt",
        E,
        "geen naam van de loopbaanbegeleider: geen document zonder (een te-doen zolang het pakket loopt)",
        "no coach's name: no document without one (a to-do while the package runs)",
        "S0"
    ),
    (
        "R58",
        "ondernemingsnummer-ongeldig",
        E,
        "het ondernemingsnummer van het centrum is geen geldig KBO-nummer (vorm of controlecijfer): de attesten wachten",
        "the centre's enterprise number is not a valid KBO number (form or check digits): the attests wait",
        "popdoc"
    ),
    (
        "R59",
        "voorbeeldgegevens",
        W,
        "het centrum heeft nog de voorbeeldgegevens van `popdoc init` (naam of ondernemingsnummer)",
        "the centre still has the example data of `popdoc init` (name or enterprise number)",
        "popdoc"
    ),
    (
        "R56",
        "afsluitdatum-ongeldig",
        W,
        "`afgesloten_op` vóór de besteldatum of vóór een aangerekend gesprek van het pakket",
        "`afgesloten_op` before the order date or before a charged conversation of the package",
        "popdoc"
    ),
    (
        "R60",
        "chequenummer-ontbreekt",
        W,
        "een loopbaancheque met aangerekende gesprekken zonder `chequenummer` (de registratie heeft het nodig)",
        "a loopbaancheque with charged conversations and no `chequenummer` (the registration needs it)",
        "popdoc"
    ),
];

/// The rules that only say the work is unfinished: while the package they
/// concern is besteld or lopend (or, for the dossier's own rules, while every
/// package is), their findings are to-dos, neither errors nor warnings. R18
/// stays an error when the individual minutes can no longer be reached; R24
/// only for "no intake yet" and "no agreement date yet".
pub const WHILE_RUNNING: &[&str] = &[
    "R01", "R03", "R05", "R06", "R07", "R08", "R09", "R12", "R17", "R18", "R24", "R25", "R27",
    "R31", "R57", "R60",
];

/// Whether a rule's findings can be to-dos (see [`WHILE_RUNNING`]).
pub fn can_be_todo(id: &str) -> bool {
    WHILE_RUNNING.contains(&id)
}

/// The kebab-case name of a rule id (empty for an unknown id).
pub fn rule_name(id: &str) -> &'static str {
    RULES.iter().find(|r| r.id == id).map_or("", |r| r.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_cites_known_public_sources() {
        for r in RULES {
            let keys: Vec<&str> = r.source.split_whitespace().collect();
            assert!(!keys.is_empty(), "{}", r.id);
            assert_eq!(
                sources::citations(r.source).len(),
                keys.len(),
                "{}: {}",
                r.id,
                r.source
            );
            assert!(!r.source.contains(".md"), "{}: cites a file", r.id);
        }
    }

    #[test]
    fn ids_and_names_are_unique_and_kebab_case() {
        let mut ids = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for r in RULES {
            assert!(ids.insert(r.id), "duplicate id {}", r.id);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.name
            );
        }
    }
}
