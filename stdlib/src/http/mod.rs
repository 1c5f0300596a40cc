//! Natives of `std/http`: the client (`client/`) and the server core (`server/`).

mod client;
pub mod server;

use crate::StdNative;
use intc_runtime::native::Native;

/// The implementation of each `std/http` external function or method.
pub fn native(id: StdNative) -> Option<Native> {
    client::native(id)
}
