//! Exact arithmetic on decimals with small coefficients, without libdecNumber.
//!
//! Most decimals a program meets (prices, amounts, quantities) have a coefficient of a few
//! digits and an exponent near zero, and their products, sums and roundings are exact. For
//! those, the decimal128 encoding (sign, combination field, exponent continuation and eleven
//! densely packed declets: IEEE 754-2008, 3.5.2) is read into a binary coefficient and an
//! exponent, the operation done in `u128`, and the result encoded back — the same value,
//! coefficient and exponent libdecNumber gives, since an exact result is never rounded.
//! Anything else (a coefficient of 33 digits or more, a zero result, an exponent near the
//! limits, non-canonical declets, specials) returns `None` and takes the general path.

use dec::Decimal128;

/// The exponent bias of decimal128.
const BIAS: i32 = 6176;
/// Results keep well inside the exponent range, far from subnormals and overflow.
const EXPONENT_LIMIT: i32 = 6000;
/// Coefficients below this have a zero most significant digit (the 34th) and fit the eleven
/// declets.
const LIMIT: u128 = 10u128.pow(33);

/// The densely packed encoding of `n` (0..=999), by the table of IEEE 754-2008 3.5.2
/// (digits `abcd efgh ijkm` to bits `pqr stu v wxy`).
const fn encode_declet(n: u16) -> u16 {
    let (d2, d1, d0) = (n / 100, n / 10 % 10, n % 10);
    let (a, e, i) = (d2 >> 3, d1 >> 3, d0 >> 3);
    let (bcd, fgh, jkm) = (d2 & 7, d1 & 7, d0 & 7);
    let (d, h, m) = (d2 & 1, d1 & 1, d0 & 1);
    let (jk, fg) = (jkm >> 1, fgh >> 1);
    match (a, e, i) {
        (0, 0, 0) => (bcd << 7) | (fgh << 4) | jkm,
        (0, 0, 1) => (bcd << 7) | (fgh << 4) | 0b1000 | m,
        (0, 1, 0) => (bcd << 7) | (jk << 5) | (h << 4) | 0b1010 | m,
        (1, 0, 0) => (jk << 8) | (d << 7) | (fgh << 4) | 0b1100 | m,
        (1, 1, 0) => (jk << 8) | (d << 7) | (h << 4) | 0b1110 | m,
        (1, 0, 1) => (fg << 8) | (d << 7) | (0b01 << 5) | (h << 4) | 0b1110 | m,
        (0, 1, 1) => (bcd << 7) | (0b10 << 5) | (h << 4) | 0b1110 | m,
        _ => (d << 7) | (0b11 << 5) | (h << 4) | 0b1110 | m,
    }
}

const fn encode_table() -> [u16; 1000] {
    let mut table = [0; 1000];
    let mut n = 0;
    while n < 1000 {
        table[n] = encode_declet(n as u16);
        n += 1;
    }
    table
}

/// The inverse of [`ENCODE`]; `NON_CANONICAL` for the 24 codes it never produces.
const fn decode_table() -> [u16; 1024] {
    let mut table = [NON_CANONICAL; 1024];
    let mut n = 0;
    while n < 1000 {
        table[ENCODE[n] as usize] = n as u16;
        n += 1;
    }
    table
}

const NON_CANONICAL: u16 = u16::MAX;
static ENCODE: [u16; 1000] = encode_table();
static DECODE: [u16; 1024] = decode_table();

/// A finite decimal as sign, coefficient and exponent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parts {
    pub negative: bool,
    pub coefficient: u128,
    pub exponent: i32,
}

