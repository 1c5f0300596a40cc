//! The token pre-pass between the lexer and the LALRPOP parser.
//!
//! Ballerina's grammar is not LR(1) in a few places; this pass looks ahead over the token
//! vector and rewrites tokens so the grammar can stay LR(1) (the decisions are documented in
//! `grammar/README.md`):
//! - `#` documentation lines are removed and remembered with the offset of the next token;
//! - annotations (`@name {...}`) are transparent: the token after one is at a statement start
//!   exactly when the annotation's `@` was;
//! - statement starts that are declarations get a `DeclMark` (see `typescan`);
//! - `{` at a statement start becomes `BlockLBrace`;
//! - `isolated`/`client`/`service` before `object`, and `isolated`/`transactional` before
//!   `function (`, become `TypeQual`;
//! - `?` directly after a type becomes `OptQ`, `:` between two names with no spaces `QColon`;
//! - arrow function parameters become `ArrowIdent` / `ArrowLParen`;
//! - module-level declarations get an `ItemMark`, and brackets a declaration left open are
//!   closed when the next one visibly starts (see `items`);
//! - query keywords (`from`, `where`, `select`, ...) are identifiers elsewhere (`query`);
//! - the nesting limit is enforced (E0005) by cutting over-deep token runs.

pub mod brackets;
pub mod depth;
mod items;
mod query;
mod table;
mod typescan;
pub mod xml_steps;

use crate::lexer::{Spanned, Tok};
use intc_diagnostics::Diagnostic;
use intc_span::FileId;

/// Documentation lines and the byte offset of the token they document.
#[derive(Clone, Debug, Default)]
pub struct DocBlock {
    pub lines: Vec<String>,
    pub next_token_start: usize,
}

pub struct Prepared {
    pub tokens: Vec<Spanned>,
    pub docs: Vec<DocBlock>,
    /// Byte ranges whose tokens were cut by the nesting limit (syntax errors there are noise).
    pub cut_ranges: Vec<(usize, usize)>,
    pub diagnostics: Vec<Diagnostic>,
    /// Brackets closed before a declaration that visibly starts a new item (the parser
    /// merges these with its own errors, so one mistake is reported once).
    pub unclosed: Vec<Diagnostic>,
}

pub fn prepare(file: FileId, text: &str, tokens: Vec<Spanned>) -> Prepared {
    let (tokens, docs) = strip_docs(tokens);
    let mut tokens = replace_c_style_for(tokens);
    query::mark_query_keywords(text, &mut tokens);
    mark_module_keywords(&mut tokens);
    mark_access_paths(&mut tokens);
    table::mark_table_keys(&mut tokens);
    let mut tokens = xml_steps::mark_xml_steps(tokens);
    let look = typescan::Lookahead::new(&tokens);
    let (mut marked, hollow) = mark(&look, text);
    drop(look);
    for (to, from) in hollow {
        std::mem::swap(&mut marked[to].tok, &mut tokens[from].tok);
    }
    drop(tokens);
    let (structured, unclosed) = items::structure(file, text, marked);
    let (tokens, cut_ranges, diagnostics) = depth::limit_nesting(file, structured);
    Prepared {
        unclosed,
        tokens,
        docs,
        cut_ranges,
        diagnostics,
    }
}

/// Module-level `listener` and `service` declarations get their own tokens (`Tok::Listener`,
/// `Tok::ServiceDecl`): `listener` is an identifier everywhere else, and `service` is also a
/// qualifier of classes and object types, which the grammar could not tell apart from a
/// declaration with one token of lookahead.
fn mark_module_keywords(tokens: &mut [Spanned]) {
    let mut depth = 0usize;
    for index in 0..tokens.len() {
        let previous = index.checked_sub(1).map(|i| &tokens[i].tok);
        let next = tokens.get(index + 1).map(|t| &t.tok);
        let item_start = matches!(
            previous,
            None | Some(
                Tok::Semi
                    | Tok::RBrace
                    | Tok::PipeRBrace
                    | Tok::Public
                    | Tok::Isolated
                    | Tok::Ident(_)
                    | Tok::RParen
            )
        );
        match &tokens[index].tok {
            Tok::LParen | Tok::LBracket | Tok::LBrace | Tok::LBracePipe => depth += 1,
            Tok::RParen | Tok::RBracket | Tok::RBrace | Tok::PipeRBrace => {
                depth = depth.saturating_sub(1)
            }
            Tok::Ident(name) if depth == 0 && item_start && name == "listener" => {
                let declares = matches!(next, Some(Tok::Ident(_)))
                    || next.is_some_and(|t| t.is_type_keyword());
                if declares {
                    tokens[index].tok = Tok::Listener;
                }
            }
            Tok::Service if depth == 0 && item_start => {
                let qualifier = matches!(
                    next,
                    Some(
                        Tok::Class
                            | Tok::Object
                            | Tok::Isolated
                            | Tok::Client
                            | Tok::KwReadonly
                            | Tok::Distinct
                            | Tok::Final
                            | Tok::Function
                            | Tok::Transactional
                            | Tok::Public
                            | Tok::Service
                    )
                );
                if !qualifier {
                    tokens[index].tok = Tok::ServiceDecl;
                }
            }
            _ => {}
        }
    }
}

