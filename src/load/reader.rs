//! Typed reads from a spanned TOML table, each problem a located diagnostic:
//! unknown keys (with "did you mean"), wrong types, impossible dates, values
//! outside an enum, required keys missing. Reading never stops at the first
//! problem; a bad value reads as absent and the caller goes on.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::date::Date;
use crate::diag::{Diagnostic, Msg, Scope};
use crate::source::{At, FileId, Loc, SourceFile};
use crate::text::did_you_mean;

/// Parses the TOML at `range` of `src` (file `file`) into a spanned table.
/// Syntax errors become diagnostics and give no table.
///
/// Dates and numbers as a Belgian writes them are found by a scan first,
/// every such line at once (the parser stops at the first). Their values are
/// then blanked (`0` and spaces, the same length) in a copy that the parser
/// reads, so the rest of the file is read as well: a misspelled key or a
/// missing one in the same file is reported in the same run, and the
/// blanked values read as absent without a second message ([`Reader::new`]).
pub fn parse<'i>(
    src: &'i SourceFile,
    file: FileId,
    range: Range<usize>,
    diags: &mut Vec<Diagnostic>,
    scope: Scope,
) -> Option<DeTable<'i>> {
    let base = range.start;
    let toml_text = &src.text[range.clone()];
    let scanned = super::belgian::scan(toml_text);
    for (r, key, found) in &scanned {
        diags.push(
            super::belgian::diagnostic(key, found)
                .at(Loc::new(file, base + r.start..base + r.end))
                .scope(scope),
        );
    }
    let parse_text: &'i str = if scanned.is_empty() {
        toml_text
    } else {
        &src.parse_copy(|| blank(&src.text, base, &scanned))[range]
    };
    let (table, errors) = DeTable::parse_recoverable(parse_text);
    let had_errors = !errors.is_empty();
    // Only the first syntax error: after an unclosed string or array every
    // later line is reported too, which hides the one thing to fix. Not
    // one on a line the scan reported already.
    let first = errors
        .into_iter()
        .filter(|e| {
            let line_of = |at: usize| toml_text[..at.min(toml_text.len())].matches('\n').count();
            let at = e.span().map_or(0, |s| s.start);
            !scanned
                .iter()
                .any(|(r, _, _)| line_of(r.start) == line_of(at))
        })
        .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start));
    if let Some(e) = first {
        let span = e.span().unwrap_or(0..0);
        let detail = e.message().trim().to_string();
        diags.push(
            toml_error(&detail, toml_text.get(span.clone()).unwrap_or(""))
                .at(Loc::new(file, base + span.start..base + span.end))
                .scope(scope),
        );
    }
    // A table recovered from broken TOML would give follow-on errors that only
    // confuse; report the syntax errors alone.
    if had_errors {
        None
    } else {
        Some(table.into_inner())
    }
}

