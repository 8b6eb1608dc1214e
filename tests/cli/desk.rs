//! The centre's desk: deadlines (agenda, ics, dashboard) with a fixed
//! `--today`, never the clock.

use std::path::Path;

use crate::common::*;

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `agenda --format json` on `root` as of `today`, looking `within` days ahead.
fn agenda(root: &Path, today: &str, within: &str) -> Vec<serde_json::Value> {
    let o = popdoc(
        root,
        &[
            "--today", today, "agenda", "--format", "json", "--binnen", within,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn find<'a>(items: &'a [serde_json::Value], kind: &str) -> Option<&'a serde_json::Value> {
    items.iter().find(|i| i["kind"] == kind)
}

#[test]
fn every_deadline_kind_with_a_fixed_today() {
    let tmp = copy_site(&fixtures().join("valid/met-attest"));
    let root = tmp.path();
    let index = root.join("content/klant/index.md");
    let pop = root.join("content/klant/pop-1.md");

    // A cheque ordered, no conversation yet: start before it expires.
    let fresh = tmp.path().join("content/nieuw");
    copy_dir(&root.join("content/klant"), &fresh);
    let text = std::fs::read_to_string(fresh.join("index.md")).unwrap();
    let (head, _) = text.split_once("[[gesprekken]]").unwrap();
    std::fs::write(
        fresh.join("index.md"),
        format!(
            "{}[privacy]\npop_in_dossier = true\n+++\n",
            head.replace("[[opleidingen]]", "[[x]]")
                .split("[[x]]")
                .next()
                .unwrap()
        ),
    )
    .unwrap();
    std::fs::remove_file(fresh.join("pop-1.md")).unwrap();
    let items = agenda(root, "2025-04-10", "30");
    let start = items
        .iter()
        .find(|i| i["kind"] == "cheque-start" && i["slug"] == "nieuw")
        .unwrap_or_else(|| panic!("{items:#?}"));
    assert_eq!(
        (start["date"].as_str(), start["state"].as_str()),
        (Some("2025-04-20"), Some("due"))
    );
    let items = agenda(root, "2025-04-21", "30");
    assert!(
        items
            .iter()
            .any(|i| i["kind"] == "cheque-start" && i["state"] == "overdue")
    );
    std::fs::remove_dir_all(&fresh).unwrap();

    // Signed, finalised, invited: nothing of that is open.
    let items = agenda(root, "2025-03-20", "400");
    for done in [
        "pop-finaliseren",
        "pop-ondertekenen",
        "evaluatie",
        "cheque-start",
        "attest-academiejaar",
    ] {
        assert!(find(&items, done).is_none(), "{done} is done: {items:#?}");
    }
    // The nazorg window: synthese 2025-03-10, 20 of 30 minutes used.
    let n = find(&items, "nazorg").unwrap();
    assert_eq!(n["date"], "2026-03-10");
    assert!(n["title"].as_str().unwrap().contains("nog 10 min"), "{n}");
    assert_eq!(
        agenda(root, "2026-02-20", "30")
            .iter()
            .filter(|i| i["kind"] == "nazorg" && i["state"] == "due")
            .count(),
        1
    );

    // The POP not finalised: due after 14 days, overdue after 30.
    edit(&pop, "gefinaliseerd_op = 2025-03-10\n", "");
    assert!(
        find(&agenda(root, "2025-03-20", "30"), "pop-finaliseren")
            .is_none_or(|i| i["state"] == "open")
    );
    assert_eq!(
        find(&agenda(root, "2025-03-30", "30"), "pop-finaliseren").unwrap()["state"],
        "due"
    );
    assert_eq!(
        find(&agenda(root, "2025-04-10", "30"), "pop-finaliseren").unwrap()["state"],
        "overdue"
    );
    edit(
        &pop,
        "cheque = 1\n",
        "cheque = 1\ngefinaliseerd_op = 2025-03-10\n",
    );

    // Not signed: 14 days after finalisation.
    edit(&pop, "ondertekend = true", "ondertekend = false");
    let s = find(&agenda(root, "2025-03-20", "30"), "pop-ondertekenen")
        .unwrap()
        .clone();
    assert_eq!(
        (s["date"].as_str(), s["state"].as_str()),
        (Some("2025-03-24"), Some("due"))
    );
    edit(&pop, "ondertekend = false", "ondertekend = true");

    // The evaluation not sent: 14 days after the synthese.
    edit(&index, "[evaluatie]\nuitgenodigd_op = 2025-03-12\n", "");
    let e = find(&agenda(root, "2025-03-26", "30"), "evaluatie")
        .unwrap()
        .clone();
    assert_eq!(
        (e["date"].as_str(), e["state"].as_str()),
        (Some("2025-03-24"), Some("overdue"))
    );

    // An attest for a year whose 1 September nears, the trajectory not started.
    let text = std::fs::read_to_string(&index).unwrap();
    let nointake = text
        .replace("soort = \"intake\"", "soort = \"kennismaking\"")
        .replace("datum = 2025-02-03\nsoort = \"kennismaking\"\nminuten = 60\nvorm = \"individueel\"\nkanaal = \"fysiek\"\ncheque = 1\n", "datum = 2025-02-03\nsoort = \"kennismaking\"\nminuten = 60\nvorm = \"individueel\"\nkanaal = \"fysiek\"\n");
    std::fs::write(&index, &nointake).unwrap();
    let a = find(&agenda(root, "2025-08-15", "30"), "attest-academiejaar")
        .unwrap()
        .clone();
    assert_eq!(
        (a["date"].as_str(), a["state"].as_str()),
        (Some("2025-09-01"), Some("due"))
    );
    std::fs::write(&index, &text).unwrap();

    // Retention: the last activity plus retention_years.
    let cfg = root.join("popdoc.toml");
    let c = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("retention_years = 1\n{c}")).unwrap();
    let r = find(&agenda(root, "2026-06-10", "30"), "bewaartermijn")
        .unwrap()
        .clone();
    assert_eq!(
        (r["date"].as_str(), r["state"].as_str()),
        (Some("2026-06-02"), Some("overdue"))
    );
}

