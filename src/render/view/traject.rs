//! The view of a dossier's trajectory page: its phases and conversations, the
//! hours per cheque, the intake topics, every check and its documents.

use serde::Serialize;

use super::{DateView, DiagView, begeleider, diag_views, status};
use crate::date::Date;
use crate::diag::rules::RULES;
use crate::diag::{Diagnostic, Lang};
use crate::model::{Dossier, INTAKE_TOPICS, Soort};
use crate::validate::Verdict;
use crate::validate::state::{self, State};
use crate::validate::trajectory as trajectory_facts;

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    pub datum: DateView,
    pub soort: Soort,
    pub minuten: i64,
    pub vorm: &'static str,
    pub kanaal: Option<String>,
    pub cheque: Option<i64>,
    /// `cheque = 0`: a free session, not charged.
    pub gratis: bool,
    /// Planned, still to come (`gepland = true`).
    pub gepland: bool,
    /// "14:00", when given.
    pub tijd: Option<String>,
    pub geregistreerd_op: Option<DateView>,
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

/// One dated event of the timeline, in date order: a conversation (held or
/// planned), an assignment given or discussed, an evaluation invitation.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub datum: DateView,
    /// "Intake", "Verdiepend gesprek", "Opdracht gegeven", ...
    pub wat: String,
    /// What else there is to say: "60 min, individueel, video om 14:00".
    pub detail: String,
    /// The package it belongs to: "loopbaancheque 1", "het loopbaankrediet";
    /// `None` for a free session or a fact of no package.
    pub pakket: Option<String>,
    pub gratis: bool,
    pub gepland: bool,
    pub geregistreerd_op: Option<DateView>,
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
    /// "Cheque 1", "Loopbaankrediet".
    pub naam: String,
    pub besteld_op: Option<DateView>,
    pub regelset: String,
    pub totaal: i64,
    pub individueel: i64,
    pub groep: i64,
    pub pakket: Option<i64>,
    /// The package's state ("lopend") and its id for the style.
    pub state: &'static str,
    pub state_id: State,
    pub chart: String,
    /// Values of its rule set that no published source confirms, with what
    /// popdoc assumed for them; empty when the rule set is certain.
    pub onzeker: String,
    /// Closed early: the day, and why (private: the coach's page only).
    pub afgesloten_op: Option<DateView>,
    pub reden: Option<String>,
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
    /// The summary and messages as HTML (keys between backticks as `<code>`).
    pub summary_html: String,
    pub messages_html: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    pub naam: String,
    pub href: Option<String>,
    /// "definitief", "ontwerp", "tegengehouden", "wacht", "verouderd", ...
    pub status: &'static str,
    /// What a document that waits (its package is still running) waits for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wacht_op: Option<String>,
}

impl DocView {
    pub fn new(naam: impl Into<String>, href: Option<String>, status: &'static str) -> DocView {
        DocView {
            naam: naam.into(),
            href,
            status,
            wacht_op: None,
        }
    }
}

/// A POP the client will not sign, and why.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureNote {
    pub cheque: u8,
    pub reden: String,
}

/// The trajectory page of one dossier.
#[derive(Debug, Clone, Serialize)]
pub struct TrajectView {
    pub slug: String,
    pub klant: String,
    pub begeleider: String,
    pub status: Verdict,
    /// The dossier's state ("lopend") and its id for the style.
    pub state: &'static str,
    pub state_id: Option<State>,
    pub cheques: Vec<ChequeView>,
    pub fasen: Vec<PhaseView>,
    /// Every dated event, in date order, each with its package.
    pub tijdlijn: Vec<EventView>,
    pub intake: Vec<TopicView>,
    pub checks: Vec<CheckView>,
    /// The problems (errors and warnings), first.
    pub diagnostics: Vec<DiagView>,
    /// What is still to be done while the trajectory runs.
    pub todos: Vec<DiagView>,
    pub documenten: Vec<DocView>,
    pub pop_bewaard: bool,
    /// `[dossier] gearchiveerd_op`, when set.
    pub gearchiveerd_op: Option<DateView>,
    /// The POPs the client will not sign, with the reason (the coach's page
    /// only: the documents say "niet ondertekend door de klant").
    pub zonder_handtekening: Vec<SignatureNote>,
    pub notities: bool,
    /// Why this page shows the last good version (the dossier cannot be
    /// read now), if it does.
    pub verouderd: Option<String>,
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
            state: "",
            state_id: None,
            cheques: vec![],
            fasen: vec![],
            tijdlijn: vec![],
            intake: vec![],
            checks: vec![],
            diagnostics: diag_views(diags, sources, lang),
            todos: vec![],
            documenten: vec![],
            pop_bewaard: true,
            gearchiveerd_op: None,
            zonder_handtekening: vec![],
            notities: false,
            verouderd: None,
        }
    }
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
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        d: &Dossier,
        diags: &[Diagnostic],
        sources: &crate::source::Sources,
        lang: Lang,
        docs: Vec<DocView>,
        notities: bool,
        today: Date,
    ) -> Self {
        let (todos, problems): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diags.iter().cloned().partition(|g| g.is_todo());
        let dossier_state = state::dossier(d, today);
        TrajectView {
            slug: d.slug.clone(),
            klant: d.klant.naam(),
            begeleider: begeleider(d),
            status: status(Some(d), diags),
            state: dossier_state.label(lang),
            state_id: Some(dossier_state),
            cheques: cheque_views(d, today, lang),
            fasen: phases(d),
            tijdlijn: timeline(d),
            intake: INTAKE_TOPICS
                .iter()
                .zip(TOPIC_LABELS)
                .map(|(t, naam)| TopicView {
                    naam,
                    toegelicht: d.intake.toegelicht.iter().any(|x| x.v == *t),
                })
                .collect(),
            checks: checks(d, diags, lang),
            diagnostics: diag_views(&problems, sources, lang),
            todos: diag_views(&todos, sources, lang),
            documenten: docs,
            pop_bewaard: d.privacy.pop_in_dossier,
            gearchiveerd_op: d.gearchiveerd_op.as_ref().map(|g| g.v.into()),
            zonder_handtekening: d
                .pops
                .iter()
                .filter(|p| p.never_signed())
                .filter_map(|p| {
                    Some(SignatureNote {
                        cheque: p.n,
                        reden: p.zonder_handtekening.as_ref()?.v.clone(),
                    })
                })
                .collect(),
            notities,
            verouderd: None,
        }
    }
}

