//! A scripted HTTP/1.1 server on 127.0.0.1 for the end-to-end tests: real
//! sockets, one connection per request, and the failures a network really
//! has (a connection dropped before the answer, a body cut short, a body far
//! over the parser's cap).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    shape: Shape,
}

/// How the answer goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Head, `Content-Length` and the whole body.
    Whole,
    /// Nothing: the connection is closed once the request is read.
    Dropped,
    /// The head announces `announced` bytes; the body sent is shorter, then
    /// the connection closes.
    Cut { announced: usize },
    /// `length` bytes of `x`, streamed without being held in memory.
    Huge { length: usize },
}

impl Reply {
    /// `status` with `body`, typed `text/html` when it starts with `<` and
    /// `application/json` otherwise.
    #[must_use]
    pub fn new(status: u16, body: &str) -> Reply {
        let content_type = if body.starts_with('<') {
            "text/html"
        } else {
            "application/json"
        };
        Reply {
            status,
            headers: vec![("Content-Type", content_type.to_owned())],
            body: body.as_bytes().to_vec(),
            shape: Shape::Whole,
        }
    }

    /// No answer at all: the server reads the request and closes the
    /// connection.
    #[must_use]
    pub fn dropped() -> Reply {
        Reply {
            shape: Shape::Dropped,
            ..Reply::new(500, "")
        }
    }

    /// `status` with `body`, announced as `announced` bytes long: the
    /// connection closes before the rest.
    #[must_use]
    pub fn cut(status: u16, body: &str, announced: usize) -> Reply {
        Reply {
            shape: Shape::Cut { announced },
            ..Reply::new(status, body)
        }
    }

    /// `status` with a body of `length` bytes, streamed.
    #[must_use]
    pub fn huge(status: u16, length: usize) -> Reply {
        Reply {
            shape: Shape::Huge { length },
            ..Reply::new(status, "")
        }
    }

    /// The same reply with one more header.
    #[must_use]
    pub fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_owned()));
        self
    }
}

/// A request the server saw: its request line and when it arrived.
#[derive(Debug, Clone)]
pub struct Seen {
    /// `GET /path HTTP/1.1`.
    pub line: String,
    /// When its head was read.
    pub at: Instant,
    /// How many bytes of the answer's body the client took before the
    /// connection closed (all of them, unless it stopped reading).
    pub body_written: usize,
}

/// A one-thread server answering with a script, in order. A request the
/// script did not plan for gets a 500, which a test notices in the count
/// of requests seen.
pub struct Server {
    addr: SocketAddr,
    thread: JoinHandle<Vec<Seen>>,
}

/// The most connections a server accepts before stopping on its own.
const MAX_CONNECTIONS: usize = 64;
/// The largest request head or body read.
const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// How long a connection may stay silent before the server gives up on it.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const STOP_PATH: &str = "/__stop";

impl Server {
    /// Binds 127.0.0.1 on a free port and serves `script` on a thread.
    ///
    /// # Panics
    ///
    /// When 127.0.0.1 cannot be bound.
    #[must_use]
    pub fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let thread = thread::spawn(move || serve(&listener, script));
        Server { addr, thread }
    }

    /// `http://127.0.0.1:PORT{path}`.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server; the requests it saw, in order.
    ///
    /// # Panics
    ///
    /// When the server cannot be reached or its thread panicked.
    #[must_use]
    pub fn finish(self) -> Vec<Seen> {
        let mut stream = TcpStream::connect(self.addr).expect("connect to stop");
        let request = format!("GET {STOP_PATH} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
        stream.write_all(request.as_bytes()).expect("send stop");
        let _ = stream.read_to_end(&mut Vec::new());
        self.thread.join().expect("server thread")
    }

    /// Stops the server; the request lines it saw, in order.
    #[must_use]
    pub fn finish_lines(self) -> Vec<String> {
        self.finish().into_iter().map(|seen| seen.line).collect()
    }
}

/// A port on 127.0.0.1 with nothing listening: connects to it are refused.
///
/// # Panics
///
/// When 127.0.0.1 cannot be bound.
#[must_use]
pub fn refused_url(path: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}{path}")
}

/// The gaps between consecutive requests.
#[must_use]
pub fn gaps(seen: &[Seen]) -> Vec<Duration> {
    seen.windows(2)
        .map(|pair| pair[1].at.duration_since(pair[0].at))
        .collect()
}

fn serve(listener: &TcpListener, script: Vec<Reply>) -> Vec<Seen> {
    let mut seen = Vec::new();
    let mut script = script.into_iter();
    for _ in 0..MAX_CONNECTIONS {
        let Ok((mut stream, _)) = listener.accept() else {
            break;
        };
        let Some(line) = read_request(&mut stream) else {
            continue;
        };
        if line.contains(STOP_PATH) {
            write_reply(&mut stream, &Reply::new(200, ""));
            break;
        }
        let at = Instant::now();
        let reply = script
            .next()
            .unwrap_or_else(|| Reply::new(500, r#"{"error":"unscripted_request"}"#));
        let body_written = write_reply(&mut stream, &reply);
        seen.push(Seen {
            line,
            at,
            body_written,
        });
    }
    seen
}

/// Reads one request (head and `Content-Length` body); its request line.
fn read_request(stream: &mut TcpStream) -> Option<String> {
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    // A client that stops reading must not hold the server forever.
    stream.set_write_timeout(Some(READ_TIMEOUT)).ok()?;
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if data.len() > MAX_REQUEST_BYTES {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let content_length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST_BYTES);
    // Reading the whole body before answering keeps the close clean (no
    // reset from unread bytes).
    let mut body_read = data.len() - head_end;
    while body_read < content_length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body_read += n;
    }
    head.lines().next().map(str::to_owned)
}

/// Writes `reply`; the number of body bytes the client accepted.
fn write_reply(stream: &mut TcpStream, reply: &Reply) -> usize {
    let length = match reply.shape {
        Shape::Dropped => return 0, // the stream closes when dropped
        Shape::Whole => reply.body.len(),
        Shape::Cut { announced } => announced,
        Shape::Huge { length } => length,
    };
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&reply.body);
    if stream.write_all(&bytes).is_err() {
        return 0;
    }
    let mut written = reply.body.len();
    if let Shape::Huge { length } = reply.shape {
        let block = [b'x'; 16 * 1024];
        // The client stops reading once it has what it needs: a failed
        // write ends the stream.
        while written < length {
            let n = (length - written).min(block.len());
            if stream.write_all(&block[..n]).is_err() {
                return written;
            }
            written += n;
        }
    }
    let _ = stream.flush();
    written
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Other",
    }
}
