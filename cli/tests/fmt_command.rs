//! `intc fmt`: formatting in place, `--check`, directories and projects, and files with
//! syntax errors (reported as `intc check` reports them, left unchanged).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn intc(directory: &Path, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_intc"))
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("cannot run intc: {error}"))
}

/// A fresh, empty scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("intc-fmt-command")
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", directory.display()));
    directory
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("mkdir: {error}"));
    }
    std::fs::write(path, text).unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const MESSY: &str =
    "import ballerina/io;\npublic function main() {\n  int x=1+2;   io:println(x);\n}\n";
const TIDY: &str =
    "import ballerina/io;\n\npublic function main() {\n    int x = 1 + 2;\n    io:println(x);\n}\n";

#[test]
fn formats_a_file_in_place() {
    let directory = scratch("in_place");
    write(&directory.join("main.int"), MESSY);
    let output = intc(&directory, &["fmt", "main.int"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        read(&directory.join("main.int")),
        "import ballerina/io;\npublic function main() {\n    int x = 1 + 2;\n    io:println(x);\n}\n"
    );
    // The formatted program still runs.
    let run = intc(&directory, &["run", "main.int"]);
    assert_eq!(text(&run.stdout), "3\n");
}

#[test]
fn check_lists_files_that_would_change_and_writes_nothing() {
    let directory = scratch("check");
    write(&directory.join("messy.int"), MESSY);
    write(&directory.join("tidy.int"), TIDY);
    let output = intc(&directory, &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "messy.int\n");
    assert_eq!(read(&directory.join("messy.int")), MESSY);
    let formatted = intc(&directory, &["fmt", "."]);
    assert_eq!(formatted.status.code(), Some(0));
    let again = intc(&directory, &["fmt", "--check", "."]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(text(&again.stdout), "");
}

#[test]
fn a_project_directory_formats_all_its_modules() {
    let directory = scratch("project");
    write(
        &directory.join("app/Int.toml"),
        "[package]\nname = \"app\"\n",
    );
    write(&directory.join("app/main.int"), MESSY);
    write(
        &directory.join("app/modules/util/util.int"),
        "public function twice(int x) returns int {return x*2;}\n",
    );
    let output = intc(&directory, &["fmt", "--check", "app"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "app/main.int\napp/modules/util/util.int\n"
    );
    assert_eq!(intc(&directory, &["fmt", "app"]).status.code(), Some(0));
    assert_eq!(
        read(&directory.join("app/modules/util/util.int")),
        "public function twice(int x) returns int {\n    return x * 2;\n}\n"
    );
}

#[test]
fn syntax_errors_are_reported_and_the_file_is_left_alone() {
    let directory = scratch("syntax");
    let broken = "public function main() {\n    int x = ;\n}\n";
    write(&directory.join("broken.int"), broken);
    write(&directory.join("fine.int"), MESSY);
    let output = intc(&directory, &["fmt", "."]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("broken.int:2:"), "{stderr}");
    assert!(stderr.contains("E0001"), "{stderr}");
    assert_eq!(read(&directory.join("broken.int")), broken);
    // The other files are still formatted.
    assert_ne!(read(&directory.join("fine.int")), MESSY);
}

#[test]
fn a_missing_path_is_an_error() {
    let directory = scratch("missing");
    let output = intc(&directory, &["fmt", "nothere.int"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("nothere.int"));
}

#[test]
fn the_standard_library_sources_are_in_the_canonical_style() {
    let std_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../stdlib/modules");
    let output = intc(&std_dir, &["fmt", "--check", "."]);
    assert!(
        output.status.success(),
        "`intc fmt stdlib/modules` would change:\n{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}
