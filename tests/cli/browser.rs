//! Pages as a person sees them: headless Chromium (Debian's `chromium`) driven
//! by puppeteer-core, with axe-core for accessibility (tests/browser/). `.ci/run`
//! installs chromium and runs `npm ci` there; without them these tests fail
//! with the command to install them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

fn browser_dir() -> PathBuf {
    repo().join("tests/browser")
}

/// Fails with an install hint when the browser tooling is missing.
fn require_browser() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let hint = "install the browser test tools: `apt-get update && apt-get install -y chromium nodejs npm` (as root), then `npm ci --prefix tests/browser` (.ci/run does this)";
    assert!(
        Path::new(&chromium).is_file(),
        "no Chromium at {chromium}: {hint}"
    );
    assert!(
        Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "no node: {hint}"
    );
    assert!(
        browser_dir().join("node_modules/puppeteer-core").is_dir()
            && browser_dir().join("node_modules/axe-core").is_dir(),
        "no puppeteer-core/axe-core in tests/browser/node_modules: {hint}"
    );
}

/// Runs tests/browser/check.mjs with `spec` and returns its JSON report.
pub fn run_browser(spec: &serde_json::Value) -> serde_json::Value {
    require_browser();
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("spec.json");
    std::fs::write(&spec_path, serde_json::to_vec(spec).unwrap()).unwrap();
    let o = Command::new("node")
        .arg(browser_dir().join("check.mjs"))
        .arg(&spec_path)
        .output()
        .expect("run node");
    assert!(
        o.status.success(),
        "check.mjs failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

pub fn file_url(p: &Path) -> String {
    format!("file://{}", p.canonicalize().unwrap().display())
}

/// Every axe violation of a report, as lines "page: rule (impact): nodes".
pub fn violations(report: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for p in report["pages"].as_array().unwrap() {
        for v in p["violations"].as_array().unwrap() {
            out.push(format!(
                "{}: {} ({}): {}",
                p["name"].as_str().unwrap(),
                v["id"].as_str().unwrap(),
                v["impact"].as_str().unwrap_or(""),
                v["nodes"]
            ));
        }
    }
    out
}

#[cfg(all(feature = "watch", feature = "pdf"))]
#[test]
fn live_reload_works_under_the_csp() {
    require_browser();
    let tmp = example_site();
    let mut child = crate::common::popdoc_command()
        .arg("--root")
        .arg(tmp.path())
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    while !line.contains("http://") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0);
    }
    let url = line[line.find("http://").unwrap()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let report = run_browser(&serde_json::json!({
        "reload": {
            "url": format!("{url}an-peeters/index.html"),
            "file": tmp.path().join("content/an-peeters/index.md"),
            "from": "voornaam = \"An\"",
            "to": "voornaam = \"Annelies\"",
            "expect": "Traject van Annelies Peeters",
        }
    }));
    let _ = child.kill();
    let _ = child.wait();
    let r = &report["reload"];
    assert_eq!(r["reloaded"], true, "the page reloaded itself: {report:#}");
    assert_eq!(r["found"], true, "with the edit: {report:#}");
    assert_eq!(
        r["consoleErrors"],
        serde_json::json!([]),
        "no CSP refusal: {report:#}"
    );
}

#[test]
fn centre_pages_pass_axe_and_load_nothing_from_the_network() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["build"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let public = tmp.path().join("public");
    let pages: Vec<serde_json::Value> = crate::html::walk(&public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            serde_json::json!({
                "name": p.strip_prefix(&public).unwrap().display().to_string(),
                "url": file_url(&p),
            })
        })
        .collect();
    assert!(pages.len() >= 9, "{pages:?}");
    let report = run_browser(&serde_json::json!({ "pages": pages }));
    let v = violations(&report);
    assert!(
        v.is_empty(),
        "axe violations on the centre's pages:\n{}",
        v.join("\n")
    );
    for p in report["pages"].as_array().unwrap() {
        assert_eq!(p["offsite"], serde_json::json!([]), "{p:#}");
        assert_eq!(p["consoleErrors"], serde_json::json!([]), "{p:#}");
    }
}
