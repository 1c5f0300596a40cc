//! `lang.float`.

use super::support::*;
use crate::error::Panic;
use crate::format::{float_to_string, round_half_even};
use crate::native::{NativeContext, NativeFn};
use crate::value::Value;
use intc_ir::LangNative;

const FLOAT_PARSING_ERROR: &str = "{ballerina/lang.float}NumberParsingError";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::FloatAbs => |c, a| apply(c, a, f64::abs),
        LangNative::FloatFloor => |c, a| apply(c, a, f64::floor),
        LangNative::FloatCeiling => |c, a| apply(c, a, f64::ceil),
        LangNative::FloatSqrt => |c, a| apply(c, a, f64::sqrt),
        LangNative::FloatCbrt => |c, a| apply(c, a, f64::cbrt),
        LangNative::FloatExp => |c, a| apply(c, a, f64::exp),
        LangNative::FloatLog => |c, a| apply(c, a, f64::ln),
        LangNative::FloatLog10 => |c, a| apply(c, a, f64::log10),
        LangNative::FloatSin => |c, a| apply(c, a, f64::sin),
        LangNative::FloatCos => |c, a| apply(c, a, f64::cos),
        LangNative::FloatTan => |c, a| apply(c, a, f64::tan),
        LangNative::FloatAsin => |c, a| apply(c, a, f64::asin),
        LangNative::FloatAcos => |c, a| apply(c, a, f64::acos),
        LangNative::FloatAtan => |c, a| apply(c, a, f64::atan),
        LangNative::FloatSinh => |c, a| apply(c, a, f64::sinh),
        LangNative::FloatCosh => |c, a| apply(c, a, f64::cosh),
        LangNative::FloatTanh => |c, a| apply(c, a, f64::tanh),
        LangNative::FloatRound => round,
        LangNative::FloatPow => pow,
        LangNative::FloatAtan2 => atan2,
        LangNative::FloatMax => max,
        LangNative::FloatMin => min,
        LangNative::FloatSum => sum,
        LangNative::FloatIsNaN => |c, a| test(c, a, f64::is_nan),
        LangNative::FloatIsInfinite => |c, a| test(c, a, f64::is_infinite),
        LangNative::FloatIsFinite => |c, a| test(c, a, f64::is_finite),
        LangNative::FloatFromString => from_string,
        LangNative::FloatToFixedString => to_fixed_string,
        LangNative::FloatToExpString => to_exp_string,
        LangNative::FloatToBitsInt => to_bits_int,
        LangNative::FloatFromBitsInt => from_bits_int,
        _ => return None,
    })
}

fn apply(ctx: &mut NativeContext<'_>, args: &[Value], f: fn(f64) -> f64) -> Result<Value, Panic> {
    Ok(Value::Float(f(float_arg(ctx, args, 0)?)))
}

fn test(ctx: &mut NativeContext<'_>, args: &[Value], f: fn(f64) -> bool) -> Result<Value, Panic> {
    Ok(Value::Boolean(f(float_arg(ctx, args, 0)?)))
}

/// `float:round(x, digits)` as jBallerina computes it: the shortest decimal form of `x`
/// (`BigDecimal.valueOf`) rounded half to even at `digits` fraction digits (negative `digits`
/// round to tens, hundreds, ...), then converted back to the nearest float.
pub fn round_to(x: f64, digits: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if digits == 0 {
        return round_half_even(x);
    }
    // Shortest round-trip digits: x = ±D × 10^(exponent - (len(D) - 1)).
    let shortest = format!("{:e}", x.abs());
    let Some((mantissa, exponent)) = shortest.split_once('e') else {
        return x;
    };
    let Ok(exponent) = exponent.parse::<i64>() else {
        return x;
    };
    let digit_text: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let precision = digit_text.len() as i64;
    let scale = precision - 1 - exponent;
    if digits >= scale {
        return x;
    }
    if digits < 0 && digits.saturating_neg() > precision - scale {
        return 0.0;
    }
    // Drop `dropped` trailing digits, rounding half to even.
    let dropped = (scale - digits) as usize;
    let digit_bytes = digit_text.as_bytes();
    let keep = digit_bytes.len().saturating_sub(dropped);
    let kept_digits = std::str::from_utf8(digit_bytes.get(..keep).unwrap_or(&[])).unwrap_or("");
    let mut kept: u64 = kept_digits.parse().unwrap_or(0);
    let tail: &[u8] = if dropped > digit_bytes.len() {
        // The first dropped digit is a leading zero: less than half.
        b"0"
    } else {
        digit_bytes.get(keep..).unwrap_or(&[])
    };
    let first = tail.first().copied().unwrap_or(b'0');
    let rest_nonzero = tail.iter().skip(1).any(|d| *d != b'0');
    let round_up = first > b'5' || (first == b'5' && (rest_nonzero || kept % 2 == 1));
    if round_up {
        kept += 1;
    }
    let magnitude: f64 = format!("{kept}e{}", -digits).parse().unwrap_or(x.abs());
    magnitude.copysign(x)
}

