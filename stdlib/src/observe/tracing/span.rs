//! Spans: W3C trace context ids (`traceparent`/`tracestate`), a span in progress and the
//! finished span handed to the exporter.

use ring::rand::{SecureRandom, SystemRandom};
use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The identity of a span as W3C trace context carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanContext {
    pub trace_id: [u8; 16],
    pub span_id: [u8; 8],
    /// The `sampled` trace flag: whether the span is recorded and exported.
    pub sampled: bool,
    /// The vendors' `tracestate`, passed on unchanged.
    pub trace_state: Option<String>,
}

/// Random bytes for ids; never all zero (an invalid id in W3C trace context).
fn random_id<const N: usize>() -> [u8; N] {
    let rng = SystemRandom::new();
    let mut id = [0u8; N];
    loop {
        if rng.fill(&mut id).is_err() {
            // No system randomness: a clock-derived id still distinguishes spans.
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(1);
            for (i, byte) in id.iter_mut().enumerate() {
                *byte = (nanos >> ((i % 16) * 8)) as u8 ^ (i as u8);
            }
        }
        if id.iter().any(|b| *b != 0) {
            return id;
        }
    }
}

pub fn new_trace_id() -> [u8; 16] {
    random_id()
}

pub fn new_span_id() -> [u8; 8] {
    random_id()
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 || !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

impl SpanContext {
    /// The `traceparent` header value: `00-<trace id>-<span id>-<flags>`.
    pub fn traceparent(&self) -> String {
        format!(
            "00-{}-{}-{}",
            hex(&self.trace_id),
            hex(&self.span_id),
            if self.sampled { "01" } else { "00" }
        )
    }

    /// Reads a `traceparent` (and `tracestate`) header, as W3C Trace Context specifies:
    /// lower-case hex, ids not all zero, version `ff` invalid; a future version may append
    /// fields after the flags. `None` for anything malformed (the request then starts a new
    /// trace).
    pub fn from_headers(traceparent: &str, tracestate: Option<&str>) -> Option<SpanContext> {
        let text = traceparent.trim();
        let mut parts = text.split('-');
        let version = parts.next()?;
        let trace = parts.next()?;
        let span = parts.next()?;
        let flags = parts.next()?;
        let version: [u8; 1] = unhex(version)?;
        if version[0] == 0xff || (version[0] == 0 && parts.next().is_some()) {
            return None;
        }
        let trace_id: [u8; 16] = unhex(trace)?;
        let span_id: [u8; 8] = unhex(span)?;
        let flags: [u8; 1] = unhex(flags.get(..2)?)?;
        if trace_id.iter().all(|b| *b == 0) || span_id.iter().all(|b| *b == 0) {
            return None;
        }
        let trace_state = tracestate
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.len() <= 512)
            .map(str::to_owned);
        Some(SpanContext {
            trace_id,
            span_id,
            sampled: flags[0] & 1 == 1,
            trace_state,
        })
    }
}

/// OTLP span kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    Internal = 1,
    Server = 2,
    Client = 3,
}

/// A span in progress. Its attributes are Ballerina's tags (all strings, as Ballerina
/// records them).
#[derive(Debug)]
pub struct Span {
    pub context: SpanContext,
    pub parent: Option<[u8; 8]>,
    pub name: String,
    pub kind: SpanKind,
    /// The `service.name` of the span's resource (the entry point's service).
    pub service: String,
    start_unix_nanos: u64,
    start: Instant,
    attributes: Mutex<Vec<(String, String)>>,
    finished: Mutex<bool>,
}

/// A span to export.
#[derive(Clone, Debug)]
pub struct FinishedSpan {
    pub context: SpanContext,
    pub parent: Option<[u8; 8]>,
    pub name: String,
    pub kind: SpanKind,
    pub service: String,
    pub start_unix_nanos: u64,
    pub end_unix_nanos: u64,
    pub attributes: Vec<(String, String)>,
    /// Marks a failed operation (OTLP status `ERROR`).
    pub error: bool,
}

fn unix_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

impl Span {
    pub fn new(
        context: SpanContext,
        parent: Option<[u8; 8]>,
        name: String,
        kind: SpanKind,
        service: String,
    ) -> Span {
        Span {
            context,
            parent,
            name,
            kind,
            service,
            start_unix_nanos: unix_nanos(),
            start: Instant::now(),
            attributes: Mutex::new(Vec::new()),
            finished: Mutex::new(false),
        }
    }

    /// Sets a tag (replacing an earlier value of the same key).
    pub fn set(&self, key: &str, value: impl Into<String>) {
        let value = value.into();
        if let Ok(mut attributes) = self.attributes.lock() {
            match attributes.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value,
                None => attributes.push((key.to_owned(), value)),
            }
        }
    }

    /// The value of a tag.
    pub fn get(&self, key: &str) -> Option<String> {
        let attributes = self.attributes.lock().ok()?;
        attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Ends the span (once: later calls answer `None`); the finished span to export if it
    /// is sampled.
    pub fn end(&self, error: bool) -> Option<FinishedSpan> {
        {
            let mut finished = self.finished.lock().ok()?;
            if *finished {
                return None;
            }
            *finished = true;
        }
        if !self.context.sampled {
            return None;
        }
        let elapsed = u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        let attributes = self
            .attributes
            .lock()
            .map(|a| a.clone())
            .unwrap_or_default();
        Some(FinishedSpan {
            context: self.context.clone(),
            parent: self.parent,
            name: self.name.clone(),
            kind: self.kind,
            service: self.service.clone(),
            start_unix_nanos: self.start_unix_nanos,
            end_unix_nanos: self.start_unix_nanos.saturating_add(elapsed),
            attributes,
            error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceparent_round_trip() {
        let context = SpanContext {
            trace_id: [0xab; 16],
            span_id: [0x01; 8],
            sampled: true,
            trace_state: None,
        };
        let text = context.traceparent();
        assert_eq!(
            text,
            "00-abababababababababababababababab-0101010101010101-01"
        );
        assert_eq!(SpanContext::from_headers(&text, None), Some(context));
    }

    #[test]
    fn malformed_traceparents_are_refused() {
        let good_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        for bad in [
            "",
            "00",
            &format!("00-{good_trace}-00f067aa0ba902b7"),
            &format!("ff-{good_trace}-00f067aa0ba902b7-01"),
            &format!("00-{}-00f067aa0ba902b7-01", "0".repeat(32)),
            &format!("00-{good_trace}-0000000000000000-01"),
            &format!("00-{}-00f067aa0ba902b7-01", good_trace.to_uppercase()),
            &format!("00-{good_trace}-00f067aa0ba902b7-01-extra"),
            &format!("00-{good_trace}x-00f067aa0ba902b7-01"),
        ] {
            assert_eq!(SpanContext::from_headers(bad, None), None, "{bad}");
        }
        // A later version may carry more fields.
        let future = format!("01-{good_trace}-00f067aa0ba902b7-00-what-ever");
        let parsed = SpanContext::from_headers(&future, Some("a=b")).expect("future version");
        assert!(!parsed.sampled);
        assert_eq!(parsed.trace_state.as_deref(), Some("a=b"));
    }

    #[test]
    fn ids_are_random_and_nonzero() {
        let a = new_trace_id();
        let b = new_trace_id();
        assert_ne!(a, b);
        assert!(new_span_id().iter().any(|b| *b != 0));
    }
}
