//! Filler values (spec "FillMember"): the value stored for a member no one gave, when a list
//! grows past its end (`xs[5] = v`, `setLength`), a list constructor omits a fixed member, or a
//! nested assignment reads an absent member (`m["k"][2] = v`).
//!
//! Which types have a filler, and what it is, is intc-types' answer (`Env::filler`); this
//! module only builds the value it describes, giving each new list or mapping the IR type it
//! is a member of as its inherent type, and filling record fields from the record type's
//! default values (`Filler::Mapping::needs_defaults`). Objects (`new T()`) are not filled.

use super::semantic::SemTypes;
use super::TypeTable;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_decimal::Decimal;
use intc_ir::{Singleton, TypeId, TypeKind};
use intc_types::{Filler, SingleValue};
use std::rc::Rc;

impl TypeTable {
    /// The filler value of `ty`, or `None` if the type has none.
    pub fn filler(&self, ty: TypeId) -> Option<Value> {
        self.build(ty, &self.filler_plan(ty)?)
    }

    /// Pushes the fillers of members `from..to` of a list of type `list_ty` onto `items`;
    /// false (with `items` as far as it got) when a member has no filler. One plan serves
    /// every member of the same type, so growing a list by many members asks once.
    pub fn push_fillers(
        &self,
        list_ty: TypeId,
        items: &mut Vec<Value>,
        from: usize,
        to: usize,
    ) -> bool {
        let mut plan: Option<(TypeId, Plan)> = None;
        for position in from..to {
            let Some(member_ty) = self.list_member_type(list_ty, position) else {
                return false;
            };
            if plan.as_ref().is_none_or(|(t, _)| *t != member_ty) {
                match self.filler_plan(member_ty) {
                    Some(p) => plan = Some((member_ty, p)),
                    None => return false,
                }
            }
            let Some(value) = plan.as_ref().and_then(|(t, p)| self.build(*t, p)) else {
                return false;
            };
            items.push(value);
        }
        true
    }

    /// How to build the filler of `ty`: the common member types need no type question.
    fn filler_plan(&self, ty: TypeId) -> Option<Plan> {
        let (plain, _) = self.strip_readonly(ty);
        let value = match self.get(plain) {
            TypeKind::Nil | TypeKind::Any | TypeKind::Anydata | TypeKind::Json => Value::Nil,
            TypeKind::Boolean => Value::Boolean(false),
            TypeKind::Int | TypeKind::IntSubtype(_) => Value::Int(0),
            TypeKind::Float => Value::Float(0.0),
            TypeKind::Decimal => Value::decimal(Decimal::ZERO),
            TypeKind::String => Value::string(""),
            // The value as written (`1.50d`, not the shape's canonical `1.5d`).
            TypeKind::Singleton(single) => singleton_value(single),
            _ => return self.filler_description(ty).map(Plan::Described),
        };
        Some(Plan::Simple(value))
    }

    fn build(&self, ty: TypeId, plan: &Plan) -> Option<Value> {
        match plan {
            // Simple values are immutable: one serves every member.
            Plan::Simple(value) => Some(value.clone()),
            Plan::Described(description) => self.build_filler(ty, description),
        }
    }

    /// `Env::filler` of `ty`, memoised per type (shared: a list grown by many members builds
    /// each from the one description).
    fn filler_description(&self, ty: TypeId) -> Option<Rc<Filler>> {
        if let Some(known) = self.filler_cache.borrow().get(&ty) {
            return known.clone();
        }
        let description = {
            let mut semtypes = self.semtypes.borrow_mut();
            let semtypes = semtypes.get_or_insert_with(SemTypes::new);
            let semtype = semtypes.semtype(&self.defs, ty);
            // An uninhabited type has no value, so no filler (and its filler would recurse
            // without end: `type L [L];`).
            if semtypes.env.is_empty(&semtype) {
                None
            } else {
                semtypes.env.filler(&semtype).map(Rc::new)
            }
        };
        self.filler_cache
            .borrow_mut()
            .insert(ty, description.clone());
        description
    }

