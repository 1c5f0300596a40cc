//! Runs one golden case through the `intc` binary and compares the results.

use super::diff::line_diff;
use super::discovery::{Case, CaseKind};
use super::markers::{parse_markers, parse_reported, rewrite_messages, ErrorKey};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A program that runs longer than this is reported as hanging.
const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_case(binary: &Path, case: &Case, update: bool) -> Result<(), String> {
    match &case.kind {
        CaseKind::Orphan { file } => Err(format!(
            "{} has no .int program beside it (delete or rename it)",
            file.display()
        )),
        CaseKind::File { program } => run_file_case(binary, program, update),
        CaseKind::Project { folder } => run_project_case(binary, folder, update),
    }
}

fn run_file_case(binary: &Path, program: &Path, update: bool) -> Result<(), String> {
    let directory = program.parent().unwrap_or(Path::new("."));
    let file_name = file_name_of(program);
    let stem = file_name.trim_end_matches(".int").to_owned();
    let companion = |suffix: &str| directory.join(format!("{stem}{suffix}"));
    let (out_file, err_file) = (companion(".out"), companion(".err"));
    if !out_file.exists() && !err_file.exists() {
        let sources = vec![(file_name.clone(), program.to_path_buf())];
        return compare_check(binary, directory, &file_name, &sources, update);
    }
    let mut arguments: Vec<String> = vec!["run".into(), file_name.clone()];
    let config = companion(".Config.toml");
    if config.exists() {
        arguments.push("--config".into());
        arguments.push(file_name_of(&config));
    }
    let args_file = companion(".args");
    if args_file.exists() {
        arguments.push("--".into());
        arguments.extend(read_text(&args_file)?.split_whitespace().map(str::to_owned));
    }
    let finished = execute(binary, directory, &arguments)?;
    compare_run(finished, &out_file, &err_file, update)
}

fn run_project_case(binary: &Path, folder: &Path, update: bool) -> Result<(), String> {
    let (out_file, err_file) = (folder.join("expected.out"), folder.join("expected.err"));
    if !out_file.exists() && !err_file.exists() {
        let mut sources = Vec::new();
        for file in project_sources(folder)? {
            let display = file
                .strip_prefix(folder)
                .unwrap_or(&file)
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            sources.push((display, file));
        }
        return compare_check(binary, folder, ".", &sources, update);
    }
    let finished = execute(binary, folder, &["run".to_owned(), ".".to_owned()])?;
    compare_run(finished, &out_file, &err_file, update)
}

/// Runs `intc check` on `target` and compares its errors with the markers in `sources`
/// (display name, path); with `update`, rewrites the markers' messages from the output first.
fn compare_check(
    binary: &Path,
    directory: &Path,
    target: &str,
    sources: &[(String, PathBuf)],
    update: bool,
) -> Result<(), String> {
    let mut expected = Vec::new();
    for (display, path) in sources {
        expected.extend(parse_markers(display, &read_text(path)?)?);
    }
    if expected.is_empty() {
        return Err(
            "no expectations: add a .out or .err file, or `//~ ERROR CODE: message` markers"
                .to_owned(),
        );
    }
    let finished = execute(
        binary,
        directory,
        &[
            "check".to_owned(),
            "--message-format=short".to_owned(),
            target.to_owned(),
        ],
    )?;
    let mut reported = parse_reported(&finished.stderr);
    if update {
        expected.clear();
        for (display, path) in sources {
            let text = read_text(path)?;
            let rewritten = rewrite_messages(display, &text, &reported)?;
            if rewritten != text {
                std::fs::write(path, &rewritten)
                    .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            }
            expected.extend(parse_markers(display, &rewritten)?);
        }
    }
    expected.sort();
    reported.sort();
    let mut problems = Vec::new();
    if finished.code == Some(0) {
        problems.push("`intc check` exited with 0 but errors were expected".to_owned());
    }
    if expected != reported {
        let missing: Vec<String> = difference(&expected, &reported)
            .iter()
            .map(show_key)
            .collect();
        let unexpected: Vec<String> = difference(&reported, &expected)
            .iter()
            .map(show_key)
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "expected but not reported:\n  {}",
                missing.join("\n  ")
            ));
        }
        if !unexpected.is_empty() {
            problems.push(format!(
                "reported but not expected:\n  {}",
                unexpected.join("\n  ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n--- intc check output ---\n{}",
            problems.join("\n"),
            finished.stderr
        ))
    }
}

