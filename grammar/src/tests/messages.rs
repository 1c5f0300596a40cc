//! The exact text and position of syntax error messages for the mistakes Ballerina users
//! commonly make. Positions are `line:column` (1-based, in characters) of the primary span:
//! a missing token is reported right after the token before it.

use intc_span::FileId;

/// `line:col: message` for every diagnostic of `text`.
fn report(text: &str) -> Vec<String> {
    let parsed = crate::parse(FileId(0), text);
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            let before = &text[..d.span.start as usize];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("{line}:{column}: {}", d.message)
        })
        .collect()
}

fn help(text: &str) -> Vec<Option<String>> {
    crate::parse(FileId(0), text)
        .diagnostics
        .into_iter()
        .map(|d| d.help)
        .collect()
}

fn in_main(body: &str) -> String {
    format!("public function main() {{\n{body}\n}}\n")
}

#[test]
fn missing_semicolon_is_reported_after_the_previous_token() {
    assert_eq!(
        report(&in_main("    int x = 1\n    int y = 2;")),
        ["2:14: expected ';' after the variable declaration"]
    );
    assert_eq!(
        report(&in_main("    io:println(1) io:println(2);")),
        ["2:18: expected ';' after the call"]
    );
    assert_eq!(
        report(&in_main("    int x = 0;\n    x = 5")),
        ["3:10: expected ';' after the assignment"]
    );
    assert_eq!(
        report("function f() returns int {\n    return 1\n}\n"),
        ["2:13: expected ';' after the return statement"]
    );
    assert_eq!(
        report("import ballerina/io\npublic function main() {}\n"),
        ["1:20: expected ';' after the import declaration"]
    );
    assert_eq!(
        report("type Age int\npublic function main() {}\n"),
        ["1:13: expected ';' after the type definition"]
    );
}

#[test]
fn a_declaration_after_a_missing_semicolon_still_parses() {
    let parsed = crate::parse(
        FileId(0),
        "public function main() {\n    int x = 1\n    int y = 2;\n}\n",
    );
    let crate::ast::Item::Function(main) = &parsed.module.items[0] else {
        panic!("{:?}", parsed.module.items)
    };
    let crate::ast::FunctionBody::Block(block) = &main.body else {
        panic!()
    };
    assert!(block.stmts.iter().any(|s| matches!(
        &s.kind,
        crate::ast::StmtKind::VarDecl { binding, .. }
            if matches!(&binding.kind, crate::ast::BindingPatternKind::Capture(n) if n.name == "y")
    )));
}

#[test]
fn missing_closing_brackets_name_what_they_close() {
    assert_eq!(
        report(&in_main("    io:println(\"a\", 1;")),
        ["2:22: expected ')' to close the argument list"]
    );
    assert_eq!(
        report(&in_main("    int[] xs = [1, 2;")),
        ["2:21: expected ']' to close the list"]
    );
    assert_eq!(
        report(&in_main("    int y = (1 + 2;")),
        ["2:19: expected ')' to close the parenthesized expression"]
    );
    assert_eq!(
        report("function f(int a, int b {\n}\n"),
        ["1:24: expected ')' to close the parameter list"]
    );
}

#[test]
fn a_missing_closing_brace_is_reported_before_the_next_function() {
    let text = "public function main() {\n    int x = 1;\n    if x > 0 {\n        x = 2;\n}\n\nfunction g() returns int {\n    return 1;\n}\n";
    assert_eq!(
        report(text),
        ["5:2: expected '}' to close the function body"]
    );
    let parsed = crate::parse(FileId(0), text);
    assert!(matches!(
        parsed.module.items.last(),
        Some(crate::ast::Item::Function(g)) if g.name.name == "g"
    ));
    // The body that was cut short holds an error statement (so it is not checked).
    let crate::ast::Item::Function(main) = &parsed.module.items[0] else {
        panic!()
    };
    let crate::ast::FunctionBody::Block(body) = &main.body else {
        panic!()
    };
    assert!(matches!(
        body.stmts.last().map(|s| &s.kind),
        Some(crate::ast::StmtKind::Error)
    ));
    let labels = &parsed.diagnostics[0].labels;
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0].message, "this '{' is never closed");
    assert_eq!(labels[0].span.start, 23);
}

#[test]
fn a_missing_closing_brace_at_the_end_of_the_file() {
    assert_eq!(
        report("public function main() {\n    int x = 1;\n"),
        ["2:15: expected '}' to close the function body"]
    );
    assert_eq!(
        report("function f() {\n    while true {\n        int x = 1;\n    }\n"),
        ["4:6: expected '}' to close the function body"]
    );
}

