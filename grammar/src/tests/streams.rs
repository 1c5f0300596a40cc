//! Stream syntax: `stream<T, C>` type descriptors, `new stream<T, C>(...)` and `stream from`.

use super::body;
use crate::ast::*;

fn one(source: &str) -> StmtKind {
    let mut stmts = body(&format!("function f() {{ {source} }}"));
    assert_eq!(stmts.len(), 1, "{stmts:?}");
    stmts.remove(0).kind
}

fn declared_type(source: &str) -> TypeDescKind {
    match one(source) {
        StmtKind::VarDecl { ty: Some(ty), .. } => ty.kind,
        other => panic!("{other:?}"),
    }
}

#[test]
fn stream_types() {
    assert!(matches!(
        declared_type("stream<int> s = new;"),
        TypeDescKind::Stream(Some((_, None)))
    ));
    assert!(matches!(
        declared_type("stream<int, error?> s = new;"),
        TypeDescKind::Stream(Some((_, Some(_))))
    ));
    assert!(matches!(
        declared_type("stream s = t;"),
        TypeDescKind::Stream(None)
    ));
    // `>>` closing two type argument lists.
    assert!(matches!(
        declared_type("stream<map<int>> s = t;"),
        TypeDescKind::Stream(Some(_))
    ));
}

#[test]
fn new_stream() {
    let StmtKind::VarDecl {
        init: Some(init), ..
    } = one("var s = new stream<int, error?>(g);")
    else {
        panic!()
    };
    let ExprKind::New {
        class: Some(class),
        args,
    } = init.kind
    else {
        panic!("{:?}", init.kind)
    };
    assert!(matches!(class.kind, TypeDescKind::Stream(Some(_))));
    assert_eq!(args.len(), 1);
}

#[test]
fn stream_from() {
    let ExprKind::Query(query) = super::expr("stream from var x in xs select x").kind else {
        panic!()
    };
    assert!(query.construct_stream);
    assert!(!query.construct_map);
}
