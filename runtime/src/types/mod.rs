//! The runtime type table: the program's types plus well-known types the runtime itself needs
//! (for built-in error values and values created by natives), type membership (`is`), the
//! subtype relation on inherent types (answered by intc-types), filler values and type names
//! for messages.

mod filler;
mod membership;
mod names;
mod semantic;
mod subtype;
mod type_of;
mod view;

pub use subtype::NumericTargets;

use intc_ir::{Class, Function, Program, RecordField, TypeDef, TypeId, TypeKind};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Ids of types appended by the runtime after the program's own types.
#[derive(Clone, Copy, Debug)]
pub struct WellKnownTypes {
    pub never: TypeId,
    pub nil: TypeId,
    pub boolean: TypeId,
    pub int: TypeId,
    pub byte: TypeId,
    pub float: TypeId,
    pub decimal: TypeId,
    pub string: TypeId,
    pub any: TypeId,
    pub anydata: TypeId,
    pub json: TypeId,
    pub readonly: TypeId,
    /// The plain `error` type.
    pub error: TypeId,
    /// `any[]`, `anydata[]`, `json[]`, `string[]`, `int[]`, `byte[]`, `float[]`.
    pub any_list: TypeId,
    pub anydata_list: TypeId,
    pub json_list: TypeId,
    pub string_list: TypeId,
    pub int_list: TypeId,
    pub byte_list: TypeId,
    pub float_list: TypeId,
    /// `map<any>`, `map<anydata>`, `map<json>`, `map<string>`.
    pub any_map: TypeId,
    pub anydata_map: TypeId,
    pub json_map: TypeId,
    pub string_map: TypeId,
    /// `map<anydata> & readonly` — the detail of built-in errors.
    pub readonly_detail: TypeId,
    /// `any|error`.
    pub any_or_error: TypeId,
}

/// The runtime's type table (program types followed by the well-known types).
#[derive(Debug)]
pub struct TypeTable {
    defs: Vec<TypeDef>,
    /// Object types of classes, by class index.
    class_types: Vec<TypeId>,
    /// Function-value signatures, by function index.
    function_signatures: Vec<Option<TypeId>>,
    pub well_known: WellKnownTypes,
    subtype_cache: RefCell<FxHashMap<(TypeId, TypeId), bool>>,
    /// The types as intc-types `SemType`s, created and converted on the first subtype
    /// question (start-up pays nothing).
    semtypes: RefCell<Option<semantic::SemTypes>>,
    /// intc-types' filler description per member type (see `filler.rs`).
    filler_cache: RefCell<FxHashMap<TypeId, Option<std::rc::Rc<intc_types::Filler>>>>,
    /// Precomputed record field defaults (record type, field) -> value, for conversions that
    /// build records (`cloneWithType`), which only see this table.
    record_defaults: FxHashMap<(TypeId, String), crate::value::Value>,
    /// Singleton types made by `typeof` at run time, keyed by their value, so a loop over a
    /// few values does not grow the table.
    shape_types: FxHashMap<String, TypeId>,
    /// Anonymous types already found or added by [`TypeTable::intern`], so the per-request
    /// and per-element conversions that need one do not scan the whole table each time.
    interned: Vec<(TypeKind, TypeId)>,
}

impl TypeTable {
    /// Builds the table from the program's types, classes and function signatures.
    pub fn from_program(program: &Program) -> TypeTable {
        TypeTable::new(program.types.clone(), &program.classes, &program.functions)
    }

