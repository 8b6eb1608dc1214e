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

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

pub const MANIFEST: &str = ".popdoc-manifest";
/// Paths written by a run that has not finished (see [`Writer`]).
pub const JOURNAL: &str = ".popdoc-journal";
/// Held by the one process writing the folder (never listed, never served).
pub const LOCK: &str = ".popdoc-lock";

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
    #[error(
        "{path}: is a symbolic link; popdoc never writes or deletes through a link below its output folder. Remove the link (the folder it points to is left alone)"
    )]
    Link { path: PathBuf },
    #[error(
        "{path}: another popdoc is writing this folder; wait until it is done, or leave out --no-wait to wait for it"
    )]
    Locked { path: PathBuf },
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

impl WriteError {
    /// What the coach can do about a write failure (disk full, no rights, a
    /// read-only disk), in Dutch; the previous output is kept either way.
    pub fn advice(&self) -> Option<&'static str> {
        let WriteError::Io { source, .. } = self else {
            return None;
        };
        Some(match source.raw_os_error() {
            Some(28) => {
                "de schijf is vol: maak ruimte vrij en bouw opnieuw; de vorige uitvoer is bewaard"
            }
            Some(13) | Some(1) => {
                "geen schrijfrechten op deze map: pas de rechten aan of kies een andere `output_dir`; de vorige uitvoer is bewaard"
            }
            Some(30) => {
                "de schijf is alleen-lezen: kies een andere `output_dir`; de vorige uitvoer is bewaard"
            }
            _ => "de vorige uitvoer is bewaard; los het probleem op en bouw opnieuw",
        })
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
    pub removed: usize,
    /// The paths removed (outputs of dossiers that are gone, documents no
    /// longer made).
    pub removed_paths: Vec<String>,
}

