//! Natives of `std/url` (`modules/url/url.int`): Java's `URLEncoder`/`URLDecoder` for the
//! charsets a program names in practice, with module-ballerina-url's adjustments.

use crate::args;
use crate::StdNative;
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};

/// The implementation of each `std/url` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::UrlExternEncode => encode_native,
        StdNative::UrlExternDecode => decode_native,
        _ => return None,
    };
    Some(Native::Plain(function))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Charset {
    Utf8,
    Ascii,
    Latin1,
}

/// Java's charset names and common aliases, case-insensitively.
fn charset(name: &str) -> Option<Charset> {
    match name.to_ascii_uppercase().as_str() {
        "UTF-8" | "UTF8" => Some(Charset::Utf8),
        "US-ASCII" | "ASCII" => Some(Charset::Ascii),
        "ISO-8859-1" | "ISO8859-1" | "ISO_8859_1" | "LATIN1" => Some(Charset::Latin1),
        _ => None,
    }
}

/// The bytes of `c` in `charset`; a character the charset cannot hold becomes `?`, as Java's
/// encoders replace it.
fn char_bytes(c: char, charset: Charset, out: &mut Vec<u8>) {
    match charset {
        Charset::Utf8 => {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        Charset::Ascii => out.push(if c.is_ascii() { c as u8 } else { b'?' }),
        Charset::Latin1 => out.push(u8::try_from(u32::from(c)).unwrap_or(b'?')),
    }
}

fn encode(value: &str, charset_name: &str) -> Result<String, String> {
    let charset = charset(charset_name)
        .ok_or_else(|| format!("Error occurred while encoding. {charset_name}"))?;
    let mut out = String::with_capacity(value.len());
    let mut bytes = Vec::new();
    for c in value.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' | '~' => out.push(c),
            // URLEncoder writes a space as `+` and keeps `*`; Ballerina's module rewrites both.
            ' ' => out.push_str("%20"),
            _ => {
                bytes.clear();
                char_bytes(c, charset, &mut bytes);
                for b in &bytes {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    Ok(out)
}

/// `url:encode(value, "UTF-8")` (the http client's query parameters).
pub(crate) fn encode_utf8(value: &str) -> String {
    encode(value, "UTF-8").unwrap_or_else(|_| value.to_owned())
}

fn decode(value: &str, charset_name: &str) -> Result<String, String> {
    let charset = charset(charset_name)
        .ok_or_else(|| format!("Error occurred while decoding. {charset_name}"))?;
    let mut out = String::with_capacity(value.len());
    let mut pending: Vec<u8> = Vec::new();
    let text: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if c == '%' {
            // URLDecoder reads a run of escapes as one byte sequence of the charset.
            if i + 2 >= text.len() {
                return Err(
                    "Error occurred while decoding. URLDecoder: Incomplete trailing escape (%) pattern"
                        .to_string(),
                );
            }
            let hex: String = text[i + 1..i + 3].iter().collect();
            let byte = u8::from_str_radix(&hex, 16).map_err(|_| {
                format!(
                    "Error occurred while decoding. URLDecoder: Illegal hex characters in escape (%) pattern - Error at index 0 in: \"{hex}\""
                )
            })?;
            pending.push(byte);
            i += 3;
            continue;
        }
        flush(&mut pending, charset, &mut out);
        out.push(if c == '+' { ' ' } else { c });
        i += 1;
    }
    flush(&mut pending, charset, &mut out);
    Ok(out)
}

/// Appends decoded bytes; malformed UTF-8 becomes U+FFFD, as Java's decoder replaces it.
fn flush(pending: &mut Vec<u8>, charset: Charset, out: &mut String) {
    match charset {
        Charset::Utf8 => out.push_str(&String::from_utf8_lossy(pending)),
        Charset::Ascii => {
            out.extend(
                pending
                    .iter()
                    .map(|&b| if b < 128 { char::from(b) } else { '\u{FFFD}' }),
            )
        }
        Charset::Latin1 => out.extend(pending.iter().map(|&b| char::from(b))),
    }
    pending.clear();
}

fn encode_native(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = encode(args::string(args, 0), args::string(args, 1)).map(Value::string);
    Ok(args::or_error(context, result))
}

fn decode_native(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = decode(args::string(args, 0), args::string(args, 1)).map(Value::string);
    Ok(args::or_error(context, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_ballerina_and_decodes_back() {
        let text = "a b*c~d/é+";
        let encoded = encode(text, "UTF-8");
        assert_eq!(encoded.as_deref(), Ok("a%20b%2Ac~d%2F%C3%A9%2B"));
        assert_eq!(
            decode("a%20b%2Ac~d%2F%C3%A9%2B", "utf-8").as_deref(),
            Ok(text)
        );
        assert_eq!(decode("a+b", "UTF-8").as_deref(), Ok("a b"));
        assert!(decode("%4", "UTF-8").is_err());
        assert!(decode("%zz", "UTF-8").is_err());
        assert!(encode("x", "EBCDIC").is_err());
    }

    #[test]
    fn narrow_charsets_replace_what_they_cannot_hold() {
        assert_eq!(encode("é€", "ISO-8859-1").as_deref(), Ok("%E9%3F"));
        assert_eq!(encode("é", "US-ASCII").as_deref(), Ok("%3F"));
        assert_eq!(decode("%E9", "latin1").as_deref(), Ok("é"));
        assert_eq!(decode("%E9", "US-ASCII").as_deref(), Ok("\u{FFFD}"));
        // Malformed UTF-8 is replaced, as Java's decoder does.
        assert_eq!(decode("%FF", "UTF-8").as_deref(), Ok("\u{FFFD}"));
    }
}
