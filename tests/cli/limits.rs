//! One bad document never stops the site: POPs with absurd nesting or size,
//! each in its own dossier next to good ones. The good ones are written, the
//! deep ones are flattened with a located warning, and nothing panics or
//! hangs (a watchdog kills the build after 120 s; no test asserts a speed).

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

/// Runs `popdoc build` on `root`, killed after `limit`.
fn build_with_watchdog(root: &Path, limit: Duration) -> (i32, String) {
    let mut child = crate::common::popdoc_command()
        .arg("--root")
        .arg(root)
        .args(["build", "--format", "json"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run popdoc");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            let code = status
                .code()
                .unwrap_or_else(|| panic!("killed by a signal: {err}"));
            return (code, err);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("popdoc build hung for more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn add_dossier(root: &Path, slug: &str, extra_section: &str) {
    let base = fixtures().join("valid/complete/content/klant");
    let dir = root.join("content").join(slug);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(base.join("index.md"), dir.join("index.md")).unwrap();
    let pop = std::fs::read_to_string(base.join("pop-1.md")).unwrap();
    let pop = pop.replace(
        "## Evolutie",
        &format!("## Ideeën\n\n{extra_section}\n\n## Evolutie"),
    );
    std::fs::write(dir.join("pop-1.md"), pop).unwrap();
}

/// A PNG header of `w` x `h` pixels: what popdoc reads of an image before it
/// decides (a file of that many pixels would be megabytes; nothing of that
/// size is committed or written).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&w.to_be_bytes());
    png.extend_from_slice(&h.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

/// A signature of 40000 x 40000 pixels (which once aborted the whole build,
/// 4.8 GB on the way) is refused at its line before anything is rendered;
/// the other dossiers build.
#[test]
fn a_huge_image_is_refused_at_its_line() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    add_dossier(root, "zz-goed", "Gewone tekst.");
    let pop = root.join("content/klant/pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(
        &pop,
        text.replacen(
            "ondertekend = true",
            "ondertekend = true\nhandtekening = \"groot.png\"",
            1,
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("content/klant/groot.png"),
        png_header(40_000, 40_000),
    )
    .unwrap();
    let (code, diags) = check_json(root);
    assert_eq!(code, 1);
    let f03 = diags
        .iter()
        .find(|d| d["rule"] == "F03" && d["file"] == "content/klant/pop-1.md")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(f03["line"], 6, "{f03:#}");
    assert!(f03["message"].as_str().unwrap().contains("40000 x 40000"));
    assert!(
        f03["hint"]
            .as_str()
            .unwrap()
            .contains("verklein of snij bij")
    );
    let (code, err) = build_with_watchdog(root, Duration::from_secs(120));
    assert_eq!(code, 1, "{err}");
    assert!(
        root.join("public/zz-goed/pop-1.pdf").is_file(),
        "the others build"
    );
    assert!(!root.join("public/klant/pop-1.pdf").exists());
}

/// A panic inside Typst for one document (made to happen here with a
/// debug-build switch) is F13 for that document: the process does not
/// abort, and the next document still renders.
#[test]
fn a_panic_in_one_document_is_its_f13() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    add_dossier(root, "aa-paniek", "Gewone tekst.");
    add_dossier(root, "zz-goed", "Gewone tekst.");
    let o = crate::common::popdoc_command()
        .env("POPDOC_TEST_PANIC", "aa-paniek")
        .env("POPDOC_THREADS", "1")
        .args(["--root"])
        .arg(root)
        .args(["build", "--format", "json"])
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "no abort: {err}");
    let diags = first_json_array(&err);
    let f13 = diags
        .iter()
        .find(|d| d["rule"] == "F13")
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(f13["file"], "content/aa-paniek/pop-1.md");
    assert!(
        f13["message"].as_str().unwrap().contains("onverwacht"),
        "{f13:#}"
    );
    for slug in ["klant", "zz-goed"] {
        assert!(
            root.join(format!("public/{slug}/pop-1.pdf")).is_file(),
            "{slug}: {err}"
        );
    }
}

#[test]
fn absurd_documents_never_stop_the_site() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    std::fs::rename(root.join("content/klant"), root.join("content/aa-goed")).unwrap();
    let nested = |n: usize| {
        (0..n)
            .map(|i| format!("{}- niveau {}\n", "  ".repeat(i), i + 1))
            .collect::<String>()
    };
    let cases: Vec<(&str, String, bool)> = vec![
        ("lijst-20", nested(20), true),
        // One line, 3,000 levels: `- - - ... x`.
        ("lijst-3000", format!("{}diep\n", "- ".repeat(3000)), true),
        ("citaat-3000", format!("{}diep\n", "> ".repeat(3000)), true),
        (
            "nadruk-20000",
            format!("{}x{}\n", "*".repeat(20_000), "*".repeat(20_000)),
            true,
        ),
        (
            "items-30000",
            (0..30_000).map(|i| format!("- punt {i}\n")).collect(),
            false,
        ),
        (
            "tabel-2000",
            format!(
                "| a | b |\n|---|---|\n{}",
                (0..2000)
                    .map(|i| format!("| rij {i} | x |\n"))
                    .collect::<String>()
            ),
            false,
        ),
        ("alinea-1mb", "woord ".repeat(180_000), false),
    ];
    for (slug, text, _) in &cases {
        add_dossier(root, slug, text);
    }
    add_dossier(root, "zz-goed", "Gewone tekst.");
    // Beyond the budget (2.7 GB measured for 100,000 cells): refused at its
    // line by check and build alike, and nothing stops the others.
    add_dossier(root, "tabel-100000", &crate::rules::table(100_000));
    add_dossier(
        root,
        "items-100000",
        &(0..100_000)
            .map(|i| format!("- punt {i}\n"))
            .collect::<String>(),
    );
    let refused = |diags: &[serde_json::Value], slug: &str| -> Option<u64> {
        diags
            .iter()
            .find(|d| {
                d["rule"] == "F17" && d["file"] == format!("content/{slug}/pop-1.md").as_str()
            })
            .and_then(|d| d["line"].as_u64())
    };
    let (check_code, checked) = check_json(root);
    assert_eq!(check_code, 1);
    let (code, err) = build_with_watchdog(root, Duration::from_secs(120));
    assert_eq!(code, 1, "the two refused POPs: {err}");
    let diags = first_json_array(&err);
    for slug in ["tabel-100000", "items-100000"] {
        let line = refused(&diags, slug).unwrap_or_else(|| panic!("{slug}: no F17 in {diags:#?}"));
        assert_eq!(refused(&checked, slug), Some(line), "check and build agree");
        let pop = std::fs::read_to_string(root.join(format!("content/{slug}/pop-1.md"))).unwrap();
        let at = pop.lines().nth(usize::try_from(line).unwrap() - 1).unwrap();
        assert!(
            at.starts_with('|') || at.starts_with("- punt 0"),
            "{slug}: at its block: {at}"
        );
        assert!(!root.join(format!("public/{slug}/pop-1.pdf")).exists());
    }
    let public = root.join("public");
    for slug in ["aa-goed", "zz-goed"] {
        assert!(public.join(slug).join("pop-1.pdf").is_file(), "{slug}");
        assert!(public.join(slug).join("pop-1.html").is_file(), "{slug}");
    }
    for (slug, _, deep) in &cases {
        let file = format!("content/{slug}/pop-1.md");
        let f10: Vec<_> = diags
            .iter()
            .filter(|d| d["rule"] == "F10" && d["file"] == file.as_str())
            .collect();
        assert_eq!(
            f10.len(),
            usize::from(*deep),
            "{slug}: one F10 per file when flattened: {f10:?}"
        );
        assert!(
            public.join(slug).join("pop-1.pdf").is_file(),
            "{slug}: PDF written"
        );
        assert!(
            public.join(slug).join("pop-1.html").is_file(),
            "{slug}: page written"
        );
    }
    // Flattened, not lost: the deepest words are still in the page.
    let page = std::fs::read_to_string(public.join("lijst-20/pop-1.html")).unwrap();
    assert!(
        page.contains("niveau 8\nniveau 9\n") && page.contains("niveau 20"),
        "{page}"
    );
    assert_eq!(
        page.matches("<ul>").count(),
        8 + 1,
        "8 list levels plus the POP's own"
    );
}
