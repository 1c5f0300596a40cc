//! Subtyping through intc-types: the IR's type kinds, including recursive types, convert to
//! the sets of values the spec gives them.

use super::TypeTable;
use intc_ir::{ClassId, ObjectField, RecordField, TypeDef, TypeId, TypeKind};

/// A type table under construction: the program's types are added one by one (ids may be
/// referred to before they are defined, for recursive types).
struct Types {
    defs: Vec<TypeDef>,
}

impl Types {
    fn new() -> Types {
        Types { defs: Vec::new() }
    }

    fn add(&mut self, kind: TypeKind) -> TypeId {
        self.defs.push(TypeDef::anonymous(kind));
        TypeId(self.defs.len() as u32 - 1)
    }

    /// The id the next `add` returns.
    fn next(&self) -> TypeId {
        TypeId(self.defs.len() as u32)
    }

    fn table(self) -> TypeTable {
        TypeTable::new(self.defs, &[], &[])
    }
}

fn field(name: &str, ty: TypeId) -> RecordField {
    RecordField {
        name: name.into(),
        ty,
        optional: false,
        readonly: false,
    }
}

fn array(element: TypeId) -> TypeKind {
    TypeKind::Array {
        element,
        length: None,
    }
}

#[test]
fn recursive_unions_through_lists_and_maps_are_exact() {
    // type J ()|int|J[]|map<J>;
    let mut ty = Types::new();
    let nil = ty.add(TypeKind::Nil);
    let int = ty.add(TypeKind::Int);
    let string = ty.add(TypeKind::String);
    let j = ty.next();
    let j_list = TypeId(j.0 + 1);
    let j_map = TypeId(j.0 + 2);
    ty.add(TypeKind::Union(vec![nil, int, j_list, j_map]));
    ty.add(array(j));
    ty.add(TypeKind::Map(j));
    let int_list = ty.add(array(int));
    let nested = ty.add(array(int_list));
    let string_list = ty.add(array(string));
    let t = ty.table();
    let w = t.well_known;
    assert!(t.is_subtype(j, w.json));
    assert!(t.is_subtype(j_list, w.anydata));
    assert!(!t.is_subtype(w.json, j));
    assert!(t.is_subtype(nested, j));
    assert!(t.is_subtype(nested, j_list));
    assert!(!t.is_subtype(string_list, j));
    assert!(t.is_subtype(w.int_list, j_list));
}

#[test]
fn recursive_readonly_records_keep_their_immutability() {
    // type Node readonly & record {| int v; Node? next; |};
    let mut ty = Types::new();
    let nil = ty.add(TypeKind::Nil);
    let int = ty.add(TypeKind::Int);
    let node = ty.next();
    let record = TypeId(node.0 + 1);
    let node_or_nil = TypeId(node.0 + 2);
    ty.add(TypeKind::ReadonlyOf(record));
    ty.add(TypeKind::Record {
        fields: vec![field("v", int), field("next", node_or_nil)],
        rest: None,
    });
    ty.add(TypeKind::Union(vec![node, nil]));
    let t = ty.table();
    assert!(t.is_subtype(node, t.well_known.readonly));
    assert!(t.is_subtype(node, record));
    assert!(!t.is_subtype(record, node));
    assert!(t.is_subtype(node, t.well_known.anydata_map));
    assert!(!t.is_subtype(node, t.well_known.string_map));
}

