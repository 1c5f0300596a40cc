//! `intc dump tokens|ast|ir`: internal representations for debugging the compiler.

use crate::cli::DumpKind;
use crate::output;
use crate::sources::{
    compile_from_disk, path_from, print_diagnostics, report_internal_errors, EXIT_COMPILE_ERROR,
    EXIT_INTERNAL_ERROR,
};
use intc_diagnostics::render::MessageFormat;
use intc_span::FileId;
use std::path::Path;

pub fn dump(what: DumpKind, path: &Path) -> u8 {
    match what {
        DumpKind::Tokens | DumpKind::Ast => {
            let bytes = match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(error) => {
                    eprintln!("error: cannot read '{}': {error}", path.display());
                    return EXIT_COMPILE_ERROR;
                }
            };
            let lossy = String::from_utf8_lossy(&bytes);
            // As the driver does, a byte-order mark is not part of the text.
            let text = lossy.strip_prefix('\u{feff}').unwrap_or(&lossy);
            if what == DumpKind::Tokens {
                output::print_out(&intc_syntax::dump_tokens(FileId(0), text));
            } else {
                let parsed = intc_syntax::parse(FileId(0), text);
                let dump = intc_syntax::dump_ast(&parsed.module);
                output::print_out(&dump);
                if !dump.ends_with('\n') {
                    output::print_out("\n");
                }
                // Syntax errors go to stderr so the dump stays usable for broken input.
                let mut sources = intc_span::SourceMap::new();
                let current_dir = std::env::current_dir().ok();
                sources.add(path_from(current_dir.as_deref(), path), text);
                output::print_err(&intc_diagnostics::render::render_short(
                    &parsed.diagnostics,
                    &sources,
                ));
            }
            0
        }
        DumpKind::Ir => {
            let output = match compile_from_disk(path, true) {
                Ok(output) => output,
                Err(code) => return code,
            };
            if output.has_errors() {
                print_diagnostics(&output, MessageFormat::Human, false);
                return EXIT_COMPILE_ERROR;
            }
            if report_internal_errors(&output) {
                return EXIT_INTERNAL_ERROR;
            }
            match &output.program {
                Some(program) => {
                    output::print_out(&program.to_string());
                    0
                }
                None => EXIT_INTERNAL_ERROR,
            }
        }
    }
}
