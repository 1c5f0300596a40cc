//! The `http:Client` natives: `createClient` (from `Client.init`) and the remote methods.
//!
//! A remote method reads its arguments, takes the request's headers and body (straight from an
//! `http:Request` sent as it is, with no headers or media type added and no auth handler;
//! otherwise from the client's own Ballerina code, `prepareRequest`), then parks the calling
//! strand on the engine's future (`Step::Await`). The completion builds the `http:Response`
//! (`message.rs`) and binds it to the target type: the response itself when the type accepts it, a
//! `ClientRequestError`/`RemoteServerError` for 4xx/5xx (`statusError`), else the payload as
//! text, bytes or JSON converted to the type (`bindPayload`).

mod breaker;
mod cache;
mod config;
pub(crate) use config::{tls_client_config, TlsSettings};
pub(crate) mod engine;
mod group;
mod resource;
mod sse;
#[cfg(test)]
mod tests;

use super::message;
use crate::observe::tracing;
use crate::StdNative;
use engine::{Exchange, NativeClient, Received};
pub(crate) use group::GroupClient;
use group::Rule;
use intc_runtime::native::{Completion, Native, Step};
use intc_runtime::steps::{call_method, call_method_done};
use intc_runtime::value::HandleObj;
use intc_runtime::{NativeContext, Panic, Value};
use std::rc::Rc;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

pub fn native(id: StdNative) -> Option<Native> {
    #[allow(unreachable_patterns)]
    let step: intc_runtime::native::StepFn = match id {
        StdNative::HttpCreateClient => return Some(Native::Plain(create_client)),
        StdNative::HttpCreateFailoverClient => return Some(Native::Plain(create_failover)),
        StdNative::HttpCreateLoadBalanceClient => return Some(Native::Plain(create_load_balance)),
        StdNative::HttpClientGetCurrentState => return Some(Native::Plain(current_state)),
        StdNative::HttpReadSseEvent => sse::read_event,
        StdNative::HttpCloseSseEvents => return Some(Native::Plain(sse::close_events)),
        StdNative::HttpReadSseBody => sse::read_body,
        StdNative::HttpSseEventsOf => return Some(Native::Plain(sse::events_of_payload)),
        StdNative::HttpClientForceClose => return Some(Native::Plain(force_close)),
        StdNative::HttpClientForceOpen => return Some(Native::Plain(force_open)),
        StdNative::HttpFailoverClientGetSucceededEndpointIndex => {
            return Some(Native::Plain(succeeded_index))
        }
        // The failover and load balancing clients share `http:Client`'s remote methods: the
        // native in the handle decides how the request is sent.
        StdNative::HttpClientGet
        | StdNative::HttpFailoverClientGet
        | StdNative::HttpLoadBalanceClientGet => get,
        StdNative::HttpClientPost
        | StdNative::HttpFailoverClientPost
        | StdNative::HttpLoadBalanceClientPost => post,
        StdNative::HttpClientPut
        | StdNative::HttpFailoverClientPut
        | StdNative::HttpLoadBalanceClientPut => put,
        StdNative::HttpClientPatch
        | StdNative::HttpFailoverClientPatch
        | StdNative::HttpLoadBalanceClientPatch => patch,
        StdNative::HttpClientDelete
        | StdNative::HttpFailoverClientDelete
        | StdNative::HttpLoadBalanceClientDelete => delete,
        StdNative::HttpClientHead
        | StdNative::HttpFailoverClientHead
        | StdNative::HttpLoadBalanceClientHead => head,
        StdNative::HttpClientOptions
        | StdNative::HttpFailoverClientOptions
        | StdNative::HttpLoadBalanceClientOptions => options,
        StdNative::HttpClientExecute
        | StdNative::HttpFailoverClientExecute
        | StdNative::HttpLoadBalanceClientExecute => execute,
        StdNative::HttpClientForward
        | StdNative::HttpFailoverClientForward
        | StdNative::HttpLoadBalanceClientForward => forward,
        StdNative::HttpClientResourceGetRest
        | StdNative::HttpFailoverClientResourceGetRest
        | StdNative::HttpLoadBalanceClientResourceGetRest => resource::resource_get,
        StdNative::HttpClientResourcePostRest
        | StdNative::HttpFailoverClientResourcePostRest
        | StdNative::HttpLoadBalanceClientResourcePostRest => resource::resource_post,
        StdNative::HttpClientResourcePutRest
        | StdNative::HttpFailoverClientResourcePutRest
        | StdNative::HttpLoadBalanceClientResourcePutRest => resource::resource_put,
        StdNative::HttpClientResourcePatchRest
        | StdNative::HttpFailoverClientResourcePatchRest
        | StdNative::HttpLoadBalanceClientResourcePatchRest => resource::resource_patch,
        StdNative::HttpClientResourceDeleteRest
        | StdNative::HttpFailoverClientResourceDeleteRest
        | StdNative::HttpLoadBalanceClientResourceDeleteRest => resource::resource_delete,
        StdNative::HttpClientResourceHeadRest
        | StdNative::HttpFailoverClientResourceHeadRest
        | StdNative::HttpLoadBalanceClientResourceHeadRest => resource::resource_head,
        StdNative::HttpClientResourceOptionsRest
        | StdNative::HttpFailoverClientResourceOptionsRest
        | StdNative::HttpLoadBalanceClientResourceOptionsRest => resource::resource_options,
        _ => return None,
    };
    Some(Native::Step(step))
}

