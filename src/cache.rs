//! The incremental cache: each output file records a key, a hash of
//! everything it was made from (its dossier's files, the templates and theme
//! files it used, the rule sets of its cheques, popdoc.toml, popdoc's version,
//! the day where it matters). A run skips an output whose key is the same
//! and whose file is still the one written then (size and modification time).
//!
//! The cache is a file of the output folder's bookkeeping (`.popdoc-cache`),
//! written after the outputs and the manifest, atomically: a run killed
//! before it leaves the old cache, whose entries no longer match the files,
//! so those outputs are made again; a torn or unreadable cache is an empty
//! one. `--no-cache` ignores it.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;

use crate::write::Stamp;

pub use crate::write::CACHE;

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

/// What the cache records of one output file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    pub key: String,
    pub size: u64,
    pub mtime_ns: u128,
}

impl Record {
    pub fn new(key: String, stamp: Stamp) -> Record {
        Record {
            key,
            size: stamp.size,
            mtime_ns: stamp.mtime_ns,
        }
    }

    fn stamp(&self) -> Stamp {
        Stamp {
            size: self.size,
            mtime_ns: self.mtime_ns,
        }
    }
}

/// The cache of one output folder.
#[derive(Debug, Default, Clone)]
pub struct Cache {
    pub entries: BTreeMap<String, Record>,
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

    /// The entries of the paths under `prefix` (one range of the map).
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a String, &'a Record)> {
        self.entries
            .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(move |(k, _)| k.starts_with(prefix))
    }

    /// The entries under `prefix` whose files in `dir` are still the ones
    /// recorded (one `stat` each): (path, record).
    pub fn current_under(&self, dir: &Path, prefix: &str) -> Vec<(String, Record)> {
        self.under(prefix)
            .filter(|(path, r)| Stamp::read(&dir.join(path.as_str())) == Some(r.stamp()))
            .map(|(p, r)| (p.clone(), r.clone()))
            .collect()
    }

    /// Whether `dir/path` is still the output of `key`.
    pub fn fresh(&self, dir: &Path, path: &str, key: &str) -> bool {
        self.entries
            .get(path)
            .is_some_and(|r| r.key == key && Stamp::read(&dir.join(path)) == Some(r.stamp()))
    }

    /// Writes the cache of `dir` atomically (after the outputs themselves).
    pub fn save(&self, dir: &Path) -> Result<(), crate::write::WriteError> {
        let text = serde_json::to_vec(&self.entries).unwrap_or_default();
        crate::write::write_atomic(&dir.join(CACHE), &text)
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
        let mut c = Cache::default();
        let stamp = Stamp::read(&dir.join("a.html")).unwrap();
        c.entries
            .insert("a.html".into(), Record::new(k.clone(), stamp));
        c.save(dir).unwrap();
        let c = Cache::load(dir);
        assert!(c.fresh(dir, "a.html", &k));
        assert!(!c.fresh(dir, "a.html", &key(&[b"ander"])));
        assert_eq!(c.current_under(dir, "a.").len(), 1);
        std::thread::sleep(std::time::Duration::from_millis(5));
        std::fs::write(dir.join("a.html"), "twee").unwrap();
        assert!(
            !Cache::load(dir).fresh(dir, "a.html", &k),
            "a changed file is stale"
        );
        assert!(Cache::load(dir).current_under(dir, "a.").is_empty());
        std::fs::write(dir.join(CACHE), "{kapot").unwrap();
        assert!(
            !Cache::load(dir).fresh(dir, "a.html", &k),
            "a torn cache is empty"
        );
    }
}