/// The parts of `d` when its coefficient has at most 18 digits (six declets: `u64`
/// arithmetic) and its declets are canonical.
pub(crate) fn unpack(d: Decimal128) -> Option<Parts> {
    let bits = u128::from_le_bytes(d.to_le_bytes());
    let combination = (bits >> 122) & 0x1f;
    // `11xxx`: a most significant digit of 8 or 9, an infinity or a NaN; otherwise the low
    // three bits are the most significant digit, which must be zero like declets 6 to 10.
    if combination >> 3 == 0b11 || combination & 0b111 != 0 || (bits >> 60) & DECLETS_6_TO_10 != 0 {
        return None;
    }
    let biased = (((combination >> 3) << 12) | ((bits >> 110) & 0xfff)) as i32;
    let mut low = bits as u64 & ((1 << 60) - 1);
    let mut coefficient = 0u64;
    let mut scale = 1u64;
    while low != 0 {
        let digits = DECODE[(low & 0x3ff) as usize];
        if digits == NON_CANONICAL {
            return None;
        }
        coefficient += u64::from(digits) * scale;
        scale *= 1000;
        low >>= 10;
    }
    Some(Parts {
        negative: bits >> 127 == 1,
        coefficient: u128::from(coefficient),
        exponent: biased - BIAS,
    })
}

/// Declets 6 to 10 (coefficient digits 19 to 33), from bit 60.
const DECLETS_6_TO_10: u128 = (1 << 50) - 1;

/// The decimal of `parts`, when the coefficient is non-zero and below 10^33 and the exponent
/// well inside the range.
pub(crate) fn pack(parts: Parts) -> Option<Decimal128> {
    let Parts {
        negative,
        coefficient,
        exponent,
    } = parts;
    if coefficient == 0 || coefficient >= LIMIT || exponent.abs() > EXPONENT_LIMIT {
        return None;
    }
    let biased = (exponent + BIAS) as u128;
    let mut bits =
        (u128::from(negative) << 127) | ((biased >> 12) << 125) | ((biased & 0xfff) << 110);
    // Six declets from the low 18 digits, five from the rest, in `u64` arithmetic (a `u128`
    // division is a library call).
    let (high, low) = match u64::try_from(coefficient) {
        Ok(small) if small < 1_000_000_000_000_000_000 => (0, small),
        _ => (
            (coefficient / 1_000_000_000_000_000_000) as u64,
            (coefficient % 1_000_000_000_000_000_000) as u64,
        ),
    };
    for (mut digits, first) in [(low, 0), (high, 6)] {
        let mut k = first;
        while digits != 0 {
            bits |= u128::from(ENCODE[(digits % 1000) as usize]) << (10 * k);
            digits /= 1000;
            k += 1;
        }
    }
    Some(Decimal128::from_le_bytes(bits.to_le_bytes()))
}

/// `a * b` when exact and small.
pub(crate) fn mul(a: Decimal128, b: Decimal128) -> Option<Decimal128> {
    let (x, y) = (unpack(a)?, unpack(b)?);
    pack(Parts {
        negative: x.negative != y.negative,
        coefficient: x.coefficient.checked_mul(y.coefficient)?,
        exponent: x.exponent + y.exponent,
    })
}

/// `a + b` (`b` negated for a subtraction) when exact and small: the coefficients aligned
/// to the smaller exponent, which is the exponent of an exact sum.
pub(crate) fn add(a: Decimal128, b: Decimal128, negate_b: bool) -> Option<Decimal128> {
    let (x, mut y) = (unpack(a)?, unpack(b)?);
    y.negative ^= negate_b;
    let exponent = x.exponent.min(y.exponent);
    let align = |p: Parts| -> Option<i128> {
        let shift = u32::try_from(p.exponent - exponent)
            .ok()
            .filter(|&s| s < 33)?;
        let magnitude = p.coefficient.checked_mul(10u128.pow(shift))?;
        let magnitude = i128::try_from(magnitude)
            .ok()
            .filter(|&m| (m as u128) < LIMIT)?;
        Some(if p.negative { -magnitude } else { magnitude })
    };
    let sum = align(x)? + align(y)?;
    pack(Parts {
        negative: sum < 0,
        coefficient: sum.unsigned_abs(),
        exponent,
    })
}

