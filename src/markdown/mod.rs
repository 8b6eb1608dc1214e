//! Markdown of a POP: finding its sections (the VDAB minimum elements), measuring
//! them for the rules, and turning it into safe HTML or into a JSON tree that the
//! Typst theme renders. User text is never parsed as markup downstream: the HTML
//! side escapes it (raw HTML too, unless the site allows it) and the Typst side
//! only ever sees strings inside the tree.
//!
//! This file holds the model of a POP body and the parser's events every part
//! shares; `analyse.rs` finds the sections, `extract.rs` pulls plain text,
//! entries, tables and dates out of them, `html.rs` and `ast.rs` render.

mod analyse;
mod ast;
pub mod cost;
mod extract;
mod html;
#[cfg(test)]
pub(crate) mod tests;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::text::fold;

pub use analyse::analyse;
pub use ast::to_ast;
pub use extract::{contains_date, entries, find_date, plain_text, table};
pub use html::to_html;

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
    /// What follows the heading line up to the next heading of the same or a
    /// higher level, as a byte range of the whole file.
    pub content: Range<usize>,
}

/// A POP body, analysed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PopText {
    pub body: String,
    /// Byte offset of the body in its file.
    pub offset: usize,
    pub sections: Vec<Section>,
    /// Where (byte offset in the file) the first list, quote or emphasis nested
    /// beyond `limits` starts; it is shown flattened.
    pub flattened_at: Option<usize>,
    /// What laying it out will cost (its largest block at a file offset).
    pub cost: cost::Cost,
}

impl PopText {
    pub fn is_empty(&self) -> bool {
        self.body.trim().is_empty()
    }

    /// Whether the body holds the POP's own text (a heading of one of its
    /// sections). A POP the client keeps may carry a short note instead
    /// ("POP meegegeven op 12/05/2025"): that is not its text, and the
    /// coach's ticks in `aanwezig` count.
    pub fn holds_pop(&self) -> bool {
        self.sections.iter().any(|s| s.kind.is_some())
    }

    /// The first section of a kind that has text, else the first of that kind.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        let mut all = self.sections.iter().filter(|s| s.kind == Some(kind));
        let first = all.clone().next();
        all.find(|s| s.has_text).or(first)
    }

    /// Case- and accent-folded plain text of the whole body (HTML and comments
    /// left out: they are not shown).
    pub fn folded(&self) -> String {
        fold(&plain_text(&self.body))
    }

    /// The Markdown under the first section of `kind` that has text.
    pub fn section_markdown(&self, kind: SectionKind) -> Option<&str> {
        let s = self.section(kind)?;
        let (a, b) = (
            s.content.start.saturating_sub(self.offset),
            s.content.end.saturating_sub(self.offset),
        );
        self.body.get(a..b.min(self.body.len()))
    }

    /// Whether the text names `name`: its folded words occur as whole words, in
    /// order, in the folded text ("Kunde" is not named by "Verpleegkunde").
    pub fn names(&self, name: &str) -> bool {
        names(&self.folded(), name)
    }
}

/// Whether folded `text` holds the folded words of `name` as whole words, in order.
pub fn names(folded_text: &str, name: &str) -> bool {
    let needle = fold(name);
    !needle.is_empty() && format!(" {folded_text} ").contains(&format!(" {needle} "))
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Text that stands in for content not yet written, compared after `fold`. A
/// paragraph, item or cell holding only this (or only punctuation such as
/// `...`) is no text of its own.
const PLACEHOLDERS: &[&str] = &[
    "todo",
    "tbd",
    "fixme",
    "xxx",
    "nog in te vullen",
    "in te vullen",
    "invullen",
    "nog invullen",
    "aan te vullen",
    "nog aan te vullen",
    "nog te schrijven",
    "n v t",
    "nvt",
    "niet van toepassing",
];

/// Whether a paragraph, list item or table cell holds words of its own: not
/// empty, not only punctuation, not a placeholder (`TODO: ...` included).
pub fn has_words(text: &str) -> bool {
    let f = fold(text);
    if f.is_empty() || PLACEHOLDERS.contains(&f.as_str()) {
        return false;
    }
    let first = f.split(' ').next().unwrap_or("");
    !matches!(first, "todo" | "tbd" | "fixme" | "xxx")
}

/// Removes HTML comments from a piece of raw HTML; `in_comment` carries an
/// open comment over to the next piece (a comment may span several lines).
fn strip_comments(html: &str, in_comment: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(i) => {
                    rest = &rest[i + 3..];
                    *in_comment = false;
                }
                None => return out,
            }
        } else {
            match rest.find("<!--") {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    rest = &rest[i + 4..];
                    *in_comment = true;
                }
                None => {
                    out.push_str(rest);
                    return out;
                }
            }
        }
    }
}

