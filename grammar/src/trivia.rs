//! The lossless token stream: every byte of a file belongs to exactly one [`SourceToken`],
//! code tokens and trivia (whitespace, newlines, `//` comments, `#` documentation lines)
//! alike, so concatenating the texts gives the file back. The formatter and the language
//! server read it beside the AST; the parser never does (`parse` keeps its own, cheaper path).

use crate::lexer::{self, Tok};
use crate::prepass;
use intc_span::{FileId, Span};
use std::collections::HashMap;

/// What a piece of the source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A token the lexer produces (a whole string literal, one piece of a template, ...).
    Code,
    /// Spaces, tabs, form feeds and carriage returns not followed by a newline.
    Whitespace,
    /// One line break (`\n` or `\r\n`).
    Newline,
    /// A `//` comment, up to (not including) the line break.
    Comment,
    /// A `#` documentation line, up to (not including) the line break.
    DocComment,
    /// Text the lexer rejected (a diagnostic was reported for it).
    Unknown,
}

/// One piece of the source with its span and text.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceToken<'a> {
    pub kind: TokenKind,
    pub span: Span,
    pub text: &'a str,
    /// For a code token: the token the parser sees starting here after the pre-pass (which
    /// tells `int?`'s `OptQ` from the conditional `?`, `io:x`'s `QColon` from a field's `:`,
    /// ...). `None` when the pre-pass folded it into an earlier token (an xml navigation step
    /// `x/<a>` is one `XmlStep` on its first piece) and for trivia.
    pub parsed: Option<Tok>,
    /// Where the parser's token starting here ends (beyond `span` for a folded token).
    pub parsed_end: usize,
}

/// Every piece of `text`, in order. Never panics; bad input yields `Unknown` pieces.
pub fn tokens_with_trivia(file: FileId, text: &str) -> Vec<SourceToken<'_>> {
    let (tokens, _) = lexer::lex(file, text);
    let prepared = prepass::prepare(file, text, tokens.clone());
    let mut parsed: HashMap<usize, (Tok, usize)> = HashMap::new();
    for token in prepared.tokens {
        if token.end > token.start {
            parsed.entry(token.start).or_insert((token.tok, token.end));
        }
    }
    let span = |start: usize, end: usize| {
        let clamp = |offset: usize| offset.min(u32::MAX as usize) as u32;
        Span::new(file, clamp(start), clamp(end))
    };
    let mut out = Vec::with_capacity(tokens.len() * 2);
    let mut position = 0;
    for token in &tokens {
        // Zero-width tokens (a template closed at the end of input) have no text.
        if token.end <= token.start || token.start < position {
            continue;
        }
        if token.start > position {
            gap(text, position, token.start, &span, &mut out);
        }
        let Some(piece) = text.get(token.start..token.end) else {
            continue;
        };
        let kind = if matches!(token.tok, Tok::DocLine(_)) {
            TokenKind::DocComment
        } else {
            TokenKind::Code
        };
        let (tok, end) = match (kind, parsed.remove(&token.start)) {
            (TokenKind::Code, Some((tok, end))) => (Some(tok), end),
            _ => (None, token.end),
        };
        out.push(SourceToken {
            kind,
            span: span(token.start, token.end),
            text: piece,
            parsed: tok,
            parsed_end: end,
        });
        position = token.end;
    }
    if position < text.len() {
        gap(text, position, text.len(), &span, &mut out);
    }
    out
}

/// Splits what the lexer skipped between two tokens into trivia pieces.
fn gap<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    span: &dyn Fn(usize, usize) -> Span,
    out: &mut Vec<SourceToken<'a>>,
) {
    let Some(slice) = text.get(from..to) else {
        return;
    };
    let bytes = slice.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let start = index;
        let kind = match bytes[index] {
            b'\n' => {
                index += 1;
                TokenKind::Newline
            }
            b'\r' if bytes.get(index + 1) == Some(&b'\n') => {
                index += 2;
                TokenKind::Newline
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => {
                while index < bytes.len()
                    && matches!(bytes[index], b' ' | b'\t' | b'\r' | b'\x0c')
                    && !(bytes[index] == b'\r' && bytes.get(index + 1) == Some(&b'\n'))
                {
                    index += 1;
                }
                TokenKind::Whitespace
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    index += 1;
                }
                // A comment ending in `\r\n` leaves the `\r` to the line break.
                if index < bytes.len() && index > start + 2 && bytes[index - 1] == b'\r' {
                    index -= 1;
                }
                TokenKind::Comment
            }
            _ => {
                index += 1;
                while index < bytes.len() && !slice.is_char_boundary(index) {
                    index += 1;
                }
                TokenKind::Unknown
            }
        };
        if let Some(piece) = slice.get(start..index) {
            out.push(SourceToken {
                kind,
                span: span(from + start, from + index),
                text: piece,
                parsed: None,
                parsed_end: from + index,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn joined(text: &str) -> String {
        tokens_with_trivia(FileId(0), text)
            .iter()
            .map(|token| token.text)
            .collect()
    }

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens_with_trivia(FileId(0), text)
            .into_iter()
            .map(|token| (token.kind, token.text))
            .collect()
    }

    #[test]
    fn comments_doc_lines_and_newlines_are_kept() {
        let text = "# Adds.\nfunction f() { // note\r\n\n    int x = 1;  \n}\n";
        assert_eq!(joined(text), text);
        let pieces = kinds(text);
        assert_eq!(pieces[0], (TokenKind::DocComment, "# Adds."));
        assert!(pieces.contains(&(TokenKind::Comment, "// note")));
        assert!(pieces.contains(&(TokenKind::Newline, "\r\n")));
        assert!(pieces.contains(&(TokenKind::Whitespace, "  ")));
    }

    #[test]
    fn templates_and_parser_tokens() {
        let text = "string s = string `a ${b} c`; int? x = io:y;";
        assert_eq!(joined(text), text);
        let tokens = tokens_with_trivia(FileId(0), text);
        let find = |piece: &str| {
            tokens
                .iter()
                .find(|token| token.text == piece)
                .and_then(|token| token.parsed.clone())
        };
        assert_eq!(find("?"), Some(Tok::OptQ));
        assert_eq!(find(":"), Some(Tok::QColon));
        assert_eq!(find("a "), Some(Tok::TemplateText("a ".to_string())));
    }

    #[test]
    fn xml_steps_are_one_parser_token() {
        let text = "xml y = x/<a>;";
        let tokens = tokens_with_trivia(FileId(0), text);
        let step = tokens
            .iter()
            .find(|token| matches!(token.parsed, Some(Tok::XmlStep(..))))
            .map(|token| (token.span.start, token.parsed_end));
        assert_eq!(step, Some((9, 13)));
        assert_eq!(joined(text), text);
    }

    #[test]
    fn bad_input_is_kept_too() {
        for text in [
            "a $ b",
            "\"open\nx",
            "`open ${",
            "é\u{0}\u{feff}'",
            "//x\r",
            "\r\r\n",
        ] {
            assert_eq!(joined(text), text);
        }
    }

    proptest! {
        #[test]
        fn concatenation_gives_the_input_back(text in any::<String>()) {
            prop_assert_eq!(joined(&text), text);
        }

        #[test]
        fn concatenation_of_code_like_text(text in "[a-z `${}#/\n\r\"<>?:*.0-9\\\\]{0,60}") {
            prop_assert_eq!(joined(&text), text);
        }
    }
}
