//! End-to-end tests of `std/io`'s file functions: each `tests/io_files/<name>.int` runs in a
//! fresh scratch directory of its own (so the files it writes and reads never touch the
//! repository) and must print exactly `<name>.out`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A fresh, empty scratch directory for one program.
fn scratch(name: &str) -> PathBuf {
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("intc-io-files")
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", directory.display()));
    directory
}

fn run(name: &str) {
    let source = repo().join("tests/io_files").join(format!("{name}.int"));
    let expected = std::fs::read_to_string(source.with_extension("out"))
        .unwrap_or_else(|error| panic!("{name}.out: {error}"));
    let directory = scratch(name);
    let program = directory.join("main.int");
    std::fs::copy(&source, &program)
        .unwrap_or_else(|error| panic!("cannot copy {}: {error}", source.display()));
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .arg("run")
        .arg("main.int")
        .current_dir(&directory)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("cannot run intc: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{name}: stderr:\n{stderr}");
    assert_eq!(stdout, expected, "{name}: stdout differs");
}

#[test]
fn strings_and_lines() {
    run("strings_lines");
}

#[test]
fn bytes_and_json() {
    run("bytes_json");
}

#[test]
fn csv_rows_and_records() {
    run("csv");
}

#[test]
fn streams_of_lines_blocks_and_rows() {
    run("streams");
}

#[test]
fn stream_files_are_read_and_written_piece_by_piece() {
    run("streams_incremental");
}

#[test]
fn file_blocks_feed_the_data_modules_parse_stream() {
    run("parse_stream");
}

#[test]
fn xml_documents() {
    run("xml");
}

#[test]
fn missing_files_and_directories() {
    run("errors");
}

#[test]
fn permission_denied_is_an_access_denied_error() {
    let directory = scratch("permissions");
    let locked = directory.join("locked.txt");
    std::fs::write(&locked, "secret").unwrap_or_else(|error| panic!("{error}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000));
    }
    // Root reads any file; the check is meaningful only when the mode is enforced.
    let enforced = std::fs::read(&locked).is_err();
    std::fs::write(
        directory.join("main.int"),
        "import ballerina/io;\n\npublic function main() {\n    string|io:Error r = io:fileReadString(\"locked.txt\");\n    io:println(r is io:AccessDeniedError ? r.message() : \"readable\");\n}\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .args(["run", "main.int"])
        .current_dir(&directory)
        .output()
        .unwrap_or_else(|error| panic!("cannot run intc: {error}"));
    let expected = if enforced {
        "permission denied: locked.txt\n"
    } else {
        "readable\n"
    };
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}
