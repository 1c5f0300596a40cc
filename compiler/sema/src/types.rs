//! Operations on semantic types: construction helpers, basic-type masks, subtyping,
//! intersection and difference (used by narrowing), and display in Ballerina's spelling.

use crate::model::{ConstValue, IntSubtype, RecordType, Type, TypeArena, TypeId};
use std::collections::HashSet;

/// Basic type bits: a type's mask is the set of basic types its values may belong to.
pub mod basic {
    pub const NIL: u32 = 1;
    pub const BOOLEAN: u32 = 1 << 1;
    pub const INT: u32 = 1 << 2;
    pub const FLOAT: u32 = 1 << 3;
    pub const DECIMAL: u32 = 1 << 4;
    pub const STRING: u32 = 1 << 5;
    pub const XML: u32 = 1 << 6;
    pub const LIST: u32 = 1 << 7;
    pub const MAPPING: u32 = 1 << 8;
    pub const ERROR: u32 = 1 << 9;
    pub const OBJECT: u32 = 1 << 10;
    pub const FUNCTION: u32 = 1 << 11;
    pub const TYPEDESC: u32 = 1 << 12;
    pub const HANDLE: u32 = 1 << 13;
    pub const ALL: u32 = (1 << 14) - 1;
    pub const ANY: u32 = ALL & !ERROR;
    pub const ANYDATA: u32 = NIL | BOOLEAN | INT | FLOAT | DECIMAL | STRING | XML | LIST | MAPPING;
    pub const JSON: u32 = ANYDATA & !XML;
    pub const NUMBER: u32 = INT | FLOAT | DECIMAL;
}

pub(crate) const JSON_MEMBERS: [TypeId; 8] = [
    TypeArena::NIL,
    TypeArena::BOOLEAN,
    TypeArena::INT,
    TypeArena::FLOAT,
    TypeArena::DECIMAL,
    TypeArena::STRING,
    TypeArena::JSON_ARRAY,
    TypeArena::MAP_JSON,
];

pub(crate) const ANYDATA_MEMBERS: [TypeId; 9] = [
    TypeArena::NIL,
    TypeArena::BOOLEAN,
    TypeArena::INT,
    TypeArena::FLOAT,
    TypeArena::DECIMAL,
    TypeArena::STRING,
    TypeArena::XML,
    TypeArena::ANYDATA_ARRAY,
    TypeArena::MAP_ANYDATA,
];

impl TypeArena {
    /// The union of the given types, flattened, without duplicates or `never`. One member
    /// gives that member; none gives `never`; `Unknown` absorbs everything.
    pub fn union_of(&mut self, members: &[TypeId]) -> TypeId {
        let mut flat: Vec<TypeId> = Vec::new();
        for &member in members {
            match self.get(member) {
                Type::Unknown => return TypeArena::UNKNOWN,
                Type::Never => {}
                Type::Union(inner) => {
                    for &m in inner {
                        if !flat.contains(&m) {
                            flat.push(m);
                        }
                    }
                }
                _ => {
                    if !flat.contains(&member) {
                        flat.push(member);
                    }
                }
            }
        }
        // Drop members already covered by another member (keeps `int?` from `int|1|()`).
        let mut kept: Vec<TypeId> = Vec::new();
        for (i, &m) in flat.iter().enumerate() {
            let covered = flat.iter().enumerate().any(|(j, &other)| {
                j != i
                    && other != m
                    && self.is_subtype(m, other)
                    && (!self.is_subtype(other, m) || j < i)
            });
            if !covered {
                kept.push(m);
            }
        }
        match kept.len() {
            0 => TypeArena::NEVER,
            1 => kept[0],
            _ => {
                if let Some(existing) = self.find_union(&kept) {
                    return existing;
                }
                self.add(Type::Union(kept))
            }
        }
    }

    fn find_union(&self, members: &[TypeId]) -> Option<TypeId> {
        match members {
            [TypeArena::ANY, TypeArena::ERROR] => Some(TypeArena::ANY_OR_ERROR),
            [TypeArena::ERROR, TypeArena::NIL] => Some(TypeArena::ERROR_OR_NIL),
            [TypeArena::ANYDATA, TypeArena::READONLY] => Some(TypeArena::ANYDATA_OR_READONLY),
            _ => None,
        }
    }

    /// `T?`
    pub fn optional(&mut self, ty: TypeId) -> TypeId {
        self.union_of(&[ty, TypeArena::NIL])
    }

