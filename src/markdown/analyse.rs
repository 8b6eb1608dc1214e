//! Finding the sections of a POP body: each heading and what follows it, with
//! the counts the rules need (text of its own, prose words, items, dated
//! entries).

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::extract::contains_date;
use super::{PopText, Section, SectionKind, events, has_words, level_num};
use crate::text::word_count;

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
    let mut cost = super::cost::cost(&ev.events);
    cost.at += offset;
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
        cost,
    }
}
