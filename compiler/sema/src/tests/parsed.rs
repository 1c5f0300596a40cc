//! Checks of parsed programs: inline snippets with `//~ ERROR` markers and assertions on the
//! tables lowering reads.

use crate::{CheckResult, ModuleName, SourceModule};
use intc_span::SourceMap;
use std::path::{Path, PathBuf};

pub(super) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub(super) fn io_source() -> String {
    std::fs::read_to_string(repo_root().join("stdlib/modules/io/io.int")).unwrap_or_else(|_| {
        "public function println(any|error... values) = external;\n\
         public function print(any|error... values) = external;\n"
            .to_string()
    })
}

/// Every standard library module, read from `stdlib/modules/<module>/*.int` (only `std/io`'s
/// declarations when the directory cannot be read).
pub(super) fn std_modules(sources: &mut SourceMap) -> Vec<SourceModule> {
    let root = repo_root().join("stdlib/modules");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    let mut modules = Vec::new();
    for dir in dirs {
        let Some(name) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        let mut files = Vec::new();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "int"))
        {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let shown = format!(
                "{name}/{}",
                path.file_name().and_then(|n| n.to_str()).unwrap_or("")
            );
            let file = sources.add(shown, text.clone());
            files.push(intc_syntax::parse(file, &text).module.into());
        }
        modules.push(SourceModule {
            name: ModuleName {
                org: "std".into(),
                name,
            },
            files,
            is_root: false,
            is_library: false,
        });
    }
    if modules.is_empty() {
        let io_text = io_source();
        let io_file = sources.add("io.int", io_text.clone());
        modules.push(SourceModule {
            name: ModuleName {
                org: "std".into(),
                name: "io".into(),
            },
            files: vec![intc_syntax::parse(io_file, &io_text).module.into()],
            is_root: false,
            is_library: false,
        });
    }
    modules
}

/// Parses and checks one root file with the standard library; returns the result, the syntax error
/// count and the source map.
pub(super) fn check_source(text: &str) -> (CheckResult, usize, SourceMap) {
    let mut sources = SourceMap::new();
    // The std modules the text imports (the tests count what the program holds)
    // (`/name;` or `/name as _;`), and the std modules those import in turn.
    let mut modules = std_modules(&mut sources);
    let mut wanted: Vec<String> = modules
        .iter()
        .map(|m| m.name.name.clone())
        .filter(|name| {
            text.contains(&format!("/{name};")) || text.contains(&format!("/{name} as "))
        })
        .collect();
    let mut i = 0;
    while i < wanted.len() {
        let imports: Vec<String> = modules
            .iter()
            .filter(|m| m.name.name == wanted[i])
            .flat_map(|m| m.files.iter().flat_map(|f| f.imports.iter()))
            .map(|import| {
                let path: Vec<&str> = import.path.iter().map(|p| p.name.as_str()).collect();
                path.join(".")
            })
            .collect();
        for name in imports {
            if !wanted.contains(&name) {
                wanted.push(name);
            }
        }
        i += 1;
    }
    modules.retain(|m| wanted.contains(&m.name.name));
    let main_file = sources.add("main.int", text.to_string());
    let main = intc_syntax::parse(main_file, text);
    let syntax_errors = main.diagnostics.iter().filter(|d| d.is_error()).count();
    // As the driver does: the spans of the syntax errors that left the tree incomplete.
    let broken: Vec<intc_span::Span> = main
        .diagnostics
        .iter()
        .filter(|d| d.code.0 == "E0001" && !intc_syntax::recovered_in_full(d))
        .map(|d| d.span)
        .collect();
    modules.push(SourceModule {
        name: ModuleName {
            org: "$anon".into(),
            name: "main".into(),
        },
        files: vec![main.module.into()],
        is_root: true,
        is_library: false,
    });
    let result = crate::check_recovered(&modules, &sources, &broken, crate::Bodies::All);
    (result, syntax_errors, sources)
}