/// `createClient(url, config)`: a handle to a native client, or the error message.
fn create_client(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let url = args.first().and_then(Value::as_str).unwrap_or("");
    let config = args.get(1).cloned().unwrap_or(Value::Nil);
    let settings = config::settings_of(&config, config::field(&config, "secureSocket"));
    Ok(match NativeClient::new(url, settings) {
        Ok(client) => handle(client),
        Err(message) => Value::string(message),
    })
}

/// The native clients of a failover or load balancing configuration's targets, or the error
/// message.
fn group_clients(config: &Value) -> Result<Vec<NativeClient>, String> {
    let targets = config::field(config, "targets")
        .and_then(|t| t.as_list().map(|l| l.items().clone()))
        .unwrap_or_default();
    if targets.is_empty() {
        return Err("no target endpoints are configured".to_string());
    }
    targets
        .iter()
        .map(|target| {
            let url = config::field(target, "url")
                .and_then(|u| u.as_str().map(str::to_owned))
                .unwrap_or_default();
            let settings = config::settings_of(config, config::field(target, "secureSocket"));
            NativeClient::new(&url, settings)
        })
        .collect()
}

/// `createFailoverClient(config)`.
fn create_failover(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let config = args.first().cloned().unwrap_or(Value::Nil);
    let rule = Rule::Failover {
        codes: config::status_codes(config::field(&config, "failoverCodes")),
        interval: config::seconds(config::field(&config, "interval"))
            .unwrap_or(0.0)
            .max(0.0),
        succeeded: Arc::new(AtomicUsize::new(0)),
    };
    Ok(match group_clients(&config) {
        Ok(clients) => handle(GroupClient { clients, rule }),
        Err(message) => Value::string(message),
    })
}

/// `createLoadBalanceClient(config)`.
fn create_load_balance(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let config = args.first().cloned().unwrap_or(Value::Nil);
    let rule = Rule::LoadBalance {
        failover: config::field(&config, "failover").and_then(|f| f.as_bool()) != Some(false),
        next: Arc::new(AtomicUsize::new(0)),
    };
    Ok(match group_clients(&config) {
        Ok(clients) => handle(GroupClient { clients, rule }),
        Err(message) => Value::string(message),
    })
}

/// How a client object's handle sends requests.
enum Sender {
    Single(Box<NativeClient>),
    Group(GroupClient),
}

impl Sender {
    /// The sender in a client object's first field.
    fn of(this: &Value) -> Option<Sender> {
        let slot = this.as_object()?.slot(0)?;
        let Value::Handle(handle) = slot else {
            return None;
        };
        if let Some(client) = handle.value.downcast_ref::<NativeClient>() {
            return Some(Sender::Single(Box::new(client.clone())));
        }
        let group = handle.value.downcast_ref::<GroupClient>()?;
        Some(Sender::Group(group.clone()))
    }

    /// The URL a request path goes to, for tracing (a group's first target: which target
    /// answers is decided while sending).
    fn url_of(&self, path: &str) -> String {
        match self {
            Sender::Single(client) => client.url_of(path),
            Sender::Group(group) => group
                .clients
                .first()
                .map(|c| c.url_of(path))
                .unwrap_or_default(),
        }
    }

