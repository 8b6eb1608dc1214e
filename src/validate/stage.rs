//! What the rules' findings mean at the stage a trajectory is at (see
//! `state.rs`). While a package is besteld or lopend, a finding that only
//! says the work is unfinished is a to-do that says what remains; R18 stays an
//! error once the individual minutes can no longer be reached within the
//! package. A package closed early (afgesloten) has no "not used up" (R17),
//! its individual minimum is advice (R18 a warning), and without a synthese
//! its POP rules are warnings ("traject vroegtijdig gestopt"). Real mistakes
//! stay errors at every stage.

use super::Context;
use super::state::{self, PackageState, State};
use super::trajectory::hours;
use crate::diag::rules::can_be_todo;
use crate::diag::{Diagnostic, Msg, Scope, Severity};
use crate::model::{Dossier, Soort};

/// The package a finding concerns, by its scope.
fn package_of(d: &Diagnostic) -> Option<i64> {
    match d.scope {
        Scope::Cheque(n) | Scope::Pop(n) => Some(i64::from(n)),
        _ => None,
    }
}

/// The POP rules (domain.md 7, [1]-[14]).
fn pop_rule(id: &str) -> bool {
    id.strip_prefix('R')
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (1..=14).contains(&n))
}

/// Whether a finding of a to-do rule is one here (R24: only "no intake yet"
/// and "no agreement date yet").
fn todo_kind(d: &Diagnostic) -> bool {
    can_be_todo(d.rule) && (d.rule != "R24" || matches!(d.msg.key, "r24-none" | "r24-agreement"))
}

pub(super) fn stage(d: &Dossier, cx: &Context, out: &mut Vec<Diagnostic>) {
    let packages = state::packages(d, cx.today);
    let of = |n: i64| packages.iter().find(|p| p.nummer == n).copied();
    // The dossier's own rules (the intake) wait while every package does.
    // A cheque that expired unused leaves nothing to judge the intake by.
    let all_running = packages
        .iter()
        .all(|p| p.judged().running() || p.state == State::Verlopen);
    let any_running = packages.iter().any(|p| p.judged().running()) || packages.is_empty();
    // Every package expired unused: nothing is left to do on the intake.
    let all_expired = !packages.is_empty() && packages.iter().all(|p| p.state == State::Verlopen);
    let mut kept = Vec::with_capacity(out.len());
    for mut g in std::mem::take(out) {
        let pkg = package_of(&g).and_then(of);
        let running = match (pkg, g.rule) {
            (Some(p), _) => p.judged().running(),
            (None, "R31") => any_running,
            (None, _) => all_running,
        };
        if pkg.is_none() && all_expired && todo_kind(&g) {
            continue;
        }
        if let Some(p) = pkg.filter(|p| p.state == State::Afgesloten) {
            if !closed_early(d, p, &mut g) {
                continue;
            }
        } else if running && todo_kind(&g) && g.severity != Severity::Note {
            match hours_todo(d, pkg, &g) {
                Some(Some(msg)) => {
                    g.severity = Severity::Todo;
                    g.msg = msg;
                }
                Some(None) => {} // R18 that can no longer be made up: an error
                None => g.severity = Severity::Todo,
            }
        }
        kept.push(g);
    }
    *out = kept;
    for (c, p) in d.cheques.iter().zip(&packages) {
        if p.overdue {
            let first = hours(d, p.nummer).first;
            out.push(
                Diagnostic::new(
                    "R46",
                    Severity::Todo,
                    Msg::new("r46")
                        .arg("n", p.nummer)
                        .arg("first", first.map(|f| f.to_string()).unwrap_or_default()),
                )
                .at(c.loc.clone())
                .hint(Msg::new("r46-hint"))
                .scope(Scope::Trajectory),
            );
        }
    }
    if let Some(g) = &d.gearchiveerd_op {
        for p in packages.iter().filter(|p| p.state.running()) {
            out.push(
                Diagnostic::warning(
                    "R47",
                    Msg::new("r47")
                        .arg("n", p.nummer)
                        .arg_key("state", state_key(p.state)),
                )
                .at(g.loc.clone())
                .hint(Msg::new("r47-hint").arg("n", p.nummer))
                .scope(Scope::Trajectory),
            );
        }
    }
}

fn state_key(s: State) -> &'static str {
    match s {
        State::Besteld => "state-besteld",
        _ => "state-lopend",
    }
}

/// R17 and R18 as to-dos that say what remains: `Some(Some(msg))`; an R18
/// that can no longer be made up within the package: `Some(None)`; any other
/// finding: `None`.
fn hours_todo(d: &Dossier, pkg: Option<PackageState>, g: &Diagnostic) -> Option<Option<Msg>> {
    if !matches!(g.rule, "R17" | "R18") {
        return None;
    }
    let n = pkg?.nummer;
    let c = d.cheques.iter().find(|c| c.nummer.v == n)?;
    let rs = c.ruleset.as_ref()?;
    let size = rs.pakket(n)?;
    let h = hours(d, n);
    let left = (size - h.total).max(0);
    let shortfall = (rs.min_individueel_minuten - h.individueel).max(0);
    if g.rule == "R18" && shortfall > left {
        return Some(None);
    }
    let msg = if shortfall > 0 {
        Msg::new("todo-hours-individual")
            .arg("n", n)
            .arg("left", left)
            .arg("individual", shortfall)
    } else {
        Msg::new("todo-hours").arg("n", n).arg("left", left)
    };
    Some(Some(msg))
}

/// A finding of a package closed early, as it stands then: `false` to drop it.
fn closed_early(d: &Dossier, p: PackageState, g: &mut Diagnostic) -> bool {
    let synthese = d
        .gesprekken
        .iter()
        .any(|s| s.soort.v == Soort::Synthese && s.charged_to() == Some(p.nummer));
    let date = d
        .cheques
        .iter()
        .find(|c| c.nummer.v == p.nummer)
        .and_then(|c| c.afgesloten_op.as_ref())
        .map(|a| a.v.to_string())
        .unwrap_or_default();
    match g.rule {
        "R17" => false,
        "R18" if g.is_error() => {
            g.severity = Severity::Warning;
            g.hint = Some(Msg::new("stopped-early").arg("date", date));
            true
        }
        r if pop_rule(r) && !synthese && g.is_error() => {
            g.severity = Severity::Warning;
            g.hint = Some(Msg::new("stopped-early").arg("date", date));
            true
        }
        _ => true,
    }
}
