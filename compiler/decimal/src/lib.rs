//! Ballerina's `decimal`: IEEE 754-2008 decimal128 restricted as the language requires.
//!
//! A [`Decimal`] is a finite decimal128 value (34 significant digits, adjusted exponent
//! -6143..=6144) computed with libdecNumber (through the `dec` crate) in the decimal128
//! context: results are rounded half-even to 34 digits. Ballerina has no NaN, infinities,
//! negative zero or subnormals: an operation that overflows is an [`ArithError::Overflow`],
//! a result smaller in magnitude than 1E-6143 becomes zero, and zero is always positive.
//!
//! Text forms follow jBallerina, whose decimals are `java.math.BigDecimal`s: `toString` is
//! `BigDecimal.toString` (the General Decimal Arithmetic "to-scientific-string", which
//! libdecNumber implements identically), except that every zero prints as `0`.
//!
//! Both the compiler (constant folding, literals) and the runtime use this one type so that a
//! constant expression and the same expression evaluated at run time agree digit for digit.

mod small;
mod text;

pub use text::{float_to_java_string, ParseError};

use dec::{Context, Decimal128, Rounding};
use std::cmp::Ordering;
use std::fmt;

/// Most significant digits a decimal holds.
pub const PRECISION: u32 = 34;
/// Smallest adjusted exponent of a non-zero value (no subnormals).
const MIN_ADJUSTED_EXPONENT: i32 = -6143;
/// Largest exponent a full-precision coefficient can have (6144 - 33).
const MAX_EXPONENT: i32 = 6111;

/// The IEEE result of a division by zero, which Ballerina's decimal cannot hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonFinite {
    Infinity,
    NegativeInfinity,
    NaN,
}

impl fmt::Display for NonFinite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NonFinite::Infinity => "Infinity",
            NonFinite::NegativeInfinity => "-Infinity",
            NonFinite::NaN => "NaN",
        })
    }
}

/// Why an arithmetic operation has no decimal result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// The magnitude of the result exceeds 9.999...E+6144.
    Overflow,
    /// Division or remainder by zero, with the non-finite value IEEE would give
    /// (`x / 0` is ±Infinity, `0 / 0` and `x % 0` are NaN).
    DivisionByZero(NonFinite),
    /// An operation IEEE calls invalid (e.g. `quantize` needing more than 34 digits).
    InvalidOperation,
}

/// A Ballerina `decimal` value (see the crate documentation for its invariants).
#[derive(Clone, Copy, Default)]
pub struct Decimal(Decimal128);

/// `value` as a decimal at exponent 0: through `decQuadFromInt32` when it fits (one call),
/// else the crate's general conversion (a digit loop).
fn coefficient(value: i64) -> Decimal128 {
    match i32::try_from(value) {
        Ok(small) => Decimal128::from(small),
        Err(_) => Decimal128::from(value),
    }
}

fn context() -> Context<Decimal128> {
    // The decimal128 default context: 34 digits, half-even rounding, exponent limits of
    // decimal128, no traps (status flags are inspected instead).
    Context::<Decimal128>::default()
}

impl Decimal {
    pub const ZERO: Decimal = Decimal(Decimal128::ZERO);

    /// Checks a raw decimal128 result against Ballerina's rules.
    fn finish(ctx: &Context<Decimal128>, value: Decimal128) -> Result<Decimal, ArithError> {
        let status = ctx.status();
        if status.division_by_zero() {
            return Err(ArithError::DivisionByZero(NonFinite::NaN));
        }
        if value.is_infinite() || status.overflow() {
            return Err(ArithError::Overflow);
        }
        if value.is_nan() || status.invalid_operation() {
            return Err(ArithError::InvalidOperation);
        }
        Ok(Decimal::normalize_limits(value))
    }

    /// Zero is unsigned and values below the normal range are zero.
    fn normalize_limits(value: Decimal128) -> Decimal {
        if value.is_zero() {
            let mut zero = Decimal128::ZERO;
            context().set_exponent(&mut zero, value.exponent().min(MAX_EXPONENT));
            return Decimal(zero);
        }
        let adjusted = value.exponent() + value.digits() as i32 - 1;
        if adjusted < MIN_ADJUSTED_EXPONENT {
            return Decimal::ZERO;
        }
        Decimal(value)
    }

