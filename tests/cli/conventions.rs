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

const SUBCOMMANDS: [&[&str]; 12] = [
    &["init"],
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
