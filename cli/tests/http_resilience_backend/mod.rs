//! Backends for the resilient client tests: small HTTP/1.1 servers on 127.0.0.1 (a free port
//! each), one per test, that answer through a handler given the request and how many requests
//! came before it, record every request (so a test counts what reached the backend), and stop
//! when dropped. Every response closes its connection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Runs `source` as `NAME.int` with `-CKEY=PORT` for each port; (exit code, stdout, stderr).
pub fn run(name: &str, source: &str, ports: &[(&str, u16)]) -> (Option<i32>, String, String) {
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("intc-http-resilience")
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("scratch directory");
    let file = directory.join(format!("{name}.int"));
    std::fs::write(&file, source).expect("write the program");
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .arg("run")
        .args(ports.iter().map(|(key, port)| format!("-C{key}={port}")))
        .arg(&file)
        .current_dir(&directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run intc");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

pub fn check(name: &str, source: &str, ports: &[(&str, u16)], expected: &str) {
    let (code, stdout, stderr) = run(name, source, ports);
    assert_eq!(stdout, expected, "{name}: stderr: {stderr}");
    assert_eq!(code, Some(0), "{name}: stderr: {stderr}");
}

/// A request as the backend read it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A response to write.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(status: u16, body: &str) -> Answer {
        Answer {
            status,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with(mut self, name: &str, value: &str) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Seen, usize) -> Answer + Send + Sync;

/// A running backend; stopped when dropped.
pub struct Backend {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Backend {
    /// Starts a backend answering with `handler(request, requests before it)`.
    pub fn start(handler: impl Fn(&Seen, usize) -> Answer + Send + Sync + 'static) -> Backend {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let thread = {
            let seen = Arc::clone(&seen);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let seen = Arc::clone(&seen);
                    let handler = Arc::clone(&handler);
                    std::thread::spawn(move || serve(stream, &seen, &*handler));
                }
            })
        };
        Backend {
            port,
            seen,
            stop,
            thread: Some(thread),
        }
    }

    /// A backend that always answers `status` with `body`.
    pub fn fixed(status: u16, body: &'static str) -> Backend {
        Backend::start(move |_, _| Answer::text(status, body))
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn hits(&self) -> usize {
        self.seen().len()
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A port nothing listens on: bound, then closed again.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    port
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(request) = read_request(&stream) else {
        return;
    };
    let before = {
        let Ok(mut seen) = seen.lock() else { return };
        seen.push(request.clone());
        seen.len() - 1
    };
    let answer = handler(&request, before);
    let reason = match answer.status {
        200 => "OK",
        304 => "Not Modified",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", answer.status);
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if answer.status != 304 {
        head.push_str(&format!("content-length: {}\r\n", answer.body.len()));
    }
    head.push_str("connection: close\r\n\r\n");
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    if answer.status != 304 && request.method != "HEAD" {
        let _ = stream.write_all(&answer.body);
    }
    let _ = stream.flush();
}

fn read_request(stream: &TcpStream) -> std::io::Result<Seen> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    if method.is_empty() {
        return Err(std::io::Error::other("no request"));
    }
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    Ok(Seen {
        method,
        path,
        headers,
        body,
    })
}
