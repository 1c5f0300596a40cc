//! Random type recipes for property tests, and a value type implementing `Shape`.
#![allow(dead_code)]

use intc_types::{
    bits, DecimalKey, Env, ListDefinition, MappingDefinition, SemType, Shape, Signature, ValueKind,
};
use proptest::prelude::*;
use std::rc::Rc;

/// How to build a type; built against an `Env` by [`Recipe::build`].
#[derive(Clone, Debug)]
pub enum Recipe {
    Bits(u32),
    IntRange(i8, i8),
    Str(u8),
    Char,
    Float(i8),
    Bool(bool),
    Array(Box<Recipe>),
    Fixed(Box<Recipe>, u8),
    Tuple(Vec<Recipe>, Option<Box<Recipe>>),
    Map(Box<Recipe>),
    Record(Vec<(u8, Recipe, bool)>, Option<Box<Recipe>>),
    Func(Vec<Recipe>, Option<Box<Recipe>>, Box<Recipe>),
    Error(Box<Recipe>),
    Distinct(u8),
    Future(Box<Recipe>),
    Typedesc(Box<Recipe>),
    Json,
    Anydata,
    Union(Box<Recipe>, Box<Recipe>),
    Inter(Box<Recipe>, Box<Recipe>),
    Diff(Box<Recipe>, Box<Recipe>),
    Readonly(Box<Recipe>),
    /// A recursive list type `[M..., R...]` whose members may mention itself.
    RecList(Vec<Recipe>, Option<Box<Recipe>>),
    /// A recursive closed record type whose fields may mention itself.
    RecRecord(Vec<(u8, Recipe, bool)>),
    /// The innermost enclosing recursive definition (never outside one).
    SelfRef,
}

const NAMES: [&str; 3] = ["a", "b", "c"];
const STRINGS: [&str; 4] = ["", "x", "xy", "hello"];

impl Recipe {
    pub fn build(&self, env: &mut Env) -> SemType {
        self.build_in(env, &mut Vec::new())
    }

    /// Builds with `selfs` the types of the enclosing recursive definitions.
    pub fn build_in(&self, env: &mut Env, selfs: &mut Vec<SemType>) -> SemType {
        macro_rules! b {
            ($r:expr) => {
                $r.build_in(env, selfs)
            };
        }
        match self {
            Recipe::SelfRef => selfs.last().cloned().unwrap_or_else(SemType::never),
            Recipe::RecList(members, rest) => {
                let def = ListDefinition::new(env);
                selfs.push(def.semtype());
                let ms: Vec<SemType> = members.iter().map(|r| b!(r)).collect();
                let rest = rest.as_ref().map(|r| b!(r)).unwrap_or_else(SemType::never);
                selfs.pop();
                let n = ms.len();
                def.define(env, ms, n, rest)
            }
            Recipe::RecRecord(fields) => {
                let def = MappingDefinition::new(env);
                selfs.push(def.semtype());
                let fs = fields
                    .iter()
                    .map(|(n, r, o)| (NAMES[*n as usize % 3].to_string(), b!(r), *o))
                    .collect();
                selfs.pop();
                def.define(env, fs, SemType::never())
            }
            Recipe::Bits(b) => SemType::from_bits(*b & bits::VAL),
            Recipe::IntRange(a, b) => {
                SemType::int_range(i64::from(*a.min(b)), i64::from(*a.max(b)))
            }
            Recipe::Str(i) => SemType::string_const(STRINGS[*i as usize % STRINGS.len()]),
            Recipe::Char => SemType::string_char(),
            Recipe::Float(f) => SemType::float_const(f64::from(*f) / 2.0),
            Recipe::Bool(b) => SemType::boolean_const(*b),
            Recipe::Array(r) => {
                let t = r.build_in(env, selfs);
                env.array_of(&t)
            }
            Recipe::Fixed(r, n) => {
                let t = r.build_in(env, selfs);
                env.fixed_array(&t, usize::from(*n % 4))
            }
            Recipe::Tuple(rs, rest) => {
                let ts: Vec<SemType> = rs.iter().map(|r| r.build_in(env, selfs)).collect();
                let rest = rest.as_ref().map(|r| r.build_in(env, selfs));
                env.tuple(&ts, rest.as_ref())
            }
            Recipe::Map(r) => {
                let t = r.build_in(env, selfs);
                env.map_of(&t)
            }
            Recipe::Record(fields, rest) => {
                let fs = fields
                    .iter()
                    .map(|(n, r, o)| {
                        (
                            NAMES[*n as usize % 3].to_string(),
                            r.build_in(env, selfs),
                            *o,
                        )
                    })
                    .collect();
                let rest = rest
                    .as_ref()
                    .map(|r| r.build_in(env, selfs))
                    .unwrap_or_else(SemType::never);
                env.mapping_type(fs, rest)
            }
            Recipe::Func(ps, rest, ret) => {
                let params: Vec<SemType> = ps.iter().map(|r| r.build_in(env, selfs)).collect();
                let rest = rest.as_ref().map(|r| r.build_in(env, selfs));
                let ret = ret.build_in(env, selfs);
                env.function_type(&Signature {
                    required: params.len(),
                    params,
                    rest,
                    ret,
                })
            }
            Recipe::Error(r) => {
                let t = r.build_in(env, selfs);
                let d = env.map_of(&t);
                env.error_type(&d)
            }
            Recipe::Distinct(i) => env.error_distinct(u32::from(*i % 3)),
            Recipe::Future(r) => {
                let t = r.build_in(env, selfs);
                env.future(&t)
            }
            Recipe::Typedesc(r) => {
                let t = r.build_in(env, selfs);
                env.typedesc(&t)
            }
            Recipe::Json => env.json(),
            Recipe::Anydata => env.anydata(),
            Recipe::Union(a, b) => a.build_in(env, selfs).union(&b.build_in(env, selfs)),
            Recipe::Inter(a, b) => a.build_in(env, selfs).intersect(&b.build_in(env, selfs)),
            Recipe::Diff(a, b) => a.build_in(env, selfs).diff(&b.build_in(env, selfs)),
            Recipe::Readonly(a) => a.build_in(env, selfs).intersect(&SemType::readonly()),
        }
    }
}

