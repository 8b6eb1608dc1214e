//! Command-line conventions: one language per run (help included),
//! completions, the man page, and adding a second cheque to a dossier.

use crate::common::*;

fn help(args: &[&str], env: Option<&str>) -> String {
    let mut c = crate::common::popdoc_command();
    c.args(args).env_remove("POPDOC_LANG");
    if let Some(l) = env {
        c.env("POPDOC_LANG", l);
    }
    let o = c.output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

const SUBCOMMANDS: [&[&str]; 13] = [
    &["init"],
    &["print"],
    &["new"],
    &["check"],
    &["build"],
    &["export"],
    &["export", "registratie"],
    &["agenda"],
    &["rules"],
    &["completions"],
    &["man"],
    &["serve"],
    &["watch"],
];

#[test]
fn help_is_in_one_language_per_run() {
    let nl = help(&["--help"], None);
    assert!(
        nl.contains("Gebruik: popdoc [OPTIES] <OPDRACHT>") && nl.contains("Opdrachten:"),
        "{nl}"
    );
    for sub in SUBCOMMANDS {
        if !cfg!(feature = "watch") && (sub == ["serve"] || sub == ["watch"]) {
            continue;
        }
        let mut args = sub.to_vec();
        args.push("--help");
        let text = help(&args, None);
        assert!(text.contains("Gebruik: popdoc"), "{sub:?}: {text}");
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "[default:",
            "[possible values:",
        ] {
            assert!(
                !text.contains(english),
                "{sub:?} --help has {english:?}:\n{text}"
            );
        }
        let en = help(&[&["--lang", "en"], args.as_slice()].concat(), None);
        assert!(
            en.contains("Usage:") && !en.contains("Gebruik:"),
            "{sub:?}: {en}"
        );
        let env = help(&args, Some("en"));
        assert_eq!(env, en, "{sub:?}: POPDOC_LANG=en is --lang en");
    }
    // An error on the command line, in the language of the run.
    let o = crate::common::popdoc_command()
        .args(["buld"])
        .env_remove("POPDOC_LANG")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("onbekende opdracht `buld`")
            && stderr(&o).contains("bedoelde je `build`"),
        "{}",
        stderr(&o)
    );
    let o = crate::common::popdoc_command()
        .args(["--lang", "en", "buld"])
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("unrecognized subcommand"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn completions_and_man_page() {
    let bash = help(&["completions", "bash"], None);
    assert!(
        bash.contains("_popdoc()") && bash.contains("complete -F _popdoc"),
        "{bash}"
    );
    assert!(bash.contains("registratie") && bash.contains("--per-cheque"));
    for shell in ["zsh", "fish", "powershell"] {
        assert!(!help(&["completions", shell], None).is_empty(), "{shell}");
    }
    let man = help(&["man"], None);
    assert!(man.contains(".TH popdoc") && man.contains(".SH"), "{man}");
}

#[test]
fn new_adds_a_second_cheque_keeping_every_line() {
    let tmp = example_site();
    let index = tmp.path().join("content/an-peeters/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let commented = text.replacen("[intake]", "# de tweede cheque volgt later\n[intake]", 1);
    std::fs::write(&index, &commented).unwrap();
    let o = popdoc(
        tmp.path(),
        &[
            "new",
            "an-peeters",
            "--cheque",
            "2",
            "--besteld-op",
            "01/04/2025",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(&index).unwrap();
    assert!(
        after.contains("[[cheques]]\nnummer = 2\nbesteld_op = 2025-04-01"),
        "{after}"
    );
    for line in commented.lines() {
        assert!(after.contains(line), "line kept: {line:?}");
    }
    let pop2 = std::fs::read_to_string(tmp.path().join("content/an-peeters/pop-2.md")).unwrap();
    assert!(pop2.contains("cheque = 2"));
    let (_, diags) = check_json(tmp.path());
    assert!(
        !diags
            .iter()
            .any(|d| d["file"] == "content/an-peeters/index.md"
                && d["rule"].as_str().unwrap().starts_with('F')),
        "still a valid file: {diags:#?}"
    );
    // Never twice; and never under the single transitional cheque.
    let again = popdoc(
        tmp.path(),
        &[
            "new",
            "an-peeters",
            "--cheque",
            "2",
            "--besteld-op",
            "2025-04-01",
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    let single = popdoc(
        tmp.path(),
        &[
            "new",
            "lotte-verstraeten",
            "--cheque",
            "2",
            "--besteld-op",
            "2026-06-01",
        ],
    );
    assert_eq!(single.status.code(), Some(2));
    assert!(
        stderr(&single).contains("vdab-2025t"),
        "{}",
        stderr(&single)
    );
    assert!(
        !tmp.path()
            .join("content/lotte-verstraeten/pop-2.md")
            .exists()
    );
}

/// Words of one language that no message of the other should hold. Not
/// " is ": Dutch has it too ("de POP is niet ondertekend").
const DUTCH_WORDS: &[&str] = &[
    " de ",
    " het ",
    " een ",
    " niet ",
    " geen ",
    " wordt ",
    " fouten",
    "aangemaakt",
    "gemaakt:",
    " en ",
    " van ",
    " voor ",
    " te doen",
    " bestaat",
];
const ENGLISH_WORDS: &[&str] = &[
    " the ", " not ", " with ", " and ", " created", " errors", " warning", " to do", " from ",
    " cannot ",
];

/// What a site and popdoc hold as data, not as messages: the names of
/// clients, coaches, the centre and the rule sets (`naam`, `voornaam`,
/// `achternaam`, `begeleiders`), and the titles of the public sources the
/// rules cite (a decree keeps its Dutch title in English).
fn data_names(site: &std::path::Path) -> Vec<String> {
    let mut files: Vec<std::path::PathBuf> = vec![site.join("popdoc.toml")];
    for dir in ["content", "src/model/rulesets"] {
        let base = if dir == "content" {
            site.join(dir)
        } else {
            repo().join(dir)
        };
        for e in std::fs::read_dir(&base).unwrap().flatten() {
            let p = e.path();
            files.push(if p.is_dir() { p.join("index.md") } else { p });
        }
    }
    let mut names = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let quoted = value.split('"').skip(1).step_by(2).map(str::to_string);
            match key.trim() {
                "voornaam" | "achternaam" | "naam" | "begeleiders" => names.extend(quoted),
                _ => {}
            }
        }
    }
    // popdoc's own "source" is a message (ui-source-popdoc), not a title.
    for (_, citation) in popdoc::diag::rules::sources::SOURCES
        .iter()
        .filter(|(key, _)| *key != "popdoc")
    {
        let short = citation.split(['“', ',']).next().unwrap_or(citation);
        names.push(short.trim().to_string());
    }
    names.retain(|n| !n.trim().is_empty());
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}

/// `text` without `word` where it stands as a word of its own.
fn without_word(text: &str, word: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let end = i + word.len();
        let alone = !rest[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !rest[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        out.push_str(if alone { &rest[..i] } else { &rest[..end] });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The words of a run's output, in lower case, without what is no message:
/// the source lines of a snippet, names between backticks or ‘quotes’ (keys,
/// headings of the POP), file paths, and the data names.
fn message_words(out: &str, root: &std::path::Path, names: &[String]) -> String {
    let out = out.replace(&root.display().to_string(), "");
    let mut lines = Vec::new();
    for line in out.lines() {
        if line.contains('│') || line.contains('┌') {
            continue;
        }
        let mut kept = String::new();
        let mut quote: Option<char> = None;
        for c in line.chars() {
            match (quote, c) {
                (None, '`') => quote = Some('`'),
                (None, '‘') => quote = Some('’'),
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, c) => kept.push(c),
            }
        }
        for n in names {
            kept = without_word(&kept, n);
        }
        let words: Vec<&str> = kept
            .split_whitespace()
            .filter(|w| {
                !w.contains('/')
                    && !w.contains('\\')
                    && ![
                        ".md", ".toml", ".csv", ".xlsx", ".json", ".pdf", ".html", ".typ",
                    ]
                    .iter()
                    .any(|ext| w.contains(ext))
            })
            .collect();
        lines.push(words.join(" "));
    }
    format!(" {} ", lines.join(" \n ")).to_lowercase()
}

#[test]
fn every_command_speaks_one_language() {
    for (lang, other) in [("nl", ENGLISH_WORDS), ("en", DUTCH_WORDS)] {
        let tmp = example_site();
        let site = tmp.path();
        // A dossier with errors: an unknown key (F02), a wrong type (F03).
        let index = site.join("content/an-peeters/index.md");
        let text = std::fs::read_to_string(&index).unwrap();
        let broken = text.replacen("[intake]", "kleur = \"blauw\"\n[intake]", 1).replacen(
            "minuten = 60\nvorm = \"individueel\"\nkanaal = \"fysiek\"\ncheque = 1\nnotities",
            "minuten = \"zestig\"\nvorm = \"individueel\"\nkanaal = \"fysiek\"\ncheque = 1\nnotities",
            1,
        );
        assert_ne!(broken, text, "the dossier was broken");
        std::fs::write(&index, broken).unwrap();
        let names = data_names(site);
        let empty = tempfile::tempdir().unwrap();
        let csv = site.join("x.csv").display().to_string();
        let runs: Vec<(&std::path::Path, Vec<&str>)> = vec![
            (site, vec!["check"]),
            (site, vec!["check", "--format", "short"]),
            (site, vec!["build"]),
            (site, vec!["build", "--no-pdf"]),
            (site, vec!["build", "--client", "nope"]),
            (site, vec!["rules"]),
            (site, vec!["rules", "--sets"]),
            (site, vec!["agenda", "--binnen", "400"]),
            (site, vec!["export", "registratie", "--out", &csv]),
            // Again: the file exists.
            (site, vec!["export", "registratie", "--out", &csv]),
            (site, vec!["export", "overzicht"]),
            (site, vec!["print", "joelle-dupre"]),
            (site, vec!["print", "an-peeters"]),
            (site, vec!["print", "sofie-claes"]),
            (site, vec!["print", "sofie-claes", "--onvolledig"]),
            (site, vec!["print", "--all"]),
            (site, vec!["print", "nope"]),
            (site, vec!["print"]),
            (site, vec!["new"]),
            (site, vec!["new", "Jan Janssens"]),
            (
                site,
                vec![
                    "new",
                    "an-peeters",
                    "--cheque",
                    "3",
                    "--besteld-op",
                    "2026-01-01",
                ],
            ),
            (empty.path(), vec!["check"]),
            (site, vec!["check", "--nope"]),
            (site, vec!["buld"]),
            (site, vec!["--today", "gisteren", "check"]),
            (site, vec!["--theme", "nope", "check"]),
        ];
        let mut wrong = Vec::new();
        for (root, args) in &runs {
            let o = popdoc_command()
                .env_remove("POPDOC_LANG")
                .args(["--lang", lang, "--root"])
                .arg(root)
                .args(args)
                .output()
                .unwrap();
            let out = format!("{}{}", stdout(&o), stderr(&o));
            assert!(!out.trim().is_empty(), "{lang} {args:?} says something");
            let words = message_words(&out, root, &names);
            for w in other {
                if let Some(i) = words.find(w) {
                    let from = words[..i]
                        .char_indices()
                        .rev()
                        .nth(60)
                        .map_or(0, |(k, _)| k);
                    let to = words[i..]
                        .char_indices()
                        .nth(60)
                        .map_or(words.len(), |(k, _)| i + k);
                    wrong.push(format!(
                        "--lang {lang} {args:?}: {w:?} in …{}…",
                        &words[from..to]
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "a message in the other language:\n{}",
            wrong.join("\n")
        );
    }
}

/// Issue 23 (review): the Dutch help names its placeholders in Dutch, a word
/// where none is expected is not called an unknown option, an option with
/// no value says it needs one, and `--root` says popdoc looks upwards.
#[test]
fn command_line_mistakes_and_placeholders_in_plain_dutch() {
    for args in SUBCOMMANDS {
        if !cfg!(feature = "watch") && (args == ["serve"] || args == ["watch"]) {
            continue;
        }
        let mut a = args.to_vec();
        a.push("--help");
        let h = help(&a, Some("nl"));
        for english in [
            "<SLUG>", "[SLUG]", "<NAME>", "<ROOT>", "<LANG>", "<THEME>", "<TODAY>",
        ] {
            assert!(!h.contains(english), "{args:?}: {english}\n{h}");
        }
    }
    let top = help(&["--help"], Some("nl"));
    assert!(
        top.contains("--root <MAP>") && top.contains("naar boven"),
        "{top}"
    );
    let err = |args: &[&str]| {
        let mut c = crate::common::popdoc_command();
        c.args(args).env("POPDOC_LANG", "nl");
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        stderr(&o)
    };
    let e = err(&["rules", "R99"]);
    assert!(
        e.contains("onverwacht argument `R99`") && !e.contains("optie"),
        "{e}"
    );
    let e = err(&["build", "--client"]);
    assert!(
        e.contains("`--client <KLANT>` heeft een waarde nodig"),
        "{e}"
    );
}
