//! Signature checks with a JSON Web Key (RFC 7517) of a JWKS endpoint: RSA keys by modulus and
//! exponent, EC keys by their curve point, each verified by ring like a certificate's key.

use super::crypto::AsymmetricAlg;
use ring::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};

/// The parts of a JWK that make its public key: `kty`, `crv`, and `n`/`e` (RSA) or `x`/`y` (EC)
/// decoded from base64url.
pub struct Jwk<'a> {
    pub kty: &'a str,
    pub crv: &'a str,
    pub first: &'a [u8],
    pub second: &'a [u8],
}

/// Whether `sig` is a JWS signature of `input` by the key; an error when the key does not suit
/// the algorithm.
pub fn verify(alg: AsymmetricAlg, input: &[u8], sig: &[u8], jwk: &Jwk<'_>) -> Result<bool, String> {
    let rsa = match alg {
        AsymmetricAlg::Rs256 => Some(&signature::RSA_PKCS1_2048_8192_SHA256),
        AsymmetricAlg::Rs384 => Some(&signature::RSA_PKCS1_2048_8192_SHA384),
        AsymmetricAlg::Rs512 => Some(&signature::RSA_PKCS1_2048_8192_SHA512),
        _ => None,
    };
    if let Some(params) = rsa {
        if jwk.kty != "RSA" {
            return Err(format!(
                "the JWK is of type '{}', not a key for {alg:?}",
                jwk.kty
            ));
        }
        let key = RsaPublicKeyComponents {
            n: jwk.first,
            e: jwk.second,
        };
        return Ok(key.verify(params, input, sig).is_ok());
    }
    let (algorithm, curve, size): (&'static dyn signature::VerificationAlgorithm, &str, usize) =
        match alg {
            AsymmetricAlg::Es256 => (&signature::ECDSA_P256_SHA256_FIXED, "P-256", 32),
            _ => (&signature::ECDSA_P384_SHA384_FIXED, "P-384", 48),
        };
    if jwk.kty != "EC" || jwk.crv != curve {
        return Err(format!(
            "the JWK is of type '{}' ({}), not a key for {alg:?}",
            jwk.kty, jwk.crv
        ));
    }
    if jwk.first.len() != size || jwk.second.len() != size {
        return Err("the JWK's curve point has the wrong size".to_string());
    }
    // The uncompressed point: 0x04, x, y.
    let mut point = Vec::with_capacity(1 + 2 * size);
    point.push(4);
    point.extend_from_slice(jwk.first);
    point.extend_from_slice(jwk.second);
    Ok(UnparsedPublicKey::new(algorithm, &point)
        .verify(input, sig)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::{verify, Jwk};
    use crate::jwt::crypto::AsymmetricAlg;

    #[test]
    fn a_key_of_another_type_or_curve_is_an_error() {
        let rsa = Jwk {
            kty: "RSA",
            crv: "",
            first: &[1, 2, 3],
            second: &[1, 0, 1],
        };
        assert!(verify(AsymmetricAlg::Es256, b"x", b"y", &rsa).is_err());
        let p384 = Jwk {
            kty: "EC",
            crv: "P-384",
            first: &[0; 48],
            second: &[0; 48],
        };
        assert!(verify(AsymmetricAlg::Es256, b"x", b"y", &p384).is_err());
        assert!(verify(AsymmetricAlg::Rs256, b"x", b"y", &p384).is_err());
    }

    #[test]
    fn a_point_of_the_wrong_size_is_an_error_and_a_bad_signature_false() {
        let short = Jwk {
            kty: "EC",
            crv: "P-256",
            first: &[0; 31],
            second: &[0; 32],
        };
        assert!(verify(AsymmetricAlg::Es256, b"x", b"y", &short).is_err());
        let rsa = Jwk {
            kty: "RSA",
            crv: "",
            first: &[0xC3; 256],
            second: &[1, 0, 1],
        };
        assert_eq!(
            verify(AsymmetricAlg::Rs256, b"x", &[0; 256], &rsa),
            Ok(false)
        );
    }
}
