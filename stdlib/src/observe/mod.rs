//! Observability: HTTP metrics in Prometheus's text format, liveness and readiness, and the
//! management listener serving them (`/health/live`, `/health/ready`, `/metrics`).
//!
//! One [`Observability`] per program (program-wide native state, `NativeContext::shared`, so
//! the replica isolates serving a listener on other threads count into it too) holds the
//! metrics registry
//! ([`metrics::HttpMetrics`]) and the listeners' health ([`health::Health`]). A listener gets an
//! [`HttpObserver`] from [`Observability::http_observer`] when the program creates it and hands
//! it to `Server::bind_observed`: the server core then reports its binding (readiness) and every
//! request (metrics: method, the resource its dispatcher names through
//! `Request::observation`, status, latency). Requests are counted only when metrics were
//! enabled before the listener was created, which is how Ballerina's configuration works:
//! `[ballerina.observe] metricsEnabled = true, metricsReporter = "prometheus"` makes the
//! `ballerinax/prometheus` module's `init` (run before the importing module creates its
//! listeners) enable metrics and start the management listener on `[ballerinax.prometheus]
//! host`/`port` (`std/observe` and `std/prometheus` in `modules/`; docs/observability.md).

pub mod exposition;
pub mod health;
pub mod management;
pub mod metrics;
pub mod tracing;

use crate::http::server::{Finished, Observer};
use crate::StdNative;
use health::{Health, ListenerHealth};
use hyper::Method;
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};
use management::{Management, ManagementConfig};
use metrics::HttpMetrics;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The metrics and health of a process (see the module documentation).
#[derive(Debug, Default)]
pub struct Observability {
    pub metrics: HttpMetrics,
    pub health: Arc<Health>,
    metrics_enabled: AtomicBool,
    management: Mutex<Option<Management>>,
}

/// The program's observability, shared by every listener (on every thread) and the
/// management listener.
pub fn of_program(context: &NativeContext<'_>) -> Arc<Observability> {
    context.shared::<Observability>()
}

impl Observability {
    pub fn new() -> Arc<Observability> {
        Arc::new(Observability::default())
    }

    /// Whether listeners created from now on count their requests.
    pub fn metrics_enabled(&self) -> bool {
        self.metrics_enabled.load(Ordering::Acquire)
    }

    pub fn enable_metrics(&self) {
        self.metrics_enabled.store(true, Ordering::Release);
    }

    /// The `/metrics` answer: every metric in the text exposition format.
    pub fn scrape(&self) -> String {
        let mut out = String::new();
        self.metrics.encode(&mut out);
        out
    }

    /// The observer of a new listener: registered for readiness at once (the program is not
    /// ready until the listener binds), counting requests if metrics are enabled.
    /// `listener_name` is the `listener_name` label (Ballerina's is `http`); `secure` makes
    /// the `protocol` label `https`.
    pub fn http_observer(self: &Arc<Self>, listener_name: &str, secure: bool) -> Arc<HttpObserver> {
        Arc::new(HttpObserver {
            observability: self.clone(),
            listener: listener_name.to_string(),
            protocol: if secure { "https" } else { "http" },
            counts: self.metrics_enabled(),
            health: self.health.register(listener_name),
        })
    }

    /// Starts the management listener (once per process); returns its address.
    pub fn start_management(
        self: &Arc<Self>,
        config: ManagementConfig,
    ) -> Result<SocketAddr, String> {
        let mut slot = self
            .management
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(running) = slot.as_ref() {
            return Err(format!(
                "the management listener already runs on {}",
                running.local_addr()
            ));
        }
        let management = Management::start(config, self.clone())?;
        let addr = management.local_addr();
        *slot = Some(management);
        Ok(addr)
    }

    /// Stops the management listener, if it runs.
    pub fn stop_management(&self) {
        let running = self
            .management
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(management) = running {
            management.stop();
        }
    }
}

/// One listener's observer (see [`Observability::http_observer`]).
#[derive(Debug)]
pub struct HttpObserver {
    observability: Arc<Observability>,
    listener: String,
    protocol: &'static str,
    counts: bool,
    health: ListenerHealth,
}

impl Observer for HttpObserver {
    fn bound(&self, local: SocketAddr) {
        self.health.bound(local);
    }

    fn stopped(&self) {
        self.health.unbound();
    }

    fn started(&self, method: &Method) {
        if self.counts {
            self.observability
                .metrics
                .started(&self.listener, self.protocol, method);
        }
    }

    fn finished(&self, finished: Finished<'_>) {
        if self.counts {
            self.observability
                .metrics
                .finished(&self.listener, self.protocol, finished);
        }
    }
}

/// The natives of `std/prometheus`.
pub fn native(id: StdNative) -> Option<Native> {
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::PrometheusStartReporter => start_reporter,
        _ => return None,
    };
    Some(Native::Plain(function))
}

/// `startReporter(string host, int port) returns string?`: enables metrics and starts the
/// management listener; `()` once it is bound, else why it is not.
fn start_reporter(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    let host = arguments
        .first()
        .and_then(Value::as_str)
        .unwrap_or("0.0.0.0");
    let port = arguments.get(1).and_then(Value::as_int).unwrap_or(9797);
    let Ok(port) = u16::try_from(port) else {
        return Ok(Value::string(format!("invalid port {port}")));
    };
    let observability = of_program(context);
    observability.enable_metrics();
    let config = ManagementConfig {
        host: host.to_string(),
        port,
    };
    match observability.start_management(config) {
        Ok(_) => Ok(Value::Nil),
        Err(message) => Ok(Value::string(message)),
    }
}
