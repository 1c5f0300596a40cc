//! `lang.decimal`.

use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeRegistry};
use crate::value::Value;
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

const DECIMAL_PARSING_ERROR: &str = "{ballerina/lang.decimal}NumberParsingError";

pub fn register(registry: &mut NativeRegistry) {
    registry.register("lang.decimal:abs", |c, a| apply(c, a, |d| d.abs()));
    registry.register("lang.decimal:floor", |c, a| apply(c, a, |d| d.floor()));
    registry.register("lang.decimal:ceiling", |c, a| apply(c, a, |d| d.ceil()));
    registry.register("lang.decimal:ceil", |c, a| apply(c, a, |d| d.ceil()));
    registry.register("lang.decimal:round", round);
    registry.register("lang.decimal:quantize", quantize);
    registry.register("lang.decimal:max", max);
    registry.register("lang.decimal:min", min);
    registry.register("lang.decimal:sum", sum);
    registry.register("lang.decimal:fromString", from_string);
}

fn apply(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
    f: fn(Decimal) -> Decimal,
) -> Result<Value, Panic> {
    Ok(Value::decimal(f(decimal_arg(ctx, args, 0)?)))
}

/// Rounds to `digits` fraction digits, ties to even; negative `digits` round to tens,
/// hundreds, ...
pub fn round_decimal(d: Decimal, digits: i64) -> Decimal {
    if digits >= 0 {
        let dp = u32::try_from(digits).unwrap_or(u32::MAX).min(28);
        if dp >= d.scale() {
            return d;
        }
        return d.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven);
    }
    let exponent = u32::try_from(digits.unsigned_abs()).unwrap_or(u32::MAX);
    if exponent > 28 {
        return Decimal::ZERO;
    }
    let scale = Decimal::from_i128_with_scale(10i128.pow(exponent), 0);
    match d.checked_div(scale) {
        Some(shifted) => shifted
            .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven)
            .checked_mul(scale)
            .unwrap_or(d),
        None => d,
    }
}

fn round(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let d = decimal_arg(ctx, args, 0)?;
    let digits = int_arg_or(ctx, args, 1, 0)?;
    Ok(Value::decimal(round_decimal(d, digits)))
}

fn quantize(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let d = decimal_arg(ctx, args, 0)?;
    let template = decimal_arg(ctx, args, 1)?;
    Ok(Value::decimal(d.round_dp_with_strategy(
        template.scale(),
        RoundingStrategy::MidpointNearestEven,
    )))
}

fn all_decimals(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Vec<Decimal>, Panic> {
    (0..args.len()).map(|i| decimal_arg(ctx, args, i)).collect()
}

fn max(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let first = decimal_arg(ctx, args, 0)?;
    let best = all_decimals(ctx, args)?
        .into_iter()
        .fold(first, Decimal::max);
    Ok(Value::decimal(best))
}

fn min(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let first = decimal_arg(ctx, args, 0)?;
    let best = all_decimals(ctx, args)?
        .into_iter()
        .fold(first, Decimal::min);
    Ok(Value::decimal(best))
}

fn sum(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let mut total = Decimal::ZERO;
    for d in all_decimals(ctx, args)? {
        total = total.checked_add(d).ok_or_else(|| {
            ctx.panic(
                crate::error::reason::NUMBER_OVERFLOW,
                "decimal range overflow",
            )
        })?;
    }
    Ok(Value::decimal(total))
}

/// Accepts an optional sign and a decimal number with optional exponent (no `d` suffix,
/// no NaN or Infinity, which decimal cannot hold).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
        digits += 1;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    let exponent = matches!(bytes.get(i), Some(b'e' | b'E'));
    if exponent {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    if exponent {
        Decimal::from_scientific(unsigned).ok()
    } else {
        Decimal::from_str(unsigned).ok()
    }
}

fn from_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(match parse_decimal(&s) {
        Some(d) => Value::decimal(d),
        None => error_value(
            ctx,
            DECIMAL_PARSING_ERROR,
            &format!("'string' value '{s}' cannot be converted to 'decimal'"),
        ),
    })
}
