//! Type algebra for narrowing: removing `()` or error from a type, and the intersection and
//! difference of two types that `is` tests produce.
//!
//! The set of values of the result is intc-types' (`Env::narrow`, the intersection, after a
//! test succeeds; `Env::narrow_negative`, the spec's read-only difference `T -ro S`, after it
//! fails). The result must also be a *descriptor* (what diagnostics print and lowering reads),
//! so the descriptor is built structurally from the operands' members (`int|string` minus
//! `int` is the member `string`, as written) and kept when its set of values is the exact
//! one. Otherwise the exact set is converted back to a descriptor when it is made of whole
//! basic types, int subtypes and finite sets of simple values ([`TypeArena::descriptor_of`]);
//! a structured exact result that is not one of the operands' members (e.g. `int[] &
//! (int|string)[]`, whose values are those of `int[]` but which no member spells) has no
//! conversion back and keeps the structural descriptor, which then holds the exact values
//! and possibly more (never fewer: narrowing stays sound).

use crate::model::{ConstValue, ErrorType, IntSubtype, Type, TypeArena, TypeId};

/// The largest finite set of simple values converted back to a union of singletons (a
/// subset of `int` is at most 256 values, as `Env::finite_values` lists).
const MAX_FINITE: usize = 256;
use crate::semtypes::Mode;
use crate::types::{basic, ANYDATA_MEMBERS, JSON_MEMBERS};
use intc_types::{bits, SemType, SingleValue};

impl TypeArena {
    /// The type without its `()` part.
    pub fn without_nil(&mut self, ty: TypeId) -> TypeId {
        self.difference(ty, TypeArena::NIL)
    }

    /// The type without its error part.
    pub fn without_error(&mut self, ty: TypeId) -> TypeId {
        self.difference(ty, TypeArena::ERROR)
    }

    /// The error part of a type (`never` when none).
    pub fn error_part(&mut self, ty: TypeId) -> TypeId {
        self.intersect(ty, TypeArena::ERROR)
    }

    /// `a & b` for narrowing (see the module comment).
    pub fn intersect(&mut self, a: TypeId, b: TypeId) -> TypeId {
        if self.is_unknown(a) || self.is_unknown(b) {
            return TypeArena::UNKNOWN;
        }
        if self.is_subtype(a, b) {
            return a;
        }
        if self.is_subtype(b, a) {
            return b;
        }
        let exact = {
            let mut sem = self.sem.borrow_mut();
            let sa = sem.semtype(&self.entries, a, Mode::Greatest);
            let sb = sem.semtype(&self.entries, b, Mode::Greatest);
            sem.env.narrow(&sa, &sb)
        };
        let candidate = self.intersect_depth(a, b, 0);
        self.exact_descriptor(candidate, &exact)
    }

    /// The descriptor `candidate` if its values are `exact`, else `exact` converted back to a
    /// descriptor when possible, else `candidate`.
    fn exact_descriptor(&mut self, candidate: TypeId, exact: &SemType) -> TypeId {
        let same = {
            let mut sem = self.sem.borrow_mut();
            let c = sem.semtype(&self.entries, candidate, Mode::Greatest);
            sem.env.is_same_type(&c, exact)
        };
        if same {
            return candidate;
        }
        self.descriptor_of(exact).unwrap_or(candidate)
    }

