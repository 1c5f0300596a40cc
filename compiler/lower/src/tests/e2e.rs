//! End-to-end tests: source text parsed, checked, lowered, verified and run on the
//! interpreter with the lang library and `std/io` natives; the printed output is compared.

use intc_runtime::{NativeRegistry, Outcome, Runtime};
use intc_sema::{ModuleName, SourceModule};
use intc_span::SourceMap;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// An output stream the test can read back.
#[derive(Clone, Default)]
struct SharedBuffer(Rc<RefCell<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// Compiles and runs a program; returns the outcome and its standard output.
fn run(source: &str) -> (Outcome, String) {
    run_with(source, |_| {})
}

/// Like [`run`], with extra natives (for `external` functions of the test program, named
/// `test.main:<function>`).
pub(super) fn run_with(
    source: &str,
    extra_natives: impl FnOnce(&mut NativeRegistry),
) -> (Outcome, String) {
    let program = compile(source);
    let mut registry = NativeRegistry::new();
    intc_stdlib::register_natives(&mut registry);
    extra_natives(&mut registry);
    let mut runtime = match Runtime::new(program, &registry) {
        Ok(runtime) => runtime,
        Err(problem) => panic!("program does not load: {problem:?}"),
    };
    let stdout = SharedBuffer::default();
    runtime.set_output(Box::new(stdout.clone()), Box::new(SharedBuffer::default()));
    let outcome = runtime.run_main(Vec::new());
    (outcome, stdout.text())
}

/// Parses, checks, lowers and verifies a program (with the standard library modules).
pub(super) fn compile(source: &str) -> intc_ir::Program {
    let mut sources = SourceMap::new();
    let main_file = sources.add("main.int", source);
    let mut diagnostics = Vec::new();
    let main = intc_syntax::parse(main_file, source);
    diagnostics.extend(main.diagnostics);
    let mut modules = vec![SourceModule {
        name: ModuleName {
            org: "test".into(),
            name: "main".into(),
        },
        files: vec![main.module.into()],
        is_root: true,
        is_library: false,
    }];
    // One module per standard library module, holding all of its files.
    for std_module in intc_stdlib::module_sources() {
        let file = sources.add(std_module.file_name, std_module.text);
        let parsed = intc_syntax::parse(file, std_module.text);
        diagnostics.extend(parsed.diagnostics);
        let existing = modules
            .iter_mut()
            .find(|m| m.name.org == "std" && m.name.name == std_module.module);
        match existing {
            Some(module) => module.files.push(parsed.module.into()),
            None => modules.push(SourceModule {
                name: ModuleName {
                    org: "std".into(),
                    name: std_module.module.into(),
                },
                files: vec![parsed.module.into()],
                is_root: false,
                is_library: false,
            }),
        }
    }
    let checked = intc_sema::check(&modules, &sources);
    diagnostics.extend(checked.diagnostics);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == intc_diagnostics::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "front-end errors: {errors:#?}");
    let program = match crate::lower(&checked.program, &modules, &sources) {
        Ok(program) => program,
        Err(problems) => panic!("internal compiler errors: {problems:#?}"),
    };
    if let Err(problems) = intc_ir::verify(&program) {
        panic!("IR does not verify: {problems:#?}\n{program}");
    }
    program
}

pub(super) fn output(source: &str) -> String {
    let (outcome, stdout) = run(source);
    assert!(
        matches!(outcome, Outcome::Ok),
        "program failed: {outcome:?}\noutput so far:\n{stdout}"
    );
    stdout
}

