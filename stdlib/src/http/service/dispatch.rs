//! Request dispatch of `http:Listener`: the attached service whose base path is the longest
//! prefix of the request path, then its resource method whose path matches the rest
//! (literal segments over path parameters over a rest parameter) and whose accessor is the
//! request's method (or `default`); then the method's arguments, bound from the path, the
//! query, the headers and the payload as Ballerina binds them. A request no resource path
//! matches is 404, one whose path matches but not its method 405, and an argument that
//! cannot be bound 400, each with module-ballerina-http's body text (an `OPTIONS` request
//! no resource takes is answered by `cors.rs`). With interceptors engaged the job is the
//! pipeline of `interceptors.rs` instead of the resource method.

use super::caller::{self, Exchange};
use super::{cors, interceptors, percent_decode, ListenerNative, UpgradeHook, UpgradeRequest};
use crate::http::server::isolate::{Answer, Prepared, Service};
use crate::http::server::{Request, Response};
use crate::observe::tracing;
use bytes::Bytes;
use intc_decimal::Decimal;
use intc_ir::{AnnotationTarget, MethodParam, PathSegment, ResourceMethod, TypeId, TypeKind};
use intc_runtime::value::{Closure, ListObj};
use intc_runtime::{NativeContext, Panic, TypeTable, Value};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// The [`Service`] of a started listener.
pub(crate) struct HttpService {
    pub(super) listener: Value,
    pub(super) native: Rc<ListenerNative>,
    /// The interceptors each service's `createInterceptors()` gave (asked once per service).
    pub(super) service_interceptors: RefCell<Vec<(Value, Vec<Value>)>>,
}

impl HttpService {
    pub(crate) fn new(listener: Value, native: Rc<ListenerNative>) -> HttpService {
        HttpService {
            listener,
            native,
            service_interceptors: RefCell::new(Vec::new()),
        }
    }
}

/// What a request keeps until its result answers it.
pub(super) struct State {
    pub(super) post: bool,
    pub(super) caller: Value,
    /// Whether the resource has a `Caller` parameter: returning `()` without answering
    /// through it is then a 500 with no body (module-ballerina-http), not a 202.
    pub(super) takes_caller: bool,
    /// Where the response goes and what it gets on the way (shared with the `Caller`).
    pub(super) exchange: Rc<Exchange>,
    /// An upgrade request to a service of another module (WebSocket), answered by its hook.
    pub(super) upgrade: Option<(Rc<dyn UpgradeHook>, Value, UpgradeRequest)>,
}

fn same_value(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Object(a), Value::Object(b)) if Rc::ptr_eq(a, b))
}

/// Where the annotations of a parameter say its argument comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Payload,
    Header,
    Query,
    Inferred,
}

impl Service for HttpService {
    fn job(&self, ctx: &mut NativeContext<'_>, request: Request) -> Result<Prepared, Response> {
        self.job_answering(ctx, request, &Rc::new(Answer::unconnected()))
    }

