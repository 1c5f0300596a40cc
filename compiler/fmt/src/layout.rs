//! The layout engine: places units line by line. The author's line breaks are kept (blank-line
//! groups collapse to one blank line); breaks are added only to put one statement per line
//! (after a `;` and around the body of a block holding statements). Each line's indentation is
//! computed from the brackets open at its start, never copied from the input, and the space
//! between two units on a line comes from `spacing`.
//!
//! Idempotence: every decision depends on the code tokens and on where lines break, and the
//! breaks this pass adds are exactly the ones it would add again (after them the next line
//! starts a statement), so formatting the output changes nothing.

use crate::spacing::{ends_operand, space_between, Previous};
use crate::units::{Unit, UnitKind};
use intc_syntax::Tok;

/// Spaces per indentation level.
const INDENT: usize = 4;
/// Extra levels of a line continuing a statement begun on an earlier line.
const CONTINUATION: usize = 1;

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Paren,
    Bracket,
    Brace,
}

struct Frame {
    kind: FrameKind,
    /// Indentation (levels) of the lines inside.
    inner: usize,
    /// Indentation of a line starting with the closing bracket.
    close: usize,
    /// Whether statements inside go one per line (a block or body holding a `;`).
    exploded: bool,
    /// Conditional `?`s whose `:` has not been seen yet.
    pending_question: u32,
    /// A brace of an expression (a mapping constructor), after whose `}` a statement goes on.
    expression: bool,
    /// The braces of an object or record type body.
    type_body: bool,
}

/// Whether a `{` after `previous` opens an expression (a mapping constructor) rather than a
/// block, a body or a type.
fn opens_expression(previous: Option<&Tok>) -> bool {
    matches!(
        previous,
        Some(
            Tok::Assign
                | Tok::PlusAssign
                | Tok::MinusAssign
                | Tok::LParen
                | Tok::ArrowLParen
                | Tok::LBracket
                | Tok::Comma
                | Tok::Colon
                | Tok::Return
                | Tok::Select
                | Tok::Equals
                | Tok::On
                | Tok::In
                | Tok::Question
                | Tok::Elvis
                | Tok::Ellipsis
                | Tok::Check
                | Tok::Checkpanic
                | Tok::RightArrow
                | Tok::SyncArrow
                | Tok::Panic
                | Tok::Wait
                | Tok::EqEq
                | Tok::NotEq
                | Tok::EqEqEq
                | Tok::NotEqEq
                | Tok::AmpAmp
                | Tok::PipePipe
                | Tok::Plus
                | Tok::Minus
                | Tok::Star
                | Tok::Percent
                | Tok::Caret
                | Tok::Bang
        )
    )
}

/// For each unit: whether it is a `{` or `}` of an exploded brace pair.
fn exploded_braces(units: &[Unit<'_>]) -> Vec<bool> {
    let mut exploded = vec![false; units.len()];
    // (unit index of the opener, whether it is a brace that can explode, saw a `;`)
    let mut stack: Vec<(usize, bool, bool)> = Vec::new();
    let mut previous: Option<&Tok> = None;
    for (index, unit) in units.iter().enumerate() {
        let Some(tok) = unit.tok() else { continue };
        match tok {
            Tok::LBrace | Tok::BlockLBrace => {
                // Record and object type bodies and mapping constructors stay as written.
                let type_body = matches!(previous, Some(Tok::Record | Tok::Object));
                let expression = matches!(tok, Tok::LBrace) && opens_expression(previous);
                stack.push((index, !type_body && !expression, false));
            }
            Tok::LBracePipe | Tok::LParen | Tok::ArrowLParen | Tok::LBracket => {
                stack.push((index, false, false));
            }
            Tok::Semi => {
                if let Some(top) = stack.last_mut() {
                    top.2 = true;
                }
            }
            Tok::RBrace | Tok::PipeRBrace | Tok::RParen | Tok::RBracket => {
                if let Some((open, can, saw)) = stack.pop() {
                    if can && saw && matches!(tok, Tok::RBrace) {
                        exploded[open] = true;
                        exploded[index] = true;
                        // A body holding an opened-up block opens up too.
                        if let Some(parent) = stack.last_mut() {
                            parent.2 = true;
                        }
                    }
                }
            }
            _ => {}
        }
        previous = Some(tok);
    }
    exploded
}

/// The line breaks to drop so that a body's `{` written on its own line goes to the end of
/// the header before it (`function f()\n{` becomes `function f() {`). Only breaks with
/// nothing but whitespace between the header's last token and the `{` are dropped.
fn joined_braces(units: &[Unit<'_>]) -> Vec<bool> {
    let mut joined = vec![false; units.len()];
    let mut previous_code: Option<(usize, &Tok)> = None;
    for (index, unit) in units.iter().enumerate() {
        match &unit.kind {
            UnitKind::Code(tok) => {
                if let (Tok::LBrace | Tok::BlockLBrace, Some((before, previous))) =
                    (tok, previous_code)
                {
                    let header_end = matches!(
                        previous,
                        Tok::RParen
                            | Tok::Ident(_)
                            | Tok::Gt
                            | Tok::RBracket
                            | Tok::OptQ
                            | Tok::Else
                            | Tok::Do
                            | Tok::Lock
                            | Tok::Transaction
                            | Tok::Retry
                            | Tok::Fork
                    );
                    let only_breaks = units.get(before + 1..index).is_some_and(|between| {
                        between
                            .iter()
                            .all(|unit| matches!(unit.kind, UnitKind::Newline))
                    });
                    if header_end && only_breaks {
                        for slot in joined.iter_mut().take(index).skip(before + 1) {
                            *slot = true;
                        }
                    }
                }
                previous_code = Some((index, tok));
            }
            UnitKind::Newline => {}
            UnitKind::Comment | UnitKind::Doc => previous_code = None,
        }
    }
    joined
}

fn is_closer(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::RParen | Tok::RBracket | Tok::RBrace | Tok::PipeRBrace
    )
}

/// Tokens after which a new line starts a statement rather than continuing one.
fn ends_statement(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Semi
            | Tok::LBrace
            | Tok::BlockLBrace
            | Tok::LBracePipe
            | Tok::RBrace
            | Tok::PipeRBrace
            | Tok::Comma
    )
}

