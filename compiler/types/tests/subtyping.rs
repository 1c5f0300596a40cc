//! The classic hard cases of semantic subtyping.

use intc_types::{bits, DecimalKey, Env, ListDefinition, MappingDefinition, SemType, Signature};

fn int() -> SemType {
    SemType::int()
}
fn string() -> SemType {
    SemType::string()
}
fn field(name: &str, ty: SemType) -> (String, SemType, bool) {
    (name.to_string(), ty, false)
}
fn optional(name: &str, ty: SemType) -> (String, SemType, bool) {
    (name.to_string(), ty, true)
}

#[test]
fn basic_unions_and_intersections() {
    let env = Env::new();
    let is = int().union(&string());
    assert!(env.is_subtype(&int(), &is));
    assert!(!env.is_subtype(&is, &int()));
    assert!(env.is_empty(&int().intersect(&string())));
    assert!(env.is_subtype(&SemType::never(), &int()));
    assert!(env.is_subtype(&int(), &SemType::any()));
    assert!(!env.is_subtype(&SemType::from_bits(bits::ERROR), &SemType::any()));
    assert!(env.is_subtype(&SemType::from_bits(bits::ERROR), &SemType::readonly()));
    assert!(!env.is_subtype(&SemType::from_bits(bits::FUTURE), &SemType::readonly()));
}

#[test]
fn int_subtypes() {
    let env = Env::new();
    let both = SemType::byte().intersect(&SemType::signed8());
    assert!(env.is_same_type(&both, &SemType::int_range(0, 127)));
    assert!(env.is_subtype(&SemType::byte(), &SemType::unsigned16()));
    assert_eq!(SemType::unsigned8(), SemType::byte());
    assert!(env.is_subtype(&SemType::signed16(), &SemType::signed32()));
    assert!(!env.is_subtype(&SemType::signed8(), &SemType::byte()));
    assert!(env.is_subtype(&SemType::int_const(200), &SemType::byte()));
    assert!(!env.is_subtype(&SemType::int_const(256), &SemType::byte()));
    assert!(env.is_subtype(&SemType::unsigned32(), &int()));
    assert!(env.is_empty(&SemType::int_const(-1).intersect(&SemType::unsigned32())));
    let small = SemType::int_const(1).union(&SemType::int_const(2));
    assert_eq!(env.finite_values(&small).map(|v| v.len()), Some(2));
}

#[test]
fn string_char_split() {
    let env = Env::new();
    let a = SemType::string_const("a");
    let ab = SemType::string_const("ab");
    assert!(env.is_subtype(&a, &SemType::string_char()));
    assert!(!env.is_subtype(&ab, &SemType::string_char()));
    assert!(env.is_subtype(&SemType::string_char(), &string()));
    assert!(env.is_empty(&SemType::string_char().intersect(&ab)));
    assert!(!env.is_empty(&string().diff(&SemType::string_char()).diff(&ab)));
    let no_a = string().diff(&a);
    assert!(env.is_subtype(&ab, &no_a));
    assert!(!env.is_subtype(&a, &no_a));
}

#[test]
fn float_and_decimal_singletons() {
    let env = Env::new();
    assert!(env.is_same_type(&SemType::float_const(0.0), &SemType::float_const(-0.0)));
    assert!(env.is_same_type(
        &SemType::float_const(f64::NAN),
        &SemType::float_const(f64::NAN)
    ));
    assert!(!env.is_subtype(&SemType::float(), &SemType::float_const(1.0)));
    let d1 = SemType::decimal_const(DecimalKey::parse("1.50").unwrap());
    let d2 = SemType::decimal_const(DecimalKey::parse("1.5").unwrap());
    assert!(env.is_same_type(&d1, &d2));
    assert!(env.is_subtype(&d1, &SemType::decimal()));
    assert!(env.is_empty(&d1.intersect(&SemType::float_const(1.5))));
}

