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

/// Whether a finding of a to-do rule is one here (R24: only "no agreement
/// date yet", and "no intake yet" while no conversation was charged: charged
/// conversations without an intake are a real mistake).
fn todo_kind(d: &Dossier, g: &Diagnostic) -> bool {
    let charged = d.gesprekken.iter().any(|c| c.charged_to().is_some());
    can_be_todo(g.rule)
        && (g.rule != "R24"
            || g.msg.key == "r24-agreement"
            || (g.msg.key == "r24-none" && !charged))
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
    // Every package expired unused, or none ordered yet (a prospect): nothing
    // is to be done on the intake until a cheque is.
    let no_live_package = packages.iter().all(|p| p.state == State::Verlopen);
    let mut kept = Vec::with_capacity(out.len());
    // Whether a package has an R18 to-do (its R17 would say the same).
    let mut r18_todo: Vec<i64> = Vec::new();
    for mut g in std::mem::take(out) {
        let pkg = package_of(&g).and_then(of);
        // A package that expired unused leaves nothing to judge but that it
        // was not used: its POP was never to be written.
        if let Some(p) = pkg.filter(|p| p.state == State::Verlopen) {
            if pop_rule(g.rule) || g.rule == "R18" || g.rule == "R27" || g.rule == "R31" {
                continue;
            }
            if g.rule == "R17" {
                g.msg = expired_msg(d, p.nummer);
            }
        }
        let running = match (pkg, g.rule) {
            (Some(p), _) => p.judged().running(),
            (None, "R31") => any_running,
            (None, _) => all_running,
        };
        if pkg.is_none() && no_live_package && todo_kind(d, &g) {
            continue;
        }
        if let Some(p) = pkg.filter(|p| p.state == State::Afgesloten) {
            if !closed_early(d, p, &mut g) {
                continue;
            }
        } else if running && todo_kind(d, &g) && g.severity != Severity::Note {
            match hours_todo(d, pkg, &g) {
                Some(Some(msg)) => {
                    g.severity = Severity::Todo;
                    g.msg = msg;
                    if g.rule == "R18" {
                        r18_todo.extend(pkg.map(|p| p.nummer));
                    }
                }
                // R18 that can no longer be made up: an error that says so.
                Some(None) => {
                    if let Some(p) = pkg {
                        g.msg = unreachable_msg(d, p.nummer).unwrap_or(g.msg);
                    }
                }
                None => g.severity = Severity::Todo,
            }
        }
        kept.push(g);
    }
    // "nog 60 min" once, in the R18 to-do that also says how much of it is
    // individual.
    kept.retain(|g| {
        !(g.rule == "R17" && g.is_todo() && package_of(g).is_some_and(|n| r18_todo.contains(&n)))
    });
    *out = kept;
    name_kredieten(d, out);
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

/// A finding of a loopbaankrediet names it so ("het loopbaankrediet"), not
/// "cheque N".
fn name_kredieten(d: &Dossier, out: &mut [Diagnostic]) {
    let krediet = |n: i64| {
        d.cheques
            .iter()
            .any(|c| c.nummer.v == n && c.kind == crate::model::ruleset::Kind::Loopbaankrediet)
    };
    for g in out.iter_mut() {
        let n = package_of(g).or_else(|| {
            g.msg
                .args
                .iter()
                .find(|(k, _)| *k == "n")
                .and_then(|(_, v)| v.parse().ok())
        });
        if n.is_some_and(krediet) {
            g.msg = g.msg.clone().arg_key("pakket", "pkg-krediet");
            if let Some(h) = g.hint.take() {
                g.hint = Some(h.arg_key("pakket", "pkg-krediet"));
            }
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
    let shortfall = (rs.min_individueel_minuten.unwrap_or(0) - h.individueel).max(0);
    if g.rule == "R18" && shortfall > left {
        return Some(None);
    }
    let msg = if shortfall > 0 && g.rule == "R18" {
        Msg::new("todo-hours-individual")
            .arg("n", n)
            .arg("left", left)
            .arg("individual", shortfall)
    } else {
        Msg::new("todo-hours").arg("n", n).arg("left", left)
    };
    Some(Some(msg))
}

/// R17 of a package that expired unused.
fn expired_msg(d: &Dossier, n: i64) -> Msg {
    let end = d
        .cheques
        .iter()
        .find(|c| c.nummer.v == n)
        .and_then(state::valid_until)
        .map(|e| e.to_string())
        .unwrap_or_default();
    Msg::new("r17-expired").arg("n", n).arg("end", end)
}

/// R18 that can no longer be made up: what is charged, and what is left.
fn unreachable_msg(d: &Dossier, n: i64) -> Option<Msg> {
    let c = d.cheques.iter().find(|c| c.nummer.v == n)?;
    let rs = c.ruleset.as_ref()?;
    let h = hours(d, n);
    Some(
        Msg::new("r18-unreachable")
            .arg("n", n)
            .arg("individual", h.individueel)
            .arg("left", (rs.pakket(n)? - h.total).max(0))
            .arg("min", rs.min_individueel_minuten?),
    )
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