    /// The exact decimal value of an `int` (exponent 0, as a literal `5d`).
    pub fn from_i64(value: i64) -> Decimal {
        Decimal(coefficient(value))
    }

    /// The decimal an `int` converts to (`<decimal>i`, `decimal:sum` of ints, ...):
    /// jBallerina converts with one fraction digit (`5` becomes `5.0`).
    pub fn from_int_conversion(value: i64) -> Decimal {
        let mut ctx = context();
        // Most ints: the coefficient `value * 10` at exponent -1 directly, which is what the
        // rescale below gives, without its shift.
        if value != 0 {
            if let Some(d) = small::tenfold(value) {
                return Decimal(d);
            }
        }
        if let Some(tenfold) = (value.checked_mul(10)).and_then(|v| i32::try_from(v).ok()) {
            let mut d = Decimal128::from(tenfold);
            if value != 0 {
                ctx.set_exponent(&mut d, -1);
            }
            return Decimal(d);
        }
        let mut d = coefficient(value);
        if value != 0 {
            ctx.rescale(&mut d, -1);
        }
        Decimal(d)
    }

    /// The decimal a finite `float` converts to: the value of its shortest text form, as
    /// jBallerina's `BigDecimal.valueOf(double)` (`0.1` becomes `0.1`, `1e21` becomes
    /// `1.0E+21`). `None` for NaN and infinities.
    pub fn from_f64(value: f64) -> Option<Decimal> {
        if !value.is_finite() {
            return None;
        }
        if value == 0.0 {
            return Some(Decimal::ZERO);
        }
        Decimal::parse(&float_to_java_string(value)).ok()
    }

    /// The nearest `float` (correctly rounded).
    pub fn to_f64(self) -> f64 {
        self.0.to_string().parse().unwrap_or(0.0)
    }

    /// Rounds half-even to an integer; `None` when the result is outside the `int` range.
    pub fn to_i64(self) -> Option<i64> {
        let mut ctx = context();
        let rounded = ctx.quantize(self.0, Decimal128::ZERO);
        if ctx.status().invalid_operation() || !rounded.is_finite() {
            return None;
        }
        i64::try_from(rounded.coefficient()).ok()
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        !self.0.is_zero() && self.0.is_negative()
    }

    /// The exponent `e` of the value `c × 10^e`.
    pub fn exponent(self) -> i32 {
        self.0.exponent()
    }

    /// Same coefficient and exponent (`===`): `1.0` and `1.00` are not identical.
    pub fn identical(self, other: Decimal) -> bool {
        self == other && self.0.exponent() == other.0.exponent()
    }

    pub fn checked_add(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        if let Some(exact) = small::add(self.0, rhs.0, false) {
            return Ok(Decimal(exact));
        }
        self.general_add(rhs)
    }

    fn general_add(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        let mut ctx = context();
        let r = ctx.add(self.0, rhs.0);
        Decimal::finish(&ctx, r)
    }

    pub fn checked_sub(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        if let Some(exact) = small::add(self.0, rhs.0, true) {
            return Ok(Decimal(exact));
        }
        self.general_sub(rhs)
    }

    fn general_sub(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        let mut ctx = context();
        let r = ctx.sub(self.0, rhs.0);
        Decimal::finish(&ctx, r)
    }

    pub fn checked_mul(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        if let Some(exact) = small::mul(self.0, rhs.0) {
            return Ok(Decimal(exact));
        }
        self.general_mul(rhs)
    }

    fn general_mul(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        let mut ctx = context();
        let r = ctx.mul(self.0, rhs.0);
        Decimal::finish(&ctx, r)
    }

    pub fn checked_div(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        if rhs.is_zero() {
            return Err(ArithError::DivisionByZero(if self.is_zero() {
                NonFinite::NaN
            } else if self.is_negative() {
                NonFinite::NegativeInfinity
            } else {
                NonFinite::Infinity
            }));
        }
        let mut ctx = context();
        let r = ctx.div(self.0, rhs.0);
        Decimal::finish(&ctx, r)
    }

    /// Remainder of truncating division (sign of the dividend), as Ballerina's `%`.
    pub fn checked_rem(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        if rhs.is_zero() {
            return Err(ArithError::DivisionByZero(NonFinite::NaN));
        }
        let mut ctx = context();
        let r = ctx.rem(self.0, rhs.0);
        Decimal::finish(&ctx, r)
    }

