//! Driver tests over an in-memory file system.

use super::*;
use intc_diagnostics::codes;
use std::path::PathBuf;

pub(crate) fn options() -> CompileOptions {
    // A standard library module may have several files.
    let mut std_modules: Vec<StdModule> = Vec::new();
    for source in intc_stdlib::module_sources() {
        let file = (source.file_name.to_owned(), source.text.to_owned());
        match std_modules.iter_mut().find(|m| m.name == source.module) {
            Some(module) => module.files.push(file),
            None => std_modules.push(StdModule {
                name: source.module.to_owned(),
                files: vec![file],
            }),
        }
    }
    CompileOptions { std_modules }
}

fn project() -> MemoryFileSystem {
    MemoryFileSystem::new()
        .with(
            "/p/Int.toml",
            "[package]\norg = \"acme\"\nname = \"shop\"\nversion = \"0.1.0\"\n",
        )
        .with("/p/main.int", "public function main() {}\n")
        .with("/p/extra.int", "function helper() {}\n")
        .with("/p/notes.txt", "not a source")
        .with("/p/modules/util/util.int", "public function f() {}\n")
}

#[test]
fn single_file_is_the_root_module_named_by_its_base_name() {
    let fs = MemoryFileSystem::new().with("/dir/hello.int", "public function main() {}\n");
    let loaded = load(&fs, Path::new("/dir/hello.int"), &options()).expect("loads");
    assert_eq!(
        loaded.layout,
        ProgramLayout {
            kind: ProgramKind::SingleFile,
            root_dir: PathBuf::from("/dir")
        }
    );
    assert_eq!(loaded.modules.len(), 1);
    assert!(loaded.modules[0].is_root);
    assert_eq!(loaded.modules[0].name.org, ANONYMOUS_ORG);
    let names: Vec<&str> = loaded
        .source_map
        .files()
        .map(|(_, file)| file.name.as_str())
        .collect();
    assert_eq!(names, vec!["hello.int"]);
    assert!(loaded.diagnostics.is_empty());
}

#[test]
fn project_root_module_has_every_root_int_file_sorted() {
    let fs = project();
    let loaded = load(&fs, Path::new("/p"), &options()).expect("loads");
    let root = &loaded.modules[0];
    assert_eq!(root.name.org, "acme");
    assert_eq!(root.name.name, "shop");
    assert_eq!(root.files.len(), 2);
    let names: Vec<&str> = loaded
        .source_map
        .files()
        .map(|(_, file)| file.name.as_str())
        .collect();
    assert_eq!(names, vec!["Int.toml", "extra.int", "main.int"]);
    match &loaded.layout.kind {
        ProgramKind::Project(manifest) => assert_eq!(manifest.version, "0.1.0"),
        ProgramKind::SingleFile => panic!("expected a project"),
    }
}

#[test]
fn project_without_main_or_manifest_is_reported() {
    let fs = MemoryFileSystem::new()
        .with(
            "/p/Int.toml",
            "[package]\norg = \"acme\"\nname = \"shop\"\n",
        )
        .with("/p/other.int", "");
    let loaded = load(&fs, Path::new("/p"), &options()).expect("loads");
    assert!(loaded
        .diagnostics
        .iter()
        .any(|d| d.code == codes::CONFIG && d.message.contains("main.int")));

    let no_manifest = MemoryFileSystem::new().with("/q/main.int", "");
    let error = load(&no_manifest, Path::new("/q"), &options()).err();
    assert!(error.is_some_and(|e| e.message.contains("Int.toml")));
    assert!(load(&no_manifest, Path::new("/nowhere"), &options()).is_err());
}

#[test]
fn invalid_utf8_is_replaced_and_reported_with_its_offset() {
    let fs = MemoryFileSystem::new().with("/x/bad.int", b"// ok\n\xff\xfe rest\n".to_vec());
    let loaded = load(&fs, Path::new("/x/bad.int"), &options()).expect("loads");
    let diagnostic = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == codes::LEXICAL)
        .expect("E0002 reported");
    assert_eq!(diagnostic.span.start, 6);
    assert!(diagnostic.message.contains("byte offset 6"));
    let text = &loaded
        .source_map
        .get(diagnostic.span.file)
        .expect("file")
        .text;
    assert!(text.contains('\u{fffd}'));
}

