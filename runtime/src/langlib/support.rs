//! Helpers shared by the lang library natives: argument access, error values, result types.

use crate::error::{self, reason, Panic, READONLY_MODIFICATION};
use crate::format::intern_type;
pub use crate::format::{list_element_type, map_member_type};
use crate::native::NativeContext;
use crate::types::TypeTable;
use crate::value::{ListObj, MapObj, Value};
use intc_ir::{TypeId, TypeKind};
use std::rc::Rc;

/// Reason of errors raised when a native receives an argument the type checker should have
/// excluded (a compiler bug, reported as a Ballerina panic rather than a Rust one).
const BAD_ARGUMENT: &str = "{ballerina}IllegalArgument";

/// Argument `index`, or `()` when an optional trailing argument was left out.
pub fn arg(args: &[Value], index: usize) -> Value {
    args.get(index).cloned().unwrap_or_default()
}

/// True if argument `index` was supplied.
pub fn has_arg(args: &[Value], index: usize) -> bool {
    args.len() > index
}

pub(super) fn bad_argument(
    ctx: &NativeContext<'_>,
    index: usize,
    expected: &str,
    found: &Value,
) -> Panic {
    ctx.panic(
        BAD_ARGUMENT,
        &format!(
            "argument {} must be {expected}, found '{}'",
            index + 1,
            found.basic_type_name()
        ),
    )
}

pub fn int_arg(ctx: &NativeContext<'_>, args: &[Value], index: usize) -> Result<i64, Panic> {
    match args.get(index) {
        Some(Value::Int(i)) => Ok(*i),
        other => Err(bad_argument(
            ctx,
            index,
            "int",
            other.unwrap_or(&Value::Nil),
        )),
    }
}

/// An optional int argument with its default.
pub fn int_arg_or(
    ctx: &NativeContext<'_>,
    args: &[Value],
    index: usize,
    default: i64,
) -> Result<i64, Panic> {
    match args.get(index) {
        None | Some(Value::Nil) => Ok(default),
        Some(_) => int_arg(ctx, args, index),
    }
}

pub fn float_arg(ctx: &NativeContext<'_>, args: &[Value], index: usize) -> Result<f64, Panic> {
    match args.get(index) {
        Some(Value::Float(x)) => Ok(*x),
        Some(Value::Int(i)) => Ok(*i as f64),
        other => Err(bad_argument(
            ctx,
            index,
            "float",
            other.unwrap_or(&Value::Nil),
        )),
    }
}

pub fn decimal_arg(
    ctx: &NativeContext<'_>,
    args: &[Value],
    index: usize,
) -> Result<intc_decimal::Decimal, Panic> {
    match args.get(index) {
        Some(Value::Decimal(d)) => Ok(**d),
        Some(Value::Int(i)) => Ok(intc_decimal::Decimal::from_i64(*i)),
        other => Err(bad_argument(
            ctx,
            index,
            "decimal",
            other.unwrap_or(&Value::Nil),
        )),
    }
}

pub fn str_arg(ctx: &NativeContext<'_>, args: &[Value], index: usize) -> Result<Rc<String>, Panic> {
    match args.get(index) {
        Some(Value::String(s)) => Ok(s.clone()),
        other => Err(bad_argument(
            ctx,
            index,
            "string",
            other.unwrap_or(&Value::Nil),
        )),
    }
}

pub fn list_arg(
    ctx: &NativeContext<'_>,
    args: &[Value],
    index: usize,
) -> Result<Rc<ListObj>, Panic> {
    match args.get(index) {
        Some(Value::List(l)) => Ok(l.clone()),
        other => Err(bad_argument(
            ctx,
            index,
            "a list",
            other.unwrap_or(&Value::Nil),
        )),
    }
}

pub fn map_arg(ctx: &NativeContext<'_>, args: &[Value], index: usize) -> Result<Rc<MapObj>, Panic> {
    match args.get(index) {
        Some(Value::Map(m)) => Ok(m.clone()),
        other => Err(bad_argument(
            ctx,
            index,
            "a mapping",
            other.unwrap_or(&Value::Nil),
        )),
    }
}

pub fn function_arg(ctx: &NativeContext<'_>, args: &[Value], index: usize) -> Result<Value, Panic> {
    match args.get(index) {
        Some(f @ Value::Function(_)) => Ok(f.clone()),
        other => Err(bad_argument(
            ctx,
            index,
            "a function",
            other.unwrap_or(&Value::Nil),
        )),
    }
}

/// A `TypeId` from a typedesc argument.
pub fn typedesc_arg(args: &[Value], index: usize) -> Option<TypeId> {
    match args.get(index) {
        Some(Value::Typedesc(ty)) => Some(*ty),
        _ => None,
    }
}

