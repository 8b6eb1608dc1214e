//! `popdoc serve`: the site from memory on 127.0.0.1 (another address only with
//! `--bind`), live reload through Server-Sent Events, and an error overlay on
//! the pages of a dossier whose last edit could not be read. The reload script
//! and the overlay are added to served pages only, never written to disk.
//! Paths that try to leave the site (`..`, encoded or not, absolute, with a
//! backslash or NUL) are refused.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::live::Output;
use crate::render::view::DiagView;

pub const DEFAULT_PORT: u16 = 4040;
pub const EVENTS: &str = "/__popdoc/events";

const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__popdoc/events\");s.addEventListener(\"reload\",function(){location.reload();});})();</script>";

/// Binds the first free port from `port` (a busy default moves on, up to 100
/// ports further); port 0 lets the system choose.
pub fn bind(addr: IpAddr, port: u16) -> anyhow::Result<Server> {
    let tries = if port == 0 { 1 } else { 100 };
    let mut last = None;
    for p in (0..tries).map(|i| port.saturating_add(i)) {
        match Server::http(SocketAddr::new(addr, p)) {
            Ok(s) => return Ok(s),
            Err(e) => last = Some(e),
        }
    }
    anyhow::bail!(
        "no free port from {port}: {}",
        last.map(|e| e.to_string()).unwrap_or_default()
    )
}

/// Wakes the event streams after each rebuild.
#[derive(Default)]
pub struct Reload {
    generation: Mutex<u64>,
    cv: Condvar,
}

impl Reload {
    /// Called after a rebuild: every open page reloads.
    pub fn bump(&self) {
        if let Ok(mut g) = self.generation.lock() {
            *g += 1;
            self.cv.notify_all();
        }
    }

    fn current(&self) -> u64 {
        self.generation.lock().map(|g| *g).unwrap_or(0)
    }

    /// Waits until the generation passes `last` or `timeout` elapses.
    fn wait_past(&self, last: u64, timeout: Duration) -> u64 {
        let Ok(g) = self.generation.lock() else {
            return last;
        };
        match self.cv.wait_timeout_while(g, timeout, |g| *g <= last) {
            Ok((g, _)) => *g,
            Err(_) => last,
        }
    }
}

/// Answers requests until `stop` is set; one thread per request so that the
/// event streams do not block pages.
pub fn serve(
    server: Arc<Server>,
    output: Arc<RwLock<Output>>,
    reload: Arc<Reload>,
    stop: Arc<AtomicBool>,
) {
    while !stop.load(Ordering::SeqCst) {
        let req = match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(_) => break,
        };
        let output = output.clone();
        let reload = reload.clone();
        let stop = stop.clone();
        std::thread::spawn(move || handle(req, &output, &reload, &stop));
    }
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("static header is valid")
}

fn handle(req: Request, output: &RwLock<Output>, reload: &Reload, stop: &AtomicBool) {
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS {
        let _ = stream_events(req, reload, stop);
        return;
    }
    let response = match resolve(path) {
        Err(code) => Response::from_string(if code == 403 {
            "geweigerd"
        } else {
            "niet gevonden"
        })
        .with_status_code(StatusCode(code))
        .boxed(),
        Ok(key) => page(output, &key),
    };
    let _ = req.respond(response);
}

/// Server-Sent Events: `event: reload` after every rebuild, a comment line as
/// keep-alive. The headers are written by hand: without a length tiny_http
/// would send the stream chunked, which browsers dislike for event streams.
fn stream_events(req: Request, reload: &Reload, stop: &AtomicBool) -> std::io::Result<()> {
    let mut last = reload.current();
    let mut w = req.into_writer();
    write!(
        w,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n: popdoc\n\n"
    )?;
    w.flush()?;
    while !stop.load(Ordering::SeqCst) {
        let g = reload.wait_past(last, Duration::from_secs(5));
        if g > last {
            last = g;
            write!(w, "event: reload\ndata: {g}\n\n")?;
        } else {
            write!(w, ": ping\n\n")?;
        }
        w.flush()?;
    }
    Ok(())
}

