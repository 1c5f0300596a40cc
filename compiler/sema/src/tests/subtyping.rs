//! Subtyping, intersection, difference and display tables over the type arena.

use crate::model::*;
use crate::types::basic;

struct Fixture {
    t: TypeArena,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture {
            t: TypeArena::new(),
        }
    }
    fn union(&mut self, members: &[TypeId]) -> TypeId {
        self.t.union_of(members)
    }
    fn array(&mut self, e: TypeId) -> TypeId {
        self.t.array_of(e)
    }
    fn fixed(&mut self, e: TypeId, n: u32) -> TypeId {
        self.t.add(Type::Array {
            element: e,
            length: Some(n),
        })
    }
    fn tuple(&mut self, members: &[TypeId], rest: Option<TypeId>) -> TypeId {
        self.t.add(Type::Tuple {
            members: members.to_vec(),
            rest,
        })
    }
    fn map(&mut self, e: TypeId) -> TypeId {
        self.t.map_of(e)
    }
    fn record(&mut self, fields: &[(&str, TypeId, bool)], rest: Option<TypeId>) -> TypeId {
        let fields = fields
            .iter()
            .map(|(n, ty, optional)| RecordField {
                name: n.to_string(),
                ty: *ty,
                optional: *optional,
                readonly: false,
                default: None,
            })
            .collect();
        self.t.add(Type::Record(RecordType { fields, rest }))
    }
    fn string(&mut self, s: &str) -> TypeId {
        self.t.singleton(ConstValue::String(s.to_string()))
    }
    fn int(&mut self, i: i64) -> TypeId {
        self.t.singleton(ConstValue::Int(i))
    }
    fn function(&mut self, params: &[TypeId], ret: TypeId) -> TypeId {
        self.t.add(Type::Function(FunctionType {
            params: params.to_vec(),
            required: params.len(),
            rest: None,
            ret,
            is_isolated: false,
            is_transactional: false,
        }))
    }
    fn sub(&self, a: TypeId, b: TypeId) -> bool {
        self.t.is_subtype(a, b)
    }
}

const INT: TypeId = TypeArena::INT;
const STRING: TypeId = TypeArena::STRING;
const FLOAT: TypeId = TypeArena::FLOAT;
const NIL: TypeId = TypeArena::NIL;

#[test]
fn basic_types_and_any() {
    let f = Fixture::new();
    assert!(f.sub(INT, INT));
    assert!(!f.sub(INT, STRING));
    assert!(f.sub(INT, TypeArena::ANY));
    assert!(f.sub(TypeArena::BYTE, INT));
    assert!(!f.sub(INT, TypeArena::BYTE));
    assert!(!f.sub(TypeArena::ERROR, TypeArena::ANY));
    assert!(f.sub(TypeArena::ERROR, TypeArena::ANY_OR_ERROR));
    assert!(f.sub(TypeArena::NEVER, INT));
    assert!(f.sub(TypeArena::STRING_CHAR, STRING));
    assert!(f.sub(INT, TypeArena::READONLY));
    assert!(f.sub(TypeArena::ERROR, TypeArena::READONLY));
}

#[test]
fn unions_and_optionals() {
    let mut f = Fixture::new();
    let int_or_string = f.union(&[INT, STRING]);
    let opt_int = f.t.optional(INT);
    assert!(f.sub(INT, int_or_string));
    assert!(f.sub(STRING, int_or_string));
    assert!(!f.sub(int_or_string, INT));
    assert!(f.sub(NIL, opt_int));
    assert!(!f.sub(opt_int, INT));
    assert!(f.sub(opt_int, TypeArena::ANYDATA));
    assert_eq!(f.t.display(opt_int), "int?");
    assert_eq!(f.t.display(int_or_string), "(int|string)");
    let opt_union = f.t.optional(int_or_string);
    assert_eq!(f.t.display(opt_union), "(int|string)?");
    // Subsumed members vanish.
    let one = f.int(1);
    assert_eq!(f.union(&[INT, one]), INT);
}

