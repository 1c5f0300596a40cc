//! Operations on semantic types: construction helpers, basic-type masks, and the type
//! questions (subtyping, overlap, emptiness, readonly, anydata), which are answered on each
//! type's set of values by intc-types (`semtypes.rs` converts the descriptors).

use crate::model::{ConstValue, IntSubtype, Type, TypeArena, TypeId};
use crate::semtypes::Mode;

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
    pub const FUTURE: u32 = 1 << 14;
    pub const TABLE: u32 = 1 << 15;
    pub const STREAM: u32 = 1 << 16;
    /// Regular expressions (a high bit, apart from the contiguous block above).
    pub const REGEXP: u32 = 1 << 20;
    pub const ALL: u32 = ((1 << 17) - 1) | REGEXP;
    pub const ANY: u32 = ALL & !ERROR;
    pub const ANYDATA: u32 =
        NIL | BOOLEAN | INT | FLOAT | DECIMAL | STRING | XML | LIST | MAPPING | TABLE | REGEXP;
    pub const JSON: u32 = ANYDATA & !XML & !TABLE & !REGEXP;
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
            Type::RegExp => basic::REGEXP,
            Type::Xml | Type::XmlItem(_) | Type::XmlSequence(_) => basic::XML,
            Type::AnyFunction | Type::Function(_) => basic::FUNCTION,
            Type::Typedesc(_) => basic::TYPEDESC,
            Type::Future(_) => basic::FUTURE,
            Type::Table { .. } => basic::TABLE,
            Type::Stream { .. } => basic::STREAM,
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

    /// Whether some value could belong to both types (`Unknown` overlaps everything).
    pub fn may_overlap(&self, a: TypeId, b: TypeId) -> bool {
        if self.basic_mask(a) & self.basic_mask(b) == 0 {
            return false;
        }
        let mut sem = self.sem.borrow_mut();
        let sa = sem.semtype(&self.entries, a, Mode::Greatest);
        let sb = sem.semtype(&self.entries, b, Mode::Greatest);
        sem.env.may_overlap(&sa, &sb)
    }

    /// Whether no value belongs to the type (`never`, an empty intersection, an uninhabited
    /// recursive type); `Unknown` is not empty.
    pub fn is_empty_type(&self, ty: TypeId) -> bool {
        let mut sem = self.sem.borrow_mut();
        let t = sem.semtype(&self.entries, ty, Mode::Greatest);
        sem.env.is_empty(&t)
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

    /// `a <: b`: every value of `a` belongs to `b`, answered by intc-types on the types'
    /// sets of values (memoised, exact for recursive types of any depth). `Unknown` on
    /// either side, at any depth, is accepted.
    pub fn is_subtype(&self, a: TypeId, b: TypeId) -> bool {
        if a == b {
            return true;
        }
        match (self.get(a), self.get(b)) {
            (Type::Unknown | Type::Never, _) | (_, Type::Unknown) => return true,
            // Fast paths on basic types alone (no `Env` needed).
            (Type::Int, Type::Int | Type::Any | Type::Anydata | Type::Json | Type::Readonly)
            | (Type::String, Type::String | Type::Any | Type::Anydata | Type::Json)
            | (Type::Boolean, Type::Boolean | Type::Any | Type::Anydata | Type::Json) => {
                return true
            }
            _ => {}
        }
        let mut sem = self.sem.borrow_mut();
        if let Some(answer) = sem.cached_subtype(a, b) {
            return answer;
        }
        let sa = sem.semtype(&self.entries, a, Mode::Least);
        let sb = sem.semtype(&self.entries, b, Mode::Greatest);
        let answer = sem.env.is_subtype(&sa, &sb);
        sem.remember_subtype(a, b, answer);
        answer
    }

    /// Whether `a` and `b` have the same values.
    pub fn is_same_type(&self, a: TypeId, b: TypeId) -> bool {
        self.is_subtype(a, b) && self.is_subtype(b, a)
    }

    /// Whether every value of the type is immutable.
    pub fn is_readonly(&self, ty: TypeId) -> bool {
        self.is_subtype(ty, TypeArena::READONLY)
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

/// Equality of compile-time values as `==` defines it (floats by value, `NaN == NaN`).
pub fn const_equal(a: &ConstValue, b: &ConstValue) -> bool {
    match (a, b) {
        (ConstValue::Float(x), ConstValue::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}
