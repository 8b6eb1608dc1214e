//! The rules: one table with every check popdoc makes (stable id, kebab-case
//! name, severity, summary, VDAB source), and the pass that runs them over a
//! dossier. Rules are pure functions of the model; each problem is a located
//! diagnostic. The numbers in the ids follow domain.md section 7 where a rule
//! comes from there (R16 is rule 16); F rules are about the file format.

mod attest;
mod pop;
pub mod trajectory;

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Msg, Scope, Severity};
use crate::model::Dossier;
use crate::source::Loc;

/// One rule of the table.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary_nl: &'static str,
    pub summary_en: &'static str,
    /// Where the rule comes from (domain.md).
    pub source: &'static str,
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;
const N: Severity = Severity::Note;

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
        "front matter ontbreekt, is niet afgesloten of is geen geldige TOML; leeg bestand; geen UTF-8",
        "front matter missing, unclosed or not TOML; empty file; not UTF-8",
        "dossier-format.md"
    ),
    (
        "F02",
        "onbekende-sleutel",
        E,
        "onbekende sleutel (met suggestie)",
        "unknown key (with a suggestion)",
        "dossier-format.md"
    ),
    (
        "F03",
        "verkeerde-waarde",
        E,
        "verkeerd type of ongeldige waarde (onbekende keuze, onmogelijke datum)",
        "wrong type or value (unknown choice, impossible date)",
        "dossier-format.md"
    ),
    (
        "F04",
        "sleutel-ontbreekt",
        E,
        "verplichte sleutel ontbreekt",
        "required key missing",
        "dossier-format.md"
    ),
    (
        "F05",
        "index-ontbreekt",
        E,
        "map in content/ zonder index.md",
        "folder in content/ without index.md",
        "dossier-format.md"
    ),
    (
        "F06",
        "pop-bestandsnaam",
        E,
        "Markdown-bestand in een dossier dat niet index.md, pop-1.md of pop-2.md heet",
        "Markdown file in a dossier not named index.md, pop-1.md or pop-2.md",
        "dossier-format.md"
    ),
    (
        "F07",
        "geen-regelset",
        E,
        "geen regelset voor de besteldatum van een cheque (of onbekende vastgepinde regelset)",
        "no rule set covers a cheque's order date (or unknown pinned rule set)",
        "domain.md 4.6"
    ),
    (
        "F08",
        "regelset-onzeker",
        W,
        "cheques vallen onder een regelset met onzekere (niet gepubliceerde) waarden; één keer per regelset",
        "cheques fall under a rule set with uncertain (unpublished) values; once per rule set",
        "domain.md 4.3, 4.7"
    ),
    (
        "F09",
        "regelsets-overlappen",
        E,
        "twee regelsets van de site overlappen in besteldatum",
        "two site rule sets overlap in order date",
        "dossier-format.md"
    ),
    (
        "F10",
        "te-diep-genest",
        W,
        "lijsten of citaten dieper dan 8 niveaus, of nadruk dieper dan 16: vlak getoond",
        "lists or quotes nested deeper than 8 levels, or emphasis deeper than 16: shown flattened",
        "popdoc (limits)"
    ),
    (
        "F11",
        "bestand-te-groot",
        E,
        "bronbestand groter dan 5 MB",
        "source file larger than 5 MB",
        "popdoc (limits)"
    ),
    (
        "F12",
        "regelset-vervangen",
        N,
        "een regelset van de site vervangt of verbergt een ingebouwde regelset",
        "a site rule set replaces or hides a built-in rule set",
        "dossier-format.md"
    ),
    (
        "F13",
        "document-niet-gemaakt",
        E,
        "een document kon niet gemaakt worden (Typst); de andere documenten wel",
        "a document could not be made (Typst); the other documents were",
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
        "popdoc (PDF/A)"
    ),
    (
        "R01",
        "pop-ontbreekt",
        E,
        "cheque met aangerekende gesprekken zonder pop-N.md",
        "cheque with charged conversations but no pop-N.md",
        "domain.md 7 [1]"
    ),
    (
        "R02",
        "pop-cheque-klopt-niet",
        E,
        "bestandsnaam, `cheque` en `[[cheques]]` van een POP komen niet overeen",
        "a POP's file name, `cheque` and `[[cheques]]` disagree",
        "domain.md 7 [2]"
    ),
    (
        "R03",
        "pop-datum-ontbreekt",
        E,
        "POP zonder finalisatiedatum",
        "POP without finalisation date",
        "domain.md 7 [3]"
    ),
    (
        "R04",
        "klantnaam-leeg",
        E,
        "voor- of achternaam van de klant leeg",
        "client's first or last name empty",
        "domain.md 7 [4]"
    ),
    (
        "R05",
        "pop-niet-ondertekend",
        W,
        "POP niet ondertekend door de klant",
        "POP not signed by the client",
        "domain.md 7 [5]"
    ),
    (
        "R06",
        "pop-loopbaanvraag-ontbreekt",
        E,
        "onderdeel Loopbaanvraag ontbreekt of is leeg",
        "section Loopbaanvraag missing or empty",
        "domain.md 7 [6]"
    ),
    (
        "R07",
        "pop-reflecties-ontbreken",
        E,
        "onderdeel Reflecties en inzichten ontbreekt of is leeg",
        "section Reflecties en inzichten missing or empty",
        "domain.md 7 [7]"
    ),
    (
        "R08",
        "pop-keuzes-ontbreken",
        E,
        "onderdeel Keuzes, beslissingen en acties ontbreekt of is leeg",
        "section Keuzes, beslissingen en acties missing or empty",
        "domain.md 7 [8]"
    ),
    (
        "R09",
        "actieplan-ontbreekt",
        W,
        "actiegerichte POP zonder actieplan met minstens één actie",
        "action-oriented POP without an action plan with at least one action",
        "domain.md 7 [9]"
    ),
    (
        "R10",
        "reflecties-geen-synthese",
        W,
        "reflecties zijn vooral een lijst, met weinig lopende tekst (< 30 woorden)",
        "reflections are mostly a list with little prose (< 30 words)",
        "domain.md 7 [10]"
    ),
    (
        "R12",
        "evolutie-ontbreekt",
        W,
        "geen onderdeel Evolutie met minstens één gedateerd item",
        "no section Evolutie with at least one dated entry",
        "domain.md 7 [12]"
    ),
    (
        "R14",
        "pop-datum-buiten-traject",
        W,
        "finalisatie vóór het eerste aangerekende gesprek of meer dan 30 dagen na de synthese",
        "finalisation before the first charged conversation or more than 30 days after the synthese",
        "domain.md 7 [14]"
    ),
    (
        "R15",
        "kennismaking-aangerekend",
        E,
        "kennismakingsgesprek met een cheque",
        "kennismaking charged to a cheque",
        "domain.md 7 [15]"
    ),
    (
        "R16",
        "pakket-overschreden",
        E,
        "meer aangerekende minuten dan het pakket van de cheque",
        "more charged minutes than the cheque's package",
        "domain.md 7 [16]"
    ),
    (
        "R17",
        "pakket-niet-opgebruikt",
        W,
        "minder aangerekende minuten dan het pakket",
        "fewer charged minutes than the package",
        "domain.md 7 [17]"
    ),
    (
        "R18",
        "te-weinig-individueel",
        E,
        "minder dan 150 minuten individuele begeleiding per cheque",
        "less than 150 minutes of individual guidance per cheque",
        "domain.md 7 [18]"
    ),
    (
        "R19",
        "te-veel-groep",
        E,
        "meer dan 90 minuten groepsbegeleiding per cheque (vdab-2013)",
        "more than 90 minutes of group guidance per cheque (vdab-2013)",
        "domain.md 7 [19]"
    ),
    (
        "R20",
        "chequenummer-ongeldig",
        E,
        "cheque bestaat niet onder zijn regelset (niet 1 of 2; onder vdab-2025t enkel 1), dubbel, of cheque 2 zonder cheque 1",
        "cheque does not exist under its rule set (not 1 or 2; only 1 under vdab-2025t), used twice, or cheque 2 without cheque 1",
        "domain.md 7 [20]"
    ),
    (
        "R21",
        "cheque2-voor-cheque1",
        W,
        "gesprek van cheque 2 vóór het laatste gesprek van cheque 1",
        "conversation of cheque 2 before the last one of cheque 1",
        "domain.md 7 [21]"
    ),
    (
        "R23",
        "cheque-verlopen",
        W,
        "eerste aangerekende gesprek na de geldigheid van de cheque (`geldig_tot`, anders 3 maanden na `besteld_op`)",
        "first charged conversation after the cheque's validity (`geldig_tot`, else 3 months after `besteld_op`)",
        "domain.md 7 [23], 4.7"
    ),
    (
        "R24",
        "intake-ontbreekt",
        E,
        "geen intake, aangerekend gesprek vóór de intake, of geen datum van de overeenkomst",
        "no intake, a charged conversation before it, or no agreement date",
        "domain.md 7 [24]"
    ),
    (
        "R25",
        "intake-onderwerpen",
        W,
        "niet alle tien intake-onderwerpen toegelicht",
        "not all ten intake topics explained",
        "domain.md 7 [25]"
    ),
    (
        "R26",
        "geen-eigen-initiatief",
        E,
        "niet op eigen initiatief, of deel van een andere begeleiding",
        "not on the client's own initiative, or part of other guidance",
        "domain.md 7 [26]"
    ),
    (
        "R27",
        "synthese-ontbreekt",
        W,
        "cheque zonder synthesegesprek, of synthese na de finalisatie van de POP",
        "cheque without synthese, or synthese after the POP's finalisation",
        "domain.md 7 [27]"
    ),
    (
        "R28",
        "nazorg-te-laat",
        E,
        "nazorg meer dan een jaar na, of vóór, de synthese van zijn pakket (of zonder synthese)",
        "nazorg more than a year after, or before, the synthese of its package (or without one)",
        "domain.md 7 [28]"
    ),
    (
        "R29",
        "nazorg-te-lang",
        E,
        "meer dan 30 minuten nazorg per pakket",
        "more than 30 minutes of nazorg per package",
        "domain.md 7 [29]"
    ),
    (
        "R31",
        "evaluatie-ontbreekt",
        W,
        "geen uitnodiging voor de evaluatie, of een vóór het laatste aangerekende gesprek",
        "no evaluation invitation, or one before the last charged conversation",
        "domain.md 7 [31]"
    ),
    (
        "R32",
        "opleiding-niet-in-pop",
        E,
        "attest voor een opleiding die niet in de POP staat",
        "attest for a training the POP does not name",
        "domain.md 7 [32]"
    ),
    (
        "R33",
        "attest-traject-te-laat",
        E,
        "traject gestart op of na 1 september van het academiejaar",
        "trajectory started on or after 1 September of the academic year",
        "domain.md 7 [33]"
    ),
    (
        "R34",
        "attest-dubbel",
        E,
        "twee attesten voor dezelfde opleiding",
        "two attests for the same training",
        "domain.md 7 [34]"
    ),
    (
        "R35",
        "attest-enkel-incentive",
        E,
        "traject enkel gestart voor de opleidingsincentive",
        "trajectory started only for the training incentive",
        "domain.md 7 [35]"
    ),
    (
        "R36",
        "attest-gegevens-ontbreken",
        E,
        "academiejaar, verstrekker, attestdatum of gegevens van het centrum ontbreken",
        "academic year, provider, attest date or centre details missing",
        "domain.md 7 [36]"
    ),
    (
        "R37",
        "attest-voor-pop",
        E,
        "attest gedateerd vóór de finalisatie van de POP",
        "attest dated before the POP's finalisation",
        "domain.md 7 [37]"
    ),
    (
        "R40",
        "cheque-onbekend",
        E,
        "gesprek aangerekend op een cheque zonder `[[cheques]]`",
        "conversation charged to a cheque without `[[cheques]]`",
        "dossier-format.md"
    ),
    (
        "R41",
        "attest-pop-onbekend",
        E,
        "`pop` van een opleiding verwijst naar geen POP",
        "a training's `pop` names no POP",
        "dossier-format.md"
    ),
    (
        "R42",
        "bewaartermijn-verstreken",
        W,
        "laatste gesprek ouder dan `retention_years`",
        "last conversation older than `retention_years`",
        "domain.md Q4"
    ),
    (
        "R43",
        "eerder-loopbaancheque",
        E,
        "klant gebruikte eerder een loopbaancheque, onder een regelset enkel voor eerste gebruik (vdab-2025t)",
        "client used a loopbaancheque before, under a rule set for first use only (vdab-2025t)",
        "domain.md 4.3, 7 [20]"
    ),
    (
        "R44",
        "eerder-gebruik-onbekend",
        W,
        "`[klant] eerder_loopbaancheque` niet ingevuld onder vdab-2025t",
        "`[klant] eerder_loopbaancheque` not recorded under vdab-2025t",
        "domain.md 4.3"
    ),
    (
        "R45",
        "gesprek-zonder-cheque",
        W,
        "intake, verdieping of synthese zonder `cheque`: de minuten tellen nergens mee",
        "intake, verdieping or synthese without `cheque`: its minutes count nowhere",
        "dossier-format.md"
    ),
];

