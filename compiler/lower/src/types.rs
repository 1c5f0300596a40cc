//! Conversion of the checker's semantic types to IR runtime type descriptors (memoised; a
//! recursive type is reserved in the table before its members are converted, so cycles in the
//! semantic arena become cycles through IR `TypeId`s).

use crate::{ir, sema, Lowerer};
use ir::{TypeDef, TypeKind};
use sema::{ConstValue, Type, TypeArena};

impl<'a> Lowerer<'a> {
    /// The IR type of a semantic type.
    pub(crate) fn ir_type(&mut self, ty: sema::TypeId) -> ir::TypeId {
        if let Some(&id) = self.type_memo.get(&ty) {
            return id;
        }
        // The built-in xml subtypes stay unnamed: the runtime spells them itself
        // (`lang.xml:Element`, as jBallerina's runtime does; the compiler says `xml:Element`).
        let name = match self.checked.types.get(ty) {
            Type::XmlItem(_) => None,
            _ => self.checked.types.name(ty).map(str::to_string),
        };
        let id = self.builder.add_type(TypeDef {
            name: name.clone(),
            kind: TypeKind::Never,
        });
        self.type_memo.insert(ty, id);
        let kind = self.convert_kind(ty);
        self.builder.set_type(id, TypeDef { name, kind });
        id
    }

    fn convert_kind(&mut self, ty: sema::TypeId) -> TypeKind {
        let checked = self.checked;
        match checked.types.get(ty) {
            Type::Never => TypeKind::Never,
            Type::Nil => TypeKind::Nil,
            Type::Boolean => TypeKind::Boolean,
            Type::Int => TypeKind::Int,
            Type::IntSubtype(subtype) => TypeKind::IntSubtype(convert_subtype(*subtype)),
            Type::Float => TypeKind::Float,
            Type::Decimal => TypeKind::Decimal,
            Type::String => TypeKind::String,
            Type::StringChar => TypeKind::StringChar,
            Type::Any | Type::Unknown => TypeKind::Any,
            Type::Anydata => TypeKind::Anydata,
            Type::Json => TypeKind::Json,
            Type::Readonly => TypeKind::Readonly,
            Type::Handle => TypeKind::Handle,
            Type::Xml => TypeKind::Xml,
            Type::RegExp => TypeKind::RegExp,
            Type::XmlItem(kind) => TypeKind::XmlItem(*kind),
            Type::XmlSequence(inner) => TypeKind::XmlSequence(self.ir_type(*inner)),
            Type::AnyFunction => TypeKind::AnyFunction,
            Type::Typedesc(inner) => TypeKind::Typedesc(self.ir_type(*inner)),
            Type::Future(inner) => TypeKind::Future(self.ir_type(*inner)),
            Type::Table { row, key } => TypeKind::Table {
                row: self.ir_type(*row),
                key: match key {
                    intc_sema::model::TableKey::Fields(fields) => Some(fields.clone()),
                    _ => None,
                },
                key_type: match key {
                    intc_sema::model::TableKey::Type(k) => Some(self.ir_type(*k)),
                    _ => None,
                },
            },
            Type::Stream { value, completion } => TypeKind::Stream {
                value: self.ir_type(*value),
                completion: self.ir_type(*completion),
            },
            Type::Singleton(value) => match value {
                ConstValue::Nil => TypeKind::Nil,
                ConstValue::Boolean(b) => TypeKind::Singleton(ir::Singleton::Boolean(*b)),
                ConstValue::Int(i) => TypeKind::Singleton(ir::Singleton::Int(*i)),
                ConstValue::Float(f) => TypeKind::Singleton(ir::Singleton::Float(*f)),
                ConstValue::Decimal(d) => TypeKind::Singleton(ir::Singleton::Decimal(*d)),
                ConstValue::String(s) => TypeKind::Singleton(ir::Singleton::String(s.clone())),
                structure @ (ConstValue::List(_) | ConstValue::Map(_)) => {
                    self.const_kind(structure)
                }
            },
            Type::Union(members) => {
                TypeKind::Union(members.iter().map(|&m| self.ir_type(m)).collect())
            }
            Type::ReadonlyOf(inner) => TypeKind::ReadonlyOf(self.ir_type(*inner)),
            Type::Array { element, length } => TypeKind::Array {
                element: self.ir_type(*element),
                length: *length,
            },
            Type::Tuple { members, rest } => TypeKind::Tuple {
                members: members.iter().map(|&m| self.ir_type(m)).collect(),
                rest: rest.map(|r| self.ir_type(r)),
            },
            Type::Map(inner) => TypeKind::Map(self.ir_type(*inner)),
            Type::Record(record) => TypeKind::Record {
                fields: record
                    .fields
                    .iter()
                    .map(|field| ir::RecordField {
                        name: field.name.clone(),
                        ty: self.ir_type(field.ty),
                        optional: field.optional,
                        readonly: field.readonly,
                    })
                    .collect(),
                rest: record.rest.map(|r| self.ir_type(r)),
            },
            Type::Error(error) => TypeKind::Error {
                detail: if error.detail == TypeArena::ERROR_DETAIL {
                    None
                } else {
                    Some(self.ir_type(error.detail))
                },
                distinct_ids: error.distinct_ids.clone(),
            },
            Type::Object(object) => {
                let kind = TypeKind::Object {
                    fields: object
                        .fields
                        .iter()
                        .map(|field| ir::ObjectField {
                            name: field.name.clone(),
                            ty: self.ir_type(field.ty),
                        })
                        .collect(),
                    methods: object
                        .methods
                        .iter()
                        .map(|method| ir::ObjectMethod {
                            name: method.name.clone(),
                            ty: self.ir_type(method.ty),
                            remote: method.is_remote,
                        })
                        .collect(),
                    distinct_ids: object_identities(object),
                    // Only a class with private members is nominal: a private member is
                    // visible only inside its class, so no other class or object type has
                    // it (jBallerina's visibility-region rule). Other class types are
                    // structural, as the object type descriptors they stand for.
                    class: object
                        .class
                        .filter(|_| {
                            object.fields.iter().any(|f| !f.is_public)
                                || object.methods.iter().any(|m| !m.is_public)
                        })
                        .map(|c| ir::ClassId(c.0)),
                };
                // Instances of a `readonly class` are immutable: the class type is `C & readonly`.
                if object.is_readonly {
                    TypeKind::ReadonlyOf(self.builder.add_anonymous_type(kind))
                } else {
                    kind
                }
            }
            Type::Function(function) => TypeKind::Function {
                params: function.params.iter().map(|&p| self.ir_type(p)).collect(),
                rest: function.rest.map(|r| self.ir_type(r)),
                ret: self.ir_type(function.ret),
                isolated: function.is_isolated,
                transactional: function.is_transactional,
            },
            Type::IntRange => TypeKind::Object {
                fields: Vec::new(),
                methods: Vec::new(),
                distinct_ids: Vec::new(),
                class: None,
            },
        }
    }

