//! One WebSocket connection, server or client side: a tokio task owns the stream, reads
//! frames into the inbound queue the isolate consumes (in order), and performs the writes
//! and the close handshake the isolate asks for over a command queue. Nothing here touches
//! Ballerina values; the natives (`serve.rs`, `client.rs`) turn the queue's items into calls
//! and values.

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::WebSocketStream;

/// The kinds of `websocket:Error` the natives report (see `makeError` in
/// `modules/websocket/websocket_types.int`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    Generic = 0,
    InvalidHandshake = 1,
    PayloadTooLarge = 2,
    Protocol = 3,
    Connection = 4,
    ConnectionClosure = 5,
    HandshakeTimedOut = 6,
    ReadTimedOut = 7,
    Ssl = 8,
    PayloadBinding = 9,
}

/// A failure: its kind and message.
pub(crate) type Failure = (ErrorKind, String);

/// What the connection task hands the isolate, in the order it happened.
#[derive(Debug)]
pub(crate) enum Inbound {
    Text(String),
    Binary(Bytes),
    Ping(Bytes),
    Pong(Bytes),
    /// The peer's close frame (status code, reason); 1005 when it carried none.
    Close(u16, String),
    /// No frame for the idle timeout.
    IdleTimeout,
    /// The connection failed (a frame over the limit, a protocol violation, I/O).
    Error(ErrorKind, String),
}

enum Command {
    Send(Message, oneshot::Sender<Result<(), Failure>>),
    /// Send a close frame, then wait for the peer's (at most the timeout, `None`: forever).
    Close(
        u16,
        String,
        Option<Duration>,
        oneshot::Sender<Result<(), Failure>>,
    ),
}

/// Any byte stream a WebSocket runs over (an upgraded HTTP connection, TCP, TLS).
pub(crate) trait Io: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Io for T {}

/// The isolate's side of a connection (in a `Caller`'s or `Client`'s `handle` field).
pub(crate) struct Conn {
    pub id: String,
    pub secure: bool,
    pub subprotocol: Option<String>,
    /// How long a client's read waits (`readTimeout`); `None`: until a message comes.
    pub read_timeout: Option<Duration>,
    commands: mpsc::UnboundedSender<Command>,
    /// Taken while a read waits for the next item (one reader at a time).
    inbound: RefCell<Option<mpsc::UnboundedReceiver<Inbound>>>,
    open: Arc<AtomicBool>,
}

/// How a connection task behaves.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    /// Inbound frames and messages larger than this are refused with 1009.
    pub max_frame_size: usize,
    /// `onIdleTimeout` after this long without a frame (server side).
    pub idle_timeout: Option<Duration>,
}

impl Options {
    pub fn config(&self) -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
        tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
            .max_frame_size(Some(self.max_frame_size))
            .max_message_size(Some(self.max_frame_size))
    }
}

/// A unique connection id: the process id, a counter and the time, in hex.
fn connection_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{:08x}{:08x}{:016x}", std::process::id(), nanos, n)
}

impl Conn {
    /// Starts the task of `stream` (on the current tokio runtime).
    pub fn start<S: Io>(
        stream: WebSocketStream<S>,
        options: Options,
        secure: bool,
        subprotocol: Option<String>,
    ) -> Conn {
        let (commands, command_queue) = mpsc::unbounded_channel();
        let (inbound_sender, inbound) = mpsc::unbounded_channel();
        let open = Arc::new(AtomicBool::new(true));
        tokio::spawn(run(
            stream,
            options,
            command_queue,
            inbound_sender,
            open.clone(),
        ));
        Conn {
            id: connection_id(),
            secure,
            subprotocol,
            read_timeout: None,
            commands,
            inbound: RefCell::new(Some(inbound)),
            open,
        }
    }

    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::Acquire)
    }

    /// Sends a message (the future resolves once it is written).
    pub fn send(&self, message: Message) -> impl std::future::Future<Output = Result<(), Failure>> {
        let (ack, acked) = oneshot::channel();
        let queued = self.is_open() && self.commands.send(Command::Send(message, ack)).is_ok();
        async move {
            if !queued {
                return Err(closed());
            }
            acked.await.unwrap_or_else(|_| Err(closed()))
        }
    }

    /// Starts the close handshake; resolves when the peer answered (or the timeout passed).
    pub fn close(
        &self,
        code: u16,
        reason: String,
        timeout: Option<Duration>,
    ) -> impl std::future::Future<Output = Result<(), Failure>> {
        let (ack, acked) = oneshot::channel();
        let queued = self.is_open()
            && self
                .commands
                .send(Command::Close(code, reason, timeout, ack))
                .is_ok();
        async move {
            if !queued {
                return Err(closed());
            }
            acked.await.unwrap_or(Ok(()))
        }
    }

    /// Starts the close handshake without waiting for it (a connection the listener ends).
    pub fn start_close(&self, code: u16, reason: String, timeout: Option<Duration>) {
        if self.is_open() {
            let (ack, _) = oneshot::channel();
            let _ = self
                .commands
                .send(Command::Close(code, reason, timeout, ack));
        }
    }

    /// Takes the inbound queue for one read (`None`: another read is waiting).
    pub fn take_inbound(&self) -> Option<mpsc::UnboundedReceiver<Inbound>> {
        self.inbound.borrow_mut().take()
    }

    /// Puts the inbound queue back after a read.
    pub fn put_inbound(&self, queue: mpsc::UnboundedReceiver<Inbound>) {
        *self.inbound.borrow_mut() = Some(queue);
    }
}

