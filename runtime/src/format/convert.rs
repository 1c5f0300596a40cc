//! Conversions to a target type: `cloneWithType`, `fromJsonWithType` and `ensureType`.
//!
//! `cloneWithType` builds a new value whose inherent type is the target, converting numbers
//! between int, float and decimal where the target asks for another numeric type, and
//! converting lists and mappings member by member. `ensureType` behaves like a cast that
//! returns an error instead of panicking.

use super::converter::Converter;
use crate::types::{NumericTargets, TypeTable};
use crate::value::Value;
use intc_decimal::Decimal;
use intc_ir::TypeId;

/// A failed conversion: the detail message of the `ConversionError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionFailure {
    pub message: String,
}

/// `value.cloneWithType(target)`.
pub fn clone_with_type(
    value: &Value,
    target: TypeId,
    types: &mut TypeTable,
) -> Result<Value, ConversionFailure> {
    let mut converter = Converter::new(types);
    match converter.convert(value, target, "") {
        Some(result) => Ok(result),
        None => {
            let mut message = format!(
                "'{}' value cannot be converted to '{}'",
                converter.types.value_type_name(value),
                converter.types.type_name(target)
            );
            if !converter.problems.is_empty() {
                message.push_str(": ");
                for problem in &converter.problems {
                    message.push_str("\n\t\t");
                    message.push_str(problem);
                }
            }
            Err(ConversionFailure { message })
        }
    }
}

/// float -> int as Ballerina converts: round half to even; NaN, infinities and out-of-range
/// values have no int.
pub fn float_to_int(x: f64) -> Option<i64> {
    if !x.is_finite() {
        return None;
    }
    let rounded = round_half_even(x);
    if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&rounded) {
        return None;
    }
    Some(rounded as i64)
}

/// Rounds to the nearest integer, ties to even.
pub fn round_half_even(x: f64) -> f64 {
    let rounded = x.round();
    if (x - x.trunc()).abs() == 0.5 && rounded % 2.0 != 0.0 {
        rounded - x.signum()
    } else {
        rounded
    }
}

/// decimal -> int, rounding half to even.
pub fn decimal_to_int(d: &Decimal) -> Option<i64> {
    d.to_i64()
}

/// float -> decimal (NaN and infinities have no decimal).
pub fn float_to_decimal(x: f64) -> Option<Decimal> {
    Decimal::from_f64(x)
}

/// A numeric `value` converted to the first numeric type `targets` admits (int, then float,
/// then decimal are tried only when the value's own type is not admitted).
pub(super) fn convert_number(value: &Value, targets: NumericTargets) -> Option<Value> {
    match value {
        Value::Int(_) if targets.int => Some(value.clone()),
        Value::Float(_) if targets.float => Some(value.clone()),
        Value::Decimal(_) if targets.decimal => Some(value.clone()),
        Value::Int(i) => {
            if targets.float {
                Some(Value::Float(*i as f64))
            } else if targets.decimal {
                Some(Value::decimal(Decimal::from_int_conversion(*i)))
            } else {
                None
            }
        }
        Value::Float(x) => {
            if targets.int {
                float_to_int(*x).map(Value::Int)
            } else if targets.decimal {
                float_to_decimal(*x).map(Value::decimal)
            } else {
                None
            }
        }
        Value::Decimal(d) => {
            if targets.int {
                decimal_to_int(d).map(Value::Int)
            } else if targets.float {
                Some(Value::Float(d.to_f64()))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Why `ensureType` failed: the reason of the error value and its detail message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnsureTypeFailure {
    pub reason: &'static str,
    pub message: String,
}

/// `value.ensureType(target)`: the value itself if it belongs to `target`, a numeric
/// conversion where the target admits another numeric type (failing with
/// `NumberConversionError` for NaN, infinities and out-of-range values), otherwise the
/// cast error.
pub fn ensure_type(
    value: &Value,
    target: TypeId,
    types: &TypeTable,
) -> Result<Value, EnsureTypeFailure> {
    if types.value_belongs(value, target) {
        return Ok(value.clone());
    }
    let targets = types.numeric_targets(target);
    let numeric = matches!(value, Value::Int(_) | Value::Float(_) | Value::Decimal(_));
    if numeric && (targets.int || targets.float || targets.decimal) {
        if let Some(converted) = convert_number(value, targets) {
            if types.value_belongs(&converted, target) {
                return Ok(converted);
            }
        }
        let shown = super::to_string(value, types);
        let goal = if targets.int {
            "int"
        } else if targets.float {
            "float"
        } else {
            "decimal"
        };
        return Err(EnsureTypeFailure {
            reason: crate::error::reason::NUMBER_CONVERSION,
            message: format!(
                "'{}' value '{shown}' cannot be converted to '{goal}'",
                value.basic_type_name()
            ),
        });
    }
    Err(EnsureTypeFailure {
        reason: crate::error::reason::TYPE_CAST,
        message: format!(
            "incompatible types: '{}' cannot be cast to '{}'",
            types.value_type_name(value),
            types.type_name(target)
        ),
    })
}
