//! Panics and Ballerina's built-in error values.
//!
//! A built-in error has the reason as its message (`{ballerina}DivisionByZero`) and a detail
//! record `{"message": "..."}`, which is how `io:println` and the uncaught-panic report show it.

use crate::types::TypeTable;
use crate::value::{ErrorObj, MapKey, MapObj, Value, ValueMap};
use std::rc::Rc;

/// A Ballerina panic in flight: the error value being raised.
#[derive(Clone, Debug)]
pub struct Panic {
    pub error: Value,
}

impl Panic {
    pub fn new(error: Value) -> Panic {
        Panic { error }
    }
}

/// Reasons (error messages) of Ballerina's built-in errors.
pub mod reason {
    pub const NUMBER_OVERFLOW: &str = "{ballerina}NumberOverflow";
    pub const DIVISION_BY_ZERO: &str = "{ballerina}DivisionByZero";
    pub const UNSUPPORTED_DECIMAL: &str = "{ballerina}UnsupportedDecimalError";
    pub const QUANTIZE: &str = "{ballerina/lang.decimal}QuantizeError";
    pub const TYPE_CAST: &str = "{ballerina}TypeCastError";
    pub const STACK_OVERFLOW: &str = "{ballerina}StackOverflow";
    pub const ILLEGAL_STATE: &str = "{ballerina}IllegalState";
    pub const NUMBER_CONVERSION: &str = "{ballerina}NumberConversionError";
    pub const ARRAY_INDEX_OUT_OF_RANGE: &str = "{ballerina/lang.array}IndexOutOfRange";
    pub const STRING_INDEX_OUT_OF_RANGE: &str = "{ballerina/lang.string}IndexOutOfRange";
    pub const ARRAY_INHERENT_TYPE_VIOLATION: &str = "{ballerina/lang.array}InherentTypeViolation";
    pub const MAP_INHERENT_TYPE_VIOLATION: &str = "{ballerina/lang.map}InherentTypeViolation";
    pub const ARRAY_INVALID_UPDATE: &str = "{ballerina/lang.array}InvalidUpdate";
    pub const MAP_INVALID_UPDATE: &str = "{ballerina/lang.map}InvalidUpdate";
    pub const OBJECT_INVALID_UPDATE: &str = "{ballerina/lang.object}InvalidUpdate";
    pub const ILLEGAL_LIST_INSERTION: &str = "{ballerina/lang.array}IllegalListInsertion";
    pub const KEY_NOT_FOUND: &str = "{ballerina/lang.map}KeyNotFound";
    pub const TABLE_KEY_VIOLATION: &str = "{ballerina/lang.table}KeyConstraintViolation";
    pub const TABLE_KEY_NOT_FOUND: &str = "{ballerina/lang.table}KeyNotFound";
    pub const TABLE_INVALID_UPDATE: &str = "{ballerina/lang.table}InvalidUpdate";
    pub const TABLE_INHERENT_TYPE_VIOLATION: &str = "{ballerina/lang.table}InherentTypeViolation";
    pub const ITERATOR_MUTABILITY: &str = "{ballerina}IteratorMutabilityError";
    pub const JSON_OPERATION: &str = "{ballerina}JSONOperationError";
}

/// Message of the detail record when modifying an immutable value.
pub const READONLY_MODIFICATION: &str = "modification not allowed on readonly value";

/// A built-in error value: message `reason`, detail `{"message": detail_message}`.
pub fn builtin_error(types: &TypeTable, reason: &str, detail_message: &str) -> Value {
    let mut detail = ValueMap::default();
    detail.insert(MapKey::new("message"), Value::string(detail_message));
    new_error(types, types.well_known.error, reason, Value::Nil, detail)
}

/// A panic carrying a built-in error value.
pub fn panic_error(types: &TypeTable, reason: &str, detail_message: &str) -> Panic {
    Panic::new(builtin_error(types, reason, detail_message))
}

