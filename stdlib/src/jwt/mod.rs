//! Natives of `std/jwt` (`modules/jwt/*.int`): base64url, the clock, PEM keys and
//! certificates, and JWS signatures. They take and return bytes and strings only; the JOSE
//! logic, the records and the `jwt:Error` messages are the module's Ballerina code. A failure
//! is a plain `error` whose message says what went wrong; the Ballerina side wraps it as the
//! cause of its `jwt:Error`.
//!
//! Key and certificate files are small and read synchronously on the isolate's thread.

pub(crate) mod crypto;
mod jwk;

use crate::http::auth::fetch::{fetch, Fetch};
use crate::StdNative;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use intc_runtime::error::new_error;
use intc_runtime::native::{Completion, Native, Step};
use intc_runtime::value::{ListObj, ValueMap};
use intc_runtime::{NativeContext, Panic, Value};

/// The implementation of each `std/jwt` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::JwtEncodeBase64Url => encode_base64_url,
        StdNative::JwtDecodeBase64Url => decode_base64_url,
        StdNative::JwtUtcNowSeconds => utc_now_seconds,
        StdNative::JwtDecodePrivateKeyFromKeyFile => decode_private_key,
        StdNative::JwtSignWithPrivateKey => sign_with_private_key,
        StdNative::JwtHmac => hmac,
        StdNative::JwtVerifyHmac => verify_hmac,
        StdNative::JwtDecodeCertificateFromCertFile => decode_certificate,
        StdNative::JwtCertificateIsValidNow => certificate_is_valid_now,
        StdNative::JwtVerifyWithCertificate => verify_with_certificate,
        StdNative::JwtVerifyWithJwk => verify_with_jwk,
        StdNative::JwtFetchJwks => return Some(Native::Step(fetch_jwks)),
        StdNative::JwtCachedJwks => cached_jwks,
        StdNative::JwtCacheJwks => cache_jwks,
        _ => return None,
    };
    Some(Native::Plain(function))
}

/// `fetchJwks(url, cert, disableVerification)`: the body of the JWKS endpoint's 2xx response
/// (a `Step` native: the strand parks on the request), else an error saying why.
fn fetch_jwks(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let request = Fetch {
        method: "GET",
        url: string_arg(args, 0).to_string(),
        headers: vec![("Accept".to_string(), "application/json".to_string())],
        body: Vec::new(),
        cert: args.get(1).and_then(Value::as_str).map(str::to_owned),
        disable_verification: args.get(2).and_then(Value::as_bool) == Some(true),
    };
    Ok(Step::Await(Box::pin(async move {
        let result = fetch(request).await;
        Box::new(move |context: &mut NativeContext<'_>| {
            let value = match result {
                Ok((status, body)) if (200..300).contains(&status) => {
                    Value::string(String::from_utf8_lossy(&body).into_owned())
                }
                Ok((status, body)) => error_value(
                    context,
                    &format!(
                        "Failed to get a success response from the endpoint. Response code: '{status}'. Response body: '{}'",
                        String::from_utf8_lossy(&body)
                    ),
                ),
                Err(message) => error_value(
                    context,
                    &format!("Failed to send the request to the endpoint. {message}"),
                ),
            };
            Ok(Step::Done(value))
        }) as Completion
    })))
}

/// The key sets fetched from JWKS endpoints, by URL (their JSON text): program-wide native
/// state (`NativeContext::shared`), shared by every isolate serving the program.
#[derive(Default)]
struct JwksCache(std::sync::Mutex<std::collections::HashMap<String, String>>);

