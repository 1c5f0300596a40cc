//! Natives of `std/random` (`modules/random/random.int`): uniform random numbers from the
//! operating system's generator.

use crate::args;
use crate::uuid::random_bytes;
use crate::StdNative;
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};

/// The implementation of each `std/random` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::RandomCreateDecimal => create_decimal,
        StdNative::RandomExternIntInRange => int_in_range,
        _ => return None,
    };
    Some(Native::Plain(function))
}

fn random_u64() -> u64 {
    u64::from_le_bytes(random_bytes())
}

/// A float in `[0, 1)`: 53 random bits, as `Math.random()` has.
fn create_decimal(_context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Float(
        (random_u64() >> 11) as f64 / (1u64 << 53) as f64,
    ))
}

/// An int in `[start, end)` with no modulo bias (rejection sampling); the Ballerina side has
/// checked `start < end`.
pub fn in_range(start: i64, end: i64) -> i64 {
    let span = (i128::from(end) - i128::from(start)) as u128;
    if span == 0 {
        return start;
    }
    let span = span as u64;
    let zone = u64::MAX - (u64::MAX % span);
    loop {
        let r = random_u64();
        if r < zone {
            return (i128::from(start) + i128::from(r % span)) as i64;
        }
    }
}

fn int_in_range(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Int(in_range(
        args::int(args, 0, 0),
        args::int(args, 1, 1),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_in_range() {
        for _ in 0..1000 {
            let v = in_range(-3, 4);
            assert!((-3..4).contains(&v));
        }
        assert!((i64::MIN..i64::MAX).contains(&in_range(i64::MIN, i64::MAX)));
        assert_eq!(in_range(7, 8), 7);
    }

    #[test]
    fn random_values_differ() {
        // 64 random bits twice in a row are equal with probability 2^-64.
        assert_ne!(random_u64(), random_u64());
        let unit = (random_u64() >> 11) as f64 / (1u64 << 53) as f64;
        assert!((0.0..1.0).contains(&unit));
    }
}
