//! JSON: parsing `fromJsonString` input into Ballerina values and `toJson`.
//!
//! The parser is iterative (an explicit stack of open containers) so hostile input nested
//! millions deep cannot overflow the Rust stack. Numbers follow `lang.value:fromJsonString`:
//! an integer-syntax number in int range becomes `int`, `-0` becomes float `-0.0`, anything
//! else becomes `decimal`.

use crate::types::TypeTable;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_decimal::Decimal;
use std::borrow::Cow;

/// Why a JSON text was rejected (message in jBallerina's style).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonSyntaxError {
    pub message: String,
}

enum Open {
    List(Vec<Value>),
    Map(ValueMap, Option<String>),
}

/// Where a parser's text sits in the whole document: the incremental parser
/// (`json_feed.rs`) runs the lexer over the unconsumed tail, so positions in messages count
/// the lines before it, and a column may start before it.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Origin {
    /// Line breaks before the text.
    pub lines: usize,
    /// Bytes between the last line break before the text and the text's start.
    pub column: usize,
}

/// The lexer over a JSON text, shared with the typed reader (`json_typed.rs`).
pub(super) struct Parser<'a> {
    pub text: &'a str,
    pub bytes: &'a [u8],
    pub pos: usize,
    pub origin: Origin,
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            origin: Origin::default(),
        }
    }

    pub fn error(&self, what: &str) -> JsonSyntaxError {
        let line = self.text[..self.pos.min(self.text.len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            + self.origin.lines
            + 1;
        JsonSyntaxError {
            message: format!("{what} at line: {line} column: {}", self.column()),
        }
    }

    fn column(&self) -> usize {
        let before = &self.bytes[..self.pos.min(self.bytes.len())];
        match before.iter().rposition(|b| *b == b'\n') {
            Some(p) => self.pos.saturating_sub(p + 1) + 1,
            None => self.pos + self.origin.column + 1,
        }
    }

    pub fn skip_space(&mut self) {
        while let Some(b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub fn literal(&mut self, word: &str, value: Value) -> Result<Value, JsonSyntaxError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("unrecognized token"))
        }
    }

    pub fn string(&mut self) -> Result<String, JsonSyntaxError> {
        // Opening quote already checked.
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            self.pos = string_end(self.bytes, self.pos);
            out.push_str(&self.text[start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self.peek().ok_or_else(|| self.error("unexpected end"))?;
                    self.pos += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("invalid escape")),
                    }
                }
                Some(_) => return Err(self.error("unescaped control character in string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// The string at the current position (its opening quote), borrowed from the text when it
    /// has no escapes: object keys, which the typed reader looks up rather than keeps.
    pub fn key(&mut self) -> Result<Cow<'a, str>, JsonSyntaxError> {
        let start = self.pos + 1;
        let end = string_end(self.bytes, start);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok(Cow::Borrowed(&self.text[start..end]));
        }
        self.string().map(Cow::Owned)
    }

    fn hex4(&mut self) -> Result<u32, JsonSyntaxError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("invalid unicode escape"))?;
        let code =
            u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid unicode escape"))?;
        self.pos += 4;
        Ok(code)
    }

    fn unicode_escape(&mut self) -> Result<char, JsonSyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.text[self.pos..].starts_with("\\u") {
                return Err(self.error("invalid surrogate pair"));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("invalid surrogate pair"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode escape"))
    }

    pub fn number(&mut self) -> Result<Value, JsonSyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        let int_digits = &self.text[int_start..self.pos];
        if int_digits.is_empty() || (int_digits.len() > 1 && int_digits.starts_with('0')) {
            return Err(self.error("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let frac_start = self.pos;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
            if self.pos == frac_start {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            let exp_start = self.pos;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
            if self.pos == exp_start {
                return Err(self.error("invalid number"));
            }
        }
        let literal = &self.text[start..self.pos];
        number_value(literal).ok_or_else(|| self.error("number out of range"))
    }
}

/// The Ballerina value of a JSON number literal (`None` if no decimal can hold it).
pub fn number_value(literal: &str) -> Option<Value> {
    let integral = !literal.contains(['.', 'e', 'E']);
    if integral {
        if let Ok(i) = literal.parse::<i64>() {
            if i == 0 && literal.starts_with('-') {
                return Some(Value::Float(-0.0));
            }
            return Some(Value::Int(i));
        }
    }
    let decimal = Decimal::parse(literal).ok();
    match decimal {
        Some(d) if d.is_zero() && literal.starts_with('-') => Some(Value::Float(-0.0)),
        Some(d) => Some(Value::decimal(d)),
        None => None,
    }
}

/// Parses a JSON text into a `json` value (lists `json[]`, mappings `map<json>`).
pub fn parse_json(text: &str, types: &TypeTable) -> Result<Value, JsonSyntaxError> {
    let mut parser = Parser::new(text);
    let value = parser.tree(types)?;
    parser.skip_space();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("unexpected content after JSON document"));
    }
    Ok(value)
}

