//! Closures: anonymous functions, arrow functions and object constructors, which see the
//! enclosing locals (captures are recorded for lowering's shared cells).

use crate::checker::Checker;
use crate::model::*;
use crate::scope::{ClosureFrame, Flow};
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

/// What entering a closure saved.
pub(crate) struct SavedClosure {
    flow: Flow,
    scopes_len: usize,
}

impl<'a> Checker<'a> {
    pub(crate) fn enter_closure(&mut self, key: NodeKey, ret: TypeId) -> SavedClosure {
        let frame = ClosureFrame {
            key,
            first_local: self.fx.locals.len(),
            captures: Vec::new(),
            uses_self: false,
            saved_loop_depth: self.fx.loop_depth,
            saved_ret: self.fx.ret,
            saved_on_fail: self.fx.on_fail_depth,
            saved_tx: self.fx.tx,
        };
        self.fx.closures.push(frame);
        self.fx.loop_depth = 0;
        self.fx.on_fail_depth = 0;
        self.fx.tx = Default::default();
        self.fx.ret = ret;
        let saved = SavedClosure {
            flow: self.fx.flow.clone(),
            scopes_len: self.fx.scopes.len(),
        };
        self.fx.flow.unreachable = false;
        self.fx.flow.tx_ended = false;
        self.fx.flow.tx_done = false;
        self.fx.push_scope();
        saved
    }

    pub(crate) fn exit_closure(&mut self, saved: SavedClosure) {
        self.fx.scopes.truncate(saved.scopes_len);
        self.fx.flow = saved.flow;
        if let Some(frame) = self.fx.closures.pop() {
            self.fx.loop_depth = frame.saved_loop_depth;
            self.fx.ret = frame.saved_ret;
            self.fx.on_fail_depth = frame.saved_on_fail;
            self.fx.tx = frame.saved_tx;
            if frame.uses_self {
                self.p.captures_self.insert(frame.key);
            }
            let recorded = self.p.captures.entry(frame.key).or_default();
            for capture in frame.captures {
                if !recorded.contains(&capture) {
                    recorded.push(capture);
                }
            }
        }
    }

    pub(crate) fn check_lambda(
        &mut self,
        expr: &ast::Expr,
        qualifiers: &ast::Qualifiers,
        signature: &'a ast::FunctionSignature,
        body: &'a ast::FunctionBody,
    ) -> TypeId {
        let key = self.key(expr.id);
        let place = self.place;
        let (params, ret, ty) = self.signature_info(place, signature, qualifiers.isolated, false);
        let ty = self.mark_transactional(ty, qualifiers.transactional);
        let saved = self.enter_closure(key, ret);
        self.fx.tx.transactional_fn = qualifiers.transactional;
        self.declare_params(signature, &params);
        self.check_function_like_body(body, ret);
        self.exit_closure(saved);
        ty
    }

    /// A block or expression body with the missing-return check.
    fn check_function_like_body(&mut self, body: &'a ast::FunctionBody, ret: TypeId) {
        match body {
            ast::FunctionBody::Block(block) => {
                self.check_block(block);
                if !self.fx.flow.unreachable
                    && !self.p.types.contains_nil(ret)
                    && !self.p.types.is_unknown(ret)
                {
                    let end = Span::new(
                        block.span.file,
                        block.span.end.saturating_sub(1),
                        block.span.end,
                    );
                    self.error(
                        codes::MISSING_RETURN,
                        end,
                        "this function must return a result",
                    );
                }
            }
            ast::FunctionBody::Expr(e) => {
                self.check_assignable(e, ret);
            }
            ast::FunctionBody::External(..) => {}
        }
    }

    pub(crate) fn check_arrow(
        &mut self,
        expr: &ast::Expr,
        params: &[ast::Ident],
        body: &'a ast::Expr,
        expected: Option<TypeId>,
    ) -> TypeId {
        let key = self.key(expr.id);
        let function = expected.and_then(|e| {
            self.p
                .types
                .members(e)
                .into_iter()
                .find_map(|m| match self.p.types.get(m) {
                    Type::Function(f) => Some(f.clone()),
                    _ => None,
                })
        });
        let Some(function) = function else {
            self.error(
                codes::TYPE_MISMATCH,
                expr.span,
                "cannot infer the type of the arrow function's parameters",
            );
            return TypeArena::UNKNOWN;
        };
        if function.params.len() != params.len() && function.rest.is_none() {
            let message = format!(
                "incompatible types: expected a function of {} parameters, found an arrow function of {}",
                function.params.len(),
                params.len()
            );
            self.error(codes::TYPE_MISMATCH, expr.span, message);
        }
        let saved = self.enter_closure(key, function.ret);
        let mut param_types = Vec::new();
        let mut keys = Vec::new();
        for (i, param) in params.iter().enumerate() {
            let ty = function
                .params
                .get(i)
                .copied()
                .or(function.rest)
                .unwrap_or(TypeArena::UNKNOWN);
            let param_key = self.synthetic_key(self.place.file);
            self.declare_local(param, param_key, ty, true, true);
            param_types.push(ty);
            keys.push(param_key);
        }
        let body_ty = self.check_expr(body, Some(function.ret));
        // A body that does not fit is reported once, here; the arrow then takes the expected
        // return type so that the function type is not reported again (jBallerina reports
        // only the body).
        let body_fits = self.expect_assignable(body_ty, function.ret, body.span);
        let ret = if body_fits { body_ty } else { function.ret };
        self.exit_closure(saved);
        self.p.arrow_params.insert(key, param_types.clone());
        self.p.arrow_param_keys.insert(key, keys);
        let required = param_types.len();
        self.p.types.add(Type::Function(FunctionType {
            params: param_types,
            required,
            rest: None,
            ret,
            // Spec: whether an arrow function is isolated is inferred from the expected type.
            is_isolated: function.is_isolated,
            // Not inferred from the body (whose calls of transactional functions are checked
            // outside a transactional scope).
            is_transactional: false,
        }))
    }

