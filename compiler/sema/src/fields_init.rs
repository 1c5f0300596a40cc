//! Object fields must be initialized (spec "Fields", "Initialization"): a field without an
//! initializer must be assigned by `init` before it is read and before `init` returns normally
//! (falling off the end or `return;`). A class without `init` needs an initializer for every
//! field.
//!
//! Inside `init`, each such field is tracked as a hidden local named `self.<field>` (a name no
//! program can spell), so the definite-assignment flow analysis of locals applies unchanged:
//! branches, loops, `match`, early returns.

use crate::checker::Checker;
use crate::model::*;
use crate::scope::LocalVar;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

const SLOT_PREFIX: &str = "self.";

impl<'a> Checker<'a> {
    /// Classes without `init`: every field needs an initializer.
    pub(crate) fn check_fields_without_init(&mut self) {
        for index in 0..self.p.classes.len() {
            let ClassSource::Item(source) = self.p.classes[index].source else {
                continue;
            };
            let Some(ast::Item::Class(def)) = self.item_of(source) else {
                continue;
            };
            let has_init = def
                .members
                .iter()
                .any(|m| matches!(m, ast::ClassMember::Method(f) if f.name.name == "init"));
            if has_init {
                continue;
            }
            let needed: Vec<String> = self.p.classes[index]
                .fields
                .iter()
                .filter(|f| f.default.is_none())
                .map(|f| f.name.clone())
                .collect();
            for name in needed {
                let span = def
                    .members
                    .iter()
                    .find_map(|m| match m {
                        ast::ClassMember::Field(f) if f.name.name == name => Some(f.name.span),
                        _ => None,
                    })
                    .unwrap_or(def.name.span);
                let message = format!("uninitialized field '{name}'");
                self.error(codes::UNINITIALIZED_FIELD, span, message);
            }
        }
    }

    /// At the start of a class's `init`: one unassigned slot per field without initializer.
    pub(crate) fn declare_field_slots(&mut self, class: ClassId, key: NodeKey) {
        let fields: Vec<String> = self.p.classes[class.index()]
            .fields
            .iter()
            .filter(|f| f.default.is_none())
            .map(|f| f.name.clone())
            .collect();
        for name in fields {
            self.fx.declare(
                LocalVar {
                    name: format!("{SLOT_PREFIX}{name}"),
                    key,
                    declared: TypeArena::UNKNOWN,
                    is_final: false,
                    is_param: false,
                    reported_unassigned: false,
                    ever_assigned: false,
                },
                false,
            );
        }
    }

    /// `self.f = ...` in `init` initializes `f`.
    pub(crate) fn note_field_assigned(&mut self, target: &ast::Expr) {
        if let Some(slot) = self.field_slot(target) {
            self.fx.mark_assigned(slot);
        }
    }

    /// A read of `self.f` in `init` before `f` is definitely assigned.
    pub(crate) fn check_field_read(&mut self, expr: &ast::Expr) {
        let Some(slot) = self.field_slot(expr) else {
            return;
        };
        if self.fx.flow.unassigned.contains(&slot)
            && !self.fx.flow.unreachable
            && !self.fx.locals[slot].reported_unassigned
        {
            self.fx.locals[slot].reported_unassigned = true;
            let name = self.fx.locals[slot].name[SLOT_PREFIX.len()..].to_owned();
            let message = format!("field '{name}' may not have been initialized");
            self.error(codes::UNINITIALIZED_FIELD, expr.span, message);
        }
    }

    /// A normal return from `init` at `span`: every field must be initialized by now.
    pub(crate) fn check_init_exit(&mut self, span: Span) {
        if !self.fx.in_class_init || self.fx.flow.unreachable {
            return;
        }
        let missing = self.uninitialized_fields();
        if !missing.is_empty() {
            let message = format!("field(s) '{}' not initialized", missing.join("', '"));
            self.error(codes::UNINITIALIZED_FIELD, span, message);
        }
    }

    /// `self.m()` in `init` while a field may still be uninitialized: the method could read it.
    pub(crate) fn check_self_call_in_init(&mut self, receiver: &ast::Expr, method: &ast::Ident) {
        if !self.fx.in_class_init || self.fx.flow.unreachable {
            return;
        }
        let is_self = matches!(
            &receiver.kind,
            ast::ExprKind::Var { module: None, name } if name.name == "self"
        );
        if !is_self {
            return;
        }
        let missing = self.uninitialized_fields();
        if !missing.is_empty() {
            let message = format!(
                "cannot call method '{}' on 'self' before field(s) '{}' are initialized",
                method.name,
                missing.join("', '")
            );
            self.error(codes::UNINITIALIZED_FIELD, method.span, message);
        }
    }

    /// The fields of the class whose `init` is being checked that may be unassigned here.
    fn uninitialized_fields(&self) -> Vec<String> {
        self.fx
            .flow
            .unassigned
            .iter()
            .filter_map(|&l| self.fx.locals.get(l))
            .filter_map(|l| l.name.strip_prefix(SLOT_PREFIX))
            .map(str::to_owned)
            .collect()
    }

    /// The slot of `self.f` while checking `init`, when `f` has one.
    fn field_slot(&self, expr: &ast::Expr) -> Option<usize> {
        if !self.fx.in_class_init {
            return None;
        }
        let ast::ExprKind::Field {
            base,
            field,
            optional: false,
        } = &expr.kind
        else {
            return None;
        };
        match &base.kind {
            ast::ExprKind::Var { module: None, name } if name.name == "self" => {
                self.fx.lookup(&format!("{SLOT_PREFIX}{}", field.name))
            }
            _ => None,
        }
    }
}
