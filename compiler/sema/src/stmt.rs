//! Statements: declarations and binding patterns, assignments, control flow with definite
//! assignment, narrowing and reachability, `match`, `do`/`on fail`.

use crate::checker::Checker;
use crate::model::*;
use crate::scope::Flow;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

/// Whether a loop body contains a `break` for this loop (not nested loops or closures).
fn block_breaks(block: &ast::Block) -> bool {
    block.stmts.iter().any(stmt_breaks)
}

fn stmt_breaks(stmt: &ast::Stmt) -> bool {
    match &stmt.kind {
        ast::StmtKind::Break => true,
        ast::StmtKind::If {
            then, otherwise, ..
        } => {
            block_breaks(then)
                || match otherwise {
                    Some(ast::ElseBranch::Block(b)) => block_breaks(b),
                    Some(ast::ElseBranch::If(s)) => stmt_breaks(s),
                    None => false,
                }
        }
        ast::StmtKind::Match { clauses, .. } => clauses.iter().any(|c| block_breaks(&c.body)),
        ast::StmtKind::Do { body, on_fail } => {
            block_breaks(body) || on_fail.as_ref().is_some_and(|f| block_breaks(&f.body))
        }
        ast::StmtKind::Lock(b) | ast::StmtKind::Block(b) => block_breaks(b),
        ast::StmtKind::Transaction { body, .. } | ast::StmtKind::Retry { body, .. } => {
            block_breaks(body)
        }
        _ => false,
    }
}

/// Names assigned anywhere in a block (for dropping narrowing at loop heads).
fn assigned_names(block: &ast::Block, out: &mut Vec<String>) {
    for stmt in &block.stmts {
        match &stmt.kind {
            ast::StmtKind::Assign { target, .. } | ast::StmtKind::CompoundAssign { target, .. } => {
                if let ast::ExprKind::Var { module: None, name } = &target.kind {
                    out.push(name.name.clone());
                }
            }
            ast::StmtKind::DestructureAssign { pattern, .. } => {
                let mut captures = Vec::new();
                crate::collect::binding_captures(pattern, &mut captures);
                out.extend(captures.into_iter().map(|(n, _)| n.name));
            }
            ast::StmtKind::If {
                then, otherwise, ..
            } => {
                assigned_names(then, out);
                match otherwise {
                    Some(ast::ElseBranch::Block(b)) => assigned_names(b, out),
                    Some(ast::ElseBranch::If(s)) => assigned_names(
                        &ast::Block {
                            stmts: vec![(**s).clone()],
                            span: s.span,
                        },
                        out,
                    ),
                    None => {}
                }
            }
            ast::StmtKind::While { body, .. } | ast::StmtKind::Foreach { body, .. } => {
                assigned_names(body, out)
            }
            ast::StmtKind::Do { body, .. }
            | ast::StmtKind::Lock(body)
            | ast::StmtKind::Block(body)
            | ast::StmtKind::Transaction { body, .. }
            | ast::StmtKind::Retry { body, .. } => assigned_names(body, out),
            ast::StmtKind::Match { clauses, .. } => {
                for c in clauses {
                    assigned_names(&c.body, out);
                }
            }
            _ => {}
        }
    }
}

impl<'a> Checker<'a> {
    pub(crate) fn check_block(&mut self, block: &'a ast::Block) {
        self.fx.push_scope();
        let mut reported = false;
        let mut worker_runs = 0;
        for (index, stmt) in block.stmts.iter().enumerate() {
            if self.fx.flow.unreachable && !reported {
                reported = true;
                self.error(codes::UNREACHABLE, stmt.span, "unreachable code");
            }
            if let ast::StmtKind::Worker(_) = &stmt.kind {
                // A run of worker declarations is checked together when it starts: each
                // worker's name is in scope in all of them.
                let starts_run =
                    index == 0 || !matches!(block.stmts[index - 1].kind, ast::StmtKind::Worker(_));
                if starts_run {
                    worker_runs += 1;
                    let run: Vec<&'a ast::WorkerDecl> = block.stmts[index..]
                        .iter()
                        .map_while(|s| match &s.kind {
                            ast::StmtKind::Worker(w) => Some(&**w),
                            _ => None,
                        })
                        .collect();
                    let placed = self.fx.worker_block == Some(block.span) && worker_runs == 1;
                    let rest = &block.stmts[index + run.len()..];
                    self.check_named_workers(&run, placed, rest);
                }
                continue;
            }
            self.check_stmt(stmt);
        }
        self.fx.pop_scope();
    }