    async fn send(self, exchange: Exchange) -> Result<Received, engine::Failure> {
        match self {
            Sender::Single(client) => client.send(exchange).await,
            Sender::Group(group) => group.send(exchange).await,
        }
    }
}

/// The object whose private methods build the call's values: the client itself, or the plain
/// `Client` a failover or load balancing client keeps in its second field.
fn support_of(this: &Value) -> Value {
    match this.as_object().and_then(|o| o.slot(1)) {
        Some(support @ Value::Object(_)) => support,
        _ => this.clone(),
    }
}

fn breaker_call(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
    action: impl FnOnce(Option<&breaker::Breaker>) -> Value,
) -> Result<Value, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    match Sender::of(&this) {
        Some(Sender::Single(client)) => Ok(action(client.breaker())),
        _ => Err(ctx.panic("InternalError", "http:Client without its native client")),
    }
}

/// `getCurrentState()`: `CLOSED` without a circuit breaker.
fn current_state(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    breaker_call(ctx, args, |b| {
        let state = b.map_or(breaker::State::Closed, |b| b.state());
        Value::string(state.name())
    })
}

/// `forceClose()`.
fn force_close(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    breaker_call(ctx, args, |b| {
        if let Some(b) = b {
            b.force_close();
        }
        Value::Nil
    })
}

/// `forceOpen()`.
fn force_open(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    breaker_call(ctx, args, |b| {
        if let Some(b) = b {
            b.force_open();
        }
        Value::Nil
    })
}

/// `FailoverClient.getSucceededEndpointIndex()`.
fn succeeded_index(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    match Sender::of(&this) {
        Some(Sender::Group(group)) => Ok(Value::Int(group.succeeded_index() as i64)),
        _ => Err(ctx.panic(
            "InternalError",
            "http:FailoverClient without its native client",
        )),
    }
}

fn handle<T: 'static>(value: T) -> Value {
    Value::Handle(Rc::new(HandleObj {
        value: Box::new(value),
    }))
}

/// Where a remote method's arguments are (after `self`): `None` for one it does not take.
struct Shape {
    method: Option<&'static str>,
    path: usize,
    message: Option<usize>,
    headers: usize,
    media_type: Option<usize>,
    target: Option<usize>,
}

fn get(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    remote(
        ctx,
        args,
        &Shape {
            method: Some("GET"),
            path: 1,
            message: None,
            headers: 2,
            media_type: None,
            target: Some(3),
        },
    )
}

fn with_message(method: &'static str) -> Shape {
    Shape {
        method: Some(method),
        path: 1,
        message: Some(2),
        headers: 3,
        media_type: Some(4),
        target: Some(5),
    }
}

fn post(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    remote(ctx, args, &with_message("POST"))
}

fn put(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    remote(ctx, args, &with_message("PUT"))
}

fn patch(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    remote(ctx, args, &with_message("PATCH"))
}

fn delete(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    remote(ctx, args, &with_message("DELETE"))
}

fn head(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    remote(
        ctx,
        args,
        &Shape {
            method: Some("HEAD"),
            path: 1,
            message: None,
            headers: 2,
            media_type: None,
            target: None,
        },
    )
}

fn options(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    remote(
        ctx,
        args,
        &Shape {
            method: Some("OPTIONS"),
            path: 1,
            message: None,
            headers: 2,
            media_type: None,
            target: Some(3),
        },
    )
}

fn execute(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    remote(
        ctx,
        args,
        &Shape {
            method: None,
            path: 2,
            message: Some(3),
            headers: 4,
            media_type: Some(5),
            target: Some(6),
        },
    )
}

/// `forward(path, request)`: sent with the request's own method (GET when it has none), its
/// headers and body.
fn forward(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Nil);
    let method = message::field(ctx, &arg(2), "Request", "method")
        .and_then(|m| m.as_str().filter(|m| !m.is_empty()).map(str::to_owned))
        .unwrap_or_else(|| "GET".to_string());
    // The shape of `execute`: self, method, path, message, (headers), (media type), target.
    let shaped = [
        arg(0),
        Value::string(method),
        arg(1),
        arg(2),
        Value::Nil,
        Value::Nil,
        arg(3),
    ];
    execute(ctx, &shaped)
}

