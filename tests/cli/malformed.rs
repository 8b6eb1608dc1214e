//! Bad input never panics: each malformed file gets a located error and the
//! run goes on to report the other problems in the same pass.

use crate::common::*;

const CONFIG: &str = "title = \"x\"\n";

fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("popdoc.toml"), CONFIG).unwrap();
    for (rel, bytes) in files {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    tmp
}

fn good_index() -> String {
    std::fs::read_to_string(fixtures().join("valid/complete/content/klant/index.md")).unwrap()
}

#[test]
fn every_malformed_input_is_located_in_one_pass() {
    let index = good_index();
    let crlf_bom = format!("\u{feff}{}", index.replace('\n', "\r\n"));
    let wrong_type = index.replace("minuten = 60", "minuten = \"zestig\"");
    let bad_date = index.replace("besteld_op = 2025-01-20", "besteld_op = 2025-02-30");
    let quoted_date = index.replace("datum = 2025-02-17", "datum = \"17 februari\"");
    let bad_enum = index.replace("soort = \"verdieping\"", "soort = \"verdiepng\"");
    let mut not_utf8 = b"+++\ncheque = 1\n+++\n## Loopbaanvraag\nIk wil \xff\xfe weten\n".to_vec();
    not_utf8.extend_from_slice(b"\n");
    let tmp = site(&[
        ("content/geen-index/pop-1.md", b"+++\ncheque = 1\n+++\n"),
        ("content/leeg/index.md", b""),
        ("content/open/index.md", b"+++\n[klant]\nvoornaam = \"A\"\n"),
        ("content/geen-fm/index.md", b"# Gewoon Markdown\n"),
        ("content/bom-crlf/index.md", crlf_bom.as_bytes()),
        ("content/types/index.md", wrong_type.as_bytes()),
        ("content/datum/index.md", bad_date.as_bytes()),
        ("content/tekstdatum/index.md", quoted_date.as_bytes()),
        ("content/keuze/index.md", bad_enum.as_bytes()),
        ("content/utf/index.md", index.as_bytes()),
        ("content/utf/pop-1.md", &not_utf8),
        (
            "content/toml/index.md",
            b"+++\n[klant\nvoornaam = \"A\"\n+++\n",
        ),
    ]);
    let (code, diags) = check_json(tmp.path());
    assert_eq!(code, 1);
    let find = |file: &str, rule: &str| {
        diags
            .iter()
            .find(|d| d["file"] == file && d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} for {file} in {diags:#?}"))
    };
    let at = |d: &serde_json::Value| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
    assert_eq!(at(find("content/geen-index/", "F05")), (1, 1));
    assert_eq!(at(find("content/leeg/index.md", "F01")), (1, 1));
    assert_eq!(at(find("content/open/index.md", "F01")), (1, 1));
    assert_eq!(at(find("content/geen-fm/index.md", "F01")), (1, 1));
    let line_of = |text: &str, needle: &str| {
        text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
    };
    assert_eq!(
        at(find("content/types/index.md", "F03")).0,
        line_of(&wrong_type, "\"zestig\"")
    );
    assert_eq!(
        at(find("content/datum/index.md", "F03")).0,
        line_of(&bad_date, "2025-02-30")
    );
    let quoted = find("content/tekstdatum/index.md", "F03");
    assert_eq!(at(quoted).0, line_of(&quoted_date, "\"17 februari\""));
    assert!(
        quoted["hint"]
            .as_str()
            .unwrap()
            .contains("`datum = \"08/10/2024\"`"),
        "{quoted:#}"
    );
    let e = find("content/keuze/index.md", "F03");
    assert_eq!(at(e).0, line_of(&bad_enum, "verdiepng"));
    assert!(
        e["hint"].as_str().unwrap().contains("verdieping"),
        "did you mean"
    );
    assert_eq!(at(find("content/utf/pop-1.md", "F01")).0, 5);
    assert_eq!(at(find("content/toml/index.md", "F01")).0, 2);
    // BOM + CRLF is accepted: no diagnostic for that dossier at all.
    assert!(
        diags
            .iter()
            .all(|d| d["file"] != "content/bom-crlf/index.md"
                || !d["rule"].as_str().unwrap().starts_with('F')),
        "{diags:#?}"
    );
    // Building the same broken site also never panics and writes the good pages.
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(tmp.path().join("public/bom-crlf/index.html").is_file());
    assert!(
        tmp.path().join("public/leeg/index.html").is_file(),
        "a broken dossier still gets its page of problems"
    );
}

#[test]
fn not_a_site_is_an_operational_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = popdoc(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("popdoc init"));
}

