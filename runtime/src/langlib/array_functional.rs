//! `lang.array`: the functions taking a function argument and `sort`.

use super::array::derived_array_type;
use super::support::*;
use crate::error::Panic;
use crate::native::{repeat_calls, NativeContext, NativeFn, Next, Step, StepFn};
use crate::value::Value;
use intc_decimal::Decimal;
use intc_ir::LangNative;
use intc_ir::TypeKind;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::ArrayEnumerate => enumerate,
        _ => return None,
    })
}

/// The natives that call back into Ballerina code: they loop with [`repeat_calls`], so each
/// callback runs on the strand's own frames (and may park it).
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::ArrayFilter => filter,
        LangNative::ArrayMap => map,
        LangNative::ArrayForEach => for_each,
        LangNative::ArraySome => some,
        LangNative::ArrayEvery => every,
        LangNative::ArrayReduce => reduce,
        LangNative::ArraySort => sort,
        _ => return None,
    })
}

/// A snapshot of the members (callbacks may mutate the list while it is walked).
fn members(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Vec<Value>, Panic> {
    Ok(list_arg(ctx, args, 0)?.items().clone())
}

/// Calls `function` on each member in turn; `done` receives each result and may stop early
/// with the native's result, `finish` gives the result after the last member.
pub(super) fn each_member<D, F>(
    ctx: &mut NativeContext<'_>,
    items: Vec<Value>,
    function: Value,
    mut done: D,
    mut finish: F,
) -> Result<Step, Panic>
where
    D: FnMut(&mut NativeContext<'_>, &Value, Value) -> Result<Option<Value>, Panic> + 'static,
    F: FnMut(&mut NativeContext<'_>) -> Value + 'static,
{
    let mut index = 0;
    repeat_calls(ctx, function, move |ctx, result| {
        if let Some(result) = result {
            if let Some(verdict) = done(ctx, &items[index - 1], result)? {
                return Ok(Next::Done(verdict));
            }
        }
        match items.get(index) {
            Some(item) => {
                index += 1;
                Ok(Next::Call(vec![item.clone()]))
            }
            None => Ok(Next::Done(finish(ctx))),
        }
    })
}

fn filter(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let function = function_arg(ctx, args, 1)?;
    let items = list.items().clone();
    let ty = derived_array_type(ctx, &list);
    let kept = Rc::new(RefCell::new(Vec::new()));
    let collected = kept.clone();
    each_member(
        ctx,
        items,
        function,
        move |ctx, item, verdict| {
            if truthy(ctx, &verdict)? {
                kept.borrow_mut().push(item.clone());
            }
            Ok(None)
        },
        move |_| new_list(ty, collected.take()),
    )
}

fn map(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let element = function_return_type(ctx.types(), &function);
    let ty = array_type(ctx.types_mut(), element);
    let mapped = Rc::new(RefCell::new(Vec::with_capacity(items.len())));
    let collected = mapped.clone();
    each_member(
        ctx,
        items,
        function,
        move |_, _, result| {
            mapped.borrow_mut().push(result);
            Ok(None)
        },
        move |_| new_list(ty, collected.take()),
    )
}

fn for_each(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    each_member(ctx, items, function, |_, _, _| Ok(None), |_| Value::Nil)
}

fn some(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    each_member(
        ctx,
        items,
        function,
        |ctx, _, verdict| Ok(truthy(ctx, &verdict)?.then_some(Value::Boolean(true))),
        |_| Value::Boolean(false),
    )
}

fn every(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    each_member(
        ctx,
        items,
        function,
        |ctx, _, verdict| Ok((!truthy(ctx, &verdict)?).then_some(Value::Boolean(false))),
        |_| Value::Boolean(true),
    )
}

fn reduce(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    reduce_members(ctx, items, function, arg(args, 2))
}

/// `reduce` over members taken beforehand (a list's or a table's): `function(acc, member)`
/// from `initial`, one call at a time on the strand.
pub(super) fn reduce_members(
    ctx: &mut NativeContext<'_>,
    items: Vec<Value>,
    function: Value,
    initial: Value,
) -> Result<Step, Panic> {
    let mut accumulator = Some(initial);
    let mut index = 0;
    repeat_calls(ctx, function, move |_, result| {
        if let Some(result) = result {
            accumulator = Some(result);
        }
        match items.get(index) {
            Some(item) => {
                index += 1;
                let previous = accumulator.take().unwrap_or_default();
                Ok(Next::Call(vec![previous, item.clone()]))
            }
            None => Ok(Next::Done(accumulator.take().unwrap_or_default())),
        }
    })
}

fn enumerate(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let items = list.items().clone();
    let types = ctx.types_mut();
    let element = list_element_type(types, list.ty);
    let int = types.well_known.int;
    let pair = crate::format::intern_type(
        types,
        TypeKind::Tuple {
            members: vec![int, element],
            rest: None,
        },
    );
    let ty = array_type(types, pair);
    let pairs = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| new_list(pair, vec![Value::Int(i as i64), item]))
        .collect();
    Ok(new_list(ty, pairs))
}

/// Position of a value in the sort order's tail: `()` after everything, NaN just before.
fn tail_rank(value: &Value) -> u8 {
    match value {
        Value::Nil => 2,
        Value::Float(x) if x.is_nan() => 1,
        _ => 0,
    }
}

/// Ballerina's ordering of two values of an ordered type, ignoring `()` and NaN (handled by
/// `tail_rank`). Lists compare member-wise, then by length.
pub fn compare_values(a: &Value, b: &Value) -> Ordering {
    compare_at(a, b, 0)
}

fn compare_at(a: &Value, b: &Value, depth: u32) -> Ordering {
    let ranks = tail_rank(a).cmp(&tail_rank(b));
    if ranks != Ordering::Equal || tail_rank(a) != 0 {
        return ranks;
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Decimal(x), Value::Decimal(y)) => x.cmp(y),
        (Value::Int(x), Value::Float(y)) => (*x as f64).partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Float(x), Value::Int(y)) => x.partial_cmp(&(*y as f64)).unwrap_or(Ordering::Equal),
        (Value::Int(x), Value::Decimal(y)) => Decimal::from(*x).cmp(y),
        (Value::Decimal(x), Value::Int(y)) => (**x).cmp(&Decimal::from(*y)),
        (Value::String(x), Value::String(y)) => x.as_str().cmp(y.as_str()),
        (Value::Boolean(x), Value::Boolean(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) if depth < 64 => {
            let left = x.items().clone();
            let right = y.items().clone();
            for (l, r) in left.iter().zip(right.iter()) {
                let order = compare_at(l, r, depth + 1);
                if order != Ordering::Equal {
                    return order;
                }
            }
            left.len().cmp(&right.len())
        }
        _ => Ordering::Equal,
    }
}

fn sort(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let descending = match args.get(1) {
        Some(Value::String(direction)) => direction.as_str() == "descending",
        _ => false,
    };
    let items = list.items().clone();
    let ty = derived_array_type(ctx, &list);
    match args.get(2) {
        Some(key @ Value::Function(_)) => {
            // The keys come from callbacks; the comparison itself calls nothing.
            let keys = Rc::new(RefCell::new(Vec::with_capacity(items.len())));
            let collected = keys.clone();
            let originals = items.clone();
            each_member(
                ctx,
                items,
                key.clone(),
                move |_, _, key| {
                    keys.borrow_mut().push(key);
                    Ok(None)
                },
                move |_| {
                    let keyed = collected.take().into_iter().zip(originals.iter().cloned());
                    new_list(ty, sorted_by_key(keyed.collect(), descending))
                },
            )
        }
        _ => {
            let keyed = items.iter().cloned().zip(items.iter().cloned()).collect();
            Ok(Step::Done(new_list(ty, sorted_by_key(keyed, descending))))
        }
    }
}

/// The items of `(key, item)` pairs in key order: stable, so equal keys keep their original
/// order in both directions; `()` and NaN keys stay last.
fn sorted_by_key(mut keyed: Vec<(Value, Value)>, descending: bool) -> Vec<Value> {
    keyed.sort_by(|(a, _), (b, _)| {
        let tails = tail_rank(a).cmp(&tail_rank(b));
        if tails != Ordering::Equal || tail_rank(a) != 0 {
            return tails;
        }
        let order = compare_values(a, b);
        if descending {
            order.reverse()
        } else {
            order
        }
    });
    keyed.into_iter().map(|(_, item)| item).collect()
}
