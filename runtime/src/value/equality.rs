//! `==` (deep value equality) and `===` (exact equality).
//!
//! Deep equality walks structures with an explicit work list (no Rust recursion, so deeply
//! nested values cannot overflow the stack) and remembers visited pairs so cyclic values
//! terminate.

use super::Value;
use rustc_hash::FxHashSet;
use std::rc::Rc;

/// `a === b`: identity for structured values; for simple values, the same value (floats by
/// bit pattern except that all NaNs are identical; `-0.0 !== 0.0`; decimals with their
/// precision: `1.0 !== 1.00`).
pub fn exact_equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Boolean(x), Value::Boolean(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
        }
        (Value::Decimal(x), Value::Decimal(y)) => x.identical(**y),
        (Value::String(x), Value::String(y)) => x == y,
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Map(x), Value::Map(y)) => Rc::ptr_eq(x, y),
        (Value::Error(x), Value::Error(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        (Value::Typedesc(x), Value::Typedesc(y)) => x == y,
        (Value::Handle(x), Value::Handle(y)) => Rc::ptr_eq(x, y),
        (Value::Future(x), Value::Future(y)) => Rc::ptr_eq(x, y),
        (Value::Stream(x), Value::Stream(y)) => Rc::ptr_eq(x, y),
        (Value::Cell(x), Value::Cell(y)) => Rc::ptr_eq(x, y),
        (Value::Iterator(x), Value::Iterator(y)) => Rc::ptr_eq(x, y),
        (Value::Xml(x), Value::Xml(y)) => Rc::ptr_eq(x, y) || same_xml_items(x, y),
        (Value::Table(x), Value::Table(y)) => Rc::ptr_eq(x, y),
        // Tagged data has no storage identity: the same pattern is the same value.
        (Value::RegExp(x), Value::RegExp(y)) => x.text() == y.text(),
        _ => false,
    }
}

fn simple_equals(a: &Value, b: &Value) -> Option<bool> {
    Some(match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Boolean(x), Value::Boolean(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        // `==` on floats: NaN equals NaN, and -0.0 equals 0.0.
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::Decimal(x), Value::Decimal(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Xml(x), Value::Xml(y)) => super::xml::xml_equals(x, y),
        (Value::List(_), Value::List(_))
        | (Value::Map(_), Value::Map(_))
        | (Value::Table(_), Value::Table(_)) => return None,
        (Value::Error(x), Value::Error(y)) => {
            if Rc::ptr_eq(x, y) {
                true
            } else if x.message != y.message {
                false
            } else {
                return None;
            }
        }
        _ => exact_equals(a, b),
    })
}

/// `a == b`: deep equality of anydata values (lists member-wise, mappings by key set and
/// values regardless of order, numbers by value within the same basic type).
pub fn deep_equals(a: &Value, b: &Value) -> bool {
    let mut work: Vec<(Value, Value)> = vec![(a.clone(), b.clone())];
    let mut visited: FxHashSet<(usize, usize)> = FxHashSet::default();
    while let Some((x, y)) = work.pop() {
        if let Some(equal) = simple_equals(&x, &y) {
            if !equal {
                return false;
            }
            continue;
        }
        match (&x, &y) {
            (Value::List(l), Value::List(r)) => {
                if Rc::ptr_eq(l, r) || !visited.insert(pair(l, r)) {
                    continue;
                }
                let left = l.items();
                let right = r.items();
                if left.len() != right.len() {
                    return false;
                }
                work.extend(left.iter().cloned().zip(right.iter().cloned()));
            }
            (Value::Map(l), Value::Map(r)) => {
                if Rc::ptr_eq(l, r) || !visited.insert(pair(l, r)) {
                    continue;
                }
                let left = l.entries();
                let right = r.entries();
                if left.len() != right.len() {
                    return false;
                }
                for (key, value) in left.iter() {
                    match right.get(key.as_str()) {
                        Some(other) => work.push((value.clone(), other.clone())),
                        None => return false,
                    }
                }
            }
            // Spec "Tables": the shape is the members in order and the key sequence.
            (Value::Table(l), Value::Table(r)) => {
                if Rc::ptr_eq(l, r) || !visited.insert(pair(l, r)) {
                    continue;
                }
                if l.key != r.key || l.len() != r.len() {
                    return false;
                }
                work.extend(l.rows().iter().cloned().zip(r.rows().iter().cloned()));
            }
            (Value::Error(l), Value::Error(r)) => {
                work.push((l.cause.clone(), r.cause.clone()));
                work.push((Value::Map(l.detail.clone()), Value::Map(r.detail.clone())));
            }
            _ => return false,
        }
    }
    true
}

fn pair<T>(a: &Rc<T>, b: &Rc<T>) -> (usize, usize) {
    (Rc::as_ptr(a) as usize, Rc::as_ptr(b) as usize)
}

/// `===` on xml: the same items (elements and processing instructions by identity, texts
/// and comments by content), as the spec's exact equality of sequences.
fn same_xml_items(x: &super::xml::XmlObj, y: &super::xml::XmlObj) -> bool {
    x.len() == y.len() && x.items().iter().zip(y.items()).all(|(a, b)| a.same_item(b))
}
