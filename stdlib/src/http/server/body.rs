//! Response bodies: a whole body, or one produced over time (server-sent events) whose
//! chunks are written and flushed as they arrive.

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::{Body, Frame, SizeHint};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// The chunks of a body produced over time; it ends when every sender is dropped.
pub struct BodyStream(pub mpsc::Receiver<Bytes>);

impl std::fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BodyStream")
    }
}

/// What a streamed body ends on besides its last chunk: the server stopping.
pub(super) type Ending = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The body of a response hyper writes.
pub(crate) enum ServerBody {
    Full(Full<Bytes>),
    Stream {
        chunks: mpsc::Receiver<Bytes>,
        /// Resolves when the server stops: the stream then ends (a graceful stop does not
        /// wait its whole grace period for a stream that never ends).
        ending: Option<Ending>,
        /// Kept while the body is written (the connection's in-flight count).
        _guard: Option<Box<dyn Send + Sync>>,
    },
}

impl ServerBody {
    pub fn full(bytes: Bytes) -> ServerBody {
        ServerBody::Full(Full::new(bytes))
    }

    /// Keeps `guard` until a streamed body ends (dropped at once for a whole body).
    pub fn guard(&mut self, guard: Box<dyn Send + Sync>) {
        if let ServerBody::Stream { _guard, .. } = self {
            *_guard = Some(guard);
        }
    }

    /// Ends a streamed body when `ending` resolves.
    pub fn end_on(&mut self, future: Ending) {
        if let ServerBody::Stream { ending, .. } = self {
            *ending = Some(future);
        }
    }

    pub fn is_stream(&self) -> bool {
        matches!(self, ServerBody::Stream { .. })
    }
}

impl Body for ServerBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            ServerBody::Full(full) => Pin::new(full).poll_frame(cx),
            ServerBody::Stream { chunks, ending, .. } => {
                if let Some(end) = ending {
                    if end.as_mut().poll(cx).is_ready() {
                        chunks.close();
                        return Poll::Ready(None);
                    }
                }
                match chunks.poll_recv(cx) {
                    Poll::Ready(Some(bytes)) => Poll::Ready(Some(Ok(Frame::data(bytes)))),
                    Poll::Ready(None) => Poll::Ready(None),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ServerBody::Full(full) => full.is_end_stream(),
            ServerBody::Stream { .. } => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ServerBody::Full(full) => full.size_hint(),
            ServerBody::Stream { .. } => SizeHint::default(),
        }
    }
}

impl From<BodyStream> for ServerBody {
    fn from(stream: BodyStream) -> ServerBody {
        ServerBody::Stream {
            chunks: stream.0,
            ending: None,
            _guard: None,
        }
    }
}
