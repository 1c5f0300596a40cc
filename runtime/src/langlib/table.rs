//! `lang.table`: table functions (spec "Tables", lang.table), plus the non-public natives
//! lowering calls: `construct` (table constructors and queries) and `hasRowKey` (a query's
//! `on conflict`).

use super::support::*;
use crate::error::{self, reason, Panic, READONLY_MODIFICATION};
use crate::format::{deep_copy, intern_type, to_string, CopyMode};
use crate::native::{repeat_calls, NativeContext, NativeFn, Next, Step, StepFn};
use crate::types::TypeTable;
use crate::value::table::AddError;
use crate::value::{ListObj, TableObj, Value};
use intc_ir::{LangNative, TypeId, TypeKind};
use std::rc::Rc;

/// The natives that call back into Ballerina code.
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::TableForEach => for_each,
        LangNative::TableMap => map,
        LangNative::TableFilter => filter,
        LangNative::TableReduce => reduce,
        _ => return None,
    })
}

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::TableLength => length,
        LangNative::TableGet => get,
        LangNative::TablePut => put,
        LangNative::TableAdd => add,
        LangNative::TableRemove => remove,
        LangNative::TableRemoveIfHasKey => remove_if_has_key,
        LangNative::TableRemoveAll => remove_all,
        LangNative::TableHasKey => has_key,
        LangNative::TableKeys => keys,
        LangNative::TableToArray => to_array,
        LangNative::TableNextKey => next_key,
        LangNative::TableConstruct => construct,
        LangNative::TableHasRowKey => has_row_key,
        _ => return None,
    })
}

fn table_arg(ctx: &NativeContext<'_>, args: &[Value], index: usize) -> Result<Rc<TableObj>, Panic> {
    match args.get(index) {
        Some(Value::Table(table)) => Ok(table.clone()),
        _ => Err(ctx.panic(
            reason::ILLEGAL_STATE,
            "a lang.table function called on a value that is not a table",
        )),
    }
}

fn ensure_mutable(ctx: &NativeContext<'_>, table: &TableObj) -> Result<(), Panic> {
    if table.is_frozen() {
        return Err(ctx.panic(reason::TABLE_INVALID_UPDATE, READONLY_MODIFICATION));
    }
    Ok(())
}

/// The text of a key value in messages: `5`, `A`, `[1,"Melina"]`.
fn key_text(types: &TypeTable, key: &[Value]) -> String {
    match key {
        [one] => to_string(one, types),
        many => {
            let list = Value::List(ListObj::new(types.well_known.any_list, many.to_vec()));
            to_string(&list, types)
        }
    }
}

fn key_violation(types: &TypeTable, key: &[Value]) -> Panic {
    error::panic_error(
        types,
        reason::TABLE_KEY_VIOLATION,
        &format!("a value found for key '{}'", key_text(types, key)),
    )
}

fn key_not_found(ctx: &NativeContext<'_>, k: &Value) -> Panic {
    let text = to_string(k, ctx.types());
    ctx.panic(
        reason::TABLE_KEY_NOT_FOUND,
        &format!("cannot find key '{text}'"),
    )
}

/// Panics unless `row` belongs to the row type of the table's inherent type.
fn ensure_row_fits(types: &TypeTable, table: &TableObj, row: &Value) -> Result<(), Panic> {
    let Some((row_ty, _)) = types.table_parts(table.ty) else {
        return Ok(());
    };
    if types.value_belongs(row, row_ty) {
        return Ok(());
    }
    Err(error::panic_error(
        types,
        reason::TABLE_INHERENT_TYPE_VIOLATION,
        &format!(
            "incompatible types: expected '{}', found '{}'",
            types.type_name(row_ty),
            types.value_type_name(row)
        ),
    ))
}

