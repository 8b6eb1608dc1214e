//! Attest rules (domain.md 7, [32]-[37], section 3b): an "Attest opleiding in het
//! kader van het persoonlijk ontwikkelingsplan" only for a training the POP
//! names, once, for a trajectory that started before the academic year.

use super::Context;
use super::trajectory::start;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::model::{At, Dossier};
use crate::source::Loc;
use crate::text::fold;

pub(super) fn check(d: &Dossier, cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, o) in d.opleidingen.iter().enumerate() {
        if !o.attest {
            continue;
        }
        let scope = Scope::Attest(i);
        let name = fold(&o.naam.v);
        let pop = o
            .pop
            .as_ref()
            .and_then(|n| d.pops.iter().find(|p| i64::from(p.n) == n.v));
        let unreadable = o
            .pop
            .as_ref()
            .is_some_and(|n| d.unreadable_pops.iter().any(|p| i64::from(*p) == n.v));
        match (&o.pop, pop) {
            // The POP file exists but could not be read: its own error says so,
            // and holds this attest back.
            (Some(_), None) if unreadable => {}
            (Some(n), None) => out.push(
                Diagnostic::error("R41", Msg::new("r41").arg("n", n.v))
                    .at(n.loc.clone())
                    .hint(Msg::new("r41-hint").arg("n", n.v))
                    .scope(scope),
            ),
            (None, _) if o.unreadable.contains(&"pop") => {}
            (None, _) => out.push(
                Diagnostic::error(
                    "R41",
                    Msg::new("missing-key")
                        .arg("key", "pop")
                        .arg("table", "[[opleidingen]]"),
                )
                .at(o.loc.clone())
                .hint(Msg::new("missing-key-hint").arg("key", "pop"))
                .scope(scope),
            ),
            (Some(_), Some(p)) => {
                let in_list = p.opleidingen.iter().any(|x| fold(&x.v) == name);
                if !name.is_empty() && !in_list && !p.text.names(&o.naam.v) {
                    out.push(
                        Diagnostic::error(
                            "R32",
                            Msg::new("r32").arg("name", &o.naam.v).arg("n", p.n),
                        )
                        .at(o.naam.loc.clone())
                        .hint(Msg::new("r32-hint").arg("n", p.n))
                        .scope(scope),
                    );
                }
                if let (Some(a), Some(f)) = (&o.attest_op, &p.gefinaliseerd_op)
                    && a.v < f.v
                {
                    out.push(
                        Diagnostic::error(
                            "R37",
                            Msg::new("r37")
                                .arg("date", a.v)
                                .arg("n", p.n)
                                .arg("pop", f.v),
                        )
                        .at(a.loc.clone())
                        .hint(Msg::new("r37-hint"))
                        .scope(scope),
                    );
                }
            }
        }
        if let (Some(s), Some(year)) = (start(d), &o.academiejaar) {
            let first = year.v.0;
            if s >= (crate::date::Date {
                year: first,
                month: 9,
                day: 1,
            }) {
                out.push(
                    Diagnostic::error(
                        "R33",
                        Msg::new("r33")
                            .arg("start", s)
                            .arg("year", format!("{}-{}", year.v.0, year.v.1))
                            .arg("first", first),
                    )
                    .at(year.loc.clone())
                    .hint(Msg::new("r33-hint"))
                    .scope(scope),
                );
            }
        }
        if d.opleidingen[..i]
            .iter()
            .any(|p| p.attest && fold(&p.naam.v) == name)
        {
            out.push(
                Diagnostic::error("R34", Msg::new("r34").arg("name", &o.naam.v))
                    .at(o.naam.loc.clone())
                    .hint(Msg::new("r34-hint"))
                    .scope(scope),
            );
        }
        if let Some(e) = o.enkel_voor_incentive.as_ref().filter(|e| e.v) {
            out.push(
                Diagnostic::error("R35", Msg::new("r35"))
                    .at(e.loc.clone())
                    .hint(Msg::new("r35-hint"))
                    .scope(scope),
            );
        }
        // A blank or whitespace-only value is as missing as an absent one.
        let blank = |v: &Option<At<String>>| v.as_ref().is_none_or(|v| v.v.trim().is_empty());
        let missing = [
            (
                "naam",
                "ui-field-training-name",
                name.is_empty(),
                Some(&o.naam.loc),
            ),
            (
                "academiejaar",
                "ui-field-academic-year",
                o.academiejaar.is_none(),
                None,
            ),
            (
                "verstrekker",
                "ui-field-provider",
                blank(&o.verstrekker),
                o.verstrekker.as_ref().map(|v| &v.loc),
            ),
            (
                "attest_op",
                "ui-field-attest-date",
                o.attest_op.is_none(),
                None,
            ),
        ];
        for (key, field, absent, at) in missing {
            if absent && !o.unreadable.contains(&key) {
                out.push(
                    Diagnostic::error("R36", Msg::new("r36").arg_key("field", field))
                        .at(at.cloned().unwrap_or_else(|| o.loc.clone()))
                        .hint(
                            Msg::new("r36-hint").arg("key", format!("`{key}` in [[opleidingen]]")),
                        )
                        .scope(scope),
                );
            }
        }
        let c = &cx.config.centrum;
        let centre = [
            ("naam", "ui-field-centre-name", &c.naam),
            (
                "ondernemingsnummer",
                "ui-field-centre-number",
                &c.ondernemingsnummer,
            ),
            ("adres", "ui-field-centre-address", &c.adres),
        ];
        // R58: an enterprise number that is not one (a digit off, the old
        // placeholder 0123.456.789): this attest waits, the rest is made.
        if let Some(n) = c
            .ondernemingsnummer
            .as_ref()
            .filter(|n| !n.v.trim().is_empty())
            && let Err(problem) = crate::kbo::normalise(&n.v)
        {
            let why = match problem {
                crate::kbo::Problem::Form => "r58-form",
                crate::kbo::Problem::FirstDigit => "r58-first",
                crate::kbo::Problem::Check => "r58-check",
            };
            out.push(
                Diagnostic::error(
                    "R58",
                    Msg::new("r58").arg("number", &n.v).arg_key("why", why),
                )
                .at(n.loc.clone())
                .hint(Msg::new("r58-hint"))
                .scope(scope),
            );
        }
        for (key, field, value) in centre {
            if blank(value) {
                // At the blank value, else the [centrum] table, else the file.
                let loc = value
                    .as_ref()
                    .map(|v| v.loc.clone())
                    .or_else(|| c.loc.clone())
                    .or_else(|| cx.config.file.map(|f| Loc::new(f, 0..0)))
                    .unwrap_or_else(|| o.loc.clone());
                out.push(
                    Diagnostic::error("R36", Msg::new("r36").arg_key("field", field))
                        .at(loc)
                        .hint(
                            Msg::new("r36-hint").arg_msg_args(
                                "key",
                                Msg::new("ui-key-under-centrum").arg("key", key),
                            ),
                        )
                        .scope(scope),
                );
            }
        }
    }
}
