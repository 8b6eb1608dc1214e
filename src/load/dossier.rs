//! Reading one dossier folder: its `index.md` and `pop-N.md` as text, and the
//! images its POPs name, from one listing of the folder. What cannot be read
//! (a folder named `index.md`, a file that is no UTF-8, a POP under a wrong
//! name) is a located diagnostic; the model is made from what could be.

use std::path::{Path, PathBuf};

use super::image::{self, Image, ImageProblem};
use super::{LoadError, display_name, read_text};
use crate::diag::{Diagnostic, Msg, Scope};
use crate::source::{FileId, Loc, Sources};

/// One dossier folder as read from disk, before it is lowered into the model.
#[derive(Debug)]
pub struct RawDossier {
    pub slug: String,
    pub dir: PathBuf,
    /// `index.md`, read as text; `None` when it is missing or no regular file
    /// (its diagnostic says so), or when it is not valid UTF-8.
    pub index: Option<FileId>,
    /// The POP files read as text, by N (`pop-1.md`, `pop-2.md`).
    pub pops: Vec<(u8, FileId)>,
    /// POPs that exist but could not be read (their problem is already a
    /// diagnostic): no rule reports them as missing.
    pub unreadable_pops: Vec<u8>,
    /// The images the POPs name (`handtekening`), by the name as written.
    pub images: Vec<(String, Result<Image, ImageProblem>)>,
    pub diags: Vec<Diagnostic>,
}

impl RawDossier {
    /// The image named `name`, as read.
    pub fn image(&self, name: &str) -> Option<&Result<Image, ImageProblem>> {
        self.images.iter().find(|(n, _)| n == name).map(|(_, i)| i)
    }
}

/// One entry of a folder listing.
struct Listed {
    name: String,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Link,
    /// A pipe, a socket, a device: never read.
    Other,
}

