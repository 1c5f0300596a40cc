//! Syntax error messages in the user's words. The LR parser reports the token it could not
//! use and the set of terminals it expected; this module maps that set, together with the
//! tokens around the error (which construct is open, what the statement starts with), to a
//! phrase such as "expected ';' after the variable declaration" or "expected ')' to close the
//! argument list". A missing token is reported right after the token before it, not at the
//! next line. Raw terminal lists are never shown (they name keywords such as 'client' that
//! no user meant); only short lists of punctuation are.

use crate::lexer::{Spanned, Tok};
use crate::prepass::brackets::{self, closer, closer_kind, ends_operand, real_before};
use intc_diagnostics::{codes, Diagnostic};
use intc_span::{FileId, Span};
use lalrpop_util::ParseError;

/// How far back the statement around an error is looked for.
const SCAN_LIMIT: usize = 256;

/// A described syntax error.
pub struct Described {
    pub diagnostic: Diagnostic,
    /// Where the parser stopped (the start of the token it could not use).
    pub location: usize,
    /// A `}` with nothing open to close: after another error in the same declaration it is
    /// that error's echo (the recovery closed the block early).
    pub stray_close: bool,
    /// Errors before this offset are echoes of this one (the block after an unclosed `(`
    /// in `if (x > 0 {` is not parsed as a block).
    pub echoes_until: usize,
}

/// The terminals the parser expected, by their grammar names (`;`, `Ident`, `returns`).
struct Expected(Vec<String>);

impl Expected {
    fn new(raw: &[String]) -> Expected {
        Expected(
            raw.iter()
                .map(|r| {
                    r.strip_prefix('"')
                        .and_then(|s| s.strip_suffix('"'))
                        .map_or_else(|| r.clone(), |s| s.replace("\\\"", "\""))
                })
                .collect(),
        )
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|e| e == name)
    }

    /// An expression could start here (a literal is expected but also a prefix operator
    /// that no type starts with).
    fn expression(&self) -> bool {
        self.has("IntLit") && (self.has("check") || self.has("new") || self.has("!"))
    }

    /// Only a type could come here.
    fn type_only(&self) -> bool {
        self.has("record") && self.has("map") && !self.expression()
    }
}

/// The tokens around the error.
struct Around<'a> {
    text: &'a str,
    tokens: &'a [Spanned],
    /// Index of the token the parser could not use (`tokens.len()` at the end of input).
    found: usize,
    /// The last real token before it.
    prev: Option<usize>,
}

