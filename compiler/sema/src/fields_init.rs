//! Object fields must be initialized (spec "Fields", "Initialization"): a field without an
//! initializer must be assigned by `init` on every path that returns normally (falling off the
//! end or `return;`). A class without `init` needs an initializer for every field.
//!
//! The analysis is syntactic over `init`'s body: `self.f = ...` assigns `f`; branches join by
//! intersection; loop bodies may run zero times; `panic`, `fail` and `return` with a value (an
//! error, since `init` returns `error?`) end a path without obligations.

use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

/// The fields definitely assigned at a point; `None` when no execution reaches it.
type Assigned = Option<Vec<String>>;

impl<'a> Checker<'a> {
    pub(crate) fn check_field_initialization(&mut self) {
        for index in 0..self.p.classes.len() {
            let ClassSource::Item(source) = self.p.classes[index].source else {
                continue;
            };
            let Some(ast::Item::Class(def)) = self.item_of(source) else {
                continue;
            };
            let needed: Vec<String> = self.p.classes[index]
                .fields
                .iter()
                .filter(|f| f.default.is_none())
                .map(|f| f.name.clone())
                .collect();
            if needed.is_empty() {
                continue;
            }
            let init = def.members.iter().find_map(|m| match m {
                ast::ClassMember::Method(f) if f.name.name == "init" => Some(f),
                _ => None,
            });
            match init {
                None => {
                    for name in &needed {
                        let span = def
                            .members
                            .iter()
                            .find_map(|m| match m {
                                ast::ClassMember::Field(f) if &f.name.name == name => {
                                    Some(f.name.span)
                                }
                                _ => None,
                            })
                            .unwrap_or(def.name.span);
                        let message = format!("uninitialized field '{name}'");
                        self.error(codes::UNINITIALIZED_FIELD, span, message);
                    }
                }
                Some(init) => {
                    let ast::FunctionBody::Block(body) = &init.body else {
                        continue;
                    };
                    let mut walk = InitWalk {
                        needed: &needed,
                        missing: Vec::new(),
                    };
                    let end = walk.block(body, Some(Vec::new()));
                    walk.exit(end, body.span);
                    if let Some((_, at)) = walk.missing.first() {
                        let at = *at;
                        let mut names: Vec<String> = Vec::new();
                        for (name, _) in &walk.missing {
                            if !names.contains(name) {
                                names.push(name.clone());
                            }
                        }
                        let message = format!("field(s) '{}' not initialized", names.join("', '"));
                        let span = if at == body.span { init.name.span } else { at };
                        self.error(codes::UNINITIALIZED_FIELD, span, message);
                    }
                }
            }
        }
    }
}

struct InitWalk<'n> {
    needed: &'n [String],
    /// Fields missing at a normal exit, with the exit's span (the body's span for falling off
    /// the end).
    missing: Vec<(String, Span)>,
}

impl InitWalk<'_> {
    /// A normal exit from `init` at `span` with `assigned` fields.
    fn exit(&mut self, assigned: Assigned, span: Span) {
        let Some(assigned) = assigned else {
            return;
        };
        for name in self.needed {
            if !assigned.contains(name) {
                self.missing.push((name.clone(), span));
            }
        }
    }

    fn block(&mut self, block: &ast::Block, mut state: Assigned) -> Assigned {
        for stmt in &block.stmts {
            state = self.stmt(stmt, state);
        }
        state
    }

    fn stmt(&mut self, stmt: &ast::Stmt, state: Assigned) -> Assigned {
        let mut assigned = state?;
        match &stmt.kind {
            ast::StmtKind::Assign { target, .. } => {
                if let ast::ExprKind::Field { base, field, .. } = &target.kind {
                    if is_self(base) && !assigned.contains(&field.name) {
                        assigned.push(field.name.clone());
                    }
                }
                Some(assigned)
            }
            ast::StmtKind::If {
                then, otherwise, ..
            } => {
                let after_then = self.block(then, Some(assigned.clone()));
                let after_else = match otherwise {
                    Some(ast::ElseBranch::Block(b)) => self.block(b, Some(assigned)),
                    Some(ast::ElseBranch::If(s)) => self.stmt(s, Some(assigned)),
                    None => Some(assigned),
                };
                join(after_then, after_else)
            }
            ast::StmtKind::While { body, on_fail, .. }
            | ast::StmtKind::Foreach { body, on_fail, .. } => {
                // The body may run zero times; exits inside it are still checked.
                self.block(body, Some(assigned.clone()));
                if let Some(handler) = on_fail {
                    self.block(&handler.body, Some(assigned.clone()));
                }
                Some(assigned)
            }
            ast::StmtKind::Match { clauses, .. } => {
                let mut result: Assigned = None;
                let mut catch_all = false;
                for clause in clauses {
                    let end = self.block(&clause.body, Some(assigned.clone()));
                    result = join(result, end);
                    catch_all |= clause.guard.is_none()
                        && clause.patterns.iter().any(|p| {
                            matches!(
                                p.kind,
                                ast::MatchPatternKind::Var(_) | ast::MatchPatternKind::Wildcard
                            )
                        });
                }
                if !catch_all {
                    result = join(result, Some(assigned));
                }
                result
            }
            ast::StmtKind::Do { body, on_fail } => {
                let after_body = self.block(body, Some(assigned.clone()));
                match on_fail {
                    Some(handler) => join(after_body, self.block(&handler.body, Some(assigned))),
                    None => after_body,
                }
            }
            ast::StmtKind::Lock(b) | ast::StmtKind::Block(b) => self.block(b, Some(assigned)),
            ast::StmtKind::Return(None) => {
                self.exit(Some(assigned), stmt.span);
                None
            }
            ast::StmtKind::Return(Some(_))
            | ast::StmtKind::Panic(_)
            | ast::StmtKind::Fail(_)
            | ast::StmtKind::Break
            | ast::StmtKind::Continue => None,
            _ => Some(assigned),
        }
    }
}

fn is_self(expr: &ast::Expr) -> bool {
    match &expr.kind {
        ast::ExprKind::Var { module: None, name } => name.name == "self",
        ast::ExprKind::Group(inner) => is_self(inner),
        _ => false,
    }
}

/// The fields assigned on both paths (a path that never arrives imposes nothing).
fn join(a: Assigned, b: Assigned) -> Assigned {
    match (a, b) {
        (None, other) | (other, None) => other,
        (Some(x), Some(y)) => Some(x.into_iter().filter(|n| y.contains(n)).collect()),
    }
}
