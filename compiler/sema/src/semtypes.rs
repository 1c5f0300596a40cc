//! Sema's type descriptors as intc-types `SemType`s: every subtype, emptiness, overlap,
//! readonly and filler question is answered by the toolchain's one type algebra.
//!
//! [`Type`] stays the *descriptor* (how a type was written, what diagnostics print, what
//! lowering reads); its set of values is computed lazily, once per [`TypeId`], as in
//! nBallerina where type descriptors resolve to semtypes. The arena's types refer to each
//! other by id, so recursive types are cycles; they become intc-types definitions. Converting
//! a type converts everything reachable from it not converted yet, in three passes (the same
//! scheme as the runtime's `types/semantic.rs`):
//! 1. every reachable array, tuple, map, record, object and function type reserves a
//!    definition, whose `SemType` is known before its members are;
//! 2. the other reachable types (unions, `T & readonly`, errors, typedescs, scalars) are
//!    computed from those (a cycle made only of unions has no value: it reads as `never`,
//!    the least fixed point);
//! 3. every reserved definition is defined from its (now known) member types.
//!
//! `Type::Unknown` (the type of an expression that already has a diagnostic, and of a type
//! definition not resolved yet) is outside the algebra: every check accepts it. A type that
//! reaches it is converted twice on demand — as the least type (`Unknown` = `never`) when it
//! is the candidate subtype and as the greatest (`Unknown` = `any|error`) when it is the
//! candidate supertype — so `Unknown[] <: int[]` holds, as `Unknown <: int` does. Types that
//! do not reach it (every type of a correct program) are converted once and shared.

use crate::model::{ConstValue, IntSubtype, TableKey, Type, TypeArena, TypeEntry, TypeId};
use intc_types::{
    bits, DecimalKey, Env, FunctionDefinition, ListDefinition, MappingDefinition, MemberKind,
    ObjectMember, SemType,
};
use rustc_hash::{FxHashMap, FxHashSet};

/// Distinct identities marking object qualifiers: an `isolated`, `client` or `service`
/// object type admits only objects carrying the same qualifier, which is what a distinct
/// identity expresses. Sema numbers the identities of `distinct` types upwards from 1.
const ISOLATED_OBJECT: u32 = u32::MAX;
const CLIENT_OBJECT: u32 = u32::MAX - 1;
const SERVICE_OBJECT: u32 = u32::MAX - 2;
/// The identity of the iterable object of a range expression (`Type::IntRange`).
const INT_RANGE_OBJECT: u32 = u32::MAX - 3;

/// Which value `Type::Unknown` takes in a conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `Unknown` = `never`: for the left side of `<:`.
    Least = 0,
    /// `Unknown` = `any|error`: for the right side of `<:` and for overlap questions.
    Greatest = 1,
}

/// A converted type: its set of values and whether it depends on `Type::Unknown` (and so on
/// the [`Mode`] it was converted in).
#[derive(Clone)]
struct Converted {
    ty: SemType,
    unknown: bool,
}

/// The `Env` holding the arena's types plus the `SemType` of each converted id, per mode.
pub(crate) struct SemCache {
    pub(crate) env: Env,
    tables: [Vec<Option<Converted>>; 2],
    /// Whether some entry depends on `Unknown` (so a `set` must drop it).
    has_unknown_entries: bool,
    /// Answers of `is_subtype` per pair of ids.
    subtype_answers: FxHashMap<(TypeId, TypeId), bool>,
}

/// A definition reserved in pass 1, defined in pass 3.
enum Reserved {
    List(ListDefinition),
    Mapping(MappingDefinition),
    Object(MappingDefinition),
    Function(FunctionDefinition),
}

impl Default for SemCache {
    fn default() -> SemCache {
        SemCache {
            env: Env::new(),
            tables: [Vec::new(), Vec::new()],
            has_unknown_entries: false,
            subtype_answers: FxHashMap::default(),
        }
    }
}

impl SemCache {
    fn known(&self, mode: Mode, ty: TypeId) -> Option<&Converted> {
        self.tables[mode as usize]
            .get(ty.index())
            .and_then(Option::as_ref)
    }

    fn put(&mut self, mode: Mode, ty: TypeId, c: Converted) {
        let table = &mut self.tables[mode as usize];
        let i = ty.index();
        if table.len() <= i {
            table.resize(i + 1, None);
        }
        table[i] = Some(c);
    }

