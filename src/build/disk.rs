//! The disk target: a run's files written into the output folder (and the
//! client folder), each folder locked from the moment it is opened until its
//! manifest is written (`write::Writer`).
//!
//! What a run changes is said per part of a folder: a dossier's files
//! (`<slug>/`) or the site's own (the index, the stylesheet, `_typst/`). At
//! `finish` the new manifest is what the folder held when the lock was taken,
//! with the parts this run replaced put in: no run drops what another made,
//! and a run that renders one dossier (watch) leaves every other as it is.
//! The cache is merged the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::target::{DossierFiles, Folder, Fresh, Target, TargetResult, Unwritten};
use crate::cache::{Cache, Record};
use crate::lock::Wait;
use crate::write::{self, Artifact, Stats, Writer};

/// The part of a folder a path belongs to: its dossier's slug, or "" for
/// the site's own files.
pub fn part_of(path: &str) -> &str {
    match path.split_once('/') {
        Some(("_typst", _)) | None => "",
        Some((slug, _)) => slug,
    }
}

/// What a run says about one part of a folder.
#[derive(Debug, Clone)]
enum Part {
    /// Exactly these files (with their cache records).
    Replace(BTreeMap<String, Option<Record>>),
    /// What it held, plus these files (a dossier's bundle left alone while its
    /// loose client copies are written).
    Add(BTreeMap<String, Option<Record>>),
    /// What it held, untouched (a dossier that cannot be read now).
    Keep,
}

/// One folder of a run.
struct Opened {
    writer: Writer,
    cache: Cache,
    parts: Mutex<BTreeMap<String, Part>>,
}

impl Opened {
    fn open(dir: &Path, wait: Wait, cache: bool) -> TargetResult<Opened> {
        let writer = Writer::open_with(dir, wait)?;
        Ok(Opened {
            cache: if cache {
                Cache::load(dir)
            } else {
                Cache::default()
            },
            writer,
            parts: Mutex::new(BTreeMap::new()),
        })
    }

    /// Writes `files` and returns their cache records, by path; a file that
    /// cannot be written for a reason of its own goes to `unwritten`.
    fn write(
        &self,
        files: &[Artifact],
        keys: &[(String, String)],
        unwritten: &mut Vec<Unwritten>,
    ) -> TargetResult<BTreeMap<String, Option<Record>>> {
        let key_of: BTreeMap<&str, &str> =
            keys.iter().map(|(p, k)| (p.as_str(), k.as_str())).collect();
        let mut records = BTreeMap::new();
        for a in files {
            let put = match self.writer.put(&a.path, &a.bytes) {
                Ok(Some(put)) => put,
                Ok(None) => continue,
                Err(e) if e.is_of_the_file() => {
                    unwritten.push(Unwritten {
                        path: a.path.clone(),
                        error: e,
                    });
                    continue;
                }
                Err(e) => return Err(e),
            };
            let record = key_of
                .get(a.path.as_str())
                .and_then(|k| Some(Record::new(k.to_string(), put.stamp?)));
            records.insert(a.path.clone(), record);
        }
        Ok(records)
    }

    /// Records for outputs kept from the cache (their stamps are the cache's).
    fn kept(&self, kept: &[String], keys: &[(String, String)]) -> BTreeMap<String, Option<Record>> {
        kept.iter()
            .map(|p| {
                let key = keys.iter().find(|(q, _)| q == p).map(|(_, k)| k.clone());
                let record = self
                    .cache
                    .entries
                    .get(p)
                    .filter(|r| key.as_ref() == Some(&r.key))
                    .cloned();
                (p.clone(), record)
            })
            .collect()
    }

    /// The PDFs the folder held of `slug`, with their cache records.
    fn old_pdfs(&self, slug: &str) -> BTreeMap<String, Option<Record>> {
        let prefix = format!("{slug}/");
        self.writer
            .old()
            .range(prefix.clone()..)
            .take_while(|p| p.starts_with(&prefix))
            .filter(|p| p.ends_with(".pdf"))
            .map(|p| (p.clone(), self.cache.entries.get(p).cloned()))
            .collect()
    }