impl<'a> Around<'a> {
    fn tok(&self, index: usize) -> Option<&'a Tok> {
        self.tokens.get(index).map(|t| &t.tok)
    }

    /// The found token, skipping the pre-pass's empty marks.
    fn shown(&self) -> Option<usize> {
        (self.found..self.tokens.len())
            .take(8)
            .find(|&i| self.tokens[i].start != self.tokens[i].end)
    }

    fn shown_tok(&self) -> Option<&'a Tok> {
        self.shown().and_then(|i| self.tok(i))
    }

    fn prev_tok(&self) -> Option<&'a Tok> {
        self.prev.and_then(|i| self.tok(i))
    }

    /// Whether the found token is on a later line than the previous token (or the input
    /// ended).
    fn on_new_line(&self) -> bool {
        let (Some(prev), Some(shown)) = (self.prev, self.shown()) else {
            return true;
        };
        self.text
            .get(self.tokens[prev].end..self.tokens[shown].start)
            .is_some_and(|gap| gap.contains('\n'))
    }

    fn found_text(&self) -> String {
        match self.shown_tok() {
            None => "the end of the file".to_string(),
            Some(tok) => tok.to_string(),
        }
    }

    /// The innermost bracket still open at the error.
    fn innermost_open(&self) -> Option<usize> {
        let mut depth = 0usize;
        for index in (0..self.found.min(self.tokens.len()))
            .rev()
            .take(SCAN_LIMIT)
        {
            let tok = &self.tokens[index].tok;
            if closer_kind(tok) {
                depth += 1;
            } else if closer(tok).is_some() {
                if depth == 0 {
                    return Some(index);
                }
                depth -= 1;
            } else if matches!(tok, Tok::ItemMark) && depth == 0 {
                return None;
            }
        }
        None
    }

    /// The index of the first token of the statement (or declaration) around the error.
    fn statement_start(&self) -> Option<usize> {
        let mut depth = 0usize;
        let end = self.found.min(self.tokens.len());
        for index in (0..end).rev().take(SCAN_LIMIT) {
            let tok = &self.tokens[index].tok;
            if closer_kind(tok) {
                if depth == 0 && matches!(tok, Tok::RBrace | Tok::PipeRBrace) {
                    return Some(index + 1);
                }
                depth += 1;
                continue;
            }
            if closer(tok).is_some() {
                if depth == 0 {
                    return Some(index + 1);
                }
                depth -= 1;
                continue;
            }
            if depth == 0 && matches!(tok, Tok::Semi) {
                return Some(index + 1);
            }
            if depth == 0 && matches!(tok, Tok::ItemMark) {
                return Some(index);
            }
            if index == 0 {
                return Some(0);
            }
        }
        None
    }

    /// The statement's tokens up to the error, marks included.
    fn statement(&self) -> &'a [Spanned] {
        match self.statement_start() {
            Some(start) if start <= self.found => &self.tokens[start..self.found],
            _ => &[],
        }
    }

    fn statement_is_declaration(&self) -> bool {
        self.statement()
            .iter()
            .take(4)
            .any(|t| matches!(t.tok, Tok::DeclMark | Tok::Var | Tok::Final | Tok::Const))
    }

    /// The first real token of the statement.
    fn statement_keyword(&self) -> Option<&'a Tok> {
        self.statement()
            .iter()
            .find(|t| t.start != t.end && !is_qualifier(&t.tok))
            .map(|t| &t.tok)
    }

    fn at_module_level(&self) -> bool {
        self.statement()
            .first()
            .is_some_and(|t| matches!(t.tok, Tok::ItemMark))
    }

    /// Whether the token after `index` is on a later line.
    fn on_new_line_after(&self, index: usize) -> bool {
        match (self.tokens.get(index), self.tokens.get(index + 1)) {
            (Some(this), Some(next)) => self
                .text
                .get(this.end..next.start)
                .is_some_and(|gap| gap.contains('\n')),
            _ => true,
        }
    }

    /// Where a missing token belongs: right after the previous token.
    fn after_prev(&self) -> usize {
        match self.prev {
            Some(prev) => self.tokens[prev].end,
            None => self.tokens.get(self.found).map_or(0, |t| t.start),
        }
    }

    fn found_span(&self) -> (usize, usize) {
        match self.shown() {
            Some(i) => (self.tokens[i].start, self.tokens[i].end),
            None => (self.text.len(), self.text.len()),
        }
    }
}

fn is_qualifier(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Public
            | Tok::Private
            | Tok::Isolated
            | Tok::Configurable
            | Tok::Transactional
            | Tok::Client
            | Tok::Service
    )
}

/// A reserved word (as opposed to punctuation or a name).
fn keyword(tok: &Tok) -> Option<&'static str> {
    tok.text()
        .filter(|text| text.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Whether the token can start an expression.
fn starts_expression(tok: &Tok) -> bool {
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
            | Tok::LBracket
            | Tok::LBrace
            | Tok::Minus
            | Tok::Bang
            | Tok::New
            | Tok::Check
            | Tok::Checkpanic
            | Tok::TemplateStart
    ) || tok.is_type_keyword()
}

/// Whether the token begins a statement of its own (so an error before it is a missing end).
fn starts_statement(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::DeclMark
            | Tok::ItemMark
            | Tok::If
            | Tok::While
            | Tok::Foreach
            | Tok::Return
            | Tok::Match
            | Tok::Var
            | Tok::Final
            | Tok::Panic
            | Tok::Break
            | Tok::Continue
            | Tok::Do
            | Tok::Lock
            | Tok::Worker
            | Tok::Fork
            | Tok::BlockLBrace
    )
}

