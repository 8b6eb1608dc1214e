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
        events: out,
        flattened_at,
    }
}

/// Finds the sections of `body` (which starts at byte `offset` of its file).
/// A section has text only when a paragraph, list item, table cell or code
/// block under it (or under a plain sub-heading) holds words of its own.
pub fn analyse(body: &str, offset: usize) -> PopText {
    struct Open {
        section: Section,
        list_depth: usize,
        in_table: bool,
        in_head: bool,
        /// Text of the current unit: paragraph, item, table row, code block.
        unit_text: String,
        cell_text: String,
        row_has_words: bool,
    }
    impl Open {
        /// Closes a paragraph, item or code block.
        fn close(&mut self, counts_as_item: bool) {
            if has_words(&self.unit_text) {
                self.section.has_text = true;
                if counts_as_item {
                    self.section.items += 1;
                }
                if contains_date(&self.unit_text) {
                    self.section.dated_entries += 1;
                }
            }
            self.unit_text.clear();
        }
        fn close_row(&mut self) {
            if self.row_has_words {
                self.section.has_text = true;
                self.section.items += 1;
                if contains_date(&self.unit_text) {
                    self.section.dated_entries += 1;
                }
            }
            self.unit_text.clear();
            self.row_has_words = false;
        }
    }
    let ev = events(body);
    let mut sections: Vec<Section> = Vec::new();
    let mut cur: Option<Open> = None;
    let mut heading: Option<(u8, Range<usize>, String)> = None;
    for (ev, range) in ev.events {
        if let Some(h) = heading.as_mut() {
            match ev {
                Event::Text(t) | Event::Code(t) => h.2.push_str(&t),
                Event::End(TagEnd::Heading(_)) => {
                    let (level, r, title) = heading.take().unwrap_or_default();
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
                            content: offset + line_end..offset + body.len(),
                        },
                        list_depth: 0,
                        in_table: false,
                        in_head: false,
                        unit_text: String::new(),
                        cell_text: String::new(),
                        row_has_words: false,
                    });
                }
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::Heading { level, .. }) = ev {
            heading = Some((level_num(level), range.clone(), String::new()));
            continue;
        }
        let Some(o) = cur.as_mut() else { continue };
        let outside = o.list_depth == 0 && !o.in_table;
        match ev {
            Event::Text(t) | Event::Code(t) => {
                if outside {
                    o.section.prose_words += word_count(&t);
                }
                o.unit_text.push_str(&t);
                o.unit_text.push(' ');
                if o.in_table {
                    o.cell_text.push_str(&t);
                    o.cell_text.push(' ');
                }
            }
            Event::SoftBreak | Event::HardBreak => o.unit_text.push(' '),
            Event::Start(Tag::List(_)) => o.list_depth += 1,
            Event::End(TagEnd::List(_)) => o.list_depth = o.list_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) | Event::Start(Tag::CodeBlock(_)) if outside => {
                o.close(false)
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::CodeBlock) if outside => {
                o.close(false)
            }
            Event::End(TagEnd::Item) => o.close(true),
            Event::Start(Tag::Table(_)) => {
                o.close(false);
                o.in_table = true;
            }
            Event::End(TagEnd::Table) => o.in_table = false,
            Event::Start(Tag::TableHead) => o.in_head = true,
            Event::End(TagEnd::TableHead) => {
                o.in_head = false;
                o.unit_text.clear();
                o.row_has_words = false;
            }
            Event::Start(Tag::TableCell) => o.cell_text.clear(),
            // Header cells name the columns; only body cells are text.
            Event::End(TagEnd::TableCell) if !o.in_head && has_words(&o.cell_text) => {
                o.row_has_words = true;
            }
            Event::End(TagEnd::TableRow) => o.close_row(),
            _ => {}
        }
    }
    if let Some(mut o) = cur.take() {
        o.close(false);
        sections.push(o.section);
    }
    // A section ends at the next heading of the same or a higher level: fold the
    // counts of its plain sub-headings (and of deeper ones of its own kind) into
    // it. A sub-heading that is itself another minimum element stays apart, and
    // a heading's own title is never text.
    for i in (0..sections.len()).rev() {
        let level = sections[i].level;
        let mut j = i + 1;
        while j < sections.len() && sections[j].level > level {
            let sub = sections[j].clone();
            j += 1;
            // skip the sub-subsections already folded into `sub`
            while j < sections.len() && sections[j].level > sub.level {
                j += 1;
            }
            if sub.kind.is_some() && sub.kind != sections[i].kind {
                continue;
            }
            let s = &mut sections[i];
            s.has_text |= sub.has_text;
            s.prose_words += sub.prose_words;
            s.items += sub.items;
            s.dated_entries += sub.dated_entries;
        }
    }
    // Each section's content ends where the next heading of its level or a
    // higher one starts.
    for i in 0..sections.len() {
        if let Some(next) = sections[i + 1..]
            .iter()
            .find(|s| s.level <= sections[i].level)
        {
            let end = next.heading.start;
            sections[i].content.end = end.max(sections[i].content.start);
        }
    }
    PopText {
        body: body.to_string(),
        offset,
        sections,
        flattened_at: ev.flattened_at.map(|o| o + offset),
    }
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// Text content without markup.
pub fn plain_text(body: &str) -> String {
    let mut out = String::new();
    for (ev, _) in events(body).events {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// The entries of a piece of Markdown as plain text: each list item, table
/// body row (cells joined by " · ") and paragraph outside them, in order,
/// without placeholders or comments.
pub fn entries(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut list, mut table, mut head) = (0usize, false, false);
    let mut cells: Vec<String> = Vec::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if has_words(&t) {
            out.push(t);
        }
        cur.clear();
    };
    for (ev, _) in events(markdown).events {
        match ev {
            Event::Text(t) | Event::Code(t) => cur.push_str(&t),
            Event::SoftBreak | Event::HardBreak => cur.push(' '),
            Event::Start(Tag::List(_)) => {
                if list == 0 {
                    flush(&mut cur, &mut out);
                }
                list += 1;
            }
            Event::End(TagEnd::List(_)) => list = list.saturating_sub(1),
            Event::Start(Tag::Item) => {
                if list <= 1 {
                    flush(&mut cur, &mut out);
                } else {
                    cur.push(' ');
                }
            }
            Event::End(TagEnd::Item) if list <= 1 => flush(&mut cur, &mut out),
            Event::End(TagEnd::Paragraph) if list == 0 && !table => flush(&mut cur, &mut out),
            Event::Start(Tag::Table(_)) => table = true,
            Event::End(TagEnd::Table) => table = false,
            Event::Start(Tag::TableHead) => head = true,
            Event::End(TagEnd::TableHead) => {
                head = false;
                cur.clear();
            }
            Event::End(TagEnd::TableCell) if !head => {
                cells.push(cur.trim().to_string());
                cur.clear();
            }
            Event::End(TagEnd::TableRow) if !head => {
                let row: Vec<String> = cells.drain(..).filter(|c| !c.is_empty()).collect();
                if row.iter().any(|c| has_words(c)) {
                    out.push(row.join(" · "));
                }
            }
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// A table in a piece of Markdown: its header cells and body rows, as plain text.
pub fn table(markdown: &str) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let mut header = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut in_table, mut head, mut found) = (false, false, false);
    let mut cur = String::new();
    let mut row: Vec<String> = Vec::new();
    for (ev, _) in events(markdown).events {
        match ev {
            Event::Start(Tag::Table(_)) if !found => {
                in_table = true;
                found = true;
            }
            Event::End(TagEnd::Table) => in_table = false,
            _ if !in_table => {}
            Event::Start(Tag::TableHead) => head = true,
            Event::End(TagEnd::TableHead) => {
                head = false;
                header = std::mem::take(&mut row);
            }
            Event::Text(t) | Event::Code(t) => cur.push_str(&t),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut cur).trim().to_string()),
            Event::End(TagEnd::TableRow) if !head => {
                let r = std::mem::take(&mut row);
                if r.iter().any(|c| has_words(c)) {
                    rows.push(r);
                }
            }
            _ => {}
        }
    }
    found.then_some((header, rows))
}