impl Stats {
    pub fn add(&mut self, other: Stats) {
        self.written += other.written;
        self.unchanged += other.unchanged;
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
    if dir.exists() && !dir.is_dir() {
        return Err(WriteError::Refused {
            path: dir.to_path_buf(),
            why: "it is a file, not a folder",
        });
    }
    if !force && dir.is_dir() && !dir.join(MANIFEST).is_file() {
        let non_empty = std::fs::read_dir(dir)
            .map_err(io(dir))?
            .flatten()
            .any(|e| e.file_name() != LOCK);
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

/// Whether `rel` is one of popdoc's own bookkeeping files.
pub fn is_bookkeeping(rel: &str) -> bool {
    [MANIFEST, JOURNAL, LOCK, crate::cache::CACHE].contains(&rel)
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
        Writer::open_with(dir, crate::lock::Wait::Yes(crate::diag::Lang::Nl))
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
        let lock = crate::lock::Lock::take(dir, wait)?;
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
            old,
            journal: Mutex::new(journal),
            _lock: lock,
            made: Mutex::new(made),
            checked: Mutex::new(HashSet::new()),
            seen: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
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
        let fresh_folder = self.folder(&parent, rel)?;
        if !self.old.contains(rel) {
            self.record(rel)?;
        }
        // In a folder made by this run there is nothing to compare with.
        if !fresh_folder && let Some(stamp) = same_bytes(&target, bytes) {
            self.unchanged.fetch_add(1, Relaxed);
            return Ok(Some(Put {
                written: false,
                stamp: Some(stamp),
            }));
        }
        let stamp = write_replace(&target, bytes, false)?;
        self.written.fetch_add(1, Relaxed);
        Ok(Some(Put {
            written: true,
            stamp,
        }))
    }

    /// Makes (or checks) the folder `parent` of `rel`: no link on the way.
    /// Returns whether this run created it (so it held nothing before).
    fn folder(&self, parent: &Path, rel: &str) -> Result<bool, WriteError> {
        if lock(&self.made).contains(parent) {
            return Ok(true);
        }
        if lock(&self.checked).contains(parent) {
            return Ok(false);
        }
        // Make the missing folders from the top, remembering those made.
        let mut missing = Vec::new();
        let mut p = parent.to_path_buf();
        while p != self.dir && !lock(&self.made).contains(&p) {
            match std::fs::symlink_metadata(&p) {
                Ok(m) if m.file_type().is_symlink() => return Err(WriteError::Link { path: p }),
                Ok(_) => break,
                Err(_) => {
                    missing.push(p.clone());
                    if !p.pop() {
                        break;
                    }
                }
            }
        }
        let existed = missing.is_empty();
        if existed && let Some(link) = link_on_the_way(&self.dir, rel) {
            return Err(WriteError::Link { path: link });
        }
        for m in missing.iter().rev() {
            match std::fs::create_dir(m) {
                Ok(()) => {
                    lock(&self.made).insert(m.clone());
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(m)(e)),
            }
        }
        if existed {
            lock(&self.checked).insert(parent.to_path_buf());
            Ok(false)
        } else {
            Ok(lock(&self.made).contains(parent))
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
    write_replace(target, bytes, true).map(|_| ())
}

/// As `write_atomic` into an existing folder, leaving the flush to disk to
/// the caller: a run writes thousands of files and flushes them all at once
/// (`flush_to_disk`) before its manifest and cache say they are there.
/// Returns the file's stamp.
fn write_replace(target: &Path, bytes: &[u8], sync: bool) -> Result<Option<Stamp>, WriteError> {
    let parent = target.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    #[cfg(test)]
    fault::check(target)?;
    let mut tmp = builder.tempfile_in(parent).map_err(io(parent))?;
    tmp.write_all(bytes).map_err(io(target))?;
    if sync {
        tmp.as_file().sync_all().map_err(io(target))?;
    }
    let stamp = tmp.as_file().metadata().ok().and_then(|m| Stamp::of(&m));
    tmp.persist(target).map_err(|e| WriteError::Io {
        path: target.to_path_buf(),
        source: e.error,
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

/// The files an earlier run recorded in `dir`'s manifest (and journal).
pub fn manifest_entries(dir: &Path) -> BTreeSet<String> {
    read_manifest(dir)
}

/// The manifest, plus the journal of a run that did not finish (its whole
/// lines: a line cut off by a crash is no path).
fn read_manifest(dir: &Path) -> BTreeSet<String> {
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

/// Write failures injected in tests: after `n` more writes, every write fails
/// with the given OS error (ENOSPC, EACCES, EROFS). CI runs as root, which
/// ignores file permissions, so real failures cannot be provoked there.
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::Cell;

    thread_local! {
        static PLAN: Cell<Option<(usize, i32)>> = const { Cell::new(None) };
    }

    pub fn fail_after(writes: usize, errno: i32) {
        PLAN.with(|p| p.set(Some((writes, errno))));
    }

    pub fn clear() {
        PLAN.with(|p| p.set(None));
    }

    pub fn check(target: &std::path::Path) -> Result<(), super::WriteError> {
        PLAN.with(|p| match p.get() {
            Some((0, errno)) => Err(super::WriteError::Io {
                path: target.to_path_buf(),
                source: std::io::Error::from_raw_os_error(errno),
            }),
            Some((n, errno)) => {
                p.set(Some((n - 1, errno)));
                Ok(())
            }
            None => Ok(()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn write_failures_leave_the_old_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old: Vec<Artifact> = (0..6)
            .map(|i| Artifact::new(format!("d{i}/index.html"), format!("oud {i}")))
            .collect();
        write_all(&out, &old).unwrap();
        for (errno, advice) in [
            (28, "schijf is vol"),
            (13, "schrijfrechten"),
            (30, "alleen-lezen"),
        ] {
            let new: Vec<Artifact> = (0..6)
                .map(|i| Artifact::new(format!("d{i}/index.html"), format!("nieuw {i} {errno}")))
                .chain([Artifact::new("extra/x.pdf", "nieuw")])
                .collect();
            fault::fail_after(3, errno);
            let err = write_all(&out, &new).unwrap_err();
            fault::clear();
            assert!(
                matches!(&err, WriteError::Io { source, .. } if source.raw_os_error() == Some(errno))
            );
            assert!(err.advice().unwrap().contains(advice), "{errno}");
            assert!(err.to_string().contains("public/"), "names the file: {err}");
            // Every file is wholly old or wholly new; no temporary file is left.
            for (rel, bytes) in files(&out) {
                let text = String::from_utf8(bytes).unwrap();
                let bookkeeping = is_bookkeeping(&rel);
                assert!(
                    bookkeeping || text.starts_with("oud ") || text.starts_with("nieuw "),
                    "{rel}: {text}"
                );
                assert!(!rel.contains(TEMP_PREFIX), "{rel}");
                // Manifest and journal name every file on disk.
                assert!(bookkeeping || read_manifest(&out).contains(&rel), "{rel}");
            }
            // The next build succeeds and leaves exactly its own files.
            write_all(&out, &old).unwrap();
            let now: Vec<String> = files(&out)
                .into_iter()
                .map(|f| f.0)
                .filter(|f| !is_bookkeeping(f))
                .collect();
            assert_eq!(now.len(), old.len(), "{now:?}");
            assert!(
                !out.join("extra").exists(),
                "orphans of the failed build pruned"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_or_deletes_through_links_and_files_are_readable() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let elsewhere = tmp.path().join("elders");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("index.html"), "van iemand anders").unwrap();
        std::fs::write(elsewhere.join("pop-1.pdf"), "ook").unwrap();
        let arts = [
            Artifact::new("an/index.html", "a"),
            Artifact::new("an/pop-1.pdf", "b"),
        ];
        write_all(&out, &arts).unwrap();
        let mode = std::fs::metadata(out.join("an/index.html"))
            .unwrap()
            .permissions()
            .mode();
        let umask = {
            // The mode a new file gets here, as cp would give it.
            let probe = tmp.path().join("probe");
            std::fs::write(&probe, "").unwrap();
            std::fs::metadata(&probe).unwrap().permissions().mode()
        };
        assert_eq!(mode & 0o777, umask & 0o666 & 0o777, "{mode:o}");
        // public/an replaced by a link to another folder: no write, no delete there.
        std::fs::remove_dir_all(out.join("an")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("an")).unwrap();
        assert!(matches!(
            write_all(&out, &arts),
            Err(WriteError::Link { .. })
        ));
        write_all(&out, &[]).unwrap();
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("index.html")).unwrap(),
            "van iemand anders"
        );
        assert!(
            elsewhere.join("pop-1.pdf").exists(),
            "nothing deleted through the link"
        );
        // A manifest entry through a linked folder deletes nothing outside.
        std::fs::write(
            out.join(MANIFEST),
            serde_json::to_string(&["an/pop-1.pdf", "an/index.html"]).unwrap(),
        )
        .unwrap();
        write_all(&out, &[]).unwrap();
        assert!(elsewhere.join("pop-1.pdf").exists() && elsewhere.join("index.html").exists());
    }

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
    fn a_stream_that_never_finished_is_tidied_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_all(&out, &[Artifact::new("oud.html", "1")]).unwrap();
        // A build that stops after two files (killed, or a broken template).
        let s = Writer::open(&out).unwrap();
        assert!(s.put("a/nieuw.html", b"2").unwrap().is_some());
        assert!(s.put("a/nieuw.html", b"other").unwrap().is_none());
        assert!(s.put("weg.pdf", b"3").unwrap().is_some());
        drop(s);
        assert_eq!(
            std::fs::read_to_string(out.join("a/nieuw.html")).unwrap(),
            "2"
        );
        let listed = manifest_entries(&out);
        for f in ["oud.html", "a/nieuw.html", "weg.pdf"] {
            assert!(listed.contains(f), "{f} is accounted for: {listed:?}");
        }
        // A line cut off by a crash is not a path.
        let mut j = std::fs::OpenOptions::new()
            .append(true)
            .open(out.join(JOURNAL))
            .unwrap();
        j.write_all(b"oud.ht").unwrap();
        assert!(!manifest_entries(&out).contains("oud.ht"));
        // The next build prunes what neither build made any more.
        let s = Writer::open(&out).unwrap();
        s.put("a/nieuw.html", b"2").unwrap();
        let keep: BTreeSet<String> = ["a/nieuw.html".to_string(), "oud.html".to_string()].into();
        let stats = s.finish(&keep).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 1, 1));
        assert!(!out.join("weg.pdf").exists() && out.join("oud.html").exists());
        assert!(!out.join(JOURNAL).exists(), "the journal is gone");
        assert_eq!(
            manifest_entries(&out).into_iter().collect::<Vec<_>>(),
            ["a/nieuw.html", "oud.html"]
        );
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
