//! The Ballerina lang library natives (`lang.array:*`, `lang.map:*`, `lang.string:*`,
//! `lang.int:*`, `lang.float:*`, `lang.decimal:*`, `lang.boolean:*`, `lang.value:*`,
//! `lang.error:*`).
//!
//! Every native receives its receiver first, then the supplied arguments in declaration order
//! with rest arguments flattened last; trailing defaultable arguments may be absent and get
//! the Ballerina default here.

mod array;
mod array_functional;
mod decimal;
mod float;
mod float_hex;
mod int;
mod map;
mod string;
mod support;
mod value;

pub use array_functional::compare_values;

pub use float::{parse_float, round_to};
pub use value::{CONVERSION_ERROR, FROM_JSON_STRING_ERROR};

use crate::native::NativeRegistry;

/// Registers every lang library native.
pub fn register(registry: &mut NativeRegistry) {
    array::register(registry);
    array_functional::register(registry);
    map::register(registry);
    string::register(registry);
    int::register(registry);
    float::register(registry);
    float_hex::register(registry);
    decimal::register(registry);
    value::register(registry);
}

#[cfg(test)]
mod tests;
