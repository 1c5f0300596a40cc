//! The listener side of `std/websocket`: upgrade services attached to an `http:Listener`
//! (through [`UpgradeHook`]), the handshake, and each connection's loop on its own strand:
//! `onOpen`, then every inbound item in order to the service's remote methods, a returned
//! value written back, until the connection closes. A panic in a remote method ends only
//! that connection's strand: the connection is closed with 1011 and the listener serves on.

use super::conn::{Conn, ErrorKind, Inbound, Options};
use super::{bytes_value, fail, handle, native_of, this_arg};
use crate::http::server::Response;
use crate::http::service::{UpgradeHook, UpgradeRequest};
use futures_util::StreamExt;
use hyper_util::rt::TokioIo;
use intc_ir::{AnnotationTarget, MethodParam, TypeId};
use intc_runtime::native::{Completion, Step};
use intc_runtime::steps::{call_all, call_method};
use intc_runtime::value::Closure;
use intc_runtime::{Callee, Job, MakeJob, NativeContext, Panic, Value};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::WebSocketStream;

/// The native side of a `websocket:Listener`: its open connections.
#[derive(Default)]
pub(super) struct WsListener {
    connections: RefCell<Vec<Weak<Conn>>>,
}

pub(super) fn create_listener(
    _ctx: &mut NativeContext<'_>,
    _args: &[Value],
) -> Result<Value, Panic> {
    Ok(handle(Rc::new(WsListener::default())))
}

/// The `http:Listener` a `websocket:Listener` sits on (its second field).
fn http_listener_of(listener: &Value) -> Value {
    listener
        .as_object()
        .and_then(|o| o.slot(1))
        .unwrap_or(Value::Nil)
}

/// `attach(service, name)`: registers the upgrade service on the HTTP listener.
pub(super) fn attach(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let listener = this_arg(args);
    let native = native_of::<Rc<WsListener>>(ctx, &listener)?;
    let http_listener = http_listener_of(&listener);
    let service = args.get(1).cloned().unwrap_or(Value::Nil);
    let name = args.get(2).cloned().unwrap_or(Value::Nil);
    let hook = Rc::new(Hook {
        listener: listener.clone(),
        native,
    });
    match crate::http::service::attach_upgrade(ctx, &http_listener, service, &name, hook) {
        Ok(()) => Ok(Step::Done(Value::Nil)),
        Err(message) => fail(ctx, &listener, (ErrorKind::Generic, message)),
    }
}

/// `detach(service)`: its open connections stay open.
pub(super) fn detach(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let listener = this_arg(args);
    let service = args.get(1).cloned().unwrap_or(Value::Nil);
    if crate::http::service::detach_upgrade(ctx, &http_listener_of(&listener), &service) {
        Ok(Step::Done(Value::Nil))
    } else {
        let message = "service is not attached to the listener".to_string();
        fail(ctx, &listener, (ErrorKind::Generic, message))
    }
}

