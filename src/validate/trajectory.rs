//! Trajectory and hours rules (domain.md 7, [15]-[31]): cheques, conversations,
//! intake, nazorg and evaluation.

use super::Context;
use crate::date::Date;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::model::{Cheque, Dossier, Gesprek, INTAKE_TOPICS, RuleSet, Soort};

/// Sums over the conversations charged to one cheque.
#[derive(Debug, Default, Clone)]
pub struct Hours {
    pub total: i64,
    pub individueel: i64,
    pub groep: i64,
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// The latest synthese charged to the cheque.
    pub synthese: Option<Date>,
}

/// Hours of cheque `n`.
pub fn hours(d: &Dossier, n: i64) -> Hours {
    let mut h = Hours::default();
    for g in d.gesprekken.iter().filter(|g| g.charged_to() == Some(n)) {
        h.total += g.minuten.v;
        if g.groep {
            h.groep += g.minuten.v;
        } else {
            h.individueel += g.minuten.v;
        }
        let date = g.datum.v;
        h.first = Some(h.first.map_or(date, |f| f.min(date)));
        h.last = Some(h.last.map_or(date, |l| l.max(date)));
        if g.soort.v == Soort::Synthese {
            h.synthese = Some(h.synthese.map_or(date, |s| s.max(date)));
        }
    }
    h
}

/// The trajectory start: the date of the (first) intake conversation.
pub fn start(d: &Dossier) -> Option<Date> {
    d.gesprekken
        .iter()
        .filter(|g| g.soort.v == Soort::Intake)
        .map(|g| g.datum.v)
        .min()
}

/// What a nazorg conversation follows up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    Cheque(i64),
    /// The latest synthese before it has no `cheque`.
    UnchargedSynthese,
    /// No synthese before it at all.
    None,
}

/// The package a nazorg conversation follows up: its `cheque`, else the cheque
/// of the latest synthese before it.
pub fn nazorg_package(d: &Dossier, g: &Gesprek) -> Package {
    if let Some(c) = &g.cheque {
        return Package::Cheque(c.v);
    }
    let latest = d
        .gesprekken
        .iter()
        .filter(|s| s.soort.v == Soort::Synthese && s.datum.v <= g.datum.v)
        .max_by_key(|s| s.datum.v);
    match latest {
        Some(s) => s
            .cheque
            .as_ref()
            .map_or(Package::UnchargedSynthese, |c| Package::Cheque(c.v)),
        None => match d
            .gesprekken
            .iter()
            .filter(|s| s.soort.v == Soort::Synthese)
            .min_by_key(|s| s.datum.v)
            .and_then(|s| s.cheque.as_ref())
        {
            // A synthese follows later: measured against that package (R28 says
            // the nazorg is dated before it).
            Some(c) => Package::Cheque(c.v),
            None => Package::None,
        },
    }
}

/// Whether cheque `c` exists under its rule set: cheque 2 does not under
/// vdab-2025t (one cheque), cheque 3 never. Without a rule set: 1 or 2.
pub fn known_cheque(c: &Cheque) -> bool {
    let n = c.nummer.v;
    match &c.ruleset {
        Some(rs) => rs.pakket(n).is_some(),
        None => (1..=2).contains(&n),
    }
}

/// The cheques the package rules look at: known ones, each number once. An
/// unknown or doubled cheque has its R20 error and nothing that follows from it.
pub fn checked_cheques(d: &Dossier) -> impl Iterator<Item = &Cheque> {
    d.cheques.iter().enumerate().filter_map(|(i, c)| {
        let first = !d.cheques[..i].iter().any(|p| p.nummer.v == c.nummer.v);
        (known_cheque(c) && first).then_some(c)
    })
}

pub(super) fn check(d: &Dossier, cx: &Context, out: &mut Vec<Diagnostic>) {
    cheque_numbers(d, out);
    first_use(d, out);
    // A conversation charged to a cheque that does not exist, while a cheque
    // entry could not be read or has an impossible number: that entry is the
    // one cause (its own error); no R40 for each conversation.
    let cheques_unsure =
        d.unreadable("cheques") || d.cheques.iter().any(|c| !(1..=2).contains(&c.nummer.v));
    for g in &d.gesprekken {
        if let Some(n) = g.charged_to()
            && !cheques_unsure
            && !d.cheques.iter().any(|c| c.nummer.v == n)
        {
            let loc = g.cheque.as_ref().map_or(g.loc.clone(), |c| c.loc.clone());
            out.push(
                Diagnostic::error("R40", Msg::new("r40").arg("n", n))
                    .at(loc)
                    .hint(Msg::new("r40-hint"))
                    .scope(cheque_scope(n)),
            );
        }
        if d.gesprekken_complete && g.soort.v.is_charged() && g.cheque.is_none() {
            out.push(
                Diagnostic::warning(
                    "R45",
                    Msg::new("r45")
                        .arg("soort", soort_name(g.soort.v))
                        .arg("date", g.datum.v),
                )
                .at(g.loc.clone())
                .hint(Msg::new("r45-hint"))
                .scope(Scope::Trajectory),
            );
        }
    }
    intake(d, out);
    intake_topics(d, out);
    // An invitation that could not be read, or that R54 rejects, is the one
    // cause: R31 waits until it is fixed.
    if sums_reliable(d) {
        intake_conversation(d, out);
        package_hours(d, out);
        validity(d, out);
        closing_date(d, out);
        order_of_cheques(d, out);
        synthese_and_nazorg(d, out);
    }
    retention(d, cx, out);
}

