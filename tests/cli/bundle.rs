//! The client's own bundle (`build --client`, `--clients`): what it holds,
//! what it never holds, who may have one, and that a plain build leaves it
//! alone.

use std::path::Path;

use crate::common::*;

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn a_bundle_holds_the_clients_pages_and_nothing_else() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["build", "--client", "lotte-verstraeten"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bundle = tmp.path().join("klant/lotte-verstraeten");
    let mut expected = vec!["index.html", "pop-1.html", "style.css"];
    if cfg!(feature = "pdf") {
        expected.extend(["attest-datavisualisatie.pdf", "pop-1.pdf"]);
    }
    expected.sort();
    assert_eq!(files(&bundle), expected, "the bundle's files");
    let index = read(&bundle.join("index.html"));
    for s in [
        "<h1>Mijn loopbaantraject</h1>",
        "Na de reorganisatie voel ik me een nummer",
        "<time datetime=\"2026-03-23\">23 maart 2026</time>",
        "Moet ik weg of kan ik blijven?",
        "Portfolio met drie analyses opbouwen",
        "gepland",
        "Datavisualisatie",
        "lang=\"nl\"",
        "<meta name=\"robots\" content=\"noindex, nofollow\">",
        "default-src 'none'; style-src 'self'; img-src 'self'",
        "href=\"#inhoud\"",
    ] {
        assert!(index.contains(s), "the overview lacks {s:?}:\n{index}");
    }
    // Relative links only; nothing of the centre, no script, no inline style.
    for page in ["index.html", "pop-1.html"] {
        let html = read(&bundle.join(page));
        for bad in [
            "href=\"/",
            "src=\"/",
            "http://",
            "https://",
            "../",
            "<script",
            " style=\"",
            "R16",
            "minuten",
            "Controles",
            "notities",
            "Checklist",
        ] {
            assert!(!html.contains(bad), "{page} holds {bad:?}");
        }
    }
    // The order of the timeline is by date over all POPs.
    let timeline = &index[index.find("Hoe mijn vraag groeide").unwrap()..];
    let steps: Vec<usize> = ["23 maart 2026", "13 april 2026", "18 mei 2026"]
        .iter()
        .map(|s| timeline.find(s).unwrap())
        .collect();
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "dated order");
}

#[cfg(feature = "pdf")]
#[test]
fn no_private_field_reaches_a_bundle_file() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["build", "--clients"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let klant = tmp.path().join("klant");
    let secrets = [
        // session notes and the coach's notes
        "spanningen met haar teamleider",
        "Reorganisatie in januari",
        "Belde na een reorganisatie",
        "moeilijke periode",
        // other clients
        "An Peeters",
        "Joëlle",
        "Sofie",
        // hours, checks and the centre's bookkeeping
        "minuten",
        "individueel",
        "R17",
        "regelset",
        "vdab-2025t",
        "Checklist POP",
        "LC-104417",
        "0458812",
    ];
    for slug in ["lotte-verstraeten", "jerome-celik"] {
        for f in files(&klant.join(slug)) {
            let p = klant.join(slug).join(&f);
            let text = if f.ends_with(".pdf") {
                let o = std::process::Command::new("pdftotext")
                    .arg(&p)
                    .arg("-")
                    .output()
                    .unwrap();
                String::from_utf8_lossy(&o.stdout).into_owned()
            } else {
                read(&p)
            };
            for s in secrets {
                if slug == "jerome-celik" && s == "Checklist POP" {
                    continue;
                }
                // The POP and the attest name their cheque (the client's own
                // copies are those documents); the pages do not.
                if s == "LC-104417" && f.ends_with(".pdf") {
                    continue;
                }
                assert!(!text.contains(s), "{slug}/{f} holds {s:?}");
            }
        }
    }
    // Jérôme keeps his POP: his bundle has it, the centre's output does not.
    let jerome = read(&klant.join("jerome-celik/pop-1.html"));
    assert!(jerome.contains("magazijnier"), "the client's own POP");
    assert!(!tmp.path().join("public/jerome-celik/pop-1.html").exists());
}

