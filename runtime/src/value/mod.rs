//! The runtime value representation.
//!
//! `Value` is a 16-byte enum: simple values (nil, boolean, int, float, typedesc) are unboxed;
//! everything else is a single `Rc` pointer. The runtime is single-threaded: all strands of a
//! program run on one scheduler thread, so `Rc`/`RefCell` are used instead of atomics and
//! locks. Structured values carry their inherent type (`TypeId` into the runtime type table)
//! and an immutability flag.

mod containers;
mod equality;
mod future;
mod gc;
mod hash_key;
pub mod regexp;
mod release;
pub mod stream;
mod strings;
pub mod table;
pub mod transfer;
pub mod xml;

pub use containers::{
    CellObj, Closure, ErrorObj, HandleObj, IterObj, IterState, ListObj, MapKey, MapObj, ObjectObj,
    TraceFrame, ValueMap,
};
pub use equality::{deep_equals, exact_equals};
pub use future::{FutureObj, FutureState, StrandId};
pub use gc::{collect_cycles, tracked_containers};
pub use hash_key::equality_hash;
pub use release::release_values;
pub use stream::{ProducerState, QueryProducer, StreamObj, StreamSource};
pub use strings::{char_at, char_count, char_substring};
pub use table::TableObj;

use intc_decimal::Decimal;
use intc_ir::TypeId;
use std::rc::Rc;

/// A Ballerina value (plus the interpreter-internal cell and iterator variants).
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// `()`.
    #[default]
    Nil,
    Boolean(bool),
    /// int and its subtypes (byte, int:Signed8, ...).
    Int(i64),
    Float(f64),
    /// Declared with the other unboxed variants so that "needs no drop" is one tag range
    /// check (`needs_drop`) on every register write.
    Typedesc(TypeId),
    /// Boxed: a decimal128 is itself 16 bytes, so inline it would make `Value` 32 bytes
    /// (tag + payload) and slow every register move; decimals are rare enough that one
    /// shared allocation per result costs less than doubling all values.
    Decimal(Rc<Decimal>),
    /// Shared string; appended in place when uniquely owned (see `Concat`).
    String(Rc<String>),
    /// Lists: arrays and tuples.
    List(Rc<ListObj>),
    /// Mappings: maps and records.
    Map(Rc<MapObj>),
    Error(Rc<ErrorObj>),
    Object(Rc<ObjectObj>),
    /// Function values (closures).
    Function(Rc<Closure>),
    /// Opaque native resources owned by stdlib natives.
    Handle(Rc<HandleObj>),
    /// A strand's future (`start`, named workers).
    Future(Rc<FutureObj>),
    /// A captured-variable cell (never visible to Ballerina code as a value).
    Cell(Rc<CellObj>),
    /// An iterator created by `IterNew`/`IterRange` (internal).
    Iterator(Rc<IterObj>),
    /// An xml sequence (`value/xml.rs`).
    Xml(Rc<xml::XmlObj>),
    /// A table (`value/table.rs`).
    Table(Rc<TableObj>),
    /// A stream (`value/stream.rs`).
    Stream(Rc<StreamObj>),
    /// A regular expression (`value/regexp.rs`).
    RegExp(Rc<regexp::RegExpObj>),
}

impl Value {
    pub fn string(text: impl Into<String>) -> Value {
        Value::String(Rc::new(text.into()))
    }

    pub fn xml(value: xml::XmlObj) -> Value {
        Value::Xml(Rc::new(value))
    }

    pub fn decimal(value: Decimal) -> Value {
        Value::Decimal(Rc::new(value))
    }

