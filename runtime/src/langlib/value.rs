//! `lang.value` (conversions, copies, JSON) and `lang.error`.

use super::support::*;
use crate::error::Panic;
use crate::format::{
    clone_with_type, deep_copy, ensure_type, from_json_text_with_type, is_acyclic, json_text,
    parse_json, CopyMode, JsonReadError, Style,
};
use crate::native::{NativeContext, NativeFn, Step, StepFn};
use crate::value::{MapKey, MapObj, Value, ValueMap};
use intc_ir::LangNative;
use std::rc::Rc;

pub const CONVERSION_ERROR: &str = "{ballerina/lang.value}ConversionError";
pub const FROM_JSON_STRING_ERROR: &str = "{ballerina/lang.value}FromJsonStringError";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::ValueToJson => to_json,
        LangNative::ValueToJsonString => to_json_string_native,
        LangNative::ValueFromJsonString => from_json_string,
        LangNative::ValueFromJsonFloatString => |c, a| from_json_numbers(c, a, NumberKind::Float),
        LangNative::ValueFromJsonDecimalString => {
            |c, a| from_json_numbers(c, a, NumberKind::Decimal)
        }
        LangNative::ValueClone => clone,
        LangNative::ValueCloneReadOnly => clone_read_only,
        LangNative::ValueIsReadOnly => is_read_only,
        LangNative::ValueCloneWithType => clone_with_type_native,
        LangNative::ValueFromJsonWithType => clone_with_type_native,
        LangNative::ValueFromJsonStringWithType => from_json_string_with_type,
        LangNative::ValueEnsureType => ensure_type_native,
        LangNative::ValueCount => count,
        LangNative::ErrorMessage => error_message,
        LangNative::ErrorCause => error_cause,
        LangNative::ErrorDetail => error_detail,
        LangNative::ErrorStackTrace => error_stack_trace,
        _ => return None,
    })
}

/// The natives of this file that call Ballerina code (objects' `toString()` methods).
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::ValueToString | LangNative::ErrorToString => to_string,
        LangNative::ValueToBalString | LangNative::ErrorToBalString => to_bal_string,
        _ => return None,
    })
}

fn to_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    render(ctx, arg(args, 0), Style::Informal)
}

fn to_bal_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    render(ctx, arg(args, 0), Style::Expression)
}

/// `value` as text in `style`, calling objects' `toString()` methods on the strand.
fn render(ctx: &mut NativeContext<'_>, value: Value, style: Style) -> Result<Step, Panic> {
    crate::steps::render_values(
        ctx,
        vec![value],
        style,
        Box::new(|_, mut texts| Ok(Step::Done(string_value(texts.pop().unwrap_or_default())))),
    )
}

pub const CYCLIC_VALUE_REFERENCE_ERROR: &str = "{ballerina/lang.value}CyclicValueReferenceError";

fn cyclic(ctx: &NativeContext<'_>, value: &Value) -> Panic {
    ctx.panic(
        CYCLIC_VALUE_REFERENCE_ERROR,
        &format!(
            "'{}' value has cyclic reference",
            ctx.types().value_type_name(value)
        ),
    )
}

fn to_json(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let value = arg(args, 0);
    if !is_acyclic(&value) {
        return Err(cyclic(ctx, &value));
    }
    Ok(deep_copy(&value, ctx.types_mut(), CopyMode::Json))
}

fn to_json_string_native(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let value = arg(args, 0);
    match json_text(&value) {
        Some(text) => Ok(string_value(text)),
        None => Err(cyclic(ctx, &value)),
    }
}

fn parse(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Result<Value, Value>, Panic> {
    let text = str_arg(ctx, args, 0)?;
    Ok(parse_json(&text, ctx.types())
        .map_err(|e| error_value(ctx, FROM_JSON_STRING_ERROR, &e.message)))
}

fn from_json_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(match parse(ctx, args)? {
        Ok(value) | Err(value) => value,
    })
}

#[derive(Clone, Copy)]
enum NumberKind {
    Float,
    Decimal,
}

/// Converts every number of a freshly parsed (hence unshared, acyclic) JSON value.
fn convert_numbers(root: &Value, kind: NumberKind) -> Value {
    let convert = |value: &Value| -> Value {
        match (kind, value) {
            (NumberKind::Float, Value::Int(i)) => Value::Float(*i as f64),
            (NumberKind::Float, Value::Decimal(d)) => Value::Float(d.to_f64()),
            (NumberKind::Decimal, Value::Int(i)) => {
                Value::decimal(intc_decimal::Decimal::from_i64(*i))
            }
            (NumberKind::Decimal, Value::Float(x)) if *x == 0.0 => {
                Value::decimal(intc_decimal::Decimal::ZERO)
            }
            (_, other) => other.clone(),
        }
    };
    let mut work = vec![root.clone()];
    while let Some(current) = work.pop() {
        match &current {
            Value::List(l) => {
                for item in l.items_mut().iter_mut() {
                    *item = convert(item);
                    work.push(item.clone());
                }
            }
            Value::Map(m) => {
                for item in m.entries_mut().values_mut() {
                    *item = convert(item);
                    work.push(item.clone());
                }
            }
            _ => {}
        }
    }
    convert(root)
}

