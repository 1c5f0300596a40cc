//! Decoding of literal token text: string escapes and int literal values.

/// Decodes the body of a double-quoted string literal (without the quotes). Returns the value
/// and the byte ranges (relative to `body`) plus messages of invalid escapes.
pub fn decode_string(body: &str) -> (String, Vec<(usize, usize, String)>) {
    let mut value = String::with_capacity(body.len());
    let mut errors = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        if ch != '\\' {
            value.push(ch);
            continue;
        }
        let Some((_, escape)) = chars.next() else {
            errors.push((index, index + 1, "incomplete escape sequence".to_string()));
            break;
        };
        match escape {
            'n' => value.push('\n'),
            't' => value.push('\t'),
            'r' => value.push('\r'),
            '\\' => value.push('\\'),
            '"' => value.push('"'),
            '\'' => value.push('\''),
            'u' => match decode_unicode_escape(body, index, &mut chars) {
                Ok(decoded) => value.push(decoded),
                Err((end, message)) => errors.push((index, end, message)),
            },
            other => {
                let end = index + 1 + other.len_utf8();
                errors.push((index, end, format!("invalid escape sequence '\\{other}'")));
            }
        }
    }
    (value, errors)
}

/// Decodes `\u{XXXX}` after the `u`; `start` is the byte offset of the backslash.
fn decode_unicode_escape(
    body: &str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<char, (usize, String)> {
    let bad = |end: usize| {
        (
            end,
            "invalid unicode escape: expected '\\u{' hex digits '}'".to_string(),
        )
    };
    match chars.peek() {
        Some((_, '{')) => {
            chars.next();
        }
        _ => return Err(bad(start + 2)),
    }
    let mut digits = String::new();
    loop {
        match chars.next() {
            Some((end, '}')) => {
                if digits.is_empty() || digits.len() > 6 {
                    return Err(bad(end + 1));
                }
                let code = u32::from_str_radix(&digits, 16).map_err(|_| bad(end + 1))?;
                return char::from_u32(code).ok_or_else(|| {
                    (
                        end + 1,
                        format!("invalid unicode code point \\u{{{digits}}}"),
                    )
                });
            }
            Some((_, digit)) if digit.is_ascii_hexdigit() => digits.push(digit),
            Some((end, _)) => return Err(bad(end)),
            None => return Err(bad(body.len())),
        }
    }
}

/// Parses a decimal int literal; `None` when it does not fit in an `i64`.
pub fn decimal_int(text: &str) -> Option<i64> {
    text.parse::<i64>().ok()
}

/// Parses a hex int literal (`0x1F`); `None` when it does not fit in an `i64`.
pub fn hex_int(text: &str) -> Option<i64> {
    let digits = text.get(2..)?;
    let trimmed = digits.trim_start_matches('0');
    if trimmed.len() > 16 {
        return None;
    }
    let value = u64::from_str_radix(if trimmed.is_empty() { "0" } else { trimmed }, 16).ok()?;
    i64::try_from(value).ok()
}

/// Splits a float literal into its text and suffix.
pub fn float_parts(text: &str) -> (String, crate::ast::FloatSuffix) {
    use crate::ast::FloatSuffix;
    match text.as_bytes().last() {
        Some(b'f' | b'F') => (text[..text.len() - 1].to_string(), FloatSuffix::Float),
        Some(b'd' | b'D') => (text[..text.len() - 1].to_string(), FloatSuffix::Decimal),
        _ => (text.to_string(), FloatSuffix::None),
    }
}

/// Decodes an identifier's escapes (`first\ name` is `first name`, `\u{61}` is `a`). Returns
/// the name and, for a `\u{...}` that is not a valid code point, the byte range (relative to
/// `text`) of the first bad escape.
pub fn decode_identifier(text: &str) -> (String, Option<(usize, usize)>) {
    let mut name = String::with_capacity(text.len());
    let mut bad = None;
    let mut rest = text.char_indices().peekable();
    while let Some((index, ch)) = rest.next() {
        if ch != '\\' {
            name.push(ch);
            continue;
        }
        match rest.next() {
            Some((_, 'u')) if rest.peek().map(|p| p.1) == Some('{') => {
                let close = text[index..].find('}').map_or(text.len(), |i| index + i);
                let digits = text.get(index + 3..close).unwrap_or("");
                match u32::from_str_radix(digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    Some(decoded) => name.push(decoded),
                    None => {
                        bad.get_or_insert((index, (close + 1).min(text.len())));
                    }
                }
                while rest.next_if(|&(i, _)| i <= close).is_some() {}
            }
            Some((_, escaped)) => name.push(escaped),
            None => {
                bad.get_or_insert((index, text.len()));
            }
        }
    }
    (name, bad)
}

/// The value of a hex floating-point literal (`0x1.8p1` is 3.0); `None` when it is not finite.
pub fn hex_float(text: &str) -> Option<f64> {
    let body = text.get(2..)?.to_ascii_lowercase();
    let (mantissa, exponent) = match body.split_once('p') {
        Some((m, e)) => (m.to_string(), e.parse::<i32>().unwrap_or(i32::MAX)),
        None => (body.clone(), 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa.as_str(), ""));
    let mut value = 0f64;
    for digit in whole.chars() {
        value = value * 16.0 + f64::from(digit.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for digit in fraction.chars() {
        value += f64::from(digit.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    let value = value * 2f64.powi(exponent.clamp(-2000, 2000));
    value.is_finite().then_some(value)
}

/// Decodes the content of a `base16` byte-array literal (white space allowed anywhere);
/// `Err` names what is wrong.
pub fn base16(content: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<char> = content.chars().filter(|c| !is_ws(*c)).collect();
    if let Some(bad) = digits.iter().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!(
            "invalid character '{}' in a base16 literal",
            bad.escape_debug()
        ));
    }
    if !digits.len().is_multiple_of(2) {
        return Err("a base16 literal needs an even number of hex digits".to_string());
    }
    Ok(digits
        .chunks(2)
        .map(|pair| {
            let high = pair[0].to_digit(16).unwrap_or(0);
            let low = pair[1].to_digit(16).unwrap_or(0);
            (high * 16 + low) as u8
        })
        .collect())
}

/// Decodes the content of a `base64` byte-array literal: groups of four characters, the last
/// of which may end in one or two `=`.
pub fn base64(content: &str) -> Result<Vec<u8>, String> {
    let chars: Vec<char> = content.chars().filter(|c| !is_ws(*c)).collect();
    if let Some(bad) = chars
        .iter()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
    {
        return Err(format!(
            "invalid character '{}' in a base64 literal",
            bad.escape_debug()
        ));
    }
    if !chars.len().is_multiple_of(4) {
        return Err("a base64 literal needs groups of four characters".to_string());
    }
    let padding = chars.iter().rev().take_while(|&&c| c == '=').count();
    if padding > 2 || chars[..chars.len() - padding].contains(&'=') {
        return Err("'=' padding may only end a base64 literal".to_string());
    }
    let sextet = |c: char| match c {
        'A'..='Z' => c as u32 - 'A' as u32,
        'a'..='z' => c as u32 - 'a' as u32 + 26,
        '0'..='9' => c as u32 - '0' as u32 + 52,
        '+' => 62,
        '/' => 63,
        _ => 0,
    };
    let mut bytes = Vec::with_capacity(chars.len() / 4 * 3);
    for group in chars.chunks(4) {
        let bits = group.iter().fold(0u32, |acc, &c| (acc << 6) | sextet(c));
        let real = group.iter().filter(|&&c| c != '=').count();
        let all = [(bits >> 16) as u8, (bits >> 8) as u8, bits as u8];
        bytes.extend_from_slice(&all[..real - 1]);
    }
    Ok(bytes)
}

/// Spec `WhiteSpaceChar`.
fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_decoded() {
        let (value, errors) = decode_string(r#"a\n\t\r\\\"\'\u{41}\u{1F600}"#);
        assert_eq!(value, "a\n\t\r\\\"'A\u{1F600}");
        assert!(errors.is_empty());
    }

    #[test]
    fn invalid_escapes_are_reported() {
        let (_, errors) = decode_string(r"x\qy\u{D800}\u{zz}\u41");
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert_eq!(errors[0].0, 1);
    }

    #[test]
    fn byte_array_literals_are_decoded() {
        assert_eq!(base16("00 ff\n1A"), Ok(vec![0, 255, 26]));
        assert!(base16("abc").is_err());
        assert!(base16("zz").is_err());
        assert_eq!(base64("AQID"), Ok(vec![1, 2, 3]));
        assert_eq!(base64("AQ=="), Ok(vec![1]));
        assert_eq!(base64("AQI="), Ok(vec![1, 2]));
        assert_eq!(base64("SGVs bG8="), Ok(b"Hello".to_vec()));
        assert!(base64("A=QI").is_err());
        assert!(base64("AQI").is_err());
        assert_eq!(base64(""), Ok(vec![]));
    }

    #[test]
    fn hex_floats_and_identifier_escapes() {
        assert_eq!(hex_float("0x1.8p1"), Some(3.0));
        assert_eq!(hex_float("0xA.Bp-2"), Some(2.671875));
        assert_eq!(hex_float("0x.8"), Some(0.5));
        assert_eq!(hex_float("0x1p2000"), None);
        assert_eq!(
            decode_identifier("first\\ name"),
            ("first name".to_string(), None)
        );
        assert_eq!(decode_identifier("\\u{61}b"), ("ab".to_string(), None));
        assert_eq!(decode_identifier("x\\u{D800}y").1, Some((1, 9)));
    }

    #[test]
    fn int_literals_are_range_checked() {
        assert_eq!(decimal_int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(decimal_int("9223372036854775808"), None);
        assert_eq!(hex_int("0x7fffffffffffffff"), Some(i64::MAX));
        assert_eq!(hex_int("0x8000000000000000"), None);
        assert_eq!(hex_int("0x0000000000000000001F"), Some(31));
    }
}
