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
mod future;
mod int;
mod iterator;
mod map;
mod query;
mod query_join;
mod regexp;
mod runtime_module;
mod stream;
mod string;
mod support;
mod table;
mod transaction;
mod typedesc;
mod value;
mod value_parse;
mod xml;
pub mod xml_parse;

pub use array_functional::compare_values;

pub use float::{parse_float, round_to};
pub use value::{CONVERSION_ERROR, FROM_JSON_STRING_ERROR};

use crate::native::{Native, NativeFn, StepFn};
use intc_ir::LangNative;

/// The per-file tables of natives by id.
const FILES: [fn(LangNative) -> Option<NativeFn>; 20] = [
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
    iterator::native,
    typedesc::native,
    runtime_module::native,
    transaction::native,
    query::native,
    xml::native,
    table::native,
    stream::native,
    regexp::native,
];

/// The per-file tables of natives that may park their strand (`Step`), by id.
const STEP_FILES: [fn(LangNative) -> Option<StepFn>; 11] = [
    runtime_module::step_native,
    function::step_native,
    value::step_native,
    transaction::step_native,
    future::step_native,
    array_functional::step_native,
    map::step_native,
    xml::step_native,
    table::step_native,
    stream::step_native,
    regexp::step_native,
];

/// The native implementing a lang library function.
pub fn native(id: LangNative) -> Option<Native> {
    STEP_FILES
        .iter()
        .find_map(|file| file(id))
        .map(Native::Step)
        .or_else(|| FILES.iter().find_map(|file| file(id)).map(Native::Plain))
}

/// How many files implement `id` (exactly one, see the tests).
#[cfg(test)]
fn implementations(id: LangNative) -> usize {
    FILES.iter().filter(|file| file(id).is_some()).count()
        + STEP_FILES.iter().filter(|file| file(id).is_some()).count()
}

#[cfg(test)]
mod tests;
