//! More end-to-end programs exercising the corners of the lowering: nested closures, loops
//! with `break`/`continue`, compound assignment to members, patterns, templates, numbers.

use super::e2e::output;

#[test]
fn nested_closures_share_cells_both_ways() {
    let out = output(
        r#"
import std/io;

public function main() {
    int base = 1;
    function (int) returns function (int) returns int outer = function(int a) returns function (int) returns int {
        return function(int b) returns int {
            base += 1;
            return base + a + b;
        };
    };
    var f = outer(10);
    io:println(f(100));
    base = 50;
    io:println(f(100));
    io:println(base);
}
"#,
    );
    assert_eq!(out, "112\n161\n51\n");
}

#[test]
fn loops_over_maps_strings_and_range_values_with_break_and_continue() {
    let out = output(
        r#"
import std/io;

public function main() {
    map<int> m = {a: 1, b: 2, c: 3};
    int total = 0;
    foreach int v in m {
        if v == 2 {
            continue;
        }
        total += v;
    }
    string letters = "";
    foreach string ch in "hello" {
        if ch == "l" {
            break;
        }
        letters += ch;
    }
    var r = 3 ... 6;
    int product = 1;
    foreach int i in r {
        product *= i;
    }
    int count = 0;
    foreach int i in 0 ..< 10 {
        if i % 2 == 0 {
            continue;
        }
        if i > 7 {
            break;
        }
        count += 1;
    }
    int w = 0;
    while true {
        w += 1;
        if w >= 5 {
            break;
        }
    }
    io:println(total, " ", letters, " ", product, " ", count, " ", w);
}
"#,
    );
    assert_eq!(out, "4 he 360 4 5\n");
}

#[test]
fn compound_assignment_to_members_fields_and_globals() {
    let out = output(
        r#"
import std/io;

int hits = 0;

type Counter record {
    int count;
};

public function main() {
    int[] xs = [1, 2, 3];
    xs[0] += 10;
    xs[2] *= 5;
    Counter c = {count: 1};
    c.count += 41;
    hits += 3;
    hits -= 1;
    string s = "a";
    s += "b";
    s += s;
    float f = 1.5;
    f *= 2;
    io:println(xs, " ", c.count, " ", hits, " ", s, " ", f);
}
"#,
    );
    assert_eq!(out, "[11,2,15] 42 2 abab 3.0\n");
}

#[test]
fn match_alternatives_guards_and_tuple_rest() {
    let out = output(
        r#"
import std/io;

function classify(int n) returns string {
    match n {
        1|2|3 => {
            return "small";
        }
        var x if x < 0 => {
            return "negative";
        }
        _ => {
            return "big";
        }
    }
}

public function main() {
    [int, string...] t = [1, "a", "b"];
    [int, string...] [first, ...others] = t;
    io:println(classify(2), " ", classify(-5), " ", classify(99), " ", first, " ", others);
    int a = 5;
    int b = 7;
    [a, b] = [b, a];
    io:println(a, " ", b);
}
"#,
    );
    assert_eq!(out, "small negative big 1 [\"a\",\"b\"]\n7 5\n");
}

#[test]
fn numbers_bitwise_templates_and_optional_access() {
    let out = output(
        r#"
import std/io;

type Profile record {|
    string name;
    int? age = ();
    Profile? friend = ();
|};

public function main() {
    float x = 1 + 2;
    decimal d = 1.5;
    int bits = (0xF0 | 0x0F) & 0x3C;
    int shifted = (1 << 10) >> 2;
    int neg = -9223372036854775807 - 1;
    Profile p = {name: "p", friend: {name: "q", age: 3}};
    int? friendAge = p.friend?.age;
    string who = p?.friend?.name ?: "nobody";
    int fallback = p.age ?: 18;
    string text = string `x=${x} d=${d} bits=${bits} ${shifted} ${neg}`;
    io:println(text);
    io:println(friendAge, " ", who, " ", fallback, " ", x is float, " ", <int>x);
    int value = let int k = 4, int m = k * 2 in k + m;
    io:println(value, " ", bits > 10 ? "big" : "small");
}
"#,
    );
    assert_eq!(
        out,
        "x=3.0 d=1.5 bits=60 256 -9223372036854775808\n3 q 18 true 3\n12 big\n"
    );
}

#[test]
fn module_init_order_and_init_function() {
    let out = output(
        r#"
import std/io;

int first = 1;
int second = first + 1;
final int[] numbers = [first, second, twice(second)];

function twice(int x) returns int {
    return x * 2;
}

function init() {
    io:println("init ", numbers);
}

public function main() {
    io:println(first + second);
}
"#,
    );
    assert_eq!(out, "init [1,2,4]\n3\n");
}

#[test]
fn on_fail_in_loops_and_error_constructors_with_causes() {
    let out = output(
        r#"
import std/io;

function check_positive(int n) returns int|error {
    if n <= 0 {
        return error("not positive", value = n);
    }
    return n;
}

public function main() {
    int sum = 0;
    foreach int n in [3, -1, 4] {
        sum += check check_positive(n);
    } on fail error e {
        io:println("stopped: ", e.message(), " ", e.detail());
    }
    io:println(sum);
    error root = error("root");
    error wrapped = error("outer", root);
    error? cause = wrapped.cause();
    if cause is error {
        io:println(cause.message());
    }
    do {
        fail error("direct");
    } on fail var f {
        io:println("caught ", f.message());
    }
}
"#,
    );
    assert_eq!(
        out,
        "stopped: not positive {\"value\":-1}\n3\nroot\ncaught direct\n"
    );
}

#[test]
fn deeply_nested_expressions_lower_without_exhausting_the_stack() {
    let depth = 300;
    let mut expression = String::from("1");
    for _ in 0..depth {
        expression = format!("(1 + {expression})");
    }
    let source =
        format!("import std/io;\n\npublic function main() {{\n    io:println({expression});\n}}\n");
    // The CLI runs the compiler on a large stack; 64 MiB is far below that.
    let worker = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || output(&source));
    let result = match worker {
        Ok(handle) => handle.join(),
        Err(problem) => panic!("cannot start the worker: {problem}"),
    };
    match result {
        Ok(out) => assert_eq!(out, format!("{}\n", depth + 1)),
        Err(_) => panic!("lowering the nested program failed"),
    }
}

#[test]
fn natives_as_function_values_forward_rest_arguments() {
    let out = output(
        r#"
import std/io;

public function main() {
    var printer = io:println;
    printer("a", 1, true);
    printer();
    any|error[] parts = ["x", 2];
    printer(...parts);
}
"#,
    );
    assert_eq!(out, "a1true\n\nx2\n");
}

#[test]
fn member_access_on_nil_is_nil() {
    let out = output(
        r#"
import std/io;

public function main() {
    map<int>? absent = ();
    map<int>? present = {a: 1};
    int? x = absent["a"];
    int? y = present["a"];
    io:println(x is (), " ", y);
}
"#,
    );
    assert_eq!(out, "true 1\n");
}

#[test]
fn arguments_evaluate_in_source_order() {
    let out = output(
        r#"
import std/io;

int counter = 0;

function next() returns int {
    counter += 1;
    return counter;
}

function combine(int a, int b, int c = 0) returns int => a * 100 + b * 10 + c;

public function main() {
    io:println(combine(b = next(), a = next()));
    [int, int] pair = [7, 8];
    io:println(combine(next(), ...pair));
}
"#,
    );
    assert_eq!(out, "210\n378\n");
}
