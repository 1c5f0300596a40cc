//! Strands and their scheduler.
//!
//! An isolate (the `Interpreter`: program, type table, natives, module state) runs many
//! strands, one at a time. A strand is its register stack, frames, trap handlers, held locks
//! and future. The running strand's state lives in the interpreter's own fields (the dispatch
//! loops read them directly); a parked strand's state is a [`Strand`] in the scheduler's
//! table, and switching swaps the two (a few pointer swaps).
//!
//! A strand parks at the instruction that cannot proceed (`Wait` on a running future,
//! `LockBegin` on a held lock) or at a native that answered `Step::Await`; its top frame keeps
//! that instruction's index. Resuming re-executes a blocking instruction (which re-checks its
//! condition, so spurious wake-ups are harmless) or, after a native's operation completed,
//! writes the native's result and continues after the call.
//!
//! The scheduler runs on a tokio current-thread runtime (values are `Rc`): `drive` runs ready
//! strands in FIFO order and, when none is ready, awaits the natives' pending operations
//! (timers, I/O) together. Nothing runs Ballerina code on the Rust stack: callbacks from
//! natives (`forEach`, objects' `toString()` while formatting, `function:call`, ...) run on the
//! strand's own frames (`callbacks.rs`), so a strand can park anywhere.

use super::events::Event;
use super::{Frame, Interpreter, TrapHandler};
use crate::error::{self, Panic};
use crate::native::{Completion, Native, NativeContext, Pending, Step};
use crate::value::{FutureObj, FutureState, StrandId, Value};
use futures_util::stream::{FuturesUnordered, StreamExt};
use futures_util::FutureExt;
use intc_ir::{FuncId, Instruction as I, Reg, TypeId};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// How many register stacks of finished strands are kept for reuse. A burst of a million
/// strands must not keep a million stacks alive after it ends.
const SPARE_STACKS: usize = 256;

/// A lock held by the running strand: where it was entered, so that a panic unwinding past
/// that point releases it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeldLock {
    /// Index of the frame that entered the lock.
    frame: u32,
    /// Number of trap regions active when it was entered.
    traps: u32,
}

/// The state of a strand besides its registers, frames and traps.
#[derive(Default)]
pub(crate) struct StrandMeta {
    /// The strand's future (`None` only for the idle state between strands).
    pub future: Option<Rc<FutureObj>>,
    /// Locks entered and not yet left, innermost last.
    pub locks: Vec<HeldLock>,
    /// Parked until a native's pending operation completes (not woken by anything else).
    awaiting_native: bool,
    /// The completed operation of the native it was parked on.
    resume: Option<Completion>,
    /// Queued in the ready queue (so it is queued once).
    queued: bool,
    /// Distinguishes strands that reuse a slot (pending operations name their strand by
    /// slot and generation).
    pub(super) generation: u64,
    /// The natives waiting for a callback's result, one per trampoline frame (innermost
    /// last; see `callbacks.rs`).
    pub continuations: Vec<Box<dyn crate::native::Continue>>,
    /// The strand's transactions (`transaction.rs`).
    pub transactions: super::transaction::TransactionState,
    /// A job's strand (`events.rs`): receives its result.
    pub(super) reply: Option<super::events::Reply>,
    /// The natives' context of the strand (`strand_context.rs`), inherited by `start`.
    pub(super) context: Option<super::strand_context::StrandContext>,
    /// The stream whose query pipeline the strand runs (`streams.rs`).
    pub(super) producer: Option<Rc<crate::value::StreamObj>>,
}

/// A parked strand.
#[derive(Default)]
pub(crate) struct Strand {
    stack: Vec<Value>,
    frames: Vec<Frame>,
    traps: Vec<TrapHandler>,
    pub(super) meta: StrandMeta,
}

type PendingOp = Pin<Box<dyn Future<Output = (StrandId, u64, Completion)>>>;

