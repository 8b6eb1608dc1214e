//! Reading a site from disk: `popdoc.toml`, the rule sets, the theme's files,
//! every dossier folder in `content/` and the images documents embed. This is
//! the only stage that reads the site's files (the engine calls it; the model
//! is made from what it read); what it finds wrong in them becomes
//! diagnostics, and only IO failures of the site itself are errors. It also
//! holds the parsers of what it reads: the front-matter splitter and the
//! spanned TOML reader.

pub mod belgian;
pub mod dossier;
pub mod frontmatter;
pub mod image;
pub mod reader;
pub mod theme;

use std::path::{Path, PathBuf};

pub use dossier::RawDossier;

use crate::diag::{Diagnostic, Msg, Scope};
use crate::source::{FileId, Loc, Sources};

/// An IO failure that stops the run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}", Msg::new("ui-not-a-site").arg("path", path.display()).render(crate::diag::ui_lang()))]
    NotASite { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads a text file into `sources` (one open and its reads).
/// Non-UTF-8 bytes are a located diagnostic (the file is then registered
/// lossily, so the snippet can still be shown); a file over the size limit is
/// not read (F11).
pub fn read_text(
    sources: &mut Sources,
    root: &Path,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
    scope: Scope,
) -> Result<(FileId, bool), LoadError> {
    use std::io::Read;
    let name = display_name(root, path);
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // No more than the limit (and one byte to tell): a file over it is not
    // read whole, and its size needs no `stat` of its own.
    let mut bytes = Vec::with_capacity(8 * 1024);
    file.take(crate::limits::MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > crate::limits::MAX_SOURCE_BYTES {
        // The size said is the file's, when it can be known.
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        let id = sources.add(name, path, String::new());
        diags.push(too_large(id, size, scope));
        return Ok((id, false));
    }
    // Every source stays in memory for the run: no spare capacity.
    bytes.shrink_to_fit();
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

fn too_large(id: FileId, size: u64, scope: Scope) -> Diagnostic {
    Diagnostic::error(
        "F11",
        Msg::new("too-large")
            .arg("size", format!("{:.1}", size as f64 / 1_048_576.0))
            .arg("max", crate::limits::MAX_SOURCE_BYTES / 1_048_576),
    )
    .at(Loc::new(id, 0..0))
    .hint(Msg::new("too-large-hint"))
    .scope(scope)
}

/// A path as shown in diagnostics: relative to the site root, with `/`.
pub fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Names popdoc never reads: starting with `_` or `.`.
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

/// `popdoc.toml` of the site at `root`, read into `sources` (`None` when it
/// could not be read as text: its diagnostic says why).
pub fn settings_file(
    root: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Result<FileId, LoadError> {
    let path = root.join("popdoc.toml");
    if !path.is_file() {
        return Err(LoadError::NotASite {
            path: root.to_path_buf(),
        });
    }
    let (id, _) = read_text(sources, root, &path, diags, Scope::Site)?;
    Ok(id)
}

/// The site's own rule sets (`rules/*.toml`), read into `sources`, in the
/// order of their names. A file that cannot be read is a diagnostic.
pub fn rule_files(
    root: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<FileId>, LoadError> {
    let dir = root.join("rules");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let io = |source| LoadError::Io {
        path: dir.clone(),
        source,
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_skipped_name(&name) || !name.ends_with(".toml") {
            continue;
        }
        names.push((name, entry.file_type().map_err(io)?.is_file()));
    }
    names.sort();
    let mut files = Vec::new();
    for (name, is_file) in names {
        let p = dir.join(&name);
        if !is_file {
            let shown = display_name(root, &p);
            let id = sources.add(shown.clone(), &p, String::new());
            diags.push(
                Diagnostic::error("F01", Msg::new("not-a-file").arg("name", shown))
                    .at(Loc::new(id, 0..0))
                    .hint(Msg::new("not-a-file-hint"))
                    .scope(Scope::Site),
            );
            continue;
        }
        let (id, ok) = read_text(sources, root, &p, diags, Scope::Site)?;
        if ok {
            files.push(id);
        }
    }
    Ok(files)
}
