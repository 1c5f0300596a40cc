//! Token-level look-ahead used by the pre-pass: bracket matching, "does a declaration start
//! here" (a type descriptor followed by a binding pattern and `=` or `;`), arrow parameter
//! lists and conditional-operator colons.

use crate::lexer::{Spanned, Tok};

/// For every opening bracket, the index of its closing bracket (if balanced).
pub fn matching_brackets(tokens: &[Spanned]) -> Vec<Option<usize>> {
    let mut matching = vec![None; tokens.len()];
    let mut stack: Vec<(usize, u8)> = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let kind = match token.tok {
            Tok::LParen => Some((true, 0)),
            Tok::LBracket => Some((true, 1)),
            Tok::LBrace => Some((true, 2)),
            Tok::LBracePipe => Some((true, 3)),
            Tok::InterpStart => Some((true, 4)),
            Tok::TemplateStart => Some((true, 5)),
            Tok::RParen => Some((false, 0)),
            Tok::RBracket => Some((false, 1)),
            Tok::RBrace => Some((false, 2)),
            Tok::PipeRBrace => Some((false, 3)),
            Tok::InterpEnd => Some((false, 4)),
            Tok::TemplateEnd => Some((false, 5)),
            _ => None,
        };
        match kind {
            Some((true, kind)) => stack.push((index, kind)),
            Some((false, kind)) => {
                if let Some(depth) = stack.iter().rposition(|&(_, open)| open == kind) {
                    if let Some(&(open_index, _)) = stack.get(depth) {
                        matching[open_index] = Some(index);
                    }
                    stack.truncate(depth);
                }
            }
            None => {}
        }
    }
    matching
}

/// The token vector, its bracket matching and a whole-file budget of look-ahead steps, so
/// that the pre-pass stays linear on pathological input (once the budget is spent, every
/// look-ahead answers "no" and the plain token is kept).
pub struct Lookahead<'a> {
    pub tokens: &'a [Spanned],
    pub matching: Vec<Option<usize>>,
    budget: std::cell::Cell<u64>,
}

impl<'a> Lookahead<'a> {
    pub fn new(tokens: &'a [Spanned]) -> Lookahead<'a> {
        let matching = matching_brackets(tokens);
        let budget = std::cell::Cell::new(16 * tokens.len() as u64 + 100_000);
        Lookahead {
            tokens,
            matching,
            budget,
        }
    }

    /// Takes `steps` steps from the budget; `None` when it is spent.
    fn spend_many(&self, steps: usize) -> Option<()> {
        let left = self.budget.get().checked_sub(steps as u64)?;
        self.budget.set(left);
        Some(())
    }

    /// Whether the `{` at `index` starts a destructuring assignment (`{a, b} = m;`).
    pub fn is_destructuring_brace(&self, index: usize) -> bool {
        let close = self.matching.get(index).copied().flatten();
        close.is_some_and(|close| {
            matches!(
                self.tokens.get(close + 1).map(|t| &t.tok),
                Some(Tok::Assign)
            )
        })
    }

    /// Takes one step from the budget; `None` when it is spent.
    fn spend(&self) -> Option<()> {
        let left = self.budget.get().checked_sub(1)?;
        self.budget.set(left);
        Some(())
    }
}

struct Scanner<'a> {
    look: &'a Lookahead<'a>,
    tokens: &'a [Spanned],
    matching: &'a [Option<usize>],
    /// Bounds the work per scan so a pathological file stays linear.
    fuel: u32,
    /// Nesting of `scan_type` calls; top-level `|`/`&` positions are recorded at depth 1.
    depth: u32,
    separators: Vec<usize>,
}

