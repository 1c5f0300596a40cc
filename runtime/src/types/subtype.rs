//! The subtype relation between types, used to judge mutable structures by their inherent type.
//!
//! Recursive types are handled coinductively: a pair under examination is assumed to hold
//! when met again. Results are cached per pair. The relation is sound for the constructs intc
//! emits but not a complete semantic-subtyping decision procedure (unions on the right are
//! split member-wise).

use super::TypeTable;
use intc_ir::{Singleton, TypeId, TypeKind};
use rustc_hash::FxHashSet;

const MAX_SUBTYPE_DEPTH: u32 = 256;

impl TypeTable {
    /// `a <: b`.
    pub fn is_subtype(&self, a: TypeId, b: TypeId) -> bool {
        if a == b {
            return true;
        }
        if let Some(known) = self.subtype_cache.borrow().get(&(a, b)) {
            return *known;
        }
        let mut assumed = FxHashSet::default();
        let result = self.sub(a, b, &mut assumed, 0);
        self.subtype_cache.borrow_mut().insert((a, b), result);
        result
    }

    fn sub(
        &self,
        a: TypeId,
        b: TypeId,
        assumed: &mut FxHashSet<(TypeId, TypeId)>,
        depth: u32,
    ) -> bool {
        if a == b || !assumed.insert((a, b)) {
            return true;
        }
        if depth > MAX_SUBTYPE_DEPTH {
            return false;
        }
        let d = depth + 1;
        let ka = self.get(a);
        let kb = self.get(b);
        // Left-hand unions and `never` first: every member must fit.
        match ka {
            TypeKind::Never => return true,
            TypeKind::Union(members) => {
                return members.iter().all(|m| self.sub(*m, b, assumed, d));
            }
            TypeKind::ReadonlyOf(inner) => {
                if let TypeKind::Readonly = kb {
                    return true;
                }
                if let TypeKind::ReadonlyOf(other) = kb {
                    return self.sub(*inner, *other, assumed, d);
                }
                return self.sub(*inner, b, assumed, d);
            }
            _ => {}
        }
        match kb {
            TypeKind::Union(members) => members.iter().any(|m| self.sub(a, *m, assumed, d)),
            TypeKind::ReadonlyOf(inner) => {
                self.is_inherently_immutable(ka) && self.sub(a, *inner, assumed, d)
            }
            TypeKind::Any => !self.may_contain_error(a, d),
            TypeKind::Anydata => self.is_anydata_type(a, false, assumed, d),
            TypeKind::Json => self.is_anydata_type(a, true, assumed, d),
            TypeKind::Readonly => self.is_inherently_immutable(ka),
            TypeKind::Int => matches!(
                ka,
                TypeKind::Int | TypeKind::IntSubtype(_) | TypeKind::Singleton(Singleton::Int(_))
            ),
            TypeKind::IntSubtype(sub) => match ka {
                TypeKind::IntSubtype(other) => {
                    let (lo, hi) = sub.range();
                    let (olo, ohi) = other.range();
                    olo >= lo && ohi <= hi
                }
                TypeKind::Singleton(Singleton::Int(v)) => {
                    let (lo, hi) = sub.range();
                    *v >= lo && *v <= hi
                }
                _ => false,
            },
            TypeKind::Float => matches!(
                ka,
                TypeKind::Float | TypeKind::Singleton(Singleton::Float(_))
            ),
            TypeKind::Decimal => {
                matches!(
                    ka,
                    TypeKind::Decimal | TypeKind::Singleton(Singleton::Decimal(_))
                )
            }
            TypeKind::String => matches!(
                ka,
                TypeKind::String | TypeKind::StringChar | TypeKind::Singleton(Singleton::String(_))
            ),
            TypeKind::StringChar => match ka {
                TypeKind::StringChar => true,
                TypeKind::Singleton(Singleton::String(s)) => s.chars().count() == 1,
                _ => false,
            },
            TypeKind::Boolean => {
                matches!(
                    ka,
                    TypeKind::Boolean | TypeKind::Singleton(Singleton::Boolean(_))
                )
            }
            TypeKind::Singleton(sb) => match ka {
                TypeKind::Singleton(sa) => sa == sb,
                _ => false,
            },
            TypeKind::Nil => matches!(ka, TypeKind::Nil),
            TypeKind::Never => false,
            TypeKind::Handle => matches!(ka, TypeKind::Handle),
            TypeKind::Xml => matches!(ka, TypeKind::Xml),
            TypeKind::Typedesc(tb) => match ka {
                TypeKind::Typedesc(ta) => self.sub(*ta, *tb, assumed, d),
                _ => false,
            },
            TypeKind::Array {
                element: eb,
                length: lb,
            } => match ka {
                TypeKind::Array {
                    element: ea,
                    length: la,
                } => (lb.is_none() || la == lb) && self.sub(*ea, *eb, assumed, d),
                TypeKind::Tuple { members, rest } => {
                    let len_ok = match lb {
                        Some(n) => rest.is_none() && members.len() == *n as usize,
                        None => true,
                    };
                    len_ok
                        && members.iter().all(|m| self.sub(*m, *eb, assumed, d))
                        && rest.iter().all(|r| self.sub(*r, *eb, assumed, d))
                }
                _ => false,
            },
            TypeKind::Tuple {
                members: mb,
                rest: rb,
            } => match ka {
                TypeKind::Tuple {
                    members: ma,
                    rest: ra,
                } => {
                    if ma.len() < mb.len() {
                        return false;
                    }
                    let positional = ma.iter().enumerate().all(|(i, m)| match mb.get(i) {
                        Some(target) => self.sub(*m, *target, assumed, d),
                        None => rb.is_some_and(|r| self.sub(*m, r, assumed, d)),
                    });
                    let rest_ok = match (ra, rb) {
                        (None, _) => ma.len() == mb.len() || rb.is_some(),
                        (Some(r), Some(target)) => self.sub(*r, *target, assumed, d),
                        (Some(_), None) => false,
                    };
                    positional && rest_ok && (ma.len() == mb.len() || rb.is_some())
                }
                TypeKind::Array {
                    element,
                    length: Some(n),
                } => {
                    let n = *n as usize;
                    n >= mb.len()
                        && (0..n).all(|i| match mb.get(i).copied().or(*rb) {
                            Some(target) => self.sub(*element, target, assumed, d),
                            None => false,
                        })
                }
                TypeKind::Array {
                    element,
                    length: None,
                } => mb.is_empty() && rb.is_some_and(|r| self.sub(*element, r, assumed, d)),
                _ => false,
            },
            TypeKind::Map(eb) => match ka {
                TypeKind::Map(ea) => self.sub(*ea, *eb, assumed, d),
                TypeKind::Record { fields, rest } => {
                    fields.iter().all(|f| self.sub(f.ty, *eb, assumed, d))
                        && rest.iter().all(|r| self.sub(*r, *eb, assumed, d))
                }
                _ => false,
            },
            TypeKind::Record {
                fields: fb,
                rest: rb,
            } => match ka {
                TypeKind::Record {
                    fields: fa,
                    rest: ra,
                } => {
                    for target in fb {
                        match fa.iter().find(|f| f.name == target.name) {
                            Some(field) => {
                                if (field.optional && !target.optional)
                                    || !self.sub(field.ty, target.ty, assumed, d)
                                {
                                    return false;
                                }
                            }
                            None => {
                                if !target.optional {
                                    return false;
                                }
                                if let Some(r) = ra {
                                    if !self.sub(*r, target.ty, assumed, d) {
                                        return false;
                                    }
                                }
                            }
                        }
                    }
                    for field in fa {
                        if fb.iter().any(|t| t.name == field.name) {
                            continue;
                        }
                        match rb {
                            Some(r) if self.sub(field.ty, *r, assumed, d) => {}
                            _ => return false,
                        }
                    }
                    match (ra, rb) {
                        (None, _) => true,
                        (Some(r), Some(target)) => self.sub(*r, *target, assumed, d),
                        (Some(_), None) => false,
                    }
                }
                TypeKind::Map(ea) => {
                    fb.iter()
                        .all(|f| f.optional && self.sub(*ea, f.ty, assumed, d))
                        && rb.is_some_and(|r| self.sub(*ea, r, assumed, d))
                }
                _ => false,
            },
            TypeKind::Error {
                detail: db,
                distinct_ids: ib,
            } => match ka {
                TypeKind::Error { detail: da, .. } => {
                    let own = self.error_distinct_ids(a);
                    ib.iter().all(|id| own.contains(id))
                        && match (da, db) {
                            (_, None) => true,
                            (Some(x), Some(y)) => self.sub(*x, *y, assumed, d),
                            (None, Some(y)) => {
                                self.sub(self.well_known.readonly_detail, *y, assumed, d)
                            }
                        }
                }
                _ => false,
            },
            TypeKind::Object {
                fields: fb,
                methods: mb,
                distinct_ids: ib,
                class: cb,
            } => match ka {
                TypeKind::Object {
                    fields: fa,
                    methods: ma,
                    distinct_ids: ia,
                    class: ca,
                } => {
                    if cb.is_some() && ca == cb {
                        return true;
                    }
                    if cb.is_some() {
                        return false;
                    }
                    ib.iter().all(|id| ia.contains(id))
                        && fb.iter().all(|f| fa.iter().any(|g| g.name == f.name))
                        && mb.iter().all(|m| ma.iter().any(|n| n.name == m.name))
                }
                _ => false,
            },
            TypeKind::Function {
                params: pb,
                rest: rb,
                ret: tb,
            } => match ka {
                TypeKind::Function {
                    params: pa,
                    rest: ra,
                    ret: ta,
                } => {
                    pa.len() == pb.len()
                        && pa.iter().zip(pb).all(|(x, y)| self.sub(*y, *x, assumed, d))
                        && match (ra, rb) {
                            (None, None) => true,
                            (Some(x), Some(y)) => self.sub(*y, *x, assumed, d),
                            _ => false,
                        }
                        && self.sub(*ta, *tb, assumed, d)
                }
                _ => false,
            },
            TypeKind::AnyFunction => {
                matches!(ka, TypeKind::Function { .. } | TypeKind::AnyFunction)
            }
        }
    }

