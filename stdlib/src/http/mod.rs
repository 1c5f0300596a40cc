//! `std/http`: the client (`client/`, natives of `http:Client`), the HTTP server core
//! (`server/`) and the listener natives on it (`service/`).

pub(crate) mod auth;
pub(crate) mod client;
mod compress;
pub(crate) mod message;
pub mod server;
pub(crate) mod service;

use crate::StdNative;
use intc_runtime::native::Native;

/// Registers how the module's handles are copied into replica isolates: a listener's settings,
/// and clients, whose copies share the connection pool, circuit breaker and cache.
pub fn register_replicators(registry: &mut intc_runtime::NativeRegistry) {
    registry
        .register_replicator::<std::rc::Rc<service::ListenerNative>>(service::replicate_listener);
    registry.register_replicator::<client::engine::NativeClient>(client::replicate_client);
    registry.register_replicator::<client::GroupClient>(client::replicate_group);
}

/// The implementation of each `std/http` external function or method.
pub fn native(id: StdNative) -> Option<Native> {
    client::native(id)
        .or_else(|| service::native(id))
        .or_else(|| auth::native(id))
}
