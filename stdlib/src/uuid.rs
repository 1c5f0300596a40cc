//! Natives of `std/uuid` (`modules/uuid/uuid.int`): RFC 4122 UUIDs. Randomness is ring's
//! `SystemRandom` (the operating system's generator); name-based UUIDs hash with the
//! `crypto` module's digests.

use crate::args;
use crate::StdNative;
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};
use ring::rand::{SecureRandom, SystemRandom};
use std::time::{SystemTime, UNIX_EPOCH};

/// The implementation of each `std/uuid` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::UuidCreateType1AsString => type1,
        StdNative::UuidCreateType4AsString => type4,
        StdNative::UuidValidate => validate_native,
        StdNative::UuidNameBased => name_based,
        StdNative::UuidBytesOf => bytes_of,
        StdNative::UuidFromBytes => from_bytes,
        _ => return None,
    };
    Some(Native::Plain(function))
}

/// Random bytes from the operating system (zeros only if it has none to give, which
/// `getrandom` reports only on a broken system).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let _ = SystemRandom::new().fill(&mut bytes);
    bytes
}

/// The canonical `8-4-4-4-12` lower-case text of 16 bytes.
fn text(bytes: &[u8; 16]) -> String {
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Sets the version nibble and the RFC 4122 variant bits.
fn stamp(bytes: &mut [u8; 16], version: u8) {
    bytes[6] = (bytes[6] & 0x0f) | (version << 4);
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
}

/// A version 1 UUID: 100-ns intervals since 1582-10-15, a random clock sequence and a random
/// node with the multicast bit set (RFC 4122 section 4.5: no MAC address is disclosed).
pub fn new_type1() -> String {
    const GREGORIAN_OFFSET: u128 = 122_192_928_000_000_000;
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() / 100)
        .unwrap_or(0);
    let ticks = (since_epoch + GREGORIAN_OFFSET) as u64 & 0x0fff_ffff_ffff_ffff;
    let random: [u8; 8] = random_bytes();
    let mut bytes = [0u8; 16];
    bytes[0..4].copy_from_slice(&((ticks & 0xffff_ffff) as u32).to_be_bytes());
    bytes[4..6].copy_from_slice(&(((ticks >> 32) & 0xffff) as u16).to_be_bytes());
    bytes[6..8].copy_from_slice(&(((ticks >> 48) & 0x0fff) as u16).to_be_bytes());
    bytes[8..16].copy_from_slice(&random);
    bytes[10] |= 0x01;
    stamp(&mut bytes, 1);
    text(&bytes)
}

pub fn new_type4() -> String {
    let mut bytes: [u8; 16] = random_bytes();
    stamp(&mut bytes, 4);
    text(&bytes)
}

/// `regex:matches(uuid, "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")`.
pub fn validate(uuid: &str) -> bool {
    let b = uuid.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The 16 bytes of a valid UUID text.
fn parse(uuid: &str) -> Option<[u8; 16]> {
    if !validate(uuid) {
        return None;
    }
    let hex: Vec<u8> = uuid.bytes().filter(|c| *c != b'-').collect();
    let mut bytes = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        let digits = std::str::from_utf8(pair).ok()?;
        bytes[i] = u8::from_str_radix(digits, 16).ok()?;
    }
    Some(bytes)
}

fn type1(_context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::string(new_type1()))
}

fn type4(_context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::string(new_type4()))
}

fn validate_native(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Boolean(validate(args::string(args, 0))))
}

/// Version 3 (MD5) or 5 (SHA-1) of the namespace's bytes followed by the name's UTF-8.
pub fn name_based_uuid(namespace: &str, name: &str, version: u8) -> String {
    let namespace = parse(namespace).unwrap_or([0; 16]);
    let algorithm = if version == 3 { "MD5" } else { "SHA-1" };
    let digest = crate::crypto::hash(algorithm, name.as_bytes(), &namespace);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    stamp(&mut bytes, version);
    text(&bytes)
}

fn name_based(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let version = if args::int(args, 2, 5) == 3 { 3 } else { 5 };
    Ok(Value::string(name_based_uuid(
        args::string(args, 0),
        args::string(args, 1),
        version,
    )))
}

fn bytes_of(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let bytes = parse(args::string(args, 0)).unwrap_or([0; 16]);
    Ok(args::bytes_value(context, bytes.to_vec()))
}

fn from_bytes(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let bytes = args::bytes(args, 0);
    let result = match <[u8; 16]>::try_from(&bytes[..bytes.len().min(16)]) {
        // Ballerina's module reads the first 16 bytes and ignores the rest.
        Ok(first) => Ok(Value::string(text(&first))),
        Err(_) => Err(format!(
            "a UUID needs 16 bytes, but the array has {}",
            bytes.len()
        )),
    };
    Ok(args::or_error(context, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_uuids_have_their_version_and_variant() {
        for (uuid, version) in [(new_type1(), '1'), (new_type4(), '4')] {
            assert!(validate(&uuid), "{uuid}");
            assert_eq!(uuid.chars().nth(14), Some(version));
            assert!(matches!(uuid.chars().nth(19), Some('8' | '9' | 'a' | 'b')));
        }
        assert_ne!(new_type4(), new_type4());
    }

    #[test]
    fn name_based_matches_rfc_4122_example() {
        // The python `uuid` documentation's examples for python.org in the DNS namespace.
        let dns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        assert_eq!(
            name_based_uuid(dns, "python.org", 3),
            "6fa459ea-ee8a-3ca4-894e-db77e160355e"
        );
        assert_eq!(
            name_based_uuid(dns, "python.org", 5),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d"
        );
    }

    #[test]
    fn parsing_reads_either_case_and_rejects_the_rest() {
        let bytes = parse("6BA7B810-9dad-11d1-80b4-00c04fd430c8");
        assert_eq!(
            bytes.map(|b| text(&b)).as_deref(),
            Some("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        );
        assert!(parse("6ba7b810-9dad-11d1-80b4-00c04fd430c").is_none());
        assert!(parse("6ba7b810-9dad-11d1-80b4+00c04fd430c8").is_none());
        assert!(!validate("6ba7b810-9dad-11d1-80b4-00c04fd430c8 "));
    }
}
