//! The life of a trajectory: a state for each package and for the dossier,
//! derived from the dossier and the day. A package is *besteld* (ordered, no
//! charged conversation yet), *lopend* (charged conversations, its POP not
//! finalised), *afgerond* (its POP finalised), *afgesloten* (closed early,
//! `afgesloten_op`) or *verlopen* (not started within its validity); a
//! dossier with no package yet is a *kennismaking*, and one with `[dossier]
//! gearchiveerd_op` is *gearchiveerd*. While a package is besteld or lopend,
//! the rules that only say the work is unfinished are to-dos (`stage.rs`).

use serde::Serialize;

use super::trajectory::hours;
use crate::date::Date;
use crate::diag::Lang;
use crate::model::{Cheque, Dossier};

/// The state of a package or of a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// No package yet: only the free first conversation.
    Kennismaking,
    Besteld,
    Lopend,
    Afgerond,
    Afgesloten,
    Verlopen,
    Gearchiveerd,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Kennismaking,
        State::Besteld,
        State::Lopend,
        State::Afgerond,
        State::Afgesloten,
        State::Verlopen,
        State::Gearchiveerd,
    ];

    /// The word the coach reads.
    pub fn label(self, lang: Lang) -> &'static str {
        let key = match self {
            State::Kennismaking => "ui-state-kennismaking",
            State::Besteld => "ui-state-besteld",
            State::Lopend => "ui-state-lopend",
            State::Afgerond => "ui-state-afgerond",
            State::Afgesloten => "ui-state-afgesloten",
            State::Verlopen => "ui-state-verlopen",
            State::Gearchiveerd => "ui-state-gearchiveerd",
        };
        crate::diag::text(key, lang)
    }

    /// Whether the work is still going on (its unfinished parts are to-dos).
    pub fn running(self) -> bool {
        matches!(self, State::Kennismaking | State::Besteld | State::Lopend)
    }
}

/// A package's state on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PackageState {
    pub nummer: i64,
    pub state: State,
    /// A lopend package without synthese 12 months after its first charged
    /// conversation: judged as afgerond (its rules are errors again), with
    /// the to-do "rond af of sluit af".
    pub overdue: bool,
}

impl PackageState {
    /// The state its rules are judged by.
    pub fn judged(&self) -> State {
        if self.overdue {
            State::Afgerond
        } else {
            self.state
        }
    }
}

/// The day a cheque's guidance must start by: `geldig_tot`, else the rule
/// set's validity after `besteld_op` (domain.md 4.7).
pub fn valid_until(c: &Cheque) -> Option<Date> {
    match (&c.geldig_tot, &c.besteld_op, &c.ruleset) {
        (Some(g), _, _) => Some(g.v),
        (None, Some(b), Some(rs)) => Some(b.v.plus_months(rs.geldigheid_maanden)),
        _ => None,
    }
}

/// The state of cheque `c` of `d` on `today`.
pub fn package(d: &Dossier, c: &Cheque, today: Date) -> PackageState {
    let n = c.nummer.v;
    let h = hours(d, n);
    let finalised = d.pops.iter().any(|p| {
        // A date the coach wrote but popdoc cannot read (its F03 says so):
        // the coach meant the POP finalised, so the package is not judged
        // as running (no to-dos that only follow from the unread date).
        i64::from(p.n) == n
            && (p.gefinaliseerd_op.is_some() || p.unreadable.contains(&"gefinaliseerd_op"))
    });
    // Closed on a day still to come: not closed yet (like an archive date).
    let state = if c.afgesloten_op.as_ref().is_some_and(|a| a.v <= today) {
        State::Afgesloten
    } else if finalised {
        State::Afgerond
    } else if h.first.is_some() {
        State::Lopend
    } else if valid_until(c).is_some_and(|end| today > end) {
        State::Verlopen
    } else {
        State::Besteld
    };
    let overdue = state == State::Lopend
        && h.synthese.is_none()
        && h.first.is_some_and(|f| today > f.plus_one_year());
    PackageState {
        nummer: n,
        state,
        overdue,
    }
}

/// Every package's state, in the order of `[[cheques]]`.
pub fn packages(d: &Dossier, today: Date) -> Vec<PackageState> {
    d.cheques.iter().map(|c| package(d, c, today)).collect()
}

/// The dossier's state: gearchiveerd when archived, kennismaking without a
/// package, else that of its most active package (lopend, then besteld,
/// afgerond, afgesloten, verlopen).
pub fn dossier(d: &Dossier, today: Date) -> State {
    if d.gearchiveerd_op.as_ref().is_some_and(|g| g.v <= today) {
        return State::Gearchiveerd;
    }
    let states: Vec<State> = packages(d, today).iter().map(|p| p.state).collect();
    if states.is_empty() {
        return State::Kennismaking;
    }
    for s in [
        State::Lopend,
        State::Besteld,
        State::Afgerond,
        State::Afgesloten,
        State::Verlopen,
    ] {
        if states.contains(&s) {
            return s;
        }
    }
    State::Besteld
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_word_in_both_languages() {
        for s in State::ALL {
            assert!(!s.label(Lang::Nl).is_empty() && !s.label(Lang::En).is_empty());
        }
        assert_eq!(State::Lopend.label(Lang::En), "running");
        assert!(State::Besteld.running() && !State::Afgerond.running());
    }
}
