//! PDFs through embedded Typst, checked through their text (pdftotext), their
//! structure (qpdf --check) and their XMP metadata (pdfinfo -meta).

use std::path::Path;
use std::process::Command;

use crate::common::*;

pub(crate) fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let o = Command::new(name)
        .args(args)
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| {
            panic!("{name} must be installed (.ci/run installs poppler-utils and qpdf): {e}")
        });
    assert!(
        o.status.success(),
        "{name} {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Text of a PDF with soft hyphens removed and whitespace folded.
pub(crate) fn text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let s = String::from_utf8_lossy(&o.stdout).replace('\u{ad}', "");
    // Words hyphenated at a line end come out as "woord-\nvervolg" or with a
    // soft hyphen; fold whitespace so phrases can be searched.
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn squashed(pdf: &Path) -> String {
    text(pdf).replace(' ', "")
}

#[test]
fn example_site_documents() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let public = tmp.path().join("public");

    let pop = text(&public.join("an-peeters/pop-1.pdf"));
    for s in [
        "POP (loopbaancheque 1)",
        "An Peeters",
        "10 maart 2025",
        "Els Janssens",
        "De Sprong vzw",
        "Loopbaanvraag",
        "Reflecties en inzichten",
        "Keuzes, beslissingen en acties",
        "Actieplan",
        "Evolutie",
        "‘zorg voor anderen’",
        "Vacatures bij drie ziekenhuizen opvolgen",
    ] {
        assert!(pop.contains(s), "pop-1.pdf lacks {s:?}:\n{pop}");
    }
    let pop2 = text(&public.join("joelle-dupre/pop-2.pdf"));
    for s in [
        "POP (loopbaancheque 2)",
        "Joëlle Dupré",
        "4 februari 2025",
        "één",
        "financiële",
        "“hoe breng ik mijn planning naar de zorg?”",
    ] {
        assert!(
            pop2.contains(s) || text(&public.join("an-peeters/pop-1.pdf")).contains(s),
            "pop-2.pdf lacks {s:?}:\n{pop2}"
        );
    }
    let attest =
        text(&public.join("joelle-dupre/attest-bachelor-verpleegkunde-verkort-traject.pdf"));
    for s in [
        "Attest opleiding in het kader van het persoonlijk ontwikkelingsplan",
        "Dupré",
        "Joëlle",
        "Bachelor Verpleegkunde (verkort traject)",
        "HOGENT",
        "2025-2026",
        "0000.000.097",
        "Kerkstraat 1, 9000 Gent",
        "16 september 2024",
        "4 februari 2025",
        "Verklaring op eer",
        "Gent",
        "10 februari 2025",
        "Vlaams opleidingsverlof",
        // (pdftotext reads the two label columns first: "Steunt op
        // Chequenummer POP van ... LC-002598")
        "POP van loopbaancheque 2, gefinaliseerd op 4 februari 2025",
        "Chequenummer",
        "LC-002598",
    ] {
        assert!(attest.contains(s), "attest lacks {s:?}:\n{attest}");
    }

    // The client keeps Jérôme's POP: checklist in public/, the POP only in klant/.
    assert!(!public.join("jerome-celik/pop-1.pdf").exists());
    let checklist = text(&public.join("jerome-celik/checklist-pop-1.pdf"));
    for s in [
        "Checklist POP (loopbaancheque 1)",
        "Jérôme Çelik",
        "Pieter De Smet",
        "23 april 2025",
        "houdt de POP zelf bij",
        "Loopbaanvraag ja",
    ] {
        assert!(checklist.contains(s), "checklist lacks {s:?}:\n{checklist}");
    }
    assert!(
        !checklist.contains("magazijnier"),
        "the checklist never reproduces the POP's content"
    );
    let client = text(&tmp.path().join("klant/jerome-celik/pop-1.pdf"));
    assert!(client.contains("magazijnier") && client.contains("Jérôme Çelik"));
    // No other POP has a checklist.
    for slug in ["an-peeters", "joelle-dupre", "sofie-van-damme"] {
        let any = std::fs::read_dir(public.join(slug)).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("checklist")
        });
        assert!(!any, "{slug} keeps its POP and has no checklist");
    }

    // Every PDF: valid structure, PDF/A-2a + PDF/UA-1 declared, no private notes.
    let mut pdfs: Vec<_> = crate::html::walk(&public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.push(tmp.path().join("klant/jerome-celik/pop-1.pdf"));
    assert_eq!(pdfs.len(), 9, "{pdfs:?}");
    for p in &pdfs {
        tool("qpdf", &["--check"], p);
        let meta = tool("pdfinfo", &["-meta"], p);
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part>")
                && meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
            "{}",
            p.display()
        );
        assert!(
            meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{}",
            p.display()
        );
        let t = text(p);
        for secret in [
            "moeilijke periode",
            "overweegt ontslag",
            "privé-informatie",
            "Eerste telefoon",
            "lerares wiskunde",
        ] {
            assert!(!t.contains(secret), "{secret} in {}", p.display());
        }
        assert!(
            !t.contains("ONTWERP"),
            "final documents carry no draft mark"
        );
    }
}

