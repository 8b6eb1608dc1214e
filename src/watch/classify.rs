//! Which changed paths matter, and what each asks for: `popdoc.toml` or
//! `rules/` everything, `templates/` or `themes/` the theme, a folder under
//! `content/` that dossier. Output folders, editor scratch files, `target/`
//! and `.git/` are not changes of the site.

use std::path::{Component, Path, PathBuf};

use crate::build::session::Changes;

/// What a changed path asks for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `popdoc.toml` or `rules/`: reload everything.
    Settings,
    /// `templates/` or `themes/`: reload the theme, re-render everything.
    Templates,
    /// One dossier folder under `content/`.
    Dossier(String),
}

/// Adds one change to a batch.
pub fn add(changes: &mut Changes, c: Change) {
    match c {
        Change::Settings => changes.settings = true,
        Change::Templates => changes.templates = true,
        Change::Dossier(s) => {
            changes.dossiers.insert(s);
        }
    }
}

/// What a session watches (see `events::watched`).
#[derive(Debug, Clone, Default)]
pub struct Watched {
    /// Folders whose changes are not changes of the site.
    pub ignored: Vec<PathBuf>,
    /// Files elsewhere whose change reloads everything (the logo).
    pub settings: Vec<PathBuf>,
}

/// Classifies a changed path (absolute or relative to `root`); `None` for
/// paths that do not affect the site (output folders, editor swap files, ...).
pub fn classify(root: &Path, watched: &Watched, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if rel.is_absolute() || watched.ignored.iter().any(|i| rel.starts_with(i)) {
        return None;
    }
    if watched.settings.iter().any(|s| rel == s) {
        return Some(Change::Settings);
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_string_lossy().into_owned(),
            _ => String::new(),
        })
        .collect();
    let name = parts.last()?;
    if is_scratch(name) || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    match parts[0].as_str() {
        "popdoc.toml" if parts.len() == 1 => Some(Change::Settings),
        "rules" => Some(Change::Settings),
        "templates" | "themes" => Some(Change::Templates),
        "content" if parts.len() >= 2 => {
            let slug = &parts[1];
            if slug.starts_with('_') || slug.starts_with('.') {
                None
            } else if !crate::text::valid_slug(slug) {
                // Reported (F14) and never built: a full reload says so.
                Some(Change::Settings)
            } else {
                Some(Change::Dossier(slug.clone()))
            }
        }
        _ => None,
    }
}

/// Editor and system scratch files: swap, backup, lock and temp files.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|e| name.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;

    #[test]
    fn classifies_paths() {
        let root = Path::new("/site");
        let watched = Watched {
            ignored: vec![PathBuf::from("public"), PathBuf::from("klant")],
            settings: vec![PathBuf::from("beeld/logo.png")],
        };
        let c = |p: &str| classify(root, &watched, Path::new(p));
        assert_eq!(c("/site/beeld/logo.png"), Some(Change::Settings));
        assert_eq!(c("/site/beeld/ander.png"), None);
        assert_eq!(c("/site/popdoc.toml"), Some(Change::Settings));
        assert_eq!(c("/site/rules/x.toml"), Some(Change::Settings));
        assert_eq!(c("/site/templates/pop.html"), Some(Change::Templates));
        assert_eq!(
            c("/site/content/an/index.md"),
            Some(Change::Dossier("an".into()))
        );
        assert_eq!(c("/site/content/an"), Some(Change::Dossier("an".into())));
        assert_eq!(c("/site/content/an/.index.md.swp"), None);
        assert_eq!(c("/site/content/an/index.md~"), None);
        assert_eq!(c("/site/content/an/4913"), None);
        assert_eq!(c("/site/content/_concept/index.md"), None);
        assert_eq!(c("/site/public/an/index.html"), None);
        assert_eq!(c("/site/klant/an/pop-1.pdf"), None);
        assert_eq!(c("/site/README.md"), None);
        assert_eq!(c("/elders/content/an/index.md"), None);
    }

    #[test]
    fn a_batch_reduces_to_what_must_be_rebuilt() {
        let mut p = Changes::default();
        assert!(p.is_empty());
        add(&mut p, Change::Dossier("b".into()));
        add(&mut p, Change::Dossier("a".into()));
        assert_eq!(p.describe(Lang::Nl), "a, b");
        add(&mut p, Change::Templates);
        assert_eq!(p.describe(Lang::En), "templates");
        add(&mut p, Change::Settings);
        assert!(p.settings);
        assert_eq!(p.describe(Lang::Nl), "alles (instellingen of regels)");
    }
}