/// The entries of `dir` (not recursive), sorted by name, with their types
/// from the listing itself (no `stat` per entry).
fn list(dir: &Path) -> Result<Vec<Listed>, LoadError> {
    let io = |source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let t = entry.file_type().map_err(io)?;
        let kind = if t.is_file() {
            Kind::File
        } else if t.is_dir() {
            Kind::Dir
        } else if t.is_symlink() {
            Kind::Link
        } else {
            Kind::Other
        };
        out.push(Listed {
            name: entry.file_name().to_string_lossy().into_owned(),
            kind,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Reads the folder `dir` of the site at `root`.
pub fn read(root: &Path, dir: &Path, sources: &mut Sources) -> Result<RawDossier, LoadError> {
    let slug = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let listing = list(dir)?;
    let mut raw = RawDossier {
        slug,
        dir: dir.to_path_buf(),
        index: None,
        pops: Vec::new(),
        unreadable_pops: Vec::new(),
        images: Vec::new(),
        diags: Vec::new(),
    };
    let kind_of = |name: &str| listing.iter().find(|l| l.name == name).map(|l| l.kind);
    // index.md or pop-N.md that is a folder, a link or a pipe: never read.
    for (name, n) in [("index.md", 0u8), ("pop-1.md", 1), ("pop-2.md", 2)] {
        if matches!(kind_of(name), Some(Kind::Dir | Kind::Link | Kind::Other)) {
            let p = dir.join(name);
            let id = sources.add(display_name(root, &p), &p, String::new());
            raw.diags.push(
                Diagnostic::error("F01", Msg::new("not-a-file").arg("name", name))
                    .at(Loc::new(id, 0..0))
                    .hint(Msg::new("not-a-file-hint"))
                    .scope(if n == 0 {
                        Scope::Dossier
                    } else {
                        Scope::Pop(n)
                    }),
            );
            if n > 0 {
                raw.unreadable_pops.push(n);
            }
        }
    }
    match kind_of("index.md") {
        Some(Kind::File) => {}
        Some(_) => return Ok(raw),
        None => {
            let id = sources.add(format!("{}/", display_name(root, dir)), dir, String::new());
            raw.diags.push(
                Diagnostic::error(
                    "F05",
                    Msg::new("no-index").arg("dir", display_name(root, dir)),
                )
                .at(Loc::new(id, 0..0))
                .hint(Msg::new("no-index-hint")),
            );
            return Ok(raw);
        }
    }
    for l in listing.iter().filter(|l| l.kind == Kind::File) {
        if l.name == "index.md" || !l.name.ends_with(".md") || super::is_skipped_name(&l.name) {
            continue;
        }
        let f = dir.join(&l.name);
        let n = match l.name.as_str() {
            "pop-1.md" => 1,
            "pop-2.md" => 2,
            _ => {
                let id = sources.add(display_name(root, &f), &f, String::new());
                raw.diags.push(
                    Diagnostic::error("F06", Msg::new("bad-pop-name").arg("name", &l.name))
                        .at(Loc::new(id, 0..0))
                        .hint(Msg::new("bad-pop-name-hint")),
                );
                // `POP-1.md`, `pop-01.md`: the POP is there under a wrong
                // name; its F06 says so, it is not also "missing".
                if let Some(n) = misnamed_pop(&l.name) {
                    raw.unreadable_pops.push(n);
                }
                continue;
            }
        };
        let (id, ok) = read_text(sources, root, &f, &mut raw.diags, Scope::Pop(n))?;
        if !ok {
            raw.unreadable_pops.push(n);
            continue;
        }
        raw.pops.push((n, id));
        if let Some(name) = signature_name(&sources.get(id).text)
            && raw.image(&name).is_none()
        {
            let read = image::read(dir, &name);
            raw.images.push((name, read));
        }
    }
    let index = dir.join("index.md");
    let (id, ok) = read_text(sources, root, &index, &mut raw.diags, Scope::Dossier)?;
    raw.index = ok.then_some(id);
    Ok(raw)
}

/// `POP-1.md`, `pop-01.md`: the N of a POP under a wrong name.
fn misnamed_pop(name: &str) -> Option<u8> {
    name.to_lowercase()
        .strip_prefix("pop-")
        .and_then(|r| r.strip_suffix(".md"))
        .and_then(|d| d.parse::<u8>().ok())
        .filter(|n| (1..=2).contains(n))
}

/// The `handtekening` a POP's front matter names, if it parses that far
/// (the model reads the front matter properly and reports its problems).
fn signature_name(text: &str) -> Option<String> {
    let split = super::frontmatter::split(FileId(0), text).ok()?;
    let table = toml::de::DeTable::parse(&text[split.toml]).ok()?;
    match table.get_ref().get("handtekening")?.get_ref() {
        toml::de::DeValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

/// The folders of `content/` that are dossiers, sorted by name (names starting
/// with `_` or `.` are skipped), and the diagnostics for those that are not
/// built: a link (popdoc does not follow it) or a name outside `[a-z0-9-]`.
pub fn folders(
    root: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, LoadError> {
    let content = root.join("content");
    if !content.is_dir() {
        return Ok(Vec::new());
    }
    let mut dirs = Vec::new();
    for l in list(&content)? {
        if super::is_skipped_name(&l.name) || matches!(l.kind, Kind::File | Kind::Other) {
            continue;
        }
        let p = content.join(&l.name);
        if l.kind == Kind::Link {
            let id = sources.add(format!("{}/", display_name(root, &p)), &p, String::new());
            diags.push(
                Diagnostic::error("F14", Msg::new("dossier-link"))
                    .at(Loc::new(id, 0..0))
                    .hint(Msg::new("dossier-link-hint"))
                    .scope(Scope::Site),
            );
            continue;
        }
        if !crate::text::valid_slug(&l.name) {
            let id = sources.add(format!("{}/", display_name(root, &p)), &p, String::new());
            let suggestion = crate::text::slug_within(&l.name, crate::limits::MAX_SLUG);
            diags.push(
                Diagnostic::error("F14", Msg::new("bad-slug").arg("dir", &l.name))
                    .at(Loc::new(id, 0..0))
                    .hint(Msg::new("bad-slug-hint").arg(
                        "suggestion",
                        if suggestion.is_empty() {
                            "klant-naam".into()
                        } else {
                            suggestion
                        },
                    ))
                    .scope(Scope::Site),
            );
            continue;
        }
        dirs.push(p);
    }
    Ok(dirs)
}
