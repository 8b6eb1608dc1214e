//! Writing outputs: each file atomically (a temporary file in the same folder,
//! then a rename), only inside the output folder, skipping files whose bytes
//! did not change, and deleting only files that popdoc itself wrote there
//! (listed in the folder's manifest). Refuses folders popdoc did not make.
//!
//! Never through a link: a symbolic link below the output folder is neither
//! written through nor deleted through. Crash-safe: the manifest and its
//! journal name every file before it is written (the old and the new ones), so
//! a run killed at any moment leaves each file wholly old or wholly new, and
//! the next run needs no `--force`, prunes what is no longer made and removes
//! its own leftover temporary files. One writer at a time: a [`Writer`] holds
//! the folder's lock (`.popdoc-lock`) from `open` to `finish`. Files get the
//! permissions `cp` would give (0666 masked by the umask).
//!
//! Few calls to the file system per file: a folder this run created is known
//! to be empty (no file to compare with, no link on the way), folders are
//! made and checked once, and the stamp the cache records is taken from the
//! open temporary file.
//!
//! This file holds the files themselves (atomic writes, the checks of a
//! folder and a path); `writer.rs` the run over one folder.

mod writer;

pub use writer::{Put, Stamp, Writer, manifest_entries};

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

pub const MANIFEST: &str = ".popdoc-manifest";
/// Paths written by a run that has not finished (see [`Writer`]).
pub const JOURNAL: &str = ".popdoc-journal";
/// Held by the one process writing the folder (never listed, never served).
pub use crate::lock::LOCK;
/// The incremental cache of the folder's outputs (see `crate::cache`).
pub const CACHE: &str = ".popdoc-cache";

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

use crate::diag::{Msg, ui_lang};

/// A write failure's message: `key` with the path, in the run's language.
fn said(key: &'static str, path: impl std::fmt::Display) -> String {
    Msg::new(key).arg("path", path).render(ui_lang())
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}", Msg::new("ui-write-refused").arg("path", path.display()).arg_key("why", why).render(ui_lang()))]
    Refused {
        path: PathBuf,
        /// Why: a message's key (`ui-refused-…`).
        why: &'static str,
    },
    #[error("{}", said("ui-write-outside", path))]
    Outside { path: String },
    #[error("{}", said("ui-write-link", path.display()))]
    Link { path: PathBuf },
    #[error("{}", said("ui-write-locked", path.display()))]
    Locked { path: PathBuf },
    #[error("{}", said("ui-write-hard-link", path.display()))]
    HardLink { path: PathBuf },
    /// The OS error is its source: a report of the chain (`{:#}`) names the
    /// path once and the error once.
    #[error("{path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source: plain(source),
    }
}

/// The OS error itself out of one the `tempfile` crate wrapped with the
/// temporary file's path ("No space left on device (os error 28) at path
/// …"): the message names the output's path instead, and the advice and
/// `is_of_the_file` can read its code.
pub(crate) fn plain(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() || e.get_ref().is_none() {
        return e;
    }
    let text = e.to_string();
    let code = text
        .split("(os error ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse::<i32>().ok());
    match code {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::from(e.kind()),
    }
}

impl WriteError {
    /// Whether the failure is of this one file (its name is too long, a
    /// folder or file is in its way), not of the folder or the disk: the other
    /// documents can still be written.
    pub fn is_of_the_file(&self) -> bool {
        // A link in the way is not: popdoc stops and says so.
        let WriteError::Io { source, .. } = self else {
            return false;
        };
        matches!(
            source.raw_os_error(),
            Some(
                libc::ENAMETOOLONG | libc::EISDIR | libc::ENOTDIR | libc::EEXIST | libc::ENOTEMPTY
            )
        ) || source.kind() == std::io::ErrorKind::NotADirectory
    }

    /// What the coach can do about a write failure (disk full, no rights, a
    /// read-only disk), in the run's language; the previous output is kept
    /// either way.
    pub fn advice(&self) -> Option<&'static str> {
        let WriteError::Io { source, .. } = self else {
            return None;
        };
        let key = match source.raw_os_error() {
            Some(28) => "ui-advice-disk-full",
            Some(13) | Some(1) => "ui-advice-no-rights",
            Some(30) => "ui-advice-read-only",
            _ => "ui-advice-other",
        };
        Some(crate::diag::text(key, ui_lang()))
    }
}

/// Whether `p` itself is a symbolic link (not following it).
fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// The first symbolic link among the folders between `dir` and `rel`'s file
/// (`dir` itself may be a link: the coach chose that folder).
fn link_on_the_way(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut p = dir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        p.push(part);
        if is_link(&p) {
            return Some(p);
        }
    }
    None
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub written: usize,
    pub unchanged: usize,
    /// The paths made again with the bytes they had (not written).
    pub unchanged_paths: Vec<String>,
    pub removed: usize,
    /// The paths removed (outputs of dossiers that are gone, documents no
    /// longer made).
    pub removed_paths: Vec<String>,
}

