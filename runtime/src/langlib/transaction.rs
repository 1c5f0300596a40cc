//! `lang.transaction`, and the transaction manager operations that lowering calls for the
//! transaction statements (`beginTransaction`, `commitTransaction`, ...). The state they work
//! on is the strand's `TransactionState` (`interp/transaction.rs`).

use super::support::*;
use crate::error::{new_error, Panic};
use crate::interp::transaction::Branch;
use crate::native::{NativeContext, NativeFn, Step, StepFn};
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_ir::LangNative;
use std::time::{SystemTime, UNIX_EPOCH};

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::TransactionInfo => info,
        LangNative::TransactionGetInfo => get_info,
        LangNative::TransactionSetRollbackOnly => set_rollback_only,
        LangNative::TransactionGetRollbackOnly => get_rollback_only,
        LangNative::TransactionSetData => set_data,
        LangNative::TransactionGetData => get_data,
        LangNative::TransactionOnCommit => on_commit,
        LangNative::TransactionOnRollback => on_rollback,
        LangNative::TransactionBeginTransaction => begin_transaction,
        LangNative::TransactionIsCurrentTransaction => is_current_transaction,
        LangNative::TransactionIsTransactional => is_transactional,
        _ => return None,
    })
}

/// The natives of this file that call Ballerina code (the commit and rollback handlers, run
/// on the strand's frames, so a handler may park the strand).
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::TransactionCommitTransaction => commit_transaction,
        LangNative::TransactionRollbackTransaction => rollback_transaction,
        _ => return None,
    })
}

/// The message of the error `commit` returns for a transaction marked rollback-only.
const ROLLBACK_ONLY: &str = "rollback only is set, hence commit failed";

/// The current branch, or the panic of a transactional function called outside transaction
/// mode (possible only through a function value: the checker rejects direct calls).
fn current<'c>(ctx: &'c mut NativeContext<'_>) -> Result<&'c mut Branch, Panic> {
    if !ctx.interp.transaction_state().in_transaction() {
        return Err(ctx.panic(
            "{ballerina/lang.transaction}TransactionError",
            "not in transaction mode",
        ));
    }
    ctx.interp
        .transaction_state()
        .current()
        .ok_or_else(|| Panic::new(Value::Nil))
}

fn info(ctx: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(current(ctx)?.info.clone())
}

/// The xid of an `Info` record.
fn xid_of(info: &Value) -> Option<Vec<i64>> {
    let xid = info.as_map()?.get("xid")?;
    let items = xid
        .as_list()?
        .items()
        .iter()
        .filter_map(Value::as_int)
        .collect();
    Some(items)
}

fn get_info(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let wanted: Vec<i64> = list_arg(ctx, args, 0)?
        .items()
        .iter()
        .filter_map(Value::as_int)
        .collect();
    let state = ctx.interp.transaction_state();
    let candidates = state
        .stack
        .iter()
        .map(|b| &b.info)
        .chain(state.last_info.iter());
    for info in candidates {
        if xid_of(info).is_some_and(|xid| xid == wanted) {
            return Ok(info.clone());
        }
    }
    Ok(Value::Nil)
}

fn set_rollback_only(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let cause = arg(args, 0);
    current(ctx)?.global.borrow_mut().rollback_only = Some(cause);
    Ok(Value::Nil)
}

fn get_rollback_only(ctx: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Boolean(
        current(ctx)?.global.borrow().rollback_only.is_some(),
    ))
}

fn set_data(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let data = arg(args, 0);
    current(ctx)?.data = data;
    Ok(Value::Nil)
}

fn get_data(ctx: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(current(ctx)?.data.clone())
}

fn on_commit(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let handler = function_arg(ctx, args, 0)?;
    current(ctx)?
        .global
        .borrow_mut()
        .commit_handlers
        .push(handler);
    Ok(Value::Nil)
}

fn on_rollback(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let handler = function_arg(ctx, args, 0)?;
    current(ctx)?
        .global
        .borrow_mut()
        .rollback_handlers
        .push(handler);
    Ok(Value::Nil)
}

