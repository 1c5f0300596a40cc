//! The cryptography behind `std/jwt`, on plain Rust data (no Ballerina values): PEM files,
//! the few X.509 fields JWS needs (validity and public key), and JWS signatures by ring
//! (RFC 7518: RSASSA-PKCS1-v1_5, ECDSA with fixed-length `r || s`, HMAC).
//!
//! ring was chosen because it is already in the dependency tree (rustls's provider), so JWT
//! support adds no crypto build; the certificate is read by a small DER walker because only
//! three fields are needed and none of them is trusted beyond the signature check.

use ring::hmac;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, RsaKeyPair, UnparsedPublicKey};
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// A JWS algorithm that signs with a key pair or a certificate's public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsymmetricAlg {
    Rs256,
    Rs384,
    Rs512,
    Es256,
    Es384,
}

impl AsymmetricAlg {
    pub fn from_name(name: &str) -> Option<AsymmetricAlg> {
        Some(match name {
            "RS256" => AsymmetricAlg::Rs256,
            "RS384" => AsymmetricAlg::Rs384,
            "RS512" => AsymmetricAlg::Rs512,
            "ES256" => AsymmetricAlg::Es256,
            "ES384" => AsymmetricAlg::Es384,
            _ => return None,
        })
    }
}

/// The HMAC algorithm of `HS256`, `HS384` or `HS512`.
pub fn hmac_alg(name: &str) -> Option<hmac::Algorithm> {
    match name {
        "HS256" => Some(hmac::HMAC_SHA256),
        "HS384" => Some(hmac::HMAC_SHA384),
        "HS512" => Some(hmac::HMAC_SHA512),
        _ => None,
    }
}

/// The MAC of `input`. An empty secret is an error, as for Ballerina's `crypto:hmacSha256`
/// (Java refuses an empty key).
pub fn hmac_sign(alg: hmac::Algorithm, input: &[u8], secret: &[u8]) -> Result<Vec<u8>, String> {
    if secret.is_empty() {
        return Err("Empty key".to_string());
    }
    let key = hmac::Key::new(alg, secret);
    Ok(hmac::sign(&key, input).as_ref().to_vec())
}

/// Whether `tag` is the MAC of `input`, compared in constant time.
pub fn hmac_verify(
    alg: hmac::Algorithm,
    input: &[u8],
    tag: &[u8],
    secret: &[u8],
) -> Result<bool, String> {
    if secret.is_empty() {
        return Err("Empty key".to_string());
    }
    let key = hmac::Key::new(alg, secret);
    Ok(hmac::verify(&key, input, tag).is_ok())
}

/// The DER of the first private key in a PEM text: PKCS#8 (RSA or EC) or PKCS#1 (RSA).
/// Encrypted keys are not supported.
pub fn private_key_from_pem(pem: &[u8]) -> Result<Vec<u8>, String> {
    let key = PrivateKeyDer::from_pem_slice(pem).map_err(|e| match e {
        rustls_pki_types::pem::Error::NoItemsFound => {
            "no unencrypted private key found in the PEM file".to_string()
        }
        other => format!("invalid PEM file: {other}"),
    })?;
    let der = match key {
        PrivateKeyDer::Pkcs8(der) => der.secret_pkcs8_der().to_vec(),
        PrivateKeyDer::Pkcs1(der) => der.secret_pkcs1_der().to_vec(),
        PrivateKeyDer::Sec1(_) => {
            return Err("SEC1 EC private keys are not supported: use PKCS#8".to_string())
        }
        _ => return Err("unsupported private key format".to_string()),
    };
    match parse_private_key(&der) {
        Some(_) => Ok(der),
        None => Err("unsupported or malformed private key".to_string()),
    }
}

enum PrivateKey {
    Rsa(RsaKeyPair),
    Ec256(EcdsaKeyPair),
    Ec384(EcdsaKeyPair),
}

