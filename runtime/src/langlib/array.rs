//! `lang.array`: length changes, search and slicing.

use super::support::*;
use crate::error::{self, reason, Panic};
use crate::limits;
use crate::native::{NativeContext, NativeFn};
use crate::value::{deep_equals, ListObj, Value};
use intc_ir::LangNative;
use intc_ir::{TypeId, TypeKind};

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::ArrayLength => length,
        LangNative::ArrayPush => push,
        LangNative::ArrayPop => pop,
        LangNative::ArrayShift => shift,
        LangNative::ArrayUnshift => unshift,
        LangNative::ArrayRemove => remove,
        LangNative::ArrayRemoveAll => remove_all,
        LangNative::ArraySetLength => set_length,
        LangNative::ArrayReverse => reverse,
        LangNative::ArraySlice => slice,
        LangNative::ArrayIndexOf => index_of,
        LangNative::ArrayLastIndexOf => last_index_of,
        _ => return None,
    })
}

fn length(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    Ok(Value::Int(list.len() as i64))
}

/// The inherent type of new arrays derived from `list` (`T[]` for `T[N]`, tuples and
/// read-only arrays).
pub fn derived_array_type(ctx: &mut NativeContext<'_>, list: &ListObj) -> TypeId {
    let types = ctx.types_mut();
    if let TypeKind::Array { length: None, .. } = types.get(list.ty) {
        return list.ty;
    }
    let element = list_element_type(types, list.ty);
    array_type(types, element)
}

fn push(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let values = args.get(1..).unwrap_or(&[]);
    let types = ctx.types();
    let start = list.len();
    ensure_length_change(types, &list, start + values.len())?;
    for (offset, value) in values.iter().enumerate() {
        ensure_member_fits(types, &list, start + offset, value)?;
    }
    list.items_mut().extend(values.iter().cloned());
    Ok(Value::Nil)
}

fn unshift(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let values = args.get(1..).unwrap_or(&[]);
    let types = ctx.types();
    let old = list.items().clone();
    ensure_length_change(types, &list, old.len() + values.len())?;
    for (index, value) in values.iter().chain(old.iter()).enumerate() {
        ensure_member_fits(types, &list, index, value)?;
    }
    list.items_mut().splice(0..0, values.iter().cloned());
    Ok(Value::Nil)
}

fn remove_at(ctx: &NativeContext<'_>, list: &ListObj, index: i64) -> Result<Value, Panic> {
    let types = ctx.types();
    ensure_list_mutable(types, list)?;
    let size = list.len();
    let Some(position) = usize::try_from(index).ok().filter(|i| *i < size) else {
        return Err(error::array_index_out_of_range(types, index, size));
    };
    ensure_length_change(types, list, size - 1)?;
    let items = list.items().clone();
    // Members after the removed one shift left and must fit their new positions.
    for (offset, value) in items.iter().skip(position + 1).enumerate() {
        ensure_member_fits(types, list, position + offset, value)?;
    }
    Ok(list.items_mut().remove(position))
}

fn pop(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let last = list.len() as i64 - 1;
    remove_at(ctx, &list, last)
}

fn shift(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    remove_at(ctx, &list, 0)
}

fn remove(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let index = int_arg(ctx, args, 1)?;
    remove_at(ctx, &list, index)
}

fn remove_all(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    ensure_length_change(ctx.types(), &list, 0)?;
    list.items_mut().clear();
    Ok(Value::Nil)
}

fn set_length(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let requested = int_arg(ctx, args, 1)?;
    let types = ctx.types();
    let size = list.len();
    if usize::try_from(requested) == Ok(size) {
        return Ok(Value::Nil);
    }
    ensure_list_mutable(types, &list)?;
    // Lists are bounded like jBallerina's (Java arrays are int-indexed): a length past the
    // bound is reported like an index past it.
    let new_length = match usize::try_from(requested) {
        Ok(n) if n < limits::MAX_LIST_LENGTH => n,
        _ => {
            return Err(error::list_index_out_of_range(
                types, list.ty, requested, size,
            ))
        }
    };
    ensure_length_change(types, &list, new_length)?;
    if new_length <= size {
        list.items_mut().truncate(new_length);
        return Ok(Value::Nil);
    }
    let mut items = list.items_mut();
    limits::reserve_members(types, &mut items, new_length - size)?;
    if !types.push_fillers(list.ty, &mut items, size, new_length) {
        items.truncate(size);
        return Err(error::panic_error(
            types,
            reason::ILLEGAL_LIST_INSERTION,
            &format!(
                "{word} of length {size} cannot be expanded into {word} of length {new_length} without filler values",
                word = types.list_kind_word(list.ty),
            ),
        ));
    }
    Ok(Value::Nil)
}

fn reverse(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let mut items = list.items().clone();
    items.reverse();
    let ty = derived_array_type(ctx, &list);
    Ok(new_list(ty, items))
}

fn slice(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let size = list.len();
    let start = int_arg(ctx, args, 1)?;
    let end = int_arg_or(ctx, args, 2, size as i64)?;
    let types = ctx.types();
    let Some(from) = index_within(start, size) else {
        return Err(error::array_index_out_of_range(types, start, size));
    };
    let Some(to) = index_within(end, size) else {
        return Err(error::array_index_out_of_range(types, end, size));
    };
    if from > to {
        return Err(error::panic_error(
            types,
            reason::ARRAY_INDEX_OUT_OF_RANGE,
            &format!("invalid slice range: startIndex: {start}, endIndex: {end}"),
        ));
    }
    let items = list
        .items()
        .get(from..to)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    let ty = derived_array_type(ctx, &list);
    Ok(new_list(ty, items))
}

fn index_of(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let wanted = arg(args, 1);
    let start = int_arg_or(ctx, args, 2, 0)?;
    let size = list.len();
    let Some(from) = index_within(start, size) else {
        return Err(error::array_index_out_of_range(ctx.types(), start, size));
    };
    let items = list.items().clone();
    Ok(items
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, item)| deep_equals(item, &wanted))
        .map_or(Value::Nil, |(i, _)| Value::Int(i as i64)))
}

fn last_index_of(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let wanted = arg(args, 1);
    let size = list.len();
    let start = int_arg_or(ctx, args, 2, size as i64 - 1)?;
    if size == 0 {
        return Ok(Value::Nil);
    }
    let Some(from) = usize::try_from(start).ok().filter(|i| *i < size) else {
        return Err(error::array_index_out_of_range(ctx.types(), start, size));
    };
    let items = list.items().clone();
    Ok(items
        .get(..=from)
        .unwrap_or(&[])
        .iter()
        .rposition(|item| deep_equals(item, &wanted))
        .map_or(Value::Nil, |i| Value::Int(i as i64)))
}
