//! Tests of the writer: atomic, crash-safe, never through a link.

use super::writer::read_manifest;
use super::*;

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn write_failures_leave_the_old_output_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let old: Vec<Artifact> = (0..6)
        .map(|i| Artifact::new(format!("d{i}/index.html"), format!("oud {i}")))
        .collect();
    write_all(&out, &old).unwrap();
    for (errno, advice) in [
        (28, "schijf is vol"),
        (13, "schrijfrechten"),
        (30, "alleen-lezen"),
    ] {
        let new: Vec<Artifact> = (0..6)
            .map(|i| Artifact::new(format!("d{i}/index.html"), format!("nieuw {i} {errno}")))
            .chain([Artifact::new("extra/x.pdf", "nieuw")])
            .collect();
        fault::fail_after(3, errno);
        let err = write_all(&out, &new).unwrap_err();
        fault::clear();
        assert!(
            matches!(&err, WriteError::Io { source, .. } if source.raw_os_error() == Some(errno))
        );
        assert!(err.advice().unwrap().contains(advice), "{errno}");
        assert!(err.to_string().contains("public/"), "names the file: {err}");
        // Every file is wholly old or wholly new; no temporary file is left.
        for (rel, bytes) in files(&out) {
            let text = String::from_utf8(bytes).unwrap();
            let bookkeeping = is_bookkeeping(&rel);
            assert!(
                bookkeeping || text.starts_with("oud ") || text.starts_with("nieuw "),
                "{rel}: {text}"
            );
            assert!(!rel.contains(TEMP_PREFIX), "{rel}");
            // Manifest and journal name every file on disk.
            assert!(bookkeeping || read_manifest(&out).contains(&rel), "{rel}");
        }
        // The next build succeeds and leaves exactly its own files.
        write_all(&out, &old).unwrap();
        let now: Vec<String> = files(&out)
            .into_iter()
            .map(|f| f.0)
            .filter(|f| !is_bookkeeping(f))
            .collect();
        assert_eq!(now.len(), old.len(), "{now:?}");
        assert!(
            !out.join("extra").exists(),
            "orphans of the failed build pruned"
        );
    }
}

#[cfg(unix)]
#[test]
fn never_writes_or_deletes_through_links_and_files_are_readable() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let elsewhere = tmp.path().join("elders");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("index.html"), "van iemand anders").unwrap();
    std::fs::write(elsewhere.join("pop-1.pdf"), "ook").unwrap();
    let arts = [
        Artifact::new("an/index.html", "a"),
        Artifact::new("an/pop-1.pdf", "b"),
    ];
    write_all(&out, &arts).unwrap();
    let mode = std::fs::metadata(out.join("an/index.html"))
        .unwrap()
        .permissions()
        .mode();
    let umask = {
        // The mode a new file gets here, as cp would give it.
        let probe = tmp.path().join("probe");
        std::fs::write(&probe, "").unwrap();
        std::fs::metadata(&probe).unwrap().permissions().mode()
    };
    assert_eq!(mode & 0o777, umask & 0o666 & 0o777, "{mode:o}");
    // public/an replaced by a link to another folder: no write, no delete there.
    std::fs::remove_dir_all(out.join("an")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("an")).unwrap();
    assert!(matches!(
        write_all(&out, &arts),
        Err(WriteError::Link { .. })
    ));
    write_all(&out, &[]).unwrap();
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("index.html")).unwrap(),
        "van iemand anders"
    );
    assert!(
        elsewhere.join("pop-1.pdf").exists(),
        "nothing deleted through the link"
    );
    // A manifest entry through a linked folder deletes nothing outside.
    std::fs::write(
        out.join(MANIFEST),
        serde_json::to_string(&["an/pop-1.pdf", "an/index.html"]).unwrap(),
    )
    .unwrap();
    write_all(&out, &[]).unwrap();
    assert!(elsewhere.join("pop-1.pdf").exists() && elsewhere.join("index.html").exists());
}

#[test]
fn writes_skips_and_prunes_only_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let s = write_all(
        &out,
        &[Artifact::new("a/x.html", "1"), Artifact::new("b.html", "2")],
    )
    .unwrap();
    assert_eq!(s.written, 2);
    std::fs::write(out.join("mine.txt"), "user file").unwrap();
    let s = write_all(&out, &[Artifact::new("b.html", "2")]).unwrap();
    assert_eq!((s.written, s.unchanged, s.removed), (0, 1, 1));
    assert!(!out.join("a").exists(), "emptied folder removed");
    assert!(
        out.join("mine.txt").exists(),
        "a file popdoc did not write is kept"
    );
    assert!(matches!(
        write_all(&out, &[Artifact::new("../evil", "x")]),
        Err(WriteError::Outside { .. })
    ));
}

#[test]
fn a_stream_that_never_finished_is_tidied_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    write_all(&out, &[Artifact::new("oud.html", "1")]).unwrap();
    // A build that stops after two files (killed, or a broken template).
    let s = Writer::open(&out).unwrap();
    assert!(s.put("a/nieuw.html", b"2").unwrap().is_some());
    assert!(s.put("a/nieuw.html", b"other").unwrap().is_none());
    assert!(s.put("weg.pdf", b"3").unwrap().is_some());
    drop(s);
    assert_eq!(
        std::fs::read_to_string(out.join("a/nieuw.html")).unwrap(),
        "2"
    );
    let listed = manifest_entries(&out);
    for f in ["oud.html", "a/nieuw.html", "weg.pdf"] {
        assert!(listed.contains(f), "{f} is accounted for: {listed:?}");
    }
    // A line cut off by a crash is not a path.
    let mut j = std::fs::OpenOptions::new()
        .append(true)
        .open(out.join(JOURNAL))
        .unwrap();
    j.write_all(b"oud.ht").unwrap();
    assert!(!manifest_entries(&out).contains("oud.ht"));
    // The next build prunes what neither build made any more.
    let s = Writer::open(&out).unwrap();
    s.put("a/nieuw.html", b"2").unwrap();
    let keep: BTreeSet<String> = ["a/nieuw.html".to_string(), "oud.html".to_string()].into();
    let stats = s.finish(&keep).unwrap();
    assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 1, 1));
    assert!(!out.join("weg.pdf").exists() && out.join("oud.html").exists());
    assert!(!out.join(JOURNAL).exists(), "the journal is gone");
    assert_eq!(
        manifest_entries(&out).into_iter().collect::<Vec<_>>(),
        ["a/nieuw.html", "oud.html"]
    );
}

#[test]
fn refuses_foreign_or_source_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/keep.md"), "x").unwrap();
    assert!(check_dir(root, root, false).is_err());
    assert!(check_dir(root, &root.join("content"), true).is_err());
    assert!(check_dir(root, &root.join("docs"), false).is_err());
    assert!(check_dir(root, &root.join("docs"), true).is_ok());
    assert!(check_dir(root, &root.join("public"), false).is_ok());
}

/// The `tempfile` crate wraps an OS error with the temporary file's path;
/// popdoc reads the OS error itself out of it (its code, for the advice).
#[test]
fn a_wrapped_os_error_is_read_back_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let err = tempfile::Builder::new()
        .tempfile_in(dir.path().join("missing"))
        .unwrap_err();
    assert!(err.raw_os_error().is_none(), "tempfile wraps it: {err}");
    let plain = super::plain(err);
    assert_eq!(plain.raw_os_error(), Some(libc::ENOENT));
    assert!(!plain.to_string().contains("at path"), "{plain}");
}
