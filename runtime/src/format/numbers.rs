//! Ballerina's textual forms of floats and decimals.
//!
//! Floats print like Java's `Double.toString` (which jBallerina uses), with the shortest
//! digits that round-trip: plain notation with at least one fraction digit for magnitudes in
//! `[1e-3, 1e7)`, otherwise `d.dddE<exp>`. Decimals print like `BigDecimal.toString`: plain
//! notation keeping the exponent, scientific (`1E+20`, `1.5E-7`) when the exponent is
//! positive or the magnitude is below 1e-6; zero prints as `0`. Both live in `intc-decimal`,
//! shared with the compiler.

use intc_decimal::Decimal;

/// `float` to string as `toString` shows it (`1.0`, `0.1`, `1.0E20`, `NaN`, `-Infinity`).
pub fn float_to_string(x: f64) -> String {
    intc_decimal::float_to_java_string(x)
}

/// `float` as `toBalString` shows it: like `toString` except `float:NaN`, `float:Infinity`
/// and `-float:Infinity` (expressions that evaluate to the value).
pub fn float_to_bal_string(x: f64) -> String {
    if x.is_nan() {
        "float:NaN".to_string()
    } else if x == f64::INFINITY {
        "float:Infinity".to_string()
    } else if x == f64::NEG_INFINITY {
        "-float:Infinity".to_string()
    } else {
        float_to_string(x)
    }
}

/// `decimal` to string as `toString` shows it (`3.10`, `0.3`, `-4.75`, `1E-7`, `1E+20`, `0`).
pub fn decimal_to_string(d: &Decimal) -> String {
    d.to_text()
}

/// `decimal` as `toBalString` shows it: the `toString` form with a `d` suffix.
pub fn decimal_to_bal_string(d: &Decimal) -> String {
    format!("{}d", decimal_to_string(d))
}