/// The strands of an isolate and what they wait for.
#[derive(Default)]
pub(crate) struct Scheduler {
    /// Parked strands by id (`None`: running, blocked in nested scheduling, or free).
    pub(super) parked: Vec<Option<Strand>>,
    free: Vec<StrandId>,
    pub(super) ready: VecDeque<StrandId>,
    /// The running strand.
    pub(super) current: StrandId,
    pub(super) pending: FuturesUnordered<PendingOp>,
    /// Native event sources and their jobs in flight (`events.rs`).
    pub(super) events: super::events::EventSources,
    /// Source of generations and completion order.
    sequence: u64,
    /// The one lock all `lock` statements share (a coarser exclusion than Ballerina's
    /// per-variable locks, with the same guarantee), re-entrant for its holder.
    lock_owner: Option<StrandId>,
    lock_depth: u32,
    lock_waiters: Vec<StrandId>,
    /// Set when the running strand parked: its dispatch loop returns at once.
    pub(crate) parked_now: bool,
    /// Register stacks of finished strands, for reuse (holding no boxed values, like every
    /// slot above a top frame).
    spare_stacks: Vec<Vec<Value>>,
    pub(crate) runtime: Option<tokio::runtime::Runtime>,
    /// Futures of query producers whose streams were dropped without a close operation
    /// (`value::QueryProducer::abandon`), cancelled by `drive` before it runs the next strand.
    pub(super) abandoned: Rc<std::cell::RefCell<Vec<Rc<FutureObj>>>>,
}

/// What a native call from the dispatch loop did.
pub(crate) enum NativeOutcome {
    /// Its result.
    Value(Value),
    /// The strand parked on its pending operation: the dispatch loop must return.
    Parked,
    /// It asked for a callback: a trampoline frame was pushed (run it).
    Called,
}

/// What a strand instruction did.
pub(crate) enum Flow {
    /// Continue with the next instruction.
    Next,
    /// The strand parked; the dispatch loop must return.
    Park,
}

impl Scheduler {
    fn next_sequence(&mut self) -> u64 {
        self.sequence += 1;
        self.sequence
    }

    fn allocate(&mut self) -> StrandId {
        match self.free.pop() {
            Some(id) => id,
            None => {
                self.parked.push(None);
                (self.parked.len() - 1) as StrandId
            }
        }
    }

    /// Queues a parked strand to run (unless it waits for a native's operation).
    pub(super) fn wake(&mut self, id: StrandId) {
        if let Some(Some(strand)) = self.parked.get_mut(id as usize) {
            if !strand.meta.queued && !strand.meta.awaiting_native {
                strand.meta.queued = true;
                self.ready.push_back(id);
            }
        }
    }

    /// A register stack for a new strand: a finished strand's, or an empty one that its
    /// first frame sizes exactly (a parked strand holds only the registers it uses; deeper
    /// calls grow it like any other stack).
    fn stack(&mut self) -> Vec<Value> {
        self.spare_stacks.pop().unwrap_or_default()
    }
}

impl Interpreter {
    /// Exchanges the running strand's state with `strand`.
    pub(super) fn swap_state(&mut self, strand: &mut Strand) {
        std::mem::swap(&mut self.stack, &mut strand.stack);
        std::mem::swap(&mut self.frames, &mut strand.frames);
        std::mem::swap(&mut self.traps, &mut strand.traps);
        std::mem::swap(&mut self.strand, &mut strand.meta);
    }

    /// A new strand with an empty stack and its future; not yet queued.
    pub(super) fn new_strand(&mut self, ty: TypeId) -> (StrandId, Strand, Rc<FutureObj>) {
        let id = self.sched.allocate();
        let future = Rc::new(FutureObj::new(ty, id));
        let strand = Strand {
            stack: self.sched.stack(),
            meta: StrandMeta {
                future: Some(future.clone()),
                generation: self.sched.next_sequence(),
                ..StrandMeta::default()
            },
            ..Strand::default()
        };
        (id, strand, future)
    }

    pub(super) fn queue(&mut self, id: StrandId, mut strand: Strand) {
        strand.meta.queued = true;
        self.sched.parked[id as usize] = Some(strand);
        self.sched.ready.push_back(id);
    }

    /// Runs `func(args)` as a new strand to completion, running the other strands meanwhile
    /// (module inits and `main`). Strands still unfinished when it returns stay parked or
    /// queued and continue during the next root. Only called between runs (no strand is
    /// running).
    pub(crate) fn run_root(&mut self, func: FuncId, args: &[Value]) -> Result<Value, Panic> {
        if !self.frames.is_empty() {
            return Err(self.internal("a root strand started while a strand runs"));
        }
        self.run_root_with(|interp| interp.push_args_frame(func, args))
    }

