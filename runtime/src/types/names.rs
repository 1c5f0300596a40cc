//! Type names for run-time messages (`incompatible types: 'boolean' cannot be cast to
//! '(int|string)'`, `typedesc map<int>`), spelled as jBallerina's runtime spells them.
//!
//! The printer is intc-types' `Env::display`. A set of values does not remember how it was
//! written, so the names it cannot derive are registered in the `Env` from the IR's type table
//! ([`SemTypes::register_names`]):
//! - named unions (and enums), records, objects and errors with a detail or identity of their
//!   own print by name wherever they occur, as in jBallerina (whose aliases of simple types,
//!   arrays, tuples, maps and functions print by structure: `type Pts Point[]` is `Point[]`);
//! - an anonymous tuple prints as a tuple (`[int,int]`, which as a set is `int[2]`);
//! - an anonymous union prints its members in written order (`(string|int)`, parenthesised
//!   like jBallerina's runtime unions; `int?`, `(string|int)?` with `()`).
//!
//! Where two written forms denote one set (`int|string` and `string|int`, or a named union
//! and the same union written out), the first registered — a named one before anonymous
//! ones — is printed for both when nested; at the top level a type prints as its own IR entry
//! says (its declared name, or its written form).

use super::semantic::SemTypes;
use super::TypeTable;
use crate::value::Value;
use intc_ir::{TypeDef, TypeId, TypeKind};

/// How deep written forms nest before the rest prints through `Env::display` (bounds the
/// recursion; type definitions only recur through named types, which print by name).
const MAX_SPELL_DEPTH: u32 = 32;

impl TypeTable {
    /// The name of a type as jBallerina prints it in a message.
    pub fn type_name(&self, ty: TypeId) -> String {
        if let Some(name) = self.def(ty).and_then(|d| d.name.as_ref()) {
            return name.clone();
        }
        let mut semtypes = self.semtypes.borrow_mut();
        let semtypes = semtypes.get_or_insert_with(SemTypes::new);
        semtypes.register_names(&self.defs);
        semtypes.spell(&self.defs, ty, 0)
    }

    /// The name of a value's type: its inherent type for structures, errors, objects and
    /// functions, its basic type otherwise.
    pub fn value_type_name(&self, value: &Value) -> String {
        match value {
            Value::List(list) => self.type_name(list.ty),
            Value::Map(map) => self.type_name(map.ty),
            Value::Table(table) => self.type_name(table.ty),
            Value::Error(error) => self.type_name(error.ty),
            Value::Object(object) => match self.class_type(object.class) {
                Some(ty) => self.type_name(ty),
                None => "object".to_string(),
            },
            Value::Function(closure) => match self.function_signature(closure.func) {
                Some(ty) => self.type_name(ty),
                None => "function".to_string(),
            },
            Value::Typedesc(ty) => format!("typedesc<{}>", self.type_name(*ty)),
            // A single item is named by its kind, as jBallerina's runtime names it.
            Value::Xml(x) if x.len() == 1 => {
                use intc_types::xml::kinds;
                match x.item_kinds() {
                    kinds::ELEMENT => "lang.xml:Element",
                    kinds::COMMENT => "lang.xml:Comment",
                    kinds::PI => "lang.xml:ProcessingInstruction",
                    _ => "lang.xml:Text",
                }
                .to_string()
            }
            other => other.basic_type_name().to_string(),
        }
    }
}

impl SemTypes {
    /// Registers the names of the types added since the last call (every type is converted
    /// first, so the registrations do not depend on which types were converted before).
    pub(crate) fn register_names(&mut self, defs: &[TypeDef]) {
        let start = self.named_upto;
        if start >= defs.len() {
            return;
        }
        self.convert_all(defs);
        // Declared names first: they win over written forms of the same set.
        for i in start..defs.len() {
            let ty = TypeId(i as u32);
            if let Some(name) = registered_name(defs, ty) {
                self.register(defs, ty, name.to_string());
            }
        }
        // Written forms: tuples before unions, whose members they may be.
        for pass in [Pass::Tuples, Pass::Unions] {
            for i in start..defs.len() {
                let ty = TypeId(i as u32);
                let Some(def) = defs.get(i) else { continue };
                let wanted = match (&def.kind, pass) {
                    (TypeKind::Tuple { .. }, Pass::Tuples) => true,
                    (TypeKind::Union(_), Pass::Unions) => !is_finite(defs, ty),
                    _ => false,
                };
                if def.name.is_none() && wanted {
                    let name = self.spell(defs, ty, 0);
                    self.register(defs, ty, name);
                }
            }
        }
        self.named_upto = defs.len();
    }

