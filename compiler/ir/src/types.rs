//! Runtime type descriptors: the program's type table.
//!
//! Types refer to each other through [`TypeId`] so recursive types (json, anydata, recursive
//! records) are plain cycles in the table. The lowering emits one [`TypeDef`] per distinct type
//! it needs at run time; a type alias simply reuses the id of the aliased type.

use crate::ids::{ClassId, TypeId};
use intc_decimal::Decimal;

/// One entry of the type table.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The declared name (`Person`, `mod:Person`) for diagnostics and cast messages; `None` for
    /// anonymous types, which are displayed structurally.
    pub name: Option<String>,
    pub kind: TypeKind,
}

impl TypeDef {
    pub fn anonymous(kind: TypeKind) -> TypeDef {
        TypeDef { name: None, kind }
    }

    pub fn named(name: impl Into<String>, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: Some(name.into()),
            kind,
        }
    }
}

/// The built-in subtypes of int, defined once in the type algebra.
pub use intc_types::int::BuiltinIntSubtype as IntSubtype;

/// A singleton type's value (finite types are unions of singletons).
#[derive(Clone, Debug, PartialEq)]
pub enum Singleton {
    Boolean(bool),
    Int(i64),
    Float(f64),
    Decimal(Decimal),
    String(String),
}

/// A field of a record type.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordField {
    pub name: String,
    pub ty: TypeId,
    /// `T f?;`
    pub optional: bool,
    /// `readonly T f;` (the field cannot be assigned after construction).
    pub readonly: bool,
}

/// A field of an object type.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectField {
    pub name: String,
    pub ty: TypeId,
}

/// A method of an object type: its name and function type.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectMethod {
    pub name: String,
    pub ty: TypeId,
    /// A remote method (of a client or service object): a member distinct from a plain
    /// method of the same name.
    pub remote: bool,
}

/// What a type admits.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// `never`: no values.
    Never,
    /// `()`.
    Nil,
    Boolean,
    Int,
    IntSubtype(IntSubtype),
    Float,
    Decimal,
    String,
    /// `string:Char`: strings of exactly one code point.
    StringChar,
    /// `any`: every value except errors.
    Any,
    /// `anydata`: `()|boolean|int|float|decimal|string|xml|anydata[]|map<anydata>|table`.
    Anydata,
    /// `json`: `()|boolean|int|float|decimal|string|json[]|map<json>`.
    Json,
    /// `readonly`: every immutable value.
    Readonly,
    /// `handle`: opaque native resources.
    Handle,
    /// `xml`.
    Xml,
    /// A built-in xml item type (bits of `intc_types::xml::kinds`): `xml:Element`, ...
    XmlItem(u8),
    /// `xml<T>`: sequences whose items all belong to `T`.
    XmlSequence(TypeId),
    /// `typedesc<T>`.
    Typedesc(TypeId),
    /// `future<T>`: the type of a strand's result.
    Future(TypeId),
    /// `table<R>`, with the key sequence of `key(a, b)` (`None`: no key specifier; the
    /// inherent type of a table value always has one), or the key values' type `K` of
    /// `key<K>` (`key_type`, with `key: None`).
    Table {
        row: TypeId,
        key: Option<Vec<String>>,
        key_type: Option<TypeId>,
    },
    /// `stream<T, C>`.
    Stream {
        value: TypeId,
        completion: TypeId,
    },
    /// A single value (`"a"`, `1`, `true`); `()` is [`TypeKind::Nil`].
    Singleton(Singleton),
    /// `T1|T2|...` (includes `T?` = `T|()`, finite types and enums).
    Union(Vec<TypeId>),
    /// `T & readonly`: values of `T` that are immutable.
    ReadonlyOf(TypeId),
    /// `T[]` (`length: None`) or `T[N]`.
    Array {
        element: TypeId,
        length: Option<u32>,
    },
    /// `[T1, T2, R...]`.
    Tuple {
        members: Vec<TypeId>,
        rest: Option<TypeId>,
    },
    /// `map<T>`.
    Map(TypeId),
    /// A record type; `rest: None` means closed (`record {| ... |}`), an open
    /// `record { ... }` has `rest: Some(anydata)`.
    Record {
        fields: Vec<RecordField>,
        rest: Option<TypeId>,
    },
    /// `error<D>`; `detail: None` is the plain `error` type. `distinct_ids` are the type
    /// identities of `distinct` error types (a value belongs only if its type carries all of
    /// them).
    Error {
        detail: Option<TypeId>,
        distinct_ids: Vec<u32>,
    },
    /// An object type (or the type of a class). Membership is structural on field and method
    /// names plus the distinct identities; `class` is set for the type of a class with private
    /// members, which only that class's instances belong to.
    Object {
        fields: Vec<ObjectField>,
        methods: Vec<ObjectMethod>,
        distinct_ids: Vec<u32>,
        class: Option<ClassId>,
    },
    /// `function (P1, P2, R...) returns T`; `isolated function ...` when `isolated` (a
    /// function value belongs to it only if the value's function is isolated).
    Function {
        params: Vec<TypeId>,
        rest: Option<TypeId>,
        ret: TypeId,
        isolated: bool,
        /// `transactional function ...`: the only function types a transactional function
        /// value belongs to (a non-transactional value belongs to both).
        transactional: bool,
    },
    /// `function`: every function value.
    AnyFunction,
    /// `regexp:RegExp`: regular expressions.
    RegExp,
}
