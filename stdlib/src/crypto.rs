//! Natives of `std/crypto` (`modules/crypto/crypto.int`): digests, HMAC, CRC32 and AES (RSA keys
//! and signatures are `crypto_keys.rs`). The
//! SHA family, HMAC and AES-GCM are ring's; MD5 is RustCrypto's `md-5`, CRC32 `crc32fast`, and
//! the AES block cipher for CBC and ECB RustCrypto's `aes` (ring exposes no raw block
//! operation). Error messages are those of the Java implementation (`CryptoUtils`), which the
//! Ballerina side wraps as `crypto:Error`.

use crate::args;
use crate::StdNative;
use aes::cipher::{generic_array::GenericArray, BlockDecrypt, BlockEncrypt, KeyInit};
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};
use md5::Digest as _;
use ring::{aead, digest, hmac};

/// The implementation of each `std/crypto` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::CryptoCrc32b => crc32b,
        StdNative::CryptoDigest => digest_native,
        StdNative::CryptoMac => mac,
        StdNative::CryptoAes => aes_native,
        StdNative::CryptoExternAttachPrivateKey => crate::crypto_keys::attach_private_key,
        StdNative::CryptoExternAttachPublicKey => crate::crypto_keys::attach_public_key,
        StdNative::CryptoExternSign => crate::crypto_keys::sign_native,
        StdNative::CryptoExternVerify => crate::crypto_keys::verify_native,
        _ => return None,
    };
    Some(Native::Plain(function))
}

fn crc32b(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let _ = context;
    // Java's `Long.toHexString`: lower case, no leading zeros.
    Ok(Value::string(format!(
        "{:x}",
        crc32fast::hash(&args::bytes(args, 0))
    )))
}

/// The digest of `salt` followed by `input` (Java's `MessageDigest.update(salt)` then
/// `digest(input)`).
pub fn hash(algorithm: &str, input: &[u8], salt: &[u8]) -> Vec<u8> {
    let ring_algorithm = match algorithm {
        "SHA-1" => &digest::SHA1_FOR_LEGACY_USE_ONLY,
        "SHA-256" => &digest::SHA256,
        "SHA-384" => &digest::SHA384,
        "SHA-512" => &digest::SHA512,
        _ => {
            let mut md5 = md5::Md5::new();
            md5.update(salt);
            md5.update(input);
            return md5.finalize().to_vec();
        }
    };
    let mut context = digest::Context::new(ring_algorithm);
    context.update(salt);
    context.update(input);
    context.finish().as_ref().to_vec()
}

fn digest_native(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let out = hash(
        args::string(args, 0),
        &args::bytes(args, 1),
        &args::bytes(args, 2),
    );
    Ok(args::bytes_value(context, out))
}

/// HMAC as RFC 2104 defines it, over any of the digests above.
pub fn hmac_bytes(algorithm: &str, input: &[u8], key: &[u8]) -> Result<Vec<u8>, String> {
    if key.is_empty() {
        // `SecretKeySpec`'s complaint about an empty key.
        return Err("Error occurred while calculating HMAC: Empty key".to_string());
    }
    let ring_algorithm = match algorithm {
        "HmacSHA1" => hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        "HmacSHA256" => hmac::HMAC_SHA256,
        "HmacSHA384" => hmac::HMAC_SHA384,
        "HmacSHA512" => hmac::HMAC_SHA512,
        _ => return Ok(hmac_md5(input, key)),
    };
    let key = hmac::Key::new(ring_algorithm, key);
    Ok(hmac::sign(&key, input).as_ref().to_vec())
}

/// HMAC-MD5 (ring has no MD5): RFC 2104 with a 64-byte block.
fn hmac_md5(input: &[u8], key: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut block_key = if key.len() > BLOCK {
        md5::Md5::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    block_key.resize(BLOCK, 0);
    let mut inner = md5::Md5::new();
    inner.update(block_key.iter().map(|b| b ^ 0x36).collect::<Vec<u8>>());
    inner.update(input);
    let inner = inner.finalize();
    let mut outer = md5::Md5::new();
    outer.update(block_key.iter().map(|b| b ^ 0x5c).collect::<Vec<u8>>());
    outer.update(inner);
    outer.finalize().to_vec()
}

fn mac(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = hmac_bytes(
        args::string(args, 0),
        &args::bytes(args, 1),
        &args::bytes(args, 2),
    )
    .map(|bytes| args::bytes_value(context, bytes));
    Ok(args::or_error(context, result))
}

/// One AES operation: `mode` is `CBC`, `ECB` or `GCM`, `padding` `NONE` or `PKCS5`, and
/// `tag_size` the GCM tag in bits (`-1` for the other modes).
pub struct AesRequest<'a> {
    pub mode: &'a str,
    pub encrypt: bool,
    pub input: &'a [u8],
    pub key: &'a [u8],
    pub iv: &'a [u8],
    pub padding: &'a str,
    pub tag_size: i64,
}

