//! Reading a site from disk: `popdoc.toml`, the rule sets and every dossier in
//! `content/`. This is the only stage that reads files; what it finds wrong in
//! them becomes diagnostics, and only IO failures of the site itself are errors.

pub mod frontmatter;
pub mod reader;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Msg, Scope};
use crate::source::{FileId, Loc, Sources};

/// An IO failure that stops the run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: not a popdoc site (no popdoc.toml); create one with `popdoc init`")]
    NotASite { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads a text file into `sources`. Non-UTF-8 bytes are a located diagnostic
/// (the file is then registered lossily, so the snippet can still be shown).
pub fn read_text(
    sources: &mut Sources,
    root: &Path,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
    scope: Scope,
) -> Result<(FileId, bool), LoadError> {
    let name = display_name(root, path);
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > crate::limits::MAX_SOURCE_BYTES {
        let id = sources.add(name, path, String::new());
        diags.push(
            Diagnostic::error(
                "F11",
                Msg::new("too-large")
                    .arg("size", format!("{:.1}", size as f64 / 1_048_576.0))
                    .arg("max", crate::limits::MAX_SOURCE_BYTES / 1_048_576),
            )
            .at(Loc::new(id, 0..0))
            .hint(Msg::new("too-large-hint"))
            .scope(scope),
        );
        return Ok((id, false));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((sources.add(name, path, text), true)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = sources.add(name, path, text);
            diags.push(
                Diagnostic::error("F01", Msg::new("fm-not-utf8").arg("offset", offset))
                    .at(Loc::new(id, offset..offset + 1))
                    .hint(Msg::new("fm-not-utf8-hint"))
                    .scope(scope),
            );
            Ok((id, false))
        }
    }
}

/// A path as shown in diagnostics: relative to the site root, with `/`.
pub fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The folders below `content/` that popdoc reads: one folder per client,
/// sorted by name; names starting with `_` or `.` are skipped. Links are
/// returned apart: popdoc does not follow them (they are reported).
pub fn dossier_dirs(content: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), LoadError> {
    if !content.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let links = walkdir::WalkDir::new(content)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path_is_symlink() && !is_skipped(e.file_name()))
        .map(walkdir::DirEntry::into_path)
        .collect();
    Ok((entries(content, true)?, links))
}

/// `path` exists but is no regular file (a folder, a link, a pipe).
pub fn not_a_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file())
}

/// Files in a dossier folder (not recursive), sorted, skipping `_` and `.` names.
pub fn dossier_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    entries(dir, false)
}

fn entries(dir: &Path, dirs: bool) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| LoadError::Io {
            path: dir.to_path_buf(),
            source: e.into(),
        })?;
        let kind_ok = if dirs {
            entry.file_type().is_dir()
        } else {
            entry.file_type().is_file()
        };
        if !is_skipped(entry.file_name()) && kind_ok {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

pub fn is_skipped(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    n.starts_with('_') || n.starts_with('.')
}
