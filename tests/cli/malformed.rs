//! Bad input never panics: each malformed file gets a located error and the
//! run goes on to report the other problems in the same pass.

use crate::common::*;

const CONFIG: &str = "title = \"x\"\n";

fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("popdoc.toml"), CONFIG).unwrap();
    for (rel, bytes) in files {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    tmp
}

fn good_index() -> String {
    std::fs::read_to_string(fixtures().join("valid/complete/content/klant/index.md")).unwrap()
}

#[test]
fn every_malformed_input_is_located_in_one_pass() {
    let index = good_index();
    let crlf_bom = format!("\u{feff}{}", index.replace('\n', "\r\n"));
    let wrong_type = index.replace("minuten = 60", "minuten = \"zestig\"");
    let bad_date = index.replace("besteld_op = 2025-01-20", "besteld_op = 2025-02-30");
    let quoted_date = index.replace("datum = 2025-02-17", "datum = \"2025-02-17\"");
    let bad_enum = index.replace("soort = \"verdieping\"", "soort = \"verdiepng\"");
    let mut not_utf8 = b"+++\ncheque = 1\n+++\n## Loopbaanvraag\nIk wil \xff\xfe weten\n".to_vec();
    not_utf8.extend_from_slice(b"\n");
    let tmp = site(&[
        ("content/geen-index/pop-1.md", b"+++\ncheque = 1\n+++\n"),
        ("content/leeg/index.md", b""),
        ("content/open/index.md", b"+++\n[klant]\nvoornaam = \"A\"\n"),
        ("content/geen-fm/index.md", b"# Gewoon Markdown\n"),
        ("content/bom-crlf/index.md", crlf_bom.as_bytes()),
        ("content/types/index.md", wrong_type.as_bytes()),
        ("content/datum/index.md", bad_date.as_bytes()),
        ("content/tekstdatum/index.md", quoted_date.as_bytes()),
        ("content/keuze/index.md", bad_enum.as_bytes()),
        ("content/utf/index.md", index.as_bytes()),
        ("content/utf/pop-1.md", &not_utf8),
        (
            "content/toml/index.md",
            b"+++\n[klant\nvoornaam = \"A\"\n+++\n",
        ),
    ]);
    let (code, diags) = check_json(tmp.path());
    assert_eq!(code, 1);
    let find = |file: &str, rule: &str| {
        diags
            .iter()
            .find(|d| d["file"] == file && d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} for {file} in {diags:#?}"))
    };
    let at = |d: &serde_json::Value| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
    assert_eq!(at(find("content/geen-index/", "F05")), (1, 1));
    assert_eq!(at(find("content/leeg/index.md", "F01")), (1, 1));
    assert_eq!(at(find("content/open/index.md", "F01")), (1, 1));
    assert_eq!(at(find("content/geen-fm/index.md", "F01")), (1, 1));
    let line_of = |text: &str, needle: &str| {
        text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
    };
    assert_eq!(
        at(find("content/types/index.md", "F03")).0,
        line_of(&wrong_type, "\"zestig\"")
    );
    assert_eq!(
        at(find("content/datum/index.md", "F03")).0,
        line_of(&bad_date, "2025-02-30")
    );
    let quoted = find("content/tekstdatum/index.md", "F03");
    assert_eq!(at(quoted).0, line_of(&quoted_date, "\"2025-02-17\""));
    assert!(
        quoted["hint"]
            .as_str()
            .unwrap()
            .contains("zonder aanhalingstekens")
    );
    let e = find("content/keuze/index.md", "F03");
    assert_eq!(at(e).0, line_of(&bad_enum, "verdiepng"));
    assert!(
        e["hint"].as_str().unwrap().contains("verdieping"),
        "did you mean"
    );
    assert_eq!(at(find("content/utf/pop-1.md", "F01")).0, 5);
    assert_eq!(at(find("content/toml/index.md", "F01")).0, 2);
    // BOM + CRLF is accepted: no diagnostic for that dossier at all.
    assert!(
        diags
            .iter()
            .all(|d| d["file"] != "content/bom-crlf/index.md"
                || !d["rule"].as_str().unwrap().starts_with('F')),
        "{diags:#?}"
    );
    // Building the same broken site also never panics and writes the good pages.
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(tmp.path().join("public/bom-crlf/index.html").is_file());
    assert!(
        tmp.path().join("public/leeg/index.html").is_file(),
        "a broken dossier still gets its page of problems"
    );
}

#[test]
fn not_a_site_is_an_operational_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = popdoc(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("popdoc init"));
}

#[test]
fn init_and_new_make_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let o = popdoc(tmp.path(), &["init", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (code, diags) = check_json(&dir);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    let o = popdoc(&dir, &["new", "Jérôme Çelik"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("content/jerome-celik/index.md").is_file());
    assert!(dir.join("content/jerome-celik/pop-1.md").is_file());
    let again = popdoc(&dir, &["new", "Jerome Celik"]);
    assert_eq!(again.status.code(), Some(2), "never overwrites");
    assert_eq!(
        popdoc(&dir, &["init"]).status.code(),
        Some(2),
        "init never overwrites"
    );
}

#[test]
fn output_folder_rules() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    std::fs::create_dir_all(tmp.path().join("public")).unwrap();
    std::fs::write(tmp.path().join("public/eigen.txt"), "van de coach").unwrap();
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "refuses a folder popdoc did not make"
    );
    assert!(stderr(&o).contains("--force"));
    let o = popdoc(tmp.path(), &["build", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A dossier removed from content/ disappears from public/, the coach's own file stays.
    std::fs::remove_dir_all(tmp.path().join("content/klant")).unwrap();
    let o = popdoc(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!tmp.path().join("public/klant").exists());
    assert!(tmp.path().join("public/eigen.txt").is_file());
}