fn closed() -> Failure {
    (
        ErrorKind::ConnectionClosure,
        "Connection already closed".to_string(),
    )
}

fn close_frame(code: u16, reason: String) -> Message {
    Message::Close(Some(CloseFrame {
        code: CloseCode::from(code),
        reason: reason.into(),
    }))
}

/// While closing: when to give up waiting for the peer's close frame, and who waits.
type Closing = (Option<Instant>, Vec<oneshot::Sender<Result<(), Failure>>>);

/// The connection task.
async fn run<S: Io>(
    mut stream: WebSocketStream<S>,
    options: Options,
    mut commands: mpsc::UnboundedReceiver<Command>,
    inbound: mpsc::UnboundedSender<Inbound>,
    open: Arc<AtomicBool>,
) {
    let mut last_frame = Instant::now();
    let mut closing: Option<Closing> = None;
    let mut commands_open = true;
    loop {
        let idle_deadline = options.idle_timeout.map(|idle| last_frame + idle);
        let close_deadline = closing.as_ref().and_then(|(deadline, _)| *deadline);
        tokio::select! {
            command = commands.recv(), if commands_open => match command {
                Some(Command::Send(message, ack)) => {
                    let sent = stream.send(message).await.map_err(|e| failure(&e));
                    let _ = ack.send(sent);
                }
                Some(Command::Close(code, reason, timeout, ack)) => {
                    open.store(false, Ordering::Release);
                    match &mut closing {
                        Some((_, waiting)) => waiting.push(ack),
                        None => {
                            if let Err(error) = stream.send(close_frame(code, reason)).await {
                                let _ = ack.send(Err(failure(&error)));
                                break;
                            }
                            let deadline = timeout.map(|t| Instant::now() + t);
                            closing = Some((deadline, vec![ack]));
                        }
                    }
                }
                // Every handle is gone: nobody can read or write any more.
                None => {
                    commands_open = false;
                    if closing.is_none() {
                        open.store(false, Ordering::Release);
                        let _ = stream.send(close_frame(1001, "Going Away".into())).await;
                        closing = Some((Some(Instant::now() + Duration::from_secs(5)), Vec::new()));
                    }
                }
            },
            frame = stream.next() => {
                last_frame = Instant::now();
                let item = match frame {
                    Some(Ok(Message::Text(text))) => Inbound::Text(text.to_string()),
                    Some(Ok(Message::Binary(data))) => Inbound::Binary(data),
                    Some(Ok(Message::Ping(data))) => Inbound::Ping(data),
                    Some(Ok(Message::Pong(data))) => Inbound::Pong(data),
                    Some(Ok(Message::Close(frame))) => {
                        open.store(false, Ordering::Release);
                        let (code, reason) = frame
                            .map(|f| (u16::from(f.code), f.reason.to_string()))
                            .unwrap_or((1005, String::new()));
                        // tungstenite answers the peer's close frame itself; the handshake
                        // is complete once the stream ends.
                        Inbound::Close(code, reason)
                    }
                    Some(Ok(Message::Frame(_))) => continue,
                    Some(Err(WsError::ConnectionClosed | WsError::AlreadyClosed)) | None => break,
                    Some(Err(error)) => {
                        let (kind, message) = failure(&error);
                        if closing.is_none() {
                            open.store(false, Ordering::Release);
                            let code = if kind == ErrorKind::PayloadTooLarge { 1009 } else { 1002 };
                            let _ = stream.send(close_frame(code, message.clone())).await;
                            closing = Some((Some(Instant::now() + Duration::from_secs(5)), Vec::new()));
                        }
                        let ended = matches!(error, WsError::Io(_));
                        let _ = inbound.send(Inbound::Error(kind, message));
                        if ended {
                            break;
                        }
                        continue;
                    }
                };
                let _ = inbound.send(item);
            },
            _ = sleep_until(idle_deadline), if idle_deadline.is_some() && closing.is_none() => {
                last_frame = Instant::now();
                let _ = inbound.send(Inbound::IdleTimeout);
            }
            _ = sleep_until(close_deadline), if close_deadline.is_some() => break,
        }
    }
    open.store(false, Ordering::Release);
    if let Some((_, waiting)) = closing {
        for ack in waiting {
            let _ = ack.send(Ok(()));
        }
    }
    // Dropping the stream closes the socket; dropping `inbound` ends the isolate's queue.
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// The kind and message of a tungstenite error.
pub(crate) fn failure(error: &WsError) -> Failure {
    match error {
        WsError::Capacity(e) => (ErrorKind::PayloadTooLarge, format!("{e}")),
        WsError::Protocol(e) => (ErrorKind::Protocol, format!("{e}")),
        WsError::ConnectionClosed | WsError::AlreadyClosed => closed(),
        WsError::Io(e) => (ErrorKind::Connection, format!("{e}")),
        WsError::Tls(e) => (ErrorKind::Ssl, format!("{e}")),
        other => (ErrorKind::Generic, format!("{other}")),
    }
}
