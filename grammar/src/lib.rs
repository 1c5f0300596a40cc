//! intc-syntax: the lexer, the LALRPOP grammar and the AST. Parsing never fails: it returns a
//! tree plus every syntax error found.

pub mod ast;

use intc_diagnostics::Diagnostic;
use intc_span::{FileId, Span};

/// The result of parsing one file: always a tree, plus the syntax errors.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub module: ast::Module,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one source file. Never panics, whatever the input.
pub fn parse(file: FileId, text: &str) -> Parsed {
    // Interface stub until the grammar lands: an empty tree.
    let span = Span::new(file, 0, text.len().min(u32::MAX as usize) as u32);
    Parsed {
        module: ast::Module { file, imports: Vec::new(), items: Vec::new(), node_count: 0, span },
        diagnostics: Vec::new(),
    }
}

/// One line per token (`KIND "text" start..end`), for `intc dump tokens`.
pub fn dump_tokens(file: FileId, text: &str) -> String {
    let _ = (file, text);
    String::new()
}
