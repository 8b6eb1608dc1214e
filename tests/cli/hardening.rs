//! Hardening of the output and input folders, tried as a careless user and
//! an attacker would: links below the output folder, overlapping folders,
//! broken settings, odd folder names, a signature that is a link or no image,
//! and control characters in values.

use std::path::Path;
use std::process::Command;

use crate::common::*;

fn site() -> tempfile::TempDir {
    copy_site(&fixtures().join("valid/complete"))
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[cfg(unix)]
#[test]
fn links_below_the_output_folder_are_never_followed() {
    let tmp = site();
    let root = tmp.path();
    assert_eq!(popdoc(root, &["build"]).status.code(), Some(0));
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("index.html"), "niet van popdoc").unwrap();
    std::fs::write(elsewhere.path().join("pop-1.html"), "ook niet").unwrap();
    std::fs::remove_dir_all(root.join("public/klant")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join("public/klant")).unwrap();
    let o = popdoc(root, &["build"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("symbolische koppeling"),
        "{}",
        stderr(&o)
    );
    // The dossier is removed: nothing is deleted through the link.
    std::fs::remove_dir_all(root.join("content/klant")).unwrap();
    let _ = popdoc(root, &["build"]);
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("index.html")).unwrap(),
        "niet van popdoc"
    );
    assert!(elsewhere.path().join("pop-1.html").exists());
}

#[test]
fn broken_or_overlapping_settings_write_nothing() {
    for (what, config_edit) in [
        ("client_dir = public", "client_dir = \"public\"\n"),
        (
            "client_dir inside public",
            "client_dir = \"public/klant\"\n",
        ),
        (
            "output_dir inside client",
            "output_dir = \"klant/centrum\"\n",
        ),
        ("output_dir in content", "output_dir = \"content/uit\"\n"),
        ("output_dir = rules", "output_dir = \"rules\"\n"),
        ("TOML that does not parse", "output_dir = \"public\n"),
        ("a typo in a key", "ouput_dir = \"elders\"\n"),
    ] {
        let tmp = site();
        let cfg = tmp.path().join("popdoc.toml");
        let c = std::fs::read_to_string(&cfg).unwrap();
        std::fs::write(&cfg, format!("{config_edit}{c}")).unwrap();
        let o = popdoc(tmp.path(), &["build"]);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("popdoc.toml:1:"),
            "{what}: located: {}",
            stderr(&o)
        );
        let written: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !["popdoc.toml", "content"].contains(&n.as_str()))
            .collect();
        assert!(
            written.is_empty(),
            "{what}: nothing written, found {written:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn outputs_get_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = site();
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022; exec '{}' --root '{}' build",
            env!("CARGO_BIN_EXE_popdoc"),
            tmp.path().display()
        ))
        .env("SOURCE_DATE_EPOCH", TEST_DAY_EPOCH)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in [
        "public/index.html",
        "public/klant/index.html",
        "public/style.css",
    ] {
        let mode = std::fs::metadata(tmp.path().join(f))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{f}: {mode:o}");
    }
}

