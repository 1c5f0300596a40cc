//! Integration tests of the `intc` binary's commands, exit codes and messages.

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
        .join("intc-commands")
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", directory.display()));
    directory
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn version_and_help() {
    let directory = scratch("version");
    let version = intc(&directory, &["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        text(&version.stdout),
        format!("intc {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = intc(&directory, &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    for command in ["run", "check", "new", "dump"] {
        assert!(
            text(&help.stdout).contains(command),
            "help mentions {command}"
        );
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let directory = scratch("usage");
    assert_eq!(intc(&directory, &["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        intc(&directory, &["check", "--message-format=xml", "a.int"])
            .status
            .code(),
        Some(2)
    );
    let missing = intc(&directory, &["run", "missing.int"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        text(&missing.stderr),
        "error: 'missing.int' does not exist\n"
    );
    let not_project = intc(&directory, &["check", "."]);
    assert_eq!(not_project.status.code(), Some(2));
    assert!(
        text(&not_project.stderr).contains("has no Int.toml"),
        "{}",
        text(&not_project.stderr)
    );
}

#[test]
fn new_creates_a_project_and_refuses_to_overwrite() {
    let directory = scratch("new");
    let created = intc(&directory, &["new", "shop"]);
    assert_eq!(created.status.code(), Some(0), "{}", text(&created.stderr));
    let manifest = std::fs::read_to_string(directory.join("shop/Int.toml")).unwrap_or_default();
    assert!(
        manifest.contains("[package]") && manifest.contains("name = \"shop\""),
        "{manifest}"
    );
    let main = std::fs::read_to_string(directory.join("shop/main.int")).unwrap_or_default();
    assert!(
        main.contains("public function main()") && main.contains("io:println"),
        "{main}"
    );
    assert!(directory.join("shop/tests").is_dir());
    let again = intc(&directory, &["new", "shop"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already exists"));
    let invalid = intc(&directory, &["new", "9lives"]);
    assert_eq!(invalid.status.code(), Some(2));
    assert!(!directory.join("9lives").exists());
}

#[test]
fn check_reports_manifest_errors_in_every_format() {
    let directory = scratch("manifest");
    std::fs::write(directory.join("Int.toml"), "[package]\nname = \"x\"\n").unwrap_or_default();
    std::fs::write(directory.join("main.int"), "public function main() {\n}\n").unwrap_or_default();
    let short = intc(&directory, &["check", "--message-format=short", "."]);
    assert_eq!(short.status.code(), Some(2));
    assert_eq!(
        text(&short.stderr),
        "Int.toml:1:1: error[E0400]: Int.toml: missing the string key package.org\n"
    );
    let json = intc(&directory, &["check", "--message-format=json", "."]);
    let line = text(&json.stderr);
    assert!(
        line.starts_with('{') && line.contains("\"code\":\"E0400\"") && line.ends_with("}\n"),
        "{line}"
    );
    let human = intc(&directory, &["check", "."]);
    let report = text(&human.stderr);
    assert!(
        report.contains("[E0400]") && report.contains("Int.toml:1:1"),
        "{report}"
    );
    assert!(!report.contains('\u{1b}'), "NO_COLOR disables colour");
}
