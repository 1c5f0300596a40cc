//! Runs the generated LALRPOP parser over the prepared token stream and turns its errors and
//! recoveries into diagnostics.

pub mod annotations;
pub mod helpers;
mod messages;
pub mod services;
pub mod xml_template;

#[allow(
    clippy::all,
    clippy::pedantic,
    unused_parens,
    unused_imports,
    dead_code,
    unused_mut
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/grammar.rs"));
}

use crate::ast::Module;
use crate::lexer::{Spanned, Tok};
use helpers::Ctx;
use intc_diagnostics::Diagnostic;
use intc_span::FileId;
use lalrpop_util::ParseError;
use messages::Described;

/// Parses prepared tokens. `Err` only when even recovery could not reach the end of input.
pub fn parse_tokens(
    tokens: &[Spanned],
    ctx: &mut Ctx,
) -> Result<Module, ParseError<usize, Tok, ()>> {
    let stream = tokens
        .iter()
        .map(|t| Ok::<_, ()>((t.start, t.tok.clone(), t.end)));
    let parser = generated::ModuleParser::new();
    parser.parse(ctx, stream)
}

/// Parses the prepared file: the module plus the syntax diagnostics (recovered errors, and
/// the fatal error if recovery failed at the end of input). Takes the tokens out of
/// `prepared`.
pub fn run(
    file: FileId,
    text: &str,
    prepared: &mut crate::prepass::Prepared,
) -> (Module, Vec<Diagnostic>) {
    // The parser consumes the tokens themselves (cloning each token's text for it was a
    // large share of parsing). Only a parse with errors needs the tokens afterwards, to
    // describe the errors: then they are prepared again (lexing and the pre-pass are pure)
    // and the file is parsed the full way.
    let tokens = std::mem::take(&mut prepared.tokens);
    let mut ctx = Ctx::new(file);
    let stream = tokens
        .into_iter()
        .map(|t| Ok::<_, ()>((t.start, t.tok, t.end)));
    if let Ok(module) = generated::ModuleParser::new().parse(&mut ctx, stream) {
        if ctx.recoveries.is_empty() {
            let diagnostics = finish(prepared, Vec::new(), ctx.diagnostics, None);
            return (module, diagnostics);
        }
    }
    let (tokens, _) = crate::lexer::lex(file, text);
    prepared.tokens = crate::prepass::prepare(file, text, tokens).tokens;
    run_with_errors(file, text, prepared)
}

/// `run` for a file with syntax errors, from its prepared tokens.
fn run_with_errors(
    file: FileId,
    text: &str,
    prepared: &crate::prepass::Prepared,
) -> (Module, Vec<Diagnostic>) {
    let describe = |error: &ParseError<usize, Tok, ()>, tokens: &[Spanned]| {
        messages::describe(file, text, tokens, error)
    };
    let mut ctx = Ctx::new(file);
    let result = parse_tokens(&prepared.tokens, &mut ctx);
    // Recovery needs a token to resynchronise on; at the end of input there is none, so the
    // recovery discards everything still open. Close every open bracket and parse again,
    // keeping the end-of-file error.
    let eof_error = match &result {
        Err(fatal) => Some(describe(fatal, &prepared.tokens)),
        Ok(_) => ctx
            .recoveries
            .iter()
            .find(|r| matches!(r.error, ParseError::UnrecognizedEof { .. }))
            .map(|r| describe(&r.error, &prepared.tokens)),
    };
    let mut fatal = None;
    let mut tokens: std::borrow::Cow<'_, [Spanned]> = std::borrow::Cow::Borrowed(&prepared.tokens);
    let module = match (result, eof_error) {
        (Ok(module), None) => module,
        (result, Some(eof_error)) => {
            let real_end = prepared.tokens.last().map_or(0, |t| t.end);
            let mut closed = prepared.tokens.clone();
            closed.extend(closing_tokens(&prepared.tokens));
            let mut retry = Ctx::new(file);
            match (parse_tokens(&closed, &mut retry), result) {
                (Ok(module), _) => {
                    retry.recoveries.retain(|r| recovery_start(r) < real_end);
                    ctx = retry;
                    fatal = Some(eof_error);
                    tokens = std::borrow::Cow::Owned(closed);
                    module
                }
                (Err(_), Ok(module)) => module,
                (Err(_), Err(_)) => {
                    fatal = Some(eof_error);
                    unreachable_module(file)
                }
            }
        }
        (Err(_), None) => unreachable_module(file),
    };
    // Errors at an `Unclosed` mark are the pre-pass's report (`prepared.unclosed`).
    let described: Vec<Described> = ctx
        .recoveries
        .iter()
        .filter(|recovery| {
            !matches!(
                &recovery.error,
                ParseError::UnrecognizedToken {
                    token: (_, Tok::Unclosed, _),
                    ..
                }
            )
        })
        .map(|recovery| describe(&recovery.error, &tokens))
        .collect();
    let diagnostics = without_cascades(&prepared.tokens, described);
    let fatal = fatal.map(|fatal| fatal.diagnostic);
    (
        module,
        finish(prepared, diagnostics, ctx.diagnostics, fatal),
    )
}