    fn join_flows(&mut self, a: &Flow, b: &Flow) -> Flow {
        let types = &mut self.p.types;
        let mut union = |x: TypeId, y: TypeId| types.union_of(&[x, y]);
        Flow::join(a, b, &mut union)
    }

    fn check_stmt(&mut self, stmt: &'a ast::Stmt) {
        match &stmt.kind {
            ast::StmtKind::VarDecl {
                annots,
                is_final,
                ty,
                binding,
                init,
            } => {
                self.check_local_var_annotations(annots);
                self.check_var_decl(ty.as_ref(), binding, init.as_ref(), *is_final);
            }
            ast::StmtKind::Assign { target, value } => self.check_assign(target, value),
            ast::StmtKind::DestructureAssign { pattern, value } => {
                let expected = self.pattern_target_type(pattern);
                let t = self.check_expr(value, expected);
                if let ast::BindingPatternKind::Error { type_ref, .. } = &pattern.kind {
                    // `error E(...) = v;` needs an error value (of type `E`).
                    let error_ty = type_ref
                        .as_ref()
                        .and_then(|name| self.error_pattern_type(name))
                        .unwrap_or(TypeArena::ERROR);
                    self.expect_assignable(t, error_ty, value.span);
                }
                self.assign_pattern(pattern, t);
            }
            ast::StmtKind::CompoundAssign { op, target, value } => {
                // `x op= e` reads `x` first.
                self.check_field_read(target);
                if let ast::ExprKind::Var { module: None, name } = &target.kind {
                    if let Some(local) = self.fx.lookup(&name.name) {
                        let key = self.key(target.id);
                        self.use_local(key, local, name);
                    }
                }
                let target_ty = self.check_lvalue(target);
                let value_ty = self.check_expr(value, Some(target_ty));
                // `x op= e` is `x = x op e`, but jBallerina rejects it when either operand may
                // be `()` (the result would be `()` and silently lose the update).
                if self.compound_target_nullable(target, target_ty)
                    || self.p.types.contains_nil(value_ty)
                {
                    self.error(
                        codes::INVALID_OPERATION,
                        stmt.span,
                        "compound assignment not allowed with nullable operands",
                    );
                    return;
                }
                let result = match op {
                    ast::BinaryOp::Add
                    | ast::BinaryOp::Sub
                    | ast::BinaryOp::Mul
                    | ast::BinaryOp::Div
                    | ast::BinaryOp::Rem => {
                        self.arithmetic_result(target, *op, target_ty, value_ty)
                    }
                    _ => {
                        // Bitwise and shift operators, nil-lifted, with their narrow types.
                        let la = self.p.types.without_nil(target_ty);
                        let lb = self.p.types.without_nil(value_ty);
                        if !self.p.types.is_int_like(la) || !self.p.types.is_int_like(lb) {
                            let message = format!(
                                "operator '{}' not defined for '{}' and '{}'",
                                crate::ops::op_text(*op),
                                self.p.types.display(target_ty),
                                self.p.types.display(value_ty)
                            );
                            self.error(codes::INVALID_OPERATION, stmt.span, message);
                            TypeArena::UNKNOWN
                        } else {
                            let result = self.bitwise_result(*op, la, lb);
                            if la != target_ty || lb != value_ty {
                                self.p.types.optional(result)
                            } else {
                                result
                            }
                        }
                    }
                };
                self.expect_assignable(result, target_ty, value.span);
            }
            ast::StmtKind::Expr(e) => {
                let t = self.check_expr(e, None);
                let discarded = !self.p.types.is_unknown(t)
                    && t != TypeArena::NEVER
                    && !self.p.types.is_subtype(t, TypeArena::NIL);
                if discarded && !self.p.types.contains_error(t) {
                    // Spec "Call statement": the result of a call statement must be `()`.
                    let help = format!(
                        "the call returns a value of type '{}': use it, or discard it with '_ = ...;'",
                        self.p.types.display(t)
                    );
                    self.error_help(
                        codes::UNUSED_RESULT,
                        e.span,
                        "variable assignment is required",
                        &help,
                    );
                }
                if self.p.types.contains_error(t) {
                    // jBallerina words every call statement whose value is not `()` alike.
                    let help = format!(
                        "the value of type '{}' may be an error: use 'check' to return it, 'checkpanic' to panic, or assign it",
                        self.p.types.display(t)
                    );
                    self.error_help(
                        codes::UNHANDLED_ERROR,
                        e.span,
                        "variable assignment is required",
                        &help,
                    );
                }
                if t == TypeArena::NEVER && !self.p.types.is_unknown(t) {
                    self.fx.flow.unreachable = true;
                }
            }
            ast::StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let facts = self.check_condition(cond);
                let constant = self.constant_condition(cond);
                let before = self.fx.flow.clone();
                self.apply_narrowing(&facts.if_true);
                // A constant condition makes the branch it never takes unreachable.
                if constant == Some(false) {
                    self.fx.flow.unreachable = true;
                }
                // Only one branch runs: each may use a worker's name once.
                let uses_before = self.fx.worker_uses.clone();
                // `if transactional { }`: the block is a transactional scope.
                let transactional = crate::transactions::is_transactional_expr(cond);
                self.fx.tx.transactional_if += u32::from(transactional);
                self.check_block(then);
                self.fx.tx.transactional_if -= u32::from(transactional);
                let uses_then = std::mem::replace(&mut self.fx.worker_uses, uses_before);
                let after_then = std::mem::replace(&mut self.fx.flow, before);
                self.apply_narrowing(&facts.if_false);
                if constant == Some(true) {
                    self.fx.flow.unreachable = true;
                }
                match otherwise {
                    Some(ast::ElseBranch::Block(b)) => self.check_block(b),
                    Some(ast::ElseBranch::If(s)) if constant == Some(true) => {
                        // One report for the whole unreachable `else if` chain.
                        let mark = self.diags.len();
                        self.check_stmt(s);
                        let mut position = 0;
                        self.diags.retain(|d| {
                            position += 1;
                            position <= mark || d.code != codes::UNREACHABLE
                        });
                        self.error(codes::UNREACHABLE, s.span, "unreachable code");
                    }
                    Some(ast::ElseBranch::If(s)) => self.check_stmt(s),
                    None => {}
                }
                self.fx.worker_uses.extend(uses_then);
                let after_else = self.fx.flow.clone();
                self.fx.flow = self.join_flows(&after_then, &after_else);
            }
            ast::StmtKind::While {
                cond,
                body,
                on_fail,
            } => {
                self.drop_narrowing_for(body);
                let facts = self.check_condition(cond);
                let constant = self.constant_condition(cond);
                let before = self.fx.flow.clone();
                self.apply_narrowing(&facts.if_true);
                if constant == Some(false) {
                    self.fx.flow.unreachable = true;
                }
                let failures = self.loop_body(body, on_fail.as_ref());
                let mut after = before;
                self.apply_narrowing_to(&mut after, &facts.if_false);
                if constant == Some(true) && !block_breaks(body) {
                    after.unreachable = true;
                }
                self.fx.flow = after;
                self.check_on_fail(on_fail.as_ref(), &failures);
            }
            ast::StmtKind::Foreach {
                ty,
                binding,
                iterable,
                body,
                on_fail,
            } => {
                self.drop_narrowing_for(body);
                let t = self.check_expr(iterable, None);
                self.check_foreach_stream(t, iterable);
                let (kind, element) = self.iteration_of(t, iterable);
                let key = self.key(iterable.id);
                if let Some(kind) = kind {
                    self.p.iterations.insert(key, kind);
                }
                self.p.foreach_element_types.insert(key, element);
                let before = self.fx.flow.clone();
                self.fx.push_scope();
                let declared = match ty {
                    Some(desc) => {
                        let place = self.place;
                        let d = self.resolve_type(place, desc);
                        self.expect_assignable(element, d, iterable.span);
                        d
                    }
                    None => element,
                };
                // Spec: the variables of a foreach binding pattern are implicitly final.
                self.declare_pattern(binding, declared, true);
                let failures = self.loop_body(body, on_fail.as_ref());
                self.fx.pop_scope();
                self.fx.flow = before;
                self.check_on_fail(on_fail.as_ref(), &failures);
            }
            ast::StmtKind::Break | ast::StmtKind::Continue => {
                self.check_transaction_exit(stmt);
                if self.fx.loop_depth == 0 {
                    let word = if matches!(stmt.kind, ast::StmtKind::Break) {
                        "break"
                    } else {
                        "continue"
                    };
                    self.error(
                        codes::BREAK_OUTSIDE_LOOP,
                        stmt.span,
                        format!("'{word}' cannot be used outside of a loop"),
                    );
                } else {
                    self.fx.flow.unreachable = true;
                }
            }
            ast::StmtKind::Return(value) => {
                self.check_transaction_exit(stmt);
                let ret = self.fx.ret;
                match value {
                    Some(e) => {
                        // A return inside a closure (a method of a service declaration, an
                        // anonymous function) returns to its own function, whose return type
                        // is the expected type (record defaults, numeric literals).
                        if self.fx.in_module_init && self.fx.closures.is_empty() {
                            self.check_expr(e, None);
                        } else {
                            self.check_assignable(e, ret);
                        }
                    }
                    None => {
                        if !self.p.types.contains_nil(ret) && !self.p.types.is_unknown(ret) {
                            self.expect_assignable(TypeArena::NIL, ret, stmt.span);
                        }
                        self.check_init_exit(stmt.span);
                        self.check_module_init_exit(stmt.span);
                    }
                }
                self.fx.flow.unreachable = true;
            }
            ast::StmtKind::Panic(e) => {
                self.check_assignable(e, TypeArena::ERROR);
                self.fx.flow.unreachable = true;
            }
            ast::StmtKind::Fail(e) => {
                let t = self.check_assignable(e, TypeArena::ERROR);
                self.record_failure(t);
                if self.fx.on_fail_depth == 0 && !self.p.types.is_subtype(t, self.fx.ret) {
                    // jBallerina's wording when the function cannot return any error at all.
                    let message = if self.p.types.error_part(self.fx.ret) == TypeArena::NEVER {
                        "invalid usage of the 'fail' expression operator: no matching error return type(s) in the enclosing invokable".to_string()
                    } else {
                        format!(
                            "the enclosing function cannot return the failure of type '{}'",
                            self.p.types.display(t)
                        )
                    };
                    self.error(codes::INVALID_CHECK, e.span, message);
                }
                self.fx.flow.unreachable = true;
            }
            ast::StmtKind::Match {
                expr,
                clauses,
                on_fail,
            } => {
                self.check_match(expr, clauses, on_fail.as_ref());
            }
            ast::StmtKind::Do { body, on_fail } => {
                let before = self.fx.flow.clone();
                self.enter_on_fail(on_fail.is_some());
                self.check_block(body);
                let failures = self.leave_on_fail(on_fail.is_some());
                if let Some(handler) = on_fail {
                    let after_body = self.fx.flow.clone();
                    self.fx.flow = before;
                    self.check_on_fail_with(Some(handler), false, &failures);
                    let after_handler = self.fx.flow.clone();
                    self.fx.flow = self.join_flows(&after_body, &after_handler);
                }
            }
            ast::StmtKind::Lock(block) | ast::StmtKind::Block(block) => self.check_block(block),
            ast::StmtKind::Worker(worker) => self.check_named_workers(&[&**worker], false, &[]),
            ast::StmtKind::Fork(workers) => {
                let run: Vec<&'a ast::WorkerDecl> = workers.iter().collect();
                self.check_fork(&run);
            }
            ast::StmtKind::Send { value, peer } => self.check_send(value, peer),
            ast::StmtKind::Transaction { body, on_fail } => {
                self.check_transaction(stmt.span, body, on_fail.as_ref())
            }
            ast::StmtKind::Retry {
                manager,
                transaction,
                body,
                on_fail,
            } => self.check_retry(stmt.span, manager, *transaction, body, on_fail.as_ref()),
            ast::StmtKind::Rollback(value) => self.check_rollback(stmt.span, value.as_ref()),
            ast::StmtKind::Error | ast::StmtKind::Xmlns(_) => {}
        }
    }

    /// Checks a loop body and returns the error types that can fail to its `on fail` clause.
    fn loop_body(&mut self, body: &'a ast::Block, on_fail: Option<&ast::OnFail>) -> Vec<TypeId> {
        self.fx.loop_depth += 1;
        self.enter_on_fail(on_fail.is_some());
        self.check_block(body);
        let failures = self.leave_on_fail(on_fail.is_some());
        self.fx.loop_depth -= 1;
        failures
    }

    /// Starts a statement whose failures go to its `on fail` clause (when it has one).
    pub(crate) fn enter_on_fail(&mut self, has_on_fail: bool) {
        if has_on_fail {
            self.fx.on_fail_depth += 1;
            self.fx.fail_types.push(Vec::new());
        }
    }

    /// Ends what [`Self::enter_on_fail`] started: the error types that can fail to the clause.
    pub(crate) fn leave_on_fail(&mut self, has_on_fail: bool) -> Vec<TypeId> {
        if !has_on_fail {
            return Vec::new();
        }
        self.fx.on_fail_depth -= 1;
        self.fx.fail_types.pop().unwrap_or_default()
    }

    /// Notes an error type that a `check` or `fail` sends to the innermost `on fail` clause.
    pub(crate) fn record_failure(&mut self, error: TypeId) {
        if self.fx.on_fail_depth > 0 {
            if let Some(top) = self.fx.fail_types.last_mut() {
                top.push(error);
            }
        }
    }

    /// Checks an `on fail` handler from the current flow. For loops the statement may also
    /// complete without failing (`join`), for `do` the caller joins with the body's end.
    pub(crate) fn check_on_fail_with(
        &mut self,
        on_fail: Option<&'a ast::OnFail>,
        join: bool,
        failures: &[TypeId],
    ) {
        let Some(handler) = on_fail else {
            return;
        };
        let before = self.fx.flow.clone();
        self.fx.push_scope();
        let ty = match &handler.ty {
            Some(desc) => {
                let place = self.place;
                let ty = self.resolve_type(place, desc);
                self.check_failures_match(failures, ty, handler.span);
                ty
            }
            None => TypeArena::ERROR,
        };
        if let Some(binding) = &handler.binding {
            self.declare_pattern(binding, ty, false);
        }
        self.check_block(&handler.body);
        self.fx.pop_scope();
        if join {
            let after = self.fx.flow.clone();
            self.fx.flow = self.join_flows(&before, &after);
        }
    }

    fn check_on_fail(&mut self, on_fail: Option<&'a ast::OnFail>, failures: &[TypeId]) {
        self.check_on_fail_with(on_fail, true, failures);
    }

    /// Spec "On fail clause": the binding's match with the error must be guaranteed by the
    /// static type of what can fail. Each error type that the binding's type does not
    /// contain is reported with jBallerina's wording.
    pub(crate) fn check_failures_match(
        &mut self,
        failures: &[TypeId],
        binding: TypeId,
        span: intc_span::Span,
    ) {
        if self.p.types.is_unknown(binding) {
            return;
        }
        let mut reported: Vec<TypeId> = Vec::new();
        for &failure in failures {
            let members = match self.p.types.get(failure) {
                Type::Union(members) => members.clone(),
                _ => vec![failure],
            };
            for member in members {
                if reported.contains(&member)
                    || self.p.types.is_unknown(member)
                    || self.p.types.is_subtype(member, binding)
                {
                    continue;
                }
                reported.push(member);
                let message = format!(
                    "incompatible error definition type: '{}' will not be matched to '{}'",
                    self.p.types.display(member),
                    self.p.types.display(binding)
                );
                self.error(codes::TYPE_MISMATCH, span, message);
            }
        }
    }

    fn apply_narrowing_to(&mut self, flow: &mut Flow, facts: &[(usize, TypeId)]) {
        for &(local, ty) in facts {
            flow.narrowed.insert(local, ty);
        }
    }

    fn drop_narrowing_for(&mut self, body: &ast::Block) {
        let mut names = Vec::new();
        assigned_names(body, &mut names);
        for name in names {
            if let Some(local) = self.fx.lookup(&name) {
                self.fx.flow.narrowed.remove(&local);
            }
        }
    }

    /// What iterating a value of type `t` yields.
    pub(crate) fn iteration_of(
        &mut self,
        t: TypeId,
        iterable: &ast::Expr,
    ) -> (Option<IterationKind>, TypeId) {
        if self.p.types.is_unknown(t) {
            return (None, TypeArena::UNKNOWN);
        }
        if matches!(self.p.types.get(t), Type::IntRange) {
            return (Some(IterationKind::Range), TypeArena::INT);
        }
        match self.p.types.basic_mask(t) {
            basic::LIST => {
                let e = self.list_element_type(t);
                (Some(IterationKind::List), e)
            }
            basic::MAPPING => {
                let e = self.mapping_member_type(t);
                (Some(IterationKind::Mapping), e)
            }
            basic::STRING => (Some(IterationKind::String), TypeArena::STRING_CHAR),
            basic::XML => {
                let item = self.xml_item_of(t).unwrap_or(TypeArena::XML);
                (Some(IterationKind::Xml), item)
            }
            basic::TABLE => (Some(IterationKind::Table), self.table_row_type(t)),
            basic::STREAM => match self.stream_iteration(t) {
                Some((value, _)) => (Some(IterationKind::Stream), value),
                None => (None, TypeArena::UNKNOWN),
            },
            basic::OBJECT => match self.iterable_object_element(t) {
                Some(element) => (Some(IterationKind::Object), element),
                None => {
                    self.not_iterable_object(t, iterable.span);
                    (None, TypeArena::UNKNOWN)
                }
            },
            _ => {
                let message = format!("'{}' is not iterable", self.p.types.display(t));
                self.error(codes::TYPE_MISMATCH, iterable.span, message);
                (None, TypeArena::UNKNOWN)
            }
        }
    }

    /// `T pattern = init;` / `var pattern = init;` / `T x;`
    pub(crate) fn check_var_decl(
        &mut self,
        ty: Option<&'a ast::TypeDesc>,
        binding: &'a ast::BindingPattern,
        init: Option<&'a ast::Expr>,
        is_final: bool,
    ) {
        let place = self.place;
        let declared = ty.map(|d| (self.resolve_type(place, d), d));
        let never = declared.filter(|&(t, _)| {
            !self.p.types.is_unknown(t) && self.p.types.is_subtype(t, TypeArena::NEVER)
        });
        if let Some((_, desc)) = never {
            // No value could ever be stored in it.
            self.error(
                codes::EMPTY_TYPE,
                desc.span,
                "cannot define a variable of type 'never' or equivalent to type 'never'",
            );
        }
        let mut names = Vec::new();
        crate::collect::binding_captures(binding, &mut names);
        let depth = self.fx.declaring.len();
        self.fx
            .declaring
            .extend(names.into_iter().map(|(name, _)| name.name));
        let ty = match (declared, init) {
            (Some((t, desc)), Some(e)) => {
                let found = self.check_assignable(e, t);
                let fixed = self.inferred_length(t, desc, found, e);
                if fixed != t {
                    // `int[*] a = [1, 2]`: the list constructor's inherent type is `int[2]`.
                    if let ast::ExprKind::List(_) = e.kind {
                        self.p.operand_types.insert(self.key(e.id), fixed);
                    }
                }
                fixed
            }
            (Some((t, _)), None) => t,
            (None, Some(e)) => {
                let t = self.check_expr(e, None);
                if let ast::BindingPatternKind::Capture(name) = &binding.kind {
                    if !self.suppress_errors
                        && !self.p.types.is_unknown(t)
                        && self.p.types.contains_error(t)
                    {
                        let key = self.key(binding.id);
                        self.error_vars.push((key, name.name.clone(), binding.span));
                    }
                }
                self.p.types.widen(t)
            }
            (None, None) => TypeArena::UNKNOWN,
        };
        self.fx.declaring.truncate(depth);
        self.declare_pattern_assigned(binding, ty, is_final, init.is_some());
    }

    /// `T[*] x = [..]`: the fixed length comes from the initializer.
    fn inferred_length(
        &mut self,
        t: TypeId,
        desc: &ast::TypeDesc,
        found: TypeId,
        init: &ast::Expr,
    ) -> TypeId {
        // The first-written dimension (`int[*][2]`) is the outermost node of the descriptor
        // (the parser nests dimensions in member-access order) and the outermost array type.
        let first = desc;
        if let ast::TypeDescKind::Array {
            length: ast::ArrayLength::Inferred,
            ..
        } = first.kind
        {
            // A list constructor without spreads has as many members as it lists.
            let listed = match &init.kind {
                ast::ExprKind::List(items)
                    if items.iter().all(|i| matches!(i, ast::ListItem::Expr(_))) =>
                {
                    Some(items.len() as u32)
                }
                _ => None,
            };
            let known = match self.p.types.get(found) {
                Type::Array {
                    length: Some(n), ..
                } => Some(*n),
                Type::Tuple {
                    members,
                    rest: None,
                } => Some(members.len() as u32),
                _ => listed,
            };
            if let (Type::Array { element, .. }, Some(n)) = (self.p.types.get(t).clone(), known) {
                return self.p.types.add(Type::Array {
                    element,
                    length: Some(n),
                });
            }
        }
        t
    }

    pub(crate) fn declare_pattern(
        &mut self,
        pattern: &'a ast::BindingPattern,
        ty: TypeId,
        is_final: bool,
    ) {
        self.declare_pattern_assigned(pattern, ty, is_final, true);
    }

    fn declare_pattern_assigned(
        &mut self,
        pattern: &'a ast::BindingPattern,
        ty: TypeId,
        is_final: bool,
        assigned: bool,
    ) {
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
            self.declare_local(&name, key, t, is_final, assigned);
        }
    }

    /// The type each capture of a binding pattern gets when the whole value has type `ty`.
    pub(crate) fn bind_pattern_types(
        &mut self,
        pattern: &ast::BindingPattern,
        ty: TypeId,
        out: &mut Vec<(NodeKey, TypeId)>,
    ) {
        let key = self.key(pattern.id);
        match &pattern.kind {
            ast::BindingPatternKind::Capture(_) => out.push((key, ty)),
            ast::BindingPatternKind::Wildcard => {}
            ast::BindingPatternKind::List { items, rest } => {
                if !self.p.types.is_unknown(ty) && self.p.types.basic_mask(ty) & basic::LIST == 0 {
                    let message = format!(
                        "invalid list binding pattern: expected an array or a tuple, but found '{}'",
                        self.p.types.display(ty)
                    );
                    self.error(codes::TYPE_MISMATCH, pattern.span, message);
                } else if let Some(length) = self.fixed_list_length(ty) {
                    // A list of fixed length matches only a pattern of as many members (or
                    // at most as many, with a rest binding).
                    let count = items.len() as u64;
                    if count > length || (rest.is_none() && count < length) {
                        self.error(
                            codes::TYPE_MISMATCH,
                            pattern.span,
                            "invalid list binding pattern; member variable count mismatch with member type count",
                        );
                    }
                }
                for (i, item) in items.iter().enumerate() {
                    let member = self.list_member_at(ty, Some(i as i64));
                    self.bind_pattern_types(item, member, out);
                }
                if let Some(rest) = rest {
                    let element = match self.p.types.get(ty).clone() {
                        Type::Tuple {
                            members,
                            rest: tuple_rest,
                        } => {
                            let mut remaining: Vec<TypeId> =
                                members.iter().skip(items.len()).copied().collect();
                            remaining.extend(tuple_rest);
                            self.p.types.union_of(&remaining)
                        }
                        _ => self.list_element_type(ty),
                    };
                    let arr = self.p.types.array_of(element);
                    self.bind_pattern_types(rest, arr, out);
                }
            }
            ast::BindingPatternKind::Mapping { fields, rest } => {
                for field in fields {
                    let (t, missing) = self.mapping_member_at(ty, Some(&field.name.name));
                    let t = if missing && !matches!(self.p.types.get(ty), Type::Record(_)) {
                        self.p.types.optional(t)
                    } else if missing && t == TypeArena::NEVER {
                        let message = format!(
                            "invalid record binding pattern; unknown field '{}' in record type '{}'",
                            field.name.name,
                            self.p.types.display(ty)
                        );
                        self.error(codes::UNDEFINED_FIELD, field.name.span, message);
                        TypeArena::UNKNOWN
                    } else if missing {
                        self.p.types.optional(t)
                    } else {
                        t
                    };
                    self.bind_pattern_types(&field.pattern, t, out);
                }
                if let Some(rest) = rest {
                    // The rest of a record is a record without the bound fields (jBallerina:
                    // `record {| never x?; T y; R...; |}`), of a map the map type.
                    let rest_ty = match self.p.types.get(ty).clone() {
                        Type::Record(r) => {
                            let bound = |name: &str| fields.iter().any(|b| b.name.name == name);
                            let mut kept: Vec<RecordField> = Vec::new();
                            for f in r.fields {
                                if bound(&f.name) {
                                    kept.push(RecordField {
                                        ty: TypeArena::NEVER,
                                        optional: true,
                                        readonly: false,
                                        default: None,
                                        ..f
                                    });
                                } else {
                                    kept.push(RecordField { default: None, ..f });
                                }
                            }
                            self.p.types.add(Type::Record(RecordType {
                                fields: kept,
                                rest: r.rest,
                            }))
                        }
                        _ => {
                            let member = self.mapping_member_type(ty);
                            self.p.types.map_of(member)
                        }
                    };
                    self.bind_pattern_types(rest, rest_ty, out);
                }
            }
            ast::BindingPatternKind::Error {
                message,
                cause,
                fields,
                rest,
                type_ref,
            } => {
                let mut error_ty = self.p.types.error_part(ty);
                if let Some(named) = type_ref.as_ref().and_then(|n| self.error_pattern_type(n)) {
                    error_ty = named;
                }
                let detail = match self.p.types.get(error_ty) {
                    Type::Error(e) => e.detail,
                    _ => TypeArena::ERROR_DETAIL,
                };
                if let Some(m) = message {
                    self.bind_pattern_types(m, TypeArena::STRING, out);
                }
                if let Some(c) = cause {
                    self.bind_pattern_types(c, TypeArena::ERROR_OR_NIL, out);
                }
                for field in fields {
                    let (t, missing) = self.mapping_member_at(detail, Some(&field.name.name));
                    let t = if missing { self.p.types.optional(t) } else { t };
                    self.bind_pattern_types(&field.pattern, t, out);
                }
                if let Some(rest) = rest {
                    let member = self.mapping_member_type(detail);
                    let map = self.p.types.map_of(member);
                    self.bind_pattern_types(rest, map, out);
                }
            }
        }
    }
}
