//! The syntactic pass of worker message passing (see `messages.rs`): which message actions
//! a statement holds, in textual order, and where they are conditional.

use intc_span::Span;
use intc_syntax::ast;

/// A message action found by the syntactic pass.
#[derive(Clone, Copy)]
pub(crate) enum Action<'a> {
    Send(&'a ast::Expr, &'a ast::PeerWorker),
    Receive(&'a ast::Expr, &'a ast::PeerWorker),
    SyncSend(&'a ast::Expr, &'a ast::PeerWorker),
    Flush(&'a ast::Expr, &'a ast::PeerWorker),
    /// `flush;`: every queue of the member.
    FlushAll(&'a ast::Expr),
}

/// The message actions a statement directly is (one receive per peer of an alternate or
/// multiple receive), also under `check`.
pub(crate) fn actions(stmt: &ast::Stmt) -> Vec<Action<'_>> {
    let expr = match &stmt.kind {
        ast::StmtKind::Send { value, peer } => return vec![Action::Send(value, peer)],
        ast::StmtKind::Expr(e) => e,
        ast::StmtKind::VarDecl { init: Some(e), .. } => e,
        ast::StmtKind::Assign { value, .. } => value,
        ast::StmtKind::Return(Some(e)) => e,
        // Also action-or-expr positions (spec "Actions"): evaluated once, before the loop.
        ast::StmtKind::CompoundAssign { value, .. } => value,
        ast::StmtKind::Foreach { iterable, .. } => iterable,
        _ => return Vec::new(),
    };
    expr_actions(expr)
}

/// The message actions an action-or-expr directly is.
pub(crate) fn expr_actions(expr: &ast::Expr) -> Vec<Action<'_>> {
    let expr = strip_groups(expr);
    match &expr.kind {
        ast::ExprKind::Receive(ast::Receive::Single(peer)) => vec![Action::Receive(expr, peer)],
        ast::ExprKind::Receive(ast::Receive::Alternate(peers)) => {
            peers.iter().map(|p| Action::Receive(expr, p)).collect()
        }
        ast::ExprKind::Receive(ast::Receive::Multiple(fields)) => fields
            .iter()
            .map(|(_, p)| Action::Receive(expr, p))
            .collect(),
        ast::ExprKind::SyncSend { peer, .. } => vec![Action::SyncSend(expr, peer)],
        ast::ExprKind::Flush(Some(peer)) => vec![Action::Flush(expr, peer)],
        ast::ExprKind::Flush(None) => vec![Action::FlushAll(expr)],
        _ => Vec::new(),
    }
}

/// The message actions of a statement and of the blocks of `if`, `match`, `do`, `lock` and
/// plain blocks in it, in textual order, each with whether it is conditional (may not run
/// although the statement completes). Loops, nested workers and functions are not entered:
/// actions there are reported when checked. `branches` gets the blocks that start a branch
/// after an earlier sibling (an `else`, a later `match` clause) with the number of actions
/// before them: on entering one, the earlier siblings' sends will not run.
pub(crate) fn collect<'a>(
    stmt: &'a ast::Stmt,
    conditional: bool,
    out: &mut Vec<(Action<'a>, bool)>,
    branches: &mut Vec<(usize, Span)>,
) {
    fn block<'a>(
        b: &'a ast::Block,
        c: bool,
        out: &mut Vec<(Action<'a>, bool)>,
        branches: &mut Vec<(usize, Span)>,
    ) {
        for s in &b.stmts {
            collect(s, c, out, branches);
        }
    }
    match &stmt.kind {
        ast::StmtKind::If {
            then, otherwise, ..
        } => {
            block(then, true, out, branches);
            let mut otherwise = otherwise.as_ref();
            while let Some(branch) = otherwise {
                match branch {
                    ast::ElseBranch::Block(b) => {
                        branches.push((out.len(), b.span));
                        block(b, true, out, branches);
                        otherwise = None;
                    }
                    ast::ElseBranch::If(s) => match &s.kind {
                        ast::StmtKind::If {
                            then, otherwise: o, ..
                        } => {
                            branches.push((out.len(), then.span));
                            block(then, true, out, branches);
                            otherwise = o.as_ref();
                        }
                        _ => {
                            collect(s, true, out, branches);
                            otherwise = None;
                        }
                    },
                }
            }
        }
        ast::StmtKind::Match {
            expr,
            clauses,
            on_fail,
        } => {
            // The match target (an action-or-expr) runs before any clause.
            out.extend(expr_actions(expr).into_iter().map(|a| (a, conditional)));
            for (index, clause) in clauses.iter().enumerate() {
                if index > 0 {
                    branches.push((out.len(), clause.body.span));
                }
                block(&clause.body, true, out, branches);
            }
            // Like an `else`: entering it, the sends before it in the statement will not run.
            if let Some(on_fail) = on_fail {
                branches.push((out.len(), on_fail.body.span));
                block(&on_fail.body, true, out, branches);
            }
        }
        // A `check` in a `do` with `on fail` skips the rest of the block.
        ast::StmtKind::Do { body, on_fail } => {
            block(body, conditional || on_fail.is_some(), out, branches);
            if let Some(on_fail) = on_fail {
                branches.push((out.len(), on_fail.body.span));
                block(&on_fail.body, true, out, branches);
            }
        }
        ast::StmtKind::Lock(body) | ast::StmtKind::Block(body) => {
            block(body, conditional, out, branches)
        }
        _ => out.extend(actions(stmt).into_iter().map(|a| (a, conditional))),
    }
}

