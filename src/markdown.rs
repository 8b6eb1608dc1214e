//! Markdown of a POP: finding its sections (the VDAB minimum elements), measuring
//! them for the rules, and turning it into safe HTML or into a JSON tree that the
//! Typst theme renders. User text is never parsed as markup downstream: the HTML
//! side escapes it (raw HTML too, unless the site allows it) and the Typst side
//! only ever sees strings inside the tree.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Value, json};

use crate::text::{fold, word_count};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Loopbaanvraag,
    Reflecties,
    Keuzes,
    Actieplan,
    Evolutie,
}

impl SectionKind {
    /// Accepted headings (dossier-format.md), compared after `text::fold`.
    const SPELLINGS: &'static [(SectionKind, &'static str)] = &[
        (SectionKind::Loopbaanvraag, "loopbaanvraag"),
        (SectionKind::Loopbaanvraag, "mijn loopbaanvraag"),
        (SectionKind::Loopbaanvraag, "de loopbaanvraag"),
        (SectionKind::Reflecties, "reflecties en inzichten"),
        (SectionKind::Reflecties, "reflecties"),
        (SectionKind::Reflecties, "inzichten"),
        (SectionKind::Keuzes, "keuzes beslissingen en acties"),
        (SectionKind::Keuzes, "keuzes beslissingen en of acties"),
        (SectionKind::Keuzes, "keuzes en beslissingen"),
        (SectionKind::Keuzes, "keuzes"),
        (SectionKind::Actieplan, "actieplan"),
        (SectionKind::Actieplan, "acties"),
        (SectionKind::Evolutie, "evolutie"),
    ];

    pub fn from_heading(heading: &str) -> Option<SectionKind> {
        let f = fold(heading);
        Self::SPELLINGS
            .iter()
            .find(|(_, s)| *s == f)
            .map(|(k, _)| *k)
    }

    /// The canonical Dutch heading.
    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Loopbaanvraag => "Loopbaanvraag",
            SectionKind::Reflecties => "Reflecties en inzichten",
            SectionKind::Keuzes => "Keuzes, beslissingen en acties",
            SectionKind::Actieplan => "Actieplan",
            SectionKind::Evolutie => "Evolutie",
        }
    }
}

/// One heading and what follows it up to the next heading of the same or a
/// higher level.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub kind: Option<SectionKind>,
    pub title: String,
    pub level: u8,
    /// The heading line, as a byte range of the whole file.
    pub heading: Range<usize>,
    /// Any non-whitespace text under the heading.
    pub has_text: bool,
    /// Words outside lists and tables.
    pub prose_words: usize,
    /// List items with text, plus table body rows with text.
    pub items: usize,
    /// Paragraphs, items or rows that contain a date.
    pub dated_entries: usize,
}

/// A POP body, analysed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PopText {
    pub body: String,
    /// Byte offset of the body in its file.
    pub offset: usize,
    pub sections: Vec<Section>,
}

impl PopText {
    pub fn is_empty(&self) -> bool {
        self.body.trim().is_empty()
    }

