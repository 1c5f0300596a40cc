//! Serving one listener on several cores (issue 7, "Using the cores"; ARCHITECTURE.md).
//!
//! When every service attached to a listener (and every interceptor) is
//! `intc_ir::Sharing::Replicable` — the compiler proved its requests reach only final module
//! variables — the listener starts replica isolates (`intc_runtime::replica`) on more threads.
//! Each holds copies of those variables, of the listener object and of the services, binds
//! its own server core to the same port with `SO_REUSEPORT` (the kernel spreads connections
//! over the servers) and serves its requests on its own strands. A graceful or immediate stop
//! of the listener stops every replica's server and waits for its thread.
//!
//! How many threads: `INTC_HTTP_THREADS` (the listener's own included; `1` forces one);
//! without it, one per core the process may use (`std::thread::available_parallelism`).
//! When a service cannot be replicated the listener serves on one thread and logs why.

use super::{dispatch, isolate, Attached, ListenerNative};
use crate::http::server::{Observer, Server, ServerConfig};
use crate::observe::HttpObserver;
use intc_ir::Sharing;
use intc_runtime::replica::ReplicaPlan;
use intc_runtime::value::transfer::SendHandle;
use intc_runtime::{NativeContext, Value};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How a running replica is stopped.
#[derive(Clone, Copy, PartialEq)]
enum Stop {
    Running,
    Graceful(Duration),
    Immediate,
}

/// A replica serving the listener on another thread.
pub(crate) struct Replica {
    stop: watch::Sender<Stop>,
    thread: std::thread::JoinHandle<()>,
}

/// The threads asked for (the listener's own included).
pub(super) fn threads() -> usize {
    let setting = std::env::var("INTC_HTTP_THREADS").ok();
    threads_from(setting.as_deref(), || {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    })
}

/// [`threads`] given the setting's text and the number of cores: a number from 1 to 256
/// (`0` or text that is not a number: the default, one thread per core).
fn threads_from(setting: Option<&str>, cores: impl FnOnce() -> usize) -> usize {
    setting
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(cores)
        .clamp(1, 256)
}

/// What a replica rebuilds: the listener object, then the services, then the interceptors.
struct Layout {
    bases: Vec<Vec<String>>,
    interceptors: usize,
}

/// The plan of a replica of this listener, or why there can be none (`None`: nothing the
/// user could change, so not worth a log line).
fn plan(
    ctx: &NativeContext<'_>,
    this: &Value,
    native: &ListenerNative,
) -> Result<(ReplicaPlan, Layout), Option<String>> {
    let services = native.services.borrow();
    // WebSocket connections live on the isolate that upgraded them (documented in
    // docs/differences.md): such a listener serves on one thread.
    if services.iter().any(|a| a.upgrade.is_some()) {
        return Err(None);
    }
    let mut globals: Vec<intc_ir::GlobalId> = Vec::new();
    let objects = services
        .iter()
        .map(|a| &a.service)
        .chain(native.interceptors.iter());
    for object in objects {
        match ctx.service_methods(object).map(|s| &s.sharing) {
            Some(Sharing::Replicable { globals: reached }) => globals.extend(reached),
            Some(Sharing::Pinned { global, by }) => {
                let program = ctx.program();
                let name = program
                    .globals
                    .get(global.index())
                    .map_or("?", |g| g.name.as_str());
                return Err(Some(format!(
                    "module variable `{name}` is not final (used by {})",
                    method_name(&ctx.function_name(*by))
                )));
            }
            _ => return Err(Some("a service without resource or remote methods".into())),
        }
    }
    globals.sort_unstable_by_key(|g| g.0);
    globals.dedup();
    // A listener's services, attachments and lifecycle belong to the isolate that made it: a
    // service calling `ep.detach(s)` or `ep.gracefulStop()` on a replica would act on that
    // replica's copy only. Such a service serves on one thread.
    for &global in &globals {
        let is_listener = ctx.global(global).is_some_and(|value| {
            value
                .as_object()
                .and_then(|o| o.slot(0))
                .is_some_and(|slot| ListenerNative::of_handle(&slot).is_some())
        });
        if is_listener {
            let name = ctx
                .program()
                .globals
                .get(global.index())
                .map_or("?", |g| g.name.as_str());
            return Err(Some(format!(
                "module variable `{name}` is a listener, which a service on another thread cannot stop, attach or detach"
            )));
        }
    }
    let mut values = vec![this.clone()];
    values.extend(services.iter().map(|a| a.service.clone()));
    values.extend(native.interceptors.iter().cloned());
    let plan = ctx
        .plan_replica(&globals, &values)
        .map_err(|refused| Some(format!("cannot copy {refused}")))?;
    Ok((
        plan,
        Layout {
            bases: services.iter().map(|a| a.base.clone()).collect(),
            interceptors: native.interceptors.len(),
        },
    ))
}

/// How the log names a method: `resource get hits` for `object.$get$hits`, else as is.
fn method_name(display: &str) -> String {
    let last = display.rsplit('.').next().unwrap_or(display);
    match last.strip_prefix('$') {
        Some(encoded) => {
            let mut parts = encoded.split('$');
            let accessor = parts.next().unwrap_or("");
            let path: Vec<&str> = parts.map(|p| if p == "^" { "[..]" } else { p }).collect();
            format!("resource `{accessor} {}`", path.join("/"))
        }
        None => format!("`{display}`"),
    }
}

