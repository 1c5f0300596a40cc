//! [`SemType`]: a type as a set of values, and the set operations on it.
//!
//! A type is, per basic type, either all of it, none of it, or a proper subset described by
//! subtype data. Set operations work basic type by basic type and never need the `Env`;
//! questions about emptiness do (see `empty.rs`).

use crate::basic::{bits, codes, BasicTypeBitSet, BasicTypeCode};
use crate::bdd::Bdd;
use crate::int::IntSubtype;
use crate::values::{DecimalKey, Enumerable, FloatKey, StringSubtype};
use crate::xml::{kinds, XmlSubtype};

/// The data describing a proper subset of one basic type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SubtypeData {
    /// The one boolean value.
    Boolean(bool),
    Int(IntSubtype),
    Float(Enumerable<FloatKey>),
    Decimal(Enumerable<DecimalKey>),
    String(StringSubtype),
    Xml(XmlSubtype),
    /// Lists, mappings, functions, errors, objects, typedescs, futures, streams, tables.
    Bdd(Bdd),
}

/// A set of values. Cheap to clone (subtype data shares its BDD nodes).
///
/// Invariant: `all & some == 0`; `subtypes` holds one entry per bit of `some`, lowest bit
/// first, and none of them is syntactically empty or full.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SemType {
    pub(crate) all: BasicTypeBitSet,
    pub(crate) some: BasicTypeBitSet,
    pub(crate) subtypes: Vec<SubtypeData>,
}

enum Part<'a> {
    All,
    None,
    Some(&'a SubtypeData),
}

impl SemType {
    /// The union of whole basic types.
    pub const fn from_bits(bits: BasicTypeBitSet) -> SemType {
        SemType {
            all: bits,
            some: 0,
            subtypes: Vec::new(),
        }
    }

    /// A subset of one basic type; normalised (an empty or full `data` is fine).
    pub fn from_subtype(code: BasicTypeCode, data: SubtypeData) -> SemType {
        match normalize(data) {
            Part2::All => SemType::from_bits(code.bit()),
            Part2::None => SemType::never(),
            Part2::Some(d) => SemType {
                all: 0,
                some: code.bit(),
                subtypes: vec![d],
            },
        }
    }

    pub const fn never() -> SemType {
        SemType::from_bits(0)
    }

    pub const fn nil() -> SemType {
        SemType::from_bits(bits::NIL)
    }

    /// Every value (`any|error`).
    pub const fn val() -> SemType {
        SemType::from_bits(bits::VAL)
    }

    pub const fn any() -> SemType {
        SemType::from_bits(bits::ANY)
    }

    pub const fn readonly() -> SemType {
        SemType::from_bits(bits::READONLY)
    }

    pub const fn int() -> SemType {
        SemType::from_bits(bits::INT)
    }

    pub const fn string() -> SemType {
        SemType::from_bits(bits::STRING)
    }

    pub const fn boolean() -> SemType {
        SemType::from_bits(bits::BOOLEAN)
    }

    pub const fn float() -> SemType {
        SemType::from_bits(bits::FLOAT)
    }

    pub const fn decimal() -> SemType {
        SemType::from_bits(bits::DECIMAL)
    }

    pub fn boolean_const(b: bool) -> SemType {
        SemType::from_subtype(BasicTypeCode::BOOLEAN, SubtypeData::Boolean(b))
    }

    pub fn int_const(v: i64) -> SemType {
        SemType::int_range(v, v)
    }

    /// The ints `min..=max` (never if `min > max`).
    pub fn int_range(min: i64, max: i64) -> SemType {
        if min > max {
            return SemType::never();
        }
        SemType::from_subtype(
            BasicTypeCode::INT,
            SubtypeData::Int(IntSubtype::range(min, max)),
        )
    }

    /// `byte` (`int:Unsigned8`).
    pub fn byte() -> SemType {
        SemType::int_range(0, 255)
    }

    /// `int:Unsigned8`, the same type as `byte`.
    pub fn unsigned8() -> SemType {
        SemType::byte()
    }

    pub fn signed8() -> SemType {
        SemType::int_range(-128, 127)
    }

    pub fn signed16() -> SemType {
        SemType::int_range(-32768, 32767)
    }

    pub fn signed32() -> SemType {
        SemType::int_range(i32::MIN.into(), i32::MAX.into())
    }

