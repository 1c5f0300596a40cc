//! Queries over inline fixtures (`$0` marks the cursor).
use crate::fixture::{project, single};
use crate::{FileKey, SymbolKind};

#[test]
fn hover_shows_a_local_type_and_a_functions_doc() {
    let f = single("import ballerina/io;\npublic function main() {\n    int count = 3;\n    io:println(co$0unt);\n}\n");
    let hover = f.analysis().hover(&f.path, f.offset).expect("a hover");
    assert!(hover.markdown.contains("int count"), "{}", hover.markdown);

    let f = single("import ballerina/io;\npublic function main() {\n    io:prin$0tln(1);\n}\n");
    let hover = f.analysis().hover(&f.path, f.offset).expect("a hover");
    assert!(
        hover.markdown.contains("function println(any... values)"),
        "{}",
        hover.markdown
    );
    assert!(
        hover.markdown.contains("Prints the values"),
        "{}",
        hover.markdown
    );
}

#[test]
fn hover_on_an_expression_gives_its_type() {
    let f = single("public function main() {\n    string s = \"a\" + \"b\";\n    int n = s.length() $0+ 1;\n}\n");
    let hover = f.analysis().hover(&f.path, f.offset).expect("a hover");
    assert!(hover.markdown.contains("int"), "{}", hover.markdown);
}

#[test]
fn definition_of_locals_items_and_std_functions() {
    let f = single("function helper() returns int => 1;\npublic function main() {\n    int x = hel$0per();\n}\n");
    let location = f
        .analysis()
        .definition(&f.path, f.offset)
        .expect("a definition");
    assert_eq!(f.text_at(&location), "helper");
    assert_eq!(location.start, 9);

    let f = single("public function main() {\n    int total = 1;\n    total = to$0tal + 1;\n}\n");
    let location = f
        .analysis()
        .definition(&f.path, f.offset)
        .expect("a definition");
    assert_eq!(location.start, 33);
    assert_eq!(f.text_at(&location), "total");

    let f = single("import ballerina/io;\npublic function main() {\n    io:print$0ln(1);\n}\n");
    let location = f
        .analysis()
        .definition(&f.path, f.offset)
        .expect("a definition");
    assert!(
        matches!(&location.file, FileKey::Std { module, .. } if module == "io"),
        "{location:?}"
    );
    assert_eq!(f.text_at(&location), "println");
}

#[test]
fn definition_across_modules_and_of_types_and_fields() {
    let f = project(&[
        ("main.int", "import app.util;\npublic function main() {\n    util:Point p = util:ori$0gin();\n    int x = p.x;\n}\n"),
        ("modules/util/util.int", "public type Point record {| int x; int y; |};\npublic function origin() returns Point => {x: 0, y: 0};\n"),
    ]);
    let analysis = f.analysis();
    let location = analysis
        .definition(&f.path, f.offset)
        .expect("a definition");
    assert_eq!(
        location.file,
        FileKey::Disk("/p/modules/util/util.int".into())
    );
    assert_eq!(f.text_at(&location), "origin");

    let text = analysis
        .text(&FileKey::Disk(f.path.clone()))
        .unwrap()
        .to_owned();
    let type_ref = text.find("Point").unwrap() as u32 + 1;
    let location = analysis
        .definition(&f.path, type_ref)
        .expect("the type's definition");
    assert_eq!(f.text_at(&location), "Point");

    let field = text.find("p.x").unwrap() as u32 + 2;
    let location = analysis
        .definition(&f.path, field)
        .expect("the field's definition");
    assert_eq!(f.text_at(&location), "x");
    assert_eq!(
        location.file,
        FileKey::Disk("/p/modules/util/util.int".into())
    );
}

#[test]
fn references_find_every_use_in_every_file() {
    let f = project(&[
        (
            "main.int",
            "public function main() {\n    int a = twi$0ce(1);\n    int b = twice(a);\n}\n",
        ),
        (
            "more.int",
            "function thrice(int n) returns int => twice(n) + n;\n",
        ),
        ("lib.int", "function twice(int n) returns int => n * 2;\n"),
    ]);
    let refs = f.analysis().references(&f.path, f.offset, true);
    assert_eq!(refs.len(), 4, "{refs:?}");
    assert_eq!(
        refs[0].file,
        FileKey::Disk("/p/lib.int".into()),
        "the definition comes first"
    );
    let without = f.analysis().references(&f.path, f.offset, false);
    assert_eq!(without.len(), 3);
}

