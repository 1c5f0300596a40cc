//! `lang.float` functions on hex strings (`toHexString`, `fromHexString`) and `avg`.

use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeFn};
use crate::value::Value;
use intc_ir::LangNative;

const FLOAT_PARSING_ERROR: &str = "{ballerina/lang.float}NumberParsingError";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::FloatAvg => avg,
        LangNative::FloatToHexString => to_hex_string,
        LangNative::FloatFromHexString => from_hex_string,
        _ => return None,
    })
}

/// NaN when there are no arguments (spec).
fn avg(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let mut total = 0.0;
    for i in 0..args.len() {
        total += float_arg(ctx, args, i)?;
    }
    Ok(Value::Float(total / args.len() as f64))
}

/// The hex form jBallerina prints (Java's `Double.toHexString`): `0x1.8p1`, `-0x1.0p-2`,
/// `0x0.0p0`, subnormals as `0x0.<digits>p-1022`, and `NaN`, `Infinity`, `-Infinity`.
pub fn float_to_hex(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}Infinity");
    }
    if x == 0.0 {
        return format!("{sign}0x0.0p0");
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1u64 << 52) - 1);
    let digits = format!("{fraction:013x}");
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    if biased == 0 {
        format!("{sign}0x0.{digits}p-1022")
    } else {
        format!("{sign}0x1.{digits}p{}", biased - 1023)
    }
}

/// Parses the spec's HexFloatingPointLiteral with an optional sign, or `NaN`/`Infinity`.
pub fn parse_hex_float(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let magnitude = match body {
        "NaN" if body.len() == text.len() => return Some(f64::NAN),
        "Infinity" => f64::INFINITY,
        _ => {
            let hex = body
                .strip_prefix("0x")
                .or_else(|| body.strip_prefix("0X"))?;
            let (mantissa, exponent) = match hex.find(['p', 'P']) {
                Some(at) => (&hex[..at], Some(&hex[at + 1..])),
                None => (hex, None),
            };
            let (whole, fraction) = match mantissa.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (mantissa, None),
            };
            let hex_digits = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
            let valid_mantissa = match fraction {
                Some(f) => !f.is_empty() && hex_digits(f) && hex_digits(whole),
                None => !whole.is_empty() && hex_digits(whole) && exponent.is_some(),
            };
            if !valid_mantissa {
                return None;
            }
            let exponent = match exponent {
                Some(e) => {
                    let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                        i64::MIN
                    } else {
                        i64::MAX
                    })
                }
                None => 0,
            };
            scaled(whole, fraction.unwrap_or(""), exponent)
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `whole.fraction` (hex digits) times 2^exponent, correctly rounded for up to 13 significant
/// hex digits (every value `toHexString` produces).
fn scaled(whole: &str, fraction: &str, exponent: i64) -> f64 {
    let mut value = 0f64;
    for digit in whole.chars().filter_map(|c| c.to_digit(16)) {
        value = value * 16.0 + f64::from(digit);
    }
    let mut scale = 1.0 / 16.0;
    for digit in fraction.chars().filter_map(|c| c.to_digit(16)) {
        value += f64::from(digit) * scale;
        scale /= 16.0;
    }
    // Apply the exponent in steps so that subnormal results are not flushed early.
    let mut remaining = exponent.clamp(-3000, 3000) as i32;
    while remaining != 0 {
        let step = remaining.clamp(-1000, 1000);
        value *= 2f64.powi(step);
        remaining -= step;
    }
    value
}

fn to_hex_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(string_value(float_to_hex(float_arg(ctx, args, 0)?)))
}

fn from_hex_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(match parse_hex_float(&s) {
        Some(x) => Value::Float(x),
        None => error_value(
            ctx,
            FLOAT_PARSING_ERROR,
            &format!("'string' value '{s}' cannot be converted to 'float'"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_strings_round_trip() {
        assert_eq!(float_to_hex(3.0), "0x1.8p1");
        assert_eq!(float_to_hex(1.0), "0x1.0p0");
        assert_eq!(float_to_hex(-0.25), "-0x1.0p-2");
        assert_eq!(float_to_hex(0.0), "0x0.0p0");
        assert_eq!(float_to_hex(f64::MIN_POSITIVE / 2.0), "0x0.8p-1022");
        assert_eq!(float_to_hex(f64::NEG_INFINITY), "-Infinity");
        for x in [
            3.0,
            0.1,
            -2.5e-300,
            1e300,
            f64::MIN_POSITIVE / 3.0,
            f64::MAX,
        ] {
            assert_eq!(parse_hex_float(&float_to_hex(x)), Some(x), "{x}");
        }
        assert_eq!(parse_hex_float("0x1p4"), Some(16.0));
        assert_eq!(parse_hex_float("+0x.8"), Some(0.5));
        assert_eq!(parse_hex_float("0x1A"), None);
        assert_eq!(parse_hex_float("1.5"), None);
        assert_eq!(parse_hex_float("0x1.p1"), None);
        assert!(parse_hex_float("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_hex_float("-Infinity"), Some(f64::NEG_INFINITY));
    }
}
