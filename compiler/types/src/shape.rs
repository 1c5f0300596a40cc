//! Membership of a run-time value in a type (`v is T`, casts, `match`): the runtime
//! implements [`Shape`] for its values and asks [`Env::contains`]; it does no type analysis of
//! its own.
//!
//! Spec semantics: an immutable value belongs to T iff its shape does; a mutable structure
//! belongs iff its inherent type is a subtype of T (so it keeps belonging whatever is later
//! stored in it). Functions, objects, futures, streams and handles are judged by their
//! inherent type; typedescs by the type they describe. The walk over a value (`contains.rs`)
//! keeps its own stack, so any depth of value is judged exactly.

use crate::basic::BasicTypeCode;
use crate::semtype::SemType;
use crate::values::{is_char, DecimalKey};
use crate::xml::kinds;

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
    /// A regular expression.
    RegExp,
}

/// What the runtime tells the type algebra about one of its values.
///
/// A runtime whose values refer to their types by id implements this for a small `Clone`
/// view holding the value and its type table (`struct ValueRef<'a> { value: &'a Value, types:
/// &'a TypeTable }`), returning child views from `member`, `field_at` and `field`.
pub trait Shape: Sized + Clone {
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

    /// Member `index` of a list.
    fn member(&self, index: usize) -> Option<Self>;

    /// Number of fields of a mapping (or of an error's detail record).
    fn field_count(&self) -> usize;

    /// Field `index` (in any fixed order) of a mapping (or of an error's detail record).
    fn field_at(&self, index: usize) -> Option<(&str, Self)>;

    /// Field `name` of a mapping (or of an error's detail record), if present.
    fn field(&self, name: &str) -> Option<Self>;

    /// The distinct type identities an error or object value carries.
    fn distinct_ids(&self) -> Vec<u32> {
        Vec::new()
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
        ValueKind::RegExp => BasicTypeCode::REGEXP,
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
