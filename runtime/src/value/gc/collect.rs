//! One collection: snapshot, subtract internal references, mark, clear (see `gc/mod.rs`).

use super::{GcHeader, MIN_THRESHOLD, REGISTRY};
use crate::value::release::release_values;
use crate::value::Value;
use crate::value::{
    CellObj, Closure, ErrorObj, IterObj, IterState, ListObj, MapObj, ObjectObj, TableObj,
};
use std::cell::Cell;
use std::rc::Rc;

/// A tracked container held for the length of a collection.
pub(crate) enum Strong {
    List(Rc<ListObj>),
    Map(Rc<MapObj>),
    Object(Rc<ObjectObj>),
    Function(Rc<Closure>),
    Error(Rc<ErrorObj>),
    Cell(Rc<CellObj>),
    Iterator(Rc<IterObj>),
    Table(Rc<TableObj>),
}

/// Reports a reference to a tracked container: its header and its address.
fn visit_value<F: FnMut(&GcHeader, *const ())>(value: &Value, f: &mut F) {
    match value {
        Value::List(l) => f(&l.gc, Rc::as_ptr(l).cast()),
        Value::Map(m) => f(&m.gc, Rc::as_ptr(m).cast()),
        Value::Object(o) => f(&o.gc, Rc::as_ptr(o).cast()),
        Value::Function(c) => f(&c.gc, Rc::as_ptr(c).cast()),
        Value::Error(e) => f(&e.gc, Rc::as_ptr(e).cast()),
        Value::Cell(c) => f(&c.gc, Rc::as_ptr(c).cast()),
        Value::Iterator(i) => f(&i.gc, Rc::as_ptr(i).cast()),
        Value::Table(t) => f(&t.gc, Rc::as_ptr(t).cast()),
        Value::Nil
        | Value::Boolean(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::Typedesc(_)
        | Value::Decimal(_)
        | Value::String(_)
        | Value::Handle(_)
        // xml holds only strings: it can close no cycle.
        | Value::Xml(_)
        | Value::RegExp(_)
        // Futures are not tracked: what they hold counts as referenced from outside (a
        // cycle through a future's result is kept, never freed early).
        | Value::Future(_)
        // Streams are not tracked either (like futures: what they hold stays alive).
        | Value::Stream(_) => {}
    }
}

impl Strong {
    fn strong_count(&self) -> usize {
        match self {
            Strong::List(rc) => Rc::strong_count(rc),
            Strong::Map(rc) => Rc::strong_count(rc),
            Strong::Object(rc) => Rc::strong_count(rc),
            Strong::Function(rc) => Rc::strong_count(rc),
            Strong::Error(rc) => Rc::strong_count(rc),
            Strong::Cell(rc) => Rc::strong_count(rc),
            Strong::Iterator(rc) => Rc::strong_count(rc),
            Strong::Table(rc) => Rc::strong_count(rc),
        }
    }

    fn addr(&self) -> *const () {
        match self {
            Strong::List(rc) => Rc::as_ptr(rc).cast(),
            Strong::Map(rc) => Rc::as_ptr(rc).cast(),
            Strong::Object(rc) => Rc::as_ptr(rc).cast(),
            Strong::Function(rc) => Rc::as_ptr(rc).cast(),
            Strong::Error(rc) => Rc::as_ptr(rc).cast(),
            Strong::Cell(rc) => Rc::as_ptr(rc).cast(),
            Strong::Iterator(rc) => Rc::as_ptr(rc).cast(),
            Strong::Table(rc) => Rc::as_ptr(rc).cast(),
        }
    }

    /// Calls `f` for each reference this container holds to a tracked container. False if
    /// the contents are mutably borrowed right now (then nothing is reported).
    fn trace<F: FnMut(&GcHeader, *const ())>(&self, f: &mut F) -> bool {
        match self {
            Strong::List(l) => match l.items.try_borrow() {
                Ok(items) => items.iter().for_each(|v| visit_value(v, f)),
                Err(_) => return false,
            },
            Strong::Map(m) => match m.entries.try_borrow() {
                Ok(entries) => entries.values().for_each(|v| visit_value(v, f)),
                Err(_) => return false,
            },
            Strong::Object(o) => match o.fields.try_borrow() {
                Ok(fields) => fields.iter().for_each(|v| visit_value(v, f)),
                Err(_) => return false,
            },
            Strong::Table(t) => match t.try_rows() {
                Some(rows) => rows.iter().for_each(|v| visit_value(v, f)),
                None => return false,
            },
            Strong::Function(c) => c.captures.iter().for_each(|v| visit_value(v, f)),
            Strong::Error(e) => {
                visit_value(&e.cause, f);
                f(&e.detail.gc, Rc::as_ptr(&e.detail).cast());
            }
            Strong::Cell(c) => match c.value.try_borrow() {
                Ok(value) => visit_value(&value, f),
                Err(_) => return false,
            },
            Strong::Iterator(i) => match i.state.try_borrow() {
                Ok(state) => match &*state {
                    IterState::List { list, .. } => f(&list.gc, Rc::as_ptr(list).cast()),
                    IterState::Map { map, .. } => f(&map.gc, Rc::as_ptr(map).cast()),
                    IterState::Object { iterator, .. } => visit_value(iterator, f),
                    IterState::Table { table, .. } => f(&table.gc, Rc::as_ptr(table).cast()),
                    IterState::String { .. }
                    | IterState::Range { .. }
                    | IterState::Stepped { .. }
                    | IterState::Done => {}
                },
                Err(_) => return false,
            },
        }
        true
    }

    /// Moves the contents of a garbage container into `trash`, breaking its references.
    /// Function values and errors are immutable and keep theirs (see the module docs).
    fn clear(&self, trash: &mut Vec<Value>) {
        match self {
            Strong::List(l) => {
                if let Ok(mut items) = l.items.try_borrow_mut() {
                    trash.append(&mut items);
                }
            }
            Strong::Map(m) => {
                if let Ok(mut entries) = m.entries.try_borrow_mut() {
                    trash.extend(std::mem::take(&mut *entries).into_values());
                }
            }
            Strong::Object(o) => {
                if let Ok(mut fields) = o.fields.try_borrow_mut() {
                    trash.append(&mut fields);
                }
            }
            Strong::Cell(c) => {
                if let Ok(mut value) = c.value.try_borrow_mut() {
                    trash.push(std::mem::take(&mut *value));
                }
            }
            Strong::Iterator(i) => {
                if let Ok(mut state) = i.state.try_borrow_mut() {
                    match std::mem::replace(&mut *state, IterState::Done) {
                        IterState::List { list, .. } => trash.push(Value::List(list)),
                        IterState::Map { map, .. } => trash.push(Value::Map(map)),
                        IterState::Object { iterator, .. } => trash.push(iterator),
                        IterState::Table { table, .. } => trash.push(Value::Table(table)),
                        IterState::String { .. }
                        | IterState::Range { .. }
                        | IterState::Stepped { .. }
                        | IterState::Done => {}
                    }
                }
            }
            Strong::Table(t) => t.take_rows(trash),
            Strong::Function(_) | Strong::Error(_) => {}
        }
    }
}

thread_local! {
    static COLLECTING: Cell<bool> = const { Cell::new(false) };
}

/// Resets `COLLECTING` however the collection ends.
struct CollectingGuard;

impl Drop for CollectingGuard {
    fn drop(&mut self) {
        let _ = COLLECTING.try_with(|c| c.set(false));
    }
}

/// Runs a collection now; returns the number of containers found to be garbage.
///
/// Garbage found here is freed before this returns. Does nothing when called from within a
/// collection (a `Drop` of a freed native handle that allocates, say).
pub fn collect_cycles() -> usize {
    if COLLECTING.try_with(|c| c.replace(true)).unwrap_or(true) {
        return 0;
    }
    let _guard = CollectingGuard;

    // 1. Snapshot: a strong reference to every live tracked container, indexed by slot.
    //    Entries whose container is gone without unregistering are purged here.
    let objs: Vec<Option<Strong>> = REGISTRY
        .try_with(|registry| {
            let Ok(mut registry) = registry.try_borrow_mut() else {
                return Vec::new();
            };
            let registry = &mut *registry;
            let mut objs = Vec::with_capacity(registry.slots.len());
            for (slot, cell) in registry.slots.iter_mut().enumerate() {
                let strong = cell.as_ref().and_then(|w| w.upgrade());
                if strong.is_none() && cell.take().is_some() {
                    registry.free.push(slot as u32);
                }
                objs.push(strong);
            }
            objs
        })
        .unwrap_or_default();
    let n = objs.len();
    // The slot of a referenced container, if it is the tracked container in that slot.
    let slot_of = |header: &GcHeader, addr: *const ()| -> Option<usize> {
        let slot = header.slot.get() as usize;
        match objs.get(slot) {
            Some(Some(obj)) if obj.addr() == addr => Some(slot),
            _ => None,
        }
    };

    // 2. Reference counts minus the snapshot's own reference minus internal references.
    let mut refs: Vec<usize> = objs
        .iter()
        .map(|o| o.as_ref().map_or(0, |o| o.strong_count() - 1))
        .collect();
    let mut opaque = vec![false; n];
    for (i, obj) in objs.iter().enumerate() {
        if let Some(obj) = obj {
            let traced = obj.trace(&mut |header, addr| {
                if let Some(j) = slot_of(header, addr) {
                    refs[j] = refs[j].saturating_sub(1);
                }
            });
            opaque[i] = !traced;
        }
    }

    // 3. Everything reachable from a container with an external reference is alive; so is
    //    a container that could not be traced (its references were never subtracted).
    let mut alive = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    for (i, obj) in objs.iter().enumerate() {
        if obj.is_some() && (refs[i] > 0 || opaque[i]) {
            alive[i] = true;
            stack.push(i);
        }
    }
    while let Some(i) = stack.pop() {
        if let Some(Some(obj)) = objs.get(i) {
            obj.trace(&mut |header, addr| {
                if let Some(j) = slot_of(header, addr) {
                    if !alive[j] {
                        alive[j] = true;
                        stack.push(j);
                    }
                }
            });
        }
    }

    // 4. Clear the garbage, then let reference counting free it.
    let mut garbage = 0;
    let mut trash = Vec::new();
    for (i, obj) in objs.iter().enumerate() {
        if let Some(obj) = obj {
            if !alive[i] {
                garbage += 1;
                obj.clear(&mut trash);
            }
        }
    }
    let survivors = alive.iter().filter(|a| **a).count();
    let _ = REGISTRY.try_with(|registry| {
        if let Ok(mut registry) = registry.try_borrow_mut() {
            registry.since_last = 0;
            registry.threshold = survivors.max(MIN_THRESHOLD);
        }
    });
    release_values(trash);
    // Dropping the snapshot releases the last references to the garbage; each container
    // goes through its own `Drop` (and `release_values`), so nesting depth does not matter.
    drop(objs);
    garbage
}
