//! `lang.array` and `lang.map`.

use super::*;

#[test]
fn push_pop_shift_unshift() {
    let mut h = Harness::new();
    let xs = h.ints(&[1, 2, 3]);
    h.call("lang.array:push", &[xs.clone(), Value::Int(4)]).ok();
    h.call(
        "lang.array:push",
        &[xs.clone(), Value::Int(5), Value::Int(6)],
    )
    .ok();
    assert_eq!(h.text(&xs), "[1,2,3,4,5,6]");
    assert_eq!(h.show("lang.array:pop", std::slice::from_ref(&xs)), "6");
    assert_eq!(h.show("lang.array:shift", std::slice::from_ref(&xs)), "1");
    h.call(
        "lang.array:unshift",
        &[xs.clone(), Value::Int(-2), Value::Int(-1)],
    )
    .ok();
    assert_eq!(h.text(&xs), "[-2,-1,2,3,4,5]");
    assert_eq!(h.show("lang.array:length", &[xs]), "6");
    let empty = h.ints(&[]);
    assert_eq!(
        h.panic_text("lang.array:pop", std::slice::from_ref(&empty)),
        r#"error("{ballerina/lang.array}IndexOutOfRange",message="array index out of range: index: -1, size: 0")"#
    );
    assert!(h.call("lang.array:shift", &[empty]).is_err());
}

#[test]
fn push_checks_member_type_and_frozen_lists() {
    let mut h = Harness::new();
    let xs = h.ints(&[1]);
    assert_eq!(
        h.panic_text("lang.array:push", &[xs.clone(), s("x")]),
        r#"error("{ballerina/lang.array}InherentTypeViolation",message="incompatible types: expected 'int', found 'string'")"#
    );
    if let Value::List(l) = &xs {
        l.freeze();
    }
    assert_eq!(
        h.panic_text("lang.array:push", &[xs.clone(), Value::Int(2)]),
        r#"error("{ballerina/lang.array}InvalidUpdate",message="modification not allowed on readonly value")"#
    );
    assert_eq!(h.text(&xs), "[1]");
}