/// Whether the rules that add up every conversation can: not with one that
/// could not be read, or one charged to a cheque that does not exist (each
/// has its own error); their sums and orders would be wrong.
pub(super) fn sums_reliable(d: &Dossier) -> bool {
    let charges_known = d
        .gesprekken
        .iter()
        .filter_map(|g| g.charged_to())
        .all(|n| d.cheques.iter().any(|c| c.nummer.v == n));
    d.gesprekken_complete && charges_known && !d.unreadable("cheques")
}

pub(super) fn soort_name(s: Soort) -> &'static str {
    Soort::NAMES[s as usize]
}

pub(super) fn cheque_scope(n: i64) -> Scope {
    u8::try_from(n).map_or(Scope::Dossier, Scope::Cheque)
}

fn cheque_numbers(d: &Dossier, out: &mut Vec<Diagnostic>) {
    for (i, c) in d.cheques.iter().enumerate() {
        let n = c.nummer.v;
        if !known_cheque(c) {
            let d = match &c.ruleset {
                Some(rs) if n >= 1 => {
                    let single = rs.pakket_minuten.len() == 1;
                    Diagnostic::error(
                        "R20",
                        Msg::new(if single { "r20-single" } else { "r20-set" })
                            .arg("n", n)
                            .arg("ruleset", &rs.id)
                            .arg("count", rs.pakket_minuten.len()),
                    )
                    .hint(Msg::new(if single {
                        "r20-single-hint"
                    } else {
                        "r20-hint"
                    }))
                    .scope(cheque_scope(n))
                }
                _ => Diagnostic::error("R20", Msg::new("r20-number").arg("n", n))
                    .hint(Msg::new("r20-hint")),
            };
            out.push(d.at(c.nummer.loc.clone()));
        } else if d.cheques[..i].iter().any(|p| p.nummer.v == n) {
            out.push(
                Diagnostic::error("R20", Msg::new("r20-twice").arg("n", n))
                    .at(c.nummer.loc.clone())
                    .hint(Msg::new("r20-hint")),
            );
        } else if n == 2 && !d.cheques.iter().any(|p| p.nummer.v == 1) {
            out.push(
                Diagnostic::error("R20", Msg::new("r20-no-first"))
                    .at(c.nummer.loc.clone())
                    .hint(Msg::new("r20-hint")),
            );
        }
    }
}

/// vdab-2025t: the single cheque is only for a client who never used a
/// loopbaancheque (domain.md 4.3); the coach records it at intake.
fn first_use(d: &Dossier, out: &mut Vec<Diagnostic>) {
    let Some((c, rs)) = d.cheques.iter().find_map(|c| {
        c.ruleset
            .as_ref()
            .filter(|r| r.enkel_eerste_gebruik)
            .map(|r| (c, r))
    }) else {
        return;
    };
    match &d.klant.eerder_loopbaancheque {
        Some(b) if b.v => out.push(
            Diagnostic::error("R43", Msg::new("r43").arg("ruleset", &rs.id))
                .at(b.loc.clone())
                .hint(Msg::new("r43-hint"))
                .scope(cheque_scope(c.nummer.v)),
        ),
        Some(_) => {}
        None => out.push(
            Diagnostic::warning("R44", Msg::new("r44").arg("ruleset", &rs.id))
                .at(d.klant.loc.clone().unwrap_or_else(|| d.header.clone()))
                .hint(Msg::new("r44-hint"))
                .scope(Scope::Trajectory),
        ),
    }
}

/// A note for a value of the rule set that no published source confirms.
fn uncertain(rs: &RuleSet, key: &str) -> Msg {
    Msg::new(if rs.is_onzeker(key) {
        "uncertain-suffix"
    } else {
        "empty"
    })
}

