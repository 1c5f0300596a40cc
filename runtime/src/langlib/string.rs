//! `lang.string`: strings indexed by code point.

use super::support::*;
use crate::error::{reason, Panic};
use crate::limits;
use crate::native::{NativeContext, NativeFn};
use crate::value::{char_count, char_substring, Value};
use intc_ir::LangNative;

const STRING_ERROR: &str = "{ballerina/lang.string}StringOperationError";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::StringLength => length,
        LangNative::StringSubstring => substring,
        LangNative::StringIndexOf => index_of,
        LangNative::StringLastIndexOf => last_index_of,
        LangNative::StringIncludes => includes,
        LangNative::StringStartsWith => starts_with,
        LangNative::StringEndsWith => ends_with,
        LangNative::StringToUpperAscii => to_upper_ascii,
        LangNative::StringToLowerAscii => to_lower_ascii,
        LangNative::StringEqualsIgnoreCaseAscii => equals_ignore_case_ascii,
        LangNative::StringTrim => trim,
        LangNative::StringJoin => join,
        LangNative::StringConcat => concat,
        LangNative::StringPadStart => pad_start,
        LangNative::StringPadEnd => pad_end,
        LangNative::StringPadZero => pad_zero,
        LangNative::StringGetCodePoint => code_point_at,
        LangNative::StringToBytes => to_bytes,
        LangNative::StringFromBytes => from_bytes,
        LangNative::StringToCodePointInts => to_code_point_ints,
        LangNative::StringFromCodePointInts => from_code_point_ints,
        LangNative::StringFromCodePointInt => from_code_point_int,
        LangNative::StringToCodePointInt => to_code_point_int,
        LangNative::StringCodePointCompare => code_point_compare,
        _ => return None,
    })
}

fn length(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(Value::Int(char_count(&s) as i64))
}

/// Byte offset of code point `index` (`text.len()` for `index == count`).
fn byte_offset(text: &str, index: usize) -> Option<usize> {
    if text.is_ascii() {
        return (index <= text.len()).then_some(index);
    }
    text.char_indices()
        .map(|(offset, _)| offset)
        .chain(std::iter::once(text.len()))
        .nth(index)
}

/// Code point index of byte offset `offset` (which is on a char boundary).
fn char_index(text: &str, offset: usize) -> usize {
    if text.is_ascii() {
        offset
    } else {
        text.get(..offset)
            .map_or(0, |prefix| prefix.chars().count())
    }
}

fn substring(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let size = char_count(&s);
    let start = int_arg(ctx, args, 1)?;
    let end = int_arg_or(ctx, args, 2, size as i64)?;
    let problem = if start < 0 || end > size as i64 {
        Some("string index out of range")
    } else if start > end {
        Some("invalid substring range")
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(ctx.panic(
            STRING_ERROR,
            &format!("{problem}. Length:'{size}' requested: '{start}' to '{end}'"),
        ));
    }
    let part = char_substring(&s, start as usize, end as usize).unwrap_or("");
    Ok(string_value(part))
}

/// The search start as a byte offset; like Java's `indexOf`, a negative start searches from
/// the beginning and a start past the end finds nothing (`None`).
fn search_start(
    ctx: &NativeContext<'_>,
    args: &[Value],
    index: usize,
    text: &str,
) -> Result<Option<usize>, Panic> {
    let start = int_arg_or(ctx, args, index, 0)?.max(0);
    let size = char_count(text);
    Ok(index_within(start, size).and_then(|i| byte_offset(text, i)))
}

fn index_of(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let needle = str_arg(ctx, args, 1)?;
    let Some(from) = search_start(ctx, args, 2, &s)? else {
        return Ok(Value::Nil);
    };
    let found = s
        .get(from..)
        .and_then(|rest| rest.find(needle.as_str()))
        .map(|offset| Value::Int(char_index(&s, from + offset) as i64));
    Ok(found.unwrap_or_default())
}

