//! The typed model: what a dossier says, lowered from the TOML and Markdown that
//! `load` read, with the location of every value so that rules can point at
//! it. A value that was missing or malformed is absent here (its problem is
//! already a diagnostic). The model reads no files.

mod entry;
mod index;
pub mod ruleset;
mod site;

pub use entry::{image_problem, lower_entry};
pub use ruleset::{RuleSet, RuleSets};
pub use site::{BrokenSettings, Entry, Site};

use std::path::PathBuf;
use std::sync::Arc;

use crate::date::Date;
use crate::load::image::Image;
use crate::markdown::PopText;
pub use crate::source::At;
use crate::source::{FileId, Loc};

/// One client's dossier: `content/<slug>/index.md` and its POPs.
#[derive(Debug)]
pub struct Dossier {
    pub slug: String,
    pub dir: PathBuf,
    pub index_file: FileId,
    /// The opening `+++` of index.md: where dossier-wide problems point.
    pub header: Loc,
    pub klant: Klant,
    pub begeleider: Option<At<String>>,
    /// The `[begeleider]` table, when written.
    pub begeleider_table: Option<Loc>,
    pub cheques: Vec<Cheque>,
    pub intake: Intake,
    /// The conversations held (or recorded as held): every rule and sum
    /// reads these.
    pub gesprekken: Vec<Gesprek>,
    /// The conversations planned (`gepland = true`): they count for no rule
    /// and no sum and are not exported; only the agenda shows them.
    pub gepland: Vec<Gesprek>,
    pub opdrachten: Vec<Opdracht>,
    pub opleidingen: Vec<Opleiding>,
    pub privacy: Privacy,
    /// The invitations to the anonymous evaluation: `[[evaluaties]]`, or the
    /// one of the older `[evaluatie]` (for every package).
    pub evaluaties: Vec<Evaluatie>,
    /// Where `[evaluatie]` and `[[evaluaties]]` were both written (the second
    /// one's table): an error, the one form or the other.
    pub evaluatie_both: Option<Loc>,
    /// `[dossier] gearchiveerd_op`: the trajectory is closed and archived.
    pub gearchiveerd_op: Option<At<Date>>,
    /// The coach's private notes (the body of index.md).
    pub notities: String,
    pub pops: Vec<Pop>,
    /// POP files that exist but could not be read (their problem is already a
    /// diagnostic): no rule reports them as missing.
    pub unreadable_pops: Vec<u8>,
    /// True when index.md had format errors: the model may be incomplete.
    pub incomplete: bool,
    /// False when a `[[gesprekken]]` entry could not be read: sums of minutes
    /// would be wrong, so the rules that need every conversation stay quiet
    /// until it is fixed (its own error already holds every document back).
    pub gesprekken_complete: bool,
    /// Keys of index.md written with a value that could not be read (already
    /// an error): `cheques` (an entry), `toegelicht`, `evaluatie`. The rules
    /// that would call them missing stay quiet.
    pub unreadable: Vec<&'static str>,
}

impl Dossier {
    pub fn unreadable(&self, key: &str) -> bool {
        self.unreadable.contains(&key)
    }

    /// How the documents name package `n`: "loopbaancheque 1",
    /// "loopbaankrediet" (a number without a `[[cheques]]` entry: a cheque).
    pub fn package_name(&self, n: impl Into<i64>) -> String {
        let n = n.into();
        self.cheques
            .iter()
            .find(|c| c.nummer.v == n)
            .map_or_else(|| format!("loopbaancheque {n}"), Cheque::naam)
    }

    /// How a sentence names package `n`: "loopbaancheque 1", "het
    /// loopbaankrediet" ("POP van het loopbaankrediet").
    pub fn package_phrase(&self, n: impl Into<i64>) -> String {
        let n = n.into();
        match self.cheques.iter().find(|c| c.nummer.v == n) {
            Some(c) if c.kind == ruleset::Kind::Loopbaankrediet => "het loopbaankrediet".into(),
            _ => format!("loopbaancheque {n}"),
        }
    }

    /// How the desk and the agenda name package `n`: "cheque 1", "krediet".
    pub fn package_short(&self, n: impl Into<i64>) -> String {
        let n = n.into();
        self.cheques
            .iter()
            .find(|c| c.nummer.v == n)
            .map_or_else(|| format!("cheque {n}"), Cheque::kort)
    }

