//! Expression typing: the dispatcher, literals, variable references, templates, conditional
//! and simple unary forms, `check`/`trap`, casts and type tests, `let`, `typeof`.

use crate::checker::{Checker, ImportTarget, Symbol};
use crate::consts::{parse_decimal, parse_float};
use crate::model::*;
use crate::scope::{LocalId, LocalVar};
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

const BUILTIN_TYPE_NAMES: [(&str, TypeId); 9] = [
    ("int", TypeArena::INT),
    ("string", TypeArena::STRING),
    ("float", TypeArena::FLOAT),
    ("decimal", TypeArena::DECIMAL),
    ("boolean", TypeArena::BOOLEAN),
    ("json", TypeArena::JSON),
    ("anydata", TypeArena::ANYDATA),
    ("any", TypeArena::ANY),
    ("byte", TypeArena::BYTE),
];

impl<'a> Checker<'a> {
    pub(crate) fn key(&self, node: ast::NodeId) -> NodeKey {
        NodeKey::new(self.place.file, node)
    }

    /// Checks an expression against a required type, reporting a mismatch at its span.
    pub(crate) fn check_assignable(&mut self, expr: &'a ast::Expr, expected: TypeId) -> TypeId {
        let found = self.check_expr(expr, Some(expected));
        if matches!(expr.kind, ast::ExprKind::Ternary { .. })
            && !self.p.types.is_subtype(found, expected)
        {
            self.expect_branches_assignable(expr, expected);
        } else {
            self.expect_assignable(found, expected, expr.span);
        }
        found
    }

    /// jBallerina checks each branch of a conditional expression against the expected type,
    /// so a mismatch is reported at the branch, with the branch's own type.
    fn expect_branches_assignable(&mut self, expr: &ast::Expr, expected: TypeId) {
        if let ast::ExprKind::Ternary {
            then, otherwise, ..
        } = &expr.kind
        {
            self.expect_branches_assignable(then, expected);
            self.expect_branches_assignable(otherwise, expected);
            return;
        }
        if let Some(&found) = self.p.expr_types.get(&self.key(expr.id)) {
            self.expect_assignable(found, expected, expr.span);
        }
    }

    /// Types an expression with an optional contextually expected type and records its type.
    pub(crate) fn check_expr(&mut self, expr: &'a ast::Expr, expected: Option<TypeId>) -> TypeId {
        let ty = self.check_expr_inner(expr, expected);
        if let ast::ExprKind::Call { .. } | ast::ExprKind::MethodCall { .. } = expr.kind {
            self.check_transactional_call(expr);
        }
        self.record_type(self.place.file, expr.id, ty);
        let key = self.key(expr.id);
        self.p.ide.exprs.push((expr.span, key));
        ty
    }

