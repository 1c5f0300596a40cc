//! Interceptor pipelines: the interceptors of the listener (`ListenerConfiguration.
//! interceptors`) and of the target service (`InterceptableService.createInterceptors()`,
//! asked once per service) in that order, then the target resource. Before the request runs,
//! each stage's method is selected and its arguments bound here (a request interceptor's
//! resource by the request's path and method, as a service's; a response interceptor's
//! `interceptResponse`/`interceptResponseError` remote method by its parameter types); the
//! job is `Caller.runPipeline`, which calls them in Ballerina's order
//! (`http_interceptors.int`). A request that finds no service or resource, or whose
//! arguments cannot be bound, becomes a failing stage: its error goes through the error
//! interceptors like any other.

use super::bind::Objects;
use super::caller::{self, Exchange, PipelineState};
use super::cors;
use super::dispatch::{check_media_types, not_found_service, select, HttpService, Selected, State};
use crate::http::server::isolate::{Answer, Prepared};
use crate::http::server::{Request, Response};
use crate::observe::tracing;
use intc_ir::{MethodParam, ResourceMethod};
use intc_runtime::value::{Closure, ListObj};
use intc_runtime::{Callee, NativeContext, Value};
use std::rc::Rc;

// Stage kinds and argument slots, numbered as in `http_interceptors.int`.
const REQUEST_STAGE: i64 = 0;
const REQUEST_ERROR_STAGE: i64 = 1;
const RESPONSE_STAGE: i64 = 2;
const RESPONSE_ERROR_STAGE: i64 = 3;
const TARGET_STAGE: i64 = 4;
const FAIL_STAGE: i64 = 5;
const SLOT_RESPONSE: i64 = 1;
const SLOT_ERROR: i64 = 2;

/// An engaged interceptor: the service object and whether the listener engaged it (its
/// resources then match the whole request path, else the path after the service's base).
pub(super) struct Engaged {
    service: Value,
    listener_level: bool,
}

/// The interceptors engaged for a request to `service` (if one was found), in order.
pub(super) fn of(
    http: &HttpService,
    ctx: &mut NativeContext<'_>,
    service: Option<&Value>,
) -> Vec<Engaged> {
    let mut all: Vec<Engaged> = http
        .native
        .interceptors
        .iter()
        .map(|i| Engaged {
            service: i.clone(),
            listener_level: true,
        })
        .collect();
    let Some(service) = service else {
        return all;
    };
    let cached = http
        .service_interceptors
        .borrow()
        .iter()
        .find(|(s, _)| same(s, service))
        .map(|(_, list)| list.clone());
    let list = match cached {
        Some(list) => list,
        None => {
            let list = if ctx.method(service, "createInterceptors").is_some() {
                match ctx.call_method_now(service, "createInterceptors", &[]) {
                    Ok(Value::List(list)) => list.items().clone(),
                    Ok(Value::Nil) | Err(_) => Vec::new(),
                    Ok(one) => vec![one],
                }
            } else {
                Vec::new()
            };
            http.service_interceptors
                .borrow_mut()
                .push((service.clone(), list.clone()));
            list
        }
    };
    all.extend(list.into_iter().map(|service| Engaged {
        service,
        listener_level: false,
    }));
    all
}

fn same(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Object(a), Value::Object(b)) if Rc::ptr_eq(a, b))
}

/// The kind of an interceptor, from its methods: `interceptResponse` (response),
/// `interceptResponseError` (response error), resources taking an `error` (request error),
/// other resources (request).
fn kind(ctx: &NativeContext<'_>, interceptor: &Value) -> Option<i64> {
    let table = ctx.service_methods(interceptor)?;
    if table.remotes.iter().any(|r| r.name == "interceptResponse") {
        return Some(RESPONSE_STAGE);
    }
    if table
        .remotes
        .iter()
        .any(|r| r.name == "interceptResponseError")
    {
        return Some(RESPONSE_ERROR_STAGE);
    }
    let error = ctx.types().well_known.error;
    let takes_error = table
        .resources
        .iter()
        .any(|r| r.params.iter().any(|p| ctx.types().is_subtype(p.ty, error)));
    Some(if takes_error {
        REQUEST_ERROR_STAGE
    } else {
        REQUEST_STAGE
    })
}

/// What is built for every stage.
struct Builder<'a> {
    http: &'a HttpService,
    request: &'a Request,
    caller: Value,
    context: Value,
    objects: Objects,
}

