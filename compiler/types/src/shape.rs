//! Membership of a run-time value in a type (`v is T`, casts, `match`): the runtime
//! implements [`Shape`] for its values and asks [`Env::contains`]; it does no type analysis of
//! its own.
//!
//! Spec semantics: an immutable value belongs to T iff its shape does; a mutable structure
//! belongs iff its inherent type is a subtype of T (so it keeps belonging whatever is later
//! stored in it). Functions, objects, futures, streams and handles are judged by their
//! inherent type; typedescs by the type they describe.

use crate::basic::{bits, BasicTypeCode};
use crate::bdd::Atom;
use crate::env::Env;
use crate::list::{index, member_filter};
use crate::semtype::{SemType, SubtypeData};
use crate::values::{is_char, DecimalKey, FloatKey};
use crate::xml::kinds;

/// Immutable structures nested deeper than this are judged by their inherent type rather
/// than member by member, which bounds the Rust recursion of a membership test. Values that
/// deep are in practice built by loops, and their inherent type answers correctly whenever it
/// is a subtype of the tested type.
pub const MAX_SHAPE_DEPTH: usize = 512;

/// The basic kind of a run-time value and its simple payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueKind<'a> {
    Nil,
    Boolean(bool),
    Int(i64),
    Float(f64),
    /// The runtime gives the key via [`Shape::decimal_key`] (only asked when needed).
    Decimal,
    String(&'a str),
    /// An xml sequence: its length and the union of its items' kinds (bits of
    /// [`crate::xml::kinds`]).
    Xml {
        len: usize,
        item_kinds: u8,
    },
    List,
    Mapping,
    Table,
    Function,
    Typedesc,
    Handle,
    Future,
    Stream,
    Object,
    Error,
}

/// What the runtime tells the type algebra about one of its values.
///
/// A runtime whose values refer to their types by id implements this for a small view
/// holding the value and its type table (`struct ValueRef<'a> { value: &'a Value, types:
/// &'a TypeTable }`), building child views in `each_member` and `each_field`.
pub trait Shape {
    fn kind(&self) -> ValueKind<'_>;

    /// The canonical key of a decimal value.
    fn decimal_key(&self) -> DecimalKey;

    /// Whether a structure (list, mapping, table, xml, object) is immutable.
    fn is_readonly(&self) -> bool;

    /// The inherent type of a structure, function, object, future, stream or handle (for an
    /// immutable list or mapping it may be omitted: its shape is inspected instead).
    fn inherent_type(&self) -> Option<&SemType>;

    /// The type a typedesc describes.
    fn described_type(&self) -> Option<&SemType> {
        None
    }

    /// Number of members of a list.
    fn list_len(&self) -> usize;

    /// Calls `f` on each member of a list in order; stops when `f` returns false and then
    /// returns false.
    fn each_member(&self, f: &mut dyn FnMut(usize, &Self) -> bool) -> bool;

    /// Calls `f` on each field of a mapping (or of an error's detail record); stops when `f`
    /// returns false and then returns false.
    fn each_field(&self, f: &mut dyn FnMut(&str, &Self) -> bool) -> bool;

    /// The value of field `name` of a mapping (or of an error's detail record), if present,
    /// passed to `f`; `None` if absent.
    fn with_field(&self, name: &str, f: &mut dyn FnMut(&Self) -> bool) -> Option<bool>;

    /// The distinct type identities an error or object value carries.
    fn distinct_ids(&self) -> Vec<u32> {
        Vec::new()
    }
}

impl Env {
    /// `value is ty`.
    pub fn contains<V: Shape>(&self, ty: &SemType, value: &V) -> bool {
        self.contains_at(ty, value, 0)
    }

    fn contains_at<V: Shape>(&self, ty: &SemType, value: &V, depth: usize) -> bool {
        let code = basic_code(value);
        if ty.all_bits() & code.bit() != 0 {
            return true;
        }
        let Some(data) = ty.subtype(code) else {
            return false;
        };
        match (value.kind(), data) {
            (ValueKind::Boolean(b), SubtypeData::Boolean(v)) => b == *v,
            (ValueKind::Int(i), SubtypeData::Int(r)) => r.contains(i),
            (ValueKind::Float(f), SubtypeData::Float(e)) => e.contains(&FloatKey::new(f)),
            (ValueKind::Decimal, SubtypeData::Decimal(e)) => e.contains(&value.decimal_key()),
            (ValueKind::String(s), SubtypeData::String(st)) => st.contains(s),
            (ValueKind::Xml { len, item_kinds }, SubtypeData::Xml(x)) => {
                if code == BasicTypeCode::XML_RW {
                    // A mutable sequence may change; its inherent type decides.
                    return self.inherent_within(ty, value, bits::XML);
                }
                x.contains(len, item_kinds)
            }
            (ValueKind::List, SubtypeData::Bdd(bdd)) => {
                if self.inherent_within(ty, value, bits::LIST) {
                    return true;
                }
                if code == BasicTypeCode::LIST_RW || depth >= MAX_SHAPE_DEPTH {
                    return false;
                }
                bdd.contains(&mut |a| self.list_atom_contains(a, value, depth))
            }
            (ValueKind::Mapping, SubtypeData::Bdd(bdd)) => {
                if self.inherent_within(ty, value, bits::MAPPING) {
                    return true;
                }
                if code == BasicTypeCode::MAPPING_RW || depth >= MAX_SHAPE_DEPTH {
                    return false;
                }
                bdd.contains(&mut |a| self.mapping_atom_contains(a, value, depth))
            }
            (ValueKind::Error, SubtypeData::Bdd(bdd)) => {
                if depth >= MAX_SHAPE_DEPTH {
                    return self.inherent_within(ty, value, bits::ERROR);
                }
                let ids = value.distinct_ids();
                bdd.contains(&mut |a| match a {
                    Atom::Distinct(id) => ids.contains(&id),
                    Atom::Index(_) => self.mapping_atom_contains(a, value, depth),
                })
            }
            (ValueKind::Typedesc, SubtypeData::Bdd(_)) => match value.described_type() {
                Some(d) => self.box_contains(ty, code, std::slice::from_ref(d)),
                None => false,
            },
            (ValueKind::Table | ValueKind::Future | ValueKind::Stream, SubtypeData::Bdd(_)) => {
                self.inherent_within(ty, value, code.bit() | code.twin().map_or(0, |t| t.bit()))
            }
            (ValueKind::Function | ValueKind::Object | ValueKind::Handle, _) => {
                self.inherent_within(ty, value, bits::VAL)
            }
            _ => false,
        }
    }

