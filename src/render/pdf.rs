//! PDF through the Typst compiler, embedded: one warm `Compiler` per worker
//! (fonts parsed once and shared), a small in-memory `World` per document. Dossier data reaches
//! Typst only as a JSON file the World serves (`<stem>.data.json`), built from
//! the document's view struct; the POP's Markdown travels as a JSON tree
//! rendered by the theme's `md.typ`. No user text is ever pasted into Typst
//! source. The World serves only the theme's Typst files, that data file, the
//! generated main file and the dossier's signature image (the bytes `load`
//! read): nothing of the disk, no packages, no network.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::config::PdfStandard as Standard;
use crate::load::theme::Theme;

#[cfg(test)]
use crate::render::Doc;
pub use crate::render::job::{Asset, Job, job};

/// A failure to make a PDF: a template problem (with its place) or IO.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{file}:{line}:{column}: Typst: {message}\n{snippet}{hints}")]
    Template {
        file: String,
        line: usize,
        column: usize,
        message: String,
        /// The template line with a caret under the problem.
        snippet: String,
        hints: String,
    },
    #[error("Typst: {0}")]
    Other(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl PdfError {
    /// Where Typst points (`file:line:col`) and whether that is a file of the
    /// site itself (its `templates/` or `themes/`), not popdoc's own theme or
    /// the document's data.
    pub fn place(&self) -> (String, bool) {
        match self {
            PdfError::Template {
                file, line, column, ..
            } => (format!("{file}:{line}:{column}"), !file.starts_with('<')),
            PdfError::Other(_) => ("—".into(), false),
            PdfError::Io { path, .. } => (path.display().to_string(), false),
        }
    }

    /// The compiler's message without place or snippet.
    pub fn message(&self) -> String {
        match self {
            PdfError::Template { message, hints, .. } => format!("{message}{hints}"),
            PdfError::Other(m) => m.clone(),
            PdfError::Io { source, .. } => source.to_string(),
        }
    }
}

/// The characters of a Typst error "the text "⁁" could not be displayed with
/// font …".
fn undisplayable(e: &PdfError) -> Vec<char> {
    let text = e.to_string();
    let Some(rest) = text.split("the text ").nth(1) else {
        return Vec::new();
    };
    let Some(quoted) = rest.split(" could not be displayed").next() else {
        return Vec::new();
    };
    let inner = quoted.trim_matches(['`', '"']);
    inner.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The output of one job.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// The main Typst source, as written by `--emit-typst`.
    pub source: String,
    /// The data file as Typst read it (compact JSON; `--emit-typst` writes it
    /// pretty-printed, see [`Rendered::readable_data`]).
    pub data: Vec<u8>,
    /// The images (path in the output folder, bytes), so that the emitted
    /// files compile with stock Typst too.
    pub assets: Vec<(String, Arc<[u8]>)>,
}

impl Rendered {
    /// The data file for `--emit-typst`, pretty-printed (its depth is bounded
    /// by `limits`).
    pub fn readable_data(&self) -> Vec<u8> {
        serde_json::from_slice::<serde_json::Value>(&self.data)
            .and_then(|v| serde_json::to_vec_pretty(&v))
            .unwrap_or_else(|_| self.data.clone())
    }
}

/// CPU time spent inside Typst (compile, PDF export, its memo cache), summed
/// over every thread, and the documents compiled: `build --timings`.
pub static TYPST: crate::cpu::Counter = crate::cpu::Counter::new();

/// The warm compiler: fonts, library and theme files, shared by all documents.
pub struct Compiler {
    fonts: Arc<FontStore>,
    /// Whether some embedded font has a glyph for a character (cached).
    coverage: HashMap<char, bool>,
    library: LazyHash<Library>,
    /// Theme files by name, with where they came from (for error messages).
    theme: HashMap<String, (String, String)>,
    /// The same files as Typst reads them, parsed once for every document:
    /// (origin, bytes, parsed source) by file id.
    prepared: Arc<HashMap<FileId, (String, Bytes, Source)>>,
    standard: Standard,
    /// The one thread Typst runs on, with Typst's own parallel work (page
    /// runs, krilla's compression): documents are made in parallel by the
    /// engines, one per worker, so Typst's work stays on its engine's thread
    /// (no oversubscribed cores, and its CPU time is counted whole). Started
    /// with the first document.
    pool: Option<Arc<rayon::ThreadPool>>,
}

/// Stack of an engine's thread: Typst's layout recurses deeply.
const TYPST_STACK: usize = 16 * 1024 * 1024;

fn typst_thread() -> Result<Arc<rayon::ThreadPool>, PdfError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(TYPST_STACK)
        .thread_name(|_| "popdoc-typst".into())
        // A panic of a task spawned on this pool must not abort the process
        // (rayon's default); the document that caused it is F13.
        .panic_handler(|_| {})
        .build()
        .map(Arc::new)
        .map_err(|e| PdfError::Other(format!("cannot start a thread for Typst: {e}")))
}