/// A rule driven by a value of the rule set: an error, or a warning when no
/// published source confirms the value (a guess must not hold a document
/// back).
pub(super) fn by_value(rs: &RuleSet, key: &str) -> crate::diag::Severity {
    if rs.is_onzeker(key) {
        crate::diag::Severity::Warning
    } else {
        crate::diag::Severity::Error
    }
}

fn package_hours(d: &Dossier, out: &mut Vec<Diagnostic>) {
    for c in checked_cheques(d) {
        let n = c.nummer.v;
        let Some(rs) = &c.ruleset else { continue };
        let Some(max) = rs.pakket(n) else { continue };
        let h = hours(d, n);
        let scope = cheque_scope(n);
        if h.total > max {
            out.push(
                Diagnostic::new(
                    "R16",
                    by_value(rs, "pakket_minuten"),
                    Msg::new("r16")
                        .arg("n", n)
                        .arg("minutes", h.total)
                        .arg("max", max)
                        .arg("ruleset", &rs.id)
                        .arg_msg("uncertain", uncertain(rs, "pakket_minuten")),
                )
                .at(c.loc.clone())
                .hint(Msg::new("r16-hint"))
                .scope(scope),
            );
        } else if h.total < max && !rs.is_onzeker("pakket_minuten") {
            // An uncertain package may well be smaller than assumed: "not
            // fully used" would then be a false alarm.
            out.push(
                Diagnostic::warning(
                    "R17",
                    Msg::new("r17")
                        .arg("n", n)
                        .arg("minutes", h.total)
                        .arg("max", max),
                )
                .at(c.loc.clone())
                .hint(Msg::new("r17-hint"))
                .scope(scope),
            );
        }
        if let Some(min) = rs.min_individueel_minuten
            && h.total > 0
            && h.individueel < min
        {
            out.push(
                Diagnostic::new(
                    "R18",
                    by_value(rs, "min_individueel_minuten"),
                    Msg::new("r18")
                        .arg("n", n)
                        .arg("minutes", h.individueel)
                        .arg("min", min)
                        .arg("short", min - h.individueel)
                        .arg_msg("uncertain", uncertain(rs, "min_individueel_minuten")),
                )
                .at(c.loc.clone())
                .hint(Msg::new("r18-hint").arg("ruleset", &rs.id))
                .scope(scope),
            );
        }
        if let Some(max_groep) = rs.max_groep_minuten
            && h.groep > max_groep
        {
            out.push(
                Diagnostic::new(
                    "R19",
                    by_value(rs, "max_groep_minuten"),
                    Msg::new("r19")
                        .arg("n", n)
                        .arg("minutes", h.groep)
                        .arg("max", max_groep),
                )
                .at(c.loc.clone())
                .hint(
                    Msg::new("r19-hint")
                        .arg("ruleset", &rs.id)
                        .arg("max", max_groep),
                )
                .scope(scope),
            );
        }
    }
}

/// [23]: the guidance starts while the cheque is valid: before `geldig_tot`,
/// else within the rule set's validity after `besteld_op` (domain.md 4.7).
fn validity(d: &Dossier, out: &mut Vec<Diagnostic>) {
    for c in checked_cheques(d) {
        let n = c.nummer.v;
        let (end, from_cheque) = match (&c.geldig_tot, &c.besteld_op) {
            (Some(g), _) => (g.v, true),
            // Without a rule set (F07) the date itself is in doubt.
            (None, Some(b)) => match &c.ruleset {
                Some(rs) => (b.v.plus_months(rs.geldigheid_maanden), false),
                None => continue,
            },
            (None, None) => continue,
        };
        let first = d
            .gesprekken
            .iter()
            .filter(|g| g.charged_to() == Some(n))
            .min_by_key(|g| g.datum.v);
        if let Some(g) = first.filter(|g| g.datum.v > end) {
            out.push(
                Diagnostic::warning(
                    "R23",
                    Msg::new(if from_cheque { "r23" } else { "r23-default" })
                        .arg("n", n)
                        .arg("date", g.datum.v)
                        .arg("end", end),
                )
                .at(g.datum.loc.clone())
                .hint(Msg::new("r23-hint"))
                .scope(cheque_scope(n)),
            );
        }
    }
}

