//! `popdoc init` and `popdoc new`: a working site and new dossiers, never
//! overwriting a file that exists.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
    #[error("{0}")]
    Refused(String),
    #[error("{0}: already exists; popdoc never overwrites your files")]
    Exists(PathBuf),
    #[error("\"{0}\" gives no usable folder name; use letters in the name")]
    BadName(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn create(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists(path.to_path_buf()));
    }
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(|source| ScaffoldError::Io {
            path: p.to_path_buf(),
            source,
        })?;
    }
    crate::write::write_atomic(path, text.as_bytes()).map_err(|e| ScaffoldError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })
}

const CONFIG: &str = r#"title = "Mijn loopbaancentrum"
language = "nl"
output_dir = "public"
theme = "default"
# rule_set = "vdab-2025t"    # één regelset voor alle cheques vastpinnen
# allow_raw_html = false     # ruwe HTML in Markdown wordt getoond als tekst
# client_dir = "klant"       # POP's die de klant zelf bijhoudt
# retention_years = 5        # waarschuw bij oudere dossiers
# coach_notes = false        # true: pagina met de notities van de begeleider

[centrum]
naam = "Mijn loopbaancentrum vzw"
ondernemingsnummer = "0123.456.789"
adres = "Kerkstraat 1, 9000 Gent"
"#;

/// `popdoc init [DIR]`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let cfg = dir.join("popdoc.toml");
    if cfg.exists() {
        return Err(ScaffoldError::Exists(cfg));
    }
    create(&cfg, CONFIG)?;
    let mut made = vec![cfg];
    create(&dir.join(".gitignore"), "public/\nklant/\n").ok();
    made.extend(new_dossier(dir, "An Peeters", true)?);
    Ok(made)
}

/// `popdoc new "Voornaam Achternaam"`. With `example`, the dossier is filled in
/// as a complete trajectory; otherwise every field is listed to fill.
pub fn new_dossier(root: &Path, name: &str, example: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    // Room for a `-2` at the end: the folder is a slug `check` accepts.
    let s = crate::text::slug_within(name, crate::limits::MAX_SLUG - 4);
    if s.is_empty() {
        return Err(ScaffoldError::BadName(name.to_string()));
    }
    // Two clients with the same name: the second gets `-2`, `-3`, ... (a
    // folder that exists is never touched).
    let content = root.join("content");
    let Some(dir) = std::iter::once(s.clone())
        .chain((2..1000).map(|i| format!("{s}-{i}")))
        .map(|slug| content.join(slug))
        .find(|d| std::fs::symlink_metadata(d).is_err())
    else {
        return Err(ScaffoldError::Exists(content.join(&s)));
    };
    let (voornaam, achternaam) = match name.trim().split_once(' ') {
        Some((v, a)) => (v.trim(), a.trim()),
        None => (name.trim(), ""),
    };
    // A TOML basic string: backslash, quote and control characters escaped.
    let esc = |t: &str| {
        t.chars()
            .map(|c| match c {
                '\\' => "\\\\".to_string(),
                '"' => "\\\"".to_string(),
                c if c.is_control() => format!("\\u{:04X}", u32::from(c)),
                c => c.to_string(),
            })
            .collect::<String>()
    };
    let index = if example {
        EXAMPLE_INDEX.to_string()
    } else {
        TEMPLATE_INDEX.to_string()
    }
    .replace("{voornaam}", &esc(voornaam))
    .replace("{achternaam}", &esc(achternaam));
    let pop = if example { EXAMPLE_POP } else { TEMPLATE_POP };
    create(&dir.join("index.md"), &index)?;
    create(&dir.join("pop-1.md"), pop)?;
    Ok(vec![dir.join("index.md"), dir.join("pop-1.md")])
}

/// `popdoc new <slug> --cheque 2 --besteld-op DATE`: adds `pop-N.md` and an
/// `[[cheques]]` entry to an existing dossier. Every other line and comment
/// of index.md stays as the coach wrote it (toml_edit); index.md is replaced
/// atomically, `pop-N.md` is never overwritten. Refused when cheque 1's rule
/// set (or the new date's) has no package for cheque N, e.g. the single
/// transitional cheque.
pub fn add_cheque(
    site: &crate::model::Site,
    slug_: &str,
    n: u8,
    besteld_op: crate::date::Date,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let refuse = |m: String| Err(ScaffoldError::Refused(m));
    let dir = site.root.join("content").join(slug_);
    let index = dir.join("index.md");
    let pop = dir.join(format!("pop-{n}.md"));
    if !crate::text::valid_slug(slug_) || !index.is_file() {
        return refuse(format!("{}: geen dossier met die naam", index.display()));
    }
    if n != 2 {
        return refuse(format!(
            "--cheque {n}: enkel cheque 2 kan toegevoegd worden"
        ));
    }
    if pop.exists() {
        return Err(ScaffoldError::Exists(pop));
    }
    let entry = site.entries.iter().find(|e| e.slug == slug_);
    let Some(d) = entry.and_then(|e| e.dossier.as_ref()) else {
        return refuse(format!(
            "{}: kan niet gelezen worden; herstel eerst de fouten (`popdoc check`)",
            index.display()
        ));
    };
    let Some(first) = d.cheques.iter().find(|c| c.nummer.v == 1) else {
        return refuse(format!("{}: heeft geen cheque 1", index.display()));
    };
    if d.cheques.iter().any(|c| c.nummer.v == i64::from(n)) {
        return refuse(format!("{}: heeft al een cheque {n}", index.display()));
    }
    for rs in [first.ruleset.clone(), site.rulesets.for_date(besteld_op)]
        .into_iter()
        .flatten()
    {
        if rs.pakket(i64::from(n)).is_none() {
            return refuse(format!(
                "onder `{}` bestaat geen cheque {n} ({}): een klant heeft er maar één",
                rs.id, rs.naam
            ));
        }
    }
    let text = std::fs::read_to_string(&index).map_err(|source| ScaffoldError::Io {
        path: index.clone(),
        source,
    })?;
    let file = crate::source::FileId(0);
    let split = crate::load::frontmatter::split(file, &text)
        .map_err(|_| ScaffoldError::Refused(format!("{}: geen front matter", index.display())))?;
    let mut doc: toml_edit::DocumentMut = text[split.toml.clone()]
        .parse()
        .map_err(|e| ScaffoldError::Refused(format!("{}: {e}", index.display())))?;
    let mut table = toml_edit::Table::new();
    table.insert("nummer", toml_edit::value(i64::from(n)));
    table.insert(
        "besteld_op",
        toml_edit::value(
            besteld_op
                .to_string()
                .parse::<toml_edit::Datetime>()
                .map_err(|e| ScaffoldError::Refused(e.to_string()))?,
        ),
    );
    match doc
        .get_mut("cheques")
        .and_then(|c| c.as_array_of_tables_mut())
    {
        Some(list) => {
            // Right after the last cheque, not at the end of the file.
            let after = list.iter().filter_map(|t| t.position()).max();
            if let Some(p) = after {
                table.set_position(Some(p));
            }
            list.push(table);
        }
        None => return refuse(format!("{}: geen [[cheques]]", index.display())),
    }
    let new_index = format!(
        "{}{}{}",
        &text[..split.toml.start],
        doc,
        &text[split.toml.end..]
    );
    let new_pop = TEMPLATE_POP.replacen("cheque = 1", &format!("cheque = {n}"), 1);
    crate::write::rewrite_source(&index, &new_index)?;
    create(&pop, &new_pop)?;
    Ok(vec![index, pop])
}

