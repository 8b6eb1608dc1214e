//! Every driver of the engine (`check`, `build`, `watch`, `serve`) takes the
//! same flags the same way: `--today`, `--theme` and `--lang` mean the same,
//! and what only rendering finds (F13, F15) reaches `build`, `watch` and
//! `serve` alike. Every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::common::*;

const TIMEOUT: Duration = Duration::from_secs(30);

/// A running popdoc with its output lines (stdout and stderr), killed when
/// dropped.
struct Running {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    fn start(root: &Path, args: &[&str]) -> Running {
        let mut child = crate::common::popdoc_command()
            .arg("--root")
            .arg(root)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start popdoc");
        let (tx, rx) = channel();
        for out in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        Running {
            child,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `what`; returns it.
    fn line(&mut self, what: &str) -> String {
        let start = Instant::now();
        if let Some(l) = self.seen.iter().find(|l| l.contains(what)) {
            return l.clone();
        }
        loop {
            let left = TIMEOUT.saturating_sub(start.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if l.contains(what) {
                        return l;
                    }
                }
                Err(_) => panic!("no line with {what:?}; saw:\n{}", self.seen.join("\n")),
            }
        }
    }

    /// Everything printed so far (after a short wait for stragglers).
    fn all(&mut self) -> String {
        while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(300)) {
            self.seen.push(l);
        }
        self.seen.join("\n")
    }
}

/// The address `serve` printed.
fn address(line: &str) -> String {
    let i = line.find("http://").expect("an address");
    line[i + 7..].split('/').next().unwrap_or("").to_string()
}

/// A GET over HTTP/1.0: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The dashboard's day: `<time datetime="2026-05-25">`.
fn reckoned_from(index: &str) -> Option<String> {
    let at = index.find("<time datetime=\"")? + 16;
    Some(index[at..at + 10].to_string())
}

#[test]
fn every_driver_reckons_the_dashboard_from_today() {
    let tmp = example_site();
    let root = tmp.path();
    let flag = ["--today", "2026-05-25"];
    let o = popdoc(root, &["build", "--no-pdf", flag[0], flag[1]]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let index = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert_eq!(
        reckoned_from(&index).as_deref(),
        Some("2026-05-25"),
        "build"
    );
    assert!(index.contains("25 mei 2026"));
    std::fs::remove_dir_all(root.join("public")).unwrap();

    let mut watch = Running::start(root, &["watch", flag[0], flag[1]]);
    watch.line("popdoc volgt");
    let index = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert_eq!(
        reckoned_from(&index).as_deref(),
        Some("2026-05-25"),
        "watch"
    );
    drop(watch);

    let mut serve = Running::start(root, &["serve", "--port", "0", flag[0], flag[1]]);
    let addr = address(&serve.line("http://"));
    let (status, index) = get(&addr, "/");
    assert_eq!(status, 200);
    assert_eq!(
        reckoned_from(&index).as_deref(),
        Some("2026-05-25"),
        "serve"
    );
    assert!(index.contains("25 mei 2026"));
}

#[test]
fn an_unknown_theme_stops_every_driver_with_the_same_message() {
    let tmp = example_site();
    let root = tmp.path();
    let check = popdoc(root, &["--theme", "nope", "check"]);
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
    let message = stderr(&check);
    assert!(message.contains("--theme nope"), "{message}");
    for args in [vec!["build"], vec!["watch"], vec!["serve", "--port", "0"]] {
        let mut all = vec!["--theme", "nope"];
        all.extend(&args);
        let mut child = crate::common::popdoc_command()
            .arg("--root")
            .arg(root)
            .args(&all)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            assert!(start.elapsed() < TIMEOUT, "{args:?} did not stop");
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err, message, "{args:?}: the same message as check");
        assert!(!root.join("public").exists(), "{args:?} wrote nothing");
    }
}

#[test]
fn watch_and_serve_speak_the_language_asked_for() {
    let tmp = example_site();
    let root = tmp.path();
    let mut watch = Running::start(root, &["--lang", "en", "watch"]);
    watch.line("popdoc watches");
    let status = watch.line("[popdoc] everything:");
    assert!(
        status.contains("error") || status.contains("warning") || status.contains("no problems"),
        "{status}"
    );
    assert!(
        !status.contains("fout") && !status.contains("waarschuwing"),
        "{status}"
    );
    // A rebuild says what it rebuilt, in English too.
    let settings = std::fs::read_to_string(root.join("popdoc.toml")).unwrap();
    std::fs::write(root.join("popdoc.toml"), format!("{settings}\n")).unwrap();
    watch.line("[popdoc] everything (settings or rules)");
    drop(watch);
    let mut serve = Running::start(root, &["--lang", "en", "serve", "--port", "0"]);
    serve.line("popdoc serves");
    serve.line("[popdoc] everything:");
}

