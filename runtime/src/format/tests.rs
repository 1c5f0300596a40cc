//! Formatting tables and conversion tests.

use super::*;
use crate::error::new_error;
use crate::types::TypeTable;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_decimal::Decimal;
use intc_ir::{RecordField, TypeDef, TypeKind};
use std::rc::Rc;
use std::str::FromStr;

fn table() -> TypeTable {
    TypeTable::new(Vec::new(), &[], &[])
}

fn list(types: &TypeTable, items: Vec<Value>) -> Value {
    Value::List(ListObj::new(types.well_known.any_list, items))
}

fn map(types: &TypeTable, entries: &[(&str, Value)]) -> Value {
    let mut m = ValueMap::default();
    for (k, v) in entries {
        m.insert(MapKey::new(k), v.clone());
    }
    Value::Map(MapObj::new(types.well_known.anydata_map, m))
}

fn dec(text: &str) -> Value {
    Value::decimal(Decimal::from_str(text).unwrap_or_default())
}

#[test]
fn float_table() {
    let cases: &[(f64, &str)] = &[
        (1.0, "1.0"),
        (0.1, "0.1"),
        (10.0 / 3.0, "3.3333333333333335"),
        (0.1 + 0.2, "0.30000000000000004"),
        (100.0, "100.0"),
        (-4.0, "-4.0"),
        (-0.0, "-0.0"),
        (0.0, "0.0"),
        (1e20, "1.0E20"),
        (1.5e-5, "1.5E-5"),
        (1e7, "1.0E7"),
        (9999999.0, "9999999.0"),
        (0.001, "0.001"),
        (0.000_999, "9.99E-4"),
        (12345678.9, "1.23456789E7"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ];
    for (x, expected) in cases {
        assert_eq!(float_to_string(*x), *expected, "float {x}");
    }
    assert_eq!(float_to_bal_string(f64::NAN), "float:NaN");
    assert_eq!(float_to_bal_string(f64::NEG_INFINITY), "-float:Infinity");
    assert_eq!(float_to_bal_string(2.5), "2.5");
}

#[test]
fn decimal_table() {
    let cases = [
        ("3.10", "3.10"),
        ("0.3", "0.3"),
        ("-4.75", "-4.75"),
        ("12.50", "12.50"),
        ("100", "100"),
        ("0.0000001", "1E-7"),
        ("0.00000123", "0.00000123"),
        ("0.000000123", "1.23E-7"),
        ("0.000001", "0.000001"),
        ("-0.0", "0"),
        ("1e20", "1E+20"),
        ("1.5E3", "1.5E+3"),
    ];
    for (input, expected) in cases {
        let d = Decimal::from_str(input).unwrap_or_default();
        assert_eq!(decimal_to_string(&d), expected, "decimal {input}");
    }
    assert_eq!(
        decimal_to_bal_string(&Decimal::from_str("1.5").unwrap_or_default()),
        "1.5d"
    );
}

#[test]
fn to_string_of_simple_and_structured_values() {
    let t = table();
    assert_eq!(to_string(&Value::Nil, &t), "");
    assert_eq!(to_string(&Value::string("bare"), &t), "bare");
    assert_eq!(to_string(&Value::Int(-42), &t), "-42");
    assert_eq!(to_string(&Value::Boolean(true), &t), "true");
    let nested = list(
        &t,
        vec![
            Value::Int(1),
            Value::string("two"),
            list(&t, vec![Value::Float(3.0), Value::Nil]),
            map(&t, &[("k", Value::Boolean(false))]),
        ],
    );
    assert_eq!(
        to_string(&nested, &t),
        r#"[1,"two",[3.0,null],{"k":false}]"#
    );
    let quoting = map(
        &t,
        &[
            ("quote", Value::string("say \"hi\"")),
            ("tab", Value::string("a\tb")),
            ("back", Value::string("c:\\dir")),
        ],
    );
    assert_eq!(
        to_string(&quoting, &t),
        r#"{"quote":"say \"hi\"","tab":"a\tb","back":"c:\\dir"}"#
    );
    assert_eq!(to_string(&dec("2.50"), &t), "2.50");
    assert_eq!(to_string(&list(&t, vec![]), &t), "[]");
    assert_eq!(to_string(&map(&t, &[]), &t), "{}");
}

#[test]
fn to_bal_string_forms() {
    let t = table();
    assert_eq!(to_bal_string(&Value::Nil, &t), "()");
    assert_eq!(to_bal_string(&Value::string("text"), &t), "\"text\"");
    assert_eq!(to_bal_string(&dec("1.5"), &t), "1.5d");
    assert_eq!(to_bal_string(&Value::Float(2.5), &t), "2.5");
    let m = map(
        &t,
        &[
            ("s", Value::string("x")),
            ("n", Value::Nil),
            ("f", Value::Float(1.0)),
        ],
    );
    assert_eq!(to_bal_string(&m, &t), r#"{"s":"x","n":(),"f":1.0}"#);
    let l = list(&t, vec![Value::Int(1), Value::string("a")]);
    assert_eq!(to_bal_string(&l, &t), r#"[1,"a"]"#);
}

fn error_value(t: &TypeTable, message: &str, cause: Value, detail: &[(&str, Value)]) -> Value {
    let mut m = ValueMap::default();
    for (k, v) in detail {
        m.insert(MapKey::new(k), v.clone());
    }
    new_error(t, t.well_known.error, message, cause, m)
}

#[test]
fn error_forms() {
    let t = table();
    let simple = error_value(&t, "simple", Value::Nil, &[]);
    assert_eq!(to_string(&simple, &t), r#"error("simple")"#);
    let detailed = error_value(
        &t,
        "with detail",
        Value::Nil,
        &[("id", Value::Int(7)), ("name", Value::string("n"))],
    );
    assert_eq!(
        to_string(&detailed, &t),
        r#"error("with detail",id=7,name="n")"#
    );
    assert_eq!(
        to_bal_string(&detailed, &t),
        r#"error("with detail",id=7,name="n")"#
    );
    let with_cause = error_value(&t, "top", simple.clone(), &[("code", Value::Nil)]);
    assert_eq!(
        to_string(&with_cause, &t),
        r#"error("top",error("simple"),code=null)"#
    );
    assert_eq!(
        to_bal_string(&with_cause, &t),
        r#"error("top",error("simple"),code=())"#
    );
    let cause_only = error_value(&t, "top", simple, &[]);
    assert_eq!(
        to_string(&cause_only, &t),
        r#"error("top",error("simple"))"#
    );
    assert_eq!(
        to_string(&list(&t, vec![cause_only]), &t),
        r#"[error("top",error("simple"))]"#
    );
}

#[test]
fn named_error_types_show_their_name() {
    let mut t = table();
    let named = t.add(TypeDef::named(
        "HttpError",
        TypeKind::Error {
            detail: None,
            distinct_ids: vec![],
        },
    ));
    let e = new_error(&t, named, "empty url", Value::Nil, ValueMap::default());
    assert_eq!(to_string(&e, &t), r#"error HttpError ("empty url")"#);
    // Only distinct error types are named in the expression form.
    assert_eq!(to_bal_string(&e, &t), r#"error("empty url")"#);
    let distinct = t.add(TypeDef::named(
        "NotFound",
        TypeKind::Error {
            detail: None,
            distinct_ids: vec![1],
        },
    ));
    let d = new_error(&t, distinct, "gone", Value::Nil, ValueMap::default());
    assert_eq!(to_bal_string(&d, &t), r#"error NotFound ("gone")"#);
}

#[test]
fn cycles_print_as_ellipsis() {
    let t = table();
    let inner = ListObj::new(t.well_known.any_list, vec![Value::Int(1)]);
    let outer = Value::List(inner.clone());
    inner.items_mut().push(outer.clone());
    assert_eq!(to_string(&outer, &t), "[1,...]");
    assert_eq!(to_bal_string(&outer, &t), "[1,...[0]]");
    // A value shared twice (not a cycle) prints in full both times.
    let shared = list(&t, vec![Value::Int(2)]);
    let twice = list(&t, vec![shared.clone(), shared]);
    assert_eq!(to_string(&twice, &t), "[[2],[2]]");
}

const DEEP: usize = 100_000;

#[test]
fn deep_nesting_does_not_overflow() {
    let t = table();
    let mut value = Value::Int(0);
    for _ in 0..DEEP {
        value = list(&t, vec![value]);
    }
    let text = to_string(&value, &t);
    assert_eq!(text.len(), 2 * DEEP + 1);
    assert_eq!(text.get(DEEP - 2..DEEP + 3), Some("[[0]]"));
    let copy = deep_copy(&value, &mut table(), CopyMode::Clone);
    assert!(matches!(copy, Value::List(_)));
    // Dropping a deep chain recursively is the value representation's concern; unwind
    // it iteratively here so the test itself stays within the stack.
    for v in [value, copy] {
        let mut current = v;
        while let Value::List(l) = current {
            let next = l.items_mut().pop();
            current = next.unwrap_or_default();
        }
    }
}

#[test]
fn json_strings() {
    let t = table();
    assert_eq!(to_json_string(&Value::Nil).unwrap_or_default(), "null");
    assert_eq!(
        to_json_string(&Value::string("hi")).unwrap_or_default(),
        "\"hi\""
    );
    assert_eq!(to_json_string(&Value::Int(42)).unwrap_or_default(), "42");
    let m = map(&t, &[("a", Value::Boolean(true))]);
    assert_eq!(to_json_string(&m).unwrap_or_default(), r#"{"a":true}"#);
    let nested = map(
        &t,
        &[
            ("id", Value::Int(12)),
            (
                "list",
                list(&t, vec![Value::Float(1.0), dec("2.50"), Value::Nil]),
            ),
            ("s", Value::string("a/b")),
            ("q", Value::string("say \"hi\"/now")),
        ],
    );
    assert_eq!(
        to_json_string(&nested).unwrap_or_default(),
        r#"{"id":12, "list":[1.0, 2.50, null], "s":"a/b", "q":"say \"hi\"\/now"}"#
    );
    let inner = ListObj::new(t.well_known.any_list, vec![]);
    inner.items_mut().push(Value::List(inner.clone()));
    assert_eq!(to_json_string(&Value::List(inner.clone())), None);
    assert!(!is_acyclic(&Value::List(inner.clone())));
    inner.items_mut().clear();
    assert!(is_acyclic(&nested));
}

#[test]
fn parse_json_values() {
    let t = table();
    let parsed = parse_json(
        r#" {"name":"Bo","n":3,"ok":true,"list":[1,2.5,-0],"none":null,"esc":"a\u00e9\n\ud83d\ude00"} "#,
        &t,
    );
    let Ok(value) = parsed else {
        panic!("parse failed: {parsed:?}");
    };
    assert_eq!(
        to_string(&value, &t),
        "{\"name\":\"Bo\",\"n\":3,\"ok\":true,\"list\":[1,2.5,-0.0],\"none\":null,\"esc\":\"a\u{e9}\\n\u{1F600}\"}"
    );
    let Value::Map(m) = &value else {
        panic!("not a map");
    };
    assert!(matches!(m.get("n"), Some(Value::Int(3))));
    assert_eq!(m.ty, t.well_known.json_map);
    let Some(Value::List(l)) = m.get("list") else {
        panic!("no list");
    };
    assert!(matches!(l.get(1), Some(Value::Decimal(_))));
    assert!(matches!(parse_json("12", &t), Ok(Value::Int(12))));
    assert!(matches!(parse_json("1e2", &t), Ok(Value::Decimal(_))));
    assert!(matches!(
        parse_json("9223372036854775808", &t),
        Ok(Value::Decimal(_))
    ));
    for bad in [
        "{not json",
        "",
        "[1,]",
        "{\"a\" 1}",
        "01",
        "[1] x",
        "\"\\q\"",
        "tru",
    ] {
        assert!(parse_json(bad, &t).is_err(), "accepted {bad:?}");
    }
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let deep_value = parse_json(&deep, &t);
    assert!(deep_value.is_ok());
    if let Ok(mut current) = deep_value {
        while let Value::List(l) = current {
            let next = l.items_mut().pop();
            current = next.unwrap_or_default();
        }
    }
}

#[test]
fn syntax_error_message_has_position() {
    let t = table();
    match parse_json("{\n  \"a\": x}", &t) {
        Err(e) => assert_eq!(e.message, "unrecognized token at line: 2 column: 8"),
        Ok(_) => panic!("accepted bad json"),
    }
}

#[test]
fn clone_and_read_only_copies() {
    let mut t = table();
    let inner = list(&t, vec![Value::Int(1), Value::Int(2)]);
    let original = map(&t, &[("a", inner.clone()), ("b", inner)]);
    let copy = deep_copy(&original, &mut t, CopyMode::Clone);
    let (Value::Map(o), Value::Map(c)) = (&original, &copy) else {
        panic!("not maps");
    };
    assert!(!Rc::ptr_eq(o, c));
    // Sharing is preserved inside the copy.
    match (c.get("a"), c.get("b"), o.get("a")) {
        (Some(Value::List(a)), Some(Value::List(b)), Some(Value::List(oa))) => {
            assert!(Rc::ptr_eq(&a, &b));
            assert!(!Rc::ptr_eq(&a, &oa));
        }
        _ => panic!("members missing"),
    }
    let frozen = deep_copy(&original, &mut t, CopyMode::ReadOnly);
    assert!(frozen.is_immutable());
    if let Value::Map(f) = &frozen {
        assert!(t.is_readonly_type(f.ty));
        assert!(f.get("a").is_some_and(|v| v.is_immutable()));
    }
    // An immutable value is its own clone.
    let again = deep_copy(&frozen, &mut t, CopyMode::Clone);
    assert!(crate::value::exact_equals(&again, &frozen));
    // cloneWithType builds fresh mutable structures typed by the target.
    let anydata = t.well_known.anydata;
    let thawed = clone_with_type(&frozen, anydata, &mut t);
    let Ok(Value::Map(thawed)) = thawed else {
        panic!("cloneWithType(anydata) failed");
    };
    assert!(!thawed.is_frozen());
    assert_eq!(thawed.ty, t.well_known.anydata_map);
    assert!(thawed.get("a").is_some_and(|v| !v.is_immutable()));
}

#[test]
fn clone_with_type_records_and_numbers() {
    let mut t = table();
    let int = t.well_known.int;
    let float = t.well_known.float;
    let string = t.well_known.string;
    let point = t.add(TypeDef::named(
        "Point",
        TypeKind::Record {
            fields: vec![
                RecordField {
                    name: "x".into(),
                    ty: int,
                    optional: false,
                    readonly: false,
                },
                RecordField {
                    name: "y".into(),
                    ty: float,
                    optional: true,
                    readonly: false,
                },
            ],
            rest: None,
        },
    ));
    let json = map(&t, &[("x", Value::Int(1)), ("y", Value::Int(2))]);
    let converted = clone_with_type(&json, point, &mut t);
    let Ok(Value::Map(p)) = &converted else {
        panic!("conversion failed: {converted:?}");
    };
    assert_eq!(p.ty, point);
    assert!(matches!(p.get("y"), Some(Value::Float(y)) if y == 2.0));
    assert_eq!(to_string(&Value::Map(p.clone()), &t), r#"{"x":1,"y":2.0}"#);
    let bad = map(&t, &[("x", Value::string("one"))]);
    match clone_with_type(&bad, point, &mut t) {
        Err(e) => assert_eq!(
            e.message,
            "'map<anydata>' value cannot be converted to 'Point': \n\t\tfield 'x' in record 'Point' should be of type 'int', found '\"one\"'"
        ),
        Ok(v) => panic!("converted {v:?}"),
    }
    let extra = map(&t, &[("x", Value::Int(1)), ("z", Value::Int(0))]);
    assert_eq!(
        clone_with_type(&extra, point, &mut t).err().map(|e| e.message),
        Some(
            "'map<anydata>' value cannot be converted to 'Point': \n\t\tfield 'z' cannot be added to the closed record 'Point'"
                .to_string()
        )
    );
    let missing = map(&t, &[("y", Value::Int(1))]);
    assert_eq!(
        clone_with_type(&missing, point, &mut t).err().map(|e| e.message),
        Some(
            "'map<anydata>' value cannot be converted to 'Point': \n\t\tmissing required field 'x' of type 'int' in record 'Point'"
                .to_string()
        )
    );
    let points = t.add(TypeDef::anonymous(TypeKind::Array {
        element: point,
        length: None,
    }));
    let nested = list(&t, vec![map(&t, &[("x", Value::Int(1))]), Value::Int(3)]);
    assert_eq!(
        clone_with_type(&nested, points, &mut t).err().map(|e| e.message),
        Some(
            "'any[]' value cannot be converted to 'Point[]': \n\t\tarray element '[1]' should be of type 'Point', found '3'"
                .to_string()
        )
    );
    let deep = list(
        &t,
        vec![map(
            &t,
            &[("x", Value::string("a long string value that is cut"))],
        )],
    );
    assert_eq!(
        clone_with_type(&deep, points, &mut t).err().map(|e| e.message),
        Some(
            "'any[]' value cannot be converted to 'Point[]': \n\t\tfield '[0].x' in record 'Point' should be of type 'int', found '\"a long string value...'"
                .to_string()
        )
    );
    assert!(matches!(
        clone_with_type(&Value::Float(2.5), int, &mut t),
        Ok(Value::Int(2))
    ));
    assert!(clone_with_type(&Value::Int(1), string, &mut t).is_err());
    let int_or_float = t.add(TypeDef::anonymous(TypeKind::Union(vec![int, float])));
    assert!(matches!(
        clone_with_type(&Value::Float(1.5), int_or_float, &mut t),
        Ok(Value::Float(x)) if x == 1.5
    ));
}

#[test]
fn union_targets_list_each_alternative() {
    let mut t = table();
    let int_list = t.well_known.int_list;
    let float_list = t.well_known.float_list;
    let either = t.add(TypeDef::anonymous(TypeKind::Union(vec![
        int_list, float_list,
    ])));
    let value = list(&t, vec![Value::Int(1), Value::string("hello")]);
    assert_eq!(
        clone_with_type(&value, either, &mut t).err().map(|e| e.message),
        Some(
            "'any[]' value cannot be converted to '(int[]|float[])': \n\t\t{\n\t\t  array element '[1]' should be of type 'int', found '\"hello\"'\n\t\tor\n\t\t  array element '[1]' should be of type 'float', found '\"hello\"'\n\t\t}"
                .to_string()
        )
    );
    let ints = list(&t, vec![Value::Int(1), Value::Float(2.0)]);
    assert!(matches!(
        clone_with_type(&ints, either, &mut t),
        Ok(Value::List(l)) if l.ty == int_list
    ));
}

#[test]
fn deep_values_fail_conversion_instead_of_overflowing() {
    let mut t = table();
    let anydata = t.well_known.anydata;
    let mut value = Value::Int(0);
    for _ in 0..5_000 {
        value = list(&t, vec![value]);
    }
    assert!(clone_with_type(&value, anydata, &mut t).is_err());
    let mut current = value;
    while let Value::List(l) = current {
        let next = l.items_mut().pop();
        current = next.unwrap_or_default();
    }
}

#[test]
fn ensure_type_checks_membership() {
    let t = table();
    let s = Value::string("hello");
    assert!(matches!(
        ensure_type(&s, t.well_known.string, &t),
        Ok(Value::String(_))
    ));
    assert_eq!(
        ensure_type(&s, t.well_known.int, &t)
            .err()
            .map(|e| e.message),
        Some("incompatible types: 'string' cannot be cast to 'int'".to_string())
    );
    assert_eq!(
        ensure_type(&Value::Float(f64::NAN), t.well_known.int, &t).err(),
        Some(EnsureTypeFailure {
            reason: "{ballerina}NumberConversionError",
            message: "'float' value 'NaN' cannot be converted to 'int'".to_string(),
        })
    );
    assert!(matches!(
        ensure_type(&Value::Int(5), t.well_known.float, &t),
        Ok(Value::Float(x)) if x == 5.0
    ));
}

#[test]
fn rounding_helpers() {
    assert_eq!(round_half_even(2.5), 2.0);
    assert_eq!(round_half_even(3.5), 4.0);
    assert_eq!(round_half_even(-2.5), -2.0);
    assert_eq!(round_half_even(-2.7), -3.0);
    assert_eq!(float_to_int(f64::NAN), None);
    assert_eq!(float_to_int(1e19), None);
    assert_eq!(float_to_int(-1.5), Some(-2));
}
