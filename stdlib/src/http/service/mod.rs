//! The `http:Listener` natives: `createListener` (from `Listener.init`), `attach`/`detach`
//! (the services and their base paths), `start` (binds the server core and registers its
//! request queue as an event source of the isolate), `gracefulStop`/`immediateStop`, and
//! `decodeComponent` (percent-decoding for forms). Dispatch is in `dispatch.rs`, argument
//! binding in `bind.rs`, results to responses in `respond.rs`, CORS in `cors.rs`, interceptor pipelines in `interceptors.rs`, and the
//! natives of `http:Caller` and `http:RequestContext` in `caller.rs`.

mod bind;
mod caller;
mod compression;
mod cors;
mod dispatch;
mod interceptors;
mod json_payload;
mod replicas;
mod respond;
mod sse;
mod wire;
mod xml_payload;

pub(crate) use replicas::replicate_listener;

use super::server::isolate;
use super::server::{Server, ServerConfig};
use crate::observe::HttpObserver;
use crate::StdNative;
use intc_runtime::native::{Completion, Native, Step};
use intc_runtime::steps::call_method_done;
use intc_runtime::value::HandleObj;
use intc_runtime::{EventSourceId, NativeContext, Panic, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

pub fn native(id: StdNative) -> Option<Native> {
    #[allow(unreachable_patterns)]
    Some(match id {
        StdNative::HttpCreateListener => Native::Plain(create_listener),
        StdNative::HttpDecodeComponent => Native::Plain(decode_component),
        StdNative::HttpListenerAttach => Native::Step(attach),
        StdNative::HttpListenerDetach => Native::Step(detach),
        StdNative::HttpListenerStart => Native::Step(start),
        StdNative::HttpListenerGracefulStop => Native::Step(graceful_stop),
        StdNative::HttpListenerImmediateStop => Native::Step(immediate_stop),
        StdNative::HttpSendResponse => Native::Plain(caller::send_response),
        StdNative::HttpContextNext => Native::Plain(caller::context_next),
        StdNative::HttpContextPrepare => Native::Plain(caller::context_prepare),
        StdNative::HttpContextNextCalled => Native::Plain(caller::context_next_called),
        StdNative::HttpRequestContextGetWithType => Native::Step(caller::get_with_type),
        StdNative::HttpInvokeStage => Native::Step(caller::invoke_stage),
        StdNative::HttpUtcNowText => Native::Plain(caller::utc_now_text),
        StdNative::HttpReasonPhrase => Native::Plain(caller::reason_phrase),
        StdNative::HttpSendSseChunk => Native::Step(sse::send_chunk),
        StdNative::HttpSendEventResponse => Native::Plain(caller::send_event_response),
        _ => return None,
    })
}

/// A service attached to a listener at a base path (decoded segments).
pub(crate) struct Attached {
    base: Vec<String>,
    service: Value,
    /// Set for the upgrade services of another module on this listener (`std/websocket`):
    /// they serve only upgrade requests, and the hook answers their resource's result.
    upgrade: Option<Rc<dyn UpgradeHook>>,
}

/// What an upgrade request keeps for its hook.
pub(crate) struct UpgradeRequest {
    pub on_upgrade: hyper::upgrade::OnUpgrade,
    pub headers: hyper::HeaderMap,
    pub secure: bool,
}

/// Answers upgrade requests (a WebSocket handshake) for the services of a listener module
/// that sits on `http:Listener`.
pub(crate) trait UpgradeHook {
    /// The response to `request`, whose upgrade resource method returned `result`; a 101
    /// response hands the connection over through `request.on_upgrade`.
    fn respond(
        &self,
        ctx: &mut NativeContext<'_>,
        service: &Value,
        request: UpgradeRequest,
        result: Result<Value, Panic>,
    ) -> super::server::Response;
}

/// Attaches the upgrade service `service` of another module at the base path `name` of the
/// `http:Listener` `listener`; the error message when the path is taken.
pub(crate) fn attach_upgrade(
    ctx: &NativeContext<'_>,
    listener: &Value,
    service: Value,
    name: &Value,
    hook: Rc<dyn UpgradeHook>,
) -> Result<(), String> {
    let native = listener_of(ctx, listener).map_err(|_| "not an http:Listener".to_string())?;
    let base = base_path(name);
    let mut services = native.services.borrow_mut();
    if services
        .iter()
        .any(|a| a.base == base && a.upgrade.is_some())
    {
        let path = format!("/{}", base.join("/"));
        return Err(format!(
            "service registration failed: two services have the same basePath : '{path}'"
        ));
    }
    services.push(Attached {
        base,
        service,
        upgrade: Some(hook),
    });
    Ok(())
}

/// Detaches an upgrade service; false when it was not attached.
pub(crate) fn detach_upgrade(ctx: &NativeContext<'_>, listener: &Value, service: &Value) -> bool {
    let Ok(native) = listener_of(ctx, listener) else {
        return false;
    };
    let mut services = native.services.borrow_mut();
    let before = services.len();
    services.retain(|a| a.upgrade.is_none() || !same_object(&a.service, service));
    services.len() != before
}

/// The native side of an `http:Listener` (in its `native` handle field).
pub(crate) struct ListenerNative {
    config: ServerConfig,
    grace: Duration,
    services: RefCell<Vec<Attached>>,
    /// `ListenerConfiguration.interceptors`, in order.
    interceptors: Vec<Value>,
    server: RefCell<Option<Server>>,
    source: Cell<Option<EventSourceId>>,
    /// The replica isolates serving it on other threads (`replicas.rs`).
    replicas: RefCell<Vec<replicas::Replica>>,
    /// Told of the binding and of every request when metrics are enabled (`crate::observe`);
    /// shared with the replicas, so that they count into the same metrics.
    observer: Option<Arc<HttpObserver>>,
    /// The listener auth handlers made so far, by the text of their configuration
    /// (`http_auth_desugar.int`); per isolate, so each replica keeps its own.
    auth_handlers: RefCell<Vec<(String, Value)>>,
    /// The event streams being written (`sse.rs`); a graceful stop waits for them to close.
    streams: Rc<sse::Streams>,
}

impl ListenerNative {
    /// The native listener in a `Listener`'s `native` handle.
    pub(crate) fn of_handle(handle: &Value) -> Option<Rc<ListenerNative>> {
        match handle {
            Value::Handle(handle) => handle.value.downcast_ref::<Rc<ListenerNative>>().cloned(),
            _ => None,
        }
    }

    /// The auth handler kept for the configuration `key`.
    pub(crate) fn auth_handler(&self, key: &str) -> Option<Value> {
        self.auth_handlers
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, handler)| handler.clone())
    }

    /// Keeps `handler` for the configuration `key` (replacing one kept before).
    pub(crate) fn keep_auth_handler(&self, key: String, handler: Value) {
        let mut handlers = self.auth_handlers.borrow_mut();
        match handlers.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = handler,
            None => handlers.push((key, handler)),
        }
    }
}

