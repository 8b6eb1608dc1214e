//! One failing fixture per rule: each triggers its rule at the expected file
//! and line; errors make `check` exit 1; warnings show in JSON with exit 0 and
//! make `--deny-warnings` exit 1. Every rule in the table has its fixture.

use std::collections::BTreeSet;

use popdoc::diag::Severity;
use popdoc::diag::rules::RULES;

use crate::common::*;

#[derive(serde::Deserialize)]
struct Expect {
    rule: String,
    file: String,
    line: u64,
    /// `build` for rules only a build can trigger (F13); default `check`.
    command: Option<String>,
    /// A file too large to commit, written by the test.
    generate: Option<Generate>,
    /// The day the fixture is checked on (`--today`): pinned, so that the
    /// states of its packages do not move with the calendar.
    today: String,
}

#[derive(serde::Deserialize)]
struct Generate {
    path: String,
    /// A POP of this many megabytes (F11).
    size_mb: Option<usize>,
    /// A table of this many cells in place of `TABEL-HIER` (F17).
    table_cells: Option<usize>,
}

/// A Markdown table of `cells` cells (four columns).
pub fn table(cells: usize) -> String {
    let mut t = String::from("| a | b | c | d |\n|---|---|---|---|\n");
    for i in 0..cells / 4 {
        t.push_str(&format!("| cel {i} | b | c | d |\n"));
    }
    t
}

/// The diagnostics of `command` on a fixture site (a temporary copy when the
/// fixture asks for a generated file): exit code and JSON diagnostics.
fn run_fixture(
    site: &std::path::Path,
    expect: &Expect,
) -> (i32, Vec<serde_json::Value>, tempfile::TempDir) {
    let tmp = copy_site(site);
    if let Some(g) = &expect.generate {
        let path = tmp.path().join(&g.path);
        let text = match (g.size_mb, g.table_cells) {
            (_, Some(cells)) => {
                std::fs::read_to_string(&path)
                    .unwrap()
                    .replacen("TABEL-HIER\n", &table(cells), 1)
            }
            (Some(mb), None) => {
                let line = "Ik schrijf hier een heel lange tekst die niemand ooit zal lezen.\n";
                format!(
                    "+++\ncheque = 1\ngefinaliseerd_op = 2025-03-10\nsoort = \"reflexief\"\n+++\n{}",
                    line.repeat(mb * 1024 * 1024 / line.len() + 1)
                )
            }
            (None, None) => panic!("[generate] needs size_mb or table_cells"),
        };
        std::fs::write(path, text).unwrap();
    }
    match expect.command.as_deref() {
        Some("build") => {
            let o = popdoc(
                tmp.path(),
                &["--today", &expect.today, "build", "--format", "json"],
            );
            let diags = first_json_array(&stderr(&o));
            (o.status.code().expect("exit code"), diags, tmp)
        }
        _ => {
            let (code, diags) = check_json_with(tmp.path(), &["--today", &expect.today]);
            (code, diags, tmp)
        }
    }
}

#[test]
fn every_rule_has_a_triggering_fixture() {
    let dir = fixtures().join("invalid");
    let have: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for r in RULES {
        let name = format!("{}-{}", r.id, r.name);
        assert!(
            have.contains(&name),
            "rule {} has no fixture tests/fixtures/invalid/{name}",
            r.id
        );
    }
    assert_eq!(
        have.len(),
        RULES.len(),
        "a fixture without a rule: {have:?}"
    );
}