impl std::fmt::Debug for Compiler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiler")
            .field("theme", &self.theme.keys().collect::<Vec<_>>())
            .field("standard", &self.standard)
            .finish_non_exhaustive()
    }
}

impl Compiler {
    /// The compiler of `theme`'s Typst files (the site's own files over the
    /// built-in ones, as `load::theme` read them).
    pub fn new(theme_files: &Theme, standard: Standard) -> Result<Compiler, PdfError> {
        let mut fonts = FontStore::new();
        fonts.extend(typst_kit::fonts::embedded());
        fonts.extend(crate::render::fonts::bundled());
        let theme: HashMap<String, (String, String)> = theme_files
            .of_kind("typst")
            .map(|(name, f)| (name.to_string(), (f.origin.clone(), f.text.to_string())))
            .collect();
        let prepared = Arc::new(prepare(&theme)?);
        Ok(Compiler {
            prepared,
            pool: None,
            fonts: Arc::new(fonts),
            coverage: HashMap::new(),
            library: LazyHash::new(Library::default()),
            theme,
            standard,
        })
    }

    /// A hash of the Typst files a document template uses (with what it
    /// imports) and the PDF standard, for the cache: a changed `pop.typ`
    /// invalidates the POPs, not the attests.
    pub fn fingerprint(&self, template: &str) -> String {
        let used: &[&str] = match template {
            "pop.typ" => &["common.typ", "md.typ", "pop.typ"],
            "checklist.typ" => &["common.typ", "checklist.typ"],
            "attest.typ" => &["common.typ", "attest.typ"],
            _ => &[
                "common.typ",
                "md.typ",
                "pop.typ",
                "checklist.typ",
                "attest.typ",
                "dossier.typ",
            ],
        };
        let mut parts: Vec<&[u8]> = Vec::new();
        for name in used {
            if let Some((_, text)) = self.theme.get(*name) {
                parts.push(name.as_bytes());
                parts.push(text.as_bytes());
            }
        }
        let standard = format!("{:?}", self.standard);
        parts.push(standard.as_bytes());
        crate::cache::key(&parts)
    }

    /// Another compiler for a worker thread: the same parsed fonts and library
    /// (shared), the same theme, an empty glyph cache.
    pub fn fork(&self) -> Compiler {
        Compiler {
            prepared: self.prepared.clone(),
            pool: None,
            fonts: self.fonts.clone(),
            coverage: HashMap::new(),
            library: self.library.clone(),
            theme: self.theme.clone(),
            standard: self.standard,
        }
    }

    /// Replaces, in every string of `data`, the characters that no embedded
    /// font can show (an emoji, a control character) by `?`: PDF/A forbids a
    /// missing glyph, so one emoji would otherwise cost the whole document.
    /// Returns the characters replaced, in order of first appearance.
    pub fn replace_unprintable(&mut self, data: &mut serde_json::Value) -> Vec<char> {
        let mut found = Vec::new();
        self.walk(data, &mut found);
        found
    }