pub fn leaf() -> impl Strategy<Value = Recipe> {
    prop_oneof![
        prop::sample::select(vec![
            bits::NIL,
            bits::INT,
            bits::STRING,
            bits::BOOLEAN,
            bits::FLOAT,
            bits::NIL | bits::INT,
            bits::ERROR,
            bits::LIST,
            bits::MAPPING,
            bits::FUNCTION,
            bits::ANY,
            bits::READONLY,
            0,
        ])
        .prop_map(Recipe::Bits),
        (any::<i8>(), any::<i8>()).prop_map(|(a, b)| Recipe::IntRange(a, b)),
        any::<u8>().prop_map(Recipe::Str),
        Just(Recipe::Char),
        (-4i8..4).prop_map(Recipe::Float),
        any::<bool>().prop_map(Recipe::Bool),
        Just(Recipe::Json),
        Just(Recipe::Anydata),
        Just(Recipe::SelfRef),
        any::<u8>().prop_map(Recipe::Distinct),
    ]
}

pub fn recipe() -> impl Strategy<Value = Recipe> {
    leaf().prop_recursive(3, 24, 3, |inner| {
        let b = || inner.clone().prop_map(Box::new);
        prop_oneof![
            b().prop_map(Recipe::Array),
            (b(), any::<u8>()).prop_map(|(r, n)| Recipe::Fixed(r, n)),
            (
                prop::collection::vec(inner.clone(), 0..3),
                prop::option::of(b())
            )
                .prop_map(|(m, r)| Recipe::Tuple(m, r)),
            b().prop_map(Recipe::Map),
            (
                prop::collection::vec((0u8..3, inner.clone(), any::<bool>()), 0..3),
                prop::option::of(b())
            )
                .prop_map(|(f, r)| Recipe::Record(f, r)),
            (
                prop::collection::vec(inner.clone(), 0..2),
                prop::option::of(b()),
                b()
            )
                .prop_map(|(p, r, ret)| Recipe::Func(p, r, ret)),
            b().prop_map(Recipe::Error),
            b().prop_map(Recipe::Future),
            b().prop_map(Recipe::Typedesc),
            (b(), b()).prop_map(|(x, y)| Recipe::Union(x, y)),
            (b(), b()).prop_map(|(x, y)| Recipe::Inter(x, y)),
            (b(), b()).prop_map(|(x, y)| Recipe::Diff(x, y)),
            b().prop_map(Recipe::Readonly),
            (
                prop::collection::vec(inner.clone(), 0..3),
                prop::option::of(b())
            )
                .prop_map(|(m, r)| Recipe::RecList(m, r)),
            prop::collection::vec((0u8..3, inner.clone(), any::<bool>()), 0..3)
                .prop_map(Recipe::RecRecord),
        ]
    })
}

/// A run-time value for membership tests.
#[derive(Clone, Debug)]
pub enum Val {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Decimal(String),
    Str(String),
    /// Members, immutable?, inherent type (shared, as a runtime's values are).
    List(Rc<Vec<Val>>, bool, Option<SemType>),
    /// Fields, immutable?, inherent type.
    Map(Rc<Vec<(String, Val)>>, bool, Option<SemType>),
    /// Detail fields and distinct ids.
    Error(Rc<Vec<(String, Val)>>, Vec<u32>),
    Function(SemType),
    Typedesc(SemType),
}