#[test]
fn remove_reverse_slice_remove_all() {
    let mut h = Harness::new();
    let letters = h.strings(&["a", "b", "c", "d", "e"]);
    assert_eq!(
        h.show("lang.array:remove", &[letters.clone(), Value::Int(1)]),
        "b"
    );
    assert_eq!(h.text(&letters), r#"["a","c","d","e"]"#);
    assert_eq!(
        h.show("lang.array:reverse", std::slice::from_ref(&letters)),
        r#"["e","d","c","a"]"#
    );
    assert_eq!(h.text(&letters), r#"["a","c","d","e"]"#);
    assert_eq!(
        h.show("lang.array:slice", &[letters.clone(), Value::Int(1)]),
        r#"["c","d","e"]"#
    );
    assert_eq!(
        h.show(
            "lang.array:slice",
            &[letters.clone(), Value::Int(1), Value::Int(3)]
        ),
        r#"["c","d"]"#
    );
    assert!(h
        .call(
            "lang.array:slice",
            &[letters.clone(), Value::Int(2), Value::Int(9)]
        )
        .is_err());
    assert!(h
        .call("lang.array:remove", &[letters.clone(), Value::Int(4)])
        .is_err());
    h.call("lang.array:removeAll", std::slice::from_ref(&letters))
        .ok();
    assert_eq!(h.show("lang.array:length", &[letters]), "0");
}

#[test]
fn fixed_lengths_cannot_change() {
    let mut h = Harness::new();
    let int = h.interp.types.well_known.int;
    let string = h.interp.types.well_known.string;
    let types = &mut h.interp.types;
    let fixed = crate::format::intern_type(
        types,
        TypeKind::Array {
            element: int,
            length: Some(2),
        },
    );
    let pair = crate::format::intern_type(
        types,
        TypeKind::Tuple {
            members: vec![int, string],
            rest: None,
        },
    );
    let open = crate::format::intern_type(
        types,
        TypeKind::Tuple {
            members: vec![int, string],
            rest: Some(int),
        },
    );
    let list = |ty| Value::List(ListObj::new(ty, vec![Value::Int(1), Value::string("a")]));
    assert_eq!(
        h.panic_text("lang.array:removeAll", &[list(fixed)]),
        r#"error("{ballerina/lang.array}InherentTypeViolation",message="cannot change the length of an array of fixed length '2' to '0'")"#
    );
    assert_eq!(
        h.panic_text("lang.array:push", &[list(pair), Value::Int(3)]),
        r#"error("{ballerina/lang.array}InherentTypeViolation",message="cannot change the length of a tuple of fixed length '2' to '3'")"#
    );
    assert_eq!(
        h.panic_text("lang.array:pop", &[list(open)]),
        r#"error("{ballerina/lang.array}InherentTypeViolation",message="cannot change the length of a tuple with '2' mandatory member(s) to '1'")"#
    );
    let with_rest = list(open);
    h.call("lang.array:push", &[with_rest.clone(), Value::Int(7)])
        .ok();
    assert_eq!(h.text(&with_rest), r#"[1,"a",7]"#);
    assert_eq!(
        h.show("lang.array:slice", &[with_rest, Value::Int(1)]),
        r#"["a",7]"#
    );
}

#[test]
fn set_length_truncates_and_fills() {
    let mut h = Harness::new();
    let xs = h.ints(&[1, 2, 3]);
    h.call("lang.array:setLength", &[xs.clone(), Value::Int(1)])
        .ok();
    assert_eq!(h.text(&xs), "[1]");
    h.call("lang.array:setLength", &[xs.clone(), Value::Int(3)])
        .ok();
    assert_eq!(h.text(&xs), "[1,0,0]");
}

#[test]
fn index_of_and_last_index_of() {
    let mut h = Harness::new();
    let xs = h.strings(&["a", "b", "c", "b"]);
    assert_eq!(h.show("lang.array:indexOf", &[xs.clone(), s("b")]), "1");
    assert_eq!(
        h.show("lang.array:indexOf", &[xs.clone(), s("b"), Value::Int(2)]),
        "3"
    );
    assert_eq!(h.show("lang.array:indexOf", &[xs.clone(), s("z")]), "");
    assert_eq!(h.show("lang.array:lastIndexOf", &[xs.clone(), s("b")]), "3");
    assert_eq!(
        h.show(
            "lang.array:lastIndexOf",
            &[xs.clone(), s("b"), Value::Int(2)]
        ),
        "1"
    );
    assert!(h
        .call("lang.array:indexOf", &[xs, s("b"), Value::Int(-1)])
        .is_err());
}

#[test]
fn functional_array_operations() {
    let mut h = Harness::new();
    let xs = h.ints(&[1, 2, 3, 4]);
    let gt = h.closure(h.callbacks.greater_than_two);
    let double = h.closure(h.callbacks.double);
    let add = h.closure(h.callbacks.add);
    assert_eq!(
        h.show("lang.array:filter", &[xs.clone(), gt.clone()]),
        "[3,4]"
    );
    let mapped = h.call("lang.array:map", &[xs.clone(), double.clone()]);
    let Ok(Value::List(mapped)) = mapped else {
        panic!("map failed");
    };
    assert_eq!(h.text(&Value::List(mapped.clone())), "[2,4,6,8]");
    assert_eq!(h.interp.types.type_name(mapped.ty), "int[]");
    assert_eq!(h.show("lang.array:some", &[xs.clone(), gt.clone()]), "true");
    assert_eq!(
        h.show("lang.array:every", &[xs.clone(), gt.clone()]),
        "false"
    );
    let empty = h.ints(&[]);
    assert_eq!(
        h.show("lang.array:every", &[empty.clone(), gt.clone()]),
        "true"
    );
    assert_eq!(h.show("lang.array:some", &[empty, gt]), "false");
    assert_eq!(
        h.show("lang.array:reduce", &[xs.clone(), add, Value::Int(10)]),
        "20"
    );
    assert_eq!(h.show("lang.array:forEach", &[xs.clone(), double]), "");
    assert_eq!(
        h.show("lang.array:enumerate", std::slice::from_ref(&xs)),
        "[[0,1],[1,2],[2,3],[3,4]]"
    );
    let boom = h.closure(h.callbacks.divide_by_zero);
    assert_eq!(
        h.panic_text("lang.array:map", &[xs, boom]),
        r#"error("{ballerina}DivisionByZero",message=" / by zero")"#
    );
}

#[test]
fn sort_directions_and_keys() {
    let mut h = Harness::new();
    let xs = h.ints(&[5, 2, 9, 1, 5]);
    assert_eq!(
        h.show("lang.array:sort", std::slice::from_ref(&xs)),
        "[1,2,5,5,9]"
    );
    assert_eq!(
        h.show("lang.array:sort", &[xs.clone(), s("descending")]),
        "[9,5,5,2,1]"
    );
    assert_eq!(h.text(&xs), "[5,2,9,1,5]");
    let negate = h.closure(h.callbacks.negate);
    assert_eq!(
        h.show("lang.array:sort", &[xs, s("ascending"), negate]),
        "[9,5,5,2,1]"
    );
    let words = h.strings(&["pear", "Apple", "fig"]);
    assert_eq!(
        h.show("lang.array:sort", &[words]),
        r#"["Apple","fig","pear"]"#
    );
    let any_list = h.interp.types.well_known.any_list;
    let with_nil = Value::List(ListObj::new(
        any_list,
        vec![Value::Int(3), Value::Nil, Value::Int(1)],
    ));
    assert_eq!(
        h.show("lang.array:sort", std::slice::from_ref(&with_nil)),
        "[1,3,null]"
    );
    assert_eq!(
        h.show("lang.array:sort", &[with_nil, s("descending")]),
        "[3,1,null]"
    );
}

#[test]
fn map_queries_and_removal() {
    let mut h = Harness::new();
    let m = h.int_map(&[("a", 1), ("b", 2), ("c", 3)]);
    assert_eq!(
        h.show("lang.map:keys", std::slice::from_ref(&m)),
        r#"["a","b","c"]"#
    );
    assert_eq!(
        h.show("lang.map:entries", std::slice::from_ref(&m)),
        r#"{"a":["a",1],"b":["b",2],"c":["c",3]}"#
    );
    assert_eq!(
        h.show("lang.map:toArray", std::slice::from_ref(&m)),
        "[1,2,3]"
    );
    assert_eq!(h.show("lang.map:length", std::slice::from_ref(&m)), "3");
    assert_eq!(h.show("lang.map:hasKey", &[m.clone(), s("b")]), "true");
    assert_eq!(h.show("lang.map:hasKey", &[m.clone(), s("z")]), "false");
    assert_eq!(h.show("lang.map:get", &[m.clone(), s("a")]), "1");
    assert_eq!(
        h.panic_text("lang.map:get", &[m.clone(), s("bob")]),
        r#"error("{ballerina/lang.map}KeyNotFound",message="cannot find key 'bob'")"#
    );
    assert_eq!(h.show("lang.map:remove", &[m.clone(), s("b")]), "2");
    assert_eq!(h.text(&m), r#"{"a":1,"c":3}"#);
    assert!(h.call("lang.map:remove", &[m.clone(), s("b")]).is_err());
    assert_eq!(
        h.show("lang.map:removeIfHasKey", &[m.clone(), s("nope")]),
        ""
    );
    assert_eq!(h.show("lang.map:removeIfHasKey", &[m.clone(), s("c")]), "3");
    h.call("lang.map:removeAll", std::slice::from_ref(&m)).ok();
    assert_eq!(h.show("lang.map:length", &[m]), "0");
}

#[test]
fn functional_map_operations() {
    let mut h = Harness::new();
    let stock = h.int_map(&[("apple", 5), ("pear", 0), ("fig", 12)]);
    let gt = h.closure(h.callbacks.greater_than_two);
    let double = h.closure(h.callbacks.double);
    let add = h.closure(h.callbacks.add);
    assert_eq!(
        h.show("lang.map:filter", &[stock.clone(), gt]),
        r#"{"apple":5,"fig":12}"#
    );
    assert_eq!(
        h.show("lang.map:map", &[stock.clone(), double.clone()]),
        r#"{"apple":10,"pear":0,"fig":24}"#
    );
    assert_eq!(
        h.show("lang.map:reduce", &[stock.clone(), add, Value::Int(0)]),
        "17"
    );
    assert_eq!(h.show("lang.map:forEach", &[stock, double]), "");
}

#[test]
fn frozen_map_cannot_change() {
    let mut h = Harness::new();
    let m = h.int_map(&[("a", 1)]);
    if let Value::Map(inner) = &m {
        inner.freeze();
    }
    assert_eq!(
        h.panic_text("lang.map:remove", &[m, s("a")]),
        r#"error("{ballerina/lang.map}InvalidUpdate",message="modification not allowed on readonly value")"#
    );
}