/// An error value of type `ty` (the detail map becomes immutable).
pub fn new_error(
    types: &TypeTable,
    ty: intc_ir::TypeId,
    message: &str,
    cause: Value,
    detail: ValueMap,
) -> Value {
    let detail = MapObj::new(types.well_known.readonly_detail, detail);
    Value::Error(ErrorObj::new(
        ty,
        Rc::new(message.to_string()),
        cause,
        detail,
    ))
}

/// `{ballerina}NumberOverflow`.
pub fn overflow(types: &TypeTable) -> Panic {
    panic_error(types, reason::NUMBER_OVERFLOW, " int range overflow")
}

/// `{ballerina}DivisionByZero`.
pub fn division_by_zero(types: &TypeTable) -> Panic {
    panic_error(types, reason::DIVISION_BY_ZERO, " / by zero")
}

/// The panic for a decimal operation without a result.
pub fn decimal_arith(types: &TypeTable, error: intc_decimal::ArithError) -> Panic {
    match error {
        // jBallerina's DecimalValue.divide/remainder reject the non-finite IEEE result.
        intc_decimal::ArithError::DivisionByZero(value) => panic_error(
            types,
            reason::UNSUPPORTED_DECIMAL,
            &format!("decimal operation resulting in unsupported decimal value '{value}'"),
        ),
        intc_decimal::ArithError::Overflow => {
            panic_error(types, reason::NUMBER_OVERFLOW, "decimal range overflow")
        }
        // The only invalid operation a Ballerina program can reach is `decimal:quantize`.
        intc_decimal::ArithError::InvalidOperation => panic_error(
            types,
            reason::QUANTIZE,
            "quantize result needs more than 34 significant digits",
        ),
    }
}

/// `{ballerina/lang.array}IndexOutOfRange`.
pub fn array_index_out_of_range(types: &TypeTable, index: i64, size: usize) -> Panic {
    panic_error(
        types,
        reason::ARRAY_INDEX_OUT_OF_RANGE,
        &format!("array index out of range: index: {index}, size: {size}"),
    )
}

/// `{ballerina/lang.array}IndexOutOfRange` for a list of inherent type `list_ty`: tuples
/// say "tuple index out of range", arrays "array index out of range"; an index beyond the
/// 32-bit range is "index number too large", as in jBallerina.
pub fn list_index_out_of_range(
    types: &TypeTable,
    list_ty: intc_ir::TypeId,
    index: i64,
    size: usize,
) -> Panic {
    if i32::try_from(index).is_err() {
        return index_number_too_large(types, index);
    }
    let kind = match types.get(types.strip_readonly(list_ty).0) {
        intc_ir::TypeKind::Tuple { .. } => "tuple",
        _ => "array",
    };
    panic_error(
        types,
        reason::ARRAY_INDEX_OUT_OF_RANGE,
        &format!("{kind} index out of range: index: {index}, size: {size}"),
    )
}

/// `{ballerina/lang.array}IndexOutOfRange` for an index outside jBallerina's `int` index range
/// (list indices are Java `int`s there).
pub fn index_number_too_large(types: &TypeTable, index: i64) -> Panic {
    panic_error(
        types,
        reason::ARRAY_INDEX_OUT_OF_RANGE,
        &format!("index number too large: {index}"),
    )
}

/// `{ballerina/lang.string}IndexOutOfRange`.
pub fn string_index_out_of_range(types: &TypeTable, index: i64, size: usize) -> Panic {
    panic_error(
        types,
        reason::STRING_INDEX_OUT_OF_RANGE,
        &format!("string index out of range: index: {index}, size: {size}"),
    )
}

/// `{ballerina}TypeCastError` for a failed `<T>v`.
pub fn type_cast_error(types: &TypeTable, value: &Value, target: intc_ir::TypeId) -> Panic {
    panic_error(
        types,
        reason::TYPE_CAST,
        &format!(
            "incompatible types: '{}' cannot be cast to '{}'",
            types.value_type_name(value),
            types.type_name(target)
        ),
    )
}