    /// Forgets what a change of the structure of `id` may invalidate. A type definition's
    /// placeholder is `Unknown` until it is resolved, so whatever reached it depends on
    /// `Unknown` and is dropped with the other such entries; only a change of a type
    /// converted without `Unknown` (not done by sema) drops everything.
    pub(crate) fn invalidate(&mut self, id: TypeId) {
        self.subtype_answers.clear();
        let shared = [Mode::Least, Mode::Greatest]
            .iter()
            .any(|&m| self.known(m, id).is_some_and(|c| !c.unknown));
        if shared {
            self.tables = [Vec::new(), Vec::new()];
            self.has_unknown_entries = false;
        } else if self.has_unknown_entries {
            for table in &mut self.tables {
                for entry in table.iter_mut() {
                    if entry.as_ref().is_some_and(|c| c.unknown) {
                        *entry = None;
                    }
                }
            }
            self.has_unknown_entries = false;
        }
    }

    pub(crate) fn cached_subtype(&self, a: TypeId, b: TypeId) -> Option<bool> {
        self.subtype_answers.get(&(a, b)).copied()
    }

    pub(crate) fn remember_subtype(&mut self, a: TypeId, b: TypeId, answer: bool) {
        self.subtype_answers.insert((a, b), answer);
    }

    /// The set of values of `ty` (ids outside the arena read as `Unknown`, as
    /// `TypeArena::get` does).
    pub(crate) fn semtype(&mut self, entries: &[TypeEntry], ty: TypeId, mode: Mode) -> SemType {
        if let Some(c) = self.known(mode, ty) {
            return c.ty.clone();
        }
        if let Some(t) = simple(entries, ty, mode) {
            return t;
        }
        let (order, unknown) = self.unconverted_reachable(entries, ty, mode);
        self.has_unknown_entries |= unknown;
        let mut batch = Batch {
            cache: self,
            entries,
            mode,
            unknown,
        };
        // Pass 1: reserve definitions.
        let mut reserved = Vec::new();
        for &t in &order {
            let def = match kind(entries, t) {
                Type::Array { .. } | Type::Tuple { .. } => {
                    let def = ListDefinition::new(&mut batch.cache.env);
                    batch.record(t, def.semtype());
                    Reserved::List(def)
                }
                Type::Map(_) | Type::Record(_) => {
                    let def = MappingDefinition::new(&mut batch.cache.env);
                    batch.record(t, def.semtype());
                    Reserved::Mapping(def)
                }
                Type::Object(o) => {
                    let def = MappingDefinition::new(&mut batch.cache.env);
                    let mut ids = o.distinct_ids.clone();
                    for (flag, id) in [
                        (o.is_isolated, ISOLATED_OBJECT),
                        (o.is_client, CLIENT_OBJECT),
                        (o.is_service, SERVICE_OBJECT),
                    ] {
                        if flag {
                            ids.push(id);
                        }
                    }
                    batch.record(t, def.object_semtype(&ids, o.is_readonly));
                    Reserved::Object(def)
                }
                Type::Function(f) => {
                    let def = FunctionDefinition::new(&mut batch.cache.env);
                    // A non-transactional function type is its arrow without the
                    // transactional functions, and an isolated one its arrow restricted to
                    // the isolated functions, from the start (as the runtime's): whatever
                    // refers to the definition in this batch (`IsoF[]`, a recursive function
                    // type) sees the restrictions too. Recording the bare arrow here made
                    // `IsoF[]` the same type as `PlainF[]` whenever both were converted in
                    // one batch, so a subtype answer hung on which type was converted first.
                    let env = &batch.cache.env;
                    let mut semtype = def.semtype();
                    if f.is_isolated {
                        semtype = semtype.intersect(&env.isolated_functions());
                    }
                    if !f.is_transactional {
                        semtype = semtype.diff(&env.transactional_functions());
                    }
                    batch.record(t, semtype);
                    Reserved::Function(def)
                }
                _ => continue,
            };
            reserved.push((t, def));
        }
        // Pass 2: everything else, from the reserved types.
        let mut open = FxHashSet::default();
        for &t in &order {
            batch.resolve(t, &mut open);
        }
        // Pass 3: define the reserved types; every member is known now.
        for (t, def) in reserved {
            batch.define(t, def);
        }
        self.known(mode, ty)
            .map(|c| c.ty.clone())
            .unwrap_or_else(SemType::never)
    }

