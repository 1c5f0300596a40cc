//! `lang.value`: `fromBalString` (reading back what `toBalString` writes for `anydata`) and
//! `mergeJson`.

use super::support::*;
use crate::error::{new_error, Panic};
use crate::native::{NativeContext, NativeFn};
use crate::types::TypeTable;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_decimal::Decimal;
use intc_ir::LangNative;
use std::rc::Rc;

pub const FROM_BAL_STRING_ERROR: &str = "{ballerina/lang.value}FromBalStringError";
pub const MERGE_JSON_ERROR: &str = "{ballerina/lang.value}MergeJsonError";

/// Containers deeper than this are refused rather than risking the native stack.
const MAX_DEPTH: usize = 512;

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::ValueFromBalString => from_bal_string,
        LangNative::ValueMergeJson => merge_json,
        _ => return None,
    })
}

fn from_bal_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = str_arg(ctx, args, 0)?;
    if text.as_str() == "null" {
        // jBallerina reads the informal `toString` of `()` too.
        return Ok(Value::Nil);
    }
    let mut reader = Reader {
        text: text.as_str(),
        pos: 0,
        open: Vec::new(),
        types: ctx.types(),
    };
    let result = reader.value().and_then(|value| {
        reader.skip_space();
        if reader.pos == reader.text.len() {
            Ok(value)
        } else {
            Err(reader.fail("unexpected text after the value"))
        }
    });
    Ok(match result {
        Ok(value) => value,
        Err(message) => error_value(ctx, FROM_BAL_STRING_ERROR, &message),
    })
}

/// A reader of `toBalString`'s expression syntax: `()`, booleans, ints, floats (with
/// `float:NaN`, `float:Infinity`), decimals (`1.5d`), quoted strings, lists (`anydata[]`),
/// mappings (`map<anydata>`) and references back to an enclosing container (`...[i]`).
struct Reader<'t> {
    text: &'t str,
    pos: usize,
    /// The containers being read, outermost first (targets of `...[i]`).
    open: Vec<Value>,
    types: &'t TypeTable,
}

impl Reader<'_> {
    fn fail(&self, what: &str) -> String {
        format!("{what} at position {}", self.pos)
    }

    fn skip_space(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        self.skip_space();
        if self.open.len() > MAX_DEPTH {
            return Err(self.fail("value nested too deeply"));
        }
        if self.eat("()") {
            return Ok(Value::Nil);
        }
        if self.eat("true") {
            return Ok(Value::Boolean(true));
        }
        if self.eat("false") {
            return Ok(Value::Boolean(false));
        }
        if self.eat("float:NaN") {
            return Ok(Value::Float(f64::NAN));
        }
        if self.eat("float:Infinity") {
            return Ok(Value::Float(f64::INFINITY));
        }
        if self.eat("-float:Infinity") {
            return Ok(Value::Float(f64::NEG_INFINITY));
        }
        if self.eat("...[") {
            return self.back_reference();
        }
        match self.rest().as_bytes().first() {
            Some(b'"') => Ok(Value::string(self.string()?)),
            Some(b'[') => self.list(),
            Some(b'{') => self.mapping(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("unrecognized token")),
            None => Err(self.fail("unexpected end of the string")),
        }
    }

    fn back_reference(&mut self) -> Result<Value, String> {
        let digits: String = self
            .rest()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        self.pos += digits.len();
        if !self.eat("]") {
            return Err(self.fail("expected ']'"));
        }
        match digits.parse::<usize>().ok().and_then(|i| self.open.get(i)) {
            Some(container) => Ok(container.clone()),
            None => Err(self.fail("invalid cyclic reference")),
        }
    }

    fn list(&mut self) -> Result<Value, String> {
        self.pos += 1;
        let list = ListObj::new(self.types.well_known.anydata_list, Vec::new());
        self.open.push(Value::List(list.clone()));
        self.skip_space();
        if !self.eat("]") {
            loop {
                let item = self.value()?;
                list.items_mut().push(item);
                self.skip_space();
                if self.eat("]") {
                    break;
                }
                if !self.eat(",") {
                    return Err(self.fail("expected ',' or ']'"));
                }
            }
        }
        Ok(self.open.pop().unwrap_or(Value::List(list)))
    }

    fn mapping(&mut self) -> Result<Value, String> {
        self.pos += 1;
        let map = MapObj::new(self.types.well_known.anydata_map, ValueMap::default());
        self.open.push(Value::Map(map.clone()));
        self.skip_space();
        if !self.eat("}") {
            loop {
                self.skip_space();
                if !self.rest().starts_with('"') {
                    return Err(self.fail("expected a quoted key"));
                }
                let key = self.string()?;
                self.skip_space();
                if !self.eat(":") {
                    return Err(self.fail("expected ':'"));
                }
                let item = self.value()?;
                map.entries_mut().insert(MapKey::new(&key), item);
                self.skip_space();
                if self.eat("}") {
                    break;
                }
                if !self.eat(",") {
                    return Err(self.fail("expected ',' or '}'"));
                }
            }
        }
        Ok(self.open.pop().unwrap_or(Value::Map(map)))
    }

    /// A quoted string with the escapes `toBalString` writes (and Ballerina's `\u{H}`).
    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.rest().chars().next() else {
                return Err(self.fail("unterminated string"));
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(escape) = self.rest().chars().next() else {
                        return Err(self.fail("unterminated string"));
                    };
                    self.pos += escape.len_utf8();
                    out.push(match escape {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'u' => self.unicode_escape()?,
                        _ => return Err(self.fail("invalid escape")),
                    });
                }
                c => out.push(c),
            }
        }
    }

    /// The code point of `\uXXXX` or `\u{X...}` (after the `u`).
    fn unicode_escape(&mut self) -> Result<char, String> {
        let rest = self.rest();
        let (hex, used) = match rest.strip_prefix('{') {
            Some(braced) => match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            },
            None => (rest.get(..4).unwrap_or(""), 4),
        };
        let code = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        match code {
            Some(c) => {
                self.pos += used;
                Ok(c)
            }
            None => Err(self.fail("invalid unicode escape")),
        }
    }

    /// An int, a float (a fraction or an exponent) or a decimal (suffix `d`).
    fn number(&mut self) -> Result<Value, String> {
        let start = self.pos;
        let literal: String = self
            .rest()
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
            .collect();
        self.pos += literal.len();
        let invalid = |reader: &mut Self| {
            reader.pos = start;
            Err(reader.fail("invalid number"))
        };
        if self.eat("d") {
            return match Decimal::parse(&literal) {
                Ok(d) => Ok(Value::decimal(d)),
                Err(_) => invalid(self),
            };
        }
        if literal.contains(['.', 'e', 'E']) {
            return match literal.parse::<f64>() {
                Ok(x) => Ok(Value::Float(x)),
                Err(_) => invalid(self),
            };
        }
        match literal.parse::<i64>() {
            Ok(i) => Ok(Value::Int(i)),
            Err(_) => invalid(self),
        }
    }
}