#[test]
fn same_input_gives_same_bytes() {
    let a = copy_site(&fixtures().join("valid/met-attest"));
    let b = copy_site(&fixtures().join("valid/met-attest"));
    assert_eq!(popdoc(a.path(), &["build"]).status.code(), Some(0));
    assert_eq!(popdoc(b.path(), &["build"]).status.code(), Some(0));
    for f in ["klant/pop-1.pdf", "klant/attest-zorgcoordinator.pdf"] {
        let x = std::fs::read(a.path().join("public").join(f)).unwrap();
        let y = std::fs::read(b.path().join("public").join(f)).unwrap();
        assert!(x == y, "{f} differs between two builds");
    }
}

#[test]
fn failing_attest_is_held_back_and_drafts_are_marked() {
    let tmp = copy_site(&fixtures().join("invalid/R32-opleiding-niet-in-pop"));
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let dir = tmp.path().join("public/klant");
    assert!(
        !dir.join("attest-bachelor-rechten.pdf").exists(),
        "no attest while its rules fail"
    );
    assert!(
        dir.join("pop-1.pdf").exists(),
        "the POP itself is not held back by an attest error"
    );
    let o = popdoc(tmp.path(), &["build", "--drafts"]);
    assert_eq!(o.status.code(), Some(1));
    let draft = text(&dir.join("attest-bachelor-rechten.pdf"));
    assert!(draft.contains("ONTWERP: niet definitief"), "{draft}");
    // An hours error on the cheque holds back its POP but not the trajectory page.
    let tmp = copy_site(&fixtures().join("invalid/R16-pakket-overschreden"));
    popdoc(tmp.path(), &["build"]);
    assert!(!tmp.path().join("public/klant/pop-1.pdf").exists());
    assert!(tmp.path().join("public/klant/index.html").exists());
}