#[cfg(unix)]
#[test]
fn dossier_folders_must_be_safe_slugs() {
    let tmp = site();
    let root = tmp.path();
    for bad in [
        "javascript:alert(1)",
        "style.css",
        "index.html",
        "Élise Dubois",
    ] {
        copy_dir(&root.join("content/klant"), &root.join("content").join(bad));
    }
    let (code, diags) = check_json(root);
    assert_eq!(code, 1);
    for bad in [
        "javascript:alert(1)",
        "style.css",
        "index.html",
        "Élise Dubois",
    ] {
        let file = format!("content/{bad}/");
        assert!(
            diags
                .iter()
                .any(|d| d["rule"] == "F14" && d["file"] == file.as_str() && d["line"] == 1),
            "{bad}: {diags:#?}"
        );
    }
    let o = popdoc(root, &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let index = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(
        !index.contains("href=\"javascript:"),
        "no such link on the index"
    );
    let css = std::fs::read_to_string(root.join("public/style.css")).unwrap();
    assert!(
        css.contains("popdoc"),
        "style.css is the stylesheet, not a folder"
    );
    assert!(
        root.join("public/klant/pop-1.html").is_file(),
        "good dossiers are built"
    );
    #[cfg(feature = "pdf")]
    assert!(root.join("public/klant/pop-1.pdf").is_file());
}

#[cfg(unix)]
#[test]
fn signature_must_be_an_image_inside_the_dossier() {
    let tmp = site();
    let root = tmp.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("handtekening.png"),
        outside.path().join("x.png"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("x.png"),
        root.join("content/klant/link.png"),
    )
    .unwrap();
    std::fs::write(root.join("content/klant/kapot.png"), b"geen afbeelding").unwrap();
    let pop = root.join("content/klant/pop-1.md");
    for (name, why) in [
        ("link.png", "buiten de map"),
        ("kapot.png", "geen PNG- of JPEG"),
    ] {
        let text =
            std::fs::read_to_string(fixtures().join("valid/complete/content/klant/pop-1.md"))
                .unwrap();
        std::fs::write(
            &pop,
            text.replacen(
                "ondertekend = true",
                &format!("ondertekend = true\nhandtekening = \"{name}\""),
                1,
            ),
        )
        .unwrap();
        let (code, diags) = check_json(root);
        assert_eq!(code, 1, "{name}");
        let d = diags
            .iter()
            .find(|d| d["rule"] == "F03" && d["file"] == "content/klant/pop-1.md")
            .unwrap_or_else(|| panic!("{name}: {diags:#?}"));
        assert_eq!(d["line"], 6, "{name}: on the key");
        assert!(d["message"].as_str().unwrap().contains(why), "{d}");
        let o = popdoc(root, &["build", "--emit-typst", "--drafts"]);
        assert_eq!(o.status.code(), Some(1), "{name}: no abort: {}", stderr(&o));
        assert!(!root.join("public/klant/link.png").exists());
        assert!(!root.join("public/klant/kapot.png").exists());
    }
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let tmp = site();
    let index = tmp.path().join("content/klant/index.md");
    edit(
        &index,
        "soort = \"verdieping\"",
        "soort = \"\\u001b[2J\\u001b]0;gekaapt\\u0007\"",
    );
    for format in ["human", "short"] {
        let o = popdoc(tmp.path(), &["check", "--format", format]);
        let out = stdout(&o);
        assert!(
            !out.bytes().any(|b| b == 0x1b || b == 0x07),
            "{format}: a control byte reached the terminal: {out:?}"
        );
        assert!(out.contains("\\u{1b}[2J"), "{format}: shown escaped: {out}");
    }
}

/// A dossier file swapped for a named pipe or a link is not read: F01 at the
/// file, every other dossier checked, and popdoc never waits on the pipe
/// (reading it would block for ever).
#[cfg(unix)]
#[test]
fn a_pipe_or_a_link_in_place_of_a_dossier_file_is_refused_without_waiting() {
    use std::time::{Duration, Instant};
    let tmp = site();
    let root = tmp.path();
    copy_dir(&root.join("content/klant"), &root.join("content/tweede"));
    let pop = root.join("content/klant/pop-1.md");
    std::fs::remove_file(&pop).unwrap();
    let made = Command::new("mkfifo").arg(&pop).status().expect("mkfifo");
    assert!(made.success());
    let index = root.join("content/tweede/index.md");
    let kept = root.join("elders.md");
    std::fs::rename(&index, &kept).unwrap();
    std::os::unix::fs::symlink(&kept, &index).unwrap();
    let mut child = popdoc_command()
        .arg("--root")
        .arg(root)
        .arg("check")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("check waits on the pipe");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    let err = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("is geen gewoon bestand").count(), 2, "{err}");
    assert!(err.contains("content/klant/pop-1.md:1:1"), "{err}");
    assert!(err.contains("content/tweede/index.md:1:1"), "{err}");
}