    pub fn unsigned16() -> SemType {
        SemType::int_range(0, 65535)
    }

    pub fn unsigned32() -> SemType {
        SemType::int_range(0, u32::MAX.into())
    }

    pub fn float_const(f: f64) -> SemType {
        SemType::from_subtype(
            BasicTypeCode::FLOAT,
            SubtypeData::Float(Enumerable::of(vec![FloatKey::new(f)])),
        )
    }

    pub fn decimal_const(d: DecimalKey) -> SemType {
        SemType::from_subtype(
            BasicTypeCode::DECIMAL,
            SubtypeData::Decimal(Enumerable::of(vec![d])),
        )
    }

    pub fn string_const(s: &str) -> SemType {
        SemType::from_subtype(
            BasicTypeCode::STRING,
            SubtypeData::String(StringSubtype::single(s)),
        )
    }

    /// `string:Char`: strings of exactly one code point.
    pub fn string_char() -> SemType {
        SemType::from_subtype(
            BasicTypeCode::STRING,
            SubtypeData::String(StringSubtype {
                chars: Enumerable::all(),
                non_chars: Enumerable::none(),
            }),
        )
    }

    /// `xml`, both mutable and immutable.
    pub const fn xml() -> SemType {
        SemType::from_bits(bits::XML)
    }

    /// `xml<T>` for T the union of the item kinds in `item_kinds` (bits of [`kinds`]):
    /// `xml<xml:Element>` is `xml_sequence(kinds::ELEMENT)`.
    pub fn xml_sequence(item_kinds: u8) -> SemType {
        let data = XmlSubtype::sequence_of(item_kinds);
        SemType::from_subtype(BasicTypeCode::XML_RO, SubtypeData::Xml(data.clone())).union(
            &SemType::from_subtype(BasicTypeCode::XML_RW, SubtypeData::Xml(data)),
        )
    }

    /// `xml<T>` for any type `T`: the sequences whose items all belong to `T` (only T's
    /// single items count; `xml<xml<xml:Text>>` is `xml<xml:Text>`). A readonly sequence's
    /// items are readonly, so the immutable half takes the kinds T has immutable items of.
    /// Only an element can be mutable, so a mutable sequence holds at least one (mutable)
    /// element: the mutable half is the sequences over T's mutable kinds (plus its immutable
    /// non-element kinds) that are not made of non-elements only. `xml<never>` is then
    /// exactly the (immutable) empty sequence.
    pub fn xml_sequence_of_type(item: &SemType) -> SemType {
        let kinds_in = |code: BasicTypeCode| match item.part(code) {
            Part::All => kinds::ITEMS,
            Part::Some(SubtypeData::Xml(x)) => x.primitives & kinds::ITEMS,
            _ => 0,
        };
        let ro = kinds_in(BasicTypeCode::XML_RO);
        let rw_elements = kinds_in(BasicTypeCode::XML_RW) & kinds::ELEMENT;
        if ro == kinds::ITEMS && rw_elements != 0 {
            // Every item kind: the whole of xml (whose mutable half also holds sequences
            // without an element, which no value is, so nothing differs).
            return SemType::xml();
        }
        let mutable = if rw_elements == 0 {
            SemType::never()
        } else {
            let over = (kinds_in(BasicTypeCode::XML_RW) | ro) & kinds::ITEMS;
            let all = XmlSubtype::sequence_of(over);
            let without_elements = XmlSubtype::sequence_of(over & !kinds::ELEMENT);
            SemType::from_subtype(
                BasicTypeCode::XML_RW,
                SubtypeData::Xml(all.diff(&without_elements)),
            )
        };
        SemType::from_subtype(
            BasicTypeCode::XML_RO,
            SubtypeData::Xml(XmlSubtype::sequence_of(ro)),
        )
        .union(&mutable)
    }

