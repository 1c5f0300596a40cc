//! `intc check`: report every diagnostic; non-zero exit when there is an error.

use crate::sources::{compile_from_disk, print_diagnostics, EXIT_COMPILE_ERROR};
use intc_diagnostics::render::MessageFormat;
use std::path::Path;

pub fn check(path: &Path, format: MessageFormat) -> u8 {
    let output = match compile_from_disk(path, false) {
        Ok(output) => output,
        Err(code) => return code,
    };
    print_diagnostics(&output, format, true);
    let code = if output.has_errors() {
        EXIT_COMPILE_ERROR
    } else {
        0
    };
    // The process exits right after: releasing the ASTs and tables one allocation at a time
    // would cost a few percent of the whole check for nothing.
    std::mem::forget(output);
    code
}
