//! Native event sources: how a listener feeds work into an isolate.
//!
//! A native (e.g. an HTTP listener's `start()`) registers a *source*: a local stream whose
//! items make *jobs*. Each job names a Ballerina function value or an object method plus its
//! arguments; the scheduler runs it on a new strand and hands the strand's result (its value,
//! or the panic it ended with) to the job's *reply*, which runs on the isolate's thread with
//! the interpreter at hand (e.g. to turn a response value into Rust data and send it to the
//! connection that is waiting for it).
//!
//! While a source is registered the program stays alive: the scheduler awaits the sources
//! together with the natives' pending operations, and after `main` returns, `serve_events`
//! keeps the isolate running. A source goes away when it is deregistered (a listener's
//! `immediateStop`) or when its stream ends (a listener that stopped gracefully drops its
//! sending side); the program can then end once the last in-flight job strand has finished.
//! A job strand that panics ends only itself: its reply receives the panic.
//!
//! Stream items are closures rather than jobs because the values a job needs (strings,
//! records) can only be built on the isolate's thread: a source usually wraps a channel of
//! plain Rust data sent from connection tasks.

use super::lifecycle::StopSignal;
use super::strand::Strand;
use super::Interpreter;
use crate::error::{self, Panic};
use crate::native::{Completion, NativeContext};
use crate::value::{StrandId, Value};
use futures_util::stream::{Stream, StreamExt};
use futures_util::FutureExt;
use std::pin::Pin;
use std::task::Poll;

/// What runs on a job's strand.
pub enum Callee {
    /// A function value (closure), called with the job's arguments.
    Function(Value),
    /// `receiver.name(args...)` on an object value.
    Method { receiver: Value, name: String },
}