fn round(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = float_arg(ctx, args, 0)?;
    let digits = int_arg_or(ctx, args, 1, 0)?;
    Ok(Value::Float(round_to(x, digits)))
}

fn pow(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = float_arg(ctx, args, 0)?;
    let y = float_arg(ctx, args, 1)?;
    Ok(Value::Float(x.powf(y)))
}

fn atan2(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let y = float_arg(ctx, args, 0)?;
    let x = float_arg(ctx, args, 1)?;
    Ok(Value::Float(y.atan2(x)))
}

fn all_floats(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Vec<f64>, Panic> {
    (0..args.len()).map(|i| float_arg(ctx, args, i)).collect()
}

/// `max`/`min`: NaN if any argument is NaN.
fn extreme(values: &[f64], pick: fn(f64, f64) -> f64) -> f64 {
    if values.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    values.iter().copied().reduce(pick).unwrap_or(f64::NAN)
}

/// `-∞` when there are no arguments (spec).
fn max(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let values = all_floats(ctx, args)?;
    if values.is_empty() {
        return Ok(Value::Float(f64::NEG_INFINITY));
    }
    Ok(Value::Float(extreme(&values, f64::max)))
}

/// `+∞` when there are no arguments (spec).
fn min(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let values = all_floats(ctx, args)?;
    if values.is_empty() {
        return Ok(Value::Float(f64::INFINITY));
    }
    Ok(Value::Float(extreme(&values, f64::min)))
}

fn sum(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    // `Iterator::sum` starts from -0.0; Ballerina's empty sum is +0.0.
    let total = all_floats(ctx, args)?.into_iter().fold(0.0, |a, b| a + b);
    Ok(Value::Float(total))
}

/// Accepts what `float:fromString` does: an optional sign, then `NaN`, `Infinity` or a
/// decimal floating-point number with optional exponent.
pub fn parse_float(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let magnitude = match body {
        "NaN" => return Some(f64::NAN),
        "Infinity" => f64::INFINITY,
        _ => {
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
            if matches!(bytes.get(i), Some(b'e' | b'E')) {
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
            body.parse::<f64>().ok()?
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn from_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(match parse_float(&s) {
        Some(x) => Value::Float(x),
        None => error_value(
            ctx,
            FLOAT_PARSING_ERROR,
            &format!("'string' value '{s}' cannot be converted to 'float'"),
        ),
    })
}

fn fraction_digits(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Option<usize>, Panic> {
    match args.get(1) {
        None | Some(Value::Nil) => Ok(None),
        Some(_) => {
            let digits = int_arg(ctx, args, 1)?;
            if digits < 0 {
                return Err(ctx.panic(
                    "{ballerina/lang.float}InvalidFractionDigits",
                    "fractionDigits must be non-negative",
                ));
            }
            Ok(Some(digits.min(1000) as usize))
        }
    }
}

fn to_fixed_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = float_arg(ctx, args, 0)?;
    if !x.is_finite() {
        return Ok(string_value(float_to_string(x)));
    }
    let text = match fraction_digits(ctx, args)? {
        // Rust's fixed formatting rounds the exact binary value half to even, like
        // `new BigDecimal(x).setScale(digits, HALF_EVEN)`.
        Some(digits) => format!("{x:.digits$}"),
        None => plain_string(x),
    };
    Ok(string_value(text))
}

/// `BigDecimal.valueOf(x).toPlainString()`: the digits of `float:toString` without an
/// exponent (`1.0`, `100000000000000000000`, `0.000010` for `1.0E-5`).
pub fn plain_string(x: f64) -> String {
    let repr = float_to_string(x);
    let (negative, body) = match repr.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, repr.as_str()),
    };
    let (mantissa, exponent) = match body.split_once('E') {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => return repr,
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    let scale = fraction.len() as i64 - exponent;
    let mut out = String::with_capacity(digits.len() + 24);
    if negative {
        out.push('-');
    }
    if scale <= 0 {
        out.push_str(&digits);
        out.push_str(&"0".repeat((-scale) as usize));
    } else if (digits.len() as i64) > scale {
        let point = digits.len() - scale as usize;
        out.push_str(&digits[..point]);
        out.push('.');
        out.push_str(&digits[point..]);
    } else {
        out.push_str("0.");
        out.push_str(&"0".repeat((scale - digits.len() as i64) as usize));
        out.push_str(&digits);
    }
    out
}

fn to_exp_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = float_arg(ctx, args, 0)?;
    if !x.is_finite() {
        return Ok(string_value(float_to_string(x)));
    }
    let formatted = match fraction_digits(ctx, args)? {
        Some(digits) => format!("{x:.digits$e}"),
        None if x == 0.0 => format!("{x:.1e}"),
        None => format!("{x:e}"),
    };
    // Ballerina writes the exponent with an explicit sign: `1.5e+2`.
    let text = match formatted.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        _ => formatted,
    };
    Ok(string_value(text))
}

fn to_bits_int(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Int(float_arg(ctx, args, 0)?.to_bits() as i64))
}

fn from_bits_int(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Float(f64::from_bits(int_arg(ctx, args, 0)? as u64)))
}
