//! Transactions (spec "Transactions"): the `transaction`, `retry`, `retry transaction` and
//! `rollback` statements, the `commit` action, the `transactional` expression and the rules
//! of transactional scopes, with jBallerina's messages.
//!
//! A transactional scope is where the strand is known to be in transaction mode: the block of
//! a `transaction` statement up to a `commit` or `rollback` (the flow's `tx_ended`, joined
//! over branches, says whether one may have run), the body of a `transactional` function and
//! the block of `if transactional { }`.

use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

/// The transaction context of the body being checked (a closure starts a fresh one).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TxScope {
    /// Enclosing `transaction` statements in this body.
    pub depth: u32,
    /// The loop depth where the innermost transaction statement began (a `break` or
    /// `continue` of an outer loop leaves the transaction).
    pub loop_depth: u32,
    /// Checking the body of a `transactional` function.
    pub transactional_fn: bool,
    /// Enclosing `if transactional { }` blocks.
    pub transactional_if: u32,
}

/// Whether a block contains a `commit` action (not counting closures and nested
/// transaction statements, whose commits are their own).
fn block_commits(block: &ast::Block) -> bool {
    block.stmts.iter().any(stmt_commits)
}

fn stmt_commits(stmt: &ast::Stmt) -> bool {
    let on_fail = |f: &Option<ast::OnFail>| f.as_ref().is_some_and(|f| block_commits(&f.body));
    match &stmt.kind {
        ast::StmtKind::VarDecl { init, .. } => init.as_ref().is_some_and(expr_commits),
        ast::StmtKind::Assign { value, .. }
        | ast::StmtKind::DestructureAssign { value, .. }
        | ast::StmtKind::CompoundAssign { value, .. } => expr_commits(value),
        ast::StmtKind::Expr(e) | ast::StmtKind::Return(Some(e)) => expr_commits(e),
        ast::StmtKind::If {
            then, otherwise, ..
        } => {
            block_commits(then)
                || match otherwise {
                    Some(ast::ElseBranch::Block(b)) => block_commits(b),
                    Some(ast::ElseBranch::If(s)) => stmt_commits(s),
                    None => false,
                }
        }
        ast::StmtKind::While {
            body, on_fail: f, ..
        }
        | ast::StmtKind::Foreach {
            body, on_fail: f, ..
        }
        | ast::StmtKind::Do { body, on_fail: f }
        | ast::StmtKind::Retry {
            body,
            on_fail: f,
            transaction: false,
            ..
        } => block_commits(body) || on_fail(f),
        ast::StmtKind::Match {
            clauses,
            on_fail: f,
            ..
        } => clauses.iter().any(|c| block_commits(&c.body)) || on_fail(f),
        ast::StmtKind::Lock(b) | ast::StmtKind::Block(b) => block_commits(b),
        _ => false,
    }
}

/// `commit`, possibly under `check`, `checkpanic`, `trap`, a cast or parentheses (an action
/// appears only there).
fn expr_commits(expr: &ast::Expr) -> bool {
    match &expr.kind {
        ast::ExprKind::Commit => true,
        ast::ExprKind::Check { expr, .. }
        | ast::ExprKind::Trap(expr)
        | ast::ExprKind::Cast { expr, .. }
        | ast::ExprKind::Group(expr) => expr_commits(expr),
        _ => false,
    }
}

/// `transactional` (in parentheses or not): the condition of `if transactional { }`.
pub(crate) fn is_transactional_expr(expr: &ast::Expr) -> bool {
    match &expr.kind {
        ast::ExprKind::Transactional => true,
        ast::ExprKind::Group(inner) => is_transactional_expr(inner),
        _ => false,
    }
}

impl<'a> Checker<'a> {
    /// Whether the strand is known to be in transaction mode here.
    pub(crate) fn in_transactional_scope(&self) -> bool {
        let tx = &self.fx.tx;
        (tx.depth > 0 && !self.fx.flow.tx_ended) || tx.transactional_fn || tx.transactional_if > 0
    }

