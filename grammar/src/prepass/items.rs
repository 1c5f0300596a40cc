//! Module-level structure on the token stream, so that one broken declaration never takes the
//! rest of the file with it:
//! - an `ItemMark` goes before the first token of every module-level declaration (at bracket
//!   depth zero, after `;` or `}` or at the start of the file; imports excepted): the grammar's
//!   item-level error recovery resynchronises on it;
//! - when a declaration that can only appear at module level (`function name(`, `type`,
//!   `class`, `const`, `public`, ...) starts at column 0 while brackets are still open, the
//!   previous declaration is missing its closing brackets: they are inserted (after the last
//!   token before it) and reported once, and the new declaration parses normally.

use super::brackets;
use crate::lexer::{Spanned, Tok};
use intc_diagnostics::{codes, Diagnostic};
use intc_span::{FileId, Span};

struct Open {
    closer: Tok,
    /// Index of the opening token in the output.
    at: usize,
    /// A class or object body, where `function name(` at column 0 is an ordinary method.
    members: bool,
}

pub fn structure(
    file: FileId,
    text: &str,
    mut tokens: Vec<Spanned>,
) -> (Vec<Spanned>, Vec<Diagnostic>) {
    let mut output: Vec<Spanned> = Vec::with_capacity(tokens.len() + tokens.len() / 16 + 1);
    let mut diagnostics = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // The last token with a width (synthetic tokens are empty): whether it can end an item
    // (`;`, `}`, `|}`), and where it ends.
    let mut previous: Option<(bool, usize)> = None;
    // The index of the first token after the latest run of annotations: what the annotations
    // annotate never starts a declaration of its own (a declaration's mark goes before its
    // first `@`; `returns @a {x: 1} int` is not a new item after `}`).
    let mut annotated_body: Option<usize> = None;
    for index in 0..tokens.len() {
        let token = &tokens[index];
        if !open.is_empty()
            && at_column_zero(text, token.start)
            && starts_module_declaration(&tokens, index)
            && !open.iter().any(|o| o.members)
        {
            let end = previous.as_ref().map_or(token.start, |p| p.1);
            if let Some(innermost) = open.last() {
                diagnostics.push(unclosed(file, &output, innermost, end));
            }
            output.push(Spanned {
                start: end,
                tok: Tok::Unclosed,
                end,
            });
            while let Some(o) = open.pop() {
                output.push(Spanned {
                    start: end,
                    tok: o.closer,
                    end,
                });
            }
            previous = Some((true, end));
        }
        let at_item_start = open.is_empty() && previous.is_none_or(|p| p.0);
        // (A `DeclMark` and the type after it start at the same offset: one mark.)
        let marked = output
            .last()
            .is_some_and(|t| t.start == token.start && matches!(t.tok, Tok::DeclMark));
        // A declaration that can only be module-level, at column 0, starts an item even when
        // the previous one did not end properly (`foo bar baz` then `function g() {}`).
        let visible_start = open.is_empty()
            && previous.is_some()
            && !matches!(token.tok, Tok::Import)
            && at_column_zero(text, token.start)
            && starts_module_declaration(&tokens, index);
        let inside_annotations = annotated_body.is_some_and(|end| index <= end);
        let annotation = matches!(token.tok, Tok::At);
        if (at_item_start && (starts_item(&token.tok) || annotation) || visible_start)
            && !marked
            && !inside_annotations
        {
            output.push(Spanned {
                start: token.start,
                tok: Tok::ItemMark,
                end: token.start,
            });
        }
        if annotation && !inside_annotations {
            let mut end = index;
            while let Some(next) = super::annotation_end(&tokens, end) {
                end = next;
            }
            annotated_body = Some(end);
        }
        if let Some(closer) = brackets::closer(&token.tok) {
            let members = is_member_body(&output, &token.tok);
            open.push(Open {
                closer,
                at: output.len(),
                members,
            });
        } else if brackets::closer_kind(&token.tok) {
            if let Some(position) = open.iter().rposition(|o| o.closer == token.tok) {
                open.truncate(position);
            }
        }
        if token.start != token.end {
            let ends_item = matches!(token.tok, Tok::Semi | Tok::RBrace | Tok::PipeRBrace);
            previous = Some((ends_item, token.end));
        }
        // Every look at `tokens` is at this index or after it, so the token can be moved
        // (cloning each token's text was a large share of the pre-pass).
        let token = std::mem::replace(&mut tokens[index].tok, Tok::Semi);
        output.push(Spanned {
            start: tokens[index].start,
            tok: token,
            end: tokens[index].end,
        });
    }
    (output, diagnostics)
}

