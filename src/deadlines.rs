//! Deadlines: for each dossier, the dated things a centre must not miss, each
//! with a state relative to a given day (never the clock: `--today`, else
//! `SOURCE_DATE_EPOCH`, else the system date). A pure function of the model;
//! `agenda`, the ics file and the index page's dashboard read it.
//!
//! - the cheque's guidance starts within its validity (`geldig_tot`, else
//!   3 months after `besteld_op`, domain.md 4.7; rule [23]);
//! - a synthese held, its POP not finalised (due after 14 days, overdue after 30);
//! - a POP finalised but not signed (14 days);
//! - the evaluation invitation not sent (14 days after the synthese);
//! - the nazorg window closing (a year after the synthese) while nazorg
//!   minutes remain;
//! - an attest's academic year starting (1 September) while the trajectory has
//!   not started;
//! - the retention period ending: the dossier is due for deletion;
//! - each planned conversation (`gepland = true`), on its day and at its
//!   `tijd`; once its day has passed, the question whether it took place.

use serde::Serialize;

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Lang, Msg};
use crate::model::{Dossier, Soort};
use crate::validate::trajectory::{Package, checked_cheques, hours, nazorg_package, start};

/// Where an item stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Overdue,
    Due,
    Open,
    Done,
}

impl State {
    /// The state of something that must happen by `date`, seen on `today`,
    /// "due" from `within` days before.
    pub fn of(date: Date, today: Date, within: i64) -> State {
        if today > date {
            State::Overdue
        } else if today.days_until(date) <= within {
            State::Due
        } else {
            State::Open
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let key = match self {
            State::Overdue => "ui-due-overdue",
            State::Due => "ui-due-soon",
            State::Open => "ui-due-open",
            State::Done => "ui-due-done",
        };
        crate::diag::text(key, lang)
    }
}

/// What an item is about; part of its stable id (and the ics UID).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    #[serde(rename = "cheque-start")]
    ChequeStart,
    #[serde(rename = "pop-finaliseren")]
    PopFinalise,
    #[serde(rename = "pop-ondertekenen")]
    PopSign,
    #[serde(rename = "evaluatie")]
    Evaluation,
    #[serde(rename = "nazorg")]
    Nazorg,
    #[serde(rename = "attest-academiejaar")]
    AttestYear,
    #[serde(rename = "bewaartermijn")]
    Retention,
    #[serde(rename = "gesprek")]
    Planned,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::ChequeStart => "cheque-start",
            Kind::PopFinalise => "pop-finaliseren",
            Kind::PopSign => "pop-ondertekenen",
            Kind::Evaluation => "evaluatie",
            Kind::Nazorg => "nazorg",
            Kind::AttestYear => "attest-academiejaar",
            Kind::Retention => "bewaartermijn",
            Kind::Planned => "gesprek",
        }
    }
}

/// One dated item of a dossier.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub slug: String,
    pub klant: String,
    pub kind: Kind,
    /// The cheque (or, for an attest, the training index) it concerns.
    pub cheque: Option<u8>,
    /// The day by which it must be done.
    pub date: Date,
    pub state: State,
    /// What to do, in Dutch ("POP van cheque 1 finaliseren"): the page and
    /// the calendar are Dutch.
    pub title: String,
    /// The same as a message, for the terminal (`agenda` in the run's language).
    #[serde(skip)]
    pub what: Msg,
    /// A planned conversation: its place in `[[gesprekken]]` (its calendar
    /// id), its `tijd` ("14:00") and its minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gesprek: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tijd: Option<String>,
    #[serde(skip)]
    pub minuten: i64,
}

impl Item {
    /// Stable across runs: the same item keeps its id when dates move.
    pub fn uid(&self) -> String {
        let n = match (self.gesprek, self.cheque) {
            (Some(g), _) => format!("-{g}"),
            (None, Some(c)) => format!("-{c}"),
            (None, None) => String::new(),
        };
        format!("{}-{}{n}@popdoc", self.slug, self.kind.id())
    }
}

/// Days before a deadline from which an item is "due" (binnenkort).
pub const DUE_WITHIN: i64 = 14;

