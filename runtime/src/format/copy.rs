//! Deep copies: `clone`, `cloneReadOnly` and `toJson`.
//!
//! Copies preserve sharing and cycles (a container reached twice is copied once) and walk the
//! value with an explicit work list, so neither cycles nor deep nesting can hang or overflow.

use crate::types::{TypeTable, WellKnownTypes};
use crate::value::{ListObj, MapObj, TableObj, Value};
use intc_ir::{TypeId, TypeKind};
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
    types.intern(kind)
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
        Value::Table(t) => Some(Rc::as_ptr(t) as *const u8 as usize),
        _ => None,
    }
}

/// Deep-copies `value` as `mode` says. Immutable values are returned as they are (they are
/// already their own read-only clone), except that the re-typing modes copy every structure.
pub fn deep_copy(value: &Value, types: &mut TypeTable, mode: CopyMode) -> Value {
    copy_with(value, Some(types), mode)
}

/// `clone` (Clone mode keeps inherent types, so it needs no type table: filler values copy
/// record defaults with it while holding the table shared).
pub fn clone_value(value: &Value) -> Value {
    copy_with(value, None, CopyMode::Clone)
}

fn copy_with(value: &Value, types: Option<&mut TypeTable>, mode: CopyMode) -> Value {
    if !mode.copies_immutable() && value.is_immutable() {
        return value.clone();
    }
    let mut state = CopyState {
        types,
        mode,
        copies: FxHashMap::default(),
        readonly_types: FxHashMap::default(),
        work: Vec::new(),
    };
    let root = state.copy_member(value);
    let mut tables = Vec::new();
    while let Some((original, copy)) = state.work.pop() {
        match (&original, &copy) {
            (Value::List(from), Value::List(to)) => {
                let items: Vec<Value> = from.items().clone();
                let copied: Vec<Value> = items.iter().map(|item| state.copy_member(item)).collect();
                *to.items_mut() = copied;
                if mode == CopyMode::ReadOnly {
                    to.freeze();
                }
            }
            (Value::Map(from), Value::Map(to)) => {
                let mut copied = from.entries().clone();
                for member in copied.values_mut() {
                    *member = state.copy_member(member);
                }
                *to.entries_mut() = copied;
                if mode == CopyMode::ReadOnly {
                    to.freeze();
                }
            }
            // The rows' copies are shells until the work list is done, and a table indexes
            // its rows by their keys: they are added after the loop.
            (Value::Table(from), Value::Table(to)) => {
                let rows: Vec<Value> = from.rows().clone();
                let copies: Vec<Value> = rows.iter().map(|row| state.copy_member(row)).collect();
                tables.push((to.clone(), copies));
            }
            // `toJson` of a table is the list of its rows.
            (Value::Table(from), Value::List(to)) => {
                let rows: Vec<Value> = from.rows().clone();
                let copied: Vec<Value> = rows.iter().map(|row| state.copy_member(row)).collect();
                *to.items_mut() = copied;
            }
            _ => {}
        }
    }
    // The copies of the rows have the same keys as the originals, so none conflicts.
    for (table, rows) in tables {
        for row in rows {
            let _ = table.add(row);
        }
        if mode == CopyMode::ReadOnly {
            table.freeze();
        }
    }
    root
}

struct CopyState<'a> {
    /// Needed by every mode but `Clone` (see [`clone_value`]).
    types: Option<&'a mut TypeTable>,
    mode: CopyMode,
    /// Copies made so far, by original address (keeps sharing and cycles).
    copies: FxHashMap<usize, Value>,
    /// `T & readonly` of each inherent type met, so the type table is searched once per type.
    readonly_types: FxHashMap<TypeId, TypeId>,
    /// Originals whose copies still need their members.
    work: Vec<(Value, Value)>,
}

impl CopyState<'_> {
    fn readonly_of(&mut self, ty: TypeId) -> TypeId {
        if let Some(known) = self.readonly_types.get(&ty) {
            return *known;
        }
        let Some(types) = self.types.as_deref_mut() else {
            return ty;
        };
        let result = readonly_type(types, ty);
        self.readonly_types.insert(ty, result);
        result
    }

    /// A well-known type of the table (`ty` when copying without one, which only `Clone` does).
    fn well_known(&self, ty: TypeId, pick: impl Fn(&WellKnownTypes) -> TypeId) -> TypeId {
        self.types.as_deref().map_or(ty, |t| pick(&t.well_known))
    }

    /// The copy of one member: simple and immutable values as they are, containers as an
    /// empty shell (filled later from the work list) shared by every reference to the same
    /// original.
    fn copy_member(&mut self, value: &Value) -> Value {
        if let (Value::RegExp(re), CopyMode::Json) = (value, self.mode) {
            // `toJson`: a regular expression becomes its text (as xml becomes a string).
            return Value::string(re.text());
        }
        if let Value::Xml(xml) = value {
            if xml.is_frozen() {
                return value.clone();
            }
            return Value::xml(xml.deep_copy(self.mode == CopyMode::ReadOnly));
        }
        let Some(key) = address(value) else {
            return value.clone();
        };
        if !self.mode.copies_immutable() && value.is_immutable() {
            return value.clone();
        }
        if let Some(existing) = self.copies.get(&key) {
            return existing.clone();
        }
        let shell = match value {
            Value::List(list) => {
                let ty = match self.mode {
                    CopyMode::Clone => list.ty,
                    CopyMode::ReadOnly => self.readonly_of(list.ty),
                    CopyMode::Json => self.well_known(list.ty, |w| w.json_list),
                    CopyMode::Anydata => self.well_known(list.ty, |w| w.anydata_list),
                };
                Value::List(ListObj::new(ty, Vec::new()))
            }
            Value::Map(map) => {
                let ty = match self.mode {
                    CopyMode::Clone => map.ty,
                    CopyMode::ReadOnly => self.readonly_of(map.ty),
                    CopyMode::Json => self.well_known(map.ty, |w| w.json_map),
                    CopyMode::Anydata => self.well_known(map.ty, |w| w.anydata_map),
                };
                Value::Map(MapObj::new(ty, Default::default()))
            }
            Value::Table(table) => match self.mode {
                CopyMode::Json => {
                    let ty = self.well_known(table.ty, |w| w.json_list);
                    Value::List(ListObj::new(ty, Vec::new()))
                }
                CopyMode::ReadOnly => {
                    let ty = self.readonly_of(table.ty);
                    Value::Table(TableObj::new(ty, table.key.clone()))
                }
                CopyMode::Clone | CopyMode::Anydata => {
                    Value::Table(TableObj::new(table.ty, table.key.clone()))
                }
            },
            other => return other.clone(),
        };
        self.copies.insert(key, shell.clone());
        self.work.push((value.clone(), shell.clone()));
        shell
    }
}