fn last_index_of(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let needle = str_arg(ctx, args, 1)?;
    let size = char_count(&s) as i64;
    let default_start = size - char_count(&needle) as i64;
    let start = int_arg_or(ctx, args, 2, default_start)?;
    if start < 0 {
        return Ok(Value::Nil);
    }
    // A match may begin at code point `start` at the latest, so it ends by code point
    // `start + needle length`.
    let needle_chars = char_count(&needle) as i64;
    let window_end = start.saturating_add(needle_chars).min(size) as usize;
    let end = byte_offset(&s, window_end).unwrap_or(s.len());
    let window = s.get(..end).unwrap_or(&s);
    let found = window
        .rfind(needle.as_str())
        .map(|offset| Value::Int(char_index(&s, offset) as i64));
    Ok(found.unwrap_or_default())
}

fn includes(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let needle = str_arg(ctx, args, 1)?;
    let Some(from) = search_start(ctx, args, 2, &s)? else {
        return Ok(Value::Boolean(false));
    };
    let found = s
        .get(from..)
        .is_some_and(|rest| rest.contains(needle.as_str()));
    Ok(Value::Boolean(found))
}

fn starts_with(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let prefix = str_arg(ctx, args, 1)?;
    Ok(Value::Boolean(s.starts_with(prefix.as_str())))
}

fn ends_with(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let suffix = str_arg(ctx, args, 1)?;
    Ok(Value::Boolean(s.ends_with(suffix.as_str())))
}

fn to_upper_ascii(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(string_value(s.to_ascii_uppercase()))
}

fn to_lower_ascii(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(string_value(s.to_ascii_lowercase()))
}

fn equals_ignore_case_ascii(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let a = str_arg(ctx, args, 0)?;
    let b = str_arg(ctx, args, 1)?;
    Ok(Value::Boolean(a.eq_ignore_ascii_case(&b)))
}

fn trim(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    // The spec's white space here: TAB, LF, VT, FF, CR and SPACE.
    let trimmed =
        s.trim_matches(|c: char| matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' '));
    Ok(string_value(trimmed))
}

/// Appends `piece` to `out`, panicking (not aborting) when the result would be too long.
fn append(ctx: &NativeContext<'_>, out: &mut String, piece: &str) -> Result<(), Panic> {
    limits::reserve_string(ctx.types(), out, piece.len())?;
    out.push_str(piece);
    Ok(())
}

fn join(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let separator = str_arg(ctx, args, 0)?;
    let mut out = String::new();
    for index in 1..args.len() {
        if index > 1 {
            append(ctx, &mut out, &separator)?;
        }
        append(ctx, &mut out, &str_arg(ctx, args, index)?)?;
    }
    Ok(string_value(out))
}

fn concat(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let mut out = String::new();
    for index in 0..args.len() {
        append(ctx, &mut out, &str_arg(ctx, args, index)?)?;
    }
    Ok(string_value(out))
}

/// The padding needed to reach `len` code points with `pad` (a single character).
fn padding(
    ctx: &NativeContext<'_>,
    args: &[Value],
    text: &str,
    fill: &str,
) -> Result<String, Panic> {
    let wanted = int_arg(ctx, args, 1)?;
    let have = char_count(text) as i64;
    let missing = usize::try_from(wanted.saturating_sub(have)).unwrap_or(0);
    // Strings are bounded like jBallerina's (Java strings are int-indexed).
    if wanted > i64::from(i32::MAX) {
        return Err(limits::string_too_long(ctx.types()));
    }
    let bytes = missing
        .saturating_mul(fill.len())
        .saturating_add(text.len());
    let mut pad = limits::string_with_capacity(ctx.types(), bytes)?;
    for _ in 0..missing {
        pad.push_str(fill);
    }
    Ok(pad)
}
fn pad_char(ctx: &NativeContext<'_>, args: &[Value], default: &str) -> Result<String, Panic> {
    if has_arg(args, 2) && !args.get(2).is_some_and(Value::is_nil) {
        Ok(str_arg(ctx, args, 2)?.as_str().to_string())
    } else {
        Ok(default.to_string())
    }
}