    /// `clone` with the unboxed cases inlined (the derived `clone` is an out-of-line call).
    #[inline(always)]
    pub fn fast_clone(&self) -> Value {
        match self {
            Value::Nil => Value::Nil,
            Value::Boolean(b) => Value::Boolean(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Float(f) => Value::Float(*f),
            other => other.clone(),
        }
    }

    /// `*self = Value::Int(v)` without a drop call or a 16-byte temporary when the slot
    /// already holds an unboxed value (avoids store-forwarding stalls in the interpreter).
    #[inline(always)]
    pub fn set_int(&mut self, v: i64) {
        match self {
            Value::Int(slot) => *slot = v,
            slot if !slot.needs_drop() => std::mem::forget(std::mem::replace(slot, Value::Int(v))),
            slot => *slot = Value::Int(v),
        }
    }

    /// `*self = Value::Float(v)`, see [`Value::set_int`].
    #[inline(always)]
    pub fn set_float(&mut self, v: f64) {
        match self {
            Value::Float(slot) => *slot = v,
            slot if !slot.needs_drop() => {
                std::mem::forget(std::mem::replace(slot, Value::Float(v)))
            }
            slot => *slot = Value::Float(v),
        }
    }

    /// `*self = Value::Boolean(v)`, see [`Value::set_int`].
    #[inline(always)]
    pub fn set_bool(&mut self, v: bool) {
        match self {
            Value::Boolean(slot) => *slot = v,
            slot if !slot.needs_drop() => {
                std::mem::forget(std::mem::replace(slot, Value::Boolean(v)))
            }
            slot => *slot = Value::Boolean(v),
        }
    }

    /// `*self = v`, writing unboxed values field-wise (see [`Value::set_int`]).
    #[inline(always)]
    pub fn assign(&mut self, v: Value) {
        match v {
            Value::Int(i) => self.set_int(i),
            Value::Float(f) => self.set_float(f),
            Value::Boolean(b) => self.set_bool(b),
            other => *self = other,
        }
    }

    /// `*self = src.clone()`, copying unboxed values field-wise without a temporary (see
    /// [`Value::set_int`]); the interpreter's argument copy.
    #[inline(always)]
    pub fn assign_from(&mut self, src: &Value) {
        match src {
            Value::Int(i) => self.set_int(*i),
            Value::Float(f) => self.set_float(*f),
            Value::Boolean(b) => self.set_bool(*b),
            other => *self = other.clone(),
        }
    }

    /// True if dropping this value may release heap memory.
    #[inline(always)]
    pub fn needs_drop(&self) -> bool {
        !matches!(
            self,
            Value::Nil | Value::Boolean(_) | Value::Int(_) | Value::Float(_) | Value::Typedesc(_)
        )
    }

    /// Overwrites an unboxed value with `()` without running drop glue.
    #[inline(always)]
    pub(crate) fn set_nil_unboxed(&mut self) {
        let old = std::mem::replace(self, Value::Nil);
        std::mem::forget(old);
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_float(&self) -> Option<f64> {
        match self {
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            Value::Decimal(d) => Some(**d),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&Rc<ListObj>> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Rc<MapObj>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_error(&self) -> Option<&Rc<ErrorObj>> {
        match self {
            Value::Error(e) => Some(e),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Rc<ObjectObj>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Value::Error(_))
    }

    /// True if the value can never be mutated (simple values, strings, frozen structures,
    /// errors, function values, typedescs).
    pub fn is_immutable(&self) -> bool {
        match self {
            Value::List(l) => l.is_frozen(),
            Value::Map(m) => m.is_frozen(),
            Value::Object(o) => o.is_frozen(),
            Value::Xml(x) => x.is_frozen(),
            Value::Table(t) => t.is_frozen(),
            Value::Cell(_)
            | Value::Iterator(_)
            | Value::Handle(_)
            | Value::Future(_)
            | Value::Stream(_) => false,
            _ => true,
        }
    }

    /// The basic type name used in runtime messages (`int`, `string`, `map`, ...).
    pub fn basic_type_name(&self) -> &'static str {
        match self {
            Value::Nil => "()",
            Value::Boolean(_) => "boolean",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Decimal(_) => "decimal",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Error(_) => "error",
            Value::Object(_) => "object",
            Value::Function(_) => "function",
            Value::Typedesc(_) => "typedesc",
            Value::Handle(_) => "handle",
            Value::Future(_) => "future",
            Value::Cell(_) => "cell",
            Value::Iterator(_) => "iterator",
            Value::Xml(_) => "xml",
            Value::Table(_) => "table",
            Value::Stream(_) => "stream",
            Value::RegExp(_) => "regexp:RegExp",
        }
    }
}

/// `values[dst] = values[src].clone()`, moving unboxed payloads field-wise: reading a whole
/// 16-byte value right after a partial (payload-only) write stalls store forwarding, which
/// dominated call-heavy code.
#[inline(always)]
pub fn copy_value_within(values: &mut [Value], dst: usize, src: usize) {
    match values.get(src) {
        Some(Value::Int(i)) => {
            let i = *i;
            if let Some(slot) = values.get_mut(dst) {
                slot.set_int(i);
            }
        }
        Some(Value::Float(f)) => {
            let f = *f;
            if let Some(slot) = values.get_mut(dst) {
                slot.set_float(f);
            }
        }
        Some(Value::Boolean(b)) => {
            let b = *b;
            if let Some(slot) = values.get_mut(dst) {
                slot.set_bool(b);
            }
        }
        Some(other) => {
            let v = other.clone();
            if let Some(slot) = values.get_mut(dst) {
                *slot = v;
            }
        }
        None => {}
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Value {
        Value::Int(value)
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Value {
        Value::Float(value)
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Value {
        Value::Boolean(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Value {
        Value::string(value)
    }
}

impl From<String> for Value {
    fn from(value: String) -> Value {
        Value::string(value)
    }
}

impl From<Decimal> for Value {
    fn from(value: Decimal) -> Value {
        Value::decimal(value)
    }
}

#[cfg(test)]
mod tests;
