//! The limits on what popdoc reads, in one place: how large a source file may
//! be and how deeply Markdown may nest before it is flattened. They keep one
//! odd document from exhausting memory, the Typst compiler's call depth
//! (80 nested calls) or its JSON reader (128 levels), so that every other
//! document of the site is still written.

/// A source file (popdoc.toml, a rule set, index.md, pop-N.md) larger than this
/// is not read: a located error (F11) instead.
pub const MAX_SOURCE_BYTES: u64 = 5 * 1024 * 1024;

/// Lists and block quotes nested deeper than this are flattened into the
/// enclosing level (warning F10).
pub const MAX_BLOCK_DEPTH: usize = 8;

/// Emphasis, strong, strikethrough and links nested deeper than this are
/// flattened into plain text of the enclosing level (warning F10).
pub const MAX_INLINE_DEPTH: usize = 16;

/// An image (signature, logo) with more pixels than this is refused before any
/// rendering: 50 megapixels holds a phone photo (12-48 MP) and an A4 page
/// scanned at 600 dpi (35 MP), while the PDF writer needs about 4 bytes per
/// pixel in one piece (a 40000 x 40000 PNG would need 6.4 GB and overflows
/// its 32-bit lengths).
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;