    /// The ids reachable from `ty` not converted yet in `mode`, and whether the batch
    /// depends on `Unknown` (reaches it, or reaches a converted type that does).
    fn unconverted_reachable(
        &self,
        entries: &[TypeEntry],
        ty: TypeId,
        mode: Mode,
    ) -> (Vec<TypeId>, bool) {
        let mut order = Vec::new();
        let mut seen = FxHashSet::default();
        let mut stack = vec![ty];
        let mut unknown = false;
        while let Some(t) = stack.pop() {
            if let Some(c) = self.known(mode, t) {
                unknown |= c.unknown;
                continue;
            }
            if !seen.insert(t) {
                continue;
            }
            let k = kind(entries, t);
            unknown |= matches!(k, Type::Unknown);
            order.push(t);
            children(k, &mut stack);
        }
        (order, unknown)
    }
}

/// One conversion: the types of `order` in one mode.
struct Batch<'c, 'e> {
    cache: &'c mut SemCache,
    entries: &'e [TypeEntry],
    mode: Mode,
    /// Whether the batch depends on `Unknown`: then its types are recorded for `mode` only.
    unknown: bool,
}

impl Batch<'_, '_> {
    fn record(&mut self, ty: TypeId, t: SemType) {
        // An id outside the arena (reads as `Unknown`) may be added later: never cache it.
        if ty.index() >= self.entries.len() {
            return;
        }
        let c = Converted {
            ty: t,
            unknown: self.unknown,
        };
        if self.unknown {
            self.cache.put(self.mode, ty, c);
        } else {
            self.cache.put(Mode::Least, ty, c.clone());
            self.cache.put(Mode::Greatest, ty, c);
        }
    }

    /// The type of the key values of `table<row> key(names)`, read from the row's record
    /// descriptor (a one-field key: the field's type; more: their tuple), read-only as key
    /// values are; `None` when the row is not a record type.
    fn key_values(
        &mut self,
        row: TypeId,
        names: &[String],
        open: &mut FxHashSet<TypeId>,
    ) -> Option<SemType> {
        let mut record = row;
        let fields = loop {
            match kind(self.entries, record) {
                Type::ReadonlyOf(inner) => record = *inner,
                Type::Record(r) => break r.fields.clone(),
                _ => return None,
            }
        };
        let mut types = Vec::with_capacity(names.len());
        for name in names {
            let field = fields.iter().find(|f| &f.name == name)?;
            types.push(self.resolve(field.ty, open));
        }
        Some(self.cache.env.table_key_values(&types))
    }

    fn member(&self, ty: TypeId) -> SemType {
        match self.cache.known(self.mode, ty) {
            Some(c) => c.ty.clone(),
            None => simple(self.entries, ty, self.mode).unwrap_or_else(SemType::never),
        }
    }

    /// Pass 2 for one type: computes (and records) its `SemType` unless already known.
    /// `open` holds the types being computed, to cut cycles without a constructor.
    fn resolve(&mut self, ty: TypeId, open: &mut FxHashSet<TypeId>) -> SemType {
        if let Some(c) = self.cache.known(self.mode, ty) {
            return c.ty.clone();
        }
        if !open.insert(ty) {
            return SemType::never();
        }
        let t = match kind(self.entries, ty) {
            Type::Union(members) => members.iter().fold(SemType::never(), |acc, m| {
                acc.union(&self.resolve(*m, open))
            }),
            Type::ReadonlyOf(inner) => self.resolve(*inner, open).intersect(&SemType::readonly()),
            Type::XmlSequence(inner) => SemType::xml_sequence_of_type(&self.resolve(*inner, open)),
            Type::Typedesc(inner) => {
                let described = self.resolve(*inner, open);
                self.cache.env.typedesc(&described)
            }
            Type::Future(inner) => {
                let result = self.resolve(*inner, open);
                self.cache.env.future(&result)
            }
            // The key constraint is part of the table's type (intc-types `table.rs`); the
            // consistency of key fields with the row is checked in `table.rs` here.
            Type::Table { row: row_id, key } => {
                let row = self.resolve(*row_id, open);
                match key {
                    TableKey::Unconstrained => self.cache.env.table(&row),
                    TableKey::Fields(names) => {
                        let values = self.key_values(*row_id, names, open);
                        self.cache.env.table_with_key(
                            &row,
                            intc_types::TableKey::Fields(names, values.as_ref()),
                        )
                    }
                    TableKey::Type(k) => {
                        let k = self.resolve(*k, open);
                        self.cache
                            .env
                            .table_with_key(&row, intc_types::TableKey::Type(&k))
                    }
                }
            }
            Type::Stream { value, completion } => {
                let value = self.resolve(*value, open);
                let completion = self.resolve(*completion, open);
                self.cache.env.stream(&value, &completion)
            }
            Type::Error(e) => {
                let mut t = if e.detail == TypeArena::ERROR_DETAIL {
                    SemType::from_bits(bits::ERROR)
                } else {
                    let detail = self.resolve(e.detail, open);
                    self.cache.env.error_type(&detail)
                };
                for id in &e.distinct_ids {
                    t = t.intersect(&self.cache.env.error_distinct(*id));
                }
                t
            }
            Type::Singleton(v @ (ConstValue::List(_) | ConstValue::Map(_))) => {
                const_structure(&mut self.cache.env, v)
            }
            Type::Anydata => self.cache.env.anydata(),
            Type::Json => self.cache.env.json(),
            Type::IntRange => {
                let env = &mut self.cache.env;
                env.object_type(Vec::new(), &[INT_RANGE_OBJECT], false)
            }
            _ => simple(self.entries, ty, self.mode).unwrap_or_else(SemType::never),
        };
        open.remove(&ty);
        self.record(ty, t.clone());
        t
    }

