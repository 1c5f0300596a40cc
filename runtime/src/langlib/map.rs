//! `lang.map`: mapping functions (maps and records).

use super::support::*;
use crate::error::{self, reason, Panic};
use crate::format::intern_type;
use crate::native::{NativeContext, NativeFn};
use crate::value::{MapObj, Value, ValueMap};
use intc_ir::LangNative;
use intc_ir::{TypeId, TypeKind};
use std::rc::Rc;

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::MapLength => length,
        LangNative::MapKeys => keys,
        LangNative::MapEntries => entries,
        LangNative::MapHasKey => has_key,
        LangNative::MapGet => get,
        LangNative::MapRemove => remove,
        LangNative::MapRemoveIfHasKey => remove_if_has_key,
        LangNative::MapRemoveAll => remove_all,
        LangNative::MapToArray => to_array,
        LangNative::MapForEach => for_each,
        LangNative::MapMap => map,
        LangNative::MapFilter => filter,
        LangNative::MapReduce => reduce,
        _ => return None,
    })
}

fn length(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Int(map_arg(ctx, args, 0)?.len() as i64))
}

fn keys(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let m = map_arg(ctx, args, 0)?;
    let names = m
        .entries()
        .keys()
        .map(|k| Value::String(k.0.clone()))
        .collect();
    Ok(new_list(ctx.types().well_known.string_list, names))
}

fn entries(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let m = map_arg(ctx, args, 0)?;
    let types = ctx.types_mut();
    let member = map_member_type(types, m.ty);
    let string = types.well_known.string;
    let pair = intern_type(
        types,
        TypeKind::Tuple {
            members: vec![string, member],
            rest: None,
        },
    );
    let ty = map_type(types, pair);
    let pairs: ValueMap = m
        .entries()
        .iter()
        .map(|(k, v)| {
            let entry = new_list(pair, vec![Value::String(k.0.clone()), v.clone()]);
            (k.clone(), entry)
        })
        .collect();
    Ok(Value::Map(MapObj::new(ty, pairs)))
}

fn has_key(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let m = map_arg(ctx, args, 0)?;
    let key = str_arg(ctx, args, 1)?;
    let present = m.entries().contains_key(key.as_str());
    Ok(Value::Boolean(present))
}

fn key_not_found(ctx: &NativeContext<'_>, key: &str) -> Panic {
    ctx.panic(reason::KEY_NOT_FOUND, &format!("cannot find key '{key}'"))
}

fn get(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let m = map_arg(ctx, args, 0)?;
    let key = str_arg(ctx, args, 1)?;
    let found = m.get(key.as_str());
    found.ok_or_else(|| key_not_found(ctx, &key))
}

/// Removes `key`, refusing required record fields and read-only mappings.
fn take(ctx: &NativeContext<'_>, m: &MapObj, key: &str) -> Result<Option<Value>, Panic> {
    let types = ctx.types();
    ensure_map_mutable(types, m)?;
    if !m.entries().contains_key(key) {
        return Ok(None);
    }
    if let Some(field) = types.record_field(m.ty, key) {
        if !field.optional {
            return Err(error::panic_error(
                types,
                reason::MAP_INHERENT_TYPE_VIOLATION,
                &format!(
                    "failed to remove field: '{key}' is a required field in '{}'",
                    types.type_name(m.ty)
                ),
            ));
        }
    }
    Ok(m.entries_mut().shift_remove(key))
}

fn remove(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let m = map_arg(ctx, args, 0)?;
    let key = str_arg(ctx, args, 1)?;
    match take(ctx, &m, &key)? {
        Some(value) => Ok(value),
        None => Err(key_not_found(ctx, &key)),
    }
}

fn remove_if_has_key(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let m = map_arg(ctx, args, 0)?;
    let key = str_arg(ctx, args, 1)?;
    Ok(take(ctx, &m, &key)?.unwrap_or_default())
}

fn remove_all(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let m = map_arg(ctx, args, 0)?;
    let types = ctx.types();
    ensure_map_mutable(types, &m)?;
    let (plain, _) = types.strip_readonly(m.ty);
    if let TypeKind::Record { fields, .. } = types.get(plain) {
        if let Some(required) = fields.iter().find(|f| !f.optional) {
            return Err(error::panic_error(
                types,
                reason::MAP_INHERENT_TYPE_VIOLATION,
                &format!(
                    "failed to remove field: '{}' is a required field in '{}'",
                    required.name,
                    types.type_name(m.ty)
                ),
            ));
        }
    }
    m.entries_mut().clear();
    Ok(Value::Nil)
}

fn to_array(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let m = map_arg(ctx, args, 0)?;
    let types = ctx.types_mut();
    let member = map_member_type(types, m.ty);
    let ty = array_type(types, member);
    let values = m.entries().values().cloned().collect();
    Ok(new_list(ty, values))
}

/// A snapshot of the entries (callbacks may mutate the mapping).
fn snapshot(ctx: &NativeContext<'_>, args: &[Value]) -> Result<(Rc<MapObj>, ValueMap), Panic> {
    let m = map_arg(ctx, args, 0)?;
    let entries = m.entries().clone();
    Ok((m, entries))
}

fn for_each(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (_, entries) = snapshot(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    for value in entries.into_values() {
        ctx.call_function(&function, &[value])?;
    }
    Ok(Value::Nil)
}

fn map(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (_, entries) = snapshot(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let mut mapped = ValueMap::with_capacity_and_hasher(entries.len(), Default::default());
    for (key, value) in entries {
        let result = ctx.call_function(&function, &[value])?;
        mapped.insert(key, result);
    }
    let element = function_return_type(ctx.types(), &function);
    let ty = map_type(ctx.types_mut(), element);
    Ok(Value::Map(MapObj::new(ty, mapped)))
}

/// The inherent type of a mapping derived from `m` by dropping entries: `map<T>` for records
/// (which may lose required fields) and read-only mappings.
fn derived_map_type(ctx: &mut NativeContext<'_>, m: &MapObj) -> TypeId {
    let types = ctx.types_mut();
    if let TypeKind::Map(_) = types.get(m.ty) {
        return m.ty;
    }
    let member = map_member_type(types, m.ty);
    map_type(types, member)
}

fn filter(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (m, entries) = snapshot(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let mut kept = ValueMap::default();
    for (key, value) in entries {
        let verdict = ctx.call_function(&function, std::slice::from_ref(&value))?;
        if truthy(ctx, &verdict)? {
            kept.insert(key, value);
        }
    }
    let ty = derived_map_type(ctx, &m);
    Ok(Value::Map(MapObj::new(ty, kept)))
}

fn reduce(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (_, entries) = snapshot(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let mut accumulator = arg(args, 2);
    for value in entries.into_values() {
        accumulator = ctx.call_function(&function, &[accumulator, value])?;
    }
    Ok(accumulator)
}
