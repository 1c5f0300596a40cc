//! `toString`/`toBalString` that call objects' own `toString()` methods (what `io:println`,
//! string templates and `value:toString` print).
//!
//! Calling a method means running Ballerina code, which only the interpreter can do; `format`
//! must not depend on the interpreter (the interpreter, the lang library and the native
//! interface all depend on `format`). So the caller hands in an [`ObjectMethods`]: the
//! interpreter implements it, and `NativeContext` forwards to the interpreter.

use super::display::{render, Style};
use crate::error::Panic;
use crate::types::TypeTable;
use crate::value::Value;
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

/// What object-aware rendering needs from the code running the program.
pub trait ObjectMethods {
    fn types(&self) -> &TypeTable;

    /// Calls `object.toString()` when the object's class defines `toString`; `None` when it
    /// does not (the object then prints in the default form, `object <Class>`).
    fn call_to_string(&mut self, object: &Value) -> Option<Result<Value, Panic>>;
}

/// `value.toString()` (`Style::Informal`) or `value.toBalString()` (`Style::Expression`),
/// calling the `toString()` methods of the objects inside `value`; a panic in such a method
/// is propagated.
pub fn to_string_calling_methods(
    host: &mut dyn ObjectMethods,
    value: &Value,
    style: Style,
) -> Result<String, Panic> {
    if !matches!(
        value,
        Value::List(_) | Value::Map(_) | Value::Error(_) | Value::Object(_)
    ) {
        return render(value, host.types(), style, &mut |_| None);
    }
    let texts = object_texts(host, value)?;
    render(value, host.types(), style, &mut |object| {
        texts.get(&address(object)).cloned().map(Ok)
    })
}

fn address(value: &Value) -> usize {
    match value {
        Value::List(l) => Rc::as_ptr(l) as *const u8 as usize,
        Value::Map(m) => Rc::as_ptr(m) as *const u8 as usize,
        Value::Error(e) => Rc::as_ptr(e) as *const u8 as usize,
        Value::Object(o) => Rc::as_ptr(o) as *const u8 as usize,
        _ => 0,
    }
}

/// Calls `toString()` on every object inside `value` whose class defines it, keyed by object
/// address, before rendering: the renderer itself never runs Ballerina code.
fn object_texts(
    host: &mut dyn ObjectMethods,
    value: &Value,
) -> Result<FxHashMap<usize, String>, Panic> {
    let mut texts = FxHashMap::default();
    let mut seen = FxHashSet::default();
    let mut work = vec![value.clone()];
    while let Some(current) = work.pop() {
        match &current {
            Value::List(l) if seen.insert(address(&current)) => {
                work.extend(l.items().iter().cloned());
            }
            Value::Map(m) if seen.insert(address(&current)) => {
                work.extend(m.entries().values().cloned());
            }
            Value::Error(e) if seen.insert(address(&current)) => {
                work.push(e.cause.clone());
                work.push(Value::Map(e.detail.clone()));
            }
            Value::Object(_) => {
                let key = address(&current);
                if texts.contains_key(&key) {
                    continue;
                }
                if let Some(text) = host.call_to_string(&current) {
                    let shown = match text? {
                        Value::String(s) => s.as_str().to_string(),
                        other => super::to_string(&other, host.types()),
                    };
                    texts.insert(key, shown);
                }
            }
            _ => {}
        }
    }
    Ok(texts)
}
