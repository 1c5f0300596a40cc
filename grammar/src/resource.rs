//! Resource method names and client resource access paths.
//!
//! A resource method `resource function get albums/[int id]/[string... rest](...)` is parsed
//! as an ordinary method whose name encodes the accessor and the path (`$get$'albums$^$^^`)
//! and whose leading parameters are the path parameters (`int id`, `string[] rest`), the way
//! jBallerina desugars them. The name cannot collide with a user method (identifiers have no
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
    /// `[T name]`: one path parameter (the method's next parameter).
    Param,
    /// `[T... name]`: the rest of the path (the method's next parameter, a `T[]`).
    Rest,
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
            Segment::Param => name.push('^'),
            Segment::Rest => name.push_str("^^"),
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
        segments.push(match part.as_str() {
            "^" => Segment::Param,
            "^^" => Segment::Rest,
            _ => Segment::Literal(part.strip_prefix('\'')?.to_string()),
        });
    }
    Some((accessor, segments))
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

/// How a resource method's name is shown to a user: `get albums/[int]`-like, without types.
pub fn display_method(name: &str) -> Option<String> {
    let (accessor, segments) = decode_method(name)?;
    let path: Vec<String> = segments
        .iter()
        .map(|s| match s {
            Segment::Literal(l) => l.clone(),
            Segment::Param => "[]".to_string(),
            Segment::Rest => "[...]".to_string(),
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
            Segment::Param,
            Segment::Literal("^".into()),
            Segment::Rest,
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
