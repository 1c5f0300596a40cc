//! Assignments: simple and compound assignment targets (locals, globals, members, fields)
//! with the `final`/constant/parameter rules, and destructuring assignment.

use crate::checker::{Checker, Symbol};
use crate::model::*;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    pub(crate) fn check_assign(&mut self, target: &'a ast::Expr, value: &'a ast::Expr) {
        // `_ = e;` discards a value (even an error).
        if let ast::ExprKind::Var { module: None, name } = &target.kind {
            if name.name == "_" {
                self.check_expr(value, None);
                return;
            }
        }
        let target_ty = self.check_lvalue(target);
        // Spec "Assignment statement": nil stored into a potentially undefined member whose
        // type excludes nil removes the member (`r.optionalField = ();`).
        let removable = !self.p.types.is_unknown(target_ty)
            && !self.p.types.contains_nil(target_ty)
            && self.lvalue_potentially_undefined(target);
        if removable {
            let found = self.check_assignable_or_nil(value, target_ty);
            if self.p.types.contains_nil(found) {
                let key = self.key(target.id);
                self.p.nil_removes.insert(key);
            }
        } else {
            let reported = self.diags.len();
            self.check_assignable(value, target_ty);
            self.label_declaration(target, reported);
        }
        self.note_field_assigned(target);
        self.note_global_assigned(target);
        if let ast::ExprKind::Var { module: None, name } = &target.kind {
            if let Some(local) = self.fx.lookup(&name.name) {
                self.fx.mark_assigned(local);
            }
        }
    }

    /// Gives the type mismatches reported since `reported` for an assignment to a variable a
    /// secondary label at the variable's declaration, where the expected type was written.
    fn label_declaration(&mut self, target: &ast::Expr, reported: usize) {
        let ast::ExprKind::Var { name, .. } = &target.kind else {
            return;
        };
        let declaration = match self.p.resolutions.get(&self.key(target.id)) {
            Some(Resolution::Local(decl)) => {
                let decl = *decl;
                self.p
                    .ide
                    .local_defs
                    .iter()
                    .rev()
                    .find(|(k, _)| *k == decl)
                    .map(|(_, span)| *span)
            }
            Some(Resolution::Global(g)) => {
                let symbol = crate::model_ide::ItemSymbol::Global(*g);
                self.p
                    .ide
                    .item_defs
                    .iter()
                    .find(|(s, _)| *s == symbol)
                    .map(|(_, span)| *span)
            }
            _ => None,
        };
        let Some(declaration) = declaration else {
            return;
        };
        let ty = self
            .p
            .types
            .display(self.p.expr_type(self.place.file, target.id));
        for d in self.diags.iter_mut().skip(reported) {
            if d.code == codes::TYPE_MISMATCH && d.labels.is_empty() {
                d.labels.push(intc_diagnostics::Label {
                    span: declaration,
                    message: format!("'{}' is declared as '{ty}' here", name.name),
                });
            }
        }
    }

    /// Checks `value` against `ty` or nil (nil meaning absence); a mismatch is reported
    /// against `ty` alone, as for any other assignment.
    pub(crate) fn check_assignable_or_nil(&mut self, value: &'a ast::Expr, ty: TypeId) -> TypeId {
        let expected = self.p.types.union_of(&[ty, TypeArena::NIL]);
        let found = self.check_expr(value, Some(expected));
        if !self.p.types.is_subtype(found, expected) {
            self.expect_assignable(found, ty, value.span);
        }
        found
    }

    /// Whether an (already checked) assignment target is a member of a mapping that may be
    /// absent: an optional record field, a rest field or a map member.
    fn lvalue_potentially_undefined(&mut self, target: &ast::Expr) -> bool {
        let (base, key) = match &target.kind {
            ast::ExprKind::Field { base, field, .. } => (base, Some(field.name.clone())),
            ast::ExprKind::Member { base, index } => match &index.kind {
                ast::ExprKind::Literal(ast::Literal::String(s)) => (base, Some(s.clone())),
                _ => (base, None),
            },
            _ => return false,
        };
        let base_ty = self.p.expr_type(self.place.file, base.id);
        let core = self.p.types.without_nil(base_ty);
        if self.p.types.is_unknown(core) || self.p.types.basic_mask(core) != basic::MAPPING {
            return false;
        }
        self.mapping_member_at(core, key.as_deref()).1
    }

    /// Types an assignment target and checks it may be assigned; returns the type a value
    /// must have.
    pub(crate) fn check_lvalue(&mut self, target: &'a ast::Expr) -> TypeId {
        match &target.kind {
            ast::ExprKind::Var { module, name } => {
                let key = self.key(target.id);
                if module.is_none() {
                    if let Some(local) = self.fx.lookup(&name.name) {
                        let var = self.fx.locals[local].clone();
                        self.p.resolutions.insert(key, Resolution::Local(var.key));
                        self.p.ide.local_refs.push((name.span, var.key));
                        self.note_capture(local);
                        let assigned_before = !self.fx.flow.unassigned.contains(&local);
                        if var.is_param {
                            let message = format!(
                                "cannot assign a value to function argument '{}'",
                                name.name
                            );
                            self.error(codes::ASSIGN_TO_FINAL, target.span, message);
                        } else if var.is_final && assigned_before {
                            let message = format!("cannot assign a value to final '{}'", name.name);
                            self.error(codes::ASSIGN_TO_FINAL, target.span, message);
                        }
                        self.record_type(self.place.file, target.id, var.declared);
                        return var.declared;
                    }
                }
                let place = self.place;
                match self.lookup_qualified(place, module.as_ref(), name) {
                    Ok(Some((_, entry))) => match entry.symbol {
                        Symbol::Global(g) => {
                            self.p.resolutions.insert(key, Resolution::Global(g));
                            let info = &self.p.globals[g.index()];
                            let ty = info.ty;
                            // A `final` variable without initializer is assigned once, in `init`.
                            let first = self.global_unassigned(module.as_ref(), &name.name);
                            if info.is_final && !first {
                                let message =
                                    format!("cannot assign a value to final '{}'", name.name);
                                self.error(codes::ASSIGN_TO_FINAL, target.span, message);
                            }
                            self.record_type(self.place.file, target.id, ty);
                            ty
                        }
                        Symbol::Const(_) => {
                            let message =
                                format!("cannot assign a value to constant '{}'", name.name);
                            self.error(codes::ASSIGN_TO_FINAL, target.span, message);
                            TypeArena::UNKNOWN
                        }
                        _ => {
                            self.error(
                                codes::INVALID_OPERATION,
                                target.span,
                                "invalid assignment target",
                            );
                            TypeArena::UNKNOWN
                        }
                    },
                    Ok(None) => {
                        let message = format!("undefined symbol '{}'", name.name);
                        if module.is_none() {
                            // `x = 5;` for a new variable: the declaration lacks its type.
                            let help = format!(
                                "to declare a new variable, give it a type: `int {0} = ...;` or `var {0} = ...;`",
                                name.name
                            );
                            self.error_help(codes::UNDEFINED_NAME, name.span, message, &help);
                        } else {
                            self.error(codes::UNDEFINED_NAME, name.span, message);
                        }
                        TypeArena::UNKNOWN
                    }
                    Err(()) => TypeArena::UNKNOWN,
                }
            }
            ast::ExprKind::Member { base, index } => {
                let base_ty = self.check_expr(base, None);
                let core = self.p.types.without_nil(base_ty);
                if self.table_member_lvalue(core, target.span) {
                    self.check_expr(index, None);
                    return TypeArena::UNKNOWN;
                }
                self.check_not_readonly(core, target);
                let ty = match self.p.types.basic_mask(core) {
                    basic::LIST => {
                        let index_ty = self.check_assignable(index, TypeArena::INT);
                        // A constant index selects the member type of a tuple.
                        let constant = self.constant_index(index_ty, index);
                        if self.index_out_of_range(core, constant, index.span) {
                            TypeArena::UNKNOWN
                        } else {
                            self.list_member_at(core, constant)
                        }
                    }
                    basic::MAPPING => {
                        let it = self.check_assignable(index, TypeArena::STRING);
                        let key = match (self.p.types.get(it), &index.kind) {
                            (Type::Singleton(ConstValue::String(s)), _) => Some(s.clone()),
                            (_, ast::ExprKind::Literal(ast::Literal::String(s))) => Some(s.clone()),
                            _ => None,
                        };
                        self.mapping_member_at(core, key.as_deref()).0
                    }
                    _ => {
                        self.check_expr(index, None);
                        if !self.p.types.is_unknown(base_ty) {
                            let message = format!(
                                "invalid operation: type '{}' does not support member access for assignment",
                                self.p.types.display(base_ty)
                            );
                            self.error(codes::INVALID_OPERATION, target.span, message);
                        }
                        TypeArena::UNKNOWN
                    }
                };
                self.record_type(self.place.file, target.id, ty);
                ty
            }
            ast::ExprKind::Field { base, field, .. } => {
                let base_ty = self.check_lvalue_container(base);
                if self.p.types.is_unknown(base_ty) {
                    return TypeArena::UNKNOWN;
                }
                if self.check_not_readonly(base_ty, target) {
                    return TypeArena::UNKNOWN;
                }
                let ty = match self.p.types.get(base_ty).clone() {
                    Type::Record(r) => match r.fields.iter().find(|f| f.name == field.name) {
                        Some(f) => {
                            if f.readonly {
                                let message = format!(
                                    "cannot update 'readonly' record field '{}' in '{}'",
                                    field.name,
                                    self.p.types.display(base_ty)
                                );
                                self.error(codes::ASSIGN_TO_FINAL, target.span, message);
                            }
                            f.ty
                        }
                        None => match r.rest {
                            Some(rest) => rest,
                            None => {
                                let message = format!(
                                    "undefined field '{}' in {}",
                                    field.name,
                                    self.p.types.display_with_kind(base_ty)
                                );
                                self.error(codes::UNDEFINED_FIELD, field.span, message);
                                TypeArena::UNKNOWN
                            }
                        },
                    },
                    Type::Object(o) => match o.fields.iter().find(|f| f.name == field.name) {
                        Some(f) if !f.is_public && !self.inside_class(o.class) => {
                            self.report_private_field(&field.name, field.span);
                            TypeArena::UNKNOWN
                        }
                        Some(f) => {
                            let in_init = self.fx.in_class_init
                                && self.fx.self_class.is_some()
                                && self.fx.self_class == o.class;
                            if f.is_final && !in_init {
                                let message =
                                    format!("cannot update 'final' object field '{}'", field.name);
                                self.error(codes::ASSIGN_TO_FINAL, target.span, message);
                            }
                            f.ty
                        }
                        None => {
                            let message = format!(
                                "undefined field '{}' in {}",
                                field.name,
                                self.p.types.display_with_kind(base_ty)
                            );
                            self.error(codes::UNDEFINED_FIELD, field.span, message);
                            TypeArena::UNKNOWN
                        }
                    },
                    Type::Map(element) => element,
                    _ => {
                        let message = format!(
                            "invalid operation: type '{}' does not support field access for assignment",
                            self.p.types.display(base_ty)
                        );
                        self.error(codes::INVALID_OPERATION, target.span, message);
                        TypeArena::UNKNOWN
                    }
                };
                self.record_type(self.place.file, target.id, ty);
                ty
            }
            _ => {
                self.check_expr(target, None);
                self.error(
                    codes::INVALID_OPERATION,
                    target.span,
                    "invalid assignment target",
                );
                TypeArena::UNKNOWN
            }
        }
    }

    /// The static type of the container of a field assignment. A member of a list or mapping
    /// there is a filling-read (spec "Lvalues": `mp["k"].age = 4` fills an absent member), so
    /// its type is the member type, without the `()` an ordinary read adds for absence.
    fn check_lvalue_container(&mut self, base: &'a ast::Expr) -> TypeId {
        let read_ty = self.check_expr(base, None);
        let ast::ExprKind::Member { base: inner, index } = &base.kind else {
            return read_ty;
        };
        let Some(&inner_ty) = self.p.expr_types.get(&self.key(inner.id)) else {
            return read_ty;
        };
        let core = self.p.types.without_nil(inner_ty);
        if self.p.types.is_unknown(core) || self.p.types.basic_mask(core) != basic::MAPPING {
            return read_ty;
        }
        let key = match (
            self.p
                .expr_types
                .get(&self.key(index.id))
                .map(|&t| self.p.types.get(t)),
            &index.kind,
        ) {
            (Some(Type::Singleton(ConstValue::String(s))), _) => Some(s.clone()),
            (_, ast::ExprKind::Literal(ast::Literal::String(s))) => Some(s.clone()),
            _ => None,
        };
        self.mapping_member_at(core, key.as_deref()).0
    }

    /// Reports a member or field update of a list or mapping whose static type is `readonly`
    /// (its values are immutable); true when it did.
    fn check_not_readonly(&mut self, base_ty: TypeId, target: &ast::Expr) -> bool {
        let mask = self.p.types.basic_mask(base_ty);
        let structured = mask != 0 && mask & !(basic::LIST | basic::MAPPING) == 0;
        if self.p.types.is_unknown(base_ty)
            || !structured
            || !self.p.types.is_subtype(base_ty, TypeArena::READONLY)
        {
            return false;
        }
        let message = format!(
            "cannot update 'readonly' value of type '{}'",
            self.p.types.display(base_ty)
        );
        self.error(codes::ASSIGN_TO_FINAL, target.span, message);
        true
    }

    /// Whether reading the target of a compound assignment (already checked as an lvalue of
    /// type `target_ty`) may give `()`: a nilable variable (as narrowed here), or a map member
    /// or optional record field that may be absent.
    pub(crate) fn compound_target_nullable(
        &mut self,
        target: &ast::Expr,
        target_ty: TypeId,
    ) -> bool {
        if self.p.types.is_unknown(target_ty) {
            return false;
        }
        match &target.kind {
            ast::ExprKind::Var { module: None, name } => match self.fx.lookup(&name.name) {
                Some(local) => {
                    let declared = self.fx.locals[local].declared;
                    let ty = self
                        .fx
                        .flow
                        .narrowed
                        .get(&local)
                        .copied()
                        .unwrap_or(declared);
                    self.p.types.contains_nil(ty)
                }
                None => self.p.types.contains_nil(target_ty),
            },
            ast::ExprKind::Member { base, index } => {
                let Some(&base_ty) = self.p.expr_types.get(&self.key(base.id)) else {
                    return false;
                };
                let core = self.p.types.without_nil(base_ty);
                if self.p.types.basic_mask(core) != basic::MAPPING {
                    return self.p.types.contains_nil(target_ty);
                }
                let index_ty = self.p.expr_types.get(&self.key(index.id)).copied();
                let key = match (index_ty.map(|t| self.p.types.get(t)), &index.kind) {
                    (Some(Type::Singleton(ConstValue::String(s))), _) => Some(s.clone()),
                    (_, ast::ExprKind::Literal(ast::Literal::String(s))) => Some(s.clone()),
                    _ => None,
                };
                let (ty, missing) = self.mapping_member_at(core, key.as_deref());
                missing || self.p.types.contains_nil(ty)
            }
            _ => self.p.types.contains_nil(target_ty),
        }
    }

    /// The type a destructuring assignment's value should have: built from the assigned
    /// variables' declared types.
    pub(crate) fn pattern_target_type(&mut self, pattern: &ast::BindingPattern) -> Option<TypeId> {
        match &pattern.kind {
            ast::BindingPatternKind::Capture(name) => {
                let local = self.fx.lookup(&name.name)?;
                Some(self.fx.locals[local].declared)
            }
            ast::BindingPatternKind::Wildcard => Some(TypeArena::ANY_OR_ERROR),
            ast::BindingPatternKind::List { items, rest } => {
                let mut members = Vec::new();
                for item in items {
                    members.push(self.pattern_target_type(item)?);
                }
                let rest = match rest {
                    Some(r) => {
                        let whole = self.pattern_target_type(r)?;
                        Some(self.list_element_type(whole))
                    }
                    None => None,
                };
                Some(self.p.types.add(Type::Tuple { members, rest }))
            }
            ast::BindingPatternKind::Mapping { fields, rest } => {
                let mut record_fields = Vec::new();
                for field in fields {
                    let ty = self.pattern_target_type(&field.pattern)?;
                    record_fields.push(RecordField {
                        name: field.name.name.clone(),
                        ty,
                        optional: false,
                        readonly: false,
                        default: None,
                    });
                }
                let rest = if rest.is_some() {
                    Some(TypeArena::ANYDATA)
                } else {
                    Some(TypeArena::ANY_OR_ERROR)
                };
                Some(self.p.types.add(Type::Record(RecordType {
                    fields: record_fields,
                    rest,
                })))
            }
            ast::BindingPatternKind::Error { .. } => None,
        }
    }

    /// Destructuring assignment to existing variables.
    pub(crate) fn assign_pattern(&mut self, pattern: &'a ast::BindingPattern, ty: TypeId) {
        let mut bindings = Vec::new();
        self.bind_pattern_types(pattern, ty, &mut bindings);
        let mut captures = Vec::new();
        crate::collect::binding_captures(pattern, &mut captures);
        for (name, node) in captures {
            let key = self.key(node);
            let t = bindings
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, t)| *t)
                .unwrap_or(TypeArena::UNKNOWN);
            let target_ty = if let Some(local) = self.fx.lookup(&name.name) {
                let var = self.fx.locals[local].clone();
                self.p.resolutions.insert(key, Resolution::Local(var.key));
                self.note_capture(local);
                if var.is_final || var.is_param {
                    let message = format!("cannot assign a value to final '{}'", name.name);
                    self.error(codes::ASSIGN_TO_FINAL, name.span, message);
                }
                self.fx.mark_assigned(local);
                var.declared
            } else if let Some(entry) = self.module_symbol(self.place.module, &name.name) {
                match entry.symbol {
                    Symbol::Global(g) => {
                        self.p.resolutions.insert(key, Resolution::Global(g));
                        self.p.globals[g.index()].ty
                    }
                    _ => TypeArena::UNKNOWN,
                }
            } else {
                let message = format!("undefined symbol '{}'", name.name);
                self.error(codes::UNDEFINED_NAME, name.span, message);
                TypeArena::UNKNOWN
            };
            self.p.local_types.insert(key, target_ty);
            self.expect_assignable(t, target_ty, name.span);
        }
    }
}
