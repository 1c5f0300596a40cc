//! The lexer: logos recognises code tokens, and a mode stack driver handles string templates.
//!
//! Modes: `Code` (logos; counts `{`/`}` so it knows which `}` closes an interpolation) and
//! `Template` (raw text scanned by hand up to `` ` `` or `${`). A backtick in code pushes a
//! template mode; `${` in a template pushes a code mode; `}` at brace depth zero of an
//! interpolation's code mode pops it. Templates therefore nest to any depth. An XML template
//! mode can be added as another `Mode` variant.

mod literals;
mod raw;
pub mod token;

use crate::ast::FloatSuffix;
use intc_diagnostics::{codes, Diagnostic};
use intc_span::{FileId, Span};
pub use literals::hex_float;
use logos::Logos;
use raw::Raw;
pub use token::Tok;

/// A token with its byte range.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned {
    pub start: usize,
    pub tok: Tok,
    pub end: usize,
}

enum Mode {
    Code { braces: u32, interpolation: bool },
    Template { start: usize },
}

/// Lexes a whole file. Never fails: bad input becomes diagnostics (E0002..E0004).
pub fn lex(file: FileId, text: &str) -> (Vec<Spanned>, Vec<Diagnostic>) {
    let mut lexer = Lexer {
        file,
        text,
        tokens: Vec::new(),
        diagnostics: Vec::new(),
    };
    lexer.run();
    (lexer.tokens, lexer.diagnostics)
}

struct Lexer<'a> {
    file: FileId,
    text: &'a str,
    tokens: Vec<Spanned>,
    diagnostics: Vec<Diagnostic>,
}