impl Parser<'_> {
    /// Skips the JSON value at the current position, accepting exactly what [`Self::tree`]
    /// accepts without building it (what a projection drops), leaving the position after it.
    pub fn skip_value(&mut self) -> Result<(), JsonSyntaxError> {
        // The open containers: `true` for an object.
        let mut stack: Vec<bool> = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(self.error("unexpected end of JSON document")),
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        stack.push(false);
                        continue;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_space();
                    match self.peek() {
                        Some(b'}') => self.pos += 1,
                        Some(b'"') => {
                            self.key()?;
                            self.colon()?;
                            stack.push(true);
                            continue;
                        }
                        _ => return Err(self.error("expected '\"' or '}'")),
                    }
                }
                Some(b'"') => {
                    self.key()?;
                }
                Some(b't') => {
                    self.literal("true", Value::Nil)?;
                }
                Some(b'f') => {
                    self.literal("false", Value::Nil)?;
                }
                Some(b'n') => {
                    self.literal("null", Value::Nil)?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(_) => return Err(self.error("unrecognized token")),
            }
            // A value ended: close the containers that end with it.
            loop {
                let Some(&object) = stack.last() else {
                    return Ok(());
                };
                self.skip_space();
                match (self.peek(), object) {
                    (Some(b','), false) => {
                        self.pos += 1;
                        break;
                    }
                    (Some(b']'), false) | (Some(b'}'), true) => {
                        self.pos += 1;
                        stack.pop();
                    }
                    (Some(b','), true) => {
                        self.pos += 1;
                        self.skip_space();
                        if self.peek() != Some(b'"') {
                            return Err(self.error("expected '\"'"));
                        }
                        self.key()?;
                        self.colon()?;
                        break;
                    }
                    (_, false) => return Err(self.error("expected ',' or ']'")),
                    (_, true) => return Err(self.error("expected ',' or '}'")),
                }
            }
        }
    }

    /// The `:` after an object's key, spaces before it skipped.
    fn colon(&mut self) -> Result<(), JsonSyntaxError> {
        self.skip_space();
        if self.peek() != Some(b':') {
            return Err(self.error("expected ':'"));
        }
        self.pos += 1;
        Ok(())
    }

    /// The `json` value starting at the current position (lists `json[]`, mappings
    /// `map<json>`), leaving the position after it.
    pub fn tree(&mut self, types: &TypeTable) -> Result<Value, JsonSyntaxError> {
        let parser = self;
        let list_ty = types.well_known.json_list;
        let map_ty = types.well_known.json_map;
        let mut stack: Vec<Open> = Vec::new();
        loop {
            parser.skip_space();
            // Expecting a value (or the end of an empty container).
            let mut value = match parser.peek() {
                None => return Err(parser.error("unexpected end of JSON document")),
                Some(b'[') => {
                    parser.pos += 1;
                    parser.skip_space();
                    if parser.peek() == Some(b']') {
                        parser.pos += 1;
                        Value::List(ListObj::new(list_ty, Vec::new()))
                    } else {
                        stack.push(Open::List(Vec::new()));
                        continue;
                    }
                }
                Some(b'{') => {
                    parser.pos += 1;
                    parser.skip_space();
                    match parser.peek() {
                        Some(b'}') => {
                            parser.pos += 1;
                            Value::Map(MapObj::new(map_ty, ValueMap::default()))
                        }
                        Some(b'"') => {
                            let key = parser.string()?;
                            parser.skip_space();
                            if parser.peek() != Some(b':') {
                                return Err(parser.error("expected ':'"));
                            }
                            parser.pos += 1;
                            stack.push(Open::Map(ValueMap::default(), Some(key)));
                            continue;
                        }
                        _ => return Err(parser.error("expected '\"' or '}'")),
                    }
                }
                Some(b'"') => Value::string(parser.string()?),
                Some(b't') => parser.literal("true", Value::Boolean(true))?,
                Some(b'f') => parser.literal("false", Value::Boolean(false))?,
                Some(b'n') => parser.literal("null", Value::Nil)?,
                Some(b'-' | b'0'..=b'9') => parser.number()?,
                Some(_) => return Err(parser.error("unrecognized token")),
            };
            // Attach the completed value to its parent, closing containers as they end.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(value);
                };
                parser.skip_space();
                match top {
                    Open::List(items) => {
                        items.push(value);
                        match parser.peek() {
                            Some(b',') => {
                                parser.pos += 1;
                                break;
                            }
                            Some(b']') => {
                                parser.pos += 1;
                                let items = std::mem::take(items);
                                stack.pop();
                                value = Value::List(ListObj::new(list_ty, items));
                            }
                            _ => return Err(parser.error("expected ',' or ']'")),
                        }
                    }
                    Open::Map(entries, key) => {
                        if let Some(k) = key.take() {
                            entries.insert(MapKey::new(&k), value);
                        }
                        match parser.peek() {
                            Some(b',') => {
                                parser.pos += 1;
                                parser.skip_space();
                                if parser.peek() != Some(b'"') {
                                    return Err(parser.error("expected '\"'"));
                                }
                                let next_key = parser.string()?;
                                parser.skip_space();
                                if parser.peek() != Some(b':') {
                                    return Err(parser.error("expected ':'"));
                                }
                                parser.pos += 1;
                                if let Some(Open::Map(_, key)) = stack.last_mut() {
                                    *key = Some(next_key);
                                }
                                break;
                            }
                            Some(b'}') => {
                                parser.pos += 1;
                                let entries = std::mem::take(entries);
                                stack.pop();
                                value = Value::Map(MapObj::new(map_ty, entries));
                            }
                            _ => return Err(parser.error("expected ',' or '}'")),
                        }
                    }
                }
            }
        }
    }
}

