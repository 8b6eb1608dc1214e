//! `popdoc serve` and `popdoc watch` as a coach uses them: edit, break, fix and
//! save through rename-and-replace, with every wait bounded by a timeout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const TIMEOUT: Duration = Duration::from_secs(20);

/// A running popdoc process, killed when dropped.
struct Running {
    child: Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `popdoc serve --port 0` and returns it with its address.
fn start_serve(root: &Path) -> (Running, String) {
    start_serve_with(root, &[])
}

fn start_serve_with(root: &Path, extra: &[&str]) -> (Running, String) {
    let mut child = crate::common::popdoc_command()
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start popdoc serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(i) = line.find("http://") {
                let addr = line[i + 7..].split('/').next().unwrap_or("").to_string();
                let _ = tx.send(addr);
            }
        }
    });
    let addr = rx.recv_timeout(TIMEOUT).expect("serve prints its address");
    (Running { child }, addr)
}

/// A raw HTTP/1.0 GET: (status, body). The path is sent as is (no normalising).
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

/// Polls `path` until `pred` holds on its body.
fn wait_for(addr: &str, path: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(addr, path);
        if status == 200 && pred(&body) {
            return body;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "timed out waiting for {what} on {path}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_edit_break_fix_and_refuse() {
    let tmp = example_site();
    let (_p, addr) = start_serve(tmp.path());
    let page = "/an-peeters/index.html";
    let body = wait_for(&addr, page, "first page", |b| {
        b.contains("Traject van An Peeters")
    });
    assert!(
        body.contains("<script src=\"/__popdoc/reload.js\"></script>"),
        "reload script linked from served pages"
    );
    assert!(
        !tmp.path().join("public").exists(),
        "serve writes nothing to disk"
    );

    // An edit shows up.
    let index = tmp.path().join("content/an-peeters/index.md");
    let good = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        good.replace("voornaam = \"An\"", "voornaam = \"Anna\""),
    )
    .unwrap();
    wait_for(&addr, page, "the edit", |b| {
        b.contains("Traject van Anna Peeters")
    });

    // Broken front matter: overlay with the located error over the last good page.
    std::fs::write(&index, good.replacen("+++\nAn komt", "An komt", 1)).unwrap();
    let body = wait_for(&addr, page, "the overlay", |b| b.contains("popdoc-overlay"));
    assert!(body.contains("content/an-peeters/index.md:1:1"), "{body}");
    // The last good documents stay, listed on a page that says so.
    assert!(body.contains("Verouderd"), "{body}");
    assert!(body.contains("href=\"pop-1.html\""), "{body}");
    let (status, pop) = get(&addr, "/an-peeters/pop-1.html");
    assert_eq!(status, 200);
    assert!(pop.contains("Anna Peeters"), "last good output stays");
    let (status, other) = get(&addr, "/joelle-dupre/index.html");
    assert_eq!(status, 200);
    assert!(
        !other.contains("popdoc-overlay"),
        "other dossiers are untouched"
    );

    // Fix through rename-and-replace (as vim and many editors save).
    let tmpfile = index.with_file_name(".index.md.popdoc-test");
    std::fs::write(
        &tmpfile,
        good.replace("voornaam = \"An\"", "voornaam = \"Annemie\""),
    )
    .unwrap();
    std::fs::rename(&tmpfile, &index).unwrap();
    let body = wait_for(&addr, page, "the fix", |b| {
        b.contains("Traject van Annemie Peeters")
    });
    assert!(
        !body.contains("popdoc-overlay"),
        "fixing clears the overlay"
    );

    // A new dossier folder appears, and disappears again.
    let new = tmp.path().join("content/nieuw");
    copy_dir(&tmp.path().join("content/sofie-van-damme"), &new);
    wait_for(&addr, "/nieuw/index.html", "a new dossier", |b| {
        b.contains("Sofie")
    });
    std::fs::remove_dir_all(&new).unwrap();
    let start = Instant::now();
    while get(&addr, "/nieuw/index.html").0 != 404 {
        assert!(start.elapsed() < TIMEOUT, "removed dossier still served");
        std::thread::sleep(Duration::from_millis(50));
    }

    // Paths out of the site are refused.
    for bad in [
        "/../popdoc.toml",
        "/%2e%2e/popdoc.toml",
        "/an-peeters/%2E%2E/%2E%2E/popdoc.toml",
        "//etc/passwd",
    ] {
        assert_eq!(get(&addr, bad).0, 403, "{bad}");
    }
    assert_eq!(get(&addr, "/bestaat-niet.html").0, 404);
}