/// The diagnostic for one parse error.
pub fn describe(
    file: FileId,
    text: &str,
    tokens: &[Spanned],
    error: &ParseError<usize, Tok, ()>,
) -> Described {
    let clamp = |offset: usize| offset.min(u32::MAX as usize) as u32;
    let span = |start: usize, end: usize| Span::new(file, clamp(start), clamp(end));
    let (location, found_tok, expected) = match error {
        ParseError::UnrecognizedToken {
            token: (start, tok, _),
            expected,
        } => (*start, Some(tok), Expected::new(expected)),
        ParseError::UnrecognizedEof { location, expected } => {
            (*location, None, Expected::new(expected))
        }
        ParseError::ExtraToken {
            token: (start, tok, _),
        } => (*start, Some(tok), Expected(Vec::new())),
        ParseError::InvalidToken { .. } | ParseError::User { .. } => {
            let location = match error {
                ParseError::InvalidToken { location } => *location,
                _ => 0,
            };
            return Described {
                diagnostic: Diagnostic::error(
                    codes::SYNTAX,
                    span(location, location),
                    "invalid token",
                ),
                location,
                stray_close: false,
                echoes_until: 0,
            };
        }
    };
    let mut found = tokens.partition_point(|t| t.start < location);
    if let Some(tok) = found_tok {
        let same = (found..tokens.len())
            .take_while(|&i| tokens[i].start == location)
            .find(|&i| tokens[i].tok == *tok);
        found = same.unwrap_or(found);
    } else {
        found = tokens.len();
    }
    let around = Around {
        text,
        tokens,
        found,
        prev: real_before(tokens, found),
    };
    let rule = classify(&around, &expected);
    let (start, end) = match rule.at {
        At::AfterPrev => {
            let at = around.after_prev();
            (at, at)
        }
        At::Found => around.found_span(),
        At::Token(i) => (tokens[i].start, tokens[i].end),
        At::AfterToken(i) => (tokens[i].end, tokens[i].end),
        At::Range(start, end) => (start, end),
    };
    let stray_close = rule.message.starts_with("unexpected '}'");
    let mut diagnostic = Diagnostic::error(codes::SYNTAX, span(start, end), rule.message);
    if let Some((index, label)) = rule.label {
        if let Some(token) = tokens.get(index) {
            diagnostic = diagnostic.with_label(span(token.start, token.end), label);
        }
    }
    if let Some(help) = rule.help {
        diagnostic = diagnostic.with_help(help);
    }
    // A `{` found where a `)` or `]` was missing starts a block the parser cannot take as one.
    let mut echoes_until = 0;
    if let Some(shown) = around.shown() {
        if matches!(tokens[shown].tok, Tok::Else)
            && matches!(tokens.get(shown + 1).map(|t| &t.tok), Some(Tok::LBrace))
        {
            echoes_until = block_end(tokens, shown + 1).unwrap_or(0);
        }
    }
    if let (Some(shown), true) = (
        around.shown(),
        diagnostic.message.starts_with("expected ')'")
            || diagnostic.message.starts_with("expected ']'"),
    ) {
        if matches!(tokens[shown].tok, Tok::LBrace) {
            echoes_until = block_end(tokens, shown).unwrap_or(0);
        }
    }
    Described {
        diagnostic,
        location,
        stray_close,
        echoes_until,
    }
}

/// Just past the start of the token after the `}` matching the `{` at `open` (bounded scan):
/// the parser took the block for a mapping constructor, so the token after it is an echo too.
fn block_end(tokens: &[Spanned], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, token) in tokens.iter().enumerate().skip(open).take(4096) {
        if closer(&token.tok).is_some() {
            depth += 1;
        } else if closer_kind(&token.tok) {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(
                    tokens
                        .get(index + 1)
                        .map_or(token.end, |next| next.start + 1),
                );
            }
        }
    }
    None
}

enum At {
    AfterPrev,
    Found,
    Token(usize),
    /// Right after the token (a missing token that belongs after it).
    AfterToken(usize),
    Range(usize, usize),
}

struct Rule {
    at: At,
    message: String,
    help: Option<String>,
    label: Option<(usize, String)>,
}