/// R56: a package closed before it was ordered, or before one of its charged
/// conversations.
fn closing_date(d: &Dossier, out: &mut Vec<Diagnostic>) {
    for c in checked_cheques(d) {
        let Some(a) = &c.afgesloten_op else { continue };
        let n = c.nummer.v;
        let msg = match (&c.besteld_op, hours(d, n).last) {
            (Some(b), _) if a.v < b.v => Msg::new("r56-ordered").arg("besteld", b.v),
            (_, Some(last)) if a.v < last => Msg::new("r56-conversation").arg("last", last),
            _ => continue,
        };
        out.push(
            Diagnostic::warning("R56", msg.arg("n", n).arg("date", a.v))
                .at(a.loc.clone())
                .hint(Msg::new("r56-hint"))
                .scope(cheque_scope(n)),
        );
    }
}

fn order_of_cheques(d: &Dossier, out: &mut Vec<Diagnostic>) {
    if !checked_cheques(d).any(|c| c.nummer.v == 2) {
        return;
    }
    let Some(last1) = hours(d, 1).last else {
        return;
    };
    if let Some(g) = d
        .gesprekken
        .iter()
        .filter(|g| g.charged_to() == Some(2) && g.datum.v < last1)
        .min_by_key(|g| g.datum.v)
    {
        out.push(
            Diagnostic::warning(
                "R21",
                Msg::new("r21").arg("date", g.datum.v).arg("last", last1),
            )
            .at(g.datum.loc.clone())
            .hint(Msg::new("r21-hint"))
            .scope(Scope::Cheque(2)),
        );
    }
}

/// [25]: the ten topics explained at intake (quiet while `toegelicht`
/// itself could not be read: its error says so).
fn intake_topics(d: &Dossier, out: &mut Vec<Diagnostic>) {
    if d.unreadable("toegelicht") {
        return;
    }
    let missing: Vec<&str> = INTAKE_TOPICS
        .iter()
        .copied()
        .filter(|t| !d.intake.toegelicht.iter().any(|x| x.v == *t))
        .collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::warning("R25", Msg::new("r25").arg("missing", missing.join(", ")))
                .at(d.intake.loc.clone().unwrap_or_else(|| d.header.clone()))
                .hint(Msg::new("r25-hint"))
                .scope(Scope::Trajectory),
        );
    }
}

/// [24]: the intake conversation exists and comes first.
fn intake_conversation(d: &Dossier, out: &mut Vec<Diagnostic>) {
    match start(d) {
        None => out.push(
            Diagnostic::error("R24", Msg::new("r24-none"))
                .at(d.header.clone())
                .hint(Msg::new("r24-none-hint")),
        ),
        Some(intake) => {
            if let Some(g) = d
                .gesprekken
                .iter()
                .filter(|g| g.charged_to().is_some() && g.datum.v < intake)
                .min_by_key(|g| g.datum.v)
            {
                out.push(
                    Diagnostic::error(
                        "R24",
                        Msg::new("r24-before")
                            .arg("date", g.datum.v)
                            .arg("intake", intake),
                    )
                    .at(g.datum.loc.clone())
                    .hint(Msg::new("r24-before-hint")),
                );
            }
        }
    }
}

/// [24], [26]: the agreement and the client's own initiative.
fn intake(d: &Dossier, out: &mut Vec<Diagnostic>) {
    let intake_loc = d.intake.loc.clone().unwrap_or_else(|| d.header.clone());
    if d.intake.overeenkomst_ondertekend_op.is_none() {
        out.push(
            Diagnostic::error("R24", Msg::new("r24-agreement"))
                .at(intake_loc.clone())
                .hint(Msg::new("r24-agreement-hint")),
        );
    }
    if let Some(b) = d.intake.eigen_initiatief.as_ref().filter(|b| !b.v) {
        out.push(
            Diagnostic::error("R26", Msg::new("r26-initiative"))
                .at(b.loc.clone())
                .hint(Msg::new("r26-hint")),
        );
    }
    if let Some(b) = d
        .intake
        .deel_van_andere_begeleiding
        .as_ref()
        .filter(|b| b.v)
    {
        out.push(
            Diagnostic::error("R26", Msg::new("r26-other"))
                .at(b.loc.clone())
                .hint(Msg::new("r26-hint")),
        );
    }
}

