//! Type table tests: membership with inherent types, subtyping, names.

use super::*;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_ir::{IntSubtype, RecordField, Singleton};

struct Fixture {
    table: TypeTable,
    int: TypeId,
    string: TypeId,
    int_list: TypeId,
    int_or_string_list: TypeId,
    person: TypeId,
    open_person: TypeId,
    json_list: TypeId,
    int_pair: TypeId,
}

fn fixture() -> Fixture {
    let mut defs = Vec::new();
    let mut add = |def: TypeDef| {
        defs.push(def);
        TypeId(defs.len() as u32 - 1)
    };
    let int = add(TypeDef::anonymous(TypeKind::Int));
    let string = add(TypeDef::anonymous(TypeKind::String));
    let int_or_string = add(TypeDef::anonymous(TypeKind::Union(vec![int, string])));
    let int_list = add(TypeDef::anonymous(TypeKind::Array {
        element: int,
        length: None,
    }));
    let int_or_string_list = add(TypeDef::anonymous(TypeKind::Array {
        element: int_or_string,
        length: None,
    }));
    let field = |name: &str, ty| RecordField {
        name: name.into(),
        ty,
        optional: false,
        readonly: false,
    };
    let person = add(TypeDef::named(
        "Person",
        TypeKind::Record {
            fields: vec![field("name", string), field("age", int)],
            rest: None,
        },
    ));
    let json = add(TypeDef::anonymous(TypeKind::Json));
    let open_person = add(TypeDef::named(
        "OpenPerson",
        TypeKind::Record {
            fields: vec![field("name", string)],
            rest: Some(json),
        },
    ));
    let json_list = add(TypeDef::anonymous(TypeKind::Array {
        element: json,
        length: None,
    }));
    let int_pair = add(TypeDef::anonymous(TypeKind::Tuple {
        members: vec![int, int],
        rest: None,
    }));
    let table = TypeTable::new(defs, &[], &[]);
    Fixture {
        table,
        int,
        string,
        int_list,
        int_or_string_list,
        person,
        open_person,
        json_list,
        int_pair,
    }
}

fn list(ty: TypeId, items: Vec<Value>) -> Value {
    Value::List(ListObj::new(ty, items))
}

fn record(ty: TypeId, entries: &[(&str, Value)]) -> Value {
    let mut m = ValueMap::default();
    for (k, v) in entries {
        m.insert(MapKey::new(k), v.clone());
    }
    Value::Map(MapObj::new(ty, m))
}

#[test]
fn simple_values_belong_by_basic_type_and_range() {
    let f = fixture();
    let t = &f.table;
    assert!(t.value_belongs(&Value::Int(3), f.int));
    assert!(!t.value_belongs(&Value::Int(3), f.string));
    assert!(t.value_belongs(&Value::Int(200), t.well_known.byte));
    assert!(!t.value_belongs(&Value::Int(256), t.well_known.byte));
    assert!(t.value_belongs(&Value::Nil, t.well_known.json));
    assert!(!t.value_belongs(&Value::Nil, t.well_known.any_list));
    let err = crate::error::builtin_error(t, "x", "y");
    assert!(!t.value_belongs(&err, t.well_known.any));
    assert!(t.value_belongs(&err, t.well_known.error));
    assert!(t.value_belongs(&err, t.well_known.any_or_error));
}

#[test]
fn mutable_lists_are_judged_by_inherent_type() {
    let f = fixture();
    let t = &f.table;
    let ints = list(f.int_list, vec![Value::Int(1)]);
    let mixed = list(f.int_or_string_list, vec![Value::Int(1)]);
    assert!(t.value_belongs(&ints, f.int_list));
    assert!(
        t.value_belongs(&ints, f.int_or_string_list),
        "int[] <: (int|string)[]"
    );
    assert!(
        !t.value_belongs(&mixed, f.int_list),
        "inherent type may later hold strings"
    );
    assert!(t.value_belongs(&ints, t.well_known.anydata));
    assert!(t.value_belongs(&ints, f.json_list));
    assert!(!t.value_belongs(&ints, f.int_pair));
    if let Value::List(l) = &mixed {
        l.freeze();
    }
    assert!(
        t.value_belongs(&mixed, f.int_list),
        "immutable values are judged by shape"
    );
}

#[test]
fn records_respect_closedness_and_fields() {
    let f = fixture();
    let t = &f.table;
    let p = record(
        f.person,
        &[("name", Value::string("a")), ("age", Value::Int(3))],
    );
    assert!(t.value_belongs(&p, f.person));
    assert!(
        t.value_belongs(&p, f.open_person),
        "closed Person <: open record with json rest"
    );
    assert!(t.value_belongs(&p, t.well_known.anydata_map));
    let o = record(f.open_person, &[("name", Value::string("a"))]);
    assert!(!t.value_belongs(&o, f.person));
    assert_eq!(t.map_member_type(f.person, "zzz"), None);
    assert_eq!(t.map_member_type(f.person, "age"), Some(f.int));
}