impl Rule {
    fn new(at: At, message: impl Into<String>) -> Rule {
        Rule {
            at,
            message: message.into(),
            help: None,
            label: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Rule {
        self.help = Some(help.into());
        self
    }

    /// Points right after the rule's token instead of at it.
    fn at_end(mut self) -> Rule {
        if let At::Token(i) = self.at {
            self.at = At::AfterToken(i);
        }
        self
    }

    fn label(mut self, index: usize, label: impl Into<String>) -> Rule {
        self.label = Some((index, label.into()));
        self
    }
}

fn classify(a: &Around<'_>, e: &Expected) -> Rule {
    let shown = a.shown_tok();
    let prev = a.prev_tok();
    let first = a.statement_keyword();

    // `for (int i = 0; i < n; i++)`: not Ballerina.
    if let Some(rule) = c_style_for(a) {
        return rule;
    }
    // `if x = 1 {`
    // (Only when the grammar's error production could not take it: `if x = 1 {` is read as
    // `x == 1` by the grammar and reported there.)
    if matches!(shown, Some(Tok::Assign)) && matches!(first, Some(Tok::If | Tok::While)) {
        let which = if matches!(first, Some(Tok::If)) {
            "the if statement"
        } else {
            "the while loop"
        };
        return Rule::new(
            At::Found,
            format!("unexpected '=' in the condition of {which}"),
        )
        .help("to compare values use '=='; '=' assigns");
    }
    // `int type = 1;`, `string error = "e";`
    if let Some(rule) = keyword_as_name(a, e) {
        return rule;
    }
    // `function f() int {`
    if e.has("returns") && shown.is_some_and(|t| t.is_type_keyword() || matches!(t, Tok::Ident(_)))
    {
        return Rule::new(At::AfterPrev, "expected 'returns' before the return type").help(
            "a function's return type follows 'returns': `function f() returns int { ... }`",
        );
    }
    // `if x > 0 x = 2;`, `else x = 3;`, `function f() returns int\n return 1;`
    if e.has("{") && !a.stray_in_header(e) {
        if let Some(rule) = missing_open_brace(a, e) {
            return rule;
        }
    }
    let new_line = a.on_new_line();
    let ends_here = new_line
        || shown.is_none()
        || matches!(shown, Some(Tok::RBrace | Tok::Semi))
        || shown.is_some_and(starts_statement);
    // `int x 5;`
    if e.has("=")
        && e.has(";")
        && a.statement_is_declaration()
        && !new_line
        && shown.is_some_and(|t| starts_expression(t) && !matches!(t, Tok::LBracket | Tok::LParen))
    {
        let after = match prev {
            Some(Tok::Ident(name)) => format!(" after '{name}'"),
            _ => String::new(),
        };
        return Rule::new(At::AfterPrev, format!("expected '='{after}"))
            .help("a variable's initial value follows '=': `int x = 5;`");
    }
    // `int x == 1;`
    if let Some(name_index) = a.shown() {
        if let (Some(Tok::Ident(name)), Some(Tok::EqEq)) =
            (a.tok(name_index), a.tok(name_index + 1))
        {
            if prev.is_some_and(Tok::is_type_keyword)
                && a.statement().iter().filter(|t| t.start != t.end).count() == 1
            {
                return Rule::new(
                    At::Token(name_index + 1),
                    format!("expected '=' after '{name}', found '=='"),
                )
                .help("'=' gives a variable its value; '==' compares");
            }
        }
    }
    // `int x 5;`: without its `=` the declaration was not recognised as one.
    if let Some(name_index) = a.shown() {
        if let Some(Tok::Ident(name)) = a.tok(name_index) {
            let next = a.tok(name_index + 1);
            if prev.is_some_and(Tok::is_type_keyword)
                && a.statement().iter().filter(|t| t.start != t.end).count() == 1
                && next.is_some_and(|t| {
                    starts_expression(t) && !matches!(t, Tok::LParen | Tok::LBracket)
                })
                && !a.on_new_line_after(name_index)
            {
                return Rule::new(
                    At::Token(name_index),
                    format!("expected '=' after '{name}'"),
                )
                .at_end()
                .help("a variable's initial value follows '=': `int x = 5;`");
            }
        }
    }
    // A token that cannot start a statement, where one should start.
    let statement_starts_here = matches!(
        prev,
        Some(Tok::Semi | Tok::LBrace | Tok::BlockLBrace | Tok::RBrace)
    ) && a
        .innermost_open()
        .is_some_and(|o| matches!(a.tok(o), Some(Tok::LBrace | Tok::BlockLBrace)));
    if statement_starts_here && matches!(shown, Some(Tok::Else)) {
        return Rule::new(At::Found, "'else' without an 'if'").help(
            "'else' follows the '}' of an if statement's block: `if c { ... } else { ... }`",
        );
    }
    if statement_starts_here && shown.is_some() && e.has("}") && e.has("if") {
        return Rule::new(
            At::Found,
            format!("expected a statement, found {}", a.found_text()),
        );
    }
    // `record { int a }`: without its `;` the field was not recognised as a field.
    if let (Some(open), Some(name)) = (a.innermost_open(), a.shown()) {
        let next = a.tok(name + 1);
        if brackets::owner_keyword(a.tokens, open) == Some(Tok::Record)
            && matches!(a.tok(name), Some(Tok::Ident(_)))
            && prev.is_some_and(ends_operand)
            && (matches!(next, Some(Tok::RBrace | Tok::PipeRBrace)) || a.on_new_line_after(name))
        {
            return Rule::new(At::Token(name), "expected ';' after the record field").at_end();
        }
    }
    // A missing `;`.
    let could_follow = ends_here || shown.is_some_and(starts_expression);
    if e.has(";") && could_follow && prev.is_some_and(|p| !is_operator(p)) {
        let missing_close = a.innermost_open().filter(|&o| {
            matches!(
                a.tok(o),
                Some(Tok::LParen | Tok::LBracket | Tok::ArrowLParen)
            )
        });
        if missing_close.is_none() {
            return Rule::new(
                At::AfterPrev,
                format!("expected ';' after {}", statement_name(a)),
            );
        }
    }
    // A missing `)`, `]` or `}`.
    if let Some(open) = a.innermost_open() {
        if let Some(close) = a.tok(open).and_then(closer) {
            let close_text = close.text().unwrap_or(")");
            if e.has(close_text) {
                let what = brackets::describe_open(a.tokens, open);
                let open_text = a.tok(open).and_then(Tok::text).unwrap_or("(");
                // A `}` is only reported missing at the end of the file (the pre-pass reports
                // it before a new declaration); elsewhere the token is stray.
                let brace = matches!(close, Tok::RBrace | Tok::PipeRBrace);
                let body_starts =
                    matches!(close, Tok::RParen) && matches!(shown, Some(Tok::LBrace));
                if !(brace && shown.is_some()) && (ends_here || body_starts || !e.has(",")) {
                    return Rule::new(
                        At::AfterPrev,
                        format!("expected '{close_text}' to close {what}"),
                    )
                    .label(open, format!("this '{open_text}' is not closed"));
                }
                if e.has(",") {
                    if shown.is_some_and(starts_expression) {
                        let item = match what.as_str() {
                            "the argument list" => "arguments",
                            "the parameter list" => "parameters",
                            _ => "items",
                        };
                        return Rule::new(
                            At::AfterPrev,
                            format!("expected ',' between the {item}"),
                        );
                    }
                    return Rule::new(
                        At::Found,
                        format!("expected ',' or '{close_text}', found {}", a.found_text()),
                    );
                }
            }
        }
    }
    // `x = ;`, `1 + ;`
    if e.expression() {
        let after = match prev {
            Some(p) => match p.text() {
                Some(text) => format!(" after '{text}'"),
                None => String::new(),
            },
            None => String::new(),
        };
        return Rule::new(At::AfterPrev, format!("expected an expression{after}"));
    }
    if e.type_only() {
        if matches!(prev, Some(Tok::Returns)) {
            return Rule::new(At::AfterPrev, "expected a type after 'returns'");
        }
        return Rule::new(
            At::Found,
            format!("expected a type, found {}", a.found_text()),
        );
    }
    // `function f(x)`, `final x = 1;`: a name was expected after what parsed as a type.
    if e.has("Ident") && prev.is_some_and(ends_operand) {
        let name = match prev {
            Some(Tok::Ident(name)) => format!(" after '{name}'"),
            _ => String::new(),
        };
        let open = a.innermost_open();
        if open.is_some_and(|o| brackets::describe_open(a.tokens, o) == "the parameter list") {
            return Rule::new(At::AfterPrev, format!("expected a parameter name{name}"))
                .help("a parameter needs a type and a name: `int count`");
        }
        if a.statement_is_declaration() {
            return Rule::new(At::AfterPrev, format!("expected a variable name{name}")).help(
                "a declaration needs a type and a name (`int x = 1;`), or 'var' (`var x = 1;`)",
            );
        }
    }
    if e.has("Ident")
        && matches!(
            prev,
            Some(Tok::Function | Tok::Type | Tok::Class | Tok::Const)
        )
    {
        let what = match prev {
            Some(Tok::Function) => "function",
            Some(Tok::Type) => "type",
            Some(Tok::Class) => "class",
            _ => "constant",
        };
        return Rule::new(
            At::Found,
            format!("expected a name for the {what}, found {}", a.found_text()),
        );
    }
    unexpected(a, e)
}

impl Around<'_> {
    /// Whether the found token is a stray token inside a statement header (`if a) {`) rather
    /// than the start of a body whose `{` is missing (`if a x = 1;`, a new line).
    fn stray_in_header(&self, e: &Expected) -> bool {
        // When the parser could still take an operator, an identifier on the same line is
        // not a missing brace (`if a b {`); a statement keyword or a new line is.
        let shown = self.shown_tok();
        let continues = e.has("+") || e.has(".");
        continues
            && !self.on_new_line()
            && !shown.is_some_and(starts_statement)
            && !shown.is_some_and(|t| matches!(t, Tok::Ident(_)))
    }
}

fn missing_open_brace(a: &Around<'_>, e: &Expected) -> Option<Rule> {
    let owner = brackets::owner_keyword(a.tokens, a.found)?;
    let (message, help) = match owner {
        Tok::If => (
            "expected '{' after the if condition",
            "the body of an if statement is a block: `if x > 0 { ... }`",
        ),
        Tok::Else => (
            "expected '{' or 'if' after 'else'",
            "the body of 'else' is a block: `else { ... }`",
        ),
        Tok::While => (
            "expected '{' after the while condition",
            "the body of a while loop is a block: `while i < 10 { ... }`",
        ),
        Tok::Foreach => (
            "expected '{' to start the body of the foreach loop",
            "`foreach int i in 0 ..< 10 { ... }`",
        ),
        Tok::Function if e.has("=>") => (
            "missing '{' to start the function body",
            "a function body is a block: `function f() returns int { return 1; }`",
        ),
        Tok::Match => (
            "expected '{' after the matched expression",
            "`match x { 1 => { ... } }`",
        ),
        Tok::FatArrow => (
            "expected '{' after '=>'",
            "the body of a match clause is a block: `1 => { ... }`",
        ),
        _ => return None,
    };
    Some(Rule::new(At::AfterPrev, message).help(help))
}

fn is_operator(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Plus
            | Tok::Minus
            | Tok::Star
            | Tok::Slash
            | Tok::Percent
            | Tok::Assign
            | Tok::EqEq
            | Tok::NotEq
            | Tok::Lt
            | Tok::Le
            | Tok::Gt
            | Tok::Ge
            | Tok::AmpAmp
            | Tok::PipePipe
            | Tok::Comma
            | Tok::Dot
            | Tok::Colon
            | Tok::Question
    )
}

