//! Safe HTML for a POP body.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{clamped_levels, events, safe_url};

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
