//! `popdoc.toml`: the site settings (English keys, as in other site generators)
//! and the `[centrum]` block (Dutch keys, printed on the attest and checklist).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Lang, Msg, Scope};
use crate::load::reader::{Reader, parse};
use crate::source::{At, FileId, Loc, Sources};

/// Which PDF standards the documents follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfStandard {
    /// PDF/A-2a together with PDF/UA-1: archivable and accessible (default).
    #[default]
    A2aUa1,
    /// PDF/A-2b: archivable only (fallback when a custom template cannot be tagged).
    A2b,
}

/// The centre's details, each with where it was written (a blank value is
/// reported at its place by the attest rules).
#[derive(Debug, Clone, Default)]
pub struct Centrum {
    pub naam: Option<At<String>>,
    pub ondernemingsnummer: Option<At<String>>,
    pub adres: Option<At<String>>,
    pub plaats: Option<At<String>>,
    pub telefoon: Option<At<String>>,
    pub email: Option<At<String>>,
    pub website: Option<At<String>>,
    /// A PNG or JPEG in the site folder (read by `build::settings`).
    pub logo: Option<At<String>>,
    /// Print the client's klantennummer on the POP too (it is always on
    /// the checklist, never on the attest).
    pub klantennummer_op_pop: bool,
    /// The centre's coaches; the first is the one `popdoc new` fills in.
    pub begeleiders: Vec<At<String>>,
    /// The `[centrum]` table header, when present.
    pub loc: Option<Loc>,
}

/// A text setting's value, trimmed; `None` when absent or blank.
pub fn filled(v: &Option<At<String>>) -> Option<&str> {
    v.as_ref().map(|v| v.v.trim()).filter(|v| !v.is_empty())
}

impl Centrum {
    /// The place printed next to the coach's signature: `plaats`, else the
    /// municipality after the postcode in `adres` ("Kerkstraat 1, 9000 Gent").
    pub fn plaats(&self) -> Option<String> {
        if let Some(p) = filled(&self.plaats) {
            return Some(p.to_string());
        }
        let adres = filled(&self.adres)?;
        let last = adres.rsplit(',').next()?.trim();
        let mut words = last.split_whitespace();
        let first = words.next()?;
        if first.len() == 4 && first.chars().all(|c| c.is_ascii_digit()) {
            let rest: Vec<&str> = words.collect();
            if !rest.is_empty() {
                return Some(rest.join(" "));
            }
        }
        Some(last.to_string())
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub file: Option<FileId>,
    pub title: String,
    pub language: Lang,
    pub output_dir: String,
    pub theme: String,
    /// Where `theme` was written (to point at an unknown theme).
    pub theme_loc: Option<Loc>,
    /// `rule_set`: rule sets pinned for every package of their kind (one id,
    /// or a list with at most one per kind).
    pub rule_set: Vec<At<String>>,
    pub allow_raw_html: bool,
    pub client_dir: String,
    pub retention_years: Option<i64>,
    pub coach_notes: bool,
    pub pdf_standard: PdfStandard,
    pub centrum: Centrum,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            title: "popdoc".into(),
            language: Lang::Nl,
            output_dir: "public".into(),
            theme: "default".into(),
            theme_loc: None,
            rule_set: Vec::new(),
            allow_raw_html: false,
            client_dir: "klant".into(),
            retention_years: None,
            coach_notes: false,
            pdf_standard: PdfStandard::A2aUa1,
            centrum: Centrum::default(),
        }
    }
}

const KEYS: &[&str] = &[
    "title",
    "language",
    "output_dir",
    "theme",
    "rule_set",
    "allow_raw_html",
    "client_dir",
    "retention_years",
    "coach_notes",
    "pdf_standard",
    "centrum",
];
const CENTRUM_KEYS: &[&str] = &[
    "naam",
    "ondernemingsnummer",
    "adres",
    "plaats",
    "telefoon",
    "email",
    "website",
    "logo",
    "klantennummer_op_pop",
    "begeleiders",
];

/// The site's own sources: no output folder may be, hold or sit in one.
const SOURCES: [&str; 4] = ["content", "templates", "themes", "rules"];

/// Whether two folders relative to the site root are the same or one holds
/// the other (compared by path components: `public` and `public-oud` do not).
fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (Path::new(a), Path::new(b));
    a.starts_with(b) || b.starts_with(a)
}

impl Config {
    pub fn path(root: &Path) -> PathBuf {
        root.join("popdoc.toml")
    }