#[test]
fn a_missing_expression_names_the_token_before_it() {
    assert_eq!(
        report(&in_main("    int x = ;")),
        ["2:12: expected an expression after '='"]
    );
    assert_eq!(
        report(&in_main("    int y = 1 + ;")),
        ["2:16: expected an expression after '+'"]
    );
    assert_eq!(
        report(&in_main("    int x = 3 * / 4;")),
        ["2:16: expected an expression after '*'"]
    );
}

#[test]
fn a_stray_token() {
    assert_eq!(
        report(&in_main("    int x = 1;\n    = 3;")),
        ["3:5: expected a statement, found '='"]
    );
    assert_eq!(
        report(&in_main("    int y = 0;\n    y := 2;")),
        ["3:7: unexpected ':'"]
    );
    assert_eq!(
        report("public function main() {\n}\n}\n"),
        ["3:1: unexpected '}': there is no open '{' for it to close"]
    );
    assert_eq!(
        report(&in_main("    io:println(\"a\" \"b\");")),
        ["2:19: expected ',' between the arguments"]
    );
}

#[test]
fn assignment_in_a_condition() {
    let text =
        in_main("    int x = 1;\n    if x = 1 {\n        x = 2;\n    }\n    while x = 2 {\n    }");
    assert_eq!(
        report(&text),
        [
            "3:10: unexpected '=' in the condition",
            "6:13: unexpected '=' in the condition"
        ]
    );
    assert_eq!(
        help(&text)[0].as_deref(),
        Some("to compare values use '=='; '=' assigns")
    );
}

#[test]
fn keywords_used_as_names_suggest_quoting() {
    let text = in_main("    int type = 1;\n    string error = \"e\";");
    assert_eq!(
        report(&text),
        [
            "2:9: 'type' is a keyword and cannot be used as a name",
            "3:12: 'error' is a keyword and cannot be used as a name"
        ]
    );
    assert_eq!(
        help(&text)[0].as_deref(),
        Some("to use a keyword as a name, quote it: 'type (or choose another name)")
    );
    assert_eq!(
        report("function check(int n) {\n}\n"),
        ["1:10: 'check' is a keyword and cannot be used as a name"]
    );
    assert_eq!(
        report("function f(int type) {\n}\n"),
        ["1:16: 'type' is a keyword and cannot be used as a name"]
    );
}

#[test]
fn missing_returns_and_missing_body_brace() {
    assert_eq!(
        report("function f() int {\n    return 1;\n}\n"),
        ["1:13: expected 'returns' before the return type"]
    );
    assert_eq!(
        report("function f() returns int\n    return 1;\n}\n"),
        ["1:25: missing '{' to start the function body"]
    );
}

#[test]
fn missing_equals_in_a_declaration() {
    assert_eq!(
        report(&in_main("    int x 5;")),
        ["2:10: expected '=' after 'x'"]
    );
    assert_eq!(
        report(&in_main("    string s \"a\";")),
        ["2:13: expected '=' after 's'"]
    );
    assert_eq!(
        report(&in_main("    int x == 1;")),
        ["2:11: expected '=' after 'x', found '=='"]
    );
    assert_eq!(
        report(&in_main("    map<int> m = {a: 1 b: 2};\n    int y = 1;")),
        ["2:23: expected ',' between the items"]
    );
    assert_eq!(
        report(&in_main("    int = 5;")),
        ["2:8: expected a variable name after 'int'"]
    );
}

#[test]
fn missing_type_or_name_in_a_declaration() {
    assert_eq!(
        report("function f(x) {\n}\n"),
        ["1:13: expected a parameter name after 'x'"]
    );
    assert_eq!(
        report(&in_main("    final x = 1;")),
        ["2:12: expected a variable name after 'x'"]
    );
    assert_eq!(
        report("function f(int a) returns {\n}\n"),
        ["1:26: expected a type after 'returns'"]
    );
}

#[test]
fn trailing_commas_are_reported() {
    assert_eq!(
        report("function f(int a, int b,) returns int {\n    return f(1, 2,);\n}\n"),
        [
            "1:24: unexpected ',' after the last item",
            "2:18: unexpected ',' after the last item"
        ]
    );
}

#[test]
fn bodies_without_braces() {
    assert_eq!(
        report(&in_main("    int x = 1;\n    if x > 0 x = 2;")),
        ["3:13: expected '{' after the if condition"]
    );
    assert_eq!(
        report(&in_main(
            "    int x = 1;\n    if x > 0 {\n        x = 1;\n    } else if x < 0 x = 3;"
        )),
        ["5:20: expected '{' after the if condition"]
    );
    assert_eq!(
        report(&in_main(
            "    int x = 1;\n    if x > 0 {\n    } else x = 3;"
        )),
        ["4:11: expected '{' or 'if' after 'else'"]
    );
    assert_eq!(
        report(&in_main("    int x = 1;\n    while x < 3 x += 1;")),
        ["3:16: expected '{' after the while condition"]
    );
}

