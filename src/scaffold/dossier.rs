//! `popdoc new "Voornaam Achternaam"`: a new dossier that invents nothing.
//! With an order date, cheque 1 is filled in (and `pop-1.md` made); without
//! one, the dossier is a kennismaking. No conversation, agreement date,
//! intake topic, own initiative or earlier cheque is written other than
//! commented out or empty: the rules ask for them, as to-dos while the
//! trajectory runs.

use std::path::{Path, PathBuf};

use super::{ScaffoldError, create};
use crate::date::Date;

/// What `popdoc new` is asked to make.
#[derive(Debug, Clone, Default)]
pub struct NewDossier {
    /// The client's name as typed ("Ann Sophie Vandenberghe").
    pub name: String,
    /// `--voornaam`, `--achternaam`: over the split of `name`.
    pub voornaam: Option<String>,
    pub achternaam: Option<String>,
    /// `--besteld-op`: cheque 1 ordered on this day.
    pub besteld_op: Option<Date>,
    /// `--krediet`: package 1 is a loopbaankrediet.
    pub krediet: bool,
    /// The coach (`--begeleider`, else `POPDOC_BEGELEIDER`, else the first
    /// of `[centrum] begeleiders`).
    pub begeleider: Option<String>,
}

/// What `popdoc new` made.
#[derive(Debug, Clone)]
pub struct Made {
    pub files: Vec<PathBuf>,
    pub slug: String,
    /// The folder the name would have had, when it was taken (`an-peeters`
    /// for a new `an-peeters-2`).
    pub taken: Option<String>,
    pub voornaam: String,
    pub achternaam: String,
}

/// Words that begin a Flemish, Dutch, French or Arabic surname ("Van der
/// Elst", "De Smet", "El Amrani"): the surname starts at the first of them.
const PARTICLES: &[&str] = &[
    "van", "vanden", "vander", "vande", "de", "der", "den", "di", "da", "del", "della", "du", "le",
    "la", "von", "ver", "t", "'t", "el", "al", "ben", "bin", "abu", "d'",
];

/// The first and last name of a name as typed: the surname starts at the
/// first particle after the first word ("Jan Van der Elst"), else it is the
/// last word ("Ann Sophie Vandenberghe" -> "Ann Sophie", "Vandenberghe").
pub fn split_name(name: &str) -> (String, String) {
    // A slug as the name (`new jan-peeters`): the words it was made of, each
    // with a capital (`Jan`, `Peeters`); `--voornaam` and `--achternaam`
    // correct a hyphenated first name.
    if name.contains('-')
        && !name.contains(char::is_whitespace)
        && name == name.to_lowercase()
        && name.split('-').all(|w| !w.is_empty())
    {
        let spoken: Vec<String> = name
            .split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            })
            .collect();
        return split_name(&spoken.join(" "));
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.len() {
        0 => (String::new(), String::new()),
        1 => (words[0].to_string(), String::new()),
        _ => {
            let at = words
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, w)| PARTICLES.contains(&w.to_lowercase().as_str()))
                .map_or(words.len() - 1, |(i, _)| i);
            (words[..at].join(" "), words[at..].join(" "))
        }
    }
}

