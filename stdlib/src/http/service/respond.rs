//! A job's result as the response: a panic is 500 (reported on stderr), a request answered
//! through its `Caller` already gets nothing more, an event stream (or an `http:Response`
//! carrying one) is written as it is produced (`sse.rs`), the commonest plain results are
//! encoded in Rust (`wire.rs`), and the rest by the listener's `respondWith`.

use super::dispatch::{HttpService, State};
use crate::http::server::Response;
use bytes::Bytes;
use intc_runtime::{NativeContext, Panic, Value};
use std::any::Any;

impl HttpService {
    /// The response for a job's result (see [`Service::respond`]).
    pub(super) fn answer(
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
                crate::report_panic(ctx, panic);
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
                crate::report_panic(ctx, &panic);
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
        // Server-sent events (a stream, or an `http:Response` carrying one) are written as
        // they are produced (`sse.rs`).
        if let Some(events) = super::sse::events_of(ctx, &self.listener, &value) {
            return super::sse::respond(ctx, &self.listener, &self.native.streams, events);
        }
        if let Some(response) = super::wire::plain_response(ctx, &value, state.post) {
            return response;
        }
        if let Some(response) = super::wire::response_object(ctx, &value) {
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