impl Stats {
    pub fn add(&mut self, other: Stats) {
        self.written += other.written;
        self.unchanged += other.unchanged;
        self.unchanged_paths.extend(other.unchanged_paths);
        self.removed += other.removed;
        self.removed_paths.extend(other.removed_paths);
    }
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
            why: "ui-refused-site",
        });
    }
    for protected in ["content", "templates", "themes", "rules"] {
        if target.starts_with(root.join(protected)) {
            return Err(WriteError::Refused {
                path: dir.to_path_buf(),
                why: "ui-refused-sources",
            });
        }
    }
    if dir.exists() && !dir.is_dir() {
        return Err(WriteError::Refused {
            path: dir.to_path_buf(),
            why: "ui-refused-file",
        });
    }
    if !force && dir.is_dir() && !dir.join(MANIFEST).is_file() {
        // Only popdoc's own bookkeeping (another popdoc making the folder
        // right now: its lock, its first temporary file) is no one else's.
        let non_empty = std::fs::read_dir(dir).map_err(io(dir))?.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !is_bookkeeping(&name) && !name.starts_with(TEMP_PREFIX)
        });
        if non_empty {
            return Err(WriteError::Refused {
                path: dir.to_path_buf(),
                why: "ui-refused-foreign",
            });
        }
    }
    Ok(())
}

fn safe_relative(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Whether `rel` is one of popdoc's own bookkeeping files.
pub fn is_bookkeeping(rel: &str) -> bool {
    [MANIFEST, JOURNAL, LOCK, CACHE].contains(&rel)
}

/// Writes `artifacts` into `dir` as the whole of its contents: what an
/// earlier run wrote there that is not among them is removed.
pub fn write_all(dir: &Path, artifacts: &[Artifact]) -> Result<Stats, WriteError> {
    let w = Writer::open(dir)?;
    let mut all = BTreeSet::new();
    for a in artifacts {
        w.put(&a.path, &a.bytes)?;
        all.insert(a.path.clone());
    }
    w.finish(&all)
}

/// Temporary files are `.popdoc-tmp-XXXXXX` (never the manifest's name).
const TEMP_PREFIX: &str = ".popdoc-tmp-";

/// Temp file in the same folder, then rename: a reader never sees half a file.
/// The file is created with mode 0666, which the umask narrows (as `cp` does),
/// and its bytes are on disk before the rename.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if let Some(parent) = target.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    write_replace(target, target, bytes, true).map(|_| ())
}

/// Replaces the text of a file the coach wrote (in `content/`), keeping what
/// the coach chose for it: its permissions and owner, its line endings (a
/// file written with CRLF stays CRLF throughout), and a symbolic link stays a
/// link (the file it points to is replaced). A file with more than one name
/// (a hard link) is refused: replacing it would cut the link.
pub fn rewrite_source(path: &Path, text: &str) -> Result<(), WriteError> {
    let meta = std::fs::symlink_metadata(path).map_err(io(path))?;
    let target = if meta.file_type().is_symlink() {
        std::fs::canonicalize(path).map_err(io(path))?
    } else {
        path.to_path_buf()
    };
    let tmeta = std::fs::metadata(&target).map_err(io(&target))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if tmeta.nlink() > 1 {
            return Err(WriteError::HardLink {
                path: path.to_path_buf(),
            });
        }
    }
    let old = std::fs::read(&target).map_err(io(&target))?;
    let text = if uses_crlf(&old) {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text.to_string()
    };
    let parent = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .permissions(tmeta.permissions())
        .tempfile_in(parent)
        .map_err(io(parent))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // The owner too, where this user may set it (root may; others keep
        // their own files anyway).
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(tmeta.uid()), Some(tmeta.gid()));
        // The umask narrowed the mode at creation: set it exactly.
        let _ = tmp.as_file().set_permissions(tmeta.permissions());
    }
    tmp.write_all(text.as_bytes()).map_err(io(&target))?;
    tmp.as_file().sync_all().map_err(io(&target))?;
    tmp.persist(&target).map_err(|e| WriteError::Io {
        path: target.clone(),
        source: plain(e.error),
    })?;
    Ok(())
}

/// Writes a new file the coach will edit next to `like` (a `pop-2.md` beside
/// its `index.md`) as the coach keeps that one: its permissions and owner,
/// its line endings. Never over an existing file.
pub fn create_like(target: &Path, text: &str, like: &Path) -> Result<(), WriteError> {
    let lmeta = std::fs::metadata(like).map_err(io(like))?;
    let old = std::fs::read(like).map_err(io(like))?;
    let text = if uses_crlf(&old) {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text.to_string()
    };
    let parent = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .permissions(lmeta.permissions())
        .tempfile_in(parent)
        .map_err(io(parent))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(lmeta.uid()), Some(lmeta.gid()));
        let _ = tmp.as_file().set_permissions(lmeta.permissions());
    }
    tmp.write_all(text.as_bytes()).map_err(io(target))?;
    tmp.as_file().sync_all().map_err(io(target))?;
    tmp.persist_noclobber(target).map_err(|e| WriteError::Io {
        path: target.to_path_buf(),
        source: plain(e.error),
    })?;
    Ok(())
}

