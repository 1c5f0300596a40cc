//! Questions about types that need the `Env`: emptiness, subtyping, the basic types a type
//! really has, single values, readonly-ness, and the helpers narrowing needs.

use crate::basic::{bits, codes, BasicTypeBitSet, BasicTypeCode};
use crate::env::Env;
use crate::semtype::{SemType, SubtypeData};
use crate::values::DecimalKey;

/// A simple value: what a singleton type holds.
#[derive(Clone, Debug, PartialEq)]
pub enum SingleValue {
    Nil,
    Boolean(bool),
    Int(i64),
    Float(f64),
    Decimal(DecimalKey),
    String(String),
}

impl SingleValue {
    /// The singleton type of the value.
    pub fn semtype(&self) -> SemType {
        match self {
            SingleValue::Nil => SemType::nil(),
            SingleValue::Boolean(b) => SemType::boolean_const(*b),
            SingleValue::Int(i) => SemType::int_const(*i),
            SingleValue::Float(f) => SemType::float_const(*f),
            SingleValue::Decimal(d) => SemType::decimal_const(d.clone()),
            SingleValue::String(s) => SemType::string_const(s),
        }
    }
}

impl Env {
    /// Whether no value belongs to the type (an empty intersection, an uninhabited
    /// recursive type).
    pub fn is_empty(&self, ty: &SemType) -> bool {
        if ty.all_bits() != 0 {
            return false;
        }
        codes(ty.some_bits()).all(|code| match ty.subtype(code) {
            Some(SubtypeData::Bdd(bdd)) => self.bdd_empty(code, bdd),
            Some(SubtypeData::Xml(x)) => x.is_empty(),
            Some(_) => false,
            None => true,
        })
    }

    fn bdd_empty(&self, code: BasicTypeCode, bdd: &crate::bdd::Bdd) -> bool {
        match code {
            BasicTypeCode::LIST_RO | BasicTypeCode::LIST_RW => self.list_bdd_empty(code, bdd),
            BasicTypeCode::MAPPING_RO | BasicTypeCode::MAPPING_RW => {
                self.mapping_bdd_empty(code, bdd)
            }
            BasicTypeCode::FUNCTION => self.function_bdd_empty(bdd),
            BasicTypeCode::ERROR | BasicTypeCode::OBJECT_RO | BasicTypeCode::OBJECT_RW => {
                self.distinct_bdd_empty(code, bdd)
            }
            _ => self.box_bdd_empty(code, bdd),
        }
    }

    /// `a <: b`: every value of `a` belongs to `b`.
    pub fn is_subtype(&self, a: &SemType, b: &SemType) -> bool {
        if a.some_bits() == 0 && b.some_bits() == 0 {
            return a.all_bits() & !b.all_bits() == 0;
        }
        // A part of a basic type that `b` lacks entirely is a counterexample, unless the part
        // may be semantically empty (BDD-based and xml subtype data).
        if a.basic_bits() & !b.basic_bits() & !(bits::BDD_BASED | bits::XML) != 0 {
            return false;
        }
        self.is_empty(&a.diff(b))
    }

    /// Whether the types have the same values.
    pub fn is_same_type(&self, a: &SemType, b: &SemType) -> bool {
        a == b || (self.is_subtype(a, b) && self.is_subtype(b, a))
    }

    /// Whether some value belongs to both (the static check of `==`, `is` and casts).
    pub fn may_overlap(&self, a: &SemType, b: &SemType) -> bool {
        !self.is_empty(&a.intersect(b))
    }

    /// The basic types that really have values in the type (semantically empty parts
    /// dropped), e.g. to pick an operator's fast path.
    pub fn basic_types(&self, ty: &SemType) -> BasicTypeBitSet {
        let mut out = ty.all_bits();
        for code in codes(ty.some_bits()) {
            if !self.is_empty(&ty.restrict(code.bit())) {
                out |= code.bit();
            }
        }
        out & bits::VAL
    }

    /// The basic types with both halves merged: `bits::LIST` if either list half is present.
    pub fn basic_families(&self, ty: &SemType) -> BasicTypeBitSet {
        let b = self.basic_types(ty);
        let mut out = b;
        for code in codes(b) {
            if let Some(twin) = code.twin() {
                out |= twin.bit();
            }
        }
        out
    }

    /// Whether the type is a subtype of `readonly` (every value immutable).
    pub fn is_readonly(&self, ty: &SemType) -> bool {
        self.is_subtype(ty, &SemType::readonly())
    }

