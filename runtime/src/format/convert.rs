//! Conversions to a target type: `cloneWithType`, `fromJsonWithType` and `ensureType`.
//!
//! `cloneWithType` builds a new value whose inherent type is the target, converting numbers
//! between int, float and decimal where the target asks for another numeric type, and
//! converting lists and mappings member by member. `ensureType` behaves like a cast that
//! returns an error instead of panicking.

use super::copy::{deep_copy, CopyMode};
use crate::types::TypeTable;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_ir::{TypeId, TypeKind};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use std::rc::Rc;

/// Values nested deeper than this (or cyclic values) cannot be converted.
const MAX_CONVERSION_DEPTH: u32 = 1000;

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
    let mut converter = Converter { types, depth: 0 };
    match converter.convert(value, target) {
        Some(result) => Ok(result),
        None => Err(ConversionFailure {
            message: format!(
                "'{}' value cannot be converted to '{}'",
                converter.types.value_type_name(value),
                converter.types.type_name(target)
            ),
        }),
    }
}

/// The numeric basic types a type admits.
#[derive(Default, Clone, Copy)]
struct NumericTargets {
    int: bool,
    float: bool,
    decimal: bool,
}

fn numeric_targets(types: &TypeTable, ty: TypeId, out: &mut NumericTargets, depth: u32) {
    if depth > 32 {
        return;
    }
    match types.get(ty) {
        TypeKind::Int | TypeKind::IntSubtype(_) => out.int = true,
        TypeKind::Float => out.float = true,
        TypeKind::Decimal => out.decimal = true,
        TypeKind::Union(members) => {
            for member in members {
                numeric_targets(types, *member, out, depth + 1);
            }
        }
        TypeKind::ReadonlyOf(inner) => numeric_targets(types, *inner, out, depth + 1),
        _ => {}
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
    d.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven)
        .to_i64()
}

/// float -> decimal (NaN and infinities have no decimal).
pub fn float_to_decimal(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    Decimal::from_f64(x)
}

