//! False passes and cascades: each case under tests/fixtures/verdict/ names
//! the diagnostics that must be reported (rule, file, line) and the rules that
//! must not be (one cause, one diagnostic), the exit code of `check` and, where
//! it matters, the verdict a coach reads.

use crate::common::*;

#[derive(serde::Deserialize)]
struct Expect {
    about: String,
    /// The day the case is checked on (`--today`).
    today: String,
    exit: Option<i32>,
    verdict: Option<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    present: Vec<Present>,
}

#[derive(serde::Deserialize)]
struct Present {
    rule: String,
    file: String,
    line: u64,
    hint_contains: Option<String>,
}

#[test]
fn verdict_cases() {
    let mut failures = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir(fixtures().join("verdict"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "{cases:?}");
    for site in cases {
        let name = site.file_name().unwrap().to_string_lossy().into_owned();
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(site.join("expect.toml")).unwrap()).unwrap();
        let (code, diags) = check_json_with(&site, &["--today", &expect.today]);
        let mut fail = |why: String| failures.push(format!("{name} ({}): {why}", expect.about));
        for p in &expect.present {
            let hit = diags.iter().find(|d| {
                d["rule"] == p.rule.as_str() && d["file"] == p.file.as_str() && d["line"] == p.line
            });
            match hit {
                None => fail(format!(
                    "expected {} at {}:{}, got {:#?}",
                    p.rule, p.file, p.line, diags
                )),
                Some(h) => {
                    if let Some(want) = &p.hint_contains
                        && !h["hint"].as_str().unwrap_or("").contains(want.as_str())
                    {
                        fail(format!("{}: hint lacks {want:?}: {}", p.rule, h["hint"]));
                    }
                }
            }
        }
        for rule in &expect.absent {
            if let Some(d) = diags.iter().find(|d| d["rule"] == rule.as_str()) {
                fail(format!("{rule} must not be reported: {d:#}"));
            }
        }
        if let Some(exit) = expect.exit
            && exit != code
        {
            fail(format!("check exited {code}, expected {exit}: {diags:#?}"));
        }
        if let Some(v) = &expect.verdict {
            let out = stdout(&popdoc(&site, &["--today", &expect.today, "check"]));
            let line = out.lines().last().unwrap_or("");
            if !line.contains(&format!("1 {v}")) {
                fail(format!("verdict line {line:?} lacks \"1 {v}\""));
            }
            if v != "in orde" && line.contains("in orde") {
                fail(format!("never \"in orde\": {line:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
