//! `popdoc export overzicht`: the centre's overview for invoicing and its
//! own reporting. Per period (month or quarter), per coach and per rule set:
//! conversations held and minutes charged (by the conversation's date;
//! nazorg is not charged to a package's hours and counts apart),
//! packages started (by their first charged conversation), POPs finalised
//! (`gefinaliseerd_op`), attests issued (`attest_op`) and nazorg given (its
//! date). Archived dossiers count; dossiers with errors count too, and each
//! row says how many of its dossiers have errors; planned conversations and
//! drafts never count (a planned conversation is not held; a draft is not
//! a document). The rows are data: `export` writes them as CSV, xlsx or
//! JSON, this module also as a terminal table and a page's bar chart.

use std::collections::{BTreeMap, BTreeSet};

use crate::date::Date;
use crate::diag::{Lang, Msg};
use crate::export::{Cell, Period, Table};
use crate::model::{Dossier, Site, Soort};
use crate::validate::Verdict;

/// The length of a period of the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Per {
    #[default]
    Maand,
    Kwartaal,
}

impl Per {
    /// "2026-03" for a month, "2026-K1" for a quarter.
    pub fn label(self, d: Date) -> String {
        match self {
            Per::Maand => format!("{:04}-{:02}", d.year, d.month),
            Per::Kwartaal => format!("{:04}-K{}", d.year, (d.month - 1) / 3 + 1),
        }
    }
}

/// The counts of one row (a period, a coach, a rule set).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub gesprekken: i64,
    pub minuten: i64,
    pub individueel: i64,
    pub groep: i64,
    pub pakketten_gestart: i64,
    pub pops_gefinaliseerd: i64,
    pub attesten: i64,
    pub nazorg: i64,
    /// Dossiers behind this row's counts that have errors (by slug).
    #[serde(skip)]
    pub dossiers_met_fouten: BTreeSet<String>,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gesprekken += o.gesprekken;
        self.minuten += o.minuten;
        self.individueel += o.individueel;
        self.groep += o.groep;
        self.pakketten_gestart += o.pakketten_gestart;
        self.pops_gefinaliseerd += o.pops_gefinaliseerd;
        self.attesten += o.attesten;
        self.nazorg += o.nazorg;
        self.dossiers_met_fouten
            .extend(o.dossiers_met_fouten.iter().cloned());
    }
}

/// (period, coach, rule set) -> counts, in that order.
pub type Rows = BTreeMap<(String, String, String), Counts>;

/// The overview of the site over `period`, per `per`.
pub fn rows(site: &Site, period: Period, per: Per) -> Rows {
    let mut rows = Rows::new();
    for e in &site.entries {
        let Some(d) = &e.dossier else { continue };
        let errors = Verdict::of(Some(d), &e.diags) == Verdict::Errors;
        let coach = d
            .begeleider
            .as_ref()
            .map(|b| b.v.clone())
            .unwrap_or_default();
        let ruleset = |n: i64| {
            d.cheques
                .iter()
                .find(|c| c.nummer.v == n)
                .and_then(|c| c.ruleset.as_ref())
                .map_or_else(|| "—".to_string(), |r| r.id.clone())
        };
        let mut at = |date: Date, n: i64, f: &dyn Fn(&mut Counts)| {
            if !period.contains(date) {
                return;
            }
            let c = rows
                .entry((per.label(date), coach.clone(), ruleset(n)))
                .or_default();
            f(c);
            if errors {
                c.dossiers_met_fouten.insert(d.slug.clone());
            }
        };
        for g in &d.gesprekken {
            // Nazorg is given after the package, not charged to its hours:
            // counted on its own, with the package it follows up.
            if g.soort.v == Soort::Nazorg && !g.free() {
                let n = nazorg_package(d, g);
                at(g.datum.v, n, &|c| c.nazorg += 1);
                continue;
            }
            let Some(n) = g.charged_to() else { continue };
            let (m, groep) = (g.minuten.v, g.groep);
            at(g.datum.v, n, &|c| {
                c.gesprekken += 1;
                c.minuten += m;
                if groep {
                    c.groep += m;
                } else {
                    c.individueel += m;
                }
            });
        }
        for c in &d.cheques {
            if let Some(first) = first_charged(d, c.nummer.v) {
                at(first, c.nummer.v, &|c| c.pakketten_gestart += 1);
            }
        }
        for p in &d.pops {
            if let Some(g) = &p.gefinaliseerd_op {
                at(g.v, i64::from(p.n), &|c| c.pops_gefinaliseerd += 1);
            }
        }
        for o in d.opleidingen.iter().filter(|o| o.attest) {
            if let Some(on) = &o.attest_op {
                let n = o.pop.as_ref().map_or(0, |p| p.v);
                at(on.v, n, &|c| c.attesten += 1);
            }
        }
    }
    rows
}

