//! The incremental cache: a rebuild makes again exactly the outputs whose
//! inputs changed, and a broken cache never gives a stale file.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

/// The files a build made (not taken from the cache), from `build --verbose`:
/// written, or made again with the bytes they had.
fn made(root: &Path, extra: &[&str]) -> BTreeSet<String> {
    let mut args = vec!["build", "--verbose"];
    args.extend(extra);
    let o = popdoc(root, &args);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    // Not a terminal: no progress bar, no cursor movements.
    assert!(!stderr(&o).contains(['\r', '\u{1b}']), "{:?}", stderr(&o));
    stderr(&o)
        .lines()
        .filter_map(|l| {
            l.strip_prefix("gemaakt: ").or_else(|| {
                l.strip_prefix("ongewijzigd: ")?
                    .strip_suffix(" (opnieuw gemaakt, dezelfde inhoud)")
            })
        })
        .map(str::to_string)
        .collect()
}

/// `--verbose` lists as made only what it wrote: a file made again with the
/// bytes it had is listed as unchanged, as the summary counts it.
#[test]
fn verbose_lists_as_made_only_what_was_written() {
    let tmp = two_dossiers();
    let root = tmp.path();
    let first = popdoc(root, &["build", "--verbose", "--no-pdf"]);
    assert!(
        stderr(&first).contains("gemaakt: klant/index.html"),
        "{}",
        stderr(&first)
    );
    let again = popdoc(root, &["build", "--verbose", "--no-pdf", "--no-cache"]);
    let err = stderr(&again);
    assert!(
        !err.contains("gemaakt: "),
        "nothing changed, nothing written: {err}"
    );
    assert!(
        err.contains("ongewijzigd: klant/index.html (opnieuw gemaakt, dezelfde inhoud)"),
        "{err}"
    );
    assert!(err.contains(" 0 geschreven,"), "{err}");
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Two dossiers: `klant` (POP + attest) and `tweede` (POP).
fn two_dossiers() -> tempfile::TempDir {
    let tmp = copy_site(&fixtures().join("valid/met-attest"));
    copy_dir(
        &fixtures().join("valid/complete/content/klant"),
        &tmp.path().join("content/tweede"),
    );
    edit(
        &tmp.path().join("content/tweede/index.md"),
        "voornaam = \"An\"",
        "voornaam = \"Bert\"",
    );
    tmp
}

/// Made on every run from the whole site (the dashboard, the overview, the style).
const SITE_WIDE: [&str; 3] = ["index.html", "overzicht.html", "style.css"];

#[test]
fn exactly_the_outputs_whose_inputs_changed_are_made_again() {
    let tmp = two_dossiers();
    let root = tmp.path();
    let all = made(root, &[]);
    let pdf = cfg!(feature = "pdf");
    let klant: Vec<&str> = if pdf {
        vec![
            "klant/index.html",
            "klant/pop-1.html",
            "klant/pop-1.pdf",
            "klant/attest-zorgcoordinator.pdf",
        ]
    } else {
        vec!["klant/index.html", "klant/pop-1.html"]
    };
    for f in &klant {
        assert!(all.contains(*f), "{f} in the first build: {all:?}");
    }
    // Nothing changed: only the site-wide pages (the dashboard depends on the day).
    assert_eq!(made(root, &[]), set(&SITE_WIDE));

    // One dossier's POP: that dossier's outputs.
    edit(
        &root.join("content/klant/pop-1.md"),
        "mis het contact",
        "mis echt het contact",
    );
    let mut want = set(&SITE_WIDE);
    want.extend(klant.iter().map(|s| s.to_string()));
    assert_eq!(made(root, &[]), want, "a POP edit");

    // A template of the POP page: the POP pages, nothing else.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let pop_html = popdoc::load::theme::file("default", "templates", "pop.html").unwrap();
    std::fs::write(
        root.join("templates/pop.html"),
        format!("{pop_html}\n{{# eigen #}}\n"),
    )
    .unwrap();
    let mut want = set(&SITE_WIDE);
    want.extend(set(&["klant/pop-1.html", "tweede/pop-1.html"]));
    assert_eq!(made(root, &[]), want, "pop.html");

    // The base of every page: every page, no PDF.
    let base = popdoc::load::theme::file("default", "templates", "base.html").unwrap();
    std::fs::write(root.join("templates/base.html"), format!("{base}\n")).unwrap();
    let m = made(root, &[]);
    assert!(
        m.iter().all(|p| p.ends_with(".html") || p == "style.css"),
        "{m:?}"
    );
    assert!(m.contains("tweede/index.html") && m.contains("klant/pop-1.html"));

    if pdf {
        // The POP's Typst template: the POP PDFs, not the attest.
        let pop_typ = popdoc::load::theme::file("default", "typst", "pop.typ").unwrap();
        std::fs::write(
            root.join("templates/pop.typ"),
            format!("{pop_typ}\n// eigen\n"),
        )
        .unwrap();
        let mut want = set(&SITE_WIDE);
        want.extend(set(&["klant/pop-1.pdf", "tweede/pop-1.pdf"]));
        assert_eq!(made(root, &[]), want, "pop.typ");
    }

    // A rule set of the site that replaces the one the cheques fall under:
    // every dossier under it.
    std::fs::create_dir_all(root.join("rules")).unwrap();
    std::fs::write(
        root.join("rules/vdab-2020.toml"),
        "id = \"vdab-2020\"\nnaam = \"Eigen\"\nbesteld_vanaf = 2020-01-01\nbesteld_tot = 2025-10-31\npakket_minuten = [240, 180]\nmin_individueel_minuten = 150\n",
    )
    .unwrap();
    let m = made(root, &[]);
    assert!(
        m.contains("klant/index.html") && m.contains("tweede/index.html"),
        "{m:?}"
    );

    // popdoc.toml: everything.
    let cfg = root.join("popdoc.toml");
    edit(&cfg, "title = \"Fixture\"", "title = \"Fixture 2\"");
    let everything = made(root, &[]);
    assert!(everything.len() >= all.len(), "{everything:?}");

    // Another day: only the dashboard, unless retention depends on it.
    assert_eq!(made(root, &["--today", "2030-01-01"]), set(&SITE_WIDE));
    let c = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("retention_years = 3\n{c}")).unwrap();
    made(root, &["--today", "2030-01-01"]);
    let m = made(root, &["--today", "2030-01-02"]);
    assert!(
        m.contains("klant/index.html"),
        "retention depends on the day: {m:?}"
    );
    // --no-cache makes everything.
    assert!(made(root, &["--today", "2030-01-02", "--no-cache"]).len() >= all.len());
}