/// A stage as `runStages` reads it: `[kind, service, function, args, slots, takesCaller]`.
fn stage(
    ctx: &NativeContext<'_>,
    kind: i64,
    service: Value,
    function: Value,
    args: Vec<Value>,
    slots: Vec<i64>,
    takes_caller: bool,
) -> Value {
    let known = &ctx.types().well_known;
    Value::List(ListObj::new(
        known.any_list,
        vec![
            Value::Int(kind),
            service,
            function,
            Value::List(ListObj::new(known.any_list, args)),
            Value::List(ListObj::new(
                known.int_list,
                slots.into_iter().map(Value::Int).collect(),
            )),
            Value::Boolean(takes_caller),
        ],
    ))
}

/// A stage failing with `response`'s status and text (`service`: the target service found,
/// which `next()` answers).
fn failing(ctx: &NativeContext<'_>, service: Value, response: &Response) -> Value {
    let message = String::from_utf8_lossy(&response.body).into_owned();
    stage(
        ctx,
        FAIL_STAGE,
        service,
        Value::Nil,
        vec![
            Value::Int(i64::from(response.status)),
            Value::string(message),
        ],
        Vec::new(),
        false,
    )
}

/// The slots of bound arguments: where the error goes (`Nil` placeholders of error types).
fn error_slots(ctx: &NativeContext<'_>, resource: &ResourceMethod, args: &[Value]) -> Vec<i64> {
    let error = ctx.types().well_known.error;
    let leading = args.len().saturating_sub(resource.params.len());
    let mut slots = vec![0; args.len()];
    for (i, param) in resource.params.iter().enumerate() {
        if ctx.types().is_subtype(param.ty, error) {
            if let Some(slot) = slots.get_mut(leading + i) {
                *slot = SLOT_ERROR;
            }
        }
    }
    slots
}

impl Builder<'_> {
    /// A request (error) interceptor's stage: its resource for the path, if any.
    fn request_stage(
        &mut self,
        ctx: &mut NativeContext<'_>,
        kind: i64,
        interceptor: &Value,
        path: &[String],
    ) -> Value {
        let accessor = self.request.method.as_str().to_ascii_lowercase();
        let resource = ctx.service_methods(interceptor).and_then(|table| {
            match select(&table.resources, path, &accessor) {
                Selected::Found(r) => Some(table.resources[r].clone()),
                _ => None,
            }
        });
        let bound = resource.and_then(|resource| {
            let args = self
                .http
                .bind(
                    ctx,
                    interceptor,
                    &resource,
                    path,
                    self.request,
                    &self.caller,
                    Some(&self.context),
                    &mut self.objects,
                )
                .ok()?;
            Some((resource, args))
        });
        match bound {
            Some((resource, args)) => {
                let slots = error_slots(ctx, &resource, &args);
                let function = Value::Function(Closure::new(resource.func, Box::new([])));
                stage(ctx, kind, interceptor.clone(), function, args, slots, false)
            }
            // An interceptor without a resource for the request is passed over.
            None => stage(
                ctx,
                kind,
                interceptor.clone(),
                Value::Nil,
                Vec::new(),
                Vec::new(),
                false,
            ),
        }
    }

    /// A response (error) interceptor's stage: its remote method, each parameter given the
    /// context, the request, the caller, the error or the response by its type.
    fn response_stage(
        &mut self,
        ctx: &mut NativeContext<'_>,
        kind: i64,
        interceptor: &Value,
    ) -> Result<Value, Response> {
        let name = if kind == RESPONSE_STAGE {
            "interceptResponse"
        } else {
            "interceptResponseError"
        };
        let method = ctx
            .service_methods(interceptor)
            .and_then(|t| t.remotes.iter().find(|r| r.name == name).cloned());
        let Some(method) = method else {
            return Ok(stage(
                ctx,
                kind,
                interceptor.clone(),
                Value::Nil,
                Vec::new(),
                Vec::new(),
                false,
            ));
        };
        let mut args = vec![interceptor.clone()];
        let mut slots = vec![0];
        for param in &method.params {
            let (value, slot) = self.remote_argument(ctx, param)?;
            args.push(value);
            slots.push(slot);
        }
        let function = Value::Function(Closure::new(method.func, Box::new([])));
        Ok(stage(
            ctx,
            kind,
            interceptor.clone(),
            function,
            args,
            slots,
            false,
        ))
    }

    fn remote_argument(
        &mut self,
        ctx: &mut NativeContext<'_>,
        param: &MethodParam,
    ) -> Result<(Value, i64), Response> {
        let ty = param.ty;
        if ctx.value_belongs(&self.context, ty) {
            return Ok((self.context.clone(), 0));
        }
        if ctx.value_belongs(&self.caller, ty) {
            return Ok((self.caller.clone(), 0));
        }
        if ctx.types().is_subtype(ty, ctx.types().well_known.error) {
            return Ok((Value::Nil, SLOT_ERROR));
        }
        if let Some(object) = self
            .http
            .object_argument(ctx, self.request, &mut self.objects, ty)?
        {
            return Ok((object, 0));
        }
        Ok((Value::Nil, SLOT_RESPONSE))
    }
}