/// "the variable declaration", "the return statement", ...
fn statement_name(a: &Around<'_>) -> String {
    if let Some(open) = a.innermost_open() {
        match brackets::owner_keyword(a.tokens, open) {
            Some(Tok::Record) => return "the record field".to_string(),
            Some(Tok::Class | Tok::Object) => return "the field declaration".to_string(),
            _ => {}
        }
    }
    let name = match a.statement_keyword() {
        Some(Tok::Return) => "the return statement",
        Some(Tok::Panic) => "the panic statement",
        Some(Tok::Fail) => "the fail statement",
        _ if a.statement().iter().any(|t| t.tok == Tok::SendArrow) => "the send",
        Some(Tok::Break) => "'break'",
        Some(Tok::Continue) => "'continue'",
        Some(Tok::Import) => "the import declaration",
        Some(Tok::Type) => "the type definition",
        Some(Tok::Const) => "the constant declaration",
        Some(Tok::Function) if a.at_module_level() => "the function",
        _ if a.statement_is_declaration() => "the variable declaration",
        _ if a.at_module_level() => "the declaration",
        _ => {
            let assigns = a.statement().iter().any(|t| {
                matches!(
                    t.tok,
                    Tok::Assign
                        | Tok::PlusAssign
                        | Tok::MinusAssign
                        | Tok::StarAssign
                        | Tok::SlashAssign
                )
            });
            if assigns {
                "the assignment"
            } else if matches!(a.prev_tok(), Some(Tok::RParen)) {
                "the call"
            } else {
                "the statement"
            }
        }
    };
    name.to_string()
}