    /// The evaluation invitations that count for package `n`: those for it
    /// and those for every package.
    pub fn evaluaties_for(&self, n: i64) -> impl Iterator<Item = &Evaluatie> {
        self.evaluaties
            .iter()
            .filter(move |e| e.cheque.as_ref().is_none_or(|c| c.v == n))
    }
}

#[derive(Debug, Default)]
pub struct Klant {
    pub voornaam: Option<At<String>>,
    pub achternaam: Option<At<String>>,
    pub opleidingsniveau: Option<String>,
    pub klantennummer: Option<String>,
    /// `eerder_loopbaancheque`: the client used a loopbaancheque before.
    pub eerder_loopbaancheque: Option<At<bool>>,
    /// The `[klant]` table, when present.
    pub loc: Option<Loc>,
}

impl Klant {
    pub fn naam(&self) -> String {
        let v = self.voornaam.as_ref().map_or("", |s| s.v.trim());
        let a = self.achternaam.as_ref().map_or("", |s| s.v.trim());
        format!("{v} {a}").trim().to_string()
    }
}

#[derive(Debug)]
pub struct Cheque {
    pub nummer: At<i64>,
    /// What pays for it: a loopbaancheque (the default) or a loopbaankrediet.
    pub kind: ruleset::Kind,
    pub besteld_op: Option<At<Date>>,
    pub chequenummer: Option<String>,
    /// The validity printed on the cheque, when the coach recorded it.
    pub geldig_tot: Option<At<Date>>,
    /// The package was closed before it was used up (the client stopped).
    pub afgesloten_op: Option<At<Date>>,
    /// Why (private, like `notities`: the coach's pages only).
    pub reden: Option<String>,
    pub loc: Loc,
    /// The rule set that governs this cheque (by `besteld_op`, or pinned).
    pub ruleset: Option<Arc<RuleSet>>,
}

impl Cheque {
    /// The package as the documents name it: "loopbaancheque 1",
    /// "loopbaankrediet".
    pub fn naam(&self) -> String {
        match self.kind {
            ruleset::Kind::Loopbaancheque => format!("loopbaancheque {}", self.nummer.v),
            ruleset::Kind::Loopbaankrediet => "loopbaankrediet".to_string(),
        }
    }

    /// As a sentence names it: "cheque 1", "het loopbaankrediet".
    pub fn in_zin(&self) -> String {
        match self.kind {
            ruleset::Kind::Loopbaancheque => format!("cheque {}", self.nummer.v),
            ruleset::Kind::Loopbaankrediet => "het loopbaankrediet".to_string(),
        }
    }

