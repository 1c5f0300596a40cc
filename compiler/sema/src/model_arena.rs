//! The arena of semantic types (split from `model.rs`, which re-exports it).

use super::model::*;
/// One entry of the type arena.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeEntry {
    pub ty: Type,
    /// The declared name (`Person`, `mod:Person`) of a named type, for diagnostics and
    /// runtime messages. Anonymous types are displayed structurally.
    pub name: Option<String>,
}

/// The arena of all semantic types. Ids below [`TypeArena::FIRST_FREE`] are the fixed
/// built-in types listed as associated constants. Each type's set of values (an intc-types
/// `SemType`) is computed on demand and cached (`semtypes.rs`); type questions are answered
/// on those.
pub struct TypeArena {
    pub(crate) entries: Vec<TypeEntry>,
    pub(crate) sem: std::cell::RefCell<crate::semtypes::SemCache>,
}

impl Clone for TypeArena {
    /// The copy converts its types again on demand (an `Env` is not copied).
    fn clone(&self) -> TypeArena {
        TypeArena {
            entries: self.entries.clone(),
            sem: Default::default(),
        }
    }
}

impl std::fmt::Debug for TypeArena {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypeArena")
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}

impl TypeArena {
    pub const NEVER: TypeId = TypeId(0);
    pub const NIL: TypeId = TypeId(1);
    pub const BOOLEAN: TypeId = TypeId(2);
    pub const INT: TypeId = TypeId(3);
    pub const FLOAT: TypeId = TypeId(4);
    pub const DECIMAL: TypeId = TypeId(5);
    pub const STRING: TypeId = TypeId(6);
    pub const ANY: TypeId = TypeId(7);
    pub const ANYDATA: TypeId = TypeId(8);
    pub const JSON: TypeId = TypeId(9);
    pub const READONLY: TypeId = TypeId(10);
    pub const HANDLE: TypeId = TypeId(11);
    /// Plain `error` (detail [`TypeArena::ERROR_DETAIL`]).
    pub const ERROR: TypeId = TypeId(12);
    pub const ANY_FUNCTION: TypeId = TypeId(13);
    pub const BYTE: TypeId = TypeId(14);
    pub const UNKNOWN: TypeId = TypeId(15);
    /// `any|error`.
    pub const ANY_OR_ERROR: TypeId = TypeId(16);
    /// `anydata|readonly`.
    pub const ANYDATA_OR_READONLY: TypeId = TypeId(17);
    /// `map<anydata|readonly>`: the detail type of plain `error`.
    pub const ERROR_DETAIL: TypeId = TypeId(18);
    /// `error?`.
    pub const ERROR_OR_NIL: TypeId = TypeId(19);
    pub const STRING_CHAR: TypeId = TypeId(20);
    pub const XML: TypeId = TypeId(21);
    /// `typedesc<any|error>` (bare `typedesc`).
    pub const TYPEDESC: TypeId = TypeId(22);
    pub const INT_RANGE: TypeId = TypeId(23);
    /// `map<anydata>`.
    pub const MAP_ANYDATA: TypeId = TypeId(24);
    /// `map<json>`.
    pub const MAP_JSON: TypeId = TypeId(25);
    /// `json[]`.
    pub const JSON_ARRAY: TypeId = TypeId(26);
    /// `anydata[]`.
    pub const ANYDATA_ARRAY: TypeId = TypeId(27);
    /// The first id handed out by [`TypeArena::add`].
    pub const FIRST_FREE: u32 = 28;

    pub fn new() -> TypeArena {
        let builtin = [
            Type::Never,
            Type::Nil,
            Type::Boolean,
            Type::Int,
            Type::Float,
            Type::Decimal,
            Type::String,
            Type::Any,
            Type::Anydata,
            Type::Json,
            Type::Readonly,
            Type::Handle,
            Type::Error(ErrorType {
                detail: TypeArena::ERROR_DETAIL,
                distinct_ids: Vec::new(),
            }),
            Type::AnyFunction,
            Type::IntSubtype(IntSubtype::Byte),
            Type::Unknown,
            Type::Union(vec![TypeArena::ANY, TypeArena::ERROR]),
            Type::Union(vec![TypeArena::ANYDATA, TypeArena::READONLY]),
            Type::Map(TypeArena::ANYDATA_OR_READONLY),
            Type::Union(vec![TypeArena::ERROR, TypeArena::NIL]),
            Type::StringChar,
            Type::Xml,
            Type::Typedesc(TypeArena::ANY_OR_ERROR),
            Type::IntRange,
            Type::Map(TypeArena::ANYDATA),
            Type::Map(TypeArena::JSON),
            Type::Array {
                element: TypeArena::JSON,
                length: None,
            },
            Type::Array {
                element: TypeArena::ANYDATA,
                length: None,
            },
        ];
        TypeArena {
            entries: builtin
                .into_iter()
                .map(|ty| TypeEntry { ty, name: None })
                .collect(),
            sem: Default::default(),
        }
    }

    /// Adds an anonymous type.
    pub fn add(&mut self, ty: Type) -> TypeId {
        let id = TypeId(self.entries.len() as u32);
        self.entries.push(TypeEntry { ty, name: None });
        id
    }

    /// Adds a named type (a type definition, class or enum).
    pub fn add_named(&mut self, name: impl Into<String>, ty: Type) -> TypeId {
        let id = TypeId(self.entries.len() as u32);
        self.entries.push(TypeEntry {
            ty,
            name: Some(name.into()),
        });
        id
    }

    /// Replaces the structure of a previously reserved id (used to tie recursive definitions).
    pub fn set(&mut self, id: TypeId, ty: Type) {
        if let Some(entry) = self.entries.get_mut(id.index()) {
            entry.ty = ty;
            self.sem.get_mut().invalidate(id);
        }
    }

    /// The structure of a type; an out-of-range id reads as [`Type::Unknown`].
    pub fn get(&self, id: TypeId) -> &Type {
        static UNKNOWN: Type = Type::Unknown;
        self.entries
            .get(id.index())
            .map(|e| &e.ty)
            .unwrap_or(&UNKNOWN)
    }

    /// The declared name of a named type.
    pub fn name(&self, id: TypeId) -> Option<&str> {
        self.entries.get(id.index()).and_then(|e| e.name.as_deref())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeEntry)> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (TypeId(i as u32), e))
    }
}

impl Default for TypeArena {
    fn default() -> TypeArena {
        TypeArena::new()
    }
}
