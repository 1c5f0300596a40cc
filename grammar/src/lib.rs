//! intc-syntax: the lexer, the LALRPOP grammar and the AST. Parsing never fails: it returns a
//! tree plus every syntax error found.

pub mod ast;
mod dump;
mod lexer;
mod number;
mod number_xml;
mod parser;
mod prepass;
pub mod resource;
mod trivia;

#[cfg(test)]
mod tests;

use intc_diagnostics::Diagnostic;
use intc_span::{FileId, Span};

pub use dump::dump_ast;
/// The value of a hex floating-point literal's text (the lexer has already checked it).
pub use lexer::hex_float;
/// The tokens the parser consumes (after the pre-pass), as [`tokens_with_trivia`] reports them.
pub use lexer::Tok;
pub use prepass::depth::MAX_NESTING;
pub use trivia::{tokens_with_trivia, SourceToken, TokenKind};

/// The result of parsing one file: always a tree, plus the syntax errors.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub module: ast::Module,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one source file. Never panics, whatever the input.
pub fn parse(file: FileId, text: &str) -> Parsed {
    parse_numbered(file, text, 0)
}

/// Parses a piece of a file on its own (an editor's re-parse of one edited function): its
/// spans start at `offset` and its node ids at `first_id`, so that neither collides with those
/// of the file's earlier parse, which its other items keep. Module-level `xmlns` declarations
/// of the file are not in scope. The tree's `node_count` is the next free id.
pub fn parse_fragment(file: FileId, text: &str, offset: u32, first_id: u32) -> Parsed {
    // Leading blanks place every token (and span) past `offset`; the lexer skips them in one
    // token.
    let mut padded = String::with_capacity(offset as usize + text.len());
    padded.extend(std::iter::repeat_n(' ', offset as usize));
    padded.push_str(text);
    parse_numbered(file, &padded, first_id)
}

fn parse_numbered(file: FileId, text: &str, first_id: u32) -> Parsed {
    let whole = Span::new(file, 0, text.len().min(u32::MAX as usize) as u32);
    let (tokens, mut diagnostics) = lexer::lex(file, text);
    let mut prepared = prepass::prepare(file, text, tokens);
    diagnostics.extend(prepared.diagnostics.iter().cloned());
    let (mut module, syntax) = parser::run(file, text, &mut prepared);
    // An unterminated string runs to the end of its line: syntax errors on the rest of that
    // line are its echoes.
    let unterminated: Vec<(u32, u32)> = diagnostics
        .iter()
        .filter(|d| d.code == intc_diagnostics::codes::UNTERMINATED)
        .map(|d| {
            let start = d.span.start as usize;
            let line_end = text
                .get(start..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |i| start + i);
            (d.span.start, line_end.min(u32::MAX as usize) as u32)
        })
        .collect();
    diagnostics.extend(syntax.into_iter().filter(|d| {
        d.code != intc_diagnostics::codes::SYNTAX
            || !unterminated
                .iter()
                .any(|&(from, to)| d.span.start >= from && d.span.start <= to)
    }));
    module.span = whole;
    diagnostics.extend(number::finish(&mut module, &prepared.docs, first_id));
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    Parsed {
        module,
        diagnostics,
    }
}

/// Whether a syntax error left the tree exactly as the user meant it (a trailing `,`, `=` in
/// a condition read as `==`): the checker may then report on the code around it as usual.
pub fn recovered_in_full(diagnostic: &Diagnostic) -> bool {
    diagnostic.code == intc_diagnostics::codes::SYNTAX
        && [
            parser::helpers::TRAILING_COMMA,
            parser::helpers::ASSIGNMENT_IN_CONDITION,
        ]
        .contains(&diagnostic.message.as_str())
}

/// One line per token (`KIND "text" start..end`), for `intc dump tokens`.
pub fn dump_tokens(file: FileId, text: &str) -> String {
    let (tokens, _) = lexer::lex(file, text);
    let prepared = prepass::prepare(file, text, tokens);
    dump::tokens(text, &prepared.tokens)
}

/// Whether the parser (not the checker) reports diagnostics with this code: the syntax codes
/// (`E000x`) and those of xml templates and `xmlns` declarations.
pub fn reported_by_parser(code: &str) -> bool {
    use intc_diagnostics::codes;
    code.starts_with("E000")
        || [
            codes::XML_ILL_FORMED,
            codes::XML_INTERPOLATION_NOT_ALLOWED,
            codes::XML_UNKNOWN_ENTITY,
            codes::XML_UNDEFINED_PREFIX,
            codes::XML_DUPLICATE_ATTRIBUTE,
            codes::XML_INVALID_XMLNS,
        ]
        .iter()
        .any(|c| c.0 == code)
}