#[test]
fn init_and_new_make_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let o = popdoc(tmp.path(), &["init", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("let op"), "{}", stderr(&o));
    // A site made inside a site: made, with a warning that names the outer one.
    let inner = dir.join("content").join("nog-een-site");
    let o = popdoc(&dir, &["init", inner.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("let op:")
            && stderr(&o).contains(&format!("ligt in de site {}", dir.display())),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&inner).unwrap();
    // Only that the centre's data is still init's example.
    let (code, diags) = check_json(&dir);
    assert_eq!(code, 0, "{diags:#?}");
    let rules: Vec<&str> = diags.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["R59"], "{diags:#?}");
    assert_eq!(diags[0]["file"], "popdoc.toml");
    let o = popdoc(&dir, &["new", "Jérôme Çelik"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("content/jerome-celik/index.md").is_file());
    assert!(
        !dir.join("content/jerome-celik/pop-1.md").exists(),
        "a kennismaking has no POP yet"
    );
    let again = popdoc(&dir, &["new", "Jerome Celik", "--besteld-op", "20/11/2026"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "a free folder is picked: {}",
        stderr(&again)
    );
    assert!(
        stdout(&again).contains("content/jerome-celik bestaat al"),
        "{}",
        stdout(&again)
    );
    assert!(dir.join("content/jerome-celik-2/index.md").is_file());
    assert!(dir.join("content/jerome-celik-2/pop-1.md").is_file());
    // What `new` wrote is a running trajectory: to-dos, no error.
    let (code, diags) = check_json_with(&dir, &["--today", "2026-11-25"]);
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty() && code == 0, "{errors:#?}");
    assert_eq!(
        popdoc(&dir, &["init"]).status.code(),
        Some(2),
        "init never overwrites"
    );
}

#[test]
fn output_folder_rules() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    std::fs::create_dir_all(tmp.path().join("public")).unwrap();
    std::fs::write(tmp.path().join("public/eigen.txt"), "van de coach").unwrap();
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "refuses a folder popdoc did not make"
    );
    assert!(stderr(&o).contains("--force"));
    let o = popdoc(tmp.path(), &["build", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A dossier removed from content/ disappears from public/, the coach's own file stays.
    std::fs::remove_dir_all(tmp.path().join("content/klant")).unwrap();
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!tmp.path().join("public/klant").exists());
    assert!(tmp.path().join("public/eigen.txt").is_file());
}

