//! Type definitions that no value can belong to because of recursion:
//! `type T record {| T t; |};` needs a `T` inside every `T`, so no finite value exists
//! (jBallerina rejects these). A recursive type stays fine when some path ends: `T? next`,
//! `T[] children`, an optional field. Emptiness is intc-types' exact check (`Env::is_empty`,
//! co-inductive over the definition's cycles), so no nesting depth limits it.

use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast;
use std::collections::HashSet;

impl<'a> Checker<'a> {
    /// Reports each type definition that is uninhabited only because it contains itself.
    pub(crate) fn check_recursive_type_defs(&mut self) {
        for index in 0..self.p.type_defs.len() {
            let info = &self.p.type_defs[index];
            if !matches!(info.kind, TypeDefKind::Type) {
                continue;
            }
            let (slot, source, name) = (info.ty, info.source, info.name.clone());
            // The cheap walk first: emptiness needs the definition's semantic type, which
            // most definitions (they do not refer to themselves) never otherwise need here
            // (it was 5% of an editor re-check, over the library's types too).
            if self.p.types.is_unknown(slot)
                || !self.reaches_itself(slot)
                || !self.p.types.is_empty_type(slot)
            {
                // Not recursive, inhabited, or empty without recursion (`never`,
                // `int & string`, which are reported on their own).
                continue;
            }
            let span = match self.item_of(source) {
                Some(ast::Item::TypeDef(def)) => def.name.span,
                _ => continue,
            };
            let message = format!(
                "invalid recursive type '{name}': no value can belong to it, since each value would have to contain another '{name}'"
            );
            self.error(codes::EMPTY_TYPE, span, message);
        }
    }

    /// Whether the type refers to itself through its members (explicit stack: a chain of
    /// definitions may be arbitrarily long).
    fn reaches_itself(&self, ty: TypeId) -> bool {
        let mut seen = HashSet::new();
        let mut stack = members(self.p.types.get(ty));
        while let Some(t) = stack.pop() {
            if t == ty {
                return true;
            }
            if seen.insert(t) {
                stack.extend(members(self.p.types.get(t)));
            }
        }
        false
    }
}

/// The type ids a type descriptor refers to directly.
fn members(ty: &Type) -> Vec<TypeId> {
    match ty {
        Type::Typedesc(t) | Type::Future(t) | Type::ReadonlyOf(t) | Type::Map(t) => vec![*t],
        // An empty table is a value of every table type.
        Type::Table { .. } => Vec::new(),
        // A stream type always has values (the empty stream), whatever its parameters.
        Type::Stream { .. } => vec![],
        Type::Array { element, .. } => vec![*element],
        Type::Union(members) => members.clone(),
        Type::Tuple { members, rest } => members.iter().copied().chain(*rest).collect(),
        Type::Record(r) => r.fields.iter().map(|f| f.ty).chain(r.rest).collect(),
        Type::Error(e) => vec![e.detail],
        Type::Object(o) => o
            .fields
            .iter()
            .map(|f| f.ty)
            .chain(o.methods.iter().map(|m| m.ty))
            .collect(),
        Type::Function(f) => f
            .params
            .iter()
            .copied()
            .chain(f.rest)
            .chain([f.ret])
            .collect(),
        _ => Vec::new(),
    }
}
