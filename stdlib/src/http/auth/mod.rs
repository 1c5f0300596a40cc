//! Listener and client authentication of `std/http` (`modules/http/http_auth*.int`). The logic is
//! Ballerina code, as upstream; here are only the listener's hook — a resource whose service or
//! own configuration has `auth` is called through `Listener.authorizeAndCall`, which answers
//! 401/403 or calls the resource (`callResource`) on the same strand, so an auth handler may wait
//! on a JWKS or introspection endpoint — and the request helper shared with `std/oauth2` and
//! `std/jwt` (`fetch`).

pub(crate) mod fetch;

use crate::http::server::Request;
use crate::http::service::ListenerNative;
use crate::StdNative;
use intc_ir::{AnnotationTarget, ResourceMethod};
use intc_runtime::native::{Native, Step};
use intc_runtime::steps::call_all;
use intc_runtime::value::ListObj;
use intc_runtime::{Callee, NativeContext, Panic, Value};

pub(crate) fn native(id: StdNative) -> Option<Native> {
    #[allow(unreachable_patterns)]
    match id {
        StdNative::HttpCallResource => Some(Native::Step(call_resource)),
        StdNative::HttpCachedAuthHandler => Some(Native::Plain(cached_auth_handler)),
        StdNative::HttpCacheAuthHandler => Some(Native::Plain(cache_auth_handler)),
        _ => None,
    }
}

/// `callResource(resourceMethod, args)`: the resource's result (a panic propagates, answering
/// 500 as a direct call would).
fn call_resource(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let function = args.first().cloned().unwrap_or(Value::Nil);
    let arguments = args
        .get(1)
        .and_then(Value::as_list)
        .map(|list| list.items().clone())
        .unwrap_or_default();
    call_all(
        ctx,
        vec![(function, arguments)],
        Box::new(|_, mut results| Ok(Step::Done(results.pop().unwrap_or(Value::Nil)))),
    )
}

/// `cachedAuthHandler(listener, key)`: the handler the listener keeps for a configuration.
fn cached_auth_handler(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let native = listener_native(ctx, args.first())?;
    let key = args.get(1).and_then(Value::as_str).unwrap_or("");
    Ok(native.auth_handler(key).unwrap_or(Value::Nil))
}

/// `cacheAuthHandler(listener, key, handler)`: keeps the handler made for a configuration.
fn cache_auth_handler(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let native = listener_native(ctx, args.first())?;
    let key = args.get(1).and_then(Value::as_str).unwrap_or("").to_owned();
    let handler = args.get(2).cloned().unwrap_or(Value::Nil);
    native.keep_auth_handler(key, handler);
    Ok(Value::Nil)
}

fn listener_native(
    ctx: &NativeContext<'_>,
    handle: Option<&Value>,
) -> Result<std::rc::Rc<ListenerNative>, Panic> {
    handle
        .and_then(ListenerNative::of_handle)
        .ok_or_else(|| ctx.panic("InternalError", "not the handle of an http:Listener"))
}

/// The `auth` field of an annotation value (`std/http:ServiceConfig` or `ResourceConfig`).
fn auth_field(annotations: Option<Value>, tag: &str) -> Value {
    annotations
        .as_ref()
        .and_then(Value::as_map)
        .and_then(|map| map.get(tag))
        .and_then(|config| config.as_map().and_then(|c| c.get("auth")))
        .unwrap_or(Value::Nil)
}

/// The call of `resource` (`function` with `args`): itself, or through the listener's
/// `authorizeAndCall` when the service or the resource configures `auth`.
pub(crate) fn guard(
    ctx: &mut NativeContext<'_>,
    listener: &Value,
    service: &Value,
    resource: &ResourceMethod,
    request: &Request,
    function: Value,
    args: Vec<Value>,
) -> (Callee, Vec<Value>) {
    let resource_auth = auth_field(
        ctx.annotations(&AnnotationTarget::Function(resource.func)),
        "std/http:ResourceConfig",
    );
    let service_type = ctx.types_mut().type_of_value(service);
    let service_auth = auth_field(
        ctx.annotations(&AnnotationTarget::Type(service_type)),
        "std/http:ServiceConfig",
    );
    if resource_auth.is_nil() && service_auth.is_nil() {
        return (Callee::Function(function), args);
    }
    let authorization = request
        .headers
        .get("authorization")
        .map(|v| Value::string(String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .unwrap_or(Value::Nil);
    let any_list = ctx.types().well_known.any_list;
    let arguments = Value::List(ListObj::new(any_list, args));
    (
        Callee::Method {
            receiver: listener.clone(),
            name: "authorizeAndCall".to_string(),
        },
        vec![
            service_auth,
            resource_auth,
            authorization,
            function,
            arguments,
        ],
    )
}
