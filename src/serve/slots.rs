//! The connection slots of `popdoc serve`: page requests and event streams in
//! pools of their own, so that a flood of one never starves the other, and a
//! deadline for the whole request head. When the page pool is full, the
//! connection that has waited longest for its request head (a slow client,
//! or an idle keep-alive one) is closed to make room: a trickle of header
//! bytes can hold a slot for at most `HEAD_TIMEOUT`, and never keep a new
//! request out. A full stream pool closes its oldest stream (the browser's
//! EventSource reconnects by itself).

use std::io::Read;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Page connections at once (the busy ones; waiting ones make room).
pub const MAX_CONNECTIONS: usize = 64;
/// Event streams at once (one per open tab).
pub const MAX_STREAMS: usize = 32;
/// The whole request head (line and headers) must arrive within this, and a
/// kept-alive connection must send its next request within it.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug)]
struct Entry {
    id: u64,
    /// Since when it waits for a request head (`None`: busy answering).
    waiting: Option<Instant>,
    stream: TcpStream,
}

#[derive(Debug, Default)]
struct State {
    next: u64,
    pages: Vec<Entry>,
    streams: Vec<Entry>,
}

/// Both pools.
#[derive(Debug, Default)]
pub struct Pools {
    state: Mutex<State>,
}

impl Pools {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a page slot for a new connection; when the pool is full, the
    /// connection that has waited longest for its head is closed first.
    /// `None`: every slot is busy answering (503).
    pub fn admit(self: &Arc<Self>, stream: &TcpStream) -> Option<Ticket> {
        let clone = stream.try_clone().ok()?;
        let mut s = self.lock();
        if s.pages.len() >= MAX_CONNECTIONS {
            let oldest = s
                .pages
                .iter()
                .enumerate()
                .filter_map(|(i, e)| e.waiting.map(|w| (i, w)))
                .min_by_key(|(_, w)| *w)
                .map(|(i, _)| i)?;
            let victim = s.pages.remove(oldest);
            let _ = victim.stream.shutdown(Shutdown::Both);
        }
        s.next += 1;
        let id = s.next;
        s.pages.push(Entry {
            id,
            waiting: Some(Instant::now()),
            stream: clone,
        });
        Some(Ticket {
            pools: self.clone(),
            id,
        })
    }
}

/// A connection's slot, given back when it is dropped.
#[derive(Debug)]
pub struct Ticket {
    pools: Arc<Pools>,
    id: u64,
}

impl Ticket {
    /// Marks the connection as waiting for a request head (it may be closed
    /// to make room) or as busy answering one.
    pub fn waiting(&self, yes: bool) {
        let mut s = self.pools.lock();
        if let Some(e) = s.pages.iter_mut().find(|e| e.id == self.id) {
            e.waiting = yes.then(Instant::now);
        }
    }

    /// Moves the connection to the stream pool, closing the oldest stream
    /// when it is full.
    pub fn to_stream(&self) {
        let mut s = self.pools.lock();
        let Some(i) = s.pages.iter().position(|e| e.id == self.id) else {
            return;
        };
        let mut e = s.pages.remove(i);
        e.waiting = None;
        if s.streams.len() >= MAX_STREAMS {
            let oldest = s.streams.remove(0);
            let _ = oldest.stream.shutdown(Shutdown::Both);
        }
        s.streams.push(e);
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut s = self.pools.lock();
        s.pages.retain(|e| e.id != self.id);
        s.streams.retain(|e| e.id != self.id);
    }
}

/// A socket read that gives up at a deadline: each read waits at most until
/// then, so a head sent one byte at a time still ends at `until`.
#[derive(Debug)]
pub struct Deadline {
    stream: TcpStream,
    until: Instant,
}

impl Deadline {
    pub fn new(stream: TcpStream) -> Deadline {
        Deadline {
            stream,
            until: Instant::now() + HEAD_TIMEOUT,
        }
    }

    /// A new head may take `HEAD_TIMEOUT` from now.
    pub fn restart(&mut self) {
        self.until = Instant::now() + HEAD_TIMEOUT;
    }
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Whether the peer of a stream that only writes has gone (a closed tab): a
/// read that finds the end of the stream, looked at without waiting.
pub fn peer_gone(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut b = [0u8; 1];
    let gone = match stream.peek(&mut b) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    let _ = stream.set_nonblocking(false);
    gone
}