#[test]
fn arithmetic_loops_and_strings() {
    let out = output(
        r#"
import std/io;

function fib(int n) returns int {
    if n < 2 {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}

public function main() {
    int sum = 0;
    int i = 0;
    while i < 100 {
        sum += i % 7;
        i += 1;
    }
    string s = "";
    foreach int j in 0 ..< 5 {
        s += "x";
    }
    float f = 1;
    io:println(fib(20), " ", sum, " ", s, " ", f / 4);
}
"#,
    );
    assert_eq!(out, "6765 295 xxxxx 0.25\n");
}

#[test]
fn closures_records_and_defaults() {
    let out = output(
        r#"
import std/io;

type Config record {|
    string host = "localhost";
    int port = 8080;
|};

function add(int a, int b = a * 2) returns int => a + b;

public function main() {
    int count = 0;
    function () returns int next = function() returns int {
        count += 1;
        return count;
    };
    _ = next();
    _ = next();
    (function () returns int)[] fns = [];
    foreach int k in 1 ... 3 {
        int captured = k * 10;
        fns.push(() => captured);
    }
    int total = 0;
    foreach var f in fns {
        total += f();
    }
    Config c = {port: 9090};
    io:println(count, " ", total, " ", add(5), " ", add(1, 1));
    io:println(c);
}
"#,
    );
    assert_eq!(out, "2 60 15 2\n{\"host\":\"localhost\",\"port\":9090}\n");
}

#[test]
fn errors_check_on_fail_match_and_trap() {
    let out = output(
        r#"
import std/io;

function parse(string s) returns int|error {
    if s == "bad" {
        return error("bad input", code = 7);
    }
    return s.length();
}

function twice(string s) returns int|error {
    int n = check parse(s);
    return n * 2;
}

function describe(any|error v) returns string {
    match v {
        0 => {
            return "zero";
        }
        [var a, var b] => {
            return "pair " + a.toString() + b.toString();
        }
        {name: var n} => {
            return "named " + n.toString();
        }
        error(var m, code = var c) => {
            return "error " + m + " " + c.toString();
        }
        var other => {
            return "other " + other.toString();
        }
    }
}

public function main() {
    io:println(twice("abc"));
    int|error r = twice("bad");
    if r is error {
        io:println(r.message());
    }
    do {
        int n = check parse("bad");
        io:println(n);
    } on fail error e {
        io:println("failed: ", e.message());
    }
    io:println(describe(0), "; ", describe([1, 2]), "; ", describe({name: "x"}));
    io:println(describe(error("e", code = 3)), "; ", describe(5));
    int[] xs = [1];
    int|error trapped = trap xs.remove(4);
    io:println(trapped is error);
}
"#,
    );
    assert_eq!(
        out,
        "6\nbad input\nfailed: bad input\nzero; pair 12; named x\nerror e 3; other 5\ntrue\n"
    );
}

#[test]
fn classes_objects_and_module_variables() {
    let out = output(
        r#"
import std/io;

int counter = 10;
final string greeting = "hi";

class Account {
    int balance = 0;
    private string owner;

    function init(string owner, int initial) returns error? {
        if initial < 0 {
            return error("negative");
        }
        self.owner = owner;
        self.balance = initial;
    }

    public function deposit(int amount) returns int {
        self.balance += amount;
        return self.balance;
    }

    public function describe() returns string => self.owner + ":" + self.balance.toString();
}

public function main() {
    Account|error a = new ("ann", 5);
    if a is Account {
        _ = a.deposit(10);
        io:println(a.describe());
    }
    Account|error b = new ("bob", -1);
    io:println(b is error);
    int base = 100;
    var obj = object {
        int extra = 1;
        public function total() returns int {
            return base + self.extra;
        }
    };
    base = 200;
    counter += 1;
    io:println(obj.total(), " ", counter, " ", greeting);
}
"#,
    );
    assert_eq!(out, "ann:15\ntrue\n201 11 hi\n");
}

#[test]
fn destructuring_spreads_and_templates() {
    let out = output(
        r#"
import std/io;

function sum(int... values) returns int {
    int total = 0;
    foreach int v in values {
        total += v;
    }
    return total;
}

public function main() {
    [int, string] [n, label] = [3, "three"];
    int[] base = [1, 2];
    int[] more = [0, ...base, 3];
    map<int> m = {a: 1};
    map<int> copy = {...m, b: 2};
    record {| int x; int y; |} {x, y} = {x: 4, y: 5};
    string text = string `${label}=${n} ${x + y}`;
    io:println(more, " ", copy, " ", text, " ", sum(1, 2, 3), " ", sum(...more));
}
"#,
    );
    assert_eq!(out, "[0,1,2,3] {\"a\":1,\"b\":2} three=3 9 6 6\n");
}

#[test]
fn panics_report_the_division_line() {
    let (outcome, _) = run(r#"
import std/io;

function divide(int a, int b) returns int {
    return a / b;
}

public function main() {
    io:println(divide(1, 0));
}
"#);
    let Outcome::Panicked(error) = outcome else {
        panic!("expected a panic, got {outcome:?}");
    };
    let text = format!("{error:?}");
    assert!(text.contains("DivisionByZero"), "{text}");
}