/// Runs popdoc with a watchdog: killed (and the test failed) after 120 s.
fn run_guarded(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    // A fixed day: what the cases mean does not move with the calendar.
    let mut child = crate::common::popdoc_command()
        .arg("--root")
        .arg(root)
        .args(["--today", "2025-07-01"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run popdoc");
    // Drain both pipes while waiting, so a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("popdoc {args:?} hung on {}", root.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    std::process::Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

/// Carries out a case's `setup.toml`: links, unreadable files, FIFOs, big files.
#[cfg(unix)]
fn set_up(root: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    #[derive(serde::Deserialize)]
    struct Setup {
        steps: Vec<String>,
    }
    let Ok(text) = std::fs::read_to_string(root.join("setup.toml")) else {
        return;
    };
    let setup: Setup = toml::from_str(&text).unwrap();
    for step in setup.steps {
        let words: Vec<&str> = step.split_whitespace().collect();
        let path = root.join(words[1]);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        match words[0] {
            "symlink" => std::os::unix::fs::symlink(words[3], &path).unwrap(),
            "chmod000" => {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap()
            }
            "fifo" => {
                let ok = std::process::Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .unwrap();
                assert!(ok.success());
            }
            "big" => {
                let mb: usize = words[2].parse().unwrap();
                let mut text = std::fs::read_to_string(&path).unwrap_or_default();
                text.push_str(&"# opvulling opvulling opvulling opvulling\n".repeat(mb * 25_000));
                std::fs::write(&path, text).unwrap();
            }
            other => panic!("unknown setup step {other}"),
        }
    }
}

/// What a run ended in, for the snapshot: exit code, then each diagnostic's
/// rule and place, or the operational error's first line.
fn outcome(o: &std::process::Output, root: &std::path::Path, json_on_stderr: bool) -> String {
    let code = o.status.code().expect("exit code, not a signal");
    let err = stderr(o);
    assert!(
        !err.contains("panicked at") && !err.contains("RUST_BACKTRACE"),
        "{}: panic:\n{err}",
        root.display()
    );
    assert!((0..=2).contains(&code), "{code}");
    let text = if json_on_stderr {
        err.clone()
    } else {
        stdout(o)
    };
    let site = root.display().to_string();
    if code == 2 {
        let first = err
            .lines()
            .find(|l| l.starts_with("popdoc: "))
            .unwrap_or_else(|| panic!("{site}: exit 2 without a clean error line:\n{err}"));
        let line = first.replace(&site, "<site>");
        // Where it points: the snippet's place, when the error is located.
        let place = err
            .lines()
            .find_map(|l| l.split_once("┌─ ").map(|(_, p)| p.trim().to_string()));
        assert!(
            place.is_some() || line.contains('/') || line.contains(".toml") || line.contains(".md"),
            "an operational error names the path: {err}"
        );
        return format!(
            "2 {}{}",
            line.chars().take(140).collect::<String>(),
            place.map(|p| format!(" @{p}")).unwrap_or_default()
        );
    }
    let diags = if text.contains('[') {
        first_json_array(&text)
    } else {
        vec![]
    };
    let mut parts = Vec::new();
    for d in &diags {
        if d["severity"] == "error" {
            assert!(
                d["file"].is_string() && d["line"].is_u64() && d["column"].is_u64(),
                "{site}: an error without its place: {d}"
            );
        }
        parts.push(format!(
            "{}@{}:{}",
            d["rule"].as_str().unwrap_or("?"),
            d["file"].as_str().unwrap_or("-"),
            d["line"]
        ));
    }
    if code == 1 {
        assert!(
            diags.iter().any(|d| d["severity"] == "error"),
            "{site}: exit 1 without an error diagnostic"
        );
    }
    parts.dedup();
    format!("{code} {}", parts.join(" "))
}

#[cfg(unix)]
#[test]
fn malformed_corpus_never_panics_and_every_case_is_located() {
    let dir = fixtures().join("malformed");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let mut report = String::new();
    for case in &cases {
        let tmp = copy_site(case);
        let root = tmp.path();
        set_up(root);
        let check = run_guarded(root, &["check", "--format", "json"]);
        let build = run_guarded(root, &["build", "--format", "json"]);
        let name = case.file_name().unwrap().to_string_lossy();
        report.push_str(&format!(
            "{name}\n  check {}\n  build {}\n",
            outcome(&check, root, false),
            outcome(&build, root, true)
        ));
        // Leave nothing unreadable behind for the temporary folder's removal.
        let _ = std::process::Command::new("chmod")
            .args(["-R", "u+rwx"])
            .arg(root)
            .status();
    }
    // Without PDFs, Typst says nothing of the corpus's broken Typst templates.
    let name = if cfg!(feature = "pdf") {
        "malformed_corpus"
    } else {
        "malformed_corpus_no_pdf"
    };
    insta::assert_snapshot!(name, report);
}

/// Issue 23: dates and numbers as a Belgian writes them, one diagnostic per
/// mistake (every such line of a file at once), each tip exact, in Dutch and
/// English; a quoted `"08/10/2024"` is a date.
#[test]
fn belgian_dates_and_numbers_get_one_message_each_with_the_ways_to_write_them() {
    let index = good_index();
    let unquoted = index
        .replace("besteld_op = 2025-01-20", "besteld_op = 20/01/2025")
        .replace("datum = 2025-02-17", "datum = 17/02/2025")
        .replace("gegeven_op = 2025-02-03", "gegeven_op = 3.2.2025");
    // A comma is a syntax error for TOML (the scan reports it, and the file
    // is not read further); a point is a float, read and then refused.
    let comma = index.replace("minuten = 30", "minuten = 67,5");
    let hours = index.replace("minuten = 20", "minuten = 1.5");
    let impossible = index.replace("besteld_op = 2025-01-20", "besteld_op = 2024-10-32");
    let quoted = index
        .replace("besteld_op = 2025-01-20", "besteld_op = \"20/01/2025\"")
        .replace("datum = 2025-02-17", "datum = \"17/2/2025\"");
    let misspelled = index.replace("gefinaliseerd_op", "x");
    let tmp = site(&[
        ("content/ongequote/index.md", unquoted.as_bytes()),
        ("content/getallen/index.md", comma.as_bytes()),
        ("content/uren/index.md", hours.as_bytes()),
        ("content/onmogelijk/index.md", impossible.as_bytes()),
        ("content/gequote/index.md", quoted.as_bytes()),
        (
            "content/gequote/pop-1.md",
            &std::fs::read(fixtures().join("valid/complete/content/klant/pop-1.md")).unwrap(),
        ),
        ("content/getypt/index.md", misspelled.as_bytes()),
        (
            "content/getypt/pop-1.md",
            std::fs::read_to_string(fixtures().join("valid/complete/content/klant/pop-1.md"))
                .unwrap()
                .replace("gefinaliseerd_op", "gefinaliseert_op")
                .as_bytes(),
        ),
    ]);
    let (_, diags) = check_json_with(tmp.path(), &["--today", "2025-07-01"]);
    // The format's findings of a file (a rule that follows from a value
    // read as absent, like R01 for a file not read, is another matter).
    let of = |file: &str| -> Vec<&serde_json::Value> {
        diags
            .iter()
            .filter(|d| d["file"] == file && d["rule"].as_str().unwrap().starts_with('F'))
            .collect()
    };
    let text = |d: &serde_json::Value| {
        format!(
            "{} {}: {} | tip: {}",
            d["rule"].as_str().unwrap(),
            d["line"],
            d["message"].as_str().unwrap(),
            d["hint"].as_str().unwrap_or("")
        )
    };
    // Three Belgian dates in one file: three diagnostics at once, each at its line.
    let u = of("content/ongequote/index.md");
    assert_eq!(u.len(), 3, "{u:#?}");
    assert!(u.iter().all(|d| d["rule"] == "F03"));
    assert_eq!(
        u[0]["hint"],
        "bedoel je 2025-01-20? schrijf `besteld_op = 2025-01-20` of `besteld_op = \"20/01/2025\"`"
    );
    assert!(
        u[2]["message"]
            .as_str()
            .unwrap()
            .contains("`gegeven_op = 3.2.2025` is geen datum")
    );
    // 67,5 and 1.5 minutes: both readings named, nothing corrected.
    let n = of("content/getallen/index.md");
    assert_eq!(n.len(), 1, "{n:#?}");
    assert_eq!(
        n[0]["hint"],
        "minuten zijn een geheel getal: bedoel je 67 of 68 minuten? schrijf bv. `minuten = 68`"
    );
    let h = of("content/uren/index.md");
    assert_eq!(h.len(), 1, "{h:#?}");
    assert_eq!(
        h[0]["hint"],
        "bedoel je 90 minuten (anderhalf uur)? schrijf `minuten = 90`"
    );
    // An impossible date: popdoc's words, not the parser's.
    let i = of("content/onmogelijk/index.md");
    assert_eq!(i.len(), 1, "{i:#?}");
    assert_eq!(i[0]["message"], "deze datum bestaat niet");
    // Quoted Belgian dates are dates: no diagnostic of the format at all.
    assert!(
        of("content/gequote/index.md")
            .iter()
            .all(|d| !d["rule"].as_str().unwrap().starts_with('F')),
        "{:#?}",
        of("content/gequote/index.md")
    );
    // A misspelled key: one F02 with its suggestion, no R03 for the "missing" key.
    let t = of("content/getypt/pop-1.md");
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0]["rule"], "F02");
    assert!(t[0]["hint"].as_str().unwrap().contains("gefinaliseerd_op"));
    assert!(!diags.iter().any(|d| d["rule"] == "R03"), "{diags:#?}");
    // The same, as a coach reads them, in both languages.
    let mut all: Vec<String> = [
        "ongequote/index.md",
        "getallen/index.md",
        "uren/index.md",
        "onmogelijk/index.md",
        "getypt/pop-1.md",
    ]
    .iter()
    .flat_map(|f| {
        of(&format!("content/{f}"))
            .into_iter()
            .map(move |d| format!("{f} {}", text(d)))
    })
    .collect();
    let (_, en) = check_json_with(tmp.path(), &["--today", "2025-07-01", "--lang", "en"]);
    all.push("--- en".into());
    for d in en
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with('F'))
        .filter(|d| {
            ["ongequote", "getallen", "uren", "onmogelijk", "getypt"]
                .iter()
                .any(|f| d["file"].as_str().unwrap().contains(f))
        })
    {
        all.push(format!("{} {}", d["file"].as_str().unwrap(), text(d)));
    }
    insta::assert_snapshot!("belgian_values_nl_en", all.join("\n"));
}

