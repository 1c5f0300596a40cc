//! Dependently-typed external functions and methods of a standard library module
//! (`crate::dependent`): `t = <>` bound from an explicit typedesc argument, from the expected
//! type, or else to the parameter's bound.

use crate::{CheckResult, ModuleName, SourceModule};
use intc_span::SourceMap;

const DEP: &str = r#"
public type Target typedesc<anydata>;

public isolated function fetch(string s, Target t = <>) returns t|error = external;

public client isolated class C {
    remote isolated function get(string p, typedesc<anydata> targetType = <>)
            returns targetType|error = external;
}
"#;

fn check(main: &str) -> CheckResult {
    let mut sources = SourceMap::new();
    let dep_file = sources.add("dep.int", DEP.to_string());
    let main_file = sources.add("main.int", main.to_string());
    let dep = intc_syntax::parse(dep_file, DEP);
    let root = intc_syntax::parse(main_file, main);
    assert!(dep.diagnostics.is_empty(), "{:?}", dep.diagnostics);
    assert!(root.diagnostics.is_empty(), "{:?}", root.diagnostics);
    let modules = vec![
        SourceModule {
            name: ModuleName {
                org: "std".into(),
                name: "dep".into(),
            },
            files: vec![dep.module.into()],
            is_root: false,
            is_library: false,
        },
        SourceModule {
            name: ModuleName {
                org: "$anon".into(),
                name: "main".into(),
            },
            files: vec![root.module.into()],
            is_root: true,
            is_library: false,
        },
    ];
    crate::check(&modules, &sources)
}

fn codes(result: &CheckResult) -> Vec<&'static str> {
    result.diagnostics.iter().map(|d| d.code.0).collect()
}

#[test]
fn bound_from_the_expected_type_or_an_explicit_argument() {
    let result = check(
        r#"import std/dep;

type X record {|
    string x;
|};

public function main() returns error? {
    int a = check dep:fetch("a");
    string b = check dep:fetch("b", string);
    X c = check dep:fetch("c", t = X);
    dep:C cl = new;
    int[] d = check cl->get("/d");
    boolean e = check cl->get("/e", targetType = boolean);
    anydata f = check cl->get("/f");
}
"#,
    );
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    let natives: Vec<_> = result
        .program
        .functions
        .iter()
        .filter_map(|f| f.native_name.clone())
        .collect();
    assert!(natives.contains(&"std.dep:fetch".to_string()));
    assert!(natives.contains(&"std.dep:C.get".to_string()));
}

#[test]
fn a_binding_that_does_not_fit_is_a_mismatch() {
    let result = check(
        r#"import std/dep;

public function main() returns error? {
    int a = check dep:fetch("a", string);
    dep:C cl = new;
    string b = check cl->get("/b", targetType = int);
}
"#,
    );
    assert_eq!(
        codes(&result),
        vec!["E0200", "E0200"],
        "{:?}",
        result.diagnostics
    );
}

#[test]
fn inferred_typedesc_outside_external_functions_is_still_an_error() {
    let result = check(
        r#"function f(typedesc<anydata> t = <>) returns int {
    return 1;
}

public function main() {
    int _ = f();
}
"#,
    );
    assert!(
        codes(&result).contains(&"E0245"),
        "{:?}",
        result.diagnostics
    );
}