/// The `(line, code)` pairs a file's `//~ ERROR` markers expect.
pub(super) fn expected_markers(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index as u32 + 1;
        let mut rest = line;
        while let Some(pos) = rest.find("//~") {
            let after = &rest[pos + 3..];
            let (target, after) = match after.strip_prefix('^') {
                Some(a) => (line_no - 1, a),
                None => (line_no, after),
            };
            let after = after.trim_start();
            if let Some(code_part) = after.strip_prefix("ERROR") {
                let code: String = code_part
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                out.push((target, code));
            }
            rest = after;
        }
    }
    out.sort();
    out
}

pub(super) fn actual_errors(result: &CheckResult, sources: &SourceMap) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = result
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| {
            let file = sources.get(d.span.file)?;
            if file.name != "main.int" {
                return Some((0, format!("{} in {}: {}", d.code.0, file.name, d.message)));
            }
            Some((file.line_of(d.span.start), d.code.0.to_string()))
        })
        .collect();
    out.sort();
    out
}

fn assert_markers(text: &str) {
    let (result, syntax, sources) = check_source(text);
    assert_eq!(syntax, 0, "syntax errors in test program");
    let expected = expected_markers(text);
    let actual = actual_errors(&result, &sources);
    let messages: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code.0, d.message))
        .collect();
    assert_eq!(actual, expected, "diagnostics: {messages:#?}");
}

#[test]
fn valid_program_checks_cleanly() {
    assert_markers(
        r#"import ballerina/io;

type Person record {|
    string name;
    int age = 0;
|};

function greet(Person p, string greeting = "Hello") returns string {
    return greeting + ", " + p.name;
}

public function main() returns error? {
    Person p = {name: "Ann"};
    io:println(greet(p));
    io:println(greet(p, greeting = "Hi"));
    int[] xs = [1, 2, 3];
    xs.push(4);
    int total = 0;
    foreach int x in xs {
        total += x;
    }
    float f = 2;
    float g = f * 2;
    int|error n = int:fromString("12");
    int m = check n;
    string|int v = m;
    if v is int {
        io:println(v + 1);
    }
    map<int> counts = {a: 1};
    int? c = counts["a"];
    io:println(c ?: 0, xs.length(), g, total);
    var doubled = xs.map(x => x * 2);
    io:println(doubled.reduce(function(int acc, int x) returns int => acc + x, 0));
}
"#,
    );
}

#[test]
fn type_errors_are_reported_on_their_lines() {
    assert_markers(
        r#"function f(int a) returns int {
    string s = a; //~ ERROR E0200
    int b = 1 + 1.5; //~ ERROR E0205
    return undefinedName; //~ ERROR E0100
}

function g() returns error? {
    return;
}

function h() returns int {
    g(); //~ ERROR E0207
} //~ ERROR E0300

public function main() {
    int x = f(1, 2); //~ ERROR E0201
    final int y = 1;
    y = 2; //~ ERROR E0302
    int z;
    int w = z + 1; //~ ERROR E0303
    break; //~ ERROR E0304
    int u = check g(); //~ ERROR E0210 //~ ERROR E0200
    UnknownType t = 1; //~ ERROR E0104
    x = <int>"s"; //~ ERROR E0206
}
"#,
    );
}

#[test]
fn narrowing_after_early_return() {
    assert_markers(
        r#"function parse(string s) returns int|error {
    int|error r = int:fromString(s);
    if r is error {
        return r;
    }
    int value = r;
    return value;
}

public function main() {
    int|string|() v = 3;
    if v is () {
        return;
    }
    int|string w = v;
    string s = v is int ? "int" : v;
    _ = s;
    _ = w;
}
"#,
    );
}

#[test]
fn unreachable_and_closures() {
    let text = r#"public function main() {
    int count = 0;
    var inc = function() {
        count += 1;
    };
    inc();
    return;
    count = 2; //~ ERROR E0301
}
"#;
    assert_markers(text);
    let (result, _, _) = check_source(text);
    assert_eq!(result.program.captured.len(), 1);
    assert_eq!(
        result
            .program
            .captures
            .values()
            .map(|c| c.len())
            .sum::<usize>(),
        1
    );
}

