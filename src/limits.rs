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

/// A dossier folder's name: at most this many bytes (a slug of `[a-z0-9-]`).
/// With the output folder's path and a file name it stays well within the
/// 255 bytes a file name and the 4,096 a path may have.
pub const MAX_SLUG: usize = 120;

/// The part of a file name made from user text (`attest-<training>.pdf`):
/// longer slugs are cut to this many bytes and get a short hash of the whole
/// name, so that two long names stay two files.
pub const MAX_NAME_SLUG: usize = 90;

/// A POP whose layout would need more memory than this (estimated from its
/// Markdown before any rendering: `markdown::cost`) is refused at its largest
/// block (F17): about 1 GB with the compiler's own 100 MB, what a laptop can
/// spare while the coach works; 40,000 table cells fit, 100,000 (2.7 GB
/// measured) do not. `check` and `build` apply the same estimate.
pub const MAX_LAYOUT_BYTES: u64 = 900_000_000;