/// The job of a request with interceptors engaged.
pub(super) fn job(
    http: &HttpService,
    ctx: &mut NativeContext<'_>,
    request: Request,
    answer: &Rc<Answer>,
    found: Option<(Value, Vec<String>)>,
    engaged: Vec<Engaged>,
    segments: &[String],
) -> Result<Prepared, Response> {
    let kinds: Vec<Option<i64>> = engaged.iter().map(|e| kind(ctx, &e.service)).collect();
    let deferred = kinds
        .iter()
        .any(|k| matches!(k, Some(RESPONSE_STAGE | RESPONSE_ERROR_STAGE)));
    // The target resource, or the response its dispatch failed with.
    let target = match &found {
        None => Err(not_found_service(&request)),
        Some((service, rest)) => http.resolve(ctx, service, rest, &request).and_then(|r| {
            check_media_types(ctx, &r, &request)?;
            Ok(r)
        }),
    };
    if let Err(response) = &target {
        // A preflight's answer is no failure.
        if response.status < 400 {
            return Err(response.copy());
        }
    }
    let cors = match (&found, &target) {
        (Some((service, _)), Ok(resource)) => cors::headers_for(ctx, service, resource, &request),
        _ => Vec::new(),
    };
    let span = match (&found, &target) {
        (Some((_, rest)), Ok(resource)) => {
            let base = &segments[..segments.len() - rest.len()];
            super::dispatch::observe_resource(ctx, &request, base, resource);
            tracing::server_span(ctx, &request, base, resource)
        }
        _ => tracing::ServerSpan::default(),
    };
    let exchange = Rc::new(Exchange {
        answer: answer.clone(),
        cors,
        compression: found
            .as_ref()
            .and_then(|(service, _)| super::compression::plan(ctx, service, &request)),
        span,
        listener: http.listener.clone(),
        streams: http.native.streams.clone(),
    });
    let caller = http.make_caller(ctx, &request, &exchange, deferred)?;
    let state = caller::handle(Rc::new(PipelineState::default()));
    let context = ctx
        .call_method_now(&caller, "makeContext", std::slice::from_ref(&state))
        .map_err(|_| Response::text(500, "Internal Server Error"))?;
    let mut builder = Builder {
        http,
        request: &request,
        caller: caller.clone(),
        context: context.clone(),
        objects: Objects::default(),
    };
    let mut stages = Vec::with_capacity(engaged.len() + 1);
    for (interceptor, kind) in engaged.iter().zip(kinds) {
        let path = match (&found, interceptor.listener_level) {
            (Some((_, rest)), false) => rest.as_slice(),
            _ => segments,
        };
        let stage = match kind {
            Some(kind @ (REQUEST_STAGE | REQUEST_ERROR_STAGE)) => {
                builder.request_stage(ctx, kind, &interceptor.service, path)
            }
            Some(kind) => builder.response_stage(ctx, kind, &interceptor.service)?,
            None => continue,
        };
        stages.push(stage);
    }
    let target_stage = match (&found, target) {
        (Some((service, rest)), Ok(resource)) => {
            match http.bind(
                ctx,
                service,
                &resource,
                rest,
                &request,
                &caller,
                Some(&context),
                &mut builder.objects,
            ) {
                Ok(args) => {
                    let takes_caller = args.iter().any(|a| same(a, &caller));
                    let slots = vec![0; args.len()];
                    let function = Value::Function(Closure::new(resource.func, Box::new([])));
                    stage(
                        ctx,
                        TARGET_STAGE,
                        service.clone(),
                        function,
                        args,
                        slots,
                        takes_caller,
                    )
                }
                Err(response) => failing(ctx, service.clone(), &response),
            }
        }
        (Some((service, _)), Err(response)) => failing(ctx, service.clone(), &response),
        // No service: `next()` answers the listener, so that the interceptors before can
        // pass the request on to the failure.
        (None, Err(response)) => failing(ctx, http.listener.clone(), &response),
        (None, Ok(_)) => failing(ctx, http.listener.clone(), &not_found_service(&request)),
    };
    stages.push(target_stage);
    let request_object = match builder.objects.request.take() {
        Some(object) => object,
        None => http.make_request(ctx, &request)?,
    };
    let post = request.method == hyper::Method::POST;
    let any_list = ctx.types().well_known.any_list;
    Ok(Prepared {
        callee: Callee::Method {
            receiver: caller.clone(),
            name: "runPipeline".into(),
        },
        args: vec![
            Value::List(ListObj::new(any_list, stages)),
            context,
            state,
            request_object,
            Value::Boolean(post),
        ],
        state: Box::new(State {
            post,
            caller,
            takes_caller: false,
            exchange,
            upgrade: None,
        }),
    })
}