/// First tokens of statements and declarations whose `{` body closes at the statement's
/// indentation even when the header wraps (`if a &&\n        b {`).
fn starts_block_header(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::If
            | Tok::Else
            | Tok::While
            | Tok::Foreach
            | Tok::Match
            | Tok::Function
            | Tok::Public
            | Tok::Private
            | Tok::Isolated
            | Tok::Remote
            | Tok::Resource
            | Tok::Transactional
            | Tok::Class
            | Tok::Client
            | Tok::Distinct
            | Tok::Service
            | Tok::ServiceDecl
            | Tok::Lock
            | Tok::Transaction
            | Tok::Retry
            | Tok::Do
            | Tok::Fork
            | Tok::Worker
            | Tok::Type
            | Tok::RBrace
    )
}

/// Whether a unit is a name or a keyword.
fn starts_with_word(unit: &Unit<'_>) -> bool {
    unit.text
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '\'')
}

/// Whether a unit is a word or annotation that begins a statement (after a block's `}` on the
/// same line).
fn starts_statement_word(unit: &Unit<'_>) -> bool {
    (starts_with_word(unit) || unit.text.starts_with('@'))
        && !matches!(unit.tok(), Some(Tok::Else | Tok::On))
}

struct Layout {
    out: String,
    frames: Vec<Frame>,
    /// Whether nothing has been written on the current line yet.
    at_line_start: bool,
    /// Line breaks seen since the last line with content.
    newlines: usize,
    /// Indentation of the current line and of the statement it belongs to.
    line_indent: usize,
    line_base: usize,
    /// Indentation of the current statement's first line.
    statement_base: usize,
    /// The first code token of the current statement's first line.
    statement_first: Option<Tok>,
    /// The first code token of the current line, and the bracket depth at its start.
    line_first: Option<Tok>,
    line_depth: usize,
    line_has_code: bool,
    /// The previous line with code was a whole annotation (`@test:Config {}`).
    after_annotation: bool,
    /// The previous line ended with an opening bracket (no blank line after it).
    after_opener: bool,
    /// The last code token and what was decided about it.
    last: Option<(Tok, bool, bool)>,
    /// Whether the last code token was an exploded brace.
    last_exploded: bool,
    /// Whether the last `}` closed an expression's brace.
    closed_expression: bool,
    /// The code token before the last one.
    before_last: Option<Tok>,
}