/// A string value built from code points the caller guarantees valid.
pub fn string_value(text: impl Into<String>) -> Value {
    Value::string(text)
}

/// A boolean result of a callback, which the type checker guarantees.
pub fn truthy(ctx: &NativeContext<'_>, value: &Value) -> Result<bool, Panic> {
    match value {
        Value::Boolean(b) => Ok(*b),
        other => Err(ctx.panic(
            BAD_ARGUMENT,
            &format!(
                "function must return boolean, returned '{}'",
                other.basic_type_name()
            ),
        )),
    }
}

/// An error value (not raised) with `reason` as its message and `{"message": detail}`.
pub fn error_value(ctx: &NativeContext<'_>, reason: &str, detail: &str) -> Value {
    ctx.error(reason, detail)
}

/// Panics unless `list` may be mutated.
pub fn ensure_list_mutable(types: &TypeTable, list: &ListObj) -> Result<(), Panic> {
    if list.is_frozen() {
        return Err(error::panic_error(
            types,
            reason::ARRAY_INVALID_UPDATE,
            READONLY_MODIFICATION,
        ));
    }
    Ok(())
}

/// Panics unless `map` may be mutated.
pub fn ensure_map_mutable(types: &TypeTable, map: &MapObj) -> Result<(), Panic> {
    if map.is_frozen() {
        return Err(error::panic_error(
            types,
            reason::MAP_INVALID_UPDATE,
            READONLY_MODIFICATION,
        ));
    }
    Ok(())
}

/// Panics unless the length of `list` may change to `new_length` (fixed-length arrays and
/// tuples constrain it).
pub fn ensure_length_change(
    types: &TypeTable,
    list: &ListObj,
    new_length: usize,
) -> Result<(), Panic> {
    ensure_list_mutable(types, list)?;
    let (plain, _) = types.strip_readonly(list.ty);
    let is_tuple = matches!(types.get(plain), TypeKind::Tuple { .. });
    let message = if let Some(fixed) = types.list_fixed_length(list.ty) {
        (fixed != new_length).then(|| {
            let kind = if is_tuple { "a tuple" } else { "an array" };
            format!(
                "cannot change the length of {kind} of fixed length '{fixed}' to '{new_length}'"
            )
        })
    } else {
        let minimum = types.list_min_length(list.ty);
        (new_length < minimum).then(|| {
            format!(
                "cannot change the length of a tuple with '{minimum}' mandatory member(s) to '{new_length}'"
            )
        })
    };
    match message {
        Some(text) => Err(error::panic_error(
            types,
            reason::ARRAY_INHERENT_TYPE_VIOLATION,
            &text,
        )),
        None => Ok(()),
    }
}

/// Panics unless `value` may be stored at `index` of `list`.
pub fn ensure_member_fits(
    types: &TypeTable,
    list: &ListObj,
    index: usize,
    value: &Value,
) -> Result<(), Panic> {
    let Some(member) = types.list_member_type(list.ty, index) else {
        return Err(error::array_index_out_of_range(
            types,
            index as i64,
            list.len(),
        ));
    };
    if !types.value_belongs(value, member) {
        return Err(error::panic_error(
            types,
            reason::ARRAY_INHERENT_TYPE_VIOLATION,
            &format!(
                "incompatible types: expected '{}', found '{}'",
                types.type_name(member),
                types.value_type_name(value)
            ),
        ));
    }
    Ok(())
}

/// `T[]`.
pub fn array_type(types: &mut TypeTable, element: TypeId) -> TypeId {
    intern_type(
        types,
        TypeKind::Array {
            element,
            length: None,
        },
    )
}

/// `map<T>`.
pub fn map_type(types: &mut TypeTable, element: TypeId) -> TypeId {
    intern_type(types, TypeKind::Map(element))
}

/// The return type of a function value (`any|error` when unknown).
pub fn function_return_type(types: &TypeTable, function: &Value) -> TypeId {
    if let Value::Function(closure) = function {
        if let Some(signature) = types.function_signature(closure.func) {
            if let TypeKind::Function { ret, .. } = types.get(signature) {
                return *ret;
            }
        }
    }
    types.well_known.any_or_error
}

/// A new mutable list.
pub fn new_list(ty: TypeId, items: Vec<Value>) -> Value {
    Value::List(ListObj::new(ty, items))
}

/// Converts a non-negative index argument into `usize` bounds-checked against `limit`.
pub fn index_within(index: i64, limit: usize) -> Option<usize> {
    usize::try_from(index).ok().filter(|i| *i <= limit)
}
