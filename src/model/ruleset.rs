//! Rule sets: the dated parameters of each kind of package (the loopbaancheque,
//! the loopbaankrediet from 2027): hours per package, the individual/group
//! split, as data. The built-in sets are TOML files compiled into the binary; a
//! site adds or replaces sets with files in `rules/`. Selection by date,
//! overlaps and pinning are per kind: a krediet set never takes a cheque.

use std::path::Path;
use std::sync::Arc;

use crate::date::Date;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::load::reader::{Reader, parse};
use crate::source::{FileId, Loc, Sources};

/// The kind of a package: what pays for the coaching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// VDAB's loopbaancheque (until 2026).
    #[default]
    Loopbaancheque,
    /// The Departement WEWIS's loopbaankrediet (planned from 2027).
    Loopbaankrediet,
}

impl Kind {
    pub const NAMES: [&'static str; 2] = ["loopbaancheque", "loopbaankrediet"];

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "loopbaancheque" => Some(Kind::Loopbaancheque),
            "loopbaankrediet" => Some(Kind::Loopbaankrediet),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Kind::NAMES[self as usize]
    }

    /// The other kind (F07's tip names it).
    pub fn other(self) -> Kind {
        match self {
            Kind::Loopbaancheque => Kind::Loopbaankrediet,
            Kind::Loopbaankrediet => Kind::Loopbaancheque,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub id: String,
    pub naam: String,
    /// The kind of package this set is for.
    pub kind: Kind,
    pub besteld_vanaf: Date,
    pub besteld_tot: Option<Date>,
    /// Package size in minutes for cheque 1, 2, ...; a cheque number without a
    /// package does not exist under this set.
    pub pakket_minuten: Vec<i64>,
    /// At least this many individual minutes per package (none: no minimum).
    pub min_individueel_minuten: Option<i64>,
    pub max_groep_minuten: Option<i64>,
    pub nazorg_max_minuten: i64,
    /// Months a cheque stays valid after it was ordered (domain.md 4.7: 3).
    pub geldigheid_maanden: i64,
    /// Only for a client who never used a loopbaancheque before (vdab-2025t).
    pub enkel_eerste_gebruik: bool,
    /// A POP per package is required (VDAB: yes for cheques; unknown for the
    /// krediet).
    pub pop_verplicht: bool,
    /// Names of the values above that no published source confirms.
    pub onzeker: Vec<String>,
    pub builtin: bool,
    pub loc: Option<Loc>,
}

impl RuleSet {
    pub fn covers(&self, d: Date) -> bool {
        d >= self.besteld_vanaf && self.besteld_tot.is_none_or(|t| d <= t)
    }

    /// Package size of package `n` (1-based): a cheque set has a size per
    /// cheque number; a krediet set one size, whatever the package's number
    /// in the dossier (a krediet after an earlier cheque is package 2).
    pub fn pakket(&self, n: i64) -> Option<i64> {
        match self.kind {
            Kind::Loopbaancheque => usize::try_from(n - 1)
                .ok()
                .and_then(|i| self.pakket_minuten.get(i).copied()),
            Kind::Loopbaankrediet => (1..=2)
                .contains(&n)
                .then(|| self.pakket_minuten.first().copied())
                .flatten(),
        }
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

    /// The uncertain values in words, each with its key: what F08 says
    /// ("pakketten van 240 minuten (pakket_minuten), ..."), as a message so
    /// that it renders in the language of where it is shown.
    pub fn onzeker_words(&self) -> crate::diag::Msg {
        use crate::diag::Msg;
        let item = |v: &str| -> Msg {
            let words = match v {
                "pakket_minuten" => Some(
                    Msg::new("ruleset-words-pakket").arg(
                        "v",
                        self.pakket_minuten
                            .iter()
                            .map(|m| m.to_string())
                            .collect::<Vec<_>>()
                            .join(" / "),
                    ),
                ),
                "min_individueel_minuten" => Some(match self.min_individueel_minuten {
                    Some(m) => Msg::new("ruleset-words-individueel").arg("v", m),
                    None => Msg::new("ruleset-words-no-individueel"),
                }),
                "nazorg_max_minuten" => {
                    Some(Msg::new("ruleset-words-nazorg").arg("v", self.nazorg_max_minuten))
                }
                "pop_verplicht" => Some(Msg::new(if self.pop_verplicht {
                    "ruleset-words-pop"
                } else {
                    "ruleset-words-no-pop"
                })),
                "geldigheid_maanden" => {
                    Some(Msg::new("ruleset-words-geldig").arg("v", self.geldigheid_maanden))
                }
                _ => None,
            };
            match words {
                Some(w) => Msg::new("ruleset-word-key")
                    .arg_msg_args("words", w)
                    .arg("key", v),
                None => Msg::new("ruleset-word-raw")
                    .arg("key", v)
                    .arg("value", self.value(v)),
            }
        };
        let mut items = self.onzeker.iter().map(|v| item(v));
        let first = items.next().unwrap_or_else(|| Msg::new("ui-none"));
        items.fold(first, |acc, next| {
            Msg::new("list-join")
                .arg_msg_args("a", acc)
                .arg_msg_args("b", next)
        })
    }

    fn value(&self, key: &str) -> String {
        match key {
            "pakket_minuten" => format!("{:?}", self.pakket_minuten),
            "min_individueel_minuten" => self.min_individueel_minuten.map_or_else(
                || crate::diag::text("ui-none", crate::diag::ui_lang()).into(),
                |v| v.to_string(),
            ),
            "pop_verplicht" => self.pop_verplicht.to_string(),
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

    /// Whether the two sets are for the same kind and share an order date.
    fn overlaps(&self, other: &RuleSet) -> bool {
        if self.kind != other.kind {
            return false;
        }
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

/// The last day of the single transitional cheque (`vdab-2025t`, "tot en met
/// 31-12-2026"); the loopbaankrediet is planned from the next day. A cheque
/// ordered later has no built-in set (F07) unless a site set covers it.
pub const LAST_ORDER_DATE: Date = Date {
    year: 2026,
    month: 12,
    day: 31,
};

/// Values a rule set may mark as uncertain in `onzeker`.
pub const UNCERTAIN_KEYS: [&str; 6] = [
    "pakket_minuten",
    "min_individueel_minuten",
    "max_groep_minuten",
    "nazorg_max_minuten",
    "geldigheid_maanden",
    "pop_verplicht",
];

pub const BUILTIN: [(&str, &str); 4] = [
    ("vdab-2013.toml", include_str!("rulesets/vdab-2013.toml")),
    ("vdab-2020.toml", include_str!("rulesets/vdab-2020.toml")),
    ("vdab-2025t.toml", include_str!("rulesets/vdab-2025t.toml")),
    (
        "loopbaankrediet-2027.toml",
        include_str!("rulesets/loopbaankrediet-2027.toml"),
    ),
];

/// The rule sets in force for a site, and those pinned by `popdoc.toml` (at
/// most one per kind).
#[derive(Debug, Clone, Default)]
pub struct RuleSets {
    pub sets: Vec<Arc<RuleSet>>,
    pub pinned: Vec<Arc<RuleSet>>,
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
        RuleSets {
            sets,
            pinned: Vec::new(),
        }
    }

    pub fn by_id(&self, id: &str) -> Option<Arc<RuleSet>> {
        self.sets.iter().find(|s| s.id == id).cloned()
    }

    /// The set for a package of `kind` ordered on `d`: the one pinned for
    /// that kind when it covers `d` (a pinned set never applies outside its
    /// own dates), else the first of that kind that covers it (site sets
    /// come first).
    pub fn for_date(&self, kind: Kind, d: Date) -> Option<Arc<RuleSet>> {
        match self.pinned_for(kind) {
            Some(p) => p.covers(d).then(|| p.clone()),
            None => self
                .sets
                .iter()
                .find(|s| s.kind == kind && s.covers(d))
                .cloned(),
        }
    }

    /// The set pinned for packages of `kind`, if any.
    pub fn pinned_for(&self, kind: Kind) -> Option<&Arc<RuleSet>> {
        self.pinned.iter().find(|p| p.kind == kind)
    }

    pub fn ids(&self) -> Vec<String> {
        self.sets.iter().map(|s| s.id.clone()).collect()
    }
}

const KEYS: &[&str] = &[
    "id",
    "naam",
    "pakket",
    "besteld_vanaf",
    "besteld_tot",
    "pakket_minuten",
    "min_individueel_minuten",
    "max_groep_minuten",
    "nazorg_max_minuten",
    "geldigheid_maanden",
    "enkel_eerste_gebruik",
    "pop_verplicht",
    "onzeker",
];

fn lower(
    sources: &Sources,
    file: crate::source::FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<RuleSet> {
    let src = sources.get(file);
    let text = &src.text;
    let table = parse(src, file, 0..text.len(), diags, Scope::Site)?;
    let mut r = Reader::new(file, 0, text, diags, Scope::Site);
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
    let kind = r
        .enumeration(&t, "pakket", &Kind::NAMES)
        .and_then(|k| Kind::parse(&k.v))
        .unwrap_or_default();
    let vanaf = r.req_date(&t, "besteld_vanaf");
    let tot = r.date(&t, "besteld_tot");
    let pakket = r.int_list(&t, "pakket_minuten");
    if pakket.is_none() && !t.contains_key("pakket_minuten") {
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
    // Required for cheques (VDAB's 150 minutes); a krediet may have none.
    let min_ind = if kind == Kind::Loopbaancheque {
        r.req_int_in(&t, "min_individueel_minuten", 0..=10_000)
    } else {
        r.int_in(&t, "min_individueel_minuten", 0..=10_000)
    };
    let pop_verplicht = r.bool(&t, "pop_verplicht");
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
    if kind == Kind::Loopbaancheque && min_ind.is_none() {
        return None;
    }
    Some(RuleSet {
        id: id?.v,
        naam: naam.map(|n| n.v).unwrap_or_default(),
        kind,
        besteld_vanaf: vanaf?.v,
        besteld_tot: tot.map(|d| d.v),
        pakket_minuten: pakket?.v,
        min_individueel_minuten: min_ind.map(|m| m.v),
        max_groep_minuten: max_groep.map(|v| v.v),
        nazorg_max_minuten: nazorg.map_or(30, |v| v.v),
        geldigheid_maanden: geldigheid.map_or(3, |v| v.v),
        enkel_eerste_gebruik: eerste.is_some_and(|v| v.v),
        pop_verplicht: pop_verplicht.is_none_or(|v| v.v),
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
        let cheque = |s| sets.for_date(Kind::Loopbaancheque, d(s));
        assert_eq!(cheque("2019-12-31").unwrap().id, "vdab-2013");
        assert_eq!(cheque("2020-01-01").unwrap().pakket(2), Some(180));
        assert_eq!(cheque("2025-10-31").unwrap().id, "vdab-2020");
        let t = cheque("2025-11-01").unwrap();
        assert_eq!((t.id.as_str(), t.pakket(2)), ("vdab-2025t", None));
        assert!(t.enkel_eerste_gebruik && t.is_onzeker("pakket_minuten"));
        assert_eq!(cheque("2026-12-31").unwrap().id, "vdab-2025t");
        // A cheque of 2027 has no set; the krediet's is for kredieten only.
        assert!(cheque("2027-01-01").is_none());
        assert!(cheque("2013-06-30").is_none());
        let k = sets
            .for_date(Kind::Loopbaankrediet, d("2027-01-12"))
            .unwrap();
        assert_eq!(
            (k.id.as_str(), k.pakket(1), k.pakket(2)),
            ("loopbaankrediet-2027", Some(360), Some(360))
        );
        assert!(k.min_individueel_minuten.is_none() && k.pop_verplicht);
        assert!(
            sets.for_date(Kind::Loopbaankrediet, d("2026-12-15"))
                .is_none()
        );
        // Consecutive built-in sets never overlap.
        for (i, a) in sets.sets.iter().enumerate() {
            for b in &sets.sets[i + 1..] {
                assert!(!a.overlaps(b), "{} and {} overlap", a.id, b.id);
            }
        }
    }
}