    pub fn array_of(&mut self, element: TypeId) -> TypeId {
        self.add(Type::Array {
            element,
            length: None,
        })
    }

    pub fn map_of(&mut self, element: TypeId) -> TypeId {
        self.add(Type::Map(element))
    }

    pub fn singleton(&mut self, value: ConstValue) -> TypeId {
        match value {
            ConstValue::Nil => TypeArena::NIL,
            other => self.add(Type::Singleton(other)),
        }
    }

    /// The members of a union, or the type itself.
    pub fn members(&self, ty: TypeId) -> Vec<TypeId> {
        match self.get(ty) {
            Type::Union(members) => members.clone(),
            _ => vec![ty],
        }
    }

    /// The set of basic types a value of this type may belong to.
    pub fn basic_mask(&self, ty: TypeId) -> u32 {
        self.basic_mask_inner(ty, 0)
    }

    fn basic_mask_inner(&self, ty: TypeId, depth: u32) -> u32 {
        if depth > 64 {
            return basic::ALL;
        }
        match self.get(ty) {
            Type::Never => 0,
            Type::Nil => basic::NIL,
            Type::Boolean => basic::BOOLEAN,
            Type::Int | Type::IntSubtype(_) => basic::INT,
            Type::Float => basic::FLOAT,
            Type::Decimal => basic::DECIMAL,
            Type::String | Type::StringChar => basic::STRING,
            Type::Any => basic::ANY,
            Type::Anydata => basic::ANYDATA,
            Type::Json => basic::JSON,
            Type::Readonly | Type::Unknown => basic::ALL,
            Type::Handle => basic::HANDLE,
            Type::Xml => basic::XML,
            Type::AnyFunction | Type::Function(_) => basic::FUNCTION,
            Type::Typedesc(_) => basic::TYPEDESC,
            Type::Singleton(value) => match value {
                ConstValue::Nil => basic::NIL,
                ConstValue::Boolean(_) => basic::BOOLEAN,
                ConstValue::Int(_) => basic::INT,
                ConstValue::Float(_) => basic::FLOAT,
                ConstValue::Decimal(_) => basic::DECIMAL,
                ConstValue::String(_) => basic::STRING,
                ConstValue::List(_) => basic::LIST,
                ConstValue::Map(_) => basic::MAPPING,
            },
            Type::Union(members) => members
                .iter()
                .fold(0, |acc, &m| acc | self.basic_mask_inner(m, depth + 1)),
            Type::ReadonlyOf(inner) => self.basic_mask_inner(*inner, depth + 1),
            Type::Array { .. } | Type::Tuple { .. } => basic::LIST,
            Type::Map(_) | Type::Record(_) => basic::MAPPING,
            Type::Error(_) => basic::ERROR,
            Type::Object(_) | Type::IntRange => basic::OBJECT,
        }
    }

    /// Whether some value could belong to both types (conservative: true when unsure).
    pub fn may_overlap(&self, a: TypeId, b: TypeId) -> bool {
        self.basic_mask(a) & self.basic_mask(b) != 0
    }

    pub fn contains_error(&self, ty: TypeId) -> bool {
        self.basic_mask(ty) & basic::ERROR != 0 && !matches!(self.get(ty), Type::Unknown)
    }

    pub fn contains_nil(&self, ty: TypeId) -> bool {
        self.basic_mask(ty) & basic::NIL != 0 && !matches!(self.get(ty), Type::Unknown)
    }

    /// Whether the type is `Unknown` (an earlier error).
    pub fn is_unknown(&self, ty: TypeId) -> bool {
        matches!(self.get(ty), Type::Unknown)
    }

    /// `a <: b`: every value of `a` belongs to `b`.
    pub fn is_subtype(&self, a: TypeId, b: TypeId) -> bool {
        let mut assumed = HashSet::new();
        self.subtype(a, b, &mut assumed, 0)
    }