    fn set(&self, part: &str, p: Part) {
        lock(&self.parts).insert(part.to_string(), p);
    }

    /// Whether the folder held `slug/index.html` (the dossier has a bundle).
    fn has_bundle(&self, slug: &str) -> bool {
        self.writer.old().contains(&format!("{slug}/index.html"))
    }

    /// The new manifest and cache, then `Writer::finish`.
    fn finish(self) -> TargetResult<Stats> {
        let parts = self.parts.into_inner().unwrap_or_else(|e| e.into_inner());
        let old = self.writer.old().clone();
        let mut manifest: BTreeSet<String> = BTreeSet::new();
        let mut cache = Cache::default();
        let mut keep = |path: &String, cache: &mut Cache| {
            manifest.insert(path.clone());
            if let Some(r) = self.cache.entries.get(path) {
                cache.entries.insert(path.clone(), r.clone());
            }
        };
        for path in &old {
            match parts.get(part_of(path)) {
                None | Some(Part::Keep) | Some(Part::Add(_)) => keep(path, &mut cache),
                Some(Part::Replace(_)) => {}
            }
        }
        for part in parts.values() {
            if let Part::Replace(files) | Part::Add(files) = part {
                for (path, record) in files {
                    manifest.insert(path.clone());
                    // No key, or no stamp: made again next time.
                    match record {
                        Some(r) => {
                            cache.entries.insert(path.clone(), r.clone());
                        }
                        None => {
                            cache.entries.remove(path);
                        }
                    }
                }
            }
        }
        let dir = self.writer.dir().to_path_buf();
        let stats = self.writer.finish(&manifest)?;
        // The cache last: a run killed before this keeps the old one, whose
        // entries no longer match the files written since.
        cache.entries.retain(|p, _| manifest.contains(p));
        cache.save(&dir)?;
        Ok(stats)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// How a run uses the disk.
#[derive(Debug, Clone, Copy)]
pub struct DiskOptions {
    /// Write into an existing folder popdoc did not make.
    pub force: bool,
    /// Read the folders' caches (off with `--no-cache`: every output made
    /// again, and a new cache written).
    pub cache: bool,
    /// Keep the PDFs a dossier had (`build --no-pdf` makes none).
    pub keep_pdfs: bool,
    pub wait: Wait,
}

/// The output folders of one run.
pub struct Disk {
    out: Opened,
    client_dir: PathBuf,
    client: OnceLock<Opened>,
    opening: Mutex<()>,
    opts: DiskOptions,
}

impl Disk {
    /// Opens the output folder for a run (after checking that both folders
    /// may be written); the client folder is opened with its first file.
    pub fn open(
        root: &Path,
        out_dir: &Path,
        client_dir: &Path,
        opts: DiskOptions,
    ) -> TargetResult<Disk> {
        write::check_dir(root, out_dir, opts.force)?;
        write::check_dir(root, client_dir, opts.force)?;
        let client_had_manifest = client_dir.join(write::MANIFEST).is_file();
        let out = Opened::open(out_dir, opts.wait, opts.cache)?;
        let disk = Disk {
            out,
            client_dir: client_dir.to_path_buf(),
            client: OnceLock::new(),
            opening: Mutex::new(()),
            opts,
        };
        if client_had_manifest {
            // Its bundles and loose copies are known from the start (the lock
            // order is always the output folder, then the client folder).
            disk.client()?;
        }
        Ok(disk)
    }

    fn client(&self) -> TargetResult<&Opened> {
        if let Some(c) = self.client.get() {
            return Ok(c);
        }
        let _one = lock(&self.opening);
        if self.client.get().is_none() {
            let opened = Opened::open(&self.client_dir, self.opts.wait, self.opts.cache)?;
            let _ = self.client.set(opened);
        }
        Ok(self.client.get().expect("opened above"))
    }

    /// The client folder, if this run opened it.
    fn client_if_open(&self) -> Option<&Opened> {
        self.client.get()
    }

    /// Writes the new manifests and caches and releases the locks.
    pub fn finish(self) -> TargetResult<Stats> {
        let Disk { out, client, .. } = self;
        let mut stats = out.finish()?;
        if let Some(c) = client.into_inner() {
            stats.add(c.finish()?);
        }
        Ok(stats)
    }
}

impl Target for Disk {
    fn fresh(&self, slug: &str) -> Fresh {
        let prefix = format!("{slug}/");
        let mut fresh = Fresh::default();
        for (folder, opened) in [
            (Folder::Out, Some(&self.out)),
            (Folder::Client, self.client_if_open()),
        ] {
            let Some(o) = opened else { continue };
            for (path, record) in o.cache.current_under(o.writer.dir(), &prefix) {
                fresh.files.insert((folder, path), record.key);
            }
        }
        fresh
    }

    fn held(&self, slug: &str) -> Vec<String> {
        let prefix = format!("{slug}/");
        self.out
            .writer
            .old()
            .range(prefix.clone()..)
            .take_while(|p| p.starts_with(&prefix))
            .cloned()
            .collect()
    }

    fn slugs(&self) -> Vec<String> {
        let mut slugs: BTreeSet<String> = BTreeSet::new();
        for o in std::iter::once(&self.out).chain(self.client_if_open()) {
            slugs.extend(
                o.writer
                    .old()
                    .iter()
                    .map(|p| part_of(p))
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        }
        slugs.into_iter().collect()
    }

    fn put_dossier(&self, files: DossierFiles) -> TargetResult<Vec<Unwritten>> {
        let mut unwritten = Vec::new();
        let mut records = self
            .out
            .write(&files.out, &files.keys_out, &mut unwritten)?;
        records.extend(self.out.kept(&files.kept_out, &files.keys_out));
        if self.opts.keep_pdfs {
            records.extend(self.out.old_pdfs(&files.slug));
        }
        let part = |records| {
            if files.keep_rest {
                Part::Add(records)
            } else {
                Part::Replace(records)
            }
        };
        self.out.set(&files.slug, part(records));
        let client_files = !files.client.is_empty() || !files.kept_client.is_empty();
        if files.keep_rest {
            if let Some(c) = self.client_if_open() {
                c.set(&files.slug, Part::Keep);
            }
        } else if client_files || files.bundle || self.client_if_open().is_some() {
            let client = self.client()?;
            let mut records = client.write(&files.client, &files.keys_client, &mut unwritten)?;
            records.extend(client.kept(&files.kept_client, &files.keys_client));
            if self.opts.keep_pdfs {
                records.extend(client.old_pdfs(&files.slug));
            }
            // A plain run leaves a bundle made by `--client` alone.
            let part = if !files.bundle && client.has_bundle(&files.slug) {
                Part::Add(records)
            } else {
                Part::Replace(records)
            };
            client.set(&files.slug, part);
        }
        Ok(unwritten)
    }

    fn remove_dossier(&self, slug: &str) -> TargetResult<()> {
        self.out.set(slug, Part::Replace(BTreeMap::new()));
        if let Some(c) = self.client_if_open() {
            c.set(slug, Part::Replace(BTreeMap::new()));
        }
        Ok(())
    }

    fn put_site(&self, folder: Folder, files: Vec<Artifact>) -> TargetResult<()> {
        let opened = match folder {
            Folder::Out => &self.out,
            Folder::Client if files.is_empty() && self.client_if_open().is_none() => {
                return Ok(());
            }
            Folder::Client => self.client()?,
        };
        let mut unwritten = Vec::new();
        let records = opened.write(&files, &[], &mut unwritten)?;
        if let Some(u) = unwritten.into_iter().next() {
            return Err(u.error);
        }
        opened.set("", Part::Replace(records));
        Ok(())
    }
}