    /// Whether the value's inherent type, restricted to the value's own half of `family`,
    /// is a subtype of `ty`.
    fn inherent_within<V: Shape>(&self, ty: &SemType, value: &V, family: u32) -> bool {
        let Some(inherent) = value.inherent_type() else {
            return false;
        };
        let half = if value.is_readonly() {
            bits::READONLY
        } else {
            bits::VAL & !bits::READONLY
        };
        let own = family
            & (half | !(bits::XML | bits::LIST | bits::MAPPING | bits::TABLE | bits::OBJECT));
        let inherent = inherent.restrict(own);
        !self.is_empty(&inherent) && self.is_subtype(&inherent, ty)
    }

    fn list_atom_contains<V: Shape>(&self, atom: Atom, value: &V, depth: usize) -> bool {
        let a = self.list_atom(index(atom));
        let len = value.list_len();
        if len < a.fixed_len {
            return false;
        }
        let filter = member_filter(BasicTypeCode::LIST_RO);
        value.each_member(&mut |i, member| {
            let t = a.member_at(i);
            if i >= a.fixed_len && t.basic_bits() == 0 {
                return false;
            }
            self.contains_at(&t.intersect(&filter), member, depth + 1)
        })
    }

    fn mapping_atom_contains<V: Shape>(&self, atom: Atom, value: &V, depth: usize) -> bool {
        let a = self.mapping_atom(index(atom));
        for (name, t) in &a.fields {
            let present = value.with_field(name, &mut |v| self.contains_at(t, v, depth + 1));
            match present {
                Some(false) => return false,
                None if t.basic_bits() & bits::UNDEF == 0 => return false,
                _ => {}
            }
        }
        value.each_field(&mut |name, v| {
            if a.fields
                .binary_search_by(|(n, _)| n.as_str().cmp(name))
                .is_ok()
            {
                return true;
            }
            self.contains_at(&a.rest, v, depth + 1)
        })
    }
}

/// The basic type of a value.
pub fn basic_code<V: Shape>(value: &V) -> BasicTypeCode {
    let ro = value.is_readonly();
    let split = |ro_code: BasicTypeCode, rw_code: BasicTypeCode| if ro { ro_code } else { rw_code };
    match value.kind() {
        ValueKind::Nil => BasicTypeCode::NIL,
        ValueKind::Boolean(_) => BasicTypeCode::BOOLEAN,
        ValueKind::Int(_) => BasicTypeCode::INT,
        ValueKind::Float(_) => BasicTypeCode::FLOAT,
        ValueKind::Decimal => BasicTypeCode::DECIMAL,
        ValueKind::String(_) => BasicTypeCode::STRING,
        ValueKind::Xml { len, item_kinds } => {
            // Text items are always immutable.
            if ro || (len <= 1 && item_kinds & !kinds::TEXT == 0) {
                BasicTypeCode::XML_RO
            } else {
                BasicTypeCode::XML_RW
            }
        }
        ValueKind::List => split(BasicTypeCode::LIST_RO, BasicTypeCode::LIST_RW),
        ValueKind::Mapping => split(BasicTypeCode::MAPPING_RO, BasicTypeCode::MAPPING_RW),
        ValueKind::Table => split(BasicTypeCode::TABLE_RO, BasicTypeCode::TABLE_RW),
        ValueKind::Object => split(BasicTypeCode::OBJECT_RO, BasicTypeCode::OBJECT_RW),
        ValueKind::Function => BasicTypeCode::FUNCTION,
        ValueKind::Typedesc => BasicTypeCode::TYPEDESC,
        ValueKind::Handle => BasicTypeCode::HANDLE,
        ValueKind::Future => BasicTypeCode::FUTURE,
        ValueKind::Stream => BasicTypeCode::STREAM,
        ValueKind::Error => BasicTypeCode::ERROR,
    }
}

/// Whether a string value is a `string:Char` (for runtimes that want the same test).
pub fn string_is_char(s: &str) -> bool {
    is_char(s)
}

impl SemType {
    /// The type whose only value is this simple value's shape; `None` for structures.
    pub fn of_simple_value<V: Shape>(value: &V) -> Option<SemType> {
        Some(match value.kind() {
            ValueKind::Nil => SemType::nil(),
            ValueKind::Boolean(b) => SemType::boolean_const(b),
            ValueKind::Int(i) => SemType::int_const(i),
            ValueKind::Float(f) => SemType::float_const(f),
            ValueKind::Decimal => SemType::decimal_const(value.decimal_key()),
            ValueKind::String(s) => SemType::string_const(s),
            _ => return None,
        })
    }
}
