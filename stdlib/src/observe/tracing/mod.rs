//! Distributed tracing: the `ballerinax/jaeger` tracing provider (docs/observability.md).
//!
//! `[ballerina.observe] tracingEnabled = true, tracingProvider = "jaeger"` makes the
//! `ballerinax/jaeger` module's `init` start the process's [`Tracer`] (`natives.rs`): a
//! sampler (`sampler.rs`) and an OTLP/HTTP exporter batching spans on a thread of its own
//! (`export.rs`). Then:
//!
//! - each request an `http:Listener` serves through a resource is a server span named
//!   `<accessor> <resource path>` with Ballerina's tags, continuing the trace of the request's
//!   W3C `traceparent`/`tracestate` headers when it has them ([`server_span`], called by the
//!   listener's dispatcher);
//! - the span rides on the resource's strand (the runtime's strand context, inherited by
//!   `start`), so each `http:Client` call made while serving the request is a client span,
//!   its child, named `ballerina/http/Client:<remote method>`, whose context goes out in the
//!   request's `traceparent` ([`client_span`]); a call outside any request starts a trace.
//!
//! Spans end off the request path: ending one queues it for the exporter without waiting.
//! [`shutdown`] (the CLI calls it when the program ends, also after SIGTERM's graceful stop)
//! sends what is queued and waits for the collector.

pub mod export;
mod natives;
pub mod sampler;
pub mod span;
mod user;

pub use natives::native;

use crate::http::server::Request;
use export::{ExportConfig, Exporter};
use intc_ir::{PathSegment, ResourceMethod};
use intc_runtime::NativeContext;
use sampler::Sampler;
use span::{new_span_id, new_trace_id, Span, SpanContext, SpanKind};
use std::rc::Rc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The `service.name` of spans outside any service (a client call from `main`).
pub const DEFAULT_SERVICE_NAME: &str = "Ballerina Service";

/// How long [`shutdown`] waits for the collector.
const SHUTDOWN_LIMIT: Duration = Duration::from_secs(5);

/// The process's tracer: the sampler and the exporter.
#[derive(Debug)]
pub struct Tracer {
    sampler: Sampler,
    exporter: Exporter,
}

/// What the tracer is started with (`[ballerinax.jaeger]`).
#[derive(Clone, Debug)]
pub struct TracingConfig {
    pub sampler_type: String,
    pub sampler_param: f64,
    pub export: ExportConfig,
}

static TRACER: RwLock<Option<Arc<Tracer>>> = RwLock::new(None);

/// The running tracer, if tracing was started.
pub fn tracer() -> Option<Arc<Tracer>> {
    TRACER.read().ok().and_then(|t| t.clone())
}

/// Starts the process's tracer (replacing a running one, which is flushed).
pub fn start(config: TracingConfig) -> Result<(), String> {
    let exporter = Exporter::start(config.export)?;
    let tracer = Arc::new(Tracer {
        sampler: Sampler::new(&config.sampler_type, config.sampler_param),
        exporter,
    });
    let previous = TRACER
        .write()
        .map_err(|_| "the tracer's lock is poisoned".to_string())?
        .replace(tracer);
    if let Some(previous) = previous {
        previous.exporter.flush(SHUTDOWN_LIMIT);
    }
    Ok(())
}

/// Sends every finished span and stops tracing (the program is ending).
pub fn shutdown() {
    let tracer = TRACER.write().ok().and_then(|mut t| t.take());
    if let Some(tracer) = tracer {
        tracer.exporter.flush(SHUTDOWN_LIMIT);
    }
}

impl Tracer {
    /// A span's context: a child of `parent` (same trace, its sampling decision), else the
    /// continuation of a remote parent or a new trace, sampled as the sampler decides.
    fn context(&self, local: Option<&SpanContext>, remote: Option<&SpanContext>) -> SpanContext {
        if let Some(parent) = local {
            return SpanContext {
                span_id: new_span_id(),
                ..parent.clone()
            };
        }
        let (trace_id, trace_state) = match remote {
            Some(remote) => (remote.trace_id, remote.trace_state.clone()),
            None => (new_trace_id(), None),
        };
        SpanContext {
            trace_id,
            span_id: new_span_id(),
            sampled: self.sampler.sample(&trace_id),
            trace_state,
        }
    }