/// Starts `threads() - 1` replicas of a listener whose server is bound to `port`; logs why
/// not when a service cannot be replicated.
pub(super) fn start(
    ctx: &mut NativeContext<'_>,
    this: &Value,
    native: &ListenerNative,
    port: u16,
) -> Vec<Replica> {
    let wanted = threads();
    if wanted <= 1 {
        return Vec::new();
    }
    let mut replicas = Vec::new();
    for index in 1..wanted {
        let (plan, layout) = match plan(ctx, this, native) {
            Ok(planned) => planned,
            Err(reason) => {
                if let Some(reason) = reason {
                    super::log_line(
                        ctx,
                        format!("[intc] listener on port {port} serves on one thread: {reason}"),
                    );
                }
                return replicas;
            }
        };
        let mut config = native.config.clone();
        config.port = port;
        config.reuse_port = true;
        let (stop, stopped) = watch::channel(Stop::Running);
        let grace = native.grace;
        // The replica's requests count into the listener's metrics.
        let observer = native.observer.clone();
        let entry = Box::new(move |ctx: &mut NativeContext<'_>, values: Vec<Value>| {
            serve(ctx, values, layout, config, grace, observer, stopped);
        });
        match plan.spawn(format!("http-{port}-{index}"), entry) {
            Ok(thread) => replicas.push(Replica { stop, thread }),
            Err(error) => {
                super::log_line(ctx, format!("[intc] cannot start a thread: {error}"));
                break;
            }
        }
    }
    replicas
}

/// The replica's side: rebuild the listener's native state around the copies, bind a server
/// sharing the port, and serve its requests until told to stop.
fn serve(
    ctx: &mut NativeContext<'_>,
    values: Vec<Value>,
    layout: Layout,
    config: ServerConfig,
    grace: Duration,
    native_observer: Option<Arc<HttpObserver>>,
    mut stopped: watch::Receiver<Stop>,
) {
    let mut values = values.into_iter();
    let listener = values.next().unwrap_or_default();
    let services: Vec<Attached> = layout
        .bases
        .into_iter()
        .zip(values.by_ref())
        .map(|(base, service)| Attached {
            base,
            service,
            upgrade: None,
        })
        .collect();
    let interceptors: Vec<Value> = values.take(layout.interceptors).collect();
    let observer = observer_of(&native_observer);
    let native = Rc::new(ListenerNative {
        observer: native_observer,
        config: config.clone(),
        grace,
        services: RefCell::new(services),
        interceptors,
        server: RefCell::new(None),
        source: Cell::new(None),
        replicas: RefCell::new(Vec::new()),
        auth_handlers: RefCell::new(Vec::new()),
        streams: Rc::default(),
    });
    let (dispatcher, queue) = isolate::channel(1024);
    // The server task owns the dispatcher: when it ends, the queue (and the replica) ends.
    tokio::spawn(async move {
        let server = match Server::bind_observed(config, dispatcher, observer).await {
            Ok(server) => server,
            Err(error) => {
                eprintln!("[intc] a listener thread cannot bind: {error}");
                return;
            }
        };
        let how = loop {
            let now = *stopped.borrow();
            if now != Stop::Running {
                break now;
            }
            if stopped.changed().await.is_err() {
                break Stop::Immediate;
            }
        };
        match how {
            Stop::Graceful(grace) => server.graceful_stop(grace).await,
            _ => server.immediate_stop().await,
        }
    });
    let service = Rc::new(dispatch::HttpService::new(listener, native));
    isolate::register(ctx, queue, service);
}

/// The server's view of a listener's observer.
fn observer_of(observer: &Option<Arc<HttpObserver>>) -> Option<Arc<dyn Observer>> {
    observer.clone().map(|o| o as Arc<dyn Observer>)
}

/// Stops the replicas (gracefully within `grace`, or at once) and waits for their threads.
pub(super) async fn stop(replicas: Vec<Replica>, grace: Option<Duration>) {
    for replica in &replicas {
        let how = grace.map_or(Stop::Immediate, Stop::Graceful);
        let _ = replica.stop.send(how);
    }
    for replica in replicas {
        let _ = tokio::task::spawn_blocking(move || replica.thread.join()).await;
    }
}

/// Copies a listener's native handle into a replica: a listener that is never started there
/// (the replica's serving state is made by [`serve`]), so only its settings cross.
pub(crate) fn replicate_listener(value: &dyn Any) -> Option<SendHandle> {
    let native = value.downcast_ref::<Rc<ListenerNative>>()?;
    let config = native.config.clone();
    let grace = native.grace;
    let observer = native.observer.clone();
    Some(Box::new(move || {
        Box::new(Rc::new(ListenerNative {
            observer,
            config,
            grace,
            services: RefCell::new(Vec::new()),
            interceptors: Vec::new(),
            server: RefCell::new(None),
            source: Cell::new(None),
            replicas: RefCell::new(Vec::new()),
            auth_handlers: RefCell::new(Vec::new()),
            streams: Rc::default(),
        })) as Box<dyn Any>
    }))
}

#[cfg(test)]
mod tests {
    use super::threads_from;

    #[test]
    fn one_thread_per_core_unless_the_setting_says_otherwise() {
        assert_eq!(threads_from(None, || 8), 8);
        assert_eq!(threads_from(Some("1"), || 8), 1);
        assert_eq!(threads_from(Some(" 3 "), || 8), 3);
        assert_eq!(threads_from(Some("0"), || 8), 8);
        assert_eq!(threads_from(Some("many"), || 2), 2);
        assert_eq!(threads_from(Some("100000"), || 2), 256);
        assert_eq!(threads_from(None, || 0), 1);
    }
}
