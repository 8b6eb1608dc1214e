//! The built-in themes, compiled into the binary. A theme is `templates/`
//! (tera, HTML), `typst/` (the PDFs) and `static/` (the stylesheet).
//! `default` is calm and formal, for the centre and its archive; `warm` is a
//! friendlier one for the client's own bundle and documents. A built-in theme
//! other than `default` holds only the files it changes. A site picks a theme
//! with `theme = "..."` (or `--theme`), and may override any file from its own
//! `themes/<name>/` or `templates/`.

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

/// Whether `theme` is built in or the site has `themes/<theme>/`.
pub fn exists(root: &std::path::Path, theme: &str) -> bool {
    BUILTIN.contains(&theme) || root.join("themes").join(theme).is_dir()
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
        assert_eq!(names("typst").len(), 5);
    }
}