    /// A built-in item type: `xml:Element` (`kinds::ELEMENT`), `xml:Comment`,
    /// `xml:ProcessingInstruction`, `xml:Text` (text items are always immutable and include
    /// the empty sequence, as in the spec). Only an element can be mutable, so comments and
    /// processing instructions are immutable too.
    pub fn xml_item(kind: u8) -> SemType {
        if kind == kinds::TEXT {
            return SemType::from_subtype(
                BasicTypeCode::XML_RO,
                SubtypeData::Xml(XmlSubtype::primitives(kinds::TEXT | kinds::EMPTY)),
            );
        }
        if kind != kinds::ELEMENT {
            return SemType::from_subtype(
                BasicTypeCode::XML_RO,
                SubtypeData::Xml(XmlSubtype::primitives(kind)),
            );
        }
        let data = XmlSubtype::primitives(kind);
        SemType::from_subtype(BasicTypeCode::XML_RO, SubtypeData::Xml(data.clone())).union(
            &SemType::from_subtype(BasicTypeCode::XML_RW, SubtypeData::Xml(data)),
        )
    }

    /// The basic types that have at least one value in the type (syntactically: a BDD part
    /// that is semantically empty still counts; see `Env::basic_types`).
    pub fn basic_bits(&self) -> BasicTypeBitSet {
        self.all | self.some
    }

    /// The basic types wholly included in the type.
    pub fn all_bits(&self) -> BasicTypeBitSet {
        self.all
    }

    /// The basic types partially included.
    pub fn some_bits(&self) -> BasicTypeBitSet {
        self.some
    }

    /// Whether the type is a union of whole basic types, e.g. `int|string`.
    pub fn is_basic_union(&self) -> bool {
        self.some == 0
    }

    /// The subtype data of one basic type, if it is partially included.
    pub fn subtype(&self, code: BasicTypeCode) -> Option<&SubtypeData> {
        if self.some & code.bit() == 0 {
            return None;
        }
        let index = (self.some & (code.bit() - 1)).count_ones() as usize;
        self.subtypes.get(index)
    }

    fn part(&self, code: BasicTypeCode) -> Part<'_> {
        if self.all & code.bit() != 0 {
            Part::All
        } else {
            match self.subtype(code) {
                Some(d) => Part::Some(d),
                None => Part::None,
            }
        }
    }

    /// Only the part of the type in the basic types `bits`.
    pub fn restrict(&self, mask: BasicTypeBitSet) -> SemType {
        self.intersect(&SemType::from_bits(mask))
    }

    pub fn union(&self, other: &SemType) -> SemType {
        if self.some == 0 && other.some == 0 {
            return SemType::from_bits(self.all | other.all);
        }
        combine(self, other, |a, b| match (a, b) {
            (Part::All, _) | (_, Part::All) => Part2::All,
            (Part::None, Part::None) => Part2::None,
            (Part::Some(d), Part::None) | (Part::None, Part::Some(d)) => Part2::Some(d.clone()),
            (Part::Some(x), Part::Some(y)) => data_op(x, y, Op::Union),
        })
    }

    pub fn intersect(&self, other: &SemType) -> SemType {
        if self.some == 0 && other.some == 0 {
            return SemType::from_bits(self.all & other.all);
        }
        combine(self, other, |a, b| match (a, b) {
            (Part::None, _) | (_, Part::None) => Part2::None,
            (Part::All, Part::All) => Part2::All,
            (Part::Some(d), Part::All) | (Part::All, Part::Some(d)) => Part2::Some(d.clone()),
            (Part::Some(x), Part::Some(y)) => data_op(x, y, Op::Intersect),
        })
    }

    pub fn diff(&self, other: &SemType) -> SemType {
        if self.some == 0 && other.some == 0 {
            return SemType::from_bits(self.all & !other.all);
        }
        combine(self, other, |a, b| match (a, b) {
            (Part::None, _) | (_, Part::All) => Part2::None,
            (Part::All, Part::None) => Part2::All,
            (Part::Some(d), Part::None) => Part2::Some(d.clone()),
            (Part::All, Part::Some(d)) => normalize(complement_data(d)),
            (Part::Some(x), Part::Some(y)) => data_op(x, y, Op::Diff),
        })
    }

    /// Every value not in the type.
    pub fn complement(&self) -> SemType {
        SemType::val().diff(self)
    }
}

/// The result of an operation on one basic type.
enum Part2 {
    All,
    None,
    Some(SubtypeData),
}

#[derive(Clone, Copy)]
enum Op {
    Union,
    Intersect,
    Diff,
}

fn combine(a: &SemType, b: &SemType, f: impl Fn(Part<'_>, Part<'_>) -> Part2) -> SemType {
    let mut out = SemType::never();
    for code in codes(a.basic_bits() | b.basic_bits()) {
        match f(a.part(code), b.part(code)) {
            Part2::All => out.all |= code.bit(),
            Part2::None => {}
            Part2::Some(d) => {
                out.some |= code.bit();
                out.subtypes.push(d);
            }
        }
    }
    out
}

