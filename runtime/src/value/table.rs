//! Table values (spec "Tables"): mapping members in insertion order, a key sequence, and an
//! index from the hash of each member's key value to its positions.
//!
//! Key values are plain data (read-only anydata), so the hash follows `==`: ints by value,
//! floats with `-0.0` as `0.0` and one NaN, decimals by their numeric value, lists member-wise
//! and mappings by their entries regardless of order. Colliding positions are compared with
//! `deep_equals`. A table is tracked by the cycle collector like a list (`gc/`): a row that
//! refers back to its table closes a cycle the collector can free.

use super::equality::deep_equals;
use super::gc::{self, GcHeader};
use super::Value;
use intc_ir::TypeId;
use rustc_hash::{FxHashMap, FxHasher};
use std::cell::{Cell, Ref, RefCell};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// Beyond this depth a key's structure adds nothing to its hash (equal values still hash
/// equally; only the spread suffers).
const HASH_DEPTH: u32 = 32;

/// A table value.
#[derive(Debug)]
pub struct TableObj {
    /// The inherent type (a `table<R> key(...)` type, possibly `T & readonly`).
    pub ty: TypeId,
    /// The key sequence (empty for a keyless table).
    pub key: Rc<[String]>,
    frozen: Cell<bool>,
    rows: RefCell<Vec<Value>>,
    index: RefCell<FxHashMap<u64, Vec<usize>>>,
    /// Bumped by every mutation, so iterators can tell the table changed under them.
    version: Cell<u64>,
    pub(crate) gc: GcHeader,
}

/// Why a row could not be added.
#[derive(Debug)]
pub enum AddError {
    /// A member has the same key value (the key's components).
    Duplicate(Vec<Value>),
    /// The row is not a mapping or lacks a key field.
    NoKey,
}

impl TableObj {
    pub fn new(ty: TypeId, key: Rc<[String]>) -> Rc<TableObj> {
        gc::track(TableObj {
            ty,
            key,
            frozen: Cell::new(false),
            rows: RefCell::new(Vec::new()),
            index: RefCell::new(FxHashMap::default()),
            version: Cell::new(0),
            gc: GcHeader::new(),
        })
    }

