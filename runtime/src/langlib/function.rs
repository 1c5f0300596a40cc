//! `lang.function`: `call`, which applies a function value to arguments checked at run time.

use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, Step, StepFn};
use crate::value::Value;
use intc_ir::{LangNative, TypeKind};

/// Reason of the panic raised when the arguments do not fit the function (jBallerina's).
pub const INCOMPATIBLE_ARGUMENTS: &str = "{ballerina/lang.function}IncompatibleArguments";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::FunctionCall => call,
        _ => return None,
    })
}

/// `function:call(func, ...args)`: every argument must belong to its parameter's type (extra
/// ones to the rest parameter's element type) and every required parameter must get one;
/// otherwise it panics with the argument types and the parameter list, as jBallerina does
/// (`(int,string)` against `(string,int...)`). Omitted defaultable parameters get their
/// defaults from the function itself. The function runs on the strand's frames (it may park
/// the strand), and its result is the call's.
fn call(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let function = function_arg(ctx, args, 0)?;
    let supplied = args.get(1..).unwrap_or_default();
    let Value::Function(closure) = &function else {
        return Err(ctx.panic(INCOMPATIBLE_ARGUMENTS, "not a function"));
    };
    let types = ctx.types();
    let (params, rest) = match types
        .function_signature(closure.func)
        .map(|signature| types.get(signature))
    {
        Some(TypeKind::Function { params, rest, .. }) => (params.clone(), *rest),
        _ => (Vec::new(), None),
    };
    let required = ctx
        .program()
        .functions
        .get(closure.func.index())
        .map_or(params.len(), |f| usize::from(f.num_required))
        .min(params.len());
    let mut fits = supplied.len() >= required && (rest.is_some() || supplied.len() <= params.len());
    for (index, value) in supplied.iter().enumerate() {
        let ty = match params.get(index) {
            Some(ty) => Some(*ty),
            None => rest,
        };
        if !ty.is_some_and(|ty| ctx.value_belongs(value, ty)) {
            fits = false;
        }
    }
    if !fits {
        let types = ctx.types();
        let arguments: Vec<String> = supplied.iter().map(|v| types.value_type_name(v)).collect();
        let mut parameters: Vec<String> = params.iter().map(|&ty| types.type_name(ty)).collect();
        if let Some(rest) = rest {
            parameters.push(format!("{}...", types.type_name(rest)));
        }
        let message = format!(
            "arguments of incompatible types: argument list '({})' cannot be passed to function expecting parameter list '({})'",
            arguments.join(","),
            parameters.join(",")
        );
        return Err(ctx.panic(INCOMPATIBLE_ARGUMENTS, &message));
    }
    let calls = vec![(function, supplied.to_vec())];
    crate::steps::call_all(
        ctx,
        calls,
        Box::new(|_, mut results| Ok(Step::Done(results.pop().unwrap_or_default()))),
    )
}