fn field(config: &Value, name: &str) -> Option<Value> {
    config.as_map()?.get(name)
}

fn seconds(value: Option<Value>) -> Option<Duration> {
    let secs = match value? {
        Value::Decimal(d) => d.to_f64(),
        Value::Int(i) => i as f64,
        Value::Float(f) => f,
        _ => return None,
    };
    Duration::try_from_secs_f64(secs.clamp(0.0, 1e9)).ok()
}

fn size(value: Option<Value>, default: usize) -> usize {
    value
        .and_then(|v| v.as_int())
        .and_then(|v| usize::try_from(v).ok())
        .unwrap_or(default)
}

/// `createListener(port, config)`: a handle to the native listener, or the error message.
fn create_listener(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let port = args.first().and_then(Value::as_int).unwrap_or(0);
    let Ok(port) = u16::try_from(port) else {
        return Ok(Value::string(format!("invalid port: {port}")));
    };
    let config = args.get(1).cloned().unwrap_or(Value::Nil);
    let mut server = ServerConfig::new(port);
    if let Some(host) = field(&config, "host").and_then(|h| h.as_str().map(str::to_owned)) {
        server.host = host;
    }
    if let Some(timeout) = seconds(field(&config, "timeout")) {
        server.timeout = timeout;
    }
    server.http_version = match field(&config, "httpVersion")
        .as_ref()
        .and_then(Value::as_str)
    {
        Some("1.0") => super::server::HttpVersion::Http1_0,
        Some("1.1") => super::server::HttpVersion::Http1_1,
        _ => super::server::HttpVersion::Http2,
    };
    server.server = field(&config, "server").and_then(|s| s.as_str().map(str::to_owned));
    if let Some(limits) = field(&config, "requestLimits") {
        let defaults = super::server::RequestLimits::default();
        server.request_limits.max_uri_length =
            size(field(&limits, "maxUriLength"), defaults.max_uri_length);
        server.request_limits.max_header_size =
            size(field(&limits, "maxHeaderSize"), defaults.max_header_size);
        server.request_limits.max_entity_body_size = field(&limits, "maxEntityBodySize")
            .and_then(|v| v.as_int())
            .and_then(|v| u64::try_from(v).ok());
    }
    if let Some(secure) = field(&config, "secureSocket").filter(|s| !s.is_nil()) {
        let key = field(&secure, "key").unwrap_or(Value::Nil);
        let file = |name: &str| field(&key, name).and_then(|f| f.as_str().map(str::to_owned));
        match (file("certFile"), file("keyFile")) {
            (Some(cert), Some(key)) => {
                server.secure_socket = Some(super::server::TlsConfig {
                    cert_file: cert.into(),
                    key_file: key.into(),
                    mutual: None,
                })
            }
            _ => {
                return Ok(Value::string(
                    "secureSocket needs key.certFile and key.keyFile",
                ))
            }
        }
    }
    // Ballerina's default grace period for in-flight requests.
    let grace = seconds(field(&config, "gracefulStopTimeout"))
        .filter(|d| !d.is_zero())
        .unwrap_or(Duration::from_secs(5));
    let interceptors = match field(&config, "interceptors") {
        Some(Value::List(list)) => list.items().clone(),
        Some(Value::Nil) | None => Vec::new(),
        Some(one) => vec![one],
    };
    // Counted only when metrics were enabled before the listener was made (Ballerina's
    // configuration; `ballerinax/prometheus` enables them in its module initialization).
    let observability = crate::observe::of_program(ctx);
    let observer = observability
        .metrics_enabled()
        .then(|| observability.http_observer("http", server.secure_socket.is_some()));
    let native = Rc::new(ListenerNative {
        observer,
        config: server,
        grace,
        services: RefCell::new(Vec::new()),
        interceptors,
        server: RefCell::new(None),
        source: Cell::new(None),
        replicas: RefCell::new(Vec::new()),
        auth_handlers: RefCell::new(Vec::new()),
        streams: Rc::default(),
    });
    Ok(Value::Handle(Rc::new(HandleObj {
        value: Box::new(native),
    })))
}