    fn job_answering(
        &self,
        ctx: &mut NativeContext<'_>,
        mut request: Request,
        answer: &Rc<Answer>,
    ) -> Result<Prepared, Response> {
        let segments: Vec<String> = request
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode(s, false).unwrap_or_else(|| s.to_owned()))
            .collect();
        let (found, hook) = match self.find_service(&segments, request.upgrade.is_some()) {
            Some((service, rest, hook)) => (Some((service, rest)), hook),
            None => (None, None),
        };
        let engaged = interceptors::of(self, ctx, found.as_ref().map(|(s, _)| s));
        if !engaged.is_empty() {
            return interceptors::job(self, ctx, request, answer, found, engaged, &segments);
        }
        let Some((service, rest)) = found else {
            return Err(not_found_service(&request));
        };
        let resource = self.resolve(ctx, &service, &rest, &request)?;
        let cors = cors::headers_for(ctx, &service, &resource, &request);
        let with_cors = |mut response: Response| {
            cors::apply(&mut response, &cors);
            response
        };
        check_media_types(ctx, &resource, &request).map_err(with_cors)?;
        let base = &segments[..segments.len() - rest.len()];
        observe_resource(ctx, &request, base, &resource);
        let exchange = Rc::new(Exchange {
            answer: answer.clone(),
            cors: cors.clone(),
            compression: super::compression::plan(ctx, &service, &request),
            span: tracing::server_span(ctx, &request, base, &resource),
        });
        // Only a parameter that can hold an object can take the `Caller`: a resource whose
        // parameters are all anydata gets none (`()`), saving a Ballerina call per request.
        let anydata = ctx.types().well_known.anydata;
        let caller = if (resource.params.iter()).all(|p| ctx.types().is_subtype(p.ty, anydata)) {
            Value::Nil
        } else {
            self.make_caller(ctx, &request, &exchange, false)?
        };
        let mut objects = Objects::default();
        let args = self
            .bind(
                ctx,
                &service,
                &resource,
                &rest,
                &request,
                &caller,
                None,
                &mut objects,
            )
            .map_err(with_cors)?;
        let takes_caller = args.iter().any(|a| same_value(a, &caller));
        let function = Value::Function(Closure::new(resource.func, Box::new([])));
        // Listener auth (`@http:ServiceConfig`/`@http:ResourceConfig` `auth`) runs first.
        let (callee, args) = crate::http::auth::guard(
            ctx,
            &self.listener,
            &service,
            &resource,
            &request,
            function,
            args,
        );
        let post = request.method == hyper::Method::POST;
        let upgrade = match (hook, request.upgrade.take()) {
            (Some(hook), Some(on_upgrade)) => Some((
                hook,
                service.clone(),
                UpgradeRequest {
                    on_upgrade,
                    headers: std::mem::take(&mut request.headers),
                    secure: request.secure,
                },
            )),
            _ => None,
        };
        Ok(Prepared {
            callee,
            args,
            state: Box::new(State {
                post,
                caller,
                takes_caller,
                exchange,
                upgrade,
            }),
        })
    }

    fn respond(
        &self,
        ctx: &mut NativeContext<'_>,
        state: Box<dyn Any>,
        result: Result<Value, Panic>,
    ) -> Response {
        self.answer(ctx, state, result)
    }
}

impl HttpService {
    /// The response for a job's result (see [`Service::respond`]).
    fn answer(
        &self,
        ctx: &mut NativeContext<'_>,
        state: Box<dyn Any>,
        result: Result<Value, Panic>,
    ) -> Response {
        let Ok(mut state) = state.downcast::<State>() else {
            return Response::text(500, "Internal Server Error");
        };
        if let Some((hook, service, request)) = state.upgrade.take() {
            return hook.respond(ctx, &service, request, result);
        }
        if state.exchange.answer.is_sent() {
            // Answered through the `Caller` already: only a panic after it is reported.
            if let Err(panic) = &result {
                let text = ctx.render_panic(&panic.error);
                let stderr = ctx.stderr();
                let _ = write!(stderr, "{text}");
                let _ = stderr.flush();
            }
            return Response::text(500, "Internal Server Error");
        }
        let response = self.result_response(ctx, &state, result);
        state.exchange.finish(response)
    }
}

impl HttpService {
    /// The response for a resource's result (see [`Service::respond`]).
    fn result_response(
        &self,
        ctx: &mut NativeContext<'_>,
        state: &State,
        result: Result<Value, Panic>,
    ) -> Response {
        let value = match result {
            Ok(value) => value,
            // A panicking resource answers 500; the listener keeps serving.
            Err(panic) => {
                let text = ctx.render_panic(&panic.error);
                let stderr = ctx.stderr();
                let _ = write!(stderr, "{text}");
                let _ = stderr.flush();
                return Response::text(500, "Internal Server Error");
            }
        };
        // A resource that returned nothing may have answered through its `Caller`.
        let value = match value {
            Value::Nil if state.caller.is_nil() => Value::Nil,
            Value::Nil => match ctx.call_method_now(&state.caller, "answered", &[]) {
                Ok(Value::Nil) | Err(_) if state.takes_caller => {
                    return Response {
                        status: 500,
                        headers: Vec::new(),
                        body: Bytes::new(),
                        stream: None,
                    };
                }
                Ok(Value::Nil) | Err(_) => Value::Nil,
                Ok(response) => response,
            },
            value => value,
        };
        // A stream of server-sent events is written as it is produced (`sse.rs`).
        if super::sse::is_event_stream(ctx, &self.listener, &value) {
            return super::sse::respond(ctx, &self.listener, &self.native.streams, value);
        }
        if let Some(response) = super::wire::plain_response(ctx, &value, state.post) {
            return response;
        }
        let wire = ctx.call_method_now(
            &self.listener,
            "respondWith",
            &[value, Value::Boolean(state.post)],
        );
        match wire {
            Ok(wire) => super::wire::from_wire(&wire),
            Err(_) => Response::text(500, "Internal Server Error"),
        }
    }
}