impl Lexer<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        let clamp = |offset: usize| offset.min(u32::MAX as usize) as u32;
        Span::new(self.file, clamp(start), clamp(end))
    }

    fn push(&mut self, start: usize, tok: Tok, end: usize) {
        self.tokens.push(Spanned { start, tok, end });
    }

    fn error(&mut self, code: intc_diagnostics::Code, start: usize, end: usize, message: String) {
        let span = self.span(start, end);
        self.diagnostics
            .push(Diagnostic::error(code, span, message));
    }

    fn run(&mut self) {
        let mut modes = vec![Mode::Code {
            braces: 0,
            interpolation: false,
        }];
        let mut position = 0;
        loop {
            let next = match modes.last() {
                Some(Mode::Template { .. }) => self.template_text(position, &mut modes),
                Some(Mode::Code { .. }) => self.code(position, &mut modes),
                None => None,
            };
            match next {
                Some(resume) => position = resume,
                None => break,
            }
        }
        // Close whatever is still open so the parser sees balanced templates.
        let end = self.text.len();
        while let Some(mode) = modes.pop() {
            match mode {
                Mode::Template { start } => {
                    self.error(
                        codes::UNTERMINATED,
                        start,
                        start + 1,
                        "unterminated string template".to_string(),
                    );
                    self.push(end, Tok::TemplateEnd, end);
                }
                Mode::Code {
                    interpolation: true,
                    ..
                } => self.push(end, Tok::InterpEnd, end),
                Mode::Code { .. } => {}
            }
        }
    }

    /// Scans template text from `position`; returns where to resume, `None` at end of input.
    fn template_text(&mut self, position: usize, modes: &mut Vec<Mode>) -> Option<usize> {
        let rest = self.text.get(position..)?;
        let bytes = rest.as_bytes();
        let mut index = 0;
        while index < bytes.len() {
            match bytes[index] {
                b'`' => {
                    if index > 0 {
                        self.push(
                            position,
                            Tok::TemplateText(rest[..index].to_string()),
                            position + index,
                        );
                    }
                    self.push(position + index, Tok::TemplateEnd, position + index + 1);
                    modes.pop();
                    return Some(position + index + 1);
                }
                b'$' if bytes.get(index + 1) == Some(&b'{') => {
                    if index > 0 {
                        self.push(
                            position,
                            Tok::TemplateText(rest[..index].to_string()),
                            position + index,
                        );
                    }
                    self.push(position + index, Tok::InterpStart, position + index + 2);
                    modes.push(Mode::Code {
                        braces: 0,
                        interpolation: true,
                    });
                    return Some(position + index + 2);
                }
                _ => index += 1,
            }
        }
        if !rest.is_empty() {
            self.push(
                position,
                Tok::TemplateText(rest.to_string()),
                self.text.len(),
            );
        }
        None
    }

    /// Lexes code from `position` until a mode change; returns where to resume.
    fn code(&mut self, position: usize, modes: &mut Vec<Mode>) -> Option<usize> {
        let rest = self.text.get(position..)?;
        let mut raw_lexer = Raw::lexer(rest);
        while let Some(result) = raw_lexer.next() {
            let range = raw_lexer.span();
            let (start, end) = (position + range.start, position + range.end);
            let slice = raw_lexer.slice();
            let raw = match result {
                Ok(raw) => raw,
                Err(()) => {
                    let shown = slice.chars().next().unwrap_or('?');
                    self.error(
                        codes::LEXICAL,
                        start,
                        end,
                        format!("unexpected character '{}'", shown.escape_debug()),
                    );
                    continue;
                }
            };
            match raw {
                Raw::Backtick => {
                    // `re` before a template is the regular expression data tag.
                    if let Some(previous) = self.tokens.last_mut() {
                        if matches!(&previous.tok, Tok::Ident(name) if name == "re") {
                            previous.tok = Tok::ReTag;
                        }
                    }
                    self.push(start, Tok::TemplateStart, end);
                    modes.push(Mode::Template { start });
                    return Some(end);
                }
                Raw::LBrace | Raw::LBracePipe => {
                    if let Some(Mode::Code { braces, .. }) = modes.last_mut() {
                        *braces += 1;
                    }
                }
                Raw::RBrace => {
                    if let Some(Mode::Code {
                        braces,
                        interpolation,
                    }) = modes.last_mut()
                    {
                        if *braces == 0 && *interpolation {
                            self.push(start, Tok::InterpEnd, end);
                            modes.pop();
                            return Some(end);
                        }
                        *braces = braces.saturating_sub(1);
                    }
                }
                Raw::PipeRBrace => {
                    if let Some(Mode::Code { braces, .. }) = modes.last_mut() {
                        *braces = braces.saturating_sub(1);
                    }
                }
                Raw::QuestionEllipsis => {
                    self.push(start, Tok::Question, start + 1);
                    self.push(start + 1, Tok::Ellipsis, end);
                    continue;
                }
                _ => {}
            }
            let tok = self.convert(raw, slice, start, end);
            self.push(start, tok, end);
        }
        None
    }

    fn convert(&mut self, raw: Raw, slice: &str, start: usize, end: usize) -> Tok {
        match raw {
            Raw::DocLine => Tok::DocLine(slice[1..].to_string()),
            Raw::Ident => self.identifier(slice, start),
            Raw::QuotedIdent => self.identifier(&slice[1..], start + 1),
            Raw::HexFloat => match literals::hex_float(slice) {
                // The only candidate type of a hex literal is float; its value is kept as
                // decimal text so later stages parse every float literal the same way.
                Some(value) => Tok::Float(format!("{value:?}"), FloatSuffix::Float),
                None => {
                    self.error(
                        codes::LITERAL_OUT_OF_RANGE,
                        start,
                        end,
                        "floating point literal is too large for float".to_string(),
                    );
                    Tok::Float("0.0".to_string(), FloatSuffix::Float)
                }
            },
            Raw::Base16 | Raw::Base64 => {
                let open = slice.find('`').unwrap_or(0);
                let content = &slice[open + 1..slice.len() - 1];
                let decoded = if raw == Raw::Base16 {
                    literals::base16(content)
                } else {
                    literals::base64(content)
                };
                match decoded {
                    Ok(bytes) => Tok::Bytes(bytes),
                    Err(message) => {
                        self.error(codes::INVALID_BYTE_ARRAY, start, end, message);
                        Tok::Bytes(Vec::new())
                    }
                }
            }
            Raw::DecimalInt => {
                let value = literals::decimal_int(slice);
                if value.is_none() {
                    self.error(
                        codes::LITERAL_OUT_OF_RANGE,
                        start,
                        end,
                        "integer literal is too large for int".to_string(),
                    );
                }
                Tok::Int(value)
            }
            Raw::HexInt => {
                let value = literals::hex_int(slice);
                if value.is_none() {
                    self.error(
                        codes::LITERAL_OUT_OF_RANGE,
                        start,
                        end,
                        "integer literal is too large for int".to_string(),
                    );
                }
                Tok::Int(value)
            }
            Raw::Float => {
                let (text, suffix) = literals::float_parts(slice);
                Tok::Float(text, suffix)
            }
            Raw::Str => self.string(&slice[1..slice.len() - 1], start + 1),
            Raw::UnterminatedStr => {
                self.error(
                    codes::UNTERMINATED,
                    start,
                    end,
                    "unterminated string literal".to_string(),
                );
                self.string(&slice[1..], start + 1)
            }
            Raw::Gt if self.text.as_bytes().get(end) == Some(&b'>') => Tok::GtAdj,
            other => keyword_or_punct(other),
        }
    }

    /// An identifier with its escapes decoded (`'int` arrives without the quote).
    fn identifier(&mut self, text: &str, text_start: usize) -> Tok {
        let (name, bad) = literals::decode_identifier(text);
        if let Some((from, to)) = bad {
            self.error(
                codes::INVALID_IDENTIFIER_ESCAPE,
                text_start + from,
                text_start + to,
                "invalid unicode code point in an identifier escape".to_string(),
            );
        }
        Tok::Ident(name)
    }

    fn string(&mut self, body: &str, body_start: usize) -> Tok {
        let (value, errors) = literals::decode_string(body);
        for (from, to, message) in errors {
            self.error(codes::LEXICAL, body_start + from, body_start + to, message);
        }
        Tok::Str(value)
    }
}