/// The parser's events for `body` with their offsets, as every renderer and
/// the analysis see them: HTML comments removed (never shown, never counted),
/// lists and quotes deeper than `MAX_BLOCK_DEPTH` and emphasis deeper than
/// `MAX_INLINE_DEPTH` flattened into their enclosing level.
pub struct Events<'a> {
    pub events: Vec<(Event<'a>, Range<usize>)>,
    /// Offset (in `body`) of the first flattened construct.
    pub flattened_at: Option<usize>,
}

pub fn events(body: &str) -> Events<'_> {
    use crate::limits::{MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};
    let mut out = Vec::new();
    let mut flattened_at = None;
    // One flag per open tag: whether its start was dropped (flattened).
    let mut open: Vec<bool> = Vec::new();
    let (mut block, mut inline) = (0usize, 0usize);
    let mut in_comment = false;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Html(h) | Event::InlineHtml(h) => {
                let kept = strip_comments(&h, &mut in_comment);
                if !kept.trim().is_empty() {
                    out.push((Event::Html(CowStr::from(kept)), range));
                }
            }
            Event::Start(tag) => {
                let drop = match &tag {
                    Tag::List(_) | Tag::BlockQuote(_) => {
                        let d = block >= MAX_BLOCK_DEPTH;
                        if !d {
                            block += 1;
                        }
                        d
                    }
                    // The items of a flattened list go with it.
                    Tag::Item => open.last().copied().unwrap_or(false),
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
                        let d = inline >= MAX_INLINE_DEPTH;
                        if !d {
                            inline += 1;
                        }
                        d
                    }
                    _ => false,
                };
                if drop && flattened_at.is_none() && !matches!(tag, Tag::Item) {
                    flattened_at = Some(range.start);
                }
                open.push(drop);
                if !drop {
                    out.push((Event::Start(tag), range));
                } else if matches!(tag, Tag::Item) {
                    // Keep the words of flattened items apart.
                    out.push((Event::SoftBreak, range));
                }
            }
            Event::End(end) => {
                let dropped = open.pop().unwrap_or(false);
                if dropped {
                    continue;
                }
                match end {
                    TagEnd::List(_) | TagEnd::BlockQuote(_) => block -= 1,
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                        inline -= 1
                    }
                    _ => {}
                }
                out.push((Event::End(end), range));
            }
            other => out.push((other, range)),
        }
    }
    Events {
        events: printable(out),
        flattened_at,
    }
}

/// What every output can show: a heading without words is left out (a PDF/UA
/// heading needs a title, a screen reader an announcement), and a tab in
/// running text is a space (a tab between two words would make them touch).
/// Code keeps its tabs.
fn printable(events: Vec<(Event<'_>, Range<usize>)>) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    let mut heading: Option<usize> = None;
    let mut in_code = false;
    for (ev, range) in events {
        match &ev {
            Event::Start(Tag::Heading { .. }) => heading = Some(out.len()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading.take() {
                    let words = out[start..].iter().any(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                            !t.trim().is_empty()
                        }
                        _ => false,
                    });
                    if !words {
                        out.truncate(start);
                        continue;
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code && t.contains('\t') => {
                out.push((Event::Text(CowStr::from(t.replace('\t', " "))), range));
                continue;
            }
            _ => {}
        }
        out.push((ev, range));
    }
    out
}

pub(crate) fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// Whether a link target is safe to follow: web and mail links only.
pub fn safe_url(url: &str) -> bool {
    let l = url.trim().to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:")
}

/// Heading levels as they should be shown: the shallowest heading becomes
/// level 1 and no level is skipped (PDF/UA and screen readers need this).
pub(crate) fn clamped_levels(events: &[(Event, Range<usize>)]) -> Vec<u8> {
    let levels: Vec<u8> = events
        .iter()
        .filter_map(|(ev, _)| match ev {
            Event::Start(Tag::Heading { level, .. }) => Some(level_num(*level)),
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
