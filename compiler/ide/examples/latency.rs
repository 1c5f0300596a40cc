//! Editor latency on a 5,000-line, 20-module project (issue 9's benchmark).
//!
//! ```sh
//! cargo run --release -p intc-ide --example latency -- [PROJECT_DIR] [RUNS]
//! ```
//!
//! Without a project directory it generates one with `tests/bench/lsp/gen_project.py` (needs
//! `python3`) under the temp directory. The project is opened through an [`AnalysisHost`] over
//! the disk with the real standard library sources (`stdlib/modules`), then, `RUNS` times
//! (default 20), a one-character edit inside a function body of `modules/m09/logic.int`
//! (`int bonus = 7;` ↔ `8`) is applied and timed until that file's fresh diagnostics (the
//! edited body re-checked alone), then a hover on a local (which first checks the program
//! whole: only diagnostics are answered from a body re-check) and two completions (names in
//! scope, members after `checked.`); then `RUNS` edits in a row answered with diagnostics
//! only, as when typing, and `RUNS` more that alternate with a syntax error in the body.
//! Medians (and the slowest run) are printed in milliseconds.
use intc_driver::{CompileOptions, StdFileSystem, StdModule};
use intc_ide::AnalysisHost;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The edited line and its one-character variant.
const EDIT_FROM: &str = "int bonus = 7;";
const EDIT_TO: &str = "int bonus = 8;";

fn main() {
    let mut args = std::env::args().skip(1);
    let project = match args.next() {
        Some(dir) => PathBuf::from(dir),
        None => generate(),
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    if let Err(message) = run(&project, runs.max(1)) {
        eprintln!("latency: {message}");
        std::process::exit(1);
    }
}

fn generate() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = manifest.join("../../tests/bench/lsp/gen_project.py");
    let out = std::env::temp_dir().join(format!("intc-latency-{}", std::process::id()));
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(&out)
        .status();
    match status {
        Ok(status) if status.success() => out,
        other => {
            eprintln!("latency: cannot run {}: {other:?}", script.display());
            std::process::exit(1);
        }
    }
}

/// Every standard library module, read from the sources intc-stdlib embeds (this example
/// must not depend on the runtime, which intc-stdlib does).
fn std_modules() -> Result<Vec<StdModule>, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../stdlib/modules");
    let mut modules = Vec::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        for file in std::fs::read_dir(&path)
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let file = file.path();
            if file.extension().is_some_and(|e| e == "int") {
                let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
                let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
                files.push((name.unwrap_or_default(), text));
            }
        }
        files.sort();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        modules.push(StdModule {
            name: name.unwrap_or_default(),
            files,
        });
    }
    Ok(modules)
}