#[test]
fn tuples_fixed_arrays_and_records_compare_by_their_values() {
    let mut ty = Types::new();
    let int = ty.add(TypeKind::Int);
    let string = ty.add(TypeKind::String);
    let json = ty.add(TypeKind::Json);
    let pair = ty.add(TypeKind::Tuple {
        members: vec![int, int],
        rest: None,
    });
    let two = ty.add(TypeKind::Array {
        element: int,
        length: Some(2),
    });
    let int_list = ty.add(array(int));
    let at_least_one = ty.add(TypeKind::Tuple {
        members: vec![int],
        rest: Some(int),
    });
    let person = ty.add(TypeKind::Record {
        fields: vec![field("name", string), field("age", int)],
        rest: None,
    });
    let open = ty.add(TypeKind::Record {
        fields: vec![field("name", string)],
        rest: Some(json),
    });
    let t = ty.table();
    assert!(t.is_subtype(pair, two) && t.is_subtype(two, pair));
    assert!(t.is_subtype(pair, int_list));
    assert!(t.is_subtype(pair, at_least_one));
    assert!(!t.is_subtype(int_list, at_least_one));
    assert!(t.is_subtype(at_least_one, int_list));
    assert!(t.is_subtype(person, open));
    assert!(!t.is_subtype(open, person));
    assert!(t.is_subtype(person, t.well_known.anydata_map));
}

#[test]
fn function_types_are_contravariant_in_their_parameters() {
    let mut ty = Types::new();
    let int = ty.add(TypeKind::Int);
    let string = ty.add(TypeKind::String);
    let int_or_string = ty.add(TypeKind::Union(vec![int, string]));
    let wide_in = ty.add(TypeKind::Function {
        params: vec![int_or_string],
        rest: None,
        ret: int,
        isolated: false,
        transactional: false,
    });
    let wide_out = ty.add(TypeKind::Function {
        params: vec![int],
        rest: None,
        ret: int_or_string,
        isolated: false,
        transactional: false,
    });
    let any_function = ty.add(TypeKind::AnyFunction);
    let t = ty.table();
    assert!(t.is_subtype(wide_in, wide_out));
    assert!(!t.is_subtype(wide_out, wide_in));
    assert!(t.is_subtype(wide_out, any_function));
    assert!(t.is_subtype(wide_in, t.well_known.readonly));
}

#[test]
fn a_plain_function_type_is_a_subtype_of_the_transactional_one() {
    let mut ty = Types::new();
    let int = ty.add(TypeKind::Int);
    let function = |transactional| TypeKind::Function {
        params: vec![int],
        rest: None,
        ret: int,
        isolated: false,
        transactional,
    };
    let plain = ty.add(function(false));
    let transactional = ty.add(function(true));
    let any_function = ty.add(TypeKind::AnyFunction);
    let t = ty.table();
    assert!(t.is_subtype(plain, transactional));
    assert!(!t.is_subtype(transactional, plain));
    assert!(t.is_subtype(transactional, any_function));
}

#[test]
fn isolated_function_types_admit_only_isolated_signatures() {
    let mut ty = Types::new();
    let int = ty.add(TypeKind::Int);
    let function = |isolated| TypeKind::Function {
        params: vec![int],
        rest: None,
        ret: int,
        isolated,
        transactional: false,
    };
    let plain = ty.add(function(false));
    let isolated = ty.add(function(true));
    let isolated_or_int = ty.add(TypeKind::Union(vec![isolated, int]));
    let t = ty.table();
    assert!(t.is_subtype(isolated, plain));
    assert!(!t.is_subtype(plain, isolated));
    // A type referring to an isolated function type keeps the restriction.
    assert!(!t.is_subtype(plain, isolated_or_int));
    assert!(t.is_subtype(isolated, isolated_or_int));
}

#[test]
fn class_types_are_nominal_and_satisfy_object_types_structurally() {
    let mut ty = Types::new();
    let int = ty.add(TypeKind::Int);
    let object = |class: Option<u32>| TypeKind::Object {
        fields: vec![ObjectField {
            name: "x".into(),
            ty: int,
        }],
        methods: Vec::new(),
        distinct_ids: Vec::new(),
        class: class.map(ClassId),
    };
    let a = ty.add(object(Some(0)));
    let b = ty.add(object(Some(1)));
    let structural = ty.add(object(None));
    let t = ty.table();
    assert!(!t.is_subtype(a, b));
    assert!(t.is_subtype(a, structural));
    assert!(!t.is_subtype(structural, a));
}