/// The `/`s of a client resource access path become `PathSlash`: the one right after `->`,
/// and each one after a segment (a name or a bracketed `[e]`) that is followed by another
/// segment, as Ballerina reads `c->/a/b` (a path, never a division).
fn mark_access_paths(tokens: &mut [Spanned]) {
    let mut index = 0;
    while index + 1 < tokens.len() {
        if !(tokens[index].tok == Tok::RightArrow && tokens[index + 1].tok == Tok::Slash) {
            index += 1;
            continue;
        }
        tokens[index + 1].tok = Tok::PathSlash;
        let mut at = index + 2;
        loop {
            // One segment: a name, or brackets up to their match.
            match tokens.get(at).map(|t| &t.tok) {
                Some(Tok::Ident(_)) => at += 1,
                Some(Tok::LBracket) => {
                    let mut depth = 0usize;
                    while let Some(t) = tokens.get(at) {
                        match t.tok {
                            Tok::LBracket => depth += 1,
                            Tok::RBracket => depth = depth.saturating_sub(1),
                            _ => {}
                        }
                        at += 1;
                        if depth == 0 {
                            break;
                        }
                    }
                }
                _ => break,
            }
            let continues = tokens.get(at).is_some_and(|t| t.tok == Tok::Slash)
                && matches!(
                    tokens.get(at + 1).map(|t| &t.tok),
                    Some(Tok::Ident(_) | Tok::LBracket)
                );
            if !continues {
                break;
            }
            tokens[at].tok = Tok::PathSlash;
            at += 1;
        }
        index = at;
    }
}

fn strip_docs(mut tokens: Vec<Spanned>) -> (Vec<Spanned>, Vec<DocBlock>) {
    // In place: a second token vector for a large file is megabytes of fresh pages.
    let mut docs = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    tokens.retain_mut(|token| match &mut token.tok {
        Tok::DocLine(line) => {
            pending.push(std::mem::take(line));
            false
        }
        _ => {
            if !pending.is_empty() {
                docs.push(DocBlock {
                    lines: std::mem::take(&mut pending),
                    next_token_start: token.start,
                });
            }
            true
        }
    });
    (tokens, docs)
}