    fn intersect_depth(&mut self, a: TypeId, b: TypeId, depth: u32) -> TypeId {
        if self.is_unknown(a) || self.is_unknown(b) {
            return TypeArena::UNKNOWN;
        }
        if self.is_subtype(a, b) {
            return a;
        }
        if self.is_subtype(b, a) {
            return b;
        }
        if depth > 8 {
            return if self.may_overlap(a, b) {
                b
            } else {
                TypeArena::NEVER
            };
        }
        if let Type::Union(members) = self.get(a).clone() {
            let parts: Vec<TypeId> = members
                .iter()
                .map(|&m| self.intersect_depth(m, b, depth + 1))
                .collect();
            return self.union_of(&parts);
        }
        if let Type::Union(members) = self.get(b).clone() {
            let parts: Vec<TypeId> = members
                .iter()
                .map(|&m| self.intersect_depth(a, m, depth + 1))
                .collect();
            return self.union_of(&parts);
        }
        match (self.get(a).clone(), self.get(b).clone()) {
            (Type::Json, _) | (Type::Anydata, _) => {
                let expanded: Vec<TypeId> = if matches!(self.get(a), Type::Json) {
                    JSON_MEMBERS.to_vec()
                } else {
                    ANYDATA_MEMBERS.to_vec()
                };
                let parts: Vec<TypeId> = expanded
                    .iter()
                    .map(|&m| self.intersect_depth(m, b, depth + 1))
                    .collect();
                self.union_of(&parts)
            }
            (_, Type::Json) | (_, Type::Anydata) => {
                let expanded: Vec<TypeId> = if matches!(self.get(b), Type::Json) {
                    JSON_MEMBERS.to_vec()
                } else {
                    ANYDATA_MEMBERS.to_vec()
                };
                let parts: Vec<TypeId> = expanded
                    .iter()
                    .map(|&m| self.intersect_depth(a, m, depth + 1))
                    .collect();
                self.union_of(&parts)
            }
            (Type::Any, _) => {
                let without_error = self.basic_mask(b) & !basic::ERROR;
                if without_error == 0 {
                    TypeArena::NEVER
                } else {
                    b
                }
            }
            (Type::Readonly, _) => self.add(Type::ReadonlyOf(b)),
            (_, Type::Readonly) => self.add(Type::ReadonlyOf(a)),
            // An error belongs to both only if its detail belongs to both details and it
            // carries the type identities of both (`DistinctA & DistinctB` has both ids).
            (Type::Error(ea), Type::Error(eb)) => {
                let detail = self.intersect_depth(ea.detail, eb.detail, depth + 1);
                if detail == TypeArena::NEVER {
                    return TypeArena::NEVER;
                }
                let mut distinct_ids = ea.distinct_ids.clone();
                for id in eb.distinct_ids {
                    if !distinct_ids.contains(&id) {
                        distinct_ids.push(id);
                    }
                }
                self.add(Type::Error(ErrorType {
                    detail,
                    distinct_ids,
                }))
            }
            _ => {
                if self.may_overlap(a, b) {
                    b
                } else {
                    TypeArena::NEVER
                }
            }
        }
    }

    /// `a - b` for narrowing after a failed test (see the module comment): the structural
    /// descriptor drops the members of `a` contained in `b` (`boolean - true` is `false`).
    pub fn difference(&mut self, a: TypeId, b: TypeId) -> TypeId {
        if self.is_unknown(a) || self.is_unknown(b) {
            return a;
        }
        if self.is_subtype(a, b) {
            return TypeArena::NEVER;
        }
        let candidate = self.difference_depth(a, b, 0);
        if self.member_wise_exact(a, b) {
            return candidate;
        }
        let exact = {
            let mut sem = self.sem.borrow_mut();
            let sa = sem.semtype(&self.entries, a, Mode::Greatest);
            // The structural descriptor may drop a mutable member that `T -ro S` keeps
            // (`int[]|string[]` minus `int[]` is `string[]`, as jBallerina narrows); it never
            // keeps fewer values than the plain difference. Only a simple exact result
            // replaces it (checked first on `a`: the common `T?` minus `()` of a structured
            // `T` then costs nothing more).
            if sa.basic_bits() & !bits::SIMPLE != 0 {
                return candidate;
            }
            let sb = sem.semtype(&self.entries, b, Mode::Greatest);
            sem.env.narrow_negative(&sa, &sb)
        };
        self.exact_descriptor(candidate, &exact)
    }

    /// Whether removing `b` member by member from `a` is exact without asking intc-types:
    /// `b` is a whole basic type (`()`, `error`, `int`, ...) and each member of `a` lies
    /// either inside it or outside it (`T?` minus `()`, `T|error` minus `error`: the common
    /// case, kept cheap).
    fn member_wise_exact(&self, a: TypeId, b: TypeId) -> bool {
        let whole = matches!(
            self.get(b),
            Type::Nil
                | Type::Boolean
                | Type::Int
                | Type::Float
                | Type::Decimal
                | Type::String
                | Type::Handle
                | Type::Xml
                | Type::AnyFunction
        ) || b == TypeArena::ERROR;
        if !whole {
            return false;
        }
        let mask = self.basic_mask(b);
        let members = match self.get(a) {
            Type::Union(members) => members.as_slice(),
            _ => std::slice::from_ref(&a),
        };
        members.iter().all(|&m| {
            let m = self.basic_mask(m);
            m & mask == 0 || m & !mask == 0
        })
    }

