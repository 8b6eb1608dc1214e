//! Lowering `index.md`: the client, the coach, the packages, the intake, the
//! conversations, assignments, trainings, privacy and evaluation, each value
//! with its location.

use std::path::Path;

use super::*;
use crate::diag::{Diagnostic, Msg, Scope, Severity};
use crate::load::reader::{Reader, Table};
use crate::model::ruleset::{Kind, LAST_ORDER_DATE};
use crate::source::Sources;

const TOP_KEYS: &[&str] = &[
    "klant",
    "begeleider",
    "cheques",
    "intake",
    "gesprekken",
    "opdrachten",
    "opleidingen",
    "privacy",
    "evaluatie",
    "evaluaties",
    "dossier",
];

pub(super) fn lower_index(
    sources: &Sources,
    file: FileId,
    slug: &str,
    dir: &Path,
    rulesets: &RuleSets,
    (pops, unreadable_pops): (Vec<Pop>, Vec<u8>),
    diags: &mut Vec<Diagnostic>,
) -> Option<Dossier> {
    let before = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let (split, table) = crate::load::frontmatter::parse(sources, file, diags, Scope::Dossier)?;
    let text = &sources.get(file).text;
    let header = Loc::new(file, split.open.clone());
    let mut r = Reader::new(
        file,
        split.toml.start,
        &text[split.toml.clone()],
        diags,
        Scope::Dossier,
    );
    let top = r.open(&table, "index.md", header.clone(), TOP_KEYS);
    let mut unreadable: Vec<&'static str> = Vec::new();

    let klant = match r.table(
        &top,
        "klant",
        &[
            "voornaam",
            "achternaam",
            "opleidingsniveau",
            "klantennummer",
            "eerder_loopbaancheque",
        ],
    ) {
        Some(t) => Klant {
            loc: Some(t.loc.clone()),
            eerder_loopbaancheque: r.bool(&t, "eerder_loopbaancheque"),
            voornaam: r.req_str(&t, "voornaam"),
            achternaam: r.req_str(&t, "achternaam"),
            opleidingsniveau: r
                .enumeration(
                    &t,
                    "opleidingsniveau",
                    &["hoog", "midden", "kort", "onbekend"],
                )
                .map(|v| v.v),
            klantennummer: r.str(&t, "klantennummer").map(|v| v.v),
        },
        None => {
            if !top.contains_key("klant") {
                r.missing(&top, "klant");
            }
            Klant::default()
        }
    };
    let mut begeleider_table = None;
    let begeleider = match r.table(&top, "begeleider", &["naam"]) {
        Some(t) => {
            begeleider_table = Some(t.loc.clone());
            r.req_str(&t, "naam")
        }
        None => {
            if !top.contains_key("begeleider") {
                r.missing(&top, "begeleider");
            }
            None
        }
    };
    let (cheques, cheques_complete) = lower_cheques(&mut r, &top, rulesets);
    if !cheques_complete {
        unreadable.push("cheques");
    }
    let intake = match r.table(
        &top,
        "intake",
        &[
            "overeenkomst_ondertekend_op",
            "eigen_initiatief",
            "deel_van_andere_begeleiding",
            "toegelicht",
        ],
    ) {
        Some(t) => {
            let list = r.str_list(&t, "toegelicht");
            if list.is_none() && t.contains_key("toegelicht") {
                unreadable.push("toegelicht");
            }
            let toegelicht = list.map(|l| l.v).unwrap_or_default();
            for item in &toegelicht {
                if !INTAKE_TOPICS.contains(&item.v.as_str()) {
                    r.bad_enum("toegelicht", item, &INTAKE_TOPICS);
                    // A misspelt topic is that topic: not also "missing".
                    if !unreadable.contains(&"toegelicht") {
                        unreadable.push("toegelicht");
                    }
                }
            }
            Intake {
                loc: Some(t.loc.clone()),
                overeenkomst_ondertekend_op: r.date(&t, "overeenkomst_ondertekend_op"),
                eigen_initiatief: r.bool(&t, "eigen_initiatief"),
                deel_van_andere_begeleiding: r.bool(&t, "deel_van_andere_begeleiding"),
                toegelicht,
            }
        }
        None => Intake::default(),
    };
    let (all_gesprekken, gesprekken_complete) = lower_gesprekken(&mut r, &top);
    let (gepland, gesprekken): (Vec<Gesprek>, Vec<Gesprek>) = all_gesprekken
        .into_iter()
        .partition(|g| g.gepland.as_ref().is_some_and(|p| p.v));
    let opdrachten = r
        .tables(&top, "opdrachten", &["titel", "gegeven_op", "besproken_op"])
        .into_iter()
        .filter_map(|t| {
            let titel = r.req_str(&t, "titel");
            let gegeven_op = r.date(&t, "gegeven_op").map(|d| d.v);
            let besproken_op = r.date(&t, "besproken_op").map(|d| d.v);
            Some(Opdracht {
                titel: titel?.v,
                gegeven_op,
                besproken_op,
            })
        })
        .collect();
    let opleidingen = lower_opleidingen(&mut r, &top);
    let privacy = match r.table(&top, "privacy", &["pop_in_dossier", "publiceren"]) {
        Some(t) => Privacy {
            pop_in_dossier: r.bool(&t, "pop_in_dossier").is_none_or(|b| b.v),
            publiceren: r.bool(&t, "publiceren").is_some_and(|b| b.v),
        },
        None => Privacy {
            pop_in_dossier: true,
            publiceren: false,
        },
    };
    let (evaluaties, evaluatie_both) = lower_evaluaties(&mut r, &top, &mut unreadable);
    let gearchiveerd_op = r
        .table(&top, "dossier", &["gearchiveerd_op"])
        .and_then(|t| r.date(&t, "gearchiveerd_op"));
    let incomplete = r
        .diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
        > before;
    Some(Dossier {
        gearchiveerd_op,
        slug: slug.to_string(),
        dir: dir.to_path_buf(),
        index_file: file,
        header,
        klant,
        begeleider,
        begeleider_table,
        cheques,
        intake,
        gesprekken,
        gepland,
        opdrachten,
        opleidingen,
        privacy,
        evaluaties,
        evaluatie_both,
        notities: text[split.body.clone()].to_string(),
        pops,
        unreadable_pops,
        incomplete,
        gesprekken_complete,
        unreadable,
    })
}