/// The index just after an annotation `@name`, `@mod:name`, `@name {...}` starting at `index`
/// (`None` when the `@` does not start one, e.g. `t.@tag`).
pub(super) fn annotation_end(tokens: &[Spanned], index: usize) -> Option<usize> {
    let tok = |i: usize| tokens.get(i).map(|t| &t.tok);
    if !matches!(tok(index), Some(Tok::At)) || !matches!(tok(index + 1), Some(Tok::Ident(_))) {
        return None;
    }
    let mut next = index + 2;
    if matches!(tok(next), Some(Tok::Colon | Tok::QColon))
        && matches!(tok(next + 1), Some(Tok::Ident(_)))
    {
        next += 2;
    }
    if matches!(tok(next), Some(Tok::LBrace)) {
        let mut depth = 0usize;
        while let Some(t) = tok(next) {
            next += 1;
            match t {
                Tok::LBrace | Tok::LBracePipe => depth += 1,
                Tok::RBrace | Tok::PipeRBrace => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    Some(next)
}

/// True when the annotations starting at an `@` (the first ending at `end`) annotate an
/// anonymous function or object constructor: they follow an operator that starts an operand
/// (`=`, `return`, `=>`, `:`, `?`, `[`) and precede `function`/`object` or their qualifiers.
/// After `(` and `,` an annotated `function` is read as a parameter's type instead.
fn annotates_expression(tokens: &[Spanned], previous: Option<&Tok>, end: usize) -> bool {
    let operand_position = matches!(
        previous,
        Some(
            Tok::Assign | Tok::Return | Tok::FatArrow | Tok::Colon | Tok::Question | Tok::LBracket
        )
    );
    if !operand_position {
        return false;
    }
    let mut next = end;
    while let Some(after) = annotation_end(tokens, next) {
        next = after;
    }
    matches!(
        tokens.get(next).map(|t| &t.tok),
        Some(
            Tok::Function
                | Tok::Object
                | Tok::Start
                | Tok::Isolated
                | Tok::Client
                | Tok::Service
                | Tok::Transactional
        )
    )
}

/// True when a token may end a type descriptor (so a following adjacent `?` is `T?`).
fn ends_type(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Ident(_)
            | Tok::RParen
            | Tok::RBracket
            | Tok::Gt
            | Tok::GtAdj
            | Tok::RBrace
            | Tok::PipeRBrace
    ) || tok.is_type_keyword()
}

/// Whether the qualifier at `index` starts a run of qualifiers that ends at `object`.
fn qualifies_object(tokens: &[Spanned], index: usize) -> bool {
    let after = tokens[index..]
        .iter()
        .find(|t| !matches!(t.tok, Tok::Isolated | Tok::Client | Tok::Service));
    after.is_some_and(|t| t.tok == Tok::Object)
}

/// Whether `function (` starts at `index`: after `isolated` that is a function type or an
/// anonymous function, not a function definition (`isolated function name(`).
fn is_anonymous_function(tokens: &[Spanned], index: usize) -> bool {
    matches!(tokens.get(index).map(|t| &t.tok), Some(Tok::Function))
        && matches!(tokens.get(index + 1).map(|t| &t.tok), Some(Tok::LParen))
}

/// A literal directly before `?` is a singleton type made optional (`1|2?`, `"a"?`); the
/// conditional operator is told apart by its `:` (`has_ternary_colon`).
fn is_singleton_literal(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Int(_) | Tok::Float(..) | Tok::Str(_) | Tok::True | Tok::False | Tok::Null
    )
}

fn is_statement_start(previous: Option<&Tok>) -> bool {
    matches!(
        previous,
        None | Some(
            Tok::Semi
                | Tok::LBrace
                | Tok::RBrace
                | Tok::LBracePipe
                | Tok::BlockLBrace
                | Tok::ForHeader
        )
    )
}

/// `for (int i = 0; i < n; i++) {` at a statement start: the header from `for` to its `)`
/// becomes one `ForHeader` token (the parser reports it once), and the `{` after it opens an
/// ordinary block.
fn replace_c_style_for(mut tokens: Vec<Spanned>) -> Vec<Spanned> {
    let is_for = |t: &Spanned| matches!(&t.tok, Tok::Ident(name) if name == "for");
    if !tokens.iter().any(is_for) {
        return tokens;
    }
    let mut output: Vec<Spanned> = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        let header = matches!(&token.tok, Tok::Ident(name) if name == "for")
            && matches!(tokens.get(index + 1).map(|t| &t.tok), Some(Tok::LParen))
            && is_statement_start(output.last().map(|t| &t.tok));
        let close = if header {
            let mut depth = 0usize;
            (index + 1..tokens.len()).take(4096).find(|&i| {
                match tokens[i].tok {
                    Tok::LParen => depth += 1,
                    Tok::RParen => depth = depth.saturating_sub(1),
                    _ => return false,
                }
                depth == 0
            })
        } else {
            None
        };
        match close {
            Some(close) if matches!(tokens.get(close + 1).map(|t| &t.tok), Some(Tok::LBrace)) => {
                output.push(Spanned {
                    start: token.start,
                    tok: Tok::ForHeader,
                    end: tokens[close].end,
                });
                index = close + 1;
            }
            _ => {
                // Only tokens after `index` are looked at from here on: move, don't clone.
                let tok = std::mem::replace(&mut tokens[index].tok, Tok::Semi);
                output.push(Spanned {
                    start: tokens[index].start,
                    tok,
                    end: tokens[index].end,
                });
                index += 1;
            }
        }
    }
    output
}

/// Whether the token is the first on its line and follows a token that can end an
/// expression: `int x = 1` followed by `int y = 2;` on the next line is a declaration after a
/// missing `;` (marking it lets the parser resynchronise on the new declaration).
fn starts_line_after_operand(text: &str, previous: Option<&Spanned>, token: &Spanned) -> bool {
    let Some(previous) = previous else {
        return false;
    };
    brackets::ends_operand(&previous.tok)
        && !matches!(previous.tok, Tok::RBrace | Tok::PipeRBrace)
        && text
            .get(previous.end..token.start)
            .is_some_and(|gap| gap.contains('\n'))
}

