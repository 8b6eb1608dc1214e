//! Rule sets: the dated parameters of the cheque system (hours per cheque, the
//! individual/group split), as data. The built-in sets are TOML files compiled
//! into the binary; a site adds or replaces sets with files in `rules/`.

use std::path::Path;
use std::sync::Arc;

use crate::date::Date;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::load::reader::{Reader, parse};
use crate::load::{LoadError, read_text};
use crate::source::{Loc, Sources};

#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub id: String,
    pub naam: String,
    pub besteld_vanaf: Date,
    pub besteld_tot: Option<Date>,
    /// Package size in minutes for cheque 1, 2, ...
    pub pakket_minuten: Vec<i64>,
    pub min_individueel_minuten: i64,
    pub max_groep_minuten: Option<i64>,
    pub nazorg_max_minuten: i64,
    /// From this order date on, newer rules may apply (warning F08).
    pub onzeker_vanaf: Option<Date>,
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

    fn overlaps(&self, other: &RuleSet) -> bool {
        let end_a = self.besteld_tot.unwrap_or(Date {
            year: 9999,
            month: 12,
            day: 31,
        });
        let end_b = other.besteld_tot.unwrap_or(Date {
            year: 9999,
            month: 12,
            day: 31,
        });
        self.besteld_vanaf <= end_b && other.besteld_vanaf <= end_a
    }
}

pub const BUILTIN: [(&str, &str); 2] = [
    ("vdab-2013.toml", include_str!("rulesets/vdab-2013.toml")),
    ("vdab-2020.toml", include_str!("rulesets/vdab-2020.toml")),
];

/// The rule sets in force for a site, and the one pinned by `popdoc.toml`.
#[derive(Debug, Clone, Default)]
pub struct RuleSets {
    pub sets: Vec<Arc<RuleSet>>,
    pub pinned: Option<Arc<RuleSet>>,
}

impl RuleSets {
    /// Built-in sets, replaced or extended by `rules/*.toml` of the site.
    pub fn load(
        root: &Path,
        sources: &mut Sources,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<RuleSets, LoadError> {
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
        let mut site: Vec<RuleSet> = Vec::new();
        let dir = root.join("rules");
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir)
                .min_depth(1)
                .max_depth(1)
                .sort_by_file_name()
            {
                let entry = entry.map_err(|e| LoadError::Io {
                    path: dir.clone(),
                    source: e.into(),
                })?;
                let p = entry.path();
                if crate::load::is_skipped(entry.file_name())
                    || p.extension().is_none_or(|e| e != "toml")
                {
                    continue;
                }
                let (id, ok) = read_text(sources, root, p, diags, Scope::Site)?;
                if ok && let Some(rs) = lower(sources, id, diags) {
                    site.push(rs);
                }
            }
        }
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
        // Site sets come first so that they win where they overlap a built-in set
        // (a set for the 2025 single cheque narrows vdab-2020's open end).
        let mut sets: Vec<Arc<RuleSet>> = site.iter().cloned().map(Arc::new).collect();
        for b in builtin {
            if !site.iter().any(|s| s.id == b.id) {
                sets.push(Arc::new(b));
            }
        }
        Ok(RuleSets { sets, pinned: None })
    }

    pub fn by_id(&self, id: &str) -> Option<Arc<RuleSet>> {
        self.sets.iter().find(|s| s.id == id).cloned()
    }

    /// The set for a cheque ordered on `d`.
    pub fn for_date(&self, d: Date) -> Option<Arc<RuleSet>> {
        if let Some(p) = &self.pinned {
            return Some(p.clone());
        }
        self.sets.iter().find(|s| s.covers(d)).cloned()
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
    "onzeker_vanaf",
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
    let id = r.req_str(&t, "id");
    let naam = r.str(&t, "naam");
    let vanaf = r.req_date(&t, "besteld_vanaf");
    let tot = r.date(&t, "besteld_tot");
    let pakket = r.int_list(&t, "pakket_minuten");
    if pakket.is_none() && !t.table.contains_key("pakket_minuten") {
        r.missing(&t, "pakket_minuten");
    }
    let min_ind = r.req_int_in(&t, "min_individueel_minuten", 0..=10_000);
    let max_groep = r.int_in(&t, "max_groep_minuten", 0..=10_000);
    let nazorg = r.int_in(&t, "nazorg_max_minuten", 0..=10_000);
    let onzeker = r.date(&t, "onzeker_vanaf");
    Some(RuleSet {
        id: id?.v,
        naam: naam.map(|n| n.v).unwrap_or_default(),
        besteld_vanaf: vanaf?.v,
        besteld_tot: tot.map(|d| d.v),
        pakket_minuten: pakket?.v,
        min_individueel_minuten: min_ind?.v,
        max_groep_minuten: max_groep.map(|v| v.v),
        nazorg_max_minuten: nazorg.map_or(30, |v| v.v),
        onzeker_vanaf: onzeker.map(|d| d.v),
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
        let sets = RuleSets::load(Path::new("/nonexistent"), &mut sources, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(sets.for_date(d("2019-12-31")).unwrap().id, "vdab-2013");
        assert_eq!(sets.for_date(d("2020-01-01")).unwrap().pakket(2), Some(180));
        assert!(sets.for_date(d("2013-06-30")).is_none());
    }
}
