//! The formatter's round trip over every golden program (`tests/programs/`) and every example
//! (`examples/`): each `.int` file is formatted in process, the result must format again to
//! itself (idempotence), and a case whose files changed is run again from a scratch copy and
//! must behave as its golden expectations say:
//! - run cases: the same exit code, stdout and stderr, where positions `name.int:LINE` in
//!   stack traces are compared without their line numbers (formatting may move lines, e.g.
//!   when it collapses blank lines or puts one statement per line);
//! - compile-error cases: the same diagnostics by file, code and message (lines and columns
//!   may move, so the `//~` markers' lines are not compared); a case whose errors are syntax
//!   errors is refused by the formatter, which must then report exactly parser codes;
//! - examples: `intc check` reports the same (no) diagnostics for the formatted project.
//!
//! Cases whose files the formatter leaves unchanged are not run again: the golden runner
//! already runs them. Reuses the golden runner's discovery, marker parsing and execution.

// The golden runner's parts; this binary uses only some of them.
#[allow(dead_code)]
mod golden_parts;

use golden_parts::discovery::{discover, Case, CaseKind, COMPANION_SUFFIXES};
use golden_parts::execution::{execute, project_sources, read_text, Finished};
use golden_parts::markers::{parse_markers, parse_reported};
use libtest_mimic::{Arguments, Trial};
use std::path::{Path, PathBuf};

struct Context {
    binary: PathBuf,
    scratch: PathBuf,
}

fn main() {
    let arguments = Arguments::from_args();
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let context = std::sync::Arc::new(Context {
        binary: PathBuf::from(env!("CARGO_BIN_EXE_intc")),
        scratch: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fmt-roundtrip"),
    });
    let mut trials = Vec::new();
    match discover(&manifest.join("../tests/programs")) {
        Ok(cases) => {
            for case in cases {
                if matches!(case.kind, CaseKind::Orphan { .. }) {
                    continue;
                }
                let context = context.clone();
                trials.push(Trial::test(case.name.clone(), move || {
                    golden_case(&context, &case).map_err(Into::into)
                }));
            }
        }
        Err(error) => trials.push(Trial::test("discover tests/programs", move || {
            Err(error.into())
        })),
    }
    let examples = manifest.join("../examples");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&examples)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.join("Int.toml").is_file())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    for folder in folders {
        let name = format!(
            "examples/{}",
            folder
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let context = context.clone();
        trials.push(Trial::test(name.clone(), move || {
            example(&context, &name, &folder).map_err(Into::into)
        }));
    }
    libtest_mimic::run(&arguments, trials).exit();
}

/// What formatting one case's files gave.
enum Formatted {
    /// Every file formatted; the texts that changed (path, new text).
    Changed(Vec<(PathBuf, String)>),
    /// A file was refused with these diagnostic codes.
    Refused(Vec<String>),
}

fn format_files(files: &[PathBuf]) -> Result<Formatted, String> {
    let mut changed = Vec::new();
    for file in files {
        let whole = read_text(file)?;
        // A byte-order mark is not part of the program text (the driver and `intc fmt`
        // strip it; `intc fmt` writes it back).
        let (bom, text) = match whole.strip_prefix('\u{feff}') {
            Some(text) => ("\u{feff}", text.to_owned()),
            None => ("", whole.clone()),
        };
        match intc_fmt::format(&text) {
            Ok(formatted) => {
                let again = intc_fmt::format(&formatted).map_err(|errors| {
                    format!(
                        "{}: the formatted text is refused: {errors:?}\n{formatted}",
                        file.display()
                    )
                })?;
                if again != formatted {
                    return Err(format!(
                        "{}: formatting is not idempotent:\n--- once ---\n{formatted}\n--- twice ---\n{again}",
                        file.display()
                    ));
                }
                if formatted != text {
                    changed.push((file.clone(), format!("{bom}{formatted}")));
                }
            }
            Err(errors) => {
                return Ok(Formatted::Refused(
                    errors.iter().map(|error| error.code.0.to_owned()).collect(),
                ))
            }
        }
    }
    Ok(Formatted::Changed(changed))
}