/// Receives a job strand's result: its return value, or the panic that ended it. It runs
/// between strands (as does a [`MakeJob`]): it may build and read values, but Ballerina code
/// it calls back into must not block (converting a result is fine; waiting is not).
pub type Reply = Box<dyn FnOnce(&mut NativeContext<'_>, Result<Value, Panic>)>;

/// One unit of work from a source, run on a new strand.
pub struct Job {
    pub callee: Callee,
    pub args: Vec<Value>,
    pub reply: Reply,
}

/// An item of a source: builds its job on the isolate's thread (`None`: nothing to run).
pub type MakeJob = Box<dyn FnOnce(&mut NativeContext<'_>) -> Option<Job>>;

/// A source of jobs; it stays registered until it ends or is deregistered.
pub type JobSource = Pin<Box<dyn Stream<Item = MakeJob>>>;

/// Names a registered source (for deregistering it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventSourceId(pub u64);

/// The registered sources of an isolate and its jobs in flight.
#[derive(Default)]
pub(crate) struct EventSources {
    sources: Vec<(EventSourceId, JobSource)>,
    next_id: u64,
    /// Job strands started and not yet finished.
    in_flight: usize,
    /// Strand runs since the scheduler last gave tokio a turn (`run_ready`).
    runs_since_yield: u32,
    /// The context the job being built asked its strand to start with
    /// (`NativeContext::set_job_context`).
    pub(super) job_context: Option<super::strand_context::StrandContext>,
}

/// Strand runs between two turns for tokio's other tasks. The scheduler is one task on a
/// current-thread runtime: while strands are ready it never returns `Pending`, so the
/// listeners' connection tasks and the I/O driver would wait until the ready queue drains.
/// One yield (an `epoll_wait` with no timeout) per 256 runs costs well under 1% of a run.
const RUNS_PER_YIELD: u32 = 256;

impl EventSources {
    /// Nothing registered and nothing in flight: the program need not stay alive for events.
    fn is_idle(&self) -> bool {
        self.sources.is_empty() && self.in_flight == 0
    }
}

/// What the scheduler waits for when no strand is ready.
pub(super) enum Event {
    /// A native's pending operation completed (strand, generation, completion).
    Completed(StrandId, u64, Completion),
    /// A source produced a job.
    Job(MakeJob),
    /// Nothing is pending and no source is registered: nothing can ever happen.
    Idle,
}

impl NativeContext<'_> {
    /// Registers a source of jobs; the program stays alive while it is registered.
    pub fn register_event_source(&mut self, source: JobSource) -> EventSourceId {
        let events = &mut self.interp.sched.events;
        events.next_id += 1;
        let id = EventSourceId(events.next_id);
        events.sources.push((id, source));
        id
    }

    /// Deregisters (and drops) a source; jobs already running finish. False when it was not
    /// registered (already deregistered, or its stream ended).
    pub fn deregister_event_source(&mut self, id: EventSourceId) -> bool {
        let sources = &mut self.interp.sched.events.sources;
        let before = sources.len();
        sources.retain(|(source, _)| *source != id);
        sources.len() != before
    }

    /// How many job strands are running (started and not finished).
    pub fn jobs_in_flight(&self) -> usize {
        self.interp.sched.events.in_flight
    }
}

impl Interpreter {
    /// Runs ready strand `id`, and every [`RUNS_PER_YIELD`] runs lets tokio run its other
    /// tasks and poll for I/O.
    pub(super) async fn run_ready(&mut self, id: StrandId) {
        self.run_strand(id);
        let events = &mut self.sched.events;
        events.runs_since_yield += 1;
        if events.runs_since_yield >= RUNS_PER_YIELD {
            events.runs_since_yield = 0;
            tokio::task::yield_now().await;
        }
    }

    /// Waits for the next completed operation or job (the scheduler's only await point).
    pub(super) async fn next_event(&mut self) -> Event {
        let sched = &mut self.sched;
        std::future::poll_fn(|cx| {
            if let Poll::Ready(Some((id, generation, completion))) =
                sched.pending.poll_next_unpin(cx)
            {
                return Poll::Ready(Event::Completed(id, generation, completion));
            }
            let sources = &mut sched.events.sources;
            let mut i = 0;
            while i < sources.len() {
                match sources[i].1.as_mut().poll_next(cx) {
                    Poll::Ready(Some(make)) => {
                        // Round robin: the source that just produced goes last.
                        let served = sources.remove(i);
                        sources.push(served);
                        return Poll::Ready(Event::Job(make));
                    }
                    // A finished stream deregisters itself.
                    Poll::Ready(None) => {
                        drop(sources.remove(i));
                    }
                    Poll::Pending => i += 1,
                }
            }
            if sched.pending.is_empty() && sources.is_empty() {
                return Poll::Ready(Event::Idle);
            }
            Poll::Pending
        })
        .await
    }

    /// Builds a job and queues its strand; a job that cannot start is answered at once.
    pub(super) fn spawn_job(&mut self, make: MakeJob) {
        let job = make(&mut NativeContext { interp: self });
        let context = self.sched.events.job_context.take();
        let Some(job) = job else {
            return;
        };
        let Job {
            callee,
            mut args,
            reply,
        } = job;
        let any = self.types.well_known.any;
        let (id, mut strand, _future) = self.new_strand(any);
        self.swap_state(&mut strand);
        let entered = match &callee {
            Callee::Function(function) => self.push_window(&args, |interp, count| {
                interp.push_closure_frame(function, 0, count, 0, false)
            }),
            Callee::Method { receiver, name } => match self.find_method(receiver, name) {
                Ok(func) => {
                    args.insert(0, receiver.clone());
                    self.push_window(&args, |interp, count| {
                        interp.push_adapted_frame(func, &[], 0, count, 0, false)
                    })
                }
                Err(panic) => Err(panic),
            },
        };
        self.swap_state(&mut strand);
        match entered {
            Ok(()) => {
                strand.meta.reply = Some(reply);
                strand.meta.context = context;
                self.sched.events.in_flight += 1;
                self.queue(id, strand);
            }
            Err(panic) => {
                self.release_strand(id, strand);
                reply(&mut NativeContext { interp: self }, Err(panic));
            }
        }
    }

    /// A job strand terminated (called by `finish` with the strand already released).
    pub(super) fn finish_job(&mut self, reply: Reply, result: Result<Value, Panic>) {
        self.sched.events.in_flight = self.sched.events.in_flight.saturating_sub(1);
        reply(&mut NativeContext { interp: self }, result);
    }

    /// After `main` when no listener is registered: keeps running while event sources are
    /// registered or jobs are in flight, then returns (the program may end).
    pub(crate) fn serve_events(&mut self) {
        if self.sched.events.is_idle() || !self.frames.is_empty() {
            return;
        }
        if self.serve(None).is_err() {
            self.abandon_jobs();
        }
    }

    /// Runs the program's strands, completed operations and jobs after `main` (and after the
    /// listeners started, `lifecycle.rs`). Without `stop`: until no source is registered and
    /// no job is in flight. With `stop` (listeners registered): until nothing at all is left
    /// to do (false) or a stop is requested (true).
    pub(super) fn serve(&mut self, stop: Option<&StopSignal>) -> Result<bool, Panic> {
        let runtime = self.scheduler_runtime()?;
        // Unconstrained for the reason given in `run_root`.
        let stopped = runtime.block_on(tokio::task::coop::unconstrained(self.serve_loop(stop)));
        self.sched.runtime = Some(runtime);
        Ok(stopped)
    }

    async fn serve_loop(&mut self, stop: Option<&StopSignal>) -> bool {
        loop {
            if stop.is_some_and(StopSignal::is_requested) {
                return true;
            }
            while let Some(Some((id, generation, completion))) =
                self.sched.pending.next().now_or_never()
            {
                self.deliver(id, generation, completion);
            }
            if let Some(id) = self.sched.ready.pop_front() {
                self.run_ready(id).await;
                continue;
            }
            let event = match stop {
                None if self.sched.events.is_idle() => return false,
                None => self.next_event().await,
                Some(stop) => {
                    let next = std::pin::pin!(self.next_event());
                    match futures_util::future::select(next, stop.wait()).await {
                        futures_util::future::Either::Left((event, _)) => event,
                        futures_util::future::Either::Right(_) => return true,
                    }
                }
            };
            match event {
                Event::Completed(id, generation, completion) => {
                    self.deliver(id, generation, completion)
                }
                Event::Job(make) => self.spawn_job(make),
                Event::Idle => {
                    self.abandon_jobs();
                    return false;
                }
            }
        }
    }

    /// Runs `function(args)` on a new strand at once, to completion, for job builders and
    /// replies, which run between strands (no strand is running). Their Ballerina code is
    /// expected not to wait: a strand that parks carries on later like any other, but its
    /// result is lost and this answers an error.
    pub(crate) fn call_between_strands(
        &mut self,
        function: &Value,
        args: &[Value],
    ) -> Result<Value, Panic> {
        if !self.frames.is_empty() {
            return Err(self.internal("a call between strands while a strand runs"));
        }
        let any = self.types.well_known.any;
        let (id, mut strand, future) = self.new_strand(any);
        self.swap_state(&mut strand);
        let entered = self.push_window(args, |interp, count| {
            interp.push_closure_frame(function, 0, count, 0, false)
        });
        self.swap_state(&mut strand);
        if let Err(panic) = entered {
            self.release_strand(id, strand);
            return Err(panic);
        }
        self.sched.parked[id as usize] = Some(strand);
        self.run_strand(id);
        match future.take() {
            crate::value::FutureState::Returned(value) => Ok(value),
            crate::value::FutureState::Panicked(error) => Err(Panic::new(error)),
            crate::value::FutureState::Running | crate::value::FutureState::Taken => {
                Err(self.internal("a call between strands had to wait"))
            }
        }
    }

    /// Job strands that wait for something that can never happen (every strand waits and
    /// nothing is pending) are ended with a deadlock panic, so their replies are answered.
    fn abandon_jobs(&mut self) {
        let stuck: Vec<StrandId> = self
            .sched
            .parked
            .iter()
            .enumerate()
            .filter(|(_, s)| s.as_ref().is_some_and(|s| s.meta.reply.is_some()))
            .map(|(id, _)| id as StrandId)
            .collect();
        for id in stuck {
            let Some(mut strand) = self.sched.parked[id as usize].take() else {
                continue;
            };
            let panic = Panic::new(error::builtin_error(
                &self.types,
                error::reason::ILLEGAL_STATE,
                "deadlock: every strand is waiting for another",
            ));
            self.unwind_strand(&mut strand);
            self.finish(id, strand, Err(panic));
        }
    }

    fn unwind_strand(&mut self, strand: &mut Strand) {
        self.swap_state(strand);
        self.unwind_all();
        self.swap_state(strand);
    }
}
