//! Server-sent events of a listener: a resource whose result is a `stream<SseEvent, error?>`
//! is answered at once with `200`, `content-type: text/event-stream` and `cache-control:
//! no-cache` (Ballerina's `Response.setSseEventStream`) and a body produced over time; so is
//! an `http:Response` carrying events, returned or sent through the `Caller` (or by the
//! interceptor pipeline, `caller::send_event_response`), with its own status and headers. A job
//! strand of its own (`writeSseEvents` in `http_sse.int`, registered as a one-job event
//! source) pulls the stream lazily and hands each event's text to the connection through a
//! bounded channel (`sendSseChunk` waits while the client is behind); the body ends when the
//! strand does. A client that went away closes the channel: the next event's send fails and
//! the stream's `close()` is called; a listener that stops ends the body (`server/body.rs`).

use crate::http::server::{BodyStream, Response};
use bytes::Bytes;
use intc_runtime::native::{Completion, Step};
use intc_runtime::{Callee, Job, MakeJob, NativeContext, Panic, Value};
use std::cell::RefCell;
use std::rc::Rc;
use tokio::sync::mpsc;

/// Events written ahead of a slow client before the stream is pulled again.
const CHUNKS: usize = 16;

/// The event streams a listener is writing.
#[derive(Default)]
pub(crate) struct Streams {
    open: std::cell::Cell<usize>,
    closed: tokio::sync::Notify,
}

impl Streams {
    /// Resolves once no stream is being written.
    pub(super) async fn all_closed(&self) {
        while self.open.get() > 0 {
            self.closed.notified().await;
        }
    }
}

/// Where a response's events go: the connection's channel, until the writing job ends.
pub(super) struct Sink(RefCell<Option<mpsc::Sender<Bytes>>>);

/// What answers a result carrying events: the response's status and headers, and the stream.
pub(crate) struct Events {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub stream: Value,
}

/// The events of a resource's result, when it is an event stream or an `http:Response`
/// carrying one (`Listener.eventResponse`). Only a stream, or an object whose first field (a
/// `Response`'s `events`) holds a stream or a reader, is asked about, which spares a Ballerina
/// call for every other result.
pub(super) fn events_of(
    ctx: &mut NativeContext<'_>,
    listener: &Value,
    value: &Value,
) -> Option<Events> {
    let candidate = match value {
        Value::Stream(_) => true,
        Value::Object(object) => matches!(
            object.slot(0),
            Some(Value::Stream(_)) | Some(Value::Handle(_))
        ),
        _ => false,
    };
    if !candidate {
        return None;
    }
    let parts = ctx
        .call_method_now(listener, "eventResponse", std::slice::from_ref(value))
        .ok()?;
    let parts = parts.as_list()?.items().clone();
    events_from_parts(&parts)
}

/// The events `[status, names, values, stream]` describes (`eventPartsOf` in `http_caller.int`).
pub(super) fn events_from_parts(parts: &[Value]) -> Option<Events> {
    let stream = parts
        .get(3)
        .filter(|s| matches!(s, Value::Stream(_)))?
        .clone();
    let response = super::wire::from_parts(parts.get(..3)?);
    Some(Events {
        status: response.status,
        headers: response.headers,
        stream,
    })
}

/// The response to an event stream, with the job that writes it started.
pub(super) fn respond(
    ctx: &mut NativeContext<'_>,
    listener: &Value,
    streams: &Rc<Streams>,
    events: Events,
) -> Response {
    let (sender, receiver) = mpsc::channel(CHUNKS);
    let streams = streams.clone();
    streams.open.set(streams.open.get() + 1);
    let sink = Rc::new(Sink(RefCell::new(Some(sender))));
    let handle = super::caller::handle(sink.clone());
    let listener = listener.clone();
    let Events {
        status,
        headers,
        stream,
    } = events;
    let make: MakeJob = Box::new(move |_ctx: &mut NativeContext<'_>| {
        Some(Job {
            callee: Callee::Method {
                receiver: listener,
                name: "writeEvents".into(),
            },
            args: vec![stream, handle],
            reply: Box::new(move |ctx: &mut NativeContext<'_>, result| {
                // The end of the job is the end of the body.
                sink.0.borrow_mut().take();
                streams.open.set(streams.open.get().saturating_sub(1));
                streams.closed.notify_waiters();
                if let Err(panic) = result {
                    crate::report_panic(ctx, &panic);
                }
            }),
        })
    });
    ctx.register_event_source(Box::pin(futures_util::stream::iter([make])));
    Response {
        status,
        headers,
        body: Bytes::new(),
        stream: Some(BodyStream(receiver)),
    }
}

/// `sendSseChunk(sink, text)`: true once the connection has the text, false when the client
/// has gone away (or the listener stopped).
pub(crate) fn send_chunk(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let sink = match args.first() {
        Some(Value::Handle(handle)) => handle.value.downcast_ref::<Rc<Sink>>().cloned(),
        _ => None,
    }
    .ok_or_else(|| ctx.panic("InternalError", "an event stream without its connection"))?;
    let Some(sender) = sink.0.borrow().clone() else {
        return Ok(Step::Done(Value::Boolean(false)));
    };
    let text = Bytes::from(args.get(1).and_then(Value::as_str).unwrap_or("").to_owned());
    match sender.try_send(text) {
        Ok(()) => Ok(Step::Done(Value::Boolean(true))),
        Err(mpsc::error::TrySendError::Closed(_)) => Ok(Step::Done(Value::Boolean(false))),
        Err(mpsc::error::TrySendError::Full(text)) => Ok(Step::Await(Box::pin(async move {
            let sent = sender.send(text).await.is_ok();
            Box::new(move |_: &mut NativeContext<'_>| Ok(Step::Done(Value::Boolean(sent))))
                as Completion
        }))),
    }
}
