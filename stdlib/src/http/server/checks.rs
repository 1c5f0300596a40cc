//! Per-request hardening checks, reading the body within its limit, and the call of the
//! dispatcher.

use super::body::ServerBody;
use super::conn::{ConnectionInfo, Shared};
use super::{Observation, Request, Response};
use bytes::Bytes;
use futures_util::FutureExt;
use http_body_util::{BodyExt, Limited};
use hyper::body::{Body as _, Incoming};
use hyper::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING};
use hyper::{StatusCode, Version};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

pub(super) type HyperResponse = hyper::Response<ServerBody>;

/// An error response; `close` ends the connection after it (when the request's framing
/// cannot be trusted or its body was not read).
fn refuse(status: StatusCode, close: bool) -> HyperResponse {
    let reason = status.canonical_reason().unwrap_or("Error");
    let mut response = hyper::Response::new(ServerBody::full(Bytes::from(reason)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain"),
    );
    if close {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The answer to a request head with both `Content-Length` and `Transfer-Encoding`.
pub(super) fn smuggling_refusal() -> HyperResponse {
    refuse(StatusCode::BAD_REQUEST, true)
}

/// The size of the header lines as sent on HTTP/1.1: `name: value\r\n` each.
fn header_bytes(headers: &hyper::HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum()
}

/// Checks the head; `Some` is the refusal.
fn check_head(request: &hyper::Request<Incoming>, shared: &Shared) -> Option<HyperResponse> {
    let limits = &shared.config.request_limits;
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if target > limits.max_uri_length {
        return Some(refuse(StatusCode::URI_TOO_LONG, true));
    }
    let headers = request.headers();
    if header_bytes(headers) > limits.max_header_size {
        return Some(refuse(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, true));
    }
    let version = request.version();
    if version == Version::HTTP_11 || version == Version::HTTP_10 {
        // Both framings at once is how requests are smuggled past proxies (RFC 9112 6.1).
        if headers.contains_key(TRANSFER_ENCODING) && headers.contains_key(CONTENT_LENGTH) {
            return Some(refuse(StatusCode::BAD_REQUEST, true));
        }
        // RFC 9112 3.2: exactly one Host on HTTP/1.1; HTTP/1.0 may omit it.
        let hosts = headers.get_all(HOST).iter().count();
        if hosts > 1 || (hosts == 0 && version == Version::HTTP_11) {
            return Some(refuse(StatusCode::BAD_REQUEST, true));
        }
    }
    if let Some(max) = limits.max_entity_body_size {
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > max) {
            return Some(refuse(StatusCode::PAYLOAD_TOO_LARGE, true));
        }
    }
    None
}

/// Serves one request.
pub(super) async fn handle(
    mut request: hyper::Request<Incoming>,
    shared: &Arc<Shared>,
    info: &ConnectionInfo,
    observation: Observation,
) -> Result<HyperResponse, std::convert::Infallible> {
    if let Some(refusal) = check_head(&request, shared) {
        return Ok(refusal);
    }
    // A WebSocket opening handshake: the dispatcher may accept it (101) and take the stream.
    let upgrade = is_websocket_upgrade(&request).then(|| hyper::upgrade::on(&mut request));
    let (parts, body) = request.into_parts();
    // Most requests (every GET) carry no body: hyper knows it from the head, and collecting
    // nothing through `Limited` and `Collected` cost a few hundred instructions per request.
    let body = if body.is_end_stream() {
        Bytes::new()
    } else {
        match collect_body(body, shared).await {
            Ok(body) => body,
            Err(refusal) => return Ok(refusal),
        }
    };
    let request = Request {
        method: parts.method,
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        version: parts.version,
        headers: parts.headers,
        body,
        peer: info.peer,
        local: info.local,
        secure: info.secure,
        client_certificate: info.client_certificate.clone(),
        observation,
        upgrade,
    };
    // A dispatcher that panics answers 500 for its request only.
    let dispatched = AssertUnwindSafe(shared.dispatcher.dispatch(request))
        .catch_unwind()
        .await;
    let mut response = match dispatched {
        Ok(response) => to_hyper(response),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, false),
    };
    if let Some(server) = &shared.config.server {
        if let Ok(value) = HeaderValue::from_str(server) {
            response
                .headers_mut()
                .entry(hyper::header::SERVER)
                .or_insert(value);
        }
    }
    Ok(response)
}

/// The whole body of a request, or the refusal when it is over the configured limit (413) or
/// cannot be read (400).
async fn collect_body(body: Incoming, shared: &Arc<Shared>) -> Result<Bytes, HyperResponse> {
    Ok(match shared.config.request_limits.max_entity_body_size {
        Some(max) => {
            let max = usize::try_from(max).unwrap_or(usize::MAX);
            match Limited::new(body, max).collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(error) if error.is::<http_body_util::LengthLimitError>() => {
                    return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, true));
                }
                Err(_) => return Err(refuse(StatusCode::BAD_REQUEST, true)),
            }
        }
        None => match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => return Err(refuse(StatusCode::BAD_REQUEST, true)),
        },
    })
}

/// Whether `request` asks to become a WebSocket (RFC 6455 4.1: a GET with `Upgrade:
/// websocket` and `Connection: Upgrade`, on HTTP/1.1).
fn is_websocket_upgrade(request: &hyper::Request<Incoming>) -> bool {
    let headers = request.headers();
    let has_token = |name: hyper::header::HeaderName, token: &str| {
        headers.get_all(name).iter().any(|value| {
            value.to_str().is_ok_and(|value| {
                value
                    .split(',')
                    .any(|item| item.trim().eq_ignore_ascii_case(token))
            })
        })
    };
    request.version() == Version::HTTP_11
        && request.method() == hyper::Method::GET
        && has_token(hyper::header::UPGRADE, "websocket")
        && has_token(CONNECTION, "upgrade")
}

/// The dispatcher's response as hyper's; headers that are not valid HTTP are left out.
fn to_hyper(response: Response) -> HyperResponse {
    let body = match response.stream {
        Some(stream) => ServerBody::from(stream),
        None => ServerBody::full(response.body),
    };
    let mut out = hyper::Response::new(body);
    *out.status_mut() =
        StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = out.headers_mut();
    for (name, value) in response.headers {
        // The value's `String` becomes the header's bytes as it is (`from_str` would copy
        // it); for ASCII both accept the same bytes, and a non-ASCII value is left out as
        // `from_str` leaves it out.
        if !value.is_ascii() {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_maybe_shared(Bytes::from(value)),
        ) {
            headers.append(name, value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_headers_keep_valid_ascii_and_leave_out_the_rest() {
        let mut response = Response::text(200, "hi");
        response.headers.extend([
            ("x-one".to_string(), "a b\tc".to_string()),
            ("x-one".to_string(), "second".to_string()),
            ("x-accented".to_string(), "caf\u{e9}".to_string()),
            ("x-control".to_string(), "a\u{1}b".to_string()),
            ("bad name".to_string(), "v".to_string()),
        ]);
        let out = to_hyper(response);
        let headers = out.headers();
        let ones: Vec<&str> = headers
            .get_all("x-one")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        assert_eq!(ones, ["a b\tc", "second"]);
        assert_eq!(
            headers.get("content-type").map(|v| v.as_bytes()),
            Some(&b"text/plain"[..])
        );
        assert!(headers.get("x-accented").is_none());
        assert!(headers.get("x-control").is_none());
        assert_eq!(headers.len(), 3);
    }
}
