//! Readable dumps of the token stream and of the tree, for `intc dump tokens|ast` and tests.

use crate::ast::Module;
use crate::lexer::Spanned;
use std::fmt::Write;

/// Indentation stops growing past this depth, so the dump of a tree at the nesting limit stays
/// linear in size.
const MAX_INDENT_LEVELS: usize = 40;

/// An indented dump of the tree: Rust's `Debug` form (spans print as `file@start..end`), one
/// field or element per line. Built by re-indenting the compact `Debug` output in one pass,
/// because the pretty `{:#?}` form is quadratic on deep trees.
pub fn dump_ast(module: &Module) -> String {
    let compact = format!("{module:?}");
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth.min(MAX_INDENT_LEVELS) {
            out.push_str("  ");
        }
    };
    while let Some(ch) = chars.next() {
        if in_string {
            out.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
            continue;
        }
        match ch {
            '"' => {
                in_string = true;
                out.push(ch);
            }
            '(' | '[' | '{' => {
                let close = match ch {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                out.push(ch);
                if chars.peek() == Some(&close) {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                    if ch == '{' && chars.peek() == Some(&' ') {
                        chars.next();
                    }
                }
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if out.ends_with(' ') {
                    out.pop();
                }
                newline(&mut out, depth);
                out.push(ch);
            }
            ',' => {
                out.push(',');
                if chars.peek() == Some(&' ') {
                    chars.next();
                }
                newline(&mut out, depth);
            }
            _ => out.push(ch),
        }
    }
    out.push('\n');
    out
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

#[cfg(test)]
mod tests {
    use intc_span::FileId;

    #[test]
    fn the_dump_has_one_field_per_line() {
        let parsed = crate::parse(FileId(0), "const X = \"a, (b)\";");
        let dump = super::dump_ast(&parsed.module);
        assert!(
            dump.starts_with("Module {\n  file: FileId(\n    0\n  ),\n"),
            "{dump}"
        );
        assert!(
            dump.contains("String(\n") && dump.contains("\"a, (b)\""),
            "{dump}"
        );
        assert!(dump.contains("imports: [],"), "{dump}");
    }
}