    fn finish(&self, span: &Span, error: bool) {
        if let Some(finished) = span.end(error) {
            self.exporter.export(finished);
        }
    }
}

/// The entry point a span belongs to: its tags are copied to every span under it.
#[derive(Debug)]
struct EntryPoint {
    service: String,
    tags: Vec<(&'static str, String)>,
}

/// What a strand's context holds while tracing: the span its code runs in.
#[derive(Debug)]
struct Scope {
    span: Arc<Span>,
    entry: Arc<EntryPoint>,
}

fn current_scope(ctx: &NativeContext<'_>) -> Option<Rc<Scope>> {
    ctx.strand_context()?.downcast::<Scope>().ok()
}

/// Ballerina's module id of the program (`$anon/.:0.0.0` for a single file).
fn module_id(ctx: &NativeContext<'_>) -> String {
    match ctx.module_display_name(None) {
        name if name.is_empty() => "$anon/.:0.0.0".to_string(),
        name => name,
    }
}

/// A resource path as declared: `/albums/[string id]`, `/` for `.`.
pub(crate) fn resource_path(ctx: &NativeContext<'_>, resource: &ResourceMethod) -> String {
    let mut out = String::new();
    for segment in &resource.path {
        out.push('/');
        match segment {
            PathSegment::Literal(literal) => out.push_str(literal),
            PathSegment::Param { name, ty } => {
                out.push_str(&format!("[{} {name}]", ctx.types().type_name(*ty)));
            }
            PathSegment::Rest { name, ty } => {
                let list = ctx.types().type_name(*ty);
                let element = list.strip_suffix("[]").unwrap_or(&list);
                out.push_str(&format!("[{element}... {name}]"));
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The server span of a request (a no-op value when tracing is off).
#[derive(Clone, Debug, Default)]
pub struct ServerSpan(Option<(Arc<Tracer>, Arc<Span>)>);

impl ServerSpan {
    /// Ends the span with the response's status.
    pub fn finish(&self, status: u16) {
        if let Some((tracer, span)) = &self.0 {
            span.set("http.status_code", status.to_string());
            tracer.finish(span, status >= 500);
        }
    }
}

/// Starts the server span of `request`, served by `resource` of the service attached at
/// `base` (decoded segments), and makes it the context of the job's strand. Called by the
/// listener's dispatcher while it builds the job.
pub fn server_span(
    ctx: &mut NativeContext<'_>,
    request: &Request,
    base: &[String],
    resource: &ResourceMethod,
) -> ServerSpan {
    let Some(tracer) = tracer() else {
        return ServerSpan::default();
    };
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let remote = header("traceparent").and_then(|traceparent| {
        SpanContext::from_headers(&traceparent, header("tracestate").as_deref())
    });
    let context = tracer.context(None, remote.as_ref());
    let service = format!("/{}", base.join("/"));
    let path = resource_path(ctx, resource);
    let accessor = resource.accessor.clone();
    let module = module_id(ctx);
    let entry = Arc::new(EntryPoint {
        service: service.clone(),
        tags: vec![
            ("entrypoint.function.module", module.clone()),
            ("entrypoint.service.name", service.clone()),
            ("entrypoint.function.name", path.clone()),
            ("entrypoint.resource.accessor", accessor.clone()),
        ],
    });
    let span = Arc::new(Span::new(
        context,
        remote.as_ref().map(|r| r.span_id),
        format!("{accessor} {path}"),
        SpanKind::Server,
        service.clone(),
    ));
    for (key, value) in &entry.tags {
        span.set(key, value.clone());
    }
    let url = match &request.query {
        Some(query) => format!("{}?{query}", request.path),
        None => request.path.clone(),
    };
    let protocol = if request.secure { "https" } else { "http" };
    for (key, value) in [
        ("span.kind", "server".to_string()),
        ("src.module", module),
        ("listener.name", "http".to_string()),
        ("protocol", protocol.to_string()),
        ("src.object.name", service),
        ("src.service.resource", "true".to_string()),
        ("src.resource.accessor", accessor),
        ("src.resource.path", path),
        ("http.url", url),
        ("http.method", request.method.as_str().to_string()),
    ] {
        span.set(key, value);
    }
    ctx.set_job_context(Rc::new(Scope {
        span: span.clone(),
        entry,
    }));
    ServerSpan(Some((tracer, span)))
}

/// The span of one `http:Client` call (a no-op value when tracing is off).
#[derive(Debug, Default)]
pub struct ClientSpan(Option<(Arc<Tracer>, Arc<Span>)>);

impl ClientSpan {
    /// Adds the span's `traceparent` (and `tracestate`) to the outgoing headers, replacing
    /// any the program set.
    pub fn inject(&self, headers: &mut Vec<(String, String)>) {
        let Some((_, span)) = &self.0 else {
            return;
        };
        headers.retain(|(name, _)| {
            !name.eq_ignore_ascii_case("traceparent") && !name.eq_ignore_ascii_case("tracestate")
        });
        headers.push(("traceparent".to_string(), span.context.traceparent()));
        if let Some(state) = &span.context.trace_state {
            headers.push(("tracestate".to_string(), state.clone()));
        }
    }

    /// Ends the span: `Some(status)` when a response came back, `None` when the call failed.
    pub fn finish(&self, status: Option<u16>) {
        if let Some((tracer, span)) = &self.0 {
            match status {
                Some(status) => span.set("http.status_code", status.to_string()),
                None => span.set("error", "true"),
            }
            tracer.finish(span, status.is_none_or(|s| s >= 500));
        }
    }
}

/// Starts the span of an `http:Client` remote call `remote` (`get`, `post`, `execute`, ...)
/// sending `method` to `url` (`path` the request's path): a child of the strand's current
/// span (the request being served), else the root of a new trace.
pub fn client_span(
    ctx: &NativeContext<'_>,
    remote: String,
    method: &str,
    url: &str,
    path: &str,
) -> ClientSpan {
    let Some(tracer) = tracer() else {
        return ClientSpan::default();
    };
    let scope = current_scope(ctx);
    let parent = scope.as_ref().map(|s| &s.span);
    let context = tracer.context(parent.map(|p| &p.context), None);
    let service = scope
        .as_ref()
        .map(|s| s.entry.service.clone())
        .unwrap_or_else(|| DEFAULT_SERVICE_NAME.to_string());
    let module = module_id(ctx);
    let span = Arc::new(Span::new(
        context,
        parent.map(|p| p.context.span_id),
        format!("ballerina/http/Client:{remote}"),
        SpanKind::Client,
        service,
    ));
    match &scope {
        Some(scope) => {
            for (key, value) in &scope.entry.tags {
                span.set(key, value.clone());
            }
        }
        None => {
            span.set("entrypoint.function.module", module.clone());
            span.set("entrypoint.function.name", "main");
        }
    }
    let peer = peer_address(url);
    for (key, value) in [
        ("span.kind", "client".to_string()),
        ("src.module", module),
        ("src.client.remote", "true".to_string()),
        ("src.object.name", "ballerina/http/Client".to_string()),
        ("src.function.name", remote),
        ("http.method", method.to_string()),
        ("http.url", path.to_string()),
        ("peer.address", peer),
    ] {
        span.set(key, value);
    }
    ClientSpan(Some((tracer, span)))
}

/// `host:port` of a URL (the default port of its scheme when it names none).
fn peer_address(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let has_port = match authority.rfind(':') {
        Some(colon) => !authority[colon..].contains(']'),
        None => false,
    };
    if has_port {
        authority.to_string()
    } else {
        let port = if scheme.eq_ignore_ascii_case("https") {
            443
        } else {
            80
        };
        format!("{authority}:{port}")
    }
}

#[cfg(test)]
mod tests {
    use super::peer_address;

    #[test]
    fn peer_addresses() {
        assert_eq!(peer_address("http://127.0.0.1:9090/a/b"), "127.0.0.1:9090");
        assert_eq!(peer_address("https://example.com/x"), "example.com:443");
        assert_eq!(peer_address("http://[::1]/x"), "[::1]:80");
        assert_eq!(peer_address("http://u:p@h:81"), "h:81");
    }
}
