//! Finite value sets for float, decimal and string subtypes, and the keys that identify float
//! and decimal values by shape.

use std::fmt;

/// A float value identified by its shape: every NaN is the same value, and `-0.0` has the
/// shape of `+0.0` (spec: "Positive and negative zero ... are defined to have the same
/// shape").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FloatKey(u64);

impl FloatKey {
    pub fn new(f: f64) -> FloatKey {
        if f.is_nan() {
            FloatKey(f64::NAN.to_bits())
        } else if f == 0.0 {
            FloatKey(0.0f64.to_bits())
        } else {
            FloatKey(f.to_bits())
        }
    }

    pub fn value(self) -> f64 {
        f64::from_bits(self.0)
    }
}

/// A decimal value identified by its shape, held as a canonical string so this crate does not
/// depend on a decimal implementation: `1.50`, `1.5` and `0.15E1` are the same key `1.5`
/// (precision is not part of a decimal's shape).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DecimalKey(String);

impl DecimalKey {
    /// Parses a decimal numeral (`-12.50`, `1E3`, `2.5e-1`; an optional `d`/`D` suffix is
    /// ignored). `None` if it is not a numeral.
    pub fn parse(text: &str) -> Option<DecimalKey> {
        let t = text.trim();
        let t = t.strip_suffix(['d', 'D']).unwrap_or(t);
        let (negative, t) = match t.as_bytes().first()? {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, t),
        };
        let (mantissa, exp_text) = match t.find(['e', 'E']) {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        // i128 arithmetic: the exponent is an i64 from the text, adjusted by at most the
        // number of digits, so it cannot overflow.
        let mut exponent: i128 = match exp_text {
            Some(e) => i128::from(e.parse::<i64>().ok()?),
            None => 0,
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part
            .bytes()
            .chain(frac_part.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut digits: String = int_part.chars().chain(frac_part.chars()).collect();
        exponent -= frac_part.len() as i128;
        let trimmed = digits.trim_start_matches('0');
        digits = trimmed.to_string();
        if digits.is_empty() {
            return Some(DecimalKey("0".to_string()));
        }
        while digits.ends_with('0') {
            digits.pop();
            exponent += 1;
        }
        let sign = if negative { "-" } else { "" };
        let n = digits.len() as i128;
        let text = if (0..=30).contains(&exponent) {
            format!("{sign}{digits}{}", "0".repeat(exponent as usize))
        } else if exponent < 0 && -exponent < n {
            let point = (n + exponent) as usize;
            format!("{sign}{}.{}", &digits[..point], &digits[point..])
        } else if exponent < 0 && -exponent <= n + 30 {
            format!("{sign}0.{}{digits}", "0".repeat((-exponent - n) as usize))
        } else {
            format!("{sign}{digits}E{exponent}")
        };
        Some(DecimalKey(text))
    }

    /// The canonical text (`1.5`, `-100`, `0.001`, or `12E-40` for extreme exponents).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_zero(&self) -> bool {
        self.0 == "0"
    }
}

impl fmt::Display for DecimalKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A set of values given by enumeration: the listed `values` when `allowed`, otherwise every
/// value except them. `values` is sorted and deduplicated.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Enumerable<T> {
    pub allowed: bool,
    pub values: Vec<T>,
}

impl<T: Ord + Clone> Enumerable<T> {
    pub fn of(mut values: Vec<T>) -> Enumerable<T> {
        values.sort();
        values.dedup();
        Enumerable {
            allowed: true,
            values,
        }
    }

    pub fn none() -> Enumerable<T> {
        Enumerable {
            allowed: true,
            values: Vec::new(),
        }
    }

    pub fn all() -> Enumerable<T> {
        Enumerable {
            allowed: false,
            values: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.allowed && self.values.is_empty()
    }

    pub fn is_all(&self) -> bool {
        !self.allowed && self.values.is_empty()
    }

    pub fn contains(&self, v: &T) -> bool {
        self.values.binary_search(v).is_ok() == self.allowed
    }

    pub fn complement(&self) -> Enumerable<T> {
        Enumerable {
            allowed: !self.allowed,
            values: self.values.clone(),
        }
    }

    pub fn union(&self, other: &Self) -> Self {
        match (self.allowed, other.allowed) {
            (true, true) => Enumerable::of(merge(&self.values, &other.values)),
            (false, false) => Enumerable {
                allowed: false,
                values: common(&self.values, &other.values),
            },
            (true, false) => Enumerable {
                allowed: false,
                values: minus(&other.values, &self.values),
            },
            (false, true) => other.union(self),
        }
    }

    pub fn intersect(&self, other: &Self) -> Self {
        self.complement().union(&other.complement()).complement()
    }

    pub fn diff(&self, other: &Self) -> Self {
        self.intersect(&other.complement())
    }
}

fn merge<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    let mut v: Vec<T> = a.iter().chain(b).cloned().collect();
    v.sort();
    v.dedup();
    v
}