/// The expression key of the first node whose source text is exactly `snippet`.
fn find_expr_type(
    result: &CheckResult,
    sources: &SourceMap,
    snippet: &str,
) -> Option<crate::TypeId> {
    let file = sources.files().find(|(_, f)| f.name == "main.int")?.0;
    let text = &sources.get(file)?.text;
    let start = text.find(snippet)? as u32;
    let end = start + snippet.len() as u32;
    // Expressions are keyed by id; find one whose recorded span matches through the parse.
    let parsed = intc_syntax::parse(file, text);
    let mut found = None;
    visit_exprs(&parsed.module, &mut |e| {
        if e.span.start == start && e.span.end == end && found.is_none() {
            found = Some(e.id);
        }
    });
    let node = found?;
    result
        .program
        .expr_types
        .get(&crate::NodeKey::new(file, node))
        .copied()
}

fn visit_exprs(module: &intc_syntax::ast::Module, f: &mut dyn FnMut(&intc_syntax::ast::Expr)) {
    use intc_syntax::ast::*;
    fn expr(e: &Expr, f: &mut dyn FnMut(&Expr)) {
        f(e);
        match &e.kind {
            ExprKind::Binary { lhs, rhs, .. } => {
                expr(lhs, f);
                expr(rhs, f);
            }
            ExprKind::Unary { operand, .. }
            | ExprKind::Group(operand)
            | ExprKind::Trap(operand) => expr(operand, f),
            ExprKind::Check { expr: inner, .. }
            | ExprKind::TypeTest { expr: inner, .. }
            | ExprKind::Cast { expr: inner, .. } => expr(inner, f),
            ExprKind::Call { callee, args } => {
                expr(callee, f);
                for a in args {
                    match a {
                        Arg::Positional(e) | Arg::Named(_, e) | Arg::Rest(e) => expr(e, f),
                    }
                }
            }
            ExprKind::MethodCall { receiver, args, .. } => {
                expr(receiver, f);
                for a in args {
                    match a {
                        Arg::Positional(e) | Arg::Named(_, e) | Arg::Rest(e) => expr(e, f),
                    }
                }
            }
            ExprKind::Member { base, index } => {
                expr(base, f);
                expr(index, f);
            }
            ExprKind::Field { base, .. } => expr(base, f),
            ExprKind::List(items) => {
                for i in items {
                    match i {
                        ListItem::Expr(e) | ListItem::Spread(e) => expr(e, f),
                    }
                }
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                expr(cond, f);
                expr(then, f);
                expr(otherwise, f);
            }
            _ => {}
        }
    }
    fn block(b: &Block, f: &mut dyn FnMut(&Expr)) {
        for s in &b.stmts {
            match &s.kind {
                StmtKind::VarDecl { init: Some(e), .. }
                | StmtKind::Expr(e)
                | StmtKind::Return(Some(e)) => expr(e, f),
                StmtKind::Assign { target, value } => {
                    expr(target, f);
                    expr(value, f);
                }
                StmtKind::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    expr(cond, f);
                    block(then, f);
                    if let Some(ElseBranch::Block(b)) = otherwise {
                        block(b, f);
                    }
                }
                StmtKind::Foreach { iterable, body, .. } => {
                    expr(iterable, f);
                    block(body, f);
                }
                StmtKind::While { cond, body, .. } => {
                    expr(cond, f);
                    block(body, f);
                }
                StmtKind::Block(b) => block(b, f),
                _ => {}
            }
        }
    }
    for item in &module.items {
        if let Item::Function(func) = item {
            if let FunctionBody::Block(b) = &func.body {
                block(b, f);
            }
        }
    }
}

