//! `lang.map`: mapping functions (maps and records).

use super::support::*;
use crate::error::{self, reason, Panic};
use crate::format::intern_type;
use crate::native::{repeat_calls, NativeContext, NativeFn, Next, Step, StepFn};
use crate::value::{MapKey, MapObj, Value, ValueMap};
use intc_ir::LangNative;
use intc_ir::{TypeId, TypeKind};
use std::cell::RefCell;
use std::rc::Rc;

/// The natives that call back into Ballerina code (each callback on the strand's frames).
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::MapForEach => for_each,
        LangNative::MapMap => map,
        LangNative::MapFilter => filter,
        LangNative::MapReduce => reduce,
        _ => return None,
    })
}

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

/// Calls `function` on each entry's value in turn (with [`repeat_calls`], so each callback
/// runs on the strand's frames); `each` receives the entry and the call's result, `finish`
/// gives the native's result.
fn each_entry<E, F>(
    ctx: &mut NativeContext<'_>,
    entries: ValueMap,
    function: Value,
    mut each: E,
    mut finish: F,
) -> Result<Step, Panic>
where
    E: FnMut(&mut NativeContext<'_>, &MapKey, &Value, Value) -> Result<(), Panic> + 'static,
    F: FnMut() -> Value + 'static,
{
    let entries: Vec<(MapKey, Value)> = entries.into_iter().collect();
    let mut index = 0;
    repeat_calls(ctx, function, move |ctx, result| {
        if let Some(result) = result {
            let (key, value) = &entries[index - 1];
            each(ctx, key, value, result)?;
        }
        match entries.get(index) {
            Some((_, value)) => {
                index += 1;
                Ok(Next::Call(vec![value.clone()]))
            }
            None => Ok(Next::Done(finish())),
        }
    })
}

fn for_each(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let (_, entries) = snapshot(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    each_entry(ctx, entries, function, |_, _, _, _| Ok(()), || Value::Nil)
}

fn map(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let (_, entries) = snapshot(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let element = function_return_type(ctx.types(), &function);
    let ty = map_type(ctx.types_mut(), element);
    let mapped = Rc::new(RefCell::new(ValueMap::with_capacity_and_hasher(
        entries.len(),
        Default::default(),
    )));
    let collected = mapped.clone();
    each_entry(
        ctx,
        entries,
        function,
        move |_, key, _, result| {
            mapped.borrow_mut().insert(key.clone(), result);
            Ok(())
        },
        move || Value::Map(MapObj::new(ty, collected.take())),
    )
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

fn filter(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let (m, entries) = snapshot(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let ty = derived_map_type(ctx, &m);
    let kept = Rc::new(RefCell::new(ValueMap::default()));
    let collected = kept.clone();
    each_entry(
        ctx,
        entries,
        function,
        move |ctx, key, value, verdict| {
            if truthy(ctx, &verdict)? {
                kept.borrow_mut().insert(key.clone(), value.clone());
            }
            Ok(())
        },
        move || Value::Map(MapObj::new(ty, collected.take())),
    )
}

fn reduce(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let (_, entries) = snapshot(ctx, args)?;
    let function = function_arg(ctx, args, 1)?;
    let values: Vec<Value> = entries.into_values().collect();
    let mut accumulator = Some(arg(args, 2));
    let mut index = 0;
    repeat_calls(ctx, function, move |_, result| {
        if let Some(result) = result {
            accumulator = Some(result);
        }
        match values.get(index) {
            Some(value) => {
                index += 1;
                let previous = accumulator.take().unwrap_or_default();
                Ok(Next::Call(vec![previous, value.clone()]))
            }
            None => Ok(Next::Done(accumulator.take().unwrap_or_default())),
        }
    })
}
