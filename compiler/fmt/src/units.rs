//! Groups the lossless token stream into the units the layout engine places: code units (one
//! parser token, or a whole template or xml navigation step kept byte for byte), comments,
//! documentation lines and line breaks. Whitespace inside a line is dropped; whether there was
//! any is remembered on the unit after it.

use intc_syntax::{SourceToken, Tok, TokenKind};

#[derive(Clone, Debug)]
pub enum UnitKind {
    /// Code: `tok` is what the parser sees (for a template, `TemplateStart`).
    Code(Tok),
    /// A `//` comment (trailing whitespace removed).
    Comment,
    /// A `#` documentation line (trailing whitespace removed).
    Doc,
    /// A line break.
    Newline,
}

#[derive(Clone, Debug)]
pub struct Unit<'a> {
    pub kind: UnitKind,
    /// The text to print: exactly the source text for code.
    pub text: &'a str,
    /// Whether whitespace separated this unit from the previous one on its line.
    pub space_before: bool,
}

impl Unit<'_> {
    pub fn tok(&self) -> Option<&Tok> {
        match &self.kind {
            UnitKind::Code(tok) => Some(tok),
            _ => None,
        }
    }
}

/// Builds the units of `text` from its token stream. `None` when the stream has a piece the
/// lexer rejected (the caller has syntax errors to report then anyway).
pub fn units<'a>(text: &'a str, tokens: &[SourceToken<'a>]) -> Option<Vec<Unit<'a>>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut space = false;
    let mut index = 0;
    while let Some(token) = tokens.get(index) {
        index += 1;
        match token.kind {
            TokenKind::Whitespace => {
                space = true;
                continue;
            }
            TokenKind::Unknown => return None,
            TokenKind::Newline => out.push(Unit {
                kind: UnitKind::Newline,
                text: "\n",
                space_before: false,
            }),
            TokenKind::Comment => out.push(Unit {
                kind: UnitKind::Comment,
                text: token.text.trim_end(),
                space_before: space,
            }),
            TokenKind::DocComment => out.push(Unit {
                kind: UnitKind::Doc,
                text: token.text.trim_end(),
                space_before: space,
            }),
            TokenKind::Code => {
                let start = token.span.start as usize;
                let tok = token.parsed.clone()?;
                let end = match tok {
                    // A template runs to its matching end, interpolations included.
                    Tok::TemplateStart => {
                        let mut depth = 1usize;
                        let mut end = token.span.end as usize;
                        while depth > 0 {
                            let piece = tokens.get(index)?;
                            index += 1;
                            match piece.parsed {
                                Some(Tok::TemplateStart) => depth += 1,
                                Some(Tok::TemplateEnd) => depth -= 1,
                                _ => {}
                            }
                            end = piece.span.end as usize;
                        }
                        end
                    }
                    _ => {
                        // A token the pre-pass made of several pieces (an xml step).
                        let mut end = token.span.end as usize;
                        while end < token.parsed_end {
                            let piece = tokens.get(index)?;
                            index += 1;
                            end = piece.span.end as usize;
                        }
                        end
                    }
                };
                out.push(Unit {
                    kind: UnitKind::Code(tok),
                    text: text.get(start..end)?,
                    space_before: space,
                });
            }
        }
        space = false;
    }
    Some(out)
}