    /// The value `description` describes, as a member of type `ty`.
    fn build_filler(&self, ty: TypeId, description: &Filler) -> Option<Value> {
        match description {
            Filler::Value(v) => single_value(v),
            Filler::List {
                members,
                length,
                readonly,
            } => {
                let list_ty = self.carrier(ty, |k| {
                    matches!(k, TypeKind::Array { .. } | TypeKind::Tuple { .. })
                })?;
                let mut items = Vec::new();
                // A length too large for memory has no filler (and never aborts the process).
                items.try_reserve_exact(*length).ok()?;
                for i in 0..*length {
                    let member = members.get(i).or(members.last())?;
                    let member_ty = self.list_member_type(list_ty, i)?;
                    items.push(self.build_filler(member_ty, member)?);
                }
                let list = ListObj::new(list_ty, items);
                if *readonly {
                    list.freeze();
                }
                Some(Value::List(list))
            }
            Filler::Mapping {
                needs_defaults,
                readonly,
            } => {
                let map_ty = self.carrier(ty, |k| {
                    matches!(k, TypeKind::Map(_) | TypeKind::Record { .. })
                })?;
                let mut entries = ValueMap::default();
                // In the record's declared field order (intc-types knows fields by name).
                let declared = match self.get(self.strip_readonly(map_ty).0) {
                    TypeKind::Record { fields, .. } => fields.as_slice(),
                    _ => &[],
                };
                let ordered = declared
                    .iter()
                    .map(|f| &f.name)
                    .filter(|n| needs_defaults.contains(n));
                for field in ordered {
                    // A required field without a (precomputed) default: no filler.
                    let default = self.record_default(map_ty, field)?;
                    entries.insert(MapKey::new(field), crate::format::clone_value(default));
                }
                if entries.len() != needs_defaults.len() {
                    return None;
                }
                let map = MapObj::new(map_ty, entries);
                if *readonly {
                    map.freeze();
                }
                Some(Value::Map(map))
            }
            Filler::EmptyXml => Some(Value::xml(crate::value::xml::XmlObj::empty())),
            Filler::EmptyRegExp => Some(Value::RegExp(std::rc::Rc::new(
                crate::value::regexp::RegExpObj::new(String::new()),
            ))),
            // The runtime has no table or stream values.
            Filler::Table { .. } | Filler::EmptyStream => None,
        }
    }

    /// The list or mapping type among `ty`'s constituents that a filler of `ty` has as its
    /// inherent type: `ty` itself, through `T & readonly` and unions (a union whose filler is
    /// a list has one list type, bar uninhabited ones).
    fn carrier(&self, ty: TypeId, wanted: impl Fn(&TypeKind) -> bool) -> Option<TypeId> {
        if wanted(self.get(self.strip_readonly(ty).0)) {
            return Some(ty);
        }
        let mut stack = vec![ty];
        let mut steps = 0;
        while let Some(t) = stack.pop() {
            steps += 1;
            if steps > 256 {
                break;
            }
            let (plain, _) = self.strip_readonly(t);
            match self.get(plain) {
                kind if wanted(kind) => return Some(t),
                TypeKind::Union(members) => stack.extend(members.iter().rev().copied()),
                _ => {}
            }
        }
        None
    }

    /// "array" or "tuple", as jBallerina names a list by its inherent type in messages.
    pub fn list_kind_word(&self, list_ty: TypeId) -> &'static str {
        match self.get(self.strip_readonly(list_ty).0) {
            TypeKind::Tuple { .. } => "tuple",
            _ => "array",
        }
    }
}

fn singleton_value(single: &Singleton) -> Value {
    match single {
        Singleton::Boolean(b) => Value::Boolean(*b),
        Singleton::Int(i) => Value::Int(*i),
        Singleton::Float(f) => Value::Float(*f),
        Singleton::Decimal(d) => Value::decimal(*d),
        Singleton::String(s) => Value::string(s.as_str()),
    }
}

fn single_value(v: &SingleValue) -> Option<Value> {
    Some(match v {
        SingleValue::Nil => Value::Nil,
        SingleValue::Boolean(b) => Value::Boolean(*b),
        SingleValue::Int(i) => Value::Int(*i),
        SingleValue::Float(f) => Value::Float(*f),
        SingleValue::Decimal(d) => Value::decimal(Decimal::parse(d.as_str()).ok()?),
        SingleValue::String(s) => Value::string(s.as_str()),
    })
}

/// A filler to build: a simple value, or intc-types' description of a structure.
enum Plan {
    Simple(Value),
    Described(Rc<Filler>),
}