/// `mergeJson(j1, j2)`: `()` yields the other value; two mappings merge key by key into `j1`
/// (checked completely first, so a failed merge leaves `j1` unchanged); anything else fails
/// with jBallerina's `MergeJsonError`.
fn merge_json(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (j1, j2) = (arg(args, 0), arg(args, 1));
    if let Some(error) = merge_failure(ctx.types(), &j1, &j2, 0) {
        return Ok(error);
    }
    merge_into(ctx.types(), &j1, &j2)?;
    Ok(if j1.is_nil() { j2 } else { j1 })
}

/// The error merging `j2` into `j1` would give, if any.
fn merge_failure(types: &TypeTable, j1: &Value, j2: &Value, depth: usize) -> Option<Value> {
    if j1.is_nil() || j2.is_nil() {
        return None;
    }
    let (Value::Map(m1), Value::Map(m2)) = (j1, j2) else {
        let message = format!(
            "Cannot merge JSON values of types '{}' and '{}'",
            types.value_type_name(j1),
            types.value_type_name(j2)
        );
        return Some(crate::error::builtin_error(
            types,
            MERGE_JSON_ERROR,
            &message,
        ));
    };
    if Rc::ptr_eq(m1, m2) || depth > MAX_DEPTH {
        return Some(crate::error::builtin_error(
            types,
            MERGE_JSON_ERROR,
            "Cannot merge JSON values with cyclic reference",
        ));
    }
    let entries: Vec<(MapKey, Value)> = m2
        .entries()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, value) in entries {
        let Some(existing) = m1.get(key.as_str()) else {
            continue;
        };
        if let Some(cause) = merge_failure(types, &existing, &value, depth + 1) {
            let mut detail = ValueMap::default();
            detail.insert(
                MapKey::new("message"),
                Value::string(format!("JSON Merge failed for key '{}'", key.as_str())),
            );
            return Some(new_error(
                types,
                types.well_known.error,
                MERGE_JSON_ERROR,
                cause,
                detail,
            ));
        }
    }
    None
}

/// Merges `j2` into `j1` (already checked by `merge_failure`).
fn merge_into(types: &TypeTable, j1: &Value, j2: &Value) -> Result<(), Panic> {
    let (Value::Map(m1), Value::Map(m2)) = (j1, j2) else {
        return Ok(());
    };
    let entries: Vec<(MapKey, Value)> = m2
        .entries()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !entries.is_empty() {
        ensure_map_mutable(types, m1)?;
    }
    for (key, value) in entries {
        match m1.get(key.as_str()) {
            Some(existing @ Value::Map(_)) if matches!(value, Value::Map(_)) => {
                merge_into(types, &existing, &value)?;
            }
            // The merge of a member with `()` is the member.
            Some(existing) if value.is_nil() && !existing.is_nil() => {}
            _ => {
                m1.entries_mut().insert(key, value);
            }
        }
    }
    Ok(())
}
