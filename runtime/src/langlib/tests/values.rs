//! `lang.value` and `lang.error`.

use super::*;
use crate::error::new_error;

#[test]
fn to_string_and_to_bal_string() {
    let mut h = Harness::new();
    assert_eq!(h.show("lang.value:toString", &[Value::Int(42)]), "42");
    assert_eq!(h.show("lang.value:toString", &[Value::Float(1.0)]), "1.0");
    assert_eq!(h.show("lang.value:toString", &[s("text")]), "text");
    assert_eq!(h.show("lang.value:toString", &[Value::Nil]), "");
    assert_eq!(h.show("lang.value:toBalString", &[s("text")]), "\"text\"");
    assert_eq!(h.show("lang.value:toBalString", &[Value::Nil]), "()");
    let xs = h.strings(&["a"]);
    assert_eq!(h.show("lang.value:toBalString", &[xs]), r#"["a"]"#);
    let gt = h.closure(h.callbacks.greater_than_two);
    assert_eq!(
        h.show("lang.value:toString", &[gt]),
        "function (int) returns (boolean)"
    );
    let int = h.interp.types.well_known.int;
    assert_eq!(
        h.show("lang.value:toString", &[Value::Typedesc(int)]),
        "typedesc int"
    );
}

#[test]
fn json_conversions() {
    let mut h = Harness::new();
    let m = h.int_map(&[("a", 1)]);
    let json = h.call("lang.value:toJson", std::slice::from_ref(&m));
    let Ok(Value::Map(j)) = json else {
        panic!("toJson failed");
    };
    assert_eq!(j.ty, h.interp.types.well_known.json_map);
    assert_eq!(h.show("lang.value:toJsonString", &[m]), r#"{"a":1}"#);
    assert_eq!(h.show("lang.value:toJsonString", &[s("hi")]), "\"hi\"");
    assert_eq!(h.show("lang.value:toJsonString", &[Value::Nil]), "null");
    assert_eq!(
        h.show(
            "lang.value:fromJsonString",
            &[s(r#"{"n":3,"l":[1,2.5],"x":null}"#)]
        ),
        r#"{"n":3,"l":[1,2.5],"x":null}"#
    );
    assert_eq!(
        h.show("lang.value:fromJsonFloatString", &[s(r#"{"a":[1,2.5]}"#)]),
        r#"{"a":[1.0,2.5]}"#
    );
    let decimals = h.call("lang.value:fromJsonDecimalString", &[s("[1,-0]")]);
    let Ok(Value::List(decimals)) = decimals else {
        panic!("fromJsonDecimalString failed");
    };
    assert!(decimals
        .items()
        .iter()
        .all(|v| matches!(v, Value::Decimal(_))));
    let bad = h.call("lang.value:fromJsonString", &[s("{not json")]);
    let Ok(Value::Error(e)) = bad else {
        panic!("bad json accepted");
    };
    assert_eq!(
        e.message.as_str(),
        "{ballerina/lang.value}FromJsonStringError"
    );
}

#[test]
fn clone_family() {
    let mut h = Harness::new();
    let xs = h.ints(&[1, 2]);
    let copy = h
        .call("lang.value:clone", std::slice::from_ref(&xs))
        .unwrap_or_default();
    h.call("lang.array:push", &[copy.clone(), Value::Int(3)])
        .ok();
    assert_eq!(h.text(&xs), "[1,2]");
    assert_eq!(h.text(&copy), "[1,2,3]");
    assert_eq!(
        h.show("lang.value:isReadOnly", std::slice::from_ref(&xs)),
        "false"
    );
    let frozen = h
        .call("lang.value:cloneReadOnly", std::slice::from_ref(&xs))
        .unwrap_or_default();
    assert_eq!(
        h.show("lang.value:isReadOnly", std::slice::from_ref(&frozen)),
        "true"
    );
    assert_eq!(h.interp.types.value_type_name(&frozen), "int[] & readonly");
    assert!(h.call("lang.array:push", &[frozen, Value::Int(3)]).is_err());
    let int_list = h.int_list;
    let converted = h.call(
        "lang.value:cloneWithType",
        &[h.ints(&[1]), Value::Typedesc(int_list)],
    );
    assert!(matches!(converted, Ok(Value::List(_))));
    let string = h.interp.types.well_known.string;
    let failed = h.call(
        "lang.value:cloneWithType",
        &[Value::Int(1), Value::Typedesc(string)],
    );
    let Ok(Value::Error(e)) = failed else {
        panic!("conversion should fail");
    };
    assert_eq!(e.message.as_str(), "{ballerina/lang.value}ConversionError");
    assert_eq!(
        h.show(
            "lang.value:fromJsonStringWithType",
            &[s("[1,2]"), Value::Typedesc(int_list)]
        ),
        "[1,2]"
    );
}

#[test]
fn ensure_type_native() {
    let mut h = Harness::new();
    let int = h.interp.types.well_known.int;
    assert_eq!(
        h.show(
            "lang.value:ensureType",
            &[Value::Int(5), Value::Typedesc(int)]
        ),
        "5"
    );
    assert_eq!(
        h.show("lang.value:ensureType", &[s("hello"), Value::Typedesc(int)]),
        r#"error("{ballerina}TypeCastError",message="incompatible types: 'string' cannot be cast to 'int'")"#
    );
    assert_eq!(
        h.show("lang.value:count", &[Value::Int(1), Value::Nil, s("x")]),
        "3"
    );
}

#[test]
fn error_accessors() {
    let mut h = Harness::new();
    let types = &h.interp.types;
    let root = new_error(
        types,
        types.well_known.error,
        "root",
        Value::Nil,
        ValueMap::default(),
    );
    let mut detail = ValueMap::default();
    detail.insert(MapKey::new("level"), Value::Int(2));
    let top = new_error(types, types.well_known.error, "top", root, detail);
    assert_eq!(
        h.show("lang.error:message", std::slice::from_ref(&top)),
        "top"
    );
    assert_eq!(
        h.show("lang.error:detail", std::slice::from_ref(&top)),
        r#"{"level":2}"#
    );
    assert_eq!(
        h.show("lang.error:cause", std::slice::from_ref(&top)),
        r#"error("root")"#
    );
    assert_eq!(
        h.show("lang.error:stackTrace", std::slice::from_ref(&top)),
        "[]"
    );
    assert_eq!(
        h.show("lang.value:toString", &[top]),
        r#"error("top",error("root"),level=2)"#
    );
}
