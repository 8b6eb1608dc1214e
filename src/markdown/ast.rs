//! The POP body as a JSON tree for the Typst theme (`md.typ`).

use pulldown_cmark::{Event, Tag};
use serde_json::{Value, json};

use super::{clamped_levels, events, safe_url};

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
    for (ev, range) in events {
        // Each block of the body says where it starts (a byte offset in the
        // body): when Typst cannot make a document, popdoc finds the block.
        let top = stack.len() == 1;
        match ev {
            Event::Start(tag) => {
                let mut node = match tag {
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
                if top {
                    node["at"] = json!(range.start);
                }
                stack.push((node, vec![]));
            }
            Event::End(_) => {
                if stack.len() > 1
                    && let Some((mut node, mut children)) = stack.pop()
                {
                    // An empty code block is an empty block (a lone ``` at
                    // the end of a POP opens one): its text is "".
                    if node["t"] == "codeblock" && children.is_empty() {
                        children.push(json!({"t": "text", "v": ""}));
                    }
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