/// Every deadline of a dossier, done ones included, in date order. An
/// archived dossier is off the desk: only its retention remains.
pub fn items(d: &Dossier, config: &Config, today: Date) -> Vec<Item> {
    let mut out = Vec::new();
    let archived = d.gearchiveerd_op.as_ref().is_some_and(|g| g.v <= today);
    let klant = d.klant.naam();
    let mut push = |kind: Kind, cheque: Option<u8>, date: Date, state: State, what: Msg| {
        out.push(Item {
            slug: d.slug.clone(),
            klant: klant.clone(),
            kind,
            cheque,
            date,
            state,
            title: what.render(Lang::Nl),
            what,
            gesprek: None,
            tijd: None,
            minuten: 0,
        })
    };
    for c in checked_cheques(d).filter(|_| !archived) {
        let n = u8::try_from(c.nummer.v).unwrap_or(0);
        // "cheque 1", "het loopbaankrediet" (a message of its own).
        let pkg = |m: Msg| match c.kind {
            crate::model::ruleset::Kind::Loopbaancheque => {
                m.arg("pkg", format!("cheque {}", c.nummer.v))
            }
            crate::model::ruleset::Kind::Loopbaankrediet => m.arg_key("pkg", "pkg-krediet"),
        };
        let h = hours(d, c.nummer.v);
        // The guidance must start while the cheque is valid.
        let end = match (&c.geldig_tot, &c.besteld_op, &c.ruleset) {
            (Some(g), _, _) => Some(g.v),
            (None, Some(b), Some(rs)) => Some(b.v.plus_months(rs.geldigheid_maanden)),
            _ => None,
        };
        if let Some(end) = end {
            let state = if h.first.is_some() {
                State::Done
            } else {
                State::of(end, today, DUE_WITHIN)
            };
            push(
                Kind::ChequeStart,
                Some(n),
                end,
                state,
                pkg(Msg::new("ui-due-cheque-start")).arg_msg_args("date", end.long()),
            );
        }
        let pop = d.pops.iter().find(|p| p.n == n);
        if let Some(s) = h.synthese {
            let finalised = pop.and_then(|p| p.gefinaliseerd_op.as_ref());
            // Due from 14 days after the synthese, overdue after 30.
            let state = match finalised {
                Some(_) => State::Done,
                None if s.days_until(today) > 30 => State::Overdue,
                None if s.days_until(today) >= 14 => State::Due,
                None => State::Open,
            };
            push(
                Kind::PopFinalise,
                Some(n),
                Date::from_days(s.days() + 30),
                state,
                pkg(Msg::new("ui-due-pop-finalise")).arg_msg_args("date", s.long()),
            );
            let invited = d
                .evaluaties_for(i64::from(n))
                .any(|e| e.uitgenodigd_op.v >= s);
            let due = Date::from_days(s.days() + 14);
            push(
                Kind::Evaluation,
                Some(n),
                due,
                if invited {
                    State::Done
                } else {
                    State::of(due, today, DUE_WITHIN)
                },
                pkg(Msg::new("ui-due-evaluation")),
            );
            // Nazorg: up to a year after the synthese, 30 minutes per package.
            let used: i64 = d
                .gesprekken
                .iter()
                .filter(|g| {
                    g.soort.v == Soort::Nazorg
                        && nazorg_package(d, g) == Package::Cheque(i64::from(n))
                })
                .map(|g| g.minuten.v)
                .sum();
            let max = c.ruleset.as_ref().map_or(30, |r| r.nazorg_max_minuten);
            let closes = s.plus_one_year();
            let state = if used >= max || today > closes {
                State::Done
            } else {
                State::of(closes, today, 30)
            };
            push(
                Kind::Nazorg,
                Some(n),
                closes,
                state,
                pkg(Msg::new("ui-due-nazorg"))
                    .arg_msg_args("date", closes.long())
                    .arg("min", (max - used).max(0)),
            );
        }
        if let Some(p) = pop
            && let Some(f) = &p.gefinaliseerd_op
        {
            let due = Date::from_days(f.v.days() + 14);
            let signed = p.signed();
            // A client who will not sign gets no reminder.
            if !p.never_signed() {
                push(
                    Kind::PopSign,
                    Some(n),
                    due,
                    if signed {
                        State::Done
                    } else {
                        State::of(due, today, DUE_WITHIN)
                    },
                    pkg(Msg::new("ui-due-pop-sign")),
                );
            }
        }
    }
    // An attest for an academic year: the trajectory must start before it.
    for (i, o) in d
        .opleidingen
        .iter()
        .enumerate()
        .filter(|(_, o)| o.attest && !archived)
    {
        let Some(year) = &o.academiejaar else {
            continue;
        };
        let Some(sept) = Date::new(year.v.0, 9, 1) else {
            continue;
        };
        let state = if start(d).is_some() {
            State::Done
        } else {
            State::of(sept, today, 30)
        };
        push(
            Kind::AttestYear,
            u8::try_from(i + 1).ok(),
            sept,
            state,
            Msg::new("ui-due-attest-year").arg("name", &o.naam.v),
        );
    }
    // From the last conversation held: one still to come is no end.
    if let Some(years) = config.retention_years
        && let Some(last) = d
            .gesprekken
            .iter()
            .map(|g| g.datum.v)
            .filter(|g| *g <= today)
            .max()
    {
        let mut end = last;
        for _ in 0..years {
            end = end.plus_one_year();
        }
        push(
            Kind::Retention,
            None,
            end,
            State::of(end, today, 30),
            Msg::new("ui-due-retention").arg_msg_args(
                "years",
                Msg::count(
                    usize::try_from(years).unwrap_or(0),
                    "ui-years-one",
                    "ui-years-many",
                ),
            ),
        );
    }
    if !archived {
        out.extend(d.gepland.iter().map(|g| planned(d, &klant, g, today)));
    }
    out.sort_by_key(|i| (i.date, i.kind.id()));
    out
}