    /// As the desk names it: "cheque 1", "krediet".
    pub fn kort(&self) -> String {
        match self.kind {
            ruleset::Kind::Loopbaancheque => format!("cheque {}", self.nummer.v),
            ruleset::Kind::Loopbaankrediet => "krediet".to_string(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Intake {
    pub loc: Option<Loc>,
    pub overeenkomst_ondertekend_op: Option<At<Date>>,
    pub eigen_initiatief: Option<At<bool>>,
    pub deel_van_andere_begeleiding: Option<At<bool>>,
    pub toegelicht: Vec<At<String>>,
}

/// The ten intake topics (domain.md 5.1), in the order of the intake.
pub const INTAKE_TOPICS: [&str; 10] = [
    "recht",
    "financiele-bijdrage",
    "gedragscode",
    "klachtenprocedure",
    "confidentialiteit",
    "gelijke-behandeling",
    "loopbaandoelstelling",
    "loopbaanvraag",
    "inhoud-en-pop",
    "overeenkomst",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Soort {
    Kennismaking,
    Intake,
    Verdieping,
    Synthese,
    Nazorg,
}

impl Soort {
    pub const NAMES: [&'static str; 5] =
        ["kennismaking", "intake", "verdieping", "synthese", "nazorg"];

    pub fn parse(s: &str) -> Option<Soort> {
        Some(match s {
            "kennismaking" => Soort::Kennismaking,
            "intake" => Soort::Intake,
            "verdieping" => Soort::Verdieping,
            "synthese" => Soort::Synthese,
            "nazorg" => Soort::Nazorg,
            _ => return None,
        })
    }

    /// Conversations of these kinds count towards a cheque's hours.
    pub fn is_charged(self) -> bool {
        matches!(self, Soort::Intake | Soort::Verdieping | Soort::Synthese)
    }
}

/// One conversation. Entries missing a required key are not in the model.
#[derive(Debug)]
pub struct Gesprek {
    /// Its place in `[[gesprekken]]` (1-based): a planned conversation's
    /// calendar id.
    pub nr: usize,
    pub datum: At<Date>,
    pub soort: At<Soort>,
    pub minuten: At<i64>,
    pub groep: bool,
    pub kanaal: Option<String>,
    pub cheque: Option<At<i64>>,
    /// `gepland = true`: still to come.
    pub gepland: Option<At<bool>>,
    /// `tijd = "14:00"`: the hour and minute (for the agenda).
    pub tijd: Option<At<(u8, u8)>>,
    /// The day it was registered with the funder.
    pub geregistreerd_op: Option<At<Date>>,
    /// Private; never rendered (no view struct has a field for it).
    pub notities: Option<String>,
    pub loc: Loc,
}

impl Gesprek {
    /// The cheque this conversation is charged to, if it is charged: an
    /// intake, verdieping or synthese with a `cheque` other than 0 (0 is "not
    /// charged", a free session).
    pub fn charged_to(&self) -> Option<i64> {
        if self.soort.v.is_charged() {
            self.cheque.as_ref().map(|c| c.v).filter(|n| *n != 0)
        } else {
            None
        }
    }

    /// `cheque = 0`: recorded as not charged.
    pub fn free(&self) -> bool {
        self.cheque.as_ref().is_some_and(|c| c.v == 0)
    }
}

/// One invitation to the anonymous evaluation.
#[derive(Debug)]
pub struct Evaluatie {
    /// The package it follows; `None`: every package (as `[evaluatie]`).
    pub cheque: Option<At<i64>>,
    pub uitgenodigd_op: At<Date>,
}

#[derive(Debug)]
pub struct Opdracht {
    pub titel: String,
    pub gegeven_op: Option<Date>,
    pub besproken_op: Option<Date>,
}

#[derive(Debug)]
pub struct Opleiding {
    pub naam: At<String>,
    pub verstrekker: Option<At<String>>,
    pub academiejaar: Option<At<(i32, i32)>>,
    pub startdatum: Option<Date>,
    pub incentives: Vec<String>,
    pub pop: Option<At<i64>>,
    pub attest: bool,
    pub attest_op: Option<At<Date>>,
    pub enkel_voor_incentive: Option<At<bool>>,
    pub loc: Loc,
    /// Keys written with a value that could not be read (already an error):
    /// the rules do not also call them missing.
    pub unreadable: Vec<&'static str>,
}

pub const INCENTIVES: [&str; 3] = ["opleidingscheques", "opleidingsverlof", "opleidingskrediet"];

#[derive(Debug)]
pub struct Privacy {
    pub pop_in_dossier: bool,
    pub publiceren: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PopSoort {
    Reflexief,
    Actiegericht,
}

/// One `pop-N.md`.
#[derive(Debug)]
pub struct Pop {
    /// N from the file name.
    pub n: u8,
    pub file: FileId,
    pub header: Loc,
    pub cheque: Option<At<i64>>,
    pub gefinaliseerd_op: Option<At<Date>>,
    pub soort: Option<At<PopSoort>>,
    pub ondertekend: Option<At<bool>>,
    /// The day the client signed (implies signed).
    pub ondertekend_op: Option<At<Date>>,
    /// The client will not sign, and why (private: the coach's pages only).
    pub zonder_handtekening: Option<At<String>>,
    /// The signature image, read by `load` (its bytes go into the PDF).
    pub handtekening: Option<At<Image>>,
    pub opleidingen: Vec<At<String>>,
    pub aanwezig: Option<At<Vec<At<String>>>>,
    pub text: PopText,
    /// Keys written with a value that could not be read (already an error).
    pub unreadable: Vec<&'static str>,
}

impl Pop {
    /// Whether the client signed: `ondertekend = true` or a signature date.
    pub fn signed(&self) -> bool {
        self.ondertekend.as_ref().is_some_and(|o| o.v) || self.ondertekend_op.is_some()
    }

    /// Whether the client will not sign (`zonder_handtekening`).
    pub fn never_signed(&self) -> bool {
        self.zonder_handtekening.is_some() && !self.signed()
    }
}

/// The elements a coach can tick in `aanwezig` for a POP the client keeps.
pub const AANWEZIG: [&str; 3] = ["loopbaanvraag", "reflecties", "keuzes"];