impl Val {
    pub fn list(items: Vec<Val>, readonly: bool, inherent: Option<SemType>) -> Val {
        Val::List(Rc::new(items), readonly, inherent)
    }
    pub fn map(fields: Vec<(String, Val)>, readonly: bool, inherent: Option<SemType>) -> Val {
        Val::Map(Rc::new(fields), readonly, inherent)
    }
    pub fn error(fields: Vec<(String, Val)>, ids: Vec<u32>) -> Val {
        Val::Error(Rc::new(fields), ids)
    }
    pub fn ro_list(items: Vec<Val>) -> Val {
        Val::list(items, true, None)
    }
    pub fn ro_map(fields: &[(&str, Val)]) -> Val {
        Val::map(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            true,
            None,
        )
    }
}

impl Shape for Val {
    fn kind(&self) -> ValueKind<'_> {
        match self {
            Val::Nil => ValueKind::Nil,
            Val::Bool(b) => ValueKind::Boolean(*b),
            Val::Int(i) => ValueKind::Int(*i),
            Val::Float(f) => ValueKind::Float(*f),
            Val::Decimal(_) => ValueKind::Decimal,
            Val::Str(s) => ValueKind::String(s),
            Val::List(..) => ValueKind::List,
            Val::Map(..) => ValueKind::Mapping,
            Val::Error(..) => ValueKind::Error,
            Val::Function(_) => ValueKind::Function,
            Val::Typedesc(_) => ValueKind::Typedesc,
        }
    }

    fn decimal_key(&self) -> DecimalKey {
        match self {
            Val::Decimal(d) => {
                DecimalKey::parse(d).unwrap_or_else(|| DecimalKey::parse("0").unwrap())
            }
            _ => DecimalKey::parse("0").unwrap(),
        }
    }

    fn is_readonly(&self) -> bool {
        match self {
            Val::List(_, ro, _) | Val::Map(_, ro, _) => *ro,
            _ => true,
        }
    }

    fn inherent_type(&self) -> Option<&SemType> {
        match self {
            Val::List(_, _, t) | Val::Map(_, _, t) => t.as_ref(),
            Val::Function(t) => Some(t),
            _ => None,
        }
    }

    fn described_type(&self) -> Option<&SemType> {
        match self {
            Val::Typedesc(t) => Some(t),
            _ => None,
        }
    }

    fn list_len(&self) -> usize {
        match self {
            Val::List(items, ..) => items.len(),
            _ => 0,
        }
    }

    fn member(&self, index: usize) -> Option<Self> {
        match self {
            Val::List(items, ..) => items.get(index).cloned(),
            _ => None,
        }
    }

    fn field_count(&self) -> usize {
        match self {
            Val::Map(fields, ..) | Val::Error(fields, _) => fields.len(),
            _ => 0,
        }
    }

    fn field_at(&self, index: usize) -> Option<(&str, Self)> {
        match self {
            Val::Map(fields, ..) | Val::Error(fields, _) => {
                fields.get(index).map(|(k, v)| (k.as_str(), v.clone()))
            }
            _ => None,
        }
    }

    fn field(&self, name: &str) -> Option<Self> {
        match self {
            Val::Map(fields, ..) | Val::Error(fields, _) => fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    fn distinct_ids(&self) -> Vec<u32> {
        match self {
            Val::Error(_, ids) => ids.clone(),
            _ => Vec::new(),
        }
    }
}

pub fn value() -> impl Strategy<Value = Val> {
    let leaf = prop_oneof![
        Just(Val::Nil),
        any::<bool>().prop_map(Val::Bool),
        (-3i64..300).prop_map(Val::Int),
        (-4i8..4).prop_map(|f| Val::Float(f64::from(f) / 2.0)),
        prop::sample::select(vec!["", "x", "xy", "hello", "q"]).prop_map(|s| Val::Str(s.into())),
        prop::sample::select(vec!["0", "1.5"]).prop_map(|s| Val::Decimal(s.into())),
        (0u32..3).prop_map(|i| Val::error(Vec::new(), vec![i])),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Val::ro_list),
            prop::collection::vec((prop::sample::select(vec!["a", "b", "c"]), inner), 0..3)
                .prop_map(|fs| {
                    let mut seen = Vec::new();
                    let fields: Vec<(String, Val)> = fs
                        .into_iter()
                        .filter(|(k, _)| {
                            let fresh = !seen.contains(k);
                            seen.push(*k);
                            fresh
                        })
                        .map(|(k, v)| (k.to_string(), v))
                        .collect();
                    Val::map(fields, true, None)
                }),
        ]
    })
}