    fn walk(&mut self, v: &mut serde_json::Value, found: &mut Vec<char>) {
        match v {
            serde_json::Value::String(s) => {
                use unicode_normalization::UnicodeNormalization;
                use unicode_normalization::char::is_combining_mark;
                // Decomposed accents (as some systems paste them) composed
                // first: "e" + U+0301 is "é", which every font has.
                if s.chars().any(is_combining_mark) {
                    *s = s.nfc().collect();
                }
                let mut prev = ' ';
                let ok = |this: &mut Self, c: char, prev: char| {
                    if is_combining_mark(c) {
                        this.printable_on(prev, c)
                    } else {
                        this.printable(c)
                    }
                };
                if s.chars().all(|c| {
                    let r = ok(self, c, prev);
                    prev = c;
                    r
                }) {
                    return;
                }
                let mut out = String::with_capacity(s.len());
                let mut prev = ' ';
                for c in s.chars() {
                    if ok(self, c, prev) {
                        out.push(c);
                    } else {
                        if !found.contains(&c) {
                            found.push(c);
                        }
                        out.push('?');
                    }
                    prev = c;
                }
                *s = out;
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| self.walk(x, found)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|x| self.walk(x, found)),
            _ => {}
        }
    }

    /// Whether every character of `s` can be printed (a quick test before
    /// preparing a document's data only to find that out).
    pub fn all_printable(&mut self, s: &str) -> bool {
        use unicode_normalization::char::is_combining_mark;
        s.chars()
            .all(|c| c == '\r' || (!is_combining_mark(c) && self.printable(c)))
    }

    /// A combining mark is shaped with the letter before it, in the font
    /// that letter is set in: printable only when every font that has the
    /// letter has the mark too (which font a theme uses is its own choice).
    /// A mark with no letter before it is not.
    fn printable_on(&mut self, base: char, mark: char) -> bool {
        if base == ' ' || base.is_control() {
            return false;
        }
        let book = self.fonts.book();
        let mut with_base = (0..)
            .map_while(|i| book.info(i))
            .filter(|info| info.coverage.contains(u32::from(base)))
            .peekable();
        with_base.peek().is_some() && with_base.all(|info| info.coverage.contains(u32::from(mark)))
    }

    fn printable(&mut self, c: char) -> bool {
        if c == '\n' || c == '\t' || c == ' ' {
            return true;
        }
        if c.is_control() {
            return false;
        }
        if c.is_ascii() {
            return true;
        }
        let fonts = &self.fonts;
        *self.coverage.entry(c).or_insert_with(|| {
            let book = fonts.book();
            (0..)
                .map_while(|i| book.info(i))
                .any(|info| info.coverage.contains(u32::from(c)))
        })
    }

    /// Where a theme file comes from: `templates/pop.typ` for a site's own
    /// file, `<ingebouwd>/typst/pop.typ` for popdoc's.
    pub fn origin(&self, name: &str) -> String {
        self.theme
            .get(name)
            .map_or_else(|| format!("<ingebouwd>/typst/{name}"), |(o, _)| o.clone())
    }

    /// The theme files as they are served (for `--emit-typst`).
    pub fn theme_files(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .theme
            .iter()
            .map(|(n, (_, t))| (n.clone(), t.clone()))
            .collect();
        v.sort();
        v
    }

    /// Compiles one document to PDF (on the engine's Typst thread).
    /// As `render`, and where a font claims a character it cannot show (its
    /// glyph is missing after all), that character is learned as
    /// unprintable, replaced, and the document made again: the characters so
    /// replaced are returned (F15).
    pub fn render_learning(&mut self, job: &Job) -> Result<(Rendered, Vec<char>), PdfError> {
        let mut learned = Vec::new();
        let mut job = std::borrow::Cow::Borrowed(job);
        loop {
            let e = match self.render(&job) {
                Ok(r) => return Ok((r, learned)),
                Err(e) => e,
            };
            // Only characters a font claimed: never a plain letter.
            let new: Vec<char> = undisplayable(&e)
                .into_iter()
                .filter(|c| !c.is_ascii() && self.coverage.get(c) != Some(&false))
                .collect();
            if new.is_empty() || learned.len() > 64 {
                return Err(e);
            }
            for c in new {
                self.coverage.insert(c, false);
            }
            let mut j = job.into_owned();
            for c in self.replace_unprintable(&mut j.data) {
                if !learned.contains(&c) {
                    learned.push(c);
                }
            }
            job = std::borrow::Cow::Owned(j);
        }
    }

