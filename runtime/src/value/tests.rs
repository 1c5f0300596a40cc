//! Value representation tests: size, equality, in-place append, deep release.

use super::*;
use intc_ir::TypeId;

fn list(items: Vec<Value>) -> Value {
    Value::List(ListObj::new(TypeId(0), items))
}

fn map(entries: &[(&str, Value)]) -> Value {
    let mut m = ValueMap::default();
    for (k, v) in entries {
        m.insert(MapKey::new(k), v.clone());
    }
    Value::Map(MapObj::new(TypeId(0), m))
}

#[test]
fn value_is_16_bytes() {
    assert_eq!(std::mem::size_of::<Value>(), 16);
}

#[test]
fn deep_equality_compares_structure_and_numbers() {
    let a = list(vec![
        Value::Int(1),
        map(&[("x", Value::string("y")), ("z", Value::Nil)]),
    ]);
    let b = list(vec![
        Value::Int(1),
        map(&[("z", Value::Nil), ("x", Value::string("y"))]),
    ]);
    let c = list(vec![
        Value::Int(1),
        map(&[("x", Value::string("q")), ("z", Value::Nil)]),
    ]);
    assert!(deep_equals(&a, &b), "key order must not matter");
    assert!(!deep_equals(&a, &c));
    assert!(!exact_equals(&a, &b), "=== is identity for structures");
    assert!(exact_equals(&a, &a.clone()));
    assert!(!deep_equals(&Value::Int(1), &Value::Float(1.0)));
    assert!(deep_equals(
        &Value::Float(f64::NAN),
        &Value::Float(f64::NAN)
    ));
    assert!(deep_equals(&Value::Float(0.0), &Value::Float(-0.0)));
    assert!(!exact_equals(&Value::Float(0.0), &Value::Float(-0.0)));
    let d1 = Value::decimal("1.0".parse().unwrap());
    let d2 = Value::decimal("1.00".parse().unwrap());
    assert!(deep_equals(&d1, &d2));
}

#[test]
fn deep_equality_terminates_on_cycles() {
    let a = list(vec![]);
    let b = list(vec![]);
    if let (Value::List(x), Value::List(y)) = (&a, &b) {
        x.items_mut().push(a.clone());
        y.items_mut().push(b.clone());
    }
    assert!(deep_equals(&a, &b));
    // Break the cycles so the test does not leak.
    if let (Value::List(x), Value::List(y)) = (&a, &b) {
        x.items_mut().clear();
        y.items_mut().clear();
    }
}

#[test]
fn dropping_deeply_nested_values_does_not_overflow_the_stack() {
    let mut value = Value::Nil;
    for i in 0..1_000_000 {
        value = if i % 2 == 0 {
            list(vec![value])
        } else {
            map(&[("next", value)])
        };
    }
    drop(value);
    let mut chain = Value::Nil;
    for _ in 0..200_000 {
        chain = list(vec![chain, Value::string("payload")]);
    }
    assert!(deep_equals(&chain, &chain.clone()));
}

#[test]
fn string_helpers_count_code_points() {
    assert_eq!(char_count("héllo"), 5);
    assert_eq!(char_at("héllo", 1), Some('é'));
    assert_eq!(char_at("abc", 3), None);
    assert_eq!(char_substring("héllo", 1, 3), Some("él"));
    assert_eq!(char_substring("héllo", 2, 2), Some(""));
    assert_eq!(char_substring("héllo", 3, 9), None);
}

#[test]
fn immutability_flags_and_field_wise_writes() {
    let l = list(vec![]);
    assert!(!l.is_immutable());
    if let Value::List(x) = &l {
        x.freeze();
    }
    assert!(l.is_immutable());
    let mut slot = Value::string("x");
    slot.set_int(5);
    assert_eq!(slot.as_int(), Some(5));
    slot.set_float(1.5);
    assert_eq!(slot.as_float(), Some(1.5));
    let mut regs = vec![Value::Int(7), Value::string("s"), Value::Nil];
    copy_value_within(&mut regs, 2, 0);
    copy_value_within(&mut regs, 0, 1);
    assert_eq!(regs[2].as_int(), Some(7));
    assert_eq!(regs[0].as_str(), Some("s"));
}
