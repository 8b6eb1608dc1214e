//! Text folding shared by the rules and the scaffold: accent- and case-insensitive
//! comparison, slugs, and "did you mean" suggestions.

/// Lower case, accents removed, runs of non-alphanumerics collapsed to one space.
/// "Keuzes, beslissingen en/of acties" -> "keuzes beslissingen en of acties".
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// A URL- and file-name-safe slug: "Jérôme Çelik" -> "jerome-celik".
pub fn slug(s: &str) -> String {
    fold(s).replace(' ', "-")
}

/// The closest candidate to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&w, &c.to_lowercase()), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Number of words (runs of letters or digits) in a text.
pub fn word_count(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents() {
        assert_eq!(slug("Jérôme Çelik"), "jerome-celik");
        assert_eq!(slug("  An  Peeters "), "an-peeters");
        assert_eq!(
            fold("Keuzes, beslissingen en/of acties"),
            "keuzes beslissingen en of acties"
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("voornam", &["voornaam", "achternaam"]),
            Some("voornaam")
        );
        assert_eq!(did_you_mean("xyz", &["voornaam", "achternaam"]), None);
    }
}
