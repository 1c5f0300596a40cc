//! Stream values (spec "Streams"): a sequence generated on demand by a next operation,
//! ending with a completion value (`()` or an error), and a close operation. What generates
//! the members is the stream's [`StreamSource`]; the natives stepping through it (which call
//! Ballerina code: an implementor's `next()`, the functions of `map` and `filter`) are in
//! `interp/streams.rs`.

use super::{FutureObj, ListObj, StrandId, Value};
use intc_ir::TypeId;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

/// What generates a stream's members.
#[derive(Debug)]
pub enum StreamSource {
    /// `new stream<T>()`: no members, completion `()`.
    Empty,
    /// `new stream<T, C>(implementor)`: its `next()` and `close()` do the work.
    Implementor(Value),
    /// Members computed already (a query constructing a stream), then `completion`.
    Values {
        values: VecDeque<Value>,
        completion: Value,
    },
    /// `s.map(func)`: each member of `inner` through `func`, lazily.
    Map { inner: Rc<StreamObj>, func: Value },
    /// `s.filter(func)`: the members of `inner` for which `func` is true, lazily.
    Filter { inner: Rc<StreamObj>, func: Value },
    /// A query constructing a stream: its pipeline runs lazily in a producer strand. This is
    /// the consumer's stream, the one the program holds: dropping it abandons the producer.
    Query(Rc<QueryProducer>),
    /// The producer strand's own handle on the same query, through which its pipeline hands
    /// values over (`produce`). It is a second stream object so that the parked producer does
    /// not keep the consumer's stream alive; it is never a value the program sees.
    Producing(Rc<QueryProducer>),
    /// `array:toStream`: the members of a list by index, its length read at each next
    /// operation (mutation behaves as it does for an iterator).
    List { list: Rc<ListObj>, next: usize },
}

/// The pipeline of a query constructing a stream (spec "Select clause": each next operation
/// runs the clauses just far enough to select one value). `function` is the pipeline as an IR
/// function of the first `from`'s collection and this stream; it runs as a strand of its own
/// that starts at the first next operation, and hands each selected value over by calling the
/// `produce` native, which suspends it until the next one. Only one of the two strands runs at
/// a time: the consumer is suspended while the producer runs, and the producer while the
/// consumer does (`interp/streams.rs`).
#[derive(Debug)]
pub struct QueryProducer {
    pub function: Value,
    /// The first `from`'s collection, evaluated with the query; closed with the stream.
    pub source: Value,
    pub state: RefCell<ProducerState>,
    /// The producer strand's future once it started (while it may still run).
    pub producer: RefCell<Option<Rc<FutureObj>>>,
    /// Where an abandoned producer goes to be cancelled: the isolate's list, drained by its
    /// scheduler (a drop cannot reach the interpreter).
    pub reaper: Weak<RefCell<Vec<Rc<FutureObj>>>>,
}

impl QueryProducer {
    /// The consumer's stream was dropped without a close operation: nobody can run the
    /// producer again, so it is handed to the scheduler to be cancelled (its frames, and
    /// whatever they hold, are then freed). A state borrowed right now is left alone: the
    /// failure mode is a producer kept until exit, never a Rust panic.
    fn abandon(&self) {
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return;
        };
        if matches!(*state, ProducerState::NotStarted | ProducerState::Finished) {
            return;
        }
        let previous = std::mem::replace(&mut *state, ProducerState::Finished);
        drop(state);
        drop(previous);
        let Ok(mut producer) = self.producer.try_borrow_mut() else {
            return;
        };
        if let (Some(future), Some(reaper)) = (producer.take(), self.reaper.upgrade()) {
            if let Ok(mut reaper) = reaper.try_borrow_mut() {
                reaper.push(future);
            }
        }
    }
}

/// Where a query's producer strand is.
#[derive(Default)]
pub enum ProducerState {
    /// No next operation yet.
    #[default]
    NotStarted,
    /// Running, its consumer suspended (strand, generation) until it produces or completes;
    /// `then` continues the consumer's next operation with the result.
    Running {
        consumer: (StrandId, u64),
        then: crate::interp::streams::Then,
    },
    /// Suspended after producing a value, until the next next operation.
    Suspended {
        producer: (StrandId, u64),
        future: Rc<FutureObj>,
    },
    /// Completed (or closed): next operations complete with `()`.
    Finished,
}

impl std::fmt::Debug for ProducerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ProducerState::NotStarted => "NotStarted",
            ProducerState::Running { .. } => "Running",
            ProducerState::Suspended { .. } => "Suspended",
            ProducerState::Finished => "Finished",
        })
    }
}

#[derive(Debug)]
pub struct StreamObj {
    /// The inherent type, a `TypeKind::Stream`.
    pub ty: TypeId,
    /// The member type `T` and completion type `C` of `stream<T, C>`.
    pub value_ty: TypeId,
    pub completion_ty: TypeId,
    source: RefCell<StreamSource>,
    closed: Cell<bool>,
}

impl StreamObj {
    pub fn new(
        ty: TypeId,
        value_ty: TypeId,
        completion_ty: TypeId,
        source: StreamSource,
    ) -> Rc<StreamObj> {
        Rc::new(StreamObj {
            ty,
            value_ty,
            completion_ty,
            source: RefCell::new(source),
            closed: Cell::new(false),
        })
    }

    pub fn source(&self) -> std::cell::Ref<'_, StreamSource> {
        self.source.borrow()
    }

    pub fn source_mut(&self) -> std::cell::RefMut<'_, StreamSource> {
        self.source.borrow_mut()
    }

    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// Marks the stream closed; `false` when it already was.
    pub fn mark_closed(&self) -> bool {
        !self.closed.replace(true)
    }

    /// The values the stream holds on to (for cycle collection).
    pub fn held(&self) -> Vec<Value> {
        match &*self.source.borrow() {
            StreamSource::Empty => Vec::new(),
            StreamSource::Implementor(object) => vec![object.clone()],
            StreamSource::Values { values, completion } => {
                let mut held: Vec<Value> = values.iter().cloned().collect();
                held.push(completion.clone());
                held
            }
            StreamSource::Map { inner, func } | StreamSource::Filter { inner, func } => {
                let mut held = inner.held();
                held.push(func.clone());
                held
            }
            StreamSource::Query(query) => vec![query.function.clone(), query.source.clone()],
            StreamSource::Producing(_) => Vec::new(),
            StreamSource::List { list, .. } => vec![Value::List(list.clone())],
        }
    }
}

impl Drop for StreamObj {
    fn drop(&mut self) {
        if let StreamSource::Query(query) = self.source.get_mut() {
            query.abandon();
        }
    }
}
