//! Writing outputs: each file atomically (a temporary file in the same folder,
//! then a rename), only inside the output folder, skipping files whose bytes
//! did not change, and deleting only files that popdoc itself wrote there
//! (listed in the folder's manifest). Refuses folders popdoc did not make.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

pub const MANIFEST: &str = ".popdoc-manifest";

/// One output file, relative to its output folder with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Artifact {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Artifact {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{path}: refusing to write here: {why}. Choose another `output_dir`, or pass --force if this folder may be filled by popdoc"
    )]
    Refused { path: PathBuf, why: &'static str },
    #[error("{path}: refusing to write outside the output folder")]
    Outside { path: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Checks that `dir` (relative to `site_root`) may be used as an output folder.
pub fn check_dir(site_root: &Path, dir: &Path, force: bool) -> Result<(), WriteError> {
    let root = site_root.canonicalize().map_err(io(site_root))?;
    let target = if dir.exists() {
        dir.canonicalize().map_err(io(dir))?
    } else {
        root.join(dir.strip_prefix(site_root).unwrap_or(dir))
    };
    if target == root || root.starts_with(&target) {
        return Err(WriteError::Refused {
            path: dir.to_path_buf(),
            why: "it is the site itself or contains it",
        });
    }
    for protected in ["content", "templates", "themes", "rules"] {
        if target.starts_with(root.join(protected)) {
            return Err(WriteError::Refused {
                path: dir.to_path_buf(),
                why: "it holds the site's own sources",
            });
        }
    }
    if !force && dir.is_dir() && !dir.join(MANIFEST).is_file() {
        let non_empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_some();
        if non_empty {
            return Err(WriteError::Refused {
                path: dir.to_path_buf(),
                why: "the folder exists, is not empty and was not made by popdoc",
            });
        }
    }
    Ok(())
}

fn safe_relative(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `artifacts` into `dir` and removes what an earlier build wrote there
/// that is no longer produced.
pub fn write_all(dir: &Path, artifacts: &[Artifact]) -> Result<Stats, WriteError> {
    let all: Vec<String> = artifacts.iter().map(|a| a.path.clone()).collect();
    write_incremental(dir, &all, artifacts)
}

/// Writes only `changed` (skipping identical bytes), then removes files of the
/// previous manifest that are not in `all`; the manifest becomes `all`. Used by
/// watch mode, where re-reading every unchanged file would cost time.
pub fn write_incremental(
    dir: &Path,
    all: &[String],
    changed: &[Artifact],
) -> Result<Stats, WriteError> {
    let mut stats = Stats::default();
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for a in changed {
        if !safe_relative(&a.path) || a.path == MANIFEST {
            return Err(WriteError::Outside {
                path: a.path.clone(),
            });
        }
        let target = dir.join(&a.path);
        if std::fs::read(&target).is_ok_and(|b| b == a.bytes) {
            stats.unchanged += 1;
        } else {
            write_atomic(&target, &a.bytes)?;
            stats.written += 1;
        }
    }
    let new: BTreeSet<String> = all.iter().cloned().collect();
    stats.removed = prune(dir, &read_manifest(dir), &new)?;
    write_manifest(dir, &new)?;
    Ok(stats)
}

fn prune(dir: &Path, old: &BTreeSet<String>, new: &BTreeSet<String>) -> Result<usize, WriteError> {
    let mut removed = 0;
    for stale in old.difference(new) {
        if !safe_relative(stale) {
            continue;
        }
        let p = dir.join(stale);
        if p.is_file() {
            std::fs::remove_file(&p).map_err(io(&p))?;
            removed += 1;
            // Remove folders left empty (a dossier that was removed).
            let mut parent = p.parent();
            while let Some(d) = parent.filter(|d| *d != dir) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                parent = d.parent();
            }
        }
    }
    Ok(removed)
}

fn write_manifest(dir: &Path, paths: &BTreeSet<String>) -> Result<(), WriteError> {
    let manifest: Vec<&String> = paths.iter().collect();
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_else(|_| "[]".into());
    write_atomic(&dir.join(MANIFEST), text.as_bytes())
}

/// Temp file in the same folder, then rename: a reader never sees half a file.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let parent = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".popdoc-")
        .tempfile_in(parent)
        .map_err(io(parent))?;
    tmp.write_all(bytes).map_err(io(target))?;
    tmp.as_file().sync_all().map_err(io(target))?;
    tmp.persist(target).map_err(|e| WriteError::Io {
        path: target.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

fn read_manifest(dir: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(dir.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
        .map(|v| v.into_iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_skips_and_prunes_only_own_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = write_all(
            &out,
            &[Artifact::new("a/x.html", "1"), Artifact::new("b.html", "2")],
        )
        .unwrap();
        assert_eq!(s.written, 2);
        std::fs::write(out.join("mine.txt"), "user file").unwrap();
        let s = write_all(&out, &[Artifact::new("b.html", "2")]).unwrap();
        assert_eq!((s.written, s.unchanged, s.removed), (0, 1, 1));
        assert!(!out.join("a").exists(), "emptied folder removed");
        assert!(
            out.join("mine.txt").exists(),
            "a file popdoc did not write is kept"
        );
        assert!(matches!(
            write_all(&out, &[Artifact::new("../evil", "x")]),
            Err(WriteError::Outside { .. })
        ));
    }

    #[test]
    fn refuses_foreign_or_source_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/keep.md"), "x").unwrap();
        assert!(check_dir(root, root, false).is_err());
        assert!(check_dir(root, &root.join("content"), true).is_err());
        assert!(check_dir(root, &root.join("docs"), false).is_err());
        assert!(check_dir(root, &root.join("docs"), true).is_ok());
        assert!(check_dir(root, &root.join("public"), false).is_ok());
    }
}