    /// The first section of a kind that has text, else the first of that kind.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        let mut all = self.sections.iter().filter(|s| s.kind == Some(kind));
        let first = all.clone().next();
        all.find(|s| s.has_text).or(first)
    }

    /// Case- and accent-folded plain text of the whole body.
    pub fn folded(&self) -> String {
        fold(&plain_text(&self.body))
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Finds the sections of `body` (which starts at byte `offset` of its file).
pub fn analyse(body: &str, offset: usize) -> PopText {
    struct Open {
        section: Section,
        list_depth: usize,
        in_table: bool,
        unit_text: String,
        unit_has_text: bool,
    }
    let mut sections: Vec<Section> = Vec::new();
    let mut cur: Option<Open> = None;
    let mut heading: Option<(u8, Range<usize>, String)> = None;
    let close_unit = |o: &mut Open, counts_as_item: bool| {
        if o.unit_has_text {
            if counts_as_item {
                o.section.items += 1;
            }
            if contains_date(&o.unit_text) {
                o.section.dated_entries += 1;
            }
        }
        o.unit_text.clear();
        o.unit_has_text = false;
    };
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level_num(level), range.clone(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, r, title)) = heading.take() {
                    if let Some(o) = cur.take() {
                        sections.push(o.section);
                    }
                    let line_end = body[r.clone()].find('\n').map_or(r.end, |i| r.start + i);
                    cur = Some(Open {
                        section: Section {
                            kind: SectionKind::from_heading(&title),
                            title: title.trim().to_string(),
                            level,
                            heading: offset + r.start..offset + line_end,
                            has_text: false,
                            prose_words: 0,
                            items: 0,
                            dated_entries: 0,
                        },
                        list_depth: 0,
                        in_table: false,
                        unit_text: String::new(),
                        unit_has_text: false,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some(h) = heading.as_mut() {
                    h.2.push_str(&t);
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(o) = cur.as_mut() {
                    if !t.trim().is_empty() {
                        o.section.has_text = true;
                        o.unit_has_text = true;
                        if o.list_depth == 0 && !o.in_table {
                            o.section.prose_words += word_count(&t);
                        }
                    }
                    o.unit_text.push_str(&t);
                    o.unit_text.push(' ');
                }
            }
            Event::Start(Tag::List(_)) => {
                if let Some(o) = cur.as_mut() {
                    o.list_depth += 1;
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(o) = cur.as_mut() {
                    o.list_depth = o.list_depth.saturating_sub(1);
                }
            }
            Event::Start(Tag::Item)
            | Event::Start(Tag::TableRow)
            | Event::Start(Tag::Paragraph) => {
                if let Some(o) = cur.as_mut()
                    && o.list_depth == 0
                    && !o.in_table
                {
                    close_unit(o, false);
                }
            }
            Event::End(TagEnd::Item) | Event::End(TagEnd::TableRow) => {
                if let Some(o) = cur.as_mut() {
                    close_unit(o, true);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(o) = cur.as_mut()
                    && o.list_depth == 0
                    && !o.in_table
                {
                    close_unit(o, false);
                }
            }
            Event::Start(Tag::Table(_)) => {
                if let Some(o) = cur.as_mut() {
                    o.in_table = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(o) = cur.as_mut() {
                    o.unit_text.clear();
                    o.unit_has_text = false;
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(o) = cur.as_mut() {
                    o.in_table = false;
                }
            }
            _ => {}
        }
    }
    if let Some(mut o) = cur.take() {
        close_unit(&mut o, false);
        sections.push(o.section);
    }
    // A section ends at the next heading of the same or a higher level: fold the
    // counts of deeper subsections into their parent.
    for i in (0..sections.len()).rev() {
        let level = sections[i].level;
        let mut j = i + 1;
        while j < sections.len() && sections[j].level > level {
            let sub = sections[j].clone();
            let s = &mut sections[i];
            s.has_text |= sub.has_text || sub.kind.is_none() && !sub.title.is_empty();
            s.prose_words += sub.prose_words;
            s.items += sub.items;
            s.dated_entries += sub.dated_entries;
            j += 1;
            // skip the sub-subsections already folded into `sub`
            while j < sections.len() && sections[j].level > sub.level {
                j += 1;
            }
        }
    }
    PopText {
        body: body.to_string(),
        offset,
        sections,
    }
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// Text content without markup.
pub fn plain_text(body: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(body, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Abbreviations of Dutch month names, next to `date::MONTHS_NL`.
const MONTH_ABBREVIATIONS: [&str; 11] = [
    "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov",
];

/// Whether a text mentions a date: `2025-02-10`, `10/02/2025`, `10.2.2025`,
/// `10 februari 2025`, `februari 2025`.
pub fn contains_date(s: &str) -> bool {
    let words: Vec<String> = s
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    for (i, w) in words.iter().enumerate() {
        let nums: Vec<&str> = w.split(['-', '/', '.']).collect();
        if nums.len() == 3
            && nums
                .iter()
                .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            let n: Vec<u32> = nums.iter().filter_map(|x| x.parse().ok()).collect();
            if n.len() == 3 {
                let ymd =
                    nums[0].len() == 4 && (1..=12).contains(&n[1]) && (1..=31).contains(&n[2]);
                let dmy =
                    nums[2].len() >= 2 && (1..=31).contains(&n[0]) && (1..=12).contains(&n[1]);
                if ymd || dmy {
                    return true;
                }
            }
        }
        if crate::date::MONTHS_NL.contains(&w.as_str()) || MONTH_ABBREVIATIONS.contains(&w.as_str())
        {
            let is_day = |x: Option<&String>| {
                x.and_then(|d| d.parse::<u32>().ok())
                    .is_some_and(|d| (1..=31).contains(&d))
            };
            let is_year = |x: Option<&String>| {
                x.is_some_and(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
            };
            if (i > 0 && is_day(words.get(i - 1))) || is_year(words.get(i + 1)) {
                return true;
            }
        }
    }
    false
}

/// Whether a link target is safe to follow: web and mail links only.
pub fn safe_url(url: &str) -> bool {
    let l = url.trim().to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:")
}

/// Heading levels as they should be shown: the shallowest heading becomes
/// level 1 and no level is skipped (PDF/UA and screen readers need this).
fn clamped_levels(body: &str) -> Vec<u8> {
    let levels: Vec<u8> = Parser::new_ext(body, options())
        .filter_map(|ev| match ev {
            Event::Start(Tag::Heading { level, .. }) => Some(level_num(level)),
            _ => None,
        })
        .collect();
    let base = levels.iter().copied().min().unwrap_or(1);
    let mut prev = 0u8;
    levels
        .into_iter()
        .map(|l| {
            let l = (l - base + 1).min(prev + 1);
            prev = l;
            l
        })
        .collect()
}

/// Safe HTML for a POP body. Headings start at `<h{first_level}>`; raw HTML is
/// shown as text unless `allow_raw_html`; unsafe link targets are dropped.
pub fn to_html(body: &str, allow_raw_html: bool, first_level: u8) -> String {
    let mut levels = clamped_levels(body).into_iter();
    let events = Parser::new_ext(body, options()).map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) if !allow_raw_html => Event::Text(h),
        Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) => {
            let l = levels.next().unwrap_or(1) + first_level - 1;
            Event::Start(Tag::Heading {
                level: heading_level(l),
                id,
                classes,
                attrs,
            })
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) && !dest_url.starts_with('#') => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !allow_raw_html => {
            // Images would load files or URLs the dossier does not control: show
            // the alt text as a link-less label instead.
            let _ = (link_type, title, id);
            Event::Text(CowStr::from(format!("[afbeelding: {dest_url}]")))
        }
        other => other,
    });
    // End tags must match the rewritten start tags.
    let mut depth_levels: Vec<HeadingLevel> = Vec::new();
    let fixed: Vec<Event> = events
        .map(|ev| match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                depth_levels.push(level);
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(
                depth_levels.pop().unwrap_or(HeadingLevel::H2),
            )),
            Event::End(TagEnd::Image) if !allow_raw_html => Event::Text(CowStr::Borrowed("")),
            other => other,
        })
        .collect();
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, fixed.into_iter());
    out
}

fn heading_level(l: u8) -> HeadingLevel {
    match l {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The body as a JSON tree of blocks for the Typst renderer (`md.typ`).
/// Every piece of user text is a JSON string; nothing is markup.
pub fn to_ast(body: &str) -> Value {
    let mut levels = clamped_levels(body).into_iter();
    // Stack of (node, children) under construction.
    let mut stack: Vec<(Value, Vec<Value>)> = vec![(json!({"t": "doc"}), vec![])];
    let push_leaf = |stack: &mut Vec<(Value, Vec<Value>)>, v: Value| {
        if let Some(top) = stack.last_mut() {
            top.1.push(v);
        }
    };
    let mut in_image = 0usize;
    for ev in Parser::new_ext(body, options()) {
        match ev {
            Event::Start(tag) => {
                let node = match tag {
                    Tag::Paragraph => json!({"t": "par"}),
                    Tag::Heading { .. } => {
                        json!({"t": "heading", "level": levels.next().unwrap_or(1)})
                    }
                    Tag::BlockQuote(_) => json!({"t": "quote"}),
                    Tag::CodeBlock(_) => json!({"t": "codeblock"}),
                    Tag::List(start) => json!({"t": "list", "start": start}),
                    Tag::Item => json!({"t": "item"}),
                    Tag::Emphasis => json!({"t": "emph"}),
                    Tag::Strong => json!({"t": "strong"}),
                    Tag::Strikethrough => json!({"t": "strike"}),
                    Tag::Link { dest_url, .. } => {
                        if safe_url(&dest_url) {
                            json!({"t": "link", "url": dest_url.to_string()})
                        } else {
                            json!({"t": "span"})
                        }
                    }
                    Tag::Image { .. } => {
                        in_image += 1;
                        json!({"t": "span"})
                    }
                    Tag::Table(_) => json!({"t": "table"}),
                    Tag::TableHead => json!({"t": "head"}),
                    Tag::TableRow => json!({"t": "row"}),
                    Tag::TableCell => json!({"t": "cell"}),
                    _ => json!({"t": "span"}),
                };
                stack.push((node, vec![]));
            }
            Event::End(end) => {
                if matches!(end, TagEnd::Image) {
                    in_image = in_image.saturating_sub(1);
                }
                if stack.len() > 1 {
                    let (mut node, children) =
                        stack.pop().unwrap_or((json!({"t": "span"}), vec![]));
                    node["c"] = Value::Array(children);
                    push_leaf(&mut stack, node);
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push_leaf(&mut stack, json!({"t": "text", "v": t.to_string()}));
            }
            Event::Code(t) => push_leaf(&mut stack, json!({"t": "code", "v": t.to_string()})),
            Event::SoftBreak => push_leaf(&mut stack, json!({"t": "text", "v": " "})),
            Event::HardBreak => push_leaf(&mut stack, json!({"t": "linebreak"})),
            Event::Rule => push_leaf(&mut stack, json!({"t": "rule"})),
            _ => {}
        }
    }
    let _ = in_image;
    let (_, children) = stack.swap_remove(0);
    Value::Array(children)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn ast_keeps_text_as_strings() {
        let ast = to_ast("## T\n\n#panic(\"x\") `y` [l](https://e.be)");
        let s = ast.to_string();
        assert!(s.contains(r#"{"t":"heading","level":1"#), "{s}");
        assert!(s.contains(r#"#panic(\"x\")"#));
        assert!(s.contains(r#""url":"https://e.be""#));
    }
}
