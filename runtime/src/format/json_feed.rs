//! Incremental JSON parsing: a document that arrives in blocks (`jsondata:parseStream`) is
//! parsed as the blocks come, keeping only the open containers and the unconsumed tail of
//! the text, never the whole text.
//!
//! The result and every error are those of [`super::parse_json`] over the joined blocks
//! (after the UTF-8 check `parseBytes` makes first): the machine below takes the steps of
//! `Parser::tree` one token at a time, and a token is only lexed once the text holds all of
//! it (a string's closing quote, the byte after a number or a word), so the lexer sees the
//! same bytes it would see in the whole text and fails at the same place. Its positions are
//! made whole-document positions by the parser's `Origin`. A token that is still incomplete
//! is retried only once the tail has doubled, so a long token costs linear time.

use super::json::{JsonSyntaxError, Origin, Parser};
use crate::types::TypeTable;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};

/// Why an incrementally parsed document was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonFeedError {
    /// The bytes are not UTF-8: the offset of the first invalid one.
    Utf8(usize),
    Syntax(JsonSyntaxError),
}

enum Open {
    List(Vec<Value>),
    Map(ValueMap, Option<String>),
}

/// Where the machine is, between tokens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// A value is expected.
    Value,
    /// After `[`: `]` or the first member.
    ListFirst,
    /// After `{`: `}` or the first key.
    MapFirst,
    /// After a key: `:`.
    Colon,
    /// After a member of the innermost container: `,` or its end.
    Member,
    /// After `,` in an object: the next key.
    MapKey,
    /// The document's value is complete: only spaces may follow.
    Done,
}

/// What one step did.
enum Stepped {
    Continue,
    /// The tail ends inside the next token: wait for more text.
    More,
}

/// An incremental parser of one JSON document into a `json` value (or an `anydata` one: the
/// types of its lists and mappings are the caller's).
pub struct JsonFeed {
    list_ty: intc_ir::TypeId,
    map_ty: intc_ir::TypeId,
    /// The unconsumed text: `valid` bytes of UTF-8, then at most an incomplete character.
    tail: Vec<u8>,
    valid: usize,
    /// The whole-document offset of `tail[0]`, and the line breaks before it.
    offset: usize,
    origin: Origin,
    stack: Vec<Open>,
    phase: Phase,
    /// The completed value, once `phase` is `Done`.
    value: Option<Value>,
    /// The first error; the rest of the text is then only checked for UTF-8.
    error: Option<JsonFeedError>,
    /// Lexing waits until the tail is at least this long (a stuck token's retry).
    wait_for: usize,
}

impl JsonFeed {
    /// A parser building `json[]` lists and `map<json>` mappings, as `parse_json` does.
    pub fn new(types: &TypeTable) -> JsonFeed {
        JsonFeed::with_types(types.well_known.json_list, types.well_known.json_map)
    }

    /// A parser building lists of type `list_ty` and mappings of type `map_ty`.
    pub fn with_types(list_ty: intc_ir::TypeId, map_ty: intc_ir::TypeId) -> JsonFeed {
        JsonFeed {
            list_ty,
            map_ty,
            tail: Vec::new(),
            valid: 0,
            offset: 0,
            origin: Origin::default(),
            stack: Vec::new(),
            phase: Phase::Value,
            value: None,
            error: None,
            wait_for: 0,
        }
    }

    /// The next block of the document.
    pub fn feed(&mut self, block: &[u8]) {
        if matches!(self.error, Some(JsonFeedError::Utf8(_))) {
            return;
        }
        self.tail.extend_from_slice(block);
        match std::str::from_utf8(&self.tail[self.valid..]) {
            Ok(_) => self.valid = self.tail.len(),
            Err(e) => {
                self.valid += e.valid_up_to();
                if e.error_len().is_some() {
                    self.error = Some(JsonFeedError::Utf8(self.offset + self.valid));
                    self.tail = Vec::new();
                    return;
                }
            }
        }
        if self.error.is_some() {
            // Only the UTF-8 check goes on: keep the incomplete character, if any.
            self.consume(self.valid);
        } else if self.valid >= self.wait_for {
            self.run(false);
        }
    }

