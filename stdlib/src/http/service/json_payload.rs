//! A JSON payload parameter bound straight from the request's body bytes: the typed reader
//! (`intc_runtime::format::read_typed`, `cloneWithType`'s semantics) reads the records from
//! the bytes, with no `byte[]` value, no string and no `json` tree. Whatever it leaves (an
//! empty body, invalid UTF-8, a value that does not fit: the cases with a special answer or
//! an error message) goes to `bindPayload` as before, which words the 400.

use intc_ir::TypeId;
use intc_runtime::format::read_typed;
use intc_runtime::{NativeContext, Value};

/// The body as a value of `ty`, or `None` for `bindPayload` to decide.
pub(super) fn bind_json(ctx: &mut NativeContext<'_>, body: &[u8], ty: TypeId) -> Option<Value> {
    if body.is_empty() {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    read_typed(text, ty, ctx.types_mut(), None).ok()
}