#[test]
fn publishing_is_asked_for_per_dossier() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["build", "--client", "an-peeters"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("publiceren = true") && err.contains("content/an-peeters/index.md"),
        "{err}"
    );
    assert!(
        !tmp.path().join("public").exists() && !tmp.path().join("klant").exists(),
        "nothing written"
    );
    let o = popdoc(tmp.path(), &["build", "--client", "lote-verstraeten"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("lotte-verstraeten"),
        "did you mean: {}",
        stderr(&o)
    );

    // --clients writes exactly the published dossiers.
    let o = popdoc(tmp.path(), &["build", "--clients"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bundles: Vec<String> = std::fs::read_dir(tmp.path().join("klant"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(bundles, ["jerome-celik", "lotte-verstraeten"]);

    // A plain build leaves the bundles alone, even of a dossier no longer published.
    let index = tmp.path().join("content/lotte-verstraeten/index.md");
    std::fs::write(
        &index,
        read(&index).replace("publiceren = true", "publiceren = false"),
    )
    .unwrap();
    assert_eq!(popdoc(tmp.path(), &["build"]).status.code(), Some(0));
    assert!(
        tmp.path()
            .join("klant/lotte-verstraeten/index.html")
            .is_file()
    );
    // --clients removes it (only files popdoc wrote); a coach's own file stays.
    std::fs::write(
        tmp.path().join("klant/lotte-verstraeten/eigen.txt"),
        "van mij",
    )
    .unwrap();
    assert_eq!(
        popdoc(tmp.path(), &["build", "--clients"]).status.code(),
        Some(0)
    );
    let left = files(&tmp.path().join("klant/lotte-verstraeten"));
    assert_eq!(left, ["eigen.txt"]);
    // The client's loose copy of a kept POP is still there.
    if cfg!(feature = "pdf") {
        assert!(tmp.path().join("klant/jerome-celik/pop-1.pdf").is_file());
    }
}

#[cfg(feature = "pdf")]
#[test]
fn a_held_back_pop_is_left_out_or_marked_with_drafts() {
    let tmp = example_site();
    let pop = tmp.path().join("content/lotte-verstraeten/pop-1.md");
    let text = read(&pop);
    let (head, rest) = text
        .split_once("## Keuzes, beslissingen en acties\n")
        .unwrap();
    let after = &rest[rest.find("\n## ").unwrap()..];
    std::fs::write(
        &pop,
        format!("{head}## Keuzes, beslissingen en acties\n\nTODO\n{after}"),
    )
    .unwrap();
    let o = popdoc(tmp.path(), &["build", "--client", "lotte-verstraeten"]);
    assert_eq!(o.status.code(), Some(1), "R08 is an error: {}", stderr(&o));
    let bundle = tmp.path().join("klant/lotte-verstraeten");
    assert!(!bundle.join("pop-1.html").exists() && !bundle.join("pop-1.pdf").exists());
    let o = popdoc(
        tmp.path(),
        &["build", "--client", "lotte-verstraeten", "--drafts"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(read(&bundle.join("pop-1.html")).contains("ONTWERP"));
    assert!(read(&bundle.join("index.html")).contains("ONTWERP"));
}

#[cfg(feature = "pdf")]
#[test]
fn bundle_passes_axe_loads_nothing_from_the_network_and_prints() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["build", "--clients", "--theme", "warm"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let klant = tmp.path().join("klant");
    let mut pages = Vec::new();
    for slug in ["lotte-verstraeten", "jerome-celik"] {
        for f in files(&klant.join(slug)) {
            if f.ends_with(".html") {
                let p = klant.join(slug).join(&f);
                pages.push(serde_json::json!({"name": format!("{slug}/{f}"), "url": crate::browser::file_url(&p)}));
            }
        }
    }
    let shot = tmp.path().join("bundle.png");
    let report = crate::browser::run_browser(&serde_json::json!({
        "pages": pages,
        "screenshots": [{
            "url": crate::browser::file_url(&klant.join("lotte-verstraeten/index.html")),
            "path": shot,
        }],
    }));
    let v = crate::browser::violations(&report);
    assert!(
        v.is_empty(),
        "axe violations in the bundle:\n{}",
        v.join("\n")
    );
    for p in report["pages"].as_array().unwrap() {
        assert_eq!(
            p["offsite"],
            serde_json::json!([]),
            "no request left file://: {p:#}"
        );
        assert_eq!(
            p["consoleErrors"],
            serde_json::json!([]),
            "no CSP refusal: {p:#}"
        );
    }
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a screenshot was taken"
    );
    if let Ok(dest) = std::env::var("POPDOC_SCREENSHOT") {
        std::fs::copy(&shot, dest).unwrap();
    }
}