    /// The end of the document: its value, or the error `parseBytes` reports for it.
    pub fn finish(mut self) -> Result<Value, JsonFeedError> {
        if self.valid < self.tail.len() && !matches!(self.error, Some(JsonFeedError::Utf8(_))) {
            // The text ends inside a character.
            return Err(JsonFeedError::Utf8(self.offset + self.valid));
        }
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.run(true);
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        match self.value.take() {
            Some(value) => Ok(value),
            None => Err(JsonFeedError::Syntax(JsonSyntaxError {
                message: "unexpected end of JSON document".to_string(),
            })),
        }
    }

    /// Lexes what the tail holds; `last` when no more text comes.
    fn run(&mut self, last: bool) {
        let tail = std::mem::take(&mut self.tail);
        let text = match std::str::from_utf8(&tail[..self.valid]) {
            Ok(text) => text,
            // `valid` is always a UTF-8 prefix; nothing to lex otherwise.
            Err(_) => {
                self.tail = tail;
                return;
            }
        };
        let mut parser = Parser::new(text);
        parser.origin = self.origin;
        let outcome = loop {
            let start = parser.pos;
            match self.step(&mut parser, last) {
                Ok(Stepped::Continue) if self.phase == Phase::Done && parser.pos == start => {
                    break Ok(());
                }
                Ok(Stepped::Continue) => {}
                Ok(Stepped::More) => break Ok(()),
                Err(error) => break Err(error),
            }
        };
        let consumed = parser.pos;
        let stuck = self.valid - consumed;
        self.tail = tail;
        match outcome {
            Ok(()) => {
                self.consume(consumed);
                self.wait_for = if stuck > 0 { stuck * 2 } else { 0 };
            }
            Err(error) => {
                self.error = Some(JsonFeedError::Syntax(error));
                self.consume(self.valid);
            }
        }
    }

    /// Drops the first `count` bytes of the tail, counting their line breaks.
    fn consume(&mut self, count: usize) {
        let gone = &self.tail[..count];
        match gone.iter().rposition(|b| *b == b'\n') {
            Some(last) => {
                self.origin.lines += gone.iter().filter(|b| **b == b'\n').count();
                self.origin.column = count - last - 1;
            }
            None => self.origin.column += count,
        }
        self.tail.drain(..count);
        self.valid -= count;
        self.offset += count;
    }

    /// One token of `Parser::tree`'s grammar, or `More` when the text ends inside it (never
    /// when `last`).
    fn step(&mut self, p: &mut Parser<'_>, last: bool) -> Result<Stepped, JsonSyntaxError> {
        p.skip_space();
        let Some(byte) = p.peek() else {
            if !last {
                return Ok(Stepped::More);
            }
            return Err(p.error(match self.phase {
                Phase::Value | Phase::ListFirst => "unexpected end of JSON document",
                Phase::MapFirst => "expected '\"' or '}'",
                Phase::Colon => "expected ':'",
                Phase::MapKey => "expected '\"'",
                Phase::Member => match self.stack.last() {
                    Some(Open::Map(..)) => "expected ',' or '}'",
                    _ => "expected ',' or ']'",
                },
                Phase::Done => return Ok(Stepped::Continue),
            }));
        };
        match self.phase {
            Phase::Done => Err(p.error("unexpected content after JSON document")),
            Phase::ListFirst if byte == b']' => {
                p.pos += 1;
                self.stack.pop();
                self.complete(Value::List(ListObj::new(self.list_ty, Vec::new())));
                Ok(Stepped::Continue)
            }
            Phase::ListFirst => {
                self.phase = Phase::Value;
                Ok(Stepped::Continue)
            }
            Phase::MapFirst if byte == b'}' => {
                p.pos += 1;
                self.stack.pop();
                self.complete(Value::Map(MapObj::new(self.map_ty, ValueMap::default())));
                Ok(Stepped::Continue)
            }
            Phase::MapFirst | Phase::MapKey if byte == b'"' => self.key(p, last),
            Phase::MapFirst => Err(p.error("expected '\"' or '}'")),
            Phase::MapKey => Err(p.error("expected '\"'")),
            Phase::Colon if byte == b':' => {
                p.pos += 1;
                self.phase = Phase::Value;
                Ok(Stepped::Continue)
            }
            Phase::Colon => Err(p.error("expected ':'")),
            Phase::Member => self.member_end(p, byte),
            Phase::Value => self.value(p, byte, last),
        }
    }

