//! Crash safety: a build killed with SIGKILL at any moment leaves every output
//! file wholly old or wholly new, the manifest and its journal already name
//! every file on disk, and the next build (without `--force`) finishes the job and prunes
//! what is no longer made.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use crate::common::*;

const MANIFEST: &str = ".popdoc-manifest";
const JOURNAL: &str = ".popdoc-journal";

/// Every file below `dir`: relative path -> bytes (the incremental cache is
/// bookkeeping with file times in it, the lock file is empty bookkeeping:
/// left out; the manifest is kept).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file()
            && e.file_name() != ".popdoc-cache"
            && e.file_name() != ".popdoc-lock"
        {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// A site with `n` dossiers; `version` changes every text and which dossiers exist.
fn write_site(root: &Path, n: usize, version: &str) {
    let base = fixtures().join("valid/complete");
    std::fs::copy(base.join("popdoc.toml"), root.join("popdoc.toml")).unwrap();
    let _ = std::fs::remove_dir_all(root.join("content"));
    let index = std::fs::read_to_string(base.join("content/klant/index.md")).unwrap();
    let pop = std::fs::read_to_string(base.join("content/klant/pop-1.md")).unwrap();
    // Version "b" drops every fifth dossier and adds new ones.
    let slugs: Vec<String> = (0..n)
        .filter(|i| version == "a" || i % 5 != 0)
        .map(|i| format!("klant-{i:03}"))
        .chain(
            (version == "b")
                .then(|| (0..n / 5).map(|i| format!("nieuw-{i:03}")))
                .into_iter()
                .flatten(),
        )
        .collect();
    for (i, slug) in slugs.iter().enumerate() {
        let dir = root.join("content").join(slug);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.md"),
            index.replace(
                "voornaam = \"An\"",
                &format!("voornaam = \"An {version}{i}\""),
            ),
        )
        .unwrap();
        std::fs::write(
            dir.join("pop-1.md"),
            pop.replace(
                "mis het contact",
                &format!("mis ({version}{i}) het contact"),
            ),
        )
        .unwrap();
    }
}

fn popdoc_build(root: &Path) -> std::process::Child {
    crate::common::popdoc_command()
        .arg("--root")
        .arg(root)
        .arg("build")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn copy_tree(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    copy_dir(from, to);
}

/// Whether any file below `dir` was modified after `since`.
fn written_since(dir: &Path, since: SystemTime) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| {
            e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| t > since)
        })
}

/// Starts a build and waits until it writes its first file; returns the
/// child (still running, or done) and how long that took.
fn build_until_first_write(site: &Path) -> (std::process::Child, Duration) {
    let since = SystemTime::now();
    std::thread::sleep(Duration::from_millis(5)); // mtimes after `since`
    let start = Instant::now();
    let mut child = popdoc_build(site);
    while !written_since(&site.join("public"), since) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "build hung");
    }
    (child, start.elapsed())
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_old_or_new_files_and_the_next_build_recovers() {
    let n = 30;
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    // Reference outputs of a whole build of version a, then of version b.
    write_site(&site, n, "a");
    assert_eq!(popdoc(&site, &["build"]).status.code(), Some(0));
    let old_public = work.path().join("public-a");
    copy_tree(&site.join("public"), &old_public);
    let old = snapshot(&old_public);
    write_site(&site, n, "b");
    // How long the writing takes: from the first file written to the end.
    let (mut child, _) = build_until_first_write(&site);
    let t = Instant::now();
    assert!(child.wait().unwrap().success());
    let writing = t.elapsed().max(Duration::from_millis(2));
    let new = snapshot(&site.join("public"));
    assert!(old.len() > 3 * n && new.len() > 3 * n);

    // Kills spread over the writing (where a crash can tear files), the
    // first ones also over the rendering before it.
    let trials = 20u32;
    let mut killed_while_writing = 0;
    for trial in 0..trials {
        copy_tree(&old_public, &site.join("public"));
        let (mut child, _) = if trial < 3 {
            let c = popdoc_build(&site);
            std::thread::sleep(Duration::from_millis(20 * u64::from(trial)));
            (c, Duration::ZERO)
        } else {
            build_until_first_write(&site)
        };
        if trial >= 3 {
            std::thread::sleep(writing.mul_f64(0.8 * f64::from(trial - 3) / f64::from(trials - 3)));
        }
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        killed_while_writing += usize::from(!finished && trial >= 3);

        let now = snapshot(&site.join("public"));
        let mut manifest: Vec<String> = now
            .get(MANIFEST)
            .map(|m| serde_json::from_slice(m).expect("the manifest is whole"))
            .expect("a manifest is on disk");
        // Files the manifest does not list yet are in the journal, one whole
        // line each, before they appear.
        if let Some(journal) = now.get(JOURNAL) {
            let journal = String::from_utf8_lossy(journal);
            manifest.extend(journal.split_terminator('\n').map(str::to_string));
        }
        for (path, bytes) in &now {
            if path == MANIFEST || path == JOURNAL || path.contains(".popdoc-tmp-") {
                continue;
            }
            let wholly = old.get(path) == Some(bytes) || new.get(path) == Some(bytes);
            assert!(
                wholly,
                "trial {trial}: {path} is neither the old nor the new file"
            );
            assert!(
                manifest.contains(path),
                "trial {trial}: {path} is on disk but not in the manifest or journal"
            );
        }
        // The next build needs no --force and leaves exactly the new output.
        let o = popdoc(&site, &["build"]);
        assert_eq!(o.status.code(), Some(0), "trial {trial}: {}", stderr(&o));
        let after = snapshot(&site.join("public"));
        let extra: Vec<&String> = after.keys().filter(|k| !new.contains_key(*k)).collect();
        assert!(extra.is_empty(), "trial {trial}: orphans left: {extra:?}");
        assert_eq!(after.len(), new.len(), "trial {trial}");
        for (path, bytes) in &new {
            assert_eq!(after.get(path), Some(bytes), "trial {trial}: {path}");
        }
    }
    assert!(
        killed_while_writing >= 8,
        "most kills should land while files are written ({killed_while_writing} of {trials})"
    );
}
