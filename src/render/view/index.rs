//! The views of the dashboard (a line per dossier, the deadlines) and of the
//! coach's notes page.

use serde::Serialize;

use super::{DateView, begeleider, status};
use crate::config::Config;
use crate::date::Date;
use crate::diag::Lang;
use crate::model::Dossier;
use crate::validate::Verdict;
use crate::validate::state::{self, State};
use crate::validate::trajectory as trajectory_facts;

#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub slug: String,
    pub klant: String,
    pub begeleider: String,
    pub status: Verdict,
    pub fouten: usize,
    pub waarschuwingen: usize,
    /// What is still to be done (to-dos).
    pub te_doen: usize,
    /// Charged conversations held that are not registered with VDAB yet.
    pub te_registreren: usize,
    /// The dossier's state ("lopend"; empty when it cannot be read) and the
    /// dashboard's section it is in: "lopend", "afgerond", "onzeker" or
    /// "archief".
    pub state: &'static str,
    pub groep: &'static str,
    /// The first to-do: the next step of a running trajectory.
    pub volgende_stap: Option<String>,
    /// The same as HTML (keys between backticks as `<code>`).
    pub volgende_stap_html: Option<String>,
    /// Until when nazorg can be given (a completed trajectory).
    pub nazorg_tot: Option<DateView>,
    pub href: String,
    /// Minutes charged per cheque against its package (a meter on the page).
    pub cheques: Vec<ChequeUse>,
    /// The first deadline not done.
    pub volgende: Option<DeadlineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChequeUse {
    pub nummer: i64,
    /// "cheque 1", "krediet".
    pub naam: String,
    pub minuten: i64,
    pub pakket: Option<i64>,
    /// Individual minutes short of the rule set's minimum, in words, when
    /// short ("nog minstens 30 min individueel" while the package runs).
    pub individueel_kort: Option<String>,
    /// The usage bar as inline SVG (individual, group, and the shortfall).
    pub bar: String,
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
            label: i.state.label(Lang::Nl),
            title: i.title.clone(),
        }
    }
}

impl IndexEntry {
    pub fn new(e: &crate::model::Entry, config: &Config, today: Date) -> Self {
        let (errors, warnings) = crate::diag::counts(&e.diags);
        let d = e.dossier.as_ref();
        let lang: Lang = crate::diag::PAGES;
        let st = d.map(|d| state::dossier(d, today));
        let verdict = status(d, &e.diags);
        let groep = match st {
            Some(State::Gearchiveerd) => "archief",
            Some(s) if s.running() => "lopend",
            None => "lopend",
            Some(_) if verdict == Verdict::Uncertain => "onzeker",
            Some(_) => "afgerond",
        };
        let mut entry = IndexEntry {
            volgende_stap_html: None,
            slug: e.slug.clone(),
            klant: d.map(|d| d.klant.naam()).unwrap_or_default(),
            begeleider: d.map(begeleider).unwrap_or_default(),
            status: verdict,
            fouten: errors,
            waarschuwingen: warnings,
            te_doen: crate::diag::todos(&e.diags),
            te_registreren: d.map_or(0, crate::export::unregistered),
            state: st.map_or("", |s| s.label(lang)),
            groep,
            volgende_stap: match st {
                Some(State::Kennismaking) => Some(crate::diag::say_in("ui-no-cheque-yet", lang)),
                _ => next_step(&e.diags).map(|g| g.msg.render(lang)),
            },
            nazorg_tot: d.and_then(|d| nazorg_until(d, today)).map(Into::into),
            href: format!("{}/index.html", e.slug),
            cheques: d
                .map(|d| {
                    d.cheques
                        .iter()
                        .map(|c| {
                            let h = trajectory_facts::hours(d, c.nummer.v);
                            let running = crate::validate::state::package(d, c, today)
                                .judged()
                                .running();
                            let rs = c.ruleset.as_deref();
                            let pakket = rs.and_then(|r| r.pakket(c.nummer.v));
                            let kort = rs
                                .and_then(|r| r.min_individueel_minuten)
                                .filter(|m| h.total > 0 && h.individueel < *m)
                                .map(|m| m - h.individueel);
                            ChequeUse {
                                nummer: c.nummer.v,
                                naam: c.kort(),
                                minuten: h.total,
                                pakket,
                                individueel_kort: kort
                                    .map(|m| crate::render::chart::short_words(m, running)),
                                bar: crate::render::chart::usage_svg(
                                    &c.kort(),
                                    &h,
                                    pakket,
                                    rs,
                                    running,
                                ),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
            volgende: d.and_then(|d| {
                // While the work runs, the day the dossier may be deleted is
                // not its next deadline.
                let running = st.is_some_and(State::running);
                crate::deadlines::items(d, config, today)
                    .iter()
                    .filter(|i| !(running && i.kind == crate::deadlines::Kind::Retention))
                    .find(|i| i.state != crate::deadlines::State::Done)
                    .map(Into::into)
            }),
        };
        entry.volgende_stap_html = entry.volgende_stap.as_deref().map(crate::text::code_html);
        entry
    }
}

/// The to-do that comes first in the trajectory: the next step. A planned
/// conversation that may have taken place, then the intake, the hours, the
/// synthese, the POP, its signature, the evaluation.
fn next_step(diags: &[crate::diag::Diagnostic]) -> Option<&crate::diag::Diagnostic> {
    const ORDER: &[&str] = &[
        "R50", "R46", "R24", "R25", "R18", "R17", "R27", "R01", "R03", "R06", "R07", "R08", "R09",
        "R12", "R05", "R31",
    ];
    let rank = |id: &str| ORDER.iter().position(|r| *r == id).unwrap_or(ORDER.len());
    diags
        .iter()
        .filter(|g| g.is_todo())
        .min_by_key(|g| rank(g.rule))
}

/// The last day nazorg can be given (a year after the latest synthese), if
/// that day has not passed.
fn nazorg_until(d: &Dossier, today: Date) -> Option<Date> {
    d.cheques
        .iter()
        .filter_map(|c| trajectory_facts::hours(d, c.nummer.v).synthese)
        .max()
        .map(Date::plus_one_year)
        .filter(|end| *end >= today)
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