#[test]
fn tuples_and_arrays() {
    let mut env = Env::new();
    let is = int().union(&string());
    let tuple = env.tuple(&[int(), string()], None);
    let is_array = env.array_of(&is);
    assert!(env.is_subtype(&tuple, &is_array));
    assert!(!env.is_subtype(&is_array, &tuple));
    // `int[]` and `[int...]` are the same type.
    let ints = env.array_of(&int());
    let rest_ints = env.tuple(&[], Some(&int()));
    assert!(env.is_same_type(&ints, &rest_ints));
    // `[int, int...]` is the non-empty int arrays.
    let nonempty = env.tuple(&[int()], Some(&int()));
    let empty = env.tuple(&[], None);
    assert!(env.is_same_type(&nonempty.union(&empty), &ints));
    assert!(env.is_empty(&nonempty.intersect(&empty)));
    // Fixed-length arrays.
    let three = env.fixed_array(&int(), 3);
    let t3 = env.tuple(&[int(), int(), int()], None);
    assert!(env.is_same_type(&three, &t3));
    assert!(env.is_subtype(&three, &ints));
    let big = env.fixed_array(&int(), 1_000_000);
    assert!(env.is_subtype(&big, &ints));
    assert!(!env.is_subtype(&ints, &big));
    let big_bytes = env.fixed_array(&SemType::byte(), 1_000_000);
    assert!(env.is_subtype(&big_bytes, &big));
    assert!(!env.is_subtype(&big, &big_bytes));
    // A tuple with a never member is empty.
    let bad = env.tuple(&[int(), SemType::never()], None);
    assert!(env.is_empty(&bad));
    // Lists of 1|2 that are neither all 1s nor all 2s exist (length >= 2).
    let one = SemType::int_const(1);
    let two = SemType::int_const(2);
    let mixed = env.array_of(&one.union(&two));
    let ones = env.array_of(&one);
    let twos = env.array_of(&two);
    assert!(!env.is_empty(&mixed.diff(&ones).diff(&twos)));
    let pair_12 = env.tuple(&[one.clone(), two.clone()], None);
    assert!(env.is_subtype(&pair_12, &mixed.diff(&ones).diff(&twos)));
}

#[test]
fn list_members_and_lengths() {
    let mut env = Env::new();
    let t = env.tuple(&[int(), string()], Some(&SemType::boolean()));
    assert_eq!(env.list_member_type(&t, 0), int());
    assert_eq!(env.list_member_type(&t, 1), string());
    assert_eq!(env.list_member_type(&t, 7), SemType::boolean());
    assert_eq!(env.list_length_range(&t), Some((2, None)));
    let closed = env.tuple(&[int()], None);
    assert!(env.is_empty(&env.list_member_type(&closed, 1)));
    assert_eq!(env.list_length_range(&closed), Some((1, Some(1))));
    let any_member = env.list_member_type_any(&t);
    assert!(env.is_same_type(
        &any_member,
        &int().union(&string()).union(&SemType::boolean())
    ));
    assert_eq!(env.list_length_range(&int()), None);
}

#[test]
fn recursive_lists() {
    let mut env = Env::new();
    // type T [T]; has no finite value.
    let def = ListDefinition::new(&mut env);
    let t = def.semtype();
    let t = def.define(&mut env, vec![t], 1, SemType::never());
    assert!(env.is_empty(&t));
    // type L [int, L?]; is inhabited and a subtype of [int, any...].
    let def = ListDefinition::new(&mut env);
    let l = def.semtype();
    let l = def.define(
        &mut env,
        vec![int(), l.union(&SemType::nil())],
        2,
        SemType::never(),
    );
    assert!(!env.is_empty(&l));
    let open = env.tuple(&[int()], Some(&SemType::any()));
    assert!(env.is_subtype(&l, &open));
    // type T [int, T]; is empty, and so are its unions with itself.
    let def = ListDefinition::new(&mut env);
    let t2 = def.semtype();
    let t2 = def.define(&mut env, vec![int(), t2], 2, SemType::never());
    assert!(env.is_empty(&t2));
    assert!(env.is_subtype(&t2, &int()));
    // Two definitions of the same recursive structure are the same type.
    let def = ListDefinition::new(&mut env);
    let l2 = def.semtype();
    let l2 = def.define(
        &mut env,
        vec![int(), l2.union(&SemType::nil())],
        2,
        SemType::never(),
    );
    assert!(env.is_same_type(&l, &l2));
}