#[test]
fn serve_sends_reload_events() {
    let tmp = example_site();
    let (_p, addr) = start_serve(tmp.path());
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(s, "GET /__popdoc/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    // Wait for the stream's opening comment, then edit.
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.starts_with(": popdoc") {
            break;
        }
    }
    let pop = tmp.path().join("content/an-peeters/pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(
        &pop,
        text.replace("mis het contact", "mis echt het contact"),
    )
    .unwrap();
    loop {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "stream closed");
        if line.starts_with("event: reload") {
            break;
        }
    }
}

#[test]
fn watch_rewrites_pdfs_and_keeps_last_good_output() {
    let tmp = example_site();
    let _p = Running {
        child: crate::common::popdoc_command()
            .arg("--root")
            .arg(tmp.path())
            .arg("watch")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    };
    let pdf = tmp.path().join("public/an-peeters/pop-1.pdf");
    let start = Instant::now();
    while !pdf.is_file() {
        assert!(start.elapsed() < TIMEOUT, "watch writes the first build");
        std::thread::sleep(Duration::from_millis(50));
    }
    let before = std::fs::read(&pdf).unwrap();
    let pop = tmp.path().join("content/an-peeters/pop-1.md");
    let good = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(
        &pop,
        good.replace(
            "mis het contact met mensen",
            "mis het contact met collega’s",
        ),
    )
    .unwrap();
    let start = Instant::now();
    loop {
        let now = std::fs::read(&pdf).unwrap_or_default();
        if now != before && !now.is_empty() {
            break;
        }
        assert!(start.elapsed() < TIMEOUT, "PDF not rewritten");
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("collega’s"));
    // A POP that breaks a rule is rewritten as a draft; a broken file keeps the last PDF.
    std::fs::write(&pop, good.replace("## Loopbaanvraag", "## Iets anders")).unwrap();
    let start = Instant::now();
    loop {
        let out = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        if String::from_utf8_lossy(&out.stdout).contains("ONTWERP") {
            break;
        }
        assert!(start.elapsed() < TIMEOUT, "draft not written");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::write(&pop, good.replacen("+++", "", 1)).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(pdf.is_file(), "a broken edit deletes nothing");
    assert!(tmp.path().join("public/an-peeters/pop-1.html").is_file());
}

/// Every file under `dir` (bookkeeping excluded) with its bytes and mtime.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    crate::html::walk(dir)
        .into_iter()
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".popdoc")
        })
        .map(|p| {
            let meta = std::fs::metadata(&p).unwrap();
            (
                p.strip_prefix(dir).unwrap().display().to_string(),
                (std::fs::read(&p).unwrap(), meta.modified().unwrap()),
            )
        })
        .collect()
}

