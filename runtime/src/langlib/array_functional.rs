//! `lang.array`: the functions taking a function argument and `sort`.

use super::array::derived_array_type;
use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeFn};
use crate::value::Value;
use intc_decimal::Decimal;
use intc_ir::LangNative;
use intc_ir::TypeKind;
use std::cmp::Ordering;

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::ArrayFilter => filter,
        LangNative::ArrayMap => map,
        LangNative::ArrayForEach => for_each,
        LangNative::ArraySome => some,
        LangNative::ArrayEvery => every,
        LangNative::ArrayReduce => reduce,
        LangNative::ArrayEnumerate => enumerate,
        LangNative::ArraySort => sort,
        _ => return None,
    })
}

/// A snapshot of the members (callbacks may mutate the list while it is walked).
fn members(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Vec<Value>, Panic> {
    Ok(list_arg(ctx, args, 0)?.items().clone())
}

fn filter(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let function = function_arg(ctx, args, 1)?;
    let items = list.items().clone();
    let mut kept = Vec::new();
    for item in items {
        let verdict = ctx.call_function(&function, std::slice::from_ref(&item))?;
        if truthy(ctx, &verdict)? {
            kept.push(item);
        }
    }
    let ty = derived_array_type(ctx, &list);
    Ok(new_list(ty, kept))
}

fn map(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let mut mapped = Vec::with_capacity(items.len());
    for item in items {
        mapped.push(ctx.call_function(&function, &[item])?);
    }
    let element = function_return_type(ctx.types(), &function);
    let ty = array_type(ctx.types_mut(), element);
    Ok(new_list(ty, mapped))
}

fn for_each(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    for item in items {
        ctx.call_function(&function, &[item])?;
    }
    Ok(Value::Nil)
}

fn some(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    for item in items {
        let verdict = ctx.call_function(&function, &[item])?;
        if truthy(ctx, &verdict)? {
            return Ok(Value::Boolean(true));
        }
    }
    Ok(Value::Boolean(false))
}

fn every(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    for item in items {
        let verdict = ctx.call_function(&function, &[item])?;
        if !truthy(ctx, &verdict)? {
            return Ok(Value::Boolean(false));
        }
    }
    Ok(Value::Boolean(true))
}

fn reduce(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let items = members(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let mut accumulator = arg(args, 2);
    for item in items {
        accumulator = ctx.call_function(&function, &[accumulator, item])?;
    }
    Ok(accumulator)
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

fn sort(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let descending = match args.get(1) {
        Some(Value::String(direction)) => direction.as_str() == "descending",
        _ => false,
    };
    let key = match args.get(2) {
        Some(f @ Value::Function(_)) => Some(f.clone()),
        _ => None,
    };
    let items = list.items().clone();
    let mut keyed: Vec<(Value, Value)> = Vec::with_capacity(items.len());
    for item in items {
        let sort_key = match &key {
            Some(function) => ctx.call_function(function, std::slice::from_ref(&item))?,
            None => item.clone(),
        };
        keyed.push((sort_key, item));
    }
    // Stable: equal keys keep their original order in both directions; `()` and NaN stay last.
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
    let sorted = keyed.into_iter().map(|(_, item)| item).collect();
    let ty = derived_array_type(ctx, &list);
    Ok(new_list(ty, sorted))
}
