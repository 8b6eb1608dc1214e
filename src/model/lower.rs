//! Lowering: reads `popdoc.toml`, the rule sets and every dossier folder, and
//! turns their spanned TOML and Markdown into the typed model. Every format
//! problem becomes a located diagnostic and the run goes on.

use std::path::{Path, PathBuf};

use super::*;
use crate::config::Config;
use crate::diag::{Diagnostic, Msg, Scope, Severity};
use crate::load::frontmatter;
use crate::load::reader::{Reader, Table, parse};
use crate::load::{LoadError, display_name, dossier_dirs, dossier_files, read_text};
use crate::markdown;
use crate::model::ruleset::LAST_ORDER_DATE;
use crate::source::Sources;

/// A whole site, loaded.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub rulesets: RuleSets,
    pub sources: Sources,
    /// Problems of the site itself (config, rule sets).
    pub diags: Vec<Diagnostic>,
    /// Checks over the whole site, made after the dossiers were checked
    /// (`validate::site_checks`).
    pub checks: Vec<Diagnostic>,
    pub entries: Vec<Entry>,
}

/// One folder in `content/`.
#[derive(Debug)]
pub struct Entry {
    pub slug: String,
    pub dir: PathBuf,
    /// Absent when index.md is missing or its front matter could not be read.
    pub dossier: Option<Dossier>,
    pub diags: Vec<Diagnostic>,
}

/// A site whose settings cannot be trusted: nothing may be written.
#[derive(Debug, thiserror::Error)]
#[error(
    "{report}popdoc.toml of een regelset in rules/ bevat fouten: er werd niets geschreven. Herstel ze eerst (`popdoc check` toont ze)"
)]
pub struct BrokenSettings {
    pub report: String,
}

impl Site {
    /// Errors in `popdoc.toml` or in `rules/`: with those the output folders,
    /// the centre's details or the rule sets may be wrong, so `build`,
    /// `watch` and `serve` write nothing (a default `output_dir` could be the
    /// wrong folder; a dropped rule set would change the verdicts).
    pub fn settings_errors(&self) -> Vec<&Diagnostic> {
        self.diags
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| {
                d.loc.as_ref().is_some_and(|l| {
                    let name = &self.sources.get(l.file).name;
                    name == "popdoc.toml" || name.starts_with("rules/")
                })
            })
            .collect()
    }

    /// `Err` with the located errors when the settings cannot be trusted.
    pub fn ensure_usable(&self) -> Result<(), BrokenSettings> {
        let errors: Vec<Diagnostic> = self.settings_errors().into_iter().cloned().collect();
        if errors.is_empty() {
            return Ok(());
        }
        Err(BrokenSettings {
            report: crate::diag::emit(
                &errors,
                &self.sources,
                self.config.language,
                crate::diag::Format::Human,
            ),
        })
    }

    pub fn all_diags(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diags
            .iter()
            .chain(self.checks.iter())
            .chain(self.entries.iter().flat_map(|e| e.diags.iter()))
    }
}