fn run(project: &Path, runs: usize) -> Result<(), String> {
    let project = project
        .canonicalize()
        .map_err(|e| format!("{}: {e}", project.display()))?;
    let options = CompileOptions {
        std_modules: std_modules()?,
    };
    let edited = project.join("modules/m09/logic.int");
    let original = std::fs::read_to_string(&edited).map_err(|e| e.to_string())?;
    if !original.contains(EDIT_FROM) {
        return Err(format!("{} has no `{EDIT_FROM}`", edited.display()));
    }
    let lines: usize = int_files(&project)
        .iter()
        .map(|file| std::fs::read_to_string(file).map_or(0, |t| t.lines().count()))
        .sum();
    let mut host = AnalysisHost::new(Arc::new(StdFileSystem), options);

    let started = Instant::now();
    let analysis = host.analysis(&edited)?;
    let open = started.elapsed();
    let errors: Vec<_> = int_files(&project)
        .into_iter()
        .flat_map(|file| {
            let diagnostics = analysis.diagnostics(&file);
            diagnostics.into_iter().map(move |d| (file.clone(), d))
        })
        .collect();
    for (file, diagnostic) in errors.iter().take(10) {
        let at = diagnostic.start;
        eprintln!("{}@{at}: {}", file.display(), diagnostic.message);
    }
    if !errors.is_empty() {
        return Err(format!("the project has {} diagnostics", errors.len()));
    }
    drop(analysis);

    let (parsed_at_open, _) = host.parse_counts();
    let mut edit = Vec::new();
    let mut hover = Vec::new();
    let mut scope = Vec::new();
    let mut member = Vec::new();
    for run in 0..runs {
        let text = if run % 2 == 0 {
            original.replacen(EDIT_FROM, EDIT_TO, 1)
        } else {
            original.clone()
        };
        let subtotal = offset_of(&text, "subtotal > ", &edited)?;
        let in_scope = offset_of(&text, "    int count = checked", &edited)? + 4;
        let after_dot = offset_of(&text, "checked.customer.toUpperAscii", &edited)? + 8;

        let started = Instant::now();
        host.set_file_text(&edited, &text);
        let analysis = host.diagnostics_analysis(&edited)?;
        let diagnostics = analysis.diagnostics(&edited);
        edit.push(started.elapsed());
        if !diagnostics.is_empty() {
            return Err(format!("the edit produced diagnostics: {diagnostics:?}"));
        }
        if analysis.rechecked_bodies() != 1 {
            return Err("the edit did not re-check the edited body alone".into());
        }
        drop(analysis);

        let started = Instant::now();
        let answer = host.analysis(&edited)?.hover(&edited, subtotal + 2);
        hover.push(started.elapsed());
        if !answer.is_some_and(|h| h.markdown.contains("decimal")) {
            return Err("no hover on `subtotal`".into());
        }

        let started = Instant::now();
        let items = host.completions(&edited, in_scope as u32);
        scope.push(started.elapsed());
        if !items.iter().any(|item| item.label == "subtotal") {
            return Err("`subtotal` is not completed in scope".into());
        }

        let started = Instant::now();
        let items = host.completions(&edited, after_dot as u32);
        member.push(started.elapsed());
        if !items.iter().any(|item| item.label == "customer") {
            return Err("`customer` is not completed after `checked.`".into());
        }
    }
    // Typing: edits one after another, each answered with diagnostics only (every one
    // re-checks the edited body alone, on the body the one before re-checked).
    let mut typing = type_in(&mut host, &edited, &original, EDIT_TO, runs, false)?;
    // Typing half-written code: every other text has a syntax error in the body, whose
    // diagnostic must come and go.
    let mut half = type_in(&mut host, &edited, &original, "int bonus = ;", runs, true)?;
    println!(
        "project {}: {lines} lines; open and check: {:.1} ms; {runs} runs",
        project.display(),
        ms(open)
    );
    let (parsed, reused) = host.parse_counts();
    println!(
        "files parsed: {parsed_at_open} to open, {} over the runs (parses reused: {reused})",
        parsed - parsed_at_open
    );
    report("edit -> fresh diagnostics (body alone)", &mut edit);
    report("hover after it (whole check first)", &mut hover);
    report("completion, names in scope", &mut scope);
    report("completion after `checked.`", &mut member);
    report("typing: edit -> diagnostics", &mut typing);
    report("typing half-written code", &mut half);
    Ok(())
}

/// Times `runs` edits of `file` in a row, alternately replacing `EDIT_FROM` with `to` and
/// restoring `original`, each answered with diagnostics only; every one must re-check the
/// edited body alone, and report one error for `to` when `to_is_broken`, else none.
fn type_in(
    host: &mut AnalysisHost,
    file: &Path,
    original: &str,
    to: &str,
    runs: usize,
    to_is_broken: bool,
) -> Result<Vec<Duration>, String> {
    let mut times = Vec::new();
    let rechecked = host.diagnostics_analysis(file)?.rechecked_bodies();
    for run in 0..runs {
        let replaced = run % 2 == 0;
        let text = if replaced {
            original.replacen(EDIT_FROM, to, 1)
        } else {
            original.to_string()
        };
        let started = Instant::now();
        host.set_file_text(file, &text);
        let analysis = host.diagnostics_analysis(file)?;
        let diagnostics = analysis.diagnostics(file);
        times.push(started.elapsed());
        let expected = usize::from(replaced && to_is_broken);
        if diagnostics.len() != expected || analysis.rechecked_bodies() != rechecked + run + 1 {
            return Err(format!(
                "an edit to `{to}` did not re-check the edited body alone: {diagnostics:?}"
            ));
        }
    }
    Ok(times)
}

fn offset_of(text: &str, needle: &str, file: &Path) -> Result<u32, String> {
    text.find(needle)
        .map(|at| at as u32)
        .ok_or_else(|| format!("{} has no `{needle}`", file.display()))
}

/// The `.int` files under a directory.
fn int_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(int_files(&path));
        } else if path.extension().is_some_and(|e| e == "int") {
            files.push(path);
        }
    }
    files
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    let median = samples[samples.len() / 2];
    let max = samples[samples.len() - 1];
    println!(
        "{what:<30} median {:>8.2} ms   max {:>8.2} ms",
        ms(median),
        ms(max)
    );
}
