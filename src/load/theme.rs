//! Themes: the built-in ones, compiled into the binary, and a site's own
//! files over them, read once into a [`Theme`] that the renderers take as
//! values. A theme is `templates/` (tera, HTML), `typst/` (the PDFs) and
//! `static/` (the stylesheet).
//! `default` is calm and formal, for the centre and its archive; `warm` is a
//! friendlier one for the client's own bundle and documents. A built-in theme
//! other than `default` holds only the files it changes. A site picks a theme
//! with `theme = "..."` (or `--theme`), and may override any file from its own
//! `themes/<name>/` or `templates/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::LoadError;

/// (kind, name, content) of the default theme.
const DEFAULT: &[(&str, &str, &str)] = &[
    (
        "templates",
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "templates",
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "templates",
        "overzicht.html",
        include_str!("../../themes/default/templates/overzicht.html"),
    ),
    (
        "templates",
        "dossier.html",
        include_str!("../../themes/default/templates/dossier.html"),
    ),
    (
        "templates",
        "pop.html",
        include_str!("../../themes/default/templates/pop.html"),
    ),
    (
        "templates",
        "notes.html",
        include_str!("../../themes/default/templates/notes.html"),
    ),
    (
        "templates",
        "klant-base.html",
        include_str!("../../themes/default/templates/klant-base.html"),
    ),
    (
        "templates",
        "klant-index.html",
        include_str!("../../themes/default/templates/klant-index.html"),
    ),
    (
        "templates",
        "klant-pop.html",
        include_str!("../../themes/default/templates/klant-pop.html"),
    ),
    (
        "static",
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "typst",
        "common.typ",
        include_str!("../../themes/default/typst/common.typ"),
    ),
    (
        "typst",
        "md.typ",
        include_str!("../../themes/default/typst/md.typ"),
    ),
    (
        "typst",
        "pop.typ",
        include_str!("../../themes/default/typst/pop.typ"),
    ),
    (
        "typst",
        "checklist.typ",
        include_str!("../../themes/default/typst/checklist.typ"),
    ),
    (
        "typst",
        "attest.typ",
        include_str!("../../themes/default/typst/attest.typ"),
    ),
    (
        "typst",
        "dossier.typ",
        include_str!("../../themes/default/typst/dossier.typ"),
    ),
];

/// The files `warm` changes.
const WARM: &[(&str, &str, &str)] = &[
    (
        "static",
        "style.css",
        include_str!("../../themes/warm/static/style.css"),
    ),
    (
        "typst",
        "common.typ",
        include_str!("../../themes/warm/typst/common.typ"),
    ),
];

/// The names of the built-in themes.
pub const BUILTIN: [&str; 2] = ["default", "warm"];

/// A built-in file of `theme` (falling back to `default`).
pub fn file(theme: &str, kind: &str, name: &str) -> Option<&'static str> {
    let own: &[(&str, &str, &str)] = if theme == "warm" { WARM } else { &[] };
    own.iter()
        .chain(DEFAULT)
        .find(|(k, n, _)| *k == kind && *n == name)
        .map(|(_, _, c)| *c)
}

/// Names of the files of one kind (`templates`, `typst`, `static`).
pub fn names(kind: &str) -> Vec<&'static str> {
    DEFAULT
        .iter()
        .filter(|(k, _, _)| *k == kind)
        .map(|(_, n, _)| *n)
        .collect()
}

/// Whether `theme` is built in or the site has `themes/<theme>/` (a plain
/// name: no path, not empty, not `.` or `..`).
pub fn exists(root: &std::path::Path, theme: &str) -> bool {
    let plain = !theme.is_empty()
        && theme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plain && (BUILTIN.contains(&theme) || root.join("themes").join(theme).is_dir())
}

/// One file of a theme as the renderers use it.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Where it came from, as error messages name it: `templates/pop.typ`
    /// for a site's own file, `<ingebouwd>/typst/pop.typ` for popdoc's.
    pub origin: String,
    pub text: Arc<str>,
    /// Whether it is the site's own file (its `templates/` or `themes/`).
    pub own: bool,
}

/// Every file of a site's theme, read once: the built-in files with the
/// site's `themes/<name>/<kind>/` and `templates/` over them (a file in
/// `templates/` wins). Only files popdoc knows by name are read.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    files: BTreeMap<(&'static str, &'static str), ThemeFile>,
}

/// The kinds of theme files.
pub const KINDS: [&str; 3] = ["templates", "typst", "static"];

impl Theme {
    /// Reads the theme `name` of the site at `root` (built-in or in
    /// `themes/`; the caller checked that it exists).
    pub fn read(root: &Path, name: &str) -> Result<Theme, LoadError> {
        let mut files = BTreeMap::new();
        for kind in KINDS {
            for file_name in names(kind) {
                let builtin = file(name, kind, file_name).unwrap_or_default();
                let mut chosen = ThemeFile {
                    origin: format!("<ingebouwd>/{kind}/{file_name}"),
                    text: Arc::from(builtin),
                    own: false,
                };
                for dir in [
                    root.join("themes").join(name).join(kind),
                    root.join("templates"),
                ] {
                    let p = dir.join(file_name);
                    if p.is_file() {
                        let text = std::fs::read_to_string(&p).map_err(|source| LoadError::Io {
                            path: p.clone(),
                            source,
                        })?;
                        chosen = ThemeFile {
                            origin: crate::load::display_name(root, &p),
                            text: Arc::from(text),
                            own: true,
                        };
                    }
                }
                files.insert((kind, file_name), chosen);
            }
        }
        Ok(Theme {
            name: name.to_string(),
            files,
        })
    }

    /// The built-in theme `name` alone (no site files).
    pub fn builtin(name: &str) -> Theme {
        let mut files = BTreeMap::new();
        for kind in KINDS {
            for file_name in names(kind) {
                files.insert(
                    (kind, file_name),
                    ThemeFile {
                        origin: format!("<ingebouwd>/{kind}/{file_name}"),
                        text: Arc::from(file(name, kind, file_name).unwrap_or_default()),
                        own: false,
                    },
                );
            }
        }
        Theme {
            name: name.to_string(),
            files,
        }
    }

    /// One file (`kind` is `templates`, `typst` or `static`).
    pub fn get(&self, kind: &str, name: &str) -> Option<&ThemeFile> {
        self.files
            .iter()
            .find(|((k, n), _)| *k == kind && *n == name)
            .map(|(_, f)| f)
    }

    /// The files of one kind, by name.
    pub fn of_kind<'a>(
        &'a self,
        kind: &'a str,
    ) -> impl Iterator<Item = (&'static str, &'a ThemeFile)> + 'a {
        self.files
            .iter()
            .filter(move |((k, _), _)| *k == kind)
            .map(|((_, n), f)| (*n, f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_changes_only_its_own_files() {
        assert_ne!(
            file("warm", "static", "style.css"),
            file("default", "static", "style.css")
        );
        assert_eq!(
            file("warm", "typst", "pop.typ"),
            file("default", "typst", "pop.typ")
        );
        assert!(file("default", "templates", "klant-index.html").is_some());
        assert_eq!(
            names("typst").len(),
            6,
            "common, md, pop, checklist, attest, dossier"
        );
    }
}