fn parse_private_key(der: &[u8]) -> Option<PrivateKey> {
    if let Ok(key) = RsaKeyPair::from_pkcs8(der) {
        return Some(PrivateKey::Rsa(key));
    }
    if let Ok(key) = RsaKeyPair::from_der(der) {
        return Some(PrivateKey::Rsa(key));
    }
    let rng = SystemRandom::new();
    if let Ok(key) =
        EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, der, &rng)
    {
        return Some(PrivateKey::Ec256(key));
    }
    if let Ok(key) =
        EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P384_SHA384_FIXED_SIGNING, der, &rng)
    {
        return Some(PrivateKey::Ec384(key));
    }
    None
}

/// The JWS signature of `input` with the private key `der` (from [`private_key_from_pem`]).
pub fn sign(alg: AsymmetricAlg, input: &[u8], der: &[u8]) -> Result<Vec<u8>, String> {
    let key = parse_private_key(der).ok_or("unsupported or malformed private key")?;
    let rng = SystemRandom::new();
    let failed = |_| "signing failed".to_string();
    match (alg, key) {
        (
            AsymmetricAlg::Rs256 | AsymmetricAlg::Rs384 | AsymmetricAlg::Rs512,
            PrivateKey::Rsa(key),
        ) => {
            let padding: &'static dyn signature::RsaEncoding = match alg {
                AsymmetricAlg::Rs256 => &signature::RSA_PKCS1_SHA256,
                AsymmetricAlg::Rs384 => &signature::RSA_PKCS1_SHA384,
                _ => &signature::RSA_PKCS1_SHA512,
            };
            let mut out = vec![0; key.public().modulus_len()];
            key.sign(padding, &rng, input, &mut out).map_err(failed)?;
            Ok(out)
        }
        (AsymmetricAlg::Es256, PrivateKey::Ec256(key))
        | (AsymmetricAlg::Es384, PrivateKey::Ec384(key)) => {
            Ok(key.sign(&rng, input).map_err(failed)?.as_ref().to_vec())
        }
        (_, key) => Err(format!(
            "the private key is {}, not a key for {alg:?}",
            key_description(&key)
        )),
    }
}

fn key_description(key: &PrivateKey) -> &'static str {
    match key {
        PrivateKey::Rsa(_) => "an RSA key",
        PrivateKey::Ec256(_) => "an EC P-256 key",
        PrivateKey::Ec384(_) => "an EC P-384 key",
    }
}

/// The DER of the first certificate in a PEM text.
pub fn certificate_from_pem(pem: &[u8]) -> Result<Vec<u8>, String> {
    let cert = CertificateDer::from_pem_slice(pem).map_err(|e| match e {
        rustls_pki_types::pem::Error::NoItemsFound => {
            "no certificate found in the PEM file".to_string()
        }
        other => format!("invalid PEM file: {other}"),
    })?;
    let der = cert.as_ref().to_vec();
    parse_certificate(&der).ok_or("malformed X.509 certificate")?;
    Ok(der)
}

/// The fields of an X.509 certificate JWS validation reads.
#[derive(Debug, PartialEq, Eq)]
pub struct Certificate<'a> {
    /// Validity period, in seconds since the Epoch.
    pub not_before: i64,
    pub not_after: i64,
    pub key: PublicKey<'a>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum PublicKey<'a> {
    /// PKCS#1 `RSAPublicKey`.
    Rsa(&'a [u8]),
    /// Uncompressed points.
    Ec256(&'a [u8]),
    Ec384(&'a [u8]),
    Other,
}

const SEQUENCE: u8 = 0x30;
const OID_RSA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x22];

/// One DER element: its tag, its contents and what follows it.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7F);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let len = rest[..count]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[count..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (t, body, rest) = tlv(input)?;
    (t == tag).then_some((body, rest))
}

/// Reads a DER certificate's validity and public key.
pub fn parse_certificate(der: &[u8]) -> Option<Certificate<'_>> {
    let (cert, _) = expect(der, SEQUENCE)?;
    let (tbs, _) = expect(cert, SEQUENCE)?;
    let mut rest = tbs;
    // Optional explicit version [0].
    if rest.first() == Some(&0xA0) {
        rest = tlv(rest)?.2;
    }
    let (_serial, rest) = expect(rest, 0x02)?;
    let (_signature_alg, rest) = expect(rest, SEQUENCE)?;
    let (_issuer, rest) = expect(rest, SEQUENCE)?;
    let (validity, rest) = expect(rest, SEQUENCE)?;
    let (_subject, rest) = expect(rest, SEQUENCE)?;
    let (spki, _) = expect(rest, SEQUENCE)?;
    let (not_before, validity) = time(validity)?;
    let (not_after, _) = time(validity)?;
    let (algorithm, spki) = expect(spki, SEQUENCE)?;
    let (bits, _) = expect(spki, 0x03)?;
    let (&unused, key) = bits.split_first()?;
    if unused != 0 {
        return None;
    }
    let (oid, params) = expect(algorithm, 0x06)?;
    let key = if oid == OID_RSA {
        PublicKey::Rsa(key)
    } else if oid == OID_EC {
        match expect(params, 0x06) {
            Some((curve, _)) if curve == OID_P256 => PublicKey::Ec256(key),
            Some((curve, _)) if curve == OID_P384 => PublicKey::Ec384(key),
            _ => PublicKey::Other,
        }
    } else {
        PublicKey::Other
    };
    Some(Certificate {
        not_before,
        not_after,
        key,
    })
}

