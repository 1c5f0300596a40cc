//! `jsondata:read`'s JSONPath query (RFC 9535, by `serde_json_path`). The `json` value is
//! mirrored as a `serde_json::Value` for the query; the located nodes' normalized paths lead
//! back to the Ballerina values, so results keep their identity (an int stays an int, a
//! decimal a decimal). As in module-ballerina-data.jsondata (Jayway JsonPath), a definite
//! path (names and indices only) answers its one value, or an error when nothing is there,
//! and any other path a list of the matches.

use super::MAX_DEPTH;
use crate::args;
use intc_runtime::format::{decimal_to_string, float_to_string};
use intc_runtime::value::ListObj;
use intc_runtime::{NativeContext, Panic, Value};
use serde_json_path::{JsonPath, PathElement};

/// Bracket nesting allowed in a query (the parser recurses per level).
const MAX_QUERY_NESTING: usize = 64;

/// The mirror of a Ballerina `json` value, or `None` past the depth cap or for a value that
/// is not `json`.
fn mirror(value: &Value, depth: u32) -> Option<serde_json::Value> {
    if depth >= MAX_DEPTH {
        return None;
    }
    Some(match value {
        Value::Nil => serde_json::Value::Null,
        Value::Boolean(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::Number((*i).into()),
        Value::Float(f) => {
            serde_json::Value::Number(serde_json::from_str(&float_to_string(*f)).ok()?)
        }
        Value::Decimal(d) => {
            serde_json::Value::Number(serde_json::from_str(&decimal_to_string(d)).ok()?)
        }
        Value::String(s) => serde_json::Value::String(s.as_str().to_string()),
        Value::List(list) => serde_json::Value::Array(
            list.items()
                .iter()
                .map(|item| mirror(item, depth + 1))
                .collect::<Option<Vec<_>>>()?,
        ),
        Value::Map(map) => serde_json::Value::Object(
            map.entries()
                .iter()
                .map(|(k, v)| Some((k.as_str().to_string(), mirror(v, depth + 1)?)))
                .collect::<Option<serde_json::Map<_, _>>>()?,
        ),
        _ => return None,
    })
}

/// The Ballerina value at a normalized path.
fn at_path<'p>(root: &Value, path: impl Iterator<Item = &'p PathElement<'p>>) -> Option<Value> {
    let mut current = root.clone();
    for element in path {
        current = match element {
            PathElement::Name(name) => current.as_map()?.get(name)?,
            PathElement::Index(index) => current.as_list()?.get(*index)?,
        };
    }
    Some(current)
}

/// Whether a query names one location only: no wildcard, descendant, filter, slice or union.
fn is_definite(query: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut previous = '\0';
    for c in query.chars() {
        if let Some(q) = quote {
            if c == q && previous != '\\' {
                quote = None;
            }
        } else {
            match c {
                '\'' | '"' => quote = Some(c),
                '*' | '?' | ',' | ':' => return false,
                '.' if previous == '.' => return false,
                _ => {}
            }
        }
        previous = c;
    }
    true
}

/// How deeply the query's parser recurses, over-estimated: bracket and parenthesis depth plus
/// every `!` (each negation is a level of its own).
fn nesting(query: &str) -> usize {
    let (mut depth, mut deepest, mut negations) = (0usize, 0usize, 0usize);
    for c in query.chars() {
        match c {
            '!' => negations += 1,
            '[' | '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest + negations
}

/// `readPath(json, query) returns json|error`; the module's Ballerina code makes the error a
/// `jsondata:Error` (with its cause).
pub fn read_path(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let json = args.first().cloned().unwrap_or(Value::Nil);
    let query = args::string(args, 1).to_string();
    Ok(match query_value(context, &json, &query) {
        Ok(value) => value,
        Err((message, cause)) => {
            let types = context.types();
            let cause = match cause {
                Some(text) => args::error_value(context, &text),
                None => Value::Nil,
            };
            intc_runtime::error::new_error(
                types,
                types.well_known.error,
                &message,
                cause,
                Default::default(),
            )
        }
    })
}

type QueryError = (String, Option<String>);

fn query_value(
    context: &NativeContext<'_>,
    json: &Value,
    query: &str,
) -> Result<Value, QueryError> {
    if nesting(query) > MAX_QUERY_NESTING {
        return Err((
            format!("the query nests brackets more than {MAX_QUERY_NESTING} levels deep"),
            None,
        ));
    }
    let path = JsonPath::parse(query).map_err(|e| (e.to_string(), None))?;
    let Some(mirrored) = mirror(json, 0) else {
        return Err((
            format!("the JSON value is nested more than {MAX_DEPTH} levels deep"),
            None,
        ));
    };
    let located = path.query_located(&mirrored);
    let mut values = Vec::new();
    for node in located.iter() {
        if let Some(value) = at_path(json, node.location().iter()) {
            values.push(value);
        }
    }
    if is_definite(query) {
        return match values.into_iter().next() {
            Some(value) => Ok(value),
            None => Err((
                format!("Unable to execute query '{query}' on the provided JSON value"),
                Some(format!("No results for path: {query}")),
            )),
        };
    }
    Ok(Value::List(ListObj::new(
        context.types().well_known.json_list,
        values,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definite_paths_are_names_and_indices_only() {
        assert!(is_definite("$.store.book[0].title"));
        assert!(is_definite("$['a.b']"));
        assert!(!is_definite("$..author"));
        assert!(!is_definite("$.store.*"));
        assert!(!is_definite("$.book[?@.price < 10]"));
        assert!(!is_definite("$.book[0:2]"));
        assert!(!is_definite("$.book[0,1]"));
    }

    #[test]
    fn nesting_counts_brackets_and_parentheses() {
        assert_eq!(nesting("$.a[?(@.b[0] == 1)]"), 3);
        assert_eq!(nesting("$"), 0);
        assert_eq!(nesting("$[?!!@.a]"), 3);
    }
}