/// A planned conversation on the desk: on its day (and hour), or, once the
/// day has passed, the question whether it took place.
fn planned(d: &Dossier, klant: &str, g: &crate::model::Gesprek, today: Date) -> Item {
    let soort = Soort::NAMES[g.soort.v as usize];
    let tijd = g
        .tijd
        .as_ref()
        .map(|t| format!("{:02}:{:02}", t.v.0, t.v.1));
    let at = |m: Msg| match &tijd {
        Some(t) => m.arg_msg_args("at", Msg::new("ui-due-at").arg("time", t)),
        None => m.arg("at", ""),
    };
    let vorm = if g.groep {
        "ui-form-group"
    } else {
        "ui-form-individual"
    };
    let what = if g.datum.v < today {
        at(Msg::new("ui-due-planned-past"))
            .arg("soort", soort)
            .arg_msg_args("date", g.datum.v.long())
    } else {
        at(Msg::new("ui-due-planned"))
            .arg("soort", soort)
            .arg("min", g.minuten.v)
            .arg_key("form", vorm)
    };
    Item {
        slug: d.slug.clone(),
        klant: klant.to_string(),
        kind: Kind::Planned,
        cheque: g
            .cheque
            .as_ref()
            .and_then(|c| u8::try_from(c.v).ok())
            .filter(|c| *c != 0),
        date: g.datum.v,
        state: State::of(g.datum.v, today, DUE_WITHIN),
        title: what.render(Lang::Nl),
        what,
        gesprek: Some(g.nr),
        tijd,
        minuten: g.minuten.v,
    }
}

/// The agenda: items not done that are overdue or due within `within` days,
/// over all dossiers, in date order.
pub fn agenda<'a>(
    dossiers: impl Iterator<Item = &'a Dossier>,
    config: &Config,
    today: Date,
    within: i64,
) -> Vec<Item> {
    let mut out: Vec<Item> = dossiers
        .flat_map(|d| items(d, config, today))
        .filter(|i| {
            i.state != State::Done
                && (i.state == State::Overdue || today.days_until(i.date) <= within)
        })
        .collect();
    out.sort_by(|a, b| (a.date, &a.slug, a.kind.id()).cmp(&(b.date, &b.slug, b.kind.id())));
    out
}

/// The day a run is about: `--today`, else `SOURCE_DATE_EPOCH` (seconds),
/// else the system date.
pub fn today(flag: Option<Date>) -> Date {
    if let Some(d) = flag {
        return d;
    }
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(|secs| Date::from_days(secs.div_euclid(86_400)))
        .unwrap_or_else(Date::today)
}

