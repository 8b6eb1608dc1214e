//! Two runs at once, or one typo: no client's data left behind, no bundle
//! lost, no archive emptied. Every run that writes takes the output folder's
//! lock, and every write merges what is on disk with what it made, so each
//! test below holds whatever the order the processes happen to run in.
//! Every wait is bounded.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const TIMEOUT: Duration = Duration::from_secs(60);

/// The files below `dir` (relative, `/`), without popdoc's bookkeeping.
fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.starts_with(".popdoc-"))
        .collect()
}

/// The manifest of an output folder.
fn manifest(dir: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(dir.join(".popdoc-manifest")).unwrap();
    serde_json::from_str::<Vec<String>>(&text)
        .unwrap()
        .into_iter()
        .collect()
}

fn spawn(root: &Path, args: &[&str]) -> Child {
    crate::common::popdoc_command()
        .arg("--root")
        .arg(root)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start popdoc")
}

/// Waits for a child, at most `TIMEOUT`; its exit code.
fn finish(mut c: Child) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(s) = c.try_wait().unwrap() {
            return s.code().expect("an exit code, not a signal");
        }
        if start.elapsed() > TIMEOUT {
            let _ = c.kill();
            panic!("popdoc did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Polls until `pred` holds.
#[cfg(feature = "watch")]
fn until(what: &str, pred: impl Fn() -> bool) {
    let start = Instant::now();
    while !pred() {
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// A site of `n` copies of the valid dossier (`klant-00` ... ).
fn site(n: usize) -> tempfile::TempDir {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let base = tmp.path().join("content/klant");
    for i in 0..n {
        copy_dir(&base, &tmp.path().join(format!("content/klant-{i:02}")));
    }
    tmp
}

/// The output a clean build of the same content makes.
fn clean_build_of(root: &Path) -> BTreeSet<String> {
    let fresh = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("popdoc.toml"), fresh.path().join("popdoc.toml")).unwrap();
    copy_dir(&root.join("content"), &fresh.path().join("content"));
    let code = finish(spawn(fresh.path(), &["build", "--no-pdf"]));
    assert!(code <= 1);
    files(&fresh.path().join("public"))
}

#[test]
fn two_builds_a_new_and_a_delete_leave_what_a_clean_build_makes() {
    let tmp = site(12);
    let root = tmp.path();
    let a = spawn(root, &["build", "--no-pdf"]);
    let b = spawn(root, &["build", "--no-pdf"]);
    let o = popdoc(root, &["new", "Nieuwe Klant"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let c = spawn(root, &["build", "--no-pdf"]);
    for child in [a, b, c] {
        assert!(finish(child) <= 1);
    }
    // Whoever wrote last, every file on disk is in the manifest.
    let public = root.join("public");
    assert_eq!(files(&public), manifest(&public), "the manifest is true");
    // The new client and another are deleted: their files go with the next build.
    std::fs::remove_dir_all(root.join("content/nieuwe-klant")).unwrap();
    std::fs::remove_dir_all(root.join("content/klant-03")).unwrap();
    let d = spawn(root, &["build", "--no-pdf"]);
    let e = spawn(root, &["build", "--no-pdf"]);
    assert!(finish(d) <= 1 && finish(e) <= 1);
    let now = files(&public);
    assert!(
        !now.iter()
            .any(|p| p.starts_with("nieuwe-klant/") || p.starts_with("klant-03/")),
        "a deleted client's files are gone: {now:?}"
    );
    assert_eq!(now, clean_build_of(root));
    assert_eq!(now, manifest(&public));
}

#[test]
fn a_second_writer_waits_or_with_no_wait_stops() {
    let tmp = site(2);
    let root = tmp.path();
    assert!(finish(spawn(root, &["build", "--no-pdf"])) <= 1);
    // Hold the lock as another popdoc would.
    let public = root.join("public");
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(public.join(".popdoc-lock"))
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: an open descriptor for the duration of the call.
        assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) }, 0);
        let o = popdoc(root, &["build", "--no-pdf", "--no-wait"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("een andere popdoc schrijft in deze map"),
            "{}",
            stderr(&o)
        );
        let mut waiting = spawn(root, &["build", "--no-pdf"]);
        // Release the lock once it says it waits (however slow the machine).
        let (tx, rx) = std::sync::mpsc::channel();
        let e = waiting.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut all = String::new();
            for line in std::io::BufRead::lines(std::io::BufReader::new(e)).map_while(Result::ok) {
                if line.contains("wacht") {
                    let _ = tx.send(());
                }
                all.push_str(&line);
                all.push('\n');
            }
            all
        });
        let said = rx.recv_timeout(Duration::from_secs(30)).is_ok();
        drop(lock);
        let code = finish(waiting);
        let err = reader.join().unwrap();
        assert!(said, "it said it waited: {err}");
        assert!(code <= 1, "{err}");
        assert_eq!(
            err.lines().filter(|l| l.contains("popdoc wacht")).count(),
            1,
            "said once: {err}"
        );
    }
}

