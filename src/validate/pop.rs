//! POP rules (domain.md 7, [1]-[14]): one POP per cheque, its general data and
//! the three VDAB minimum elements, plus the qualities of a good POP as warnings.

use super::trajectory::{checked_cheques, hours};
use crate::date::Date;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::markdown::SectionKind;
use crate::model::{Dossier, Pop, PopSoort};

pub(super) fn check(d: &Dossier, today: Date, out: &mut Vec<Diagnostic>) {
    for c in checked_cheques(d) {
        let n = c.nummer.v;
        // A POP file that exists but could not be read has its own error.
        let unreadable = d.unreadable_pops.iter().any(|p| i64::from(*p) == n);
        // A package whose rule set does not require a POP (a krediet, once
        // its rules say so) has none to miss; an unsure requirement warns.
        let required = c.ruleset.as_ref().is_none_or(|r| r.pop_verplicht);
        let severity = c
            .ruleset
            .as_ref()
            .map_or(crate::diag::Severity::Error, |r| {
                super::trajectory::by_value(r, "pop_verplicht")
            });
        if required
            && hours(d, n).first.is_some()
            && !unreadable
            && !d.pops.iter().any(|p| i64::from(p.n) == n)
        {
            out.push(
                Diagnostic::new("R01", severity, Msg::new("r01").arg("n", n))
                    .at(c.loc.clone())
                    .hint(Msg::new("r01-hint").arg("n", n))
                    .scope(u8::try_from(n).map_or(Scope::Dossier, Scope::Cheque)),
            );
        }
    }
    for (field, value) in [
        ("voornaam", &d.klant.voornaam),
        ("achternaam", &d.klant.achternaam),
    ] {
        if let Some(v) = value.as_ref().filter(|v| v.v.trim().is_empty()) {
            out.push(
                Diagnostic::error("R04", Msg::new("r04").arg("field", field))
                    .at(v.loc.clone())
                    .hint(Msg::new("r04-hint")),
            );
        }
    }
    for p in &d.pops {
        check_pop(d, p, out);
        signature(p, today, out);
    }
}

fn check_pop(d: &Dossier, p: &Pop, out: &mut Vec<Diagnostic>) {
    let scope = Scope::Pop(p.n);
    let n = i64::from(p.n);
    let file = format!("pop-{n}.md");
    if let Some(c) = p.cheque.as_ref().filter(|c| c.v != n) {
        out.push(
            Diagnostic::error(
                "R02",
                Msg::new("r02-file")
                    .arg("file", &file)
                    .arg("n", n)
                    .arg("value", c.v),
            )
            .at(c.loc.clone())
            .hint(Msg::new("r02-hint"))
            .scope(scope),
        );
    }
    let cheques_unsure =
        d.unreadable("cheques") || d.cheques.iter().any(|c| !(1..=2).contains(&c.nummer.v));
    if !cheques_unsure && !d.cheques.iter().any(|c| c.nummer.v == n) {
        out.push(
            Diagnostic::error("R02", Msg::new("r02-nocheque").arg("n", n))
                .at(p.header.clone())
                .hint(Msg::new("r02-hint"))
                .scope(scope),
        );
    }
    if p.gefinaliseerd_op.is_none() && !p.unreadable.contains(&"gefinaliseerd_op") {
        out.push(
            Diagnostic::error("R03", Msg::new("r03"))
                .at(p.header.clone())
                .hint(Msg::new("r03-hint"))
                .scope(scope),
        );
    }
    if !p.signed() && p.zonder_handtekening.is_none() && !p.unreadable.contains(&"ondertekend") {
        let loc = p
            .ondertekend
            .as_ref()
            .map_or(p.header.clone(), |o| o.loc.clone());
        out.push(
            Diagnostic::warning("R05", Msg::new("r05"))
                .at(loc)
                .hint(Msg::new("r05-hint"))
                .scope(scope),
        );
    }
    minimum_elements(d, p, out);
    if p.text.holds_pop() {
        qualities(p, out);
    }
    if d.gesprekken_complete {
        finalisation_date(d, p, out);
    }
}

/// R51 and R52: the signature keys agree (`ondertekend_op` means signed,
/// `zonder_handtekening` means never signed, with a reason), and the day of
/// the signature lies between the finalisation and today.
fn signature(p: &Pop, today: Date, out: &mut Vec<Diagnostic>) {
    let scope = Scope::Pop(p.n);
    let refused = p.ondertekend.as_ref().filter(|o| !o.v);
    if let (Some(_), Some(on)) = (refused, &p.ondertekend_op) {
        out.push(
            Diagnostic::error("R51", Msg::new("r51-date-unsigned").arg("date", on.v))
                .at(on.loc.clone())
                .hint(Msg::new("r51-date-unsigned-hint"))
                .scope(scope),
        );
    }
    if let Some(z) = &p.zonder_handtekening {
        if p.signed() {
            out.push(
                Diagnostic::error("R51", Msg::new("r51-signed-and-not"))
                    .at(z.loc.clone())
                    .hint(Msg::new("r51-signed-and-not-hint"))
                    .scope(scope),
            );
        } else if z.v.trim().is_empty() {
            out.push(
                Diagnostic::error("R51", Msg::new("r51-no-reason"))
                    .at(z.loc.clone())
                    .hint(Msg::new("r51-no-reason-hint"))
                    .scope(scope),
            );
        }
    }
    let Some(on) = &p.ondertekend_op else { return };
    let key = match &p.gefinaliseerd_op {
        Some(f) if on.v < f.v => "r52-before",
        _ if on.v > today => "r52-future",
        _ => return,
    };
    out.push(
        Diagnostic::warning(
            "R52",
            Msg::new(key)
                .arg("date", on.v)
                .arg(
                    "pop",
                    p.gefinaliseerd_op
                        .as_ref()
                        .map(|f| f.v.to_string())
                        .unwrap_or_default(),
                )
                .arg("today", today),
        )
        .at(on.loc.clone())
        .hint(Msg::new("r52-hint"))
        .scope(scope),
    );
}