    /// As `render_learning`, and a panic inside Typst (a bug it has for some
    /// input) is F13 for this document: the compiler is made anew (its caches
    /// may be half-written) and the next document renders as before.
    pub fn render_guarded(&mut self, job: &Job) -> Result<(Rendered, Vec<char>), PdfError> {
        let made =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.render_learning(job)));
        match made {
            Ok(r) => r,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "?".into());
                *self = self.fork();
                typst::comemo::evict(0);
                Err(PdfError::Other(format!(
                    "Typst stopte onverwacht bij dit document ({what}); de andere documenten worden gemaakt"
                )))
            }
        }
    }

    pub fn render(&mut self, job: &Job) -> Result<Rendered, PdfError> {
        // A test's way to make Typst panic on one dossier (debug builds only).
        #[cfg(debug_assertions)]
        if std::env::var("POPDOC_TEST_PANIC").is_ok_and(|s| s == job.slug) {
            panic!("POPDOC_TEST_PANIC");
        }
        let pool = match &self.pool {
            Some(p) => p.clone(),
            None => self.pool.insert(typst_thread()?).clone(),
        };
        pool.install(|| self.render_here(job))
    }

    fn render_here(&mut self, job: &Job) -> Result<Rendered, PdfError> {
        // Compact: pretty-printing indents every level, so its size grows with
        // depth times content. `--emit-typst` writes a readable copy.
        let data = serde_json::to_vec(&job.data).map_err(|e| PdfError::Other(e.to_string()))?;
        let source = main_source(job);
        // In memory every document is `/_doc/main.typ` reading
        // `/_doc/data.json`: Typst numbers each path it sees for the life of
        // the process (at most 65,535), so paths must not grow with the site.
        let mut files: HashMap<FileId, (String, Bytes)> = HashMap::new();
        let main = id("/_doc/main.typ")?;
        files.insert(
            main,
            (
                "<main>".into(),
                Bytes::from_string(main_text(job, "data.json")),
            ),
        );
        let mut typst_data = None;
        let mut assets = Vec::new();
        if !job.assets.is_empty() {
            // Each image at a fixed path per kind (Typst numbers every path
            // it is shown, for the life of the process).
            let mut moved = job.data.clone();
            for a in &job.assets {
                let here = format!("/_doc/{}.{}", a.key.join("-"), a.ext);
                files.insert(id(&here)?, (a.vpath.clone(), Bytes::new(a.bytes.clone())));
                a.set(&mut moved, &here);
                assets.push((a.vpath.trim_start_matches('/').to_string(), a.bytes.clone()));
            }
            typst_data = serde_json::to_vec(&moved).ok();
        }
        files.insert(
            id("/_doc/data.json")?,
            (
                "<data>".into(),
                Bytes::new(typst_data.unwrap_or_else(|| data.clone())),
            ),
        );
        let today = Datetime::from_ymd(job.today.year, job.today.month, job.today.day)
            .ok_or_else(|| PdfError::Other(format!("invalid date {}", job.today)))?;
        let world = DocWorld {
            engine: self,
            main,
            files,
            sources: Mutex::new(HashMap::new()),
            today,
        };
        let result = TYPST.time(|| typst::compile::<typst_layout::PagedDocument>(&world));
        let doc = result.output.map_err(|errs| world.error(&errs))?;
        let standards = match self.standard {
            Standard::A2aUa1 => PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1]),
            Standard::A2b => PdfStandards::new(&[PdfStandard::A_2b]),
        }
        .map_err(|e| PdfError::Other(format!("{e:?}")))?;
        let timestamp =
            Datetime::from_ymd_hms(job.today.year, job.today.month, job.today.day, 0, 0, 0)
                .map(Timestamp::new_utc);
        let options = PdfOptions {
            ident: Smart::Custom(format!("popdoc/{}/{}", job.slug, job.stem)),
            timestamp,
            standards,
            ..PdfOptions::default()
        };
        let pdf = TYPST
            .time_more(|| typst_pdf::pdf(&doc, &options))
            .map_err(|errs| world.error(&errs))?;
        // Freeing the document's parsed files and layout is Typst's work too.
        TYPST.time_more(|| {
            drop(doc);
            drop(world);
        });
        // Without this, memoised results pile up (~1.7 MB per document).
        TYPST.time_more(|| typst::comemo::evict(10));
        Ok(Rendered {
            pdf,
            source,
            data,
            assets,
        })
    }
}