pub fn layout(units: &[Unit<'_>]) -> String {
    let exploded = exploded_braces(units);
    let mut layout = Layout {
        out: String::new(),
        frames: vec![Frame {
            kind: FrameKind::Brace,
            inner: 0,
            close: 0,
            exploded: true,
            pending_question: 0,
            expression: false,
            type_body: false,
        }],
        at_line_start: true,
        newlines: 0,
        line_indent: 0,
        line_base: 0,
        statement_base: 0,
        statement_first: None,
        line_first: None,
        line_depth: 0,
        line_has_code: false,
        after_annotation: false,
        after_opener: false,
        last: None,
        last_exploded: false,
        closed_expression: false,
        before_last: None,
    };
    let joined = joined_braces(units);
    for (index, unit) in units.iter().enumerate() {
        if joined.get(index).copied().unwrap_or(false) {
            continue;
        }
        let unit_exploded = exploded.get(index).copied().unwrap_or(false);
        layout.place(unit, unit_exploded);
    }
    layout.finish()
}

impl Layout {
    fn top(&self) -> Option<&Frame> {
        self.frames.last()
    }

    fn end_line(&mut self) {
        if self.at_line_start {
            return;
        }
        if self.line_has_code {
            self.after_annotation =
                matches!(self.line_first, Some(Tok::At)) && self.frames.len() == self.line_depth;
            self.after_opener = matches!(
                self.last.as_ref().map(|l| &l.0),
                Some(
                    Tok::LParen
                        | Tok::ArrowLParen
                        | Tok::LBracket
                        | Tok::LBrace
                        | Tok::BlockLBrace
                        | Tok::LBracePipe
                )
            );
        } else {
            self.after_opener = false;
        }
        self.out.push('\n');
        self.at_line_start = true;
        self.newlines = 1;
        self.line_has_code = false;
        self.line_first = None;
    }

    /// Whether a line starting now continues the current statement.
    fn continues(&self) -> bool {
        match &self.last {
            None => false,
            Some((Tok::RBrace, _, _)) if self.closed_expression => !self.after_annotation,
            // A `,` separates the members of a mapping or an enum, but in a body or at
            // module level it is inside a statement (`let int a = 1,\n    b = 2 in ...`).
            Some((Tok::Comma, _, _)) => {
                self.top().is_some_and(|frame| frame.exploded) && !self.after_annotation
            }
            Some((tok, _, _)) => !ends_statement(tok) && !self.after_annotation,
        }
    }

    fn start_line(&mut self, tok: Option<&Tok>) {
        let closer = tok.is_some_and(is_closer);
        let (indent, base) = match self.top() {
            Some(frame) if closer => (frame.close, frame.close),
            Some(frame) if frame.kind != FrameKind::Brace => (frame.inner, frame.inner),
            Some(frame) => {
                let extra = if self.continues() { CONTINUATION } else { 0 };
                (frame.inner + extra, frame.inner)
            }
            None => (0, 0),
        };
        let blank = self.newlines >= 2 && !self.out.is_empty() && !self.after_opener && !closer;
        if blank {
            self.out.push('\n');
        }
        if tok.is_some() {
            let statement_start = self
                .top()
                .is_some_and(|frame| frame.kind == FrameKind::Brace)
                && !self.continues();
            if statement_start {
                self.statement_first = tok.cloned();
                self.statement_base = indent;
            }
            self.line_first = tok.cloned();
            self.line_depth = self.frames.len();
        }
        self.line_indent = indent;
        self.line_base = base;
        for _ in 0..indent * INDENT {
            self.out.push(' ');
        }
        self.at_line_start = false;
        self.newlines = 0;
    }

    fn place(&mut self, unit: &Unit<'_>, unit_exploded: bool) {
        match &unit.kind {
            UnitKind::Newline => {
                if self.at_line_start {
                    self.newlines += 1;
                } else {
                    self.end_line();
                }
            }
            UnitKind::Comment | UnitKind::Doc => {
                if self.at_line_start {
                    self.start_line(None);
                } else {
                    self.out.push(' ');
                }
                self.out.push_str(unit.text);
            }
            UnitKind::Code(tok) => self.place_code(unit, tok, unit_exploded),
        }
    }

    fn place_code(&mut self, unit: &Unit<'_>, tok: &Tok, unit_exploded: bool) {
        if !self.at_line_start && self.needs_break(unit, tok, unit_exploded) {
            self.end_line();
        }
        let unary = matches!(tok, Tok::Minus | Tok::Plus | Tok::Star)
            && !self.last.as_ref().is_some_and(|l| ends_operand(&l.0));
        let unary = unary || matches!(tok, Tok::Bang | Tok::Tilde);
        let ternary_colon =
            matches!(tok, Tok::Colon) && self.top().is_some_and(|frame| frame.pending_question > 0);
        if self.at_line_start {
            self.start_line(Some(tok));
        } else if let Some((last, last_unary, last_ternary)) = &self.last {
            let previous = Previous {
                tok: last,
                unary: *last_unary,
                ternary_colon: *last_ternary,
            };
            let word = starts_with_word(unit);
            let type_body = self.top().is_some_and(|frame| frame.type_body);
            let keep = if matches!(self.before_last, Some(Tok::Type | Tok::Function)) {
                // After a defined type's name (`type Pair [int, int]`) or a method's name
                // (`resource function get .()`, `get [int id]()`) the author's spacing stays;
                // only a function's `(` hugs its name.
                let function_paren =
                    matches!(self.before_last, Some(Tok::Function)) && matches!(tok, Tok::LParen);
                !function_paren && unit.space_before
            } else if (type_body && (matches!(last, Tok::LBrace) || matches!(tok, Tok::RBrace)))
                || (*last_unary && matches!(tok, Tok::Minus | Tok::Plus))
            {
                // An object or record type's braces (`object { f(); }`) and `- -a`.
                unit.space_before
            } else {
                space_between(
                    &previous,
                    tok,
                    unary,
                    ternary_colon,
                    word,
                    unit.space_before,
                )
            };
            if keep {
                self.out.push(' ');
            }
        } else if unit.space_before {
            self.out.push(' ');
        }
        self.out.push_str(unit.text);
        self.line_has_code = true;
        self.track(tok, unit_exploded, ternary_colon);
        self.before_last = self.last.take().map(|last| last.0);
        self.last = Some((tok.clone(), unary, ternary_colon));
        self.last_exploded = unit_exploded;
    }

    /// Breaks added for one statement per line.
    fn needs_break(&self, unit: &Unit<'_>, tok: &Tok, unit_exploded: bool) -> bool {
        let Some((last, _, _)) = &self.last else {
            return false;
        };
        let in_exploded = self.top().is_some_and(|frame| frame.exploded);
        match last {
            Tok::Semi if in_exploded => return true,
            Tok::LBrace | Tok::BlockLBrace if self.last_exploded => return true,
            Tok::RBrace if self.last_exploded && in_exploded && starts_statement_word(unit) => {
                return true
            }
            _ => {}
        }
        matches!(tok, Tok::RBrace) && unit_exploded
    }

    /// Opens and closes frames and counts conditionals.
    fn track(&mut self, tok: &Tok, unit_exploded: bool, ternary_colon: bool) {
        let header = self
            .statement_first
            .as_ref()
            .is_some_and(starts_block_header);
        match tok {
            Tok::LParen | Tok::ArrowLParen | Tok::LBracket => {
                let kind = if matches!(tok, Tok::LBracket) {
                    FrameKind::Bracket
                } else {
                    FrameKind::Paren
                };
                self.frames.push(Frame {
                    kind,
                    inner: self.line_indent + 1,
                    close: self.line_indent,
                    exploded: false,
                    pending_question: 0,
                    expression: false,
                    type_body: false,
                });
            }
            Tok::LBrace | Tok::BlockLBrace | Tok::LBracePipe => {
                let base = if header {
                    self.statement_base
                } else {
                    self.line_indent
                };
                let previous = self.last.as_ref().map(|last| &last.0);
                let expression = matches!(tok, Tok::LBrace) && opens_expression(previous);
                let type_body = matches!(previous, Some(Tok::Object | Tok::Record));
                self.frames.push(Frame {
                    kind: FrameKind::Brace,
                    inner: base + 1,
                    close: base,
                    exploded: unit_exploded,
                    pending_question: 0,
                    expression,
                    type_body,
                });
            }
            Tok::RParen | Tok::RBracket | Tok::RBrace | Tok::PipeRBrace
                if self.frames.len() > 1 =>
            {
                let closed = self.frames.pop();
                self.closed_expression = closed.is_some_and(|frame| frame.expression);
            }
            Tok::Question => {
                if let Some(frame) = self.frames.last_mut() {
                    frame.pending_question += 1;
                }
            }
            Tok::Colon if ternary_colon => {
                if let Some(frame) = self.frames.last_mut() {
                    frame.pending_question = frame.pending_question.saturating_sub(1);
                }
            }
            Tok::Semi => {
                if let Some(frame) = self.frames.last_mut() {
                    frame.pending_question = 0;
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        self.end_line();
        // Trailing blank lines were never written (a blank line is written only before
        // content), so the text ends with exactly one newline unless it is empty.
        self.out
    }
}