/// Names the service (attached at `base`) and the resource serving `request` for its metrics:
/// bounded labels, the resource path as declared.
pub(super) fn observe_resource(
    ctx: &NativeContext<'_>,
    request: &Request,
    base: &[String],
    resource: &ResourceMethod,
) {
    if request.observation.is_active() {
        let service = format!("/{}", base.join("/"));
        let path = tracing::resource_path(ctx, resource);
        request.observation.set_resource(service, path);
    }
}

pub(super) fn not_found_service(request: &Request) -> Response {
    Response::text(
        404,
        format!("no matching service found for path : {}", request.path),
    )
}

pub(super) enum Selected<'a> {
    Found(&'a ResourceMethod),
    WrongMethod,
    NotFound,
}

/// How well a resource path matches: per segment 0 for a literal, 1 for a parameter, 2 for
/// a rest parameter (lower is more specific), or `None` when it does not match.
pub(super) fn path_rank(path: &[PathSegment], request: &[String]) -> Option<Vec<u8>> {
    let mut rank = Vec::with_capacity(path.len());
    for (i, segment) in path.iter().enumerate() {
        match segment {
            PathSegment::Literal(literal) => {
                if request.get(i) != Some(literal) {
                    return None;
                }
                rank.push(0);
            }
            PathSegment::Param { .. } => {
                request.get(i)?;
                rank.push(1);
            }
            PathSegment::Rest { .. } => {
                rank.push(2);
                return Some(rank);
            }
        }
    }
    (path.len() == request.len()).then_some(rank)
}

pub(super) fn select<'a>(
    resources: &'a [ResourceMethod],
    request: &[String],
    accessor: &str,
) -> Selected<'a> {
    let mut best: Option<(Vec<u8>, bool, &ResourceMethod)> = None;
    let mut path_matched = false;
    for resource in resources {
        let Some(rank) = path_rank(&resource.path, request) else {
            continue;
        };
        path_matched = true;
        let exact = resource.accessor == accessor;
        if !exact && resource.accessor != "default" {
            continue;
        }
        // The most specific path first, then the exact accessor over `default`.
        let better = match &best {
            None => true,
            Some((best_rank, best_exact, _)) => {
                rank < *best_rank || (rank == *best_rank && exact && !best_exact)
            }
        };
        if better {
            best = Some((rank, exact, resource));
        }
    }
    match best {
        Some((_, _, resource)) => Selected::Found(resource),
        None if path_matched => Selected::WrongMethod,
        None => Selected::NotFound,
    }
}

/// The value of `text` for a parameter of type `ty`: the first of int, float, decimal,
/// boolean and string readings that belongs to it.
fn typed(ctx: &NativeContext<'_>, text: &str, ty: TypeId) -> Option<Value> {
    let mut candidates = Vec::with_capacity(5);
    if let Ok(i) = text.parse::<i64>() {
        candidates.push(Value::Int(i));
    }
    if let Ok(f) = text.parse::<f64>() {
        if !text.chars().any(|c| c.is_ascii_alphabetic()) {
            candidates.push(Value::Float(f));
        }
    }
    if let Ok(d) = Decimal::parse(text) {
        candidates.push(Value::Decimal(Rc::new(d)));
    }
    match text {
        "true" => candidates.push(Value::Boolean(true)),
        "false" => candidates.push(Value::Boolean(false)),
        _ => {}
    }
    candidates.push(Value::string(text));
    candidates.into_iter().find(|v| ctx.value_belongs(v, ty))
}

/// The array type among `ty` (itself, or a member of a union such as `int[]?`), with its
/// element type.
fn array_of(types: &TypeTable, ty: TypeId) -> Option<(TypeId, TypeId)> {
    match types.get(ty) {
        TypeKind::Array { element, .. } => Some((ty, *element)),
        TypeKind::Union(members) => members.iter().find_map(|m| array_of(types, *m)),
        TypeKind::ReadonlyOf(inner) => array_of(types, *inner),
        _ => None,
    }
}

