//! The nesting limit. Parsing is iterative, but later passes walk the tree recursively and
//! dropping a deep `Box` chain recurses too, so over-deep input is cut here, at token level:
//! brackets, and operator chains within one bracket level, both add to a nesting measure; once
//! it exceeds [`MAX_NESTING`] the offending tokens are dropped and E0005 is reported once.

use crate::lexer::{Spanned, Tok};
use intc_diagnostics::{codes, Diagnostic};
use intc_span::{FileId, Span};

/// Maximum nesting measure (brackets plus operators on one path).
pub const MAX_NESTING: u32 = 1000;

#[derive(Clone, Copy)]
enum Skip {
    /// Dropping an over-deep bracket: until the frame count returns to this level.
    Bracket(usize),
    /// Dropping an over-long operator chain: until a separator or close at this level.
    Chain(usize),
}

struct Frame {
    base: u32,
    chain: u32,
}

/// Tokens that continue an expression after a closing `}` (`{..} + x`, `obj {..}.f()`); any
/// other token after a `}` starts a new statement or item, so the chain measure restarts there.
/// Without this reset, a module with a few hundred functions tripped the limit.
fn continues_expression(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Dot
            | Tok::QuestionDot
            | Tok::LBracket
            | Tok::LParen
            | Tok::Ellipsis
            | Tok::DotDotLt
            | Tok::Question
            | Tok::Elvis
            | Tok::Is
            | Tok::EqEq
            | Tok::NotEq
            | Tok::EqEqEq
            | Tok::NotEqEq
            | Tok::Lt
            | Tok::Le
            | Tok::Gt
            | Tok::GtAdj
            | Tok::Ge
            | Tok::Plus
            | Tok::Minus
            | Tok::Star
            | Tok::Slash
            | Tok::Percent
            | Tok::Amp
            | Tok::AmpAmp
            | Tok::Pipe
            | Tok::PipePipe
            | Tok::Caret
            | Tok::Shl
            | Tok::TypePipe
            | Tok::TypeAmp
            | Tok::OptQ
            | Tok::RightArrow
            // `if a {} else if b {} ...` nests one `ElseBranch::If` per `else`.
            | Tok::Else
    )
}

fn opens(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::LParen
            | Tok::ArrowLParen
            | Tok::LBracket
            | Tok::LBrace
            | Tok::BlockLBrace
            | Tok::LBracePipe
            | Tok::InterpStart
            | Tok::TemplateStart
    )
}

fn closes(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::RParen
            | Tok::RBracket
            | Tok::RBrace
            | Tok::PipeRBrace
            | Tok::InterpEnd
            | Tok::TemplateEnd
    )
}

/// Tokens that can deepen the tree without opening a bracket.
fn chains(tok: &Tok) -> bool {
    !matches!(
        tok,
        Tok::Ident(_)
            | Tok::ArrowIdent(_)
            | Tok::Int(_)
            | Tok::Float(..)
            | Tok::Str(_)
            | Tok::XmlStep(..)
            | Tok::Bytes(_)
            | Tok::TemplateText(_)
            | Tok::DeclMark
            | Tok::BindMark
            | Tok::ItemMark
            | Tok::True
            | Tok::False
            | Tok::Null
            | Tok::Semi
            | Tok::Comma
    )
}

pub fn limit_nesting(
    file: FileId,
    tokens: Vec<Spanned>,
) -> (Vec<Spanned>, Vec<(usize, usize)>, Vec<Diagnostic>) {
    let mut output = Vec::with_capacity(tokens.len());
    let mut cuts = Vec::new();
    let mut diagnostics = Vec::new();
    let mut frames = vec![Frame { base: 0, chain: 0 }];
    let mut skip: Option<Skip> = None;
    let mut cut_start = 0usize;
    let mut after_close_brace = false;
    for token in tokens {
        if std::mem::take(&mut after_close_brace) && !continues_expression(&token.tok) {
            if let Some(frame) = frames.last_mut() {
                frame.chain = 0;
            }
        }
        if let Some(mode) = skip {
            let level = frames.len();
            if opens(&token.tok) {
                frames.push(Frame { base: 0, chain: 0 });
                continue;
            }
            match mode {
                Skip::Bracket(target) => {
                    if closes(&token.tok) && level > 1 {
                        frames.pop();
                        if frames.len() == target {
                            // The bracket that overflowed is closed: drop it with its contents.
                            skip = None;
                            cuts.push((cut_start, token.end));
                        }
                    }
                    continue;
                }
                Skip::Chain(target) => {
                    let separator = matches!(token.tok, Tok::Semi | Tok::Comma);
                    if closes(&token.tok) && level > target {
                        frames.pop();
                        continue;
                    }
                    if !((separator && level <= target) || closes(&token.tok)) {
                        continue;
                    }
                    skip = None;
                    cuts.push((cut_start, token.start));
                }
            }
        }
        let current = frames.last().map_or(0, |f| f.base + f.chain);
        let deeper = if opens(&token.tok) {
            current + 2
        } else if chains(&token.tok) && !closes(&token.tok) {
            current + 1
        } else {
            current
        };
        if deeper > MAX_NESTING {
            if diagnostics.is_empty() {
                let span = Span::new(file, clamp(token.start), clamp(token.end));
                diagnostics.push(Diagnostic::error(
                    codes::NESTING_TOO_DEEP,
                    span,
                    format!("nesting is too deep (the limit is {MAX_NESTING} levels)"),
                ));
            }
            cut_start = token.start;
            if opens(&token.tok) {
                skip = Some(Skip::Bracket(frames.len()));
                frames.push(Frame { base: 0, chain: 0 });
            } else {
                skip = Some(Skip::Chain(frames.len()));
            }
            continue;
        }
        if opens(&token.tok) {
            if let Some(frame) = frames.last_mut() {
                frame.chain += 1;
            }
            frames.push(Frame {
                base: current + 2,
                chain: 0,
            });
        } else if closes(&token.tok) {
            if frames.len() > 1 {
                frames.pop();
            }
            after_close_brace = matches!(token.tok, Tok::RBrace | Tok::PipeRBrace);
        } else if matches!(token.tok, Tok::Semi | Tok::Comma) {
            if let Some(frame) = frames.last_mut() {
                frame.chain = 0;
            }
        } else if chains(&token.tok) {
            if let Some(frame) = frames.last_mut() {
                frame.chain += 1;
            }
        }
        output.push(token);
    }
    if skip.is_some() {
        cuts.push((cut_start, usize::MAX));
    }
    (output, cuts, diagnostics)
}

fn clamp(offset: usize) -> u32 {
    offset.min(u32::MAX as usize) as u32
}

#[cfg(test)]
mod tests {
    use intc_span::FileId;

    #[test]
    fn many_items_and_statements_stay_within_the_limit() {
        let function = "function f(int a) returns int {\n    if a > 1 { return a; }\n    foreach int i in 0 ..< 3 { a += i; }\n    return a;\n}\n";
        let source = function.repeat(2000);
        let parsed = crate::parse(FileId(0), &source);
        assert!(
            parsed.diagnostics.is_empty(),
            "{:?}",
            parsed.diagnostics.first()
        );
        assert_eq!(parsed.module.items.len(), 2000);
    }

    #[test]
    fn a_long_chain_after_braces_is_still_cut() {
        let source = format!(
            "function f() {{ int x = {}1; }}",
            "{}.length() + ".repeat(5000)
        );
        let parsed = crate::parse(FileId(0), &source);
        assert!(parsed.diagnostics.iter().any(|d| d.code.0 == "E0005"));
    }
}
