//! The views of the printable documents: the POP, the Checklist POP and the
//! attest (the same structs feed the HTML pages and the Typst data).

use serde::Serialize;

use super::{CentrumView, DateView, begeleider, centrum};
use crate::config::{Config, filled};
use crate::markdown::SectionKind;
use crate::model::{Dossier, Pop, PopSoort};
use crate::validate::trajectory as trajectory_facts;

/// The POP (HTML page and `pop-N.pdf`).
#[derive(Debug, Clone, Serialize)]
pub struct PopView {
    pub title: String,
    pub cheque: u8,
    pub klant: String,
    pub begeleider: String,
    /// The centre that heads the document.
    pub centrum: CentrumView,
    /// The cheque's number as printed on it.
    pub chequenummer: Option<String>,
    /// The client's number, only when the centre prints it on the POP
    /// (`[centrum] klantennummer_op_pop`).
    pub klantennummer: Option<String>,
    pub gefinaliseerd_op: Option<DateView>,
    pub soort: &'static str,
    pub ondertekend: bool,
    /// The day of the signature, when recorded.
    pub ondertekend_op: Option<DateView>,
    /// The client will not sign: the document says "niet ondertekend door de
    /// klant" (the reason stays on the coach's pages).
    pub zonder_handtekening: bool,
    /// File name of the signature image inside the dossier folder.
    pub handtekening: Option<String>,
    /// The POP text as Markdown (the client's words).
    pub body: String,
    pub draft: bool,
}

