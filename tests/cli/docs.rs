//! The project's documentation stands on its own and stays true: the
//! examples of docs/format.md form a site popdoc accepts, docs/rules.md is
//! what `popdoc rules --format markdown` writes, and no document points
//! outside the repository.

use crate::common::*;

/// The fenced blocks of a Markdown text: (language, text).
fn blocks(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String)> = None;
    for line in md.lines() {
        match (&mut cur, line.strip_prefix("```")) {
            (None, Some(lang)) => cur = Some((lang.trim().to_string(), String::new())),
            (Some(_), Some(_)) => out.push(cur.take().unwrap()),
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

#[test]
fn the_examples_of_format_md_are_a_valid_site() {
    let md = std::fs::read_to_string(repo().join("docs/format.md")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut pop_front = None;
    let mut files = 0;
    for (lang, text) in blocks(&md) {
        if lang == "toml" {
            toml::from_str::<toml::Table>(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            let (first, rest) = text.split_once('\n').unwrap();
            let path = first
                .strip_prefix("# ")
                .expect("each example names its file");
            if path.ends_with("pop-1.md") {
                pop_front = Some((path.to_string(), rest.to_string()));
                continue;
            }
            let content = if path.ends_with(".md") {
                format!("+++\n{rest}+++\nNotities van de begeleider.\n")
            } else {
                rest.to_string()
            };
            let p = tmp.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, content).unwrap();
            files += 1;
        } else if lang == "markdown" {
            let (path, front) = pop_front
                .take()
                .expect("the POP's front matter comes first");
            let p = tmp.path().join(path);
            std::fs::write(p, format!("+++\n{front}+++\n{text}")).unwrap();
            files += 1;
        }
    }
    assert_eq!(files, 5, "popdoc.toml, index.md, pop-1.md, two rule sets");
    let (code, diags) = check_json(tmp.path());
    let problems: Vec<_> = diags.iter().filter(|d| d["severity"] != "note").collect();
    assert!(
        problems.is_empty() && code == 0,
        "the example site has problems: {problems:#?}"
    );
}

#[test]
fn rules_md_is_current() {
    let o = popdoc(&repo(), &["rules", "--format", "markdown"]);
    let now = stdout(&o);
    let file = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap();
    assert!(
        now == file,
        "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    assert!(
        !now.contains(".md [") && !now.contains("domain.md"),
        "sources are public"
    );
}

#[test]
fn no_document_points_outside_the_repository() {
    let mut docs = vec![repo().join("README.md")];
    docs.extend(
        std::fs::read_dir(repo().join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    for d in docs {
        let text = std::fs::read_to_string(&d).unwrap();
        for outside in ["../shared", "domain.md", "dossier-format.md", "shared/spec"] {
            assert!(
                !text.contains(outside),
                "{} mentions {outside}",
                d.display()
            );
        }
    }
    // Nor does a message: the rules' sources are public pages and decrees.
    let rules = stdout(&popdoc(&repo(), &["rules"]));
    assert!(
        !rules.contains("domain.md") && !rules.contains("dossier-format"),
        "{rules}"
    );
}
