//! Run-time annotation access: `t.@tag` and the native interface to annotation sets.

use super::Interpreter;
use crate::value::Value;
use intc_ir::{AnnotationTarget, ConstId};

impl Interpreter {
    /// The effective annotation values of a construct (an immutable `map<any|error>` keyed by
    /// tag), once its module init has run; `None` when it has no annotations.
    pub(crate) fn annotations_of(&self, target: &AnnotationTarget) -> Option<Value> {
        let set = self
            .program
            .annotations
            .iter()
            .find(|set| &set.target == target)?;
        match self.globals.get(set.global.index())? {
            Value::Nil => None,
            value => Some(value.clone()),
        }
    }

    /// `typedesc.@key`: the annotation's value on the typedesc's type, or `()`.
    pub(crate) fn annotation_get(&self, typedesc: &Value, key: ConstId) -> Value {
        let Value::Typedesc(ty) = typedesc else {
            return Value::Nil;
        };
        let Some(Value::Map(map)) = self.annotations_of(&AnnotationTarget::Type(*ty)) else {
            return Value::Nil;
        };
        let Some(key) = self.constants.get(key.index()).and_then(Value::as_str) else {
            return Value::Nil;
        };
        map.get(key).unwrap_or(Value::Nil)
    }
}