    /// Builds the table from the program's types, classes and functions.
    pub fn new(
        program_types: Vec<TypeDef>,
        classes: &[Class],
        functions: &[Function],
    ) -> TypeTable {
        let mut defs = program_types;
        let mut add = |kind: TypeKind| {
            defs.push(TypeDef::anonymous(kind));
            TypeId(defs.len() as u32 - 1)
        };
        let never = add(TypeKind::Never);
        let nil = add(TypeKind::Nil);
        let boolean = add(TypeKind::Boolean);
        let int = add(TypeKind::Int);
        let byte = add(TypeKind::IntSubtype(intc_ir::IntSubtype::Byte));
        let float = add(TypeKind::Float);
        let decimal = add(TypeKind::Decimal);
        let string = add(TypeKind::String);
        let any = add(TypeKind::Any);
        let anydata = add(TypeKind::Anydata);
        let json = add(TypeKind::Json);
        let readonly = add(TypeKind::Readonly);
        let error = add(TypeKind::Error {
            detail: None,
            distinct_ids: Vec::new(),
        });
        let any_list = add(TypeKind::Array {
            element: any,
            length: None,
        });
        let anydata_list = add(TypeKind::Array {
            element: anydata,
            length: None,
        });
        let json_list = add(TypeKind::Array {
            element: json,
            length: None,
        });
        let string_list = add(TypeKind::Array {
            element: string,
            length: None,
        });
        let int_list = add(TypeKind::Array {
            element: int,
            length: None,
        });
        let byte_list = add(TypeKind::Array {
            element: byte,
            length: None,
        });
        let float_list = add(TypeKind::Array {
            element: float,
            length: None,
        });
        let any_map = add(TypeKind::Map(any));
        let anydata_map = add(TypeKind::Map(anydata));
        let json_map = add(TypeKind::Map(json));
        let string_map = add(TypeKind::Map(string));
        let readonly_detail = add(TypeKind::ReadonlyOf(anydata_map));
        let any_or_error = add(TypeKind::Union(vec![any, error]));
        let well_known = WellKnownTypes {
            never,
            nil,
            boolean,
            int,
            byte,
            float,
            decimal,
            string,
            any,
            anydata,
            json,
            readonly,
            error,
            any_list,
            anydata_list,
            json_list,
            string_list,
            int_list,
            byte_list,
            float_list,
            any_map,
            anydata_map,
            json_map,
            string_map,
            readonly_detail,
            any_or_error,
        };
        let class_types = classes.iter().map(|c| c.ty).collect();
        let function_signatures = functions.iter().map(|f| f.signature).collect();
        TypeTable {
            defs,
            class_types,
            function_signatures,
            well_known,
            subtype_cache: RefCell::new(FxHashMap::default()),
            semtypes: RefCell::new(None),
            filler_cache: RefCell::new(FxHashMap::default()),
            record_defaults: FxHashMap::default(),
            shape_types: FxHashMap::default(),
            interned: Vec::new(),
        }
    }

    /// The id of an anonymous type with exactly `kind`, adding it if the table has none.
    /// The first request for a kind scans the table (the program's own anonymous types
    /// count); the answer is remembered, so later requests look only at the few kinds
    /// interned so far.
    pub fn intern(&mut self, kind: TypeKind) -> TypeId {
        if let Some((_, id)) = self.interned.iter().rev().find(|(k, _)| *k == kind) {
            return *id;
        }
        let found = self
            .defs
            .iter()
            .rposition(|def| def.name.is_none() && def.kind == kind);
        let id = match found {
            Some(index) => TypeId(index as u32),
            None => self.add(TypeDef::anonymous(kind.clone())),
        };
        self.interned.push((kind, id));
        id
    }

    /// The definition of a type; unknown ids read as `never` (the verifier prevents them).
    pub fn get(&self, ty: TypeId) -> &TypeKind {
        match self.defs.get(ty.index()) {
            Some(def) => &def.kind,
            None => &TypeKind::Never,
        }
    }

