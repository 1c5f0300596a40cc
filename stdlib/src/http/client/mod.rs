//! The `http:Client` natives.

use crate::StdNative;
use intc_runtime::native::Native;

pub fn native(id: StdNative) -> Option<Native> {
    let _ = id;
    None
}