#[test]
fn agenda_as_text_and_as_ical() {
    let tmp = example_site();
    let o = popdoc(
        tmp.path(),
        &["--today", "2026-05-25", "agenda", "--binnen", "60"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Termijnen op 25 mei 2026"), "{text}");
    assert!(
        text.contains("te laat") && text.contains("Sofie Van Damme"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");

    let o = popdoc(
        tmp.path(),
        &[
            "--today",
            "2026-05-25",
            "agenda",
            "--binnen",
            "60",
            "--format",
            "ics",
        ],
    );
    let ics = stdout(&o);
    assert!(ics.lines().count() > 5 && ics.contains("\r\n"));
    assert!(
        ics.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let cal = parser.next().expect("one calendar").expect("it parses");
    assert!(cal.events.len() >= 2);
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let mut uids = std::collections::BTreeSet::new();
    for e in &cal.events {
        assert_eq!(prop(e, "DTSTAMP"), "20260525T000000Z");
        assert_eq!(prop(e, "DTSTART").len(), 8, "an all-day date");
        assert!(uids.insert(prop(e, "UID")), "unique UIDs");
    }
    assert!(
        uids.contains("sofie-van-damme-pop-ondertekenen-1@popdoc"),
        "{uids:?}"
    );
    // The same items give the same UIDs on another day: a re-import updates.
    let again = stdout(&popdoc(
        tmp.path(),
        &[
            "--today",
            "2026-05-26",
            "agenda",
            "--binnen",
            "60",
            "--format",
            "ics",
        ],
    ));
    for uid in &uids {
        assert!(again.contains(uid.as_str()), "{uid}");
    }
}

#[test]
fn dashboard_shows_deadlines_and_use_without_javascript() {
    let tmp = example_site();
    let o = popdoc(tmp.path(), &["--today", "2026-05-25", "build", "--no-pdf"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    for s in [
        "Termijnen",
        "25 mei 2026",
        "POP van cheque 1 laten ondertekenen",
        "badge termijn-overdue",
        "aria-label=\"cheque 1: 180 van 240 minuten",
        "Pieter De Smet",
    ] {
        assert!(index.contains(s), "{s}");
    }
    assert!(!index.contains("<script"));
    // The same day gives the same page: nothing reads the clock.
    let again = copy_site(tmp.path());
    let _ = std::fs::remove_dir_all(again.path().join("public"));
    popdoc(
        again.path(),
        &["--today", "2026-05-25", "build", "--no-pdf"],
    );
    assert_eq!(
        std::fs::read_to_string(again.path().join("public/index.html")).unwrap(),
        index
    );
    // SOURCE_DATE_EPOCH counts as the day too.
    let o = crate::common::popdoc_command()
        .env("SOURCE_DATE_EPOCH", "1779667200") // 2026-05-25
        .arg("--root")
        .arg(again.path())
        .args(["build", "--no-pdf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(again.path().join("public/index.html")).unwrap(),
        index
    );
}
