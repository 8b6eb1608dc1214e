//! The life of a trajectory as a coach meets it: a running dossier has
//! to-dos, not errors; a real mistake is an error at every stage and comes
//! first; an archived dossier leaves the desk but keeps its documents; what
//! depends on the day follows `--today`.

use crate::common::*;

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_running_dossier_has_to_dos_and_finalising_its_pop_makes_them_errors() {
    let tmp = copy_site(&fixtures().join("todo/R07-pop-reflecties-ontbreken"));
    let root = tmp.path();
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.iter().all(|d| d["severity"] != "error"), "{diags:#?}");
    assert!(
        diags
            .iter()
            .any(|d| d["rule"] == "R07" && d["severity"] == "todo")
    );
    let o = popdoc(root, &["--today", "2025-07-01", "check"]);
    assert!(stdout(&o).contains("1 lopend"), "{}", stdout(&o));
    assert!(stdout(&o).contains("te doen"), "{}", stdout(&o));
    // build's status line counts the POP that waits and the to-dos apart.
    let o = popdoc(root, &["--today", "2025-07-01", "build"]);
    let line = stderr(&o).lines().last().unwrap().to_owned();
    assert!(
        line.contains("0 documenten tegengehouden, 1 wacht (lopend)")
            && line.contains("0 fouten, 0 waarschuwingen, 2 te doen"),
        "{line}"
    );
    // Finalised: the POP is judged as it is, and its empty section is an error.
    edit(
        &root.join("content/klant/pop-1.md"),
        "cheque = 1\n",
        "cheque = 1\ngefinaliseerd_op = 2025-03-10\n",
    );
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["rule"] == "R07" && d["severity"] == "error"),
        "{diags:#?}"
    );
}

#[test]
fn a_real_mistake_is_an_error_while_running_and_comes_first() {
    let tmp = copy_site(&fixtures().join("todo/R03-pop-datum-ontbreekt"));
    let root = tmp.path();
    edit(
        &root.join("content/klant/index.md"),
        "kanaal = \"telefonisch\"\nnotities = \"Eerste",
        "kanaal = \"telefonisch\"\ncheque = 1\nnotities = \"Eerste",
    );
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    assert_eq!(code, 1);
    assert_eq!(diags[0]["rule"], "R15", "{diags:#?}");
    assert_eq!(diags[0]["severity"], "error");
    let first_todo = diags.iter().position(|d| d["severity"] == "todo").unwrap();
    assert!(
        diags[first_todo..].iter().all(|d| d["severity"] == "todo"),
        "the to-dos after every problem: {diags:#?}"
    );
}

