//! `popdoc export overzicht` and `export registratie` against a seeded
//! generator: 300 dossiers over two years, written together with the totals
//! the generator put in; both exports are compared with those totals, never
//! with each other.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::common::*;

/// A small deterministic generator (64-bit LCG): the same seed, the same site.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What the generator put in, per (month, coach, rule set).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Expected {
    gesprekken: i64,
    minuten: i64,
    individueel: i64,
    groep: i64,
    pakketten: i64,
    pops: i64,
    attesten: i64,
    nazorg: i64,
}

type Key = (String, String, String);

const COACHES: [&str; 3] = ["Els Janssens", "Pieter De Smet", "Nadia Bouzid"];

fn day(days: i64) -> popdoc::date::Date {
    popdoc::date::Date::from_days(days)
}

fn month(d: popdoc::date::Date) -> String {
    format!("{:04}-{:02}", d.year, d.month)
}

/// Writes the site into `root` and returns the totals it holds.
fn generate(root: &std::path::Path, seed: u64) -> BTreeMap<Key, Expected> {
    let mut rng = Rng(seed);
    let mut totals: BTreeMap<Key, Expected> = BTreeMap::new();
    std::fs::write(
        root.join("popdoc.toml"),
        "title = \"Generator\"\n\n[centrum]\nnaam = \"Centrum\"\nbegeleiders = [\"Els Janssens\", \"Pieter De Smet\"]\n",
    )
    .unwrap();
    let start = popdoc::date::Date::parse("2025-01-06").unwrap().days();
    for i in 0..300 {
        let coach = COACHES[rng.below(3) as usize];
        let ordered = day(start + rng.below(660) as i64);
        // Before 1 November 2025 a cheque falls under vdab-2020.
        let ruleset = if ordered < popdoc::date::Date::parse("2025-11-01").unwrap() {
            "vdab-2020"
        } else {
            "vdab-2025t"
        };
        let mut index = format!(
            "+++\n[klant]\nvoornaam = \"Klant\"\nachternaam = \"Nummer {i}\"\n\n[begeleider]\nnaam = \"{coach}\"\n\n[[cheques]]\nnummer = 1\nbesteld_op = {ordered}\nchequenummer = \"LC-{i:06}\"\n\n[intake]\novereenkomst_ondertekend_op = {ordered}\n"
        );
        let add = |totals: &mut BTreeMap<Key, Expected>,
                   d: popdoc::date::Date,
                   f: &dyn Fn(&mut Expected)| {
            f(totals
                .entry((month(d), coach.to_string(), ruleset.to_string()))
                .or_default());
        };
        let mut at = ordered.days() + 1 + rng.below(5) as i64;
        let n = 1 + rng.below(4);
        let mut first = true;
        let mut synthese = None;
        for k in 0..n {
            let soort = if k == 0 {
                "intake"
            } else if k == n - 1 && rng.below(2) == 0 {
                "synthese"
            } else {
                "verdieping"
            };
            let minutes = [30, 45, 60, 90][rng.below(4) as usize];
            let group = soort == "verdieping" && rng.below(4) == 0;
            let d = day(at);
            let _ = write!(
                index,
                "\n[[gesprekken]]\ndatum = {d}\nsoort = \"{soort}\"\nminuten = {minutes}\nvorm = \"{}\"\nkanaal = \"fysiek\"\ncheque = 1\n",
                if group { "groep" } else { "individueel" }
            );
            add(&mut totals, d, &|e| {
                e.gesprekken += 1;
                e.minuten += minutes;
                if group {
                    e.groep += minutes;
                } else {
                    e.individueel += minutes;
                }
            });
            if first {
                add(&mut totals, d, &|e| e.pakketten += 1);
                first = false;
            }
            if soort == "synthese" {
                synthese = Some(d);
            }
            at += 7 + rng.below(14) as i64;
        }
        // A free session and a planned conversation: neither counts.
        let _ = write!(
            index,
            "\n[[gesprekken]]\ndatum = {}\nsoort = \"verdieping\"\nminuten = 60\nvorm = \"individueel\"\nkanaal = \"online\"\ncheque = 0\n",
            day(at)
        );
        let _ = write!(
            index,
            "\n[[gesprekken]]\ndatum = {}\nsoort = \"verdieping\"\nminuten = 60\nvorm = \"individueel\"\nkanaal = \"online\"\ncheque = 1\ngepland = true\n",
            day(at + 400)
        );
        let mut pop = "+++\ncheque = 1\nsoort = \"reflexief\"\n".to_string();
        if let Some(s) = synthese {
            let _ = writeln!(pop, "gefinaliseerd_op = {s}");
            add(&mut totals, s, &|e| e.pops += 1);
            if rng.below(3) == 0 {
                let nazorg = day(s.days() + 30 + rng.below(60) as i64);
                let _ = write!(
                    index,
                    "\n[[gesprekken]]\ndatum = {nazorg}\nsoort = \"nazorg\"\nminuten = 20\nvorm = \"individueel\"\nkanaal = \"telefonisch\"\ncheque = 1\n"
                );
                // Nazorg is not charged to the package's hours.
                add(&mut totals, nazorg, &|e| e.nazorg += 1);
            }
            if rng.below(4) == 0 {
                let on = day(s.days() + 3);
                let _ = write!(
                    index,
                    "\n[[opleidingen]]\nnaam = \"Opleiding {i}\"\nverstrekker = \"Syntra\"\nacademiejaar = \"2026-2027\"\nstartdatum = 2026-09-21\nincentives = [\"opleidingscheques\"]\npop = 1\nattest = true\nattest_op = {on}\n"
                );
                add(&mut totals, on, &|e| e.attesten += 1);
            }
        }
        index.push_str("+++\n");
        pop.push_str("+++\n## Loopbaanvraag\n\nWelk werk past bij mij?\n\n## Reflecties en inzichten\n\nIk werk graag met mensen.\n\n## Keuzes, beslissingen en acties\n\nIk volg een opleiding.\n");
        let dir = root.join(format!("content/klant-{i:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.md"), index).unwrap();
        std::fs::write(dir.join("pop-1.md"), pop).unwrap();
    }
    totals
}

