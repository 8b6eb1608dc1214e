use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// The day every test runs on unless it says otherwise (`--today`, or its own
/// `SOURCE_DATE_EPOCH`): 2 December 2026, the day the example site shows.
/// States, to-dos and deadlines depend on the day; a test that passes today
/// must pass next year.
pub const TEST_DAY_EPOCH: &str = "1796169600";

/// The popdoc binary, on the test day.
pub fn popdoc_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_popdoc"));
    c.env("SOURCE_DATE_EPOCH", TEST_DAY_EPOCH);
    c
}

/// Runs popdoc with `args` on the site at `root`.
pub fn popdoc(root: &Path, args: &[&str]) -> Output {
    popdoc_command()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run popdoc")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `check --format json`, parsed: the whole report (dossiers with their
/// states, and the diagnostics).
pub fn check_report(root: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = extra.to_vec();
    args.extend(["check", "--format", "json"]);
    let o = popdoc(root, &args);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "json from {}: {e}\n{}\n{}",
            root.display(),
            stdout(&o),
            stderr(&o)
        )
    });
    (o.status.code().expect("exit code, not a signal"), v)
}

/// The diagnostics of `check --format json`.
pub fn check_json(root: &Path) -> (i32, Vec<serde_json::Value>) {
    check_json_with(root, &[])
}

/// The diagnostics of `check --format json` with more flags (`--today`).
pub fn check_json_with(root: &Path, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let (code, v) = check_report(root, extra);
    let diags = v["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics in {v}"))
        .clone();
    (code, diags)
}

/// Copies a folder tree (a fixture site) to a fresh temporary folder.
pub fn copy_site(from: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(from, tmp.path());
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The repository's own example site (popdoc.toml, content/ and the
/// centre's logo) in a temp folder.
pub fn example_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("popdoc.toml"), tmp.path().join("popdoc.toml")).unwrap();
    copy_dir(&repo().join("content"), &tmp.path().join("content"));
    let logo = "docs/img/logo-de-sprong.png";
    std::fs::create_dir_all(tmp.path().join("docs/img")).unwrap();
    std::fs::copy(repo().join(logo), tmp.path().join(logo)).unwrap();
    tmp
}

/// The diagnostics in a text: the `diagnostics` of a `check` report, or the
/// first JSON array (what `build --format json` prints before its summary).
pub fn first_json_array(s: &str) -> Vec<serde_json::Value> {
    if s.trim_start().starts_with('{')
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(s.trim())
        && let Some(d) = v["diagnostics"].as_array()
    {
        return d.clone();
    }
    let start = s.find('[').unwrap_or_else(|| panic!("no JSON in:\n{s}"));
    serde_json::Deserializer::from_str(&s[start..])
        .into_iter::<Vec<serde_json::Value>>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("no JSON array in:\n{s}"))
}