fn common<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter()
        .filter(|x| b.binary_search(x).is_ok())
        .cloned()
        .collect()
}

fn minus<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter()
        .filter(|x| b.binary_search(x).is_err())
        .cloned()
        .collect()
}

/// A subtype of string, split as nBallerina does into the one-character strings
/// (`string:Char`) and the others, so `string:Char` is representable exactly.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StringSubtype {
    pub chars: Enumerable<String>,
    pub non_chars: Enumerable<String>,
}

impl StringSubtype {
    pub fn single(s: &str) -> StringSubtype {
        if is_char(s) {
            StringSubtype {
                chars: Enumerable::of(vec![s.to_string()]),
                non_chars: Enumerable::none(),
            }
        } else {
            StringSubtype {
                chars: Enumerable::none(),
                non_chars: Enumerable::of(vec![s.to_string()]),
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.non_chars.is_empty()
    }

    pub fn is_all(&self) -> bool {
        self.chars.is_all() && self.non_chars.is_all()
    }

    pub fn contains(&self, s: &str) -> bool {
        let owned = s.to_string();
        if is_char(s) {
            self.chars.contains(&owned)
        } else {
            self.non_chars.contains(&owned)
        }
    }

    pub fn union(&self, o: &Self) -> Self {
        StringSubtype {
            chars: self.chars.union(&o.chars),
            non_chars: self.non_chars.union(&o.non_chars),
        }
    }

    pub fn intersect(&self, o: &Self) -> Self {
        StringSubtype {
            chars: self.chars.intersect(&o.chars),
            non_chars: self.non_chars.intersect(&o.non_chars),
        }
    }

    pub fn diff(&self, o: &Self) -> Self {
        StringSubtype {
            chars: self.chars.diff(&o.chars),
            non_chars: self.non_chars.diff(&o.non_chars),
        }
    }

    pub fn complement(&self) -> Self {
        StringSubtype {
            chars: self.chars.complement(),
            non_chars: self.non_chars.complement(),
        }
    }
}

/// Whether `s` is one code point (a `string:Char`).
pub fn is_char(s: &str) -> bool {
    let mut it = s.chars();
    it.next().is_some() && it.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_keys_are_canonical() {
        let k = |s| DecimalKey::parse(s).unwrap();
        assert_eq!(k("1.50"), k("1.5"));
        assert_eq!(k("0.15E1"), k("1.5"));
        assert_eq!(k("-0.0").as_str(), "0");
        assert_eq!(k("1E3").as_str(), "1000");
        assert_eq!(k("2.5e-1").as_str(), "0.25");
        assert_eq!(k("12.5d").as_str(), "12.5");
        assert_eq!(k("-0.001").as_str(), "-0.001");
        assert_eq!(k("1E-40").as_str(), "1E-40");
        assert!(DecimalKey::parse("abc").is_none());
        assert_eq!(
            k("10E9223372036854775807").as_str(),
            "1E9223372036854775808"
        );
        assert_eq!(
            k("1.5E-9223372036854775808").as_str(),
            "15E-9223372036854775809"
        );
        assert!(DecimalKey::parse("1E99999999999999999999").is_none());
        assert!(DecimalKey::parse(".").is_none());
    }

    #[test]
    fn float_keys_follow_shape() {
        assert_eq!(FloatKey::new(-0.0), FloatKey::new(0.0));
        assert_eq!(FloatKey::new(f64::NAN), FloatKey::new(-f64::NAN));
        assert_ne!(FloatKey::new(1.0), FloatKey::new(2.0));
    }

    #[test]
    fn enumerable_laws() {
        let a = Enumerable::of(vec![1, 2, 3]);
        let b = Enumerable::of(vec![3, 4]);
        assert_eq!(a.intersect(&b), Enumerable::of(vec![3]));
        assert_eq!(a.union(&b), Enumerable::of(vec![1, 2, 3, 4]));
        assert_eq!(a.diff(&b), Enumerable::of(vec![1, 2]));
        let not_a = a.complement();
        assert!(not_a.contains(&7) && !not_a.contains(&1));
        assert!(not_a.union(&a).is_all());
        assert!(not_a.intersect(&a).is_empty());
        assert_eq!(not_a.union(&b), Enumerable::of(vec![1, 2]).complement());
    }
}
