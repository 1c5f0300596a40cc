//! The program lifecycle around listeners (spec "Program execution", lang.runtime's
//! `registerListener`, `deregisterListener` and `onGracefulStop`): module initialization
//! registers each module listener; after `main`, every registered listener is started with
//! the `start` hook lowering emitted (`Program::listener_hooks`); a graceful stop calls each
//! listener's `gracefulStop`, then the stop handlers in reverse order of registration.
//! The listeners keep the program alive only through the work they leave pending (event
//! sources); a listener whose `start` leaves nothing pending lets the program end.

use super::Interpreter;
use crate::error::Panic;
use crate::value::{exact_equals, Value};

/// The registered listeners and stop handlers of the program (one isolate).
#[derive(Default)]
pub(crate) struct Lifecycle {
    /// In registration order; registering the same object twice registers it once.
    listeners: Vec<Value>,
    stop_handlers: Vec<Value>,
}

impl Lifecycle {
    pub(crate) fn register(&mut self, listener: Value) {
        if !self.listeners.iter().any(|l| exact_equals(l, &listener)) {
            self.listeners.push(listener);
        }
    }

    pub(crate) fn deregister(&mut self, listener: &Value) {
        self.listeners.retain(|l| !exact_equals(l, listener));
    }

    pub(crate) fn on_graceful_stop(&mut self, handler: Value) {
        self.stop_handlers.push(handler);
    }
}

impl Interpreter {
    /// Starts every registered listener in registration order; the first `start` that
    /// returns an error (or panics) ends the program with it.
    pub(crate) fn start_listeners(&mut self) -> Result<(), Result<Value, Panic>> {
        let Some(hooks) = self.program.listener_hooks else {
            return Ok(());
        };
        let listeners = self.lifecycle.listeners.clone();
        for listener in listeners {
            match self.run_root(hooks.start, &[listener]) {
                Ok(v) if v.is_error() => return Err(Ok(v)),
                Ok(_) => {}
                Err(panic) => return Err(Err(panic)),
            }
        }
        Ok(())
    }

    /// Whether any listener is registered.
    pub(crate) fn has_listeners(&self) -> bool {
        !self.lifecycle.listeners.is_empty()
    }

    /// After the listeners started: runs the program's strands until nothing is left to do
    /// (the program ends) or a stop is requested (then stops gracefully).
    pub(crate) fn serve_until_stopped(
        &mut self,
        stop: &StopSignal,
    ) -> Result<(), Result<Value, Panic>> {
        stop.set_serving(true);
        let served = self.serve(Some(stop));
        stop.set_serving(false);
        match served {
            Ok(true) => self.stop_listeners_gracefully(),
            Ok(false) => Ok(()),
            Err(panic) => Err(Err(panic)),
        }
    }

    /// A graceful stop: `gracefulStop()` on each registered listener, then the stop handlers
    /// in reverse order of registration. Every one runs even when an earlier one fails; the
    /// first failure is returned.
    pub(crate) fn stop_listeners_gracefully(&mut self) -> Result<(), Result<Value, Panic>> {
        let mut first_failure = None;
        if let Some(hooks) = self.program.listener_hooks {
            let listeners = self.lifecycle.listeners.clone();
            for listener in listeners {
                let result = self.run_root(hooks.graceful_stop, &[listener]);
                note_failure(&mut first_failure, result);
            }
        }
        let handlers = std::mem::take(&mut self.lifecycle.stop_handlers);
        for handler in handlers.into_iter().rev() {
            // A handler runs as a root strand, like the listeners' hooks.
            let result = self.run_root_value(&handler, &[]);
            note_failure(&mut first_failure, result);
        }
        match first_failure {
            Some(failure) => Err(failure),
            None => Ok(()),
        }
    }
}

fn note_failure(first: &mut Option<Result<Value, Panic>>, result: Result<Value, Panic>) {
    if first.is_some() {
        return;
    }
    match result {
        Ok(v) if v.is_error() => *first = Some(Ok(v)),
        Ok(_) => {}
        Err(panic) => *first = Some(Err(panic)),
    }
}

/// A request to stop the program gracefully, made from another thread (the embedder's
/// signal handler) and awaited by the scheduler while the listeners serve.
#[derive(Clone, Default)]
pub struct StopSignal(std::sync::Arc<StopInner>);

#[derive(Default)]
struct StopInner {
    requested: std::sync::atomic::AtomicBool,
    /// While the listeners serve: only then does a request stop the program gracefully (an
    /// embedder otherwise handles the signal as it would without listeners).
    serving: std::sync::atomic::AtomicBool,
    waker: futures_util::task::AtomicWaker,
}

impl StopSignal {
    /// Asks for a graceful stop (safe from any thread, at any time).
    pub fn request(&self) {
        self.0
            .requested
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.0.waker.wake();
    }

    /// Whether the program's listeners are serving (a request is then honoured).
    pub fn is_serving(&self) -> bool {
        self.0.serving.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub(crate) fn set_serving(&self, serving: bool) {
        self.0
            .serving
            .store(serving, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn is_requested(&self) -> bool {
        self.0.requested.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub(crate) fn wait(&self) -> StopWait<'_> {
        StopWait(self)
    }
}

/// Completes once a stop is requested.
pub(crate) struct StopWait<'a>(&'a StopSignal);

impl std::future::Future for StopWait<'_> {
    type Output = ();

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        self.0 .0.waker.register(cx.waker());
        if self.0.is_requested() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    }
}