#[test]
fn records_and_maps() {
    let mut env = Env::new();
    let closed = env.closed_record(vec![field("x", int())]);
    let open = env.mapping_type(vec![field("x", int())], env.anydata());
    let map_int = env.map_of(&int());
    assert!(env.is_subtype(&closed, &open));
    assert!(!env.is_subtype(&open, &closed));
    assert!(env.is_subtype(&closed, &map_int));
    assert!(!env.is_subtype(&open, &map_int));
    // Optional fields: `record {| int x?; |}` <: `map<int>`, and the empty record is in it.
    let opt = env.closed_record(vec![optional("x", int())]);
    let empty = env.closed_record(vec![]);
    assert!(env.is_subtype(&opt, &map_int));
    assert!(env.is_subtype(&empty, &opt));
    assert!(!env.is_subtype(&opt, &closed));
    assert!(env.is_subtype(&closed, &opt));
    // `map<int>` is not a subtype of a record with a required field.
    assert!(!env.is_subtype(&map_int, &closed));
    // Field by field.
    let xy = env.closed_record(vec![field("x", int()), field("y", string())]);
    let x_num = env.mapping_type(
        vec![field("x", int().union(&SemType::float()))],
        SemType::val(),
    );
    assert!(env.is_subtype(&xy, &x_num));
    let ft = env.mapping_member_type(&xy, "y");
    assert_eq!(ft.ty, string());
    assert!(!ft.may_be_absent);
    let fo = env.mapping_member_type(&opt, "x");
    assert!(fo.may_be_absent);
    assert_eq!(fo.ty, int());
    let missing = env.mapping_member_type(&closed, "z");
    assert!(env.is_empty(&missing.ty) && missing.may_be_absent);
    // Records with incompatible required fields do not intersect.
    let xs = env.closed_record(vec![field("x", string())]);
    assert!(env.is_empty(&closed.intersect(&xs)));
    // Union of records vs record of union.
    let x_is = env.closed_record(vec![field("x", int().union(&string()))]);
    assert!(env.is_same_type(&closed.union(&xs), &x_is));
}

#[test]
fn recursive_records_and_json() {
    let mut env = Env::new();
    // type R record {| R x; |}; is uninhabited.
    let def = MappingDefinition::new(&mut env);
    let r = def.semtype();
    let r = def.define(&mut env, vec![field("x", r)], SemType::never());
    assert!(env.is_empty(&r));
    // type Node record {| int v; Node? next; |}; is inhabited.
    let def = MappingDefinition::new(&mut env);
    let node = def.semtype();
    let node = def.define(
        &mut env,
        vec![
            field("v", int()),
            field("next", node.union(&SemType::nil())),
        ],
        SemType::never(),
    );
    assert!(!env.is_empty(&node));
    let json = env.json();
    let anydata = env.anydata();
    assert!(env.is_subtype(&node, &json));
    assert!(env.is_subtype(&json, &anydata));
    assert!(!env.is_subtype(&anydata, &json));
    assert!(env.is_subtype(&anydata, &SemType::any()));
    let map_json = env.map_json();
    let json_array = env.array_of(&json);
    assert!(env.is_subtype(&map_json, &json));
    assert!(env.is_subtype(&json_array, &json));
    let xml_array = env.array_of(&SemType::xml());
    assert!(!env.is_subtype(&xml_array, &json));
    assert!(env.is_subtype(&xml_array, &anydata));
    // json is its own unfolding.
    let unfolded = SemType::from_bits(bits::SIMPLE)
        .union(&json_array)
        .union(&map_json);
    assert!(env.is_same_type(&unfolded, &json));
    let f = env.function_type_of(SemType::never(), SemType::nil());
    let fs = env.array_of(&f);
    assert!(!env.is_subtype(&fs, &anydata));
}

#[test]
fn readonly_types() {
    let mut env = Env::new();
    let ints = env.array_of(&int());
    let ro_ints = env.readonly_part(&ints);
    assert!(env.is_readonly(&ro_ints));
    assert!(!env.is_readonly(&ints));
    assert!(env.is_subtype(&ro_ints, &ints));
    assert!(env.is_readonly(&int().union(&string())));
    assert!(!env.is_empty(&ints.diff(&ro_ints)));
    // The immutable lists of any|error members are exactly the immutable lists.
    let all_lists = env.array_of(&SemType::val());
    assert!(env.is_same_type(
        &env.readonly_part(&all_lists),
        &SemType::from_bits(intc_types::BasicTypeCode::LIST_RO.bit())
    ));
    // An immutable list of futures is impossible.
    let futures = env.array_of(&SemType::from_bits(bits::FUTURE));
    let nonempty_futures = env.tuple(&[SemType::from_bits(bits::FUTURE)], None);
    assert!(!env.is_empty(&env.readonly_part(&futures)));
    assert!(env.is_empty(&env.readonly_part(&nonempty_futures)));
    let ro_json = env.readonly_part(&env.json());
    assert!(env.is_subtype(&ro_json, &SemType::readonly()));
    let md = env.map_anydata();
    assert!(env.is_readonly(&env.error_type(&md)));
}

