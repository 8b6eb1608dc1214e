//! The HTTP side of `popdoc serve`: request parsing, routing and the event
//! stream, over the engine's memory target (`build::memory`), which holds the
//! pages and makes each PDF when first asked. The reload script and the
//! overlay (`overlay.rs`) are added to served pages only, never written to
//! disk.
//!
//! The server holds clients' personal data, so it trusts no request:
//! - only `Host: localhost` or an IP literal (other names with `--allow-host`),
//!   against DNS rebinding; the event stream also refuses a foreign `Origin`;
//! - only GET and HEAD; paths that try to leave the site are refused;
//! - every response carries `nosniff`, a Content-Security-Policy without
//!   `unsafe-inline`, `no-referrer` and `X-Frame-Options: DENY`;
//! - request headers are capped, idle connections time out, connections are
//!   capped, and `TCP_NODELAY` is set.
//!
//! It is a small HTTP/1.1 server of its own over `std::net`: tiny_http (used
//! before) buffers headers without a bound, offers no socket options and
//! spawns a thread for every connection without a cap.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::build::memory::Memory;

pub const DEFAULT_PORT: u16 = 4040;
pub const EVENTS: &str = "/__popdoc/events";
use super::overlay::{OVERLAY_CSS, RELOAD_JS};

/// Request line and headers together may not be larger than this (431).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
use super::slots::{Deadline, Pools, Ticket, peer_gone};
pub use super::slots::{HEAD_TIMEOUT as IDLE_TIMEOUT, MAX_CONNECTIONS, MAX_STREAMS};
/// The event stream sends a comment this often (it is exempt from the idle
/// timeout: it only writes).
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often an event stream looks whether its page has gone (its slot is
/// freed then, not at the next heartbeat).
const STREAM_POLL: Duration = Duration::from_millis(500);
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// No inline script or style: the reload script and the overlay's style are
/// files of their own. `data:` images for the SVG chart's fallbacks only.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A listening socket.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Wakes the accept loop (after `stop` was set) by connecting to it.
    pub fn unblock(&self) {
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// Binds the first free port from `port` (a busy default moves on, up to 100
/// ports further); port 0 lets the system choose.
pub fn bind(addr: IpAddr, port: u16) -> anyhow::Result<Server> {
    let tries = if port == 0 { 1 } else { 100 };
    let mut last = None;
    for p in (0..tries).map(|i| port.saturating_add(i)) {
        match TcpListener::bind(SocketAddr::new(addr, p)) {
            Ok(listener) => {
                let addr = listener.local_addr()?;
                return Ok(Server { listener, addr });
            }
            Err(e) => last = Some(e),
        }
    }
    anyhow::bail!(
        "{}",
        crate::diag::Msg::new("ui-no-free-port")
            .arg("port", port)
            .arg("detail", last.map(|e| e.to_string()).unwrap_or_default())
            .render(crate::diag::ui_lang())
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

/// Which `Host` names the server answers besides localhost and IP literals.
#[derive(Debug, Clone, Default)]
pub struct Access {
    pub allowed_hosts: Vec<String>,
}

impl Access {
    /// Whether a `Host` header value may be served: an IP literal or
    /// `localhost` (with or without a port), or a name given with `--allow-host`.
    pub fn host_ok(&self, host: &str) -> bool {
        let name = host_name(host);
        if name.is_empty() {
            return false;
        }
        name.parse::<IpAddr>().is_ok()
            || name.eq_ignore_ascii_case("localhost")
            || self
                .allowed_hosts
                .iter()
                .any(|h| h.eq_ignore_ascii_case(name))
    }
}

/// The name part of a `Host` value: `[::1]:4040` -> `::1`, `localhost:4040` ->
/// `localhost`. A malformed value gives "".
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        let Some((ip, after)) = rest.split_once(']') else {
            return "";
        };
        return if after.is_empty() || port_ok(after.strip_prefix(':')) {
            ip
        } else {
            ""
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => {
            if port_ok(Some(port)) {
                name
            } else {
                ""
            }
        }
        // A bare IPv6 address without brackets is not a valid Host.
        Some(_) => "",
        None => host,
    }
}

fn port_ok(port: Option<&str>) -> bool {
    port.is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Everything a connection thread needs.
struct Shared {
    output: Arc<Memory>,
    reload: Arc<Reload>,
    stop: Arc<AtomicBool>,
    access: Access,
    pools: Arc<Pools>,
}

/// Answers requests until `stop` is set (then call `Server::unblock`).
pub fn serve(
    server: Arc<Server>,
    output: Arc<Memory>,
    reload: Arc<Reload>,
    stop: Arc<AtomicBool>,
    access: Access,
) {
    let shared = Arc::new(Shared {
        output,
        reload,
        stop,
        access,
        pools: Arc::new(Pools::default()),
    });
    for conn in server.listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = conn else { continue };
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let Some(ticket) = shared.pools.admit(&stream) else {
            let mut s = stream;
            let _ = write_response(
                &mut s,
                &Response::text(503, "te veel verbindingen"),
                false,
                false,
            );
            let _ = s.shutdown(Shutdown::Both);
            continue;
        };
        let shared = shared.clone();
        // A thread that cannot start drops its ticket: the slot is free.
        let _ = std::thread::Builder::new()
            .name("popdoc-conn".into())
            .spawn(move || connection(stream, &shared, &ticket));
    }
}

/// One parsed request: method, target and the headers popdoc looks at.
#[derive(Debug, Default)]
struct Request {
    method: String,
    target: String,
    http10: bool,
    host: Option<String>,
    origin: Option<String>,
    connection: Option<String>,
    has_body: bool,
}

/// A response before it is written.
struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    extra: Vec<(&'static str, String)>,
}

impl Response {
    fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            extra: vec![],
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The headers every response carries.
fn security_headers() -> String {
    format!(
        "X-Content-Type-Options: nosniff\r\nContent-Security-Policy: {CSP}\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\nCache-Control: no-store\r\n"
    )
}

fn write_response(
    w: &mut impl Write,
    r: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Connection: {}\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len(),
        security_headers(),
        if keep_alive { "keep-alive" } else { "close" },
    );
    for (k, v) in &r.extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    w.write_all(head.as_bytes())?;
    if !head_only {
        w.write_all(&r.body)?;
    }
    w.flush()
}

/// Why a request could not be read.
enum ReadError {
    /// Connection closed, idle too long, or broken: close without answer.
    Gone,
    /// Answer with this status, then close.
    Status(u16),
}

/// Reads one request's line and headers, at most `MAX_HEADER_BYTES`.
fn read_request(r: &mut impl BufRead) -> Result<Request, ReadError> {
    let mut used = 0usize;
    let mut lines: Vec<String> = Vec::new();
    loop {
        let mut line = Vec::new();
        let budget = (MAX_HEADER_BYTES - used) as u64;
        let n = r
            .by_ref()
            .take(budget)
            .read_until(b'\n', &mut line)
            .map_err(|_| ReadError::Gone)?;
        if n == 0 {
            return Err(if used == 0 {
                ReadError::Gone
            } else {
                ReadError::Status(431)
            });
        }
        used += n;
        if !line.ends_with(b"\n") {
            return Err(ReadError::Status(431));
        }
        let text = String::from_utf8(line).map_err(|_| ReadError::Status(400))?;
        let text = text.trim_end_matches(['\r', '\n']).to_string();
        if text.is_empty() {
            if lines.is_empty() {
                continue; // tolerate blank lines before a request
            }
            break;
        }
        lines.push(text);
        if lines.len() > 100 {
            return Err(ReadError::Status(431));
        }
    }
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Status(400));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(ReadError::Status(400));
    }
    let mut req = Request {
        method: method.to_string(),
        target: target.to_string(),
        http10: version == "HTTP/1.0",
        ..Request::default()
    };
    for l in &lines[1..] {
        let Some((k, v)) = l.split_once(':') else {
            return Err(ReadError::Status(400));
        };
        let v = v.trim().to_string();
        match k.trim().to_ascii_lowercase().as_str() {
            "host" => {
                if req.host.is_some() {
                    return Err(ReadError::Status(400));
                }
                req.host = Some(v);
            }
            "origin" => req.origin = Some(v),
            "connection" => req.connection = Some(v.to_ascii_lowercase()),
            "content-length" => req.has_body |= v != "0",
            "transfer-encoding" => req.has_body = true,
            _ => {}
        }
    }
    Ok(req)
}

fn connection(stream: TcpStream, shared: &Shared, ticket: &Ticket) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(Deadline::new(read_half));
    let mut w = stream;
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        // The whole head within `IDLE_TIMEOUT`, however slowly it comes.
        ticket.waiting(true);
        reader.get_mut().restart();
        let read = read_request(&mut reader);
        ticket.waiting(false);
        let req = match read {
            Ok(r) => r,
            Err(ReadError::Gone) => return,
            Err(ReadError::Status(code)) => {
                let _ = write_response(&mut w, &Response::text(code, "geweigerd"), false, false);
                let _ = w.shutdown(Shutdown::Both);
                return;
            }
        };
        let keep_alive = !req.has_body
            && match req.connection.as_deref() {
                Some(c) if c.contains("close") => false,
                Some(c) if c.contains("keep-alive") => true,
                _ => !req.http10,
            };
        let head_only = req.method == "HEAD";
        let response = match check(&req, &shared.access) {
            Err(code) => {
                let mut r = Response::text(
                    code,
                    if code == 405 {
                        "enkel GET en HEAD"
                    } else {
                        "geweigerd"
                    },
                );
                if code == 405 {
                    r.extra.push(("Allow", "GET, HEAD".into()));
                }
                r
            }
            Ok(path) if path == EVENTS => {
                if head_only {
                    Response {
                        status: 200,
                        content_type: "text/event-stream",
                        body: vec![],
                        extra: vec![],
                    }
                } else {
                    // The stream holds this connection until the page goes,
                    // in a pool of its own.
                    ticket.to_stream();
                    let _ = stream_events(&mut w, &shared.reload, &shared.stop);
                    return;
                }
            }
            Ok(path) => route(&path, &shared.output),
        };
        let keep_alive = keep_alive && response.status < 400;
        if write_response(&mut w, &response, head_only, keep_alive).is_err() || !keep_alive {
            let _ = w.shutdown(Shutdown::Both);
            return;
        }
    }
}

