//! Completion over inline fixtures.
use crate::fixture::{project, single};
use crate::CompletionKind;

fn labels(items: &[crate::CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

#[test]
fn members_of_an_imported_module_after_its_prefix() {
    let f = single("import ballerina/io;\npublic function main() {\n    io:$0\n}\n");
    let items = f.host.completions(&f.path, f.offset);
    assert!(labels(&items).contains(&"println"), "{items:?}");
    assert!(labels(&items).contains(&"Error"), "{items:?}");
}

#[test]
fn fields_and_methods_after_a_dot_in_unfinished_code() {
    let f = single("type Person record {| string name; int age; |};\npublic function main() {\n    Person p = {name: \"a\", age: 1};\n    p.$0\n}\n");
    let items = f.host.completions(&f.path, f.offset);
    let names = labels(&items);
    assert!(
        names.contains(&"name") && names.contains(&"age"),
        "{names:?}"
    );
    assert!(
        names.contains(&"toJson") || names.contains(&"clone"),
        "lang.value methods: {names:?}"
    );
    let age = items.iter().find(|i| i.label == "age").unwrap();
    assert_eq!(age.kind, CompletionKind::Field);
    assert_eq!(age.detail.as_deref(), Some("int"));

    let f = single("class Counter {\n    int n = 0;\n    function inc() {}\n}\npublic function main() {\n    Counter c = new;\n    c.in$0\n}\n");
    let items = f.host.completions(&f.path, f.offset);
    assert!(labels(&items).contains(&"inc"), "{items:?}");

    let f = single("public function main() {\n    string s = \"x\";\n    int n = s.$0;\n}\n");
    let items = f.host.completions(&f.path, f.offset);
    assert!(labels(&items).contains(&"length"), "lang.string: {items:?}");
}

#[test]
fn names_in_scope_keywords_and_snippets() {
    let f = project(&[
        ("main.int", "import ballerina/io;\nfunction helper() {}\npublic function main() {\n    int local = 1;\n    $0\n}\n"),
        ("other.int", "const GREETING = \"hi\";\n"),
    ]);
    let items = f.host.completions(&f.path, f.offset);
    let names = labels(&items);
    for expected in ["local", "helper", "GREETING", "io", "foreach", "main"] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    let snippet = items
        .iter()
        .find(|i| i.label == "service" && i.kind == CompletionKind::Snippet)
        .unwrap();
    assert!(snippet
        .snippet
        .as_deref()
        .unwrap_or("")
        .contains("resource function"));
}
