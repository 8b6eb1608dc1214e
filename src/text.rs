//! Text folding shared by the rules and the scaffold: accent- and case-insensitive
//! comparison, slugs (bounded in length: they become folder and file names),
//! and "did you mean" suggestions.

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

/// The slug of `s` in at most `max` bytes: cut at the last `-` that fits (or
/// at `max` when one word is longer), never ending in `-`.
pub fn slug_within(s: &str, max: usize) -> String {
    let full = slug(s);
    if full.len() <= max {
        return full;
    }
    // A slug is ASCII: any byte index is a character boundary.
    let cut = &full[..max];
    let cut = match cut.rfind('-') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut,
    };
    cut.trim_end_matches('-').to_string()
}

/// Whether a dossier folder name is a safe slug (`[a-z0-9-]`, as `popdoc new`
/// makes them, at most `limits::MAX_SLUG` bytes): it becomes a folder and a
/// link in the output, so nothing else may get through (`javascript:...`,
/// `style.css`, `..`).
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= crate::limits::MAX_SLUG
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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

/// A message as a page shows it: HTML-escaped, and each `name` between
/// backticks (a key, a command) as `<code>name</code>`; an odd backtick
/// stays as it is. No raw backtick reaches a coach's page.
pub fn code_html(s: &str) -> String {
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let closed = i % 2 == 1 && i + 1 < parts.len();
        if closed {
            out.push_str("<code>");
            out.push_str(&escape(part));
            out.push_str("</code>");
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&escape(part));
        }
    }
    out
}

/// Text that is safe to print on a terminal: control characters from user
/// data (an escape sequence in a value would clear the screen or retitle the
/// window) are shown as `\u{1b}`; newlines and tabs stay.
pub fn terminal_safe(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A name by its initials: "An Peeters" -> "A. P.", "Jan Van den Broeck" ->
/// "J. V. d. B." (each word's first letter, its case kept).
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
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
    fn initials_keep_one_letter_per_word() {
        assert_eq!(initials("An Peeters"), "A. P.");
        assert_eq!(initials("Jérôme  Çelik"), "J. Ç.");
        assert_eq!(initials("Jan Van den Broeck"), "J. V. d. B.");
        assert_eq!(initials(""), "");
    }

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
    fn control_characters_are_shown_not_sent() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb\n\tc"), "a\\u{1b}[2Jb\n\tc");
        assert_eq!(terminal_safe("\r\u{7}\u{9b}"), "\\u{d}\\u{7}\\u{9b}");
        assert_eq!(terminal_safe("gewoon"), "gewoon");
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

#[cfg(test)]
mod code_html_tests {
    #[test]
    fn backticks_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            super::code_html("zet `retention_years` <b> & `x"),
            "zet <code>retention_years</code> &lt;b&gt; &amp; `x"
        );
    }
}
