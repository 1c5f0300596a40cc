//! `websocket:Client`: the handshake over TCP or TLS (rustls, the `http:Client`'s
//! verification settings), then reads that park only the calling strand.

use super::conn::{Conn, ErrorKind, Failure, Inbound, Options};
use super::{bytes_value, conn_of, fail, handle, seconds, this_arg};
use intc_runtime::native::{Completion, Step};
use intc_runtime::steps::call_method;
use intc_runtime::value::ListObj;
use intc_runtime::{NativeContext, Panic, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Error as WsError;

fn field(config: &Value, name: &str) -> Option<Value> {
    config.as_map()?.get(name)
}

/// What `connect` needs from the `ClientConfiguration`.
struct Settings {
    headers: Vec<(String, String)>,
    protocols: Vec<String>,
    options: Options,
    handshake_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    tls: crate::http::client::TlsSettings,
}

fn settings(config: &Value) -> Settings {
    let strings = |value: Option<Value>| -> Vec<String> {
        value
            .and_then(|l| {
                l.as_list().map(|l| {
                    l.items()
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
            })
            .unwrap_or_default()
    };
    let headers = field(config, "customHeaders")
        .and_then(|m| {
            m.as_map().map(|m| {
                m.entries()
                    .iter()
                    .filter_map(|(k, v)| Some((k.0.to_string(), v.as_str()?.to_owned())))
                    .collect()
            })
        })
        .unwrap_or_default();
    let max_frame_size = field(config, "maxFrameSize")
        .and_then(|v| v.as_int())
        .filter(|n| *n > 0)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(65536);
    let secure = field(config, "secureSocket").filter(|s| !s.is_nil());
    Settings {
        headers,
        protocols: strings(field(config, "subProtocols")),
        options: Options {
            max_frame_size,
            idle_timeout: None,
        },
        handshake_timeout: seconds(field(config, "handShakeTimeout").as_ref())
            .filter(|d| !d.is_zero()),
        read_timeout: seconds(field(config, "readTimeout").as_ref()).filter(|d| !d.is_zero()),
        tls: crate::http::client::TlsSettings::from_secure_socket(secure.as_ref()),
    }
}

/// `[kind, message]`: how `connect` reports a failure to `Client.init`.
fn failure_value(ctx: &NativeContext<'_>, (kind, message): Failure) -> Value {
    Value::List(ListObj::new(
        ctx.types().well_known.anydata_list,
        vec![Value::Int(kind as i64), Value::string(message)],
    ))
}

/// `connect(url, config)`: the handle of an open connection, or `[kind, message]`.
pub(super) fn connect(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let url = args
        .first()
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let config = args.get(1).cloned().unwrap_or(Value::Nil);
    let settings = settings(&config);
    let timeout = settings.handshake_timeout;
    Ok(Step::Await(Box::pin(async move {
        let opened = match timeout {
            Some(limit) => tokio::time::timeout(limit, open(url, settings))
                .await
                .unwrap_or_else(|_| {
                    Err((
                        ErrorKind::HandshakeTimedOut,
                        "Handshake timed out".to_string(),
                    ))
                }),
            None => open(url, settings).await,
        };
        Box::new(move |ctx: &mut NativeContext<'_>| {
            Ok(Step::Done(match opened {
                Ok(conn) => handle(std::rc::Rc::new(conn)),
                Err(failure) => failure_value(ctx, failure),
            }))
        }) as Completion
    })))
}

/// Connects, handshakes and starts the connection's task.
async fn open(url: String, settings: Settings) -> Result<Conn, Failure> {
    let invalid = |message: String| (ErrorKind::Generic, message);
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| invalid(format!("invalid URL '{url}': {e}")))?;
    for (name, value) in &settings.headers {
        let name = tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid(format!("invalid header name '{name}'")))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| invalid(format!("invalid value of header '{name}'")))?;
        request.headers_mut().insert(name, value);
    }
    if !settings.protocols.is_empty() {
        let protocols = HeaderValue::from_str(&settings.protocols.join(", "))
            .map_err(|_| invalid("invalid subProtocols".into()))?;
        request
            .headers_mut()
            .insert("sec-websocket-protocol", protocols);
    }
    let uri = request.uri().clone();
    let secure = uri.scheme_str() == Some("wss");
    let host = uri.host().unwrap_or("").trim_matches(['[', ']']).to_owned();
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    let tcp = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| (ErrorKind::Connection, format!("{e}")))?;
    let _ = tcp.set_nodelay(true);
    let config = Some(settings.options.config());
    let (stream, response) = if secure {
        let tls = crate::http::client::tls_client_config(&settings.tls)
            .map_err(|e| (ErrorKind::Ssl, e))?;
        let connector = tokio_rustls::TlsConnector::from(Arc::new(tls));
        let name = rustls_pki_types::ServerName::try_from(host.clone())
            .map_err(|e| (ErrorKind::Ssl, format!("{e}")))?;
        let tls_stream = connector
            .connect(name, tcp)
            .await
            .map_err(|e| (ErrorKind::Ssl, format!("{e}")))?;
        let boxed: Box<dyn super::conn::Io> = Box::new(tls_stream);
        tokio_tungstenite::client_async_with_config(request, boxed, config)
            .await
            .map_err(handshake_failure)?
    } else {
        let boxed: Box<dyn super::conn::Io> = Box::new(tcp);
        tokio_tungstenite::client_async_with_config(request, boxed, config)
            .await
            .map_err(handshake_failure)?
    };
    let protocol = response
        .headers()
        .get("sec-websocket-protocol")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut conn = Conn::start(stream, settings.options, secure, protocol);
    conn.read_timeout = settings.read_timeout;
    Ok(conn)
}

