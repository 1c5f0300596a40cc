//! The Ballerina lang library natives (`lang.array:*`, `lang.string:*`, ...). Owned by the
//! langlib helper.

use crate::native::NativeRegistry;

/// Registers every lang library native.
pub fn register(_registry: &mut NativeRegistry) {}