/// A UTCTime (`YYMMDDHHMMSSZ`, years 1950–2049) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) in
/// seconds since the Epoch.
fn time(input: &[u8]) -> Option<(i64, &[u8])> {
    let (tag, body, rest) = tlv(input)?;
    let text = std::str::from_utf8(body).ok()?;
    let text = text.strip_suffix('Z')?;
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest_digits) = match (tag, text.len()) {
        (0x17, 12) => {
            let yy: i64 = text[..2].parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &text[2..])
        }
        (0x18, 14) => (text[..4].parse().ok()?, &text[4..]),
        _ => return None,
    };
    let field = |i: usize| -> Option<i64> { rest_digits.get(i..i + 2)?.parse().ok() };
    let (month, day, hour, minute, second) =
        (field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + hour * 3_600 + minute * 60 + second, rest))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether `now` (seconds since the Epoch) lies in the certificate's validity period.
pub fn certificate_valid_at(der: &[u8], now: i64) -> bool {
    parse_certificate(der).is_some_and(|c| c.not_before <= now && now <= c.not_after)
}

/// Whether `sig` is a JWS signature of `input` by the certificate's key; an error when the
/// key does not suit the algorithm.
pub fn verify(alg: AsymmetricAlg, input: &[u8], sig: &[u8], cert: &[u8]) -> Result<bool, String> {
    let cert = parse_certificate(cert).ok_or("malformed X.509 certificate")?;
    let (algorithm, key): (&'static dyn signature::VerificationAlgorithm, &[u8]) =
        match (alg, &cert.key) {
            (AsymmetricAlg::Rs256, PublicKey::Rsa(k)) => {
                (&signature::RSA_PKCS1_2048_8192_SHA256, k)
            }
            (AsymmetricAlg::Rs384, PublicKey::Rsa(k)) => {
                (&signature::RSA_PKCS1_2048_8192_SHA384, k)
            }
            (AsymmetricAlg::Rs512, PublicKey::Rsa(k)) => {
                (&signature::RSA_PKCS1_2048_8192_SHA512, k)
            }
            (AsymmetricAlg::Es256, PublicKey::Ec256(k)) => (&signature::ECDSA_P256_SHA256_FIXED, k),
            (AsymmetricAlg::Es384, PublicKey::Ec384(k)) => (&signature::ECDSA_P384_SHA384_FIXED, k),
            (_, key) => {
                let kind = match key {
                    PublicKey::Rsa(_) => "an RSA key",
                    PublicKey::Ec256(_) => "an EC P-256 key",
                    PublicKey::Ec384(_) => "an EC P-384 key",
                    PublicKey::Other => "of an unsupported type",
                };
                return Err(format!(
                    "the certificate's public key is {kind}, not a key for {alg:?}"
                ));
            }
        };
    Ok(UnparsedPublicKey::new(algorithm, key)
        .verify(input, sig)
        .is_ok())
}

#[cfg(test)]
#[path = "crypto_tests.rs"]
mod tests;
