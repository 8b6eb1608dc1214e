//! Rule sets: the dated parameters of the cheque system (hours per cheque, the
//! individual/group split), as data. The built-in sets are TOML files compiled
//! into the binary; a site adds or replaces sets with files in `rules/`.

use std::path::Path;
use std::sync::Arc;

use crate::date::Date;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::load::reader::{Reader, parse};
use crate::source::{FileId, Loc, Sources};

#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub id: String,
    pub naam: String,
    pub besteld_vanaf: Date,
    pub besteld_tot: Option<Date>,
    /// Package size in minutes for cheque 1, 2, ...; a cheque number without a
    /// package does not exist under this set.
    pub pakket_minuten: Vec<i64>,
    pub min_individueel_minuten: i64,
    pub max_groep_minuten: Option<i64>,
    pub nazorg_max_minuten: i64,
    /// Months a cheque stays valid after it was ordered (domain.md 4.7: 3).
    pub geldigheid_maanden: i64,
    /// Only for a client who never used a loopbaancheque before (vdab-2025t).
    pub enkel_eerste_gebruik: bool,
    /// Names of the values above that no published source confirms.
    pub onzeker: Vec<String>,
    pub builtin: bool,
    pub loc: Option<Loc>,
}

impl RuleSet {
    pub fn covers(&self, d: Date) -> bool {
        d >= self.besteld_vanaf && self.besteld_tot.is_none_or(|t| d <= t)
    }