#[test]
fn both_exports_match_what_a_seeded_generator_put_in() {
    let tmp = tempfile::tempdir().unwrap();
    let expected = generate(tmp.path(), 20261202);
    // Every dossier is readable: a format error would drop it from the counts.
    let (_, diags) = check_json_with(tmp.path(), &["--today", "2027-12-31"]);
    assert!(
        !diags
            .iter()
            .any(|d| d["rule"].as_str().unwrap().starts_with('F') && d["severity"] == "error"),
        "{diags:#?}"
    );
    let o = popdoc(
        tmp.path(),
        &[
            "--today",
            "2027-12-31",
            "export",
            "overzicht",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let mut got: BTreeMap<Key, Expected> = BTreeMap::new();
    let int = |r: &serde_json::Value, k: &str| r[k].as_i64().unwrap_or_else(|| panic!("{k}: {r}"));
    let (last, body) = rows.split_last().unwrap();
    for r in body {
        let key = (
            r["periode"].as_str().unwrap().to_string(),
            r["begeleider"].as_str().unwrap().to_string(),
            r["regelset"].as_str().unwrap().to_string(),
        );
        // Nadia Bouzid is not among `[centrum] begeleiders`: marked.
        let known = key.1 != "Nadia Bouzid";
        assert_eq!(
            r["begeleider gekend"],
            if known { "ja" } else { "nee" },
            "{r}"
        );
        got.insert(
            key,
            Expected {
                gesprekken: int(r, "gesprekken"),
                minuten: int(r, "minuten"),
                individueel: int(r, "individueel"),
                groep: int(r, "groep"),
                pakketten: int(r, "pakketten gestart"),
                pops: int(r, "POP's gefinaliseerd"),
                attesten: int(r, "attesten"),
                nazorg: int(r, "nazorg"),
            },
        );
    }
    for (k, e) in &expected {
        assert_eq!(got.get(k), Some(e), "{k:?}");
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "{:?}",
        got.keys()
            .filter(|k| !expected.contains_key(*k))
            .collect::<Vec<_>>()
    );
    let sum = |f: fn(&Expected) -> i64| expected.values().map(f).sum::<i64>();
    assert_eq!(last["periode"], "totaal");
    assert_eq!(int(last, "minuten"), sum(|e| e.minuten));
    assert_eq!(int(last, "pakketten gestart"), 300);
    assert_eq!(int(last, "POP's gefinaliseerd"), sum(|e| e.pops));

    // The registration export: one row per charged conversation held, its
    // minutes per month and coach as put in.
    let o = popdoc(
        tmp.path(),
        &[
            "--today",
            "2027-12-31",
            "export",
            "registratie",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let reg: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(reg.len() as i64, sum(|e| e.gesprekken));
    let mut per: BTreeMap<(String, String), i64> = BTreeMap::new();
    for r in &reg {
        let d = popdoc::date::Date::parse(r["datum"].as_str().unwrap()).unwrap();
        *per.entry((month(d), r["begeleider"].as_str().unwrap().to_string()))
            .or_default() += int(r, "minuten");
    }
    let mut want: BTreeMap<(String, String), i64> = BTreeMap::new();
    for ((m, c, _), e) in expected.iter().filter(|(_, e)| e.gesprekken > 0) {
        *want.entry((m.clone(), c.clone())).or_default() += e.minuten;
    }
    assert_eq!(per, want);

    // Quarters hold the months' sums; a period keeps only its days.
    let o = popdoc(
        tmp.path(),
        &[
            "--today",
            "2027-12-31",
            "export",
            "overzicht",
            "--per",
            "kwartaal",
            "--van",
            "2026-01-01",
            "--tot",
            "31/03/2026",
            "--format",
            "json",
        ],
    );
    let q: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let q1: i64 = expected
        .iter()
        .filter(|((m, _, _), _)| m.as_str() >= "2026-01" && m.as_str() <= "2026-03")
        .map(|(_, e)| e.minuten)
        .sum();
    assert_eq!(int(q.last().unwrap(), "minuten"), q1);
    assert!(q[..q.len() - 1].iter().all(|r| r["periode"] == "2026-K1"));
}

#[test]
fn the_overview_reads_as_a_table_in_both_languages_and_refuses_a_wrong_extension() {
    let o = popdoc(&repo(), &["export", "overzicht"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let nl = stdout(&o);
    assert!(nl.starts_with("periode  begeleider"), "{nl}");
    assert!(nl.lines().last().unwrap().starts_with("totaal"), "{nl}");
    let en = stdout(&popdoc(&repo(), &["--lang", "en", "export", "overzicht"]));
    assert!(
        en.starts_with("period   coach") && en.contains("\ntotal "),
        "{en}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x.csv");
    let o = popdoc(
        &repo(),
        &[
            "export",
            "overzicht",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("past niet bij"), "{}", stderr(&o));
    assert!(!out.exists());
}

/// Without `[centrum] begeleiders` there is nothing to check a coach
/// against: the column stays empty instead of claiming "ja" (review of
/// issue 24).
#[test]
fn coach_known_is_empty_without_a_list_of_coaches() {
    let site = example_site();
    let toml = site.path().join("popdoc.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("begeleiders = ["));
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("begeleiders"))
        .map(|l| format!("{l}\n"))
        .collect();
    let export = |root: &std::path::Path| -> Vec<serde_json::Value> {
        let o = popdoc(root, &["export", "overzicht", "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let with = export(site.path());
    let (_, body) = with.split_last().unwrap();
    assert!(
        body.iter().all(|r| r["begeleider gekend"] == "ja"),
        "{with:#?}"
    );
    std::fs::write(&toml, without).unwrap();
    let rows = export(site.path());
    let (_, body) = rows.split_last().unwrap();
    assert!(!body.is_empty());
    for r in body {
        let v = &r["begeleider gekend"];
        assert!(v.is_null() || v == "", "{r}");
    }
}