/// The index of the first byte from `from` on that ends a string's plain run: a quote, a
/// backslash or a control character (`bytes.len()` if none). Eight bytes at a time: bytes
/// equal to `"` or `\\` are the zero bytes of the word xor'ed with them, bytes below 0x20
/// those the subtraction borrows from without a high bit of their own; the lowest flagged
/// byte of such a test is always a true one (only bytes above it can be flagged falsely).
fn string_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(*chunk);
        let hits = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&byte) = bytes.get(i) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::string_end;

    #[test]
    fn string_end_finds_the_first_quote_backslash_or_control_byte() {
        let naive = |bytes: &[u8], from: usize| {
            (from..bytes.len())
                .find(|&i| matches!(bytes[i], b'"' | b'\\') || bytes[i] < 0x20)
                .unwrap_or(bytes.len())
        };
        let fillers = [
            "",
            "a",
            "é€",
            "abcdefg",
            "0123456789abcdef",
            "!#$%&'[]^_`\u{7f}",
        ];
        for stop in ["\"", "\\", "\n", "\u{0}", "\u{1f}", "\"\\", ""] {
            for before in fillers {
                for after in fillers {
                    let text = format!("{before}{stop}{after}\"{before}");
                    let bytes = text.as_bytes();
                    for from in 0..bytes.len() {
                        assert_eq!(
                            string_end(bytes, from),
                            naive(bytes, from),
                            "{text:?} {from}"
                        );
                    }
                }
            }
        }
    }
}