#[test]
fn watch_starts_from_what_build_left_and_keeps_it_through_a_broken_edit() {
    let tmp = example_site();
    // Watch makes a draft of a document that build holds back (the running
    // example's POP); this test is about what build made, so without it.
    std::fs::remove_dir_all(tmp.path().join("content/sofie-claes")).unwrap();
    let o = popdoc(tmp.path(), &["build"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let public = tmp.path().join("public");
    let before = snapshot(&public);
    let pdfs = before.keys().filter(|k| k.ends_with(".pdf")).count();
    assert!(pdfs >= 4, "{:?}", before.keys());
    let klant = tmp.path().join("klant");
    let client_before = snapshot(&klant);
    assert!(
        !client_before.is_empty(),
        "the example keeps a POP with its client"
    );
    let mut child = crate::common::popdoc_command()
        .arg("--root")
        .arg(tmp.path())
        .arg("watch")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let _p = Running { child };
    let first = lines.next().unwrap().unwrap();
    while !lines.next().unwrap().unwrap().starts_with("popdoc volgt") {}
    // The first build made only what `build` had not (the overview pages):
    // every dossier's pages and PDFs came from the cache.
    let kept: usize = first
        .split(" · ")
        .find_map(|part| part.strip_suffix(" uit de cache"))
        .unwrap_or_else(|| panic!("no cache count in {first:?}"))
        .parse()
        .unwrap();
    assert!(kept >= before.len() - 3, "{first} ({} files)", before.len());
    assert!(snapshot(&public) == before, "watch's start rewrote nothing");
    assert!(
        snapshot(&klant) == client_before,
        "nor in the client folder"
    );
    // A broken edit of a dossier whose files were kept leaves them as they were.
    let index = tmp.path().join("content/an-peeters/index.md");
    let good = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, good.replacen("+++", "", 1)).unwrap();
    let event = lines.next().unwrap().unwrap();
    assert!(event.contains("an-peeters"), "{event}");
    let now = snapshot(&public);
    for (path, (bytes, _)) in before
        .iter()
        .filter(|(p, _)| p.starts_with("an-peeters/") && *p != "an-peeters/index.html")
    {
        assert!(
            now.get(path).is_some_and(|f| &f.0 == bytes),
            "{path} changed by a broken edit"
        );
    }
    // Its page says it shows the last good version.
    let page = String::from_utf8_lossy(&now["an-peeters/index.html"].0).into_owned();
    assert!(page.contains("Verouderd"), "{page}");
    // Fixed and changed: that dossier's PDF is made again, the others stay.
    let pop = tmp.path().join("content/an-peeters/pop-1.md");
    std::fs::write(&index, &good).unwrap();
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(&pop, format!("{text}\nBewerkt tijdens watch.\n")).unwrap();
    let start = Instant::now();
    while snapshot(&public)["an-peeters/pop-1.pdf"] == before["an-peeters/pop-1.pdf"] {
        assert!(start.elapsed() < TIMEOUT, "PDF not rewritten");
        std::thread::sleep(Duration::from_millis(50));
    }
    let after = snapshot(&public);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "no file lost from the manifest"
    );
    for (path, (bytes, _)) in &before {
        if !path.starts_with("an-peeters/") && path.ends_with(".pdf") {
            assert!(&after[path].0 == bytes, "{path} changed");
        }
    }
    drop(_p);
    // A build afterwards finds every file current or the same as it would make.
    let o = popdoc(tmp.path(), &["build"]);
    assert!(stderr(&o).contains(" 0 geschreven"), "{}", stderr(&o));
    assert_eq!(snapshot(&public).len(), before.len());
    assert!(snapshot(&klant) == client_before);
}

#[test]
fn poll_mode_and_ctrl_c_stop_cleanly() {
    let tmp = example_site();
    let mut child = crate::common::popdoc_command()
        .arg("--root")
        .arg(tmp.path())
        .args(["watch", "--poll"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while !lines.next().unwrap().unwrap().starts_with("popdoc volgt") {}
    let html = tmp.path().join("public/sofie-van-damme/index.html");
    let index = tmp.path().join("content/sofie-van-damme/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace("voornaam = \"Sofie\"", "voornaam = \"Sofia\""),
    )
    .unwrap();
    let start = Instant::now();
    while !std::fs::read_to_string(&html)
        .unwrap()
        .contains("Sofia Van Damme")
    {
        assert!(start.elapsed() < TIMEOUT, "--poll did not see the edit");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The status line comes once the whole rebuild is on disk.
    while !lines
        .next()
        .unwrap()
        .unwrap()
        .starts_with("[popdoc] sofie-van-damme")
    {}
    let before = crate::html::walk(&tmp.path().join("public")).len();
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < TIMEOUT, "Ctrl-C did not stop watch");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "clean exit on Ctrl-C: {status:?}");
    assert_eq!(
        crate::html::walk(&tmp.path().join("public")).len(),
        before,
        "Ctrl-C deletes nothing"
    );
}

