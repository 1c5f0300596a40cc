//! Readable dumps of the token stream and of the tree, for `intc dump tokens|ast` and tests.

use crate::ast::Module;
use crate::lexer::Spanned;
use std::fmt::Write;

/// An indented dump of the tree (Rust's pretty `Debug` form; spans print as `file@start..end`).
pub fn dump_ast(module: &Module) -> String {
    format!("{module:#?}\n")
}

pub fn tokens(text: &str, tokens: &[Spanned]) -> String {
    let mut out = String::new();
    for token in tokens {
        let source = text.get(token.start..token.end).unwrap_or("");
        let shown: String = source.chars().take(60).collect();
        let _ = writeln!(
            out,
            "{} {:?} {}..{}",
            token.tok.kind_name(),
            shown,
            token.start,
            token.end
        );
    }
    out
}