/// The first date a text mentions, in the forms `contains_date` knows
/// (`2025-02-10`, `10/02/2025`, `10 februari 2025`, `februari 2025`: the 1st).
pub fn find_date(s: &str) -> Option<crate::date::Date> {
    use crate::date::{Date, MONTHS_NL};
    let words: Vec<String> = s
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let month_of = |w: &str| {
        MONTHS_NL
            .iter()
            .position(|m| *m == w)
            .or_else(|| {
                [
                    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                    "dec",
                ]
                .iter()
                .position(|m| *m == w)
            })
            .or_else(|| (w == "sept").then_some(8))
            .map(|i| i as u8 + 1)
    };
    for (i, w) in words.iter().enumerate() {
        let nums: Vec<&str> = w.split(['-', '/', '.']).collect();
        if nums.len() == 3
            && nums
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            let n: Vec<i64> = nums.iter().filter_map(|x| x.parse().ok()).collect();
            let d = if nums[0].len() == 4 {
                Date::new(n[0] as i32, n[1] as u8, n[2] as u8)
            } else if nums[2].len() == 4 {
                Date::new(n[2] as i32, n[1] as u8, n[0] as u8)
            } else {
                None
            };
            if d.is_some() {
                return d;
            }
        }
        if let Some(m) = month_of(w) {
            let year = words
                .get(i + 1)
                .filter(|y| y.len() == 4)
                .and_then(|y| y.parse::<i32>().ok());
            let day = i
                .checked_sub(1)
                .and_then(|j| words.get(j))
                .and_then(|d| d.parse::<u8>().ok());
            if let Some(y) = year
                && let Some(d) = Date::new(y, m, day.unwrap_or(1))
            {
                return Some(d);
            }
        }
    }
    None
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
fn clamped_levels(events: &[(Event, Range<usize>)]) -> Vec<u8> {
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

/// Safe HTML for a POP body. Headings start at `<h{first_level}>`; raw HTML is
/// shown as text unless `allow_raw_html`; HTML comments are dropped; unsafe
/// link targets are dropped; nesting beyond the limits is flattened.
pub fn to_html(body: &str, allow_raw_html: bool, first_level: u8) -> String {
    let events = events(body).events;
    let mut levels = clamped_levels(&events).into_iter();
    // End tags must match the rewritten start tags.
    let mut heading_levels: Vec<HeadingLevel> = Vec::new();
    let fixed = events.into_iter().map(|(ev, _)| match ev {
        Event::Html(h) | Event::InlineHtml(h) if !allow_raw_html => Event::Text(h),
        Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) => {
            let level = heading_level(levels.next().unwrap_or(1) + first_level - 1);
            heading_levels.push(level);
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })
        }
        Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(
            heading_levels.pop().unwrap_or(HeadingLevel::H2),
        )),
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
        Event::Start(Tag::Image { dest_url, .. }) if !allow_raw_html => {
            // Images would load files or URLs the dossier does not control: show
            // the target as a label instead.
            Event::Text(CowStr::from(format!("[afbeelding: {dest_url}]")))
        }
        Event::End(TagEnd::Image) if !allow_raw_html => Event::Text(CowStr::Borrowed("")),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, fixed);
    if allow_raw_html {
        // Raw HTML is the coach's choice, but never a script, an event
        // handler or a link or image to a scheme other than the web's own.
        out = ammonia::Builder::default()
            .url_schemes(SAFE_SCHEMES.into_iter().collect())
            .clean(&out)
            .to_string();
    }
    out
}

