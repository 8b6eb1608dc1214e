//! One output folder opened for a run: its lock, what an earlier run left
//! (manifest and journal), the files written one by one, and at the end the
//! new manifest with what is no longer made pruned.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use super::{
    JOURNAL, MANIFEST, Stats, TEMP_PREFIX, WriteError, flush_to_disk, io, is_bookkeeping, is_link,
    link_on_the_way, safe_relative, write_atomic, write_replace,
};

/// The size and modification time of a file as written (for the cache).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: u128,
}

impl Stamp {
    pub fn of(m: &std::fs::Metadata) -> Option<Stamp> {
        let mtime_ns = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            size: m.len(),
            mtime_ns,
        })
    }

    /// The stamp of the regular file at `path` (never through a link).
    pub fn read(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok()?;
        if !m.file_type().is_file() {
            return None;
        }
        Stamp::of(&m)
    }
}

/// One output folder opened for a run: its lock held, its manifest and
/// journal read, files written one by one from any thread as they are made.
///
/// Crash safety: before a file that the manifest does not list appears, its
/// path is appended to the folder's journal; manifest and journal together
/// name every file popdoc may have left. `finish` prunes what the new
/// manifest does not list, writes it and removes the journal. A run that
/// stops before `finish` (killed, a broken template) prunes nothing: the next
/// one reads manifest and journal and tidies up.
#[derive(Debug)]
pub struct Writer {
    dir: PathBuf,
    /// `dir` as an absolute path.
    abs: PathBuf,
    /// What an earlier run may have left: manifest plus journal.
    old: BTreeSet<String>,
    journal: Mutex<std::fs::File>,
    /// Held until the writer is dropped.
    _lock: crate::lock::Lock,
    /// Folders this run created (empty when made) or checked (no link).
    made: Mutex<HashSet<PathBuf>>,
    checked: Mutex<HashSet<PathBuf>>,
    /// Paths given to `put` in this run (a path given twice keeps its first bytes).
    seen: Mutex<HashSet<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// The paths given to `put` whose bytes were there already.
    same: Mutex<Vec<String>>,
}

/// What `Writer::put` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Put {
    /// The file was written (its bytes were not there already).
    pub written: bool,
    /// The file's stamp afterwards, when known.
    pub stamp: Option<Stamp>,
}

impl Writer {
    /// Opens `dir` for writing (creating it), after `check_dir`: takes its
    /// lock (waiting for another popdoc, see `crate::lock`), reads what an
    /// earlier run left, and starts the journal.
    pub fn open(dir: &Path) -> Result<Writer, WriteError> {
        Writer::open_with(dir, crate::lock::Wait::Yes(crate::diag::ui_lang()))
    }

