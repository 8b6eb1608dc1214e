//! View structs: for each document exactly the fields it shows, built from the
//! model. Nothing else reaches a template, so no page or PDF can leak a field it
//! never received (session notes and the coach's notes exist only in
//! `NotesView`, rendered only when the site turns the coach's notes view on).

use serde::Serialize;

use crate::config::{Config, filled};
use crate::date::Date;
use crate::diag::{Diagnostic, Lang, Severity};
use crate::markdown::SectionKind;
use crate::model::{Dossier, INTAKE_TOPICS, Pop, PopSoort, Soort};
use crate::rules::RULES;
use crate::validate::Verdict;
use crate::validate::trajectory as trajectory_facts;

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub lang: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView {
            iso: d.to_string(),
            lang: d.dutch_long(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CentrumView {
    pub naam: String,
    pub ondernemingsnummer: String,
    pub adres: String,
}

fn centrum(cfg: &Config) -> CentrumView {
    let c = &cfg.centrum;
    let text = |v| filled(v).unwrap_or_default().to_string();
    CentrumView {
        naam: text(&c.naam),
        ondernemingsnummer: text(&c.ondernemingsnummer),
        adres: text(&c.adres),
    }
}

fn begeleider(d: &Dossier) -> String {
    d.begeleider
        .as_ref()
        .map(|b| b.v.clone())
        .unwrap_or_default()
}

/// The POP (HTML page and `pop-N.pdf`).
#[derive(Debug, Clone, Serialize)]
pub struct PopView {
    pub title: String,
    pub cheque: u8,
    pub klant: String,
    pub begeleider: String,
    pub centrum: String,
    pub gefinaliseerd_op: Option<DateView>,
    pub soort: &'static str,
    pub ondertekend: bool,
    /// File name of the signature image inside the dossier folder.
    pub handtekening: Option<String>,
    /// The POP text as Markdown (the client's words).
    pub body: String,
    pub draft: bool,
}

impl PopView {
    pub fn new(d: &Dossier, p: &Pop, cfg: &Config, draft: bool) -> Self {
        PopView {
            title: format!("POP (loopbaancheque {})", p.n),
            cheque: p.n,
            klant: d.klant.naam(),
            begeleider: begeleider(d),
            centrum: filled(&cfg.centrum.naam).map_or_else(|| cfg.title.clone(), str::to_string),
            gefinaliseerd_op: p.gefinaliseerd_op.as_ref().map(|g| g.v.into()),
            soort: match p.soort.as_ref().map(|s| s.v) {
                Some(PopSoort::Actiegericht) => "actiegericht",
                _ => "reflexief",
            },
            ondertekend: p.ondertekend.as_ref().is_some_and(|o| o.v),
            // An image of a signature on a POP that is not signed would claim
            // what the dossier does not: shown only with `ondertekend = true`.
            handtekening: p
                .handtekening
                .as_ref()
                .filter(|_| p.ondertekend.as_ref().is_some_and(|o| o.v))
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
        let from_text = !p.text.is_empty();
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
            title: format!("Checklist POP (loopbaancheque {})", p.n),
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
                    "POP van loopbaancheque {}, gefinaliseerd op {}",
                    n.v,
                    f.v.dutch_long()
                ),
                (Some(n), None) => format!("POP van loopbaancheque {}", n.v),
                _ => String::new(),
            },
            plaats: cfg.centrum.plaats().unwrap_or_default(),
            datum: o.attest_op.as_ref().map(|a| a.v.into()),
            draft,
        }
    }
}

// ---------------------------------------------------------------- HTML only

#[derive(Debug, Clone, Serialize)]
pub struct DiagView {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
    pub place: String,
}