fn golden_case(context: &Context, case: &Case) -> Result<(), String> {
    let (files, directory, expects_check) = match &case.kind {
        CaseKind::File { program } => {
            let directory = program.parent().unwrap_or(Path::new(".")).to_path_buf();
            let stem = program
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            let has = |suffix: &str| directory.join(format!("{stem}{suffix}")).exists();
            let check = !has(".out") && !has(".err");
            (vec![program.clone()], directory, check)
        }
        CaseKind::Project { folder } => {
            let check =
                !folder.join("expected.out").exists() && !folder.join("expected.err").exists();
            (project_sources(folder)?, folder.clone(), check)
        }
        CaseKind::Orphan { .. } => return Ok(()),
    };
    let changed = match format_files(&files)? {
        Formatted::Changed(changed) => changed,
        Formatted::Refused(codes) => {
            return if expects_check
                && codes
                    .iter()
                    .all(|code| intc_syntax::reported_by_parser(code))
            {
                Ok(())
            } else {
                Err(format!("the formatter refused the program: {codes:?}"))
            };
        }
    };
    if changed.is_empty() {
        return Ok(());
    }
    let copy = context.scratch.join(&case.name);
    match &case.kind {
        CaseKind::File { program } => mirror_siblings(&directory, program, &copy)?,
        _ => copy_tree(&directory, &copy)?,
    }
    for (file, text) in &changed {
        let relative = file.strip_prefix(&directory).unwrap_or(file);
        let target = copy.join(relative);
        std::fs::write(&target, text)
            .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    }
    let result = if expects_check {
        compare_check(context, &directory, &copy, &files)
    } else {
        compare_run(context, case, &copy)
    };
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&copy);
    }
    result
}

/// A scratch directory holding the program's companions and siblings (as symbolic links:
/// programs read data files beside them) but not the program itself.
fn mirror_siblings(directory: &Path, program: &Path, copy: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(copy);
    std::fs::create_dir_all(copy)
        .map_err(|error| format!("cannot create {}: {error}", copy.display()))?;
    let entries = std::fs::read_dir(directory)
        .map_err(|error| format!("cannot list {}: {error}", directory.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path == program {
            continue;
        }
        let target = copy.join(entry.file_name());
        link(&path, &target)?;
    }
    Ok(())
}

#[cfg(unix)]
fn link(from: &Path, to: &Path) -> Result<(), String> {
    std::os::unix::fs::symlink(from, to)
        .map_err(|error| format!("cannot link {}: {error}", to.display()))
}

#[cfg(not(unix))]
fn link(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        copy_tree(from, to)
    } else {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|error| format!("cannot copy {}: {error}", to.display()))
    }
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to)
        .map_err(|error| format!("cannot create {}: {error}", to.display()))?;
    let entries = std::fs::read_dir(from)
        .map_err(|error| format!("cannot list {}: {error}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)
                .map_err(|error| format!("cannot copy {}: {error}", path.display()))?;
        }
    }
    Ok(())
}

/// The golden runner's `intc run` invocation of a case, against the scratch copy.
fn run_arguments(case: &Case, copy: &Path) -> Result<Vec<String>, String> {
    let CaseKind::File { program } = &case.kind else {
        return Ok(vec!["run".into(), ".".into()]);
    };
    let file_name = program
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file_name.trim_end_matches(".int").to_owned();
    let mut arguments = vec!["run".to_owned(), file_name];
    let config = format!("{stem}{}", COMPANION_SUFFIXES[3]);
    if copy.join(&config).exists() {
        arguments.push("--config".into());
        arguments.push(config);
    }
    let args_file = copy.join(format!("{stem}{}", COMPANION_SUFFIXES[2]));
    if args_file.exists() {
        arguments.push("--".into());
        arguments.extend(read_text(&args_file)?.split_whitespace().map(str::to_owned));
    }
    Ok(arguments)
}

