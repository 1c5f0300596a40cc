//! Future values: the handle to a strand's termination value (`start` and named workers).
//!
//! A future is shared between the strand that computes it and any strands that wait on it.
//! Only one wait succeeds (the spec: "Only one wait on a strand can succeed"); later waits
//! get an error. Waiters register by strand id and are woken by the scheduler when the
//! future completes; they re-check the state, so spurious wake-ups are harmless.

use super::Value;
use intc_ir::TypeId;
use std::cell::{Cell, RefCell};

/// Identifies a strand within one isolate (a slot in the scheduler's strand table).
pub type StrandId = u32;

/// How a strand terminated, or that it has not yet.
#[derive(Clone, Debug, Default)]
pub enum FutureState {
    /// The strand is still running (or has not started).
    #[default]
    Running,
    /// Returned normally with a value (which may be an error value).
    Returned(Value),
    /// Terminated abnormally: the panic's error value.
    Panicked(Value),
    /// A wait already took the result.
    Taken,
}

/// The shared state of a `future<T>`.
#[derive(Debug)]
pub struct FutureObj {
    /// The inherent type (`future<T>`).
    pub ty: TypeId,
    /// The strand computing the result.
    pub strand: StrandId,
    state: RefCell<FutureState>,
    /// Strands parked in a wait on this future.
    waiters: RefCell<Vec<StrandId>>,
    /// Set by `future:cancel`; the strand stops at its next yield.
    cancelled: Cell<bool>,
    /// Completion order across the isolate (for alternate waits: "the last to complete").
    completed_at: Cell<u64>,
}

impl FutureObj {
    pub fn new(ty: TypeId, strand: StrandId) -> FutureObj {
        FutureObj {
            ty,
            strand,
            state: RefCell::new(FutureState::Running),
            waiters: RefCell::new(Vec::new()),
            cancelled: Cell::new(false),
            completed_at: Cell::new(0),
        }
    }

    pub fn is_done(&self) -> bool {
        !matches!(*self.state.borrow(), FutureState::Running)
    }

    /// True once the strand has terminated and its result was not taken yet.
    pub fn has_result(&self) -> bool {
        matches!(
            *self.state.borrow(),
            FutureState::Returned(_) | FutureState::Panicked(_)
        )
    }

    /// Whether the result (if any) is an error value returned normally.
    pub fn returned_error(&self) -> bool {
        matches!(&*self.state.borrow(), FutureState::Returned(v) if v.is_error())
    }

    pub fn is_panicked(&self) -> bool {
        matches!(*self.state.borrow(), FutureState::Panicked(_))
    }

    /// The state without taking the result (worker message passing reads a peer's
    /// termination this way).
    pub fn peek(&self) -> FutureState {
        self.state.borrow().clone()
    }

    /// Takes the result for a successful wait (the state becomes `Taken`).
    pub fn take(&self) -> FutureState {
        let mut state = self.state.borrow_mut();
        match &*state {
            FutureState::Returned(_) | FutureState::Panicked(_) => {
                std::mem::replace(&mut *state, FutureState::Taken)
            }
            other => other.clone(),
        }
    }

    /// Records the strand's termination and returns the strands to wake.
    pub fn complete(&self, state: FutureState, sequence: u64) -> Vec<StrandId> {
        *self.state.borrow_mut() = state;
        self.completed_at.set(sequence);
        std::mem::take(&mut *self.waiters.borrow_mut())
    }

    pub fn completed_at(&self) -> u64 {
        self.completed_at.get()
    }

    pub fn add_waiter(&self, strand: StrandId) {
        let mut waiters = self.waiters.borrow_mut();
        if !waiters.contains(&strand) {
            waiters.push(strand);
        }
    }

    pub fn cancel(&self) {
        self.cancelled.set(true);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }
}