/// Adds `row` (`replace`: as `put`, else as `add`), checking the row type and the key.
fn insert(
    ctx: &NativeContext<'_>,
    table: &TableObj,
    row: Value,
    replace: bool,
) -> Result<(), Panic> {
    let types = ctx.types();
    ensure_row_fits(types, table, &row)?;
    let outcome = if replace {
        table.put(row)
    } else {
        table.add(row)
    };
    match outcome {
        Ok(()) => Ok(()),
        Err(AddError::Duplicate(key)) => Err(key_violation(types, &key)),
        Err(AddError::NoKey) => Err(ctx.panic(
            reason::TABLE_INHERENT_TYPE_VIOLATION,
            "the value has no key field of the table",
        )),
    }
}

fn length(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Int(table_arg(ctx, args, 0)?.len() as i64))
}

fn get(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    let k = arg(args, 1);
    table.get(&k).ok_or_else(|| key_not_found(ctx, &k))
}

fn put(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    ensure_mutable(ctx, &table)?;
    insert(ctx, &table, arg(args, 1), true)?;
    Ok(Value::Nil)
}

fn add(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    ensure_mutable(ctx, &table)?;
    insert(ctx, &table, arg(args, 1), false)?;
    Ok(Value::Nil)
}

/// Removes the member with key `k`, if any.
fn take(ctx: &NativeContext<'_>, table: &TableObj, k: &Value) -> Result<Option<Value>, Panic> {
    ensure_mutable(ctx, table)?;
    let Some(key) = table.key_components(k) else {
        return Ok(None);
    };
    Ok(table.find(&key).and_then(|at| table.remove_at(at)))
}

fn remove(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    let k = arg(args, 1);
    match take(ctx, &table, &k)? {
        Some(row) => Ok(row),
        None => Err(key_not_found(ctx, &k)),
    }
}

fn remove_if_has_key(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    Ok(take(ctx, &table, &arg(args, 1))?.unwrap_or_default())
}

fn remove_all(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    ensure_mutable(ctx, &table)?;
    table.clear();
    Ok(Value::Nil)
}

fn has_key(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    let found = table
        .key_components(&arg(args, 1))
        .is_some_and(|key| table.find(&key).is_some());
    Ok(Value::Boolean(found))
}

/// The type of a table's key values: the key field's type, or a tuple of them.
fn key_type(types: &mut TypeTable, table: &TableObj) -> TypeId {
    let row = types.table_parts(table.ty).map(|(row, _)| row);
    let anydata = types.well_known.anydata;
    let fields: Vec<TypeId> = table
        .key
        .iter()
        .map(|name| {
            row.and_then(|row| types.record_field(row, name).map(|f| f.ty))
                .unwrap_or(anydata)
        })
        .collect();
    match fields.as_slice() {
        [one] => *one,
        _ => intern_type(
            types,
            TypeKind::Tuple {
                members: fields,
                rest: None,
            },
        ),
    }
}

fn keys(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    let types = ctx.types_mut();
    let key_ty = key_type(types, &table);
    let list_ty = array_type(types, key_ty);
    let multi = table.key.len() > 1;
    let mut keys = Vec::with_capacity(table.len());
    for row in table.rows().iter() {
        if let Some(key) = table.key_of(row) {
            if multi {
                let tuple = ListObj::new(key_ty, key);
                tuple.freeze();
                keys.push(Value::List(tuple));
            } else {
                keys.extend(key);
            }
        }
    }
    Ok(new_list(list_ty, keys))
}

fn to_array(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    let types = ctx.types_mut();
    let row = types
        .table_parts(table.ty)
        .map_or(types.well_known.any_or_error, |(row, _)| row);
    let ty = array_type(types, row);
    let rows = table.rows().clone();
    Ok(new_list(ty, rows))
}

fn next_key(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    let mut max: Option<i64> = None;
    for row in table.rows().iter() {
        if let Some(key) = table.key_of(row) {
            if let [Value::Int(k)] = key.as_slice() {
                max = Some(max.map_or(*k, |m| m.max(*k)));
            }
        }
    }
    match max {
        None => Ok(Value::Int(0)),
        Some(m) => match m.checked_add(1) {
            Some(next) => Ok(Value::Int(next.max(0))),
            None => Err(ctx.panic(reason::NUMBER_OVERFLOW, "int range overflow")),
        },
    }
}

