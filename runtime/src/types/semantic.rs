//! IR types as `intc_types::SemType`s: the runtime answers subtype questions with the
//! toolchain's one type algebra instead of a relation of its own.
//!
//! Conversion is lazy (a program that never asks a type question pays nothing at start-up)
//! and memoised per [`TypeId`]. The IR's types refer to each other by id, so recursive types
//! are cycles in the table; they become intc-types definitions. Converting a type converts
//! everything reachable from it not yet converted, in three passes:
//! 1. every reachable list, mapping, function and object type reserves a definition, whose
//!    `SemType` is known before its members are;
//! 2. the other reachable types (unions, `T & readonly`, errors, typedescs, scalars) are
//!    computed from those (a cycle made only of unions and `readonly` intersections has no
//!    value: it reads as `never`, the least fixed point);
//! 3. every reserved definition is defined from its (now known) member types.

use intc_ir::{IntSubtype, Singleton, TypeDef, TypeId, TypeKind};
use intc_types::{
    bits, DecimalKey, Env, FunctionDefinition, ListDefinition, MappingDefinition, MemberKind,
    ObjectMember, SemType,
};
use rustc_hash::FxHashSet;
use std::fmt;

/// Distinct identities of class types start here counting down (sema numbers the identities
/// of `distinct` types upwards from 1): a class type is then a subtype only of itself and of
/// the object types it structurally satisfies, as the runtime's class types always were.
const CLASS_IDENTITY_BASE: u32 = u32::MAX;

/// The `Env` holding the program's types plus the `SemType` of each converted type id.
pub(crate) struct SemTypes {
    pub(crate) env: Env,
    types: Vec<Option<SemType>>,
    /// Ids below this are all converted ([`Self::convert_all`]).
    converted_upto: usize,
    /// Ids below this have had their names registered (`names.rs`).
    pub(crate) named_upto: usize,
    /// The inherent type of handle values.
    pub(crate) handle: SemType,
}

impl fmt::Debug for SemTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let converted = self.types.iter().filter(|t| t.is_some()).count();
        write!(f, "SemTypes({converted} converted)")
    }
}

/// A definition reserved in pass 1, defined in pass 3.
enum Reserved {
    List(ListDefinition),
    Mapping(MappingDefinition),
    Object(MappingDefinition),
    Function(FunctionDefinition),
}

impl SemTypes {
    pub(crate) fn new() -> SemTypes {
        // Run-time messages name the xml subtypes as jBallerina's runtime does.
        let mut env = Env::new();
        env.use_runtime_xml_names();
        SemTypes {
            env,
            types: Vec::new(),
            converted_upto: 0,
            named_upto: 0,
            handle: SemType::from_bits(bits::HANDLE),
        }
    }

    /// Converts every type of the table not converted yet (membership tests read the types
    /// of the values they meet without being able to convert them on the way).
    pub(crate) fn convert_all(&mut self, defs: &[TypeDef]) {
        while self.converted_upto < defs.len() {
            self.semtype(defs, TypeId(self.converted_upto as u32));
            self.converted_upto += 1;
        }
    }

    /// The `SemType` of a converted type.
    pub(crate) fn known(&self, ty: TypeId) -> Option<&SemType> {
        self.types.get(ty.index()).and_then(Option::as_ref)
    }

    fn set(&mut self, ty: TypeId, t: SemType) {
        let i = ty.index();
        if self.types.len() <= i {
            self.types.resize(i + 1, None);
        }
        self.types[i] = Some(t);
    }