/// A published copy of the valid dossier next to the original.
fn two_published() -> tempfile::TempDir {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    copy_dir(&root.join("content/klant"), &root.join("content/tweede"));
    for slug in ["klant", "tweede"] {
        let p = root.join(format!("content/{slug}/index.md"));
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains("publiceren = false"));
        let t = t.replace("publiceren = false", "publiceren = true");
        std::fs::write(&p, t).unwrap();
    }
    tmp
}

#[test]
fn two_client_builds_at_once_keep_both_bundles() {
    let tmp = two_published();
    let root = tmp.path();
    let a = spawn(root, &["build", "--no-pdf", "--client", "klant"]);
    let b = spawn(root, &["build", "--no-pdf", "--client", "tweede"]);
    assert_eq!(finish(a), 0);
    assert_eq!(finish(b), 0);
    let klant = root.join("klant");
    for slug in ["klant", "tweede"] {
        assert!(
            klant.join(slug).join("index.html").is_file(),
            "{slug}'s bundle: {:?}",
            files(&klant)
        );
    }
    assert_eq!(files(&klant), manifest(&klant));
}

#[cfg(feature = "watch")]
#[test]
fn watch_started_after_a_client_build_keeps_the_bundle() {
    let tmp = two_published();
    let root = tmp.path();
    assert_eq!(finish(spawn(root, &["build", "--client", "klant"])), 0);
    let bundle = files(&root.join("klant"));
    assert!(bundle.contains("klant/index.html"), "{bundle:?}");
    let mut watch = crate::common::popdoc_command()
        .arg("--root")
        .arg(root)
        .arg("watch")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = watch.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for l in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let start = Instant::now();
    loop {
        let l = rx.recv_timeout(TIMEOUT).expect("watch starts");
        if l.starts_with("popdoc volgt") {
            break;
        }
        assert!(start.elapsed() < TIMEOUT);
    }
    // An edit of the other dossier: watch writes, the bundle stays.
    let p = root.join("content/tweede/index.md");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.replace("voornaam = \"An\"", "voornaam = \"Bea\"")).unwrap();
    until("watch's rebuild", || {
        std::fs::read_to_string(root.join("public/tweede/index.html"))
            .is_ok_and(|h| h.contains("Bea"))
    });
    let _ = watch.kill();
    let _ = watch.wait();
    assert_eq!(files(&root.join("klant")), bundle, "the bundle is whole");
}