#[test]
fn injection_prints_as_text_and_runs_nothing() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let pop = tmp.path().join("content/klant/pop-1.md");
    let evil = [
        r#"#read("/etc/passwd")"#,
        r#"#panic("boem")"#,
        "<script>alert(1)</script>",
        "{{ site.title }}",
        "$x^2$",
        "a // geen commentaar",
        r#"\\#panic("dubbel")"#,
        "#eval(\"1+1\")",
        "] [ = geen kop",
    ];
    let body = evil
        .iter()
        .map(|e| format!("- `{e}` en ook {e}\n"))
        .collect::<String>();
    let text0 = std::fs::read_to_string(&pop)
        .unwrap()
        .replace("## Evolutie", &format!("## Proef\n\n{body}\n## Evolutie"));
    std::fs::write(&pop, text0).unwrap();
    let o = popdoc(tmp.path(), &["build", "--emit-typst"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = tmp.path().join("public/klant/pop-1.pdf");
    let t = squashed(&pdf);
    for e in evil {
        // Markdown itself consumes one backslash of `\\#`; the rest must print.
        let expect = e.replace("\\\\", "\\").replace(' ', "");
        assert!(t.contains(&expect), "{e:?} not printed literally:\n{t}");
    }
    assert!(!t.contains("root:x:0"), "no file was read");
    assert!(!t.contains("panickedwith"), "no code ran");
    // The emitted Typst main file holds no dossier text; the data file holds the POP.
    let main = std::fs::read_to_string(tmp.path().join("public/klant/pop-1.typ")).unwrap();
    assert!(!main.contains("passwd") && !main.contains("An"), "{main}");
    insta::assert_snapshot!("pop_main_typ", main);
    let data = std::fs::read_to_string(tmp.path().join("public/klant/pop-1.data.json")).unwrap();
    assert!(
        data.contains("/etc/passwd")
            && !data.contains("moeilijke periode")
            && !data.contains("notities")
    );
    assert!(tmp.path().join("public/_typst/md.typ").is_file());
}

#[test]
fn broken_site_typst_template_is_a_located_error() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/pop.typ"),
        "#let document(data) = {\n  [ok]\n  undefined-thing\n}\n",
    )
    .unwrap();
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("templates/pop.typ:3:3: Typst: unknown variable"),
        "{err}"
    );
    assert!(
        err.contains("3 |   undefined-thing") && err.contains("^^^^^^^^^^^^^^^"),
        "snippet with caret: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn signature_image_and_pdf_a2b_fallback() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    std::fs::copy(
        fixtures().join("handtekening.png"),
        tmp.path().join("content/klant/handtekening.png"),
    )
    .unwrap();
    let pop = tmp.path().join("content/klant/pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(
        &pop,
        text.replacen(
            "ondertekend = true",
            "ondertekend = true\nhandtekening = \"handtekening.png\"",
            1,
        ),
    )
    .unwrap();
    let o = popdoc(tmp.path(), &["build", "--emit-typst"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        tmp.path().join("public/klant/handtekening.png").is_file(),
        "emitted with the Typst files"
    );
    let pdf = tmp.path().join("public/klant/pop-1.pdf");
    let images = tool("pdfimages", &["-list"], &pdf);
    assert!(
        images.lines().count() > 2,
        "the signature image is in the POP:\n{images}"
    );
    tool("qpdf", &["--check"], &pdf);
    // A signature outside the dossier folder is refused, not read.
    std::fs::write(
        &pop,
        text.replacen(
            "ondertekend = true",
            "ondertekend = true\nhandtekening = \"../../popdoc.toml\"",
            1,
        ),
    )
    .unwrap();
    let (code, diags) = check_json(tmp.path());
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["rule"] == "F03" && d["message"].as_str().unwrap().contains("handtekening")),
        "{diags:#?}"
    );
    // pdf_standard = "a-2b" gives PDF/A-2b without PDF/UA.
    std::fs::write(&pop, &text).unwrap();
    let cfg = tmp.path().join("popdoc.toml");
    let c = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("pdf_standard = \"a-2b\"\n{c}")).unwrap();
    assert_eq!(popdoc(tmp.path(), &["build"]).status.code(), Some(0));
    let meta = tool("pdfinfo", &["-meta"], &pdf);
    assert!(
        meta.contains("<pdfaid:conformance>B</pdfaid:conformance>")
            && !meta.contains("pdfuaid:part"),
        "{meta}"
    );
}

#[test]
fn emitted_checklist_data_holds_no_pop_text() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["build", "--emit-typst"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let data = std::fs::read_to_string(
        tmp.path()
            .join("public/jerome-celik/checklist-pop-1.data.json"),
    )
    .unwrap();
    assert!(
        !data.contains("magazijnier") && !data.contains("De tekst staat hier"),
        "{data}"
    );
    insta::assert_snapshot!("checklist_data_json", data);
    // The client's own POP and its Typst files go to klant/, not public/.
    assert!(
        tmp.path()
            .join("klant/jerome-celik/pop-1.data.json")
            .is_file()
    );
    assert!(
        !tmp.path()
            .join("public/jerome-celik/pop-1.data.json")
            .exists()
    );
}

/// Edits a file of a copied site.
pub(crate) fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn checklist_has_date_lines_and_only_trainings_with_an_attest() {
    let tmp = copy_site(&fixtures().join("valid/met-attest"));
    let index = tmp.path().join("content/klant/index.md");
    edit(&index, "pop_in_dossier = true", "pop_in_dossier = false");
    // A second training named in the POP, without an attest: private to the client.
    edit(
        &index,
        "[privacy]",
        "[[opleidingen]]\nnaam = \"Bachelor Orthopedagogie\"\npop = 1\n\n[privacy]",
    );
    let pop = tmp.path().join("content/klant/pop-1.md");
    edit(
        &pop,
        "ondertekend = true",
        "ondertekend = true\nopleidingen = [\"Bachelor Orthopedagogie\"]",
    );
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = text(&tmp.path().join("public/klant/checklist-pop-1.pdf"));
    assert!(
        t.contains("Zorgcoördinator"),
        "the training with an attest: {t}"
    );
    assert!(
        !t.contains("Orthopedagogie"),
        "a training without attest stays with the client: {t}"
    );
    assert_eq!(
        t.matches("Datum").count(),
        2,
        "a date line beside each signature: {t}"
    );
}