/// A date as a coach types it: `2025-06-01` or `01/06/2025`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let t = s.trim();
    let parsed = if t.contains('/') {
        let p: Vec<&str> = t.split('/').collect();
        match p.as_slice() {
            [d, m, y] => (|| Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))(),
            _ => None,
        }
    } else {
        Date::parse(t)
    };
    parsed.ok_or_else(|| {
        Msg::new("ui-not-a-date")
            .arg("value", s)
            .render(crate::diag::ui_lang())
    })
}

/// An iCalendar file (RFC 5545) of the items: all-day events, UIDs stable
/// per dossier, kind and cheque (a new import updates), DTSTAMP from `today`,
/// CRLF and lines folded at 75 octets.
pub fn ics(items: &[Item], today: Date) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//popdoc//agenda//NL".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", ics_text("popdoc: termijnen")),
    ];
    let ymd = |d: Date| format!("{:04}{:02}{:02}", d.year, d.month, d.day);
    for i in items {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", i.uid()));
        lines.push(format!("DTSTAMP:{}T000000Z", ymd(today)));
        match i.tijd.as_deref().and_then(hour_minute) {
            // A planned conversation at its hour: local ("floating") time, as
            // long as the conversation (an hour when no minutes are given).
            Some((h, m)) if i.date >= today => {
                let start = i64::from(h) * 60 + i64::from(m);
                let end = start + if i.minuten > 0 { i.minuten } else { 60 };
                let end_day = Date::from_days(i.date.days() + end / (24 * 60));
                let end = end % (24 * 60);
                lines.push(format!("DTSTART:{}T{h:02}{m:02}00", ymd(i.date)));
                lines.push(format!(
                    "DTEND:{}T{:02}{:02}00",
                    ymd(end_day),
                    end / 60,
                    end % 60
                ));
            }
            _ => {
                lines.push(format!("DTSTART;VALUE=DATE:{}", ymd(i.date)));
                lines.push(format!(
                    "DTEND;VALUE=DATE:{}",
                    ymd(Date::from_days(i.date.days() + 1))
                ));
            }
        }
        lines.push(format!(
            "SUMMARY:{}",
            ics_text(&format!("{}: {}", i.klant, i.title))
        ));
        lines.push(format!(
            "DESCRIPTION:{}",
            ics_text(&format!(
                "{} · {} · dossier {} · popdoc agenda, {}",
                i.title,
                i.state.label(Lang::Nl),
                i.slug,
                today.dutch_long()
            ))
        ));
        // A conversation takes the coach's time; a deadline does not.
        lines.push(if i.kind == Kind::Planned && i.date >= today {
            "TRANSP:OPAQUE".into()
        } else {
            "TRANSP:TRANSPARENT".into()
        });
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

/// "14:00" as (14, 0).
fn hour_minute(s: &str) -> Option<(u8, u8)> {
    let (h, m) = s.split_once(':')?;
    Some((h.parse().ok()?, m.parse().ok()?))
}

/// TEXT value escaping (RFC 5545 3.3.11).
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// One content line, folded at 75 octets (never inside a UTF-8 character),
/// ending in CRLF.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let w = c.len_utf8();
        if width + w > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += w;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_dates() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(State::of(d("2025-06-10"), d("2025-06-01"), 14), State::Due);
        assert_eq!(State::of(d("2025-07-10"), d("2025-06-01"), 14), State::Open);
        assert_eq!(
            State::of(d("2025-05-31"), d("2025-06-01"), 14),
            State::Overdue
        );
        assert_eq!(parse_date("01/06/2025").unwrap(), d("2025-06-01"));
        assert!(parse_date("31/02/2025").is_err());
    }

    #[test]
    fn kinds_serialise_as_their_ids() {
        for k in [
            Kind::ChequeStart,
            Kind::PopFinalise,
            Kind::PopSign,
            Kind::Evaluation,
            Kind::Nazorg,
            Kind::AttestYear,
            Kind::Retention,
            Kind::Planned,
        ] {
            assert_eq!(serde_json::to_value(k).unwrap(), k.id());
        }
    }

    #[test]
    fn ics_lines_are_folded_and_escaped() {
        let long = "x".repeat(200);
        let f = fold(&format!("SUMMARY:{long}é"));
        assert!(f.split("\r\n").all(|l| l.len() <= 75), "{f}");
        assert_eq!(f.replace("\r\n ", ""), format!("SUMMARY:{long}é\r\n"));
        assert_eq!(ics_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
