//! Set laws over randomly generated types, and agreement between subtyping and membership.

mod common;

use common::{recipe, value};
use intc_types::{Env, SemType};
use proptest::prelude::*;
use proptest::prop_assert_eq;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn union_and_intersection_commute(a in recipe(), b in recipe()) {
        let mut env = Env::new();
        let (a, b) = (a.build(&mut env), b.build(&mut env));
        prop_assert!(env.is_same_type(&a.union(&b), &b.union(&a)));
        prop_assert!(env.is_same_type(&a.intersect(&b), &b.intersect(&a)));
    }

    #[test]
    fn bounds_of_union_and_intersection(a in recipe(), b in recipe()) {
        let mut env = Env::new();
        let (a, b) = (a.build(&mut env), b.build(&mut env));
        prop_assert!(env.is_subtype(&a, &a.union(&b)));
        prop_assert!(env.is_subtype(&a.intersect(&b), &a));
        prop_assert!(env.is_subtype(&a.intersect(&b), &b));
        prop_assert!(env.is_subtype(&a.diff(&b), &a));
        prop_assert!(env.is_empty(&a.diff(&b).intersect(&b)));
    }

    #[test]
    fn difference_and_complement(a in recipe(), b in recipe()) {
        let mut env = Env::new();
        let (a, b) = (a.build(&mut env), b.build(&mut env));
        prop_assert!(env.is_same_type(&a.diff(&b), &a.intersect(&b.complement())));
        prop_assert!(env.is_same_type(&a.complement().complement(), &a));
        prop_assert!(env.is_same_type(
            &a.union(&b).complement(),
            &a.complement().intersect(&b.complement())
        ));
        prop_assert!(env.is_same_type(&a, &a.intersect(&b).union(&a.diff(&b))));
        prop_assert!(env.is_empty(&a.intersect(&a.complement())));
        prop_assert!(env.is_same_type(&a.union(&a.complement()), &SemType::val()));
    }

    #[test]
    fn subtype_iff_difference_empty(a in recipe(), b in recipe()) {
        let mut env = Env::new();
        let (a, b) = (a.build(&mut env), b.build(&mut env));
        prop_assert_eq!(env.is_subtype(&a, &b), env.is_empty(&a.diff(&b)));
        prop_assert_eq!(env.is_empty(&a), env.is_subtype(&a, &SemType::never()));
        prop_assert_eq!(env.is_subtype(&a, &b) && env.is_subtype(&b, &a), env.is_same_type(&a, &b));
    }

    #[test]
    fn subtyping_is_transitive(a in recipe(), b in recipe(), c in recipe()) {
        let mut env = Env::new();
        let (a, b, c) = (a.build(&mut env), b.build(&mut env), c.build(&mut env));
        // Make the premises hold often: a & b <: b <: b | c.
        let x = a.intersect(&b);
        let z = b.union(&c);
        prop_assert!(env.is_subtype(&x, &b) && env.is_subtype(&b, &z));
        prop_assert!(env.is_subtype(&x, &z));
        if env.is_subtype(&a, &b) && env.is_subtype(&b, &c) {
            prop_assert!(env.is_subtype(&a, &c));
        }
    }

    #[test]
    fn membership_agrees_with_set_operations(a in recipe(), b in recipe(), v in value()) {
        let mut env = Env::new();
        let (a, b) = (a.build(&mut env), b.build(&mut env));
        let in_a = env.contains(&a, &v);
        let in_b = env.contains(&b, &v);
        prop_assert_eq!(env.contains(&a.union(&b), &v), in_a || in_b);
        prop_assert_eq!(env.contains(&a.intersect(&b), &v), in_a && in_b);
        prop_assert_eq!(env.contains(&a.diff(&b), &v), in_a && !in_b);
        prop_assert_eq!(env.contains(&a.complement(), &v), !in_a);
        if in_a && env.is_subtype(&a, &b) {
            prop_assert!(in_b);
        }
        if in_a {
            prop_assert!(!env.is_empty(&a));
        }
        if in_a && !in_b {
            prop_assert!(env.contains(&env.readonly_diff(&a, &b), &v));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// A recursive type is the same type as its one-step unfolding.
    #[test]
    fn recursive_types_equal_their_unfolding(
        members in prop::collection::vec(recipe(), 0..3),
        rest in prop::option::of(recipe()),
    ) {
        let mut env = Env::new();
        let def = intc_types::ListDefinition::new(&mut env);
        let mut selfs = vec![def.semtype()];
        let ms: Vec<SemType> = members.iter().map(|r| r.build_in(&mut env, &mut selfs)).collect();
        let rest_t = rest.as_ref().map(|r| r.build_in(&mut env, &mut selfs));
        let n = ms.len();
        let t = def.define(&mut env, ms, n, rest_t.clone().unwrap_or_else(SemType::never));
        // Unfold: substitute the defined type for itself once, through a fresh definition
        // whose members are built the same way.
        let mut selfs = vec![t.clone()];
        let ms2: Vec<SemType> = members.iter().map(|r| r.build_in(&mut env, &mut selfs)).collect();
        let rest2 = rest.as_ref().map(|r| r.build_in(&mut env, &mut selfs));
        let unfolded = env.tuple(&ms2, rest2.as_ref());
        prop_assert!(env.is_same_type(&t, &unfolded));
        prop_assert_eq!(env.is_empty(&t), env.is_empty(&unfolded));
    }
}

fn filler_value(f: &intc_types::Filler) -> Option<common::Val> {
    use common::Val;
    use intc_types::{Filler, SingleValue};
    Some(match f {
        Filler::Value(SingleValue::Nil) => Val::Nil,
        Filler::Value(SingleValue::Boolean(b)) => Val::Bool(*b),
        Filler::Value(SingleValue::Int(i)) => Val::Int(*i),
        Filler::Value(SingleValue::Float(x)) => Val::Float(*x),
        Filler::Value(SingleValue::Decimal(d)) => Val::Decimal(d.as_str().to_string()),
        Filler::Value(SingleValue::String(s)) => Val::Str(s.clone()),
        Filler::List {
            members,
            length,
            readonly: true,
        } if *length <= 16 => {
            let mut items = Vec::new();
            for i in 0..*length {
                items.push(filler_value(members.get(i).or(members.last())?)?);
            }
            Val::list(items, true, None)
        }
        Filler::Mapping {
            needs_defaults,
            readonly: true,
        } if needs_defaults.is_empty() => Val::map(Vec::new(), true, None),
        _ => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// A filler value belongs to its type.
    #[test]
    fn fillers_belong_to_their_type(a in recipe()) {
        let mut env = Env::new();
        let t = a.build(&mut env);
        if let Some(f) = env.filler(&t) {
            prop_assert!(!env.is_empty(&t));
            if let Some(v) = filler_value(&f) {
                prop_assert!(env.contains(&t, &v), "{:?} not in {}", v, env.display(&t));
            }
        }
    }

    /// The printer never fails and never prints an empty name.
    #[test]
    fn every_type_has_a_name(a in recipe()) {
        let mut env = Env::new();
        let t = a.build(&mut env);
        prop_assert!(!env.display(&t).is_empty());
    }
}