#[test]
fn singletons_and_finite_types() {
    let mut f = Fixture::new();
    let get = f.string("GET");
    let post = f.string("POST");
    let method = f.union(&[get, post]);
    assert!(f.sub(get, method));
    assert!(f.sub(method, STRING));
    assert!(!f.sub(STRING, method));
    let two = f.int(2);
    let big = f.int(300);
    assert!(f.sub(two, TypeArena::BYTE));
    assert!(!f.sub(big, TypeArena::BYTE));
    let t = f.t.singleton(ConstValue::Boolean(true));
    let fl = f.t.singleton(ConstValue::Boolean(false));
    let both = f.union(&[t, fl]);
    assert!(f.sub(TypeArena::BOOLEAN, both));
    assert!(!f.sub(TypeArena::BOOLEAN, t));
}

#[test]
fn lists() {
    let mut f = Fixture::new();
    let ints = f.array(INT);
    let anys = f.array(TypeArena::ANY);
    let strings = f.array(STRING);
    let pair = f.tuple(&[INT, INT], None);
    let int_string = f.tuple(&[INT, STRING], None);
    let int_rest = f.tuple(&[INT], Some(INT));
    let three = f.fixed(INT, 3);
    let two = f.fixed(INT, 2);
    assert!(f.sub(ints, anys));
    assert!(!f.sub(anys, ints));
    assert!(!f.sub(strings, ints));
    assert!(f.sub(pair, ints));
    assert!(!f.sub(int_string, ints));
    assert!(f.sub(pair, int_rest));
    assert!(!f.sub(ints, int_rest));
    assert!(f.sub(int_rest, ints));
    assert!(f.sub(three, ints));
    assert!(!f.sub(ints, three));
    assert!(f.sub(two, pair));
    assert!(f.sub(pair, two));
    assert!(!f.sub(three, pair));
    assert!(f.sub(ints, TypeArena::JSON));
    assert!(f.sub(ints, TypeArena::ANYDATA));
}

#[test]
fn maps_and_records() {
    let mut f = Fixture::new();
    let opt_int = f.t.optional(INT);
    let person = f.record(&[("name", STRING, false), ("age", INT, false)], None);
    let open_person = f.record(
        &[("name", STRING, false), ("age", INT, false)],
        Some(TypeArena::ANYDATA),
    );
    let named = f.record(&[("name", STRING, false)], Some(TypeArena::ANYDATA));
    let closed_named = f.record(&[("name", STRING, false)], None);
    let optional_age = f.record(&[("name", STRING, false), ("age", opt_int, true)], None);
    let map_string = f.map(STRING);
    let map_anydata = TypeArena::MAP_ANYDATA;
    assert!(f.sub(person, named));
    assert!(f.sub(person, open_person));
    assert!(!f.sub(open_person, person));
    assert!(!f.sub(person, closed_named));
    assert!(f.sub(person, optional_age));
    assert!(!f.sub(optional_age, person));
    assert!(f.sub(person, map_anydata));
    assert!(!f.sub(person, map_string));
    assert!(f.sub(closed_named, map_string));
    assert!(f.sub(person, TypeArena::JSON));
    assert!(!f.sub(map_anydata, person));
}

#[test]
fn recursive_json_like_type() {
    let mut f = Fixture::new();
    // type J ()|int|string|J[]|map<J>;
    let slot = f.t.add_named("J", Type::Unknown);
    let arr = f.array(slot);
    let map = f.map(slot);
    f.t.set(slot, Type::Union(vec![NIL, INT, STRING, arr, map]));
    assert!(f.sub(slot, TypeArena::JSON));
    assert!(f.sub(slot, TypeArena::ANYDATA));
    assert!(f.sub(arr, slot));
    let ints = f.array(INT);
    assert!(f.sub(ints, slot));
    let floats = f.array(FLOAT);
    assert!(!f.sub(floats, slot));
    assert!(f.sub(TypeArena::JSON, TypeArena::ANYDATA));
    assert!(!f.sub(TypeArena::ANYDATA, TypeArena::JSON));
}

