use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// Runs popdoc with `args` on the site at `root`.
pub fn popdoc(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_popdoc"))
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

/// `check --format json`, parsed.
pub fn check_json(root: &Path) -> (i32, Vec<serde_json::Value>) {
    let o = popdoc(root, &["check", "--format", "json"]);
    let v: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "json from {}: {e}\n{}\n{}",
            root.display(),
            stdout(&o),
            stderr(&o)
        )
    });
    (o.status.code().expect("exit code, not a signal"), v)
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

/// The repository's own example site (popdoc.toml + content/) in a temp folder.
pub fn example_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("popdoc.toml"), tmp.path().join("popdoc.toml")).unwrap();
    copy_dir(&repo().join("content"), &tmp.path().join("content"));
    tmp
}

/// The first JSON array in a text (diagnostics printed before a summary line).
pub fn first_json_array(s: &str) -> Vec<serde_json::Value> {
    let start = s.find('[').unwrap_or_else(|| panic!("no JSON in:\n{s}"));
    serde_json::Deserializer::from_str(&s[start..])
        .into_iter::<Vec<serde_json::Value>>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("no JSON array in:\n{s}"))
}