    /// `T & readonly`.
    pub fn readonly_part(&self, ty: &SemType) -> SemType {
        ty.intersect(&SemType::readonly())
    }

    /// The one value of a singleton type (`1`, `"a"`, `true`, `()`), if the type holds
    /// exactly one simple value.
    pub fn single_value(&self, ty: &SemType) -> Option<SingleValue> {
        let b = self.basic_types(ty);
        if b.count_ones() != 1 {
            return None;
        }
        let code = codes(b).next()?;
        if ty.all_bits() & code.bit() != 0 {
            return (code == BasicTypeCode::NIL).then_some(SingleValue::Nil);
        }
        match ty.subtype(code)? {
            SubtypeData::Boolean(v) => Some(SingleValue::Boolean(*v)),
            SubtypeData::Int(i) => i.single().map(SingleValue::Int),
            SubtypeData::Float(e) if e.allowed && e.values.len() == 1 => {
                Some(SingleValue::Float(e.values[0].value()))
            }
            SubtypeData::Decimal(e) if e.allowed && e.values.len() == 1 => {
                Some(SingleValue::Decimal(e.values[0].clone()))
            }
            SubtypeData::String(s) => {
                let chars = s.chars.allowed.then_some(&s.chars.values);
                let others = s.non_chars.allowed.then_some(&s.non_chars.values);
                match (chars, others) {
                    (Some(c), Some(o)) if c.len() + o.len() == 1 => {
                        c.first().or(o.first()).cloned().map(SingleValue::String)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The simple values of a finite type (`"a"|"b"|1`), if it is a finite union of simple
    /// values; `None` for an infinite or non-simple type.
    pub fn finite_values(&self, ty: &SemType) -> Option<Vec<SingleValue>> {
        if ty.basic_bits() & !bits::SIMPLE != 0 {
            return None;
        }
        if ty.all_bits() & !bits::NIL != 0 {
            return None;
        }
        let mut out = Vec::new();
        if ty.all_bits() & bits::NIL != 0 {
            out.push(SingleValue::Nil);
        }
        for code in codes(ty.some_bits()) {
            match ty.subtype(code)? {
                SubtypeData::Boolean(b) => out.push(SingleValue::Boolean(*b)),
                SubtypeData::Int(i) if i.count() <= 256 => {
                    for r in i.ranges() {
                        let mut v = r.min;
                        loop {
                            out.push(SingleValue::Int(v));
                            if v == r.max {
                                break;
                            }
                            v += 1;
                        }
                    }
                }
                SubtypeData::Float(e) if e.allowed => {
                    out.extend(e.values.iter().map(|k| SingleValue::Float(k.value())))
                }
                SubtypeData::Decimal(e) if e.allowed => {
                    out.extend(e.values.iter().cloned().map(SingleValue::Decimal))
                }
                SubtypeData::String(s) if s.chars.allowed && s.non_chars.allowed => out.extend(
                    s.chars
                        .values
                        .iter()
                        .chain(&s.non_chars.values)
                        .cloned()
                        .map(SingleValue::String),
                ),
                _ => return None,
            }
        }
        Some(out)
    }

    /// The type a variable of type `declared` has after a successful test `is tested`.
    pub fn narrow(&self, declared: &SemType, tested: &SemType) -> SemType {
        declared.intersect(tested)
    }

    /// The type after a failed `is tested` test (or `!= v` for a singleton): the spec's
    /// read-only difference, [`Env::readonly_diff`].
    pub fn narrow_negative(&self, declared: &SemType, tested: &SemType) -> SemType {
        self.readonly_diff(declared, tested)
    }

    /// `T -ro S` (spec, "Conditional variable type narrowing"): per uniform type U, the set
    /// difference when U is immutable; when U is mutable, nothing if `T_U <: S_U` and `T_U`
    /// otherwise — a mutable value outside S may still have a shape in S (its inherent type
    /// being wider), so only the whole of `T_U` can be excluded. A value of T not belonging to
    /// S always belongs to the result.
    pub fn readonly_diff(&self, t: &SemType, s: &SemType) -> SemType {
        let mut out = t.diff(s).restrict(bits::READONLY);
        for code in codes(t.basic_bits() & bits::VAL & !bits::READONLY) {
            let part = t.restrict(code.bit());
            if !self.is_subtype(&part, s) {
                out = out.union(&part);
            }
        }
        out
    }
}

impl Env {
    /// The alternatives a type is made of, in basic-type order: each simple basic type's part
    /// as one component, and for a structured basic type one component per conjunction of
    /// atoms (a list or record type as written, both halves together when they agree). Their
    /// union is `ty`. Set-theoretic types forget the order a union was written in, so callers
    /// that try alternatives in turn (`cloneWithType`, `match`) get this order instead.
    pub fn components(&self, ty: &SemType) -> Vec<SemType> {
        let mut out: Vec<SemType> = Vec::new();
        let families = [
            bits::NIL,
            bits::BOOLEAN,
            bits::INT,
            bits::FLOAT,
            bits::DECIMAL,
            bits::STRING,
            bits::XML,
            bits::LIST,
            bits::MAPPING,
            bits::TABLE,
            bits::FUNCTION,
            bits::TYPEDESC,
            bits::HANDLE,
            bits::FUTURE,
            bits::STREAM,
            bits::OBJECT,
            bits::ERROR,
        ];
        for family in families {
            let part = ty.restrict(family);
            if part.basic_bits() == 0 || self.is_empty(&part) {
                continue;
            }
            if family & bits::BDD_BASED == 0 || part.some_bits() == 0 {
                out.push(part);
                continue;
            }
            let mut found: Vec<SemType> = Vec::new();
            for code in codes(part.some_bits()) {
                let Some(SubtypeData::Bdd(bdd)) = part.subtype(code) else {
                    continue;
                };
                bdd.every_path(&mut |pos, _| {
                    let conj = pos.iter().fold(crate::bdd::Bdd::True, |acc, a| {
                        acc.intersect(&crate::bdd::Bdd::atom(*a))
                    });
                    // Both halves of a split type share their atoms: one component for both.
                    let mut c = SemType::from_subtype(code, SubtypeData::Bdd(conj.clone()));
                    if let Some(twin) = code.twin() {
                        c = c.union(&SemType::from_subtype(twin, SubtypeData::Bdd(conj)));
                    }
                    let c = c.intersect(&part);
                    if !self.is_empty(&c) && !found.iter().any(|f| self.is_same_type(f, &c)) {
                        found.push(c);
                    }
                    true
                });
            }
            // Whole halves (e.g. all immutable lists) are components of their own.
            let whole = part.all_bits();
            if whole != 0 {
                found.push(SemType::from_bits(whole));
            }
            out.extend(found);
        }
        out
    }

    /// The type with every singleton widened to its basic type (`1|"a"` to `int|string`): the
    /// type a variable initialised from a literal gets when declared with `var`.
    pub fn widen(&self, ty: &SemType) -> SemType {
        let simple = self.basic_types(ty) & (bits::SIMPLE & !bits::NIL);
        ty.union(&SemType::from_bits(simple))
    }
}

impl Env {
    /// The type of `list[k]` for an index of type `key` (nBallerina's `listMemberType`): the
    /// union of the member types at the index values when `key` is a small finite int type,
    /// otherwise the type of any member. Negative indices contribute nothing.
    pub fn list_member_type_for(&self, ty: &SemType, key: &SemType) -> SemType {
        match self.finite_values(&key.restrict(bits::INT)) {
            Some(values) => values
                .iter()
                .filter_map(|v| match v {
                    SingleValue::Int(i) => usize::try_from(*i).ok(),
                    _ => None,
                })
                .fold(SemType::never(), |acc, i| {
                    acc.union(&self.list_member_type(ty, i))
                }),
            None => self.list_member_type_any(ty),
        }
    }

    /// The type of `m[k]` for a key of type `key`: the union over the key's string values
    /// when it is a finite string type, otherwise the type of any field; `may_be_absent`
    /// when some key may name an absent field.
    pub fn mapping_member_type_for(&self, ty: &SemType, key: &SemType) -> crate::FieldType {
        match self.finite_values(&key.restrict(bits::STRING)) {
            Some(values) => {
                let mut out = crate::FieldType {
                    ty: SemType::never(),
                    may_be_absent: false,
                };
                for v in &values {
                    if let SingleValue::String(name) = v {
                        let f = self.mapping_member_type(ty, name);
                        out.ty = out.ty.union(&f.ty);
                        out.may_be_absent |= f.may_be_absent;
                    }
                }
                out
            }
            None => self.mapping_member_type_any(ty),
        }
    }
}
