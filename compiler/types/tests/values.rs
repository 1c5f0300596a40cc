//! Membership of values (`is`) and filler values.

mod common;

use common::Val;
use intc_types::{bits, Env, Filler, ListDefinition, MappingDefinition, SemType, SingleValue};

fn s(x: &str) -> Val {
    Val::Str(x.to_string())
}

#[test]
fn simple_values() {
    let env = Env::new();
    assert!(env.contains(&SemType::int(), &Val::Int(5)));
    assert!(!env.contains(&SemType::int(), &s("5")));
    assert!(env.contains(&SemType::byte(), &Val::Int(255)));
    assert!(!env.contains(&SemType::byte(), &Val::Int(256)));
    assert!(env.contains(&SemType::string_char(), &s("é")));
    assert!(!env.contains(&SemType::string_char(), &s("ab")));
    assert!(env.contains(&SemType::string_const("ab"), &s("ab")));
    assert!(env.contains(&SemType::float_const(0.0), &Val::Float(-0.0)));
    assert!(env.contains(&SemType::float_const(f64::NAN), &Val::Float(f64::NAN)));
    let d = SemType::decimal_const(intc_types::DecimalKey::parse("1.5").unwrap());
    assert!(env.contains(&d, &Val::Decimal("1.50".into())));
    assert!(!env.contains(&d, &Val::Decimal("1.25".into())));
    assert!(env.contains(&SemType::nil(), &Val::Nil));
    assert!(env.contains(&SemType::any(), &Val::Bool(true)));
    assert!(!env.contains(&SemType::any(), &Val::error(vec![], vec![])));
    assert!(env.contains(&env.json(), &Val::Nil));
}

#[test]
fn immutable_structures_by_shape() {
    let mut env = Env::new();
    let ints = env.array_of(&SemType::int());
    let pair = env.tuple(&[SemType::int(), SemType::string()], None);
    let v = Val::ro_list(vec![Val::Int(1), s("a")]);
    assert!(env.contains(&pair, &v));
    assert!(!env.contains(&ints, &v));
    assert!(env.contains(&ints, &Val::ro_list(vec![Val::Int(1), Val::Int(2)])));
    assert!(env.contains(&ints, &Val::ro_list(vec![])));
    assert!(!env.contains(&pair, &Val::ro_list(vec![Val::Int(1)])));
    assert!(!env.contains(&pair, &Val::ro_list(vec![Val::Int(1), s("a"), s("b")])));
    let json = env.json();
    let nested = Val::ro_list(vec![Val::ro_map(&[("a", Val::ro_list(vec![Val::Nil]))])]);
    assert!(env.contains(&json, &nested));
    let rec = env.closed_record(vec![
        ("x".into(), SemType::int(), false),
        ("y".into(), SemType::string(), true),
    ]);
    assert!(env.contains(&rec, &Val::ro_map(&[("x", Val::Int(1))])));
    assert!(env.contains(&rec, &Val::ro_map(&[("x", Val::Int(1)), ("y", s("q"))])));
    assert!(!env.contains(&rec, &Val::ro_map(&[("y", s("q"))])));
    assert!(!env.contains(&rec, &Val::ro_map(&[("x", Val::Int(1)), ("z", Val::Nil)])));
    let open = env.mapping_type(vec![("x".into(), SemType::int(), false)], env.anydata());
    assert!(env.contains(&open, &Val::ro_map(&[("x", Val::Int(1)), ("z", Val::Nil)])));
    let ro_ints = env.readonly_part(&ints);
    assert!(env.contains(&ro_ints, &Val::ro_list(vec![Val::Int(3)])));
}

#[test]
fn mutable_structures_by_inherent_type() {
    let mut env = Env::new();
    let ints = env.array_of(&SemType::int());
    let is = SemType::int().union(&SemType::string());
    let is_array = env.array_of(&is);
    let v = Val::list(vec![Val::Int(1)], false, Some(ints.clone()));
    assert!(env.contains(&ints, &v));
    assert!(env.contains(&is_array, &v));
    // A mutable (int|string)[] holding only ints is not an int[]: it could receive a string.
    let w = Val::list(vec![Val::Int(1)], false, Some(is_array.clone()));
    assert!(!env.contains(&ints, &w));
    assert!(env.contains(&is_array, &w));
    // ... and it is not `readonly`.
    assert!(!env.contains(&SemType::readonly(), &w));
    let ro_ints = env.readonly_part(&ints);
    assert!(!env.contains(&ro_ints, &v));
    let map_json = env.map_json();
    let m = Val::map(vec![], false, Some(map_json.clone()));
    assert!(env.contains(&env.json(), &m));
    assert!(env.contains(&env.anydata(), &m));
    let map_int = env.map_of(&SemType::int());
    assert!(!env.contains(&map_int, &m));
}