#[cfg(all(feature = "watch", feature = "pdf"))]
#[test]
fn a_build_during_watch_leaves_the_manifest_true() {
    let tmp = site(6);
    let root = tmp.path();
    // A dossier with an error: watch writes its held-back PDF as a draft,
    // build does not write it at all.
    let p = root.join("content/klant-01/pop-1.md");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.replace("gefinaliseerd_op = 2025-03-10\n", "")).unwrap();
    let mut watch = crate::common::popdoc_command()
        .arg("--root")
        .arg(root)
        .arg("watch")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let public = root.join("public");
    until("watch's first build", || {
        public.join(".popdoc-manifest").is_file() && public.join("klant-01/pop-1.pdf").is_file()
    });
    assert!(finish(spawn(root, &["build"])) <= 1);
    assert!(
        !public.join("klant-01/pop-1.pdf").exists(),
        "build prunes the draft"
    );
    // Watch writes again (an edit of another dossier).
    let q = root.join("content/klant-02/index.md");
    let t = std::fs::read_to_string(&q).unwrap();
    std::fs::write(&q, t.replace("voornaam = \"An\"", "voornaam = \"Cas\"")).unwrap();
    until("watch's rebuild", || {
        std::fs::read_to_string(public.join("klant-02/index.html")).is_ok_and(|h| h.contains("Cas"))
    });
    let _ = watch.kill();
    let _ = watch.wait();
    assert_eq!(files(&public), manifest(&public), "the manifest is true");
}