    pub fn def(&self, ty: TypeId) -> Option<&TypeDef> {
        self.defs.get(ty.index())
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The types from index `start` on (those added at run time when `start` is the length
    /// the program gave).
    pub(crate) fn defs_from(&self, start: usize) -> &[TypeDef] {
        self.defs.get(start..).unwrap_or(&[])
    }

    /// Adds a type at run time (e.g. a native building a new list type); returns its id.
    pub fn add(&mut self, def: TypeDef) -> TypeId {
        self.defs.push(def);
        TypeId(self.defs.len() as u32 - 1)
    }

    /// The object type of a class.
    pub fn class_type(&self, class: intc_ir::ClassId) -> Option<TypeId> {
        self.class_types.get(class.index()).copied()
    }

    /// The function type of a function used as a value.
    pub fn function_signature(&self, func: intc_ir::FuncId) -> Option<TypeId> {
        self.function_signatures
            .get(func.index())
            .copied()
            .flatten()
    }

    /// Strips `T & readonly` wrappers (and reports whether one was present).
    /// Records the default value of `field` of record type `record`.
    pub(crate) fn set_record_default(
        &mut self,
        record: TypeId,
        field: String,
        value: crate::value::Value,
    ) {
        let (plain, _) = self.strip_readonly(record);
        self.record_defaults.insert((plain, field), value);
    }

    /// The precomputed default of `field` of record type `record` (readonly or not); the
    /// caller copies it before use so mutable defaults are not shared.
    pub fn record_default(&self, record: TypeId, field: &str) -> Option<&crate::value::Value> {
        if self.record_defaults.is_empty() {
            return None;
        }
        let (plain, _) = self.strip_readonly(record);
        self.record_defaults.get(&(plain, field.to_string()))
    }

    pub fn strip_readonly(&self, mut ty: TypeId) -> (TypeId, bool) {
        let mut readonly = false;
        for _ in 0..64 {
            match self.get(ty) {
                TypeKind::ReadonlyOf(inner) => {
                    readonly = true;
                    ty = *inner;
                }
                _ => break,
            }
        }
        (ty, readonly)
    }

    /// The row type and key sequence of a table type (`table<R> key(...)`, possibly
    /// read-only); `None` for other types.
    pub fn table_parts(&self, ty: TypeId) -> Option<(TypeId, Option<&[String]>)> {
        let (plain, _) = self.strip_readonly(ty);
        match self.get(plain) {
            TypeKind::Table { row, key, .. } => Some((*row, key.as_deref())),
            _ => None,
        }
    }

    /// True if values constructed with inherent type `ty` must be immutable.
    pub fn is_readonly_type(&self, ty: TypeId) -> bool {
        self.strip_readonly(ty).1
    }

    /// The type a list member at `index` must have, or `None` if no member may be stored there
    /// (beyond a fixed length or tuple without rest).
    pub fn list_member_type(&self, list_ty: TypeId, index: usize) -> Option<TypeId> {
        let (ty, _) = self.strip_readonly(list_ty);
        match self.get(ty) {
            TypeKind::Array { element, length } => match length {
                Some(n) if index >= *n as usize => None,
                _ => Some(*element),
            },
            TypeKind::Tuple { members, rest } => members.get(index).copied().or(*rest),
            TypeKind::Anydata => Some(self.well_known.anydata),
            TypeKind::Json => Some(self.well_known.json),
            _ => Some(self.well_known.any_or_error),
        }
    }

    /// The fixed length of a list type (`T[N]` or a tuple without rest), if any.
    pub fn list_fixed_length(&self, list_ty: TypeId) -> Option<usize> {
        let (ty, _) = self.strip_readonly(list_ty);
        match self.get(ty) {
            TypeKind::Array {
                length: Some(n), ..
            } => Some(*n as usize),
            TypeKind::Tuple {
                members,
                rest: None,
            } => Some(members.len()),
            _ => None,
        }
    }

    /// The minimum length of a list type (tuple required members, fixed array length).
    pub fn list_min_length(&self, list_ty: TypeId) -> usize {
        let (ty, _) = self.strip_readonly(list_ty);
        match self.get(ty) {
            TypeKind::Array {
                length: Some(n), ..
            } => *n as usize,
            TypeKind::Tuple { members, .. } => members.len(),
            _ => 0,
        }
    }

    /// The type a mapping member `key` must have, or `None` if the key is not allowed (closed
    /// record without that field).
    pub fn map_member_type(&self, map_ty: TypeId, key: &str) -> Option<TypeId> {
        let (ty, _) = self.strip_readonly(map_ty);
        match self.get(ty) {
            TypeKind::Map(element) => Some(*element),
            TypeKind::Record { fields, rest } => record_field(fields, key).map(|f| f.ty).or(*rest),
            TypeKind::Anydata => Some(self.well_known.anydata),
            TypeKind::Json => Some(self.well_known.json),
            _ => Some(self.well_known.any_or_error),
        }
    }

    /// The record field `key` of a record type, if declared.
    pub fn record_field(&self, record_ty: TypeId, key: &str) -> Option<&RecordField> {
        let (ty, _) = self.strip_readonly(record_ty);
        match self.get(ty) {
            TypeKind::Record { fields, .. } => record_field(fields, key),
            _ => None,
        }
    }
}

fn record_field<'a>(fields: &'a [RecordField], key: &str) -> Option<&'a RecordField> {
    fields.iter().find(|f| f.name == key)
}

#[cfg(test)]
mod semantic_tests;
#[cfg(test)]
mod tests;
