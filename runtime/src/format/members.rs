//! The member types of list and mapping types, as the lang library and the iterator objects
//! of `iterator()` give them to the values they produce.

use super::intern_type;
use crate::types::TypeTable;
use intc_ir::{TypeId, TypeKind};

/// The member type of a list type (the union of tuple members).
pub fn list_element_type(types: &mut TypeTable, list_ty: TypeId) -> TypeId {
    let (plain, _) = types.strip_readonly(list_ty);
    match types.get(plain).clone() {
        TypeKind::Array { element, .. } => element,
        TypeKind::Tuple { members, rest } => {
            let mut all: Vec<TypeId> = Vec::with_capacity(members.len() + 1);
            for member in members.into_iter().chain(rest) {
                if !all.contains(&member) {
                    all.push(member);
                }
            }
            match all.as_slice() {
                [] => types.well_known.never,
                [single] => *single,
                _ => intern_type(types, TypeKind::Union(all)),
            }
        }
        TypeKind::Json => types.well_known.json,
        TypeKind::Anydata => types.well_known.anydata,
        _ => types.well_known.any_or_error,
    }
}

/// The member type of a mapping type (the union of record field types and rest).
pub fn map_member_type(types: &mut TypeTable, map_ty: TypeId) -> TypeId {
    let (plain, _) = types.strip_readonly(map_ty);
    match types.get(plain).clone() {
        TypeKind::Map(element) => element,
        TypeKind::Record { fields, rest } => {
            let mut all: Vec<TypeId> = Vec::with_capacity(fields.len() + 1);
            for member in fields.iter().map(|f| f.ty).chain(rest) {
                if !all.contains(&member) {
                    all.push(member);
                }
            }
            match all.as_slice() {
                [] => types.well_known.never,
                [single] => *single,
                _ => intern_type(types, TypeKind::Union(all)),
            }
        }
        TypeKind::Json => types.well_known.json,
        TypeKind::Anydata => types.well_known.anydata,
        _ => types.well_known.any_or_error,
    }
}
