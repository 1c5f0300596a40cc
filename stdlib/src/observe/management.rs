//! The management listener: `/health/live`, `/health/ready` and `/metrics` on their own port,
//! served by the HTTP server core on a thread of its own (a current-thread tokio runtime), so
//! that probes and scrapes are answered whatever the isolate is doing.

use super::exposition::CONTENT_TYPE;
use super::Observability;
use crate::http::server::{HttpVersion, Request, Response, Server, ServerConfig};
use bytes::Bytes;
use hyper::Method;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::oneshot;

/// Where the management listener binds (`[ballerinax.prometheus] host`, `port`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagementConfig {
    pub host: String,
    /// 0 picks a free port (see [`Management::local_addr`]).
    pub port: u16,
}

impl Default for ManagementConfig {
    /// Ballerina's Prometheus reporter defaults: `0.0.0.0:9797`.
    fn default() -> Self {
        ManagementConfig {
            host: "0.0.0.0".to_string(),
            port: 9797,
        }
    }
}

/// A running management listener; dropping it stops it.
pub struct Management {
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Management {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Management")
            .field("local_addr", &self.local_addr)
            .finish()
    }
}

impl Management {
    /// Binds the listener and serves `observability`'s health and metrics; returns once it
    /// is bound (or could not bind: the message says why).
    pub fn start(
        config: ManagementConfig,
        observability: Arc<Observability>,
    ) -> Result<Management, String> {
        let (bound_tx, bound_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("intc-management".to_string())
            .spawn(move || serve(config, observability, bound_tx, stopped))
            .map_err(|error| error.to_string())?;
        match bound_rx.recv() {
            Ok(Ok(local_addr)) => Ok(Management {
                local_addr,
                stop: Some(stop),
                thread: Some(thread),
            }),
            Ok(Err(message)) => {
                let _ = thread.join();
                Err(message)
            }
            Err(_) => {
                let _ = thread.join();
                Err("the management listener's thread ended before binding".to_string())
            }
        }
    }

    /// The bound address (with the chosen port when the configured one was 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops serving and waits for the listener's thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Management {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The listener's thread: bind, report, serve until told to stop.
fn serve(
    config: ManagementConfig,
    observability: Arc<Observability>,
    bound: std::sync::mpsc::Sender<Result<SocketAddr, String>>,
    stopped: oneshot::Receiver<()>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = bound.send(Err(error.to_string()));
            return;
        }
    };
    runtime.block_on(async move {
        let mut server_config = ServerConfig::new(config.port);
        server_config.host = config.host;
        server_config.http_version = HttpVersion::Http1_1;
        // Probes and scrapers are few; the cap keeps a misbehaving one from hoarding sockets.
        server_config.max_connections = 256;
        let dispatcher = Arc::new(move |request: Request| {
            let answer = answer(&observability, &request);
            async move { answer }
        });
        match Server::bind(server_config, dispatcher).await {
            Ok(server) => {
                let _ = bound.send(Ok(server.local_addr()));
                let _ = stopped.await;
                server.graceful_stop(Duration::from_secs(1)).await;
            }
            Err(error) => {
                let _ = bound.send(Err(error.to_string()));
            }
        }
    });
}

fn json(status: u16, body: String) -> Response {
    Response {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: Bytes::from(body),
        stream: None,
    }
}

/// A JSON string literal.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The management listener's routes.
pub(super) fn answer(observability: &Observability, request: &Request) -> Response {
    let known = matches!(
        request.path.as_str(),
        "/health/live" | "/health/ready" | "/metrics"
    );
    if !known {
        return Response::text(404, "Not Found");
    }
    if request.method != Method::GET && request.method != Method::HEAD {
        let mut response = Response::text(405, "Method Not Allowed");
        response.headers.push(("allow".into(), "GET, HEAD".into()));
        return response;
    }
    match request.path.as_str() {
        "/health/live" => json(200, "{\"status\":\"UP\"}".to_string()),
        "/health/ready" => {
            let readiness = observability.health.readiness();
            let list = |names: &[String]| {
                names
                    .iter()
                    .map(|name| quoted(name))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let (status, word) = if readiness.ready() {
                (200, "UP")
            } else {
                (503, "DOWN")
            };
            json(
                status,
                format!(
                    "{{\"status\":\"{word}\",\"bound\":[{}],\"waiting\":[{}]}}",
                    list(&readiness.bound),
                    list(&readiness.waiting)
                ),
            )
        }
        _ => Response {
            status: 200,
            headers: vec![("content-type".into(), CONTENT_TYPE.into())],
            body: Bytes::from(observability.scrape()),
            stream: None,
        },
    }
}