fn normalize(data: SubtypeData) -> Part2 {
    let (empty, all) = match &data {
        SubtypeData::Boolean(_) => (false, false),
        SubtypeData::Int(i) => (i.is_empty(), i.is_all()),
        SubtypeData::Float(e) => (e.is_empty(), e.is_all()),
        SubtypeData::Decimal(e) => (e.is_empty(), e.is_all()),
        SubtypeData::String(s) => (s.is_empty(), s.is_all()),
        SubtypeData::Xml(x) => (x.primitives == 0 && x.sequences.is_false(), x.is_all()),
        SubtypeData::Bdd(b) => (b.is_false(), b.is_true()),
    };
    if empty {
        Part2::None
    } else if all {
        Part2::All
    } else {
        Part2::Some(data)
    }
}

fn complement_data(d: &SubtypeData) -> SubtypeData {
    match d {
        SubtypeData::Boolean(b) => SubtypeData::Boolean(!b),
        SubtypeData::Int(i) => SubtypeData::Int(i.complement()),
        SubtypeData::Float(e) => SubtypeData::Float(e.complement()),
        SubtypeData::Decimal(e) => SubtypeData::Decimal(e.complement()),
        SubtypeData::String(s) => SubtypeData::String(s.complement()),
        SubtypeData::Xml(x) => SubtypeData::Xml(x.complement()),
        SubtypeData::Bdd(b) => SubtypeData::Bdd(b.complement()),
    }
}

fn data_op(x: &SubtypeData, y: &SubtypeData, op: Op) -> Part2 {
    use SubtypeData as D;
    let data = match (x, y) {
        (D::Boolean(a), D::Boolean(b)) => {
            return match op {
                Op::Union if a != b => Part2::All,
                Op::Union => Part2::Some(D::Boolean(*a)),
                Op::Intersect if a == b => Part2::Some(D::Boolean(*a)),
                Op::Diff if a != b => Part2::Some(D::Boolean(*a)),
                _ => Part2::None,
            }
        }
        (D::Int(a), D::Int(b)) => D::Int(match op {
            Op::Union => a.union(b),
            Op::Intersect => a.intersect(b),
            Op::Diff => a.diff(b),
        }),
        (D::Float(a), D::Float(b)) => D::Float(match op {
            Op::Union => a.union(b),
            Op::Intersect => a.intersect(b),
            Op::Diff => a.diff(b),
        }),
        (D::Decimal(a), D::Decimal(b)) => D::Decimal(match op {
            Op::Union => a.union(b),
            Op::Intersect => a.intersect(b),
            Op::Diff => a.diff(b),
        }),
        (D::String(a), D::String(b)) => D::String(match op {
            Op::Union => a.union(b),
            Op::Intersect => a.intersect(b),
            Op::Diff => a.diff(b),
        }),
        (D::Xml(a), D::Xml(b)) => D::Xml(match op {
            Op::Union => a.union(b),
            Op::Intersect => a.intersect(b),
            Op::Diff => a.diff(b),
        }),
        (D::Bdd(a), D::Bdd(b)) => D::Bdd(match op {
            Op::Union => a.union(b),
            Op::Intersect => a.intersect(b),
            Op::Diff => a.diff(b),
        }),
        // Both operands always describe the same basic type, so the kinds agree.
        _ => x.clone(),
    };
    normalize(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boolean_singletons_combine() {
        let t = SemType::boolean_const(true);
        let f = SemType::boolean_const(false);
        assert_eq!(t.union(&f), SemType::boolean());
        assert_eq!(t.intersect(&f), SemType::never());
        assert_eq!(SemType::boolean().diff(&t), f);
        assert_eq!(t.complement().intersect(&SemType::boolean()), f);
    }

    #[test]
    fn basic_bit_unions() {
        let t = SemType::int().union(&SemType::string());
        assert!(t.is_basic_union());
        assert_eq!(t.basic_bits(), bits::INT | bits::STRING);
        assert_eq!(t.intersect(&SemType::int()), SemType::int());
        assert_eq!(SemType::val().complement(), SemType::never());
    }
}