    /// The set of values of IR type `ty` (ids outside `defs` read as `never`, as
    /// `TypeTable::get` does).
    pub(crate) fn semtype(&mut self, defs: &[TypeDef], ty: TypeId) -> SemType {
        if let Some(t) = self.known(ty) {
            return t.clone();
        }
        if ty.index() >= defs.len() {
            return SemType::never();
        }
        let order = self.unconverted_reachable(defs, ty);
        // Pass 1: reserve definitions.
        let mut reserved = Vec::new();
        for &t in &order {
            let def = match kind(defs, t) {
                TypeKind::Array { .. } | TypeKind::Tuple { .. } => {
                    let def = ListDefinition::new(&mut self.env);
                    self.set(t, def.semtype());
                    Reserved::List(def)
                }
                TypeKind::Map(_) | TypeKind::Record { .. } => {
                    let def = MappingDefinition::new(&mut self.env);
                    self.set(t, def.semtype());
                    Reserved::Mapping(def)
                }
                TypeKind::Object {
                    distinct_ids,
                    class,
                    ..
                } => {
                    let def = MappingDefinition::new(&mut self.env);
                    let mut ids = distinct_ids.clone();
                    if let Some(class) = class {
                        ids.push(CLASS_IDENTITY_BASE - class.0);
                    }
                    self.set(t, def.object_semtype(&ids, false));
                    Reserved::Object(def)
                }
                TypeKind::Function {
                    isolated,
                    transactional,
                    ..
                } => {
                    let def = FunctionDefinition::new(&mut self.env);
                    // An isolated function type is its arrow restricted to isolated functions,
                    // a non-transactional one its arrow without the transactional functions
                    // (as the checker's), from the start, so that types referring to it see
                    // the restriction.
                    let mut semtype = def.semtype();
                    if *isolated {
                        semtype = semtype.intersect(&self.env.isolated_functions());
                    }
                    if !*transactional {
                        semtype = semtype.diff(&self.env.transactional_functions());
                    }
                    self.set(t, semtype);
                    Reserved::Function(def)
                }
                _ => continue,
            };
            reserved.push((t, def));
        }
        // Pass 2: everything else, from the reserved types.
        let mut open = FxHashSet::default();
        for &t in &order {
            self.resolve(defs, t, &mut open);
        }
        // Pass 3: define the reserved types; every member is known now.
        for (t, def) in reserved {
            self.define(defs, t, def);
        }
        self.known(ty).cloned().unwrap_or_else(SemType::never)
    }

    /// The ids reachable from `ty` (through any type constructor) not converted yet.
    fn unconverted_reachable(&self, defs: &[TypeDef], ty: TypeId) -> Vec<TypeId> {
        let mut order = Vec::new();
        let mut seen = FxHashSet::default();
        let mut stack = vec![ty];
        while let Some(t) = stack.pop() {
            // Ids outside the table (the verifier rejects them) stay `never`, unrecorded.
            if t.index() >= defs.len() || self.known(t).is_some() || !seen.insert(t) {
                continue;
            }
            order.push(t);
            children(kind(defs, t), &mut stack);
        }
        order
    }

    /// The type of the key values of a table whose rows are `row` and whose key sequence is
    /// `names`: the key field's type (read-only), or the tuple of the key fields' types;
    /// `None` when the row is no record type declaring them (any value then).
    fn key_values(
        &mut self,
        defs: &[TypeDef],
        row: TypeId,
        names: &[String],
        open: &mut FxHashSet<TypeId>,
    ) -> Option<SemType> {
        let mut record = row;
        let fields = loop {
            match kind(defs, record) {
                TypeKind::ReadonlyOf(inner) => record = *inner,
                TypeKind::Record { fields, .. } => break fields.clone(),
                _ => return None,
            }
        };
        let mut types = Vec::with_capacity(names.len());
        for name in names {
            let field = fields.iter().find(|f| &f.name == name)?;
            types.push(self.resolve(defs, field.ty, open));
        }
        Some(self.env.table_key_values(&types))
    }