impl Scanner<'_> {
    fn tok(&self, index: usize) -> Option<&Tok> {
        self.tokens.get(index).map(|t| &t.tok)
    }

    fn after_bracket(&self, index: usize) -> Option<usize> {
        self.matching
            .get(index)
            .copied()
            .flatten()
            .map(|close| close + 1)
    }

    /// Scans a type descriptor starting at `index`; returns the index after it.
    fn scan_type(&mut self, index: usize) -> Option<usize> {
        self.depth += 1;
        let result = self.scan_union(index);
        self.depth -= 1;
        result
    }

    fn scan_union(&mut self, index: usize) -> Option<usize> {
        let mut index = self.scan_postfix(index)?;
        while matches!(self.tok(index), Some(Tok::Pipe | Tok::Amp)) {
            if self.depth == 1 {
                self.separators.push(index);
            }
            index = self.scan_postfix(index + 1)?;
        }
        Some(index)
    }

    fn scan_postfix(&mut self, index: usize) -> Option<usize> {
        let mut index = self.scan_primary(index)?;
        loop {
            self.fuel = self.fuel.checked_sub(1)?;
            self.look.spend()?;
            match self.tok(index) {
                Some(Tok::Question) => index += 1,
                Some(Tok::LBracket) => {
                    // An array length holds no comma; `[a, b]` after a type is a binding pattern.
                    let close = self.matching.get(index).copied().flatten()?;
                    let inner = self.tokens.get(index + 1..close)?;
                    if inner.len() > 1 || inner.iter().any(|t| matches!(t.tok, Tok::Comma)) {
                        return Some(index);
                    }
                    index = close + 1;
                }
                _ => return Some(index),
            }
        }
    }

    fn scan_primary(&mut self, index: usize) -> Option<usize> {
        self.fuel = self.fuel.checked_sub(1)?;
        self.look.spend()?;
        let tok = self.tok(index)?;
        match tok {
            Tok::Ident(_) => {
                if matches!(self.tok(index + 1), Some(Tok::Colon))
                    && matches!(self.tok(index + 2), Some(Tok::Ident(_)))
                {
                    return Some(index + 3);
                }
                Some(index + 1)
            }
            Tok::LParen | Tok::LBracket => self.after_bracket(index),
            Tok::Record => match self.tok(index + 1) {
                Some(Tok::LBrace | Tok::LBracePipe) => self.after_bracket(index + 1),
                _ => None,
            },
            Tok::Isolated | Tok::Client | Tok::Service => match self.tok(index + 1) {
                Some(Tok::Object | Tok::Isolated | Tok::Client | Tok::Service) => {
                    self.scan_primary(index + 1)
                }
                Some(Tok::Function) if matches!(tok, Tok::Isolated) => self.scan_primary(index + 1),
                _ => None,
            },
            // `transactional function (...)`
            Tok::Transactional => match self.tok(index + 1) {
                Some(Tok::Function) => self.scan_primary(index + 1),
                _ => None,
            },
            Tok::Object => match self.tok(index + 1) {
                Some(Tok::LBrace) => self.after_bracket(index + 1),
                // `object:RawTemplate`, `object:Iterable`
                Some(Tok::Colon) if matches!(self.tok(index + 2), Some(Tok::Ident(_))) => {
                    Some(index + 3)
                }
                _ => None,
            },
            // `transaction:Info`
            Tok::Transaction => match self.tok(index + 1) {
                Some(Tok::Colon) if matches!(self.tok(index + 2), Some(Tok::Ident(_))) => {
                    Some(index + 3)
                }
                _ => None,
            },
            Tok::Distinct => self.scan_primary(index + 1),
            Tok::Function => {
                let mut index = index + 1;
                if matches!(self.tok(index), Some(Tok::LParen)) {
                    index = self.after_bracket(index)?;
                    if matches!(self.tok(index), Some(Tok::Returns)) {
                        index = self.scan_type(index + 1)?;
                    }
                }
                Some(index)
            }
            Tok::Str(_) | Tok::Int(_) | Tok::Float(..) | Tok::True | Tok::False | Tok::Null => {
                Some(index + 1)
            }
            Tok::Minus => match self.tok(index + 1) {
                Some(Tok::Int(_) | Tok::Float(..)) => Some(index + 2),
                _ => None,
            },
            tok if tok.is_type_keyword() => {
                let mut index = index + 1;
                if matches!(self.tok(index), Some(Tok::Colon))
                    && matches!(self.tok(index + 1), Some(Tok::Ident(_)))
                {
                    return Some(index + 2);
                }
                if matches!(self.tok(index), Some(Tok::Lt)) {
                    index = self.scan_angle(index)?;
                }
                // A table type's key constraint: `key(a, b)` or `key<K>`.
                if matches!(self.tok(index), Some(Tok::KeyKw)) {
                    index = match self.tok(index + 1) {
                        Some(Tok::LParen) => self.after_bracket(index + 1)?,
                        Some(Tok::Lt) => self.scan_angle(index + 1)?,
                        _ => return None,
                    };
                }
                Some(index)
            }
            _ => None,
        }
    }

    /// Skips `<...>` type parameters (the lexer emits every `>` as its own token).
    fn scan_angle(&mut self, index: usize) -> Option<usize> {
        let mut depth = 0u32;
        let mut index = index;
        loop {
            self.fuel = self.fuel.checked_sub(1)?;
            self.look.spend()?;
            match self.tok(index)? {
                Tok::Lt => depth += 1,
                Tok::Gt | Tok::GtAdj => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(index + 1);
                    }
                }
                Tok::LParen | Tok::LBracket | Tok::LBrace | Tok::LBracePipe => {
                    index = self.after_bracket(index)?;
                    continue;
                }
                Tok::Semi | Tok::RParen | Tok::RBracket | Tok::RBrace => return None,
                _ => {}
            }
            index += 1;
        }
    }

    /// Scans a binding pattern at `index`; returns the index after it.
    fn scan_binding(&self, index: usize) -> Option<usize> {
        match self.tok(index)? {
            Tok::Ident(_) => Some(index + 1),
            Tok::LBracket | Tok::LBrace => {
                let close = self.matching.get(index).copied().flatten()?;
                let inner = self.tokens.get(index + 1..close)?;
                self.look.spend_many(inner.len())?;
                let plausible = inner.iter().all(|t| {
                    matches!(
                        t.tok,
                        Tok::Ident(_)
                            | Tok::Comma
                            | Tok::Colon
                            | Tok::Ellipsis
                            | Tok::LBracket
                            | Tok::RBracket
                            | Tok::LBrace
                            | Tok::RBrace
                            | Tok::LParen
                            | Tok::RParen
                            | Tok::KwError
                            | Tok::Assign
                    )
                });
                plausible.then_some(close + 1)
            }
            Tok::KwError => match self.tok(index + 1) {
                Some(Tok::LParen) => self.after_bracket(index + 1),
                Some(Tok::Ident(_)) if matches!(self.tok(index + 2), Some(Tok::LParen)) => {
                    self.after_bracket(index + 2)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

const FUEL: u32 = 4096;

impl<'a> Scanner<'a> {
    fn new(look: &'a Lookahead<'a>) -> Scanner<'a> {
        Scanner {
            look,
            tokens: look.tokens,
            matching: &look.matching,
            fuel: FUEL,
            depth: 0,
            separators: Vec::new(),
        }
    }
}

/// The positions of the top-level `|` and `&` of the type descriptor starting at `index`.
pub fn type_separators(look: &Lookahead<'_>, index: usize) -> Vec<usize> {
    let mut scanner = Scanner::new(look);
    match scanner.scan_type(index) {
        Some(_) => scanner.separators,
        None => Vec::new(),
    }
}

/// When a declaration (`T pattern = ...;` / `T name;`) starts at `index`, the index of its
/// binding pattern.
pub fn declaration_binding(look: &Lookahead<'_>, index: usize) -> Option<usize> {
    if matches!(
        look.tokens.get(index).map(|t| &t.tok),
        Some(Tok::Var | Tok::Final)
    ) {
        return None;
    }
    let mut scanner = Scanner::new(look);
    let binding = scanner.scan_type(index)?;
    let mut after = scanner.scan_binding(binding)?;
    // `int age?;` in a record body.
    if matches!(scanner.tok(after), Some(Tok::Question)) {
        after += 1;
    }
    match scanner.tok(after) {
        Some(Tok::Assign | Tok::Semi) => Some(binding),
        _ => None,
    }
}

/// After `foreach`: the index of the binding pattern that follows the type (not for `var`).
pub fn foreach_binding(look: &Lookahead<'_>, index: usize) -> Option<usize> {
    let mut scanner = Scanner::new(look);
    if matches!(scanner.tok(index), Some(Tok::Var)) {
        return None;
    }
    let binding = scanner.scan_type(index)?;
    let after = scanner.scan_binding(binding)?;
    match scanner.tok(after) {
        Some(Tok::In) => Some(binding),
        _ => None,
    }
}

/// Whether a `?` is a conditional operator: a matching `:` follows before the expression ends.
pub fn has_ternary_colon(look: &Lookahead<'_>, start: usize) -> bool {
    let (tokens, matching) = (look.tokens, &look.matching);
    let mut pending = 0u32;
    let mut index = start;
    let mut fuel = FUEL;
    while let Some(token) = tokens.get(index) {
        fuel = match (fuel.checked_sub(1), look.spend()) {
            (Some(fuel), Some(())) => fuel,
            _ => return false,
        };
        match token.tok {
            Tok::Question => pending += 1,
            // `io:Error` (no space on either side) is a qualified name, as Ballerina lexes it,
            // never a conditional's colon: `map<io:Error?>|io:Error m = ...;`.
            Tok::Colon if is_qualifying_colon(tokens, index) => {}
            Tok::Colon => {
                if pending == 0 {
                    return true;
                }
                pending -= 1;
            }
            Tok::LParen | Tok::LBracket => match matching.get(index).copied().flatten() {
                Some(close) => {
                    index = close + 1;
                    continue;
                }
                None => return false,
            },
            Tok::Semi
            | Tok::Comma
            | Tok::Assign
            | Tok::FatArrow
            | Tok::LBrace
            | Tok::LBracePipe
            | Tok::RParen
            | Tok::RBracket
            | Tok::RBrace
            | Tok::InterpEnd => return false,
            _ => {}
        }
        index += 1;
    }
    false
}

/// Whether the `:` at `index` joins a module prefix and a name with no space on either side.
fn is_qualifying_colon(tokens: &[Spanned], index: usize) -> bool {
    let (Some(before), Some(colon), Some(after)) = (
        index.checked_sub(1).and_then(|i| tokens.get(i)),
        tokens.get(index),
        tokens.get(index + 1),
    ) else {
        return false;
    };
    matches!(before.tok, Tok::Ident(_))
        && matches!(after.tok, Tok::Ident(_))
        && before.end == colon.start
        && colon.end == after.start
}

/// Whether the `(` at `index` opens arrow function parameters: `(a, b) => e` or `() => e`.
/// `operand_position` says the previous token starts an operand (`=`, `(`, `,`, `return`, ...):
/// there a `{` after `=>` opens a mapping constructor body (`(x) => {v: x}`); elsewhere
/// `() => {` is a nil match pattern followed by its clause block.
pub fn is_arrow_params(look: &Lookahead<'_>, index: usize, operand_position: bool) -> bool {
    let (tokens, matching) = (look.tokens, &look.matching);
    let Some(close) = matching.get(index).copied().flatten() else {
        return false;
    };
    let arrow = matches!(tokens.get(close + 1).map(|t| &t.tok), Some(Tok::FatArrow));
    let body_is_block =
        !operand_position && matches!(tokens.get(close + 2).map(|t| &t.tok), Some(Tok::LBrace));
    if !arrow || body_is_block {
        return false;
    }
    let Some(inner) = tokens.get(index + 1..close) else {
        return false;
    };
    if look.spend().is_none() {
        return false;
    }
    inner.iter().enumerate().all(|(position, token)| {
        if position % 2 == 0 {
            matches!(token.tok, Tok::Ident(_))
        } else {
            matches!(token.tok, Tok::Comma)
        }
    }) && inner.len() % 2 == 1
        || inner.is_empty()
}
