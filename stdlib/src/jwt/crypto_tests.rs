//! Unit tests of the JWS cryptography on the fixture keys of `tests/programs/jwt/keys`
//! (see its README).

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../tests/programs/jwt/keys/", $name)).as_slice()
    };
}

fn rsa_key() -> Vec<u8> {
    private_key_from_pem(fixture!("rsa_private.key")).expect("RSA fixture key")
}

fn cert(pem: &[u8]) -> Vec<u8> {
    certificate_from_pem(pem).expect("fixture certificate")
}

#[test]
fn hmac_matches_rfc7515_appendix_a1() {
    use base64::Engine as _;
    let url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let key = url
        .decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
        .expect("key");
    let input = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    let tag = hmac_sign(hmac::HMAC_SHA256, input.as_bytes(), &key).expect("mac");
    assert_eq!(
        url.encode(&tag),
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
    assert_eq!(
        hmac_verify(hmac::HMAC_SHA256, input.as_bytes(), &tag, &key),
        Ok(true)
    );
    let mut bad = tag.clone();
    bad[0] ^= 1;
    assert_eq!(
        hmac_verify(hmac::HMAC_SHA256, input.as_bytes(), &bad, &key),
        Ok(false)
    );
}

#[test]
fn hmac_rejects_an_empty_secret() {
    assert!(hmac_sign(hmac::HMAC_SHA512, b"x", b"").is_err());
    assert!(hmac_verify(hmac::HMAC_SHA384, b"x", b"", b"").is_err());
}

#[test]
fn rsa_signature_verifies_and_is_deterministic() {
    let key = rsa_key();
    let crt = cert(fixture!("rsa_public.crt"));
    for alg in [
        AsymmetricAlg::Rs256,
        AsymmetricAlg::Rs384,
        AsymmetricAlg::Rs512,
    ] {
        let sig = sign(alg, b"header.payload", &key).expect("sign");
        assert_eq!(sig.len(), 256);
        assert_eq!(sign(alg, b"header.payload", &key).expect("sign"), sig);
        assert_eq!(verify(alg, b"header.payload", &sig, &crt), Ok(true));
        assert_eq!(verify(alg, b"header.payloaD", &sig, &crt), Ok(false));
    }
}

#[test]
fn verifies_a_signature_made_by_openssl() {
    let crt = cert(fixture!("rsa_public.crt"));
    let input = fixture!("openssl_signed_input.txt");
    let sig = fixture!("openssl_rs256.sig");
    assert_eq!(verify(AsymmetricAlg::Rs256, input, sig, &crt), Ok(true));
    // The same signature under another hash is not valid.
    assert_eq!(verify(AsymmetricAlg::Rs384, input, sig, &crt), Ok(false));
}

#[test]
fn tampered_signature_and_wrong_certificate_fail() {
    let key = rsa_key();
    let mut sig = sign(AsymmetricAlg::Rs256, b"a.b", &key).expect("sign");
    let other = cert(fixture!("other_rsa_public.crt"));
    assert_eq!(
        verify(AsymmetricAlg::Rs256, b"a.b", &sig, &other),
        Ok(false)
    );
    sig[10] ^= 0x40;
    let crt = cert(fixture!("rsa_public.crt"));
    assert_eq!(verify(AsymmetricAlg::Rs256, b"a.b", &sig, &crt), Ok(false));
    assert_eq!(verify(AsymmetricAlg::Rs256, b"a.b", &[], &crt), Ok(false));
}

#[test]
fn ecdsa_signatures_are_fixed_length_and_verify() {
    let key256 = private_key_from_pem(fixture!("ec256_private.key")).expect("P-256 key");
    let crt256 = cert(fixture!("ec256_public.crt"));
    let sig = sign(AsymmetricAlg::Es256, b"h.p", &key256).expect("sign");
    assert_eq!(sig.len(), 64);
    assert_eq!(
        verify(AsymmetricAlg::Es256, b"h.p", &sig, &crt256),
        Ok(true)
    );
    assert_eq!(
        verify(AsymmetricAlg::Es256, b"h.q", &sig, &crt256),
        Ok(false)
    );
    let key384 = private_key_from_pem(fixture!("ec384_private.key")).expect("P-384 key");
    let crt384 = cert(fixture!("ec384_public.crt"));
    let sig = sign(AsymmetricAlg::Es384, b"h.p", &key384).expect("sign");
    assert_eq!(sig.len(), 96);
    assert_eq!(
        verify(AsymmetricAlg::Es384, b"h.p", &sig, &crt384),
        Ok(true)
    );
}

#[test]
fn wrong_key_types_are_errors() {
    let rsa = rsa_key();
    let ec = private_key_from_pem(fixture!("ec256_private.key")).expect("P-256 key");
    assert!(sign(AsymmetricAlg::Es256, b"x", &rsa).is_err());
    assert!(sign(AsymmetricAlg::Rs256, b"x", &ec).is_err());
    assert!(sign(AsymmetricAlg::Es384, b"x", &ec).is_err());
    let ec_crt = cert(fixture!("ec256_public.crt"));
    let rsa_crt = cert(fixture!("rsa_public.crt"));
    assert!(verify(AsymmetricAlg::Rs256, b"x", &[0; 256], &ec_crt).is_err());
    assert!(verify(AsymmetricAlg::Es256, b"x", &[0; 64], &rsa_crt).is_err());
}

#[test]
fn malformed_pem_inputs_are_errors_not_panics() {
    assert!(private_key_from_pem(b"").is_err());
    assert!(private_key_from_pem(fixture!("rsa_public.crt")).is_err());
    assert!(certificate_from_pem(fixture!("rsa_private.key")).is_err());
    assert!(certificate_from_pem(
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    )
    .is_err());
    assert!(sign(AsymmetricAlg::Rs256, b"x", b"garbage").is_err());
    assert!(verify(AsymmetricAlg::Rs256, b"x", b"y", b"garbage").is_err());
    for len in 0..64 {
        let crt = cert(fixture!("rsa_public.crt"));
        let _ = parse_certificate(&crt[..len.min(crt.len())]);
    }
}

#[test]
fn certificate_validity_period() {
    let crt = cert(fixture!("rsa_public.crt"));
    let parsed = parse_certificate(&crt).expect("parse");
    assert!(matches!(parsed.key, PublicKey::Rsa(_)));
    // 2000-01-01 (a UTCTime) to 2125-01-01 (a GeneralizedTime).
    assert_eq!(parsed.not_before, 946_684_800);
    assert_eq!(parsed.not_after, 4_891_363_200);
    assert!(certificate_valid_at(&crt, parsed.not_before));
    assert!(certificate_valid_at(&crt, parsed.not_after));
    assert!(!certificate_valid_at(&crt, parsed.not_before - 1));
    assert!(!certificate_valid_at(&crt, parsed.not_after + 1));
    let expired = cert(fixture!("rsa_expired.crt"));
    assert!(!certificate_valid_at(&expired, 1_700_000_000));
    assert!(certificate_valid_at(&expired, 950_000_000));
    let ec = cert(fixture!("ec384_public.crt"));
    assert!(matches!(
        parse_certificate(&ec).map(|c| c.key),
        Some(PublicKey::Ec384(_))
    ));
}

#[test]
fn der_times() {
    // UTCTime 2000-01-01T00:00:00Z and GeneralizedTime 2126-03-04T05:06:07Z.
    let utc = [&[0x17, 13][..], b"000101000000Z"].concat();
    assert_eq!(time(&utc).map(|t| t.0), Some(946_684_800));
    let generalized = [&[0x18, 15][..], b"21260304050607Z"].concat();
    assert_eq!(time(&generalized).map(|t| t.0), Some(4_928_274_367));
    assert_eq!(time(&[0x17, 3, b'1', b'2', b'Z']), None);
}
