//! `std/websocket` (module-ballerina-websocket's API): WebSocket services on the HTTP
//! listener and a synchronous client.
//!
//! - `conn.rs`: one connection's tokio task (frames in, writes and the close handshake out).
//! - `serve.rs`: the listener side: upgrade services attach to an `http:Listener` with an
//!   [`UpgradeHook`](crate::http::service::UpgradeHook); an accepted handshake starts a
//!   connection whose messages run in order on one strand (`serveConnection`).
//! - `client.rs`: `websocket:Client` (`ws://` and `wss://` over rustls).
//!
//! The natives here are shared by `Caller` and `Client`, whose first field holds the
//! connection's handle.

mod client;
mod conn;
mod serve;

use crate::StdNative;
use conn::{Conn, Failure};
use intc_runtime::native::{Completion, Native, Step};
use intc_runtime::steps::call_method_done;
use intc_runtime::value::{HandleObj, ListObj};
use intc_runtime::{NativeContext, Panic, Value};
use std::rc::Rc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

pub fn native(id: StdNative) -> Option<Native> {
    #[allow(unreachable_patterns)]
    Some(match id {
        StdNative::WebsocketCreateListener => Native::Plain(serve::create_listener),
        StdNative::WebsocketListenerAttach => Native::Step(serve::attach),
        StdNative::WebsocketListenerDetach => Native::Step(serve::detach),
        StdNative::WebsocketListenerCloseAll => Native::Step(serve::close_all),
        StdNative::WebsocketListenerServeConnection => Native::Step(serve::serve_connection),
        StdNative::WebsocketConnect => Native::Step(client::connect),
        StdNative::WebsocketClientReadMessage => Native::Step(client::read_message),
        StdNative::WebsocketClientReadTextMessage => Native::Step(client::read_text_message),
        StdNative::WebsocketClientReadBinaryMessage => Native::Step(client::read_binary_message),
        StdNative::WebsocketCallerPing | StdNative::WebsocketClientPing => Native::Step(ping),
        StdNative::WebsocketCallerPong | StdNative::WebsocketClientPong => Native::Step(pong),
        StdNative::WebsocketCallerWriteText | StdNative::WebsocketClientWriteText => {
            Native::Step(write_text)
        }
        StdNative::WebsocketCallerWriteBinary | StdNative::WebsocketClientWriteBinary => {
            Native::Step(write_binary)
        }
        StdNative::WebsocketCallerCloseWith | StdNative::WebsocketClientCloseWith => {
            Native::Step(close_with)
        }
        StdNative::WebsocketCallerIsOpen | StdNative::WebsocketClientIsOpen => {
            Native::Plain(is_open)
        }
        StdNative::WebsocketCallerIsSecure | StdNative::WebsocketClientIsSecure => {
            Native::Plain(is_secure)
        }
        StdNative::WebsocketCallerGetConnectionId | StdNative::WebsocketClientGetConnectionId => {
            Native::Plain(connection_id)
        }
        StdNative::WebsocketCallerGetNegotiatedSubProtocol
        | StdNative::WebsocketClientGetNegotiatedSubProtocol => Native::Plain(subprotocol),
        _ => return None,
    })
}

/// A native value in a `handle`.
fn handle<T: 'static>(value: T) -> Value {
    Value::Handle(Rc::new(HandleObj {
        value: Box::new(value),
    }))
}

/// The `T` in the `handle` field an object declares first.
fn native_of<T: Clone + 'static>(ctx: &NativeContext<'_>, this: &Value) -> Result<T, Panic> {
    this.as_object()
        .and_then(|o| o.slot(0))
        .and_then(|h| match h {
            Value::Handle(handle) => handle.value.downcast_ref::<T>().cloned(),
            _ => None,
        })
        .ok_or_else(|| ctx.panic("InternalError", "websocket object without its native value"))
}

/// The connection of a `Caller` or `Client`.
fn conn_of(ctx: &NativeContext<'_>, this: &Value) -> Result<Rc<Conn>, Panic> {
    native_of::<Rc<Conn>>(ctx, this)
}

/// The object's own `makeError(kind, message)` as the native's result.
fn fail(
    ctx: &mut NativeContext<'_>,
    this: &Value,
    (kind, message): Failure,
) -> Result<Step, Panic> {
    call_method_done(
        ctx,
        this,
        "makeError",
        vec![Value::Int(kind as i64), Value::string(message)],
    )
}

/// Awaits `operation` and answers `()` or the object's error.
fn await_result(
    this: Value,
    operation: impl std::future::Future<Output = Result<(), Failure>> + 'static,
) -> Result<Step, Panic> {
    Ok(Step::Await(Box::pin(async move {
        let result = operation.await;
        Box::new(move |ctx: &mut NativeContext<'_>| match result {
            Ok(()) => Ok(Step::Done(Value::Nil)),
            Err(failure) => fail(ctx, &this, failure),
        }) as Completion
    })))
}

fn this_arg(args: &[Value]) -> Value {
    args.first().cloned().unwrap_or(Value::Nil)
}

/// A `byte[]` value.
fn bytes_value(ctx: &NativeContext<'_>, bytes: &[u8]) -> Value {
    Value::List(ListObj::new(
        ctx.types().well_known.byte_list,
        bytes.iter().map(|b| Value::Int(i64::from(*b))).collect(),
    ))
}

/// Seconds as a duration; `None` for a negative (no limit) or invalid value.
fn seconds(value: Option<&Value>) -> Option<Duration> {
    let secs = match value? {
        Value::Decimal(d) => d.to_f64(),
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => return None,
    };
    if secs < 0.0 {
        return None;
    }
    Duration::try_from_secs_f64(secs.min(1e9)).ok()
}

fn send(ctx: &mut NativeContext<'_>, args: &[Value], message: Message) -> Result<Step, Panic> {
    let this = this_arg(args);
    let conn = conn_of(ctx, &this)?;
    await_result(this, conn.send(message))
}

fn write_text(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let text = args.get(1).and_then(Value::as_str).unwrap_or("").to_owned();
    send(ctx, args, Message::text(text))
}

fn write_binary(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let data = crate::args::bytes(args, 1);
    send(ctx, args, Message::binary(data))
}

fn ping(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let data = crate::args::bytes(args, 1);
    send(ctx, args, Message::Ping(data.into()))
}

fn pong(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let data = crate::args::bytes(args, 1);
    send(ctx, args, Message::Pong(data.into()))
}

/// `closeWith(statusCode, reason, timeout)`: the close handshake, waiting at most `timeout`
/// seconds for the peer's close frame (negative: until it comes).
fn close_with(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let this = this_arg(args);
    let conn = conn_of(ctx, &this)?;
    let code = args
        .get(1)
        .and_then(Value::as_int)
        .and_then(|c| u16::try_from(c).ok())
        .unwrap_or(1000);
    let reason = args.get(2).and_then(Value::as_str).unwrap_or("").to_owned();
    let timeout = seconds(args.get(3));
    await_result(this, conn.close(code, reason, timeout))
}

fn is_open(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Boolean(conn_of(ctx, &this_arg(args))?.is_open()))
}

fn is_secure(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Boolean(conn_of(ctx, &this_arg(args))?.secure))
}

fn connection_id(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::string(conn_of(ctx, &this_arg(args))?.id.clone()))
}

fn subprotocol(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(match &conn_of(ctx, &this_arg(args))?.subprotocol {
        Some(protocol) => Value::string(protocol.clone()),
        None => Value::Nil,
    })
}
