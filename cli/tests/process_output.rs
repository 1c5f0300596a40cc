//! What a running program prints reaches its reader: buffered output is written when the
//! process is stopped by SIGINT/SIGTERM, standard error keeps its place after standard output,
//! and a closed pipe ends the program quietly.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn scratch(name: &str, program: &str) -> PathBuf {
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("intc-output")
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", directory.display()));
    std::fs::write(directory.join("main.int"), program)
        .unwrap_or_else(|error| panic!("cannot write the program: {error}"));
    directory
}

fn spawn(directory: &Path, stdout: Stdio, stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_intc"))
        .args(["run", "main.int"])
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run intc: {error}"))
}

/// Prints to standard output, says "ready" on standard error (which flushes standard output
/// first), prints more (left in the buffer), then loops until stopped.
const PRINTS_THEN_LOOPS: &str = r#"import ballerina/io;

public function main() {
    io:println("before");
    io:fprintln(io:stderr, "ready");
    io:println("after 1");
    io:println("after 2");
    int i = 0;
    while true {
        i += 1;
    }
}
"#;

fn stopped_by(signal: &str, name: &str) -> (Option<i32>, String) {
    let directory = scratch(name, PRINTS_THEN_LOOPS);
    let mut child = spawn(&directory, Stdio::piped(), Stdio::piped());
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("stderr is readable");
    assert_eq!(line, "ready\n");
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_string(&mut stdout)
        .expect("stdout is readable");
    let status = child.wait().expect("intc ends");
    (status.code(), stdout)
}

#[test]
fn sigterm_writes_buffered_output_before_the_process_ends() {
    let (code, stdout) = stopped_by("-TERM", "sigterm");
    assert_eq!(stdout, "before\nafter 1\nafter 2\n");
    assert_eq!(code, Some(143));
}

#[test]
fn sigint_writes_buffered_output_before_the_process_ends() {
    let (code, stdout) = stopped_by("-INT", "sigint");
    assert_eq!(stdout, "before\nafter 1\nafter 2\n");
    assert_eq!(code, Some(130));
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let directory = scratch(
        "pipe",
        r#"import ballerina/io;

public function main() {
    int i = 0;
    while true {
        io:println("line ", i);
        i += 1;
    }
}
"#,
    );
    let mut child = spawn(&directory, Stdio::piped(), Stdio::piped());
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("stdout is readable");
    assert_eq!(first, "line 0\n");
    drop(stdout);
    let output = child.wait_with_output().expect("intc ends");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(141));
}

#[test]
fn standard_error_keeps_its_place_after_standard_output() {
    let directory = scratch(
        "order",
        r#"import ballerina/io;

public function main() {
    io:println("one");
    io:fprintln(io:stderr, "two");
    io:println("three");
    int zero = 0;
    io:println(1 / zero);
}
"#,
    );
    let log = directory.join("log.txt");
    let file = std::fs::File::create(&log).expect("log file");
    let both = file.try_clone().expect("log file handle");
    let status = spawn(&directory, Stdio::from(file), Stdio::from(both))
        .wait()
        .expect("intc ends");
    assert_eq!(status.code(), Some(1));
    let text = std::fs::read_to_string(&log).expect("log is readable");
    assert_eq!(
        text,
        "one\ntwo\nthree\nerror: {ballerina}DivisionByZero {\"message\":\" / by zero\"}\n\
         \tat main:main(main.int:8)\n"
    );
}

#[test]
fn a_closed_pipe_ends_a_long_dump_quietly() {
    let program = format!(
        "public function main() {{\n{}}}\n",
        "    int x = 1;\n".repeat(50_000)
    );
    let directory = scratch("dump-pipe", &program);
    let mut child = Command::new(env!("CARGO_BIN_EXE_intc"))
        .args(["dump", "tokens", "main.int"])
        .current_dir(&directory)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run intc: {error}"));
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("stdout is readable");
    assert_eq!(first, "ItemMark \"\" 0..0\n");
    drop(stdout);
    let output = child.wait_with_output().expect("intc ends");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(141));
}
