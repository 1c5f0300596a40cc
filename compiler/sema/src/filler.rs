//! Filler values (spec "FillMember"): which types a list constructor may leave members of
//! unspecified. Answered by intc-types (`Env::filler`) on the type's set of values, then
//! limited to the fillers the runtime constructs today (`filler_value` in the interpreter,
//! which reads the type descriptor), so a program that checks never panics for want of a
//! filler.

use crate::model::{ConstValue, Type, TypeArena, TypeId};
use crate::semtypes::Mode;
use intc_types::Filler;

impl TypeArena {
    /// Whether a filler value exists for `ty` (`Unknown` has one: no cascade).
    pub fn has_filler(&self, ty: TypeId) -> bool {
        if matches!(self.get(ty), Type::Unknown) {
            return true;
        }
        let by_values = {
            let mut sem = self.sem.borrow_mut();
            let t = sem.semtype(&self.entries, ty, Mode::Greatest);
            sem.env.filler(&t).is_some_and(|f| runtime_builds(&f))
        };
        by_values && self.runtime_fills(ty, &mut Vec::new())
    }

    /// Whether the interpreter's `filler_value` builds a filler from this descriptor: it
    /// fills `()` only through a union member containing it, and a union of several
    /// singletons (`0|1`, `byte & int:Signed8`) or bare `readonly` not at all, although
    /// intc-types finds their filler. `path` holds the types being visited: a cycle through
    /// required members has no finite filler.
    fn runtime_fills(&self, ty: TypeId, path: &mut Vec<TypeId>) -> bool {
        if path.contains(&ty) {
            return false;
        }
        path.push(ty);
        let fills = match self.get(ty) {
            Type::Nil
            | Type::Any
            | Type::Anydata
            | Type::Json
            | Type::Boolean
            | Type::Int
            | Type::IntSubtype(_)
            | Type::Float
            | Type::Decimal
            | Type::String
            | Type::Map(_)
            | Type::Unknown => true,
            Type::Singleton(v) => !matches!(v, ConstValue::List(_) | ConstValue::Map(_)),
            Type::Union(members) => {
                members.iter().any(|&m| self.is_subtype(TypeArena::NIL, m))
                    || (members.len() == 1 && self.runtime_fills(members[0], path))
            }
            Type::ReadonlyOf(inner) => self.runtime_fills(*inner, path),
            Type::Array { element, length } => match length {
                None | Some(0) => true,
                Some(_) => self.runtime_fills(*element, path),
            },
            Type::Tuple { members, .. } => members.iter().all(|&m| self.runtime_fills(m, path)),
            // `{}` is a valid constructor when every required field has a default.
            Type::Record(record) => record
                .fields
                .iter()
                .all(|f| f.optional || f.default.is_some()),
            _ => false,
        };
        path.pop();
        fills
    }
}

/// Whether the runtime builds this filler: simple values, lists of them, and mappings (a record
/// whose required fields all have defaults is built from those defaults), and the empty xml
/// sequence. The empty table and stream are fillers by the spec that the runtime does not
/// build yet, so they are rejected here.
fn runtime_builds(filler: &Filler) -> bool {
    match filler {
        Filler::Value(_) => true,
        Filler::List { members, .. } => members.iter().all(runtime_builds),
        Filler::Mapping { .. } => true,
        Filler::EmptyXml | Filler::EmptyRegExp => true,
        Filler::Table { .. } | Filler::EmptyStream => false,
    }
}