#[test]
fn errors_functions_typedescs() {
    let mut env = Env::new();
    let error = SemType::from_bits(bits::ERROR);
    let e1 = Val::error(vec![("code".into(), Val::Int(4))], vec![1]);
    assert!(env.contains(&error, &e1));
    assert!(env.contains(&env.error_distinct(1), &e1));
    assert!(!env.contains(&env.error_distinct(2), &e1));
    let coded_detail = env.mapping_type(
        vec![("code".into(), SemType::int(), false)],
        env.cloneable(),
    );
    let coded = env.error_type(&coded_detail);
    assert!(env.contains(&coded, &e1));
    assert!(!env.contains(&coded, &Val::error(vec![], vec![])));
    // `function () returns int`: the parameter list type is the empty tuple (a parameter
    // list type of never would accept no call at all, so every function would belong).
    let no_args = env.tuple(&[], None);
    let f_ty = env.function_type_of(no_args.clone(), SemType::int());
    let f = Val::Function(f_ty.clone());
    assert!(env.contains(&SemType::from_bits(bits::FUNCTION), &f));
    assert!(env.contains(&f_ty, &f));
    let g_ty = env.function_type_of(no_args, SemType::string());
    assert!(!env.contains(&g_ty, &f));
    let td_int = env.typedesc(&SemType::int());
    let td_any = env.typedesc(&SemType::any());
    let td = Val::Typedesc(SemType::byte());
    assert!(env.contains(&td_int, &td));
    assert!(env.contains(&td_any, &td));
    assert!(!env.contains(&td_int, &Val::Typedesc(SemType::string())));
}

#[test]
fn recursive_type_membership() {
    let mut env = Env::new();
    let def = MappingDefinition::new(&mut env);
    let node = def.semtype();
    let node = def.define(
        &mut env,
        vec![
            ("v".into(), SemType::int(), false),
            ("next".into(), node.union(&SemType::nil()), false),
        ],
        SemType::never(),
    );
    let mut list = Val::Nil;
    for i in 0..50 {
        list = Val::ro_map(&[("v", Val::Int(i)), ("next", list)]);
    }
    assert!(env.contains(&node, &list));
    let bad = Val::ro_map(&[
        ("v", Val::Int(1)),
        ("next", Val::ro_map(&[("v", s("x")), ("next", Val::Nil)])),
    ]);
    assert!(!env.contains(&node, &bad));
    // A very deep immutable value is judged exactly, without recursion per level.
    let def = ListDefinition::new(&mut env);
    let t = def.semtype();
    let t = def.define(&mut env, vec![], 0, t);
    let mut deep = Val::ro_list(vec![]);
    for _ in 0..3000 {
        deep = Val::ro_list(vec![deep]);
    }
    assert!(env.contains(&t, &deep));
    let bad = Val::ro_list(vec![deep.clone(), Val::Int(1)]);
    assert!(!env.contains(&t, &bad));
    let mut deep_bad = Val::ro_list(vec![Val::Int(1)]);
    for _ in 0..3000 {
        deep_bad = Val::ro_list(vec![deep_bad]);
    }
    assert!(!env.contains(&t, &deep_bad));
    assert!(env.contains(&t, &Val::ro_list(vec![Val::ro_list(vec![])])));
}