/// A TOML basic string's content: backslash, quote and control characters
/// escaped.
fn esc(t: &str) -> String {
    t.chars()
        .map(|c| match c {
            '\\' => "\\\\".to_string(),
            '"' => "\\\"".to_string(),
            c if c.is_control() => format!("\\u{:04X}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// The folder for `name` in `content/`: its slug, or `-2`, `-3`, ... when that
/// is taken (a folder that exists is never touched). (folder, taken slug).
fn folder_for(root: &Path, name: &str) -> Result<(PathBuf, String, Option<String>), ScaffoldError> {
    // Room for a `-2` at the end: the folder is a slug `check` accepts.
    let s = crate::text::slug_within(name, crate::limits::MAX_SLUG - 4);
    if s.is_empty() {
        return Err(ScaffoldError::BadName(name.to_string()));
    }
    let content = root.join("content");
    let free = std::iter::once(s.clone())
        .chain((2..1000).map(|i| format!("{s}-{i}")))
        .find(|slug| std::fs::symlink_metadata(content.join(slug)).is_err());
    match free {
        Some(slug) => {
            let taken = (slug != s).then_some(s);
            Ok((content.join(&slug), slug, taken))
        }
        None => Err(ScaffoldError::Exists(content.join(&s))),
    }
}

/// `popdoc new`.
pub fn new_dossier(root: &Path, new: &NewDossier) -> Result<Made, ScaffoldError> {
    let (dir, slug, taken) = folder_for(root, &new.name)?;
    let (v, a) = split_name(&new.name);
    let voornaam = new.voornaam.clone().unwrap_or(v);
    let achternaam = new.achternaam.clone().unwrap_or(a);
    let begeleider = new.begeleider.clone().unwrap_or_default();
    let cheque = match new.besteld_op {
        Some(d) if new.krediet => format!(
            "[[cheques]]\nnummer = 1\npakket = \"loopbaankrediet\"      # vanaf 2027 (regels nog niet gepubliceerd: `popdoc rules --sets`)\nbesteld_op = {d}          # bepaalt de regelset\n# chequenummer = \"\"             # het nummer van het krediet, als er een is\n"
        ),
        Some(d) => format!(
            "[[cheques]]\nnummer = 1\nbesteld_op = {d}          # bepaalt de regelset (`popdoc rules --sets`)\n# chequenummer = \"\"             # zoals op de cheque: VDAB vraagt het bij het eerste gesprek\n# geldig_tot = {}        # geldigheid op de cheque (anders 3 maanden na de bestelling)\n",
            d.plus_months(3)
        ),
        None => "# Nog geen pakket: een kennismaking. Zodra de klant een cheque bestelde:\n# [[cheques]]\n# nummer = 1\n# besteld_op = jjjj-mm-dd         # bepaalt de regelset (`popdoc rules --sets`)\n# chequenummer = \"\"\n".to_string(),
    };
    let index = TEMPLATE_INDEX
        .replace("{voornaam}", &esc(&voornaam))
        .replace("{achternaam}", &esc(&achternaam))
        .replace("{begeleider}", &esc(&begeleider))
        .replace("{cheque}", &cheque);
    create(&dir.join("index.md"), &index)?;
    let mut files = vec![dir.join("index.md")];
    if let Some(d) = new.besteld_op {
        create(&dir.join("pop-1.md"), &pop_template(1, d, new.krediet))?;
        files.push(dir.join("pop-1.md"));
    }
    Ok(Made {
        files,
        slug,
        taken,
        voornaam,
        achternaam,
    })
}

/// The example dossier of `popdoc init`: a complete trajectory.
pub(super) fn example(root: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let (dir, _, _) = folder_for(root, "An Peeters")?;
    create(&dir.join("index.md"), EXAMPLE_INDEX)?;
    create(&dir.join("pop-1.md"), EXAMPLE_POP)?;
    Ok(vec![dir.join("index.md"), dir.join("pop-1.md")])
}

/// `pop-N.md` of a cheque ordered on `besteld_op`, its sections empty.
pub(super) fn pop_template(n: u8, besteld_op: Date, krediet: bool) -> String {
    let package = if krediet {
        "het loopbaankrediet".to_string()
    } else {
        format!("cheque {n}")
    };
    TEMPLATE_POP
        .replace("{package}", &package)
        .replace("{n}", &n.to_string())
        .replace("{besteld}", &besteld_op.to_string())
}

const TEMPLATE_INDEX: &str = r#"+++
[klant]
voornaam = "{voornaam}"
achternaam = "{achternaam}"
opleidingsniveau = "onbekend"    # hoog | midden | kort | onbekend
# klantennummer = ""             # zoals op de cheque
# eerder_loopbaancheque = false  # vraag het bij de intake: sinds 1 november 2025 krijgt
                                 # enkel wie er nooit een gebruikte een cheque

[begeleider]
naam = "{begeleider}"

{cheque}
[intake]
# overeenkomst_ondertekend_op = jjjj-mm-dd   # de dag dat de klant de overeenkomst tekende
# eigen_initiatief = true                    # vraag het bij de intake
# deel_van_andere_begeleiding = false        # outplacement of een andere begeleiding?
toegelicht = [                   # de tien onderwerpen, zodra ze toegelicht zijn:
  # "recht", "financiele-bijdrage", "gedragscode", "klachtenprocedure",
  # "confidentialiteit", "gelijke-behandeling", "loopbaandoelstelling",
  # "loopbaanvraag", "inhoud-en-pop", "overeenkomst",
]

# Elk gesprek, zodra het plaatsvond (of gepland, met `gepland = true`):
# [[gesprekken]]
# datum = jjjj-mm-dd
# soort = "kennismaking"         # kennismaking | intake | verdieping | synthese | nazorg
# minuten = 30
# vorm = "individueel"           # individueel | groep
# kanaal = "telefonisch"         # fysiek | online | telefonisch
# cheque = 1                     # het pakket waarop het aangerekend wordt (niet bij een
#                                # kennismaking); 0: gratis, niet aangerekend (een
#                                # kennismaking of een verdieping, zoals een infosessie)
# gepland = true                 # nog te komen: telt nergens mee, staat in de agenda
# tijd = "14:00"                 # het uur, voor de agenda
# geregistreerd_op = jjjj-mm-dd  # de dag dat je het bij VDAB registreerde
# notities = ""                  # privé: komt in geen enkel document

# [[opdrachten]]
# titel = ""
# gegeven_op = jjjj-mm-dd
# besproken_op = jjjj-mm-dd

# [[opleidingen]]
# naam = ""
# verstrekker = ""
# academiejaar = "2026-2027"
# incentives = ["opleidingscheques"]
# pop = 1
# attest = true
# attest_op = jjjj-mm-dd
# enkel_voor_incentive = false

[privacy]
pop_in_dossier = true            # false: de klant houdt de POP zelf bij
publiceren = false

# Elke uitnodiging voor de anonieme evaluatie:
# [[evaluaties]]
# cheque = 1                     # het pakket dat ze afsluit (weglaten: elk pakket)
# uitgenodigd_op = jjjj-mm-dd

# [dossier]
# gearchiveerd_op = jjjj-mm-dd   # het traject is afgesloten en gaat naar het archief
+++
Notities van de begeleider (privé).
"#;

const TEMPLATE_POP: &str = r#"+++
cheque = {n}
# gefinaliseerd_op = jjjj-mm-dd  # na de synthese van {package} (besteld op {besteld})
soort = "actiegericht"           # reflexief | actiegericht
# ondertekend_op = jjjj-mm-dd    # de dag dat de klant tekende (dan is de POP ondertekend)
# zonder_handtekening = ""       # de klant tekent niet, en waarom (blijft privé)
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

const EXAMPLE_INDEX: &str = include_str!("../../content/an-peeters/index.md");
const EXAMPLE_POP: &str = include_str!("../../content/an-peeters/pop-1.md");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_as_a_flemish_coach_writes_them() {
        let s = |n: &str| {
            let (v, a) = split_name(n);
            format!("{v}|{a}")
        };
        assert_eq!(s("Ann Sophie Vandenberghe"), "Ann Sophie|Vandenberghe");
        assert_eq!(s("Jan Van der Elst"), "Jan|Van der Elst");
        assert_eq!(s("Marie-Louise De Smet"), "Marie-Louise|De Smet");
        assert_eq!(s("Ahmed El Amrani"), "Ahmed|El Amrani");
        assert_eq!(s("An Peeters"), "An|Peeters");
        assert_eq!(s("Madonna"), "Madonna|");
        // A slug given as the name: its words, with capitals.
        assert_eq!(s("jan-peeters"), "Jan|Peeters");
        assert_eq!(s("sofie-van-damme"), "Sofie|Van Damme");
        assert_eq!(s("Marie-Louise"), "Marie-Louise|");
    }

    #[test]
    fn new_invents_nothing_and_never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let new = |name: &str, besteld_op: Option<Date>| NewDossier {
            name: name.into(),
            besteld_op,
            ..NewDossier::default()
        };
        let made = new_dossier(tmp.path(), &new("Jérôme Çelik", None)).unwrap();
        assert!(made.files[0].ends_with("content/jerome-celik/index.md"));
        assert_eq!(made.files.len(), 1, "a kennismaking has no POP yet");
        let text = std::fs::read_to_string(&made.files[0]).unwrap();
        assert!(text.contains("voornaam = \"Jérôme\"") && text.contains("achternaam = \"Çelik\""));
        let front = text.split("+++").nth(1).unwrap();
        let t: toml::Table = toml::from_str(front).unwrap();
        assert!(t.get("cheques").is_none() && t.get("gesprekken").is_none());
        let intake = t["intake"].as_table().unwrap();
        assert_eq!(intake.len(), 1, "only an empty `toegelicht`: {intake:?}");
        assert!(t["klant"].get("eerder_loopbaancheque").is_none());
        let second =
            new_dossier(tmp.path(), &new("Jerome Celik", Date::new(2026, 11, 20))).unwrap();
        assert_eq!(second.slug, "jerome-celik-2");
        assert_eq!(second.taken.as_deref(), Some("jerome-celik"));
        let text = std::fs::read_to_string(&second.files[0]).unwrap();
        assert!(text.contains("besteld_op = 2026-11-20"), "{text}");
        assert!(second.files[1].ends_with("pop-1.md"));
        let odd = new_dossier(tmp.path(), &new("An \"Q\" \\ Peeters\n", None)).unwrap();
        let text = std::fs::read_to_string(&odd.files[0]).unwrap();
        let front = text.split("+++").nth(1).unwrap();
        assert!(toml::from_str::<toml::Table>(front).is_ok(), "{front}");
        assert!(matches!(
            new_dossier(tmp.path(), &new("!!!", None)),
            Err(ScaffoldError::BadName(_))
        ));
    }
}
