//! Concurrency syntax: start, wait, named workers, fork, sends, receives and flush.

use super::{body, parse_ok};
use crate::ast::*;
use intc_span::FileId;

fn one(source: &str) -> StmtKind {
    let mut stmts = body(&format!("function f() {{ {source} }}"));
    assert_eq!(stmts.len(), 1, "{stmts:?}");
    stmts.remove(0).kind
}

/// The initializer of `var x = <source>;`.
fn init(source: &str) -> ExprKind {
    match one(&format!("var x = {source};")) {
        StmtKind::VarDecl { init: Some(e), .. } => e.kind,
        other => panic!("{other:?}"),
    }
}

fn messages(text: &str) -> Vec<String> {
    crate::parse(FileId(0), text)
        .diagnostics
        .into_iter()
        .map(|d| d.message)
        .collect()
}

#[test]
fn start_takes_function_method_and_remote_calls() {
    let ExprKind::Start { call, annots } = init("start f(1, 2)") else {
        panic!()
    };
    assert!(annots.is_empty());
    assert!(matches!(call.kind, ExprKind::Call { .. }));
    let ExprKind::Start { call, .. } = init("start obj.m(1)") else {
        panic!()
    };
    assert!(matches!(
        call.kind,
        ExprKind::MethodCall { remote: false, .. }
    ));
    let ExprKind::Start { call, .. } = init("start c->m(1)") else {
        panic!()
    };
    assert!(matches!(
        call.kind,
        ExprKind::MethodCall { remote: true, .. }
    ));
    let ExprKind::Start { annots, .. } = init("@strand {thread: \"any\"} start f()") else {
        panic!()
    };
    assert_eq!(annots.len(), 1);
}

#[test]
fn wait_forms() {
    let ExprKind::Wait(futures) = init("wait f") else {
        panic!()
    };
    assert_eq!(futures.len(), 1);
    let ExprKind::Wait(futures) = init("wait f1 | f2|f3") else {
        panic!()
    };
    assert_eq!(futures.len(), 3);
    let ExprKind::MultipleWait(fields) = init("wait {a: f1, b}") else {
        panic!()
    };
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[1].name.name, "b");
    assert!(matches!(&fields[1].future.kind, ExprKind::Var { name, .. } if name.name == "b"));
    // A checking action applies to the whole wait.
    let ExprKind::Check {
        expr,
        panics: false,
    } = init("check wait f")
    else {
        panic!()
    };
    assert!(matches!(expr.kind, ExprKind::Wait(_)));
}

#[test]
fn future_types() {
    let StmtKind::VarDecl { ty: Some(ty), .. } = one("future<int> f = start g();") else {
        panic!()
    };
    assert!(matches!(ty.kind, TypeDescKind::Future(Some(_))));
    let StmtKind::VarDecl { ty: Some(ty), .. } = one("future f = start g();") else {
        panic!()
    };
    assert!(matches!(ty.kind, TypeDescKind::Future(None)));
}

#[test]
fn named_workers_and_fork() {
    let stmts = body(
        "function f() { int a = 1; @tag worker w1 returns int { return a; } worker w2 { } \
         int b = wait w1; }",
    );
    assert_eq!(stmts.len(), 4);
    let StmtKind::Worker(w1) = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(w1.name.name, "w1");
    assert_eq!(w1.annots.len(), 1);
    assert!(w1.return_type.is_some());
    let StmtKind::Fork(workers) =
        one("fork { worker a { } worker b returns string { return \"\"; } }")
    else {
        panic!()
    };
    assert_eq!(workers.len(), 2);
    assert!(matches!(
        one("worker w { } on fail var e { }"),
        StmtKind::Worker(w) if w.on_fail.is_some()
    ));
}

#[test]
fn sends_receives_and_flush() {
    assert!(matches!(
        one("x -> w;"),
        StmtKind::Send {
            peer: PeerWorker { name: Some(_), .. },
            ..
        }
    ));
    assert!(matches!(
        one("x + 1 -> function;"),
        StmtKind::Send {
            peer: PeerWorker { name: None, .. },
            ..
        }
    ));
    // A remote method call is still one.
    assert!(matches!(
        one("c->m();"),
        StmtKind::Expr(Expr {
            kind: ExprKind::MethodCall { remote: true, .. },
            ..
        })
    ));
    assert!(matches!(init("x ->> w"), ExprKind::SyncSend { .. }));
    assert!(matches!(
        init("<- w"),
        ExprKind::Receive(Receive::Single(_))
    ));
    assert!(matches!(
        init("<- function"),
        ExprKind::Receive(Receive::Single(PeerWorker { name: None, .. }))
    ));
    let ExprKind::Receive(Receive::Alternate(peers)) = init("<- w1 | w2") else {
        panic!()
    };
    assert_eq!(peers.len(), 2);
    let ExprKind::Receive(Receive::Multiple(fields)) = init("<- {a: w1, w2, c: function}") else {
        panic!()
    };
    let names: Vec<_> = fields.iter().map(|f| f.0.name.as_str()).collect();
    assert_eq!(names, ["a", "w2", "c"]);
    assert!(matches!(init("flush w"), ExprKind::Flush(Some(_))));
    assert!(matches!(
        one("flush;"),
        StmtKind::Expr(Expr {
            kind: ExprKind::Flush(None),
            ..
        })
    ));
    assert!(matches!(
        init("check flush function"),
        ExprKind::Check { .. }
    ));
}

#[test]
fn start_is_a_method_name() {
    parse_ok("class C { function start() { } }\nfunction f(C c) { c.start(); }");
}

#[test]
fn concurrency_syntax_errors_are_phrased_by_construct() {
    assert_eq!(
        messages("function f() { var x = start g; }"),
        ["'start' must be followed by a function or method call"]
    );
    assert_eq!(
        messages("function f() { fork { } }"),
        ["a fork statement needs at least one worker"]
    );
    assert_eq!(
        messages("function f() { var x = <- {function}; }"),
        ["a message from the function's default worker needs a field name"]
    );
}

#[test]
fn missing_semicolon_after_a_send_and_unclosed_worker_body() {
    assert_eq!(
        messages("function f() {\n    1 -> w\n    int y = 2;\n}\n"),
        ["expected ';' after the send"]
    );
    // The worker body takes the function's `}`, so the function body is the one left open.
    assert_eq!(
        messages("function f() {\n    worker w {\n        int y = 2;\n}\n"),
        ["expected '}' to close the function body"]
    );
}
