//! The glue between the server core and an isolate: requests become strand jobs through the
//! runtime's event sources (`intc_runtime::interp::events`).
//!
//! Connection tasks (Send, on any thread) hand each request to an [`IsolateDispatcher`],
//! which queues it with a one-shot answer channel on a bounded queue (back-pressure when the
//! isolate falls behind). The isolate registers the queue's receiving side as an event
//! source: a [`Service`] turns each request into a job (a function value or object method
//! plus arguments: what the service dispatch of `std/http` produces) and the job's result
//! into the response, which goes back on the one-shot channel. A panicking job answers what
//! the service makes of the panic (500) and ends only itself.
//!
//! Stopping: a graceful stop of the [`Server`](super::Server) drops the core (and with it
//! the queue's sending side) once in-flight requests are answered, which ends the source; an
//! immediate stop also deregisters the source (queued requests are answered 503).

use super::{Dispatcher, Request, Response, ResponseFuture};
use futures_util::stream::StreamExt;
use intc_runtime::{Callee, EventSourceId, Job, MakeJob, NativeContext, Panic, Value};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// A request boxed: it passes through the dispatch future, the queue, the stream of jobs and
/// the job's closure, and each would copy it whole (some 300 bytes) by value.
type Queued = (Box<Request>, oneshot::Sender<Response>);

/// Forwards requests to the isolate (see the module documentation).
pub struct IsolateDispatcher {
    queue: mpsc::Sender<Queued>,
}

impl Dispatcher for IsolateDispatcher {
    fn dispatch(&self, request: Request) -> ResponseFuture {
        let queue = self.queue.clone();
        let request = Box::new(request);
        Box::pin(async move {
            let (answer, answered) = oneshot::channel();
            if queue.send((request, answer)).await.is_err() {
                return Response::text(503, "Service Unavailable");
            }
            // A dropped answer: the isolate stopped listening before running the request.
            answered
                .await
                .unwrap_or_else(|_| Response::text(503, "Service Unavailable"))
        })
    }
}

/// The isolate's side of the queue: registered as an event source by [`register`].
pub struct RequestQueue(mpsc::Receiver<Queued>);

/// A dispatcher for the server core and the queue it feeds; `capacity` requests wait at
/// most (further connections wait for room).
pub fn channel(capacity: usize) -> (Arc<IsolateDispatcher>, RequestQueue) {
    let (queue, receiver) = mpsc::channel(capacity.max(1));
    (
        Arc::new(IsolateDispatcher { queue }),
        RequestQueue(receiver),
    )
}

/// What a request runs: the function or method, its arguments, and what the service keeps
/// of the request until the result answers it (e.g. the accessor, a `Caller`).
pub struct Prepared {
    pub callee: Callee,
    pub args: Vec<Value>,
    pub state: Box<dyn Any>,
}

/// Where a request's response goes: the connection waiting for it. A job may answer before
/// it ends (`http:Caller->respond` sends at once); the job's result then answers nothing.
pub struct Answer(RefCell<Option<oneshot::Sender<Response>>>);

impl Answer {
    /// An answer that goes nowhere (for a job prepared without a connection).
    pub fn unconnected() -> Answer {
        Answer(RefCell::new(None))
    }

    /// Sends `response` unless the request was answered already (false then).
    pub fn send(&self, response: Response) -> bool {
        match self.0.borrow_mut().take() {
            // A client that went away is no error of the service's.
            Some(sender) => {
                let _ = sender.send(response);
                true
            }
            None => false,
        }
    }

    /// Whether the request was answered.
    pub fn is_sent(&self) -> bool {
        self.0.borrow().is_none()
    }
}

/// What runs for a request on the isolate, and how its result answers.
pub trait Service {
    /// The job for `request`, or an immediate response (no such resource, unacceptable
    /// payload, ...).
    fn job(&self, ctx: &mut NativeContext<'_>, request: Request) -> Result<Prepared, Response>;

    /// [`Service::job`] for a service whose job may answer before it ends, through `answer`.
    fn job_answering(
        &self,
        ctx: &mut NativeContext<'_>,
        request: Request,
        answer: &Rc<Answer>,
    ) -> Result<Prepared, Response> {
        let _ = answer;
        self.job(ctx, request)
    }

    /// The response for the job's result (its return value, or the panic that ended it);
    /// `state` is what [`Service::job`] prepared with it.
    fn respond(
        &self,
        ctx: &mut NativeContext<'_>,
        state: Box<dyn Any>,
        result: Result<Value, Panic>,
    ) -> Response;
}

/// Registers `queue` as an event source of the isolate: each request runs `service`'s job
/// on a new strand. The program stays alive until the source ends (every dispatcher dropped)
/// or is deregistered.
pub fn register(
    ctx: &mut NativeContext<'_>,
    queue: RequestQueue,
    service: Rc<dyn Service>,
) -> EventSourceId {
    let RequestQueue(mut receiver) = queue;
    let requests = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let jobs = requests.map(move |(request, answer): Queued| -> MakeJob {
        let service = service.clone();
        let answer = Rc::new(Answer(RefCell::new(Some(answer))));
        Box::new(move |ctx: &mut NativeContext<'_>| {
            let Prepared {
                callee,
                args,
                state,
            } = match service.job_answering(ctx, *request, &answer) {
                Ok(job) => job,
                Err(response) => {
                    answer.send(response);
                    return None;
                }
            };
            Some(Job {
                callee,
                args,
                reply: Box::new(move |ctx: &mut NativeContext<'_>, result| {
                    // The service still sees the result of a job that answered early (a
                    // panic after `respond` is reported).
                    let response = service.respond(ctx, state, result);
                    answer.send(response);
                }),
            })
        })
    });
    ctx.register_event_source(Box::pin(jobs))
}

#[cfg(test)]
mod tests;
