//! What a coach records besides the conversations held, and its rules: a
//! free session (`cheque = 0`, R15, R53), planned conversations and
//! registrations (R49, R50, R55), and the evaluation invitations per package
//! (R31, R54).

use super::Context;
use super::trajectory::{checked_cheques, cheque_scope, hours, soort_name, sums_reliable};
use crate::diag::{Diagnostic, Msg, Scope};
use crate::model::{Dossier, Gesprek, Soort};

/// The rules of what a coach records.
pub(super) fn check(d: &Dossier, cx: &Context, out: &mut Vec<Diagnostic>) {
    for g in d.gesprekken.iter().chain(&d.gepland) {
        not_charged(g, out);
    }
    planned(d, cx, out);
    planned_nazorg(d, out);
    cheque_numbers(d, out);
    future_invitations(d, cx, out);
    // An invitation that could not be read, or that R54 rejects, is the one
    // cause: R31 waits until it is fixed.
    if evaluation_forms(d, out) && sums_reliable(d) {
        evaluation(d, out);
    }
}

/// [15] and R53: `cheque = 0` is "not charged", which a kennismaking and a
/// verdieping (a free session) can be; any other cheque on a kennismaking is
/// R15, and an intake, synthese or nazorg cannot be free (R53).
fn not_charged(g: &Gesprek, out: &mut Vec<Diagnostic>) {
    let Some(c) = &g.cheque else { return };
    match g.soort.v {
        Soort::Kennismaking if c.v != 0 => out.push(
            Diagnostic::error("R15", Msg::new("r15").arg("n", c.v))
                .at(c.loc.clone())
                .hint(Msg::new("r15-hint"))
                .scope(Scope::Dossier),
        ),
        Soort::Intake | Soort::Synthese | Soort::Nazorg if c.v == 0 => out.push(
            Diagnostic::error(
                "R53",
                Msg::new("r53")
                    .arg("soort", soort_name(g.soort.v))
                    .arg("date", g.datum.v),
            )
            .at(c.loc.clone())
            .hint(Msg::new(if g.soort.v == Soort::Nazorg {
                "r53-nazorg-hint"
            } else {
                "r53-hint"
            }))
            .scope(Scope::Dossier),
        ),
        _ => {}
    }
}

/// R49, R50, R55: a conversation dated after today that is not planned; a
/// planned one whose day has passed; a registration dated before the
/// conversation, after today, or of a planned conversation.
fn planned(d: &Dossier, cx: &Context, out: &mut Vec<Diagnostic>) {
    for g in d.gesprekken.iter().filter(|g| g.datum.v > cx.today) {
        out.push(
            Diagnostic::warning(
                "R49",
                Msg::new("r49")
                    .arg("soort", soort_name(g.soort.v))
                    .arg("date", g.datum.v),
            )
            .at(g.datum.loc.clone())
            .hint(Msg::new("r49-hint"))
            .scope(Scope::Trajectory),
        );
    }
    for g in d.gepland.iter().filter(|g| g.datum.v < cx.today) {
        let at = g.gepland.as_ref().map_or(g.loc.clone(), |p| p.loc.clone());
        out.push(
            Diagnostic::new(
                "R50",
                crate::diag::Severity::Todo,
                Msg::new("r50")
                    .arg("soort", soort_name(g.soort.v))
                    .arg("date", g.datum.v),
            )
            .at(at)
            .hint(Msg::new("r50-hint"))
            .scope(Scope::Trajectory),
        );
    }
    for g in d.gesprekken.iter().chain(&d.gepland) {
        let Some(r) = &g.geregistreerd_op else {
            continue;
        };
        let key = if g.gepland.as_ref().is_some_and(|p| p.v) {
            "r55-planned"
        } else if g.free() {
            "r55-free"
        } else if r.v < g.datum.v {
            "r55-before"
        } else if r.v > cx.today {
            "r55-future"
        } else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                "R55",
                Msg::new(key)
                    .arg("date", r.v)
                    .arg("gesprek", g.datum.v)
                    .arg("today", cx.today),
            )
            .at(r.loc.clone())
            .hint(Msg::new(match key {
                "r55-planned" => "r55-planned-hint",
                "r55-free" => "r55-free-hint",
                _ => "r55-hint",
            }))
            .scope(Scope::Trajectory),
        );
    }
}

/// R60: a package with charged conversations held and no `chequenummer`:
/// the centre registers each conversation with it, from the first one on.
fn cheque_numbers(d: &Dossier, out: &mut Vec<Diagnostic>) {
    // A loopbaancheque only: a krediet may have no number, and where it is
    // registered is not published yet.
    for c in checked_cheques(d).filter(|c| {
        c.chequenummer.is_none() && c.kind == crate::model::ruleset::Kind::Loopbaancheque
    }) {
        let n = c.nummer.v;
        if hours(d, n).first.is_none() {
            continue;
        }
        out.push(
            Diagnostic::warning("R60", Msg::new("r60").arg("n", n))
                .at(c.loc.clone())
                .hint(Msg::new("r60-hint"))
                .scope(cheque_scope(n)),
        );
    }
}