/// How long a graceful stop waits for the close handshakes.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// `closeAll()`: every open connection is closed with 1001 (going away).
pub(super) fn close_all(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let native = native_of::<Rc<WsListener>>(ctx, &this_arg(args))?;
    let closing: Vec<_> = native
        .connections
        .borrow_mut()
        .drain(..)
        .filter_map(|c| c.upgrade())
        .filter(|c| c.is_open())
        .map(|c| c.close(1001, "Going Away".into(), Some(CLOSE_GRACE)))
        .collect();
    Ok(Step::Await(Box::pin(async move {
        futures_util::future::join_all(closing).await;
        Box::new(|_: &mut NativeContext<'_>| Ok(Step::Done(Value::Nil))) as Completion
    })))
}

/// Answers the handshakes of one `websocket:Listener`'s upgrade services.
struct Hook {
    listener: Value,
    native: Rc<WsListener>,
}

/// The `@websocket:ServiceConfig` of an upgrade service.
fn service_options(ctx: &NativeContext<'_>, service: &Value) -> (Options, Vec<String>) {
    let config = service
        .as_object()
        .and_then(|o| ctx.types().class_type(o.class))
        .and_then(|ty| ctx.annotations(&AnnotationTarget::Type(ty)))
        .and_then(|a| {
            a.as_map()
                .and_then(|m| m.get("std/websocket:ServiceConfig"))
        });
    let field = |name: &str| config.as_ref().and_then(|c| c.as_map()?.get(name));
    let max_frame_size = field("maxFrameSize")
        .and_then(|v| v.as_int())
        .filter(|n| *n > 0)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(65536);
    let idle_timeout = super::seconds(field("idleTimeout").as_ref()).filter(|d| !d.is_zero());
    let protocols = field("subProtocols")
        .and_then(|l| {
            l.as_list().map(|l| {
                l.items()
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
        })
        .unwrap_or_default();
    (
        Options {
            max_frame_size,
            idle_timeout,
        },
        protocols,
    )
}

impl UpgradeHook for Hook {
    fn respond(
        &self,
        ctx: &mut NativeContext<'_>,
        upgrade_service: &Value,
        request: UpgradeRequest,
        result: Result<Value, Panic>,
    ) -> Response {
        let service = match result {
            Ok(Value::Error(error)) => {
                // An `UpgradeError` (or any error) cancels the handshake.
                let message = intc_runtime::format::to_string(&Value::Error(error), ctx.types());
                return Response::text(400, message);
            }
            Ok(service) if service.as_object().is_some() => service,
            Ok(_) => return Response::text(500, "Internal Server Error"),
            Err(panic) => {
                crate::report_panic(ctx, &panic);
                return Response::text(500, "Internal Server Error");
            }
        };
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let Some(key) = header("sec-websocket-key") else {
            return Response::text(400, "Bad Request");
        };
        if header("sec-websocket-version").as_deref() != Some("13") {
            let mut response = Response::text(426, "Upgrade Required");
            response
                .headers
                .push(("sec-websocket-version".into(), "13".into()));
            return response;
        }
        let (options, protocols) = service_options(ctx, upgrade_service);
        let subprotocol = header("sec-websocket-protocol").and_then(|offered| {
            offered
                .split(',')
                .map(str::trim)
                .find(|p| protocols.iter().any(|s| s == p))
                .map(str::to_owned)
        });
        let secure = request.secure;
        let (ready, connected) = tokio::sync::oneshot::channel();
        let on_upgrade = request.on_upgrade;
        let protocol = subprotocol.clone();
        tokio::spawn(async move {
            if let Ok(upgraded) = on_upgrade.await {
                let stream = WebSocketStream::from_raw_socket(
                    TokioIo::new(upgraded),
                    Role::Server,
                    Some(options.config()),
                )
                .await;
                let _ = ready.send(Conn::start(stream, options, secure, protocol));
            }
        });
        let listener = self.listener.clone();
        let native = self.native.clone();
        let jobs = futures_util::stream::once(connected).map(move |conn| -> MakeJob {
            let listener = listener.clone();
            let native = native.clone();
            let service = service.clone();
            Box::new(move |ctx: &mut NativeContext<'_>| {
                let conn = Rc::new(conn.ok()?);
                let mut connections = native.connections.borrow_mut();
                connections.retain(|c| c.strong_count() > 0);
                connections.push(Rc::downgrade(&conn));
                drop(connections);
                let caller = ctx
                    .call_method_now(&listener, "makeCaller", &[handle(conn.clone())])
                    .ok()?;
                Some(Job {
                    callee: Callee::Method {
                        receiver: listener,
                        name: "serveConnection".into(),
                    },
                    args: vec![service, caller],
                    reply: Box::new(move |ctx: &mut NativeContext<'_>, result| {
                        if let Err(panic) = result {
                            crate::report_panic(ctx, &panic);
                            conn.start_close(
                                1011,
                                "Unexpected condition".into(),
                                Some(CLOSE_GRACE),
                            );
                        }
                    }),
                })
            })
        });
        ctx.register_event_source(Box::pin(jobs));
        let mut headers = vec![
            ("upgrade".to_string(), "websocket".to_string()),
            ("connection".to_string(), "Upgrade".to_string()),
            (
                "sec-websocket-accept".to_string(),
                derive_accept_key(key.as_bytes()),
            ),
        ];
        if let Some(protocol) = subprotocol {
            headers.push(("sec-websocket-protocol".into(), protocol));
        }
        Response {
            status: 101,
            headers,
            body: bytes::Bytes::new(),
            stream: None,
        }
    }
}

/// One connection being served (shared by the steps of its loop).
struct Serving {
    listener: Value,
    service: Value,
    caller: Value,
    conn: Rc<Conn>,
    /// Whether `onClose` ran (a connection that ends without a close frame gets 1006).
    closed: std::cell::Cell<bool>,
}

/// `serveConnection(service, caller)`: the connection's loop (see the module documentation).
pub(super) fn serve_connection(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let listener = this_arg(args);
    let service = args.get(1).cloned().unwrap_or(Value::Nil);
    let caller = args.get(2).cloned().unwrap_or(Value::Nil);
    let conn = super::conn_of(ctx, &caller)?;
    let serving = Rc::new(Serving {
        listener,
        service,
        caller,
        conn,
        closed: std::cell::Cell::new(false),
    });
    call_remote(ctx, serving, &["onOpen"], Vec::new(), None)
}

/// The remote method `name` of the service, if it has one: its function and parameters.
fn remote(
    ctx: &NativeContext<'_>,
    service: &Value,
    names: &[&str],
) -> Option<(Value, Vec<MethodParam>)> {
    let table = ctx.service_methods(service)?;
    names.iter().find_map(|name| {
        table.remotes.iter().find(|r| r.name == *name).map(|r| {
            (
                Value::Function(Closure::new(r.func, Box::new([]))),
                r.params.clone(),
            )
        })
    })
}

/// What a message's data parameter receives.
enum Data {
    Text(String),
    Binary(Vec<u8>),
}

/// Calls the first of `names` the service has with the caller and `data` (positionally,
/// for the parameters that do not take the caller; `message` is bound to the first of them
/// by its type), then writes back a returned value and goes on with the next item.
fn call_remote(
    ctx: &mut NativeContext<'_>,
    serving: Rc<Serving>,
    names: &[&str],
    data: Vec<Value>,
    message: Option<Data>,
) -> Result<Step, Panic> {
    let Some((function, params)) = remote(ctx, &serving.service, names) else {
        return next(ctx, serving);
    };
    let data_param = params
        .iter()
        .find(|p| !ctx.value_belongs(&serving.caller, p.ty))
        .map(|p| p.ty);
    let Some(message) = message else {
        let args = arguments(ctx, &serving, &params, data);
        return invoke(ctx, serving, function, args);
    };
    let Some(ty) = data_param else {
        let args = arguments(ctx, &serving, &params, Vec::new());
        return invoke(ctx, serving, function, args);
    };
    bind(
        ctx,
        serving.clone(),
        message,
        ty,
        move |ctx, serving, bound| {
            match bound {
                Ok(value) => {
                    let args = arguments(ctx, &serving, &params, vec![value]);
                    invoke(ctx, serving, function, args)
                }
                Err(reason) => {
                    // A message that does not fit the parameter closes the connection (1003).
                    let mut reason = format!("data binding failed: {reason}");
                    truncate(&mut reason, 123);
                    serving.conn.start_close(1003, reason, Some(CLOSE_GRACE));
                    next(ctx, serving)
                }
            }
        },
    )
}

/// The arguments of a remote method: the service, then per parameter the caller or the next
/// data value.
fn arguments(
    ctx: &NativeContext<'_>,
    serving: &Serving,
    params: &[MethodParam],
    data: Vec<Value>,
) -> Vec<Value> {
    let mut data = data.into_iter();
    let mut args = vec![serving.service.clone()];
    for param in params {
        if ctx.value_belongs(&serving.caller, param.ty) {
            args.push(serving.caller.clone());
        } else if let Some(value) = data.next() {
            args.push(value);
        } else {
            break;
        }
    }
    args
}

type Bound = Box<
    dyn FnOnce(&mut NativeContext<'_>, Rc<Serving>, Result<Value, String>) -> Result<Step, Panic>,
>;

/// Binds a message to the data parameter's type: a string type gets the text, `byte[]` the
/// bytes (a text message's UTF-8), anything else the listener's `bindText` (the JSON
/// converted to the type, else the text itself).
fn bind(
    ctx: &mut NativeContext<'_>,
    serving: Rc<Serving>,
    message: Data,
    ty: TypeId,
    then: impl FnOnce(&mut NativeContext<'_>, Rc<Serving>, Result<Value, String>) -> Result<Step, Panic>
        + 'static,
) -> Result<Step, Panic> {
    let then: Bound = Box::new(then);
    let byte_list = ctx.types().well_known.byte_list;
    let text = match message {
        Data::Binary(bytes) => {
            if takes_bytes(ctx, ty) {
                let value = bytes_value(ctx, &bytes);
                return then(ctx, serving, Ok(value));
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Data::Text(text) => text,
    };
    let as_text = Value::string(text.clone());
    if ctx.types().is_subtype(ty, ctx.types().well_known.string) {
        return then(ctx, serving, Ok(as_text));
    }
    if ctx.types().is_subtype(ty, byte_list) {
        let value = bytes_value(ctx, text.as_bytes());
        return then(ctx, serving, Ok(value));
    }
    let listener = serving.listener.clone();
    call_method(
        ctx,
        &listener,
        "bindText",
        vec![as_text, Value::Typedesc(ty)],
        move |ctx, bound| match bound {
            Value::Error(_) => {
                let text = intc_runtime::format::to_string(&bound, ctx.types());
                then(ctx, serving, Err(text))
            }
            value => then(ctx, serving, Ok(value)),
        },
    )
}

/// Whether a binary message goes to a parameter (or read target) of type `ty` as `byte[]`:
/// when `ty` admits `byte[]` and is not `json` (which gets the bytes' text parsed).
pub(super) fn takes_bytes(ctx: &NativeContext<'_>, ty: TypeId) -> bool {
    let types = ctx.types();
    let known = &types.well_known;
    let is_json = types.is_subtype(ty, known.json) && types.is_subtype(known.json, ty);
    types.is_subtype(known.byte_list, ty) && !is_json
}

/// Calls a remote method; a returned error closes the connection (1011), another value is
/// written back (`writeMessage`).
fn invoke(
    ctx: &mut NativeContext<'_>,
    serving: Rc<Serving>,
    function: Value,
    args: Vec<Value>,
) -> Result<Step, Panic> {
    call_all(
        ctx,
        vec![(function, args)],
        Box::new(move |ctx, mut results| {
            let result = results.pop().unwrap_or(Value::Nil);
            match result {
                Value::Nil => next(ctx, serving),
                Value::Error(_) => {
                    let mut reason = match &result {
                        Value::Error(e) => e.message.to_string(),
                        _ => String::new(),
                    };
                    truncate(&mut reason, 123);
                    serving.conn.start_close(1011, reason, Some(CLOSE_GRACE));
                    next(ctx, serving)
                }
                value => {
                    let caller = serving.caller.clone();
                    call_method(ctx, &caller, "writeMessage", vec![value], move |ctx, _| {
                        next(ctx, serving)
                    })
                }
            }
        }),
    )
}

/// Cuts `text` to at most `max` bytes at a character boundary (a close reason's limit).
fn truncate(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// Waits for the connection's next inbound item and dispatches it.
fn next(ctx: &mut NativeContext<'_>, serving: Rc<Serving>) -> Result<Step, Panic> {
    let Some(mut queue) = serving.conn.take_inbound() else {
        return Err(ctx.panic("InternalError", "websocket connection read twice"));
    };
    Ok(Step::Await(Box::pin(async move {
        let item = queue.recv().await;
        Box::new(move |ctx: &mut NativeContext<'_>| {
            serving.conn.put_inbound(queue);
            dispatch(ctx, serving, item)
        }) as Completion
    })))
}

fn dispatch(
    ctx: &mut NativeContext<'_>,
    serving: Rc<Serving>,
    item: Option<Inbound>,
) -> Result<Step, Panic> {
    match item {
        Some(Inbound::Text(text)) => call_remote(
            ctx,
            serving,
            &["onTextMessage", "onMessage"],
            Vec::new(),
            Some(Data::Text(text)),
        ),
        Some(Inbound::Binary(bytes)) => call_remote(
            ctx,
            serving,
            &["onBinaryMessage", "onMessage"],
            Vec::new(),
            Some(Data::Binary(bytes.to_vec())),
        ),
        Some(Inbound::Ping(data)) => {
            let data = vec![bytes_value(ctx, &data)];
            call_remote(ctx, serving, &["onPing"], data, None)
        }
        Some(Inbound::Pong(data)) => {
            let data = vec![bytes_value(ctx, &data)];
            call_remote(ctx, serving, &["onPong"], data, None)
        }
        Some(Inbound::IdleTimeout) => {
            call_remote(ctx, serving, &["onIdleTimeout"], Vec::new(), None)
        }
        Some(Inbound::Close(code, reason)) => on_close(ctx, serving, code, reason),
        Some(Inbound::Error(kind, message)) => {
            let listener = serving.listener.clone();
            call_method(
                ctx,
                &listener,
                "makeError",
                vec![Value::Int(kind as i64), Value::string(message)],
                move |ctx, error| call_remote(ctx, serving, &["onError"], vec![error], None),
            )
        }
        // The connection ended; without a close frame that is an abnormal closure (1006).
        None if serving.closed.get() => Ok(Step::Done(Value::Nil)),
        None => on_close(ctx, serving, 1006, String::new()),
    }
}

/// `onClose(caller, statusCode, reason)`, then the loop ends once the connection does.
fn on_close(
    ctx: &mut NativeContext<'_>,
    serving: Rc<Serving>,
    code: u16,
    reason: String,
) -> Result<Step, Panic> {
    serving.closed.set(true);
    let data = vec![Value::Int(i64::from(code)), Value::string(reason)];
    call_remote(ctx, serving, &["onClose"], data, None)
}
