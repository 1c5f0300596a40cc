//! The lazy pipeline of a query constructing a stream (spec "Query expressions", "Select
//! clause"): the pipeline is an IR function that runs as a producer strand of its own, started
//! by the first next operation. The consumer's next operation suspends its strand and resumes
//! the producer; the producer's `produce` native hands the selected value to the consumer and
//! suspends the producer in turn, so exactly one of the two runs and the clauses' side effects
//! interleave with the consumer's as the spec says. The producer's return value (`()` or the
//! error that failed the query) completes the stream, and its panic panics the next operation.

use super::streams::{close, member_record, Then};
use super::Interpreter;
use crate::error::{self, reason, Panic};
use crate::native::{NativeContext, Step};
use crate::value::{FutureObj, ProducerState, QueryProducer, StreamObj, StreamSource, Value};
use std::rc::Rc;

/// The next operation on `stream`, whose members `query` selects.
pub(crate) fn next(
    ctx: &mut NativeContext<'_>,
    stream: Rc<StreamObj>,
    query: Rc<QueryProducer>,
    then: Then,
) -> Result<Step, Panic> {
    let state = std::mem::take(&mut *query.state.borrow_mut());
    match state {
        ProducerState::Finished => {
            *query.state.borrow_mut() = ProducerState::Finished;
            return then(ctx, Value::Nil);
        }
        running @ ProducerState::Running { .. } => {
            *query.state.borrow_mut() = running;
            return Err(error::panic_error(
                ctx.types(),
                reason::ILLEGAL_STATE,
                "next operation on a stream while another next operation on it is in progress",
            ));
        }
        ProducerState::NotStarted => ctx.interp.start_producer(&stream, &query)?,
        ProducerState::Suspended { producer, .. } => {
            let (id, generation) = producer;
            ctx.interp
                .deliver(id, generation, Box::new(|_| Ok(Step::Done(Value::Nil))));
        }
    }
    let consumer = (ctx.interp.sched.current, ctx.interp.strand.generation);
    *query.state.borrow_mut() = ProducerState::Running { consumer, then };
    Ok(Step::Suspend)
}

/// The close operation on a query's stream: the producer is cancelled (it never runs again)
/// and the first `from`'s collection, when it is a stream, is closed.
pub(crate) fn close_query(
    ctx: &mut NativeContext<'_>,
    query: Rc<QueryProducer>,
    then: Then,
) -> Result<Step, Panic> {
    let state = std::mem::replace(&mut *query.state.borrow_mut(), ProducerState::Finished);
    match state {
        ProducerState::Suspended { future, .. } => ctx.interp.cancel_strand(&future),
        // Closed from a third strand while the producer runs: the waiting next operation
        // completes, and the producer stops at its next `produce`.
        ProducerState::Running { consumer, then } => {
            let (id, generation) = consumer;
            ctx.interp
                .deliver(id, generation, Box::new(move |ctx| then(ctx, Value::Nil)));
        }
        ProducerState::NotStarted | ProducerState::Finished => {}
    }
    match &query.source {
        Value::Stream(source) => close(ctx, source.clone(), then),
        _ => then(ctx, Value::Nil),
    }
}

/// `produce(s, value)`: the producer selected `value`; the waiting next operation gets it and
/// the producer suspends until the next one.
pub(crate) fn produce(
    ctx: &mut NativeContext<'_>,
    stream: Rc<StreamObj>,
    value: Value,
) -> Result<Step, Panic> {
    let query = match &*stream.source() {
        StreamSource::Producing(query) => query.clone(),
        _ => return Err(ctx.interp.internal("produce on a stream without a query")),
    };
    let state = std::mem::take(&mut *query.state.borrow_mut());
    let ProducerState::Running { consumer, then } = state else {
        // The stream was closed meanwhile: the pipeline ends here.
        *query.state.borrow_mut() = state;
        return Err(error::panic_error(
            ctx.types(),
            reason::ILLEGAL_STATE,
            "the stream of this query was closed",
        ));
    };
    let Some(future) = ctx.interp.strand.future.clone() else {
        return Err(ctx.interp.internal("a query's producer without its future"));
    };
    let producer = (ctx.interp.sched.current, ctx.interp.strand.generation);
    *query.state.borrow_mut() = ProducerState::Suspended { producer, future };
    let (id, generation) = consumer;
    ctx.interp.deliver(
        id,
        generation,
        Box::new(move |ctx| {
            let record = member_record(ctx, &stream, value);
            then(ctx, record)
        }),
    );
    Ok(Step::Suspend)
}

impl Interpreter {
    /// Starts the strand running `query`'s pipeline over its source, for `stream`; queued to
    /// run once the caller suspends. The strand holds its own stream object on the query
    /// (`StreamSource::Producing`), never `stream`, so that dropping `stream` without a close
    /// operation lets the scheduler cancel the producer (`reap_abandoned`).
    fn start_producer(
        &mut self,
        stream: &StreamObj,
        query: &Rc<QueryProducer>,
    ) -> Result<(), Panic> {
        let any = self.types.well_known.any;
        let (id, mut strand, future) = self.new_strand(any);
        let own = StreamObj::new(
            stream.ty,
            stream.value_ty,
            stream.completion_ty,
            StreamSource::Producing(query.clone()),
        );
        let args = [query.source.clone(), Value::Stream(own.clone())];
        let function = query.function.clone();
        self.swap_state(&mut strand);
        let entered = self.push_window(&args, |interp, count| {
            interp.push_closure_frame(&function, 0, count, 0, false)
        });
        self.swap_state(&mut strand);
        if let Err(panic) = entered {
            self.release_strand(id, strand);
            return Err(panic);
        }
        strand.meta.context = self.strand.context.clone();
        strand.meta.producer = Some(own);
        *query.producer.borrow_mut() = Some(future);
        self.queue(id, strand);
        Ok(())
    }

    /// Cancels the producers whose streams were dropped without a close operation: each is
    /// woken, unwinds and terminates, freeing its frames and slot.
    pub(super) fn reap_abandoned(&mut self) {
        let abandoned = std::mem::take(&mut *self.sched.abandoned.borrow_mut());
        for future in abandoned {
            self.cancel_strand(&future);
        }
    }

    /// The list a query's producer is handed to when its stream is abandoned.
    pub(crate) fn producer_reaper(&self) -> std::rc::Weak<std::cell::RefCell<Vec<Rc<FutureObj>>>> {
        Rc::downgrade(&self.sched.abandoned)
    }

    /// A producer strand terminated with `result`: the waiting next operation completes with
    /// its value (the stream's completion) or panics with its panic.
    pub(super) fn producer_finished(&mut self, stream: &StreamObj, result: &Result<Value, Panic>) {
        let query = match &*stream.source() {
            StreamSource::Producing(query) => query.clone(),
            _ => return,
        };
        query.producer.borrow_mut().take();
        let state = std::mem::replace(&mut *query.state.borrow_mut(), ProducerState::Finished);
        let ProducerState::Running { consumer, then } = state else {
            return;
        };
        let (id, generation) = consumer;
        match result {
            Ok(value) => {
                let value = value.clone();
                self.deliver(id, generation, Box::new(move |ctx| then(ctx, value)));
            }
            Err(panic) => {
                let error = panic.error.clone();
                self.deliver(id, generation, Box::new(move |_| Err(Panic::new(error))));
            }
        }
    }
}