/// A copy of a token that carries text, without the text (the same variant with an empty
/// payload); `None` for tokens without text.
fn hollow_copy(tok: &Tok) -> Option<Tok> {
    Some(match tok {
        Tok::Ident(_) => Tok::Ident(String::new()),
        Tok::Float(_, suffix) => Tok::Float(String::new(), *suffix),
        Tok::Str(_) => Tok::Str(String::new()),
        Tok::Bytes(_) => Tok::Bytes(Vec::new()),
        Tok::DocLine(_) => Tok::DocLine(String::new()),
        Tok::TemplateText(_) => Tok::TemplateText(String::new()),
        Tok::ArrowIdent(_) => Tok::ArrowIdent(String::new()),
        _ => return None,
    })
}

/// The marked token vector, plus `(output index, input index)` of the tokens whose text is
/// still in the input: `mark` only ever looks at the kind of the tokens it has output, so
/// those are pushed hollow and their text is moved over afterwards (`prepare`) instead of
/// being cloned (a string allocation per identifier was a large share of the pre-pass).
fn mark(look: &typescan::Lookahead<'_>, text: &str) -> (Vec<Spanned>, Vec<(usize, usize)>) {
    let tokens = look.tokens;
    let mut output: Vec<Spanned> = Vec::with_capacity(tokens.len() + tokens.len() / 8);
    let mut hollow: Vec<(usize, usize)> = Vec::new();
    let mut bind_marks: Vec<usize> = Vec::new();
    let mut type_separators: Vec<usize> = Vec::new();
    // The end of the annotation being scanned and whether its `@` was at a statement start.
    let mut annotation: Option<(usize, bool)> = None;
    for (index, token) in tokens.iter().enumerate() {
        // Both facts about the previous token are taken before this iteration pushes any
        // synthetic token, and without cloning it (a clone per token was a large share of
        // the pre-pass on big files).
        let previous = output.last().map(|t| &t.tok);
        let mut statement_start = is_statement_start(previous);
        if let Some((end, at_start)) = annotation {
            if index == end {
                statement_start = at_start;
                annotation = None;
            }
        }
        let mut expression_annotation = false;
        if annotation.is_none() && !matches!(previous, Some(Tok::Dot)) {
            if let Some(end) = annotation_end(tokens, index) {
                expression_annotation = annotates_expression(tokens, previous, end);
                annotation = Some((end, statement_start));
                statement_start = false;
            }
        }
        // Within a run of qualifiers only the first looks ahead for `object` (linear time).
        let in_qualifier_run = match previous {
            Some(Tok::TypeQual(_)) => Some(true),
            Some(Tok::Isolated | Tok::Client | Tok::Service) => Some(false),
            _ => None,
        };
        let after_wait = matches!(previous, Some(Tok::Wait));
        let nil_type_position = matches!(previous, Some(Tok::Returns | Tok::TypePipe | Tok::Pipe));
        let previous_allows_arrow = matches!(
            previous,
            Some(
                Tok::LParen
                    | Tok::Comma
                    | Tok::Assign
                    | Tok::Return
                    | Tok::Colon
                    | Tok::LBracket
                    | Tok::Question
                    | Tok::FatArrow
            )
        );
        if bind_marks.last() == Some(&index) {
            bind_marks.pop();
            output.push(Spanned {
                start: token.start,
                tok: Tok::BindMark,
                end: token.start,
            });
        }
        let hollowed = hollow_copy(&token.tok);
        let is_hollow = hollowed.is_some();
        let mut tok = hollowed.unwrap_or_else(|| token.tok.clone());
        if expression_annotation {
            tok = Tok::ExprAt;
        }
        if statement_start && matches!(tok, Tok::LBrace) && !look.is_destructuring_brace(index) {
            tok = Tok::BlockLBrace;
        } else if statement_start
            && matches!(tok, Tok::KwReadonly)
            && typescan::declaration_binding(look, index).is_none()
            && typescan::declaration_binding(look, index + 1).is_some()
        {
            tok = Tok::ReadonlyQual;
        } else if statement_start || starts_line_after_operand(text, output.last(), token) {
            if let Some(binding) = typescan::declaration_binding(look, index) {
                output.push(Spanned {
                    start: token.start,
                    tok: Tok::DeclMark,
                    end: token.start,
                });
                if matches!(tokens.get(binding).map(|t| &t.tok), Some(Tok::LBracket)) {
                    bind_marks.push(binding);
                }
            }
        }
        // `final [int, int] [a, b] = ...;` and `let [int, int] [a, b] = ... in ...`: the
        // grammar takes the declaration after `final`/`let` without a DeclMark (a class field
        // may follow `final` too), but a list binding pattern after the type still needs its
        // BindMark.
        if matches!(tok, Tok::Final | Tok::Let) {
            if let Some(binding) = typescan::declaration_binding(look, index + 1) {
                if matches!(tokens.get(binding).map(|t| &t.tok), Some(Tok::LBracket)) {
                    bind_marks.push(binding);
                }
            }
        }
        if matches!(tok, Tok::Foreach) {
            if let Some(binding) = typescan::foreach_binding(look, index + 1) {
                if matches!(tokens.get(binding).map(|t| &t.tok), Some(Tok::LBracket)) {
                    bind_marks.push(binding);
                }
            }
        }
        if type_separators.first() == Some(&index) {
            type_separators.remove(0);
            tok = match tok {
                Tok::Pipe => Tok::TypePipe,
                Tok::Amp => Tok::TypeAmp,
                other => other,
            };
        }
        match &tok {
            Tok::Is => {
                type_separators = typescan::type_separators(look, index + 1);
            }
            // `v -> w;` is a send; a remote method call always has its argument list.
            Tok::RightArrow
                if matches!(
                    tokens.get(index + 1).map(|t| &t.tok),
                    Some(Tok::Ident(_) | Tok::Function)
                ) && !matches!(tokens.get(index + 2).map(|t| &t.tok), Some(Tok::LParen)) =>
            {
                tok = Tok::SendArrow;
            }
            // `wait {a: f1, b}` is a multiple wait, never a wait on a mapping constructor.
            Tok::LBrace if after_wait => {
                tok = Tok::BlockLBrace;
            }
            Tok::Function => {
                let next = tokens.get(index + 1).map(|t| &t.tok);
                let after = tokens.get(index + 2).map(|t| &t.tok);
                let named = matches!(
                    next,
                    Some(
                        Tok::Ident(_)
                            | Tok::KwMap
                            | Tok::KwError
                            | Tok::Fail
                            | Tok::Lock
                            | Tok::Start
                    )
                ) && matches!(after, Some(Tok::LParen));
                // `resource function get path/[int id](...)`: a resource method, whose name
                // is followed by its path.
                let resource = index
                    .checked_sub(1)
                    .and_then(|i| tokens.get(i))
                    .is_some_and(|t| t.tok == Tok::Resource)
                    && matches!(next, Some(Tok::Ident(_)));
                if !named && !resource && !matches!(next, Some(Tok::LParen)) {
                    tok = Tok::BareFunction;
                }
            }
            Tok::Isolated | Tok::Client | Tok::Service
                if in_qualifier_run.unwrap_or_else(|| qualifies_object(tokens, index)) =>
            {
                tok = Tok::TypeQual(Box::new(tok));
            }
            // `isolated`/`transactional` directly before `function (` (a function type or an
            // anonymous function; a type takes one qualifier).
            Tok::Isolated | Tok::Transactional if is_anonymous_function(tokens, index + 1) => {
                tok = Tok::TypeQual(Box::new(tok));
            }
            Tok::Question => {
                let adjacent = output.last().is_some_and(|p| {
                    p.end == token.start && (ends_type(&p.tok) || is_singleton_literal(&p.tok))
                });
                if adjacent && !typescan::has_ternary_colon(look, index + 1) {
                    tok = Tok::OptQ;
                }
            }
            Tok::Colon => {
                let before = output.last().is_some_and(|p| {
                    p.end == token.start
                        && (matches!(p.tok, Tok::Ident(_) | Tok::Object | Tok::Transaction)
                            || p.tok.is_type_keyword())
                });
                let after = tokens
                    .get(index + 1)
                    .is_some_and(|n| n.start == token.end && matches!(n.tok, Tok::Ident(_)));
                if before && after {
                    tok = Tok::QColon;
                }
            }
            Tok::Ident(_) => {
                let next_is_arrow =
                    matches!(tokens.get(index + 1).map(|t| &t.tok), Some(Tok::FatArrow));
                let arrow_context = previous_allows_arrow;
                if let (true, true, Tok::Ident(name)) = (next_is_arrow, arrow_context, &token.tok) {
                    tok = Tok::ArrowIdent(name.clone());
                }
            }
            // `()` after `returns` or a type's `|` is the nil type, even before `=>`
            // (`function f() returns int|() => 5;`).
            Tok::LParen
                if !nil_type_position
                    && typescan::is_arrow_params(look, index, previous_allows_arrow) =>
            {
                tok = Tok::ArrowLParen;
            }
            _ => {}
        }
        // Still the hollow copy (the only rewrite of a token with text, `ArrowIdent`, has a
        // different kind and its own text).
        if is_hollow && std::mem::discriminant(&tok) == std::mem::discriminant(&token.tok) {
            hollow.push((output.len(), index));
        }
        output.push(Spanned {
            start: token.start,
            tok,
            end: token.end,
        });
    }
    (output, hollow)
}
