//! `popdoc print`: one PDF per dossier with every final document the centre
//! keeps, each on its own pages with its own footer and an outline entry;
//! refused while a document is held back, unless `--onvolledig`.

use std::path::Path;

use crate::common::*;
use crate::pdf::{edit, text, tool};

/// The PDF's outline: (depth, title, first page).
fn outline(pdf: &Path) -> Vec<(usize, String, u64)> {
    let json = tool("qpdf", &["--json", "--json-key=outlines"], pdf);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    fn walk(items: &serde_json::Value, depth: usize, out: &mut Vec<(usize, String, u64)>) {
        for e in items.as_array().into_iter().flatten() {
            out.push((
                depth,
                e["title"].as_str().unwrap_or("").to_string(),
                e["destpageposfrom1"].as_u64().unwrap_or(0),
            ));
            walk(&e["kids"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&v["outlines"], 0, &mut out);
    out
}

fn pages(pdf: &Path) -> usize {
    tool("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

const PRINT: &str = "public/joelle-dupre/dossier-joelle-dupre.pdf";

/// The example's two-cheque dossier: both POPs and the attest, each from
/// its first page with its own footer, one top entry of the outline each.
#[test]
fn the_print_of_a_two_cheque_dossier_holds_both_pops_and_the_attest() {
    let site = example_site();
    let o = popdoc(site.path(), &["print", "joelle-dupre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("afgedrukt: public/joelle-dupre/dossier-joelle-dupre.pdf (3 documenten)"),
        "{}",
        stderr(&o)
    );
    let pdf = site.path().join(PRINT);
    let top: Vec<(String, u64)> = outline(&pdf)
        .into_iter()
        .filter(|(d, _, _)| *d == 0)
        .map(|(_, t, p)| (t, p))
        .collect();
    assert_eq!(
        top,
        vec![
            ("POP (loopbaancheque 1)".to_string(), 1),
            ("POP (loopbaancheque 2)".to_string(), 2),
            (
                "Attest opleiding in het kader van het persoonlijk ontwikkelingsplan".to_string(),
                3
            ),
        ]
    );
    assert_eq!(pages(&pdf), 3);
    let info = tool("pdfinfo", &[], &pdf);
    assert!(info.contains("Dossier Joëlle Dupré"), "{info}");
    let meta = tool("pdfinfo", &["-meta"], &pdf);
    assert!(
        meta.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A: {meta}"
    );
    // Dated by its latest document (the attest of 10 February 2025).
    assert!(meta.contains("2025-02-10T00:00:00"), "{meta}");
    let t = text(&pdf);
    for part in [
        "Joëlle Dupré · POP (loopbaancheque 1) · 5 november 2024 pagina 1 van 1",
        "Joëlle Dupré · POP (loopbaancheque 2) · 4 februari 2025 pagina 1 van 1",
        "Attest opleiding in het kader van het persoonlijk ontwikkelingsplan · 10 februari 2025 pagina 1 van 1",
    ] {
        assert!(t.contains(part), "{part:?} not in the print: {t}");
    }
    assert!(!t.contains("van 3"), "each document counts its own pages");
    assert!(!t.contains("ONTWERP") && !t.contains("Onvolledig"), "{t}");
    // The same print again is taken from the cache.
    let again = popdoc(site.path(), &["print", "joelle-dupre"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let bytes = std::fs::read(&pdf).unwrap();
    let o = popdoc(site.path(), &["build"]);
    assert!(
        o.status.success() || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        bytes,
        "build keeps a current print"
    );
}

/// A POP held back by an error: `print` refuses, names it and why, writes
/// nothing; `--onvolledig` prints the rest after a page that lists it. A
/// later build keeps that print current; when the POP is fixed, it is whole.
#[test]
fn print_refuses_a_dossier_with_a_held_back_pop() {
    let site = example_site();
    let pop2 = site.path().join("content/joelle-dupre/pop-2.md");
    let original = std::fs::read_to_string(&pop2).unwrap();
    edit(&pop2, "## Loopbaanvraag", "## Iets anders");
    let o = popdoc(site.path(), &["print", "joelle-dupre"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("niet afgedrukt: joelle-dupre"), "{err}");
    assert!(err.contains("ontbreekt: pop-2.pdf: het onderdeel"), "{err}");
    assert!(err.contains("(R06)"), "the reason with its rule: {err}");
    assert!(
        err.contains("ontbreekt: attest-bachelor-verpleegkunde-verkort-traject.pdf: de POP van loopbaancheque 2 waarop het steunt, is niet definitief"),
        "the attest rests on POP 2: {err}"
    );
    assert!(!site.path().join(PRINT).exists(), "nothing printed");

    let o = popdoc(site.path(), &["print", "joelle-dupre", "--onvolledig"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("onvolledig"), "{}", stderr(&o));
    let pdf = site.path().join(PRINT);
    let t = text(&pdf);
    assert!(
        t.starts_with("Onvolledig dossier") || t.contains("Onvolledig dossier"),
        "{t}"
    );
    let first = t.split("Wel in deze afdruk").next().unwrap();
    assert!(first.contains("POP (loopbaancheque 2)"), "{first}");
    assert!(
        first.contains("‘Loopbaanvraag’ ontbreekt of is leeg (R06)"),
        "{first}"
    );
    assert!(
        t.contains("de POP van loopbaancheque 2 waarop het steunt"),
        "{t}"
    );
    assert!(t.contains("POP (loopbaancheque 1)"), "{t}");
    assert!(!t.contains("ONTWERP"), "never a draft: {t}");
    let top: Vec<String> = outline(&pdf)
        .into_iter()
        .filter(|(d, _, _)| *d == 0)
        .map(|(_, t, _)| t)
        .collect();
    assert_eq!(top, ["Onvolledig dossier", "POP (loopbaancheque 1)"]);

    // Fixed: the next build makes the print whole again.
    std::fs::write(&pop2, original).unwrap();
    let o = popdoc(site.path(), &["build"]);
    assert!(
        o.status.success() || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    let t = text(&pdf);
    assert!(!t.contains("Onvolledig"), "{t}");
    assert_eq!(pages(&pdf), 3);
}

/// `--all` prints the finished dossiers and skips the running ones; a dossier
/// name that does not exist is refused with a suggestion.
#[test]
fn print_all_skips_running_dossiers_and_an_unknown_name_is_refused() {
    let site = example_site();
    let o = popdoc(site.path(), &["--today", "2026-12-02", "print", "--all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    // One running dossier (sofie-claes); the kennismaking (karim-el-amrani)
    // has nothing to print and is not counted as skipped.
    assert!(err.contains("1 lopend dossier overgeslagen"), "{err}");
    assert!(site.path().join(PRINT).exists());
    assert!(
        !site
            .path()
            .join("public/sofie-claes/dossier-sofie-claes.pdf")
            .exists()
    );
    let o = popdoc(site.path(), &["print", "joelle-dupree"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bedoelde je `joelle-dupre`?"),
        "{}",
        stderr(&o)
    );
}

/// A document of several pages counts its own pages in the print, as it
/// does alone, and the next document starts on a page of its own.
#[test]
fn each_document_of_a_print_counts_its_own_pages() {
    let site = example_site();
    let pop1 = site.path().join("content/joelle-dupre/pop-1.md");
    let mut text_of = std::fs::read_to_string(&pop1).unwrap();
    for i in 0..40 {
        text_of.push_str(&format!(
            "\nAlinea {i}: ik schreef mijn stappen op, week na week, en besprak ze met mijn begeleider.\n"
        ));
    }
    std::fs::write(&pop1, text_of).unwrap();
    let o = popdoc(site.path(), &["print", "joelle-dupre"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let alone = pages(&site.path().join("public/joelle-dupre/pop-1.pdf"));
    assert!(alone >= 2, "the long POP takes {alone} pages");
    let pdf = site.path().join(PRINT);
    assert_eq!(pages(&pdf), alone + 2);
    let t = text(&pdf);
    let last = format!("POP (loopbaancheque 1) · 5 november 2024 pagina {alone} van {alone}");
    assert!(t.contains(&last), "{last:?}: {t}");
    assert!(
        t.contains("POP (loopbaancheque 2) · 4 februari 2025 pagina 1 van 1"),
        "{t}"
    );
    let top: Vec<u64> = outline(&pdf)
        .into_iter()
        .filter(|(d, _, _)| *d == 0)
        .map(|(_, _, p)| p)
        .collect();
    assert_eq!(top, [1, alone as u64 + 1, alone as u64 + 2]);
}