/// The package a nazorg follows up: its `cheque`, else that of the latest
/// synthese before it (0 when there is none).
fn nazorg_package(d: &Dossier, g: &crate::model::Gesprek) -> i64 {
    if let Some(n) = g.cheque.as_ref().map(|c| c.v).filter(|n| *n != 0) {
        return n;
    }
    d.gesprekken
        .iter()
        .filter(|s| s.soort.v == Soort::Synthese && s.datum.v <= g.datum.v)
        .max_by_key(|s| s.datum.v)
        .and_then(|s| s.charged_to())
        .unwrap_or(0)
}

/// The day of a package's first charged conversation held.
fn first_charged(d: &Dossier, n: i64) -> Option<Date> {
    d.gesprekken
        .iter()
        .filter(|g| g.charged_to() == Some(n))
        .map(|g| g.datum.v)
        .min()
}

/// The centre's coaches (`[centrum] begeleiders`), to mark a coach a
/// dossier names who is not among them.
pub fn coaches(site: &Site) -> Vec<String> {
    site.config
        .centrum
        .begeleiders
        .iter()
        .map(|b| b.v.clone())
        .collect()
}

/// The sum of every row.
pub fn total(rows: &Rows) -> Counts {
    let mut t = Counts::default();
    for c in rows.values() {
        t.add(c);
    }
    t
}