/// Whether a statement holds a `return` (outside nested functions and workers).
pub(crate) fn returns(stmt: &ast::Stmt) -> bool {
    let block = |b: &ast::Block| b.stmts.iter().any(returns);
    let on_fail = |o: &Option<ast::OnFail>| o.as_ref().is_some_and(|o| block(&o.body));
    match &stmt.kind {
        ast::StmtKind::Return(_) => true,
        ast::StmtKind::If {
            then, otherwise, ..
        } => {
            block(then)
                || match otherwise {
                    Some(ast::ElseBranch::Block(b)) => block(b),
                    Some(ast::ElseBranch::If(s)) => returns(s),
                    None => false,
                }
        }
        ast::StmtKind::Match {
            clauses,
            on_fail: o,
            ..
        } => clauses.iter().any(|c| block(&c.body)) || on_fail(o),
        ast::StmtKind::While {
            body, on_fail: o, ..
        }
        | ast::StmtKind::Foreach {
            body, on_fail: o, ..
        }
        | ast::StmtKind::Do { body, on_fail: o }
        | ast::StmtKind::Transaction { body, on_fail: o }
        | ast::StmtKind::Retry {
            body, on_fail: o, ..
        } => block(body) || on_fail(o),
        ast::StmtKind::Lock(body) | ast::StmtKind::Block(body) => block(body),
        _ => false,
    }
}

/// The `on fail` clauses of a statement and of the statements in its blocks (outside
/// nested functions and workers), including those nested in other `on fail` clauses.
pub(crate) fn on_fail_blocks<'a>(stmt: &'a ast::Stmt, out: &mut Vec<&'a ast::Block>) {
    let block = |b: &'a ast::Block, out: &mut Vec<&'a ast::Block>| {
        for s in &b.stmts {
            on_fail_blocks(s, out);
        }
    };
    let on_fail = |o: &'a Option<ast::OnFail>| o.as_ref().map(|o| &o.body);
    let (bodies, handler): (Vec<&'a ast::Block>, Option<&'a ast::Block>) = match &stmt.kind {
        ast::StmtKind::If {
            then, otherwise, ..
        } => {
            block(then, out);
            match otherwise {
                Some(ast::ElseBranch::Block(b)) => block(b, out),
                Some(ast::ElseBranch::If(s)) => on_fail_blocks(s, out),
                None => {}
            }
            return;
        }
        // Their `on fail` clauses are numbered with them (`collect`); only nested ones here.
        ast::StmtKind::Match {
            clauses,
            on_fail: o,
            ..
        } => {
            for c in clauses {
                block(&c.body, out);
            }
            if let Some(h) = on_fail(o) {
                block(h, out);
            }
            return;
        }
        ast::StmtKind::Do { body, on_fail: o } => {
            block(body, out);
            if let Some(h) = on_fail(o) {
                block(h, out);
            }
            return;
        }
        ast::StmtKind::While {
            body, on_fail: o, ..
        }
        | ast::StmtKind::Foreach {
            body, on_fail: o, ..
        }
        | ast::StmtKind::Transaction { body, on_fail: o }
        | ast::StmtKind::Retry {
            body, on_fail: o, ..
        } => (vec![body], on_fail(o)),
        ast::StmtKind::Lock(body) | ast::StmtKind::Block(body) => (vec![body], None),
        _ => return,
    };
    for b in bodies {
        block(b, out);
    }
    if let Some(h) = handler {
        out.push(h);
        block(h, out);
    }
}

pub(crate) fn action_expr<'a>(action: Action<'a>) -> &'a ast::Expr {
    match action {
        Action::Send(e, _)
        | Action::Receive(e, _)
        | Action::SyncSend(e, _)
        | Action::Flush(e, _)
        | Action::FlushAll(e) => e,
    }
}

pub(crate) fn strip_groups(expr: &ast::Expr) -> &ast::Expr {
    match &expr.kind {
        ast::ExprKind::Group(inner) => strip_groups(inner),
        // `check`, `checkpanic`, `trap` and a type cast take an action-or-expr (spec
        // "Actions"); anything else around an action nests it in an expression.
        ast::ExprKind::Check { expr: inner, .. }
        | ast::ExprKind::Trap(inner)
        | ast::ExprKind::Cast { expr: inner, .. } => strip_groups(inner),
        _ => expr,
    }
}