    /// Pass 2 for one type: computes (and records) its `SemType` unless already known.
    /// `open` holds the types being computed, to cut cycles without a constructor.
    fn resolve(&mut self, defs: &[TypeDef], ty: TypeId, open: &mut FxHashSet<TypeId>) -> SemType {
        if let Some(t) = self.known(ty) {
            return t.clone();
        }
        if ty.index() >= defs.len() || !open.insert(ty) {
            return SemType::never();
        }
        let t = match kind(defs, ty) {
            TypeKind::Union(members) => members.iter().fold(SemType::never(), |acc, m| {
                acc.union(&self.resolve(defs, *m, open))
            }),
            TypeKind::ReadonlyOf(inner) => self
                .resolve(defs, *inner, open)
                .intersect(&SemType::readonly()),
            TypeKind::Typedesc(inner) => {
                let described = self.resolve(defs, *inner, open);
                self.env.typedesc(&described)
            }
            TypeKind::Future(inner) => {
                let result = self.resolve(defs, *inner, open);
                self.env.future(&result)
            }
            // The key constraint is part of the table type (intc-types `table.rs`): a key
            // sequence with the type of the key values its row's key fields give, so that
            // `table<R> key(id)` is a `table<R> key<K>` exactly when `id`'s type is a `K`.
            TypeKind::Table { row, key, key_type } => {
                let row_sem = self.resolve(defs, *row, open);
                match (key, key_type) {
                    (Some(names), _) => {
                        let values = self.key_values(defs, *row, names, open);
                        self.env.table_with_key(
                            &row_sem,
                            intc_types::TableKey::Fields(names, values.as_ref()),
                        )
                    }
                    (None, Some(k)) => {
                        let k = self.resolve(defs, *k, open);
                        self.env
                            .table_with_key(&row_sem, intc_types::TableKey::Type(&k))
                    }
                    (None, None) => self.env.table(&row_sem),
                }
            }
            TypeKind::Stream { value, completion } => {
                let value = self.resolve(defs, *value, open);
                let completion = self.resolve(defs, *completion, open);
                self.env.stream(&value, &completion)
            }
            TypeKind::XmlSequence(inner) => {
                SemType::xml_sequence_of_type(&self.resolve(defs, *inner, open))
            }
            TypeKind::Error {
                detail,
                distinct_ids,
            } => {
                let mut t = match detail {
                    Some(d) => {
                        let detail = self.resolve(defs, *d, open);
                        self.env.error_type(&detail)
                    }
                    None => SemType::from_bits(bits::ERROR),
                };
                for id in distinct_ids {
                    t = t.intersect(&self.env.error_distinct(*id));
                }
                t
            }
            other => self.simple(other),
        };
        open.remove(&ty);
        self.set(ty, t.clone());
        t
    }

    /// The types without members (structured kinds are reserved in pass 1 and never reach
    /// here; they read as `never` should they do).
    fn simple(&self, kind: &TypeKind) -> SemType {
        match kind {
            TypeKind::Nil => SemType::nil(),
            TypeKind::Boolean => SemType::boolean(),
            TypeKind::Int => SemType::int(),
            TypeKind::IntSubtype(sub) => int_subtype(*sub),
            TypeKind::Float => SemType::float(),
            TypeKind::Decimal => SemType::decimal(),
            TypeKind::String => SemType::string(),
            TypeKind::StringChar => SemType::string_char(),
            TypeKind::Any => SemType::any(),
            TypeKind::Anydata => self.env.anydata(),
            TypeKind::Json => self.env.json(),
            TypeKind::Readonly => SemType::readonly(),
            TypeKind::Handle => SemType::from_bits(bits::HANDLE),
            TypeKind::Xml => SemType::xml(),
            TypeKind::RegExp => SemType::from_bits(bits::REGEXP),
            TypeKind::XmlItem(kind) => SemType::xml_item(*kind),
            TypeKind::Singleton(s) => singleton(s),
            TypeKind::AnyFunction => SemType::from_bits(bits::FUNCTION),
            _ => SemType::never(),
        }
    }

    fn member(&self, ty: TypeId) -> SemType {
        self.known(ty).cloned().unwrap_or_else(SemType::never)
    }

