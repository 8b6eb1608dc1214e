//! The file table: every text file popdoc read, with its line starts, so that a
//! byte offset anywhere in the pipeline can be shown as `file:line:col`.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A location: a byte range in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Loc {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Loc { file, range }
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub v: T,
    pub loc: Loc,
}

impl<T> At<T> {
    pub fn new(v: T, loc: Loc) -> Self {
        At { v, loc }
    }
}

/// One source file: its name as shown to the user (relative to the site root),
/// its path on disk and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// The text as the TOML parser reads it when some values had to be
    /// blanked first (see `load::reader::parse`), made once.
    parse_copy: std::sync::OnceLock<String>,
}

impl SourceFile {
    /// The copy of the text the TOML parser reads, made by `make` the first
    /// time (the same length as the text, so every offset holds).
    pub fn parse_copy(&self, make: impl FnOnce() -> String) -> &str {
        self.parse_copy.get_or_init(make)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line + 1, col + 1)
    }
}

/// All files read during one run. Cloning it is cheap (the files are
/// shared): `serve` keeps a copy to show the places of later findings.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<std::sync::Arc<SourceFile>>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; `name` is what diagnostics print.
    pub fn add(&mut self, name: impl Into<String>, path: &Path, text: String) -> FileId {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        self.files.push(std::sync::Arc::new(SourceFile {
            name: name.into(),
            path: path.to_path_buf(),
            text,
            line_starts,
            parse_copy: std::sync::OnceLock::new(),
        }));
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f.as_ref()))
    }

    /// The file whose name is `name`, if it was read.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.iter().find(|(_, f)| f.name == name).map(|(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let mut s = Sources::new();
        let id = s.add("a", Path::new("a"), "ab\nëé x\n".into());
        let f = s.get(id);
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // 'x' is after two 2-byte characters and a space
        assert_eq!(f.line_col(3 + 5), (2, 4));
        assert_eq!(f.line_col(1000), (3, 1));
    }
}