/// `d` with exponent `exponent` (greater than its own), rounded half-even.
pub(crate) fn round_to(d: Decimal128, exponent: i32) -> Option<Decimal128> {
    let parts = unpack(d)?;
    let coefficient = u64::try_from(parts.coefficient).ok()?;
    let shift = u32::try_from(exponent - parts.exponent).ok()?;
    let divisor = 10u64.checked_pow(shift)?;
    let (mut quotient, remainder) = (coefficient / divisor, coefficient % divisor);
    let half = divisor / 2;
    if remainder > half || (remainder == half && quotient % 2 == 1) {
        quotient += 1;
    }
    pack(Parts {
        negative: parts.negative,
        coefficient: u128::from(quotient),
        exponent,
    })
}

/// The value of decimal text `[+-]? digits [. digits]?` of at most 18 digits and not zero
/// (JSON prices and amounts); anything else is for the general parser.
pub(crate) fn parse_plain(text: &str) -> Option<Decimal128> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.len() > 19 {
        return None;
    }
    let (mut coefficient, mut count, mut point) = (0u64, 0, None);
    for (i, &byte) in digits.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {
                coefficient = coefficient * 10 + u64::from(byte - b'0');
                count += 1;
            }
            b'.' if point.is_none() && i > 0 && i + 1 < digits.len() => point = Some(i),
            _ => return None,
        }
    }
    if count > 18 {
        return None;
    }
    let fraction = point.map_or(0, |at| digits.len() - at - 1);
    pack(Parts {
        negative,
        coefficient: u128::from(coefficient),
        exponent: -(fraction as i32),
    })
}

/// The `int` value times ten at exponent -1 (`<decimal>i`), for a non-zero `value`.
pub(crate) fn tenfold(value: i64) -> Option<Decimal128> {
    pack(Parts {
        negative: value < 0,
        coefficient: u128::from(value.unsigned_abs()) * 10,
        exponent: -1,
    })
}

