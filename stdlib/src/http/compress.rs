//! gzip and deflate bodies (flate2 on miniz_oxide), shared by the client (decoding responses)
//! and the listener (compressing responses a request accepts compressed).

use flate2::read::{DeflateDecoder, GzDecoder, ZlibDecoder};
use flate2::write::{GzEncoder, ZlibEncoder};
use flate2::Compression;
use std::io::{Read, Write};

/// A `Content-Encoding` this module handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Gzip,
    Deflate,
}

impl Coding {
    pub fn name(self) -> &'static str {
        match self {
            Coding::Gzip => "gzip",
            Coding::Deflate => "deflate",
        }
    }

    /// The coding a `Content-Encoding` value names, if one of ours.
    pub fn parse(value: &str) -> Option<Coding> {
        match value.trim().to_ascii_lowercase().as_str() {
            "gzip" | "x-gzip" => Some(Coding::Gzip),
            "deflate" => Some(Coding::Deflate),
            _ => None,
        }
    }
}

/// The most a compressed body may expand to (a guard against decompression bombs).
const MAX_DECODED: u64 = 1 << 30;

/// Decodes a body; `Err` with the reason when it is not valid for the coding.
pub fn decode(coding: Coding, body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let result = match coding {
        Coding::Gzip => GzDecoder::new(body).take(MAX_DECODED).read_to_end(&mut out),
        Coding::Deflate => {
            // `deflate` is zlib-wrapped by the RFC, but raw deflate is common; accept both.
            let zlib = ZlibDecoder::new(body)
                .take(MAX_DECODED)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                DeflateDecoder::new(body)
                    .take(MAX_DECODED)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
    };
    result
        .map(|_| out)
        .map_err(|e| format!("invalid {} body: {e}", coding.name()))
}

/// Encodes a body.
pub fn encode(coding: Coding, body: &[u8]) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    let written = match coding {
        Coding::Gzip => {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
            encoder.write_all(body).and_then(|_| encoder.finish())
        }
        Coding::Deflate => {
            let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
            encoder.write_all(body).and_then(|_| encoder.finish())
        }
    };
    written.unwrap_or_default()
}

/// The coding to answer a request's `Accept-Encoding` with, preferring gzip (as Netty's
/// `HttpContentCompressor`, which Ballerina's listener uses, does); `q=0` refuses a coding.
pub fn negotiate(accept_encoding: &str) -> Option<Coding> {
    let mut gzip = None;
    let mut deflate = None;
    let mut any = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        // Compared without lowercasing into a new string: this runs for most requests.
        if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(q);
        } else if name.eq_ignore_ascii_case("deflate") {
            deflate = Some(q);
        } else if name == "*" {
            any = Some(q);
        }
    }
    let gzip = gzip.or(any).unwrap_or(0.0);
    let deflate = deflate.or(any).unwrap_or(0.0);
    if gzip > 0.0 && gzip >= deflate {
        Some(Coding::Gzip)
    } else if deflate > 0.0 {
        Some(Coding::Deflate)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let text = b"hello hello hello hello".repeat(10);
        for coding in [Coding::Gzip, Coding::Deflate] {
            let encoded = encode(coding, &text);
            assert!(encoded.len() < text.len());
            assert_eq!(decode(coding, &encoded).as_deref(), Ok(&text[..]));
        }
        assert!(decode(Coding::Gzip, b"not gzip").is_err());
    }

    #[test]
    fn negotiates() {
        assert_eq!(negotiate("gzip, deflate"), Some(Coding::Gzip));
        assert_eq!(negotiate("deflate"), Some(Coding::Deflate));
        assert_eq!(negotiate("gzip;q=0, deflate"), Some(Coding::Deflate));
        assert_eq!(negotiate("br"), None);
        assert_eq!(negotiate("*"), Some(Coding::Gzip));
        assert_eq!(negotiate("identity"), None);
    }
}
