//! Liveness and readiness: the program is live while the management listener answers, and
//! ready once every registered listener has bound its port (and not yet stopped).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// The listeners of the program and whether each is bound.
#[derive(Debug, Default)]
pub struct Health {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    next: u64,
    listeners: BTreeMap<u64, Listener>,
}

#[derive(Clone, Debug)]
struct Listener {
    name: String,
    bound: Option<SocketAddr>,
}

/// What `/health/ready` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readiness {
    /// Listeners registered and bound.
    pub bound: Vec<String>,
    /// Listeners registered and not (or no longer) bound.
    pub waiting: Vec<String>,
}

impl Readiness {
    /// Ready once no listener is waiting.
    pub fn ready(&self) -> bool {
        self.waiting.is_empty()
    }
}

impl Health {
    pub fn new() -> Arc<Health> {
        Arc::new(Health::default())
    }

    /// Registers a listener (when the program creates it, before it binds): the program is
    /// not ready until it reports [`ListenerHealth::bound`]. Dropping the registration (the
    /// server that held it is gone) counts as stopped: the program stays unready, which is
    /// what a load balancer must see while the program shuts down. [`ListenerHealth::forget`]
    /// removes a listener the program deliberately let go.
    pub fn register(self: &Arc<Self>, name: impl Into<String>) -> ListenerHealth {
        let mut state = self.lock();
        let id = state.next;
        state.next += 1;
        state.listeners.insert(
            id,
            Listener {
                name: name.into(),
                bound: None,
            },
        );
        ListenerHealth {
            health: self.clone(),
            id,
        }
    }

    /// Which listeners are bound and which are awaited.
    pub fn readiness(&self) -> Readiness {
        let state = self.lock();
        let mut readiness = Readiness {
            bound: Vec::new(),
            waiting: Vec::new(),
        };
        for listener in state.listeners.values() {
            match listener.bound {
                Some(addr) => readiness.bound.push(format!("{} {addr}", listener.name)),
                None => readiness.waiting.push(listener.name.clone()),
            }
        }
        readiness
    }

    fn set(&self, id: u64, bound: Option<SocketAddr>) {
        if let Some(listener) = self.lock().listeners.get_mut(&id) {
            listener.bound = bound;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind: keep using it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One registered listener (see [`Health::register`]).
#[derive(Debug)]
pub struct ListenerHealth {
    health: Arc<Health>,
    id: u64,
}

impl ListenerHealth {
    /// The listener bound `addr` and accepts connections.
    pub fn bound(&self, addr: SocketAddr) {
        self.health.set(self.id, Some(addr));
    }

    /// The listener stopped accepting (the program is no longer ready: traffic should drain).
    pub fn unbound(&self) {
        self.health.set(self.id, None);
    }
}

impl ListenerHealth {
    /// Removes the listener from readiness altogether.
    pub fn forget(self) {
        self.health.lock().listeners.remove(&self.id);
    }
}

impl Drop for ListenerHealth {
    fn drop(&mut self) {
        self.unbound();
    }
}
