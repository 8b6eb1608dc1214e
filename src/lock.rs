//! One writer at a time per output folder: `.popdoc-lock` in the folder,
//! created without following links (mode 0600), held with `flock` from the
//! moment a run opens the folder until it has written its manifest. A second
//! popdoc waits and says so (or, with `--no-wait`, stops). Where the file
//! system cannot lock (some network or synced folders), popdoc says so once
//! and writes without the lock.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diag::Lang;

/// The lock file's name in each folder popdoc writes.
pub const LOCK: &str = ".popdoc-lock";

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another popdoc holds it (with `--no-wait`).
    Locked(PathBuf),
    /// The lock file is a link.
    Link(PathBuf),
    Io(PathBuf, std::io::Error),
}

/// What to do when another popdoc holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait for it, saying so on stderr in this language.
    Yes(Lang),
    /// Stop with [`WriteError::Locked`].
    No,
}

/// A held lock; released when dropped (or when the process ends, however).
#[derive(Debug)]
pub struct Lock {
    _file: Option<std::fs::File>,
}

/// Said once per process when the file system cannot lock.
static UNLOCKABLE_SAID: AtomicBool = AtomicBool::new(false);

impl Lock {
    /// Takes the lock of `dir` (an existing folder).
    pub fn take(dir: &Path, wait: Wait) -> Result<Lock, LockError> {
        let path = dir.join(LOCK);
        let file = open(&path)?;
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let fd = file.as_raw_fd();
            // SAFETY: `fd` is an open descriptor for the duration of the call.
            if unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                return Ok(Lock { _file: Some(file) });
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EWOULDBLOCK) => {}
                // ENOLCK, EOPNOTSUPP, EINVAL: no locks on this file system.
                _ => {
                    if !UNLOCKABLE_SAID.swap(true, Ordering::Relaxed) {
                        let lang = match wait {
                            Wait::Yes(l) => l,
                            Wait::No => crate::diag::ui_lang(),
                        };
                        eprintln!("{}", unlockable(lang, dir));
                    }
                    return Ok(Lock { _file: None });
                }
            }
            let Wait::Yes(lang) = wait else {
                return Err(LockError::Locked(dir.to_path_buf()));
            };
            // The output folder and the client folder are usually held by
            // the same other popdoc: one line for both (a rebuild of `watch`
            // a while later says it again).
            static SAID: std::sync::Mutex<Option<std::time::Instant>> = std::sync::Mutex::new(None);
            let recent = |said: &Option<std::time::Instant>| {
                said.is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(5))
            };
            if !recent(&SAID.lock().unwrap_or_else(|e| e.into_inner())) {
                eprintln!("{}", waiting(lang, dir));
            }
            loop {
                // SAFETY: as above.
                if unsafe { libc::flock(fd, libc::LOCK_EX) } == 0 {
                    *SAID.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some(std::time::Instant::now());
                    return Ok(Lock { _file: Some(file) });
                }
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(LockError::Io(path, e));
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = wait;
            Ok(Lock { _file: Some(file) })
        }
    }
}

#[cfg(unix)]
fn open(path: &Path) -> Result<std::fs::File, LockError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
        .map_err(|source| match source.raw_os_error() {
            Some(libc::ELOOP) => LockError::Link(path.to_path_buf()),
            _ => LockError::Io(path.to_path_buf(), source),
        })
}

#[cfg(not(unix))]
fn open(path: &Path) -> Result<std::fs::File, LockError> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|source| LockError::Io(path.to_path_buf(), source))
}

fn waiting(lang: Lang, dir: &Path) -> String {
    said("ui-lock-waiting", lang, dir)
}

fn unlockable(lang: Lang, dir: &Path) -> String {
    said("ui-lock-unlockable", lang, dir)
}

fn said(key: &'static str, lang: Lang, dir: &Path) -> String {
    let dir = crate::text::terminal_safe(&dir.display().to_string());
    crate::diag::Msg::new(key).arg("dir", dir).render(lang)
}

/// The lock file of `dir` (for tests and docs).
pub fn path(dir: &Path) -> PathBuf {
    dir.join(LOCK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_or_refuses() {
        let tmp = tempfile::tempdir().unwrap();
        let first = Lock::take(tmp.path(), Wait::No).unwrap();
        assert!(matches!(
            Lock::take(tmp.path(), Wait::No),
            Err(LockError::Locked(_))
        ));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path(tmp.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let dir = tmp.path().to_path_buf();
        let waiter = std::thread::spawn(move || Lock::take(&dir, Wait::Yes(Lang::En)).is_ok());
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!waiter.is_finished(), "waits while the first holds it");
        drop(first);
        assert!(waiter.join().unwrap(), "and gets it after");
    }
}
