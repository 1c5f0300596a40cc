//! Runs the generated LALRPOP parser over the prepared token stream and turns its errors and
//! recoveries into diagnostics.

pub mod helpers;

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
use intc_diagnostics::{codes, Diagnostic};
use intc_span::FileId;
use lalrpop_util::ParseError;

/// Parses prepared tokens. `Err` only when even recovery could not reach the end of input.
pub fn parse_tokens(file: FileId, tokens: &[Spanned], ctx: &mut Ctx) -> Result<Module, Diagnostic> {
    let stream = tokens
        .iter()
        .map(|t| Ok::<_, ()>((t.start, t.tok.clone(), t.end)));
    let parser = generated::ModuleParser::new();
    parser
        .parse(ctx, stream)
        .map_err(|error| error_diagnostic(file, &error))
}

/// The diagnostic for one parse error: `expected ';', found '}'`.
pub fn error_diagnostic(file: FileId, error: &ParseError<usize, Tok, ()>) -> Diagnostic {
    let clamp = |offset: usize| offset.min(u32::MAX as usize) as u32;
    let (start, end, message) = match error {
        ParseError::InvalidToken { location } => {
            (*location, *location, "invalid token".to_string())
        }
        ParseError::UnrecognizedEof { location, expected } => (
            *location,
            *location,
            format!("{}found end of file", expected_list(expected)),
        ),
        ParseError::UnrecognizedToken {
            token: (start, tok, end),
            expected,
        } => (
            *start,
            *end,
            format!("{}found {}", expected_list(expected), tok),
        ),
        ParseError::ExtraToken {
            token: (start, tok, end),
        } => (*start, *end, format!("unexpected {tok}")),
        ParseError::User { .. } => (0, 0, "syntax error".to_string()),
    };
    Diagnostic::error(
        codes::SYNTAX,
        intc_span::Span::new(file, clamp(start), clamp(end)),
        message,
    )
}

/// `expected ';' or ')', ` — or nothing when the list is empty.
fn expected_list(expected: &[String]) -> String {
    let mut names: Vec<String> = Vec::new();
    for raw in expected {
        let name = readable_terminal(raw);
        if let Some(name) = name {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    const SHOWN: usize = 8;
    match names.len() {
        0 => String::new(),
        1 => format!("expected {}, ", names[0]),
        count if count <= SHOWN => {
            let (last, init) = names
                .split_last()
                .map(|(l, i)| (l.clone(), i.to_vec()))
                .unwrap_or_default();
            format!("expected {} or {}, ", init.join(", "), last)
        }
        _ => format!("expected one of {}, ..., ", names[..SHOWN].join(", ")),
    }
}

fn readable_terminal(raw: &str) -> Option<String> {
    if let Some(inner) = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        let inner = inner.replace("\\\"", "\"").replace("\\\\", "\\");
        return Some(format!("'{inner}'"));
    }
    Some(
        match raw {
            "Ident" | "ArrowIdent" => "identifier",
            "IntLit" => "int literal",
            "FloatLit" => "floating point literal",
            "StrLit" => "string literal",
            "TemplateStart" | "TemplateEnd" => "'`'",
            "TemplateText" => "template text",
            "InterpStart" => "'${'",
            "InterpEnd" => "'}'",
            "OptQ" => "'?'",
            // Wherever `isolated object` may come, `object` may too: the qualifier adds nothing.
            "TypeQual" => return None,
            "QColon" => "':'",
            "ArrowLParen" => "'('",
            "BlockLBrace" => "'{'",
            "GtAdj" => "'>'",
            "BareFunction" => "'function'",
            "ReadonlyQual" => "'readonly'",
            "TypePipe" => "'|'",
            "TypeAmp" => "'&'",
            _ => return None,
        }
        .to_string(),
    )
}

/// Parses the prepared file: the module plus the syntax diagnostics (recovered errors, and
/// the fatal error if recovery failed at the end of input).
pub fn run(file: FileId, prepared: &crate::prepass::Prepared) -> (Module, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(file);
    let result = parse_tokens(file, &prepared.tokens, &mut ctx);
    // Recovery needs a token to resynchronise on; at the end of input there is none, so the
    // recovery discards everything still open. Close every open bracket and parse again,
    // keeping the end-of-file error.
    let eof_error = match &result {
        Err(fatal) => Some(fatal.clone()),
        Ok(_) => ctx
            .recoveries
            .iter()
            .find(|r| matches!(r.error, ParseError::UnrecognizedEof { .. }))
            .map(|r| error_diagnostic(file, &r.error)),
    };
    let mut fatal = None;
    let module = match (result, eof_error) {
        (Ok(module), None) => module,
        (result, Some(eof_error)) => {
            let real_end = prepared.tokens.last().map_or(0, |t| t.end);
            let mut closed = prepared.tokens.clone();
            closed.extend(closing_tokens(&prepared.tokens));
            let mut retry = Ctx::new(file);
            match (parse_tokens(file, &closed, &mut retry), result) {
                (Ok(module), _) => {
                    retry.recoveries.retain(|r| recovery_start(r) < real_end);
                    ctx = retry;
                    fatal = Some(eof_error);
                    module
                }
                (Err(_), Ok(module)) => module,
                (Err(_), Err(_)) => {
                    fatal = Some(eof_error);
                    let span = intc_span::Span::new(file, 0, 0);
                    Module {
                        file,
                        imports: Vec::new(),
                        items: vec![crate::ast::Item::Error(span)],
                        node_count: 0,
                        span,
                    }
                }
            }
        }
        (Err(_), None) => unreachable_module(file),
    };
    let mut diagnostics = without_cascades(
        &prepared.tokens,
        ctx.recoveries
            .iter()
            .map(|recovery| error_diagnostic(file, &recovery.error))
            .collect(),
    );
    diagnostics.extend(ctx.diagnostics);
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
    (module, diagnostics)
}

/// The tree for a parse that failed without an error to report (cannot happen: a failed
/// parse always has its error); kept total so no input can panic.
fn unreachable_module(file: FileId) -> Module {
    let span = intc_span::Span::new(file, 0, 0);
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
fn without_cascades(tokens: &[Spanned], mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errors.sort_by_key(|d| d.span.start);
    let boundaries: Vec<usize> = tokens
        .iter()
        .filter(|t| {
            matches!(
                t.tok,
                Tok::Semi | Tok::LBrace | Tok::RBrace | Tok::BlockLBrace
            )
        })
        .map(|t| t.start)
        .collect();
    let mut kept: Vec<Diagnostic> = Vec::new();
    for error in errors {
        let separated = match kept.last() {
            None => true,
            Some(previous) => {
                let (from, to) = (previous.span.start as usize, error.span.start as usize);
                let first = boundaries.partition_point(|&b| b < from);
                boundaries.get(first).is_some_and(|&b| b < to)
            }
        };
        if separated {
            kept.push(error);
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