/// Whether values of `ty` are simple (nil, boolean, numbers, strings): a query parameter
/// rather than a payload when nothing annotates it.
fn simple(types: &TypeTable, ty: TypeId, depth: u32) -> bool {
    if depth > 16 {
        return false;
    }
    match types.get(ty) {
        TypeKind::Nil
        | TypeKind::Boolean
        | TypeKind::Int
        | TypeKind::IntSubtype(_)
        | TypeKind::Float
        | TypeKind::Decimal
        | TypeKind::String
        | TypeKind::StringChar
        | TypeKind::Singleton(_) => true,
        TypeKind::Union(members) => members.iter().all(|m| simple(types, *m, depth + 1)),
        TypeKind::ReadonlyOf(inner) => simple(types, *inner, depth + 1),
        TypeKind::Array { element, .. } => simple(types, *element, depth + 1),
        _ => false,
    }
}

/// Parses a query string into decoded (name, value) pairs.
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let Some(query) = query else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(s, true).unwrap_or_else(|| s.to_owned());
            (decode(name), decode(value))
        })
        .collect()
}

fn bad_request(message: impl Into<String>) -> Response {
    Response::text(400, message)
}

impl HttpService {
    /// The attached service with the longest base path that prefixes `segments`, and the
    /// segments after it.
    #[allow(clippy::type_complexity)]
    fn find_service(
        &self,
        segments: &[String],
        upgrade: bool,
    ) -> Option<(Value, Vec<String>, Option<Rc<dyn UpgradeHook>>)> {
        let services = self.native.services.borrow();
        let find = |upgrades: bool| {
            services
                .iter()
                .filter(|a| a.upgrade.is_some() == upgrades && segments.starts_with(&a.base))
                .max_by_key(|a| a.base.len())
                .map(|a| {
                    (
                        a.service.clone(),
                        segments[a.base.len()..].to_vec(),
                        a.upgrade.clone(),
                    )
                })
        };
        upgrade
            .then(|| find(true))
            .flatten()
            .or_else(|| find(false))
    }

    /// The resource of `service` serving `request` at `rest`, or the response answering it:
    /// 404, 405, or for `OPTIONS` the 204 of [`cors::options`].
    pub(super) fn resolve(
        &self,
        ctx: &mut NativeContext<'_>,
        service: &Value,
        rest: &[String],
        request: &Request,
    ) -> Result<ResourceMethod, Response> {
        let accessor = request.method.as_str().to_ascii_lowercase();
        let Some(table) = ctx.service_methods(service) else {
            return Err(Response::text(500, "not a service object"));
        };
        let resources = table.resources.as_slice();
        let mut selected = select(resources, rest, &accessor);
        // HEAD is answered by the GET resource when there is no HEAD one (the server core
        // sends no body for HEAD).
        if accessor == "head" && !matches!(selected, Selected::Found(_)) {
            selected = select(resources, rest, "get");
        }
        match selected {
            Selected::Found(resource) => Ok(resource.clone()),
            _ if accessor == "options" => {
                Err(cors::options(ctx, service, resources, rest, request))
            }
            Selected::WrongMethod => Err(Response::text(405, "Method not allowed")),
            Selected::NotFound => Err(Response::text(
                404,
                format!(
                    "no matching resource found for path : {} , method : {}",
                    request.path, request.method
                ),
            )),
        }
    }

    /// A new `http:Caller` answering on `answer` (`deferred`: keeping its response for the
    /// response interceptors).
    pub(super) fn make_caller(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
        exchange: &Rc<Exchange>,
        deferred: bool,
    ) -> Result<Value, Response> {
        let exchange = caller::handle(exchange.clone());
        let known = &ctx.types().well_known;
        let hosts = Value::List(ListObj::new(
            known.string_list,
            vec![
                Value::string(request.peer.ip().to_string()),
                Value::string(request.local.ip().to_string()),
            ],
        ));
        let ports = Value::List(ListObj::new(
            known.int_list,
            vec![
                Value::Int(i64::from(request.peer.port())),
                Value::Int(i64::from(request.local.port())),
            ],
        ));
        self.call(
            ctx,
            "makeCaller",
            &[
                exchange,
                hosts,
                ports,
                // `caller.protocol` as module-ballerina-http sets it.
                Value::string(if request.secure { "https" } else { "http" }),
                Value::Boolean(deferred),
            ],
        )
    }

    pub(super) fn call(
        &self,
        ctx: &mut NativeContext<'_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Response> {
        ctx.call_method_now(&self.listener, method, args)
            .map_err(|_| Response::text(500, "Internal Server Error"))
    }