#[test]
fn a_broken_cache_or_a_changed_file_never_gives_a_stale_output() {
    let tmp = two_dossiers();
    let root = tmp.path();
    made(root, &[]);
    let reference = copy_site(root);
    let public = root.join("public");
    // A corrupt cache: everything is made again, correctly.
    std::fs::write(
        public.join(".popdoc-cache"),
        "{\"klant/index.html\": {\"key\": ",
    )
    .unwrap();
    let m = made(root, &[]);
    assert!(
        m.contains("klant/index.html") && m.contains("tweede/pop-1.html"),
        "{m:?}"
    );
    // A cache that claims another key for a file changed since: made again.
    std::thread::sleep(std::time::Duration::from_millis(10));
    std::fs::write(public.join("klant/pop-1.html"), "door iemand veranderd").unwrap();
    let m = made(root, &[]);
    assert!(m.contains("klant/pop-1.html"), "{m:?}");
    // The outputs equal those of a fresh build.
    for f in ["klant/pop-1.html", "klant/index.html", "tweede/index.html"] {
        assert_eq!(
            std::fs::read(public.join(f)).unwrap(),
            std::fs::read(reference.path().join("public").join(f)).unwrap(),
            "{f}"
        );
    }
    // A removed output is made again.
    std::fs::remove_file(public.join("tweede/pop-1.html")).unwrap();
    assert!(made(root, &[]).contains("tweede/pop-1.html"));
    assert!(public.join("tweede/pop-1.html").is_file());
}
