//! HTML through tera 2, from the templates of the site's theme (read by
//! `load::theme`: the built-in ones with the site's own files over them).
//! Autoescape stays on:
//! only the pre-rendered, already escaped POP body and the SVG chart are
//! marked `safe`.

use serde::Serialize;
use tera::{Context, Tera};

use crate::load::theme::{Theme, ThemeFile};

/// A template problem: operational (exit code 2), with the template's name and
/// tera's own report (which carries the line and column).
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::diag::Msg::new("ui-template-error").arg("name", name).arg("detail", detail).render(crate::diag::ui_lang()))]
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
    /// The templates of `theme`.
    pub fn new(theme: &Theme) -> Result<Templates, TemplateError> {
        let chosen: Vec<(&str, &ThemeFile)> = theme.of_kind("templates").collect();
        let origins: Vec<(String, String)> = chosen
            .iter()
            .map(|(n, f)| (n.to_string(), f.origin.clone()))
            .collect();
        let mut tera = Tera::new();
        // `{{ text | code }}`: a message as a coach reads it: escaped, each
        // `key` between backticks as <code>key</code> (no raw backticks).
        tera.register_filter("code", |x: &str, _: tera::Kwargs, _: &tera::State| {
            tera::Value::safe_string(&crate::text::code_html(x))
        });
        tera.add_raw_templates(chosen.iter().map(|(n, f)| (*n, &*f.text)))
            .map_err(|e| report("templates", &e, &origins))?;
        let hashes = chosen
            .iter()
            .map(|(n, f)| (n.to_string(), crate::cache::key(&[f.text.as_bytes()])))
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
        Templates::new(&Theme::builtin("default")).unwrap();
    }

    #[test]
    fn autoescape_is_on() {
        let t = Templates::new(&Theme::builtin("default")).unwrap();
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
