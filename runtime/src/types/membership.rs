//! `value is T`: membership of a value in a type.
//!
//! Cheap answers come first: simple values against simple types by their kind, and mutable
//! structures, objects and functions by their inherent type (a subtype question memoised per
//! pair). Everything else — immutable lists and mappings judged by their shape, errors,
//! typedescs — is answered by intc-types (`Env::contains`), which walks a value of any depth
//! exactly.

use super::semantic::SemTypes;
use super::view::ValueView;
use super::TypeTable;
use crate::value::{char_count, Value};
use intc_ir::{Singleton, TypeId, TypeKind};

/// How deep the fast path for simple values follows nested unions before handing the question
/// to intc-types (which needs no bound).
const SIMPLE_UNION_DEPTH: u32 = 64;

impl TypeTable {
    /// `value is ty`.
    pub fn value_belongs(&self, value: &Value, ty: TypeId) -> bool {
        match value {
            // Not Ballerina values: they belong to no type.
            Value::Cell(_) | Value::Iterator(_) => return false,
            Value::List(list) => {
                if list.ty == ty || self.is_subtype(list.ty, ty) {
                    return true;
                }
                if !list.is_frozen() {
                    // A mutable structure belongs only through its inherent type.
                    return false;
                }
            }
            Value::Map(map) => {
                if map.ty == ty || self.is_subtype(map.ty, ty) {
                    return true;
                }
                if !map.is_frozen() {
                    return false;
                }
            }
            Value::Object(object) => {
                let Some(class_ty) = self.class_type(object.class) else {
                    return false;
                };
                if self.is_subtype(class_ty, ty) {
                    return true;
                }
                if !object.is_frozen() {
                    return false;
                }
                // An instance of a `readonly class` is immutable, so it also belongs to
                // `readonly` and `T & readonly`, which its class type alone does not show.
            }
            Value::Function(closure) => {
                return self
                    .function_signature(closure.func)
                    .is_some_and(|sig| self.is_subtype(sig, ty));
            }
            // A future is never immutable: it belongs exactly through its inherent type.
            Value::Future(future) => return future.ty == ty || self.is_subtype(future.ty, ty),
            // Likewise a stream.
            Value::Stream(stream) => return stream.ty == ty || self.is_subtype(stream.ty, ty),
            _ => {
                if let Some(answer) = self.simple_belongs(value, ty, 0) {
                    return answer;
                }
            }
        }
        self.contains(value, ty)
    }

    /// Membership of a simple value (nil, boolean, numbers, strings) from the type's kind;
    /// `None` for other values and for unions nested too deep.
    fn simple_belongs(&self, value: &Value, ty: TypeId, depth: u32) -> Option<bool> {
        if !matches!(
            value,
            Value::Nil
                | Value::Boolean(_)
                | Value::Int(_)
                | Value::Float(_)
                | Value::Decimal(_)
                | Value::String(_)
        ) || depth > SIMPLE_UNION_DEPTH
        {
            return None;
        }
        Some(match self.get(ty) {
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
            // Every simple value is `any`, `anydata`, `json` and `readonly`.
            TypeKind::Any | TypeKind::Anydata | TypeKind::Json | TypeKind::Readonly => true,
            TypeKind::Singleton(singleton) => singleton_matches(singleton, value),
            TypeKind::Union(members) => {
                for m in members {
                    if self.simple_belongs(value, *m, depth + 1)? {
                        return Some(true);
                    }
                }
                false
            }
            TypeKind::ReadonlyOf(inner) => return self.simple_belongs(value, *inner, depth + 1),
            _ => false,
        })
    }

    /// `value is ty` decided by intc-types.
    fn contains(&self, value: &Value, ty: TypeId) -> bool {
        // The walk meets the inherent types of nested values, so every type is converted
        // first (once; later calls convert only types added since).
        self.semtypes
            .borrow_mut()
            .get_or_insert_with(SemTypes::new)
            .convert_all(&self.defs);
        let semtypes = self.semtypes.borrow();
        let Some(sems) = semtypes.as_ref() else {
            return false;
        };
        let Some(target) = sems.known(ty) else {
            // Ids outside the table read as `never`.
            return false;
        };
        sems.env
            .contains(target, &ValueView::new(value.clone(), self, sems))
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