/// `text` with each scanned value (at `base` + its range) replaced by `0`
/// and spaces: valid TOML of the same length.
fn blank(
    text: &str,
    base: usize,
    scanned: &[(Range<usize>, String, super::belgian::Found)],
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, _, _) in scanned {
        let (start, end) = (base + r.start, base + r.end);
        out.push_str(&text[at..start]);
        out.push('0');
        out.extend(std::iter::repeat_n(' ', end - start - 1));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// The first name between backticks in a parser message (`duplicate key `x``).
fn quoted_name(detail: &str) -> Option<&str> {
    let mut parts = detail.split('`');
    parts.next()?;
    parts.next().filter(|s| !s.is_empty())
}

/// A TOML parser error in popdoc's own words (both languages), by the kind
/// of mistake; anything else a generic located message.
fn toml_error(detail: &str, at: &str) -> Diagnostic {
    let l = detail.to_lowercase();
    let has = |s: &str| l.contains(s);
    let (rule, key, hint) = if has("invalid date") && (has("day") || has("month")) {
        ("F03", "toml-impossible-date", "toml-impossible-date-hint")
    } else if has("invalid date") || has("four-digit year") {
        ("F03", "toml-bad-date", "toml-bad-date-hint")
    } else if has("invalid float")
        || has("leading zero")
        || has("may only go between digits")
        || has("invalid fraction")
        || has("invalid exponent")
    {
        ("F03", "toml-bad-number", "toml-bad-number-hint")
    } else if has("string values must be quoted") {
        ("F01", "toml-unquoted", "toml-unquoted-hint")
    } else if has("duplicate key") {
        ("F01", "toml-duplicate", "toml-duplicate-hint")
    } else if has("invalid basic string") || has("invalid literal string") {
        ("F01", "toml-unclosed-string", "toml-unclosed-string-hint")
    } else if has("key with no value") || has("expected `=`") {
        ("F01", "toml-missing-equals", "toml-missing-equals-hint")
    } else if has("escape") {
        ("F01", "toml-bad-escape", "toml-bad-escape-hint")
    } else if has("invalid time") {
        ("F03", "toml-bad-time", "tijd-hint")
    } else if has("unclosed table")
        || has("unclosed array table")
        || has("unclosed array of tables")
    {
        ("F01", "toml-unclosed-table", "toml-unclosed-table-hint")
    } else if has("expected newline") {
        ("F01", "toml-one-per-line", "toml-one-per-line-hint")
    } else {
        ("F01", "toml-other", "fm-toml-hint")
    };
    let mut msg = Msg::new(key);
    if key == "toml-duplicate" {
        let key = quoted_name(detail)
            .map(str::to_string)
            .or_else(|| {
                let k = at.trim().trim_matches(['[', ']', '"', '\'']).trim();
                (!k.is_empty() && !k.contains('\n')).then(|| k.to_string())
            })
            .unwrap_or_else(|| "?".into());
        msg = msg.arg("key", key);
    }
    Diagnostic::error(rule, msg).hint(Msg::new(hint))
}

/// A table being read, with the keys it may hold.
pub struct Table<'t, 'i> {
    pub table: &'t DeTable<'i>,
    /// Shown to the user: `[klant]`, `[[gesprekken]] #2`, `popdoc.toml`.
    pub name: String,
    /// Where the table starts (for "missing key" diagnostics).
    pub loc: Loc,
    /// Misspelled keys read under the key they were meant to be (reported
    /// once as F02), so nothing that depends on that key is reported again.
    pub alias: Vec<(String, String)>,
}

impl<'t, 'i> Table<'t, 'i> {
    /// The value of `key`, or of the misspelling that meant it.
    pub fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        let table: &'t DeTable<'i> = self.table;
        table.get(key).or_else(|| {
            let (_, written) = self.alias.iter().find(|(meant, _)| meant == key)?;
            table.get(written.as_str())
        })
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Whether `key` is read through a misspelling (already reported as
    /// F02): a value of the wrong kind there is no second message.
    pub fn aliased(&self, key: &str) -> bool {
        self.table.get(key).is_none() && self.get(key).is_some()
    }
}

/// The reading context: one file, its TOML's offset, the diagnostics sink.
pub struct Reader<'d> {
    pub file: FileId,
    pub base: usize,
    /// The TOML text itself (to trim table locations to their first line).
    pub toml: &'d str,
    pub diags: &'d mut Vec<Diagnostic>,
    pub scope: Scope,
    /// Where the values blanked for the parser start (see [`parse`]): they
    /// were reported already and read as absent.
    blanked: Vec<usize>,
}

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Int,
    Bool,
    Date,
    List,
    Table,
    ListOfTables,
}

impl<'d> Reader<'d> {
    /// A reader of the TOML text `toml`, at byte `base` of `file`.
    pub fn new(
        file: FileId,
        base: usize,
        toml: &'d str,
        diags: &'d mut Vec<Diagnostic>,
        scope: Scope,
    ) -> Self {
        let blanked = super::belgian::scan(toml)
            .into_iter()
            .map(|(r, _, _)| r.start)
            .collect();
        Reader {
            file,
            base,
            toml,
            diags,
            scope,
            blanked,
        }
    }

    /// Whether the value at `span` was blanked (reported by the scan).
    fn blanked(&self, span: &Range<usize>) -> bool {
        self.blanked.contains(&span.start)
    }

    pub fn loc(&self, span: Range<usize>) -> Loc {
        Loc::new(self.file, self.base + span.start..self.base + span.end)
    }

    fn push(&mut self, d: Diagnostic) {
        let d = d.scope(self.scope);
        self.diags.push(d);
    }