/// The cheques, and whether every `[[cheques]]` entry could be read.
fn lower_cheques(r: &mut Reader, top: &Table, rulesets: &RuleSets) -> (Vec<Cheque>, bool) {
    let mut out = Vec::new();
    let tables = r.tables(
        top,
        "cheques",
        &[
            "nummer",
            "pakket",
            "besteld_op",
            "chequenummer",
            "geldig_tot",
            "afgesloten_op",
            "reden",
        ],
    );
    // `cheques` written, but not as `[[cheques]]`: its own error says so.
    let mut complete = !(tables.is_empty() && top.contains_key("cheques"));
    for t in tables {
        let nummer = r.req_int_in(&t, "nummer", -99..=99);
        let kind = r
            .enumeration(&t, "pakket", &Kind::NAMES)
            .and_then(|k| Kind::parse(&k.v))
            .unwrap_or_default();
        let besteld_op = r.req_date(&t, "besteld_op");
        let chequenummer = r.str(&t, "chequenummer").map(|v| v.v);
        let geldig_tot = r.date(&t, "geldig_tot");
        let afgesloten_op = r.date(&t, "afgesloten_op");
        let reden = r.str(&t, "reden").map(|v| v.v);
        let Some(nummer) = nummer else {
            complete = false;
            continue;
        };
        let scope = u8::try_from(nummer.v).map_or(Scope::Dossier, Scope::Cheque);
        let ruleset = besteld_op.as_ref().and_then(|b| {
            let rs = rulesets.for_date(kind, b.v);
            if rs.is_none() {
                let other = rulesets.for_date(kind.other(), b.v);
                r.diags
                    .push(no_ruleset(rulesets, kind, b, other.as_deref()).scope(scope));
            }
            rs
        });
        out.push(Cheque {
            nummer,
            kind,
            besteld_op,
            chequenummer,
            geldig_tot,
            afgesloten_op,
            reden,
            loc: t.loc.clone(),
            ruleset,
        });
    }
    (out, complete)
}

/// The evaluation invitations: `[[evaluaties]]` and the older `[evaluatie]`
/// (for every package), and where both forms were written.
fn lower_evaluaties(
    r: &mut Reader,
    top: &Table,
    unreadable: &mut Vec<&'static str>,
) -> (Vec<Evaluatie>, Option<Loc>) {
    let mut out = Vec::new();
    let old = r.table(top, "evaluatie", &["uitgenodigd_op"]);
    if let Some(t) = &old {
        let d = r.date(t, "uitgenodigd_op");
        if d.is_none() && t.contains_key("uitgenodigd_op") {
            unreadable.push("evaluatie");
        }
        if let Some(d) = d {
            out.push(Evaluatie {
                cheque: None,
                uitgenodigd_op: d,
            });
        }
    }
    let list = r.tables(top, "evaluaties", &["uitgenodigd_op", "cheque"]);
    if list.is_empty() && top.contains_key("evaluaties") {
        unreadable.push("evaluatie");
    }
    let both = match (&old, list.first()) {
        (Some(_), Some(first)) => Some(first.loc.clone()),
        _ => None,
    };
    for t in &list {
        let d = r.req_date(t, "uitgenodigd_op");
        let cheque = r.int_in(t, "cheque", -99..=99);
        if d.is_none() || (cheque.is_none() && t.contains_key("cheque")) {
            unreadable.push("evaluatie");
        }
        if let Some(d) = d {
            out.push(Evaluatie {
                cheque,
                uitgenodigd_op: d,
            });
        }
    }
    (out, both)
}

