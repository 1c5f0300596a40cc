//! Checks of object and class members: remote methods (spec "Remote methods", "Client
//! remote method call action": a remote method of a client object is called only as
//! `obj->m(args)`, `->` calls only remote methods, and remote methods are a symbol space of
//! their own, also for the methods a class must implement for an included type), fields
//! overriding included fields, and type definitions naming a class.

use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// Reports a call whose form (`.` or `->`) does not fit the method it names, or `->` on
    /// a value that is not a client object; true when it did. `object` is the receiver's
    /// object type, when it has one.
    pub(crate) fn check_call_form(
        &mut self,
        recv: TypeId,
        object: Option<&ObjectType>,
        method: &ast::Ident,
        remote: bool,
    ) -> bool {
        let name = &method.name;
        let has = |want_remote: bool| {
            object.is_some_and(|o| {
                o.methods
                    .iter()
                    .any(|m| m.name == *name && m.is_remote == want_remote)
            })
        };
        let message = if remote {
            if !object.is_some_and(|o| o.is_client) {
                format!(
                    "invalid remote method call: expected a client object, but found '{}'",
                    self.p.types.display(recv)
                )
            } else if !has(true) && has(false) {
                format!(
                    "invalid method call '->{name}()': '->' can only be used with remote methods"
                )
            } else {
                return false;
            }
        } else if !has(false) && has(true) {
            format!(
                "invalid remote method call '.{name}()': use '->{name}()' for remote method calls"
            )
        } else {
            return false;
        };
        self.error(codes::INVALID_REMOTE_CALL, method.span, message);
        true
    }
}

impl<'a> Checker<'a> {
    /// A remote method is declared only in a network interaction (client or service) object.
    pub(crate) fn check_remote_allowed(
        &mut self,
        qualifiers: &ast::Qualifiers,
        remote: bool,
        span: intc_span::Span,
    ) {
        if remote && !qualifiers.client && !qualifiers.service {
            let message = "remote qualifier only allowed in client and service objects";
            self.error(codes::REMOTE_NOT_ALLOWED, span, message);
        }
    }
}

impl<'a> Checker<'a> {
    /// A class field that overrides a field of an included object type (`*T;`) must have a
    /// subtype of the included field's type (spec "Object type inclusion").
    pub(crate) fn check_field_override(&mut self, name: &ast::Ident, included: TypeId, ty: TypeId) {
        if self.p.types.is_unknown(ty) || self.p.types.is_subtype(ty, included) {
            return;
        }
        let message = format!(
            "included field '{}' of type '{}' cannot be overridden by a field of type '{}': expected a subtype of '{}'",
            name.name,
            self.p.types.display(included),
            self.p.types.display(ty),
            self.p.types.display(included)
        );
        self.error(codes::TYPE_MISMATCH, name.span, message);
    }
}

impl<'a> Checker<'a> {
    /// `type Alias Class;` is resolved before classes are filled, so it copied the class's
    /// still unknown type: copy the class type again now (also through chains of aliases).
    pub(crate) fn fill_class_aliases(&mut self) {
        loop {
            let mut changed = false;
            for index in 0..self.type_def_ast.len() {
                let slot = self.p.type_defs[index].ty;
                if !matches!(self.p.types.get(slot), Type::Unknown) {
                    continue;
                }
                let (place, desc) = self.type_def_ast[index];
                let ast::TypeDescKind::Named { module, name } = &desc.kind else {
                    continue;
                };
                let target_module = match module {
                    None => Some(place.module),
                    Some(prefix) => match self.import_target(place.file, &prefix.name) {
                        Some(crate::checker::ImportTarget::Module(m)) => Some(m),
                        _ => None,
                    },
                };
                let target = target_module
                    .and_then(|m| self.module_symbol(m, &name.name))
                    .and_then(|entry| match entry.symbol {
                        crate::checker::Symbol::Class(c) => Some(self.p.classes[c.index()].ty),
                        crate::checker::Symbol::TypeDef(t) => Some(self.p.type_defs[t.index()].ty),
                        _ => None,
                    });
                let Some(target) = target else {
                    continue;
                };
                let structure = self.p.types.get(target).clone();
                if target != slot && !matches!(structure, Type::Unknown) {
                    self.p.types.set(slot, structure);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
}

impl<'a> Checker<'a> {
    /// A class that includes an object type implements each of its remote methods with a
    /// remote method and each of its other methods with a method that is not remote (remote
    /// methods are a symbol space of their own).
    pub(crate) fn check_included_remote(
        &mut self,
        class: ClassId,
        defined: &[ObjectMethod],
        required: &[(String, bool, intc_span::Span)],
    ) {
        let class_name = self.p.classes[class.index()].name.clone();
        for (name, remote, span) in required {
            let mismatched = defined
                .iter()
                .any(|m| &m.name == name && m.is_remote != *remote)
                && !defined
                    .iter()
                    .any(|m| &m.name == name && m.is_remote == *remote);
            if mismatched {
                let kind = if *remote { "remote method" } else { "method" };
                let message = format!(
                    "no implementation found for the {kind} '{name}' of class '{class_name}'"
                );
                self.error(codes::UNIMPLEMENTED_METHOD, *span, message);
            }
        }
    }
}