/// The path of a request that may be answered, or the status to refuse it with.
fn check(req: &Request, access: &Access) -> Result<String, u16> {
    if req.method != "GET" && req.method != "HEAD" {
        return Err(405);
    }
    match &req.host {
        Some(h) if access.host_ok(h) => {}
        Some(_) => return Err(403),
        None if req.http10 => {}
        None => return Err(400),
    }
    let path = req.target.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS {
        // The event stream answers pages of this server only.
        if let (Some(origin), Some(host)) = (&req.origin, &req.host)
            && !origin.eq_ignore_ascii_case(&format!("http://{host}"))
        {
            return Err(403);
        }
        if req.origin.is_some() && req.host.is_none() {
            return Err(403);
        }
    }
    Ok(path.to_string())
}

fn route(path: &str, output: &Memory) -> Response {
    match path {
        RELOAD_JS => Response {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: super::overlay::RELOAD_SCRIPT.as_bytes().to_vec(),
            extra: vec![],
        },
        OVERLAY_CSS => Response {
            status: 200,
            content_type: "text/css; charset=utf-8",
            body: super::overlay::POPDOC_CSS.as_bytes().to_vec(),
            extra: vec![],
        },
        // Browsers ask for it on every page; popdoc has none.
        "/favicon.ico" => Response {
            status: 204,
            content_type: "image/x-icon",
            body: vec![],
            extra: vec![],
        },
        _ => match resolve(path) {
            Err(code) => Response::text(
                code,
                if code == 403 {
                    "geweigerd"
                } else {
                    "niet gevonden"
                },
            ),
            Ok(key) => page(output, &key),
        },
    }
}

