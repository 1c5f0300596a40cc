//! Ballerina's textual forms of floats and decimals.
//!
//! Floats print like Java's `Double.toString` (which jBallerina uses) but with the shortest
//! digits that round-trip: plain notation with at least one fraction digit for magnitudes in
//! `[1e-3, 1e7)`, otherwise `d.dddE<exp>`. Decimals print like `BigDecimal.toString`: plain
//! notation keeping the scale, scientific only for very small magnitudes.

use rust_decimal::Decimal;

/// `float` to string as `toString` shows it (`1.0`, `0.1`, `1.0E20`, `NaN`, `-Infinity`).
pub fn float_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let magnitude = x.abs();
    if magnitude != 0.0 && !(1e-3..1e7).contains(&magnitude) {
        let formatted = format!("{x:E}");
        return match formatted.split_once('E') {
            Some((mantissa, exponent)) if !mantissa.contains('.') => {
                format!("{mantissa}.0E{exponent}")
            }
            _ => formatted,
        };
    }
    let formatted = format!("{x}");
    if formatted.contains('.') {
        formatted
    } else {
        format!("{formatted}.0")
    }
}

/// `float` as `toBalString` shows it: like `toString` except `float:NaN`, `float:Infinity`.
pub fn float_to_bal_string(x: f64) -> String {
    if x.is_nan() || x.is_infinite() {
        format!("float:{}", float_to_string(x))
    } else {
        float_to_string(x)
    }
}

/// `decimal` to string as `toString` shows it (`3.10`, `0.3`, `-4.75`, `1E-7`).
pub fn decimal_to_string(d: &Decimal) -> String {
    let mut d = *d;
    if d.is_zero() {
        // BigDecimal has no negative zero.
        d.set_sign_positive(true);
    }
    let scale = d.scale() as i64;
    let mantissa = d.mantissa();
    let digits = mantissa.unsigned_abs().to_string();
    let adjusted = digits.len() as i64 - 1 - scale;
    if adjusted >= -6 {
        return d.to_string();
    }
    let mut out = String::new();
    if mantissa < 0 {
        out.push('-');
    }
    let (first, rest) = digits.split_at(1);
    out.push_str(first);
    if !rest.is_empty() {
        out.push('.');
        out.push_str(rest);
    }
    out.push('E');
    out.push_str(&adjusted.to_string());
    out
}

/// `decimal` as `toBalString` shows it: the `toString` form with a `d` suffix.
pub fn decimal_to_bal_string(d: &Decimal) -> String {
    format!("{}d", decimal_to_string(d))
}
