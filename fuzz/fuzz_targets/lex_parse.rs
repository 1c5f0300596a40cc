//! Fuzz target `lex_parse`: any bytes, read as lossy UTF-8, must lex and parse without a panic
//! or a stack overflow (syntax errors are fine: they are data).
#![no_main]

use intc_span::FileId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = intc_fuzz::source_text(data);
    let parsed = intc_syntax::parse(FileId(0), &text);
    // Every diagnostic span must lie inside the text: renderers slice the source with it.
    for diagnostic in &parsed.diagnostics {
        let range = diagnostic.span.range();
        assert!(
            range.start <= range.end && range.end <= text.len(),
            "diagnostic span {range:?} outside a text of {} bytes",
            text.len()
        );
    }
    // The token dump used by `intc dump tokens` runs the lexer and prepass again on its own.
    let _ = intc_syntax::dump_tokens(FileId(0), &text);
});
