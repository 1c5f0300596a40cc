//! Type algebra for narrowing: removing `()` or error from a type, and the approximate
//! intersection and difference of two types that `is` tests produce.

use crate::model::{ConstValue, Type, TypeArena, TypeId};
use crate::types::{basic, ANYDATA_MEMBERS, JSON_MEMBERS};

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

    /// An approximation of `a & b` good for narrowing: exact on unions of disjoint members.
    pub fn intersect(&mut self, a: TypeId, b: TypeId) -> TypeId {
        self.intersect_depth(a, b, 0)
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
            _ => {
                if self.may_overlap(a, b) {
                    b
                } else {
                    TypeArena::NEVER
                }
            }
        }
    }

    /// An approximation of `a - b` good for narrowing: drops the members of `a` contained in
    /// `b` (`boolean - true` is `false`).
    pub fn difference(&mut self, a: TypeId, b: TypeId) -> TypeId {
        self.difference_depth(a, b, 0)
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
