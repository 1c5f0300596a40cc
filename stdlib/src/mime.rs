//! Natives of `std/mime` (`modules/mime/mime.int`): parsing a `Content-Type` value as
//! Jakarta Activation's `MimeType` and `MimeTypeParameterList` do (module-ballerina-mime's
//! `getMediaType` is built on them), with their error messages.

use crate::args;
use crate::StdNative;
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};

/// The implementation of each `std/mime` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::MimeExternParseMediaType => parse_native,
        _ => return None,
    };
    Some(Native::Plain(function))
}

fn parse_native(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = parse(args::string(args, 0)).map(|parsed| {
        let mut parts = vec![parsed.primary, parsed.sub, parsed.suffix];
        for (name, value) in parsed.parameters {
            parts.push(name);
            parts.push(value);
        }
        args::strings_value(context, parts)
    });
    Ok(args::or_error(context, result))
}

#[derive(Debug, PartialEq)]
struct MediaType {
    primary: String,
    sub: String,
    suffix: String,
    /// In `Hashtable` enumeration order.
    parameters: Vec<(String, String)>,
}

/// RFC 2045's tspecials, which a token may not contain.
const TSPECIALS: &str = "()<>@,;:/[]?=\\\"";

fn is_token_char(c: char) -> bool {
    c > ' ' && c < '\u{7f}' && !TSPECIALS.contains(c)
}

fn is_valid_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_token_char)
}

/// `new MimeType(text)`.
fn parse(text: &str) -> Result<MediaType, String> {
    let slash = text.find('/');
    let semicolon = text.find(';');
    let (primary, sub, params) = match (slash, semicolon) {
        (Some(slash), None) => (&text[..slash], &text[slash + 1..], ""),
        (Some(slash), Some(semi)) if slash < semi => {
            (&text[..slash], &text[slash + 1..semi], &text[semi..])
        }
        _ => return Err("Unable to find a sub type.".to_string()),
    };
    // Java's `trim` drops every char up to U+0020; lower-casing is `Locale.ENGLISH`.
    let java_trim = |s: &str| s.trim_matches(|c: char| c <= ' ').to_lowercase();
    let primary = java_trim(primary);
    let sub = java_trim(sub);
    if !is_valid_token(&primary) {
        return Err("Primary type is invalid.".to_string());
    }
    if !is_valid_token(&sub) {
        return Err("Sub type is invalid.".to_string());
    }
    let parameters = parse_parameters(params)?;
    // module-ballerina-mime: the suffix is what follows the last `+` of the subtype.
    let suffix = sub
        .rfind('+')
        .map(|at| sub[at + 1..].to_string())
        .unwrap_or_default();
    Ok(MediaType {
        primary,
        sub,
        suffix,
        parameters: parameters.into_order(),
    })
}

