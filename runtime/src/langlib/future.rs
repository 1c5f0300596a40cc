//! `lang.future`.

use crate::error::Panic;
use crate::native::{NativeContext, Step, StepFn};
use crate::value::Value;
use intc_ir::LangNative;

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
/// They are step natives only because they belong with the scheduler; neither parks.
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::FutureCancel => cancel,
        LangNative::FutureIsDone => is_done,
        _ => return None,
    })
}

/// `future:cancel(f)`: sets the strand's cancellation flag; the strand terminates abnormally
/// the next time it would resume from a yield (or before it first runs).
fn cancel(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    if let Some(Value::Future(future)) = args.first() {
        ctx.interp.cancel_strand(future);
    }
    Ok(Step::Done(Value::Nil))
}

/// `future:isDone(f)`: whether the future's strand has terminated.
fn is_done(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let done = matches!(args.first(), Some(Value::Future(future)) if future.is_done());
    Ok(Step::Done(Value::Boolean(done)))
}