#[test]
fn serve_shows_a_template_error_and_recovers() {
    let tmp = example_site();
    let (_p, addr) = start_serve(tmp.path());
    wait_for(&addr, "/index.html", "first page", |b| {
        b.contains("Dossiers")
    });
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("index.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.bestaat_niet.x }}{% endblock %}",
    )
    .unwrap();
    let body = wait_for(&addr, "/an-peeters/index.html", "the error overlay", |b| {
        b.contains("popdoc-overlay")
    });
    assert!(
        body.contains("sjablonen") && body.contains("Traject van An Peeters"),
        "{body}"
    );
    std::fs::write(
        templates.join("index.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Eigen index</h1>{% endblock %}",
    )
    .unwrap();
    let body = wait_for(&addr, "/index.html", "the fixed template", |b| {
        b.contains("Eigen index")
    });
    assert!(!body.contains("popdoc-overlay"));
}

#[test]
fn serve_shows_a_document_that_cannot_be_made_in_the_overlay() {
    let tmp = copy_site(&fixtures().join("invalid/F13-document-niet-gemaakt"));
    let (_p, addr) = start_serve(tmp.path());
    // serve makes each PDF when it is first asked for.
    wait_for(&addr, "/klant/index.html", "the page", |b| {
        b.contains("Traject")
    });
    let (status, _) = get(&addr, "/klant/pop-1.pdf");
    assert_eq!(status, 500, "the failing POP");
    let body = wait_for(&addr, "/klant/index.html", "the F13 overlay", |b| {
        b.contains("popdoc-overlay")
    });
    assert!(
        body.contains("kon niet gemaakt worden") && body.contains("F13"),
        "{body}"
    );
    let (status, other) = get(&addr, "/tweede/pop-1.pdf");
    assert_eq!(status, 200, "the other dossier's POP is served");
    assert!(other.starts_with("%PDF"));
    let (_, other_page) = get(&addr, "/tweede/index.html");
    assert!(
        !other_page.contains("popdoc-overlay"),
        "no overlay on a good dossier"
    );
}

/// A raw request (sent as is); the whole response as text, headers included.
fn raw(addr: &str, request: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn assert_security_headers(response: &str) {
    let head = response
        .split("\r\n\r\n")
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    for h in [
        "x-content-type-options: nosniff",
        "referrer-policy: no-referrer",
        "x-frame-options: deny",
        "content-security-policy: default-src 'self'",
    ] {
        assert!(head.contains(h), "{h} missing:\n{head}");
    }
    assert!(!head.contains("unsafe-inline"), "{head}");
}

#[test]
fn serve_refuses_foreign_hosts_origins_and_methods() {
    let tmp = example_site();
    let (_p, addr) = start_serve_with(tmp.path(), &["--allow-host", "coach.lan"]);
    let port = addr.rsplit(':').next().unwrap().to_string();
    wait_for(&addr, "/", "the index", |b| b.contains("Dossiers"));
    let req = |method: &str, path: &str, host: &str, more: &str| {
        raw(
            &addr,
            &format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n{more}Connection: close\r\n\r\n"),
        )
    };
    // DNS rebinding: a page, a PDF and the event stream under a foreign name.
    for path in [
        "/an-peeters/index.html",
        "/an-peeters/pop-1.pdf",
        "/__popdoc/events",
    ] {
        for host in [
            "evil.example",
            &format!("evil.example:{port}"),
            "127.0.0.1.nip.io",
        ] {
            let r = req("GET", path, host, "");
            assert_eq!(status_of(&r), 403, "{host}{path}:\n{r}");
            assert!(!r.contains("An Peeters") && !r.contains("%PDF"), "{r}");
            assert_security_headers(&r);
        }
    }
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("coach.lan:{port}"),
    ] {
        let r = req("GET", "/an-peeters/index.html", &host, "");
        assert_eq!(status_of(&r), 200, "{host}");
        assert!(r.contains("Traject van An Peeters"));
        assert_security_headers(&r);
        assert!(
            !r.contains("<script>") && !r.contains(" style=\""),
            "no inline script or style under the CSP"
        );
    }
    // The event stream refuses a foreign Origin.
    let r = req(
        "GET",
        "/__popdoc/events",
        &addr,
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(status_of(&r), 403, "{r}");
    // Only GET and HEAD.
    for m in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE"] {
        let r = req(m, "/an-peeters/index.html", &addr, "Content-Length: 0\r\n");
        assert_eq!(status_of(&r), 405, "{m}: {r}");
        assert!(r.contains("Allow: GET, HEAD"));
        assert_security_headers(&r);
    }
    let head = req("HEAD", "/an-peeters/index.html", &addr, "");
    assert_eq!(status_of(&head), 200);
    assert!(!head.contains("Traject van"), "HEAD has no body");
    let js = req("GET", "/__popdoc/reload.js", &addr, "");
    assert!(
        js.contains("text/javascript") && js.contains("EventSource"),
        "{js}"
    );
    assert_security_headers(&req("GET", "/bestaat-niet", &addr, ""));
}

#[test]
fn serve_bounds_headers_connections_and_idle_time() {
    let tmp = example_site();
    let (p, addr) = start_serve(tmp.path());
    wait_for(&addr, "/", "the index", |b| b.contains("Dossiers"));
    // A huge header is cut off at the cap, not buffered.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: ").unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 300 * 1024 * 1024 {
        if s.write_all(&chunk).is_err() {
            break; // the server closed the connection
        }
        sent += chunk.len();
    }
    assert!(
        sent < 300 * 1024 * 1024,
        "the server kept reading {sent} bytes"
    );
    // Keep-alive: two requests on one connection.
    let mut k = TcpStream::connect(&addr).unwrap();
    k.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut reader = BufReader::new(k.try_clone().unwrap());
    for _ in 0..2 {
        write!(k, "GET /style.css HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
    }
    // Many idle sockets: capped, not one thread each.
    let idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(&addr).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let threads = std::fs::read_dir(format!("/proc/{}/task", p.child.id()))
        .map(|d| d.count())
        .unwrap_or(0);
    assert!(
        threads > 0 && threads < 64 + 16,
        "{threads} threads for {} idle sockets",
        idle.len()
    );
    // Idle connections are closed after the timeout (connecting once the
    // crowd above has gone: while it is there, a new one gets 503).
    drop(idle);
    std::thread::sleep(Duration::from_millis(500));
    let mut one = TcpStream::connect(&addr).unwrap();
    one.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut buf = [0u8; 1];
    let start = Instant::now();
    let n = one.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "closed without an answer");
    assert!(
        start.elapsed() < Duration::from_secs(29),
        "closed before our own timeout"
    );
}