    pub fn open_with(dir: &Path, wait: crate::lock::Wait) -> Result<Writer, WriteError> {
        let created = match std::fs::create_dir(dir) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
            Err(_) => {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                true
            }
        };
        let lock = crate::lock::Lock::take(dir, wait).map_err(|e| match e {
            crate::lock::LockError::Locked(path) => WriteError::Locked { path },
            crate::lock::LockError::Link(path) => WriteError::Link { path },
            crate::lock::LockError::Io(path, source) => WriteError::Io { path, source },
        })?;
        let old = if created {
            BTreeSet::new()
        } else {
            read_manifest(dir)
        };
        if created || !dir.join(MANIFEST).is_file() {
            // The folder is popdoc's from its first file on.
            write_manifest(dir, &BTreeSet::new())?;
        }
        // A journal still there: the last run did not finish, and may have
        // left temporary files. (Looking costs a folder listing per dossier,
        // so only then.)
        let path = dir.join(JOURNAL);
        if !created && path.exists() {
            remove_leftover_temp_files(dir, &old);
        }
        // The journal exists from now until `finish`, empty or not.
        let journal = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io(&path))?;
        let mut made = HashSet::new();
        if created {
            made.insert(dir.to_path_buf());
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            // Once, so that no temporary file asks for the working folder.
            abs: std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
            old,
            journal: Mutex::new(journal),
            _lock: lock,
            made: Mutex::new(made),
            checked: Mutex::new(HashSet::new()),
            seen: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            same: Mutex::new(Vec::new()),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the folder held when it was opened (manifest plus journal).
    pub fn old(&self) -> &BTreeSet<String> {
        &self.old
    }

    /// Writes one file (atomically, unless its bytes are already there). A
    /// path given twice keeps its first bytes (`None` then).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<Option<Put>, WriteError> {
        if !safe_relative(rel) || is_bookkeeping(rel) {
            return Err(WriteError::Outside {
                path: rel.to_string(),
            });
        }
        if !lock(&self.seen).insert(rel.to_string()) {
            return Ok(None);
        }
        let target = self.dir.join(rel);
        let parent = target.parent().unwrap_or(&self.dir).to_path_buf();
        let fresh_folder = self.folder(&parent)?;
        if !self.old.contains(rel) {
            self.record(rel)?;
        }
        // In a folder made by this run there is nothing to compare with.
        if !fresh_folder && let Some(stamp) = same_bytes(&target, bytes) {
            self.unchanged.fetch_add(1, Relaxed);
            lock(&self.same).push(rel.to_string());
            return Ok(Some(Put {
                written: false,
                stamp: Some(stamp),
            }));
        }
        let stamp = write_replace(&target, &self.abs.join(rel), bytes, false)?;
        self.written.fetch_add(1, Relaxed);
        Ok(Some(Put {
            written: true,
            stamp,
        }))
    }

    /// Makes (or checks) the folder `parent`: no link on the way from the
    /// output folder. Returns whether this run created it (so it held nothing
    /// before). Each folder costs one `mkdir` when it is new, a `mkdir` and an
    /// `lstat` when it was there, and nothing after the first file in it.
    fn folder(&self, parent: &Path) -> Result<bool, WriteError> {
        if lock(&self.made).contains(parent) {
            return Ok(true);
        }
        if parent == self.dir || lock(&self.checked).contains(parent) {
            return Ok(false);
        }
        // Its own folder first: never make a folder through a link.
        if let Some(up) = parent.parent() {
            self.folder(up)?;
        }
        match std::fs::create_dir(parent) {
            Ok(()) => {
                lock(&self.made).insert(parent.to_path_buf());
                Ok(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                match std::fs::symlink_metadata(parent) {
                    Ok(m) if m.file_type().is_symlink() => Err(WriteError::Link {
                        path: parent.to_path_buf(),
                    }),
                    Ok(m) if m.is_dir() => {
                        lock(&self.checked).insert(parent.to_path_buf());
                        Ok(false)
                    }
                    Ok(_) => Err(io(parent)(std::io::Error::from(
                        std::io::ErrorKind::NotADirectory,
                    ))),
                    Err(e) => Err(io(parent)(e)),
                }
            }
            Err(e) => Err(io(parent)(e)),
        }
    }

    /// Appends `rel` to the journal (one line, written before the file).
    fn record(&self, rel: &str) -> Result<(), WriteError> {
        lock(&self.journal)
            .write_all(format!("{rel}\n").as_bytes())
            .map_err(io(&self.dir.join(JOURNAL)))
    }

    /// Removes the files of earlier runs that `manifest` does not list, and
    /// records `manifest` as the folder's contents.
    pub fn finish(self, manifest: &BTreeSet<String>) -> Result<Stats, WriteError> {
        // The files on disk before the manifest (and then the cache) say so.
        if self.written.load(Relaxed) > 0 {
            flush_to_disk(&self.dir)?;
        }
        let removed = prune(&self.dir, &self.old, manifest)?;
        write_manifest(&self.dir, manifest)?;
        drop(self.journal);
        let journal = self.dir.join(JOURNAL);
        std::fs::remove_file(&journal).or_else(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Ok(())
            } else {
                Err(io(&journal)(e))
            }
        })?;
        Ok(Stats {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
            unchanged_paths: self.same.into_inner().unwrap_or_else(|e| e.into_inner()),
            removed: removed.len(),
            removed_paths: removed,
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The stamp of the file at `target` when it holds exactly `bytes` (read
/// only when the size matches), else `None`.
fn same_bytes(target: &Path, bytes: &[u8]) -> Option<Stamp> {
    use std::io::Read;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags_no_follow()
        .open(target)
        .ok()?;
    let m = f.metadata().ok()?;
    if !m.is_file() || m.len() != bytes.len() as u64 {
        return None;
    }
    let mut have = Vec::with_capacity(bytes.len());
    f.read_to_end(&mut have).ok()?;
    (have == bytes).then(|| Stamp::of(&m)).flatten()
}

/// Opening without following a link at the last component.
trait NoFollow {
    fn custom_flags_no_follow(&mut self) -> &mut Self;
}

impl NoFollow for std::fs::OpenOptions {
    #[cfg(unix)]
    fn custom_flags_no_follow(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.custom_flags(libc::O_NOFOLLOW)
    }
    #[cfg(not(unix))]
    fn custom_flags_no_follow(&mut self) -> &mut Self {
        self
    }
}

/// Temporary files of a run that was killed (`.popdoc-tmp-*` next to the
/// files it was writing, all in folders the manifest or journal names): ours
/// by name, never listed, safe to remove.
fn remove_leftover_temp_files(dir: &Path, old: &BTreeSet<String>) {
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    folders.insert(dir.to_path_buf());
    for rel in old.iter().filter(|r| safe_relative(r)) {
        if let Some(parent) = dir.join(rel).parent() {
            folders.insert(parent.to_path_buf());
        }
    }
    for f in folders {
        let rel = f.strip_prefix(dir).unwrap_or(&f);
        let mut p = dir.to_path_buf();
        if rel.components().any(|c| {
            p.push(c);
            is_link(&p)
        }) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&f) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            if name.to_string_lossy().starts_with(TEMP_PREFIX)
                && e.file_type().is_ok_and(|t| t.is_file())
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Removes the files of `old` that `new` does not list (never through a
/// link, never a link itself), and the folders they leave empty.
fn prune(
    dir: &Path,
    old: &BTreeSet<String>,
    new: &BTreeSet<String>,
) -> Result<Vec<String>, WriteError> {
    let mut removed = Vec::new();
    for stale in old.difference(new) {
        if !safe_relative(stale) || is_bookkeeping(stale) || link_on_the_way(dir, stale).is_some() {
            continue;
        }
        let p = dir.join(stale);
        // A link where popdoc wrote a file is not popdoc's to delete.
        let is_file = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_file());
        if is_file {
            std::fs::remove_file(&p).map_err(io(&p))?;
            removed.push(stale.clone());
            // Remove folders left empty (a dossier that was removed).
            let mut parent = p.parent();
            while let Some(d) = parent.filter(|d| *d != dir) {
                if is_link(d) || std::fs::remove_dir(d).is_err() {
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

/// The files an earlier run recorded in `dir`'s manifest (and journal).
pub fn manifest_entries(dir: &Path) -> BTreeSet<String> {
    read_manifest(dir)
}

/// The manifest, plus the journal of a run that did not finish (its whole
/// lines: a line cut off by a crash is no path).
pub(super) fn read_manifest(dir: &Path) -> BTreeSet<String> {
    let mut paths: BTreeSet<String> = std::fs::read_to_string(dir.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
        .map(|v| v.into_iter().collect())
        .unwrap_or_default();
    if let Ok(journal) = std::fs::read_to_string(dir.join(JOURNAL)) {
        let whole = journal.rfind('\n').map_or("", |i| &journal[..i]);
        paths.extend(whole.lines().filter(|l| !l.is_empty()).map(str::to_string));
    }
    paths
}
