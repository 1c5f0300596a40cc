//! `key` is a keyword only in a table's key constraint (`table<R> key(id)`, `table<R> key<K>`)
//! and key specifier (`table key(id) [...]`, `table key(id) from ...`); everywhere else it is an
//! ordinary identifier (`foreach var [key, value] in m.entries()`). This pass turns exactly
//! those `key`s into `Tok::KeyKw`, so the grammar needs no lookahead to tell a key constraint
//! from a variable named `key` after a table type.

use crate::lexer::{Spanned, Tok};

pub fn mark_table_keys(tokens: &mut [Spanned]) {
    for index in 0..tokens.len() {
        if tokens[index].tok != Tok::KwTable {
            continue;
        }
        let mut at = index + 1;
        if matches!(tokens.get(at).map(|t| &t.tok), Some(Tok::Lt)) {
            match close_of_angle(tokens, at) {
                Some(close) => at = close + 1,
                None => continue,
            }
        }
        let is_key =
            matches!(tokens.get(at).map(|t| &t.tok), Some(Tok::Ident(name)) if name == "key");
        let opens = matches!(
            tokens.get(at + 1).map(|t| &t.tok),
            Some(Tok::LParen | Tok::Lt)
        );
        if is_key && opens {
            tokens[at].tok = Tok::KeyKw;
        }
    }
}

/// The index of the `>` closing the `<` at `open`, if it closes before a token that cannot be
/// inside a type parameter.
fn close_of_angle(tokens: &[Spanned], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, token) in tokens.iter().enumerate().skip(open) {
        match token.tok {
            Tok::Lt => depth += 1,
            Tok::Gt | Tok::GtAdj => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            Tok::Semi | Tok::Assign | Tok::RParen | Tok::RBracket | Tok::RBrace => return None,
            _ => {}
        }
    }
    None
}