/// Begin: a new branch with its `Info` (`retryNumber` = `attempt`; from the second attempt
/// on, `prevAttempt` is the transaction that ended last on this strand).
fn begin_transaction(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let attempt = int_arg(ctx, args, 0)?;
    let state = ctx.interp.transaction_state();
    state.last_id += 1;
    let id = state.last_id;
    let previous = match (attempt > 0, &state.last_info) {
        (true, Some(info)) => info.clone(),
        _ => Value::Nil,
    };
    // The xid names the transaction on this strand: deterministic, so programs may print it.
    let xid: Vec<Value> = format!("intc-transaction-{id}")
        .bytes()
        .map(|b| Value::Int(i64::from(b)))
        .collect();
    let byte_list = ctx.types().well_known.byte_list;
    let xid_ty = crate::format::readonly_type(ctx.types_mut(), byte_list);
    let xid = ListObj::new(xid_ty, xid);
    xid.freeze();
    let start = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let mut entries = ValueMap::default();
    entries.insert(MapKey::new("xid"), Value::List(xid));
    entries.insert(MapKey::new("retryNumber"), Value::Int(attempt));
    entries.insert(MapKey::new("prevAttempt"), previous);
    entries.insert(MapKey::new("startTime"), Value::Int(start));
    let record = MapObj::new(ctx.types().well_known.readonly_detail, entries);
    record.freeze();
    ctx.interp.transaction_state().stack.push(Branch {
        id,
        info: Value::Map(record),
        data: Value::Nil,
        global: Default::default(),
    });
    Ok(Value::Int(id))
}

fn is_current_transaction(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let id = int_arg(ctx, args, 0)?;
    let state = ctx.interp.transaction_state();
    Ok(Value::Boolean(
        state.stack.last().is_some_and(|b| b.id == id),
    ))
}

/// The branch a Commit or Rollback ends (the checker allows both only inside a transaction
/// statement, before the transaction ended).
fn end_current(ctx: &mut NativeContext<'_>) -> Result<Branch, Panic> {
    match ctx.interp.transaction_state().pop() {
        Some(branch) => Ok(branch),
        None => Err(ctx.panic(
            "{ballerina/lang.transaction}TransactionError",
            "not in transaction mode",
        )),
    }
}

/// Calls the rollback handlers of an ended branch, then returns `result`.
fn run_rollback_handlers(
    ctx: &mut NativeContext<'_>,
    branch: &Branch,
    cause: &Value,
    will_retry: bool,
    result: Value,
) -> Result<Step, Panic> {
    let calls = branch
        .global
        .borrow()
        .rollback_handlers
        .iter()
        .map(|handler| {
            let args = vec![
                branch.info.clone(),
                cause.clone(),
                Value::Boolean(will_retry),
            ];
            (handler.clone(), args)
        })
        .collect();
    crate::steps::call_all(ctx, calls, Box::new(move |_, _| Ok(Step::Done(result))))
}

/// Commit: the decision is to commit unless the branch is rollback-only; the handlers for
/// the decision run before `commit` returns.
fn commit_transaction(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let error_type = typedesc_arg(args, 0);
    let branch = end_current(ctx)?;
    let rollback_only = branch.global.borrow().rollback_only.clone();
    if let Some(cause) = &rollback_only {
        let types = ctx.types();
        let error = new_error(
            types,
            error_type.unwrap_or(types.well_known.error),
            ROLLBACK_ONLY,
            cause.clone(),
            ValueMap::default(),
        );
        return run_rollback_handlers(ctx, &branch, &error.clone(), false, error);
    }
    let calls = branch
        .global
        .borrow()
        .commit_handlers
        .iter()
        .map(|handler| (handler.clone(), vec![branch.info.clone()]))
        .collect();
    crate::steps::call_all(ctx, calls, Box::new(|_, _| Ok(Step::Done(Value::Nil))))
}

/// Rollback with a cause (`rollback e;`, or the error a failed or panicking block ended with).
fn rollback_transaction(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let cause = arg(args, 0);
    let will_retry = arg(args, 1).as_bool().unwrap_or(false);
    let branch = end_current(ctx)?;
    run_rollback_handlers(ctx, &branch, &cause, will_retry, Value::Nil)
}

fn is_transactional(ctx: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Boolean(
        ctx.interp.transaction_state().in_transaction(),
    ))
}