    /// Package size of cheque `n` (1-based).
    pub fn pakket(&self, n: i64) -> Option<i64> {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| self.pakket_minuten.get(i).copied())
    }

    /// Whether `value` (a key of the rule-set file) is marked uncertain.
    pub fn is_onzeker(&self, value: &str) -> bool {
        self.onzeker.iter().any(|v| v == value)
    }

    /// The uncertain values with what popdoc assumes for them:
    /// `pakket_minuten = [240]`.
    pub fn onzeker_values(&self) -> String {
        self.onzeker
            .iter()
            .map(|v| format!("{v} = {}", self.value(v)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn value(&self, key: &str) -> String {
        match key {
            "pakket_minuten" => format!("{:?}", self.pakket_minuten),
            "min_individueel_minuten" => self.min_individueel_minuten.to_string(),
            "max_groep_minuten" => self
                .max_groep_minuten
                .map_or_else(|| "—".into(), |v| v.to_string()),
            "nazorg_max_minuten" => self.nazorg_max_minuten.to_string(),
            "geldigheid_maanden" => self.geldigheid_maanden.to_string(),
            _ => String::new(),
        }
    }

    /// "2025-11-01 .. 2026-12-31" (or "2020-01-01 ..").
    pub fn period(&self) -> String {
        match self.besteld_tot {
            Some(t) => format!("{} .. {t}", self.besteld_vanaf),
            None => format!("{} ..", self.besteld_vanaf),
        }
    }

    fn overlaps(&self, other: &RuleSet) -> bool {
        let end = Date {
            year: 9999,
            month: 12,
            day: 31,
        };
        let end_a = self.besteld_tot.unwrap_or(end);
        let end_b = other.besteld_tot.unwrap_or(end);
        self.besteld_vanaf <= end_b && other.besteld_vanaf <= end_a
    }
}

/// No loopbaancheque can be ordered after this day: the loopbaankrediet
/// replaces the cheques from 1 January 2027 (domain.md 4.7).
pub const LAST_ORDER_DATE: Date = Date {
    year: 2026,
    month: 12,
    day: 31,
};

/// Values a rule set may mark as uncertain in `onzeker`.
pub const UNCERTAIN_KEYS: [&str; 5] = [
    "pakket_minuten",
    "min_individueel_minuten",
    "max_groep_minuten",
    "nazorg_max_minuten",
    "geldigheid_maanden",
];

pub const BUILTIN: [(&str, &str); 3] = [
    ("vdab-2013.toml", include_str!("rulesets/vdab-2013.toml")),
    ("vdab-2020.toml", include_str!("rulesets/vdab-2020.toml")),
    ("vdab-2025t.toml", include_str!("rulesets/vdab-2025t.toml")),
];

/// The rule sets in force for a site, and the one pinned by `popdoc.toml`.
#[derive(Debug, Clone, Default)]
pub struct RuleSets {
    pub sets: Vec<Arc<RuleSet>>,
    pub pinned: Option<Arc<RuleSet>>,
}

impl RuleSets {
    /// Built-in sets, replaced or extended by the site's own (`files`: the
    /// `rules/*.toml` that `load::rule_files` read).
    pub fn lower(sources: &mut Sources, files: &[FileId], diags: &mut Vec<Diagnostic>) -> RuleSets {
        let mut builtin = Vec::new();
        for (name, text) in BUILTIN {
            let id = sources.add(
                format!("<ingebouwd>/{name}"),
                Path::new(name),
                text.to_string(),
            );
            if let Some(mut rs) = lower(sources, id, diags) {
                rs.builtin = true;
                builtin.push(rs);
            }
        }
        let site: Vec<RuleSet> = files
            .iter()
            .filter_map(|id| lower(sources, *id, diags))
            .collect();
        for (i, a) in site.iter().enumerate() {
            for b in &site[i + 1..] {
                if a.overlaps(b) {
                    diags.push(
                        Diagnostic::error(
                            "F09",
                            Msg::new("ruleset-overlap").arg("a", &a.id).arg("b", &b.id),
                        )
                        .at_opt(b.loc.clone())
                        .hint(Msg::new("ruleset-overlap-hint"))
                        .scope(Scope::Site),
                    );
                }
            }
        }
        // Site sets come first so that they win where they overlap a built-in
        // set; say once which built-in set each one hides.
        for s in &site {
            for b in builtin.iter().filter(|b| b.id == s.id || b.overlaps(s)) {
                let key = if b.id == s.id {
                    "ruleset-replaces"
                } else {
                    "ruleset-hides"
                };
                diags.push(
                    Diagnostic::note(
                        "F12",
                        Msg::new(key)
                            .arg("site", &s.id)
                            .arg("builtin", &b.id)
                            .arg("period", b.period()),
                    )
                    .at_opt(s.loc.clone())
                    .hint(Msg::new("ruleset-replaces-hint"))
                    .scope(Scope::Site),
                );
            }
        }
        let mut sets: Vec<Arc<RuleSet>> = site.iter().cloned().map(Arc::new).collect();
        for b in builtin {
            if !site.iter().any(|s| s.id == b.id) {
                sets.push(Arc::new(b));
            }
        }
        RuleSets { sets, pinned: None }
    }

    pub fn by_id(&self, id: &str) -> Option<Arc<RuleSet>> {
        self.sets.iter().find(|s| s.id == id).cloned()
    }

    /// The set for a cheque ordered on `d`: the pinned one when it covers `d`
    /// (a pinned set never applies outside its own dates), else the first
    /// that covers it (site sets come first).
    pub fn for_date(&self, d: Date) -> Option<Arc<RuleSet>> {
        match &self.pinned {
            Some(p) => p.covers(d).then(|| p.clone()),
            None => self.sets.iter().find(|s| s.covers(d)).cloned(),
        }
    }

    pub fn ids(&self) -> Vec<String> {
        self.sets.iter().map(|s| s.id.clone()).collect()
    }
}

const KEYS: &[&str] = &[
    "id",
    "naam",
    "besteld_vanaf",
    "besteld_tot",
    "pakket_minuten",
    "min_individueel_minuten",
    "max_groep_minuten",
    "nazorg_max_minuten",
    "geldigheid_maanden",
    "enkel_eerste_gebruik",
    "onzeker",
];

fn lower(
    sources: &Sources,
    file: crate::source::FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<RuleSet> {
    let text = &sources.get(file).text;
    let table = parse(file, 0, text, diags, Scope::Site)?;
    let mut r = Reader {
        file,
        base: 0,
        toml: text,
        diags,
        scope: Scope::Site,
    };
    let t = r.open(
        &table,
        sources.get(file).name.clone(),
        Loc::new(file, 0..0),
        KEYS,
    );
    // The old way to mark a set uncertain: say how to write it now.
    for d in r.diags.iter_mut().rev().take(KEYS.len() + 8) {
        if d.rule == "F02" && d.msg.args.iter().any(|(_, v)| v == "onzeker_vanaf") {
            d.hint = Some(Msg::new("onzeker-vanaf-hint"));
        }
    }
    let id = r.req_str(&t, "id");
    let naam = r.str(&t, "naam");
    let vanaf = r.req_date(&t, "besteld_vanaf");
    let tot = r.date(&t, "besteld_tot");
    let pakket = r.int_list(&t, "pakket_minuten");
    if pakket.is_none() && !t.table.contains_key("pakket_minuten") {
        r.missing(&t, "pakket_minuten");
    }
    // A set without packages, or with a package of no or negative minutes,
    // would make every cheque under it an error or pass anything.
    if let Some(p) = &pakket
        && (p.v.is_empty() || p.v.iter().any(|m| !(1..=10_000).contains(m)))
    {
        r.diags.push(
            Diagnostic::error(
                "F03",
                Msg::new("bad-packages").arg("value", format!("{:?}", p.v)),
            )
            .at(p.loc.clone())
            .hint(Msg::new("bad-packages-hint"))
            .scope(Scope::Site),
        );
    }
    let min_ind = r.req_int_in(&t, "min_individueel_minuten", 0..=10_000);
    let max_groep = r.int_in(&t, "max_groep_minuten", 0..=10_000);
    let nazorg = r.int_in(&t, "nazorg_max_minuten", 0..=10_000);
    let geldigheid = r.int_in(&t, "geldigheid_maanden", 1..=120);
    let eerste = r.bool(&t, "enkel_eerste_gebruik");
    if let (Some(v), Some(t)) = (&vanaf, &tot)
        && t.v < v.v
    {
        r.diags.push(
            Diagnostic::error(
                "F03",
                Msg::new("bad-period").arg("from", v.v).arg("to", t.v),
            )
            .at(t.loc.clone())
            .hint(Msg::new("bad-period-hint"))
            .scope(Scope::Site),
        );
    }
    let onzeker = r.str_list(&t, "onzeker").map(|l| l.v).unwrap_or_default();
    for v in &onzeker {
        if !UNCERTAIN_KEYS.contains(&v.v.as_str()) {
            r.bad_enum("onzeker", v, &UNCERTAIN_KEYS);
        }
    }
    Some(RuleSet {
        id: id?.v,
        naam: naam.map(|n| n.v).unwrap_or_default(),
        besteld_vanaf: vanaf?.v,
        besteld_tot: tot.map(|d| d.v),
        pakket_minuten: pakket?.v,
        min_individueel_minuten: min_ind?.v,
        max_groep_minuten: max_groep.map(|v| v.v),
        nazorg_max_minuten: nazorg.map_or(30, |v| v.v),
        geldigheid_maanden: geldigheid.map_or(3, |v| v.v),
        enkel_eerste_gebruik: eerste.is_some_and(|v| v.v),
        onzeker: onzeker.into_iter().map(|v| v.v).collect(),
        builtin: false,
        loc: Some(t.loc.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sets_load_and_select_by_date() {
        let mut sources = Sources::new();
        let mut diags = vec![];
        let sets = RuleSets::lower(&mut sources, &[], &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(sets.for_date(d("2019-12-31")).unwrap().id, "vdab-2013");
        assert_eq!(sets.for_date(d("2020-01-01")).unwrap().pakket(2), Some(180));
        assert_eq!(sets.for_date(d("2025-10-31")).unwrap().id, "vdab-2020");
        let t = sets.for_date(d("2025-11-01")).unwrap();
        assert_eq!((t.id.as_str(), t.pakket(2)), ("vdab-2025t", None));
        assert!(t.enkel_eerste_gebruik && t.is_onzeker("pakket_minuten"));
        assert_eq!(sets.for_date(d("2026-12-31")).unwrap().id, "vdab-2025t");
        assert!(sets.for_date(d("2027-01-01")).is_none());
        assert!(sets.for_date(d("2013-06-30")).is_none());
        // Consecutive built-in sets never overlap.
        for (i, a) in sets.sets.iter().enumerate() {
            for b in &sets.sets[i + 1..] {
                assert!(!a.overlaps(b), "{} and {} overlap", a.id, b.id);
            }
        }
    }
}