/// `MimeTypeParameterList.parse`.
fn parse_parameters(text: &str) -> Result<JavaHashtable, String> {
    let chars: Vec<char> = text.chars().collect();
    let length = chars.len();
    let skip_ws = |mut i: usize| {
        while i < length && chars[i].is_whitespace() {
            i += 1;
        }
        i
    };
    let mut table = JavaHashtable::new();
    let mut i = skip_ws(0);
    while i < length && chars[i] == ';' {
        i = skip_ws(i + 1);
        // A trailing `;` is tolerated.
        if i >= length {
            return Ok(table);
        }
        let start = i;
        while i < length && is_token_char(chars[i]) {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_lowercase();
        i = skip_ws(i);
        if i >= length || chars[i] != '=' {
            return Err(
                "Couldn't find the '=' that separates a parameter name from its value.".to_string(),
            );
        }
        i = skip_ws(i + 1);
        if i >= length {
            return Err(format!("Couldn't find a value for parameter named {name}"));
        }
        let value = if chars[i] == '"' {
            i += 1;
            let mut value = String::new();
            let mut closed = false;
            while i < length {
                match chars[i] {
                    '"' => {
                        closed = true;
                        break;
                    }
                    // `unquote`: a backslash keeps the next character as it is.
                    '\\' if i + 1 < length => {
                        value.push(chars[i + 1]);
                        i += 2;
                    }
                    c => {
                        value.push(c);
                        i += 1;
                    }
                }
            }
            if !closed {
                return Err("Encountered unterminated quoted parameter value.".to_string());
            }
            i += 1;
            value
        } else if is_token_char(chars[i]) {
            let start = i;
            while i < length && is_token_char(chars[i]) {
                i += 1;
            }
            chars[start..i].iter().collect()
        } else {
            return Err(format!("Unexpected character encountered at index {i}"));
        };
        table.put(name, value);
        i = skip_ws(i);
    }
    if i < length {
        return Err("More characters encountered in input than expected.".to_string());
    }
    Ok(table)
}

/// Just enough of `java.util.Hashtable<String, String>` (initial capacity 11, load factor
/// 0.75, new entries at the head of their bucket, rehash to `2n + 1`) to enumerate the keys
/// in its order: the parameters of a parsed media type come out in that order in jBallerina.
struct JavaHashtable {
    buckets: Vec<Vec<(String, String)>>,
    count: usize,
}

fn java_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

impl JavaHashtable {
    fn new() -> JavaHashtable {
        JavaHashtable {
            buckets: vec![Vec::new(); 11],
            count: 0,
        }
    }

    fn index(key: &str, capacity: usize) -> usize {
        (java_hash(key) & 0x7FFF_FFFF) as usize % capacity
    }

    fn put(&mut self, key: String, value: String) {
        let capacity = self.buckets.len();
        let at = Self::index(&key, capacity);
        if let Some(entry) = self.buckets[at].iter_mut().find(|(k, _)| *k == key) {
            entry.1 = value;
            return;
        }
        let threshold = capacity * 3 / 4;
        if self.count >= threshold {
            self.rehash();
        }
        let at = Self::index(&key, self.buckets.len());
        self.buckets[at].insert(0, (key, value));
        self.count += 1;
    }

    /// `Hashtable.rehash`: old buckets from the last, each chain from its head, every entry
    /// moved to the head of its new bucket.
    fn rehash(&mut self) {
        let capacity = self.buckets.len() * 2 + 1;
        let old = std::mem::replace(&mut self.buckets, vec![Vec::new(); capacity]);
        for chain in old.into_iter().rev() {
            for (key, value) in chain {
                let at = Self::index(&key, capacity);
                self.buckets[at].insert(0, (key, value));
            }
        }
    }

    /// The enumeration order: buckets from the last, each chain from its head.
    fn into_order(self) -> Vec<(String, String)> {
        self.buckets.into_iter().rev().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_types_suffixes_and_parameters() {
        let parsed = parse(" Application/SVG+XML ; Charset=\"utf-8\"").expect("valid");
        assert_eq!(parsed.primary, "application");
        assert_eq!(parsed.sub, "svg+xml");
        assert_eq!(parsed.suffix, "xml");
        assert_eq!(
            parsed.parameters,
            vec![("charset".to_string(), "utf-8".to_string())]
        );
        assert_eq!(
            parse("text/plain;").map(|p| p.parameters.len()),
            Ok(0),
            "a trailing semicolon is tolerated"
        );
        let quoted = parse(r#"a/b; x="q\"uote""#).expect("valid");
        assert_eq!(quoted.parameters[0].1, "q\"uote");
    }

    #[test]
    fn reports_what_activation_reports() {
        let err = |s: &str| parse(s).err().unwrap_or_default();
        assert_eq!(err("text"), "Unable to find a sub type.");
        assert_eq!(err("text;a=b/c"), "Unable to find a sub type.");
        assert_eq!(err("te xt/plain"), "Primary type is invalid.");
        assert_eq!(err("text/"), "Sub type is invalid.");
        assert_eq!(
            err("text/plain; a"),
            "Couldn't find the '=' that separates a parameter name from its value."
        );
        assert_eq!(
            err("text/plain; a="),
            "Couldn't find a value for parameter named a"
        );
        assert_eq!(
            err("text/plain; a=\"x"),
            "Encountered unterminated quoted parameter value."
        );
        assert_eq!(
            err("text/plain; a=b c"),
            "More characters encountered in input than expected."
        );
    }

    #[test]
    fn parameters_come_out_in_hashtable_order() {
        // Buckets are enumerated from the last: `type` (bucket 5) before `charset` (0),
        // whatever the order written.
        let a = parse("multipart/related; charset=utf-8; type=\"text/xml\"").expect("valid");
        let b = parse("multipart/related; type=\"text/xml\"; charset=utf-8").expect("valid");
        assert_eq!(a.parameters, b.parameters);
        assert_eq!(a.parameters[0].0, "type");
        // `boundary` and `charset` share bucket 0: the later one comes first.
        let c = parse("multipart/form-data; charset=utf-8; boundary=xyz").expect("valid");
        let names: Vec<&str> = c.parameters.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["boundary", "charset"]);
        let mut table = JavaHashtable::new();
        for i in 0..20 {
            table.put(format!("k{i}"), i.to_string());
        }
        assert_eq!(table.count, 20);
        assert_eq!(table.buckets.len(), 47);
        assert_eq!(table.into_order().len(), 20);
    }
}
