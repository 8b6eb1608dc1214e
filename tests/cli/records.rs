//! What a coach records beyond the conversations held: a planned conversation
//! (in the agenda and its calendar file, in no sum), a POP the client will not
//! sign or the day of the signature, a free session, an evaluation per
//! package, what was registered with the funder.

use crate::common::*;

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn rules_of(diags: &[serde_json::Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect()
}

/// A planned verdieping in the middle of a running trajectory.
const PLANNED: &str = "[[gesprekken]]\ndatum = 2025-03-04\nsoort = \"verdieping\"\nminuten = 60\nvorm = \"individueel\"\ncheque = 1\ngepland = true\ntijd = \"09:30\"\n\n[[opdrachten]]\ntitel = \"Waardenkaartjes\"";

#[test]
fn a_planned_conversation_counts_nowhere_and_is_in_the_agenda_and_its_calendar() {
    // A running trajectory: intake and two verdiepingen held, 180 minutes.
    let tmp = copy_site(&fixtures().join("todo/R27-synthese-ontbreekt"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    let (_, before) = check_json_with(root, &["--today", "2025-03-01"]);
    edit(
        &index,
        "[[opdrachten]]\ntitel = \"Waardenkaartjes\"",
        PLANNED,
    );
    let (code, after) = check_json_with(root, &["--today", "2025-03-01"]);
    assert_eq!(code, 0, "{after:#?}");
    // The same findings, with the same minutes in them: it counts for no rule.
    let messages = |d: &[serde_json::Value]| -> Vec<String> {
        d.iter()
            .map(|g| g["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(messages(&after), messages(&before));
    // Not exported.
    let o = popdoc(root, &["--today", "2025-03-01", "export", "registratie"]);
    assert!(!stdout(&o).contains("04/03/2025"), "{}", stdout(&o));
    // In the agenda, at its hour.
    let o = popdoc(
        root,
        &["--today", "2025-03-01", "agenda", "--format", "json"],
    );
    let items: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let planned = items
        .iter()
        .find(|i| i["kind"] == "gesprek")
        .unwrap_or_else(|| panic!("{items:#?}"));
    assert_eq!(planned["date"], "2025-03-04");
    assert_eq!(planned["tijd"], "09:30");
    assert_eq!(planned["state"], "due");
    assert!(
        planned["title"]
            .as_str()
            .unwrap()
            .contains("gepland: verdieping om 09:30")
    );
    // The calendar file, parsed back: an event at 09:30 for 60 minutes.
    let ics = |extra: &[&str]| {
        let mut args = vec!["--today", "2025-03-01", "agenda", "--format", "ics"];
        args.extend(extra);
        let o = popdoc(root, &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = stdout(&o);
        let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        (text.clone(), parser.next().unwrap().unwrap())
    };
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let (text, cal) = ics(&[]);
    let event = cal
        .events
        .iter()
        .find(|e| prop(e, "UID").contains("-gesprek-"))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(prop(event, "DTSTART"), "20250304T093000");
    assert_eq!(prop(event, "DTEND"), "20250304T103000");
    assert_eq!(prop(event, "TRANSP"), "OPAQUE");
    assert!(prop(event, "SUMMARY").starts_with("An Peeters: gepland"));
    // Its id: the dossier and its place among the [[gesprekken]] (the last).
    let nr = std::fs::read_to_string(&index)
        .unwrap()
        .matches("[[gesprekken]]")
        .count();
    assert_eq!(prop(event, "UID"), format!("klant-gesprek-{nr}@popdoc"));
    // With --initialen: no name and no folder name in the file.
    let (text, cal) = ics(&["--initialen"]);
    assert!(
        !text.contains("Peeters") && !text.contains("klant-"),
        "{text}"
    );
    let event = cal
        .events
        .iter()
        .find(|e| prop(e, "UID").contains("-gesprek-"))
        .unwrap();
    assert!(prop(event, "SUMMARY").starts_with("A. P.: gepland"));
    // Without a time: an all-day event.
    edit(&index, "tijd = \"09:30\"\n", "");
    let (_, cal) = ics(&[]);
    let event = cal
        .events
        .iter()
        .find(|e| prop(e, "UID").contains("-gesprek-"))
        .unwrap();
    assert_eq!(prop(event, "DTSTART"), "20250304");
    // Its day passed: a to-do that asks whether it took place.
    let (code, diags) = check_json_with(root, &["--today", "2025-03-05"]);
    assert_eq!(code, 0);
    let r50 = diags.iter().find(|d| d["rule"] == "R50").unwrap();
    assert_eq!(r50["severity"], "todo");
    assert!(
        r50["message"]
            .as_str()
            .unwrap()
            .contains("heeft dit gesprek plaatsgevonden?")
    );
    // Held: without `gepland` it counts, and is exported.
    edit(&index, "gepland = true\n", "");
    let o = popdoc(root, &["--today", "2025-03-05", "export", "registratie"]);
    assert!(stdout(&o).contains("04/03/2025"));
    // Dated after today without `gepland`: a warning.
    let (_, diags) = check_json_with(root, &["--today", "2025-03-01"]);
    assert!(
        rules_of(&diags).contains(&"R49 warning".to_string()),
        "{diags:#?}"
    );
}

#[test]
fn a_pop_the_client_will_not_sign_has_no_reminder_and_says_so() {
    let tmp = copy_site(&fixtures().join("invalid/R05-pop-niet-ondertekend"));
    let root = tmp.path();
    let pop = root.join("content/klant/pop-1.md");
    let agenda = |root: &std::path::Path| {
        let o = popdoc(
            root,
            &[
                "--today",
                "2025-07-01",
                "agenda",
                "--binnen",
                "400",
                "--format",
                "json",
            ],
        );
        String::from_utf8(o.stdout).unwrap()
    };
    assert!(agenda(root).contains("laten ondertekenen"));
    edit(
        &pop,
        "ondertekend = false",
        "zonder_handtekening = \"houdt de POP liever voor zich\"",
    );
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    assert!(!agenda(root).contains("laten ondertekenen"));
    let o = popdoc(root, &["--today", "2025-07-01", "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(root.join("public/klant/index.html")).unwrap();
    assert!(
        page.contains("houdt de POP liever voor zich"),
        "the coach's page"
    );
    let pop_page = std::fs::read_to_string(root.join("public/klant/pop-1.html")).unwrap();
    assert!(pop_page.contains("niet ondertekend door de klant"));
    assert!(
        !pop_page.contains("liever voor zich"),
        "the reason stays private"
    );
    if cfg!(feature = "pdf") {
        let text = pdf_text(&root.join("public/klant/pop-1.pdf"));
        assert!(text.contains("Niet ondertekend door de klant."), "{text}");
        assert!(!text.contains("liever"), "{text}");
    }
    // Contradictions are errors at the key; an empty reason too.
    edit(
        &pop,
        "zonder_handtekening",
        "ondertekend = true\nzonder_handtekening",
    );
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    assert_eq!(code, 1);
    assert_eq!(diags[0]["rule"], "R51");
    assert_eq!(diags[0]["line"], 6, "at zonder_handtekening: {diags:#?}");
    edit(&pop, "ondertekend = true\n", "");
    edit(&pop, "\"houdt de POP liever voor zich\"", "\"  \"");
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    assert_eq!(code, 1);
    assert!(
        diags[0]["message"].as_str().unwrap().contains("geen reden"),
        "{diags:#?}"
    );
}

#[test]
fn the_day_of_the_signature_is_printed_and_checked() {
    let tmp = copy_site(&fixtures().join("valid/vastgelegd"));
    let root = tmp.path();
    let o = popdoc(root, &["--today", "2025-07-01", "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pop_page = std::fs::read_to_string(root.join("public/klant/pop-1.html")).unwrap();
    assert!(pop_page.contains("ondertekend op <time datetime=\"2025-03-12\">12 maart 2025"));
    if cfg!(feature = "pdf") {
        let text = pdf_text(&root.join("public/klant/pop-1.pdf"));
        assert!(
            text.contains("Ondertekend door An Peeters op 12 maart 2025."),
            "{text}"
        );
    }
    // The free group session and the planned nazorg are on the timeline.
    let page = std::fs::read_to_string(root.join("public/klant/index.html")).unwrap();
    assert!(
        page.contains("90 min, in groep, fysiek · gratis, niet aangerekend"),
        "{page}"
    );
    assert!(page.contains("om 14:00"), "{page}");
    assert!(
        page.contains("geregistreerd bij VDAB op 5 februari 2025"),
        "{page}"
    );
    // Signed in the future: a warning.
    let (code, diags) = check_json_with(root, &["--today", "2025-03-11"]);
    let r52: Vec<_> = diags.iter().filter(|d| d["rule"] == "R52").collect();
    assert_eq!(r52.len(), 1, "{diags:#?}");
    assert!(r52[0]["message"].as_str().unwrap().contains("na vandaag"));
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn a_free_session_is_a_kennismaking_or_a_verdieping() {
    let tmp = copy_site(&fixtures().join("valid/vastgelegd"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    // The free group session (a verdieping with cheque = 0) adds no minutes:
    // the export of the charged conversations is the same as without it.
    let o = popdoc(root, &["--today", "2025-07-01", "export", "registratie"]);
    assert!(!stdout(&o).contains("10/02/2025"), "{}", stdout(&o));
    // On a nazorg, a synthese or an intake it is an error with a tip.
    edit(
        &index,
        "kanaal = \"telefonisch\"\n\n[[gesprekken]]\ndatum = 2025-07-15",
        "kanaal = \"telefonisch\"\ncheque = 0\n\n[[gesprekken]]\ndatum = 2025-07-15",
    );
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    assert_eq!(code, 1);
    let r53 = diags.iter().find(|d| d["rule"] == "R53").unwrap();
    assert!(r53["message"].as_str().unwrap().contains("nazorg"));
    assert!(r53["hint"].as_str().unwrap().contains("laat `cheque` weg"));
    assert!(
        !rules_of(&diags).iter().any(|r| r.starts_with("R28")),
        "no nazorg rule on top of it: {diags:#?}"
    );
}

#[test]
fn an_evaluation_per_package() {
    // Two packages, each with its synthese; the older [evaluatie] counts for
    // both.
    let tmp = example_site();
    let root = tmp.path();
    let index = root.join("content/joelle-dupre/index.md");
    let mine = |diags: &[serde_json::Value]| -> Vec<serde_json::Value> {
        diags
            .iter()
            .filter(|d| d["file"] == "content/joelle-dupre/index.md" && d["rule"] == "R31")
            .cloned()
            .collect()
    };
    let (_, diags) = check_json(root);
    assert!(mine(&diags).is_empty(), "{diags:#?}");
    // One invitation, for cheque 1 only (before cheque 2 ended): R31 for
    // cheque 2.
    edit(
        &index,
        "[evaluatie]\nuitgenodigd_op = 2025-02-05",
        "[[evaluaties]]\ncheque = 1\nuitgenodigd_op = 2024-11-10",
    );
    let (_, diags) = check_json(root);
    let r31 = mine(&diags);
    assert_eq!(r31.len(), 1, "{diags:#?}");
    assert!(r31[0]["message"].as_str().unwrap().starts_with("cheque 2:"));
    // A second invitation for cheque 2 keeps the first one's record.
    edit(
        &index,
        "uitgenodigd_op = 2024-11-10",
        "uitgenodigd_op = 2024-11-10\n\n[[evaluaties]]\ncheque = 2\nuitgenodigd_op = 2025-02-05",
    );
    let (_, diags) = check_json(root);
    assert!(mine(&diags).is_empty(), "{diags:#?}");
    let o = popdoc(root, &["build", "--no-pdf"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let page = std::fs::read_to_string(root.join("public/joelle-dupre/index.html")).unwrap();
    // The timeline is in date order, each invitation with its package.
    let first = page
        .find("10 november 2024</time>: <strong>Uitnodiging anonieme evaluatie</strong> · loopbaancheque 1")
        .unwrap_or_else(|| panic!("{page}"));
    let second = page
        .find("5 februari 2025</time>: <strong>Uitnodiging anonieme evaluatie</strong> · loopbaancheque 2")
        .unwrap_or_else(|| panic!("{page}"));
    assert!(first < second);
    // An invitation for a package that does not exist: an error at it.
    edit(
        &index,
        "cheque = 2\nuitgenodigd_op",
        "cheque = 3\nuitgenodigd_op",
    );
    let (code, diags) = check_json(root);
    assert_eq!(code, 1);
    let r54 = diags.iter().find(|d| d["rule"] == "R54").unwrap();
    assert!(r54["message"].as_str().unwrap().contains("cheque 3"));
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A finding about the centre that every dossier with an attest carries (R58
/// on a wrong enterprise number) is said once for the site, and counted once.
#[test]
fn a_wrong_enterprise_number_is_said_once_for_the_site() {
    let site = example_site();
    let toml = site.path().join("popdoc.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("0000.000.097", "0000.000.186")).unwrap();
    let o = popdoc(site.path(), &["check"]);
    let err = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("[R58 ").count(), 1, "{err}");
    let (_, diags) = check_json(site.path());
    assert_eq!(
        diags.iter().filter(|d| d["rule"] == "R58").count(),
        1,
        "{diags:#?}"
    );
}
