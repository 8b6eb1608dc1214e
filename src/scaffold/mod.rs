//! `popdoc init` and `popdoc new`: a working site and new dossiers, never
//! overwriting a file that exists. `dossier.rs` writes a new dossier (inventing
//! no fact: what the coach has not recorded stays commented out or empty, so
//! the rules ask for it), `cheque.rs` adds a second cheque to one.

mod cheque;
mod dossier;

use std::path::{Path, PathBuf};

use crate::diag::{Msg, ui_lang};

pub use cheque::add_cheque;
pub use dossier::{Made, NewDossier, new_dossier, split_name};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
    #[error("{0}")]
    Refused(String),
    #[error("{}", Msg::new("ui-scaffold-exists").arg("path", .0.display()).render(ui_lang()))]
    Exists(PathBuf),
    #[error("{}", Msg::new("ui-scaffold-bad-name").arg("name", .0).render(ui_lang()))]
    BadName(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub(crate) fn create(path: &Path, text: &str) -> Result<(), ScaffoldError> {
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

/// The centre's name `popdoc init` writes (R59 warns while it is there).
pub const EXAMPLE_CENTRE: &str = "Mijn loopbaancentrum vzw";

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
ondernemingsnummer = "0000.000.097"  # het KBO-nummer van het centrum (controlecijfer wordt nagekeken)
# begeleiders = ["Voornaam Achternaam"]   # de begeleiders; de eerste vult `popdoc new` in
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
    made.extend(dossier::example(dir)?);
    Ok(made)
}
