//! `toString`/`toBalString` that call objects' own `toString()` methods (what `io:println`,
//! string templates and `value:toString` print).
//!
//! Calling a method means running Ballerina code, which only the interpreter can do; `format`
//! must not depend on the interpreter (the interpreter, the lang library and the native
//! interface all depend on `format`). So the caller hands in an [`ObjectMethods`]: the
//! interpreter implements it, and `NativeContext` forwards to the interpreter.

use super::display::{render_with, Style};
use crate::error::Panic;
use crate::types::TypeTable;
use crate::value::Value;

/// What object-aware rendering needs from the code running the program.
pub trait ObjectMethods {
    fn types(&self) -> &TypeTable;

    /// Calls `object.toString()` when the object's class defines `toString`; `None` when it
    /// does not (the object then prints in the default form, `object <Class>`).
    fn call_to_string(&mut self, object: &Value) -> Option<Result<Value, Panic>>;
}

/// `value.toString()` (`Style::Informal`) or `value.toBalString()` (`Style::Expression`),
/// calling the `toString()` methods of the objects inside `value` as they are written; a
/// panic in such a method is propagated.
pub fn to_string_calling_methods(
    host: &mut dyn ObjectMethods,
    value: &Value,
    style: Style,
) -> Result<String, Panic> {
    render_with(value, style, host)
}