    fn subtype(
        &self,
        a: TypeId,
        b: TypeId,
        assumed: &mut HashSet<(TypeId, TypeId)>,
        depth: u32,
    ) -> bool {
        if a == b || depth > 200 {
            return true;
        }
        let (ta, tb) = (self.get(a), self.get(b));
        if matches!(ta, Type::Unknown | Type::Never) || matches!(tb, Type::Unknown) {
            return true;
        }
        if assumed.contains(&(a, b)) {
            return true;
        }
        let d = depth + 1;
        if let Type::Union(members) = ta {
            let members = members.clone();
            return members.iter().all(|&m| self.subtype(m, b, assumed, d));
        }
        match tb {
            Type::Any => return self.basic_mask(a) & basic::ERROR == 0,
            Type::Readonly => return self.is_readonly_type(a, d),
            Type::ReadonlyOf(inner) => {
                return self.is_readonly_type(a, d) && self.subtype(a, *inner, assumed, d);
            }
            Type::Anydata => return self.is_anydata_like(a, false, assumed, d),
            Type::Json => return self.is_anydata_like(a, true, assumed, d),
            Type::Union(members) => {
                if members.contains(&TypeArena::ANY) && members.contains(&TypeArena::ERROR) {
                    return true;
                }
                if members.iter().any(|&m| self.subtype(a, m, assumed, d)) {
                    return true;
                }
                // Expand the left side into parts that may each fit a different member.
                return match ta {
                    Type::Boolean => {
                        let t = Type::Singleton(ConstValue::Boolean(true));
                        let f = Type::Singleton(ConstValue::Boolean(false));
                        self.union_contains_shape(members, &t)
                            && self.union_contains_shape(members, &f)
                    }
                    Type::Json => JSON_MEMBERS.iter().all(|&m| self.subtype(m, b, assumed, d)),
                    Type::Anydata => ANYDATA_MEMBERS
                        .iter()
                        .all(|&m| self.subtype(m, b, assumed, d)),
                    Type::ReadonlyOf(inner) => {
                        let inner = *inner;
                        self.subtype(inner, b, assumed, d)
                    }
                    _ => false,
                };
            }
            _ => {}
        }
        if let Type::ReadonlyOf(inner) = ta {
            return self.subtype(*inner, b, assumed, d);
        }
        match (ta, tb) {
            (Type::Int, Type::Int) => true,
            (Type::IntSubtype(_), Type::Int) => true,
            (Type::IntSubtype(x), Type::IntSubtype(y)) => {
                let (xl, xh) = x.range();
                let (yl, yh) = y.range();
                yl <= xl && xh <= yh
            }
            (Type::Singleton(v), _) => self.singleton_in(v, b),
            (Type::StringChar, Type::String) => true,
            (Type::Array { .. } | Type::Tuple { .. }, Type::Array { .. } | Type::Tuple { .. }) => {
                assumed.insert((a, b));
                let ok = self.list_subtype(a, b, assumed, d);
                assumed.remove(&(a, b));
                ok
            }
            (Type::Map(x), Type::Map(y)) => {
                let (x, y) = (*x, *y);
                assumed.insert((a, b));
                let ok = self.subtype(x, y, assumed, d);
                assumed.remove(&(a, b));
                ok
            }
            (Type::Record(r), Type::Map(y)) => {
                let y = *y;
                let r = r.clone();
                assumed.insert((a, b));
                let ok = r.fields.iter().all(|f| self.subtype(f.ty, y, assumed, d))
                    && r.rest.is_none_or(|rest| self.subtype(rest, y, assumed, d));
                assumed.remove(&(a, b));
                ok
            }
            (Type::Map(x), Type::Record(r)) => {
                let x = *x;
                let r = r.clone();
                r.fields
                    .iter()
                    .all(|f| f.optional && self.subtype(x, f.ty, assumed, d))
                    && r.rest.is_some_and(|rest| self.subtype(x, rest, assumed, d))
            }
            (Type::Record(ra), Type::Record(rb)) => {
                let (ra, rb) = (ra.clone(), rb.clone());
                assumed.insert((a, b));
                let ok = self.record_subtype(&ra, &rb, assumed, d);
                assumed.remove(&(a, b));
                ok
            }
            (Type::Error(ea), Type::Error(eb)) => {
                let (da, db) = (ea.detail, eb.detail);
                eb.distinct_ids
                    .iter()
                    .all(|id| ea.distinct_ids.contains(id))
                    && self.subtype(da, db, assumed, d)
            }
            (Type::Function(_), Type::AnyFunction) => true,
            (Type::Function(fa), Type::Function(fb)) => {
                let (fa, fb) = (fa.clone(), fb.clone());
                // Spec: parameters are contravariant as a list type, returns covariant;
                // defaults do not affect typing. Every argument list `b` accepts must be one
                // `a` accepts: `b` needs at least as many parameters as `a` before any rest
                // and a rest only if `a` has one.
                if fb.params.len() < fa.params.len() {
                    return false;
                }
                if fb.params.len() > fa.params.len() && fa.rest.is_none() {
                    return false;
                }
                if fb.is_isolated && !fa.is_isolated {
                    return false;
                }
                let params_ok = fb.params.iter().enumerate().all(|(i, &pb)| {
                    let pa = fa
                        .params
                        .get(i)
                        .copied()
                        .or(fa.rest)
                        .unwrap_or(TypeArena::NEVER);
                    self.subtype(pb, pa, assumed, d)
                });
                let rest_ok = match (fb.rest, fa.rest) {
                    (None, _) => true,
                    (Some(rb), Some(ra)) => self.subtype(rb, ra, assumed, d),
                    (Some(_), None) => false,
                };
                params_ok && rest_ok && self.subtype(fa.ret, fb.ret, assumed, d)
            }
            (Type::Object(oa), Type::Object(ob)) => {
                let (oa, ob) = (oa.clone(), ob.clone());
                if !ob
                    .distinct_ids
                    .iter()
                    .all(|id| oa.distinct_ids.contains(id))
                {
                    return false;
                }
                // Spec: an `isolated`, `client` or `service` object type admits only such
                // objects; remote methods are in their own symbol space.
                if (ob.is_isolated && !oa.is_isolated)
                    || (ob.is_client && !oa.is_client)
                    || (ob.is_service && !oa.is_service)
                {
                    return false;
                }
                assumed.insert((a, b));
                let ok = ob.fields.iter().all(|fb| {
                    oa.fields
                        .iter()
                        .find(|fa| fa.name == fb.name)
                        .is_some_and(|fa| self.subtype(fa.ty, fb.ty, assumed, d))
                }) && ob.methods.iter().all(|mb| {
                    oa.methods
                        .iter()
                        .find(|ma| ma.name == mb.name && ma.is_remote == mb.is_remote)
                        .is_some_and(|ma| self.subtype(ma.ty, mb.ty, assumed, d))
                });
                assumed.remove(&(a, b));
                ok
            }
            (Type::Typedesc(x), Type::Typedesc(y)) => self.subtype(*x, *y, assumed, d),
            (Type::Json, Type::Anydata) => true,
            (x, y) => std::mem::discriminant(x) == std::mem::discriminant(y) && is_atomic(x),
        }
    }