impl JwksCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, String>> {
        // One insert or lookup at a time: a panic elsewhere cannot leave it half-updated.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `cachedJwks(url)`: the key set kept for `url`, or `()`.
fn cached_jwks(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let cache = context.shared::<JwksCache>();
    let kept = cache.lock().get(string_arg(args, 0)).cloned();
    Ok(kept.map_or(Value::Nil, Value::string))
}

/// `cacheJwks(url, keySet)`: keeps the key set of `url`.
fn cache_jwks(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let cache = context.shared::<JwksCache>();
    let (url, keys) = (string_arg(args, 0), string_arg(args, 1));
    cache.lock().insert(url.to_owned(), keys.to_owned());
    Ok(Value::Nil)
}

/// `verifyWithJwk(algorithm, input, signature, kty, crv, first, second)`.
fn verify_with_jwk(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (first, second) = (bytes_arg(args, 5), bytes_arg(args, 6));
    let key = jwk::Jwk {
        kty: string_arg(args, 3),
        crv: string_arg(args, 4),
        first: &first,
        second: &second,
    };
    let result = match crypto::AsymmetricAlg::from_name(string_arg(args, 0)) {
        Some(alg) => jwk::verify(alg, &bytes_arg(args, 1), &bytes_arg(args, 2), &key),
        None => Err(format!("unsupported algorithm '{}'", string_arg(args, 0))),
    };
    Ok(bool_or_error(context, result))
}

/// Base64url as JWS uses it: no padding written; padding read if present (like Java's URL
/// decoder, which `jwt:decode` uses in Ballerina).
const BASE64_URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub(crate) fn string_arg(args: &[Value], index: usize) -> &str {
    // The checker types every argument by the declaration, so a missing string is only
    // possible for `string?` parameters, which read as empty.
    args.get(index).and_then(Value::as_str).unwrap_or("")
}

fn bytes_arg(args: &[Value], index: usize) -> Vec<u8> {
    match args.get(index).and_then(Value::as_list) {
        Some(list) => list
            .items()
            .iter()
            .map(|v| v.as_int().and_then(|i| u8::try_from(i).ok()).unwrap_or(0))
            .collect(),
        None => Vec::new(),
    }
}

fn bytes_value(context: &NativeContext<'_>, bytes: Vec<u8>) -> Value {
    let items = bytes
        .into_iter()
        .map(|b| Value::Int(i64::from(b)))
        .collect();
    Value::List(ListObj::new(context.types().well_known.byte_list, items))
}

/// A plain `error` with `message` (no detail), the cause of a `jwt:Error`.
pub(crate) fn error_value(context: &NativeContext<'_>, message: &str) -> Value {
    let types = context.types();
    new_error(
        types,
        types.well_known.error,
        message,
        Value::Nil,
        ValueMap::default(),
    )
}

fn bytes_or_error(context: &NativeContext<'_>, result: Result<Vec<u8>, String>) -> Value {
    match result {
        Ok(bytes) => bytes_value(context, bytes),
        Err(message) => error_value(context, &message),
    }
}

fn bool_or_error(context: &NativeContext<'_>, result: Result<bool, String>) -> Value {
    match result {
        Ok(b) => Value::Boolean(b),
        Err(message) => error_value(context, &message),
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

pub(crate) fn now_seconds() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

fn encode_base64_url(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let _ = context;
    Ok(Value::string(BASE64_URL.encode(bytes_arg(args, 0))))
}

fn decode_base64_url(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let decoded = BASE64_URL
        .decode(string_arg(args, 0))
        .map_err(|e| format!("invalid base64url: {e}"));
    Ok(bytes_or_error(context, decoded))
}

fn utc_now_seconds(_context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Int(now_seconds()))
}

fn decode_private_key(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = read_file(string_arg(args, 0)).and_then(|pem| crypto::private_key_from_pem(&pem));
    Ok(bytes_or_error(context, result))
}

fn sign_with_private_key(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = match crypto::AsymmetricAlg::from_name(string_arg(args, 0)) {
        Some(alg) => crypto::sign(alg, &bytes_arg(args, 1), &bytes_arg(args, 2)),
        None => Err(format!("unsupported algorithm '{}'", string_arg(args, 0))),
    };
    Ok(bytes_or_error(context, result))
}

fn hmac(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = match crypto::hmac_alg(string_arg(args, 0)) {
        Some(alg) => crypto::hmac_sign(alg, &bytes_arg(args, 1), &bytes_arg(args, 2)),
        None => Err(format!("unsupported algorithm '{}'", string_arg(args, 0))),
    };
    Ok(bytes_or_error(context, result))
}

fn verify_hmac(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = match crypto::hmac_alg(string_arg(args, 0)) {
        Some(alg) => crypto::hmac_verify(
            alg,
            &bytes_arg(args, 1),
            &bytes_arg(args, 2),
            &bytes_arg(args, 3),
        ),
        None => Err(format!("unsupported algorithm '{}'", string_arg(args, 0))),
    };
    Ok(bool_or_error(context, result))
}

fn decode_certificate(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = read_file(string_arg(args, 0)).and_then(|pem| crypto::certificate_from_pem(&pem));
    Ok(bytes_or_error(context, result))
}

fn certificate_is_valid_now(
    _context: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    Ok(Value::Boolean(crypto::certificate_valid_at(
        &bytes_arg(args, 0),
        now_seconds(),
    )))
}

fn verify_with_certificate(
    context: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let result = match crypto::AsymmetricAlg::from_name(string_arg(args, 0)) {
        Some(alg) => crypto::verify(
            alg,
            &bytes_arg(args, 1),
            &bytes_arg(args, 2),
            &bytes_arg(args, 3),
        ),
        None => Err(format!("unsupported algorithm '{}'", string_arg(args, 0))),
    };
    Ok(bool_or_error(context, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_writes_no_padding_and_reads_either() {
        assert_eq!(BASE64_URL.encode([0xfb, 0xff]), "-_8");
        assert_eq!(BASE64_URL.decode("-_8").ok(), Some(vec![0xfb, 0xff]));
        assert_eq!(BASE64_URL.decode("-_8=").ok(), Some(vec![0xfb, 0xff]));
        // The standard alphabet's `+` and `/` are not base64url.
        assert!(BASE64_URL.decode("+/8").is_err());
        assert!(BASE64_URL.decode("a*b").is_err());
    }

    #[test]
    fn the_clock_reads_seconds_since_the_epoch() {
        // Past 2023-11-14, so within the fixture certificates' validity.
        assert!(now_seconds() > 1_700_000_000);
    }
}
