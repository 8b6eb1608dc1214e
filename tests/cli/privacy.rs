//! Privacy over every output of the example site and of every fixture site:
//! session `notities` and the coach's notes (the body of index.md) appear in no
//! file written (pages, PDFs as text, Typst data, the client folder), and a
//! POP the client keeps (`pop_in_dossier = false`) is absent from `output_dir`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Whitespace folded, as pdftotext output is compared.
fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text a reader can find in an output file (a PDF through pdftotext).
fn readable(path: &Path) -> String {
    if path.extension().is_some_and(|e| e == "pdf") {
        let o = Command::new("pdftotext")
            .arg(path)
            .arg("-")
            .output()
            .expect("pdftotext (installed by .ci/run)");
        folded(&String::from_utf8_lossy(&o.stdout).replace('\u{ad}', ""))
    } else {
        folded(&String::from_utf8_lossy(
            &std::fs::read(path).unwrap_or_default(),
        ))
    }
}

/// Private texts of a site: every `notities` value and the coach's notes,
/// as searchable pieces (the first words of each, whitespace folded).
fn secrets(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for dossier in walk_dirs(&site.join("content")) {
        let Ok(text) = std::fs::read_to_string(dossier.join("index.md")) else {
            continue;
        };
        let mut parts = text.splitn(3, "+++");
        let (_, front, body) = (parts.next(), parts.next(), parts.next());
        if let Some(front) = front
            && let Ok(t) = toml::from_str::<toml::Table>(front)
            && let Some(list) = t.get("gesprekken").and_then(|g| g.as_array())
        {
            for g in list {
                if let Some(n) = g.get("notities").and_then(|n| n.as_str()) {
                    out.push(n.to_string());
                }
            }
        }
        if let Some(body) = body {
            out.extend(body.lines().map(str::to_string));
        }
    }
    out.into_iter()
        .map(|s| folded(&s).chars().take(28).collect::<String>())
        .filter(|s| s.chars().count() >= 16)
        .collect()
}

fn walk_dirs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default()
}

fn all_sites() -> Vec<(String, tempfile::TempDir)> {
    let mut sites = vec![("example".to_string(), example_site())];
    for group in ["valid", "invalid", "verdict"] {
        for dir in walk_dirs(&fixtures().join(group)) {
            let name = format!("{group}/{}", dir.file_name().unwrap().to_string_lossy());
            sites.push((name, copy_site(&dir)));
        }
    }
    sites
}

#[test]
fn private_notes_reach_no_output_and_kept_pops_stay_out_of_the_centre() {
    let mut scanned = 0usize;
    let mut kept_checked = 0usize;
    for (name, tmp) in all_sites() {
        let root = tmp.path();
        let cfg = std::fs::read_to_string(root.join("popdoc.toml")).unwrap_or_default();
        if cfg.contains("coach_notes = true") {
            continue;
        }
        // Every output a build can make: drafts of held-back documents too,
        // and the Typst sources and data files.
        let o = popdoc(root, &["build", "--drafts", "--emit-typst"]);
        assert!(o.status.code().is_some_and(|c| c <= 2), "{name}");
        let secrets = secrets(root);
        if name == "example" {
            assert!(
                secrets.len() >= 6,
                "the example site has private notes: {secrets:?}"
            );
        }
        for out in ["public", "klant"]
            .map(|o| root.join(o))
            .iter()
            .filter(|o| o.is_dir())
        {
            for f in crate::html::walk(out) {
                let text = readable(&f);
                scanned += 1;
                for s in &secrets {
                    assert!(
                        !text.contains(s.as_str()),
                        "{name}: private text {s:?} in {}",
                        f.display()
                    );
                }
            }
        }
        // A POP the client keeps: nowhere in the centre's output folder.
        for dossier in walk_dirs(&root.join("content")) {
            let index = std::fs::read_to_string(dossier.join("index.md")).unwrap_or_default();
            if !index.contains("pop_in_dossier = false") {
                continue;
            }
            for n in [1, 2] {
                let Ok(pop) = std::fs::read_to_string(dossier.join(format!("pop-{n}.md"))) else {
                    continue;
                };
                let Some(body) = pop.splitn(3, "+++").nth(2) else {
                    continue;
                };
                let sentences: Vec<String> = body
                    .lines()
                    .filter(|l| !l.starts_with('#') && !l.starts_with('|') && !l.starts_with('-'))
                    .map(|l| folded(l).chars().take(30).collect::<String>())
                    .filter(|l| l.chars().count() >= 24)
                    .collect();
                let public = root.join("public");
                let files = if public.is_dir() {
                    crate::html::walk(&public)
                } else {
                    vec![]
                };
                for f in files {
                    let text = readable(&f);
                    for s in &sentences {
                        assert!(
                            !text.contains(s.as_str()),
                            "{name}: kept POP text {s:?} in {}",
                            f.display()
                        );
                    }
                }
                kept_checked += 1;
            }
        }
    }
    assert!(scanned > 500, "scanned only {scanned} files");
    assert!(kept_checked >= 1, "no kept POP was checked");
}
