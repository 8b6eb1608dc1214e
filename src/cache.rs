//! The incremental cache: each output file records a key, a hash of
//! everything it was made from (its dossier's files, the templates and theme
//! files it used, the rule sets of its cheques, popdoc.toml, popdoc's version,
//! the day where it matters). A rebuild skips an output whose key is the same
//! and whose file is still the one written then (size and modification time).
//!
//! The cache is a file of the output folder's bookkeeping (`.popdoc-cache`),
//! written after the outputs, atomically: a build killed before it leaves the
//! old cache, whose entries no longer match the files, so those outputs are
//! made again; a torn or unreadable cache is an empty one. `--no-cache`
//! ignores it.

use std::collections::BTreeMap;
use std::path::Path;

pub const CACHE: &str = ".popdoc-cache";

/// A key: blake3 of the parts, each length-prefixed, with popdoc's version.
pub fn key(parts: &[&[u8]]) -> String {
    let mut h = blake3::Hasher::new();
    h.update(concat!("popdoc-cache-1 ", env!("CARGO_PKG_VERSION")).as_bytes());
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().to_hex()[..32].to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stamp {
    key: String,
    size: u64,
    mtime_ns: u128,
}

/// The cache of one output folder.
#[derive(Debug, Default, Clone)]
pub struct Cache {
    entries: BTreeMap<String, Stamp>,
}

fn stamp_of(path: &Path) -> Option<(u64, u128)> {
    // Never through a link: a file popdoc wrote is a regular file.
    let m = std::fs::symlink_metadata(path).ok()?;
    if !m.file_type().is_file() {
        return None;
    }
    let mtime = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len(), mtime))
}

impl Cache {
    /// The cache of `dir`; empty when missing, torn or unreadable.
    pub fn load(dir: &Path) -> Cache {
        let entries = std::fs::read(dir.join(CACHE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Cache { entries }
    }

    /// Whether `dir/path` is still the output of `key`.
    pub fn fresh(&self, dir: &Path, path: &str, key: &str) -> bool {
        let Some(s) = self.entries.get(path) else {
            return false;
        };
        s.key == key && stamp_of(&dir.join(path)) == Some((s.size, s.mtime_ns))
    }

    /// Records the files of `keys` as they are now on disk and writes the
    /// cache atomically (after the outputs themselves).
    pub fn save(dir: &Path, keys: &[(String, String)]) -> Result<(), crate::write::WriteError> {
        let entries: BTreeMap<String, Stamp> = keys
            .iter()
            .filter_map(|(path, key)| {
                let (size, mtime_ns) = stamp_of(&dir.join(path))?;
                Some((
                    path.clone(),
                    Stamp {
                        key: key.clone(),
                        size,
                        mtime_ns,
                    },
                ))
            })
            .collect();
        let text = serde_json::to_vec(&entries).unwrap_or_default();
        crate::write::write_atomic(&dir.join(CACHE), &text)
    }
}

/// What a build knows of the outputs already on disk.
#[derive(Debug, Default, Clone)]
pub struct OnDisk {
    pub out_dir: std::path::PathBuf,
    pub out: Cache,
    pub client_dir: std::path::PathBuf,
    pub client: Cache,
}

impl OnDisk {
    pub fn load(out_dir: &Path, client_dir: &Path) -> OnDisk {
        OnDisk {
            out_dir: out_dir.to_path_buf(),
            out: Cache::load(out_dir),
            client_dir: client_dir.to_path_buf(),
            client: Cache::load(client_dir),
        }
    }

    /// Whether an output of the centre's folder is fresh.
    pub fn fresh_out(&self, path: &str, key: &str) -> bool {
        self.out.fresh(&self.out_dir, path, key)
    }

    /// Whether an output of the client folder is fresh.
    pub fn fresh_client(&self, path: &str, key: &str) -> bool {
        self.client.fresh(&self.client_dir, path, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_only_for_the_same_key_and_the_same_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("a.html"), "een").unwrap();
        let k = key(&[b"dossier", b"sjabloon"]);
        assert_ne!(k, key(&[b"dossiers", b"jabloon"]), "parts are delimited");
        Cache::save(dir, &[("a.html".into(), k.clone())]).unwrap();
        let c = Cache::load(dir);
        assert!(c.fresh(dir, "a.html", &k));
        assert!(!c.fresh(dir, "a.html", &key(&[b"ander"])));
        std::thread::sleep(std::time::Duration::from_millis(5));
        std::fs::write(dir.join("a.html"), "twee").unwrap();
        assert!(
            !Cache::load(dir).fresh(dir, "a.html", &k),
            "a changed file is stale"
        );
        std::fs::write(dir.join(CACHE), "{kapot").unwrap();
        assert!(
            !Cache::load(dir).fresh(dir, "a.html", &k),
            "a torn cache is empty"
        );
    }
}
