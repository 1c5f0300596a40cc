//! Resource method names and client resource access paths.
//!
//! A resource method `resource function get albums/[int id]/[string... rest](...)` is parsed
//! as an ordinary method whose name encodes the accessor and the path (`$get$'albums$^T$^^T`,
//! `T` a key of the parameter's type descriptor) and whose leading parameters are the path
//! parameters (`int id`, `string[] rest`), the way jBallerina desugars them. The name cannot collide with a user method (identifiers have no
//! unescaped `$`), so every later stage treats the method like any other and only the stages
//! that care about resources (the checker's resolution of resource access actions, lowering's
//! reflection data) decode the name.
//!
//! A client resource access action `c->/albums/[id].get(x)` is parsed as a remote call whose
//! method name starts with `/` and encodes the path written (`/get$'albums$^`); the computed
//! segments are its first arguments (positional for `[e]`, rest for `[...e]`), the written
//! arguments follow.

/// One segment of a resource method's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// `albums`
    Literal(String),
    /// `[T name]`: one path parameter (the method's next parameter); the text is a key of
    /// its type descriptor, so that methods whose paths differ only in a parameter's type are
    /// different methods (spec: resource paths are told apart by the tuple types they map to).
    Param(String),
    /// `[T... name]`: the rest of the path (the method's next parameter, a `T[]`).
    Rest(String),
}

/// One segment of a resource access path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessSegment {
    Literal(String),
    /// `[e]`: the next argument.
    Computed,
    /// `[...e]`: the next argument, a list.
    Spread,
}

fn escape(name: &str) -> String {
    name.replace('\\', "\\\\").replace('$', "\\$")
}

fn split(encoded: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = encoded.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    if let Some(last) = parts.last_mut() {
                        last.push(next);
                    }
                }
            }
            '$' => parts.push(String::new()),
            c => {
                if let Some(last) = parts.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    parts
}

/// The name a resource method is declared under.
pub fn method_name(accessor: &str, segments: &[Segment]) -> String {
    let mut name = format!("${}", escape(accessor));
    for segment in segments {
        name.push('$');
        match segment {
            Segment::Literal(s) => {
                name.push('\'');
                name.push_str(&escape(s));
            }
            Segment::Param(ty) => {
                name.push('^');
                name.push_str(&escape(ty));
            }
            Segment::Rest(ty) => {
                name.push_str("^^");
                name.push_str(&escape(ty));
            }
        }
    }
    name
}

/// The accessor and path of a resource method's name (`None` for any other method).
pub fn decode_method(name: &str) -> Option<(String, Vec<Segment>)> {
    let rest = name.strip_prefix('$')?;
    let mut parts = split(rest).into_iter();
    let accessor = parts.next()?;
    let mut segments = Vec::new();
    for part in parts {
        segments.push(if let Some(ty) = part.strip_prefix("^^") {
            Segment::Rest(ty.to_string())
        } else if let Some(ty) = part.strip_prefix('^') {
            Segment::Param(ty.to_string())
        } else {
            Segment::Literal(part.strip_prefix('\'')?.to_string())
        });
    }
    Some((accessor, segments))
}

/// The key of a path parameter's type descriptor in a resource method's name: its tree
/// without source positions (`Span`s print as `file@start..end`).
pub fn type_key(ty: &crate::ast::TypeDesc) -> String {
    let text = format!("{:?}", ty.kind);
    let bytes = text.as_bytes();
    let mut key = String::with_capacity(text.len());
    let digits = |from: usize| {
        bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut at = 0;
    while at < bytes.len() {
        // `12@34..56`
        let a = digits(at);
        if a > 0 && bytes.get(at + a) == Some(&b'@') {
            let b = digits(at + a + 1);
            let dots = at + a + 1 + b;
            if b > 0 && bytes.get(dots..dots + 2) == Some(b"..") {
                let c = digits(dots + 2);
                if c > 0 {
                    at = dots + 2 + c;
                    continue;
                }
            }
        }
        // Char boundaries: the span pattern is ASCII, anything else is copied as is.
        let ch = text[at..].chars().next().unwrap_or(' ');
        key.push(ch);
        at += ch.len_utf8();
    }
    key.retain(|c| !c.is_whitespace());
    key
}

/// The method name a resource access action is parsed into.
pub fn access_name(method: &str, segments: &[AccessSegment]) -> String {
    let mut name = format!("/{}", escape(method));
    for segment in segments {
        name.push('$');
        match segment {
            AccessSegment::Literal(s) => {
                name.push('\'');
                name.push_str(&escape(s));
            }
            AccessSegment::Computed => name.push('^'),
            AccessSegment::Spread => name.push_str("^^"),
        }
    }
    name
}

/// The method and path of a resource access action's name (`None` for a remote call).
pub fn decode_access(name: &str) -> Option<(String, Vec<AccessSegment>)> {
    let rest = name.strip_prefix('/')?;
    let mut parts = split(rest).into_iter();
    let method = parts.next()?;
    let mut segments = Vec::new();
    for part in parts {
        segments.push(match part.as_str() {
            "^" => AccessSegment::Computed,
            "^^" => AccessSegment::Spread,
            _ => AccessSegment::Literal(part.strip_prefix('\'')?.to_string()),
        });
    }
    Some((method, segments))
}

/// The name a resource method has in stack traces, as jBallerina shows it
/// (`$get$albums$^$^^`: accessor, literal segments, `^` per parameter, `^^` for the rest).
pub fn trace_name(name: &str) -> Option<String> {
    let (accessor, segments) = decode_method(name)?;
    let mut text = format!("${accessor}");
    for segment in segments {
        text.push('$');
        match segment {
            Segment::Literal(l) => text.push_str(&l),
            Segment::Param(_) => text.push('^'),
            Segment::Rest(_) => text.push_str("^^"),
        }
    }
    Some(text)
}

/// How a resource method's name is shown to a user: `get albums/[int]`-like, without types.
pub fn display_method(name: &str) -> Option<String> {
    let (accessor, segments) = decode_method(name)?;
    let path: Vec<String> = segments
        .iter()
        .map(|s| match s {
            Segment::Literal(l) => l.clone(),
            Segment::Param(_) => "[..]".to_string(),
            Segment::Rest(_) => "[...]".to_string(),
        })
        .collect();
    let path = if path.is_empty() {
        ".".to_string()
    } else {
        path.join("/")
    };
    Some(format!("{accessor} {path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_round_trip() {
        let segments = vec![
            Segment::Literal("a$b\\c".into()),
            Segment::Param("Builtin(Int)".into()),
            Segment::Literal("^".into()),
            Segment::Rest("x$y".into()),
        ];
        let name = method_name("get", &segments);
        assert_eq!(decode_method(&name), Some(("get".to_string(), segments)));
        assert_eq!(decode_method("$post"), Some(("post".to_string(), vec![])));
        assert_eq!(decode_method("plain"), None);
    }

    #[test]
    fn access_names_round_trip() {
        let segments = vec![
            AccessSegment::Literal("albums".into()),
            AccessSegment::Computed,
            AccessSegment::Spread,
        ];
        let name = access_name("get", &segments);
        assert_eq!(decode_access(&name), Some(("get".to_string(), segments)));
        assert_eq!(decode_access("get"), None);
    }
}
