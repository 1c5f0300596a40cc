//! The observation hook of the server core: a per-server [`Observer`] told when the server
//! bound its address and when each request starts and ends (method, the resource the
//! dispatcher names, status, latency). The metrics of `crate::observe` implement it; the
//! server core knows nothing of metrics.

use hyper::Method;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The service and resource that served a request, as the dispatcher names them (the labels
/// of the request's metrics: bounded, unlike raw paths).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceLabel {
    /// The service's base path (`/orders`).
    pub service: String,
    /// The resource path as declared (`/items/[string id]`), not the request's path.
    pub resource: String,
}

/// Lets the dispatcher name the resource serving a request (`Request::observation`). A no-op
/// when the server has no observer.
#[derive(Clone, Debug, Default)]
pub struct Observation(Option<Arc<Mutex<Option<ResourceLabel>>>>);

impl Observation {
    /// An observation that records what the dispatcher names.
    pub fn active() -> Observation {
        Observation(Some(Arc::new(Mutex::new(None))))
    }

    /// Whether an observer reads what [`Observation::set_resource`] names (else naming is
    /// wasted work).
    pub fn is_active(&self) -> bool {
        self.0.is_some()
    }

    /// Names the service and resource serving this request.
    pub fn set_resource(&self, service: impl Into<String>, resource: impl Into<String>) {
        if let Some(cell) = &self.0 {
            if let Ok(mut label) = cell.lock() {
                *label = Some(ResourceLabel {
                    service: service.into(),
                    resource: resource.into(),
                });
            }
        }
    }

    /// What the dispatcher named, if anything.
    pub fn resource(&self) -> Option<ResourceLabel> {
        self.0
            .as_ref()
            .and_then(|cell| cell.lock().ok().and_then(|label| label.clone()))
    }
}

/// The end of one request.
#[derive(Debug)]
pub struct Finished<'a> {
    pub method: &'a Method,
    /// The resource the dispatcher named; `None` for requests no resource served (refused by
    /// the hardening checks, or unmatched).
    pub resource: Option<ResourceLabel>,
    /// The response's status; `None` when the client went away before the answer.
    pub status: Option<u16>,
    pub latency: Duration,
}

/// Observes one server (see the module documentation). Called on connection tasks, so it
/// must be cheap and never block for long.
pub trait Observer: Send + Sync + 'static {
    /// The server bound `local` and accepts connections.
    fn bound(&self, local: SocketAddr);
    /// The server stopped accepting.
    fn stopped(&self) {}
    /// A request's head arrived.
    fn started(&self, method: &Method);
    /// The request was answered (or abandoned); called exactly once per `started`.
    fn finished(&self, finished: Finished<'_>);
}

/// Reports one request to the observer: `finish` with the status, or on drop as abandoned
/// (the connection closed while the dispatcher was still working).
pub(super) struct Pending {
    observer: Arc<dyn Observer>,
    method: Method,
    start: Instant,
    pub observation: Observation,
    done: bool,
}

impl Pending {
    pub fn start(observer: &Arc<dyn Observer>, method: &Method) -> Pending {
        observer.started(method);
        Pending {
            observer: observer.clone(),
            method: method.clone(),
            start: Instant::now(),
            observation: Observation::active(),
            done: false,
        }
    }

    pub fn finish(mut self, status: u16) {
        self.report(Some(status));
    }

    fn report(&mut self, status: Option<u16>) {
        if self.done {
            return;
        }
        self.done = true;
        self.observer.finished(Finished {
            method: &self.method,
            resource: self.observation.resource(),
            status,
            latency: self.start.elapsed(),
        });
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.report(None);
    }
}
