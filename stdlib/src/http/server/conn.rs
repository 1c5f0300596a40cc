//! One connection: TLS handshake, hyper's protocol engine, the idle timeout and graceful
//! shutdown.

use super::checks;
use super::framing::{FramingWatch, Verdicts};
use super::observer::Pending;
use super::{Dispatcher, KeepAlive, Observer, ServerConfig, Stop};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;

/// What every connection of a server shares.
pub(super) struct Shared {
    pub config: ServerConfig,
    pub dispatcher: Arc<dyn Dispatcher>,
    pub tls: Option<TlsAcceptor>,
    pub permits: Arc<Semaphore>,
    pub observer: Option<Arc<dyn Observer>>,
    builder: auto::Builder<TokioExecutor>,
    /// HTTP/1 only: hyper's own HTTP/1 builder, because the auto builder ignores
    /// `http1_only` on connections that may be upgraded (WebSocket).
    http1: Option<hyper::server::conn::http1::Builder>,
}

impl Shared {
    pub fn new(
        config: ServerConfig,
        dispatcher: Arc<dyn Dispatcher>,
        tls: Option<TlsAcceptor>,
        observer: Option<Arc<dyn Observer>>,
    ) -> Shared {
        let mut builder = auto::Builder::new(TokioExecutor::new());
        let limits = config.request_limits;
        // hyper answers 431 itself when a request head does not fit its buffer; the buffer
        // holds a head at the limits plus slack, so that a request just over a limit reaches
        // `checks` and gets the precise status (414 or 431). hyper requires at least 8 KiB.
        let head_buffer = (limits.max_uri_length + limits.max_header_size + 1024).max(8192);
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(nonzero(config.header_read_timeout))
            .keep_alive(config.keep_alive == KeepAlive::Auto)
            // Pipelined requests are answered in one write when they arrive together.
            .pipeline_flush(true)
            .max_buf_size(head_buffer);
        builder
            .http2()
            .timer(TokioTimer::new())
            .max_concurrent_streams(config.max_concurrent_streams)
            // Larger than the checked limit, so that `checks` answers 431 rather than h2
            // resetting the stream.
            .max_header_list_size(
                u32::try_from(limits.max_header_size.saturating_mul(2)).unwrap_or(u32::MAX),
            );
        let http1 = (!config.http_version.speaks_http2()).then(|| {
            let mut http1 = hyper::server::conn::http1::Builder::new();
            http1
                .timer(TokioTimer::new())
                .header_read_timeout(nonzero(config.header_read_timeout))
                .keep_alive(config.keep_alive == KeepAlive::Auto)
                .pipeline_flush(true)
                .max_buf_size(head_buffer);
            http1
        });
        let permits = Arc::new(Semaphore::new(config.max_connections.max(1)));
        Shared {
            config,
            dispatcher,
            tls,
            permits,
            observer,
            builder,
            http1,
        }
    }
}

/// `None` for a zero duration (a disabled timeout).
fn nonzero(duration: Duration) -> Option<Duration> {
    (!duration.is_zero()).then_some(duration)
}