impl PopView {
    pub fn new(d: &Dossier, p: &Pop, cfg: &Config, draft: bool) -> Self {
        PopView {
            title: format!("POP ({})", d.package_name(p.n)),
            cheque: p.n,
            klant: d.klant.naam(),
            begeleider: begeleider(d),
            centrum: CentrumView {
                naam: filled(&cfg.centrum.naam).map_or_else(|| cfg.title.clone(), str::to_string),
                ..centrum(cfg)
            },
            chequenummer: d
                .cheques
                .iter()
                .find(|c| c.nummer.v == i64::from(p.n))
                .and_then(|c| c.chequenummer.clone()),
            klantennummer: d
                .klant
                .klantennummer
                .clone()
                .filter(|_| cfg.centrum.klantennummer_op_pop),
            gefinaliseerd_op: p.gefinaliseerd_op.as_ref().map(|g| g.v.into()),
            soort: match p.soort.as_ref().map(|s| s.v) {
                Some(PopSoort::Actiegericht) => "actiegericht",
                _ => "reflexief",
            },
            ondertekend: p.signed(),
            ondertekend_op: p.ondertekend_op.as_ref().map(|o| o.v.into()),
            zonder_handtekening: p.never_signed(),
            // An image of a signature on a POP that is not signed would claim
            // what the dossier does not: shown only when it is signed.
            handtekening: p
                .handtekening
                .as_ref()
                .filter(|_| p.signed())
                .map(|h| h.v.name.clone()),
            body: p.text.body.clone(),
            draft,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Element {
    pub naam: &'static str,
    pub aanwezig: bool,
}

/// The Checklist POP: states that the client keeps the POP and ticks its
/// minimum elements, without any of its text.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    pub title: String,
    pub cheque: u8,
    pub klant: String,
    pub klantennummer: Option<String>,
    pub chequenummer: Option<String>,
    pub centrum: CentrumView,
    pub begeleider: String,
    pub gefinaliseerd_op: Option<DateView>,
    pub elementen: Vec<Element>,
    pub opleidingen: Vec<String>,
    pub draft: bool,
}

impl ChecklistView {
    pub fn new(d: &Dossier, p: &Pop, cfg: &Config, draft: bool) -> Self {
        let from_text = p.text.holds_pop();
        let has = |kind: SectionKind, tick: &str| {
            if from_text {
                p.text.section(kind).is_some_and(|s| s.has_text)
            } else {
                p.aanwezig
                    .as_ref()
                    .is_some_and(|a| a.v.iter().any(|x| x.v == tick))
            }
        };
        let algemeen = !d.klant.naam().is_empty() && p.gefinaliseerd_op.is_some();
        // Only trainings for which an attest is issued: the attest must be
        // traceable to the POP, and no other line of a POP the client keeps
        // private belongs in the centre's dossier.
        let mut opleidingen: Vec<String> = Vec::new();
        for o in &d.opleidingen {
            if o.attest
                && o.pop.as_ref().is_some_and(|n| n.v == i64::from(p.n))
                && !opleidingen.contains(&o.naam.v)
            {
                opleidingen.push(o.naam.v.clone());
            }
        }
        let cheque = d.cheques.iter().find(|c| c.nummer.v == i64::from(p.n));
        ChecklistView {
            title: format!("Checklist POP ({})", d.package_name(p.n)),
            cheque: p.n,
            klant: d.klant.naam(),
            klantennummer: d.klant.klantennummer.clone(),
            chequenummer: cheque.and_then(|c| c.chequenummer.clone()),
            centrum: centrum(cfg),
            begeleider: begeleider(d),
            gefinaliseerd_op: p.gefinaliseerd_op.as_ref().map(|g| g.v.into()),
            elementen: vec![
                Element {
                    naam: "Algemene gegevens (titel, datum van finalisatie, naam van de klant)",
                    aanwezig: algemeen,
                },
                Element {
                    naam: "Loopbaanvraag",
                    aanwezig: has(SectionKind::Loopbaanvraag, "loopbaanvraag"),
                },
                Element {
                    naam: "Reflecties en inzichten",
                    aanwezig: has(SectionKind::Reflecties, "reflecties"),
                },
                Element {
                    naam: "Keuzes, beslissingen en/of acties",
                    aanwezig: has(SectionKind::Keuzes, "keuzes"),
                },
            ],
            opleidingen,
            draft,
        }
    }
}

/// The "Attest opleiding in het kader van het persoonlijk ontwikkelingsplan".
#[derive(Debug, Clone, Serialize)]
pub struct AttestView {
    pub title: &'static str,
    pub voornaam: String,
    pub achternaam: String,
    pub opleiding: String,
    pub verstrekker: String,
    pub academiejaar: String,
    pub startdatum: Option<DateView>,
    pub incentives: Vec<&'static str>,
    pub centrum: CentrumView,
    /// The cheque of the POP it rests on, as printed on it (the klantennummer
    /// is not on the attest: it goes to the training provider).
    pub chequenummer: Option<String>,
    pub begeleider: String,
    pub traject_start: Option<DateView>,
    pub pop_cheque: Option<i64>,
    pub pop_gefinaliseerd_op: Option<DateView>,
    /// The POP the attest rests on: "POP van loopbaancheque 1, gefinaliseerd op 4 februari 2025".
    pub steunt_op: String,
    pub plaats: String,
    pub datum: Option<DateView>,
    pub draft: bool,
}

impl AttestView {
    pub fn new(d: &Dossier, i: usize, cfg: &Config, draft: bool) -> Self {
        let o = &d.opleidingen[i];
        let pop = o
            .pop
            .as_ref()
            .and_then(|n| d.pops.iter().find(|p| i64::from(p.n) == n.v));
        AttestView {
            title: "Attest opleiding in het kader van het persoonlijk ontwikkelingsplan",
            voornaam: d
                .klant
                .voornaam
                .as_ref()
                .map(|v| v.v.clone())
                .unwrap_or_default(),
            achternaam: d
                .klant
                .achternaam
                .as_ref()
                .map(|v| v.v.clone())
                .unwrap_or_default(),
            opleiding: o.naam.v.clone(),
            verstrekker: o
                .verstrekker
                .as_ref()
                .map(|v| v.v.clone())
                .unwrap_or_default(),
            academiejaar: o
                .academiejaar
                .as_ref()
                .map(|a| format!("{}-{}", a.v.0, a.v.1))
                .unwrap_or_default(),
            startdatum: o.startdatum.map(Into::into),
            incentives: o
                .incentives
                .iter()
                .map(|i| match i.as_str() {
                    "opleidingscheques" => "opleidingscheques",
                    "opleidingsverlof" => "Vlaams opleidingsverlof",
                    _ => "Vlaamse aanmoedigingspremie opleidingskrediet",
                })
                .collect(),
            centrum: centrum(cfg),
            chequenummer: o.pop.as_ref().and_then(|n| {
                d.cheques
                    .iter()
                    .find(|c| c.nummer.v == n.v)
                    .and_then(|c| c.chequenummer.clone())
            }),
            begeleider: begeleider(d),
            traject_start: trajectory_facts::start(d).map(Into::into),
            pop_cheque: o.pop.as_ref().map(|p| p.v),
            pop_gefinaliseerd_op: pop
                .and_then(|p| p.gefinaliseerd_op.as_ref())
                .map(|g| g.v.into()),
            steunt_op: match (
                o.pop.as_ref(),
                pop.and_then(|p| p.gefinaliseerd_op.as_ref()),
            ) {
                (Some(n), Some(f)) => format!(
                    "POP van {}, gefinaliseerd op {}",
                    d.package_phrase(n.v),
                    f.v.dutch_long()
                ),
                (Some(n), None) => format!("POP van {}", d.package_phrase(n.v)),
                _ => String::new(),
            },
            plaats: cfg.centrum.plaats().unwrap_or_default(),
            datum: o.attest_op.as_ref().map(|a| a.v.into()),
            draft,
        }
    }
}

// ---------------------------------------------------------------- HTML only
