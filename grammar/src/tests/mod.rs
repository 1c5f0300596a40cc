//! Unit tests of the lexer, the pre-pass and the parser.

mod annotations;
mod golden;
mod lexing;
mod limits;
mod messages;
mod parsing;
mod queries;
mod recovery;
mod statements;
mod streams;
mod workers;

use crate::ast::*;
use intc_span::FileId;

/// Parses and asserts there are no diagnostics.
pub fn parse_ok(text: &str) -> Module {
    let parsed = crate::parse(FileId(0), text);
    assert!(
        parsed.diagnostics.is_empty(),
        "unexpected diagnostics for {text:?}: {:#?}",
        parsed.diagnostics
    );
    parsed.module
}

/// The statements of the first function's block body.
pub fn body(text: &str) -> Vec<Stmt> {
    let module = parse_ok(text);
    for item in module.items {
        if let Item::Function(def) = item {
            if let FunctionBody::Block(block) = def.body {
                return block.stmts;
            }
        }
    }
    panic!("no function with a block body in {text:?}");
}

/// The expression `e` of `function f() { _ = <e>; }`.
pub fn expr(source: &str) -> Expr {
    let text = format!("function f() {{ x = {source}; }}");
    let mut stmts = body(&text);
    match stmts.pop().map(|s| s.kind) {
        Some(StmtKind::Assign { value, .. }) => value,
        other => panic!("expected an assignment, got {other:?}"),
    }
}

/// A compact S-expression rendering of an expression, for precedence assertions.
pub fn sexp(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Literal(Literal::Int(v)) => v.to_string(),
        ExprKind::Literal(Literal::Float { text, .. }) => text.clone(),
        ExprKind::Literal(Literal::String(s)) => format!("{s:?}"),
        ExprKind::Literal(Literal::Boolean(b)) => b.to_string(),
        ExprKind::Literal(Literal::Nil) => "()".to_string(),
        ExprKind::Var {
            module: Some(m),
            name,
        } => format!("{}:{}", m.name, name.name),
        ExprKind::Var { module: None, name } => name.name.clone(),
        ExprKind::Binary { op, lhs, rhs } => format!("({op:?} {} {})", sexp(lhs), sexp(rhs)),
        ExprKind::Unary { op, operand } => format!("({op:?} {})", sexp(operand)),
        ExprKind::Ternary {
            cond,
            then,
            otherwise,
        } => {
            format!("(? {} {} {})", sexp(cond), sexp(then), sexp(otherwise))
        }
        ExprKind::Group(inner) => sexp(inner),
        ExprKind::TypeTest { expr, negated, .. } => {
            format!("(is{} {} T)", if *negated { "!" } else { "" }, sexp(expr))
        }
        ExprKind::Cast { expr, .. } => format!("(cast {})", sexp(expr)),
        ExprKind::Check { expr, panics } => format!(
            "({} {})",
            if *panics { "checkpanic" } else { "check" },
            sexp(expr)
        ),
        ExprKind::Trap(inner) => format!("(trap {})", sexp(inner)),
        ExprKind::Typeof(inner) => format!("(typeof {})", sexp(inner)),
        ExprKind::Field {
            base,
            field,
            optional,
        } => {
            format!(
                "({} {} {})",
                if *optional { "?." } else { "." },
                sexp(base),
                field.name
            )
        }
        ExprKind::Member { base, index } => format!("([] {} {})", sexp(base), sexp(index)),
        ExprKind::Call { callee, args } => format!("(call {} {})", sexp(callee), args.len()),
        ExprKind::MethodCall {
            receiver,
            method,
            args,
            ..
        } => {
            format!("(method {} {} {})", sexp(receiver), method.name, args.len())
        }
        other => format!(
            "<{}>",
            format!("{other:?}")
                .split(['(', ' ', '{'])
                .next()
                .unwrap_or("?")
        ),
    }
}