/// Reads and lowers the site at `root`.
pub fn load_site(root: &Path) -> Result<Site, LoadError> {
    let mut sources = Sources::new();
    let mut diags = Vec::new();
    let cfg_path = Config::path(root);
    if !cfg_path.is_file() {
        return Err(LoadError::NotASite {
            path: root.to_path_buf(),
        });
    }
    let (cfg_file, _) = read_text(&mut sources, root, &cfg_path, &mut diags, Scope::Site)?;
    let config = Config::lower(&sources, cfg_file, &mut diags);
    if let Some(loc) = &config.theme_loc
        && !crate::render::theme::exists(root, &config.theme)
    {
        diags.push(
            Diagnostic::error(
                "F03",
                Msg::new("bad-enum")
                    .arg("key", "theme")
                    .arg("value", &config.theme),
            )
            .at(loc.clone())
            .hint(Msg::new("theme-hint").arg("builtin", crate::render::theme::BUILTIN.join(", ")))
            .scope(Scope::Site),
        );
    }
    let mut rulesets = RuleSets::load(root, &mut sources, &mut diags)?;
    if let Some(pin) = &config.rule_set {
        match rulesets.by_id(&pin.v) {
            Some(rs) => rulesets.pinned = Some(rs),
            None => diags.push(
                Diagnostic::error("F07", Msg::new("ruleset-unknown").arg("id", &pin.v))
                    .at(pin.loc.clone())
                    .hint(Msg::new("ruleset-unknown-hint").arg("known", rulesets.ids().join(", ")))
                    .scope(Scope::Site),
            ),
        }
    }
    let mut entries = Vec::new();
    let (dirs, links) = dossier_dirs(&root.join("content"))?;
    for link in links {
        let id = sources.add(
            format!("{}/", display_name(root, &link)),
            &link,
            String::new(),
        );
        diags.push(
            Diagnostic::error("F14", Msg::new("dossier-link"))
                .at(Loc::new(id, 0..0))
                .hint(Msg::new("dossier-link-hint"))
                .scope(Scope::Site),
        );
    }
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !crate::text::valid_slug(&name) {
            let id = sources.add(
                format!("{}/", display_name(root, &dir)),
                &dir,
                String::new(),
            );
            let suggestion = crate::text::slug(&name);
            diags.push(
                Diagnostic::error("F14", Msg::new("bad-slug").arg("dir", &name))
                    .at(Loc::new(id, 0..0))
                    .hint(Msg::new("bad-slug-hint").arg(
                        "suggestion",
                        if suggestion.is_empty() {
                            "klant-naam".into()
                        } else {
                            suggestion
                        },
                    ))
                    .scope(Scope::Site),
            );
            continue;
        }
        entries.push(load_entry(root, &dir, &rulesets, &mut sources)?);
    }
    Ok(Site {
        root: root.to_path_buf(),
        config,
        rulesets,
        sources,
        diags,
        checks: Vec::new(),
        entries,
    })
}