/// The to-scientific-string text of `d` when it needs no exponent (exponent at most zero
/// and adjusted exponent at least -6): the coefficient with a decimal point.
pub(crate) fn plain_text(d: Decimal128, out: &mut String) -> bool {
    let Some(parts) = unpack(d) else {
        return false;
    };
    let Ok(mut coefficient) = u64::try_from(parts.coefficient) else {
        return false;
    };
    if coefficient == 0 || parts.exponent > 0 {
        return false;
    }
    // At most 18 digits, a point, five zeros, "0" and a sign, written backwards.
    let mut buffer = [0u8; 32];
    let mut at = buffer.len();
    let mut put = |byte: u8| {
        at -= 1;
        buffer[at] = byte;
    };
    let fraction = parts.exponent.unsigned_abs() as usize;
    let mut written = 0;
    while coefficient != 0 {
        put(b'0' + (coefficient % 10) as u8);
        coefficient /= 10;
        written += 1;
        if written == fraction && coefficient != 0 {
            put(b'.');
        }
    }
    if fraction >= written {
        // No integer digits: `0.`, zeros, the digits; the adjusted exponent is
        // `written - fraction - 1`, which must be at least -6.
        if fraction - written > 5 {
            return false;
        }
        for _ in written..fraction {
            put(b'0');
        }
        put(b'.');
        put(b'0');
    }
    if parts.negative {
        put(b'-');
    }
    match std::str::from_utf8(&buffer[at..]) {
        Ok(text) => {
            out.push_str(text);
            true
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Decimal;

    /// A deterministic spread of decimals: coefficients of 1 to 36 digits (most short),
    /// exponents -12..=4, both signs, with some zeros.
    fn samples() -> Vec<Decimal> {
        let mut state: u64 = 0x2026_1206;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        let mut out = Vec::new();
        for i in 0..400 {
            let digits = if i % 5 == 0 {
                1 + next() % 36
            } else {
                1 + next() % 8
            };
            let coefficient: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let exponent = (next() % 17) as i32 - 12;
            let sign = if next() % 3 == 0 { "-" } else { "" };
            let text = format!("{sign}{coefficient}E{exponent}");
            out.push(Decimal::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}")));
        }
        out
    }

    fn same(a: Decimal128, b: Decimal) -> bool {
        a.to_le_bytes() == b.0.to_le_bytes()
    }

    #[test]
    fn declets_round_trip_and_match_libdecnumber() {
        for n in 0..1000u16 {
            assert_eq!(DECODE[ENCODE[n as usize] as usize], n);
        }
        let mut packed = 0;
        for d in samples() {
            if let Some(parts) = unpack(d.0) {
                assert_eq!(d.0.coefficient().unsigned_abs(), parts.coefficient, "{d}");
                assert_eq!(d.0.exponent(), parts.exponent, "{d}");
                if let Some(again) = pack(parts) {
                    assert!(same(again, d), "{d}");
                    packed += 1;
                }
            }
        }
        assert!(packed > 300, "only {packed} samples took the small path");
    }

    #[test]
    fn arithmetic_agrees_with_the_general_path() {
        let samples = samples();
        let mut exact = 0;
        for (i, &a) in samples.iter().enumerate() {
            for &b in samples.iter().skip(i % 7).step_by(13) {
                let cases = [
                    (mul(a.0, b.0), a.general_mul(b)),
                    (add(a.0, b.0, false), a.general_add(b)),
                    (add(a.0, b.0, true), a.general_sub(b)),
                ];
                for (small, general) in cases {
                    if let Some(small) = small {
                        let general = general.unwrap_or_else(|e| panic!("{a} {b}: {e:?}"));
                        assert!(same(small, general), "{a} {b}: {general}");
                        exact += 1;
                    }
                }
            }
        }
        assert!(exact > 10_000, "only {exact} results took the small path");
    }

    #[test]
    fn plain_text_parses_as_the_general_parser_does() {
        let mut parsed = 0;
        for d in samples() {
            let text = d.to_string();
            for text in [text.clone(), format!("+{text}"), format!("00{text}")] {
                if let Some(small) = parse_plain(&text) {
                    let general = crate::text::parse_general(&text).map(|g| g.0.to_le_bytes());
                    assert_eq!(Ok(small.to_le_bytes()), general, "{text}");
                    parsed += 1;
                }
            }
        }
        assert!(parsed > 300, "only {parsed} texts took the small path");
        for text in [
            "", "-", ".5", "5.", "1.2.3", "1e5", "0x1", "1_0", "--1", "0", "0.00",
        ] {
            assert_eq!(parse_plain(text), None, "{text}");
        }
    }

    #[test]
    fn rounding_and_text_agree_with_the_general_path() {
        let (mut rounded_here, mut written_here) = (0, 0);
        for d in samples() {
            for digits in -3..8 {
                let exponent = -digits;
                if exponent <= d.exponent() {
                    continue;
                }
                if let Some(rounded) = round_to(d.0, exponent) {
                    let general = d.rescale_to(exponent, dec::Rounding::HalfEven);
                    assert!(general.is_some_and(|g| same(rounded, g)), "{d} to {digits}");
                    rounded_here += 1;
                }
            }
            let mut text = String::new();
            if plain_text(d.0, &mut text) {
                assert_eq!(text, d.0.to_string());
                written_here += 1;
            }
            assert_eq!(d.to_text(), d.to_string());
        }
        assert!(
            rounded_here > 500 && written_here > 200,
            "{rounded_here} {written_here}"
        );
        for value in [
            1,
            -1,
            7,
            12,
            -999,
            1000,
            i64::MAX,
            i64::MIN,
            123_456_789_012,
        ] {
            let general = Decimal::parse(&format!("{value}.0")).map(|d| d.0.to_le_bytes());
            assert_eq!(
                tenfold(value).map(|d| d.to_le_bytes()),
                general.ok(),
                "{value}"
            );
        }
    }
}