fn remote(ctx: &mut NativeContext<'_>, args: &[Value], shape: &Shape) -> Result<Step, Panic> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Nil);
    let receiver = arg(0);
    let Some(client) = Sender::of(&receiver) else {
        return Err(ctx.panic("InternalError", "http:Client without its native client"));
    };
    let this = support_of(&receiver);
    let method = match shape.method {
        Some(m) => m.to_string(),
        None => arg(1).as_str().unwrap_or("GET").to_ascii_uppercase(),
    };
    // The remote method, which names the call's tracing span.
    let remote_name = shape
        .method
        .map_or_else(|| "execute".to_string(), str::to_ascii_lowercase);
    let path = arg(shape.path).as_str().unwrap_or("").to_string();
    let target = shape.target.and_then(|i| match arg(i) {
        Value::Typedesc(t) => Some(t),
        _ => None,
    });
    let message = shape.message.map(arg).unwrap_or(Value::Nil);
    let media_type = shape.media_type.map(arg).unwrap_or(Value::Nil);
    let headers = arg(shape.headers);
    let call = Call {
        client,
        this: this.clone(),
        method,
        path,
        target,
        remote_name,
    };
    // A request forwarded as it is (no headers or media type added, no auth handler to run):
    // its headers and body read straight from the `Request` object.
    if headers.is_nil() && media_type.is_nil() {
        let no_auth =
            message::field(ctx, &this, "Client", "authHandler").is_some_and(|a| a.is_nil());
        if no_auth {
            if let Some(parts) = message::parts(ctx, &message, "Request") {
                return send(ctx, call, parts.headers, parts.body);
            }
        }
    }
    call_method(
        ctx,
        &this,
        "prepareRequest",
        vec![message, headers, media_type],
        move |ctx, prepared| {
            // The client's auth handler could not make the `Authorization` header.
            if let Value::Error(_) = prepared {
                return Ok(Step::Done(prepared));
            }
            let parts = prepared
                .as_list()
                .map(|l| l.items().clone())
                .unwrap_or_default();
            let names = crate::args::strings(&parts, 0);
            let values = crate::args::strings(&parts, 1);
            let body = crate::args::bytes(&parts, 2);
            send(ctx, call, names.into_iter().zip(values).collect(), body)
        },
    )
}

/// A call being made: where it goes, the object whose methods build its values, and what it
/// binds the response to.
struct Call {
    client: Sender,
    this: Value,
    method: String,
    path: String,
    target: Option<intc_ir::TypeId>,
    remote_name: String,
}

