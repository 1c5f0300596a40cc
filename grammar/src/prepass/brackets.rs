//! Brackets and the constructs they belong to, in the user's words ("the argument list", "the
//! body of the if statement"), for the pre-pass's unclosed-bracket report and the parser's
//! syntax error messages. Every backward scan is capped, so describing an error costs a
//! constant number of steps whatever the file.

use crate::lexer::{Spanned, Tok};

/// How far a description looks back from a bracket for the keyword that owns it.
const SCAN_LIMIT: usize = 96;

/// The closing token for an opening bracket.
pub fn closer(tok: &Tok) -> Option<Tok> {
    Some(match tok {
        Tok::LParen | Tok::ArrowLParen => Tok::RParen,
        Tok::LBracket => Tok::RBracket,
        Tok::LBrace | Tok::BlockLBrace => Tok::RBrace,
        Tok::LBracePipe => Tok::PipeRBrace,
        _ => return None,
    })
}

/// Whether the token closes a bracket.
pub fn closer_kind(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::RParen | Tok::RBracket | Tok::RBrace | Tok::PipeRBrace
    )
}

/// Whether an expression (or a type) can end with this token.
pub fn ends_operand(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Ident(_)
            | Tok::ArrowIdent(_)
            | Tok::Int(_)
            | Tok::Float(..)
            | Tok::Str(_)
            | Tok::XmlStep(..)
            | Tok::TemplateEnd
            | Tok::True
            | Tok::False
            | Tok::Null
            | Tok::RParen
            | Tok::RBracket
            | Tok::RBrace
            | Tok::PipeRBrace
            | Tok::OptQ
            | Tok::Gt
    ) || tok.is_type_keyword()
}

/// The index of the last token before `index` that has a width (synthetic tokens are empty).
pub fn real_before(tokens: &[Spanned], index: usize) -> Option<usize> {
    (0..index.min(tokens.len()))
        .rev()
        .take(SCAN_LIMIT)
        .find(|&i| tokens[i].start != tokens[i].end)
}

/// "the argument list", "the body of the while loop", ...: what the bracket at `at` opens.
pub fn describe_open(tokens: &[Spanned], at: usize) -> String {
    let Some(open) = tokens.get(at) else {
        return "the block".to_string();
    };
    let before = real_before(tokens, at).map(|i| &tokens[i].tok);
    match open.tok {
        Tok::LParen | Tok::ArrowLParen => {
            if owner_keyword(tokens, at) == Some(Tok::Function)
                && matches!(before, Some(Tok::Ident(_) | Tok::Function))
            {
                "the parameter list".to_string()
            } else if before.is_some_and(|b| ends_operand(b) && !b.is_type_keyword())
                || matches!(before, Some(Tok::New | Tok::KwError))
            {
                "the argument list".to_string()
            } else {
                "the parenthesized expression".to_string()
            }
        }
        Tok::LBracket => match before {
            Some(b) if b.is_type_keyword() => "the array type".to_string(),
            Some(b) if ends_operand(b) => "the index".to_string(),
            _ => "the list".to_string(),
        },
        Tok::LBracePipe => "the record type".to_string(),
        _ => describe_brace(tokens, at, before),
    }
}

fn describe_brace(tokens: &[Spanned], at: usize, before: Option<&Tok>) -> String {
    if matches!(
        before,
        Some(
            Tok::Assign
                | Tok::LParen
                | Tok::Comma
                | Tok::Colon
                | Tok::QColon
                | Tok::Return
                | Tok::LBracket
                | Tok::FatArrow
        )
    ) && !matches!(tokens.get(at).map(|t| &t.tok), Some(Tok::BlockLBrace))
    {
        return "the mapping constructor".to_string();
    }
    let text = match owner_keyword(tokens, at) {
        Some(Tok::Function) => "the function body",
        Some(Tok::Class) => "the class body",
        Some(Tok::Object) => "the object body",
        Some(Tok::Record) => "the record type",
        Some(Tok::Enum) => "the enum",
        Some(Tok::If) => "the body of the if statement",
        Some(Tok::Else) => "the else block",
        Some(Tok::While) => "the body of the while loop",
        Some(Tok::Foreach) => "the body of the foreach loop",
        Some(Tok::Match) => "the match statement",
        Some(Tok::FatArrow) => "the match clause",
        Some(Tok::Do) => "the do block",
        Some(Tok::Fail) => "the on fail block",
        Some(Tok::Lock) => "the lock block",
        Some(Tok::Worker) => "the worker body",
        Some(Tok::Fork) => "the fork statement",
        _ => "the block",
    };
    text.to_string()
}

/// The keyword of the construct a bracket belongs to: scanning back from the bracket over
/// balanced groups to the start of the statement, the nearest construct keyword.
pub fn owner_keyword(tokens: &[Spanned], at: usize) -> Option<Tok> {
    let mut depth = 0usize;
    for index in (0..at.min(tokens.len())).rev().take(SCAN_LIMIT) {
        let tok = &tokens[index].tok;
        if closer_kind(tok) {
            // A `}` at the statement's level ends the previous statement.
            if depth == 0 && matches!(tok, Tok::RBrace) {
                return None;
            }
            depth += 1;
            continue;
        }
        if closer(tok).is_some() {
            if depth == 0 {
                return None;
            }
            depth -= 1;
            continue;
        }
        if depth > 0 {
            continue;
        }
        match tok {
            Tok::Semi | Tok::ItemMark => return None,
            Tok::Function
            | Tok::Class
            | Tok::Object
            | Tok::Record
            | Tok::Enum
            | Tok::If
            | Tok::Else
            | Tok::While
            | Tok::Foreach
            | Tok::Match
            | Tok::Do
            | Tok::Fail
            | Tok::Lock
            | Tok::Worker
            | Tok::Fork
            | Tok::FatArrow
            | Tok::Returns => {
                return Some(if matches!(tok, Tok::Returns) {
                    Tok::Function
                } else {
                    tok.clone()
                })
            }
            _ => {}
        }
    }
    None
}
