//! Checks over hand-built ASTs (independent of the parser).

use super::builder::{io_module, root_module, Builder};
use crate::model::*;
use crate::{check, CheckResult};
use intc_span::{FileId, SourceMap};
use intc_syntax::ast::*;

fn run(modules: Vec<crate::SourceModule>) -> CheckResult {
    check(&modules, &SourceMap::new())
}

fn codes(result: &CheckResult) -> Vec<&'static str> {
    result.diagnostics.iter().map(|d| d.code.0).collect()
}

/// `function add(int a, int b) returns int { return a + b; }`
/// `public function main() { int x = add(1, 2); io:println(x, 2.5); }`
fn add_program(b: &mut Builder, body_value: Expr) -> Module {
    let int_a = b.builtin(BuiltinType::Int);
    let int_b = b.builtin(BuiltinType::Int);
    let ret = b.builtin(BuiltinType::Int);
    let pa = b.param("a", int_a);
    let pb = b.param("b", int_b);
    let ret_stmt = b.stmt(StmtKind::Return(Some(body_value)));
    let body = b.block(vec![ret_stmt]);
    let add = b.function(
        false,
        "add",
        vec![pa, pb],
        Some(ret),
        FunctionBody::Block(body),
    );
    let callee = b.var("add");
    let one = b.int(1);
    let two = b.int(2);
    let call = b.call(callee, vec![one, two]);
    let int_x = b.builtin(BuiltinType::Int);
    let decl = b.decl(Some(int_x), "x", Some(call));
    let println = b.qualified("io", "println");
    let x = b.var("x");
    let f = b.float("2.5");
    let print = b.call(println, vec![x, f]);
    let print_stmt = b.stmt(StmtKind::Expr(print));
    let main_body = b.block(vec![decl, print_stmt]);
    let main = b.function(true, "main", vec![], None, FunctionBody::Block(main_body));
    let import = b.import("ballerina", "io");
    b.module(vec![import], vec![add, main])
}

#[test]
fn resolves_calls_locals_and_natives() {
    let mut b = Builder::new(FileId(1));
    let a = b.var("a");
    let bb = b.var("b");
    let sum = b.binary(BinaryOp::Add, a, bb);
    let sum_key = NodeKey::new(FileId(1), sum.id);
    let module = add_program(&mut b, sum);
    let result = run(vec![io_module(FileId(0)), root_module(module)]);
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    let p = &result.program;
    assert_eq!(p.expr_types.get(&sum_key), Some(&TypeArena::INT));
    let main = p.main.expect("main");
    assert_eq!(p.functions[main.index()].name, "main");
    let println = p
        .functions
        .iter()
        .find(|f| f.name == "println")
        .expect("println");
    assert_eq!(println.native_name.as_deref(), Some("std.io:println"));
    // The call to println has two rest arguments, the call to add two positional ones.
    let rest_call = p
        .calls
        .values()
        .find(|c| c.args.rest.len() == 2)
        .expect("println call");
    assert!(matches!(rest_call.target, CallTarget::Function(_)));
    let add_call = p
        .calls
        .values()
        .find(|c| c.args.params.len() == 2)
        .expect("add call");
    assert_eq!(
        add_call.args.params,
        vec![ArgSource::Arg(0), ArgSource::Arg(1)]
    );
    assert_eq!(add_call.ty, TypeArena::INT);
    // Locals resolve to their declarations.
    assert!(p
        .resolutions
        .values()
        .any(|r| matches!(r, Resolution::Local(_))));
    assert_eq!(p.module_order.last(), Some(&ModuleId(1)));
}

#[test]
fn reports_mismatch_and_unknown_names() {
    let mut b = Builder::new(FileId(1));
    let a = b.var("a");
    let s = b.string("x");
    let bad = b.binary(BinaryOp::Add, a, s);
    let module = add_program(&mut b, bad);
    let result = run(vec![io_module(FileId(0)), root_module(module)]);
    assert_eq!(codes(&result), vec!["E0205"]);

    let mut b = Builder::new(FileId(1));
    let missing = b.var("nope");
    let module = add_program(&mut b, missing);
    let result = run(vec![io_module(FileId(0)), root_module(module)]);
    assert_eq!(codes(&result), vec!["E0100"]);

    let mut b = Builder::new(FileId(1));
    let s = b.string("text");
    let module = add_program(&mut b, s);
    let result = run(vec![io_module(FileId(0)), root_module(module)]);
    assert_eq!(codes(&result), vec!["E0200"]);
    assert_eq!(
        result.diagnostics[0].message,
        "incompatible types: expected 'int', found 'string'"
    );
}

#[test]
fn unknown_module_is_reported() {
    let mut b = Builder::new(FileId(1));
    let a = b.var("a");
    let module = add_program(&mut b, a);
    // No std/io module supplied: the import cannot be resolved.
    let result = run(vec![root_module(module)]);
    assert!(
        codes(&result).contains(&"E0101"),
        "{:?}",
        result.diagnostics
    );
}

#[test]
fn lang_method_calls_resolve_to_natives() {
    // function main() { string s = "abc"; int n = s.length(); }
    let mut b = Builder::new(FileId(1));
    let string_ty = b.builtin(BuiltinType::String);
    let lit = b.string("abc");
    let decl = b.decl(Some(string_ty), "s", Some(lit));
    let s = b.var("s");
    let call = b.method(s, "length", vec![]);
    let call_key = NodeKey::new(FileId(1), call.id);
    let int_ty = b.builtin(BuiltinType::Int);
    let n = b.decl(Some(int_ty), "n", Some(call));
    let body = b.block(vec![decl, n]);
    let main = b.function(true, "main", vec![], None, FunctionBody::Block(body));
    let module = b.module(vec![], vec![main]);
    let result = run(vec![root_module(module)]);
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    let call = &result.program.calls[&call_key];
    assert_eq!(
        call.target,
        CallTarget::LangLib {
            native: LangNative::StringLength
        }
    );
    assert_eq!(call.args.params, vec![ArgSource::Receiver]);
}

#[test]
fn missing_return_and_main_rules() {
    // function f() returns int { }  function main() { }
    let mut b = Builder::new(FileId(1));
    let ret = b.builtin(BuiltinType::Int);
    let body = b.block(vec![]);
    let f = b.function(false, "f", vec![], Some(ret), FunctionBody::Block(body));
    let body = b.block(vec![]);
    let main = b.function(false, "main", vec![], None, FunctionBody::Block(body));
    let module = b.module(vec![], vec![f, main]);
    let result = run(vec![root_module(module)]);
    let mut got = codes(&result);
    got.sort();
    assert_eq!(got, vec!["E0300", "E0305"]);
}