/// `klant` cannot be made (F13, its site template fails); `tweede` has an
/// emoji no font shows (F15) and is made.
fn rendering_findings_site() -> tempfile::TempDir {
    let tmp = copy_site(&fixtures().join("invalid/F13-document-niet-gemaakt"));
    let pop = tmp.path().join("content/tweede/pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    let at = text.find("## Loopbaanvraag").unwrap();
    std::fs::write(
        &pop,
        format!(
            "{}## Loopbaanvraag\n\nIk groet 한 weer.\n{}",
            &text[..at],
            &text[at + 16..]
        ),
    )
    .unwrap();
    tmp
}

/// "1 fout, 1 waarschuwing" (and any to-dos) out of a status line.
fn counts(line: &str) -> String {
    line.split(" · ")
        .find(|p| p.contains(" fout"))
        .unwrap_or_else(|| panic!("no counts in {line:?}"))
        .to_string()
}

#[test]
fn every_run_of_the_same_site_counts_the_same() {
    let tmp = rendering_findings_site();
    let root = tmp.path();
    let status = |o: &std::process::Output| stderr(o).lines().last().unwrap().to_string();
    let first = popdoc(root, &["build"]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let expected = counts(&status(&first));
    assert_eq!(expected, "1 fout, 1 waarschuwing", "{}", stderr(&first));
    // Again, with the good documents kept: the same findings, and the
    // failing one alone does not make its template "broken" (exit 2).
    let second = popdoc(root, &["build"]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert_eq!(counts(&status(&second)), expected);
    assert!(stderr(&second).contains("F15"), "{}", stderr(&second));
    // watch starts from what build left, and a rebuild of one dossier counts
    // the others' findings too.
    let mut watch = Running::start(root, &["watch"]);
    let line = watch.line("[popdoc] alles");
    assert_eq!(counts(&line), expected, "{line}");
    watch.line("popdoc volgt");
    let pop = root.join("content/tweede/pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(&pop, format!("{text}\nNog een zin.\n")).unwrap();
    let line = watch.line("[popdoc] tweede");
    assert_eq!(counts(&line), expected, "{line}");
    drop(watch);
}

#[test]
fn what_rendering_finds_reaches_build_watch_and_serve() {
    let tmp = rendering_findings_site();
    let root = tmp.path();

    let o = popdoc(root, &["build"]);
    let err = stderr(&o);
    assert!(
        err.contains("F13") && err.contains("content/klant/pop-1.md"),
        "build: {err}"
    );
    assert!(
        err.contains("F15") && err.contains("content/tweede/pop-1.md"),
        "build: {err}"
    );
    let page = std::fs::read_to_string(root.join("public/tweede/index.html")).unwrap();
    assert!(page.contains("F15"), "build: the dossier's page shows F15");
    std::fs::remove_dir_all(root.join("public")).unwrap();

    let mut watch = Running::start(root, &["watch"]);
    watch.line("popdoc volgt");
    let out = watch.all();
    assert!(
        out.contains("F13") && out.contains("content/klant/pop-1.md"),
        "watch: {out}"
    );
    assert!(
        out.contains("F15") && out.contains("content/tweede/pop-1.md"),
        "watch: {out}"
    );
    let page = std::fs::read_to_string(root.join("public/tweede/index.html")).unwrap();
    assert!(page.contains("F15"), "watch: the dossier's page shows F15");
    drop(watch);

    let mut serve = Running::start(root, &["serve", "--port", "0"]);
    let addr = address(&serve.line("http://"));
    // F15 is found before the PDF is made: on the page at once.
    let (_, page) = get(&addr, "/tweede/index.html");
    assert!(page.contains("F15"), "serve: the dossier's page shows F15");
    let out = serve.all();
    assert!(
        out.contains("F15") && out.contains("content/tweede/pop-1.md"),
        "serve: {out}"
    );
    // F13 when the PDF is asked for, over the dossier's pages from then on.
    let (status, body) = get(&addr, "/klant/pop-1.pdf");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("kon niet gemaakt worden"), "{body}");
    let (_, page) = get(&addr, "/klant/index.html");
    assert!(
        page.contains("popdoc-overlay") && page.contains("F13"),
        "{page}"
    );
}

/// Pages are Dutch by design: `--lang en` changes the messages of a run,
/// never what a page says (its to-dos, its checks, its state badges).
#[test]
fn pages_are_dutch_whatever_the_language_of_the_run() {
    let nl = example_site();
    let en = example_site();
    for (site, lang) in [(&nl, "nl"), (&en, "en")] {
        let o = popdoc(
            site.path(),
            &["--lang", lang, "--today", "2025-06-20", "build", "--no-pdf"],
        );
        assert!(
            o.status.success() || o.status.code() == Some(1),
            "{}",
            stderr(&o)
        );
    }
    let pages = |root: &Path| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = walkdir::WalkDir::new(root.join("public"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().display().to_string();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let (a, b) = (pages(nl.path()), pages(en.path()));
    assert!(a.len() > 3, "the example site has pages");
    assert_eq!(a.len(), b.len());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(x, y, "{name} differs between --lang nl and --lang en");
    }
    for (name, page) in &b {
        for word in ["first contact", "to do", "minutes", "is not signed"] {
            assert!(!page.contains(word), "{name} says {word:?} with --lang en");
        }
    }
}