    /// The IR type `element[]`.
    pub(crate) fn ir_array_of(&mut self, element: ir::TypeId) -> ir::TypeId {
        if let Some(&id) = self.array_memo.get(&element) {
            return id;
        }
        let id = self.builder.add_anonymous_type(TypeKind::Array {
            element,
            length: None,
        });
        self.array_memo.insert(element, id);
        id
    }

    /// The type whose one value is a constant (an immutable list or mapping): a tuple or a
    /// closed record of the members' singleton types, so `v is C` for a constant `C` used as a
    /// type compares the whole structure.
    fn const_kind(&mut self, value: &ConstValue) -> TypeKind {
        match value {
            ConstValue::Nil => TypeKind::Nil,
            ConstValue::Boolean(b) => TypeKind::Singleton(ir::Singleton::Boolean(*b)),
            ConstValue::Int(i) => TypeKind::Singleton(ir::Singleton::Int(*i)),
            ConstValue::Float(f) => TypeKind::Singleton(ir::Singleton::Float(*f)),
            ConstValue::Decimal(d) => TypeKind::Singleton(ir::Singleton::Decimal(*d)),
            ConstValue::String(s) => TypeKind::Singleton(ir::Singleton::String(s.clone())),
            ConstValue::List(items) => {
                let members = items.iter().map(|item| self.const_shape(item)).collect();
                let tuple = self.builder.add_anonymous_type(TypeKind::Tuple {
                    members,
                    rest: None,
                });
                TypeKind::ReadonlyOf(tuple)
            }
            ConstValue::Map(entries) => {
                let fields = entries
                    .iter()
                    .map(|(name, item)| ir::RecordField {
                        name: name.clone(),
                        ty: self.const_shape(item),
                        optional: false,
                        readonly: true,
                    })
                    .collect();
                let record = self
                    .builder
                    .add_anonymous_type(TypeKind::Record { fields, rest: None });
                TypeKind::ReadonlyOf(record)
            }
        }
    }