#[test]
fn errors_and_distinct() {
    let mut f = Fixture::new();
    let detail = f.record(&[("code", INT, false)], None);
    let coded = f.t.add(Type::Error(ErrorType {
        detail,
        distinct_ids: vec![],
    }));
    let distinct = f.t.add(Type::Error(ErrorType {
        detail: TypeArena::ERROR_DETAIL,
        distinct_ids: vec![7],
    }));
    let other = f.t.add(Type::Error(ErrorType {
        detail: TypeArena::ERROR_DETAIL,
        distinct_ids: vec![8],
    }));
    assert!(f.sub(coded, TypeArena::ERROR));
    assert!(!f.sub(TypeArena::ERROR, coded));
    assert!(f.sub(distinct, TypeArena::ERROR));
    assert!(!f.sub(TypeArena::ERROR, distinct));
    assert!(!f.sub(distinct, other));
}

#[test]
fn functions_are_contravariant_in_parameters() {
    let mut f = Fixture::new();
    let takes_any = f.function(&[TypeArena::ANY], INT);
    let takes_int = f.function(&[INT], INT);
    let returns_any = f.function(&[INT], TypeArena::ANY);
    assert!(f.sub(takes_any, takes_int));
    assert!(!f.sub(takes_int, takes_any));
    assert!(f.sub(takes_int, returns_any));
    assert!(!f.sub(returns_any, takes_int));
    assert!(f.sub(takes_int, TypeArena::ANY_FUNCTION));
}

/// Whether an isolated function type keeps its restriction inside a list or record must not
/// depend on which type was converted first: each case starts from a fresh arena, so the
/// container is converted in one batch with its element function type.
#[test]
fn isolated_function_types_inside_containers_whatever_is_converted_first() {
    fn fixture() -> (Fixture, TypeId, TypeId) {
        let mut f = Fixture::new();
        let plain = f.function(&[], INT);
        let iso = f.t.add(Type::Function(FunctionType {
            params: Vec::new(),
            required: 0,
            rest: None,
            ret: INT,
            is_isolated: true,
            is_transactional: false,
        }));
        (f, plain, iso)
    }
    let (mut f, plain, iso) = fixture();
    let (plains, isos) = (f.array(plain), f.array(iso));
    assert!(!f.sub(plains, isos), "lists converted first");
    assert!(f.sub(isos, plains));
    let (mut f, plain, iso) = fixture();
    let (plains, isos) = (f.array(plain), f.array(iso));
    assert!(f.sub(isos, plains), "the other direction first");
    assert!(!f.sub(plains, isos));
    let (mut f, plain, iso) = fixture();
    let plain_record = f.record(&[("f", plain, false)], None);
    let iso_record = f.record(&[("f", iso, false)], None);
    assert!(!f.sub(plain_record, iso_record), "records converted first");
    assert!(f.sub(iso_record, plain_record));
    let (f, plain, iso) = fixture();
    assert!(!f.sub(plain, iso), "functions alone");
    assert!(f.sub(iso, plain));
}

#[test]
fn objects_by_members() {
    let mut f = Fixture::new();
    let speak = f.function(&[], STRING);
    let object = |fields: Vec<ObjectField>, methods: Vec<ObjectMethod>, ids: Vec<u32>| {
        Type::Object(ObjectType {
            fields,
            methods,
            distinct_ids: ids,
            class: None,
            is_readonly: false,
            is_isolated: false,
            is_client: false,
            is_service: false,
        })
    };
    let method = ObjectMethod {
        name: "speak".into(),
        ty: speak,
        is_public: true,
        is_remote: false,
    };
    let field = ObjectField {
        name: "name".into(),
        ty: STRING,
        is_public: true,
        is_final: false,
    };
    let speaker = f.t.add(object(vec![], vec![method.clone()], vec![]));
    let dog = f.t.add(object(vec![field], vec![method.clone()], vec![]));
    let empty = f.t.add(object(vec![], vec![], vec![]));
    let distinct = f.t.add(object(vec![], vec![method], vec![3]));
    assert!(f.sub(dog, speaker));
    assert!(!f.sub(speaker, dog));
    assert!(f.sub(dog, empty));
    assert!(f.sub(distinct, speaker));
    assert!(!f.sub(speaker, distinct));
}