/// Minutes charged per period (for the page's bar chart), in period order.
pub fn minutes_per_period(rows: &Rows) -> Vec<(String, i64)> {
    let mut by: BTreeMap<&str, i64> = BTreeMap::new();
    for ((p, _, _), c) in rows {
        *by.entry(p).or_default() += c.minuten;
    }
    let bars: Vec<(String, i64)> = by.into_iter().map(|(p, m)| (p.to_string(), m)).collect();
    // Months without a charged minute are shown as empty bars, not left out.
    let month = |p: &str| -> Option<(i32, u32)> {
        let (y, m) = p.split_once('-')?;
        Some((y.parse().ok()?, m.parse().ok()?))
    };
    let (Some(first), Some(last)) = (
        bars.first().and_then(|(p, _)| month(p)),
        bars.last().and_then(|(p, _)| month(p)),
    ) else {
        return bars;
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        let label = format!("{y:04}-{m:02}");
        let minutes = bars
            .iter()
            .find(|(p, _)| *p == label)
            .map_or(0, |(_, v)| *v);
        out.push((label, minutes));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The columns' messages.
const COLUMNS: [&str; 13] = [
    "ui-ov-period",
    "ui-ov-coach",
    "ui-ov-ruleset",
    "ui-ov-conversations",
    "ui-ov-minutes",
    "ui-ov-individual",
    "ui-ov-group",
    "ui-ov-packages-started",
    "ui-ov-pops-finalised",
    "ui-ov-attests",
    "ui-ov-nazorg",
    "ui-ov-dossiers-with-errors",
    "ui-ov-coach-known",
];

/// The rows as a table (the export's writers format it), with a total row.
/// `coaches`: `[centrum] begeleiders`; a coach not in it (when it is set)
/// is marked, so a typo in a dossier does not split a coach's numbers
/// unnoticed; without the list the column is empty.
pub fn table(rows: &Rows, coaches: &[String], lang: Lang) -> Table {
    let yes_no = |b: bool| Msg::new(if b { "ov-yes" } else { "ov-no" }).render(lang);
    let line = |c: &Counts| {
        vec![
            Cell::Int(c.gesprekken),
            Cell::Int(c.minuten),
            Cell::Int(c.individueel),
            Cell::Int(c.groep),
            Cell::Int(c.pakketten_gestart),
            Cell::Int(c.pops_gefinaliseerd),
            Cell::Int(c.attesten),
            Cell::Int(c.nazorg),
            Cell::Int(c.dossiers_met_fouten.len() as i64),
        ]
    };
    let mut out = Vec::new();
    for ((p, coach, rs), c) in rows {
        let mut row = vec![
            Cell::Text(p.clone()),
            Cell::Text(coach.clone()),
            Cell::Text(rs.clone()),
        ];
        row.extend(line(c));
        // Without `[centrum] begeleiders` there is nothing to check a coach
        // against: the cell stays empty rather than claiming "ja".
        row.push(if coaches.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(yes_no(coaches.iter().any(|k| k == coach)))
        });
        out.push(row);
    }
    let mut row = vec![
        Cell::Text(Msg::new("ov-total").render(lang)),
        Cell::Empty,
        Cell::Empty,
    ];
    row.extend(line(&total(rows)));
    row.push(Cell::Empty);
    out.push(row);
    Table {
        columns: COLUMNS
            .iter()
            .map(|&key| crate::diag::text(key, lang))
            .collect(),
        rows: out,
    }
}

/// The table for a terminal: aligned columns, numbers to the right.
pub fn human(t: &Table) -> String {
    let text = |c: &Cell| match c {
        Cell::Text(s) => crate::text::terminal_safe(s),
        Cell::Int(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Empty => String::new(),
    };
    let cells: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    let width = |i: usize| {
        cells
            .iter()
            .map(|r| r[i].chars().count())
            .chain([t.columns[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..t.columns.len()).map(width).collect();
    let numeric = |i: usize| t.rows.iter().any(|r| matches!(r[i], Cell::Int(_)));
    let mut out = String::new();
    let mut push = |row: &[String]| {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if numeric(i) {
                    format!("{s:>w$}", w = widths[i])
                } else {
                    format!("{s:<w$}", w = widths[i])
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    };
    push(&t.columns.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    push(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
    let last = cells.len().saturating_sub(1);
    for (i, r) in cells.iter().enumerate() {
        if i == last && i > 0 {
            push(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
        }
        push(r);
    }
    out
}

/// The page's bar chart: minutes charged per period, inline SVG, no script.
pub fn chart_svg(bars: &[(String, i64)]) -> String {
    let max = bars.iter().map(|(_, m)| *m).max().unwrap_or(0).max(1);
    let (bw, gap, h) = (34.0, 6.0, 160.0);
    let w = (bars.len() as f64) * (bw + gap) + gap;
    let mut s = format!(
        "<svg class=\"overzicht\" role=\"img\" viewBox=\"0 0 {w} {}\" width=\"{w}\" xmlns=\"http://www.w3.org/2000/svg\" aria-labelledby=\"ov-t ov-d\"><title id=\"ov-t\">Minuten aangerekend per periode</title><desc id=\"ov-d\">{}</desc>",
        h + 40.0,
        bars.iter()
            .map(|(p, m)| format!("{p}: {m} minuten"))
            .collect::<Vec<_>>()
            .join("; ")
    );
    for (i, (p, m)) in bars.iter().enumerate() {
        let x = gap + i as f64 * (bw + gap);
        let bh = h * (*m as f64) / (max as f64);
        s.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw}\" height=\"{bh:.1}\" fill=\"#2f6f8f\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{m}</text><text x=\"{:.1}\" y=\"{}\" font-size=\"8\" text-anchor=\"middle\">{}</text>",
            h - bh + 12.0,
            x + bw / 2.0,
            h - bh + 9.0,
            x + bw / 2.0,
            h + 26.0,
            crate::text::code_html(p)
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_months_or_quarters() {
        let d = Date::parse("2026-11-03").unwrap();
        assert_eq!(Per::Maand.label(d), "2026-11");
        assert_eq!(Per::Kwartaal.label(d), "2026-K4");
        assert_eq!(
            Per::Kwartaal.label(Date::parse("2026-03-31").unwrap()),
            "2026-K1"
        );
    }
}
