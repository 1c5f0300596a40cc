//! Bounds on values whose size a program chooses (`v[i] = x` past the end, `setLength`,
//! `padStart`, string concatenation): exceeding them, or running out of memory while growing,
//! is a Ballerina panic rather than an abort of the process.
//!
//! The bounds are jBallerina's: lists are Java arrays (at most `Integer.MAX_VALUE - 8`
//! members) and strings Java strings (at most `Integer.MAX_VALUE` characters; here bytes).

use crate::error::{self, reason, Panic};
use crate::types::TypeTable;
use crate::value::Value;
use intc_ir::TypeId;

/// The most members a list can have (jBallerina's `SYSTEM_ARRAY_MAX`).
pub const MAX_LIST_LENGTH: usize = (i32::MAX - 8) as usize;

/// The most bytes a string can have.
pub const MAX_STRING_BYTES: usize = i32::MAX as usize;

/// The position `index` as a list index that a write may grow the list of type `list_ty`
/// (currently `len` long) to reach; otherwise jBallerina's `IndexOutOfRange` panic.
pub fn growable_index(
    types: &TypeTable,
    list_ty: TypeId,
    index: i64,
    len: usize,
) -> Result<usize, Panic> {
    match usize::try_from(index) {
        Ok(i) if i < MAX_LIST_LENGTH => Ok(i),
        _ => Err(error::list_index_out_of_range(types, list_ty, index, len)),
    }
}

/// Makes room for `additional` more members in `items`, or panics when memory is short
/// (instead of the allocator aborting the process).
pub fn reserve_members(
    types: &TypeTable,
    items: &mut Vec<Value>,
    additional: usize,
) -> Result<(), Panic> {
    items.try_reserve_exact(additional).map_err(|_| {
        let wanted = items.len().saturating_add(additional);
        error::panic_error(
            types,
            reason::ARRAY_INDEX_OUT_OF_RANGE,
            &format!("not enough memory for a list of length {wanted}"),
        )
    })
}

/// Makes room for `additional` more bytes in `text`, or panics when the string would grow
/// past [`MAX_STRING_BYTES`] or memory is short.
pub fn reserve_string(
    types: &TypeTable,
    text: &mut String,
    additional: usize,
) -> Result<(), Panic> {
    let wanted = text.len().saturating_add(additional);
    if wanted > MAX_STRING_BYTES || text.try_reserve(additional).is_err() {
        return Err(string_too_long(types));
    }
    Ok(())
}

/// A new empty string with room for `bytes` bytes (see [`reserve_string`]).
pub fn string_with_capacity(types: &TypeTable, bytes: usize) -> Result<String, Panic> {
    let mut text = String::new();
    reserve_string(types, &mut text, bytes)?;
    Ok(text)
}

/// jBallerina's error for a string longer than a Java string can be: a plain error whose
/// message is the reason (`lang.string`'s `padStart` raises it for lengths past `int`).
pub fn string_too_long(types: &TypeTable) -> Panic {
    Panic::new(error::new_error(
        types,
        types.well_known.error,
        STRING_TOO_LONG,
        Value::Nil,
        Default::default(),
    ))
}

/// jBallerina's wording (`ErrorReasons.LENGTH_GREATER_THAT_2147483647_NOT_YET_SUPPORTED`,
/// prefixed with the `lang.string` module), typo included.
pub const STRING_TOO_LONG: &str =
    "{ballerina/lang.string}length greater that '2147483647' not yet supported";