const VALID_GCM_TAG_SIZES: &str = "[32, 63, 96, 104, 112, 120, 128]";
const FAILED: &str = "Error occurred while AES encrypt/decrypt: ";

/// Runs one AES operation with the Java implementation's checks and messages.
pub fn aes_run(request: &AesRequest<'_>) -> Result<Vec<u8>, String> {
    if ![16, 24, 32].contains(&request.key.len()) {
        return Err("Invalid key size. Valid key sizes in bytes: [16, 24, 32]".to_string());
    }
    if request.tag_size != -1 && ![32, 63, 96, 104, 112, 120, 128].contains(&request.tag_size) {
        return Err(format!(
            "Invalid tag size. Valid tag sizes in bytes: {VALID_GCM_TAG_SIZES}"
        ));
    }
    match request.mode {
        "GCM" => gcm(request),
        _ => block_mode(request),
    }
}

fn gcm(request: &AesRequest<'_>) -> Result<Vec<u8>, String> {
    // ring implements the 96-bit nonce and 128-bit tag GCM of TLS; Java also accepts other
    // sizes (docs/differences.md).
    if request.tag_size != 128 {
        return Err(format!(
            "{FAILED}only 128-bit GCM tags are supported, not {}",
            request.tag_size
        ));
    }
    let nonce = aead::Nonce::try_assume_unique_for_key(request.iv)
        .map_err(|_| format!("{FAILED}only 12-byte GCM initialization vectors are supported"))?;
    let algorithm = match request.key.len() {
        16 => &aead::AES_128_GCM,
        // ring has no AES-192.
        24 => return Err(format!("{FAILED}AES-192-GCM is not supported")),
        _ => &aead::AES_256_GCM,
    };
    let key = aead::UnboundKey::new(algorithm, request.key)
        .map(aead::LessSafeKey::new)
        .map_err(|_| format!("{FAILED}Invalid AES key"))?;
    let mut data = request.input.to_vec();
    if request.encrypt {
        key.seal_in_place_append_tag(nonce, aead::Aad::empty(), &mut data)
            .map_err(|_| format!("{FAILED}encryption failed"))?;
        Ok(data)
    } else {
        if data.len() < 16 {
            return Err(format!(
                "{FAILED}Input data too short to contain an expected tag length of 16bytes"
            ));
        }
        let plain = key
            .open_in_place(nonce, aead::Aad::empty(), &mut data)
            .map_err(|_| format!("{FAILED}Tag mismatch"))?;
        Ok(plain.to_vec())
    }
}

/// The AES block cipher of a 16-, 24- or 32-byte key.
enum Block {
    A128(aes::Aes128),
    A192(aes::Aes192),
    A256(aes::Aes256),
}

impl Block {
    fn new(key: &[u8]) -> Result<Block, String> {
        let invalid = |_| format!("{FAILED}Invalid AES key length: {} bytes", key.len());
        Ok(match key.len() {
            16 => Block::A128(aes::Aes128::new_from_slice(key).map_err(invalid)?),
            24 => Block::A192(aes::Aes192::new_from_slice(key).map_err(invalid)?),
            _ => Block::A256(aes::Aes256::new_from_slice(key).map_err(invalid)?),
        })
    }

    fn encrypt(&self, block: &mut [u8]) {
        let block = GenericArray::from_mut_slice(block);
        match self {
            Block::A128(c) => c.encrypt_block(block),
            Block::A192(c) => c.encrypt_block(block),
            Block::A256(c) => c.encrypt_block(block),
        }
    }

    fn decrypt(&self, block: &mut [u8]) {
        let block = GenericArray::from_mut_slice(block);
        match self {
            Block::A128(c) => c.decrypt_block(block),
            Block::A192(c) => c.decrypt_block(block),
            Block::A256(c) => c.decrypt_block(block),
        }
    }
}