const TEMPLATE_INDEX: &str = r#"+++
[klant]
voornaam = "{voornaam}"
achternaam = "{achternaam}"
opleidingsniveau = "onbekend"    # hoog | midden | kort | onbekend
# klantennummer = ""             # zoals op de cheque
eerder_loopbaancheque = false    # vraag het bij de intake: sinds 1 november 2025
                                 # krijgt enkel wie er nooit een gebruikte een cheque

[begeleider]
naam = ""

[[cheques]]
nummer = 1
besteld_op = 2026-01-05          # bepaalt de regelset (`popdoc rules --sets`)
# chequenummer = ""
# geldig_tot = 2026-04-05        # geldigheid op de cheque (anders 3 maanden)

[intake]
overeenkomst_ondertekend_op = 2026-01-12
eigen_initiatief = true
deel_van_andere_begeleiding = false
toegelicht = [
  "recht", "financiele-bijdrage", "gedragscode", "klachtenprocedure",
  "confidentialiteit", "gelijke-behandeling", "loopbaandoelstelling",
  "loopbaanvraag", "inhoud-en-pop", "overeenkomst",
]

[[gesprekken]]
datum = 2026-01-12
soort = "intake"                 # kennismaking | intake | verdieping | synthese | nazorg
minuten = 60
vorm = "individueel"             # individueel | groep
kanaal = "fysiek"                # fysiek | online | telefonisch
cheque = 1
notities = ""                    # privé: komt in geen enkel document

# [[opdrachten]]
# titel = ""
# gegeven_op = 2026-01-12
# besproken_op = 2026-01-26

# [[opleidingen]]
# naam = ""
# verstrekker = ""
# academiejaar = "2026-2027"
# incentives = ["opleidingscheques"]
# pop = 1
# attest = true
# attest_op = 2026-03-01
# enkel_voor_incentive = false

[privacy]
pop_in_dossier = true            # false: de klant houdt de POP zelf bij
publiceren = false

# [evaluatie]
# uitgenodigd_op = 2026-03-01
+++
Notities van de begeleider (privé).
"#;

const TEMPLATE_POP: &str = r#"+++
cheque = 1
# gefinaliseerd_op = 2026-03-01
soort = "actiegericht"           # reflexief | actiegericht
ondertekend = false
# handtekening = "handtekening.png"
# opleidingen = []
+++
## Loopbaanvraag

## Reflecties en inzichten

## Keuzes, beslissingen en acties

## Actieplan

| Actie | Wanneer | Status |
|---|---|---|

## Evolutie

"#;

const EXAMPLE_INDEX: &str = include_str!("../content/an-peeters/index.md");
const EXAMPLE_POP: &str = include_str!("../content/an-peeters/pop-1.md");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_makes_slugged_folder_and_never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let made = new_dossier(tmp.path(), "Jérôme Çelik", false).unwrap();
        assert!(made[0].ends_with("content/jerome-celik/index.md"));
        let text = std::fs::read_to_string(&made[0]).unwrap();
        assert!(text.contains("voornaam = \"Jérôme\"") && text.contains("achternaam = \"Çelik\""));
        let second = new_dossier(tmp.path(), "Jerome Celik", false).unwrap();
        assert!(
            second[0].ends_with("content/jerome-celik-2/index.md"),
            "{second:?}"
        );
        assert!(
            std::fs::read_to_string(&made[0])
                .unwrap()
                .contains("Jérôme"),
            "the first is untouched"
        );
        let odd = new_dossier(tmp.path(), "An \"Q\" \\ Peeters\n", false).unwrap();
        let text = std::fs::read_to_string(&odd[0]).unwrap();
        let front = text.split("+++").nth(1).unwrap();
        assert!(toml::from_str::<toml::Table>(front).is_ok(), "{front}");
        assert!(matches!(
            new_dossier(tmp.path(), "!!!", false),
            Err(ScaffoldError::BadName(_))
        ));
    }
}
