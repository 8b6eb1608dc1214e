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
            "items-100000",
            (0..100_000).map(|i| format!("- punt {i}\n")).collect(),
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
    let (code, err) = build_with_watchdog(root, Duration::from_secs(120));
    assert_eq!(code, 0, "warnings only: {err}");
    let diags = first_json_array(&err);
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