    fn value(
        &mut self,
        p: &mut Parser<'_>,
        byte: u8,
        last: bool,
    ) -> Result<Stepped, JsonSyntaxError> {
        let value = match byte {
            b'[' => {
                p.pos += 1;
                self.stack.push(Open::List(Vec::new()));
                self.phase = Phase::ListFirst;
                return Ok(Stepped::Continue);
            }
            b'{' => {
                p.pos += 1;
                self.stack.push(Open::Map(ValueMap::default(), None));
                self.phase = Phase::MapFirst;
                return Ok(Stepped::Continue);
            }
            b'"' if !last && !string_ends(&p.bytes[p.pos..]) => return Ok(Stepped::More),
            b'"' => Value::string(p.string()?),
            b't' | b'f' | b'n' | b'-' | b'0'..=b'9' if !last && !word_ends(&p.bytes[p.pos..]) => {
                return Ok(Stepped::More);
            }
            b't' => p.literal("true", Value::Boolean(true))?,
            b'f' => p.literal("false", Value::Boolean(false))?,
            b'n' => p.literal("null", Value::Nil)?,
            b'-' | b'0'..=b'9' => p.number()?,
            _ => return Err(p.error("unrecognized token")),
        };
        self.complete(value);
        Ok(Stepped::Continue)
    }

    /// An object's key, then `Colon`.
    fn key(&mut self, p: &mut Parser<'_>, last: bool) -> Result<Stepped, JsonSyntaxError> {
        if !last && !string_ends(&p.bytes[p.pos..]) {
            return Ok(Stepped::More);
        }
        let key = p.string()?;
        if let Some(Open::Map(_, slot)) = self.stack.last_mut() {
            *slot = Some(key);
        }
        self.phase = Phase::Colon;
        Ok(Stepped::Continue)
    }

    /// `,` or the end of the innermost container, after one of its members.
    fn member_end(&mut self, p: &mut Parser<'_>, byte: u8) -> Result<Stepped, JsonSyntaxError> {
        let is_map = matches!(self.stack.last(), Some(Open::Map(..)));
        match (byte, is_map) {
            (b',', false) => {
                p.pos += 1;
                self.phase = Phase::Value;
            }
            (b',', true) => {
                p.pos += 1;
                self.phase = Phase::MapKey;
            }
            (b']', false) => {
                p.pos += 1;
                if let Some(Open::List(items)) = self.stack.pop() {
                    self.complete(Value::List(ListObj::new(self.list_ty, items)));
                }
            }
            (b'}', true) => {
                p.pos += 1;
                if let Some(Open::Map(entries, _)) = self.stack.pop() {
                    self.complete(Value::Map(MapObj::new(self.map_ty, entries)));
                }
            }
            (_, false) => return Err(p.error("expected ',' or ']'")),
            (_, true) => return Err(p.error("expected ',' or '}'")),
        }
        Ok(Stepped::Continue)
    }

    /// A value is complete: it becomes a member of the innermost container, or the document.
    fn complete(&mut self, value: Value) {
        match self.stack.last_mut() {
            None => {
                self.value = Some(value);
                self.phase = Phase::Done;
            }
            Some(Open::List(items)) => {
                items.push(value);
                self.phase = Phase::Member;
            }
            Some(Open::Map(entries, key)) => {
                if let Some(k) = key.take() {
                    entries.insert(MapKey::new(&k), value);
                }
                self.phase = Phase::Member;
            }
        }
    }
}

/// Whether `text` (at an opening quote) holds the string's closing quote.
fn string_ends(text: &[u8]) -> bool {
    let mut i = 1;
    while let Some(&b) = text.get(i) {
        match b {
            b'"' => return true,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    false
}

/// Whether `text` (at a number or a word) holds a byte after it.
fn word_ends(text: &[u8]) -> bool {
    text.iter()
        .any(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')))
}

#[cfg(test)]
#[path = "json_feed_tests.rs"]
mod tests;