#[test]
fn rename_edits_every_occurrence_and_refuses_clashes() {
    let f = single("public function main() {\n    int cou$0nt = 1;\n    int other = 2;\n    count += other;\n}\n");
    let edits = f
        .analysis()
        .rename(&f.path, f.offset, "total")
        .expect("renamed");
    assert_eq!(edits.len(), 2);
    assert!(edits.iter().all(|e| e.new_text == "total"));
    let refused = f.analysis().rename(&f.path, f.offset, "other").unwrap_err();
    assert!(refused.0.contains("already a variable"), "{}", refused.0);
    let refused = f.analysis().rename(&f.path, f.offset, "while").unwrap_err();
    assert!(refused.0.contains("not an identifier"), "{}", refused.0);

    let f =
        single("function a$0lpha() {}\nfunction beta() {}\npublic function main() { alpha(); }\n");
    let refused = f.analysis().rename(&f.path, f.offset, "beta").unwrap_err();
    assert!(
        refused.0.contains("already defined in this module"),
        "{}",
        refused.0
    );
}

#[test]
fn diagnostics_per_file_and_answers_on_broken_code() {
    let f = single("public function main() {\n    int x = \"text\";\n    int y = 1\n    int z = y$0;\n}\nfunction ok() returns int => 1;\n");
    let analysis = f.analysis();
    let diagnostics = analysis.diagnostics(&f.path);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == "E0001" || d.message.contains("expected")),
        "{diagnostics:?}"
    );
    // The rest of the file is still checked and still answers.
    let symbols = analysis.document_symbols(&f.path);
    assert_eq!(symbols.len(), 2);
    assert!(analysis.hover(&f.path, f.offset).is_some());
}

#[test]
fn document_symbols_list_services_resources_types_and_classes() {
    let f = single("type Album record { string title; };\nclass Counter {\n    int n = 0;\n    function inc() { self.n += 1; }\n}\nconst MAX = 3;\npublic function main() {}\n");
    let symbols = f.analysis().document_symbols(&f.path);
    let kinds: Vec<(String, SymbolKind)> =
        symbols.iter().map(|s| (s.name.clone(), s.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            ("Album".into(), SymbolKind::Type),
            ("Counter".into(), SymbolKind::Class),
            ("MAX".into(), SymbolKind::Constant),
            ("main".into(), SymbolKind::Function),
        ]
    );
    let counter = &symbols[1];
    assert_eq!(counter.children.len(), 2);
    assert_eq!(counter.children[1].kind, SymbolKind::Method);
}

#[test]
fn folding_ranges_and_inlay_hints() {
    let f = single("public function main() {\n    var total = 1 + 2;\n    var name = \"x\";\n    int plain = 3;\n}\n");
    let analysis = f.analysis();
    let folds = analysis.folding_ranges(&f.path);
    assert_eq!(folds.len(), 1);
    let hints = analysis.inlay_hints(&f.path);
    let labels: Vec<&str> = hints.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(labels, vec![": int", ": string"]);
}

#[test]
fn semantic_tokens_classify_names() {
    let f = single("const LIMIT = 2;\nfunction f(int n) returns int => n + LIMIT;\n");
    let tokens = f.analysis().semantic_tokens(&f.path);
    let kinds: Vec<crate::TokenKind> = tokens.iter().map(|t| t.kind).collect();
    use crate::TokenKind::*;
    assert_eq!(
        kinds,
        vec![Constant, Function, Parameter, Parameter, Constant]
    );
    assert!(tokens[0].declaration && !tokens[4].declaration);
}

#[test]
fn unchanged_programs_are_not_checked_again() {
    let mut f = single("public function main() {}\n");
    let first = f.analysis();
    let second = f.analysis();
    assert!(std::rc::Rc::ptr_eq(&first, &second));
    let path = f.path.clone();
    f.host
        .set_file_text(&path, "public function main() { int x = 1; }\n");
    let third = f.analysis();
    assert!(!std::rc::Rc::ptr_eq(&first, &third));
}