#[test]
fn a_byte_order_mark_is_dropped_before_parsing() {
    let fs = MemoryFileSystem::new().with(
        "/b/bom.int",
        b"\xEF\xBB\xBFpublic function main() {}\n".to_vec(),
    );
    let loaded = load(&fs, Path::new("/b/bom.int"), &options()).expect("loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let (_, file) = loaded.source_map.files().next().expect("one file");
    assert_eq!(file.text, "public function main() {}\n");
}

#[test]
fn duplicate_diagnostics_are_removed_and_order_is_by_position() {
    let file = intc_span::FileId(0);
    let late = Diagnostic::error(
        codes::UNDEFINED_NAME,
        intc_span::Span::new(file, 9, 10),
        "b",
    );
    let early = Diagnostic::error(
        codes::UNDEFINED_MODULE,
        intc_span::Span::new(file, 1, 2),
        "a",
    );
    let sorted = sort_and_deduplicate(vec![late.clone(), early.clone(), early.clone()]);
    assert_eq!(sorted, vec![early, late]);
}

#[test]
fn check_only_never_lowers_and_compile_reports_lowering_problems_as_internal() {
    let fs = MemoryFileSystem::new().with("/d/a.int", "public function main() {}\n");
    let checked = check_only(&fs, Path::new("/d/a.int"), &options()).expect("loads");
    assert!(checked.program.is_none());
    assert!(checked.internal_errors.is_empty());
    let compiled = compile(&fs, Path::new("/d/a.int"), &options()).expect("loads");
    if !compiled.has_errors() {
        assert!(compiled.program.is_some() || !compiled.internal_errors.is_empty());
    }
}

fn module_names(loaded: &LoadedProgram) -> Vec<String> {
    loaded
        .modules
        .iter()
        .map(|module| format!("{}/{}", module.name.org, module.name.name))
        .collect()
}

#[test]
fn imports_load_project_modules_and_std_modules_once() {
    let fs = project()
        .with("/p/main.int", "import ballerina/io;\nimport shop.util;\npublic function main() { util:f(); io:println(1); }\n")
        .with("/p/extra.int", "import std/io;\nimport ballerina/lang.int;\nfunction helper() { io:println(2); }\n");
    let loaded = load(&fs, Path::new("/p"), &options()).expect("loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(
        module_names(&loaded),
        vec!["acme/shop", "std/io", "acme/shop.util"]
    );
    let names: Vec<&str> = loaded
        .source_map
        .files()
        .map(|(_, file)| file.name.as_str())
        .collect();
    assert!(
        names.contains(&"modules/util/util.int") && names.contains(&"std/io/io.int"),
        "{names:?}"
    );
}

#[test]
fn unknown_modules_say_which_modules_exist() {
    let text = "import ballerina/email;\npublic function main() {}\n";
    let single = MemoryFileSystem::new().with("/s/app.int", text);
    let compiled = check_only(&single, Path::new("/s/app.int"), &options()).expect("loads");
    let help = compiled
        .diagnostics
        .iter()
        .find(|d| d.code == codes::UNDEFINED_MODULE)
        .and_then(|d| d.help.clone())
        .expect("E0101 with help");
    assert!(help.contains("`ballerina/io`"), "{help}");
    assert!(help.contains("ballerina/lang."), "{help}");
    assert!(!help.contains("this project"), "{help}");
    let in_project = project().with("/p/main.int", text);
    let compiled = check_only(&in_project, Path::new("/p"), &options()).expect("loads");
    let help = compiled
        .diagnostics
        .iter()
        .find_map(|d| d.help.clone())
        .expect("help");
    assert!(help.contains("`import shop.<module>;`"), "{help}");
}

#[test]
fn unknown_modules_are_reported_once_at_the_import() {
    let text = "import shop.nosuch;\nimport acme/shop.alsomissing;\nimport foo/bar;\nimport ballerina/nosuch;\npublic function main() {}\n";
    let fs = project().with("/p/main.int", text);
    let compiled = check_only(&fs, Path::new("/p"), &options()).expect("loads");
    let unknown: Vec<(u32, &str)> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::UNDEFINED_MODULE)
        .map(|d| {
            let file = compiled.source_map.get(d.span.file).expect("file");
            (file.line_of(d.span.start), d.message.as_str())
        })
        .collect();
    assert_eq!(unknown.len(), 4, "{unknown:?}");
    assert_eq!(
        unknown.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    assert!(unknown[0].1.contains("shop.nosuch"));
    assert!(unknown[3].1.contains("ballerina/nosuch"));
}

#[test]
fn a_single_file_program_compiles_to_verified_ir() {
    let fs = MemoryFileSystem::new().with(
        "/d/hello.int",
        "import ballerina/io;\n\npublic function main() {\n    io:println(\"hi\");\n}\n",
    );
    let compiled = compile(&fs, Path::new("/d/hello.int"), &options()).expect("loads");
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    assert!(
        compiled.internal_errors.is_empty(),
        "{:?}",
        compiled.internal_errors
    );
    let program = compiled.program.expect("a program");
    assert!(program.main.is_some());
    assert!(
        program
            .natives
            .iter()
            .any(|native| native.to_string() == "std.io:println"),
        "{:?}",
        program.natives
    );
}

#[test]
fn type_errors_stop_before_lowering() {
    let fs = MemoryFileSystem::new().with(
        "/d/bad.int",
        "public function main() {\n    int x = \"a\";\n}\n",
    );
    let compiled = compile(&fs, Path::new("/d/bad.int"), &options()).expect("loads");
    assert!(compiled.program.is_none());
    assert!(
        compiled
            .diagnostics
            .iter()
            .any(|d| d.code == codes::TYPE_MISMATCH),
        "{:?}",
        compiled.diagnostics
    );
}

#[test]
fn main_parameters_come_from_the_root_module_declaration() {
    let text = "public function main(string name, int times = 1, string... tags) {\n}\n";
    let fs = MemoryFileSystem::new().with("/d/m.int", text);
    let compiled = check_only(&fs, Path::new("/d/m.int"), &options()).expect("loads");
    let parameters = compiled.main_parameters().expect("main exists");
    let described: Vec<(&str, MainParameterKind)> = parameters
        .iter()
        .map(|parameter| (parameter.name.as_str(), parameter.kind))
        .collect();
    assert_eq!(
        described,
        vec![
            ("name", MainParameterKind::Required),
            ("times", MainParameterKind::Defaultable),
            ("tags", MainParameterKind::Rest)
        ]
    );
}

#[test]
fn syntax_errors_are_reported_without_their_semantic_echoes() {
    let text = "public function main() {\n    int a = 1 int b = 2;\n    int c = b;\n}\n";
    let fs = MemoryFileSystem::new().with("/d/s.int", text);
    let compiled = compile(&fs, Path::new("/d/s.int"), &options()).expect("loads");
    assert!(compiled.has_errors());
    assert!(
        compiled.diagnostics.iter().all(|d| d.code == codes::SYNTAX),
        "{:?}",
        compiled.diagnostics
    );
    assert!(compiled.program.is_none());
}

#[test]
fn a_syntax_error_in_one_function_leaves_the_others_checked() {
    let text = "function f() {\n    int x = 1 +;\n    int y = x;\n}\n\nfunction g() returns int {\n    return \"s\";\n}\n";
    let fs = MemoryFileSystem::new().with("/d/s.int", text);
    let compiled = check_only(&fs, Path::new("/d/s.int"), &options()).expect("loads");
    let codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code.0).collect();
    assert_eq!(codes, ["E0001", "E0200"], "{:?}", compiled.diagnostics);
}