/// The native listener of a `Listener` object (its first field).
pub(crate) fn listener_of(
    ctx: &NativeContext<'_>,
    this: &Value,
) -> Result<Rc<ListenerNative>, Panic> {
    this.as_object()
        .and_then(|o| o.slot(0))
        .and_then(|h| match h {
            Value::Handle(handle) => handle.value.downcast_ref::<Rc<ListenerNative>>().cloned(),
            _ => None,
        })
        .ok_or_else(|| ctx.panic("InternalError", "http:Listener without its native listener"))
}

/// The listener's own `failure(message)` (an `http:ListenerError`), called on the strand.
fn failure(ctx: &mut NativeContext<'_>, this: &Value, message: String) -> Result<Step, Panic> {
    call_method_done(ctx, this, "failure", vec![Value::string(message)])
}

/// The base path of `attach`: `()` is `/`, a string is split at `/`, a list is its segments.
fn base_path(name: &Value) -> Vec<String> {
    match name {
        Value::Nil => Vec::new(),
        _ => match name.as_list() {
            Some(list) => list
                .items()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .filter(|s| !s.is_empty())
                .collect(),
            None => name
                .as_str()
                .unwrap_or("")
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        },
    }
}

fn attach(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    let native = listener_of(ctx, &this)?;
    let service = args.get(1).cloned().unwrap_or(Value::Nil);
    let base = base_path(args.get(2).unwrap_or(&Value::Nil));
    if native
        .services
        .borrow()
        .iter()
        .any(|a| a.base == base && a.upgrade.is_none())
    {
        let path = format!("/{}", base.join("/"));
        let message =
            format!("service registration failed: two services have the same basePath : '{path}'");
        return failure(ctx, &this, message);
    }
    native.services.borrow_mut().push(Attached {
        base,
        service,
        upgrade: None,
    });
    Ok(Step::Done(Value::Nil))
}

fn same_object(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Object(a), Value::Object(b)) if Rc::ptr_eq(a, b))
}

