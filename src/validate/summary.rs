//! The verdict of a site as a coach reads it, per state: "5 dossiers: 2
//! lopend (1 met fouten: sofie-claes), 2 afgerond (1 in orde, 1 onzeker:
//! an-peeters), 1 gearchiveerd". `check` ends with it and the dashboard
//! heads its list with it.

use super::Verdict;
use super::state::{self, State};
use crate::date::Date;
use crate::diag::{Lang, Msg};
use crate::model::Entry;

/// The state of an entry (`None`: its `index.md` cannot be read).
pub fn entry_state(e: &Entry, today: Date) -> Option<State> {
    e.dossier.as_ref().map(|d| state::dossier(d, today))
}

fn verdict_word(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Errors => crate::diag::text("ui-with-errors", lang),
        Verdict::Warnings => crate::diag::text("ui-with-warnings", lang),
        _ => v.label(lang),
    }
}

/// The dossiers of one state: (slug, verdict).
type Group<'a> = (Option<State>, Vec<(&'a str, Verdict)>);

/// The summary line of `entries` on `today`.
pub fn line(entries: &[Entry], today: Date, lang: Lang) -> String {
    let n = entries.len();
    let counted = Msg::count(n, "ui-dossiers-one", "ui-dossiers-many").render(lang);
    if n == 0 {
        return counted;
    }
    let mut groups: Vec<Group> = Vec::new();
    for e in entries {
        let st = entry_state(e, today);
        let v = Verdict::of(e.dossier.as_ref(), &e.diags);
        match groups.iter_mut().find(|(s, _)| *s == st) {
            Some(g) => g.1.push((e.slug.as_str(), v)),
            None => groups.push((st, vec![(e.slug.as_str(), v)])),
        }
    }
    groups.sort_by_key(|(s, _)| s.map_or(usize::MAX, |s| s as usize));
    let parts: Vec<String> = groups
        .iter()
        .map(|(st, members)| {
            let word = match st {
                Some(s) => s.label(lang),
                None => crate::diag::text("ui-state-unreadable", lang),
            };
            let mut inner = Vec::new();
            for v in [
                Verdict::Ok,
                Verdict::Warnings,
                Verdict::Uncertain,
                Verdict::Errors,
            ] {
                let slugs: Vec<&str> = members
                    .iter()
                    .filter(|(_, x)| *x == v)
                    .map(|(s, _)| *s)
                    .collect();
                // A running trajectory "in orde" says nothing yet; an
                // unreadable one has errors by definition.
                let quiet = (v == Verdict::Ok && st.is_none_or(|s| s.running()))
                    || st.is_none()
                    || (*st == Some(State::Gearchiveerd) && v == Verdict::Ok);
                if slugs.is_empty() || quiet {
                    continue;
                }
                let mut part = format!("{} {}", slugs.len(), verdict_word(v, lang));
                if v != Verdict::Ok {
                    part.push_str(&format!(": {}", slugs.join(", ")));
                }
                inner.push(part);
            }
            let names = if st.is_none() {
                format!(
                    " ({})",
                    members
                        .iter()
                        .map(|(s, _)| *s)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else if inner.is_empty() {
                String::new()
            } else {
                format!(" ({})", inner.join("; "))
            };
            format!("{} {word}{names}", members.len())
        })
        .collect();
    format!("{counted}: {}", parts.join(", "))
}
