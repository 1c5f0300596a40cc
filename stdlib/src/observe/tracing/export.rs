//! The span exporter: OTLP over HTTP with the JSON encoding (`POST /v1/traces`,
//! `application/json`), batched on a thread of its own.
//!
//! Finished spans go through a bounded channel (`try_send`: a strand never waits; when the
//! buffer of `reporterBufferSize` spans is full, new spans are dropped and counted). The
//! exporter thread runs a current-thread tokio runtime with hyper-util's client and sends a
//! batch every `reporterFlushInterval`, or sooner once a batch is full. `flush` sends what is
//! queued and waits for the collector's answer (for a graceful stop: no span is lost).

use super::span::{hex, FinishedSpan};
use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// The largest batch one request carries.
const MAX_BATCH: usize = 512;
/// How long one export may take before it is given up.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

enum Message {
    Span(Box<FinishedSpan>),
    /// Export everything queued, then answer.
    Flush(std::sync::mpsc::Sender<()>),
}

/// Where and how the exporter sends spans.
#[derive(Clone, Debug)]
pub struct ExportConfig {
    /// `http://host:port/v1/traces`.
    pub url: String,
    pub flush_interval: Duration,
    pub buffer_size: usize,
    /// Report failed exports on standard error (`isErrorLoggingEnabled`).
    pub log_errors: bool,
    /// Print each exported batch on standard output (`isPayloadLoggingEnabled`).
    pub log_payloads: bool,
}

/// The sending side of the exporter thread.
#[derive(Debug)]
pub struct Exporter {
    queue: mpsc::Sender<Message>,
    pub dropped: Arc<AtomicU64>,
}

