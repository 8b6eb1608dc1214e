//! The listings of `popdoc rules`: every rule (text, or the Markdown of
//! docs/rules.md) and every rule set in force for a site.

use crate::diag::rules::RULES;
use crate::diag::{self, Lang};

/// `popdoc rules`: the table as text or as docs/rules.md.
pub fn rules(format: crate::cli::RulesFormat, lang: Lang) -> String {
    match format {
        crate::cli::RulesFormat::Markdown => rules_markdown(),
        crate::cli::RulesFormat::Text => rules_text(lang),
    }
}

/// docs/rules.md: every rule with its id, name, severity, what it checks and
/// the public sources it rests on (`popdoc rules --format markdown`).
pub fn rules_markdown() -> String {
    use crate::diag::rules::sources::{SOURCES, citations};
    let mut s = String::from(
        "# Regels\n\nGemaakt met `popdoc rules --format markdown`; een test houdt dit bestand actueel.\nElke regel heeft een vaste code en naam; fouten houden documenten tegen,\nwaarschuwingen niet, opmerkingen vragen niets. Zolang een pakket besteld of lopend is,\nzijn de regels die enkel zeggen dat het werk nog niet af is *te doen*: geen fout en\ngeen waarschuwing, maar wat er nog moet gebeuren (het document wacht).\n\n| code | naam | soort | wat | bronnen |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let keys: Vec<String> = r
            .source
            .split_whitespace()
            .map(|k| format!("[{k}](#{})", k.to_lowercase()))
            .collect();
        s.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            r.id,
            r.name,
            if crate::diag::rules::can_be_todo(r.id) {
                format!(
                    "{} (te doen zolang het pakket loopt)",
                    diag::severity_word(r.severity, Lang::Nl)
                )
            } else {
                diag::severity_word(r.severity, Lang::Nl).to_string()
            },
            r.summary_nl.replace('|', "\\|"),
            keys.join(" ")
        ));
    }
    s.push_str("\n## Bronnen\n\n");
    for (key, _) in SOURCES {
        if RULES
            .iter()
            .any(|r| r.source.split_whitespace().any(|k| k == *key))
        {
            s.push_str(&format!(
                "- <a id=\"{}\"></a>**{key}**: {}\n",
                key.to_lowercase(),
                citations(key).join("")
            ));
        }
    }
    s
}

/// `popdoc rules --sets`: every rule set in force for the site at `root` (the
/// built-in ones alone when `root` is no site), in the order they are tried.
pub fn rule_sets_table(flags: &crate::build::Flags) -> anyhow::Result<String> {
    let (sets, sources) = if crate::config::Config::path(&flags.root).is_file() {
        let s = crate::build::Settings::resolve(flags)?;
        (s.rulesets, s.sources)
    } else {
        let mut sources = crate::source::Sources::new();
        let sets = crate::model::RuleSets::lower(&mut sources, &[], &mut Vec::new());
        (sets, sources)
    };
    let mut out = String::new();
    for kind in [
        crate::model::ruleset::Kind::Loopbaancheque,
        crate::model::ruleset::Kind::Loopbaankrediet,
    ] {
        out.push_str(&format!("== {} ==\n\n", kind.name()));
        for rs in sets.sets.iter().filter(|s| s.kind == kind) {
            out.push_str(&rule_set_block(rs, &sets, &sources));
        }
    }
    Ok(out)
}

/// One rule set as `popdoc rules --sets` lists it.
fn rule_set_block(
    rs: &crate::model::RuleSet,
    sets: &crate::model::RuleSets,
    sources: &crate::source::Sources,
) -> String {
    let origin = rs
        .loc
        .as_ref()
        .map(|l| sources.get(l.file).name.clone())
        .unwrap_or_default();
    let pinned = sets.pinned.iter().any(|p| p.id == rs.id);
    let lang = diag::ui_lang();
    let yes_no = |b: bool| diag::text(if b { "ov-yes" } else { "ov-no" }, lang);
    format!(
        "{}{}  ({})\n  {}\n  pakket: {}\n  besteld: {}\n  pakket_minuten: {:?}\n  min_individueel_minuten: {}\n  max_groep_minuten: {}\n  nazorg_max_minuten: {}\n  geldigheid_maanden: {}\n  enkel_eerste_gebruik: {}\n  pop_verplicht: {}\n  onzeker: {}\n\n",
        rs.id,
        if pinned {
            format!(" [{}]", diag::text("ui-sets-pinned", lang))
        } else {
            String::new()
        },
        origin,
        rs.naam,
        rs.kind.name(),
        rs.period(),
        rs.pakket_minuten,
        rs.min_individueel_minuten
            .map_or_else(|| diag::text("ui-none", lang).into(), |m| m.to_string()),
        rs.max_groep_minuten
            .map_or_else(|| "—".into(), |m| m.to_string()),
        rs.nazorg_max_minuten,
        rs.geldigheid_maanden,
        yes_no(rs.enkel_eerste_gebruik),
        yes_no(rs.pop_verplicht),
        if rs.onzeker.is_empty() {
            "—".into()
        } else {
            rs.onzeker_values()
        },
    )
}

/// Text of `popdoc rules`.
fn rule_line(r: &crate::diag::rules::Rule, lang: Lang) -> String {
    let sev = diag::severity_word(r.severity, lang);
    let summary = if lang == Lang::Nl {
        r.summary_nl
    } else {
        r.summary_en
    };
    format!(
        "{} {:<28} {:<12} {} ({})",
        r.id,
        r.name,
        sev,
        summary,
        crate::diag::rules::sources::short(r.source, lang)
    )
}

/// Every rule, one line each.
pub fn rules_text(lang: Lang) -> String {
    RULES.iter().map(|r| rule_line(r, lang) + "\n").collect()
}
