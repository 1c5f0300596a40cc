//! A resource's result as the wire response: an `http:Response` object is read in Rust
//! (`message.rs`); otherwise `respondWith` of the listener (Ballerina code in
//! `http_service.int`) builds an `http:Response` and hands back its status, headers and body;
//! the commonest results — a `string`, an `xml` value or a `json` value — are answered here
//! directly with exactly the status, `content-type` and body that code gives them (200, or
//! 201 for `post`), saving a Ballerina call, a `Response` object and a byte list per request.

use crate::http::server::Response;
use bytes::Bytes;
use intc_runtime::format::{json_text, to_string};
use intc_runtime::{NativeContext, Value};

/// The response `respondWith` would build for `value`, when it is one of the plain cases:
/// `None` for anything else (records that are status-code responses, `http:Response`
/// objects, errors, byte arrays, non-json anydata), which `respondWith` answers.
pub(super) fn plain_response(
    ctx: &NativeContext<'_>,
    value: &Value,
    post: bool,
) -> Option<Response> {
    let status = if post { 201 } else { 200 };
    let (content_type, body) = match value {
        // `setTextPayload(body)`.
        Value::String(s) => ("text/plain", s.as_bytes().to_vec()),
        // `setTextPayload(body.toString(), "application/xml")`.
        Value::Xml(_) => (
            "application/xml",
            to_string(value, ctx.types()).into_bytes(),
        ),
        // `setJsonPayload(body.toJson())`: a json value is its own `toJson()`. A byte array
        // is json too, but `setBody` sends it as octet-stream; a `StatusCodeResponse` holds
        // an object, so it is never json.
        Value::List(_)
        | Value::Map(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::Decimal(_)
        | Value::Boolean(_) => {
            let known = &ctx.types().well_known;
            if !ctx.value_belongs(value, known.json) || ctx.value_belongs(value, known.byte_list) {
                return None;
            }
            ("application/json", json_text(value)?.into_bytes())
        }
        _ => return None,
    };
    Some(Response {
        status,
        headers: vec![("content-type".to_string(), content_type.to_string())],
        body: Bytes::from(body),
        stream: None,
    })
}

/// The response `respondWith` gives an `http:Response` object (`toResponse` returns it as it
/// is): its status, headers and payload read straight from the object (`message.rs`).
pub(super) fn response_object(ctx: &NativeContext<'_>, value: &Value) -> Option<Response> {
    let status = crate::http::message::status(ctx, value)?;
    let parts = crate::http::message::parts(ctx, value, "Response")?;
    Some(Response {
        status: valid_status(Some(status)),
        headers: parts.headers,
        body: Bytes::from(parts.body),
        stream: None,
    })
}

/// A status code as the wire takes it: one outside 100..999 (or none) is a 500.
fn valid_status(status: Option<i64>) -> u16 {
    status
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (100..1000).contains(s))
        .unwrap_or(500)
}

/// The response `respondWith`'s `[status, names, values, body]` describes.
pub(super) fn from_wire(wire: &Value) -> Response {
    let parts = wire
        .as_list()
        .map(|l| l.items().clone())
        .unwrap_or_default();
    from_parts(&parts)
}

/// The response `[status, names, values, body]` describes (the shape both `respondWith`
/// and `Caller.sendResponse` hand over): a status outside 100..999 is a 500, a missing or
/// ill-typed part is empty.
pub(super) fn from_parts(parts: &[Value]) -> Response {
    let status = valid_status(parts.first().and_then(Value::as_int));
    let names = crate::args::strings(parts, 1);
    let values = crate::args::strings(parts, 2);
    let body = crate::args::bytes(parts, 3);
    Response {
        status,
        headers: names.into_iter().zip(values).collect(),
        body: Bytes::from(body),
        stream: None,
    }
}
