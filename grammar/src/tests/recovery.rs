//! Error recovery: independent syntax errors each get one diagnostic, and the tree keeps
//! `Error` nodes where the source could not be understood.

use crate::ast::*;
use intc_span::FileId;

#[test]
fn three_independent_errors_give_three_diagnostics() {
    let text = "function a() { int x = 1 int y = 2; }\nfunction b() { foo(; }\nfunction c() { return 1 +; }\n";
    let parsed = crate::parse(FileId(0), text);
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.0).collect();
    assert_eq!(
        codes,
        ["E0001", "E0001", "E0001"],
        "{:#?}",
        parsed.diagnostics
    );
    assert_eq!(parsed.module.items.len(), 3);
}

#[test]
fn messages_name_the_missing_token_and_the_construct() {
    let parsed = crate::parse(FileId(0), "function f() { int x = 1 }");
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(
        parsed.diagnostics[0].message,
        "expected ';' after the variable declaration"
    );
    let parsed = crate::parse(FileId(0), "function f() { io:println((1 + 2); }");
    assert_eq!(
        parsed.diagnostics[0].message,
        "expected ')' to close the argument list"
    );
}

#[test]
fn recovery_yields_error_nodes() {
    let parsed = crate::parse(
        FileId(0),
        "function f() { int x = 5 5; ) ; y = 1; }\nfoo bar baz\nfunction g() {}",
    );
    assert!(!parsed.diagnostics.is_empty());
    let Item::Function(f) = &parsed.module.items[0] else {
        panic!("{:?}", parsed.module.items)
    };
    let FunctionBody::Block(block) = &f.body else {
        panic!()
    };
    assert!(block.stmts.iter().any(|s| matches!(
        s.kind,
        StmtKind::Error
            | StmtKind::VarDecl {
                init: Some(Expr {
                    kind: ExprKind::Error,
                    ..
                }),
                ..
            }
    )));
    assert!(matches!(
        block.stmts.last().map(|s| &s.kind),
        Some(StmtKind::Assign { .. })
    ));
    assert!(parsed
        .module
        .items
        .iter()
        .any(|i| matches!(i, Item::Error(_))));
    assert!(matches!(parsed.module.items.last(), Some(Item::Function(g)) if g.name.name == "g"));
}

#[test]
fn missing_closing_braces_at_end_of_file_still_give_a_tree() {
    let parsed = crate::parse(FileId(0), "function f() { if x { y = 1;");
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    assert_eq!(
        parsed.diagnostics[0].message,
        "expected '}' to close the body of the if statement"
    );
    assert!(matches!(
        parsed.module.items.first(),
        Some(Item::Function(_))
    ));
}
