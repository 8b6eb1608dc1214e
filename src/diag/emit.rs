//! Diagnostics out: `human` (snippet with a caret, as rustc and typst print),
//! `short` (one line each, for editors and grep) and `json` (for tools).

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

use super::rules::rule_name;
use super::{Diagnostic, Lang, Msg, Severity};
use crate::source::Sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
}

#[derive(serde::Serialize)]
struct JsonDiag<'a> {
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    severity: Severity,
    rule: &'a str,
    name: &'a str,
    message: String,
    hint: Option<String>,
}

/// Renders all diagnostics in one format and language. Human and short
/// output are terminal-safe: control characters from the dossier are escaped.
pub fn emit(diags: &[Diagnostic], sources: &Sources, lang: Lang, format: Format) -> String {
    let out = emit_raw(diags, sources, lang, format);
    match format {
        Format::Json => out,
        Format::Human | Format::Short => crate::text::terminal_safe(&out),
    }
}

fn emit_raw(diags: &[Diagnostic], sources: &Sources, lang: Lang, format: Format) -> String {
    match format {
        Format::Json => {
            let items: Vec<JsonDiag> = diags
                .iter()
                .map(|d| {
                    let (file, start, end) = match &d.loc {
                        Some(loc) => {
                            let f = sources.get(loc.file);
                            (
                                Some(f.name.as_str()),
                                Some(f.line_col(loc.range.start)),
                                Some(f.line_col(loc.range.end)),
                            )
                        }
                        None => (None, None, None),
                    };
                    JsonDiag {
                        file,
                        line: start.map(|p| p.0),
                        column: start.map(|p| p.1),
                        end_line: end.map(|p| p.0),
                        end_column: end.map(|p| p.1),
                        severity: d.severity,
                        rule: d.rule,
                        name: rule_name(d.rule),
                        message: d.msg.render(lang),
                        hint: d.hint.as_ref().map(|h| h.render(lang)),
                    }
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
        Format::Short => {
            let mut out = String::new();
            for d in diags {
                let place = match &d.loc {
                    Some(loc) => {
                        let f = sources.get(loc.file);
                        let (l, c) = f.line_col(loc.range.start);
                        format!("{}:{l}:{c}: ", f.name)
                    }
                    None => String::new(),
                };
                out.push_str(&format!(
                    "{place}{} [{} {}]: {}\n",
                    severity_word(d.severity, lang),
                    d.rule,
                    rule_name(d.rule),
                    d.msg.render(lang)
                ));
            }
            out
        }
        Format::Human => {
            // Only the files a diagnostic points into are handed over (a
            // copy each): a site of thousands of dossiers has few of them.
            let mut files = SimpleFiles::new();
            let mut ids: std::collections::HashMap<u32, usize> = Default::default();
            for loc in diags.iter().filter_map(|d| d.loc.as_ref()) {
                ids.entry(loc.file.0).or_insert_with(|| {
                    let f = sources.get(loc.file);
                    files.add(f.name.clone(), f.text.clone())
                });
            }
            let config = term::Config::default();
            let mut out = String::new();
            for d in diags {
                let mut cd = match d.severity {
                    Severity::Error => cs::Diagnostic::error(),
                    Severity::Warning => cs::Diagnostic::warning(),
                    Severity::Note => cs::Diagnostic::note(),
                    Severity::Todo => cs::Diagnostic::help(),
                }
                .with_code(format!("{} {}", d.rule, rule_name(d.rule)))
                .with_message(d.msg.render(lang));
                if let Some(loc) = &d.loc {
                    cd = cd.with_labels(vec![cs::Label::primary(
                        ids[&loc.file.0],
                        loc.range.clone(),
                    )]);
                }
                if let Some(h) = &d.hint {
                    cd = cd.with_notes(vec![
                        Msg::new("ui-hint").arg("hint", h.render(lang)).render(lang),
                    ]);
                }
                match term::emit_into_string(&config, &files, &cd) {
                    // codespan-reporting prints the severity in English; the
                    // first line is ours to translate.
                    Ok(s) => out.push_str(&translate_severity(&s, d.severity, lang)),
                    Err(_) => out.push_str(&format!("{}\n", d.msg.render(lang))),
                }
                out.push('\n');
            }
            let (e, w) = super::counts(diags);
            let todos = super::todos(diags);
            if e + w + todos > 0 {
                out.push_str(&summary(e, w, todos, lang));
                out.push('\n');
            }
            out
        }
    }
}

fn translate_severity(report: &str, severity: Severity, lang: Lang) -> String {
    let english = match severity {
        Severity::Error => "error[",
        Severity::Warning => "warning[",
        Severity::Note => "note[",
        Severity::Todo => "help[",
    };
    match report.strip_prefix(english) {
        Some(rest) if lang == Lang::Nl || severity == Severity::Todo => {
            format!("{}[{rest}", severity_word(severity, lang))
        }
        _ => report.to_string(),
    }
}

pub fn severity_word(s: Severity, lang: Lang) -> &'static str {
    let key = match s {
        Severity::Note => "ui-sev-note",
        Severity::Error => "ui-sev-error",
        Severity::Warning => "ui-sev-warning",
        Severity::Todo => "ui-sev-todo",
    };
    super::text(key, lang)
}

/// "2 fouten, 1 waarschuwing", and ", 3 te doen" when there are to-dos.
pub fn summary(errors: usize, warnings: usize, todos: usize, lang: Lang) -> String {
    let mut out = format!(
        "{}, {}",
        Msg::count(errors, "ui-errors-one", "ui-errors-many").render(lang),
        Msg::count(warnings, "ui-warnings-one", "ui-warnings-many").render(lang)
    );
    if todos > 0 {
        out.push_str(", ");
        out.push_str(&Msg::new("ui-todos").arg("n", todos).render(lang));
    }
    out
}