    /// `transaction { ... } on fail ...`, alone or as the body of `retry transaction`.
    pub(crate) fn check_transaction(
        &mut self,
        span: Span,
        body: &'a ast::Block,
        on_fail: Option<&'a ast::OnFail>,
    ) {
        if self.in_transactional_scope() {
            self.error(
                codes::NESTED_TRANSACTION,
                span,
                "transaction statement cannot be used within a transactional scope",
            );
        }
        if !block_commits(body) {
            self.error(
                codes::TRANSACTION_WITHOUT_COMMIT,
                span,
                "invalid transaction commit count",
            );
        }
        // The `on fail` clause runs after the rollback: outside the transaction.
        let saved = self.fx.tx;
        let saved_flow = (self.fx.flow.tx_ended, self.fx.flow.tx_done);
        let before = self.fx.flow.clone();
        self.enter_on_fail(on_fail.is_some());
        self.fx.tx.depth += 1;
        self.fx.tx.loop_depth = self.fx.loop_depth;
        self.fx.tx.transactional_if = 0;
        self.fx.flow.tx_ended = false;
        self.fx.flow.tx_done = false;
        self.check_block(body);
        if !self.fx.flow.unreachable && !self.fx.flow.tx_done {
            self.error(
                codes::TRANSACTION_FALLS_THROUGH,
                span,
                "transaction exit prior to commit/rollback identified",
            );
        }
        self.fx.tx = saved;
        (self.fx.flow.tx_ended, self.fx.flow.tx_done) = saved_flow;
        let failures = self.leave_on_fail(on_fail.is_some());
        self.check_on_fail_clause(before, on_fail, &failures);
    }

    /// A block whose failures go to `on_fail` (like `do { } on fail`).
    fn check_failing_block(&mut self, body: &'a ast::Block, on_fail: Option<&'a ast::OnFail>) {
        let before = self.fx.flow.clone();
        self.enter_on_fail(on_fail.is_some());
        self.check_block(body);
        let failures = self.leave_on_fail(on_fail.is_some());
        self.check_on_fail_clause(before, on_fail, &failures);
    }

    /// The `on fail` clause of a statement whose block was checked from flow `before`.
    fn check_on_fail_clause(
        &mut self,
        before: crate::scope::Flow,
        on_fail: Option<&'a ast::OnFail>,
        failures: &[TypeId],
    ) {
        if let Some(handler) = on_fail {
            let after_body = self.fx.flow.clone();
            self.fx.flow = before;
            self.check_on_fail_with(Some(handler), false, failures);
            let after_handler = self.fx.flow.clone();
            let types = &mut self.p.types;
            let mut union = |x: TypeId, y: TypeId| types.union_of(&[x, y]);
            self.fx.flow = crate::scope::Flow::join(&after_body, &after_handler, &mut union);
        }
    }

    /// `retry<T>(args) { }` / `retry<T>(args) transaction { }`.
    pub(crate) fn check_retry(
        &mut self,
        span: Span,
        manager: &'a ast::Expr,
        transaction: bool,
        body: &'a ast::Block,
        on_fail: Option<&'a ast::OnFail>,
    ) {
        self.check_retry_manager(manager);
        if transaction {
            self.check_transaction(span, body, on_fail);
        } else {
            self.check_failing_block(body, on_fail);
        }
    }

    fn check_retry_manager(&mut self, manager: &'a ast::Expr) {
        let ast::ExprKind::New { class, args } = &manager.kind else {
            return;
        };
        if class.is_some() {
            let ty = self.check_expr(manager, None);
            let Some(expected) = self.lang_module_type("error", "RetryManager", true) else {
                return;
            };
            if !self.p.types.is_unknown(ty) && !self.p.types.is_subtype(ty, expected) {
                let message = format!(
                    "incompatible types: expected '{}', found '{}'",
                    self.p.types.display(expected),
                    self.p.types.display(ty)
                );
                self.error(codes::INVALID_RETRY_MANAGER, manager.span, message);
            }
            return;
        }
        // The default retry manager: `init(int count = 3)`.
        for (i, arg) in args.iter().enumerate() {
            match arg {
                ast::Arg::Positional(e) if i == 0 => {
                    self.check_assignable(e, TypeArena::INT);
                }
                ast::Arg::Named(name, e) if i == 0 && name.name == "count" => {
                    self.check_assignable(e, TypeArena::INT);
                }
                ast::Arg::Positional(e) | ast::Arg::Named(_, e) | ast::Arg::Rest(e) => {
                    self.check_expr(e, None);
                    self.error(
                        codes::INVALID_RETRY_MANAGER,
                        e.span,
                        "the default retry manager takes one argument, the retry count 'int count = 3'",
                    );
                }
            }
        }
        if let Some(retriable) = self.lang_module_type("error", "Retriable", true) {
            self.p.retriable_error = Some(retriable);
        }
    }

