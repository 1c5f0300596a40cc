//! Strands: named workers and `fork` (spec "Workers", "Fork statement"), `start` and the
//! three forms of `wait` (spec "Start action", "Wait action").
//!
//! A worker's body is checked like an anonymous function's (a closure frame keyed by the
//! worker's declaration), so the variables it uses from the default worker's init statements
//! are recorded as captures for lowering. Each worker's name is a `final` local of type
//! `future<T>`, declared when the run of worker declarations starts, so workers see each
//! other's names and the default worker's statements after them see all of them.

use crate::checker::Checker;
use crate::model::*;
use crate::model_strands::WorkerInfo;
use crate::scope::LocalId;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// A run of named worker declarations of a function body (`placed`: directly in the body,
    /// after its default worker's init statements).
    pub(crate) fn check_named_workers(
        &mut self,
        workers: &[&'a ast::WorkerDecl],
        placed: bool,
        rest: &'a [ast::Stmt],
    ) {
        if !placed {
            for worker in workers {
                self.error_help(
                    codes::WORKER_PLACEMENT,
                    worker.name.span,
                    "a worker must be declared directly in a function body, together with the other workers",
                    "declare the workers after the statements that run before them, and before the rest of the function",
                );
            }
        }
        self.check_workers(workers, placed.then_some(rest), false);
    }

    pub(crate) fn check_fork(&mut self, workers: &[&'a ast::WorkerDecl]) {
        self.check_workers(workers, None, true);
    }

    /// `rest`: the default worker's statements after a function body's run of workers (whose
    /// message passing is numbered before the bodies are checked); `fork`: the workers of a
    /// fork statement (numbered among themselves).
    fn check_workers(
        &mut self,
        workers: &[&'a ast::WorkerDecl],
        rest: Option<&'a [ast::Stmt]>,
        fork: bool,
    ) {
        let place = self.place;
        let mut infos = Vec::with_capacity(workers.len());
        for worker in workers {
            let ret = match &worker.return_type {
                Some(ty) => self.resolve_type(place, ty),
                None => TypeArena::NIL,
            };
            let future = self.p.types.add(Type::Future(ret));
            let key = self.key(worker.id);
            self.p.strands.workers.insert(
                key,
                WorkerInfo {
                    name: worker.name.name.clone(),
                    ret,
                    future,
                },
            );
            let local = self.declare_local(&worker.name, key, future, true, true);
            let frame = self.fx.closures.last().map(|f| f.key);
            self.fx
                .worker_locals
                .insert(local, (self.fx.loop_depth, frame));
            infos.push((key, ret));
        }
        if rest.is_some() || fork {
            self.number_messages(workers, rest);
        }
        for (worker, (key, ret)) in workers.iter().zip(infos) {
            self.check_worker_annotations(&worker.annots);
            // Spec "Workers": a named worker is a transactional scope only when declared
            // `transactional`, which only the body of a transactional function allows.
            if worker.transactional && !self.fx.tx.transactional_fn {
                self.error(
                    codes::TRANSACTIONAL_WORKER,
                    worker.name.span,
                    "a transactional worker is allowed only in the body of a transactional function",
                );
            }
            let saved = self.enter_closure(key, ret);
            self.fx.tx.transactional_fn = worker.transactional;
            let has_on_fail = worker.on_fail.is_some();
            self.enter_on_fail(has_on_fail);
            self.check_block(&worker.body);
            let failures = self.leave_on_fail(has_on_fail);
            if let Some(handler) = &worker.on_fail {
                let after_body = self.fx.flow.clone();
                self.check_on_fail_with(Some(handler), false, &failures);
                if !after_body.unreachable {
                    self.fx.flow.unreachable = false;
                }
            }
            if !self.fx.flow.unreachable
                && !self.p.types.contains_nil(ret)
                && !self.p.types.is_unknown(ret)
            {
                let end = Span::new(
                    worker.body.span.file,
                    worker.body.span.end.saturating_sub(1),
                    worker.body.span.end,
                );
                self.error(
                    codes::MISSING_RETURN,
                    end,
                    "this worker must return a result",
                );
            }
            self.exit_closure(saved);
        }
    }

    /// A read of a worker's name: it may be evaluated at most once per execution of the
    /// worker that reads it (spec "Workers"), so not in a loop, not in a closure (which may
    /// run any number of times) and not twice in one worker. The branches of an `if` may each
    /// use it (`check_stmt` forgets the uses of one branch while checking the other); those
    /// of a `match` or a conditional expression may not.
    pub(crate) fn note_worker_ref(&mut self, key: NodeKey, local: LocalId, span: Span) {
        self.p.strands.worker_refs.insert(key);
        let frame = self.fx.closures.last().map(|f| f.key);
        let name = self.fx.locals[local].name.clone();
        let repeated = match self.fx.worker_locals.get(&local) {
            // In the frame that declared the worker, only loops entered since then repeat the
            // use without repeating the declaration.
            Some(&(depth, decl_frame)) if decl_frame == frame => self.fx.loop_depth > depth,
            _ => {
                let in_closure = frame.is_some_and(|k| !self.p.strands.workers.contains_key(&k));
                self.fx.loop_depth > 0 || in_closure
            }
        };
        if repeated {
            let message = format!(
                "the name of worker '{name}' may be evaluated more than once here (in a loop or a function)"
            );
            self.error_help(
                codes::WORKER_NAME_REUSED,
                span,
                message,
                "a worker's name may be used only once per execution: assign 'wait' of it to a variable first",
            );
            return;
        }
        if self.fx.worker_uses.insert((local, frame), span).is_some() {
            let message = format!("the name of worker '{name}' is used more than once");
            self.error_help(
                codes::WORKER_NAME_REUSED,
                span,
                message,
                "a worker's name may be used only once per execution: keep the result of 'wait' in a variable",
            );
        }
    }

    /// `start f(args)`: `future<T>` for a call of type `T`.
    pub(crate) fn check_start(
        &mut self,
        expr: &ast::Expr,
        call: &'a ast::Expr,
        expected: Option<TypeId>,
    ) -> TypeId {
        let call_expected = expected.and_then(|e| {
            self.p
                .types
                .members(e)
                .into_iter()
                .find_map(|m| match self.p.types.get(m) {
                    Type::Future(t) => Some(*t),
                    _ => None,
                })
        });
        let ty = self.check_expr(call, call_expected);
        if !matches!(
            call.kind,
            ast::ExprKind::Call { .. } | ast::ExprKind::MethodCall { .. }
        ) {
            self.error(
                codes::START_NOT_CALL,
                expr.span,
                "'start' must be followed by a function or method call",
            );
            return TypeArena::UNKNOWN;
        }
        if self.p.error_constructors.contains_key(&self.key(call.id)) {
            self.error(
                codes::START_NOT_CALL,
                call.span,
                "'start' must be followed by a function or method call, not an error constructor",
            );
            return TypeArena::UNKNOWN;
        }
        self.p.types.add(Type::Future(ty))
    }

    /// The eventual type of one wait operand: `T` for a worker's name, else `T|error`.
    fn eventual_type(&mut self, future: &'a ast::Expr) -> TypeId {
        let ty = self.check_expr(future, None);
        if self.p.types.is_unknown(ty) {
            return TypeArena::UNKNOWN;
        }
        let mut results = Vec::new();
        let mut all_futures = true;
        for member in self.p.types.members(ty) {
            match self.p.types.get(member) {
                Type::Future(t) => results.push(*t),
                Type::Never => {}
                _ => all_futures = false,
            }
        }
        if !all_futures || results.is_empty() {
            let message = format!(
                "incompatible types: expected 'future', found '{}'",
                self.p.types.display(ty)
            );
            self.error(codes::WAIT_NOT_FUTURE, future.span, message);
            return TypeArena::UNKNOWN;
        }
        let result = self.p.types.union_of(&results);
        let inner = strip_groups(future);
        let names_worker = matches!(inner.kind, ast::ExprKind::Var { .. })
            && self.p.strands.worker_refs.contains(&self.key(inner.id));
        if names_worker {
            result
        } else {
            self.p.types.union_of(&[result, TypeArena::ERROR])
        }
    }

    /// `wait f` and the alternate wait `wait f1 | f2`: the union of the eventual types.
    pub(crate) fn check_wait(&mut self, futures: &'a [ast::Expr]) -> TypeId {
        let mut types = Vec::with_capacity(futures.len());
        for future in futures {
            types.push(self.eventual_type(future));
        }
        if types.iter().any(|&t| self.p.types.is_unknown(t)) {
            return TypeArena::UNKNOWN;
        }
        self.p.types.union_of(&types)
    }

    /// `wait {a: f1, b}`: a closed record of the eventual types, or the expected mapping type
    /// when the record fits it (the result is then built as that type, like a mapping
    /// constructor).
    pub(crate) fn check_multiple_wait(
        &mut self,
        expr: &ast::Expr,
        fields: &'a [ast::WaitField],
        expected: Option<TypeId>,
    ) -> TypeId {
        let mut record_fields: Vec<RecordField> = Vec::with_capacity(fields.len());
        let mut unknown = false;
        for field in fields {
            let ty = self.eventual_type(&field.future);
            unknown |= self.p.types.is_unknown(ty);
            if record_fields.iter().any(|f| f.name == field.name.name) {
                let message = format!("duplicate field '{}' in the multiple wait", field.name.name);
                self.error(codes::DUPLICATE_DEFINITION, field.name.span, message);
                continue;
            }
            record_fields.push(RecordField {
                name: field.name.name.clone(),
                ty,
                optional: false,
                readonly: false,
                default: None,
            });
        }
        if unknown {
            return TypeArena::UNKNOWN;
        }
        let record = self.p.types.add(Type::Record(RecordType {
            fields: record_fields,
            rest: None,
        }));
        let Some(expected) = expected else {
            return record;
        };
        self.mapping_result(record, expected, codes::WAIT_RESULT, expr.span)
    }

    /// The type a multiple wait or multiple receive gives its record of results `record` when
    /// `expected` asks for a type: the first record or map member of `expected` that takes it,
    /// else `record` itself if it fits; otherwise `code` reports the mismatch at `span`.
    pub(crate) fn mapping_result(
        &mut self,
        record: TypeId,
        expected: TypeId,
        code: intc_diagnostics::Code,
        span: Span,
    ) -> TypeId {
        let target = self
            .p
            .types
            .members(expected)
            .into_iter()
            .filter(|&m| matches!(self.p.types.get(m), Type::Map(_) | Type::Record(_)))
            .find(|&m| self.p.types.is_subtype(record, m));
        match target {
            Some(target) => target,
            None => {
                if !self.p.types.is_subtype(record, expected) {
                    let message = format!(
                        "incompatible types: expected '{}', found '{}'",
                        self.p.types.display(expected),
                        self.p.types.display(record)
                    );
                    self.error(code, span, message);
                    return TypeArena::UNKNOWN;
                }
                record
            }
        }
    }

    /// A message action nested inside an expression (see `messages.rs`): the spec ("Actions")
    /// allows an action only as a statement's action-or-expr or inside another action.
    pub(crate) fn message_passing_unsupported(&mut self, span: Span) -> TypeId {
        self.error_help(
            codes::ACTION_IN_EXPRESSION,
            span,
            "a send, receive or flush is an action, and an action cannot be nested inside an expression (spec \"Actions\"): it may be a statement, or the value of a variable declaration, assignment, 'return', 'match' or 'foreach', also under 'check', 'checkpanic', 'trap', a type cast or parentheses",
            "receive into a variable first, then use the variable",
        );
        TypeArena::UNKNOWN
    }
}

/// The expression inside any parentheses.
fn strip_groups(expr: &ast::Expr) -> &ast::Expr {
    match &expr.kind {
        ast::ExprKind::Group(inner) => strip_groups(inner),
        _ => expr,
    }
}