/// A numeric `value` converted to the first numeric type `targets` admits (int, then float,
/// then decimal are tried only when the value's own type is not admitted).
fn convert_number(value: &Value, targets: NumericTargets) -> Option<Value> {
    match value {
        Value::Int(_) if targets.int => Some(value.clone()),
        Value::Float(_) if targets.float => Some(value.clone()),
        Value::Decimal(_) if targets.decimal => Some(value.clone()),
        Value::Int(i) => {
            if targets.float {
                Some(Value::Float(*i as f64))
            } else if targets.decimal {
                Some(Value::decimal(Decimal::from(*i)))
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
                d.to_f64().map(Value::Float)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `value.ensureType(target)`: the value itself if it belongs to `target`, a numeric
/// conversion where the target admits another numeric type, otherwise the cast-error message.
pub fn ensure_type(value: &Value, target: TypeId, types: &TypeTable) -> Result<Value, String> {
    if types.value_belongs(value, target) {
        return Ok(value.clone());
    }
    let mut targets = NumericTargets::default();
    numeric_targets(types, target, &mut targets, 0);
    if let Some(converted) = convert_number(value, targets) {
        if types.value_belongs(&converted, target) {
            return Ok(converted);
        }
    }
    Err(format!(
        "incompatible types: '{}' cannot be cast to '{}'",
        types.value_type_name(value),
        types.type_name(target)
    ))
}

struct Converter<'a> {
    types: &'a mut TypeTable,
    depth: u32,
}

impl Converter<'_> {
    fn convert(&mut self, value: &Value, target: TypeId) -> Option<Value> {
        if self.depth > MAX_CONVERSION_DEPTH {
            return None;
        }
        self.depth += 1;
        let result = self.convert_inner(value, target);
        self.depth -= 1;
        result
    }

    fn convert_inner(&mut self, value: &Value, target: TypeId) -> Option<Value> {
        let kind = self.types.get(target).clone();
        match kind {
            TypeKind::ReadonlyOf(inner) => {
                let converted = self.convert(value, inner)?;
                Some(deep_copy(&converted, self.types, CopyMode::ReadOnly))
            }
            TypeKind::Union(members) => {
                let simple = !matches!(value, Value::List(_) | Value::Map(_));
                if simple && self.types.value_belongs(value, target) {
                    return Some(value.clone());
                }
                // Simple values only reach here when a numeric conversion is needed.
                members
                    .iter()
                    .find_map(|member| self.convert(value, *member))
            }
            TypeKind::Int | TypeKind::IntSubtype(_) | TypeKind::Float | TypeKind::Decimal => {
                let mut targets = NumericTargets::default();
                numeric_targets(self.types, target, &mut targets, 0);
                let converted = convert_number(value, targets)?;
                self.types
                    .value_belongs(&converted, target)
                    .then_some(converted)
            }
            TypeKind::Anydata | TypeKind::Json => {
                if !self.types.value_belongs(value, target) && !self.is_shape_of(value, target) {
                    return None;
                }
                Some(deep_copy(value, self.types, CopyMode::Clone))
            }
            TypeKind::Any => {
                if self.types.value_belongs(value, target) {
                    Some(deep_copy(value, self.types, CopyMode::Clone))
                } else {
                    None
                }
            }
            TypeKind::Array { element, length } => {
                let Value::List(list) = value else {
                    return None;
                };
                let items = list.items().clone();
                if let Some(n) = length {
                    if items.len() != n as usize {
                        return None;
                    }
                }
                let mut converted = Vec::with_capacity(items.len());
                for item in &items {
                    converted.push(self.convert(item, element)?);
                }
                Some(Value::List(Rc::new(ListObj::new(target, converted))))
            }
            TypeKind::Tuple { members, rest } => {
                let Value::List(list) = value else {
                    return None;
                };
                let items = list.items().clone();
                if items.len() < members.len() || (rest.is_none() && items.len() > members.len()) {
                    return None;
                }
                let mut converted = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    let member_ty = members.get(index).copied().or(rest)?;
                    converted.push(self.convert(item, member_ty)?);
                }
                Some(Value::List(Rc::new(ListObj::new(target, converted))))
            }
            TypeKind::Map(element) => {
                let Value::Map(map) = value else {
                    return None;
                };
                let entries = map.entries().clone();
                let mut converted = ValueMap::default();
                for (key, member) in entries.iter() {
                    converted.insert(key.clone(), self.convert(member, element)?);
                }
                Some(Value::Map(Rc::new(MapObj::new(target, converted))))
            }
            TypeKind::Record { fields, rest } => {
                let Value::Map(map) = value else {
                    return None;
                };
                let entries = map.entries().clone();
                let mut converted = ValueMap::default();
                for field in &fields {
                    match entries.get(field.name.as_str()) {
                        Some(member) => {
                            let done = self.convert(member, field.ty)?;
                            converted.insert(MapKey::new(&field.name), done);
                        }
                        None if field.optional => {}
                        None => return None,
                    }
                }
                for (key, member) in entries.iter() {
                    if fields.iter().any(|f| f.name == key.as_str()) {
                        continue;
                    }
                    let rest_ty = rest?;
                    converted.insert(key.clone(), self.convert(member, rest_ty)?);
                }
                Some(Value::Map(Rc::new(MapObj::new(target, converted))))
            }
            _ => self
                .types
                .value_belongs(value, target)
                .then(|| value.clone()),
        }
    }

    /// True if `value` is anydata/json by shape even though its inherent type is wider.
    fn is_shape_of(&mut self, value: &Value, target: TypeId) -> bool {
        match value {
            Value::List(list) => {
                let items = list.items().clone();
                items.iter().all(|item| {
                    self.types.value_belongs(item, target) || {
                        self.depth += 1;
                        let ok =
                            self.depth <= MAX_CONVERSION_DEPTH && self.is_shape_of(item, target);
                        self.depth -= 1;
                        ok
                    }
                })
            }
            Value::Map(map) => {
                let entries = map.entries().clone();
                entries.values().all(|item| {
                    self.types.value_belongs(item, target) || {
                        self.depth += 1;
                        let ok =
                            self.depth <= MAX_CONVERSION_DEPTH && self.is_shape_of(item, target);
                        self.depth -= 1;
                        ok
                    }
                })
            }
            other => self.types.value_belongs(other, target),
        }
    }
}