#[test]
fn expression_types_and_literal_contexts() {
    let text = r#"import ballerina/io;

public function main() {
    float f = 1.5;
    float g = f * 2;
    decimal d = 3;
    int i = 7;
    float mixed = f * i;
    int|string u = "s";
    if u is string {
        io:println(u.length());
    }
    foreach int k in 0 ..< 3 {
        io:println(k);
    }
    io:println(g, d, mixed);
}
"#;
    assert_markers(text);
    let (result, _, sources) = check_source(text);
    let p = &result.program;
    assert_eq!(
        find_expr_type(&result, &sources, "f * 2"),
        Some(crate::TypeArena::FLOAT)
    );
    assert_eq!(
        find_expr_type(&result, &sources, "f * i"),
        Some(crate::TypeArena::FLOAT)
    );
    assert_eq!(
        find_expr_type(&result, &sources, "0 ..< 3"),
        Some(crate::TypeArena::INT_RANGE)
    );
    // `u` inside the `is string` branch is a string.
    assert_eq!(
        find_expr_type(&result, &sources, "u.length()"),
        Some(crate::TypeArena::INT)
    );
    let kinds: Vec<crate::LiteralKind> = p.literal_kinds.values().copied().collect();
    assert!(
        kinds.contains(&crate::LiteralKind::Decimal),
        "3 in a decimal context"
    );
    assert!(
        kinds
            .iter()
            .filter(|k| **k == crate::LiteralKind::Float)
            .count()
            >= 2,
        "1.5 and 2 are floats"
    );
    assert!(p
        .iterations
        .values()
        .any(|k| *k == crate::IterationKind::Range));
    let length_call = p.calls.values().find(|c| matches!(&c.target, crate::CallTarget::LangLib { native } if *native == crate::model::LangNative::StringLength));
    assert!(length_call.is_some());
}

#[test]
fn arrow_functions_get_parameter_types_from_context() {
    let text = r#"public function main() {
    int[] xs = [1, 2, 3];
    int[] doubled = xs.map(x => x * 2);
    int[] big = xs.filter(x => x > 1);
    string[] names = xs.map(x => x.toString());
    _ = doubled;
    _ = big;
    _ = names;
}
"#;
    assert_markers(text);
    let (result, _, _) = check_source(text);
    let p = &result.program;
    assert_eq!(p.arrow_params.len(), 3);
    assert!(p
        .arrow_params
        .values()
        .all(|params| params == &vec![crate::TypeArena::INT]));
    assert!(p.arrow_param_keys.values().all(|keys| keys.len() == 1));
}

#[test]
fn classes_methods_and_new() {
    // No imports: a standard module's own classes and calls would count below.
    let text = r#"class Counter {
    private int count = 0;
    final string name;

    function init(string name) {
        self.name = name;
    }

    function increment(int by = 1) returns int {
        self.count += by;
        return self.count;
    }
}

public function main() {
    Counter c = new ("c");
    _ = c.increment();
    int total = c.increment(by = 5);
    string name = c.name;
    int hidden = c.count; //~ ERROR E0103
    _ = [total, name, hidden];
}
"#;
    assert_markers(text);
    let (result, _, _) = check_source(text);
    let p = &result.program;
    assert_eq!(p.classes.len(), 1);
    let class = &p.classes[0];
    assert!(class.init.is_some());
    assert_eq!(class.fields.len(), 2);
    assert_eq!(p.news.len(), 1);
    let method_calls: Vec<_> = p
        .calls
        .values()
        .filter(|c| matches!(c.target, crate::CallTarget::Method { .. }))
        .collect();
    assert_eq!(method_calls.len(), 2);
    assert!(method_calls
        .iter()
        .any(|c| c.args.params == vec![crate::ArgSource::Default]));
    assert!(method_calls
        .iter()
        .any(|c| c.args.params == vec![crate::ArgSource::Arg(0)]));
}

