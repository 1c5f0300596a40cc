//! Type definitions that no value can belong to because of recursion:
//! `type T record {| T t; |};` needs a `T` inside every `T`, so no finite value exists
//! (jBallerina rejects these). A recursive type stays fine when some path ends: `T? next`,
//! `T[] children`, an optional field.

use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast;

/// Nesting bound for the walk (structure deeper than this counts as inhabited).
const MAX_DEPTH: u32 = 64;

impl<'a> Checker<'a> {
    /// Reports each type definition that is uninhabited only because it contains itself.
    pub(crate) fn check_recursive_type_defs(&mut self) {
        for index in 0..self.p.type_defs.len() {
            let info = &self.p.type_defs[index];
            if !matches!(info.kind, TypeDefKind::Type) {
                continue;
            }
            let (slot, source, name) = (info.ty, info.source, info.name.clone());
            let mut walk = Walk {
                visiting: Vec::new(),
                hit_cycle: false,
            };
            if self.p.types.is_unknown(slot) || self.inhabited(slot, &mut walk, 0) {
                continue;
            }
            if !walk.hit_cycle {
                // Empty without recursion (`never`, `int & string` reported on its own).
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

    /// Whether some finite value belongs to `ty`; types on the current path count as empty.
    fn inhabited(&self, ty: TypeId, walk: &mut Walk, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        if walk.visiting.contains(&ty) {
            walk.hit_cycle = true;
            return false;
        }
        walk.visiting.push(ty);
        let result = match self.p.types.get(ty) {
            Type::Never => false,
            Type::Union(members) => members.iter().any(|&m| self.inhabited(m, walk, depth + 1)),
            Type::ReadonlyOf(inner) => self.inhabited(*inner, walk, depth + 1),
            Type::Record(r) => r
                .fields
                .iter()
                .filter(|f| !f.optional)
                .all(|f| self.inhabited(f.ty, walk, depth + 1)),
            Type::Tuple { members, .. } => {
                members.iter().all(|&m| self.inhabited(m, walk, depth + 1))
            }
            Type::Array {
                element,
                length: Some(n),
            } if *n > 0 => self.inhabited(*element, walk, depth + 1),
            _ => true,
        };
        walk.visiting.pop();
        result
    }
}

struct Walk {
    visiting: Vec<TypeId>,
    hit_cycle: bool,
}