    fn union_contains_shape(&self, members: &[TypeId], shape: &Type) -> bool {
        members
            .iter()
            .any(|&m| self.get(m) == shape || matches!(self.get(m), Type::Boolean))
    }

    fn singleton_in(&self, value: &ConstValue, b: TypeId) -> bool {
        match (value, self.get(b)) {
            (v, Type::Singleton(w)) => const_equal(v, w),
            (ConstValue::Boolean(_), Type::Boolean) => true,
            (ConstValue::Int(_), Type::Int) => true,
            (ConstValue::Int(v), Type::IntSubtype(s)) => {
                let (lo, hi) = s.range();
                lo <= *v && *v <= hi
            }
            (ConstValue::Float(_), Type::Float) => true,
            (ConstValue::Decimal(_), Type::Decimal) => true,
            (ConstValue::String(_), Type::String) => true,
            (ConstValue::String(s), Type::StringChar) => s.chars().count() == 1,
            _ => false,
        }
    }

    fn list_shape(&self, ty: TypeId) -> (Vec<TypeId>, Option<TypeId>, Option<u32>) {
        match self.get(ty) {
            Type::Array {
                element,
                length: None,
            } => (Vec::new(), Some(*element), None),
            Type::Array {
                element,
                length: Some(n),
            } => (vec![*element], None, Some(*n)),
            Type::Tuple { members, rest } => (members.clone(), *rest, None),
            _ => (Vec::new(), None, Some(0)),
        }
    }