fn compare_run(context: &Context, case: &Case, copy: &Path) -> Result<(), String> {
    let (out_file, err_file) = match &case.kind {
        CaseKind::File { program } => {
            let stem = program
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                copy.join(format!("{stem}.out")),
                copy.join(format!("{stem}.err")),
            )
        }
        _ => (copy.join("expected.out"), copy.join("expected.err")),
    };
    let arguments = run_arguments(case, copy)?;
    let Finished {
        code,
        stdout,
        stderr,
    } = execute(&context.binary, copy, &arguments)?;
    let expected_out = if out_file.exists() {
        read_text(&out_file)?
    } else {
        String::new()
    };
    let expects_failure = err_file.exists();
    let mut problems = Vec::new();
    let wanted = if expects_failure { 1 } else { 0 };
    if code != Some(wanted) {
        problems.push(format!("exit code {code:?}, expected {wanted}"));
    }
    if without_lines(&stdout) != without_lines(&expected_out) {
        problems.push(format!(
            "stdout differs:\n--- expected ---\n{expected_out}\n--- formatted program ---\n{stdout}"
        ));
    }
    if expects_failure {
        let expected_err = read_text(&err_file)?;
        if without_lines(&stderr) != without_lines(&expected_err) {
            problems.push(format!(
                "stderr differs:\n--- expected ---\n{expected_err}\n--- formatted program ---\n{stderr}"
            ));
        }
    } else if !problems.is_empty() {
        problems.push(format!("stderr:\n{stderr}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the formatted program (in {}) behaves differently:\n{}",
            copy.display(),
            problems.join("\n")
        ))
    }
}

/// `text` with the line (and column) numbers after `.int:` removed.
fn without_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(".int:") {
        let (before, after) = rest.split_at(at + ".int:".len());
        out.push_str(before);
        rest = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':');
        out.push('#');
    }
    out.push_str(rest);
    out
}

/// (file, code, message) of every diagnostic, sorted: lines and columns may move.
fn without_positions(keys: Vec<(String, u32, String, String)>) -> Vec<(String, String, String)> {
    let mut keys: Vec<(String, String, String)> = keys
        .into_iter()
        .map(|(file, _, code, message)| (file, code, message))
        .collect();
    keys.sort();
    keys
}

fn compare_check(
    context: &Context,
    directory: &Path,
    copy: &Path,
    files: &[PathBuf],
) -> Result<(), String> {
    let mut expected = Vec::new();
    for file in files {
        let display = display_name(directory, file);
        expected.extend(parse_markers(&display, &read_text(file)?)?);
    }
    let target = if files.len() == 1 && !copy.join("Int.toml").exists() {
        files[0]
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        ".".to_owned()
    };
    let finished = execute(
        &context.binary,
        copy,
        &[
            "check".to_owned(),
            "--message-format=short".to_owned(),
            target,
        ],
    )?;
    let reported = without_positions(parse_reported(&finished.stderr));
    let expected = without_positions(expected);
    if reported == expected {
        Ok(())
    } else {
        Err(format!(
            "the formatted program (in {}) is diagnosed differently:\n--- expected ---\n{expected:#?}\n--- intc check ---\n{}",
            copy.display(),
            finished.stderr
        ))
    }
}

/// A file's name as `intc check` prints it from the case's directory.
fn display_name(directory: &Path, file: &Path) -> String {
    file.strip_prefix(directory)
        .unwrap_or(file)
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn example(context: &Context, name: &str, folder: &Path) -> Result<(), String> {
    let files = project_sources(folder)?;
    let changed = match format_files(&files)? {
        Formatted::Changed(changed) => changed,
        Formatted::Refused(codes) => {
            return Err(format!("the formatter refused the example: {codes:?}"))
        }
    };
    if changed.is_empty() {
        return Ok(());
    }
    let copy = context.scratch.join(name);
    copy_tree(folder, &copy)?;
    for (file, text) in &changed {
        let target = copy.join(file.strip_prefix(folder).unwrap_or(file));
        std::fs::write(&target, text)
            .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    }
    let check = |directory: &Path| {
        execute(
            &context.binary,
            directory,
            &[
                "check".to_owned(),
                "--message-format=short".to_owned(),
                ".".to_owned(),
            ],
        )
    };
    let before = check(folder)?;
    let after = check(&copy)?;
    let keys = |finished: &Finished| without_positions(parse_reported(&finished.stderr));
    if before.code != after.code || keys(&before) != keys(&after) {
        return Err(format!(
            "the formatted example (in {}) is diagnosed differently:\n--- original ---\n{}\n--- formatted ---\n{}",
            copy.display(),
            before.stderr,
            after.stderr
        ));
    }
    let _ = std::fs::remove_dir_all(&copy);
    Ok(())
}
