//! Writing outputs: each file atomically (a temporary file in the same folder,
//! then a rename), only inside the output folder, skipping files whose bytes
//! did not change, and deleting only files that popdoc itself wrote there
//! (listed in the folder's manifest). Refuses folders popdoc did not make.
//!
//! Never through a link: a symbolic link below the output folder is neither
//! written through nor deleted through. Crash-safe: the manifest and its
//! journal name every file before it is written (the old and the new ones), so
//! a build killed at any moment leaves each file wholly old or wholly new, and
//! the next build needs no `--force`, prunes what is no longer made and
//! removes its own leftover temporary files. Files get the permissions `cp` would give
//! (0666 masked by the umask).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

pub const MANIFEST: &str = ".popdoc-manifest";
/// Paths written by a build that has not finished (see [`Stream`]).
pub const JOURNAL: &str = ".popdoc-journal";

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
    for a in changed {
        check_path(dir, &a.path)?;
    }
    let stream = Stream::begin(dir)?;
    for a in changed {
        stream.put(a)?;
    }
    stream.keep(all.iter().cloned());
    stream.finish()
}

fn check_path(dir: &Path, rel: &str) -> Result<(), WriteError> {
    if !safe_relative(rel) || rel == MANIFEST || rel == JOURNAL {
        return Err(WriteError::Outside {
            path: rel.to_string(),
        });
    }
    if let Some(link) = link_on_the_way(dir, rel) {
        return Err(WriteError::Link { path: link });
    }
    Ok(())
}

/// Files written one by one as a build makes them (so a build of thousands
/// of PDFs never holds them all in memory), from any thread.
///
/// Crash safety: before a file that the manifest does not list appears, its
/// path is appended to the folder's journal (`.popdoc-journal`); the manifest
/// and the journal together name every file popdoc may have left. `finish`
/// prunes what is no longer made, writes the new manifest and removes the
/// journal. A build that stops before `finish` (killed, a broken template)
/// prunes nothing: the next one reads manifest and journal and tidies up.
#[derive(Debug)]
pub struct Stream {
    dir: PathBuf,
    /// What an earlier build may have left: manifest plus journal.
    old: BTreeSet<String>,
    journal: std::sync::Mutex<std::fs::File>,
    /// Files of this build: written, unchanged or kept.
    new: std::sync::Mutex<BTreeSet<String>>,
    written: std::sync::atomic::AtomicUsize,
    unchanged: std::sync::atomic::AtomicUsize,
}

impl Stream {
    /// Opens `dir` for writing (creating it), after `check_dir`.
    pub fn begin(dir: &Path) -> Result<Stream, WriteError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let old = read_manifest(dir);
        if !dir.join(MANIFEST).is_file() {
            // The folder is popdoc's from its first file on.
            write_manifest(dir, &BTreeSet::new())?;
        }
        // A journal still there: the last build did not finish, and may have
        // left temporary files. (Looking costs a folder listing per dossier,
        // so only then.)
        let path = dir.join(JOURNAL);
        if path.exists() {
            remove_leftover_temp_files(dir, &old);
        }
        // The journal exists from now until `finish`, empty or not.
        let journal = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io(&path))?;
        Ok(Stream {
            dir: dir.to_path_buf(),
            old,
            journal: std::sync::Mutex::new(journal),
            new: std::sync::Mutex::new(BTreeSet::new()),
            written: Default::default(),
            unchanged: Default::default(),
        })
    }

    /// Writes one file (atomically, unless its bytes are already there). A
    /// path given twice keeps its first bytes: `false` then.
    pub fn put(&self, a: &Artifact) -> Result<bool, WriteError> {
        use std::sync::atomic::Ordering::Relaxed;
        check_path(&self.dir, &a.path)?;
        if !lock(&self.new).insert(a.path.clone()) {
            return Ok(false);
        }
        if !self.old.contains(&a.path) {
            self.record(&a.path)?;
        }
        let target = self.dir.join(&a.path);
        let same = !is_link(&target) && same_bytes(&target, &a.bytes);
        if same {
            self.unchanged.fetch_add(1, Relaxed);
        } else {
            write_replace(&target, &a.bytes, false)?;
            self.written.fetch_add(1, Relaxed);
        }
        Ok(true)
    }

    /// Files of this build that are already on disk (from the cache, or kept).
    pub fn keep(&self, paths: impl IntoIterator<Item = String>) {
        lock(&self.new).extend(paths);
    }

    /// Appends `rel` to the journal (one line, written before the file).
    fn record(&self, rel: &str) -> Result<(), WriteError> {
        lock(&self.journal)
            .write_all(format!("{rel}\n").as_bytes())
            .map_err(io(&self.dir.join(JOURNAL)))
    }

    /// Removes the files of earlier builds that this one did not make, and
    /// records this build's files as the manifest.
    pub fn finish(self) -> Result<Stats, WriteError> {
        let new = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        // The files on disk before the manifest (and then the cache) say so.
        if self.written.load(std::sync::atomic::Ordering::Relaxed) > 0 {
            flush_to_disk(&self.dir)?;
        }
        let removed = prune(&self.dir, &self.old, &new)?;
        write_manifest(&self.dir, &new)?;
        drop(self.journal);
        let journal = self.dir.join(JOURNAL);
        if journal.exists() {
            std::fs::remove_file(&journal).map_err(io(&journal))?;
        }
        Ok(Stats {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
            removed,
        })
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the file at `target` holds exactly `bytes` (read only when the
/// size matches).
fn same_bytes(target: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(target).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(target).is_ok_and(|b| b == bytes)
}

/// Temporary files of a build that was killed (`.popdoc-tmp-*` next to the
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

fn prune(dir: &Path, old: &BTreeSet<String>, new: &BTreeSet<String>) -> Result<usize, WriteError> {
    let mut removed = 0;
    for stale in old.difference(new) {
        if !safe_relative(stale) || link_on_the_way(dir, stale).is_some() {
            continue;
        }
        let p = dir.join(stale);
        // A link where popdoc wrote a file is not popdoc's to delete.
        let is_file = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_file());
        if is_file {
            std::fs::remove_file(&p).map_err(io(&p))?;
            removed += 1;
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
    write_replace(target, bytes, true)
}

/// As `write_atomic`, leaving the flush to disk to the caller: a build writes
/// thousands of files and flushes them all at once (`flush_to_disk`) before
/// its manifest and cache say they are there.
fn write_replace(target: &Path, bytes: &[u8], sync: bool) -> Result<(), WriteError> {
    let parent = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
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
    tmp.persist(target).map_err(|e| WriteError::Io {
        path: target.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
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

/// The files an earlier build recorded in `dir`'s manifest.
pub fn manifest_entries(dir: &Path) -> BTreeSet<String> {
    read_manifest(dir)
}

/// The manifest, plus the journal of a build that did not finish (its whole
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
                let bookkeeping = rel == MANIFEST || rel == JOURNAL;
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
            let now: Vec<String> = files(&out).into_iter().map(|f| f.0).collect();
            assert_eq!(now.len(), old.len() + 1, "{now:?}");
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
        let s = Stream::begin(&out).unwrap();
        assert!(s.put(&Artifact::new("a/nieuw.html", "2")).unwrap());
        assert!(!s.put(&Artifact::new("a/nieuw.html", "other")).unwrap());
        assert!(s.put(&Artifact::new("weg.pdf", "3")).unwrap());
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
        let s = Stream::begin(&out).unwrap();
        s.put(&Artifact::new("a/nieuw.html", "2")).unwrap();
        s.keep(["oud.html".to_string()]);
        let stats = s.finish().unwrap();
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