    /// Opens a table, reporting every key not in `known`.
    pub fn open<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        name: impl Into<String>,
        loc: Loc,
        known: &[&str],
    ) -> Table<'t, 'i> {
        let name = name.into();
        let mut alias = Vec::new();
        for (key, _) in table.iter() {
            let k: &str = key.get_ref();
            if !known.contains(&k) {
                let hint = match did_you_mean(k, known) {
                    Some(s) => {
                        if !table.contains_key(s) && !alias.iter().any(|(m, _)| m == s) {
                            alias.push((s.to_string(), k.to_string()));
                        }
                        Msg::new("unknown-key-suggest").arg("suggestion", s)
                    }
                    None => Msg::new("unknown-key-list").arg("allowed", known.join(", ")),
                };
                let d = Diagnostic::error(
                    "F02",
                    Msg::new("unknown-key").arg("key", k).arg("table", &name),
                )
                .at(self.loc(key.span()))
                .hint(hint);
                self.push(d);
            }
        }
        Table {
            table,
            name,
            loc,
            alias,
        }
    }

    fn get<'t, 'i>(
        &mut self,
        t: &Table<'t, 'i>,
        key: &str,
        kind: Kind,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        let v = t.get(key)?;
        if self.blanked(&v.span()) {
            return None;
        }
        let ok = matches!(
            (kind, v.get_ref()),
            (Kind::Str, DeValue::String(_))
                | (Kind::Int, DeValue::Integer(_))
                | (Kind::Bool, DeValue::Boolean(_))
                | (Kind::Date, DeValue::Datetime(_))
                | (Kind::List, DeValue::Array(_))
                | (Kind::Table, DeValue::Table(_))
                | (Kind::ListOfTables, DeValue::Array(_))
        );
        if ok {
            return Some(v);
        }
        if t.aliased(key) {
            return None;
        }
        let expected = match kind {
            Kind::Str => "ty-str",
            Kind::Int => "ty-int",
            Kind::Bool => "ty-bool",
            Kind::Date => "ty-date",
            Kind::List => "ty-list",
            Kind::Table => "ty-table",
            Kind::ListOfTables => "ty-tables",
        };
        // The value as written, which reads the same in every language.
        let found = match v.get_ref() {
            DeValue::String(s) => format!("\"{s}\""),
            DeValue::Integer(i) => format!("{i}"),
            DeValue::Float(f) => format!("{f}"),
            DeValue::Boolean(b) => format!("{b}"),
            DeValue::Datetime(d) => format!("{d}"),
            DeValue::Array(_) => "[…]".into(),
            DeValue::Table(_) => "{…}".into(),
        };
        let mut d = Diagnostic::error(
            "F03",
            Msg::new("wrong-type")
                .arg("key", key)
                .arg_key("expected", expected)
                .arg("found", found),
        )
        .at(self.loc(v.span()));
        if matches!(kind, Kind::Date) {
            d = d.hint(Msg::new("wrong-type-date-hint").arg("key", key));
        } else if matches!(kind, Kind::Str) {
            let hint = if key == "zonder_handtekening" {
                Msg::new("wrong-type-reason-hint")
            } else {
                Msg::new("wrong-type-str-hint").arg("key", key)
            };
            d = d.hint(hint);
        }
        self.push(d);
        None
    }

    /// Reports a required key that is absent.
    pub fn missing(&mut self, t: &Table, key: &str) {
        let d = Diagnostic::error(
            "F04",
            Msg::new("missing-key")
                .arg("key", key)
                .arg("table", &t.name),
        )
        .at(t.loc.clone())
        .hint(Msg::new("missing-key-hint").arg("key", key));
        self.push(d);
    }

    pub fn str(&mut self, t: &Table, key: &str) -> Option<At<String>> {
        let v = self.get(t, key, Kind::Str)?;
        match v.get_ref() {
            DeValue::String(s) => Some(At::new(s.to_string(), self.loc(v.span()))),
            _ => None,
        }
    }

    pub fn req_str(&mut self, t: &Table, key: &str) -> Option<At<String>> {
        if !t.contains_key(key) {
            self.missing(t, key);
        }
        self.str(t, key)
    }

    pub fn int(&mut self, t: &Table, key: &str) -> Option<At<i64>> {
        // A fraction: a tip naming the readings (`1.5` for minutes is 90).
        if let Some(v) = t.get(key)
            && let DeValue::Float(f) = v.get_ref()
        {
            let written = f.as_str().to_string();
            let whole = written
                .split(['.', 'e', 'E'])
                .next()
                .and_then(|w| w.parse().ok())
                .unwrap_or(0);
            let (msg, hint) = if key == "minuten" {
                (
                    Msg::new("fraction-minutes")
                        .arg("key", key)
                        .arg("value", &written),
                    super::belgian::minutes_hint(&written, whole),
                )
            } else {
                (
                    Msg::new("wrong-type")
                        .arg("key", key)
                        .arg_key("expected", "ty-int")
                        .arg("found", &written),
                    Msg::new("comma-number-hint")
                        .arg("key", key)
                        .arg("low", whole),
                )
            };
            let d = Diagnostic::error("F03", msg)
                .at(self.loc(v.span()))
                .hint(hint);
            self.push(d);
            return None;
        }
        let v = self.get(t, key, Kind::Int)?;
        let DeValue::Integer(i) = v.get_ref() else {
            return None;
        };
        let parsed = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
        match parsed {
            Some(n) => Some(At::new(n, self.loc(v.span()))),
            None => {
                let d = Diagnostic::error(
                    "F03",
                    Msg::new("bad-number")
                        .arg("key", key)
                        .arg("value", i.as_str())
                        .arg("range", "i64"),
                )
                .at(self.loc(v.span()));
                self.push(d);
                None
            }
        }
    }

    /// An integer within `range`; out of range is reported and reads as absent.
    pub fn int_in(
        &mut self,
        t: &Table,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<At<i64>> {
        let v = self.int(t, key)?;
        if range.contains(&v.v) {
            return Some(v);
        }
        let d = Diagnostic::error(
            "F03",
            Msg::new("bad-number")
                .arg("key", key)
                .arg("value", v.v)
                .arg("range", format!("{}..{}", range.start(), range.end())),
        )
        .at(v.loc);
        self.push(d);
        None
    }

    pub fn req_int_in(
        &mut self,
        t: &Table,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<At<i64>> {
        if !t.contains_key(key) {
            self.missing(t, key);
        }
        self.int_in(t, key, range)
    }

    pub fn bool(&mut self, t: &Table, key: &str) -> Option<At<bool>> {
        let v = self.get(t, key, Kind::Bool)?;
        let DeValue::Boolean(b) = v.get_ref() else {
            return None;
        };
        Some(At::new(*b, self.loc(v.span())))
    }

    pub fn date(&mut self, t: &Table, key: &str) -> Option<At<Date>> {
        // A date in quotes: `"08/10/2024"` as a Belgian writes it, or
        // `"2024-10-08"`; anything else in quotes is no date, with a tip.
        if let Some(v) = t.get(key)
            && let DeValue::String(s) = v.get_ref()
        {
            let loc = self.loc(v.span());
            let written = s.trim();
            let iso = || {
                super::belgian::iso_shape(written)
                    .then(|| Date::parse(written))
                    .flatten()
            };
            if let Some(d) = super::belgian::date(written).or_else(iso) {
                return Some(At::new(d, loc));
            }
            if t.aliased(key) {
                return None;
            }
            let quoted = format!("\"{s}\"");
            if super::belgian::belgian_shape(written) || super::belgian::iso_shape(written) {
                self.push(super::belgian::impossible_date(key, &quoted).at(loc));
                return None;
            }
            if let Some(d) = super::belgian::other_form(written) {
                self.push(super::belgian::other_form_date(key, &quoted, &d.to_string()).at(loc));
                return None;
            }
            let d = Diagnostic::error(
                "F03",
                Msg::new("not-a-date")
                    .arg("key", key)
                    .arg("value", format!("\"{s}\"")),
            )
            .at(loc)
            .hint(Msg::new("not-a-date-hint").arg("key", key));
            self.push(d);
            return None;
        }
        let v = self.get(t, key, Kind::Date)?;
        let DeValue::Datetime(dt) = v.get_ref() else {
            return None;
        };
        let loc = self.loc(v.span());
        let date = match (dt.date, dt.time) {
            (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day),
            _ => None,
        };
        if date.is_none() {
            let d = Diagnostic::error(
                "F03",
                Msg::new("wrong-type")
                    .arg("key", key)
                    .arg_key("expected", "ty-date-only")
                    .arg("found", dt.to_string()),
            )
            .at(loc.clone())
            .hint(Msg::new("wrong-type-date-hint").arg("key", key));
            self.push(d);
        }
        date.map(|d| At::new(d, loc))
    }

    pub fn req_date(&mut self, t: &Table, key: &str) -> Option<At<Date>> {
        if !t.contains_key(key) {
            self.missing(t, key);
        }
        self.date(t, key)
    }

    /// A string that must be one of `allowed`.
    pub fn enumeration(&mut self, t: &Table, key: &str, allowed: &[&str]) -> Option<At<String>> {
        let v = self.str(t, key)?;
        if allowed.contains(&v.v.as_str()) {
            return Some(v);
        }
        self.bad_enum(key, &v, allowed);
        None
    }

    pub fn req_enumeration(
        &mut self,
        t: &Table,
        key: &str,
        allowed: &[&str],
    ) -> Option<At<String>> {
        if !t.contains_key(key) {
            self.missing(t, key);
        }
        self.enumeration(t, key, allowed)
    }

    pub fn bad_enum(&mut self, key: &str, v: &At<String>, allowed: &[&str]) {
        let hint = match did_you_mean(&v.v, allowed) {
            Some(s) => Msg::new("unknown-key-suggest").arg("suggestion", s),
            None => Msg::new("bad-enum-hint").arg("allowed", allowed.join(", ")),
        };
        let d = Diagnostic::error(
            "F03",
            Msg::new("bad-enum").arg("value", &v.v).arg("key", key),
        )
        .at(v.loc.clone())
        .hint(hint);
        self.push(d);
    }

    /// A list of strings; non-string items are reported and skipped.
    pub fn str_list(&mut self, t: &Table, key: &str) -> Option<At<Vec<At<String>>>> {
        let v = self.get(t, key, Kind::List)?;
        let DeValue::Array(items) = v.get_ref() else {
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(At::new(s.to_string(), self.loc(item.span()))),
                _ => {
                    let d = Diagnostic::error(
                        "F03",
                        Msg::new("wrong-type")
                            .arg("key", key)
                            .arg_key("expected", "ty-str-list")
                            .arg_key("found", "ty-other"),
                    )
                    .at(self.loc(item.span()));
                    self.push(d);
                }
            }
        }
        Some(At::new(out, self.loc(v.span())))
    }

    /// A list of integers; other items are reported and skipped.
    pub fn int_list(&mut self, t: &Table, key: &str) -> Option<At<Vec<i64>>> {
        let v = self.get(t, key, Kind::List)?;
        let DeValue::Array(items) = v.get_ref() else {
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let n = match item.get_ref() {
                DeValue::Integer(i) => {
                    i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
                }
                _ => None,
            };
            match n {
                Some(n) => out.push(n),
                None => {
                    let d = Diagnostic::error(
                        "F03",
                        Msg::new("wrong-type")
                            .arg("key", key)
                            .arg_key("expected", "ty-int-list")
                            .arg_key("found", "ty-other"),
                    )
                    .at(self.loc(item.span()));
                    self.push(d);
                }
            }
        }
        Some(At::new(out, self.loc(v.span())))
    }

    /// A sub-table `[key]`, with its own known keys.
    pub fn table<'t, 'i>(
        &mut self,
        t: &Table<'t, 'i>,
        key: &str,
        known: &[&str],
    ) -> Option<Table<'t, 'i>> {
        let v = self.get(t, key, Kind::Table)?;
        let DeValue::Table(inner) = v.get_ref() else {
            return None;
        };
        let loc = self.first_line(v.span(), t.table, key);
        Some(self.open(inner, format!("[{key}]"), loc, known))
    }

    /// An array of tables `[[key]]`; each element is opened with `known`.
    pub fn tables<'t, 'i>(
        &mut self,
        t: &Table<'t, 'i>,
        key: &str,
        known: &[&str],
    ) -> Vec<Table<'t, 'i>> {
        let Some(v) = self.get(t, key, Kind::ListOfTables) else {
            return vec![];
        };
        let DeValue::Array(items) = v.get_ref() else {
            return vec![];
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(inner) => {
                    let loc = self.first_line(item.span(), t.table, key);
                    out.push(self.open(inner, format!("[[{key}]] #{}", i + 1), loc, known));
                }
                _ => {
                    let d = Diagnostic::error(
                        "F03",
                        Msg::new("wrong-type")
                            .arg("key", key)
                            .arg_key("expected", "ty-tables")
                            .arg_key("found", "ty-other"),
                    )
                    .at(self.loc(item.span()));
                    self.push(d);
                }
            }
        }
        out
    }

    /// A table's location trimmed to its first line, so a caret marks the header
    /// rather than a whole block. Falls back to the key when the span is empty.
    fn first_line(&self, span: Range<usize>, parent: &DeTable, key: &str) -> Loc {
        if span.is_empty()
            && let Some((k, _)) = parent.get_key_value(key)
        {
            return self.loc(k.span());
        }
        let end = self
            .toml
            .get(span.clone())
            .and_then(|s| s.find('\n'))
            .map_or(span.end, |i| span.start + i);
        Loc::new(self.file, self.base + span.start..self.base + end)
    }
}
