//! Code actions over inline fixtures: each fix applied must leave a program without the
//! diagnostic it fixes.
use crate::fixture::{project, single, Fixture};
use crate::{CodeAction, FileEdit};

/// The text of `edit`'s file with the edit applied.
fn apply(f: &Fixture, edit: &FileEdit) -> String {
    let mut text = f.host.file_text(&edit.path).unwrap_or_default();
    text.replace_range(edit.start as usize..edit.end as usize, &edit.new_text);
    text
}

fn actions_at(f: &Fixture) -> Vec<CodeAction> {
    f.host.code_actions(&f.path, f.offset, f.offset)
}

fn only(actions: &[CodeAction], title: &str) -> CodeAction {
    let found: Vec<&CodeAction> = actions.iter().filter(|a| a.title == title).collect();
    assert_eq!(found.len(), 1, "{title}: {actions:?}");
    found[0].clone()
}

/// Applies the action's one edit to the cursor's file and checks the result has no errors.
fn fixed(f: &mut Fixture, action: &CodeAction) -> String {
    assert_eq!(action.edits.len(), 1, "{action:?}");
    let text = apply(f, &action.edits[0]);
    let path = f.path.clone();
    f.host.set_file_text(&path, &text);
    let diagnostics = f.analysis().diagnostics(&path);
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity != intc_diagnostics::Severity::Error),
        "{text}\n{diagnostics:?}"
    );
    text
}

#[test]
fn add_check_to_a_call_whose_error_is_not_handled() {
    let mut f = single("function load() returns int|error => 1;\npublic function main() returns error? {\n    int n = lo$0ad();\n}\n");
    let action = only(&actions_at(&f), "Add 'check'");
    assert_eq!(action.fixes.as_ref().map(|d| d.code), Some("E0200"));
    let text = fixed(&mut f, &action);
    assert!(text.contains("int n = check load();"), "{text}");

    // Not offered for a mismatch that `check` cannot fix.
    let f = single("public function main() {\n    int n = \"t$0ext\";\n}\n");
    assert!(actions_at(&f).is_empty());
}

#[test]
fn add_a_missing_import() {
    let mut f = single("public function main() {\n    i$0o:println(1);\n}\n");
    let action = only(&actions_at(&f), "Add 'import ballerina/io;'");
    let text = fixed(&mut f, &action);
    assert!(text.starts_with("import ballerina/io;\n"), "{text}");

    // After the existing imports; a module of the project by its name.
    let mut f = project(&[
        (
            "main.int",
            "import ballerina/io;\npublic function main() {\n    io:println(ut$0il:twice(2));\n}\n",
        ),
        (
            "modules/util/util.int",
            "public function twice(int n) returns int => n * 2;\n",
        ),
    ]);
    let action = only(&actions_at(&f), "Add 'import app.util;'");
    let text = fixed(&mut f, &action);
    assert!(
        text.starts_with("import ballerina/io;\nimport app.util;\n"),
        "{text}"
    );
    let f = single("public function main() {\n    nosu$0ch:f();\n}\n");
    assert!(actions_at(&f).is_empty());
}

#[test]
fn create_a_config_entry_for_a_required_configurable() {
    let f = project(&[(
        "main.int",
        "configurable int po$0rt = ?;\nconfigurable string host = \"localhost\";\npublic function main() {}\n",
    )]);
    let action = only(&actions_at(&f), "Add 'port' to Config.toml");
    let edit = &action.edits[0];
    assert_eq!(edit.path, std::path::Path::new("/p/Config.toml"));
    assert!(edit.create);
    assert_eq!(edit.new_text, "port = 0\n");

    // Nothing when Config.toml gives the value (under any of its keys); a module's variable
    // goes in its table.
    let f = project(&[
        ("main.int", "import app.db;\nconfigurable string na$0me = ?;\npublic function main() { _ = db:url; }\n"),
        ("Config.toml", "[demo.app]\nname = \"x\"\n"),
        ("modules/db/db.int", "public configurable string url = ?;\n"),
    ]);
    assert!(actions_at(&f).is_empty(), "{:?}", actions_at(&f));
    let f = project(&[
        (
            "main.int",
            "import app.db;\npublic function main() { _ = db:url; }\n",
        ),
        ("Config.toml", "name = \"x\"\n"),
        (
            "modules/db/db.int",
            "public configurable string u$0rl = ?;\n",
        ),
    ]);
    let action = only(&actions_at(&f), "Add 'url' to Config.toml");
    let edit = &action.edits[0];
    assert!(!edit.create);
    assert_eq!(apply(&f, edit), "name = \"x\"\n\n[app.db]\nurl = \"\"\n");

    // Into the module's table when it has one (after its header).
    let f = project(&[
        (
            "main.int",
            "import app.db;\npublic function main() { _ = db:url; }\n",
        ),
        ("Config.toml", "[app.db]\r\nuser = \"u\"\r\n"),
        (
            "modules/db/db.int",
            "public configurable string u$0rl = ?;\n",
        ),
    ]);
    let action = only(&actions_at(&f), "Add 'url' to Config.toml");
    assert_eq!(
        apply(&f, &action.edits[0]),
        "[app.db]\r\nurl = \"\"\nuser = \"u\"\r\n"
    );
}

#[test]
fn implement_the_missing_methods_of_an_included_object_type() {
    let mut f = single("type Shape object {\n    function area() returns float;\n    function name(string prefix) returns string;\n};\nclass Sq$0uare {\n    *Shape;\n    function area() returns float => 1.0;\n}\npublic function main() {}\n");
    let actions = actions_at(&f);
    let action = only(&actions, "Implement the missing methods of 'Square'");
    let text = fixed(&mut f, &action);
    assert!(
        text.contains("    function area() returns float => 1.0;\n\n    function name(string prefix) returns string {\n        panic error(\"unimplemented\");\n    }\n}"),
        "{text}"
    );
}

#[test]
fn an_assignment_mismatch_points_at_the_declaration() {
    let f = single("int limit = 1;\npublic function main() {\n    string name = \"a\";\n    name = 3;\n    limit = \"x\";\n}\n");
    let diagnostics = f.analysis().diagnostics(&f.path);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
    let labels: Vec<(String, String)> = diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.related.len(), 1, "{d:?}");
            let (location, message) = &d.related[0];
            (f.text_at(location), message.clone())
        })
        .collect();
    assert_eq!(
        labels,
        vec![
            (
                "name".to_owned(),
                "'name' is declared as 'string' here".to_owned()
            ),
            (
                "limit".to_owned(),
                "'limit' is declared as 'int' here".to_owned()
            ),
        ]
    );
}
