//! `popdoc new <slug> --cheque 2 --besteld-op DATE`: a second cheque for an
//! existing dossier, every other line of its `index.md` kept.

use std::path::PathBuf;

use super::ScaffoldError;
use crate::diag::{Msg, ui_lang};

/// `popdoc new <slug> --cheque 2 --besteld-op DATE`: adds `pop-N.md` (with
/// index.md's permissions and line endings) and an
/// `[[cheques]]` entry to an existing dossier. Every other line and comment
/// of index.md stays as the coach wrote it (toml_edit); index.md is replaced
/// atomically, `pop-N.md` is never overwritten. Refused when cheque 1's rule
/// set (or the new date's) has no package for cheque N, e.g. the single
/// transitional cheque.
pub fn add_cheque(
    site: &crate::model::Site,
    slug_: &str,
    n: u8,
    besteld_op: crate::date::Date,
    krediet: bool,
) -> Result<[PathBuf; 2], ScaffoldError> {
    let refuse = |m: Msg| Err(ScaffoldError::Refused(m.render(ui_lang())));
    let dir = site.root.join("content").join(slug_);
    let index = dir.join("index.md");
    let of_index = |key: &'static str| Msg::new(key).arg("path", index.display());
    let pop = dir.join(format!("pop-{n}.md"));
    if !crate::text::valid_slug(slug_) || !index.is_file() {
        return refuse(of_index("ui-cheque-no-dossier"));
    }
    if n != 2 {
        return refuse(Msg::new("ui-cheque-only-2").arg("n", n));
    }
    if pop.exists() {
        return Err(ScaffoldError::Exists(pop));
    }
    let entry = site.entries.iter().find(|e| e.slug == slug_);
    let Some(d) = entry.and_then(|e| e.dossier.as_ref()) else {
        return refuse(of_index("ui-cheque-unreadable"));
    };
    let Some(first) = d.cheques.iter().find(|c| c.nummer.v == 1) else {
        return refuse(of_index("ui-cheque-no-first"));
    };
    if d.cheques.iter().any(|c| c.nummer.v == i64::from(n)) {
        return refuse(of_index("ui-cheque-taken").arg("n", n));
    }
    let kind = if krediet {
        crate::model::ruleset::Kind::Loopbaankrediet
    } else {
        crate::model::ruleset::Kind::Loopbaancheque
    };
    // A second cheque follows its first's rule set; a krediet its own.
    let first_set = (kind == first.kind)
        .then(|| first.ruleset.clone())
        .flatten();
    for rs in [first_set, site.rulesets.for_date(kind, besteld_op)]
        .into_iter()
        .flatten()
    {
        if rs.pakket(i64::from(n)).is_none() {
            return refuse(
                Msg::new("ui-cheque-single")
                    .arg("ruleset", &rs.id)
                    .arg("n", n)
                    .arg("name", &rs.naam),
            );
        }
    }
    let text = std::fs::read_to_string(&index).map_err(|source| ScaffoldError::Io {
        path: index.clone(),
        source,
    })?;
    let file = crate::source::FileId(0);
    let split = crate::load::frontmatter::split(file, &text).map_err(|_| {
        ScaffoldError::Refused(of_index("ui-cheque-no-front-matter").render(ui_lang()))
    })?;
    let mut doc: toml_edit::DocumentMut = text[split.toml.clone()]
        .parse()
        .map_err(|e| ScaffoldError::Refused(format!("{}: {e}", index.display())))?;
    let mut table = toml_edit::Table::new();
    table.insert("nummer", toml_edit::value(i64::from(n)));
    if krediet {
        table.insert("pakket", toml_edit::value("loopbaankrediet"));
    }
    let mut date = toml_edit::value(
        besteld_op
            .to_string()
            .parse::<toml_edit::Datetime>()
            .map_err(|e| ScaffoldError::Refused(e.to_string()))?,
    );
    if let Some(v) = date.as_value_mut() {
        // What the coach still has to fill in, as in `popdoc new`.
        v.decor_mut()
            .set_suffix("\n# chequenummer = \"\"             # zoals op de cheque");
    }
    table.insert("besteld_op", date);
    match doc
        .get_mut("cheques")
        .and_then(|c| c.as_array_of_tables_mut())
    {
        Some(list) => {
            // Right after the last cheque, not at the end of the file.
            let after = list.iter().filter_map(|t| t.position()).max();
            if let Some(p) = after {
                table.set_position(Some(p));
            }
            list.push(table);
        }
        None => return refuse(of_index("ui-cheque-no-cheques")),
    }
    let new_index = format!(
        "{}{}{}",
        &text[..split.toml.start],
        doc,
        &text[split.toml.end..]
    );
    let new_pop = super::dossier::pop_template(n, besteld_op, krediet);
    crate::write::rewrite_source(&index, &new_index)?;
    crate::write::create_like(&pop, &new_pop, &index)?;
    Ok([index, pop])
}
