//! Cycle collection for the reference-counted containers behind `Value`.
//!
//! Values are plain `std::rc::Rc` pointers, so a structure that refers to itself (a record
//! holding itself through a map, an object graph with back references, a closure whose
//! captured cell holds the closure) would never reach a count of zero. This module reclaims
//! such garbage by *trial deletion* (CPython's collector; Bacon and Rajan's "synchronous cycle
//! collection"), which needs no roots: every container that can hold other values is
//! registered here when it is created, and a collection
//!
//! 1. takes each tracked container's reference count (`Rc::strong_count`),
//! 2. subtracts the references that come from other tracked containers,
//! 3. treats every container with a count left over as referenced from outside (a register,
//!    a native's local, a module variable, a parked strand, a handle) and marks everything
//!    reachable from it as alive,
//! 4. clears the contents of the rest (garbage cycles and garbage hanging off them), which
//!    drops their internal references so ordinary reference counting frees them.
//!
//! The collector never sees frames, strands or globals: an external reference is simply a
//! count that the containers do not explain. Anything it cannot inspect (a container whose
//! contents are mutably borrowed right now, a `Handle` holding values) counts as external,
//! so the failure mode of an unknown reference is a cycle kept alive, never live data freed.
//!
//! Only containers with interior mutability are cleared (lists, mappings, tables, objects,
//! cells, iterators): a cycle can only be closed by storing into a container that already exists,
//! so every cycle passes through one of them. Function values and errors are immutable after
//! construction; they are traced (their references are internal) and freed by the cascade.
//!
//! When: a container allocation counts towards a threshold (like CPython's generation 0);
//! reaching it runs a collection right there, at the allocation. That is safe at any point
//! of the interpreter or a native because of the rules above, so no safe-point hook is needed.
//! The threshold adapts to the number of containers that survived the last collection
//! (`max(MIN_THRESHOLD, survivors)`), which keeps the work per allocation constant however
//! large the live heap grows, at the price of garbage cycles up to about the live heap's size
//! waiting for the next collection.

mod collect;

pub use collect::collect_cycles;

use super::{CellObj, Closure, ErrorObj, IterObj, ListObj, MapObj, ObjectObj, TableObj};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// The slot of a container that is not registered.
const UNTRACKED: u32 = u32::MAX;

/// Container allocations between collections at least.
const MIN_THRESHOLD: usize = 10_000;

/// Per-container bookkeeping: the container's slot in this thread's registry.
#[derive(Debug)]
pub struct GcHeader {
    slot: Cell<u32>,
}

impl GcHeader {
    pub(crate) const fn new() -> GcHeader {
        GcHeader {
            slot: Cell::new(UNTRACKED),
        }
    }
}

/// A registry entry: a weak pointer, so registration never keeps a container alive.
pub(crate) enum WeakRef {
    List(Weak<ListObj>),
    Map(Weak<MapObj>),
    Object(Weak<ObjectObj>),
    Function(Weak<Closure>),
    Error(Weak<ErrorObj>),
    Cell(Weak<CellObj>),
    Iterator(Weak<IterObj>),
    Table(Weak<TableObj>),
}

impl WeakRef {
    fn addr(&self) -> *const () {
        match self {
            WeakRef::List(w) => w.as_ptr().cast(),
            WeakRef::Map(w) => w.as_ptr().cast(),
            WeakRef::Object(w) => w.as_ptr().cast(),
            WeakRef::Function(w) => w.as_ptr().cast(),
            WeakRef::Error(w) => w.as_ptr().cast(),
            WeakRef::Cell(w) => w.as_ptr().cast(),
            WeakRef::Iterator(w) => w.as_ptr().cast(),
            WeakRef::Table(w) => w.as_ptr().cast(),
        }
    }