/// The phases of the trajectory, each with its conversations in date order.
fn phases(d: &Dossier) -> Vec<PhaseView> {
    let mut sessies: Vec<&crate::model::Gesprek> = d.gesprekken.iter().chain(&d.gepland).collect();
    sessies.sort_by_key(|g| g.datum.v);
    let of = |s: Soort| {
        sessies
            .iter()
            .filter(|g| g.soort.v == s)
            .map(|g| SessionView {
                datum: g.datum.v.into(),
                soort: g.soort.v,
                minuten: g.minuten.v,
                vorm: if g.groep { "groep" } else { "individueel" },
                kanaal: g.kanaal.clone(),
                cheque: g.cheque.as_ref().map(|c| c.v).filter(|n| *n != 0),
                gratis: g.free(),
                gepland: g.gepland.as_ref().is_some_and(|p| p.v),
                tijd: g
                    .tijd
                    .as_ref()
                    .map(|t| format!("{:02}:{:02}", t.v.0, t.v.1)),
                geregistreerd_op: g.geregistreerd_op.as_ref().map(|r| r.v.into()),
            })
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
    if !d.evaluaties.is_empty() {
        let mut invites: Vec<&crate::model::Evaluatie> = d.evaluaties.iter().collect();
        invites.sort_by_key(|e| e.uitgenodigd_op.v);
        let said: Vec<String> = invites
            .iter()
            .map(|e| match &e.cheque {
                Some(c) => format!(
                    "uitgenodigd op {} (cheque {})",
                    e.uitgenodigd_op.v.dutch_long(),
                    c.v
                ),
                None => format!("uitgenodigd op {}", e.uitgenodigd_op.v.dutch_long()),
            })
            .collect();
        fasen.insert(
            5,
            PhaseView {
                naam: "Evaluatie",
                uitleg: "anonieme evaluatie".into(),
                sessies: vec![],
                opdrachten: vec![],
                notitie: Some(said.join("; ")),
            },
        );
    }
    fasen
}

/// The timeline: every dated event in date order (a day's events in the
/// trajectory's order), each with the package it belongs to.
fn timeline(d: &Dossier) -> Vec<EventView> {
    let mut events: Vec<(Date, u8, EventView)> = Vec::new();
    let soort_naam = |s: Soort| match s {
        Soort::Kennismaking => "Kennismaking",
        Soort::Intake => "Intake",
        Soort::Verdieping => "Verdiepend gesprek",
        Soort::Synthese => "Synthese met POP",
        Soort::Nazorg => "Nazorg",
    };
    for g in d.gesprekken.iter().chain(&d.gepland) {
        let mut detail = format!(
            "{} min, {}",
            g.minuten.v,
            if g.groep { "in groep" } else { "individueel" }
        );
        if let Some(k) = &g.kanaal {
            detail.push_str(&format!(", {k}"));
        }
        if let Some(t) = &g.tijd {
            detail.push_str(&format!(" om {:02}:{:02}", t.v.0, t.v.1));
        }
        let cheque = g.cheque.as_ref().map(|c| c.v).filter(|n| *n != 0);
        // Nazorg belongs to the package of the synthese it follows, whether
        // or not the coach wrote its `cheque`.
        let cheque = match (g.soort.v, cheque) {
            (Soort::Nazorg, None) => match trajectory_facts::nazorg_package(d, g) {
                trajectory_facts::Package::Cheque(n) => Some(n),
                _ => None,
            },
            _ => cheque,
        };
        events.push((
            g.datum.v,
            g.soort.v as u8,
            EventView {
                datum: g.datum.v.into(),
                wat: soort_naam(g.soort.v).to_string(),
                detail,
                pakket: if g.free() {
                    None
                } else {
                    cheque.map(|n| d.package_phrase(n))
                },
                gratis: g.free(),
                gepland: g.gepland.as_ref().is_some_and(|p| p.v),
                geregistreerd_op: g.geregistreerd_op.as_ref().map(|r| r.v.into()),
            },
        ));
    }
    let plain = |datum: Date, wat: String, detail: String, pakket: Option<String>| EventView {
        datum: datum.into(),
        wat,
        detail,
        pakket,
        gratis: false,
        gepland: false,
        geregistreerd_op: None,
    };
    for o in &d.opdrachten {
        if let Some(on) = o.gegeven_op {
            events.push((
                on,
                9,
                plain(on, "Opdracht gegeven".into(), o.titel.clone(), None),
            ));
        }
        if let Some(on) = o.besproken_op {
            events.push((
                on,
                9,
                plain(on, "Opdracht besproken".into(), o.titel.clone(), None),
            ));
        }
    }
    for e in &d.evaluaties {
        let on = e.uitgenodigd_op.v;
        events.push((
            on,
            10,
            plain(
                on,
                "Uitnodiging anonieme evaluatie".into(),
                String::new(),
                e.cheque.as_ref().map(|c| d.package_phrase(c.v)),
            ),
        ));
    }
    events.sort_by_key(|(on, order, _)| (*on, *order));
    events.into_iter().map(|(_, _, e)| e).collect()
}

/// Each cheque with its hours against its package, and its chart.
fn cheque_views(d: &Dossier, today: Date, lang: Lang) -> Vec<ChequeView> {
    d.cheques
        .iter()
        .map(|c| {
            let h = trajectory_facts::hours(d, c.nummer.v);
            let rs = c.ruleset.as_deref();
            let st = state::package(d, c, today).judged();
            ChequeView {
                nummer: c.nummer.v,
                naam: match c.kind {
                    crate::model::ruleset::Kind::Loopbaancheque => format!("Cheque {}", c.nummer.v),
                    crate::model::ruleset::Kind::Loopbaankrediet => "Loopbaankrediet".to_string(),
                },
                besteld_op: c.besteld_op.as_ref().map(|b| b.v.into()),
                regelset: rs.map(|r| r.id.clone()).unwrap_or_else(|| "—".into()),
                totaal: h.total,
                individueel: h.individueel,
                groep: h.groep,
                pakket: rs.and_then(|r| r.pakket(c.nummer.v)),
                state: st.label(lang),
                state_id: st,
                chart: crate::render::chart::hours_svg(c.nummer.v, &h, rs, st.running()),
                onzeker: rs
                    .map(|r| r.onzeker_words().render(crate::diag::PAGES))
                    .unwrap_or_default(),
                afgesloten_op: c.afgesloten_op.as_ref().map(|a| a.v.into()),
                reden: c.reden.clone(),
            }
        })
        .collect()
}

/// Every rule with how this dossier fares on it.
fn checks(d: &Dossier, diags: &[Diagnostic], lang: Lang) -> Vec<CheckView> {
    // F08 is reported once per site; on the page it is this dossier's own.
    let uncertain: Vec<String> = crate::validate::uncertain_cheques(d)
        .iter()
        .filter_map(|c| {
            let rs = c.ruleset.as_ref()?;
            Some(format!(
                "cheque {} ({}): onzeker: {}",
                c.nummer.v,
                rs.id,
                rs.onzeker_words().render(crate::diag::PAGES)
            ))
        })
        .collect();
    RULES
        .iter()
        .filter_map(|r| {
            let summary = if lang == Lang::Nl {
                r.summary_nl
            } else {
                r.summary_en
            };
            if r.id == "F08" && !uncertain.is_empty() {
                return Some(CheckView {
                    id: r.id,
                    name: r.name,
                    summary,
                    status: "warning",
                    messages: uncertain.clone(),
                    summary_html: crate::text::code_html(summary),
                    messages_html: uncertain
                        .iter()
                        .map(|m| crate::text::code_html(m))
                        .collect(),
                });
            }
            let mine: Vec<&Diagnostic> = diags.iter().filter(|g| g.rule == r.id).collect();
            // A page that was built had a readable file in a well-named
            // folder: F05 and F14 cannot have failed on it.
            if mine.is_empty() && NOT_ON_A_BUILT_PAGE.contains(&r.id) {
                return None;
            }
            let messages: Vec<String> = mine.iter().map(|g| g.msg.render(lang)).collect();
            Some(CheckView {
                id: r.id,
                name: r.name,
                summary,
                summary_html: crate::text::code_html(summary),
                messages_html: messages.iter().map(|m| crate::text::code_html(m)).collect(),
                status: if mine.iter().any(|g| g.is_error()) {
                    "error"
                } else if mine.is_empty() {
                    "ok"
                } else if mine.iter().all(|g| g.is_todo()) {
                    "todo"
                } else {
                    "warning"
                },
                messages,
            })
        })
        .collect()
}

/// Rules that cannot fail for a dossier whose page is built (its file was
/// read, its folder has a good name): not listed as passed.
const NOT_ON_A_BUILT_PAGE: [&str; 2] = ["F05", "F14"];