/// The generated main file: imports the theme template and passes it the data
/// file. Only fixed names go in here, never dossier text.
fn main_source(job: &Job) -> String {
    main_text(job, &format!("{}.data.json", job.stem))
}

/// The main file reading `data` (lines as in the emitted file, so that an
/// error in it has the same place in both).
fn main_text(job: &Job, data: &str) -> String {
    format!(
        "// popdoc: {stem} of {slug}. Compile with stock Typst from the output folder:\n\
         //   typst compile --root . {slug}/{stem}.typ\n\
         #import \"../_typst/{template}\": document\n\
         #document(json(\"{data}\"))\n",
        stem = job.stem,
        slug = job.slug,
        template = job.template,
    )
}

/// The theme's files by id, parsed.
fn prepare(
    theme: &HashMap<String, (String, String)>,
) -> Result<HashMap<FileId, (String, Bytes, Source)>, PdfError> {
    let mut out = HashMap::new();
    for (name, (origin, text)) in theme {
        let fid = id(&format!("/_typst/{name}"))?;
        out.insert(
            fid,
            (
                origin.clone(),
                Bytes::from_string(text.clone()),
                Source::new(fid, text.clone()),
            ),
        );
    }
    Ok(out)
}

fn id(path: &str) -> Result<FileId, PdfError> {
    let vpath = VirtualPath::new(path).map_err(|e| PdfError::Other(format!("{path}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

struct DocWorld<'a> {
    engine: &'a Compiler,
    main: FileId,
    files: HashMap<FileId, (String, Bytes)>,
    sources: Mutex<HashMap<FileId, Source>>,
    today: Datetime,
}

impl DocWorld<'_> {
    /// The first error as a located `PdfError` (file and line of the template).
    fn error(&self, errs: &[SourceDiagnostic]) -> PdfError {
        let Some(e) = errs
            .iter()
            .find(|e| e.severity == TypstSeverity::Error)
            .or(errs.first())
        else {
            return PdfError::Other("unknown error".into());
        };
        let hints: String = e
            .hints
            .iter()
            .map(|h| format!("\n  hint: {}", h.v))
            .collect();
        let place = e.span.id().and_then(|fid| {
            let origin = match self.files.get(&fid) {
                Some((origin, _)) => origin,
                None => &self.engine.prepared.get(&fid)?.0,
            };
            let range = self.range(e.span)?;
            let src = self.source(fid).ok()?;
            let (line, col) = src.lines().byte_to_line_column(range.start)?;
            let text = src.text().lines().nth(line).unwrap_or("");
            let width = src.text()[range.clone()]
                .lines()
                .next()
                .map_or(1, |l| l.chars().count().max(1));
            let gutter = format!("{}", line + 1).len();
            let snippet = format!(
                "{:gutter$} |\n{} | {text}\n{:gutter$} | {}{}",
                "",
                line + 1,
                "",
                " ".repeat(col),
                "^".repeat(width),
            );
            Some((origin.clone(), line + 1, col + 1, snippet))
        });
        let message = e.message.to_string();
        match place {
            Some((file, line, column, snippet)) => PdfError::Template {
                file,
                line,
                column,
                message,
                snippet,
                hints,
            },
            None => PdfError::Other(format!("{message}{hints}")),
        }
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some((_, _, parsed)) = self.engine.prepared.get(&id) {
            return Ok(parsed.clone());
        }
        let mut cache = self.sources.lock().map_err(|_| FileError::Other(None))?;
        if let Some(s) = cache.get(&id) {
            return Ok(s.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        let s = Source::new(id, text.to_string());
        cache.insert(id, s.clone());
        Ok(s)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        match self.files.get(&id) {
            Some((_, b)) => Ok(b.clone()),
            None => match self.engine.prepared.get(&id) {
                Some((_, b, _)) => Ok(b.clone()),
                None => Err(FileError::NotFound(id.vpath().get_without_slash().into())),
            },
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Typst numbers every path it is shown, for the life of the process, in
    /// 16 bits: a path per dossier would end a site of ~30,000 documents
    /// (or a long `serve` session) in a panic.
    #[test]
    fn documents_of_other_dossiers_add_no_typst_paths() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/complete");
        let site = crate::build::Engine::new(&crate::build::Flags::at(&root))
            .unwrap()
            .checked()
            .unwrap();
        let e = &site.entries[0];
        let d = e.dossier.as_ref().unwrap();
        let base = job(&site, d, &Doc::Pop(1), false);
        let signature: Arc<[u8]> = std::fs::read(root.join("../../handtekening.png"))
            .unwrap()
            .into();
        let theme = crate::load::theme::Theme::builtin("default");
        let mut engine = Compiler::new(&theme, site.config.pdf_standard).unwrap();
        let as_dossier = |i: usize, signed: bool| {
            let mut j = base.clone();
            j.slug = format!("klant-{i}");
            if signed {
                let vpath = format!("/klant-{i}/handtekening.png");
                j.data["handtekening"] = serde_json::Value::String(vpath.clone());
                j.data["ondertekend"] = serde_json::Value::Bool(true);
                j.assets = vec![Asset {
                    key: vec!["handtekening".into()],
                    vpath,
                    bytes: signature.clone(),
                    ext: "png",
                }];
            }
            j
        };
        engine.render(&as_dossier(0, false)).unwrap();
        engine.render(&as_dossier(1, true)).unwrap();
        let probe = |name: &str| id(name).unwrap().into_raw().get();
        let before = probe("/probe-before");
        for i in 2..12 {
            let pdf = engine.render(&as_dossier(i, i % 2 == 0)).unwrap();
            assert!(pdf.pdf.starts_with(b"%PDF"));
            if i % 2 == 0 {
                let rendered = &pdf.assets[0].0;
                assert_eq!(rendered, &format!("klant-{i}/handtekening.png"));
            }
        }
        assert_eq!(probe("/probe-after"), before + 1, "no new Typst paths");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Any POP body that `check` reads, `build` prints: the body's tree
        /// (unprintable characters replaced, as in a build) always compiles.
        #[test]
        fn prop_every_pop_body_compiles(body in crate::markdown::tests::markdown()) {
            use std::sync::OnceLock;
            static BASE: OnceLock<(Job, Standard)> = OnceLock::new();
            let (base, standard) = BASE.get_or_init(|| {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/valid/complete");
                let site = crate::build::Engine::new(&crate::build::Flags::at(&root))
                    .unwrap()
                    .checked()
                    .unwrap();
                let d = site.entries[0].dossier.as_ref().unwrap();
                (job(&site, d, &Doc::Pop(1), false), site.config.pdf_standard)
            });
            let theme = crate::load::theme::Theme::builtin("default");
            let mut compiler = Compiler::new(&theme, *standard).unwrap();
            let mut j = base.clone();
            j.data["body"] = crate::markdown::to_ast(&body);
            compiler.replace_unprintable(&mut j.data);
            let made = compiler.render_learning(&j);
            proptest::prop_assert!(made.is_ok(), "{:?}: {}", body, made.err().map(|e| e.to_string()).unwrap_or_default());
        }
    }
}