/// The syntax diagnostics of a parse: the described parser errors, the pre-pass's unclosed
/// brackets they do not explain, the grammar's own diagnostics and the fatal error.
fn finish(
    prepared: &crate::prepass::Prepared,
    mut diagnostics: Vec<Diagnostic>,
    grammar: Vec<Diagnostic>,
    fatal: Option<Diagnostic>,
) -> Vec<Diagnostic> {
    // An unclosed bracket the pre-pass closed is already explained by a parser error between
    // the bracket and the point where it was closed.
    for unclosed in &prepared.unclosed {
        let from = unclosed.labels.first().map_or(0, |l| l.span.start);
        let explained = diagnostics
            .iter()
            .any(|d| d.span.start >= from && d.span.start <= unclosed.span.start);
        if !explained {
            diagnostics.push(unclosed.clone());
        }
    }
    diagnostics.extend(grammar);
    diagnostics.dedup_by(|a, b| a.span == b.span && a.message == b.message);
    if let Some(fatal) = fatal {
        if !diagnostics.iter().any(|d| d.span == fatal.span) {
            diagnostics.push(fatal);
        }
    }
    // Errors caused by tokens the nesting limit cut away would only repeat E0005.
    diagnostics.retain(|d| {
        let start = d.span.start as usize;
        !prepared
            .cut_ranges
            .iter()
            .any(|&(from, to)| start >= from && start <= to.saturating_add(1))
    });
    diagnostics
}

/// The tree for a parse that failed without an error to report (cannot happen: a failed
/// parse always has its error); kept total so no input can panic.
fn unreachable_module(file: FileId) -> Module {
    let span = intc_span::Span::new(file, 0, 0);
    // (Also the tree when even the retry with closed brackets failed.)
    Module {
        file,
        imports: Vec::new(),
        items: vec![crate::ast::Item::Error(span)],
        node_count: 0,
        span,
    }
}

fn recovery_start(recovery: &helpers::Recovery) -> usize {
    match &recovery.error {
        ParseError::InvalidToken { location } | ParseError::UnrecognizedEof { location, .. } => {
            *location
        }
        ParseError::UnrecognizedToken { token, .. } | ParseError::ExtraToken { token } => token.0,
        ParseError::User { .. } => 0,
    }
}

/// Keeps the first syntax error of each statement: an error with no `;`, `{` or `}` between it
/// and the previous kept error is usually a consequence of that error's recovery.
fn without_cascades(tokens: &[Spanned], mut errors: Vec<Described>) -> Vec<Diagnostic> {
    errors.sort_by_key(|d| d.location);
    // `;` and the braces of blocks; the braces of a mapping constructor (`{` after `=`, `(`,
    // `,`, `:` ...; `}` before `;`, `,`, `)` ...) are inside one statement.
    let boundaries: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|&(index, t)| match t.tok {
            Tok::Semi | Tok::BlockLBrace => true,
            Tok::LBrace => !matches!(
                index.checked_sub(1).map(|p| &tokens[p].tok),
                Some(
                    Tok::Assign
                        | Tok::LParen
                        | Tok::Comma
                        | Tok::Colon
                        | Tok::LBracket
                        | Tok::Return
                )
            ),
            Tok::RBrace => !matches!(
                tokens.get(index + 1).map(|n| &n.tok),
                Some(Tok::Semi | Tok::Comma | Tok::RParen | Tok::RBracket | Tok::Dot)
            ),
            _ => false,
        })
        .map(|(_, t)| t.start)
        .collect();
    let item_starts: Vec<usize> = tokens
        .iter()
        .filter(|t| matches!(t.tok, Tok::ItemMark))
        .map(|t| t.start)
        .collect();
    let mut kept: Vec<Diagnostic> = Vec::new();
    let mut last: Option<usize> = None;
    let mut echoes_until = 0usize;
    for error in errors {
        if error.location < echoes_until {
            continue;
        }
        if error.stray_close {
            // The declaration this `}` is in started after the last ItemMark before it.
            let item = item_starts.partition_point(|&s| s <= error.location);
            let item_start = item.checked_sub(1).map_or(0, |i| item_starts[i]);
            if last.is_some_and(|from| from >= item_start) {
                continue;
            }
        }
        let separated = match last {
            None => true,
            Some(from) => {
                let first = boundaries.partition_point(|&b| b < from);
                boundaries.get(first).is_some_and(|&b| b < error.location)
            }
        };
        if separated {
            last = Some(error.location);
            echoes_until = echoes_until.max(error.echoes_until);
            kept.push(error.diagnostic);
        }
    }
    kept
}

/// Synthetic tokens closing every bracket still open at the end of the tokens.
fn closing_tokens(tokens: &[Spanned]) -> Vec<Spanned> {
    let mut open: Vec<Tok> = Vec::new();
    for token in tokens {
        match token.tok {
            Tok::LParen | Tok::ArrowLParen => open.push(Tok::RParen),
            Tok::LBracket => open.push(Tok::RBracket),
            Tok::LBrace | Tok::BlockLBrace => open.push(Tok::RBrace),
            Tok::LBracePipe => open.push(Tok::PipeRBrace),
            Tok::RParen | Tok::RBracket | Tok::RBrace | Tok::PipeRBrace => {
                if let Some(position) = open.iter().rposition(|t| *t == token.tok) {
                    open.truncate(position);
                }
            }
            _ => {}
        }
    }
    let end = tokens.last().map_or(0, |t| t.end);
    let mut closing = Vec::new();
    while let Some(tok) = open.pop() {
        closing.push(Spanned {
            start: end,
            tok,
            end,
        });
    }
    closing
}
