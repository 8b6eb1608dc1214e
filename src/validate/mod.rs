//! The checks: the pass that runs every rule of the registry (`crate::rules`)
//! over a dossier. Rules are pure functions of the model; each problem is a
//! located diagnostic. The numbers in the ids follow the VDAB rule list where a
//! rule comes from there (R16 is rule 16); F rules are about the file format.

mod attest;
mod pop;
mod records;
mod stage;
pub mod state;
pub mod summary;
pub mod trajectory;

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::model::Dossier;
use crate::source::Loc;

/// What the rules need besides the dossier.
pub struct Context<'a> {
    pub config: &'a Config,
    /// The day of the run: the states, to-dos and the rules that compare
    /// with it (R42, R49, R50, R52, R55).
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

    /// The word shown to the coach.
    pub fn label(self, lang: crate::diag::Lang) -> &'static str {
        let key = match self {
            Verdict::Errors => "ui-verdict-errors",
            Verdict::Uncertain => "ui-verdict-uncertain",
            Verdict::Warnings => "ui-verdict-warnings",
            Verdict::Ok => "ui-verdict-ok",
        };
        crate::diag::text(key, lang)
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
pub fn site_checks(entries: &[crate::model::Entry], config: &Config) -> Vec<Diagnostic> {
    let mut out = uncertain_sets(entries);
    out.extend(example_centre(config));
    out
}

/// R59: the centre's data is still the example of `popdoc init` (its name or
/// its made-up enterprise number): it would go onto every attest.
fn example_centre(config: &Config) -> Option<Diagnostic> {
    let c = &config.centrum;
    let name = c
        .naam
        .as_ref()
        .filter(|n| n.v.trim() == crate::scaffold::EXAMPLE_CENTRE);
    let number = c
        .ondernemingsnummer
        .as_ref()
        .filter(|n| crate::kbo::normalise(&n.v).is_ok_and(|k| k == crate::kbo::EXAMPLE));
    let at = name.or(number)?;
    let what = match (name, number) {
        (Some(_), Some(_)) => "r59-both",
        (Some(_), None) => "r59-name",
        _ => "r59-number",
    };
    Some(
        Diagnostic::warning(
            "R59",
            Msg::new(if what == "r59-both" {
                "r59-plural"
            } else {
                "r59"
            })
            .arg_key("what", what),
        )
        .at(at.loc.clone())
        .hint(Msg::new("r59-hint"))
        .scope(Scope::Site),
    )
}

/// F08: one warning per rule set with uncertain values.
fn uncertain_sets(entries: &[crate::model::Entry]) -> Vec<Diagnostic> {
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
                Msg::new(if count == 1 {
                    "ruleset-uncertain-1"
                } else {
                    "ruleset-uncertain"
                })
                .arg("count", count)
                .arg("ruleset", &rs.id)
                .arg_msg_args("values", rs.onzeker_words()),
            )
            .at_opt(loc)
            .hint(Msg::new("ruleset-uncertain-hint").arg("ruleset", &rs.id))
            .scope(Scope::Site)
        })
        .collect()
}

/// Runs every rule over one dossier, then judges the findings by the stage
/// its packages are at (`stage.rs`: to-dos while running).
pub fn check(d: &Dossier, cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    trajectory::check(d, cx, &mut out);
    records::check(d, cx, &mut out);
    pop::check(d, cx.today, &mut out);
    attest::check(d, cx, &mut out);
    coach(d, cx, &mut out);
    stage::stage(d, cx, &mut out);
    out
}

/// R57: every document names its coach (the attest is a declaration on
/// honour); R48: the coach is one of the centre's (when it lists them).
fn coach(d: &Dossier, cx: &Context, out: &mut Vec<Diagnostic>) {
    let known = &cx.config.centrum.begeleiders;
    if let Some(b) = d.begeleider.as_ref().filter(|b| b.v.trim().is_empty()) {
        out.push(
            Diagnostic::error("R57", Msg::new("r57"))
                .at(d.begeleider_table.clone().unwrap_or_else(|| b.loc.clone()))
                .hint(
                    Msg::new(if known.is_empty() {
                        "r57-hint"
                    } else {
                        "r57-known-hint"
                    })
                    .arg(
                        "known",
                        known
                            .iter()
                            .map(|k| k.v.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                )
                .scope(Scope::Dossier),
        );
    }
    let Some(b) = d.begeleider.as_ref().filter(|b| !b.v.trim().is_empty()) else {
        return;
    };
    if known.is_empty()
        || known
            .iter()
            .any(|k| crate::text::fold(&k.v) == crate::text::fold(&b.v))
    {
        return;
    }
    let names: Vec<&str> = known.iter().map(|k| k.v.as_str()).collect();
    let hint = match crate::text::did_you_mean(&b.v, &names) {
        Some(s) => Msg::new("r48-suggest").arg("suggestion", s),
        None => Msg::new("r48-hint").arg("known", names.join(", ")),
    };
    out.push(
        Diagnostic::warning("R48", Msg::new("r48").arg("name", &b.v))
            .at(b.loc.clone())
            .hint(hint)
            .scope(Scope::Trajectory),
    );
}
