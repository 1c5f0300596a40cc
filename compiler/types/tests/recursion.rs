//! Recursive and mutually recursive types (cases from nBallerina's type tests).

use intc_types::{Env, ListDefinition, MappingDefinition, SemType};

fn int() -> SemType {
    SemType::int()
}

#[test]
fn references_forward_backward_and_self() {
    let mut env = Env::new();
    let t3 = env.array_of(&int());
    let t2 = env.tuple(&[int(), int(), int()], None);
    // t1 = (t1|t3|int)[]
    let def = ListDefinition::new(&mut env);
    let t1_ref = def.semtype();
    let t1 = def.define(&mut env, vec![], 0, t1_ref.union(&t3).union(&int()));
    assert!(env.is_subtype(&t2, &t1));
    assert!(env.is_subtype(&t3, &t1));
    assert!(!env.is_subtype(&t1, &t3));
    // Self recursion: t = (t|int)[].
    let def = ListDefinition::new(&mut env);
    let t = def.semtype();
    let t = def.define(&mut env, vec![], 0, t.union(&int()));
    assert!(env.is_subtype(&t2, &t));
    assert!(env.is_same_type(&t, &t1));
}

#[test]
fn mutual_recursion() {
    let mut env = Env::new();
    // a1 = a2[], a2 = (a1|int)[]; b1 and b2 likewise: a1 = b1.
    let build = |env: &mut Env| {
        let d1 = ListDefinition::new(env);
        let d2 = ListDefinition::new(env);
        let a1 = d1.semtype();
        let a2 = d2.semtype();
        d2.define(env, vec![], 0, a1.union(&int()));
        d1.define(env, vec![], 0, a2)
    };
    let a1 = build(&mut env);
    let b1 = build(&mut env);
    assert!(env.is_same_type(&a1, &b1));
    let ints = env.array_of(&int());
    assert!(!env.is_subtype(&ints, &a1));
    let nested = env.array_of(&ints);
    assert!(env.is_subtype(&nested, &a1));
}

#[test]
fn uninhabited_records() {
    let mut env = Env::new();
    let field = |name: &str, t: SemType| (name.to_string(), t, false);
    // M { l1: M } (open) is empty, and so is M {| l1: M |}.
    for rest_any in [true, false] {
        let def = MappingDefinition::new(&mut env);
        let m = def.semtype();
        let rest = if rest_any {
            SemType::any()
        } else {
            SemType::never()
        };
        let m = def.define(&mut env, vec![field("l1", m)], rest);
        assert!(env.is_empty(&m));
        assert!(!env.is_empty(&m.union(&int())));
    }
    // M { l1: M; M...; } is empty.
    let def = MappingDefinition::new(&mut env);
    let m = def.semtype();
    let m = def.define(&mut env, vec![field("l1", m.clone())], m);
    assert!(env.is_empty(&m));
    // M { l1: M?; } is inhabited: {l1: ()}.
    let def = MappingDefinition::new(&mut env);
    let m = def.semtype();
    let m = def.define(
        &mut env,
        vec![field("l1", m.union(&SemType::nil()))],
        SemType::never(),
    );
    assert!(!env.is_empty(&m));
    // An optional self-reference is inhabited too: {}.
    let def = MappingDefinition::new(&mut env);
    let m = def.semtype();
    let m = def.define(&mut env, vec![("l1".into(), m, true)], SemType::never());
    assert!(!env.is_empty(&m));
}

#[test]
fn list_and_mapping_through_each_other() {
    let mut env = Env::new();
    // type Tree record {| int value; Tree[] children; |}; is inhabited (children = []).
    let def = MappingDefinition::new(&mut env);
    let tree = def.semtype();
    let children = env.array_of(&tree);
    let tree = def.define(
        &mut env,
        vec![
            ("value".into(), int(), false),
            ("children".into(), children, false),
        ],
        SemType::never(),
    );
    assert!(!env.is_empty(&tree));
    assert!(env.is_subtype(&tree, &env.json()));
    // type Bad record {| int value; [Bad] child; |}; is empty.
    let def = MappingDefinition::new(&mut env);
    let bad = def.semtype();
    let one = env.tuple(&[bad], None);
    let bad = def.define(
        &mut env,
        vec![("value".into(), int(), false), ("child".into(), one, false)],
        SemType::never(),
    );
    assert!(env.is_empty(&bad));
}

/// A provisional "empty" answer computed under an assumption that later fails must not be
/// kept: x = [y] | [int], y = [x]. Checking x assumes x empty while it is open, so y first
/// looks empty; x then turns out inhabited (by [int]), and y with it ([[1]]).
#[test]
fn provisional_answers_are_discarded_when_their_assumption_fails() {
    for order in [true, false] {
        let mut env = Env::new();
        let d_y = ListDefinition::new(&mut env);
        let y = d_y.semtype();
        let via_y = env.tuple(&[y], None);
        let ints = env.tuple(&[int()], None);
        let x = if order {
            via_y.union(&ints)
        } else {
            ints.union(&via_y)
        };
        let y = d_y.define(&mut env, vec![x.clone()], 1, SemType::never());
        assert!(!env.is_empty(&x));
        // The immutable half is asked about first (with x open), so check it directly too.
        assert!(!env.is_empty(&env.readonly_part(&y)));
        assert!(!env.is_empty(&y));
        let nested = env.tuple(std::slice::from_ref(&ints), None);
        assert!(env.is_subtype(&nested, &y));
    }
}