#[test]
fn function_types() {
    let mut env = Env::new();
    let sig = |params: Vec<SemType>, rest: Option<SemType>, ret: SemType| Signature {
        required: params.len(),
        params,
        rest,
        ret,
    };
    let int_to_int = env.function_type(&sig(vec![int()], None, int()));
    let int_to_is = env.function_type(&sig(vec![int()], None, int().union(&string())));
    let is_to_int = env.function_type(&sig(vec![int().union(&string())], None, int()));
    // Covariant results, contravariant parameters.
    assert!(env.is_subtype(&int_to_int, &int_to_is));
    assert!(!env.is_subtype(&int_to_is, &int_to_int));
    assert!(env.is_subtype(&is_to_int, &int_to_int));
    assert!(!env.is_subtype(&int_to_int, &is_to_int));
    // Rest parameters: function(int...) <: function(int, int).
    let ints_rest = env.function_type(&sig(vec![], Some(int()), SemType::nil()));
    let two_ints = env.function_type(&sig(vec![int(), int()], None, SemType::nil()));
    assert!(env.is_subtype(&ints_rest, &two_ints));
    assert!(!env.is_subtype(&two_ints, &ints_rest));
    // Defaultable parameters: function(int, int = ..) accepts one or two arguments.
    let defaultable = env.function_type(&Signature {
        params: vec![int(), int()],
        required: 1,
        rest: None,
        ret: SemType::nil(),
    });
    let one_int = env.function_type(&sig(vec![int()], None, SemType::nil()));
    assert!(env.is_subtype(&defaultable, &one_int));
    assert!(env.is_subtype(&defaultable, &two_ints));
    assert!(!env.is_subtype(&one_int, &defaultable));
    // Every function type is a subtype of `function`.
    assert!(env.is_subtype(&int_to_int, &SemType::from_bits(bits::FUNCTION)));
    // Intersections of arrows: (int -> int) & (string -> string) <: (int|string) -> (int|string).
    let str_to_str = env.function_type(&sig(vec![string()], None, string()));
    let both = int_to_int.intersect(&str_to_str);
    let union_arrow = env.function_type(&sig(
        vec![int().union(&string())],
        None,
        int().union(&string()),
    ));
    assert!(env.is_subtype(&both, &union_arrow));
    assert!(!env.is_subtype(&union_arrow, &both));
    // The return type for given arguments.
    let args = env.tuple(&[int()], None);
    assert_eq!(
        env.function_return_type(&int_to_is, &args),
        int().union(&string())
    );
    assert_eq!(env.function_return_type(&both, &args), int());
    assert!(env.function_atom_of(&int_to_int).is_some());
}

#[test]
fn errors_and_distinct_types() {
    let mut env = Env::new();
    let error = SemType::from_bits(bits::ERROR);
    let detail = env.mapping_type(vec![field("code", int())], env.cloneable());
    let coded = env.error_type(&detail);
    assert!(env.is_subtype(&coded, &error));
    assert!(!env.is_subtype(&error, &coded));
    let d1 = env.error_distinct(1);
    let d2 = env.error_distinct(2);
    assert!(env.is_subtype(&d1, &error));
    assert!(!env.is_subtype(&d1, &d2));
    assert!(!env.is_empty(&d1.intersect(&d2)));
    assert!(env.is_empty(&d1.diff(&d1)));
    assert!(env.is_subtype(&d1.intersect(&coded), &coded));
    assert!(!env.is_subtype(&coded, &d1));
    assert!(!env.is_empty(&error.diff(&d1).diff(&d2)));
    // The detail type of an error type.
    let d = env.error_detail_type(&coded);
    assert!(env.is_same_type(&d, &env.readonly_part(&detail)));
    assert_eq!(env.mapping_member_type(&d, "code").ty, int());
    let any_detail = env.error_detail_type(&error);
    assert!(env.is_subtype(&d, &any_detail));
    assert!(env.is_readonly(&any_detail));
    let distinct_detail = env.error_detail_type(&d1.intersect(&coded));
    assert!(env.is_same_type(&distinct_detail, &d));
    // A detail that cannot exist makes the error type empty.
    let impossible = env.closed_record(vec![field("x", SemType::never())]);
    assert!(env.is_empty(&env.error_type(&impossible)));
}

