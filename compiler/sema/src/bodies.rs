//! Checking bodies: module variable initialisers, field defaults, function and method
//! bodies (with their parameters in scope and the missing-return check).

use crate::checker::{Checker, Place};
use crate::incremental::BodyKey;
use crate::model::*;
use crate::scope::{FnCtx, LocalVar};
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// Starts checking a new body in a file.
    pub(crate) fn begin_body(&mut self, file: intc_span::FileId, ret: TypeId) {
        self.fx = FnCtx {
            file,
            ret,
            active: true,
            ..FnCtx::default()
        };
        self.fx.push_scope();
    }

    pub(crate) fn check_pending_defaults(&mut self) {
        let pending = std::mem::take(&mut self.pending_defaults);
        for item in pending {
            self.begin_body(item.place.file, TypeArena::NIL);
            self.fx.in_module_init = true;
            let place = item.place;
            self.with_place(place, |c| {
                c.check_assignable(item.expr, item.ty);
            });
        }
    }

    /// Runs `f` with `place` as the current module and file.
    pub(crate) fn with_place(&mut self, place: Place, f: impl FnOnce(&mut Checker<'a>)) {
        let saved = self.place;
        self.place = place;
        f(self);
        self.place = saved;
    }

    pub(crate) fn check_bodies(&mut self) {
        // Module variables in declaration order: their initialisers may infer `var` types that
        // later initialisers and function bodies read.
        for index in 0..self.p.globals.len() {
            let source = self.p.globals[index].source;
            let first_of_item = index == 0 || self.p.globals[index - 1].source != source;
            if !first_of_item {
                continue;
            }
            if let Some(ast::Item::Var(var)) = self.item_of(source) {
                let place = Place {
                    module: source.module,
                    file: source.file,
                };
                self.with_place(place, |c| c.check_module_var(var));
            }
        }
        let count = self.p.functions.len();
        for index in 0..count {
            let id = FunctionId(index as u32);
            let Some(source) = self.p.functions[index].source else {
                continue;
            };
            if self.skips_bodies_of(source.module) {
                continue;
            }
            let place = Place {
                module: source.module,
                file: source.file,
            };
            let def = match (self.p.functions[index].member, self.item_of(source)) {
                (None, Some(ast::Item::Function(def))) => def,
                (Some(member), Some(ast::Item::Class(class))) => match class.members.get(member) {
                    Some(ast::ClassMember::Method(def)) => def,
                    _ => continue,
                },
                _ => continue,
            };
            let self_class = match self.p.functions[index].kind {
                FunctionKind::Method(class) => Some(class),
                FunctionKind::Module => None,
            };
            // Each body's diagnostics and used imports are noted apart, for a kept checker
            // to replace (`incremental.rs`).
            let first = self.diags.len();
            let outer = std::mem::take(self.used_imports.get_mut());
            self.with_place(place, |c| c.check_function_body(id, def, self_class));
            let used = std::mem::replace(self.used_imports.get_mut(), outer);
            if !used.is_empty() {
                self.body_imports.insert(BodyKey::Function(id), used);
            }
            self.marks
                .bodies
                .push((BodyKey::Function(id), first..self.diags.len()));
        }
    }

    fn check_module_var(&mut self, var: &'a ast::ModuleVar) {
        let file = self.place.file;
        self.begin_body(file, TypeArena::ERROR_OR_NIL);
        self.suppress_errors = self.contains_syntax_error(var.span);
        self.fx.in_module_init = true;
        self.fx.in_module_var_init = true;
        let declared = match (&var.ty, var.binding.kind.clone()) {
            (Some(desc), ast::BindingPatternKind::Capture(_)) => {
                let key = NodeKey::new(file, var.binding.id);
                Some(self.p.local_types.get(&key).copied().unwrap_or_else(|| {
                    let place = self.place;
                    self.resolve_type(place, desc)
                }))
            }
            (Some(desc), _) => {
                let place = self.place;
                Some(self.resolve_type(place, desc))
            }
            (None, _) => None,
        };
        let ty = match &var.init {
            ast::VarInit::Expr(expr) if var.is_listener => self.check_listener_init(declared, expr),
            ast::VarInit::Expr(expr) => match declared {
                Some(t) => {
                    self.check_assignable(expr, t);
                    t
                }
                None => {
                    let t = self.check_expr(expr, None);
                    self.p.types.widen(t)
                }
            },
            ast::VarInit::Required(_) => declared.unwrap_or(TypeArena::UNKNOWN),
            ast::VarInit::None => {
                // Without an initializer the module's `init` must assign it (spec
                // module-no-init-var-decl); that is checked with `init`'s body.
                if !var.is_configurable && !self.module_has_init(self.place.module) {
                    self.error(
                        codes::UNINITIALIZED,
                        var.binding.span,
                        "module-level variables must be initialized",
                    );
                }
                declared.unwrap_or(TypeArena::UNKNOWN)
            }
        };
        if var.is_configurable && !self.p.types.is_subtype(ty, TypeArena::ANYDATA) {
            self.error(
                codes::CONFIG,
                var.span,
                "a configurable variable must be of an anydata type",
            );
        }
        // Assign the types of every variable of the binding pattern.
        let mut bindings = Vec::new();
        self.bind_pattern_types(&var.binding, ty, &mut bindings);
        for (key, t) in bindings {
            self.p.local_types.insert(key, t);
            if let Some(g) = self.p.globals.iter_mut().find(|g| g.decl == key) {
                g.ty = t;
            }
        }
        self.fx.active = false;
        self.suppress_errors = false;
    }

    pub(crate) fn check_function_body(
        &mut self,
        id: FunctionId,
        def: &'a ast::FunctionDef,
        self_class: Option<ClassId>,
    ) {
        let file = self.place.file;
        let ret = self.p.functions[id.index()].ret;
        self.begin_body(file, ret);
        self.fx.tx.transactional_fn = def.qualifiers.transactional;
        if let Some(class) = self_class {
            self.fx.self_class = Some(class);
            self.fx.self_type = Some(self.p.classes[class.index()].ty);
            self.fx.in_class_init = def.name.name == "init";
        }
        let params = self.p.functions[id.index()].params.clone();
        self.suppress_errors = match &def.body {
            ast::FunctionBody::Block(block) => block_has_syntax_error(block),
            _ => false,
        } || self.contains_syntax_error(def.span);
        if self.suppress_errors {
            self.bodies_with_syntax_errors.insert(id, file);
        }
        self.declare_params(&def.signature, &params);
        if let (true, Some(class)) = (self.fx.in_class_init, self_class) {
            self.declare_field_slots(class, NodeKey::new(file, ast::NodeId(u32::MAX)));
        }
        if self_class.is_none() && def.name.name == "init" {
            let module = self.place.module;
            self.declare_global_slots(module, NodeKey::new(file, ast::NodeId(u32::MAX)));
        }
        match &def.body {
            ast::FunctionBody::Block(block) => {
                self.fx.worker_block = Some(block.span);
                self.check_block(block);
                self.check_init_exit(def.name.span);
                self.check_module_init_exit(def.name.span);
                if !self.fx.flow.unreachable
                    && !self.p.types.contains_nil(ret)
                    && !self.p.types.is_unknown(ret)
                {
                    let end = Span::new(
                        block.span.file,
                        block.span.end.saturating_sub(1),
                        block.span.end,
                    );
                    self.error_help(
                        codes::MISSING_RETURN,
                        end,
                        "this function must return a result",
                        "add a 'return' statement at the end of the function",
                    );
                }
            }
            ast::FunctionBody::Expr(expr) => {
                self.check_assignable(expr, ret);
            }
            ast::FunctionBody::External(..) => {}
        }
        self.fx.active = false;
        self.suppress_errors = false;
    }

    /// Declares parameters as locals and checks their default expressions (which see the
    /// earlier parameters).
    pub(crate) fn declare_params(
        &mut self,
        signature: &'a ast::FunctionSignature,
        params: &[ParamInfo],
    ) {
        let file = self.fx.file;
        for (param, info) in signature.params.iter().zip(params.iter()) {
            if let Some(default) = &param.default {
                // An external function's `t = <>` has no value to check (`crate::dependent`).
                if !(info.default == ParamDefault::Native
                    && matches!(default.kind, ast::ExprKind::InferredTypedesc))
                {
                    self.check_assignable(default, info.ty);
                }
            }
            let key = NodeKey::new(file, param.id);
            let ty = self.p.local_types.get(&key).copied().unwrap_or(info.ty);
            self.p.ide.local_defs.push((key, param.name.span));
            self.fx.declare(
                LocalVar {
                    name: param.name.name.clone(),
                    key,
                    declared: ty,
                    is_final: true,
                    is_param: true,
                    reported_unassigned: false,
                    ever_assigned: false,
                },
                true,
            );
        }
    }
}

