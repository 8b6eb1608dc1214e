//! Tests of the Markdown analysis and renderers.

use super::*;
use serde_json::Value;

const POP: &str = "## Mijn loopbaanvraag\nWat wil ik?\n\n## Reflecties\n- test A\n- test B\n\nKort.\n\n### Subsectie\nMeer tekst hier.\n\n## Keuzes\n\n- \n\n## Evolutie\n- 2025-02-10: start\n- 3 maart 2025: verder\n";

#[test]
fn finds_sections_by_accepted_spellings() {
    let t = analyse(POP, 100);
    let kinds: Vec<_> = t.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        vec![
            Some(SectionKind::Loopbaanvraag),
            Some(SectionKind::Reflecties),
            None,
            Some(SectionKind::Keuzes),
            Some(SectionKind::Evolutie)
        ]
    );
    assert_eq!(t.sections[0].heading.start, 100);
    let r = t.section(SectionKind::Reflecties).unwrap();
    assert_eq!(r.items, 2);
    assert_eq!(r.prose_words, 4, "Kort. + Meer tekst hier.");
    assert!(
        !t.section(SectionKind::Keuzes).unwrap().has_text,
        "an empty list item is no text"
    );
    assert_eq!(t.section(SectionKind::Evolutie).unwrap().dated_entries, 2);
}

#[test]
fn only_words_of_its_own_count_as_text() {
    let has = |body: &str| analyse(body, 0).sections[0].has_text;
    for empty in [
        "## Loopbaanvraag\n\n### Nog in te vullen\n",
        "## Loopbaanvraag\n\n<!-- invullen -->\n",
        "## Loopbaanvraag\n\n...\n",
        "## Loopbaanvraag\n\n…\n",
        "## Loopbaanvraag\n\nTODO\n",
        "## Loopbaanvraag\n\nTODO: vragen naar de thuissituatie\n",
        "## Loopbaanvraag\n\n- nog in te vullen\n- n.v.t.\n",
        "## Loopbaanvraag\n\n| Vraag |\n|---|\n| ... |\n",
        "## Loopbaanvraag\n\n   \n\t\n",
    ] {
        assert!(!has(empty), "{empty:?} counts as text");
    }
    assert!(has("## Loopbaanvraag\n\nTekst <!-- een\ncommentaar -->\n"));
    assert!(has("## Loopbaanvraag\n\n### Deelvraag\n\nWat wil ik?\n"));
    assert!(has(
        "## Loopbaanvraag\n\n| Vraag |\n|---|\n| Wat wil ik? |\n"
    ));
    // A sub-heading that is itself another minimum element stays apart.
    let t = analyse("## Loopbaanvraag\n\n### Reflecties\n\nVeel inzicht.\n", 0);
    assert!(!t.section(SectionKind::Loopbaanvraag).unwrap().has_text);
    assert!(t.section(SectionKind::Reflecties).unwrap().has_text);
}

#[test]
fn names_are_whole_words_in_order() {
    let t = analyse("## Keuzes\n\nIk kies Verpleegkunde, uit overtuiging.\n", 0);
    assert!(t.names("verpleegkunde"));
    assert!(!t.names("Kunde"));
    assert!(!t.names("IT"));
    assert!(!t.names("overtuiging uit"));
    assert!(t.names("Uit overtuiging!"));
    assert!(!t.names(""));
    let hidden = analyse("## Keuzes\n\nIk kies <!-- Rechten --> iets.\n", 0);
    assert!(!hidden.names("Rechten"), "a comment names nothing");
}

#[test]
fn comments_are_never_shown_and_nesting_is_bounded() {
    let body = "Zichtbaar <!-- geheim -->\n\n<!--\nook geheim\n-->\n";
    for out in [
        to_html(body, false, 2),
        to_html(body, true, 2),
        to_ast(body).to_string(),
    ] {
        assert!(
            out.contains("Zichtbaar") && !out.contains("geheim"),
            "{out}"
        );
    }
    let deep = format!("{}x{}", "*".repeat(200), "*".repeat(200));
    let e = events(&deep);
    assert!(e.flattened_at.is_some());
    let depth = e
        .events
        .iter()
        .scan(0i32, |d, (ev, _)| {
            match ev {
                Event::Start(_) => *d += 1,
                Event::End(_) => *d -= 1,
                _ => {}
            }
            Some(*d)
        })
        .max()
        .unwrap();
    assert!(
        depth <= 1 + crate::limits::MAX_INLINE_DEPTH as i32,
        "{depth}"
    );
    let list = format!("{}x\n", "- ".repeat(50));
    let html = to_html(&list, false, 2);
    assert_eq!(html.matches("<ul>").count(), crate::limits::MAX_BLOCK_DEPTH);
}

#[test]
fn headings_fold_accents_and_case() {
    assert_eq!(
        SectionKind::from_heading("KEUZES, beslissingen en/of acties"),
        Some(SectionKind::Keuzes)
    );
    assert_eq!(
        SectionKind::from_heading("Réflecties en inzichten"),
        Some(SectionKind::Reflecties)
    );
}