pub fn diag_views(
    diags: &[Diagnostic],
    sources: &crate::source::Sources,
    lang: Lang,
) -> Vec<DiagView> {
    diags
        .iter()
        .map(|d| DiagView {
            rule: d.rule,
            severity: d.severity,
            message: d.msg.render(lang),
            hint: d.hint.as_ref().map(|h| h.render(lang)),
            place: d.loc.as_ref().map_or(String::new(), |l| {
                let f = sources.get(l.file);
                let (line, col) = f.line_col(l.range.start);
                format!("{}:{line}:{col}", f.name)
            }),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    pub datum: DateView,
    pub soort: Soort,
    pub minuten: i64,
    pub vorm: &'static str,
    pub kanaal: Option<String>,
    pub cheque: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub naam: &'static str,
    pub uitleg: String,
    pub sessies: Vec<SessionView>,
    pub opdrachten: Vec<OpdrachtView>,
    /// A dated fact without a conversation (the evaluation invitation).
    pub notitie: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpdrachtView {
    pub titel: String,
    pub gegeven_op: Option<DateView>,
    pub besproken_op: Option<DateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChequeView {
    pub nummer: i64,
    pub besteld_op: Option<DateView>,
    pub regelset: String,
    pub totaal: i64,
    pub individueel: i64,
    pub groep: i64,
    pub pakket: Option<i64>,
    pub chart: String,
    /// Values of its rule set that no published source confirms, with what
    /// popdoc assumed for them; empty when the rule set is certain.
    pub onzeker: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    pub naam: &'static str,
    pub toegelicht: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckView {
    pub id: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    /// "ok", "warning" or "error".
    pub status: &'static str,
    pub messages: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    pub naam: String,
    pub href: Option<String>,
    /// "definitief", "ontwerp" or "tegengehouden".
    pub status: &'static str,
}

/// The trajectory page of one dossier.
#[derive(Debug, Clone, Serialize)]
pub struct TrajectView {
    pub slug: String,
    pub klant: String,
    pub begeleider: String,
    pub status: Verdict,
    pub cheques: Vec<ChequeView>,
    pub fasen: Vec<PhaseView>,
    pub intake: Vec<TopicView>,
    pub checks: Vec<CheckView>,
    pub diagnostics: Vec<DiagView>,
    pub documenten: Vec<DocView>,
    pub pop_bewaard: bool,
    pub notities: bool,
}

impl TrajectView {
    /// The page of a dossier whose index.md could not be read: only its problems.
    pub fn broken(
        slug: &str,
        diags: &[Diagnostic],
        sources: &crate::source::Sources,
        lang: Lang,
    ) -> Self {
        TrajectView {
            slug: slug.to_string(),
            klant: slug.to_string(),
            begeleider: String::new(),
            status: status(None, diags),
            cheques: vec![],
            fasen: vec![],
            intake: vec![],
            checks: vec![],
            diagnostics: diag_views(diags, sources, lang),
            documenten: vec![],
            pop_bewaard: true,
            notities: false,
        }
    }
}

/// The verdict of a dossier: "errors", "uncertain", "warnings" or "ok".
pub fn status(d: Option<&Dossier>, diags: &[Diagnostic]) -> Verdict {
    Verdict::of(d, diags)
}

const TOPIC_LABELS: [&str; 10] = [
    "Recht op loopbaanbegeleiding",
    "Financiële bijdrage",
    "Gedragscode",
    "Klachtenprocedure",
    "Confidentialiteit",
    "Gelijke behandeling en non-discriminatie",
    "Belang van de loopbaandoelstelling",
    "Verkenning van de loopbaanvraag",
    "Mogelijke inhoud en resultaat (POP)",
    "Ondertekening van de overeenkomst",
];

impl TrajectView {
    pub fn new(
        d: &Dossier,
        diags: &[Diagnostic],
        sources: &crate::source::Sources,
        lang: Lang,
        docs: Vec<DocView>,
        notities: bool,
    ) -> Self {
        let mut sessies: Vec<&crate::model::Gesprek> = d.gesprekken.iter().collect();
        sessies.sort_by_key(|g| g.datum.v);
        let session = |g: &crate::model::Gesprek| SessionView {
            datum: g.datum.v.into(),
            soort: g.soort.v,
            minuten: g.minuten.v,
            vorm: if g.groep { "groep" } else { "individueel" },
            kanaal: g.kanaal.clone(),
            cheque: g.cheque.as_ref().map(|c| c.v),
        };
        let of = |s: Soort| {
            sessies
                .iter()
                .filter(|g| g.soort.v == s)
                .map(|g| session(g))
                .collect::<Vec<_>>()
        };
        let phase = |naam, uitleg: &str, sessies| PhaseView {
            naam,
            uitleg: uitleg.to_string(),
            sessies,
            opdrachten: vec![],
            notitie: None,
        };
        let mut fasen = vec![
            phase(
                "Kennismaking",
                "gratis, telt niet mee",
                of(Soort::Kennismaking),
            ),
            phase("Intake", "toelichting en overeenkomst", of(Soort::Intake)),
            phase(
                "Verdiepende gesprekken",
                "werken aan de loopbaanvraag",
                of(Soort::Verdieping),
            ),
            PhaseView {
                naam: "Opdrachten",
                uitleg: "tussen de gesprekken".into(),
                sessies: vec![],
                opdrachten: d
                    .opdrachten
                    .iter()
                    .map(|o| OpdrachtView {
                        titel: o.titel.clone(),
                        gegeven_op: o.gegeven_op.map(Into::into),
                        besproken_op: o.besproken_op.map(Into::into),
                    })
                    .collect(),
                notitie: None,
            },
            phase(
                "Synthese met POP",
                "de POP wordt gefinaliseerd",
                of(Soort::Synthese),
            ),
            phase(
                "Nazorg",
                "tot een jaar na de synthese, max. 30 minuten",
                of(Soort::Nazorg),
            ),
        ];
        if let Some(e) = &d.evaluatie {
            fasen.insert(
                5,
                PhaseView {
                    naam: "Evaluatie",
                    uitleg: "anonieme evaluatie".into(),
                    sessies: vec![],
                    opdrachten: vec![],
                    notitie: Some(format!("uitgenodigd op {}", e.v.dutch_long())),
                },
            );
        }
        let cheques = d
            .cheques
            .iter()
            .map(|c| {
                let h = trajectory_facts::hours(d, c.nummer.v);
                let rs = c.ruleset.as_deref();
                ChequeView {
                    nummer: c.nummer.v,
                    besteld_op: c.besteld_op.as_ref().map(|b| b.v.into()),
                    regelset: rs.map(|r| r.id.clone()).unwrap_or_else(|| "—".into()),
                    totaal: h.total,
                    individueel: h.individueel,
                    groep: h.groep,
                    pakket: rs.and_then(|r| r.pakket(c.nummer.v)),
                    chart: super::chart::hours_svg(c.nummer.v, &h, rs),
                    onzeker: rs.map(|r| r.onzeker_values()).unwrap_or_default(),
                }
            })
            .collect();
        let intake = INTAKE_TOPICS
            .iter()
            .zip(TOPIC_LABELS)
            .map(|(t, naam)| TopicView {
                naam,
                toegelicht: d.intake.toegelicht.iter().any(|x| x.v == *t),
            })
            .collect();
        // F08 is reported once per site; on the page it is this dossier's own.
        let uncertain: Vec<String> = crate::validate::uncertain_cheques(d)
            .iter()
            .filter_map(|c| {
                let rs = c.ruleset.as_ref()?;
                Some(format!(
                    "cheque {} ({}): onzeker: {}",
                    c.nummer.v,
                    rs.id,
                    rs.onzeker_values()
                ))
            })
            .collect();
        let checks = RULES
            .iter()
            .map(|r| {
                let mine: Vec<&Diagnostic> = diags.iter().filter(|g| g.rule == r.id).collect();
                if r.id == "F08" && !uncertain.is_empty() {
                    return CheckView {
                        id: r.id,
                        name: r.name,
                        summary: if lang == Lang::Nl {
                            r.summary_nl
                        } else {
                            r.summary_en
                        },
                        status: "warning",
                        messages: uncertain.clone(),
                    };
                }
                CheckView {
                    id: r.id,
                    name: r.name,
                    summary: if lang == Lang::Nl {
                        r.summary_nl
                    } else {
                        r.summary_en
                    },
                    status: if mine.iter().any(|g| g.is_error()) {
                        "error"
                    } else if mine.is_empty() {
                        "ok"
                    } else {
                        "warning"
                    },
                    messages: mine.iter().map(|g| g.msg.render(lang)).collect(),
                }
            })
            .collect();
        TrajectView {
            slug: d.slug.clone(),
            klant: d.klant.naam(),
            begeleider: begeleider(d),
            status: status(Some(d), diags),
            cheques,
            fasen,
            intake,
            checks,
            diagnostics: diag_views(diags, sources, lang),
            documenten: docs,
            pop_bewaard: d.privacy.pop_in_dossier,
            notities,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub slug: String,
    pub klant: String,
    pub begeleider: String,
    pub status: Verdict,
    pub fouten: usize,
    pub waarschuwingen: usize,
    pub href: String,
    /// Minutes charged per cheque against its package (a meter on the page).
    pub cheques: Vec<ChequeUse>,
    /// The first deadline not done.
    pub volgende: Option<DeadlineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChequeUse {
    pub nummer: i64,
    pub minuten: i64,
    pub pakket: Option<i64>,
}

/// A deadline as the dashboard shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    pub slug: String,
    pub klant: String,
    pub datum: DateView,
    pub state: crate::deadlines::State,
    pub label: &'static str,
    pub title: String,
}

impl From<&crate::deadlines::Item> for DeadlineView {
    fn from(i: &crate::deadlines::Item) -> Self {
        DeadlineView {
            slug: i.slug.clone(),
            klant: i.klant.clone(),
            datum: i.date.into(),
            state: i.state,
            label: i.state.label(),
            title: i.title.clone(),
        }
    }
}

impl IndexEntry {
    pub fn new(e: &crate::model::Entry, config: &Config, today: Date) -> Self {
        let (errors, warnings) = crate::diag::counts(&e.diags);
        let d = e.dossier.as_ref();
        IndexEntry {
            slug: e.slug.clone(),
            klant: d.map(|d| d.klant.naam()).unwrap_or_default(),
            begeleider: d.map(begeleider).unwrap_or_default(),
            status: status(d, &e.diags),
            fouten: errors,
            waarschuwingen: warnings,
            href: format!("{}/index.html", e.slug),
            cheques: d
                .map(|d| {
                    d.cheques
                        .iter()
                        .map(|c| ChequeUse {
                            nummer: c.nummer.v,
                            minuten: trajectory_facts::hours(d, c.nummer.v).total,
                            pakket: c.ruleset.as_ref().and_then(|r| r.pakket(c.nummer.v)),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            volgende: d.and_then(|d| {
                crate::deadlines::items(d, config, today)
                    .iter()
                    .find(|i| i.state != crate::deadlines::State::Done)
                    .map(Into::into)
            }),
        }
    }
}

/// The coach-only notes page (off by default): the body of index.md and the
/// session notes. Never a source for any other document.
#[derive(Debug, Clone, Serialize)]
pub struct NotesView {
    pub klant: String,
    pub notities_html: String,
    pub sessies: Vec<(DateView, String)>,
}

impl NotesView {
    pub fn new(d: &Dossier, allow_raw_html: bool) -> Self {
        NotesView {
            klant: d.klant.naam(),
            notities_html: crate::markdown::to_html(&d.notities, allow_raw_html, 2),
            sessies: d
                .gesprekken
                .iter()
                .filter_map(|g| g.notities.as_ref().map(|n| (g.datum.v.into(), n.clone())))
                .collect(),
        }
    }
}
