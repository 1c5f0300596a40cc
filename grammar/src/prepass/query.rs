//! Query keywords. Ballerina's clause words (`where`, `select`, `limit`, `order`, `by`, ...)
//! are not reserved (the spec's `NR` suffix), and existing code uses `from` as a variable
//! name, so the lexer yields identifiers and this pass turns them into keyword tokens where
//! a query needs them:
//! - `from` written plainly (not `'from`) and followed by what starts a typed binding
//!   pattern (`var`, a type keyword or a type name) starts a query;
//! - inside a query, at the bracket depth of its `from`, the clause words become keywords
//!   until the query ends (a `;`, or a closing bracket of the enclosing construct).

use crate::lexer::{Spanned, Tok};

pub(super) fn mark_query_keywords(text: &str, tokens: &mut [Spanned]) {
    // The bracket depths of the queries being scanned, innermost last.
    let mut queries: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    for index in 0..tokens.len() {
        match tokens[index].tok {
            Tok::LParen | Tok::LBracket | Tok::LBrace | Tok::LBracePipe => {
                depth += 1;
                continue;
            }
            Tok::RParen | Tok::RBracket | Tok::RBrace | Tok::PipeRBrace => {
                depth = depth.saturating_sub(1);
                while queries.last().is_some_and(|&d| d > depth) {
                    queries.pop();
                }
                continue;
            }
            Tok::Semi => {
                while queries.last().is_some_and(|&d| d >= depth) {
                    queries.pop();
                }
                continue;
            }
            _ => {}
        }
        let Tok::Ident(name) = &tokens[index].tok else {
            continue;
        };
        let plain = text.get(tokens[index].start..tokens[index].end) == Some(name.as_str());
        if !plain {
            continue;
        }
        if name == "from" && starts_binding(tokens.get(index + 1).map(|t| &t.tok)) {
            tokens[index].tok = Tok::From;
            queries.push(depth);
            continue;
        }
        if queries.last() != Some(&depth) {
            continue;
        }
        // A clause word follows a complete expression (`where x > 1 limit 2`), or its
        // first word (`order by`, `group by`, `on conflict`, `outer join`); elsewhere it is a
        // name (`select x * limit`).
        let previous = index.checked_sub(1).map(|i| &tokens[i].tok);
        let after_word = matches!(
            (name.as_str(), previous),
            ("by", Some(Tok::Order | Tok::Group))
                | ("conflict", Some(Tok::On))
                | ("join", Some(Tok::Outer))
        );
        if !after_word && !previous.is_some_and(ends_operand) {
            continue;
        }
        let keyword = match name.as_str() {
            "where" => Tok::Where,
            "select" => Tok::Select,
            "limit" => Tok::Limit,
            "order" => Tok::Order,
            "by" => Tok::By,
            "ascending" => Tok::Ascending,
            "descending" => Tok::Descending,
            "join" => Tok::Join,
            "outer" => Tok::Outer,
            "equals" => Tok::Equals,
            "conflict" => Tok::Conflict,
            "group" => Tok::Group,
            "collect" => Tok::Collect,
            _ => continue,
        };
        tokens[index].tok = keyword;
    }
}

/// Whether a token starts the typed binding pattern of a `from` or `join` clause.
fn starts_binding(next: Option<&Tok>) -> bool {
    match next {
        Some(Tok::Var) | Some(Tok::Ident(_)) | Some(Tok::Record) => true,
        Some(tok) => tok.is_type_keyword(),
        None => false,
    }
}

/// Whether a token can end an expression (so a clause word may follow it).
fn ends_operand(tok: &Tok) -> bool {
    // A type keyword ends `v is int`, `?` ends `v is int?`.
    tok.is_type_keyword()
        || matches!(
            tok,
            Tok::Ident(_)
                | Tok::Int(_)
                | Tok::Float(..)
                | Tok::Str(_)
                | Tok::Bytes(_)
                | Tok::RParen
                | Tok::RBracket
                | Tok::RBrace
                | Tok::PipeRBrace
                | Tok::True
                | Tok::False
                | Tok::Null
                | Tok::TemplateEnd
                | Tok::Ascending
                | Tok::Descending
                | Tok::Question
        )
}
