//! The `http:Client` natives: `createClient` (from `Client.init`) and the remote methods.
//!
//! A remote method reads its arguments, asks the client's own Ballerina code for the request's
//! headers and body (`prepareRequest`), then parks the calling strand on the engine's future
//! (`Step::Await`). The completion builds the `http:Response` through `makeResponse` and binds
//! it to the target type: the response itself when the type accepts it, a
//! `ClientRequestError`/`RemoteServerError` for 4xx/5xx (`statusError`), else the payload as
//! text, bytes or JSON converted to the type (`bindPayload`).

mod engine;
#[cfg(test)]
mod tests;

use crate::StdNative;
use engine::{Exchange, NativeClient, Received, Retry, Settings};
use intc_runtime::native::{Completion, Native, Step};
use intc_runtime::steps::{call_method, call_method_done};
use intc_runtime::value::{HandleObj, ListObj};
use intc_runtime::{NativeContext, Panic, Value};
use std::rc::Rc;
use std::time::Duration;

pub fn native(id: StdNative) -> Option<Native> {
    #[allow(unreachable_patterns)]
    let step: intc_runtime::native::StepFn = match id {
        StdNative::HttpCreateClient => return Some(Native::Plain(create_client)),
        StdNative::HttpClientGet => get,
        StdNative::HttpClientPost => post,
        StdNative::HttpClientPut => put,
        StdNative::HttpClientPatch => patch,
        StdNative::HttpClientDelete => delete,
        StdNative::HttpClientHead => head,
        StdNative::HttpClientOptions => options,
        StdNative::HttpClientExecute => execute,
        StdNative::HttpClientForward => forward,
        _ => return None,
    };
    Some(Native::Step(step))
}

fn field(config: &Value, name: &str) -> Option<Value> {
    config.as_map()?.get(name)
}

