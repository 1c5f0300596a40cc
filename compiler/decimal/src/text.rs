//! Decimal text parsing and Java's `Double.toString` (which jBallerina uses for floats and
//! for float→decimal conversion).

use crate::Decimal;
use dec::{Context, Decimal128};
use std::fmt;

/// Why a text is not a decimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not the syntax of a decimal number.
    Syntax,
    /// A well-formed number whose magnitude exceeds the decimal range.
    Overflow,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseError::Syntax => "invalid decimal syntax",
            ParseError::Overflow => "decimal value out of range",
        })
    }
}

/// True for `[+-]? (digits [. digits]? | . digits) ([eE] [+-]? digits)?`.
fn well_formed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else if whole == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

pub(crate) fn parse(text: &str) -> Result<Decimal, ParseError> {
    if let Some(small) = crate::small::parse_plain(text) {
        return Ok(Decimal(small));
    }
    parse_general(text)
}

pub(crate) fn parse_general(text: &str) -> Result<Decimal, ParseError> {
    if !well_formed(text) {
        return Err(ParseError::Syntax);
    }
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    let mut ctx = Context::<Decimal128>::default();
    let value = ctx.parse(unsigned).map_err(|_| ParseError::Syntax)?;
    Decimal::finish(&ctx, value).map_err(|_| ParseError::Overflow)
}

/// `x` as Java's `Double.toString` prints it, with the shortest round-tripping digits:
/// plain notation with at least one fraction digit for magnitudes in `[1e-3, 1e7)`,
/// otherwise `d.dddE<exp>` (`1.0E7`, `1.0E-4`); `NaN`, `Infinity`, `-Infinity`, `-0.0`.
pub fn float_to_java_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    // `{:e}` yields the shortest round-tripping digits as `d[.ddd]e<exp>`.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mut digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if digits.len() == 1 {
        // Java always shows two digits (`d.d`) and, since JDK 19, picks the two-digit
        // decimal closest to the exact value when it still round-trips: 4.9E-324, not 5.0.
        let two = format!("{:.1e}", x.abs());
        if two.parse::<f64>() == Ok(x.abs()) {
            if let Some((m, _)) = two.split_once('e') {
                digits = m.chars().filter(|c| *c != '.').collect();
                while digits.len() > 1 && digits.ends_with('0') {
                    digits.pop();
                }
            }
        }
    }
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    if (-3..7).contains(&exponent) {
        if exponent < 0 {
            out.push_str("0.");
            for _ in 0..(-exponent - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let point = exponent as usize + 1;
            if digits.len() <= point {
                out.push_str(&digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        out.push('.');
        if digits.len() > 1 {
            out.push_str(&digits[1..]);
        } else {
            out.push('0');
        }
        out.push('E');
        out.push_str(&exponent.to_string());
    }
    out
}

/// The value of a decimal literal's text without its suffix: decimal digits as [`parse`], or
/// a hex floating-point number (`0x1.8p3`), whose value is rounded to 34 digits.
pub(crate) fn parse_literal(text: &str) -> Result<Decimal, ParseError> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) else {
        return parse(text);
    };
    let (number, binary_exponent) = match hex.split_once(['p', 'P']) {
        Some((number, exponent)) => (
            number,
            exponent.parse::<i64>().map_err(|_| ParseError::Syntax)?,
        ),
        None => (hex, 0),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(ParseError::Syntax);
    }
    // c × 16^-len(fraction) × 2^exponent = c × 2^(exponent - 4 len(fraction)).
    let exponent = binary_exponent
        .checked_sub(4 * fraction.len() as i64)
        .ok_or(ParseError::Overflow)?;
    let sixteen = Decimal::from_i64(16);
    let mut value = Decimal::ZERO;
    for c in whole.chars().chain(fraction.chars()) {
        let digit = c.to_digit(16).ok_or(ParseError::Syntax)?;
        value = value
            .checked_mul(sixteen)
            .and_then(|v| v.checked_add(Decimal::from_i64(i64::from(digit))))
            .map_err(|_| ParseError::Overflow)?;
    }
    let scaled = power_of_two(value, exponent)?;
    Ok(if negative { -scaled } else { scaled })
}

/// `value × 2^exponent`, the power computed by binary powering (each step rounded to 34
/// digits).
fn power_of_two(value: Decimal, exponent: i64) -> Result<Decimal, ParseError> {
    if value.is_zero() {
        return Ok(value);
    }
    let mut base = Decimal::from_i64(2);
    let mut remaining = exponent.unsigned_abs();
    let mut factor = Decimal::from_i64(1);
    // 2^n beyond the decimal range: the value overflows, or (negative exponent) is below
    // the smallest decimal and so is zero.
    let beyond = || {
        if exponent < 0 {
            Ok(Decimal::ZERO)
        } else {
            Err(ParseError::Overflow)
        }
    };
    while remaining > 0 {
        if remaining & 1 == 1 {
            match factor.checked_mul(base) {
                Ok(f) => factor = f,
                Err(_) => return beyond(),
            }
        }
        remaining >>= 1;
        if remaining > 0 {
            match base.checked_mul(base) {
                Ok(b) => base = b,
                Err(_) => return beyond(),
            }
        }
    }
    if exponent < 0 {
        // As jBallerina: the value times the (rounded) reciprocal 1 / 2^-exponent.
        factor = Decimal::from_i64(1)
            .checked_div(factor)
            .map_err(|_| ParseError::Overflow)?;
    }
    value.checked_mul(factor).map_err(|_| ParseError::Overflow)
}