    pub fn abs(self) -> Decimal {
        let mut ctx = context();
        Decimal::normalize_limits(ctx.abs(self.0))
    }

    /// `self` with exponent `exponent`, rounding with `rounding`; `None` when that needs
    /// more than 34 digits.
    fn rescale_to(self, exponent: i32, rounding: Rounding) -> Option<Decimal> {
        let mut ctx = context();
        ctx.set_rounding(rounding);
        let mut template = Decimal128::ZERO;
        ctx.set_exponent(&mut template, exponent);
        let r = ctx.quantize(self.0, template);
        if ctx.status().invalid_operation() || !r.is_finite() {
            return None;
        }
        Some(Decimal::normalize_limits(r))
    }

    /// `decimal:round`: the value with exponent `-fraction_digits` closest to `self`, ties
    /// to even; a value that already has at most that many fraction digits is unchanged.
    pub fn round(self, fraction_digits: i64) -> Decimal {
        let exponent = -fraction_digits.clamp(-i64::from(i32::MAX), i64::from(i32::MAX));
        if exponent <= i64::from(self.exponent()) {
            return self;
        }
        if exponent > i64::from(MAX_EXPONENT) + i64::from(PRECISION) {
            return Decimal::ZERO;
        }
        let exponent = exponent.min(i64::from(MAX_EXPONENT)) as i32;
        if let Some(rounded) = small::round_to(self.0, exponent) {
            return Decimal(rounded);
        }
        self.rescale_to(exponent, Rounding::HalfEven)
            .unwrap_or(Decimal::ZERO)
    }

    /// The IEEE quantize operation: `self` rounded (half-even) to the exponent of `quantum`.
    pub fn quantize(self, quantum: Decimal) -> Result<Decimal, ArithError> {
        self.rescale_to(quantum.exponent(), Rounding::HalfEven)
            .ok_or(ArithError::InvalidOperation)
    }

    /// Largest integral value not greater than `self`, with exponent 0 where 34 digits
    /// allow (as `BigDecimal.setScale(0, FLOOR)`).
    pub fn floor(self) -> Decimal {
        self.integral(Rounding::Floor)
    }

    /// Smallest integral value not less than `self`.
    pub fn ceiling(self) -> Decimal {
        self.integral(Rounding::Ceiling)
    }

    fn integral(self, rounding: Rounding) -> Decimal {
        self.rescale_to(0, rounding).unwrap_or(self)
    }

    /// Parses Ballerina decimal text: optional sign, digits with an optional fraction and
    /// exponent (no suffix, no NaN or infinity). Rounded half-even to 34 digits.
    pub fn parse(text: &str) -> Result<Decimal, ParseError> {
        text::parse(text)
    }

    /// The value of a decimal literal (suffix removed): decimal or hex floating-point text.
    pub fn parse_literal(text: &str) -> Result<Decimal, ParseError> {
        text::parse_literal(text)
    }

    fn cmp_value(&self, other: &Decimal) -> Ordering {
        // Both operands are finite, so the numeric comparison is total.
        let mut ctx = context();
        ctx.partial_cmp(self.0, other.0).unwrap_or(Ordering::Equal)
    }
}

/// `==`: numeric equality (precision is ignored, `1.0 == 1.00`).
impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.cmp_value(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        self.cmp_value(other)
    }
}

impl std::ops::Neg for Decimal {
    type Output = Decimal;

    fn neg(self) -> Decimal {
        // Zero stays unsigned.
        if self.is_zero() {
            return self;
        }
        Decimal(-self.0)
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Decimal {
        Decimal::from_i64(value)
    }
}

/// jBallerina's `toString`: `BigDecimal.toString` (`1.50`, `1E+20`, `1E-7`), zero as `0`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let mut plain = String::new();
        if small::plain_text(self.0, &mut plain) {
            return f.write_str(&plain);
        }
        fmt::Display::fmt(&self.0, f)
    }
}

impl Decimal {
    /// `toString` (as `Display`) without the formatting machinery.
    pub fn to_text(self) -> String {
        let mut text = String::new();
        if self.is_zero() {
            text.push('0');
        } else if !small::plain_text(self.0, &mut text) {
            text = self.0.to_string();
        }
        text
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::str::FromStr for Decimal {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Decimal, ParseError> {
        Decimal::parse(text)
    }
}

#[cfg(test)]
mod tests;
