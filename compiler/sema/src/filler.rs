//! Filler values (spec "FillMember"): which types a list constructor may leave members of
//! unspecified. The rules match what the runtime can construct (`filler_value` in the
//! interpreter), so a program that checks never panics for want of a filler.

use crate::model::{Type, TypeArena, TypeId};

impl TypeArena {
    /// Whether a filler value exists for `ty`.
    pub fn has_filler(&self, ty: TypeId) -> bool {
        self.has_filler_at(ty, 0)
    }

    fn has_filler_at(&self, ty: TypeId, depth: u32) -> bool {
        if depth > 16 {
            return false;
        }
        match self.get(ty) {
            Type::Nil
            | Type::Boolean
            | Type::Int
            | Type::IntSubtype(_)
            | Type::Float
            | Type::Decimal
            | Type::String
            | Type::Any
            | Type::Anydata
            | Type::Json
            | Type::Singleton(_)
            | Type::Map(_)
            | Type::Unknown => true,
            // `()` when nil is a member; a one-member union is that member.
            Type::Union(members) => {
                members.iter().any(|&m| {
                    matches!(
                        self.get(m),
                        Type::Nil | Type::Any | Type::Anydata | Type::Json
                    )
                }) || (members.len() == 1 && self.has_filler_at(members[0], depth + 1))
            }
            Type::ReadonlyOf(inner) => self.has_filler_at(*inner, depth + 1),
            Type::Array { element, length } => match length {
                None | Some(0) => true,
                Some(_) => self.has_filler_at(*element, depth + 1),
            },
            Type::Tuple { members, .. } => {
                members.iter().all(|&m| self.has_filler_at(m, depth + 1))
            }
            // `{}` is a valid constructor when every required field has a default.
            Type::Record(record) => record
                .fields
                .iter()
                .all(|f| f.optional || f.default.is_some()),
            _ => false,
        }
    }
}
