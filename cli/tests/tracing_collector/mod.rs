//! An OTLP/HTTP collector for the tracing tests: a small HTTP/1.1 server on 127.0.0.1 (a free
//! port) that accepts `POST /v1/traces` with OTLP's JSON encoding, as a real collector does,
//! and keeps the spans it received (and the requests' content types).

use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// One received span.
#[derive(Clone, Debug)]
pub struct Span {
    pub trace_id: String,
    pub span_id: String,
    pub parent: Option<String>,
    pub trace_state: Option<String>,
    pub name: String,
    pub kind: i64,
    /// The resource's `service.name`.
    pub service: String,
    pub scope: String,
    pub start: u128,
    pub end: u128,
    pub status: i64,
    pub attributes: HashMap<String, String>,
}

impl Span {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attributes.get(key).map(String::as_str)
    }
}

#[derive(Default)]
struct Received {
    spans: Vec<Span>,
    /// Every export request: its path and content type.
    requests: Vec<(String, String)>,
}

pub struct Collector {
    pub port: u16,
    received: Arc<(Mutex<Received>, Condvar)>,
}

impl Collector {
    pub fn start() -> Collector {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local address").port();
        let received = Arc::new((Mutex::new(Received::default()), Condvar::new()));
        let shared = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        Collector { port, received }
    }

    /// Waits (at most `limit`) until `count` spans arrived; all spans received.
    pub fn wait_for(&self, count: usize, limit: Duration) -> Vec<Span> {
        let (lock, arrived) = &*self.received;
        let deadline = Instant::now() + limit;
        let mut received = lock.lock().expect("collector lock");
        while received.spans.len() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            received = arrived.wait_timeout(received, left).expect("wait").0;
        }
        received.spans.clone()
    }

    pub fn spans(&self) -> Vec<Span> {
        self.received
            .0
            .lock()
            .expect("collector lock")
            .spans
            .clone()
    }

    pub fn requests(&self) -> Vec<(String, String)> {
        self.received
            .0
            .lock()
            .expect("collector lock")
            .requests
            .clone()
    }
}

/// Serves one connection (keep-alive: the exporter reuses its connection).
fn serve(stream: TcpStream, shared: &Arc<(Mutex<Received>, Condvar)>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let _method = parts.next().unwrap_or("");
        let path = parts.next().unwrap_or("").to_string();
        let mut headers = HashMap::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
            }
        }
        let length: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let spans = serde_json::from_slice::<Value>(&body)
            .map(|json| spans_of(&json))
            .unwrap_or_default();
        {
            let (lock, arrived) = &**shared;
            let mut received = lock.lock().expect("collector lock");
            let content_type = headers.get("content-type").cloned().unwrap_or_default();
            received.requests.push((path, content_type));
            received.spans.extend(spans);
            arrived.notify_all();
        }
        let answer =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        if writer.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or("").to_string()
}

/// The spans of an OTLP/JSON `ExportTraceServiceRequest`.
fn spans_of(json: &Value) -> Vec<Span> {
    let mut out = Vec::new();
    let empty = Vec::new();
    for resource in json["resourceSpans"].as_array().unwrap_or(&empty) {
        let service = resource["resource"]["attributes"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .find(|a| a["key"] == "service.name")
            .map(|a| text(&a["value"], "stringValue"))
            .unwrap_or_default();
        for scope in resource["scopeSpans"].as_array().unwrap_or(&empty) {
            let scope_name = text(&scope["scope"], "name");
            for span in scope["spans"].as_array().unwrap_or(&empty) {
                let attributes = span["attributes"]
                    .as_array()
                    .unwrap_or(&empty)
                    .iter()
                    .map(|a| (text(a, "key"), text(&a["value"], "stringValue")))
                    .collect();
                let parent = text(span, "parentSpanId");
                let state = text(span, "traceState");
                out.push(Span {
                    trace_id: text(span, "traceId"),
                    span_id: text(span, "spanId"),
                    parent: (!parent.is_empty()).then_some(parent),
                    trace_state: (!state.is_empty()).then_some(state),
                    name: text(span, "name"),
                    kind: span["kind"].as_i64().unwrap_or(-1),
                    service: service.clone(),
                    scope: scope_name.clone(),
                    start: text(span, "startTimeUnixNano").parse().unwrap_or(0),
                    end: text(span, "endTimeUnixNano").parse().unwrap_or(0),
                    status: span["status"]["code"].as_i64().unwrap_or(0),
                    attributes,
                });
            }
        }
    }
    out
}