fn compare_run(
    finished: Finished,
    out_file: &Path,
    err_file: &Path,
    update: bool,
) -> Result<(), String> {
    let expects_failure = err_file.exists();
    if update {
        return update_expectations(&finished, out_file, err_file, expects_failure);
    }
    let expected_out = if out_file.exists() {
        read_text(out_file)?
    } else {
        String::new()
    };
    let mut problems = Vec::new();
    let wanted_code = if expects_failure { 1 } else { 0 };
    if finished.code != Some(wanted_code) {
        problems.push(format!(
            "exit code: expected {wanted_code}, got {}",
            show_code(finished.code)
        ));
    }
    if finished.stdout != expected_out {
        problems.push(format!(
            "stdout differs:\n{}",
            line_diff(&expected_out, &finished.stdout)
        ));
    }
    if expects_failure {
        let expected_err = read_text(err_file)?;
        if finished.stderr != expected_err {
            problems.push(format!(
                "stderr differs:\n{}",
                line_diff(&expected_err, &finished.stderr)
            ));
        }
    } else if !problems.is_empty() && !finished.stderr.is_empty() {
        problems.push(format!("stderr:\n{}", finished.stderr));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn update_expectations(
    finished: &Finished,
    out_file: &Path,
    err_file: &Path,
    expects_failure: bool,
) -> Result<(), String> {
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))
    };
    if expects_failure {
        write(err_file, &finished.stderr)?;
        if !finished.stdout.is_empty() {
            write(out_file, &finished.stdout)?;
        } else if out_file.exists() {
            std::fs::remove_file(out_file)
                .map_err(|error| format!("cannot remove {}: {error}", out_file.display()))?;
        }
    } else {
        write(out_file, &finished.stdout)?;
    }
    Ok(())
}

pub fn execute(binary: &Path, directory: &Path, arguments: &[String]) -> Result<Finished, String> {
    let mut child = Command::new(binary)
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
    let stdout_reader = child.stdout.take().map(reader_thread);
    let stderr_reader = child.stderr.take().map(reader_thread);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "timed out after {}s: intc {}",
                    TIMEOUT.as_secs(),
                    arguments.join(" ")
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(error) => return Err(format!("waiting for intc failed: {error}")),
        }
    };
    let collect = |reader: Option<std::thread::JoinHandle<Vec<u8>>>| {
        reader
            .and_then(|handle| handle.join().ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    };
    Ok(Finished {
        code: status.code(),
        stdout: collect(stdout_reader),
        stderr: collect(stderr_reader),
    })
}

fn reader_thread(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        bytes
    })
}

pub fn project_sources(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let entries = std::fs::read_dir(&directory)
            .map_err(|error| format!("cannot list {}: {error}", directory.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "int") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn difference(left: &[ErrorKey], right: &[ErrorKey]) -> Vec<ErrorKey> {
    let mut remaining: Vec<ErrorKey> = right.to_vec();
    left.iter()
        .filter(
            |key| match remaining.iter().position(|other| other == *key) {
                Some(position) => {
                    remaining.swap_remove(position);
                    false
                }
                None => true,
            },
        )
        .cloned()
        .collect()
}

fn show_key(key: &ErrorKey) -> String {
    format!("{}:{}: error[{}]: {}", key.0, key.1, key.2, key.3)
}

fn show_code(code: Option<i32>) -> String {
    code.map_or_else(
        || "no exit code (killed by a signal)".to_owned(),
        |code| code.to_string(),
    )
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}
