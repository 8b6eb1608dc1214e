//! Dates and numbers as a Belgian coach writes them: `08/10/2024` for a date,
//! `67,5` for a number. TOML knows neither: the parser stops at the first such
//! line with a message in English about quoting. popdoc looks for them before
//! parsing, so every such line of a file is reported at once, each with a tip
//! that gives the ways to write it; a quoted `"08/10/2024"` is a date.

use crate::date::Date;
use crate::diag::{Diagnostic, Msg};

/// A value as written, read as a Belgian date: `8/10/2024`, `08/10/2024`.
pub fn date(value: &str) -> Option<Date> {
    let mut parts = value.trim().split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !(1..=2).contains(&d.len())
        || !(1..=2).contains(&m.len())
        || y.len() != 4
    {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A day written day-month-year with dots or dashes (`17.06.2025`,
/// `17-06-2025`): not a form popdoc reads, but what the coach meant.
pub fn other_form(value: &str) -> Option<Date> {
    let v = value.trim();
    let sep = if v.contains('.') { '.' } else { '-' };
    date(&v.replace(sep, "/")).filter(|_| !v.contains('/'))
}

/// Whether a value has the shape of a Belgian date (`31/02/2025`, day and
/// month of one or two digits, a four-digit year) whatever its day.
pub fn belgian_shape(value: &str) -> bool {
    let parts: Vec<&str> = value.trim().split('/').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && parts[2].len() == 4
}

/// Whether a value looks like a date in a form that is not one (`8.10.2024`,
/// `08-10-2024`, a two-digit year, an impossible `31/02/2025`).
pub fn date_like(value: &str) -> bool {
    let v = value.trim();
    let parts: Vec<&str> = v.split(['/', '.', '-']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() <= 2
}

/// What the scan found on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// An unquoted Belgian date: its ISO form when it is a real day.
    Date {
        written: String,
        iso: Option<String>,
    },
    /// An unquoted date-like value that is no date form popdoc reads.
    NotADate { written: String },
    /// A Belgian date of a day that does not exist: `31/02/2025`.
    Impossible { written: String },
    /// A day written with dots or dashes, `17.06.2025`: its ISO form.
    OtherForm { written: String, iso: String },
    /// A whole number with more after it on the line: `minuten = 60 60`,
    /// `minuten = 60 min`.
    Trailing { written: String, first: String },
    /// A number with a decimal comma: `67,5`.
    Comma { written: String, whole: i64 },
}

/// Each line of `toml` of the form `key = value` whose value is one of the
/// above: (byte range of the value in `toml`, key, what it is).
pub fn scan(toml: &str) -> Vec<(std::ops::Range<usize>, String, Found)> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut in_multiline = false;
    for line in toml.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        if line.matches("\"\"\"").count() % 2 == 1 || line.matches("'''").count() % 2 == 1 {
            in_multiline = !in_multiline;
            continue;
        }
        if in_multiline {
            continue;
        }
        let Some((key, rest)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            continue;
        }
        let value_part = rest.split('#').next().unwrap_or("");
        let value = value_part.trim();
        if value.is_empty() || value.starts_with(['"', '\'', '[', '{']) {
            continue;
        }
        let offset = start + key_len(line) + 1 + (value_part.len() - value_part.trim_start().len());
        let range = offset..offset + value.len();
        let found = if let Some(d) = date(value) {
            Some(Found::Date {
                written: value.to_string(),
                iso: Some(d.to_string()),
            })
        } else if belgian_shape(value) {
            Some(Found::Impossible {
                written: value.to_string(),
            })
        } else if let Some(d) = other_form(value) {
            Some(Found::OtherForm {
                written: value.to_string(),
                iso: d.to_string(),
            })
        } else if value.contains('/') && date_like(value) {
            Some(Found::Date {
                written: value.to_string(),
                iso: None,
            })
        } else if date_like(value) && !iso_shape(value) {
            Some(Found::NotADate {
                written: value.to_string(),
            })
        } else if let Some((a, b)) = value.split_once(',')
            && !a.is_empty()
            && !b.is_empty()
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.bytes().all(|c| c.is_ascii_digit())
        {
            Some(Found::Comma {
                written: value.to_string(),
                whole: a.parse().unwrap_or(0),
            })
        } else if let Some((first, rest)) = value.split_once(char::is_whitespace)
            && !rest.trim().is_empty()
            && !first.is_empty()
            && first.bytes().all(|c| c.is_ascii_digit())
        {
            Some(Found::Trailing {
                written: value.to_string(),
                first: first.to_string(),
            })
        } else {
            None
        };
        if let Some(f) = found {
            out.push((range, key.to_string(), f));
        }
    }
    out
}

/// The length of a line up to its `=`.
fn key_len(line: &str) -> usize {
    line.find('=').unwrap_or(0)
}

/// The diagnostic for a Belgian date or a comma number found by the scan.
pub(super) fn diagnostic(key: &str, found: &Found) -> Diagnostic {
    match found {
        Found::Date {
            written,
            iso: Some(iso),
        } => Diagnostic::error(
            "F03",
            Msg::new("belgian-date")
                .arg("key", key)
                .arg("value", written),
        )
        .hint(
            Msg::new("belgian-date-hint")
                .arg("key", key)
                .arg("iso", iso)
                .arg("value", written),
        ),
        Found::Impossible { written } => impossible_date(key, written),
        Found::Trailing { written, first } => Diagnostic::error(
            "F03",
            Msg::new("one-value").arg("key", key).arg("value", written),
        )
        .hint(
            Msg::new("one-value-hint")
                .arg("key", key)
                .arg("first", first),
        ),
        Found::OtherForm { written, iso } => other_form_date(key, written, iso),
        Found::Date { written, iso: None } | Found::NotADate { written } => Diagnostic::error(
            "F03",
            Msg::new("not-a-date").arg("key", key).arg("value", written),
        )
        .hint(Msg::new("not-a-date-hint").arg("key", key)),
        Found::Comma { written, whole } => {
            let hint = if key == "minuten" {
                minutes_hint(&written.replace(',', "."), *whole)
            } else {
                Msg::new("comma-number-hint")
                    .arg("key", key)
                    .arg("low", whole)
            };
            Diagnostic::error(
                "F03",
                Msg::new("comma-number")
                    .arg("key", key)
                    .arg("value", written),
            )
            .hint(hint)
        }
    }
}

/// A day that does not exist, `31/02/2025`, written (with its quotes if any)
/// as `written`.
pub(super) fn impossible_date(key: &str, written: &str) -> Diagnostic {
    Diagnostic::error(
        "F03",
        Msg::new("impossible-date")
            .arg("key", key)
            .arg("value", written),
    )
    .hint(Msg::new("impossible-date-hint").arg("key", key))
}

/// A day written with dots or dashes: the tip gives the day it reads as, in
/// the two forms popdoc reads.
pub(super) fn other_form_date(key: &str, written: &str, iso: &str) -> Diagnostic {
    let slash = written.trim_matches('"').replace(['.', '-'], "/");
    Diagnostic::error(
        "F03",
        Msg::new("not-a-date").arg("key", key).arg("value", written),
    )
    .hint(
        Msg::new("other-form-date-hint")
            .arg("key", key)
            .arg("iso", iso)
            .arg("value", slash),
    )
}

/// The tip for minutes written with a fraction: below 10 a coach thought in
/// hours (`1.5`: 90 minutes, an hour and a half); from 10 on, in minutes
/// with a fraction (`67.5`: 67 or 68 minutes). Never a silent correction.
pub(super) fn minutes_hint(written: &str, whole: i64) -> Msg {
    let value: f64 = written.parse().unwrap_or(whole as f64);
    if value < 10.0 {
        let minutes = (value * 60.0).round() as i64;
        let hours = if (value - 1.5).abs() < f64::EPSILON {
            Msg::new("hours-1.5")
        } else {
            Msg::new("hours-h").arg("h", written.replace('.', ","))
        };
        Msg::new("fraction-minutes-hint")
            .arg("minutes", minutes)
            .arg_msg_args("hours", hours)
    } else {
        Msg::new("comma-minutes-hint")
            .arg("low", whole)
            .arg("high", whole + 1)
    }
}

/// `jjjj-mm-dd` digits, whatever the day: a TOML date (not for the scan), or
/// in quotes one that may not exist.
pub(super) fn iso_shape(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn belgian_dates_and_comma_numbers_are_found_on_every_line() {
        let toml = "datum = 08/10/2024\nminuten = 67,5\nx = 8.10.2024 # opm\nok = 2024-10-08\nnaam = \"8/10/2024\"\nd = 31/02/2025\n";
        let found = scan(toml);
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(&toml[found[0].0.clone()], "08/10/2024");
        assert_eq!(
            found[0].2,
            Found::Date {
                written: "08/10/2024".into(),
                iso: Some("2024-10-08".into())
            }
        );
        assert_eq!(
            found[1].2,
            Found::Comma {
                written: "67,5".into(),
                whole: 67
            }
        );
        assert_eq!(
            found[2].2,
            Found::OtherForm {
                written: "8.10.2024".into(),
                iso: "2024-10-08".into()
            }
        );
        assert_eq!(
            found[3].2,
            Found::Impossible {
                written: "31/02/2025".into(),
            }
        );
        let other = scan("a = 17.06.2025\nb = 17-06-2025\nc = 8/10/24\n");
        assert_eq!(
            other[0].2,
            Found::OtherForm {
                written: "17.06.2025".into(),
                iso: "2025-06-17".into()
            }
        );
        assert!(matches!(&other[1].2, Found::OtherForm { iso, .. } if iso == "2025-06-17"));
        assert!(matches!(&other[2].2, Found::Date { iso: None, .. }));
        let two = scan("minuten = 60 60\nminuten = 60 min # x\nok = 60 # x\n");
        assert_eq!(two.len(), 2, "{two:?}");
        assert!(
            matches!(&two[1].2, Found::Trailing { first, written } if first == "60" && written == "60 min")
        );
        assert_eq!(date("8/10/2024").unwrap().to_string(), "2024-10-08");
        assert!(date("08/10/24").is_none() && date("2024/10/08").is_none());
    }
}