#[test]
fn an_unclosed_paren_before_a_block_is_reported_once() {
    assert_eq!(
        report(&in_main(
            "    int x = 1;\n    if (x > 0 {\n        x = 2;\n    }\n    x = 3;"
        )),
        ["3:14: expected ')' to close the parenthesized expression"]
    );
}

#[test]
fn an_unterminated_string_is_reported_once() {
    let text = in_main("    string s = \"never closed;\n    int y = 1;");
    let parsed = crate::parse(FileId(0), &text);
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.0).collect();
    assert_eq!(codes, ["E0003"], "{:?}", parsed.diagnostics);
}

#[test]
fn else_without_if() {
    assert_eq!(
        report(&in_main(
            "    int x = 1;\n    else {\n        x = 2;\n    }\n    x = 3;"
        )),
        ["3:5: 'else' without an 'if'"]
    );
}

#[test]
fn match_clause_without_a_block() {
    let text = "function m(int x) returns string {\n    match x {\n        1 => { return \"one\"; }\n        _ => return \"other\";\n    }\n}\n\nfunction n() {\n}\n}\n";
    assert_eq!(
        report(text),
        [
            "4:13: expected '{' after '=>'",
            "10:1: unexpected '}': there is no open '{' for it to close"
        ]
    );
}

#[test]
fn record_and_class_fields_without_semicolons() {
    assert_eq!(
        report("type Person record {\n    string name\n    int age;\n};\n"),
        ["2:16: expected ';' after the record field"]
    );
    assert_eq!(
        report("class Counter {\n    int n = 0\n    function inc() {\n    }\n}\n"),
        ["2:14: expected ';' after the field declaration"]
    );
}

#[test]
fn java_style_for_loops_are_reported_once() {
    let text =
        in_main("    for (int i = 0; i < 10; i++) {\n        int x = i;\n    }\n    int y = 1;");
    assert_eq!(report(&text), ["2:5: Ballerina has no C-style 'for' loop"]);
    assert_eq!(
        help(&text)[0].as_deref(),
        Some("loop over a range with foreach: `foreach int i in 0 ..< 10 { ... }`")
    );
}

#[test]
fn messages_never_list_unrelated_keywords() {
    let samples = [
        "function f() { int x = ; }",
        "function f() { foo(; }",
        "function f() { return 1 +; }",
        "function f( { }",
        "type T record { int a }",
        "function f() { x = [1, 2; }",
        "function f() { match x { 1 => } }",
        "class A { int x = }",
        "public function main() { int x = 1 2; }",
    ];
    for sample in samples {
        for d in crate::parse(FileId(0), sample).diagnostics {
            for word in ["'client'", "'typeof'", "'transactional'", "one of", "..."] {
                assert!(!d.message.contains(word), "{sample}: {}", d.message);
            }
        }
    }
}

#[test]
fn one_broken_function_leaves_the_others_whole() {
    let text = "function a() {\n    int x = 1 +;\n}\n\nfunction b() returns int {\n    return 2;\n}\n\nfunction c( {\n}\n\nfunction d() returns int {\n    return 4;\n}\n";
    let parsed = crate::parse(FileId(0), text);
    let names: Vec<String> = parsed
        .module
        .items
        .iter()
        .filter_map(|i| match i {
            crate::ast::Item::Function(f) => Some(f.name.name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["a", "b", "d"], "{:#?}", parsed.module.items);
    assert_eq!(parsed.diagnostics.len(), 2, "{:#?}", parsed.diagnostics);
}

#[test]
fn a_function_whose_body_does_not_parse_keeps_its_signature() {
    let parsed = crate::parse(
        FileId(0),
        "function f(int a) returns int\n    return a;\n}\nfunction g() {}\n",
    );
    let crate::ast::Item::Function(f) = &parsed.module.items[0] else {
        panic!("{:?}", parsed.module.items)
    };
    assert_eq!(f.name.name, "f");
    assert_eq!(f.signature.params.len(), 1);
    let crate::ast::FunctionBody::Block(block) = &f.body else {
        panic!()
    };
    assert!(matches!(
        block.stmts.as_slice(),
        [crate::ast::Stmt {
            kind: crate::ast::StmtKind::Error,
            ..
        }]
    ));
    assert!(matches!(
        parsed.module.items.last(),
        Some(crate::ast::Item::Function(g)) if g.name.name == "g"
    ));
}