    fn list_subtype(
        &self,
        a: TypeId,
        b: TypeId,
        assumed: &mut HashSet<(TypeId, TypeId)>,
        d: u32,
    ) -> bool {
        // A list shape is (explicit members, rest, fixed array length). Member i of a fixed
        // array is its element for every i < length.
        let (ma, ra, la) = self.list_shape(a);
        let (mb, rb, lb) = self.list_shape(b);
        let len_a = la.map(|n| n as usize).unwrap_or(ma.len());
        let len_b = lb.map(|n| n as usize).unwrap_or(mb.len());
        let member = |members: &Vec<TypeId>, fixed: Option<u32>, rest: Option<TypeId>, i: usize| {
            if fixed.is_some() {
                members.first().copied()
            } else {
                members.get(i).copied().or(rest)
            }
        };
        if rb.is_none() {
            // b has exactly len_b members: a must have no rest and the same length.
            if ra.is_some() || len_a != len_b {
                return false;
            }
        } else if len_a < len_b && ra.is_none() {
            return false;
        }
        if len_a < len_b && ra.is_some() {
            // The open part of a must fit b's required members too: a's rest may be empty,
            // so a list shorter than b's fixed part belongs to a but not to b.
            return false;
        }
        let distinct_prefix = ma.len().max(mb.len()).max(1).min(len_a.max(len_b).max(1));
        for i in 0..distinct_prefix {
            let (Some(x), Some(y)) = (member(&ma, la, ra, i), member(&mb, lb, rb, i)) else {
                continue;
            };
            if !self.subtype(x, y, assumed, d) {
                return false;
            }
        }
        // Members of a beyond b's explicit members must fit b's rest.
        if let Some(yb) = rb {
            let start = mb.len();
            if la.is_some() {
                if len_a > start {
                    if let Some(x) = ma.first() {
                        if !self.subtype(*x, yb, assumed, d) {
                            return false;
                        }
                    }
                }
            } else {
                for &x in ma.iter().skip(start) {
                    if !self.subtype(x, yb, assumed, d) {
                        return false;
                    }
                }
                if let Some(xa) = ra {
                    if !self.subtype(xa, yb, assumed, d) {
                        return false;
                    }
                }
            }
        }
        true
    }

