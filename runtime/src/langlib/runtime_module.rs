//! `lang.runtime`.

use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeFn};
use crate::value::Value;
use intc_ir::LangNative;
use std::time::Duration;

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::RuntimeSleep => sleep,
        LangNative::RuntimeGetStackTrace => get_stack_trace,
        _ => return None,
    })
}

/// `runtime:sleep(seconds)`: a single strand, so the whole program waits. Negative durations
/// do not wait; one too long for `Duration` waits as long as the platform allows.
fn sleep(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let seconds = decimal_arg(ctx, args, 0)?.to_f64();
    let duration = Duration::try_from_secs_f64(seconds.max(0.0)).unwrap_or(Duration::MAX);
    std::thread::sleep(duration);
    Ok(Value::Nil)
}

/// `runtime:getStackTrace()`: the Ballerina call stack at the call, innermost first.
fn get_stack_trace(ctx: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    let trace = ctx.stack_trace();
    Ok(super::value::stack_frames(ctx, &trace))
}
