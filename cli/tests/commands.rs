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

#[test]
fn the_readme_example_runs() {
    let repository = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = intc(&repository, &["run", "examples/hello"]);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.get(..4),
        Some(
            &[
                "Hello from intc!",
                "alice spent 19.75",
                "bob spent 30.25",
                "pending: 2 of 3"
            ][..]
        ),
        "{stdout}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(lines.get(4).copied().unwrap_or_default())
            .unwrap_or(serde_json::Value::Null);
    assert_eq!(
        summary,
        serde_json::json!({"customers": 2, "pending": ["B-7", "A-2"], "first": "A-1"})
    );
}

#[test]
fn run_reports_compile_errors_with_exit_2_and_check_lists_them() {
    let directory = scratch("compile-errors");
    std::fs::write(
        directory.join("bad.int"),
        "public function main() {\n    int x = \"a\";\n}\n",
    )
    .unwrap_or_default();
    let run = intc(&directory, &["run", "bad.int"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("[E0200]"),
        "{}",
        text(&run.stderr)
    );
    let check = intc(&directory, &["check", "--message-format=short", "bad.int"]);
    assert_eq!(check.status.code(), Some(2));
    assert!(
        text(&check.stderr).starts_with("bad.int:2:13: error[E0200]: "),
        "{}",
        text(&check.stderr)
    );
}

#[test]
fn run_passes_arguments_and_configurables_and_reports_failures() {
    let directory = scratch("run");
    let program =
        "import ballerina/io;\n\nconfigurable int port = 80;\nconfigurable string host = ?;\n\n\
                   public function main(string name, int times = 1) returns error? {\n\
                   \x20   io:println(name, \" \", times, \" \", host, \":\", port);\n\
                   \x20   if times > 5 {\n        return error(\"too many\");\n    }\n}\n";
    std::fs::write(directory.join("app.int"), program).unwrap_or_default();
    let missing = intc(&directory, &["run", "app.int", "--", "Ann"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        text(&missing.stderr),
        "error: value not provided for required configurable variable 'host'\n"
    );
    std::fs::write(
        directory.join("Config.toml"),
        "host = \"example.org\"\nport = 8080\n",
    )
    .unwrap_or_default();
    let ok = intc(&directory, &["run", "app.int", "--", "Ann", "2"]);
    assert_eq!(
        text(&ok.stdout),
        "Ann 2 example.org:8080\n",
        "{}",
        text(&ok.stderr)
    );
    assert_eq!(ok.status.code(), Some(0));
    let overridden = intc(&directory, &["run", "-Cport=9", "app.int", "--", "Bo"]);
    assert_eq!(
        text(&overridden.stdout),
        "Bo 1 example.org:9\n",
        "{}",
        text(&overridden.stderr)
    );
    let failing = intc(&directory, &["run", "app.int", "--", "Cy", "6"]);
    assert_eq!(failing.status.code(), Some(1));
    assert_eq!(text(&failing.stderr), "error: too many\n");
    let bad_argument = intc(&directory, &["run", "app.int", "--", "Cy", "six"]);
    assert_eq!(bad_argument.status.code(), Some(1));
    assert!(
        text(&bad_argument.stderr).contains("parameter 'times'"),
        "{}",
        text(&bad_argument.stderr)
    );
}

#[test]
fn dump_commands_print_tokens_ast_and_ir() {
    let directory = scratch("dump");
    std::fs::write(
        directory.join("d.int"),
        "public function main() {\n    int x = 1;\n}\n",
    )
    .unwrap_or_default();
    for what in ["tokens", "ast", "ir"] {
        let output = intc(&directory, &["dump", what, "d.int"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{what}: {}",
            text(&output.stderr)
        );
        assert!(!output.stdout.is_empty(), "dump {what} printed nothing");
    }
    let ir = text(&intc(&directory, &["dump", "ir", "d.int"]).stdout);
    assert!(ir.contains("main"), "{ir}");
}

#[test]
fn a_construct_lowering_cannot_handle_is_an_internal_error_with_exit_3() {
    // A list constructor of 70,000 members needs more registers than one IR function has: a
    // limit of intc (not an error of the program), reported before anything runs.
    let directory = scratch("ice");
    let members = vec!["0"; 70_000].join(", ");
    let program = format!(
        "import ballerina/io;\n\npublic function main() {{\n    io:println(\"started\");\n    \
         int[] xs = [{members}];\n    io:println(xs.length());\n}}\n"
    );
    std::fs::write(directory.join("big.int"), program).unwrap_or_default();
    let output = intc(&directory, &["run", "big.int"]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "");
    assert_eq!(
        text(&output.stderr),
        "internal compiler error: lowering does not support a function needing more than \
         65535 registers (in big.int, line 6)\n\
         note: this is a bug in intc, not in your program; please report this bug\n"
    );
    let dump = intc(&directory, &["dump", "ir", "big.int"]);
    assert_eq!(dump.status.code(), Some(3), "{}", text(&dump.stderr));
    // A method declared `= external` outside the standard library has no native: reported
    // before the program runs (as for an external function), not when it is called.
    let program = "class C {\n    function m() returns int = external;\n}\n\n\
                   public function main() {\n    C c = new;\n    _ = c.m();\n}\n";
    std::fs::write(directory.join("external.int"), program).unwrap_or_default();
    let output = intc(&directory, &["run", "external.int"]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    assert!(text(&output.stderr)
        .starts_with("internal compiler error: unknown native functions: $anon..:C.m\n"));
}

#[test]
fn deeply_nested_input_is_a_diagnostic_not_a_crash() {
    let directory = scratch("deep");
    let depth = 100_000;
    let program = format!(
        "public function main() {{\n    int x = {}1{};\n}}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    std::fs::write(directory.join("deep.int"), program).unwrap_or_default();
    let output = intc(&directory, &["check", "--message-format=short", "deep.int"]);
    let code = output.status.code();
    assert!(
        code == Some(0) || code == Some(2),
        "exit {code:?}: {}",
        text(&output.stderr)
    );
}

#[test]
fn diagnostics_name_files_by_their_path_from_the_current_directory() {
    let directory = scratch("paths");
    let sources = directory.join("src");
    std::fs::create_dir_all(&sources).unwrap_or_else(|error| panic!("{error}"));
    // A byte-order mark does not count as a column.
    std::fs::write(
        sources.join("bad.int"),
        "\u{feff}int x = \"a\";\npublic function main() {}\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let expected =
        "src/bad.int:1:9: error[E0200]: incompatible types: expected 'int', found 'string'\n";
    let relative = intc(
        &directory,
        &["check", "--message-format=short", "src/bad.int"],
    );
    assert_eq!(text(&relative.stderr), expected);
    let absolute_path = sources.join("bad.int");
    let absolute = intc(
        &directory,
        &[
            "check",
            "--message-format=short",
            absolute_path.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(text(&absolute.stderr), expected);
    let json = intc(
        &directory,
        &["check", "--message-format=json", "./src/bad.int"],
    );
    assert!(
        text(&json.stderr).starts_with("{\"file\":\"src/bad.int\",\"line\":1,\"column\":9,"),
        "{}",
        text(&json.stderr)
    );
    let human = intc(&sources, &["check", "bad.int"]);
    assert!(
        text(&human.stderr).contains("─[ bad.int:1:9 ]"),
        "{}",
        text(&human.stderr)
    );
}

#[test]
fn sigterm_stops_serving_listeners_gracefully_and_exits_0() {
    use std::io::{BufRead, BufReader, Read};
    let directory = scratch("graceful-stop");
    let program = r#"import ballerina/io;
import ballerina/lang.runtime;

class Ticking {
    public function attach(service object {} s, string[]|string? point = ()) returns error? {}
    public function detach(service object {} s) returns error? {}
    public function 'start() returns error? {
        // A strand that never ends keeps the program serving until it is stopped.
        _ = start tick();
        io:fprintln(io:stderr, "ready");
    }
    public function gracefulStop() returns error? {
        io:println("gracefulStop");
    }
    public function immediateStop() returns error? {}
}

function tick() {
    while true {
        runtime:sleep(0.05);
    }
}

listener Ticking ep = new;

public function main() {
    runtime:onGracefulStop(function() returns error? {
        io:println("first handler");
    });
    runtime:onGracefulStop(function() returns error? {
        io:println("second handler");
    });
    io:println("main");
}
"#;
    std::fs::write(directory.join("serve.int"), program).expect("writes the program");
    let mut child = Command::new(env!("CARGO_BIN_EXE_intc"))
        .args(["run", "serve.int"])
        .current_dir(&directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts intc");
    // The signal is sent only once the listener has started (no timing assumption).
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("reads stderr");
    assert_eq!(line, "ready\n");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("runs kill");
    assert!(killed.success());
    let status = child.wait().expect("waits for intc");
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_string(&mut stdout)
        .expect("reads stdout");
    assert_eq!(
        stdout,
        "main\ngracefulStop\nsecond handler\nfirst handler\n"
    );
    assert_eq!(status.code(), Some(0));
}