#[test]
fn object_types() {
    use intc_types::{MemberKind, ObjectMember};
    let mut env = Env::new();
    let no_args = env.tuple(&[], None);
    let get_int = env.function_type_of(no_args.clone(), int());
    let with_x = env.object_type(vec![ObjectMember::field("x", int())], &[], false);
    let with_xy = env.object_type(
        vec![
            ObjectMember::field("x", SemType::byte()),
            ObjectMember::method("get", get_int.clone()),
        ],
        &[],
        false,
    );
    assert!(env.is_subtype(&with_xy, &with_x));
    assert!(!env.is_subtype(&with_x, &with_xy));
    assert!(env.is_subtype(&with_x, &SemType::from_bits(bits::OBJECT)));
    let distinct = env.object_type(vec![ObjectMember::field("x", int())], &[7], false);
    assert!(env.is_subtype(&distinct, &with_x));
    assert!(!env.is_subtype(&with_x, &distinct));
    let ro = env.object_type(vec![ObjectMember::field("x", int())], &[], true);
    assert!(env.is_readonly(&ro));
    assert!(env.is_subtype(&ro, &with_x));
    // A field of function type is not a method, nor a method a remote method.
    let field_get = env.object_type(
        vec![ObjectMember::field("get", get_int.clone())],
        &[],
        false,
    );
    let method_get = env.object_type(
        vec![ObjectMember::method("get", get_int.clone())],
        &[],
        false,
    );
    let remote_get = env.object_type(
        vec![ObjectMember {
            name: "get".into(),
            kind: MemberKind::RemoteMethod,
            ty: get_int.clone(),
        }],
        &[],
        false,
    );
    assert!(!env.is_subtype(&field_get, &method_get));
    assert!(!env.is_subtype(&remote_get, &method_get));
    assert!(env.is_subtype(&method_get, &method_get.union(&field_get)));
    // Member projections.
    let m = env.object_member_type(&with_xy, "get", MemberKind::Method);
    assert_eq!(m.ty, get_int);
    assert!(!m.may_be_absent);
    let f = env.object_member_type(&with_xy, "x", MemberKind::Field);
    assert_eq!(f.ty, SemType::byte());
    let absent = env.object_member_type(&with_x, "get", MemberKind::Method);
    assert!(absent.may_be_absent);
    // A recursive object type: `object { function next() returns Self?; }`.
    let def = MappingDefinition::new(&mut env);
    let this = def.object_semtype(&[], false);
    let next = env.function_type_of(no_args, this.union(&SemType::nil()));
    def.define_object(&mut env, vec![ObjectMember::method("next", next)]);
    assert!(!env.is_empty(&this));
    assert!(env.is_subtype(&this, &SemType::from_bits(bits::OBJECT)));
}

#[test]
fn parameterised_basic_types() {
    let mut env = Env::new();
    let is = int().union(&string());
    let fi = env.future(&int());
    let fis = env.future(&is);
    assert!(env.is_subtype(&fi, &fis));
    assert!(!env.is_subtype(&fis, &fi));
    assert!(env.is_subtype(&fis, &SemType::from_bits(bits::FUTURE)));
    let ti = env.typedesc(&int());
    let tis = env.typedesc(&is);
    assert!(env.is_subtype(&ti, &tis));
    assert!(!env.is_subtype(&tis, &ti));
    assert!(!env.is_empty(&tis.diff(&ti)));
    let ts = env.typedesc(&string());
    // typedesc<int|string> holds typedesc values describing int|string itself.
    assert!(!env.is_empty(&tis.diff(&ti).diff(&ts)));
    let si = env.stream(&int(), &SemType::nil());
    let sie = env.stream(
        &int(),
        &SemType::nil().union(&SemType::from_bits(bits::ERROR)),
    );
    assert!(env.is_subtype(&si, &sie));
    assert!(!env.is_subtype(&sie, &si));
    let row = env.closed_record(vec![field("id", int())]);
    let row2 = env.mapping_type(vec![field("id", int())], env.anydata());
    let t1 = env.table(&row);
    let t2 = env.table(&row2);
    assert!(env.is_subtype(&t1, &t2));
    assert!(!env.is_subtype(&t2, &t1));
    assert!(env.is_subtype(&t1, &env.anydata()));
    assert_eq!(
        env.box_parameter(&ti, intc_types::BasicTypeCode::TYPEDESC, 0),
        int()
    );
}

#[test]
fn xml_types() {
    let env = Env::new();
    use intc_types::xml::kinds;
    let element = SemType::xml_item(kinds::ELEMENT);
    let text = SemType::xml_item(kinds::TEXT);
    let elements = SemType::xml_sequence(kinds::ELEMENT);
    assert!(env.is_subtype(&element, &elements));
    assert!(env.is_subtype(&elements, &SemType::xml()));
    assert!(!env.is_subtype(&text, &elements));
    assert!(env.is_readonly(&text));
    assert!(!env.is_readonly(&element));
    assert!(env.is_empty(&element.intersect(&text)));
}

