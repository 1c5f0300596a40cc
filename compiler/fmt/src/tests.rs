//! Unit tests of the formatter: the style rules one by one, comments and templates kept,
//! refusals, and idempotence on every case.

use super::*;

/// Formats `input`, asserts the result is `expected`, and that formatting it again changes
/// nothing.
pub(crate) fn check(input: &str, expected: &str) {
    let formatted = match format(input) {
        Ok(text) => text,
        Err(errors) => panic!("refused {input:?}: {errors:?}"),
    };
    assert_eq!(formatted, expected, "formatting {input:?}");
    let again = format(&formatted).unwrap_or_else(|errors| panic!("refused again: {errors:?}"));
    assert_eq!(again, formatted, "not idempotent for {input:?}");
}

#[test]
fn indentation_is_recomputed() {
    check(
        "function main() {\n  int x = 1;\n        if x > 0 {\nx = 2;\n   }\n}\n",
        "function main() {\n    int x = 1;\n    if x > 0 {\n        x = 2;\n    }\n}\n",
    );
}

#[test]
fn spaces_around_binary_operators_and_after_commas() {
    check(
        "function f(int a,int b) returns int {\n    return a+b*2-(a%b);\n}\n",
        "function f(int a, int b) returns int {\n    return a + b * 2 - (a % b);\n}\n",
    );
    check(
        "function f() {\n    int x=-1;\n    boolean b = !(x==1)&&x!=2;\n}\n",
        "function f() {\n    int x = -1;\n    boolean b = !(x == 1) && x != 2;\n}\n",
    );
}

#[test]
fn mappings_lists_and_calls() {
    check(
        "function f() {\n    map<int> m = { a : 1,b:2 };\n    int[] xs = [ 1,2 ];\n    io:println( m [\"a\"] , xs );\n}\n",
        "function f() {\n    map<int> m = {a: 1, b: 2};\n    int[] xs = [1, 2];\n    io:println(m[\"a\"], xs);\n}\n",
    );
}

#[test]
fn conditional_expressions_keep_spaced_colons() {
    check(
        "function f(boolean c) returns int {\n    return c?1:2;\n}\n",
        "function f(boolean c) returns int {\n    return c ? 1 : 2;\n}\n",
    );
}

#[test]
fn one_statement_per_line() {
    check(
        "function f() { int a = 1; int b = 2; if a > b { a = b; } b = a; }\n",
        "function f() {\n    int a = 1;\n    int b = 2;\n    if a > b {\n        a = b;\n    }\n    b = a;\n}\n",
    );
    check(
        "import ballerina/io; import ballerina/lang.'int as ints;\n",
        "import ballerina/io;\nimport ballerina/lang.'int as ints;\n",
    );
}

#[test]
fn record_types_stay_on_their_line() {
    check(
        "type P record {| int x; string y; |};\n",
        "type P record {| int x; string y; |};\n",
    );
    check("type P record {|int x;|};\n", "type P record {|int x;|};\n");
}

#[test]
fn blank_lines_collapse_and_trailing_whitespace_goes() {
    check(
        "\n\nfunction f() {   \n\n    int a = 1;\n\n\n\n    int b = 2;\n\n}\n\n\n",
        "function f() {\n    int a = 1;\n\n    int b = 2;\n}\n",
    );
    check("function f() {}", "function f() {}\n");
}

#[test]
fn comments_and_doc_lines_are_kept_where_they_were() {
    check(
        "# Adds one.\n#   + x - the input   \nfunction f(int x) returns int { // trailing\n// own line\n    return x + 1;    // after\n    // before the brace\n}\n",
        "# Adds one.\n#   + x - the input\nfunction f(int x) returns int { // trailing\n    // own line\n    return x + 1; // after\n    // before the brace\n}\n",
    );
}

#[test]
fn templates_are_left_byte_for_byte() {
    let input = "function f() {\n    string s = string `a  ${ 1+2 }\n   b  `;\n    xml x = xml `<a>  ${s}</a>`;\n    var r = re `a+  b`;\n}\n";
    check(input, input);
}

#[test]
fn continuation_lines_are_indented_once() {
    check(
        "function f(int[] xs) returns int[] {\n    return from var x in xs\n    where x > 1\n            select x;\n}\n",
        "function f(int[] xs) returns int[] {\n    return from var x in xs\n        where x > 1\n        select x;\n}\n",
    );
    check(
        "function f(boolean a, boolean b) {\n    if a &&\n    b {\n    return;\n    }\n}\n",
        "function f(boolean a, boolean b) {\n    if a &&\n        b {\n        return;\n    }\n}\n",
    );
}

#[test]
fn a_statement_goes_on_after_a_mapping_constructor() {
    check(
        "function f(int[] xs) {\n    var ys = from var x in xs\n    where {a: x} != {}\n    select x;\n}\n",
        "function f(int[] xs) {\n    var ys = from var x in xs\n        where {a: x} != {}\n        select x;\n}\n",
    );
    check(
        "function f() {\n    [int, string] [a, b] = [1, \"x\"];\n}\n",
        "function f() {\n    [int, string] [a, b] = [1, \"x\"];\n}\n",
    );
}

#[test]
fn annotations_do_not_continue_the_next_line() {
    check(
        "@test:Config\nfunction f() {\n}\n",
        "@test:Config\nfunction f() {\n}\n",
    );
}

