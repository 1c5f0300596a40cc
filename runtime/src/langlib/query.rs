//! The natives lowering calls for query expressions (declared, not public, in
//! `lang/array.int`).

use super::array_functional::compare_values;
use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeFn};
use crate::value::Value;
use intc_ir::LangNative;
use std::cmp::Ordering;

pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::ArraySortQueryRows => sort_query_rows,
        _ => return None,
    })
}

/// Position of a key in the order's tail: `()` after everything, NaN just before (spec
/// "Order by clause": CompareA and Reverse(CompareD) both put them last).
fn tail_rank(value: &Value) -> u8 {
    match value {
        Value::Nil => 2,
        Value::Float(x) if x.is_nan() => 1,
        _ => 0,
    }
}

fn compare_key(a: &Value, b: &Value, descending: bool) -> Ordering {
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
}

fn sort_query_rows(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let rows = list_arg(ctx, args, 0)?;
    let keys = int_arg(ctx, args, 1)?.clamp(0, 63) as usize;
    let descending = int_arg(ctx, args, 2)?;
    // The rows are taken out of the list while sorting: comparing reads only their keys.
    let mut items = std::mem::take(&mut *rows.items_mut());
    let mut keyed: Vec<(Vec<Value>, Value)> = items
        .drain(..)
        .map(|row| {
            let key = match &row {
                Value::List(list) => list.items().iter().take(keys).cloned().collect(),
                _ => Vec::new(),
            };
            (key, row)
        })
        .collect();
    // `sort_by` is stable: equal keys keep the order the frames arrived in.
    keyed.sort_by(|(a, _), (b, _)| {
        for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
            let order = compare_key(x, y, descending & (1 << i) != 0);
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    });
    *rows.items_mut() = keyed.into_iter().map(|(_, row)| row).collect();
    Ok(Value::Nil)
}
