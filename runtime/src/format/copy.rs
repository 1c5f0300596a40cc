//! Deep copies: `clone`, `cloneReadOnly` and `toJson`.
//!
//! Copies preserve sharing and cycles (a container reached twice is copied once) and walk the
//! value with an explicit work list, so neither cycles nor deep nesting can hang or overflow.

use crate::types::TypeTable;
use crate::value::{ListObj, MapObj, Value};
use intc_ir::{TypeDef, TypeId, TypeKind};
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// What kind of copy to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyMode {
    /// `clone`: mutable copies keeping inherent types.
    Clone,
    /// `cloneReadOnly`: immutable copies typed `T & readonly`.
    ReadOnly,
    /// `toJson`: mutable copies typed `json[]` / `map<json>`.
    Json,
    /// `cloneWithType(anydata)`: mutable copies typed `anydata[]` / `map<anydata>`.
    Anydata,
}

impl CopyMode {
    /// True for the modes that copy immutable structures too (into mutable ones).
    fn copies_immutable(self) -> bool {
        matches!(self, CopyMode::Json | CopyMode::Anydata)
    }
}

/// The id of an anonymous type with exactly `kind`, adding it if the table has none.
pub fn intern_type(types: &mut TypeTable, kind: TypeKind) -> TypeId {
    for index in (0..types.len()).rev() {
        let id = TypeId(index as u32);
        if let Some(def) = types.def(id) {
            if def.name.is_none() && def.kind == kind {
                return id;
            }
        }
    }
    types.add(TypeDef::anonymous(kind))
}

/// `T & readonly` for `ty` (itself if already read-only).
pub fn readonly_type(types: &mut TypeTable, ty: TypeId) -> TypeId {
    if types.is_readonly_type(ty) {
        ty
    } else {
        intern_type(types, TypeKind::ReadonlyOf(ty))
    }
}

fn address(value: &Value) -> Option<usize> {
    match value {
        Value::List(l) => Some(Rc::as_ptr(l) as *const u8 as usize),
        Value::Map(m) => Some(Rc::as_ptr(m) as *const u8 as usize),
        _ => None,
    }
}

/// Deep-copies `value` as `mode` says. Immutable values are returned as they are (they are
/// already their own read-only clone), except that the re-typing modes copy every structure.
pub fn deep_copy(value: &Value, types: &mut TypeTable, mode: CopyMode) -> Value {
    if !mode.copies_immutable() && value.is_immutable() {
        return value.clone();
    }
    let mut copies: FxHashMap<usize, Value> = FxHashMap::default();
    let mut work: Vec<(Value, Value)> = Vec::new();
    let root = copy_member(value, types, mode, &mut copies, &mut work);
    while let Some((original, copy)) = work.pop() {
        match (&original, &copy) {
            (Value::List(from), Value::List(to)) => {
                let items: Vec<Value> = from.items().clone();
                let copied: Vec<Value> = items
                    .iter()
                    .map(|item| copy_member(item, types, mode, &mut copies, &mut work))
                    .collect();
                *to.items_mut() = copied;
                if mode == CopyMode::ReadOnly {
                    to.freeze();
                }
            }
            (Value::Map(from), Value::Map(to)) => {
                let entries = from.entries().clone();
                let mut copied = entries;
                for member in copied.values_mut() {
                    *member = copy_member(member, types, mode, &mut copies, &mut work);
                }
                *to.entries_mut() = copied;
                if mode == CopyMode::ReadOnly {
                    to.freeze();
                }
            }
            _ => {}
        }
    }
    root
}

/// The copy of one member: simple and immutable values as they are, containers as an empty
/// shell (filled later from the work list) shared by every reference to the same original.
fn copy_member(
    value: &Value,
    types: &mut TypeTable,
    mode: CopyMode,
    copies: &mut FxHashMap<usize, Value>,
    work: &mut Vec<(Value, Value)>,
) -> Value {
    let Some(key) = address(value) else {
        return value.clone();
    };
    if !mode.copies_immutable() && value.is_immutable() {
        return value.clone();
    }
    if let Some(existing) = copies.get(&key) {
        return existing.clone();
    }
    let shell = match value {
        Value::List(list) => {
            let ty = match mode {
                CopyMode::Clone => list.ty,
                CopyMode::ReadOnly => readonly_type(types, list.ty),
                CopyMode::Json => types.well_known.json_list,
                CopyMode::Anydata => types.well_known.anydata_list,
            };
            Value::List(Rc::new(ListObj::new(ty, Vec::new())))
        }
        Value::Map(map) => {
            let ty = match mode {
                CopyMode::Clone => map.ty,
                CopyMode::ReadOnly => readonly_type(types, map.ty),
                CopyMode::Json => types.well_known.json_map,
                CopyMode::Anydata => types.well_known.anydata_map,
            };
            Value::Map(Rc::new(MapObj::new(ty, Default::default())))
        }
        other => return other.clone(),
    };
    copies.insert(key, shell.clone());
    work.push((value.clone(), shell.clone()));
    shell
}
