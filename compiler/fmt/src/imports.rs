//! The import pass: sorts and groups a file's imports as Ballerina's formatter does with its
//! default options (`import.sortImports`, `import.groupImports`), before the layout runs.
//!
//! Groups, in this order, one blank line between them and none inside one: imports without an
//! organisation (the current package's modules), `ballerina/...` and `ballerinax/...` (the
//! standard library), then every other organisation. Inside a group imports are ordered by
//! organisation, then by the module name's components joined without the dots (quotes of
//! quoted identifiers included), comparing code points — the comparison Ballerina makes, so
//! both formatters agree on the order. The sort is stable: duplicates stay in the author's order.
//!
//! Comment lines directly above an import move with it, as does a comment after it on its line.
//! The comments above the first import are the file's header (a licence, say): they stay at the
//! top, followed by a blank line when the first import moves (Ballerina swaps the first import's
//! leading comments onto the new first one the same way). The grammar puts every import before
//! every other declaration, so the imports always form one block at the top of the file.

use intc_syntax::{SourceToken, Tok, TokenKind};

/// One import with everything that travels with it.
struct Import<'a> {
    /// 0 no organisation, 1 `ballerina`/`ballerinax`, 2 any other organisation.
    group: u8,
    org: &'a str,
    /// The module name's components joined without separators, as Ballerina compares them.
    module: String,
    /// The comment and documentation lines above the import (blank lines dropped).
    above: Vec<&'a str>,
    /// The declaration itself: canonical (`import org/a.b as p;`) unless trivia other than
    /// whitespace sits inside it, then the author's text.
    text: String,
    /// A comment after the import on its line.
    after: Option<&'a str>,
}

/// `text` with its imports sorted and grouped, or `None` when it has no import. `tokens` is
/// `text`'s lossless token stream; the file parsed without errors.
pub fn sorted(text: &str, tokens: &[SourceToken<'_>]) -> Option<String> {
    let mut imports: Vec<Import<'_>> = Vec::new();
    let mut header_end = None;
    let mut index = 0;
    // Trivia between the previous import (or the start of the file) and the next code token.
    let mut pending_above: Vec<&str> = Vec::new();
    let mut seen_newline = false;
    let mut tail_start = 0;
    while let Some(token) = tokens.get(index) {
        match token.kind {
            TokenKind::Code => {
                if token.parsed != Some(Tok::Import) {
                    break;
                }
                if header_end.is_none() {
                    header_end = Some(token.span.start as usize);
                }
                let (import, next) =
                    declaration(text, tokens, index, std::mem::take(&mut pending_above))?;
                imports.push(import);
                index = next;
                seen_newline = false;
                tail_start = tokens
                    .get(index)
                    .map_or(text.len(), |token| token.span.start as usize);
                continue;
            }
            TokenKind::Newline => {
                if !seen_newline && !imports.is_empty() {
                    // The rest, from this line break on, is what follows the imports unless
                    // another import comes.
                    tail_start = token.span.start as usize;
                }
                seen_newline = true;
            }
            TokenKind::Comment | TokenKind::DocComment => {
                let line = token.text.trim_end();
                match imports.last_mut() {
                    Some(last) if !seen_newline => {
                        last.after = Some(line);
                        tail_start = token.span.end as usize;
                    }
                    Some(_) => pending_above.push(line),
                    // Above the first import: the header, kept as text.
                    None => {}
                }
            }
            TokenKind::Whitespace => {}
            TokenKind::Unknown => return None,
        }
        index += 1;
    }
    let header_end = header_end?;
    let mut order_of: Vec<usize> = (0..imports.len()).collect();
    order_of.sort_by(|&a, &b| order(&imports[a], &imports[b]));
    let first_stays = order_of.first() == Some(&0);

    let mut out = String::with_capacity(text.len() + 2);
    let header = text.get(..header_end)?;
    if first_stays {
        out.push_str(header);
    } else {
        let header = header.trim_end();
        if !header.is_empty() {
            out.push_str(header);
            out.push_str("\n\n");
        }
    }
    let mut previous_group = None;
    for at in order_of {
        let import = &imports[at];
        match previous_group {
            Some(group) if group != import.group => out.push_str("\n\n"),
            Some(_) => out.push('\n'),
            None => {}
        }
        previous_group = Some(import.group);
        for line in &import.above {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&import.text);
        if let Some(comment) = import.after {
            out.push(' ');
            out.push_str(comment);
        }
    }
    out.push_str(text.get(tail_start..)?);
    Some(out)
}

/// Ballerina's order: group, then organisation, then module name.
fn order(a: &Import<'_>, b: &Import<'_>) -> std::cmp::Ordering {
    (a.group, a.org, &a.module).cmp(&(b.group, b.org, &b.module))
}

/// Reads the import declaration starting at `tokens[start]` (its `import`): the import and the
/// index just past its `;`.
fn declaration<'a>(
    text: &'a str,
    tokens: &[SourceToken<'a>],
    start: usize,
    above: Vec<&'a str>,
) -> Option<(Import<'a>, usize)> {
    let mut code: Vec<(&Tok, &'a str)> = Vec::new();
    let mut other_trivia = false;
    let mut index = start;
    loop {
        let token = tokens.get(index)?;
        index += 1;
        match token.kind {
            TokenKind::Code => {
                let tok = token.parsed.as_ref()?;
                code.push((tok, token.text));
                if *tok == Tok::Semi {
                    break;
                }
            }
            TokenKind::Whitespace | TokenKind::Newline => {}
            _ => other_trivia = true,
        }
    }
    let slash = code
        .iter()
        .position(|(tok, _)| matches!(tok, Tok::Slash | Tok::PathSlash));
    let org = match slash {
        Some(at) => Some(code.get(at.checked_sub(1)?)?.1),
        None => None,
    };
    let path_from = slash.map_or(1, |at| at + 1);
    let as_at = code.iter().position(|(tok, _)| **tok == Tok::As);
    let path_to = as_at.unwrap_or(code.len() - 1);
    let path: Vec<&str> = code
        .get(path_from..path_to)?
        .iter()
        .filter(|(tok, _)| **tok != Tok::Dot)
        .map(|(_, text)| *text)
        .collect();
    let prefix = match as_at {
        Some(at) => Some(code.get(at + 1)?.1),
        None => None,
    };
    let text = if other_trivia {
        let from = tokens.get(start)?.span.start as usize;
        let to = tokens.get(index - 1)?.span.end as usize;
        text.get(from..to)?.to_string()
    } else {
        let mut canonical = String::from("import ");
        if let Some(org) = org {
            canonical.push_str(org);
            canonical.push('/');
        }
        canonical.push_str(&path.join("."));
        if let Some(prefix) = prefix {
            canonical.push_str(" as ");
            canonical.push_str(prefix);
        }
        canonical.push(';');
        canonical
    };
    let group = match org {
        None => 0,
        Some("ballerina" | "ballerinax") => 1,
        Some(_) => 2,
    };
    let import = Import {
        group,
        org: org.unwrap_or(""),
        module: path.concat(),
        above,
        text,
        after: None,
    };
    Some((import, index))
}
