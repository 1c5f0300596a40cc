//! The natives lowering calls for query expressions (declared, not public, in
//! `lang/array.int`).

use super::array_functional::compare_values;
use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeFn};
use crate::value::{deep_equals, equality_hash, Value};
use intc_ir::LangNative;
use rustc_hash::{FxHashMap, FxHasher};
use std::cmp::Ordering;
use std::hash::Hasher;

pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::ArraySortQueryRows => sort_query_rows,
        LangNative::ArrayGroupQueryRows => group_query_rows,
        LangNative::ArrayJoinQueryIndex => super::query_join::join_query_index,
        LangNative::ArrayJoinQueryMatches => super::query_join::join_query_matches,
        LangNative::ArrayCheckQueryLimit => super::query_join::check_query_limit,
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

fn group_query_rows(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let rows = list_arg(ctx, args, 0)?;
    let keys = int_arg(ctx, args, 1)?;
    let collect = matches!(args.get(2), Some(Value::Boolean(true)));
    let types = args.get(3..).unwrap_or(&[]);
    let width = types.len();
    let is_key = |i: usize| i < 63 && keys & (1 << i) != 0;
    // Each group: its first row's members, and the values of the aggregated members.
    let mut groups: Vec<(Vec<Value>, Vec<Vec<Value>>)> = Vec::new();
    // The groups by the hash of their keys (`==`-consistent), so that finding a row's group
    // compares it only with the groups whose keys hash alike.
    let mut index_of: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for row in rows.items().iter() {
        let Value::List(row) = row else {
            continue;
        };
        let members = row.items().clone();
        let mut hasher = FxHasher::default();
        for i in (0..width).filter(|&i| is_key(i)) {
            let key = members.get(i).map_or(0, equality_hash);
            hasher.write_u64(key);
        }
        let bucket = index_of.entry(hasher.finish()).or_default();
        let found = bucket.iter().copied().find(|&g| {
            groups.get(g).is_some_and(|(first, _)| {
                (0..width)
                    .filter(|&i| is_key(i))
                    .all(|i| match (first.get(i), members.get(i)) {
                        (Some(a), Some(b)) => deep_equals(a, b),
                        _ => false,
                    })
            })
        });
        let index = match found {
            Some(index) => index,
            None => {
                groups.push((members.clone(), vec![Vec::new(); width]));
                bucket.push(groups.len() - 1);
                groups.len() - 1
            }
        };
        for (i, value) in members.into_iter().enumerate().take(width) {
            if !is_key(i) {
                groups[index].1[i].push(value);
            }
        }
    }
    if collect && groups.is_empty() {
        groups.push((vec![Value::Nil; width], vec![Vec::new(); width]));
    }
    let row_type = rows.ty;
    let result = groups
        .into_iter()
        .map(|(first, mut lists)| {
            let members = (0..width)
                .map(|i| match (&types[i], is_key(i)) {
                    (_, true) => first.get(i).cloned().unwrap_or(Value::Nil),
                    (Value::Typedesc(ty), false) => new_list(*ty, std::mem::take(&mut lists[i])),
                    (_, false) => new_list(row_type, std::mem::take(&mut lists[i])),
                })
                .collect();
            new_list(row_type, members)
        })
        .collect();
    Ok(new_list(row_type, result))
}