#[test]
fn distinct_errors_need_their_identity() {
    let mut ty = Types::new();
    let distinct = ty.add(TypeKind::Error {
        detail: None,
        distinct_ids: vec![1],
    });
    let other = ty.add(TypeKind::Error {
        detail: None,
        distinct_ids: vec![2],
    });
    let t = ty.table();
    let error = t.well_known.error;
    assert!(t.is_subtype(distinct, error));
    assert!(!t.is_subtype(error, distinct));
    assert!(!t.is_subtype(distinct, other));
    assert!(!t.is_subtype(error, t.well_known.any));
    assert!(t.is_subtype(distinct, t.well_known.any_or_error));
}

#[test]
fn types_added_at_run_time_and_unknown_ids_convert() {
    let mut ty = Types::new();
    let int = ty.add(TypeKind::Int);
    // A cycle of unions alone has no value.
    let a = ty.next();
    ty.add(TypeKind::Union(vec![TypeId(a.0 + 1)]));
    ty.add(TypeKind::Union(vec![a]));
    let mut t = ty.table();
    assert!(t.is_subtype(a, int));
    assert!(!t.is_subtype(int, a));
    let later = t.add(TypeDef::anonymous(array(int)));
    assert!(t.is_subtype(later, t.well_known.int_list));
    assert!(t.is_subtype(TypeId(u32::MAX), int));
}

mod membership {
    use super::*;
    use crate::value::{ErrorObj, ListObj, MapKey, MapObj, Value, ValueMap};
    use std::rc::Rc;

    fn frozen_list(ty: TypeId, items: Vec<Value>) -> Value {
        let list = ListObj::new(ty, items);
        list.freeze();
        Value::List(list)
    }

    fn frozen_map(ty: TypeId, entries: &[(&str, Value)]) -> Value {
        let mut m = ValueMap::default();
        for (k, v) in entries {
            m.insert(MapKey::new(k), v.clone());
        }
        let map = MapObj::new(ty, m);
        map.freeze();
        Value::Map(map)
    }

    #[test]
    fn immutable_values_of_any_depth_are_judged_by_shape() {
        // type Nested int|Nested[];
        let mut ty = Types::new();
        let int = ty.add(TypeKind::Int);
        let nested = ty.next();
        let nested_list = TypeId(nested.0 + 1);
        ty.add(TypeKind::Union(vec![int, nested_list]));
        ty.add(array(nested));
        let t = ty.table();
        let anydata_list = t.well_known.anydata_list;
        let mut value = Value::Int(1);
        for _ in 0..5000 {
            value = frozen_list(anydata_list, vec![value]);
        }
        assert!(t.value_belongs(&value, nested));
        assert!(!t.value_belongs(&value, t.well_known.int_list));
        // One string at the bottom makes it fall outside.
        let mut bad = Value::string("x");
        for _ in 0..5000 {
            bad = frozen_list(anydata_list, vec![bad]);
        }
        assert!(!t.value_belongs(&bad, nested));
        assert!(t.value_belongs(&bad, t.well_known.anydata));
    }

    #[test]
    fn mutable_structures_belong_through_their_inherent_type_only() {
        let mut ty = Types::new();
        let int = ty.add(TypeKind::Int);
        let pair = ty.add(TypeKind::Tuple {
            members: vec![int, int],
            rest: None,
        });
        let t = ty.table();
        let items = vec![Value::Int(1), Value::Int(2)];
        let mutable = Value::List(ListObj::new(t.well_known.int_list, items.clone()));
        let frozen = frozen_list(t.well_known.int_list, items);
        assert!(!t.value_belongs(&mutable, pair));
        assert!(t.value_belongs(&frozen, pair));
        assert!(t.value_belongs(&mutable, t.well_known.json));
        assert!(!t.value_belongs(&mutable, t.well_known.readonly));
        assert!(t.value_belongs(&frozen, t.well_known.readonly));
    }

