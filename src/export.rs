//! `popdoc export registratie`: popdoc's listing of what a centre registers
//! with VDAB for its loopbaancheques, so no conversation is typed twice.
//! VDAB's own registration format is not public; this is popdoc's listing for
//! it, not VDAB's format. Packages of a loopbaankrediet are listed too (their
//! `pakket` column says so): where and how a krediet is registered is not
//! published yet.
//!
//! One row per charged conversation (or, `--per-cheque`, per cheque), ordered
//! by dossier and date, with the dossier's verdict as a status column: a
//! dossier with errors is listed, never dropped. Nothing private goes in
//! (no notes). Written as CSV (for Flemish spreadsheets: UTF-8 with BOM, `;`,
//! dd/mm/jjjj, formulas neutralised), xlsx (text stays text, dates are dates)
//! or JSON. The tables are data; the writers only format them.

use crate::date::Date;
use crate::model::{Dossier, Site, Soort};
use crate::validate::Verdict;
use crate::validate::trajectory::{checked_cheques, hours};

/// One cell of the listing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Date(Date),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn opt_text(s: &Option<String>) -> Cell {
        s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }

    fn opt_date(d: Option<Date>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

/// A listing: column names and rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The period asked for (inclusive), on the conversation's (or cheque's) dates.
#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    pub van: Option<Date>,
    pub tot: Option<Date>,
}

impl Period {
    pub fn contains(self, d: Date) -> bool {
        self.van.is_none_or(|v| d >= v) && self.tot.is_none_or(|t| d <= t)
    }
}

fn status(d: Option<&Dossier>, diags: &[crate::diag::Diagnostic]) -> &'static str {
    Verdict::of(d, diags).label(crate::diag::Lang::Nl)
}

fn soort(s: Soort) -> &'static str {
    Soort::NAMES[s as usize]
}

/// The charged conversations held that are not registered yet.
pub fn unregistered(d: &Dossier) -> usize {
    d.gesprekken
        .iter()
        .filter(|g| g.charged_to().is_some() && g.geregistreerd_op.is_none())
        .count()
}

/// One row per charged conversation held (never a planned one); with
/// `unregistered`, only those without `geregistreerd_op`.
pub fn conversations(site: &Site, period: Period, unregistered: bool) -> Table {
    let columns = vec![
        "dossier",
        "klant",
        "klantennummer",
        "chequenummer",
        "begeleider",
        "cheque",
        "regelset",
        "datum",
        "soort",
        "minuten",
        "vorm",
        "kanaal",
        "geregistreerd op",
        "status dossier",
        "pakket",
    ];
    let mut rows = Vec::new();
    for e in &site.entries {
        let verdict = status(e.dossier.as_ref(), &e.diags);
        let Some(d) = &e.dossier else {
            rows.push(unreadable_row(&e.slug, columns.len()));
            continue;
        };
        let mut charged: Vec<_> = d
            .gesprekken
            .iter()
            .filter(|g| {
                g.charged_to().is_some()
                    && period.contains(g.datum.v)
                    && !(unregistered && g.geregistreerd_op.is_some())
            })
            .collect();
        charged.sort_by_key(|g| g.datum.v);
        for g in charged {
            let n = g.charged_to().unwrap_or_default();
            let cheque = d.cheques.iter().find(|c| c.nummer.v == n);
            rows.push(vec![
                Cell::text(&d.slug),
                Cell::text(d.klant.naam()),
                Cell::opt_text(&d.klant.klantennummer),
                cheque.map_or(Cell::Empty, |c| Cell::opt_text(&c.chequenummer)),
                begeleider(d),
                Cell::Int(n),
                cheque
                    .and_then(|c| c.ruleset.as_ref())
                    .map_or(Cell::Empty, |r| Cell::text(&r.id)),
                Cell::Date(g.datum.v),
                Cell::text(soort(g.soort.v)),
                Cell::Int(g.minuten.v),
                Cell::text(if g.groep { "groep" } else { "individueel" }),
                Cell::opt_text(&g.kanaal),
                Cell::opt_date(g.geregistreerd_op.as_ref().map(|r| r.v)),
                Cell::text(verdict),
                Cell::text(cheque.map_or("loopbaancheque", |c| c.kind.name())),
            ]);
        }
    }
    Table { columns, rows }
}

