//! `popdoc export registratie`: read back as a spreadsheet would, in CSV and
//! xlsx; rows, sums per cheque, quoting, formulas, errors listed, no notes.

use std::path::Path;

use crate::common::*;

fn site_with_tricky_names() -> tempfile::TempDir {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let index = tmp.path().join("content/klant/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen(
            "voornaam = \"An\"",
            "voornaam = \"=Jan; \\\"Jantje\\\"\"",
            1,
        )
        .replacen("achternaam = \"Peeters\"", "achternaam = \"Dé Smet\"", 1)
        .replacen(
            "klantennummer = \"123456\"",
            "klantennummer = \"0012345\"",
            1,
        ),
    )
    .unwrap();
    // A second dossier with an error (too many minutes): listed, with its status.
    copy_dir(
        &fixtures().join("invalid/R16-pakket-overschreden/content/klant"),
        &tmp.path().join("content/fout"),
    );
    tmp
}

fn csv_rows(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn run(root: &Path, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["export", "registratie"];
    all.extend(args);
    let o = popdoc(root, &all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    o.stdout
}

#[test]
fn csv_reads_back_with_rows_sums_and_quoting() {
    let tmp = site_with_tricky_names();
    let rows = csv_rows(&run(tmp.path(), &[]), b';');
    assert_eq!(rows[0][0], "dossier");
    assert_eq!(rows[0].len(), 15);
    assert_eq!(rows[0][14], "pakket");
    assert_eq!(rows[0][12], "geregistreerd op");
    assert_eq!(rows[0][4], "begeleider");
    let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "klant").collect();
    assert_eq!(mine.len(), 4, "intake, two verdiepingen, synthese");
    assert_eq!(
        mine[0][1], "'=Jan; \"Jantje\" Dé Smet",
        "quoted, accents kept, no formula"
    );
    assert_eq!(mine[0][2], "0012345", "leading zeros kept");
    assert_eq!(mine[0][7], "03/02/2025", "Flemish date");
    let dates: Vec<&str> = mine.iter().map(|r| r[7].as_str()).collect();
    assert_eq!(
        dates,
        ["03/02/2025", "17/02/2025", "28/02/2025", "10/03/2025"],
        "by date"
    );
    let sum: i64 = mine.iter().map(|r| r[9].parse::<i64>().unwrap()).sum();
    assert_eq!(sum, 240);
    let fout: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "fout").collect();
    assert!(
        !fout.is_empty() && fout.iter().all(|r| r[13] == "fouten"),
        "an erroneous dossier is listed with its status"
    );
    let dossiers: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(
        dossiers.windows(2).all(|w| w[0] <= w[1]),
        "ordered by dossier: {dossiers:?}"
    );
    let all = String::from_utf8(run(tmp.path(), &[])).unwrap();
    for private in [
        "Overeenkomst getekend",
        "moeilijke periode",
        "Eerste telefoon",
    ] {
        assert!(!all.contains(private), "no notes: {private}");
    }

    // Per cheque, a period, another delimiter.
    let per = csv_rows(
        &run(tmp.path(), &["--per-cheque", "--delimiter", ","]),
        b',',
    );
    let c = per.iter().find(|r| r[0] == "klant").unwrap();
    assert_eq!(
        (c[8].as_str(), c[9].as_str(), c[10].as_str(), c[11].as_str()),
        ("240", "240", "240", "0")
    );
    assert_eq!(
        (c[12].as_str(), c[13].as_str(), c[14].as_str()),
        ("03/02/2025", "10/03/2025", "10/03/2025")
    );
    let feb = csv_rows(
        &run(tmp.path(), &["--van", "2025-02-10", "--tot", "28/02/2025"]),
        b';',
    );
    assert_eq!(feb.iter().filter(|r| r[0] == "klant").count(), 2);
}