/// `tijd = "14:00"`: hour and minute, or an F03 error with a tip. Read as a
/// Flemish coach writes an hour: "14:00", "14u", "14u30", "14.30",
/// "14:00:00", and a TOML time `tijd = 14:00:00`.
fn lower_time(r: &mut Reader, t: &Table) -> Option<At<(u8, u8)>> {
    if let Some(v) = t.get("tijd")
        && let toml::de::DeValue::Datetime(dt) = v.get_ref()
        && dt.date.is_none()
        && let Some(time) = dt.time
    {
        return Some(At::new((time.hour, time.minute), r.loc(v.span())));
    }
    let v = r.str(t, "tijd")?;
    match parse_hour(&v.v) {
        Some(hm) => Some(At::new(hm, v.loc)),
        None => {
            r.diags.push(
                Diagnostic::error(
                    "F03",
                    Msg::new("wrong-type")
                        .arg("key", "tijd")
                        .arg_key("expected", "ty-time")
                        .arg("found", format!("\"{}\"", v.v)),
                )
                .at(v.loc)
                .hint(Msg::new("tijd-hint"))
                .scope(Scope::Dossier),
            );
            None
        }
    }
}

/// "14:00", "9:30", "14u", "14u30", "14h30", "14.30", "14:00:00".
pub(crate) fn parse_hour(s: &str) -> Option<(u8, u8)> {
    let s = s.trim().to_lowercase();
    let (h, rest) = match s.find([':', 'u', 'h', '.']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => return None,
    };
    let m = match rest {
        "" => "0",
        r if r.len() == 5 && r.as_bytes()[2] == b':' && r.ends_with("00") => &r[..2],
        r if r.len() == 2 => r,
        _ => return None,
    };
    let ok = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !ok(h) || !ok(m) {
        return None;
    }
    let (h, m) = (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// F07: no rule set of the package's kind covers its order date. The tip
/// names both ways out: a site rule set, or the other kind when one of its
/// sets covers the date (a krediet written as a cheque, or the other way).
fn no_ruleset(
    rulesets: &RuleSets,
    kind: Kind,
    b: &At<Date>,
    other: Option<&RuleSet>,
) -> Diagnostic {
    let (msg, hint) = match (rulesets.pinned_for(kind), kind) {
        (Some(p), _) => (
            Msg::new("ruleset-pinned-outside")
                .arg("date", b.v)
                .arg("ruleset", &p.id)
                .arg("period", p.period()),
            Msg::new("ruleset-pinned-outside-hint"),
        ),
        (None, Kind::Loopbaancheque) if b.v > LAST_ORDER_DATE => (
            Msg::new("no-ruleset-after-2026").arg("date", b.v),
            Msg::new("no-ruleset-after-2026-hint"),
        ),
        (None, Kind::Loopbaancheque) => (
            Msg::new("no-ruleset").arg("date", b.v),
            Msg::new("no-ruleset-hint"),
        ),
        (None, Kind::Loopbaankrediet) => (
            Msg::new("no-ruleset-krediet").arg("date", b.v),
            Msg::new("no-ruleset-krediet-hint"),
        ),
    };
    let hint = match other {
        Some(o) => Msg::new("no-ruleset-other-kind")
            .arg_msg("first", hint)
            .arg("kind", o.kind.name())
            .arg("ruleset", &o.id),
        None => hint,
    };
    Diagnostic::error("F07", msg).at(b.loc.clone()).hint(hint)
}

/// The conversations, and whether every `[[gesprekken]]` entry could be read.
fn lower_gesprekken(r: &mut Reader, top: &Table) -> (Vec<Gesprek>, bool) {
    let mut out = Vec::new();
    let mut complete = true;
    for (i, t) in r
        .tables(
            top,
            "gesprekken",
            &[
                "datum",
                "soort",
                "minuten",
                "vorm",
                "kanaal",
                "cheque",
                "gepland",
                "tijd",
                "geregistreerd_op",
                "notities",
            ],
        )
        .into_iter()
        .enumerate()
    {
        let datum = r.req_date(&t, "datum");
        let soort = r.req_enumeration(&t, "soort", &Soort::NAMES);
        let minuten = r.req_int_in(&t, "minuten", 0..=24 * 60);
        let vorm = r.req_enumeration(&t, "vorm", &["individueel", "groep"]);
        let kanaal = r
            .enumeration(&t, "kanaal", &["fysiek", "online", "telefonisch"])
            .map(|v| v.v);
        let cheque = r.int_in(&t, "cheque", -99..=99);
        let gepland = r.bool(&t, "gepland");
        let tijd = lower_time(r, &t);
        let geregistreerd_op = r.date(&t, "geregistreerd_op");
        let notities = r.str(&t, "notities").map(|v| v.v);
        // Any value of the entry that could not be read (a cheque written as
        // "1") makes the sums unreliable: its own error says so.
        if (cheque.is_none() && t.contains_key("cheque"))
            || (kanaal.is_none() && t.contains_key("kanaal"))
            || (gepland.is_none() && t.contains_key("gepland"))
        {
            complete = false;
        }
        let (Some(datum), Some(soort), Some(minuten), Some(vorm)) = (datum, soort, minuten, vorm)
        else {
            complete = false;
            continue;
        };
        let Some(s) = Soort::parse(&soort.v) else {
            complete = false;
            continue;
        };
        out.push(Gesprek {
            nr: i + 1,
            datum,
            soort: At::new(s, soort.loc),
            minuten,
            groep: vorm.v == "groep",
            kanaal,
            cheque,
            gepland,
            tijd,
            geregistreerd_op,
            notities,
            loc: t.loc.clone(),
        });
    }
    (out, complete)
}

fn lower_opleidingen(r: &mut Reader, top: &Table) -> Vec<Opleiding> {
    let keys = [
        "naam",
        "verstrekker",
        "academiejaar",
        "startdatum",
        "incentives",
        "pop",
        "attest",
        "attest_op",
        "enkel_voor_incentive",
    ];
    let mut out = Vec::new();
    for t in r.tables(top, "opleidingen", &keys) {
        let naam = r.req_str(&t, "naam");
        let verstrekker = r.str(&t, "verstrekker");
        let academiejaar = r.str(&t, "academiejaar").and_then(|a| {
            let parsed = a.v.split_once('-').and_then(|(x, y)| {
                Some((x.trim().parse::<i32>().ok()?, y.trim().parse::<i32>().ok()?))
            });
            match parsed {
                Some((x, y)) if y == x + 1 && (2000..=2100).contains(&x) => {
                    Some(At::new((x, y), a.loc))
                }
                _ => {
                    r.diags.push(
                        Diagnostic::error(
                            "F03",
                            Msg::new("wrong-type")
                                .arg("key", "academiejaar")
                                .arg_key("expected", "ty-year")
                                .arg("found", format!("\"{}\"", a.v)),
                        )
                        .at(a.loc)
                        .scope(Scope::Dossier),
                    );
                    None
                }
            }
        });
        let startdatum = r.date(&t, "startdatum").map(|d| d.v);
        let incentives = r
            .str_list(&t, "incentives")
            .map(|l| l.v)
            .unwrap_or_default();
        for i in &incentives {
            if !INCENTIVES.contains(&i.v.as_str()) {
                r.bad_enum("incentives", i, &INCENTIVES);
            }
        }
        let pop = r.int_in(&t, "pop", -99..=99);
        let mut unreadable = Vec::new();
        for (key, missing) in [
            ("academiejaar", academiejaar.is_none()),
            ("pop", pop.is_none()),
            ("verstrekker", verstrekker.is_none()),
        ] {
            if missing && t.contains_key(key) {
                unreadable.push(key);
            }
        }
        let attest = r.bool(&t, "attest").is_some_and(|b| b.v);
        let attest_op = r.date(&t, "attest_op");
        if attest_op.is_none() && t.contains_key("attest_op") {
            unreadable.push("attest_op");
        }
        let enkel_voor_incentive = r.bool(&t, "enkel_voor_incentive");
        let Some(naam) = naam else { continue };
        out.push(Opleiding {
            naam,
            verstrekker,
            academiejaar,
            startdatum,
            incentives: incentives.into_iter().map(|i| i.v).collect(),
            pop,
            attest,
            attest_op,
            enkel_voor_incentive,
            loc: t.loc.clone(),
            unreadable,
        });
    }
    out
}

#[cfg(test)]
mod hour_tests {
    #[test]
    fn hours_as_a_coach_writes_them() {
        for (s, hm) in [
            ("14:00", Some((14, 0))),
            ("9:30", Some((9, 30))),
            ("14u", Some((14, 0))),
            ("14u30", Some((14, 30))),
            ("14h30", Some((14, 30))),
            ("14.30", Some((14, 30))),
            ("14:00:00", Some((14, 0))),
            ("25:00", None),
            ("14:5", None),
            ("namiddag", None),
            ("14", None),
        ] {
            assert_eq!(super::parse_hour(s), hm, "{s}");
        }
    }
}