/// `int type = 1;` (found `type`) and `string error = "e";` (found `=` after `error`).
fn keyword_as_name(a: &Around<'_>, e: &Expected) -> Option<Rule> {
    let shown = a.shown()?;
    let shown_tok = a.tok(shown)?;
    let after = a.tok(shown + 1);
    let prev = a.prev_tok();
    let before_value = |t: Option<&Tok>| {
        matches!(
            t,
            Some(Tok::Assign | Tok::Semi | Tok::Comma | Tok::RParen | Tok::In)
        )
    };
    let (index, word) = if let Some(word) = keyword(shown_tok) {
        let function_name = matches!(prev, Some(Tok::Function | Tok::BareFunction))
            && matches!(after, Some(Tok::LParen));
        if !(function_name || prev.is_some_and(ends_operand) && before_value(after)) {
            return None;
        }
        (shown, word)
    } else if e.has("Ident") && before_value(Some(shown_tok)) {
        let prev_index = a.prev?;
        let word = prev.and_then(keyword)?;
        // `int = 5;` names no variable at all; only a keyword after a type is a name.
        let before = real_before(a.tokens, prev_index).and_then(|i| a.tok(i));
        if !before.is_some_and(ends_operand) {
            return None;
        }
        (prev_index, word)
    } else {
        return None;
    };
    Some(
        Rule::new(
            At::Token(index),
            format!("'{word}' is a keyword and cannot be used as a name"),
        )
        .help(format!(
            "to use a keyword as a name, quote it: '{word} (or choose another name)"
        )),
    )
}