#[test]
fn a_syntax_error_in_one_module_leaves_the_others_checked() {
    let fs = project()
        .with(
            "/p/main.int",
            "import shop.util;\n\npublic function main() {\n    string s = util:f();\n}\n",
        )
        .with(
            "/p/modules/util/util.int",
            "public function f() returns int {\n    return 1\n}\n\nfunction broken( {\n}\n",
        );
    let compiled = check_only(&fs, Path::new("/p"), &options()).expect("loads");
    let found: Vec<(&str, &str)> = compiled
        .diagnostics
        .iter()
        .map(|d| {
            let name = compiled
                .source_map
                .get(d.span.file)
                .map_or("?", |f| f.name.as_str());
            (name, d.code.0)
        })
        .collect();
    assert!(found.contains(&("main.int", "E0200")), "{found:?}");
    assert_eq!(
        found.iter().filter(|(_, code)| *code == "E0001").count(),
        2,
        "{found:?}"
    );
    assert!(compiled.program.is_none());
}

#[test]
fn names_a_broken_declaration_may_declare_are_not_reported_undefined() {
    let text =
        "int limit = ;\n\npublic function main() {\n    int x = limit;\n    boolean b = x;\n}\n";
    let fs = MemoryFileSystem::new().with("/d/s.int", text);
    let compiled = check_only(&fs, Path::new("/d/s.int"), &options()).expect("loads");
    let codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code.0).collect();
    assert_eq!(codes, ["E0001", "E0200"], "{:?}", compiled.diagnostics);
}