fn keyword_or_punct(raw: Raw) -> Tok {
    match raw {
        Raw::Import => Tok::Import,
        Raw::As => Tok::As,
        Raw::Public => Tok::Public,
        Raw::Private => Tok::Private,
        Raw::External => Tok::External,
        Raw::Final => Tok::Final,
        Raw::Function => Tok::Function,
        Raw::Object => Tok::Object,
        Raw::Record => Tok::Record,
        Raw::Returns => Tok::Returns,
        Raw::Client => Tok::Client,
        Raw::Const => Tok::Const,
        Raw::Typeof => Tok::Typeof,
        Raw::Int => Tok::KwInt,
        Raw::Byte => Tok::KwByte,
        Raw::FloatKw => Tok::KwFloat,
        Raw::Decimal => Tok::KwDecimal,
        Raw::Boolean => Tok::KwBoolean,
        Raw::String => Tok::KwString,
        Raw::Error => Tok::KwError,
        Raw::Map => Tok::KwMap,
        Raw::Json => Tok::KwJson,
        Raw::Xml => Tok::KwXml,
        Raw::Xmlns => Tok::Xmlns,
        Raw::Any => Tok::KwAny,
        Raw::Anydata => Tok::KwAnydata,
        Raw::Typedesc => Tok::KwTypedesc,
        Raw::Type => Tok::Type,
        Raw::Handle => Tok::KwHandle,
        Raw::Readonly => Tok::KwReadonly,
        Raw::Never => Tok::KwNever,
        Raw::Var => Tok::Var,
        Raw::New => Tok::New,
        Raw::If => Tok::If,
        Raw::Else => Tok::Else,
        Raw::Match => Tok::Match,
        Raw::Foreach => Tok::Foreach,
        Raw::While => Tok::While,
        Raw::Continue => Tok::Continue,
        Raw::Break => Tok::Break,
        Raw::Panic => Tok::Panic,
        Raw::Trap => Tok::Trap,
        Raw::Return => Tok::Return,
        Raw::In => Tok::In,
        Raw::Lock => Tok::Lock,
        Raw::Start => Tok::Start,
        Raw::Wait => Tok::Wait,
        Raw::Worker => Tok::Worker,
        Raw::Fork => Tok::Fork,
        Raw::Flush => Tok::Flush,
        Raw::Future => Tok::KwFuture,
        Raw::Table => Tok::KwTable,
        Raw::Stream => Tok::KwStream,
        Raw::Check => Tok::Check,
        Raw::Checkpanic => Tok::Checkpanic,
        Raw::Is => Tok::Is,
        Raw::Enum => Tok::Enum,
        Raw::Isolated => Tok::Isolated,
        Raw::Distinct => Tok::Distinct,
        Raw::Configurable => Tok::Configurable,
        Raw::Fail => Tok::Fail,
        Raw::Do => Tok::Do,
        Raw::On => Tok::On,
        Raw::Null => Tok::Null,
        Raw::True => Tok::True,
        Raw::False => Tok::False,
        Raw::Let => Tok::Let,
        Raw::Class => Tok::Class,
        Raw::Service => Tok::Service,
        Raw::Remote => Tok::Remote,
        Raw::Resource => Tok::Resource,
        Raw::Transactional => Tok::Transactional,
        Raw::Transaction => Tok::Transaction,
        Raw::Commit => Tok::Commit,
        Raw::Rollback => Tok::Rollback,
        Raw::Retry => Tok::Retry,
        Raw::Annotation => Tok::Annotation,
        Raw::LParen => Tok::LParen,
        Raw::RParen => Tok::RParen,
        Raw::LBracket => Tok::LBracket,
        Raw::RBracket => Tok::RBracket,
        Raw::LBrace => Tok::LBrace,
        Raw::RBrace => Tok::RBrace,
        Raw::LBracePipe => Tok::LBracePipe,
        Raw::PipeRBrace => Tok::PipeRBrace,
        Raw::Semi => Tok::Semi,
        Raw::Comma => Tok::Comma,
        Raw::Dot => Tok::Dot,
        Raw::Ellipsis => Tok::Ellipsis,
        Raw::DotDotLt => Tok::DotDotLt,
        Raw::Colon => Tok::Colon,
        Raw::Question => Tok::Question,
        Raw::Elvis => Tok::Elvis,
        Raw::QuestionDot => Tok::QuestionDot,
        Raw::Assign => Tok::Assign,
        Raw::EqEq => Tok::EqEq,
        Raw::NotEq => Tok::NotEq,
        Raw::EqEqEq => Tok::EqEqEq,
        Raw::NotEqEq => Tok::NotEqEq,
        Raw::FatArrow => Tok::FatArrow,
        Raw::Lt => Tok::Lt,
        Raw::Le => Tok::Le,
        Raw::Gt => Tok::Gt,
        Raw::Ge => Tok::Ge,
        Raw::Plus => Tok::Plus,
        Raw::Minus => Tok::Minus,
        Raw::Star => Tok::Star,
        Raw::Slash => Tok::Slash,
        Raw::Percent => Tok::Percent,
        Raw::Bang => Tok::Bang,
        Raw::Tilde => Tok::Tilde,
        Raw::Amp => Tok::Amp,
        Raw::AmpAmp => Tok::AmpAmp,
        Raw::Pipe => Tok::Pipe,
        Raw::PipePipe => Tok::PipePipe,
        Raw::Caret => Tok::Caret,
        Raw::Shl => Tok::Shl,
        Raw::At => Tok::At,
        Raw::RightArrow => Tok::RightArrow,
        Raw::SyncArrow => Tok::SyncArrow,
        Raw::LeftArrow => Tok::LeftArrow,
        Raw::PlusAssign => Tok::PlusAssign,
        Raw::MinusAssign => Tok::MinusAssign,
        Raw::StarAssign => Tok::StarAssign,
        Raw::SlashAssign => Tok::SlashAssign,
        Raw::PercentAssign => Tok::PercentAssign,
        Raw::AmpAssign => Tok::AmpAssign,
        Raw::PipeAssign => Tok::PipeAssign,
        Raw::CaretAssign => Tok::CaretAssign,
        Raw::ShlAssign => Tok::ShlAssign,
        Raw::ShrAssign => Tok::ShrAssign,
        Raw::UShrAssign => Tok::UShrAssign,
        // Handled by the driver before conversion; unreachable in practice, but harmless.
        Raw::DocLine
        | Raw::Ident
        | Raw::QuotedIdent
        | Raw::DecimalInt
        | Raw::HexInt
        | Raw::HexFloat
        | Raw::Float => Tok::Ident(String::new()),
        Raw::Base16 | Raw::Base64 => Tok::Bytes(Vec::new()),
        Raw::Str | Raw::UnterminatedStr => Tok::Str(String::new()),
        Raw::Backtick => Tok::TemplateStart,
        Raw::QuestionEllipsis => Tok::Ellipsis,
    }
}
