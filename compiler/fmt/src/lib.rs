//! intc-fmt: the canonical formatter of `.int` source files (the style is `docs/style.md`).
//!
//! It works on the lossless token stream (`intc_syntax::tokens_with_trivia`): code tokens as
//! the parser sees them after the pre-pass, comments, documentation lines and line breaks.
//! `imports` first sorts and groups the imports (rewriting the text), `units` groups the
//! stream (templates and xml steps become one verbatim unit), `layout` places the units line
//! by line with `spacing` deciding the space between two of them.
//!
//! Meaning is guarded, not assumed: the result is parsed again and its tree must equal the
//! input's apart from spans and the imports' order; otherwise `format` refuses with E0630 rather than return a
//! program that might differ. No I/O.

mod imports;
mod layout;
mod spacing;
mod units;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_imports;

use intc_diagnostics::{codes, Diagnostic};
use intc_span::{FileId, Span};
use intc_syntax::{tokens_with_trivia, TokenKind};

/// Formats one file's text. A file with syntax errors is refused: the errors are returned.
pub fn format(text: &str) -> Result<String, Vec<Diagnostic>> {
    format_file(FileId(0), text)
}

/// [`format`] with the file id the returned diagnostics' spans should carry.
pub fn format_file(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = intc_syntax::parse(file, text);
    let errors: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let tokens = tokens_with_trivia(file, text);
    let refuse = |why: &str| {
        vec![Diagnostic::error(
            codes::FORMAT_UNSAFE,
            Span::new(file, 0, 0),
            format!("this file cannot be formatted safely: {why}; it was left unchanged"),
        )]
    };
    // The input as the formatter reads it: documentation lines lose trailing whitespace,
    // which is all the formatter changes inside tokens.
    let normalized: String = tokens
        .iter()
        .map(|token| match token.kind {
            TokenKind::DocComment => token.text.trim_end(),
            _ => token.text,
        })
        .collect();
    // The import pass rewrites the text before the layout places it.
    let sorted = imports::sorted(text, &tokens);
    let (source, tokens) = match &sorted {
        Some(sorted) if sorted != text => (sorted.as_str(), tokens_with_trivia(file, sorted)),
        _ => (text, tokens),
    };
    let Some(units) = units::units(source, &tokens) else {
        return Err(refuse("a token could not be placed"));
    };
    let formatted = layout::layout(&units);
    let before = shape(file, &normalized);
    let after = shape(file, &formatted);
    match (before, after) {
        (Some(before), Some(after)) if before == after => Ok(formatted),
        _ => Err(refuse("the formatted text would parse differently")),
    }
}

/// The tree of `text` with spans blanked out, or `None` when it does not parse cleanly. The
/// imports are compared as a set: they are put in one fixed order (the import pass reorders
/// them; an import carries no node id, so its place changes nothing else in the tree).
fn shape(file: FileId, text: &str) -> Option<String> {
    let mut parsed = intc_syntax::parse(file, text);
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    parsed
        .module
        .imports
        .sort_by_cached_key(|import| strip_spans(&format!("{import:?}")));
    Some(strip_spans(&format!("{:?}", parsed.module)))
}

/// Replaces every span (`file@start..end` in the tree's `Debug` form) by `@`.
fn strip_spans(dump: &str) -> String {
    let bytes = dump.as_bytes();
    let mut out = String::with_capacity(dump.len());
    let mut index = 0;
    let mut copied = 0;
    let mut in_string = false;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_string {
            match byte {
                b'\\' => index += 2,
                b'"' => {
                    in_string = false;
                    index += 1;
                }
                _ => index += 1,
            }
            continue;
        }
        if byte == b'"' {
            in_string = true;
            index += 1;
            continue;
        }
        if byte == b'@' {
            // Digits before (the file id) and `start..end` after.
            let mut from = index;
            while from > copied && bytes[from - 1].is_ascii_digit() {
                from -= 1;
            }
            let mut to = index + 1;
            let digits = |mut at: usize| {
                let begin = at;
                while at < bytes.len() && bytes[at].is_ascii_digit() {
                    at += 1;
                }
                (at > begin).then_some(at)
            };
            if from < index {
                if let Some(after_start) = digits(to) {
                    if bytes.get(after_start..after_start + 2) == Some(b"..") {
                        if let Some(after_end) = digits(after_start + 2) {
                            to = after_end;
                            out.push_str(dump.get(copied..from).unwrap_or(""));
                            out.push('@');
                            copied = to;
                            index = to;
                            continue;
                        }
                    }
                }
            }
        }
        index += 1;
    }
    out.push_str(dump.get(copied..).unwrap_or(""));
    out
}