#[test]
fn signature_image_only_on_a_signed_pop_and_signed_pop_says_so() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    std::fs::copy(
        fixtures().join("handtekening.png"),
        tmp.path().join("content/klant/handtekening.png"),
    )
    .unwrap();
    let pop = tmp.path().join("content/klant/pop-1.md");
    let pdf = tmp.path().join("public/klant/pop-1.pdf");
    // Signed, no image: the PDF says it is signed, as the HTML page does.
    assert_eq!(popdoc(tmp.path(), &["build"]).status.code(), Some(0));
    assert!(
        text(&pdf).contains("Ondertekend door An Peeters"),
        "{}",
        text(&pdf)
    );
    let html = std::fs::read_to_string(tmp.path().join("public/klant/pop-1.html")).unwrap();
    assert!(html.contains("Handtekening van de klant: ondertekend"));
    // An image on a POP that is not signed is not shown.
    edit(
        &pop,
        "ondertekend = true",
        "ondertekend = false\nhandtekening = \"handtekening.png\"",
    );
    popdoc(tmp.path(), &["build"]);
    let images = tool("pdfimages", &["-list"], &pdf);
    assert_eq!(
        images.lines().count(),
        2,
        "no image in an unsigned POP:\n{images}"
    );
    assert!(!text(&pdf).contains("Ondertekend door"));
}