#[test]
fn a_prospect_has_no_error() {
    let site = fixtures().join("states/kennismaking");
    let (code, diags) = check_json_with(&site, &["--today", "2025-07-01"]);
    assert_eq!(code, 0);
    assert!(
        diags.is_empty(),
        "nothing to do until a cheque is ordered: {diags:#?}"
    );
    let o = popdoc(&site, &["--today", "2025-07-01", "--lang", "en", "check"]);
    assert!(
        stdout(&o).contains("1 dossier: 1 first contact"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_individual_minimum_is_an_error_once_it_cannot_be_reached() {
    // 210 of 240 min charged, 90 individual: 60 short, 30 left.
    let tmp = copy_site(&fixtures().join("todo/R03-pop-datum-ontbreekt"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    edit(
        &index,
        "datum = 2025-02-17\nsoort = \"verdieping\"\nminuten = 60\nvorm = \"individueel\"",
        "datum = 2025-02-17\nsoort = \"verdieping\"\nminuten = 60\nvorm = \"groep\"",
    );
    edit(
        &index,
        "datum = 2025-02-28\nsoort = \"verdieping\"\nminuten = 60\nvorm = \"individueel\"",
        "datum = 2025-02-28\nsoort = \"verdieping\"\nminuten = 60\nvorm = \"groep\"",
    );
    edit(
        &index,
        "datum = 2025-03-10\nsoort = \"synthese\"\nminuten = 60",
        "datum = 2025-03-10\nsoort = \"synthese\"\nminuten = 30",
    );
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    let r18 = diags.iter().find(|d| d["rule"] == "R18").expect("R18");
    assert_eq!(r18["severity"], "error", "{r18:#}");
    assert!(
        r18["message"]
            .as_str()
            .unwrap()
            .contains("haalt het de 150 niet meer"),
        "it says why: {r18:#}"
    );
    assert_eq!(code, 1);
    // What remains is said once: no R17 to-do beside the R18 one.
    let tmp = copy_site(&fixtures().join("todo/R18-te-weinig-individueel"));
    let (_, diags) = check_json_with(tmp.path(), &["--today", "2025-07-01"]);
    let hours: Vec<_> = diags
        .iter()
        .filter(|d| d["rule"] == "R17" || d["rule"] == "R18")
        .collect();
    assert_eq!(hours.len(), 1, "{diags:#?}");
    assert!(
        hours[0]["message"]
            .as_str()
            .unwrap()
            .contains("individueel")
    );
}

#[test]
fn charged_conversations_without_an_intake_are_an_error_while_running() {
    let tmp = copy_site(&fixtures().join("todo/R03-pop-datum-ontbreekt"));
    let root = tmp.path();
    edit(
        &root.join("content/klant/index.md"),
        "soort = \"intake\"",
        "soort = \"verdieping\"",
    );
    let (code, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    let r24 = diags
        .iter()
        .find(|d| d["rule"] == "R24" && d["message"] == "er is geen intakegesprek")
        .expect("R24");
    assert_eq!(r24["severity"], "error", "{diags:#?}");
    assert_eq!(code, 1);
}

#[test]
fn a_cheque_that_expired_unused_is_said_once_and_is_no_error() {
    // `new` with an order date long past: cheque 1 and an empty POP.
    let tmp = copy_site(&fixtures().join("states/kennismaking"));
    let root = tmp.path();
    let o = popdoc(
        root,
        &[
            "new",
            "Piet Verhoeven",
            "--besteld-op",
            "2025-01-06",
            "--begeleider",
            "Els Janssens",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (code, report) = check_report(root, &["--today", "2025-07-01"]);
    let d = report["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["slug"] == "piet-verhoeven")
        .unwrap()
        .clone();
    assert_eq!(d["state"], "verlopen", "{report:#}");
    assert_eq!(code, 0, "{report:#}");
    let mine: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["file"].as_str().unwrap().contains("piet-verhoeven"))
        .collect();
    assert_eq!(mine.len(), 1, "{mine:#?}");
    assert_eq!(mine[0]["rule"], "R17");
    assert!(
        mine[0]["message"]
            .as_str()
            .unwrap()
            .contains("verlopen zonder gebruik")
    );
}

#[test]
fn a_closing_day_still_to_come_does_not_close_the_package_yet() {
    let tmp = copy_site(&fixtures().join("states/lopend"));
    let root = tmp.path();
    edit(
        &root.join("content/klant/index.md"),
        "chequenummer = \"LC-000123\"",
        "chequenummer = \"LC-000123\"\nafgesloten_op = 2025-08-01",
    );
    let (_, report) = check_report(root, &["--today", "2025-07-01"]);
    assert_eq!(report["dossiers"][0]["packages"][0]["state"], "lopend");
    let (_, report) = check_report(root, &["--today", "2025-08-01"]);
    assert_eq!(report["dossiers"][0]["packages"][0]["state"], "afgesloten");
}

#[cfg(feature = "pdf")]
#[test]
fn a_pop_without_finalisation_date_is_never_printed_definitief() {
    // Closed early without synthese: its POP rules are warnings, but a POP
    // with no finalisation date is not a document to print.
    let tmp = copy_site(&fixtures().join("states/lopend"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    edit(
        &index,
        "chequenummer = \"LC-000123\"",
        "chequenummer = \"LC-000123\"\nafgesloten_op = 2025-06-01",
    );
    edit(&index, "soort = \"synthese\"", "soort = \"verdieping\"");
    let (_, diags) = check_json_with(root, &["--today", "2025-07-01"]);
    let r03 = diags.iter().find(|d| d["rule"] == "R03").unwrap();
    assert_eq!(r03["severity"], "warning", "{diags:#?}");
    let o = popdoc(root, &["--today", "2025-07-01", "build"]);
    assert!(!root.join("public/klant/pop-1.pdf").exists());
    assert!(
        stderr(&o).contains("1 document tegengehouden"),
        "{}",
        stderr(&o)
    );
}

#[cfg(feature = "pdf")]
#[test]
fn an_archived_dossier_leaves_the_desk_and_keeps_its_documents() {
    let tmp = copy_site(&fixtures().join("states/gearchiveerd"));
    let root = tmp.path();
    let config = root.join("popdoc.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("retention_years = 5\n{text}")).unwrap();
    let o = popdoc(root, &["--today", "2025-07-01", "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(root.join("public/klant/pop-1.pdf").is_file());
    let index = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(index.contains("id=\"groep-archief\""), "the archive list");
    // Off the desk: no deadline but its retention.
    let o = popdoc(
        root,
        &[
            "--today",
            "2025-07-01",
            "agenda",
            "--format",
            "json",
            "--binnen",
            "10000",
        ],
    );
    let items: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        !items.is_empty() && items.iter().all(|i| i["kind"] == "bewaartermijn"),
        "{items:#?}"
    );
    // Still in the registration export.
    let o = popdoc(
        root,
        &[
            "--today",
            "2025-07-01",
            "export",
            "registratie",
            "--format",
            "json",
        ],
    );
    assert!(stdout(&o).contains("klant"), "{}", stdout(&o));
}

#[test]
fn retention_counts_from_the_last_conversation_held() {
    let tmp = copy_site(&fixtures().join("invalid/R42-bewaartermijn-verstreken"));
    let root = tmp.path();
    // A conversation still to come does not move the end of retention.
    edit(
        &root.join("content/klant/index.md"),
        "[[opdrachten]]",
        "[[gesprekken]]\ndatum = 2027-01-10\nsoort = \"nazorg\"\nminuten = 10\nvorm = \"individueel\"\n\n[[opdrachten]]",
    );
    let (_, diags) = check_json_with(root, &["--today", "2026-07-01"]);
    let r42 = diags.iter().find(|d| d["rule"] == "R42").expect("R42");
    assert!(
        r42["message"].as_str().unwrap().contains("2025-06-02"),
        "{r42:#}"
    );
}

#[test]
fn a_gone_dossier_is_said_with_the_outputs_removed() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    copy_dir(&root.join("content/klant"), &root.join("content/weg"));
    assert!(
        popdoc(root, &["--today", "2025-07-01", "build", "--no-pdf"])
            .status
            .success()
    );
    std::fs::remove_dir_all(root.join("content/weg")).unwrap();
    let o = popdoc(root, &["--today", "2025-07-01", "build", "--no-pdf"]);
    let err = stderr(&o);
    assert!(
        err.contains("verwijderd: weg (het dossier bestaat niet meer): index.html, pop-1.html"),
        "{err}"
    );
}

#[test]
fn states_move_with_the_day_and_the_cache_follows() {
    let tmp = copy_site(&fixtures().join("states/besteld"));
    let root = tmp.path();
    let page = root.join("public/klant/index.html");
    assert!(
        popdoc(root, &["--today", "2025-07-01", "build"])
            .status
            .code()
            .is_some_and(|c| c <= 1)
    );
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("state-besteld")
    );
    let o = popdoc(root, &["--today", "2025-10-01", "build", "--verbose"]);
    assert!(
        stderr(&o).contains("gemaakt: klant/index.html"),
        "{}",
        stderr(&o)
    );
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("state-verlopen")
    );
}

#[test]
fn new_takes_the_order_date_the_coach_and_the_name_as_given() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    let config = root.join("popdoc.toml");
    edit(
        &config,
        "adres = ",
        "begeleiders = [\"Pieter De Smet\", \"Els Janssens\"]\nadres = ",
    );
    let o = popdoc(
        root,
        &[
            "new",
            "Ann Sophie Vandenberghe",
            "--besteld-op",
            "16/09/2026",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("voornaam = \"Ann Sophie\", achternaam = \"Vandenberghe\""),
        "{}",
        stdout(&o)
    );
    let index =
        std::fs::read_to_string(root.join("content/ann-sophie-vandenberghe/index.md")).unwrap();
    assert!(index.contains("besteld_op = 2026-09-16"), "{index}");
    assert!(
        index.contains("naam = \"Pieter De Smet\""),
        "the first coach: {index}"
    );
    let pop =
        std::fs::read_to_string(root.join("content/ann-sophie-vandenberghe/pop-1.md")).unwrap();
    assert!(pop.contains("# gefinaliseerd_op = jjjj-mm-dd"), "{pop}");
    let o = crate::common::popdoc_command()
        .args(["--root"])
        .arg(root)
        .args(["new", "Jan Van der Elst", "--voornaam", "Johannes"])
        .env("POPDOC_BEGELEIDER", "Els Janssens")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read_to_string(root.join("content/jan-van-der-elst/index.md")).unwrap();
    assert!(
        index.contains("voornaam = \"Johannes\"")
            && index.contains("achternaam = \"Van der Elst\"")
    );
    assert!(index.contains("naam = \"Els Janssens\""));
    // A running trajectory: nothing invented, nothing wrong, only to-dos.
    let (code, diags) = check_json_with(root, &["--today", "2026-09-20"]);
    let mine: Vec<_> = diags
        .iter()
        .filter(|d| {
            d["file"]
                .as_str()
                .is_some_and(|f| f.contains("ann-sophie") || f.contains("jan-van"))
        })
        .collect();
    assert!(
        mine.iter()
            .all(|d| d["severity"] == "todo" || d["severity"] == "warning"),
        "{mine:#?}"
    );
    assert!(
        mine.iter()
            .any(|d| d["rule"] == "R24" && d["severity"] == "todo"),
        "{mine:#?}"
    );
    assert_eq!(code, 0, "{mine:#?}");
}

#[test]
fn new_cheque_2_writes_what_to_fill_in() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    let o = popdoc(
        root,
        &[
            "new",
            "klant",
            "--cheque",
            "2",
            "--besteld-op",
            "2025-05-01",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read_to_string(root.join("content/klant/index.md")).unwrap();
    assert!(index.contains("# chequenummer = \"\""), "{index}");
    let pop = std::fs::read_to_string(root.join("content/klant/pop-2.md")).unwrap();
    assert!(
        pop.contains("cheque = 2") && pop.contains("cheque 2 (besteld op 2025-05-01)"),
        "{pop}"
    );
}

#[test]
fn new_records_a_krediet() {
    let tmp = copy_site(&fixtures().join("states/kennismaking"));
    let root = tmp.path();
    let o = popdoc(
        root,
        &[
            "new",
            "Mira Janssens",
            "--krediet",
            "--besteld-op",
            "12/01/2027",
            "--begeleider",
            "Els Janssens",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read_to_string(root.join("content/mira-janssens/index.md")).unwrap();
    assert!(index.contains("pakket = \"loopbaankrediet\""), "{index}");
    let pop = std::fs::read_to_string(root.join("content/mira-janssens/pop-1.md")).unwrap();
    assert!(
        pop.contains("na de synthese van het loopbaankrediet"),
        "{pop}"
    );
    let (code, report) = check_report(root, &["--today", "2027-01-20"]);
    assert_eq!(code, 0, "{report:#}");
    let d = report["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["slug"] == "mira-janssens")
        .unwrap()
        .clone();
    assert_eq!(d["packages"][0]["state"], "besteld", "{report:#}");
    // Its to-dos name it as a krediet, not a cheque.
    let todo: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["file"].as_str().unwrap().contains("mira") && g["severity"] == "todo")
        .filter_map(|g| g["message"].as_str())
        .collect();
    assert!(
        !todo.is_empty() && !todo.iter().any(|m| m.contains("cheque")),
        "{todo:#?}"
    );
    // More minutes than the guessed package: a warning that names the krediet.
    let idx = root.join("content/mira-janssens/index.md");
    let text = std::fs::read_to_string(&idx).unwrap();
    std::fs::write(
        &idx,
        text.replacen(
            "[privacy]",
            "[[gesprekken]]\ndatum = 2027-01-19\nsoort = \"intake\"\nminuten = 400\nvorm = \"individueel\"\ncheque = 1\n\n[privacy]",
            1,
        ),
    )
    .unwrap();
    let (_, diags) = check_json_with(root, &["--today", "2027-01-20"]);
    let r16 = diags.iter().find(|d| d["rule"] == "R16").expect("R16");
    assert_eq!(
        r16["severity"], "warning",
        "a guessed package size never holds back: {r16:#}"
    );
    assert!(
        r16["message"]
            .as_str()
            .unwrap()
            .starts_with("het loopbaankrediet:"),
        "{r16:#}"
    );
}