#[test]
fn single_values_and_basic_types() {
    let mut env = Env::new();
    use intc_types::SingleValue;
    assert_eq!(
        env.single_value(&SemType::int_const(3)),
        Some(SingleValue::Int(3))
    );
    assert_eq!(
        env.single_value(&SemType::string_const("hi")),
        Some(SingleValue::String("hi".into()))
    );
    assert_eq!(env.single_value(&SemType::nil()), Some(SingleValue::Nil));
    assert_eq!(
        env.single_value(&SemType::boolean_const(true)),
        Some(SingleValue::Boolean(true))
    );
    assert_eq!(env.single_value(&int()), None);
    assert_eq!(env.single_value(&SemType::int_range(1, 2)), None);
    // A semantically empty list part does not count as a basic type.
    let def = ListDefinition::new(&mut env);
    let t = def.semtype();
    let t = def.define(&mut env, vec![t], 1, SemType::never());
    assert_eq!(env.basic_types(&t.union(&int())), bits::INT);
    assert_eq!(
        env.single_value(&t.union(&SemType::int_const(5))),
        Some(SingleValue::Int(5))
    );
}

#[test]
fn narrowing() {
    let mut env = Env::new();
    let ty = int().union(&string()).union(&SemType::nil());
    assert_eq!(env.narrow(&ty, &int()), int());
    assert!(env.is_same_type(
        &env.narrow_negative(&ty, &SemType::nil()),
        &int().union(&string())
    ));
    // A mutable list failing `is int[]` may still have int members only.
    let is = int().union(&string());
    let lists = env.array_of(&is);
    let ints = env.array_of(&int());
    let after = env.narrow_negative(&lists, &ints);
    assert!(env.is_subtype(&lists.diff(&SemType::readonly()), &after));
    // Its immutable half is narrowed by shape: an immutable list outside int[] has a string.
    let ro_after = env.readonly_part(&after);
    let ro_ints = env.readonly_part(&ints);
    assert!(env.is_empty(&ro_after.intersect(&ro_ints)));
    // A mutable half wholly inside the tested type is excluded.
    let after_all = env.narrow_negative(&ints.union(&int()), &lists);
    assert!(env.is_same_type(&after_all, &int()));
}

#[test]
fn components_and_widening() {
    let mut env = Env::new();
    let r1 = env.closed_record(vec![field("a", int())]);
    let r2 = env.closed_record(vec![field("b", string())]);
    let ints = env.array_of(&int());
    let t = r1
        .union(&r2)
        .union(&ints)
        .union(&SemType::int_const(3))
        .union(&SemType::nil());
    let parts = env.components(&t);
    assert_eq!(parts.len(), 5);
    assert_eq!(parts[0], SemType::nil());
    assert_eq!(parts[1], SemType::int_const(3));
    assert!(env.is_same_type(&parts[2], &ints));
    let union = parts.iter().fold(SemType::never(), |acc, p| acc.union(p));
    assert!(env.is_same_type(&union, &t));
    assert!(parts.iter().any(|p| env.is_same_type(p, &r1)));
    assert!(parts.iter().any(|p| env.is_same_type(p, &r2)));
    let lit = SemType::int_const(1).union(&SemType::string_const("a"));
    assert_eq!(env.widen(&lit), int().union(&string()));
    assert_eq!(env.widen(&SemType::nil()), SemType::nil());
}

/// Unions of many disjoint alternatives stay cheap (no exponential search).
#[test]
fn wide_unions_of_tagged_records_and_tuples() {
    let mut env = Env::new();
    let mut records = SemType::never();
    let mut tuples = SemType::never();
    for k in 0..40 {
        let tag = SemType::string_const(&format!("k{k}"));
        let r = env.closed_record(vec![field("kind", tag.clone()), field("v", int())]);
        records = records.union(&r);
        let t = env.tuple(&[tag, int(), string(), int(), string()], None);
        tuples = tuples.union(&t);
    }
    let one = env.closed_record(vec![
        field("kind", SemType::string_const("k7")),
        field("v", SemType::byte()),
    ]);
    assert!(env.is_subtype(&one, &records));
    let other = env.closed_record(vec![
        field("kind", SemType::string_const("zz")),
        field("v", int()),
    ]);
    assert!(!env.is_subtype(&other, &records));
    let t = env.tuple(
        &[
            SemType::string_const("k39"),
            SemType::byte(),
            string(),
            int(),
            SemType::string_char(),
        ],
        None,
    );
    assert!(env.is_subtype(&t, &tuples));
    let all_kinds = env.closed_record(vec![field("kind", string()), field("v", int())]);
    assert!(!env.is_subtype(&all_kinds, &records));
    assert!(env.is_subtype(&records, &all_kinds));
}