    fn check_expr_inner(&mut self, expr: &'a ast::Expr, expected: Option<TypeId>) -> TypeId {
        match &expr.kind {
            ast::ExprKind::Literal(lit) => self.check_literal(expr, lit, expected),
            ast::ExprKind::Var { module, name } => self.check_var(expr, module.as_ref(), name),
            ast::ExprKind::Commit => self.check_commit(expr),
            ast::ExprKind::Transactional => TypeArena::BOOLEAN,
            ast::ExprKind::AnnotAccess { base, module, name } => {
                self.check_annot_access(expr, base, module.as_ref(), name)
            }
            ast::ExprKind::RawTemplate(parts) => self.check_raw_template(expr, parts, expected),
            ast::ExprKind::XmlTemplate(template) => {
                self.check_xml_template(expr, template, expected)
            }
            ast::ExprKind::RegExpTemplate(parts) => self.check_regexp_template(parts),
            ast::ExprKind::XmlStep { base, step, .. } => self.check_xml_step(base, *step),
            ast::ExprKind::Template(parts) => {
                for part in parts {
                    if let ast::TemplatePart::Interpolation(e) = part {
                        let t = self.check_expr(e, None);
                        let allowed = basic::NIL | basic::BOOLEAN | basic::NUMBER | basic::STRING;
                        if self.p.types.basic_mask(t) & !allowed != 0 && !self.p.types.is_unknown(t)
                        {
                            let message = format!(
                                "incompatible types: expected 'boolean|int|float|decimal|string|()', found '{}'",
                                self.p.types.display(t)
                            );
                            self.error(codes::TYPE_MISMATCH, e.span, message);
                        }
                    }
                }
                TypeArena::STRING
            }
            ast::ExprKind::List(items) => self.check_list_constructor(expr, items, expected),
            ast::ExprKind::Table { key, rows } => {
                self.check_table_constructor(expr, key.as_deref(), rows, expected)
            }
            ast::ExprKind::ByteArray(bytes) => self.check_byte_array(expr, bytes.len(), expected),
            ast::ExprKind::Mapping(fields) => {
                self.check_mapping_constructor(expr, fields, expected)
            }
            ast::ExprKind::Unary { op, operand } => self.check_unary(expr, *op, operand, expected),
            ast::ExprKind::Binary { op, lhs, rhs } => {
                self.check_binary(expr, *op, lhs, rhs, expected)
            }
            ast::ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                let facts = self.check_condition(cond);
                let saved = self.fx.flow.clone();
                self.apply_narrowing(&facts.if_true);
                let a = self.check_expr(then, expected);
                self.fx.flow = saved.clone();
                self.apply_narrowing(&facts.if_false);
                let b = self.check_expr(otherwise, expected);
                self.fx.flow = saved;
                self.p.types.union_of(&[a, b])
            }
            ast::ExprKind::Member { base, index } => self.check_member(expr, base, index),
            ast::ExprKind::Field {
                base,
                field,
                optional,
            } => self.check_field(expr, base, field, *optional),
            ast::ExprKind::Call { callee, args } => self.check_call(expr, callee, args, expected),
            ast::ExprKind::MethodCall {
                receiver,
                method,
                args,
                remote,
            } => self.check_method_call(expr, receiver, method, args, *remote, expected),
            ast::ExprKind::TypeTest {
                expr: operand, ty, ..
            } => {
                let operand_ty = self.check_expr(operand, None);
                let place = self.place;
                let tested = self.resolve_type(place, ty);
                self.p.operand_types.insert(self.key(expr.id), tested);
                self.check_type_test_overlap(expr, operand_ty, tested);
                TypeArena::BOOLEAN
            }
            ast::ExprKind::Cast { ty, expr: operand } => {
                let place = self.place;
                let target = self.resolve_type(place, ty);
                self.p.operand_types.insert(self.key(expr.id), target);
                let found = self.check_expr(operand, Some(target));
                let numeric = basic::NUMBER;
                let fm = self.p.types.basic_mask(found);
                let tm = self.p.types.basic_mask(target);
                let numeric_conversion = fm & numeric != 0 && tm & numeric != 0;
                if !self.p.types.may_overlap(found, target) && !numeric_conversion {
                    let message = format!(
                        "incompatible types: '{}' cannot be cast to '{}'",
                        self.p.types.display(found),
                        self.p.types.display(target)
                    );
                    self.error(codes::INVALID_CAST, expr.span, message);
                }
                target
            }
            ast::ExprKind::Check {
                expr: operand,
                panics,
            } => self.check_check(expr, operand, *panics, expected),
            ast::ExprKind::Trap(operand) => {
                let t = self.check_expr(operand, expected);
                self.p.types.union_of(&[t, TypeArena::ERROR])
            }
            ast::ExprKind::Lambda {
                annots,
                qualifiers,
                signature,
                body,
            } => {
                self.check_expression_annotations(annots, None);
                self.check_lambda(expr, qualifiers, signature, body)
            }
            ast::ExprKind::Arrow { params, body } => self.check_arrow(expr, params, body, expected),
            ast::ExprKind::New { class, args } => {
                self.check_new(expr, class.as_ref(), args, expected)
            }
            ast::ExprKind::ObjectConstructor {
                annots,
                qualifiers,
                members,
                type_ref,
            } => {
                let declaration = std::mem::take(&mut self.service_decl_body);
                if !declaration {
                    self.check_expression_annotations(annots, Some(qualifiers.service));
                }
                let place = self.place;
                let inferred = self.inferred_service_type.take();
                // Without a type reference the object has the type-ids induced by the
                // contextually expected type (spec "Object constructor").
                let expected_object =
                    expected.filter(|t| matches!(self.p.types.get(*t), Type::Object(_)));
                let reference = match type_ref {
                    Some(desc) => Some(self.resolve_type(place, desc)),
                    None => inferred.or(expected_object),
                };
                self.service_constructor = declaration;
                let ty = self.check_object_constructor(expr, qualifiers, members, reference);
                if declaration {
                    self.check_service_annotations(annots, ty);
                }
                ty
            }
            ast::ExprKind::ErrorConstructor { ty, args } => {
                let place = self.place;
                let error_ty = match ty {
                    Some(desc) => self.resolve_type(place, desc),
                    None => self.expected_error_type(expected),
                };
                self.check_error_constructor(expr, error_ty, args)
            }
            ast::ExprKind::Let { decls, body } => {
                self.fx.push_scope();
                for decl in decls {
                    self.check_var_decl(decl.ty.as_ref(), &decl.binding, Some(&decl.init), false);
                }
                let t = self.check_expr(body, expected);
                self.fx.pop_scope();
                t
            }
            ast::ExprKind::Query(query) => self.check_query(expr, query, expected),
            ast::ExprKind::Typeof(operand) => {
                let t = self.check_expr(operand, None);
                self.p.operand_types.insert(self.key(expr.id), t);
                self.p.types.add(Type::Typedesc(t))
            }
            ast::ExprKind::Group(inner) => self.check_expr(inner, expected),
            ast::ExprKind::Start { call, .. } => self.check_start(expr, call, expected),
            ast::ExprKind::Wait(futures) => self.check_wait(futures),
            ast::ExprKind::MultipleWait(fields) => self.check_multiple_wait(expr, fields, expected),
            ast::ExprKind::Receive(receive) => self.check_receive(expr, receive, expected),
            ast::ExprKind::Flush(peer) => self.check_flush(expr, peer),
            ast::ExprKind::SyncSend { value, peer } => self.check_sync_send(expr, value, peer),
            ast::ExprKind::InferredTypedesc => {
                self.error(
                    codes::INFERRED_TYPEDESC,
                    expr.span,
                    "'<>' (an inferred typedesc) is allowed only as the default of a typedesc parameter of an external function",
                );
                TypeArena::UNKNOWN
            }
            ast::ExprKind::Error => TypeArena::UNKNOWN,
        }
    }

    /// The error type an untyped `error(...)` constructs in a context.
    fn expected_error_type(&mut self, expected: Option<TypeId>) -> TypeId {
        let Some(expected) = expected else {
            return TypeArena::ERROR;
        };
        let errors: Vec<TypeId> = self
            .p
            .types
            .members(expected)
            .into_iter()
            .filter(|&m| matches!(self.p.types.get(m), Type::Error(_)))
            .collect();
        match errors.as_slice() {
            [one] => *one,
            _ => TypeArena::ERROR,
        }
    }

    fn check_literal(
        &mut self,
        expr: &ast::Expr,
        lit: &ast::Literal,
        expected: Option<TypeId>,
    ) -> TypeId {
        let key = self.key(expr.id);
        let wants = |c: &Checker<'_>, bit: u32| {
            expected.is_some_and(|e| c.p.types.basic_mask(e) & bit != 0)
        };
        match lit {
            ast::Literal::Int(v) => {
                let kind = if wants(self, basic::INT) || expected.is_none() {
                    LiteralKind::Int
                } else if wants(self, basic::FLOAT) {
                    LiteralKind::Float
                } else if wants(self, basic::DECIMAL) {
                    LiteralKind::Decimal
                } else {
                    LiteralKind::Int
                };
                let (value, base) = match kind {
                    LiteralKind::Float => (ConstValue::Float(*v as f64), TypeArena::FLOAT),
                    LiteralKind::Decimal => (ConstValue::Decimal((*v).into()), TypeArena::DECIMAL),
                    _ => (ConstValue::Int(*v), TypeArena::INT),
                };
                let ty = self.literal_type(value, base, expected);
                let kind = if kind == LiteralKind::Int && self.p.types.is_byte(ty) {
                    LiteralKind::Byte
                } else {
                    kind
                };
                let kind = if kind == LiteralKind::Int
                    && expected
                        .is_some_and(|e| self.p.types.is_subtype(ty, e) && self.p.types.is_byte(e))
                {
                    LiteralKind::Byte
                } else {
                    kind
                };
                self.p.literal_kinds.insert(key, kind);
                ty
            }
            ast::Literal::Float { text, suffix } => {
                let decimal = match suffix {
                    ast::FloatSuffix::Decimal => true,
                    ast::FloatSuffix::Float => false,
                    ast::FloatSuffix::None => {
                        !wants(self, basic::FLOAT) && wants(self, basic::DECIMAL)
                    }
                };
                if decimal {
                    self.p.literal_kinds.insert(key, LiteralKind::Decimal);
                    match parse_decimal(text) {
                        Some(d) => {
                            self.literal_type(ConstValue::Decimal(d), TypeArena::DECIMAL, expected)
                        }
                        None => {
                            self.error(
                                codes::DECIMAL_OUT_OF_RANGE,
                                expr.span,
                                "decimal literal is out of range (largest magnitude is 9.999999999999999999999999999999999E+6144)",
                            );
                            TypeArena::UNKNOWN
                        }
                    }
                } else {
                    self.p.literal_kinds.insert(key, LiteralKind::Float);
                    match parse_float(text) {
                        Some(f) => {
                            self.literal_type(ConstValue::Float(f), TypeArena::FLOAT, expected)
                        }
                        None => TypeArena::FLOAT,
                    }
                }
            }
            ast::Literal::String(s) => {
                self.literal_type(ConstValue::String(s.clone()), TypeArena::STRING, expected)
            }
            ast::Literal::Boolean(b) => {
                self.literal_type(ConstValue::Boolean(*b), TypeArena::BOOLEAN, expected)
            }
            ast::Literal::Nil => TypeArena::NIL,
        }
    }

    /// A literal's type: its basic type when that fits the context, else its singleton type
    /// (so `"GET"` fits a finite type and `5` fits `byte`).
    fn literal_type(
        &mut self,
        value: ConstValue,
        base: TypeId,
        expected: Option<TypeId>,
    ) -> TypeId {
        match expected {
            Some(e) if !self.p.types.is_subtype(base, e) => {
                let singleton = self.p.types.singleton(value);
                if self.p.types.is_subtype(singleton, e) {
                    singleton
                } else {
                    base
                }
            }
            _ => base,
        }
    }

    fn check_var(
        &mut self,
        expr: &ast::Expr,
        module: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> TypeId {
        let key = self.key(expr.id);
        self.check_var_at(key, module, name)
    }

    /// Resolves a variable reference recorded under `key` (a `Var` expression, or the
    /// synthetic key of a shorthand mapping field `{name}`).
    pub(crate) fn check_var_at(
        &mut self,
        key: NodeKey,
        module: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> TypeId {
        if module.is_none() && self.fx.active {
            if let Some(local) = self.fx.lookup(&name.name) {
                if let Some(ty) = self.query_var_reference(key, local, name) {
                    return ty;
                }
                let ty = self.use_local(key, local, name);
                if self.fx.worker_locals.contains_key(&local) {
                    self.note_worker_ref(key, local, name.span);
                }
                return ty;
            }
            if name.name == "self" {
                if let Some(self_ty) = self.fx.self_type {
                    for frame in self.fx.closures.iter_mut() {
                        frame.uses_self = true;
                    }
                    self.p.resolutions.insert(key, Resolution::SelfRef);
                    return self_ty;
                }
            }
        }
        if let Some(prefix) = module {
            if let Some(ImportTarget::Lang(lang)) =
                self.import_target(self.place.file, &prefix.name)
            {
                if let Some(id) = self.lang_constant(&lang, &name.name) {
                    let c = &self.p.constants[id.index()];
                    self.p.const_values.insert(key, c.value.clone());
                    let ty = c.ty;
                    self.p.resolutions.insert(key, Resolution::Constant(id));
                    return ty;
                }
                if let Some(sig) = self.lang_function(&lang, &name.name) {
                    self.p
                        .resolutions
                        .insert(key, Resolution::LangFunction(sig.native));
                    return self.lang_function_value_type(&sig);
                }
                let message = format!("undefined function '{}:{}'", prefix.name, name.name);
                self.error(codes::UNDEFINED_NAME, name.span, message);
                return TypeArena::UNKNOWN;
            }
        }
        let place = self.place;
        let found = match self.lookup_qualified(place, module, name) {
            Ok(found) => found,
            Err(()) => return TypeArena::UNKNOWN,
        };
        match found.map(|(_, e)| e.symbol) {
            Some(Symbol::Global(id)) => {
                self.p.resolutions.insert(key, Resolution::Global(id));
                self.check_global_read(module, name);
                self.check_global_read_before_init(id, name);
                let g = &self.p.globals[id.index()];
                if self.fx.in_module_init
                    && g.ty == TypeArena::UNKNOWN
                    && g.source.module == place.module
                {
                    let message = format!(
                        "illegal reference to '{}' before its initialization",
                        name.name
                    );
                    self.error(codes::UNINITIALIZED, name.span, message);
                }
                self.p.globals[id.index()].ty
            }
            Some(Symbol::Function(id)) => {
                self.p.resolutions.insert(key, Resolution::Function(id));
                self.p.functions[id.index()].ty
            }
            Some(Symbol::Const(id)) => {
                self.evaluate_constant(id);
                let c = &self.p.constants[id.index()];
                self.p.const_values.insert(key, c.value.clone());
                let ty = c.ty;
                self.p.resolutions.insert(key, Resolution::Constant(id));
                ty
            }
            Some(Symbol::TypeDef(id)) => {
                let ty = self.resolve_type_def(id);
                self.p.resolutions.insert(key, Resolution::TypeRef(ty));
                self.p.types.add(Type::Typedesc(ty))
            }
            Some(Symbol::Class(id)) => {
                let ty = self.p.classes[id.index()].ty;
                self.p.resolutions.insert(key, Resolution::TypeRef(ty));
                self.p.types.add(Type::Typedesc(ty))
            }
            None => {
                if module.is_none() {
                    if let Some((_, ty)) = BUILTIN_TYPE_NAMES.iter().find(|(n, _)| *n == name.name)
                    {
                        self.p.resolutions.insert(key, Resolution::TypeRef(*ty));
                        return self.p.types.add(Type::Typedesc(*ty));
                    }
                }
                let message = if module.is_none() && self.fx.declaring.contains(&name.name) {
                    format!("self referenced variable '{}'", name.name)
                } else {
                    format!("undefined symbol '{}'", name.name)
                };
                self.error(codes::UNDEFINED_NAME, name.span, message);
                TypeArena::UNKNOWN
            }
        }
    }

    /// `e is T` where no value of `e`'s static type can belong to `T` (jBallerina rejects it:
    /// the test is always false). An operand already narrowed to `never` is left alone.
    pub(crate) fn check_type_test_overlap(
        &mut self,
        expr: &ast::Expr,
        found: TypeId,
        tested: TypeId,
    ) {
        if found == TypeArena::NEVER
            || self.p.types.is_unknown(found)
            || self.p.types.is_unknown(tested)
            || self.p.types.may_overlap(found, tested)
        {
            return;
        }
        let message = format!(
            "incompatible types: '{}' will not be matched to '{}'",
            self.p.types.display(found),
            self.p.types.display(tested)
        );
        self.error(codes::TYPE_MISMATCH, expr.span, message);
    }

    /// A read of a local: records the resolution and captures, checks definite assignment.
    pub(crate) fn use_local(&mut self, key: NodeKey, local: LocalId, name: &ast::Ident) -> TypeId {
        let decl = self.fx.locals[local].key;
        self.p.resolutions.insert(key, Resolution::Local(decl));
        self.p.ide.local_refs.push((name.span, decl));
        self.note_capture(local);
        if self.fx.flow.unassigned.contains(&local)
            && !self.fx.flow.unreachable
            && !self.fx.locals[local].reported_unassigned
        {
            self.fx.locals[local].reported_unassigned = true;
            // jBallerina's two wordings: never assigned before this use, or not on every path.
            let message = if self.fx.locals[local].ever_assigned {
                format!("variable '{}' may not have been initialized", name.name)
            } else {
                format!("variable '{}' is not initialized", name.name)
            };
            self.error(codes::UNINITIALIZED, name.span, message);
        }
        self.fx.local_type(local)
    }

    /// Records that the closures between the local's declaration and here capture it.
    pub(crate) fn note_capture(&mut self, local: LocalId) {
        let decl = self.fx.locals[local].key;
        let mut captured = false;
        for frame in self.fx.closures.iter_mut() {
            if local < frame.first_local {
                if !frame.captures.contains(&decl) {
                    frame.captures.push(decl);
                }
                captured = true;
            }
        }
        if captured {
            self.p.captured.insert(decl);
        }
    }

    fn check_unary(
        &mut self,
        expr: &ast::Expr,
        op: ast::UnaryOp,
        operand: &'a ast::Expr,
        expected: Option<TypeId>,
    ) -> TypeId {
        match op {
            ast::UnaryOp::Not => {
                let t = self.check_expr(operand, Some(TypeArena::BOOLEAN));
                self.require_basic(t, basic::BOOLEAN, "!", operand);
                TypeArena::BOOLEAN
            }
            ast::UnaryOp::BitNot => {
                let t = self.check_expr(operand, Some(TypeArena::INT));
                // Nil lifting: `~` on `int?` gives `int?`.
                let lifted = self.p.types.without_nil(t);
                self.require_basic(lifted, basic::INT, "~", operand);
                if lifted != t && !self.p.types.is_unknown(t) {
                    self.p.types.optional(TypeArena::INT)
                } else {
                    TypeArena::INT
                }
            }
            ast::UnaryOp::Neg | ast::UnaryOp::Plus => {
                // A negated literal in a singleton context (`-1` for `int:Signed8` or a finite
                // type) keeps its singleton type.
                let numeric_expected = expected.map(|e| {
                    let numeric = self.numeric_part(e);
                    if numeric == TypeArena::NEVER {
                        e
                    } else {
                        numeric
                    }
                });
                let operand_expected = numeric_expected.map(|e| self.negated_context(e));
                let t = self.check_expr(operand, operand_expected);
                let t = if op == ast::UnaryOp::Neg {
                    self.negate_singleton(t)
                } else {
                    t
                };
                // `-128` is a constant of singleton type (spec "Singleton typing"), so it fits
                // `int:Signed8` although the literal `128` alone does not.
                let t = match (&strip_groups(operand).kind, expected) {
                    (ast::ExprKind::Literal(ast::Literal::Int(v)), Some(e))
                        if op == ast::UnaryOp::Neg
                            && t == TypeArena::INT
                            && !self.p.types.is_subtype(t, e) =>
                    {
                        match v.checked_neg() {
                            Some(n) => {
                                let singleton = self.p.types.singleton(ConstValue::Int(n));
                                if self.p.types.is_subtype(singleton, e) {
                                    singleton
                                } else {
                                    t
                                }
                            }
                            None => t,
                        }
                    }
                    _ => t,
                };
                let lifted = self.p.types.without_nil(t);
                if self.p.types.numeric_kind(lifted).is_none() && !self.p.types.is_unknown(t) {
                    let message = format!(
                        "operator '{}' not defined for '{}'",
                        if op == ast::UnaryOp::Neg { "-" } else { "+" },
                        self.p.types.display(t)
                    );
                    self.error(codes::INVALID_OPERATION, expr.span, message);
                    return TypeArena::UNKNOWN;
                }
                if let Some(e) = expected {
                    if !self.p.types.is_subtype(t, e) {
                        return self.p.types.widen(t);
                    }
                }
                t
            }
        }
    }

    /// A byte-array literal: `byte[N]`, or `readonly & byte[N]` when the context wants a
    /// read-only value (spec "Byte array literals"); the inherent type goes to lowering.
    fn check_byte_array(
        &mut self,
        expr: &ast::Expr,
        length: usize,
        expected: Option<TypeId>,
    ) -> TypeId {
        let ty = self.p.types.add(Type::Array {
            element: TypeArena::BYTE,
            length: Some(u32::try_from(length).unwrap_or(u32::MAX)),
        });
        let readonly = self.readonly_of(ty);
        let ty = match expected {
            Some(e)
                if !self.p.types.is_unknown(e)
                    && !self.p.types.is_subtype(ty, e)
                    && self.p.types.is_subtype(readonly, e) =>
            {
                readonly
            }
            _ => ty,
        };
        self.p.operand_types.insert(self.key(expr.id), ty);
        ty
    }

    /// The numeric members of an expected type.
    fn numeric_part(&mut self, ty: TypeId) -> TypeId {
        let members: Vec<TypeId> = self
            .p
            .types
            .members(ty)
            .into_iter()
            .filter(|&m| self.p.types.basic_mask(m) & basic::NUMBER != 0)
            .collect();
        self.p.types.union_of(&members)
    }

    /// The context for the operand of a unary minus: singletons negated.
    fn negated_context(&mut self, ty: TypeId) -> TypeId {
        let members = self.p.types.members(ty);
        let mut out = Vec::new();
        for m in members {
            out.push(self.negate_singleton(m));
        }
        self.p.types.union_of(&out)
    }

    fn negate_singleton(&mut self, ty: TypeId) -> TypeId {
        match self.p.types.get(ty).clone() {
            Type::Singleton(ConstValue::Int(v)) => match v.checked_neg() {
                Some(n) => self.p.types.singleton(ConstValue::Int(n)),
                None => TypeArena::INT,
            },
            Type::Singleton(ConstValue::Float(v)) => self.p.types.singleton(ConstValue::Float(-v)),
            Type::Singleton(ConstValue::Decimal(v)) => {
                self.p.types.singleton(ConstValue::Decimal(-v))
            }
            _ => ty,
        }
    }

    /// Reports E0205 unless every value of `t` is of the basic type `bit`.
    pub(crate) fn require_basic(
        &mut self,
        t: TypeId,
        bit: u32,
        op: &str,
        operand: &ast::Expr,
    ) -> bool {
        if self.p.types.is_unknown(t) || self.p.types.basic_mask(t) == bit {
            return true;
        }
        let message = format!(
            "operator '{op}' not defined for '{}'",
            self.p.types.display(t)
        );
        self.error(codes::INVALID_OPERATION, operand.span, message);
        false
    }

    fn check_check(
        &mut self,
        expr: &ast::Expr,
        operand: &'a ast::Expr,
        panics: bool,
        expected: Option<TypeId>,
    ) -> TypeId {
        let operand_expected = expected.map(|e| self.p.types.union_of(&[e, TypeArena::ERROR]));
        let t = self.check_expr(operand, operand_expected);
        if self.p.types.is_unknown(t) {
            return t;
        }
        let mut error_part = self.p.types.error_part(t);
        let mut value_part = self.p.types.without_error(t);
        let keyword = if panics { "checkpanic" } else { "check" };
        if let Some(target) = self.lax_check_target(panics, value_part, expected) {
            // Spec "Checking expression": `check E` of a lax `json` value with a simple
            // expected type S is `check val:ensureType(E, S)`, which can also fail.
            self.p.operand_types.insert(self.key(expr.id), target);
            value_part = target;
            error_part = TypeArena::ERROR;
        }
        if error_part == TypeArena::NEVER {
            let message = format!(
                "invalid usage of the '{keyword}' expression operator: no expression type is equivalent to error type"
            );
            self.error(codes::INVALID_CHECK, expr.span, message);
            return value_part;
        }
        if !panics {
            self.record_failure(error_part);
        }
        if !panics
            && self.fx.on_fail_depth == 0
            && !self.p.types.is_subtype(error_part, self.fx.ret)
        {
            // jBallerina's wording when the function cannot return any error at all.
            let message = if self.p.types.error_part(self.fx.ret) == TypeArena::NEVER {
                "invalid usage of the 'check' expression operator: no matching error return type(s) in the enclosing invokable".to_string()
            } else {
                format!(
                    "invalid usage of the 'check' expression operator: the enclosing function cannot return '{}'",
                    self.p.types.display(error_part)
                )
            };
            self.error_help(
                codes::INVALID_CHECK,
                expr.span,
                message,
                "add 'error' to the function's return type, or use 'checkpanic'",
            );
        }
        value_part
    }

    /// The simple type S that `check E` converts a lax value to (see `check_check`): when
    /// the normal rule would be a type error, E's value type is lax `json` and the expected
    /// type is a subtype of `()|boolean|int|float|decimal|string`.
    fn lax_check_target(
        &mut self,
        panics: bool,
        value: TypeId,
        expected: Option<TypeId>,
    ) -> Option<TypeId> {
        let target = expected?;
        if panics || self.p.types.is_unknown(target) || self.p.types.is_subtype(value, target) {
            return None;
        }
        let simple = self.p.types.union_of(&[
            TypeArena::NIL,
            TypeArena::BOOLEAN,
            TypeArena::INT,
            TypeArena::FLOAT,
            TypeArena::DECIMAL,
            TypeArena::STRING,
        ]);
        (self.p.types.is_subtype(target, simple) && self.is_lax(value)).then_some(target)
    }

    /// Declares a local variable.
    pub(crate) fn declare_local(
        &mut self,
        name: &ast::Ident,
        key: NodeKey,
        ty: TypeId,
        is_final: bool,
        assigned: bool,
    ) -> LocalId {
        let mut ty = ty;
        let existing = self.fx.lookup(&name.name).filter(|_| name.name != "_");
        let alternatives = self.fx.alternatives;
        match (existing, alternatives) {
            // The same variable bound by an earlier alternative of the match clause: its
            // type covers the values of every alternative so far.
            (Some(earlier), Some((clause, alternative)))
                if (clause..alternative).contains(&earlier) =>
            {
                let earlier_ty = self.fx.locals[earlier].declared;
                ty = self.p.types.union_of(&[earlier_ty, ty]);
            }
            // Ballerina forbids shadowing a local of the enclosing scopes, not just
            // redeclaring.
            (Some(_), _) => {
                let message = format!("redeclared symbol '{}'", name.name);
                self.error(codes::DUPLICATE_DEFINITION, name.span, message);
            }
            (None, _) => {}
        }
        self.p.local_types.insert(key, ty);
        self.p.ide.local_defs.push((key, name.span));
        self.fx.declare(
            LocalVar {
                name: name.name.clone(),
                key,
                declared: ty,
                is_final,
                is_param: false,
                reported_unassigned: false,
                ever_assigned: false,
            },
            assigned,
        )
    }
}

/// The expression inside any parentheses.
fn strip_groups(expr: &ast::Expr) -> &ast::Expr {
    match &expr.kind {
        ast::ExprKind::Group(inner) => strip_groups(inner),
        _ => expr,
    }
}
