//! The settings of a run, resolved once from the command line and the site:
//! the language, the theme (and its files), the day, the rule sets and the
//! output folders. Every command goes through [`Settings::resolve`], so a
//! flag means the same in `check`, `build`, `watch` and `serve`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Lang, Msg, Scope};
use crate::load::theme::{self, Theme};
use crate::model::RuleSets;
use crate::source::Sources;

/// What the command line says about every run: the same flags for every
/// command (`--root`, `--lang`, `--theme`, `--today`).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub root: PathBuf,
    /// `--lang`, else `POPDOC_LANG`: over `language` in popdoc.toml.
    pub lang: Option<Lang>,
    /// `--theme`: over `theme` in popdoc.toml.
    pub theme: Option<String>,
    /// `--today`: the day deadlines, states and retention are reckoned from.
    pub today: Option<Date>,
}

impl Flags {
    /// The flags of a site folder, nothing else given.
    pub fn at(root: &Path) -> Flags {
        Flags {
            root: root.to_path_buf(),
            ..Flags::default()
        }
    }

    /// The language of messages before the site is read (`--lang`,
    /// `POPDOC_LANG`, else Dutch).
    pub fn lang_or_default(&self) -> Lang {
        self.lang.unwrap_or_default()
    }
}

/// A run that cannot start (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
    #[error("{}", unknown_theme(theme, builtin, *lang))]
    UnknownTheme {
        theme: String,
        builtin: String,
        lang: Lang,
    },
}

fn unknown_theme(theme: &str, builtin: &str, lang: Lang) -> String {
    Msg::new("ui-unknown-theme")
        .arg("theme", theme)
        .arg("builtin", builtin)
        .render(lang)
}

/// The settings of a run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub root: PathBuf,
    /// popdoc.toml, `--theme` applied.
    pub config: Config,
    /// The language of messages and status lines.
    pub lang: Lang,
    /// The theme's files, read once.
    pub theme: Arc<Theme>,
    /// `[centrum] logo`, read once (a logo that cannot be used is F16, a
    /// warning: the documents print without it).
    pub logo: Option<crate::load::image::Image>,
    pub rulesets: RuleSets,
    /// popdoc.toml and the rule sets (built-in and the site's).
    pub sources: Sources,
    /// Problems of popdoc.toml and the rule sets.
    pub diags: Vec<Diagnostic>,
    /// `--today`; `None`: the day of each run (re-read at every rebuild of
    /// `watch` and `serve`, so a session left running past midnight moves on).
    today: Option<Date>,
    /// The flags they were resolved from (to resolve them again).
    flags: Flags,
}

/// `[centrum] logo`: a PNG or JPEG in the site folder, not in an output
/// folder, capped like a signature.
fn read_logo(
    root: &Path,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<crate::load::image::Image> {
    use crate::load::image::ImageProblem;
    let name = config
        .centrum
        .logo
        .as_ref()
        .filter(|l| !l.v.trim().is_empty())?;
    let inside = |dir: &str| Path::new(&name.v).starts_with(dir);
    let read = if inside(&config.output_dir) || inside(&config.client_dir) {
        Err(ImageProblem::Outside)
    } else {
        crate::load::image::read(root, &name.v)
    };
    match read {
        Ok(image) => Some(image),
        Err(problem) => {
            let mut d = crate::model::image_problem("logo", &name.loc, problem).scope(Scope::Site);
            d.rule = "F16";
            d.severity = crate::diag::Severity::Warning;
            diags.push(d);
            None
        }
    }
}

impl Settings {
    /// Reads popdoc.toml, the rule sets and the theme of the site in `flags`.
    pub fn resolve(flags: &Flags) -> Result<Settings, SettingsError> {
        let root = flags.root.clone();
        let mut sources = Sources::new();
        let mut diags = Vec::new();
        let file = crate::load::settings_file(&root, &mut sources, &mut diags)?;
        let mut config = Config::lower(&sources, file, &mut diags);
        if let Some(t) = &flags.theme {
            if !theme::exists(&root, t) {
                return Err(SettingsError::UnknownTheme {
                    theme: t.clone(),
                    builtin: theme::BUILTIN.join(", "),
                    lang: flags.lang_or_default(),
                });
            }
            config.theme = t.clone();
        } else if !theme::exists(&root, &config.theme) {
            if let Some(loc) = &config.theme_loc {
                diags.push(
                    Diagnostic::error(
                        "F03",
                        Msg::new("bad-enum")
                            .arg("key", "theme")
                            .arg("value", &config.theme),
                    )
                    .at(loc.clone())
                    .hint(Msg::new("theme-hint").arg("builtin", theme::BUILTIN.join(", ")))
                    .scope(Scope::Site),
                );
            }
            config.theme = "default".into();
        }
        let files = crate::load::rule_files(&root, &mut sources, &mut diags)?;
        let mut rulesets = RuleSets::lower(&mut sources, &files, &mut diags);
        for pin in &config.rule_set {
            match rulesets.by_id(&pin.v) {
                // One per kind: a second for the same kind is an error.
                Some(rs) if rulesets.pinned_for(rs.kind).is_some() => diags.push(
                    Diagnostic::error(
                        "F07",
                        Msg::new("ruleset-pinned-twice")
                            .arg("id", &pin.v)
                            .arg("kind", rs.kind.name()),
                    )
                    .at(pin.loc.clone())
                    .hint(Msg::new("ruleset-pinned-twice-hint"))
                    .scope(Scope::Site),
                ),
                Some(rs) => rulesets.pinned.push(rs),
                None => diags.push(
                    Diagnostic::error("F07", Msg::new("ruleset-unknown").arg("id", &pin.v))
                        .at(pin.loc.clone())
                        .hint(
                            Msg::new("ruleset-unknown-hint")
                                .arg("known", rulesets.ids().join(", ")),
                        )
                        .scope(Scope::Site),
                ),
            }
        }
        let theme = Arc::new(Theme::read(&root, &config.theme)?);
        let logo = read_logo(&root, &config, &mut diags);
        // One language per run: `--lang` (or POPDOC_LANG) over the site's,
        // for every message, page and status line alike.
        let lang = flags.lang.unwrap_or(config.language);
        config.language = lang;
        crate::diag::set_ui_lang(lang);
        Ok(Settings {
            lang,
            logo,
            root,
            config,
            theme,
            rulesets,
            sources,
            diags,
            today: flags.today,
            flags: flags.clone(),
        })
    }

    /// The flags these settings were resolved from.
    pub fn flags(&self) -> &Flags {
        &self.flags
    }

    /// The day of a run: `--today`, else `SOURCE_DATE_EPOCH`, else the clock
    /// (asked again at every call).
    pub fn today(&self) -> Date {
        crate::deadlines::today(self.today)
    }

    /// The centre's output folder (`output_dir`).
    pub fn out_dir(&self) -> PathBuf {
        self.root.join(&self.config.output_dir)
    }

    /// The folder of files meant for clients (`client_dir`).
    pub fn client_dir(&self) -> PathBuf {
        self.root.join(&self.config.client_dir)
    }
}
