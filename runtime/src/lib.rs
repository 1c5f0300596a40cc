//! intc-runtime: the interpreter executing intc IR, the value representation, runtime type
//! table and the native function interface.
//!
//! Single-threaded by design: values use `Rc`/`RefCell`, and all strands of a program run on
//! one scheduler thread.

pub mod error;
pub mod format;
pub mod interp;
pub mod langlib;
pub mod limits;
pub mod native;
pub mod replica;
pub mod report;
pub mod runtime;
pub mod steps;
pub mod types;
pub mod value;

pub use error::{builtin_error, panic_error, reason, Panic};
pub use interp::events::{Callee, EventSourceId, Job, JobSource, MakeJob, Reply};
pub use interp::lifecycle::StopSignal;
pub use interp::strand_context::StrandContext;
pub use native::{
    repeat_calls, Completion, Continue, Native, NativeContext, NativeFn, NativeRegistry, Next,
    Pending, Step, StepFn,
};
pub use runtime::{ConfigurableInfo, LoadError, Outcome, Runtime};
pub use types::{TypeTable, WellKnownTypes};
pub use value::Value;