fn at_column_zero(text: &str, start: usize) -> bool {
    start == 0 || text.as_bytes().get(start.wrapping_sub(1)) == Some(&b'\n')
}

/// Tokens a module-level declaration can start with (the pre-pass has already put a
/// `DeclMark` before a module variable's type).
fn starts_item(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::DeclMark
            | Tok::Public
            | Tok::Private
            | Tok::Isolated
            | Tok::Final
            | Tok::Configurable
            | Tok::Transactional
            | Tok::Client
            | Tok::Service
            | Tok::ServiceDecl
            | Tok::Listener
            | Tok::Function
            | Tok::BareFunction
            | Tok::Type
            | Tok::Const
            | Tok::Enum
            | Tok::Class
            | Tok::Xmlns
            | Tok::KwReadonly
            | Tok::Distinct
            | Tok::Var
            | Tok::Annotation
            | Tok::Ident(_)
            | Tok::LParen
            | Tok::LBracket
    ) || tok.is_type_keyword()
}

/// A declaration that cannot appear inside a function body (so, at column 0 with brackets
/// open, the previous declaration was not closed).
fn starts_module_declaration(tokens: &[Spanned], index: usize) -> bool {
    let at = |offset: usize| tokens.get(index + offset).map(|t| &t.tok);
    let named_function = |offset: usize| {
        matches!(at(offset), Some(Tok::Function))
            && matches!(at(offset + 1), Some(Tok::Ident(_)))
            && matches!(at(offset + 2), Some(Tok::LParen))
    };
    match at(0) {
        Some(Tok::Public | Tok::Type | Tok::Class | Tok::Const | Tok::Enum | Tok::Import) => true,
        Some(Tok::Xmlns) => true,
        Some(Tok::Annotation | Tok::Listener | Tok::ServiceDecl) => true,
        // `@tag` at column 0 annotates the next module-level declaration.
        Some(Tok::At) => matches!(at(1), Some(Tok::Ident(_))),
        Some(Tok::Configurable) => true,
        Some(Tok::Function) => named_function(0),
        Some(Tok::Isolated) => named_function(1) || matches!(at(1), Some(Tok::Class)),
        _ => false,
    }
}

/// Whether the bracket about to be opened is a class or object body (methods inside it may
/// start at column 0).
fn is_member_body(output: &[Spanned], opening: &Tok) -> bool {
    if !matches!(opening, Tok::LBrace | Tok::BlockLBrace) {
        return false;
    }
    let real: Vec<&Tok> = output
        .iter()
        .rev()
        .filter(|t| t.start != t.end)
        .take(4)
        .map(|t| &t.tok)
        .collect();
    matches!(
        real.as_slice(),
        [Tok::Object, ..]
            | [Tok::Ident(_), Tok::Class | Tok::Object, ..]
            | [Tok::Ident(_), Tok::QColon, Tok::Ident(_), Tok::Object]
    )
}

fn unclosed(file: FileId, output: &[Spanned], innermost: &Open, end: usize) -> Diagnostic {
    let closer = innermost.closer.text().unwrap_or("}");
    let what = brackets::describe_open(output, innermost.at);
    let clamp = |offset: usize| offset.min(u32::MAX as usize) as u32;
    let opener = output
        .get(innermost.at)
        .map_or((end, end), |t| (t.start, t.end));
    let opener_text = output
        .get(innermost.at)
        .and_then(|t| t.tok.text())
        .unwrap_or("{");
    Diagnostic::error(
        codes::SYNTAX,
        Span::new(file, clamp(end), clamp(end)),
        format!("expected '{closer}' to close {what}"),
    )
    .with_label(
        Span::new(file, clamp(opener.0), clamp(opener.1)),
        format!("this '{opener_text}' is never closed"),
    )
}
