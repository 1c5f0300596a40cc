//! Natives of `std/oauth2` (`modules/oauth2/*.int`): the form POST to a token or introspection
//! endpoint (a `Step` native: the calling strand parks on the request) and the clock. The
//! grants, the token cache and the introspection logic are the module's Ballerina code; the
//! cache of introspection answers is process-wide, here (`cache.rs`).

mod cache;

use crate::http::auth::fetch::{fetch, Fetch};
use crate::jwt::{error_value, now_seconds, string_arg};
use crate::StdNative;
use intc_runtime::native::{Completion, Native, Step};
use intc_runtime::{NativeContext, Panic, Value};

/// The implementation of each `std/oauth2` external function.
pub fn native(id: StdNative) -> Option<Native> {
    #[allow(unreachable_patterns)]
    match id {
        StdNative::Oauth2PostForm => Some(Native::Step(post_form)),
        StdNative::Oauth2UtcNowSeconds => Some(Native::Plain(utc_now_seconds)),
        StdNative::Oauth2IntrospectionCacheGet => Some(Native::Plain(introspection_cache_get)),
        StdNative::Oauth2IntrospectionCachePut => Some(Native::Plain(introspection_cache_put)),
        _ => None,
    }
}

fn utc_now_seconds(_context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Int(now_seconds()))
}

fn now_f64() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

fn float_arg(args: &[Value], index: usize) -> f64 {
    match args.get(index) {
        Some(Value::Float(f)) => *f,
        Some(Value::Int(i)) => *i as f64,
        _ => 0.0,
    }
}

/// `introspectionCacheGet(namespace, token)`: the JSON text of the answer kept for the token.
fn introspection_cache_get(
    _context: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let (namespace, token) = (string_arg(args, 0), string_arg(args, 1));
    let mut cache = cache::global().lock().unwrap_or_else(|e| e.into_inner());
    Ok(cache
        .get(namespace, token, now_f64())
        .map_or(Value::Nil, Value::string))
}

/// `introspectionCachePut(namespace, token, answer, exp, defaultTokenExpTime, capacity,
/// evictionFactor, defaultMaxAge)`: keeps an answer's JSON text for every thread.
fn introspection_cache_put(
    _context: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let (namespace, token) = (string_arg(args, 0), string_arg(args, 1));
    let answer = string_arg(args, 2).to_string();
    let exp = args.get(3).and_then(Value::as_int);
    let now = now_f64();
    let expires = cache::expiry(now, exp, float_arg(args, 7), float_arg(args, 4));
    let limits = cache::Limits {
        capacity: args
            .get(5)
            .and_then(Value::as_int)
            .and_then(|c| usize::try_from(c).ok())
            .unwrap_or(0),
        eviction_factor: float_arg(args, 6),
    };
    let mut cache = cache::global().lock().unwrap_or_else(|e| e.into_inner());
    cache.put(namespace, token, answer, expires, limits);
    Ok(Value::Nil)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_list)
        .map(|list| {
            list.items()
                .iter()
                .map(|v| v.as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// `postForm(url, headerNames, headerValues, payload, cert, disableVerification)`: the body of
/// a 2xx response, else an error with the message of Ballerina's `OAuth2Client`.
fn post_form(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let url = string_arg(args, 0).to_string();
    let mut headers: Vec<(String, String)> = strings(args.get(1))
        .into_iter()
        .zip(strings(args.get(2)))
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .collect();
    headers.push((
        "Content-Type".to_string(),
        "application/x-www-form-urlencoded".to_string(),
    ));
    let request = Fetch {
        method: "POST",
        url,
        headers,
        body: string_arg(args, 3).as_bytes().to_vec(),
        cert: args.get(4).and_then(Value::as_str).map(str::to_owned),
        disable_verification: args.get(5).and_then(Value::as_bool) == Some(true),
    };
    Ok(Step::Await(Box::pin(async move {
        let result = fetch(request).await;
        Box::new(move |context: &mut NativeContext<'_>| {
            let value = match result {
                Ok((status, body)) => {
                    let text = String::from_utf8_lossy(&body).into_owned();
                    if (200..300).contains(&status) {
                        Value::string(text)
                    } else {
                        error_value(
                            context,
                            &format!(
                                "Failed to get a success response from the endpoint. Response code: '{status}'. Response body: '{text}'"
                            ),
                        )
                    }
                }
                Err(message) => error_value(
                    context,
                    &format!("Failed to send the request to the endpoint. {message}"),
                ),
            };
            Ok(Step::Done(value))
        }) as Completion
    })))
}