fn pad_start(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let fill = pad_char(ctx, args, " ")?;
    let pad = padding(ctx, args, &s, &fill)?;
    Ok(string_value(pad + &s))
}

fn pad_end(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let fill = pad_char(ctx, args, " ")?;
    let pad = padding(ctx, args, &s, &fill)?;
    Ok(string_value(s.as_str().to_string() + &pad))
}

fn pad_zero(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let fill = pad_char(ctx, args, "0")?;
    let pad = padding(ctx, args, &s, &fill)?;
    // Zeros go after a leading sign.
    let (sign, digits) = match s.chars().next() {
        Some(c @ ('+' | '-')) => s.split_at(c.len_utf8()),
        _ => ("", s.as_str()),
    };
    Ok(string_value(format!("{sign}{pad}{digits}")))
}

fn code_point_at(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let index = int_arg(ctx, args, 1)?;
    let found = usize::try_from(index)
        .ok()
        .and_then(|i| crate::value::char_at(&s, i));
    match found {
        Some(c) => Ok(Value::Int(c as i64)),
        None => Err(ctx.panic(
            reason::STRING_INDEX_OUT_OF_RANGE,
            &format!("string codepoint index out of range: {index}"),
        )),
    }
}

fn to_bytes(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let bytes = s.bytes().map(|b| Value::Int(b as i64)).collect();
    Ok(new_list(ctx.types().well_known.byte_list, bytes))
}

fn from_bytes(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let bytes: Vec<u8> = list
        .items()
        .iter()
        .map(|v| {
            v.as_int()
                .and_then(|i| u8::try_from(i).ok())
                .unwrap_or(0xFF)
        })
        .collect();
    match String::from_utf8(bytes) {
        Ok(text) => Ok(string_value(text)),
        Err(e) => Ok(error_value(
            ctx,
            STRING_ERROR,
            &format!(
                "array contains invalid UTF-8 byte value at index {}",
                e.utf8_error().valid_up_to()
            ),
        )),
    }
}

fn to_code_point_ints(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    let points = s.chars().map(|c| Value::Int(c as i64)).collect();
    Ok(new_list(ctx.types().well_known.int_list, points))
}

fn code_point(value: &Value) -> Result<char, i64> {
    let code = value.as_int().unwrap_or(-1);
    u32::try_from(code)
        .ok()
        .and_then(char::from_u32)
        .ok_or(code)
}

/// jBallerina's plain error (message only, empty detail) for an invalid code point.
fn invalid_code_point(ctx: &NativeContext<'_>, code: i64) -> Value {
    let types = ctx.types();
    crate::error::new_error(
        types,
        types.well_known.error,
        &format!("Invalid codepoint: {code}"),
        Value::Nil,
        Default::default(),
    )
}

fn from_code_point_ints(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let items = list.items().clone();
    let mut out = String::with_capacity(items.len());
    for item in &items {
        match code_point(item) {
            Ok(c) => out.push(c),
            Err(code) => return Ok(invalid_code_point(ctx, code)),
        }
    }
    Ok(string_value(out))
}

fn from_code_point_int(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    match code_point(&arg(args, 0)) {
        Ok(c) => Ok(string_value(c.to_string())),
        Err(code) => Ok(invalid_code_point(ctx, code)),
    }
}

fn to_code_point_int(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(Value::Int(s.chars().next().map_or(0, |c| c as i64)))
}

fn code_point_compare(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let a = str_arg(ctx, args, 0)?;
    let b = str_arg(ctx, args, 1)?;
    // UTF-8 byte order is code point order.
    Ok(Value::Int(a.as_str().cmp(b.as_str()) as i64))
}