    pub fn rows(&self) -> Ref<'_, Vec<Value>> {
        self.rows.borrow()
    }

    pub fn len(&self) -> usize {
        self.rows.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn row(&self, index: usize) -> Option<Value> {
        self.rows.borrow().get(index).cloned()
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen.get()
    }

    pub fn freeze(&self) {
        self.frozen.set(true);
    }

    pub fn version(&self) -> u64 {
        self.version.get()
    }

    fn touch(&self) {
        self.version.set(self.version.get().wrapping_add(1));
    }

    /// The key value of `row` as its components, one per key field (`None` when a field is
    /// missing or `row` is not a mapping).
    pub fn key_of(&self, row: &Value) -> Option<Vec<Value>> {
        let Value::Map(map) = row else {
            return None;
        };
        let entries = map.entries();
        self.key
            .iter()
            .map(|field| entries.get(field.as_str()).cloned())
            .collect()
    }

    /// The components of a key value `k` as written in `t[k]`: the value itself for a
    /// one-field key, the members of a list for a multi-field key.
    pub fn key_components(&self, k: &Value) -> Option<Vec<Value>> {
        if self.key.len() == 1 {
            return Some(vec![k.clone()]);
        }
        match k {
            Value::List(list) if list.len() == self.key.len() => Some(list.items().clone()),
            _ => None,
        }
    }

    /// The position of the member with key `key` (components).
    pub fn find(&self, key: &[Value]) -> Option<usize> {
        if self.key.is_empty() {
            return None;
        }
        let index = self.index.borrow();
        let positions = index.get(&hash_key(key))?;
        let rows = self.rows.borrow();
        positions.iter().copied().find(|&at| {
            rows.get(at)
                .and_then(|row| self.key_of(row))
                .is_some_and(|k| k.iter().zip(key).all(|(a, b)| deep_equals(a, b)))
        })
    }

    /// The member with key `k` (as written in `t[k]`).
    pub fn get(&self, k: &Value) -> Option<Value> {
        let key = self.key_components(k)?;
        let at = self.find(&key)?;
        self.row(at)
    }

    /// Appends `row`, refusing one whose key is already present.
    pub fn add(&self, row: Value) -> Result<(), AddError> {
        if self.key.is_empty() {
            self.rows.borrow_mut().push(row);
            self.touch();
            return Ok(());
        }
        let key = self.key_of(&row).ok_or(AddError::NoKey)?;
        if self.find(&key).is_some() {
            return Err(AddError::Duplicate(key));
        }
        let at = self.rows.borrow().len();
        self.rows.borrow_mut().push(row);
        self.index
            .borrow_mut()
            .entry(hash_key(&key))
            .or_default()
            .push(at);
        self.touch();
        Ok(())
    }

    /// Adds `row`, replacing the member with the same key in its position.
    pub fn put(&self, row: Value) -> Result<(), AddError> {
        if !self.key.is_empty() {
            let key = self.key_of(&row).ok_or(AddError::NoKey)?;
            if let Some(at) = self.find(&key) {
                if let Some(slot) = self.rows.borrow_mut().get_mut(at) {
                    *slot = row;
                }
                self.touch();
                return Ok(());
            }
        }
        self.add(row)
    }

    /// Removes the member at `at`, returning it.
    pub fn remove_at(&self, at: usize) -> Option<Value> {
        if at >= self.len() {
            return None;
        }
        let row = self.rows.borrow_mut().remove(at);
        self.rebuild_index();
        self.touch();
        Some(row)
    }

    pub fn clear(&self) {
        let rows = std::mem::take(&mut *self.rows.borrow_mut());
        self.index.borrow_mut().clear();
        self.touch();
        super::release::release_values(rows);
    }

    /// The rows, unless they are mutably borrowed right now (for the cycle collector).
    pub(crate) fn try_rows(&self) -> Option<Ref<'_, Vec<Value>>> {
        self.rows.try_borrow().ok()
    }

    /// Moves the rows of a garbage table into `trash` (the cycle collector's clear); a table
    /// whose rows are borrowed right now is left alone.
    pub(crate) fn take_rows(&self, trash: &mut Vec<Value>) {
        if let (Ok(mut rows), Ok(mut index)) =
            (self.rows.try_borrow_mut(), self.index.try_borrow_mut())
        {
            trash.append(&mut rows);
            index.clear();
            self.touch();
        }
    }

    fn rebuild_index(&self) {
        let mut index = self.index.borrow_mut();
        index.clear();
        if self.key.is_empty() {
            return;
        }
        for (at, row) in self.rows.borrow().iter().enumerate() {
            if let Some(key) = self.key_of(row) {
                index.entry(hash_key(&key)).or_default().push(at);
            }
        }
    }
}

impl Drop for TableObj {
    fn drop(&mut self) {
        gc::untrack(&self.gc, self);
        let rows = std::mem::take(self.rows.get_mut());
        super::release::release_values(rows);
    }
}

/// The hash of a key value's components, consistent with `==`.
pub fn hash_key(key: &[Value]) -> u64 {
    let mut hasher = FxHasher::default();
    for component in key {
        hash_value(component, &mut hasher, 0);
    }
    hasher.finish()
}

fn hash_value(value: &Value, h: &mut FxHasher, depth: u32) {
    if depth > HASH_DEPTH {
        return;
    }
    match value {
        Value::Nil => 0u8.hash(h),
        Value::Boolean(b) => (1u8, *b).hash(h),
        Value::Int(i) => (2u8, *i).hash(h),
        Value::Float(f) => {
            3u8.hash(h);
            let bits = if f.is_nan() {
                f64::NAN.to_bits()
            } else if *f == 0.0 {
                0
            } else {
                f.to_bits()
            };
            bits.hash(h);
        }
        // Equal decimals may differ in precision (`1.0 == 1.00`): only the basic type hashes.
        Value::Decimal(_) => 4u8.hash(h),
        Value::String(s) => (5u8, s.as_str()).hash(h),
        Value::List(list) => {
            6u8.hash(h);
            for item in list.items().iter() {
                hash_value(item, h, depth + 1);
            }
        }
        Value::Map(map) => {
            // Order-independent: the sum of the entries' own hashes.
            let mut sum = 0u64;
            for (k, v) in map.entries().iter() {
                let mut entry = FxHasher::default();
                k.as_str().hash(&mut entry);
                hash_value(v, &mut entry, depth + 1);
                sum = sum.wrapping_add(entry.finish());
            }
            (7u8, sum).hash(h);
        }
        Value::Table(table) => {
            8u8.hash(h);
            for row in table.rows().iter() {
                hash_value(row, h, depth + 1);
            }
        }
        _ => 9u8.hash(h),
    }
}
