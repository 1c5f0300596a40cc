//! `std/http`: the client (`client/`, natives of `http:Client`), the HTTP server core
//! (`server/`) and the listener natives on it (`service/`).

pub(crate) mod client;
pub mod server;
pub(crate) mod service;

use crate::StdNative;
use intc_runtime::native::Native;

/// The implementation of each `std/http` external function or method.
pub fn native(id: StdNative) -> Option<Native> {
    client::native(id).or_else(|| service::native(id))
}