#[test]
fn subtyping_handles_unions_singletons_and_readonly() {
    let mut f = fixture();
    let one = f
        .table
        .add(TypeDef::anonymous(TypeKind::Singleton(Singleton::Int(1))));
    let small = f.table.add(TypeDef::anonymous(TypeKind::IntSubtype(
        IntSubtype::Signed8,
    )));
    let ro = f
        .table
        .add(TypeDef::anonymous(TypeKind::ReadonlyOf(f.int_list)));
    let t = &f.table;
    assert!(t.is_subtype(one, f.int));
    assert!(t.is_subtype(one, small));
    assert!(t.is_subtype(small, f.int));
    assert!(!t.is_subtype(f.int, small));
    assert!(t.is_subtype(ro, f.int_list));
    assert!(t.is_subtype(ro, t.well_known.readonly));
    assert!(!t.is_subtype(f.int_list, ro));
}

#[test]
fn type_names_follow_ballerina_syntax() {
    let f = fixture();
    let t = &f.table;
    assert_eq!(t.type_name(f.int_list), "int[]");
    assert_eq!(t.type_name(f.int_or_string_list), "(int|string)[]");
    assert_eq!(t.type_name(f.person), "Person");
    assert_eq!(t.type_name(f.int_pair), "[int,int]");
    assert_eq!(t.type_name(t.well_known.string_map), "map<string>");
    assert_eq!(t.value_type_name(&list(f.int_list, vec![])), "int[]");
}

#[test]
fn list_member_types_and_fixed_lengths() {
    let mut f = fixture();
    let fixed = f.table.add(TypeDef::anonymous(TypeKind::Array {
        element: f.int,
        length: Some(2),
    }));
    let t = &f.table;
    assert_eq!(t.list_member_type(fixed, 1), Some(f.int));
    assert_eq!(t.list_member_type(fixed, 2), None);
    assert_eq!(t.list_member_type(f.int_pair, 2), None);
    assert_eq!(t.list_fixed_length(f.int_pair), Some(2));
    assert_eq!(t.list_member_type(f.int_list, 99), Some(f.int));
    let _ = f.string;
}

#[test]
fn record_defaults_are_found_by_record_and_field() {
    let mut f = fixture();
    assert!(f.table.record_default(f.person, "age").is_none());
    f.table
        .set_record_default(f.person, "age".to_string(), Value::Int(7));
    assert!(matches!(
        f.table.record_default(f.person, "age"),
        Some(Value::Int(7))
    ));
    assert!(f.table.record_default(f.person, "name").is_none());
    assert!(f.table.record_default(f.open_person, "age").is_none());
}

#[test]
fn names_keep_written_forms_the_set_forgets() {
    let mut f = fixture();
    let t = &mut f.table;
    let string_or_int = t.add(TypeDef::anonymous(TypeKind::Union(vec![f.string, f.int])));
    let nil = t.well_known.nil;
    let optional = t.add(TypeDef::anonymous(TypeKind::Union(vec![
        string_or_int,
        nil,
    ])));
    let map = t.add(TypeDef::anonymous(TypeKind::Map(string_or_int)));
    let pair_list = t.add(TypeDef::anonymous(TypeKind::Array {
        element: f.int_pair,
        length: None,
    }));
    let alias = t.add(TypeDef::named("Id", TypeKind::Int));
    let alias_list = t.add(TypeDef::anonymous(TypeKind::Array {
        element: alias,
        length: None,
    }));
    // jBallerina's runtime parenthesises a union of more than one non-nil member.
    assert_eq!(t.type_name(string_or_int), "(string|int)");
    assert_eq!(t.type_name(optional), "(string|int)?");
    // Nested, one set has one name: the fixture's `int|string` was registered first.
    assert_eq!(t.type_name(map), "map<(int|string)>");
    // A tuple stays a tuple (as a set it is `int[2]`).
    assert_eq!(t.type_name(pair_list), "[int,int][]");
    // An alias of a simple type prints by structure when nested.
    assert_eq!(t.type_name(alias_list), "int[]");
    assert_eq!(t.type_name(alias), "Id");
}

#[test]
fn fillers_are_built_from_intc_types_descriptions() {
    let mut f = fixture();
    let t = &mut f.table;
    let pair_of_lists = t.add(TypeDef::anonymous(TypeKind::Tuple {
        members: vec![f.int_list, f.int_pair],
        rest: None,
    }));
    let one = t.add(TypeDef::anonymous(TypeKind::Singleton(Singleton::Int(1))));
    let two = t.add(TypeDef::anonymous(TypeKind::Singleton(Singleton::Int(2))));
    let one_or_two = t.add(TypeDef::anonymous(TypeKind::Union(vec![one, two])));
    let ro_list = t.add(TypeDef::anonymous(TypeKind::ReadonlyOf(f.int_list)));
    let t = &f.table;
    let Some(Value::List(filled)) = t.filler(pair_of_lists) else {
        panic!("a tuple of lists has a filler");
    };
    assert_eq!(filled.ty, pair_of_lists);
    let items = filled.items();
    assert!(matches!(&items[0], Value::List(l) if l.ty == f.int_list && l.is_empty()));
    assert!(matches!(&items[1], Value::List(l) if l.ty == f.int_pair && l.len() == 2));
    assert!(matches!(t.filler(one), Some(Value::Int(1))));
    assert!(t.filler(one_or_two).is_none());
    assert!(matches!(t.filler(ro_list), Some(Value::List(l)) if l.is_frozen()));
    // A required field without a default: no filler.
    assert!(t.filler(f.person).is_none());
}