    /// The arguments of `resource` for `request`: the service, its path parameters, then
    /// its other parameters (trailing defaultable ones left out when absent).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn bind(
        &self,
        ctx: &mut NativeContext<'_>,
        service: &Value,
        resource: &ResourceMethod,
        rest: &[String],
        request: &Request,
        caller: &Value,
        context: Option<&Value>,
        objects: &mut Objects,
    ) -> Result<Vec<Value>, Response> {
        let mut args = vec![service.clone()];
        for (i, segment) in resource.path.iter().enumerate() {
            match segment {
                PathSegment::Literal(_) => {}
                PathSegment::Param { name, ty } => {
                    let text = rest.get(i).map(String::as_str).unwrap_or("");
                    match typed(ctx, text, *ty) {
                        Some(value) => args.push(value),
                        None => {
                            return Err(bad_request(format!(
                                "error in casting path parameter : '{name}'"
                            )))
                        }
                    }
                }
                PathSegment::Rest { name, ty } => {
                    let element = array_of(ctx.types(), *ty).map(|(_, e)| e);
                    let mut items = Vec::new();
                    for text in rest.iter().skip(i) {
                        let value = match element {
                            Some(element) => typed(ctx, text, element),
                            None => Some(Value::string(text.as_str())),
                        };
                        match value {
                            Some(value) => items.push(value),
                            None => {
                                return Err(bad_request(format!(
                                    "error in casting path parameter : '{name}'"
                                )))
                            }
                        }
                    }
                    args.push(Value::List(ListObj::new(*ty, items)));
                }
            }
        }
        let path_params = resource
            .path
            .iter()
            .filter(|s| !matches!(s, PathSegment::Literal(_)))
            .count();
        let query = query_pairs(request.query.as_deref());
        // `None`: a defaultable parameter that was not given (left out when trailing).
        let mut bound: Vec<(Option<Value>, &MethodParam)> = Vec::new();
        for (i, param) in resource.params.iter().enumerate() {
            let target = match param.annotations {
                Some(set) => ctx.program().annotations.get(set).map(|s| s.target.clone()),
                None => {
                    let index = u32::try_from(path_params + i).unwrap_or(u32::MAX);
                    Some(AnnotationTarget::Param(resource.func, index))
                }
            };
            let annotations = target.and_then(|t| ctx.annotations(&t));
            let annotation = |tag: &str| {
                annotations
                    .as_ref()
                    .and_then(|a| a.as_map())
                    .and_then(|m| m.get(tag))
            };
            let (source, config) = if let Some(c) = annotation("std/http:Payload") {
                (Source::Payload, c)
            } else if let Some(c) = annotation("std/http:Header") {
                (Source::Header, c)
            } else if let Some(c) = annotation("std/http:Query") {
                (Source::Query, c)
            } else {
                (Source::Inferred, Value::Nil)
            };
            let renamed = config
                .as_map()
                .and_then(|m| m.get("name"))
                .and_then(|n| n.as_str().map(str::to_owned));
            let name = renamed.unwrap_or_else(|| param.name.clone());
            let ty = param.ty;
            let value = match source {
                Source::Payload => {
                    super::xml_payload::check_payload_media_type(&config, request)?;
                    Some(self.payload(ctx, request, ty)?)
                }
                Source::Header => self.header(ctx, request, &name, param)?,
                Source::Query => self.query(ctx, &query, &name, param)?,
                Source::Inferred => {
                    if !caller.is_nil() && ctx.value_belongs(caller, ty) {
                        Some(caller.clone())
                    } else if let Some(context) = context.filter(|c| ctx.value_belongs(c, ty)) {
                        Some(context.clone())
                    } else if ctx.types().is_subtype(ty, ctx.types().well_known.error) {
                        // An error interceptor's error: the pipeline passes it.
                        Some(Value::Nil)
                    } else if let Some(object) = self.object_argument(ctx, request, objects, ty)? {
                        Some(object)
                    } else if simple(ctx.types(), ty, 0)
                        && !ctx.types().is_subtype(ty, ctx.types().well_known.byte_list)
                    {
                        self.query(ctx, &query, &name, param)?
                    } else {
                        Some(self.payload(ctx, request, ty)?)
                    }
                }
            };
            bound.push((value, param));
        }
        while matches!(bound.last(), Some((None, _))) {
            bound.pop();
        }
        for (value, param) in bound {
            match value {
                Some(value) => args.push(value),
                None if ctx.value_belongs(&Value::Nil, param.ty) => args.push(Value::Nil),
                None => {
                    return Err(bad_request(format!(
                        "no query param value found for '{}'",
                        param.name
                    )))
                }
            }
        }
        Ok(args)
    }

    /// The `http:Request` or `http:Headers` a parameter of type `ty` takes, if it takes one
    /// (each built once, on first need).
    pub(super) fn object_argument(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
        objects: &mut Objects,
        ty: TypeId,
    ) -> Result<Option<Value>, Response> {
        // Only object types can: spare building them for the other parameters.
        if !matches!(
            ctx.types().get(ty),
            TypeKind::Object { .. } | TypeKind::Union(_)
        ) {
            return Ok(None);
        }
        if objects.request.is_none() {
            objects.request = Some(self.make_request(ctx, request)?);
        }
        if objects.headers.is_none() {
            let (names, values) = header_lists(ctx, request);
            objects.headers = Some(self.call(ctx, "makeHeaders", &[names, values])?);
        }
        Ok([&objects.request, &objects.headers]
            .into_iter()
            .flatten()
            .find(|object| ctx.value_belongs(object, ty))
            .cloned())
    }

    pub(super) fn make_request(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
    ) -> Result<Value, Response> {
        let byte_list = ctx.types().well_known.byte_list;
        let (names, values) = header_lists(ctx, request);
        let raw_path = match &request.query {
            Some(query) => format!("{}?{}", request.path, query),
            None => request.path.clone(),
        };
        let version = match request.version {
            hyper::Version::HTTP_10 => "1.0",
            hyper::Version::HTTP_2 => "2.0",
            _ => "1.1",
        };
        let body = bytes_value(byte_list, &request.body);
        self.call(
            ctx,
            "makeRequest",
            &[
                Value::string(request.method.as_str()),
                Value::string(raw_path),
                Value::string(version),
                names,
                values,
                body,
            ],
        )
    }

    /// The payload bound to `ty`: text for `string`, bytes for `byte[]`, XML for an XML type,
    /// a form for `map<string>` sent as `application/x-www-form-urlencoded`, otherwise JSON
    /// converted to the type. A payload that does not fit is 400.
    fn payload(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
        ty: TypeId,
    ) -> Result<Value, Response> {
        let known = &ctx.types().well_known;
        let (byte_list, string_map, int) = (known.byte_list, known.string_map, known.int);
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let types = ctx.types();
        let kind = if types.is_subtype(ty, byte_list) {
            1
        } else if crate::http::client::admits_xml_only(ctx, ty) {
            4
        } else if content_type.starts_with("application/x-www-form-urlencoded")
            && types.is_subtype(string_map, ty)
        {
            3
        } else if ctx.value_belongs(&Value::string(""), ty)
            && !ctx.value_belongs(&Value::Int(0), ty)
            && !types.is_subtype(int, ty)
        {
            0
        } else {
            2
        };
        if kind == 2 {
            if let Some(bound) = super::json_payload::bind_json(ctx, &request.body, ty) {
                return Ok(bound);
            }
        }
        let body = bytes_value(byte_list, &request.body);
        let bound = self.call(
            ctx,
            "bindPayload",
            &[body, Value::Typedesc(ty), Value::Int(kind)],
        )?;
        if let Value::Error(_) = &bound {
            // module-ballerina-http's text: the prefix and the error value as a string.
            let text = intc_runtime::format::to_string(&bound, ctx.types());
            return Err(bad_request(format!("data binding failed: {text}")));
        }
        Ok(bound)
    }

    /// A header parameter: its first value (or all of them for an array type); absent is
    /// `()` when the type allows it, else 400.
    fn header(
        &self,
        ctx: &mut NativeContext<'_>,
        request: &Request,
        name: &str,
        param: &MethodParam,
    ) -> Result<Option<Value>, Response> {
        let texts: Vec<String> = request
            .headers
            .get_all(name.to_ascii_lowercase().as_str())
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        if texts.is_empty() {
            if ctx.value_belongs(&Value::Nil, param.ty) {
                return Ok(Some(Value::Nil));
            }
            return Err(bad_request(format!("no header value found for '{name}'")));
        }
        self.texts_to(ctx, &texts, param)
            .map(Some)
            .ok_or_else(|| bad_request(format!("header binding failed for parameter: '{name}'")))
    }

    /// A query parameter; absent is `None` (its default) when defaultable, `()` when the
    /// type allows it, else 400.
    fn query(
        &self,
        ctx: &mut NativeContext<'_>,
        query: &[(String, String)],
        name: &str,
        param: &MethodParam,
    ) -> Result<Option<Value>, Response> {
        let texts: Vec<String> = query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect();
        if texts.is_empty() {
            if param.defaultable {
                return Ok(None);
            }
            if ctx.value_belongs(&Value::Nil, param.ty) {
                return Ok(Some(Value::Nil));
            }
            return Err(bad_request(format!(
                "no query param value found for '{name}'"
            )));
        }
        self.texts_to(ctx, &texts, param)
            .map(Some)
            .ok_or_else(|| bad_request(format!("error in casting query param : '{name}'")))
    }

    /// Converts the texts of a header or query parameter to its type: an array type takes
    /// all of them, another type the first.
    fn texts_to(
        &self,
        ctx: &mut NativeContext<'_>,
        texts: &[String],
        param: &MethodParam,
    ) -> Option<Value> {
        let ty = param.ty;
        if let Some(first) = texts.first() {
            if let Some(value) = typed(ctx, first, ty) {
                if texts.len() == 1 || array_of(ctx.types(), ty).is_none() {
                    return Some(value);
                }
            }
        }
        let (list_ty, element) = array_of(ctx.types(), ty)?;
        let items = texts
            .iter()
            .map(|t| typed(ctx, t, element))
            .collect::<Option<Vec<_>>>()?;
        Some(Value::List(ListObj::new(list_ty, items)))
    }
}

