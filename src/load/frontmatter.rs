//! Splits a Markdown file into its TOML front matter (between `+++` lines) and
//! its body, keeping byte offsets into the original text so that every later
//! location points into the file as the user sees it. Accepts a UTF-8 BOM and
//! CRLF line endings.

use std::ops::Range;

use crate::diag::{Diagnostic, Msg, Scope};
use crate::source::{FileId, Loc, Sources};

/// Where the parts of a file are, as byte ranges of the whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The opening `+++` line (without its line ending).
    pub open: Range<usize>,
    /// The TOML text between the fences.
    pub toml: Range<usize>,
    /// Everything after the closing fence's line.
    pub body: Range<usize>,
}

/// Splits `text`; a missing or unclosed front matter is a located diagnostic.
pub fn split(file: FileId, text: &str) -> Result<Split, Box<Diagnostic>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if text[start..].trim().is_empty() {
        return Err(Box::new(
            Diagnostic::error("F01", Msg::new("fm-empty-file"))
                .at(Loc::new(file, 0..0))
                .hint(Msg::new("fm-missing-hint")),
        ));
    }
    let mut lines = lines_from(text, start);
    let first = lines.next();
    let open = match first {
        Some((range, line)) if line.trim_end() == "+++" => range,
        Some((range, _)) => {
            return Err(Box::new(
                Diagnostic::error("F01", Msg::new("fm-missing"))
                    .at(Loc::new(file, range))
                    .hint(Msg::new("fm-missing-hint")),
            ));
        }
        None => unreachable!("non-empty text has a first line"),
    };
    let toml_start = next_line_start(text, open.end);
    for (range, line) in lines {
        if line.trim_end() == "+++" {
            return Ok(Split {
                open,
                toml: toml_start..range.start,
                body: next_line_start(text, range.end)..text.len(),
            });
        }
    }
    Err(Box::new(
        Diagnostic::error("F01", Msg::new("fm-unclosed"))
            .at(Loc::new(file, open))
            .hint(Msg::new("fm-unclosed-hint")),
    ))
}

/// Lines as (range without line ending, text without line ending).
fn lines_from(text: &str, start: usize) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let rest = &text[pos..];
        let len = rest.find('\n').unwrap_or(rest.len());
        let mut line = &rest[..len];
        if line.ends_with('\r') {
            line = &line[..line.len() - 1];
        }
        let range = pos..pos + line.len();
        pos += len + 1;
        Some((range, line))
    })
}

fn next_line_start(text: &str, from: usize) -> usize {
    match text[from..].find('\n') {
        Some(i) => from + i + 1,
        None => text.len(),
    }
}

/// Splits a file of `sources` and parses its front matter (a spanned TOML
/// table); on failure, the diagnostic is pushed.
pub fn parse<'s>(
    sources: &'s Sources,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
    scope: Scope,
) -> Option<(Split, toml::de::DeTable<'s>)> {
    let src = sources.get(file);
    let split = match split(file, &src.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push((*d).scope(scope));
            return None;
        }
    };
    let table = super::reader::parse(src, file, split.toml.clone(), diags, scope)?;
    Some((split, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_bom_and_crlf() {
        let text = "\u{feff}+++\r\na = 1\r\n+++\r\nbody\r\n";
        let s = split(FileId(0), text).unwrap();
        assert_eq!(&text[s.toml.clone()], "a = 1\r\n");
        assert_eq!(&text[s.body.clone()], "body\r\n");
        assert_eq!(&text[s.open.clone()], "+++");
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split(FileId(0), "").unwrap_err().msg.key, "fm-empty-file");
        assert_eq!(
            split(FileId(0), "title = 1\n").unwrap_err().msg.key,
            "fm-missing"
        );
        let d = split(FileId(0), "+++\na = 1\n").unwrap_err();
        assert_eq!(d.msg.key, "fm-unclosed");
        assert_eq!(d.loc.unwrap().range, 0..3);
    }

    #[test]
    fn empty_body_and_no_trailing_newline() {
        let s = split(FileId(0), "+++\na = 1\n+++").unwrap();
        assert_eq!(s.body, 13..13);
    }

    proptest::proptest! {
        /// The splitter and the TOML reader on any text: never a panic; the
        /// parts are in order, inside the text and on character boundaries;
        /// a syntax error is one located diagnostic.
        #[test]
        fn prop_front_matter_split_and_parse(text in front_matter()) {
            match split(FileId(0), &text) {
                Ok(s) => {
                    proptest::prop_assert!(s.open.end <= s.toml.start);
                    proptest::prop_assert!(s.toml.end <= s.body.start && s.body.end == text.len());
                    for r in [&s.open, &s.toml, &s.body] {
                        proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    }
                    let mut diags = vec![];
                    let mut sources = Sources::new();
                    let id = sources.add("a", std::path::Path::new("a"), text.clone());
                    let table = crate::load::reader::parse(
                        sources.get(id),
                        id,
                        s.toml.clone(),
                        &mut diags,
                        crate::diag::Scope::Dossier,
                    );
                    // No table only with a reason; one syntax error at most
                    // besides the Belgian values the scan reports.
                    proptest::prop_assert!(table.is_some() || !diags.is_empty());
                    let belgian = crate::load::belgian::scan(&text[s.toml.clone()]).len();
                    proptest::prop_assert!(diags.len() <= 1 + belgian);
                    for d in &diags {
                        let loc = d.loc.as_ref().unwrap();
                        proptest::prop_assert!(loc.range.end <= text.len());
                    }
                }
                Err(d) => {
                    proptest::prop_assert!(d.loc.as_ref().unwrap().range.end <= text.len());
                }
            }
        }
    }

    fn front_matter() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("+++"),
            Just("\n"),
            Just("\r\n"),
            Just("\r"),
            Just("\u{feff}"),
            Just("a = 1"),
            Just("b = \""),
            Just("\""),
            Just("[klant]"),
            Just("[[gesprekken]]"),
            Just("datum = 2025-02-30"),
            Just("x = [1, ["),
            Just("]"),
            Just("{"),
            Just("}"),
            Just("="),
            Just("#"),
            Just(" "),
            Just("é"),
            Just("\u{0}"),
            Just("'''"),
            Just("\"\"\""),
            Just("minuten = -5"),
            Just("9999999999999999999999"),
        ];
        prop_oneof![
            proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat()),
            any::<String>(),
        ]
    }
}
