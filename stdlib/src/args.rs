//! Reading native arguments and building the plain results the small standard modules
//! (`crypto`, `time`, `uuid`, `url`, `os`, `random`, io files) return. Their natives take and
//! return strings, ints, decimals, bytes and lists of those; the module's Ballerina code builds
//! the records and the module's error types from them, so those stay declared once, in `.int`.

use intc_decimal::Decimal;
use intc_runtime::error::new_error;
use intc_runtime::value::{ListObj, ValueMap};
use intc_runtime::{NativeContext, Value};

/// The string argument at `index` (the checker types arguments by the declaration, so a
/// non-string is only an absent optional argument, read as empty).
pub fn string(args: &[Value], index: usize) -> &str {
    args.get(index).and_then(Value::as_str).unwrap_or("")
}

/// The int argument at `index`, `default` when absent.
pub fn int(args: &[Value], index: usize, default: i64) -> i64 {
    args.get(index).and_then(Value::as_int).unwrap_or(default)
}

/// The boolean argument at `index`.
pub fn boolean(args: &[Value], index: usize) -> bool {
    args.get(index).and_then(Value::as_bool).unwrap_or(false)
}

/// The decimal argument at `index` (zero when absent).
pub fn decimal(args: &[Value], index: usize) -> Decimal {
    args.get(index)
        .and_then(Value::as_decimal)
        .unwrap_or_else(|| Decimal::from_i64(0))
}

/// The `byte[]` argument at `index` (empty when absent or `()`).
pub fn bytes(args: &[Value], index: usize) -> Vec<u8> {
    match args.get(index).and_then(Value::as_list) {
        Some(list) => list
            .items()
            .iter()
            .map(|v| v.as_int().and_then(|i| u8::try_from(i).ok()).unwrap_or(0))
            .collect(),
        None => Vec::new(),
    }
}

/// The `string[]` argument at `index`.
pub fn strings(args: &[Value], index: usize) -> Vec<String> {
    match args.get(index).and_then(Value::as_list) {
        Some(list) => list
            .items()
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect(),
        None => Vec::new(),
    }
}

/// A `byte[]` value.
pub fn bytes_value(context: &NativeContext<'_>, bytes: Vec<u8>) -> Value {
    let items = bytes
        .into_iter()
        .map(|b| Value::Int(i64::from(b)))
        .collect();
    Value::List(ListObj::new(context.types().well_known.byte_list, items))
}

/// A `string[]` value.
pub fn strings_value(context: &NativeContext<'_>, strings: Vec<String>) -> Value {
    let items = strings.into_iter().map(Value::string).collect();
    Value::List(ListObj::new(context.types().well_known.string_list, items))
}

/// An `anydata[]` value (a tuple of plain values the Ballerina side destructures).
pub fn list_value(context: &NativeContext<'_>, items: Vec<Value>) -> Value {
    Value::List(ListObj::new(context.types().well_known.anydata_list, items))
}

/// A plain `error` with `message`, which the module's Ballerina code turns into its own
/// error type.
pub fn error_value(context: &NativeContext<'_>, message: &str) -> Value {
    let types = context.types();
    new_error(
        types,
        types.well_known.error,
        message,
        Value::Nil,
        ValueMap::default(),
    )
}

/// The result of a native that may fail with a message.
pub fn or_error(context: &NativeContext<'_>, result: Result<Value, String>) -> Value {
    match result {
        Ok(value) => value,
        Err(message) => error_value(context, &message),
    }
}