    fn define(&mut self, ty: TypeId, def: Reserved) {
        let env_kind = kind(self.entries, ty);
        match (def, env_kind) {
            (Reserved::List(def), Type::Array { element, length }) => {
                let element = self.member(*element);
                let env = &mut self.cache.env;
                match length {
                    // `T[0]` holds the empty list even when `T` is empty.
                    Some(0) => def.define(env, Vec::new(), 0, SemType::never()),
                    Some(n) => def.define(env, vec![element], *n as usize, SemType::never()),
                    None => def.define(env, Vec::new(), 0, element),
                };
            }
            (Reserved::List(def), Type::Tuple { members, rest }) => {
                let members: Vec<SemType> = members.iter().map(|m| self.member(*m)).collect();
                let rest = rest.map_or_else(SemType::never, |r| self.member(r));
                let n = members.len();
                def.define(&mut self.cache.env, members, n, rest);
            }
            (Reserved::Mapping(def), Type::Map(member)) => {
                let member = self.member(*member);
                def.define(&mut self.cache.env, Vec::new(), member);
            }
            (Reserved::Mapping(def), Type::Record(r)) => {
                // The `readonly` field qualifier is not a set of values (see intc-types'
                // README); a field is the same type with or without it.
                let fields = r
                    .fields
                    .iter()
                    .map(|f| (f.name.clone(), self.member(f.ty), f.optional))
                    .collect();
                let rest = r.rest.map_or_else(SemType::never, |x| self.member(x));
                def.define(&mut self.cache.env, fields, rest);
            }
            (Reserved::Object(def), Type::Object(o)) => {
                // Private members take part too: the old structural rule compared every
                // field by name, and a class with a private field is then a subtype only of
                // types naming that field.
                let members = o
                    .fields
                    .iter()
                    .map(|f| ObjectMember::field(f.name.clone(), self.member(f.ty)))
                    .chain(o.methods.iter().map(|m| ObjectMember {
                        name: m.name.clone(),
                        kind: if m.is_remote {
                            MemberKind::RemoteMethod
                        } else {
                            MemberKind::Method
                        },
                        ty: self.member(m.ty),
                    }))
                    .collect();
                def.define_object(&mut self.cache.env, members);
            }
            (Reserved::Function(def), Type::Function(f)) => {
                // Defaults do not change a function's type (as the runtime's conversion):
                // the parameter list is the full tuple.
                let params: Vec<SemType> = f.params.iter().map(|p| self.member(*p)).collect();
                let rest = f.rest.map(|r| self.member(r));
                let ret = self.member(f.ret);
                let env = &mut self.cache.env;
                let params = env.tuple(&params, rest.as_ref());
                // The semtype recorded in pass 1 (with the isolated and transactional
                // restrictions) stands.
                def.define(env, params, ret);
            }
            // Pass 1 reserved by kind, so the pairs above are the only ones.
            (Reserved::List(def), _) => {
                def.define(&mut self.cache.env, Vec::new(), 0, SemType::never());
            }
            (Reserved::Mapping(def), _) => {
                def.define(&mut self.cache.env, Vec::new(), SemType::never());
            }
            (Reserved::Object(def), _) => def.define_object(&mut self.cache.env, Vec::new()),
            (Reserved::Function(def), _) => {
                def.define(&mut self.cache.env, SemType::never(), SemType::never());
            }
        }
    }
}