pub fn load_entry(
    root: &Path,
    dir: &Path,
    rulesets: &RuleSets,
    sources: &mut Sources,
) -> Result<Entry, LoadError> {
    let slug = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut diags = Vec::new();
    let files = dossier_files(dir)?;
    let index = dir.join("index.md");
    // index.md or pop-N.md that is a folder, a link or a pipe: never read.
    let mut unreadable_pops = Vec::new();
    for (name, n) in [("index.md", 0u8), ("pop-1.md", 1), ("pop-2.md", 2)] {
        let p = dir.join(name);
        if crate::load::not_a_file(&p) {
            let id = sources.add(display_name(root, &p), &p, String::new());
            diags.push(
                Diagnostic::error("F01", Msg::new("not-a-file").arg("name", name))
                    .at(Loc::new(id, 0..0))
                    .hint(Msg::new("not-a-file-hint"))
                    .scope(if n == 0 {
                        Scope::Dossier
                    } else {
                        Scope::Pop(n)
                    }),
            );
            if n > 0 {
                unreadable_pops.push(n);
            }
        }
    }
    if crate::load::not_a_file(&index) {
        return Ok(Entry {
            slug,
            dir: dir.to_path_buf(),
            dossier: None,
            diags,
        });
    }
    if !index.is_file() {
        let id = sources.add(format!("{}/", display_name(root, dir)), dir, String::new());
        diags.push(
            Diagnostic::error(
                "F05",
                Msg::new("no-index").arg("dir", display_name(root, dir)),
            )
            .at(Loc::new(id, 0..0))
            .hint(Msg::new("no-index-hint")),
        );
        return Ok(Entry {
            slug,
            dir: dir.to_path_buf(),
            dossier: None,
            diags,
        });
    }
    let mut pops = Vec::new();
    for f in &files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "index.md" || !name.ends_with(".md") {
            continue;
        }
        let n = match name.as_str() {
            "pop-1.md" => 1,
            "pop-2.md" => 2,
            _ => {
                let id = sources.add(display_name(root, f), f, String::new());
                diags.push(
                    Diagnostic::error("F06", Msg::new("bad-pop-name").arg("name", &name))
                        .at(Loc::new(id, 0..0))
                        .hint(Msg::new("bad-pop-name-hint")),
                );
                // `POP-1.md`, `pop-01.md`: the POP is there under a wrong
                // name; its F06 says so, it is not also "missing".
                let lower = name.to_lowercase();
                if let Some(n) = lower
                    .strip_prefix("pop-")
                    .and_then(|r| r.strip_suffix(".md"))
                    .and_then(|d| d.parse::<u8>().ok())
                    .filter(|n| (1..=2).contains(n))
                {
                    unreadable_pops.push(n);
                }
                continue;
            }
        };
        let (id, ok) = read_text(sources, root, f, &mut diags, Scope::Pop(n))?;
        match ok
            .then(|| lower_pop(sources, id, n, dir, &mut diags))
            .flatten()
        {
            Some(p) => pops.push(p),
            None => unreadable_pops.push(n),
        }
    }
    let (index_file, ok) = read_text(sources, root, &index, &mut diags, Scope::Dossier)?;
    let dossier = if ok {
        lower_index(
            sources,
            index_file,
            &slug,
            dir,
            rulesets,
            (pops, unreadable_pops),
            &mut diags,
        )
    } else {
        None
    };
    // index.md first, then the POPs: the order a reader goes through the dossier.
    diags.sort_by_key(|d| {
        d.loc
            .as_ref()
            .map(|l| (l.file != index_file, l.file, l.range.start))
    });
    Ok(Entry {
        slug,
        dir: dir.to_path_buf(),
        dossier,
        diags,
    })
}

/// Splits front matter and parses it; on failure, the diagnostic is pushed.
fn front_matter<'s>(
    sources: &'s Sources,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
    scope: Scope,
) -> Option<(frontmatter::Split, toml::de::DeTable<'s>)> {
    let text = &sources.get(file).text;
    let split = match frontmatter::split(file, text) {
        Ok(s) => s,
        Err(d) => {
            diags.push((*d).scope(scope));
            return None;
        }
    };
    let table = parse(
        file,
        split.toml.start,
        &text[split.toml.clone()],
        diags,
        scope,
    )?;
    Some((split, table))
}

const POP_KEYS: &[&str] = &[
    "cheque",
    "gefinaliseerd_op",
    "soort",
    "ondertekend",
    "handtekening",
    "opleidingen",
    "aanwezig",
];

