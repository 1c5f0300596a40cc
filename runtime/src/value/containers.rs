//! Heap objects behind the pointer variants of `Value`.
//!
//! Interior mutability uses `RefCell`; the interpreter never holds a borrow across a call into
//! Ballerina code, and natives must not either (clone what they need first), so borrow
//! conflicts cannot arise from user programs.

use super::gc::{self, GcHeader};
use super::Value;
use indexmap::IndexMap;
use intc_ir::{ClassId, FuncId, TypeId};
use rustc_hash::FxBuildHasher;
use std::borrow::Borrow;
use std::cell::{Cell, OnceCell, Ref, RefCell, RefMut};
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// A mapping key: a shared string that can be looked up by `&str`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MapKey(pub Rc<String>);

impl MapKey {
    pub fn new(key: &str) -> MapKey {
        MapKey(Rc::new(key.to_string()))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

// `Hash` of `Rc<String>` hashes the `str`, so borrowing as `str` keeps lookups consistent.
impl Borrow<str> for MapKey {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

/// Insertion-ordered entries of a mapping value.
pub type ValueMap = IndexMap<MapKey, Value, FxBuildHasher>;

/// A list value (array or tuple).
#[derive(Debug)]
pub struct ListObj {
    /// The inherent type (an array or tuple type, possibly `T & readonly`).
    pub ty: TypeId,
    frozen: Cell<bool>,
    pub(super) items: RefCell<Vec<Value>>,
    pub(super) gc: GcHeader,
}

impl ListObj {
    /// A new list, registered with the cycle collector (which is why it comes in its `Rc`).
    pub fn new(ty: TypeId, items: Vec<Value>) -> Rc<ListObj> {
        gc::track(ListObj {
            ty,
            frozen: Cell::new(false),
            items: RefCell::new(items),
            gc: GcHeader::new(),
        })
    }

    pub fn items(&self) -> Ref<'_, Vec<Value>> {
        self.items.borrow()
    }

    /// Mutable access; callers check `is_frozen` first where mutation is a language operation.
    pub fn items_mut(&self) -> RefMut<'_, Vec<Value>> {
        self.items.borrow_mut()
    }

    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: usize) -> Option<Value> {
        self.items.borrow().get(index).cloned()
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen.get()
    }

    pub fn freeze(&self) {
        self.frozen.set(true);
    }
}

impl Drop for ListObj {
    fn drop(&mut self) {
        gc::untrack(&self.gc, self);
        let items = std::mem::take(self.items.get_mut());
        super::release::release_values(items);
    }
}

/// A mapping value (map or record).
#[derive(Debug)]
pub struct MapObj {
    /// The inherent type (a map or record type, possibly `T & readonly`).
    pub ty: TypeId,
    frozen: Cell<bool>,
    pub(super) entries: RefCell<ValueMap>,
    pub(super) gc: GcHeader,
}

impl MapObj {
    /// A new mapping, registered with the cycle collector.
    pub fn new(ty: TypeId, entries: ValueMap) -> Rc<MapObj> {
        gc::track(MapObj {
            ty,
            frozen: Cell::new(false),
            entries: RefCell::new(entries),
            gc: GcHeader::new(),
        })
    }

    pub fn entries(&self) -> Ref<'_, ValueMap> {
        self.entries.borrow()
    }

    pub fn entries_mut(&self) -> RefMut<'_, ValueMap> {
        self.entries.borrow_mut()
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        self.entries.borrow().get(key).cloned()
    }

    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen.get()
    }

    pub fn freeze(&self) {
        self.frozen.set(true);
    }
}

impl Drop for MapObj {
    fn drop(&mut self) {
        gc::untrack(&self.gc, self);
        let entries = std::mem::take(self.entries.get_mut());
        if entries.values().any(Value::needs_drop) {
            super::release::release_values(entries.into_values().collect());
        }
    }
}

/// One frame of an error's stack trace: the function and the instruction index in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceFrame {
    pub func: FuncId,
    pub pc: u32,
}

/// An error value.
#[derive(Debug)]
pub struct ErrorObj {
    /// The error type it was constructed with (for distinct-type tests).
    pub ty: TypeId,
    pub message: Rc<String>,
    /// An error or `()`.
    pub cause: Value,
    /// The detail record (immutable).
    pub detail: Rc<MapObj>,
    trace: OnceCell<Box<[TraceFrame]>>,
    pub(super) gc: GcHeader,
}

impl ErrorObj {
    /// A new error, registered with the cycle collector.
    pub fn new(ty: TypeId, message: Rc<String>, cause: Value, detail: Rc<MapObj>) -> Rc<ErrorObj> {
        detail.freeze();
        gc::track(ErrorObj {
            ty,
            message,
            cause,
            detail,
            trace: OnceCell::new(),
            gc: GcHeader::new(),
        })
    }

    /// The stack trace captured where the error was created (or first raised), innermost first.
    pub fn trace(&self) -> &[TraceFrame] {
        self.trace.get().map(|t| &t[..]).unwrap_or(&[])
    }

    /// Records the stack trace unless one is already recorded.
    pub fn set_trace_if_absent(&self, trace: Box<[TraceFrame]>) {
        let _ = self.trace.set(trace);
    }

    pub fn has_trace(&self) -> bool {
        self.trace.get().is_some()
    }
}

