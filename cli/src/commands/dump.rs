//! `intc dump tokens|ast|ir`: internal representations for debugging the compiler.

use crate::cli::DumpKind;
use crate::sources::{
    compile_from_disk, print_diagnostics, report_internal_errors, EXIT_COMPILE_ERROR,
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
            let text = String::from_utf8_lossy(&bytes);
            if what == DumpKind::Tokens {
                print!("{}", intc_syntax::dump_tokens(FileId(0), &text));
            } else {
                let parsed = intc_syntax::parse(FileId(0), &text);
                println!("{}", render_ast(&parsed.module));
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
                    print!("{program}");
                    0
                }
                None => EXIT_INTERNAL_ERROR,
            }
        }
    }
}

fn render_ast(module: &intc_syntax::ast::Module) -> String {
    format!("{module:#?}")
}