    fn const_shape(&mut self, value: &ConstValue) -> ir::TypeId {
        let kind = self.const_kind(value);
        self.builder.add_anonymous_type(kind)
    }

    /// The IR type `map<member>`.
    pub(crate) fn ir_map_of(&mut self, member: ir::TypeId) -> ir::TypeId {
        if let Some(&id) = self.map_memo.get(&member) {
            return id;
        }
        let id = self.builder.add_anonymous_type(TypeKind::Map(member));
        self.map_memo.insert(member, id);
        id
    }

    /// `any|error`: the widest member type (for helper lists and mappings).
    pub(crate) fn ir_any_or_error(&mut self) -> ir::TypeId {
        self.ir_type(TypeArena::ANY_OR_ERROR)
    }

    /// `(any|error)[]`: every list value belongs to it (used by list match patterns).
    pub(crate) fn ir_any_list(&mut self) -> ir::TypeId {
        let member = self.ir_any_or_error();
        self.ir_array_of(member)
    }

    /// `map<any|error>`: every mapping value belongs to it (mapping match patterns).
    pub(crate) fn ir_any_mapping(&mut self) -> ir::TypeId {
        let member = self.ir_any_or_error();
        self.ir_map_of(member)
    }

    /// The element type of the list type a semantic type admits (for rest lists), `any|error`
    /// when unclear.
    /// The IR list type of the rest parameter of function type `ty`, if it has one.
    pub(crate) fn rest_list_type(&mut self, ty: sema::TypeId) -> Option<ir::TypeId> {
        let element = self.sema_function_type(ty)?.rest?;
        let element = self.ir_type(element);
        Some(self.ir_array_of(element))
    }

    pub(crate) fn sema_function_type(&self, ty: sema::TypeId) -> Option<&'a sema::FunctionType> {
        let checked = self.checked;
        match checked.types.get(ty) {
            Type::Function(function) => Some(function),
            Type::Union(members) => members.iter().find_map(|&m| match checked.types.get(m) {
                Type::Function(function) => Some(function),
                _ => None,
            }),
            _ => None,
        }
    }
}

fn convert_subtype(subtype: sema::IntSubtype) -> ir::IntSubtype {
    match subtype {
        sema::IntSubtype::Byte => ir::IntSubtype::Byte,
        sema::IntSubtype::Signed8 => ir::IntSubtype::Signed8,
        sema::IntSubtype::Signed16 => ir::IntSubtype::Signed16,
        sema::IntSubtype::Signed32 => ir::IntSubtype::Signed32,
        sema::IntSubtype::Unsigned16 => ir::IntSubtype::Unsigned16,
        sema::IntSubtype::Unsigned32 => ir::IntSubtype::Unsigned32,
    }
}

/// Identities standing for the `client`, `service` and `isolated` qualifiers of object types
/// (far from both the checker's distinct ids, counted up from 0, and the runtime's class
/// identities, counted down from `u32::MAX`).
const CLIENT_IDENTITY: u32 = u32::MAX / 2;
const SERVICE_IDENTITY: u32 = u32::MAX / 2 + 1;
const ISOLATED_IDENTITY: u32 = u32::MAX / 2 + 2;

/// The distinct identities of an object type: its own, plus one per network or `isolated`
/// qualifier. A qualified object type admits only objects with that qualifier (spec "Object
/// types"), which is what a required identity expresses; an unqualified type requires none.
fn object_identities(object: &sema::ObjectType) -> Vec<u32> {
    let mut ids = object.distinct_ids.clone();
    let qualifiers = [
        (object.is_client, CLIENT_IDENTITY),
        (object.is_service, SERVICE_IDENTITY),
        (object.is_isolated, ISOLATED_IDENTITY),
    ];
    ids.extend(qualifiers.iter().filter(|(on, _)| *on).map(|&(_, id)| id));
    ids
}