fn synthese_and_nazorg(d: &Dossier, out: &mut Vec<Diagnostic>) {
    for c in checked_cheques(d) {
        let n = c.nummer.v;
        let h = hours(d, n);
        if h.first.is_none() {
            continue;
        }
        match h.synthese {
            None => out.push(
                Diagnostic::warning("R27", Msg::new("r27-none").arg("n", n))
                    .at(c.loc.clone())
                    .hint(Msg::new("r27-hint"))
                    .scope(cheque_scope(n)),
            ),
            Some(s) => {
                let pop_date = d
                    .pops
                    .iter()
                    .find(|p| i64::from(p.n) == n)
                    .and_then(|p| p.gefinaliseerd_op.as_ref());
                if let Some(p) = pop_date.filter(|p| s > p.v) {
                    let g = d.gesprekken.iter().find(|g| {
                        g.soort.v == Soort::Synthese && g.charged_to() == Some(n) && g.datum.v == s
                    });
                    out.push(
                        Diagnostic::warning(
                            "R27",
                            Msg::new("r27-after")
                                .arg("n", n)
                                .arg("date", s)
                                .arg("pop", p.v),
                        )
                        .at(g.map_or(c.loc.clone(), |g| g.datum.loc.clone()))
                        .hint(Msg::new("r27-hint"))
                        .scope(cheque_scope(n)),
                    );
                }
            }
        }
    }
    let mut nazorg_minutes: Vec<(i64, i64, &Gesprek)> = Vec::new();
    for g in d
        .gesprekken
        .iter()
        .filter(|g| g.soort.v == Soort::Nazorg && !g.free())
    {
        let Some(n) = (match nazorg_package(d, g) {
            Package::Cheque(n) => Some(n),
            // The synthese it follows was charged to no cheque: R45 says so on
            // that synthese; the nazorg window cannot be measured until then.
            Package::UnchargedSynthese => None,
            Package::None => {
                out.push(
                    Diagnostic::error("R28", Msg::new("r28-none").arg("date", g.datum.v))
                        .at(g.datum.loc.clone())
                        .hint(Msg::new("r28-hint"))
                        .scope(Scope::Trajectory),
                );
                None
            }
        }) else {
            continue;
        };
        // The window runs from the synthese of the same package.
        let syntheses = || {
            d.gesprekken
                .iter()
                .filter(move |s| s.soort.v == Soort::Synthese && s.charged_to() == Some(n))
                .map(|s| s.datum.v)
        };
        match syntheses().filter(|s| *s <= g.datum.v).max() {
            Some(s) if g.datum.v > s.plus_one_year() => out.push(
                Diagnostic::error(
                    "R28",
                    Msg::new("r28")
                        .arg("date", g.datum.v)
                        .arg("n", n)
                        .arg("synthese", s),
                )
                .at(g.datum.loc.clone())
                .hint(Msg::new("r28-hint"))
                .scope(Scope::Trajectory),
            ),
            Some(_) => {}
            None => {
                let msg = match syntheses().min() {
                    Some(s) => Msg::new("r28-before")
                        .arg("date", g.datum.v)
                        .arg("n", n)
                        .arg("synthese", s),
                    None => Msg::new("r28-no-synthese")
                        .arg("date", g.datum.v)
                        .arg("n", n),
                };
                out.push(
                    Diagnostic::error("R28", msg)
                        .at(g.datum.loc.clone())
                        .hint(Msg::new("r28-hint"))
                        .scope(Scope::Trajectory),
                );
            }
        }
        match nazorg_minutes.iter_mut().find(|(p, _, _)| *p == n) {
            Some(e) => {
                e.1 += g.minuten.v;
                e.2 = g;
            }
            None => nazorg_minutes.push((n, g.minuten.v, g)),
        }
    }
    for (n, minutes, last) in nazorg_minutes {
        let rs = d
            .cheques
            .iter()
            .find(|c| c.nummer.v == n)
            .and_then(|c| c.ruleset.as_ref());
        let max = rs.map_or(30, |r| r.nazorg_max_minuten);
        let severity = rs.map_or(crate::diag::Severity::Error, |r| {
            by_value(r, "nazorg_max_minuten")
        });
        if minutes > max {
            out.push(
                Diagnostic::new(
                    "R29",
                    severity,
                    Msg::new("r29")
                        .arg("n", n)
                        .arg("minutes", minutes)
                        .arg("max", max),
                )
                .at(last.minuten.loc.clone())
                .hint(Msg::new("r29-hint"))
                .scope(Scope::Trajectory),
            );
        }
    }
}

fn retention(d: &Dossier, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(years) = cx.config.retention_years else {
        return;
    };
    // From the last conversation held: one still to come is no end.
    let Some(g) = d
        .gesprekken
        .iter()
        .filter(|g| g.datum.v <= cx.today)
        .max_by_key(|g| g.datum.v)
    else {
        return;
    };
    let mut limit = g.datum.v;
    for _ in 0..years {
        limit = limit.plus_one_year();
    }
    if cx.today > limit {
        out.push(
            Diagnostic::warning(
                "R42",
                Msg::new("r42").arg("date", g.datum.v).arg("years", years),
            )
            .at(g.datum.loc.clone())
            .hint(Msg::new("r42-hint"))
            .scope(Scope::Trajectory),
        );
    }
}
