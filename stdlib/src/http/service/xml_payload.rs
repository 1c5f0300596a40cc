//! `@http:Payload {mediaType: ...}`: a payload parameter that names the media types it takes
//! answers 415 to a request of another content type (module-ballerina-http's text, the same
//! as `@http:ResourceConfig`'s `consumes`), before the payload is bound.

use super::dispatch::media_type;
use crate::http::server::{Request, Response};
use intc_runtime::Value;

/// Checks the request's content type against the annotation's `mediaType` (a string or a
/// list of them); no `mediaType` accepts any.
pub(super) fn check_payload_media_type(config: &Value, request: &Request) -> Result<(), Response> {
    let Some(wanted) = config.as_map().and_then(|m| m.get("mediaType")) else {
        return Ok(());
    };
    let accepted: Vec<String> = match wanted.as_str() {
        Some(one) => vec![media_type(one)],
        None => wanted
            .as_list()
            .map(|l| {
                l.items()
                    .iter()
                    .filter_map(|v| v.as_str().map(media_type))
                    .collect()
            })
            .unwrap_or_default(),
    };
    if accepted.is_empty() {
        return Ok(());
    }
    let sent = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(media_type)
        .unwrap_or_default();
    if accepted.contains(&sent) {
        return Ok(());
    }
    Err(Response::text(
        415,
        format!("content-type : {sent} is not supported"),
    ))
}