/// An object (instance of a class).
#[derive(Debug)]
pub struct ObjectObj {
    pub class: ClassId,
    frozen: Cell<bool>,
    pub(super) fields: RefCell<Vec<Value>>,
    pub(super) gc: GcHeader,
}

impl ObjectObj {
    /// A new object, registered with the cycle collector.
    pub fn new(class: ClassId, fields: Vec<Value>) -> Rc<ObjectObj> {
        gc::track(ObjectObj {
            class,
            frozen: Cell::new(false),
            fields: RefCell::new(fields),
            gc: GcHeader::new(),
        })
    }

    pub fn fields(&self) -> Ref<'_, Vec<Value>> {
        self.fields.borrow()
    }

    pub fn fields_mut(&self) -> RefMut<'_, Vec<Value>> {
        self.fields.borrow_mut()
    }

    pub fn slot(&self, slot: usize) -> Option<Value> {
        self.fields.borrow().get(slot).cloned()
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen.get()
    }

    pub fn freeze(&self) {
        self.frozen.set(true);
    }
}

impl Drop for ObjectObj {
    fn drop(&mut self) {
        gc::untrack(&self.gc, self);
        let fields = std::mem::take(self.fields.get_mut());
        super::release::release_values(fields);
    }
}

/// A function value: the function and its captured cells.
#[derive(Debug)]
pub struct Closure {
    pub func: FuncId,
    pub captures: Box<[Value]>,
    pub(super) gc: GcHeader,
}

impl Closure {
    /// A new function value, registered with the cycle collector if it captures anything
    /// (it is immutable, so without captures it can never be part of a cycle).
    pub fn new(func: FuncId, captures: Box<[Value]>) -> Rc<Closure> {
        let closure = Closure {
            func,
            captures,
            gc: GcHeader::new(),
        };
        if closure.captures.is_empty() {
            Rc::new(closure)
        } else {
            gc::track(closure)
        }
    }
}

impl Drop for Closure {
    fn drop(&mut self) {
        gc::untrack(&self.gc, self);
        let captures = std::mem::take(&mut self.captures).into_vec();
        super::release::release_values(captures);
    }
}

impl Drop for ErrorObj {
    fn drop(&mut self) {
        gc::untrack(&self.gc, self);
        if self.cause.needs_drop() {
            let cause = std::mem::take(&mut self.cause);
            super::release::release_values(vec![cause]);
        }
    }
}

/// A native resource (file handle, ...), downcast by the natives that own it.
pub struct HandleObj {
    pub value: Box<dyn std::any::Any>,
}

impl fmt::Debug for HandleObj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HandleObj")
    }
}

/// A captured-variable cell, registered with the cycle collector (a closure stored in a
/// variable it captures is the commonest cycle). Dereferences to its `RefCell`.
#[derive(Debug)]
pub struct CellObj {
    pub(super) value: RefCell<Value>,
    pub(super) gc: GcHeader,
}

impl CellObj {
    pub fn new(value: Value) -> Rc<CellObj> {
        gc::track(CellObj {
            value: RefCell::new(value),
            gc: GcHeader::new(),
        })
    }
}

impl Deref for CellObj {
    type Target = RefCell<Value>;

    fn deref(&self) -> &RefCell<Value> {
        &self.value
    }
}

impl Drop for CellObj {
    fn drop(&mut self) {
        gc::untrack(&self.gc, self);
        let value = std::mem::take(self.value.get_mut());
        if value.needs_drop() {
            super::release::release_values(vec![value]);
        }
    }
}

/// An iterator's state, registered with the cycle collector (an iterator object stored in
/// the list it iterates is a cycle). Dereferences to its `RefCell`.
#[derive(Debug)]
pub struct IterObj {
    pub(super) state: RefCell<IterState>,
    pub(super) gc: GcHeader,
}

impl IterObj {
    pub fn new(state: IterState) -> Rc<IterObj> {
        gc::track(IterObj {
            state: RefCell::new(state),
            gc: GcHeader::new(),
        })
    }
}

impl Deref for IterObj {
    type Target = RefCell<IterState>;

    fn deref(&self) -> &RefCell<IterState> {
        &self.state
    }
}

impl Drop for IterObj {
    fn drop(&mut self) {
        gc::untrack(&self.gc, self);
    }
}

/// State of an iterator created by `IterNew`/`IterRange`.
#[derive(Debug)]
pub enum IterState {
    /// Members of a list by index (sees appends made during iteration, like Ballerina).
    List { list: Rc<ListObj>, index: usize },
    /// Values of a mapping in insertion order.
    Map { map: Rc<MapObj>, index: usize },
    /// Members of a table in order; `version` is the table's when the iterator was made (a
    /// mutation since makes the next step panic).
    Table {
        table: Rc<super::TableObj>,
        index: usize,
        version: u64,
    },
    /// Characters of a string; `byte_offset` is the next char's start.
    String {
        text: Rc<String>,
        byte_offset: usize,
    },
    /// Ints from `next` up to `end` (inclusive) unless `done`.
    Range { next: i64, end: i64, done: bool },
    /// `int:range(start, end, step)`: `next`, `next + step`, ... while before `end` in the
    /// direction of `step` (never zero).
    Stepped { next: i64, end: i64, step: i64 },
    /// An iterator object whose `next()` method is called each step.
    /// An iterator object's: `calling` while its `next()` runs as a call from `IterNext`
    /// (whose `dst` register receives the raw result).
    Object { iterator: Value, calling: bool },
    /// Finished.
    Done,
}