#[test]
fn entries_tables_and_dates_for_the_client_page() {
    let md = "- 2025-02-03: start\n- 3 maart 2025: verder\n  - detail\n\nLos stuk in april 2025.\n\n<!-- geheim -->\n- TODO\n";
    assert_eq!(
        entries(md),
        vec![
            "2025-02-03: start",
            "3 maart 2025: verder detail",
            "Los stuk in april 2025."
        ]
    );
    let d = |s| crate::date::Date::parse(s).unwrap();
    assert_eq!(find_date("2025-02-03: start"), Some(d("2025-02-03")));
    assert_eq!(find_date("op 3 maart 2025 verder"), Some(d("2025-03-03")));
    assert_eq!(find_date("in april 2025"), Some(d("2025-04-01")));
    assert_eq!(find_date("10/02/2025"), Some(d("2025-02-10")));
    assert_eq!(find_date("versie 1.2.3"), None);
    let (h, rows) = table("| Actie | Wanneer |\n|---|---|\n| Bellen | mei |\n| ... | |\n").unwrap();
    assert_eq!(h, vec!["Actie", "Wanneer"]);
    assert_eq!(rows, vec![vec!["Bellen".to_string(), "mei".to_string()]]);
    let t = analyse(
        "## Loopbaanvraag\n\nWat wil ik?\n\n### Sub\n\nMeer.\n\n## Keuzes\n\nDit.\n",
        0,
    );
    assert_eq!(
        t.section_markdown(SectionKind::Loopbaanvraag)
            .unwrap()
            .trim(),
        "Wat wil ik?\n\n### Sub\n\nMeer."
    );
}

#[test]
fn dates() {
    assert!(contains_date("op 2025-02-10 begonnen"));
    assert!(contains_date("10/02/2025"));
    assert!(contains_date("In februari 2025 koos ik"));
    assert!(!contains_date("ik werk 40 uur"));
    assert!(!contains_date("versie 1.2.3"));
}

#[test]
fn html_escapes_raw_html_and_bad_links() {
    let h = to_html(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) *a*",
        false,
        2,
    );
    assert!(!h.contains("<script>"), "{h}");
    assert!(h.contains("&lt;script&gt;"));
    assert!(!h.contains("javascript:"));
    let h = to_html("# A\n\n#### B", false, 2);
    assert!(h.contains("<h2>A</h2>") && h.contains("<h3>B</h3>"), "{h}");
    assert!(to_html("<b>x</b>", true, 2).contains("<b>x</b>"));
    // Allowed raw HTML keeps only safe schemes, no script, no handlers.
    let h = to_html(
        "<img src=\"javascript:alert(1)\"> <a href=\"file:///etc/passwd\">f</a> <a href=\"https://vdab.be\" onclick=\"x()\">v</a><script>alert(2)</script> <img src=\"data:image/png;base64,AA\">",
        true,
        2,
    );
    for bad in [
        "javascript:",
        "file:",
        "onclick",
        "<script",
        "alert(2)",
        "data:",
    ] {
        assert!(!h.contains(bad), "{bad} in {h}");
    }
    assert!(h.contains("href=\"https://vdab.be\""), "{h}");
}

#[test]
fn ast_keeps_text_as_strings() {
    let ast = to_ast("## T\n\n#panic(\"x\") `y` [l](https://e.be)");
    let s = ast.to_string();
    assert!(s.contains(r#"{"t":"heading","level":1"#), "{s}");
    assert!(s.contains(r#"#panic(\"x\")"#));
    assert!(s.contains(r#""url":"https://e.be""#));
}

/// Markdown built from the pieces that interact most: nesting, emphasis,
/// tables, HTML and comments, in any order.
pub(crate) fn markdown() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("*"),
        Just("_"),
        Just("**"),
        Just("~~"),
        Just("- "),
        Just("> "),
        Just("1. "),
        Just("## "),
        Just("#"),
        Just("### ###"),
        Just("    "),
        Just("### Loopbaanvraag"),
        Just("\n"),
        Just("\n\n"),
        Just("  "),
        Just("|"),
        Just("|---|"),
        Just("`"),
        Just("```"),
        Just("["),
        Just("](https://e.be)"),
        Just("](javascript:x)"),
        Just("<!--"),
        Just("-->"),
        Just("<b>"),
        Just("<script>"),
        Just("a"),
        Just("woord"),
        Just("é"),
        Just("😀"),
        Just("\t"),
        Just("\r\n"),
        Just("\u{0}"),
        Just("TODO"),
        Just("..."),
        Just("2025-02-10"),
    ];
    prop_oneof![
        proptest::collection::vec(piece, 0..300).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

proptest::proptest! {
    /// The Markdown -> Typst data emitter: never panics, and the tree
    /// stays within Typst's JSON (128) and call-depth bounds whatever the
    /// input; the HTML never carries a script or a javascript: link.
    #[test]
    fn prop_markdown_to_typst_data_is_bounded(body in markdown()) {
        let ast = to_ast(&body);
        let d = depth(&ast);
        let bound = 2 * (2 * crate::limits::MAX_BLOCK_DEPTH + crate::limits::MAX_INLINE_DEPTH + 8);
        proptest::prop_assert!(d <= bound && d < 128, "depth {} of {:?}", d, body);
        let html = to_html(&body, false, 2);
        proptest::prop_assert!(!html.contains("<script"), "{}", html);
        proptest::prop_assert!(!html.contains("href=\"javascript:"), "{}", html);
        let t = analyse(&body, 7);
        for s in &t.sections {
            proptest::prop_assert!(s.heading.end <= body.len() + 7 && s.heading.start >= 7);
        }
        if let Some(at) = t.flattened_at {
            proptest::prop_assert!(at >= 7 && at <= body.len() + 7);
        }
    }
}