    /// `rollback;` / `rollback e;`
    pub(crate) fn check_rollback(&mut self, span: Span, value: Option<&'a ast::Expr>) {
        if let Some(e) = value {
            self.check_assignable(e, TypeArena::ERROR_OR_NIL);
        }
        if self.fx.tx.depth == 0 {
            self.error(
                codes::ROLLBACK_OUTSIDE_TRANSACTION,
                span,
                "rollback cannot be used outside a transaction statement",
            );
        } else if self.fx.flow.tx_ended {
            self.error(
                codes::ROLLBACK_NOT_ALLOWED,
                span,
                "rollback not allowed here",
            );
        }
        self.fx.flow.tx_ended = true;
        self.fx.flow.tx_done = true;
    }

    /// The `commit` action: `transaction:Error?`.
    pub(crate) fn check_commit(&mut self, expr: &ast::Expr) -> TypeId {
        if self.fx.tx.depth == 0 {
            self.error(
                codes::COMMIT_OUTSIDE_TRANSACTION,
                expr.span,
                "commit cannot be used outside a transaction statement",
            );
        } else if self.fx.flow.tx_ended {
            self.error(
                codes::COMMIT_NOT_ALLOWED,
                expr.span,
                "commit not allowed here",
            );
        }
        self.fx.flow.tx_ended = true;
        self.fx.flow.tx_done = true;
        match self.lang_module_type("transaction", "Error", true) {
            Some(error) => {
                self.p.transaction_error = Some(error);
                self.p.types.union_of(&[error, TypeArena::NIL])
            }
            None => TypeArena::ERROR_OR_NIL,
        }
    }

    /// `return`, `break` and `continue` may leave a transaction only after it ended on every
    /// path to them.
    pub(crate) fn check_transaction_exit(&mut self, stmt: &ast::Stmt) {
        let tx = self.fx.tx;
        if tx.depth == 0 || self.fx.flow.tx_done || self.fx.flow.unreachable {
            return;
        }
        let word = match stmt.kind {
            ast::StmtKind::Return(_) => "return",
            // A loop inside the transaction: the jump stays inside it.
            _ if self.fx.loop_depth > tx.loop_depth => return,
            ast::StmtKind::Break => "break",
            _ => "continue",
        };
        self.error(
            codes::TRANSACTION_EXIT,
            stmt.span,
            format!("{word} statement cannot be used to exit from a transaction without a commit or a rollback statement"),
        );
    }

    /// A call of a `transactional` function must be in a transactional scope.
    pub(crate) fn check_transactional_call(&mut self, expr: &ast::Expr) {
        if self.in_transactional_scope() {
            return;
        }
        let key = NodeKey::new(self.place.file, expr.id);
        let transactional = match self.p.calls.get(&key).map(|c| &c.target) {
            Some(CallTarget::Function(id)) => self.function_is_transactional(*id),
            Some(CallTarget::Method {
                function: Some(id), ..
            }) => self.function_is_transactional(*id),
            Some(CallTarget::LangLib { native }) => crate::langlib::is_transactional(*native),
            // A function value of a `transactional` function type.
            Some(CallTarget::FunctionValue) => match &expr.kind {
                ast::ExprKind::Call { callee, .. } => {
                    let ty = self.p.expr_type(self.place.file, callee.id);
                    matches!(self.p.types.get(ty), Type::Function(f) if f.is_transactional)
                }
                _ => false,
            },
            _ => false,
        };
        if transactional {
            self.error(
                codes::TRANSACTIONAL_CALL,
                expr.span,
                "invoking transactional function outside transactional scope is prohibited",
            );
        }
    }

    fn function_is_transactional(&self, id: FunctionId) -> bool {
        let info = &self.p.functions[id.index()];
        let Some(item) = info.source.and_then(|source| self.item_of(source)) else {
            return false;
        };
        match (item, info.member) {
            (ast::Item::Function(def), None) => def.qualifiers.transactional,
            (ast::Item::Class(class), Some(member)) => match class.members.get(member) {
                Some(ast::ClassMember::Method(def)) => def.qualifiers.transactional,
                _ => false,
            },
            _ => false,
        }
    }
}