#[test]
fn only_what_is_still_to_register_and_never_a_planned_conversation() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let index = tmp.path().join("content/klant/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    // The intake and the first verdieping registered; a verdieping planned.
    let text =
        text.replacen(
            "datum = 2025-02-03\n",
            "datum = 2025-02-03\ngeregistreerd_op = 2025-02-05\n",
            1,
        )
        .replacen(
            "datum = 2025-02-17\n",
            "datum = 2025-02-17\ngeregistreerd_op = 2025-02-20\n",
            1,
        ) + "";
    let (front, body) = text.rsplit_once("+++").unwrap();
    let planned = "[[gesprekken]]\ndatum = 2025-07-10\nsoort = \"verdieping\"\nminuten = 60\nvorm = \"individueel\"\ncheque = 1\ngepland = true\ntijd = \"10:30\"\n\n";
    let front = front.replacen("[[opdrachten]]", &format!("{planned}[[opdrachten]]"), 1);
    std::fs::write(&index, format!("{front}+++{body}")).unwrap();
    let (code, diags) = check_json_with(tmp.path(), &["--today", "2025-07-01"]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    let export = |extra: &[&str]| {
        let mut args = vec!["--today", "2025-07-01", "export", "registratie"];
        args.extend(extra);
        let o = popdoc(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        csv_rows(&o.stdout, b';')
    };
    let all = export(&[]);
    let dates = |rows: &[Vec<String>]| -> Vec<(String, String)> {
        rows[1..]
            .iter()
            .map(|r| (r[7].clone(), r[12].clone()))
            .collect()
    };
    assert_eq!(
        dates(&all),
        [
            ("03/02/2025".into(), "05/02/2025".into()),
            ("17/02/2025".into(), "20/02/2025".into()),
            ("28/02/2025".into(), String::new()),
            ("10/03/2025".into(), String::new()),
        ],
        "every conversation held, with its registration; the planned one not"
    );
    let todo = export(&["--nog-te-registreren"]);
    assert_eq!(
        dates(&todo),
        [
            ("28/02/2025".into(), String::new()),
            ("10/03/2025".into(), String::new()),
        ]
    );
    // The desk counts them.
    let o = popdoc(tmp.path(), &["--today", "2025-07-01", "build", "--no-pdf"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    assert!(
        page.contains("Nog te registreren bij VDAB: 2 gesprekken in 1 dossier"),
        "{page}"
    );
    // Per cheque is a sum over everything: not with --nog-te-registreren.
    let o = popdoc(
        tmp.path(),
        &[
            "export",
            "registratie",
            "--per-cheque",
            "--nog-te-registreren",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn xlsx_keeps_text_numbers_and_dates() {
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    let tmp = site_with_tricky_names();
    let out = tmp.path().join("registratie.xlsx");
    run(
        tmp.path(),
        &["--format", "xlsx", "--out", out.to_str().unwrap()],
    );
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let range = wb.worksheet_range("gesprekken").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows[0][0], Data::String("dossier".into()));
    let mine: Vec<&&[Data]> = rows
        .iter()
        .filter(|r| r[0] == Data::String("klant".into()))
        .collect();
    assert_eq!(mine.len(), 4);
    assert_eq!(
        mine[0][1],
        Data::String("=Jan; \"Jantje\" Dé Smet".into()),
        "text, not a formula"
    );
    assert_eq!(
        mine[0][2],
        Data::String("0012345".into()),
        "leading zeros as text"
    );
    assert!(
        matches!(mine[0][7], Data::DateTime(_)),
        "a date: {:?}",
        mine[0][7]
    );
    let sum: f64 = mine.iter().map(|r| r[9].get_float().unwrap()).sum();
    assert_eq!(sum, 240.0);
    // --out never overwrites without --force.
    let o = popdoc(
        tmp.path(),
        &[
            "export",
            "registratie",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));
    let o = popdoc(
        tmp.path(),
        &[
            "export",
            "registratie",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    // Written to the file: a line says where, in the run's language.
    assert!(
        stdout(&o).starts_with(&format!("geschreven: {}", out.display())),
        "{}",
        stdout(&o)
    );
    let o = popdoc(
        tmp.path(),
        &[
            "--lang",
            "en",
            "export",
            "overzicht",
            "--out",
            out.with_extension("csv").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("written: "), "{}", stdout(&o));
}

/// The tip about leading zeros comes also when the CSV goes to stdout (on
/// stderr, so the rows stay clean).
#[test]
fn the_leading_zero_tip_comes_also_with_the_csv_on_stdout() {
    let tmp = site_with_tricky_names();
    let o = popdoc(tmp.path(), &["export", "registratie"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("begint met 0"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("begint met 0"), "not among the rows");
}
