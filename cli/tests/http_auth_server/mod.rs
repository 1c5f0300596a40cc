//! The identity provider and backend of the auth tests: a small HTTP/1.1 server on 127.0.0.1
//! (a free port, one thread per connection, `Connection: close`) with an OAuth2 token endpoint,
//! an RFC 7662 introspection endpoint, a JWKS endpoint and a backend that echoes the
//! `Authorization` header. Every request is recorded, so tests can check what the program sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// The client id and secret the token endpoint accepts.
pub const CLIENT_ID: &str = "cid";
pub const CLIENT_SECRET: &str = "csecret";

/// One request the server received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

#[derive(Default)]
struct State {
    seen: Vec<Seen>,
    tokens_issued: u32,
}

/// A running server.
pub struct Server {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub fn start(jwks: String) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let (shared, document) = (Arc::clone(&state), Arc::new(jwks));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (state, jwks) = (Arc::clone(&shared), Arc::clone(&document));
                std::thread::spawn(move || {
                    let _ = serve(stream, &state, &jwks);
                });
            }
        });
        Server { port, state }
    }

    /// The requests received on `path` (without the query), in order.
    pub fn seen(&self, path: &str) -> Vec<Seen> {
        let state = self.state.lock().expect("state lock");
        state
            .seen
            .iter()
            .filter(|s| s.path.split('?').next() == Some(path))
            .cloned()
            .collect()
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The decoded `name=value` pairs of a form body.
pub fn form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                name.to_string(),
                value.replace('+', " ").replace("%20", " "),
            )
        })
        .collect()
}

fn form_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Base64 (standard alphabet, padded), for the expected `Basic` credentials.
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn serve(stream: TcpStream, state: &Mutex<State>, jwks: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(&stream);
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
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();
    let seen = Seen {
        method,
        path: path.clone(),
        authorization: header("authorization"),
        content_type: header("content-type"),
        body: body.clone(),
    };
    let (status, content_type, reply) = respond(state, &seen, jwks);
    state.lock().expect("state lock").seen.push(seen);
    let mut out = &stream;
    write!(
        out,
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
        reply.len()
    )?;
    out.flush()
}

/// The query parameter `name` of `path`.
fn query<'a>(path: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = path.split_once('?')?;
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

fn respond(state: &Mutex<State>, seen: &Seen, jwks: &str) -> (u16, &'static str, String) {
    let route = seen.path.split('?').next().unwrap_or("");
    match route {
        "/echo-auth" => (
            200,
            "text/plain",
            seen.authorization.clone().unwrap_or_else(|| "none".into()),
        ),
        "/jwks" => (200, "application/json", jwks.to_string()),
        "/token" => token(state, seen),
        "/introspect" => introspect(seen),
        _ => (404, "text/plain", "not found".into()),
    }
}

/// The token endpoint: the client is authenticated by `Basic` credentials or by `client_id`
/// and `client_secret` in the body; each grant answers a new access token named after it (and
/// the refresh token it was given, if any). `?expires=N` sets `expires_in`.
fn token(state: &Mutex<State>, seen: &Seen) -> (u16, &'static str, String) {
    let pairs = form(&seen.body);
    let basic = format!(
        "Basic {}",
        base64(format!("{CLIENT_ID}:{CLIENT_SECRET}").as_bytes())
    );
    let client_ok = seen.authorization.as_deref() == Some(basic.as_str())
        || (form_value(&pairs, "client_id") == Some(CLIENT_ID)
            && form_value(&pairs, "client_secret") == Some(CLIENT_SECRET));
    let grant = form_value(&pairs, "grant_type").unwrap_or("");
    let user_ok = grant != "password"
        || (form_value(&pairs, "username") == Some("alice")
            && form_value(&pairs, "password") == Some("wonderland"));
    if !client_ok || !user_ok || grant.is_empty() {
        return (
            401,
            "application/json",
            r#"{"error":"invalid_client"}"#.into(),
        );
    }
    let n = {
        let mut state = state.lock().expect("state lock");
        state.tokens_issued += 1;
        state.tokens_issued
    };
    let expires: i64 = query(&seen.path, "expires")
        .and_then(|e| e.parse().ok())
        .unwrap_or(3600);
    let from = form_value(&pairs, "refresh_token").unwrap_or("none");
    let reply = serde_json::json!({
        "access_token": format!("{grant}-{n}-from-{from}"),
        "token_type": "Bearer",
        "expires_in": expires,
        "refresh_token": format!("refresh-{n}"),
    });
    (200, "application/json", reply.to_string())
}

/// The introspection endpoint: tokens starting `good` are active with the scopes after
/// `good-` (`good-read-write`: "read write"); others are inactive.
fn introspect(seen: &Seen) -> (u16, &'static str, String) {
    let pairs = form(&seen.body);
    let token = form_value(&pairs, "token").unwrap_or("");
    let reply = match token.strip_prefix("good") {
        Some(rest) => serde_json::json!({
            "active": true,
            "scope": rest.trim_start_matches('-').replace('-', " "),
            "client_id": CLIENT_ID,
            "username": "alice",
            "exp": now() + 3600,
        }),
        None => serde_json::json!({"active": false}),
    };
    (200, "application/json", reply.to_string())
}