#[test]
fn html_comments_are_never_shown_and_empty_sections_say_nee() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let pop = tmp.path().join("content/klant/pop-1.md");
    edit(
        &pop,
        "## Keuzes, beslissingen en acties",
        "<!-- privé: vraag naar de scheiding -->\n\n## Keuzes, beslissingen en acties",
    );
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(tmp.path().join("public/klant/pop-1.html")).unwrap();
    let pdf = text(&tmp.path().join("public/klant/pop-1.pdf"));
    for shown in [&html, &pdf] {
        assert!(
            !shown.contains("scheiding") && !shown.contains("<!--") && !shown.contains("&lt;!--")
        );
    }
    // A kept POP whose reflections are only a comment: the checklist says "nee".
    edit(
        &tmp.path().join("content/klant/index.md"),
        "pop_in_dossier = true",
        "pop_in_dossier = false",
    );
    let text0 = std::fs::read_to_string(&pop).unwrap();
    let (head, rest) = text0.split_once("## Reflecties en inzichten\n").unwrap();
    let after = &rest[rest.find("\n## ").unwrap()..];
    std::fs::write(
        &pop,
        format!("{head}## Reflecties en inzichten\n\n<!-- invullen -->\n{after}"),
    )
    .unwrap();
    let o = popdoc(tmp.path(), &["build", "--drafts"]);
    assert_eq!(o.status.code(), Some(1), "R07 is an error");
    // With -layout the table rows stay on their lines (the draft mark would
    // interleave otherwise).
    let o = Command::new("pdftotext")
        .arg("-layout")
        .arg(tmp.path().join("public/klant/checklist-pop-1.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let t = String::from_utf8_lossy(&o.stdout);
    let row = |name: &str| {
        t.lines()
            .find(|l| l.trim_start().starts_with(name))
            .map(|l| l.split_whitespace().last().unwrap_or("").to_string())
    };
    assert_eq!(
        row("Reflecties en inzichten").as_deref(),
        Some("nee"),
        "{t}"
    );
    assert_eq!(row("Loopbaanvraag").as_deref(), Some("ja"), "{t}");
}

#[test]
fn one_document_that_cannot_be_made_never_stops_the_site() {
    let tmp = copy_site(&fixtures().join("invalid/F13-document-niet-gemaakt"));
    let o = popdoc(tmp.path(), &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/klant/pop-1.md:1:1")
            && err.contains("F13")
            && err.contains("templates/pop.typ:6"),
        "located on the document, naming the template line: {err}"
    );
    let public = tmp.path().join("public");
    assert!(
        public.join("tweede/pop-1.pdf").is_file(),
        "the other POP is written"
    );
    assert!(
        public.join("klant/index.html").is_file(),
        "its own page is written"
    );
    assert!(!public.join("klant/pop-1.pdf").exists());
    let page = std::fs::read_to_string(public.join("klant/index.html")).unwrap();
    assert!(
        page.contains("F13") && page.contains("niet gemaakt"),
        "{page}"
    );
}

#[derive(serde::Deserialize)]
struct MarkdownExpect {
    today: String,
    words: Vec<String>,
}

/// Constructs that once passed `check` but could not be printed (an empty
/// heading, an empty or unclosed code block, a tab in running text): each now
/// passes `check` and reaches the PDF with the words around it.
#[test]
fn what_check_passes_build_prints() {
    let mut failures = Vec::new();
    for e in std::fs::read_dir(fixtures().join("markdown")).unwrap() {
        let site = e.unwrap().path();
        let name = site.file_name().unwrap().to_string_lossy().into_owned();
        let expect: MarkdownExpect =
            toml::from_str(&std::fs::read_to_string(site.join("expect.toml")).unwrap()).unwrap();
        let tmp = copy_site(&site);
        let (code, diags) = check_json_with(tmp.path(), &["--today", &expect.today]);
        assert_eq!((code, diags.len()), (0, 0), "{name}: {diags:#?}");
        let o = popdoc(tmp.path(), &["--today", &expect.today, "build"]);
        let pdf = tmp.path().join("public/klant/pop-1.pdf");
        if o.status.code() != Some(0) || !pdf.is_file() {
            failures.push(format!("{name}: {}", stderr(&o)));
            continue;
        }
        let printed = text(&pdf);
        for w in &expect.words {
            if !printed.contains(w.as_str()) {
                failures.push(format!("{name}: {w:?} not in the PDF: {printed}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where a document still cannot be made, F13 points at the block it fails
/// on, not at the file's first line: here a site's own `md.typ` that cannot
/// show tables.
#[test]
fn a_document_that_cannot_be_made_points_at_its_block() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    let theme = std::fs::read_to_string(repo().join("themes/default/typst/md.typ")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/md.typ"),
        theme.replace(
            "else if t == \"table\" {",
            "else if t == \"table\" { panic(\"geen tabellen\") }\n  else if false {",
        ),
    )
    .unwrap();
    let pop = root.join("content/klant/pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with('|'))
        .expect("the example POP has a table")
        + 1;
    let o = popdoc(
        root,
        &["--today", "2025-07-01", "build", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let diags = first_json_array(&stderr(&o));
    let f13 = diags
        .iter()
        .find(|d| d["rule"] == "F13")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(f13["file"], "content/klant/pop-1.md");
    assert_eq!(f13["line"], line, "{f13:#}");
}

/// Nothing goes out definitief that is not: an attest waits for the POP it
/// rests on, a document without a coach is not made, and an enterprise number
/// that fails its check holds back only the attests.
#[test]
fn an_attest_waits_for_its_pop_and_names_a_real_centre() {
    let today = ["--today", "2025-07-01"];
    let attest = "public/klant/attest-zorgcoordinator.pdf";
    let tmp = copy_site(&fixtures().join("valid/met-attest"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    let edit = |path: &Path, from: &str, to: &str| {
        let t = std::fs::read_to_string(path).unwrap();
        assert!(t.contains(from), "{from}");
        std::fs::write(path, t.replacen(from, to, 1)).unwrap();
    };
    // The number as a coach may write it: printed as the KBO does.
    edit(
        &root.join("popdoc.toml"),
        "ondernemingsnummer = \"0000.000.196\"",
        "ondernemingsnummer = \"BE 0000 000 196\"",
    );
    let o = popdoc(root, &[today[0], today[1], "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(text(&root.join(attest)).contains("0000.000.196"));
    // A cheque rule holds the POP back (too many minutes): the attest waits.
    edit(
        &index,
        "datum = 2025-02-17\nsoort = \"verdieping\"\nminuten = 60",
        "datum = 2025-02-17\nsoort = \"verdieping\"\nminuten = 120",
    );
    let o = popdoc(root, &[today[0], today[1], "build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!root.join(attest).exists(), "the attest is not definitief");
    assert!(!root.join("public/klant/pop-1.pdf").exists());
    let page = std::fs::read_to_string(root.join("public/klant/index.html")).unwrap();
    assert!(
        page.contains("wacht op de POP van loopbaancheque 1"),
        "{page}"
    );
    edit(
        &index,
        "datum = 2025-02-17\nsoort = \"verdieping\"\nminuten = 120",
        "datum = 2025-02-17\nsoort = \"verdieping\"\nminuten = 60",
    );
    // No coach: no document at all.
    edit(&index, "naam = \"Els Janssens\"", "naam = \"\"");
    let (code, diags) = check_json_with(root, &today);
    assert_eq!(code, 1);
    assert!(
        diags.iter().any(|d| d["rule"] == "R57" && d["line"] == 8),
        "{diags:#?}"
    );
    popdoc(root, &[today[0], today[1], "build"]);
    assert!(!root.join(attest).exists() && !root.join("public/klant/pop-1.pdf").exists());
    edit(&index, "naam = \"\"", "naam = \"Els Janssens\"");
    // One wrong digit: the attest waits, the POP is made.
    edit(&root.join("popdoc.toml"), "BE 0000 000 196", "0000.000.186");
    let o = popdoc(root, &[today[0], today[1], "build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("R58"), "{}", stderr(&o));
    assert!(root.join("public/klant/pop-1.pdf").exists());
    assert!(!root.join(attest).exists());
    // init's example number: made, with a warning.
    edit(&root.join("popdoc.toml"), "0000.000.186", "0000.000.097");
    let o = popdoc(root, &[today[0], today[1], "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("R59"), "{}", stderr(&o));
    assert!(root.join(attest).exists());
}

/// The words of a PDF page, without the direction marks pdftotext puts
/// around right-to-left text.
fn page_text(pdf: &Path, page: usize) -> String {
    let o = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&o.stdout)
        .replace('\u{ad}', "")
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pages(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// The client's name as the dossier gives it.
fn client_name(index: &Path) -> String {
    let text = std::fs::read_to_string(index).unwrap();
    let front = text.split("+++").nth(1).unwrap();
    let v: toml::Value = toml::from_str(front).unwrap();
    format!(
        "{} {}",
        v["klant"]["voornaam"].as_str().unwrap(),
        v["klant"]["achternaam"].as_str().unwrap()
    )
}

/// Every page of every PDF of the example site and of the fixtures says
/// whose it is: the client's name in the footer (a POP of three pages among
/// them).
#[test]
fn every_page_of_every_document_names_its_client() {
    let mut sites: Vec<(tempfile::TempDir, Vec<&str>)> =
        vec![(example_site(), vec!["--today", "2026-12-02"])];
    for group in ["valid", "scripts", "markdown"] {
        for e in std::fs::read_dir(fixtures().join(group)).unwrap() {
            sites.push((copy_site(&e.unwrap().path()), vec!["--today", "2025-07-01"]));
        }
    }
    let mut checked = 0;
    let mut longest = 0;
    let mut failures = Vec::new();
    for (tmp, today) in sites {
        let mut args = today.clone();
        args.push("build");
        let o = popdoc(tmp.path(), &args);
        assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
        for pdf in crate::html::walk(&tmp.path().join("public"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        {
            let slug = pdf.parent().unwrap().file_name().unwrap();
            let name = client_name(&tmp.path().join("content").join(slug).join("index.md"));
            let n = pages(&pdf);
            longest = longest.max(n);
            for page in 1..=n {
                let text = page_text(&pdf, page);
                if !text.contains(&name) || !text.contains(&format!("pagina {page} van {n}")) {
                    failures.push(format!("{}: page {page}: {text}", pdf.display()));
                }
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 30, "{checked} PDFs");
    assert!(longest >= 3, "a POP of three pages among them: {longest}");
}

/// Names and POP text in every script a Flemish centre's clients write in
/// reach the PDF as themselves: no F15, the words in the PDF's text.
#[test]
fn every_script_prints_as_itself() {
    let mut failures = Vec::new();
    for e in std::fs::read_dir(fixtures().join("scripts")).unwrap() {
        let site = e.unwrap().path();
        let name = site.file_name().unwrap().to_string_lossy().into_owned();
        let expect: MarkdownExpect =
            toml::from_str(&std::fs::read_to_string(site.join("expect.toml")).unwrap()).unwrap();
        let tmp = copy_site(&site);
        let o = popdoc(tmp.path(), &["--today", &expect.today, "build"]);
        if o.status.code() != Some(0) || stderr(&o).contains("F15") {
            failures.push(format!("{name}: {}", stderr(&o)));
            continue;
        }
        let pdf = tmp.path().join("public/klant/pop-1.pdf");
        let printed = page_text(&pdf, 1);
        for w in &expect.words {
            if !printed.contains(w.trim()) {
                failures.push(format!("{name}: {w:?} not in {printed}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The centre's logo heads every document; a change of it makes every
/// document again; one that cannot be used (a 40000 x 40000 PNG) is a
/// warning and the documents are made without it.
#[test]
fn the_logo_heads_every_document_and_a_bad_one_is_left_out() {
    let tmp = example_site();
    let root = tmp.path();
    let today = ["--today", "2026-12-02"];
    let o = popdoc(root, &[today[0], today[1], "build"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let pdf = root.join("public/jerome-celik/checklist-pop-1.pdf");
    let images = |pdf: &Path| {
        let o = Command::new("pdfimages")
            .arg("-list")
            .arg(pdf)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).lines().skip(2).count()
    };
    assert_eq!(images(&pdf), 2, "the logo (and its transparency mask)");
    let page = page_text(&pdf, 1);
    for s in [
        "De Sprong vzw",
        "09 123 45 67",
        "info@desprong.be",
        "www.desprong.be",
    ] {
        assert!(page.contains(s), "{s}: {page}");
    }
    // Another logo: every PDF is made again.
    let logo = root.join("docs/img/logo-de-sprong.png");
    let mut bytes = std::fs::read(&logo).unwrap();
    bytes.extend_from_slice(b"\0\0\0\0IEND"); // trailing bytes: another file
    std::fs::write(&logo, &bytes).unwrap();
    let o = popdoc(root, &[today[0], today[1], "build", "--verbose"]);
    // (Made again: written, or the same bytes when the image decodes the same.)
    assert!(
        stderr(&o).contains("gemaakt: jerome-celik/checklist-pop-1.pdf")
            || stderr(&o).contains("ongewijzigd: jerome-celik/checklist-pop-1.pdf"),
        "{}",
        stderr(&o)
    );
    // A logo of 40000 x 40000 pixels (its header says so): F16, no logo.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&40000u32.to_be_bytes());
    png.extend_from_slice(&40000u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    std::fs::write(&logo, &png).unwrap();
    let o = popdoc(root, &[today[0], today[1], "build"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    assert!(stderr(&o).contains("F16"), "{}", stderr(&o));
    assert_eq!(images(&pdf), 0, "made without the logo");
}

/// A loopbaankrediet's documents name it: "POP (loopbaankrediet)", no number;
/// its attest rests on its POP like a cheque's; the desk and the export say
/// which kind of package it is.
#[test]
fn a_krediet_is_named_as_one_everywhere() {
    let tmp = copy_site(&fixtures().join("krediet/krediet-2027"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let attest = "[[opleidingen]]\nnaam = \"Zorgcoördinator\"\nverstrekker = \"Syntra\"\nacademiejaar = \"2027-2028\"\nincentives = [\"opleidingscheques\"]\npop = 1\nattest = true\nattest_op = 2027-03-12\nenkel_voor_incentive = false\n\n[privacy]";
    std::fs::write(&index, text.replacen("[privacy]", attest, 1)).unwrap();
    let today = ["--today", "2027-07-01"];
    let o = popdoc(root, &[today[0], today[1], "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pop = page_text(&root.join("public/klant/pop-1.pdf"), 1);
    assert!(
        pop.contains("POP (loopbaankrediet)") && !pop.contains("loopbaancheque"),
        "{pop}"
    );
    let attest = page_text(&root.join("public/klant/attest-zorgcoordinator.pdf"), 1);
    assert!(
        attest.contains("POP van het loopbaankrediet, gefinaliseerd op 10 maart 2027"),
        "{attest}"
    );
    let page = std::fs::read_to_string(root.join("public/klant/index.html")).unwrap();
    assert!(page.contains("Loopbaankrediet <span"), "{page}");
    let desk = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(desk.contains("krediet: 240 / 360 min"), "{desk}");
    let o = popdoc(root, &[today[0], today[1], "export", "registratie"]);
    let csv = stdout(&o);
    assert!(
        csv.lines().skip(1).all(|l| l.ends_with("loopbaankrediet")),
        "{csv}"
    );
}