fn kind(entries: &[TypeEntry], ty: TypeId) -> &Type {
    static UNKNOWN: Type = Type::Unknown;
    match entries.get(ty.index()) {
        Some(e) => &e.ty,
        None => &UNKNOWN,
    }
}

/// The types without members and without an `Env`: answered without the cache.
fn simple(entries: &[TypeEntry], ty: TypeId, mode: Mode) -> Option<SemType> {
    Some(match kind(entries, ty) {
        Type::Never => SemType::never(),
        Type::Nil => SemType::nil(),
        Type::Boolean => SemType::boolean(),
        Type::Int => SemType::int(),
        Type::IntSubtype(sub) => int_subtype(*sub),
        Type::Float => SemType::float(),
        Type::Decimal => SemType::decimal(),
        Type::String => SemType::string(),
        Type::StringChar => SemType::string_char(),
        Type::Any => SemType::any(),
        Type::Readonly => SemType::readonly(),
        Type::Handle => SemType::from_bits(bits::HANDLE),
        Type::RegExp => SemType::from_bits(bits::REGEXP),
        Type::Xml => SemType::xml(),
        Type::XmlItem(kind) => SemType::xml_item(*kind),
        Type::AnyFunction => SemType::from_bits(bits::FUNCTION),
        Type::Singleton(v) => single(v)?,
        Type::Unknown => match mode {
            Mode::Least => SemType::never(),
            Mode::Greatest => SemType::val(),
        },
        _ => return None,
    })
}

/// The type ids a type refers to directly.
fn children(kind: &Type, out: &mut Vec<TypeId>) {
    match kind {
        Type::Typedesc(t)
        | Type::Future(t)
        | Type::ReadonlyOf(t)
        | Type::Map(t)
        | Type::XmlSequence(t) => out.push(*t),
        Type::Table { row, key } => {
            out.push(*row);
            if let crate::model::TableKey::Type(k) = key {
                out.push(*k);
            }
        }
        Type::Stream { value, completion } => out.extend([*value, *completion]),
        Type::Array { element, .. } => out.push(*element),
        Type::Union(members) => out.extend(members.iter().copied()),
        Type::Tuple { members, rest } => {
            out.extend(members.iter().copied());
            out.extend(*rest);
        }
        Type::Record(r) => {
            out.extend(r.fields.iter().map(|f| f.ty));
            out.extend(r.rest);
        }
        Type::Error(e) if e.detail != TypeArena::ERROR_DETAIL => out.push(e.detail),
        Type::Object(o) => {
            out.extend(o.fields.iter().map(|f| f.ty));
            out.extend(o.methods.iter().map(|m| m.ty));
        }
        Type::Function(f) => {
            out.extend(f.params.iter().copied());
            out.extend(f.rest);
            out.push(f.ret);
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
fn decimal_key(d: &intc_decimal::Decimal) -> Option<DecimalKey> {
    DecimalKey::parse(&d.to_string())
}

/// The singleton type of a simple value; `None` for a list or mapping constant.
fn single(v: &ConstValue) -> Option<SemType> {
    Some(match v {
        ConstValue::Nil => SemType::nil(),
        ConstValue::Boolean(b) => SemType::boolean_const(*b),
        ConstValue::Int(i) => SemType::int_const(*i),
        ConstValue::Float(f) => SemType::float_const(*f),
        // Every decimal prints as a numeral; should one not parse, the singleton widens to
        // `decimal` (a larger set, never a wrong rejection).
        ConstValue::Decimal(d) => match decimal_key(d) {
            Some(k) => SemType::decimal_const(k),
            None => SemType::decimal(),
        },
        ConstValue::String(s) => SemType::string_const(s),
        ConstValue::List(_) | ConstValue::Map(_) => return None,
    })
}

/// The type of exactly one constant value: a constant list or mapping is immutable.
fn const_structure(env: &mut Env, v: &ConstValue) -> SemType {
    match v {
        ConstValue::List(items) => {
            let members: Vec<SemType> = items.iter().map(|i| const_structure(env, i)).collect();
            env.tuple(&members, None).intersect(&SemType::readonly())
        }
        ConstValue::Map(fields) => {
            let fields = fields
                .iter()
                .map(|(k, v)| (k.clone(), const_structure(env, v), false))
                .collect();
            env.closed_record(fields).intersect(&SemType::readonly())
        }
        simple => single(simple).unwrap_or_else(SemType::never),
    }
}
