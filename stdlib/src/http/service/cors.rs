//! Cross-origin resource sharing as module-ballerina-http does it (`CorsHeaders`,
//! `CorsHeaderGenerator`, `HttpResourceDataElement`): the `cors` field of
//! `@http:ServiceConfig` and `@http:ResourceConfig`, a resource's own settings replacing the
//! service's; an `OPTIONS` request that no resource takes is answered 204 with `Allow` (or the
//! preflight's `Access-Control-*` headers when the origin, method and headers are allowed); a
//! request with an `Origin` that a resource serves gets `Access-Control-Allow-Origin` (and
//! credentials, exposed headers) when the origin is allowed, and no CORS header otherwise.

use super::dispatch::path_rank;
use crate::http::server::{Request, Response};
use bytes::Bytes;
use intc_ir::{AnnotationTarget, ResourceMethod};
use intc_runtime::{NativeContext, Value};

/// The methods a resource without an accessor (`default`) allows.
const ALL_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS"];

/// The CORS settings of a service or resource (`CorsHeaders`: `None` is "not given").
#[derive(Clone, Debug, Default)]
pub(crate) struct Cors {
    available: bool,
    allow_origins: Option<Vec<String>>,
    allow_credentials: bool,
    allow_methods: Option<Vec<String>>,
    allow_headers: Option<Vec<String>>,
    max_age: i64,
    expose_headers: Option<Vec<String>>,
}

fn strings(config: &Value, name: &str) -> Option<Vec<String>> {
    let list = config.as_map()?.get(name)?;
    let items: Vec<String> = list
        .as_list()?
        .items()
        .iter()
        .filter_map(|v| v.as_str().map(|s| s.trim().to_owned()))
        .collect();
    // An empty list is "not given".
    (!items.is_empty()).then_some(items)
}

/// `CorsHeaders.buildCorsHeaders` of a `CorsConfig` value.
fn build(config: Option<Value>) -> Cors {
    let Some(config) = config.filter(|c| c.as_map().is_some()) else {
        return Cors {
            max_age: -1,
            ..Cors::default()
        };
    };
    let field = |name: &str| config.as_map().and_then(|m| m.get(name));
    let allow_credentials = matches!(field("allowCredentials"), Some(Value::Boolean(true)));
    let max_age = match field("maxAge") {
        Some(Value::Decimal(d)) => d.to_f64().trunc() as i64,
        Some(Value::Int(i)) => i,
        _ => -1,
    };
    let cors = Cors {
        available: false,
        allow_origins: strings(&config, "allowOrigins"),
        allow_credentials,
        allow_methods: strings(&config, "allowMethods"),
        allow_headers: strings(&config, "allowHeaders"),
        max_age,
        expose_headers: strings(&config, "exposeHeaders"),
    };
    let available = cors.allow_origins.is_some()
        || cors.allow_methods.is_some()
        || cors.allow_headers.is_some()
        || cors.expose_headers.is_some()
        || cors.allow_credentials
        || cors.max_age >= 0;
    Cors { available, ..cors }
}

fn config_field(annotations: Option<Value>, tag: &str) -> Option<Value> {
    annotations?.as_map()?.get(tag)?.as_map()?.get("cors")
}

/// The service's settings: origins and methods default to `*` once anything is given.
fn service_cors(ctx: &NativeContext<'_>, service: &Value) -> Cors {
    let ty = match service {
        Value::Object(object) => ctx.types().class_type(object.class),
        _ => None,
    };
    let annotations = ty.and_then(|ty| ctx.annotations(&AnnotationTarget::Type(ty)));
    let mut cors = build(config_field(annotations, "std/http:ServiceConfig"));
    if cors.available {
        cors.allow_origins.get_or_insert_with(|| vec!["*".into()]);
        cors.allow_methods.get_or_insert_with(|| vec!["*".into()]);
    }
    cors
}

/// The methods of a resource (`None` for `default`).
fn methods(resource: &ResourceMethod) -> Option<Vec<String>> {
    (resource.accessor != "default").then(|| vec![resource.accessor.to_ascii_uppercase()])
}

/// `HttpResource.processResourceCors`: the resource's own settings, else the service's.
pub(crate) fn resource_cors(
    ctx: &NativeContext<'_>,
    service: &Value,
    resource: &ResourceMethod,
) -> Cors {
    let annotations = ctx.annotations(&AnnotationTarget::Function(resource.func));
    let mut cors = build(config_field(annotations, "std/http:ResourceConfig"));
    if !cors.available {
        return service_cors(ctx, service);
    }
    cors.allow_origins.get_or_insert_with(|| vec!["*".into()]);
    if cors.allow_methods.is_none() {
        cors.allow_methods = Some(
            methods(resource)
                .unwrap_or_else(|| ALL_METHODS.iter().map(|m| (*m).to_owned()).collect()),
        );
    }
    cors
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The origins of an `Origin` header: space-separated, those with a scheme.
fn origins(value: &str) -> Vec<String> {
    value
        .split(' ')
        .filter(|o| o.contains("://"))
        .map(str::to_owned)
        .collect()
}

fn origin_allowed(requested: &[String], allowed: &[String]) -> bool {
    (allowed.len() == 1 && allowed[0] == "*") || requested.iter().all(|o| allowed.contains(o))
}

fn allow_origin_and_credentials(origins: &[String], cors: &Cors, out: &mut Vec<(String, String)>) {
    if cors.allow_credentials {
        out.push(("access-control-allow-credentials".into(), "true".into()));
    }
    out.push(("access-control-allow-origin".into(), origins.join(" ")));
}

/// The CORS headers of a response to a request a resource serves (empty without an allowed
/// `Origin`).
fn simple_headers(cors: &Cors, request: &Request) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(origin) = header(request, "origin") else {
        return out;
    };
    if !cors.available {
        return out;
    }
    let requested = origins(&origin);
    let allowed = cors.allow_origins.as_deref().unwrap_or(&[]);
    if requested.is_empty() || !origin_allowed(&requested, allowed) {
        return out;
    }
    allow_origin_and_credentials(&requested, cors, &mut out);
    if let Some(expose) = &cors.expose_headers {
        out.push(("access-control-expose-headers".into(), expose.join(", ")));
    }
    out
}