/// Server-Sent Events: `event: reload` after every rebuild, a comment line as
/// heartbeat every `HEARTBEAT`.
fn stream_events(w: &mut TcpStream, reload: &Reload, stop: &AtomicBool) -> std::io::Result<()> {
    let mut last = reload.current();
    write!(
        w,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n{}Connection: keep-alive\r\n\r\n: popdoc\n\n",
        security_headers()
    )?;
    w.flush()?;
    let mut beat = std::time::Instant::now();
    while !stop.load(Ordering::SeqCst) {
        let g = reload.wait_past(last, STREAM_POLL);
        if g > last {
            last = g;
            write!(w, "event: reload\ndata: {g}\n\n")?;
            w.flush()?;
        } else if beat.elapsed() >= HEARTBEAT {
            beat = std::time::Instant::now();
            write!(w, ": ping\n\n")?;
            w.flush()?;
        }
        // A closed tab frees its slot now, not at the next heartbeat.
        if peer_gone(w) {
            return Ok(());
        }
    }
    Ok(())
}

/// The file for `key` from memory (a PDF made now if it waits), HTML with the
/// reload script and any overlay added.
fn page(output: &Memory, key: &str) -> Response {
    let found = match output.get(key) {
        Ok(Some(found)) => found,
        Ok(None) => return Response::text(404, "niet gevonden"),
        Err(f13) => return Response::text(500, &f13),
    };
    let content_type = mime(&found.path);
    let body = if content_type.starts_with("text/html") {
        super::overlay::inject(&found.bytes, found.overlay.as_ref()).into_bytes()
    } else {
        found.bytes.to_vec()
    };
    Response {
        status: 200,
        content_type,
        body,
        extra: vec![],
    }
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
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
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

    #[test]
    fn answers_only_local_hosts() {
        let a = Access::default();
        for ok in [
            "localhost",
            "LOCALHOST:4040",
            "127.0.0.1",
            "127.0.0.1:4040",
            "[::1]:4040",
            "[::1]",
            "192.168.1.20:80",
        ] {
            assert!(a.host_ok(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:4040",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "",
            "localhost:",
            "localhost:abc",
            "::1",
            "[::1]x",
        ] {
            assert!(!a.host_ok(bad), "{bad}");
        }
        let b = Access {
            allowed_hosts: vec!["coach.lan".into()],
        };
        assert!(b.host_ok("coach.lan:4040") && !b.host_ok("other.lan"));
    }

    #[test]
    fn request_headers_are_capped() {
        let big = format!(
            "GET / HTTP/1.1\r\nHost: localhost\r\nX: {}\r\n\r\n",
            "a".repeat(MAX_HEADER_BYTES)
        );
        let mut r = std::io::Cursor::new(big.into_bytes());
        assert!(matches!(read_request(&mut r), Err(ReadError::Status(431))));
        let ok = "GET /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /b HTTP/1.1\r\n";
        let mut r = std::io::Cursor::new(ok.as_bytes().to_vec());
        let req = read_request(&mut r).ok().unwrap();
        assert_eq!((req.method.as_str(), req.target.as_str()), ("GET", "/a"));
        assert_eq!(req.host.as_deref(), Some("localhost"));
    }

    proptest::proptest! {
        /// The served-path resolver: whatever the request path, the key it
        /// gives stays inside the output (no `..`, no `.`, no absolute path,
        /// no backslash, no NUL), or the path is refused.
        #[test]
        fn prop_resolved_paths_stay_inside(path in served_path()) {
            if let Ok(key) = resolve(&path) {
                proptest::prop_assert!(!key.contains('\\') && !key.contains('\0'), "{}", key);
                proptest::prop_assert!(
                    std::path::Path::new(&key)
                        .components()
                        .all(|c| matches!(c, std::path::Component::Normal(_))),
                    "{} from {}",
                    key,
                    path
                );
            }
            let _ = Access::default().host_ok(&path);
        }
    }

    fn served_path() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("/"),
            Just(".."),
            Just("."),
            Just("%2e"),
            Just("%2E"),
            Just("%2f"),
            Just("%5c"),
            Just("%00"),
            Just("%"),
            Just("%zz"),
            Just("\\"),
            Just("an"),
            Just("index.html"),
            Just("?"),
            Just("#"),
            Just("é"),
            Just("%c3%a9"),
            Just("//"),
        ];
        prop_oneof![
            proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat()),
            any::<String>(),
        ]
    }
}