impl Exporter {
    /// Starts the exporter thread.
    pub fn start(config: ExportConfig) -> Result<Exporter, String> {
        let (queue, receiver) = mpsc::channel(config.buffer_size.max(1));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        std::thread::Builder::new()
            .name("intc-trace-exporter".to_string())
            .spawn(move || runtime.block_on(run(config, receiver)))
            .map_err(|e| e.to_string())?;
        Ok(Exporter {
            queue,
            dropped: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Queues a span without waiting (dropped when the buffer is full).
    pub fn export(&self, span: FinishedSpan) {
        if self.queue.try_send(Message::Span(Box::new(span))).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Sends everything queued and waits (at most `limit`) until the collector answered.
    pub fn flush(&self, limit: Duration) {
        let (done, waiting) = std::sync::mpsc::channel();
        let queue = self.queue.clone();
        // The queue may be full: give the exporter a moment to make room.
        let deadline = std::time::Instant::now() + limit;
        let mut message = Message::Flush(done);
        loop {
            match queue.try_send(message) {
                Ok(()) => break,
                Err(mpsc::error::TrySendError::Full(back)) => {
                    if std::time::Instant::now() >= deadline {
                        return;
                    }
                    message = back;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(mpsc::error::TrySendError::Closed(_)) => return,
            }
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let _ = waiting.recv_timeout(left);
    }
}

async fn run(config: ExportConfig, mut receiver: mpsc::Receiver<Message>) {
    let client: Client<_, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let mut batch: Vec<FinishedSpan> = Vec::new();
    let mut ticker = tokio::time::interval(config.flush_interval.max(Duration::from_millis(10)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            message = receiver.recv() => match message {
                Some(Message::Span(span)) => {
                    batch.push(*span);
                    if batch.len() >= MAX_BATCH {
                        send(&client, &config, std::mem::take(&mut batch)).await;
                    }
                }
                Some(Message::Flush(done)) => {
                    while !batch.is_empty() {
                        let rest = batch.split_off(batch.len().min(MAX_BATCH));
                        send(&client, &config, std::mem::replace(&mut batch, rest)).await;
                    }
                    let _ = done.send(());
                }
                None => {
                    if !batch.is_empty() {
                        send(&client, &config, batch).await;
                    }
                    return;
                }
            },
            _ = ticker.tick() => {
                if !batch.is_empty() {
                    send(&client, &config, std::mem::take(&mut batch)).await;
                }
            }
        }
    }
}

async fn send<C>(client: &Client<C, Full<Bytes>>, config: &ExportConfig, spans: Vec<FinishedSpan>)
where
    C: hyper_util::client::legacy::connect::Connect + Clone + Send + Sync + 'static,
{
    let body = encode(&spans);
    if config.log_payloads {
        println!("ballerina: exporting {} spans: {body}", spans.len());
    }
    let request = hyper::Request::post(config.url.as_str())
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)));
    let Ok(request) = request else {
        if config.log_errors {
            eprintln!("error: invalid trace endpoint {}", config.url);
        }
        return;
    };
    let outcome = tokio::time::timeout(EXPORT_TIMEOUT, client.request(request)).await;
    let problem = match outcome {
        Ok(Ok(response)) if response.status().is_success() => {
            // Read the answer so that the connection can be reused.
            let _ = http_body_util::BodyExt::collect(response.into_body()).await;
            None
        }
        Ok(Ok(response)) => Some(format!("status {}", response.status().as_u16())),
        Ok(Err(error)) => Some(error.to_string()),
        Err(_) => Some("timed out".to_string()),
    };
    if let (Some(problem), true) = (problem, config.log_errors) {
        eprintln!(
            "error: failed to publish {} spans to {}: {problem}",
            spans.len(),
            config.url
        );
    }
}

/// A JSON string literal.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn attribute(out: &mut String, key: &str, value: &str) {
    out.push_str("{\"key\":");
    string(out, key);
    out.push_str(",\"value\":{\"stringValue\":");
    string(out, value);
    out.push_str("}}");
}

/// The OTLP/JSON `ExportTraceServiceRequest` of `spans`: one resource per `service.name`,
/// one scope (`jaeger`, Ballerina's instrumentation library name). Ids are hex and times
/// decimal strings, as the OTLP JSON mapping requires.
pub fn encode(spans: &[FinishedSpan]) -> String {
    let mut by_service: BTreeMap<&str, Vec<&FinishedSpan>> = BTreeMap::new();
    for span in spans {
        by_service.entry(&span.service).or_default().push(span);
    }
    let mut out = String::from("{\"resourceSpans\":[");
    for (i, (service, spans)) in by_service.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"resource\":{\"attributes\":[");
        attribute(&mut out, "service.name", service);
        out.push_str("]},\"scopeSpans\":[{\"scope\":{\"name\":\"jaeger\"},\"spans\":[");
        for (j, span) in spans.into_iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push_str("{\"traceId\":\"");
            out.push_str(&hex(&span.context.trace_id));
            out.push_str("\",\"spanId\":\"");
            out.push_str(&hex(&span.context.span_id));
            out.push('"');
            if let Some(parent) = &span.parent {
                out.push_str(",\"parentSpanId\":\"");
                out.push_str(&hex(parent));
                out.push('"');
            }
            if let Some(state) = &span.context.trace_state {
                out.push_str(",\"traceState\":");
                string(&mut out, state);
            }
            out.push_str(",\"name\":");
            string(&mut out, &span.name);
            let _ = write!(
                out,
                ",\"kind\":{},\"startTimeUnixNano\":\"{}\",\"endTimeUnixNano\":\"{}\",\"attributes\":[",
                span.kind as u8, span.start_unix_nanos, span.end_unix_nanos
            );
            for (k, (key, value)) in span.attributes.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                attribute(&mut out, key, value);
            }
            // OTLP status: 0 unset, 2 error.
            let _ = write!(
                out,
                "],\"status\":{{\"code\":{}}}}}",
                if span.error { 2 } else { 0 }
            );
        }
        out.push_str("]}]}");
    }
    out.push_str("]}");
    out
}