/// When a connection last read or wrote, and how many of its requests are in flight.
pub(super) struct Activity {
    start: Instant,
    last: AtomicU64,
    pub in_flight: AtomicUsize,
    /// Per HTTP/1 request head read, in order: whether it had both framing headers.
    verdicts: Verdicts,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            verdicts: Verdicts::default(),
        }
    }

    /// Whether the next HTTP/1 request's head had both `Content-Length` and
    /// `Transfer-Encoding` (see `framing.rs`).
    pub fn next_head_smuggles(&self) -> bool {
        self.verdicts
            .lock()
            .ok()
            .and_then(|mut verdicts| verdicts.pop_front())
            .unwrap_or(false)
    }

    fn touch(&self) {
        let now = self.start.elapsed().as_millis() as u64;
        self.last.store(now, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

/// Counts a request in flight while alive.
pub(super) struct InFlight(Arc<Activity>);

impl InFlight {
    pub fn new(activity: &Arc<Activity>) -> InFlight {
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(activity.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// An I/O stream that records its activity (for the idle timeout).
struct Tracked<T> {
    inner: T,
    activity: Arc<Activity>,
    framing: FramingWatch,
}

impl<T> Tracked<T> {
    fn new(inner: T, activity: &Arc<Activity>) -> Tracked<T> {
        Tracked {
            inner,
            activity: activity.clone(),
            framing: FramingWatch::new(activity.verdicts.clone()),
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Tracked<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
            let this = &mut *self;
            this.framing.feed(&buf.filled()[before..]);
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tracked<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// What a connection tells each of its requests.
pub(super) struct ConnectionInfo {
    pub peer: SocketAddr,
    pub local: SocketAddr,
    pub secure: bool,
    /// The client's certificate (DER) on a mutual-TLS connection that presented one.
    pub client_certificate: Option<bytes::Bytes>,
}

/// Serves one accepted connection until it closes, times out or the server stops.
pub(super) async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Receiver<Stop>,
    _permit: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let mut info = ConnectionInfo {
        peer,
        local: stream.local_addr().unwrap_or(peer),
        secure: false,
        client_certificate: None,
    };
    match &shared.tls {
        Some(acceptor) => {
            let handshake = acceptor.accept(stream);
            let stream = match nonzero(shared.config.header_read_timeout) {
                Some(limit) => match tokio::time::timeout(limit, handshake).await {
                    Ok(Ok(stream)) => stream,
                    _ => return,
                },
                None => match handshake.await {
                    Ok(stream) => stream,
                    Err(_) => return,
                },
            };
            info.secure = true;
            info.client_certificate = stream
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|chain| chain.first())
                .map(|leaf| bytes::Bytes::copy_from_slice(leaf.as_ref()));
            let io = Tracked::new(stream, &activity);
            drive(io, Arc::new(info), &shared, stop, activity).await;
        }
        None => {
            let io = Tracked::new(stream, &activity);
            drive(io, Arc::new(info), &shared, stop, activity).await;
        }
    }
}

async fn drive<T>(
    io: Tracked<T>,
    info: Arc<ConnectionInfo>,
    shared: &Arc<Shared>,
    stop: watch::Receiver<Stop>,
    activity: Arc<Activity>,
) where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = {
        let shared = shared.clone();
        let activity = activity.clone();
        let stopped = stop.clone();
        hyper::service::service_fn(move |request| {
            let shared = shared.clone();
            let info = info.clone();
            let stopped = stopped.clone();
            let in_flight = InFlight::new(&activity);
            let http1 = request.version() <= hyper::Version::HTTP_11;
            let smuggles = http1 && activity.next_head_smuggles();
            let pending = shared
                .observer
                .as_ref()
                .map(|observer| Pending::start(observer, request.method()));
            async move {
                let observation = pending
                    .as_ref()
                    .map(|pending| pending.observation.clone())
                    .unwrap_or_default();
                let mut response = if smuggles {
                    Ok(checks::smuggling_refusal())
                } else {
                    checks::handle(request, &shared, &info, observation).await
                };
                match &mut response {
                    // A body produced over time (server-sent events) keeps the request in
                    // flight until it ends (no idle timeout meanwhile), and ends when the
                    // server stops.
                    Ok(answer) if answer.body().is_stream() => {
                        answer.body_mut().guard(Box::new(in_flight));
                        answer.body_mut().end_on(Box::pin(stopping(stopped)));
                    }
                    _ => drop(in_flight),
                }
                if let (Some(pending), Ok(answer)) = (pending, &response) {
                    pending.finish(answer.status().as_u16());
                }
                response
            }
        })
    };
    // With upgrades: a WebSocket handshake answered 101 hands the connection over (the
    // connection future then ends and the upgraded stream lives on in its own task).
    match &shared.http1 {
        Some(http1) => {
            let connection = http1
                .serve_connection(TokioIo::new(io), service)
                .with_upgrades();
            tokio::pin!(connection);
            let shutdown = |c: Pin<&mut _>| {
                hyper::server::conn::http1::UpgradeableConnection::graceful_shutdown(c)
            };
            watch_connection(connection, shutdown, shared, stop, activity).await;
        }
        None => {
            let connection = shared
                .builder
                .serve_connection_with_upgrades(TokioIo::new(io), service);
            tokio::pin!(connection);
            let shutdown = |c: Pin<&mut _>| auto::UpgradeableConnection::graceful_shutdown(c);
            watch_connection(connection, shutdown, shared, stop, activity).await;
        }
    }
}

/// Resolves once the server is told to stop (or is dropped).
async fn stopping(mut stop: watch::Receiver<Stop>) {
    while *stop.borrow_and_update() == Stop::Running {
        if stop.changed().await.is_err() {
            return;
        }
    }
}

/// Drives `connection` until it ends, shutting it down gracefully when the server stops and
/// dropping it when idle for the configured timeout.
async fn watch_connection<C: std::future::Future>(
    mut connection: Pin<&mut C>,
    shutdown: impl Fn(Pin<&mut C>),
    shared: &Arc<Shared>,
    mut stop: watch::Receiver<Stop>,
    activity: Arc<Activity>,
) {
    let idle_timeout = nonzero(shared.config.timeout);
    let mut stopping = false;
    loop {
        // While a request is in flight the connection is not idle: look again a timeout later.
        let idle_deadline = match idle_timeout {
            Some(timeout) if activity.in_flight.load(Ordering::Acquire) > 0 => {
                Instant::now() + timeout
            }
            Some(timeout) => activity.last() + timeout,
            None => Instant::now(),
        };
        tokio::select! {
            _ = connection.as_mut() => return,
            changed = stop.changed(), if !stopping => {
                if changed.is_err() || *stop.borrow() != Stop::Running {
                    // Finish in-flight requests, refuse new ones, close idle keep-alives.
                    stopping = true;
                    shutdown(connection.as_mut());
                }
            }
            _ = tokio::time::sleep_until(idle_deadline.into()), if !stopping && idle_timeout.is_some() => {
                let idle = activity.in_flight.load(Ordering::Acquire) == 0
                    && idle_timeout.is_some_and(|timeout| activity.last() + timeout <= Instant::now());
                if idle {
                    // Dropping the connection closes the socket.
                    return;
                }
            }
        }
    }
}