/// One row per cheque: minutes charged against the package, the split, the
/// first and last charged dates, the synthese and the POP.
pub fn cheques(site: &Site, period: Period) -> Table {
    let columns = vec![
        "dossier",
        "klant",
        "klantennummer",
        "chequenummer",
        "begeleider",
        "cheque",
        "besteld op",
        "regelset",
        "minuten aangerekend",
        "pakketgrootte",
        "individueel",
        "groep",
        "eerste gesprek",
        "laatste gesprek",
        "synthese",
        "POP gefinaliseerd op",
        "POP",
        "status dossier",
        "pakket",
    ];
    let mut rows = Vec::new();
    for e in &site.entries {
        let verdict = status(e.dossier.as_ref(), &e.diags);
        let Some(d) = &e.dossier else {
            rows.push(unreadable_row(&e.slug, columns.len()));
            continue;
        };
        for c in checked_cheques(d) {
            let n = c.nummer.v;
            let h = hours(d, n);
            let inside = [c.besteld_op.as_ref().map(|b| b.v), h.first, h.last]
                .into_iter()
                .flatten()
                .any(|x| period.contains(x));
            if !inside && (period.van.is_some() || period.tot.is_some()) {
                continue;
            }
            let pop = d.pops.iter().find(|p| i64::from(p.n) == n);
            let pop_state = match pop {
                None if d.unreadable_pops.iter().any(|p| i64::from(*p) == n) => {
                    "kan niet gelezen worden"
                }
                None => "ontbreekt",
                Some(_) if !d.privacy.pop_in_dossier => "bewaard door de klant (Checklist POP)",
                Some(p) if p.gefinaliseerd_op.is_none() => "nog niet gefinaliseerd",
                Some(_) => "in het dossier",
            };
            rows.push(vec![
                Cell::text(&d.slug),
                Cell::text(d.klant.naam()),
                Cell::opt_text(&d.klant.klantennummer),
                Cell::opt_text(&c.chequenummer),
                begeleider(d),
                Cell::Int(n),
                Cell::opt_date(c.besteld_op.as_ref().map(|b| b.v)),
                c.ruleset
                    .as_ref()
                    .map_or(Cell::Empty, |r| Cell::text(&r.id)),
                Cell::Int(h.total),
                c.ruleset
                    .as_ref()
                    .and_then(|r| r.pakket(n))
                    .map_or(Cell::Empty, Cell::Int),
                Cell::Int(h.individueel),
                Cell::Int(h.groep),
                Cell::opt_date(h.first),
                Cell::opt_date(h.last),
                Cell::opt_date(h.synthese),
                Cell::opt_date(pop.and_then(|p| p.gefinaliseerd_op.as_ref()).map(|g| g.v)),
                Cell::text(pop_state),
                Cell::text(verdict),
                Cell::text(c.kind.name()),
            ]);
        }
    }
    Table { columns, rows }
}

/// The dossier's coach (`[begeleider] naam`).
fn begeleider(d: &Dossier) -> Cell {
    d.begeleider
        .as_ref()
        .map_or(Cell::Empty, |b| Cell::Text(b.v.clone()))
}

/// Whether a CSV of `t` would lose something in a spreadsheet that reads
/// numbers by itself: a klantennummer or chequenummer with a leading zero.
pub fn leading_zeros(t: &Table) -> bool {
    let cols: Vec<usize> = t
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == "klantennummer" || **c == "chequenummer")
        .map(|(i, _)| i)
        .collect();
    t.rows.iter().any(|r| {
        cols.iter()
            .any(|&i| matches!(r.get(i), Some(Cell::Text(s)) if s.starts_with('0') && s.len() > 1))
    })
}

/// A dossier whose index.md cannot be read is listed all the same.
fn unreadable_row(slug: &str, width: usize) -> Vec<Cell> {
    let mut row = vec![Cell::text(slug)];
    row.resize(width - 1, Cell::Empty);
    row.push(Cell::text("fouten: index.md kan niet gelezen worden"));
    row
}

/// A text cell that a spreadsheet would take for a formula gets a leading `'`.
fn defuse(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn dmy(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day, d.month, d.year)
}

/// CSV for Flemish spreadsheets: UTF-8 with BOM, `delimiter` (`;`), dates as
/// dd/mm/jjjj, quoted where needed, no cell read as a formula.
pub fn csv(t: &Table, delimiter: u8) -> anyhow::Result<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(&t.columns)?;
        for row in &t.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => defuse(s),
                Cell::Int(n) => n.to_string(),
                Cell::Date(d) => dmy(*d),
                Cell::Empty => String::new(),
            }))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// An xlsx workbook: text stays text (a klantennummer keeps its leading
/// zeros), numbers are numbers and dates are dates.
pub fn xlsx(t: &Table, sheet: &str) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, name) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Int(n) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                Cell::Date(d) => {
                    let dt = ExcelDateTime::from_ymd(d.year as u16, d.month, d.day)?;
                    ws.write_datetime_with_format(r, c, &dt, &date)?;
                }
                Cell::Empty => {}
            }
        }
    }
    ws.autofit();
    Ok(wb.save_to_buffer()?)
}

/// JSON: an array of objects keyed by column name; dates as `jjjj-mm-dd`.
pub fn json(t: &Table) -> String {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = t
        .rows
        .iter()
        .map(|row| {
            t.columns
                .iter()
                .zip(row)
                .map(|(k, c)| {
                    let v = match c {
                        Cell::Text(s) => serde_json::Value::String(s.clone()),
                        Cell::Int(n) => serde_json::Value::from(*n),
                        Cell::Date(d) => serde_json::Value::String(d.to_string()),
                        Cell::Empty => serde_json::Value::Null,
                    };
                    (k.to_string(), v)
                })
                .collect()
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_defuses_and_writes_flemish_dates() {
        let t = Table {
            columns: vec!["naam", "datum", "n"],
            rows: vec![
                vec![
                    Cell::text("=HYPERLINK(\"x\")"),
                    Cell::Date(Date::parse("2025-02-03").unwrap()),
                    Cell::Int(60),
                ],
                vec![Cell::text("De Smet; \"Piet\""), Cell::Empty, Cell::Int(-1)],
            ],
        };
        let out = String::from_utf8(csv(&t, b';').unwrap()).unwrap();
        assert!(out.starts_with('\u{feff}'));
        let lines: Vec<&str> = out.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "naam;datum;n");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\")\";03/02/2025;60");
        assert_eq!(lines[2], "\"De Smet; \"\"Piet\"\"\";;-1");
    }
}