    fn upgrade(&self) -> Option<collect::Strong> {
        use collect::Strong;
        Some(match self {
            WeakRef::List(w) => Strong::List(w.upgrade()?),
            WeakRef::Map(w) => Strong::Map(w.upgrade()?),
            WeakRef::Object(w) => Strong::Object(w.upgrade()?),
            WeakRef::Function(w) => Strong::Function(w.upgrade()?),
            WeakRef::Error(w) => Strong::Error(w.upgrade()?),
            WeakRef::Cell(w) => Strong::Cell(w.upgrade()?),
            WeakRef::Iterator(w) => Strong::Iterator(w.upgrade()?),
            WeakRef::Table(w) => Strong::Table(w.upgrade()?),
        })
    }
}

/// A container type the collector tracks.
pub(crate) trait Tracked: Sized {
    fn header(&self) -> &GcHeader;
    fn weak_ref(this: &Rc<Self>) -> WeakRef;
}

macro_rules! tracked {
    ($($ty:ident => $variant:ident),* $(,)?) => {$(
        impl Tracked for $ty {
            fn header(&self) -> &GcHeader {
                &self.gc
            }
            fn weak_ref(this: &Rc<Self>) -> WeakRef {
                WeakRef::$variant(Rc::downgrade(this))
            }
        }
    )*};
}

tracked!(
    ListObj => List,
    MapObj => Map,
    ObjectObj => Object,
    Closure => Function,
    ErrorObj => Error,
    CellObj => Cell,
    IterObj => Iterator,
    TableObj => Table,
);

/// This thread's tracked containers. Slots are stable (a container stores its own), freed
/// slots are reused.
struct Registry {
    slots: Vec<Option<WeakRef>>,
    free: Vec<u32>,
    /// Containers registered since the last collection.
    since_last: usize,
    threshold: usize,
}

impl Registry {
    fn insert(&mut self, entry: WeakRef) -> Option<u32> {
        if let Some(slot) = self.free.pop() {
            if let Some(cell) = self.slots.get_mut(slot as usize) {
                *cell = Some(entry);
                return Some(slot);
            }
        }
        let slot = u32::try_from(self.slots.len())
            .ok()
            .filter(|s| *s != UNTRACKED)?;
        self.slots.push(Some(entry));
        Some(slot)
    }

    fn remove(&mut self, slot: u32, addr: *const ()) {
        // A container moved out of its `Rc` (never done today) keeps a stale slot number;
        // the address check keeps it from unregistering whoever reuses the slot.
        if let Some(cell) = self.slots.get_mut(slot as usize) {
            if cell.as_ref().is_some_and(|w| w.addr() == addr) {
                *cell = None;
                self.free.push(slot);
            }
        }
    }

    fn live(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

thread_local! {
    static REGISTRY: RefCell<Registry> = const {
        RefCell::new(Registry {
            slots: Vec::new(),
            free: Vec::new(),
            since_last: 0,
            threshold: MIN_THRESHOLD,
        })
    };
}

/// Allocates a container and registers it; may run a collection first (see the module docs).
pub(crate) fn track<T: Tracked>(value: T) -> Rc<T> {
    let rc = Rc::new(value);
    let due = REGISTRY
        .try_with(|registry| {
            // Busy only while a collection takes its snapshot, which allocates no containers;
            // an unregistered container is merely never collected as part of a cycle.
            let Ok(mut registry) = registry.try_borrow_mut() else {
                return false;
            };
            if let Some(slot) = registry.insert(T::weak_ref(&rc)) {
                rc.header().slot.set(slot);
            }
            registry.since_last += 1;
            registry.since_last >= registry.threshold
        })
        .unwrap_or(false);
    if due {
        collect_cycles();
    }
    rc
}

/// Unregisters a container that is being dropped (called from its `Drop`).
pub(crate) fn untrack<T>(header: &GcHeader, this: &T) {
    let slot = header.slot.get();
    if slot == UNTRACKED {
        return;
    }
    let addr = (this as *const T).cast::<()>();
    // If the registry is unavailable (thread teardown) the dead entry is purged later.
    let _ = REGISTRY.try_with(|registry| {
        if let Ok(mut registry) = registry.try_borrow_mut() {
            registry.remove(slot, addr);
        }
    });
}

/// The number of containers currently registered on this thread.
pub fn tracked_containers() -> usize {
    REGISTRY
        .try_with(|registry| registry.try_borrow().map(|r| r.live()).unwrap_or(0))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
