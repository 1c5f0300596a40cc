//! Limits: parse never panics, deep nesting is cut with one E0005, huge inputs are fine.

use crate::ast::*;
use intc_span::FileId;
use proptest::prelude::*;

fn codes(text: &str) -> Vec<&'static str> {
    crate::parse(FileId(0), text)
        .diagnostics
        .iter()
        .map(|d| d.code.0)
        .collect()
}

#[test]
fn deep_parentheses_and_brackets_report_e0005_once() {
    for (open, close) in [("(", ")"), ("[", "]")] {
        let text = format!(
            "function f() {{ x = {}1{}; }}",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        assert_eq!(codes(&text), ["E0005"], "{open}");
        let unbalanced = format!("function f() {{ x = {}", open.repeat(100_000));
        let found = codes(&unbalanced);
        assert_eq!(
            found.iter().filter(|c| **c == "E0005").count(),
            1,
            "{open}: {found:?}"
        );
    }
    let blocks = format!(
        "function f() {{ {}{} }}",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    assert_eq!(codes(&blocks), ["E0005"]);
}

#[test]
fn long_operator_chains_and_prefix_runs_are_cut() {
    let chain = format!("function f() {{ x = 1{}; }}", " + 1".repeat(100_000));
    assert_eq!(codes(&chain), ["E0005"]);
    let prefix = format!("function f() {{ x = {}1; }}", "-".repeat(100_000));
    assert!(codes(&prefix).contains(&"E0005"));
    let dots = format!("function f() {{ x = a{}; }}", ".b".repeat(100_000));
    assert_eq!(codes(&dots), ["E0005"]);
    let arrays = format!("int{} x = 1;", "[]".repeat(100_000));
    assert!(codes(&arrays).contains(&"E0005"));
    let elses = format!(
        "function f() {{ if a {{}}{} }}",
        " else if a {}".repeat(20_000)
    );
    assert!(codes(&elses).contains(&"E0005"));
}

#[test]
fn moderate_nesting_is_accepted() {
    let text = format!(
        "function f() {{ x = {}1{}; }}",
        "(".repeat(300),
        ")".repeat(300)
    );
    assert!(codes(&text).is_empty());
}

#[test]
fn huge_string_literal_and_unterminated_inputs() {
    let big = format!(
        "function f() {{ x = \"{}\"; }}",
        "a".repeat(10 * 1024 * 1024)
    );
    let parsed = crate::parse(FileId(0), &big);
    assert!(parsed.diagnostics.is_empty());
    // The string runs to the end of its line, so the missing `;` and `}` are its echoes.
    assert_eq!(codes("function f() { x = \"abc"), ["E0003"]);
    assert!(codes("function f() { x = string `abc ${").contains(&"E0003"));
}

#[test]
fn empty_and_junk_inputs() {
    let parsed = crate::parse(FileId(0), "");
    assert!(parsed.diagnostics.is_empty());
    assert!(parsed.module.items.is_empty());
    for junk in [
        "}}}}",
        ")(",
        "function",
        "import",
        "type T record {|",
        "@",
        "`",
        "${}",
        "match x {",
        "class {",
    ] {
        let parsed = crate::parse(FileId(0), junk);
        assert!(!parsed.diagnostics.is_empty(), "{junk}");
    }
}

const SEEDS: &[&str] = &[
    "import ballerina/io;\npublic function main() { int x = 1; io:println(string `v=${x}`); }",
    "type R record {| int a; string b?; |}; function f(R r) returns int|error { return r.a; }",
    "function g() { match x { 1 | 2 => { } var [a, b] => { } _ => { } } foreach int i in 0..<3 { } }",
    "class C { int n = 0; function init() { } } function h() { C c = new; var f = (a, b) => a + b; }",
    "((((((((((((((((((((x))))))))))))))))))))[[[[[[[[[[]]]]]]]]]]{{{{{{{{}}}}}}}}",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_random_text(text in "\\PC{0,200}") {
        let _ = crate::parse(FileId(0), &text);
    }

    #[test]
    fn parse_never_panics_on_mutated_programs(seed in 0..SEEDS.len(), edits in proptest::collection::vec((any::<u16>(), any::<u8>(), 0u8..3), 1..8)) {
        let mut bytes = SEEDS[seed].as_bytes().to_vec();
        for (position, byte, kind) in edits {
            let at = position as usize % (bytes.len() + 1);
            const ALPHABET: &[u8] = b" (){}[]<>;:?.,=`$\"'|&-+*/!#@abcxyz019\n";
            let byte = ALPHABET[byte as usize % ALPHABET.len()];
            match kind {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => { bytes.remove(at); }
                _ => if at < bytes.len() { bytes[at] = byte; },
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let parsed = crate::parse(FileId(0), &text);
        prop_assert!(parsed.module.node_count < u32::MAX);
        let _ = crate::dump_ast(&parsed.module);
    }

    #[test]
    fn deep_nesting_seeds_never_panic(depth in 900usize..3000, open in 0usize..4) {
        let (o, c) = [("(", ")"), ("[", "]"), ("{", "}"), ("string `${", "}`")][open];
        let text = format!("function f() {{ x = {}1{}; }}", o.repeat(depth), c.repeat(depth / 2));
        let parsed = crate::parse(FileId(0), &text);
        prop_assert!(!parsed.diagnostics.is_empty() || depth < 1000);
        let _: &Module = &parsed.module;
    }
}

#[test]
fn pathological_look_ahead_stays_fast() {
    let started = std::time::Instant::now();
    let questions = format!("function f() {{ x = a{}; }}", "?a".repeat(200_000));
    let _ = crate::parse(FileId(0), &questions);
    let unions = format!("function f() {{ {} }}", ";a|a|a|a|a|a|a|a b".repeat(20_000));
    let _ = crate::parse(FileId(0), &unions);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn trees_at_the_nesting_limit_can_be_dumped_and_dropped() {
    let chain = format!("function f() {{ x = 1{}; }}", " + 1".repeat(990));
    let parsed = crate::parse(FileId(0), &chain);
    assert!(parsed.diagnostics.is_empty());
    assert!(crate::dump_ast(&parsed.module).len() > 1000);
    let mixed = format!(
        "function f() {{ x = {}a{}; }}",
        "-(".repeat(330),
        ")".repeat(330)
    );
    let parsed = crate::parse(FileId(0), &mixed);
    assert!(!crate::dump_ast(&parsed.module).is_empty());
}
