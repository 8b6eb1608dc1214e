//! Latency of watch mode on a release build: from the moment a dossier file is
//! written to (a) the reload event of `popdoc serve` (HTML rebuilt, batching
//! included) and (b) the rewritten `pop-1.pdf` of `popdoc watch`. On the example
//! site and on a generated site of 1,000 varied dossiers (benches/corpus.py).
//! Run: `cargo bench --bench watch`. Numbers go in docs/benchmarks.md.
//! `POPDOC_BIN=/path/to/popdoc` measures another binary (an older build, to
//! compare before and after a change on the same machine).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 10;

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

/// The example site, or `n` generated dossiers (benches/corpus.py, seed 7:
/// varied texts, as in benches/compare.sh).
fn make_site(n: Option<usize>) -> tempfile::TempDir {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    match n {
        None => {
            std::fs::copy(repo.join("popdoc.toml"), tmp.path().join("popdoc.toml")).unwrap();
            copy_dir(&repo.join("content"), &tmp.path().join("content"));
        }
        Some(n) => {
            let site = tmp.path().join("site");
            let ok = Command::new("python3")
                .arg(repo.join("benches/corpus.py"))
                .arg(&site)
                .arg(n.to_string())
                .args(["--seed", "7"])
                .stdout(Stdio::null())
                .status()
                .expect("python3 for benches/corpus.py");
            assert!(ok.success());
            for e in std::fs::read_dir(&site).unwrap() {
                let e = e.unwrap();
                std::fs::rename(e.path(), tmp.path().join(e.file_name())).unwrap();
            }
        }
    }
    tmp
}

fn spawn(
    root: &Path,
    args: &[&str],
) -> (
    Running,
    std::io::Lines<BufReader<std::process::ChildStdout>>,
) {
    let bin = std::env::var_os("POPDOC_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_popdoc")));
    let mut child = Command::new(bin)
        .arg("--root")
        .arg(root)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap()).lines();
    (Running(child), out)
}

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!(
        "median {:.0} ms, min {:.0} ms, max {:.0} ms ({} edits)",
        ms(v[v.len() / 2]),
        ms(v[0]),
        ms(v[v.len() - 1]),
        v.len()
    )
}

/// Peak resident memory of a running process (Linux), in MB.
fn peak_mb(p: &Running) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", p.0.id())).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn html_latency(site: &Path, slug: &str) -> (Duration, f64, Vec<Duration>) {
    let t = Instant::now();
    let (_p, mut lines) = spawn(site, &["serve", "--port", "0"]);
    let addr = loop {
        let l = lines.next().unwrap().unwrap();
        if let Some(i) = l.find("http://") {
            break l[i + 7..]
                .trim_end_matches(|c| c != '/')
                .trim_end_matches('/')
                .split('/')
                .next()
                .unwrap()
                .to_string();
        }
    };
    let startup = t.elapsed();
    let memory = peak_mb(&_p);
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(s, "GET /__popdoc/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    while !line.starts_with(": popdoc") {
        line.clear();
        r.read_line(&mut line).unwrap();
    }
    let index = site.join("content").join(slug).join("index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let mut v = Vec::new();
    for i in 0..ROUNDS {
        std::thread::sleep(Duration::from_millis(300));
        let t0 = Instant::now();
        std::fs::write(
            &index,
            text.replacen("voornaam = \"", &format!("voornaam = \"R{i}"), 1),
        )
        .unwrap();
        loop {
            line.clear();
            r.read_line(&mut line).unwrap();
            if line.starts_with("event: reload") {
                break;
            }
        }
        v.push(t0.elapsed());
    }
    (startup, memory, v)
}

/// `popdoc watch` until it says it watches: (its time, the running process).
fn start_watch(
    site: &Path,
) -> (
    Duration,
    Running,
    std::io::Lines<BufReader<std::process::ChildStdout>>,
) {
    let t = Instant::now();
    let (p, mut lines) = spawn(site, &["watch"]);
    while !lines.next().unwrap().unwrap().starts_with("popdoc volgt") {}
    (t.elapsed(), p, lines)
}

/// Starts `watch` on an empty output folder, stops it, starts it again (its
/// outputs now on disk), then measures edits: (cold start, warm start, edits).
fn pdf_latency(site: &Path, slug: &str) -> (Duration, Duration, Vec<Duration>) {
    let (cold, p, _) = start_watch(site);
    drop(p);
    let (startup, _p, _lines) = start_watch(site);
    let pdf = site.join("public").join(slug).join("pop-1.pdf");
    let pop = site.join("content").join(slug).join("pop-1.md");
    let text = std::fs::read_to_string(&pop).unwrap();
    let mut v = Vec::new();
    for i in 0..ROUNDS {
        std::thread::sleep(Duration::from_millis(300));
        let before = std::fs::read(&pdf).unwrap();
        let t0 = Instant::now();
        std::fs::write(&pop, format!("{text}\nBewerking {i}.\n")).unwrap();
        loop {
            if std::fs::read(&pdf).is_ok_and(|b| b != before && !b.is_empty()) {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        v.push(t0.elapsed());
    }
    (cold, startup, v)
}

fn main() {
    for (name, n, slug) in [
        ("example site (4 dossiers)", None, "an-peeters"),
        ("generated site (1,000 dossiers)", Some(1000), "klant-00500"),
    ] {
        let site = make_site(n);
        let (startup, memory, html) = html_latency(site.path(), slug);
        println!(
            "{name}: serve start (full build in memory): {:.2} s, peak RSS {memory:.0} MB",
            startup.as_secs_f64()
        );
        println!("{name}: write -> reload event (HTML): {}", stats(html));
        let site = make_site(n);
        let (cold, warm, pdf) = pdf_latency(site.path(), slug);
        println!(
            "{name}: watch start (full build to disk): {:.2} s; again with its outputs on disk: {:.2} s",
            cold.as_secs_f64(),
            warm.as_secs_f64()
        );
        println!("{name}: write -> rewritten pop-1.pdf: {}", stats(pdf));
    }
}
