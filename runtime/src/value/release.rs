//! Iterative release of nested values.
//!
//! Dropping a deeply nested structure (a linked list of a million records) with ordinary drop
//! glue would recurse once per level and overflow the Rust stack. Container `Drop` impls
//! instead hand their members to [`release_values`]: the outermost call drains a thread-local
//! queue in a loop, and nested calls only append to it, so recursion depth stays at one.

use super::Value;
use std::cell::RefCell;

thread_local! {
    /// `Some(queue)` while a drain is running on this thread.
    static PENDING: RefCell<Option<Vec<Value>>> = const { RefCell::new(None) };
}

enum Role {
    /// The values were queued for the running drain.
    Queued,
    /// This call must drain.
    Drainer,
    /// Thread-local storage is unavailable (thread teardown): drop directly.
    Plain,
}

/// Drops `values` without recursing on the Rust stack for nested containers.
pub fn release_values(mut values: Vec<Value>) {
    if values.iter().all(|v| !v.needs_drop()) {
        return;
    }
    let role = PENDING
        .try_with(|pending| match pending.try_borrow_mut() {
            Ok(mut slot) => match slot.as_mut() {
                Some(queue) => {
                    queue.append(&mut values);
                    Role::Queued
                }
                None => {
                    *slot = Some(Vec::new());
                    Role::Drainer
                }
            },
            Err(_) => Role::Plain,
        })
        .unwrap_or(Role::Plain);
    match role {
        Role::Queued => {}
        Role::Plain => drop(values),
        Role::Drainer => {
            let mut current = values;
            loop {
                // Dropping may run container `Drop`s, which append to the queue.
                current.clear();
                let next = PENDING
                    .try_with(|pending| {
                        pending
                            .try_borrow_mut()
                            .ok()
                            .and_then(|mut slot| slot.as_mut().map(std::mem::take))
                    })
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                if next.is_empty() {
                    break;
                }
                current = next;
            }
            let _ = PENDING.try_with(|pending| {
                if let Ok(mut slot) = pending.try_borrow_mut() {
                    *slot = None;
                }
            });
        }
    }
}
