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
            union_of_members(types, members.into_iter().chain(rest))
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
            union_of_members(types, fields.iter().map(|f| f.ty).chain(rest))
        }
        TypeKind::Json => types.well_known.json,
        TypeKind::Anydata => types.well_known.anydata,
        _ => types.well_known.any_or_error,
    }
}

/// The union of member types, each once, in first-seen order (`never` for none, the member
/// itself for one).
fn union_of_members(types: &mut TypeTable, members: impl Iterator<Item = TypeId>) -> TypeId {
    let mut all: Vec<TypeId> = Vec::new();
    for member in members {
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