#[test]
fn fillers() {
    let mut env = Env::new();
    let int = SemType::int();
    let v = |x: SingleValue| Some(Filler::Value(x));
    assert_eq!(env.filler(&int), v(SingleValue::Int(0)));
    assert_eq!(
        env.filler(&SemType::boolean()),
        v(SingleValue::Boolean(false))
    );
    assert_eq!(
        env.filler(&SemType::string()),
        v(SingleValue::String(String::new()))
    );
    assert_eq!(env.filler(&SemType::float()), v(SingleValue::Float(0.0)));
    assert_eq!(env.filler(&int.union(&SemType::nil())), v(SingleValue::Nil));
    assert_eq!(env.filler(&env.json()), v(SingleValue::Nil));
    // A singleton fills with its value; a union of singletons only if the basic filler belongs.
    assert_eq!(env.filler(&SemType::int_const(7)), v(SingleValue::Int(7)));
    assert_eq!(env.filler(&SemType::int_range(1, 2)), None);
    assert_eq!(
        env.filler(&SemType::int_range(0, 2)),
        v(SingleValue::Int(0))
    );
    assert_eq!(env.filler(&SemType::byte()), v(SingleValue::Int(0)));
    assert_eq!(env.filler(&int.union(&SemType::string())), None);
    // Lists.
    let t = env.tuple(&[SemType::boolean()], Some(&int));
    assert_eq!(
        env.filler(&t),
        Some(Filler::List {
            members: vec![Filler::Value(SingleValue::Boolean(false))],
            length: 1,
            readonly: false
        })
    );
    let ints = env.array_of(&int);
    let int2d = env.array_of(&ints);
    assert_eq!(env.list_member_type_any(&int2d), ints);
    assert_eq!(
        env.filler(&ints),
        Some(Filler::List {
            members: vec![],
            length: 0,
            readonly: false
        })
    );
    let three = env.fixed_array(&int, 3);
    assert_eq!(
        env.filler(&three),
        Some(Filler::List {
            members: vec![Filler::Value(SingleValue::Int(0))],
            length: 3,
            readonly: false
        })
    );
    let huge = env.fixed_array(&ints, 1_000_000);
    assert_eq!(
        env.filler(&huge),
        Some(Filler::List {
            members: vec![Filler::List {
                members: vec![],
                length: 0,
                readonly: false
            }],
            length: 1_000_000,
            readonly: false
        })
    );
    let pair = env.tuple(&[SemType::string(), SemType::int_const(5)], None);
    assert_eq!(
        env.filler(&pair),
        Some(Filler::List {
            members: vec![
                Filler::Value(SingleValue::String(String::new())),
                Filler::Value(SingleValue::Int(5))
            ],
            length: 2,
            readonly: false
        })
    );
    let unfillable = env.tuple(&[SemType::int_range(1, 2)], None);
    assert_eq!(env.filler(&unfillable), None);
    let ro = env.readonly_part(&ints);
    assert_eq!(
        env.filler(&ro),
        Some(Filler::List {
            members: vec![],
            length: 0,
            readonly: true
        })
    );
    // Mappings: required fields need defaults from the record type.
    let rec = env.closed_record(vec![
        ("x".into(), int.clone(), false),
        ("y".into(), int.clone(), true),
    ]);
    assert_eq!(
        env.filler(&rec),
        Some(Filler::Mapping {
            needs_defaults: vec!["x".into()],
            readonly: false
        })
    );
    let map_int = env.map_of(&int);
    assert_eq!(
        env.filler(&map_int),
        Some(Filler::Mapping {
            needs_defaults: vec![],
            readonly: false
        })
    );
    assert_eq!(env.filler(&SemType::xml()), Some(Filler::EmptyXml));
    assert_eq!(env.filler(&SemType::from_bits(bits::ERROR)), None);
    assert_eq!(env.filler(&SemType::from_bits(bits::FUNCTION)), None);
}

#[test]
fn singleton_types_of_values() {
    let env = Env::new();
    let one = SemType::of_simple_value(&Val::Int(1)).unwrap();
    assert_eq!(one, SemType::int_const(1));
    let d = SemType::of_simple_value(&Val::Decimal("2.50".into())).unwrap();
    assert_eq!(env.display(&d), "2.5d");
    assert_eq!(
        SemType::of_simple_value(&s("x")),
        Some(SemType::string_const("x"))
    );
    assert_eq!(SemType::of_simple_value(&Val::Nil), Some(SemType::nil()));
    assert!(SemType::of_simple_value(&Val::ro_list(vec![])).is_none());
    assert!(intc_types::string_is_char("é") && !intc_types::string_is_char("ab"));
    assert_eq!(
        intc_types::basic_code(&Val::list(vec![], false, None)),
        intc_types::BasicTypeCode::LIST_RW
    );
    assert_eq!(
        intc_types::basic_code(&Val::ro_list(vec![])),
        intc_types::BasicTypeCode::LIST_RO
    );
}
