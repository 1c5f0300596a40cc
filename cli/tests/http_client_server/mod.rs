//! A small HTTP/1.1 server on 127.0.0.1 (a free port) for the `http:Client` tests: one thread
//! per connection, `Connection: close` on every response, fixed routes.

pub mod core;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

/// The shared server's port (started on first use).
pub fn port() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(start)
}

/// A port nothing listens on: bound, then closed again.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    port
}

#[derive(Default)]
struct State {
    /// Requests per `/flaky/<key>` path.
    flaky: HashMap<String, u32>,
    /// Requests waiting at `/barrier/<key>`.
    barrier: HashMap<String, u32>,
}

fn start() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    let state = Arc::new((Mutex::new(State::default()), Condvar::new()));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                let _ = serve(stream, &state);
            });
        }
    });
    port
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
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
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Request {
        method,
        path,
        headers,
        body,
    })
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

type Shared = (Mutex<State>, Condvar);

fn serve(mut stream: TcpStream, state: &Shared) -> std::io::Result<()> {
    let request = read_request(&stream)?;
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let path = request.path.clone();
    let (status, content_type, body, extra): (u16, &str, Vec<u8>, Vec<(String, String)>) =
        match (request.method.as_str(), path.as_str()) {
            (_, "/echo") => {
                let body = format!(
                    "{{\"method\":{},\"contentType\":{},\"body\":{}}}",
                    json_string(&request.method),
                    json_string(&header("content-type").unwrap_or_default()),
                    json_string(&String::from_utf8_lossy(&request.body)),
                );
                (200, "application/json", body.into_bytes(), vec![])
            }
            ("GET" | "HEAD", "/text") => (200, "text/plain", b"hello".to_vec(), vec![]),
            ("GET", "/album") => (
                200,
                "application/json",
                br#"{"title":"Blue Train","artist":"John Coltrane","year":1957}"#.to_vec(),
                vec![],
            ),
            ("GET", "/albums") => (
                200,
                "application/json",
                br#"[{"title":"Blue Train","artist":"John Coltrane","year":1957},{"title":"Jeru","artist":"Gerry Mulligan","year":1962}]"#.to_vec(),
                vec![],
            ),
            ("GET", "/bytes") => (200, "application/octet-stream", vec![1, 2, 3, 254], vec![]),
            ("GET", "/badjson") => (200, "application/json", b"{\"title\":".to_vec(), vec![]),
            ("GET", "/headers") => {
                let body = format!(
                    "{{\"x-test\":{},\"accept\":{}}}",
                    json_string(&header("x-test").unwrap_or_default()),
                    json_string(&header("x-multi").unwrap_or_default()),
                );
                (
                    200,
                    "application/json",
                    body.into_bytes(),
                    vec![("x-server".to_string(), "intc-test".to_string())],
                )
            }
            ("GET", "/missing") => (404, "text/plain", b"no such thing".to_vec(), vec![]),
            ("GET", "/fail") => (
                500,
                "application/json",
                br#"{"message":"boom"}"#.to_vec(),
                vec![],
            ),
            ("GET", "/slow") => {
                std::thread::sleep(Duration::from_secs(3));
                (200, "text/plain", b"late".to_vec(), vec![])
            }
            ("GET", "/auth") => {
                let value = header("authorization").unwrap_or_else(|| "none".to_string());
                (200, "text/plain", value.into_bytes(), vec![])
            }
            ("GET", "/redirect-auth") => (
                302,
                "text/plain",
                Vec::new(),
                vec![("location".to_string(), "/auth".to_string())],
            ),
            ("GET", "/redirect") => (
                302,
                "text/plain",
                Vec::new(),
                vec![("location".to_string(), "/text".to_string())],
            ),
            ("GET", p) if p.starts_with("/flaky/") => {
                let count = {
                    let mut guard = state.0.lock().unwrap_or_else(|e| e.into_inner());
                    let count = guard.flaky.entry(p.to_string()).or_insert(0);
                    *count += 1;
                    *count
                };
                if count < 3 {
                    (503, "text/plain", b"try again".to_vec(), vec![])
                } else {
                    (200, "text/plain", format!("ok after {count}").into_bytes(), vec![])
                }
            }
            // Answers only once three requests wait here at the same time (or gives up after
            // ten seconds): proves the client runs calls of different strands concurrently.
            ("GET", p) if p.starts_with("/barrier/") => {
                let (lock, ready) = state;
                let mut guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                *guard.barrier.entry(p.to_string()).or_insert(0) += 1;
                ready.notify_all();
                let (guard, timeout) = ready
                    .wait_timeout_while(guard, Duration::from_secs(10), |s| {
                        s.barrier.get(p).copied().unwrap_or(0) < 3
                    })
                    .unwrap_or_else(|e| e.into_inner());
                drop(guard);
                let text = if timeout.timed_out() { "alone" } else { "together" };
                (200, "text/plain", text.as_bytes().to_vec(), vec![])
            }
            _ => (404, "text/plain", b"no such thing".to_vec(), vec![]),
        };
    let reason = match status {
        200 => "OK",
        302 => "Found",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if request.method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// A TLS server on 127.0.0.1 answering every request with `hello over tls`, with a
/// self-signed certificate for `127.0.0.1` and `localhost` made here; returns its port and
/// the certificate in PEM.
pub fn tls_server() -> (u16, String) {
    static SERVER: OnceLock<(u16, String)> = OnceLock::new();
    SERVER.get_or_init(start_tls).clone()
}

/// The PEM certificate and key of a client, for mutual TLS.
pub struct ClientIdentity {
    pub cert: String,
    pub key: String,
}

/// A TLS server that also requires a client certificate (the returned identity's); returns
/// its port, its own certificate and the client identity.
pub fn mutual_tls_server() -> (u16, String, &'static ClientIdentity) {
    static SERVER: OnceLock<(u16, String, ClientIdentity)> = OnceLock::new();
    let (port, pem, identity) = SERVER.get_or_init(|| {
        let client = rcgen::generate_simple_self_signed(vec!["client.test".to_string()])
            .expect("client certificate");
        let identity = ClientIdentity {
            cert: client.cert.pem(),
            key: client.key_pair.serialize_pem(),
        };
        let (port, pem) = start_tls_with(Some(client.cert.der().clone()));
        (port, pem, identity)
    });
    (*port, pem.clone(), identity)
}

fn start_tls() -> (u16, String) {
    start_tls_with(None)
}

fn start_tls_with(
    client_root: Option<rustls::pki_types::CertificateDer<'static>>,
) -> (u16, String) {
    let names = vec!["127.0.0.1".to_string(), "localhost".to_string()];
    let certified = rcgen::generate_simple_self_signed(names).expect("self-signed certificate");
    let pem = certified.cert.pem();
    let cert = certified.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(rustls::pki_types::PrivatePkcs8KeyDer::from(
        certified.key_pair.serialize_der(),
    ));
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .expect("protocol versions");
    let builder = match client_root {
        None => builder.with_no_client_auth(),
        Some(root) => {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(root).expect("client root");
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                provider,
            )
            .build()
            .expect("client verifier");
            builder.with_client_cert_verifier(verifier)
        }
    };
    let config = builder
        .with_single_cert(vec![cert], key)
        .expect("server certificate");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = Arc::clone(&config);
            std::thread::spawn(move || {
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let mut reader = BufReader::new(&mut tls);
                // Read the request head (a failed handshake ends here).
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) if line.trim_end().is_empty() => break,
                        Ok(_) => {}
                    }
                }
                let body = b"hello over tls";
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(head.as_bytes());
                let _ = tls.write_all(body);
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    (port, pem)
}