#[test]
fn a_file_cut_by_the_nesting_limit_reports_only_the_limit() {
    let chain = "a ?: ".repeat(3000);
    let text = format!("public function main() {{\n    var x = {chain}a;\n}}\n");
    let fs = MemoryFileSystem::new().with("/d/deep.int", text);
    let compiled = check_only(&fs, Path::new("/d/deep.int"), &options()).expect("loads");
    let codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code.0).collect();
    assert_eq!(codes, ["E0005"], "{:?}", compiled.diagnostics.first());
}

#[test]
fn lines_with_lexical_errors_are_not_checked() {
    let text = "public function main() {\n    string s = 'hello';\n    int n = \"t\";\n}\n";
    let fs = MemoryFileSystem::new().with("/d/q.int", text);
    let compiled = check_only(&fs, Path::new("/d/q.int"), &options()).expect("loads");
    let codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code.0).collect();
    assert_eq!(codes, ["E0002", "E0200"], "{:?}", compiled.diagnostics);
}

#[test]
fn assigning_an_undeclared_name_suggests_a_declaration() {
    let text = "public function main() {\n    total = 5;\n}\n";
    let fs = MemoryFileSystem::new().with("/d/a.int", text);
    let compiled = check_only(&fs, Path::new("/d/a.int"), &options()).expect("loads");
    assert_eq!(compiled.diagnostics.len(), 1, "{:?}", compiled.diagnostics);
    assert_eq!(
        compiled.diagnostics[0].help.as_deref(),
        Some("to declare a new variable, give it a type: `int total = ...;` or `var total = ...;`")
    );
}

#[test]
fn a_syntax_error_inside_a_lambda_leaves_no_echoes() {
    let text = "public function main() {\n    var f = function() {\n        int x = 1 int y = x;\n        y = 2;\n    };\n    f();\n}\n\nfunction g() returns int {\n    return \"g\";\n}\n";
    let fs = MemoryFileSystem::new().with("/d/l.int", text);
    let compiled = check_only(&fs, Path::new("/d/l.int"), &options()).expect("loads");
    let codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code.0).collect();
    assert_eq!(codes, ["E0001", "E0200"], "{:?}", compiled.diagnostics);
}

#[test]
fn service_classes_record_resource_and_remote_methods() {
    let text = r#"
annotation Header on parameter;
client class C {
    resource function get albums/[int id]/[string... rest](@Header string q = "") returns string {
        return q;
    }
    resource function post .(int x) returns int {
        return x;
    }
    remote function ping(int... xs) returns int {
        return 0;
    }
    function plain() {}
}
public function main() {}
"#;
    let fs = MemoryFileSystem::new().with("/r/a.int", text);
    let compiled = compile(&fs, Path::new("/r/a.int"), &options()).expect("loads");
    let program = compiled.program.expect("compiles");
    assert_eq!(program.services.len(), 1);
    let service = &program.services[0];
    assert_eq!(service.resources.len(), 2);
    let get = &service.resources[0];
    assert_eq!(get.accessor, "get");
    assert_eq!(get.path.len(), 3);
    assert!(matches!(&get.path[0], intc_ir::PathSegment::Literal(s) if s == "albums"));
    assert!(matches!(&get.path[1], intc_ir::PathSegment::Param { name, .. } if name == "id"));
    assert!(matches!(&get.path[2], intc_ir::PathSegment::Rest { name, .. } if name == "rest"));
    assert_eq!(get.params.len(), 1);
    assert_eq!(get.params[0].name, "q");
    assert!(get.params[0].defaultable);
    // Its annotations: the set recorded for the method's third declared parameter.
    let set = get.params[0].annotations.expect("annotated");
    assert_eq!(
        program.annotations[set].target,
        intc_ir::AnnotationTarget::Param(get.func, 2)
    );
    let post = &service.resources[1];
    assert_eq!(post.accessor, "post");
    assert!(post.path.is_empty());
    assert!(post.params[0].annotations.is_none());
    assert_eq!(service.remotes.len(), 1);
    assert_eq!(service.remotes[0].name, "ping");
    assert!(service.remotes[0].params[0].rest);
    // No listener in the program: no lifecycle functions.
    assert!(program.listener_hooks.is_none());
}