/// URL schemes allowed in links and images (relative URLs stay as they are).
const SAFE_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

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
/// Every piece of user text is a JSON string; nothing is markup. Nesting is
/// bounded by `limits`, so the tree stays within Typst's call and JSON depth.
pub fn to_ast(body: &str) -> Value {
    let events = events(body).events;
    let mut levels = clamped_levels(&events).into_iter();
    // Stack of (node, children) under construction.
    let mut stack: Vec<(Value, Vec<Value>)> = vec![(json!({"t": "doc"}), vec![])];
    let push_leaf = |stack: &mut Vec<(Value, Vec<Value>)>, v: Value| {
        if let Some(top) = stack.last_mut() {
            top.1.push(v);
        }
    };
    for (ev, _) in events {
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
                    Tag::Link { dest_url, .. } if safe_url(&dest_url) => {
                        json!({"t": "link", "url": dest_url.to_string()})
                    }
                    Tag::Table(_) => json!({"t": "table"}),
                    Tag::TableHead => json!({"t": "head"}),
                    Tag::TableRow => json!({"t": "row"}),
                    Tag::TableCell => json!({"t": "cell"}),
                    // Unsafe links and images keep only their text.
                    _ => json!({"t": "span"}),
                };
                stack.push((node, vec![]));
            }
            Event::End(_) => {
                if stack.len() > 1
                    && let Some((mut node, children)) = stack.pop()
                {
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
        let (h, rows) =
            table("| Actie | Wanneer |\n|---|---|\n| Bellen | mei |\n| ... | |\n").unwrap();
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
    fn markdown() -> impl proptest::strategy::Strategy<Value = String> {
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
}
