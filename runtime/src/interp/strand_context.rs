//! A strand's context for natives: one opaque value a standard library module keeps per
//! strand, such as the tracing span a request's strand runs in, so that a native called
//! later on the same strand (an HTTP client call) can find it. Ballerina keeps its observer
//! context on the strand the same way. A strand made by `start` inherits its starter's
//! context; a job's strand starts with the one its builder set (`set_job_context`).
//! The runtime never looks inside the value.

use crate::native::NativeContext;
use std::any::Any;
use std::rc::Rc;

/// The value natives keep per strand (downcast by its owner).
pub type StrandContext = Rc<dyn Any>;

impl NativeContext<'_> {
    /// The running strand's context, if a native set one.
    pub fn strand_context(&self) -> Option<StrandContext> {
        self.interp.strand.context.clone()
    }

    /// Replaces the running strand's context; returns the previous one.
    pub fn set_strand_context(&mut self, context: Option<StrandContext>) -> Option<StrandContext> {
        std::mem::replace(&mut self.interp.strand.context, context)
    }

    /// For a job builder (`MakeJob`, which runs between strands): the context the strand of
    /// the job being built starts with. Ignored when the builder answers no job.
    pub fn set_job_context(&mut self, context: StrandContext) {
        self.interp.sched.events.job_context = Some(context);
    }
}