#[test]
fn extreme_lengths_and_ranges() {
    let mut env = Env::new();
    let huge = env.fixed_array(&int(), usize::MAX);
    let ints = env.array_of(&int());
    assert!(env.is_subtype(&huge, &ints));
    assert!(!env.is_subtype(&ints, &huge));
    assert!(!env.is_empty(&huge));
    let huge_bytes = env.fixed_array(&SemType::byte(), usize::MAX);
    assert!(env.is_subtype(&huge_bytes, &huge));
    let almost = env.fixed_array(&int(), usize::MAX - 1);
    assert!(env.is_empty(&huge.intersect(&almost)));
    let all = SemType::int_range(i64::MIN, i64::MAX);
    assert_eq!(all, int());
    let top = SemType::int_range(i64::MAX, i64::MAX);
    assert!(env.is_subtype(&top, &int()));
    assert_eq!(env.display(&int().diff(&top).union(&top)), "int");
    assert!(env.finite_values(&int().diff(&top)).is_none());
}

/// Many record types with shared fields: checks stay fast (memoised, no blow-up).
#[test]
fn many_records_check_quickly() {
    let mut env = Env::new();
    let start = std::time::Instant::now();
    let mut records = Vec::new();
    for k in 0..200 {
        let mut fields: Vec<(String, SemType, bool)> = (0..10)
            .map(|f| {
                (
                    format!("f{f}"),
                    if (k + f) % 3 == 0 { int() } else { string() },
                    f % 4 == 0,
                )
            })
            .collect();
        fields.push((format!("own{k}"), SemType::boolean(), false));
        records.push(env.mapping_type(fields, env.anydata()));
    }
    let union = records.iter().fold(SemType::never(), |acc, r| acc.union(r));
    let map_anydata = env.map_anydata();
    let mut subtypes = 0;
    for (i, r) in records.iter().enumerate() {
        assert!(env.is_subtype(r, &union));
        assert!(env.is_subtype(r, &map_anydata));
        if env.is_subtype(r, &records[(i + 3) % records.len()]) {
            subtypes += 1;
        }
    }
    assert_eq!(subtypes, 0);
    assert!(env.is_subtype(&union, &map_anydata));
    assert!(!env.is_subtype(&map_anydata, &union));
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
}

#[test]
fn member_types_for_key_types() {
    let mut env = Env::new();
    let t = env.tuple(&[int(), string()], Some(&SemType::boolean()));
    let first_two = SemType::int_range(0, 1);
    assert!(env.is_same_type(
        &env.list_member_type_for(&t, &first_two),
        &int().union(&string())
    ));
    assert_eq!(
        env.list_member_type_for(&t, &SemType::int_const(5)),
        SemType::boolean()
    );
    let any_index = env.list_member_type_for(&t, &int());
    assert!(env.is_same_type(
        &any_index,
        &int().union(&string()).union(&SemType::boolean())
    ));
    assert!(env.is_empty(&env.list_member_type_for(&t, &SemType::int_const(-1))));
    let rec = env.closed_record(vec![field("a", int()), optional("b", string())]);
    let ab = SemType::string_const("a").union(&SemType::string_const("b"));
    let f = env.mapping_member_type_for(&rec, &ab);
    assert!(env.is_same_type(&f.ty, &int().union(&string())));
    assert!(f.may_be_absent);
    let fa = env.mapping_member_type_for(&rec, &SemType::string_const("a"));
    assert_eq!(fa.ty, int());
    assert!(!fa.may_be_absent);
    let any_key = env.mapping_member_type_for(&rec, &string());
    assert!(any_key.may_be_absent);
}