#[test]
fn serve_warns_when_bound_beyond_this_computer() {
    let tmp = example_site();
    let mut child = crate::common::popdoc_command()
        .arg("--root")
        .arg(tmp.path())
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains("waarschuwing") && line.contains("persoonlijke gegevens"),
        "{line}"
    );
}

#[test]
fn serve_previews_the_clients_bundle_in_memory() {
    let tmp = example_site();
    let (_p, addr) = start_serve(tmp.path());
    let body = wait_for(
        &addr,
        "/__popdoc/klant/lotte-verstraeten/",
        "the bundle",
        |b| b.contains("Mijn loopbaantraject"),
    );
    assert!(
        body.contains("/__popdoc/reload.js"),
        "live reload in the preview"
    );
    assert!(
        !body.contains("http-equiv=\"Content-Security-Policy\""),
        "the page's own CSP gives way to the server's header"
    );
    let (status, pdf) = get(&addr, "/__popdoc/klant/lotte-verstraeten/pop-1.pdf");
    assert_eq!(status, 200);
    assert!(pdf.starts_with("%PDF"));
    assert!(!tmp.path().join("klant").exists() && !tmp.path().join("public").exists());
    // An edit shows in the preview too.
    let pop = tmp.path().join("content/lotte-verstraeten/pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(
        &pop,
        text.replace("voel ik me een nummer", "voel ik me een getal"),
    )
    .unwrap();
    wait_for(
        &addr,
        "/__popdoc/klant/lotte-verstraeten/index.html",
        "the edit",
        |b| b.contains("voel ik me een getal"),
    );
}

