//! The HTTP server core that `std/http`'s `Listener` sits on: hyper 1 with hyper-util's auto
//! builder (HTTP/1.1 with keep-alive and pipelining, h2c by prior knowledge, h2 over TLS by
//! ALPN) and tokio-rustls (TLS and mutual TLS from PEM files).
//!
//! It knows nothing of Ballerina values: each request (method, path, query, headers, body
//! bytes) goes to a [`Dispatcher`] and the [`Response`] it answers is written back. The glue
//! of `std/http` implements the dispatcher by turning requests into strand jobs of the
//! isolate (`intc_runtime::events`).
//!
//! Hardening (each limit configurable in [`ServerConfig`]): request target over
//! `max_uri_length` → 414; header lines over `max_header_size` → 431; body over
//! `max_entity_body_size` → 413; `Content-Length` with `Transfer-Encoding` → 400; a missing or
//! repeated `Host` on HTTP/1.1 → 400; a header-read timeout and an idle timeout close slow
//! clients; at most `max_connections` connections (more are answered 503); a dispatcher that
//! panics answers 500 and the server keeps serving. Stopping is graceful (stop accepting,
//! let in-flight requests finish within a grace period, then close) or immediate.

mod accept;
mod body;
mod checks;
pub mod config;
mod conn;
mod framing;
pub mod isolate;
pub mod observer;
mod tls;

pub use body::BodyStream;
pub use config::{
    HttpVersion, KeepAlive, MutualTls, RequestLimits, ServerConfig, TlsConfig, VerifyClient,
};
pub use observer::{Finished, Observation, Observer, ResourceLabel};

use bytes::Bytes;
use hyper::{HeaderMap, Method, Version};
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A request as the dispatcher sees it: the head and the whole body.
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    /// The path of the request target (percent-encoded as sent).
    pub path: String,
    /// The query string without `?`, if any.
    pub query: Option<String>,
    pub version: Version,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The client's address.
    pub peer: SocketAddr,
    /// The address the connection was accepted on.
    pub local: SocketAddr,
    /// Whether it came over TLS.
    pub secure: bool,
    /// The client's certificate (DER) when it presented one over mutual TLS.
    pub client_certificate: Option<Bytes>,
    /// Where the dispatcher names the resource serving the request, for the server's
    /// observer (metrics); a no-op without one.
    pub observation: Observation,
    /// A WebSocket opening handshake's connection, once answered 101 (`None` for every
    /// other request).
    pub upgrade: Option<hyper::upgrade::OnUpgrade>,
}

/// The response the dispatcher answers.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// A body produced over time (server-sent events) instead of `body`: each chunk is
    /// written as it arrives, the body ends with the stream.
    pub stream: Option<BodyStream>,
}

impl Response {
    /// A copy of a response with a whole body (a streamed body cannot be copied: the copy
    /// has none).
    pub fn copy(&self) -> Response {
        Response {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            stream: None,
        }
    }

    /// A response with a `text/plain` body.
    pub fn text(status: u16, body: impl Into<String>) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: Bytes::from(body.into()),
            stream: None,
        }
    }
}

/// The future of a dispatched request.
pub type ResponseFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

/// Handles each request; called on the connection's task.
pub trait Dispatcher: Send + Sync + 'static {
    fn dispatch(&self, request: Request) -> ResponseFuture;
}

impl<F, Fut> Dispatcher for F
where
    F: Fn(Request) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    fn dispatch(&self, request: Request) -> ResponseFuture {
        Box::pin(self(request))
    }
}

/// Why a server could not start.
#[derive(Debug)]
pub enum ServerError {
    Io(std::io::Error),
    Tls(String),
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerError::Io(e) => write!(f, "{e}"),
            ServerError::Tls(e) => write!(f, "TLS configuration: {e}"),
        }
    }
}

impl std::error::Error for ServerError {}

/// How the server is told to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    Running,
    /// Stop accepting, let in-flight requests finish within the period, then close.
    Graceful(Duration),
    Immediate,
}

/// A running server (its tasks run on the tokio runtime that bound it).
pub struct Server {
    local_addr: SocketAddr,
    stop: watch::Sender<Stop>,
    accept: JoinHandle<()>,
    observer: Option<Arc<dyn Observer>>,
}

impl Server {
    /// Binds `config.host:config.port` and starts serving with `dispatcher`. Must be called
    /// inside a tokio runtime (with I/O and timers enabled).
    pub async fn bind(
        config: ServerConfig,
        dispatcher: Arc<dyn Dispatcher>,
    ) -> Result<Server, ServerError> {
        Server::bind_observed(config, dispatcher, None).await
    }

    /// [`Server::bind`] with an observer told of the binding and of every request (metrics,
    /// readiness: `crate::observe`).
    pub async fn bind_observed(
        config: ServerConfig,
        dispatcher: Arc<dyn Dispatcher>,
        observer: Option<Arc<dyn Observer>>,
    ) -> Result<Server, ServerError> {
        let tls = match &config.secure_socket {
            Some(tls) => Some(tls::acceptor(tls, config.http_version.speaks_http2())?),
            None => None,
        };
        let listener = if config.reuse_port {
            bind_reusing_port(&config.host, config.port)
                .await
                .map_err(ServerError::Io)?
        } else {
            tokio::net::TcpListener::bind((config.host.as_str(), config.port))
                .await
                .map_err(ServerError::Io)?
        };
        let local_addr = listener.local_addr().map_err(ServerError::Io)?;
        let (stop, stopped) = watch::channel(Stop::Running);
        if let Some(observer) = &observer {
            observer.bound(local_addr);
        }
        let shared = Arc::new(conn::Shared::new(config, dispatcher, tls, observer.clone()));
        let accept = tokio::spawn(accept::accept_loop(listener, shared, stopped));
        Ok(Server {
            local_addr,
            stop,
            accept,
            observer,
        })
    }

    /// The bound address (with the port chosen when `port` was 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    fn notify_stopped(&self) {
        if let Some(observer) = &self.observer {
            observer.stopped();
        }
    }

    /// Stops accepting at once, lets in-flight requests finish (idle keep-alive connections
    /// close) and waits for them for at most `grace`, then closes what is left.
    pub async fn graceful_stop(self, grace: Duration) {
        self.notify_stopped();
        let _ = self.stop.send(Stop::Graceful(grace));
        let _ = self.accept.await;
    }

    /// Stops accepting and closes every connection at once.
    pub async fn immediate_stop(self) {
        self.notify_stopped();
        let _ = self.stop.send(Stop::Immediate);
        let _ = self.accept.await;
    }
}

/// Binds `host:port` with `SO_REUSEPORT` (and `SO_REUSEADDR`), for servers sharing a port.
async fn bind_reusing_port(host: &str, port: u16) -> std::io::Result<tokio::net::TcpListener> {
    let mut last = None;
    for address in tokio::net::lookup_host((host, port)).await? {
        let socket = if address.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        #[cfg(unix)]
        socket.set_reuseport(true)?;
        match socket.bind(address).and_then(|()| socket.listen(1024)) {
            Ok(listener) => return Ok(listener),
            Err(error) => last = Some(error),
        }
    }
    Err(last.unwrap_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::AddrNotAvailable, "no address to bind")
    }))
}
