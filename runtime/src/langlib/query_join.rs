//! The hash index of a query's `join` clause (spec "Join clause": a mapping from the
//! `equals` right side's values to the collection's members, keys compared with
//! DeepEquals). Lowering builds the index once, before the pipeline, and looks up each
//! frame's left side in it; the matches come in the collection's order.
//!
//! The index is an ordinary list, so it needs no native resource: `[members, keys,
//! bucket...]`, with a power-of-two number of buckets, each `()` or the list of the indexes
//! (ascending) of the members whose key hashes to it (`equality_hash`, consistent with `==`).

use super::support::*;
use crate::error::Panic;
use crate::native::NativeContext;
use crate::value::{deep_equals, equality_hash, Value};

/// The leading members of an index before its buckets.
const HEADER: usize = 2;

/// `joinQueryIndex(members, keys)`: the index of `members` by `keys` (the right side's value
/// for each member, in the same order).
pub(super) fn join_query_index(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let members = list_arg(ctx, args, 0)?;
    let keys = list_arg(ctx, args, 1)?;
    let ty = members.ty;
    let count = keys.items().len();
    let buckets = count.max(1).next_power_of_two();
    let mut slots: Vec<Vec<Value>> = vec![Vec::new(); buckets];
    for (i, key) in keys.items().iter().enumerate() {
        let slot = (equality_hash(key) as usize) & (buckets - 1);
        if let Some(slot) = slots.get_mut(slot) {
            slot.push(Value::Int(i as i64));
        }
    }
    let mut index = Vec::with_capacity(HEADER + buckets);
    index.push(Value::List(members));
    index.push(Value::List(keys));
    index.extend(slots.into_iter().map(|slot| {
        if slot.is_empty() {
            Value::Nil
        } else {
            new_list(ty, slot)
        }
    }));
    Ok(new_list(ty, index))
}

/// `joinQueryMatches(index, key)`: the members whose key is `==` to `key`, in order.
pub(super) fn join_query_matches(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let index = list_arg(ctx, args, 0)?;
    let key = arg(args, 1);
    let index = index.items();
    let (Some(Value::List(members)), Some(Value::List(keys))) = (index.first(), index.get(1))
    else {
        return Ok(Value::Nil);
    };
    let ty = members.ty;
    let buckets = index.len().saturating_sub(HEADER);
    let mut found = Vec::new();
    if buckets > 0 {
        let slot = (equality_hash(&key) as usize) & (buckets - 1);
        if let Some(Value::List(slot)) = index.get(HEADER + slot) {
            let (members, keys) = (members.items(), keys.items());
            for position in slot.items().iter() {
                let Value::Int(i) = position else {
                    continue;
                };
                let i = *i as usize;
                if let (Some(candidate), Some(member)) = (keys.get(i), members.get(i)) {
                    if deep_equals(candidate, &key) {
                        found.push(member.clone());
                    }
                }
            }
        }
    }
    Ok(new_list(ty, found))
}

/// `checkQueryLimit(n)`: `n`, or a panic when it is negative (spec "Limit clause"; the
/// error is jBallerina's `Invalid limit`).
pub(super) fn check_query_limit(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let count = int_arg(ctx, args, 0)?;
    if count < 0 {
        return Err(crate::error::panic_error(
            ctx.types(),
            "Invalid limit",
            "limit cannot be < 0.",
        ));
    }
    Ok(Value::Int(count))
}