    #[test]
    fn errors_belong_by_detail_and_distinct_identity() {
        let mut ty = Types::new();
        let int = ty.add(TypeKind::Int);
        let detail = ty.add(TypeKind::Record {
            fields: vec![field("code", int)],
            rest: None,
        });
        let coded = ty.add(TypeKind::Error {
            detail: Some(detail),
            distinct_ids: Vec::new(),
        });
        let distinct = ty.add(TypeKind::Error {
            detail: None,
            distinct_ids: vec![1],
        });
        let t = ty.table();
        let error = |ty: TypeId, code: Option<i64>| {
            let entries: Vec<(&str, Value)> =
                code.map(|c| ("code", Value::Int(c))).into_iter().collect();
            let detail = match frozen_map(t.well_known.readonly_detail, &entries) {
                Value::Map(m) => m,
                _ => unreachable!(),
            };
            Value::Error(ErrorObj::new(ty, Rc::new("e".into()), Value::Nil, detail))
        };
        let plain = error(t.well_known.error, None);
        let with_code = error(t.well_known.error, Some(7));
        let marked = error(distinct, None);
        assert!(t.value_belongs(&with_code, coded));
        assert!(!t.value_belongs(&plain, coded));
        assert!(t.value_belongs(&marked, distinct));
        assert!(!t.value_belongs(&plain, distinct));
        assert!(t.value_belongs(&plain, t.well_known.any_or_error));
        assert!(!t.value_belongs(&plain, t.well_known.any));
    }

    #[test]
    fn typedescs_belong_by_the_type_they_describe() {
        let mut ty = Types::new();
        let int = ty.add(TypeKind::Int);
        let string = ty.add(TypeKind::String);
        let int_or_string = ty.add(TypeKind::Union(vec![int, string]));
        let of_union = ty.add(TypeKind::Typedesc(int_or_string));
        let of_string = ty.add(TypeKind::Typedesc(string));
        let t = ty.table();
        assert!(t.value_belongs(&Value::Typedesc(int), of_union));
        assert!(!t.value_belongs(&Value::Typedesc(int), of_string));
        assert!(t.value_belongs(&Value::Typedesc(int), t.well_known.readonly));
    }
}

#[test]
fn key_type_constraints_read_the_key_fields_types() {
    // type Emp record {| readonly int id; readonly string name; |};
    let mut ty = Types::new();
    let int = ty.add(TypeKind::Int);
    let string = ty.add(TypeKind::String);
    let emp = ty.add(TypeKind::Record {
        fields: vec![field("id", int), field("name", string)],
        rest: None,
    });
    let pair = ty.add(TypeKind::Tuple {
        members: vec![int, string],
        rest: None,
    });
    let never = ty.add(TypeKind::Never);
    let table = |key: Option<Vec<&str>>, key_type: Option<TypeId>| TypeKind::Table {
        row: emp,
        key: key.map(|names| names.into_iter().map(String::from).collect()),
        key_type,
    };
    let by_id = ty.add(table(Some(vec!["id"]), None));
    let by_both = ty.add(table(Some(vec!["id", "name"]), None));
    let keyless = ty.add(table(Some(vec![]), None));
    let key_int = ty.add(table(None, Some(int)));
    let key_string = ty.add(table(None, Some(string)));
    let key_pair = ty.add(table(None, Some(pair)));
    let key_never = ty.add(table(None, Some(never)));
    let plain = ty.add(table(None, None));
    let t = ty.table();
    assert!(t.is_subtype(by_id, key_int));
    assert!(!t.is_subtype(by_id, key_string));
    assert!(!t.is_subtype(by_id, key_never));
    assert!(t.is_subtype(by_both, key_pair));
    assert!(!t.is_subtype(by_both, key_int));
    assert!(t.is_subtype(keyless, key_never));
    assert!(t.is_subtype(keyless, key_string));
    assert!(t.is_subtype(key_int, plain));
    assert!(!t.is_subtype(key_int, by_id));
}
