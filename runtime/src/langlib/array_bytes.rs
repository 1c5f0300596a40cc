//! `lang.array`'s byte-array text forms (`toBase16`, `fromBase16`, `toBase64`, `fromBase64`)
//! and `lang.value`'s `first`/`last`.

use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeFn};
use crate::value::Value;
use intc_ir::LangNative;

/// The reason of the error a malformed Base16/Base64 string gives.
const ARRAY_ERROR: &str = "{ballerina/lang.array}ArrayOperationError";

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::ArrayToBase16 => to_base16,
        LangNative::ArrayFromBase16 => from_base16,
        LangNative::ArrayToBase64 => to_base64,
        LangNative::ArrayFromBase64 => from_base64,
        LangNative::ValueFirst => |_, args| Ok(args.first().cloned().unwrap_or(Value::Nil)),
        LangNative::ValueLast => |_, args| Ok(args.last().cloned().unwrap_or(Value::Nil)),
        _ => return None,
    })
}

/// The bytes of a `byte[]` argument.
fn bytes_arg(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Vec<u8>, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let bytes = list
        .items()
        .iter()
        .map(|v| v.as_int().and_then(|i| u8::try_from(i).ok()).unwrap_or(0))
        .collect();
    Ok(bytes)
}

fn byte_list(ctx: &NativeContext<'_>, bytes: Vec<u8>) -> Value {
    let items = bytes
        .into_iter()
        .map(|b| Value::Int(i64::from(b)))
        .collect();
    new_list(ctx.types().well_known.byte_list, items)
}

/// The characters of `text` that are not ASCII white space (both forms allow it, like the
/// byte array literals).
fn significant(text: &str) -> Vec<u8> {
    text.bytes().filter(|b| !b.is_ascii_whitespace()).collect()
}

fn to_base16(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let bytes = bytes_arg(ctx, args)?;
    let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(string_value(text))
}

fn from_base16(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = str_arg(ctx, args, 0)?;
    let digits = significant(&text);
    let value = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let decoded: Option<Vec<u8>> = digits
        .len()
        .is_multiple_of(2)
        .then(|| {
            digits
                .chunks(2)
                .map(|pair| Some(value(pair[0])? * 16 + value(pair[1])?))
                .collect()
        })
        .flatten();
    Ok(match decoded {
        Some(bytes) => byte_list(ctx, bytes),
        None => error_value(
            ctx,
            ARRAY_ERROR,
            &format!("invalid base16 string: '{text}'"),
        ),
    })
}

fn to_base64(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let bytes = bytes_arg(ctx, args)?;
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(BASE64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                text.push('=');
            }
        }
    }
    Ok(string_value(text))
}

/// Standard Base64 with `=` padding; `None` for anything else.
fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let padding = text.iter().rev().take_while(|&&c| c == b'=').count();
    if padding > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for (index, group) in text.chunks(4).enumerate() {
        let last = index + 1 == text.len() / 4;
        // Only the last group ends in padding, counted from the end of the text.
        let data = if last { 4 - padding } else { 4 };
        let mut n = 0u32;
        for (position, &c) in group[..data].iter().enumerate() {
            let v = BASE64.iter().position(|&b| b == c)? as u32;
            n |= v << (18 - 6 * position);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = if last { 3 - padding } else { 3 };
        out.extend_from_slice(&bytes[..keep]);
    }
    Some(out)
}

fn from_base64(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = str_arg(ctx, args, 0)?;
    Ok(match decode_base64(&significant(&text)) {
        Some(bytes) => byte_list(ctx, bytes),
        None => error_value(
            ctx,
            ARRAY_ERROR,
            &format!("invalid base64 string: '{text}'"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn base64_decoding() {
        assert_eq!(decode_base64(b"aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64(b"aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(decode_base64(b"YWJj"), Some(b"abc".to_vec()));
        assert_eq!(decode_base64(b""), Some(Vec::new()));
        assert_eq!(decode_base64(b"a=Gk"), None);
        assert_eq!(decode_base64(b"aGk"), None);
        assert_eq!(decode_base64(b"a==="), None);
        assert_eq!(decode_base64(b"a!c="), None);
    }
}
