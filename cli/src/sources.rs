//! Compilation through the driver with the standard library registered, and diagnostic
//! printing.

use intc_diagnostics::render::{self, MessageFormat};
use intc_driver::{CompileOptions, CompileOutput, StdFileSystem, StdModule};
use std::io::IsTerminal;
use std::path::Path;

/// Exit code for compile errors and usage errors.
pub const EXIT_COMPILE_ERROR: u8 = 2;
/// Exit code for a failure of the compiler itself.
pub const EXIT_INTERNAL_ERROR: u8 = 3;

/// The driver options with every standard library module registered.
pub fn compile_options() -> CompileOptions {
    let mut std_modules: Vec<StdModule> = Vec::new();
    for source in intc_stdlib::module_sources() {
        let file = (source.file_name.to_owned(), source.text.to_owned());
        match std_modules
            .iter_mut()
            .find(|module| module.name == source.module)
        {
            Some(module) => module.files.push(file),
            None => std_modules.push(StdModule {
                name: source.module.to_owned(),
                files: vec![file],
            }),
        }
    }
    CompileOptions { std_modules }
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
    let color = render::color_enabled(std::io::stderr().is_terminal());
    let text = render::render(format, &shown, &output.source_map, color);
    eprint!("{text}");
}

/// Prints the internal errors; returns whether there were any.
pub fn report_internal_errors(output: &CompileOutput) -> bool {
    for problem in &output.internal_errors {
        eprintln!("internal compiler error: {problem}");
    }
    !output.internal_errors.is_empty()
}