/// `construct(t, rows)`: a table of inherent type `t` holding `rows` in order (read-only
/// rows and table when `t` is read-only); a key conflict panics.
fn construct(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(ty) = typedesc_arg(args, 0) else {
        return Err(ctx.panic(reason::ILLEGAL_STATE, "a table without its type"));
    };
    let rows = list_arg(ctx, args, 1)?.items().clone();
    let (key, readonly) = {
        let types = ctx.types();
        let key: Rc<[String]> = match types.table_parts(ty) {
            Some((_, Some(key))) => key.into(),
            _ => Rc::from(Vec::new()),
        };
        (key, types.is_readonly_type(ty))
    };
    let table = TableObj::new(ty, key);
    for row in rows {
        let row = if readonly {
            deep_copy(&row, ctx.types_mut(), CopyMode::ReadOnly)
        } else {
            row
        };
        insert(ctx, &table, row, false)?;
    }
    if readonly {
        table.freeze();
    }
    Ok(Value::Table(table))
}

fn has_row_key(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let table = table_arg(ctx, args, 0)?;
    let present = table
        .key_of(&arg(args, 1))
        .is_some_and(|key| !table.key.is_empty() && table.find(&key).is_some());
    Ok(Value::Boolean(present))
}

/// Calls `function` on each of `rows` in turn; `each` receives the row and the result.
fn each_row<E, F>(
    ctx: &mut NativeContext<'_>,
    rows: Vec<Value>,
    function: Value,
    mut each: E,
    mut finish: F,
) -> Result<Step, Panic>
where
    E: FnMut(&mut NativeContext<'_>, &Value, Value) -> Result<(), Panic> + 'static,
    F: FnMut(&mut NativeContext<'_>) -> Result<Value, Panic> + 'static,
{
    let mut index = 0;
    repeat_calls(ctx, function, move |ctx, result| {
        if let Some(result) = result {
            each(ctx, &rows[index - 1], result)?;
        }
        match rows.get(index) {
            Some(row) => {
                index += 1;
                Ok(Next::Call(vec![row.clone()]))
            }
            None => Ok(Next::Done(finish(ctx)?)),
        }
    })
}

fn for_each(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let rows = table_arg(ctx, args, 0)?.rows().clone();
    let function = function_arg(ctx, args, 1)?;
    each_row(ctx, rows, function, |_, _, _| Ok(()), |_| Ok(Value::Nil))
}

/// `map`: a keyless table of the function's return type.
fn map(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let rows = table_arg(ctx, args, 0)?.rows().clone();
    let function = function_arg(ctx, args, 1)?;
    let row_ty = function_return_type(ctx.types(), &function);
    let ty = intern_type(
        ctx.types_mut(),
        TypeKind::Table {
            row: row_ty,
            key: Some(Vec::new()),
            key_type: None,
        },
    );
    let result = TableObj::new(ty, Rc::from(Vec::new()));
    let filled = result.clone();
    each_row(
        ctx,
        rows,
        function,
        move |ctx, _, mapped| insert(ctx, &filled, mapped, false),
        move |_| Ok(Value::Table(result.clone())),
    )
}

/// `filter`: a table of the same type and key holding the rows `func` accepts.
fn filter(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let table = table_arg(ctx, args, 0)?;
    let rows = table.rows().clone();
    let function = function_arg(ctx, args, 1)?;
    let (plain, _) = ctx.types().strip_readonly(table.ty);
    let result = TableObj::new(plain, table.key.clone());
    let filled = result.clone();
    each_row(
        ctx,
        rows,
        function,
        move |ctx, row, verdict| {
            if truthy(ctx, &verdict)? {
                insert(ctx, &filled, row.clone(), false)?;
            }
            Ok(())
        },
        move |_| Ok(Value::Table(result.clone())),
    )
}

fn reduce(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let rows = table_arg(ctx, args, 0)?.rows().clone();
    let function = function_arg(ctx, args, 1)?;
    super::array_functional::reduce_members(ctx, rows, function, arg(args, 2))
}
