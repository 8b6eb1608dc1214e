//! `popdoc print`: one PDF per dossier for the paper archive or an audit,
//! made by the engine like every other output (cached, written under the
//! lock). A dossier is printed only when every document of it is final,
//! unless `--onvolledig`; with `--all`, running dossiers are skipped.

use std::collections::BTreeSet;

use crate::build::disk::{Disk, DiskOptions};
use crate::build::{Engine, Options, Which};
use crate::diag::{self, Diagnostic, Format, Lang, Msg};
use crate::model::{Entry, Site};
use crate::render::print::{Contents, file_name};

use crate::cli::PrintArgs as Args;

/// Why one dossier is not printed: the lines that say so.
fn refusal(e: &Entry, onvolledig: bool, lang: Lang) -> Option<Vec<String>> {
    let say = |key: &'static str| Msg::new(key).arg("slug", &e.slug).render(lang);
    let Some(d) = &e.dossier else {
        return Some(vec![say("app-print-unreadable")]);
    };
    let c = Contents::of(d, &e.diags);
    if c.is_empty() {
        return Some(vec![say("app-print-no-documents")]);
    }
    if c.missing.is_empty() {
        return None;
    }
    if onvolledig && !c.parts.is_empty() {
        return None;
    }
    let first = if c.parts.is_empty() {
        say("app-print-nothing")
    } else {
        say("app-print-refused")
    };
    let mut lines = vec![first];
    lines.extend(c.missing.iter().map(|m| {
        Msg::new("app-print-refused-doc")
            .arg("document", &m.file)
            .arg("why", m.reason(lang))
            .render(lang)
    }));
    Some(lines)
}

/// The dossiers asked for: the one named, or (`--all`) every finished one,
/// with the number of running dossiers skipped.
fn asked<'a>(
    site: &'a Site,
    args: &Args,
    today: crate::date::Date,
) -> anyhow::Result<(Vec<&'a Entry>, usize)> {
    if let Some(slug) = args.slug.as_ref().filter(|_| !args.all) {
        let Some(e) = site.entries.iter().find(|e| &e.slug == slug) else {
            let slugs: Vec<&str> = site.entries.iter().map(|e| e.slug.as_str()).collect();
            return Err(super::build::BundleRefused::Unknown {
                slug: slug.clone(),
                suggestion: crate::text::did_you_mean(slug, &slugs)
                    .map(|s| Msg::new("app-did-you-mean").arg("s", s).render(lang_of()))
                    .unwrap_or_default(),
            }
            .into());
        };
        return Ok((vec![e], 0));
    }
    let mut skipped = 0;
    let mut all = Vec::new();
    for e in &site.entries {
        // A kennismaking has nothing to print yet: passed over, not counted
        // as a running dossier skipped.
        let running = e.dossier.as_ref().is_some_and(|d| {
            let state = crate::validate::state::dossier(d, today);
            state.running() && state != crate::validate::state::State::Kennismaking
        });
        let nothing = e
            .dossier
            .as_ref()
            .is_some_and(|d| Contents::of(d, &e.diags).is_empty());
        if running {
            skipped += 1;
        } else if !nothing {
            all.push(e);
        }
    }
    Ok((all, skipped))
}

fn lang_of() -> Lang {
    diag::ui_lang()
}

/// `popdoc print`: exit code 1 when a dossier asked for is not printed.
pub(super) fn run(flags: &crate::build::Flags, args: &Args) -> anyhow::Result<i32> {
    let mut engine = Engine::new(flags)?;
    let lang = engine.lang();
    let today = engine.today();
    let site = engine.checked()?;
    site.ensure_usable()?;
    let (entries, skipped) = asked(&site, args, today)?;
    let mut refused = 0;
    let mut lines = Vec::new();
    let mut print: BTreeSet<String> = BTreeSet::new();
    for e in &entries {
        match refusal(e, args.onvolledig, lang) {
            Some(why) => {
                refused += 1;
                lines.extend(why);
            }
            None => {
                print.insert(e.slug.clone());
            }
        }
    }
    // The problems of the dossiers asked for, as `build` shows them.
    let shown: Vec<Diagnostic> = entries
        .iter()
        .flat_map(|e| e.diags.iter())
        .filter(|g| g.is_error())
        .cloned()
        .collect();
    eprint!("{}", diag::emit(&shown, &site.sources, lang, Format::Short));
    let mut failed = BTreeSet::new();
    if !print.is_empty() {
        let opts = Options {
            cache: true,
            keep_last_good: true,
            print: print.clone(),
            ..Options::default()
        };
        let s = engine.settings();
        let disk = Disk::open(
            &s.root,
            &s.out_dir(),
            &s.client_dir(),
            DiskOptions {
                force: false,
                cache: true,
                keep_pdfs: false,
                wait: if args.no_wait {
                    crate::lock::Wait::No
                } else {
                    crate::lock::Wait::Yes(lang)
                },
            },
        )?;
        let report = engine.render(&site, today, &Which::Some(print.clone()), &opts, &disk)?;
        disk.finish()?;
        eprint!(
            "{}",
            diag::emit(&report.findings, &site.sources, lang, Format::Short)
        );
        failed.extend(
            report
                .held
                .iter()
                .filter(|(slug, file, _)| *file == file_name(slug))
                .map(|(slug, _, _)| slug.clone()),
        );
    }
    for e in entries.iter().filter(|e| print.contains(&e.slug)) {
        if failed.contains(&e.slug) {
            refused += 1;
            lines.push(
                Msg::new("app-print-failed")
                    .arg("slug", &e.slug)
                    .render(lang),
            );
            continue;
        }
        let Some(d) = &e.dossier else { continue };
        let c = Contents::of(d, &e.diags);
        let path = format!(
            "{}/{}/{}",
            site.config.output_dir.trim_end_matches('/'),
            e.slug,
            file_name(&e.slug)
        );
        let docs = Msg::count(c.parts.len(), "app-print-docs-1", "app-print-docs");
        let line = if c.missing.is_empty() {
            Msg::new("app-printed")
                .arg("path", path)
                .arg_msg_args("docs", docs)
        } else {
            Msg::new("app-printed-incomplete")
                .arg("path", path)
                .arg_msg_args("docs", docs)
                .arg_msg_args(
                    "missing",
                    Msg::count(c.missing.len(), "app-print-missing-1", "app-print-missing"),
                )
        };
        lines.push(line.render(lang));
    }
    if skipped > 0 {
        lines.push(Msg::count(skipped, "app-print-skipped-1", "app-print-skipped").render(lang));
    }
    for line in lines {
        eprintln!("{}", crate::text::terminal_safe(&line));
    }
    Ok(i32::from(refused > 0))
}