    pub(crate) fn check_object_constructor(
        &mut self,
        expr: &ast::Expr,
        qualifiers: &ast::Qualifiers,
        members: &'a [ast::ClassMember],
        reference: Option<TypeId>,
    ) -> TypeId {
        let service_declaration = std::mem::take(&mut self.service_constructor);
        let key = self.key(expr.id);
        let place = self.place;
        let ty = self.p.types.add(Type::Unknown);
        let class = ClassId(self.p.classes.len() as u32);
        self.p.classes.push(ClassInfo {
            name: "object".to_string(),
            module: place.module,
            is_public: false,
            is_readonly: qualifiers.readonly,
            is_isolated: qualifiers.isolated,
            is_client: qualifiers.client,
            fields: Vec::new(),
            methods: Vec::new(),
            init: None,
            ty,
            source: ClassSource::ObjectConstructor(key),
        });
        let first_function = self.p.functions.len();
        let pending_before = self.pending_defaults.len();
        self.fill_class(class, place, None, qualifiers, members);
        // `object T { ... }` (and a service declaration's type): the object belongs to `T`'s
        // distinct types too; whether it has `T`'s members is checked where it is used.
        if let Some(Type::Object(referred)) = reference.map(|t| self.p.types.get(t).clone()) {
            if let Type::Object(mut own) = self.p.types.get(ty).clone() {
                for id in referred.distinct_ids {
                    if !own.distinct_ids.contains(&id) {
                        own.distinct_ids.push(id);
                    }
                }
                self.p.types.set(ty, Type::Object(own));
            }
        }
        self.check_resource_members(class, members);
        // A service declaration's methods are run-time constructs (listeners read their
        // parameters' annotations); other object constructors' annotations are only checked.
        let first = service_declaration.then_some(first_function);
        self.check_constructor_annotations(members, first);
        self.p.object_classes.insert(key, class);
        self.p.operand_types.insert(key, ty);
        let saved = self.enter_closure(key, TypeArena::NIL);
        // Field defaults run in the enclosing scope (they may read captured locals).
        let pending: Vec<_> = self.pending_defaults.drain(pending_before..).collect();
        for item in pending {
            self.check_assignable(item.expr, item.ty);
        }
        let saved_self = (self.fx.self_class, self.fx.self_type);
        self.fx.self_class = Some(class);
        self.fx.self_type = Some(ty);
        let mut function_index = first_function;
        for member in members {
            if let ast::ClassMember::Method(def) = member {
                let id = FunctionId(function_index as u32);
                function_index += 1;
                let Some(info) = self.p.functions.get(id.index()).cloned() else {
                    continue;
                };
                let saved_ret = self.fx.ret;
                let saved_flow = self.fx.flow.clone();
                let saved_loop = self.fx.loop_depth;
                let saved_init = self.fx.in_class_init;
                self.fx.in_class_init = def.name.name == "init";
                self.fx.ret = info.ret;
                self.fx.loop_depth = 0;
                self.fx.push_scope();
                let scopes_len = self.fx.scopes.len();
                self.declare_params(&def.signature, &info.params);
                self.check_function_like_body(&def.body, info.ret);
                self.fx.scopes.truncate(scopes_len - 1);
                self.fx.ret = saved_ret;
                self.fx.flow = saved_flow;
                self.fx.loop_depth = saved_loop;
                self.fx.in_class_init = saved_init;
            }
        }
        self.fx.self_class = saved_self.0;
        self.fx.self_type = saved_self.1;
        if let Some(frame) = self.fx.closures.last_mut() {
            // Methods referring to `self` do not capture an outer `self`.
            frame.uses_self = false;
        }
        self.exit_closure(saved);
        ty
    }
}