#[test]
fn ambiguous_tokens_keep_the_authors_spacing() {
    let input =
        "function f(map<int>|int v, int a, int b) returns boolean {\n    return a < b || a<b;\n}\n";
    check(input, input);
    check("type T map<map<int>>;\n", "type T map<map<int>>;\n");
}

#[test]
fn optional_types_and_qualified_names_hug() {
    check(
        "function f() {\n    int?   x = ();\n    io:println(x);\n}\n",
        "function f() {\n    int? x = ();\n    io:println(x);\n}\n",
    );
}

#[test]
fn arguments_spanning_lines_indent_once() {
    check(
        "function f() {\n    g(1,\n  2,\n          3);\n}\n",
        "function f() {\n    g(1,\n        2,\n        3);\n}\n",
    );
    check(
        "function f() {\n    var m = {\n  a: 1,\n  b: [\n  2\n  ]\n  };\n}\n",
        "function f() {\n    var m = {\n        a: 1,\n        b: [\n            2\n        ]\n    };\n}\n",
    );
}

#[test]
fn syntax_errors_are_returned() {
    let errors = format("function f( {").err().unwrap_or_default();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|error| error.code.0.starts_with("E000")));
}

#[test]
fn empty_input_stays_empty() {
    check("", "");
    check("\n\n  \n", "");
}

#[test]
fn spans_are_stripped_from_tree_dumps() {
    assert_eq!(
        strip_spans("Foo { span: 0@12..15, s: \"1@2..3\" }"),
        "Foo { span: @, s: \"1@2..3\" }"
    );
}

/// The examples of `docs/style.md`.
#[test]
fn style_guide_examples() {
    check(
        "function total(int[] xs)returns int{\n  int sum=0; foreach int x in xs { sum+=x; }\n\n\n  return sum;\n    }\n",
        "function total(int[] xs) returns int {\n    int sum = 0;\n    foreach int x in xs {\n        sum += x;\n    }\n\n    return sum;\n}\n",
    );
    check(
        "function f() {\nmap<int> counts={ \"a\" : 1,\"b\":2 };\nint? n=counts [ \"a\" ];\nstring s=n is ()?\"none\":n.toString( );\n}\n",
        "function f() {\n    map<int> counts = {\"a\": 1, \"b\": 2};\n    int? n = counts[\"a\"];\n    string s = n is () ? \"none\" : n.toString();\n}\n",
    );
}

#[test]
fn names_after_type_and_function_keep_their_spacing() {
    let input = "type Pair [string, int];\n\ntype J ()|int|J[];\n\ntype O object { function f(); };\n\nfunction f() {\n    var s = service object {\n        resource function get .() returns int {\n            return - -1;\n        }\n    };\n}\n";
    check(input, input);
}

#[test]
fn bodies_holding_opened_blocks_open_up() {
    check(
        "function sign(int x) returns int { if x > 0 { return 1; } }\n",
        "function sign(int x) returns int {\n    if x > 0 {\n        return 1;\n    }\n}\n",
    );
}

#[test]
fn match_arms_are_statements() {
    let input = "function f(any v) returns string {\n    match v {\n        0 => {\n            return \"zero\";\n        }\n        [var a, var b] => {\n            return \"pair\";\n        }\n    }\n    return \"\";\n}\n";
    check(input, input);
}

#[test]
fn let_expressions_and_casts() {
    let input = "function label(int a) returns string =>\n    let string x = a.toString(),\n        string y = x\n    in x + y;\n\nfunction f() {\n    anydata x = <map<int>>{x: 1};\n    var m = {\n        a: function() {\n            return;\n        },\n        b: 2\n    };\n}\n";
    check(
        input,
        "function label(int a) returns string =>\n    let string x = a.toString(),\n    string y = x\n    in x + y;\n\nfunction f() {\n    anydata x = <map<int>>{x: 1};\n    var m = {\n        a: function() {\n            return;\n        },\n        b: 2\n    };\n}\n",
    );
}

#[test]
fn a_body_brace_joins_its_header() {
    check(
        "public function main()\n{\n\tint   a=1;int b   =\n        2;\n}\n",
        "public function main() {\n    int a = 1;\n    int b =\n        2;\n}\n",
    );
    check(
        "function run(int a,\n        int b) returns error? {\n    return;\n}\n",
        "function run(int a,\n    int b) returns error? {\n    return;\n}\n",
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const SEED: &str = "import ballerina/io;\n\n# Doc.\npublic function main() {\n    int x = 1; // c\n    map<int> m = {a: x, b: x > 0 ? 1 : 2};\n    if x < 2 {\n        io:println(string `v ${x}`, m[\"a\"]);\n    }\n}\n";

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Whatever the input, `format` answers without panicking, and what it accepts it
        /// leaves alone the second time.
        #[test]
        fn never_panics_and_is_idempotent(text in any::<String>()) {
            if let Ok(formatted) = format(&text) {
                prop_assert_eq!(format(&formatted).ok(), Some(formatted));
            }
        }

        /// Edits of whitespace in a valid program: the result is always the same.
        #[test]
        fn whitespace_edits_of_a_program(edits in proptest::collection::vec((0usize..200, 0u8..3), 0..12)) {
            let mut text = SEED.to_string();
            for (at, what) in edits {
                let at = at % (text.len() + 1);
                if !text.is_char_boundary(at) {
                    continue;
                }
                let insert = match what { 0 => " ", 1 => "\n", _ => "\t" };
                text.insert_str(at, insert);
            }
            if let Ok(formatted) = format(&text) {
                prop_assert_eq!(format(&formatted).ok(), Some(formatted));
            }
        }
    }
}