    /// Lowers the already-read `popdoc.toml`; problems become diagnostics and
    /// fall back to defaults.
    pub fn lower(sources: &Sources, file: FileId, diags: &mut Vec<Diagnostic>) -> Config {
        let mut c = Config {
            file: Some(file),
            ..Config::default()
        };
        let src = sources.get(file);
        let text = src.text.strip_prefix('\u{feff}').unwrap_or(&src.text);
        let base = src.text.len() - text.len();
        let Some(table) = parse(src, file, base..src.text.len(), diags, Scope::Site) else {
            return c;
        };
        let mut r = Reader::new(file, base, text, diags, Scope::Site);
        let t = r.open(&table, "popdoc.toml", Loc::new(file, 0..0), KEYS);
        if let Some(v) = r.str(&t, "title") {
            c.title = v.v;
        }
        if let Some(v) = r.enumeration(&t, "language", &["nl", "en"]) {
            c.language = Lang::parse(&v.v).unwrap_or_default();
        }
        let mut dirs: Vec<(&str, At<String>)> = Vec::new();
        for (key, slot) in [
            ("output_dir", &mut c.output_dir),
            ("client_dir", &mut c.client_dir),
        ] {
            if let Some(v) = r.str(&t, key) {
                let p = v.v.trim().trim_end_matches('/').to_string();
                let problem = if p.is_empty()
                    || p == "."
                    || p.split('/').any(|s| s == ".." || s == ".")
                    || Path::new(&p).is_absolute()
                {
                    Some(
                        Msg::new("config-bad-dir")
                            .arg("key", key)
                            .arg("value", &v.v),
                    )
                } else {
                    SOURCES
                        .iter()
                        .find(|s| overlaps(&p, s))
                        .map(|s| Msg::new("config-dir-sources").arg("key", key).arg("dir", s))
                };
                match problem {
                    Some(msg) => r.diags.push(
                        Diagnostic::error("F03", msg)
                            .at(v.loc.clone())
                            .hint(Msg::new("config-bad-dir-hint"))
                            .scope(Scope::Site),
                    ),
                    None => {
                        *slot = p.clone();
                        dirs.push((key, At::new(p, v.loc)));
                    }
                }
            }
        }
        // The centre's output and the client's folder never hold each other:
        // pruning one would delete the other, or a kept POP would end up in
        // the centre's archive.
        let (out, client) = (c.output_dir.clone(), c.client_dir.clone());
        if overlaps(&out, &client) {
            let loc = dirs
                .last()
                .map_or_else(|| Loc::new(file, 0..0), |(_, v)| v.loc.clone());
            r.diags.push(
                Diagnostic::error(
                    "F03",
                    Msg::new("config-dirs-overlap")
                        .arg("output", &out)
                        .arg("client", &client),
                )
                .at(loc)
                .hint(Msg::new("config-bad-dir-hint"))
                .scope(Scope::Site),
            );
        }
        if let Some(v) = r.str(&t, "theme") {
            c.theme = v.v.clone();
            c.theme_loc = Some(v.loc);
        }
        c.rule_set = match t.get("rule_set").map(|v| v.get_ref()) {
            Some(toml::de::DeValue::Array(_)) => {
                r.str_list(&t, "rule_set").map(|l| l.v).unwrap_or_default()
            }
            _ => r.str(&t, "rule_set").into_iter().collect(),
        };
        if let Some(v) = r.bool(&t, "allow_raw_html") {
            c.allow_raw_html = v.v;
        }
        c.retention_years = r.int_in(&t, "retention_years", 1..=100).map(|v| v.v);
        if let Some(v) = r.bool(&t, "coach_notes") {
            c.coach_notes = v.v;
        }
        if let Some(v) = r.enumeration(&t, "pdf_standard", &["a-2a+ua-1", "a-2b"]) {
            c.pdf_standard = if v.v == "a-2b" {
                PdfStandard::A2b
            } else {
                PdfStandard::A2aUa1
            };
        }
        if let Some(ct) = r.table(&t, "centrum", CENTRUM_KEYS) {
            c.centrum = Centrum {
                naam: r.str(&ct, "naam"),
                ondernemingsnummer: r.str(&ct, "ondernemingsnummer"),
                adres: r.str(&ct, "adres"),
                plaats: r.str(&ct, "plaats"),
                telefoon: r.str(&ct, "telefoon"),
                email: r.str(&ct, "email"),
                website: r.str(&ct, "website"),
                logo: r.str(&ct, "logo"),
                klantennummer_op_pop: r.bool(&ct, "klantennummer_op_pop").is_some_and(|b| b.v),
                begeleiders: r
                    .str_list(&ct, "begeleiders")
                    .map(|l| l.v)
                    .unwrap_or_default(),
                loc: Some(ct.loc.clone()),
            };
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_from_address() {
        let c = Centrum {
            adres: Some(At::new(
                "Kerkstraat 1, 9000 Gent".into(),
                Loc::new(crate::source::FileId(0), 0..0),
            )),
            ..Default::default()
        };
        assert_eq!(c.plaats().as_deref(), Some("Gent"));
    }

    #[test]
    fn unknown_key_is_reported_with_suggestion() {
        let mut s = Sources::new();
        let id = s.add(
            "popdoc.toml",
            Path::new("popdoc.toml"),
            "titel = \"x\"\noutput_dir = \"..\"\n".into(),
        );
        let mut d = vec![];
        let c = Config::lower(&s, id, &mut d);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].rule, "F02");
        assert_eq!(d[0].hint.as_ref().unwrap().args[0].1, "title");
        assert_eq!(c.output_dir, "public");
    }
}
