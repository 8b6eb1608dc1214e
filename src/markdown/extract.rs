//! Plain text out of Markdown: the text without markup, the entries of a list
//! or table, a table's cells, and the dates a text mentions.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{events, has_words};

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
