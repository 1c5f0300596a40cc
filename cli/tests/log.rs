//! `std/log` end to end: runs every program under `tests/log/` with `intc run` and compares
//! what it logged. Log lines carry the current time, so the golden runner (which compares
//! output exactly) cannot hold them; here each `time` field is checked to have Ballerina's
//! form (`yyyy-MM-dd'T'HH:mm:ss.SSS` and a zone) and then replaced by `<TIME>`.
//!
//! A case is `NAME.int` (a single file) or `NAME/` (a project with `Int.toml`), with:
//! - `NAME.stderr`: the expected standard error (required; empty when nothing is logged);
//! - `NAME.stdout`: the expected standard output (else it must be empty);
//! - `NAME.Config.toml`: the configuration, copied next to the program as `Config.toml`;
//! - `NAME.options`: extra `intc run` options, one per line (`-Cballerina.log.level=ERROR`);
//! - `NAME.exit`: the expected exit code (else 0);
//! - `NAME.app.log`: the expected content of `app.log`, a log file the program writes in its
//!   directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/log")
}

/// A fresh scratch directory for one case.
fn scratch(name: &str) -> PathBuf {
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("intc-log")
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", directory.display()));
    directory
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// Whether `text` starts with a time stamp of the form `2026-12-05T10:15:30.123Z` (or a
/// `+05:30` offset), returning its length.
fn time_stamp_length(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        range
            .clone()
            .all(|i| bytes.get(i).is_some_and(u8::is_ascii_digit))
    };
    let at = |i: usize, c: u8| bytes.get(i) == Some(&c);
    let shape = digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19)
        && at(19, b'.')
        && digits(20..23);
    if !shape {
        return None;
    }
    if at(23, b'Z') {
        return Some(24);
    }
    let offset = (at(23, b'+') || at(23, b'-')) && digits(24..26) && at(26, b':') && digits(27..29);
    offset.then_some(29)
}

/// Replaces the time of every log line (a logfmt line starts `time=`, a JSON line
/// `{"time":"`) by `<TIME>`, failing on a time of the wrong form; other lines stay as they are.
fn mask_times(text: &str) -> Result<String, String> {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let prefix = ["time=", "{\"time\":\""]
            .into_iter()
            .find(|prefix| line.starts_with(prefix));
        let Some(prefix) = prefix else {
            out.push_str(line);
            continue;
        };
        let stamp = &line[prefix.len()..];
        let length =
            time_stamp_length(stamp).ok_or_else(|| format!("malformed time in: {line}"))?;
        out.push_str(prefix);
        out.push_str("<TIME>");
        out.push_str(&stamp[length..]);
    }
    Ok(out)
}

fn run_case(name: &str) -> Result<(), String> {
    let cases = cases_dir();
    let directory = scratch(name);
    let project = cases.join(name);
    let target = if project.is_dir() {
        copy_tree(&project, &directory);
        ".".to_owned()
    } else {
        let file = format!("{name}.int");
        std::fs::copy(cases.join(&file), directory.join(&file)).map_err(|e| e.to_string())?;
        file
    };
    if let Some(config) = read(&cases.join(format!("{name}.Config.toml"))) {
        std::fs::write(directory.join("Config.toml"), config).map_err(|e| e.to_string())?;
    }
    let mut arguments = vec!["run".to_owned()];
    if let Some(options) = read(&cases.join(format!("{name}.options"))) {
        arguments.extend(options.lines().filter(|l| !l.is_empty()).map(str::to_owned));
    }
    arguments.push(target);
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .args(&arguments)
        .current_dir(&directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run intc: {error}"))?;
    let stdout = mask_times(&String::from_utf8_lossy(&output.stdout))?;
    let stderr = mask_times(&String::from_utf8_lossy(&output.stderr))?;
    let mut problems = Vec::new();
    let expected_exit: i32 = read(&cases.join(format!("{name}.exit")))
        .and_then(|code| code.trim().parse().ok())
        .unwrap_or(0);
    if output.status.code() != Some(expected_exit) {
        problems.push(format!(
            "exit code {:?}, expected {expected_exit}",
            output.status.code()
        ));
    }
    let expected_stderr = read(&cases.join(format!("{name}.stderr")))
        .ok_or_else(|| format!("{name}.stderr is missing"))?;
    if stderr != expected_stderr {
        problems.push(format!(
            "stderr differs:\n--- expected\n{expected_stderr}--- actual\n{stderr}"
        ));
    }
    let expected_stdout = read(&cases.join(format!("{name}.stdout"))).unwrap_or_default();
    if stdout != expected_stdout {
        problems.push(format!(
            "stdout differs:\n--- expected\n{expected_stdout}--- actual\n{stdout}"
        ));
    }
    if let Some(expected_file) = read(&cases.join(format!("{name}.app.log"))) {
        let actual = read(&directory.join("app.log")).unwrap_or_default();
        let actual = mask_times(&actual)?;
        if actual != expected_file {
            problems.push(format!(
                "app.log differs:\n--- expected\n{expected_file}--- actual\n{actual}"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", problems.join("\n")))
    }
}

/// Every case name: `NAME.int` files and project directories.
fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|entry| {
                    let path = entry.path();
                    let name = path.file_name()?.to_str()?.to_owned();
                    if path.is_dir() {
                        Some(name)
                    } else {
                        name.strip_suffix(".int").map(str::to_owned)
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn every_log_program_logs_what_ballerina_logs() {
    let names = case_names();
    assert!(names.len() >= 15, "expected the log cases, found {names:?}");
    let failures: Vec<String> = names
        .iter()
        .filter_map(|name| run_case(name).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}

#[test]
fn times_are_masked_only_when_well_formed() {
    assert_eq!(
        mask_times("time=2026-12-05T10:15:30.123Z level=INFO\n").as_deref(),
        Ok("time=<TIME> level=INFO\n")
    );
    assert_eq!(
        mask_times("{\"time\":\"2021-05-04T10:32:13.220+05:30\", \"level\":\"INFO\"}").as_deref(),
        Ok("{\"time\":\"<TIME>\", \"level\":\"INFO\"}")
    );
    assert!(mask_times("time=10:15 level=INFO").is_err());
}