/// The kebab-case name of a rule id (empty for an unknown id).
pub fn rule_name(id: &str) -> &'static str {
    RULES.iter().find(|r| r.id == id).map_or("", |r| r.name)
}

/// What the rules need besides the dossier.
pub struct Context<'a> {
    pub config: &'a Config,
    /// The day of the run, for the retention warning only.
    pub today: Date,
}

/// The verdict on a dossier, as a coach reads it before an audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// At least one error.
    Errors,
    /// No errors, but a cheque was checked against values no published source
    /// confirms: never "in orde".
    Uncertain,
    Warnings,
    Ok,
}

impl Verdict {
    pub fn of(d: Option<&Dossier>, diags: &[Diagnostic]) -> Verdict {
        let (errors, warnings) = crate::diag::counts(diags);
        if errors > 0 || d.is_none() {
            Verdict::Errors
        } else if d.is_some_and(|d| !uncertain_cheques(d).is_empty()) {
            Verdict::Uncertain
        } else if warnings > 0 {
            Verdict::Warnings
        } else {
            Verdict::Ok
        }
    }

    /// The Dutch word shown to the coach.
    pub fn label(self, lang: crate::diag::Lang) -> &'static str {
        use crate::diag::Lang::*;
        match (self, lang) {
            (Verdict::Errors, Nl) => "fouten",
            (Verdict::Uncertain, Nl) => "onzeker",
            (Verdict::Warnings, Nl) => "waarschuwingen",
            (Verdict::Ok, Nl) => "in orde",
            (Verdict::Errors, En) => "errors",
            (Verdict::Uncertain, En) => "uncertain",
            (Verdict::Warnings, En) => "warnings",
            (Verdict::Ok, En) => "in order",
        }
    }
}