/// Sends a prepared request and parks the strand until the response (or failure) arrives.
fn send(
    ctx: &mut NativeContext<'_>,
    call: Call,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) -> Result<Step, Panic> {
    let Call {
        client,
        this,
        method,
        path,
        target,
        remote_name,
    } = call;
    let url = client.url_of(&path);
    let span = tracing::client_span(ctx, remote_name, &method, &url, &path);
    // A stream, or an `http:Response` (whose `getSseEventStream()` reads the events as they
    // arrive): an event stream's body is then left unread.
    let events =
        target.is_none_or(|t| admits_stream(ctx.types(), t, 0) || admits_object(ctx.types(), t, 0));
    let mut exchange = Exchange {
        method,
        path,
        headers,
        body,
        events,
    };
    span.inject(&mut exchange.headers);
    Ok(Step::Await(Box::pin(async move {
        let result = client.send(exchange).await;
        span.finish(result.as_ref().ok().map(|received| received.status));
        Box::new(move |ctx: &mut NativeContext<'_>| finish(ctx, this, target, result)) as Completion
    })))
}

/// The call's result from what the engine received.
fn finish(
    ctx: &mut NativeContext<'_>,
    this: Value,
    target: Option<intc_ir::TypeId>,
    result: Result<Received, engine::Failure>,
) -> Result<Step, Panic> {
    let received = match result {
        Ok(received) => received,
        Err(failure) => {
            let args = vec![Value::string(failure.kind), Value::string(failure.message)];
            return call_method_done(ctx, &this, "failure", args);
        }
    };
    let status = i64::from(received.status);
    // A `text/event-stream` response the call binds as a stream: its events, read lazily;
    // bound as an `http:Response`, the response keeps the unread body for
    // `getSseEventStream()`.
    let mut events = Value::Nil;
    if let Some(reading) = received.events {
        let reader = sse::reader_handle(*reading);
        if target.is_some_and(|t| admits_stream(ctx.types(), t, 0)) {
            return call_method_done(ctx, &this, "eventStream", vec![reader]);
        }
        events = reader;
    }
    let scalars = [
        ("events", events),
        ("statusCode", Value::Int(status)),
        ("reasonPhrase", Value::string(received.reason)),
        ("resolvedRequestedURI", Value::string(received.uri)),
    ];
    let headers = received.headers.into_iter();
    let Some(response) = message::make(ctx, "Response", &scalars, headers, &received.body) else {
        return Err(ctx.panic("InternalError", "http:Response is not the expected class"));
    };
    bind(ctx, &this, target, status, response)
}

/// The response bound to the call's target type.
fn bind(
    ctx: &mut NativeContext<'_>,
    this: &Value,
    target: Option<intc_ir::TypeId>,
    status: i64,
    response: Value,
) -> Result<Step, Panic> {
    let Some(target) = target else {
        return Ok(Step::Done(response));
    };
    if ctx.value_belongs(&response, target) {
        return Ok(Step::Done(response));
    }
    if status >= 400 {
        return call_method_done(ctx, this, "statusError", vec![response]);
    }
    let known = &ctx.types().well_known;
    let (string, byte_list, int) = (known.string, known.byte_list, known.int);
    let types = ctx.types();
    // Text when the type takes strings but not numbers (`string`, `string?`); bytes for
    // `byte[]`; otherwise the payload is JSON converted to the type.
    let kind = if types.is_subtype(target, byte_list) {
        1
    } else if admits_stream(types, target, 0) {
        // A stream was asked for, and the response is no event stream.
        4
    } else if admits_xml_only(ctx, target) {
        3
    } else if types.value_belongs(&Value::string(""), target)
        && !types.is_subtype(int, target)
        && !types.value_belongs(&Value::Int(0), target)
    {
        let _ = string;
        0
    } else {
        2
    };
    call_method_done(
        ctx,
        this,
        "bindPayload",
        vec![response, Value::Typedesc(target), Value::Int(kind)],
    )
}

/// A client's copy in a replica isolate shares its pool, breaker and cache.
pub(crate) fn replicate_client(
    value: &dyn std::any::Any,
) -> Option<intc_runtime::value::transfer::SendHandle> {
    let client = value.downcast_ref::<NativeClient>()?.clone();
    Some(Box::new(move || Box::new(client) as Box<dyn std::any::Any>))
}

/// A failover or load balancing client's copy in a replica isolate shares its targets.
pub(crate) fn replicate_group(
    value: &dyn std::any::Any,
) -> Option<intc_runtime::value::transfer::SendHandle> {
    let group = value.downcast_ref::<GroupClient>()?.clone();
    Some(Box::new(move || Box::new(group) as Box<dyn std::any::Any>))
}

/// Whether `ty` admits streams (a call binding `stream<http:SseEvent, error?>`).
fn admits_stream(types: &intc_runtime::TypeTable, ty: intc_ir::TypeId, depth: u32) -> bool {
    use intc_ir::TypeKind;
    if depth > 16 {
        return false;
    }
    match types.get(ty) {
        TypeKind::Stream { .. } => true,
        TypeKind::Union(members) => members.iter().any(|m| admits_stream(types, *m, depth + 1)),
        TypeKind::ReadonlyOf(inner) => admits_stream(types, *inner, depth + 1),
        _ => false,
    }
}

/// Whether `ty` admits an object (of the client's results, an `http:Response`).
fn admits_object(types: &intc_runtime::TypeTable, ty: intc_ir::TypeId, depth: u32) -> bool {
    use intc_ir::TypeKind;
    if depth > 16 {
        return false;
    }
    match types.get(ty) {
        TypeKind::Object { .. } => true,
        TypeKind::Union(members) => members.iter().any(|m| admits_object(types, *m, depth + 1)),
        TypeKind::ReadonlyOf(inner) => admits_object(types, *inner, depth + 1),
        _ => false,
    }
}

/// Whether a payload is bound as XML to `ty`: it admits an XML element and no string (`xml`,
/// `xml?`, `xml:Element`), so neither text nor JSON is what the caller asked for.
pub(crate) fn admits_xml_only(ctx: &NativeContext<'_>, ty: intc_ir::TypeId) -> bool {
    use intc_runtime::value::xml::{XmlElement, XmlObj};
    let element = XmlElement::new("e".to_string(), Vec::new(), Rc::new(XmlObj::empty()));
    let sample = Value::xml(XmlObj::element(element));
    ctx.value_belongs(&sample, ty) && !ctx.value_belongs(&Value::string(""), ty)
}