/// The `http:Request`/`http:Headers` values of a request, built on first need.
#[derive(Default)]
pub(super) struct Objects {
    pub(super) request: Option<Value>,
    pub(super) headers: Option<Value>,
}

/// The request's header names and values as two `string[]` (one entry per value).
fn header_lists(ctx: &NativeContext<'_>, request: &Request) -> (Value, Value) {
    let string_list = ctx.types().well_known.string_list;
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (name, value) in request.headers.iter() {
        names.push(Value::string(name.as_str()));
        values.push(Value::string(
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        ));
    }
    (
        Value::List(ListObj::new(string_list, names)),
        Value::List(ListObj::new(string_list, values)),
    )
}

/// The media type of a header value without parameters, lower case.
pub(super) fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `@http:ResourceConfig`'s `consumes` and `produces`: 415 for a payload of another media
/// type, 406 for a request that accepts none of the produced ones.
pub(super) fn check_media_types(
    ctx: &NativeContext<'_>,
    resource: &ResourceMethod,
    request: &Request,
) -> Result<(), Response> {
    let Some(config) = ctx
        .annotations(&AnnotationTarget::Function(resource.func))
        .and_then(|a| a.as_map().and_then(|m| m.get("std/http:ResourceConfig")))
    else {
        return Ok(());
    };
    let list = |name: &str| -> Vec<String> {
        config
            .as_map()
            .and_then(|m| m.get(name))
            .and_then(|l| {
                l.as_list().map(|l| {
                    l.items()
                        .iter()
                        .filter_map(|v| v.as_str().map(media_type))
                        .collect()
                })
            })
            .unwrap_or_default()
    };
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let consumes = list("consumes");
    if !consumes.is_empty() {
        let sent = header("content-type").map(|c| media_type(&c));
        if !sent.as_ref().is_some_and(|s| consumes.contains(s)) {
            let shown = sent.unwrap_or_default();
            return Err(Response::text(
                415,
                format!("content-type : {shown} is not supported"),
            ));
        }
    }
    let produces = list("produces");
    if let (false, Some(accept)) = (produces.is_empty(), header("accept")) {
        let acceptable = accept.split(',').map(media_type).any(|wanted| {
            wanted == "*/*"
                || produces.iter().any(|p| {
                    *p == wanted
                        || wanted
                            .strip_suffix("/*")
                            .is_some_and(|main| p.split('/').next() == Some(main))
                })
        });
        if !acceptable {
            return Err(Response::text(406, "Request is not acceptable"));
        }
    }
    Ok(())
}

fn bytes_value(byte_list: TypeId, bytes: &[u8]) -> Value {
    Value::List(ListObj::new(
        byte_list,
        bytes.iter().map(|b| Value::Int(i64::from(*b))).collect(),
    ))
}