    /// Like [`Self::run_root`] for a function value called with `args` (adapted to its
    /// parameters as any call through a function value).
    pub(crate) fn run_root_value(
        &mut self,
        function: &Value,
        args: &[Value],
    ) -> Result<Value, Panic> {
        if !self.frames.is_empty() {
            return Err(self.internal("a root strand started while a strand runs"));
        }
        self.run_root_with(|interp| {
            interp.push_window(args, |interp, count| {
                interp.push_closure_frame(function, 0, count, 0, false)
            })
        })
    }

    /// Runs a new strand whose first frame `enter` pushes, as [`Self::run_root`] describes.
    fn run_root_with(
        &mut self,
        enter: impl FnOnce(&mut Interpreter) -> Result<(), Panic>,
    ) -> Result<Value, Panic> {
        let any = self.types.well_known.any;
        let (id, mut strand, future) = self.new_strand(any);
        self.swap_state(&mut strand);
        let entered = enter(self);
        self.swap_state(&mut strand);
        if let Err(panic) = entered {
            self.release_strand(id, strand);
            return Err(panic);
        }
        self.queue(id, strand);
        let runtime = self.scheduler_runtime()?;
        // Unconstrained: `drive` is one tokio task, and under tokio's cooperative budget
        // (128 resource polls per task poll) every timer polled after the first 128 would
        // answer "not yet" and wake itself again, so n parked sleeps cost O(n^2) polls.
        // `drive` already interleaves strands with completed operations itself.
        runtime.block_on(tokio::task::coop::unconstrained(self.drive(&future)));
        self.sched.runtime = Some(runtime);
        match future.take() {
            FutureState::Returned(value) => Ok(value),
            FutureState::Panicked(error) => Err(Panic::new(error)),
            FutureState::Running | FutureState::Taken => {
                Err(self.internal("the main strand ended without a result"))
            }
        }
    }

