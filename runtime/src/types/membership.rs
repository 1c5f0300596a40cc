//! `value is T`: membership of a value in a type.
//!
//! Mutable structures are judged by their inherent type (it must be a subtype of `T`, so the
//! value keeps belonging whatever is later stored); immutable structures by their shape.

use super::TypeTable;
use crate::value::{char_count, Value};
use intc_ir::{Singleton, TypeId, TypeKind};

/// Structures nested deeper than this are judged by inherent type only, keeping the Rust
/// recursion of shape checks bounded.
const MAX_SHAPE_DEPTH: u32 = 512;

impl TypeTable {
    /// `value is ty`.
    pub fn value_belongs(&self, value: &Value, ty: TypeId) -> bool {
        self.belongs_at(value, ty, 0)
    }

    fn belongs_at(&self, value: &Value, ty: TypeId, depth: u32) -> bool {
        match self.get(ty) {
            TypeKind::Never => false,
            TypeKind::Nil => value.is_nil(),
            TypeKind::Boolean => matches!(value, Value::Boolean(_)),
            TypeKind::Int => matches!(value, Value::Int(_)),
            TypeKind::IntSubtype(sub) => match value {
                Value::Int(i) => {
                    let (lo, hi) = sub.range();
                    *i >= lo && *i <= hi
                }
                _ => false,
            },
            TypeKind::Float => matches!(value, Value::Float(_)),
            TypeKind::Decimal => matches!(value, Value::Decimal(_)),
            TypeKind::String => matches!(value, Value::String(_)),
            TypeKind::StringChar => match value {
                Value::String(s) => char_count(s) == 1,
                _ => false,
            },
            TypeKind::Any => {
                !matches!(value, Value::Error(_) | Value::Cell(_) | Value::Iterator(_))
            }
            TypeKind::Anydata => self.is_anydata_value(value, false, depth),
            TypeKind::Json => self.is_anydata_value(value, true, depth),
            TypeKind::Readonly => value.is_immutable(),
            TypeKind::Handle => matches!(value, Value::Handle(_)),
            TypeKind::Xml => false,
            TypeKind::Typedesc(inner) => match value {
                Value::Typedesc(described) => self.is_subtype(*described, *inner),
                _ => false,
            },
            TypeKind::Singleton(singleton) => singleton_matches(singleton, value),
            TypeKind::Union(members) => members.iter().any(|m| self.belongs_at(value, *m, depth)),
            TypeKind::ReadonlyOf(inner) => {
                value.is_immutable() && self.belongs_at(value, *inner, depth)
            }
            TypeKind::Array { .. } | TypeKind::Tuple { .. } => match value {
                Value::List(list) => {
                    if self.is_subtype(list.ty, ty) {
                        return true;
                    }
                    if !list.is_frozen() || depth > MAX_SHAPE_DEPTH {
                        return false;
                    }
                    let items = list.items();
                    if let Some(n) = self.list_fixed_length(ty) {
                        if items.len() != n {
                            return false;
                        }
                    }
                    if items.len() < self.list_min_length(ty) {
                        return false;
                    }
                    items
                        .iter()
                        .enumerate()
                        .all(|(i, item)| match self.list_member_type(ty, i) {
                            Some(member) => self.belongs_at(item, member, depth + 1),
                            None => false,
                        })
                }
                _ => false,
            },
            TypeKind::Map(_) | TypeKind::Record { .. } => match value {
                Value::Map(map) => {
                    if self.is_subtype(map.ty, ty) {
                        return true;
                    }
                    if !map.is_frozen() || depth > MAX_SHAPE_DEPTH {
                        return false;
                    }
                    self.mapping_shape_belongs(map, ty, depth)
                }
                _ => false,
            },
            TypeKind::Error {
                detail,
                distinct_ids,
            } => match value {
                Value::Error(error) => {
                    let ids_ok = distinct_ids.is_empty() || {
                        let own = self.error_distinct_ids(error.ty);
                        distinct_ids.iter().all(|id| own.contains(id))
                    };
                    ids_ok
                        && match detail {
                            Some(detail) => self.belongs_at(
                                &Value::Map(error.detail.clone()),
                                *detail,
                                depth + 1,
                            ),
                            None => true,
                        }
                }
                _ => false,
            },
            TypeKind::Object { .. } => match value {
                Value::Object(object) => match self.class_type(object.class) {
                    Some(class_ty) => self.is_subtype(class_ty, ty),
                    None => false,
                },
                _ => false,
            },
            TypeKind::Function { .. } => match value {
                Value::Function(closure) => match self.function_signature(closure.func) {
                    Some(sig) => self.is_subtype(sig, ty),
                    None => false,
                },
                _ => false,
            },
            TypeKind::AnyFunction => matches!(value, Value::Function(_)),
        }
    }

    fn mapping_shape_belongs(&self, map: &crate::value::MapObj, ty: TypeId, depth: u32) -> bool {
        let (plain, _) = self.strip_readonly(ty);
        let entries = map.entries();
        if let TypeKind::Record { fields, .. } = self.get(plain) {
            for field in fields {
                if !field.optional && !entries.contains_key(field.name.as_str()) {
                    return false;
                }
            }
        }
        entries.iter().all(
            |(key, member)| match self.map_member_type(ty, key.as_str()) {
                Some(member_ty) => self.belongs_at(member, member_ty, depth + 1),
                None => false,
            },
        )
    }

    fn is_anydata_value(&self, value: &Value, json: bool, depth: u32) -> bool {
        let target = if json {
            self.well_known.json
        } else {
            self.well_known.anydata
        };
        match value {
            Value::Nil | Value::Boolean(_) | Value::Int(_) | Value::Float(_) => true,
            Value::Decimal(_) | Value::String(_) => true,
            Value::List(list) => {
                if self.is_subtype(list.ty, target) {
                    return true;
                }
                list.is_frozen()
                    && depth <= MAX_SHAPE_DEPTH
                    && list
                        .items()
                        .iter()
                        .all(|v| self.is_anydata_value(v, json, depth + 1))
            }
            Value::Map(map) => {
                if self.is_subtype(map.ty, target) {
                    return true;
                }
                map.is_frozen()
                    && depth <= MAX_SHAPE_DEPTH
                    && map
                        .entries()
                        .values()
                        .all(|v| self.is_anydata_value(v, json, depth + 1))
            }
            _ => false,
        }
    }

    /// The distinct type identities carried by an error type.
    pub fn error_distinct_ids(&self, ty: TypeId) -> Vec<u32> {
        let mut ids = Vec::new();
        let mut stack = vec![ty];
        let mut steps = 0;
        while let Some(t) = stack.pop() {
            steps += 1;
            if steps > 256 {
                break;
            }
            match self.get(t) {
                TypeKind::Error { distinct_ids, .. } => ids.extend(distinct_ids.iter().copied()),
                TypeKind::ReadonlyOf(inner) => stack.push(*inner),
                TypeKind::Union(members) => stack.extend(members.iter().copied()),
                _ => {}
            }
        }
        ids
    }
}

fn singleton_matches(singleton: &Singleton, value: &Value) -> bool {
    match (singleton, value) {
        (Singleton::Boolean(a), Value::Boolean(b)) => a == b,
        (Singleton::Int(a), Value::Int(b)) => a == b,
        (Singleton::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        (Singleton::Decimal(a), Value::Decimal(b)) => a == &**b,
        (Singleton::String(a), Value::String(b)) => a.as_str() == b.as_str(),
        _ => false,
    }
}