    fn define(&mut self, defs: &[TypeDef], ty: TypeId, def: Reserved) {
        match (def, kind(defs, ty)) {
            (Reserved::List(def), TypeKind::Array { element, length }) => {
                let element = self.member(*element);
                match length {
                    Some(n) => {
                        def.define(&mut self.env, vec![element], *n as usize, SemType::never())
                    }
                    None => def.define(&mut self.env, Vec::new(), 0, element),
                };
            }
            (Reserved::List(def), TypeKind::Tuple { members, rest }) => {
                let members: Vec<SemType> = members.iter().map(|m| self.member(*m)).collect();
                let rest = rest.map_or_else(SemType::never, |r| self.member(r));
                let n = members.len();
                def.define(&mut self.env, members, n, rest);
            }
            (Reserved::Mapping(def), TypeKind::Map(member)) => {
                let member = self.member(*member);
                def.define(&mut self.env, Vec::new(), member);
            }
            (Reserved::Mapping(def), TypeKind::Record { fields, rest }) => {
                // The `readonly` field qualifier is not a set of values (see intc-types'
                // README); a field is the same type with or without it.
                let fields = fields
                    .iter()
                    .map(|f| (f.name.clone(), self.member(f.ty), f.optional))
                    .collect();
                let rest = rest.map_or_else(SemType::never, |r| self.member(r));
                def.define(&mut self.env, fields, rest);
            }
            (
                Reserved::Object(def),
                TypeKind::Object {
                    fields, methods, ..
                },
            ) => {
                let members = fields
                    .iter()
                    .map(|f| ObjectMember::field(f.name.clone(), self.member(f.ty)))
                    .chain(methods.iter().map(|m| ObjectMember {
                        name: m.name.clone(),
                        kind: if m.remote {
                            MemberKind::RemoteMethod
                        } else {
                            MemberKind::Method
                        },
                        ty: self.member(m.ty),
                    }))
                    .collect();
                def.define_object(&mut self.env, members);
            }
            (
                Reserved::Function(def),
                TypeKind::Function {
                    params, rest, ret, ..
                },
            ) => {
                let params: Vec<SemType> = params.iter().map(|p| self.member(*p)).collect();
                let rest = rest.map(|r| self.member(r));
                let params = self.env.tuple(&params, rest.as_ref());
                let ret = self.member(*ret);
                def.define(&mut self.env, params, ret);
            }
            // Pass 1 reserved by kind, so the pairs above are the only ones.
            (Reserved::List(def), _) => {
                def.define(&mut self.env, Vec::new(), 0, SemType::never());
            }
            (Reserved::Mapping(def) | Reserved::Object(def), _) => {
                def.define(&mut self.env, Vec::new(), SemType::never());
            }
            (Reserved::Function(def), _) => {
                def.define(&mut self.env, SemType::never(), SemType::never());
            }
        }
    }
}

fn kind(defs: &[TypeDef], ty: TypeId) -> &TypeKind {
    match defs.get(ty.index()) {
        Some(def) => &def.kind,
        None => &TypeKind::Never,
    }
}

/// The type ids a type refers to directly.
fn children(kind: &TypeKind, out: &mut Vec<TypeId>) {
    match kind {
        TypeKind::Typedesc(t)
        | TypeKind::Future(t)
        | TypeKind::ReadonlyOf(t)
        | TypeKind::XmlSequence(t)
        | TypeKind::Map(t) => out.push(*t),
        TypeKind::Array { element, .. } => out.push(*element),
        TypeKind::Table { row, key_type, .. } => {
            out.push(*row);
            out.extend(*key_type);
        }
        TypeKind::Stream { value, completion } => out.extend([*value, *completion]),
        TypeKind::Union(members) => out.extend(members.iter().copied()),
        TypeKind::Tuple { members, rest } => {
            out.extend(members.iter().copied());
            out.extend(*rest);
        }
        TypeKind::Record { fields, rest } => {
            out.extend(fields.iter().map(|f| f.ty));
            out.extend(*rest);
        }
        TypeKind::Error { detail, .. } => out.extend(*detail),
        TypeKind::Object {
            fields, methods, ..
        } => {
            out.extend(fields.iter().map(|f| f.ty));
            out.extend(methods.iter().map(|m| m.ty));
        }
        TypeKind::Function {
            params, rest, ret, ..
        } => {
            out.extend(params.iter().copied());
            out.extend(*rest);
            out.push(*ret);
        }
        _ => {}
    }
}

fn int_subtype(sub: IntSubtype) -> SemType {
    match sub {
        IntSubtype::Byte => SemType::byte(),
        IntSubtype::Signed8 => SemType::signed8(),
        IntSubtype::Signed16 => SemType::signed16(),
        IntSubtype::Signed32 => SemType::signed32(),
        IntSubtype::Unsigned16 => SemType::unsigned16(),
        IntSubtype::Unsigned32 => SemType::unsigned32(),
    }
}

/// The shape key of a decimal.
pub(crate) fn decimal_key(d: &intc_decimal::Decimal) -> DecimalKey {
    // intc-decimal prints every (always finite) decimal as a numeral, which always parses.
    DecimalKey::parse(&d.to_string()).expect("a decimal's text is a numeral")
}

fn singleton(s: &Singleton) -> SemType {
    match s {
        Singleton::Boolean(b) => SemType::boolean_const(*b),
        Singleton::Int(i) => SemType::int_const(*i),
        Singleton::Float(f) => SemType::float_const(*f),
        Singleton::Decimal(d) => SemType::decimal_const(decimal_key(d)),
        Singleton::String(s) => SemType::string_const(s),
    }
}