#[test]
fn isolated_functions() {
    let mut env = Env::new();
    let sig = |params: Vec<SemType>, ret: SemType| Signature {
        required: params.len(),
        params,
        rest: None,
        ret,
    };
    let int_to_int = env.function_type(&sig(vec![int()], int()));
    let int_to_is = env.function_type(&sig(vec![int()], int().union(&string())));
    let iso = env.isolated_functions();
    let iso_int_to_int = int_to_int.intersect(&iso);
    let iso_int_to_is = int_to_is.intersect(&iso);
    // An isolated function type is a subtype of the plain one, not the other way round.
    assert!(env.is_subtype(&iso_int_to_int, &int_to_int));
    assert!(!env.is_subtype(&int_to_int, &iso_int_to_int));
    // Arrows keep their variance under isolation.
    assert!(env.is_subtype(&iso_int_to_int, &iso_int_to_is));
    assert!(!env.is_subtype(&iso_int_to_is, &iso_int_to_int));
    assert!(!env.is_subtype(
        &iso_int_to_int,
        &int_to_int.diff(&iso).union(&int_to_is.diff(&iso))
    ));
    assert!(!env.is_empty(&iso_int_to_int));
    assert!(!env.is_empty(&int_to_int.diff(&iso)));
    assert!(env.is_empty(&iso_int_to_int.diff(&iso)));
    // Every isolated function is a function, and a function.
    assert!(env.is_subtype(&iso, &SemType::from_bits(bits::FUNCTION)));
    let args = env.tuple(&[int()], None);
    assert_eq!(env.function_return_type(&iso_int_to_int, &args), int());
    assert_eq!(
        env.display(&iso_int_to_int),
        "isolated function (int) returns (int)"
    );
}

#[test]
fn zero_length_arrays_hold_the_empty_list() {
    let mut env = Env::new();
    let empty_element = env.fixed_array(&SemType::never(), 0);
    let no_members = env.tuple(&[], None);
    assert!(!env.is_empty(&empty_element));
    assert!(env.is_same_type(&empty_element, &no_members));
    let ints = env.fixed_array(&int(), 0);
    assert!(env.is_same_type(&ints, &no_members));
}

#[test]
fn table_key_constraints() {
    use intc_types::TableKey;
    let mut env = Env::new();
    let row = env.closed_record(vec![field("id", int()), field("name", string())]);
    let id = vec!["id".to_string()];
    let name = vec!["name".to_string()];
    let both = vec!["id".to_string(), "name".to_string()];
    let plain = env.table(&row);
    let by_id = env.table_with_key(&row, TableKey::Fields(&id, Some(&int())));
    let by_name = env.table_with_key(&row, TableKey::Fields(&name, Some(&string())));
    let pair = env.tuple(&[int(), string()], None);
    let by_both = env.table_with_key(&row, TableKey::Fields(&both, Some(&pair)));
    let keyless = env.table_with_key(&row, TableKey::Fields(&[], None));
    // table<R> key(k) <: table<R>, not the other way.
    assert!(env.is_subtype(&by_id, &plain));
    assert!(!env.is_subtype(&plain, &by_id));
    // Different key sequences are unrelated.
    assert!(!env.is_subtype(&by_id, &by_name));
    assert!(!env.is_subtype(&by_name, &by_id));
    assert!(!env.is_subtype(&by_id, &by_both));
    // key(k) <: key<K> when the key values belong to K.
    let key_int = env.table_with_key(&row, TableKey::Type(&int()));
    let key_string = env.table_with_key(&row, TableKey::Type(&string()));
    assert!(env.is_subtype(&by_id, &key_int));
    assert!(!env.is_subtype(&by_id, &key_string));
    assert!(!env.is_subtype(&key_int, &by_id));
    let key_pair = env.table_with_key(&row, TableKey::Type(&pair));
    assert!(env.is_subtype(&by_both, &key_pair));
    // A keyless table satisfies key<never> (and so every key<K>).
    let key_never = env.table_with_key(&row, TableKey::Type(&SemType::never()));
    assert!(env.is_subtype(&keyless, &key_never));
    assert!(env.is_subtype(&keyless, &key_int));
    assert!(!env.is_subtype(&by_id, &key_never));
    // Unknown key values (the run time's types) still separate key sequences.
    let by_id_unknown = env.table_with_key(&row, TableKey::Fields(&id, None));
    assert!(env.is_subtype(&by_id, &by_id_unknown));
    assert!(!env.is_subtype(&by_id_unknown, &by_name));
    // Readonly tables keep their key constraint.
    let ro = by_id.intersect(&SemType::readonly());
    assert!(env.is_subtype(&ro, &by_id));
    assert!(!env.is_subtype(&ro, &by_name));
    assert_eq!(
        env.display(&by_both),
        "table<record {| int id; string name; |}> key(id, name)"
    );
    assert_eq!(
        env.display(&key_int),
        "table<record {| int id; string name; |}> key<int>"
    );
}
