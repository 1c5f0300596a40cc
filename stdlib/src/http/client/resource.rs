//! `http:Client`'s resource methods (`c->/albums/[id].get(artist = "x")`): the native joins
//! the path segments and the query parameters (the `*QueryParams` included record, built from
//! the named arguments that are no parameter of the method) into the request path, then
//! sends the request as the remote method of the same accessor does.
//!
//! A path segment is the value's `toString()` with the characters a path segment cannot hold
//! percent-encoded; a query value is `url:encode`d (UTF-8) and an array repeats its key
//! (`tag=a&tag=b`), so a listener reads back exactly the values written. jBallerina joins an
//! array's members with commas and leaves encoding to the transport (`docs/differences.md`).

use super::{delete, get, head, options, patch, post, put};
use intc_runtime::native::Step;
use intc_runtime::{NativeContext, Panic, Value};

/// The request path of a resource access: `/` and the segments, then `?` and the query.
pub(crate) fn request_path(ctx: &NativeContext<'_>, segments: &Value, params: &Value) -> String {
    let mut path = String::new();
    if let Some(list) = segments.as_list() {
        for segment in list.items().iter() {
            path.push('/');
            path.push_str(&encode_segment(&text_of(ctx, segment)));
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    let mut query = Vec::new();
    if let Some(map) = params.as_map() {
        for (key, value) in map.entries().iter() {
            let name = crate::url::encode_utf8(&key.0);
            match value {
                Value::Nil => {}
                Value::List(list) => {
                    for item in list.items().iter() {
                        let text = crate::url::encode_utf8(&text_of(ctx, item));
                        query.push(format!("{name}={text}"));
                    }
                }
                other => {
                    let text = crate::url::encode_utf8(&text_of(ctx, other));
                    query.push(format!("{name}={text}"));
                }
            }
        }
    }
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    path
}

/// A path parameter or query value as Ballerina's `toString()` writes it.
fn text_of(ctx: &NativeContext<'_>, value: &Value) -> String {
    match value.as_str() {
        Some(s) => s.to_owned(),
        None => intc_runtime::format::to_string(value, ctx.types()),
    }
}

/// Percent-encodes what a path segment cannot hold as written (RFC 3986 `pchar`).
fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let keep = c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '.'
                    | '_'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | ':'
                    | '@'
            );
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).as_bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The arguments of the remote method of the same accessor: the path list (argument 1)
/// becomes the request path and the query parameters (the last argument) are dropped.
fn as_remote(ctx: &NativeContext<'_>, args: &[Value]) -> Vec<Value> {
    let mut shaped: Vec<Value> = args.to_vec();
    let params = if shaped.len() > 2 {
        shaped.pop().unwrap_or(Value::Nil)
    } else {
        Value::Nil
    };
    let segments = shaped.get(1).cloned().unwrap_or(Value::Nil);
    let path = request_path(ctx, &segments, &params);
    if let Some(slot) = shaped.get_mut(1) {
        *slot = Value::string(path);
    }
    shaped
}

pub(crate) fn resource_get(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let shaped = as_remote(ctx, args);
    get(ctx, &shaped)
}

pub(crate) fn resource_post(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let shaped = as_remote(ctx, args);
    post(ctx, &shaped)
}

pub(crate) fn resource_put(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let shaped = as_remote(ctx, args);
    put(ctx, &shaped)
}

pub(crate) fn resource_patch(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let shaped = as_remote(ctx, args);
    patch(ctx, &shaped)
}

pub(crate) fn resource_delete(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let shaped = as_remote(ctx, args);
    delete(ctx, &shaped)
}

pub(crate) fn resource_head(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let shaped = as_remote(ctx, args);
    head(ctx, &shaped)
}

pub(crate) fn resource_options(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let shaped = as_remote(ctx, args);
    options(ctx, &shaped)
}

#[cfg(test)]
mod tests {
    use super::encode_segment;

    #[test]
    fn segments_keep_path_characters_and_encode_the_rest() {
        assert_eq!(encode_segment("albums"), "albums");
        assert_eq!(encode_segment("a b/c?d#e"), "a%20b%2Fc%3Fd%23e");
        assert_eq!(encode_segment("x=1,y@z"), "x=1,y@z");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }
}