/// Issue 23: a POP the client keeps, with only a note in its body, is judged
/// by the coach's ticks: the note is allowed, no tip to add the POP's text.
#[test]
fn a_kept_pop_with_a_note_is_judged_by_its_ticks() {
    let index = good_index().replace("pop_in_dossier = true", "pop_in_dossier = false");
    let pop = "+++\ncheque = 1\ngefinaliseerd_op = 2025-03-10\nsoort = \"reflexief\"\nondertekend_op = 2025-03-10\naanwezig = [\"loopbaanvraag\", \"reflecties\", \"keuzes\"]\n+++\nPOP meegegeven aan de klant op 12/05/2025.\n";
    let tmp = site(&[
        ("content/klant/index.md", index.as_bytes()),
        ("content/klant/pop-1.md", pop.as_bytes()),
    ]);
    let (_, diags) = check_json_with(tmp.path(), &["--today", "2025-07-01"]);
    for rule in ["R06", "R07", "R08"] {
        assert!(
            !diags.iter().any(|d| d["rule"] == rule),
            "{rule}: {diags:#?}"
        );
    }
}

/// Issue 23 (review): an impossible day in quotes says it does not exist; a
/// day with dots or dashes gets the day it reads as; `minuten = 60 60` says
/// one number belongs there; a finalisation date popdoc cannot read is its
/// one message, not the to-dos of a running package; a kept POP with the
/// POP's headings in its text is told to remove the text.
#[test]
fn each_unreadable_value_gets_the_message_that_fits_it() {
    let index = good_index();
    let quoted = index
        .replace("besteld_op = 2025-01-20", "besteld_op = \"31/02/2025\"")
        .replace("datum = 2025-02-17", "datum = \"17-06-2025\"");
    let bare = index
        .replace("datum = 2025-02-17", "datum = 17.06.2025")
        .replace("minuten = 30", "minuten = 60 60");
    let pop =
        std::fs::read_to_string(fixtures().join("valid/complete/content/klant/pop-1.md")).unwrap();
    let unread = pop
        .lines()
        .map(|l| {
            if l.starts_with("gefinaliseerd_op") {
                "gefinaliseerd_op = \"16/06/25\""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let kept_index = index.replace("pop_in_dossier = true", "pop_in_dossier = false");
    let kept_pop = "+++\ncheque = 1\ngefinaliseerd_op = 2025-03-10\nsoort = \"reflexief\"\nondertekend_op = 2025-03-10\naanwezig = [\"loopbaanvraag\", \"reflecties\"]\n+++\n## Loopbaanvraag\n\nMeegegeven.\n";
    let tmp = site(&[
        ("content/gequote/index.md", quoted.as_bytes()),
        ("content/kaal/index.md", bare.as_bytes()),
        ("content/klaar/index.md", index.as_bytes()),
        ("content/klaar/pop-1.md", pop.as_bytes()),
        ("content/onleesbaar/index.md", index.as_bytes()),
        ("content/onleesbaar/pop-1.md", unread.as_bytes()),
        ("content/bewaard/index.md", kept_index.as_bytes()),
        ("content/bewaard/pop-1.md", kept_pop.as_bytes()),
    ]);
    let (_, diags) = check_json_with(tmp.path(), &["--today", "2025-07-01"]);
    let of = |file: &str| -> Vec<(String, String, String)> {
        diags
            .iter()
            .filter(|d| d["file"] == format!("content/{file}"))
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                    d["hint"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let format_only = |v: Vec<(String, String, String)>| -> Vec<(String, String, String)> {
        v.into_iter().filter(|d| d.0.starts_with('F')).collect()
    };
    let q = format_only(of("gequote/index.md"));
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(
        q[0].1,
        "`besteld_op = \"31/02/2025\"`: deze datum bestaat niet"
    );
    assert!(
        q[1].2.starts_with(
            "bedoel je 2025-06-17? schrijf `datum = 2025-06-17` of `datum = \"17/06/2025\"`"
        ),
        "{q:#?}"
    );
    let b = format_only(of("kaal/index.md"));
    assert_eq!(b.len(), 2, "{b:#?}");
    // In file order: the first conversation's minutes, then the third's date.
    assert_eq!(b[0].1, "`minuten = 60 60`: hier hoort één getal");
    assert!(
        b[0].2.starts_with("schrijf één getal, bv. `minuten = 60`"),
        "{b:#?}"
    );
    assert!(b[1].2.starts_with("bedoel je 2025-06-17?"), "{b:#?}");
    // The same dossier with a readable date has what the unreadable one may
    // have beyond its F03: nothing.
    let rules = |slug: &str| -> Vec<String> {
        let mut r: Vec<String> = diags
            .iter()
            .filter(|d| {
                d["file"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("content/{slug}/"))
            })
            .map(|d| {
                format!(
                    "{} {}",
                    d["rule"].as_str().unwrap(),
                    d["severity"].as_str().unwrap()
                )
            })
            .collect();
        r.sort();
        r
    };
    let mut expected = rules("klaar");
    expected.push("F03 error".into());
    expected.sort();
    assert_eq!(rules("onleesbaar"), expected, "{diags:#?}");
    let k = of("bewaard/pop-1.md");
    assert!(k.iter().any(|d| d.0 == "R07"), "{diags:#?}");
    for (rule, _, hint) in &k {
        if ["R06", "R07", "R08"].contains(&rule.as_str()) {
            assert!(hint.contains("haal de POP-tekst uit dit bestand"), "{k:#?}");
        }
    }
}

/// Issue 23 (review): a Belgian date does not hide the rest of its file. The
/// scan reports it and the parser reads the file with that value blanked, so
/// a misspelled key two lines down is reported in the same run, once.
#[test]
fn a_belgian_date_and_a_misspelled_key_in_one_file_are_both_reported() {
    let index = good_index()
        .replace("besteld_op = 2025-01-20", "besteld_op = 20/01/2025")
        .replace("opleidingsniveau =", "opleidingsnivo =");
    let tmp = site(&[("content/klant/index.md", index.as_bytes())]);
    let (_, diags) = check_json_with(tmp.path(), &["--today", "2025-07-01"]);
    let f: Vec<String> = diags
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with('F'))
        .map(|d| {
            format!(
                "{} {}",
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        f.iter()
            .any(|m| m.starts_with("F03 `besteld_op = 20/01/2025`")),
        "{f:#?}"
    );
    assert_eq!(
        f.iter().filter(|m| m.contains("opleidingsnivo")).count(),
        1,
        "{f:#?}"
    );
    // The blanked value is not read as the number 0 or reported again.
    assert_eq!(
        f.iter().filter(|m| m.contains("besteld_op")).count(),
        1,
        "{f:#?}"
    );
}