    fn register(&mut self, defs: &[TypeDef], ty: TypeId, name: String) {
        let t = self.semtype(defs, ty);
        if self.env.registered_name(&t).is_none() {
            self.env.register_name(&t, name);
        }
    }

    /// The written form of `ty`: its name if jBallerina prints it by name, a tuple or union
    /// as written, anything else as `Env::display` prints it.
    pub(crate) fn spell(&mut self, defs: &[TypeDef], ty: TypeId, depth: u32) -> String {
        let deeper = depth < MAX_SPELL_DEPTH;
        if let Some(name) = registered_name(defs, ty) {
            return name.to_string();
        }
        let def = defs.get(ty.index());
        let kind = def.map(|d| &d.kind);
        match kind {
            // `byte` and `int:Unsigned8` are one set; the IR knows which was written.
            Some(TypeKind::IntSubtype(_)) => match def.and_then(|d| d.name.as_ref()) {
                Some(name) => name.clone(),
                None => {
                    let t = self.semtype(defs, ty);
                    self.env.display(&t)
                }
            },
            Some(TypeKind::Tuple { members, rest }) if deeper => {
                let mut parts: Vec<String> = members
                    .iter()
                    .map(|m| self.spell(defs, *m, depth + 1))
                    .collect();
                if let Some(rest) = rest {
                    let rest = self.spell(defs, *rest, depth + 1);
                    parts.push(format!("{rest}..."));
                }
                format!("[{}]", parts.join(","))
            }
            Some(TypeKind::Union(_)) if deeper && !is_finite(defs, ty) => {
                self.spell_union(defs, ty, depth)
            }
            _ => {
                let t = self.semtype(defs, ty);
                self.env.display(&t)
            }
        }
    }

    /// A union as jBallerina's runtime prints it: members in written order with nested
    /// anonymous unions flattened, `()` as a `?` suffix, more than one other member in
    /// parentheses (`int?`, `(string|int)`, `(string|int)?`).
    fn spell_union(&mut self, defs: &[TypeDef], ty: TypeId, depth: u32) -> String {
        let mut members = Vec::new();
        flatten_union(defs, ty, 0, &mut members);
        let mut names: Vec<String> = Vec::new();
        let mut nil = false;
        for m in members {
            if matches!(defs.get(m.index()).map(|d| &d.kind), Some(TypeKind::Nil)) {
                nil = true;
                continue;
            }
            let name = self.spell(defs, m, depth + 1);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let joined = names.join("|");
        let text = if names.len() > 1 {
            format!("({joined})")
        } else {
            joined
        };
        if nil {
            format!("{text}?")
        } else {
            text
        }
    }
}

#[derive(Clone, Copy)]
enum Pass {
    Tuples,
    Unions,
}

/// The declared name of a type whose name jBallerina prints wherever it occurs: unions (and
/// enums), records, objects, and errors with a detail or identity of their own (a plain
/// `type E error;` would otherwise name every error).
fn registered_name(defs: &[TypeDef], ty: TypeId) -> Option<&str> {
    let def = defs.get(ty.index())?;
    let name = def.name.as_deref()?;
    let named = match &def.kind {
        TypeKind::Union(_) | TypeKind::Record { .. } | TypeKind::Object { .. } => true,
        TypeKind::Error {
            detail,
            distinct_ids,
        } => detail.is_some() || !distinct_ids.is_empty(),
        _ => false,
    };
    named.then_some(name)
}

/// A union of singletons (and `()`) only: a finite type, which intc-types prints (`1|2`).
fn is_finite(defs: &[TypeDef], ty: TypeId) -> bool {
    let mut members = Vec::new();
    flatten_union(defs, ty, 0, &mut members);
    members.iter().all(|m| {
        matches!(
            defs.get(m.index()).map(|d| &d.kind),
            Some(TypeKind::Singleton(_) | TypeKind::Nil)
        )
    })
}

/// The members of a union with nested anonymous unions flattened.
fn flatten_union(defs: &[TypeDef], ty: TypeId, depth: u32, out: &mut Vec<TypeId>) {
    let Some(def) = defs.get(ty.index()) else {
        out.push(ty);
        return;
    };
    match &def.kind {
        TypeKind::Union(members)
            if depth < MAX_SPELL_DEPTH && (depth == 0 || def.name.is_none()) =>
        {
            for m in members {
                flatten_union(defs, *m, depth + 1, out);
            }
        }
        _ => out.push(ty),
    }
}
