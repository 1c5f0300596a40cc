//! The Ballerina lang library natives (`lang.array:*`, `lang.map:*`, `lang.string:*`,
//! `lang.int:*`, `lang.float:*`, `lang.decimal:*`, `lang.boolean:*`, `lang.value:*`,
//! `lang.error:*`, `lang.runtime:*`, `lang.transaction:*`), bound to the ids generated from the declarations in
//! `intc-langlib` (`lang/*.int`): each file's `native` maps the ids it implements, and
//! [`native`] finds the one implementing an id (tested: exactly one file for every id).
//!
//! Every native receives its receiver first, then the supplied arguments in declaration order
//! with rest arguments flattened last; trailing defaultable arguments may be absent and get
//! the Ballerina default here.

mod array;
mod array_bytes;
mod array_functional;
mod decimal;
mod float;
mod float_hex;
mod function;
mod int;
mod iterator;
mod map;
mod runtime_module;
mod string;
mod support;
mod transaction;
mod typedesc;
mod value;
mod value_parse;

pub use array_functional::compare_values;

pub use float::{parse_float, round_to};
pub use value::{CONVERSION_ERROR, FROM_JSON_STRING_ERROR};

use crate::native::NativeFn;
use intc_ir::LangNative;

/// The per-file tables of natives by id.
const FILES: [fn(LangNative) -> Option<NativeFn>; 16] = [
    array::native,
    array_bytes::native,
    array_functional::native,
    map::native,
    string::native,
    int::native,
    float::native,
    float_hex::native,
    decimal::native,
    value::native,
    value_parse::native,
    function::native,
    iterator::native,
    typedesc::native,
    runtime_module::native,
    transaction::native,
];

/// The native implementing a lang library function.
pub fn native(id: LangNative) -> Option<NativeFn> {
    FILES.iter().find_map(|file| file(id))
}

/// How many files implement `id` (exactly one, see the tests).
#[cfg(test)]
fn implementations(id: LangNative) -> usize {
    FILES.iter().filter(|file| file(id).is_some()).count()
}

#[cfg(test)]
mod tests;