/// `for (int i = 0; i < 10; i++) { ... }`: the pre-pass turned the header into one token.
fn c_style_for(a: &Around<'_>) -> Option<Rule> {
    let shown = a.shown()?;
    if !matches!(a.tok(shown), Some(Tok::ForHeader)) {
        return None;
    }
    let for_end = a.tokens[shown].start + 3;
    let mut rule = Rule::new(At::Token(shown), "Ballerina has no C-style 'for' loop")
        .help("loop over a range with foreach: `foreach int i in 0 ..< 10 { ... }`");
    rule.at = At::Range(a.tokens[shown].start, for_end);
    Some(rule)
}

/// The fallback: a token that does not belong here.
fn unexpected(a: &Around<'_>, e: &Expected) -> Rule {
    let found = a.found_text();
    if a.shown().is_none() {
        return Rule::new(At::AfterPrev, "unexpected end of file");
    }
    let shown = a.shown_tok();
    if matches!(shown, Some(Tok::RBrace)) && a.innermost_open().is_none() {
        return Rule::new(
            At::Found,
            "unexpected '}': there is no open '{' for it to close",
        );
    }
    if matches!(shown, Some(Tok::Import)) {
        return Rule::new(
            At::Found,
            "imports must come before every other declaration",
        );
    }
    let listed = short_list(e);
    if let Some(listed) = listed {
        return Rule::new(At::Found, format!("expected {listed}, found {found}"));
    }
    let at_module = a.innermost_open().is_none();
    if at_module {
        return Rule::new(At::Found, format!("unexpected {found}"))
            .help("expected a declaration: a function, type, constant, class or module variable");
    }
    match brackets::owner_keyword(a.tokens, a.innermost_open().unwrap_or(0)) {
        Some(Tok::Record) => Rule::new(At::Found, format!("unexpected {found} in the record type"))
            .help("a record field is a type and a name: `string name;`"),
        Some(Tok::Class | Tok::Object) => Rule::new(
            At::Found,
            format!("unexpected {found} in the class body"),
        )
        .help(
            "a class member is a field (`int count = 0;`) or a method (`function name() { ... }`)",
        ),
        _ => Rule::new(At::Found, format!("unexpected {found}")),
    }
}

/// "';' or ')'" when the parser expected at most three punctuation tokens and nothing else;
/// never a list of keywords and categories.
fn short_list(e: &Expected) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for name in &e.0 {
        let readable = match name.as_str() {
            "InterpEnd" => "}".to_string(),
            "GtAdj" => ">".to_string(),
            "QColon" => ":".to_string(),
            "OptQ" => "?".to_string(),
            "BlockLBrace" => "{".to_string(),
            "ArrowLParen" => "(".to_string(),
            "TypePipe" => "|".to_string(),
            "TypeAmp" => "&".to_string(),
            // Wherever `isolated object` may come, `object` may too: the qualifier adds nothing.
            "TypeQual" => continue,
            other if other.chars().any(|c| c.is_ascii_alphanumeric()) => return None,
            other => other.to_string(),
        };
        let quoted = format!("'{readable}'");
        if !names.contains(&quoted) {
            names.push(quoted);
        }
    }
    match names.len() {
        1 => Some(names.remove(0)),
        2 | 3 => {
            let last = names.pop()?;
            Some(format!("{} or {last}", names.join(", ")))
        }
        _ => None,
    }
}
