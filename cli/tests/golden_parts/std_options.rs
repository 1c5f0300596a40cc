//! The compile options of a check with the real standard library's sources (for the tests
//! that check every golden program in-process).
use intc_driver::CompileOptions;

pub fn options() -> CompileOptions {
    CompileOptions::with_std_files(
        intc_stdlib::module_sources()
            .into_iter()
            .map(|source| (source.module, source.file_name, source.text)),
    )
}
