//! `<T>v` casts with Ballerina's numeric conversions.

use crate::error::{self, reason, Panic};
use crate::types::TypeTable;
use crate::value::Value;
use intc_decimal::Decimal;
use intc_ir::{TypeId, TypeKind};

fn conversion_error(types: &TypeTable, value: &Value, target: &str) -> Panic {
    let shown = crate::format::to_string(value, types);
    error::panic_error(
        types,
        reason::NUMBER_CONVERSION,
        &format!(
            "'{}' value '{}' cannot be converted to '{}'",
            value.basic_type_name(),
            shown,
            target
        ),
    )
}

/// float -> int, rounding to nearest with ties to even; NaN/infinite/out of range fail.
pub fn float_to_int(types: &TypeTable, x: f64) -> Result<i64, Panic> {
    let rounded = x.round_ties_even();
    // 2^63 is exactly representable, so the half-open range is exactly the i64 range.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !rounded.is_finite() || !(-LIMIT..LIMIT).contains(&rounded) {
        return Err(conversion_error(types, &Value::Float(x), "int"));
    }
    Ok(rounded as i64)
}

/// decimal -> int, rounding ties to even.
pub fn decimal_to_int(types: &TypeTable, d: Decimal) -> Result<i64, Panic> {
    d.to_i64()
        .ok_or_else(|| conversion_error(types, &Value::decimal(d), "int"))
}

/// float -> decimal; NaN and infinities fail.
pub fn float_to_decimal(types: &TypeTable, x: f64) -> Result<Decimal, Panic> {
    Decimal::from_f64(x).ok_or_else(|| conversion_error(types, &Value::Float(x), "decimal"))
}

/// `<ty> value`.
pub(crate) fn cast(types: &TypeTable, value: &Value, ty: TypeId) -> Result<Value, Panic> {
    // The commonest conversions, `<decimal>i` and `<float>i`, without the general search
    // (the same results it gives).
    if let Value::Int(i) = value {
        if ty == types.well_known.decimal {
            return Ok(Value::decimal(Decimal::from_int_conversion(*i)));
        }
        if ty == types.well_known.float {
            return Ok(Value::Float(*i as f64));
        }
    }
    if types.value_belongs(value, ty) {
        return Ok(value.clone());
    }
    if let (Value::Int(i), TypeKind::IntSubtype(_)) = (value, types.get(ty)) {
        return Err(int_subtype_error(types, *i, ty));
    }
    let targets = types.numeric_targets(ty);
    let converted = match value {
        Value::Int(i) if !targets.int => match (targets.float, targets.decimal) {
            (true, false) => Some(Value::Float(*i as f64)),
            (false, true) => Some(Value::decimal(Decimal::from_int_conversion(*i))),
            _ => None,
        },
        Value::Float(x) if !targets.float => match (targets.int, targets.decimal) {
            (true, false) => Some(Value::Int(float_to_int(types, *x)?)),
            (false, true) => Some(Value::decimal(float_to_decimal(types, *x)?)),
            _ => None,
        },
        Value::Decimal(d) if !targets.decimal => match (targets.int, targets.float) {
            (true, false) => Some(Value::Int(decimal_to_int(types, **d)?)),
            (false, true) => Some(Value::Float(d.to_f64())),
            _ => None,
        },
        _ => None,
    };
    match converted {
        Some(v) if types.value_belongs(&v, ty) => Ok(v),
        _ => Err(error::type_cast_error(types, value, ty)),
    }
}

/// jBallerina's panic for an int cast to a built-in int subtype it is outside of: a
/// `NumberConversionError` naming the subtype as `lang.int:T` (or `byte`), with the
/// value formatted as Java's `MessageFormat` formats a long (digits grouped by commas).
fn int_subtype_error(types: &TypeTable, value: i64, ty: TypeId) -> Panic {
    // The type's own name (`int:Unsigned8` and `byte` are one subtype with two names).
    let name = types.type_name(ty);
    let target = match name.strip_prefix("int:") {
        Some(rest) => format!("lang.int:{rest}"),
        None => name,
    };
    error::panic_error(
        types,
        reason::NUMBER_CONVERSION,
        &format!(
            "'int' value '{}' cannot be converted to '{target}'",
            grouped(value)
        ),
    )
}

/// `value` with its digits in groups of three separated by commas (`-4,294,967,296`).
fn grouped(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
