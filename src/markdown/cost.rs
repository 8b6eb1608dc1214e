//! What a POP body will cost to lay out, estimated from its Markdown before
//! any rendering: Typst's memory grows with the blocks it lays out (each
//! table cell, list item, paragraph or heading) and, less, with the words.
//! Measured with popdoc 0.1 and Typst 0.15.1 (docs/benchmarks.md, "Hostile
//! inputs"): about 18 KB per table cell or list item, 23 KB per paragraph and
//! 2 KB per word on top of the compiler's own 100 MB.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

/// Bytes of layout memory per block (a cell, an item, a paragraph, a heading).
pub const PER_BLOCK: u64 = 20_000;
/// Bytes per word.
pub const PER_WORD: u64 = 2_000;

/// The estimate for one body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    /// Estimated bytes of layout memory.
    pub bytes: u64,
    /// Where (byte offset in the body) the top-level block that costs most
    /// starts.
    pub at: usize,
}

/// The cost of the body's events.
pub fn cost(events: &[(Event<'_>, Range<usize>)]) -> Cost {
    let mut total = 0u64;
    let (mut depth, mut block_start, mut block_cost) = (0usize, 0usize, 0u64);
    let mut worst = (0u64, 0usize);
    for (ev, range) in events {
        let add = match ev {
            Event::Start(
                Tag::TableCell
                | Tag::Item
                | Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::CodeBlock(_),
            ) => PER_BLOCK,
            Event::Text(t) | Event::Code(t) => PER_WORD * crate::text::word_count(t) as u64,
            _ => 0,
        };
        match ev {
            Event::Start(_) => {
                if depth == 0 {
                    block_start = range.start;
                    block_cost = 0;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        total += add;
        block_cost += add;
        if block_cost > worst.0 {
            worst = (block_cost, block_start);
        }
    }
    Cost {
        bytes: total,
        at: worst.1,
    }
}