fn from_json_numbers(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
    kind: NumberKind,
) -> Result<Value, Panic> {
    Ok(match parse(ctx, args)? {
        Ok(value) => convert_numbers(&value, kind),
        Err(error) => error,
    })
}

fn clone(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(deep_copy(&arg(args, 0), ctx.types_mut(), CopyMode::Clone))
}

fn clone_read_only(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(deep_copy(
        &arg(args, 0),
        ctx.types_mut(),
        CopyMode::ReadOnly,
    ))
}

fn is_read_only(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Boolean(arg(args, 0).is_immutable()))
}

/// Converts `value` to the typedesc argument at `index` (a plain clone when lowering supplied
/// no typedesc).
fn convert_to_typedesc(
    ctx: &mut NativeContext<'_>,
    value: &Value,
    args: &[Value],
    index: usize,
) -> Value {
    let Some(target) = typedesc_arg(args, index) else {
        return deep_copy(value, ctx.types_mut(), CopyMode::Clone);
    };
    match clone_with_type(value, target, ctx.types_mut()) {
        Ok(converted) => converted,
        Err(failure) => error_value(ctx, CONVERSION_ERROR, &failure.message),
    }
}

fn clone_with_type_native(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(convert_to_typedesc(ctx, &arg(args, 0), args, 1))
}

/// Read straight into the target type by the typed reader (`format/json_typed.rs`), which
/// itself falls back to the tree and `cloneWithType` for the exact errors.
fn from_json_string_with_type(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(target) = typedesc_arg(args, 1) else {
        return match parse(ctx, args)? {
            Ok(value) => Ok(convert_to_typedesc(ctx, &value, args, 1)),
            Err(error) => Ok(error),
        };
    };
    let text = str_arg(ctx, args, 0)?;
    Ok(
        match from_json_text_with_type(&text, target, ctx.types_mut()) {
            Ok(value) => value,
            Err(JsonReadError::Syntax(e)) => error_value(ctx, FROM_JSON_STRING_ERROR, &e.message),
            Err(JsonReadError::Conversion(f)) => error_value(ctx, CONVERSION_ERROR, &f.message),
        },
    )
}

fn ensure_type_native(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let value = arg(args, 0);
    let Some(target) = typedesc_arg(args, 1) else {
        return Ok(value);
    };
    Ok(match ensure_type(&value, target, ctx.types()) {
        Ok(v) => v,
        Err(failure) => error_value(ctx, failure.reason, &failure.message),
    })
}

fn count(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Int(args.len() as i64))
}

fn error_arg(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Rc<crate::value::ErrorObj>, Panic> {
    match args.first() {
        Some(Value::Error(e)) => Ok(e.clone()),
        other => Err(ctx.panic(
            "{ballerina}IllegalArgument",
            &format!(
                "argument 1 must be an error, found '{}'",
                other.map_or("()", Value::basic_type_name)
            ),
        )),
    }
}

fn error_message(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::String(error_arg(ctx, args)?.message.clone()))
}

fn error_cause(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(error_arg(ctx, args)?.cause.clone())
}

fn error_detail(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Map(error_arg(ctx, args)?.detail.clone()))
}

/// The call stack recorded in the error, innermost first, as read-only records with
/// `callableName`, `moduleName`, `fileName` and `lineNumber`.
fn error_stack_trace(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let error = error_arg(ctx, args)?;
    Ok(stack_frames(ctx, error.trace()))
}

/// The frames of a stack trace as a read-only list of read-only `StackFrame` records
/// (innermost first), for `error:stackTrace` and `runtime:getStackTrace`.
pub(super) fn stack_frames(
    ctx: &mut NativeContext<'_>,
    trace: &[crate::value::TraceFrame],
) -> Value {
    let program = ctx.program();
    let detail_ty = ctx.types().well_known.readonly_detail;
    let mut frames = Vec::new();
    for frame in trace {
        let function = program.functions.get(frame.func.index());
        let mut entries = ValueMap::default();
        let name = function.map_or(String::new(), |f| f.name.clone());
        let module = function.and_then(|f| f.module.clone());
        let file = function
            .map(|f| {
                program
                    .file_name(f.file)
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_default();
        let line = function
            .and_then(|f| f.lines.get(frame.pc as usize).copied())
            .unwrap_or(0);
        entries.insert(MapKey::new("callableName"), Value::string(name));
        entries.insert(
            MapKey::new("moduleName"),
            module.map_or(Value::Nil, Value::string),
        );
        entries.insert(MapKey::new("fileName"), Value::string(file));
        entries.insert(MapKey::new("lineNumber"), Value::Int(i64::from(line)));
        let record = MapObj::new(detail_ty, entries);
        record.freeze();
        frames.push(Value::Map(record));
    }
    let anydata_list = ctx.types().well_known.anydata_list;
    let list_ty = crate::format::readonly_type(ctx.types_mut(), anydata_list);
    let list = crate::value::ListObj::new(list_ty, frames);
    list.freeze();
    Value::List(list)
}