/// Slow clients and a churn of event streams starve no page: 70
/// connections sending a header byte every two seconds, then 500
/// connect/close cycles on the event stream, and a page is answered
/// throughout (never 503).
#[test]
fn slow_clients_and_stream_churn_starve_no_page() {
    let tmp = example_site();
    let (_p, addr) = start_serve(tmp.path());
    wait_for(&addr, "/", "the index", |b| b.contains("Dossiers"));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut slow: Vec<TcpStream> = (0..70)
        .filter_map(|_| TcpStream::connect(&addr).ok())
        .collect();
    assert_eq!(slow.len(), 70);
    let trickle = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                for s in &mut slow {
                    let _ = s.write_all(b"G");
                }
                std::thread::sleep(Duration::from_secs(2));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        let (status, _) = get(&addr, "/style.css");
        assert_eq!(status, 200, "a page while 70 slow clients are connected");
        std::thread::sleep(Duration::from_secs(1));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    trickle.join().unwrap();
    for _ in 0..500 {
        if let Ok(mut s) = TcpStream::connect(&addr) {
            let _ = write!(s, "GET /__popdoc/events HTTP/1.1\r\nHost: {addr}\r\n\r\n");
        }
    }
    let (status, body) = get(&addr, "/");
    assert_eq!(
        status, 200,
        "a page after 500 event streams came and went: {body}"
    );
    // And a new event stream still opens.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(s, "GET /__popdoc/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
}

/// A small PDF is answered while a large one is being made: the large one
/// renders on a compiler of its own.
#[test]
fn a_small_pdf_does_not_wait_behind_a_large_one() {
    let tmp = copy_site(&fixtures().join("valid/complete"));
    let root = tmp.path();
    copy_dir(&root.join("content/klant"), &root.join("content/groot"));
    let pop = root.join("content/groot/pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    let big = text.replacen(
        "## Reflecties en inzichten\n",
        &format!(
            "## Reflecties en inzichten\n\n{}\n",
            crate::rules::table(24_000)
        ),
        1,
    );
    std::fs::write(&pop, big).unwrap();
    let (_p, addr) = start_serve_with(root, &["--today", "2025-07-01"]);
    wait_for(&addr, "/groot/index.html", "the large dossier", |b| {
        b.contains("groot")
    });
    let large = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let (status, _) = get(&addr, "/groot/pop-1.pdf");
            (status, started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let (status, _) = get(&addr, "/klant/pop-1.pdf");
    let small = started.elapsed();
    assert_eq!(status, 200);
    let (status, took) = large.join().unwrap();
    assert_eq!(status, 200, "the large one is made too");
    assert!(
        small < took,
        "the small PDF ({small:?}) came before the large one ({took:?})"
    );
}