fn detach(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    let native = listener_of(ctx, &this)?;
    let service = args.get(1).cloned().unwrap_or(Value::Nil);
    let mut services = native.services.borrow_mut();
    let before = services.len();
    services.retain(|a| a.upgrade.is_some() || !same_object(&a.service, &service));
    if services.len() == before {
        drop(services);
        return failure(ctx, &this, "service is not attached to the listener".into());
    }
    Ok(Step::Done(Value::Nil))
}

/// How the start-up and stop log lines name a listener.
fn kind(native: &ListenerNative) -> &'static str {
    if native.config.secure_socket.is_some() {
        "HTTPS/WSS"
    } else {
        "HTTP/WS"
    }
}

fn log_line(ctx: &mut NativeContext<'_>, line: String) {
    let out = ctx.stderr();
    let _ = writeln!(out, "{line}");
    // Tests and supervisors wait for this line: it must not sit in the buffer.
    let _ = out.flush();
}

fn start(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    let native = listener_of(ctx, &this)?;
    if native.server.borrow().is_some() {
        return Ok(Step::Done(Value::Nil));
    }
    let (dispatcher, queue) = isolate::channel(1024);
    let mut config = native.config.clone();
    // Replica isolates on other threads bind the same port (`replicas.rs`).
    config.reuse_port = replicas::threads() > 1;
    let observer = native
        .observer
        .clone()
        .map(|o| o as Arc<dyn crate::http::server::Observer>);
    Ok(Step::Await(Box::pin(async move {
        let bound = Server::bind_observed(config, dispatcher, observer).await;
        Box::new(move |ctx: &mut NativeContext<'_>| {
            let server = match bound {
                Ok(server) => server,
                Err(error) => {
                    let host = &native.config.host;
                    let port = native.config.port;
                    return failure(
                        ctx,
                        &this,
                        format!("failed to start {host}:{port}: {error}"),
                    );
                }
            };
            let line = format!(
                "[ballerina/http] started {} listener {}:{}",
                kind(&native),
                native.config.host,
                server.local_addr().port()
            );
            let port = server.local_addr().port();
            *native.server.borrow_mut() = Some(server);
            let service = Rc::new(dispatch::HttpService::new(this.clone(), native.clone()));
            native
                .source
                .set(Some(isolate::register(ctx, queue, service)));
            // Replicas first: when the line appears, every thread serving the port exists.
            let started = replicas::start(ctx, &this, &native, port);
            *native.replicas.borrow_mut() = started;
            log_line(ctx, line);
            Ok(Step::Done(Value::Nil))
        }) as Completion
    })))
}

fn stop(ctx: &mut NativeContext<'_>, args: &[Value], immediate: bool) -> Result<Step, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    let native = listener_of(ctx, &this)?;
    let Some(server) = native.server.borrow_mut().take() else {
        return Ok(Step::Done(Value::Nil));
    };
    let line = format!(
        "[ballerina/http] stopped {} listener {}:{}",
        kind(&native),
        native.config.host,
        server.local_addr().port()
    );
    if immediate {
        if let Some(source) = native.source.take() {
            ctx.deregister_event_source(source);
        }
    }
    let grace = native.grace;
    let replicas = std::mem::take(&mut *native.replicas.borrow_mut());
    let streams = native.streams.clone();
    Ok(Step::Await(Box::pin(async move {
        let others = replicas::stop(replicas, (!immediate).then_some(grace));
        if immediate {
            tokio::join!(server.immediate_stop(), others);
        } else {
            let deadline = tokio::time::Instant::now() + grace;
            tokio::join!(server.graceful_stop(grace), others);
            // The event streams the stop ended close (their `close()` runs) within the grace.
            let _ = tokio::time::timeout_at(deadline, streams.all_closed()).await;
        }
        Box::new(move |ctx: &mut NativeContext<'_>| {
            log_line(ctx, line);
            Ok(Step::Done(Value::Nil))
        }) as Completion
    })))
}

fn graceful_stop(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    stop(ctx, args, false)
}

fn immediate_stop(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    stop(ctx, args, true)
}

/// Percent-decodes a URL component (`+` is a space, as in forms); an error for bad UTF-8.
pub(crate) fn percent_decode(text: &str, plus_is_space: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn decode_component(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = args.first().and_then(Value::as_str).unwrap_or("");
    Ok(match percent_decode(text, true) {
        Some(decoded) => Value::string(decoded),
        None => ctx.error("{ballerina/http}Error", "invalid percent-encoding"),
    })
}
