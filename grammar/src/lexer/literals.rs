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
    fn int_literals_are_range_checked() {
        assert_eq!(decimal_int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(decimal_int("9223372036854775808"), None);
        assert_eq!(hex_int("0x7fffffffffffffff"), Some(i64::MAX));
        assert_eq!(hex_int("0x8000000000000000"), None);
        assert_eq!(hex_int("0x0000000000000000001F"), Some(31));
    }
}
