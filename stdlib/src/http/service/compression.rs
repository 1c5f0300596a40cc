//! `@http:ServiceConfig {compression: {enable, contentTypes}}`: a service's responses
//! compressed (gzip or deflate) when the request accepts it, as the content compressor of
//! Ballerina's listener pipeline does: `AUTO` and `ALWAYS` follow the request's
//! `accept-encoding` (`ALWAYS` falls back to gzip when it names no coding we have), `NEVER`
//! leaves responses alone; `contentTypes`, when not empty, limits compression to those media
//! types. Responses that already have a `content-encoding`, empty bodies, `HEAD` requests and
//! 1xx/204/304 answers are not compressed.

use crate::http::compress::{self, Coding};
use crate::http::server::{Request, Response};
use bytes::Bytes;
use intc_ir::AnnotationTarget;
use intc_runtime::{NativeContext, Value};

/// What a service's configuration and a request decide.
pub(super) struct Plan {
    coding: Coding,
    content_types: Vec<String>,
}

fn field(value: &Value, name: &str) -> Option<Value> {
    value.as_map()?.get(name)
}

/// The coding a service's responses to `request` get, if any.
pub(super) fn plan(ctx: &NativeContext<'_>, service: &Value, request: &Request) -> Option<Plan> {
    if request.method == http::Method::HEAD {
        return None;
    }
    let accept = request
        .headers
        .get(http::header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok());
    let config = match service {
        Value::Object(object) => {
            let ty = ctx.program().classes.get(object.class.index())?.ty;
            ctx.annotations(&AnnotationTarget::Type(ty))
                .and_then(|a| field(&a, "std/http:ServiceConfig"))
                .and_then(|c| field(&c, "compression"))
        }
        _ => None,
    };
    let enable = config.as_ref().and_then(|c| field(c, "enable"));
    let coding = match enable.as_ref().and_then(Value::as_str).unwrap_or("AUTO") {
        "NEVER" => None,
        "ALWAYS" => Some(accept.and_then(compress::negotiate).unwrap_or(Coding::Gzip)),
        _ => accept.and_then(compress::negotiate),
    }?;
    let content_types = config
        .as_ref()
        .and_then(|c| field(c, "contentTypes"))
        .and_then(|l| {
            l.as_list().map(|l| {
                l.items()
                    .iter()
                    .filter_map(|v| v.as_str().map(|s| s.trim().to_ascii_lowercase()))
                    .collect()
            })
        })
        .unwrap_or_default();
    Some(Plan {
        coding,
        content_types,
    })
}

/// The response compressed as planned (unchanged when it should not be).
pub(super) fn apply(plan: &Plan, mut response: Response) -> Response {
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_ascii_lowercase())
    };
    let encoded = header("content-encoding").is_some_and(|e| e != "identity");
    if encoded || response.body.is_empty() || matches!(response.status, 100..=199 | 204 | 304) {
        return response;
    }
    if !plan.content_types.is_empty() {
        let media = header("content-type")
            .map(|t| t.split(';').next().unwrap_or("").trim().to_string())
            .unwrap_or_default();
        if !plan.content_types.contains(&media) {
            return response;
        }
    }
    let body = compress::encode(plan.coding, &response.body);
    response.headers.retain(|(n, _)| {
        !n.eq_ignore_ascii_case("content-encoding") && !n.eq_ignore_ascii_case("content-length")
    });
    response.headers.push((
        "content-encoding".to_string(),
        plan.coding.name().to_string(),
    ));
    response.body = Bytes::from(body);
    response
}