/// CBC and ECB with PKCS#5 (PKCS#7 on 16-byte blocks) or no padding.
fn block_mode(request: &AesRequest<'_>) -> Result<Vec<u8>, String> {
    let cbc = request.mode == "CBC";
    if cbc && request.iv.len() != 16 {
        return Err(format!("{FAILED}Wrong IV length: must be 16 bytes long"));
    }
    let cipher = Block::new(request.key)?;
    let pkcs5 = request.padding == "PKCS5";
    let mut data = request.input.to_vec();
    if request.encrypt {
        if pkcs5 {
            let pad = 16 - data.len() % 16;
            data.extend(std::iter::repeat_n(pad as u8, pad));
        } else if !data.len().is_multiple_of(16) {
            return Err(format!("{FAILED}Input length not multiple of 16 bytes"));
        }
        let mut previous = request.iv.to_vec();
        for block in data.chunks_mut(16) {
            if cbc {
                block.iter_mut().zip(&previous).for_each(|(b, p)| *b ^= p);
            }
            cipher.encrypt(block);
            if cbc {
                previous = block.to_vec();
            }
        }
        return Ok(data);
    }
    if !data.len().is_multiple_of(16) {
        let message = if pkcs5 {
            "Input length must be multiple of 16 when decrypting with padded cipher"
        } else {
            "Input length not multiple of 16 bytes"
        };
        return Err(format!("{FAILED}{message}"));
    }
    let mut previous = request.iv.to_vec();
    for block in data.chunks_mut(16) {
        let this = block.to_vec();
        cipher.decrypt(block);
        if cbc {
            block.iter_mut().zip(&previous).for_each(|(b, p)| *b ^= p);
            previous = this;
        }
    }
    if pkcs5 {
        let bad = || {
            format!(
                "{FAILED}Given final block not properly padded. Such issues can arise if a bad key is used during decryption."
            )
        };
        let pad = usize::from(*data.last().ok_or_else(bad)?);
        if pad == 0 || pad > 16 || pad > data.len() {
            return Err(bad());
        }
        if data[data.len() - pad..]
            .iter()
            .any(|&b| usize::from(b) != pad)
        {
            return Err(bad());
        }
        data.truncate(data.len() - pad);
    }
    Ok(data)
}

fn aes_native(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let input = args::bytes(args, 2);
    let key = args::bytes(args, 3);
    let iv = args::bytes(args, 4);
    let request = AesRequest {
        mode: args::string(args, 0),
        encrypt: args::boolean(args, 1),
        input: &input,
        key: &key,
        iv: &iv,
        padding: args::string(args, 5),
        tag_size: args::int(args, 6, -1),
    };
    let result = aes_run(&request).map(|bytes| args::bytes_value(context, bytes));
    Ok(args::or_error(context, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn md5_and_hmac_md5_match_rfc_vectors() {
        // RFC 1321 and RFC 2104's first test case.
        assert_eq!(
            hex(&hash("MD5", b"abc", b"")),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert_eq!(
            hex(&hmac_md5(b"Hi There", &[0x0b; 16])),
            "9294727a3638bb1c13f48ef8158bfc9d"
        );
    }

    #[test]
    fn cbc_round_trips_and_rejects_bad_padding() {
        let key = [7u8; 16];
        let iv = [9u8; 16];
        let request = |encrypt, input: &'static [u8]| AesRequest {
            mode: "CBC",
            encrypt,
            input,
            key: &key,
            iv: &iv,
            padding: "PKCS5",
            tag_size: -1,
        };
        let sealed = aes_run(&request(true, b"sixteen byte msg")).unwrap_or_default();
        assert_eq!(sealed.len(), 32);
        let opened = aes_run(&AesRequest {
            input: &sealed,
            ..request(false, b"")
        });
        assert_eq!(opened.ok(), Some(b"sixteen byte msg".to_vec()));
        assert!(aes_run(&request(false, &[0u8; 16])).is_err());
    }

    #[test]
    fn gcm_rejects_what_ring_cannot_do() {
        let request = |iv: &'static [u8], key: &'static [u8], tag_size| AesRequest {
            mode: "GCM",
            encrypt: true,
            input: b"x",
            key,
            iv,
            padding: "NONE",
            tag_size,
        };
        assert!(aes_run(&request(&[0; 16], &[0; 16], 128)).is_err());
        assert!(aes_run(&request(&[0; 12], &[0; 24], 128)).is_err());
        assert!(aes_run(&request(&[0; 12], &[0; 16], 96)).is_err());
        assert_eq!(
            aes_run(&request(&[0; 12], &[0; 16], 128)).map(|c| c.len()),
            Ok(17)
        );
    }

    #[test]
    fn crc32_is_unpadded_hex() {
        assert_eq!(format!("{:x}", crc32fast::hash(b"")), "0");
        assert_eq!(format!("{:x}", crc32fast::hash(b"123456789")), "cbf43926");
    }
}