fn page(output: &RwLock<Output>, key: &str) -> tiny_http::ResponseBox {
    let Ok(o) = output.read() else {
        return Response::from_string("")
            .with_status_code(StatusCode(500))
            .boxed();
    };
    let found = o
        .files
        .get(key)
        .map(|b| (key.to_string(), b.clone()))
        .or_else(|| {
            let k = format!("{}/index.html", key.trim_end_matches('/'));
            o.files.get(&k).map(|b| (k, b.clone()))
        });
    let Some((key, bytes)) = found else {
        return Response::from_string("niet gevonden")
            .with_status_code(StatusCode(404))
            .boxed();
    };
    let mime = mime(&key);
    if mime.starts_with("text/html") {
        let slug = key.split_once('/').map(|(s, _)| s);
        let overlay = match &o.error {
            Some(e) => Some(error_html(e)),
            None => slug
                .and_then(|s| o.overlays.get(s))
                .map(|d| overlay_html(d)),
        };
        let html = String::from_utf8_lossy(&bytes);
        let extra = format!("{}{RELOAD_SCRIPT}", overlay.unwrap_or_default());
        let html = match html.rfind("</body>") {
            Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
            None => format!("{html}{extra}"),
        };
        return Response::from_data(html.into_bytes())
            .with_header(header("Content-Type", mime))
            .with_header(header("Cache-Control", "no-store"))
            .boxed();
    }
    Response::from_data(bytes.as_ref().clone())
        .with_header(header("Content-Type", mime))
        .with_header(header("Cache-Control", "no-store"))
        .boxed()
}

/// The output key for a request path, or the status code to refuse it with.
pub fn resolve(path: &str) -> Result<String, u16> {
    let decoded = percent_decode(path).ok_or(403u16)?;
    if !decoded.starts_with('/')
        || decoded.starts_with("//")
        || decoded.contains('\\')
        || decoded.contains('\0')
    {
        return Err(403);
    }
    if decoded.split('/').any(|s| s == ".." || s == ".") {
        return Err(403);
    }
    let key = decoded.trim_start_matches('/');
    if key.is_empty() {
        return Ok("index.html".into());
    }
    if key.ends_with('/') {
        return Ok(format!("{key}index.html"));
    }
    Ok(key.to_string())
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn mime(key: &str) -> &'static str {
    match key.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "typ" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;background:#fff5f5;border-top:4px solid #c62828;padding:1rem 1.5rem;font:15px/1.45 system-ui,sans-serif;color:#1d2733;z-index:9999;box-shadow:0 -4px 16px rgba(0,0,0,.15)";

/// The overlay over every page when a rebuild failed as a whole.
fn error_html(message: &str) -> String {
    format!(
        "<div id=\"popdoc-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>De site kon niet opnieuw gebouwd worden.</strong> Je ziet de laatste goede versie.<pre style=\"white-space:pre-wrap\">{}</pre></div>",
        escape(message)
    )
}

/// The overlay over the last good version of a dossier whose edit broke it.
fn overlay_html(diags: &[DiagView]) -> String {
    let mut s = String::from("<div id=\"popdoc-overlay\" role=\"alert\" style=\"");
    s.push_str(OVERLAY_STYLE);
    if diags.iter().all(|d| d.rule == "F13") {
        s.push_str("\"><strong>Een document van dit dossier kon niet gemaakt worden.</strong> De andere documenten zijn wel bijgewerkt; herstel de tekst of het sjabloon en de pagina laadt opnieuw.<ul>");
    } else {
        s.push_str("\"><strong>Dit dossier kan niet gelezen worden.</strong> Je ziet de laatste goede versie; herstel het bestand en de pagina laadt opnieuw.<ul>");
    }
    for d in diags {
        s.push_str(&format!(
            "<li><code>{}</code> [{}] {}{}</li>",
            escape(&d.place),
            escape(d.rule),
            escape(&d.message),
            d.hint
                .as_ref()
                .map(|h| format!("<br><em>Tip: {}</em>", escape(h)))
                .unwrap_or_default()
        ));
    }
    s.push_str("</ul></div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_out_of_the_site() {
        assert_eq!(resolve("/"), Ok("index.html".into()));
        assert_eq!(resolve("/an/"), Ok("an/index.html".into()));
        assert_eq!(resolve("/an/pop-1.pdf"), Ok("an/pop-1.pdf".into()));
        for bad in [
            "/../popdoc.toml",
            "/%2e%2e/popdoc.toml",
            "/an/%2E%2E/%2e%2e/x",
            "//etc/passwd",
            "/a\\..\\b",
            "/%00",
            "/%zz",
            "/an/./x",
        ] {
            assert_eq!(resolve(bad), Err(403), "{bad}");
        }
    }
}