/// Whether a statement of the block (at any depth) failed to parse.
fn block_has_syntax_error(block: &ast::Block) -> bool {
    block.stmts.iter().any(stmt_has_syntax_error)
}

fn stmt_has_syntax_error(stmt: &ast::Stmt) -> bool {
    let on_fail =
        |f: &Option<ast::OnFail>| f.as_ref().is_some_and(|f| block_has_syntax_error(&f.body));
    match &stmt.kind {
        ast::StmtKind::Error => true,
        ast::StmtKind::If {
            then, otherwise, ..
        } => {
            block_has_syntax_error(then)
                || match otherwise {
                    Some(ast::ElseBranch::Block(b)) => block_has_syntax_error(b),
                    Some(ast::ElseBranch::If(s)) => stmt_has_syntax_error(s),
                    None => false,
                }
        }
        ast::StmtKind::While {
            body, on_fail: f, ..
        }
        | ast::StmtKind::Foreach {
            body, on_fail: f, ..
        } => block_has_syntax_error(body) || on_fail(f),
        ast::StmtKind::Do { body, on_fail: f } => block_has_syntax_error(body) || on_fail(f),
        ast::StmtKind::Match {
            clauses,
            on_fail: f,
            ..
        } => clauses.iter().any(|c| block_has_syntax_error(&c.body)) || on_fail(f),
        ast::StmtKind::Lock(b) | ast::StmtKind::Block(b) => block_has_syntax_error(b),
        ast::StmtKind::Transaction { body, on_fail: f }
        | ast::StmtKind::Retry {
            body, on_fail: f, ..
        } => block_has_syntax_error(body) || on_fail(f),
        _ => false,
    }
}
