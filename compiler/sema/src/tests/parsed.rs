//! Checks of parsed programs: inline snippets with `//~ ERROR` markers, and every
//! single-file program of the golden suite (`tests/programs`), which must check exactly as
//! its markers say (output tests must check without errors).

use crate::{check, CheckResult, ModuleName, SourceModule};
use intc_span::SourceMap;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn io_source() -> String {
    std::fs::read_to_string(repo_root().join("stdlib/modules/io/io.int")).unwrap_or_else(|_| {
        "public function println(any|error... values) = external;\n\
         public function print(any|error... values) = external;\n"
            .to_string()
    })
}

/// Parses and checks one root file with `std/io`; returns the result, the syntax error
/// count and the source map.
fn check_source(text: &str) -> (CheckResult, usize, SourceMap) {
    let mut sources = SourceMap::new();
    let io_text = io_source();
    let io_file = sources.add("io.int", io_text.clone());
    let main_file = sources.add("main.int", text.to_string());
    let io = intc_syntax::parse(io_file, &io_text);
    let main = intc_syntax::parse(main_file, text);
    let syntax_errors = main.diagnostics.iter().filter(|d| d.is_error()).count();
    let modules = vec![
        SourceModule {
            name: ModuleName {
                org: "std".into(),
                name: "io".into(),
            },
            files: vec![io.module],
            is_root: false,
        },
        SourceModule {
            name: ModuleName {
                org: "$anon".into(),
                name: "main".into(),
            },
            files: vec![main.module],
            is_root: true,
        },
    ];
    let result = check(&modules, &sources);
    (result, syntax_errors, sources)
}

/// The `(line, code)` pairs a file's `//~ ERROR` markers expect.
fn expected_markers(text: &str) -> Vec<(u32, String)> {
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

fn actual_errors(result: &CheckResult, sources: &SourceMap) -> Vec<(u32, String)> {
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

#[test]
fn golden_programs_check_as_their_markers_say() {
    let root = repo_root().join("tests/programs");
    let mut files = Vec::new();
    collect_int_files(&root, &mut files);
    let mut failures = Vec::new();
    for path in &files {
        // Project tests (folders with Int.toml) need the driver's module loading.
        if path.ancestors().any(|p| p.join("Int.toml").exists()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let (result, syntax, sources) = check_source(&text);
        if syntax > 0 {
            continue;
        }
        let expected = expected_markers(&text);
        let actual = actual_errors(&result, &sources);
        // Markers of syntax-level codes are the parser's business.
        let expected: Vec<_> = expected
            .into_iter()
            .filter(|(_, c)| !c.starts_with("E000"))
            .collect();
        if actual != expected {
            let messages: Vec<String> = result
                .diagnostics
                .iter()
                .map(|d| {
                    format!(
                        "{}:{} {}",
                        sources
                            .get(d.span.file)
                            .map(|f| f.line_of(d.span.start))
                            .unwrap_or(0),
                        d.code.0,
                        d.message
                    )
                })
                .collect();
            failures.push(format!(
                "{}: expected {expected:?}, got {messages:?}",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// A `key = "value"` entry of an `Int.toml`.
fn manifest_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

#[test]
fn golden_projects_check_as_their_markers_say() {
    let root = repo_root().join("tests/programs/projects");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return;
    };
    let mut projects: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    projects.sort();
    let mut failures = Vec::new();
    for project in projects {
        let Ok(manifest) = std::fs::read_to_string(project.join("Int.toml")) else {
            continue;
        };
        let org = manifest_value(&manifest, "org").unwrap_or_else(|| "$anon".into());
        let package = manifest_value(&manifest, "name").unwrap_or_else(|| "main".into());
        let mut sources = SourceMap::new();
        let io_text = io_source();
        let io_file = sources.add("io.int", io_text.clone());
        let mut modules = vec![SourceModule {
            name: ModuleName {
                org: "std".into(),
                name: "io".into(),
            },
            files: vec![intc_syntax::parse(io_file, &io_text).module],
            is_root: false,
        }];
        let mut texts = Vec::new();
        let mut add_module = |dir: &Path, name: String, is_root: bool, sources: &mut SourceMap| {
            let mut files = Vec::new();
            let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            paths.sort();
            for path in paths
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "int"))
            {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let file = sources.add(path.display().to_string(), text.clone());
                files.push(intc_syntax::parse(file, &text).module);
                texts.push((path.display().to_string(), text));
            }
            modules.push(SourceModule {
                name: ModuleName {
                    org: org.clone(),
                    name,
                },
                files,
                is_root,
            });
        };
        add_module(&project, package.clone(), true, &mut sources);
        if let Ok(dirs) = std::fs::read_dir(project.join("modules")) {
            let mut dirs: Vec<PathBuf> = dirs.filter_map(|e| e.ok().map(|e| e.path())).collect();
            dirs.sort();
            for dir in dirs {
                let Some(name) = dir.file_name().map(|n| n.to_string_lossy().to_string()) else {
                    continue;
                };
                add_module(&dir, format!("{package}.{name}"), false, &mut sources);
            }
        }
        let result = check(&modules, &sources);
        let mut expected: Vec<(String, u32, String)> = Vec::new();
        for (name, text) in &texts {
            for (line, code) in expected_markers(text) {
                expected.push((name.clone(), line, code));
            }
        }
        expected.sort();
        let mut actual: Vec<(String, u32, String)> = result
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| {
                let file = sources.get(d.span.file)?;
                Some((
                    file.name.clone(),
                    file.line_of(d.span.start),
                    d.code.0.to_string(),
                ))
            })
            .collect();
        actual.sort();
        if actual != expected {
            let messages: Vec<String> = result
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect();
            failures.push(format!(
                "{}: expected {expected:?}, got {actual:?} {messages:?}",
                project.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn collect_int_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_int_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "int") {
            out.push(path);
        }
    }
}
