//! Compilation through the driver with the standard library registered, and diagnostic
//! printing.

use intc_diagnostics::render::{self, MessageFormat};
use intc_driver::{CompileOptions, CompileOutput, StdFileSystem};
use intc_span::{FileId, SourceMap};
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Component, Path};

/// Exit code for compile errors and usage errors.
pub const EXIT_COMPILE_ERROR: u8 = 2;
/// Exit code for a failure of the compiler itself.
pub const EXIT_INTERNAL_ERROR: u8 = 3;

/// The driver options with every standard library module registered.
pub fn compile_options() -> CompileOptions {
    CompileOptions::with_std_files(
        intc_stdlib::module_sources()
            .into_iter()
            .map(|source| (source.module, source.file_name, source.text)),
    )
}

/// Compiles (or only checks) a program from disk. A load failure is printed and returned as
/// the exit code.
pub fn compile_from_disk(path: &Path, lower: bool) -> Result<CompileOutput, u8> {
    let options = compile_options();
    let result = if lower {
        intc_driver::compile(&StdFileSystem, path, &options)
    } else {
        intc_driver::check_only(&StdFileSystem, path, &options)
    };
    result.map_err(|error| {
        eprintln!("error: {error}");
        EXIT_COMPILE_ERROR
    })
}

/// Prints diagnostics to stderr; warnings only when `include_warnings`.
pub fn print_diagnostics(output: &CompileOutput, format: MessageFormat, include_warnings: bool) {
    let shown: Vec<_> = output
        .diagnostics
        .iter()
        .filter(|diagnostic| include_warnings || diagnostic.is_error())
        .cloned()
        .collect();
    if shown.is_empty() {
        // Nothing to render: skip copying every source text into a renamed source map.
        return;
    }
    let color = render::color_enabled(std::io::stderr().is_terminal());
    let sources = paths_from_current_dir(output);
    let text = render::render(format, &shown, &sources, color);
    crate::output::print_err(&text);
}

/// The program's files named by their paths from the current directory (the driver names
/// them from the program's root), so a terminal or editor can open them from a diagnostic.
/// Standard library sources keep their names: they are not on disk.
fn paths_from_current_dir(output: &CompileOutput) -> SourceMap {
    let in_std: HashSet<FileId> = output
        .modules
        .iter()
        .filter(|module| module.name.org == "std")
        .flat_map(|module| module.files.iter().map(|file| file.file))
        .collect();
    let current_dir = std::env::current_dir().ok();
    let mut renamed = SourceMap::new();
    for (id, file) in output.source_map.files() {
        let name = if in_std.contains(&id) {
            file.name.clone()
        } else {
            path_from(
                current_dir.as_deref(),
                &output.layout.root_dir.join(&file.name),
            )
        };
        renamed.add(name, file.text.clone());
    }
    renamed
}

/// `path` relative to `current_dir` when it lies inside it, with `.` parts left out and `/`
/// between parts.
pub fn path_from(current_dir: Option<&Path>, path: &Path) -> String {
    let relative = match current_dir {
        Some(current) if path.is_absolute() => path.strip_prefix(current).unwrap_or(path),
        _ => path,
    };
    let parts: Vec<String> = relative
        .components()
        .filter(|part| !matches!(part, Component::CurDir))
        .map(|part| match part {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    match parts.as_slice() {
        [root, rest @ ..] if root.is_empty() => format!("/{}", rest.join("/")),
        _ => parts.join("/"),
    }
}

/// Prints the internal errors (a construct the compiler cannot handle, an IR verifier
/// rejection): a bug of intc, not of the program, so the message asks for a report. Returns
/// whether there were any.
pub fn report_internal_errors(output: &CompileOutput) -> bool {
    for problem in &output.internal_errors {
        eprintln!("internal compiler error: {problem}");
    }
    if !output.internal_errors.is_empty() {
        eprintln!("note: this is a bug in intc, not in your program; please report this bug");
    }
    !output.internal_errors.is_empty()
}