/// The cheques of a dossier checked against a rule set with uncertain values.
pub fn uncertain_cheques(d: &Dossier) -> Vec<&crate::model::Cheque> {
    d.cheques
        .iter()
        .filter(|c| c.ruleset.as_ref().is_some_and(|r| !r.onzeker.is_empty()))
        .collect()
}

/// Checks over the whole site, after every dossier was checked: one F08
/// warning per rule set with uncertain values that any cheque falls under,
/// at the first such cheque.
pub fn site_checks(entries: &[crate::model::Entry]) -> Vec<Diagnostic> {
    let mut sets: Vec<(std::sync::Arc<crate::model::RuleSet>, usize, Option<Loc>)> = Vec::new();
    for d in entries.iter().filter_map(|e| e.dossier.as_ref()) {
        for c in uncertain_cheques(d) {
            let Some(rs) = &c.ruleset else { continue };
            let loc = c.besteld_op.as_ref().map(|b| b.loc.clone());
            match sets.iter_mut().find(|(s, _, _)| s.id == rs.id) {
                Some(e) => e.1 += 1,
                None => sets.push((rs.clone(), 1, loc)),
            }
        }
    }
    sets.into_iter()
        .map(|(rs, count, loc)| {
            Diagnostic::warning(
                "F08",
                Msg::new("ruleset-uncertain")
                    .arg("count", count)
                    .arg("ruleset", &rs.id)
                    .arg("values", rs.onzeker_values()),
            )
            .at_opt(loc)
            .hint(Msg::new("ruleset-uncertain-hint").arg("ruleset", &rs.id))
            .scope(Scope::Site)
        })
        .collect()
}

/// Runs every rule over one dossier.
pub fn check(d: &Dossier, cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    trajectory::check(d, cx, &mut out);
    pop::check(d, &mut out);
    attest::check(d, cx, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