/// R28 and R29 ahead of time: a planned nazorg that the rules will not allow
/// once it took place (more than a year after its package's synthese, or
/// more nazorg minutes than the package allows) is a warning now, while the
/// appointment can still be moved.
fn planned_nazorg(d: &Dossier, out: &mut Vec<Diagnostic>) {
    for g in d.gepland.iter().filter(|g| g.soort.v == Soort::Nazorg) {
        let Some(n) = g.charged_to() else { continue };
        let synthese = d
            .gesprekken
            .iter()
            .filter(|s| s.soort.v == Soort::Synthese && s.charged_to() == Some(n))
            .map(|s| s.datum.v)
            .filter(|s| *s <= g.datum.v)
            .max();
        if let Some(s) = synthese
            && g.datum.v > s.plus_one_year()
        {
            out.push(
                Diagnostic::warning(
                    "R28",
                    Msg::new("r28-planned")
                        .arg("date", g.datum.v)
                        .arg("n", n)
                        .arg("synthese", s)
                        .arg("until", s.plus_one_year()),
                )
                .at(g.datum.loc.clone())
                .hint(Msg::new("r28-planned-hint"))
                .scope(Scope::Trajectory),
            );
        }
        let max = d
            .cheques
            .iter()
            .find(|c| c.nummer.v == n)
            .and_then(|c| c.ruleset.as_ref())
            .map_or(30, |r| r.nazorg_max_minuten);
        let held: i64 = d
            .gesprekken
            .iter()
            .filter(|h| h.soort.v == Soort::Nazorg && h.charged_to() == Some(n))
            .map(|h| h.minuten.v)
            .sum();
        if held + g.minuten.v > max {
            out.push(
                Diagnostic::warning(
                    "R29",
                    Msg::new("r29-planned")
                        .arg("n", n)
                        .arg("minutes", g.minuten.v)
                        .arg("held", held)
                        .arg("max", max),
                )
                .at(g.minuten.loc.clone())
                .hint(Msg::new("r29-hint"))
                .scope(Scope::Trajectory),
            );
        }
    }
}

/// R31 on a date still to come: an invitation is sent, so it cannot be dated
/// after today (a reminder belongs in the agenda, not in `[[evaluaties]]`).
fn future_invitations(d: &Dossier, cx: &super::Context, out: &mut Vec<Diagnostic>) {
    for e in d
        .evaluaties
        .iter()
        .filter(|e| e.uitgenodigd_op.v > cx.today)
    {
        out.push(
            Diagnostic::warning(
                "R31",
                Msg::new("r31-future")
                    .arg("date", e.uitgenodigd_op.v)
                    .arg("today", cx.today),
            )
            .at(e.uitgenodigd_op.loc.clone())
            .hint(Msg::new("r31-future-hint"))
            .scope(Scope::Trajectory),
        );
    }
}

/// R54: both forms of the evaluation written, or an invitation that names
/// no package. Whether the invitations can be judged (no R54, all read).
fn evaluation_forms(d: &Dossier, out: &mut Vec<Diagnostic>) -> bool {
    if let Some(at) = &d.evaluatie_both {
        out.push(
            Diagnostic::error("R54", Msg::new("r54-both"))
                .at(at.clone())
                .hint(Msg::new("r54-both-hint"))
                .scope(Scope::Trajectory),
        );
    }
    let mut unknown = false;
    for c in d.evaluaties.iter().filter_map(|e| e.cheque.as_ref()) {
        if !d.cheques.iter().any(|k| k.nummer.v == c.v) {
            unknown = true;
            out.push(
                Diagnostic::error("R54", Msg::new("r54-cheque").arg("n", c.v))
                    .at(c.loc.clone())
                    .hint(Msg::new("r54-cheque-hint"))
                    .scope(Scope::Trajectory),
            );
        }
    }
    !(d.unreadable("evaluatie") || d.evaluatie_both.is_some() || unknown)
}

/// [31] per package: an invitation (for it, or for every package) dated on
/// or after its last charged conversation.
fn evaluation(d: &Dossier, out: &mut Vec<Diagnostic>) {
    for c in checked_cheques(d) {
        let n = c.nummer.v;
        let Some(last) = hours(d, n).last else {
            continue;
        };
        let latest = d.evaluaties_for(n).max_by_key(|e| e.uitgenodigd_op.v);
        match latest {
            None => out.push(
                Diagnostic::warning("R31", Msg::new("r31-none").arg("n", n))
                    // At the package it concerns, not the file's first line.
                    .at(c.loc.clone())
                    .hint(Msg::new("r31-hint").arg("n", n))
                    .scope(cheque_scope(n)),
            ),
            Some(e) if e.uitgenodigd_op.v < last => out.push(
                Diagnostic::warning(
                    "R31",
                    Msg::new("r31-before")
                        .arg("n", n)
                        .arg("date", e.uitgenodigd_op.v)
                        .arg("last", last),
                )
                .at(e.uitgenodigd_op.loc.clone())
                .hint(Msg::new("r31-hint").arg("n", n))
                .scope(cheque_scope(n)),
            ),
            _ => {}
        }
    }
}
