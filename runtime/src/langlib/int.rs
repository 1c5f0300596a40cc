//! `lang.int` and `lang.boolean`.

use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeFn};
use crate::value::Value;
use intc_ir::LangNative;

pub const INT_PARSING_ERROR: &str = "{ballerina/lang.int}NumberParsingError";
/// jBallerina raises `int:abs` and `int:sum` overflow under the lang.int module.
const INT_OVERFLOW: &str = "{ballerina/lang.int}NumberOverflow";
const BOOLEAN_PARSING_ERROR: &str = "{ballerina/lang.boolean}BooleanParsingError";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::IntAbs => abs,
        LangNative::IntMax => max,
        LangNative::IntMin => min,
        LangNative::IntSum => sum,
        LangNative::IntFromString => from_string,
        LangNative::IntFromHexString => from_hex_string,
        LangNative::IntToHexString => to_hex_string,
        LangNative::IntAvg => avg,
        LangNative::IntRange => range,
        LangNative::BooleanFromString => boolean_from_string,
        LangNative::BooleanSome => |_, args| {
            Ok(Value::Boolean(
                args.iter().any(|b| matches!(b, Value::Boolean(true))),
            ))
        },
        LangNative::BooleanEvery => |_, args| {
            Ok(Value::Boolean(
                args.iter().all(|b| matches!(b, Value::Boolean(true))),
            ))
        },
        _ => return None,
    })
}

fn abs(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let n = int_arg(ctx, args, 0)?;
    n.checked_abs()
        .map(Value::Int)
        .ok_or_else(|| ctx.panic(INT_OVERFLOW, "int range overflow"))
}

fn all_ints(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Vec<i64>, Panic> {
    (0..args.len()).map(|i| int_arg(ctx, args, i)).collect()
}

fn max(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let first = int_arg(ctx, args, 0)?;
    Ok(Value::Int(
        all_ints(ctx, args)?.into_iter().fold(first, i64::max),
    ))
}

fn min(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let first = int_arg(ctx, args, 0)?;
    Ok(Value::Int(
        all_ints(ctx, args)?.into_iter().fold(first, i64::min),
    ))
}

fn sum(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let mut total: i64 = 0;
    for n in all_ints(ctx, args)? {
        total = total
            .checked_add(n)
            .ok_or_else(|| ctx.panic(INT_OVERFLOW, "int range overflow"))?;
    }
    Ok(Value::Int(total))
}

/// The average computed in decimal (spec); the quotient is normalized like decimal division.
fn avg(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let mut total = intc_decimal::Decimal::ZERO;
    for n in all_ints(ctx, args)? {
        total = total
            .checked_add(intc_decimal::Decimal::from_i64(n))
            .map_err(|e| crate::error::decimal_arith(ctx.types(), e))?;
    }
    let count = intc_decimal::Decimal::from_i64(args.len().max(1) as i64);
    let quotient = total
        .checked_div(count)
        .map_err(|e| crate::error::decimal_arith(ctx.types(), e))?;
    Ok(Value::decimal(quotient))
}

/// `int:range(start, end, step)`: an iterable over `start, start + step, ...` before `end`.
fn range(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let next = int_arg(ctx, args, 0)?;
    let end = int_arg(ctx, args, 1)?;
    let step = int_arg(ctx, args, 2)?;
    if step == 0 {
        return Err(ctx.panic(
            "{ballerina/lang.int}IllegalArgument",
            "'int:range' step argument must not be zero",
        ));
    }
    let state = crate::value::IterState::Stepped { next, end, step };
    Ok(Value::Iterator(crate::value::IterObj::new(state)))
}

fn parsing_error(ctx: &NativeContext<'_>, text: &str, target: &str) -> Value {
    error_value(
        ctx,
        INT_PARSING_ERROR,
        &format!("'string' value '{text}' cannot be converted to '{target}'"),
    )
}

/// Parses `[+-]digits` in `radix`; `None` if malformed or out of int range.
fn parse_signed(text: &str, radix: u32) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // Parse with the sign attached so that int:MIN_VALUE is accepted.
    let signed = if negative {
        format!("-{digits}")
    } else {
        digits.to_string()
    };
    i64::from_str_radix(&signed, radix).ok()
}

fn from_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(match parse_signed(&s, 10) {
        Some(n) => Value::Int(n),
        None => parsing_error(ctx, &s, "int"),
    })
}

fn from_hex_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(match parse_signed(&s, 16) {
        Some(n) => Value::Int(n),
        None => parsing_error(ctx, &s, "int"),
    })
}

fn to_hex_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let n = int_arg(ctx, args, 0)?;
    let sign = if n < 0 { "-" } else { "" };
    Ok(string_value(format!("{sign}{:x}", n.unsigned_abs())))
}

fn boolean_from_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    // jBallerina accepts any case and the digits 1 and 0.
    let text = s.as_str();
    Ok(match text {
        _ if text.eq_ignore_ascii_case("true") || text == "1" => Value::Boolean(true),
        _ if text.eq_ignore_ascii_case("false") || text == "0" => Value::Boolean(false),
        other => error_value(
            ctx,
            BOOLEAN_PARSING_ERROR,
            &format!("'string' value '{other}' cannot be converted to 'boolean'"),
        ),
    })
}