/// [6]-[8]: from the text when present; for a POP the client keeps without its
/// text in the dossier, from the coach's ticks in `aanwezig`.
fn minimum_elements(d: &Dossier, p: &Pop, out: &mut Vec<Diagnostic>) {
    let scope = Scope::Pop(p.n);
    let elements = [
        ("R06", "r06", SectionKind::Loopbaanvraag, "loopbaanvraag"),
        ("R07", "r07", SectionKind::Reflecties, "reflecties"),
        ("R08", "r08", SectionKind::Keuzes, "keuzes"),
    ];
    let kept = !d.privacy.pop_in_dossier && !p.text.holds_pop();
    for (rule, key, kind, tick) in elements {
        if kept {
            let ticked = p
                .aanwezig
                .as_ref()
                .is_some_and(|a| a.v.iter().any(|x| x.v == tick));
            if !ticked {
                let loc = p
                    .aanwezig
                    .as_ref()
                    .map_or(p.header.clone(), |a| a.loc.clone());
                out.push(
                    Diagnostic::error(
                        rule,
                        Msg::new("r06-kept")
                            .arg("element", tick)
                            .arg("section", kind.title()),
                    )
                    .at(loc)
                    .hint(Msg::new("r06-kept-hint"))
                    .scope(scope),
                );
            }
            continue;
        }
        let section = p.text.section(kind);
        if section.is_none_or(|s| !s.has_text) {
            let loc = section.map_or(p.header.clone(), |s| {
                crate::source::Loc::new(p.file, s.heading.clone())
            });
            // A heading with nothing of its own under it: say what does not count.
            // The client keeps the POP and the coach ticked `aanwezig`: the
            // POP's headings in the text are what stops the ticks counting.
            let hint = if !d.privacy.pop_in_dossier && p.aanwezig.is_some() {
                "r06-kept-text-hint"
            } else if section.is_some() {
                "r06-empty-hint"
            } else {
                "r06-hint"
            };
            out.push(
                Diagnostic::error(rule, Msg::new(key))
                    .at(loc)
                    .hint(Msg::new(hint).arg("section", kind.title()))
                    .scope(scope),
            );
        }
    }
}

/// [9], [10], [12]: advice on a good POP (domain.md 2.4, 2.5).
fn qualities(p: &Pop, out: &mut Vec<Diagnostic>) {
    let scope = Scope::Pop(p.n);
    let at = |s: Option<&crate::markdown::Section>| {
        s.map_or(p.header.clone(), |s| {
            crate::source::Loc::new(p.file, s.heading.clone())
        })
    };
    if p.soort
        .as_ref()
        .is_some_and(|s| s.v == PopSoort::Actiegericht)
    {
        let plan = p.text.section(SectionKind::Actieplan);
        if plan.is_none_or(|s| s.items == 0) {
            let loc = plan.map_or_else(
                || p.soort.as_ref().map_or(p.header.clone(), |s| s.loc.clone()),
                |s| at(Some(s)),
            );
            out.push(
                Diagnostic::warning("R09", Msg::new("r09"))
                    .at(loc)
                    .hint(Msg::new("r09-hint"))
                    .scope(scope),
            );
        }
    }
    if let Some(r) = p.text.section(SectionKind::Reflecties)
        && r.has_text
        && r.items >= 2
        && r.prose_words < 30
    {
        out.push(
            Diagnostic::warning("R10", Msg::new("r10").arg("words", r.prose_words))
                .at(at(Some(r)))
                .hint(Msg::new("r10-hint"))
                .scope(scope),
        );
    }
    let evo = p.text.section(SectionKind::Evolutie);
    if evo.is_none_or(|s| s.dated_entries == 0) {
        out.push(
            Diagnostic::warning("R12", Msg::new("r12"))
                .at(at(evo))
                .hint(Msg::new("r12-hint"))
                .scope(scope),
        );
    }
}

/// [14]: finalised between the first charged conversation and 30 days after
/// the synthese of its cheque.
fn finalisation_date(d: &Dossier, p: &Pop, out: &mut Vec<Diagnostic>) {
    let Some(date) = &p.gefinaliseerd_op else {
        return;
    };
    let n = i64::from(p.n);
    let h = hours(d, n);
    let scope = Scope::Pop(p.n);
    if let Some(first) = h.first.filter(|f| date.v < *f) {
        out.push(
            Diagnostic::warning(
                "R14",
                Msg::new("r14-before")
                    .arg("date", date.v)
                    .arg("n", n)
                    .arg("first", first),
            )
            .at(date.loc.clone())
            .hint(Msg::new("r14-hint"))
            .scope(scope),
        );
    }
    if let Some(s) = h.synthese.filter(|s| s.days_until(date.v) > 30) {
        out.push(
            Diagnostic::warning(
                "R14",
                Msg::new("r14-after")
                    .arg("date", date.v)
                    .arg("n", n)
                    .arg("synthese", s),
            )
            .at(date.loc.clone())
            .hint(Msg::new("r14-hint"))
            .scope(scope),
        );
    }
}