#[cfg(feature = "pdf")]
#[test]
fn an_impossible_date_keeps_the_last_good_pdf_marked_stale() {
    let tmp = site(1);
    let root = tmp.path();
    assert_eq!(finish(spawn(root, &["build"])), 0);
    let pdf = root.join("public/klant/pop-1.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let p = root.join("content/klant/pop-1.md");
    let good = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, good.replace("2025-03-10", "2025-02-30")).unwrap();
    let o = popdoc(root, &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("verouderd: klant: pop-1.md kan niet gelezen worden"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        before,
        "the last good PDF stays"
    );
    assert!(root.join("public/klant/pop-1.html").is_file());
    let page = std::fs::read_to_string(root.join("public/klant/index.html")).unwrap();
    assert!(page.contains("Verouderd"), "the page says so");
    assert!(page.contains("doc-verouderd"), "{page}");
    // The other dossier is built as always.
    assert!(root.join("public/klant-00/pop-1.pdf").is_file());
    // Fixed: a clean build replaces them.
    std::fs::write(&p, good).unwrap();
    let o = popdoc(root, &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(root.join("public/klant/index.html")).unwrap();
    assert!(!page.contains("Verouderd"));
}

#[cfg(feature = "pdf")]
#[test]
fn a_training_name_of_307_characters_builds_its_attest() {
    let tmp = copy_site(&fixtures().join("valid/met-attest"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let at = text.find("naam = \"").unwrap() + 8;
    let old: String = text[at..].chars().take_while(|c| *c != '"').collect();
    let long = format!("{old} {}", "met een heel lange toelichting".repeat(10));
    let long: String = long.chars().take(307).collect();
    let long = long.trim_end().to_string();
    assert!(long.len() >= 300, "{}", long.len());
    std::fs::write(&index, text.replacen(&old, &long, 1)).unwrap();
    let p = root.join("content/klant/pop-1.md");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.replace(&old, &long)).unwrap();
    let o = popdoc(root, &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let attests: Vec<String> = files(&root.join("public/klant"))
        .into_iter()
        .filter(|f| f.starts_with("attest-"))
        .collect();
    assert_eq!(attests.len(), 1, "{attests:?}");
    assert!(attests[0].len() <= 110, "{}", attests[0]);
}

#[cfg(unix)]
#[test]
fn new_cheque_2_keeps_the_mode_line_endings_and_link_of_index_md() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    let text = std::fs::read_to_string(&index)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&index, &text).unwrap();
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o600)).unwrap();
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
    let after = std::fs::read(&index).unwrap();
    let mode = std::fs::metadata(&index).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the coach's notes stay private: {mode:o}");
    let lf = after.iter().filter(|b| **b == b'\n').count();
    let crlf = after.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(lf, crlf, "CRLF throughout");
    assert!(String::from_utf8_lossy(&after).contains("nummer = 2"));
    // The new pop-2.md is kept as index.md is: private, CRLF.
    let pop = index.with_file_name("pop-2.md");
    let mode = std::fs::metadata(&pop).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "pop-2.md as private as index.md: {mode:o}");
    let bytes = std::fs::read(&pop).unwrap();
    let lf = bytes.iter().filter(|b| **b == b'\n').count();
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    assert!(lf > 0 && lf == crlf, "pop-2.md in CRLF too");
    assert!(
        stdout(&o).contains("aangevuld:") && stdout(&o).contains("aangemaakt:"),
        "{}",
        stdout(&o)
    );

    // A linked index.md is never read through the link (F01), so `new`
    // refuses with a message, and the link stays a link to the same file.
    let elders = tempfile::tempdir().unwrap();
    let tmp2 = copy_site(&fixtures().join("valid/complete"));
    let root2 = tmp2.path();
    let real = elders.path().join("index.md");
    std::fs::rename(root2.join("content/klant/index.md"), &real).unwrap();
    std::os::unix::fs::symlink(&real, root2.join("content/klant/index.md")).unwrap();
    let before = std::fs::read(&real).unwrap();
    let o = popdoc(
        root2,
        &[
            "new",
            "klant",
            "--cheque",
            "2",
            "--besteld-op",
            "2025-05-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("popdoc check"), "{}", stderr(&o));
    let link = root2.join("content/klant/index.md");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&real).unwrap(), before);

    // A hard-linked one is refused, and nothing is written.
    let tmp3 = copy_site(&fixtures().join("valid/complete"));
    let root3 = tmp3.path();
    let idx = root3.join("content/klant/index.md");
    std::fs::hard_link(&idx, elders.path().join("ander.md")).unwrap();
    let before = std::fs::read(&idx).unwrap();
    let o = popdoc(
        root3,
        &[
            "new",
            "klant",
            "--cheque",
            "2",
            "--besteld-op",
            "2025-05-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("harde koppeling"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&idx).unwrap(), before);
    assert!(!root3.join("content/klant/pop-2.md").exists());
}

#[test]
fn new_makes_a_folder_check_accepts_even_for_a_long_name() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    let name = format!("Jan {}", "Vandenbergh-Van Der Elst ".repeat(10));
    let o = popdoc(root, &["new", name.trim()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (_, diags) = check_json(root);
    assert!(!diags.iter().any(|d| d["rule"] == "F14"), "{diags:#?}");
    let made: Vec<String> = std::fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(made.iter().all(|m| m.len() <= 120), "{made:?}");
}

/// A dossier that cannot be read from its first build on is named as not
/// made, in every run, and never called "verouderd": there is no good
/// version to keep. Once fixed it is built; a later typo then keeps it.
#[test]
fn a_dossier_never_read_is_named_and_not_called_stale() {
    let tmp = site(1);
    let root = tmp.path();
    let p = root.join("content/klant/index.md");
    let good = std::fs::read_to_string(&p).unwrap();
    let broken = good.replacen("voornaam = \"", "voornaam = \"An\nx = \"", 1);
    std::fs::write(&p, &broken).unwrap();
    for run in 0..2 {
        let o = popdoc(root, &["build", "--no-pdf"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains("niet gemaakt: klant: index.md kan niet gelezen worden"),
            "run {run}: {err}"
        );
        assert!(!err.contains("verouderd"), "run {run}: {err}");
    }
    std::fs::write(&p, &good).unwrap();
    let o = popdoc(root, &["build", "--no-pdf"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(&p, &broken).unwrap();
    let o = popdoc(root, &["build", "--no-pdf"]);
    assert!(
        stderr(&o).contains("verouderd: klant: index.md"),
        "{}",
        stderr(&o)
    );
}
