//! Type names as jBallerina prints them in messages.

use intc_types::{bits, DecimalKey, Env, MappingDefinition, SemType, Signature};

fn sig(params: Vec<SemType>, rest: Option<SemType>, ret: SemType) -> Signature {
    Signature {
        required: params.len(),
        params,
        rest,
        ret,
    }
}

#[test]
fn simple_types_and_singletons() {
    let env = Env::new();
    let int = SemType::int();
    let string = SemType::string();
    let cases = [
        (int.clone(), "int"),
        (int.union(&string), "int|string"),
        (int.union(&SemType::nil()), "int?"),
        (int.union(&string).union(&SemType::nil()), "(int|string)?"),
        (SemType::nil(), "()"),
        (SemType::never(), "never"),
        (SemType::int_const(1), "1"),
        (SemType::int_const(-3), "-3"),
        (SemType::string_const("a"), "\"a\""),
        (
            SemType::string_const("a").union(&SemType::string_const("b")),
            "\"a\"|\"b\"",
        ),
        (SemType::boolean_const(true), "true"),
        (SemType::float_const(1.0), "1.0"),
        (SemType::float_const(f64::NAN), "NaN"),
        (
            SemType::decimal_const(DecimalKey::parse("1.50").unwrap()),
            "1.5d",
        ),
        (SemType::byte(), "byte"),
        (SemType::signed32(), "int:Signed32"),
        (SemType::unsigned16(), "int:Unsigned16"),
        (SemType::string_char(), "string:Char"),
        (SemType::any(), "any"),
        (SemType::val(), "any|error"),
        (SemType::readonly(), "readonly"),
        (
            SemType::from_bits(bits::ERROR).union(&SemType::nil()),
            "error?",
        ),
        (SemType::xml(), "xml"),
        (SemType::from_bits(bits::HANDLE), "handle"),
        (SemType::from_bits(bits::FUNCTION), "function"),
        (SemType::from_bits(bits::ERROR), "error"),
        (SemType::from_bits(bits::OBJECT), "object {}"),
        (SemType::string_const("say \"hi\""), "\"say \\\"hi\\\"\""),
    ];
    for (t, expected) in cases {
        assert_eq!(env.display(&t), expected);
    }
    assert_eq!(env.display(&env.anydata()), "anydata");
    let mut env2 = Env::new();
    let def = intc_types::ListDefinition::new(&mut env2);
    let t = def.semtype();
    let empty_list = def.define(&mut env2, vec![t], 1, SemType::never());
    assert_eq!(env2.display(&empty_list.union(&SemType::nil())), "()");
    assert_eq!(env2.display(&empty_list), "never");
    assert_eq!(
        env2.display(&env2.anydata().union(&SemType::from_bits(bits::ERROR))),
        "anydata|error"
    );
    assert_eq!(env.display(&env.json()), "json");
    assert_eq!(
        env.display(&env.json().union(&SemType::from_bits(bits::ERROR))),
        "json|error"
    );
}

#[test]
fn structured_types() {
    let mut env = Env::new();
    let int = SemType::int();
    let string = SemType::string();
    let is = int.union(&string);
    let is_array = env.array_of(&is);
    assert_eq!(env.display(&is_array), "(int|string)[]");
    let opt_array = env.array_of(&int.union(&SemType::nil()));
    assert_eq!(env.display(&opt_array), "int?[]");
    let ints = env.array_of(&int);
    let int2d = env.array_of(&ints);
    assert_eq!(env.display(&int2d), "int[][]");
    assert_eq!(env.display(&env.readonly_part(&ints)), "int[] & readonly");
    let strings = env.array_of(&string);
    let mixed = ints.union(&env.readonly_part(&strings));
    assert_eq!(env.display(&mixed), "int[]|(string[] & readonly)");
    let empty_tuple = env.tuple(&[], None);
    assert_eq!(env.display(&empty_tuple), "[]");
    assert_eq!(
        env.display(&env.readonly_part(&env.json())),
        "json & readonly"
    );
    assert_eq!(
        env.display(&env.readonly_part(&env.anydata())),
        "anydata & readonly"
    );
    let fixed = env.fixed_array(&string, 3);
    assert_eq!(env.display(&fixed), "string[3]");
    let tuple = env.tuple(&[int.clone(), string.clone()], Some(&SemType::boolean()));
    assert_eq!(env.display(&tuple), "[int,string,boolean...]");
    let map_json = env.map_json();
    assert_eq!(env.display(&map_json), "map<json>");
    let map_ie = env.map_of(&int.union(&SemType::from_bits(bits::ERROR)));
    assert_eq!(env.display(&map_ie), "map<(int|error)>");
    let rec = env.closed_record(vec![
        (
            "id".into(),
            int.union(&SemType::from_bits(bits::ERROR)),
            false,
        ),
        ("name".into(), string.clone(), true),
    ]);
    assert_eq!(
        env.display(&rec),
        "record {| (int|error) id; string name?; |}"
    );
    let open = env.mapping_type(vec![("a".into(), int.clone(), false)], env.anydata());
    assert_eq!(env.display(&open), "record {| int a; anydata...; |}");
    let empty = env.closed_record(vec![]);
    assert_eq!(
        env.display(&env.readonly_part(&empty)),
        "record {| |} & readonly"
    );
    let td = env.typedesc(&is);
    assert_eq!(env.display(&td), "typedesc<(int|string)>");
    let fut = env.future(&int);
    assert_eq!(env.display(&fut), "future<int>");
    let st = env.stream(
        &int,
        &SemType::from_bits(bits::ERROR).union(&SemType::nil()),
    );
    assert_eq!(env.display(&st), "stream<int, error?>");
    let tab = env.table(&map_json);
    assert_eq!(env.display(&tab), "table<map<json>>");
    let err = env.error_type(&rec);
    assert_eq!(
        env.display(&err),
        "error<record {| (int|error) id; string name?; |}>"
    );
}