/// Whether a text's lines end in CRLF (most of them do).
fn uses_crlf(bytes: &[u8]) -> bool {
    let lf = bytes.iter().filter(|b| **b == b'\n').count();
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    lf > 0 && crlf * 2 > lf
}

/// As `write_atomic` into an existing folder, leaving the flush to disk to
/// the caller: a run writes thousands of files and flushes them all at once
/// (`flush_to_disk`) before its manifest and cache say they are there.
/// Returns the file's stamp. `at` is `target` as the file system is asked
/// for it (absolute: no lookup of the working folder per file); errors name
/// `target`.
fn write_replace(
    target: &Path,
    at: &Path,
    bytes: &[u8],
    sync: bool,
) -> Result<Option<Stamp>, WriteError> {
    let parent = at.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    #[cfg(test)]
    fault::check(target).map_err(io(target))?;
    let mut tmp = builder
        .tempfile_in(parent)
        .map_err(io(target.parent().unwrap_or(Path::new("."))))?;
    tmp.write_all(bytes).map_err(io(target))?;
    if sync {
        tmp.as_file().sync_all().map_err(io(target))?;
    }
    let stamp = tmp.as_file().metadata().ok().and_then(|m| Stamp::of(&m));
    tmp.persist(at).map_err(|e| WriteError::Io {
        path: target.to_path_buf(),
        source: plain(e.error),
    })?;
    Ok(stamp)
}

/// Flushes everything written to the file system holding `dir` (one
/// `syncfs` instead of one `fsync` per file).
fn flush_to_disk(dir: &Path) -> Result<(), WriteError> {
    let f = std::fs::File::open(dir).map_err(io(dir))?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: `f` is an open file descriptor for the duration of the call.
        if unsafe { libc::syncfs(f.as_raw_fd()) } != 0 {
            return Err(io(dir)(std::io::Error::last_os_error()));
        }
    }
    #[cfg(not(target_os = "linux"))]
    f.sync_all().map_err(io(dir))?;
    Ok(())
}

/// Write failures injected in tests: after `n` more writes, every write fails
/// with the given OS error (ENOSPC, EACCES, EROFS). CI runs as root, which
/// ignores file permissions, so real failures cannot be provoked there.
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::Cell;
    use std::path::PathBuf;
    use std::sync::Mutex;

    thread_local! {
        static PLAN: Cell<Option<(usize, i32)>> = const { Cell::new(None) };
    }

    /// Plans for writes below a folder, from any thread (the engine writes
    /// from its workers): (folder, writes left, errno).
    static BELOW: Mutex<Vec<(PathBuf, usize, i32)>> = Mutex::new(Vec::new());

    /// After `writes` more writes below `dir`, every write there fails.
    pub fn fail_below(dir: &std::path::Path, writes: usize, errno: i32) {
        let mut b = BELOW.lock().unwrap_or_else(|e| e.into_inner());
        b.retain(|(d, _, _)| d != dir);
        b.push((dir.to_path_buf(), writes, errno));
    }

    fn below(target: &std::path::Path) -> Option<i32> {
        let mut b = BELOW.lock().unwrap_or_else(|e| e.into_inner());
        let plan = b.iter_mut().find(|(d, _, _)| target.starts_with(d))?;
        if plan.1 == 0 {
            Some(plan.2)
        } else {
            plan.1 -= 1;
            None
        }
    }

    pub fn fail_after(writes: usize, errno: i32) {
        PLAN.with(|p| p.set(Some((writes, errno))));
    }

    pub fn clear() {
        PLAN.with(|p| p.set(None));
    }

    /// The failure as the `tempfile` crate gives it: the OS error wrapped
    /// with the temporary file's path.
    fn wrapped(errno: i32, target: &std::path::Path) -> std::io::Error {
        let os = std::io::Error::from_raw_os_error(errno);
        let tmp = target.with_file_name(".popdoc-tmp-XXXXXX");
        std::io::Error::new(os.kind(), format!("{os} at path {tmp:?}"))
    }

    pub fn check(target: &std::path::Path) -> Result<(), std::io::Error> {
        if let Some(errno) = below(target) {
            return Err(wrapped(errno, target));
        }
        PLAN.with(|p| match p.get() {
            Some((0, errno)) => Err(wrapped(errno, target)),
            Some((n, errno)) => {
                p.set(Some((n - 1, errno)));
                Ok(())
            }
            None => Ok(()),
        })
    }
}

#[cfg(test)]
mod tests;
