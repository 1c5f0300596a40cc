//! A hash consistent with `==` (DeepEquals), for the hash indexes of query `join` and
//! `group by` clauses: values that are `==` hash equal, so an index keyed by this hash finds
//! every candidate, and `deep_equals` decides among the candidates of a bucket.
//!
//! `==` makes `-0.0` equal `0.0` and NaN equal NaN, decimals equal regardless of precision
//! (`1.0 == 1.00`) and mappings equal regardless of field order; the hash follows. Structures
//! are hashed to a bounded depth and width (what is left out only adds collisions, never
//! splits equal values), so cyclic and huge values cost little.

use super::Value;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

/// How deep into lists and mappings the hash looks.
const MAX_DEPTH: usize = 4;
/// How many members of a list (fields of a mapping) the hash looks at.
const MAX_WIDTH: usize = 16;

/// The hash of `value` under `==`.
pub fn equality_hash(value: &Value) -> u64 {
    let mut hasher = FxHasher::default();
    hash_into(value, MAX_DEPTH, &mut hasher);
    hasher.finish()
}

fn hash_into(value: &Value, depth: usize, h: &mut FxHasher) {
    match value {
        Value::Nil => 0u8.hash(h),
        Value::Boolean(b) => {
            1u8.hash(h);
            b.hash(h);
        }
        Value::Int(i) => {
            2u8.hash(h);
            i.hash(h);
        }
        Value::Float(x) => {
            3u8.hash(h);
            float_bits(*x).hash(h);
        }
        Value::Decimal(d) => {
            4u8.hash(h);
            // Equal decimals (whatever their precision) convert to the same nearest float.
            float_bits(d.to_f64()).hash(h);
        }
        Value::String(s) => {
            5u8.hash(h);
            s.as_str().hash(h);
        }
        Value::List(list) => {
            6u8.hash(h);
            let items = list.items();
            items.len().hash(h);
            if depth > 0 {
                for item in items.iter().take(MAX_WIDTH) {
                    hash_into(item, depth - 1, h);
                }
            }
        }
        Value::Map(map) => {
            7u8.hash(h);
            let entries = map.entries();
            entries.len().hash(h);
            if depth > 0 {
                // Field order does not matter to `==`: combine the fields' hashes with a
                // commutative sum.
                let mut sum = 0u64;
                for (key, field) in entries.iter().take(MAX_WIDTH) {
                    let mut one = FxHasher::default();
                    key.as_str().hash(&mut one);
                    hash_into(field, depth - 1, &mut one);
                    sum = sum.wrapping_add(one.finish());
                }
                // Which fields were left out depends on the order: hash them all only when
                // every one was seen.
                if entries.len() <= MAX_WIDTH {
                    sum.hash(h);
                }
            }
        }
        Value::Error(error) => {
            8u8.hash(h);
            error.message.as_str().hash(h);
        }
        // Xml equality compares normalized content, and the other values are not anydata:
        // they share one bucket per kind and are told apart by `deep_equals`.
        Value::Xml(_) => 9u8.hash(h),
        _ => 10u8.hash(h),
    }
}

/// The bits of a float with all `==`-equal floats alike: `-0.0` as `0.0`, every NaN one NaN.
fn float_bits(x: f64) -> u64 {
    if x.is_nan() {
        f64::NAN.to_bits()
    } else if x == 0.0 {
        0
    } else {
        x.to_bits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::deep_equals;

    #[test]
    fn equal_floats_hash_equal() {
        let pairs = [
            (Value::Float(0.0), Value::Float(-0.0)),
            (Value::Float(f64::NAN), Value::Float(-f64::NAN)),
            (Value::Float(1.5), Value::Float(1.5)),
        ];
        for (a, b) in pairs {
            assert!(deep_equals(&a, &b));
            assert_eq!(equality_hash(&a), equality_hash(&b));
        }
    }

    #[test]
    fn equal_decimals_hash_equal() {
        let one = intc_decimal::Decimal::parse("1.0").expect("decimal");
        let other = intc_decimal::Decimal::parse("1.00").expect("decimal");
        let a = Value::Decimal(std::rc::Rc::new(one));
        let b = Value::Decimal(std::rc::Rc::new(other));
        assert!(deep_equals(&a, &b));
        assert_eq!(equality_hash(&a), equality_hash(&b));
    }

    #[test]
    fn int_and_float_differ() {
        assert_ne!(
            equality_hash(&Value::Int(1)),
            equality_hash(&Value::Float(1.0))
        );
        assert_ne!(equality_hash(&Value::Int(1)), equality_hash(&Value::Int(2)));
    }

    fn map(fields: &[(&str, Value)]) -> Value {
        let mut entries = crate::value::ValueMap::default();
        for (key, value) in fields {
            entries.insert(crate::value::MapKey::new(key), value.clone());
        }
        Value::Map(crate::value::MapObj::new(intc_ir::TypeId(0), entries))
    }

    fn list(items: Vec<Value>) -> Value {
        Value::List(crate::value::ListObj::new(intc_ir::TypeId(0), items))
    }

    #[test]
    fn mappings_hash_regardless_of_field_order() {
        let a = map(&[("x", Value::Int(1)), ("y", Value::Float(-0.0))]);
        let b = map(&[("y", Value::Float(0.0)), ("x", Value::Int(1))]);
        assert!(deep_equals(&a, &b));
        assert_eq!(equality_hash(&a), equality_hash(&b));
    }

    #[test]
    fn nested_lists_hash_by_members() {
        let a = list(vec![list(vec![Value::Int(1)]), Value::string("s")]);
        let b = list(vec![list(vec![Value::Int(1)]), Value::string("s")]);
        let c = list(vec![list(vec![Value::Int(2)]), Value::string("s")]);
        assert_eq!(equality_hash(&a), equality_hash(&b));
        assert_ne!(equality_hash(&a), equality_hash(&c));
    }

    #[test]
    fn cyclic_lists_terminate() {
        let outer = crate::value::ListObj::new(intc_ir::TypeId(0), Vec::new());
        outer.items_mut().push(Value::List(outer.clone()));
        let value = Value::List(outer.clone());
        let _ = equality_hash(&value);
        // Break the cycle so the test does not leak it.
        outer.items_mut().clear();
    }
}