/// The CORS headers of responses to `request`, served by `resource` of `service` (the
/// settings are read only for a request with an `Origin`).
pub(crate) fn headers_for(
    ctx: &NativeContext<'_>,
    service: &Value,
    resource: &ResourceMethod,
    request: &Request,
) -> Vec<(String, String)> {
    if !request.headers.contains_key("origin") {
        return Vec::new();
    }
    simple_headers(&resource_cors(ctx, service, resource), request)
}

/// Adds `headers` to `response`, replacing headers of the same names.
pub(crate) fn apply(response: &mut Response, headers: &[(String, String)]) {
    if headers.is_empty() {
        return;
    }
    response
        .headers
        .retain(|(n, _)| !headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(n)));
    response.headers.extend(headers.iter().cloned());
}

/// The answer to an `OPTIONS` request that no resource takes (`HttpResourceDispatcher.
/// handleOptionsRequest`): 204 with the methods of the resources at the path in `Allow`, or
/// with the preflight's headers instead when they allow the request; 404 when there is no
/// resource at the path.
pub(crate) fn options(
    ctx: &NativeContext<'_>,
    service: &Value,
    resources: &[ResourceMethod],
    rest: &[String],
    request: &Request,
) -> Response {
    // The resources of the best-matching path (one node of Ballerina's URI template).
    let ranked: Vec<(Vec<u8>, &ResourceMethod)> = resources
        .iter()
        .filter_map(|r| path_rank(&r.path, rest).map(|rank| (rank, r)))
        .collect();
    let best = ranked.iter().map(|(rank, _)| rank).min().cloned();
    let at_path: Vec<&ResourceMethod> = ranked
        .iter()
        .filter(|(rank, _)| Some(rank) == best.as_ref())
        .map(|(_, r)| *r)
        .collect();
    let allow = if !at_path.is_empty() {
        allow_value(at_path.iter().copied())
    } else if rest.is_empty() && resources.iter().any(|r| r.accessor != "default") {
        allow_value(resources.iter())
    } else {
        return Response::text(
            404,
            format!(
                "no matching resource found for path : {} , method : OPTIONS",
                request.path
            ),
        );
    };
    let mut response = Response {
        status: 204,
        headers: vec![("allow".into(), allow)],
        body: Bytes::new(),
        stream: None,
    };
    if let Some(headers) = preflight(ctx, service, &at_path, request) {
        response.headers.retain(|(n, _)| n != "allow");
        response.headers.extend(headers);
    }
    response
}

/// `Allow`: the resources' methods (distinct, in order) and `OPTIONS`.
fn allow_value<'a>(resources: impl Iterator<Item = &'a ResourceMethod>) -> String {
    let mut all: Vec<String> = Vec::new();
    for method in resources.filter_map(methods).flatten() {
        if !all.contains(&method) {
            all.push(method);
        }
    }
    if !all.is_empty() && !all.iter().any(|m| m == "OPTIONS") {
        all.push("OPTIONS".into());
    }
    all.join(", ")
}

/// `CorsHeaderGenerator.processPreflightRequest`: the headers answering a preflight, or
/// `None` when the request is not one that the resource's settings allow.
fn preflight(
    ctx: &NativeContext<'_>,
    service: &Value,
    at_path: &[&ResourceMethod],
    request: &Request,
) -> Option<Vec<(String, String)>> {
    let requested = origins(&header(request, "origin")?);
    let [origin] = requested.as_slice() else {
        return None;
    };
    let method = header(request, "access-control-request-method")?;
    let requested_methods: Vec<&str> = method.split(',').collect();
    let [method] = requested_methods.as_slice() else {
        return None;
    };
    let serves = |m: &str| {
        at_path
            .iter()
            .find(|r| methods(r).is_some_and(|ms| ms.iter().any(|x| x == m)))
    };
    let resource =
        serves(method).or_else(|| (*method == "HEAD").then(|| serves("GET")).flatten())?;
    let cors = resource_cors(ctx, service, resource);
    if !cors.available {
        return None;
    }
    let allowed_methods = cors.allow_methods.as_deref().unwrap_or(&[]);
    let method_ok = (allowed_methods.len() == 1 && allowed_methods[0] == "*")
        || allowed_methods.iter().any(|m| m == method);
    if !method_ok || !origin_allowed(requested.as_slice(), cors.allow_origins.as_deref()?) {
        return None;
    }
    // Split at commas as Ballerina does (values after the first keep their spaces).
    let request_headers: Option<Vec<String>> = header(request, "access-control-request-headers")
        .map(|v| v.split(',').map(str::to_owned).collect());
    if let (Some(wanted), Some(allowed)) = (&request_headers, &cors.allow_headers) {
        let ok = wanted
            .iter()
            .all(|w| allowed.iter().any(|a| a.eq_ignore_ascii_case(w)));
        if !ok {
            return None;
        }
    }
    let mut out = Vec::new();
    allow_origin_and_credentials(std::slice::from_ref(origin), &cors, &mut out);
    out.push(("access-control-allow-methods".into(), (*method).to_owned()));
    if let Some(wanted) = request_headers {
        out.push(("access-control-allow-headers".into(), wanted.join(", ")));
    }
    out.push(("access-control-max-age".into(), cors.max_age.to_string()));
    Some(out)
}
