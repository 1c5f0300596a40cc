//! `lang.runtime`.

use super::support::*;
use crate::error::Panic;
use crate::native::{Completion, NativeContext, NativeFn, Step, StepFn};
use crate::value::Value;
use intc_ir::LangNative;
use std::time::Duration;

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::RuntimeGetStackTrace => get_stack_trace,
        LangNative::RuntimeRegisterListener => register_listener,
        LangNative::RuntimeDeregisterListener => deregister_listener,
        LangNative::RuntimeOnGracefulStop => on_graceful_stop,
        _ => return None,
    })
}

/// The natives of this file that may park their strand.
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::RuntimeSleep => sleep,
        _ => return None,
    })
}

/// `runtime:sleep(seconds)`: parks only the calling strand. Negative durations do not wait;
/// one too long for a timer waits as long as the platform allows. `sleep(0)` (or less) is a
/// plain yield: the strand parks on an operation that is already complete, so it goes to the
/// back of the ready queue at once rather than waiting for the timer's next millisecond tick.
fn sleep(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let seconds = decimal_arg(ctx, args, 0)?.to_f64();
    // About 30 years: tokio's timer wheel cannot hold an unbounded deadline.
    const LONGEST: Duration = Duration::from_secs(1 << 30);
    let duration = Duration::try_from_secs_f64(seconds.max(0.0))
        .unwrap_or(LONGEST)
        .min(LONGEST);
    Ok(Step::Await(Box::pin(async move {
        if !duration.is_zero() {
            tokio::time::sleep(duration).await;
        }
        Box::new(|_: &mut NativeContext<'_>| Ok(Step::Done(Value::Nil))) as Completion
    })))
}

/// `runtime:getStackTrace()`: the Ballerina call stack at the call, innermost first.
fn get_stack_trace(ctx: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    let trace = ctx.stack_trace();
    Ok(super::value::stack_frames(ctx, &trace))
}

/// `runtime:registerListener(listener)`.
fn register_listener(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    if let Some(listener) = args.first() {
        ctx.interp.lifecycle.register(listener.clone());
    }
    Ok(Value::Nil)
}

/// `runtime:deregisterListener(listener)`.
fn deregister_listener(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    if let Some(listener) = args.first() {
        ctx.interp.lifecycle.deregister(listener);
    }
    Ok(Value::Nil)
}

/// `runtime:onGracefulStop(handler)`.
fn on_graceful_stop(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    if let Some(handler) = args.first() {
        ctx.interp.lifecycle.on_graceful_stop(handler.clone());
    }
    Ok(Value::Nil)
}
