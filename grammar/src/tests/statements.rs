//! Statement tests: control flow, match patterns, binding patterns, compound assignment.

use super::body;
use crate::ast::*;

fn one(source: &str) -> StmtKind {
    let mut stmts = body(&format!("function f() {{ {source} }}"));
    assert_eq!(stmts.len(), 1, "{stmts:?}");
    stmts.remove(0).kind
}

#[test]
fn if_else_chains_and_loops() {
    let StmtKind::If {
        otherwise: Some(ElseBranch::If(inner)),
        ..
    } = one("if a { } else if b { } else { }")
    else {
        panic!()
    };
    assert!(matches!(
        inner.kind,
        StmtKind::If {
            otherwise: Some(ElseBranch::Block(_)),
            ..
        }
    ));
    assert!(matches!(
        one("while x < 3 { x += 1; }"),
        StmtKind::While { on_fail: None, .. }
    ));
    assert!(matches!(
        one("while true { break; } on fail var e { continue; }"),
        StmtKind::While {
            on_fail: Some(OnFail {
                binding: Some(_),
                ty: None,
                ..
            }),
            ..
        }
    ));
    assert!(matches!(
        one("foreach int i in 0 ..< n { }"),
        StmtKind::Foreach { ty: Some(_), .. }
    ));
    assert!(matches!(
        one("foreach var [k, v] in m.entries() { }"),
        StmtKind::Foreach {
            ty: None,
            binding: BindingPattern {
                kind: BindingPatternKind::List { .. },
                ..
            },
            ..
        }
    ));
    assert!(matches!(
        one("foreach [string, int] [k, v] in pairs { }"),
        StmtKind::Foreach {
            ty: Some(_),
            binding: BindingPattern {
                kind: BindingPatternKind::List { .. },
                ..
            },
            ..
        }
    ));
}

#[test]
fn simple_statements() {
    assert!(matches!(one("return;"), StmtKind::Return(None)));
    assert!(matches!(one("return 1;"), StmtKind::Return(Some(_))));
    assert!(matches!(one("panic error(\"x\");"), StmtKind::Panic(_)));
    assert!(matches!(one("fail error(\"x\");"), StmtKind::Fail(_)));
    assert!(matches!(one("lock { x = 1; }"), StmtKind::Lock(_)));
    assert!(matches!(one("{ x = 1; }"), StmtKind::Block(_)));
    assert!(matches!(
        one("do { } on fail error e { }"),
        StmtKind::Do {
            on_fail: Some(OnFail { ty: Some(_), .. }),
            ..
        }
    ));
    assert!(matches!(
        one("do { } on fail { }"),
        StmtKind::Do {
            on_fail: Some(OnFail { binding: None, .. }),
            ..
        }
    ));
    assert!(matches!(
        one("check f();"),
        StmtKind::Expr(Expr {
            kind: ExprKind::Check { .. },
            ..
        })
    ));
    assert!(matches!(
        one("final int x = 1;"),
        StmtKind::VarDecl {
            is_final: true,
            ty: Some(_),
            ..
        }
    ));
    assert!(matches!(
        one("final var x = 1;"),
        StmtKind::VarDecl {
            is_final: true,
            ty: None,
            ..
        }
    ));
    assert!(
        matches!(one("var {a, b: c, ...r} = m;"), StmtKind::VarDecl {
        binding: BindingPattern { kind: BindingPatternKind::Mapping { ref fields, rest: Some(_) }, .. }, .. } if fields.len() == 2)
    );
    assert!(
        matches!(one("var error(m, c, code = k) = e;"), StmtKind::VarDecl {
        binding: BindingPattern { kind: BindingPatternKind::Error { message: Some(_), cause: Some(_), ref fields, .. }, .. }, .. } if fields.len() == 1)
    );
    assert!(matches!(
        one("_ = f();"),
        StmtKind::DestructureAssign {
            pattern: BindingPattern {
                kind: BindingPatternKind::Wildcard,
                ..
            },
            ..
        }
    ));
}

#[test]
fn compound_assignment_with_every_operator() {
    let ops = [
        ("+=", BinaryOp::Add),
        ("-=", BinaryOp::Sub),
        ("*=", BinaryOp::Mul),
        ("/=", BinaryOp::Div),
        ("%=", BinaryOp::Rem),
        ("&=", BinaryOp::BitAnd),
        ("|=", BinaryOp::BitOr),
        ("^=", BinaryOp::BitXor),
        ("<<=", BinaryOp::Shl),
        (">>=", BinaryOp::Shr),
        (">>>=", BinaryOp::UShr),
    ];
    for (text, expected) in ops {
        match one(&format!("x {text} 1;")) {
            StmtKind::CompoundAssign { op, .. } => assert_eq!(op, expected, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn match_patterns() {
    let StmtKind::Match { clauses, .. } = one(
        "match v { 1 | -2 | \"s\" | () => { } var x if x > 0 => { } [1, var y, ...var rest] => { } \
         {a: 1, b: var z} => { } error(var m) => { } error E(\"x\", code = var c) => { } C | m:D => { } _ => { } }",
    ) else {
        panic!()
    };
    assert_eq!(clauses.len(), 8);
    assert_eq!(clauses[0].patterns.len(), 4);
    assert!(matches!(
        &clauses[0].patterns[1].kind,
        MatchPatternKind::Const(Expr {
            kind: ExprKind::Unary {
                op: UnaryOp::Neg,
                ..
            },
            ..
        })
    ));
    assert!(matches!(
        &clauses[0].patterns[3].kind,
        MatchPatternKind::Const(Expr {
            kind: ExprKind::Literal(Literal::Nil),
            ..
        })
    ));
    assert!(clauses[1].guard.is_some());
    assert!(
        matches!(&clauses[2].patterns[0].kind, MatchPatternKind::List { items, rest: Some(_) } if items.len() == 2)
    );
    assert!(
        matches!(&clauses[3].patterns[0].kind, MatchPatternKind::Mapping { fields, .. } if fields.len() == 2)
    );
    assert!(matches!(
        &clauses[4].patterns[0].kind,
        MatchPatternKind::Error {
            type_ref: None,
            message: Some(_),
            ..
        }
    ));
    assert!(
        matches!(&clauses[5].patterns[0].kind, MatchPatternKind::Error { type_ref: Some(_), fields, .. } if fields.len() == 1)
    );
    assert_eq!(clauses[6].patterns.len(), 2);
    assert!(matches!(
        clauses[7].patterns[0].kind,
        MatchPatternKind::Wildcard
    ));
}

#[test]
fn mapping_match_pattern_after_a_clause() {
    let StmtKind::Match { clauses, .. } = one("match v { 0 => { } {x: 1} => { } }") else {
        panic!()
    };
    assert!(matches!(
        clauses[1].patterns[0].kind,
        MatchPatternKind::Mapping { .. }
    ));
}

#[test]
fn mapping_destructuring_assignment_at_statement_start() {
    assert!(matches!(
        one("{a, b: c} = m;"),
        StmtKind::DestructureAssign {
            pattern: BindingPattern {
                kind: BindingPatternKind::Mapping { .. },
                ..
            },
            ..
        }
    ));
    assert!(matches!(one("{ a = 1; }"), StmtKind::Block(_)));
}