#[test]
fn each_fixture_triggers_its_rule_at_its_place() {
    let mut failures = Vec::new();
    for r in RULES {
        let site = fixtures()
            .join("invalid")
            .join(format!("{}-{}", r.id, r.name));
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(site.join("expect.toml")).unwrap()).unwrap();
        assert_eq!(expect.rule, r.id);
        if expect.command.as_deref() == Some("build") && !cfg!(feature = "pdf") {
            continue; // only a build with PDFs can trigger it
        }
        let (code, diags, tmp) = run_fixture(&site, &expect);
        let hit = diags.iter().find(|d| {
            d["rule"] == r.id && d["file"] == expect.file.as_str() && d["line"] == expect.line
        });
        let Some(hit) = hit else {
            failures.push(format!(
                "{}: expected at {}:{}, got {diags:#?}",
                r.id, expect.file, expect.line
            ));
            continue;
        };
        assert_eq!(hit["name"], r.name);
        assert!(hit["column"].as_u64().unwrap() >= 1);
        assert!(!hit["message"].as_str().unwrap().is_empty());
        assert!(
            hit["hint"].is_string(),
            "{}: every diagnostic says what to do",
            r.id
        );
        match r.severity {
            // A to-do only: it is never an error or a warning.
            Severity::Todo => assert_eq!(hit["severity"], "todo", "{}", r.id),
            Severity::Error => {
                assert_eq!(hit["severity"], "error");
                assert_eq!(code, 1, "{}: errors make check exit 1", r.id);
            }
            Severity::Warning | Severity::Note => {
                let (word, deny_code) = match r.severity {
                    Severity::Warning => ("warning", 1),
                    _ => ("note", 0),
                };
                assert_eq!(hit["severity"], word);
                let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
                assert!(
                    errors.is_empty(),
                    "{}: a {word} fixture has no errors: {errors:#?}",
                    r.id
                );
                assert_eq!(code, 0, "{}: {word}s alone exit 0", r.id);
                // `check --deny-warnings` (rules that only a build reports are
                // not seen by check).
                if expect.command.is_none() {
                    let deny = popdoc(
                        tmp.path(),
                        &["--today", &expect.today, "check", "--deny-warnings"],
                    );
                    assert_eq!(
                        deny.status.code(),
                        Some(deny_code),
                        "{}: --deny-warnings exits {deny_code} for a {word}",
                        r.id
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// For each rule that is a to-do while its package runs, the fixture where
/// it is one: severity "todo", no error, `check` exits 0 (and
/// `--deny-warnings` too, for to-dos). Its error or warning fixture is the one
/// in invalid/ (checked above): both exist for every such rule.
#[test]
fn each_rule_that_waits_while_running_has_a_todo_fixture() {
    use popdoc::diag::rules::WHILE_RUNNING;
    let dir = fixtures().join("todo");
    let have: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut failures = Vec::new();
    for id in WHILE_RUNNING {
        let r = RULES
            .iter()
            .find(|r| r.id == *id)
            .expect("a rule of the table");
        let name = format!("{}-{}", r.id, r.name);
        assert!(
            have.contains(&name),
            "{id} has no tests/fixtures/todo/{name}"
        );
        assert!(
            fixtures().join("invalid").join(&name).is_dir(),
            "{id} has no error or warning fixture"
        );
        let site = dir.join(&name);
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(site.join("expect.toml")).unwrap()).unwrap();
        let (code, diags) = check_json_with(&site, &["--today", &expect.today]);
        let hit = diags.iter().find(|d| {
            d["rule"] == r.id && d["file"] == expect.file.as_str() && d["line"] == expect.line
        });
        match hit {
            None => failures.push(format!(
                "{id}: no to-do at {}:{}: {diags:#?}",
                expect.file, expect.line
            )),
            Some(h) if h["severity"] != "todo" => failures.push(format!("{id}: {h:#}")),
            Some(_) => {}
        }
        let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
        if !errors.is_empty() || code != 0 {
            failures.push(format!(
                "{id}: a running dossier, yet errors (exit {code}): {errors:#?}"
            ));
        }
        let warnings = diags.iter().any(|d| d["severity"] == "warning");
        let deny = popdoc(
            &site,
            &["--today", &expect.today, "check", "--deny-warnings"],
        );
        if deny.status.code() != Some(i32::from(warnings)) {
            failures.push(format!(
                "{id}: --deny-warnings counts to-dos: {}",
                stdout(&deny)
            ));
        }
    }
    assert_eq!(
        have.len(),
        WHILE_RUNNING.len(),
        "a to-do fixture without its rule: {have:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(serde::Deserialize)]
struct StateExpect {
    state: String,
    packages: Vec<String>,
    today: String,
    exit: i32,
    /// Every finding, as "rule severity", in the order `check` gives them.
    findings: Vec<String>,
}

/// One dossier in each state: `check --format json` gives it that state and
/// its packages theirs.
#[test]
fn each_state_has_a_fixture_and_is_reported() {
    let mut seen = BTreeSet::new();
    for e in std::fs::read_dir(fixtures().join("states")).unwrap() {
        let site = e.unwrap().path();
        let name = site.file_name().unwrap().to_string_lossy().into_owned();
        let expect: StateExpect =
            toml::from_str(&std::fs::read_to_string(site.join("expect.toml")).unwrap()).unwrap();
        let (code, report) = check_report(&site, &["--today", &expect.today]);
        let d = &report["dossiers"][0];
        assert_eq!(d["state"], expect.state.as_str(), "{name}: {report:#}");
        let packages: Vec<&str> = d["packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["state"].as_str().unwrap())
            .collect();
        assert_eq!(packages, expect.packages, "{name}");
        assert_eq!(code, expect.exit, "{name}: {report:#}");
        let found: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                format!(
                    "{} {}",
                    g["rule"].as_str().unwrap(),
                    g["severity"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(found, expect.findings, "{name}: {report:#}");
        seen.insert(expect.state);
    }
    for s in [
        "kennismaking",
        "besteld",
        "lopend",
        "afgerond",
        "afgesloten",
        "verlopen",
        "gearchiveerd",
    ] {
        assert!(seen.contains(s), "no fixture in state {s}");
    }
}

#[derive(serde::Deserialize)]
struct KredietExpect {
    today: String,
    exit: i32,
    findings: Vec<String>,
    verdicts: std::collections::BTreeMap<String, String>,
}

/// The loopbaankrediet from 2027 and the cheques at its border: each case
/// names every dossier's verdict and every finding.
#[test]
fn the_krediet_and_the_cheques_around_it() {
    let mut seen = 0;
    for e in std::fs::read_dir(fixtures().join("krediet")).unwrap() {
        let site = e.unwrap().path();
        let name = site.file_name().unwrap().to_string_lossy().into_owned();
        let expect: KredietExpect =
            toml::from_str(&std::fs::read_to_string(site.join("expect.toml")).unwrap()).unwrap();
        let (code, report) = check_report(&site, &["--today", &expect.today]);
        assert_eq!(code, expect.exit, "{name}: {report:#}");
        let found: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                format!(
                    "{} {}",
                    g["rule"].as_str().unwrap(),
                    g["severity"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(found, expect.findings, "{name}: {report:#}");
        for d in report["dossiers"].as_array().unwrap() {
            let slug = d["slug"].as_str().unwrap();
            assert_eq!(
                d["verdict"],
                expect.verdicts[slug].as_str(),
                "{name}/{slug}: {report:#}"
            );
        }
        seen += 1;
    }
    assert_eq!(seen, 7);
    // F07 names both ways out: a site rule set, or the other kind.
    let (_, diags) = check_json_with(
        &fixtures().join("krediet/cheque-2027"),
        &["--today", "2027-07-01"],
    );
    let hint = diags[0]["hint"].as_str().unwrap();
    assert!(
        hint.contains("`rules/`") && hint.contains("pakket = \"loopbaankrediet\""),
        "{hint}"
    );
    let (_, diags) = check_json_with(
        &fixtures().join("krediet/krediet-2026"),
        &["--today", "2027-07-01"],
    );
    let hint = diags[0]["hint"].as_str().unwrap();
    assert!(
        hint.contains("`rules/`") && hint.contains("pakket = \"loopbaancheque\""),
        "{hint}"
    );
    // The krediet's F08 names its guessed values and how to fill them in.
    let (_, diags) = check_json_with(
        &fixtures().join("krediet/krediet-2027"),
        &["--today", "2027-07-01"],
    );
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("pakketten van 360 minuten (pakket_minuten)")
            && msg.contains("een POP verplicht (pop_verplicht)")
            && !msg.contains(" = "),
        "{msg}"
    );
    assert!(
        diags[0]["hint"]
            .as_str()
            .unwrap()
            .contains("rules/loopbaankrediet-2027.toml")
    );
}

#[test]
fn valid_fixtures_and_example_site_pass_every_rule() {
    for site in [
        fixtures().join("valid/complete"),
        fixtures().join("valid/met-attest"),
        fixtures().join("valid/vastgelegd"),
        fixtures().join("valid/zonder-handtekening"),
    ] {
        let (code, diags) = check_json_with(&site, &["--today", "2025-07-01"]);
        assert_eq!(
            (code, diags.len()),
            (0, 0),
            "{}: {diags:#?}",
            site.display()
        );
    }
    let o = popdoc(&repo(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn diagnostics_snapshot_human_and_english() {
    let site = fixtures().join("invalid/R16-pakket-overschreden");
    let human = stdout(&popdoc(&site, &["--today", "2025-07-01", "check"]));
    insta::assert_snapshot!("r16_human_nl", human);
    let en = stdout(&popdoc(
        &site,
        &[
            "--today",
            "2025-07-01",
            "--lang",
            "en",
            "check",
            "--format",
            "short",
        ],
    ));
    insta::assert_snapshot!("r16_short_en", en);
    let unknown = stdout(&popdoc(
        &fixtures().join("invalid/F02-onbekende-sleutel"),
        &["--today", "2025-07-01", "check"],
    ));
    insta::assert_snapshot!("f02_human_nl", unknown);
}

#[test]
fn rules_command_lists_the_table() {
    let o = popdoc(&repo(), &["rules"]);
    let out = stdout(&o);
    for r in RULES {
        assert!(
            out.contains(r.id) && out.contains(r.name),
            "{} missing from `popdoc rules`",
            r.id
        );
    }
}

#[test]
fn rules_sets_lists_dates_packages_and_uncertain_values() {
    let out = stdout(&popdoc(&repo(), &["rules", "--sets"]));
    let t = &out[out.find("vdab-2025t  (").expect("vdab-2025t listed")..];
    assert!(t.contains("2025-11-01 .. 2026-12-31"), "{out}");
    assert!(t.contains("pakket_minuten: [240]"), "{out}");
    assert!(
        t.contains("onzeker: pakket_minuten = [240], min_individueel_minuten = 150"),
        "{out}"
    );
    assert!(out.contains("2020-01-01 .. 2025-10-31"), "{out}");
    // By kind: the krediet's set after the cheques', every value uncertain.
    let k = &out[out
        .find("== loopbaankrediet ==")
        .expect("the krediet's sets")..];
    assert!(k.contains("loopbaankrediet-2027  ("), "{out}");
    assert!(
        k.contains("pakket: loopbaankrediet") && k.contains("2027-01-01 .."),
        "{k}"
    );
    assert!(
        k.contains("pakket_minuten = [360]") && k.contains("pop_verplicht = true"),
        "{k}"
    );
    assert!(!out[..out.find("== loopbaankrediet ==").unwrap()].contains("loopbaankrediet-2027"));
    // A site file replaces the built-in set and is listed as the site's.
    let site = fixtures().join("invalid/F12-regelset-vervangen");
    let out = stdout(&popdoc(&site, &["rules", "--sets"]));
    assert!(out.contains("vdab-2025t  (rules/vdab-2025t.toml)"), "{out}");
    assert!(!out.contains("<ingebouwd>/vdab-2025t"), "{out}");
}

#[test]
fn kennismaking_with_cheque_zero_is_not_charged() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let index = tmp.path().join("content/klant/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let text = text.replacen(
        "kanaal = \"telefonisch\"\n",
        "kanaal = \"telefonisch\"\ncheque = 0\n",
        1,
    );
    std::fs::write(&index, text).unwrap();
    let (code, diags) = check_json_with(tmp.path(), &["--today", "2025-07-01"]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
}