#[test]
fn readonly_intersections() {
    let mut f = Fixture::new();
    let ints = f.array(INT);
    let frozen = f.t.add(Type::ReadonlyOf(ints));
    assert!(f.sub(frozen, ints));
    assert!(f.sub(frozen, TypeArena::READONLY));
    assert!(!f.sub(ints, TypeArena::READONLY));
    assert!(!f.sub(ints, frozen));
}

#[test]
fn narrowing_operations() {
    let mut f = Fixture::new();
    let int_or_string = f.union(&[INT, STRING]);
    assert_eq!(f.t.intersect(int_or_string, INT), INT);
    assert_eq!(f.t.difference(int_or_string, INT), STRING);
    let value_or_error = f.union(&[INT, TypeArena::ERROR]);
    assert_eq!(f.t.error_part(value_or_error), TypeArena::ERROR);
    assert_eq!(f.t.without_error(value_or_error), INT);
    let opt = f.t.optional(STRING);
    assert_eq!(f.t.without_nil(opt), STRING);
    assert_eq!(f.t.intersect(TypeArena::ANY, INT), INT);
    let json_minus_nil = f.t.difference(TypeArena::JSON, NIL);
    assert!(!f.sub(NIL, json_minus_nil));
    assert!(f.sub(INT, json_minus_nil));
}

#[test]
fn basic_masks() {
    let mut f = Fixture::new();
    let u = f.union(&[INT, STRING]);
    assert_eq!(f.t.basic_mask(u), basic::INT | basic::STRING);
    assert_eq!(f.t.basic_mask(TypeArena::ANY) & basic::ERROR, 0);
    assert!(!f.t.may_overlap(INT, STRING));
    assert!(f.t.may_overlap(TypeArena::ANY, STRING));
}

#[test]
fn unknown_is_accepted_at_any_depth() {
    let mut f = Fixture::new();
    let unknown = TypeArena::UNKNOWN;
    let unknowns = f.array(unknown);
    let ints = f.array(INT);
    let strings = f.array(STRING);
    // `Unknown[]` fits `int[]` and `int[]` fits `Unknown[]`, as `Unknown` fits `int`.
    assert!(f.sub(unknowns, ints));
    assert!(f.sub(ints, unknowns));
    assert!(!f.sub(strings, ints));
    let nested = f.record(&[("x", unknowns, false)], None);
    let target = f.record(&[("x", ints, false)], None);
    assert!(f.sub(nested, target));
    assert!(f.sub(target, nested));
    assert!(f.t.may_overlap(unknowns, strings));
    assert!(!f.t.is_empty_type(unknowns));
}

#[test]
fn placeholders_resolved_later_are_seen() {
    let mut f = Fixture::new();
    // A question asked while `slot` is still a placeholder (`Unknown`) is answered again
    // once it is defined.
    let slot = f.t.add_named("T", Type::Unknown);
    let list = f.array(slot);
    let ints = f.array(INT);
    assert!(f.sub(ints, list));
    f.t.set(slot, Type::String);
    assert!(!f.sub(ints, list));
    let strings = f.array(STRING);
    assert!(f.sub(strings, list));
}

#[test]
fn records_differing_deep_down_are_not_subtypes() {
    let mut f = Fixture::new();
    // Two chains of 300 records, `next` optional, ending in `int v` and `string v`.
    let chain = |f: &mut Fixture, last: TypeId| {
        let mut ty = f.record(&[("v", last, false)], None);
        for _ in 0..300 {
            ty = f.record(&[("v", INT, false), ("next", ty, true)], None);
        }
        ty
    };
    let a = chain(&mut f, INT);
    let b = chain(&mut f, STRING);
    let c = chain(&mut f, INT);
    assert!(!f.sub(a, b));
    assert!(!f.sub(b, a));
    assert!(f.sub(a, c));
    assert!(f.sub(c, a));
}