#[test]
fn errors_constructors_and_checks() {
    let text = r#"type AppError distinct error<record {| int code; |}>;

function attempt(int code) returns int|AppError {
    if code > 0 {
        return error AppError("bad", code = code);
    }
    return 0;
}

function run() returns error? {
    int v = check attempt(1);
    int w = checkpanic attempt(0);
    error e = error("plain", error("inner"));
    _ = v + w;
    _ = e;
    AppError bad = error AppError("x"); //~ ERROR E0208
}

public function main() {
    error? r = run();
    _ = r;
}
"#;
    assert_markers(text);
    let (result, _, _) = check_source(text);
    let p = &result.program;
    assert_eq!(p.error_constructors.len(), 4);
    assert!(p.error_constructors.values().any(|e| e.cause.is_some()));
    assert!(p
        .error_constructors
        .values()
        .any(|e| e.fields.len() == 1 && e.fields[0].0 == "code"));
}

/// Deeply nested input (at the parser's nesting cap) checks without overflowing a modest
/// stack.
#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 900;
    let mut text = String::from("public function main() {\n    int x = ");
    text.push_str(&"(".repeat(depth));
    text.push('1');
    text.push_str(&" + 1)".repeat(depth));
    text.push_str(";\n    int[] y = ");
    text.push_str(&"[".repeat(depth / 3));
    text.push_str(&"]".repeat(depth / 3));
    text.push_str(";\n}\n");
    let handle = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let (result, _, _) = check_source(&text);
            result
                .diagnostics
                .iter()
                .filter(|d| d.code.0 != "E0005")
                .count()
        })
        .expect("spawn");
    let errors = handle.join().expect("no overflow");
    // The nested list does not fit `int[]`; what matters is that checking finished.
    assert!(errors <= 1);
}

#[test]
fn lang_library_calls_and_constants() {
    assert_markers(
        r#"import ballerina/io;
import ballerina/lang.array;

type Person record {| string name; int age; |};

public function main() returns error? {
    Person[] people = [{name: "a", age: 3}, {name: "b", age: 1}];
    Person[] sorted = people.sort(array:DESCENDING, p => p.age);
    string[] names = sorted.map(p => p.name);
    io:println(string:'join(", ", ...names));
    int biggest = int:max(1, 5, 3);
    decimal small = decimal:min(4.5, 1.25, 3);
    float root = float:sqrt(2);
    map<int> ages = {a: 1};
    foreach [string, int] [k, v] in ages.entries() {
        io:println(k, v);
    }
    json j = check "{\"x\": 1}".fromJsonString();
    Person copy = check j.cloneWithType();
    io:println(biggest, small, root, copy, int:MAX_VALUE, float:Infinity);
    byte[] bytes = "hi".toBytes();
    string back = check string:fromBytes(bytes);
    io:println(back.length(), back.substring(1), back.indexOf("i") ?: -1);
}
"#,
    );
}

#[test]
fn unused_import_is_a_warning() {
    let (result, _, _) = check_source("import ballerina/io;\n\npublic function main() {\n}\n");
    let found: Vec<(&str, bool)> = result
        .diagnostics
        .iter()
        .map(|d| (d.code.0, d.is_error()))
        .collect();
    assert_eq!(found, vec![("E0105", false)]);
    let (result, _, _) =
        check_source("import ballerina/io;\n\npublic function main() {\n    io:println(1);\n}\n");
    assert!(result.diagnostics.is_empty());
}

#[test]
fn functions_as_values() {
    assert_markers(
        r#"function double(int x) returns int {
    return x * 2;
}

function apply(function (int) returns int f, int x) returns int {
    return f(x);
}

public function main() {
    int a = apply(double, 3);
    int[] magnitudes = [-1, 2].map(int:abs);
    var triple = function(int x) returns int => x * 3;
    int b = apply(triple, a);
    string s = apply(double, 1); //~ ERROR E0200
    _ = magnitudes;
    _ = b;
    _ = s;
}
"#,
    );
}

#[test]
fn no_cascades_after_syntax_errors() {
    let text = "public function main() {\n    int a = 1 int b = 2;\n    int c = a + b;\n}\n";
    let (result, syntax, _) = check_source(text);
    assert!(syntax > 0);
    assert!(
        result.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        result.diagnostics
    );
}