    fn is_inherently_immutable(&self, kind: &TypeKind) -> bool {
        matches!(
            kind,
            TypeKind::Never
                | TypeKind::Nil
                | TypeKind::Boolean
                | TypeKind::Int
                | TypeKind::IntSubtype(_)
                | TypeKind::Float
                | TypeKind::Decimal
                | TypeKind::String
                | TypeKind::StringChar
                | TypeKind::Singleton(_)
                | TypeKind::Readonly
                | TypeKind::ReadonlyOf(_)
                | TypeKind::Error { .. }
                | TypeKind::Typedesc(_)
                | TypeKind::Function { .. }
                | TypeKind::AnyFunction
        )
    }

    fn may_contain_error(&self, ty: TypeId, depth: u32) -> bool {
        if depth > MAX_SUBTYPE_DEPTH {
            return true;
        }
        match self.get(ty) {
            TypeKind::Error { .. } | TypeKind::Readonly => true,
            TypeKind::Union(members) => members
                .iter()
                .any(|m| self.may_contain_error(*m, depth + 1)),
            TypeKind::ReadonlyOf(inner) => self.may_contain_error(*inner, depth + 1),
            _ => false,
        }
    }

    fn is_anydata_type(
        &self,
        ty: TypeId,
        json: bool,
        assumed: &mut FxHashSet<(TypeId, TypeId)>,
        d: u32,
    ) -> bool {
        let target = if json {
            self.well_known.json
        } else {
            self.well_known.anydata
        };
        match self.get(ty) {
            TypeKind::Never
            | TypeKind::Nil
            | TypeKind::Boolean
            | TypeKind::Int
            | TypeKind::IntSubtype(_)
            | TypeKind::Float
            | TypeKind::Decimal
            | TypeKind::String
            | TypeKind::StringChar
            | TypeKind::Singleton(_) => true,
            TypeKind::Json => true,
            TypeKind::Anydata | TypeKind::Xml => !json,
            TypeKind::Union(members) => members.iter().all(|m| self.sub(*m, target, assumed, d)),
            TypeKind::ReadonlyOf(inner) => self.sub(*inner, target, assumed, d),
            TypeKind::Array { element, .. } | TypeKind::Map(element) => {
                self.sub(*element, target, assumed, d)
            }
            TypeKind::Tuple { members, rest } => {
                members.iter().all(|m| self.sub(*m, target, assumed, d))
                    && rest.iter().all(|r| self.sub(*r, target, assumed, d))
            }
            TypeKind::Record { fields, rest } => {
                fields.iter().all(|f| self.sub(f.ty, target, assumed, d))
                    && rest.iter().all(|r| self.sub(*r, target, assumed, d))
            }
            _ => false,
        }
    }
}
