//! Request dispatch of `http:Listener`: the attached service whose base path is the longest
//! prefix of the request path, then its resource method whose path matches the rest
//! (literal segments over path parameters over a rest parameter) and whose accessor is the
//! request's method (or `default`); then the method's arguments, bound from the path, the
//! query, the headers and the payload as Ballerina binds them (`bind.rs`), and the result
//! turned into the response (`respond.rs`). A request no resource path
//! matches is 404, one whose path matches but not its method 405, and an argument that
//! cannot be bound 400, each with module-ballerina-http's body text (an `OPTIONS` request
//! no resource takes is answered by `cors.rs`). With interceptors engaged the job is the
//! pipeline of `interceptors.rs` instead of the resource method.

use super::bind::Objects;
use super::caller::{self, Exchange};
use super::{cors, interceptors, percent_decode, ListenerNative, UpgradeHook, UpgradeRequest};
use crate::http::server::isolate::{Answer, Prepared, Service};
use crate::http::server::{Request, Response};
use crate::observe::tracing;
use intc_ir::{AnnotationTarget, PathSegment, Program, ResourceMethod, TypeId};
use intc_runtime::value::{Closure, ListObj};
use intc_runtime::{NativeContext, Panic, Value};
use std::any::Any;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// The [`Service`] of a started listener.
pub(crate) struct HttpService {
    pub(super) listener: Value,
    pub(super) native: Rc<ListenerNative>,
    /// The interceptors each service's `createInterceptors()` gave (asked once per service).
    pub(super) service_interceptors: RefCell<Vec<(Value, Vec<Value>)>>,
    /// The types of the `http` classes a resource parameter may take (found on first need).
    classes: OnceCell<ClassTypes>,
}

/// The object types of `http:Request`, `http:Headers` and `http:Caller`.
#[derive(Clone, Copy)]
pub(super) struct ClassTypes {
    pub(super) request: Option<TypeId>,
    pub(super) headers: Option<TypeId>,
    pub(super) caller: Option<TypeId>,
}

impl HttpService {
    pub(crate) fn new(listener: Value, native: Rc<ListenerNative>) -> HttpService {
        HttpService {
            listener,
            native,
            service_interceptors: RefCell::new(Vec::new()),
            classes: OnceCell::new(),
        }
    }

    pub(super) fn classes(&self, ctx: &NativeContext<'_>) -> ClassTypes {
        *self.classes.get_or_init(|| ClassTypes {
            request: crate::http::message::class_type(ctx, "Request"),
            headers: crate::http::message::class_type(ctx, "Headers"),
            caller: crate::http::message::class_type(ctx, "Caller"),
        })
    }

    /// Whether a parameter of type `ty` can take an object of the class whose type is `class`.
    pub(super) fn takes(ctx: &NativeContext<'_>, class: Option<TypeId>, ty: TypeId) -> bool {
        class.is_some_and(|class| ctx.types().is_subtype(class, ty))
    }

    /// Whether `resource` has a parameter that takes the `http:Caller`: only then is one made.
    pub(super) fn wants_caller(&self, ctx: &NativeContext<'_>, resource: &ResourceMethod) -> bool {
        let caller = self.classes(ctx).caller;
        (resource.params.iter()).any(|p| Self::takes(ctx, caller, p.ty))
    }
}

/// A resource method found for a request: the program's own, held by a reference count
/// (read it through `Deref`).
pub(super) struct ResourceRef {
    program: Rc<Program>,
    /// The index of the service's table in `Program::services`.
    table: usize,
    /// The index of the method in the table's `resources`.
    resource: usize,
}

impl std::ops::Deref for ResourceRef {
    type Target = ResourceMethod;

    fn deref(&self) -> &ResourceMethod {
        &self.program.services[self.table].resources[self.resource]
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
            listener: self.listener.clone(),
            streams: self.native.streams.clone(),
        });
        // A resource with no parameter that takes the `Caller` gets none (`()`), saving a
        // Ballerina call per request.
        let caller = if self.wants_caller(ctx, &resource) {
            self.make_caller(ctx, &request, &exchange, false)?
        } else {
            Value::Nil
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

pub(super) enum Selected {
    /// The index of the resource in the table.
    Found(usize),
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

pub(super) fn select(resources: &[ResourceMethod], request: &[String], accessor: &str) -> Selected {
    let mut best: Option<(Vec<u8>, bool, usize)> = None;
    let mut path_matched = false;
    for (index, resource) in resources.iter().enumerate() {
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
            best = Some((rank, exact, index));
        }
    }
    match best {
        Some((_, _, index)) => Selected::Found(index),
        None if path_matched => Selected::WrongMethod,
        None => Selected::NotFound,
    }
}

/// The resource accessor a request method calls (`get` for `GET`), without an allocation
/// for the standard methods.
pub(super) fn accessor_of(method: &hyper::Method) -> std::borrow::Cow<'static, str> {
    use hyper::Method;
    let known = match *method {
        Method::GET => "get",
        Method::POST => "post",
        Method::PUT => "put",
        Method::DELETE => "delete",
        Method::PATCH => "patch",
        Method::HEAD => "head",
        Method::OPTIONS => "options",
        _ => return method.as_str().to_ascii_lowercase().into(),
    };
    known.into()
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
    ) -> Result<ResourceRef, Response> {
        let accessor = accessor_of(&request.method);
        let accessor = accessor.as_ref();
        // Through the shared program the resource outlives the borrow of `ctx` that found
        // it, without a copy of it per request.
        let program = ctx.shared_program();
        let class = match service {
            Value::Object(object) => Some(object.class),
            _ => None,
        };
        let Some(table) =
            class.and_then(|class| program.services.iter().position(|s| s.class == class))
        else {
            return Err(Response::text(500, "not a service object"));
        };
        let resources = program.services[table].resources.as_slice();
        let mut selected = select(resources, rest, accessor);
        // HEAD is answered by the GET resource when there is no HEAD one (the server core
        // sends no body for HEAD).
        if accessor == "head" && !matches!(selected, Selected::Found(_)) {
            selected = select(resources, rest, "get");
        }
        match selected {
            Selected::Found(resource) => Ok(ResourceRef {
                program,
                table,
                resource,
            }),
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
