//! HTML through tera 2. The built-in templates are those of the theme
//! (`render::theme`), embedded in the binary; a site overrides any of them by name from its own
//! `templates/` (or from `themes/<theme>/templates/`). Autoescape stays on:
//! only the pre-rendered, already escaped POP body and the SVG chart are
//! marked `safe`.

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

/// A static file of the theme (`style.css`): the site's `templates/<name>`,
/// else `themes/<theme>/static/<name>`, else the built-in one.
pub fn static_file(root: &Path, theme: &str, name: &str) -> Result<Vec<u8>, TemplateError> {
    let custom = [
        root.join("templates").join(name),
        root.join("themes").join(theme).join("static").join(name),
    ]
    .into_iter()
    .find(|p| p.is_file());
    match custom {
        Some(p) => std::fs::read(&p).map_err(|e| TemplateError {
            name: p.display().to_string(),
            detail: e.to_string(),
        }),
        None => Ok(crate::render::theme::file(theme, "static", name)
            .unwrap_or_default()
            .as_bytes()
            .to_vec()),
    }
}

/// A template problem: operational (exit code 2), with the template's name and
/// tera's own report (which carries the line and column).
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {detail}")]
pub struct TemplateError {
    pub name: String,
    pub detail: String,
}

/// tera's report, with each template named by the file it came from
/// (`templates/pop.html:1:7`, not `pop.html:1:7`).
fn report(name: &str, e: &tera::Error, origins: &[(String, String)]) -> TemplateError {
    let mut detail = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        detail.push_str(&format!("\n  {s}"));
        src = s.source();
    }
    let mut name = name.to_string();
    for (n, origin) in origins {
        let before = format!("--> {n}:");
        if detail.contains(&before) {
            detail = detail.replace(&before, &format!("--> {origin}:"));
            if name == "templates" {
                name = origin.clone();
            }
        }
        if name == *n {
            name = origin.clone();
        }
    }
    TemplateError { name, detail }
}

/// The loaded templates of a site.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    /// (template name, the file it came from) for error messages.
    origins: Vec<(String, String)>,
    /// (template name, hash of its text) for the incremental cache.
    hashes: Vec<(String, String)>,
}

impl Templates {
    /// Built-ins, then the theme's and the site's overrides by name.
    pub fn load(root: &Path, theme: &str) -> Result<Templates, TemplateError> {
        let builtin = crate::render::theme::names("templates");
        let mut chosen: Vec<(String, String)> = builtin
            .iter()
            .map(|n| {
                let text = crate::render::theme::file(theme, "templates", n).unwrap_or_default();
                (n.to_string(), text.to_string())
            })
            .collect();
        let mut origins: Vec<(String, String)> = builtin
            .iter()
            .map(|n| (n.to_string(), format!("<ingebouwd>/templates/{n}")))
            .collect();
        for dir in [
            root.join("themes").join(theme).join("templates"),
            root.join("templates"),
        ] {
            if !dir.is_dir() {
                continue;
            }
            for name in &builtin {
                let p = dir.join(name);
                if p.is_file() {
                    let text = std::fs::read_to_string(&p).map_err(|e| TemplateError {
                        name: p.display().to_string(),
                        detail: e.to_string(),
                    })?;
                    if let Some(slot) = chosen.iter_mut().find(|(n, _)| n == name) {
                        slot.1 = text;
                    }
                    if let Some(slot) = origins.iter_mut().find(|(n, _)| n == name) {
                        slot.1 = crate::load::display_name(root, &p);
                    }
                }
            }
        }
        let mut tera = Tera::new();
        tera.add_raw_templates(chosen.iter().map(|(n, c)| (n.as_str(), c.as_str())))
            .map_err(|e| report("templates", &e, &origins))?;
        let hashes = chosen
            .iter()
            .map(|(n, c)| (n.clone(), crate::cache::key(&[c.as_bytes()])))
            .collect();
        Ok(Templates {
            tera,
            origins,
            hashes,
        })
    }

    /// A hash of the texts of `names` (a page and the templates it extends).
    pub fn fingerprint(&self, names: &[&str]) -> String {
        let parts: Vec<&[u8]> = names
            .iter()
            .filter_map(|n| self.hashes.iter().find(|(m, _)| m == n))
            .map(|(_, h)| h.as_bytes())
            .collect();
        crate::cache::key(&parts)
    }

    /// Renders `name` with `page` as `page` and `site` as `site`.
    pub fn render<P: Serialize>(
        &self,
        name: &str,
        site: &SiteView,
        page: &P,
    ) -> Result<String, TemplateError> {
        let mut ctx = Context::new();
        ctx.insert("site", site);
        ctx.insert("page", page);
        self.tera
            .render(name, &ctx)
            .map_err(|e| report(name, &e, &self.origins))
    }
}

/// What every page knows of the site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    /// Relative path from the page to the site root ("" or "../").
    pub root: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_parse() {
        Templates::load(Path::new("/nonexistent"), "default").unwrap();
    }

    #[test]
    fn autoescape_is_on() {
        let t = Templates::load(Path::new("/nonexistent"), "default").unwrap();
        #[derive(Serialize)]
        struct P {
            notities_html: String,
            klant: String,
            sessies: Vec<(String, String)>,
        }
        let site = SiteView {
            title: "<b>x</b>".into(),
            root: String::new(),
        };
        let html = t
            .render(
                "notes.html",
                &site,
                &P {
                    notities_html: String::new(),
                    klant: "<script>".into(),
                    sessies: vec![],
                },
            )
            .unwrap();
        assert!(
            !html.contains("<script>") && html.contains("&lt;script&gt;"),
            "{html}"
        );
    }
}