#[test]
fn cyclic_and_recursive_type_definitions_terminate() {
    let text = r#"type A A|int;
type B C|string[];
type C B|int[];
type Node record {|
    int value;
    Node? next;
|};
type Json ()|boolean|int|string|Json[]|map<Json>;
enum Color { RED, GREEN }
type MaybeColor Color?;

public function main() {
    A a = 1;
    if a is int {
        a = 2;
    }
    B b = [1];
    Node n = {value: 1, next: {value: 2, next: ()}};
    Json j = [1, {"k": "v"}];
    MaybeColor c = RED;
    if c is Color {
        Color d = c;
        _ = d;
    }
    _ = b;
    _ = n;
    _ = j;
}
"#;
    let handle = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || assert_markers(text))
        .expect("spawn");
    assert!(handle.join().is_ok());
}

#[test]
fn list_constructor_picks_the_fitting_list_type() {
    let text = r#"public function main() {
    int[]|string[] words = ["a", "b"];
    int[]|string[] numbers = [1, 2];
    int[]|string[] bad = [1, "b"]; //~ ERROR E0200
    _ = words;
    _ = numbers;
    _ = bad;
}
"#;
    assert_markers(text);
    let (result, _, _) = check_source(text);
    let p = &result.program;
    let shown: Vec<String> = {
        let mut v: Vec<(crate::NodeKey, String)> = p
            .operand_types
            .iter()
            .map(|(k, t)| (*k, p.types.display(*t)))
            .collect();
        v.sort();
        v.into_iter().map(|(_, s)| s).collect()
    };
    assert_eq!(shown, vec!["string[]", "int[]", "int[]"]);
}

#[test]
fn mapping_constructor_picks_the_fitting_record_type() {
    let text = r#"type Cat record {| string name; int lives; |};
type Dog record {| string name; string breed; |};
type Tagged record {| string name; boolean tag; |};

public function main() {
    Cat|Dog pet = {name: "rex", breed: "lab"};
    Tagged|Cat other = {name: "tom", lives: 9};
    _ = pet;
    _ = other;
}
"#;
    assert_markers(text);
    let (result, _, _) = check_source(text);
    let p = &result.program;
    let mut shown: Vec<(crate::NodeKey, String)> = p
        .operand_types
        .iter()
        .map(|(k, t)| (*k, p.types.display(*t)))
        .collect();
    shown.sort();
    let names: Vec<&str> = shown.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(names, vec!["Dog", "Cat"]);
}

#[test]
fn lowering_needs_no_name_lookups() {
    // Shorthand fields, defaults and annotation values are recorded for lowering.
    let text = r#"const string KIND = "k";
int total = 0;

type Box record {|
    int size = 3;
|};

function make(int size, map<int> extra = {size}) returns map<anydata> {
    string label = "local";
    return {label, total, KIND, size, extra};
}

public function main() {
    _ = make(1);
}
"#;
    assert_markers(text);
    let (result, _, _) = check_source(text);
    let p = &result.program;
    let mut resolved: Vec<&crate::Resolution> = p
        .shorthand_fields
        .values()
        .filter_map(|key| p.resolutions.get(key))
        .collect();
    resolved.sort_by_key(|r| format!("{r:?}"));
    assert_eq!(p.shorthand_fields.len(), 6);
    assert_eq!(resolved.len(), 6);
    assert_eq!(
        resolved
            .iter()
            .filter(|r| matches!(r, crate::Resolution::Local(_)))
            .count(),
        4
    );
    assert!(resolved
        .iter()
        .any(|r| matches!(r, crate::Resolution::Global(_))));
    assert!(resolved
        .iter()
        .any(|r| matches!(r, crate::Resolution::Constant(_))));
    // The record field default and the parameter default.
    assert_eq!(p.deferred_exprs.len(), 2);
    let make = p.functions.iter().find(|f| f.name == "make");
    let Some(crate::ParamDefault::Expr(key)) = make.map(|f| f.params[1].default.clone()) else {
        panic!("no default recorded for `extra`");
    };
    assert!(p.deferred_exprs.contains_key(&key));
}
