//! Shared plumbing for the intc fuzz targets: turning fuzzer bytes into source text and into
//! an in-memory program the driver can load the same way `intc check` / `intc run` do.

use intc_diagnostics::render::{self, MessageFormat};
use intc_driver::{CompileOptions, CompileOutput, MemoryFileSystem, StdModule};
use std::path::PathBuf;

/// Where the single fuzzed source file lives in the in-memory file system.
pub const MAIN_FILE: &str = "/fuzz/main.int";

/// Fuzzer bytes as source text. Invalid UTF-8 is replaced rather than rejected so that every
/// input reaches the lexer (the CLI reads files the same lossy way or reports them; either way
/// the front end must cope with U+FFFD).
pub fn source_text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The driver options with every standard library module registered, built exactly as the CLI
/// builds them, so `import std/io;` in a fuzzed program resolves.
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

/// A file system holding only the fuzzed program, and the path to hand the driver.
pub fn single_file_program(data: &[u8]) -> (MemoryFileSystem, PathBuf) {
    let file_system = MemoryFileSystem::new().with(MAIN_FILE, source_text(data).into_bytes());
    (file_system, PathBuf::from(MAIN_FILE))
}

/// Every diagnostic span (primary and labels) must point inside the file it names: renderers
/// slice source text with them, so an out-of-range span is a crash waiting in `intc check`.
pub fn assert_spans_inside_sources(output: &CompileOutput) {
    for diagnostic in &output.diagnostics {
        let spans = std::iter::once(diagnostic.span)
            .chain(diagnostic.labels.iter().map(|label| label.span));
        for span in spans {
            if span.is_dummy() {
                continue;
            }
            let Some(file) = output.source_map.get(span.file) else {
                panic!(
                    "diagnostic {:?} names unknown file {:?}: {}",
                    diagnostic.code, span.file, diagnostic.message
                );
            };
            let range = span.range();
            assert!(
                range.start <= range.end && range.end <= file.text.len(),
                "diagnostic {:?} span {range:?} outside {} ({} bytes): {}",
                diagnostic.code,
                file.name,
                file.text.len(),
                diagnostic.message
            );
        }
    }
}

/// The message the driver gives while the lowering crate is not wired in yet: not a bug found
/// by fuzzing, so it is tolerated.
const LOWERING_UNAVAILABLE: &str = "lowering to IR is not available in this build";

/// A program the checker accepted must lower to IR the verifier accepts; anything else is a
/// compiler bug, reported as a crash so libFuzzer saves the input.
pub fn assert_no_internal_errors(output: &CompileOutput) {
    let problems: Vec<&String> = output
        .internal_errors
        .iter()
        .filter(|problem| problem.as_str() != LOWERING_UNAVAILABLE)
        .collect();
    assert!(
        problems.is_empty(),
        "internal compiler errors: {problems:?}"
    );
}

/// Renders the diagnostics in every format `intc check --message-format` offers, as the CLI
/// would print them: the renderers slice source text by span and must cope with any span the
/// front end produces.
pub fn render_all_formats(output: &CompileOutput) {
    for format in [
        MessageFormat::Human,
        MessageFormat::Short,
        MessageFormat::Json,
    ] {
        let text = render::render(format, &output.diagnostics, &output.source_map, false);
        assert!(
            output.diagnostics.is_empty() || !text.is_empty(),
            "{format:?} rendering of {} diagnostics is empty",
            output.diagnostics.len()
        );
    }
}
