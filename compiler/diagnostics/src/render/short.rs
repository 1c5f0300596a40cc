//! The one-line form `FILE:LINE:COL: error[CODE]: message` used by `--message-format=short`
//! and by the golden test runner's compile-error markers.

use super::{resolve_span, severity_word};
use crate::Diagnostic;
use intc_span::SourceMap;

/// One diagnostic as a single line (no trailing newline). Diagnostics without a location
/// print as `error[CODE]: message`.
pub fn render_short_line(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let head = format!(
        "{}[{}]: {}",
        severity_word(diagnostic.severity),
        diagnostic.code.0,
        first_line(&diagnostic.message)
    );
    match resolve_span(diagnostic.span, sources) {
        Some(at) => format!("{}:{}:{}: {}", at.file, at.line, at.column, head),
        None => head,
    }
}

/// Every diagnostic on its own line, each line ending in a newline.
pub fn render_short(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut text = String::new();
    for diagnostic in diagnostics {
        text.push_str(&render_short_line(diagnostic, sources));
        text.push('\n');
    }
    text
}

/// A multi-line message would break the one-diagnostic-per-line contract, so only its first
/// line is kept.
fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;
    use intc_span::Span;

    #[test]
    fn short_line_has_file_line_column_code_and_message() {
        let mut sources = SourceMap::new();
        let file = sources.add("main.int", "int x = 1;\nint y = \"a\";\n");
        let diagnostic = Diagnostic::error(
            codes::TYPE_MISMATCH,
            Span::new(file, 19, 22),
            "incompatible types: expected 'int', found 'string'",
        );
        assert_eq!(
            render_short_line(&diagnostic, &sources),
            "main.int:2:9: error[E0200]: incompatible types: expected 'int', found 'string'"
        );
    }

    #[test]
    fn warnings_and_dummy_spans_render() {
        let sources = SourceMap::new();
        let diagnostic = Diagnostic::warning(codes::UNUSED_IMPORT, Span::DUMMY, "unused\nsecond");
        assert_eq!(
            render_short(&[diagnostic], &sources),
            "warning[E0105]: unused\n"
        );
    }

    #[test]
    fn out_of_range_span_is_clamped_not_a_panic() {
        let mut sources = SourceMap::new();
        let file = sources.add("a.int", "ab");
        let diagnostic = Diagnostic::error(codes::SYNTAX, Span::new(file, 50, 90), "eof");
        assert_eq!(
            render_short_line(&diagnostic, &sources),
            "a.int:1:3: error[E0001]: eof"
        );
    }
}