    fn record_subtype(
        &self,
        ra: &RecordType,
        rb: &RecordType,
        assumed: &mut HashSet<(TypeId, TypeId)>,
        d: u32,
    ) -> bool {
        for fb in &rb.fields {
            match ra.fields.iter().find(|fa| fa.name == fb.name) {
                Some(fa) => {
                    if (fa.optional && !fb.optional) || !self.subtype(fa.ty, fb.ty, assumed, d) {
                        return false;
                    }
                }
                None => {
                    if !fb.optional {
                        return false;
                    }
                    if let Some(rest) = ra.rest {
                        if !self.subtype(rest, fb.ty, assumed, d) {
                            return false;
                        }
                    }
                }
            }
        }
        for fa in &ra.fields {
            if rb.fields.iter().any(|fb| fb.name == fa.name) {
                continue;
            }
            match rb.rest {
                Some(rest) => {
                    if !self.subtype(fa.ty, rest, assumed, d) {
                        return false;
                    }
                }
                None => return false,
            }
        }
        match (ra.rest, rb.rest) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(x), Some(y)) => self.subtype(x, y, assumed, d),
        }
    }

    /// Whether every value of the type is immutable.
    fn is_readonly_type(&self, ty: TypeId, depth: u32) -> bool {
        if depth > 100 {
            return true;
        }
        match self.get(ty) {
            Type::Never
            | Type::Nil
            | Type::Boolean
            | Type::Int
            | Type::IntSubtype(_)
            | Type::Float
            | Type::Decimal
            | Type::String
            | Type::StringChar
            | Type::Singleton(_)
            | Type::Readonly
            | Type::ReadonlyOf(_)
            | Type::Handle
            | Type::Typedesc(_)
            | Type::Error(_)
            | Type::Unknown
            | Type::IntRange => true,
            Type::Object(o) => o.is_readonly,
            // Spec "Mutation": functions are inherently immutable.
            Type::Function(_) | Type::AnyFunction => true,
            Type::Union(members) => members.iter().all(|&m| self.is_readonly_type(m, depth + 1)),
            _ => false,
        }
    }

    fn is_anydata_like(
        &self,
        ty: TypeId,
        json: bool,
        assumed: &mut HashSet<(TypeId, TypeId)>,
        d: u32,
    ) -> bool {
        let target = if json {
            TypeArena::JSON
        } else {
            TypeArena::ANYDATA
        };
        if d > 200 || assumed.contains(&(ty, target)) {
            return true;
        }
        match self.get(ty) {
            Type::Never
            | Type::Nil
            | Type::Boolean
            | Type::Int
            | Type::IntSubtype(_)
            | Type::Float
            | Type::Decimal
            | Type::String
            | Type::StringChar
            | Type::Unknown => true,
            Type::Singleton(v) => !matches!(v, ConstValue::List(_) | ConstValue::Map(_)) || !json,
            Type::Xml => !json,
            Type::Json => true,
            Type::Anydata => !json,
            Type::ReadonlyOf(inner) => self.is_anydata_like(*inner, json, assumed, d + 1),
            Type::Union(members) => {
                let members = members.clone();
                members
                    .iter()
                    .all(|&m| self.is_anydata_like(m, json, assumed, d + 1))
            }
            Type::Array { element, .. } => {
                let element = *element;
                assumed.insert((ty, target));
                let ok = self.is_anydata_like(element, json, assumed, d + 1);
                assumed.remove(&(ty, target));
                ok
            }
            Type::Tuple { members, rest } => {
                let mut all: Vec<TypeId> = members.clone();
                all.extend(rest.iter().copied());
                assumed.insert((ty, target));
                let ok = all
                    .iter()
                    .all(|&m| self.is_anydata_like(m, json, assumed, d + 1));
                assumed.remove(&(ty, target));
                ok
            }
            Type::Map(element) => {
                let element = *element;
                assumed.insert((ty, target));
                let ok = self.is_anydata_like(element, json, assumed, d + 1);
                assumed.remove(&(ty, target));
                ok
            }
            Type::Record(r) => {
                let mut all: Vec<TypeId> = r.fields.iter().map(|f| f.ty).collect();
                all.extend(r.rest.iter().copied());
                assumed.insert((ty, target));
                let ok = all
                    .iter()
                    .all(|&m| self.is_anydata_like(m, json, assumed, d + 1));
                assumed.remove(&(ty, target));
                ok
            }
            _ => false,
        }
    }

    /// Whether `==` may compare values of this type (it must be a subtype of anydata).
    pub fn is_anydata(&self, ty: TypeId) -> bool {
        self.is_subtype(ty, TypeArena::ANYDATA)
    }

    /// Whether the type's values are all ints (int, byte, int subtypes, int singletons).
    pub fn is_int_like(&self, ty: TypeId) -> bool {
        self.basic_mask(ty) == basic::INT
    }

    /// Whether the type is exactly one basic type among int/float/decimal.
    pub fn numeric_kind(&self, ty: TypeId) -> Option<u32> {
        let mask = self.basic_mask(ty);
        if mask == basic::INT || mask == basic::FLOAT || mask == basic::DECIMAL {
            Some(mask)
        } else {
            None
        }
    }

    /// The widened type of a value: singletons become their basic type (`1` → `int`).
    pub fn widen(&mut self, ty: TypeId) -> TypeId {
        self.widen_depth(ty, 0)
    }

    fn widen_depth(&mut self, ty: TypeId, depth: u32) -> TypeId {
        if depth > 16 {
            return ty;
        }
        match self.get(ty).clone() {
            Type::Singleton(v) => match v {
                ConstValue::Boolean(_) => TypeArena::BOOLEAN,
                ConstValue::Int(_) => TypeArena::INT,
                ConstValue::Float(_) => TypeArena::FLOAT,
                ConstValue::Decimal(_) => TypeArena::DECIMAL,
                ConstValue::String(_) => TypeArena::STRING,
                ConstValue::Nil => TypeArena::NIL,
                ConstValue::List(_) | ConstValue::Map(_) => ty,
            },
            Type::IntSubtype(_) => ty,
            Type::Union(members) if self.name(ty).is_none() => {
                let widened: Vec<TypeId> = members
                    .iter()
                    .map(|&m| self.widen_depth(m, depth + 1))
                    .collect();
                self.union_of(&widened)
            }
            _ => ty,
        }
    }

    /// The byte subtype check used for int literals in a byte context.
    pub fn is_byte(&self, ty: TypeId) -> bool {
        matches!(self.get(ty), Type::IntSubtype(IntSubtype::Byte))
    }
}

fn is_atomic(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Nil
            | Type::Boolean
            | Type::Int
            | Type::Float
            | Type::Decimal
            | Type::String
            | Type::StringChar
            | Type::Any
            | Type::Anydata
            | Type::Json
            | Type::Readonly
            | Type::Handle
            | Type::Xml
            | Type::AnyFunction
            | Type::IntRange
    )
}

/// Equality of compile-time values as `==` defines it (floats by value, `NaN == NaN`).
pub fn const_equal(a: &ConstValue, b: &ConstValue) -> bool {
    match (a, b) {
        (ConstValue::Float(x), ConstValue::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}