fn seconds(value: Option<Value>) -> Option<f64> {
    match value? {
        Value::Decimal(d) => Some(d.to_f64()),
        Value::Int(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        _ => None,
    }
}

/// `createClient(url, config)`: a handle to a native client, or the error message.
fn create_client(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let url = args.first().and_then(Value::as_str).unwrap_or("");
    let config = args.get(1).cloned().unwrap_or(Value::Nil);
    let timeout = seconds(field(&config, "timeout")).unwrap_or(30.0);
    let follow_redirects = field(&config, "followRedirects")
        .filter(|f| field(f, "enabled").and_then(|e| e.as_bool()) == Some(true))
        .map(|f| {
            let max = field(&f, "maxCount")
                .and_then(|m| m.as_int())
                .unwrap_or(5)
                .clamp(0, 1000) as u32;
            let keep_auth = field(&f, "allowAuthHeaders").and_then(|a| a.as_bool()) == Some(true);
            (max, keep_auth)
        });
    let retry = match field(&config, "retryConfig") {
        Some(r) if !r.is_nil() => Retry {
            count: field(&r, "count")
                .and_then(|c| c.as_int())
                .unwrap_or(0)
                .clamp(0, 1000) as u32,
            interval: seconds(field(&r, "interval")).unwrap_or(0.0),
            back_off_factor: seconds(field(&r, "backOffFactor")).unwrap_or(0.0),
            max_wait_interval: seconds(field(&r, "maxWaitInterval")).unwrap_or(0.0),
            status_codes: field(&r, "statusCodes")
                .and_then(|l| {
                    let list = l.as_list()?.clone();
                    let codes = list
                        .items()
                        .iter()
                        .filter_map(|v| v.as_int())
                        .filter_map(|c| u16::try_from(c).ok())
                        .collect();
                    Some(codes)
                })
                .unwrap_or_default(),
        },
        _ => Retry::default(),
    };
    let secure = field(&config, "secureSocket").filter(|s| !s.is_nil());
    let TlsSettings {
        trusted_certs,
        skip_verification,
        client_key,
    } = TlsSettings::from_secure_socket(secure.as_ref());
    let max_idle_per_host = field(&config, "poolConfig")
        .and_then(|p| field(&p, "maxIdleConnections"))
        .and_then(|m| m.as_int())
        .unwrap_or(100)
        .clamp(0, 100_000) as usize;
    let http2 =
        field(&config, "httpVersion").and_then(|v| v.as_str().map(|s| s == "2.0")) != Some(false);
    let settings = Settings {
        timeout: Duration::try_from_secs_f64(timeout.max(0.0))
            .unwrap_or(Duration::from_secs(1 << 30))
            .min(Duration::from_secs(1 << 30)),
        follow_redirects,
        retry,
        http2,
        trusted_certs,
        skip_verification,
        client_key,
        max_idle_per_host,
    };
    Ok(match NativeClient::new(url, settings) {
        Ok(client) => Value::Handle(Rc::new(HandleObj {
            value: Box::new(client),
        })),
        Err(message) => Value::string(message),
    })
}

/// The TLS part of a `secureSocket` (`http:ClientSecureSocket`; also `std/websocket`'s).
pub(crate) struct TlsSettings {
    trusted_certs: Option<String>,
    skip_verification: bool,
    client_key: Option<(String, String)>,
}

impl TlsSettings {
    /// From a `secureSocket` record (`None`: the defaults, verifying against the webpki roots).
    pub(crate) fn from_secure_socket(secure: Option<&Value>) -> TlsSettings {
        let trusted_certs = secure
            .and_then(|s| field(s, "cert"))
            .and_then(|c| c.as_str().map(str::to_owned));
        let client_key = secure.and_then(|s| field(s, "key")).and_then(|k| {
            let cert = field(&k, "certFile")?.as_str()?.to_owned();
            let key = field(&k, "keyFile")?.as_str()?.to_owned();
            Some((cert, key))
        });
        let skip_verification = secure
            .and_then(|s| field(s, "enable"))
            .and_then(|e| e.as_bool())
            == Some(false);
        TlsSettings {
            trusted_certs,
            skip_verification,
            client_key,
        }
    }
}

/// The rustls client configuration of `tls` (the `http:Client`'s: ring, webpki roots or the
/// trusted certificates, optional client key), without ALPN.
pub(crate) fn tls_client_config(tls: &TlsSettings) -> Result<rustls::ClientConfig, String> {
    engine::tls_config(&Settings {
        timeout: Duration::from_secs(60),
        follow_redirects: None,
        retry: Retry::default(),
        http2: false,
        trusted_certs: tls.trusted_certs.clone(),
        skip_verification: tls.skip_verification,
        client_key: tls.client_key.clone(),
        max_idle_per_host: 0,
    })
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

/// `forward(path, request)`: the request's own method (`methodOf`), its headers and body.
fn forward(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    let request = args.get(2).cloned().unwrap_or(Value::Nil);
    let path = args.get(1).cloned().unwrap_or(Value::Nil);
    let target = args.get(3).cloned().unwrap_or(Value::Nil);
    call_method(
        ctx,
        &this.clone(),
        "methodOf",
        vec![request.clone()],
        move |ctx, method| {
            // The shape of `execute`: self, method, path, message, (headers), (media type),
            // target.
            let shaped = [this, method, path, request, Value::Nil, Value::Nil, target];
            execute(ctx, &shaped)
        },
    )
}

fn string_list(ctx: &NativeContext<'_>, items: impl Iterator<Item = String>) -> Value {
    let ty = ctx.types().well_known.string_list;
    Value::List(ListObj::new(ty, items.map(Value::string).collect()))
}

fn strings_of(value: Option<&Value>) -> Vec<String> {
    match value.and_then(Value::as_list) {
        Some(list) => list
            .items()
            .iter()
            .map(|v| v.as_str().unwrap_or("").to_owned())
            .collect(),
        None => Vec::new(),
    }
}

fn bytes_of(value: Option<&Value>) -> Vec<u8> {
    match value.and_then(Value::as_list) {
        Some(list) => list
            .items()
            .iter()
            .map(|v| v.as_int().unwrap_or(0) as u8)
            .collect(),
        None => Vec::new(),
    }
}

fn remote(ctx: &mut NativeContext<'_>, args: &[Value], shape: &Shape) -> Result<Step, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Nil);
    let client = this
        .as_object()
        .and_then(|o| o.slot(0))
        .and_then(|h| match h {
            Value::Handle(handle) => handle.value.downcast_ref::<NativeClient>().cloned(),
            _ => None,
        });
    let Some(client) = client else {
        return Err(ctx.panic("InternalError", "http:Client without its native client"));
    };
    let method = match shape.method {
        Some(m) => m.to_string(),
        None => arg(1).as_str().unwrap_or("GET").to_ascii_uppercase(),
    };
    let path = arg(shape.path).as_str().unwrap_or("").to_string();
    let target = shape.target.and_then(|i| match arg(i) {
        Value::Typedesc(t) => Some(t),
        _ => None,
    });
    let message = shape.message.map(arg).unwrap_or(Value::Nil);
    let media_type = shape.media_type.map(arg).unwrap_or(Value::Nil);
    let headers = arg(shape.headers);
    call_method(
        ctx,
        &this.clone(),
        "prepareRequest",
        vec![message, headers, media_type],
        move |_ctx, prepared| {
            let parts = prepared
                .as_list()
                .map(|l| l.items().clone())
                .unwrap_or_default();
            let names = strings_of(parts.first());
            let values = strings_of(parts.get(1));
            let body = bytes_of(parts.get(2));
            let exchange = Exchange {
                method,
                path,
                headers: names.into_iter().zip(values).collect(),
                body,
            };
            Ok(Step::Await(Box::pin(async move {
                let result = client.send(exchange).await;
                Box::new(move |ctx: &mut NativeContext<'_>| finish(ctx, this, target, result))
                    as Completion
            })))
        },
    )
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
    let names = string_list(ctx, received.headers.iter().map(|(n, _)| n.clone()));
    let values = string_list(ctx, received.headers.into_iter().map(|(_, v)| v));
    let byte_list = ctx.types().well_known.byte_list;
    let body = Value::List(ListObj::new(
        byte_list,
        received
            .body
            .into_iter()
            .map(|b| Value::Int(i64::from(b)))
            .collect(),
    ));
    let args = vec![
        Value::Int(status),
        Value::string(received.reason),
        Value::string(received.uri),
        names,
        values,
        body,
    ];
    call_method(
        ctx,
        &this.clone(),
        "makeResponse",
        args,
        move |ctx, response| bind(ctx, &this, target, status, response),
    )
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