fn lower_pop(
    sources: &Sources,
    file: FileId,
    n: u8,
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Pop> {
    let scope = Scope::Pop(n);
    let (split, table) = front_matter(sources, file, diags, scope)?;
    let text = &sources.get(file).text;
    let header = Loc::new(file, split.open.clone());
    let mut r = Reader {
        file,
        base: split.toml.start,
        toml: &text[split.toml.clone()],
        diags,
        scope,
    };
    let t = r.open(&table, format!("pop-{n}.md"), header.clone(), POP_KEYS);
    let cheque = r.req_int_in(&t, "cheque", 0..=99);
    let gefinaliseerd_op = r.date(&t, "gefinaliseerd_op");
    let mut unreadable = Vec::new();
    if gefinaliseerd_op.is_none() && t.table.contains_key("gefinaliseerd_op") {
        unreadable.push("gefinaliseerd_op");
    }
    let soort = r
        .req_enumeration(&t, "soort", &["reflexief", "actiegericht"])
        .map(|s| {
            let v = if s.v == "actiegericht" {
                PopSoort::Actiegericht
            } else {
                PopSoort::Reflexief
            };
            At::new(v, s.loc)
        });
    let ondertekend = r.bool(&t, "ondertekend");
    if ondertekend.is_none() && t.table.contains_key("ondertekend") {
        unreadable.push("ondertekend");
    }
    let handtekening = r.str(&t, "handtekening").filter(|h| {
        let problem = signature_problem(dir, &h.v);
        if let Some(found) = problem {
            r.diags.push(
                Diagnostic::error(
                    "F03",
                    Msg::new("wrong-type")
                        .arg("key", "handtekening")
                        .arg_key("expected", "ty-image")
                        .arg_key("found", found),
                )
                .at(h.loc.clone())
                .hint(Msg::new("signature-hint"))
                .scope(scope),
            );
        }
        problem.is_none()
    });
    let opleidingen = r
        .str_list(&t, "opleidingen")
        .map(|l| l.v)
        .unwrap_or_default();
    let aanwezig = r.str_list(&t, "aanwezig");
    if let Some(a) = &aanwezig {
        for item in &a.v {
            if !AANWEZIG.contains(&item.v.as_str()) {
                r.bad_enum("aanwezig", item, &AANWEZIG);
            }
        }
    }
    let body = &text[split.body.clone()];
    let analysed = markdown::analyse(body, split.body.start);
    if let Some(at) = analysed.flattened_at {
        r.diags.push(
            Diagnostic::warning(
                "F10",
                Msg::new("too-deep")
                    .arg("blocks", crate::limits::MAX_BLOCK_DEPTH)
                    .arg("inline", crate::limits::MAX_INLINE_DEPTH),
            )
            .at(Loc::new(file, at..at + 1))
            .hint(Msg::new("too-deep-hint"))
            .scope(scope),
        );
    }
    Some(Pop {
        n,
        file,
        header,
        cheque,
        gefinaliseerd_op,
        soort,
        ondertekend,
        handtekening,
        opleidingen,
        aanwezig,
        text: analysed,
        unreadable,
    })
}

/// Why `handtekening` cannot be used, if it cannot: it must be a PNG or JPEG
/// file inside the dossier folder, reached without leaving it through a link,
/// and no larger than a source file may be.
fn signature_problem(dir: &Path, name: &str) -> Option<&'static str> {
    let p = Path::new(name);
    let relative = !p.is_absolute()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !relative {
        return Some("sig-outside");
    }
    let path = dir.join(p);
    let inside = match (path.canonicalize(), dir.canonicalize()) {
        (Ok(file), Ok(folder)) => file.starts_with(&folder),
        _ => return Some("sig-missing"),
    };
    if !inside {
        return Some("sig-outside");
    }
    let Ok(meta) = std::fs::metadata(&path) else {
        return Some("sig-missing");
    };
    if !meta.is_file() {
        return Some("sig-missing");
    }
    if meta.len() > crate::limits::MAX_SOURCE_BYTES {
        return Some("sig-too-large");
    }
    let mut head = [0u8; 8];
    let read = std::fs::File::open(&path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let png = read == 8 && head == *b"\x89PNG\r\n\x1a\n";
    let jpeg = read >= 3 && head[..3] == [0xFF, 0xD8, 0xFF];
    (!png && !jpeg).then_some("sig-not-image")
}

const TOP_KEYS: &[&str] = &[
    "klant",
    "begeleider",
    "cheques",
    "intake",
    "gesprekken",
    "opdrachten",
    "opleidingen",
    "privacy",
    "evaluatie",
];

fn lower_index(
    sources: &Sources,
    file: FileId,
    slug: &str,
    dir: &Path,
    rulesets: &RuleSets,
    (pops, unreadable_pops): (Vec<Pop>, Vec<u8>),
    diags: &mut Vec<Diagnostic>,
) -> Option<Dossier> {
    let before = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let (split, table) = front_matter(sources, file, diags, Scope::Dossier)?;
    let text = &sources.get(file).text;
    let header = Loc::new(file, split.open.clone());
    let mut r = Reader {
        file,
        base: split.toml.start,
        toml: &text[split.toml.clone()],
        diags,
        scope: Scope::Dossier,
    };
    let top = r.open(&table, "index.md", header.clone(), TOP_KEYS);
    let mut unreadable: Vec<&'static str> = Vec::new();

    let klant = match r.table(
        &top,
        "klant",
        &[
            "voornaam",
            "achternaam",
            "opleidingsniveau",
            "klantennummer",
            "eerder_loopbaancheque",
        ],
    ) {
        Some(t) => Klant {
            loc: Some(t.loc.clone()),
            eerder_loopbaancheque: r.bool(&t, "eerder_loopbaancheque"),
            voornaam: r.req_str(&t, "voornaam"),
            achternaam: r.req_str(&t, "achternaam"),
            opleidingsniveau: r
                .enumeration(
                    &t,
                    "opleidingsniveau",
                    &["hoog", "midden", "kort", "onbekend"],
                )
                .map(|v| v.v),
            klantennummer: r.str(&t, "klantennummer").map(|v| v.v),
        },
        None => {
            if !top.table.contains_key("klant") {
                r.missing(&top, "klant");
            }
            Klant::default()
        }
    };
    let begeleider = match r.table(&top, "begeleider", &["naam"]) {
        Some(t) => r.req_str(&t, "naam"),
        None => {
            if !top.table.contains_key("begeleider") {
                r.missing(&top, "begeleider");
            }
            None
        }
    };
    let (cheques, cheques_complete) = lower_cheques(&mut r, &top, rulesets);
    if !cheques_complete {
        unreadable.push("cheques");
    }
    let intake = match r.table(
        &top,
        "intake",
        &[
            "overeenkomst_ondertekend_op",
            "eigen_initiatief",
            "deel_van_andere_begeleiding",
            "toegelicht",
        ],
    ) {
        Some(t) => {
            let list = r.str_list(&t, "toegelicht");
            if list.is_none() && t.table.contains_key("toegelicht") {
                unreadable.push("toegelicht");
            }
            let toegelicht = list.map(|l| l.v).unwrap_or_default();
            for item in &toegelicht {
                if !INTAKE_TOPICS.contains(&item.v.as_str()) {
                    r.bad_enum("toegelicht", item, &INTAKE_TOPICS);
                    // A misspelt topic is that topic: not also "missing".
                    if !unreadable.contains(&"toegelicht") {
                        unreadable.push("toegelicht");
                    }
                }
            }
            Intake {
                loc: Some(t.loc.clone()),
                overeenkomst_ondertekend_op: r.date(&t, "overeenkomst_ondertekend_op"),
                eigen_initiatief: r.bool(&t, "eigen_initiatief"),
                deel_van_andere_begeleiding: r.bool(&t, "deel_van_andere_begeleiding"),
                toegelicht,
            }
        }
        None => Intake::default(),
    };
    let (gesprekken, gesprekken_complete) = lower_gesprekken(&mut r, &top);
    let opdrachten = r
        .tables(&top, "opdrachten", &["titel", "gegeven_op", "besproken_op"])
        .into_iter()
        .filter_map(|t| {
            let titel = r.req_str(&t, "titel");
            let gegeven_op = r.date(&t, "gegeven_op").map(|d| d.v);
            let besproken_op = r.date(&t, "besproken_op").map(|d| d.v);
            Some(Opdracht {
                titel: titel?.v,
                gegeven_op,
                besproken_op,
            })
        })
        .collect();
    let opleidingen = lower_opleidingen(&mut r, &top);
    let privacy = match r.table(&top, "privacy", &["pop_in_dossier", "publiceren"]) {
        Some(t) => Privacy {
            pop_in_dossier: r.bool(&t, "pop_in_dossier").is_none_or(|b| b.v),
            publiceren: r.bool(&t, "publiceren").is_some_and(|b| b.v),
        },
        None => Privacy {
            pop_in_dossier: true,
            publiceren: false,
        },
    };
    let evaluatie = r
        .table(&top, "evaluatie", &["uitgenodigd_op"])
        .and_then(|t| {
            let d = r.date(&t, "uitgenodigd_op");
            if d.is_none() && t.table.contains_key("uitgenodigd_op") {
                unreadable.push("evaluatie");
            }
            d
        });
    let incomplete = r
        .diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
        > before;
    Some(Dossier {
        slug: slug.to_string(),
        dir: dir.to_path_buf(),
        index_file: file,
        header,
        klant,
        begeleider,
        cheques,
        intake,
        gesprekken,
        opdrachten,
        opleidingen,
        privacy,
        evaluatie,
        notities: text[split.body.clone()].to_string(),
        pops,
        unreadable_pops,
        incomplete,
        gesprekken_complete,
        unreadable,
    })
}

/// The cheques, and whether every `[[cheques]]` entry could be read.
fn lower_cheques(r: &mut Reader, top: &Table, rulesets: &RuleSets) -> (Vec<Cheque>, bool) {
    let mut out = Vec::new();
    let tables = r.tables(
        top,
        "cheques",
        &["nummer", "besteld_op", "chequenummer", "geldig_tot"],
    );
    // `cheques` written, but not as `[[cheques]]`: its own error says so.
    let mut complete = !(tables.is_empty() && top.table.contains_key("cheques"));
    for t in tables {
        let nummer = r.req_int_in(&t, "nummer", -99..=99);
        let besteld_op = r.req_date(&t, "besteld_op");
        let chequenummer = r.str(&t, "chequenummer").map(|v| v.v);
        let geldig_tot = r.date(&t, "geldig_tot");
        let Some(nummer) = nummer else {
            complete = false;
            continue;
        };
        let scope = u8::try_from(nummer.v).map_or(Scope::Dossier, Scope::Cheque);
        let ruleset = besteld_op.as_ref().and_then(|b| {
            let rs = rulesets.for_date(b.v);
            if rs.is_none() {
                let msg = match &rulesets.pinned {
                    Some(p) => Msg::new("ruleset-pinned-outside")
                        .arg("date", b.v)
                        .arg("ruleset", &p.id)
                        .arg("period", p.period()),
                    None if b.v > LAST_ORDER_DATE => {
                        Msg::new("no-ruleset-krediet").arg("date", b.v)
                    }
                    None => Msg::new("no-ruleset").arg("date", b.v),
                };
                let hint = match &rulesets.pinned {
                    Some(_) => "ruleset-pinned-outside-hint",
                    None if b.v > LAST_ORDER_DATE => "no-ruleset-krediet-hint",
                    None => "no-ruleset-hint",
                };
                r.diags.push(
                    Diagnostic::error("F07", msg)
                        .at(b.loc.clone())
                        .hint(Msg::new(hint))
                        .scope(scope),
                );
            }
            rs
        });
        out.push(Cheque {
            nummer,
            besteld_op,
            chequenummer,
            geldig_tot,
            loc: t.loc.clone(),
            ruleset,
        });
    }
    (out, complete)
}

/// The conversations, and whether every `[[gesprekken]]` entry could be read.
fn lower_gesprekken(r: &mut Reader, top: &Table) -> (Vec<Gesprek>, bool) {
    let mut out = Vec::new();
    let mut complete = true;
    for t in r.tables(
        top,
        "gesprekken",
        &[
            "datum", "soort", "minuten", "vorm", "kanaal", "cheque", "notities",
        ],
    ) {
        let datum = r.req_date(&t, "datum");
        let soort = r.req_enumeration(&t, "soort", &Soort::NAMES);
        let minuten = r.req_int_in(&t, "minuten", 0..=24 * 60);
        let vorm = r.req_enumeration(&t, "vorm", &["individueel", "groep"]);
        let kanaal = r
            .enumeration(&t, "kanaal", &["fysiek", "online", "telefonisch"])
            .map(|v| v.v);
        let cheque = r.int_in(&t, "cheque", -99..=99);
        let notities = r.str(&t, "notities").map(|v| v.v);
        // Any value of the entry that could not be read (a cheque written as
        // "1") makes the sums unreliable: its own error says so.
        if (cheque.is_none() && t.table.contains_key("cheque"))
            || (kanaal.is_none() && t.table.contains_key("kanaal"))
        {
            complete = false;
        }
        let (Some(datum), Some(soort), Some(minuten), Some(vorm)) = (datum, soort, minuten, vorm)
        else {
            complete = false;
            continue;
        };
        let Some(s) = Soort::parse(&soort.v) else {
            complete = false;
            continue;
        };
        out.push(Gesprek {
            datum,
            soort: At::new(s, soort.loc),
            minuten,
            groep: vorm.v == "groep",
            kanaal,
            cheque,
            notities,
            loc: t.loc.clone(),
        });
    }
    (out, complete)
}

fn lower_opleidingen(r: &mut Reader, top: &Table) -> Vec<Opleiding> {
    let keys = [
        "naam",
        "verstrekker",
        "academiejaar",
        "startdatum",
        "incentives",
        "pop",
        "attest",
        "attest_op",
        "enkel_voor_incentive",
    ];
    let mut out = Vec::new();
    for t in r.tables(top, "opleidingen", &keys) {
        let naam = r.req_str(&t, "naam");
        let verstrekker = r.str(&t, "verstrekker");
        let academiejaar = r.str(&t, "academiejaar").and_then(|a| {
            let parsed = a.v.split_once('-').and_then(|(x, y)| {
                Some((x.trim().parse::<i32>().ok()?, y.trim().parse::<i32>().ok()?))
            });
            match parsed {
                Some((x, y)) if y == x + 1 && (2000..=2100).contains(&x) => {
                    Some(At::new((x, y), a.loc))
                }
                _ => {
                    r.diags.push(
                        Diagnostic::error(
                            "F03",
                            Msg::new("wrong-type")
                                .arg("key", "academiejaar")
                                .arg_key("expected", "ty-year")
                                .arg("found", format!("\"{}\"", a.v)),
                        )
                        .at(a.loc)
                        .scope(Scope::Dossier),
                    );
                    None
                }
            }
        });
        let startdatum = r.date(&t, "startdatum").map(|d| d.v);
        let incentives = r
            .str_list(&t, "incentives")
            .map(|l| l.v)
            .unwrap_or_default();
        for i in &incentives {
            if !INCENTIVES.contains(&i.v.as_str()) {
                r.bad_enum("incentives", i, &INCENTIVES);
            }
        }
        let pop = r.int_in(&t, "pop", -99..=99);
        let mut unreadable = Vec::new();
        for (key, missing) in [
            ("academiejaar", academiejaar.is_none()),
            ("pop", pop.is_none()),
            ("verstrekker", verstrekker.is_none()),
        ] {
            if missing && t.table.contains_key(key) {
                unreadable.push(key);
            }
        }
        let attest = r.bool(&t, "attest").is_some_and(|b| b.v);
        let attest_op = r.date(&t, "attest_op");
        if attest_op.is_none() && t.table.contains_key("attest_op") {
            unreadable.push("attest_op");
        }
        let enkel_voor_incentive = r.bool(&t, "enkel_voor_incentive");
        let Some(naam) = naam else { continue };
        out.push(Opleiding {
            naam,
            verstrekker,
            academiejaar,
            startdatum,
            incentives: incentives.into_iter().map(|i| i.v).collect(),
            pop,
            attest,
            attest_op,
            enkel_voor_incentive,
            loc: t.loc.clone(),
            unreadable,
        });
    }
    out
}