    /// The isolate's tokio runtime (taken out while it drives; put back after).
    pub(crate) fn scheduler_runtime(&mut self) -> Result<tokio::runtime::Runtime, Panic> {
        match self.sched.runtime.take() {
            Some(runtime) => Ok(runtime),
            None => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| self.internal(&format!("cannot start the scheduler: {e}"))),
        }
    }

    /// Pushes a frame for `func` with `args` on the (empty) running strand.
    fn push_args_frame(&mut self, func: FuncId, args: &[Value]) -> Result<(), Panic> {
        self.ensure_stack(args.len());
        for (i, arg) in args.iter().enumerate() {
            self.stack[i] = arg.clone();
        }
        let count = args.len().min(u16::MAX as usize) as u16;
        self.push_frame(func, 0, count, 0, &[])
            .map_err(|e| self.call_error(e))
    }

    /// Runs strands until `until` is done.
    async fn drive(&mut self, until: &Rc<FutureObj>) {
        loop {
            if until.is_done() {
                return;
            }
            if !self.sched.abandoned.borrow().is_empty() {
                self.reap_abandoned();
            }
            // Completed operations first, so I/O is not starved by busy strands.
            while let Some(Some((id, generation, completion))) =
                self.sched.pending.next().now_or_never()
            {
                self.deliver(id, generation, completion);
            }
            if let Some(id) = self.sched.ready.pop_front() {
                self.run_ready(id).await;
                continue;
            }
            // Completed operations and jobs of native event sources (`events.rs`).
            match self.next_event().await {
                Event::Completed(id, generation, completion) => {
                    self.deliver(id, generation, completion)
                }
                Event::Job(make) => self.spawn_job(make),
                Event::Idle => {
                    self.deadlock(until);
                    return;
                }
            }
        }
    }

    /// Every strand is waiting and nothing can wake them: `until`'s strand panics.
    fn deadlock(&mut self, until: &Rc<FutureObj>) {
        let error = error::builtin_error(
            &self.types,
            error::reason::ILLEGAL_STATE,
            "deadlock: every strand is waiting for another",
        );
        let id = until.strand;
        if let Some(Some(_)) = self.sched.parked.get(id as usize) {
            if let Some(mut strand) = self.sched.parked[id as usize].take() {
                self.swap_state(&mut strand);
                self.unwind_all();
                self.swap_state(&mut strand);
                self.finish(id, strand, Err(Panic::new(error)));
            }
        }
    }

    pub(super) fn deliver(&mut self, id: StrandId, generation: u64, completion: Completion) {
        if let Some(Some(strand)) = self.sched.parked.get_mut(id as usize) {
            if strand.meta.generation == generation && strand.meta.awaiting_native {
                strand.meta.awaiting_native = false;
                strand.meta.resume = Some(completion);
                self.sched.wake(id);
            }
        }
    }

    /// Runs parked strand `id` until it parks again or terminates.
    pub(super) fn run_strand(&mut self, id: StrandId) {
        let Some(Some(mut strand)) = self.sched.parked.get_mut(id as usize).map(Option::take)
        else {
            return;
        };
        strand.meta.queued = false;
        if strand.meta.awaiting_native {
            self.sched.parked[id as usize] = Some(strand);
            return;
        }
        let previous = self.sched.current;
        self.sched.current = id;
        self.swap_state(&mut strand);
        let result = self.resume_strand();
        self.sched.current = previous;
        if self.sched.parked_now {
            self.sched.parked_now = false;
            self.swap_state(&mut strand);
            self.sched.parked[id as usize] = Some(strand);
            return;
        }
        self.swap_state(&mut strand);
        self.finish(id, strand, result);
    }

    /// Continues the running strand: a cancelled strand terminates, a native's completed
    /// operation delivers its result, then the dispatch loop runs.
    fn resume_strand(&mut self) -> Result<Value, Panic> {
        if self
            .strand
            .future
            .as_ref()
            .is_some_and(|f| f.is_cancelled())
        {
            self.unwind_all();
            return Err(error::panic_error(
                &self.types,
                "{ballerina}FutureCancelled",
                "the future was cancelled",
            ));
        }
        if let Some(completion) = self.strand.resume.take() {
            let resumed = completion(&mut NativeContext { interp: self })
                .and_then(|step| self.resume_completion(step));
            match resumed {
                Ok(Some(value)) => return Ok(value),
                Ok(None) if self.sched.parked_now => return Ok(Value::Nil),
                Ok(None) => {}
                Err(panic) => {
                    if self.frames.is_empty() {
                        return Err(panic);
                    }
                    self.raise(panic, 0)?;
                }
            }
        }
        self.execute(0)
    }

    /// Records a terminated strand's result, wakes its waiters and frees its slot.
    pub(super) fn finish(
        &mut self,
        id: StrandId,
        mut strand: Strand,
        result: Result<Value, Panic>,
    ) {
        self.release_all_locks(id, &mut strand.meta);
        if let Some(reply) = strand.meta.reply.take() {
            // A job's strand: nobody else holds its future; the result goes to the reply.
            self.release_strand(id, strand);
            self.finish_job(reply, result);
            return;
        }
        if let Some(stream) = strand.meta.producer.take() {
            // A query's producer: its result is the stream's completion (or its panic).
            self.producer_finished(&stream, &result);
        }
        let sequence = self.sched.next_sequence();
        if let Some(future) = strand.meta.future.take() {
            let state = match result {
                Ok(value) => FutureState::Returned(value),
                Err(panic) => FutureState::Panicked(panic.error),
            };
            for waiter in future.complete(state, sequence) {
                self.sched.wake(waiter);
            }
        }
        self.release_strand(id, strand);
    }

    pub(super) fn release_strand(&mut self, id: StrandId, mut strand: Strand) {
        let top = strand.frames.last().map_or(0, |f| f.top as usize);
        super::calls::clear_slots(&mut strand.stack, 0, top);
        if strand.stack.len() <= 4096 && self.sched.spare_stacks.len() < SPARE_STACKS {
            self.sched
                .spare_stacks
                .push(std::mem::take(&mut strand.stack));
        }
        self.sched.parked[id as usize] = None;
        self.sched.free.push(id);
    }

    /// Pops every frame of the running strand, releasing their registers.
    pub(super) fn unwind_all(&mut self) {
        while let Some(frame) = self.frames.pop() {
            self.clear_registers(frame.base as usize, frame.top as usize);
        }
        self.traps.clear();
        self.strand.continuations.clear();
    }

    /// Parks the running strand because it cannot proceed.
    pub(super) fn block(&mut self) -> Flow {
        self.sched.parked_now = true;
        Flow::Park
    }

    /// `Start`: the call instruction after `pc` becomes a new strand.
    pub(super) fn start_strand(&mut self, dst: Reg, ty: TypeId) -> Result<(), Panic> {
        let Some(frame) = self.frames.last().copied() else {
            return Err(self.internal("start outside a frame"));
        };
        let program = self.program.clone();
        let code = &program.functions[frame.func as usize].code;
        let Some(&call) = code.get(frame.pc as usize + 1) else {
            return Err(self.internal("start without a call"));
        };
        let base = frame.base as usize;
        let window = |args: intc_ir::RegRange, stack: &[Value]| -> Vec<Value> {
            let start = base + args.start as usize;
            stack[start..start + args.count as usize].to_vec()
        };
        let (id, mut strand, future) = self.new_strand(ty);
        let entered: Result<(), Panic> = match call {
            I::Call { func, args, .. } => {
                let values = window(args, &self.stack);
                self.swap_state(&mut strand);
                let entered = self.push_args_frame(func, &values);
                self.swap_state(&mut strand);
                entered
            }
            I::CallIndirect {
                callee,
                args,
                packed_rest,
                ..
            } => {
                let callee = self.stack[base + callee.0 as usize].clone();
                let values = window(args, &self.stack);
                self.swap_state(&mut strand);
                let entered = self.push_window(&values, |interp, count| {
                    interp.push_closure_frame(&callee, 0, count, 0, packed_rest)
                });
                self.swap_state(&mut strand);
                entered
            }
            I::CallMethod {
                method,
                args,
                packed_rest,
                ..
            } => {
                let values = window(args, &self.stack);
                let receiver = values.first().cloned().unwrap_or_default();
                let func = self.resolve_method(&receiver, method)?;
                self.swap_state(&mut strand);
                let entered = self.push_window(&values, |interp, count| {
                    interp.push_adapted_frame(func, &[], 0, count, 0, packed_rest)
                });
                self.swap_state(&mut strand);
                entered
            }
            I::CallNative { native, args, .. } => {
                let values = window(args, &self.stack);
                self.start_native(native, &values, id, &mut strand)
            }
            I::CallNativeSpread { native, args, .. } => {
                let values =
                    super::calls::spread_arguments(&self.types, &self.stack[base..], args)?;
                self.start_native(native, &values, id, &mut strand)
            }
            _ => Err(self.internal("start is not followed by a call")),
        };
        // The callee's frame is the new strand's first: a `transactional` one joins the
        // starting strand's transaction.
        let transactional = strand
            .frames
            .first()
            .and_then(|f| program.functions.get(f.func as usize))
            .is_some_and(|f| f.transactional);
        if transactional {
            strand.meta.transactions = self.strand.transactions.for_started(true);
        }
        strand.meta.context = self.strand.context.clone();
        match entered {
            Ok(()) if strand.meta.future.as_ref().is_some_and(|f| f.is_done()) => {
                // A native that completed at once.
                self.release_strand(id, strand);
            }
            Ok(()) if strand.meta.awaiting_native => {
                self.sched.parked[id as usize] = Some(strand);
            }
            Ok(()) => self.queue(id, strand),
            Err(panic) => {
                self.release_strand(id, strand);
                return Err(panic);
            }
        }
        self.stack[base + dst.0 as usize] = Value::Future(future);
        Ok(())
    }

    /// Writes `values` to the bottom of the (empty) running strand's stack and pushes a frame
    /// over them with `push`.
    pub(super) fn push_window(
        &mut self,
        values: &[Value],
        push: impl FnOnce(&mut Interpreter, u16) -> Result<(), super::calls::CallError>,
    ) -> Result<(), Panic> {
        self.ensure_stack(values.len());
        for (i, value) in values.iter().enumerate() {
            self.stack[i] = value.clone();
        }
        let count = values.len().min(u16::MAX as usize) as u16;
        push(self, count).map_err(|e| self.call_error(e))
    }

    /// `start` of a native: it runs now, on the starting strand; the new strand only holds
    /// its result, or waits for its pending operation.
    fn start_native(
        &mut self,
        native: intc_ir::NativeId,
        values: &[Value],
        id: StrandId,
        strand: &mut Strand,
    ) -> Result<(), Panic> {
        let native = self.natives[native.index()];
        let result = match native {
            Native::Plain(f) => f(&mut NativeContext { interp: self }, values),
            Native::Step(f) => match f(&mut NativeContext { interp: self }, values) {
                Ok(Step::Done(value)) => Ok(value),
                Ok(Step::Await(pending)) => {
                    strand.meta.awaiting_native = true;
                    self.add_pending(id, strand.meta.generation, pending);
                    return Ok(());
                }
                Ok(Step::Suspend) => {
                    return Err(self.internal("a started native suspended its strand"));
                }
                Ok(Step::Call {
                    function,
                    args,
                    then,
                }) => {
                    // The callback's trampoline is the new strand's bottom frame.
                    self.swap_state(strand);
                    let pushed = self.push_callback(function, args, then, 0);
                    self.swap_state(strand);
                    return pushed;
                }
                Err(panic) => Err(panic),
            },
        };
        let state = match result {
            Ok(value) => FutureState::Returned(value),
            Err(panic) => FutureState::Panicked(panic.error),
        };
        let sequence = self.sched.next_sequence();
        if let Some(future) = &strand.meta.future {
            future.complete(state, sequence);
        }
        Ok(())
    }

    fn add_pending(&mut self, id: StrandId, generation: u64, pending: Pending) {
        self.sched.pending.push(Box::pin(async move {
            let completion = pending.await;
            (id, generation, completion)
        }));
    }

    /// Calls a native from the dispatch loop (the top frame is at the call, whose result
    /// register is `dst`).
    pub(super) fn call_native(
        &mut self,
        native: Native,
        args: &[Value],
        dst: Reg,
    ) -> Result<NativeOutcome, Panic> {
        match native {
            Native::Plain(f) => {
                f(&mut NativeContext { interp: self }, args).map(NativeOutcome::Value)
            }
            Native::Step(f) => {
                let step = f(&mut NativeContext { interp: self }, args)?;
                self.take_step(step, dst.0)
            }
        }
    }

    /// Parks the running strand until `pending` completes.
    pub(super) fn park_on(&mut self, pending: Pending) {
        let id = self.sched.current;
        let generation = self.strand.generation;
        self.add_pending(id, generation, pending);
        self.strand.awaiting_native = true;
        self.sched.parked_now = true;
    }

    /// Parks the running strand with nothing pending (`Step::Suspend`): it waits for another
    /// strand to [`Self::deliver`] a completion to it (or for a cancellation).
    pub(super) fn suspend(&mut self) {
        self.strand.awaiting_native = true;
        self.sched.parked_now = true;
    }

    /// `future:cancel`: flags the strand; a parked strand is woken so that it terminates.
    pub(crate) fn cancel_strand(&mut self, future: &Rc<FutureObj>) {
        if future.is_done() {
            return;
        }
        future.cancel();
        if let Some(Some(strand)) = self.sched.parked.get_mut(future.strand as usize) {
            if strand
                .meta
                .future
                .as_ref()
                .is_some_and(|f| Rc::ptr_eq(f, future))
            {
                strand.meta.awaiting_native = false;
                self.sched.wake(future.strand);
            }
        }
    }

    /// The wait instructions and locks, at the top frame's `pc`.
    pub(super) fn strand_instruction(&mut self, instruction: I) -> Result<Flow, Panic> {
        let done = match instruction {
            I::Wait { dst, future } => self.wait_one(dst, future)?,
            I::WaitAny { dst, futures } => self.wait_any(dst, futures)?,
            I::WaitAll { dst, futures } => self.wait_all(dst, futures)?,
            I::LockBegin => self.lock_begin(),
            I::LockEnd => {
                self.lock_end();
                true
            }
            _ => return Err(self.internal("not a strand instruction")),
        };
        if done {
            return Ok(Flow::Next);
        }
        Ok(self.block())
    }

    fn register(&self, reg: Reg) -> &Value {
        let base = self.frames.last().map_or(0, |f| f.base as usize);
        &self.stack[base + reg.0 as usize]
    }

    fn set_register(&mut self, reg: Reg, value: Value) {
        let base = self.frames.last().map_or(0, |f| f.base as usize);
        self.stack[base + reg.0 as usize] = value;
    }

    fn future_in(&self, reg: Reg) -> Result<Rc<FutureObj>, Panic> {
        match self.register(reg) {
            Value::Future(future) => Ok(future.clone()),
            _ => Err(self.internal("wait on a value that is not a future")),
        }
    }

    /// The result of a wait that failed because another wait took the result.
    fn already_waited(&self) -> Value {
        error::builtin_error(
            &self.types,
            "{ballerina}FutureAlreadyWaited",
            "the future was already waited for",
        )
    }

    /// Takes a terminated future's result: its value, or the panic it ended with.
    fn take_result(&self, future: &FutureObj) -> Result<Value, Panic> {
        match future.take() {
            FutureState::Returned(value) => Ok(value),
            FutureState::Panicked(error) => Err(Panic::new(error)),
            FutureState::Taken | FutureState::Running => Ok(self.already_waited()),
        }
    }

    /// `Wait`: true when done.
    fn wait_one(&mut self, dst: Reg, future: Reg) -> Result<bool, Panic> {
        let future = self.future_in(future)?;
        if future.is_done() {
            let value = self.take_result(&future)?;
            self.set_register(dst, value);
            return Ok(true);
        }
        future.add_waiter(self.sched.current);
        Ok(false)
    }

    /// `WaitAny`: the first non-error result, else the error of the last to terminate.
    fn wait_any(&mut self, dst: Reg, futures: intc_ir::RegRange) -> Result<bool, Panic> {
        let all: Vec<Rc<FutureObj>> = (0..futures.count)
            .map(|i| self.future_in(Reg(futures.start + i)))
            .collect::<Result<_, _>>()?;
        if let Some(future) = all
            .iter()
            .find(|f| f.is_panicked() || (f.has_result() && !f.returned_error()))
        {
            let value = self.take_result(future)?;
            self.set_register(dst, value);
            return Ok(true);
        }
        if all.iter().all(|f| f.is_done()) {
            let last = all.iter().max_by_key(|f| f.completed_at());
            let value = match last {
                Some(future) => self.take_result(future)?,
                None => Value::Nil,
            };
            self.set_register(dst, value);
            return Ok(true);
        }
        for future in all.iter().filter(|f| !f.is_done()) {
            future.add_waiter(self.sched.current);
        }
        Ok(false)
    }

    /// `WaitAll`: every result, in order, into the registers from `dst`.
    fn wait_all(&mut self, dst: Reg, futures: intc_ir::RegRange) -> Result<bool, Panic> {
        let all: Vec<Rc<FutureObj>> = (0..futures.count)
            .map(|i| self.future_in(Reg(futures.start + i)))
            .collect::<Result<_, _>>()?;
        if let Some(future) = all.iter().find(|f| f.is_panicked()) {
            self.take_result(future)?;
        }
        if let Some(running) = all.iter().find(|f| !f.is_done()) {
            running.add_waiter(self.sched.current);
            return Ok(false);
        }
        for (i, future) in all.iter().enumerate() {
            let value = self.take_result(future)?;
            self.set_register(Reg(dst.0 + i as u16), value);
        }
        Ok(true)
    }

    /// `LockBegin`: true when the lock was taken.
    fn lock_begin(&mut self) -> bool {
        let me = self.sched.current;
        match self.sched.lock_owner {
            Some(owner) if owner != me => {
                if !self.sched.lock_waiters.contains(&me) {
                    self.sched.lock_waiters.push(me);
                }
                false
            }
            _ => {
                self.sched.lock_owner = Some(me);
                self.sched.lock_depth += 1;
                self.strand.locks.push(HeldLock {
                    frame: self.frames.len().saturating_sub(1) as u32,
                    traps: self.traps.len() as u32,
                });
                true
            }
        }
    }

    fn lock_end(&mut self) {
        if self.strand.locks.pop().is_some() {
            self.release_one_lock();
        }
    }

    fn release_one_lock(&mut self) {
        self.sched.lock_depth = self.sched.lock_depth.saturating_sub(1);
        if self.sched.lock_depth == 0 {
            self.sched.lock_owner = None;
            for waiter in std::mem::take(&mut self.sched.lock_waiters) {
                self.sched.wake(waiter);
            }
        }
    }

    /// After a panic moved control to frame count `frames` with `traps` trap regions:
    /// releases the locks entered after that point.
    pub(crate) fn release_unwound_locks(&mut self) {
        let frames = self.frames.len() as u32;
        let traps = self.traps.len() as u32;
        while let Some(lock) = self.strand.locks.last().copied() {
            let unwound = lock.frame >= frames || (lock.frame + 1 == frames && lock.traps > traps);
            if !unwound {
                break;
            }
            self.strand.locks.pop();
            self.release_one_lock();
        }
    }

    fn release_all_locks(&mut self, id: StrandId, meta: &mut StrandMeta) {
        let held = meta.locks.len();
        meta.locks.clear();
        if held > 0 && self.sched.lock_owner == Some(id) {
            self.sched.lock_depth = 0;
            self.sched.lock_owner = None;
            for waiter in std::mem::take(&mut self.sched.lock_waiters) {
                self.sched.wake(waiter);
            }
        }
    }
}