    /// A descriptor for a set of values made of whole basic types (`int`, `string`, `xml`,
    /// `error`, `function`, `handle`, `typedesc`), built-in int subtypes, `string:Char` and
    /// finite sets of simple values; `None` for anything else (structured subsets).
    pub(crate) fn descriptor_of(&mut self, t: &SemType) -> Option<TypeId> {
        const WHOLE: [(u32, TypeId); 11] = [
            (bits::NIL, TypeArena::NIL),
            (bits::BOOLEAN, TypeArena::BOOLEAN),
            (bits::INT, TypeArena::INT),
            (bits::FLOAT, TypeArena::FLOAT),
            (bits::DECIMAL, TypeArena::DECIMAL),
            (bits::STRING, TypeArena::STRING),
            (bits::XML, TypeArena::XML),
            (bits::ERROR, TypeArena::ERROR),
            (bits::FUNCTION, TypeArena::ANY_FUNCTION),
            (bits::HANDLE, TypeArena::HANDLE),
            (bits::TYPEDESC, TypeArena::TYPEDESC),
        ];
        let named: [(SemType, Type); 7] = [
            (SemType::byte(), Type::IntSubtype(IntSubtype::Byte)),
            (SemType::signed8(), Type::IntSubtype(IntSubtype::Signed8)),
            (SemType::signed16(), Type::IntSubtype(IntSubtype::Signed16)),
            (SemType::signed32(), Type::IntSubtype(IntSubtype::Signed32)),
            (
                SemType::unsigned16(),
                Type::IntSubtype(IntSubtype::Unsigned16),
            ),
            (
                SemType::unsigned32(),
                Type::IntSubtype(IntSubtype::Unsigned32),
            ),
            (SemType::string_char(), Type::StringChar),
        ];
        let mut named_parts: Vec<Type> = Vec::new();
        let mut parts: Vec<TypeId> = Vec::new();
        let mut values: Vec<SingleValue> = Vec::new();
        {
            let sem = self.sem.borrow();
            let env = &sem.env;
            let mut covered = SemType::never();
            for (family, id) in WHOLE {
                let part = t.restrict(family);
                if env.is_empty(&part) {
                    continue;
                }
                let whole = SemType::from_bits(family);
                covered = covered.union(&whole);
                if env.is_same_type(&part, &whole) {
                    parts.push(id);
                } else if let Some((_, named)) =
                    named.iter().find(|(n, _)| env.is_same_type(&part, n))
                {
                    named_parts.push(named.clone());
                } else {
                    match env.finite_values(&part) {
                        Some(v) if v.len() <= MAX_FINITE => values.extend(v),
                        _ => return None,
                    }
                }
            }
            if !env.is_subtype(t, &covered) {
                return None;
            }
        }
        for named in named_parts {
            parts.push(match named {
                Type::IntSubtype(IntSubtype::Byte) => TypeArena::BYTE,
                Type::StringChar => TypeArena::STRING_CHAR,
                other => self.add(other),
            });
        }
        for v in values {
            let value = match v {
                SingleValue::Nil => ConstValue::Nil,
                SingleValue::Boolean(b) => ConstValue::Boolean(b),
                SingleValue::Int(i) => ConstValue::Int(i),
                SingleValue::Float(f) => ConstValue::Float(f),
                SingleValue::String(s) => ConstValue::String(s),
                // A decimal's shape key has no exact conversion to sema's decimal here.
                SingleValue::Decimal(_) => return None,
            };
            parts.push(self.singleton(value));
        }
        Some(self.union_of(&parts))
    }

    fn difference_depth(&mut self, a: TypeId, b: TypeId, depth: u32) -> TypeId {
        if self.is_unknown(a) || self.is_unknown(b) || depth > 16 {
            return a;
        }
        if self.is_subtype(a, b) {
            return TypeArena::NEVER;
        }
        match self.get(a).clone() {
            Type::Union(members) => {
                let parts: Vec<TypeId> = members
                    .iter()
                    .map(|&m| {
                        if self.is_subtype(m, b) {
                            TypeArena::NEVER
                        } else {
                            self.difference_depth(m, b, depth + 1)
                        }
                    })
                    .collect();
                self.union_of(&parts)
            }
            Type::Boolean => {
                let t = self.singleton(ConstValue::Boolean(true));
                let f = self.singleton(ConstValue::Boolean(false));
                match (self.is_subtype(t, b), self.is_subtype(f, b)) {
                    (true, false) => f,
                    (false, true) => t,
                    _ => a,
                }
            }
            Type::Json | Type::Anydata => {
                let expanded: Vec<TypeId> = if matches!(self.get(a), Type::Json) {
                    JSON_MEMBERS.to_vec()
                } else {
                    ANYDATA_MEMBERS.to_vec()
                };
                if expanded.iter().any(|&m| self.is_subtype(m, b)) {
                    let parts: Vec<TypeId> = expanded
                        .iter()
                        .filter(|&&m| !self.is_subtype(m, b))
                        .copied()
                        .collect();
                    self.union_of(&parts)
                } else {
                    a
                }
            }
            _ => a,
        }
    }
}