#[test]
fn function_and_object_types() {
    let mut env = Env::new();
    let int = SemType::int();
    let string = SemType::string();
    let f = env.function_type(&sig(
        vec![int.clone(), string.clone()],
        None,
        SemType::boolean(),
    ));
    assert_eq!(env.display(&f), "function (int,string) returns (boolean)");
    let g = env.function_type(&sig(vec![SemType::val()], None, SemType::boolean()));
    assert_eq!(env.display(&g), "function ((any|error)) returns (boolean)");
    let defaultable = env.function_type(&Signature {
        params: vec![int.clone(), string.clone()],
        required: 1,
        rest: None,
        ret: int.clone(),
    });
    assert_eq!(
        env.display(&defaultable),
        "function (int,string) returns (int)"
    );
    let h = env.function_type(&sig(vec![], Some(int.clone()), SemType::nil()));
    assert_eq!(env.display(&h), "function (int...)");
    let opt_f = f.union(&SemType::nil());
    assert_eq!(
        env.display(&opt_f),
        "(function (int,string) returns (boolean))?"
    );
    let fs = env.array_of(&f);
    assert_eq!(
        env.display(&fs),
        "(function (int,string) returns (boolean))[]"
    );
    let no_args = env.tuple(&[], None);
    let get = env.function_type_of(no_args, int.clone());
    use intc_types::ObjectMember;
    let obj = env.object_type(
        vec![
            ObjectMember::method("get", get),
            ObjectMember::field("x", int.clone()),
        ],
        &[],
        false,
    );
    assert_eq!(
        env.display(&obj),
        "object { int x; function get() returns (int); }"
    );
}

#[test]
fn registered_names() {
    let mut env = Env::new();
    let int = SemType::int();
    let def = MappingDefinition::new(&mut env);
    let person = def.semtype();
    let person = def.define(
        &mut env,
        vec![
            ("name".into(), SemType::string(), false),
            ("friend".into(), person.union(&SemType::nil()), true),
        ],
        SemType::never(),
    );
    env.register_name(&person, "Person");
    assert_eq!(env.display(&person), "Person");
    assert_eq!(
        env.display(&env.readonly_part(&person)),
        "Person & readonly"
    );
    assert_eq!(env.display(&person.union(&int)), "int|Person");
    assert_eq!(env.display(&person.union(&SemType::nil())), "Person?");
    let people = env.array_of(&person);
    assert_eq!(env.display(&people), "Person[]");
    let people_map = env.map_of(&person);
    env.register_name(&people_map, "Directory");
    assert_eq!(env.display(&people_map), "Directory");
    let id = SemType::int_range(1, 1000);
    env.register_name(&id, "mod:Id");
    assert_eq!(env.display(&id), "mod:Id");
    // Unnamed recursive types print structurally, abbreviated where they recur.
    let def = MappingDefinition::new(&mut env);
    let node = def.semtype();
    let node = def.define(
        &mut env,
        vec![("next".into(), node.union(&SemType::nil()), false)],
        SemType::never(),
    );
    assert_eq!(env.display(&node), "record {| ...? next; |}");
    // A recursive type that branches prints in bounded time and size.
    let def = MappingDefinition::new(&mut env);
    let tree = def.semtype();
    let opt = tree.union(&SemType::nil());
    let tree = def.define(
        &mut env,
        vec![
            ("left".into(), opt.clone(), false),
            ("right".into(), opt, false),
        ],
        SemType::never(),
    );
    assert_eq!(env.display(&tree), "record {| ...? left; ...? right; |}");
    env.register_name(&tree, "Tree");
    let trees = env.array_of(&tree);
    assert_eq!(env.display(&trees), "Tree[]");
}

#[test]
fn xml_types() {
    use intc_types::xml::kinds;
    let env = Env::new();
    assert_eq!(
        env.display(&SemType::xml_item(kinds::ELEMENT)),
        "xml:Element"
    );
    assert_eq!(env.display(&SemType::xml_item(kinds::TEXT)), "xml:Text");
    assert_eq!(
        env.display(&SemType::xml_sequence(kinds::ELEMENT)),
        "xml<xml:Element>"
    );
    let ro_elem = env.readonly_part(&SemType::xml_item(kinds::ELEMENT));
    assert_eq!(env.display(&ro_elem), "xml:Element & readonly");
}