/// A failed handshake as Ballerina reports it.
fn handshake_failure(error: WsError) -> Failure {
    match error {
        WsError::Http(response) => {
            let status = response.status();
            (
                ErrorKind::InvalidHandshake,
                format!(
                    "Invalid handshake response getStatus: {} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("")
                ),
            )
        }
        other => {
            let (kind, message) = super::conn::failure(&other);
            let kind = if kind == ErrorKind::Generic {
                ErrorKind::InvalidHandshake
            } else {
                kind
            };
            (kind, message)
        }
    }
}

/// What a read wants.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Any,
    Text,
    Binary,
}

/// Waits (within `readTimeout`) for the next text or binary message, skipping control frames.
fn read(ctx: &mut NativeContext<'_>, args: &[Value], want: Want) -> Result<Step, Panic> {
    let this = this_arg(args);
    let conn = conn_of(ctx, &this)?;
    let target = match args.get(1) {
        Some(Value::Typedesc(ty)) => *ty,
        _ if want == Want::Binary => ctx.types().well_known.byte_list,
        _ => ctx.types().well_known.anydata,
    };
    let timeout = conn.read_timeout;
    let Some(mut queue) = conn.take_inbound() else {
        return fail(
            ctx,
            &this,
            (ErrorKind::Generic, "another read is in progress".into()),
        );
    };
    Ok(Step::Await(Box::pin(async move {
        let receive = async {
            loop {
                match queue.recv().await {
                    Some(Inbound::Ping(_) | Inbound::Pong(_) | Inbound::IdleTimeout) => continue,
                    other => return other,
                }
            }
        };
        let item = match timeout {
            Some(limit) => tokio::time::timeout(limit, receive).await.map_err(|_| ()),
            None => Ok(receive.await),
        };
        Box::new(move |ctx: &mut NativeContext<'_>| {
            conn.put_inbound(queue);
            deliver(ctx, this, item, target, want)
        }) as Completion
    })))
}

fn deliver(
    ctx: &mut NativeContext<'_>,
    this: Value,
    item: Result<Option<Inbound>, ()>,
    target: intc_ir::TypeId,
    want: Want,
) -> Result<Step, Panic> {
    let text = match item {
        Err(()) => {
            return fail(
                ctx,
                &this,
                (ErrorKind::ReadTimedOut, "Read timed out".into()),
            )
        }
        Ok(Some(Inbound::Text(text))) if want != Want::Binary => text,
        Ok(Some(Inbound::Binary(bytes))) if want != Want::Text => {
            if super::serve::takes_bytes(ctx, target) {
                return Ok(Step::Done(bytes_value(ctx, &bytes)));
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Ok(Some(Inbound::Text(_))) => {
            return fail(
                ctx,
                &this,
                (
                    ErrorKind::Generic,
                    "Received a text message while expecting binary".into(),
                ),
            )
        }
        Ok(Some(Inbound::Binary(_))) => {
            return fail(
                ctx,
                &this,
                (
                    ErrorKind::Generic,
                    "Received a binary message while expecting text".into(),
                ),
            )
        }
        Ok(Some(Inbound::Close(code, reason))) => {
            let message = if reason.is_empty() {
                format!("Connection closed: Status code: {code}")
            } else {
                format!("Connection closed: Status code: {code}, {reason}")
            };
            return fail(ctx, &this, (ErrorKind::ConnectionClosure, message));
        }
        Ok(Some(Inbound::Error(kind, message))) => return fail(ctx, &this, (kind, message)),
        Ok(_) => {
            return fail(
                ctx,
                &this,
                (
                    ErrorKind::ConnectionClosure,
                    "Connection already closed".into(),
                ),
            )
        }
    };
    let value = Value::string(text);
    if ctx
        .types()
        .is_subtype(target, ctx.types().well_known.string)
    {
        return Ok(Step::Done(value));
    }
    let receiver = this.clone();
    call_method(
        ctx,
        &receiver,
        "bindText",
        vec![value, Value::Typedesc(target)],
        move |ctx, bound| match bound {
            Value::Error(_) => {
                let text = intc_runtime::format::to_string(&bound, ctx.types());
                fail(
                    ctx,
                    &this,
                    (
                        ErrorKind::PayloadBinding,
                        format!("data binding failed: {text}"),
                    ),
                )
            }
            value => Ok(Step::Done(value)),
        },
    )
}

pub(super) fn read_message(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    read(ctx, args, Want::Any)
}

pub(super) fn read_text_message(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Step, Panic> {
    read(ctx, args, Want::Text)
}

pub(super) fn read_binary_message(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Step, Panic> {
    read(ctx, args, Want::Binary)
}
