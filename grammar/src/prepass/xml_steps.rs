//! xml navigation tokens (spec "XML navigation expression"): `.<p>` (element filter),
//! `/<p>` (element children), `/*` (all children) and `/**/<p>` (element descendants) are
//! each collapsed into one `Tok::XmlStep(kind, patterns)`, so the grammar needs no lookahead
//! to tell `x/<a>` from a division by a cast (`x / <T>y`): a `/<T>` followed by something
//! that starts an operand stays a cast.

use crate::lexer::{Spanned, Tok};

/// `XmlStep` kinds.
pub const FILTER: u8 = 0;
pub const CHILDREN: u8 = 1;
pub const ALL_CHILDREN: u8 = 2;
pub const DESCENDANTS: u8 = 3;

pub(super) fn mark_xml_steps(tokens: Vec<Spanned>) -> Vec<Spanned> {
    let mut out: Vec<Spanned> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let tok = |k: usize| tokens.get(k).map(|t| &t.tok);
        let after_operand = out
            .last()
            .is_some_and(|t| super::brackets::ends_operand(&t.tok));
        let step = match tok(i) {
            Some(Tok::Dot) if after_operand => {
                pattern(&tokens, i + 1).map(|(names, end)| (FILTER, names, end))
            }
            Some(Tok::Slash) if after_operand => {
                if matches!(tok(i + 1), Some(Tok::Star))
                    && matches!(tok(i + 2), Some(Tok::Star))
                    && matches!(tok(i + 3), Some(Tok::Slash))
                {
                    pattern(&tokens, i + 4).map(|(names, end)| (DESCENDANTS, names, end))
                } else if matches!(tok(i + 1), Some(Tok::Star)) {
                    Some((ALL_CHILDREN, Vec::new(), i + 2))
                } else {
                    pattern(&tokens, i + 1)
                        .filter(|&(_, end)| !tok(end).is_some_and(starts_operand))
                        .map(|(names, end)| (CHILDREN, names, end))
                }
            }
            _ => None,
        };
        match step {
            Some((kind, names, end)) => {
                let start = tokens[i].start;
                let stop = tokens[end - 1].end;
                out.push(Spanned {
                    start,
                    tok: Tok::XmlStep(kind, names),
                    end: stop,
                });
                i = end;
            }
            None => {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// `< name-pattern ('|' name-pattern)* >` at `start`: the patterns as written (`*`, `a`,
/// `p:a`, `p:*`) and the index after `>`.
fn pattern(tokens: &[Spanned], start: usize) -> Option<(Vec<String>, usize)> {
    let tok = |k: usize| tokens.get(k).map(|t| &t.tok);
    if !matches!(tok(start), Some(Tok::Lt)) {
        return None;
    }
    let mut names = Vec::new();
    let mut k = start + 1;
    loop {
        let first = match tok(k)? {
            Tok::Star => "*".to_string(),
            Tok::Ident(name) => name.clone(),
            _ => return None,
        };
        k += 1;
        let name = if first != "*" && matches!(tok(k), Some(Tok::Colon)) {
            let local = match tok(k + 1)? {
                Tok::Star => "*".to_string(),
                Tok::Ident(name) => name.clone(),
                _ => return None,
            };
            k += 2;
            format!("{first}:{local}")
        } else {
            first
        };
        names.push(name);
        match tok(k)? {
            Tok::Pipe => k += 1,
            Tok::Gt => return Some((names, k + 1)),
            _ => return None,
        }
    }
}

fn starts_operand(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Ident(_)
            | Tok::Int(_)
            | Tok::Float(..)
            | Tok::Str(_)
            | Tok::True
            | Tok::False
            | Tok::Null
            | Tok::LParen
            // Not `{`: `x/<a> {` is a step before a block (`foreach e in x/<a> { }`); a cast
            // of a mapping constructor as a divisor (`x / <T>{}`) could never type-check.
            | Tok::Minus
            | Tok::Bang
            | Tok::TemplateStart
    )
}
